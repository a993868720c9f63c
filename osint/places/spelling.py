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

from ..text import skeleton

__all__ = ["MIN_SKELETON", "skeleton"]

#: The shortest skeleton trusted: shorter ones are shared by too many places.
MIN_SKELETON = 3
