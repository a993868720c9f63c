"""The geoparser end to end: text -> mentions -> places -> one table with full provenance.

:func:`geoparse` returns the table every other part reads (maps, exports,
notebooks, the command line's JSONL, CSV and Parquet): one row per mention,
:data:`COLUMNS`, the same fields everywhere. :func:`place_record` is the one
place a :class:`~osint.places.resolve.Place` becomes such a row.
"""

from __future__ import annotations

import bisect
import contextlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..article import Article
from ..gazetteer import Gazetteer, load_gazetteer
from ..text import sentences
from .extract import extract
from .home import Home, home_from_hint
from .resolve import Alternative, Place, resolve

#: The table's columns, in order: the mention, the place, its source and how sure the choice
#: is, the sentence, and for places an online geocoder gave, who answered and when.
COLUMNS = [
    "start", "end", "text", "name", "lat", "lon", "feature", "country_code", "admin1", "source",
    "source_id", "source_url", "confidence", "kind", "alternatives", "reason", "review", "sentence",
    "provider", "display_name", "osm_type", "osm_id", "fetched_at", "attribution",
]
#: The columns that hold an online geocoder's provenance (None for gazetteer places).
PROVENANCE_COLUMNS = ("provider", "display_name", "osm_type", "osm_id", "fetched_at", "attribution")
#: Fields of an alternative reading (a runner-up), as data.
ALTERNATIVE_FIELDS = Alternative._fields


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
        Ask an online geocoder (see :mod:`osint.geocoding`) about the mentions
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
    places = resolve(text, extract(text, gaz), gaz,
                     home=None if home is None else home_from_hint(home, gaz))
    if online:
        from .refine import refine_places

        places = refine_places(places, geocoder=geocoder, warn=warn)
    return places


def alternative_record(a: Alternative) -> dict[str, Any]:
    """A runner-up reading as a plain dict (:data:`ALTERNATIVE_FIELDS`)."""
    return a._asdict()


def place_record(p: Place, sentence: str = "") -> dict[str, Any]:
    """A place as one row of the table: a plain dict with every field of :data:`COLUMNS`."""
    m, e = p.mention, p.entry
    return {
        "start": m.start, "end": m.end, "text": m.text,
        "name": e.name if e else None,
        "lat": e.lat if e else None, "lon": e.lon if e else None,
        "feature": e.feature if e else None,
        "country_code": e.country_code if e else None,
        # The GeoNames first-order division code ("NV", "07"): which Springfield, which Perth.
        "admin1": (e.admin1 or None) if e else None,
        "source": e.source if e else None,
        "source_id": e.source_id if e else None,
        "source_url": e.source_url if e else None,
        "confidence": p.confidence if e else 0.0,
        "kind": m.kind,
        "alternatives": [alternative_record(a) for a in p.alternatives],
        "reason": p.reason,
        "review": p.review or None,
        "sentence": sentence,
        # An online answer says who gave it and when; a gazetteer place has none of these.
        **{col: (str(getattr(e, col, "") or "") or None) for col in PROVENANCE_COLUMNS},
    }


#: The most characters of its sentence a row keeps: a longer sentence is cut to a window of
#: about this size around the mention, at word boundaries, with "…" where it was cut. Without
#: a cap a 1 MB "sentence" naming a place 150,000 times would be written 150,000 times.
SENTENCE_WINDOW = 400
ELLIPSIS = "…"


