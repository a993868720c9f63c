"""Places in the outputs: the article's spelling, inferred sites said so, organisations off the map,
one legend row per place, distances between places only."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

import osint
from osint.paths import PROJ_ROOT
from osint.render import maps
from osint.render.labels import article_spelling, happened_there, legend_rows, organisation_rows
from osint.render.leaflet import map_html

SEED = PROJ_ROOT / "seeds" / "000_908df4e159e4c100.txt"


@pytest.fixture(scope="module")
def seed_case():
    return osint.analyze(SEED)


@pytest.mark.parametrize(("name", "written", "label"), [
    ("Orël", ["Oryol"], "Oryol"),
    ("Homyel'", ["Gomel", "Gomel"], "Gomel"),
    ("Kiev", ["Kyiv"], "Kyiv"),
    ("United States", ["US", "US", "United States"], "United States"),  # an abbreviation: no spelling
    ("North Korea", ["Korea", "Korea", "North Korea"], "North Korea"),  # a part of the name
    ("North Korea", ["DPRK"], "North Korea"),  # another name
    ("Pyongyang", ["Pyongyang"], "Pyongyang"),
    ("Orël", [], "Orël"),
])
def test_the_articles_spelling_labels_a_place(name, written, label):
    assert article_spelling(name, written) == label


def test_labels_spell_as_the_article_and_popups_give_the_gazetteer_name():
    text = "Drones struck Oryol and Gomel overnight, officials in Kyiv said. The US said nothing."
    places = osint.analyze(text).places
    mp = {p.name: p for p in maps.map_places(places, text)}
    assert mp["Orël"].label == "Oryol" and mp["Homyel'"].label == "Gomel"
    assert mp["United States"].label == "United States"
    popup = maps.popup_html(mp["Orël"])
    assert "<h4>Oryol</h4>" in popup and "Gazetteer name: Orël" in popup
    m = maps.place_map(places, text=text)
    map_html(m)
    assert {"Oryol", "Gomel"} <= {i.name for i in m.osint_markers}


def test_the_same_place_is_one_legend_row_with_its_count():
    rows = [(0, "Russia", 27, "2,946 km NW"), (1, "Moscow", 4, "6,430 km NW"),
            (2, "Moscow", 1, "6,400 km NW"), (3, "Russia", 0, "2,946 km NW"),
            (4, "Mirim (inferred)", 0, "8 km E")]
    assert legend_rows(rows) == [(0, "Russia", 27, "2,946 km NW"), (1, "Moscow", 5, "6,430 km NW"),
                                 (4, "Mirim (inferred)", 0, "8 km E")]


def test_a_city_and_its_division_are_one_row_in_the_maps_legend():
    text = ("Troops gathered in Pyongyang. Officials in Pyongyang said so. Moscow said the Moscow "
            "region was hit. Pyongyang was quiet.")
    places = osint.analyze(text).places
    assert sorted(places.loc[places["name"] == "Moscow", "feature"]) == ["admin1", "capital"]
    m = maps.place_map(places, text=text)
    html = map_html(m)
    legend = json.loads(next(c for c in m.osint_controls if type(c).__name__ == "_Legend").content)
    gone = re.findall(r'data-go="\d+">([^<]+)</a>(?: \((\d+)\))?', legend)
    assert [g for g in gone if g[0] == "Moscow"] == [("Moscow", "2")], gone  # city and division, one row
    assert "Outside this view (1)" in legend and html


def test_inferred_sites_are_labelled_as_inferred(seed_case):
    sites = maps.claim_sites(seed_case.claims.imagery)
    m = maps.place_map(seed_case.places, text=seed_case.text, claim_sites=sites)
    map_html(m)
    labels = {i.name for i in m.osint_markers if i.layer == "claims"}
    # The square is named in the claim; the training ground is worked out from "a training area
    # outside Pyongyang".
    assert labels == {"Kim Il Sung Square", "Mirim parade training ground (inferred)"}
    info = next(i for i in m.osint_markers if i.name.startswith("Mirim"))
    assert "Inferred: the claim does not name this site" in info.popup("")


def test_a_part_placed_by_inference_says_so():
    p = maps.MapPlace(key="curated:x", name="Yongbyon", lat=39.8, lon=125.75, feature="nuclear_site",
                      country_code="KP", source="curated", source_id="x", source_url="", layer="sites",
                      mentions=("Radiochemical Laboratory",),
                      sentences=(("The Radiochemical Laboratory.", ((4, 28),)),),
                      confidence=0.4, inferred=("Radiochemical Laboratory",))
    assert p.label == "Yongbyon (inferred)"
    assert "Inferred: Radiochemical Laboratory placed here" in maps.popup_html(p)
    # The site itself named too: the marker is the named site, its inferred part said in the popup.
    assert replace(p, mentions=("Yongbyon", "Radiochemical Laboratory")).label == "Yongbyon"


@pytest.mark.parametrize(("sentence", "name", "there"), [
    ("A researcher at the James Martin Center said so.", "James Martin Center", False),
    ("Ankit Panda of the Carnegie Endowment said so.", "Carnegie Endowment", False),
    ("John Kirby, spokesman of the White House, said so.", "White House", False),
    ("Russia needs arms, as the Kremlin is in need.", "Kremlin", False),
    ("Shoigu held talks at the Kremlin on Monday.", "Kremlin", True),
    ("Protesters gathered outside the White House.", "White House", True),
    ("Drones struck the Kremlin.", "Kremlin", True),
])
def test_something_happened_there(sentence, name, there):
    assert happened_there(sentence, sentence.index(name)) is there


def test_organisations_stay_off_the_map_and_out_of_the_distances(seed_case):
    m = maps.place_map(seed_case.places, text=seed_case.text)
    map_html(m)
    drawn = {i.name for i in m.osint_markers}
    for org in ("Carnegie Endowment for International Peace",
                "James Martin Center for Nonproliferation Studies"):
        assert org not in drawn
        assert any(org in line for line in m.osint_about)  # said, not silently dropped
    # The seed's Kremlin and White House are their governments ("the Kremlin is in need", "the White
    # House national security"): typed names, never place rows.
    assert "the White House" not in drawn and "the Kremlin" not in drawn
    assert {"the Kremlin", "the White House"}.isdisjoint(seed_case.places["name"])
    assert "Kim Il Sung Square" in drawn and "Pyongyang" in drawn
    d = seed_case.distances()
    ends = set(d["from"]) | set(d["to"])
    assert "Carnegie Endowment for International Peace" not in ends and "the White House" not in ends
    assert "Washington" in ends and "Kim Il Sung Square" in ends
    assert d["km"].max() < 11_100  # Washington; no think tank in California
    off = organisation_rows(seed_case.places, seed_case.text)
    assert set(seed_case.places.loc[off, "name"]) == {
        "Carnegie Endowment for International Peace", "James Martin Center for Nonproliferation Studies"}


def test_an_organisation_where_something_happens_stays_on_the_map():
    text = "Shoigu held talks at the Kremlin. Moscow said the talks went well."
    m = maps.place_map(osint.analyze(text).places, text=text)
    map_html(m)
    drawn = {i.name for i in m.osint_markers}
    assert "the Kremlin" in drawn or "Kremlin" in drawn


def test_the_print_maps_outside_list_has_one_row_per_place():
    from osint.render.printmap import static_map

    text = ("Troops gathered in Pyongyang. Officials in Pyongyang said so. Moscow said the Moscow "
            "region was hit. Pyongyang was quiet.")
    fig = static_map(osint.analyze(text).places, title="t", text=text)
    side = next(t.get_text() for t in fig.texts if "Outside the main view" in t.get_text())
    rows = [ln for ln in side.splitlines() if ln.startswith("\u2022 ")]
    assert [r for r in rows if r.startswith("\u2022 Moscow:")] == [rows[0]] and "2 mentions" in rows[0], rows


def test_a_city_and_a_division_of_one_name_carry_one_label_on_both_maps():
    from osint.render.printmap import static_map

    text = ("Drones struck Moscow overnight. Air defences shot down drones over the Moscow region, "
            "Moscow's mayor said.")
    places = osint.analyze(text).places
    assert sorted(places.loc[places["name"] == "Moscow", "feature"].unique()) == ["admin1", "capital"]
    m = maps.place_map(places, text=text)
    map_html(m)
    moscow = [i for i in m.osint_markers if i.name == "Moscow"]
    assert len(moscow) == 2  # both markers stay, each with its popup
    labelled = [i for i in moscow if 'class="osint-label"' in i.marker.icon.options["html"]]
    assert [i.layer for i in labelled] == ["cities"]  # the city, mentioned twice, keeps the label
    assert all("Moscow" in (i.popup("") if i.popup else "") for i in moscow)
    fig = static_map(places, title="t", text=text)
    assert [t.get_text() for t in fig.axes[0].texts].count("Moscow") == 1


def test_one_label_per_name_prefers_the_view_then_mentions_then_a_point():
    from osint.render.labels import labelled

    assert labelled([("Moscow", "countries", 1.0, True), ("Moscow", "cities", 1.0, True),
                     ("Kyiv", "cities", 3.0, True)]) == [False, True, True]
    assert labelled([("Kherson", "countries", 5.0, True), ("Kherson", "cities", 2.0, True)]) == [True, False]
    assert labelled([("Kherson", "countries", 5.0, False), ("Kherson", "cities", 2.0, True)]) == [False, True]
    assert labelled([("Mirim (inferred)", "claims", 1.0, True), ("Mirim", "sites", 1.0, True),
                     ("", "claims", 9.0, True)]) == [False, True, False]
