"""Write ``data/korean_common_words.csv``: the gazetteer's Hangul names that Korean's general
dictionary knows as a common word ("지도", 'map', is also the village Jido; "통신",
'communications', the village Tongjin; "수단", 'means', is also Sudan).

The dictionary is Kiwi's (kiwipiepy with kiwipiepy-model, Apache-2.0): a name is listed when Kiwi
reads the word alone as one morpheme of its dictionary (not a guess for an unknown word) tagged
other than a proper noun (NNP): a common or bound noun, a pronoun, a numeral, an adverb, a
determiner, an interjection or a root. A name Kiwi splits into several morphemes is not listed:
its splits of foreign names ("가자", Gaza, as 'let's go') are guesses, not readings. The
geoparser reads a listed name as a place only with a cue (see :mod:`osint.places.native`).

kiwipiepy is needed only to run this script, never by the package.

Usage::

    python tools/build_korean_words.py            # rewrites data/korean_common_words.csv
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "korean_common_words.csv"
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


def main() -> None:
    from importlib.metadata import version

    from osint.gazetteer import load_gazetteer
    from osint.places.native import _korean_keys

    keys, _ = _korean_keys(load_gazetteer())
    names = sorted(k for k in keys if _HANGUL_WORD.fullmatch(k))
    source = (f"Kiwi dictionary (kiwipiepy {version('kiwipiepy')}, kiwipiepy-model "
              f"{version('kiwipiepy-model')}): the word alone is one known morpheme of this tag")
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["word", "tag", "source"])
        for name, tag in common_words(names):
            w.writerow([name, tag, source])


if __name__ == "__main__":
    main()
