"""Analyst review that sticks: a file of corrections applied to the places table.

The machine is wrong sometimes; an analyst corrects it in a review file beside the
article (``NAME.review.csv``) or given with ``--review FILE``, with the columns
``start,end,action,name,lat,lon,note,analyst,date`` (and, optionally, ``text``:
the mention as written, which makes a stale row certain to be caught). A row may name its
mention by ``text`` (and ``occurrence``: 1 for the first time the article writes it as a whole
word, the default; 2 for the second, ...) and leave ``start`` and ``end`` empty: a file with a
``text`` column needs no offsets at all. An optional ``feature`` column gives the feature type of
a relocated or added place (``city``, ``air_base``, ...):

``accept``
    the machine's reading of the mention at ``start:end`` stands (it leaves the review queue);
``reject``
    the mention is not a place (it stays in the table as ``kind=rejected``, without coordinates);
``relocate``
    the mention is ``name`` at ``lat, lon`` instead (with the machine's feature type and country
    when ``name`` is the machine's own, the same place put right; else ``feature`` or a site);
``add``
    ``start:end`` names a place the machine missed (or kept without coordinates): ``name`` at
    ``lat, lon``.

A row with no action is one the analyst has not decided yet (:func:`review_template` writes the
review queue so): it is skipped.

Every overridden row says who changed what, when and why (the ``analyst_*`` columns). A
review row that no longer matches the text (the article changed: no mention at that span,
a span that cuts a word, a ``text`` that differs) is reported in
:attr:`Reviewed.stale` and never applied.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..escape import FORMULA_START, csv_cell, no_surrogates
from ..io import read_limited
from ..model import ANALYST_COLUMNS as ANALYST_COLUMNS
from ..model import Alternative, Analyst, Entry, Mention, Place, places_frame

if TYPE_CHECKING:
    import pandas as pd

ACTIONS = ("accept", "reject", "relocate", "add")
COLUMNS = ("start", "end", "action", "name", "lat", "lon", "note", "analyst", "date")
#: Columns a file may add: the mention as written, which time it is written so, the feature type.
OPTIONAL_COLUMNS = ("text", "occurrence", "feature")
MAX_REVIEW_BYTES = 8 * 2**20
MAX_ROWS = 20_000
MAX_TEXT = 500
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_WORD = re.compile(r"\w")
_FEATURE = re.compile(r"[a-z][a-z0-9_]{0,39}")


@dataclass(frozen=True)
class ReviewRow:
    """One correction, as read and checked."""

    row: int
    start: int
    end: int
    action: str
    name: str
    lat: float | None
    lon: float | None
    note: str
    analyst: str
    date: str
    text: str | None = None
    occurrence: int | None = None
    feature: str = ""

    @property
    def where(self) -> str:
        """The mention the row names: its span, or its text and occurrence (not yet found)."""
        if self.occurrence is not None:
            return f"{self.text!r} #{self.occurrence}"
        return f"{self.start}:{self.end}"

    def describe(self) -> str:
        """Who changed what, when and why, in a line (popups, appendix)."""
        who = self.analyst or "an analyst"
        when = f" on {self.date}" if self.date else ""
        why = f": {self.note}" if self.note else ""
        at = f"{self.name} ({self.lat:.5f}, {self.lon:.5f})" if self.lat is not None else self.name
        what = {"accept": "accepted", "reject": "rejected as no place", "relocate": f"relocated to {at}",
                "add": f"added as {at}"}[self.action]
        return f"{what} by {who}{when}{why}"


@dataclass
class Reviewed:
    """The places with the review applied, and what could not be applied.

    ``places`` are :class:`~osint.model.Place` s (each decided one carries its
    :class:`~osint.model.Analyst`), in text order; :meth:`frame` is the places table with the
    :data:`~osint.model.ANALYST_COLUMNS`.
    """

    places: list[Place]
    applied: list[ReviewRow] = field(default_factory=list)
    stale: list[tuple[ReviewRow, str]] = field(default_factory=list)
    source: str = ""

    def stale_lines(self) -> list[str]:
        """One line per stale row: which row, what it said, why it no longer applies."""
        return [f"{self.source} row {r.row}: {r.action} {r.where} not applied ({why})"
                for r, why in self.stale]

    def frame(self, text: str) -> pd.DataFrame:
        """The places table of ``text`` with the review's columns."""
        return places_frame(text, self.places, reviewed=True)


