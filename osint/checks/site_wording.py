"""(1) Site and wording against geometry: is each site where the words put it?"""

from __future__ import annotations

import re

from ..gazetteer import Gazetteer
from ..geo import bearing_deg, compass, distance_km
from ..model import ImageryClaim
from ..model.checks import Check, Status, Weight, _not_checked
from .context import URBAN_DENSITY, _reference_city, urban_radius_km


def check_site_wording(claim: ImageryClaim, gaz: Gazetteer) -> Check:
    """(1) Is each site where the words put it?"""
    name = "site_wording"
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
        ref = _reference_city(claim, site, gaz)
        if ref is None:
            parts.append(f"{site.name}: no city to measure it against")
            statuses.append(Status.UNVERIFIED)
            continue
        sources.append(f"{ref.source}:{ref.source_id} {ref.source_url}")
        d = distance_km(ref.lat, ref.lon, site.lat, site.lon)
        b = compass(bearing_deg(ref.lat, ref.lon, site.lat, site.lon))
        r = urban_radius_km(ref.population)
        rel = (site.relation or "").lower()
        pre = claim.text[:max(0, claim.text.find(site.mention))].lower()
        if not rel and re.search(r"\bdowntown\b|\bcentral\b|\bcity cent(?:re|er)\b", pre):
            rel = "downtown"
        evidence[site.name] = {"reference": ref.name, "distance_km": round(d, 2), "bearing": b,
                               "urban_radius_km": round(r, 1), "relation": rel or None}
        geo = (f"{site.name} is {d:.1f} km {b} of the {ref.name} point; {ref.name}'s built-up radius is "
               f"estimated at {r:.1f} km (population {ref.population:,} at {URBAN_DENSITY:,.0f}/km²)")
        if site.how == "described":
            geo += f"; site chosen from the description: {site.reasoning}"
        direction = next((d for d in _BEARINGS if rel.replace("just ", "").startswith(d + " ")), None)
        if direction:
            bb = bearing_deg(ref.lat, ref.lon, site.lat, site.lon)
            off = abs((bb - _BEARINGS[direction] + 180) % 360 - 180)
            evidence[site.name]["bearing_off_deg"] = round(off, 1)
            if off <= 67.5 or d < 3:
                statuses.append(Status.CONSISTENT)
                parts.append(f"'{rel} {ref.name}': {geo}; the bearing fits ({off:.0f}° from {direction})")
            elif off <= 112.5:
                statuses.append(Status.UNVERIFIED)
                parts.append(f"'{rel} {ref.name}': {geo}; {off:.0f}° off {direction} (loose wording)")
            else:
                statuses.append(Status.INCONSISTENT)
                hard = True
                parts.append(f"'{rel} {ref.name}': {geo}; the site lies {b}, not {direction}")
        elif rel in ("near", "close to", "around", "by", "next to"):
            if d <= NEAR_KM:
                statuses.append(Status.CONSISTENT)
                parts.append(f"'{rel} {ref.name}': {geo}; within {NEAR_KM:.0f} km")
            elif d <= FAR_KM:
                statuses.append(Status.UNVERIFIED)
                parts.append(f"'{rel} {ref.name}': {geo}; {d:.0f} km is a stretch for '{rel}'")
            else:
                statuses.append(Status.INCONSISTENT)
                hard = True
                parts.append(f"'{rel} {ref.name}': {geo}; {d:.0f} km away: far from where the claim "
                             f"places it")
        elif rel in ("in", "inside", "within") and site.feature not in ("admin1", "country"):
            inside = max(1.5 * r, 10.0)
            if d <= inside:
                statuses.append(Status.CONSISTENT)
                parts.append(f"'{rel} {ref.name}': {geo}; within {inside:.0f} km")
            elif d <= max(3 * r + 20, FAR_KM):
                statuses.append(Status.UNVERIFIED)
                parts.append(f"'{rel} {ref.name}': {geo}; outside the city's estimated area")
            else:
                statuses.append(Status.INCONSISTENT)
                hard = True
                parts.append(f"'{rel} {ref.name}': {geo}; {d:.0f} km away: far from where the claim "
                             f"places it")
        elif rel in ("downtown", "central", "in the centre of"):
            core = max(3.0, 0.35 * r)
            if d <= core:
                statuses.append(Status.CONSISTENT)
                parts.append(f"'{rel}': {geo}; within the central {core:.1f} km")
            elif d <= r:
                statuses.append(Status.UNVERIFIED)
                parts.append(f"'{rel}': {geo}; inside the city but beyond its centre ({core:.1f} km)")
            else:
                statuses.append(Status.INCONSISTENT)
                hard = True
                parts.append(f"'{rel}': {geo}; outside the city altogether")
        elif rel.startswith(("outside", "on the outskirts", "in the outskirts")):
            statuses.append(Status.CONSISTENT)
            if d <= r:
                parts.append(f"'{rel} {ref.name}': {geo}. Loose wording flagged: the site lies inside the "
                             f"city's estimated area, not outside it; not a contradiction")
            else:
                parts.append(f"'{rel} {ref.name}': {geo}; beyond the built-up radius, as worded")
        else:
            st = Status.CONSISTENT if d <= 1.5 * r else Status.UNVERIFIED
            statuses.append(st)
            parts.append(f"{geo}" + ("" if st == Status.CONSISTENT else "; far from the city the text names"))
    status = (Status.INCONSISTENT if Status.INCONSISTENT in statuses else
              Status.CONSISTENT if statuses and all(s == Status.CONSISTENT for s in statuses)
              else Status.UNVERIFIED)
    weight = Weight.HARD if status == Status.INCONSISTENT and hard else Weight.SOFT
    return Check(name, status, " | ".join(parts), tuple(dict.fromkeys(sources)), evidence, weight)


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
