"""A compass part of a country is a point in that part (osint.places.compass)."""

from __future__ import annotations

import pytest

from osint.case import place_text
from osint.gazetteer import load_gazetteer
from osint.geo import distance_km
from osint.places.compass import part_point


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def _rows(text: str, gaz) -> list[tuple[str, str, float, float]]:
    return [(p.mention.text, p.entry.name, p.entry.lat, p.entry.lon)
            for p in place_text(text, gaz) if p.entry is not None]


def test_a_part_is_the_weighted_mean_of_the_towns_in_its_third():
    towns = [(50.0, 24.0, 700_000), (50.0, 30.5, 2_900_000), (50.0, 36.2, 1_400_000), (46.0, 30.7, 1_000_000),
             (54.0, 30.4, 300_000)]
    assert part_point(towns, "west")[:2] == (50.0, 24.0)
    assert part_point(towns, "central") == (50.0, 30.5, 1)
    south = part_point(towns, "south")
    assert south is not None and (south[0], south[2]) == (46.0, 1)
    assert part_point([], "north") is None


def test_a_country_across_the_180th_meridian_is_one_stretch():
    # Chukotka's towns at -177 are Russia's far east, not its far west.
    towns = [(55.75, 37.6, 12_000_000), (59.9, 30.3, 5_000_000), (43.1, 131.9, 600_000),
             (64.7, -177.5, 15_000), (48.5, 135.1, 600_000), (55.0, 82.9, 1_600_000)]
    lon = part_point(towns, "east")[1]
    assert lon > 120 or lon < -170
    assert part_point(towns, "west")[1] < 40


@pytest.mark.parametrize("text, part", [
    ("Войска стоят в западной части России.", "западной части России"),
    ("Удары на востоке Украины продолжаются.", "востоке Украины"),
    ("Обстріли на північному сході України.", "північному сході України"),
    ("러시아 서부 지역에 병력이 배치됐다.", "러시아 서부"),
    ("Satellite images show troops in western Russia.", "western Russia"),
])
def test_a_compass_part_of_russia_or_ukraine_is_placed_in_that_part(gaz, text, part):
    rows = {m: (name, lat, lon) for m, name, lat, lon in _rows(text, gaz)}
    assert part in rows
    name, lat, lon = rows[part]
    country = "Russia" if "Russia" in name else "Ukraine"
    assert name.endswith(country) and name != country
    # The western part of Russia is about Moscow and Voronezh; eastern Ukraine about Kharkiv and Donetsk.
    near = {"Russia": (52.5, 38.5), "Ukraine": (48.9, 37.0)}[country]
    assert distance_km(lat, lon, *near) < 500


def test_a_countrys_name_with_a_compass_word_in_it_is_the_country(gaz):
    assert [(m, n) for m, n, _, _ in _rows("North Korea and South Korea met.", gaz)] == [
        ("North Korea", "North Korea"), ("South Korea", "South Korea")]


def test_a_korean_part_before_a_town_locates_the_town(gaz):
    rows = _rows("러시아 서부 벨고로드에 야전병원이 설치됐다.", gaz)
    assert ("러시아", "Russia") in [(m, n) for m, n, _, _ in rows]


def test_a_bare_english_compass_word_before_a_country_is_no_part(gaz):
    # "in south Russia" is left as Russia: a bare "South" or "West" mostly opens another name.
    assert ("Russia", "Russia") in [(m, n) for m, n, _, _ in _rows("the largest plant in south Russia.", gaz)]


def test_an_english_joined_direction_is_a_part(gaz):
    rows = [(m, n) for m, n, _, _ in _rows("Clashes in northeast Syria and north-western Syria.", gaz)]
    assert rows == [("northeast Syria", "north-eastern Syria"),
                    ("north-western Syria", "north-western Syria")]
