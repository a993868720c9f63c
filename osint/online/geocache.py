"""A persistent cache of online geocoders' answers (SQLite).

Geocoders are slow, rate-limited and sometimes unreachable; their answers
change rarely. Every answer (including "nothing found") is kept, keyed by the
provider, the normalised query and the bias it was asked with, together with
the raw response and the time it was fetched, so that a notebook that once ran
online re-runs offline with the same places.

Two runs may share one cache file: the database is in WAL mode with a busy
timeout, and writes are single ``INSERT OR REPLACE`` statements. The file is
untrusted (a shared or planted cache folder): only a regular file is opened (a
symbolic link to another program's database is left alone, never converted),
its schema is checked before any query (the one ``answers`` table with its
columns; views and triggers are refused), and every statement runs under a
deadline and stops on SIGTERM. A damaged file
(SQLite says it is not a database, or malformed) is renamed aside
(``*.corrupt-<time>``) and a new cache is built, with a warning. A cache that
cannot be used for any other reason (a full disk, no permission, a newer
schema) is left untouched: the run warns once and goes on without it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
import time
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import CacheWarning, ConfigurationError
from ..escape import terminal
from ..io import parse_json
from ..paths import cache_dir

#: File name of the cache inside the cache folder.
CACHE_FILE = "geocoding.sqlite"


#: Bump when the table layout changes; older tables are dropped.
SCHEMA_VERSION = 1


#: Seconds a writer waits for another run holding the database.
BUSY_TIMEOUT_S = 30.0
#: Seconds one statement may run (a cache lookup takes milliseconds).
STATEMENT_DEADLINE_S = 20.0
#: SQLite virtual-machine steps between two looks at the deadline and at signals.
_PROGRESS_STEPS = 10_000
#: What the file may hold: the answers table and the index of its primary key.
_EXPECTED_OBJECTS = {("table", "answers"), ("index", "sqlite_autoindex_answers_1")}
_COLUMNS = ["provider", "query", "bias", "endpoint", "answer", "fetched_at"]


_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    provider   TEXT NOT NULL,
    query      TEXT NOT NULL,
    bias       TEXT NOT NULL,
    endpoint   TEXT NOT NULL,
    answer     TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (provider, query, bias)
)
"""


