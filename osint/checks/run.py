"""Cross-referencing an article's imagery claims: every check on every claim, and a verdict each.

For every imagery claim (:func:`osint.claims.find_imagery_claims`) nine checks
run, each on every site of the claim: (1) ``site_wording`` site and wording
against geometry; (2) ``sensor_conditions`` sensor against what the provider
flies and the sun; (3) ``weather`` model cloud at the provider's passes
(Open-Meteo, online); (4) ``catalog`` STAC records (Earth Search, Umbra open data,
online); (5) ``orbits`` passes of the provider's satellites (elements from a file
or CelesTrak, or modelled); (6) ``corroboration`` against the evidence table,
counted by independent source; (7) ``article_consistency`` the claim against the
article itself; (8) ``resolution`` what is said to be seen against the pixel;
(9) ``satellite`` the satellites named against their lifetimes (``data/satellites.csv``).
Each check has a weight (hard, soft, none); :func:`assess` sums them up with a
confidence and what would change the verdict."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

from ..gazetteer import Gazetteer, load_gazetteer
from ..model import Article, ImageryClaim, Statement
from ..model.checks import Check, ClaimResult, CrossrefReport, Status, Verdict, Weight
from .article import ArticleFacts, check_article
from .catalog import check_catalog
from .corroboration import check_corroboration
from .evidence import load_evidence
from .links import look_links
from .orbits import check_orbits
from .resolution import check_resolution
from .satellite import check_satellite
from .sensor import check_sensor_conditions
from .settle import contradicting_evidence, corroborating_evidence, open_checks, overturning_evidence
from .site_wording import check_site_wording, refers_by_kind
from .weather import check_weather

#: Checks that rest on where the site is.
SITE_CHECKS = ("site_wording", "sensor_conditions", "weather", "catalog", "orbits", "corroboration")

#: Checks whose agreement is independent of the claim: a record or report from elsewhere.
INDEPENDENT = ("corroboration", "catalog")


#: The thing a referred site's reasoning names ("the sentence's 'the site' is ...").
_REFERRED_AS = re.compile(r"the sentence's '([^']{1,40})'")


def caveat_context(check: Check, claim: ImageryClaim) -> Check:
    """Qualify a site-dependent check when the claim's site was only taken from context.

    Such a site is the last place named before a sentence that names none
    (coarse), so a check about it is not a check about the claim's real site:
    the detail says so, and ``site_wording`` (which tests where the words put the
    site, when they put it nowhere) is never ``consistent``.
    """
    ctx = [s for s in claim.sites if s.how in ("context", "referred")]
    if not ctx or check.check not in SITE_CHECKS or check.status == Status.NOT_CHECKED:
        return check
    where = ", ".join(f"'{s.name}'" for s in ctx)
    # A site the sentence refers back to by the thing it names ("the site", introduced as "a SIGINT
    # site near Bejucal") is referred to as that thing.
    kinds = [k for s in ctx if (k := (_REFERRED_AS.match(s.reasoning) or [None, None])[1]
                                if s.how == "referred" else refers_by_kind(claim.text, s.feature))]
    note = (f"Caveat: the sentence names no place; {where} was taken from the sentences before it "
            + (f"and the sentence refers to it as '{', '.join(kinds)}', so this is about that place. "
               if len(kinds) == len(ctx) else
               "(coarse), so this is about that area, not a site the claim names. "))
    # The words put the site nowhere, unless they refer back to it by its kind ("the square").
    status = (Status.UNVERIFIED if check.check == "site_wording" and check.status == Status.CONSISTENT
              and len(kinds) < len(ctx) else check.status)
    # A site guessed from context cannot contradict the claim: its hard facts become soft.
    weight = Weight.SOFT if check.weight == Weight.HARD and check.check != "corroboration" else check.weight
    return Check(check.check, status, note + check.detail, check.sources,
                 {**check.evidence, "site_from_context": [s.name for s in ctx]}, weight)


def verdict(checks: Sequence[Check]) -> tuple[Verdict, str]:
    """Sum up a claim's checks: (verdict, reasoning). See :func:`assess` for the rules."""
    v, why, _, _ = assess(checks)
    return v, why


