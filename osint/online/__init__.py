"""The one online layer: every request this package makes, and every service behind it.

- :mod:`osint.online.http`: the bounded request path (deadline, size cap, same-host
  redirects, bounded retries honouring ``Retry-After``, a circuit breaker per service) and the
  cache of the cross-reference's answers;
- :mod:`osint.online.geocoders`: geocoders behind one interface (the embedded gazetteer offline;
  Nominatim, Photon and ArcGIS through geopy, with their SQLite cache, :mod:`osint.online.geocache`);
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

from .http import NotAvailable, cache_root, fetch_json

__all__ = ["NotAvailable", "cache_root", "fetch_json"]
