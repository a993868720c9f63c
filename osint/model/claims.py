"""The claims an article makes, as small immutable records that keep their evidence.

A :class:`Statement` is who said what (with how the speaker was linked); an
:class:`ImageryClaim` is a sentence asserting what satellite, aerial or radar
imagery shows, with its provider, sensor, :class:`Site` s, :class:`Window` and
:class:`Observation` s. Every field can be checked against the text: spans and
the rule that produced it are kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .places import Entry

if TYPE_CHECKING:
    # Only named in annotations: geoparsing, which loads the model, never reads a date.
    from ..dates import DateRef, Event, TimeRef


@dataclass(frozen=True, slots=True)
class Speaker:
    """A person (or organisation) the article quotes.

    Attributes
    ----------
    name : str
        Full name as first given ("Dave Schmerler").
    kind : str
        ``person`` or ``organisation``.
    affiliation : str or None
        Organisation named with them.
    role : str or None
        Their description ("a researcher", "spokesman").
    first_start : int
        Where the full name first occurs.
    acronym : str or None
        The affiliation's acronym when the text gives one ("CNS").
    """

    name: str
    kind: str
    affiliation: str | None
    role: str | None
    first_start: int
    acronym: str | None = None

    @property
    def surname(self) -> str:
        """The last word of the name."""
        return self.name.split()[-1]


@dataclass(frozen=True, slots=True)
class Statement:
    """One attributed statement.

    Attributes
    ----------
    id : int
        1-based, in text order.
    speaker : Speaker or None
        Who said it (None when the reference could not be linked).
    speaker_text : str
        How the sentence names the speaker ("Schmerler", "he", "Dave Schmerler").
    link : str
        How ``speaker_text`` was linked to ``speaker``.
    verb : str
        The reporting verb as written.
    quoted : bool
        True when ``text`` is inside quotation marks.
    text : str
        The quoted or reported span; ``start``/``end`` locate it in the article.
    start, end : int
    sentence : str
        The sentence (quotes that span sentence breaks are kept whole).
    sentence_start, sentence_end : int
    """

    id: int
    speaker: Speaker | None
    speaker_text: str
    link: str
    verb: str
    quoted: bool
    text: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int


#: Site features that name a country-sized area, not a spot (see :attr:`Site.country_level`).
COUNTRY_LEVEL = frozenset({"continent", "country", "admin1", "region", "ocean"})


@dataclass(frozen=True, slots=True)
class Site:
    """A place an imagery claim is about.

    Attributes
    ----------
    name, lat, lon, feature : str, float, float, str
    source : str
        ``curated:<id> <url>`` or ``geonames:<id> <url>``.
    how : str
        ``named`` (the sentence names it), ``described`` (resolved from a description),
        ``continued`` (the sentence opens on the images of the claim before it, which names it),
        ``referred`` (the sentence refers back to a thing, "the site", introduced before as placed
        by this place, "a SIGINT site near Bejucal") or ``context`` (the last place named before a
        sentence that names none).
    mention : str
        The words in the text.
    reasoning : str
        Why this place.
    reference : tuple or None
        (name, lat, lon, source) of the place the description is relative to.
    relation : str or None
        The relation word ("outside", "downtown", "near").
    candidates : tuple of str
        Other candidates considered, with distances.
    """

    name: str
    lat: float
    lon: float
    feature: str
    source: str
    how: str
    mention: str
    reasoning: str
    reference: tuple[str, float, float, str] | None = None
    relation: str | None = None
    candidates: tuple[str, ...] = ()
    source_id: str = ""
    country_code: str = ""
    #: The gazetteer entry the site is (its source, id and URL as data, not parsed from ``source``).
    entry: Entry | None = None

    @property
    def country_level(self) -> bool:
        """True for a country, continent, first-order division or named region: a centroid that
        says nothing of the local time or the exact spot."""
        return self.feature in COUNTRY_LEVEL

    @property
    def zone(self) -> str | None:
        """The IANA time zone at the site (timezonefinder on its point), or None for a
        country-level site: a country's centroid may be hours off its capital's clock, so it
        never sets a local time."""
        if self.country_level:
            return None
        from ..sun import zone_at

        return zone_at(self.lat, self.lon)

    def as_dict(self) -> dict:
        """JSON-ready: name, lat, lon, source, and the evidence."""
        return {
            "name": self.name, "lat": self.lat, "lon": self.lon, "source": self.source,
            "feature": self.feature, "how": self.how, "mention": self.mention, "relation": self.relation,
            "reasoning": self.reasoning,
            "reference": None if self.reference is None else dict(zip(("name", "lat", "lon", "source"),
                                                                      self.reference)),
            "candidates": list(self.candidates),
        }


@dataclass(frozen=True, slots=True)
class Window:
    """The days a claim covers (inclusive), and how they were derived."""

    start: dt.date | None
    end: dt.date | None
    expression: str | None
    derivation: str

    def as_dict(self) -> dict:
        """JSON-ready."""
        return {"start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None,
                "expression": self.expression, "derivation": self.derivation}


@dataclass(frozen=True, slots=True)
class Observation:
    """Something the claim says the imagery shows."""

    label: str
    text: str
    start: int
    end: int
    value: str | None = None
    #: True when the claim says it is absent ("showed no vehicles", "did not show ships").
    negated: bool = False
    #: True when the claim hedges it ("what appear to be launchers", "possibly", "likely").
    hedged: bool = False
    #: The negation or hedge words, when any.
    cue: str = ""
    #: A finer reading: a type ("Tu-95"), "group" for many vehicles, a colour ("red").
    detail: str | None = None

    def as_dict(self) -> dict:
        """JSON-ready."""
        return {"label": self.label, "text": self.text, "start": self.start, "end": self.end,
                "value": self.value, "negated": self.negated, "hedged": self.hedged, "cue": self.cue,
                "detail": self.detail}


@dataclass(frozen=True, slots=True)
class WeatherWord:
    """Weather the article states ("thick monsoon cloud", "overcast", "clear skies"): soft
    evidence for an optical claim of that day and place.

    Attributes
    ----------
    text : str
        The words as written; ``start``/``end`` locate them in the article.
    kind : str
        ``cloud``, ``rain``, ``snow``, ``haze``, ``smoke`` or ``clear``.
    strength : str
        ``thick`` ("thick", "heavy", "dense", "overcast", "monsoon"), ``thin`` ("thin",
        "light", "high", "wispy", "scattered", "partly") or ``""`` when not said.
    """

    text: str
    start: int
    end: int
    kind: str
    strength: str = ""

    def as_dict(self) -> dict:
        """JSON-ready."""
        return {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind,
                "strength": self.strength}


@dataclass(frozen=True, slots=True)
class ImageryClaim:
    """A sentence asserting what satellite, aerial or radar imagery shows.

    ``text``/``start``/``end`` are the sentence; ``statement`` is the attributed
    statement inside it, when there is one.
    """

    id: str
    text: str
    start: int
    end: int
    statement: Statement | None
    provider: str
    provider_reason: str
    sensor: str
    sensor_reason: str
    sites: tuple[Site, ...]
    window: Window
    observations: tuple[Observation, ...]
    dates: tuple[DateRef, ...] = field(default=())
    #: The constellation named ("SkySat", "Pleiades Neo"), when the sentence names one.
    constellation: str | None = None
    #: Clock times and parts of the day in the sentence (:func:`osint.dates.find_times`).
    times: tuple[TimeRef, ...] = field(default=())
    #: Place mentions left out as sites, with why ("provider name 'Capella'", "the speaker's city").
    dropped_sites: tuple[str, ...] = field(default=())
    #: The dated event of the article the imagery is read against (named in the sentence, else the
    #: last dated before it), when the article dates one.
    event: Event | None = None
    #: Weather the article states in the claim's sentence or paragraph (soft evidence for optical).
    weather: tuple[WeatherWord, ...] = field(default=())
    #: Who made the image or its analysis (the provider named, else the organisation or analyst
    #: it is credited to), and who passed it on ("reviewed by Reuters", "X, citing ..."): a relay
    #: chain is one source, its origin.
    origin: str = ""
    relays: tuple[str, ...] = field(default=())
    #: How the origin was found, when not from the sentence itself: "the publishing outlet's own
    #: analysis (from the article's metadata)" for a claim the text credits to no one.
    origin_reason: str = ""
    #: Other claims of the article about the same site and time from independent origins, as
    #: "I3: Maxar" (one per origin).
    corroborated_by: tuple[str, ...] = field(default=())
    #: Sentences of the article saying its images were forged or misdated ("forged: ...") or
    #: disputing them ("disputed: ...").
    disputes: tuple[str, ...] = field(default=())
    #: Sentences near the claim reporting evidence of another kind than its images, from someone
    #: else: videos or footage, or a party's confirmation ("ground: 'video' in ...").
    ground: tuple[str, ...] = field(default=())
    #: In an article with no publication date and no year to date it by, how the claim's images
    #: stand to the event it is read against, from their year-free dates ("5 May" after "4-7 May",
    #: "Friday" and "Friday"): "after: ...", "same day: ...", "before: ..." with the reason, or ""
    #: when they cannot be ordered.
    event_order: str = ""

    @property
    def image_before_event(self) -> bool | None:
        """True when the claim's days all fall before the event it is read against (an image of
        the damage taken before the strike), False when they do not, None when either is undated."""
        w, ev = self.window, self.event
        if ev is None or ev.date.date_start is None or w.start is None or w.end is None:
            return None
        return w.end < ev.date.date_start

    @property
    def speaker(self) -> str | None:
        """The speaker's full name."""
        return self.statement.speaker.name if self.statement and self.statement.speaker else None

    @property
    def affiliation(self) -> str | None:
        """The speaker's organisation."""
        return self.statement.speaker.affiliation if self.statement and self.statement.speaker else None


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    text: str
