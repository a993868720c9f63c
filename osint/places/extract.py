"""Place mentions in a text, with character spans.

One pass over the capitalised words: at each, the longest run of words whose
key is a gazetteer name, a demonym or a known non-place wins. Context rules then
drop the matches that are parts of people's or organisations' names, and
place-like names the gazetteer lacks ("Hoechang County") are kept as unresolved
mentions for an online geocoder to try.

Only capitalised words (and the lower-case parts of hyphenated names such as
"Il-sung") become tokens; the lower-case words the rules read ("in", "said",
"of") are looked at in the text around a candidate. That keeps the pass to a
few microseconds per word.
"""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

from ..gazetteer import Gazetteer, load_gazetteer
from ..gazetteer.entries import ACRONYM, ANY_ACRONYM, PREFIX, WHOLE
from ..lexicon import (
    CALENDAR_WORDS,
    FUNCTION_WORDS,
    LOCATIVES,
    MEDIA_WORDS,
    MODIFIED_WORDS,
    NAME_PARTICLES,
    ORG_WORDS,
    PLACE_PREFIXES,
    PLACE_SUFFIXES,
    TITLES,
)
from ..lexicon import PLACE_CONNECTORS as CONNECTORS
from ..lexicon import SPEECH_VERBS as REPORTING
from ..text import _POSSESSIVE_RE, WORD, fold, name_key

#: A token: (start, end, text, key), as in :class:`osint.text.Token`.
Tok = tuple[int, int, str, str]


#: Words that are never a place on their own, whatever precedes them.
NOT_PLACE_WORDS = TITLES | ORG_WORDS | CALENDAR_WORDS

#: Population above which a town's name is believed even inside a longer name
#: ("Baseball Toronto") or when it is also an English word ("Reading").
BIG_CITY = 100_000

_TOKEN_RE = re.compile(rf"\b[A-ZÀ-ÖØ-ÞĀ-ɏ]{WORD}*(?:['’]{WORD}+)*|(?<=-)\w{WORD}*(?:['’]{WORD}+)*")
_CAP_TOKEN_RE = re.compile(rf"[A-ZÀ-ÖØ-ÞĀ-ɏ]{WORD}*(?:['’]{WORD}+)*")
_HYPHEN_TOKEN_RE = re.compile(rf"-(\w{WORD}*(?:['’]{WORD}+)*)")
#: Words and their lookup forms, shared by every text.
_FOLDED: dict[str, str] = {}
# " of the ", " es ", and the Arabic article joined by a hyphen (" al-", " el-").
_CONNECTOR_GAP_RE = re.compile(r" (?:(?:" + "|".join(sorted(CONNECTORS)) + r")[ \-‑])+")
_REPORTING_AFTER_RE = re.compile(r"\s+(?:" + "|".join(sorted(REPORTING)) + r")\b")
#: A reporting verb after a space: its speaker is the token that ends there.
_SPEECH_RE = re.compile(r" (?:" + "|".join(sorted(REPORTING)) + r")\b")


class Mention(NamedTuple):
    """A span of the text that names (or may name) a place (a named tuple: made by the thousand).

    Attributes
    ----------
    start, end : int
        Character span (code points, end exclusive) into the original text.
    text : str
        The text of the span.
    key : str
        The gazetteer key it matched.
    kind : str
        ``place`` (a gazetteer name), ``demonym`` (names a country) or
        ``unresolved`` (place-like, absent from the gazetteer).
    candidates : tuple of int
        Gazetteer entry ids it may refer to (empty when unresolved).
    locative : bool
        Preceded by a locative word ("in", "near", "outside", ...).
    """

    start: int
    end: int
    text: str
    key: str
    kind: str
    candidates: tuple[int, ...]
    locative: bool = False


