"""Where an article comes from: a home region that breaks ties between namesakes.

A local paper's "Springfield" is its own Springfield. The home region comes from a
hint the user gives (``--home "Springfield, Mo."``, a sidecar's or a corpus
record's ``place`` field) or, in a corpus, from the outlet (``source``) that
published the article: the division most of that outlet's articles are about.
It is a prior, weaker than anything the text itself says.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..errors import InputError
from ..escape import no_surrogates
from ..gazetteer import Gazetteer, load_gazetteer
from .extract import extract
from .resolve import Home, Place, resolve

#: A reading counts towards its outlet's home only when this sure.
TALLY_CONFIDENCE = 0.8
#: An outlet needs this many articles, and its top division this share of them, to have a home.
MIN_DOCS = 3
MIN_SHARE = 0.3
#: A hint longer than this is no place name.
MAX_HINT = 200

__all__ = ["Home", "HomeTally", "home_from_hint"]


def home_from_hint(hint: str | Home | tuple[str, ...], gazetteer: Gazetteer | None = None) -> Home:
    """Read a home region from a hint: a place name ("Kamloops, B.C.", "West Virginia",
    "Ukraine"), an ISO country code ("UA"), or a ``(country_code, admin1)`` pair.

    The most specific confident place the hint names decides: a town or a county gives its
    first-order division, a division itself, a country only the country.

    Raises
    ------
    InputError
        When the hint names no place the gazetteer knows.

    Examples
    --------
    >>> home_from_hint("Reno, Nev.")
    Home(country_code='US', admin1='NV', why="'Reno, Nev.'")
    """
    if isinstance(hint, Home):
        return hint
    if isinstance(hint, tuple):
        if not 1 <= len(hint) <= 2 or not all(isinstance(x, str) for x in hint):
            raise InputError(f"a home region is (country code, division code), not {hint!r}")
        return Home(hint[0].upper(), hint[1] if len(hint) > 1 else "", "given")
    if not isinstance(hint, str):
        raise InputError(f"a home region hint is a place name, not {type(hint).__name__}")
    text = " ".join(no_surrogates(hint).split())
    if not text or len(text) > MAX_HINT:
        raise InputError(f"a home region hint is a place name of at most {MAX_HINT} characters")
    gaz = gazetteer or load_gazetteer()
    if len(text) == 2 and text.isalpha() and text.upper() in gaz.country_index:
        return Home(text.upper(), "", repr(text))
    places = [p for p in resolve(text, extract(text, gaz), gaz) if p.entry is not None]
    if not places:
        raise InputError(f"the home region {text!r} names no place the gazetteer knows")
    best = max(places, key=lambda p: (_specificity(p), p.confidence))
    e = best.entry
    admin1 = "" if e.feature in ("country", "continent") else e.admin1
    return Home(e.country_code, admin1, repr(text))


def _specificity(p: Place) -> int:
    f = p.entry.feature
    return 0 if f in ("continent", "country") else 1 if f == "admin1" else 2


class HomeTally:
    """Counts, per outlet, the divisions its articles' confident places lie in; then names each
    outlet's home (:meth:`homes`).

    Examples
    --------
    >>> t = HomeTally()
    >>> for _ in range(3):
    ...     t.add("Springfield News-Leader", osint.geoparse_places("Crews in Branson, Mo. and Joplin, Mo."))
    >>> t.homes()["Springfield News-Leader"].admin1
    'MO'
    """

    def __init__(self) -> None:
        self.docs: Counter[str] = Counter()
        self.regions: dict[str, Counter[tuple[str, str]]] = {}

    def add(self, source: str, places: Iterable[Place]) -> None:
        """Count one article of ``source``: each division once, however often it is named."""
        seen = {
            (p.entry.country_code, p.entry.admin1)
            for p in places
            if p.entry is not None and p.confidence >= TALLY_CONFIDENCE and p.entry.country_code
            and p.entry.admin1 and p.entry.feature not in ("country", "continent")
        }
        self.docs[source] += 1
        self.regions.setdefault(source, Counter()).update(seen)

    def merge(self, other: HomeTally) -> None:
        """Add another tally's counts (from another worker)."""
        self.docs.update(other.docs)
        for source, c in other.regions.items():
            self.regions.setdefault(source, Counter()).update(c)

    def homes(self, *, min_docs: int = MIN_DOCS, min_share: float = MIN_SHARE) -> dict[str, Home]:
        """Each outlet's home: its most frequent division, when it has ``min_docs`` articles and
        that division is in at least ``min_share`` of them."""
        out = {}
        for source, n in self.docs.items():
            c = self.regions.get(source)
            if n < min_docs or not c:
                continue
            (cc, adm), k = max(c.items(), key=lambda kv: (kv[1], kv[0]))
            if k / n >= min_share:
                out[source] = Home(cc, adm, f"outlet {source!r}: {k} of its {n} articles")
        return out
