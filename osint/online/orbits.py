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
    # Huge numbers (a NORAD id of 10**30, a mean motion of 10**400) overflow inside SGP4's C
    # code or later in the pass search: each field is checked against what an orbit can be.
    norad = out["NORAD_CAT_ID"]
    text = str(norad).strip() if isinstance(norad, (int, str)) and not isinstance(norad, bool) else ""
    if not text.isdigit() or len(text) > len(str(MAX_NORAD_ID)) or not 0 < int(text) < MAX_NORAD_ID:
        raise ValueError(f"NORAD_CAT_ID {text[:30] or type(norad).__name__!r} is not a catalog number "
                         f"(a whole number from 1 to {MAX_NORAD_ID - 1})")
    for name, (lo, hi) in _OMM_RANGES.items():
        value = _finite(out.get(name, 0), name)
        if not lo <= value <= hi:
            raise ValueError(f"{name} {value:g} is outside {lo:g}..{hi:g}")
    epoch = _omm_epoch(out)
    # sgp4 reads the epoch with fractional seconds; whole-second epochs are written that way.
    out["EPOCH"] = epoch.strftime("%Y-%m-%dT%H:%M:%S.%f")
    out["OBJECT_NAME"] = str(out["OBJECT_NAME"])[:80]
    sat = Satrec()
    try:
        initialize(sat, out)
        err, _, _ = sat.sgp4(sat.jdsatepoch, sat.jdsatepochF)
    except (KeyError, TypeError, ValueError, IndexError, ArithmeticError) as exc:
        raise ValueError(f"not propagatable ({type(exc).__name__}: {exc})") from exc
    if err:
        raise ValueError(f"SGP4 error {err} at its own epoch (elements out of range)")
    return out


#: Catalog numbers are at most nine digits (Alpha-5 reaches 339999; 18 SDS plans nine).
MAX_NORAD_ID = 10**9
#: What the mean elements of an orbit around the Earth can be (revolutions a day: above 17 the
#: orbit is inside the Earth). The integer fields stay within a C long for SGP4.
_OMM_RANGES: dict[str, tuple[float, float]] = {
    "MEAN_MOTION": (1e-3, 20.0), "ECCENTRICITY": (0.0, 0.999), "INCLINATION": (0.0, 180.0),
    "RA_OF_ASC_NODE": (-360.0, 360.0), "ARG_OF_PERICENTER": (-360.0, 360.0),
    "MEAN_ANOMALY": (-360.0, 360.0), "BSTAR": (-10.0, 10.0), "MEAN_MOTION_DOT": (-10.0, 10.0),
    "MEAN_MOTION_DDOT": (-10.0, 10.0), "ELEMENT_SET_NO": (0, 99999), "REV_AT_EPOCH": (0, 10**7),
    "EPHEMERIS_TYPE": (0, 9),
}


def _finite(value: Any, name: str) -> float:
    import math

    if isinstance(value, bool):
        raise ValueError(f"{name} is not a number")
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{name} {str(value)[:30]!r} is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} {str(value)[:30]} is not a finite number")
    return number


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


def parse_omm(records: Any, source: str, notes: list[str] | None = None) -> list[Elements]:
    """Elements from CelesTrak OMM JSON (objects with OBJECT_NAME, NORAD_CAT_ID, EPOCH and the
    mean elements); records SGP4 cannot use are left out, each with a line in ``notes``.

    Raises
    ------
    ServiceError
        When nothing usable is in it.
    """
    if notes is not None and isinstance(records, list):
        for i, r in enumerate(records, 1):
            try:
                _omm_record(r)
            except ValueError as exc:
                name = str(r.get("OBJECT_NAME", "?"))[:40] if isinstance(r, dict) else "?"
                notes.append(f"{source}: OMM record {i} ({name}) left out: {exc}")
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
            if not 1 <= doy < 367:
                raise ValueError(f"epoch day {l1[20:32].strip()} is not a day of the year")
            year = 2000 + yy if yy < 57 else 1900 + yy
            epoch = dt.datetime(year, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=doy - 1)
        except (ValueError, IndexError, ArithmeticError) as exc:
            raise InputError(f"malformed TLE ({exc})", path=source, line=i + 1) from exc
        if sat.error:
            raise InputError(f"TLE elements SGP4 cannot use (error {sat.error})", path=source, line=i + 1)
        out.append(Elements(name or str(norad), norad, epoch, tle=(l1, l2)))
        i += 2
    if not out:
        raise InputError("no orbital elements in the file", path=source)
    return out


def load_elements(path: str | Path, notes: list[str] | None = None) -> list[Elements]:
    """Read elements from a file: OMM JSON (``.json``) or TLE text.

    OMM records SGP4 cannot use are left out, each with a line in ``notes``.

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
            return parse_omm(parse_json(text), str(path), notes)
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
           *, min_elevation: float = MIN_ELEVATION, notes: list[str] | None = None) -> list[Pass]:
    """Passes of each satellite over a point, culminating above ``min_elevation`` degrees.

    A satellite whose passes cannot be computed (elements that overflow) is left out, with a
    line in ``notes``.
    """
    from skyfield.api import EarthSatellite, wgs84

    from ..sun import _ephemeris

    ts, _ = _ephemeris()
    t0, t1 = ts.from_datetime(start.astimezone(dt.UTC)), ts.from_datetime(end.astimezone(dt.UTC))
    site = wgs84.latlon(lat, lon)
    out: list[Pass] = []
    for el in elements:
        try:
            if el.omm is not None:
                sat = EarthSatellite.from_omm(ts, el.omm)
            else:
                assert el.tle is not None
                sat = EarthSatellite(el.tle[0], el.tle[1], el.name, ts)
            times, events = sat.find_events(site, t0, t1, altitude_degrees=min_elevation)
        except (ArithmeticError, ValueError) as exc:
            # Elements that pass SGP4 at their epoch may still blow up in the search.
            if notes is not None:
                notes.append(f"{el.name}: left out, its passes cannot be computed ({type(exc).__name__})")
            continue
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