def normalise_query(query: str) -> str:
    """Return the cache form of a query: NFKC, case-folded, single spaces.

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
class CachedAnswer:
    """One stored answer.

    Attributes
    ----------
    provider, query, bias : str
        The key: provider name, normalised query, bias key.
    endpoint : str
        The URL of the service that answered.
    answer : Any
        The raw decoded response (a list of the provider's result objects;
        empty when the service found nothing).
    fetched_at : str
        When it was fetched, ISO 8601 in UTC.
    """

    provider: str
    query: str
    bias: str
    endpoint: str
    answer: Any
    fetched_at: str


@dataclass(frozen=True, slots=True)
class CacheInfo:
    """What ``osint cache info`` reports."""

    path: Path
    exists: bool
    size_bytes: int
    entries: dict[str, int]


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


class GeoCache:
    """The SQLite cache of geocoder answers.

    A damaged file is set aside (``*.corrupt-<time>``) and a new cache started.
    Anything else that stops the cache from working (a full disk, a file or
    folder without permission, a cache written by a newer version of osint) is
    reported once and the run goes on without the cache; the file is never
    touched, so no healthy answer is lost.

    Parameters
    ----------
    path : str or Path, optional
        The database file; defaults to :func:`default_cache_path`.
    warn : callable, optional
        Receives the message when the cache is set aside or unusable; defaults to
        :func:`warnings.warn` with :class:`CacheWarning`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> c = GeoCache(pathlib.Path(tempfile.mkdtemp()) / "g.sqlite")
    >>> _ = c.put("nominatim", "Kujang County", "", "https://example.org", [])
    >>> c.get("nominatim", "kujang  county", "").answer
    []
    """

    def __init__(self, path: str | Path | None = None, *, warn: Callable[[str], None] | None = None):
        self.path = Path(path) if path is not None else default_cache_path()
        self.warn = warn
        #: Why the cache is not used in this run (None while it works).
        self.unavailable: str | None = None

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
            self._check_schema(con, dropping=0 < version < SCHEMA_VERSION)
            if con.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                con.execute("PRAGMA journal_mode = WAL")  # once set, the file keeps it
            if 0 < version < SCHEMA_VERSION:
                con.execute("DROP TABLE IF EXISTS answers")  # an older layout: its answers are refetched
            con.execute(_SCHEMA)
            if version != SCHEMA_VERSION:
                con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            # A cheap read of the table catches files whose header looks valid.
            con.execute("SELECT count(*) FROM answers").fetchone()
        except BaseException:
            con.close()
            raise
        return con

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

    @staticmethod
    def _guard(con: sqlite3.Connection) -> None:
        """Bound every statement: stop it at the deadline or when the process is asked to stop."""
        from ..io import termination_requested

        started = [time.monotonic()]

        def progress() -> int:
            return int(termination_requested() is not None
                       or time.monotonic() - started[0] > STATEMENT_DEADLINE_S)

        con.set_progress_handler(progress, _PROGRESS_STEPS)
        # The deadline counts from each statement's start: reset it whenever one begins.
        con.set_trace_callback(lambda _sql: started.__setitem__(0, time.monotonic()))

    def _check_schema(self, con: sqlite3.Connection, *, dropping: bool) -> None:
        """Refuse a file that holds anything but the answers table (views and triggers run code
        of the file's author in every query)."""
        objects = con.execute("SELECT type, name FROM sqlite_master").fetchall()
        extra = sorted({(t, n) for t, n in objects} - _EXPECTED_OBJECTS)
        if extra and not dropping:
            listed = ", ".join(f"{t} {n!r}" for t, n in extra[:5])
            raise CacheUnavailable(f"geocoding cache {self.path} holds what osint never writes ({listed}); "
                                   "it is left as it is and not used (delete it to start a new cache)")
        if ("table", "answers") in objects and not dropping:
            cols = [r[1] for r in con.execute("PRAGMA table_info(answers)").fetchall()]
            if cols != _COLUMNS:
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

    def get(self, provider: str, query: str, bias: str) -> CachedAnswer | None:
        """Return the stored answer for a key, or None (also when the cache cannot be used).

        Parameters
        ----------
        provider : str
            Provider name (``nominatim``, ``photon``, ...).
        query : str
            The query as asked; it is normalised here.
        bias : str
            The bias key (see :meth:`osint.geocoders.Bias.key`).
        """
        q = normalise_query(query)
        try:
            with self._connect() as con:
                row = con.execute(
                    "SELECT endpoint, answer, fetched_at FROM answers "
                    "WHERE provider=? AND query=? AND bias=?",
                    (provider, q, bias),
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
        return CachedAnswer(provider, q, bias, row[0], answer, row[2])

    def _once(self, msg: str) -> None:
        if not getattr(self, "_told", False):
            self._told = True
            self._say(msg)

    def put(self, provider: str, query: str, bias: str, endpoint: str, answer: Any,
            fetched_at: str | None = None) -> CachedAnswer:
        """Store an answer (replacing an older one for the same key) and return it.

        When the cache cannot be used the answer is returned unstored, with one warning per run.
        """
        q = normalise_query(query)
        when = fetched_at or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        data = json.dumps(answer, ensure_ascii=False, sort_keys=True)
        try:
            with self._connect() as con:
                con.execute(
                    "INSERT OR REPLACE INTO answers (provider, query, bias, endpoint, answer, fetched_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (provider, q, bias, endpoint, data, when),
                )
        except CacheUnavailable as exc:
            self._once(str(exc))
        return CachedAnswer(provider, q, bias, endpoint, answer, when)

    def info(self) -> CacheInfo:
        """Return the path, size and number of answers per provider (without creating the file).

        Raises
        ------
        CacheUnavailable
            When the file exists but cannot be read.
        """
        if not self.path.exists():
            return CacheInfo(self.path, False, 0, {})
        with self._connect() as con:
            rows = con.execute(
                "SELECT provider, count(*) FROM answers GROUP BY provider ORDER BY provider"
            ).fetchall()
        size = sum(
            p.stat().st_size
            for p in (self.path, self.path.with_name(self.path.name + "-wal"))
            if p.exists()
        )
        return CacheInfo(self.path, True, size, {p: n for p, n in rows})

    def clear(self, provider: str | None = None) -> int:
        """Delete the stored answers (of one provider, or all); return how many were deleted.

        Raises
        ------
        CacheUnavailable
            When the file exists but cannot be changed.
        """
        if not self.path.exists():
            return 0
        with self._connect() as con:
            if provider:
                n = con.execute("DELETE FROM answers WHERE provider=?", (provider,)).rowcount
            else:
                n = con.execute("DELETE FROM answers").rowcount
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if not provider:
            with self._connect() as con:
                con.execute("VACUUM")
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
