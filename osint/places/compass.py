"""A compass part of a country ("western Russia", "западной части России", "на сході України",
"러시아 서부"): one point in that part, not the country's centre thousands of kilometres away.

No outline of a country ships offline, so the part is read from the gazetteer's towns of that
country (GeoNames cities500, those of :data:`MIN_POPULATION` people or more): their extent,
between the 5th and 95th percentiles of latitude and of longitude (a far exclave or island does
not stretch it), is cut in thirds each way; the part is the third (or the corner of two thirds,
"north-west"; the middle of both, "central") its word names, and its point the towns' mean there,
weighted by population: the part as its people live in it (western Russia is about Moscow, not the
Urals). The country stays the alternative; the reason says how many towns the point stands for.
"""

from __future__ import annotations

import math
import re
import weakref

from ..gazetteer import Gazetteer
from ..model import Alternative, Entry, Mention, Place
from .borders import country_towns

#: The towns that stand for a country's parts (at least this many people).
MIN_POPULATION = 10_000
#: Where the towns come from.
TOWNS_SOURCE = "https://download.geonames.org/export/dump/cities500.zip"
#: The confidence of a part's point: a third of a country.
CONFIDENCE = 0.6

# The directions as (north-south, west-east) steps: -1, 0 or 1 third from the middle; None: any.
_N, _S, _W, _E = (1, None), (-1, None), (None, -1), (None, 1)
_DIRECTIONS: dict[str, tuple[int | None, int | None]] = {
    "north": _N, "south": _S, "west": _W, "east": _E, "central": (0, 0),
    "north-west": (1, -1), "north-east": (1, 1), "south-west": (-1, -1), "south-east": (-1, 1)}

#: Words of the directions, by their stems (English, Russian, Ukrainian), longest first. English
#: only by its adjectives: a bare "South" or "West" before a name is mostly part of another name
#: ("West Africa", "South Ossetia"), which the gazetteer holds when it is one.
_STEMS = {
    "north": ("northern", "север", "северн", "північн", "північ", "півноч"),
    "south": ("southern", "юг", "южн", "південн", "південь", "півден", "півдн"),
    "west": ("western", "запад", "західн", "захід", "заход"),
    "east": ("eastern", "восток", "восточн", "східн", "схід", "сход"),
    "central": ("central", "центральн", "центр"),
}
#: The first half of a joined direction: "северо-запад", "північно-східн", "північному сході",
#: "north-west", "Northeast" (English joins its bare words too: "Northeast Syria").
_JOINED = {"north": ("северо", "северн", "північн", "north"), "south": ("юго", "южн", "південн", "south")}


def _stem_pattern(stems: tuple[str, ...]) -> str:
    return "(?:" + "|".join(sorted(stems, key=len, reverse=True)) + ")"


_WORD_END = r"[а-яіїєґ]*"
#: "north-west", "северо-запад", "південно-східн": a joined direction; else one direction.
_DIRECTION = "|".join(
    [f"(?P<{ns}_{we}>{_stem_pattern(_JOINED[ns])}[а-яіїєґ]*[- ]?{_stem_pattern((*_STEMS[we], we))}(?:ern)?)"
     for ns in ("north", "south") for we in ("west", "east")]
    + [f"(?P<{d}>{_stem_pattern(s)})" for d, s in _STEMS.items()])
#: Before a country's name: "western ", "на западе ", "западной части ", "у східній частині ".
_BEFORE = re.compile(
    rf"(?:\b|(?<=[\s«\"(]))(?:{_DIRECTION}){_WORD_END}(?:\s+(?:част|частин){_WORD_END})?\s+$",
    re.IGNORECASE)
#: After a Korean country's name: " 서부", "서부" (in its word), "북서부", "중부".
_KOREAN_PARTS = {"북서부": "north-west", "북동부": "north-east", "남서부": "south-west",
                 "남동부": "south-east", "서부": "west", "동부": "east", "남부": "south", "북부": "north",
                 "중부": "central"}
_KOREAN_AFTER = re.compile(r"\s?(" + "|".join(sorted(_KOREAN_PARTS, key=len, reverse=True)) + ")")
#: What may follow a Korean part's word in its word: a particle's first syllable or an area's
#: word ("서부에서", "서부의", "서부지역"); anything else makes it another word ("서부전선사령부").
_KOREAN_AFTER_PART = ("에", "의", "은", "는", "을", "를", "과", "와", "도", "로", "지역", "국경", "전선")

#: Each country's parts' points, once per gazetteer.
_PARTS: weakref.WeakKeyDictionary[Gazetteer, dict[tuple[str, str], tuple[float, float, int] | None]] = (
    weakref.WeakKeyDictionary())


def with_compass_parts(text: str, places: list[Place], gazetteer: Gazetteer) -> list[Place]:
    """``places`` with each country the text names by a compass part replaced by a point in that
    part (see the module description)."""
    out = []
    starts = {p.mention.start for p in places}
    for p in places:
        part = _part(text, p, starts) if p.entry is not None and p.entry.feature == "country" else None
        placed = _place(text, p, *part, gazetteer) if part else None
        out.append(placed or p)
    return out


