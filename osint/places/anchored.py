"""Names the gazetteer lacks, placed where the text itself puts them.

A village, a camp or a neighbourhood below any gazetteer's reach is seldom named alone: the
article says where it is, as an analyst would ("Nguro Soye, 10km south-east of Bama", "the
villages of Gidan Halilu and Gidan Kaka in Birnin Magaji", "Wadi Al Hira near Aziziyah",
"Nyaung Hla village, Tabayin township, [22.6528, 95.4181]"). Such a name is placed from those
words, relative to a place the text names and the gazetteer holds (its anchor), or at the
coordinates written right after it, and says so:

- its point is the anchor's, moved by the distance and bearing the text gives, if any;
- its reason gives the words read and the anchor's own source, and how far the true point
  may lie (:data:`NEAR_KM`, :data:`BEARING_KM`, a share of a stated distance; written
  coordinates are taken as written);
- it is marked for review: the text's word, not a gazetteer's record.

Only places on the ground anchor (towns, sites, written coordinates; a district only for "near"
or a bearing, its point being an estimate): "a village in Nigeria" says nothing a map can use.
The relation must follow the name at once (a comma, "in", "near", a distance and a bearing), or
follow a list of such names, which it then places each of ("Metundo, Quifuqui and Vamizi, near
Palma"). A name placed so is placed wherever else the text names it alone.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from dataclasses import dataclass

from ..geo import destination
from ..model import Entry, Place
from ..model.features import COUNTRY_FEATURES, REGION_FEATURES
from .coordinates import SOURCE  # the text: a point placed from its words, as one it writes

#: The feature of a point placed from the text's words.
FEATURE = "placed_from_text"
#: How far the true point may lie from an anchor the text says it is near (or in, for a town).
NEAR_KM = 15.0
#: ... from an anchor the text gives a bearing from but no distance.
BEARING_KM = 30.0
#: A stated distance is taken to within this share of itself (and never better than MIN_KM).
DISTANCE_SHARE = 0.2
MIN_KM = 3.0
#: Distances beyond this are no neighbourhood: "1,200 km north of Tehran" places nothing.
MAX_KM = 300.0
#: The confidence of a point placed from the text's words: below the online refiner's threshold
#: (osint.places.refine.LOW_CONFIDENCE), so that a geocoder, where allowed, is asked too.
CONFIDENCE = 0.4
REVIEW = "placed from the text's words relative to another place, not from a gazetteer: check the point"

#: Anchors: places on the ground. Countries, divisions, seas and regions are too wide to place a
#: village by.
_NOT_ANCHORS = COUNTRY_FEATURES | REGION_FEATURES | {FEATURE, "border"}

_BEARINGS = {
    "north": 0.0, "n": 0.0, "northeast": 45.0, "north-east": 45.0, "north east": 45.0, "ne": 45.0,
    "east": 90.0, "e": 90.0, "southeast": 135.0, "south-east": 135.0, "south east": 135.0, "se": 135.0,
    "south": 180.0, "s": 180.0, "southwest": 225.0, "south-west": 225.0, "south west": 225.0,
    "sw": 225.0, "west": 270.0, "w": 270.0, "northwest": 315.0, "north-west": 315.0,
    "north west": 315.0, "nw": 315.0,
}
_BEARING = (r"(?P<bearing>(?:north|south)(?:[- ]?(?:east|west))?|east|west|"
            r"(?-i:N|NE|E|SE|S|SW|W|NW))")
_UNITS = {"km": 1.0, "kms": 1.0, "kilometers": 1.0, "kilometres": 1.0, "kilometer": 1.0, "kilometre": 1.0,
          "miles": 1.609344, "mile": 1.609344, "mi": 1.609344, "nautical miles": 1.852, "nm": 1.852}
_DISTANCE = (r"(?P<dist>\d{1,3}(?:[.,]\d)?)\s?(?P<unit>nautical miles|kilomet(?:er|re)s?|kms?|miles?|mi|nm)"
             r"\b(?:\s?\([^)]{1,24}\))?")
#: What may stand between a relation and its anchor: "the capital", "the town of".
_ANCHOR_LEAD = (r"(?:the\s+)?(?:(?:provincial\s+|regional\s+|state\s+|district\s+)?(?:capital|city|town|port|"
                r"village|settlement)(?:\s+of)?\s+)?")
#: Words that may open the relation: "X, a village", "X (", "X is located".
_OPEN = (r"(?:\s?\(|,\s?|\s)(?:(?:a|an|the)\s+(?:small\s+|nearby\s+|remote\s+|border\s+)?"
         r"(?:village|town|hamlet|settlement|camp|neighbou?rhood|district|area|locality|suburb|base|site)\s+)?"
         r"(?:(?:which\s+is|is|are|was|were|lies|lying|located|situated|just|some|about|around|roughly|"
         r"approximately|nearly|only|less\s+than|more\s+than|over|under)\s+)*")
_BEARING_OF = r"\s(?:to\s+the\s+)?" + _BEARING + r"(?:ward)?\s+of\s"
_DISTANCE_RE = re.compile(_OPEN + _DISTANCE + _BEARING_OF + r"\s*" + _ANCHOR_LEAD, re.IGNORECASE)
#: A distance and a bearing after a name ("Nguro Soye, 10km south-east of"): it names a place,
#: whatever else its words might be (read by the extractor too).
RELATION_AFTER_RE = re.compile(_OPEN + _DISTANCE + _BEARING_OF, re.IGNORECASE)
_BEARING_RE = re.compile(_OPEN + r"(?:(?:just|directly|due)\s+)?" + _BEARING + r"(?:ward)?\s+of\s+"
                         + _ANCHOR_LEAD, re.IGNORECASE)
_NEAR_RE = re.compile(_OPEN + r"(?:near|nearby|outside|close\s+to|next\s+to|on\s+the\s+outskirts\s+of|"
                      r"in\s+the\s+vicinity\s+of|not\s+far\s+from)\s+" + _ANCHOR_LEAD, re.IGNORECASE)
_IN_RE = re.compile(r"(?:,\s|\s)(?:in|at)\s+(?:the\s+)?|,\s", re.IGNORECASE)
#: What joins the names of a list: the relation after its last name places each.
_LIST_GAPS = frozenset({", ", " and ", ", and ", " or ", ", or "})
#: How far written coordinates may follow a name to be its own (a line or two of a record:
#: "Wadi al Hira, Jafara, Libya\n\nGeolocation\n\n32.355833, 13.047222").
COORDINATES_REACH = 160
_SENTENCE_END_RE = re.compile(r"[.!?]\s+[A-Z]")


def with_anchored(places: list[Place], text: str, demonyms: Container[str] = ()) -> list[Place]:
    """``places`` with the names the gazetteer lacks placed where the text puts them (see the
    module description), in the same order.

    ``demonyms`` (keys) mark descriptions that are no names: "a Russian naval base in Ochamchire"
    is the town's base, which the text does not name; it is left unplaced.
    """
    if not any(_open(p) and not _described(p, demonyms) for p in places):
        return places
    # A name the text places more than once takes its most precise reading (written coordinates
    # before a stated distance, before "near"), wherever the text names it.
    best: dict[str, tuple[float, Placer]] = {}
    for group in _groups(places, text):
        if any(_described(places[i], demonyms) for i in group):
            continue
        got = _read(places, group, text)
        if got is None:
            continue
        for i in group:
            key = places[i].mention.key
            if key not in best or got.within_km < best[key][0]:
                best[key] = (got.within_km, got)
    if not best:
        return places
    return [best[p.mention.key][1](p) if _open(p) and p.mention.key in best else p for p in places]


def _open(p: Place) -> bool:
    """A mention the text may place: unplaced, on the map, not an analyst's decision."""
    return (p.entry is None and p.within is None and p.analyst is None
            and p.mention.kind in ("unresolved", "place"))


