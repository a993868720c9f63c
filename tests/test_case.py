"""One analysis per article (issue 19): every entry point and every output reads the same case.

The article: a derailment in Springfield whose sidecar says ``"place": "Springfield, Ill."``
and whose imagery sentence names "the rail yard in Springfield". Springfield, Missouri is the
bigger namesake, so any output that forgets the home region puts the place in Missouri, 429 km
from where the article is.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import osint
from osint import cli
from osint.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
TEXT = ("Crews worked through the night after a freight train derailed in Springfield on Monday.\n"
        "Satellite images taken by Maxar on Tuesday showed overturned cars at the rail yard in Springfield, "
        "said Jane Roe, an analyst at the Acme Institute.\n")
ILLINOIS = (39.80172, -89.64371)


@pytest.fixture
def article(tmp_path) -> Path:
    p = tmp_path / "spring.txt"
    p.write_text(TEXT, encoding="utf-8")
    p.with_suffix(".json").write_text(json.dumps({"title": "Derailment", "published": "2024-03-06",
                                                  "place": "Springfield, Ill."}), encoding="utf-8")
    return p


def _illinois(lat: float, lon: float) -> bool:
    return abs(lat - ILLINOIS[0]) < 0.05 and abs(lon - ILLINOIS[1]) < 0.05


def test_every_entry_point_reads_the_sidecar_and_agrees(article):
    by_path = osint.analyze(article)
    assert set(by_path.places["admin1"]) == {"IL"}
    for rows in (osint.geoparse(article), osint.geoparse(str(article)),
                 osint.geoparse(osint.load_article(article)), osint.geoparse(TEXT, home="Springfield, Ill.")):
        assert rows[["name", "admin1", "lat", "lon"]].equals(by_path.places[["name", "admin1", "lat", "lon"]])
    (claim,) = by_path.claims.imagery
    assert [(s.name, _illinois(s.lat, s.lon)) for s in claim.sites] == [("Springfield", True)]
    (result,) = osint.crossref(article).imagery
    assert _illinois(result.claim.sites[0].lat, result.claim.sites[0].lon)
    # Without the hint the text alone says Missouri's Springfield: the hint is what moves it.
    assert set(osint.geoparse(TEXT)["admin1"]) == {"MO"}


def test_the_command_line_agrees(article, tmp_path, capsys):
    assert cli.main(["geoparse", str(article)]) == 0
    (doc,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {p["admin1"] for p in doc["places"]} == {"IL"}
    out = tmp_path / "m.html"
    assert cli.main(["map", str(article), "-o", str(out)]) == 0
    features = json.loads(out.with_suffix(".geojson").read_text("utf-8"))["features"]
    assert features and all(_illinois(f["geometry"]["coordinates"][1], f["geometry"]["coordinates"][0])
                            for f in features)
    assert any(f["properties"].get("layer") == "claim site" for f in features)


def test_a_review_that_relocates_a_place_moves_the_claim_site(article):
    start = TEXT.index("Springfield", TEXT.index("rail yard"))
    article.with_name("spring.review.csv").write_text(
        "start,end,action,name,lat,lon,note,analyst,date\n"
        f"{start},{start + 11},relocate,Springfield rail yard,39.8301,-89.6123,the yard north of town,"
        "A. Analyst,2026-12-01\n", encoding="utf-8")
    case = osint.analyze(article)
    row = case.places[case.places["start"] == start].iloc[0]
    assert (row["name"], row["lat"], row["source"], row["analyst_action"]) == (
        "Springfield rail yard", 39.8301, "analyst", "relocate")
    (claim,) = case.claims.imagery
    assert [(s.name, s.lat, s.lon) for s in claim.sites] == [("Springfield rail yard", 39.8301, -89.6123)]
    assert case.review == {"file": "spring.review.csv", "applied": 1, "stale": []}
    # A rejected mention is no site any more.
    article.with_name("spring.review.csv").write_text(
        "start,end,action,name,lat,lon,note,analyst,date\n"
        f"{start},{start + 11},reject,,,,not the place meant,A. Analyst,2026-12-01\n", encoding="utf-8")
    (claim,) = osint.analyze(article).claims.imagery
    assert all(s.mention != "Springfield" or s.how != "named" for s in claim.sites)


def _stages(log: Path) -> list[str]:
    """The stages run on the article's text (a home hint is geoparsed too, but is no article)."""
    lines = log.read_text("utf-8").splitlines() if log.exists() else []
    return [x.split("\t")[0] for x in lines if x.split("\t")[1] == str(len(TEXT))]


@pytest.mark.parametrize("argv", [
    ["map", "{a}", "-o", "{o}/m.html"],
    ["crossref", "{a}"],
    ["export", "{a}", "-o", "{o}/a.graphml"],
    ["export", "{a}", "-o", "{o}/a.geojson"],
    ["geoparse", "{a}"],
])
def test_each_command_extracts_and_resolves_once(article, tmp_path, monkeypatch, capsys, argv):
    log = tmp_path / "stages.log"
    monkeypatch.setenv("OSINT_STAGE_LOG", str(log))
    osint.load_gazetteer()  # the gazetteer's own build is not the article's analysis
    assert cli.main([x.format(a=article, o=tmp_path) for x in argv]) == 0
    assert _stages(log) == ["extract", "resolve"]


@pytest.mark.slow
def test_the_report_analyses_once_and_its_notebooks_read_the_saved_case(article, tmp_path):
    log = tmp_path / "stages.log"
    env = {**os.environ, "OSINT_STAGE_LOG": str(log)}
    argv = [sys.executable, "-m", "osint.cli", "report", "--article", str(article), "--out",
            str(tmp_path / "r")]
    res = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert res.returncode == 0, res.stderr
    assert _stages(log) == ["extract", "resolve"]  # the notebooks' kernels extracted nothing
    case = osint.load_case(tmp_path / "r" / "case.json")
    assert set(case.places["admin1"]) == {"IL"}
    html = (tmp_path / "r" / "02-places-map.html").read_text("utf-8")
    assert "Traceback" not in html and "Springfield" in html


def test_a_saved_case_reads_back_equal_without_the_gazetteer(article, tmp_path):
    case = osint.analyze(article)
    path = case.save(tmp_path / "case.json")
    back = osint.load_case(path)
    assert back.places.equals(case.places)
    assert back.report.as_dict() == case.report.as_dict()
    assert back.names.equals(case.names) and back.statements == case.statements
    assert back._gazetteer is None  # nothing was loaded to read it


@pytest.mark.parametrize("doc", [
    {"format": "osint-case", "version": 1, "article": {"@": "Popen", "f": {"args": ["id"]}}},
    {"format": "osint-case", "version": 1, "article": {"@e": "Signals", "v": 9}},
    {"format": "osint-case", "version": 99},
    {"format": "something else"},
    [1, 2, 3],
])
def test_a_saved_case_never_names_a_type_into_being(tmp_path, doc):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InputError, match="not a readable saved case"):
        osint.load_case(path)


def test_the_case_computes_each_stage_once(article, tmp_path, monkeypatch):
    log = tmp_path / "stages.log"
    monkeypatch.setenv("OSINT_STAGE_LOG", str(log))
    case = osint.analyze(article)
    for _ in range(2):
        case.places, case.names, case.claims, case.report, case.map(), case.entities()
        case.sentences_html(), case.geocoding_html()
    assert _stages(log) == ["extract", "resolve"]
