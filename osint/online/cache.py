"""The one cache of online answers (SQLite): geocoders' and the imagery cross-reference's.

Services are slow, rate-limited and sometimes unreachable; their answers change rarely. Every
answer (including "nothing found") is kept under one :class:`Key`: its kind (a geocoder's
answer or a service's), the provider or service, the normalised query or the request, and the
bias a geocoder was asked with; together with the endpoint that answered, the answer as
received (for services: the part the caller's check accepted) and when it was fetched, so that a
notebook that once ran online re-runs offline with the same places and checks.

Two runs may share one cache file: the database is in WAL mode with a busy timeout, and writes
are single ``INSERT OR REPLACE`` statements. The file is untrusted (a shared or planted cache
folder): only a regular file is opened (a symbolic link to another program's database is left
alone, never converted), its schema is checked before any query (the one ``answers`` table with
its columns; views and triggers are refused), and every statement runs under a deadline and
stops on SIGTERM. A damaged file (SQLite says it is not a database, or malformed) is renamed
aside (``*.corrupt-<time>``) and a new cache is built, with a warning. A cache that cannot be
used for any other reason (a full disk, no permission, a newer schema) is left untouched: the
run warns once and goes on without it.

The file keeps the name it had when it held geocoders' answers only (``geocoding.sqlite``); a
file of that first layout (schema 1) is converted in place, its answers kept. The imagery
cross-reference's answers used to be JSON files under ``<cache dir>/crossref/<service>/``: one
is read (through the same regular-file, size-capped path as any input, and checked again) and
moved into this cache the first time its request is asked again (:func:`take_legacy_answer`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import stat
import time
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import CacheWarning, ConfigurationError, InputError
from ..escape import terminal
from ..io import parse_json, read_limited
from ..paths import cache_dir

#: File name of the cache inside the cache folder.
CACHE_FILE = "geocoding.sqlite"


#: The table layout this version writes. Layout 1 (geocoders' answers only) is converted in
#: place; a file of a later layout is left alone.
SCHEMA_VERSION = 2


#: Seconds a writer waits for another run holding the database.
BUSY_TIMEOUT_S = 30.0
#: Seconds one statement may run (a cache lookup takes milliseconds).
STATEMENT_DEADLINE_S = 20.0
#: SQLite virtual-machine steps between two looks at the deadline and at signals.
_PROGRESS_STEPS = 10_000
#: What the file may hold: the answers table and the index of its primary key.
_EXPECTED_OBJECTS = {("table", "answers"), ("index", "sqlite_autoindex_answers_1")}
#: The answers table's columns, by layout.
_COLUMNS = {
    1: ["provider", "query", "bias", "endpoint", "answer", "fetched_at"],
    2: ["kind", "provider", "query", "bias", "endpoint", "answer", "fetched_at"],
}

#: Kinds of answer: a geocoder's (its results, as received) and a service's (the imagery
#: cross-reference's catalogs, weather and orbits: the part its check accepted).
GEOCODER, SERVICE = "geocoder", "service"
KINDS = (GEOCODER, SERVICE)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    kind       TEXT NOT NULL,
    provider   TEXT NOT NULL,
    query      TEXT NOT NULL,
    bias       TEXT NOT NULL,
    endpoint   TEXT NOT NULL,
    answer     TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (kind, provider, query, bias)
)
"""


def normalise_query(query: str) -> str:
    """Return the cache form of a geocoder query: NFKC, case-folded, single spaces.

    Examples
    --------
    >>> normalise_query("  Hoechang   COUNTY ")
    'hoechang county'
    """
    return " ".join(unicodedata.normalize("NFKC", query).casefold().split())


def default_cache_path() -> Path:
    """Return the cache file's path: ``$OSINT_CACHE_DIR/geocoding.sqlite`` or the default cache folder."""
    return cache_dir() / CACHE_FILE


@dataclass(frozen=True, slots=True)
class Key:
    """What an answer is stored under. Make one with :func:`geocoder_key` or :func:`request_key`.

    Attributes
    ----------
    kind : str
        :data:`GEOCODER` or :data:`SERVICE`.
    provider : str
        The geocoder (``nominatim``) or the service (``stac``, ``open-meteo``).
    query : str
        A geocoder's normalised query, or a service's request (URL and body).
    bias : str
        The bias a geocoder was asked with (:meth:`osint.online.base.Bias.key`); '' for services.
    """

    kind: str
    provider: str
    query: str
    bias: str = ""


