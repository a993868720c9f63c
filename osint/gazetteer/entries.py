"""The gazetteer index: entries by name key, in columns that load fast.

Use :func:`osint.gazetteer.load_gazetteer` rather than building one directly.
GeoNames data is licensed CC BY 4.0 (https://www.geonames.org/).
"""

from __future__ import annotations

import errno
import functools
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import DataError
from ..model import Entry
from ..text import ARABIC_ARTICLE_COUNTRIES, name_key, without_article
from .index import (
    ACRONYM,
    ANY_ACRONYM,
    INDEX_VERSION,
    MATCH_BITS,
    NAMED,
    PREFIX,
    SMALL,
    STRONG,
    WHOLE,
    IndexFile,
)

GEONAMES_URL = "https://www.geonames.org/{id}"


GEONAMES_ATTRIBUTION = "GeoNames (CC BY 4.0), https://www.geonames.org/"


#: The fields of an entry, in the order of :class:`osint.model.Entry`.
_FIELDS = Entry.__slots__
#: Name keys looked up per process and kept (the extractor keeps its own memo of token bits).
ROWS_KEPT = 1 << 16
_NO_ROW: tuple[int, tuple[int, ...], int | None] = (0, (), None)


class Gazetteer:
    """An index from name keys to gazetteer entries, read from its file on demand.

    Use :func:`load_gazetteer` rather than opening one directly: it builds the index once
    into the cache folder and opens it (:mod:`osint.gazetteer.index`) in milliseconds; every
    process that opens it shares its pages through the operating system.
    """

    #: What a run's provenance names the index by (set by :func:`load_gazetteer`).
    build_id: str
    #: The temporary folder of an index not kept in the cache (removed with the object).
    _folder: object = None

    def __init__(self, index: IndexFile):
        self._index = index
        meta = index.meta
        small = {k: json.loads(meta[k]) for k in SMALL}
        self.demonyms: dict[str, int] = small["demonyms"]
        self.non_places: dict[str, str] = small["non_places"]
        self.acronym_keys = frozenset(small["acronym_keys"])
        #: Keys some form of which is written in capitals ("US", "DPRK"): only
        #: these may match a short all-capitals word ("BA" is not Ba, Fiji).
        self.any_acronym_keys = frozenset(small["any_acronym_keys"])
        self.common_keys = frozenset(small["common_keys"])
        self.country_index: dict[str, int] = small["country_index"]
        self.given_names = frozenset(small["given_names"])
        self.surnames = frozenset(small["surnames"])
        #: log10 of a first-order division's share of its country's population.
        self.admin1_share: dict[str, float] = small["admin1_share"]
        #: Abbreviations of first-order divisions as written ("Calif.", "W.Va.", "B.C.", "TX"):
        #: form -> ((entry id, style), ...). They name a place only in context ("Reno, Nev.").
        self.abbreviations: dict[str, tuple[tuple[int, str], ...]] = {
            k: tuple((int(i), str(style)) for i, style in v) for k, v in small["abbreviations"].items()}
        #: Abbreviation forms by their first token ("W" for "W.Va.").
        self.abbreviation_heads: dict[str, tuple[str, ...]] = {}
        for form in sorted(self.abbreviations, key=len, reverse=True):
            head = form.split(".")[0].split(" ")[0]
            self.abbreviation_heads[head] = (*self.abbreviation_heads.get(head, ()), form)
        self.max_tokens = int(meta["max_tokens"])
        self._columns = index.columns(int(meta["entries"]))
        self._lock = threading.Lock()
        self._row = functools.lru_cache(maxsize=ROWS_KEPT)(self._read_row)
        #: Name key -> the ids of the entries whose name or alternate name it is.
        self.names = _Names(self)
        #: Every key and every first part of a key, with what it is (``PREFIX``, ``WHOLE``,
        #: ``ACRONYM``, ``ANY_ACRONYM`` bits): one look-up per token for the extractor.
        self.prefixes = _Prefixes(self)
        #: Keys that are some entry's preferred name (not only an alternate) -> the largest
        #: population among the entries whose preferred name it is ("Panda" is a village's
        #: name, and only an alternate name of the city Pandi).
        self.primary_population = _PrimaryPopulation(self)
        #: Keys with a reading that outranks towns: a country, continent, capital, curated site,
        #: region, or a division not named like a word.
        self.strong_keys = _Strong(self)
        #: Lower-case English dictionary words (Webster's 2nd): a capitalised word the
        #: gazetteer lacks is a place-like name only when it is not one of these.
        self.dictionary = _Words(self)
        self._entries: dict[int, Entry] = {}
        c = self._columns
        self.admin1 = c["admin1"]
        # The columns the resolver's scoring loop reads.
        self.lat = c["lat"]
        self.lon = c["lon"]
        self.feature = c["feature"]
        self.country_code = c["country_code"]
        self.population = c["population"]
        self.source = c["source"]

    @property
    def path(self) -> Path:
        """The index file."""
        return self._index.path

    def __reduce__(self):
        # A copy for another process (a Dask worker) opens the same file: nothing but its
        # path travels, and the pages are shared.
        return (_reopen, (str(self._index.path), getattr(self, "build_id", None)))

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._index.connection().execute(sql, args).fetchall()

    def _read_row(self, key: str) -> tuple[int, tuple[int, ...], int | None]:
        rows = self._query("SELECT bits, ids, primary_population FROM keys WHERE key = ?", (key,))
        if not rows:
            return _NO_ROW
        bits, ids, pop = rows[0]
        return bits, (tuple(memoryview(ids).cast("i")) if ids is not None else ()), pop

    def keys_between(self, low: str, high: str) -> list[str]:
        """The name keys (of entries) from ``low`` up to, not including, ``high``, in code-point
        order (the Hangul keys: ``keys_between("\u1100", "\u1200")``)."""
        return [k for (k,) in self._query(
            "SELECT key FROM keys WHERE key >= ? AND key < ? AND bits & ? ORDER BY key", (low, high, NAMED))]

    def keys_in_country(self, code: str) -> list[str]:
        """The name keys of the entries in a country, sorted."""
        return [k for (k,) in self._query("SELECT key FROM country_keys WHERE cc = ? ORDER BY key", (code,))]

    def keys_by_skeleton(self, code: str, skeleton: str) -> tuple[str, ...]:
        """The name keys of the entries in a country whose consonant skeleton is ``skeleton``
        (:func:`osint.text.skeleton`), sorted."""
        return tuple(k for (k,) in self._query(
            "SELECT key FROM country_keys WHERE cc = ? AND skeleton = ? ORDER BY key", (code, skeleton)))

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


