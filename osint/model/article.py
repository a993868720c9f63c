"""An article: the text every stage reads, with what is known about it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import MappingProxyType

#: The ``meta`` key that says a publication date is known to the month only (``"month"``): the
#: date is then the month's last day, a bound; the claims stage hangs relative dates on the
#: article's own latest full date in that month instead.
PRECISION_KEY = "published_precision"


@dataclass(frozen=True)
class Article:
    """A text to analyse, with what is known about it.

    Attributes
    ----------
    id : str or int
        The file name without suffix, or the corpus record's id (as given).
    text : str
        The text, as read (no normalisation: spans index into it).
    title, language : str
        From the sidecar; the title defaults to the first line.
    published : datetime.date or None
        Publication date, from the sidecar (a month only: its last day, ``meta`` saying so under
        :data:`PRECISION_KEY`).
    published_inferred : bool
        True when the date was inferred from the text rather than stated.
    path : str or None
        Where it was read from.
    meta : mapping
        Everything else the sidecar holds.
    """

    id: str | int
    text: str
    title: str = ""
    language: str = "en"
    published: dt.date | None = None
    published_inferred: bool = False
    path: str | None = None
    meta: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    def __repr__(self) -> str:
        # The text can be megabytes: a repr names the article, it does not print it.
        pub = self.published.isoformat() if self.published else "unknown"
        title = self.title if len(self.title) <= 60 else self.title[:57] + "..."
        return (f"Article(id={self.id!r}, title={title!r}, published={pub}"
                f"{' (inferred)' if self.published and self.published_inferred else ''}, "
                f"{len(self.text):,} characters{f', path={self.path!r}' if self.path else ''})")
