"""Text primitives shared by the gazetteer and the extractor.

Names in the gazetteer and words in an article are cut into tokens by the same
rule and normalised by the same function, so that a lookup key built from a
gazetteer name equals the key built from the same words in a text, whatever
their accents, apostrophes, hyphens or dots.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

#: Invisible format characters (soft hyphen, zero-width space and joiners, bidi
#: controls, BOM): text copied from the web carries them inside words, where they
#: are ignored, so "Mos\u200dcow" is Moscow.
INVISIBLE = "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
#: A word character, or an invisible one inside a word.
WORD = rf"[\w{INVISIBLE}]"
# A token is a run of word characters, possibly with inner apostrophes
# ("P'yongyang", "d'Ivoire"). Hyphens and dots separate tokens so that
# "Korea-Russia" and "U.S." can be looked up part by part.
TOKEN_RE = re.compile(rf"\w{WORD}*(?:['’]{WORD}+)*")
_POSSESSIVE_RE = re.compile(r"['’]s$", re.IGNORECASE)
#: A sentence's end: ``[.!?…]+["'”’)\]]*\s+|\n\s*``, written to open with one character class
#: (the lookbehinds tell the two forms apart), which the regex engine searches for in C.
_SENTENCE_END_RE = re.compile(r"[.!?…\n](?:(?<=[.!?…])[.!?…]*[\"'”’)\]]*\s+|(?<=\n)\s*)")
#: A letter of the scripts the native readers read (:mod:`osint.places.native`): Hangul, Han,
#: Cyrillic.
NATIVE_LETTER_RE = re.compile(r"[\uac00-\ud7af\u4e00-\u9fff\u0400-\u052f]")


def has_native_letters(text: str) -> bool:
    """Whether ``text`` holds a letter the native readers read (:data:`NATIVE_LETTER_RE`)."""
    return not text.isascii() and NATIVE_LETTER_RE.search(text) is not None


APOSTROPHES = "'’ʼ‘`´"


class Token(NamedTuple):
    """One token of a text: its span (code points, end exclusive) and form.

    ``key`` is the folded form (see :func:`fold`) of a capitalised word; a
    lower-case word is its own key, which saves folding every "the".
    """

    start: int
    end: int
    text: str
    key: str


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Return the lookup form of one word: accents stripped, case folded.

    Apostrophes are removed so that "P'yŏngyang" and "Pyongyang" meet.
    """
    if word.isascii():
        out = word
    else:
        out = _INVISIBLE_RE.sub("", word)
        out = "".join(c for c in unicodedata.normalize("NFKD", out) if not unicodedata.combining(c))
    for a in APOSTROPHES:
        if a in out:
            out = out.replace(a, "")
    return out.casefold()


def tokenize(text: str) -> list[Token]:
    """Cut ``text`` into tokens, dropping the possessive ``'s`` from their span.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    list of Token
        Tokens in order; ``Russia’s`` yields ``Russia`` spanning six characters.
    """
    tokens = []
    append = tokens.append
    for m in TOKEN_RE.finditer(text):
        word = m.group()
        start, end = m.span()
        if ("'" in word or "’" in word) and len(word) > 2:
            p = _POSSESSIVE_RE.search(word)
            if p:
                word = word[: p.start()]
                end = start + len(word)
        append(Token(start, end, word, fold(word) if word[0].isupper() or not word.isascii() else word))
    return tokens


def name_key(name: str) -> str:
    """Return the lookup key of a place name: its folded tokens joined by spaces.

    Examples
    --------
    >>> name_key("Kim Il-sung Square")
    'kim il sung square'
    >>> name_key("U.S.")
    'u s'
    """
    return " ".join(fold(m.group()) for m in TOKEN_RE.finditer(name))


def is_capitalized(word: str) -> bool:
    """True when a word starts with an upper-case letter (or is all capitals)."""
    return bool(word) and word[0].isupper()