class _Names:
    """Name key -> entry ids, as a read-only mapping over the index."""

    __slots__ = ("_g",)

    def __init__(self, g: Gazetteer):
        self._g = g

    def get(self, key: str, default=None):
        bits, ids, _ = self._g._row(key)
        return ids if bits & NAMED else default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and bool(self._g._row(key)[0] & NAMED)

    def __getitem__(self, key: str) -> tuple[int, ...]:
        bits, ids, _ = self._g._row(key)
        if not bits & NAMED:
            raise KeyError(key)
        return ids

    def __iter__(self) -> Iterator[str]:
        return iter(self._g.keys_between("", "\U0010ffff\U0010ffff"))

    def __len__(self) -> int:
        return self._g._query("SELECT count(*) FROM keys WHERE bits & ?", (NAMED,))[0][0]

    def keys(self) -> Iterator[str]:
        return iter(self)

    def items(self) -> Iterator[tuple[str, tuple[int, ...]]]:
        """Every key and its ids (a scan of the whole index: for rebuilding, not per text)."""
        for key, ids in self._g._query("SELECT key, ids FROM keys WHERE bits & ? ORDER BY key", (NAMED,)):
            yield key, tuple(memoryview(ids).cast("i"))


class _Prefixes:
    """Key -> its extractor bits (:data:`PREFIX`, :data:`WHOLE`, :data:`ACRONYM`, :data:`ANY_ACRONYM`)."""

    __slots__ = ("_g",)

    def __init__(self, g: Gazetteer):
        self._g = g

    def get(self, key: str, default=None):
        b = self._g._row(key)[0] & MATCH_BITS
        return b if b else default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and bool(self._g._row(key)[0] & MATCH_BITS)

    def items(self) -> Iterator[tuple[str, int]]:
        sql = "SELECT key, bits FROM keys WHERE bits & ? ORDER BY key"
        for key, bits in self._g._query(sql, (MATCH_BITS,)):
            yield key, bits & MATCH_BITS

    def __len__(self) -> int:
        return self._g._query("SELECT count(*) FROM keys WHERE bits & ?", (MATCH_BITS,))[0][0]


