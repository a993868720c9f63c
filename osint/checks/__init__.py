"""Checks of an article's satellite-imagery claims against independent evidence, and verdicts.

>>> import osint
>>> report = osint.crossref("seeds/000_908df4e159e4c100.txt")      # doctest: +SKIP
>>> [(r.id, r.verdict) for r in report.imagery]                    # doctest: +SKIP

One module per check (``site_wording``, ``sensor``, ``weather``, ``catalog``,
``orbits``, ``corroboration``, ``article``, ``resolution``); :mod:`osint.checks.run` runs them
and sums each claim up. See ``docs/crossref.md`` for the rules.
"""

from __future__ import annotations

from ..model.checks import CHECKS, STATUSES, Check, ClaimResult, CrossrefReport, Status, Verdict, Weight
from .article import ArticleFacts, check_article
from .catalog import check_catalog
from .context import site_tz, urban_radius_km
from .corroboration import check_corroboration
from .evidence import EvidenceRow, load_evidence, shared_observations
from .links import look_links
from .orbits import check_orbits
from .resolution import check_resolution
from .run import assess, caveat_context, check_claims, verdict
from .satellite import check_satellite
from .sensor import check_sensor_conditions
from .settle import open_checks, settle_frame, settling_evidence
from .site_wording import check_site_wording
from .weather import check_weather

__all__ = [
    "CHECKS",
    "STATUSES",
    "ArticleFacts",
    "Check",
    "ClaimResult",
    "CrossrefReport",
    "EvidenceRow",
    "Status",
    "Verdict",
    "Weight",
    "assess",
    "caveat_context",
    "check_article",
    "check_catalog",
    "check_claims",
    "check_corroboration",
    "check_orbits",
    "check_resolution",
    "check_satellite",
    "check_sensor_conditions",
    "check_site_wording",
    "check_weather",
    "load_evidence",
    "look_links",
    "open_checks",
    "settle_frame",
    "settling_evidence",
    "shared_observations",
    "site_tz",
    "urban_radius_km",
    "verdict",
]
