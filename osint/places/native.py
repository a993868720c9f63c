"""Place names in Korean, Russian and Ukrainian: in such articles, and quoted in English ones.

The gazetteer holds native-script names (GeoNames' alternate names in Hangul and Cyrillic, and
the cited tables of :mod:`osint.gazetteer.build`); this module finds them in a text, as
:class:`~osint.model.Mention` s for the same resolver as the English extractor's:

- **Korean** (Hangul, and the Hanja abbreviations of the headlines): at the start of each word,
  the longest name the gazetteer knows, when what follows it in the word is one of a closed list
  of particles ("평양의", "북한은"), a word of administration or feature ("길주군", "남포항"),
  or a compound ending in a facility word ("원산갈마공항": a site at Wonsan). The span keeps
  the name and its administration word, never the particle. A town abroad the gazetteer holds
  only in Latin letters is read by its sounds ("예르스크": Yel'sk) in a country the article
  names, when a place's word or name stands beside it; a site's word after a name reads the
  site the gazetteer holds under the place's English name ("도네츠크 공항": Donetsk Airport);
  an island's or a strait's word after a foreign name needs no other cue ("난사군도", the
  Nansha islands; "융수다오", Yongshu Jiao). A Han or Kana gloss in parentheses after a place
  ("난사군도(南沙群岛)") is that place.
- **Russian and Ukrainian** (Cyrillic): every reading pymorphy3 gives a word is looked up by its
  lemma ("Курском" -> "Курск", "Харківщині" -> "Харківщина"); an adjective agreeing with the
  noun after it is read with it in the nominative ("Брянской области" -> "Брянская область").
  A lower-case word names only a country ("росії"); a capitalised word that opens a sentence
  names a place only when the dictionary reads it as a place name or does not know it; a place
  in the genitive after an organisation's head noun ("Служба безпеки України") is the
  organisation's name, not a place of the story, and so is a place after a capitalised common
  noun inside a sentence ("Патріоти України") or before a body's head in the genitive. A name
  in the genitive after a river's part is the river ("берегу Днепра"); a quoted name after a
  site's noun, maybe past its genitives, is the site ("авіабазою стратегічної авіації
  "Енгельс""); the bare adjective of a site named elsewhere is that site ("Змеиного"). Names
  GeoNames holds only in Latin letters are read through their romanisation (an adjective's
  ending as other sources write it; a Ukrainian text's Russian places also in Russian), their
  Russian spelling (the Ukrainian і of a closed syllable as о or е), or, in a text that names
  a Korea, Kontsevich's spelling of Korean ("Сохэ"). Without pymorphy3 (the ``languages``
  extra), words are looked up as written.

The mention's text is the article's spelling; the resolved place carries the English name.
"""

from __future__ import annotations

import bisect
import csv
import functools
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from ..gazetteer import Gazetteer
from ..geo import distance_km
from ..lexicon import (
    CYRILLIC_ORGANISATION_HEADS,
    CYRILLIC_VESSEL_WORDS,
    KOREAN_FACILITIES,
    KOREAN_FEATURE_SUFFIXES,
    KOREAN_ORGANISATION_HEADS,
    KOREAN_PARTICLES,
)
from ..model import Mention
from ..paths import data_file
from ..text import fold, has_native_letters, name_key

_KOREAN_WORD = re.compile(r"[\uac00-\ud7af\u4e00-\u9fff]+")
_CYRILLIC_WORD = re.compile(r"[\u0400-\u052f]+(?:['’ʼ-][\u0400-\u052f]+)*")
#: A letter of a script the native readers read: Hangul, Han (as :data:`_KOREAN_WORD`) or Cyrillic.
_ONLY_UK = frozenset("іїєґІЇЄҐ")
_ONLY_RU = frozenset("ыэъёЫЭЪЁ")
#: The most characters between a place name and the facility word of a compound ("원산갈마공항").
COMPOUND_GAP = 4
#: One-syllable words of features and divisions that may stand between a name and a facility's
#: word ("어랑천비행장": 천, a stream).
_ONE_SYLLABLE_FEATURES = frozenset("천강산도섬리동읍면군시구만")
#: Words before a Cyrillic name that make it a locative use ("в Курске", "під Харковом").
_LOCATIVE = frozenset(
    ["в", "во", "на", "под", "около", "у", "из", "возле", "близ", "під", "біля", "поблизу", "з", "із",
     "поруч"])
#: Generic nouns for a region that stand for a division's own ("Калининградский регион"):
#: noun -> (gender, the division's noun) pairs to read it as.
REGION_NOUNS = {"регион": (("femn", "область"), ("masc", "край")),
                "регіон": (("femn", "область"), ("masc", "край"))}
#: Parts of speech of function words: a word that may be one is no place ("Крім", "besides").
_FUNCTION_WORDS = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "INTJ"})
#: Person-name tags of pymorphy3.
_PERSON_TAGS = ("Name", "Surn", "Patr")


def _hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7af"


@functools.lru_cache(maxsize=4)
def _korean_keys(gaz: Gazetteer) -> tuple[dict[str, str], int]:
    """The gazetteer's keys that start in Hangul or Han, by their composed form (keys hold Hangul
    decomposed into its letters), and the longest's length in syllables."""
    # Three ranges of the index's keys (Hangul letters, Hangul syllables, Han), read in key order.
    ranges = (("\u1100", "\u1200"), ("\uac00", "\ud7b0"), ("\u4e00", "\ua000"))
    keys = {unicodedata.normalize("NFC", k): k for lo, hi in ranges for k in gaz.keys_between(lo, hi)}
    # A North Korean name keeps its initial ㄹ and ㄴ, which the South's spelling changes (the
    # initial sound rule): "라선" is written "나선" in the South, "룡강" "용강", "녕변" "영변".
    for name, key in list(keys.items()):
        south = initial_sound_rule(name)
        if south != name and south not in keys and any(gaz.country_code[e] == "KP" for e in gaz.names[key]):
            keys[south] = key
    return keys, max((len(k) for k in keys), default=0)


#: Medials that are i or begin with y (ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ), by their index in a syllable.
_Y_MEDIALS = frozenset({2, 3, 6, 7, 12, 17, 20})


def initial_sound_rule(name: str) -> str:
    """``name`` with its first syllable spelled by South Korea's initial sound rule (두음 법칙,
    Standard Korean Orthography articles 10-12): ㄹ before i or y becomes ㅇ, before another vowel
    ㄴ; ㄴ before i or y becomes ㅇ.

    >>> initial_sound_rule("라선"), initial_sound_rule("룡강"), initial_sound_rule("녕변")
    ('나선', '용강', '영변')
    """
    if not name or not _hangul(name[0]):
        return name
    c = ord(name[0]) - 0xAC00
    initial, medial = c // 588, c % 588 // 28
    if initial == 5:  # ㄹ
        initial = 11 if medial in _Y_MEDIALS else 2
    elif initial == 2 and medial in _Y_MEDIALS:  # ㄴ
        initial = 11
    else:
        return name
    return chr(0xAC00 + initial * 588 + c % 588) + name[1:]


def _split_particle(rest: str) -> str | None:
    """What remains of ``rest`` once a trailing particle is taken off ('' when all of it is one);
    None when no particle ends it."""
    if not rest or rest in KOREAN_PARTICLES:
        return ""
    for n in range(min(len(rest) - 1, 4), 0, -1):
        if rest[-n:] in KOREAN_PARTICLES:
            return rest[:-n]
    return None


def _korean_tail(rest: str) -> int | None:
    """How many characters of ``rest`` (what follows a name in its word) belong to the place
    (a feature word, a facility compound), or None when ``rest`` is no particle, feature word or
    facility compound."""
    if not rest or rest in KOREAN_PARTICLES:
        return 0
    cores = [rest] + ([c] if (c := _split_particle(rest)) else [])
    for core in cores:
        if core in KOREAN_PARTICLES:  # stacked particles ("동해상을")
            return 0
        if core in KOREAN_FEATURE_SUFFIXES:
            return len(core)
        # A one-syllable gap is a feature's word ("어랑천비행장": the airfield on the Orang stream)
        # or the end of a longer name ("타르투스항": Tartus's port, not Tartu's).
        if any(core.endswith(f) and len(core) - len(f) <= COMPOUND_GAP
               and (len(core) - len(f) != 1 or core[0] in _ONE_SYLLABLE_FEATURES) for f in KOREAN_FACILITIES):
            return len(core)
    return None


def korean_mentions(text: str, gaz: Gazetteer) -> list[Mention]:
    """Place names in the Hangul (and Hanja) words of ``text`` (see the module description).

    Examples
    --------
    >>> from osint.gazetteer import load_gazetteer
    >>> [m.text for m in korean_mentions("북한은 평양에서 발표했다.", load_gazetteer())]
    ['북한', '평양']
    """
    keys, longest = _korean_keys(gaz)
    out: list[Mention] = []
    unread: list[tuple[int, str]] = []
    skip_to = 0
    for m in _KOREAN_WORD.finditer(text):
        s, word = m.start(), m.group()
        if s < skip_to:
            continue  # the second word of a two-word name read already
        if s and (text[s - 1].isalnum() or text[s - 1] == "_"):
            continue  # "38노스": inside a word that starts otherwise
        if whole := _name_of_words(text, m, keys, gaz):
            out.append(whole)
            skip_to = whole.end
            continue
        if _DESIGNATION.match(text, m.end()):
            continue  # "코로나19", "화성17형": a number joined to the word makes it a designation
        if _NUMBERED.match(text, m.end()) and not word.endswith(_CASE_PARTICLES):
            continue  # "아리랑 3호", "광명성 4호": a numbered satellite's, rocket's or ship's name
        for n in range(min(len(word), longest), 0, -1):
            name = word[:n]
            if name not in keys or (n == 1 and _hangul(name)):
                continue
            tail = _korean_tail(word[n:])
            key = keys[name]
            ids = gaz.names[key]
            if n == 1 and tail is None and _hangul(word[1]) and _country(gaz, ids):
                tail = 0  # "北미사일", "美국무부": a country's Han abbreviation before a Hangul noun
            if tail is None or (n == 1 and word[n:] and tail):
                continue
            if n == 2 and not word[n:] and not _korean_place(gaz, ids):
                continue  # "지난 4월": a bare two-syllable name of a place abroad is a word
            if not tail and name in _korean_common_words() and not _named_anyway(gaz, ids) \
                    and not (out and 0 < s - out[-1].end <= 1):
                break  # "지도를" ('the map'), "통신에 따르면": a word, unless a place stands before
            if _korean_organisation(text, m.end(), word[n:], gaz, ids):
                break  # "러시아군", "우크라이나 해군": the army's or the navy's name
            if not word[n:] and _korean_given_name(text, m.end(), gaz):
                break  # "블라디미르 푸틴 러시아 대통령": a person's given name
            if not word[n:] and _korean_weapon(text, m.end()) and not _country(gaz, ids):
                break  # "대포동 1호", "대포동 미사일": a missile named after its site ("북한 미사일" is
                # the country's missile)
            found_here = Mention(s, s + n + tail, text[s:s + n + tail], key, "place", ids,
                                 word[n:].startswith(("에서", "에")))
            if tail and (facility := _facility_in_word(gaz, name, ids, word[n:n + tail])):
                found_here = found_here._replace(key=facility[0], candidates=facility[1])
            out.append(_korean_site(text, gaz, found_here, word[n:]))
            break
        else:
            found = _romanised_korean(word, gaz)
            if found and not (found[0] == len(word) and _korean_weapon(text, m.end())):
                n, tail, key, ids = found
                out.append(Mention(s, s + n + tail, text[s:s + n + tail], key, "place", ids,
                                   word[n + tail:].startswith(("에서", "에"))))
            elif not found and not (s and (text[s - 1].isalnum() or text[s - 1] == "_")):
                unread.append((s, word))
    out = sorted(out + _foreign_mentions(text, gaz, out, unread), key=lambda mention: mention.start)
    return sorted(out + _glosses(text, out), key=lambda mention: mention.start)


