"""Claims: who said what, and what satellite imagery is said to show.

Two layers, both generic for English news text:

- **Attributed statements** (:func:`find_statements`): a reporting verb ("said",
  "added", "stated", "quoted ... as saying", "according to") with its speaker,
  linked across the article (a later surname, a misspelt surname one edit away,
  or a pronoun refers back to the most recent person quoted), the speaker's
  affiliation and role from the apposition ("Ankit Panda of the Carnegie
  Endowment", "A researcher at the James Martin Center ..., Dave Schmerler,"),
  the quoted or reported text, and the sentence.
- **Imagery claims** (:func:`find_imagery_claims`): sentences that assert what
  satellite, aerial or radar imagery shows, with the provider, the sensor
  (``sar``, ``optical`` or ``unknown``), the sites (named places, or a described
  site such as "a training area outside Pyongyang" resolved to gazetteer
  candidates by feature type and distance, with the reasoning), the time window
  (from :mod:`osint.dates`) and what is said to be seen.

Everything is rule-based and keeps its evidence (spans, the rule applied), so a
reader can check each field against the text.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from .article import Article
from .dates import VAGUE_WEEKS_DAYS, DateRef, find_dates
from .gazetteer import Entry, Gazetteer, load_gazetteer
from .resolve import haversine_km
from .text import name_key
from .text import sentences as split_sentences

# ----------------------------------------------------------------------------- vocab

VERBS = (r"said|says|say|added|adds|stated|states|told|tells|noted|notes|explained|explains|argued|"
         r"argues|wrote|writes|warned|warns|claimed|claims|suggested|suggests|reported|reports|"
         r"estimated|observed|observes|pointed out|announced|insisted|concluded|acknowledged")
_VERB_RE = re.compile(rf"\b(?:{VERBS})\b")

TITLES = {
    "mr", "mrs", "ms", "dr", "prof", "professor", "president", "vice", "prime", "minister", "defence",
    "defense", "foreign", "secretary", "general", "gen", "ambassador", "spokesman", "spokeswoman",
    "spokesperson", "leader", "chairman", "senator", "analyst", "researcher", "director", "chief",
    "admiral", "colonel", "lieutenant", "commander", "deputy", "state", "national", "security",
    "adviser", "advisor", "official", "supreme", "marshal", "premier", "king", "queen",
}
ORG_WORDS = {
    "university", "center", "centre", "institute", "agency", "council", "ministry", "party", "endowment",
    "committee", "news", "media", "force", "forces", "army", "navy", "union", "nations", "house",
    "department", "office", "foundation", "association", "company", "corporation", "group", "bank",
    "museum", "square", "cemetery", "war", "day", "politburo", "kcna", "yonhap", "reuters", "times",
}
PRONOUNS = {"he", "she"}
#: Words that open a capitalised run without being part of a name.
FUNCTION_WORDS = {"in", "on", "at", "the", "a", "an", "but", "however", "and", "or", "as", "if", "when",
                  "while", "after", "before", "since", "for", "from", "with", "by", "to", "of", "this",
                  "that", "these", "those", "it", "its", "their", "his", "her", "our", "one", "some", "many"}

_NAME_TOKEN = r"[A-Z][a-zà-ÿ]+(?:[-’'][A-Za-z][a-zà-ÿ]+)*"
_CAP_RUN = re.compile(rf"{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,5}}")
_QUOTE_RE = re.compile(r"“([^”]+)”|\"([^\"]+)\"")

_ORG_PAT = r"[A-Z][\w.&’'-]*(?:\s+(?:(?:of|for|and|on|the|&)\s+)*[A-Z][\w.&’'-]*)*"
_AFFIL_RE = re.compile(
    r"\b(?:at|of|from|with|for)\s+(?:the\s+)?(?:(?:US|UK|EU|[A-Z][a-z]+)[- ]based\s+)?"
    rf"(?:[A-Z][\w]*[’']s\s+)?(?P<org>{_ORG_PAT})(?:\s*\((?P<acr>[A-Z][A-Za-z]{{1,9}})\))?"
)

#: Imagery providers: name -> (pattern, sensor the provider flies, or '' when it flies both).
PROVIDERS: dict[str, tuple[str, str]] = {
    "Umbra": (r"\bUmbra\b", "sar"),
    "Capella Space": (r"\bCapella\b", "sar"),
    "ICEYE": (r"\bICEYE\b", "sar"),
    "Synspective": (r"\bSynspective\b", "sar"),
    "Planet": (r"\bPlanet(?:\s+Labs)?\b|\bPlanetScope\b|\bSkySat\b", "optical"),
    "Maxar": (r"\bMaxar\b|\bDigitalGlobe\b|\bWorldView\b", "optical"),
    "Airbus": (r"\bAirbus\b|\bPl[eé]iades\b", "optical"),
    "BlackSky": (r"\bBlackSky\b", "optical"),
    "Satellogic": (r"\bSatellogic\b", "optical"),
    "Sentinel-1": (r"\bSentinel-1[AB]?\b", "sar"),
    "Sentinel-2": (r"\bSentinel-2[AB]?\b", "optical"),
    "Landsat": (r"\bLandsat\b", "optical"),
    "Google Earth": (r"\bGoogle Earth\b", "optical"),
}
_IMAGERY_TERM = re.compile(
    r"\b(?:satellites?|imagery|radar|SAR|synthetic[- ]aperture|aerial|overhead|reconnaissance)\b", re.I)
_VISUAL_TERM = re.compile(
    r"\b(?:images?|imagery|photos?|photographs?|pictures?|show(?:s|ed|n|ing)?|captured?|reveal(?:s|ed)?|"
    r"depict(?:s|ed)?|visible|seen|spotted)\b", re.I)
_SAR_TERM = re.compile(r"\b(?:radar|SAR|synthetic[- ]aperture)\b", re.I)
_OPTICAL_TERM = re.compile(
    r"\b(?:optical|photographs?|true[- ]colou?r|multispectral|electro-optical)\b", re.I)

#: Observation vocabulary: label -> pattern. Generic things imagery analysts report.
OBSERVATIONS: list[tuple[str, re.Pattern[str]]] = [
    ("number formation", re.compile(
        r"\bformations?\s+of\s+(?:the\s+)?(?:number|numeral|figure|digits?)s?\s+[“\"']?(?P<value>\d+)[”\"']?",
        re.I)),
    ("rehearsing participants", re.compile(
        r"\b(?:participants?|troops|people|crowds?|performers?)\b[^.;]{0,30}?\brehears\w*|\brehears\w*",
        re.I)),
    ("slogans", re.compile(r"\bslogans?\b", re.I)),
    ("marching units", re.compile(
        r"\b(?:(?:military\s+)?units?|troops|soldiers|columns?)\b[^.;]{0,40}?\bmarch\w*|\bmarch(?:ing|ed)\b",
        re.I)),
    ("vehicles", re.compile(r"\bvehicles?\b|\btrucks?\b|\btanks\b|\blaunchers?\b", re.I)),
    ("missiles", re.compile(r"\bmissiles?\b|\brockets?\b", re.I)),
    ("aircraft", re.compile(r"\baircraft\b|\bjets?\b|\bhelicopters?\b|\bdrones?\b", re.I)),
    ("vessels", re.compile(r"\bships?\b|\bvessels?\b|\bsubmarines?\b", re.I)),
    ("construction", re.compile(r"\bconstruct\w*|\bexcavat\w*|\bbuilding work\b", re.I)),
    ("crowds", re.compile(r"\bcrowds?\b|\bgatherings?\b", re.I)),
    ("bridges", re.compile(r"\bpontoon bridges?\b|\bbridges?\b", re.I)),
    ("formations", re.compile(r"\bformations?\b", re.I)),
]

#: Site descriptions -> the gazetteer feature types that can fill them.
SITE_DESCRIPTORS: dict[str, tuple[str, ...]] = {
    r"training (?:area|ground|field|facility|site)|parade (?:ground|training ground|training facility)|"
    r"drill ground|rehearsal (?:area|site|ground)":
        ("parade_ground", "military_training", "training_area", "training_ground"),
    r"air ?field|air ?base|airport|airstrip": ("airport", "airfield", "air_base"),
    r"launch (?:site|pad|facility)|launching (?:station|ground|site)": ("space_launch_site", "missile_base"),
    r"nuclear (?:site|facility|complex|test site)|test site|reactor|enrichment (?:site|plant)":
        ("nuclear_site",),
    r"naval base|submarine base|port|harbou?r|shipyard": ("naval_base", "port", "shipyard"),
    r"missile base|missile operating base": ("missile_base",),
    r"square|plaza": ("square",),
    r"cemetery": ("cemetery",),
}
_RELATION = (r"outside|near|in|inside|within|on the outskirts of|in the outskirts of|close to|around|"
             r"(?:just\s+)?(?:north|south|east|west|northeast|northwest|southeast|southwest)\s+of")
_PLACE_NAME = r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3}"
_DESCRIBED_SITE = re.compile(
    rf"\b(?:an?|the|one)\s+(?:[\w-]+\s+){{0,2}}?(?P<desc>{'|'.join(SITE_DESCRIPTORS)})\s+"
    rf"(?P<rel>{_RELATION})\s+(?:the\s+(?:city|capital|town)\s+of\s+)?(?P<ref>{_PLACE_NAME})")
#: Search radius (km) for a described site, by the relation word.
RELATION_RADIUS_KM = {"in": 25.0, "inside": 25.0, "within": 25.0, "around": 40.0, "near": 40.0,
                      "close to": 40.0, "outside": 40.0, "outskirts": 40.0, "direction": 80.0}
_BEARINGS = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180, "southwest": 225,
             "west": 270, "northwest": 315}
#: Place features that are never an imagery claim's site on their own when something finer is named.
COARSE_FEATURES = {"continent", "country", "admin1"}
NOT_SITES = {"think_tank"}


# ---------------------------------------------------------------------------- types


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


@dataclass(frozen=True, slots=True)
class Site:
    """A place an imagery claim is about.

    Attributes
    ----------
    name, lat, lon, feature : str, float, float, str
    source : str
        ``curated:<id> <url>`` or ``geonames:<id> <url>``.
    how : str
        ``named`` (the sentence names it), ``described`` (resolved from a description) or
        ``context`` (the last place named before a sentence that names none).
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

    def as_dict(self) -> dict:
        """JSON-ready."""
        return {"label": self.label, "text": self.text, "start": self.start, "end": self.end,
                "value": self.value}


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

    @property
    def speaker(self) -> str | None:
        """The speaker's full name."""
        return self.statement.speaker.name if self.statement and self.statement.speaker else None

    @property
    def affiliation(self) -> str | None:
        """The speaker's organisation."""
        return self.statement.speaker.affiliation if self.statement and self.statement.speaker else None


# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    text: str


def quote_aware_sentences(text: str) -> list[_Span]:
    """Sentences, merged while a quotation is open (a quote may hold several sentences)."""
    out: list[_Span] = []
    pending: _Span | None = None
    for s in split_sentences(text):
        cur = s if pending is None else _Span(pending.start, s.end, text[pending.start:s.end])
        if cur.text.count("“") > cur.text.count("”") and "\n" not in cur.text:
            pending = _Span(cur.start, cur.end, cur.text)
            continue
        pending = None
        out.append(_Span(cur.start, cur.end, cur.text))
    if pending is not None:
        out.append(pending)
    return out


def _edit1(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one insertion, deletion or substitution."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _is_person_name(name: str, gaz: Gazetteer) -> bool:
    words = name.split()
    if len(words) < 2 or len(words) > 4 or words[0].lower() in FUNCTION_WORDS:
        return False
    if any(w.lower().strip("’'") in ORG_WORDS for w in words):
        return False
    key = name_key(name)
    if key in gaz.names or key in gaz.demonyms or key in gaz.non_places:
        return False
    # "... Pyongyang": a run ending in a capital, country or region is a place phrase.
    tail = name_key(words[-1])
    if any(gaz.entry(i).feature in ("capital", "country", "continent", "admin1")
           for i in gaz.names.get(tail, ())):
        return False
    # "North Korean defence minister": a name opening with a place or demonym is not a person.
    for n in (1, 2):
        head = name_key(" ".join(words[:n]))
        if head in gaz.demonyms or (head in gaz.names and any(
                gaz.entry(i).feature in ("country", "continent", "admin1") for i in gaz.names[head])):
            return False
    return True


def _strip_titles(run: str, start: int) -> tuple[str, int]:
    words = run.split()
    offset = 0
    while words and words[0].lower().strip(".") in TITLES:
        offset += len(words[0]) + 1
        words = words[1:]
        # skip whitespace runs
    rest = run[offset:].lstrip()
    return rest, start + (len(run) - len(rest))


def _affiliation(text: str, gaz: Gazetteer) -> tuple[str | None, str | None, str | None]:
    """Return (organisation, role, acronym) from an apposition such as "a researcher at the X (X)"."""
    text = text.strip(" ,")
    org = acr = None
    cut = len(text)
    for m in _AFFIL_RE.finditer(text):
        cand = m.group("org").strip()
        # Trailing connectors belong to the sentence, not the name.
        cand = re.sub(r"(?:\s+(?:of|for|and|on|the|&))+$", "", cand)
        hits = gaz.names.get(name_key(cand), ())
        if hits and all(gaz.entry(i).feature in ("country", "continent", "admin1", "capital", "city")
                        for i in hits):
            continue
        if len(cand) < 2:
            continue
        org, acr = cand, m.group("acr")
        cut = m.start()
        break
    role = text[:cut].strip(" ,") or None
    if role:
        role = re.sub(r"^(?:an?|the)\s+", "", role, flags=re.I)
        if org is None and len(role.split()) > 8:
            role = None
    return org, role, acr


# ----------------------------------------------------------------------- statements


@dataclass
class _Attribution:
    start: int  # of the speaker reference, relative to the sentence
    end: int
    verb_start: int
    verb_end: int
    speaker_text: str
    kind: str  # 'name', 'surname', 'pronoun', 'org'
    apposition: str = ""
    priority: int = 9


def _attributions(s: str, gaz: Gazetteer) -> list[list[_Attribution]]:
    found: list[_Attribution] = []
    verbs = list(_VERB_RE.finditer(s))
    # Person names: capitalised runs with titles stripped.
    names: list[tuple[int, int, str]] = []
    for m in _CAP_RUN.finditer(s):
        run, st = _strip_titles(m.group(), m.start())
        # "Defence Minister Kang Sun Nam": after titles, up to four name words.
        words = run.split()
        for n in range(min(4, len(words)), 1, -1):
            cand = " ".join(words[:n])
            if _is_person_name(cand, gaz):
                names.append((st, st + len(cand), cand))
                break
    for ns, ne, name in names:
        # "quoted NAME as saying"
        before = s[max(0, ns - 60):ns]
        mq = re.search(r"\bquot(?:ed|es|ing)\s+(?:[A-Z][\w’'-]*\s+){0,4}$", before)
        after = s[ne:]
        if mq and re.match(r"\s+as\s+saying\b", after):
            vs = ne + after.index("as saying")
            found.append(_Attribution(ns, ne, vs, vs + 9, name, "name", "", 0))
            continue
        # "NAME[, apposition | of ORG], VERB"
        for v in verbs:
            if v.start() < ne:
                continue
            between = s[ne:v.start()]
            if len(between) > 220 or any(q in between for q in "“”\"") or ";" in between:
                break
            if between.strip() == "" or between.lstrip().startswith((",", "of ", "at ", "from ", "with ")):
                # A comma-led apposition must close with a comma just before the verb.
                b = between.strip()
                if b and b.startswith(",") and not b.endswith(","):
                    break
                found.append(_Attribution(ns, ne, v.start(), v.end(), name, "name", between,
                                          1 if between.strip() == "" else 3))
            break
        # "DESCRIPTION, NAME, VERB": "A researcher at the X (CNS), Dave Schmerler, said"
        mv = re.match(rf"\s*,\s*({VERBS})\b", after)
        pre = re.search(r"(?:^|[.;:]\s+)((?:An?|The|an?|the)\s+[^“”\"]{3,160}?),\s*$", s[:ns])
        if mv and pre:
            vs = ne + mv.start(1)
            found.append(_Attribution(ns, ne, vs, vs + len(mv.group(1)), name, "name", pre.group(1), 0))
        # "VERB NAME[, apposition]"
        mb = re.search(rf"\b({VERBS})\s+$", s[:ns])
        if mb:
            app = re.match(r",\s*([^“”\"]+?)(?:[.;]?\s*$|,\s*“)", after)
            found.append(_Attribution(ns, ne, mb.start(1), mb.end(1), name, "name",
                                      app.group(1) if app else "", 2))
    # Surname alone: "Schmerler added", "Lukin said", "Rina stated".
    for v in verbs:
        m = re.search(rf"\b({_NAME_TOKEN})\s*,?\s+$", s[:v.start()])
        if m and m.group(1).lower() not in TITLES | ORG_WORDS | PRONOUNS | FUNCTION_WORDS:
            # Linked (or dropped) against the speakers known so far by find_statements.
            found.append(_Attribution(m.start(1), m.end(1), v.start(), v.end(), m.group(1), "surname", "", 4))
        mb = re.match(rf"\s+({_NAME_TOKEN})\b(?!\s+{_NAME_TOKEN})", s[v.end():])
        if mb and v.group() in ("said", "added", "says") and mb.group(1).lower() not in PRONOUNS:
            st = v.end() + mb.start(1)
            found.append(_Attribution(st, st + len(mb.group(1)), v.start(), v.end(), mb.group(1),
                                      "surname", "", 4))
    # Pronouns: "he said", "said he".
    for m in re.finditer(rf"\b(he|she|He|She)\s+({VERBS})\b", s):
        found.append(_Attribution(m.start(1), m.end(1), m.start(2), m.end(2), m.group(1), "pronoun", "", 5))
    # Organisations: "North Korean media said", "KCNA reported", "analysts said".
    for m in re.finditer(
            rf"((?:[Tt]he\s+)?(?:[A-Z][\w’'-]*\s+){{0,4}}(?:state\s+)?(?:media|news agency|agency|"
            rf"ministry|analysts?|officials?|experts?|government|[A-Z]{{3,}}))\s+(?:also\s+)?({VERBS})\b", s):
        found.append(_Attribution(m.start(1), m.end(1), m.start(2), m.end(2), m.group(1).strip(),
                                  "org", "", 6))
    for m in re.finditer(
            r"\baccording to\s+(?:the\s+)?(?:report\s+(?:of|by)\s+(?:the\s+)?)?"
            r"(?P<src>[\w’'\- ]+?)(?=\s+(?:on|in|at|that|which|during)\b|[,.;”]|$)", s):
        found.append(_Attribution(m.start("src"), m.end("src"), m.start(), m.start() + 12,
                                  m.group("src").strip(), "org", "", 7))
    # Candidates per reporting verb, the most specific pattern first; the caller keeps the
    # first one it can link (a lone surname that names no known speaker falls through).
    by_verb: dict[int, list[_Attribution]] = {}
    for a in found:
        by_verb.setdefault(a.verb_start, []).append(a)
    return [sorted(v, key=lambda a: a.priority) for _, v in sorted(by_verb.items())]


def _reported_span(s: str, a: _Attribution) -> tuple[int, int, bool]:
    """The quoted or reported part of sentence ``s`` for attribution ``a`` (sentence-relative)."""
    # A quotation of two words or fewer ("remarkable", the number "70") is a term, not speech.
    quotes = [(m.start() + 1, m.end() - 1) for m in _QUOTE_RE.finditer(s)
              if len(m.group(m.lastindex or 1).split()) >= 3]
    after_verb = s[a.verb_end:]
    if re.match(r"\s*(?:that)\b", after_verb) or s[a.verb_start:a.verb_end] == "as saying":
        mt = re.match(r"\s*,?\s*(?:that\s+)?", after_verb)
        st = a.verb_end + (mt.end() if mt else 0)
        en = len(s.rstrip()) - (1 if s.rstrip().endswith(".") else 0)
        return st, en, False
    if quotes:
        # The quote nearest the attribution.
        q = min(quotes, key=lambda q: min(abs(q[0] - a.verb_end), abs(q[1] - a.start)))
        return q[0], q[1], True
    lo = min(a.start, a.verb_start)
    hi = max(a.end, a.verb_end)
    tail = s[hi:]
    mt = re.match(r"\s*,?\s*(?:that\s+)?", tail)
    head_text = s[:lo].rstrip(" ,")
    according = s[a.verb_start:].startswith("according to")
    if len(head_text) > 15 and not re.search(r"\b(?:as|of|at)\s*$", head_text) and lo > 0 \
            and (according or a.verb_end <= a.start or a.kind in ("pronoun", "surname")
                 or not s[hi:].strip(" .,")):
        return 0, len(head_text), False
    st = hi + (mt.end() if mt else 0)
    en = len(s.rstrip())
    if s.rstrip().endswith("."):
        en -= 1
    return st, max(st, en), False


def find_statements(text: str, *, gazetteer: Gazetteer | None = None) -> list[Statement]:
    """Find the attributed statements of ``text``, speakers linked across the text.

    Parameters
    ----------
    text : str
        Article text.
    gazetteer : Gazetteer, optional
        Used to tell people from places.

    Returns
    -------
    list of Statement
        In text order.

    Examples
    --------
    >>> st = find_statements("Jane Roe of the Acme Institute said, “It is big.” It grew, she added.")
    >>> [(s.speaker.name, s.speaker.affiliation, s.verb) for s in st]
    [('Jane Roe', 'Acme Institute', 'said'), ('Jane Roe', 'Acme Institute', 'added')]
    """
    gaz = gazetteer or load_gazetteer()
    people: list[Speaker] = []
    last_person: Speaker | None = None
    out: list[Statement] = []
    for sent in quote_aware_sentences(text):
        s = sent.text
        for cands in _attributions(s, gaz):
            linked = None
            for a in cands:
                linked = _link(a, people, last_person, gaz, sent.start)
                if linked is not None:
                    break
            if linked is None:
                continue
            speaker, link = linked
            if speaker is not None and speaker.kind == "person":
                if speaker not in people:
                    people.append(speaker)
                last_person = speaker
            qs, qe, quoted = _reported_span(s, a)
            out.append(Statement(
                id=len(out) + 1, speaker=speaker, speaker_text=a.speaker_text, link=link,
                verb=s[a.verb_start:a.verb_end], quoted=quoted, text=s[qs:qe].strip(),
                start=sent.start + qs, end=sent.start + qe, sentence=s,
                sentence_start=sent.start, sentence_end=sent.end,
            ))
    return out


def _link(a: _Attribution, people: list[Speaker], last_person: Speaker | None, gaz: Gazetteer,
          base: int) -> tuple[Speaker | None, str] | None:
    """The speaker an attribution refers to, and how; None when it cannot be linked."""
    if a.kind == "name":
        speaker = next((p for p in people if p.name == a.speaker_text), None)
        if speaker is not None:
            return speaker, "full name, as before"
        org, role, acr = _affiliation(a.apposition, gaz)
        return Speaker(a.speaker_text, "person", org, role, base + a.start, acr), "full name, first mention"
    if a.kind == "surname":
        exact = [p for p in people if p.surname == a.speaker_text]
        if exact:
            return exact[-1], f"surname '{a.speaker_text}' of {exact[-1].name}"
        near = [p for p in people if len(a.speaker_text) >= 4 and _edit1(p.surname, a.speaker_text)]
        if near:
            return near[-1], (f"surname spelt '{a.speaker_text}' taken as {near[-1].name} "
                              f"(one letter from '{near[-1].surname}')")
        return None  # a lone capitalised word next to a verb, not a speaker quoted before
    if a.kind == "pronoun":
        if last_person is None:
            return None, f"pronoun '{a.speaker_text}' with no earlier speaker"
        return last_person, f"pronoun '{a.speaker_text}' -> the most recent person quoted"
    return (Speaker(a.speaker_text, "organisation", None, None, base + a.start),
            "organisation or group named as the source")


def claims_frame(article: Article | str, *, gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """Tabulate an article's attributed statements.

    Returns
    -------
    pandas.DataFrame
        Columns id, speaker, affiliation, role, speaker_text, link, verb, quoted,
        text, start, end, sentence.
    """
    text = article if isinstance(article, str) else article.text
    rows = []
    for st in find_statements(text, gazetteer=gazetteer):
        sp = st.speaker
        rows.append({
            "id": st.id, "speaker": sp.name if sp else None,
            "affiliation": sp.affiliation if sp else None, "role": sp.role if sp else None,
            "speaker_text": st.speaker_text, "link": st.link, "verb": st.verb, "quoted": st.quoted,
            "text": st.text, "start": st.start, "end": st.end, "sentence": st.sentence,
        })
    cols = ["id", "speaker", "affiliation", "role", "speaker_text", "link", "verb", "quoted", "text",
            "start", "end", "sentence"]
    return pd.DataFrame(rows, columns=cols)


# --------------------------------------------------------------------------- imagery


def is_imagery_sentence(sentence: str) -> bool:
    """True when a sentence speaks of satellite, aerial or radar imagery and what it shows."""
    has_source = bool(_IMAGERY_TERM.search(sentence)) or any(
        re.search(p, sentence) for p, _ in PROVIDERS.values())
    return has_source and bool(_VISUAL_TERM.search(sentence))


def _provider_sensor(s: str) -> tuple[str, str, str, str]:
    provider, preason, implied = "unknown", "no provider named", ""
    for name, (pat, sensor) in PROVIDERS.items():
        m = re.search(pat, s)
        if m:
            provider, preason, implied = name, f"named: '{m.group()}'", sensor
            break
    else:
        m = re.search(r"\bcommercial\b", s, re.I)
        if m:
            provider, preason = "commercial", "'commercial' imagery, provider not named"
    if m_sar := _SAR_TERM.search(s):
        return provider, preason, "sar", f"radar named: '{m_sar.group()}'"
    if m_opt := _OPTICAL_TERM.search(s):
        return provider, preason, "optical", f"optical imagery named: '{m_opt.group()}'"
    if implied:
        return provider, preason, implied, f"{provider} operates {implied} satellites only"
    return provider, preason, "unknown", "the sensor is not named"


def _observations(s: str, base: int) -> tuple[Observation, ...]:
    out: list[Observation] = []
    taken: list[tuple[int, int]] = []
    for label, rx in OBSERVATIONS:
        for m in rx.finditer(s):
            if any(m.start() < e and b < m.end() for b, e in taken):
                continue
            value = m.groupdict().get("value")
            lab = f'formations of the number "{value}"' if label == "number formation" else label
            if any(o.label == lab for o in out):
                continue
            taken.append((m.start(), m.end()))
            out.append(Observation(lab, m.group(), base + m.start(), base + m.end(), value))
    return tuple(sorted(out, key=lambda o: o.start))


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial bearing from point 1 to point 2, degrees clockwise from north."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(y, x)) % 360


def compass(b: float) -> str:
    """Eight-point compass name of a bearing."""
    return ["N", "NE", "E", "SE", "S", "SW", "W", "NW"][int((b + 22.5) // 45) % 8]


@lru_cache(maxsize=4)
def _curated_ids(gaz_id: int, n: int) -> tuple[int, ...]:  # keyed by the gazetteer object
    gaz = _GAZ_BY_ID[gaz_id]
    return tuple(i for i in range(n) if gaz.source[i] == "curated")


_GAZ_BY_ID: dict[int, Gazetteer] = {}


def curated_entries(gaz: Gazetteer) -> list[Entry]:
    """The gazetteer's curated sites (below city level)."""
    _GAZ_BY_ID[id(gaz)] = gaz
    return [gaz.entry(i) for i in _curated_ids(id(gaz), len(gaz))]


def _entry_source(e: Entry) -> str:
    return f"{e.source}:{e.source_id} {e.source_url}"


def resolve_described_site(desc: str, relation: str, reference: Entry, gaz: Gazetteer,
                           mention: str) -> Site | None:
    """Resolve "a training area outside Pyongyang" to the best gazetteer candidate.

    Candidates are curated sites whose feature type fits the description, within
    a radius that depends on the relation word (and in the stated direction for
    "north of" and the like), nearest first.
    """
    features: tuple[str, ...] = ()
    for pat, feats in SITE_DESCRIPTORS.items():
        if re.fullmatch(pat, desc, re.I):
            features = feats
            break
    rel = relation.lower().replace("just ", "")
    direction = next((d for d in _BEARINGS if rel.startswith(d + " ")), None)
    radius = RELATION_RADIUS_KM["direction"] if direction else next(
        (v for k, v in RELATION_RADIUS_KM.items() if k in rel), 40.0)
    cands = []
    for e in curated_entries(gaz):
        if e.feature not in features:
            continue
        d = haversine_km(reference.lat, reference.lon, e.lat, e.lon)
        if d > radius:
            continue
        b = bearing_deg(reference.lat, reference.lon, e.lat, e.lon)
        if direction and min(abs(b - _BEARINGS[direction]), 360 - abs(b - _BEARINGS[direction])) > 67.5:
            continue
        cands.append((d, b, e))
    cands.sort(key=lambda c: c[0])
    ref_src = _entry_source(reference)
    rule = (f"'{mention}': gazetteer sites of type {'/'.join(features)} within {radius:.0f} km of "
            f"{reference.name} ({reference.source}:{reference.source_id})"
            + (f", lying {direction}" if direction else ""))
    if not cands:
        return None
    d, b, e = cands[0]
    others = tuple(f"{c[2].name} ({c[0]:.1f} km {compass(c[1])})" for c in cands[1:4])
    reasoning = (f"{rule}: {len(cands)} candidate(s); nearest is {e.name} ({e.feature}), {d:.1f} km "
                 f"{compass(b)} of the {reference.name} point"
                 + (f"; others: {', '.join(others)}" if others else ""))
    return Site(e.name, e.lat, e.lon, e.feature, _entry_source(e), "described", mention, reasoning,
                (reference.name, reference.lat, reference.lon, ref_src), rel, others, e.source_id,
                e.country_code)


def _sites(sent: _Span, places: Sequence, gaz: Gazetteer, skip: list[tuple[int, int]]) -> tuple[Site, ...]:
    """Sites of one imagery sentence: described sites first, then named places."""
    s = sent.text
    sites: list[Site] = []
    consumed: list[tuple[int, int]] = list(skip)
    for m in _DESCRIBED_SITE.finditer(s):
        ref_start = sent.start + m.start("ref")
        ref = next((p for p in places if p.entry is not None and p.mention.start == ref_start), None)
        if ref is None:
            hits = gaz.lookup(m.group("ref"))
            ref_entry = hits[0] if hits else None
        else:
            ref_entry = ref.entry
        if ref_entry is None:
            continue
        site = resolve_described_site(m.group("desc"), m.group("rel"), ref_entry, gaz,
                                      m.group(0).strip())
        consumed.append((sent.start + m.start(), sent.start + m.end()))
        if site is None:
            sites.append(Site(ref_entry.name, ref_entry.lat, ref_entry.lon, ref_entry.feature,
                              _entry_source(ref_entry), "described", m.group(0).strip(),
                              f"no gazetteer site of the described type near {ref_entry.name}; "
                              f"the reference place stands in for it (coarse)",
                              None, m.group("rel").lower(), (), ref_entry.source_id,
                              ref_entry.country_code))
        else:
            sites.append(site)
    named: list[Site] = []
    for p in places:
        e = p.entry
        if e is None or not (sent.start <= p.mention.start < sent.end):
            continue
        if any(a <= p.mention.start < b for a, b in consumed) or e.feature in NOT_SITES:
            continue
        if any(x.name == e.name for x in sites + named):
            continue
        local = s[max(0, p.mention.start - sent.start - 25):p.mention.start - sent.start].lower()
        rel = next((w for w in ("downtown", "central", "outside", "near", "in the centre of", "in")
                    if re.search(rf"\b{w}\s*$", local)), None)
        named.append(Site(e.name, e.lat, e.lon, e.feature, _entry_source(e), "named", p.mention.text,
                          f"named in the sentence; gazetteer {e.source} entry ({p.reason})",
                          None, rel, (), e.source_id, e.country_code))
    fine = [x for x in named if x.feature not in COARSE_FEATURES]
    if sites or fine:
        named = fine
    return tuple(sites + named)


def _context_site(places: Sequence, lo: int, hi: int) -> tuple[Site, ...]:
    """The last place finer than a country named in the few sentences before a claim without one."""
    for p in reversed(places):
        e = p.entry
        if e is None or not (lo <= p.mention.start < hi) or e.feature in COARSE_FEATURES | NOT_SITES:
            continue
        return (Site(e.name, e.lat, e.lon, e.feature, _entry_source(e), "context", p.mention.text,
                     f"the sentence names no place; '{p.mention.text}', the last place named in the "
                     f"sentences before it, is taken as the area (coarse)", None, None, (), e.source_id,
                     e.country_code),)
    return ()


def find_imagery_claims(article: Article | str, *, published: dt.date | None = None,
                        gazetteer: Gazetteer | None = None,
                        statements: list[Statement] | None = None) -> list[ImageryClaim]:
    """Find the sentences of an article that assert what imagery shows.

    Parameters
    ----------
    article : Article or str
        The article (its ``published`` date anchors relative dates) or plain text.
    published : date, optional
        Overrides the article's publication date.
    gazetteer : Gazetteer, optional
    statements : list of Statement, optional
        From :func:`find_statements` (computed when not given).

    Returns
    -------
    list of ImageryClaim
        In text order, ids ``I1``, ``I2``, ...
    """
    from .pipeline import geoparse_places

    text = article if isinstance(article, str) else article.text
    pub = published or (None if isinstance(article, str) else article.published)
    gaz = gazetteer or load_gazetteer()
    stmts = statements if statements is not None else find_statements(text, gazetteer=gaz)
    places = geoparse_places(text, gazetteer=gaz)
    claims: list[ImageryClaim] = []
    sents = quote_aware_sentences(text)
    starts = [x.start for x in sents]
    place_starts = [p.mention.start for p in places]
    said: dict[int, Statement] = {}
    for x in stmts:
        if x.speaker is not None:
            said.setdefault(x.sentence_start, x)
    for k, sent in enumerate(sents):
        if not is_imagery_sentence(sent.text):
            continue
        st = said.get(sent.start)
        # Only the places of this sentence and the few before it matter (a slice, not a scan).
        lo = starts[max(0, k - 3)]
        near = places[bisect.bisect_left(place_starts, lo):bisect.bisect_left(place_starts, sent.end)]
        provider, preason, sensor, sreason = _provider_sensor(sent.text)
        skip = []
        if st and st.speaker and st.speaker.affiliation:
            i = sent.text.find(st.speaker.affiliation)
            if i >= 0:
                skip.append((sent.start + i, sent.start + i + len(st.speaker.affiliation)))
        # The provider's home ("US based firm Umbra") is not a site of the imagery.
        for m in re.finditer(r"\b[A-Z][\w]*[- ]based\b", sent.text):
            skip.append((sent.start + m.start(), sent.start + m.end()))
        sites = _sites(sent, near, gaz, skip)
        if not sites:
            sites = _context_site(near, lo, sent.start)
        dates = tuple(find_dates(sent.text, pub, offset=sent.start))
        window = _window(dates, pub, claims, st, k, starts)
        claims.append(ImageryClaim(
            id=f"I{len(claims) + 1}", text=sent.text.strip(), start=sent.start,
            end=sent.start + len(sent.text.rstrip()), statement=st, provider=provider,
            provider_reason=preason, sensor=sensor, sensor_reason=sreason, sites=sites, window=window,
            observations=_observations(sent.text, sent.start), dates=dates,
        ))
    return claims


def _window(dates: tuple[DateRef, ...], pub: dt.date | None, earlier: list[ImageryClaim],
            st: Statement | None, k: int, starts: list[int]) -> Window:
    usable = [d for d in dates if d.resolved and d.kind in ("relative", "absolute")]
    if usable:
        d0 = min(d.date_start for d in usable if d.date_start)
        d1 = max(d.date_end for d in usable if d.date_end)
        return Window(d0, d1, "; ".join(d.text for d in usable),
                      "; ".join(f"'{d.text}' -> {d.date_start}..{d.date_end} ({d.derivation})"
                                for d in usable))
    if earlier and st and st.speaker:
        prev = earlier[-1]
        prev_k = bisect.bisect_right(starts, prev.start) - 1
        if prev.speaker == st.speaker.name and k - prev_k <= 2 and prev.window.start:
            return Window(prev.window.start, prev.window.end, prev.window.expression,
                          f"no time expression; continues {prev.id} by the same speaker "
                          f"('{st.speaker_text} {st.verb}'), so its window is inherited")
    if pub is not None:
        return Window(pub - dt.timedelta(days=VAGUE_WEEKS_DAYS), pub, None,
                      f"no time expression; assumed the {VAGUE_WEEKS_DAYS} days up to publication ({pub})")
    return Window(None, None, None, "no time expression and no publication date")


def imagery_frame(claims: Sequence[ImageryClaim]) -> pd.DataFrame:
    """Tabulate imagery claims: one row per claim, sites and observations joined."""
    rows = [{
        "id": c.id, "speaker": c.speaker, "affiliation": c.affiliation, "provider": c.provider,
        "sensor": c.sensor, "sites": "; ".join(s.name for s in c.sites),
        "window": f"{c.window.start}..{c.window.end}",
        "observations": "; ".join(o.label for o in c.observations), "text": c.text,
        "site_reasoning": " | ".join(s.reasoning for s in c.sites),
        "window_derivation": c.window.derivation,
    } for c in claims]
    return pd.DataFrame(rows, columns=["id", "speaker", "affiliation", "provider", "sensor", "sites",
                                       "window", "observations", "text", "site_reasoning",
                                       "window_derivation"])
