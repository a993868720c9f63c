"""The geoparser end to end: text -> mentions -> places -> a table."""

from __future__ import annotations

import bisect
from typing import Any

import pandas as pd

from .extract import extract
from .gazetteer import Gazetteer, load_gazetteer
from .resolve import Place, resolve
from .text import sentences

#: Columns of :func:`geoparse`'s table, in order.
COLUMNS = [
    "start", "end", "text", "name", "lat", "lon", "feature", "country_code", "source",
    "source_id", "confidence", "sentence", "kind", "source_url", "alternatives", "reason",
    "fetched_at",
]
#: Fields of a place in JSONL output.
RECORD_FIELDS = ["start", "end", "text", "name", "lat", "lon", "feature", "country_code",
                 "source", "source_id", "confidence"]


def geoparse_places(text: str, *, gazetteer: Gazetteer | None = None, online: bool = False,
                    geocoder: Any = None) -> list[Place]:
    """Find and place every place mention of ``text`` (offline unless ``online``).

    Parameters
    ----------
    text : str
        Any English text.
    gazetteer : Gazetteer, optional
        Defaults to the embedded gazetteer.
    online : bool, default False
        Ask an online geocoder (see :mod:`osint.geocoders`) about the mentions
        the gazetteer lacks or places with low confidence. A failing service
        leaves the offline places in place, with one warning.
    geocoder : osint.geocoders.OnlineGeocoder, optional
        The online provider; defaults to the one the environment configures.

    Returns
    -------
    list of Place
        In text order; unresolved mentions have ``entry`` None.
    """
    gaz = gazetteer or load_gazetteer()
    places = resolve(text, extract(text, gaz), gaz)
    if online:
        from .geocoders import refine_places

        places = refine_places(places, geocoder=geocoder)
    return places


def place_record(p: Place) -> dict[str, Any]:
    """A place as a plain dict with the JSONL output's fields."""
    m, e = p.mention, p.entry
    return {
        "start": m.start, "end": m.end, "text": m.text,
        "name": e.name if e else None,
        "lat": e.lat if e else None, "lon": e.lon if e else None,
        "feature": e.feature if e else None,
        "country_code": e.country_code if e else None,
        "source": e.source if e else None,
        "source_id": e.source_id if e else None,
        "confidence": p.confidence if e else 0.0,
    }


def places_frame(text: str, places: list[Place]) -> pd.DataFrame:
    """Tabulate places, with each mention's sentence and the evidence behind it."""
    sents = sentences(text)
    starts = [s.start for s in sents]
    rows = []
    for p in places:
        rec = place_record(p)
        k = bisect.bisect_right(starts, p.mention.start) - 1
        rec["sentence"] = sents[k].text if k >= 0 else ""
        rec["kind"] = p.mention.kind
        rec["source_url"] = p.entry.source_url if p.entry else None
        rec["alternatives"] = [
            f"{a.name} ({a.country_code or a.feature}, {a.confidence:.2f})" for a in p.alternatives
        ]
        rec["reason"] = p.reason
        # An online answer says when it was fetched (and from whom, in source).
        rec["fetched_at"] = getattr(p.entry, "fetched_at", None) or None
        rows.append(rec)
    df = pd.DataFrame(rows, columns=COLUMNS)
    return df.astype({"start": "int64", "end": "int64", "lat": "float64", "lon": "float64",
                      "confidence": "float64"})


def geoparse(text: str, *, gazetteer: Gazetteer | None = None, online: bool = False,
             geocoder: Any = None) -> pd.DataFrame:
    """Geoparse ``text`` into a table of place mentions (offline unless ``online``).

    Parameters
    ----------
    text : str
        Any English text.
    gazetteer : Gazetteer, optional
        Defaults to the embedded gazetteer.
    online : bool, default False
        Refine unresolved and low-confidence places with an online geocoder
        (see :func:`geoparse_places`).
    geocoder : osint.geocoders.OnlineGeocoder, optional
        The online provider; defaults to the one the environment configures.

    Returns
    -------
    pandas.DataFrame
        One row per mention: start, end (code points, end exclusive), text,
        name, lat, lon, feature, country_code, source, source_id, confidence,
        sentence, then kind, source_url, alternatives, reason and fetched_at
        (when an online answer was fetched; empty for gazetteer places).
        Unresolved mentions have NaN coordinates.

    Examples
    --------
    >>> df = geoparse("Shoigu flew from Moscow to Pyongyang.")
    >>> list(df["name"])
    ['Moscow', 'Pyongyang']
    """
    return places_frame(text, geoparse_places(text, gazetteer=gazetteer, online=online,
                                              geocoder=geocoder))
