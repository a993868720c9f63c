"""Parts of a site: the named buildings, plants and pads of a facility an article describes.

An imagery analysis names a site once ("Yongbyon Nuclear Scientific Research Center", "Sohae
Satellite Launching Station") and then its parts by their own names ("the Radiochemical
Laboratory", "the Vertical Engine Test Stand", "the 5 MWe Reactor"), which no gazetteer holds.
Each such part is placed at the site the text last named before it (the article's main site
when none precedes), with a low confidence, a reason that says it is inferred, and a note for
review. An acronym the text defines right after a part ("Uranium Enrichment Plant (UEP)") reads
as that part wherever it is used.

A part is a capitalised run ending in a word for a part of a facility ("Plant", "Reactor",
"Laboratory", "Test Stand", "Complex", ...), which neither a place nor a typed name (an
organisation, a unit, a ship) covers. Without a facility-level place in the text, nothing is
inferred: a "Main Assembly Building" with no site stays off the map.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ..lexicon import FUNCTION_WORDS, _words
from ..model.features import SITE_FEATURES
from ..model.names import Name
from ..model.places import Mention, Place

#: Features of places that have parts: facilities and bases, not towns or areas.
FACILITY_FEATURES = SITE_FEATURES | frozenset({
    "airfield", "air_base", "naval_base", "military_base", "space_launch_site", "shipyard",
    "leadership_site", "parade_ground", "missile_base", "test_site"})
#: Last words of the name of a part of a facility.
PART_HEADS = _words(
    "plant reactor reactors laboratory lab facility complex building buildings hall stand pad "
    "tower workshop shed silo silos bunker hangar hangars shelter shelters gantry pier drydock "
    "berth runway apron yard compound annex")
#: How sure an inferred part is (a guess from the text's structure, reviewed by an analyst).
PART_CONFIDENCE = 0.4

_WORD = r"(?:[A-Z][\w’'-]*|\d+(?:\.\d+)?)"
_PART = re.compile(rf"(?<![\w.]){_WORD}(?:[ -](?:of |and |the )*{_WORD})*")
_DEFINED = re.compile(r" \(([A-Z]{2,6})\)")


def _initials_of(acronym: str, name: str) -> bool:
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]\w*", name)).upper()
    return bool(initials) and initials[0] == acronym[0] and set(acronym) <= set(initials)


def _spans(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of ``text`` that name a part: a capitalised run of two words or more ending in
    a part's word, overlapping no span of ``taken``."""
    out = []
    for m in _PART.finditer(text):
        start, words = m.start(), m.group(0).split(" ")
        while len(words) > 2 and words[0].lower() in FUNCTION_WORDS:
            start += len(words.pop(0)) + 1  # a sentence's first word: "At the Radiochemical ..."
        if (len(words) < 2 or words[-1].lower() not in PART_HEADS or words[-2][0].islower()
                or words[0].lower() in FUNCTION_WORDS):
            continue
        if any(s < m.end() and start < e for s, e in taken):
            continue
        out.append((start, m.end()))
    return out


def _site_before(at: int, sites: list[Place], main: Place) -> Place:
    before = [p for p in sites if p.mention.end <= at]
    return before[-1] if before else main


def _is_site(p: Place) -> bool:
    """Whether ``p`` is a site of the story whose named parts :func:`site_parts` may read."""
    return p.entry is not None and p.within is None and p.entry.feature in FACILITY_FEATURES


def has_sites(places: Sequence[Place]) -> bool:
    """Whether ``places`` hold a site whose named parts :func:`site_parts` may read."""
    return any(_is_site(p) for p in places)


def site_parts(text: str, places: Sequence[Place], names: Sequence[Name] = ()) -> list[Place]:
    """``places`` with the named parts of the text's sites added, in text order (see the module
    description).

    Examples
    --------
    >>> import osint
    >>> text = ("Imagery of the Sohae Satellite Launching Station shows work at the Vertical "
    ...         "Engine Test Stand.")
    >>> [(p.mention.text, p.entry.name) for p in site_parts(text, osint.geoparse_places(text))][-1]
    ('Vertical Engine Test Stand', 'Sohae Satellite Launching Station')
    """
    sites = [p for p in places if _is_site(p)]
    if not sites:
        return list(places)
    counts = Counter(p.entry.id for p in sites if p.entry is not None)
    main = max(sites, key=lambda p: (counts[p.entry.id if p.entry else 0], -p.mention.start))
    taken = [(p.mention.start, p.mention.end) for p in places] + [(n.start, n.end) for n in names]
    # An imagery provider's name opens a firm's, not a part's ("Planet Lab"; "Maxar Complex").
    from ..sensors import provider_mentions  # its tables load for a text with a site only

    taken += [(m.start, m.end) for m in provider_mentions(text)]
    parts = []
    for start, end in _spans(text, taken):
        parts.append(_part(text, start, end, _site_before(start, sites, main)))
    parts += _acronyms(text, parts, taken + [(p.mention.start, p.mention.end) for p in parts])
    if not parts:
        return list(places)
    return sorted([*places, *parts], key=lambda p: p.mention.start)


def _part(text: str, start: int, end: int, site: Place) -> Place:
    entry = site.entry
    assert entry is not None
    name = text[start:end]
    mention = Mention(start, end, name, name.lower(), "part", (entry.id,))
    return Place(mention, entry, PART_CONFIDENCE, (),
                 f"a part of {entry.name}, the site the text names before it (inferred)",
                 review=f"inferred: the text places '{name}' nowhere itself; check it lies at "
                        f"{entry.name}")


def _acronyms(text: str, parts: list[Place], taken: list[tuple[int, int]]) -> list[Place]:
    """Every later use of an acronym a part's name defines ("Uranium Enrichment Plant (UEP)")."""
    out = []
    for p in parts:
        d = _DEFINED.match(text, p.mention.end)
        if not d or not _initials_of(d.group(1), p.mention.text):
            continue
        acronym = d.group(1)
        for a in re.finditer(rf"(?<!\w){acronym}(?!\w)", text):
            if any(s < a.end() and a.start() < e for s, e in taken):
                continue
            out.append(p._replace(mention=p.mention._replace(start=a.start(), end=a.end(),
                                                             text=acronym)))
            taken.append((a.start(), a.end()))
    return out