@functools.cache
def _korean_common_words() -> frozenset[str]:
    """The gazetteer's Hangul names Korean's general dictionary knows as common words
    (``data/korean_common_words.csv``, from Kiwi's dictionary by ``tools/build_korean_words.py``)."""
    path = data_file("korean_common_words.csv")
    if not path.is_file():
        return frozenset()
    with open(path, encoding="utf-8", newline="") as fh:
        return frozenset(row["word"] for row in csv.DictReader(fh))


#: The population above which a Korean town is named anyway by a word that is also a common noun
#: ("개성", Kaesong, and 'personality').
COMMON_WORD_TOWN = 100_000


def _named_anyway(gaz: Gazetteer, ids: tuple[int, ...]) -> bool:
    """Whether a name that is also a common word still names one of ``ids`` without a cue: a
    country, a first-order division or a capital, or a Korean town of :data:`COMMON_WORD_TOWN`."""
    return any(gaz.feature[e] in ("country", "admin1", "capital")
               or (gaz.country_code[e] in ("KP", "KR") and (gaz.population[e] or 0) >= COMMON_WORD_TOWN)
               for e in ids)


def _name_of_words(text: str, m: re.Match[str], keys: dict[str, str], gaz: Gazetteer) -> Mention | None:
    """A name of two or three words the gazetteer holds whole ("서해 발사장", "서해 위성 발사장"),
    the last word's particle left out; else None."""
    words = [m]
    while len(words) < 3 and (nxt := _NEXT_KOREAN_WORD.match(text, words[-1].end())) is not None \
            and text[words[-1].end():nxt.start(1)] == " ":
        words.append(nxt)
    for k in range(len(words), 1, -1):
        head = " ".join(w.group() if i == 0 else w.group(1) for i, w in enumerate(words[:k - 1]))
        last = words[k - 1].group(1)
        for core in (last, _split_particle(last)):
            if core and (name := f"{head} {core}") in keys:
                key, end = keys[name], words[k - 1].start(1) + len(core)
                return Mention(m.start(), end, text[m.start():end], key, "place", tuple(gaz.names[key]),
                               False)
    return None


#: A gloss in Han or Kana in parentheses right after a name ("난사군도(南沙群岛)", "평양(平壤)").
_GLOSS = re.compile(r"\(([\u4e00-\u9fff\u3040-\u30ff]{1,12})\)")


def _glosses(text: str, found: list[Mention]) -> list[Mention]:
    """The Han or Kana glosses Korean news writes in parentheses after a name: the same place
    as the name they follow ("난사군도(南沙群岛)": the gloss is the Spratly Islands too)."""
    out = []
    starts = {m.start for m in found}
    for m in found:
        g = _GLOSS.match(text, m.end)
        if g and g.start(1) not in starts:
            out.append(m._replace(start=g.start(1), end=g.end(1), text=g.group(1), locative=m.locative))
    return out


def _foreign_mentions(text: str, gaz: Gazetteer, found: list[Mention],
                      unread: list[tuple[int, str]]) -> list[Mention]:
    """Mentions of towns abroad among the ``unread`` words (start, word) of ``text``, spelled by
    their sounds (see :func:`hangul_sounds`) in a country the article names (``found``: its
    mentions so far). A word that sounds like a small foreign town is often a Korean word, so a
    reading needs a cue at one of its occurrences at least: a place's word after it ("이반스키
    지역", "추후이브 공군기지", "예르스크시") or a place's name before it ("벨라루스 코이니키")."""
    countries = {gaz.country_code[e] for m in found for e in m.candidates if gaz.feature[e] == "country"}
    if not countries:
        return []
    ends = {m.end: m for m in found}
    readings = []
    # The words that may carry a cue are read first; another word is read only when it opens
    # with a name a cued word was read as (reading every word would sound out every key of
    # every country the article names).
    for s, word in unread:
        if not _may_be_cued(text, s, word, ends):
            continue
        if (reading := _foreign_korean(word, gaz, countries)) and not _korean_weapon(text, s + len(word)):
            n, tail, _, _ = reading
            before = _place_before(text, s, ends)
            cued = bool(tail) or before is not None or (n == len(word) and _place_word_follows(text, s + n))
            if cued:
                readings.append((s, word, reading))
    cued_keys = {r[2] for _, _, r in readings}
    names = {word[:r[0]] for _, word, r in readings}
    taken = {s for s, _, _ in readings}
    for s, word in unread:
        if s in taken or not any(word.startswith(name) for name in names):
            continue
        if (reading := _foreign_korean(word, gaz, countries)) and not _korean_weapon(text, s + len(word)):
            readings.append((s, word, reading))
    out = []
    for s, word, (n, tail, key, ids) in sorted(readings):
        if key in cued_keys:
            # Marked locative: the cue is the company a small town needs to stay a place.
            found_here = Mention(s, s + n + tail, text[s:s + n + tail], key, "place", ids, True)
            out.append(_korean_site(text, gaz, found_here, word[n:]))
    return out


def _place_before(text: str, s: int, ends: dict[int, Mention]) -> Mention | None:
    """The place named right before the word at ``s`` ("벨라루스 코이니키", "(예르스크"), or joined
    to it by "and" ("바흐무트와 토레츠크", "바흐무트, 토레츠크", "바흐무트 및 토레츠크"); else None."""
    if not s or text[s - 1] not in " (":
        return None
    if s - 1 in ends:
        return ends[s - 1]
    for gap in ("와 ", "과 ", ", ", " 및 "):
        if text.endswith(gap, 0, s) and s - len(gap) in ends:
            return ends[s - len(gap)]
    return None


def _may_be_cued(text: str, s: int, word: str, ends: dict[int, Mention]) -> bool:
    """Whether a reading of the word starting at ``s`` may have a cue: a place's name right
    before it, a place's word after it, or a feature's word inside it."""
    if _place_before(text, s, ends) is not None or _place_word_follows(text, s + len(word)):
        return True
    return any(_korean_tail(word[n:]) for n in range(2, len(word))) or any(
        f in word[2:] for f in _FOREIGN_FEATURE_WORDS)


def _place_word_follows(text: str, end: int) -> bool:
    """Whether the next word (one space on) is a place's or a site's word ("지역", "공군기지")."""
    nxt = _NEXT_KOREAN_WORD.match(text, end)
    if nxt is None or text[end:nxt.start(1)] != " ":
        return False
    word = nxt.group(1)
    cores = [word] + ([c] if (c := _split_particle(word)) else [])
    return any(c in KOREAN_FEATURE_SUFFIXES or c in _KOREAN_SITE_ENGLISH or c in KOREAN_FACILITIES
               for c in cores)


#: Korean words of sites after a place's name, in the next word ("도네츠크 공항", "아라크 중수로"),
#: and the English words the gazetteer names such sites by after the place's name ("Donetsk
#: Airport", "Arak Heavy Water Reactor").
_KOREAN_SITE_ENGLISH = {
    "공항": ("airport", "international airport"), "국제공항": ("international airport", "airport"),
    "비행장": ("airfield", "air base", "airport"), "공군기지": ("air base", "airfield"),
    "기지": ("air base", "naval base"), "해군기지": ("naval base",), "항": ("port",), "항구": ("port",),
    "조선소": ("shipyard",), "중수로": ("heavy water reactor", "reactor"), "원자로": ("reactor",),
    "원전": ("nuclear power plant",), "원자력발전소": ("nuclear power plant",),
    "핵시설": ("nuclear facility", "nuclear site"), "핵단지": ("nuclear complex", "nuclear site"),
    "농축시설": ("enrichment facility", "enrichment plant", "fuel enrichment plant"),
    "정유공장": ("refinery", "oil refinery"), "정유소": ("refinery", "oil refinery"), "댐": ("dam",),
}


def _korean_site(text: str, gaz: Gazetteer, mention: Mention, rest: str) -> Mention:
    """``mention`` widened to the site its next word names when the gazetteer holds the site under
    the place's English name and the site's word ("도네츠크 공항": Donetsk International Airport,
    not the city); else ``mention`` as it is. ``rest`` is what follows the name in its word."""
    if rest and (_split_particle(rest) is None or _split_particle(rest) != ""):
        return mention  # "도네츠크공항의", "평양시": the word goes on with more than a particle
    nxt = _NEXT_KOREAN_WORD.match(text, mention.start + len(mention.text) + len(rest))
    if nxt is None or text[nxt.start():nxt.start(1)] != " " or rest:
        return mention
    word = nxt.group(1)
    core = word if word in _KOREAN_SITE_ENGLISH else (_split_particle(word) or word)
    english = _KOREAN_SITE_ENGLISH.get(core)
    if not english:
        return mention
    names = dict.fromkeys([*(gaz.entry(e).name for e in mention.candidates),
                           *([mention.key] if mention.key.isascii() else [])])
    for site in english:
        for name in names:
            key = name_key(f"{name} {site}")
            if key in gaz.names:
                end = nxt.start(1) + len(core)
                return Mention(mention.start, end, text[mention.start:end], key, "place", gaz.names[key],
                               mention.locative)
    return mention