class _PrimaryPopulation:
    __slots__ = ("_g",)

    def __init__(self, g: Gazetteer):
        self._g = g

    def get(self, key: str, default=None):
        p = self._g._row(key)[2]
        return default if p is None else p

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._g._row(key)[2] is not None

    def __len__(self) -> int:
        return self._g._query("SELECT count(*) FROM keys WHERE primary_population IS NOT NULL")[0][0]


class _Strong:
    __slots__ = ("_g",)

    def __init__(self, g: Gazetteer):
        self._g = g

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and bool(self._g._row(key)[0] & STRONG)

    def __len__(self) -> int:
        return self._g._query("SELECT count(*) FROM keys WHERE bits & ?", (STRONG,))[0][0]


class _Words:
    """The dictionary's words, looked up one at a time (and kept)."""

    __slots__ = ("_g", "_has")

    def __init__(self, g: Gazetteer):
        self._g = g
        self._has = functools.lru_cache(maxsize=ROWS_KEPT)(self._read)

    def _read(self, word: str) -> bool:
        return bool(self._g._query("SELECT 1 FROM words WHERE word = ?", (word,)))

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._has(word)

    def __iter__(self) -> Iterator[str]:
        return iter([w for (w,) in self._g._query("SELECT word FROM words ORDER BY word")])

    def __len__(self) -> int:
        return self._g._query("SELECT count(*) FROM words")[0][0]

    def __bool__(self) -> bool:
        return bool(self._g._query("SELECT 1 FROM words LIMIT 1"))


def _reopen(path: str, build_id: str | None) -> Gazetteer:
    return open_gazetteer(Path(path), build_id)


def open_gazetteer(path: Path, build_id: str | None = None) -> Gazetteer:
    """Open an index file (read-only, shared, no code run).

    Raises
    ------
    DataError
        Not a gazetteer index of this version, or not a file this user may trust.
    """
    try:
        index = IndexFile(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DataError(f"{path}: not a regular file (a symbolic link)") from exc
        raise DataError(f"{path}: {exc.strerror or exc}") from exc
    if index.meta.get("version") != str(INDEX_VERSION):
        raise DataError(f"{path}: an index of another version")
    try:
        gaz = Gazetteer(index)
    except (KeyError, ValueError, TypeError, AttributeError, sqlite3.Error) as exc:
        raise DataError(f"{path}: damaged gazetteer index ({type(exc).__name__})") from exc
    if build_id is not None:
        gaz.build_id = build_id
    return gaz



def derived_keys(columns: dict[str, list], names: dict[str, tuple[int, ...]], demonyms: Iterable[str],
                 non_places: Iterable[str], acronym_keys: frozenset[str], any_acronym_keys: frozenset[str],
                 common_keys: frozenset[str], admin1_share: dict[str, float],
                 ) -> tuple[dict[str, int], dict[str, int]]:
    """What the index holds per key beyond its ids, worked out once when it is built: the bits
    (:data:`PREFIX` ... :data:`NAMED`) and the primary population (see :class:`Gazetteer`)."""
    feat, src, codes, own = columns["feature"], columns["source"], columns["country_code"], columns["name"]
    share = admin1_share
    bits = _prefixes([*names, *demonyms, *non_places], acronym_keys, any_acronym_keys)
    for k, ids in names.items():
        strong = any(
            feat[e] in ("country", "continent", "capital")
            or src[e] in ("curated", "user")
            # A division named like a word ("montana" is in the dictionary) is still strong
            # when it stands for millions, as a US state or a Chinese province does.
            or (
                feat[e] == "admin1"
                and (
                    k not in common_keys
                    or (share.get(codes[e], 0) >= 6 and name_key(own[e]) == k)
                )
            )
            or (feat[e] not in ("city", "admin1") and src[e] == "geonames")
            or (src[e] == "airportsdata" and " " in k)
            for e in ids
        )
        bits[k] = bits.get(k, 0) | NAMED | (STRONG if strong else 0)
    primary: dict[str, int] = {}
    for n, p, cc in zip(own, columns["population"], codes, strict=True):
        # A town's own name, and that name without its Arabic article where the press drops it
        # ("Fasher" is El Fasher's as much as "El Fasher" is).
        keys = {name_key(n)}
        if cc in ARABIC_ARTICLE_COUNTRIES:
            keys.add(name_key(without_article(n)))
        for k in keys - {""}:
            if p >= primary.get(k, -1):
                primary[k] = p
    return bits, primary


__all__ = ["ACRONYM", "ANY_ACRONYM", "PREFIX", "WHOLE", "Gazetteer", "derived_keys"]


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
