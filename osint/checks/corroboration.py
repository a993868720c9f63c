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
from dataclasses import dataclass, field
from typing import Any

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


NAME = "corroboration"


@dataclass
class _Reports:
    """The evidence table's reports of imagery of a claim's sites, sorted for the claim."""

    claim: ImageryClaim
    positive: set[str]  # what the claim says is seen
    negated: set[str]  # what the claim says is absent
    inside: list[EvidenceRow] = field(default_factory=list)  # dated in the window
    outside: list[EvidenceRow] = field(default_factory=list)  # dated outside it
    related: list[tuple[EvidenceRow, list[str]]] = field(default_factory=list)  # in it, showing the same
    conflicts: list[tuple[EvidenceRow, list[str]]] = field(default_factory=list)  # in it, saying otherwise
    selves: list[tuple[EvidenceRow, str]] = field(default_factory=list)  # the claim's own reports, and why

    def line(self, r: EvidenceRow, seen: Sequence[str] = ()) -> str:
        """A report as the details print it (``seen``: what else it shows that the claim says)."""
        same = "same provider" if r.provider.lower() == self.claim.provider.lower() else f"{r.provider}"
        via = f"; via {r.chain()}" if r.chain() else ""
        return (
            f"{r.date}{' ' + r.time_local if r.time_local else ''} {r.site_name} ({same}, {r.sensor}"
            + (f"; also shows {', '.join(seen)}" if seen else "")
            + f"{via}): {r.description}"
        )

    def against(self, r: EvidenceRow, c: Sequence[str]) -> str:
        """A conflicting report as the details print it, with what the claim says of ``c``."""
        says = "none" if set(c) & self.negated else "present"
        return f"{self.line(r)} [{', '.join(c)}: the claim says {says}]"


def check_corroboration(
    claim: ImageryClaim, evidence: Sequence[EvidenceRow], *, article_url: str = ""
) -> Check:
    """(6) The evidence table's reports (:func:`_table_check`), then what the article itself holds
    (read by the claims stage): images it says were forged or misdated contradict the claim (hard),
    a dispute is a soft signal against it, and other claims of the article about the same site and
    time from independent origins corroborate it (soft) when the table does not decide, and so does
    evidence of another kind reported near it by someone else (videos, footage, a party's
    confirmation: soft)."""
    table = _table_check(claim, evidence, article_url=article_url)
    forged = [d for d in claim.disputes if d.startswith("forged")]
    if forged and table.status != Status.CONSISTENT:
        return Check(NAME, Status.INCONSISTENT, "the article reports the images forged or misdated: "
                     + "; ".join(forged), table.sources, {**table.evidence, "disputes": list(claim.disputes)},
                     Weight.HARD)
    if table.status in (Status.CONSISTENT, Status.INCONSISTENT):
        return table
    disputed = [d for d in claim.disputes if not d.startswith("doubted")]
    if disputed:
        return Check(NAME, Status.INCONSISTENT, "soft: the article disputes the images: "
                     + "; ".join(disputed), table.sources,
                     {**table.evidence, "disputes": list(claim.disputes)}, Weight.SOFT)
    if claim.disputes:
        # Doubt is no evidence against the images, but the reporting itself withholds belief:
        # nothing in the article corroborates them.
        return Check(NAME, Status.UNVERIFIED, "the article reports doubt about the claim, and nothing "
                     "independent confirms it: " + "; ".join(claim.disputes), table.sources,
                     {**table.evidence, "disputes": list(claim.disputes), "doubted": True})
    if claim.corroborated_by:
        origins = [x.split(": ", 1)[-1] for x in claim.corroborated_by]
        return Check(NAME, Status.CONSISTENT,
                     f"the article reports imagery of the same site and time from {len(origins)} other "
                     f"independent origin(s) ({', '.join(claim.corroborated_by)}; this claim's origin: "
                     f"{claim.origin}" + (f", relayed by {', '.join(claim.relays)}" if claim.relays else "")
                     + ")", table.sources,
                     {**table.evidence, "independent_sources": 1 + len(origins),
                      "in_article": list(claim.corroborated_by)}, Weight.SOFT)
    if claim.ground:
        return Check(NAME, Status.CONSISTENT,
                     "the article reports evidence of another kind than the images, from another source: "
                     + "; ".join(claim.ground), table.sources,
                     {**table.evidence, "independent_sources": 2, "ground": list(claim.ground)}, Weight.SOFT)
    return table


def _table_check(
    claim: ImageryClaim, evidence: Sequence[EvidenceRow], *, article_url: str = ""
) -> Check:
    """(6) Other dated reports of imagery of the same sites in the window, counted by independent source.

    Parameters
    ----------
    claim : ImageryClaim
        The claim.
    evidence : sequence of EvidenceRow
        The evidence table.
    article_url : str, optional
        The article's own URL: a report from it is the claim itself.

    Returns
    -------
    Check
        Consistent (hard) when independent reports show what the claim says, inconsistent when
        the claim's own image or other reports say otherwise, else unverified.
    """
    if not claim.sites:
        return _not_checked(NAME, "no site to look up")
    if not evidence:
        return _not_checked(NAME, "the evidence table is empty or missing")
    reports = _sort_reports(claim, evidence, article_url)
    groups = independent_groups([r for r, _ in reports.related])
    ev = {
        "in_window": [r.id for r in reports.inside],
        "outside_window": [r.id for r in reports.outside],
        "showing_the_same": [r.id for r, _ in reports.related],
        "independent_sources": len(groups),
        "groups": [[r.id for r in g] for g in groups],
        "conflicting": [r.id for r, _ in reports.conflicts],
        "self_reports": [r.id for r, _ in reports.selves],
    }
    self_note = (
        "; left out as the claim's own report: " + "; ".join(f"{r.id} ({why})" for r, why in reports.selves)
        if reports.selves
        else ""
    )
    if reports.related:
        return _corroborated(reports, groups, ev, self_note)
    if reports.conflicts:
        return _contradicted(reports, ev, self_note)
    return _uncorroborated(reports, ev, self_note)


