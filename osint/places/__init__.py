"""Places in a text: mentions with spans, resolved to gazetteer entries, refined online when allowed.

The flow: :func:`extract` finds mentions, :func:`resolve` chooses a place for
each, :class:`Refiner` asks an online geocoder about what the gazetteer cannot
place well, and :mod:`osint.places.review` applies an analyst's corrections.
:func:`people_and_organisations` lists the names that are not places.
:func:`osint.analyze` runs the stage once per article, handing :func:`extract` the names
typed before it (:mod:`osint.names`); :func:`osint.geoparse_places` does the same for a bare text.
"""

from __future__ import annotations

from ..model import Alternative, Mention, Place
from .extract import extract
from .people import find_names, people_and_organisations
from .pipeline import COLUMNS, place_record, places_frame
from .resolve import resolve

#: Online refinement, loaded when first asked for: its geocoders and HTTP stack are not needed
#: to geoparse offline.
_REFINE = ("LOW_CONFIDENCE", "Refiner", "document_bias", "refine_places")


def __getattr__(name: str):
    if name in _REFINE:
        from . import refine

        return getattr(refine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "COLUMNS", "LOW_CONFIDENCE", "Alternative", "Mention", "Place", "Refiner", "document_bias", "extract",
    "find_names", "people_and_organisations", "place_record", "places_frame",
    "refine_places", "resolve",
]
