"""osint.render.focus: where a map opens, on articles from several regions.

Coordinates come from the embedded gazetteer (GeoNames records), never typed in here.
"""

from __future__ import annotations

import pytest

import osint
from osint.render.focus import ViewPoint, story_view


@pytest.fixture(scope="module")
def gaz():
    return osint.load_gazetteer()


def _pt(gaz, name, weight, layer="cities"):
    e = gaz.lookup(name)[0]
    return ViewPoint(f"{e.source}:{e.source_id}", e.name, e.lat, e.lon, layer, weight)


def _inside(view, p):
    s, w, n, e = view.focus
    return s <= p.lat <= n and w <= p.lon <= e


def test_a_region_of_nearby_towns_is_one_focus(gaz):
    # A Sahel story: Bamako most named, Kati beside it, Paris quoted once.
    bamako, kati, paris = _pt(gaz, "Bamako", 6), _pt(gaz, "Kati", 2), _pt(gaz, "Paris", 1)
    v = story_view([bamako, paris, kati])
    assert _inside(v, bamako) and _inside(v, kati) and not _inside(v, paris)
    assert v.hub.name == "Bamako" and v.narrower
    s, w, n, e = v.everything
    assert s <= paris.lat <= n and w <= paris.lon <= e


def test_claim_sites_are_always_in_view(gaz):
    kyiv = _pt(gaz, "Kyiv", 5)
    odesa = ViewPoint("claim:0", "port", _pt(gaz, "Odesa", 1).lat, _pt(gaz, "Odesa", 1).lon, "claims", 1)
    v = story_view([kyiv, _pt(gaz, "Washington", 3), odesa])
    assert _inside(v, kyiv) and _inside(v, odesa)
    assert "geonames:4140963" not in v.inside  # Washington, D.C.


def test_countries_count_only_when_nothing_smaller_is_named(gaz):
    france = _pt(gaz, "France", 4, "countries")
    germany = _pt(gaz, "Germany", 3, "countries")
    only = story_view([france, germany])  # centroids about 700 km apart: the most-named one
    assert _inside(only, france) and not _inside(only, germany) and only.hub is None
    v = story_view([france, germany, _pt(gaz, "Lyon", 1)])
    assert _inside(v, _pt(gaz, "Lyon", 1)) and not _inside(v, germany)


def test_a_lone_site_opens_at_city_scale_a_lone_town_with_its_surroundings(gaz):
    lima = _pt(gaz, "Lima", 1)
    site = ViewPoint("curated:x", "a site", lima.lat + 0.01, lima.lon, "sites", 1)
    s, w, n, e = story_view([site]).focus
    assert 0.05 < n - s < 0.3 and 0.05 < e - w < 0.3
    s, w, n, e = story_view([lima]).focus  # a town alone: the town and its surroundings
    assert 0.4 < n - s < 0.8 and 0.4 < e - w < 0.8
    town_claim = ViewPoint("claim:0", "Lima", lima.lat, lima.lon, "claims", 1, town=True)
    assert story_view([lima, town_claim]).focus == story_view([lima]).focus


def test_no_points_no_view():
    assert story_view([]) is None