def sentence_window(sentence: str, start: int, end: int, width: int = SENTENCE_WINDOW) -> str:
    """The sentence, or when longer than ``width`` a window of it around ``[start, end)``.

    ``start`` and ``end`` are the mention's offsets inside ``sentence``. The window is cut
    at whitespace (never inside a word, never inside the mention) and marked with
    :data:`ELLIPSIS` on each side that was cut; the mention is always inside it.

    Examples
    --------
    >>> sentence_window("one two three four five six", 8, 13, width=16)
    '…two three four…'
    """
    if len(sentence) <= width:
        return sentence
    room = max(0, width - (end - start))
    lo = max(0, start - room // 2)
    hi = min(len(sentence), end + (room - (start - lo)))
    lo = max(0, min(lo, hi - width))
    if lo > 0:  # forward to a word's start, but not past the mention
        cut = sentence.find(" ", lo, start)
        lo = cut + 1 if cut >= 0 else lo
    if hi < len(sentence):  # back to a word's end, but not before the mention
        cut = sentence.rfind(" ", end, hi)
        hi = cut if cut >= 0 else hi
    return (ELLIPSIS if lo > 0 else "") + sentence[lo:hi].strip() + (ELLIPSIS if hi < len(sentence) else "")


def place_records(text: str, places: Sequence[Place]) -> list[dict[str, Any]]:
    """Every place of ``text`` as a row (:func:`place_record`), each with its sentence.

    The ``sentence`` column holds the sentence the mention is in, or for a sentence longer
    than :data:`SENTENCE_WINDOW` characters the window of it around the mention
    (:func:`sentence_window`), so a row's size does not grow with the sentence.
    """
    sents = sentences(text)
    starts = [s.start for s in sents]
    out = []
    for p in places:
        k = bisect.bisect_right(starts, p.mention.start) - 1
        sentence = ""
        if k >= 0:
            s = sents[k]
            sentence = sentence_window(s.text, p.mention.start - s.start,
                                       min(p.mention.end, s.end) - s.start)
        out.append(place_record(p, sentence))
    return out


def places_frame(text: str, places: Sequence[Place]) -> pd.DataFrame:
    """Tabulate places (:data:`COLUMNS`), with each mention's sentence and the evidence behind it."""
    df = pd.DataFrame(place_records(text, places), columns=COLUMNS)
    return df.astype({"start": "int64", "end": "int64", "lat": "float64", "lon": "float64",
                      "confidence": "float64"})


def _as_text(source: str | os.PathLike[str] | Article) -> str:
    """The text to geoparse: an Article's, a file's (``.txt``, resolved as the command line does), or the
    string itself."""
    if isinstance(source, Article):
        return source.text
    if isinstance(source, os.PathLike) or (
            isinstance(source, str) and "\n" not in source and len(source) < 4096
            and Path(source).suffix.lower() == ".txt"):
        from ..article import load_article

        return load_article(source).text
    if not isinstance(source, str):
        raise TypeError(f"geoparse() takes text, an Article or a path, not {type(source).__name__}")
    return source


def geoparse(source: str | os.PathLike[str] | Article, *,
             gazetteer: Gazetteer | str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
             online: bool = False, geocoder: Any = None,
             warn: Callable[[str], None] | None = None,
             home: str | Home | tuple[str, ...] | None = None,
             review: str | os.PathLike[str] | bool | None = None) -> pd.DataFrame:
    """Geoparse a text into the table of its place mentions (offline unless ``online``).

    Parameters
    ----------
    source : str, Path or Article
        The text itself, an :class:`~osint.article.Article`, or the path of a ``.txt``
        article (a one-line string ending in ``.txt`` is taken as a path).
    gazetteer : Gazetteer, path or list of paths, optional
        Defaults to the embedded gazetteer; a path (or several) of your own places (CSV,
        GeoJSON, KML/KMZ) is laid over it (see :func:`osint.gazetteer.load_gazetteer`).
    online : bool, default False
        Refine unresolved and low-confidence places with an online geocoder
        (see :func:`geoparse_places`).
    geocoder : Provider or Refiner, optional
        The online provider; defaults to the one the environment configures.
    warn : callable, optional
        Receives the warning of a failing service.
    home : str, Home or (country code, division code), optional
        Where the article comes from (see :func:`geoparse_places`); an Article's sidecar
        ``place`` field when not given.
    review : path or bool, optional
        An analyst's review file to apply (see :mod:`osint.places.review`); by default the
        article's own ``NAME.review.csv`` when it has one (``False``: none). Stale rows are
        reported through ``warn`` (default :func:`warnings.warn`) and never applied.

    Returns
    -------
    pandas.DataFrame
        One row per mention, :data:`COLUMNS`: start, end (code points, end
        exclusive), text, name, lat, lon, feature, country_code, admin1, source,
        source_id, source_url, confidence, kind, alternatives (a list of dicts
        with :data:`ALTERNATIVE_FIELDS`), reason, review (why to check the reading,
        or None), sentence (at most about :data:`SENTENCE_WINDOW` characters around
        the mention, see :func:`place_records`), and for places an
        online geocoder gave, provider, display_name, osm_type, osm_id,
        fetched_at and attribution (None otherwise). Unresolved mentions have NaN
        coordinates.

    Raises
    ------
    InputError
        A path that cannot be read as an article.

    Examples
    --------
    >>> df = geoparse("Shoigu flew from Moscow to Pyongyang.")
    >>> list(df["name"])
    ['Moscow', 'Pyongyang']
    """
    if home is None and isinstance(source, Article) and isinstance(source.meta.get("place"), str):
        home = source.meta["place"]
    if gazetteer is not None and not isinstance(gazetteer, Gazetteer):
        # A layer file (or several) of the analyst's own places over the embedded gazetteer.
        many = isinstance(gazetteer, (list, tuple))
        gazetteer = load_gazetteer(layers=list(gazetteer) if many else [gazetteer])
    text = _as_text(source)
    df = places_frame(text, geoparse_places(text, gazetteer=gazetteer, online=online, geocoder=geocoder,
                                            warn=warn, home=home))
    path = review_file(source, review)
    if path is None:
        return df
    from .review import apply_review

    done = apply_review(df, text, path)
    for line in done.stale_lines():
        (warn or _warn_python)(line)
    df = done.places
    df.attrs["review"] = {"file": done.source, "applied": len(done.applied), "stale": done.stale_lines()}
    return df


def _warn_python(message: str) -> None:
    import warnings

    warnings.warn(message, stacklevel=3)


def review_file(source: Any, review: Any) -> str | None:
    """The review file to apply: the one given, else the article's own when it has one."""
    if review is False:
        return None
    if review not in (None, True):
        return str(review)
    path = source.path if isinstance(source, Article) else (
        str(source) if isinstance(source, os.PathLike) or (
            isinstance(source, str) and "\n" not in source and source.lower().endswith(".txt")) else None)
    if not path:
        return None
    from ..article import resolve_article
    from ..errors import InputError
    from .review import review_path

    with contextlib.suppress(InputError):  # "seeds/x.txt" names the project's file from elsewhere
        path = str(resolve_article(path))
    candidate = review_path(path)
    from ..io import is_file

    return str(candidate) if is_file(candidate) else None


def review_places(places: Sequence[Place], text: str,
                  review: str | os.PathLike[str]) -> tuple[list[Place], Any]:
    """Apply a review file (:mod:`osint.places.review`) to :class:`Place` objects (what the claims
    read): rejected mentions are left out, relocated and added ones carry an ``analyst`` entry.

    Returns the places and the :class:`~osint.places.review.Reviewed` outcome (stale rows).
    """
    from ..gazetteer import Entry
    from .extract import Mention
    from .review import apply_review

    done = apply_review(places_frame(text, list(places)), text, review)
    by_span = {(p.mention.start, p.mention.end): p for p in places}
    out = []
    for r in done.places.to_dict("records"):
        old = by_span.get((int(r["start"]), int(r["end"])))
        action = r.get("analyst_action")
        if action == "reject":
            continue
        if action in ("relocate", "add"):
            entry = Entry(-1, r["name"], float(r["lat"]), float(r["lon"]), "site", "", "", 0, "analyst",
                          str(r["source_id"]), "")
            mention = old.mention if old else Mention(int(r["start"]), int(r["end"]), r["text"],
                                                      str(r["text"]).lower(), "place", ())
            out.append(Place(mention, entry, 1.0, (), str(r["reason"])))
        elif old is not None:
            out.append(old)
    return out, done
