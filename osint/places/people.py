"""People, organisations and events an article names (a simple, honest first pass).

The rules, in order, over runs of capitalised tokens (joined by spaces,
hyphens, and the connectors "of", "the", "for", "and"):

1. A run that contains an organisation word ("Council", "University",
   "Endowment", "Center"...) or an all-capitals acronym ("KCNA", "Sino-NK"),
   or that the gazetteer lists as an agency, company or organisation, is an
   **organisation**; one ending in an event word ("War", "Day") or listed as an
   event is an **event**. Organisations that are also places (think tanks
   the gazetteer locates) are listed here too.
2. Otherwise place mentions are cut out of the run when they are countries,
   demonyms, capitals or curated sites ("Russian President Vladimir Putin"
   keeps "President Vladimir Putin"); a town inside a longer name is kept as
   part of the name ("Ankit Panda" is not the town of Panda).
3. Leading titles ("President", "Defence Minister", "Mr") are stripped and
   remembered; two to four remaining capitalised words are a **person**.
4. A single capitalised word is counted for a person already found whose name
   contains it ("Kim" for "Kim Jong Un"), or is a person when a reporting verb
   follows it ("Rinna said"); otherwise it is left out. Exact repeats of a
   full name are counted wherever they stand.

Limits: no coreference beyond rule 4 (a surname shared by two people counts
for the first), lower-case titles ("defense minister") are not recorded,
organisations named by a single ordinary word ("Umbra", "Wagner") are missed,
and a sentence-initial word is only dropped when it is a dictionary word.
Speaker attribution belongs to :mod:`osint.claims`.
"""

from __future__ import annotations

import functools
from collections.abc import Container, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..gazetteer import Gazetteer, load_gazetteer
from ..lexicon import CALENDAR_WORDS as _DATES
from ..lexicon import EVENT_WORDS, ORG_WORDS, TITLES
from ..lexicon import NAME_CONNECTORS as _NAME_CONNECTORS
from ..lexicon import SPEECH_VERBS as REPORTING
from ..model import Name, Place
from ..text import Token, tokenize
from .extract import extract

if TYPE_CHECKING:
    import pandas as pd
from .resolve import resolve

#: Output columns of :func:`people_and_organisations`.
COLUMNS = ["name", "kind", "first_start", "count", "titles", "why"]

_STRONG_PLACE = frozenset({"country", "continent", "admin1", "capital"})


@dataclass(frozen=True, slots=True)
class Named:
    """One occurrence of a name: its span, text, kind and any titles before it."""

    start: int
    end: int
    text: str
    kind: str
    titles: tuple[str, ...] = ()
    why: str = ""


@functools.lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    try:
        from english_words import get_english_words_set
    except ImportError:  # the dictionary only sharpens rule 4; without it, keep going
        return frozenset()
    return frozenset(w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower())


