"""The sun at a place and time, offline: an offline SunCalc for chronolocation.

Positions come from skyfield with the JPL DE421 ephemeris shipped by the
``skyfield-data`` package, and skyfield's built-in time scale, so nothing is
ever downloaded. Elevations are geometric (apparent place, no atmospheric
refraction), as SunCalc reports them; refraction lifts the sun by about half a
degree at the horizon and by nothing that matters below it.

Phases follow the usual limits of the sun's centre: ``day`` above -0.833 deg
(the sunrise/sunset definition), ``civil twilight`` to -6, ``nautical twilight``
to -12, ``astronomical twilight`` to -18, ``night`` below.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
import warnings
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import DataError, InputError

#: Phase limits (degrees of the sun's centre), from the brightest.
PHASES = (
    (-0.833, "day"),
    (-6.0, "civil twilight"),
    (-12.0, "nautical twilight"),
    (-18.0, "astronomical twilight"),
)
NIGHT = "night"

_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _ephemeris() -> tuple[Any, Any]:
    """Return (timescale, ephemeris) loaded from skyfield-data, never downloading."""
    with _LOCK:
        try:
            import skyfield_data
            from skyfield.api import Loader
        except ImportError as exc:  # pragma: no cover - declared dependencies
            raise DataError(f"skyfield and skyfield-data are needed for solar positions ({exc})") from exc
        with warnings.catch_warnings():
            # skyfield-data warns that its Earth-orientation file has expired; the
            # built-in time scale below does not use that file.
            warnings.simplefilter("ignore", RuntimeWarning)
            path = skyfield_data.get_skyfield_data_path()
        load = Loader(path, verbose=False)
        try:
            eph = load("de421.bsp")
        except Exception as exc:
            raise DataError(f"de421.bsp not found in {path} ({exc}); reinstall skyfield-data") from exc
        return load.timescale(builtin=True), eph


@lru_cache(maxsize=1)
def ephemeris_span() -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants the shipped ephemeris covers (DE421: 1899-07-29 to 2053-10-09).

    Read from the file's segments rather than hard-coded, so another ephemeris
    reports its own limits.
    """
    ts, eph = _ephemeris()
    lo = max(s.spk_segment.start_jd for s in eph.segments)
    hi = min(s.spk_segment.end_jd for s in eph.segments)
    # A minute of margin: skyfield refuses instants at the very edge.
    pad = dt.timedelta(minutes=1)
    return ts.tdb_jd(lo).utc_datetime() + pad, ts.tdb_jd(hi).utc_datetime() - pad


def check_in_range(*instants: dt.datetime) -> None:
    """Raise :class:`InputError` unless every instant lies inside :func:`ephemeris_span`."""
    lo, hi = ephemeris_span()
    for at in instants:
        try:
            u = _utc(at)
        except OverflowError:  # year 1 or 9999 shifted past the calendar's edge
            u = lo - dt.timedelta(days=1) if at.year < 2000 else hi + dt.timedelta(days=1)
        if not lo <= u <= hi:
            raise InputError(f"{at.isoformat()} is outside the solar ephemeris (DE421 covers "
                             f"{lo:%Y-%m-%d} to {hi:%Y-%m-%d})")


def etc_zone(hours: int) -> str:
    """The IANA name of a whole-hour fixed offset east of UTC (POSIX ``Etc/GMT`` signs are inverted).

    Only -12..+14 exist as ``Etc/GMT`` zones; other offsets raise :class:`InputError`.
    """
    if not -12 <= hours <= 14:
        raise InputError(f"no Etc/GMT zone for a UTC offset of {hours:+d} h")
    return "UTC" if hours == 0 else f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}"


def get_zone(tz: str | dt.tzinfo) -> dt.tzinfo:
    """A tzinfo for an IANA name (or a tzinfo, returned as is).

    Raises
    ------
    InputError
        An unknown or malformed zone name.
    """
    if isinstance(tz, dt.tzinfo):
        return tz
    try:
        return ZoneInfo(str(tz))
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise InputError(f"unknown time zone {tz!r}; give an IANA name such as Asia/Pyongyang") from exc


