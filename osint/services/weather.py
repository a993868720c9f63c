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
from .http import base_url, fetch_json

DEFAULT_URL = "https://archive-api.open-meteo.com/v1/archive"
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

    url = base_url(ENV, DEFAULT_URL)
    params = {"latitude": f"{lat:.4f}", "longitude": f"{lon:.4f}", "start_date": start.isoformat(),
              "end_date": end.isoformat(), "hourly": "cloud_cover", "timezone": tz}
    got = fetch_json("open-meteo", url, params, online=online)
    data = got.data
    try:
        if data.get("error"):
            raise ServiceError(f"Open-Meteo error: {data.get('reason', 'unspecified')}")
        hourly = data["hourly"]
        times = [dt.datetime.fromisoformat(t).replace(tzinfo=ZoneInfo(tz)) for t in hourly["time"]]
        cover = [None if c is None else float(c) for c in hourly["cloud_cover"]]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ServiceError(f"Open-Meteo answer not in the documented format ({exc!r})") from exc
    if len(times) != len(cover):
        raise ServiceError("Open-Meteo answer has time and cloud_cover arrays of different lengths")
    return CloudCover(lat, lon, tz, tuple(times), tuple(cover), got.provenance)
