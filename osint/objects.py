"""What an image is said to show: the object vocabulary ``data/image_objects.csv``.

Each row names one class of object at one level of the NIIRS-style ladder (``detect``,
``recognise``, ``identify``) with the words that name it there and the ground sample distance
that level needs, cited (the civil and multispectral NIIRS guides published by FAS for IRARS,
and the visible NIIRS criteria): "bombers" is a large aircraft to detect (a 10 m pixel shows
one), "Tu-95" a large aircraft to identify (2.5 m), "fighters" a fighter-size aircraft (4.5 m),
"oil tanks" storage tanks (structures, never vehicles).

:func:`find_objects` reads a sentence: every object named, whether it is in the clause that says
what the image shows (:func:`observed_spans`: "images showed X", "X was visible in the images")
or in the background ("after the drone attack on the depot"), whether it is negated or hedged.
A name followed by an event word ("drone attack", "missile strike") is the event, not an object
seen.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass

from .paths import data_file

TABLE = "data/image_objects.csv (objects and the pixel each level needs, civil/visible NIIRS, cited)"

LEVELS = ("detect", "recognise", "identify")


@dataclass(frozen=True, slots=True)
class ObjectRow:
    """One row of ``data/image_objects.csv``: an object class at one level."""

    object: str
    group: str
    level: str
    words: str
    case_sensitive: bool
    max_gsd_m: float | None
    niirs: str
    criterion: str
    radar: bool  # radar shows it
    source_url: str
    note: str


@functools.lru_cache(maxsize=1)
def load_objects() -> tuple[ObjectRow, ...]:
    """The shipped object vocabulary."""
    with data_file("image_objects.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(ObjectRow(r["object"], r["group"], r["level"], r["words"], r["case_sensitive"] == "yes",
                               float(r["max_gsd_m"]) if r["max_gsd_m"] else None, r["niirs"], r["criterion"],
                               r["radar"] == "yes", r["source_url"], r["note"])
                     for r in csv.DictReader(fh))


def detect_row(obj: str) -> ObjectRow | None:
    """The ``detect`` row of an object class (what the physics needs, whatever the wording)."""
    return next((r for r in load_objects() if r.object == obj and r.level == "detect"), None)


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern[str], ObjectRow], ...]:
    return tuple((re.compile(r"(?<![\w-])(?:" + r.words + r")(?![\w-])", 0 if r.case_sensitive else re.I), r)
                 for r in load_objects())


#: A name followed by one of these is an event or an organisation, not an object seen: "drone
#: attack", "missile strikes", "aircraft plant", "tank brigade", "missile and drone attacks".
_EVENT_AFTER = re.compile(
    r"\s*(?:(?:and|or|&|,)\s+[\w-]+\s+)?(?:attacks?|strikes?|raids?|assaults?|barrages?|fire|launch(?:es)?|"
    r"threats?|operators?|makers?|manufacturers?|production|factor(?:y|ies)|plants?|programmes?|programs?|"
    r"units?|regiments?|brigades?|bases?|squadrons?|defen[cs]es?|alerts?|sirens?|hits?|impacts?|debris|"
    r"warnings?|campaigns?|war|warfare|industry|forces?|pilots?|crews?|"
    # ... or the imagery itself: "radar satellites", "drone footage", "aircraft imagery".
    r"images?|imagery|satellites?|footage|photos?|photographs?|videos?|data|sensors?|photography)\b", re.I)

_NEGATION = re.compile(r"\b(?:no|not|without|nor|neither|none|never|absence of|lack of|free of)\b|n't\b",
                       re.I)
_HEDGE = re.compile(
    r"\b(?:appear(?:s|ed|ing)?(?:\s+to(?:\s+be)?)?|apparent(?:ly)?|possibl[ey]|likely|probabl[ey]|suspected|"
    r"presum(?:ed|ably)|believed|seem(?:s|ed|ingly)?(?:\s+to(?:\s+be)?)?|may|might|could|reportedly|"
    r"estimated|assessed|look(?:s|ed)? like|thought to be|what (?:look|appear|seem)s?(?: like| to be)?)\b",
    re.I)
_CLAUSE_BREAK = re.compile(r"[,;:()]|\b(?:and|but|while|whereas|although|though|yet)\b", re.I)

#: The verb that says what an image shows, active ("images showed X").
_SHOWS = re.compile(r"\b(?:show(?:s|ed|ing)?|reveal(?:s|ed|ing)?|depict(?:s|ed|ing)?|display(?:s|ed|ing)?|"
                    r"indicat(?:e|es|ed|ing)|confirm(?:s|ed|ing)?|captur(?:e|es|ing))\b", re.I)
#: Passive or adjectival: "X was visible in the images", "X could be seen".
_SEEN = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+\s+)?(?:visible|seen|spotted|observed|"
                   r"identified|"
                   r"detected|captured|imaged|photographed|recorded|shown|discernible)\b|"
                   r"\b(?:visible|seen|spotted|discernible)\s+(?:in|on)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?"
                   r"(?:images?|imagery|photos?|pictures?|scenes?)\b", re.I)
#: Where the observed clause ends: a relative or temporal clause, an attribution.
_BACKGROUND = re.compile(
    r"[;—–]|\s-\s|,\s*(?:which|who|whom|whose|where|when|after|before|while|as|since|according|said|says|"
    r"adding|analysts?|officials?)\b|\b(?:which|who|whom|after|before|since|following|because|amid|until|"
    r"where|when)\b|\bthat (?:was|were|had|has|have|is|are|hit|struck)\b|\b(?:said|says|told|according to|"
    r"reported)\b", re.I)


#: A verb of showing whose object is the imagery itself ("showing images from Umbra"): it says
#: nothing of what the image shows.
_OF_IMAGERY = re.compile(r"\s+(?:the\s+|new\s+|recent\s+|satellite\s+|radar\s+)*(?:images?|imagery|photos?|"
                         r"photographs?|pictures?|footage|videos?)\b", re.I)
#: Where a list resumes after a background clause: "..., where the event will be held, and X".
_RESUME = re.compile(r",\s*(?:and|as well as|along with|plus)\b", re.I)


def _after(sentence: str, start: int) -> list[tuple[int, int]]:
    """From ``start`` up to the next background clause, and again after each point where the
    list resumes past it."""
    out = []
    while start < len(sentence):
        brk = _BACKGROUND.search(sentence, start)
        if brk is None:
            out.append((start, len(sentence)))
            break
        out.append((start, brk.start()))
        again = _RESUME.search(sentence, brk.end())
        nxt = _BACKGROUND.search(sentence, brk.end())
        if again is None or (nxt is not None and nxt.start() < again.start() and nxt.start() > brk.end()):
            break
        start = again.end()
    return out


def observed_spans(sentence: str) -> list[tuple[int, int]]:
    """The spans of ``sentence`` that say what the image shows.

    After a verb of showing up to the next background clause ("showed burned tanks, after the
    strike" -> "burned tanks"; a list resumes after a relative clause: ", where ..., and X");
    before a passive one back to the previous break ("two jets were visible in the images");
    the whole sentence when it has neither.
    """
    spans: list[tuple[int, int]] = []
    for m in _SHOWS.finditer(sentence):
        if _OF_IMAGERY.match(sentence, m.end()):
            continue
        end = _BACKGROUND.search(sentence, m.end())
        stop = end.start() if end else len(sentence)
        if len(sentence[m.end():stop].split()) < 2 and m.start() > 0:
            # "Two jets were destroyed, Maxar images showed.": what is shown comes first.
            spans.append((0, m.start()))
        else:
            spans += _after(sentence, m.end())
    for m in _SEEN.finditer(sentence):
        before = [b.end() for b in _BACKGROUND.finditer(sentence, 0, m.start())]
        spans.append((before[-1] if before else 0, m.start()))
    return sorted(spans) or [(0, len(sentence))]


@dataclass(frozen=True, slots=True)
class SeenObject:
    """An object a sentence names, as the image's (``observed``) or in the background."""

    row: ObjectRow
    text: str
    start: int
    end: int
    observed: bool
    negated: bool
    hedged: bool
    cue: str

    @property
    def object(self) -> str:
        """The object class."""
        return self.row.object

    @property
    def level(self) -> str:
        """``detect``, ``recognise`` or ``identify``."""
        return self.row.level


def _scope(s: str, start: int, end: int) -> tuple[str, str]:
    """The words of the object's clause before it (up to 60 characters) and just after it."""
    parts = _CLAUSE_BREAK.split(s[max(0, start - 60):start])
    return (parts[-1] if parts else ""), _CLAUSE_BREAK.split(s[end:end + 40])[0]


#: Words that make a bare "tanks" storage tanks: the sentence is about a depot or its fuel.
_STORAGE_CONTEXT = re.compile(r"\b(?:oil|fuel|depots?|refiner(?:y|ies)|storage|petroleum|terminals?|"
                              r"tank farms?|gasoline|diesel|crude)\b", re.I)


def _storage_tanks() -> ObjectRow | None:
    return next((r for r in load_objects() if r.object == "storage tanks" and r.level == "detect"), None)


def find_objects(sentence: str, context: str = "") -> tuple[SeenObject, ...]:
    """Every object ``sentence`` names (longest name first, no overlaps), in text order.

    A bare "tanks" in a sentence, or an article (``context``), about a depot or its fuel ("fire
    trucks near the tanks" after "oil depot") is storage tanks, not armour."""
    every = [(m, r) for rx, r in _patterns() for m in rx.finditer(sentence)]
    every.sort(key=lambda x: (-(x[0].end() - x[0].start()), -LEVELS.index(x[1].level), x[0].start()))
    taken: list[tuple[int, int]] = []
    spans = observed_spans(sentence)
    out = []
    for m, r in every:
        if any(m.start() < b and a < m.end() for a, b in taken):
            continue
        taken.append((m.start(), m.end()))
        if _EVENT_AFTER.match(sentence, m.end()):
            continue
        before, after = _scope(sentence, m.start(), m.end())
        neg = _NEGATION.search(before)
        hedge = _HEDGE.search(before) or _HEDGE.search(after)
        cue = "; ".join(x.group() for x in (neg, hedge) if x)
        bare_tanks = r.object == "vehicles" and m.group().lower() == "tanks"
        if bare_tanks and (_STORAGE_CONTEXT.search(sentence) or _STORAGE_CONTEXT.search(context)):
            r = _storage_tanks() or r
        observed = any(a <= m.start() and m.end() <= b for a, b in spans)
        out.append(SeenObject(r, m.group(), m.start(), m.end(), observed, bool(neg), bool(hedge), cue))
    return tuple(sorted(out, key=lambda o: o.start))