def assess(checks: Sequence[Check],
           claim: ImageryClaim | None = None) -> tuple[Verdict, str, float, tuple[str, ...]]:
    """Sum up a claim's checks: (verdict, reasoning, confidence 0..1, what would change it).

    - ``contradicted`` only on a hard fact: an inconsistent check of weight ``hard``
      (the provider has no such sensor, imagery dated after publication, optical in
      the dark with no lit scene or night capability, a pixel clearly too coarse, a
      named site far from where the claim places it).
    - ``corroborated`` when an independent record agrees (the evidence table, counted by
      independent source, or a catalog record of the named provider).
    - ``plausible`` when at least two informative checks agree (weight ``soft`` or
      ``hard``: daylight somewhere in a long window, radar at night, a modelled
      revisit do not count) and they outnumber the soft signals against; or when the
      claim is specific and unopposed: its site where its words put it (or a place, even a
      country, its own sentence names), its images dated by its own words, no signal
      against it and no sentence disputing it.
    - ``unverified`` otherwise.

    Soft signals against the claim (model cloud, vague wording, night words) never
    contradict it: each lowers the confidence and is listed with what would settle it.
    """
    t = _Tally(checks)
    if t.hard:
        why = "; ".join(f"{k.check} ({k.detail[:200]})" for k in t.hard)
        conf = min(0.95, 0.85 + 0.05 * (len(t.hard) - 1))
        change = [f"{k.check}: {overturning_evidence(claim, k)}" if claim is not None else
                  f"{k.check}: evidence that its premise is wrong (the provider's own metadata for the "
                  f"sensor, time or pixel; the site's true position)" for k in t.hard]
        return Verdict.CONTRADICTED, f"Contradicted by hard fact(s): {why}.{t.tail}", conf, tuple(change)
    settle = open_checks(claim, checks) if claim is not None else {}
    change = [f"{k}: {v}" for k, v in settle.items()]
    independent = [c for c in INDEPENDENT if t.by.get(c) and t.by[c].status == Status.CONSISTENT]
    if independent == ["corroboration"] and claim is not None and _ground_only(t.by["corroboration"]) \
            and claim.sites and all(s.country_level for s in claim.sites):
        # Evidence of another kind (deaths the UN confirmed, witnesses) bears on a place; a claim
        # placed at a whole country or province gives it none to agree at: it supports the claim's
        # pattern (the check stays consistent), it does not corroborate these images.
        independent = []
    if independent:
        return _corroborated(t, independent, change, claim)
    doubt = t.by.get("corroboration")
    if doubt is not None and doubt.evidence.get("doubted"):
        # The reporting itself withholds belief ("experts remain skeptical"): agreeing checks of
        # time and place do not make the claim likely.
        return (Verdict.UNVERIFIED, "The article reports doubt about the claim and nothing independent "
                "confirms it." + t.tail, max(0.1, 0.3 - 0.05 * len(t.soft)), tuple(change))
    if len(t.good) >= 2 and len(t.good) > len(t.soft):
        conf = min(0.7, 0.5 + 0.05 * (len(t.good) - 2)) - 0.12 * len(t.soft)
        change.insert(0, corroborating_evidence(claim) if claim is not None else
                      "an independent report or catalog record of the site in the window would "
                      "corroborate it")
        return Verdict.PLAUSIBLE, ("The informative checks agree and no hard fact contradicts it, but no "
                                   "independent record confirms it." + t.tail), max(0.25, conf), tuple(change)
    if claim is not None and _specific(t, claim):
        change.insert(0, corroborating_evidence(claim))
        return Verdict.PLAUSIBLE, ("The claim places its images where its words put them and dates them "
                                   "itself, and nothing is against it, but no independent record "
                                   "confirms it." + t.tail), 0.45, tuple(change)
    return (Verdict.UNVERIFIED, "Too little evidence either way." + t.tail,
            max(0.1, 0.3 - 0.05 * len(t.soft)), tuple(change))


def _specific(t: _Tally, claim: ImageryClaim) -> bool:
    """True for a claim specific enough to be likely when nothing is against it: it says where (its
    site where its words put it, ``site_wording`` consistent, or a place its own sentence names,
    be it a country or a region) and either when (a time expression of its own or of the images
    it goes on about) or what (whose images: a provider or constellation named, whose archive
    can be searched; or what they show: an object of the vocabulary), and no check, soft or
    hard, and no sentence of the article speaks against it. An analyst reads such a claim,
    checkable and unopposed, as likely: "Planet's images show craters at the X air base" is
    checkable at Planet's archive over the days before publication without a date of its own.
    A vague one (a site only guessed from context, or neither a date, a provider nor anything
    seen) stays unverified."""
    wording = t.by.get("site_wording")
    placed = (wording is not None and wording.status == Status.CONSISTENT and wording.weight != Weight.NONE) \
        or any(s.how in _WORDED_SITES for s in claim.sites)
    checkable = bool(claim.window.expression) or claim.provider not in ('unknown', 'commercial') \
        or any(not o.negated for o in claim.observations)
    return placed and checkable and not t.soft and not claim.disputes


#: How a site came from the claim's own words (not from the sentences around it).
_WORDED_SITES = ("named", "described", "continued", "referred")


class _Tally:
    """A claim's checks sorted for the verdict: hard facts and soft signals against it, the
    informative and the empty agreements, the open checks, and the reasoning's tail that lists
    them."""

    def __init__(self, checks: Sequence[Check]) -> None:
        self.by = {k.check: k for k in checks}
        self.hard = [k for k in checks if k.status == Status.INCONSISTENT and k.weight == Weight.HARD]
        self.soft = [k for k in checks if k.status == Status.INCONSISTENT and k.weight != Weight.HARD]
        self.good = [k.check for k in checks if k.status == Status.CONSISTENT and k.weight != Weight.NONE]
        empty = [k.check for k in checks if k.status == Status.CONSISTENT and k.weight == Weight.NONE]
        open_ = [k.check for k in checks if k.status in (Status.UNVERIFIED, Status.NOT_CHECKED)]
        self.tail = _tail(self.good, empty, [k.check for k in self.soft], open_)


