"""Spelling variants: the transliterations one place is written in ("Deir Ezzor", "Dayr az
Zawr"; "Nabatiyeh", "Nabatieh"; "Tadjikistan"; "Osipovychi", "Asipovichy"), met through a
skeleton of the name.

A skeleton keeps a name's consonants as transliterations agree on them: the Arabic article
("al-", "el-", "ad-", ...) dropped, digraphs made one letter ("dj", "dzh", "zh" -> j; "kh",
"gh" -> h, g; "ph" -> f; "q", "c" -> k), vowels and doubled letters dropped. Many places share
a skeleton, so one is only a fallback: for a name the gazetteer does not hold, read in a country
the article is about, with a penalty (see :func:`respell`).
"""

from __future__ import annotations

import re

from ..text import fold

#: The Arabic article and its assimilated forms at the start of a word.
_ARTICLE_RE = re.compile(r"\b(?:al|el|ad|ar|as|ash|at|az|an|ed|er|es|et|ez|en)[-‑ ](?=\w)", re.IGNORECASE)
_DIGRAPHS = (("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("gh", "g"), ("ph", "f"), ("sch", "sh"),
             ("tch", "ch"), ("ck", "k"), ("q", "k"), ("c", "k"), ("x", "ks"), ("w", "v"))
_NOT_CONSONANT_RE = re.compile(r"[^bdfghjklmnprstvz]")
_DOUBLE_RE = re.compile(r"(.)\1+")
#: The shortest skeleton trusted: shorter ones are shared by too many places.
MIN_SKELETON = 3


def skeleton(name: str) -> str:
    """The consonant skeleton of a place name (see the module description).

    Examples
    --------
    >>> skeleton("Deir Ezzor") == skeleton("Deir ez-Zor") == skeleton("Dayr az Zawr")
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