@dataclass
class ReviewedTable:
    """:func:`apply_review`'s answer: the places table with the review applied, and the rest."""

    places: pd.DataFrame
    applied: list[ReviewRow] = field(default_factory=list)
    stale: list[tuple[ReviewRow, str]] = field(default_factory=list)
    source: str = ""

    stale_lines = Reviewed.stale_lines


def review_path(article_path: str | os.PathLike[str]) -> Path:
    """Where an article's review file is looked for: ``NAME.review.csv`` beside it."""
    p = Path(article_path)
    return p.with_name(p.stem + ".review.csv")


def read_review(path: str | os.PathLike[str]) -> list[ReviewRow]:
    """Read and check a review file.

    Raises
    ------
    InputError
        Unreadable, not CSV, a missing column, or a row that is malformed (named with its number):
        an unknown action, a span that is not two whole numbers, coordinates missing or out of
        range for ``relocate``/``add``, a date that is not ``YYYY-MM-DD``.
    """
    data = read_limited(path, limit=MAX_REVIEW_BYTES, what="review file")
    try:
        text = no_surrogates(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 (byte {exc.start})", path=str(path)) from exc
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        # With a text column the mention may be named by its text alone: no offsets needed.
        needed = [c for c in COLUMNS if "text" not in fields or c not in ("start", "end")]
        missing = [c for c in needed if c not in fields]
        if missing:
            raise InputError(f"missing columns {', '.join(missing)} (a review file has "
                             f"{','.join(COLUMNS)}, or text[,occurrence] in place of start,end)",
                             path=str(path))
        out: list[ReviewRow] = []
        for rec in reader:
            if len(out) >= MAX_ROWS:
                raise InputError(f"more than {MAX_ROWS:,} rows", path=str(path))
            rec = {(k or "").strip().lower(): (v or "") for k, v in rec.items() if isinstance(v, str)}
            if not any(v.strip() for v in rec.values()):
                continue
            if not rec.get("action", "").strip():
                continue  # a queue row (review_template) the analyst has not decided yet
            out.append(_row(rec, reader.line_num, str(path)))
    except csv.Error as exc:
        raise InputError(f"malformed CSV ({exc})", path=str(path)) from exc
    return out


def _clean(v: str, limit: int = MAX_TEXT) -> str:
    return " ".join(_CONTROL.sub(" ", v).split())[:limit]


def _row(rec: dict[str, str], n: int, path: str) -> ReviewRow:
    def bad(msg: str) -> InputError:
        return InputError(f"row {n}: {msg}", path=path)

    action = rec.get("action", "").strip().lower()
    if action not in ACTIONS:
        raise bad(f"action {action[:20]!r} is not one of {', '.join(ACTIONS)}")
    text = rec.get("text")
    text = text if text not in (None, "") else None
    occurrence: int | None = None
    if not rec.get("start", "").strip() and not rec.get("end", "").strip():
        # The mention named by its text (and which time the article writes it), not by offsets.
        if text is None:
            raise bad("give start and end (character offsets), or the mention's text")
        nth = rec.get("occurrence", "").strip() or "1"
        if not nth.isdigit() or int(nth) < 1:
            raise bad(f"occurrence {nth[:20]!r} is not a whole number from 1")
        occurrence, start, end = int(nth), 0, 0
    else:
        try:
            start, end = int(rec["start"].strip()), int(rec["end"].strip())
        except (ValueError, KeyError):
            raise bad("start and end must be whole numbers (character offsets)") from None
        if not 0 <= start < end:
            raise bad(f"span {start}:{end} is empty or negative")
    feature = rec.get("feature", "").strip().lower()
    if feature and not _FEATURE.fullmatch(feature):
        raise bad(f"feature {feature[:20]!r} is not a feature type (a word such as city or air_base)")
    name = _clean(rec.get("name", ""), 200)
    lat = lon = None
    if action in ("relocate", "add"):
        if not name:
            raise bad(f"{action} needs the place's name")
        try:
            lat, lon = float(rec["lat"]), float(rec["lon"])
        except ValueError:
            raise bad(f"{action} needs lat and lon as numbers") from None
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            raise bad(f"coordinates out of range ({rec['lat'][:20]}, {rec['lon'][:20]})")
    date = rec.get("date", "").strip()
    if date:
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            raise bad(f"date {date[:20]!r} is not YYYY-MM-DD") from None
    return ReviewRow(n, start, end, action, name, lat, lon, _clean(rec.get("note", "")),
                     _clean(rec.get("analyst", ""), 120), date, text, occurrence, feature)


def review_places(places: Sequence[Place], text: str, review: str | os.PathLike[str] | Sequence[ReviewRow],
                  *, source: str | None = None) -> Reviewed:
    """Apply a review to the places of ``text``.

    Returns
    -------
    Reviewed
        The places in text order, each decided one changed as its row says and carrying its
        :class:`~osint.model.Analyst`; the rows applied; the stale rows with why each was not
        applied.
    """
    if isinstance(review, (str, os.PathLike)):
        rows = read_review(review)
        source = source or Path(review).name
    else:
        rows = list(review)
    out = Reviewed(list(places), source=source or "review")
    by_span = {(p.mention.start, p.mention.end): i for i, p in enumerate(out.places)}
    added: list[Place] = []
    for r in rows:
        if r.occurrence is not None:
            r, why = _find(r, text)
            if why:
                out.stale.append((r, why))
                continue
        why = _stale(r, text, by_span, out.places)
        if why:
            out.stale.append((r, why))
            continue
        i = by_span.get((r.start, r.end))
        if i is None:  # "add" a mention the machine missed
            mention = Mention(r.start, r.end, text[r.start:r.end], text[r.start:r.end].lower(), "place", ())
            added.append(_decided(Place(mention, None, 0.0, (), ""), r, out.source))
        else:
            out.places[i] = _decided(out.places[i], r, out.source)
        out.applied.append(r)
    if added:
        out.places = sorted([*out.places, *added], key=lambda p: (p.mention.start, p.mention.end))
    return out


def apply_review(places: pd.DataFrame, text: str, review: str | os.PathLike[str] | Sequence[ReviewRow],
                 *, source: str | None = None) -> ReviewedTable:
    """Apply a review to a places table (:data:`osint.model.COLUMNS`) of ``text``.

    For tables made elsewhere; an analysis applies its review to its places once
    (:func:`review_places`, through :func:`osint.analyze`).

    Returns
    -------
    ReviewedTable
        The table (a copy, with the :data:`~osint.model.ANALYST_COLUMNS` added and the rows in
        text order), the rows applied, and the stale rows with the reason each was not applied.
    """
    done = review_places(places_from_table(places), text, review, source=source)
    return ReviewedTable(done.frame(text), done.applied, done.stale, done.source)


def _find(r: ReviewRow, text: str) -> tuple[ReviewRow, str]:
    """The row at the span of its text's ``occurrence``-th whole-word appearance, or why not."""
    import dataclasses

    assert r.text is not None and r.occurrence is not None
    want = r.text[1:] if r.text.startswith("'") and r.text[1:].startswith(FORMULA_START) else r.text
    found = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(want)}(?!\w)", text)]
    if len(found) < r.occurrence:
        return r, (f"the text writes {want[:40]!r} {len(found)} time(s), not {r.occurrence}"
                   if found else f"the text never writes {want[:40]!r}")
    start, end = found[r.occurrence - 1]
    return dataclasses.replace(r, start=start, end=end, text=want), ""