def _facility_in_word(gaz: Gazetteer, name: str, ids: tuple[int, ...],
                      facility: str) -> tuple[str, tuple[int, ...]] | None:
    """The site a compound of a place's name and a facility's word names ("삼지연비행장":
    Samjiyon Airport, not the town), by the place's English names or its romanised Hangul and the
    facility's English words; else None."""
    english = _KOREAN_FACILITY_ENGLISH.get(facility, ())
    if not english:
        return None
    latin = _korean_latin_keys(gaz)
    roman = hangul_romanised(name)
    for eng in english:
        for place in dict.fromkeys(gaz.entry(e).name for e in ids):
            if (key := name_key(f"{place} {eng}")) in gaz.names:
                return key, gaz.names[key]
        if keys := latin.get(korean_comparable(f"{roman} {eng}")):
            found = tuple(e for k in keys for e in gaz.names[k] if gaz.country_code[e] in ("KP", "KR"))
            if found:
                return keys[0], found
    return None


# Revised Romanization of Hangul, by the syllable's initial, medial and final jamo.
_INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
             "h")
_MEDIALS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
            "wi", "yu", "eu", "ui", "i")
_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t",
           "t", "ng", "t", "t", "k", "t", "p", "t")
#: What tells Revised Romanization from McCune-Reischauer (the two Koreas' GeoNames names) is
#: folded away: voicing (g/k, d/t, b/p, j/ch), r/l, eo/ŏ, eu/ŭ, apostrophes, hyphens, doubles.
_VOICING = str.maketrans({"g": "k", "d": "t", "b": "p", "j": "c", "r": "l"})
#: Korean facility words and the English words GeoNames and the airfields table name them by.
_KOREAN_FACILITY_ENGLISH = {
    "비행장": ("airfield", "air base", "airport"), "공항": ("airport", "international airport", "airfield"),
    "항": ("port", "harbour"), "항구": ("port", "harbour"), "기지": ("air base", "naval base", "airfield"),
    "해군기지": ("naval base",), "조선소": ("shipyard",), "발사장": ("launch site", "launching station"),
}
#: The fewest letters of a comparable form read this way (two syllables and more).
_MIN_ROMANISED = 4


def hangul_romanised(word: str) -> str:
    """``word``'s Hangul in the Revised Romanization (syllable by syllable; other characters kept).

    >>> hangul_romanised("삼지연"), hangul_romanised("평양")
    ('samjiyeon', 'pyeongyang')
    """
    out = []
    for ch in word:
        c = ord(ch) - 0xAC00
        if 0 <= c < 11172:
            out.append(_INITIALS[c // 588] + _MEDIALS[c % 588 // 28] + _FINALS[c % 28])
        else:
            out.append(ch)
    return "".join(out)


def korean_comparable(latin: str) -> str:
    """A romanised Korean name with what tells the two romanizations apart folded away.

    >>> korean_comparable("samjiyeon") == korean_comparable("Samjiyŏn")
    True
    >>> korean_comparable("pyeongyang") == korean_comparable("P'yŏngyang")
    True
    """
    s = re.sub(r"[^a-z]", "", fold(latin).lower())
    for a, b in (("eo", "o"), ("eu", "u"), ("ch", "c"), ("sh", "s")):
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s.translate(_VOICING))


@functools.lru_cache(maxsize=4)
def _korean_latin_keys(gaz: Gazetteer) -> dict[str, tuple[str, ...]]:
    """The gazetteer's keys of places in the two Koreas by their comparable form (GeoNames
    holds every town there in Latin letters, few in Hangul)."""
    out: dict[str, list[str]] = {}
    for cc in ("KP", "KR"):
        for key in gaz.keys_in_country(cc):
            out.setdefault(korean_comparable(key), []).append(key)
    return {c: tuple(ks) for c, ks in out.items()}


def _romanised_korean(word: str, gaz: Gazetteer) -> tuple[int, int, str, tuple[int, ...]] | None:
    """(length, tail, key, ids) of the longest Hangul name opening ``word`` that names a place in
    the two Koreas once romanised ("삼지연비행장": Samjiyŏn and its airfield), or None. A name of
    two syllables needs a place's word after it ("갈마공항"): alone it is more often a word."""
    latin = _korean_latin_keys(gaz)
    for n in range(len(word), 1, -1):
        name = word[:n]
        if not all(_hangul(ch) for ch in name):
            continue
        tail = _korean_tail(word[n:])
        if tail is None or (n == 2 and not tail):
            continue
        roman = hangul_romanised(name)
        form = korean_comparable(roman)
        if len(form) < _MIN_ROMANISED:
            continue
        # The facility its word names first ("갈마공항": Kalma Airport), then the place.
        facility = _KOREAN_FACILITY_ENGLISH.get(word[n:n + tail], ()) if tail else ()
        keys = next((ks for eng in facility if (ks := latin.get(korean_comparable(f"{roman} {eng}")))), None)
        # "동창리": Tongch'ang-ni, the r of a final "ri" heard as n after a consonant
        keys = keys or latin.get(form) or (latin.get(form[:-2] + "ni") if form.endswith("li") else None)
        if keys:
            ids = tuple(e for k in keys for e in gaz.names[k] if gaz.country_code[e] in ("KP", "KR"))
            if ids:
                return n, tail, keys[0], ids
    return None


# Korean writes a foreign name by its sounds (the loanword rules of 1986): 예르스크 is Yel'sk,
# 포르도 Fordu, 추후이브 Chuhuiv. Both the Hangul and the gazetteer's Latin names are reduced to
# the sounds those rules keep apart. Voicing is kept (ㄱ g, ㅋ k; ㄷ d, ㅌ t; ㅂ b and v, ㅍ p
# and f; ㅈ j, z and zh, ㅊ ch and ts): it is what tells a foreign name from a Korean word that
# happens to sound like one ("감도는" is no Camden). l and r (ㄹ), s and sh (ㅅ), o and u (ㅗ ㅜ ㅓ)
# fold to one; h, and the vowel Hangul adds after a consonant (the 으 of 르, 스, 크), are dropped.
_FOREIGN_INITIALS = ("g", "k", "n", "d", "t", "r", "m", "b", "p", "s", "s", "", "j", "c", "c", "k", "t", "p",
                     "")
_FOREIGN_MEDIALS = ("a", "e", "ia", "ie", "u", "e", "iu", "ie", "u", "ua", "ue", "ue", "iu", "u", "uu", "ue",
                    "ui", "iu", "", "ui", "i")
_FOREIGN_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "r", "k", "m", "r", "r", "r", "p", "r", "m", "p",
                   "p", "t", "t", "n", "t", "t", "k", "t", "p", "")
_LATIN_SOUNDS = {"shch": "s", "sch": "s", "tch": "c", "sh": "s", "zh": "j", "ch": "c", "ts": "c", "tz": "c",
                 "th": "t", "ph": "p", "gh": "g", "ck": "k", "x": "ks", "q": "k", "z": "j", "c": "k",
                 "y": "i", "w": "u", "v": "b", "f": "p", "l": "r", "h": "", "o": "u"}
_LATIN_SOUND = re.compile("|".join(sorted(_LATIN_SOUNDS, key=len, reverse=True)))
#: Places a Korean spelling of a foreign name is read as.
_FOREIGN_FEATURES = frozenset({"city", "capital", "admin1", "admin2"})
#: The fewest syllables, and the fewest letters of the reduced form, of a name read this way.
_FOREIGN_SYLLABLES, _FOREIGN_LETTERS = 3, 4


def _sounds(s: str) -> str:
    """A reduced form with its glides after a sibilant dropped ("샤" and "sha" alike) and
    doubles made one."""
    return _DOUBLES.sub(r"\1", _GLIDE.sub("", s))


_DOUBLES = re.compile(r"(.)\1+")
_GLIDE = re.compile(r"(?<=[scj])i(?=[aeu])")


