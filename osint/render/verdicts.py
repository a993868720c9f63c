"""The verdicts as a reader reads them: one card per imagery claim.

A card holds the verdict and its confidence, the claim's sentence, who said it, the provider
and sensor, the site and the dates, the checks that found something with their reason, and what
would change the verdict, each said once (the full record of every check is the checks table).
Every value goes through the template, escaped (:mod:`osint.render.html`).
"""

from __future__ import annotations

from typing import Any

from ..model import CrossrefReport, Status, Weight
from .html import Fragment, render
from .maps import window_label

#: A check's reason longer than this is folded: its opening shown, the rest a click away.
SHORT_REASON = 220


def _reason(detail: str) -> dict[str, str]:
    if len(detail) <= SHORT_REASON:
        return {"short": detail, "rest": ""}
    cut = detail.rfind(" ", 0, SHORT_REASON)
    cut = cut if cut > SHORT_REASON // 2 else SHORT_REASON
    return {"short": detail[:cut], "rest": detail[cut:].lstrip()}


def claim_card(result: Any) -> dict[str, Any]:
    """What one card shows of a :class:`~osint.model.ClaimResult` (plain values, for the template)."""
    c = result.claim
    speaker = c.speaker if c is not None else (result.statement.speaker.name
                                               if result.statement and result.statement.speaker else None)
    fired = [{"check": k.check, "status": str(k.status), "weight": str(k.weight),
              "informative": k.weight != Weight.NONE, **_reason(k.detail)}
             for k in result.checks if k.status in (Status.CONSISTENT, Status.INCONSISTENT)]
    # Against the claim first: that is what a reader must see.
    fired.sort(key=lambda f: (f["status"] != Status.INCONSISTENT, not f["informative"]))
    return {
        "id": result.id, "verdict": str(result.verdict), "assessment": result.assessment,
        "sentence": c.text if c is not None else (result.statement.text if result.statement else ""),
        "speaker": speaker or "unattributed",
        "affiliation": (c.affiliation if c is not None else None) or "",
        "provider": c.provider if c is not None else "",
        # Who made the images or their analysis, and how it was read when not from the sentence.
        "origin": (c.origin if c is not None else "") or "",
        "origin_reason": (c.origin_reason if c is not None else "") or "",
        "sensor": c.sensor if c is not None else "",
        "sites": ", ".join(s.name for s in c.sites) if c is not None and c.sites else "no site placed",
        "when": _when(c) if c is not None else "",
        # The words the dates were worked out from ("over the past weeks"), so a reader can redo it.
        "from_words": (c.window.expression or "") if c is not None else "",
        "words_earlier": c is not None and bool(c.window.expression) and c.window.expression not in c.text,
        "fired": fired,
        "would_change": list(result.would_change),
    }


def _when(c: Any) -> str:
    """The claim's dates as a reader must read them: a claim that gives no date has an unknown one,
    however the checks bound it (the publication date is only an upper bound)."""
    w = c.window
    if w.expression or (w.start is None and w.end is None):
        return window_label(w)
    if w.end is not None:
        return (f"unknown: the claim gives no date (taken before {w.end.isoformat()}; the checks assume "
                f"{window_label(w)})")
    return f"unknown: the claim gives no date ({window_label(w)})"


def verdict_cards(report: CrossrefReport) -> Fragment:
    """One card per imagery claim of ``report`` (HTML), or a line saying there is none."""
    return render("verdicts.html.j2", cards=[claim_card(r) for r in report.imagery])
