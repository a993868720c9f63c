"""Where a map opens: on the article's focus, not on the whole world.

A news report names many places, and most of its mentions and all of its claims
usually sit in one region; a few places are far away (a think tank's home city,
a capital quoted once). Fitting every place opens the map on the whole world,
where the region the story is about is a pile of markers. :func:`story_view`
finds the region instead:

1. the candidates are the cities and sites (countries and regions are points at
   a centroid, hundreds of kilometres from anything the article describes; they
   count only when the article names nothing smaller);
2. candidates closer than :data:`LINK_KM` to one another are chained into
   groups (single linkage), so a region of nearby towns stays one group
   however large it is, and a place far from all others stands alone;
3. the group with the most mentions is the focus, and every claim site is
   added to it, wherever it is (a claim "site" that is a whole country, region
   or continent is shown, but does not stretch the view to its centroid).

The view keeps its evidence: which places are inside it, and the city its
distances are measured from (the group's most-mentioned city).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..geo import distance_km

#: Places closer than this (km) to one another are one region of the story.
LINK_KM = 150.0


#: Only the most-mentioned points decide the focus (bounded work on huge articles).
MAX_POINTS = 150


#: The focus is at least this wide (km) either way of its centre: a lone site opens at city scale.
MIN_HALF_SPAN_KM = 4.0


#: ... a focus of towns alone (no site below city level) at the scale of a town and its
#: surroundings ...
TOWN_HALF_SPAN_KM = 30.0


#: ... and a focus of countries or regions alone (centroids) at country scale.
AREA_HALF_SPAN_KM = 400.0


@dataclass(frozen=True)
class ViewPoint:
    """A point the map shows: a place (with its mention count) or a claim site.

    Attributes
    ----------
    key : str
        Unique on the map (``source:source_id`` for places, ``claim:N`` for claim sites).
    name : str
    lat, lon : float
    layer : str
        ``countries``, ``cities``, ``sites`` or ``claims`` (see :data:`osint.render.LAYERS`).
    weight : float
        How much of the story it carries: mentions, or the claims made about the site.
    broad : bool
        A claim site that is a whole area (country, region, continent): its point is a
        centroid, so it is not forced into the view.
    town : bool
        A claim site that is a city or town (not a site below it).
    """

    key: str
    name: str
    lat: float
    lon: float
    layer: str
    weight: float = 1.0
    broad: bool = False
    town: bool = False


@dataclass(frozen=True)
class View:
    """The story's view of a map.

    Attributes
    ----------
    focus : (south, west, north, east)
        Where the map opens.
    everything : (south, west, north, east)
        Every point, for the "all places" view.
    inside : frozenset of str
        Keys of the points inside ``focus``.
    hub : ViewPoint or None
        The focus group's most-mentioned city: where distances and bearings are measured from.
    group : tuple of str
        Keys of the focus group (before claim sites were added).
    """

    focus: tuple[float, float, float, float]
    everything: tuple[float, float, float, float]
    inside: frozenset[str]
    hub: ViewPoint | None
    group: tuple[str, ...]

    @property
    def narrower(self) -> bool:
        """True when the focus leaves some point out (a "fit all" view is worth offering)."""
        s, w, n, e = self.everything
        fs, fw, fn, fe = self.focus
        return s < fs or w < fw or n > fn or e > fe


def _groups(points: Sequence[ViewPoint], link_km: float) -> list[list[int]]:
    """Single-linkage groups of ``points`` (indices), chaining pairs closer than ``link_km``."""
    parent = list(range(len(points)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    deg = link_km / 111.0  # a degree of latitude is about 111 km: a cheap test before the geodesic
    for i, a in enumerate(points):
        for j in range(i + 1, len(points)):
            b = points[j]
            if abs(a.lat - b.lat) > deg or root(i) == root(j):
                continue
            if distance_km(a.lat, a.lon, b.lat, b.lon) <= link_km:
                parent[root(j)] = root(i)
    out: dict[int, list[int]] = {}
    for i in range(len(points)):
        out.setdefault(root(i), []).append(i)
    return list(out.values())


def bounds(points: Sequence[ViewPoint], *,
           min_half_span_km: float = 0.0) -> tuple[float, float, float, float]:
    """(south, west, north, east) around ``points``, at least ``min_half_span_km`` from the centre."""
    s = min(p.lat for p in points)
    n = max(p.lat for p in points)
    w = min(p.lon for p in points)
    e = max(p.lon for p in points)
    if min_half_span_km > 0:
        clat, clon = (s + n) / 2, (w + e) / 2
        dlat = min_half_span_km / 111.0
        dlon = min_half_span_km / (111.0 * max(math.cos(math.radians(clat)), 0.05))
        s, n = min(s, clat - dlat), max(n, clat + dlat)
        w, e = min(w, clon - dlon), max(e, clon + dlon)
    return (max(s, -85.0), max(w, -180.0), min(n, 85.0), min(e, 180.0))


def story_view(points: Sequence[ViewPoint], *, link_km: float = LINK_KM,
               min_half_span_km: float = MIN_HALF_SPAN_KM) -> View | None:
    """The view a map of an article opens on: its focus, with every claim site.

    Parameters
    ----------
    points : sequence of ViewPoint
        The places (weighted by mentions) and claim sites, in text order.
    link_km : float
        Places closer than this to one another count as one region.
    min_half_span_km : float
        The focus is never narrower than this either way of its centre; without a site
        below city level, never narrower than :data:`TOWN_HALF_SPAN_KM`, and of countries
        or regions alone, :data:`AREA_HALF_SPAN_KM`.

    Returns
    -------
    View or None
        None when there are no points.

    Examples
    --------
    >>> pts = [ViewPoint("a", "Pyongyang", 39.03, 125.75, "cities", 9),
    ...        ViewPoint("b", "Monterey", 36.60, -121.89, "sites", 1)]
    >>> v = story_view(pts)
    >>> sorted(v.inside), v.hub.name
    (['a'], 'Pyongyang')
    """
    if not points:
        return None
    claims = [p for p in points if p.layer == "claims" and not p.broad]
    group = _focus_group(points, claims, link_km)
    focus_pts = group + [c for c in claims if c not in group]
    focus = bounds(focus_pts, min_half_span_km=max(min_half_span_km, _floor(focus_pts)))
    s, w, n, e = focus
    inside = frozenset(p.key for p in points if s <= p.lat <= n and w <= p.lon <= e)
    cities = [p for p in group if p.layer == "cities"]
    hub = max(cities, key=lambda p: p.weight) if cities else None
    everything = bounds(points, min_half_span_km=min_half_span_km)
    return View(focus=focus, everything=everything, inside=inside, hub=hub, group=tuple(p.key for p in group))


def _focus_group(points: Sequence[ViewPoint], claims: list[ViewPoint], link_km: float) -> list[ViewPoint]:
    """The region the story is about: among the cities and sites (else the places, else the
    claim sites), the group of nearby points with the most mentions, in text order."""
    places = [p for p in points if p.layer != "claims" or p.broad]
    small = [p for p in places if p.layer != "countries"]
    cands = small or places or claims
    # Ties go to the place named first: sorted() is stable.
    top = sorted(cands, key=lambda p: -p.weight)[:MAX_POINTS]
    groups = _groups(top, link_km)
    best = max(groups, key=lambda g: (sum(top[i].weight for i in g), -min(g)))
    return [top[i] for i in sorted(best)]


def _floor(focus_pts: list[ViewPoint]) -> float:
    """The narrowest the focus may be either way of its centre: country scale for countries or
    regions alone, none with a site below city level, else town scale."""
    areas = all(p.layer == "countries" or p.broad for p in focus_pts)
    sites = any(p.layer == "sites" or (p.layer == "claims" and not (p.broad or p.town)) for p in focus_pts)
    return AREA_HALF_SPAN_KM if areas else 0.0 if sites else TOWN_HALF_SPAN_KM
