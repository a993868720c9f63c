"""From mentions to places: choosing among a name's candidates.

Each candidate gets a score from what it is (a country outranks a town that
shares its name; a capital or a large city outranks a village) and from the
document it stands in (the countries the document is about, places already
found nearby, a "City, Region" pattern). All mentions of one name in one
document get one sense. The scores become a confidence, and the runners-up are
kept as alternatives, so that a reader sees how sure the choice was.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import weakref
from collections.abc import Iterable
from typing import Any, NamedTuple

from .. import config
from ..gazetteer import Gazetteer
from ..geo import nearest_km
from ..lexicon import DIVISION_WORDS
from ..model import CITY_FEATURES, FEATURE_LABELS, REGION_FEATURES, Alternative, Entry, Mention, Place
from ..text import name_key

#: Prior by feature type (added to a population term of up to about 7).
FEATURE_PRIOR = {
    "continent": 12.0,
    "country": 12.0,
    "admin1": 1.5,  # plus log10 of its share of the country's population
    "capital": 4.0,
    "city": 0.0,
    "admin2": 0.5,  # plus log10 of its places' population: a county outranks its namesake town
    # Named with their kind ("... Airport", "... air base"): as good as a capital. An airport with
    # scheduled flights outranks a strip of the same name.
    "airport": 5.0,
    "air_base": 4.5,
    "airfield": 2.0,
}
CURATED_PRIOR = 9.0
REGION_PRIOR = 10.0  # oceans, seas, world regions: few namesakes, large areas
SAME_COUNTRY = 3.0  # candidate lies in a country the document is about
REGION_MATCH = 8.0  # "Paris, Texas": the next name is the candidate's division or country
NAMESAKE = 3.0  # a large city named like its own division ("New York", "São Paulo") is meant
NAMESAKE_POP = 10_000  # a town of tens of thousands named like its division is its seat
DEFAULT_ADMIN1_SHARE = 5.0
NEARBY = 1.5  # candidate within NEARBY_KM of a place the document names unambiguously
NEARBY_KM = 400.0
NEARBY_DEG = NEARBY_KM / 111.0
SAME_ADMIN1 = 2.0  # candidate lies in a first-order division the document is about
NAMED_DIVISION = 1.0  # ... and the document names that division itself
#: A town named by one of its alternate names when another town bears that name as its own:
#: "Salisbury" is the English city, not Harare's colonial name. Its capital prior is lost too.
ALTERNATE_NAME = 3.0
#: Where the article comes from (an outlet's home region, a dateline the user gives): a prior
#: for its namesakes, smaller than what the text itself says.
HOME_COUNTRY = 1.0
HOME_REGION = 1.5
MAX_CONTEXT = SAME_COUNTRY + max(SAME_ADMIN1, NEARBY) + NAMED_DIVISION + NAMESAKE + HOME_COUNTRY + HOME_REGION
#: A reading this unsure and this far from every other place of the article is marked for review.
REVIEW_CONFIDENCE = 0.6
REVIEW_KM = 1000.0
TEMPERATURE = 1.5  # softens scores into confidences
#: A town smaller than this needs the story's company (a locative, a place nearby, its division
#: named) before a bare capitalised word is read as it.
SMALL_TOWN = 50_000
PERSON_NAMED_TOWN = 100_000
#: Runners-up kept with each reading.
ALTERNATIVES = 3


class Home(NamedTuple):
    """Where an article comes from: a country and, if known, a first-order division (GeoNames
    codes), with what said so ("outlet Charleston Gazette", "--home 'Kamloops, B.C.'")."""

    country_code: str
    admin1: str = ""
    why: str = ""


def _log_pop(p: int) -> float:
    return math.log10(p + 1)


#: Points of a text by grid cell, and the cells next to any of them.
Grid = tuple[dict[int, list[tuple[float, float]]], set[int]]
_NEARBY_DEG2 = NEARBY_DEG**2
#: A grid cell is one int, row * _ROW + column (cheaper to hash than a pair); the offsets of a
#: cell's neighbours and itself.
_ROW = 1 << 20
_NEIGHBOURS = tuple(dr * _ROW + dc for dr in (-1, 0, 1) for dc in (-1, 0, 1))


class _Name(NamedTuple):
    """A name's readings as the gazetteer alone ranks them (the same in every text).

    ``readings`` holds, for each contender, what scoring reads of it: (entry, prior less any
    alternate-name cost, that plus the namesake bonus, whether the bonus applies, feature, country,
    division, (country, division), whether a country or continent, grid cell, lat, lon, cos lat).
    """

    cands: tuple[int, ...]
    order: tuple[int, ...]  # by prior, best first
    bases: tuple[float, ...]  # their priors
    tails: tuple[float, ...]  # sums of exp(prior / TEMPERATURE) from each place on (the last 0)
    confident: int | None  # the clear reading, if the priors alone make one
    settled: bool  # the best prior leads the next by MAX_CONTEXT or more
    contenders: tuple[int, ...]  # the readings scored when no "City, Region" pair boosts one
    outsiders: float | None  # the sum of exp(prior / TEMPERATURE) of the rest (None: no rest)
    readings: tuple[tuple, ...]
    strong: bool  # some reading outranks towns (Gazetteer.strong_keys)


class _Memo:
    """The resolver's per-gazetteer memo: priors, name keys, alternate-name costs, names' readings
    and the alternatives' fixed fields. It holds no reference to the gazetteer (whose lifetime
    it follows)."""

    __slots__ = ("alt_cost", "alternatives", "names", "own_name", "priors", "reasons")

    def __init__(self) -> None:
        self.priors: dict[int, float] = {}
        self.own_name: dict[int, str] = {}
        self.alt_cost: dict[tuple[str, int], float] = {}
        self.names: dict[str, _Name] = {}
        self.alternatives: dict[int, tuple] = {}
        self.reasons: dict[tuple[int, int, bool], str] = {}

    def prior(self, g: Gazetteer, e: int) -> float:
        p = self.priors.get(e)
        if p is None:
            f = g.feature[e]
            if g.source[e] == "curated" or g.source[e] == "user":  # the analyst's own sites rank like ours
                p = CURATED_PRIOR
            elif f == "admin1":
                p = FEATURE_PRIOR["admin1"] + g.admin1_share.get(g.country_code[e], DEFAULT_ADMIN1_SHARE)
            else:
                p = (FEATURE_PRIOR.get(f, REGION_PRIOR if f in REGION_FEATURES else 0.0)
                     + _log_pop(g.population[e]))
            self.priors[e] = p
        return p

    def _name(self, g: Gazetteer, e: int) -> str:
        k = self.own_name.get(e)
        if k is None:
            k = self.own_name[e] = name_key(g._columns["name"][e])
        return k

    def base(self, g: Gazetteer, key: str, e: int, cands: tuple[int, ...]) -> float:
        """The prior of reading ``key`` as ``e``: less when ``key`` is only an alternate name of
        ``e`` and the preferred name of another candidate."""
        c = self.alt_cost.get((key, e))
        if c is None:
            c = 0.0
            feat = g.feature
            cands = g.names.get(key, cands)  # the same answer for every text
            # Only between towns: "New York" is the city's alternate name and the state's own,
            # and the city is meant (the namesake rule says so).
            # Nor for the city its division is named after ("Odessa", "Zaporozhye": the oblast's
            # names, the city's alternates; the city is meant over the namesakes abroad).
            if feat[e] in ("city", "capital") and self._name(g, e) != key and any(
                    self._name(g, o) == key and feat[o] in ("city", "capital") for o in cands if o != e
            ) and not self._division_namesake(g, e, cands):
                c = ALTERNATE_NAME + (FEATURE_PRIOR["capital"] if feat[e] == "capital" else 0.0)
            self.alt_cost[(key, e)] = c
        return self.prior(g, e) - c

    def _division_namesake(self, g: Gazetteer, e: int, cands: tuple[int, ...]) -> bool:
        """True when city ``e`` is large (see :data:`NAMESAKE_POP`) and a first-order division
        that holds it is among ``cands``, the readings of the same name."""
        return g.population[e] >= NAMESAKE_POP and any(
            g.feature[o] == "admin1" and g.country_code[o] == g.country_code[e] and g.admin1[o] == g.admin1[e]
            for o in cands)

    def name(self, g: Gazetteer, key: str, cands: tuple[int, ...]) -> _Name:
        """A name's readings (kept by key; a key read with other candidates is ranked anew)."""
        nm = self.names.get(key)
        if nm is not None and (nm.cands is cands or nm.cands == cands):
            return nm
        pairs = sorted(((self.base(g, key, e, cands), e) for e in cands), key=lambda x: -x[0])
        order, bases = tuple(e for _, e in pairs), tuple(b for b, _ in pairs)
        t = [0.0] * (len(bases) + 1)
        if len(bases) > ALTERNATIVES + 1:  # only a name with outsiders needs them
            for k in range(len(bases) - 1, -1, -1):
                t[k] = t[k + 1] + math.exp(bases[k] / TEMPERATURE)
        confident = cands[0] if len(cands) == 1 else order[0] if bases[0] - bases[1] >= 3.0 else None
        settled = len(bases) > 1 and bases[0] - bases[1] >= MAX_CONTEXT
        contenders, outsiders = _contenders(key, cands, order, bases, t, {})
        nm = self.names[key] = _Name(cands, order, bases, tuple(t), confident, settled, contenders,
                                     outsiders, self.readings(g, key, cands, contenders),
                                     key in g.strong_keys)
        return nm

    def readings(self, g: Gazetteer, key: str, cands: tuple[int, ...],
                 contenders: tuple[int, ...]) -> tuple[tuple, ...]:
        """What scoring reads of each contender (see :class:`_Name`)."""
        feat, cc, adm, pop, lat, lon = g.feature, g.country_code, g.admin1, g.population, g.lat, g.lon
        divisions = {(cc[e], adm[e]) for e in contenders if feat[e] == "admin1"}
        out = []
        for e in contenders:
            b = self.base(g, key, e, cands)
            f, ce, ae = feat[e], cc[e], adm[e]
            # A large city named like its own division ("New York", "São Paulo") is meant.
            namesake = (bool(divisions) and f in CITY_FEATURES and pop[e] >= NAMESAKE_POP
                        and (ce, ae) in divisions)
            la, lo = lat[e], lon[e]
            out.append((e, b, b + NAMESAKE if namesake else b, namesake, f, ce, ae, (ce, ae),
                        f == "country" or f == "continent", _cell(la, lo), la, lo,
                        math.cos(math.radians(la))))
        return tuple(out)

    def alternative(self, g: Gazetteer, e: int) -> tuple:
        """The fields of an :class:`Alternative` but its confidence, memoised in ``alternatives``."""
        a = self.alternatives[e] = (g._columns["name"][e], g.lat[e], g.lon[e], g.feature[e],
                                    g.country_code[e], g.source[e], g._columns["source_id"][e])
        return a


