"""Place mentions in a text, with character spans.

One pass over the tokens: at each capitalised token the longest run of tokens
whose key is a gazetteer name, a demonym or a known non-place wins. Context
rules then drop the matches that are parts of people's or organisations' names,
and place-like names the gazetteer lacks ("Hoechang County") are kept as
unresolved mentions for an online geocoder to try.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import Gazetteer, load_gazetteer
from .text import _POSSESSIVE_RE, fold

#: A token: (start, end, text, key), as in :class:`osint.text.Token`.
Tok = tuple[int, int, str, str]

#: Lower-case words allowed inside a multi-word name ("Bosnia and Herzegovina").
CONNECTORS = frozenset(
    [
        "of",
        "the",
        "and",
        "de",
        "del",
        "della",
        "des",
        "di",
        "da",
        "du",
        "la",
        "le",
        "les",
        "el",
        "al",
        "am",
        "an",
        "der",
        "den",
        "y",
        "i",
        "on",
        "upon",
        "sur",
        "en",
        "for",
    ]
)
#: Words after which a capitalised name is most likely a place.
LOCATIVES = frozenset(
    [
        "in",
        "at",
        "from",
        "near",
        "to",
        "outside",
        "inside",
        "around",
        "across",
        "into",
        "via",
        "toward",
        "towards",
        "between",
        "through",
        "throughout",
        "within",
        "by",
        "off",
        "over",
        "under",
        "along",
        "against",
        "visited",
        "visit",
        "visiting",
        "reached",
        "entered",
        "left",
        "leave",
        "arrived",
    ]
)
#: Reporting verbs: "Rinna said" makes Rinna a speaker, not a place.
REPORTING = frozenset(
    [
        "said",
        "says",
        "told",
        "added",
        "stated",
        "wrote",
        "noted",
        "explained",
        "argued",
        "asked",
        "replied",
        "claimed",
        "warned",
        "insisted",
        "believes",
        "believed",
        "thinks",
        "thought",
        "recalled",
    ]
)
#: Last words of place names; a run ending in one is a place even when the
#: gazetteer lacks it ("Hoechang County").
PLACE_SUFFIXES = frozenset(
    [
        "county",
        "province",
        "prefecture",
        "oblast",
        "krai",
        "district",
        "region",
        "island",
        "islands",
        "peninsula",
        "mountains",
        "mountain",
        "river",
        "lake",
        "bay",
        "strait",
        "sea",
        "valley",
        "desert",
        "airport",
        "airfield",
        "airbase",
        "port",
        "harbor",
        "harbour",
        "square",
        "street",
        "avenue",
        "bridge",
        "dam",
        "canal",
        "cemetery",
        "stadium",
        "palace",
        "shipyard",
        "base",
        "range",
        "reservoir",
        "gulf",
        "coast",
        "city",
        "town",
        "village",
        "township",
        "municipality",
        "governorate",
        "canton",
        "state",
    ]
)
#: First words of place names ("Mount Paektu", "Lake Baikal").
PLACE_PREFIXES = frozenset(
    ["mount", "mt", "lake", "cape", "port", "fort", "gulf", "sea", "bay", "strait", "isle"]
)
#: Last words that make a run an organisation or an event, not a place.
ORG_SUFFIXES = frozenset(
    [
        "university",
        "institute",
        "center",
        "centre",
        "agency",
        "party",
        "council",
        "ministry",
        "department",
        "endowment",
        "post",
        "times",
        "news",
        "journal",
        "herald",
        "tribune",
        "company",
        "corp",
        "corporation",
        "inc",
        "ltd",
        "group",
        "bank",
        "association",
        "foundation",
        "committee",
        "commission",
        "organization",
        "organisation",
        "union",
        "league",
        "club",
        "fc",
        "team",
        "army",
        "navy",
        "force",
        "forces",
        "command",
        "office",
        "service",
        "services",
        "court",
        "school",
        "college",
        "academy",
        "hospital",
        "police",
        "war",
        "crisis",
        "games",
        "olympics",
        "cup",
        "revolution",
        "day",
        "summit",
        "agreement",
        "accord",
        "treaty",
        "conference",
        "festival",
        "award",
        "prize",
        "politburo",
        "assembly",
        "congress",
        "parliament",
        "senate",
        "government",
        "administration",
    ]
)


#: Population above which a town's name is believed even inside a longer name
#: ("Baseball Toronto") or when it is also an English word ("Reading").
BIG_CITY = 100_000


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the text that names (or may name) a place.

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


def _sentence_initial(text: str, tokens: list[Tok], i: int) -> bool:
    """True when nothing but white space, quotes or brackets stand between the
    token and the start of the text or the end of the previous sentence."""
    k = tokens[i][0] - 1
    while k >= 0 and (text[k].isspace() or text[k] in "\"“‘'(["):
        if text[k] == "\n":
            return True
        k -= 1
    return k < 0 or text[k] in ".!?:;…"


#: The words the extractor looks at: capitalised words, lower-case parts of
#: hyphenated names ("Il-sung"), and the function words its rules read.
#: Skipping every other word makes the pass several times faster.
_FUNCTION_WORDS = sorted(CONNECTORS | LOCATIVES | REPORTING, key=len, reverse=True)
_SPARSE_RE = re.compile(
    # The look-ahead rejects most word starts before the alternation is tried.
    r"\b(?=[A-ZÀ-ÖØ-ÞĀ-ɏa-z])(?:[A-ZÀ-ÖØ-ÞĀ-ɏ]\w*(?:['’]\w+)*"
    r"|(?:" + "|".join(_FUNCTION_WORDS) + r")\b(?!['’]))"
    r"|(?<=-)\w+(?:['’]\w+)*"
)


def _tokens(text: str) -> list[Tok]:
    out = []
    append = out.append
    for m in _SPARSE_RE.finditer(text):
        word = m.group()
        start, end = m.span()
        if ("'" in word or "’" in word) and len(word) > 2:
            p = _POSSESSIVE_RE.search(word)
            if p:
                word = word[: p.start()]
                end = start + len(word)
        # Plain tuples (start, end, text, key): several times cheaper than objects.
        append((start, end, word, fold(word) if word[0].isupper() or not word.isascii() else word))
    return out


def _joinable(text: str, a: Tok, b: Tok) -> bool:
    """True when two tokens may belong to one name (a space, hyphen or dot between)."""
    gap = text[a[1] : b[0]]
    if gap in (" ", "-", "‑", ".", ". "):
        return not (gap == ". " and len(a[2]) > 3)
    return gap.isspace() and "\n" not in gap and len(gap) <= 2


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
    join = [i + 1 < n and _joinable(text, tokens[i], tokens[i + 1]) for i in range(n)]
    # A lower-case part after a hyphen belongs to the name: "Kim Il-sung", "Punggye-ri".
    hyph = [i > 0 and text[tokens[i - 1][1] : tokens[i][0]] == "-" for i in range(n)]

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
        while key in prefixes:
            if (
                (caps[j] or hyph[j])
                and (key in names or key in demonyms or key in blocks)
                and _case_ok(tokens, caps, hyph, i, j, key, gaz)
            ):
                best = (j, key)
            if not join[j]:
                break
            j += 1
            if not caps[j] and not hyph[j] and tokens[j][3] not in CONNECTORS:
                break
            key = f"{key} {tokens[j][3]}"
        if best is None:
            i += 1
            continue
        j, key = best
        if key in blocks:
            kind = "block"
        elif key in demonyms:
            kind = "demonym"
        else:
            kind = "place"
        raw.append((i, j, key, kind))
        i = j + 1

    # Pass 2: context. Capitalised runs around a match tell names from places.
    used = [False] * n
    for a, b, _, _ in raw:
        for k in range(a, b + 1):
            used[k] = True
    people, person_tok = _people(tokens, caps, join, used, gaz)
    out: list[Mention] = []
    for a, b, key, kind in raw:
        if kind == "block":
            continue
        ids = (gaz.demonyms[key],) if kind == "demonym" else names[key]
        strong = kind == "demonym" or any(
            gaz.feature[e] in ("country", "continent", "capital")
            or gaz.source[e] == "curated"
            or (gaz.feature[e] == "admin1" and key not in gaz.common_keys)
            for e in ids
        )
        before = tokens[a - 1] if a > 0 else None
        after = tokens[b + 1] if b + 1 < n else None
        locative = before is not None and before[3] in LOCATIVES and join[a - 1]
        # An unmatched capitalised token joined to the match makes it part of a
        # longer name: "Travis King", "Kim Jong Un", "Carnegie Mellon".
        left_name = a > 0 and join[a - 1] and caps[a - 1] and not used[a - 1]
        right_name = b + 1 < n and join[b] and caps[b + 1] and not used[b + 1]
        title_before = before is not None and blocks.get(before[3]) == "title" and join[a - 1]
        speaker = (
            after is not None and after[3] in REPORTING and not text[tokens[b][1] : after[0]].strip()
        )
        # "Jordan Peterson", "Georgia Smith": a given name and a surname are a
        # person even when the first is also a country.
        if (
            b == a
            and right_name
            and tokens[a][3] in gaz.given_names
            and tokens[b + 1][3] in gaz.surnames
            and tokens[b + 1][3] not in gaz.names
        ):
            people.add(tokens[b + 1][3])
            continue
        if not strong:
            # Only a preferred name earns the big-city exemption: "Panda" is an
            # alternate name of Pandi, and "Ankit Panda" a person.
            big = key in gaz.primary_keys and max(gaz.population[e] for e in ids) >= BIG_CITY
            initial = _sentence_initial(text, tokens, a)
            surname_after = right_name and tokens[b + 1][3] in people
            if not big and (
                key in people
                or title_before
                or speaker
                or person_tok[a]
                or surname_after
                or left_name
                or right_name
            ):
                people.add(key)
                continue
            if title_before or (person_tok[a] and (left_name or surname_after)):
                continue
            if key in gaz.common_keys and not locative and (initial or not big):
                continue
            # "Since", "Following": capitalised only by position.
            if (
                initial
                and not locative
                and not _has_region_after(text, tokens, b)
                and b == a
                and len(ids) > 1
                and _lower_elsewhere(text, tokens[a][2])
            ):
                continue
        elif kind != "demonym" and title_before:
            continue
        out.append(
            Mention(
                tokens[a][0],
                tokens[b][1],
                text[tokens[a][0] : tokens[b][1]],
                key,
                kind,
                tuple(ids),
                locative,
            )
        )

    # Only what was kept or blocked hides a place-like run from pass 3.
    used = [False] * n
    starts = {t[0]: k for k, t in enumerate(tokens)}
    for m in out:
        k = starts[m.start]
        while k < n and tokens[k][1] <= m.end:
            used[k] = True
            k += 1
    for a, b, _, kind in raw:
        if kind == "block":
            for k in range(a, b + 1):
                used[k] = True
    out.extend(_unresolved(text, tokens, caps, join, used, gaz))
    out.sort(key=lambda m: m.start)
    return _drop_overlaps(out)


def _people(
    tokens: list[Tok], caps: list[bool], join: list[bool], used: list[bool], gaz: Gazetteer
) -> tuple[set[str], list[bool]]:
    """People's names: capitalised runs that open with a given name.

    Returns the surnames (to recognise "Chen said" after "Charlie Chen") and a
    flag per token that lies inside such a run.
    """
    n = len(tokens)
    surnames: set[str] = set()
    flags = [False] * n
    given = gaz.given_names
    # "Lukin said": a capitalised word right before a reporting verb is a name.
    for k in range(n - 1):
        if caps[k] and tokens[k + 1][3] in REPORTING and join[k] and k > 0 and not caps[k - 1]:
            surnames.add(tokens[k][3])
    i = 0
    while i < n:
        if not (caps[i] and tokens[i][3] in given):
            i += 1
            continue
        j = i
        while (
            j + 1 < n and join[j] and (caps[j + 1] or tokens[j + 1][3] in ("de", "van", "von", "da", "bin"))
        ):
            j += 1
        if j > i and caps[j] and not tokens[j][2].isupper():
            surnames.add(tokens[j][3])
            for k in range(i, j + 1):
                flags[k] = True
        i = j + 1
    return surnames, flags


def _case_ok(
    tokens: list[Tok], caps: list[bool], hyph: list[bool], i: int, j: int, key: str, gaz: Gazetteer
) -> bool:
    if key in gaz.acronym_keys:
        return all(tokens[k][2].isupper() for k in range(i, j + 1))
    return all(caps[k] or hyph[k] or tokens[k][3] in CONNECTORS for k in range(i, j + 1))


def _run_ends_in(
    tokens: list[Tok], caps: list[bool], join: list[bool], k: int, words: frozenset[str]
) -> bool:
    n = len(tokens)
    while k + 1 < n and join[k] and caps[k + 1]:
        k += 1
    return tokens[k][3] in words


def _has_region_after(text: str, tokens: list[Tok], b: int) -> bool:
    return (
        b + 1 < len(tokens)
        and text[tokens[b][1] : tokens[b + 1][0]] == ", "
        and tokens[b + 1][2][:1].isupper()
    )


def _lower_elsewhere(text: str, word: str) -> bool:
    return f" {word.lower()} " in text


def _unresolved(
    text: str, tokens: list[Tok], caps: list[bool], join: list[bool], used: list[bool], gaz: Gazetteer
) -> list[Mention]:
    """Place-like runs the gazetteer lacks: "Hoechang County", "Mount Paektu"."""
    out = []
    n = len(tokens)
    i = 0
    while i < n:
        if not caps[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and join[j] and (caps[j + 1] or tokens[j + 1][3] in ("of",)):
            j += 1
        while j > i and not caps[j]:
            j -= 1
        first, last = tokens[i][3], tokens[j][3]
        if (
            j > i
            and not any(used[i : j + 1])
            and (last in PLACE_SUFFIXES or first in PLACE_PREFIXES)
            and not (_sentence_initial(text, tokens, i) and j == i + 1 and first in PLACE_SUFFIXES)
        ):
            start, end = tokens[i][0], tokens[j][1]
            key = " ".join(t[3] for t in tokens[i : j + 1])
            if key not in gaz.non_places:
                out.append(Mention(start, end, text[start:end], key, "unresolved", ()))
        i = j + 1
    return out


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            if (m.end - m.start) > (out[-1].end - out[-1].start):
                out[-1] = m
            continue
        out.append(m)
    return out
