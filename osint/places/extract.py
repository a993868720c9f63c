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

import bisect
import functools
import re
import weakref
from collections.abc import Sequence

from .. import config
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
from ..model import Mention, Name
from ..model.features import (
    FEATURE_CUES,
    FEATURE_PREFIX_CUES,
    REGION_FEATURES,
    TOWN_NAMED_CUES,
    WATER_FEATURES,
)
from ..text import _POSSESSIVE_RE, WORD, arabic_article_place, fold, lowered_headlines, name_key
from .anchored import RELATION_AFTER_RE

#: A token: (start, end, text, key), as in :class:`osint.text.Token`.
Tok = tuple[int, int, str, str]


#: Words that are never a place on their own, whatever precedes them.
NOT_PLACE_WORDS = TITLES | ORG_WORDS | CALENDAR_WORDS

#: Population above which a town's name is believed even inside a longer name
#: ("Baseball Toronto") or when it is also an English word ("Reading").
BIG_CITY = 100_000

_TOKEN_RE = re.compile(rf"\b[A-ZÀ-ÖØ-ÞĀ-ɏ]{WORD}*(?:['’]{WORD}+)*|(?<=-)\w{WORD}*(?:['’]{WORD}+)*")
_CONTRACTION_RE = re.compile(r"['’](?:ve|re|ll|m|d)$|n['’]t$", re.IGNORECASE)
_CAP_TOKEN_RE = re.compile(rf"[A-ZÀ-ÖØ-ÞĀ-ɏ]{WORD}*(?:['’]{WORD}+)*")
_HYPHEN_TOKEN_RE = re.compile(rf"-(\w{WORD}*(?:['’]{WORD}+)*)")
# " of the ", " es ", and the Arabic article joined by a hyphen (" al-", " el-").


def _one_of(words: frozenset[str]) -> str:
    """A regex alternation of ``words``, grouped by first letter: the engine tries one branch
    per letter instead of every word at every position it scans."""
    by_first: dict[str, list[str]] = {}
    for w in sorted(words):
        by_first.setdefault(w[0], []).append(re.escape(w[1:]))
    return "(?:" + "|".join(f"{re.escape(c)}(?:{'|'.join(rest)})" for c, rest in by_first.items()) + ")"


_CONNECTOR_GAP_RE = re.compile(r" (?:(?:" + "|".join(sorted(CONNECTORS)) + r")[ \-‑])+")
_REPORTING_AFTER_RE = re.compile(r"\s+" + _one_of(REPORTING) + r"\b")
#: A reporting verb after a space: its speaker is the token that ends there.
_SPEECH_RE = re.compile(" " + _one_of(REPORTING) + r"\b")


#: Makes a Mention from a tuple of its fields, without the named tuple's keyword handling
#: (mentions are made by the thousand).
_mention = functools.partial(tuple.__new__, Mention)


#: What the rules ask of a token, as bits of one int per token, worked out once per distinct word
#: and gazetteer (see :func:`_learn`): the bits of :attr:`Gazetteer.prefixes` (PREFIX, WHOLE,
#: ACRONYM, ANY_ACRONYM) and those below. Looking words up in the gazetteer's large tables costs
#: cache misses; a small table of the words seen so far answers from the cache.
NAME, DEMONYM, BLOCK, TITLE, STRONG = 1 << 4, 1 << 5, 1 << 6, 1 << 7, 1 << 8
GIVEN, SURNAME, PRIMARY, BIG, COMMON = 1 << 9, 1 << 10, 1 << 11, 1 << 12, 1 << 13
NOT_PLACE, MODIFIED, MEDIA, SUFFIX, PREFIX_WORD = 1 << 14, 1 << 15, 1 << 16, 1 << 17, 1 << 18
#: ... and of the word as written: capitalised, all capitals, a short word in capitals ("BA"),
#: name-like (see :func:`_namelike`), unknown to every list (:func:`_unknown_word`), the head of
#: a division's abbreviation ("W" of "W.Va."), a given name that may open a person's name,
#: written in camel case ("iPhone"), two letters or more.
CAP, UPPER, SHORT_UPPER, NAMELIKE, UNKNOWN = 1 << 19, 1 << 20, 1 << 21, 1 << 22, 1 << 23
HEAD, OPENER, CAMEL, LONG = 1 << 24, 1 << 25, 1 << 26, 1 << 27
_MATCH_BITS = PREFIX | WHOLE | ACRONYM | ANY_ACRONYM
#: Per gazetteer: word -> (word without a possessive 's, key, bits); key -> bits; a matched
#: place name's key -> its candidates.
_Memo = tuple[dict[str, tuple[str, str, int]], dict[str, int], dict[str, tuple[int, ...]]]
_MEMO: weakref.WeakKeyDictionary[Gazetteer, _Memo] = weakref.WeakKeyDictionary()
#: A bound on each memo: a corpus of many languages cannot grow it forever.
_MEMO_SIZE = 200_000


def _memo(gaz: Gazetteer) -> _Memo:
    m = _MEMO.get(gaz)
    if m is None:
        m = _MEMO[gaz] = ({}, {}, {})
    return m


def _key_bits(gaz: Gazetteer, key: str, keys: dict[str, int]) -> int:
    """The bits of a key (a token's or a run's), memoised in ``keys``."""
    b = keys.get(key)
    if b is None:
        b = gaz.prefixes.get(key, 0)
        if not b and " " in key:
            return 0  # a run of words that no gazetteer key starts with: not worth keeping
        if key in gaz.names:
            b |= NAME
        if key in gaz.demonyms:
            b |= DEMONYM
        what = gaz.non_places.get(key)
        if what is not None:
            b |= BLOCK | (TITLE if what == "title" else 0)
        p = gaz.primary_population.get(key)
        if p is not None:
            b |= PRIMARY | (BIG if p >= BIG_CITY else 0)
        for flag, keyset in ((STRONG, gaz.strong_keys), (GIVEN, gaz.given_names), (SURNAME, gaz.surnames),
                             (COMMON, gaz.common_keys), (NOT_PLACE, NOT_PLACE_WORDS),
                             (MODIFIED, MODIFIED_WORDS), (MEDIA, MEDIA_WORDS), (SUFFIX, PLACE_SUFFIXES),
                             (PREFIX_WORD, PLACE_PREFIXES)):
            if key in keyset:
                b |= flag
        keys[key] = b
    return b


def _learn(gaz: Gazetteer, w: str, words: dict[str, tuple[str, str, int]],
           keys: dict[str, int]) -> tuple[str, str, int]:
    """What a word matched by the token patterns is: its text without a possessive ('s), key
    and bits; memoised in ``words``."""
    word = w
    if ("'" in w or "’" in w) and len(w) > 2:
        p = _POSSESSIVE_RE.search(w)
        if p and not _key_bits(gaz, fold(w), keys) & PREFIX:  # "Cox's Bazar" keeps its "'s"
            word = w[: p.start()]
        elif _CONTRACTION_RE.search(w):
            # "I've", "We'll", "Don't": a pronoun or verb, never a name; a key no name has.
            return w, "\x00" + fold(w), 0
    key = fold(word)
    b = _key_bits(gaz, key, keys)
    function = key in FUNCTION_WORDS
    if word[0].isupper():
        b |= CAP
        if b & GIVEN and not function:
            b |= OPENER
    if word.isupper():
        b |= UPPER | (SHORT_UPPER if len(word) <= 4 else 0)
    if _namelike((0, 0, word, key)):
        b |= NAMELIKE
    if _unknown_word((0, 0, word, key), gaz):
        b |= UNKNOWN
    if word in gaz.abbreviation_heads:
        b |= HEAD
    if _CAMEL_RE.search(word):
        b |= CAMEL
    if len(word) >= 2:
        b |= LONG
    info = words[w] = (word, key, b)
    return info


