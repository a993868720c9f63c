"""Analyst review files: accept, reject, relocate, add; stale rows reported, never applied."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import osint
from osint.errors import InputError
from osint.places.review import apply_review, read_review, review_queue, review_template

TEXT = ("Crews worked in Springfield after the storm. Officials in Jordan said the depot was hit. "
        "Later, trucks reached Qarqurah.")
HEADER = "start,end,action,name,lat,lon,note,analyst,date\n"


def _span(word: str) -> tuple[int, int]:
    i = TEXT.index(word)
    return i, i + len(word)


def _review(tmp_path, rows: list[str], name: str = "a.review.csv"):
    p = tmp_path / name
    p.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return p


def test_each_action_changes_the_table_and_says_who_and_why(tmp_path):
    s_sp, e_sp = _span("Springfield")
    s_jo, e_jo = _span("Jordan")
    s_qa, e_qa = _span("Qarqurah")
    p = _review(tmp_path, [
        # Springfield, Illinois (GeoNames 4250542: 39.80172 N, 89.64371 W).
        f"{s_sp},{e_sp},relocate,\"Springfield, Ill.\",39.80172,-89.64371,the state capital,"
        "A. Analyst,2026-11-30",
        f"{s_jo},{e_jo},reject,,,,a person's name here,A. Analyst,2026-11-30",
        f"{s_qa},{e_qa},add,Qarqurah Air Base,34.1,38.2,missed,B. Analyst,2026-12-01",
    ])
    df = osint.geoparse(TEXT)
    done = apply_review(df, TEXT, p)
    assert done.stale == [] and len(done.applied) == 3
    rows = {r.text: r for r in done.places.itertuples()}
    sp = rows["Springfield"]
    assert (sp.name, sp.lat, sp.source, sp.confidence) == ("Springfield, Ill.", 39.80172, "analyst", 1.0)
    assert "relocated to Springfield, Ill." in sp.analyst_note and "A. Analyst" in sp.analyst_note
    assert "the state capital" in sp.reason
    jo = rows["Jordan"]
    assert jo.kind == "rejected" and jo.lat != jo.lat and "a person's name here" in jo.analyst_note
    qa = rows["Qarqurah"]
    assert (qa.analyst_action, qa.source, qa.lat) == ("add", "analyst", 34.1)
    assert list(done.places["start"]) == sorted(done.places["start"])


def test_stale_rows_are_reported_not_applied(tmp_path):
    s_sp, e_sp = _span("Springfield")
    p = _review(tmp_path, [
        f"{s_sp + 1},{e_sp},reject,,,,,A,",              # the span no longer holds a mention
        f"{s_sp},{e_sp + 40},relocate,X,1,2,,A,",         # nor this one
        "9000,9005,reject,,,,,A,",                       # past the end of the text
        f"{s_sp + 2},{s_sp + 5},add,X,1,2,,A,",          # cuts a word
    ])
    df = osint.geoparse(TEXT)
    done = apply_review(df, TEXT, p)
    assert done.applied == [] and len(done.stale) == 4
    assert done.places[["start", "name"]].equals(df[["start", "name"]])
    lines = done.stale_lines()
    assert all("not applied" in x for x in lines) and "row 2" in lines[0]


def test_an_optional_text_column_catches_a_changed_article(tmp_path):
    s, e = _span("Jordan")
    p = tmp_path / "r.csv"
    p.write_text(HEADER.strip() + ",text\n" + f"{s},{e},reject,,,,,A,,Amman\n", encoding="utf-8")
    done = apply_review(osint.geoparse(TEXT), TEXT, p)
    assert done.applied == [] and "reads 'Jordan', not 'Amman'" in done.stale[0][1]


@pytest.mark.parametrize(("row", "message"), [
    ("1,5,delete,,,,,A,", "not one of accept"),
    ("x,5,reject,,,,,A,", "whole numbers"),
    ("5,1,reject,,,,,A,", "empty or negative"),
    ("1,5,relocate,,1,2,,A,", "needs the place's name"),
    ("1,5,add,X,91,2,,A,", "out of range"),
    ("1,5,add,X,nan,2,,A,", "out of range"),
    ("1,5,reject,,,,,A,30/11/2026", "not YYYY-MM-DD"),
])
def test_malformed_review_rows_are_refused(tmp_path, row, message):
    with pytest.raises(InputError, match=message):
        read_review(_review(tmp_path, [row]))


def test_missing_columns_are_named(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("start,end,action\n1,2,reject\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing columns name, lat, lon"):
        read_review(p)


def test_an_articles_own_review_file_is_applied(tmp_path):
    art = tmp_path / "story.txt"
    art.write_text(TEXT, encoding="utf-8")
    s, e = _span("Jordan")
    _review(tmp_path, [f"{s},{e},reject,,,,a name,A,2026-11-30"], "story.review.csv")
    df = osint.geoparse(osint.load_article(art))
    assert df.set_index("text").loc["Jordan", "kind"] == "rejected"
    assert df.attrs["review"]["applied"] == 1
    assert "rejected" not in set(osint.geoparse(osint.load_article(art), review=False)["kind"])


def test_queue_and_template_round_trip(tmp_path):
    df = osint.geoparse(TEXT)
    q = review_queue(df)
    assert "Springfield" in set(q["text"])
    tpl = tmp_path / "t.csv"
    filled = review_template(df, TEXT).replace(",,Springfield", ",accept,Springfield", 1)
    tpl.write_text(filled, encoding="utf-8")
    rows = read_review(tpl)
    assert rows[0].action == "accept"
    done = apply_review(df, TEXT, tpl)
    assert not done.stale and "Springfield" not in set(review_queue(done.places)["text"])


def test_cli_review_option_and_stale_warning(tmp_path):
    art = tmp_path / "story.txt"
    art.write_text(TEXT, encoding="utf-8")
    s, e = _span("Jordan")
    rv = _review(tmp_path, [f"{s},{e},reject,,,,a name,A,2026-11-30", "1,3,reject,,,,,A,"], "mine.csv")
    out = subprocess.run([sys.executable, "-m", "osint.cli", "geoparse", str(art), "--review", str(rv)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    places = json.loads(out.stdout)["places"]
    assert [p["kind"] for p in places if p["text"] == "Jordan"] == ["rejected"]
    assert "row 3" in out.stderr and "not applied" in out.stderr


def test_a_review_changes_the_map_the_table_and_the_exports(tmp_path):
    # Issue 15: rejecting one mention and relocating another shows on the map, in the CSV and in
    # the GeoJSON and KML, with the analyst's note. (The relocation's coordinates are a test value.)
    from osint.paths import PROJ_ROOT

    seed = PROJ_ROOT / "seeds" / "000_908df4e159e4c100.txt"
    art = tmp_path / "story.txt"
    art.write_bytes(seed.read_bytes())
    (tmp_path / "story.json").write_bytes(seed.with_suffix(".json").read_bytes())
    text = art.read_text(encoding="utf-8")
    seoul = text.index("Seoul")  # named once
    vlad = text.index("Vladivostok")
    (tmp_path / "story.review.csv").write_text(
        HEADER
        + f"{seoul},{seoul + 5},reject,,,,\"the government meant, not the city\","
          "A. Analyst,2026-11-30\n"
        + f"{vlad},{vlad + 11},relocate,Russky Island campus,43.0250,131.8930,the university meant,"
          "A. Analyst,2026-11-30\n",
        encoding="utf-8")
    out = tmp_path / "m.html"
    r = subprocess.run([sys.executable, "-m", "osint.cli", "map", str(art), "-o", str(out)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    page = out.read_text(encoding="utf-8")
    assert "the university meant" in page and "Russky Island campus" in page
    csv_text = (tmp_path / "m.csv").read_text(encoding="utf-8")
    assert "the government meant" in csv_text and "analyst_note" in csv_text.splitlines()[0]
    gj = json.loads((tmp_path / "m.geojson").read_text(encoding="utf-8"))
    names = {f["properties"]["name"] for f in gj["features"]}
    assert "Seoul" not in names and "Russky Island campus" in names
    feat = next(f for f in gj["features"] if f["properties"]["name"] == "Russky Island campus")
    assert feat["geometry"]["coordinates"] == [131.893, 43.025]
    kml = (tmp_path / "m.kml").read_text(encoding="utf-8")
    assert "<name>Russky Island campus</name>" in kml and "<name>Seoul</name>" not in kml
