"""(6) Other dated reports of imagery of the same site in the window (the evidence table)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..claims import ImageryClaim
from .evidence import EvidenceRow, _same_site, shared_observations
from .model import Check, Status, _not_checked


def check_corroboration(claim: ImageryClaim, evidence: Sequence[EvidenceRow]) -> Check:
    """(6) Other dated reports of imagery of the same site in the window."""
    name = "corroboration"
    if not claim.sites:
        return _not_checked(name, "no site to look up")
    if not evidence:
        return _not_checked(name, "the evidence table is empty or missing")
    w0, w1 = claim.window.start, claim.window.end
    labels = {o.label for o in claim.observations}
    inside, outside, related = [], [], []
    for row in evidence:
        if row.kind != "imagery":
            continue
        if not any(_same_site(row, s) for s in claim.sites):
            continue
        slack = dt.timedelta(days=15 if row.date_precision == "about" else 0)
        in_window = w0 is not None and w1 is not None and (w0 - slack <= row.date <= w1 + slack)
        (inside if in_window else outside).append(row)
        if in_window and shared_observations(labels, row.observations):
            related.append(row)

    def line(r: EvidenceRow) -> str:
        same = "same provider" if r.provider.lower() == claim.provider.lower() else f"{r.provider}"
        seen = shared_observations(labels, r.observations)
        return (f"{r.date}{' ' + r.time_local if r.time_local else ''} {r.site_name} ({same}, {r.sensor}"
                + (f"; also shows {', '.join(seen)}" if seen else "") + f"): {r.description}")
    ev = {"in_window": [r.id for r in inside], "outside_window": [r.id for r in outside],
          "showing_the_same": [r.id for r in related]}
    if related:
        others = [r for r in inside if r not in related]
        return Check(name, Status.CONSISTENT,
                     f"{len(related)} independent report(s) of imagery of the site in {w0}..{w1} showing "
                     f"what the claim says is seen: " + " | ".join(line(r) for r in related)
                     + ("; other imagery of the site in the window: " + " | ".join(line(r) for r in others)
                        if others else ""),
                     tuple(r.source_url for r in related), ev)
    if inside:
        what = ", ".join(sorted(labels)) if labels else None
        return Check(name, Status.UNVERIFIED,
                     (f"site imaged in the window, but no report of {what}" if what else
                      "site imaged in the window, but the claim names nothing seen to compare")
                     + f" ({len(inside)} report(s) in {w0}..{w1}): " + " | ".join(line(r) for r in inside),
                     tuple(r.source_url for r in inside), ev)
    if outside:
        return Check(name, Status.UNVERIFIED,
                     f"reports of imagery of the site exist, but outside {w0}..{w1}: "
                     + " | ".join(line(r) for r in outside), tuple(r.source_url for r in outside), ev)
    return Check(name, Status.UNVERIFIED, "no report of imagery of this site in the evidence table")
