"""The gazetteer index on disk: one SQLite file, opened read-only, never loaded whole.

Why SQLite (``benchmarks/index_format.py`` measured it beside a pickle and a hand-made
memory map): it opens in milliseconds, the operating system's page cache holds its pages
once for every process and Dask worker that reads it, reading it runs no code (unlike a
pickle), and it answers the few range questions the readers of other scripts ask (the keys
in Hangul, the keys of one country) without a second structure. A key it has not seen costs
a few microseconds; the extractor and :class:`~osint.gazetteer.entries.Gazetteer` keep what
they have seen, so a corpus pays that once per distinct word.

Tables:

``meta``
    format, version, the sources' fingerprint, and the small tables as JSON (demonyms,
    non-places, acronym keys, common keys, the country index, given names, surnames, division
    weights and abbreviations, vocabularies of the coded columns).
``keys``
    name key -> bits (:data:`PREFIX`, :data:`WHOLE`, :data:`ACRONYM`, :data:`ANY_ACRONYM` as
    the extractor reads them; :data:`STRONG` and :data:`NAMED` for the gazetteer), the packed
    ids of the entries it names, and the population of the largest entry whose own name it is.
``words``
    the English dictionary (lower case), for the checks that a capitalised word is a word.
``country_keys``
    country code ("" for no country: seas, straits) and consonant skeleton
    (:func:`osint.text.skeleton`) -> the keys that name an entry in that country (respelling,
    :mod:`osint.places.geography`).
``columns``
    one packed column per field of :class:`osint.model.Entry` (numbers as machine arrays,
    repeated strings as codes into a vocabulary, other strings as offsets into UTF-8 bytes).
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import DataError
from ..text import skeleton

#: Bump when the index layout or the rules that build it change (osint/gazetteer/build.py).
INDEX_VERSION = 32

FORMAT = "osint-gazetteer-index"
#: Bits of a key's row; the first four are those of :attr:`Gazetteer.prefixes`: a longer key goes
#: on from here; this is a whole key; that key must be written in capitals ("US"); some form of
#: it is ("BA" may match only such keys). Then: some reading outranks towns; it names entries.
PREFIX, WHOLE, ACRONYM, ANY_ACRONYM, STRONG, NAMED = 1, 2, 4, 8, 16, 32
MATCH_BITS = PREFIX | WHOLE | ACRONYM | ANY_ACRONYM
#: Columns held as codes into a vocabulary (few distinct values), as numbers, as strings.
CODED = ("feature", "country_code", "source", "admin1")
NUMBERS = {"lat": "d", "lon": "d", "population": "q"}
STRINGS = ("name", "source_id", "source_url")
#: The tables of an index.
TABLES = ("meta", "keys", "words", "country_keys", "columns")
#: The small tables kept in ``meta`` as JSON and read whole at open.
SMALL = ("demonyms", "non_places", "acronym_keys", "any_acronym_keys", "common_keys", "country_index",
         "given_names", "surnames", "admin1_share", "abbreviations")


def write_index(path: Path, *, columns: dict[str, list], names: dict[str, tuple[int, ...]],
                bits: dict[str, int], primary_population: dict[str, int], dictionary: Iterable[str],
                small: dict[str, Any], version: int, fingerprint: str, max_tokens: int) -> None:
    """Write an index to ``path`` (a new file: the caller renames it into place)."""
    con = sqlite3.connect(path)
    try:
        con.executescript("""
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096;
            CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE keys (key TEXT PRIMARY KEY, bits INTEGER NOT NULL, ids BLOB,
                               primary_population INTEGER) WITHOUT ROWID;
            CREATE TABLE words (word TEXT PRIMARY KEY) WITHOUT ROWID;
            CREATE TABLE country_keys (cc TEXT, skeleton TEXT, key TEXT,
                                       PRIMARY KEY (cc, skeleton, key)) WITHOUT ROWID;
            CREATE TABLE columns (name TEXT PRIMARY KEY, data BLOB NOT NULL, offsets BLOB) WITHOUT ROWID;
        """)
        all_keys = sorted(set(bits) | set(primary_population))
        con.executemany("INSERT INTO keys VALUES (?, ?, ?, ?)", (
            (k, bits.get(k, 0), array("i", names[k]).tobytes() if k in names else None,
             primary_population.get(k)) for k in all_keys))
        con.executemany("INSERT INTO words VALUES (?)", ((w,) for w in sorted(set(dictionary))))
        cc = columns["country_code"]
        # Entries of no country (seas, straits, reefs of the open sea) are kept under "".
        pairs = {(cc[e], k) for k, ids in names.items() for e in ids}
        skeletons: dict[str, str] = {}
        con.executemany("INSERT INTO country_keys VALUES (?, ?, ?)", sorted(
            (c, skeletons.get(k) or skeletons.setdefault(k, skeleton(k)), k) for c, k in pairs))
        vocab: dict[str, list[str]] = {}
        for f in CODED:
            vocab[f] = sorted(set(columns[f]))
            code = {v: i for i, v in enumerate(vocab[f])}
            con.execute("INSERT INTO columns VALUES (?, ?, NULL)",
                        (f, array("I", (code[v] for v in columns[f])).tobytes()))
        for f, t in NUMBERS.items():
            con.execute("INSERT INTO columns VALUES (?, ?, NULL)", (f, array(t, columns[f]).tobytes()))
        for f in STRINGS:
            data, offsets = bytearray(), array("I", [0])
            for s in columns[f]:
                data += s.encode("utf-8", "surrogatepass")
                offsets.append(len(data))
            con.execute("INSERT INTO columns VALUES (?, ?, ?)", (f, bytes(data), offsets.tobytes()))
        meta = {"format": FORMAT, "version": str(version), "fingerprint": fingerprint,
                "entries": str(len(columns["name"])), "max_tokens": str(max_tokens),
                "vocabularies": json.dumps(vocab),
                **{k: json.dumps(v, ensure_ascii=False) for k, v in small.items()}}
        con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        con.commit()
    finally:
        con.close()


def untrusted(st: os.stat_result) -> str | None:
    """Why a cached index of this status is not read, or None when it may be.

    Reading an index runs no code, but a planted one would place every name wrongly: only a
    regular file that this user owns and that nobody else may write is read.
    """
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file"
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return "owned by another user"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "writable by others"
    return None


class _Strings:
    """A column of strings: UTF-8 bytes and offsets, decoded one at a time."""

    __slots__ = ("_data", "_offsets")

    def __init__(self, data: bytes, offsets: bytes):
        self._data = data
        self._offsets = memoryview(offsets).cast("I")

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, i: int) -> str:
        o = self._offsets
        if i < 0:
            i += len(o) - 1
        return self._data[o[i]:o[i + 1]].decode("utf-8", "surrogatepass")

    def __iter__(self) -> Iterator[str]:
        for i in range(len(self)):
            yield self[i]


class IndexFile:
    """An open index: its connection (reopened in a forked child) and what ``meta`` holds."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._pid = -1
        self._con: sqlite3.Connection | None = None
        con = self.connection()
        try:
            meta = dict(con.execute("SELECT k, v FROM meta"))
        except sqlite3.DatabaseError as exc:
            raise DataError(f"{path}: not a gazetteer index ({exc})") from exc
        if meta.get("format") != FORMAT:
            raise DataError(f"{path}: not a gazetteer index")
        self.meta = meta

    def connection(self) -> sqlite3.Connection:
        """The connection of this process: a child forked from the opener opens its own."""
        if self._pid != os.getpid():
            self._con = _connect(self.path)
            self._pid = os.getpid()
        assert self._con is not None
        return self._con

    def columns(self, n: int) -> dict[str, Any]:
        """The entry columns: lists for the coded ones (the resolver's loops index them), arrays
        of numbers, and strings decoded on demand."""
        con = self.connection()
        vocab = json.loads(self.meta["vocabularies"])
        out: dict[str, Any] = {}
        for name, data, offsets in con.execute("SELECT name, data, offsets FROM columns"):
            if name in CODED:
                words = vocab[name]
                out[name] = list(map(words.__getitem__, memoryview(data).cast("I")))
            elif name in NUMBERS:
                a = array(NUMBERS[name])
                a.frombytes(data)
                out[name] = a
            elif name in STRINGS:
                out[name] = _Strings(data, offsets)
        missing = [f for f in (*CODED, *NUMBERS, *STRINGS) if f not in out or len(out[f]) != n]
        if missing:
            raise DataError(f"{self.path}: damaged gazetteer index (columns {', '.join(missing)})")
        return out