def _described(p: Place, demonyms: Container[str]) -> bool:
    """Whether the mention is a demonym and common words ("Russian naval base"), no name."""
    first, _, rest = p.mention.text.partition(" ")
    return bool(rest) and rest.islower() and first.lower() in demonyms


def _groups(places: Sequence[Place], text: str) -> list[list[int]]:
    """Runs of open mentions that a list joins ("Gidan Halilu and Gidan Kaka"), each as indices."""
    groups: list[list[int]] = []
    for i, p in enumerate(places):
        if not _open(p):
            continue
        if (groups and groups[-1][-1] == i - 1
                and text[places[i - 1].mention.end:p.mention.start] in _LIST_GAPS):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _anchor(p: Place) -> bool:
    return (p.entry is not None and p.within is None
            and (p.entry.feature == "coordinates" or p.entry.feature not in _NOT_ANCHORS))


def _next_place(places: Sequence[Place], after: int, start: int) -> int | None:
    """The index of the first place after index ``after`` whose mention starts at ``start``."""
    for k in range(after + 1, len(places)):
        if places[k].mention.start == start:
            return k
        if places[k].mention.start > start:
            return None
    return None


def _read(places: Sequence[Place], group: list[int], text: str) -> Placer | None:
    """What places the group's names, or None."""
    last = places[group[-1]]
    end = last.mention.end
    coords = _coordinates_after(places, group[-1], text)
    if coords is not None:
        e = coords.entry
        assert e is not None
        return _maker(e.lat, e.lon, f"the coordinates written after it ({coords.mention.text.strip()})",
                      coords, 0.0, 0.8)
    for rx, kind in ((_DISTANCE_RE, "distance"), (_BEARING_RE, "bearing"), (_NEAR_RE, "near"),
                     (_IN_RE, "in")):
        m = rx.match(text, end)
        if m is None:
            continue
        k = _next_place(places, group[-1], m.end())
        if k is None or not _anchor(q := places[k]):
            continue
        a = q.entry
        assert a is not None
        words = text[end:q.mention.end].strip(" ,(")
        if kind == "distance":
            km = float(m["dist"].replace(",", ".")) * _UNITS[m["unit"].lower()]
            if km > MAX_KM:
                return None
            lat, lon = destination(a.lat, a.lon, _BEARINGS[m["bearing"].lower()], km)
            return _maker(lat, lon, f"'{words}'", q, max(MIN_KM, DISTANCE_SHARE * km))
        if _listed(places, k, text):
            # "Palma, Quissanga and Macomia": a list of places, not one inside another; "near
            # Pyongyang, Sinuiju and Anju": near one of them.
            continue
        if kind == "in" and (a.feature == "admin2" or _a_division_too(q)):
            # A district's point is an estimate, too loose to place a village by; "in Arauca"
            # may be the department as well as its capital.
            continue
        return _maker(a.lat, a.lon, f"'{words}'", q, BEARING_KM if kind == "bearing" else NEAR_KM)
    return None


