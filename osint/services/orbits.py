"""Orbital elements and imaging opportunities.

Elements come from a file the user gives (CelesTrak OMM JSON, or two/three-line
TLE text) or from CelesTrak's GP query online (``gp.php?NAME=..&FORMAT=json``,
cached). Passes are computed with skyfield's SGP4 :class:`EarthSatellite`.
Elements drift: a pass predicted from elements weeks away from the window is
only indicative, and :func:`passes` reports each satellite's epoch gap.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, ServiceError
from .http import base_url, fetch_json

DEFAULT_URL = "https://celestrak.org/NORAD/elements/gp.php"
ENV = "OSINT_CELESTRAK_URL"
#: Elements further than this from the window are flagged as stale.
STALE_DAYS = 7.0
#: Minimum elevation (deg) for a pass to count as an imaging opportunity: high-resolution
#: imagers look at most ~45 deg off nadir, which is about 40 deg elevation from the ground.
MIN_ELEVATION = 40.0

#: Satellites to propagate for a provider: CelesTrak GP queries (NORAD ids confirmed in
#: research/imagery.md: Sentinel-1A 39634, Sentinel-2A 40697, Sentinel-2B 42063, WorldView-3 40115).
PROVIDER_QUERIES: dict[str, list[dict[str, str]]] = {
    "Umbra": [{"NAME": "UMBRA"}],
    "Capella Space": [{"NAME": "CAPELLA"}],
    "ICEYE": [{"NAME": "ICEYE"}],
    "Maxar": [{"CATNR": "40115"}, {"NAME": "WORLDVIEW"}],
    "Planet": [{"NAME": "SKYSAT"}],
    "BlackSky": [{"NAME": "BLACKSKY"}],
    "Sentinel-1": [{"CATNR": "39634"}],
    "Sentinel-2": [{"CATNR": "40697"}, {"CATNR": "42063"}],
}


@dataclass(frozen=True, slots=True)
class Elements:
    """One satellite's orbital elements (as an OMM dict, or TLE lines)."""

    name: str
    norad_id: int | None
    epoch: dt.datetime
    omm: dict[str, Any] | None = None
    tle: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Pass:
    """A pass above the minimum elevation."""

    name: str
    norad_id: int | None
    rise: dt.datetime
    culmination: dt.datetime
    set: dt.datetime
    max_elevation: float
    epoch_gap_days: float

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"name": self.name, "norad_id": self.norad_id, "rise": self.rise.isoformat(),
                "culmination": self.culmination.isoformat(), "set": self.set.isoformat(),
                "max_elevation": round(self.max_elevation, 1),
                "epoch_gap_days": round(self.epoch_gap_days, 1)}


def _omm_epoch(rec: dict) -> dt.datetime:
    e = dt.datetime.fromisoformat(str(rec["EPOCH"]).replace("Z", ""))
    return e.replace(tzinfo=dt.UTC)


def parse_omm(records: Any, source: str) -> list[Elements]:
    """Elements from CelesTrak OMM JSON (a list of objects with OBJECT_NAME, NORAD_CAT_ID, EPOCH, ...)."""
    if isinstance(records, dict):
        records = [records]
    if not isinstance(records, list):
        raise ServiceError(f"{source}: OMM JSON must be a list of objects")
    out = []
    for r in records:
        try:
            out.append(Elements(str(r["OBJECT_NAME"]), int(r["NORAD_CAT_ID"]), _omm_epoch(r), omm=r))
        except (KeyError, TypeError, ValueError) as exc:
            raise ServiceError(f"{source}: OMM record without a usable {exc}") from exc
    return out


def parse_tle(text: str, source: str) -> list[Elements]:
    """Elements from two- or three-line TLE text."""
    lines = [ln.rstrip() for ln in text.splitlines() if ln.strip()]
    out: list[Elements] = []
    i = 0
    while i < len(lines):
        name = None
        if not lines[i].startswith("1 "):
            name = lines[i].lstrip("0 ").strip()
            i += 1
        if i + 1 >= len(lines) or not (lines[i].startswith("1 ") and lines[i + 1].startswith("2 ")):
            raise InputError("not TLE text (expected line 1 / line 2 pairs)", path=source, line=i + 1)
        l1, l2 = lines[i], lines[i + 1]
        yy, doy = int(l1[18:20]), float(l1[20:32])
        year = 2000 + yy if yy < 57 else 1900 + yy
        epoch = dt.datetime(year, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=doy - 1)
        norad = int(l1[2:7])
        out.append(Elements(name or str(norad), norad, epoch, tle=(l1, l2)))
        i += 2
    return out


def load_elements(path: str | Path) -> list[Elements]:
    """Read elements from a file: OMM JSON (``.json``) or TLE text.

    Raises
    ------
    InputError
        Unreadable or malformed file.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read orbital elements ({exc})", path=str(p)) from exc
    if text.lstrip().startswith(("[", "{")):
        try:
            return parse_omm(json.loads(text), str(p))
        except (json.JSONDecodeError, ServiceError) as exc:
            raise InputError(f"malformed OMM JSON ({exc})", path=str(p)) from exc
    return parse_tle(text, str(p))


def fetch_elements(provider: str, *, online: bool) -> tuple[list[Elements], list[str]]:
    """CelesTrak's current elements for a provider's satellites, through the cache.

    Returns
    -------
    (elements, sources)

    Raises
    ------
    ServiceError
        No query known for the provider, offline without cache, or service failure.
    """
    queries = PROVIDER_QUERIES.get(provider)
    if not queries:
        raise ServiceError(f"no satellites known for provider '{provider}'")
    url = base_url(ENV, DEFAULT_URL)
    out: list[Elements] = []
    sources = []
    for q in queries:
        got = fetch_json("celestrak", url, {**q, "FORMAT": "json"}, online=online)
        # CelesTrak answers a query with no match by plain text ("No GP data found").
        if isinstance(got.data, list):
            out.extend(parse_omm(got.data, got.url))
        sources.append(got.provenance)
    seen = set()
    uniq = [e for e in out if not (e.norad_id in seen or seen.add(e.norad_id))]
    return uniq, sources


def passes(elements: list[Elements], lat: float, lon: float, start: dt.datetime, end: dt.datetime,
           *, min_elevation: float = MIN_ELEVATION) -> list[Pass]:
    """Passes of each satellite over a point, culminating above ``min_elevation`` degrees."""
    from skyfield.api import EarthSatellite, wgs84

    from ..sun import _ephemeris

    ts, _ = _ephemeris()
    t0, t1 = ts.from_datetime(start.astimezone(dt.UTC)), ts.from_datetime(end.astimezone(dt.UTC))
    site = wgs84.latlon(lat, lon)
    out: list[Pass] = []
    for el in elements:
        if el.omm is not None:
            sat = EarthSatellite.from_omm(ts, el.omm)
        else:
            assert el.tle is not None
            sat = EarthSatellite(el.tle[0], el.tle[1], el.name, ts)
        times, events = sat.find_events(site, t0, t1, altitude_degrees=min_elevation)
        cur: dict[int, Any] = {}
        for t, ev in zip(times, events):
            cur[int(ev)] = t
            if int(ev) == 2 and 0 in cur and 1 in cur:
                alt = (sat - site).at(cur[1]).altaz()[0].degrees
                culm = cur[1].utc_datetime()
                gap = abs((culm - el.epoch).total_seconds()) / 86400
                out.append(Pass(el.name, el.norad_id, cur[0].utc_datetime(), culm,
                                t.utc_datetime(), float(alt), gap))
                cur = {}
    return sorted(out, key=lambda p: p.culmination)
