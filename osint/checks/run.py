"""Cross-referencing an article's imagery claims: every check on every claim, and a verdict each.

For every imagery claim (:func:`osint.claims.find_imagery_claims`) seven checks
run: (1) ``site_wording`` site and wording against geometry; (2)
``sensor_conditions`` sensor against solar geometry; (3) ``weather`` hourly
cloud cover (Open-Meteo, online); (4) ``catalog`` STAC records (Earth Search,
Umbra open data, online); (5) ``orbits`` passes of the provider's satellites
(elements from a file or CelesTrak, online); (6) ``corroboration`` against the
evidence table; (7) ``article_consistency`` the claim against the article
itself. :func:`verdict` sums them up, with its reasoning."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from ..article import Article, load_article
from ..claims import ImageryClaim, find_imagery_claims, find_statements
from ..gazetteer import Gazetteer, load_gazetteer
from .article import ArticleFacts, check_article
from .catalog import check_catalog
from .corroboration import check_corroboration
from .evidence import load_evidence
from .model import Check, ClaimResult, CrossrefReport, Status, Verdict
from .orbits import check_orbits
from .sensor import check_sensor_conditions
from .site_wording import check_site_wording
from .weather import check_weather

#: Checks that rest on where the site is.
SITE_CHECKS = ("site_wording", "sensor_conditions", "weather", "catalog", "orbits", "corroboration")


def caveat_context(check: Check, claim: ImageryClaim) -> Check:
    """Qualify a site-dependent check when the claim's site was only taken from context.

    Such a site is the last place named before a sentence that names none
    (coarse), so a check about it is not a check about the claim's real site:
    the detail says so, and ``site_wording`` (which tests where the words put the
    site, when they put it nowhere) is never ``consistent``.
    """
    ctx = [s for s in claim.sites if s.how == "context"]
    if not ctx or check.check not in SITE_CHECKS or check.status == Status.NOT_CHECKED:
        return check
    where = ", ".join(f"'{s.name}'" for s in ctx)
    note = (f"Caveat: the sentence names no place; {where} was taken from the sentences before it "
            f"(coarse), so this is about that area, not a site the claim names. ")
    status = (Status.UNVERIFIED if check.check == "site_wording" and check.status == Status.CONSISTENT
              else check.status)
    return Check(check.check, status, note + check.detail, check.sources,
                 {**check.evidence, "site_from_context": [s.name for s in ctx]})


def verdict(checks: Sequence[Check]) -> tuple[Verdict, str]:
    """Sum up a claim's checks: (verdict, reasoning).

    ``contradicted`` when any check is inconsistent; ``corroborated`` when an
    independent record (the evidence table or a catalog record from the named
    provider) agrees; ``plausible`` when the decided checks agree but nothing
    independent confirms it; ``unverified`` otherwise.
    """
    by = {k.check: k for k in checks}
    bad = [k for k in checks if k.status == Status.INCONSISTENT]
    good = [k.check for k in checks if k.status == Status.CONSISTENT]
    open_ = [k.check for k in checks if k.status in (Status.UNVERIFIED, Status.NOT_CHECKED)]
    tail = (f" Consistent: {', '.join(good) or 'none'}. Open: {', '.join(open_) or 'none'}.")
    if bad:
        why = "; ".join(f"{k.check} ({k.detail[:160]})" for k in bad)
        return Verdict.CONTRADICTED, f"Contradicted by {why}.{tail}"
    independent = [c for c in ("corroboration", "catalog") if by.get(c) and by[c].status == Status.CONSISTENT]
    if independent:
        return Verdict.CORROBORATED, f"Independent evidence agrees ({', '.join(independent)}); no check " \
                               f"contradicts it." + tail
    if len(good) >= 2:
        return Verdict.PLAUSIBLE, "The decided checks agree, but no independent record confirms it." + tail
    return Verdict.UNVERIFIED, "Too little evidence either way." + tail


def crossref(article: Article | str | Path, *, published: dt.date | str | None = None, online: bool = False,
             elements: str | Path | None = None, evidence: str | Path | None = None,
             gazetteer: Gazetteer | None = None, include_statements: bool = True) -> CrossrefReport:
    """Cross-reference the imagery claims of an article.

    Parameters
    ----------
    article : Article, str or Path
        An article, or the path of one (a ``.txt`` with its JSON sidecar).
    published : date or str, optional
        Overrides the publication date (the anchor of relative dates).
    online : bool
        Allow Open-Meteo, STAC catalogs and CelesTrak; offline, those checks use
        what the cache holds or say ``not checked``.
    elements : path, optional
        Orbital elements (OMM JSON or TLE) to use instead of CelesTrak.
    evidence : path, optional
        The evidence table (default ``data/imagery_evidence.csv``); one given must exist.
    include_statements : bool
        Also list the other attributed statements (kind ``statement``, not checked).

    Returns
    -------
    CrossrefReport
    """
    if not isinstance(article, Article):
        article = load_article(article)
    pub = published if isinstance(published, dt.date) or published is None else \
        dt.date.fromisoformat(str(published))
    inferred = pub is None and article.published_inferred
    pub = pub or article.published
    if elements is not None:
        from ..services.orbits import load_elements

        load_elements(elements)  # a file given must be usable: checked before any work, exit 2
    gaz = gazetteer or load_gazetteer()
    rows = load_evidence(evidence)
    stmts = find_statements(article.text, gazetteer=gaz)
    claims = find_imagery_claims(article, published=pub, gazetteer=gaz, statements=stmts)
    facts = ArticleFacts.of(article.text, pub)
    results: list[ClaimResult] = []
    for c in claims:
        checks = tuple(caveat_context(k, c) for k in (
            check_site_wording(c, gaz),
            check_sensor_conditions(c, rows),
            check_weather(c, online=online),
            check_catalog(c, online=online),
            check_orbits(c, online=online, elements_path=elements),
            check_corroboration(c, rows),
            check_article(c, article, pub, rows, facts),
        ))
        v, why = verdict(checks)
        results.append(ClaimResult(c.id, "imagery", c, c.statement, checks, v, why))
    if include_statements:
        used = {c.statement.id for c in claims if c.statement}
        for st in stmts:
            if st.id not in used:
                results.append(ClaimResult(
                    f"S{st.id}", "statement", None, st, (), Verdict.NOT_ASSESSED,
                    "an attributed statement; only imagery claims are cross-referenced"))
    return CrossrefReport(article, pub, online, tuple(results), inferred)
