"""The document's geography as evidence, after the first reading: a town read in a country the
article never touches is not taken on its name alone, and a name the gazetteer lacks is looked
for among the spellings of the places of the countries the article is about.

The countries an article is about are those its places are read in, each mention a vote. A
reading of a town, a district or a small site (under :data:`FOREIGN_POPULATION` people) in a
country no other mention of the article is read in is a namesake far from the story: "Hol" in a
report on north-east Syria is not the Norwegian district, "Lal-lo" in a report on the northern
Philippines not a village in Armenia. Such a mention is first looked for under another spelling
in the article's countries (:mod:`.spelling`), then left unplaced with the reason: a wrong pin on
another continent is the worst answer a map can give.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise

from ..gazetteer import Gazetteer
from ..geo import nearest_km
from ..model import Alternative, Entry, Place
from ..model.features import FEATURE_CUES, TOWN_NAMED_CUES
from .spelling import MIN_SKELETON, skeleton

#: A reading in a country the article never touches is doubted below this population.
FOREIGN_POPULATION = 100_000
#: Features doubted there: towns and districts (countries, divisions, capitals, seas, islands,
#: rivers and sites named with their kind stand on their own).
DOUBTED_FEATURES = frozenset({"city", "admin2"})
#: An article needs this many mentions read in countries before its geography weighs.
MIN_VOTES = 3
#: The confidence of a reading found under another spelling.
RESPELLED_CONFIDENCE = 0.5
#: How near the article's places a respelled feature of no country must lie (a strait, a sea,
#: a river that crosses borders).
NO_COUNTRY_KM = 1_000.0
#: Features a respelled name may take (places, not sites of one kind or another).
RESPELLED_FEATURES = frozenset({"city", "capital", "admin1", "admin2", "country"})

def country_votes(places: Sequence[Place]) -> dict[str, int]:
    """Mentions read in each country (the article's geography)."""
    votes: dict[str, int] = {}
    for p in places:
        if p.entry is not None and p.entry.country_code and p.within is None:
            votes[p.entry.country_code] = votes.get(p.entry.country_code, 0) + 1
    return votes


def settle(places: list[Place], gazetteer: Gazetteer, text: str = "") -> list[Place]:
    """The places with the document's geography weighed (see the module description).

    Parameters
    ----------
    places : list of Place
        A text's places as resolved.
    gazetteer : Gazetteer
        The gazetteer they were read in.
    text : str, optional
        The text they come from: a bigger town abroad is doubted too where the text lists it
        with the article's own places (see :func:`_listed_abroad`).

    Returns
    -------
    list of Place
        The same places, in the same order: foreign namesakes respelled or unplaced, unknown
        names respelled where the article's countries hold them.
    """
    votes = country_votes(places)
    if sum(votes.values()) < MIN_VOTES:
        return places
    own: dict[tuple[str, str], int] = {}
    for p in places:
        if p.entry is not None:
            k = (p.mention.key, p.entry.country_code)
            own[k] = own.get(k, 0) + 1
    points = [(p.entry.lat, p.entry.lon) for p in places
              if p.entry is not None and p.entry.country_code and p.within is None]
    listed = _listed_abroad(places, votes, text) if text else set()
    # The story's points by name, for a town far from all the others (see _division_of_the_story).
    story = [(q.mention.key, (q.entry.lat, q.entry.lon)) for q in places
             if q.entry is not None and q.within is None and q.entry.feature not in ("country", "continent")]
    out = []
    for i, p in enumerate(places):
        if p.analyst is not None or p.within is not None:
            out.append(p)
        elif p.entry is None:
            out.append(_respelled(p, votes, gazetteer, points) or p if p.mention.kind == "unresolved" else p)
        elif _foreign(p.entry, votes.get(cc := p.entry.country_code, 0) - own[(p.mention.key, cc)],
                      p.mention.key in listed):
            elsewhere = {c: n for c, n in votes.items() if c != cc}
            out.append(_respelled(p, elsewhere, gazetteer) or _unplaced(p, elsewhere))
        else:
            before = places[i - 1] if i and text else None
            out.append(_site_respelled(p, votes, gazetteer)
                       or _division_of_the_story(p, before, story, gazetteer, text) or p)
    return out


#: A town this far from every other place of the story ...
LONE_TOWN_KM = 500.0
#: ... is the division of its name when that division lies this near one of them.
DIVISION_NEAR_KM = 200.0
#: The keys a division named like a town is held under (the bare name is the town's).
_DIVISION_KEYS = ("province of {}", "{} province", "{} district", "{} region", "{} governorate",
                  "{} state", "{} oblast", "{} county", "{} department")


def _division_of_the_story(p: Place, before: Place | None, story: list[tuple[str, tuple[float, float]]],
                           g: Gazetteer, text: str) -> Place | None:
    """A town far from the story read as the division of its name near the story ("Isabela" in
    an article on Cagayan and Lal-lo is the Province of Isabela in northern Luzon, not the City of
    Isabela 760 km south), or far from the place ``before`` it that it follows as "Town, Division"
    ("Gamu, Isabela"): the gazetteer holds such a division only under its word, the bare name
    being a town's; else None. ``story`` holds the article's points by name."""
    e = p.entry
    if e is None or e.feature not in ("city", "admin2"):
        return None
    if (before is not None and before.entry is not None
            and text[before.mention.end:p.mention.start] == ", "
            and before.entry.feature in ("city", "admin2")):
        others = [(before.entry.lat, before.entry.lon)]  # "Gamu, Isabela": the division holding Gamu
    else:
        others = [point for key, point in story if key != p.mention.key]
    if not others or nearest_km(e.lat, e.lon, others, LONE_TOWN_KM) < LONE_TOWN_KM:
        return None
    divisions = (i for form in _DIVISION_KEYS for i in g.names.get(form.format(p.mention.key), ())
                 if g.feature[i] in ("admin1", "admin2") and i != e.id)
    best = _nearest_of(g, divisions, others, DIVISION_NEAR_KM)
    if best is None:
        return None
    division = g.entry(best[1])
    why = (f"{division.name}, the division of this name {best[0]:,.0f} km from the article's other "
           f"places; the town {e.name} ({e.country_code}) lies over {LONE_TOWN_KM:,.0f} km from all of them")
    return p._replace(entry=division, alternatives=(_as_alternative(p), *p.alternatives), reason=why,
                      review="a division read for a town's name: check the place")


#: How far from the town it is named after a site read under another spelling may lie (a plant
#: named after its province's capital: the Zaporizhzhia plant is 50 km from the city).
SITE_FROM_TOWN_KM = 100.0
#: How alike the names must be: the skeleton, the kind and the distance already agree.
SITE_LIKENESS = 0.6
#: Site words after a town's name, longest first, and the features they allow.
_SITE_CUES = sorted(((c, FEATURE_CUES[c]) for c in TOWN_NAMED_CUES), key=lambda cf: -len(cf[0]))


def _site_respelled(p: Place, votes: dict[str, int], g: Gazetteer) -> Place | None:
    """A site named after a town ("Zaporizhzhia nuclear plant") read at the town because the
    gazetteer spells the site otherwise ("Zaporozhye"): the site of that kind under another
    spelling of the name, in the article's countries, near the town; else None."""
    from ..text import name_key

    e = p.entry
    key = name_key(p.mention.text)  # the span holds the site's word; the key may not
    name, allowed = _site_named(key)
    if e is None or not allowed or e.feature in allowed:
        return None
    sites = (i for country in votes for k in g.keys_by_skeleton(country, skeleton(key))
             if _likeness(_site_named(k)[0], name) >= SITE_LIKENESS
             for i in g.names[k] if g.country_code[i] == country and g.feature[i] in allowed)
    best = _nearest_of(g, sites, [(e.lat, e.lon)], SITE_FROM_TOWN_KM)
    if best is None:
        return None
    site = g.entry(best[1])
    why = (f"{site.name} ({site.feature.replace('_', ' ')}), the site of that kind under another spelling of "
           f"'{name}', {best[0]:,.0f} km from {e.name}; the gazetteer spells it so")
    return p._replace(entry=site, confidence=RESPELLED_CONFIDENCE, alternatives=(_as_alternative(p),),
                      reason=why, review="a spelling variant: check the site")


def _nearest_of(g: Gazetteer, ids: Iterable[int], points: list[tuple[float, float]],
                limit: float) -> tuple[float, int] | None:
    """(km, id) of the entry among ``ids`` nearest one of ``points``, within ``limit`` km; else None."""
    best: tuple[float, int] | None = None
    for i in ids:
        km = nearest_km(g.lat[i], g.lon[i], points, limit)
        if km < limit and (best is None or km < best[0]):
            best = (km, i)
    return best


def _site_named(key: str) -> tuple[str, frozenset[str]]:
    """A site's key without its kind's word, and the features the word allows ("zaporozhye
    nuclear plant" -> "zaporozhye", nuclear sites); ``key`` and no feature when no such word
    ends it."""
    for c, allowed in _SITE_CUES:
        if key.endswith(" " + c):
            return key[: -len(c) - 1], allowed
    return key, frozenset()


def _foreign(e: Entry, others: int, listed: bool = False) -> bool:
    """A small town or district in a country no other mention is read in (a bigger town too,
    when the text lists it with the article's own places: ``listed``)."""
    return others <= 0 and e.feature in DOUBTED_FEATURES and e.population < (
        LISTED_FOREIGN_POPULATION if listed else FOREIGN_POPULATION)


#: A town abroad the text lists with the article's own places is doubted below this population.
LISTED_FOREIGN_POPULATION = 1_000_000
#: What joins the places of a list or a route ("Palma and Mocimboa", "from Mueda to Palma").
_JOINS = frozenset({", ", " and ", ", and ", " or ", " to ", " and the ", "-", "–"})


def _listed_abroad(places: Sequence[Place], votes: dict[str, int], text: str) -> set[str]:
    """The keys of names with namesakes that the text lists or routes with a place read in the
    article's main country, each read elsewhere ("between Palma and Mocimboa", "from Mueda to
    Palma" in an article on Cabo Delgado: a town the gazetteer lacks there, not Palma de Mallorca).
    Only when the main country holds at least three in four of the article's names."""
    main = max(votes, key=lambda c: votes[c])
    names: dict[str, set[str]] = {}
    for p in places:
        if p.entry is not None and p.within is None:
            names.setdefault(p.entry.country_code, set()).add(p.mention.key)
    if len(names.get(main, ())) * 4 < sum(map(len, names.values())) * 3:
        return set()
    keys: set[str] = set()
    for p, q in pairwise(places):
        if text[p.mention.end:q.mention.start] not in _JOINS or p.entry is None or q.entry is None:
            continue
        for a, b in ((p, q), (q, p)):
            if (a.entry.country_code != main and b.entry.country_code == main  # type: ignore[union-attr]
                    and len(a.mention.candidates) > 1):
                keys.add(a.mention.key)
    return keys


def _unplaced(p: Place, votes: dict[str, int]) -> Place:
    e = p.entry
    assert e is not None
    where = ", ".join(sorted(votes, key=lambda c: -votes[c])[:3])
    why = (f"not placed: its reading, {e.name} ({e.country_code}), lies in a country the article never "
           f"touches (it is about {where}); the gazetteer has no place of this name there")
    return p._replace(entry=None, confidence=0.0, reason=why, alternatives=(_as_alternative(p),))


def _as_alternative(p: Place) -> Alternative:  # the doubted reading, kept for the analyst
    assert p.entry is not None
    return Alternative.of(p.entry, p.confidence)


#: Vowel spellings that transliterations trade ("iy"/"y"/"i", "ou"/"u", "e"/"i" before a vowel).
_LIGHT = (("iy", "i"), ("y", "i"), ("ou", "u"), ("oo", "u"), ("w", "v"), ("dj", "j"), ("kh", "h"),
          ("gh", "g"), ("q", "k"), (" ", ""), ("-", ""))
#: How alike two spellings must be, vowels and all (difflib's ratio), besides their skeleton.
MIN_LIKENESS = 0.75


def _light(key: str) -> str:
    for a, b in _LIGHT:
        key = key.replace(a, b)
    return key


def _likeness(a: str, b: str) -> float:
    """How alike two keys with one skeleton are letter by letter (difflib's ratio of their light
    forms): "Nabatiyeh" and "Nabatieh" are close; "Minbya" and "Minbu" are not (below
    :data:`MIN_LIKENESS`)."""
    from difflib import SequenceMatcher

    return SequenceMatcher(None, _light(a), _light(b)).ratio()


#: Airfields' words and the features they allow ("al-Assad airbase" is Al Asad Air Base).
_AIRFIELD_CUES = ("air base", "airbase", "air field", "airfield", "air station", "military airfield")
_AIRFIELDS = frozenset({"air_base", "airfield", "airport"})


def _feature_named(key: str) -> tuple[str, frozenset[str], tuple[str, ...]]:
    """The name before a natural feature's or an airfield's word that ends ``key``, the features
    the word allows and the words of the same kind ("bab al mandab strait" -> "bab al mandab",
    straits and channels, ("strait",)); else ``key``, the places a bare name may be respelled as
    and no word."""
    for cue, allowed in _CUES:
        if key.endswith(" " + cue):
            return key[: -len(cue) - 1], allowed, (_AIRFIELD_CUES if allowed is _AIRFIELDS else (cue,))
    return key, RESPELLED_FEATURES, ()


_CUES = sorted([*((c, f) for c, f in FEATURE_CUES.items() if c not in TOWN_NAMED_CUES),
                *((c, _AIRFIELDS) for c in _AIRFIELD_CUES)], key=lambda cf: -len(cf[0]))


def _respelled(p: Place, votes: dict[str, int], g: Gazetteer,
               points: list[tuple[float, float]] | None = None) -> Place | None:
    """The mention read under another spelling of a place in one of the article's countries
    (a natural feature named with its word, "Bab al-Mandab Strait", also in none: seas and
    straits lie in no country, within :data:`NO_COUNTRY_KM` of the article's ``points``), or
    None."""
    text = p.mention.text
    # The key, not the span: a site's word the span holds ("Ilsky oil refinery") is no part of
    # the town's name it is read under.
    name, allowed, words = _feature_named(p.mention.key)
    sk = skeleton(name)
    # A feature's word narrows the readings: a shorter skeleton will do ("al-Assad airbase").
    if len(sk) < (MIN_SKELETON if allowed is RESPELLED_FEATURES else 2):
        return None
    # The gazetteer may hold the name with its word ("Al Asad Air Base") or without ("Bab el Mandeb").
    skeletons = dict.fromkeys([sk, *(skeleton(f"{name} {w}") for w in words)])
    # A town only in the countries the article is about, not in one a dateline or an aside names
    # ("Paloch" in a report on Upper Nile is not Potlatch, Idaho, for a "Washington, D.C."
    # dateline); a division in any ("Soghd region" is Sughd in a report on Kyrgyzstan's border).
    most = max(votes.values(), default=0)
    minor = {c for c, n in votes.items() if 4 * n < most}
    if allowed is not RESPELLED_FEATURES:
        votes = {**votes, "": 0}
    best: tuple[float, int, str] | None = None
    for country, n in votes.items():
        for key in (k for form in skeletons for k in g.keys_by_skeleton(country, form)):
            bare = _feature_named(key)[0]
            # The name's own skeleton, not the one it shares with its word: "Bholari airfield" and
            # "Bhilai airfield" run together alike ("bhlr" + "rfld"), "Bholari" and "Bhilai" do not.
            if bare != key and skeleton(bare) != sk:
                continue
            alike = _likeness(bare, name)
            if alike < MIN_LIKENESS:
                continue
            for e in g.names[key]:
                if g.country_code[e] != country or g.feature[e] not in allowed or (
                        country in minor and g.feature[e] not in ("admin1", "country")):
                    continue
                if not country and not (points and nearest_km(g.lat[e], g.lon[e], points,
                                                              NO_COUNTRY_KM) < NO_COUNTRY_KM):
                    continue  # a river of no country far from the story ("Kuryong" is no Krong)
                # The closer spelling first ("Ilsky" is Il'skiy, not Liski), then the bigger place.
                score = n + alike + (2.0 if g.feature[e] in ("admin1", "country", "capital") else 0.0) + \
                    min(g.population[e], 10_000_000) / 1e7
                if best is None or score > best[0]:
                    best = (score, e, key)
    if best is None:
        return None
    found = g.entry(best[1])
    why = (f"another spelling of {found.name} ({found.country_code}), in a country the article is about; "
           f"'{text}' itself is not in the gazetteer there")
    return p._replace(entry=found, confidence=RESPELLED_CONFIDENCE, alternatives=(), reason=why,
                      review="a spelling variant: check the place")
