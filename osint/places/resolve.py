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
NAMESAKE_POP = 100_000
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
            if feat[e] in ("city", "capital") and self._name(g, e) != key and any(
                    self._name(g, o) == key and feat[o] in ("city", "capital") for o in cands if o != e):
                c = ALTERNATE_NAME + (FEATURE_PRIOR["capital"] if feat[e] == "capital" else 0.0)
            self.alt_cost[(key, e)] = c
        return self.prior(g, e) - c

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
    pop, feat, src, cc, adm = g.population, g.feature, g.source, g.country_code, g.admin1
    home_cc, home_adm = (home.country_code, home.admin1) if home else ("", "")
    originals: dict[int, Mention] = {}
    mentions = _division_readings(text, mentions, g, originals)
    # Priors, names' rankings and what scoring reads of their readings depend on the gazetteer
    # alone: kept across texts.
    memo = _memo(g)

    # What the document is about: countries and first-order divisions of its confident mentions.
    # One sense per name per document: the context of all its mentions is pooled (by_key).
    anchors: list[int] = []
    # Plain dicts for the tallies: a Counter's missing-key hook is Python code.
    countries: dict[str, int] = {}
    regions: dict[tuple[str, str], int] = {}
    named_divisions: set[tuple[str, str]] = set()  # divisions the text names outright ("Ky.")
    by_key: dict[str, list[Mention]] = {}
    info: dict[str, _Name] = {}  # key -> its readings, from its first mention's candidates
    for m in mentions:
        if not m.candidates:
            continue
        ms = by_key.get(m.key)
        if ms is None:
            by_key[m.key] = [m]
            nm = info[m.key] = memo.name(g, m.key, m.candidates)
        else:
            ms.append(m)
            nm = info[m.key]
        best = nm.confident
        if best is not None:
            anchors.append(best)
            ce = cc[best]
            if ce:
                countries[ce] = countries.get(ce, 0) + 1
                if adm[best] and feat[best] not in ("country", "continent"):
                    division = (ce, adm[best])
                    regions[division] = regions.get(division, 0) + 1
                    if feat[best] == "admin1":
                        named_divisions.add(division)
    # A division's or a sea's point is no place one is near: only towns and sites count.
    anchor_points = [(g.lat[e], g.lon[e]) for e in set(anchors) if feat[e] not in _NOT_POINTLIKE]

    # "City, Region": a pair of names joined by a comma, where the second is a
    # division or country that contains a candidate of the first, boosts both.
    boost: dict[tuple[str, int], float] = {}
    paired: dict[int, set[int]] = {}  # a mention's start -> its readings in the region named after it
    pairs: list[tuple[Mention, Mention]] = []  # "Town, Region" pairs, for the contradiction test below
    for a, b in itertools.pairwise(mentions):
        if b.start - a.end != 2 or not a.candidates or not b.candidates or not text.startswith(", ", a.end):
            continue
        pairs.append((a, b))
        for eb in b.candidates:
            if feat[eb] not in ("admin1", "country"):
                continue
            for ea in a.candidates:
                # A town only formerly so called ("Washington" for Watervliet) is not what a list
                # "Washington, New York, Boston" names.
                if (cc[ea] == cc[eb] and ea != eb and (feat[eb] == "country" or adm[ea] == adm[eb])
                        and memo.base(g, a.key, ea, a.candidates) == memo.prior(g, ea)):
                    boost[(a.key, ea)] = REGION_MATCH
                    boost[(b.key, eb)] = REGION_MATCH
                    paired.setdefault(a.start, set()).add(ea)
    boosted = {key for key, _ in boost}
    # One sense per name, unless the text itself names two: "Springfield, Mo." and "Springfield,
    # Ill." in one story are two towns, each read in the region named after it.
    senses: dict[str, set[frozenset[int]]] = {}
    for a, _ in pairs:
        if a.start in paired:
            senses.setdefault(a.key, set()).add(frozenset(paired[a.start]))
    split = {key for key, found in senses.items() if len(found) > 1}

    # The readings worth scoring (see _contenders); a boost may add one.
    contenders: dict[str, tuple[int, ...]] = {}
    outsiders: dict[str, float] = {}  # key -> the sum of exp(prior / TEMPERATURE) of its outsiders
    readings: dict[str, tuple[tuple, ...]] = {}
    for key, nm in info.items():
        cands, out_sum, recs = nm.contenders, nm.outsiders, nm.readings
        if key in boosted:
            cands, out_sum = _contenders(key, nm.cands, nm.order, nm.bases, nm.tails, boost)
            if cands != nm.contenders:
                recs = memo.readings(g, key, nm.cands, cands)
        contenders[key] = cands
        readings[key] = recs
        if out_sum is not None:
            outsiders[key] = out_sum

    def decide(
        countries: dict[str, int],
        regions: dict[tuple[str, str], int],
        grid: Grid,
        own: dict[str, tuple[str, str]],
        own_point: dict[str, tuple[float, float]],
        keys: Iterable[str],
        provisional: set[str] | frozenset[str] = frozenset(),
    ) -> dict[str, tuple[int, list[tuple[float, int]], bool]]:
        """Each name's best reading, its readings by score (best first) and whether a "City,
        Region" pair boosted one. For a ``provisional`` name only the best counts (the next
        round scores it again): its readings are left unsorted."""
        decided = {}
        cells, next_to = grid
        # The document's main country gets the whole bonus, a country it names
        # in passing part of it: "Korea" in a report about the North is the North.
        top_votes = max(countries.values(), default=1)
        top_region = max(regions.values(), default=1)

        def country_bonus(c: int) -> float:
            return SAME_COUNTRY * (0.5 * min(1.0, c / 3) + 0.5 * c / top_votes)

        def region_bonus(r: int) -> float:
            return SAME_ADMIN1 * (0.5 * min(1.0, r / 2) + 0.5 * r / top_region)

        # The bonuses by country and by division, worked out once per round: most readings lie
        # in none of them and cost a look-up each.
        by_country = {ce: country_bonus(c) for ce, c in countries.items() if c > 0}
        by_division = {d: region_bonus(r) for d, r in regions.items() if r > 0}
        for key in keys:
            recs = readings[key]
            nms = len(by_key[key])
            scored = []
            region = False
            if len(recs) == 1:
                e, b = recs[0][0], recs[0][1]
                bonus = boost.get((key, e)) if boost else None
                scored.append((b + (bonus or 0.0), e))
                decided[key] = (e, scored, bonus is not None)
                continue
            # A name is not near itself, and does not vote for its own reading.
            mine = own_point.get(key)
            mine_cc, mine_adm = own.get(key, ("", ""))
            country_bonuses, division_bonuses = by_country, by_division
            if mine_cc in by_country:
                country_bonuses = dict(by_country)
                c = countries[mine_cc] - nms
                if c > 0:
                    country_bonuses[mine_cc] = country_bonus(c)
                else:
                    del country_bonuses[mine_cc]
            if (mine_cc, mine_adm) in by_division:
                division_bonuses = dict(by_division)
                r = regions[(mine_cc, mine_adm)] - nms
                if r > 0:
                    division_bonuses[(mine_cc, mine_adm)] = region_bonus(r)
                else:
                    del division_bonuses[(mine_cc, mine_adm)]
            boosted_here = key in boosted
            for e, b, s, namesake, f, ce, ae, division, wide, here, la, lo, k in recs:
                bonus = boost.get((key, e)) if boosted_here else None
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
            if key in provisional:
                decided[key] = (max(scored)[1], scored, region)
            else:
                scored.sort(reverse=True)
                decided[key] = (scored[0][1], scored, region)
        return decided

    # Two rounds: first the confident names set the context, then every
    # reading votes, so that namesakes are read in the company they keep.
    # Only names with a choice to make can change their reading in the second (their first-round
    # confidence stands for the others); nor can one whose best prior leads the next by
    # MAX_CONTEXT or more ("China" the country over the towns), unless a "City, Region" pair
    # boosts one of them.
    open_keys = [k for k, c in contenders.items() if len(c) > 1 and (
        not info[k].settled or (k in boosted and any((k, e) in boost for e in c)))]
    decided = decide(countries, regions, _grid(anchor_points), {}, {}, by_key, set(open_keys))
    votes: dict[str, int] = {}
    region_votes: dict[tuple[str, str], int] = {}
    own: dict[str, tuple[str, str]] = {}
    for key, (best, _, _) in decided.items():
        ce = cc[best]
        if ce:
            votes[ce] = votes.get(ce, 0) + len(by_key[key])
            here = adm[best] if feat[best] not in ("country", "continent") else ""
            if here:
                division = (ce, here)
                region_votes[division] = region_votes.get(division, 0) + len(by_key[key])
                if feat[best] == "admin1":
                    named_divisions.add(division)
            own[key] = (ce, here)
    own_point = {
        key: (g.lat[b], g.lon[b])
        for key, (b, _, _) in decided.items()
        if feat[b] not in _NOT_POINTLIKE and src[b] != "curated"
    }
    points = anchor_points + list(own_point.values())
    cells = _grid(points)
    if open_keys:
        decided.update(decide(votes, region_votes, cells, own, own_point, open_keys))

    # A village named without a locative, far from every other place of the story and in none of
    # its divisions, is more likely a word, a team or a person that shares its name ("El Niño").
    # "Gilbertsville, Ky." where the gazetteer holds Gilbertsvilles in other states only: the text
    # says which region the town lies in, and no reading does, so it is left unplaced (for the
    # online geocoder) rather than put in another state. Only after an abbreviated region, which
    # pairs a town and its region ("Ky.", "Calif."); a full name may be the next item of a list.
    contradicted: dict[str, str] = {}
    for a, b in pairs:
        if a.key in boosted or b.key not in decided or not b.text.endswith("."):
            continue
        region = decided[b.key][0]
        if feat[region] != "admin1":
            continue
        if any(cc[e] == cc[region] and adm[e] == adm[region] for e in a.candidates):
            continue
        contradicted[a.key] = g.entry(region).name
    doubtful = set()
    for key, (best, _, _) in decided.items():
        ms = by_key[key]
        # A town named like a person ("Bryant", "Levi") needs the company of the story up to
        # the size of a big city.
        bar = PERSON_NAMED_TOWN if key in g.given_names or key in g.surnames else SMALL_TOWN
        if (info[key].strong or feat[best] != "city" or pop[best] >= bar
                or (key, best) in boost or any(m.locative or m.kind != "place" for m in ms)):
            continue
        mine_cc, mine_adm = own.get(key, ("", ""))
        regional = region_votes.get((cc[best], adm[best]), 0) - (
            len(ms) if (mine_cc, mine_adm) == (cc[best], adm[best]) else 0)
        if regional <= 0:
            la, lo = g.lat[best], g.lon[best]
            here = _cell(la, lo)
            if not (here in cells[1] and _near(cells[0], here, la, lo, math.cos(math.radians(la)),
                                               own_point.get(key))):
                doubtful.add(key)

    # Every other place of the article, to tell a lone unsure pick from one among its neighbours.
    story = [(key, g.lat[b], g.lon[b]) for key, (b, _, _) in decided.items()
             if key not in doubtful and feat[b] not in _NOT_POINTLIKE]
    story_countries: dict[str, int] = {}  # names read in each country
    for key, (b, _, _) in decided.items():
        if key not in doubtful:
            story_countries[cc[b]] = story_countries.get(cc[b], 0) + 1

    def alone(best: int) -> bool:
        """No other name of the story is read in the pick's country."""
        return story_countries.get(cc[best], 0) <= 1

    def sure_may_be_wrong(best: int) -> bool:
        # A sure reading of a small town is sure only of the gazetteer: when it holds one town of
        # the name and the story's is missing ("Tawila" in Darfur, a village in Yemen), the pick
        # lies far from the rest in a country the story names nowhere else; that is reviewed too.
        return feat[best] == "city" and pop[best] < PERSON_NAMED_TOWN and alone(best)

    def review(key: str, best: int, conf: float) -> str:
        sure = conf >= REVIEW_CONFIDENCE
        if not _pointlike(feat[best]) or (sure and not sure_may_be_wrong(best)):
            return ""
        # An unsure town outside every division the article names in its country ("Springville"
        # read in New York in a story that names Tennessee and Kentucky): its namesake there may
        # be missing from the gazetteer, and two such picks may seem to support each other.
        if not sure and feat[best] == "city":
            named_here = sorted(a for c, a in named_divisions if c == cc[best])
            if named_here and adm[best] not in named_here:
                return (f"unsure ({conf:.2f}) and outside the divisions the article names in "
                        f"{cc[best]} ({', '.join(named_here)})")
        others = [(la, lo) for k, la, lo in story if k != key]
        if not others:
            return ""
        # Screened (see nearest_km): the geodesic to every place would be most of the resolver's time.
        far = nearest_km(g.lat[best], g.lon[best], others, REVIEW_KM)
        if far < REVIEW_KM:
            return ""
        nowhere = ", in a country the article names nowhere else" if alone(best) else ""
        if sure:
            return (f"the gazetteer's likeliest town of the name ({conf:.2f}), but {far:,.0f} km from the "
                    f"article's nearest other place{nowhere}: the story's may be missing from the gazetteer")
        return f"unsure ({conf:.2f}) and {far:,.0f} km from the article's nearest other place{nowhere}"

    out = []
    made: dict[str, tuple[Entry, float, tuple[Alternative, ...], str, str]] = {}
    reasons, fixed = memo.reasons, memo.alternatives
    for m in mentions:
        if not m.candidates:
            out.append(_place((m, None, 0.0, (), "not in the gazetteer", "", None)))
            continue
        if m.key in contradicted:  # a place, as the text says, but none the gazetteer holds
            why = f"not in the gazetteer in {contradicted[m.key]}, where the text places it"
            out.append(_place((m._replace(candidates=()), None, 0.0, (), why, "", None)))
            continue
        if m.key in doubtful:
            continue
        if m.key in split and m.start in paired:
            out.append(_place((m, *_paired_reading(g, memo, m, paired[m.start], decided[m.key][1]), None)))
            continue
        reading = made.get(m.key)
        if reading is None:
            best, scored, region = decided[m.key]
            why = (best, len(m.candidates), region)
            reason = reasons.get(why)
            if reason is None:
                reason = reasons[why] = _reason(g, *why)
            if len(scored) == 1 and m.key not in outsiders:
                # The only reading scored, and none left out: certain, with no runners-up.
                note = review(m.key, best, 1.0) if sure_may_be_wrong(best) else ""
                reading = made[m.key] = (g.entry(best), 1.0, (), reason, note)
                out.append(_place((m, *reading, None)))
                continue
            if home and len(scored) > 1 and home_cc == cc[best] and (not home_adm or home_adm == adm[best]):
                reason += f"; in the article's home region ({home.why})" if home.why else "; home region"
            top = scored[0][0]
            weights = [math.exp((s - top) / TEMPERATURE) for s, _ in scored]
            total = sum(weights) + outsiders.get(m.key, 0.0) * math.exp(-top / TEMPERATURE)
            alts = tuple([_alternative((*(fixed.get(e) or memo.alternative(g, e)), round(w / total, 3)))
                          for (_, e), w in zip(scored[1 : ALTERNATIVES + 1], weights[1 : ALTERNATIVES + 1])])
            conf = round(weights[0] / total, 3)
            reading = made[m.key] = (g.entry(best), conf, alts, reason, review(m.key, best, conf))
        out.append(_place((m, *reading, None)))
    if originals:
        out = [p._replace(mention=originals.get(id(p.mention), p.mention)) for p in out]
    return out


#: Lower-case words after a name that make it a first-order division: "Bryansk region", "the
#: Kursk and Belgorod regions", "Idlib province", "Donetsk oblast".
_DIVISION_AFTER_RE = re.compile(r" (?:" + "|".join(sorted(DIVISION_WORDS)) + r")(s)?\b")
_LIST_GAPS = frozenset({", ", " and ", ", and ", " or ", ", or "})


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
        divisions = tuple(e for e in m.candidates if feat[e] == "admin1")
        if not divisions or len(divisions) == len(m.candidates):
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
