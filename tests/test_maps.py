"""osint.maps: structure of the map (folium tree and rendered parts), escaping, exports, osint map."""

from __future__ import annotations

import csv
import html
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import folium
import pandas as pd
import pytest
from conftest import PAYLOADS, hostile_text

import osint
from osint import escape
from osint import render as maps
from osint.cli import main
from osint.errors import InputError
from osint.render.labels import organisation_rows


def _children(element, kind):
    """Every descendant of a folium element of a given class."""
    out = []
    for child in element._children.values():
        if isinstance(child, kind):
            out.append(child)
        out.extend(_children(child, kind))
    return out


def _groups(m):
    """The map's overlays by name (the base layers, tiles or the offline outlines alone, left out)."""
    return {fg.layer_name: fg for fg in _children(m, folium.FeatureGroup) if fg.overlay}


def _view(html):
    """The opening view a PlaceMap's page fits (focus) and its "All places" bounds."""
    found = re.search(r"var view = (\{.*?\});\n", html)
    assert found, "no view"
    return json.loads(found.group(1))


def _inside(box, lat, lon):
    (s, w), (n, e) = box
    return s <= lat <= n and w <= lon <= e


def _popups(element):
    return [b for b in _children(element, maps.BoundContent)]


@pytest.fixture(scope="module")
def seed_map(seed_article, seed_places):
    return maps.place_map(seed_places, title=seed_article.title, text=seed_article.text)


@pytest.fixture(scope="module")
def seed_html(seed_map):
    return maps.map_html(seed_map)


# ----------------------------------------------------------------- structure


def test_layers_and_one_marker_per_place(seed_map, seed_places, seed_article):
    groups = _groups(seed_map)
    assert set(groups) == {"Countries and regions", "Cities", "Landmarks and sites"}
    placed = seed_places.dropna(subset=["lat"])
    # Organisations named for their people (think tanks, the White House) are not drawn (issue 24).
    placed = placed[~organisation_rows(placed, seed_article.text)]
    distinct = {(s, i) for s, i in zip(placed["source"], placed["source_id"])}
    markers = [mk for fg in groups.values() for mk in _children(fg, folium.Marker)]
    assert len(markers) == len(distinct)
    # Each marker sits where its gazetteer entry is, in the layer its feature calls for.
    layer_of = {"Countries and regions": "countries", "Cities": "cities", "Landmarks and sites": "sites"}
    for name, fg in groups.items():
        for mk in _children(fg, folium.Marker):
            cls = mk.icon.options["class_name"]
            assert f"osint-{layer_of[name]}" in cls
    pyongyang = [mk for mk in markers if mk.location == [39.03385, 125.75432]]
    assert len(pyongyang) == 1


def test_popup_lists_every_sentence_with_the_mention_marked(seed_map, seed_places):
    popups = {json.loads(b.popup).split('data-place="')[1].split('"')[0]: json.loads(b.popup)
              for b in _popups(seed_map)}
    square = popups["curated:kim-il-sung-square"]
    assert "<mark>Kim Il Sung Square</mark>" in square
    assert 'href="https://simple.m.wikipedia.org/wiki/Kim_Il-sung_Square"' in square
    assert "Confidence: 1.00" in square
    pyong = popups["geonames:1871859"]
    assert 'href="https://www.geonames.org/1871859"' in pyong
    n_sentences = seed_places[seed_places["source_id"] == "1871859"]["sentence"].nunique()
    assert pyong.count("<li>") == n_sentences >= 5
    assert pyong.count("<mark>Pyongyang</mark>") == (seed_places["source_id"] == "1871859").sum()
    # A sentence that names Russia twice shows both, in one item.
    russia = popups["geonames:2017370"]
    assert any(li.count("<mark>") >= 2 for li in russia.split("<li>"))


