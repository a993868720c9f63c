"""Names the gazetteer lacks, placed where the text puts them (osint.places.anchored)."""

from __future__ import annotations

import pytest

import osint
from osint.geo import distance_km


def places(text: str) -> dict[str, osint.Place]:
    return {p.mention.text: p for p in osint.geoparse_places(text)}


def test_a_stated_distance_and_bearing_move_the_anchor_point():
    got = places("Gunmen burned the village of Zorbatuwa, 10 km south-east of Bama, on Monday.")
    z, bama = got["Zorbatuwa"], got["Bama"]
    assert z.entry is not None and bama.entry is not None
    assert z.entry.source == "text" and z.entry.feature == "placed_from_text"
    km = distance_km(bama.entry.lat, bama.entry.lon, z.entry.lat, z.entry.lon)
    assert 9.5 < km < 10.5
    assert z.entry.lat < bama.entry.lat and z.entry.lon > bama.entry.lon  # south-east
    assert "Bama" in z.reason and "geonames" in z.reason and z.review  # its anchor's source, checked


def test_miles_are_converted_and_far_distances_place_nothing():
    got = places("Fighters held Zorbatuwa, 20 miles north of Maiduguri.")
    z, m = got["Zorbatuwa"], got["Maiduguri"]
    assert z.entry is not None and m.entry is not None
    assert 31 < distance_km(m.entry.lat, m.entry.lon, z.entry.lat, z.entry.lon) < 33.5
    assert places("Fighters held Zorbatuwa, 900 km north of Maiduguri.")["Zorbatuwa"].entry is None


def test_each_name_of_a_list_takes_the_relation_after_it():
    got = places("Gunmen invaded the villages of Gidan Zorbatu and Gidan Kwarin in Birnin Magaji district.")
    town = got["Birnin Magaji"].entry
    assert town is not None
    for name in ("Gidan Zorbatu", "Gidan Kwarin"):
        e = got[name].entry
        assert e is not None and (e.lat, e.lon) == (round(town.lat, 5), round(town.lon, 5))


def test_near_an_anchor_and_the_name_again_elsewhere():
    text = "An airstrike hit Wadi Zorbatu near Aziziyah. Wadi Zorbatu was empty by noon."
    got = osint.geoparse_places(text)
    wadi = [p for p in got if p.mention.text == "Wadi Zorbatu"]
    assert len(wadi) == 2 and all(p.entry is not None for p in wadi)
    assert wadi[0].entry == wadi[1].entry


def test_coordinates_written_after_a_record_place_it_and_its_containers():
    text = "Location\n\nWadi Zorbatu, Jafrawa, Libya\n\nGeolocation\n\n32.355833, 13.047222\n"
    got = places(text)
    for name in ("Wadi Zorbatu", "Jafrawa"):
        e = got[name].entry
        assert e is not None and (e.lat, e.lon) == pytest.approx((32.35583, 13.04722), abs=1e-4)
    assert got["Wadi Zorbatu"].confidence > 0.5  # written coordinates beat words


def test_wide_or_listed_anchors_place_nothing():
    # A country or a division is no anchor for a village; a list of places is no containment.
    assert places("Gunmen burned Zorbatuwa, Nigeria, on Monday.")["Zorbatuwa"].entry is None
    assert places("Gunmen attacked near Zorbatuwa in Borno State on Monday.")["Zorbatuwa"].entry is None
    assert places("Raids hit Zorbatuwa, Bama and Gwoza on Monday.")["Zorbatuwa"].entry is None


def test_a_name_the_gazetteer_places_is_left_alone():
    got = places("Troops entered Bama, 70 km south-east of Maiduguri.")
    assert got["Bama"].entry is not None and got["Bama"].entry.source == "geonames"


def test_a_description_is_no_name_to_place():
    # "a Russian naval base in Ochamchire": the town's base, which the text does not name.
    got = places("Satellite images show a Russian naval base in Ochamchire growing.")
    assert "Ochamchire" in got
    assert all(p.entry is None or p.entry.source != "text" for p in got.values())