def _connect(path: Path) -> sqlite3.Connection:
    """Open read-only; the file is never written after it is renamed into place (``immutable``:
    no locks, no journal).

    The file is checked on a descriptor opened without following a link (:func:`untrusted`);
    SQLite then opens the name (it cannot be handed a descriptor), and what it opened must be that
    same file: on Linux its own new descriptor is found in ``/proc/self/fd`` and compared, and the
    name must still be the checked file. A link or another file swapped in at the name in between
    is refused, never read.
    """
    from urllib.parse import quote

    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        checked = os.fstat(fd)
        why = untrusted(checked)
        if why is not None:
            raise DataError(f"{path}: {why}")
        before = _open_descriptors()
        try:
            con = sqlite3.connect(f"file:{quote(str(Path(path).absolute()))}?mode=ro&immutable=1",
                                  uri=True, check_same_thread=False)
        except sqlite3.Error as exc:
            raise DataError(f"{path}: not a gazetteer index ({exc})") from exc
        try:
            con.execute("PRAGMA trusted_schema=OFF")
            con.execute("PRAGMA cell_size_check=ON")
            con.execute("PRAGMA mmap_size=268435456")
            # Tables only, as written here: a view or trigger planted under a table's name could
            # run a query that never ends.
            schema = dict(con.execute("SELECT name, type FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'"))
            if any(schema.get(t) != "table" for t in TABLES) or set(schema.values()) - {"table", "index"}:
                raise sqlite3.DatabaseError("tables of another layout")
            now = os.stat(path, follow_symlinks=False)
            same = (checked.st_dev, checked.st_ino)
            if (now.st_dev, now.st_ino) != same or not _opened(before, same):
                raise sqlite3.DatabaseError("the file changed while it was opened")
        except sqlite3.Error as exc:
            con.close()
            raise DataError(f"{path}: not a gazetteer index ({exc})") from exc
        except OSError as exc:
            con.close()
            raise DataError(f"{path}: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    return con


def _open_descriptors() -> dict[str, tuple[int, int]] | None:
    """This process's open descriptors and the files they hold (device, inode), on Linux; None
    where ``/proc`` cannot say."""
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        return None
    out = {}
    for fd in names:
        try:
            st = os.stat(f"/proc/self/fd/{fd}")
        except OSError:  # the listing's own descriptor, closed by now
            continue
        out[fd] = (st.st_dev, st.st_ino)
    return out


def _opened(before: dict[str, tuple[int, int]] | None, same: tuple[int, int]) -> bool:
    """Whether a descriptor opened since ``before`` holds the file ``same``: the one SQLite
    opened. True where ``/proc`` cannot say (the name check stands alone there)."""
    after = _open_descriptors()
    if before is None or after is None:
        return True
    return any(ident == same and before.get(fd) != ident for fd, ident in after.items())
