"""The types every stage reads and every output draws: one place for each thing.

The flow is article -> places -> claims -> checks, and each stage is handed the one before
it as these types, never calling it:

- :mod:`osint.model.article`: :class:`Article`, the text and what is known about it;
- :mod:`osint.model.places`: :class:`Entry` (a gazetteer place), :class:`Mention` (a span
  of the text), :class:`Place` (the mention with the entry chosen for it, how sure, the
  runners-up as :class:`Alternative` s, why, and what an analyst decided);
- :mod:`osint.model.table`: the places table, :data:`COLUMNS`, made by :func:`places_frame`;
- :mod:`osint.model.claims`: :class:`Statement` (who said what), :class:`ImageryClaim`
  (what imagery is said to show) with its :class:`Site` s, :class:`Window` and
  :class:`Observation` s;
- :mod:`osint.model.checks`: :class:`Check` (one check's :class:`Status`), :class:`ClaimResult`
  (a claim's checks and :class:`Verdict`), :class:`CrossrefReport` (an article's);
- :mod:`osint.model.features`: the vocabulary of feature types.

Nothing here computes a stage; the types keep their evidence (spans, sources, reasons) so that
every output can show where a fact came from.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .article import Article
from .features import CITY_FEATURES, COUNTRY_FEATURES, FEATURE_LABELS, REGION_FEATURES, STRONG_FEATURES
from .names import NAME_KINDS, Name
from .places import Alternative, Analyst, Entry, Mention, Place
from .table import (
    ALTERNATIVE_FIELDS,
    ANALYST_COLUMNS,
    COLUMNS,
    ELLIPSIS,
    PROVENANCE_COLUMNS,
    SENTENCE_WINDOW,
    alternative_record,
    place_record,
    place_records,
    places_frame,
    sentence_window,
)

if TYPE_CHECKING:
    from .checks import CHECKS, STATUSES, Check, ClaimResult, CrossrefReport, Status, Verdict, Weight
    from .claims import ImageryClaim, Observation, Site, Speaker, Statement, Window

#: The claims' and checks' types, loaded when first asked for: geoparsing reads none of them, and
#: defining their dataclasses (about 10 ms) is a tenth of what ``osint geoparse`` imports.
_LATER = dict.fromkeys(("ImageryClaim", "Observation", "Site", "Speaker", "Statement", "Window"), "claims")
_LATER.update(dict.fromkeys(("CHECKS", "STATUSES", "Check", "ClaimResult", "CrossrefReport", "Status",
                             "Verdict", "Weight"), "checks"))


def __getattr__(name: str) -> Any:
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # asked once
    return value


__all__ = [
    "ALTERNATIVE_FIELDS",
    "ANALYST_COLUMNS",
    "CHECKS",
    "CITY_FEATURES",
    "COLUMNS",
    "COUNTRY_FEATURES",
    "ELLIPSIS",
    "FEATURE_LABELS",
    "NAME_KINDS",
    "PROVENANCE_COLUMNS",
    "REGION_FEATURES",
    "SENTENCE_WINDOW",
    "STATUSES",
    "STRONG_FEATURES",
    "Alternative",
    "Analyst",
    "Article",
    "Check",
    "ClaimResult",
    "CrossrefReport",
    "Entry",
    "ImageryClaim",
    "Mention",
    "Name",
    "Observation",
    "Place",
    "Site",
    "Speaker",
    "Statement",
    "Status",
    "Verdict",
    "Weight",
    "Window",
    "alternative_record",
    "place_record",
    "place_records",
    "places_frame",
    "sentence_window",
]
