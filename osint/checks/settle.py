"""What evidence would settle each open check of a claim, and what would change its verdict."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import ImageryClaim
from ..model.checks import Check, Status, Weight

if TYPE_CHECKING:
    import pandas as pd


def _where_when(c: ImageryClaim) -> str:
    sites = ", ".join(s.name for s in c.sites) or "the site"
    w = c.window
    if w.start is None and w.end is None:
        return f"{sites} (the time window is unknown: give the publication date)"
    return f"{sites} in {w.start or '?'}..{w.end or '?'}"


def settling_evidence(claim: ImageryClaim, check: Check) -> str:
    """The evidence that would decide ``check`` for ``claim`` (in words, naming where to get it)."""
    ww = _where_when(claim)
    prov = claim.provider if claim.provider not in ("unknown", "commercial") else "the provider"
    seen = ", ".join(("no " if o.negated else "") + o.label for o in claim.observations) or "what it shows"
    return {
        "site_wording": (
            "coordinates for the site the claim means (a curated row or a --gazetteer file), so "
            "distance and bearing from the city it names can be measured"
        ),
        "sensor_conditions": (
            f"the sensor (radar or optical) and the image's time (the provider's metadata in "
            f"UTC): the sun at {ww} then decides it"
        ),
        "weather": (
            f"cloud at the pass: run with --online (Open-Meteo hourly cloud, cached) or read a "
            f"Sentinel-2 scene's eo:cloud_cover over {ww}"
        ),
        "catalog": (
            f"a catalog record of {prov} over {ww} (run with --online: Earth Search, Umbra open data; "
            f"or the provider's archive id)"
        ),
        "orbits": (
            f"orbital elements of {prov}'s satellites within a week of the window (--elements FILE, "
            f"e.g. Space-Track gp_history), or --online for CelesTrak"
        ),
        "corroboration": (
            f"an independent report (not relayed from the same source or image) of imagery of "
            f"{ww} showing {seen}: add it as a row to a CSV given with --evidence"
        ),
        "article_consistency": ("a dated event in the article or the evidence table that the claim prepares "
                                "or follows"),
        "resolution": (
            f"the constellation or the image's ground sample distance (the provider's metadata) for "
            f"{prov}, and what exactly is said to be seen"
        ),
        "satellite": (
            f"the image's date and the satellite that took it (the provider's metadata: satellite id "
            f"and acquisition time) for {ww}"
        ),
    }.get(check.check, "more evidence")


def contradicting_evidence(claim: ImageryClaim) -> str:
    """The hard facts that would contradict ``claim`` (for a claim no hard fact contradicts yet),
    named for it: its window, the satellites alive then, the pixel its objects need, its sites."""
    from .. import objects
    from .satellite import claim_fleet

    prov = claim.provider if claim.provider not in ("unknown", "commercial") else "the provider"
    w = claim.window
    when = f"outside {w.start}..{w.end}" if w.start else "after publication"
    fl = claim_fleet(claim)
    alive = ", ".join(dict.fromkeys(s.constellation for s in fl.alive)) if fl.rows else ""
    needs = [(o.row.max_gsd_m, o.text) for o in objects.find_objects(claim.text)
             if o.observed and not o.negated and o.row.max_gsd_m is not None]
    finest = min(needs) if needs else None
    parts = [f"an acquisition date {when}"]
    if alive:
        parts.append(f"a satellite other than those alive then ({alive})")
    if finest is not None:
        parts.append(f"a ground sample distance coarser than {2 * finest[0]:g} m for '{finest[1]}'")
    sites = ", ".join(s.name for s in claim.sites)
    if sites:
        parts.append(f"a footprint that misses {sites}")
    return f"{prov}'s metadata showing " + ", or ".join(parts) + " would contradict it"


def corroborating_evidence(claim: ImageryClaim) -> str:
    """What would corroborate ``claim``, named for it: a report or record of its sites, window and
    what it says is seen, from a source independent of its own."""
    seen = ", ".join(("no " if o.negated else "") + o.label for o in claim.observations) or "what it shows"
    return (f"an independent report (not relayed from the same image or outlet) or a catalog record of "
            f"{_where_when(claim)} showing {seen} would corroborate it")


def overturning_evidence(claim: ImageryClaim, check: Check) -> str:
    """What would overturn a hard fact against ``claim``: the premise of ``check``, named for
    this claim (the satellite, the date, the pixel, the sun, the site)."""
    ww = _where_when(claim)
    prov = claim.provider if claim.provider not in ("unknown", "commercial") else "the provider"
    ev = check.evidence
    if check.check == "satellite":
        gone = "; ".join(ev.get("gone", {}).values()) or check.detail
        return (f"the provider's metadata naming a satellite alive on the image's date, or an image date "
                f"its named satellite could have taken ({gone})")
    if check.check == "resolution":
        bad = [k for k, v in ev.get("observations", {}).items()
               if (isinstance(v, dict) and v.get("ratio", 0) > 2) or isinstance(v, str)]
        need = [f"{k} ({v['needs_m']:g} m)" for k, v in ev.get("observations", {}).items()
                if isinstance(v, dict) and v.get("ratio", 0) > 2]
        return (f"the image's own ground sample distance from {prov}'s metadata finer than "
                f"{', '.join(need) or 'the bound'}, or a sensor that shows "
                f"{', '.join(bad) or 'what is claimed'} "
                f"(now {ev.get('pixel', 'the pixel named')})")
    if check.check == "sensor_conditions":
        sun = ev.get("image_sun_elevation")
        return (f"the image's acquisition time in UTC from {prov}'s metadata"
                + (f" (the sun was at {sun:+.1f}° at the time given)" if sun is not None else "")
                + f", or evidence that the sensor was radar or the scene lit, over {ww}")
    if check.check == "site_wording":
        return f"coordinates of the site the claim means showing it where the words put it ({ww})"
    if check.check == "article_consistency":
        return f"a date for the image or the event that puts the image after what it shows ({ww})"
    if check.check == "corroboration":
        return f"the conflicting report of {ww} shown to be of another place, day or image"
    return f"evidence that the premise of {check.check} is wrong for {ww}"


def open_checks(claim: ImageryClaim, checks: Sequence[Check]) -> dict[str, str]:
    """Per open check (``unverified``, ``not checked``, or a soft signal against the claim), the
    evidence that would settle it."""
    out = {}
    for k in checks:
        soft_bad = k.status == Status.INCONSISTENT and k.weight != Weight.HARD
        if k.status in (Status.UNVERIFIED, Status.NOT_CHECKED) or soft_bad:
            out[k.check] = settling_evidence(claim, k)
    return out


def settle_frame(report) -> pd.DataFrame:
    """One row per open check of each imagery claim: what evidence would settle it.

    Columns: claim, check, status, weight, settle (the evidence, in words). A
    ``CrossrefReport`` in, a DataFrame out (the notebook's "what would settle it").
    """
    import pandas as pd

    rows = []
    for r in report.imagery:
        if r.claim is None:
            continue
        by = {k.check: k for k in r.checks}
        for name, text in open_checks(r.claim, r.checks).items():
            k = by[name]
            rows.append({"claim": r.id, "verdict": r.verdict, "check": name, "status": k.status,
                         "weight": k.weight, "settle": text})
    return pd.DataFrame(rows, columns=["claim", "verdict", "check", "status", "weight", "settle"])
