"""The embedded gazetteer: every place the offline geoparser can name.

>>> from osint.gazetteer import load_gazetteer
>>> load_gazetteer().lookup("Pyongyang")[0].country_code
'KP'
"""

from __future__ import annotations

from ..model import CITY_FEATURES, COUNTRY_FEATURES, REGION_FEATURES, STRONG_FEATURES
from .build import build_gazetteer, load_gazetteer
from .entries import GEONAMES_ATTRIBUTION, GEONAMES_URL, Entry, Gazetteer

__all__ = [
    "CITY_FEATURES", "COUNTRY_FEATURES", "GEONAMES_ATTRIBUTION", "GEONAMES_URL", "REGION_FEATURES",
    "STRONG_FEATURES", "Entry", "Gazetteer", "build_gazetteer", "load_gazetteer",
]
