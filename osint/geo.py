"""The one distance and bearing: geodesics on the WGS84 ellipsoid (geographiclib, as geopy uses).

Every table, check and rule measures with these, so that a distance in a popup, a
check's detail and a notebook table agree to the metre.
"""

from __future__ import annotations

from functools import lru_cache

_COMPASS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")


@lru_cache(maxsize=1)
def _wgs84():
    from geographiclib.geodesic import Geodesic

    return Geodesic.WGS84


def inverse(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[float, float]:
    """Distance (km) and initial bearing (degrees clockwise from north) from point 1 to point 2."""
    g = _wgs84().Inverse(lat1, lon1, lat2, lon2)
    return g["s12"] / 1000.0, g["azi1"] % 360.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance in kilometres between two WGS84 points.

    Examples
    --------
    >>> round(distance_km(39.01953, 125.75247, 39.01664, 125.84803), 2)
    8.26
    """
    return inverse(lat1, lon1, lat2, lon2)[0]


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial bearing from point 1 to point 2, degrees clockwise from north."""
    return inverse(lat1, lon1, lat2, lon2)[1]


def compass(bearing: float) -> str:
    """Eight-point compass name of a bearing ("N", "NE", ...)."""
    return _COMPASS[int((bearing % 360 + 22.5) // 45) % 8]


def destination(lat: float, lon: float, bearing: float, km: float) -> tuple[float, float]:
    """The point ``km`` kilometres from (lat, lon) along ``bearing``."""
    g = _wgs84().Direct(lat, lon, bearing, km * 1000.0)
    return g["lat2"], (g["lon2"] + 180.0) % 360.0 - 180.0
