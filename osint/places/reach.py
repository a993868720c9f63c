"""Rivers placed at the reach the article is about.

A river is a line hundreds of kilometres long; one representative point for "the Dnipro" is
500 km from Zaporizhzhia, where the story is. Once an article's places are read, each river
among them is moved to the point of its course (Natural Earth's centre line, shipped thinned in
``data/sites_water_lines.csv``) nearest to the article's other places on the ground (towns,
districts, sites; not countries, divisions or seas, whose points say little), and the reason
says which place drew it there. A river far from every such place (over
:data:`MAX_REACH_KM`), or an article with none, keeps its representative point.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from functools import lru_cache

from ..geo import sphere_km
from ..model.features import COUNTRY_FEATURES, REGION_FEATURES, WATER_FEATURES
from ..model.places import Entry, Place
from ..paths import data_dir

LINES_FILE = "sites_water_lines.csv"
#: Farther than this from every place of the article, a river keeps its representative point.
MAX_REACH_KM = 300.0
#: Features whose point anchors a river's reach: places on the ground, not areas.
_NOT_ANCHORS = COUNTRY_FEATURES | REGION_FEATURES | WATER_FEATURES


@lru_cache(maxsize=1)
def _courses() -> dict[tuple[str, str], str]:
    """(name, source id) -> the course's text, read once (parsed per river when needed)."""
    path = data_dir() / LINES_FILE
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {(r["name"], r["source_id"]): r["points"] for r in csv.DictReader(fh)}


def course(entry: Entry) -> list[tuple[float, float]]:
    """The vertices (lat, lon) of a river's course, or [] when none is shipped for it."""
    text = _courses().get((entry.name, entry.source_id), "")
    out = []
    for part in text.split("|") if text else ():
        for vertex in part.split(";"):
            lat, lon = vertex.split(" ")
            out.append((float(lat), float(lon)))
    return out


def _anchors(places: list[Place]) -> list[Entry]:
    return [p.entry for p in places if p.entry is not None and p.within is None
            and p.entry.feature not in _NOT_ANCHORS and p.entry.feature != "river"]


def at_reach(places: list[Place]) -> list[Place]:
    """``places`` with every river moved to its reach nearest the article's other places (see
    the module description), in the same order."""
    rivers = [p for p in places if p.entry is not None and p.entry.feature == "river"
              and p.analyst is None]
    anchors = _anchors(places) if rivers else []
    if not anchors:
        return places
    moved: dict[int, Entry] = {}
    reasons: dict[int, str] = {}
    for p in rivers:
        e = p.entry
        assert e is not None
        if e.id in moved:
            continue
        best = _nearest_vertex(course(e), anchors)
        if best is None:
            continue
        (lat, lon), anchor, km = best
        moved[e.id] = replace(e, lat=round(lat, 4), lon=round(lon, 4))
        reasons[e.id] = f"; placed on its course {km:.0f} km from {anchor.name} (Natural Earth centre line)"
    if not moved:
        return places
    return [p._replace(entry=moved[p.entry.id], reason=p.reason + reasons[p.entry.id])
            if p.entry is not None and p.entry.id in moved and p.analyst is None else p
            for p in places]


def _nearest_vertex(vertices: list[tuple[float, float]], anchors: list[Entry]
                    ) -> tuple[tuple[float, float], Entry, float] | None:
    """The vertex nearest to any anchor, that anchor and the distance; None beyond the limit."""
    best: tuple[tuple[float, float], Entry, float] | None = None
    for a in anchors:
        for v in vertices:
            km = sphere_km(v[0], v[1], a.lat, a.lon)
            if km <= MAX_REACH_KM and (best is None or km < best[2]):
                best = (v, a, km)
    return best
