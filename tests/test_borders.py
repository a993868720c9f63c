"""A border two countries' names make together is one place on that border (osint.places.borders)."""

from __future__ import annotations

import osint
from osint.geo import distance_km


def _border(text: str, embedded: bool = False):
    places = osint.geoparse_places(text, embedded=embedded)
    return places, [p for p in places if p.entry is not None and p.entry.feature == "border"]


def test_a_hyphened_pair_of_countries_before_border_is_one_place_on_it():
    places, border = _border("Clashes on the Kyrgyz-Tajik border killed 40 people.")
    assert [p.mention.text for p in places] == ["Kyrgyz-Tajik border"]
    b = border[0]
    # Both countries' points lie hundreds of kilometres from their shared border; the place is on it.
    assert b.entry.name == "Kyrgyzstan–Tajikistan border" and b.entry.source == "derived"
    assert 39.5 < b.entry.lat < 41.0 and 69.0 < b.entry.lon < 73.5
    assert {a.country_code for a in b.alternatives} == {"KG", "TJ"}
    assert "pairs of the gazetteer's towns" in b.reason and b.review


def test_the_border_point_is_the_one_nearest_the_articles_own_places():
    _, border = _border("Trucks crossed the China-North Korea border near Sinuiju on Monday.")
    b = border[0].entry
    assert distance_km(b.lat, b.lon, 40.1, 124.4) < 30  # Sinuiju, on the Yalu
    assert "nearest the article's places" in border[0].reason


def test_between_and_with_forms():
    _, between = _border("Shelling resumed on the border between Thailand and Cambodia.")
    assert between[0].mention.text == "border between Thailand and Cambodia"
    _, with_ = _border("Migrants gathered at Poland's border with Belarus.")
    assert with_[0].mention.text == "Poland's border with Belarus"


def test_two_countries_without_a_land_border_stay_two_countries():
    places, border = _border("The Russia-US border runs through the Bering Strait.")
    assert not border and {"Russia", "US"} <= {p.mention.text for p in places}


def test_a_toponym_corpus_keeps_the_two_countries():
    places, border = _border("Clashes on the Kyrgyz-Tajik border killed 40 people.", embedded=True)
    assert not border and [p.mention.text for p in places] == ["Kyrgyz", "Tajik"]
