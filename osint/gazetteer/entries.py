"""The gazetteer index: entries by name key, in columns that load fast.

Use :func:`osint.gazetteer.load_gazetteer` rather than building one directly.
GeoNames data is licensed CC BY 4.0 (https://www.geonames.org/).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..model import Entry
from ..text import name_key

GEONAMES_URL = "https://www.geonames.org/{id}"


GEONAMES_ATTRIBUTION = "GeoNames (CC BY 4.0), https://www.geonames.org/"


# Column layout of the pickled index: plain lists load far faster than objects.
_FIELDS = Entry.__slots__


class Gazetteer:
    """An index from name keys to gazetteer entries.

    Use :func:`load_gazetteer` rather than building one directly: it caches the
    built index on disk, so start-up stays well under two seconds.
    """

    def __init__(
        self,
        columns: dict[str, list],
        names: dict[str, tuple[int, ...]],
        demonyms: dict[str, int],
        non_places: dict[str, str],
        acronym_keys: frozenset[str],
        any_acronym_keys: frozenset[str],
        common_keys: frozenset[str],
        country_index: dict[str, int],
        given_names: frozenset[str] = frozenset(),
        surnames: frozenset[str] = frozenset(),
        admin1_share: dict[str, float] | None = None,
        abbreviations: dict[str, tuple[tuple[int, str], ...]] | None = None,
        dictionary: frozenset[str] = frozenset(),
    ):
        self._columns = columns
        self.names = names
        self.demonyms = demonyms
        self.non_places = non_places
        self.acronym_keys = acronym_keys
        #: Keys some form of which is written in capitals ("US", "DPRK"): only
        #: these may match a short all-capitals word ("BA" is not Ba, Fiji).
        self.any_acronym_keys = any_acronym_keys
        self.common_keys = common_keys
        self.country_index = country_index
        self.given_names = given_names
        self.surnames = surnames
        #: log10 of a first-order division's share of its country's population.
        self.admin1_share = admin1_share or {}
        #: Abbreviations of first-order divisions as written ("Calif.", "W.Va.", "B.C.", "TX"):
        #: form -> ((entry id, style), ...). They name a place only in context ("Reno, Nev.").
        self.abbreviations = abbreviations or {}
        #: Lower-case English dictionary words (Webster's 2nd): a capitalised word the
        #: gazetteer lacks is a place-like name only when it is not one of these.
        self.dictionary = dictionary
        #: Abbreviation forms by their first token ("W" for "W.Va.").
        self.abbreviation_heads: dict[str, tuple[str, ...]] = {}
        for form in sorted(self.abbreviations, key=len, reverse=True):
            head = form.split(".")[0].split(" ")[0]
            self.abbreviation_heads[head] = (*self.abbreviation_heads.get(head, ()), form)
        self.admin1 = columns["admin1"]
        #: Keys with a reading that outranks towns: a country, continent,
        #: capital, curated site, region, or a division not named like a word.
        feat, src, codes = columns["feature"], columns["source"], columns["country_code"]
        share = self.admin1_share
        self.strong_keys = frozenset(
            k
            for k, ids in names.items()
            if any(
                feat[e] in ("country", "continent", "capital")
                or src[e] in ("curated", "user")
                # A division named like a word ("montana" is in the dictionary) is still strong
                # when it stands for millions, as a US state or a Chinese province does.
                or (
                    feat[e] == "admin1"
                    and (
                        k not in common_keys
                        or (share.get(codes[e], 0) >= 6 and name_key(columns["name"][e]) == k)
                    )
                )
                or (feat[e] not in ("city", "admin1") and src[e] == "geonames")
                or (src[e] == "airportsdata" and " " in k)
                for e in ids
            )
        )
        #: Keys that are some entry's preferred name (not only an alternate).
        #: Key -> the largest population among the entries whose preferred name it is
        #: ("Panda" is a village's name, and only an alternate name of the city Pandi).
        self.primary_population: dict[str, int] = {}
        for n, p in zip(columns["name"], columns["population"]):
            k = name_key(n)
            if p >= self.primary_population.get(k, -1):
                self.primary_population[k] = p
        #: Every key and every first part of a key, with what it is (``PREFIX``, ``WHOLE``,
        #: ``ACRONYM``, ``ANY_ACRONYM`` bits): one look-up per token for the extractor.
        self.prefixes = _prefixes(list(names) + list(demonyms) + list(non_places), acronym_keys,
                                  any_acronym_keys)
        self.max_tokens = max((k.count(" ") + 1 for k in self.prefixes), default=1)
        self._entries: dict[int, Entry] = {}
        # Unpacked columns, used by the resolver's scoring loop.
        self.lat = columns["lat"]
        self.lon = columns["lon"]
        self.feature = columns["feature"]
        self.country_code = columns["country_code"]
        self.population = columns["population"]
        self.source = columns["source"]

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_entries"] = {}  # a cache of objects, cheap to rebuild
        return state

    def __len__(self) -> int:
        return len(self._columns["name"])

    def entry(self, i: int) -> Entry:
        """Return entry ``i`` as an :class:`Entry`."""
        e = self._entries.get(i)
        if e is None:
            c = self._columns
            e = Entry(i, *(c[f][i] for f in _FIELDS[1:]))
            self._entries[i] = e
        return e

    def candidates(self, key: str) -> tuple[int, ...]:
        """Return the ids of the entries whose name or alternate name has ``key``."""
        return self.names.get(key, ())

    def lookup(self, name: str) -> list[Entry]:
        """Return every entry that ``name`` may refer to, most populous first.

        Parameters
        ----------
        name : str
            A place name in any spelling the gazetteer knows ("P'yŏngyang").

        Examples
        --------
        >>> load_gazetteer().lookup("Pyongyang")[0].country_code
        'KP'
        """
        key = name_key(name)
        ids = list(self.candidates(key))
        if key in self.demonyms:
            ids.append(self.demonyms[key])
        entries = [self.entry(i) for i in dict.fromkeys(ids)]
        return sorted(entries, key=lambda e: (not e.strong, -e.population))

    def country(self, code: str) -> Entry | None:
        """Return the country entry for an ISO alpha-2 code."""
        i = self.country_index.get(code.upper())
        return None if i is None else self.entry(i)

    def entries(self) -> Iterator[Entry]:
        """Iterate over every entry."""
        for i in range(len(self)):
            yield self.entry(i)


#: Bits of :attr:`Gazetteer.prefixes`: a longer key goes on from here; this is a whole key; that
#: key must be written in capitals ("US"); some form of it is ("BA" may match only such keys).
PREFIX, WHOLE, ACRONYM, ANY_ACRONYM = 1, 2, 4, 8


def _prefixes(keys: Iterable[str], acronyms: frozenset[str], any_acronyms: frozenset[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for k in keys:
        parts = k.split(" ")
        for n in range(1, len(parts)):
            p = " ".join(parts[:n])
            out[p] = out.get(p, 0) | PREFIX
        out[k] = (out.get(k, 0) | WHOLE | (ACRONYM if k in acronyms else 0)
                  | (ANY_ACRONYM if k in any_acronyms else 0))
    return out