def _runs(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    """Index ranges [a, b] of capitalised runs (connectors inside, never at an end)."""
    n = len(tokens)
    out = []
    i = 0
    while i < n:
        if not tokens[i].text[:1].isupper():
            i += 1
            continue
        j = i
        while j + 1 < n:
            gap = text[tokens[j].end:tokens[j + 1].start]
            nxt = tokens[j + 1]
            if gap == "-" or (gap == " " and (nxt.text[:1].isupper() or nxt.key in _NAME_CONNECTORS)):
                j += 1
            else:
                break
        while j > i and tokens[j].key in _NAME_CONNECTORS and not tokens[j].text[:1].isupper():
            j -= 1
        out.append((i, j))
        i = j + 1
    return out


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper() and word.isalpha()


def _outside_typed(runs: list[tuple[int, int]], tokens: list[Token],
                   typed: Sequence[Name]) -> list[tuple[int, int]]:
    """The pieces of ``runs`` no typed name covers (a run that holds one is cut around it)."""
    if not typed:
        return runs
    covered: set[int] = set()
    for n in typed:
        covered.update(k for k, t in enumerate(tokens) if n.start <= t.start and t.end <= n.end)
    out = []
    for a, b in runs:
        piece: list[int] = []
        for k in range(a, b + 2):
            if k <= b and k not in covered:
                piece.append(k)
            elif piece:
                out.append((piece[0], piece[-1]))
                piece = []
    return out


def find_names(text: str, *, gazetteer: Gazetteer | None = None,
               places: Sequence[Place] | None = None, typed: Sequence[Name] = ()) -> list[Named]:
    """Every occurrence of a person, organisation or event name, in text order.

    Parameters
    ----------
    text : str
        The article text.
    gazetteer : Gazetteer, optional
        Defaults to the embedded gazetteer (its place mentions are left out).
    places : sequence of Place, optional
        The text's places as resolved (an analysis's); found here when not given.
    typed : sequence of Name, optional
        The names the typing stage typed (:func:`osint.names.type_names`): each is kept with
        its kind and why, and the rules here read only the rest of the text.
    """
    gaz = gazetteer or load_gazetteer()
    tokens = tokenize(text)
    if places is None:
        places = resolve(text, extract(text, gaz), gaz)
    place_at = _place_tokens(tokens, places)
    common = gaz.dictionary or _dictionary()
    out = [Named(n.start, n.end, n.text, n.kind, why=n.why) for n in typed]
    for a, b in _outside_typed(_runs(text, tokens), tokens, typed):
        out.extend(_names_of_run(text, tokens, a, b, place_at, gaz.non_places, common))
    out.sort(key=lambda n: n.start)
    out = _attach_single_words(text, tokens, out, common)
    return _repeats(text, out)


def _place_tokens(tokens: list[Token], places: Sequence[Place]) -> dict[int, bool]:
    """Token index -> whether the place covering it is a "strong" one (a demonym, an unresolved
    name, a country or the like, a curated site)."""
    starts = {t.start: k for k, t in enumerate(tokens)}
    place_at: dict[int, bool] = {}
    for p in places:
        m = p.mention
        k = starts.get(m.start)
        if k is None:
            continue
        e = p.entry
        strong = (m.kind in ("demonym", "unresolved") or e is None or e.feature in _STRONG_PLACE
                  or e.source == "curated")
        while k < len(tokens) and tokens[k].end <= m.end:
            place_at[k] = strong
            k += 1
    return place_at


def _names_of_run(text: str, tokens: list[Token], a: int, b: int, place_at: dict[int, bool],
                  nonp: dict[str, str], common: Container[str]) -> list[Named]:
    """The names a capitalised run (tokens ``a``..``b``) holds: an organisation or event (listed,
    or by its words), else the people in it."""
    words = tokens[a:b + 1]
    key = " ".join(t.key for t in words)
    listed = nonp.get(key)
    start, end = words[0].start, words[-1].end
    if listed in ("agency", "company", "organisation"):
        return [Named(start, end, text[start:end], "organisation")]
    if listed == "event" or (words[-1].key in EVENT_WORDS and b > a):
        if not all(k in place_at for k in range(a, b + 1)):
            return [Named(start, end, text[start:end], "event")]
        return []
    if listed in ("date", "region", "descriptor", "people", "abbreviation"):
        return []
    while a < b and tokens[a].key == "the":
        a += 1
        words = words[1:]
    is_org = any(t.key in ORG_WORDS for t in words) or any(
        _is_acronym(t.text) and k not in place_at for k, t in enumerate(words, a))
    if is_org:
        if b == a and words[0].text.isupper() and a in place_at:
            return []  # "US", "DPRK": a place, not an organisation
        return [Named(words[0].start, words[-1].end, text[words[0].start:words[-1].end], "organisation")]
    return _people_in(text, tokens, a, b, place_at, common)


def _repeats(text: str, found: list[Named]) -> list[Named]:
    """Count exact repeats of a full name found elsewhere ("minister Kang Sun Nam" after
    "Defence Minister Kang Sun Nam"), where no rule saw them."""
    covered = [(n.start, n.end) for n in found]
    extra = []
    for name in dict.fromkeys(n.text for n in found if n.kind == "person" and " " in n.text):
        pos = text.find(name)
        while pos >= 0:
            end = pos + len(name)
            if not any(s < end and pos < e for s, e in covered):
                extra.append(Named(pos, end, name, "person"))
                covered.append((pos, end))
            pos = text.find(name, end)
    return sorted(found + extra, key=lambda n: n.start)


def _people_in(text: str, tokens: list[Token], a: int, b: int, place_at: dict[int, bool],
               common: Container[str]) -> list[Named]:
    """Split a run at strong places and connectors; keep the pieces that look like people."""
    pieces: list[list[int]] = [[]]
    for k in range(a, b + 1):
        if place_at.get(k) or tokens[k].key in _NAME_CONNECTORS or tokens[k].key in _DATES:
            pieces.append([])
        else:
            pieces[-1].append(k)
    out = []
    for ks in pieces:
        titles = []
        while ks and tokens[ks[0]].key in TITLES:
            titles.append(tokens[ks[0]].text)
            ks = ks[1:]
        if not ks:
            continue
        if len(ks) == 1:
            # A lone word: kept as a candidate surname for rule 4 (kind "single").
            t = tokens[ks[0]]
            if t.text[:1].isupper():
                out.append(Named(t.start, t.end, t.text, "single", tuple(titles)))
            continue
        if len(ks) > 4 or (not titles and all(tokens[k].key in common for k in ks)) or not all(
            _name_word(text, tokens, k, common) for k in ks
        ):
            continue
        s, e = tokens[ks[0]].start, tokens[ks[-1]].end
        out.append(Named(s, e, text[s:e], "person", tuple(titles)))
    return out


def _name_word(text: str, tokens: list[Token], k: int, common: Container[str]) -> bool:
    """Capitalised, or the lower-case end of a hyphenated name ("Moo-jin", not "Kremlin-backed")."""
    t = tokens[k]
    if any(ch.isdigit() for ch in t.text):
        return False  # "Tu-22M3", "F-16", "Su-34": a designation, no one's name
    if t.text[:1].isupper():
        return True
    return k > 0 and text[tokens[k - 1].end:t.start] == "-" and t.key not in common


def _attach_single_words(text: str, tokens: list[Token], found: list[Named],
                         common: Container[str]) -> list[Named]:
    by_start = {t.start: k for k, t in enumerate(tokens)}
    people = [n for n in found if n.kind == "person"]
    out = []
    for n in found:
        if n.kind != "single":
            out.append(n)
            continue
        owner = next((p for p in people if n.text in p.text.replace("-", " ").split()), None)
        if owner is not None:
            out.append(Named(n.start, n.end, n.text, "person", n.titles))
            continue
        if n.text.casefold() in common:
            continue  # "However", "Images": capitalised by position
        k = by_start[n.start]
        after = tokens[k + 1] if k + 1 < len(tokens) else None
        if after is not None and after.key in REPORTING and not text[n.end:after.start].strip():
            out.append(Named(n.start, n.end, n.text, "person", n.titles))
    return out


def people_and_organisations(text: str, *, gazetteer: Gazetteer | None = None,
                             places: Sequence[Place] | None = None,
                             typed: Sequence[Name] = ()) -> pd.DataFrame:
    """Tabulate the people, organisations, units, ships, outlets, weapons and events ``text``
    names (``places``: the text's places as resolved, found here when not given; ``typed``: its
    names the typing stage typed, :func:`osint.names.type_names`; :func:`osint.people_and_organisations`
    hands both).

    Returns
    -------
    pandas.DataFrame
        One row per name: name (the fullest form seen), kind (``person``,
        ``organisation``, ``event`` or a kind of :data:`osint.model.NAME_KINDS`), first_start
        (offset of the first mention), count (mentions, a surname alone counting for its
        person), titles (e.g. "President") and why (the cue that typed it, when the typing
        stage did), in order of first mention.

    Examples
    --------
    >>> df = people_and_organisations("President Vladimir Putin met the KCNA. Putin said no.")
    >>> df[["name", "kind", "count"]].values.tolist()
    [['Vladimir Putin', 'person', 2], ['KCNA', 'organisation', 1]]
    """
    found = find_names(text, gazetteer=gazetteer, places=places, typed=typed)
    full = [n for n in found if n.kind == "person" and " " in n.text.replace("-", " ")]
    rows: dict[tuple[str, str], dict] = {}
    for n in found:
        name = n.text
        if n.kind == "person" and " " not in name.replace("-", " "):
            owner = next((p.text for p in full if name in p.text.replace("-", " ").split()), None)
            name = owner or name
        key = (name.casefold(), n.kind)
        r = rows.get(key)
        if r is None:
            r = rows[key] = {"name": name, "kind": n.kind, "first_start": n.start, "count": 0,
                             "titles": {}, "why": n.why}
        r["count"] += 1
        r["first_start"] = min(r["first_start"], n.start)
        for t in n.titles:
            r["titles"][t] = None
    import pandas as pd

    df = pd.DataFrame(
        [{**r, "titles": " ".join(r["titles"])} for r in rows.values()], columns=COLUMNS
    )
    return df.sort_values("first_start", kind="stable").reset_index(drop=True).astype(
        {"first_start": "int64", "count": "int64"})