def test_alternatives_and_unplaced_are_shown():
    text = "Talks were held in Paris. Delegates later met at Hoechang County."
    m = maps.place_map(osint.geoparse(text), text=text)
    html = maps.map_html(m)
    popup = json.loads(_popups(m)[0].popup)
    assert "Alternatives:" in popup and "Paris" in popup
    assert "Not placed: Hoechang County" in html


def test_self_contained_by_default(seed_html):
    assert not re.search(r'<script[^>]+src=["\']?https?:', seed_html)
    assert not re.search(r'<link[^>]+href=["\']?https?:', seed_html)
    assert "Leaflet 1.9.3" in seed_html  # the library itself, inlined
    assert "url(data:image/png;base64," in seed_html  # Leaflet's control images too
    assert "cdn.jsdelivr" not in seed_html and "bootstrap" not in seed_html.lower()
    # Country outlines are embedded, and the tile layers start hidden.
    assert '"name": "Country outlines (offline)"' not in seed_html  # (layer names live in the control)
    assert "Country outlines (offline)" in seed_html and '"iso2": "KP"' in seed_html
    assert "tile.openstreetmap.org" in seed_html and "World_Imagery" in seed_html
    for layer in re.findall(r"L\.tileLayer\([^;]*?\);", seed_html, re.S):
        assert ".addTo(" not in layer
    assert "GeoNames" in seed_html and "OpenStreetMap" in seed_html and "Esri" in seed_html


def test_cdn_mode_is_small_and_offline_tiles_optional(seed_places, seed_article, seed_html):
    small = maps.map_html(maps.place_map(seed_places, cdn=True, online_tiles=False,
                                         text=seed_article.text))
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in small
    assert "Leaflet 1.9.3" not in small
    assert len(small) < len(seed_html) - 150_000
    assert "tile.openstreetmap.org" not in small


def test_view_opens_on_the_story_and_all_places_are_a_click_away(seed_places, seed_article):
    # Issue 14: the map opened on the whole world (think tanks in California and Washington
    # pulled the bounds out). It now opens on the story: the region with most mentions and every
    # claim site; the "All places" bounds cover every place.

    sites = maps.claim_sites(osint.find_claims(seed_article).imagery)
    assert {s["name"] for s in sites} == {"Kim Il Sung Square", "Mirim parade training ground"}
    m = maps.place_map(seed_places, title=seed_article.title, text=seed_article.text, claim_sites=sites)
    html = maps.map_html(m)
    view = _view(html)
    for s in sites:
        assert _inside(view["focus"], s["lat"], s["lon"]), s["name"]
    assert _inside(view["focus"], 39.03385, 125.75432)  # Pyongyang (GeoNames 1871859)
    placed = seed_places.dropna(subset=["lat"])
    far = placed[placed["name"].isin(["James Martin Center for Nonproliferation Studies", "Washington",
                                      "Moscow", "Seoul"])]
    assert len(far) >= 4
    for r in far.itertuples():
        assert not _inside(view["focus"], r.lat, r.lon), r.name
    # Every place drawn (organisations named for their people are not, issue 24).
    for r in placed[~organisation_rows(placed, seed_article.text)].itertuples():
        assert _inside(view["all"], r.lat, r.lon), r.name
    # City scale: the square and Mirim (8.3 km apart) are apart on the screen.
    (s, w), (n, e) = view["focus"]
    assert e - w < 0.5 and n - s < 0.5
    assert view["clusterOff"] <= view["maxZoom"] and view["labelZoom"] <= view["clusterOff"]
    # The places outside the view are listed in the legend, each a link that goes there.
    legend = json.loads(re.search(r"div\.innerHTML = (\"(?:[^\"\\]|\\.)*\");", html).group(1))
    assert "Outside this view" in legend and ">Moscow</a>" in legend and 'data-go="0"' in legend
    assert 'data-fit="all"' in json.loads(re.search(r"div\.innerHTML = (\"(?:[^\"\\]|\\.)*\");\s*"
                                                    r"L\.DomEvent\.disableClickPropagation\(div\);\s*"
                                                    r"div\.querySelectorAll", html).group(1))