def _tokens(text: str) -> list[Tok]:
    # Two scans, each led by a character class or a literal (which the regex engine skips to
    # quickly), are five times faster than one pattern that opens with a word boundary and an
    # alternation; a capital inside a word ("iPhone", "3D") is dropped as the boundary would.
    out = []
    folded = _FOLDED
    for m in _CAP_TOKEN_RE.finditer(text):
        start = m.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            continue
        w = m.group()
        f = folded.get(w)
        if f is None:
            f = folded[w] = fold(w)
        out.append((start, m.end(), w, f))
    if "-" in text:
        # Parts after a hyphen, whatever their case ("Kim Il-sung", "Punggye-ri").
        seen = {t[0] for t in out}
        extra = [(m.start(1), m.end(1), m.group(1), fold(m.group(1)))
                 for m in _HYPHEN_TOKEN_RE.finditer(text) if m.start(1) not in seen]
        if extra:
            out = sorted(out + extra)
    if len(folded) > 200_000:  # a bounded memo: a corpus of many languages cannot grow it forever
        folded.clear()
    if "'" in text or "’" in text:
        for k, (start, _, word, _) in enumerate(out):
            if ("'" in word or "’" in word) and len(word) > 2:
                p = _POSSESSIVE_RE.search(word)
                if p:
                    word = word[: p.start()]
                    out[k] = (start, start + len(word), word, fold(word))
    return out


def _case_ok(text: str, tokens: list[Tok], i: int, j: int, flags: int) -> bool:
    if flags & ACRONYM:
        return all(tokens[k][2].isupper() for k in range(i, j + 1))
    word = tokens[i][2]
    if i == j and len(word) <= 4 and word.isupper() and not flags & ANY_ACRONYM:
        # "BA", "CIS": an abbreviation, unless a dateline ("ROME, March 3").
        return _sentence_initial(text, tokens[i][0]) and text.startswith(",", tokens[i][1])
    return True


def _gap(text: str, a: Tok, b: Tok) -> str | None:
    """How two tokens join: '' when directly (space, hyphen, dot), the
    connector words when through them (" of the "), None when they do not."""
    if b[0] - a[1] > 16:  # most capitalised words stand apart: no slicing needed
        return None
    gap = text[a[1] : b[0]]
    if gap in (" ", "-", "‑", "."):
        return ""
    if gap == ". ":
        return "" if len(a[2]) <= 3 else None
    if len(gap) > 2 and gap[0] == " " and _CONNECTOR_GAP_RE.fullmatch(gap):
        return " ".join(gap.replace("-", " ").replace("‑", " ").split())
    if gap.isspace() and "\n" not in gap and len(gap) <= 2:
        return ""
    return None


def _word_before(text: str, start: int) -> str:
    """The word right before ``start`` when only white space separates them."""
    seg = text[max(0, start - 14) : start]
    if not seg[-1:].isspace():
        return ""
    head = seg.rstrip()
    k = len(head)
    while k > 0 and head[k - 1].isalpha():
        k -= 1
    return head[k:].lower() if k == 0 or not head[k - 1].isalnum() else ""


def _sentence_initial(text: str, start: int) -> bool:
    """True when only white space, quotes or brackets stand between ``start``
    and the beginning of the text or the end of the previous sentence."""
    k = start - 1
    while k >= 0 and (text[k].isspace() or text[k] in "\"“‘'(["):
        if text[k] == "\n":
            return True
        k -= 1
    return k < 0 or text[k] in ".!?:;…"


