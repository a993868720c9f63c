"""Places in a text: mentions with spans, resolved to gazetteer entries, refined online when allowed.

The flow: :func:`extract` finds mentions, :func:`resolve` chooses a place for
each, :class:`Refiner` asks an online geocoder about what the gazetteer cannot
place well, and :func:`geoparse` returns the one table of places with full
provenance. :func:`people_and_organisations` lists the names that are not places.

>>> from osint.places import geoparse
>>> list(geoparse("Shoigu flew from Moscow to Pyongyang.")["name"])
['Moscow', 'Pyongyang']
"""

from __future__ import annotations

from .extract import Mention, extract
from .people import find_names, people_and_organisations
from .pipeline import COLUMNS, geoparse, geoparse_places, place_record, places_frame
from .refine import LOW_CONFIDENCE, Refiner, document_bias, refine_places
from .resolve import Alternative, Place, resolve

__all__ = [
    "COLUMNS", "LOW_CONFIDENCE", "Alternative", "Mention", "Place", "Refiner", "document_bias", "extract",
    "find_names", "geoparse", "geoparse_places", "people_and_organisations", "place_record", "places_frame",
    "refine_places", "resolve",
]