def test_sites_near_the_focus_city_are_labelled_with_distance_and_bearing(seed_places, seed_article):
    from osint.geo import compass, inverse

    sites = maps.claim_sites(osint.find_claims(seed_article).imagery)
    m = maps.place_map(seed_places, title=seed_article.title, text=seed_article.text, claim_sites=sites)
    maps.map_html(m)
    assert m.osint_view.hub.name == "Pyongyang"
    mirim = next(s for s in sites if s["name"] == "Mirim parade training ground")
    km, brg = inverse(39.03385, 125.75432, mirim["lat"], mirim["lon"])
    icons = {i.name: i.marker.icon.options["html"] for i in m.osint_markers}
    # Worked out from "a training area outside Pyongyang": labelled as inferred (issue 24).
    assert f"{km:.1f} km {compass(brg)}" in icons["Mirim parade training ground (inferred)"]
    assert 'class="osint-label">Pyongyang</span>' in icons["Pyongyang"]
    assert "Distances from the focus city" in _groups(m)


def test_scale_bar_is_long_enough_for_its_labels(seed_html):
    # Issue 14: Leaflet's default 100 px bar clipped "1000 mi" to "1000 m".
    assert re.search(r"L\.control\.scale\(\{maxWidth: [^;]*\? 110 : 200", seed_html)
    assert "control.scale()" not in seed_html


def test_markers_of_every_layer_cluster_until_city_zoom():
    # Issue 14: markers piled on each other at the opening view; every map of two or more
    # markers now clusters them in one group across layers, which comes apart at city zoom.
    rows = [{"start": i * 10, "end": i * 10 + 4, "text": f"T{i}", "name": f"Town {i}",
             "lat": 39 + i * 0.01, "lon": 125 + i * 0.01, "feature": "city", "country_code": "KP",
             "source": "geonames", "source_id": str(1000 + i), "confidence": 0.9,
             "sentence": f"T{i} is here."} for i in range(3)]
    html = maps.map_html(maps.place_map(pd.DataFrame(rows)))
    assert "L.markerClusterGroup(" in html
    assert "MarkerClusterGroup" in html  # the plugin itself, inlined
    view = _view(html)
    assert view["cluster"] is True and view["clusterOff"] == maps.leaflet.CLUSTER_OFF_ZOOM
    one = maps.map_html(maps.place_map(pd.DataFrame(rows[:1])))
    assert _view(one)["cluster"] is False and "MarkerClusterGroup" not in one


def test_claim_sites_layer(seed_map):
    m = maps.place_map(osint.geoparse("Troops marched in Pyongyang."))
    maps.add_claim_sites(m, [{
        "name": "Mirim <training> ground", "lat": 39.0166, "lon": 125.848,
        "source": "https://example.org/umbra?a=1&b=2", "radius_m": 1500,
        "label": "Umbra radar imagery showed \"units\" marching",
    }])
    html = maps.map_html(m)
    groups = _groups(m)
    assert "Claim sites" in groups
    assert len(_children(groups["Claim sites"], folium.Circle)) == 1
    popup = json.loads(_popups(groups["Claim sites"])[0].popup)
    assert "Mirim &lt;training&gt; ground" in popup and "&quot;units&quot;" in popup
    assert 'href="https://example.org/umbra?a=1&amp;b=2"' in popup
    assert "Claim sites (1)" in html
    # The layer control lists claim sites though they were added after place_map.
    fg = groups["Claim sites"].get_name()
    listed = re.search(rf'"Claim sites"\s*:\s*{fg}\b', html)
    assert listed and listed.start() > html.index(f"var {fg} =")
    with pytest.raises(InputError):
        maps.add_claim_sites(m, [{"name": "x", "lat": "north", "lon": 1}])
    with pytest.raises(InputError):
        maps.add_claim_sites(m, [{"name": "x", "lat": 95, "lon": 1}])


