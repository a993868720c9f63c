"""(1) Site and wording against geometry: is each site where the words put it?"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..gazetteer import Entry, Gazetteer
from ..geo import bearing_deg, compass, distance_km
from ..model import ImageryClaim, Site
from ..model.checks import Check, Status, Weight, _not_checked
from .context import URBAN_DENSITY, reference_city, urban_radius_km


def check_site_wording(claim: ImageryClaim, gaz: Gazetteer) -> Check:
    """(1) Is each site where the words put it?

    Parameters
    ----------
    claim : ImageryClaim
        The claim.
    gaz : Gazetteer
        The gazetteer (for the reference cities and countries).

    Returns
    -------
    Check
        Inconsistent when any site contradicts its wording (hard when a site lies on the wrong
        side or far away), consistent when every site fits, else unverified.
    """
    name = "site_wording"
    moved = [d[len("relocated: "):] for d in claim.disputes if d.startswith("relocated: ")]
    if moved:
        # The article itself (a fact check) finds the images show another place than claimed.
        return Check(name, Status.INCONSISTENT, "the article reports that the images show another place "
                     "than the claim says: " + "; ".join(moved),
                     tuple(s.source for s in claim.sites), {"relocated": moved}, Weight.HARD)
    if not claim.sites:
        return _not_checked(name, "no site could be placed for this claim")
    parts, statuses, sources, evidence = [], [], [], {}
    hard = False
    coast = _COAST.search(claim.text)
    for site in claim.sites:
        sources.append(site.source)
        if coast:
            got = _coast(coast.group(1).lower(), site, gaz)
            if got is not None:
                st, line, src, is_hard = got
                statuses.append(st)
                parts.append(line)
                sources.append(src)
                hard = hard or is_hard
        ref, came = reference_city(claim, site, gaz)
        if ref is not None and came == "curated" and not _worded(claim, site):
            # The curated table's town (Kilju for Punggye-ri, 40 km off) is no word of the claim's:
            # with no relation to measure, the words put the claim at the site they name.
            ref = None
        if ref is None:
            st, line = _itself(claim, site)
            other = _other_country(site, gaz)
            if other and st == Status.CONSISTENT:
                # "the Engels air base in Ukraine": the base is named, the country the words put it
                # in is not its own (or the border is disputed): no contradiction, left open.
                st, line = Status.UNVERIFIED, f"{line}; but the words put it in {other}, and the site " \
                    f"lies in {site.country_code} by the gazetteer (a wrong country, or a disputed border)"
            parts.append(line)
            statuses.append(st)
            continue
        sources.append(f"{ref.source}:{ref.source_id} {ref.source_url}")
        m = _measure(claim, site, ref)
        evidence[site.name] = {"reference": ref.name, "distance_km": round(m.d, 2), "bearing": m.b,
                               "urban_radius_km": round(m.r, 1), "relation": m.rel or None}
        st, line, is_hard = _wording(m, evidence[site.name])
        statuses.append(st)
        parts.append(line)
        hard = hard or is_hard
    status = (Status.INCONSISTENT if Status.INCONSISTENT in statuses else
              Status.CONSISTENT if statuses and all(s == Status.CONSISTENT for s in statuses)
              else Status.UNVERIFIED)
    weight = Weight.HARD if status == Status.INCONSISTENT and hard else Weight.SOFT
    return Check(name, status, " | ".join(parts), tuple(dict.fromkeys(sources)), evidence, weight)


#: Relation words that put a claim at the named place itself (nothing to measure).
_AT_ITSELF = ("", "in", "at", "of", "over", "inside", "within", "on")

#: Features too coarse for the words to place a site by naming them.
_COARSE = ("country", "admin1", "continent", "region", "sea", "ocean")


#: Words just before a mention that place the claim away from it ("20 km north of", "35 miles from").
_MEASURED_FROM = re.compile(
    r"(?:\b\d[\d.,]*\s*(?:km|kilomet(?:er|re)s?|mi(?:les?)?|nautical miles)\b[^.;]{0,30}|"
    r"\b(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+(?:of|from)\s+|"
    r"\b(?:away\s+)?from\s+|\bnear\s+|\boutside\s+(?:of\s+)?)(?:the\s+)?$", re.I)


#: "the" before a noun that, alone, would be any city or district ("the city's", not "a city").
_THE = r"(?<=\bthe )"
_DIVISION = r"(?:district|province|region|oblast|governorate|prefecture|county|state)"

#: The nouns a sentence refers back to a place of each kind by ("the square", "the base").
KIND_NOUNS = {
    "square": r"square", "parade_ground": r"parade (?:ground|square)",
    "airfield": r"air ?base|air ?field|airport|runways?|hangars?",
    "air_base": r"air ?base|air ?field|airport|runways?|hangars?",
    "airport": r"airport|air ?field|air ?base|runways?|aprons?|terminal",
    "naval_base": r"naval base|port|harbou?r|piers?|docks?", "port": r"port|harbou?r|piers?|docks?|quays?",
    "shipyard": r"shipyard|dry ?docks?|slipways?",
    "space_launch_site": r"launch (?:pads?|sites?|stations?|positions?|facilit(?:y|ies)|towers?)|gantry",
    "nuclear_site": r"reactors?|enrichment|nuclear (?:site|complex|facility|centre|center)",
    "stadium": r"stadium", "cemetery": r"cemetery|graves?", "bridge": r"bridge", "island": r"island",
    # "the city's hospital", "the district's liberation": the town or division named before.
    "city": _THE + r"(?:city|town)", "capital": _THE + r"(?:city|capital)", "town": _THE + r"town",
    "village": _THE + r"village", "admin1": _THE + _DIVISION, "admin2": _THE + _DIVISION,
}


def refers_by_kind(text: str, feature: str) -> str | None:
    """The noun by which ``text`` refers to a place of kind ``feature`` ("the square" for a square,
    "the runway" for an air base), or None: a sentence that names no place but speaks of the
    kind of place the article just named is about that place."""
    pat = KIND_NOUNS.get(feature)
    m = re.search(rf"\b(?:{pat})\b", text, re.I) if pat else None
    return m.group(0) if m else None


def _itself(claim: ImageryClaim, site: Site) -> tuple[Status, str]:
    """A site with no city to measure it against: a place the sentence (or the claim it goes on
    from) names, with no direction or distance from elsewhere, is where the words put it: the
    named place itself (consistent). A coarse area (a country, a province), a site only taken
    from context, or words that measure from it ("20 km north of X", "near X") or from somewhere
    the gazetteer lacks stay unverified."""
    rel = (site.relation or "").lower().strip()
    at = claim.text.find(site.mention) if site.mention else -1
    measured = at > 0 and _MEASURED_FROM.search(claim.text[max(0, at - 60):at])
    by_kind = site.how == "referred" or (site.how == "context" and refers_by_kind(claim.text, site.feature))
    # "the district's liberation" puts the claim in the district named before: a division the
    # words refer to by its own noun is where they put it, coarse as it is.
    division = by_kind and site.feature in ("admin1", "admin2")
    if ((site.how in ("named", "continued") or by_kind) and rel in _AT_ITSELF
            and (site.feature not in _COARSE or division) and not measured):
        kind = site.feature.replace("_", " ")
        return (Status.CONSISTENT, f"{site.name}: the words put the claim at the {kind} "
                f"they name ({site.source.split(' ')[0]}), with no direction or distance to measure")
    return Status.UNVERIFIED, f"{site.name}: no city to measure it against"


def _other_country(site: Site, gaz: Gazetteer) -> str | None:
    """The country the words put ``site`` in ("... in Ukraine", its reference) when that is not the
    site's own country by the gazetteer; None when the reference is no country or is the site's."""
    if not site.reference or not site.country_code:
        return None
    name, lat, lon = site.reference[0], site.reference[1], site.reference[2]
    for e in gaz.lookup(name):
        if e.feature == "country" and abs(e.lat - lat) < 1e-6 and abs(e.lon - lon) < 1e-6:
            return name if e.country_code != site.country_code else None
    return None


def _worded(claim: ImageryClaim, site: Site) -> bool:
    """True when the words give a relation to measure the site by: a relation word of the site's
    own beyond "at" or "in", or "downtown", "central" before its mention."""
    rel = (site.relation or "").lower().strip()
    pre = claim.text[:max(0, claim.text.find(site.mention))].lower()
    return rel not in _AT_ITSELF or bool(re.search(r"\bdowntown\b|\bcentral\b|\bcity cent(?:re|er)\b", pre))


@dataclass
class _Measure:
    """A site measured against the city its wording names."""

    site: Site
    ref: Entry  # the reference city
    d: float  # km from the city's point
    b: str  # the compass direction from it
    r: float  # the city's estimated built-up radius, km
    rel: str  # the relation word ("near", "north of", "downtown"; '' for none)
    geo: str  # the measurement, as the details print it


#: A site's verdict: status, the line the details print, and whether a contradiction is hard.
_Verdict = tuple[Status, str, bool]


def _measure(claim: ImageryClaim, site: Site, ref: Entry) -> _Measure:
    """Measure ``site`` against ``ref``: distance, direction, the city's size and the relation
    word (a "downtown" or "central" before the site's mention counts when the site has none)."""
    d = distance_km(ref.lat, ref.lon, site.lat, site.lon)
    b = compass(bearing_deg(ref.lat, ref.lon, site.lat, site.lon))
    r = urban_radius_km(ref.population)
    rel = (site.relation or "").lower()
    pre = claim.text[:max(0, claim.text.find(site.mention))].lower()
    if not rel and re.search(r"\bdowntown\b|\bcentral\b|\bcity cent(?:re|er)\b", pre):
        rel = "downtown"
    geo = (f"{site.name} is {d:.1f} km {b} of the {ref.name} point; {ref.name}'s built-up radius is "
           f"estimated at {r:.1f} km (population {ref.population:,} at {URBAN_DENSITY:,.0f}/km²)")
    if site.how == "described":
        geo += f"; site chosen from the description: {site.reasoning}"
    return _Measure(site, ref, d, b, r, rel, geo)


def _wording(m: _Measure, ev: dict) -> _Verdict:
    """A measured site against its relation word: a direction, nearness, inside, the centre, the
    outskirts, or none (close to the city named). ``ev`` (the site's evidence) gains the bearing's
    offset for a direction."""
    rel, name = m.rel, m.ref.name
    direction = next((d for d in _BEARINGS if rel.replace("just ", "").startswith(d + " ")), None)
    if direction:
        return _by_bearing(m, direction, ev)
    if rel in ("near", "close to", "around", "by", "next to"):
        return _by_distance(m, NEAR_KM, f"within {NEAR_KM:.0f} km", f"{m.d:.0f} km is a stretch for '{rel}'",
                            FAR_KM)
    if rel in ("in", "inside", "within") and m.site.feature not in ("admin1", "country"):
        inside = max(1.5 * m.r, 10.0)
        return _by_distance(m, inside, f"within {inside:.0f} km", "outside the city's estimated area",
                            max(3 * m.r + 20, FAR_KM))
    if rel in ("downtown", "central", "in the centre of"):
        core = max(3.0, 0.35 * m.r)
        if m.d <= core:
            return Status.CONSISTENT, f"'{rel}': {m.geo}; within the central {core:.1f} km", False
        if m.d <= m.r:
            return (Status.UNVERIFIED, f"'{rel}': {m.geo}; inside the city but beyond its centre "
                    f"({core:.1f} km)", False)
        return Status.INCONSISTENT, f"'{rel}': {m.geo}; outside the city altogether", True
    if rel.startswith(("outside", "on the outskirts", "in the outskirts")):
        if m.d <= m.r:
            return (Status.CONSISTENT, f"'{rel} {name}': {m.geo}. Loose wording flagged: the site lies "
                    f"inside the city's estimated area, not outside it; not a contradiction", False)
        return Status.CONSISTENT, f"'{rel} {name}': {m.geo}; beyond the built-up radius, as worded", False
    if m.site.feature in _TOWN_FACILITIES and m.d <= TOWN_FACILITY_KM and rel in _AT_ITSELF:
        # Airports and ports lie beyond the built-up area of the towns they are named after.
        return (Status.CONSISTENT, f"{m.geo}; the {m.site.feature.replace('_', ' ')} of the town the text "
                f"names, within {TOWN_FACILITY_KM:.0f} km of it", False)
    st = Status.CONSISTENT if m.d <= 1.5 * m.r else Status.UNVERIFIED
    return st, f"{m.geo}" + ("" if st == Status.CONSISTENT else "; far from the city the text names"), False


#: How far a town's airport, air base or port may lie from the town's point and still be the one
#: the town's name stands for (the claims stage's FACILITY_TOWN_KM).
TOWN_FACILITY_KM = 25.0
_TOWN_FACILITIES = frozenset({"airport", "airfield", "air_base", "naval_base", "port"})


def _by_bearing(m: _Measure, direction: str, ev: dict) -> _Verdict:
    """"north of CITY": the bearing from the city's point fits within 67.5° (or the site lies within
    3 km), loosely within 112.5°, else the site lies elsewhere (hard)."""
    bb = bearing_deg(m.ref.lat, m.ref.lon, m.site.lat, m.site.lon)
    off = abs((bb - _BEARINGS[direction] + 180) % 360 - 180)
    ev["bearing_off_deg"] = round(off, 1)
    head = f"'{m.rel} {m.ref.name}': {m.geo}"
    if off <= 67.5 or m.d < 3:
        return Status.CONSISTENT, f"{head}; the bearing fits ({off:.0f}° from {direction})", False
    if off <= 112.5:
        return Status.UNVERIFIED, f"{head}; {off:.0f}° off {direction} (loose wording)", False
    return Status.INCONSISTENT, f"{head}; the site lies {m.b}, not {direction}", True


def _by_distance(m: _Measure, fits: float, fits_why: str, stretch_why: str, far: float) -> _Verdict:
    """A site within ``fits`` km of the city fits its wording, within ``far`` km is a stretch, and
    beyond lies far from where the claim places it (hard)."""
    head = f"'{m.rel} {m.ref.name}': {m.geo}"
    if m.d <= fits:
        return Status.CONSISTENT, f"{head}; {fits_why}", False
    if m.d <= far:
        return Status.UNVERIFIED, f"{head}; {stretch_why}", False
    return Status.INCONSISTENT, f"{head}; {m.d:.0f} km away: far from where the claim places it", True


#: A site "near" a city lies within this distance of its point; beyond FAR_KM it is far from it.
NEAR_KM = 40.0
FAR_KM = 120.0

_BEARINGS = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180, "southwest": 225,
             "west": 270, "northwest": 315}

_COAST = re.compile(r"\bon the (north|south|east|west)(?:ern)? coast\b", re.I)


def _coast(direction: str, site, gaz: Gazetteer):
    """'On the east coast': the site against its country's point (a coast's side, not the shore)."""
    c = gaz.country(site.country_code) if site.country_code else None
    if c is None:
        return None
    d = distance_km(c.lat, c.lon, site.lat, site.lon)
    b = bearing_deg(c.lat, c.lon, site.lat, site.lon)
    off = abs((b - _BEARINGS[direction] + 180) % 360 - 180)
    geo = (f"'on the {direction} coast': {site.name} is {d:.0f} km {compass(b)} of {c.name}'s point "
           f"({c.source}:{c.source_id})")
    src = f"{c.source}:{c.source_id} {c.source_url}"
    if off <= 67.5 or d < 30:
        return Status.CONSISTENT, geo + "; on that side of the country", src, False
    if off <= 112.5:
        return Status.UNVERIFIED, geo + "; not clearly on that side", src, False
    return Status.INCONSISTENT, geo + f"; on the opposite side of the country, not the {direction}", src, True
