"""A real browser opens exported maps with the network off.

Headless Chromium (skipped with a reason where it is not installed) loads the
file written by ``osint map`` inside a network namespace with no interfaces up,
and its DOM must show a marker for every place. A hostile article's map is
opened with every popup and tooltip rendered, and none of its markup may run.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from conftest import PAYLOADS

from osint.cli import main
from osint.paths import seeds_dir

pytestmark = pytest.mark.slow


class _Dom(HTMLParser):
    """Marker icons, the places they carry, SVG paths, and attributes a payload would set."""

    def __init__(self):
        super().__init__()
        self.icons: list[str] = []
        self.places: list[str] = []
        self.claims: list[str] = []
        self.labels: list[str] = []
        self.clusters: list[int] = []
        self.paths = 0
        self.pwned: list[str] = []
        self.imgs: list[dict] = []
        self.opened = None
        self.popup_text: list[str] = []
        self._in_popup = 0
        self._label = False
        self._cluster = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class") or ""
        if "leaflet-marker-icon" in cls.split() and "marker-cluster" not in cls.split():
            self.icons.append(cls)
        if tag == "span" and "data-place" in a and self.icons:
            self.places.append(a["data-place"])
        if tag == "span" and "data-claim" in a and self.icons:
            self.claims.append(a["data-claim"])
        self._label = tag == "span" and "osint-label" in cls
        if "marker-cluster" in cls.split() and "leaflet-marker-icon" in cls.split():
            self._cluster = True
        if tag == "path":
            self.paths += 1
        if "data-pwned" in a:
            self.pwned.append(f"{tag}:{a['data-pwned']}")
        if tag == "img":
            self.imgs.append(a)
        if tag == "svg" and "onload" in a:
            self.pwned.append("svg element")
        if tag == "body" and "data-opened" in a:
            self.opened = int(a["data-opened"])
        if tag == "div" and "osint-rendered" in cls:
            self._in_popup += 1

    def handle_endtag(self, tag):
        pass

    def handle_data(self, data):
        if self._in_popup:
            self.popup_text.append(data)
        if self._label:
            self.labels.append(data)
            self._label = False
        if self._cluster and data.strip().isdigit():
            self.clusters.append(int(data))
            self._cluster = False


def _dom(html: str) -> _Dom:
    d = _Dom()
    d.feed(html)
    return d


# Appended to a copy of the page: once it has settled, press "All places" (issue 14: the map
# opens on the story, and the far places are a click away).
_FIT_ALL = """
<script>
window.addEventListener("load", function () {
  setTimeout(function () { document.querySelector('[data-fit="all"]').click(); }, 200);
});
</script>
"""


def test_exported_map_opens_on_the_story_and_draws_every_place_offline(tmp_path, browser):
    out = tmp_path / "seed.html"
    assert main(["map", str(seeds_dir() / "000_908df4e159e4c100.txt"), "-o", str(out)]) == 0
    expected = {f"{f['properties']['source']}:{f['properties']['source_id']}"
                for f in json.loads(out.with_suffix(".geojson").read_text("utf-8"))["features"]
                if f["properties"]["layer"] != "claim site"}  # the places; the claims' sites come after
    assert {"geonames:1871859", "curated:kim-il-sung-square", "geonames:2013348",
            "geonames:1835848"} <= expected  # Pyongyang, the square, Vladivostok, Seoul
    page = out.read_text("utf-8")
    dom = _dom(browser.dump_dom(out))
    # The opening view: Pyongyang, the square and both claim sites, each its own marker and labelled.
    assert {"geonames:1871859", "curated:kim-il-sung-square"} <= set(dom.places), dom.places
    assert {"Kim Il Sung Square", "Mirim parade training ground"} <= set(dom.claims), dom.claims
    assert "Vladivostok" not in dom.labels and "Pyongyang" in dom.labels
    assert not dom.clusters, dom.clusters
    assert all("osint-marker" in c for c in dom.icons)
    assert dom.paths > 0  # the offline outlines
    # "All places": every place is drawn, as its own marker or counted in a cluster.
    probe = tmp_path / "all.html"
    probe.write_text(page.replace("</body>", _FIT_ALL + "</body>"), encoding="utf-8")
    everything = _dom(browser.dump_dom(probe))
    assert everything.paths > 100  # the country outlines of the world
    # Organisations named for their people (think tanks, the White House) are not drawn (issue 24).
    import osint
    from osint.render.labels import organisation_rows

    case = osint.analyze(seeds_dir() / "000_908df4e159e4c100.txt")
    off = case.places[organisation_rows(case.places, case.text)]
    kept_off = {f"{s}:{i}" for s, i in zip(off["source"], off["source_id"])}
    # ... nor written to the GeoJSON beside the map, which holds what the map draws
    assert kept_off and not kept_off & expected
    assert len(everything.icons) + sum(everything.clusters) == len(expected) + 2, (
        everything.icons, everything.clusters)


# Appended to a copy of the page: renders every popup's and tooltip's content the way
# Leaflet does (innerHTML), so that any live markup in it would run.
_OPEN_ALL = """
<script>
window.addEventListener("load", function () {
  var n = 0, box = document.createElement("div");
  document.body.appendChild(box);
  Object.keys(window).forEach(function (k) {
    var v = window[k];
    if (v && window.L && v instanceof L.Layer && !(v instanceof L.Map)) {
      [v.getPopup && v.getPopup(), v.getTooltip && v.getTooltip()].forEach(function (p) {
        if (p && typeof p.getContent() === "string") {
          var d = document.createElement("div");
          d.className = "osint-rendered";
          d.innerHTML = p.getContent();
          box.appendChild(d);
          n += 1;
        }
      });
    }
  });
  document.body.setAttribute("data-opened", String(n));
});
</script>
"""


def test_hostile_article_runs_nothing(tmp_path, browser, hostile_article):
    out = tmp_path / "hostile-map.html"
    assert main(["map", str(hostile_article), "-o", str(out)]) == 0
    page = out.read_text("utf-8")
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", _OPEN_ALL + "</body>"), encoding="utf-8")
    html = browser.dump_dom(probe)
    dom = _dom(html)
    assert dom.opened and dom.opened >= 4, "popups were not rendered"
    assert dom.pwned == [], dom.pwned
    assert not [i for i in dom.imgs if i.get("src") == "x"]
    text = "".join(dom.popup_text)
    # The markup is there, as text the reader can see.
    assert "<script>document.documentElement.setAttribute(" in text
    assert "${document.documentElement" in text
    assert "<b>bold</b>" in text
    assert "<title>pwned" not in html and "<title>" in html


def test_base_map_default_markers_and_popups_work_offline(tmp_path, browser):
    import folium

    from osint import render as maps

    m = maps.base_map(title="plain folium", location=(39.02, 125.75), zoom_start=12)
    folium.Marker([39.0195, 125.7525], popup=folium.Popup("Kim Il Sung Square", show=True)).add_to(m)
    folium.Marker([39.0166, 125.848], tooltip="Mirim").add_to(m)
    page = maps.save_map(m, tmp_path / "plain.html")
    html = browser.dump_dom(page)
    d = _dom(html)
    images = [i for i in d.imgs if "leaflet-marker-icon" in (i.get("class") or "")]
    assert len(images) == 2 and all(i["src"].startswith("data:image/png;base64,") for i in images)
    # The popup opened on load: jQuery (inlined) built its content.
    assert 'class="leaflet-popup-content"' in html and "Kim Il Sung Square</div>" in html


def test_tiles_that_cannot_be_fetched_fall_back_to_the_offline_outlines(tmp_path, browser):
    # Online, the map opens on OpenStreetMap tiles; with no network they fail, the legend says
    # so, and the offline outlines (drawn beneath the tiles) are the base again.
    import osint
    from osint import render

    text = "Troops marched in Pyongyang, near Kim Il Sung Square, and in Seoul."
    m = render.place_map(osint.geoparse(text), title="online map", text=text, show_tiles=True)
    page = render.save_map(m, tmp_path / "online.html")
    html = browser.dump_dom(page, budget_ms=8000)
    note = re.search(r'<div class="osint-tile-note osint-notice" style="([^"]*)">([^<]*)</div>', html)
    assert note and "display: block" in note.group(1) and "could not be fetched" in note.group(2), note
    assert _dom(html).paths > 0  # the outlines are drawn
    base = re.findall(r'<input type="radio" class="leaflet-control-layers-selector" name="[^"]*"'
                      r'( checked="checked")?><span> ([^<]*)</span>', html)
    assert [name for on, name in base if on] == ["Outlines only (offline)"], base
    assert "OpenStreetMap (online)" in [name for _, name in base]


def test_hostile_imagery_claim_on_the_map_runs_nothing(tmp_path, browser):
    # Claim sites carry the claim's sentence (article text) into their popups and labels.
    article = tmp_path / "claim.txt"
    article.write_text(
        "Markup test\n"
        + "".join(f"Satellite images from Maxar showed {p} troops at Kim Il Sung Square last week, "
                  f"said Dave Smith of the Example Institute.\n" for p in PAYLOADS),
        encoding="utf-8")
    out = tmp_path / "claim.html"
    assert main(["map", str(article), "-o", str(out)]) == 0
    page = out.read_text("utf-8")
    assert "Claim sites (" in page
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", _OPEN_ALL + "</body>"), encoding="utf-8")
    dom = _dom(browser.dump_dom(probe))
    assert dom.opened and dom.pwned == [], dom.pwned
    assert "<script>document.documentElement.setAttribute(" in "".join(dom.popup_text)