def hangul_sounds(word: str) -> str:
    """The sounds a Hangul spelling of a foreign name keeps (see above).

    >>> hangul_sounds("예르스크") == latin_sounds("Yel'sk")[0]
    True
    """
    out = []
    for ch in word:
        c = ord(ch) - 0xAC00
        if not 0 <= c < 11172:
            return ""
        out.append(_FOREIGN_INITIALS[c // 588] + _FOREIGN_MEDIALS[c % 588 // 28] + _FOREIGN_FINALS[c % 28])
    return _sounds("".join(out))


def latin_sounds(name: str) -> list[str]:
    """The sounds of a Latin name as Hangul may spell them: Russian х as ㅋ or ㅎ ("Khoyniki"
    코이니키, "Kharkiv" 하르키우), a final v after a vowel as ㅂ, 우 or ㅍ ("Chuhuiv" 추후이브,
    "Kyiv" 키이우, "Chuguyev" 추구예프).

    >>> latin_sounds("Kharkiv")
    ['karkib', 'arkib', 'karkiu', 'arkiu', 'karkip', 'arkip']
    """
    s = _NOT_LETTER.sub("", (name if name.isascii() else fold(name)).lower())
    forms = [s] if "kh" not in s else [s.replace("kh", "k"), s.replace("kh", "h")]
    if s.endswith("v") and s[-2:-1] in "aeiouy":
        # ... and as ㅍ, the Russian final в being said [f] ("Chuguyev" 추구예프)
        forms += [f[:-1] + "u" for f in forms] + [f[:-1] + "p" for f in forms]
    out = []
    for f in forms:
        form = _sounds(_LATIN_SOUND.sub(_latin_sound, _NG.sub("n", f) if "ng" in f else f))
        if form not in out:
            out.append(form)
    return out


_NOT_LETTER = re.compile(r"[^a-z]")
_NG = re.compile(r"ng(?![aeiouy])")


def _latin_sound(m: re.Match[str]) -> str:
    return _LATIN_SOUNDS[m.group()]


#: The first letters of the Latin names whose sounds begin with a given sound (and h and k:
#: Hangul may drop the h of a name's opening h or kh).
_FIRST_LETTERS = {"k": "kqcx", "c": "ct", "r": "rl", "b": "bv", "p": "pf", "j": "jz", "a": "ahk", "e": "ehk",
                  "i": "iyhk", "u": "ouwhk"}


def _foreign_keys(gaz: Gazetteer, country: str, form: str) -> tuple[str, ...]:
    """The Latin keys of a country's places whose sounds are ``form``."""
    letters = dict.fromkeys(_FIRST_LETTERS.get(form[:1], form[:1]) + "hk")  # "Khmelnytskyi": 흐멜니츠키
    return tuple(k for letter in letters for k in _foreign_sounds(gaz, country, letter).get(form, ()))


@functools.lru_cache(maxsize=512)
def _foreign_sounds(gaz: Gazetteer, country: str, letter: str) -> dict[str, tuple[str, ...]]:
    """The Latin keys of a country's places that begin with ``letter``, by their sounds (read a
    letter at a time: a country holds up to 100,000 keys, an article needs a few letters)."""
    out: dict[str, list[str]] = {}
    keys = _country_keys(gaz, country)  # sorted: the letter's keys are one run
    for key in keys[bisect.bisect_left(keys, letter):bisect.bisect_left(keys, chr(ord(letter) + 1))]:
        if key.isascii():
            for form in latin_sounds(key):
                out.setdefault(form, []).append(key)
    return {f: tuple(ks) for f, ks in out.items()}


@functools.lru_cache(maxsize=64)
def _country_keys(gaz: Gazetteer, country: str) -> tuple[str, ...]:
    return tuple(gaz.keys_in_country(country))


def _foreign_korean(word: str, gaz: Gazetteer,
                    countries: set[str]) -> tuple[int, int, str, tuple[int, ...]] | None:
    """(length, tail, key, ids) of the longest Hangul name opening ``word`` that spells the
    sounds of a town or division in one of ``countries`` (the countries the article names), or
    None."""
    if found := _foreign_feature(word, gaz, countries):
        return found
    for n in range(len(word), _FOREIGN_SYLLABLES - 1, -1):
        tail = _korean_tail(word[n:])
        if tail is None:
            continue
        form = hangul_sounds(word[:n])
        if len(form) < _FOREIGN_LETTERS:
            continue
        best: tuple[int, str, tuple[int, ...]] | None = None
        for cc in sorted(countries):
            for key in _foreign_keys(gaz, cc, form):
                ids = tuple(e for e in gaz.names[key] if gaz.country_code[e] == cc
                            and gaz.feature[e] in _FOREIGN_FEATURES)
                # The most populous reading ("아라크": Arak, not Alek).
                if ids and (best is None or max(gaz.population[e] for e in ids) > best[0]):
                    best = (max(gaz.population[e] for e in ids), key, ids)
        if best is not None:
            return n, tail, best[1], best[2]
    return None


#: Korean words of island and water features after a foreign name ("난사군도", the Nansha
#: islands), Chinese ones spelled in Hangul among them ("융수다오": 永暑岛, Yongshu Dao), and the
#: words the gazetteer's Latin names end in for such a feature.
_FOREIGN_FEATURE_WORDS = {
    "군도": ("islands", "qundao"), "제도": ("islands",), "열도": ("islands",), "섬": ("island", "dao"),
    "다오": ("dao", "island", "jiao", "reef"), "자오": ("jiao", "reef"), "암초": ("reef", "jiao", "shoal"),
    "해협": ("strait",), "반도": ("peninsula",)}


def _foreign_feature(word: str, gaz: Gazetteer,
                     countries: set[str]) -> tuple[int, int, str, tuple[int, ...]] | None:
    """(length, tail, key, ids) of a foreign name of two syllables or more and a feature's word
    after it ("난사군도": Nansha Islands; "융수다오": Yongshu Jiao) that the gazetteer holds, in one
    of ``countries`` or in none (islands, reefs and straits of the open sea), or None."""
    for n in range(2, len(word) - 1):
        rest = word[n:]
        feature = next((f for f in sorted(_FOREIGN_FEATURE_WORDS, key=len, reverse=True)
                       if rest.startswith(f) and _split_particle(rest[len(f):]) is not None), None)
        if feature is None:
            continue
        core = hangul_sounds(word[:n])
        if len(core) < 3:
            continue
        for english in _FOREIGN_FEATURE_WORDS[feature]:
            form = _sounds(core + latin_sounds(english)[0])
            for cc in sorted(countries | {""}):
                for key in _foreign_keys(gaz, cc, form):
                    ids = tuple(e for e in gaz.names[key] if gaz.country_code[e] == cc)
                    if ids:
                        return n, len(feature), key, ids
    return None


_NEXT_KOREAN_WORD = re.compile(r"\s+([\uac00-\ud7af]+)")
#: A number and the counter of numbered vehicles right after a word ("아리랑 3호", "은하3호").
_NUMBERED = re.compile(r"\s?\d+호")
#: A number joined to a word and ending it ("코로나19", "화성-17형"); not a date run into a name
#: ("예르스크2월 4일").
_DESIGNATION = re.compile(r"-?[0-9]+(?:형|호)?(?![0-9\uac00-\ud7af])")
#: Case particles that end a place's word before such a number ("평양에서 1호 공장"): the name
#: stops before them.
_CASE_PARTICLES = ("에서", "에", "의", "은", "는", "이", "가", "을", "를", "도", "로", "와", "과")
#: A missile named after its site ("대포동 1호", "대포동 미사일", "화성-17형"), unless a site's word
#: follows the weapon's ("대포동 미사일 발사장": the launch site).
_KOREAN_WEAPON = re.compile(r"\s*(?:\d+호|미사일|로켓|탄도미사일|순항미사일)"
                            r"(?!\s*(?:발사장|발사대|기지|시험장|공장))")


def _korean_weapon(text: str, end: int) -> bool:
    """Whether a weapon's word follows the name ending at ``end`` (see ``_KOREAN_WEAPON``)."""
    return _KOREAN_WEAPON.match(text, end) is not None


#: Titles after a person's name in Korean news ("푸틴 러시아 대통령은", "김정은 국무위원장").
_KOREAN_TITLES = ("대통령", "총리", "장관", "위원장", "국무위원장", "대변인", "주석", "의장", "사령관",
                  "총장", "부장", "대사", "총통", "국왕", "왕세자", "총사령관", "참모총장", "대표", "특사")
_KOREAN_NAME_AND_TITLE = re.compile(r"\s+([\uac00-\ud7af]+)(?:\s+([\uac00-\ud7af]+))?\s+([\uac00-\ud7af]+)")


def _korean_given_name(text: str, end: int, gaz: Gazetteer) -> bool:
    """Whether a name alone in its word (ending at ``end``) opens a person's name: a word no
    gazetteer holds follows, then a title, maybe after a country ("블라디미르 푸틴 러시아 대통령은":
    the city Vladimir's name is Putin's given name)."""
    m = _KOREAN_NAME_AND_TITLE.match(text, end)
    if m is None:
        return False
    surname, between, title = m.groups()
    keys, _ = _korean_keys(gaz)
    if surname in keys or (between is not None and between not in keys):
        return False  # only a country or a place may stand between ("러시아")
    bare = _split_particle(title) or title
    return any(bare.endswith(t) for t in _KOREAN_TITLES)


def _korean_organisation(text: str, end: int, rest: str, gaz: Gazetteer, ids: tuple[int, ...]) -> bool:
    """Whether a country's name (``ids``; ``rest`` the rest of its word, which ends at ``end``)
    opens an organisation's name: an armed force or a state body in its word ("러시아군이") or
    in the next word ("우크라이나 해군", "미국 국방정보국")."""
    if not any(gaz.feature[e] == "country" for e in ids):
        return False
    core = _split_particle(rest) if rest and rest not in KOREAN_ORGANISATION_HEADS else rest
    if core and core in KOREAN_ORGANISATION_HEADS:
        return True
    if rest:
        return False
    nxt = _NEXT_KOREAN_WORD.match(text, end)
    if nxt is None:
        return False
    if _heads_organisation(nxt.group(1)) or _institution(nxt.group(1), gaz):
        return True
    # A word no gazetteer holds between the country and the head is the body's own name
    # ("우크라이나 사이버보로슈노 정보기관").
    after = _NEXT_KOREAN_WORD.match(text, nxt.end())
    keys, _ = _korean_keys(gaz)
    return after is not None and nxt.group(1) not in keys and _split_particle(nxt.group(1)) is None \
        and _heads_organisation(after.group(1))


#: Sino-Korean suffixes of institutions: 局 bureau ("보안국", "정찰국"), 部 ministry ("내무부",
#: "총참모부"), 廳 agency ("경찰청"), 處 office ("정보처"), 院 institute ("정보원"), 省 ministry
#: ("방위성"). Words of two syllables are left out: "북부", "내부", "일부", "전국", "제국" are
#: no bodies.
_INSTITUTION_SUFFIXES = frozenset("국부청처원성")


def _institution(word: str, gaz: Gazetteer) -> bool:
    """Whether ``word`` (a particle aside) names an institution by its Sino-Korean suffix: three
    syllables or more ending in one of :data:`_INSTITUTION_SUFFIXES`, and no place's name."""
    bare = _split_particle(word) or word
    keys, _ = _korean_keys(gaz)
    return len(bare) >= 3 and bare[-1] in _INSTITUTION_SUFFIXES and bare not in keys


def _heads_organisation(word: str) -> bool:
    """Whether ``word`` is an organisation's head ("해군", "정보기관은") or a compound ending in
    one ("흑해함대", "전략국제문제연구소")."""
    bare = word if word in KOREAN_ORGANISATION_HEADS else (_split_particle(word) or word)
    return any(word == h or (word.startswith(h) and _split_particle(word[len(h):]) is not None)
               or (len(h) >= 2 and bare.endswith(h))
               for h in KOREAN_ORGANISATION_HEADS if h != "군")


def _country(gaz: Gazetteer, ids: tuple[int, ...]) -> bool:
    return any(gaz.feature[e] == "country" for e in ids)


def _korean_place(gaz: Gazetteer, ids: tuple[int, ...]) -> bool:
    """True when one of ``ids`` is in Korea or is no town (a country, capital, division, sea...)."""
    return any(gaz.country_code[e] in ("KP", "KR") or gaz.feature[e] != "city" for e in ids)


# ------------------------------------------------------------------ Cyrillic


def cyrillic_language(text: str) -> str:
    """``uk`` when the Cyrillic of ``text`` holds more letters only Ukrainian has than letters
    only Russian has, else ``ru``."""
    uk = sum(ch in _ONLY_UK for ch in text)
    ru = sum(ch in _ONLY_RU for ch in text)
    return "uk" if uk > ru else "ru"


@functools.cache
def _analyzer(lang: str) -> Any:
    """pymorphy3's analyser for ``lang`` (``ru``, ``uk``), or None when it is not installed."""
    try:
        import pymorphy3
    except ImportError:
        return None
    try:
        return pymorphy3.MorphAnalyzer(lang=lang)
    except (ValueError, ImportError, OSError):  # the language's dictionary is not installed
        return None


class _Word:
    """A Cyrillic word with its readings."""

    __slots__ = ("end", "parses", "start", "text")

    def __init__(self, start: int, end: int, text: str, parses: tuple[Any, ...]):
        self.start, self.end, self.text, self.parses = start, end, text, parses


@functools.lru_cache(maxsize=100_000)
def _parse(lang: str, word: str) -> tuple[Any, ...]:
    morph = _analyzer(lang)
    return tuple(morph.parse(word)) if morph is not None else ()


def _lemmas(w: _Word) -> Iterator[tuple[str, Any]]:
    """The forms of ``w`` to look up: as written, then each reading's lemma (with the reading).
    For a word the dictionary does not know, a guessed feminine lemma without its -а too: a
    foreign town's case forms ("в Натанзе") are guessed from a feminine "натанза"."""
    yield w.text, None
    for p in w.parses:
        yield p.normal_form, p
    if w.parses and not any(p.is_known for p in w.parses):
        for p in w.parses:
            if p.normal_form.endswith("а") and len(p.normal_form) > 4 and w.text.lower() != p.normal_form:
                yield p.normal_form[:-1], p


def _agreeing(adj: _Word, noun: _Word) -> Iterator[str]:
    """Nominative phrases of an adjective and the noun after it that agree with it in case,
    number and gender ("Брянской области" -> "брянская область", "Курильских островах" ->
    "курильские острова"); a region's generic noun is read as the division's
    ("Калінінградському регіону" -> "калінінградська область")."""
    seen = set()
    for n in noun.parses:
        if n.tag.POS != "NOUN":
            continue
        for a in adj.parses:
            if a.tag.POS != "ADJF" or a.tag.case != n.tag.case or a.tag.number != n.tag.number:
                continue
            if n.tag.number == "sing" and n.tag.gender and a.tag.gender and a.tag.gender != n.tag.gender:
                continue
            want = {"nomn"} | ({n.tag.number} if n.tag.number else set())
            if n.tag.number != "plur" and n.tag.gender:
                want.add(n.tag.gender)
            form = a.inflect(want) or a.inflect({"nomn"})
            head = n.inflect({"nomn"})
            phrases = [(form, n.normal_form), (form, head.word if head else n.normal_form)]
            if n.normal_form in REGION_NOUNS and n.tag.number != "plur":
                phrases += [(a.inflect({"nomn", g}), word) for g, word in REGION_NOUNS[n.normal_form]]
            for f, word in phrases:
                phrase = f"{f.word if f else a.normal_form} {word}"
                if phrase not in seen:
                    seen.add(phrase)
                    yield phrase


def _opens_sentence(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and (text[i].isspace() or text[i] in "\"'«“„(—–-"):
        i -= 1
    return i < 0 or text[i] in ".!?:;\n"


def _in_organisation(words: list[_Word], i: int) -> bool:
    """True when ``words[i]``, in the genitive, ends an organisation's name: an organisation's head
    noun stands at most three genitive words before it ("Служба безпеки України")."""
    if not any(p.tag.case == "gent" for p in words[i].parses):
        return False
    for j in range(i - 1, max(-1, i - 4), -1):
        w = words[j]
        if w.end + 3 < words[j + 1].start:
            return False  # not the same phrase
        if w.parses and w.parses[0].tag.POS in _FUNCTION_WORDS:
            return False  # "удара ВСУ по порту": a preposition ends the body's name
        if any(p.normal_form in CYRILLIC_ORGANISATION_HEADS for p in w.parses) \
                or w.text.lower() in CYRILLIC_ORGANISATION_HEADS:
            return True
        if not any(p.tag.case == "gent" for p in w.parses):
            return False
    return False


def _names_a_ship(text: str, words: list[_Word], i: int) -> bool:
    """True when a ship type stands before the (quoted) word: "БДК “Мінськ”"."""
    gap = text[words[i - 1].end:words[i].start] if i else ""
    if not gap.strip(" \u00a0") or gap.strip(" \u00a0" + _QUOTES):
        return False  # no quote between them, or more than quotes ("судна, Lady Augusta (Ямайка")
    prev = words[i - 1]
    return prev.text.lower() in CYRILLIC_VESSEL_WORDS or any(
        p.normal_form in CYRILLIC_VESSEL_WORDS for p in prev.parses)


def _before_organisation(words: list[_Word], i: int) -> bool:
    """True when the word, read as an adjective, qualifies an organisation's head noun after it
    ("Чорноморського флоту": the Black Sea Fleet)."""
    if i + 1 >= len(words) or words[i].end + 2 < words[i + 1].start:
        return False
    return any(p.tag.POS == "ADJF" for p in words[i].parses) and any(
        p.normal_form in CYRILLIC_ORGANISATION_HEADS for p in words[i + 1].parses)


#: Nouns of the parts of a country, capitalised as regions ("на Сході України"): no name's head.
_COMPASS_NOUNS = frozenset({"схід", "захід", "північ", "південь", "восток", "запад", "север", "юг", "центр"})


def _after_a_names_noun(text: str, words: list[_Word], i: int, gaz: Gazetteer) -> bool:
    """True when the word, in the genitive, follows a capitalised common noun inside a sentence
    ("передають Патріоти України"): Russian and Ukrainian capitalise only a name's first word,
    so the noun opens the name of an outlet, a movement or a body that ends in the place. A
    place's name before it opens no name ("анексованому Росією Криму")."""
    if i == 0 or words[i - 1].end + 1 != words[i].start or not any(p.tag.case == "gent"
                                                                    for p in words[i].parses):
        return False
    prev = words[i - 1]
    if not prev.text[0].isupper() or prev.text.isupper() or _opens_sentence(text, prev.start):
        return False
    if any(name_key(form) in gaz.names for form, _ in _lemmas(prev)):
        return False
    tags = [p for p in prev.parses if p.is_known]
    return bool(tags) and all(p.tag.POS == "NOUN" and not ({"Geox", *_PERSON_TAGS} & p.tag.grammemes)
                              and p.normal_form not in _COMPASS_NOUNS for p in tags)


def _after_an_unknown_name(text: str, words: list[_Word], i: int, ids: tuple[int, ...],
                           gaz: Gazetteer) -> bool:
    """True when a country in the genitive follows, one space on, a capitalised word that the
    dictionary knows only as an organisation's name (pymorphy3's Orgn: "Газпром России",
    "Роснефть") or does not know, and the gazetteer does not hold: a coined name, a firm's or a
    body's, that ends in its country."""
    if i == 0 or words[i - 1].end + 1 != words[i].start or not any(gaz.feature[e] == "country" for e in ids):
        return False
    prev = words[i - 1]
    if not prev.text[0].isupper() or prev.text.isupper() or any(
            p.is_known and "Orgn" not in p.tag.grammemes for p in prev.parses):
        return False
    return any(p.tag.case == "gent" for p in words[i].parses) and not any(
        name_key(form) in gaz.names for form, _ in _lemmas(prev))


def _before_a_bodys_name(text: str, words: list[_Word], j: int) -> bool:
    """True when word ``j``, right after a place, opens a body's name in the genitive ("директор
    программы ... в Восточной Азии Института международных исследований"): the place is part of
    a title's chain of genitives, the scope of a programme, not a place of the story."""
    if j <= 0 or j >= len(words) or words[j - 1].end + 1 != words[j].start:
        return False
    w = words[j]
    return w.text[0].isupper() and not w.text.isupper() and not _opens_sentence(text, w.start) and any(
        p.tag.case == "gent" and p.normal_form in CYRILLIC_ORGANISATION_HEADS for p in w.parses)


def _given_name_before_surname(words: list[_Word], i: int) -> bool:
    """True when word ``i`` may be a given name and the next word, one space on and capitalised,
    is a surname or a patronymic ("Владимир Путин", "Володимир Олександрович") or a word the
    dictionary does not know ("Володимир Зеленський" aside, which it reads as an adjective)."""
    if i + 1 >= len(words) or words[i].end + 1 != words[i + 1].start:
        return False
    if not any("Name" in p.tag.grammemes for p in words[i].parses):
        return False
    nxt = words[i + 1]
    if not nxt.text[:1].isupper() or any("Geox" in p.tag.grammemes for p in nxt.parses):
        return False
    return any("Surn" in p.tag.grammemes or "Patr" in p.tag.grammemes for p in nxt.parses) or not any(
        p.is_known for p in nxt.parses)


#: Nouns of units and of weapons before their quoted names ("полк «Азов»", "комплекс «Панцирь»").
_UNIT_AND_WEAPON_NOUNS = frozenset({
    "батальон", "батальйон", "полк", "бригада", "дивизия", "дивізія", "легион", "легіон", "отряд", "загін",
    "рота", "подразделение", "підрозділ", "группа", "група", "чвк", "спецназ", "система", "комплекс",
    "ракета", "дрон", "беспилотник", "безпілотник", "бпла", "зрк", "пзрк", "ркс", "танк", "самолет",
    "літак", "вертолет", "гелікоптер", "операция", "операція", "учения", "навчання"})


def _quoted_after_a_names_head(text: str, words: list[_Word], i: int) -> bool:
    """True when ``words[i]`` stands inside quotes that open right after the noun of a body, a
    unit, an outlet, a ship or a weapon ("батальон «Азов»", "Легион «Свобода России»",
    "телеканал «Київ»", "фрегат «Адмирал Эссен»", "система «Тор»"): the quoted words are that
    thing's name. A site's noun before the quotes is read as the site (_feature_site)."""
    opening = max(text.rfind(q, 0, words[i].start) for q in "«\"“„")
    if opening < 0 or any(q in text[opening + 1:words[i].start] for q in "»\"”") \
            or words[i].start - opening > 40:
        return False
    head = next((w for w in reversed(words[:i]) if w.end <= opening), None)
    if head is None or text[head.end:opening].strip(" \u00a0") != "":
        return False
    nouns = CYRILLIC_ORGANISATION_HEADS | _UNIT_AND_WEAPON_NOUNS | _MEDIA_NOUNS | CYRILLIC_VESSEL_WORDS
    return head.text.lower() in nouns or any(p.normal_form in nouns for p in head.parses)


#: Nouns of outlets before their names ("Радио Свобода", "телеканал Дождь", "газета Известия").
_MEDIA_NOUNS = frozenset({"радио", "радіо", "телеканал", "газета", "агентство", "агенція", "издание",
                          "видання", "журнал", "портал", "телеграм-канал"})


def _government_speaks(words: list[_Word], i: int, ids: tuple[int, ...], gaz: Gazetteer) -> bool:
    """True when the seat of government ``words[i]`` names ("Кремль") stands for its government:
    in the nominative before a verb ("Кремль заявил", "Кремль отверг"), or in the genitive after a
    person's noun ("пресс-секретарь Кремля", "представник Кремля"). "В Кремле" is the building."""
    if not any(gaz.feature[e] == "government_building" for e in ids):
        return False
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) and words[i + 1].start - w.end <= 2 else None
    if nxt is not None and any(p.tag.case == "nomn" for p in w.parses) \
            and any(p.tag.POS in ("VERB", "INFN") for p in nxt.parses):
        return True
    prev = words[i - 1] if i and w.start - words[i - 1].end <= 2 else None
    return prev is not None and any(p.tag.case == "gent" for p in w.parses) and any(
        p.tag.POS == "NOUN" and "anim" in p.tag.grammemes for p in prev.parses)


def _only_a_country(w: _Word, gaz: Gazetteer) -> bool:
    """True when every reading the dictionary knows of the lower-case word ``w`` is a country's
    name ("росії"): a lower-case word that may also be a pronoun, an adjective or a common noun
    ("того": Togo or 'that', "малі": Mali or 'small', "кубе": Cuba or 'cube') is that word. A
    reading as a person ("білорусі": also 'of a Belarusian') is the country's people, no other word."""
    known = [p for p in w.parses if p.is_known and "anim" not in p.tag.grammemes]
    return all(any(gaz.feature[e] == "country" for e in gaz.names.get(name_key(p.normal_form), ()))
               for p in known)


def _accept(text: str, words: list[_Word], i: int, key: str, reading: Any, gaz: Gazetteer) -> bool:
    """Whether a single word read as ``key`` names a place here (see the module description)."""
    w = words[i]
    ids = gaz.names[key]
    strong = key in gaz.strong_keys
    if not w.text[0].isupper():
        return any(gaz.feature[e] == "country" for e in ids) and _only_a_country(w, gaz)
    if w.text.isupper() and len(w.text) > 1 and (name_key(w.text) != key
                                                 or w.text.lower() in CYRILLIC_ORGANISATION_HEADS):
        return False  # an acronym read through a lemma, or a body's ("ОДА": a regional administration)
    if w.text.isupper() and len(w.text) > 1 and not any(
            gaz.feature[e] in ("country", "admin1", "capital") for e in ids):
        return False  # "ГЕС", "НПЗ": an abbreviation, not the Cyrillic name of a village abroad ("Гес")
    if i and words[i - 1].end + 1 == w.start and any(p.normal_form in _MEDIA_NOUNS
                                                     for p in words[i - 1].parses):
        return False  # "Радио Свобода", "телеканал Дождь": an outlet's name
    if _quoted_after_a_names_head(text, words, i):
        return False  # "батальон «Азов»", "телеканал «Київ»", "система «Тор»": a body's or a thing's name
    if _after_an_unknown_name(text, words, i, ids, gaz):
        return False  # "Сбербанк России", "Нафтогаз України": a firm's or a body's name
    if _government_speaks(words, i, ids, gaz):
        return False  # "Кремль заявил", "пресс-секретарь Кремля": the government, not the building
    if _in_organisation(words, i) or _names_a_ship(text, words, i) or _before_organisation(words, i) \
            or _after_a_names_noun(text, words, i, gaz) or _before_a_bodys_name(text, words, i + 1):
        return False
    tags = [p.tag for p in w.parses]
    if any(t.POS in _FUNCTION_WORDS for t in tags) and not any("Geox" in t.grammemes for t in tags):
        return False
    # An adjective of a place ("Украинский", ADJF Geox) alone names no place; with its noun it
    # is read whole by _two_words.
    geox = any("Geox" in t.grammemes and t.POS != "ADJF" for t in tags)
    if not strong and not geox and tags and all(any(x in t.grammemes for x in _PERSON_TAGS) for t in tags):
        return False  # a person's name ("Богомаз")
    if _given_name_before_surname(words, i):
        return False  # "Владимир Путин": the given name, not the city Vladimir
    if _opens_sentence(text, w.start) and not (strong or geox):
        # A capital that opens a sentence says nothing: a word the dictionary knows is a word.
        return not any(p.is_known for p in w.parses) if w.parses else False
    return reading is None or strong or geox or reading.tag.POS != "ADJF"


def cyrillic_mentions(text: str, gaz: Gazetteer, *, lang: str | None = None) -> list[Mention]:
    """Place names in the Cyrillic words of ``text`` (see the module description).

    Parameters
    ----------
    text : str
        The text.
    gaz : Gazetteer
        The gazetteer.
    lang : str, optional
        ``ru`` or ``uk``; by default told by the letters (:func:`cyrillic_language`).

    Examples
    --------
    >>> from osint.gazetteer import load_gazetteer
    >>> [(m.text, m.key) for m in cyrillic_mentions("Взрыв в Брянской области.", load_gazetteer())]
    [('Брянской области', 'брянская область')]
    """
    lang = lang or cyrillic_language(text)
    words = [_Word(m.start(), m.end(), m.group(), _parse(lang, m.group()))
             for m in _CYRILLIC_WORD.finditer(text)]
    out: list[Mention] = []
    i = 0
    while i < len(words):
        m = _two_words(text, words, i, gaz) or _one_word(text, words, i, gaz)
        if m is None:
            i += 1
            continue
        out.append(m)
        i += 2 if m.end > words[i].end else 1
    out += _named_sites_again(text, words, out, gaz)
    return sorted(out + _korean_in_cyrillic(text, words, out, gaz), key=lambda m: m.start)


#: Russian and Ukrainian spell Korean names in Kontsevich's system ("Сохэ": Sohae, "Ёнбён":
#: Yŏngbyŏn); back to Latin letters for :func:`korean_comparable` (aspiration marked by х after
#: a stop is dropped, as the comparable form drops it).
_KONTSEVICH = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ", [
    "a", "b", "b", "g", "d", "e", "yo", "j", "j", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t",
    "u", "p", "h", "ts", "ch", "sh", "sh", "", "eu", "", "ae", "yu", "ya", "i", "yi", "ye", "g"]))


