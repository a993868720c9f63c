"""Every site of a claim is checked, not only the first: one check per site, summed up."""

from __future__ import annotations

from collections.abc import Callable

from ..model import ImageryClaim, Site
from ..model.checks import Check, Status, Weight

_RANK = {Weight.HARD: 2, Weight.SOFT: 1, Weight.NONE: 0}


def per_site(name: str, claim: ImageryClaim, run: Callable[[Site], Check]) -> Check:
    """Run a single-site check on each of the claim's sites and sum them up.

    One site: its check as it is. Several: ``inconsistent`` when any site is (the
    strongest weight among them), else ``consistent`` when any is (the strongest
    weight), else ``not checked`` when none could run, else ``unverified``; the
    detail names each site, the evidence is keyed by site.
    """
    if len(claim.sites) == 1:
        return run(claim.sites[0])
    done = [(s, run(s)) for s in claim.sites]
    checks = [k for _, k in done]

    def pick(status: Status) -> list[Check]:
        return [k for k in checks if k.status == status]

    for status in (Status.INCONSISTENT, Status.CONSISTENT):
        hits = pick(status)
        if hits:
            weight = max((k.weight for k in hits), key=_RANK.__getitem__)
            break
    else:
        status = (
            Status.NOT_CHECKED if all(k.status == Status.NOT_CHECKED for k in checks) else Status.UNVERIFIED
        )
        weight = max((k.weight for k in checks), key=_RANK.__getitem__)
    detail = " | ".join(f"[{s.name}] {k.status}: {k.detail}" for s, k in done)
    sources = tuple(dict.fromkeys(x for k in checks for x in k.sources))
    ev = {
        "per_site": {
            s.name: {"status": str(k.status), "weight": str(k.weight), **k.evidence} for s, k in done
        }
    }
    return Check(name, status, f"{len(done)} sites checked: {detail}", sources, ev, weight)
