"""Write ``data/korean_common_words.csv``: the gazetteer's Hangul names that Korean's general
dictionary knows as a common word ("지도", 'map', is also the village Jido; "통신",
'communications', the village Tongjin; "수단", 'means', is also Sudan).

The dictionary is Kiwi's (kiwipiepy with kiwipiepy-model, Apache-2.0): a name is listed when Kiwi
reads the word alone as one morpheme of its dictionary (not a guess for an unknown word) tagged
other than a proper noun (NNP): a common or bound noun, a pronoun, a numeral, an adverb, a
determiner, an interjection or a root. A name Kiwi splits into several morphemes is not listed:
its splits of foreign names ("가자", Gaza, as 'let's go') are guesses, not readings. The
geoparser reads a listed name as a place only with a cue (see :mod:`osint.places.native`).

It also writes ``data/native_names_kiwi.csv``: the Korean names of places of the two Koreas
that the gazetteer lacks in Hangul ("영변", Yŏngbyŏn; "청진", Chongjin: GeoNames holds them only
romanised). A name is a proper noun (NNP) of Kiwi's dictionary, of two syllables or more, whose
romanisation is the gazetteer entry's own name letter for letter (accents, apostrophes and
hyphens aside; a "-si", "-ŭp" or "-gun" after the name allowed): the Revised Romanization for a
place in South Korea, McCune-Reischauer's consonants and vowels for one in North Korea. Sound
changes across syllables are not modelled, so a name they change is missed, never misread.

kiwipiepy is needed only to run this script, never by the package.

Usage::

    python tools/build_korean_words.py     # rewrites data/korean_common_words.csv and native_names_kiwi.csv
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "korean_common_words.csv"
NAMES_OUT = ROOT / "data" / "native_names_kiwi.csv"
_HANGUL_WORD = re.compile(r"[\uac00-\ud7af]+")


def common_words(names: list[str]) -> list[tuple[str, str]]:
    """The ``names`` Kiwi's dictionary reads as one morpheme that is no proper noun, with its tag."""
    from kiwipiepy import Kiwi

    kiwi = Kiwi()
    # Kiwi gives every word its dictionary lacks one id; learn it from a string no dictionary holds.
    unknown = kiwi.analyze("뿕꿿뛟", top_n=1)[0][0][0].id
    out = []
    for name in names:
        tokens = kiwi.analyze(name, top_n=1)[0][0]
        if len(tokens) == 1 and tokens[0].form == name and tokens[0].id != unknown \
                and tokens[0].tag != "NNP":
            out.append((name, tokens[0].tag))
    return out


#: The Revised Romanization's initials (osint.places.native) in McCune-Reischauer where it
#: differs: voiceless at a word's start and after a stop, voiced between voiced sounds.
_VOICELESS = {"g": "k", "d": "t", "b": "p", "j": "ch"}
#: Suffixes of a GeoNames name after the place's own ("Kusŏng-si", "Musan-ŭp", "Yŏnbaek-kun").
_SUFFIXES = ("si", "up", "eup", "gun", "kun")


def _letters(name: str) -> str:
    from osint.text import fold

    return "".join(ch for ch in fold(name).lower() if "a" <= ch <= "z")


def romanisations(word: str) -> set[str]:
    """``word`` in the Revised Romanization and in McCune-Reischauer (letters only, no accents)."""
    from osint.places.native import _FINALS, _INITIALS, _MEDIALS

    rr, mr, prev_final = [], [], None
    for ch in word:
        c = ord(ch) - 0xAC00
        ini, med, fin = _INITIALS[c // 588], _MEDIALS[c % 588 // 28], _FINALS[c % 28]
        rr.append(ini + med + fin)
        if ini in _VOICELESS and (prev_final is None or prev_final in ("k", "t", "p")):
            ini = _VOICELESS[ini]
        mr.append(ini + med.replace("eo", "o").replace("eu", "u") + fin)
        prev_final = fin
    return {"".join(rr), "".join(mr)}


def proper_names(gaz) -> list[tuple[str, int]]:
    """(Hangul name, entry id) for each proper noun of Kiwi's dictionary whose romanisation is the
    own name of a place in the two Koreas (see above)."""
    from kiwipiepy import Kiwi

    kiwi = Kiwi()
    forms: set[str] = set()
    i = 0
    while True:
        try:
            m = kiwi.morpheme(i)  # the dictionary's morphemes by id, until the ids run out
        except ValueError:
            break
        if m.tag == "NNP" and len(m.form) >= 2 and _HANGUL_WORD.fullmatch(m.form):
            forms.add(m.form)
        i += 1
    by_name: dict[str, list[int]] = {}
    for e in range(len(gaz.country_code)):
        if gaz.country_code[e] in ("KP", "KR"):
            name = _letters(gaz.entry(e).name)
            by_name.setdefault(name, []).append(e)
            for suffix in _SUFFIXES:
                if name.endswith(suffix) and len(name) > len(suffix) + 3:
                    by_name.setdefault(name[:-len(suffix)], []).append(e)
    out = []
    for form in sorted(forms):
        for e in sorted({e for r in romanisations(form) for e in by_name.get(r, ())}):
            out.append((form, e))
    return out


def main() -> None:
    from importlib.metadata import version

    from osint.gazetteer import load_gazetteer
    from osint.places.native import _korean_keys

    gaz = load_gazetteer()
    keys, _ = _korean_keys(gaz)
    names = sorted(k for k in keys if _HANGUL_WORD.fullmatch(k))
    source = (f"Kiwi dictionary (kiwipiepy {version('kiwipiepy')}, kiwipiepy-model "
              f"{version('kiwipiepy-model')}): the word alone is one known morpheme of this tag")
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["word", "tag", "source"])
        for name, tag in common_words(names):
            w.writerow([name, tag, source])
    kiwi = f"kiwipiepy-model {version('kiwipiepy-model')}"
    with open(NAMES_OUT, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["name", "lang", "ref", "english", "source_url"])
        for name, e in proper_names(gaz):
            entry = gaz.entry(e)
            w.writerow([name, "ko", entry.source_id, entry.name,
                        f"Kiwi dictionary proper noun ({kiwi}), romanised as the name of "
                        f"{entry.source_url or entry.source_id}"])


if __name__ == "__main__":
    main()
