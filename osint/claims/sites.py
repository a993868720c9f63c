"""The sites an imagery claim is about: named in its sentence, described, or taken from context.

A described site ("a training area outside Pyongyang") is resolved to the
gazetteer's curated sites of the fitting feature type within a radius set by the
relation word, in the stated direction for "north of" and the like, nearest first,
with the reasoning kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from ..gazetteer import Entry, Gazetteer
from ..geo import bearing_deg, compass, destination, distance_km
from ..model.claims import Site, _Span

#: Site descriptions -> the gazetteer feature types that can fill them.
SITE_DESCRIPTORS: dict[str, tuple[str, ...]] = {
    r"training (?:area|ground|field|facility|site)|parade (?:ground|training ground|training facility)|"
    r"drill ground|rehearsal (?:area|site|ground)":
        ("parade_ground", "military_training", "training_area", "training_ground"),
    r"air ?field|air ?base|airport|airstrip": ("airport", "airfield", "air_base"),
    r"launch (?:site|pad|facility)|launching (?:station|ground|site)": ("space_launch_site", "missile_base"),
    r"nuclear (?:site|facility|complex|test site)|test site|reactor|enrichment (?:site|plant)":
        ("nuclear_site",),
    r"naval base|submarine base|port|harbou?r|shipyard": ("naval_base", "port", "shipyard"),
    r"missile base|missile operating base": ("missile_base",),
    r"square|plaza": ("square",),
    r"cemetery": ("cemetery",),
}


_RELATION = (r"outside|near|in|inside|within|on the outskirts of|in the outskirts of|close to|around|"
             r"(?:just\s+)?(?:north|south|east|west|northeast|northwest|southeast|southwest)\s+of")


_PLACE_NAME = r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3}"


_DESCRIBED_SITE = re.compile(
    rf"\b(?:an?|the|one)\s+(?:[\w-]+\s+){{0,2}}?(?P<desc>{'|'.join(SITE_DESCRIPTORS)})\s+"
    rf"(?P<rel>{_RELATION})\s+(?:the\s+(?:city|capital|town)\s+of\s+)?(?P<ref>{_PLACE_NAME})")


_NAMED_RELATION = re.compile(
    r"^(?:(?:\s+[a-z][a-z-]+){0,3}?\s+(?:air ?base|airport|airfield|air field|base|site|facility|port|"
    r"harbou?r|complex|area|ground|square|plant|depot|yard|shipyard|range|station|centre|center))?"
    rf"\s*,?\s*(?P<rel>{_RELATION}|on the (?:outskirts|edge) of)\s+(?:the\s+(?:city|capital|town)\s+of\s+)?")


#: Search radius (km) for a described site, by the relation word.
RELATION_RADIUS_KM = {"in": 25.0, "inside": 25.0, "within": 25.0, "around": 40.0, "near": 40.0,
                      "close to": 40.0, "outside": 40.0, "outskirts": 40.0, "direction": 80.0}


_BEARINGS = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180, "southwest": 225,
             "west": 270, "northwest": 315}


#: Place features that are never an imagery claim's site on their own when something finer is named.
COARSE_FEATURES = {"continent", "country", "admin1"}

#: Features too wide for a claim's site when its paragraph names anything finer: a country, a
#: division, a named region ("the Arctic").
WIDE_FEATURES = COARSE_FEATURES | {"region", "ocean"}

#: Features of facilities: a claim placed at a town is about the facility the article names
#: beside it ("images captured over Isfahan" in an article about the air base at Isfahan).
FACILITY_FEATURES = frozenset({
    "airport", "airfield", "air_base", "naval_base", "military_base", "port", "shipyard",
    "nuclear_site", "space_launch_site", "missile_base", "energy_site", "camp", "parade_ground",
    "training_area", "training_ground", "military_training", "bridge", "border_crossing", "dam"})

#: How far (km) a facility may lie from the town a claim names and still be the town's facility.
FACILITY_TOWN_KM = 25.0

#: Words that make the place before them the attribute of an organisation, not a place imaged:
#: "U.S. aerospace company Umbra", "a San Francisco satellite operator", "Russia's Black Sea fleet".
_ORGANISATION_HEAD = re.compile(
    r"^\.?(?:['’]s)?(?:\s+[a-z][\w-]*){0,3}?\s+(?:compan(?:y|ies)|firms?|operators?|start-?ups?|fleets?|"
    r"agenc(?:y|ies)|institutes?|manufacturers?|contractors?|makers?|outlets?|newspapers?|broadcasters?|"
    r"providers?|vendors?|think[- ]tanks?|consultanc(?:y|ies)|researchers?|analysts?|officials?|"
    r"authorities|government|ministry|military|army|navy|forces)\b")


#: Words after a country that make it the owner of the thing seen ("a US radar site in Qatar",
#: "Russia's warships") or the one who speaks or acts ("Russia stated that the images show"): the
#: country is not where the images looked.
_COUNTRY_ROLE = re.compile(
    r"^\.?(?:['’]s)?(?:(?:\s+[a-z][\w-]*){0,2}?\s+(?:bases?|sites?|radars?|troops|soldiers|forces|"
    r"warships?|carriers?|destroyers?|submarines?|jets|aircraft|embass(?:y|ies)|consulates?|navy|army|"
    r"outposts?|positions|installations?|facilit(?:y|ies))\b"
    # ... placed somewhere else ("in Qatar"): "Iran's nuclear sites" are in Iran.
    r"(?=[^.;]{0,30}?\b(?:in|at|near|outside)\s+(?:the\s+)?[A-Z])"
    r"|\s+(?:has\s+|had\s+|have\s+)?(?:stated|said|says|claimed|claims|announced|denied|denies|insisted|"
    r"accused|alleged)\b"
    # ... or owns the body named after it ("Iran's Islamic Revolutionary Guard Corps released").
    r"|['’]s\s+(?:[A-Z][\w-]*\s+){0,5}?(?:Corps|Guards?|Ministry|Army|Navy|Air Force|Forces|Agency|Council|"
    r"Command|Service|Committee|Administration|Organi[sz]ation|Corporation|Television|TV)\b)")

#: Words before a country that make it the one addressed, not a place imaged ("In a message to
#: the United States, the IRGC released images").
_ADDRESSED = re.compile(r"\b(?:messages?|letters?|warnings?|signals?|threats?|appeals?|notes?|ultimatums?)\s+"
                        r"to\s+(?:the\s+)?$", re.I)


def addressed(text: str, start: int) -> bool:
    """True when the place mention starting at ``start`` of ``text`` is who a message is sent to."""
    return bool(_ADDRESSED.search(text[max(0, start - 40):start]))


def attributive(text: str, end: int, country: bool = False) -> bool:
    """True when the place mention ending at ``end`` of ``text`` qualifies an organisation or
    people ("the Finnish satellite company", "U.S. officials") rather than naming where the
    imagery looked; for a ``country``, also when it owns the thing seen ("a US radar site in
    Qatar") or speaks ("Russia stated that ...")."""
    after = text[end:end + 100]
    return bool(_ORGANISATION_HEAD.match(after) or (country and _COUNTRY_ROLE.match(after)))


NOT_SITES = {"think_tank"}


@lru_cache(maxsize=4)
def _curated_ids(gaz_id: int, n: int) -> tuple[int, ...]:  # keyed by the gazetteer object
    gaz = _GAZ_BY_ID[gaz_id]
    return tuple(i for i in range(n) if gaz.source[i] == "curated")


_GAZ_BY_ID: dict[int, Gazetteer] = {}


def curated_entries(gaz: Gazetteer) -> list[Entry]:
    """The gazetteer's curated sites (below city level)."""
    _GAZ_BY_ID[id(gaz)] = gaz
    return [gaz.entry(i) for i in _curated_ids(id(gaz), len(gaz))]


def _entry_source(e: Entry) -> str:
    return f"{e.source}:{e.source_id} {e.source_url}"


def resolve_described_site(desc: str, relation: str, reference: Entry, gaz: Gazetteer,
                           mention: str) -> Site | None:
    """Resolve "a training area outside Pyongyang" to the best gazetteer candidate.

    Candidates are curated sites whose feature type fits the description, within
    a radius that depends on the relation word (and in the stated direction for
    "north of" and the like), nearest first.
    """
    features: tuple[str, ...] = ()
    for pat, feats in SITE_DESCRIPTORS.items():
        if re.fullmatch(pat, desc, re.I):
            features = feats
            break
    rel = relation.lower().replace("just ", "")
    direction = next((d for d in _BEARINGS if rel.startswith(d + " ")), None)
    radius = RELATION_RADIUS_KM["direction"] if direction else next(
        (v for k, v in RELATION_RADIUS_KM.items() if k in rel), 40.0)
    cands = []
    for e in curated_entries(gaz):
        if e.feature not in features:
            continue
        d = distance_km(reference.lat, reference.lon, e.lat, e.lon)
        if d > radius:
            continue
        b = bearing_deg(reference.lat, reference.lon, e.lat, e.lon)
        if direction and min(abs(b - _BEARINGS[direction]), 360 - abs(b - _BEARINGS[direction])) > 67.5:
            continue
        cands.append((d, b, e))
    cands.sort(key=lambda c: c[0])
    ref_src = _entry_source(reference)
    rule = (f"'{mention}': gazetteer sites of type {'/'.join(features)} within {radius:.0f} km of "
            f"{reference.name} ({reference.source}:{reference.source_id})"
            + (f", lying {direction}" if direction else ""))
    if not cands:
        return None
    d, b, e = cands[0]
    others = tuple(f"{c[2].name} ({c[0]:.1f} km {compass(c[1])})" for c in cands[1:4])
    reasoning = (f"{rule}: {len(cands)} candidate(s); nearest is {e.name} ({e.feature}), {d:.1f} km "
                 f"{compass(b)} of the {reference.name} point"
                 + (f"; others: {', '.join(others)}" if others else ""))
    return Site(e.name, e.lat, e.lon, e.feature, _entry_source(e), "described", mention, reasoning,
                (reference.name, reference.lat, reference.lon, ref_src), rel, others, e.source_id,
                e.country_code, entry=e)


def _sites(sent: _Span, places: Sequence, gaz: Gazetteer, skip: list[tuple[int, int]]) -> tuple[Site, ...]:
    """Sites of one imagery sentence: described sites first, then named places.

    Parameters
    ----------
    sent : _Span
        The sentence.
    places : sequence of Place
        The article's places.
    gaz : Gazetteer
        The gazetteer.
    skip : list of (start, end)
        Spans of the text whose places are no sites (where the speaker is, say).

    Returns
    -------
    tuple of Site
        Described sites, then named ones; coarse places only when nothing finer is named.
    """
    consumed: list[tuple[int, int]] = list(skip)  # spans whose places are taken (no sites of their own)
    in_sent = [p for p in places if p.entry is not None and sent.start <= p.mention.start < sent.end]
    sites = _measured_sites(sent, in_sent, gaz, consumed)
    sites += _described_sites(sent, places, gaz, consumed)
    refs = _reference_places(sent, in_sent, gaz, consumed)
    named = _named_sites(sent, in_sent, gaz, consumed, refs, sites)
    fine = [x for x in named if x.feature not in COARSE_FEATURES]
    if sites or fine:
        # A named region beside a town ("damage in Hodeidah ... tensions in the Middle East")
        # frames the news; the finer place is where the images looked.
        finer = [x for x in fine if x.feature not in WIDE_FEATURES]
        named = finer if sites or finer else fine
    elif any(x.feature == "admin1" for x in named):
        named = [x for x in named if x.feature not in ("country", "continent")]
    return tuple(sites + named)


#: A distance and a direction from a place: "around 13 km northwest of", "65 kilometers south of the
#: city of", "20 miles to the north-east of".
_MEASURED = re.compile(
    r"\b(?:(?:about|around|some|roughly|approximately|nearly|almost|just|over|under|less than|"
    r"more than|only)\s+)?(?P<n>\d{1,4}(?:\.\d+)?)\s*[- ]?(?P<unit>km|kilomet(?:er|re)s?|nautical miles?|"
    r"miles?|mi|nm)\s+(?:to the\s+)?(?P<dir>(?:north|south)(?:[- ]?(?:east|west))?|east|west)(?:ern)?\s+of\s+"
    r"(?:the\s+(?:city|town|port|capital|village)\s+of\s+)?", re.I)

#: Kilometres per unit of distance.
_UNIT_KM = {"km": 1.0, "kilomet": 1.0, "mile": 1.609344, "mi": 1.609344, "nautical": 1.852, "nm": 1.852}


def _measured_sites(sent: _Span, in_sent: list, gaz: Gazetteer,
                    consumed: list[tuple[int, int]]) -> list[Site]:
    """The sites a sentence puts at a distance and direction from a place it names ("moored around
    13 km northwest of Tartus"): the point that far along that bearing from the place (the city's
    point for a province named like one). The place is the reference, not a site of its own."""
    out: list[Site] = []
    for m in _MEASURED.finditer(sent.text):
        at = sent.start + m.end()
        p = next((x for x in in_sent if x.mention.start == at), None)
        if p is None or p.entry is None or p.entry.feature in ("country", "continent"):
            continue
        ref = p.entry
        if ref.feature == "admin1":
            same = [x for x in gaz.lookup(p.mention.text) if x.country_code == ref.country_code]
            ref = _prefer_city(same) or ref
        unit = m.group("unit").lower()
        km = float(m.group("n")) * next(v for k, v in _UNIT_KM.items() if unit.startswith(k))
        direction = re.sub(r"[- ]", "", m.group("dir").lower())
        lat, lon = destination(ref.lat, ref.lon, _BEARINGS[direction], km)
        words = f"{m.group(0).strip()} {p.mention.text}"
        consumed.append((p.mention.start, p.mention.end))
        snap = _snap_airfield(sent.text[max(0, m.start() - 80):m.start()], lat, lon, km, gaz)
        if snap is not None:
            e, d = snap
            out.append(Site(e.name, e.lat, e.lon, e.feature, _entry_source(e), "described", words,
                            f"the words measure the site from {ref.name} ({km:.1f} km {direction}) and call "
                            f"it an airfield: the nearest airfield to that point, {d:.1f} km from it, within "
                            f"{_snap_km(km):.0f} km (a third of the distance the text gives, at least 5 km)",
                            (ref.name, ref.lat, ref.lon, _entry_source(ref)), f"{direction} of", (),
                            e.source_id, e.country_code, entry=e))
            continue
        out.append(Site(words, lat, lon, "point", _entry_source(ref), "described", words,
                        f"the words measure the site from {ref.name}: {km:.1f} km {direction} of its "
                        f"point (WGS84 geodesic); as precise as the distance the text gives",
                        (ref.name, ref.lat, ref.lon, _entry_source(ref)), f"{direction} of", (),
                        ref.source_id, ref.country_code, entry=None))
    return out


#: An airfield named just before a measured distance: "the Negev airbase, located 65 km south of".
_AIRFIELD_WORD = re.compile(r"\b(?:air ?base|air ?field|airport|air station|airstrip)s?\b[^.;]{0,60}$", re.I)


def _snap_km(km: float) -> float:
    """How far from a measured point an airfield the words name may lie: press distances are
    rounded, so a third of the distance, at least 5 km."""
    return max(5.0, km / 3)


def _snap_airfield(before: str, lat: float, lon: float, km: float,
                   gaz: Gazetteer) -> tuple[Entry, float] | None:
    """The gazetteer's airfield nearest a measured point, when the words before the measure call
    the site an airfield and one lies within :func:`_snap_km` of the point; else None."""
    word = _AIRFIELD_WORD.search(before)
    if word is None:
        return None
    found = nearest_airfields(lat, lon, _snap_km(km), gaz, word.group(0))
    return found[0] if found else None


def nearest_airfields(lat: float, lon: float, km: float, gaz: Gazetteer,
                      word: str) -> list[tuple[Entry, float]]:
    """The gazetteer's airfields within ``km`` of a point, nearest first, of the kind ``word``
    names: an "air base" a military field, an "airport" one with scheduled flights, any other
    word any field."""
    near = sorted((d, icao, name) for icao, name, a, b in _airfields()
                  if abs(a - lat) < 1.0 and (d := distance_km(lat, lon, a, b)) <= km)
    found = [(e, d) for d, icao, name in near
             if (e := next((x for x in gaz.lookup(name)
                            if x.source == "airportsdata" and x.source_id == icao), None)) is not None]
    kind = ("air_base" if re.match(r"air ?base", word, re.I) else
            "airport" if re.match(r"airport", word, re.I) else None)
    return [(e, d) for e, d in found if kind is None or e.feature == kind]


@lru_cache(maxsize=1)
def _airfields() -> tuple[tuple[str, str, float, float], ...]:
    """(ICAO code, name, lat, lon) of every airport and airfield of the ``airportsdata`` package
    (the gazetteer's source for them; empty without it)."""
    import csv

    try:
        import airportsdata
    except ImportError:
        return ()
    path = Path(airportsdata.__file__).resolve().parent / "airports.csv"
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            try:
                out.append((row["icao"], " ".join(row["name"].split()), float(row["lat"]), float(row["lon"])))
            except (KeyError, ValueError):
                continue
    return tuple(out)


def _described_sites(sent: _Span, places: Sequence, gaz: Gazetteer,
                     consumed: list[tuple[int, int]]) -> list[Site]:
    """The sites a sentence describes ("a training area outside Pyongyang"): named there, found in
    the gazetteer, or stood in for by the reference place (coarse). Each description's span joins
    ``consumed``."""
    sites: list[Site] = []
    for m in _DESCRIBED_SITE.finditer(sent.text):
        ref_entry = _reference_entry(sent, m, places, gaz)
        if ref_entry is None:
            continue
        consumed.append((sent.start + m.start(), sent.start + m.end()))
        # "the Punggye-ri nuclear test site near Pyongyang": the site is named; the words only
        # place it, so it is kept (with its reference and relation), not replaced by a lookup.
        own = next((p for p in places if p.entry is not None and p.entry.feature not in COARSE_FEATURES
                    and sent.start + m.start() <= p.mention.start < sent.start + m.start("desc")), None)
        if own is not None:
            e = own.entry
            sites.append(Site(e.name, e.lat, e.lon, e.feature, _entry_source(e), "named", own.mention.text,
                              f"named in the sentence ('{m.group(0).strip()}'); gazetteer {e.source} entry "
                              f"({own.reason}); placed '{m.group('rel').lower()}' {ref_entry.name}",
                              (ref_entry.name, ref_entry.lat, ref_entry.lon, _entry_source(ref_entry)),
                              m.group("rel").lower(), (), e.source_id, e.country_code, entry=e))
            continue
        site = resolve_described_site(m.group("desc"), m.group("rel"), ref_entry, gaz,
                                      m.group(0).strip())
        if site is None:
            site = Site(ref_entry.name, ref_entry.lat, ref_entry.lon, ref_entry.feature,
                        _entry_source(ref_entry), "described", m.group(0).strip(),
                        f"no gazetteer site of the described type near {ref_entry.name}; "
                        f"the reference place stands in for it (coarse)",
                        None, m.group("rel").lower(), (), ref_entry.source_id,
                        ref_entry.country_code, entry=ref_entry)
        sites.append(site)
    return sites


def _reference_entry(sent: _Span, m: re.Match[str], places: Sequence, gaz: Gazetteer) -> Entry | None:
    """The place a site description is placed against ("... outside Pyongyang"): the resolved
    place at its span, or the city of that name for a province or country, or a lookup."""
    ref_start = sent.start + m.start("ref")
    ref = next((p for p in places if p.entry is not None and p.mention.start == ref_start), None)
    if ref is None or (ref.entry is not None and ref.entry.feature in ("admin1", "country")):
        # The city point, not a province's centroid ("near Kherson" is Kherson the city), in the
        # province's own country: a namesake elsewhere ("in Russia": Russia, Ohio) is never it.
        hits = gaz.lookup(m.group("ref"))
        if ref is not None and ref.entry is not None:
            hits = [e for e in hits if e.country_code == ref.entry.country_code]
        return _prefer_city(hits) or (ref.entry if ref else None)
    return ref.entry


#: The words that end a facility's name ("the Zaporizhzhia nuclear power plant", "Kursk airfield").
_FACILITY_END = re.compile(
    r"\b(?:plant|station|base|airbase|airfield|airport|port|harbou?r|dam|depot|refinery|terminal|"
    r"shipyard|factory|complex|facility|site|camp|reactor|works|mine)s?$", re.I)


def _named_after(mention: str, e: Entry) -> bool:
    """True when a mention names a facility ("the Zaporizhzhia nuclear power plant") but was
    resolved to the populated place it is named after (the gazetteer has no such facility)."""
    towns = ("city", "capital", "town", "village", "admin2")
    return e.feature in towns and bool(_FACILITY_END.search(mention.strip()))


def _reference_places(sent: _Span, in_sent: list, gaz: Gazetteer,
                      consumed: list[tuple[int, int]]) -> dict[int, tuple[str, Entry]]:
    """The places named as a site's reference point: "SITE near CITY", "SITE, north of CITY".

    Returns the relation and the reference entry by the site's mention start; each reference's
    span joins ``consumed`` (CITY is the reference point, not a site).
    """
    s = sent.text
    refs: dict[int, tuple[str, Entry]] = {}
    for p in in_sent:
        tail = s[p.mention.end - sent.start:p.mention.end - sent.start + 60]
        rm = _NAMED_RELATION.match(tail)
        if not rm:
            continue
        q = next((x for x in in_sent if x.mention.start == p.mention.end + rm.end()), None)
        if q is None or q.entry is None or q is p:
            continue
        if p.entry.feature == "country" and attributive(s, p.mention.end - sent.start, True):
            # "a US radar site in Qatar": the site is in Qatar, the US only owns it.
            continue
        # A province's city of its name, in its own country (never a namesake abroad).
        same = [e for e in gaz.lookup(q.mention.text) if e.country_code == q.entry.country_code]
        ref_e = (_prefer_city(same, p.entry.lat, p.entry.lon)
                 if q.entry.feature in ("admin1",) else q.entry) or q.entry
        refs[p.mention.start] = (rm.group("rel").lower(), ref_e)
        consumed.append((q.mention.start, q.mention.end))
    return refs


def _named_sites(sent: _Span, in_sent: list, gaz: Gazetteer, consumed: list[tuple[int, int]],
                 refs: dict[int, tuple[str, Entry]], sites: list[Site]) -> list[Site]:
    """The places a sentence names that are sites: not in a consumed span, not a think tank, not
    one of ``sites`` again; a division named like a city is the city."""
    s = sent.text
    named: list[Site] = []
    for p in in_sent:
        e = p.entry
        if any(a <= p.mention.start < b for a, b in consumed) or e.feature in NOT_SITES:
            continue
        # "an American company", "Iranian missiles": a demonym qualifies, it never places the image;
        # "the Finnish company", "U.S. officials": nor does a place naming who someone is.
        at = p.mention.end - sent.start
        if p.mention.kind == "demonym" or attributive(s, at, e.feature == "country") \
                or (e.feature == "country" and addressed(s, p.mention.start - sent.start)):
            continue
        if e.feature == "admin1":
            # "near Kherson": the city's point, not the province's centroid, when a city has the name.
            city = _prefer_city([x for x in gaz.lookup(p.mention.text) if x.country_code == e.country_code])
            if city is not None and city.feature in ("capital", "city"):
                e = city
        if any(x.name == e.name for x in sites + named):
            continue
        local = s[max(0, p.mention.start - sent.start - 25):p.mention.start - sent.start].lower()
        rel = next((w for w in ("downtown", "central", "outside", "near", "in the centre of", "in")
                    if re.search(rf"\b{w}\s*$", local)), None)
        reference = None
        if p.mention.start in refs:
            rel, r = refs[p.mention.start]
            reference = (r.name, r.lat, r.lon, _entry_source(r))
            placed = r.feature not in WIDE_FEATURES and rel in ("in", "at", "near")
            if placed and _named_after(p.mention.text, e):
                # "the Zaporizhzhia nuclear power plant in Enerhodar": a facility the gazetteer lacks,
                # named after a town but placed in another: it is at that other town.
                named.append(Site(r.name, r.lat, r.lon, r.feature, _entry_source(r), "named", p.mention.text,
                                  f"'{p.mention.text}' is named after {e.name} but placed '{rel}' {r.name}: "
                                  f"the facility is there (coarse, the town's point)", reference, rel, (),
                                  r.source_id, r.country_code, entry=r))
                continue
        named.append(Site(e.name, e.lat, e.lon, e.feature, _entry_source(e), "named", p.mention.text,
                          f"named in the sentence; gazetteer {e.source} entry ({p.reason})"
                          + (f"; placed '{rel}' {reference[0]}" if reference else ""),
                          reference, rel, (), e.source_id, e.country_code, entry=e))
    return named


#: Things a later sentence calls "the depot", "the refinery": the place named with them earlier
#: is the site ("an oil depot near the town of Klintsy ... scorch marks at the depot").
_REFERRED = ("depot", "refinery", "plant", "base", "airbase", "airfield", "port", "bridge", "factory",
             "dam", "camp", "shipyard", "terminal", "reactor", "mine", "barracks", "compound", "warehouse",
             "site", "facility", "installation", "complex", "airstrip", "airport", "runway", "madrasa",
             "village", "town", "field", "reef", "island")
_THE_THING_RE = re.compile(r"\b(?:the|this|that)\s+(?:\w+\s+)?(" + "|".join(_REFERRED) + r")\b",
                           re.IGNORECASE)


def _referred_site(sentence: str, before: Sequence[tuple[int, str]], places: Sequence) -> tuple[Site, ...]:
    """The place named with the thing a sentence calls "the depot", in the sentences before it
    (``before``: their starts and texts, nearest first): the first place after that word there.
    Each thing the sentence calls so is tried in turn ("the new installation ... at the site")."""
    for m in _THE_THING_RE.finditer(sentence):
        found = _introduced_with(m.group(1).lower(), before, places)
        if found:
            return found
    return ()


def _introduced_with(noun: str, before: Sequence[tuple[int, str]], places: Sequence) -> tuple[Site, ...]:
    word = re.compile(rf"\b{noun}s?\b", re.IGNORECASE)
    for start, text in before:
        hit = word.search(text)
        # "an oil depot near Klintsy" introduces it; "the depot supplies ..." only refers to it.
        if not hit or re.search(r"\bthe\s+(?:\w+\s+)?$", text[max(0, hit.start() - 30):hit.start()],
                                re.IGNORECASE):
            continue
        at, end = start + hit.end(), start + len(text)
        # "Kabul airport": the place just before the word names it, or holds it ("Shayrat airfield"
        # read as one name); else the first after it ("an oil depot near Klintsy").
        own = [p for p in places if 0 <= start + hit.start() - p.mention.end <= 3
               or p.mention.start < start + hit.start() < p.mention.end]
        for p in own + [p for p in places if at <= p.mention.start < end]:
            e = p.entry
            if e is None or e.feature in COARSE_FEATURES | NOT_SITES:
                continue
            # "a SIGINT site near Bejucal": the town places the site, it is not the site; the words
            # keep their relation so that the site can be measured against it.
            rel = _TO_REFERENCE.fullmatch(text[hit.end():p.mention.start - start]) if p not in own else None
            if rel is not None:
                return (Site(e.name, e.lat, e.lon, e.feature, _entry_source(e), "referred", p.mention.text,
                             f"the sentence's 'the {noun}' is the {noun} named before it "
                             f"'{rel.group('rel').strip().lower()} {p.mention.text}'; no gazetteer entry "
                             f"for the {noun} itself, so the place stands in for it (coarse)",
                             (e.name, e.lat, e.lon, _entry_source(e)), rel.group("rel").strip().lower(), (),
                             e.source_id, e.country_code, entry=e),)
            return (Site(e.name, e.lat, e.lon, e.feature, _entry_source(e), "referred", p.mention.text,
                         f"the sentence's 'the {noun}' is the {noun} named before it, with "
                         f"'{p.mention.text}' (coarse)", None, None, (), e.source_id, e.country_code,
                         entry=e),)
    return ()


#: What joins a thing to the place that places it: "(site) near (Bejucal)", "(depot) outside the
#: town of (Klintsy)".
_TO_REFERENCE = re.compile(rf"\s*,?\s+(?P<rel>{_RELATION})\s+(?:the\s+(?:city|town|village)\s+of\s+)?")


def _context_site(places: Sequence, lo: int, hi: int, *, wide: bool = False) -> tuple[Site, ...]:
    """The last facility named in the few sentences before a claim without a site, else the last
    place finer than a country or region named there (``wide``: the last division, else region:
    nothing finer is named)."""
    # A sea named before ("supremacy in the Indo-Pacific") frames the news as a region does.
    usable = [p for p in places if p.entry is not None and lo <= p.mention.start < hi
              and p.entry.feature not in (NOT_SITES if wide else WIDE_FEATURES | NOT_SITES | {"sea"})]
    if wide:
        # A division or region, never a country: countries in news copy are mostly actors ("India
        # said its jets hit the camp"), not where the image looked.
        rank = {"admin1": 0, "region": 1, "sea": 1}
        usable = [p for p in usable if p.entry.feature in rank]
        best = min((rank[p.entry.feature] for p in usable), default=0)
        usable = [p for p in usable if rank[p.entry.feature] == best]
    facilities = [p for p in usable if p.entry.feature in FACILITY_FEATURES]
    for p in reversed(facilities or usable):
        e = p.entry
        what = "facility" if facilities else "place"
        return (Site(e.name, e.lat, e.lon, e.feature, _entry_source(e), "context", p.mention.text,
                     f"the sentence names no place; '{p.mention.text}', the last {what} named in the "
                     f"sentences before it, is taken as the area (coarse)", None, None, (), e.source_id,
                     e.country_code, entry=e),)
    return ()


_ATTRIBUTION_PLACE = re.compile(
    r"\b(?:said|says|told\s+(?:\w+\s+){0,2}?|added|noted|stated|wrote|explained|speaking|according to)\b"
    r"(?P<between>[^.;“”\"]{0,60}?)\b(?:in|from|at|based in)\s+(?P<place>" + _PLACE_NAME + r")")
_LOCATED_SPEAKER = re.compile(
    r"\b(?:analyst|researcher|professor|expert|official|spokes(?:man|woman|person)|fellow|director|scholar|"
    r"correspondent|reporter|officer)s?\b[^.;,“”\"]{0,40}?\b(?:in|from|based in)\s+"
    r"(?P<place>" + _PLACE_NAME + r")")


#: Speakers opening their sentence at their city, and speaking from it: "Officials in Kyiv said
#: ...", "Analysts in Seoul declined to ...", never "Officials met in Pyongyang" (an event there).
_SPEAKERS_IN = re.compile(
    r"^\W*(?:(?:Some|Many|Several|Senior|Local|Military|Government|Western|Intelligence)\s+)?"
    r"(?:Officials|Analysts|Experts|Researchers|Diplomats|Authorities|Sources|Spokes(?:man|woman|person))"
    r"\s+(?:in|from|based in)\s+(?P<place>" + _PLACE_NAME + r")\s+(?:have\s+|had\s+)?"
    r"(?:said|say|says|told|added|noted|declined|refused|confirmed|denied|did not|would not|could not|"
    r"were not|have not|claimed|insisted|warned|stated)\b")


#: An organisation the sentence credits, with where it is: "analysed by the Center for Strategic and
#: International Studies in Washington", "researchers at the Middlebury Institute in Monterey", "the
#: Sudan Conflict Observatory at Yale". The place says where the organisation is, not what was imaged.
_ORG_WORD = (r"(?:Center|Centre|Institute|University|College|School|Laborator(?:y|ies)|Lab|Observatory|"
             r"Council|Foundation|Endowment|Agency|Ministry|Project|Initiative|Organi[sz]ation|Committee|"
             r"Programme|Program|Service|Office|Department|Forum|Society|Association)")
_ORG_PLACE = re.compile(
    r"\b(?:by|from|of|at|with)\s+the\s+(?:[A-Z][\w’'.&-]*\s+){0,5}?" + _ORG_WORD
    + r"(?:\s+(?:of|for|on)\s+(?:(?:[A-Z][\w’'.&-]*|and|the|of)\s+){0,6}?[A-Z][\w’'.&-]*)?"
    r"(?:\s+\([A-Z]{2,}\))?,?\s+(?:in|at|based in)\s+(?P<place>" + _PLACE_NAME + r")")


def speaker_place_spans(sentence: str, statement) -> list[tuple[int, int, str]]:
    """Spans (in ``sentence``) of the places that say where the speaker is, not what was imaged.

    "..., said analyst Jane Roe in Kyiv", "told reporters in Seoul", "a researcher in
    Monterey, Dave Smith, said": the speaker's city is not a claim site. Only words
    outside the reported text count, and between the reporting verb and the place
    there may be only the speaker's name and role, a day, or nothing.
    """
    speaker = statement.speaker if statement is not None else None
    said_as = (statement.speaker_text if statement else "") or ""
    names = [w for w in ((speaker.name if speaker else ""), said_as) if w]
    out = []
    for m in _ATTRIBUTION_PLACE.finditer(sentence):
        words = re.findall(r"[\w’'-]+", m.group("between"))
        # Only a speaker's name and role (or a day) may stand between the verb and the place.
        if all(w[:1].isupper() or w.lower() in _ATTRIBUTION_WORDS for w in words):
            out.append((m.start("place"), m.end("place"), "where the speaker is, not a claim site"))
    for m in _ORG_PLACE.finditer(sentence):
        out.append((m.start("place"), m.end("place"), "where the organisation credited is, not a claim site"))
    opening = _SPEAKERS_IN.match(sentence)
    if opening:
        out.append((opening.start("place"), opening.end("place"), "where the speakers are, not a claim site"))
    for m in _LOCATED_SPEAKER.finditer(sentence):
        around = sentence[max(0, m.start() - 80):m.end() + 80]
        if statement is None or any(n and (n in around or n.split()[-1] in around) for n in names):
            out.append((m.start("place"), m.end("place"), "where the speaker is, not a claim site"))
    return out


#: Words that may stand between a reporting verb and the speaker's city (names are capitalised).
_ATTRIBUTION_TEXT = (
    "a an the on late early last this senior chief independent satellite imagery military defence defense "
    "security open-source osint analyst analysts researcher researchers professor expert experts official "
    "officials spokesman spokeswoman spokesperson fellow director scholar correspondent reporter reporters "
    "journalists officer who is based of at with for")
_ATTRIBUTION_WORDS = frozenset(_ATTRIBUTION_TEXT.split(" "))


def _prefer_city(entries: Sequence[Entry], lat: float | None = None,
                 lon: float | None = None) -> Entry | None:
    """The reference point for a relation: a city or capital over a province's centroid, nearest
    the site when it is known."""
    if not entries:
        return None
    def key(e: Entry):
        rank = 0 if e.feature in ("capital", "city") else 1 if e.feature not in ("admin1", "country") else 2
        d = distance_km(lat, lon, e.lat, e.lon) if lat is not None and lon is not None else 0.0
        return (rank, d, -e.population)
    return min(entries, key=key)
