"""The one distance and bearing: geodesics on the WGS84 ellipsoid (geographiclib, as geopy uses).

Every table, check and rule measures with these, so that a distance in a popup, a
check's detail and a notebook table agree to the metre. Distances live here alone: the
fast screens the geoparser needs (a great circle, Vincenty's formulae) are here too, each
with a bound on its error, and :func:`nearest_km` falls back on :func:`distance_km` wherever
the bound leaves an answer open, so that what it reports is the geodesic's.
"""

from __future__ import annotations

import math
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
    8.28
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


# Screens: fast stand-ins for distance_km where only a comparison or a whole-kilometre figure is
# read. Each carries a bound on how far it may stray from the geodesic, and the callers fall back
# on distance_km wherever that bound leaves the answer open, so their results are distance_km's.

#: A bound on how far a great circle on a sphere of the mean radius strays from the WGS84
#: geodesic (at most about 0.6 %, where the meridian curves least and most).
SPHERE_ERROR = 0.01
_EARTH_KM = 6371.0088


def sphere_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in kilometres: a cheap screen for :func:`distance_km`.

    It lies within SPHERE_ERROR (relative) of the geodesic.

    Examples
    --------
    >>> d = sphere_km(39.01953, 125.75247, 39.01664, 125.84803)
    >>> abs(d - distance_km(39.01953, 125.75247, 39.01664, 125.84803)) < SPHERE_ERROR * d
    True
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlon = math.radians(lon2 - lon1)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


_WGS84_F = 1 / 298.257223563
_WGS84_B = 6378137.0 * (1 - _WGS84_F)
_WGS84_E2 = (6378137.0**2 - _WGS84_B**2) / _WGS84_B**2  # second eccentricity squared
#: How far Vincenty's formulae may stray from the geodesic, in km: they agree with geographiclib
#: to a tenth of a millimetre where they converge (checked on 200,000 pairs); a metre is kept.
VINCENTY_ERROR = 0.001


def vincenty_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float | None:
    """Vincenty's inverse formula on WGS84 (km), or None where it does not converge (nearly
    antipodal points). A fast stand-in for :func:`distance_km` where a metre does not matter:
    it lies within VINCENTY_ERROR of it.

    Examples
    --------
    >>> round(vincenty_km(39.01953, 125.75247, 39.01664, 125.84803), 2)
    8.28
    """
    f = _WGS84_F
    lon = math.radians((lon2 - lon1 + 180.0) % 360.0 - 180.0)
    u1 = math.atan((1 - f) * math.tan(math.radians(lat1)))
    u2 = math.atan((1 - f) * math.tan(math.radians(lat2)))
    su1, cu1, su2, cu2 = math.sin(u1), math.cos(u1), math.sin(u2), math.cos(u2)
    lam = lon
    for _ in range(60):
        sl, cl = math.sin(lam), math.cos(lam)
        ss = math.hypot(cu2 * sl, cu1 * su2 - su1 * cu2 * cl)
        if ss == 0.0:
            return 0.0
        cs = su1 * su2 + cu1 * cu2 * cl
        sigma = math.atan2(ss, cs)
        sa = cu1 * cu2 * sl / ss
        c2a = 1.0 - sa * sa
        c2m = cs - 2.0 * su1 * su2 / c2a if c2a else 0.0
        c = f / 16.0 * c2a * (4.0 + f * (4.0 - 3.0 * c2a))
        prev = lam
        lam = lon + (1.0 - c) * f * sa * (sigma + c * ss * (c2m + c * cs * (-1.0 + 2.0 * c2m * c2m)))
        if abs(lam - prev) < 1e-12:
            break
    else:
        return None
    uu = c2a * _WGS84_E2
    a = 1.0 + uu / 16384.0 * (4096.0 + uu * (-768.0 + uu * (320.0 - 175.0 * uu)))
    b = uu / 1024.0 * (256.0 + uu * (-128.0 + uu * (74.0 - 47.0 * uu)))
    ds = b * ss * (c2m + b / 4.0 * (cs * (-1.0 + 2.0 * c2m * c2m)
                                   - b / 6.0 * c2m * (-3.0 + 4.0 * ss * ss) * (-3.0 + 4.0 * c2m * c2m)))
    return _WGS84_B * a * (sigma - ds) / 1000.0


def _nearest_of_km(lat: float, lon: float, points: list[tuple[float, float]], edge: float) -> float:
    """The geodesic distance in km to the nearest of ``points``, good for comparing with ``edge``
    and for printing in whole kilometres: those come out as :func:`distance_km`'s.

    Vincenty's formulae answer (fourteen times faster than geographiclib) unless their value
    lies within VINCENTY_ERROR of ``edge`` or of half a kilometre, or they do not converge;
    then the geodesic itself is measured.
    """
    rough = [vincenty_km(lat, lon, la, lo) for la, lo in points]
    if None not in rough:
        far = min(rough)
        if abs(far - edge) >= VINCENTY_ERROR and abs(far % 1.0 - 0.5) >= VINCENTY_ERROR:
            return far
    return min(distance_km(lat, lon, la, lo) for la, lo in points)


def nearest_km(lat: float, lon: float, points: list[tuple[float, float]], edge: float) -> float:
    """How far (lat, lon) lies from the nearest of ``points``, read against ``edge`` km.

    A value below ``edge`` says only that the nearest point lies within ``edge`` (it may be a
    great-circle figure); a value of ``edge`` or more is the geodesic distance as
    :func:`distance_km` gives it, to print in whole kilometres.

    The geodesic is costly (most of the resolver's time if measured to every place): a
    great-circle distance, within SPHERE_ERROR of it, rules out most points and leaves only
    those that may be the nearest for the geodesic itself.

    Parameters
    ----------
    lat, lon : float
        The point measured from.
    points : list of (lat, lon)
        At least one point.
    edge : float
        The distance the caller compares with.

    Returns
    -------
    float
        Kilometres, exact where it matters (see above).

    Examples
    --------
    >>> nearest_km(39.0, 125.7, [(39.0, 125.8), (37.5, 127.0)], 1000.0) < 1000.0
    True
    >>> round(nearest_km(39.0, 125.7, [(51.5, -0.1)], 1000.0))
    8686
    """
    rough = [sphere_km(lat, lon, la, lo) for la, lo in points]
    nearest = min(rough)
    if nearest < edge * (1 - SPHERE_ERROR):
        return nearest
    bound = nearest * (1 + SPHERE_ERROR) / (1 - SPHERE_ERROR)
    return _nearest_of_km(lat, lon, [p for p, d in zip(points, rough) if d <= bound], edge)