def _a_division_too(q: Place) -> bool:
    """Whether the anchor's name is also a division's of its country (a runner-up reading)."""
    e = q.entry
    assert e is not None
    return any(a.feature in ("admin1", "admin2") and a.country_code == e.country_code for a in q.alternatives)


def _listed(places: Sequence[Place], k: int, text: str) -> bool:
    """Whether another place follows place ``k`` as the next item of a list."""
    return k + 1 < len(places) and text[places[k].mention.end:places[k + 1].mention.start] in _LIST_GAPS


def _coordinates_after(places: Sequence[Place], i: int, text: str) -> Place | None:
    """Coordinates the text writes right after mention ``i`` (within :data:`COORDINATES_REACH`
    characters of the last name before them, no sentence ending between, no other name of a place
    on the ground between)."""
    end = places[i].mention.end
    for q in places[i + 1:]:
        if q.mention.start - end > COORDINATES_REACH:
            return None
        if q.entry is not None and q.entry.feature == "coordinates":
            return None if _SENTENCE_END_RE.search(text, end, q.mention.start) else q
        if q.entry is not None and q.entry.feature not in COUNTRY_FEATURES:
            return None  # "X, Y town, [coords]": the coordinates are the town's
        # Names the gazetteer lacks, divisions and countries between are the record's containers:
        # "Nyaung Hla village, Tabayin township, Sagaing region, [22.65, 95.41]".
    return None


@dataclass(frozen=True)
class Placer:
    """A point read from the text's words relative to an anchor, and how far the true point may
    lie; called on a mention, it returns the mention placed there."""

    lat: float
    lon: float
    words: str
    anchor: Entry
    anchor_reason: str
    within_km: float
    confidence: float = CONFIDENCE

    def __call__(self, p: Place) -> Place:
        a = self.anchor
        if a.feature == "coordinates":
            source = f"the text's coordinates ({self.anchor_reason})"
        else:
            source = f"{a.name} ({a.country_code or 'no country'}; {a.source} {a.source_id})"
        reason = (f"placed from the text: {self.words}; anchor {source}; the true point may lie "
                  f"about {max(self.within_km, 1.0):,.0f} km away")
        # The source id names the anchor the point was read from ("geonames:2347954").
        anchor_id = f"{a.source}:{a.source_id}" if a.source_id else a.source
        entry = Entry(-1, p.mention.text, round(self.lat, 5), round(self.lon, 5), FEATURE, a.country_code,
                      a.admin1, 0, SOURCE, anchor_id, a.source_url)
        return p._replace(entry=entry, confidence=self.confidence, reason=reason, review=REVIEW)


def _maker(lat: float, lon: float, words: str, anchor: Place, within_km: float,
           confidence: float = CONFIDENCE) -> Placer:
    assert anchor.entry is not None
    return Placer(lat, lon, words, anchor.entry, anchor.reason, within_km, confidence)