def zone_name(zone: dt.tzinfo) -> str:
    """An IANA key for a ZoneInfo, else the tzinfo's own name ("UTC+05:30")."""
    return getattr(zone, "key", None) or str(zone)


def phase_of(elevation: float) -> str:
    """Name the phase of day for a solar elevation in degrees."""
    for limit, name in PHASES:
        if elevation > limit:
            return name
    return NIGHT


def _utc(at: dt.datetime) -> dt.datetime:
    if at.tzinfo is None:
        raise InputError(f"time {at.isoformat()} has no UTC offset; give one (e.g. +09:00 or Z)")
    return at.astimezone(dt.UTC)


@dataclass(frozen=True, slots=True)
class SunPosition:
    """The sun seen from one place at one instant.

    Attributes
    ----------
    lat, lon : float
        The observer (WGS84 degrees).
    at : datetime
        The instant, as given (timezone-aware).
    elevation : float
        Degrees above the horizon (negative below), no refraction.
    azimuth : float
        Degrees clockwise from true north.
    phase : str
        ``day``, ``civil twilight``, ``nautical twilight``, ``astronomical twilight`` or ``night``.
    source : str
        How it was computed.
    """

    lat: float
    lon: float
    at: dt.datetime
    elevation: float
    azimuth: float
    phase: str
    source: str = "skyfield + DE421 (skyfield-data), offline; geometric elevation, no refraction"

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (times in ISO 8601)."""
        d = asdict(self)
        d["at"] = self.at.isoformat()
        d["at_utc"] = _utc(self.at).isoformat()
        d["elevation"] = round(self.elevation, 2)
        d["azimuth"] = round(self.azimuth, 2)
        return d


def _topos(lat: float, lon: float):
    from skyfield.api import wgs84

    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InputError(f"coordinates {lat}, {lon} are out of range")
    return wgs84.latlon(lat, lon)


def sun_position(lat: float, lon: float, at: dt.datetime) -> SunPosition:
    """Return the sun's elevation, azimuth and phase of day at a place and instant.

    Parameters
    ----------
    lat, lon : float
        WGS84 degrees.
    at : datetime
        A timezone-aware instant.

    Examples
    --------
    >>> import datetime as dt
    >>> t = dt.datetime.fromisoformat("2023-07-27T21:16+09:00")
    >>> round(sun_position(39.01953, 125.75247, t).elevation, 1)
    -14.2
    """
    ts, eph = _ephemeris()
    check_in_range(at)
    t = ts.from_datetime(_utc(at))
    alt, az, _ = (eph["earth"] + _topos(lat, lon)).at(t).observe(eph["sun"]).apparent().altaz()
    el = float(alt.degrees)
    return SunPosition(lat, lon, at, el, float(az.degrees), phase_of(el))


def elevations(lat: float, lon: float, times: list[dt.datetime]) -> list[float]:
    """Solar elevations (degrees) at many instants, in one vectorised call.

    Raises
    ------
    InputError
        An instant outside the ephemeris (year 1 or 9999 included), or one without an offset.
    """
    if not times:
        return []
    ts, eph = _ephemeris()
    check_in_range(*times)
    try:
        t = ts.from_datetimes([_utc(x) for x in times])
    except OverflowError as exc:  # not expected after check_in_range; never a traceback
        raise InputError(f"a time is outside the calendar the solar ephemeris covers ({exc})") from exc
    alt, _, _ = (eph["earth"] + _topos(lat, lon)).at(t).observe(eph["sun"]).apparent().altaz()
    return [float(x) for x in alt.degrees]


@dataclass(frozen=True, slots=True)
class SunTimes:
    """Sunrise, sunset and twilight limits of one local day (None where they do not occur).

    ``polar`` is ``"polar day"`` when the sun stays up all day, ``"polar night"``
    when it never rises, else None.
    """

    date: dt.date
    tz: str
    astronomical_dawn: dt.datetime | None
    nautical_dawn: dt.datetime | None
    civil_dawn: dt.datetime | None
    sunrise: dt.datetime | None
    sunset: dt.datetime | None
    civil_dusk: dt.datetime | None
    nautical_dusk: dt.datetime | None
    astronomical_dusk: dt.datetime | None
    polar: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in asdict(self).items()}

    def hhmm(self, which: str = "sunrise") -> str:
        """A limit as ``HH:MM``, or why there is none ("none (polar day)" for sunrise and sunset)."""
        t = getattr(self, which)
        if t is not None:
            return f"{t:%H:%M}"
        if self.polar and which in ("sunrise", "sunset"):
            return f"none ({self.polar})"
        return "none that day"


def sun_times(lat: float, lon: float, day: dt.date, tz: str | dt.tzinfo = "UTC") -> SunTimes:
    """Return sunrise, sunset and the twilight limits of a local day.

    Parameters
    ----------
    lat, lon : float
        WGS84 degrees.
    day : date
        The local calendar day.
    tz : str or tzinfo
        An IANA time zone ("Asia/Pyongyang") or a tzinfo (a fixed offset); the day
        runs from its midnight to the next.

    Raises
    ------
    InputError
        An unknown zone, or a day outside the ephemeris.
    """
    return _sun_times(float(lat), float(lon), day, get_zone(tz))


@lru_cache(maxsize=4096)
def _sun_times(lat: float, lon: float, day: dt.date, zone: dt.tzinfo) -> SunTimes:
    # Cached: an article's claims share sites and days, and the almanac search is slow.
    from skyfield import almanac

    ts, eph = _ephemeris()
    start = dt.datetime.combine(day, dt.time(), zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone)
    check_in_range(start, end)
    f = almanac.dark_twilight_day(eph, _topos(lat, lon))
    times, states = almanac.find_discrete(ts.from_datetime(start), ts.from_datetime(end), f)
    out: dict[str, dt.datetime | None] = {}
    # dark_twilight_day: 0 night, 1 astronomical, 2 nautical, 3 civil, 4 day.
    rising = {1: "astronomical_dawn", 2: "nautical_dawn", 3: "civil_dawn", 4: "sunrise"}
    falling = {3: "sunset", 2: "civil_dusk", 1: "nautical_dusk", 0: "astronomical_dusk"}
    prev = int(f(ts.from_datetime(start)))
    seen = {prev, *(int(x) for x in states)}
    for t, s in zip(times, states):
        s = int(s)
        local = t.utc_datetime().astimezone(zone).replace(microsecond=0)
        if s > prev:
            out[rising[s]] = local
        else:
            out[falling[s]] = local
        prev = s
    names = ["astronomical_dawn", "nautical_dawn", "civil_dawn", "sunrise",
             "sunset", "civil_dusk", "nautical_dusk", "astronomical_dusk"]
    polar = "polar day" if min(seen) == 4 else "polar night" if max(seen) < 4 else None
    return SunTimes(day, zone_name(zone), *(out.get(n) for n in names), polar=polar)


def zone_at(lat: float, lon: float) -> str:
    """The IANA zone at a point, offline (timezonefinder's packaged boundaries); at sea or where
    the boundaries hold none, solar time (``Etc/GMT±N``)."""
    tz = _zone_at(round(lat, 4), round(lon, 4))
    if tz:
        return tz
    return etc_zone(max(-12, min(12, round(lon / 15))))


@functools.lru_cache(maxsize=1)
def _finder():
    from timezonefinder import TimezoneFinder

    return TimezoneFinder()


@functools.lru_cache(maxsize=4096)
def _zone_at(lat: float, lon: float) -> str | None:
    try:
        tz = _finder().timezone_at(lng=lon, lat=lat)
    except ValueError:  # coordinates out of range
        return None
    if not tz:
        return None
    try:
        get_zone(tz)
    except Exception:  # a zone this Python's tz database lacks
        return None
    return tz
