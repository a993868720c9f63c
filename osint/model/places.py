"""Places: a gazetteer entry, a mention in the text, and the place chosen for it.

These are the types every stage reads: the gazetteer holds :class:`Entry` s, the extractor
finds :class:`Mention` s, the resolver makes each a :class:`Place` (its entry, how sure, the
runners-up as :class:`Alternative` s, why), and the review, the claims, the checks and every
rendering read places. Named tuples: they are made by the thousand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .features import STRONG_FEATURES
from .names import Name


@dataclass(frozen=True, slots=True)
class Entry:
    """One place of the gazetteer.

    Attributes
    ----------
    id : int
        Position in the gazetteer (stable for one built index only).
    name : str
        Preferred English name.
    lat, lon : float
        WGS84 coordinates.
    feature : str
        ``continent``, ``country``, ``admin1``, ``capital``, ``city`` or a curated
        feature type (``square``, ``nuclear_site``, ...).
    country_code : str
        ISO 3166-1 alpha-2 code ('' for continents).
    admin1 : str
        GeoNames first-order division code ('' where unknown).
    population : int
        Population (0 where unknown or not applicable).
    source : str
        ``geonames`` or ``curated``.
    source_id : str
        GeoNames id, or the curated row's id.
    source_url : str
        Where the coordinates come from.
    """

    id: int
    name: str
    lat: float
    lon: float
    feature: str
    country_code: str
    admin1: str
    population: int
    source: str
    source_id: str
    source_url: str

    @property
    def strong(self) -> bool:
        """True for countries, continents, first-order divisions and capitals."""
        return self.feature in STRONG_FEATURES or self.source == "curated"



class Mention(NamedTuple):
    """A span of the text that names (or may name) a place (a named tuple: made by the thousand).

    Attributes
    ----------
    start, end : int
        Character span (code points, end exclusive) into the original text.
    text : str
        The text of the span.
    key : str
        The gazetteer key it matched.
    kind : str
        ``place`` (a gazetteer name), ``demonym`` (names a country), ``part`` (a named part
        of a site the text names, placed there by inference: :mod:`osint.places.parts`) or
        ``unresolved`` (place-like, absent from the gazetteer).
    candidates : tuple of int
        Gazetteer entry ids it may refer to (empty when unresolved).
    locative : bool
        Preceded by a locative word ("in", "near", "outside", ...).
    """

    start: int
    end: int
    text: str
    key: str
    kind: str
    candidates: tuple[int, ...]
    locative: bool = False



class Alternative(NamedTuple):
    """A runner-up reading of a mention (a named tuple: three per mention, made often)."""

    name: str
    lat: float
    lon: float
    feature: str
    country_code: str
    source: str
    source_id: str
    confidence: float

    @classmethod
    def of(cls, e: Entry, confidence: float) -> Alternative:
        """The reading ``e`` kept as a runner-up with ``confidence``."""
        return cls(e.name, e.lat, e.lon, e.feature, e.country_code, e.source, e.source_id, confidence)


class Analyst(NamedTuple):
    """What an analyst decided about a mention (a row of a review file), with who and when.

    ``action`` is ``accept``, ``reject``, ``relocate`` or ``add``; ``note`` says it in a line
    ("relocated to Springfield, Ill. by A. Analyst on 2026-01-02: the story is in Illinois");
    ``row`` names the review file's row it came from.
    """

    action: str
    analyst: str
    note: str
    date: str
    row: str = ""


class Place(NamedTuple):
    """A mention with the place chosen for it, or none (unresolved); a named tuple.

    Attributes
    ----------
    mention : Mention
        The span of text.
    entry : Entry or None
        The chosen gazetteer entry; None when the gazetteer has no candidate.
    confidence : float
        Share of the scores the chosen entry holds (0 to 1; 0 when unresolved).
    alternatives : tuple of Alternative
        Up to three runners-up.
    reason : str
        Why this entry won, in a few words.
    review : str
        Why an analyst should check this reading ('' when nothing calls for it): an unsure pick
        far from every other place of the article.
    analyst : Analyst or None
        What an analyst's review file decided about this mention (None: nothing).
    within : Name or None
        The typed name the mention lies inside ("Tennessee" in "Tennessee Valley Authority"):
        such a mention is no place of the story and is left off the map; only a geoparse asked
        for every toponym (``embedded=True``) returns it.
    """

    mention: Mention
    entry: Entry | None
    confidence: float
    alternatives: tuple[Alternative, ...]
    reason: str
    review: str = ""
    analyst: Analyst | None = None
    within: Name | None = None

    @property
    def resolved(self) -> bool:
        """True when a place was chosen."""
        return self.entry is not None


