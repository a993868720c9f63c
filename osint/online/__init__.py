"""The one online layer: every request this package makes, and every service behind it.

- :mod:`osint.online.http`: the one :class:`Session` every request goes through (a transport,
  urllib3's by default, :class:`MockTransport` in tests; a clock; urllib3's ``Retry`` honouring
  ``Retry-After``; same-host redirects; a size cap and a total deadline; a circuit breaker and a
  rate limit per service) and :func:`fetch_json`, the services' JSON through the cache;
- :mod:`osint.online.cache`: the one cache of online answers (SQLite), geocoders' and services';
- :mod:`osint.online.geocoders`: geocoders behind one interface (the embedded gazetteer offline;
  Nominatim, Photon and ArcGIS through geopy's public API and the session);
- :mod:`osint.online.stac`, :mod:`osint.online.weather`, :mod:`osint.online.orbits`: the
  imagery cross-reference's catalogs, weather and orbits;
- :mod:`osint.online.geonames`: GeoNames' per-country dumps for ``osint gazetteer install``.

Each service works only when the caller allows the network and caches what it fetched, so that a
notebook re-runs offline. Offline and uncached, or when a service fails, it raises
:class:`osint.errors.ServiceError` (or :class:`NotAvailable`) with the reason; nothing guesses.

Base URLs come from settings (:mod:`osint.config`), so that tests (and mirrors) can point them
elsewhere: ``OSINT_STAC_URL``, ``OSINT_UMBRA_STAC_URL``, ``OSINT_OPEN_METEO_URL``,
``OSINT_CELESTRAK_URL``, ``OSINT_NOMINATIM_URL``, ``OSINT_PHOTON_URL``, ``OSINT_ARCGIS_URL``,
``OSINT_GEONAMES_URL``.
"""

from .http import (
    MockTransport,
    NotAvailable,
    Request,
    Response,
    Session,
    default_session,
    fetch_json,
    use_session,
)

__all__ = ["MockTransport", "NotAvailable", "Request", "Response", "Session", "default_session", "fetch_json",
           "use_session"]
