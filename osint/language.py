"""Which language an article is in, and what of it the tool reads.

The script decides first and costs nothing: Hangul is Korean; Cyrillic is Ukrainian when it
holds the letters only Ukrainian has (і, ї, є, ґ), Russian when it holds those only Russian has
(ы, э, ъ, ё), else either; Arabic script, Han, kana, Devanagari, Thai and Hebrew likewise. A
Latin-script text is English when English function words are frequent enough; otherwise
``py3langid`` (BSD-3-Clause, its model inside the wheel) names the language. A sidecar's
``language`` wins when given.

:func:`foreign_stretches` finds the runs of another script inside an article (an English story
quoting "Пхеньян" or "서해위성발사장"), so that what is not read is counted and reported, never
silently dropped.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

#: Languages whose place names the geoparser reads: English, Korean (the gazetteer's Hangul
#: names), and Russian and Ukrainian when pymorphy3 and its dictionaries are installed (the
#: ``languages`` extra; :func:`read_languages`).
READ = frozenset({"en", "ko", "ru", "uk"})
#: The scripts those languages are written in: stretches in them inside an English article are read.
READ_SCRIPTS = frozenset({"Latin", "Hangul", "Cyrillic"})
#: What reading a language needs beyond the package (module names).
NEEDS = {"ru": ("pymorphy3", "pymorphy3_dicts_ru"), "uk": ("pymorphy3", "pymorphy3_dicts_uk")}


@functools.cache
def read_languages() -> frozenset[str]:
    """The languages of :data:`READ` whose needs (:data:`NEEDS`) are installed here."""
    from importlib.util import find_spec

    return frozenset(c for c in READ if all(find_spec(m) is not None for m in NEEDS.get(c, ())))

#: Names of the languages this module names (ISO 639-1 codes).
NAMES = {
    "en": "English", "ko": "Korean", "ru": "Russian", "uk": "Ukrainian", "be": "Belarusian",
    "ar": "Arabic", "fa": "Persian", "ur": "Urdu", "zh": "Chinese", "ja": "Japanese", "hi": "Hindi",
    "th": "Thai", "he": "Hebrew", "fr": "French", "de": "German", "es": "Spanish", "pt": "Portuguese",
    "it": "Italian", "tr": "Turkish", "pl": "Polish", "nl": "Dutch", "id": "Indonesian", "vi": "Vietnamese",
    "und": "undetermined",
}

#: Scripts by code point range (the blocks a news text uses).
_SCRIPTS = (
    ("Hangul", ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF))),
    ("Cyrillic", ((0x0400, 0x052F),)),
    ("Arabic", ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))),
    ("Kana", ((0x3040, 0x30FF), (0x31F0, 0x31FF))),
    ("Han", ((0x4E00, 0x9FFF), (0x3400, 0x4DBF))),
    ("Devanagari", ((0x0900, 0x097F),)),
    ("Thai", ((0x0E00, 0x0E7F),)),
    ("Hebrew", ((0x0590, 0x05FF),)),
    ("Greek", ((0x0370, 0x03FF),)),
)
_ONLY_UK = frozenset("іїєґІЇЄҐ")
_ONLY_RU = frozenset("ыэъёЫЭЪЁ")
#: English words frequent in any news text: their share of a Latin text's words tells English.
_ENGLISH = frozenset({
    "the", "of", "and", "to", "is", "that", "for", "on", "with", "as", "was", "by", "at", "from",
    "it", "he", "said", "his", "are", "be", "has", "have", "an", "were", "which", "its", "their",
    "who", "not", "but", "this", "they", "had", "been", "will", "after", "or", "also", "would",
    "more", "than", "about", "two", "over", "into", "new",
})
#: The share of a Latin text's words that must be English function words (English news: 20-35 %).
ENGLISH_SHARE = 0.15
_WORD = re.compile(r"[^\W\d_]+")


def script_of(ch: str) -> str:
    """The script of one character: ``Latin``, ``Hangul``, ``Cyrillic``, ..., or ``""`` for
    what is no letter of a script (digits, punctuation, spaces)."""
    if not ch.isalpha():
        return ""
    o = ord(ch)
    if o < 0x0250 or 0x1E00 <= o <= 0x1EFF:
        return "Latin"
    for name, ranges in _SCRIPTS:
        if any(a <= o <= b for a, b in ranges):
            return name
    return "Other"


@dataclass(frozen=True, slots=True)
class Language:
    """An article's language, with the evidence.

    Attributes
    ----------
    code : str
        ISO 639-1 (``en``, ``ko``, ``ru``, ``uk``...), or ``und`` when nothing tells.
    script : str
        The script most of its letters are in.
    confidence : float
        0 to 1.
    reason : str
        What decided it ("the sidecar says 'ru'", "Hangul script", ...).
    """

    code: str
    script: str
    confidence: float
    reason: str

    @property
    def name(self) -> str:
        """The language's English name."""
        return NAMES.get(self.code, self.code)

    @property
    def read(self) -> bool:
        """True when the geoparser reads place names in it (here: with what is installed)."""
        return self.code in read_languages()

    def note(self) -> str:
        """One line for a warning and for every output: what is not read, or ''."""
        if self.read:
            return ""
        if self.code in READ:
            return (f"the article is in {self.name} ({self.code}; {self.reason}): osint does not read place "
                    f"names in {self.name} here: install the 'languages' extra (pymorphy3 and its "
                    "dictionaries), so this analysis misses them")
        return (f"the article is in {self.name} ({self.code}; {self.reason}): osint does not read place "
                f"names in {self.name} yet, so this analysis misses them")


