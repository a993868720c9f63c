"""The places table: one row per mention, the same fields everywhere.

:func:`places_frame` is the one place a list of :class:`~osint.model.Place` becomes the table
that maps, exports, notebooks and every command-line format read (:data:`COLUMNS`);
:func:`place_record` is the one place a place becomes a row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..text import SentenceAt
from .places import Alternative, Entry, Place

if TYPE_CHECKING:
    import pandas as pd

#: The table's columns, in order: the mention, the place, its source and how sure the choice
#: is, the sentence, and for places an online geocoder gave, who answered and when.
COLUMNS = [
    "start", "end", "text", "name", "lat", "lon", "feature", "country_code", "admin1", "source",
    "source_id", "source_url", "confidence", "kind", "alternatives", "reason", "review", "sentence",
    "provider", "display_name", "osm_type", "osm_id", "fetched_at", "attribution",
]
#: The columns that hold an online geocoder's provenance (None for gazetteer places).
PROVENANCE_COLUMNS = ("provider", "display_name", "osm_type", "osm_id", "fetched_at", "attribution")
#: A gazetteer place's provenance columns (a plain Entry has none of an online answer's fields).
_NO_PROVENANCE = dict.fromkeys(PROVENANCE_COLUMNS)
#: Columns a review file adds to the table (see :mod:`osint.places.review`): what was decided
#: about the mention, by whom, why and when (None where nothing was).
ANALYST_COLUMNS = ("analyst_action", "analyst", "analyst_note", "analyst_date")
def check_fields(raw: str) -> tuple[str, ...]:
    """The fields a ``--fields`` option names (comma-separated names of :data:`COLUMNS`).

    Raises
    ------
    ValueError
        An empty list or a name that is not a column, with the columns there are.
    """
    fields = tuple(dict.fromkeys(f.strip() for f in raw.split(",") if f.strip()))
    unknown = [f for f in fields if f not in COLUMNS]
    if not fields or unknown:
        raise ValueError(f"{'unknown fields: ' + ', '.join(unknown) if unknown else 'no fields'}; "
                         f"the fields are {', '.join(COLUMNS)}")
    return fields


#: Fields of an alternative reading (a runner-up), as data.
ALTERNATIVE_FIELDS = Alternative._fields


def alternative_record(a: Alternative) -> dict[str, Any]:
    """A runner-up reading as a plain dict (:data:`ALTERNATIVE_FIELDS`)."""
    return a._asdict()


def place_record(p: Place, sentence: str = "", *, reviewed: bool = False) -> dict[str, Any]:
    """A place as one row of the table: a plain dict with every field of :data:`COLUMNS` (and of
    :data:`ANALYST_COLUMNS` when ``reviewed``: a review file was applied)."""
    m, e = p.mention, p.entry
    row = {
        "start": m.start, "end": m.end, "text": m.text,
        "name": e.name if e else None,
        "lat": e.lat if e else None, "lon": e.lon if e else None,
        "feature": e.feature if e else None,
        "country_code": e.country_code if e else None,
        # The GeoNames first-order division code ("NV", "07"): which Springfield, which Perth.
        "admin1": (e.admin1 or None) if e else None,
        "source": e.source if e else None,
        "source_id": e.source_id if e else None,
        "source_url": (e.source_url or None) if e else None,
        "confidence": p.confidence if e else 0.0,
        "kind": m.kind,
        "alternatives": [a._asdict() for a in p.alternatives],  # alternative_record, inlined
        "reason": p.reason,
        "review": p.review or None,
        "sentence": sentence,
        # An online answer says who gave it and when; a gazetteer place has none of these.
        **(_NO_PROVENANCE if e is None or type(e) is Entry else
           {col: (str(getattr(e, col, "") or "") or None) for col in PROVENANCE_COLUMNS}),
    }
    if reviewed:
        a = p.analyst
        row.update({"analyst_action": a.action if a else None, "analyst": (a.analyst or None) if a else None,
                    "analyst_note": a.note if a else None, "analyst_date": (a.date or None) if a else None})
    return row


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


def place_records(text: str, places: Sequence[Place], *, reviewed: bool = False,
                  fields: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Every place of ``text`` as a row (:func:`place_record`), each with its sentence.

    The ``sentence`` column holds the sentence the mention is in, or for a sentence longer
    than :data:`SENTENCE_WINDOW` characters the window of it around the mention
    (:func:`sentence_window`), so a row's size does not grow with the sentence. With
    ``fields`` (names of :data:`COLUMNS`), each row holds those fields only, in that order, and
    the sentences are not looked for unless ``sentence`` is one of them.
    """
    if not places:  # no sentence to look for
        return []
    if fields is not None:
        keep = tuple(fields)
        if "sentence" not in keep:
            return [{k: r[k] for k in keep} for r in (place_record(p, reviewed=reviewed) for p in places)]
        return [{k: r[k] for k in keep} for r in place_records(text, places, reviewed=reviewed)]
    # Only the sentences that hold places are split out (most of a text holds none).
    sentence_at = SentenceAt(text).at
    out = []
    for p in places:
        s = sentence_at(p.mention.start)
        sentence = ""
        if s is not None:
            sentence = sentence_window(s.text, p.mention.start - s.start,
                                       min(p.mention.end, s.end) - s.start)
        out.append(place_record(p, sentence, reviewed=reviewed))
    return out


def places_frame(text: str, places: Sequence[Place], *, reviewed: bool = False) -> pd.DataFrame:
    """Tabulate places (:data:`COLUMNS`), with each mention's sentence and the evidence behind it
    (and :data:`ANALYST_COLUMNS` when ``reviewed``)."""
    import pandas as pd

    cols = [*COLUMNS, *ANALYST_COLUMNS] if reviewed else COLUMNS
    df = pd.DataFrame(place_records(text, places, reviewed=reviewed), columns=cols)
    return df.astype({"start": "int64", "end": "int64", "lat": "float64", "lon": "float64",
                      "confidence": "float64"})