def _korean_in_cyrillic(text: str, words: list[_Word], found: list[Mention],
                        gaz: Gazetteer) -> list[Mention]:
    """Places in the two Koreas the dictionary does not know, spelled in Cyrillic ("полигон
    «Сохэ»": Sohae), in a text that names one of the Koreas."""
    if not any(gaz.country_code[e] in ("KP", "KR") and gaz.feature[e] == "country"
               for m in found for e in m.candidates):
        return []
    latin = _korean_latin_keys(gaz)
    out = []
    for i, w in enumerate(words):
        if not w.text[0].isupper() or w.text.isupper() or any(p.is_known for p in w.parses) \
                or any(m.start <= w.start < m.end for m in found):
            continue
        low = re.sub(r"([пткч])х", r"\1", w.text.lower())
        form = korean_comparable("".join(_KONTSEVICH.get(ch, ch) for ch in low))
        keys = latin.get(form, ()) if len(form) >= _MIN_ROMANISED else ()
        ids = tuple(e for k in keys for e in gaz.names[k] if gaz.country_code[e] in ("KP", "KR"))
        if ids:
            out.append(Mention(w.start, w.end, w.text, keys[0], "place", ids, _locative(text, words, i)))
    return out


def _named_sites_again(text: str, words: list[_Word], found: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """The bare adjective of a site the text names with its noun elsewhere ("остров Змеиный",
    then "съемку Змеиного"): the same site. A capitalised word inside a sentence only."""
    sites: dict[str, str] = {}
    for m in found:
        inner = [w for w in words if m.start <= w.start and w.end <= m.end]
        if len(inner) == 2 and any(p.normal_form in _FEATURE_ENGLISH for p in inner[0].parses):
            sites.update((p.normal_form, m.key) for p in inner[1].parses if p.tag.POS == "ADJF")
    if not sites:
        return []
    out = []
    for i, w in enumerate(words):
        if not w.text[0].isupper() or _opens_sentence(text, w.start) \
                or any(m.start <= w.start < m.end for m in found):
            continue
        key = next((sites[p.normal_form] for p in w.parses if p.normal_form in sites), None)
        if key is not None:
            out.append(Mention(w.start, w.end, w.text, key, "place", gaz.names[key],
                               _locative(text, words, i)))
    return out


def _parts(s: str) -> list[str]:
    return s.split()


#: Romanisations GeoNames uses for names it holds only in Latin letters: BGN/PCGN for Russian,
#: Ukraine's national system (2010) for Ukrainian (the word-initial forms where they differ).
_ROMAN = {
    "ru": dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                   _parts("a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y ' e yu ya"))),
    "uk": dict(zip("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
                   _parts("a b v h g d e ie zh z y i i i k l m n o p r s t u f kh ts ch sh shch _ iu ia"))),
}
_ROMAN_INITIAL = {"uk": {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}, "ru": {"е": "ye"}}
#: Feature nouns in English, for "реке Урал" -> "Ural River", "аэропорт «Керчь»" -> "Kerch Airport".
_FEATURE_ENGLISH = {
    **dict.fromkeys(("река", "ріка", "річка"), ("river",)),
    **dict.fromkeys(("остров", "острів"), ("island",)),
    "озеро": ("lake",), "залив": ("gulf", "bay"), "затока": ("bay", "gulf"),
    **dict.fromkeys(("пролив", "протока"), ("strait",)),
    **dict.fromkeys(("аэропорт", "аеропорт"), ("airport", "airfield", "air base")),
    **dict.fromkeys(("аэродром", "аеродром", "авиабаза", "авіабаза"), ("air base", "airfield", "airport")),
}
#: Nouns of a river's parts before its name in the genitive ("на левом берегу Днепра", "в
#: устье Дуная"): the name is the river's, not the town's that shares it.
_RIVER_PARTS = frozenset({
    "берег", "русло", "устье", "приток", "пойма", "левобережье", "правобережье", "гирло", "притока",
    "заплава", "лівобережжя", "правобережжя"})
