"""Claims: who said what, and what satellite imagery is said to show.

>>> from osint.claims import find_claims
>>> c = find_claims("Jane Roe of the Acme Institute said the base grew.")
>>> [s.speaker.name for s in c.statements]
['Jane Roe']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ..article import Article
from ..gazetteer import Gazetteer, load_gazetteer
from . import sensors
from .frames import claims_frame, imagery_frame, statements_frame
from .imagery import PROVIDERS, find_imagery_claims, is_imagery_sentence
from .model import ImageryClaim, Observation, Site, Speaker, Statement, Window
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


def find_claims(article: Article | str, *, published: dt.date | None = None,
                gazetteer: Gazetteer | None = None) -> Claims:
    """Find an article's attributed statements and imagery claims.

    Parameters
    ----------
    article : Article or str
        The article (its publication date anchors relative dates) or plain text.
    published : date, optional
        Overrides the article's publication date.
    gazetteer : Gazetteer, optional
        Defaults to the embedded gazetteer.

    Returns
    -------
    Claims
        ``statements`` in text order, ``imagery`` (ids ``I1``, ``I2``...).
    """
    gaz = gazetteer or load_gazetteer()
    text = article if isinstance(article, str) else article.text
    stmts = find_statements(text, gazetteer=gaz)
    imagery = find_imagery_claims(article, published=published, gazetteer=gaz, statements=stmts)
    return Claims(tuple(stmts), tuple(imagery))


__all__ = [
    "PROVIDERS", "Claims", "ImageryClaim", "Observation", "Site", "Speaker", "Statement", "Window",
    "claims_frame", "curated_entries", "find_claims", "find_imagery_claims", "find_statements",
    "imagery_frame", "is_imagery_sentence", "quote_aware_sentences", "resolve_described_site",
    "sensors", "statements_frame",
]
