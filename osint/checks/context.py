"""What several checks need to know about a claim: the site's time zone, the window's bounds,
the city a site is measured against, and the sun hour by hour."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import math
import re
from collections.abc import Sequence
from typing import Any

from ..errors import InputError
from ..gazetteer import Entry, Gazetteer
from ..geo import distance_km
from ..model import ImageryClaim, Site
from ..paths import data_file
from ..sun import get_zone, zone_at

#: People per km² assumed when estimating a city's built-up radius from its population.
URBAN_DENSITY = 5000.0


#: Cloud cover (percent) at or below which an hour counts as clear for optical imaging.
CLEAR_SKY = 20.0


SUN_SOURCE = "solar geometry: skyfield + JPL DE421 (skyfield-data), computed offline"


CLOUD_WORDS = re.compile(r"\b(?:through (?:the )?clouds?|cloud(?:y|s)?|overcast|rain)\b", re.I)


NIGHT_WORDS = re.compile(r"\b(?:night(?:time)?|dark(?:ness)?|after dark|at dusk)\b", re.I)


def site_tz(site: Site) -> str:
    """The IANA zone at a site (see :func:`osint.sun.zone_at`)."""
    return zone_at(site.lat, site.lon)


TZ_SOURCE = "time zone: timezonefinder (offline, packaged timezone-boundary-builder polygons)"


def pass_bands(sensors_: Sequence[Any], site: Site, day: dt.date,
               tz: str) -> list[tuple[dt.datetime, dt.datetime]]:
    """The local clock intervals on ``day`` when the given sun-synchronous constellations pass
    over the site: their overpass local *solar* times moved to the site's zone by its longitude."""
    z = get_zone(tz)
    out = []
    for s in sensors_:
        for h0, h1 in s.overpass_hours():
            base = dt.datetime.combine(day, dt.time(), dt.UTC)
            a = base + dt.timedelta(hours=h0 - site.lon / 15)
            b = base + dt.timedelta(hours=h1 - site.lon / 15)
            out.append((a.astimezone(z), b.astimezone(z)))
    return sorted(out)


def urban_radius_km(population: int) -> float:
    """Radius of a disc holding ``population`` at :data:`URBAN_DENSITY` people per km²."""
    return math.sqrt(max(population, 1) / (math.pi * URBAN_DENSITY))


def _window_bounds(claim: ImageryClaim, tz: str) -> tuple[dt.datetime, dt.datetime] | None:
    """The claim's window as local instants (start of its first day, end of its last), or None.

    Raises
    ------
    InputError
        A window reaching outside the years the solar ephemeris covers (year 1, 9999): no
        solar or orbital check can be made there, and the calendar's edge would overflow.
    """
    from ..sun import ephemeris_span

    w = claim.window
    if w.start is None or w.end is None:
        return None
    lo, hi = ephemeris_span()
    if not (lo.date() < w.start and w.end < hi.date()):
        raise InputError(f"the window {w.start}..{w.end} reaches outside the solar ephemeris "
                         f"({lo:%Y-%m-%d} to {hi:%Y-%m-%d})")
    z = get_zone(tz)
    return (dt.datetime.combine(w.start, dt.time(), z),
            dt.datetime.combine(w.end + dt.timedelta(days=1), dt.time(), z))


#: How far a city found by the reference's name may lie from the reference's own point and still
#: be it (a province's centroid and its capital city lie this far apart at most, in practice).
REFERENCE_SAME_KM = 150.0


def reference_city(claim: ImageryClaim, site: Site, gaz: Gazetteer) -> tuple[Entry | None, str]:
    """The city the site is measured against and where it comes from: ``"words"`` (the
    description's reference, or a city the sentence names) or ``"curated"`` (the curated site's
    own city, which the words may never name); ``(None, "")`` when there is none."""
    def find(name: str, lat: float | None = None, lon: float | None = None) -> Entry | None:
        # A city's point, not its province's centroid: cities and capitals first, then the nearest.
        hits = [e for e in gaz.lookup(name) if e.feature in ("capital", "city", "admin1")]
        hits.sort(key=lambda e: (e.feature == "admin1",
                                 distance_km(lat, lon, e.lat, e.lon) if lat is not None else 0.0))
        return hits[0] if hits else None

    if site.reference:
        name, lat, lon = site.reference[0], site.reference[1], site.reference[2]
        e = find(name, lat, lon)
        # The reference is the place the claims stage resolved: a city of its name elsewhere is a
        # namesake ("the Engels air base in Russia": Russia, Ohio), never the reference; a country
        # or province has no city at its point, and the site is then placed in it, not measured.
        if e is not None and distance_km(e.lat, e.lon, lat, lon) <= REFERENCE_SAME_KM:
            return e, "words"
        return None, ""
    for m in re.finditer(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*", claim.text):
        e = find(m.group())
        if e is not None and distance_km(e.lat, e.lon, site.lat, site.lon) < 60:
            return e, "words"
    city = _curated_city(site.source_id)
    if city:
        e = find(city, site.lat, site.lon)
        if e is not None and distance_km(e.lat, e.lon, site.lat, site.lon) < 60:
            return e, "curated"
    return None, ""


def _curated_city(site_id: str) -> str | None:
    p = data_file("curated_places.csv")
    if not site_id or not p.exists():
        return None
    with p.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get("id") == site_id:
                return row.get("city") or None
    return None


def _hourly_sun(site: Site, bounds: tuple[dt.datetime, dt.datetime]) -> list[tuple[dt.datetime, float]]:
    return list(_hourly_sun_at(site.lat, site.lon, bounds[0], bounds[1]))


@functools.lru_cache(maxsize=256)
def _hourly_sun_at(lat: float, lon: float, start: dt.datetime,
                   end: dt.datetime) -> tuple[tuple[dt.datetime, float], ...]:
    # Cached: the claims of one article share sites and windows.
    from ..sun import elevations

    t, times = start, []
    while t < end:
        times.append(t)
        t += dt.timedelta(hours=1)
    return tuple(zip(times, elevations(lat, lon, times)))