def extract(text: str, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Find the place mentions in ``text``.

    Parameters
    ----------
    text : str
        The article text.
    gazetteer : Gazetteer, optional
        Defaults to the embedded gazetteer.

    Returns
    -------
    list of Mention
        In text order, not overlapping.

    Examples
    --------
    >>> [m.text for m in extract("Russia’s envoy flew from Moscow to Pyongyang.")]
    ['Russia', 'Moscow', 'Pyongyang']
    """
    gaz = gazetteer or load_gazetteer()
    tokens = _tokens(text)
    n = len(tokens)
    prefixes, names, demonyms, blocks = gaz.prefixes, gaz.names, gaz.demonyms, gaz.non_places
    caps = [t[2][0].isupper() for t in tokens]
    # Most neighbours stand far apart or one space apart: those need no slicing.
    gaps = [
        None if nxt[0] - cur[1] > 16
        else "" if nxt[0] - cur[1] == 1 and text[cur[1]] in " -."
        else _gap(text, cur, nxt)
        for cur, nxt in itertools.pairwise(tokens)
    ]
    gaps.append(None)
    join = [g == "" for g in gaps]

    # Pass 1: longest match at each capitalised token.
    raw: list[tuple[int, int, str, str]] = []  # (first token, last token, key, kind)
    i = 0
    while i < n:
        if not caps[i]:
            i += 1
            continue
        key = tokens[i][3]
        j = i
        best = None
        flags = prefixes.get(key, 0)
        while flags:
            if flags & WHOLE and _case_ok(text, tokens, i, j, flags):
                best = (j, key)
            g = gaps[j]
            if g is None or not flags & PREFIX:
                break
            # A lower-case token is the part after a hyphen ("Kim Il-sung",
            # "Punggye-ri"): the token pattern only makes one there, so the gap
            # that joins it is always that hyphen.
            j += 1
            key = f"{key} {g} {tokens[j][3]}" if g else f"{key} {tokens[j][3]}"
            flags = prefixes.get(key, 0)
        if best is None:
            i += 1
            continue
        j, key = best
        # "Engels airbase", "Saki air base": the town names its airfield in lower case; the
        # mention keeps the town's span and reads as the airfield.
        if key in names and (f := _FACILITY_AFTER_RE.match(text, tokens[j][1])):
            facility = f"{key} {f.group(1).replace('air field', 'airfield')}"
            if facility in names:
                key = facility
        if key in blocks:
            kind = "block"
        elif key in demonyms:
            kind = "demonym"
        else:
            kind = "place"
        raw.append((i, j, key, kind))
        i = j + 1

    # Division abbreviations in context ("Reno, Nev.", "in B.C."): they replace what pass 1
    # made of their tokens ("Va" is also a town).
    abbreviated, covered = _abbreviations(text, tokens, raw, gaz)
    if covered:
        raw = [r for r in raw if not any(k in covered for k in range(r[0], r[1] + 1))]

    # Pass 2: context. Capitalised runs around a match tell names from places.
    used = [False] * n
    for a, b, _, _ in raw:
        for k in range(a, b + 1):
            used[k] = True
    for k in covered:
        used[k] = True
    # Names the text also uses as places ("in Montepuez"): a speaker of that name elsewhere is
    # the place's people speaking, not a person.
    before = {a: _word_before(text, tokens[a][0]) for a, _, _, kind in raw if kind != "block"}
    placed_keys = {key for a, _, key, kind in raw if kind == "place" and before[a] in LOCATIVES}
    people, named, person_tok = _people(text, tokens, caps, join, gaz, placed_keys)
    population = gaz.population
    # "Jordan Peterson", "Georgia Smith", "Chad Jordan, a former officer": a given name and a
    # surname are a person even when either is also a place.
    person_pair = [False] * n
    for a, b, _key, _kind in raw:
        if (
            a == b
            and b + 1 < n
            and join[b]
            and caps[b + 1]
            and tokens[a][3] in gaz.given_names
            and _namelike(tokens[a])
            and _namelike(tokens[b + 1])
            and tokens[b + 1][3] not in MODIFIED_WORDS
            and tokens[b + 1][3] not in MEDIA_WORDS
            and (
                (tokens[b + 1][3] in gaz.surnames and tokens[b + 1][3] not in gaz.strong_keys)
                or _person_cue(text, tokens[a][0], tokens[b + 1][1])
            )
        ):
            person_pair[a] = person_pair[b + 1] = True
            people.add(tokens[b + 1][3])
            named.add(tokens[b + 1][3])
    out: list[Mention] = []
    for a, b, key, kind in raw:
        if kind == "block":
            continue
        ids = (demonyms[key],) if kind == "demonym" else names[key]
        start, end = tokens[a][0], tokens[b][1]
        left_join = a > 0 and join[a - 1]
        right_joined = b + 1 < n and join[b] and caps[b + 1]
        # "Washington Post", "Sydney Morning Herald": a news outlet's name, not a place of the story.
        if right_joined and kind != "demonym" and _outlet_after(tokens, caps, join, b):
            continue
        # A capitalised word after the match makes it part of a longer name ("Paris Hilton"),
        # unless it is an institution or facility the place modifies ("Beverly Hills Police").
        right_name = (right_joined and not used[b + 1] and _namelike(tokens[b + 1])
                      and tokens[b + 1][3] not in MODIFIED_WORDS)
        title_before = left_join and blocks.get(tokens[a - 1][3]) == "title"
        # "Jordan Peterson", "Georgia Smith": a given name and a surname are a
        # person even when the first is also a country.
        if person_pair[a]:
            continue
        # "Dana Lowell ... Lowell said": a surname of someone the text names in full is that
        # person wherever it stands alone, unless the text also places something there
        # ("Hamilton, Ontario").
        if (a == b and kind == "place" and key in named and not _COMMA_NAME_RE.match(text, end)
                and _word_before(text, start) not in LOCATIVES
                and (key not in placed_keys or _REPORTING_AFTER_RE.match(text, end))):
            continue
        strong = kind == "demonym" or key in gaz.strong_keys
        # "Bab el-Mandeb", "Dar es Salaam" when the gazetteer lacks the whole: the first word is
        # part of a longer name, not the town of that name.
        if not strong and b + 1 < n and gaps[b] in PARTICLES and caps[b + 1]:
            continue
        locative = (before[a] if a in before else _word_before(text, start)) in LOCATIVES
        # "in Metairie and Kenner", "near Palma, Quissanga and Macomia": a list's locative holds
        # for each of its places.
        if not locative and out and out[-1].locative and text[out[-1].end : start] in LIST_GAPS:
            locative = True
        if strong:
            if kind != "demonym" and (
                title_before or _named_person(gaz, ids, tokens[a][3], person_tok[a] and a == b)
            ):
                continue
        elif not _weak_place_ok(
            text,
            tokens,
            caps,
            join,
            used,
            gaz,
            a,
            b,
            key,
            ids,
            people,
            person_tok,
            locative,
            right_name,
            title_before,
            population,
            placed_keys,
        ):
            continue
        out.append(Mention(start, end, text[start:end], key, kind, tuple(ids), locative))
    out.extend(abbreviated)

    # Only what was kept or blocked hides a place-like run from pass 3.
    used = [False] * n
    starts = {t[0]: k for k, t in enumerate(tokens)}
    for m in out:
        if m.kind == "demonym":
            continue  # "University of North Korean Studies" is one name
        k = starts[m.start]
        while k < n and tokens[k][1] <= m.end:
            used[k] = True
            k += 1
    kept = list(used)
    for a, b, key, kind in raw:
        # Names of events, agencies and the like hide a run; a vague word
        # ("Eastern", "North") inside a longer name does not.
        if kind == "block" and blocks[key] not in ("region", "title"):
            for k in range(a, b + 1):
                used[k] = True
    # Runs that people's names cover are not places either ("Jane Mucojo said").
    for k in range(n):
        if person_tok[k]:
            used[k] = True
    out.extend(_unresolved(text, tokens, caps, gaps, used, kept, gaz, named))
    out.sort(key=lambda m: m.start)
    return _drop_overlaps(out)


def _outlet_after(tokens: list[Tok], caps: list[bool], join: list[bool], b: int) -> bool:
    """Whether the capitalised run after token ``b`` ends a news outlet's name within three words
    ("Post", "Morning Herald", "Daily Morning News")."""
    k = b + 1
    while k < len(tokens) and k <= b + 3 and caps[k]:
        if tokens[k][3] in MEDIA_WORDS:
            return True
        if not join[k]:
            break
        k += 1
    return False


def _namelike(tok: Tok) -> bool:
    """Whether a capitalised neighbour can be part of a name: not "In" or "The" opening a sentence,
    not a road or a code ("A429", "M1")."""
    return tok[3] not in FUNCTION_WORDS and not any(c.isdigit() for c in tok[2])


def _abbreviation_at(text: str, tokens: list[Tok], k: int, gaz: Gazetteer) -> str | None:
    """The division abbreviation written at token ``k`` ("Calif.", "W.Va.", "TX"), or None."""
    pos = tokens[k][0]
    for form in gaz.abbreviation_heads.get(tokens[k][2], ()):
        if not text.startswith(form, pos):
            continue
        after = text[pos + len(form):pos + len(form) + 1]
        # "TX" must stand alone ("TXU" is not Texas); a form ending in a period may end a sentence.
        if form.endswith(".") or not (after.isalnum() or after == "."):
            return form
    return None


def _abbreviations(text: str, tokens: list[Tok], raw: list[tuple[int, int, str, str]],
                   gaz: Gazetteer) -> tuple[list[Mention], set[int]]:
    """Abbreviated divisions: after "Place, " ("Charleston, W.Va."), or after a locative when the
    form cannot be an ordinary word ("in B.C.", "across Calif.").

    Returns the mentions and the token indices they cover.
    """
    if not gaz.abbreviation_heads:
        return [], set()
    n = len(tokens)
    out: list[Mention] = []
    covered: set[int] = set()
    candidates: list[tuple[int, bool]] = []  # (token, after a place and a comma)
    for _, b, _, kind in raw:
        if kind != "block" and b + 1 < n and text[tokens[b][1]:tokens[b + 1][0]] == ", ":
            candidates.append((b + 1, True))
    heads = gaz.abbreviation_heads
    for k in [k for k, t in enumerate(tokens) if t[2] in heads]:
        if _word_before(text, tokens[k][0]) in LOCATIVES:
            candidates.append((k, False))
    for k, paired in candidates:
        if k in covered:
            continue
        form = _abbreviation_at(text, tokens, k, gaz)
        if form is None or (not paired and form.count(".") < 2 and len(form) < 5):
            continue
        start, end = tokens[k][0], tokens[k][0] + len(form)
        ids = tuple(dict.fromkeys(i for i, _ in gaz.abbreviations[form]))
        j = k
        while j < n and tokens[j][0] < end:
            covered.add(j)
            j += 1
        out.append(Mention(start, end, form, name_key(form), "place", ids, not paired))
    return out, covered


def _named_person(gaz: Gazetteer, ids: tuple[int, ...], key: str, in_person_run: bool) -> bool:
    """A division or region named like a person, inside a person's name:
    "Victoria Vivians", "Mary Smith" (not a country or a capital)."""
    return (
        in_person_run
        and key in gaz.given_names
        and not any(
            gaz.feature[e] in ("country", "capital", "continent") or gaz.source[e] == "curated" for e in ids
        )
    )


def _weak_place_ok(
    text: str,
    tokens: list[Tok],
    caps: list[bool],
    join: list[bool],
    used: list[bool],
    gaz: Gazetteer,
    a: int,
    b: int,
    key: str,
    ids: tuple[int, ...],
    people: set[str],
    person_tok: list[bool],
    locative: bool,
    right_name: bool,
    title_before: bool,
    population: list[int],
    placed_keys: set[str] = frozenset(),
) -> bool:
    """Whether a town's name, with no stronger reading, is a place here."""
    # Only a preferred name earns the big-city exemption: "Panda" is an
    # alternate name of Pandi, and "Ankit Panda" a person.
    if key not in gaz.primary_population and key in gaz.given_names:
        return False  # "Levi", "James": given names that are only a town's alternate name
    word = tokens[a][2]
    if a == b and _CAMEL_RE.search(word) and not any(word in gaz._columns["name"][e] for e in ids):
        return False  # "MoD", "iPhone": written unlike any of the places so named
    big = gaz.primary_population.get(key, 0) >= BIG_CITY
    if a == b and not big and key in NOT_PLACE_WORDS:
        return False  # "in Congress", "the Police": an institution, not the village of that name
    # An unmatched capitalised token joined to the match makes it part of a
    # longer name: "Travis King", "Kim Jong Un", "Carnegie Mellon".
    left_name = a > 0 and join[a - 1] and caps[a - 1] and not used[a - 1] and _namelike(tokens[a - 1])
    # "Lowell said" is the analyst Lowell (a surname); "Montepuez warned" is the town's people
    # speaking (a place name and no one's name): a speaker is a person only when named like one.
    speaker = bool(_REPORTING_AFTER_RE.match(text, tokens[b][1])) and (
        key in people or key in gaz.surnames or key in gaz.given_names or key not in placed_keys)
    surname_after = right_name and tokens[b + 1][3] in people
    # Each mention is judged on its own context: a name rejected inside one longer name ("X Fire
    # Department") stays a candidate elsewhere, and only full names seen in the text ("Jane Lowell")
    # make a lone surname a person everywhere.
    if not big and (
        key in people or title_before or speaker or person_tok[a] or surname_after or left_name or right_name
    ):
        if left_name or title_before or (right_name and (key in gaz.given_names or key in gaz.surnames)):
            # "Aidan Gillen", "Sen. Gillen", "Kim Jong Un": the name is a person's, here and where it
            # stands alone ("a letter to Kim").
            people.add(key)
        return False
    if title_before or (person_tok[a] and (left_name or surname_after)):
        return False
    initial = _sentence_initial(text, tokens[a][0])
    if key in gaz.common_keys and not locative and (initial or not big):
        return False
    # "Since", "Following": capitalised only by position.
    return not (
        initial
        and not locative
        and b == a
        and len(ids) > 1
        and not text.startswith(", ", tokens[b][1])
        and f" {tokens[a][2].lower()} " in text
    )


def _people(
    text: str,
    tokens: list[Tok],
    caps: list[bool],
    join: list[bool],
    gaz: Gazetteer,
    placed_keys: set[str] = frozenset(),
) -> tuple[set[str], set[str], list[bool]]:
    """People's names: speakers ("Lukin said") and capitalised runs that open
    with a given name ("Charlie Chen").

    Returns the surnames (to recognise "Chen said" after "Charlie Chen"), those
    of them seen in a full name, and a flag per token that lies inside such a
    run. A speaker whose name the text also uses after a locative ("in
    Montepuez") is the place's people speaking.
    """
    n = len(tokens)
    surnames: set[str] = set()
    named: set[str] = set()
    ends = None
    for m in _SPEECH_RE.finditer(text):
        # "Lukin said", "Schmerler added"; not "New York said".
        if ends is None:
            ends = {t[1]: k for k, t in enumerate(tokens)}
        k = ends.get(m.start())
        if k is None or len(tokens[k][2]) < 2 or not tokens[k][2][0].isupper():
            continue
        prev = tokens[k - 1] if k else None
        if prev and prev[1] == tokens[k][0] - 1 and text[prev[1]] == " " and prev[2][0].isupper():
            continue
        if tokens[k][3] not in placed_keys:
            surnames.add(tokens[k][3])
    flags = [False] * n
    given = gaz.given_names
    last = -1
    for i in [k for k, t in enumerate(tokens) if t[3] in given and caps[k] and t[3] not in FUNCTION_WORDS]:
        if i <= last:
            continue  # inside the run before
        j = i
        while j + 1 < n and join[j] and caps[j + 1]:
            j += 1
        # "Mike de Kock": a lower-case particle between given name and surname
        # (not a token: it stands in the gap between the two).
        if (
            j == i
            and i + 1 < n
            and caps[i + 1]
            and text[tokens[i][1] : tokens[i + 1][0]].strip() in NAME_PARTICLES
        ):
            j = i + 1
        # "Floyd County", "Victoria Station": a run that ends in a place or site word is no one's
        # name; nor is one the gazetteer holds whole ("Beverly Hills"), unless it stands as a person.
        whole = " ".join(tokens[k][3] for k in range(i, j + 1))
        if (j > i and whole in gaz.names and not _person_cue(text, tokens[i][0], tokens[j][1])
                and not _REPORTING_AFTER_RE.match(text, tokens[j][1])):
            last = j
            continue
        if j > i and caps[j] and not tokens[j][2].isupper() and tokens[j][3] not in PLACE_SUFFIXES:
            surnames.add(tokens[j][3])
            # A run a place name opens ("Chad Jordan" aside) is a person's only with a cue.
            if tokens[i][3] not in gaz.names or _person_cue(text, tokens[i][0], tokens[j][1]):
                named.add(tokens[j][3])
            for k in range(i, j + 1):
                flags[k] = True
        last = j
    return surnames, named, flags


#: After a full name: an apposition or a reporting verb ("Chad Mwangi, a coordinator", "..., 54,").
_AFTER_PERSON_RE = re.compile(
    r",\s+(?:a|an|the|who|whose|\d+)\b|,?\s+(?:" + "|".join(sorted(REPORTING)) + r")\b")
_CAMEL_RE = re.compile(r"[a-z][A-Z]|^[a-z]")
_COMMA_NAME_RE = re.compile(r",\s+[A-Z]")
#: Before a full name: a reporting verb ("said Georgia Smith").
_BEFORE_PERSON_RE = re.compile(r"\b(?:" + "|".join(sorted(REPORTING)) + r"),?\s+$")


def _person_cue(text: str, start: int, end: int) -> bool:
    """Whether the capitalised pair at ``start:end`` stands where a person's name does."""
    return bool(_AFTER_PERSON_RE.match(text, end)
                or _BEFORE_PERSON_RE.search(text, max(0, start - 20), start))


def _unresolved(
    text: str, tokens: list[Tok], caps: list[bool], gaps: list[str | None], used: list[bool],
    kept: list[bool], gaz: Gazetteer, people: set[str] = frozenset(),
) -> list[Mention]:
    """Place-like names the gazetteer lacks, kept without coordinates for an online geocoder:

    - runs that end in a place word or open with one ("Hoechang County", "Mount Paektu"), or
      that are followed by one in lower case ("Bab el-Mandeb strait", "Mucojo district");
    - a single capitalised word that is no dictionary word, person's name or known non-place,
      after a locative ("attacks near Mucojo"), after "the town of" and the like, or in a list
      with places the gazetteer knows ("Palma, Quissanga and Macomia").
    """
    out = []
    n = len(tokens)
    i = 0
    while i < n:
        if not caps[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and (gaps[j] in ("", "of") or gaps[j] in PARTICLES) and (
                caps[j + 1] or text[tokens[j][1]] == "-"):
            j += 1
        first, last = tokens[i][3], tokens[j][3]
        if any(used[i : j + 1]):
            i = j + 1
            continue
        # A single word is place-like only when the rules know it for nothing else.
        # ... nor the surname of someone the text names in full ("Dave Schmerler ... Schmerler added").
        unknown = j == i and tokens[i][3] not in people and _unknown_word(tokens[i], gaz)
        if j == i and not unknown:
            i = j + 1
            continue
        end = tokens[j][1]
        worded = j > i and (last in PLACE_SUFFIXES or first in PLACE_PREFIXES)
        # A place word after the run, in lower case ("Mucojo district", "Hmeimim air base").
        suffixed = (text[end + 1 : end + 2].islower() and text.startswith(" ", end)
                    and (_word_after(text, end) in PLACE_SUFFIXES or _FACILITY_AFTER_RE.match(text, end)))
        if not (worded or suffixed or unknown):
            i = j + 1
            continue
        initial = _sentence_initial(text, tokens[i][0])
        place_like = worded and not (initial and j == i + 1 and first in PLACE_SUFFIXES)
        if not place_like:
            place_like = suffixed and (j > i or unknown) and not initial
        if not place_like and unknown and not initial:
            place_like = (_word_before(text, tokens[i][0]) in STRICT_LOCATIVES
                          or _after_place_noun(text, tokens[i][0])
                          or _in_place_list(text, tokens, i, kept))
            if place_like:
                kept[i] = True  # its list neighbours may join it
        if place_like:
            start, end = tokens[i][0], tokens[j][1]
            key = " ".join(
                f"{gaps[k - 1]} {tokens[k][3]}" if k > i and gaps[k - 1] else tokens[k][3]
                for k in range(i, j + 1)
            )
            if key not in gaz.non_places:
                out.append(Mention(start, end, text[start:end], key, "unresolved", ()))
        i = j + 1
    return out


#: What stands between the places of a list.
LIST_GAPS = frozenset({", ", " and ", ", and ", " or ", ", or ", " & "})
#: Locatives after which an unknown capitalised word is taken for a place ("near Mucojo"); "at",
#: "from" and "to" also precede organisations and people, so they are left out.
STRICT_LOCATIVES = frozenset({
    "in", "near", "outside", "around", "towards", "toward", "across", "inside", "outskirts",
    # What armed groups and armies do to places ("attacked Mucojo", "recaptured Quissanga").
    "attacked", "captured", "seized", "shelled", "bombed", "raided", "overran", "recaptured", "retook",
    "liberated", "besieged", "evacuated", "fled", "entered", "reached", "visited",
})
#: Foreign particles inside names ("Dar es Salaam", "Bab el-Mandeb"), not English connectors.
PARTICLES = frozenset(CONNECTORS - {"of", "the", "and", "on", "upon", "for", "at", "as", "i", "y", "e", "o",
                                    "an", "in", "us", "ben", "bin", "van", "von"})
_PLACE_NOUN_RE = re.compile(r"\b(?:town|towns|village|villages|city|district|districts|province|region|"
                            r"settlement|port|island|area)\s+of\s+$", re.I)
_WORD_AFTER_RE = re.compile(r"\s([a-z]+)")
#: Lower-case words after a town's name that make it the name of its airfield or base.
_FACILITY_AFTER_RE = re.compile(
    r" (air base|airbase|air field|airfield|airport|air station|naval base|military airfield)\b")


def _word_after(text: str, end: int) -> str:
    """The lower-case word right after ``end`` (one space between), or ''."""
    m = _WORD_AFTER_RE.match(text, end, end + 24)
    return m.group(1) if m else ""


def _unknown_word(tok: Tok, gaz: Gazetteer) -> bool:
    """A capitalised word that names nothing the rules know: not a dictionary word, a person's
    name, a title, an organisation word, a calendar word, an acronym or a known non-place."""
    word, key = tok[2], tok[3]
    return (len(word) >= 3 and not word.isupper() and word[1:].islower()
            and key not in gaz.dictionary and key not in gaz.given_names and key not in gaz.surnames
            and key not in gaz.non_places and key not in NOT_PLACE_WORDS)


def _after_place_noun(text: str, start: int) -> bool:
    return bool(_PLACE_NOUN_RE.search(text, max(0, start - 24), start))


def _in_place_list(text: str, tokens: list[Tok], i: int, kept: list[bool]) -> bool:
    """True when token ``i`` stands in a comma or "and" list next to a place kept already."""
    def sep(a: int, b: int) -> bool:
        return text[tokens[a][1]:tokens[b][0]] in (", ", " and ", ", and ", " or ")

    left = i > 0 and kept[i - 1] and sep(i - 1, i)
    right = i + 1 < len(tokens) and kept[i + 1] and sep(i, i + 1)
    return left or right


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            if (m.end - m.start) > (out[-1].end - out[-1].start):
                out[-1] = m
            continue
        out.append(m)
    return out
