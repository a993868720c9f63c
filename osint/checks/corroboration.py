"""(6) Other dated reports of imagery of the same site in the window (the evidence table).

A report corroborates only what the claim says is seen, with its polarity: "showed no
vehicles" is never corroborated by a report of vehicles (that report is a soft
conflict instead). Reports that trace back to the same image (``image_id``) or the
same outlet chain (``original_source`` and ``relayed_via``) count once, and a report
that *is* the claim (the article's own URL, or a chain naming the claim's speaker or
organisation) never corroborates it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..model import ImageryClaim
from ..model.checks import Check, Status, Weight, _not_checked
from .evidence import (
    EvidenceRow,
    _own_image,
    _same_site,
    independent_groups,
    is_self_report,
    shared_observations,
)


def _negative(label: str) -> str | None:
    """``vehicles`` for an evidence label ``no vehicles`` (a report that something was absent)."""
    return label[3:].strip() if label.lower().startswith("no ") else None


def check_corroboration(
    claim: ImageryClaim, evidence: Sequence[EvidenceRow], *, article_url: str = ""
) -> Check:
    """(6) Other dated reports of imagery of the same sites in the window, counted by independent source."""
    name = "corroboration"
    if not claim.sites:
        return _not_checked(name, "no site to look up")
    if not evidence:
        return _not_checked(name, "the evidence table is empty or missing")
    w0, w1 = claim.window.start, claim.window.end
    positive = {o.label for o in claim.observations if not o.negated}
    negated = {o.label for o in claim.observations if o.negated}
    inside, outside, related, conflicts, selves = [], [], [], [], []
    for row in evidence:
        if row.kind != "imagery":
            continue
        if not any(_same_site(row, s) for s in claim.sites):
            continue
        why_self = is_self_report(row, claim, article_url)
        if why_self:
            selves.append((row, why_self))
            continue
        slack = dt.timedelta(days=15 if row.date_precision == "about" else 0)
        in_window = w0 is not None and w1 is not None and (w0 - slack <= row.date <= w1 + slack)
        (inside if in_window else outside).append(row)
        if not in_window:
            continue
        shown = [x for x in row.observations if not _negative(x)]
        absent = [n for x in row.observations if (n := _negative(x))]
        agree = shared_observations(positive, shown) + sorted(set(negated) & set(absent))
        clash = sorted((set(negated) & set(shown)) | (positive & set(absent)))
        if agree:
            related.append((row, agree))
        elif clash:
            conflicts.append((row, clash))

    def line(r: EvidenceRow, seen: Sequence[str] = ()) -> str:
        same = "same provider" if r.provider.lower() == claim.provider.lower() else f"{r.provider}"
        via = f"; via {r.chain()}" if r.chain() else ""
        return (
            f"{r.date}{' ' + r.time_local if r.time_local else ''} {r.site_name} ({same}, {r.sensor}"
            + (f"; also shows {', '.join(seen)}" if seen else "")
            + f"{via}): {r.description}"
        )

    groups = independent_groups([r for r, _ in related])
    ev = {
        "in_window": [r.id for r in inside],
        "outside_window": [r.id for r in outside],
        "showing_the_same": [r.id for r, _ in related],
        "independent_sources": len(groups),
        "groups": [[r.id for r in g] for g in groups],
        "conflicting": [r.id for r, _ in conflicts],
        "self_reports": [r.id for r, _ in selves],
    }
    self_note = (
        "; left out as the claim's own report: " + "; ".join(f"{r.id} ({why})" for r, why in selves)
        if selves
        else ""
    )
    if related:
        seen = dict(related)
        shown = " | ".join(line(r, seen[r]) for r, _ in related)
        count = f"{len(related)} report(s) from {len(groups)} independent source(s)" + (
            " (reports of one image or one outlet chain count once: "
            + "; ".join("+".join(r.id for r in g) for g in groups if len(g) > 1)
            + ")"
            if len(groups) < len(related)
            else ""
        )
        others = [r for r in inside if r not in seen and r not in dict(conflicts)]
        return Check(
            name,
            Status.CONSISTENT,
            f"{count} of imagery of the site in {w0}..{w1} showing what the claim says is seen: {shown}"
            + (
                "; other imagery of the site in the window: " + " | ".join(line(r) for r in others)
                if others
                else ""
            )
            + (
                "; but "
                + " | ".join(f"{r.id} reports {', '.join(c)} against the claim" for r, c in conflicts)
                if conflicts
                else ""
            )
            + self_note,
            tuple(dict.fromkeys(r.source_url for r, _ in related)),
            ev,
            Weight.HARD,
        )
    own_day = [(r, c) for r, c in conflicts if _own_image(r, claim)]
    if own_day:
        r, c = own_day[0]
        return Check(
            name,
            Status.INCONSISTENT,
            f"the claim's own image (same provider, the claim's day) is reported showing otherwise: "
            f"{line(r)} "
            f"[{', '.join(c)}: the claim says {'none' if set(c) & negated else 'present'}]" + self_note,
            (r.source_url,),
            ev,
            Weight.HARD,
        )
    if conflicts:
        return Check(
            name,
            Status.INCONSISTENT,
            "soft: report(s) in the window say otherwise: "
            + " | ".join(
                f"{line(r)} [{', '.join(c)}: the claim says {'none' if set(c) & negated else 'present'}]"
                for r, c in conflicts
            )
            + " (another day in the window may differ)"
            + self_note,
            tuple(dict.fromkeys(r.source_url for r, _ in conflicts)),
            ev,
            Weight.SOFT,
        )
    if inside:
        labels = sorted(positive | {f"no {x}" for x in negated})
        what = ", ".join(labels) if labels else None
        return Check(
            name,
            Status.UNVERIFIED,
            (
                f"site imaged in the window, but no report of {what}"
                if what
                else "site imaged in the window, but the claim names nothing seen to compare"
            )
            + f" ({len(inside)} report(s) in {w0}..{w1}): "
            + " | ".join(line(r) for r in inside)
            + self_note,
            tuple(r.source_url for r in inside),
            ev,
            Weight.SOFT,
        )
    if outside:
        return Check(
            name,
            Status.UNVERIFIED,
            f"reports of imagery of the site exist, but outside {w0}..{w1}: "
            + " | ".join(line(r) for r in outside)
            + self_note,
            tuple(r.source_url for r in outside),
            ev,
            Weight.SOFT,
        )
    return Check(
        name,
        Status.UNVERIFIED,
        "no report of imagery of this site in the evidence table" + self_note,
        (),
        ev,
        Weight.SOFT,
    )
