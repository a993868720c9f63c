"""The curated regions table (``data/regions_curated.csv``): every row is sourced and well formed,
and the gazetteer and the geoparser read its regions without letting them take over towns."""

from __future__ import annotations

import csv
import re

import pytest

import osint
from osint import gazetteer as gz
from osint.model.features import REGION_FEATURES, WATER_FEATURES
from osint.paths import data_file

COLUMNS = ["id", "name", "alternate_names", "lat", "lon", "feature", "country_code", "source_url",
           "source_note"]


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with data_file("regions_curated.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def test_table_validates(rows):
    assert len(rows) >= 50
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for r in rows:
        assert re.fullmatch(r"[a-z0-9-]+", r["id"]), r["id"]
        assert r["name"].strip() == r["name"] != ""
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, r["id"]
        # The vocabulary the resolver ranks (a "corridor" is a region; a shoal or a single island is
        # named by its water-layer word); a first-order division the GeoNames extract lacks is one
        # of its country, at its capital (said so in the note).
        assert r["feature"] in REGION_FEATURES | WATER_FEATURES | {"admin1"}, (r["id"], r["feature"])
        if r["feature"] == "admin1":
            note = r["source_note"]
            assert r["country_code"] and "DERIVED" in note and "capital" in note, r["id"]
        assert re.fullmatch(r"(|[A-Z]{2})", r["country_code"]), r["id"]
        assert r["source_url"].startswith(("https://", "http://")), r["id"]
        # The note quotes the coordinate as the page gives it.
        assert re.search(r"\d", r["source_note"]), r["id"]
        assert all(a.strip() == a != "" for a in r["alternate_names"].split("|") if r["alternate_names"])


def test_no_name_is_given_twice(rows):
    seen: dict[str, str] = {}
    for r in rows:
        for n in [r["name"], *filter(None, r["alternate_names"].split("|"))]:
            key = n.casefold()
            assert seen.setdefault(key, r["id"]) == r["id"], f"{n!r} in {seen[key]} and {r['id']}"


@pytest.mark.parametrize(("name", "row_id", "feature", "cc"), [
    ("Donbas", "donbas", "region", ""),
    ("Donbass", "donbas", "region", ""),
    ("Strait of Hormuz", "strait-of-hormuz", "strait", ""),
    ("Golan Heights", "golan-heights", "region", ""),
    ("Lachin corridor", "lachin-corridor", "corridor", "AZ"),
    ("Senkaku Islands", "senkaku-islands", "islands", ""),
    # Natural Earth label points, boundary lines and polygons; Pleiades; the sites layer's short names.
    ("Kashmir", "kashmir", "region", ""),
    ("South Ossetia", "south-ossetia", "region", ""),
    ("Line of Control", "line-of-control", "corridor", ""),
    ("Sinai", "sinai-peninsula", "peninsula", "EG"),
    ("Gobi", "gobi", "desert", ""),
    ("Northern Sea Route", "northern-sea-route", "region", "RU"),
    ("Sumatra", "sumatra", "island", "ID"),  # a dictionary word: the sites layer has "Sumatra island"
    ("Kivu", "kivu", "region", "CD"),
    ("Latin America", "latin-america", "region", ""),
])
def test_rows_are_found_with_their_source(rows, name, row_id, feature, cc):
    row = next(r for r in rows if r["id"] == row_id)
    e = next(e for e in gz.load_gazetteer().lookup(name) if e.source == "curated")
    assert (e.source_id, e.feature, e.country_code) == (row_id, feature, cc)
    assert e.source_url == row["source_url"]
    assert (e.lat, e.lon) == pytest.approx((float(row["lat"]), float(row["lon"])))


def test_regions_are_read_in_an_article_and_towns_keep_their_names():
    df = osint.geoparse(
        "Shelling continued across the Donbas on Monday, while tankers waited at the Strait of "
        "Hormuz. In Aral, a town on the old shore, officials spoke of the shrinking Aral Sea."
    )
    p = {r.text: (r.name, r.feature, r.country_code) for r in df.itertuples()}
    assert p["Donbas"] == ("Donbas", "region", "")
    assert p["Strait of Hormuz"][1] == "strait"
    assert p["Aral Sea"][:2] == ("Aral Sea", "sea")
    # The town keeps its own name: the region's name does not take it over.
    assert p["Aral"][1] == "city" and p["Aral"][2] == "KZ"


def test_a_region_outranks_the_town_that_shares_its_name_and_a_group_named_after_it_is_no_place():
    df = osint.geoparse(
        "Troops exchanged fire across the Line of Control in Kashmir, while in the Sinai the "
        "Province of Sinai claimed an attack."
    )
    p = {r.text: (r.name, r.feature) for r in df.itertuples()}
    assert p["Kashmir"] == ("Kashmir", "region")  # not Cashmere, Washington
    assert p["Line of Control"] == ("Line of Control", "corridor")
    assert p["Sinai"] == ("Sinai Peninsula", "peninsula")  # not the town in Ecuador
    # The armed group's name (non_places.csv) is not read as the peninsula.
    assert "Province of Sinai" not in p
    assert sum(r.text == "Sinai" for r in df.itertuples()) == 1


def test_a_bay_a_small_town_names_is_the_bay_unless_the_town_is_placed():
    df = osint.geoparse("Ice cover on Hudson Bay shrank this winter.")
    assert {r.text: r.feature for r in df.itertuples()}["Hudson Bay"] == "bay"
    df = osint.geoparse("Officials in Hudson Bay, Saskatchewan, said the town was safe.")
    assert {r.text: r.feature for r in df.itertuples()}["Hudson Bay"] == "city"