#: Countries whose GeoNames names are romanised from Russian or Ukrainian.
_ROMAN_COUNTRIES = frozenset({"RU", "UA", "BY"})


def romanise(name: str, lang: str) -> str:
    """``name`` in the romanisation GeoNames uses for ``lang`` (``ru``: BGN/PCGN; ``uk``: the
    national system of 2010).

    Examples
    --------
    >>> romanise("климовский район", "ru"), romanise("ізюмський район", "uk")
    ('klimovskiy rayon', 'iziumskyi raion')
    """
    table, initial = _ROMAN[lang], _ROMAN_INITIAL[lang]
    out = []
    for k, ch in enumerate(name.lower()):
        at_start = k == 0 or not name[k - 1].isalpha()
        r = initial.get(ch) if at_start else None
        out.append(r if r is not None else table.get(ch, ch).replace("_", ""))
    return "".join(out)


def _romanised(gaz: Gazetteer, phrase: str, lang: str, *, anywhere: bool = False) -> str | None:
    """The Latin key of ``phrase`` when the gazetteer holds it for a place in Russia, Ukraine or
    Belarus (a name GeoNames has only in Latin letters: "Klimovskiy Rayon"); with ``anywhere``,
    for a place of no country too (a river, a sea)."""
    ok = _ROMAN_COUNTRIES | ({""} if anywhere else set())
    # A Ukrainian text names places in Russia too, which GeoNames romanises from Russian.
    forms = [romanise(phrase, lang)] + ([romanise(phrase, "ru")] if lang == "uk" else [])
    for key in (k for form in dict.fromkeys(forms) for k in _ending_spellings(name_key(form))):
        if any(gaz.country_code[e] in ok for e in gaz.names.get(key, ())):
            return key
    return None