def _tokens(text: str, gaz: Gazetteer) -> tuple[list[Tok], list[int], list[str | None]]:
    """The tokens of ``text`` (capitalised words and the parts after hyphens), their bits, and
    how each joins the next (see :func:`_gap`; the last joins nothing)."""
    # Two scans, each led by a character class or a literal (which the regex engine skips to
    # quickly), are five times faster than one pattern that opens with a word boundary and an
    # alternation; a capital inside a word ("iPhone", "3D") is dropped as the boundary would.
    # Parts after a hyphen, whatever their case ("Kim Il-sung", "Punggye-ri"), are merged in
    # as the capitalised words go by (a part where a capitalised word starts is that word).
    words, keys, cands = _memo(gaz)
    hyphens = ([(m.start(1), m.group(1)) for m in _HYPHEN_TOKEN_RE.finditer(text)]
               if "-" in text else [])
    hyphens.append((len(text) + 1, ""))  # a sentinel: no more parts
    h, next_part = 0, hyphens[0][0]
    tokens: list[Tok] = []
    bits: list[int] = []
    gaps: list[str | None] = []  # gaps[k] joins token k - 1 to token k until the shift below
    append, append_bits, append_gap = tokens.append, bits.append, gaps.append
    end, prev = -17, ""  # before the first token: too far to join
    for m in _CAP_TOKEN_RE.finditer(text):
        start = m.start()
        if start and (c := text[start - 1]) != " " and (c.isalnum() or c == "_"):
            continue
        while next_part <= start:
            if next_part < start:
                s, w = hyphens[h]
                word, key, b = words.get(w) or _learn(gaz, w, words, keys)
                append_gap(_gap(text, end, s, prev))
                end, prev = s + len(word), word
                append((s, end, word, key))
                append_bits(b)
            h += 1
            next_part = hyphens[h][0]
        w = m.group()
        word, key, b = words.get(w) or _learn(gaz, w, words, keys)
        # Most neighbours stand far apart or one space apart: those need no slicing.
        d = start - end
        if d == 1:
            c = text[end]
            append_gap("" if c in " -.‑" or (c.isspace() and c != "\n") else None)
        elif d > 16:
            append_gap(None)
        else:
            append_gap(_gap(text, end, start, prev))
        end, prev = start + len(word), word
        append((start, end, word, key))
        append_bits(b)
    for s, w in hyphens[h:-1]:
        word, key, b = words.get(w) or _learn(gaz, w, words, keys)
        append_gap(_gap(text, end, s, prev))
        end, prev = s + len(word), word
        append((s, end, word, key))
        append_bits(b)
    if tokens:
        del gaps[0]
        gaps.append(None)
    if len(words) > _MEMO_SIZE or len(keys) > _MEMO_SIZE:
        words.clear()
        keys.clear()
        cands.clear()
    return tokens, bits, gaps


