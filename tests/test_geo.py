"""The one distance module: its screens give distance_km's answers, and no other module measures."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from osint.geo import SPHERE_ERROR, VINCENTY_ERROR, distance_km, nearest_km, sphere_km, vincenty_km

PACKAGE = Path(__file__).resolve().parents[1] / "osint"


def _points(rng: random.Random, n: int) -> list[tuple[float, float]]:
    return [(rng.uniform(-80.0, 80.0), rng.uniform(-180.0, 180.0)) for _ in range(n)]


def test_screens_stay_within_their_bounds():
    rng = random.Random(7)
    for (la1, lo1), (la2, lo2) in zip(_points(rng, 500), _points(rng, 500)):
        d = distance_km(la1, lo1, la2, lo2)
        assert abs(sphere_km(la1, lo1, la2, lo2) - d) <= SPHERE_ERROR * d + 1e-9
        v = vincenty_km(la1, lo1, la2, lo2)
        assert v is None or abs(v - d) <= VINCENTY_ERROR


@pytest.mark.parametrize("edge", [50.0, 1000.0, 5000.0])
def test_nearest_km_reads_as_the_geodesic(edge):
    rng = random.Random(int(edge))
    for _ in range(200):
        lat, lon = _points(rng, 1)[0]
        # Points near the edge as well as anywhere: the screens' hardest cases.
        pts = _points(rng, rng.randint(1, 6))
        exact = min(distance_km(lat, lon, la, lo) for la, lo in pts)
        got = nearest_km(lat, lon, pts, edge)
        assert (got < edge) == (exact < edge)
        if got >= edge:
            assert round(got) == round(exact)


def test_nearest_km_on_an_antipode_falls_back_on_the_geodesic():
    # Vincenty's formulae do not converge here: the geodesic answers.
    assert nearest_km(0.0, 0.0, [(0.5, 179.7)], 1000.0) == pytest.approx(distance_km(0.0, 0.0, 0.5, 179.7))


def test_no_other_module_measures_a_distance():
    own = re.compile(r"haversine|vincenty|\basin\(|6371", re.IGNORECASE)
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if p.name != "geo.py" and own.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
