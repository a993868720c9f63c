"""The index page of a folder of articles: each article with its outputs, in date order, and the
places two or more of them share.

``osint map``, ``crossref`` and ``report`` given several articles (or a folder) write one output
per article and this page beside them. It is rendered from one fixed template
(``folder_index.html.j2``) in the package's autoescaped environment: titles, names and file
names from the articles reach the page only as escaped text, and the links it makes are
relative paths, percent-encoded, never a scheme an article could choose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pandas as pd

from .html import render
from .maps import map_places


@dataclass(frozen=True)
class IndexPlace:
    """A place of one article: its gazetteer record (``key``), name, feature type, country."""

    key: str
    name: str
    feature: str
    country_code: str
    mentions: int


@dataclass(frozen=True)
class IndexArticle:
    """One article of the folder as the index lists it.

    Attributes
    ----------
    stem : str
        The article's file name without ``.txt``; its outputs are named after it.
    title, published : str
        The article's title and publication date (``YYYY-MM-DD``; '' when unknown).
    links : tuple of (label, relative path)
        Its outputs, relative to the index page.
    places : tuple of IndexPlace
        Its placed places.
    claims : int
        Its imagery claims.
    """

    stem: str
    title: str
    published: str
    links: tuple[tuple[str, str], ...]
    places: tuple[IndexPlace, ...]
    claims: int = 0


def index_article(stem: str, title: str, published: dt.date | str | None,
                  places: pd.DataFrame | Sequence[Any], text: str | None, links: Mapping[str, str], *,
                  claims: int = 0) -> IndexArticle:
    """An article's entry in the index, from its places table and the outputs written for it."""
    day = published.isoformat() if isinstance(published, dt.date) else (published or "")
    found = tuple(IndexPlace(p.key, p.name, p.feature, p.country_code, len(p.mentions))
                  for p in map_places(places, text))
    return IndexArticle(stem, title or stem, day, tuple(links.items()), found, claims)


def by_date(articles: Sequence[IndexArticle]) -> list[IndexArticle]:
    """The articles oldest first; those without a date last, by name."""
    return sorted(articles, key=lambda a: (a.published == "", a.published, a.stem))


def shared_places(articles: Sequence[IndexArticle]) -> list[tuple[IndexPlace, list[IndexArticle]]]:
    """The places named by two or more articles, with those articles (in date order); the places
    most articles share first, then by name."""
    seen: dict[str, tuple[IndexPlace, list[IndexArticle]]] = {}
    for a in by_date(articles):
        for p in a.places:
            _, arts = seen.setdefault(p.key, (p, []))
            if a not in arts:
                arts.append(a)
    shared = [(p, arts) for p, arts in seen.values() if len(arts) > 1]
    return sorted(shared, key=lambda t: (-len(t[1]), t[0].name.casefold()))


def href(path: str) -> str:
    """A relative link to one of the run's own files: percent-encoded, so no scheme can appear."""
    return quote(path.replace("\\", "/"))


def index_html(articles: Sequence[IndexArticle], *, title: str = "", command: str = "") -> str:
    """The index page (one HTML file, no network): the articles in date order with their outputs,
    a slider that shows the articles up to a date, and the places the articles share."""
    ordered = by_date(articles)
    days = sorted({a.published for a in ordered if a.published})
    rows = [{"a": a, "n": i, "day": days.index(a.published) if a.published else len(days),
             "links": [(label, href(path)) for label, path in a.links]} for i, a in enumerate(ordered)]
    number = {a.stem: i for i, a in enumerate(ordered)}
    shared = [{"p": p, "arts": [(a.title, number[a.stem]) for a in arts],
               "ids": " ".join(str(number[a.stem]) for a in arts)} for p, arts in shared_places(ordered)]
    return str(render("folder_index.html.j2", title=title or f"{len(ordered)} articles", rows=rows,
                      days=days, undated=sum(1 for a in ordered if not a.published), shared=shared,
                      command=command))


def write_index(articles: Sequence[IndexArticle], path: str | Path, *, title: str = "",
                command: str = "", inputs: Sequence[str | Path] = ()) -> Path:
    """Write :func:`index_html` to ``path`` (atomically; never over one of the run's ``inputs``)."""
    from ..io import atomic_output

    with atomic_output(str(path), inputs=inputs) as out:
        out.write(index_html(articles, title=title, command=command))
    return Path(path)
