"""A border between two countries the text names as one ("the China-North Korea border", "the
Kyrgyz-Tajik border", "the border between Thailand and Cambodia", "Poland's border with Belarus"):
one place on that border, not the two countries' points a thousand kilometres apart.

No border geometry ships offline, so the border is read from the gazetteer's towns: a town of one
country within :data:`NEAR_KM` of a town of the other marks the border zone at their midpoint. The
place is the marked point nearest the article's own places (a story at Sinuiju is at the Yalu),
else the zone's most central marked point (its medoid). The reason says how it was found and how
long the zone is: that length is the place's uncertainty. Two countries without towns that close
(a sea between them, an empty desert border) give no border place: their two rows stay.
"""

from __future__ import annotations

import math
import re
import weakref
from collections.abc import Sequence

from ..gazetteer import Gazetteer
from ..geo import sphere_km
from ..model import Alternative, Entry, Mention, Place

#: Towns of the two countries this close mark their border (then a wider search for sparse borders).
NEAR_KM = (15.0, 40.0)
#: How near the article's own places a border point must be to be chosen for them.
STORY_KM = 300.0
#: The confidence of a border place: a point on a line hundreds of kilometres long.
CONFIDENCE = 0.6
#: Where the towns that mark a border come from (the gazetteer's towns: GeoNames cities500).
TOWNS_SOURCE = "https://download.geonames.org/export/dump/cities500.zip"
#: Marked points kept for the medoid (evenly spaced along the zone's list).
_MEDOID_POINTS = 300

#: "X-Y border": what joins the two names, and the word after them.
_HYPHENS = frozenset({"-", "–", "—", "/"})
_BORDER_AFTER_RE = re.compile(r"\s+(?:land\s+|state\s+|international\s+)?(border|frontier|boundary)\b",
                              re.IGNORECASE)
#: "the border between X and Y", "X's border with Y".
_BETWEEN_BEFORE_RE = re.compile(r"\b(border|frontier|boundary)\s+between\s+(?:the\s+)?$", re.IGNORECASE)
_AND_GAPS = frozenset({" and ", " and the "})
_WITH_GAPS = frozenset({"'s border with ", "’s border with ", "'s border with the ", "’s border with the ",
                        "'s frontier with ", "’s frontier with "})

Point = tuple[float, float]
_ZONES: weakref.WeakKeyDictionary[Gazetteer, dict[tuple[str, str], tuple[float, list[Point]]]] = (
    weakref.WeakKeyDictionary())


def with_borders(text: str, places: list[Place], gazetteer: Gazetteer) -> list[Place]:
    """``places`` with each pair of countries the text names as one border replaced by a place on
    that border (see the module description), in text order.

    Parameters
    ----------
    text : str
        The text the places come from.
    places : list of Place
        Its places, in text order.
    gazetteer : Gazetteer
        The gazetteer they were read in (its towns mark the borders).

    Returns
    -------
    list of Place
    """
    if "border" not in text and "frontier" not in text and "boundar" not in text:
        return places
    story = [(p.entry.lat, p.entry.lon) for p in places
             if p.entry is not None and p.entry.feature not in ("country", "continent", "admin1")]
    out: list[Place] = []
    i = 0
    while i < len(places):
        border = _border_at(text, places, i, gazetteer, story) if i + 1 < len(places) else None
        if border is None:
            out.append(places[i])
            i += 1
        else:
            out.append(border)
            i += 2
    return out


def _country(p: Place) -> Entry | None:
    return p.entry if p.entry is not None and p.entry.feature == "country" and p.within is None else None


def _border_at(text: str, places: Sequence[Place], i: int, gaz: Gazetteer,
               story: list[tuple[float, float]]) -> Place | None:
    """The border place that places ``i`` and ``i + 1`` name together, or None."""
    p, q = places[i], places[i + 1]
    a, b = _country(p), _country(q)
    if a is None or b is None or a.country_code == b.country_code:
        return None
    gap = text[p.mention.end:q.mention.start]
    if gap in _HYPHENS and (after := _BORDER_AFTER_RE.match(text, q.mention.end)):
        start, end = p.mention.start, after.end()
    elif gap in _AND_GAPS and (before := _BETWEEN_BEFORE_RE.search(text, max(0, p.mention.start - 30),
                                                                   p.mention.start)):
        start, end = before.start(), q.mention.end
    elif gap in _WITH_GAPS:
        start, end = p.mention.start, q.mention.end
    else:
        return None
    near, zone = _zone(gaz, a.country_code, b.country_code)
    if not zone:
        return None
    lat, lon, how = _point(zone, story)
    extent = max(sphere_km(lat, lon, y, x) for y, x in zone)
    name = f"{a.name}–{b.name} border"
    mention = Mention(start, end, text[start:end], name.lower(), "border", (), p.mention.locative)
    entry = Entry(-1, name, round(lat, 5), round(lon, 5), "border", "", "", 0, "derived",
                  f"border:{a.country_code}-{b.country_code}", TOWNS_SOURCE)
    alternatives = (Alternative.of(a, p.confidence), Alternative.of(b, q.confidence))
    why = (f"the {name}: {how}, on a zone marked by {len(zone)} pairs of the gazetteer's towns within "
           f"{near:.0f} km of each other across it; the zone reaches "
           f"{extent:,.0f} km from this point")
    return Place(mention, entry, CONFIDENCE, alternatives, why,
                 review="a point on a border: the text may mean another stretch of it")