def _stale(r: ReviewRow, text: str, by_span: dict[tuple[int, int], int], places: Sequence[Place]) -> str:
    if r.end > len(text):
        return f"the text has only {len(text)} characters"
    written = text[r.start : r.end]
    if r.text is not None and written != r.text and not (r.text.startswith("'") and written == r.text[1:]):
        return f"the text there now reads {written[:40]!r}, not {r.text[:40]!r}"
    if r.action == "add":
        if (r.start > 0 and _WORD.match(text[r.start - 1]) and _WORD.match(text[r.start])) or (
                r.end < len(text) and _WORD.match(text[r.end - 1]) and _WORD.match(text[r.end])):
            return f"the span cuts a word ({written[:40]!r})"
        if not _WORD.search(written):
            return f"the span holds no word ({written[:40]!r})"
        for (s, e), i in by_span.items():
            if s < r.end and r.start < e and not ((s, e) == (r.start, r.end) and places[i].entry is None):
                return f"the machine already has a mention there ({text[s:e][:40]!r}); relocate it instead"
        return ""
    if (r.start, r.end) not in by_span:
        return f"no mention at {r.start}:{r.end} ({written[:40]!r}): the article or the geoparser changed"
    return ""


def _decided(p: Place, r: ReviewRow, source: str) -> Place:
    """The place as the row decides it, carrying who decided what."""
    note = Analyst(r.action, r.analyst, r.describe(), r.date, f"{source} row {r.row}")
    if r.action == "accept":  # checked: it leaves the review queue
        return p._replace(review="", analyst=note)
    if r.action == "reject":  # decided: the resolver's doubt no longer applies
        return p._replace(mention=p.mention._replace(kind="rejected"), entry=None, confidence=0.0,
                          reason=note.note, review="", analyst=note)
    # relocate, or add at a mention left unresolved: the place the analyst gives, at full confidence.
    # Its feature type: the row's; else, when the analyst kept the machine's name (the same place,
    # its point put right), the machine's with its country; else a site.
    assert r.lat is not None and r.lon is not None
    same = p.entry is not None and p.entry.name.casefold() == r.name.casefold()
    feature = r.feature or (p.entry.feature if same and p.entry and p.entry.feature else ANALYST_FEATURE)
    country = p.entry.country_code if same and p.entry else ""
    entry = Entry(-1, r.name, r.lat, r.lon, feature, country, "", 0, "analyst", note.row, "")
    return p._replace(mention=p.mention._replace(kind="place"), entry=entry, confidence=1.0,
                      reason=note.note, review="", analyst=note)


