"""osint: an offline-first workbench for geolocating and checking news reports.

The data flow one way: article -> mentions -> places -> claims -> checks -> renderings.

>>> import osint
>>> case = osint.analyze("seeds/000_908df4e159e4c100.txt")
>>> places = case.places
>>> places.loc[places["text"] == "Pyongyang", "country_code"].iloc[0]
'KP'

The names below are loaded when first used, so ``import osint`` (and the command
line's ``--help``) stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

from .errors import (
    CacheWarning,
    ConfigurationError,
    DataError,
    GeocodingWarning,
    InputError,
    LanguageWarning,
    OsintError,
    OsintWarning,
    ServiceError,
)

__version__ = "0.1.0"

#: The public API: name -> module it lives in.
_API = {
    "Article": "osint.article", "load_article": "osint.article", "iter_corpus": "osint.article",
    "Entry": "osint.gazetteer", "Gazetteer": "osint.gazetteer", "load_gazetteer": "osint.gazetteer",
    "Mention": "osint.model", "Place": "osint.model", "geoparse": "osint.case",
    "geoparse_places": "osint.case", "people_and_organisations": "osint.case",
    "analyze": "osint.case", "Case": "osint.case", "load_case": "osint.case",
    "find_claims": "osint.case", "crossref": "osint.case", "place_map": "osint.render",
    "export": "osint.render.exports", "table_html": "osint.render.tables", "fragment": "osint.render.html",
}

__all__ = [
    "Article",
    "CacheWarning",
    "Case",
    "ConfigurationError",
    "DataError",
    "Entry",
    "Gazetteer",
    "GeocodingWarning",
    "InputError",
    "LanguageWarning",
    "Mention",
    "OsintError",
    "OsintWarning",
    "Place",
    "ServiceError",
    "analyze",
    "crossref",
    "export",
    "find_claims",
    "fragment",
    "geoparse",
    "geoparse_places",
    "iter_corpus",
    "load_article",
    "load_case",
    "load_gazetteer",
    "people_and_organisations",
    "place_map",
    "table_html",
]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        # A submodule used as an attribute (``osint.paths``) is imported on first use too.
        try:
            value = importlib.import_module(f"osint.{name}")
        except ModuleNotFoundError:
            raise AttributeError(f"module 'osint' has no attribute {name!r}") from None
    else:
        value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