def _point(zone: list[tuple[float, float]], story: list[tuple[float, float]]) -> tuple[float, float, str]:
    """The zone's point nearest the story's places (within :data:`STORY_KM`), else its medoid."""
    if story:
        best = min(((min(sphere_km(y, x, sy, sx) for sy, sx in story), (y, x)) for y, x in zone))
        if best[0] <= STORY_KM:
            return (*best[1], f"the point of the border nearest the article's places ({best[0]:,.0f} km)")
    step = max(1, len(zone) // _MEDOID_POINTS)
    kept = zone[::step]
    # Equirectangular distances rank the candidates as well as geodesics over a border's length.
    def spread(pt: tuple[float, float]) -> float:
        c = math.cos(math.radians(pt[0]))
        return sum(math.hypot(pt[0] - y, (pt[1] - x) * c) for y, x in kept)
    lat, lon = min(kept, key=spread)
    return lat, lon, "the most central point of the border's marked zone (its medoid)"


#: Every country's towns, once per gazetteer (see country_towns).
_TOWNS: weakref.WeakKeyDictionary[Gazetteer, dict[str, list[tuple[float, float, int]]]] = (
    weakref.WeakKeyDictionary())


def country_towns(gaz: Gazetteer, cc: str) -> list[tuple[float, float, int]]:
    """The towns (cities and capitals) of country ``cc`` as (lat, lon, population), in gazetteer
    order. Every country's are read in one pass over the gazetteer, once per gazetteer: a pass
    per country cost a text about 50 ms for each country it needed."""
    per = _TOWNS.get(gaz)
    if per is None:
        per = _TOWNS[gaz] = {}
        codes, features, pops, lats, lons = gaz.country_code, gaz.feature, gaz.population, gaz.lat, gaz.lon
        for i in range(len(codes)):
            if features[i] in ("city", "capital"):
                per.setdefault(codes[i], []).append((lats[i], lons[i], pops[i]))
    return per.get(cc, [])


def _towns(gaz: Gazetteer, cc: str) -> list[Point]:
    return [(lat, lon) for lat, lon, _ in country_towns(gaz, cc)]


def _zone(gaz: Gazetteer, a: str, b: str) -> tuple[float, list[tuple[float, float]]]:
    """How near the towns had to be, and the midpoints of the pairs of towns of countries ``a``
    and ``b`` that near each other (memoised per gazetteer)."""
    key = (min(a, b), max(a, b))
    zones = _ZONES.setdefault(gaz, {})
    if key not in zones:
        ta, tb = _towns(gaz, key[0]), _towns(gaz, key[1])
        zones[key] = (NEAR_KM[-1], [])
        for km in NEAR_KM:
            if zone := _pairs(ta, tb, km):
                zones[key] = (km, zone)
                break
    return zones[key]


def _pairs(ta: list[Point], tb: list[Point], km: float) -> list[Point]:
    """Midpoints of each town of ``ta`` and its nearest town of ``tb`` within ``km``."""
    # Cells of three times the distance in latitude's degrees: wide enough in longitude too, up
    # to 70 degrees north or south, for a cell and its neighbours to hold every town within km.
    cell = km / 111.0 * 3
    grid: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for y, x in tb:
        grid.setdefault((int(y // cell), int(x // cell)), []).append((y, x))
    out = []
    for y, x in ta:
        cy, cx = int(y // cell), int(x // cell)
        near = [(sphere_km(y, x, v, u), v, u) for dy in (-1, 0, 1) for dx in (-1, 0, 1)
                for v, u in grid.get((cy + dy, cx + dx), ())]
        if near:
            d, v, u = min(near)
            if d <= km:
                out.append(((y + v) / 2, (x + u) / 2))
    return sorted(out)
