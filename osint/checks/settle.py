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
