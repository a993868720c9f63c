"""Folders of articles (issue 24): ``osint map|crossref|report`` on several articles write one output
per article and an index page across them (articles by date, the places they share)."""

from __future__ import annotations

import csv
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import PAYLOADS, ROOT, SEED

from osint.cli import main
from osint.render.folder import IndexArticle, IndexPlace, index_html, shared_places

FIXTURES = ROOT / "tests" / "fixtures" / "articles"


@pytest.fixture()
def folder(tmp_path):
    """The seed and two short constructed articles (one undated) in a folder of their own."""
    d = tmp_path / "articles"
    d.mkdir()
    for p in (SEED, SEED.with_suffix(".json"), FIXTURES / "darfur.txt", FIXTURES / "darfur.json",
              FIXTURES / "andes-undated.txt"):
        shutil.copy(p, d / p.name)
    return d


class _Index(HTMLParser):
    """The index page's article rows (title, date), links and shared places."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.rows: list[dict] = []
        self.shared: list[str] = []
        self._cell: str | None = None
        self._buf: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a":
            self.links.append(a["href"])
        if tag == "script":
            self.scripts += 1
        if tag == "tr" and "osint-article" in (a.get("class") or ""):
            self.rows.append({"day": a["data-day"]})
        if tag == "td":
            self._cell, self._buf = a.get("data-label"), []
        if tag == "tr" and "osint-shared" in (a.get("class") or ""):
            self.rows_shared = True

    def handle_endtag(self, tag):
        if tag == "td" and self._cell:
            text = " ".join("".join(self._buf).split())
            if self._cell == "place":
                self.shared.append(text)
            elif self.rows and self._cell in ("published", "article"):
                self.rows[-1][self._cell] = text
            self._cell = None

    def handle_data(self, data):
        if self._cell:
            self._buf.append(data)


def _index(path: Path) -> _Index:
    parser = _Index()
    parser.feed(path.read_text("utf-8"))
    return parser


def _places(geojson: Path) -> dict[str, str]:
    feats = json.loads(geojson.read_text("utf-8"))["features"]
    return {f"{f['properties']['source']}:{f['properties']['source_id']}": f["properties"]["name"]
            for f in feats if f["properties"]["layer"] != "claim site"}


def test_map_of_a_folder_writes_a_map_per_article_and_an_index(folder, tmp_path, capsys):
    out = tmp_path / "maps"
    assert main(["map", str(folder), "-o", str(out)]) == 0
    stems = ["000_908df4e159e4c100", "andes-undated", "darfur"]
    for stem in stems:
        for suffix in (".html", ".csv", ".geojson", ".kml", ".png", ".pdf"):
            assert (out / f"{stem}{suffix}").stat().st_size > 0, (stem, suffix)
    page = _index(out / "index.html")
    # Oldest first, the undated article last.
    assert [r["published"] for r in page.rows] == ["2023-07-27", "2024-05-14", "unknown"]
    assert page.rows[1]["article"].startswith("Fighting around El Fasher")
    for stem in stems:
        assert f"{stem}.html" in page.links and f"{stem}.kml" in page.links
    # The shared places are exactly the records two or more articles' GeoJSON hold.
    each = [_places(out / f"{stem}.geojson") for stem in stems]
    counts: dict[str, int] = {}
    for places in each:
        for key in places:
            counts[key] = counts.get(key, 0) + 1
    names = {k: n for places in each for k, n in places.items()}
    assert sorted(page.shared) == sorted(names[k] for k, c in counts.items() if c > 1)


def test_several_articles_are_like_a_folder(folder, tmp_path):
    out = tmp_path / "two"
    assert main(["map", str(folder / "darfur.txt"), str(folder / "andes-undated.txt"), "-o", str(out)]) == 0
    assert sorted(p.name for p in out.glob("*.html")) == ["andes-undated.html", "darfur.html", "index.html"]


@pytest.mark.parametrize(("argv", "message"), [
    (["map", "{folder}", "-o", "{tmp}/m.html"], "-o names a folder"),
    (["map", "{folder}", "-o", "{tmp}/m", "--review", "{folder}/darfur.txt"], "--review applies to one"),
    (["crossref", "{folder}"], "give -o FOLDER"),
    (["map", "{tmp}/empty", "-o", "{tmp}/m"], "no .txt articles"),
])
def test_folder_mistakes_are_one_line(folder, tmp_path, capsys, argv, message):
    (tmp_path / "empty").mkdir()
    argv = [a.format(folder=folder, tmp=tmp_path) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0], err
    assert not (tmp_path / "m").exists()


def test_two_articles_with_one_name_are_refused(folder, tmp_path, capsys):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(folder / "darfur.txt", other / "darfur.txt")
    assert main(["map", str(folder), str(other), "-o", str(tmp_path / "m")]) == 2
    assert "two articles are named 'darfur'" in capsys.readouterr().err


def test_crossref_of_a_folder_writes_a_report_per_article(folder, tmp_path, capsys):
    out = tmp_path / "xref"
    assert main(["crossref", str(folder), "-o", str(out), "--format", "json"]) == 0
    for stem in ("000_908df4e159e4c100", "andes-undated", "darfur"):
        rep = json.loads((out / f"{stem}.json").read_text("utf-8"))
        assert rep["claims"] and rep["article"], stem
    page = _index(out / "index.html")
    assert "darfur.json" in page.links and len(page.rows) == 3


def test_the_index_escapes_everything_from_the_articles():
    hostile = [IndexArticle(stem=f"a{i}{p}", title=p, published="2024-01-0" + str(i + 1),
                            links=(("map", f"a{i}{p}.html"), ("javascript", "javascript:alert(1)")),
                            places=(IndexPlace("geonames:1", p, "<b>city</b>", "KP", 1),), claims=0)
               for i, p in enumerate(PAYLOADS)]
    page = index_html(hostile, title=PAYLOADS[0])
    for p in PAYLOADS:
        assert p not in page
    assert "data-pwned" in page  # present, as escaped text
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs and all(":" not in h and "<" not in h and '"' not in h for h in hrefs), hrefs
    assert page.count("<script>") == 1  # the page's own slider, nothing else
    assert [len(arts) for _, arts in shared_places(hostile)] == [len(PAYLOADS)]


@pytest.mark.slow
def test_a_browser_opens_the_index_and_the_three_reports(folder, tmp_path, browser, capsys):
    out = tmp_path / "reports"
    assert main(["report", "--article", str(folder), "--out", str(out)]) == 0
    index = out / "index.html"
    dom = browser.dump_dom(index)
    page = _index_from(dom)
    assert [r["published"] for r in page.rows] == ["2023-07-27", "2024-05-14", "unknown"]
    reports = [h for h in page.links if h.endswith("/map.html")]
    assert len(reports) == 3
    for href in page.links:
        if not href.endswith(".html"):
            continue
        target = out / href
        assert target.is_file(), href
        opened = browser.dump_dom(target)
        assert "data-pwned" not in opened
        if href.endswith("/01-article.html"):
            assert "Methodology and provenance" in opened
        if href.endswith("/map.html"):
            assert "leaflet-marker-icon" in opened, href
    # The slider at its first date hides the later articles (and the places only they share).
    probe = tmp_path / "first-day.html"
    probe.write_text(index.read_text("utf-8").replace(
        "</body>", "<script>var w=document.getElementById('osint-when');w.value=0;"
                   "w.dispatchEvent(new Event('input'));</script></body>"), encoding="utf-8")
    shown = browser.dump_dom(probe)
    hidden = re.findall(r'<tr class="osint-article hidden" data-day="(\d+)"', shown)
    assert hidden == ["1"], hidden


def _index_from(dom: str) -> _Index:
    parser = _Index()
    parser.feed(dom)
    return parser


@pytest.mark.slow
def test_report_reads_the_analysts_gazetteer(tmp_path, capsys):
    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    (notebooks / "01-x.py").write_text(
        "# ---\n# jupyter:\n#   kernelspec:\n#     display_name: Python 3\n#     language: python\n"
        "#     name: python3\n# ---\n\n# %% tags=[\"parameters\"]\nCASE = \"\"\n\n# %%\nprint(1)\n",
        encoding="utf-8")
    art = tmp_path / "story.txt"
    art.write_text("Trucks left Zzyzx Depot for Khartoum on Monday.\n", encoding="utf-8")
    layer = tmp_path / "sites.csv"
    layer.write_text("name,lat,lon,feature,country_code\nZzyzx Depot,15.6,32.5,depot,SD\n", encoding="utf-8")
    out = tmp_path / "r"
    assert main(["report", "--article", str(art), "--gazetteer", str(layer), "--notebooks", str(notebooks),
                 "--out", str(out)]) == 0
    with open(out / "places.csv", newline="", encoding="utf-8-sig") as fh:
        names = {r["name"]: r for r in csv.DictReader(fh)}
    assert names["Zzyzx Depot"]["lat"] == "15.6"
    assert "sites.csv" in (out / "provenance.json").read_text("utf-8")