# ------------------------------------------------------------------ escaping


def test_highlight_escapes_and_marks():
    s = 'He said <b>"hi"</b> in Pyongyang & left'
    out = maps.highlight(s, [(s.index("Pyongyang"), s.index("Pyongyang") + 9)])
    assert out == "He said &lt;b&gt;&quot;hi&quot;&lt;/b&gt; in <mark>Pyongyang</mark> &amp; left"
    assert escape.safe_url("javascript:alert(1)") is None
    assert escape.safe_url("https://www.geonames.org/1") == "https://www.geonames.org/1"


def test_hostile_article_yields_no_live_markup():
    text = hostile_text()
    df = osint.geoparse(text)
    m = maps.place_map(df, title="<script>t()</script>", text=text)
    html = maps.map_html(m)
    for raw in ("<script>document", "<img src=x", "<svg onload", "</script><script>document",
                "<script>t()"):
        assert raw not in html, raw
    # In every script the payloads stand only inside JSON string literals: not in a template
    # literal (where ${...} would run), not as code.
    parser = _Scripts()
    parser.feed(html)
    assert "img" not in parser.tags and "svg" not in parser.tags
    for body in parser.scripts:
        outside = re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', body)
        assert "pwned" not in outside


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.scripts, self._in = [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in = tag == "script"

    def handle_endtag(self, tag):
        self._in = False

    def handle_data(self, data):
        if self._in:
            self.scripts.append(data)


# ------------------------------------------------------------------- exports


def test_exports(tmp_path, seed_places, seed_article):
    written = maps.export_all(seed_places, tmp_path / "m.html", title="Seed", text=seed_article.text)
    # The map for print (issue 14) is written beside the others.
    assert {p.name for p in written.values()} == {"m.html", "m.csv", "m.geojson", "m.kml", "m.png", "m.pdf"}
    assert written["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert written["pdf"].read_bytes()[:5] == b"%PDF-"
    with open(written["csv"], newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(seed_places)
    assert {"text", "name", "lat", "lon", "source", "source_id", "sentence", "confidence"} <= set(rows[0])
    gj = json.loads(written["geojson"].read_text("utf-8"))
    feats = {f["properties"]["name"]: f for f in gj["features"]}
    assert feats["Kim Il Sung Square"]["geometry"]["coordinates"] == [125.75247, 39.01953]
    assert feats["Pyongyang"]["properties"]["source_link"] == "https://www.geonames.org/1871859"
    # Every placed place but the organisations the map leaves off (named for their people).
    off = organisation_rows(seed_places, seed_article.text)
    assert len(gj["features"]) == seed_places[~off].dropna(subset=["lat"])[["source", "source_id"]] \
        .drop_duplicates().shape[0] and off.sum() > 0 and "the Kremlin" not in feats
    kml = ET.parse(written["kml"]).getroot()
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    names = [e.text for e in kml.iterfind(".//k:Placemark/k:name", ns)]
    assert sorted(names) == sorted(feats)
    assert written["html"].stat().st_mode & 0o044  # readable by those it is sent to


def test_kml_of_hostile_article_is_well_formed_and_escaped():
    text = hostile_text()
    kml = maps.places_kml(osint.geoparse(text), title="<x & y>", text=text)
    root = ET.fromstring(kml.encode())
    descs = [e.text or "" for e in root.iter("{http://www.opengis.net/kml/2.2}description")]
    joined = "".join(descs)
    # Google Earth renders a parsed description as HTML: it must hold the article's
    # markup only as escaped text, with <br/> the only tag.
    for raw in ("<script", "<img", "<svg", "<b>"):
        assert raw not in joined, raw
    assert html.escape(PAYLOADS[0], quote=False) in joined and "&lt;img src=x onerror=" in joined
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in joined
    tags = _Scripts()
    tags.feed(joined)
    assert set(tags.tags) == {"br"} and not tags.scripts
    assert "<script>" not in kml


# ---------------------------------------------------------------------- CLI


def test_osint_map_command(tmp_path, capsys):
    out = tmp_path / "seed.html"
    assert main(["map", str(osint.paths.seeds_dir() / "000_908df4e159e4c100.txt"), "-o", str(out)]) == 0
    for suffix in (".html", ".csv", ".geojson", ".kml"):
        assert out.with_suffix(suffix).stat().st_size > 0
    assert "Kim Il Sung Square" in out.read_text("utf-8")


@pytest.mark.parametrize("args, message", [
    (["missing.txt", "-o", "OUT/m.html"], "no such file"),
    (["ARTICLE", "-o", "OUT/m.csv"], "must be an .html file"),
    (["ARTICLE", "-o", "OUT/nowhere/m.html"], "output folder does not exist"),
    (["EMPTY", "-o", "OUT/m.html"], "empty input"),
])
def test_osint_map_bad_input(tmp_path, capsys, args, message):
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    seed = str(osint.paths.seeds_dir() / "000_908df4e159e4c100.txt")
    args = [a.replace("OUT", str(tmp_path)).replace("ARTICLE", seed)
            .replace("EMPTY", str(tmp_path / "empty.txt")) for a in args]
    assert main(["map", *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]
    assert not list(tmp_path.glob("m.*"))


def test_country_outlines_are_compact():
    gj = maps.country_outlines()
    codes = {f["properties"]["iso2"] for f in gj["features"]}
    assert {"KP", "KR", "RU", "CN", "US", "UA"} <= codes
    assert len(json.dumps(gj)) < 400_000


def test_base_map_keeps_plain_folium_layers_offline():
    from folium.plugins import MarkerCluster

    m = maps.base_map(title="Claims", location=(39.02, 125.75), zoom_start=12)
    folium.Marker([39.0195, 125.7525], popup=folium.Popup("Kim Il Sung Square")).add_to(m)
    MarkerCluster().add_to(m).add_child(folium.Marker([39.0166, 125.848]))
    folium.LayerControl().add_to(m)
    html = maps.map_html(m)
    assert not re.search(r'<(script|link)[^>]+(src|href)=["\']?https?:', html)
    assert "jQuery v3" in html  # folium.Popup needs it, so it is inlined
    assert "MarkerClusterGroup" in html
    assert "L.Icon.Default.imagePath = ''" in html
    assert html.count("L.control.layers(") == 1  # the caller's control, not a second one
    bare = maps.map_html(maps.base_map())
    assert "jQuery v3" not in bare and "MarkerClusterGroup" not in bare


# ---------------------------------------------------------------- online places


def _online_place(text: str, word: str):
    """A Place as the online geocoder gives it, for ``word`` in ``text``."""
    from osint.online.geocoders import OSM_ATTRIBUTION, OnlineEntry
    from osint.places.extract import Mention
    from osint.places.resolve import Place

    start = text.index(word)
    entry = OnlineEntry(
        id=-1, name=word, lat=39.1234, lon=125.5678, feature="county", country_code="KP", admin1="",
        population=0, source="nominatim", source_id="relation/123456",
        source_url="https://www.openstreetmap.org/relation/123456", provider="nominatim",
        display_name=f"{word}, South Pyongan, North Korea", osm_type="relation", osm_id="123456",
        fetched_at="2026-01-02T03:04:05Z", endpoint="http://127.0.0.1:9", attribution=OSM_ATTRIBUTION,
    )
    mention = Mention(start, start + len(word), word, word.lower(), "place", ())
    return Place(mention, entry, 0.64, (), "not in the gazetteer; nominatim answer fetched "
                 "2026-01-02T03:04:05Z")


def test_online_place_shows_its_provenance_and_credits_osm(tmp_path):
    text = "Officials flew to Pyongyang. Troops trained in Hoechang County."
    offline = osint.geoparse_places(text)
    assert [p.entry for p in offline if p.mention.text == "Hoechang County"] == [None]
    places = [_online_place(text, "Hoechang County") if p.entry is None else p for p in offline]
    m = maps.place_map(places, text=text)
    popups = {json.loads(b.popup).split('data-place="')[1].split('"')[0]: json.loads(b.popup)
              for b in _popups(m)}
    online = popups["nominatim:relation/123456"]
    assert "Nominatim (online geocoder)" in online
    assert 'href="https://www.openstreetmap.org/relation/123456"' in online
    assert "OSM relation 123456" in online
    assert "fetched 2026-01-02T03:04:05Z" in online and "ODbL" in online
    assert "ODbL" not in popups["geonames:1871859"]  # gazetteer places keep their own source
    page = maps.map_html(m)
    credit = re.search(r"attributionControl\.addAttribution\((\"(?:[^\"\\]|\\.)*\")\)", page)
    assert credit and "OpenStreetMap" in json.loads(credit.group(1)) and "ODbL" in json.loads(credit.group(1))
    # Without online places, the map does not claim OSM data (its tile layers credit themselves).
    offline_page = maps.map_html(maps.place_map(offline, text=text))
    credit = re.search(r"attributionControl\.addAttribution\((\"(?:[^\"\\]|\\.)*\")\)", offline_page)
    assert credit and "ODbL" not in json.loads(credit.group(1))
    # The exports keep the provenance too, and a table without its columns still gives it.
    gj = maps.places_geojson(places, text)
    props = next(f["properties"] for f in gj["features"] if f["properties"]["source"] == "nominatim")
    assert props["fetched_at"] == "2026-01-02T03:04:05Z" and props["osm_id"] == "123456"
    kml = maps.places_kml(places, text=text)
    assert "Geocoded online by Nominatim, fetched 2026-01-02T03:04:05Z" in kml
    bare = osint.places.pipeline.places_frame(text, places)
    again = json.loads(_popups(maps.place_map(bare, text=text))[-1].popup)
    assert "Nominatim (online geocoder)" in again and "fetched 2026-01-02T03:04:05Z" in again
    maps.export_csv(places, tmp_path / "p.csv", text)
    with open(tmp_path / "p.csv", newline="", encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh) if r["text"] == "Hoechang County")
    assert row["provider"] == "nominatim" and row["fetched_at"] == "2026-01-02T03:04:05Z"
    from osint.places.pipeline import places_frame
    from osint.render.tables import geocoding_table

    # One row per place (issue 14), with when the online answer was fetched.
    table = geocoding_table(places_frame(text, places)).set_index("place")
    assert table.loc["Hoechang County", "fetched_at"] == "2026-01-02T03:04:05Z"
    assert table.loc["Hoechang County", "source"] == "nominatim relation/123456"
    assert table.loc["Hoechang County", "source_link"] == "https://www.openstreetmap.org/relation/123456"


def test_osint_map_online_failure_is_one_warning_line(tmp_path, monkeypatch, capsys):
    from servers import MockServer, Reply

    osint.load_gazetteer()  # in memory, so the moved cache folder does not rebuild it
    with MockServer({"/search": Reply(b"", 503)}) as server:
        monkeypatch.setenv("OSINT_NOMINATIM_URL", server.url)
        monkeypatch.setenv("OSINT_USER_AGENT", "osint-workbench-tests/1.0 (tests@example.org)")
        monkeypatch.setenv("OSINT_CACHE_DIR", str(tmp_path / "cache"))
        monkeypatch.setenv("OSINT_GEOCODER_RETRIES", "0")
        monkeypatch.delenv("OSINT_GEOCODER", raising=False)
        article = tmp_path / "a.txt"
        article.write_text("Troops trained in Hoechang County, north of Pyongyang.\n", encoding="utf-8")
        assert main(["map", "--online", str(article), "-o", str(tmp_path / "m.html")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("osint: warning:") and "503" in err[0], err
    assert "Pyongyang" in (tmp_path / "m.html").read_text("utf-8")


def test_print_map_draws_hostile_text_as_plain_text(tmp_path):
    # Matplotlib would read "$...$" as mathtext (and fail on a bad one); the PDF writer fails on
    # format characters. The print map draws every name and the title as plain text.
    text = "Troops in Pyongyang and Se\u200boul paid $5 for a $\\left( view\x07 of Moscow.\n"
    title = "$\\frac{1}{0}$ <script>x</script> \u202e\u0007 title"
    written = maps.export_static(osint.geoparse(text), tmp_path / "m.html", title=title, text=text)
    assert written["png"].stat().st_size > 0 and written["pdf"].read_bytes()[:5] == b"%PDF-"
    fig = maps.static_map(osint.geoparse(text), title=title, text=text)
    shown = " ".join(t.get_text() for t in fig.texts)
    assert "$\\frac{1}{0}$" in shown and "\u202e" not in shown


def test_claim_sites_are_in_the_geojson_and_kml_exports(tmp_path, seed_article):
    # The claims' sites travel with the places: an analyst who opens the KML in Google Earth
    # or the GeoJSON in QGIS sees what the map shows.
    out = tmp_path / "m.html"
    assert main(["map", str(seed_article.path), "-o", str(out)]) == 0
    feats = json.loads(out.with_suffix(".geojson").read_text("utf-8"))["features"]
    sites = [f for f in feats if f["properties"]["layer"] == "claim site"]
    assert {f["properties"]["claim"] for f in sites} == {"I1", "I2"}
    assert {f["properties"]["name"] for f in sites} == {"Kim Il Sung Square", "Mirim parade training ground"}
    kml = ET.parse(out.with_suffix(".kml")).getroot()
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    folders = {f.findtext("k:name", namespaces=ns): f for f in kml.iter("{http://www.opengis.net/kml/2.2}Folder")}
    marks = folders["Imagery claim sites"].findall("k:Placemark", ns)
    assert sorted(m.findtext("k:name", namespaces=ns) for m in marks) == [
        "I1 Kim Il Sung Square", "I2 Mirim parade training ground"]


def test_hostile_claim_site_text_is_escaped_in_the_kml():
    site = {"name": "<b>X</b>", "lat": 1.0, "lon": 2.0, "claim": "I1", "label": "<script>alert(1)</script>",
            "source": "", "record": "", "reasoning": "\x07bell"}
    kml = maps.places_kml([], claim_sites=[site, {"name": "nowhere", "lat": None, "lon": None}])
    root = ET.fromstring(kml)
    (desc,) = [d.text for d in root.iter("{http://www.opengis.net/kml/2.2}description")]
    assert "<script>" not in desc and "&lt;script&gt;" in desc and "\x07" not in desc


def test_the_print_maps_outside_list_holds_only_places_outside_its_frame():
    from osint.render.printmap import static_map

    df = osint.geoparse("Drones hit Klintsy and Novozybkov near Bryansk, Russia. Blasts were heard in "
                        "Kursk, Belgorod, Moscow and Kaluga; Kyiv and Nizhny Novgorod were calm.")
    fig = static_map(df, title="t")
    main_ax = fig.axes[0]
    (w, e), (s, n) = main_ax.get_xlim(), main_ax.get_ylim()
    side = next(t.get_text() for t in fig.texts if "Outside the main view" in t.get_text()
                or "Marker size" in t.get_text())
    listed = [ln[2:].split(":")[0] for ln in side.splitlines() if ln.startswith("\u2022 ") and ":" in ln]
    # Labelled as the article spells them (issue 24).
    placed = {n: (r.lat, r.lon) for r in df.itertuples() if r.lat == r.lat for n in (r.name, r.text)}
    for name in listed:
        lat, lon = placed[name]
        assert not (s <= lat <= n and w <= lon <= e), f"{name} is drawn in the main view but listed outside"