#: The feature of a place an analyst gave: a site, since the review file says no more.
ANALYST_FEATURE = "site"


def places_from_table(df: pd.DataFrame) -> list[Place]:
    """Places from a places table made elsewhere (a file read back): each row's mention and entry,
    the runners-up and the notes. The gazetteer's candidates are not in a table: none are kept."""
    out = []
    for r in df.to_dict("records"):
        lat, lon = r.get("lat"), r.get("lon")
        placed = isinstance(lat, (int, float)) and lat == lat and isinstance(lon, (int, float)) and lon == lon
        text = str(r["text"])
        kind = str(r.get("kind") or "place")
        mention = Mention(int(r["start"]), int(r["end"]), text, text.lower(), kind, ())
        entry = Entry(-1, str(r.get("name") or ""), float(lat), float(lon), _s(r.get("feature")),
                      _s(r.get("country_code")), _s(r.get("admin1")), 0, _s(r.get("source")),
                      _s(r.get("source_id")), _s(r.get("source_url"))) if placed else None
        alts = tuple(Alternative(**a) for a in (r.get("alternatives") or []) if isinstance(a, dict))
        conf = r.get("confidence")
        out.append(Place(mention, entry, float(conf) if conf == conf and conf is not None else 0.0, alts,
                         _s(r.get("reason")), _s(r.get("review"))))
    return sorted(out, key=lambda p: (p.mention.start, p.mention.end))


def _s(v: Any) -> str:
    return v if isinstance(v, str) else ""


def review_queue(places: pd.DataFrame, *, confidence: float = 0.6) -> pd.DataFrame:
    """The rows an analyst should look at first: unresolved mentions, unsure readings and readings
    the resolver marked (far from the rest of the article), one row per mention."""
    import pandas as pd

    resolved = places["lat"].notna()
    unsure = places["confidence"] < confidence
    marked = places["review"].notna() if "review" in places.columns else False
    done = places["analyst_action"].notna() if "analyst_action" in places.columns else False
    q = places[(~resolved | unsure | marked) & ~done & (places["kind"] != "rejected")].copy()
    q["why"] = [
        (r.review if isinstance(r.review, str) and r.review else
         "not in the gazetteer" if pd.isna(r.lat) else f"unsure ({r.confidence:.2f})")
        for r in q.itertuples()
    ]
    return q[["start", "end", "text", "name", "lat", "lon", "confidence", "why"]]


def review_template(places: pd.DataFrame, text: str | None = None) -> str:
    """A review file (CSV) with a row for each mention of the queue, ``action`` left for the analyst
    to fill in; with ``text`` it also writes each mention as written, so a changed article is caught."""
    import pandas as pd

    q = review_queue(places)
    buf = io.StringIO()
    cols = [*COLUMNS, "text"]
    w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    for r in q.itertuples():
        # Cells a spreadsheet would run as formulas are neutralised (the text check allows for it).
        w.writerow({"start": r.start, "end": r.end, "action": "",
                    "name": csv_cell(r.name) if isinstance(r.name, str) else "",
                    "lat": "" if pd.isna(r.lat) else r.lat, "lon": "" if pd.isna(r.lon) else r.lon,
                    "note": csv_cell(r.why), "analyst": "", "date": "", "text": csv_cell(r.text)})
    return buf.getvalue()
