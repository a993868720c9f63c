"""Coordinates written in the text become places whose source is the text (issue 20)."""

from __future__ import annotations

import pytest

import osint
from osint.places.coordinates import find_coordinates


@pytest.mark.parametrize("text,lat,lon,form", [
    ("imaged at 36°12'34\"N 44°01'10\"E on Monday", 36.20944, 44.01944, "dms"),
    ("at 22° 56' 54.5\"N 82° 21' 46.29\"W", 22.94847, -82.36286, "dms"),
    ("36°12'N, 44°01'E", 36.2, 44.01667, "dms"),
    ("spotted at 13.5N 25.3E", 13.5, 25.3, "decimal"),
    ("spotted at 13.5S 25.3W", -13.5, -25.3, "decimal"),
    ("N13.5 E25.3", 13.5, 25.3, "decimal"),
    ("34.5° N, 69.2° E", 34.5, 69.2, "dms"),
    ("the base (39.0195, 125.7525) lies", 39.0195, 125.7525, "signed"),
    ("its coordinates: -33.8688, 151.2093", -33.8688, 151.2093, "signed"),
    ("grid reference 38SMB4484", 33.29816, 44.40387, "mgrs"),
    ("grid 38S MB 44 84", 33.29816, 44.40387, "mgrs"),
    ("UKMTO: a vessel at 14:50N 041:55E reported", 14.83333, 41.91667, "dm"),
    ("position 12:09.4N 044:16.1E.", 12.15667, 44.26833, "dm"),
    ("in position 14-50N 041-55E", 14.83333, 41.91667, "dm"),
    ("NAVAREA IX: 1450N 04155E", 14.83333, 41.91667, "dm"),
])
def test_each_written_form_is_read(text, lat, lon, form):
    (p,) = find_coordinates(text)
    assert (p.form, round(p.lat, 4), round(p.lon, 4)) == (form, round(lat, 4), round(lon, 4))
    assert text[p.start:p.end] == p.text


@pytest.mark.parametrize("text", [
    "In 2023, 45 people died; 12.5 and 30.1 per cent",
    "the 5 MW reactor, 3 km N of the river",
    "flight MH17, F-16 jets, the 2S19 howitzer and the 12th Brigade",
    "at 95.5N 25.3E",          # no such latitude
    "at 13.5N 25.3S",          # two latitudes
    "(39.01, 125.75)",         # too few decimals to be read as coordinates rather than numbers
    "the 2023-24N cohort, 10:30 N",   # no longitude after them
    "at 14:75N 041:55E",       # no such minute
])
def test_numbers_that_are_no_coordinates_are_left_alone(text):
    assert find_coordinates(text) == []


def test_a_stated_point_is_a_place_with_the_text_as_its_source():
    df = osint.geoparse("Imagery of the site at 22° 56' 54.5\"N 82° 21' 46.29\"W near Havana.")
    row = df[df["feature"] == "coordinates"].iloc[0]
    assert (row["source"], row["source_id"], row["confidence"]) == ("text", "dms", 1.0)
    assert "stated in the text" in row["reason"] and "3 m" in row["reason"]
    assert "Havana" in set(df["name"])


def test_a_bare_pair_as_a_map_copies_it_is_read_and_a_list_of_figures_is_not():
    from osint.places.coordinates import find_coordinates

    text = "The strike site, 32.355833, 13.047222. Then lat: 48.6796, long:38.0947 again."
    got = [(p.lat, p.lon) for p in find_coordinates(text)]
    assert got == [(32.355833, 13.047222), (48.6796, 38.0947)]
    assert find_coordinates("Values rose 1.2345, 2.3456, 3.4567 and the price was 12.5000, 13.2500.") == []
