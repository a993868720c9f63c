"""Geocoders behind one interface: the embedded gazetteer offline, geopy's online services.

>>> from osint.online.geocoders import GazetteerProvider
>>> GazetteerProvider().search("Pyongyang").candidates[0].entry.country_code
'KP'

Online providers (Nominatim by default, Photon, ArcGIS) are chosen with
``OSINT_GEOCODER`` and used only when the network is allowed; see
:mod:`osint.online.geocoder`.
"""

from __future__ import annotations

from typing import Any

from .. import config
from ..errors import ConfigurationError
from .arcgis import ArcGISProvider
from .base import OSM_ATTRIBUTION, Answer, Bias, Candidate, OnlineEntry, Provider
from .cache import AnswerCache
from .geocoder import GeopyProvider
from .nominatim import NominatimProvider
from .offline import GazetteerProvider
from .photon import PhotonProvider

#: Online providers by the name ``OSINT_GEOCODER`` takes.
PROVIDERS: dict[str, type[GeopyProvider]] = {
    "nominatim": NominatimProvider,
    "photon": PhotonProvider,
    "arcgis": ArcGISProvider,
}


def provider_from_env(name: str | None = None, **kwargs: Any) -> GeopyProvider:
    """Return the online provider the environment configures (``OSINT_GEOCODER``, default nominatim).

    Raises
    ------
    ConfigurationError
        For an unknown provider, a malformed URL, or Nominatim without ``OSINT_USER_AGENT``.
    """
    name = (name or config.get("OSINT_GEOCODER")).strip().lower()
    cls = PROVIDERS.get(name)
    if cls is None:
        raise ConfigurationError(f"OSINT_GEOCODER={name!r} is not one of {', '.join(PROVIDERS)}")
    return cls(**kwargs)


__all__ = [
    "OSM_ATTRIBUTION", "PROVIDERS", "Answer", "AnswerCache", "ArcGISProvider", "Bias", "Candidate",
    "GazetteerProvider", "GeopyProvider", "NominatimProvider", "OnlineEntry", "PhotonProvider", "Provider",
    "provider_from_env",
]
