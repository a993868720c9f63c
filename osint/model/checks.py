"""What a check concludes, and how a claim's checks sum up: statuses, verdicts and the report.

Every check ends in one :class:`Status`: ``consistent`` (the evidence agrees),
``inconsistent`` (it contradicts the claim), ``unverified`` (the check ran but
the evidence neither confirms nor refutes) or ``not checked`` (it could not
run: offline without a cached answer, a failing service, no data; the detail
says why, never a guess). A claim's :class:`Verdict` sums its checks up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

from ..escape import no_surrogates
from .article import Article
from .claims import ImageryClaim, Statement


class Status(StrEnum):
    """What one check concludes (a string: ``Status.CONSISTENT == "consistent"``)."""

    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    UNVERIFIED = "unverified"
    NOT_CHECKED = "not checked"


class Verdict(StrEnum):
    """What a claim's checks sum up to (see :func:`osint.checks.run.verdict`)."""

    CORROBORATED = "corroborated"
    PLAUSIBLE = "plausible"
    CONTRADICTED = "contradicted"
    UNVERIFIED = "unverified"
    NOT_ASSESSED = "not assessed"


class Weight(StrEnum):
    """How much a check's outcome weighs in the verdict.

    ``hard``: a fact that decides (an inconsistent hard check contradicts the claim);
    ``soft``: a signal that moves confidence but never contradicts on its own (model
    cloud, vague wording, night words); ``none``: the check carries no information
    either way (daylight somewhere in a four-week window) and does not count toward
    ``plausible``.
    """

    HARD = "hard"
    SOFT = "soft"
    NONE = "none"


STATUSES = tuple(s.value for s in Status)


#: ICD 203 likelihood words and the upper bound of the probability each covers (ODNI, Intelligence
#: Community Directive 203, Analytic Standards, 2015: almost no chance 1-5 %, very unlikely 5-20 %,
#: unlikely 20-45 %, roughly even chance 45-55 %, likely 55-80 %, very likely 80-95 %, almost
#: certainly 95-99 %).
LIKELIHOOD = (("almost no chance", 0.05), ("very unlikely", 0.20), ("unlikely", 0.45),
              ("roughly even chance", 0.55), ("likely", 0.80), ("very likely", 0.95),
              ("almost certainly", 1.0))


def likelihood_word(p: float | None) -> str:
    """The ICD 203 word for a probability ('' for None)."""
    if p is None:
        return ""
    return next(w for w, hi in LIKELIHOOD if p < hi or hi == 1.0)


CHECKS = ("site_wording", "sensor_conditions", "weather", "catalog", "orbits", "corroboration",
          "article_consistency", "resolution", "satellite")


