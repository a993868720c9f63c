"""Online sources for the imagery cross-reference: catalogs, weather, orbits.

Each client works only when the caller allows the network (``online=True``)
and caches every answer as JSON under ``<cache dir>/crossref/<service>/``, so
a notebook re-runs offline with what was fetched once. Offline and uncached, or
when a service fails, a client raises :class:`osint.errors.ServiceError` (or
its subclass :class:`NotAvailable`) with the reason; the cross-reference turns
that into a ``not checked`` status, never a guess.

Base URLs come from settings (:mod:`osint.config`), so that tests (and mirrors)
can point them elsewhere:

==========================  ===========================================================
``OSINT_STAC_URL``          Earth Search STAC API (default Element84 ``/v1``)
``OSINT_UMBRA_STAC_URL``    Umbra open-data static catalog (``catalog.json``)
``OSINT_OPEN_METEO_URL``    Open-Meteo historical archive (``/v1/archive``)
``OSINT_CELESTRAK_URL``     CelesTrak GP query (``/NORAD/elements/gp.php``)
==========================  ===========================================================
"""

from .http import NotAvailable, cache_root, fetch_json

__all__ = ["NotAvailable", "cache_root", "fetch_json"]