_ADJECTIVE_ENDING = re.compile(r"(?<=[a-z])(?:yy|iy|yi|ij|ii)\b")


def _ending_spellings(key: str) -> list[str]:
    """``key`` and its spellings with the adjective ending (-ый, -ий, -ій) romanised as GeoNames'
    other sources write it ("Zmeinyy Island" is held as "Zmeiny Island", "Russkiy" as "Russky").

    >>> _ending_spellings("zmeinyy island")
    ['zmeinyy island', 'zmeiny island', 'zmeini island', 'zmeiniy island', 'zmeinyi island']
    """
    if not _ADJECTIVE_ENDING.search(key):
        return [key]
    return list(dict.fromkeys([key, *(_ADJECTIVE_ENDING.sub(e, key) for e in ("y", "i", "iy", "yi"))]))


_UK_TO_RU = str.maketrans({"і": "и", "є": "е", "ї": "и", "ґ": "г", "'": "", "’": "", "ʼ": ""})


def russian_spellings(name: str) -> list[str]:
    """The Russian spellings a Ukrainian name of a place in Russia may have ("приморсько-ахтарськ"
    -> "приморско-ахтарск"): GeoNames holds small Russian towns under their Russian names only.

    Examples
    --------
    >>> russian_spellings("приморсько-ахтарськ")
    ['приморско-ахтарск', 'прыморско-ахтарск']
    >>> russian_spellings("куйбишів")[2:]
    ['куйбышов', 'куйбышев']
    """
    low = re.sub(r"ь(?=к)", "", name.lower())
    ru = low.translate(_UK_TO_RU)
    out = [ru, ru.replace("и", "ы") if "і" not in low else ru]
    # A Ukrainian і in a closed syllable is a Russian о or е ("Куйбишів": Куйбышев, "Зябрівка":
    # Зябровка); the Ukrainian и is then the Russian ы.
    closed = list(_CLOSED_I.finditer(low))
    if closed:
        at = closed[-1].start()
        out += [(low[:at].replace("и", "ы") + vowel + low[at + 1:].replace("и", "ы")).translate(_UK_TO_RU)
                for vowel in "ое"]
    return out


_CLOSED_I = re.compile(r"і(?=[бвгґджзклмнпрстфхцчшщ](?:[бвгґджзклмнпрстфхцчшщ]|$))")


def _russian_spelled(gaz: Gazetteer, form: str) -> str | None:
    """The key of a Ukrainian word read in its Russian spelling, as written and by the Russian
    dictionary's lemmas ("Приморсько-Ахтарську" -> "приморско-ахтарск"), when it names a place in
    Russia, Ukraine or Belarus."""
    for variant in russian_spellings(form):
        for lemma in dict.fromkeys([variant, *(p.normal_form for p in _parse("ru", variant))]):
            key = name_key(lemma)
            if any(gaz.country_code[e] in _ROMAN_COUNTRIES for e in gaz.names.get(key, ())):
                return key
    return None


def _locative(text: str, words: list[_Word], i: int) -> bool:
    return i > 0 and words[i - 1].text.lower() in _LOCATIVE and words[i - 1].end + 2 >= words[i].start


_QUOTES = "\"'«»“”„‘’"


def _two_words(text: str, words: list[_Word], i: int, gaz: Gazetteer) -> Mention | None:
    if i + 1 >= len(words) or _in_organisation(words, i) or _before_a_bodys_name(text, words, i + 2):
        return None  # "Правительство Белгородской области": the region's government
    a, b = words[i], words[i + 1]
    gap = text[a.end:b.start]
    if not gap or gap.strip(_QUOTES + " \u00a0") or len(gap) > 3:
        return None
    phrases = [f"{a.text} {b.text}", *(_agreeing(a, b) if a.text[0].isupper() else ())]
    # "порту “Кавказ”": a feature noun in any case before a name as written
    phrases += [f"{p.normal_form} {b.text}" for p in a.parses if p.tag.POS == "NOUN"]
    lang = cyrillic_language(text)
    centres = _district_centres(gaz, a, b, lang)
    for phrase in phrases:
        key = name_key(phrase)
        if key not in gaz.names and (" " in phrase and phrase.split()[-1].islower()):
            key = _romanised(gaz, phrase, lang) or key  # "Климовский район": "Klimovskiy Rayon"
        if key in gaz.names:
            ids = tuple(dict.fromkeys(gaz.names[key] + centres))
            return Mention(a.start, b.end, text[a.start:b.end], key, "place", ids, _locative(text, words, i))
    if centres and (site := _centres_site(gaz, b, centres)):
        # "Каховской ГЭС": the plant the gazetteer holds under its town's name, not the town
        return Mention(a.start, b.end, text[a.start:b.end], site, "place", gaz.names[site],
                       _locative(text, words, i))
    if centres:  # "Темрюкского района": the district of Temryuk, placed at its centre
        return Mention(a.start, b.end, text[a.start:b.end], name_key(phrases[-1]), "place", centres,
                       _locative(text, words, i))
    return None


#: The English words of the sites named after their towns ("Kakhovka Power Plant"), by the
#: lemma of the site's noun.
_SITE_ENGLISH = {
    **dict.fromkeys(("гэс", "гес"), ("power plant", "power station", "hydroelectric power plant", "dam")),
    **dict.fromkeys(("аэс", "аес"), ("nuclear power plant", "nuclear power station")),
    **dict.fromkeys(("тэц", "тец", "грэс", "грес"), ("power plant", "power station", "thermal power plant")),
    **dict.fromkeys(("нпз", "нефтеперерабатывающий", "нафтопереробний", "нефтезавод", "нафтозавод"),
                    ("refinery", "oil refinery")),
    **dict.fromkeys(("порт", "морпорт"), ("port", "sea port")),
    **dict.fromkeys(("нефтебаза", "нафтобаза"), ("oil depot",)),
}


def _centres_site(gaz: Gazetteer, noun: _Word, centres: tuple[int, ...]) -> str | None:
    """The key of the site ``noun`` names that the gazetteer holds under the English name of one
    of the towns ``centres`` ("Kakhovka" + "power plant"), or None."""
    english = next((_SITE_ENGLISH[p.normal_form] for p in noun.parses if p.normal_form in _SITE_ENGLISH),
                   _SITE_ENGLISH.get(noun.text.lower(), ()))
    for site in english:
        for e in centres:
            key = name_key(f"{gaz.entry(e).name} {site}")
            if any(gaz.country_code[d] == gaz.country_code[e] for d in gaz.names.get(key, ())):
                return key
    # The site under another spelling of its town's name ("Zaporozhye Nuclear Power Plant" for
    # the town "Zaporizhzhya"): a site key of the country that begins as the town's name does,
    # within SITE_KM of it.
    for site in english:
        for e in centres:
            town = name_key(gaz.entry(e).name)
            for key in _site_keys(gaz, gaz.country_code[e], site):
                near = any(distance_km(gaz.lat[d], gaz.lon[d], gaz.lat[e], gaz.lon[e]) < SITE_KM
                           for d in gaz.names[key])
                if key[:4] == town[:4] and near:
                    return key
    return None


#: How far from its town a site named after it may lie (a nuclear plant stands apart).
SITE_KM = 80.0


@functools.lru_cache(maxsize=64)
def _site_keys(gaz: Gazetteer, country: str, site: str) -> tuple[str, ...]:
    """The keys of a country's places that end in a site's words ("... nuclear power plant")."""
    return tuple(k for k in gaz.keys_in_country(country) if k.endswith(" " + site))


#: Nouns of districts named after their centres ("Темрюкский район", "Ізюмський район"), and of
#: the plants and ports named after their towns ("Саратовський НПЗ", "Ильского
#: нефтеперерабатывающего завода", "Новороссийский порт"): placed at the town.
_DISTRICT_NOUNS = frozenset({
    "район", "округ", "нпз", "нефтеперерабатывающий", "нафтопереробний", "нефтезавод", "нафтозавод",
    "порт", "морпорт", "нефтебаза", "нафтобаза", "аэс", "аес", "тэц", "тец", "грэс", "грес", "гэс", "гес",
    # ... and the bridges named after the town at their end ("Чонгарський міст", "Антоновский мост")
    "мост", "міст"})
