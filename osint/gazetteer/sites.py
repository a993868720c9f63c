"""The sites-and-water layer: rivers, lakes, seas, islands, reefs, camps, ports and power and
nuclear plants from ``data/sites_water.csv``, each row with its source (see
``data/sites_water_SOURCES.md``).

A row is held under the names a text would use for it, with its kind where the kind decides:

- a natural feature (a river, lake, island, reef, ...) under its name ("Tigris", "Lake Chad",
  "Yangtze River"), and under its bare name with its feature word before or after it ("the
  Danube river", "River Danube", "Snake island"); its bare name alone ("Tigris") only when no
  dictionary word, no given name and no earlier place has that name (for an island, no earlier
  place a text means more often: a country, a division, a capital, a town of 100,000, or a
  village whose name is also a surname): "the Don" (a river, a town and a given name) needs its
  word, "Luzon" (an island and a village in Mindanao) does not;
- a site (a camp, a port, a power or nuclear plant, a bridge, a crossing) only with its kind
  ("Kavumu camp", "port of Ras Isa", "Zaporizhzhia nuclear power plant"): a bare name is its
  town's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from ..model.features import REGION_FEATURES, SITE_FEATURES, WATER_FEATURES
from ..text import name_key

#: The file, in the package data.
SITES_FILE = "sites_water.csv"

#: Words a text may put after a feature's bare name, by feature.
SUFFIX_WORDS: dict[str, tuple[str, ...]] = {
    "river": ("river",),
    "lake": ("lake",),
    "reservoir": ("reservoir", "lake"),
    "island": ("island",),
    "islands": ("islands",),
    "reef": ("reef",),
    "shoal": ("shoal", "reef"),
    "atoll": ("atoll", "reef"),
    "camp": ("camp", "refugee camp", "camps", "settlement"),
    "port": ("port", "terminal", "oil terminal", "harbour", "harbor"),
    "energy_site": ("power plant", "power station"),
    "nuclear_site": ("nuclear power plant", "nuclear plant", "npp", "nuclear power station", "power plant"),
    "bridge": ("bridge",),
    "border_crossing": ("crossing", "border crossing"),
    # Natural Earth writes ranges "Dângrêk Ra.", "Zagros Mts."; the press "the Dangrek mountains".
    "mountain": ("mountains", "range", "mountain range"),
    "mountains": ("mountains", "range", "mountain range"),
}
#: Words a text may put before a feature's bare name, by feature.
PREFIX_WORDS: dict[str, tuple[str, ...]] = {
    "river": ("river",),
    "lake": ("lake",),
    "mountain": ("mount",),
    "port": ("port of",),
}
#: Features never held under their bare name: a range's ("Taurus", "Atlas") is a weapon's or a
#: firm's far more often than the mountains'.
_NO_BARE_NAME = frozenset({"mountain", "mountains"})
#: A feature word at either end of a name: what is left is the bare name ("Yangtze River").
_FEATURE_WORD_RE = re.compile(
    r"^(?:lake|river|mount|mt\.?|port of|isla|ile)\s+|\s+(?:river|lake|reservoir|island|islands|isl\.?|"
    r"reef|shoal|atoll|refugee camp|camp|port|power plant|power station|nuclear power plant|"
    r"nuclear power station|npp|bridge|border crossing|crossing|ra\.|range|mts\.|mtn\.|mountains)$",
    re.IGNORECASE)


def site_source(source: str) -> str:
    """The short source label of a row's ``source`` column ("Natural Earth 10m rivers" ->
    ``naturalearth``), as the places table shows it."""
    s = source.lower()
    for prefix, label in (("natural earth", "naturalearth"), ("geonames", "geonames"), ("nga", "nga-wpi"),
                          ("geonuclear", "geonucleardata"), ("wri", "wri-gppd"), ("unhcr", "unhcr")):
        if s.startswith(prefix):
            return label
    return "sites"


#: A port's generic last words in the World Port Index ("Ras Isa Marine Terminal", "Sitra Oil
#: Terminal", "Apra Harbor"): the press writes "Ras Isa port", "the port of Ras Isa".
_PORT_WORD_RE = re.compile(r"\s+(?:marine|oil|offshore|lng|container)?\s*(?:terminal|harbou?r)$",
                           re.IGNORECASE)


def bare_name(name: str, feature: str = "") -> str:
    """``name`` without a feature word at either end ("Lake Chad" -> "Chad"; a port's
    "Ras Isa Marine Terminal" -> "Ras Isa")."""
    if feature == "port":
        name = _PORT_WORD_RE.sub("", name)
    return _FEATURE_WORD_RE.sub("", name).strip()


def site_names(name: str, alternates: list[str], feature: str, *,
               taken: Callable[[str], bool]) -> Iterator[str]:
    """The names a row is held under (see the module description).

    Parameters
    ----------
    name, alternates
        The row's name and its usable alternate names.
    feature : str
        The row's feature.
    taken : callable
        True for a key an earlier place, a dictionary word or a given name already has: such
        a bare name is held only with its feature word.
    """
    natural = feature in REGION_FEATURES or feature in WATER_FEATURES
    for n in dict.fromkeys([name, *alternates]):
        base = bare_name(n, feature)
        has_word = base != n
        if has_word or (natural and not taken(name_key(n))):
            yield n  # "Yangtze River", "Zaporizhzhia power station", "Tigris"
        if (has_word and natural and base and not taken(name_key(base)) and len(base) >= 4
                and feature not in _NO_BARE_NAME):
            yield base  # "Yangtze"
        if not base or base.isupper():
            continue
        for w in SUFFIX_WORDS.get(feature, ()):
            yield f"{base} {w}"
        for w in PREFIX_WORDS.get(feature, ()):
            yield f"{w} {base}"


def is_site(feature: str) -> bool:
    """True for a site's feature (held only with its kind)."""
    return feature in SITE_FEATURES


def sites_path(data: Path) -> Path:
    return data / SITES_FILE