def is_acronym(word: str) -> bool:
    """True for an all-capitals word of two or more letters ("DPRK", "US")."""
    return len(word) >= 2 and word.isupper() and word.isalpha()


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a text with its span."""

    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with spans.

    A sentence ends at ``.``, ``!``, ``?`` or an ellipsis followed by white space,
    and at every line break: news copy puts headings and paragraphs on lines of
    their own. Abbreviations such as "Mr." or "U.S." may split early; the spans
    stay exact either way.
    """
    out: list[Sentence] = []
    pos = 0
    for m in _SENTENCE_END_RE.finditer(text):
        end = m.end()
        chunk = text[pos:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            s = pos + lead
            out.append(Sentence(s, s + len(stripped), stripped))
        pos = end
    chunk = text[pos:]
    if chunk.strip():
        lead = len(chunk) - len(chunk.lstrip())
        s = pos + lead
        stripped = chunk.strip()
        out.append(Sentence(s, s + len(stripped), stripped))
    return out


class SentenceAt:
    """The sentence of :func:`sentences` that holds a position of ``text``, each split only when
    asked for: a text's places lie in a few of its sentences, and most of its length is in others.

    ``at(pos)`` is the last sentence starting at or before ``pos`` (as a bisection of the starts
    of :func:`sentences` finds it), or None.
    """

    __slots__ = ("bounds", "memo", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        # Where each piece between two sentence ends starts, then the text's end: sentences()
        # strips each piece and drops those left empty.
        self.bounds = [0, *[m.end() for m in _SENTENCE_END_RE.finditer(text)], len(text)]
        self.memo: dict[int, Sentence | None] = {}

    def _piece(self, j: int) -> Sentence | None:
        if j in self.memo:
            return self.memo[j]
        pos = self.bounds[j]
        chunk = self.text[pos:self.bounds[j + 1]]
        stripped = chunk.strip()
        s = None
        if stripped:
            start = pos + len(chunk) - len(chunk.lstrip())
            s = Sentence(start, start + len(stripped), stripped)
        self.memo[j] = s
        return s

    def at(self, pos: int) -> Sentence | None:
        j = min(bisect.bisect_right(self.bounds, pos), len(self.bounds) - 1) - 1
        # The piece holding ``pos``, or before it when ``pos`` is in the white space that opens
        # it: every later sentence starts after ``pos``.
        while j >= 0:
            s = self._piece(j)
            if s is not None and s.start <= pos:
                return s
            j -= 1
        return None


#: Short words a headline in title case capitalises that prose writes in lower case: inside
#: such a line they are read in lower case ("... Oil Terminal In Hodeidah": "in Hodeidah").
HEADLINE_FUNCTION_WORDS = frozenset({
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "near", "of", "off", "on", "or", "over",
    "the", "to", "with", "amid", "after"})
_HEADLINE_WORD = re.compile(r"\b[A-Z][a-z]+\b")
_LINE_WORD = re.compile(r"[A-Za-z][\w’'-]*")


def _title_case_line(line: str) -> bool:
    """A headline in title case: four or more words of four letters or more, nearly all
    capitalised, and no full stop at its end."""
    line = line.rstrip()
    if not 20 <= len(line) <= 200 or line.endswith((".", ",", ";", ":")):
        return False  # most lines: a paragraph, which ends with a full stop
    long = [w for w in _LINE_WORD.findall(line) if len(w) >= 4]
    return len(long) >= 4 and sum(w[0].isupper() for w in long) >= 0.85 * len(long)


def lowered_headlines(text: str) -> str:
    r"""``text`` with the function words of its title-case lines in lower case (same length, so
    every span still indexes the text); ``text`` itself when it has no such line.

    >>> lowered_headlines("Houthis Accuse US Of Targeting Oil Terminal In Hodeidah\nThey said so.")
    'Houthis Accuse US of Targeting Oil Terminal in Hodeidah\nThey said so.'
    """
    out, changed = [], False
    for line in text.split("\n"):
        if _title_case_line(line):
            first = _LINE_WORD.search(line)
            lowered = functools.partial(_lowered, first_at=first.start() if first else -1)
            new = _HEADLINE_WORD.sub(lowered, line)
            changed |= new != line
            line = new
        out.append(line)
    return "\n".join(out) if changed else text


def _lowered(m: re.Match[str], first_at: int) -> str:
    w = m.group()
    return w.lower() if m.start() != first_at and w.lower() in HEADLINE_FUNCTION_WORDS else w


#: Countries whose place names open with the Arabic article, which the press drops or writes
#: otherwise ("El Fasher", "el-Fasher", "Fasher"); elsewhere "El Paso" keeps its article.
ARABIC_ARTICLE_COUNTRIES = frozenset({
    "AE", "BH", "DJ", "DZ", "EG", "EH", "IL", "IQ", "JO", "KM", "KW", "LB", "LY", "MA", "MR", "OM", "PS",
    "QA", "SA", "SD", "SO", "SS", "SY", "TD", "TN", "YE"})


def arabic_article_place(gazetteer: Any, key: str) -> bool:
    """True when ``key`` names a place in a country whose names carry the Arabic article: "Al
    Fashir" is the town with its article, not a man called Al (``gazetteer`` is a
    :class:`osint.gazetteer.Gazetteer`)."""
    return any(gazetteer.country_code[e] in ARABIC_ARTICLE_COUNTRIES for e in gazetteer.names.get(key, ()))


#: An Arabic article opening a name ("Al Anbar", "Ad Daqahliyah", "El Fasher"), before at least
#: four letters.
_OPENING_ARTICLE_RE = re.compile(r"^(?:al|el|an|ar|as|ash|ad|az|at|ath)[\s-]+(?=\w{4})", re.IGNORECASE)


def without_article(name: str) -> str:
    """``name`` without the Arabic article it opens with, as the press often writes it.

    >>> without_article("Ar Raqqah"), without_article("El Fasher"), without_article("Al Ain")
    ('Raqqah', 'Fasher', 'Al Ain')
    """
    return _OPENING_ARTICLE_RE.sub("", name)


_ARTICLE_VOWEL_RE = re.compile(r"\b([AaEe])(l|d|r|s|sh|t|z|n)(?=[-‑ ]\w)")
_ARTICLE_VOWEL_SWAP = {"a": "e", "e": "a", "A": "E", "E": "A"}


def article_respelled(name: str) -> str:
    """``name`` with the vowel of each Arabic article swapped (al/el, ad/ed, ar/er, ...), as
    transliterations trade them ("Deir el-Balah" and "Deir al-Balah").

    >>> article_respelled("Deir el-Balah"), article_respelled("Al Ain")
    ('Deir al-Balah', 'El Ain')
    """
    return _ARTICLE_VOWEL_RE.sub(lambda m: _ARTICLE_VOWEL_SWAP[m.group(1)] + m.group(2), name)


#: Of :func:`skeleton`: the Arabic article and its assimilated forms at the start of a word.
_ARTICLE_RE = re.compile(r"\b(?:al|el|ad|ar|as|ash|at|az|an|ed|er|es|et|ez|en)[-‑ ](?=\w)", re.IGNORECASE)
_DIGRAPHS = (("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("gh", "g"), ("ph", "f"), ("sch", "sh"),
             ("tch", "ch"), ("ck", "k"), ("q", "k"), ("c", "k"), ("x", "ks"), ("w", "v"))
_NOT_CONSONANT_RE = re.compile(r"[^bdfghjklmnprstvz]")
_DOUBLE_RE = re.compile(r"(.)\1+")


def skeleton(name: str) -> str:
    """The consonant skeleton of a place name (see :mod:`osint.places.spelling`): the Arabic
    article dropped, digraphs made one letter, vowels and doubled letters dropped.

    Examples
    --------
    >>> skeleton("Deir Ezzor") == skeleton("Deir ez-Zor") == skeleton("Dayr az Zor")
    True
    >>> skeleton("Tadjikistan") == skeleton("Tajikistan")
    True
    """
    s = _ARTICLE_RE.sub("", name)
    s = "".join(fold(w) for w in re.findall(r"\w+", s)).lower()
    for a, b in _DIGRAPHS:
        if a in s:
            s = s.replace(a, b)
    return _DOUBLE_RE.sub(r"\1", _NOT_CONSONANT_RE.sub("", s))
