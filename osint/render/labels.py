"""How places are named in the outputs, and which are drawn.

- **The article's own spelling** labels a place when it is another spelling of the gazetteer's
  name ("Oryol" for GeoNames' "Orël", "Gomel" for "Homyel'", "Kyiv" for "Kiev"); the gazetteer's
  name stays in the popup. Another name altogether ("US" for "United States", "DPRK") is not a
  spelling: the gazetteer's name labels it.
- **Inferred sites** say so: a part of a facility the text places nowhere itself
  (:mod:`osint.places.parts`), a claim's site worked out from a description.
- **Organisations stay off the map** unless something happens there: a think tank, a university
  or a government building named as someone's affiliation ("a researcher at the James Martin
  Center", "spokesman of the White House") or for its people ("the Kremlin is in need") is no
  place of the story; "talks at the Kremlin" or "protesters outside the embassy" are.
- **One legend row per place**: the same name twice (a city and its division, a place and a
  claim site) is one row, with the mentions of both; and **one label per name** on the maps: the
  other markers of that name keep their markers and popups, unlabelled.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..lexicon import TITLES, _words
from ..text import fold, name_key

if TYPE_CHECKING:
    import pandas as pd

#: Features of organisations' premises: drawn only where something happens there.
INSTITUTION_FEATURES = frozenset({
    "think_tank", "university", "government_building", "ministry", "embassy", "company",
    "news_agency", "research_institute", "headquarters"})
#: Words before a name that put an event at the place ("talks at the Kremlin").
_HERE = _words("at in inside outside near into to towards toward around within behind across")
#: Verbs whose object is a place someone was ("Shoigu visited the Kremlin").
_VISITS = _words(
    "visited visit visits visiting toured tour entered enter enters stormed storm raided raid struck "
    "strike hit attacked bombed shelled reached arrived left leaving surrounded guarded")
#: A role before "at" makes what follows an affiliation ("a researcher at X", "professor at X").
_ROLES = TITLES | _words(
    "professor fellow scholar student expert specialist lecturer scientist staff member head analysts "
    "researchers officials experts students employee employees worker workers economist historian "
    "diplomat diplomats")
_WORD_RE = re.compile(r"[\w’'-]+")
#: How close another spelling must be (difflib ratio of the folded names) to label a place.
SPELLING_RATIO = 0.6


def happened_there(sentence: str, start: int) -> bool:
    """True when the words before ``sentence[start:]`` put something at the place it names:
    a locative ("at", "in", "outside") not after a role or a person ("a researcher at"), or a
    verb of being there ("visited", "struck")."""
    before = [w for w in _WORD_RE.findall(sentence[max(0, start - 80):start])]
    while before and before[-1].lower() in ("the", "a", "an", "its", "their", "his", "her"):
        before.pop()
    if not before:
        return False
    word = before[-1].lower()
    if word in _VISITS:
        return True
    if word not in _HERE:
        return False
    if len(before) < 2:
        return True
    prev = before[-2]
    # "Lukin at", "a professor at": an affiliation, not a place something happened.
    return prev.lower() not in _ROLES and not (prev[:1].isupper() and len(before) > 2)


def organisation_only(feature: str, mentions: Iterable[tuple[str, int]]) -> bool:
    """True for an organisation's premises (:data:`INSTITUTION_FEATURES`) at which none of its
    ``mentions`` (sentence, start of the mention in it) puts anything."""
    return feature in INSTITUTION_FEATURES and not any(happened_there(s, k) for s, k in mentions)


def organisation_rows(places: pd.DataFrame, text: str) -> pd.Series:
    """Which rows of a places table are organisations where nothing happens (see
    :func:`organisation_only`), a place (source and id) judged on all its mentions."""
    import pandas as pd

    from ..text import sentences

    if not len(places):
        return pd.Series([], dtype=bool, index=places.index)
    sents = sentences(text)

    def sentence_at(start: int) -> tuple[str, int]:
        for s in sents:
            if s.start <= start < s.end:
                return s.text, start - s.start
        return text[max(0, start - 80):start + 1], min(start, 80)

    keys = [f"{s}:{i}" if isinstance(i, str) and i else f"text:{t}"
            for s, i, t in zip(places["source"], places["source_id"], places["text"])]
    feature = places["feature"] if "feature" in places.columns else pd.Series("", index=places.index)
    by: dict[str, list[tuple[str, int]]] = {}
    feat: dict[str, str] = {}
    for key, start, f in zip(keys, places["start"], feature):
        by.setdefault(key, []).append(sentence_at(int(start)))
        feat[key] = f if isinstance(f, str) else ""
    off = {k for k, ms in by.items() if organisation_only(feat[k], ms)}
    return pd.Series([k in off for k in keys], index=places.index, dtype=bool)


def article_spelling(name: str, written: Sequence[str]) -> str:
    """The label of a place: the article's most frequent way of writing it when that is another
    spelling of the gazetteer's ``name`` ("Oryol" for "Orël"), else ``name``.

    A part of the name ("Korea" for "North Korea"), an abbreviation ("US") or another name
    ("DPRK") is no spelling: the gazetteer's name stays.
    """
    counts: dict[str, int] = {}
    for w in written:
        w = w.strip()
        if w:
            counts[w] = counts.get(w, 0) + 1
    if not counts:
        return name
    best = max(counts, key=lambda w: (counts[w], -len(w)))
    a, b = _bare(best), _bare(name)
    if a == b:
        return best if fold(best) != fold(name) or best == name else name
    if set(a.split()) < set(b.split()) or set(b.split()) < set(a.split()) or len(a) < 3:
        return name
    if best.isupper() or difflib.SequenceMatcher(None, a, b).ratio() < SPELLING_RATIO:
        return name
    return best


def _bare(name: str) -> str:
    words = name_key(name).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _row_key(name: str) -> str:
    """What makes two labels one place's: the bare name, an inferred site's mark left off."""
    return _bare(name.removesuffix(" (inferred)")) or name


def legend_rows(rows: Sequence[tuple[int, str, int, str]]) -> list[tuple[int, str, int, str]]:
    """One legend row per place name: rows of the same name (a city and its division, a place
    and a claim site there) become one, with their mentions added, at the first one's place."""
    out: dict[str, list[Any]] = {}
    for i, name, count, where in rows:
        key = _row_key(name)
        row = out.get(key)
        if row is None:
            out[key] = [i, name, count, where]
        else:
            row[2] += count
    return [tuple(r) for r in out.values()]  # type: ignore[misc]


#: Which layer's marker keeps a shared name's label on a tie: a point (a city, a site) before
#: a claim's ring and before an area whose marker is only its centre (a division, a region).
_LABEL_RANK = {"cities": 0, "sites": 1, "claims": 2, "countries": 3}


def labelled(markers: Sequence[tuple[str, str, float, bool]]) -> list[bool]:
    """Which markers carry their label: one per name, as the legend has one row per name.

    ``markers`` are (label, layer, mentions, in the opening view); a label '' is never drawn.
    Of the markers sharing a name (:func:`legend_rows`' key: "Moscow" the city and Moscow
    oblast) the one in view, then the most mentioned, then a city or site before a division
    keeps the label; the others keep their markers, tooltips and popups (the gazetteer's name
    and feature type tell them apart), so the map never shows one name twice.
    """
    best: dict[str, tuple[tuple[bool, float, int], int]] = {}
    for k, (name, layer, weight, inside) in enumerate(markers):
        if not name:
            continue
        rank = (inside, weight, -_LABEL_RANK.get(layer, len(_LABEL_RANK)))
        key = _row_key(name)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, k)
    keep = {k for _, k in best.values()}
    return [k in keep for k in range(len(markers))]