def _part(text: str, p: Place, starts: set[int]) -> tuple[str, int, int] | None:
    """The direction the text gives ``p``'s country, and the span of the whole phrase. A Korean
    part before another place's name ("러시아 서부 벨고로드", Belgorod in western Russia) locates
    that place: the country stays the country (``starts``: where the text's places begin)."""
    m = p.mention
    if m.text.endswith(tuple(_KOREAN_PARTS)):
        word = next(w for w in sorted(_KOREAN_PARTS, key=len, reverse=True) if m.text.endswith(w))
        return _KOREAN_PARTS[word], m.start, m.end
    if after := _KOREAN_AFTER.match(text, m.end):
        end = after.end()
        if text[end:end + 1] == " " and end + 1 in starts:
            return None
        rest = text[end:end + 2]
        if not rest or not "\uac00" <= rest[0] <= "\ud7af" or rest.startswith(_KOREAN_AFTER_PART):
            return _KOREAN_PARTS[after.group(1)], m.start, end
        return None
    before = _BEFORE.search(text, max(0, m.start - 40), m.start)
    if before is None:
        return None
    direction = next(k for k, v in before.groupdict().items() if v).replace("_", "-")
    return direction, before.start(), m.end


def _towns(gaz: Gazetteer, cc: str) -> list[tuple[float, float, int]]:
    """The country's towns of :data:`MIN_POPULATION` or more."""
    return [t for t in country_towns(gaz, cc) if (t[2] or 0) >= MIN_POPULATION]


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def part_point(towns: list[tuple[float, float, int]], direction: str) -> tuple[float, float, int] | None:
    """The population-weighted mean of ``towns`` (lat, lon, population) in the ``direction`` part of
    their extent, and how many towns it stands for; None when no town lies there.

    Examples
    --------
    >>> towns = [(50.0, 24.0, 700_000), (50.0, 30.5, 2_900_000), (50.0, 36.2, 1_400_000)]
    >>> part_point(towns, "east")
    (50.0, 36.2, 1)
    """
    if not towns:
        return None
    # Longitudes about the towns' weighted centre, so that a country across the 180th meridian
    # (Russia's Chukotka) is one stretch.
    weight = sum(max(p, 1) for _, _, p in towns)
    x = sum(max(p, 1) * math.cos(math.radians(lon)) for _, lon, p in towns) / weight
    y = sum(max(p, 1) * math.sin(math.radians(lon)) for _, lon, p in towns) / weight
    mid = math.degrees(math.atan2(y, x))
    rel = [(lat, (lon - mid + 180.0) % 360.0 - 180.0, p) for lat, lon, p in towns]
    ns, we = _DIRECTIONS[direction]
    kept = rel
    for axis, step in ((0, ns), (1, we)):
        if step is None:
            continue
        values = [t[axis] for t in rel]
        lo, hi = _percentile(values, 0.05), _percentile(values, 0.95)
        third = (hi - lo) / 3
        bounds = {-1: (-math.inf, lo + third), 0: (lo + third, hi - third), 1: (hi - third, math.inf)}[step]
        kept = [t for t in kept if bounds[0] <= t[axis] <= bounds[1]]
    if not kept:
        return None
    w = sum(max(p, 1) for _, _, p in kept)
    lat = sum(max(p, 1) * t for t, _, p in kept) / w
    lon = sum(max(p, 1) * t for _, t, p in kept) / w + mid
    return round(lat, 5), round((lon + 180.0) % 360.0 - 180.0, 5), len(kept)


def _place(text: str, p: Place, direction: str, start: int, end: int, gaz: Gazetteer) -> Place | None:
    assert p.entry is not None
    country = p.entry
    parts = _PARTS.setdefault(gaz, {})
    key = (country.country_code, direction)
    if key not in parts:  # a country's part is the same point in every text
        parts[key] = part_point(_towns(gaz, country.country_code), direction)
    point = parts[key]
    if point is None:
        return None
    lat, lon, n = point
    words = {"north-west": "north-western", "north-east": "north-eastern", "south-west": "south-western",
             "south-east": "south-eastern", "central": "central"}
    name = f"{words.get(direction, direction + 'ern')} {country.name}"
    mention = Mention(start, end, text[start:end], name.lower(), "region", (), p.mention.locative)
    entry = Entry(-1, name, lat, lon, "region", country.country_code, "", 0, "derived",
                  f"part:{country.country_code}:{direction}", TOWNS_SOURCE)
    why = (f"{name}: the population-weighted mean of the {n} towns of {MIN_POPULATION:,}+ people in "
           f"the {direction} third of {country.name}'s extent (the gazetteer's towns)")
    return Place(mention, entry, CONFIDENCE, (Alternative.of(country, p.confidence),), why,
                 review="a point for a part of a country: the text may mean another place in it")