#: Make a Place or an Alternative from a tuple of its fields, without the named tuples' keyword
#: handling (they are made by the thousand).
_place = functools.partial(tuple.__new__, Place)
_alternative = functools.partial(tuple.__new__, Alternative)
_CACHE: weakref.WeakKeyDictionary[Gazetteer, _Memo] = weakref.WeakKeyDictionary()


#: A bound on the names memoised (and their alternate-name costs): a corpus of many languages
#: cannot grow them forever.
_MEMO_NAMES = 100_000


def _memo(g: Gazetteer) -> _Memo:
    m = _CACHE.get(g)
    if m is None:
        m = _CACHE[g] = _Memo()
    elif len(m.names) > _MEMO_NAMES:
        m.names.clear()
        m.alt_cost.clear()
    return m


def _contenders(key: str, cands: tuple[int, ...], order: tuple[int, ...], bases: tuple[float, ...],
                tails: list[float] | tuple[float, ...],
                boost: dict[tuple[str, int], float]) -> tuple[tuple[int, ...], float | None]:
    """The readings worth scoring, and the sum of exp(prior / TEMPERATURE) over the others.

    Context adds at most MAX_CONTEXT to a reading (a "City, Region" pair aside): readings further
    below the best prior cannot win and are not scored. Their priors still count in the
    confidence (as upper bounds of their scores).
    """
    if len(cands) <= ALTERNATIVES + 1:
        return cands, None
    floor = bases[0] - MAX_CONTEXT
    # The best few are scored all the same: they are the alternatives shown.
    keep = tuple(e for k, (e, b) in enumerate(zip(order, bases))
                 if k <= ALTERNATIVES or b >= floor or (key, e) in boost)
    if len(keep) == len(cands):
        return cands, None
    if all(e == o for e, o in zip(keep, order)):  # a head of the ranking (no boost)
        return keep, tails[len(keep)]
    kept = set(keep)
    return keep, sum(math.exp(b / TEMPERATURE) for e, b in zip(order, bases) if e not in kept)