#: Adjective endings of such names, and the endings of the centres' names they come from.
_DISTRICT_ADJECTIVE = ("ский", "цкий", "ський", "цький", "зький")
#: "ка": "Каховская ГЭС" -> Kakhovka; "ье": "Запорожская АЭС" -> Zaporozhye.
_CENTRE_ENDINGS = ("", "ск", "о", "а", "ая", "ськ", "е", "ка", "ье")


def _district_centres(gaz: Gazetteer, a: _Word, b: _Word, lang: str) -> tuple[int, ...]:
    """The towns a district's or a plant's adjective names ("Темрюкского района" -> Temryuk;
    "Климовский район" -> Klimovo; "Саратовський НПЗ" -> Saratov), in Russia, Ukraine or Belarus:
    a district is named after its centre, a refinery or a port after its town."""
    if not a.text[0].isupper() or not any(p.normal_form in _DISTRICT_NOUNS for p in b.parses):
        return ()
    ids: list[int] = []
    for lemma in {p.normal_form for p in a.parses if p.tag.POS == "ADJF"}:
        stem = next((lemma[:-len(e)] for e in _DISTRICT_ADJECTIVE if lemma.endswith(e)), "")
        # A town may bear the adjective's own name ("Ильский").
        for form in [lemma, *(stem + e for e in _CENTRE_ENDINGS)] if len(stem) > 2 else ():
            for variant in [form, *(russian_spellings(form) if lang == "uk" else ())]:
                ids += [e for e in gaz.names.get(name_key(variant), ())
                        if gaz.feature[e] in ("city", "capital") and gaz.country_code[e] in _ROMAN_COUNTRIES]
    return tuple(dict.fromkeys(ids))


def _feature_site(text: str, words: list[_Word], i: int, gaz: Gazetteer,
                  found: list[tuple[bool, float, str, Any]], lang: str) -> Mention | None:
    """A name after a feature noun read as that feature ("реке Урал": "Ural River"; "аэропорт
    «Керчь»": "Kerch Airport", by the English name of the place the name is read as)."""
    features = next((_FEATURE_ENGLISH[p.normal_form] for p in words[i - 1].parses
                     if p.normal_form in _FEATURE_ENGLISH), None)
    w, a = words[i], words[i - 1]
    if not features and any(p.normal_form in _RIVER_PARTS for p in a.parses) \
            and any(p.tag.case == "gent" for p in w.parses):
        features, a = ("river",), w  # "на левом берегу Днепра": the river; the bank is no part of its name
    if not features and (k := _feature_before_quote(text, words, i)) is not None:
        # "авіабазою стратегічної авіації "Енгельс"": the quoted name is the base's; the span
        # is the name alone, the words between are no part of it
        features, a = _FEATURE_ENGLISH[next(p.normal_form for p in words[k].parses
                                            if p.normal_form in _FEATURE_ENGLISH)], w
    if not features:
        return None
    english = dict.fromkeys(gaz.entry(e).name for _, _, k, _ in found for e in gaz.names[k])
    for feature in features:
        keys: list[str | None] = [_romanised(gaz, f"{form} {feature}", lang, anywhere=True)
                                  for form, _ in _lemmas(w)]
        named: list[str | None] = [name_key(f"{name} {feature}") for name in english]
        # After a river's part, the river of the English name first: the Russian spelling
        # may name a reach in Russia ("Dnepr River") of the river the story is on.
        keys = named + keys if a is w else keys + named
        if key := next((k for k in keys if k and k in gaz.names), None):
            return Mention(a.start, w.end, text[a.start:w.end], key, "place", gaz.names[key], True)
    return None


def _feature_before_quote(text: str, words: list[_Word], i: int) -> int | None:
    """The index of a feature noun two or three words before the quoted name ``words[i]``, with
    only words in the genitive between ("авіабазою стратегічної авіації "Енгельс"",
    "аэродром военно-транспортной авиации «Мигалово»"), or None."""
    gap = text[words[i - 1].end:words[i].start] if i else ""
    if not gap.strip() or gap.strip() not in _QUOTES:
        return None
    for k in (i - 2, i - 3):
        if k < 0 or not any(p.normal_form in _FEATURE_ENGLISH for p in words[k].parses):
            continue
        between = words[k + 1:i]
        if all(any(p.tag.case == "gent" for p in b.parses) and b.text.islower() for b in between) \
                and all(len(text[x.end:y.start]) == 1 for x, y in zip(words[k:i - 1], between)):
            return k
    return None


def _one_word(text: str, words: list[_Word], i: int, gaz: Gazetteer) -> Mention | None:
    w = words[i]
    if len(w.text) < 2 or any(len(part) > 1 and part.isupper() for part in w.text.split("-")[:-1]):
        return None  # "РБК-Україна": an acronym's compound names an outlet or a firm
    found: list[tuple[bool, float, str, Any]] = []
    for form, reading in _lemmas(w):
        key = name_key(form)
        if key in gaz.names and key not in {k for _, _, k, _ in found}:
            geox = reading is not None and "Geox" in reading.tag.grammemes
            found.append((geox, reading.score if reading is not None else 1.0, key, reading))
    lang = cyrillic_language(text)
    if i > 0 and w.text[0].isupper() and (site := _feature_site(text, words, i, gaz, found, lang)):
        return site
    if not found and w.text[0].isupper() and not w.text.isupper():
        for form, reading in _lemmas(w):
            spelled = _romanised(gaz, form, lang) or (_russian_spelled(gaz, form) if lang == "uk" else None)
            if spelled and spelled not in {k for _, _, k, _ in found}:
                found.append((False, reading.score if reading is not None else 1.0, spelled, reading))
    if not found:
        return None
    found.sort(key=lambda f: (not f[0], -f[1]))
    for _, _, key, reading in found:
        if _accept(text, words, i, key, reading, gaz):
            ids = gaz.names[key]
            if _listed_after_a_division_noun(text, words, i) and (division := _division_of(gaz, key)):
                key, ids = division  # "в префектурах Хоккайдо, ..., Ибараки": the prefecture, not the town
            return Mention(w.start, w.end, w.text, key, "place", ids, _locative(text, words, i))
    return None


_DIVISIONS = ("admin1", "admin2")


def _division_of(gaz: Gazetteer, key: str) -> tuple[str, tuple[int, ...]] | None:
    """(key, ids) of the divisions ``key`` names, or of those named by the English name of a
    place it names, in the same country ("Ибараки": the town Ibaraki, and the prefecture Ibaraki
    under the English key), or None."""
    ids = gaz.names[key]
    own = tuple(e for e in ids if gaz.feature[e] in _DIVISIONS)
    if own:
        return key, own
    for e in ids:
        english = name_key(gaz.entry(e).name)
        found = tuple(d for d in gaz.names.get(english, ()) if gaz.feature[d] in _DIVISIONS
                      and gaz.country_code[d] == gaz.country_code[e])
        if found:
            return english, found
    return None


#: Nouns of divisions before a list of their names ("в префектурах Хоккайдо, Аомори и Мияги").
_DIVISION_NOUNS = frozenset({
    "префектура", "провинция", "провінція", "штат", "область", "губерния", "губернія", "кантон",
    "графство", "мухафаза", "вилайет", "вілаєт", "остан", "департамент", "воеводство", "воєводство"})


def _listed_after_a_division_noun(text: str, words: list[_Word], i: int) -> bool:
    """True when ``words[i]`` ends a list of capitalised names (commas, "и", "і", "та" between
    them) that a division's noun opens."""
    j = i
    while j > 0 and i - j < 12:
        gap = text[words[j - 1].end:words[j].start].strip()
        prev = words[j - 1]
        if gap == "" and any(p.normal_form in _DIVISION_NOUNS for p in prev.parses):
            return True
        if gap == ",":
            j -= 1
        elif gap == "" and prev.text.lower() in ("и", "і", "та", "й"):
            j -= 2 if j >= 2 and text[words[j - 2].end:prev.start].strip() == "" else 1
        else:
            return False
        if j <= 0 or not words[j].text[0].isupper():
            return False
    return False


#: A Latin name and, in parentheses, what follows it in a Cyrillic text ("Azov Concord (Мальта)").
_LATIN_BEFORE_PARENTHESES = re.compile(
    r"(?<![\w-])([A-Z][\w'’-]*(?:[ -][A-Z0-9][\w'’-]*)*) \(([^()\n]{2,60})\)")


def flagged_latin_names(text: str, gaz: Gazetteer) -> list[tuple[int, int]]:
    """Spans of the Latin names a Cyrillic text gives a country in parentheses after, as a ship's
    flag or a firm's seat ("судна Blue Star-1 (Панама), Azburg (Домініка) та Azov Concord
    (Мальта)"): a place of the story is written in Cyrillic there, so the Latin name is the
    vessel's or the firm's, whatever town its words name."""
    out: list[tuple[int, int]] = []
    if text.isascii() or not _CYRILLIC_WORD.search(text):
        return out  # no Cyrillic word to stand in the parentheses: one cheap scan, not the long one
    for m in _LATIN_BEFORE_PARENTHESES.finditer(text):
        inside = m.group(2)
        if not _CYRILLIC_WORD.match(inside.strip()):
            continue
        first = cyrillic_mentions(inside, gaz)[:1]
        if first and first[0].start == len(inside) - len(inside.lstrip()) and any(
                gaz.feature[e] == "country" for e in first[0].candidates):
            out.append((m.start(1), m.end(1)))
    return out


def native_mentions(text: str, gaz: Gazetteer) -> list[Mention]:
    """The Korean, Russian and Ukrainian place names of ``text``, in text order (nothing for a
    text without Hangul, Han or Cyrillic letters)."""
    out: list[Mention] = []
    if not has_native_letters(text):  # most English texts: one scan, or none
        return out
    if _KOREAN_WORD.search(text):
        out += korean_mentions(text, gaz)
    if _CYRILLIC_WORD.search(text):
        out += cyrillic_mentions(text, gaz)
    return sorted(out, key=lambda m: m.start)


def reads_cyrillic() -> bool:
    """True when pymorphy3 and its dictionaries are installed (the ``languages`` extra)."""
    return _analyzer("ru") is not None
