"""The geoparser end to end for a text: mentions -> places (-> refined online).

:func:`geoparse_places` is the places stage in one call, for corpora and benchmarks; an
analysis (:func:`osint.analyze`) runs the same steps once per article and applies the review.
The places table's shape lives in :mod:`osint.model.table` (re-exported here).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..gazetteer import Gazetteer, load_gazetteer
from ..model import ALTERNATIVE_FIELDS as ALTERNATIVE_FIELDS
from ..model import COLUMNS as COLUMNS
from ..model import ELLIPSIS as ELLIPSIS
from ..model import PROVENANCE_COLUMNS as PROVENANCE_COLUMNS
from ..model import SENTENCE_WINDOW as SENTENCE_WINDOW
from ..model import Place
from ..model import alternative_record as alternative_record
from ..model import place_record as place_record
from ..model import place_records as place_records
from ..model import places_frame as places_frame
from ..model import sentence_window as sentence_window
from .coordinates import with_stated
from .extract import extract
from .home import Home, home_from_hint
from .resolve import resolve


def geoparse_places(text: str, *, gazetteer: Gazetteer | None = None, online: bool = False,
                    geocoder: Any = None, warn: Callable[[str], None] | None = None,
                    home: str | Home | tuple[str, ...] | None = None) -> list[Place]:
    """Find and place every place mention of ``text`` (offline unless ``online``).

    Parameters
    ----------
    text : str
        Any English text.
    gazetteer : Gazetteer, optional
        Defaults to the embedded gazetteer.
    online : bool, default False
        Ask an online geocoder (see :mod:`osint.online.geocoders`) about the mentions
        the gazetteer lacks or places with low confidence. A failing service
        leaves the offline places in place, with one warning.
    geocoder : Provider or Refiner, optional
        The online provider; defaults to the one the environment configures.
    warn : callable, optional
        Receives the warning of a failing service (default :func:`warnings.warn`).
    home : str, Home or (country code, division code), optional
        Where the article comes from ("Springfield, Mo.", "UA", ``("US", "WV")``): a prior for
        namesakes the text leaves open (see :func:`osint.places.home.home_from_hint`).

    Returns
    -------
    list of Place
        In text order; unresolved mentions have ``entry`` None.
    """
    gaz = gazetteer or load_gazetteer()
    places = with_stated(resolve(text, extract(text, gaz), gaz,
                                 home=None if home is None else home_from_hint(home, gaz)), text)
    if online:
        from .refine import refine_places

        places = refine_places(places, geocoder=geocoder, warn=warn)
    return places
