"""The rough edges a researcher met (issue 24): files that open cleanly in Excel and QGIS, one-line
errors for a missing extra, "did you mean" on the command line, review files without offsets."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

import osint
from osint.cli import main
from osint.places.review import apply_review, read_review
from osint.render import exports
from osint.render.tables import geocoding_html, geocoding_table

KML = "{http://www.opengis.net/kml/2.2}"
TEXT = ("Officials flew from Moscow to Pyongyang. Kim's envoy said \"soon\" & left for Oryol. "
        "Later they met in Moscow again, and then in Chongjin.")


@pytest.fixture(scope="module")
def places():
    return osint.geoparse(TEXT)


# ---------------------------------------------------------------------- spreadsheets and GIS


def test_a_csv_file_starts_with_a_byte_order_mark_and_reads_back(tmp_path, places):
    path = exports.export_csv(places, tmp_path / "p.csv", TEXT)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the file as UTF-8 only with it
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["start"] == "20" and [r["text"] for r in rows][:2] == ["Moscow", "Pyongyang"]
    assert pd.read_csv(path).columns[0] == "start"  # pandas strips the mark itself


def test_csv_on_standard_output_has_no_byte_order_mark(tmp_path, capsys):
    art = tmp_path / "a.txt"
    art.write_text("From Moscow to Or\u00ebl.\n", encoding="utf-8")
    assert main(["geoparse", str(art), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("id,start,") and "\ufeff" not in out
    assert main(["geoparse", str(art), "-o", str(tmp_path / "p.csv")]) == 0
    assert (tmp_path / "p.csv").read_text("utf-8").startswith("\ufeffid,start,")


def test_xlsx_export_keeps_text_as_text(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    text = "=HYPERLINK(\"http://x\") troops reached Or\u00ebl and Pyongyang.\x07"
    art = tmp_path / "a.txt"
    art.write_text(text, encoding="utf-8")
    assert main(["export", str(art), "-o", str(tmp_path / "p.xlsx")]) == 0
    ws = openpyxl.load_workbook(tmp_path / "p.xlsx").active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    head = rows[0]
    assert head[:3] == ["start", "end", "text"]
    cells = [c for r in ws.iter_rows(min_row=2) for c in r]
    assert all(c.data_type != "f" for c in cells)  # no cell runs as a formula
    by_text = {r[head.index("text")]: r for r in rows[1:]}
    assert isinstance(by_text["Pyongyang"][head.index("lat")], float)
    sentence = by_text["Pyongyang"][head.index("sentence")]
    assert sentence.startswith("=HYPERLINK") and "\x07" not in sentence


def test_xlsx_without_openpyxl_is_one_line_naming_the_extra(tmp_path, monkeypatch, capsys):
    import sys

    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl raises ImportError
    art = tmp_path / "a.txt"
    art.write_text("Troops reached Pyongyang.", encoding="utf-8")
    assert main(["export", str(art), "-o", str(tmp_path / "p.xlsx")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "osint-workbench[xlsx]" in err[0] and "openpyxl" in err[0]
    assert not (tmp_path / "p.xlsx").exists()


def test_kml_descriptions_are_escaped_exactly_once(places):
    root = ET.fromstring(exports.places_kml(places, text=TEXT).encode())
    descs = {m.findtext(f"{KML}name"): m.findtext(f"{KML}description")
             for m in root.iter(f"{KML}Placemark")}
    oryol = next(d for n, d in descs.items() if "Or" in n)
    # What QGIS shows (the parsed text): the apostrophe and the quotes as written, '&' once escaped
    # for the HTML Google Earth renders; no character reference left over.
    assert "Kim's envoy said \"soon\" &amp; left" in oryol
    assert "&#x27;" not in oryol and "&quot;" not in oryol and "&amp;amp;" not in oryol


def test_a_relocated_place_keeps_a_feature_type(tmp_path, places):
    s = TEXT.index("Moscow")
    c = TEXT.index("Chongjin")
    review = tmp_path / "r.csv"
    review.write_text(
        "start,end,action,name,lat,lon,note,analyst,date,feature\n"
        # the same place, its point put right: the machine's feature and country stay
        f"{s},{s + 6},relocate,Moscow,55.7558,37.6173,Red Square,A,2026-12-01,\n"
        # another place: the feature the analyst gives
        f"{c},{c + 8},relocate,Chongjin port,41.76,129.82,the port,A,2026-12-01,port\n", encoding="utf-8")
    done = apply_review(places, TEXT, review).places
    first = done[done["start"] == s].iloc[0]
    assert (first["feature"], first["country_code"], first["lat"]) == ("capital", "RU", 55.7558)
    port = done[done["start"] == c].iloc[0]
    assert (port["name"], port["feature"]) == ("Chongjin port", "port")
    gj = exports.places_geojson(done, TEXT)
    feats = {f["properties"]["name"]: f["properties"] for f in gj["features"]}
    assert feats["Chongjin port"]["feature"] == "port"


def test_no_nan_reaches_a_table(places):
    # A table read back from a file has NaN where a cell was empty (a relocated place's country).
    buf = io.StringIO()
    exports.write_csv(places.assign(country_code=[None, "KP", "", None, "KP"][: len(places)]), buf)
    back = pd.read_csv(io.StringIO(buf.getvalue()))
    table = geocoding_table(back)
    cells = [str(v) for v in table.drop(columns=["lat", "lon", "confidence", "confidence_min"]).to_numpy()
             .ravel()]
    assert "nan" not in cells and "None" not in cells
    page = str(geocoding_html(back, TEXT))
    assert ">nan<" not in page and " nan " not in page and "nan \u00b7" not in page


ORGS = ("Ankit Panda of the Carnegie Endowment for International Peace said so. Protesters gathered "
        "outside the White House on Monday. A researcher at the James Martin Center for Nonproliferation "
        "Studies agreed. Troops marched in Pyongyang.")


def test_the_exports_keep_organisations_off_as_the_map_does(tmp_path, capsys):
    # A think tank named for its people is no place; the White House, where protesters gathered, is.
    art = tmp_path / "orgs.txt"
    art.write_text(ORGS, encoding="utf-8")
    out = {fmt: tmp_path / f"p.{fmt}" for fmt in ("geojson", "kml", "csv")}
    for path in out.values():
        assert main(["export", str(art), "-o", str(path)]) == 0
    m = osint.place_map(osint.geoparse(ORGS), text=ORGS)
    osint.render.map_html(m)
    drawn = {i.name: i.key for i in m.osint_markers}
    assert set(drawn) == {"White House", "Pyongyang"}  # the article's spelling labels the markers
    gj = json.loads(out["geojson"].read_text("utf-8"))
    assert {f"{f['properties']['source']}:{f['properties']['source_id']}" for f in gj["features"]} == \
        set(drawn.values())
    root = ET.fromstring(out["kml"].read_bytes())
    placemarks = {pm.find(f"{KML}name").text for pm in root.iter(f"{KML}Placemark")}
    assert placemarks == {"the White House", "Pyongyang"}
    assert "Carnegie Endowment" in root.find(f"{KML}Document/{KML}description").text  # said, not dropped
    with open(out["csv"], newline="", encoding="utf-8-sig") as fh:
        rows = {r["text"]: r for r in csv.DictReader(fh)}
    # Every mention stays in the spreadsheet; an organisation kept off has no coordinates, and says why.
    carnegie = rows["Carnegie Endowment for International Peace"]
    assert carnegie["lat"] == carnegie["lon"] == "" and "kept off the map" in carnegie["reason"]
    assert rows["White House"]["lat"] and "kept off" not in rows["White House"]["reason"]
    assert rows["Pyongyang"]["lat"]
    if importlib.util.find_spec("openpyxl"):
        import openpyxl

        assert main(["export", str(art), "-o", str(tmp_path / "p.xlsx")]) == 0
        ws = openpyxl.load_workbook(tmp_path / "p.xlsx").active
        table = [[c.value for c in r] for r in ws.iter_rows()]
        head = table[0]
        sheet = {r[head.index("text")]: r for r in table[1:]}
        assert sheet["Carnegie Endowment for International Peace"][head.index("lat")] is None
        assert sheet["White House"][head.index("lat")] is not None


# ---------------------------------------------------------------------- review files


def test_a_review_row_may_name_its_mention_by_text_and_occurrence(tmp_path, places):
    review = tmp_path / "r.csv"
    review.write_text(
        "text,occurrence,action,name,lat,lon,note,analyst,date\n"
        "Moscow,2,relocate,\"Moscow, Idaho\",46.73239,-117.00017,the second one,A,2026-12-01\n"
        "Chongjin,,reject,,,,not a place here,A,2026-12-01\n"
        "Moscow,3,reject,,,,,A,\n"
        "Seoul,,reject,,,,,A,\n", encoding="utf-8")
    done = apply_review(places, TEXT, review)
    second = TEXT.index("Moscow", TEXT.index("Moscow") + 1)
    rows = {int(r.start): r for r in done.places.itertuples()}
    assert rows[second].name == "Moscow, Idaho" and rows[TEXT.index("Moscow")].name == "Moscow"
    assert rows[TEXT.index("Chongjin")].kind == "rejected"
    assert len(done.applied) == 2
    why = [w for _, w in done.stale]
    assert why == ["the text writes 'Moscow' 2 time(s), not 3", "the text never writes 'Seoul'"]
    assert "'Moscow' #3" in done.stale_lines()[0]


@pytest.mark.parametrize(("body", "message"), [
    ("text,action,name,lat,lon,note,analyst,date\n,reject,,,,,A,\n", "or the mention's text"),
    ("text,occurrence,action,name,lat,lon,note,analyst,date\nMoscow,0,reject,,,,,A,\n", "from 1"),
    ("action,name,lat,lon,note,analyst,date\nreject,,,,,A,\n", "missing columns start, end"),
])
def test_a_review_row_without_span_or_text_is_refused(tmp_path, body, message):
    p = tmp_path / "r.csv"
    p.write_text(body, encoding="utf-8")
    with pytest.raises(osint.errors.InputError, match=message):
        read_review(p)


# ---------------------------------------------------------------------- the command line


def test_report_without_the_notebooks_extra_is_one_line(tmp_path, monkeypatch, capsys):
    import sys

    monkeypatch.setitem(sys.modules, "nbformat", None)  # as after a plain `pip install .`
    out = tmp_path / "r"
    assert main(["report", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "nbformat" in err[0] and 'osint-workbench[notebooks]' in err[0] and "Traceback" not in err[0]
    assert not out.exists()


@pytest.mark.parametrize(("argv", "hint"), [
    (["mpa", "a.txt"], "did you mean 'map'?"),
    (["map", "a.txt", "-o", "m.html", "--gazeteer", "g.csv"], "did you mean --gazetteer?"),
    (["crossref", "a.txt", "--evidance", "e.csv"], "did you mean --evidence?"),
    (["geoparse", "a.txt", "--format", "cvs"], "did you mean 'csv'?"),
])
def test_a_mistyped_command_option_or_choice_gets_did_you_mean(argv, hint, capsys):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert hint in err.strip().splitlines()[-1], err


def test_nothing_close_gets_no_suggestion(capsys):
    with pytest.raises(SystemExit):
        main(["map", "a.txt", "-o", "m.html", "--zzzzzzzz"])
    assert "did you mean" not in capsys.readouterr().err


def test_a_mistyped_place_for_sun_gets_a_suggestion(capsys):
    assert main(["sun", "--place", "Kim Il Sung Sqare", "--at", "2023-07-27T21:16+09:00"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "did you mean 'Kim Il Sung Square'" in err[0] and "--lat" in err[0]


def test_report_accepts_gazetteer_and_home(capsys):
    from osint.cli.main import build_parser

    args = build_parser().parse_args(["report", "--gazetteer", "g.csv", "--home", "KP", "--review", "r.csv"])
    assert (args.gazetteer, args.home, args.review) == (["g.csv"], "KP", "r.csv")


# ---------------------------------------------------------------------- JupyterLab and the README


def test_jupyterlab_lists_the_notebooks_but_not_their_twins(tmp_path):
    import json
    import shutil

    from traitlets.config import Config

    jupyter_server = pytest.importorskip("jupyter_server.services.contents.largefilemanager")
    from osint.paths import PROJ_ROOT

    for p in (PROJ_ROOT / "notebooks").iterdir():
        if p.is_file():
            shutil.copy2(p, tmp_path / p.name)
    config = Config(json.loads((PROJ_ROOT / ".jupyter" / "jupyter_server_config.json").read_text("utf-8")))
    cm = jupyter_server.LargeFileManager(config=config, root_dir=str(tmp_path))
    listed = sorted(c["name"] for c in cm.get("", content=True)["content"])
    assert {"01-article.ipynb", "02-places-map.ipynb"} <= set(listed)
    assert not [n for n in listed if n.endswith(".py")], listed
    # `make lab` points Jupyter at that configuration.
    assert 'JUPYTER_CONFIG_PATH="$(CURDIR)/.jupyter' in (PROJ_ROOT / "Makefile").read_text("utf-8")


def test_the_readme_says_how_long_the_tests_take_and_what_shared_holds():
    from osint.paths import PROJ_ROOT

    readme = (PROJ_ROOT / "README.md").read_text("utf-8")
    assert "make test-fast" in readme and "minutes" in readme
    shared = readme[readme.index("`../shared`, a folder"):][:1200]
    assert "seed" in shared and "eval" in shared and "GPL" in shared


def test_a_notebook_opens_unmodified(tmp_path):
    """JupyterLab writes the kernel's ``language_info`` into a notebook when its kernel connects, and a
    value that differs marks the notebook modified: the committed notebooks carry it as ipykernel
    reports it (the patch version is the project's Python's), and opening and saving one through
    jupytext's contents manager changes no byte of it or of its .py twin."""
    import json
    import shutil

    ipkernel = pytest.importorskip("ipykernel.ipkernel")
    contents = pytest.importorskip("jupytext.sync_contentsmanager")
    from jupyter_server.services.contents.largefilemanager import LargeFileManager

    from osint.paths import PROJ_ROOT

    kernel = dict(ipkernel.IPythonKernel.language_info)
    for p in sorted((PROJ_ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        info = json.loads(p.read_text("utf-8"))["metadata"].get("language_info")
        assert info is not None, f"{p.name} has no language_info: JupyterLab opens it as modified"
        assert {k: v for k, v in info.items() if k != "version"} == {
            k: v for k, v in kernel.items() if k != "version"}, p.name
        assert info["version"].startswith("3."), p.name
    for p in (PROJ_ROOT / "notebooks").iterdir():
        if p.is_file():
            shutil.copy2(p, tmp_path / p.name)
    manager = contents.build_sync_jupytext_contents_manager_class(LargeFileManager)(root_dir=str(tmp_path))
    before = {p.name: p.read_bytes() for p in tmp_path.glob("01-article.*")}
    manager.save(manager.get("01-article.ipynb"), "01-article.ipynb")
    assert {p.name: p.read_bytes() for p in tmp_path.glob("01-article.*")} == before


def test_an_unknown_option_shows_the_subcommands_usage(capsys):
    with pytest.raises(SystemExit):
        main(["map", "a.txt", "-o", "m.html", "--gazeteer", "g.csv"])
    err = capsys.readouterr().err
    assert err.startswith("usage: osint map ") and "osint map: error: unrecognized arguments" in err