def _cell(la: float, lo: float) -> int:
    return int(la // NEARBY_DEG) * _ROW + int(lo // NEARBY_DEG)


def _grid(points: list[tuple[float, float]]) -> Grid:
    # Points by cells of NEARBY_DEG degrees: only a candidate's own and neighbouring cells
    # can hold a point within NEARBY_KM of it. The cells next to any point are kept too, so
    # that most candidates (far from every point) are ruled out by one look-up.
    cells: dict[int, list[tuple[float, float]]] = {}
    for la, lo in set(points):
        cells.setdefault(_cell(la, lo), []).append((la, lo))
    return cells, {c + d for c in cells for d in _NEIGHBOURS}


def _near(cells: dict[int, list[tuple[float, float]]], here: int, la: float, lo: float, k: float,
          mine: tuple[float, float] | None) -> bool:
    """Whether a point of the story other than the name's own reading lies within NEARBY_KM of
    (la, lo) in cell ``here`` (``k``: the cosine of la). The caller has checked that ``here``
    is next to some point."""
    for d in _NEIGHBOURS:
        for pla, plo in cells.get(here + d, ()):
            if (pla, plo) != mine and (pla - la) ** 2 + ((plo - lo) * k) ** 2 <= _NEARBY_DEG2:
                return True
    return False


#: Features too large for nearness to them to mean something: only towns and sites are points.
_NOT_POINTLIKE = frozenset({"country", "continent", "admin1"}) | REGION_FEATURES


def _pointlike(feature: str) -> bool:
    """Whether a feature is small enough for nearness to it to mean something."""
    return feature not in _NOT_POINTLIKE


def resolve(text: str, mentions: list[Mention], gazetteer: Gazetteer, *,
            home: Home | None = None) -> list[Place]:
    """Choose a place for every mention.

    The phases, each a function below: the names and their candidates (:func:`_names`),
    "City, Region" pairs (:func:`_region_pairs`), what the document is about
    (:func:`_confident_evidence`, :func:`_reading_evidence`), ranking in two rounds
    (:class:`_Ranker`), the mentions left unplaced (:func:`_contradicted`, :func:`_doubtful`),
    scores to confidences and alternatives (:meth:`_Ranker.reading`) and review notes
    (:class:`_Reviewer`).

    Parameters
    ----------
    text : str
        The text the mentions come from (for "City, Region" patterns).
    mentions : list of Mention
        From :func:`osint.extract.extract`.
    gazetteer : Gazetteer
        The gazetteer the mentions' candidates point into.
    home : Home, optional
        Where the article comes from: namesakes there are preferred when the text itself
        does not decide ("Springfield" in a Missouri paper).

    Returns
    -------
    list of Place
        One per mention, in the same order, except mentions of a small town that nothing
        in the document supports (no locative, no place nearby, not in a division it names):
        those are dropped as more likely a word or a name.
    """
    config.note_stage("resolve", text)
    g = gazetteer
    originals: dict[int, Mention] = {}
    mentions = _division_readings(text, mentions, g, originals)
    # Priors, names' rankings and what scoring reads of their readings depend on the gazetteer
    # alone: kept across texts.
    memo = _memo(g)
    names = _names(mentions, g, memo)
    pairs = _region_pairs(text, mentions, g, memo)
    ranker = _Ranker(g, memo, names, pairs, home)
    decided, evidence = ranker.rank(_confident_evidence(names, g))
    unplaced = _contradicted(pairs, decided, g)
    doubtful = _doubtful(names, pairs.boost, decided, evidence, g)
    reviewer = _Reviewer(g, decided, doubtful, evidence.named_divisions)
    out = _places(mentions, decided, ranker, pairs, unplaced, doubtful, reviewer)
    if originals:
        out = [p._replace(mention=originals.get(id(p.mention), p.mention)) for p in out]
    return out


#: A name's decision: its best reading, its readings by score ((score, entry), best first) and
#: whether a "City, Region" pair boosted one.
_Decision = tuple[int, list[tuple[float, int]], bool]
#: What a Place holds of its reading: entry, confidence, alternatives, reason, review note.
_Reading = tuple[Entry, float, tuple[Alternative, ...], str, str]


class _Names(NamedTuple):
    """A text's names (mention keys) and their candidates.

    One sense per name per document: the context of all its mentions is pooled.
    """

    by_key: dict[str, list[Mention]]  # key -> its mentions, in text order
    info: dict[str, _Name]  # key -> its readings, from its first mention's candidates


def _names(mentions: list[Mention], g: Gazetteer, memo: _Memo) -> _Names:
    """Group the mentions that have candidates by name and rank each name's readings by prior.

    Parameters
    ----------
    mentions : list of Mention
        The text's mentions (those without candidates are left out).
    g : Gazetteer
        The gazetteer the candidates point into.
    memo : _Memo
        The resolver's memo for ``g``.

    Returns
    -------
    _Names
        The mentions by key and each key's readings.
    """
    by_key: dict[str, list[Mention]] = {}
    info: dict[str, _Name] = {}
    for m in mentions:
        if not m.candidates:
            continue
        ms = by_key.get(m.key)
        if ms is None:
            by_key[m.key] = [m]
            info[m.key] = memo.name(g, m.key, m.candidates)
        else:
            ms.append(m)
    return _new_names((by_key, info))


class _Evidence(NamedTuple):
    """What the document is about, as one round of ranking reads it."""

    countries: dict[str, int]  # country code -> mentions read there
    regions: dict[tuple[str, str], int]  # (country, first-order division) -> mentions read there
    named_divisions: set[tuple[str, str]]  # divisions the text names outright ("Ky.")
    points: list[tuple[float, float]]  # the points of the readings (towns and sites only)
    grid: Grid  # those points by cell (see _grid)
    own: dict[str, tuple[str, str]]  # key -> its own reading's (country, division): no self-votes
    own_point: dict[str, tuple[float, float]]  # key -> its own reading's point: no name is near itself


#: The phases' named tuples are made from tuples of their fields, as Places are (see _place): the
#: keyword handling would cost a few microseconds per text.
_new_names = functools.partial(tuple.__new__, _Names)
_new_evidence = functools.partial(tuple.__new__, _Evidence)


def _confident_evidence(names: _Names, g: Gazetteer) -> _Evidence:
    """What the document is about before any choice: the countries and first-order divisions of
    its names that have a clear reading (each mention counts), the divisions it names outright and
    the points of those readings.

    Parameters
    ----------
    names : _Names
        The text's names (see :func:`_names`).
    g : Gazetteer
        The gazetteer.

    Returns
    -------
    _Evidence
        For the first round of ranking (no name has a reading of its own yet).
    """
    cc, adm, feat = g.country_code, g.admin1, g.feature
    # Plain dicts for the tallies: a Counter's missing-key hook is Python code.
    countries: dict[str, int] = {}
    regions: dict[tuple[str, str], int] = {}
    named_divisions: set[tuple[str, str]] = set()
    anchors: set[int] = set()
    for key, nm in names.info.items():
        best = nm.confident
        if best is None:
            continue
        anchors.add(best)
        ce = cc[best]
        if ce:
            n = len(names.by_key[key])
            countries[ce] = countries.get(ce, 0) + n
            if adm[best] and feat[best] not in ("country", "continent"):
                division = (ce, adm[best])
                regions[division] = regions.get(division, 0) + n
                if feat[best] == "admin1":
                    named_divisions.add(division)
    # A division's or a sea's point is no place one is near: only towns and sites count.
    points = [(g.lat[e], g.lon[e]) for e in anchors if feat[e] not in _NOT_POINTLIKE]
    return _new_evidence((countries, regions, named_divisions, points, _grid(points), {}, {}))


def _reading_evidence(decided: dict[str, _Decision], by_key: dict[str, list[Mention]], first: _Evidence,
                      g: Gazetteer) -> _Evidence:
    """What the document is about once every name has a reading: the countries and divisions of
    all its names' readings (each mention counts), the divisions it names, and the points of the
    towns and sites read, with the confident names' points of ``first``.

    Parameters
    ----------
    decided : dict
        Each name's decision (see :meth:`_Ranker.decide`).
    by_key : dict
        Each name's mentions.
    first : _Evidence
        The evidence of the confident names (see :func:`_confident_evidence`).
    g : Gazetteer
        The gazetteer.

    Returns
    -------
    _Evidence
        For the second round of ranking, the doubt test and the review notes.
    """
    cc, adm, feat, src = g.country_code, g.admin1, g.feature, g.source
    votes: dict[str, int] = {}
    region_votes: dict[tuple[str, str], int] = {}
    named_divisions = set(first.named_divisions)
    own: dict[str, tuple[str, str]] = {}
    for key, (best, _, _) in decided.items():
        ce = cc[best]
        if ce:
            n = len(by_key[key])
            votes[ce] = votes.get(ce, 0) + n
            here = adm[best] if feat[best] not in ("country", "continent") else ""
            if here:
                division = (ce, here)
                region_votes[division] = region_votes.get(division, 0) + n
                if feat[best] == "admin1":
                    named_divisions.add(division)
            own[key] = (ce, here)
    own_point = {
        key: (g.lat[b], g.lon[b])
        for key, (b, _, _) in decided.items()
        if feat[b] not in _NOT_POINTLIKE and src[b] != "curated"
    }
    points = first.points + list(own_point.values())
    return _new_evidence((votes, region_votes, named_divisions, points, _grid(points), own, own_point))


class _Pairs(NamedTuple):
    """The "City, Region" pairs of a text and what they do to its names' readings."""

    pairs: list[tuple[Mention, Mention]]  # "Town, Region" pairs, for the contradiction test
    boost: dict[tuple[str, int], float]  # (key, reading) -> REGION_MATCH
    boosted: set[str]  # the keys with a boosted reading
    paired: dict[int, set[int]]  # a mention's start -> its readings in the region named after it
    split: set[str]  # names the text places in two regions (see _two_senses)


_new_pairs = functools.partial(tuple.__new__, _Pairs)


def _region_pairs(text: str, mentions: list[Mention], g: Gazetteer, memo: _Memo) -> _Pairs:
    """"City, Region": a pair of names joined by a comma, where the second is a division or
    country that contains a candidate of the first, boosts both.

    Parameters
    ----------
    text : str
        The text.
    mentions : list of Mention
        Its mentions, in text order.
    g : Gazetteer
        The gazetteer.
    memo : _Memo
        The resolver's memo for ``g``.

    Returns
    -------
    _Pairs
        The pairs, the boosts they give and the names they split.
    """
    feat, cc, adm = g.feature, g.country_code, g.admin1
    boost: dict[tuple[str, int], float] = {}
    paired: dict[int, set[int]] = {}
    pairs: list[tuple[Mention, Mention]] = []
    for a, b in itertools.pairwise(mentions):
        if b.start - a.end != 2 or not a.candidates or not b.candidates or not text.startswith(", ", a.end):
            continue
        pairs.append((a, b))
        for eb in b.candidates:
            # A second-order division says its first-order one ("Sta. Ana, Cagayan") when it is
            # what its name means first: in "California, Colorado" the states are meant.
            if feat[eb] == "admin2" and memo.name(g, b.key, b.candidates).order[0] != eb:
                continue
            if feat[eb] not in ("admin1", "admin2", "country"):
                continue
            for ea in a.candidates:
                # A town only formerly so called ("Washington" for Watervliet) is not what a list
                # "Washington, New York, Boston" names.
                if (cc[ea] == cc[eb] and ea != eb and (feat[eb] == "country" or adm[ea] == adm[eb])
                        and memo.base(g, a.key, ea, a.candidates) == memo.prior(g, ea)):
                    boost[(a.key, ea)] = REGION_MATCH
                    boost[(b.key, eb)] = REGION_MATCH
                    paired.setdefault(a.start, set()).add(ea)
    return _new_pairs((pairs, boost, {key for key, _ in boost}, paired, _two_senses(pairs, paired)))


def _two_senses(pairs: list[tuple[Mention, Mention]], paired: dict[int, set[int]]) -> set[str]:
    """The names read in two regions: one sense per name, unless the text itself names two.

    "Springfield, Mo." and "Springfield, Ill." in one story are two towns, each read in the
    region named after it.
    """
    senses: dict[str, set[frozenset[int]]] = {}
    for a, _ in pairs:
        if a.start in paired:
            senses.setdefault(a.key, set()).add(frozenset(paired[a.start]))
    return {key for key, found in senses.items() if len(found) > 1}


def _bonus(weight: float, full_at: int, n: int, top: int) -> float:
    """A share of ``weight`` for a country or division ``n`` mentions are read in: half as it
    approaches ``full_at`` mentions, half as ``n`` approaches ``top`` (the most any has)."""
    return weight * (0.5 * min(1.0, n / full_at) + 0.5 * n / top)


def _less_own(bonuses: dict, counts: dict, mine: Any, n: int, weight: float, full_at: int,
              top: int) -> dict:
    """A copy of ``bonuses`` without the ``n`` votes a name gives its own reading's country or
    division ``mine`` (one of the keys of ``bonuses``)."""
    out = dict(bonuses)
    c = counts[mine] - n
    if c > 0:
        out[mine] = _bonus(weight, full_at, c, top)
    else:
        del out[mine]
    return out


def _to_score(info: dict[str, _Name], pairs: _Pairs, g: Gazetteer,
              memo: _Memo) -> tuple[dict[str, tuple[tuple, ...]], dict[str, float], list[str]]:
    """The readings worth scoring of each name (see :func:`_contenders`; a boost may add one),
    the sum of exp(prior / TEMPERATURE) of those left out, and the names the second round of
    ranking decides again.

    Only names with a choice to make can change their reading in the second round (their
    first-round confidence stands for the others); nor can one whose best prior leads the next by
    MAX_CONTEXT or more ("China" the country over the towns), unless a "City, Region" pair boosts
    one of them.
    """
    boost, boosted = pairs.boost, pairs.boosted
    readings: dict[str, tuple[tuple, ...]] = {}
    outsiders: dict[str, float] = {}
    open_keys: list[str] = []
    for key, nm in info.items():
        cands, out_sum, recs = nm.contenders, nm.outsiders, nm.readings
        if key in boosted:
            cands, out_sum = _contenders(key, nm.cands, nm.order, nm.bases, nm.tails, boost)
            if cands != nm.contenders:
                recs = memo.readings(g, key, nm.cands, cands)
        readings[key] = recs
        if out_sum is not None:
            outsiders[key] = out_sum
        if len(cands) > 1 and (not nm.settled or (key in boosted and any((key, e) in boost for e in cands))):
            open_keys.append(key)
    return readings, outsiders, open_keys


class _Ranker:
    """Ranking: each name's readings scored in the document's company, and the scores made
    confidences and alternatives."""

    __slots__ = ("boost", "boosted", "by_key", "g", "home", "home_adm", "home_cc", "memo", "open_keys",
                 "outsiders", "readings")

    def __init__(self, g: Gazetteer, memo: _Memo, names: _Names, pairs: _Pairs, home: Home | None) -> None:
        self.g, self.memo, self.home = g, memo, home
        self.by_key = names.by_key
        self.boost, self.boosted = pairs.boost, pairs.boosted
        self.home_cc, self.home_adm = (home.country_code, home.admin1) if home else ("", "")
        self.readings, self.outsiders, self.open_keys = _to_score(names.info, pairs, g, memo)

    def rank(self, first: _Evidence) -> tuple[dict[str, _Decision], _Evidence]:
        """Every name's decision, and the evidence of the readings decided.

        Two rounds: first the confident names set the context, then every reading votes, so
        that namesakes are read in the company they keep (see :func:`_to_score` for the names
        the second round decides again).
        """
        decided = self.decide(first, self.by_key, set(self.open_keys))
        second = _reading_evidence(decided, self.by_key, first, self.g)
        if self.open_keys:
            decided.update(self.decide(second, self.open_keys))
        return decided, second

    def decide(self, ev: _Evidence, keys: Iterable[str],
               provisional: set[str] | frozenset[str] = frozenset()) -> dict[str, _Decision]:
        """Each name's best reading, its readings by score (best first) and whether a "City,
        Region" pair boosted one. For a ``provisional`` name only the best counts (the next
        round scores it again): its readings are left unsorted."""
        decided = {}
        readings, by_key, boost = self.readings, self.by_key, self.boost
        countries, regions, own = ev.countries, ev.regions, ev.own
        # The document's main country gets the whole bonus, a country it names
        # in passing part of it: "Korea" in a report about the North is the North.
        top_votes = max(countries.values(), default=1)
        top_region = max(regions.values(), default=1)
        # The bonuses by country and by division, worked out once per round: most readings lie
        # in none of them and cost a look-up each.
        by_country = {ce: _bonus(SAME_COUNTRY, 3, c, top_votes) for ce, c in countries.items() if c > 0}
        by_division = {d: _bonus(SAME_ADMIN1, 2, r, top_region) for d, r in regions.items() if r > 0}
        for key in keys:
            recs = readings[key]
            if len(recs) == 1:
                e, b = recs[0][0], recs[0][1]
                bonus = boost.get((key, e)) if boost else None
                decided[key] = (e, [(b + (bonus or 0.0), e)], bonus is not None)
                continue
            # A name is not near itself, and does not vote for its own reading.
            mine = own.get(key, ("", ""))
            country_bonuses, division_bonuses = by_country, by_division
            if mine[0] in by_country:
                country_bonuses = _less_own(by_country, countries, mine[0], len(by_key[key]), SAME_COUNTRY, 3,
                                            top_votes)
            if mine in by_division:
                division_bonuses = _less_own(by_division, regions, mine, len(by_key[key]), SAME_ADMIN1, 2,
                                             top_region)
            scored, region = self.score(key, recs, ev, country_bonuses, division_bonuses)
            if key in provisional:
                decided[key] = (max(scored)[1], scored, region)
            else:
                scored.sort(reverse=True)
                decided[key] = (scored[0][1], scored, region)
        return decided

    def score(self, key: str, recs: tuple[tuple, ...], ev: _Evidence, country_bonuses: dict[str, float],
              division_bonuses: dict[tuple[str, str], float]) -> tuple[list[tuple[float, int]], bool]:
        """A name's readings scored: (score, entry) in the order of ``recs``, and whether a
        "City, Region" pair boosted one.

        Parameters
        ----------
        key : str
            The name.
        recs : tuple of tuple
            What scoring reads of its readings (see :class:`_Name`).
        ev : _Evidence
            What the document is about.
        country_bonuses, division_bonuses : dict
            The bonus for lying in each country and division (less the name's own votes).

        Returns
        -------
        tuple
            The scored readings and whether a boost applied.
        """
        boost = self.boost if key in self.boosted else None
        home_cc, home_adm = self.home_cc, self.home_adm
        cells, next_to = ev.grid
        named_divisions = ev.named_divisions
        mine = ev.own_point.get(key)
        scored = []
        region = False
        for e, b, s, namesake, f, ce, ae, division, wide, here, la, lo, k in recs:
            bonus = boost.get((key, e)) if boost else None
            if bonus is not None:
                s = b + bonus
                region = True
                if namesake:
                    s += NAMESAKE
            x = country_bonuses.get(ce)
            if x is not None:
                s += x
            if wide:
                scored.append((s + (HOME_COUNTRY if home_cc == ce else 0.0), e))
                continue
            # Being near the document's places and lying in a division it is about say
            # much the same thing: the larger of the two counts, not both.
            local = division_bonuses.get(division, 0.0)
            if local < NEARBY and here in next_to and _near(cells, here, la, lo, k, mine):
                local = NEARBY
            # A division the text names outright ("Floyd County" in a story that says
            # "Ky.") is more than a vote from a town read there.
            if f != "admin1" and bonus is None and division in named_divisions:
                local += NAMED_DIVISION
            if home_cc == ce:
                local += HOME_COUNTRY + (HOME_REGION if home_adm and home_adm == ae else 0.0)
            scored.append((s + local, e))
        return scored, region

    def reading(self, m: Mention, decision: _Decision, reviewer: _Reviewer) -> _Reading:
        """The place of a name's mentions: its best reading, its confidence, the runners-up with
        theirs, why it was chosen and the review note."""
        g = self.g
        best, scored, region = decision
        why = (best, len(m.candidates), region)
        reasons = self.memo.reasons
        reason = reasons.get(why)
        if reason is None:
            reason = reasons[why] = _reason(g, *why)
        if len(scored) == 1 and m.key not in self.outsiders:
            # The only reading scored, and none left out: certain, with no runners-up.
            note = reviewer.note(m.key, best, 1.0) if reviewer.sure_may_be_wrong(best) else ""
            return g.entry(best), 1.0, (), reason, note
        home = self.home
        if (home and len(scored) > 1 and self.home_cc == g.country_code[best]
                and (not self.home_adm or self.home_adm == g.admin1[best])):
            reason += f"; in the article's home region ({home.why})" if home.why else "; home region"
        conf, alts = self.confidences(m.key, scored)
        return g.entry(best), conf, alts, reason, reviewer.note(m.key, best, conf)

    def confidences(self, key: str, scored: list[tuple[float, int]]) -> tuple[float, tuple[Alternative, ...]]:
        """Scores to confidences: the best reading's and the runners-up's (as alternatives).

        Scores are softened by TEMPERATURE; the readings left unscored (see :func:`_contenders`)
        count with their priors.

        Parameters
        ----------
        key : str
            The name.
        scored : list of (score, entry)
            Its readings by score, best first.

        Returns
        -------
        tuple
            The best reading's confidence and up to ALTERNATIVES alternatives with theirs.
        """
        g, memo = self.g, self.memo
        fixed = memo.alternatives
        top = scored[0][0]
        weights = [math.exp((s - top) / TEMPERATURE) for s, _ in scored]
        total = sum(weights) + self.outsiders.get(key, 0.0) * math.exp(-top / TEMPERATURE)
        alts = tuple([_alternative((*(fixed.get(e) or memo.alternative(g, e)), round(w / total, 3)))
                      for (_, e), w in zip(scored[1 : ALTERNATIVES + 1], weights[1 : ALTERNATIVES + 1])])
        return round(weights[0] / total, 3), alts


def _contradicted(pairs: _Pairs, decided: dict[str, _Decision], g: Gazetteer) -> dict[str, str]:
    """Names the text places in a region where the gazetteer holds none of them: key -> the
    region's name.

    "Gilbertsville, Ky." where the gazetteer holds Gilbertsvilles in other states only: the text
    says which region the town lies in, and no reading does, so it is left unplaced (for the
    online geocoder) rather than put in another state. Only after an abbreviated region, which
    pairs a town and its region ("Ky.", "Calif."); a full name may be the next item of a list.
    """
    feat, cc, adm = g.feature, g.country_code, g.admin1
    contradicted: dict[str, str] = {}
    for a, b in pairs.pairs:
        if a.key in pairs.boosted or b.key not in decided or not b.text.endswith("."):
            continue
        region = decided[b.key][0]
        if feat[region] != "admin1":
            continue
        if any(cc[e] == cc[region] and adm[e] == adm[region] for e in a.candidates):
            continue
        contradicted[a.key] = g.entry(region).name
    return contradicted


def _doubtful(names: _Names, boost: dict[tuple[str, int], float], decided: dict[str, _Decision],
              ev: _Evidence, g: Gazetteer) -> set[str]:
    """The names dropped as more likely a word, a team or a person than a place.

    A village named without a locative, far from every other place of the story and in none of
    its divisions, is more likely a word, a team or a person that shares its name ("El Niño").

    Parameters
    ----------
    names : _Names
        The text's names.
    boost : dict
        The "City, Region" boosts (a boosted reading is never doubted).
    decided : dict
        Each name's decision.
    ev : _Evidence
        The evidence of the readings decided (see :func:`_reading_evidence`).
    g : Gazetteer
        The gazetteer.

    Returns
    -------
    set of str
        Their keys.
    """
    pop, feat, cc, adm = g.population, g.feature, g.country_code, g.admin1
    doubtful = set()
    for key, (best, _, _) in decided.items():
        ms = names.by_key[key]
        # A town named like a person ("Bryant", "Levi") needs the company of the story up to
        # the size of a big city.
        bar = PERSON_NAMED_TOWN if key in g.given_names or key in g.surnames else SMALL_TOWN
        if (names.info[key].strong or feat[best] != "city" or pop[best] >= bar
                or (key, best) in boost or any(m.locative or m.kind != "place" for m in ms)):
            continue
        division = (cc[best], adm[best])
        regional = ev.regions.get(division, 0) - (len(ms) if ev.own.get(key, ("", "")) == division else 0)
        if regional <= 0 and not _has_neighbour(ev, key, g.lat[best], g.lon[best]):
            doubtful.add(key)
    return doubtful


def _has_neighbour(ev: _Evidence, key: str, la: float, lo: float) -> bool:
    """Whether a place of the story other than the name's own reading lies within NEARBY_KM of
    (la, lo)."""
    cells, next_to = ev.grid
    here = _cell(la, lo)
    return here in next_to and _near(cells, here, la, lo, math.cos(math.radians(la)), ev.own_point.get(key))


class _Reviewer:
    """Review notes: which picks a reader should check, and why."""

    __slots__ = ("g", "named_divisions", "story", "story_countries")

    def __init__(self, g: Gazetteer, decided: dict[str, _Decision], doubtful: set[str],
                 named_divisions: set[tuple[str, str]]) -> None:
        feat, cc = g.feature, g.country_code
        self.g = g
        self.named_divisions = named_divisions
        # Every other place of the article, to tell a lone unsure pick from one among its neighbours.
        self.story = [(key, g.lat[b], g.lon[b]) for key, (b, _, _) in decided.items()
                      if key not in doubtful and feat[b] not in _NOT_POINTLIKE]
        self.story_countries: dict[str, int] = {}  # names read in each country
        for key, (b, _, _) in decided.items():
            if key not in doubtful:
                self.story_countries[cc[b]] = self.story_countries.get(cc[b], 0) + 1

    def alone(self, best: int) -> bool:
        """No other name of the story is read in the pick's country."""
        return self.story_countries.get(self.g.country_code[best], 0) <= 1

    def sure_may_be_wrong(self, best: int) -> bool:
        """Whether a sure reading still needs review.

        A sure reading of a small town is sure only of the gazetteer: when it holds one town of
        the name and the story's is missing ("Tawila" in Darfur, a village in Yemen), the pick
        lies far from the rest in a country the story names nowhere else; that is reviewed too.
        """
        g = self.g
        return g.feature[best] == "city" and g.population[best] < PERSON_NAMED_TOWN and self.alone(best)

    def note(self, key: str, best: int, conf: float) -> str:
        """The review note of name ``key`` read as ``best`` with confidence ``conf`` ('' for none)."""
        feat = self.g.feature
        sure = conf >= REVIEW_CONFIDENCE
        if not _pointlike(feat[best]) or (sure and not self.sure_may_be_wrong(best)):
            return ""
        if not sure and feat[best] == "city":
            note = self._outside_named_divisions(best, conf)
            if note:
                return note
        return self._far_from_the_story(key, best, conf, sure)

    def _outside_named_divisions(self, best: int, conf: float) -> str:
        # An unsure town outside every division the article names in its country ("Springville"
        # read in New York in a story that names Tennessee and Kentucky): its namesake there may
        # be missing from the gazetteer, and two such picks may seem to support each other.
        country = self.g.country_code[best]
        named_here = sorted(a for c, a in self.named_divisions if c == country)
        if named_here and self.g.admin1[best] not in named_here:
            return (f"unsure ({conf:.2f}) and outside the divisions the article names in "
                    f"{country} ({', '.join(named_here)})")
        return ""

    def _far_from_the_story(self, key: str, best: int, conf: float, sure: bool) -> str:
        """The note of a pick REVIEW_KM or more from every other place of the story ('' if none)."""
        others = [(la, lo) for k, la, lo in self.story if k != key]
        if not others:
            return ""
        # Screened (see nearest_km): the geodesic to every place would be most of the resolver's time.
        far = nearest_km(self.g.lat[best], self.g.lon[best], others, REVIEW_KM)
        if far < REVIEW_KM:
            return ""
        nowhere = ", in a country the article names nowhere else" if self.alone(best) else ""
        if sure:
            return (f"the gazetteer's likeliest town of the name ({conf:.2f}), but {far:,.0f} km from the "
                    f"article's nearest other place{nowhere}: the story's may be missing from the gazetteer")
        return f"unsure ({conf:.2f}) and {far:,.0f} km from the article's nearest other place{nowhere}"


def _places(mentions: list[Mention], decided: dict[str, _Decision], ranker: _Ranker, pairs: _Pairs,
            unplaced: dict[str, str], doubtful: set[str], reviewer: _Reviewer) -> list[Place]:
    """A Place for every mention but the doubtful ones, in text order (one reading per name,
    made once).

    Parameters
    ----------
    mentions : list of Mention
        The text's mentions.
    decided : dict
        Each name's decision.
    ranker : _Ranker
        Makes a decision a reading (confidence, alternatives, reason, note).
    pairs : _Pairs
        The "City, Region" pairs (a name read in two regions is read per mention).
    unplaced : dict
        Names the text places where the gazetteer holds none of them (see :func:`_contradicted`).
    doubtful : set of str
        Names dropped (see :func:`_doubtful`).
    reviewer : _Reviewer
        Writes the review notes.

    Returns
    -------
    list of Place
    """
    out = []
    made: dict[str, _Reading] = {}
    g, memo = ranker.g, ranker.memo
    split, paired = pairs.split, pairs.paired
    for m in mentions:
        if not m.candidates:
            out.append(_place((m, None, 0.0, (), "not in the gazetteer", "", None, None)))
        elif m.key in unplaced:  # a place, as the text says, but none the gazetteer holds
            why = f"not in the gazetteer in {unplaced[m.key]}, where the text places it"
            out.append(_place((m._replace(candidates=()), None, 0.0, (), why, "", None, None)))
        elif m.key in doubtful:
            continue
        elif m.key in split and m.start in paired:
            reading = _paired_reading(g, memo, m, paired[m.start], decided[m.key][1])
            out.append(_place((m, *reading, None, None)))
        else:
            reading = made.get(m.key)
            if reading is None:
                reading = made[m.key] = ranker.reading(m, decided[m.key], reviewer)
            out.append(_place((m, *reading, None, None)))
    return out


#: Lower-case words after a name that make it a first-order division: "Bryansk region", "the
#: Kursk and Belgorod regions", "Idlib province", "Donetsk oblast".
_DIVISION_AFTER_RE = re.compile(r" (?:" + "|".join(sorted(DIVISION_WORDS)) + r")(s)?\b")
_LIST_GAPS = frozenset({", ", " and ", ", and ", " or ", ", or "})
#: The generic words that end divisions' own names ("Krasnodar Krai", "Saratov Oblast").
_DIVISION_SUFFIXES = ("oblast", "krai", "kray", "region", "province", "governorate", "prefecture", "state")


def _named_after(g: Gazetteer, m: Mention) -> tuple[int, ...]:
    """The first-order divisions of the mention's countries named after it by their own names
    ("Krasnodar" -> "Krasnodar Krai"): the build withholds a division's bare name where a town of
    its country has it, so "Krasnodar region" would otherwise hold the city alone."""
    countries = {g.country_code[e] for e in m.candidates}
    return tuple(dict.fromkeys(
        e for w in _DIVISION_SUFFIXES for e in g.candidates(f"{m.key} {w}")
        if g.feature[e] == "admin1" and g.country_code[e] in countries))


def _division_readings(text: str, mentions: list[Mention], g: Gazetteer,
                       originals: dict[int, Mention]) -> list[Mention]:
    """Mentions that a division word follows, read among their first-order divisions only.

    Such a mention gets a key of its own, so that the town of the same name elsewhere in the
    text keeps its own reading ("Bryansk region" the oblast, "in Bryansk" the city); a plural
    ("the Bryansk, Kursk and Belgorod regions") applies to each name of the list. ``originals``
    maps each replaced mention (by id) back to the extractor's, which the places carry.
    """
    feat = g.feature
    hits = {h.start(): h for h in _DIVISION_AFTER_RE.finditer(text)}  # most texts have none
    if not hits:
        return mentions
    marked: dict[int, bool] = {}
    for i, m in enumerate(mentions):
        hit = hits.get(m.end)
        if not hit or not m.candidates:
            continue
        marked[i] = True
        j = i
        while hit.group(1) and j > 0 and text[mentions[j - 1].end : mentions[j].start] in _LIST_GAPS:
            j -= 1
            marked[j] = True
    if not marked:
        return mentions
    out = list(mentions)
    for i in marked:
        m = mentions[i]
        divisions = tuple(e for e in m.candidates if feat[e] == "admin1") or _named_after(g, m)
        if not divisions or set(divisions) == set(m.candidates):
            continue
        new = m._replace(key=m.key + " \x01division", candidates=divisions)
        originals[id(new)] = m
        out[i] = new
    return out


def _paired_reading(g: Gazetteer, memo: Any, m: Mention, mine: set[int],
                    scored: list[tuple[float, int]]) -> tuple[Any, ...]:
    """The reading of one mention of a name the text places in two regions: the best of those
    in the region named after this mention, its confidence shared among them alone."""
    score = {e: s for s, e in scored}
    ranked = sorted(mine, key=lambda e: (-score.get(e, memo.prior(g, e)), e))
    top = score.get(ranked[0], memo.prior(g, ranked[0]))
    weights = [math.exp((score.get(e, memo.prior(g, e)) - top) / TEMPERATURE) for e in ranked]
    total = sum(weights)
    alts = tuple(_alternative((*memo.alternative(g, e), round(w / total, 3)))
                 for e, w in zip(ranked[1 : ALTERNATIVES + 1], weights[1 : ALTERNATIVES + 1]))
    reason = (_reason(g, ranked[0], len(m.candidates), True)
              + "; the text places this name in more than one region")
    return g.entry(ranked[0]), round(weights[0] / total, 3), alts, reason, ""


def _reason(g: Gazetteer, e: int, n: int, region: bool) -> str:
    f = g.feature[e]
    what = ("place from your gazetteer layer" if g.source[e] == "user"
            else FEATURE_LABELS.get(f, "curated site" if g.source[e] == "curated" else f.replace("_", " ")))
    if n == 1:
        return f"only candidate ({what})"
    if region:
        return f"{what} in the region named after it"
    return f"{what}, ranked by type, population and the document's other places ({n} candidates)"
