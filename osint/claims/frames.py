"""Claims as tables: one row per attributed statement, one per imagery claim."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..article import Article
from ..gazetteer import Gazetteer
from ..model.claims import ImageryClaim, Statement
from .statements import find_statements

#: Columns of :func:`statements_frame`.
STATEMENT_COLUMNS = ["id", "speaker", "affiliation", "role", "speaker_text", "link", "verb", "quoted", "text",
                     "start", "end", "sentence"]


def statements_frame(statements: Sequence[Statement]) -> pd.DataFrame:
    """Tabulate attributed statements: one row each, columns :data:`STATEMENT_COLUMNS`."""
    rows = []
    for st in statements:
        sp = st.speaker
        rows.append({
            "id": st.id, "speaker": sp.name if sp else None,
            "affiliation": sp.affiliation if sp else None, "role": sp.role if sp else None,
            "speaker_text": st.speaker_text, "link": st.link, "verb": st.verb, "quoted": st.quoted,
            "text": st.text, "start": st.start, "end": st.end, "sentence": st.sentence,
        })
    return pd.DataFrame(rows, columns=STATEMENT_COLUMNS)


def claims_frame(article: Article | str, *, gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """Tabulate an article's attributed statements (:func:`statements_frame` of its statements).

    Returns
    -------
    pandas.DataFrame
        Columns id, speaker, affiliation, role, speaker_text, link, verb, quoted,
        text, start, end, sentence.
    """
    text = article if isinstance(article, str) else article.text
    return statements_frame(find_statements(text, gazetteer=gazetteer))


def imagery_frame(claims: Sequence[ImageryClaim]) -> pd.DataFrame:
    """Tabulate imagery claims: one row per claim, sites and observations joined."""
    rows = [{
        "id": c.id, "speaker": c.speaker, "affiliation": c.affiliation, "provider": c.provider,
        # Who made the images or their analysis, and how that was read when not from the sentence
        # ("the publishing outlet's own analysis (from the article's metadata)").
        "origin": c.origin, "origin_reason": c.origin_reason,
        "sensor": c.sensor, "sites": "; ".join(s.name for s in c.sites),
        "window": f"{c.window.start}..{c.window.end}",
        "observations": "; ".join(o.label for o in c.observations), "text": c.text,
        "site_reasoning": " | ".join(s.reasoning for s in c.sites),
        "window_derivation": c.window.derivation,
    } for c in claims]
    return pd.DataFrame(rows, columns=["id", "speaker", "affiliation", "provider", "origin", "origin_reason",
                                       "sensor", "sites",
                                       "window", "observations", "text", "site_reasoning",
                                       "window_derivation"])
