"""osint: an offline-first workbench for geolocating and checking news reports.

The data flow one way: article -> mentions -> places -> claims -> checks -> maps.

>>> import osint
>>> article = osint.load_article("seeds/000_908df4e159e4c100.txt")
>>> places = osint.geoparse(article.text)
"""

from __future__ import annotations

from .article import Article, iter_corpus, load_article
from .errors import ConfigurationError, DataError, InputError, OsintError, ServiceError
from .extract import Mention
from .gazetteer import Entry, Gazetteer, load_gazetteer
from .pipeline import geoparse, geoparse_places
from .resolve import Place

__version__ = "0.1.0"

__all__ = [
    "Article", "ConfigurationError", "DataError", "Entry", "Gazetteer", "InputError", "Mention",
    "OsintError", "Place", "ServiceError", "geoparse", "geoparse_places", "iter_corpus",
    "load_article", "load_gazetteer",
]
