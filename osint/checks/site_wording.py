"""(1) Site and wording against geometry: is each site where the words put it?"""

from __future__ import annotations

import re

from ..claims import ImageryClaim
from ..gazetteer import Gazetteer
from ..geo import bearing_deg, compass, distance_km
from .context import URBAN_DENSITY, _reference_city, urban_radius_km
from .model import Check, Status, _not_checked


def check_site_wording(claim: ImageryClaim, gaz: Gazetteer) -> Check:
    """(1) Is each site where the words put it?"""
    name = "site_wording"
    if not claim.sites:
        return _not_checked(name, "no site could be placed for this claim")
    parts, statuses, sources, evidence = [], [], [], {}
    for site in claim.sites:
        sources.append(site.source)
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
        if rel in ("downtown", "central", "in the centre of"):
            core = max(3.0, 0.35 * r)
            if d <= core:
                statuses.append(Status.CONSISTENT)
                parts.append(f"'{rel}': {geo}; within the central {core:.1f} km")
            elif d <= r:
                statuses.append(Status.UNVERIFIED)
                parts.append(f"'{rel}': {geo}; inside the city but beyond its centre ({core:.1f} km)")
            else:
                statuses.append(Status.INCONSISTENT)
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
    return Check(name, status, " | ".join(parts), tuple(dict.fromkeys(sources)), evidence)
