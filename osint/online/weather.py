"""Hourly cloud cover from the Open-Meteo historical archive.

Documented request: ``/v1/archive?latitude=..&longitude=..&start_date=YYYY-MM-DD&
end_date=YYYY-MM-DD&hourly=cloud_cover&timezone=Asia/Pyongyang``; answer
``{"latitude", "longitude", "hourly_units": {...}, "hourly": {"time": [...],
"cloud_cover": [...]}}`` with local times ("2023-07-27T21:00") and percentages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import ServiceError
from ..sun import ephemeris_span
from .http import base_url, fetch_json

#: The setting holding the archive's URL (:mod:`osint.config`).
ENV = "OSINT_OPEN_METEO_URL"


@dataclass(frozen=True, slots=True)
class CloudCover:
    """Hourly cloud cover at a point (percent; None where the archive has a gap)."""

    lat: float
    lon: float
    tz: str
    times: tuple[dt.datetime, ...]
    cover: tuple[float | None, ...]
    source: str

    def mean(self) -> float | None:
        """Mean cover over the hours with data."""
        vals = [c for c in self.cover if c is not None]
        return sum(vals) / len(vals) if vals else None


def hourly_cloud_cover(lat: float, lon: float, start: dt.date, end: dt.date, *, tz: str = "UTC",
                       online: bool = False) -> CloudCover:
    """Fetch (or read from the cache) hourly cloud cover for the days ``start``..``end``.

    Raises
    ------
    ServiceError
        Offline without a cached answer, service failure, or an answer not in the documented format.
    """
    from zoneinfo import ZoneInfo

    url = base_url(ENV)
    params = {"latitude": f"{lat:.4f}", "longitude": f"{lon:.4f}", "start_date": start.isoformat(),
              "end_date": end.isoformat(), "hourly": "cloud_cover", "timezone": tz}
    got = fetch_json("open-meteo", url, params, online=online, clean=clean_answer)
    zone = ZoneInfo(tz)
    hourly = got.data["hourly"]
    times = tuple(dt.datetime.fromisoformat(t).replace(tzinfo=zone) for t in hourly["time"])
    return CloudCover(lat, lon, tz, times, tuple(hourly["cloud_cover"]), got.provenance)


def clean_answer(data: object) -> dict:
    """An Open-Meteo answer with only its well-formed hours (JSON, as cached).

    An hour is left out when its time is not ISO 8601 or lies outside the solar ephemeris's
    years (:func:`osint.sun.ephemeris_span`), or its cover is not a percentage.

    Raises
    ------
    ServiceError
        An error answer, or one without the documented ``hourly`` arrays.
    """
    if not isinstance(data, dict):
        raise ServiceError("Open-Meteo answer is not a JSON object")
    if data.get("error"):
        raise ServiceError(f"Open-Meteo error: {str(data.get('reason', 'unspecified'))[:200]}")
    hourly = data.get("hourly")
    if not isinstance(hourly, dict) or not isinstance(hourly.get("time"), list) \
            or not isinstance(hourly.get("cloud_cover"), list):
        raise ServiceError("Open-Meteo answer has no hourly time and cloud_cover arrays")
    if len(hourly["time"]) != len(hourly["cloud_cover"]):
        raise ServiceError("Open-Meteo answer has time and cloud_cover arrays of different lengths")
    # Local hours are at most a day from UTC: one a day inside the ephemeris's span can be
    # placed in UTC and given a solar elevation (year 1 or 9999 cannot).
    lo, hi = (x.replace(tzinfo=None) for x in ephemeris_span())
    lo, hi = lo + dt.timedelta(days=1), hi - dt.timedelta(days=1)
    times, cover = [], []
    for t, c in zip(hourly["time"], hourly["cloud_cover"]):
        try:
            when = dt.datetime.fromisoformat(str(t)).replace(tzinfo=None)
            value = None if c is None or isinstance(c, bool) else float(c)
        except (TypeError, ValueError, OverflowError):
            continue  # one bad hour does not spoil the others
        if c is not None and value is None:
            continue  # true/false is no percentage
        if value is not None and not 0.0 <= value <= 100.0:
            continue
        if not lo <= when <= hi:
            continue
        times.append(when.isoformat(timespec="minutes"))
        cover.append(value)
    units = data.get("hourly_units") if isinstance(data.get("hourly_units"), dict) else {}
    return {k: data[k] for k in ("latitude", "longitude", "timezone") if k in data} | {
        "hourly_units": units, "hourly": {"time": times, "cloud_cover": cover}}