@dataclass(frozen=True, slots=True)
class Check:
    """The outcome of one check on one claim."""

    check: str
    status: Status
    detail: str
    sources: tuple[str, ...] = ()
    evidence: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    weight: Weight = Weight.SOFT

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: check, status, weight, detail, sources (and the evidence, when any)."""
        d: dict[str, Any] = {"check": self.check, "status": self.status, "weight": self.weight,
                             "detail": self.detail, "sources": list(self.sources)}
        if self.evidence:
            d["evidence"] = self.evidence
        return d


def _not_checked(name: str, reason: str) -> Check:
    return Check(name, Status.NOT_CHECKED, reason)


@dataclass(frozen=True, slots=True)
class ClaimResult:
    """One claim with its checks and verdict."""

    id: str
    kind: str
    claim: ImageryClaim | None
    statement: Statement | None
    checks: tuple[Check, ...]
    verdict: Verdict
    reasoning: str
    #: 0..1: how sure the verdict is (hard facts and independent records raise it, soft signals
    #: against the claim lower it).
    confidence: float = 0.0
    #: What evidence would change the verdict, in words.
    would_change: tuple[str, ...] = ()
    #: Where to go and look: (label, URL) pairs built from fixed templates (osint.checks.links).
    links: tuple[tuple[str, str], ...] = ()

    @property
    def probability(self) -> float | None:
        """How likely the claim is true, 0..1 (None when not assessed): the verdict's confidence
        turned towards the claim (a contradiction's confidence is against it)."""
        v, c = self.verdict, self.confidence
        if v == Verdict.CONTRADICTED:
            hard = sum(1 for k in self.checks if k.status == Status.INCONSISTENT and k.weight == Weight.HARD)
            # Two independent hard facts against it leave almost no chance.
            return 1.0 - c if hard < 2 else min(1.0 - c, 0.04)
        if v == Verdict.CORROBORATED:
            return c
        if v == Verdict.PLAUSIBLE:
            return min(0.7, max(0.45, c))
        if v == Verdict.UNVERIFIED:
            # Nothing either way is an even chance; each soft signal against moves it down.
            return max(0.3, min(0.5, c + 0.2))
        return None

    @property
    def likelihood(self) -> str:
        """The ICD 203 likelihood word for :attr:`probability` ('' when not assessed)."""
        return likelihood_word(self.probability)

    @property
    def evidence_count(self) -> str:
        """The evidence behind the likelihood: independent sources, checks that agree (informative
        ones), hard facts and soft signals against, checks open."""
        agree = sum(1 for k in self.checks if k.status == Status.CONSISTENT and k.weight != Weight.NONE)
        hard = sum(1 for k in self.checks if k.status == Status.INCONSISTENT and k.weight == Weight.HARD)
        soft = sum(1 for k in self.checks if k.status == Status.INCONSISTENT and k.weight != Weight.HARD)
        open_ = sum(1 for k in self.checks if k.status in (Status.UNVERIFIED, Status.NOT_CHECKED))
        corr = next((k for k in self.checks if k.check == "corroboration"), None)
        n = int(corr.evidence.get("independent_sources", 0) or 0) \
            if corr is not None and corr.status == Status.CONSISTENT else 0
        parts = [f"{n} independent source{'s' if n != 1 else ''}",
                 f"{agree} check{'s' if agree != 1 else ''} agree{'s' if agree == 1 else ''}"]
        if hard:
            parts.append(f"{hard} hard fact{'s' if hard != 1 else ''} against")
        parts.append(f"{soft} soft signal{'s' if soft != 1 else ''} against")
        parts.append(f"{open_} open")
        return ", ".join(parts)

    @property
    def assessment(self) -> str:
        """'likely (1 independent source, 3 checks agree, 0 soft signals against, 4 open)'."""
        return f"{self.likelihood} ({self.evidence_count})" if self.likelihood else str(self.verdict)

    def as_dict(self) -> dict[str, Any]:
        """The claim in the ``osint crossref`` JSON layout."""
        c, st = self.claim, self.statement
        sp = st.speaker if st else None
        if c is not None:
            base = {"text": c.text, "start": c.start, "end": c.end, "provider": c.provider,
                    "provider_reason": c.provider_reason, "sensor": c.sensor,
                    "sensor_reason": c.sensor_reason, "sites": [s.as_dict() for s in c.sites],
                    "window": c.window.as_dict(), "observations": [o.as_dict() for o in c.observations],
                    "constellation": c.constellation, "times": [t.as_dict() for t in c.times],
                    "dropped_sites": list(c.dropped_sites),
                    "event": c.event.as_dict() if c.event is not None else None,
                    "image_before_event": c.image_before_event,
                    "weather": [w.as_dict() for w in c.weather],
                    "origin": c.origin, "origin_reason": c.origin_reason, "relays": list(c.relays),
                    "corroborated_by": list(c.corroborated_by), "disputes": list(c.disputes),
                    "ground": list(c.ground)}
        else:
            assert st is not None
            base = {"text": st.text, "start": st.start, "end": st.end, "provider": None, "sensor": None,
                    "sites": [], "window": None, "observations": []}
        return {
            "id": self.id, "kind": self.kind, **base,
            "speaker": sp.name if sp else None, "affiliation": sp.affiliation if sp else None,
            "speaker_link": st.link if st else None, "verb": st.verb if st else None,
            "statement": st.text if st else None,
            "checks": [k.as_dict() for k in self.checks], "verdict": self.verdict,
            "confidence": round(self.confidence, 2), "likelihood": self.likelihood,
            "evidence_count": self.evidence_count if self.kind == "imagery" else "",
            "would_change": list(self.would_change), "reasoning": self.reasoning,
            "links": [{"label": a, "url": u} for a, u in self.links],
        }


@dataclass(frozen=True, slots=True)
class CrossrefReport:
    """The cross-reference of one article."""

    article: Article
    published: dt.date | None
    online: bool
    results: tuple[ClaimResult, ...]
    #: True only when the date came from a sidecar that marks it inferred (never for a date given).
    published_inferred: bool = False

    @property
    def imagery(self) -> list[ClaimResult]:
        """The imagery claims' results."""
        return [r for r in self.results if r.kind == "imagery"]

    def as_dict(self) -> dict[str, Any]:
        """The ``osint crossref --format json`` document."""
        a = self.article
        return {
            # A file name need not be UTF-8 ("\xff\xfe.txt" reads as lone surrogates): as U+FFFD.
            "article": {"id": _text(a.id), "title": _text(a.title), "path": _text(a.path),
                        "published": self.published.isoformat() if self.published else None,
                        "published_inferred": self.published_inferred, "online": self.online},
            "claims": [r.as_dict() for r in self.results],
        }

    def checks_frame(self) -> pd.DataFrame:
        """One row per (imagery claim, check)."""
        import pandas as pd

        rows = [{"claim": r.id, "check": k.check, "status": k.status, "weight": k.weight, "detail": k.detail,
                 "sources": "; ".join(k.sources)} for r in self.imagery for k in r.checks]
        return pd.DataFrame(rows, columns=["claim", "check", "status", "weight", "detail", "sources"])

    def verdict_frame(self) -> pd.DataFrame:
        """One row per imagery claim: verdict, reasoning and each check's status."""
        import pandas as pd

        rows = []
        for r in self.imagery:
            c = r.claim
            assert c is not None
            row = {"claim": r.id, "speaker": c.speaker, "provider": c.provider, "sensor": c.sensor,
                   "sites": "; ".join(s.name for s in c.sites), "verdict": r.verdict,
                   "likelihood": r.likelihood, "evidence": r.evidence_count, "reasoning": r.reasoning,
                   "would_change": " | ".join(r.would_change)}
            row.update({k.check: k.status for k in r.checks})
            rows.append(row)
        return pd.DataFrame(rows)


def _text(value: Any) -> Any:
    return no_surrogates(value) if isinstance(value, str) else value