#: Words that open a sentence far more often than they follow an abbreviation's dot.
_SENTENCE_OPENERS = FUNCTION_WORDS | frozenset({"he", "she", "they", "we", "there", "i", "you"})
_FIRST_WORD_RE = re.compile(r"[A-Za-z]+")


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` is one that opens sentences ("The", "He", "In")."""
    m = _FIRST_WORD_RE.match(text, start, start + 12)
    return m is not None and m.group().lower() in _SENTENCE_OPENERS


def _gap(text: str, end: int, start: int, word: str) -> str | None:
    """How a token (``word``, ending at ``end``) joins the next (at ``start``): '' when directly
    (space, hyphen, dot), the connector words when through them (" of the "), None when they
    do not."""
    d = start - end
    if d > 16 or d <= 0:  # most capitalised words stand apart: no slicing needed
        return None
    if d == 1:
        c = text[end]
        return "" if c in " -.‑" or (c.isspace() and c != "\n") else None
    gap = text[end:start]
    if d == 2:
        if gap == ". ":
            # "St. Louis", "Ft. Worth": a short word's dot joins; a sentence's end before "The"
            # does not ("... the port of Ras Isa. The terminal ...").
            return "" if len(word) <= 3 and not _opens_sentence(text, start) else None
        return "" if gap.isspace() and "\n" not in gap else None
    if d == 3 and gap[0] == " " and gap[1] in "dl" and gap[2] in "'’":
        return gap[1]  # "Côte d'Ivoire": the elided article joins as a word (see the gazetteer)
    if gap[0] == " " and _CONNECTOR_GAP_RE.fullmatch(gap):
        return " ".join(gap.replace("-", " ").replace("‑", " ").split())
    return None


def _case_ok(text: str, tokens: list[Tok], bits: list[int], i: int, j: int, flags: int) -> bool:
    if flags & ACRONYM:
        return all(bits[k] & UPPER for k in range(i, j + 1))
    if i == j and bits[i] & SHORT_UPPER and not flags & ANY_ACRONYM:
        # "BA", "CIS": an abbreviation, unless a dateline ("ROME, March 3").
        return _sentence_initial(text, tokens[i][0]) and text.startswith(",", tokens[i][1])
    return True


#: An Arabic article joined to the name after it by a hyphen ("el-Fasher", "al-Hol").
_ARTICLE_BEFORE_RE = re.compile(r"(?<![\w-])(?:al|el|an|ar|as|ash|ad|az|at|ath|ed|er|es|et|ez)-$")


def _with_article(text: str, m: Mention) -> Mention:
    """The mention with the Arabic article joined to it by a hyphen in its span ("el-Fasher")."""
    if m.start < 3 or text[m.start - 1] != "-":
        return m
    a = _ARTICLE_BEFORE_RE.search(text, max(0, m.start - 5), m.start)
    return m if a is None else m._replace(start=a.start(), text=text[a.start():m.end])


#: A feature named twice, the second name in brackets: "Sabina (Escoda) Shoal", "Ayungin (Second
#: Thomas) Shoal", "Zmiinyi (Snake) Island".
_BRACKETED_FEATURE = (r"\) (Shoals?|Reefs?|Islands?|Atoll|Cay|Bank|Strait|Bay|Gulf|River|Lake|Sea|Mountains?|"
                      r"Peninsula|Air Base|Airbase|Airport|Naval Base|Port|Dam|Bridge|Crossing|Camp)\b")
_BRACKETED_RE = re.compile(
    r"(?<![\w-])([A-Z][\w’'-]*(?: [A-Z][\w’'-]*){0,3}) \(([A-Z][\w’'-]*(?: [A-Z][\w’'-]*){0,3})"
    + _BRACKETED_FEATURE)
#: What must follow a closing bracket for a feature named twice to be there at all (a quick screen).
_BRACKET_FEATURE_RE = re.compile(_BRACKETED_FEATURE)


def _with_bracketed_names(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """The mentions with each feature named twice read as one: the first of its two names (with
    the feature word, then without) the gazetteer holds, else one unresolved mention."""
    for m in _BRACKETED_RE.finditer(text):
        first, second, word = m.groups()
        keys = [name_key(f"{first} {word}"), name_key(f"{second} {word}")]
        key = next((k for k in keys if k in gaz.names), None)
        found = (_mention((m.start(), m.end(), m.group(), key, "place", tuple(gaz.names[key]), False))
                 if key else _mention((m.start(), m.end(), m.group(), keys[0], "unresolved", (), False)))
        mentions = [x for x in mentions if x.end <= m.start() or x.start >= m.end()]
        mentions.append(found)
    return sorted(mentions, key=lambda x: x.start)


def _word_before(text: str, start: int) -> str:
    """The word right before ``start`` when only white space separates them (or white space and
    an Arabic article: "seized el-Fasher", "in al-Raqqa")."""
    if start and text[start - 1] == "-" and (m := _ARTICLE_BEFORE_RE.search(text, max(0, start - 5), start)):
        start = m.start()
    if not start or not text[start - 1].isspace():
        return ""
    head = text[max(0, start - 14) : start].rstrip()
    # Most often one space follows a whole word: no walk over its letters.
    k = head.rfind(" ") + 1
    word = head[k:]
    if word.isalpha():
        return word.lower()
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


def extract(text: str, gazetteer: Gazetteer | None = None, *, names: Sequence[Name] = ()) -> list[Mention]:
    """Find the place mentions in ``text``.

    Three passes over the text's tokens: the longest gazetteer match at each capitalised token
    (:func:`_matches`, with division abbreviations, :func:`_abbreviations`); context, which tells
    names from places (:class:`_Context`, :func:`_judged`); and place-like runs the gazetteer
    lacks (:func:`_unresolved`), among the tokens nothing kept hides (:func:`_hidden`).

    Parameters
    ----------
    text : str
        The article text.
    gazetteer : Gazetteer, optional
        Defaults to the embedded gazetteer.
    names : sequence of Name, optional
        The text's typed names (:func:`osint.names.type_names`): no mention inside a ship's,
        a unit's, an organisation's, an outlet's, a weapon's, a company's, an event's or a
        person's name is kept ("Black Sea Fleet" is no mention of the Black Sea).

    Returns
    -------
    list of Mention
        In text order, not overlapping.

    Examples
    --------
    >>> [m.text for m in extract("Russia’s envoy flew from Moscow to Pyongyang.")]
    ['Russia', 'Moscow', 'Pyongyang']
    """
    config.note_stage("extract", text)
    gaz = gazetteer or load_gazetteer()
    read = lowered_headlines(text)  # "... Oil Terminal In Hodeidah": a headline's "In" is "in"
    if read is not text:
        return [m._replace(text=text[m.start:m.end]) for m in _extract(read, gaz, names)]
    return _extract(text, gaz, names)


def _extract(text: str, gaz: Gazetteer, names: Sequence[Name]) -> list[Mention]:
    tokens, bits, gaps = _tokens(text, gaz)
    _, keys, candidates = _memo(gaz)
    raw = _matches(text, tokens, bits, gaps, gaz, keys)
    if any(b & PREFIX_WORD for b in bits):
        raw = _under_prefixes(text, tokens, bits, gaps, raw)
    # Division abbreviations in context ("Reno, Nev.", "in B.C."): they replace what pass 1
    # made of their tokens ("Va" is also a town).
    abbreviated, covered = _abbreviations(text, tokens, bits, raw, gaz)
    if covered:
        raw = [r for r in raw if not any(k in covered for k in range(r[0], r[1] + 1))]
    c = _Context(text, tokens, bits, gaps, gaz, keys, candidates, raw, covered)
    out, firsts = _judged(c, raw)
    for k, m in abbreviated:
        out.append(m)
        firsts.append(k)
    used, kept = _hidden(c, raw, out, firsts)
    out.extend(_unresolved(text, tokens, bits, gaps, used, kept, gaz, c.named))
    out.sort(key=lambda m: m.start)
    if "-" in text:
        out = [_with_article(text, m) for m in out]
    if ") " in text and _BRACKET_FEATURE_RE.search(text):
        out = _with_bracketed_names(text, out, gaz)
    out = _with_feature_words(text, out, gaz)
    if "Base " in text or "Station " in text:
        out = _with_bases_named_after_their_word(text, out, gaz)
    if "(" in text:
        out = _with_defined_acronyms(text, out)
    if names:
        out = split_by_names(out, names)[0]
    return _drop_overlaps(out)


def _under_prefixes(text: str, tokens: list[Tok], bits: list[int], gaps: list[str | None],
                    raw: list[Match]) -> list[Match]:
    """Pass 1's matches less those inside a name that opens with a place's generic word and that
    the gazetteer lacks whole: "Puerto Jordan" is a town, not Puerto (in Spain) and Jordan;
    "Verin Shorzha" ("Upper Shorzha") a village, not a namesake of Shorzha. The run is left to
    the unknown names' reading (:func:`_unresolved`), which takes a run opening with such a word
    for a place."""
    n = len(tokens)
    longer = {k for a, b, _, _ in raw if b > a for k in range(a, b + 1)}  # in a longer name ("Red Sea")
    drop: set[int] = set()
    for i in range(n - 1):
        if (not bits[i] & PREFIX_WORD or not bits[i] & CAP or gaps[i] != "" or i in longer
                or not bits[i + 1] & CAP or bits[i + 1] & TITLE
                or (bits[i] & COMMON and _sentence_initial(text, tokens[i][0]))):
            # "Tell Washington ...": a sentence's first English word is a verb's; "Laguna Mayor
            # ...": a title after it opens no name with it
            continue
        j = i + 1
        while j + 1 < n and gaps[j] == "" and bits[j + 1] & CAP:
            j += 1
        drop.update(range(i, j + 1))
    if not drop:
        return raw
    return [r for r in raw if r[3] == "block" or not (r[0] in drop and r[1] in drop)]


def split_by_names(mentions: Sequence[Mention], names: Sequence[Name]
                   ) -> tuple[list[Mention], list[tuple[Mention, Name]]]:
    """The mentions that lie inside no typed name, and those inside one with that name
    (``mentions`` and ``names`` in text order). A mention that is the whole name stays a
    mention: the gazetteer or the site grammar places the institution itself ("Far Eastern
    Federal University" is a campus; "Far Eastern" in it is no place)."""
    starts = [n.start for n in names]
    outside: list[Mention] = []
    inside: list[tuple[Mention, Name]] = []
    for m in mentions:
        k = bisect.bisect_right(starts, m.start) - 1
        if k >= 0 and names[k].covers(m.start, m.end) and (
                names[k].whole or (m.start, m.end) != (names[k].start, names[k].end)):
            inside.append((m, names[k]))
        else:
            outside.append(m)
    return outside, inside


#: A match of pass 1: (first token, last token, key, kind).
Match = tuple[int, int, str, str]


def _matches(text: str, tokens: list[Tok], bits: list[int], gaps: list[str | None], gaz: Gazetteer,
             keys: dict[str, int], named_sites: dict[str, str] | None = None) -> list[Match]:
    """Pass 1: the longest run of tokens whose key the gazetteer holds (a place, a demonym or a
    known non-place, the "block" kind) at each capitalised token, in text order.

    Parameters
    ----------
    text : str
        The text.
    tokens, bits, gaps : list
        Its tokens, their bits and how each joins the next (see :func:`_tokens`).
    gaz : Gazetteer
        The gazetteer.
    keys : dict
        Its memo of keys' bits (see :func:`_memo`).
    named_sites : dict, optional
        Bare names -> the sites the text names with their word ("ras isa" -> "ras isa port"),
        read where the bare name stands alone. By default a first reading collects them and,
        when there are any, a second reading uses them.

    Returns
    -------
    list of Match
        Not overlapping.
    """
    sites: dict[str, str] = {}
    raw = _match_pass(text, tokens, bits, gaps, gaz, keys, named_sites or {}, sites)
    if named_sites is None and sites:
        return _match_pass(text, tokens, bits, gaps, gaz, keys, sites, {})
    return raw


def _match_pass(text: str, tokens: list[Tok], bits: list[int], gaps: list[str | None], gaz: Gazetteer,
                keys: dict[str, int], named_sites: dict[str, str], sites: dict[str, str]) -> list[Match]:
    """One reading of :func:`_matches`, collecting into ``sites`` the bare names of the sites it
    finds with their word."""
    n = len(tokens)
    raw: list[Match] = []
    i = 0
    while i < n:
        flags = bits[i]
        if not flags & CAP or not flags & _MATCH_BITS:
            i += 1
            continue
        key = tokens[i][3]
        j = i
        best = None
        longest = None  # the longest run that starts a longer key: "Kerem Shalom" (... crossing)
        while True:
            # Only an acronym's key or a short word in capitals needs its case checked.
            if flags & WHOLE and (not flags & (ACRONYM | SHORT_UPPER)
                                  or _case_ok(text, tokens, bits, i, j, flags)):
                best = (j, key, flags)
            if flags & PREFIX:
                longest = (j, key, flags)
            g = gaps[j]
            if g is None or not flags & PREFIX:
                break
            # A lower-case token is the part after a hyphen ("Kim Il-sung",
            # "Punggye-ri"): the token pattern only makes one there, so the gap
            # that joins it is always that hyphen.
            j += 1
            key = f"{key} {g} {tokens[j][3]}" if g else f"{key} {tokens[j][3]}"
            flags = keys.get(key)
            if flags is None:
                flags = _key_bits(gaz, key, keys)
            if not flags & _MATCH_BITS:
                break
        # The same run twice (its longest prefix is the name) is asked about once.
        for run in (longest, best) if longest != best else (best,):
            if run is not None and (best is None or run[0] >= best[0]) and _lower_after(
                    text, tokens[run[0]][1]):
                cued = _facility(text, tokens[run[0]][1], run[1], gaz, keys)
                if cued is not None:
                    best = (run[0], *cued)
                    sites[run[1]] = cued[0]
                    break
        if longest is not None and (best is None or longest[0] > best[0]):
            port = _port_of(text, tokens[i][0], longest, gaz, keys)
            if port is not None:
                best = port
                sites[longest[1]] = port[1]
            elif longest[1] in named_sites:
                # The text named the site with its word elsewhere ("Ras Isa port"): the bare
                # name ("through Ras Isa") is that site, not the town its first word names.
                site = named_sites[longest[1]]
                best = (longest[0], site, _key_bits(gaz, site, keys))
        if best is None:
            i += 1
            continue
        j, key, flags = best
        raw.append((i, j, key, "block" if flags & BLOCK else "demonym" if flags & DEMONYM else "place"))
        i = j + 1
    return raw


def _lower_after(text: str, end: int) -> bool:
    """Whether a lower-case word follows ``end`` after one space (or after a possessive or a
    number that designates the site: "Pskov's airport", "Engels-2 airfield")."""
    if text[end:end + 1] != " ":  # a designator opens with an apostrophe or a hyphen, never a space
        g = _DESIGNATOR_RE.match(text, end)
        if g is None:
            return False
        end = g.end()
    return text[end:end + 1] == " " and text[end + 1:end + 2].islower()


def _facility(text: str, end: int, key: str, gaz: Gazetteer, keys: dict[str, int]) -> tuple[str, int] | None:
    """The key and bits of the site or feature that a name ending at ``end`` and the lower-case
    feature word after it name ("Engels air base", "the Danube river", "Kavumu camp", "Kerem
    Shalom crossing"), or None when the gazetteer holds no such name.

    The mention reads as the site; :func:`_with_feature_words` puts the word in its span.
    """
    f = _FACILITY_AFTER_RE.match(text, end)
    if f:
        word = f.group(1).replace("air field", "airfield")
        for alike in (word, *(_AIR_WORDS if word in _AIR_WORDS else ())):
            facility = f"{key} {alike}"
            if facility in gaz.names:
                return facility, _key_bits(gaz, facility, keys)
    return None


_PORT_OF_RE = re.compile(r"\bport of $", re.IGNORECASE)


def _port_of(text: str, start: int, run: tuple[int, str, int], gaz: Gazetteer,
             keys: dict[str, int]) -> tuple[int, str, int] | None:
    """The port a run after "port of" names ("the port of Ras Isa"), as (last token, key, bits),
    or None when the gazetteer holds no such port."""
    if not _PORT_OF_RE.search(text, max(0, start - 9), start):
        return None
    key = f"port of {run[1]}"
    return (run[0], key, _key_bits(gaz, key, keys)) if key in gaz.names else None


class _Context:
    """What pass 2 reads of a text around its matches: the tokens, which of them a match or an
    abbreviation covers, the word before each match, the names the text places ("in
    Montepuez"), and the people it names.

    Attributes
    ----------
    join : list of bool
        Whether each token joins the next directly (space, hyphen, dot).
    used : list of bool
        The tokens some match or division abbreviation covers.
    before : dict
        The first token of each match that is not a block -> the lower-case word before it.
    placed_keys : set of str
        Names the text also uses as places ("in Montepuez"): a speaker of that name elsewhere is
        the place's people speaking, not a person.
    strictly_placed : set of str
        Those of them a locative that takes no one's name places alone ("fighting in Sake", not
        "in Air Zimbabwe"): a dictionary word so placed is the place where else it is capitalised.
    people : set of str
        Surnames: of speakers (:func:`_speakers`) and of full names (:func:`_full_names`) and
        given-name-and-surname pairs (:func:`_person_pairs`); :func:`_a_persons_name` adds the
        names it finds to be people's.
    named : set of str
        Those of them seen in a full name.
    person_tok : list of bool
        Whether each token lies inside a full name.
    in_person : list of int
        Those tokens.
    person_pair : set of int
        The tokens of given-name-and-surname pairs (see :func:`_person_pairs`).
    """

    __slots__ = ("before", "bits", "candidates", "gaps", "gaz", "in_person", "join", "keys", "n", "named",
                 "names_col", "people", "person_pair", "person_tok", "placed_keys", "strictly_placed", "text",
                 "tokens", "used")

    def __init__(self, text: str, tokens: list[Tok], bits: list[int], gaps: list[str | None],
                 gaz: Gazetteer, keys: dict[str, int], candidates: dict[str, tuple[int, ...]],
                 raw: list[Match], covered: set[int]) -> None:
        self.text, self.tokens, self.bits, self.gaps, self.gaz = text, tokens, bits, gaps, gaz
        self.keys, self.candidates = keys, candidates  # the gazetteer's memo (see _memo)
        self.n = n = len(tokens)
        self.names_col = gaz._columns["name"]
        self.join = join = [g == "" for g in gaps]
        used = self.used = [False] * n
        before: dict[int, str] = {}
        placed_keys: set[str] = set()
        strictly_placed: set[str] = set()
        for a, b, key, kind in raw:
            if a == b:
                used[a] = True
            else:
                for k in range(a, b + 1):
                    used[k] = True
            if kind != "block":
                w = before[a] = _word_before(text, tokens[a][0])
                if kind == "place" and w in LOCATIVES:
                    placed_keys.add(key)
                    # "fighting in Sake": placed alone, by a locative that takes no one's name
                    if w in STRICT_LOCATIVES and (gaps[b] is None or not bits[b + 1] & CAP):
                        strictly_placed.add(key)
        for k in covered:
            used[k] = True
        self.before, self.placed_keys, self.strictly_placed = before, placed_keys, strictly_placed
        # People's names: speakers ("Lukin said") and capitalised runs that open with a given name
        # ("Charlie Chen"). Their surnames tell "Chen said" after "Charlie Chen".
        self.people = _speakers(text, tokens, bits, placed_keys)
        self.named: set[str] = set()
        self.person_tok = [False] * n
        self.in_person: list[int] = []
        _full_names(text, tokens, bits, join, gaz, self.people, self.named, self.person_tok, self.in_person)
        self.person_pair = _person_pairs(text, tokens, bits, join, raw, self.people, self.named)


def _person_pairs(text: str, tokens: list[Tok], bits: list[int], join: list[bool], raw: list[Match],
                  people: set[str], named: set[str]) -> set[int]:
    """The tokens of one-word matches and the surnames after them that make a person.

    "Jordan Peterson", "Georgia Smith", "Chad Jordan, a former officer": a given name and a
    surname are a person even when either is also a place. Each such surname is added to
    ``people`` and ``named``.
    """
    n = len(tokens)
    person_pair: set[int] = set()
    for a, b, _key, _kind in raw:
        if (
            a == b
            and b + 1 < n
            and join[b]
            and bits[a] & GIVEN
            and bits[a] & NAMELIKE
            and (nxt := bits[b + 1]) & CAP
            and nxt & NAMELIKE
            and not nxt & (MODIFIED | MEDIA)
            and (
                (nxt & SURNAME and not nxt & STRONG)
                or _person_cue(text, tokens[a][0], tokens[b + 1][1])
            )
        ):
            person_pair.add(a)
            person_pair.add(b + 1)
            people.add(tokens[b + 1][3])
            named.add(tokens[b + 1][3])
    return person_pair


def _judged(c: _Context, raw: list[Match]) -> tuple[list[Mention], list[int]]:
    """Pass 2: the matches context keeps as places and demonyms, with their first tokens.

    Parameters
    ----------
    c : _Context
        What pass 2 reads of the text.
    raw : list of Match
        The matches of pass 1, less those under division abbreviations.

    Returns
    -------
    tuple
        The mentions, in text order, and the first token of each.
    """
    text, tokens, bits, join, before, gaz = c.text, c.tokens, c.bits, c.join, c.before, c.gaz
    gaps, person_pair, named = c.gaps, c.person_pair, c.named
    names, demonyms = gaz.names, gaz.demonyms
    keys, candidates = c.keys, c.candidates
    out: list[Mention] = []
    firsts: list[int] = []  # the first token of each mention in ``out``
    for a, b, key, kind in raw:
        if kind == "block":
            continue
        ids = candidates.get(key)
        if ids is None:
            ids = candidates[key] = (demonyms[key],) if kind == "demonym" else tuple(names[key])
        kb = keys.get(key)
        if kb is None:
            kb = _key_bits(gaz, key, keys)
        strong = kind == "demonym" or kb & STRONG
        # A screen: each rule of a longer name needs a capitalised token joined to the match's end
        # (the last token joins none) or a person's name the text gives; most matches have neither
        # and are spared the call.
        if (((gaps[b] is not None and bits[b + 1] & CAP) or a in person_pair or key in named)
                and _in_a_longer_name(c, a, b, key, kind, kb, strong)):
            continue
        start, end = tokens[a][0], tokens[b][1]
        # "according to Shot": a source, not a place the story goes to.
        locative = before[a] in LOCATIVES and not (before[a] == "to" and _ACCORDING_RE.search(
            text, max(0, tokens[a][0] - 14), tokens[a][0]))
        # "in Metairie and Kenner", "near Palma, Quissanga and Macomia": a list's locative holds
        # for each of its places.
        if not locative and out and out[-1].locative and text[out[-1].end : start] in LIST_GAPS:
            locative = True
        title_before = (a > 0 and join[a - 1] and bits[a - 1] & TITLE) or _initials_before(text, start)
        if a == b and bits[a] & SUFFIX and a > 0 and join[a - 1] and bits[a - 1] & CAP and kind == "place":
            continue  # "Rift Valley", "Cat Island": a feature's word ends a longer name, no town "Valley"
        if strong:
            if kind != "demonym" and (
                title_before or _named_person(gaz, ids, bits[a], c.person_tok[a] and a == b)
            ):
                continue
        elif not _weak_place_ok(c, a, b, key, kb, ids, locative, title_before):
            continue
        out.append(_mention((start, end, text[start:end], key, kind, ids, locative)))
        firsts.append(a)
    return out, firsts


#: A person's initials right before a name ("H. I. Sutton", "J.R. Smith"); one compass letter
#: alone is a place's abbreviation ("N. Korea", "S. Sudan").
_INITIALS_RE = re.compile(r"(?<![\w.])((?:[A-Z]\.\s?){1,3})$")


def _initials_before(text: str, start: int) -> bool:
    """Whether a person's initials stand right before ``start`` ("H. I. Sutton")."""
    m = _INITIALS_RE.search(text, max(0, start - 9), start)
    if m is None or not text[start - 1].isspace():
        return False
    letters = m.group(1).replace(".", "").replace(" ", "")
    return not (len(letters) == 1 and letters in "NSEW") and letters not in ("US", "UK", "DC", "UN", "EU")


def _in_a_longer_name(c: _Context, a: int, b: int, key: str, kind: str, kb: int, strong: bool) -> bool:
    """Whether the match of tokens ``a``-``b`` is a word of a longer name: a news outlet's, a
    person's, an organisation's, or a foreign name the gazetteer lacks whole.

    Parameters
    ----------
    c : _Context
        What pass 2 reads of the text.
    a, b : int
        The match's first and last token.
    key, kind : str
        Its key and kind ("place" or "demonym").
    kb : int
        Its key's bits.
    strong : bool
        A demonym, or a name that outranks towns (its key's STRONG bit).

    Returns
    -------
    bool
        True when the match is no place of the story.
    """
    bits, join, n = c.bits, c.join, c.n
    right_joined = b + 1 < n and join[b] and bits[b + 1] & CAP
    # "Washington Post", "Sydney Morning Herald": a news outlet's name, not a place of the story.
    if right_joined and kind != "demonym" and _outlet_after(bits, join, b):
        return True
    # "Jordan Peterson", "Georgia Smith": a given name and a surname are a
    # person even when the first is also a country.
    if a in c.person_pair:
        return True
    # "Dana Lowell ... Lowell said": a surname of someone the text names in full is that
    # person wherever it stands alone, unless the text also places something there
    # ("Hamilton, Ontario").
    if a == b and kind == "place" and key in c.named and _named_surname(c, a, key):
        return True
    # "Tennessee Valley Authority", "American Enterprise Institute": a small town's name
    # between a place and an organisation word is a word of the organisation's name.
    if (kind != "demonym" and not (strong and kb & BIG) and a > 0 and join[a - 1] and c.used[a - 1]
            and right_joined and c.tokens[b + 1][3] in ORG_WORDS):
        return True
    # "Bab el-Mandeb", "Dar es Salaam" when the gazetteer lacks the whole: the first word is
    # part of a longer name, not the town of that name.
    return bool(not strong and b + 1 < n and c.gaps[b] in PARTICLES and bits[b + 1] & CAP)


def _named_surname(c: _Context, a: int, key: str) -> bool:
    """Whether one-word match ``a``, a surname of someone the text names in full, stands as that
    person here: not before a comma and a capital ("Hamilton, Ontario"), not after a locative, and
    not a name the text also places unless a reporting verb follows."""
    end = c.tokens[a][1]
    return (not _COMMA_NAME_RE.match(c.text, end) and c.before[a] not in LOCATIVES
            and (key not in c.placed_keys or bool(_REPORTING_AFTER_RE.match(c.text, end))))


def _hidden(c: _Context, raw: list[Match], out: list[Mention],
            firsts: list[int]) -> tuple[list[bool], list[bool]]:
    """The tokens pass 3 leaves alone, and those of the places kept (which a list may extend).

    Only what was kept or blocked hides a place-like run from pass 3.

    Parameters
    ----------
    c : _Context
        What pass 2 read of the text.
    raw : list of Match
        The matches of pass 1.
    out, firsts : list
        The mentions kept, and the first token of each.

    Returns
    -------
    tuple of list of bool
        Per token: hidden, and kept.
    """
    tokens, n = c.tokens, c.n
    blocks = c.gaz.non_places
    used = [False] * n
    for k, m in zip(firsts, out):
        if m.kind == "demonym":
            continue  # "University of North Korean Studies" is one name
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
    for k in c.in_person:
        used[k] = True
    return used, kept


def _outlet_after(bits: list[int], join: list[bool], b: int) -> bool:
    """Whether the capitalised run after token ``b`` ends a news outlet's name within three words
    ("Post", "Morning Herald", "Daily Morning News")."""
    k = b + 1
    while k < len(bits) and k <= b + 3 and bits[k] & CAP:
        if bits[k] & MEDIA:
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


def _abbreviations(text: str, tokens: list[Tok], bits: list[int], raw: list[tuple[int, int, str, str]],
                   gaz: Gazetteer) -> tuple[list[tuple[int, Mention]], set[int]]:
    """Abbreviated divisions: after "Place, " ("Charleston, W.Va."), or after a locative when the
    form cannot be an ordinary word ("in B.C.", "across Calif.").

    Returns the mentions, each with its first token, and the token indices they cover.
    """
    if not gaz.abbreviation_heads:
        return [], set()
    n = len(tokens)
    out: list[tuple[int, Mention]] = []
    covered: set[int] = set()
    candidates: list[tuple[int, bool]] = []  # (token, after a place and a comma)
    # Only a token that opens some abbreviation (HEAD) can be one.
    for _, b, _, kind in raw:
        if (kind != "block" and b + 1 < n and bits[b + 1] & HEAD
                and text[tokens[b][1]:tokens[b + 1][0]] == ", "):
            candidates.append((b + 1, True))
    for k in [k for k, b in enumerate(bits) if b & HEAD]:
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
        out.append((k, Mention(start, end, form, name_key(form), "place", ids, not paired)))
    return out, covered


def _named_person(gaz: Gazetteer, ids: tuple[int, ...], bits: int, in_person_run: bool) -> bool:
    """A division or region named like a person, inside a person's name:
    "Victoria Vivians", "Mary Smith" (not a country or a capital). ``bits`` are its token's."""
    return (
        in_person_run
        and bool(bits & GIVEN)
        and not any(
            gaz.feature[e] in ("country", "capital", "continent") or gaz.source[e] == "curated" for e in ids
        )
    )


def _weak_place_ok(c: _Context, a: int, b: int, key: str, kb: int, ids: tuple[int, ...], locative: bool,
                   title_before: bool) -> bool:
    """Whether a town's name, with no stronger reading, is a place here.

    Parameters
    ----------
    c : _Context
        What pass 2 reads of the text (``c.people`` gains the name when it is a person's).
    a, b : int
        The match's first and last token.
    key : str
        Its key.
    kb : int
        Its key's bits.
    ids : tuple of int
        Its candidates.
    locative : bool
        Whether a locative stands before it (or before its list).
    title_before : bool
        Whether a title joins it from the left ("Sen. Gillen").

    Returns
    -------
    bool
        True when it is a place here.
    """
    bits = c.bits
    # Only a preferred name earns the big-city exemption: "Panda" is an
    # alternate name of Pandi, and "Ankit Panda" a person.
    if not kb & PRIMARY and kb & GIVEN:
        return False  # "Levi", "James": given names that are only a town's alternate name
    if a == b and bits[a] & CAMEL and not any(c.tokens[a][2] in c.names_col[e] for e in ids):
        return False  # "MoD", "iPhone": written unlike any of the places so named
    big = kb & BIG
    if a == b and not big and kb & NOT_PLACE:
        return False  # "in Congress", "the Police": an institution, not the village of that name
    if _a_persons_name(c, a, b, key, kb, big, title_before):
        return False
    text = c.text
    initial = _sentence_initial(text, c.tokens[a][0])
    # A dictionary word ("Sake", "Reading") is a town where a locative says so, and, capitalised
    # mid-sentence, wherever else the text has placed it so ("in Sake ... controls Mumbambiro and Sake").
    if kb & COMMON and not locative and (initial or (not big and not _placed_elsewhere(c, a, b, key))):
        return False
    # "Since", "Following": capitalised only by position.
    return not (
        initial
        and not locative
        and b == a
        and len(ids) > 1
        and not text.startswith(", ", c.tokens[b][1])
        and f" {c.tokens[a][2].lower()} " in text
    )


def _placed_elsewhere(c: _Context, a: int, b: int, key: str) -> bool:
    """Whether the match of tokens ``a``-``b`` stands as a place the text has placed alone
    elsewhere (``c.strictly_placed``): not joined to a capitalised word ("Air Zimbabwe") and not
    a speaker ("said Noma", "Noma said")."""
    text, start, end = c.text, c.tokens[a][0], c.tokens[b][1]
    return (key in c.strictly_placed and not (b + 1 < c.n and c.join[b] and c.bits[b + 1] & CAP)
            and not _REPORTING_AFTER_RE.match(text, end)
            and not _BEFORE_PERSON_RE.search(text, max(0, start - 20), start))


#: Words of small divisions named after their seats, capitalised after the seat's name: no one's
#: surname (the division the gazetteer lacks is placed at its seat, as "Buthidaung township" is;
#: a province may share its name with a town elsewhere, "Nyanza Province" with Rwanda's Nyanza).
_SEAT_DIVISIONS = frozenset({"township", "district", "municipality", "raion", "rayon"})


def _a_persons_name(c: _Context, a: int, b: int, key: str, kb: int, big: int, title_before: bool) -> bool:
    """Whether a town's name (tokens ``a``-``b``, ``kb`` its key's bits, ``big`` its BIG bit) is
    part of a person's name here; a name seen so in full joins ``c.people``."""
    tokens, bits, join, used, person_tok = c.tokens, c.bits, c.join, c.used, c.person_tok
    # An unmatched capitalised token joined to the match makes it part of a
    # longer name: "Travis King", "Kim Jong Un", "Carnegie Mellon".
    left_name = (a > 0 and join[a - 1] and not used[a - 1]
                 and bits[a - 1] & (CAP | NAMELIKE) == CAP | NAMELIKE)
    right_name = (b + 1 < c.n and join[b] and bits[b + 1] & CAP and not used[b + 1]
                  and bits[b + 1] & NAMELIKE and not bits[b + 1] & MODIFIED
                  # "Buthidaung Township", "Gori Municipality": a division named after its seat
                  and tokens[b + 1][3] not in _SEAT_DIVISIONS)
    surname_after = right_name and tokens[b + 1][3] in c.people
    # Each mention is judged on its own context: a name rejected inside one longer name ("X Fire
    # Department") stays a candidate elsewhere, and only full names seen in the text ("Jane Lowell")
    # make a lone surname a person everywhere.
    if not big and (
        key in c.people or title_before or person_tok[a] or surname_after or left_name or right_name
        # "Lowell said" is the analyst Lowell (a surname); "Montepuez warned" is the town's people
        # speaking (a place name and no one's name): a speaker is a person only when named like one.
        or (_REPORTING_AFTER_RE.match(c.text, tokens[b][1])
            and (kb & (SURNAME | GIVEN) or key not in c.placed_keys))
    ):
        if left_name or title_before or (right_name and kb & (GIVEN | SURNAME)):
            # "Aidan Gillen", "Sen. Gillen", "Kim Jong Un": the name is a person's, here and where it
            # stands alone ("a letter to Kim").
            c.people.add(key)
        return True
    return bool(title_before or (person_tok[a] and (left_name or surname_after)))


def _speakers(text: str, tokens: list[Tok], bits: list[int], placed_keys: set[str]) -> set[str]:
    """The keys of single capitalised words before a reporting verb: "Lukin said", "Schmerler
    added"; not "New York said", nor a name the text places ("in Montepuez")."""
    surnames: set[str] = set()
    ends = None
    for m in _SPEECH_RE.finditer(text):
        if ends is None:
            ends = {t[1]: k for k, t in enumerate(tokens)}
        k = ends.get(m.start())
        if k is None or bits[k] & (LONG | CAP) != LONG | CAP:
            continue
        prev = tokens[k - 1] if k else None
        if prev and prev[1] == tokens[k][0] - 1 and text[prev[1]] == " " and bits[k - 1] & CAP:
            continue
        if tokens[k][3] not in placed_keys:
            surnames.add(tokens[k][3])
    return surnames


def _full_names(text: str, tokens: list[Tok], bits: list[int], join: list[bool], gaz: Gazetteer,
                surnames: set[str], named: set[str], flags: list[bool], inside: list[int]) -> None:
    """Capitalised runs that open with a given name ("Charlie Chen", "Mike de Kock"): their
    surnames join ``surnames`` (and ``named`` when the run is a person's beyond doubt), their
    tokens are flagged in ``flags`` and listed in ``inside``."""
    n = len(tokens)
    last = -1
    for i in [k for k, b in enumerate(bits) if b & OPENER]:
        if i <= last:
            continue  # inside the run before
        j = i
        while j + 1 < n and join[j] and bits[j + 1] & CAP:
            j += 1
        # "Mike de Kock": a lower-case particle between given name and surname
        # (not a token: it stands in the gap between the two).
        if (
            j == i
            and i + 1 < n
            and bits[i + 1] & CAP
            and text[tokens[i][1] : tokens[i + 1][0]].strip() in NAME_PARTICLES
        ):
            j = i + 1
        # "Floyd County", "Victoria Station": a run that ends in a place or site word is no one's
        # name; nor is one the gazetteer holds whole ("Beverly Hills"), unless it stands as a person.
        if (j > i and " ".join(tokens[k][3] for k in range(i, j + 1)) in gaz.names
                and not _person_cue(text, tokens[i][0], tokens[j][1])
                and not _REPORTING_AFTER_RE.match(text, tokens[j][1])):
            last = j
            continue
        if j == i + 1 and tokens[i][3] in ("al", "el") and arabic_article_place(gaz, tokens[j][3]):
            last = j  # "Al Fashir": a town with its article, not a man called Al
            continue
        if j > i and bits[j] & (CAP | UPPER | SUFFIX) == CAP:
            surnames.add(tokens[j][3])
            # A run a place name opens ("Chad Jordan" aside) is a person's only with a cue.
            if not bits[i] & NAME or _person_cue(text, tokens[i][0], tokens[j][1]):
                named.add(tokens[j][3])
            for k in range(i, j + 1):
                flags[k] = True
                inside.append(k)
        last = j


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
    text: str, tokens: list[Tok], bits: list[int], gaps: list[str | None], used: list[bool],
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
    strong: set[str] = set()  # lone unknown words a strong cue makes places (see _again)
    n = len(tokens)
    i = 0
    while i < n:
        first = bits[i]
        if not first & CAP:
            i += 1
            continue
        j = i
        while j + 1 < n:
            g = gaps[j]
            if g is None or not (g == "" or g == "of" or g in PARTICLES) or not (
                    bits[j + 1] & CAP or text[tokens[j][1]] == "-"):
                break
            j += 1
        if i < j and not used[i] and (tokens[i][3] == "the" or (
                tokens[i][3] in FUNCTION_WORDS and _sentence_initial(text, tokens[i][0]))):
            # A sentence's first word ("The Ilsky oil refinery", "In Masisi territory") is no
            # part of the name; the name keeps it as the word before it.
            i += 1
            first = bits[i]
        if j == i:
            # A single word is place-like only when the rules know it for nothing else, or when a
            # place noun stands before it ("the village of Mika") ... nor the surname of someone
            # the text names in full ("Dave Schmerler ... Schmerler added").
            if used[i] or ((not first & UNKNOWN or tokens[i][3] in people)
                           and not _after_place_noun(text, tokens[i][0])):
                i += 1
                continue
            unknown = True
        elif any(used[i : _particle(tokens, i, j)]):
            i = j + 1
            continue
        else:
            unknown = False
        end = tokens[j][1]
        # ... or a place noun before it: "the village of Thar Dar", "the city of Sheikh Zuwayed".
        worded = j > i and (bits[j] & SUFFIX or first & PREFIX_WORD or _after_place_noun(text, tokens[i][0]))
        if (worded and tokens[j][3] in _COMMON_ZONES
                and all(tokens[k][3] in gaz.dictionary for k in range(i, j))):
            worded = False  # "The Hot Zone", "the Green Zone": a zone of words, no division's name
        # A place word after the run, in lower case ("Mucojo district", "Hmeimim air base"):
        # looked for only where it decides.
        suffixed = None
        if not (worded or unknown):
            # ... or a distance and a bearing from another place: "Nguro Soye, 10km south-east of Bama"
            suffixed = _suffixed(text, end) or bool(RELATION_AFTER_RE.match(text, end))
            if not suffixed:
                i = j + 1
                continue
        if _place_like(text, tokens, bits, i, j, worded, unknown, suffixed, kept):
            start, end = tokens[i][0], tokens[j][1]
            key = " ".join(
                f"{gaps[k - 1]} {tokens[k][3]}" if k > i and gaps[k - 1] else tokens[k][3]
                for k in range(i, j + 1)
            )
            if key in gaz.names and _after_place_noun(text, start):
                # "the town of Tera": the gazetteer's Tera, which a word alone would not be
                out.append(_mention((start, end, text[start:end], key, "place", tuple(gaz.names[key]), True)))
            elif key not in gaz.non_places:
                out.append(_mention((start, end, text[start:end], key, "unresolved", (), False)))
                if unknown and _strong_cue(text, start, end):
                    strong.add(key)
        i = j + 1
    return out + _again(text, tokens, bits, gaps, used, out, strong) if strong else out


#: Place words that also end names made of common words ("Exclusion Zone", "Free State").
_COMMON_ZONES = frozenset({"zone"})


def _particle(tokens: list[Tok], i: int, j: int) -> int:
    """The first article or particle inside the run ``i``-``j`` ("Deir Al-Balah"), else the end
    of the run: what follows it may have been read alone ("Al-Balah", a village elsewhere) and
    set aside; the name opening before it is still the run's."""
    for k in range(i + 1, j + 1):
        if tokens[k][3] in PARTICLES:
            return k
    return j + 1


def _strong_cue(text: str, start: int, end: int) -> bool:
    """Whether the words around a lone unknown word say it is a place whatever else it might be:
    a bearing ("south of X"), a place noun ("the town of X"), an apposition ("X, the village
    where") or a site's word ("X oil refinery"); a locative or a list may also stand before a
    person's or a firm's name ("in Rozen's case", "voted for Modi")."""
    return bool(_BEARING_OF_RE.search(text, max(0, start - 20), start) or _after_place_noun(text, start)
                or _APPOSITION_RE.match(text, end) or _suffixed(text, end))


def _again(text: str, tokens: list[Tok], bits: list[int], gaps: list[str | None], used: list[bool],
           found: list[Mention], keys: set[str]) -> list[Mention]:
    """The other places where a lone unknown word a strong cue made a place (``keys``) stands too:
    a word read as a place where its cue stands ("southwest of Hodeidah") is that place in the
    headline that names it without one ("near Yemen's Hodeidah")."""
    taken = {m.start for m in found}
    out = []
    for k, tok in enumerate(tokens):
        if (tok[3] in keys and tok[0] not in taken and not used[k] and bits[k] & UNKNOWN
                and (k == 0 or gaps[k - 1] is None) and gaps[k] is None):
            out.append(_mention((tok[0], tok[1], text[tok[0]:tok[1]], tok[3], "unresolved", (), False)))
    return out


def _place_like(text: str, tokens: list[Tok], bits: list[int], i: int, j: int, worded: int | bool,
                unknown: bool, suffixed: bool | None, kept: list[bool]) -> bool:
    """Whether a capitalised run (tokens ``i``-``j``) that the gazetteer lacks names a place.

    Parameters
    ----------
    text : str
        The text.
    tokens, bits : list
        Its tokens and their bits.
    i, j : int
        The run's first and last token.
    worded : int or bool
        The run ends in a place word or opens with one ("Hoechang County", "Mount Paektu").
    unknown : bool
        The run is one word that the rules know for nothing else.
    suffixed : bool or None
        Whether a lower-case place word follows ("Mucojo district"); None when not yet looked for.
    kept : list of bool
        The tokens of the places kept; an unknown word taken for a place joins them (its list
        neighbours may join it).

    Returns
    -------
    bool
    """
    initial = _sentence_initial(text, tokens[i][0])
    place_like = worded and not (initial and j == i + 1 and bits[i] & SUFFIX)
    if not place_like and not initial:  # j > i, or the word is unknown
        place_like = _suffixed(text, tokens[j][1]) if suffixed is None else suffixed
    if not place_like and initial and j > i:
        # "Nguro Soye, 10km south-east of Bama, was ...": a distance from a place says what a
        # sentence's first words name.
        place_like = bool(RELATION_AFTER_RE.match(text, tokens[j][1]))
    if not place_like and unknown:
        # "Ilsky, the settlement where ...", "Zorbatuwa, 20 miles north of Maiduguri": the
        # apposition or the distance says what it is, even at a sentence's start.
        after = tokens[i][1]
        place_like = bool(_APPOSITION_RE.match(text, after) or RELATION_AFTER_RE.match(text, after))
    if not place_like and unknown and not initial:
        # "in Rozen's case": a locative before an unknown owner is no sign of a place, unless
        # what it owns is a part of a place ("in Mucojo's market").
        place_like = ((_word_before(text, tokens[i][0]) in STRICT_LOCATIVES
                       and (not text.startswith(("'s", "’s"), tokens[i][1])
                            or bool(_PLACE_PART_OWNED_RE.match(text, tokens[i][1]))))
                      or _after_place_noun(text, tokens[i][0])
                      or _in_place_list(text, tokens, i, kept)
                      or bool(_BEARING_OF_RE.search(text, max(0, tokens[i][0] - 20), tokens[i][0])))
        if place_like:
            kept[i] = True  # its list neighbours may join it
    return bool(place_like)


#: An apposition that says a name is a settlement: "Ilsky, the settlement where", "Gidan Kaka, a
#: village in".
_APPOSITION_RE = re.compile(
    r",\s+(?:a|an|the)\s+(?:(?:small|nearby|remote|neighbouring|neighboring|coastal|border|frontline|"
    r"front-line|rural|mountain|farming|fishing|mining|industrial|port)\s+)?"
    r"(?:town|village|city|settlement|hamlet|district|port|island|commune|municipality)"
    # ... the noun itself, not a modifier ("Prin, a city partnerships manager")
    r"(?=[,.;:)]|\s+(?:where|in|of|on|near|north|south|east|west|just|about|some|located|that|which|"
    r"whose|with|along|at|by|close|outside)\b)")
_ACCORDING_RE = re.compile(r"\baccording to\s+$", re.IGNORECASE)
#: A bearing before a name: "61 nautical miles southwest of Hodeidah", "north of Mucojo".
_BEARING_OF_RE = re.compile(r"\b(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of\s+$",
                            re.IGNORECASE)


#: A place's part after a possessive ("Mucojo's market", "Sake's outskirts").
_PLACE_PART_OWNED_RE = re.compile(
    r"[’']s (?:(?:north|south|east|west)(?:ern|-?east|-?west)*|central|outskirts|centre|center|market|"
    r"port|airport|harbou?r|suburbs?|districts?|streets?|old town|main road|hospital|site|facility|plant|"
    r"fields?|base|camp|border|coast)\b")
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
#: Lower-case words after a name that make it the name of a site or a natural feature (an
#: airfield, a base, a river, an island, a camp, a plant), longest first.
#: What may stand between a site's name and its word: a possessive or a number ("Pskov's
#: airport", "Engels-2 military airfield").
_DESIGNATOR_RE = re.compile(r"[’']s(?= )|-\d{1,3}(?= )")
#: Words for an airfield, each of which finds the others' entries ("Engels military airfield"
#: is the Engels air base; "Pskov airfield" the Pskov airport).
_AIR_WORDS = ("air base", "airbase", "airfield", "military airfield", "air station", "airport")
_FACILITY_AFTER_RE = re.compile(
    r"(?:[’']s|-\d{1,3})? (air base|airbase|air field|airfield|airport|air station|naval base|"
    r"military airfield|"
    r"nuclear power plant|nuclear power station|nuclear plant|power plant|power station|npp|"
    r"border crossing|crossing|refugee camp|camps?|settlement|river|lake|reservoir|islands?|reef|"
    r"shoal|atoll|port|oil terminal|terminal|harbou?r|bridge|oil refinery|refinery|oil depot|fuel depot|"
    r"mountains|mountain range|dam|shipyards?|launch site|cosmodrome|spaceport|test site|test range|"
    r"oil field|gas field|oilfield|gasfield|prison)\b")


def _suffixed(text: str, end: int) -> bool:
    """Whether a lower-case place word follows ``end`` ("Mucojo district", "Hmeimim air base")."""
    return bool(text.startswith(" ", end) and text[end + 1 : end + 2].islower()
                and (_word_after(text, end) in PLACE_SUFFIXES
                     or _FACILITY_AFTER_RE.match(text, end)))


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
    # The pattern ends in "of" and white space: most words stand after something else.
    head = text[max(0, start - 24) : start]
    tail = head.rstrip()
    if len(tail) == len(head) or tail[-2:].lower() != "of":
        return False
    return bool(_PLACE_NOUN_RE.search(text, max(0, start - 24), start))


def _in_place_list(text: str, tokens: list[Tok], i: int, kept: list[bool]) -> bool:
    """True when token ``i`` stands in a comma or "and" list next to a place kept already."""
    def sep(a: int, b: int) -> bool:
        return text[tokens[a][1]:tokens[b][0]] in (", ", " and ", ", and ", " or ")

    left = i > 0 and kept[i - 1] and sep(i - 1, i)
    right = i + 1 < len(tokens) and kept[i + 1] and sep(i, i + 1)
    return left or right


#: A feature word right after a name, in either case ("Manus Island", "the Danube river").
_CUE_AFTER_RE = re.compile(r" (" + "|".join(sorted(FEATURE_CUES, key=len, reverse=True)) + r")\b",
                           re.IGNORECASE)
#: A feature word right before a name ("Lake Chad", "River Danube", "Mount Hermon").
_CUE_BEFORE_RE = re.compile(r"\b(" + "|".join(FEATURE_PREFIX_CUES) + r") $", re.IGNORECASE)
#: What a town-named site may also be: its town.
_TOWNS = frozenset({"city", "capital", "admin2"})


#: A facility's word after a name, in any case ("Yalong Naval Base", "Volga airport").
_BUILT_AFTER_RE = re.compile(
    r" (air base|airbase|naval base|naval station|air station|airport|airfield|base|port|"
    r"station|plant|camp|barracks|shipyard)\b", re.IGNORECASE)
#: Features no facility stands for: a base named after a river is not the river.
_NATURE = REGION_FEATURES | WATER_FEATURES


def _not_nature(text: str, m: Mention, gaz: Gazetteer) -> Mention:
    """``m``, or, when a facility's word follows a name whose every candidate is a natural
    feature ("Yalong Naval Base" and the Yalong River), the facility unresolved: the gazetteer
    does not hold it, and the river is no answer."""
    built = _BUILT_AFTER_RE.match(text, m.end, m.end + 20)
    if built is None or not m.candidates or any(gaz.feature[e] not in _NATURE for e in m.candidates):
        return m
    span = text[m.start:built.end()]
    return m._replace(end=built.end(), text=span, key=name_key(span), kind="unresolved", candidates=())


def _with_feature_words(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """Each mention with the feature word beside it in its span, its candidates restricted to
    what the word allows ("Manus Island": islands and the province, never a town named Manus;
    "al-Hol camp": camps, and a town Hol only for the document's geography to weigh). A name
    left with no candidate is unresolved: the gazetteer has no such feature, and a same-named
    town is no answer."""
    out = []
    for i, m in enumerate(mentions):
        after = (_CUE_AFTER_RE.match(text, m.end, m.end + 24)
                 or _FACILITY_AFTER_RE.match(text, m.end, m.end + 24))
        before = _CUE_BEFORE_RE.search(text, max(0, m.start - 8), m.start) if m.start else None
        if m.kind == "demonym":
            out.append(m)
            continue
        if after is None and before is None:
            shared = _shared_cue(text, mentions, i)
            out.append(_with_shared_cue(m, shared, gaz) if shared else _not_nature(text, m, gaz))
            continue
        cue = (after or before).group(1).lower()  # type: ignore[union-attr]
        start = before.start() if before else m.start
        end = after.end() if after else m.end
        if m.key.endswith(" " + cue) or m.key.startswith(cue + " "):  # the key has the word: a site
            out.append(m._replace(start=start, end=end, text=text[start:end]))
            continue
        allowed = (FEATURE_CUES.get(cue) if after else FEATURE_PREFIX_CUES.get(cue)) or frozenset()
        if cue in TOWN_NAMED_CUES:
            allowed = allowed | _TOWNS
        kept = tuple(e for e in m.candidates if gaz.feature[e] in allowed)
        span = text[start:end]
        # An airfield's word the gazetteer did not join keeps the town's reading; no lake or
        # river is an air base ("al-Assad airbase").
        natural = bool(m.candidates) and all(gaz.feature[e] in _NATURE for e in m.candidates)
        town_kept = not allowed and not natural
        if kept or town_kept:
            out.append(m._replace(start=start, end=end, text=span, candidates=kept or m.candidates))
        else:
            out.append(m._replace(start=start, end=end, text=span, key=name_key(span), kind="unresolved",
                                  candidates=()))
    return out


#: An air base named after its word, as air forces name them: "PAF Base Mushaf", "Air Force
#: Station Adampur", "Air Base Rafiqui" (the gazetteer holds "Mushaf Air Base").
_BASE_FIRST_RE = re.compile(
    r"\b(?:[A-Z]{2,6} Base|Air Force Station|Air Force Base|Air Base|Air Station) "
    r"(?P<name>[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?)")
_BASE_FORMS = ("{} air base", "{} airbase", "{} air force station", "{} air force base", "{} air station",
               "{} airfield")


def _with_bases_named_after_their_word(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """``mentions`` with each air base named after its word ("PAF Base Mushaf") read as the base
    the gazetteer holds under its name first ("Mushaf Air Base"), replacing what was read inside
    it; a name the gazetteer holds under no such form changes nothing."""
    found = []
    for m in _BASE_FIRST_RE.finditer(text):
        name = m["name"]
        for words in (name, name.split(" ")[0]):  # "Base Mushaf Sargodha": the first word alone too
            key = next((k for k in (f.format(name_key(words)) for f in _BASE_FORMS) if k in gaz.names), None)
            if key:
                end = m.start("name") + len(words)
                found.append(_mention((m.start(), end, text[m.start():end], key, "place",
                                       tuple(gaz.names[key]), False)))
                break
    if not found:
        return mentions
    kept = [x for x in mentions if not any(f.start < x.end and x.start < f.end for f in found)]
    return sorted(kept + found, key=lambda x: x.start)


#: A plural feature word after the last of a list of names, which each of them takes ("Kota and
#: Panata Islands", "the Tigris and Euphrates rivers").
_PLURAL_CUE_RE = re.compile(
    r" (islands|rivers|lakes|reefs|shoals|atolls|seas|straits|refugee camps|camps|border crossings|"
    r"crossings)\b", re.IGNORECASE)
_LIST_GAPS = frozenset({" and ", ", ", ", and ", " or "})


def _shared_cue(text: str, mentions: list[Mention], i: int) -> str:
    """The singular feature word that mention ``i`` shares with the names listed with it, when
    the last of them has its plural ("Kota" in "Kota and Panata Islands" is an island; so are
    both of "the Tigris and Euphrates rivers"), or ""."""
    first = last = i
    while first > 0 and text[mentions[first - 1].end:mentions[first].start] in _LIST_GAPS:
        first -= 1
    while last + 1 < len(mentions) and text[mentions[last].end:mentions[last + 1].start] in _LIST_GAPS:
        last += 1
    if first == last:
        return ""
    end = mentions[last]
    plural = _PLURAL_CUE_RE.match(text, end.end, end.end + 20) or _PLURAL_CUE_RE.search(end.text)
    if plural is None or (plural.string is end.text and plural.end() != len(end.text)):
        return ""
    return plural.group(1).lower()[:-1]


def _with_shared_cue(m: Mention, cue: str, gaz: Gazetteer) -> Mention:
    """``m`` read with a feature word it shares with a list: the entries held under its name with
    the word ("kota island"), else its candidates the word allows; none, and it is unresolved."""
    held = gaz.names.get(f"{m.key} {cue}")
    if held:
        return m._replace(candidates=tuple(held))
    allowed = FEATURE_CUES.get(cue, frozenset())
    if cue in TOWN_NAMED_CUES:
        allowed = allowed | _TOWNS
    kept = tuple(e for e in m.candidates if gaz.feature[e] in allowed)
    return m._replace(candidates=kept) if kept else m._replace(kind="unresolved", candidates=())


#: An acronym defined in parentheses right after a name: "Central African Republic (CAR)".
_DEFINED_RE = re.compile(r" \(([A-Z]{2,6})\)")


def _initials_of(acronym: str, name: str) -> bool:
    """Whether ``acronym`` is made of the initials of ``name``'s words, in order, from the first
    ("CAR" of "Central African Republic"; not "AP" of "Poland")."""
    initials = "".join(w[0] for w in re.findall(r"\w+", name)).upper()
    if not initials or initials[0] != acronym[0]:
        return False
    it = iter(initials)
    return all(ch in it for ch in acronym)


def _with_defined_acronyms(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with every later use of an acronym the text defines after a place's name
    ("Central African Republic (CAR)", "Zaporizhzhia Nuclear Power Plant (ZNPP)") read as
    that place, in text order."""
    defined: dict[str, Mention] = {}
    for m in mentions:
        d = _DEFINED_RE.match(text, m.end)
        if d and m.kind != "demonym" and _initials_of(d.group(1), m.text):
            defined.setdefault(d.group(1), m)
    if not defined:
        return mentions
    taken = [(m.start, m.end) for m in mentions]
    extra = []
    for acronym, m in defined.items():
        for a in re.finditer(rf"(?<!\w){acronym}(?!\w)", text):
            if a.start() > m.end and not any(s < a.end() and a.start() < e for s, e in taken):
                extra.append(m._replace(start=a.start(), end=a.end(), text=acronym))
    return sorted(mentions + extra, key=lambda x: x.start) if extra else mentions


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            if (m.end - m.start) > (out[-1].end - out[-1].start):
                out[-1] = m
            continue
        out.append(m)
    return out