def geocoder_key(provider: str, query: str, bias: str = "") -> Key:
    """The key of a geocoder's answer: the provider, the query normalised, the bias as given.

    Examples
    --------
    >>> geocoder_key("nominatim", " Kujang  COUNTY").query
    'kujang county'
    """
    return Key(GEOCODER, provider, normalise_query(query), bias)


def request_key(service: str, url: str, body: Any = None) -> Key:
    """The key of a service's answer: the full URL (query included) and the JSON body, exactly
    (URLs are case-sensitive, so nothing is normalised)."""
    return Key(SERVICE, service, json.dumps({"url": url, "body": body}, sort_keys=True))


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    """One stored answer.

    Attributes
    ----------
    key : Key
    endpoint : str
        The URL of the service that answered.
    answer : Any
        The decoded answer (a geocoder's list of results, empty when it found nothing; a
        service's checked answer).
    fetched_at : str
        When it was fetched (ISO 8601, UTC).
    """

    key: Key
    endpoint: str
    answer: Any
    fetched_at: str

    @property
    def provider(self) -> str:
        """The provider or service."""
        return self.key.provider


@dataclass(frozen=True, slots=True)
class CacheInfo:
    """What ``osint cache info`` reports: the file, its size, and the answers of each provider
    (geocoders) and of each service (the imagery cross-reference)."""

    path: Path
    exists: bool
    size_bytes: int
    geocoders: dict[str, int] = field(default_factory=dict)
    services: dict[str, int] = field(default_factory=dict)


#: SQLite result codes (primary, the low byte) that mean the file itself is damaged.
_CORRUPT_CODES = frozenset({11, 26})  # SQLITE_CORRUPT, SQLITE_NOTADB


