"""The workbook: notebooks paired and clean, every one executing offline, the report they make."""

from __future__ import annotations

import html
import json
import re

import pytest
from conftest import ROOT, hostile_text

import osint
from osint import workbook as report
from osint.errors import InputError
from osint.render import tables

NOTEBOOKS = ROOT / "notebooks"


def _numbered():
    return report.find_notebooks(NOTEBOOKS)


def test_notebooks_are_paired_and_committed_without_outputs():
    import jupytext

    stems = {p.stem for p in NOTEBOOKS.glob("[0-9][0-9]-*.py")}
    assert {"01-article", "02-places-map"} <= stems
    for stem in stems:
        ipynb = NOTEBOOKS / f"{stem}.ipynb"
        assert ipynb.exists(), f"{stem}.py has no paired .ipynb (run jupytext --sync)"
        nb = json.loads(ipynb.read_text("utf-8"))
        assert all(not c.get("outputs") and not c.get("execution_count")
                   for c in nb["cells"] if c["cell_type"] == "code"), f"{ipynb.name} has outputs"
        py = jupytext.read(NOTEBOOKS / f"{stem}.py")
        assert [c["source"] for c in py.cells] == [
            c["source"] if isinstance(c["source"], str) else "".join(c["source"]) for c in nb["cells"]
        ], f"{stem}: .py and .ipynb differ (run jupytext --sync)"
        params = [c for c in py.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(params) == 1 and "ARTICLE =" in params[0].source and "ONLINE = False" in params[0].source
        assert 'PUBLISHED = ""' in params[0].source
        # papermill needs the kernel named in the notebook (issue 14: 03 had none).
        assert nb["metadata"]["kernelspec"]["name"] == "python3", stem
        assert py.metadata["kernelspec"]["name"] == "python3", stem


def test_find_notebooks_prefers_py_and_orders(tmp_path):
    for name in ("02-b.ipynb", "02-b.py", "01-a.ipynb", "10-z.py", "notes.py", "1-x.py", "03-c.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    assert [p.name for p in report.find_notebooks(tmp_path)] == ["01-a.ipynb", "02-b.py", "10-z.py"]


def test_inject_parameters_after_the_parameters_cell():
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("intro"),
        nbformat.v4.new_code_cell("ARTICLE = 'a'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("print(ARTICLE)"),
    ])
    report.inject_parameters(nb, {"ARTICLE": "/x/y.txt", "ONLINE": False})
    report.inject_parameters(nb, {"ARTICLE": "/x/z.txt", "ONLINE": False})  # replaces, not stacks
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    assert tags == [[], ["parameters"], ["injected-parameters"], []]
    assert 'ARTICLE = "/x/z.txt"' in nb.cells[2].source and "ONLINE = False" in nb.cells[2].source


def test_resolve_article(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    seed = (ROOT / "seeds" / "000_908df4e159e4c100.txt").resolve()
    assert report.resolve_article("seeds/000_908df4e159e4c100.txt") == seed  # from the project root
    assert report.resolve_article(str(seed)) == seed
    (tmp_path / "here.txt").write_text("Pyongyang.\n", encoding="utf-8")
    assert report.resolve_article("here.txt") == (tmp_path / "here.txt").resolve()  # current folder first
    # Nothing else: a mistyped folder is an error naming the path, not the seed of the same name.
    for wrong in ("typo-folder/000_908df4e159e4c100.txt", "000_908df4e159e4c100.txt",
                  "../seeds/000_908df4e159e4c100.txt", str(tmp_path / "nope.txt")):
        with pytest.raises(InputError, match="no such file") as err:
            report.resolve_article(wrong)
        assert wrong in str(err.value)


def test_sentences_html_marks_a_span_across_a_sentence_boundary():
    text = "We met in Pyongyang. Then <b>Moscow</b>. Nothing here. End."
    crossing = (text.index("Pyongyang"), text.index("Then") + 4, "place")
    page = tables.sentences_html(text, [crossing, (text.index("Moscow"), text.index("Moscow") + 6, "place")])
    items = re.findall(r"<li>(.*?)</li>", page)
    assert len(items) == 2  # the unmarked sentences are left out
    assert re.search(r"<mark[^>]*>Pyongyang\.</mark>", items[0])
    assert re.search(r"<mark[^>]*>Then</mark> &lt;b&gt;<mark[^>]*>Moscow</mark>&lt;/b&gt;\.", items[1])
    # A span over three sentences marks the middle one whole.
    three = tables.sentences_html(text, [(text.index("Then"), text.index("End"), "event")])
    assert re.search(r"<li><mark[^>]*>Nothing here\.</mark></li>", three)


@pytest.mark.parametrize("out, message", [
    ("FILE", "output is not a folder"),
    ("FILE/sub", "cannot create the output folder"),
    ("/proc/osint-report-test", "cannot create the output folder"),
])
def test_report_bad_output_is_one_line(tmp_path, capsys, out, message):
    from osint.cli import main

    (tmp_path / "file").write_text("x", encoding="utf-8")
    before = sorted(tmp_path.rglob("*"))
    assert main(["report", "--out", out.replace("FILE", str(tmp_path / "file"))]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("osint: error:") and message in err[0], err
    assert sorted(tmp_path.rglob("*")) == before


def test_report_checks_everything_before_creating_the_output(tmp_path, capsys):
    from osint.cli import main

    out = tmp_path / "new" / "reports"
    assert main(["report", "--out", str(out), "--notebooks", str(tmp_path / "none")]) == 2
    assert main(["report", "--out", str(out), "--article", "typo-folder/000_908df4e159e4c100.txt"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "notebooks folder not found" in err[0] and "typo-folder" in err[1]
    assert not (tmp_path / "new").exists()
    # A malformed review file, given or beside the article, is one line before any notebook runs.
    bad = tmp_path / "bad.review.csv"
    bad.write_text("action,start\nreject,1\n", encoding="utf-8")
    article = tmp_path / "story.txt"
    article.write_text("Troops marched in Nairobi.\n", encoding="utf-8")
    assert main(["report", "--out", str(out), "--article", str(article), "--review", str(bad)]) == 2
    (tmp_path / "story.review.csv").write_text("action,start\nreject,1\n", encoding="utf-8")
    assert main(["report", "--out", str(out), "--article", str(article)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all("missing columns" in line for line in err)
    assert not (tmp_path / "new").exists()


def test_article_distances_come_from_the_article(seed_places):
    from osint.render.tables import NEARBY_NOTE, article_distances, distance_table, geodesic_km

    seed = article_distances(seed_places)
    pairs = {(a, b): (km, note) for a, b, km, note in zip(seed["from"], seed["to"], seed["km"], seed["note"])}
    for city in ("Vladivostok", "Moscow", "Beijing", "Seoul"):
        assert ("Pyongyang", city) in pairs, city
    # Pyongyang-Seoul is about 195 km (the two capitals' coordinates, WGS84).
    assert 185 < pairs[("Pyongyang", "Seoul")][0] < 205
    # The article names the square, not Mirim: Mirim is added as the nearby parade ground.
    assert "Mirim" not in " ".join(seed_places["text"])
    km, note = pairs[("Kim Il Sung Square", "Mirim parade training ground")]
    assert note == NEARBY_NOTE and 5 < km < 12
    assert not any(n in set(seed["from"]) | set(seed["to"]) for n in ("North Korea", "Russia", "Europe"))
    # Another article: its own places, none of the seed's.
    text = "Officials in Seoul met envoys from Busan. Seoul said talks in Busan and Incheon would go on."
    import osint

    other = article_distances(osint.geoparse(text))
    assert set(other["from"]) == {"Seoul"} and {"Busan", "Incheon"} <= set(other["to"])
    assert not {"Pyongyang", "Vladivostok", "Kim Il Sung Square", "Mirim parade training ground"} \
        & (set(other["from"]) | set(other["to"]))
    # One distance method: names and records give the same geodesic figure.
    by_name = distance_table([("Pyongyang", "Seoul")])
    assert by_name["km"][0] == round(geodesic_km(*[(e.lat, e.lon) for e in
                                                   (osint.load_gazetteer().lookup(n)[0]
                                                    for n in ("Pyongyang", "Seoul"))]), 1)


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory):
    """The whole report, run once: every numbered notebook executed offline."""
    out = tmp_path_factory.mktemp("reports")
    written = report.run_report(out=out, progress=False)
    return out, written


@pytest.mark.slow
def test_every_notebook_executes_and_exports_without_code(report_dir):
    out, written = report_dir
    stems = [p.stem for p in _numbered()]
    assert stems and set(stems) <= set(written)
    for stem in stems:
        page = (out / f"{stem}.html").read_text("utf-8")
        # No code cell's source shows (the longest line of each stands for it).
        for cell in report.read_notebook(NOTEBOOKS / f"{stem}.py").cells:
            lines = [ln for ln in cell.source.splitlines() if len(ln) > 25 and not ln.startswith("#")]
            if cell.cell_type == "code" and lines:
                longest = max(lines, key=len)
                assert html.escape(longest, quote=False) not in page, f"{stem} shows code: {longest}"
        assert not re.search(r'<script[^>]+src=["\']?https?:', page), f"{stem} loads a script"
        assert not re.search(r'<link[^>]+href=["\']?https?:', page), f"{stem} loads a stylesheet"
    # The maps embedded in the workbook's pages (iframe srcdoc) load nothing either:
    # every notebook draws its maps with osint.maps (place_map or base_map).
    for stem in stems:
        inner = html.unescape((out / f"{stem}.html").read_text("utf-8"))
        assert not re.search(r'<(script|link)[^>]+(src|href)=["\']?https?:', inner), stem
    p01 = (out / "01-article.html").read_text("utf-8")
    assert "Sergei Shoigu" in p01 and "Kim Il Sung Square" in p01 and "2023-07-27" in p01
    assert "<mark" in p01
    p02 = (out / "02-places-map.html").read_text("utf-8")
    assert "Mirim parade training ground" in p02 and "image/png" in p02  # distance table, figure
    assert "srcdoc=" in p02  # the map, inline


@pytest.mark.slow
def test_report_writes_map_and_tables(report_dir):
    out, _ = report_dir
    for name in ("map.html", "map.png", "map.pdf", "places.csv", "places.geojson", "places.kml"):
        assert (out / name).stat().st_size > 0, name
    page = (out / "map.html").read_text("utf-8")
    assert "Leaflet 1.9.3" in page and "Kim Il Sung Square" in page


@pytest.mark.slow
def test_every_report_carries_the_articles_hash_and_the_prov_record_reads_back(report_dir):
    # Issue 15: the article's SHA-256 in every HTML report and in the PROV file, which prov reads.
    import hashlib

    from prov.model import ProvDocument

    from osint.paths import PROJ_ROOT

    out, written = report_dir
    digest = hashlib.sha256((PROJ_ROOT / report.DEFAULT_ARTICLE).read_bytes()).hexdigest()
    for page in sorted(out.glob("*.html")):
        text = page.read_text("utf-8")
        assert digest in text, page.name
    stems = [p.stem for p in _numbered()]
    for stem in stems:
        assert "Methodology and provenance" in (out / f"{stem}.html").read_text("utf-8")
    prov_text = (out / "provenance.json").read_text("utf-8")
    doc = ProvDocument.deserialize(content=prov_text, format="json")
    ids = {str(r.identifier) for r in doc.get_records() if r.identifier is not None}
    assert any(i.endswith(digest) for i in ids)
    # Every page the report wrote is an entity the run generated, by its own hash.
    page_hash = hashlib.sha256((out / "map.html").read_bytes()).hexdigest()
    assert any(i.endswith(page_hash) for i in ids)
    assert "provenance" in written


@pytest.mark.slow
def test_every_claim_site_of_the_seed_is_on_the_main_map(report_dir, seed_article):
    # Issue 14: the Mirim parade training ground, the site of the SAR claim, was not on map.html.

    out, _ = report_dir
    page = (out / "map.html").read_text("utf-8")
    sites = {s.name for c in osint.find_claims(seed_article).imagery for s in c.sites}
    assert sites == {"Kim Il Sung Square", "Mirim parade training ground"}
    for name in sites:
        assert f'data-claim=\\"{name}\\"' in page or f'data-claim="{name}"' in page, name
    assert "Claim sites (2)" in page


def _visible_text(page: str) -> str:
    """What a reader of a report page sees: tags, scripts and styles out, maps' popups in."""
    inner = html.unescape(page)  # the maps' pages (iframe srcdoc) too
    strings = re.findall(r'"((?:[^"\\\n]|\\.)*)"', inner)  # popups, labels, legends in scripts
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", inner, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text + " " + " ".join(strings))


def _no_none_and_no_local_paths(out, where):
    from osint.paths import PROJ_ROOT

    for f in sorted(out.iterdir()):
        if f.suffix not in (".html", ".csv", ".geojson", ".kml"):
            continue
        raw = f.read_text("utf-8")
        seen = _visible_text(raw) if f.suffix == ".html" else raw
        assert not re.search(r"\bNone\b", seen), (f.name, re.search(r".{60}\bNone\b.{20}", seen))
        assert not re.search(r"\bNaN\b", seen), f.name
        for local in {str(PROJ_ROOT), str(where), str(out), "/home/", "/root/"}:
            assert local not in raw, (f.name, local)


@pytest.mark.slow
def test_no_none_and_no_absolute_path_in_any_report(report_dir, tmp_path):
    # Issue 14: 01 printed the article's absolute path; an article without a sidecar showed
    # "published None" and "None..None" windows. The seed's report, and an undated article's.
    out, _ = report_dir
    _no_none_and_no_local_paths(out, ROOT)
    art = tmp_path / "in" / "andes-undated.txt"
    art.parent.mkdir()
    art.write_bytes((ROOT / "tests" / "fixtures" / "articles" / "andes-undated.txt").read_bytes())
    undated = tmp_path / "out"
    report.run_report(art, undated, progress=False)
    _no_none_and_no_local_paths(undated, art.parent)
    for stem in ("01-article", "02-places-map", "03-imagery-claims"):
        page = (undated / f"{stem}.html").read_text("utf-8")
        # Said once, with what it costs and how to give it.
        assert page.count("Publication date unknown") == 1, stem
        assert "andes-undated.json" in page and "--published" in page
    p03 = (undated / "03-imagery-claims.html").read_text("utf-8")
    assert "time window unknown" in p03


@pytest.mark.slow
@pytest.mark.parametrize("stem", ["01-article", "02-places-map", "03-imagery-claims"])
def test_papermill_runs_each_notebook_on_another_article(tmp_path, monkeypatch, stem):
    # Issue 14: papermill failed on 03 (no kernelspec). Each notebook runs under papermill with
    # parameters, on an article from another region; the path resolves from the project root.
    import papermill

    monkeypatch.chdir(tmp_path)
    out = tmp_path / f"{stem}.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / f"{stem}.ipynb"), str(out), cwd=str(tmp_path),
                               parameters={"ARTICLE": "tests/fixtures/articles/darfur.txt", "ONLINE": False},
                               progress_bar=False, log_output=False)
    nb = json.loads(out.read_text("utf-8"))
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    shown = json.dumps(outputs)
    assert "El Fasher" in shown
    assert "Pyongyang" not in shown and "Shoigu" not in shown  # nothing of the seed
    assert "injected-parameters" in json.dumps([c["metadata"] for c in nb["cells"]])
    if stem == "03-imagery-claims":
        assert "Maxar" in shown and "2024-05-07 to 2024-05-14" in shown  # "the past week": 7 days


@pytest.mark.slow
def test_report_online_passes_online_to_the_notebooks_and_warns_once(tmp_path, monkeypatch, capsys):
    # osint report --online: ONLINE = True in every notebook, the map geocoded online; a failing
    # geocoder is one line on standard error, and the offline places stay.
    import nbformat
    from servers import Reply, Server

    from osint.cli import main

    nbs = tmp_path / "nbs"
    nbs.mkdir()
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell('ARTICLE = ""\nONLINE = False\nPUBLISHED = ""',
                                  metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell('print(f"online={ONLINE} published={PUBLISHED}")'),
    ])
    nbformat.write(nb, nbs / "01-probe.ipynb")
    art = tmp_path / "a.txt"
    art.write_text("Troops trained in Hoechang County, north of Pyongyang.\n", encoding="utf-8")
    with Server({"/search": Reply(b"", 503)}) as busy:
        monkeypatch.setenv("OSINT_NOMINATIM_URL", busy.url)
        monkeypatch.setenv("OSINT_USER_AGENT", "osint-workbench-tests/1.0 (tests@example.org)")
        monkeypatch.setenv("OSINT_CACHE_DIR", str(tmp_path / "cache"))
        monkeypatch.setenv("OSINT_GEOCODER_RETRIES", "0")
        monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
        monkeypatch.delenv("OSINT_GEOCODER", raising=False)
        code = main(["report", "--online", "--published", "2024-05-14", "--article", str(art),
                     "--notebooks", str(nbs), "--out", str(tmp_path / "out")])
    assert code == 0
    err = [ln for ln in capsys.readouterr().err.splitlines() if not ln.startswith("osint report:")]
    assert len(err) == 1 and err[0].startswith("osint: warning:") and "503" in err[0], err
    page = (tmp_path / "out" / "01-probe.html").read_text("utf-8")
    assert "online=True published=2024-05-14" in page
    assert "Pyongyang" in (tmp_path / "out" / "map.html").read_text("utf-8")


@pytest.mark.slow
def test_notebook_01_on_another_article_escapes_it(tmp_path):
    art = tmp_path / "other.txt"
    art.write_text(hostile_text(), encoding="utf-8")
    nb = report.inject_parameters(report.read_notebook(NOTEBOOKS / "01-article.py"),
                                  {"ARTICLE": str(art), "ONLINE": False})
    report.execute_notebook(nb, cwd=NOTEBOOKS, name="01-article.py")
    page = report.notebook_html(nb)
    assert "Pyongyang" in page
    assert "<script>document.documentElement" not in page
    assert "<img src=x" not in page and "<svg onload" not in page
    assert "&lt;script&gt;document.documentElement" in page


@pytest.mark.slow
def test_notebook_02_on_another_article_uses_its_places(tmp_path):
    art = tmp_path / "other.txt"
    art.write_text(hostile_text(), encoding="utf-8")
    nb = report.inject_parameters(report.read_notebook(NOTEBOOKS / "02-places-map.py"),
                                  {"ARTICLE": str(art), "ONLINE": False})
    report.execute_notebook(nb, cwd=NOTEBOOKS, name="02-places-map.py")
    page = report.notebook_html(nb)
    # The article names Pyongyang, Moscow and the square; nothing of the seed's own list (the
    # map's offline ground, which names the towns around the story, left out).
    story = re.sub(r"var levels = .*?, pane = ", "", page, flags=re.S)
    assert "Vladivostok" not in story and "Beijing" not in story
    assert "Mirim parade training ground" in page and "not named in the article" in page
    assert "<script>document.documentElement" not in page and "<img src=x" not in page


def _tiny(*sources: str):
    import nbformat

    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


@pytest.mark.slow
def test_notebooks_share_one_kernel_but_not_their_names(tmp_path):
    """The report runs its notebooks in one kernel: each starts with an empty namespace (as in
    a kernel of its own) while the modules stay loaded; a failing notebook does not stop the
    next; every page keeps its own cells (the reset between them is not written into one)."""
    import os

    first = _tiny("import os, sys\nleft_over = 1\nsys._osint_kernel = os.getpid()", "print(os.getpid())")
    failing = _tiny("print('half')", "1 / 0", "print('never')")
    last = _tiny("import sys\nprint(sys._osint_kernel, 'left_over' in dir())")
    done = []
    errors = report.execute_notebooks([("a.ipynb", first), ("b.ipynb", failing), ("c.ipynb", last)],
                                      cwd=tmp_path, on_done=lambda name, nb, err: done.append(name))
    assert done == ["a.ipynb", "b.ipynb", "c.ipynb"]
    assert errors[0] is None and errors[2] is None
    assert isinstance(errors[1], report.NotebookError) and "ZeroDivisionError" in str(errors[1])
    pid = first.cells[1].outputs[0]["text"].strip()
    assert pid != str(os.getpid())
    assert last.cells[0].outputs[0]["text"].split() == [pid, "False"]  # same kernel, clean namespace
    assert first.cells[0].source.startswith("import os, sys")  # not the reset written over it
    assert failing.cells[0].outputs[0]["text"] == "half\n" and not failing.cells[2].outputs


def test_notebook_libraries_load_without_the_iri_grammars():
    """nbformat loads jsonschema; rfc3987_syntax (its "iri" check, some forty grammars compiled
    on import) stays out of the report's process, and can still be imported afterwards."""
    import subprocess
    import sys

    code = ("import sys; from osint.workbook import import_notebook_libraries; import_notebook_libraries(); "
            "print('jsonschema' in sys.modules, 'rfc3987_syntax' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["True", "False"]


@pytest.mark.slow
def test_notebooks_given_late_run_after_the_warmup_without_its_names(tmp_path):
    """The report hands its notebooks over once the analysis is saved, while the kernel has
    already started and imported (the warm-up); the first notebook still starts clean."""
    nb = _tiny("print('warm' in dir(), 'json' in __import__('sys').modules)")
    calls = []

    def ready():
        calls.append(1)
        return [("late.ipynb", nb)]

    errors = report.execute_notebooks(ready, cwd=tmp_path, warmup="import json\nwarm = 1")
    assert errors == [None] and calls == [1]
    assert nb.cells[0].outputs[0]["text"].split() == ["False", "True"]  # names cleared, modules kept
