"""Claims: who said what, and what satellite imagery is said to show.

The stage is handed the article's places (:attr:`osint.Case.place_list`); :func:`osint.analyze`
hands them over, and ``osint.find_claims(article)`` is the short way:

>>> from osint.claims import find_statements
>>> [s.speaker.name for s in find_statements("Jane Roe of the Acme Institute said the base grew.")]
['Jane Roe']
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import sensors
from ..model.claims import ImageryClaim, Observation, Site, Speaker, Statement, Window
from .frames import claims_frame, imagery_frame, statements_frame
from .imagery import PROVIDERS, find_imagery_claims, is_imagery_sentence
from .sites import curated_entries, resolve_described_site
from .statements import find_statements, quote_aware_sentences


@dataclass(frozen=True)
class Claims:
    """An article's claims: every attributed statement, and the imagery claims among them."""

    statements: tuple[Statement, ...]
    imagery: tuple[ImageryClaim, ...]

    def statements_frame(self) -> pd.DataFrame:
        """One row per statement (see :func:`statements_frame`)."""
        return statements_frame(self.statements)

    def imagery_frame(self) -> pd.DataFrame:
        """One row per imagery claim (see :func:`imagery_frame`)."""
        return imagery_frame(self.imagery)


__all__ = [
    "PROVIDERS", "Claims", "ImageryClaim", "Observation", "Site", "Speaker", "Statement", "Window",
    "claims_frame", "curated_entries", "find_imagery_claims", "find_statements",
    "imagery_frame", "is_imagery_sentence", "quote_aware_sentences", "resolve_described_site",
    "sensors", "statements_frame",
]