def is_corruption(exc: sqlite3.Error) -> bool:
    """True when an SQLite error says the database file is damaged (not full, locked or unreadable)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _CORRUPT_CODES
    msg = str(exc).lower()
    return "not a database" in msg or "malformed" in msg


class CacheUnavailable(ConfigurationError):
    """The cache cannot be used here (disk full, no permission, made by a newer version)."""


class AnswerCache:
    """The SQLite cache of online answers.

    A damaged file is set aside (``*.corrupt-<time>``) and a new cache started.
    Anything else that stops the cache from working (a full disk, a file or
    folder without permission, a cache written by a newer version of osint) is
    reported once and the run goes on without the cache; the file is never
    touched, so no healthy answer is lost.

    Parameters
    ----------
    path : str or Path, optional
        The database file; defaults to :func:`default_cache_path` (read now).
    warn : callable, optional
        Receives the message when the cache is set aside or unusable; defaults to
        :func:`warnings.warn` with :class:`CacheWarning`.
    statement_deadline : float, optional
        Seconds one statement may run; defaults to :data:`STATEMENT_DEADLINE_S`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> c = AnswerCache(pathlib.Path(tempfile.mkdtemp()) / "g.sqlite")
    >>> _ = c.put(geocoder_key("nominatim", "Kujang County"), [], endpoint="https://example.org")
    >>> c.get(geocoder_key("nominatim", "kujang  county")).answer
    []
    """

    def __init__(self, path: str | Path | None = None, *, warn: Callable[[str], None] | None = None,
                 statement_deadline: float | None = None):
        self.path = Path(path) if path is not None else default_cache_path()
        self.warn = warn
        self.statement_deadline = statement_deadline
        #: Why the cache is not used in this run (None while it works).
        self.unavailable: str | None = None
        self._told = False

    def _say(self, msg: str) -> None:
        if self.warn is not None:
            self.warn(msg)
        else:
            warnings.warn(terminal(msg), CacheWarning, stacklevel=4)

    # ------------------------------------------------------------------ connection

    def _open(self) -> sqlite3.Connection:
        # Setting up a new file takes locks the busy timeout does not wait for (changing the
        # journal mode, a lock upgrade two runs start at once): those tries are repeated.
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                return self._open_once()
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _open_once(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheUnavailable(f"cannot create the cache folder {self.path.parent} "
                                   f"({exc.strerror or exc})") from exc
        pinned = self._pin()
        try:
            con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        finally:
            if pinned is not None:
                os.close(pinned[0])
        try:
            self._guard(con)
            self._same_file(pinned)
            con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise CacheUnavailable(f"the cache {self.path} was written by a newer version of osint "
                                       f"(schema {version}, this one reads {SCHEMA_VERSION}); it is left as "
                                       "it is and not used")
            # Checked against the layout the file says it has, before anything else is asked of it.
            self._check_schema(con, version if version in _COLUMNS else SCHEMA_VERSION)
            if con.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                con.execute("PRAGMA journal_mode = WAL")  # once set, the file keeps it
            if version == 1:
                self._convert(con)
            con.execute(_SCHEMA)
            if version != SCHEMA_VERSION:
                con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            # A cheap read of the table catches files whose header looks valid.
            con.execute("SELECT count(*) FROM answers").fetchone()
        except BaseException:
            con.close()
            raise
        return con

    def _convert(self, con: sqlite3.Connection) -> None:
        """Bring a file of layout 1 (geocoders' answers only) to this layout, keeping its answers.

        One transaction: another run converting the same file at once waits, then finds it done;
        a conversion cut short (a full disk, SIGTERM) leaves the file as it was.
        """
        con.execute("BEGIN IMMEDIATE")
        try:
            if con.execute("PRAGMA user_version").fetchone()[0] == 1:
                self._check_schema(con, 1)  # again, now that no one else can change it
                has_table = con.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                        "AND name = 'answers'").fetchone()[0]
                if has_table:
                    con.execute("ALTER TABLE answers RENAME TO answers_v1")
                con.execute(_SCHEMA)
                if has_table:
                    con.execute(f"INSERT INTO answers SELECT '{GEOCODER}', provider, query, bias, endpoint, "
                                "answer, fetched_at FROM answers_v1")
                    con.execute("DROP TABLE answers_v1")
                con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            con.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                con.execute("ROLLBACK")
            raise

    def _pin(self) -> tuple[int, os.stat_result] | None:
        """Open the existing file without following links and check it and its journals are regular
        files; the descriptor pins the file so that a swap before SQLite opens it is seen."""
        for suffix in ("", "-wal", "-shm", "-journal"):
            side = self.path.with_name(self.path.name + suffix)
            try:
                st = os.lstat(side)
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise CacheUnavailable(f"geocoding cache {side} cannot be read "
                                       f"({exc.strerror or exc})") from exc
            if not stat.S_ISREG(st.st_mode):
                what = "a symbolic link" if stat.S_ISLNK(st.st_mode) else "not a regular file"
                raise CacheUnavailable(f"geocoding cache {side} is {what}; it is left as it is and not "
                                       "used (delete it, or set OSINT_CACHE_DIR, to start a cache)")
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise CacheUnavailable(f"geocoding cache {self.path} cannot be opened as a plain file "
                                   f"({exc.strerror or exc}); it is left as it is and not used") from exc
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            os.close(fd)
            raise CacheUnavailable(f"geocoding cache {self.path} is not a regular file; not used")
        return fd, st

    def _same_file(self, pinned: tuple[int, os.stat_result] | None) -> None:
        if pinned is None:
            return
        try:
            now = os.lstat(self.path)
        except OSError as exc:
            raise CacheUnavailable(f"geocoding cache {self.path} vanished while opened") from exc
        if not (stat.S_ISREG(now.st_mode) and os.path.samestat(now, pinned[1])):
            raise CacheUnavailable(f"geocoding cache {self.path} was replaced while being opened; "
                                   "it is left as it is and not used")

    def _guard(self, con: sqlite3.Connection) -> None:
        """Bound every statement: stop it at the deadline or when the process is asked to stop."""
        from ..io import termination_requested

        limit = self.statement_deadline if self.statement_deadline is not None else STATEMENT_DEADLINE_S
        started = [time.monotonic()]

        def progress() -> int:
            return int(termination_requested() is not None or time.monotonic() - started[0] > limit)

        con.set_progress_handler(progress, _PROGRESS_STEPS)
        # The deadline counts from each statement's start: reset it whenever one begins.
        con.set_trace_callback(lambda _sql: started.__setitem__(0, time.monotonic()))

    def _check_schema(self, con: sqlite3.Connection, layout: int) -> None:
        """Refuse a file that holds anything but the answers table of ``layout`` (views and
        triggers run code of the file's author in every query)."""
        objects = con.execute("SELECT type, name FROM sqlite_master").fetchall()
        extra = sorted({(t, n) for t, n in objects} - _EXPECTED_OBJECTS)
        if extra:
            listed = ", ".join(f"{t} {n!r}" for t, n in extra[:5])
            raise CacheUnavailable(f"geocoding cache {self.path} holds what osint never writes ({listed}); "
                                   "it is left as it is and not used (delete it to start a new cache)")
        if ("table", "answers") in objects:
            cols = [r[1] for r in con.execute("PRAGMA table_info(answers)").fetchall()]
            if cols != _COLUMNS[layout]:
                raise CacheUnavailable(f"geocoding cache {self.path} has an answers table of another "
                                       "layout; it is left as it is and not used")

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection; raises :class:`CacheUnavailable` when the cache cannot be used."""
        if self.unavailable is not None:
            raise CacheUnavailable(self.unavailable)
        try:
            try:
                con = self._open()
            except sqlite3.Error as exc:
                _stop_if_asked(exc)
                if not is_corruption(exc):
                    raise
                aside = self._set_aside()
                self._say(f"geocoding cache {self.path} was damaged ({exc}); moved it to {aside.name} "
                          "and started a new one")
                con = self._open()
        except CacheUnavailable as exc:
            self.unavailable = str(exc)
            raise
        except (sqlite3.Error, OSError) as exc:
            self.unavailable = (f"geocoding cache {self.path} cannot be used ({exc}); it is left as it is "
                                "and this run goes on without it")
            raise CacheUnavailable(self.unavailable) from exc
        try:
            yield con
        except sqlite3.Error as exc:
            con.close()
            _stop_if_asked(exc)
            if is_corruption(exc):
                aside = self._set_aside()
                self.unavailable = (f"geocoding cache {self.path} was damaged ({exc}); moved it to "
                                    f"{aside.name}; the next run starts a new one")
            else:
                self.unavailable = (f"geocoding cache {self.path} cannot be used ({exc}); it is left as it "
                                    "is and this run goes on without it")
            raise CacheUnavailable(self.unavailable) from exc
        finally:
            con.close()

    def _set_aside(self) -> Path:
        stamp = time.strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        try:
            self.path.replace(aside)
        except OSError as exc:
            raise CacheUnavailable(f"geocoding cache {self.path} is damaged and cannot be moved aside "
                                   f"({exc.strerror or exc}); this run goes on without it") from exc
        # The journal files belong to the broken database, not to the new one.
        for suffix in ("-wal", "-shm", "-journal"):
            side = self.path.with_name(self.path.name + suffix)
            with contextlib.suppress(OSError):
                side.replace(aside.with_name(aside.name + suffix))
        return aside

    # --------------------------------------------------------------------- access

    def get(self, key: Key) -> CachedAnswer | None:
        """Return the answer stored under ``key``, or None (also when the cache cannot be used,
        and for a stored answer that is not JSON: it is asked again)."""
        try:
            with self._connect() as con:
                row = con.execute(
                    "SELECT endpoint, answer, fetched_at FROM answers "
                    "WHERE kind=? AND provider=? AND query=? AND bias=?",
                    (key.kind, key.provider, key.query, key.bias),
                ).fetchone()
        except CacheUnavailable as exc:
            self._once(str(exc))
            return None
        if row is None:
            return None
        try:
            answer = parse_json(row[1])
        except ValueError:
            return None  # a damaged row is as good as a missing one: ask again
        return CachedAnswer(key, row[0], answer, row[2])

    def _once(self, msg: str) -> None:
        if not self._told:
            self._told = True
            self._say(msg)

    def put(self, key: Key, answer: Any, *, endpoint: str, fetched_at: str | None = None) -> CachedAnswer:
        """Store an answer (replacing an older one under the same key) and return it.

        When the cache cannot be used the answer is returned unstored, with one warning per run.
        """
        when = fetched_at or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        data = json.dumps(answer, ensure_ascii=False, sort_keys=True)
        try:
            with self._connect() as con:
                con.execute(
                    "INSERT OR REPLACE INTO answers (kind, provider, query, bias, endpoint, answer, "
                    "fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (key.kind, key.provider, key.query, key.bias, endpoint, data, when),
                )
        except CacheUnavailable as exc:
            self._once(str(exc))
        return CachedAnswer(key, endpoint, answer, when)

    def delete(self, key: Key) -> None:
        """Forget the answer stored under ``key`` (one its check no longer accepts)."""
        try:
            with self._connect() as con:
                con.execute("DELETE FROM answers WHERE kind=? AND provider=? AND query=? AND bias=?",
                            (key.kind, key.provider, key.query, key.bias))
        except CacheUnavailable as exc:
            self._once(str(exc))

    def answers(self, *, kind: str | None = None, provider: str | None = None) -> list[CachedAnswer]:
        """Every stored answer (of one kind, one provider or service), to look at what a run kept.

        Raises
        ------
        CacheUnavailable
            When the file exists but cannot be read.
        """
        if not self.path.exists():
            return []
        where = " AND ".join(f"{col}=?" for col, v in (("kind", kind), ("provider", provider)) if v)
        args = tuple(v for v in (kind, provider) if v)
        with self._connect() as con:
            rows = con.execute("SELECT kind, provider, query, bias, endpoint, answer, fetched_at FROM answers"
                               + (f" WHERE {where}" if where else "") + " ORDER BY kind, provider, query",
                               args).fetchall()
        out = []
        for k, p, q, b, endpoint, answer, fetched_at in rows:
            with contextlib.suppress(ValueError):  # a damaged row is left out, as get() leaves it
                out.append(CachedAnswer(Key(k, p, q, b), endpoint, parse_json(answer), fetched_at))
        return out

    def info(self) -> CacheInfo:
        """Return the path, size and number of answers per provider and service (without creating
        the file).

        Raises
        ------
        CacheUnavailable
            When the file exists but cannot be read.
        """
        if not self.path.exists():
            return CacheInfo(self.path, False, 0)
        with self._connect() as con:
            rows = con.execute(
                "SELECT kind, provider, count(*) FROM answers GROUP BY kind, provider ORDER BY provider"
            ).fetchall()
        size = sum(
            p.stat().st_size
            for p in (self.path, self.path.with_name(self.path.name + "-wal"))
            if p.exists()
        )
        return CacheInfo(self.path, True, size, {p: n for k, p, n in rows if k == GEOCODER},
                         {p: n for k, p, n in rows if k == SERVICE})

    def clear(self, *, kind: str | None = None, provider: str | None = None) -> dict[str, int]:
        """Delete stored answers (of one kind, one provider, or all); return how many of each kind.

        Raises
        ------
        CacheUnavailable
            When the file exists but cannot be changed.
        """
        deleted = dict.fromkeys(KINDS, 0)
        if not self.path.exists():
            return deleted
        with self._connect() as con:
            for k in (kind,) if kind else KINDS:
                if provider:
                    sql, args = "DELETE FROM answers WHERE kind=? AND provider=?", (k, provider)
                else:
                    sql, args = "DELETE FROM answers WHERE kind=?", (k,)
                deleted[k] = con.execute(sql, args).rowcount
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if not kind and not provider:
            with self._connect() as con:
                con.execute("VACUUM")
        return deleted


# ------------------------------------------------------------------ the former JSON answers

#: Where the imagery cross-reference kept its answers before they moved into the cache.
LEGACY_FOLDER = "crossref"


def legacy_root() -> Path:
    """``<cache dir>/crossref``: the folder of the former JSON answers."""
    return cache_dir() / LEGACY_FOLDER


def legacy_file(key: Key) -> Path:
    """Where the former cache kept the answer of a service's request."""
    return legacy_root() / key.provider / (hashlib.sha256(key.query.encode()).hexdigest()[:24] + ".json")


def take_legacy_answer(key: Key, *, limit: int) -> tuple[Any, str] | None:
    """The former JSON answer to a service's request, as (data, fetched_at), removing its file.

    The file is read like any input (a FIFO or a device planted there is refused at once, never
    waited on; at most ``limit`` bytes); a file that cannot be read, or is not a record, is
    removed too and None returned. The caller checks the data again before storing it.
    """
    path = legacy_file(key)
    if not os.path.lexists(path):
        return None
    try:
        rec = parse_json(read_limited(path, limit=limit, what="cached answer"))
        if not isinstance(rec, dict) or "data" not in rec:
            raise ValueError("not a cache record")
        found = rec["data"], str(rec.get("fetched_at", "?"))
    except (OSError, ValueError, InputError):
        found = None
    with contextlib.suppress(OSError):
        path.unlink()
    return found


def legacy_counts() -> dict[str, int]:
    """How many former JSON answers each service still has (not yet moved into the cache)."""
    root = legacy_root()
    counts: dict[str, int] = {}
    if root.is_dir():
        for d in sorted(root.iterdir()):
            if d.is_dir():
                n = sum(1 for _ in d.glob("*.json"))
                if n:
                    counts[d.name] = n
    return counts


def clear_legacy() -> int:
    """Delete every former JSON answer; return how many."""
    n = 0
    root = legacy_root()
    if root.is_dir():
        for f in root.glob("*/*.json"):
            with contextlib.suppress(OSError):
                f.unlink()
                n += 1
    return n


def _stop_if_asked(exc: sqlite3.Error) -> None:
    """An SQLite statement stopped by a SIGTERM: end the run as the signal asked."""
    from ..io import Terminated, termination_requested

    code = termination_requested()
    if code is not None:
        raise Terminated(code) from exc


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    msg = str(exc).lower()
    return "locked" in msg or "busy" in msg
