"""Orbital elements and imaging opportunities.

Elements come from a file the user gives (CelesTrak OMM JSON, or two/three-line
TLE text) or from CelesTrak's GP query online (``gp.php?NAME=..&FORMAT=json``,
cached). Passes are computed with skyfield's SGP4 :class:`EarthSatellite`.
Elements drift: a pass predicted from elements weeks away from the window is
only indicative, and :func:`passes` reports each satellite's epoch gap.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, ServiceError
from .http import NotAvailable, base_url, fetch_json

#: The setting holding CelesTrak's GP query URL (:mod:`osint.config`).
ENV = "OSINT_CELESTRAK_URL"
#: Elements further than this from the window are flagged as stale.
STALE_DAYS = 7.0
#: Minimum elevation (deg) for a pass to count as an imaging opportunity: high-resolution
#: imagers look at most ~45 deg off nadir, which is about 40 deg elevation from the ground.
MIN_ELEVATION = 40.0

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


#: OMM fields SGP4 reads (sgp4.omm.initialize); a record without them cannot be propagated.
OMM_FIELDS = ("OBJECT_NAME", "NORAD_CAT_ID", "EPOCH", "MEAN_MOTION", "ECCENTRICITY", "INCLINATION",
              "RA_OF_ASC_NODE", "ARG_OF_PERICENTER", "MEAN_ANOMALY", "BSTAR", "MEAN_MOTION_DOT",
              "MEAN_MOTION_DDOT")
_OMM_DEFAULTS = {"CLASSIFICATION_TYPE": "U", "OBJECT_ID": "", "EPHEMERIS_TYPE": 0, "ELEMENT_SET_NO": 999,
                 "REV_AT_EPOCH": 0}


def _omm_record(rec: Any) -> dict[str, Any]:
    """An OMM record SGP4 can propagate, with optional fields defaulted.

    Raises
    ------
    ValueError
        Naming what is missing or wrong.
    """
    from sgp4.api import Satrec
    from sgp4.omm import initialize

    if not isinstance(rec, dict):
        raise ValueError("not an object")
    missing = [f for f in OMM_FIELDS if rec.get(f) in (None, "")]
    if missing:
        raise ValueError(f"lacks {', '.join(missing)}")
    out = {**_OMM_DEFAULTS, **rec}
    epoch = _omm_epoch(out)
    # sgp4 reads the epoch with fractional seconds; whole-second epochs are written that way.
    out["EPOCH"] = epoch.strftime("%Y-%m-%dT%H:%M:%S.%f")
    out["OBJECT_NAME"] = str(out["OBJECT_NAME"])[:80]
    sat = Satrec()
    try:
        initialize(sat, out)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ValueError(f"not propagatable ({type(exc).__name__}: {exc})") from exc
    err, _, _ = sat.sgp4(sat.jdsatepoch, sat.jdsatepochF)
    if err:
        raise ValueError(f"SGP4 error {err} at its own epoch (elements out of range)")
    return out


def clean_omm(records: Any) -> list[dict[str, Any]]:
    """The OMM records of an answer SGP4 can propagate; the others are left out.

    Raises
    ------
    ServiceError
        When the answer is not a list of objects, or none of them can be used.
    """
    if isinstance(records, dict):
        records = [records]
    if not isinstance(records, list):
        raise ServiceError("OMM JSON must be a list of objects")
    good, why = [], ""
    for r in records:
        try:
            good.append(_omm_record(r))
        except ValueError as exc:
            why = why or str(exc)
    if records and not good:
        raise ServiceError(f"no usable OMM record ({why})")
    return good


def parse_omm(records: Any, source: str) -> list[Elements]:
    """Elements from CelesTrak OMM JSON (objects with OBJECT_NAME, NORAD_CAT_ID, EPOCH and the
    mean elements); records SGP4 cannot use are left out.

    Raises
    ------
    ServiceError
        When nothing usable is in it.
    """
    try:
        good = clean_omm(records)
    except ServiceError as exc:
        raise ServiceError(f"{source}: {exc}") from exc
    return [Elements(str(r["OBJECT_NAME"]), int(r["NORAD_CAT_ID"]), _omm_epoch(r), omm=r) for r in good]


def parse_tle(text: str, source: str) -> list[Elements]:
    """Elements from two- or three-line TLE text.

    Raises
    ------
    InputError
        Naming the line, for text that is not TLE or a pair SGP4 cannot read.
    """
    from sgp4.api import Satrec

    lines = [ln.rstrip() for ln in text.splitlines() if ln.strip()]
    out: list[Elements] = []
    i = 0
    while i < len(lines):
        name = None
        if not lines[i].startswith("1 "):
            name = lines[i].lstrip("0 ").strip()[:80]
            i += 1
        if i + 1 >= len(lines) or not (lines[i].startswith("1 ") and lines[i + 1].startswith("2 ")):
            raise InputError("not TLE text (expected line 1 / line 2 pairs)", path=source, line=i + 1)
        l1, l2 = lines[i], lines[i + 1]
        if len(l1) < 64 or len(l2) < 63:
            raise InputError("TLE lines too short (each holds 69 columns)", path=source, line=i + 1)
        try:
            sat = Satrec.twoline2rv(l1, l2)
            yy, doy = int(l1[18:20]), float(l1[20:32])
            norad = int(l1[2:7])
        except (ValueError, IndexError) as exc:
            raise InputError(f"malformed TLE ({exc})", path=source, line=i + 1) from exc
        if sat.error:
            raise InputError(f"TLE elements SGP4 cannot use (error {sat.error})", path=source, line=i + 1)
        year = 2000 + yy if yy < 57 else 1900 + yy
        epoch = dt.datetime(year, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=doy - 1)
        out.append(Elements(name or str(norad), norad, epoch, tle=(l1, l2)))
        i += 2
    if not out:
        raise InputError("no orbital elements in the file", path=source)
    return out


def load_elements(path: str | Path) -> list[Elements]:
    """Read elements from a file: OMM JSON (``.json``) or TLE text.

    Raises
    ------
    InputError
        Unreadable or malformed file, or one with no usable elements.
    """
    from ..io import parse_json, read_limited

    data = read_limited(path, limit=64 * 2**20, what="orbital elements file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"orbital elements are not UTF-8 text (byte {exc.start})", path=str(path)) from exc
    if text.lstrip().startswith(("[", "{")):
        try:
            return parse_omm(parse_json(text), str(path))
        except (ValueError, ServiceError) as exc:
            raise InputError(f"malformed OMM JSON ({exc})", path=str(path)) from exc
    return parse_tle(text, str(path))


def fetch_elements(provider: str, *, online: bool,
                   queries: list[dict[str, str]] | None = None) -> tuple[list[Elements], list[str]]:
    """CelesTrak's current elements for a provider's satellites, through the cache.

    Parameters
    ----------
    provider : str
        For messages.
    queries : list of dict
        CelesTrak GP queries (``{"CATNR": "40115"}``, ``{"NAME": "SKYSAT"}``), built by the caller
        from the provider table (``data/sensors.csv``).

    Returns
    -------
    (elements, sources)

    Raises
    ------
    ServiceError
        No query known for the provider, offline without cache, or service failure.
    """
    if not queries:
        raise ServiceError(f"no satellites known for provider '{provider}'")
    url = base_url(ENV)
    out: list[Elements] = []
    sources = []
    failed = []
    for q in queries:
        try:
            got = fetch_json("celestrak", url, {**q, "FORMAT": "json"}, online=online, clean=clean_omm)
        except NotAvailable:
            raise
        except ServiceError as exc:
            # CelesTrak answers a query with no match by plain text ("No GP data found").
            failed.append(str(exc))
            continue
        out.extend(parse_omm(got.data, got.url))
        sources.append(got.provenance)
    if failed and not out:
        raise ServiceError("; ".join(failed))
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