def _script_counts(text: str) -> Counter:
    """Letters by script, the scripts in the order of their first letter in ``text`` (the order
    :meth:`Counter.most_common` breaks ties by)."""
    # Counted by character first (in C), then each distinct character's script once: a text of
    # thousands of characters holds a hundred or so distinct ones. Characters come in the order
    # of their first occurrence, so the scripts do too.
    counts: Counter = Counter()
    known = _SCRIPT_MEMO
    if len(known) > 10_000:  # a text of odd characters: the memo stays small
        known.clear()
    for ch, n in Counter(text).items():
        s = known.get(ch)
        if s is None:
            s = known[ch] = script_of(ch)
        if s:
            counts[s] += n
    return counts


#: The script of each character met (:func:`script_of`), as :func:`_script_counts` asks again.
_SCRIPT_MEMO: dict[str, str] = {}


def _cyrillic(text: str) -> tuple[str, str]:
    uk = sum(ch in _ONLY_UK for ch in text)
    ru = sum(ch in _ONLY_RU for ch in text)
    if uk > ru:
        return "uk", f"Cyrillic with Ukrainian letters (і ї є ґ: {uk})"
    if ru > uk:
        return "ru", f"Cyrillic with Russian letters (ы э ъ ё: {ru})"
    return "ru", "Cyrillic script (no letter tells Russian from Ukrainian)"


_BY_SCRIPT = {"Hangul": "ko", "Kana": "ja", "Han": "zh", "Devanagari": "hi", "Thai": "th", "Hebrew": "he",
              "Greek": "el"}


def detect(text: str, *, declared: str | None = None) -> Language:
    """The language of ``text`` (see the module description).

    Parameters
    ----------
    text : str
        The article.
    declared : str, optional
        What the article's sidecar says (``language``): it wins when it is a code.

    Examples
    --------
    >>> detect("Satellite images showed troops in Pyongyang, said an analyst.").code
    'en'
    >>> detect("위성사진에 평양의 병력이 포착됐다").code
    'ko'
    """
    counts = _script_counts(text)
    script = counts.most_common(1)[0][0] if counts else "Latin"
    total = sum(counts.values()) or 1
    share = counts[script] / total if counts else 0.0
    if declared and re.fullmatch(r"[a-z]{2,3}", declared.strip().lower()):
        return Language(declared.strip().lower(), script, 1.0, f"the sidecar says {declared.strip()!r}")
    if not counts:
        return Language("und", "", 0.0, "no letters")
    if script == "Cyrillic":
        code, why = _cyrillic(text)
        return Language(code, script, share, why)
    if script == "Arabic":
        return Language("fa" if any(ch in "پچژگک" for ch in text) else "ar", script, share, "Arabic script")
    if script in _BY_SCRIPT:
        code = "ja" if script == "Han" and counts["Kana"] else _BY_SCRIPT[script]
        return Language(code, script, share, f"{script} script")
    if script != "Latin":
        return Language("und", script, share, f"{script} script")
    # An ASCII text lowered whole splits into the same words (its letters stay letters).
    words = _WORD.findall(text.lower()) if text.isascii() else [w.lower() for w in _WORD.findall(text)]
    english = sum(map(_ENGLISH.__contains__, words)) / max(1, len(words))
    if english >= ENGLISH_SHARE or len(words) < 8:
        return Language("en", "Latin", min(1.0, 0.5 + english),
                        f"English function words ({english:.0%} of words)")
    code, p = _identifier().classify(text[:20000])
    if p < SURE or code == "en":
        # A list of names, a headline: too little text to tell; English is the working assumption.
        return Language("en", "Latin", 0.5,
                        f"Latin script; py3langid unsure ({code} {p:.2f}), English assumed")
    return Language(code, "Latin", float(p), f"py3langid ({code}, {p:.2f}; few English function words)")


#: How sure py3langid must be before a Latin-script text is taken for another language than English.
SURE = 0.9


@functools.cache
def _identifier():
    from py3langid import langid

    return langid.LanguageIdentifier.from_modelpath(langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=True)


#: A run of letters of another script shorter than this is not reported (a symbol, an initial).
MIN_STRETCH = 2


def foreign_stretches(text: str, main_script: str) -> list[tuple[int, int, str]]:
    """Runs of letters in scripts other than ``main_script``: (start, end, script), in text order.

    Spaces and punctuation inside a run of one script keep it whole ("서해 위성발사장").
    """
    out: list[tuple[int, int, str]] = []
    start, current, last = -1, "", -1
    for i, ch in enumerate(text):
        s = script_of(ch)
        if not s:
            if current and unicodedata.category(ch).startswith("M"):
                last = i  # a vowel sign or a mark belongs to the letters before it ("ညောင်လှရွာ")
            continue
        if s == current:
            last = i
            continue
        if current and current != main_script and last - start + 1 >= MIN_STRETCH:
            out.append((start, last + 1, current))
        start, current, last = i, s, i
    if current and current != main_script and last - start + 1 >= MIN_STRETCH:
        out.append((start, last + 1, current))
    return out