def _sort_reports(claim: ImageryClaim, evidence: Sequence[EvidenceRow], article_url: str) -> _Reports:
    """The reports of imagery of the claim's sites: the claim's own, those dated in its window
    (give or take 15 days for a date given as "about") and outside it; of those inside, the ones
    showing what the claim says and the ones saying otherwise."""
    w0, w1 = claim.window.start, claim.window.end
    reports = _Reports(claim, {o.label for o in claim.observations if not o.negated},
                       {o.label for o in claim.observations if o.negated})
    for row in evidence:
        if row.kind != "imagery":
            continue
        if not any(_same_site(row, s) for s in claim.sites):
            continue
        why_self = is_self_report(row, claim, article_url)
        if why_self:
            reports.selves.append((row, why_self))
            continue
        slack = dt.timedelta(days=15 if row.date_precision == "about" else 0)
        in_window = w0 is not None and w1 is not None and (w0 - slack <= row.date <= w1 + slack)
        (reports.inside if in_window else reports.outside).append(row)
        if not in_window:
            continue
        agree, clash = _agreement(row, reports.positive, reports.negated)
        if agree:
            reports.related.append((row, agree))
        elif clash:
            reports.conflicts.append((row, clash))
    return reports


def _agreement(row: EvidenceRow, positive: set[str], negated: set[str]) -> tuple[list[str], list[str]]:
    """What a report shows as the claim says (with its polarity), and what it shows against it."""
    shown = [x for x in row.observations if not _negative(x)]
    absent = [n for x in row.observations if (n := _negative(x))]
    agree = shared_observations(positive, shown) + sorted(set(negated) & set(absent))
    clash = sorted((set(negated) & set(shown)) | (positive & set(absent)))
    return agree, clash


def _corroborated(reports: _Reports, groups: list, ev: dict[str, Any], self_note: str) -> Check:
    """Reports in the window show what the claim says is seen: counted by independent source."""
    related, conflicts, line = reports.related, reports.conflicts, reports.line
    w = reports.claim.window
    seen = dict(related)
    shown = " | ".join(line(r, seen[r]) for r, _ in related)
    count = f"{len(related)} report(s) from {len(groups)} independent source(s)" + (
        " (reports of one image or one outlet chain count once: "
        + "; ".join("+".join(r.id for r in g) for g in groups if len(g) > 1)
        + ")"
        if len(groups) < len(related)
        else ""
    )
    others = [r for r in reports.inside if r not in seen and r not in dict(conflicts)]
    return Check(
        NAME,
        Status.CONSISTENT,
        f"{count} of imagery of the site in {w.start}..{w.end} showing what the claim says is seen: {shown}"
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


def _contradicted(reports: _Reports, ev: dict[str, Any], self_note: str) -> Check:
    """Reports in the window say otherwise: hard when one is the claim's own image (same provider,
    the claim's day), soft otherwise (another day in the window may differ)."""
    conflicts = reports.conflicts
    own_day = [(r, c) for r, c in conflicts if _own_image(r, reports.claim)]
    if own_day:
        r, c = own_day[0]
        return Check(
            NAME,
            Status.INCONSISTENT,
            f"the claim's own image (same provider, the claim's day) is reported showing otherwise: "
            f"{reports.against(r, c)}" + self_note,
            (r.source_url,),
            ev,
            Weight.HARD,
        )
    return Check(
        NAME,
        Status.INCONSISTENT,
        "soft: report(s) in the window say otherwise: "
        + " | ".join(reports.against(r, c) for r, c in conflicts)
        + " (another day in the window may differ)"
        + self_note,
        tuple(dict.fromkeys(r.source_url for r, _ in conflicts)),
        ev,
        Weight.SOFT,
    )


def _uncorroborated(reports: _Reports, ev: dict[str, Any], self_note: str) -> Check:
    """No report bears on what the claim says: the site imaged in the window or outside it, or
    not at all."""
    inside, outside, line = reports.inside, reports.outside, reports.line
    w = reports.claim.window
    if inside:
        labels = sorted(reports.positive | {f"no {x}" for x in reports.negated})
        what = ", ".join(labels) if labels else None
        return Check(
            NAME,
            Status.UNVERIFIED,
            (
                f"site imaged in the window, but no report of {what}"
                if what
                else "site imaged in the window, but the claim names nothing seen to compare"
            )
            + f" ({len(inside)} report(s) in {w.start}..{w.end}): "
            + " | ".join(line(r) for r in inside)
            + self_note,
            tuple(r.source_url for r in inside),
            ev,
            Weight.SOFT,
        )
    if outside:
        return Check(
            NAME,
            Status.UNVERIFIED,
            f"reports of imagery of the site exist, but outside {w.start}..{w.end}: "
            + " | ".join(line(r) for r in outside)
            + self_note,
            tuple(r.source_url for r in outside),
            ev,
            Weight.SOFT,
        )
    return Check(
        NAME,
        Status.UNVERIFIED,
        "no report of imagery of this site in the evidence table" + self_note,
        (),
        ev,
        Weight.SOFT,
    )