def _tail(good: list[str], empty: list[str], soft: list[str], open_: list[str]) -> str:
    """The end of every verdict's reasoning: the checks that agree (informative or not), the soft
    signals against, and the open ones."""
    return (f" Consistent: {', '.join(good) or 'none'}."
            + (f" Consistent but carrying no information: {', '.join(empty)}." if empty else "")
            + (f" Soft signals against: {', '.join(soft)}." if soft else "")
            + f" Open: {', '.join(open_) or 'none'}.")


def _ground_only(check: Check) -> bool:
    """True when a corroboration rests only on the article's evidence of another kind (videos,
    witnesses, a confirmation), not on a report of imagery in the table or the article."""
    ev = check.evidence
    return bool(ev.get("ground")) and not ev.get("in_article")


def _corroborated(t: _Tally, independent: list[str], change: list[str],
                  claim: ImageryClaim | None = None) -> tuple[Verdict, str, float, tuple[str, ...]]:
    """The verdict when an independent record agrees: its confidence grows with the independent
    sources of the corroboration and the records that agree, and falls with each soft signal."""
    n = max(1, int(t.by["corroboration"].evidence.get("independent_sources", 1))) \
        if "corroboration" in independent else 1
    conf = min(0.95, 0.75 + 0.08 * (n - 1) + 0.05 * (len(independent) - 1)) - 0.12 * len(t.soft)
    change.insert(0, contradicting_evidence(claim) if claim is not None else
                  "a hard fact against it (the image's time, sensor or pixel from the provider's "
                  "metadata) would contradict it")
    sources = f"; {n} independent source(s)" if "corroboration" in independent else ""
    why = f"Independent evidence agrees ({', '.join(independent)}{sources}); no hard fact contradicts it."
    return Verdict.CORROBORATED, why + t.tail, max(0.3, conf), tuple(change)


def check_claims(article: Article, claims: Sequence[ImageryClaim], statements: Sequence[Statement], *,
                 published: dt.date | None = None, published_inferred: bool = False, online: bool = False,
                 elements: str | Path | None = None,
                 evidence: str | Path | Sequence[str | Path] | None = None, default_evidence: bool = True,
                 gazetteer: Gazetteer | None = None, include_statements: bool = True) -> CrossrefReport:
    """Cross-reference an article's imagery claims: every check on each, and a verdict each.

    The stage is handed the claims (an analysis's :attr:`osint.Case.claims`);
    ``osint.crossref(article)`` is the short way.

    Parameters
    ----------
    article : Article
        The article the claims are from.
    claims : sequence of ImageryClaim
        Its imagery claims.
    statements : sequence of Statement
        Its statements: those that are no imagery claim are listed too (``include_statements``).
    published : date, optional
        The date relative dates were anchored on.
    published_inferred : bool
        True when that date was inferred (the report says so).
    online : bool
        Allow Open-Meteo, STAC catalogs and CelesTrak; offline, those checks use
        what the cache holds or say ``not checked``.
    elements : path, optional
        Orbital elements (OMM JSON or TLE) to use instead of CelesTrak.
    evidence : path or list of paths, optional
        Evidence tables the analyst keeps (CSV files, or folders of them), read after the
        shipped ``data/imagery_evidence.csv``; each given must exist.
    default_evidence : bool
        Include the shipped evidence table (default True).
    gazetteer : Gazetteer, optional
        For the wording check (default: the embedded one).
    include_statements : bool
        Also list the other attributed statements (kind ``statement``, not checked).

    Returns
    -------
    CrossrefReport
    """
    if elements is not None:
        from ..online.orbits import load_elements

        load_elements(elements)  # a file given must be usable: checked before any work, exit 2
    gaz = gazetteer or load_gazetteer()
    rows = load_evidence(evidence, default=default_evidence)
    url = str(article.meta.get("url") or article.meta.get("source_url") or "")
    facts = ArticleFacts.of(article.text, published)
    results: list[ClaimResult] = []
    for c in claims:
        checks = tuple(caveat_context(k, c) for k in (
            check_site_wording(c, gaz),
            check_sensor_conditions(c, rows),
            check_weather(c, online=online),
            check_catalog(c, online=online),
            check_orbits(c, online=online, elements_path=elements),
            check_corroboration(c, rows, article_url=url),
            check_article(c, article, published, rows, facts),
            check_resolution(c, article.text),
            check_satellite(c),
        ))
        v, why, conf, change = assess(checks, c)
        results.append(ClaimResult(c.id, "imagery", c, c.statement, checks, v, why, conf, change,
                                   look_links(c)))
    if include_statements:
        used = {c.statement.id for c in claims if c.statement}
        for st in statements:
            if st.id not in used:
                results.append(ClaimResult(
                    f"S{st.id}", "statement", None, st, (), Verdict.NOT_ASSESSED,
                    "an attributed statement; only imagery claims are cross-referenced"))
    return CrossrefReport(article, published, online, tuple(results), published_inferred)
