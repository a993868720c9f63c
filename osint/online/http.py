"""The one way this package talks to the network: bounded requests and a cache of answers.

Every request, whoever makes it (the imagery cross-reference's clients here, the
geocoders through :class:`GeopyAdapter`), goes through :func:`request`, which

- has a **total deadline**: connecting, the headers and the whole body must
  arrive within ``timeout`` seconds (a server that sends a byte every two
  seconds cannot hold a request open longer than that);
- has a **size cap** (``max_bytes``), checked against ``Content-Length`` and
  counted while reading;
- follows a **redirect only to the same host** (scheme, host and port): one
  to another host is refused with a clear error, never followed silently;
- retries a **bounded** number of times after a timeout, a connection error,
  a 429 or a 5xx answer, honouring ``Retry-After`` up to a limit;
- stops asking a service that keeps failing: after :data:`BREAKER_FAILURES`
  failed attempts in a row of one service, the **circuit opens** and every further
  request to it fails at once, with one message, for :data:`BREAKER_COOL_S`
  seconds (a run against a stalling service ends in about a minute, not many).

Answers are JSON decoded strictly (:func:`osint.io.parse_json`: bounded depth,
no NaN) and, in :func:`fetch_json`, cached under ``<cache dir>/crossref/<service>/``
only after the caller's ``clean`` accepted them (keeping only their valid
results), so a malformed answer is never stored or replayed offline.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from .. import config
from ..errors import InputError, ServiceError
from ..io import parse_json, read_limited
from ..paths import cache_dir
from ..provenance import note_answer

#: Seconds a whole request (connect, headers, body) may take.
TIMEOUT = 20.0
#: Largest answer accepted, in bytes.
MAX_BYTES = 20 * 2**20
#: Retries after a timeout, a connection error, 429 or 5xx.
RETRIES = 2
#: A Retry-After longer than this ends the retries rather than stall the run.
MAX_RETRY_WAIT = 60.0
#: First wait between retries when the server names none; doubles each time.
BACKOFF = 1.0
#: Redirects followed (same host only).
MAX_REDIRECTS = 3
USER_AGENT = "osint-workbench/0.1 (+imagery cross-reference)"
#: Failed attempts in a row (timeouts, refused connections, 429, 5xx) after which a host is not
#: asked again ...
BREAKER_FAILURES = 4
#: ... for this many seconds (then one request is let through to see whether it is back).
BREAKER_COOL_S = 300.0


class NotAvailable(ServiceError):
    """The answer is not cached and the network is not allowed."""


class CircuitOpen(ServiceError):
    """The service failed too often in a row in this run: it is not asked again for a while."""


@dataclass
class _Breaker:
    failures: int = 0
    opened_at: float | None = None
    last: str = ""


_BREAKERS: dict[tuple[str, tuple[str, str, int | None]], _Breaker] = {}
_BREAKERS_LOCK = threading.Lock()


def reset_breakers() -> None:
    """Close every circuit (a new run in the same process, or a test)."""
    with _BREAKERS_LOCK:
        _BREAKERS.clear()


def _breaker_check(key: tuple[str, tuple[str, str, int | None]], who: str,
                   clock: Callable[[], float]) -> None:
    with _BREAKERS_LOCK:
        b = _BREAKERS.get(key)
        if b is None or b.opened_at is None:
            return
        if clock() - b.opened_at < BREAKER_COOL_S:
            raise CircuitOpen(f"{who} failed {b.failures} times in a row in this run (last: {b.last}); not "
                              f"asked again for {BREAKER_COOL_S:g} s (answers cached earlier are still used)")
        b.opened_at = None  # half open: this request decides


def _breaker_record(key: tuple[str, tuple[str, str, int | None]], ok: bool, clock: Callable[[], float],
                    why: object = "") -> None:
    with _BREAKERS_LOCK:
        b = _BREAKERS.setdefault(key, _Breaker())
        if ok:
            b.failures, b.opened_at = 0, None
            return
        b.failures += 1
        b.last = str(why)[:200]
        if b.failures >= BREAKER_FAILURES:
            b.opened_at = clock()


class HTTPStatusError(ServiceError):
    """The service answered with an error status."""

    def __init__(self, message: str, *, status: int, headers: Mapping[str, str], text: str = ""):
        super().__init__(message)
        self.status = status
        self.headers = dict(headers)
        self.text = text


class DeadlineExceeded(ServiceError, TimeoutError):
    """The whole request took longer than its deadline."""


class Unreachable(ServiceError, ConnectionError):
    """The service could not be reached, or the connection broke while it answered."""


@dataclass(frozen=True, slots=True)
class Response:
    """A complete answer: status, headers (lower-case names), body and the URL that gave it."""

    status: int
    headers: dict[str, str]
    body: bytes
    url: str

    def text(self) -> str:
        """The body decoded as UTF-8 (undecodable bytes replaced)."""
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as strictly parsed JSON.

        Raises
        ------
        ServiceError
            Not JSON, nested too deeply, or holding non-finite numbers.
        """
        try:
            return parse_json(self.body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ServiceError(f"{self.url} answered with something that is not JSON ({exc})") from exc


def _origin(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port of ``url``.

    Raises
    ------
    ValueError
        A malformed URL (a port out of range, an unclosed ``[``).
    """
    p = urlsplit(url)
    port = p.port or {"http": 80, "https": 443}.get(p.scheme)
    return p.scheme, (p.hostname or "").lower(), port


def same_origin(a: str, b: str) -> bool:
    """True when two URLs have the same scheme, host and port.

    Raises
    ------
    ValueError
        A malformed URL.
    """
    return _origin(a) == _origin(b)


def _retry_after(headers: Mapping[str, str]) -> float | None:
    raw = headers.get("retry-after", "").strip()
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


_TRACK = threading.local()


def _tracked_pools() -> dict[str, type]:
    """urllib3 connection pools whose connections record their socket on the calling thread.

    The exchange's own thread is blocked inside urllib3 while a server drips its headers;
    at the deadline the caller shuts that socket down (:func:`_abort`), which wakes it.
    """
    global _POOLS
    if _POOLS is None:
        import urllib3
        from urllib3.connection import HTTPConnection, HTTPSConnection

        def connect(base: type) -> Callable[[Any], None]:
            def _connect(self: Any) -> None:
                base.connect(self)
                sockets = getattr(_TRACK, "sockets", None)
                if sockets is not None:
                    sockets.append(self.sock)
            return _connect

        plain = type("TrackedHTTPConnection", (HTTPConnection,), {"connect": connect(HTTPConnection)})
        tls = type("TrackedHTTPSConnection", (HTTPSConnection,), {"connect": connect(HTTPSConnection)})
        _POOLS = {
            "http": type("TrackedHTTPPool", (urllib3.HTTPConnectionPool,), {"ConnectionCls": plain}),
            "https": type("TrackedHTTPSPool", (urllib3.HTTPSConnectionPool,), {"ConnectionCls": tls}),
        }
    return _POOLS


_POOLS: dict[str, type] | None = None


def _once(method: str, url: str, *, headers: Mapping[str, str], body: bytes | None, timeout: float,
          max_bytes: int, session_out: list, sockets: list) -> Response:
    """One HTTP exchange without redirects, reading at most ``max_bytes``."""
    import requests

    _TRACK.sockets = sockets
    session = requests.Session()
    session_out.append(session)
    for adapter in session.adapters.values():
        with contextlib.suppress(AttributeError):  # another requests may build its pools otherwise
            adapter.poolmanager.pool_classes_by_scheme = _tracked_pools()
    try:
        resp = session.request(method, url, headers=dict(headers), data=body, timeout=timeout,
                               allow_redirects=False, stream=True)
    except requests.RequestException as exc:
        session.close()
        raise Unreachable(f"{url} unreachable: {type(exc).__name__}") from exc
    except ValueError as exc:  # requests reads a redirect's Location early: "http://[::1/x", port 99999
        session.close()
        raise ServiceError(f"{url} answered with a malformed address or header ({exc}); "
                           "not followed") from None
    try:
        size = resp.headers.get("Content-Length", "")
        if size.isdigit() and int(size) > max_bytes:
            raise ServiceError(f"{url} answered {int(size):,} bytes, more than the {max_bytes:,} accepted")
        chunks, total = [], 0
        for chunk in resp.iter_content(chunk_size=65536):
            total += len(chunk)
            if total > max_bytes:
                raise ServiceError(f"{url} answered more than the {max_bytes:,} bytes accepted")
            chunks.append(chunk)
        return Response(resp.status_code, {k.lower(): v for k, v in resp.headers.items()}, b"".join(chunks),
                        url)
    except requests.RequestException as exc:
        raise Unreachable(f"{url} failed while answering: {type(exc).__name__}") from exc
    finally:
        resp.close()
        session.close()


def _abort(sockets: list, sessions: list) -> None:
    """End an abandoned exchange now: shut its sockets down (waking a thread blocked reading
    them) and close its session."""
    import socket

    for sock in list(sockets):
        with contextlib.suppress(OSError, AttributeError, ValueError):
            sock.shutdown(socket.SHUT_RDWR)
    for s in list(sessions):
        with contextlib.suppress(Exception):  # best effort on a connection being abandoned
            s.close()


def _exchange(method: str, url: str, *, headers: Mapping[str, str], body: bytes | None, timeout: float,
              max_bytes: int) -> Response:
    """One exchange under a total deadline.

    The exchange runs on a daemon thread of its own (so that one stuck in a read can
    never keep the process alive); when the deadline passes first, or the caller is
    interrupted, its socket is shut down (ending the exchange at once) and the caller
    gets :class:`DeadlineExceeded`.
    """
    sessions: list = []
    sockets: list = []
    box: dict[str, Any] = {}
    done = threading.Event()

    def work() -> None:
        try:
            box["response"] = _once(method, url, headers=headers, body=body, timeout=timeout,
                                    max_bytes=max_bytes, session_out=sessions, sockets=sockets)
        except BaseException as exc:  # handed to the caller below
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=work, name="osint-http", daemon=True).start()
    try:
        finished = done.wait(timeout)
    except BaseException:  # Ctrl-C, SIGTERM: the exchange ends with the run
        _abort(sockets, sessions)
        raise
    if not finished:
        _abort(sockets, sessions)
        raise DeadlineExceeded(f"{url} did not answer in full within {timeout:g} s") from None
    if "error" in box:
        raise box["error"]
    return box["response"]


def request(method: str, url: str, *, params: Mapping[str, Any] | None = None, json_body: Any = None,
            headers: Mapping[str, str] | None = None, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES,
            retries: int = RETRIES, service: str = "", sleep: Callable[[float], None] = time.sleep,
            ) -> Response:
    """Make a bounded HTTP request (see the module description) and return the whole answer.

    Parameters
    ----------
    method, url : str
        ``GET`` or ``POST`` and an http(s) URL.
    params : mapping, optional
        Query parameters added to the URL.
    json_body : any, optional
        Sent as a JSON body (POST).
    headers : mapping, optional
        Extra headers; a User-Agent naming this package is the default.
    timeout : float
        The total deadline of each attempt, in seconds.
    max_bytes : int
        The largest answer accepted.
    retries : int
        Further attempts after a timeout, a connection error, 429 or 5xx.
    service : str
        Named in error messages.
    sleep : callable
        Waits between retries (tests pass a fake clock's).

    Returns
    -------
    Response
        The answer, whatever its status (the caller decides what a 404 means),
        unless retries were used up on 429/5xx, which raise.

    Raises
    ------
    ServiceError
        Unreachable, too slow, too large, redirected to another host, or still
        failing after the retries (:class:`HTTPStatusError` for a status).
    """
    try:
        scheme = urlsplit(url).scheme
        _origin(url)
    except ValueError as exc:
        raise ServiceError(f"{service or 'request'}: not a valid URL: {url!r} ({exc})") from None
    if scheme not in ("http", "https"):
        raise ServiceError(f"{service or 'request'}: not an http(s) URL: {url!r}")
    full = f"{url}{'&' if '?' in url else '?'}{urlencode(params)}" if params else url
    hdrs = {"User-Agent": USER_AGENT, "Accept": "application/json, application/geo+json, */*"}
    hdrs.update(headers or {})
    body = None
    if json_body is not None:
        body = json.dumps(json_body).encode()
        hdrs["Content-Type"] = "application/json"
    who = service or urlsplit(url).netloc
    origin = _origin(full)
    last: Exception | None = None
    for attempt in range(retries + 1):
        target = full
        _breaker_check((who, origin), who, time.monotonic)
        try:
            for _ in range(MAX_REDIRECTS + 1):
                resp = _exchange(method, target, headers=hdrs, body=body, timeout=timeout,
                                 max_bytes=max_bytes)
                if resp.status not in (301, 302, 303, 307, 308):
                    break
                location = resp.headers.get("location", "")
                try:
                    nxt = urljoin(target, location)
                    there = _origin(nxt)
                except ValueError as exc:  # a port of 99999, an unclosed "[": hostile or broken
                    raise ServiceError(f"{who} redirected to a malformed address {location[:200]!r} "
                                       f"({exc}); not followed") from None
                if there != origin:
                    raise ServiceError(f"{who} redirected to another host ({urlsplit(nxt).netloc or nxt!r}); "
                                       "not followed. Point the service's URL setting at that host if it "
                                       "is the right one")
                target = nxt
            else:
                raise ServiceError(f"{who}: more than {MAX_REDIRECTS} redirects")
        except (DeadlineExceeded, Unreachable) as exc:
            last, wait = exc, None
            _breaker_record((who, origin), False, time.monotonic, exc)
        else:
            if resp.status != 429 and resp.status < 500:
                _breaker_record((who, origin), True, time.monotonic)
                return resp
            last = HTTPStatusError(f"{who} answered HTTP {resp.status}", status=resp.status,
                                   headers=resp.headers, text=resp.text()[:500])
            wait = _retry_after(resp.headers)
            _breaker_record((who, origin), False, time.monotonic, f"HTTP {resp.status}")
        if attempt == retries:
            break
        wait = BACKOFF * 2 ** attempt if wait is None else wait
        if wait > MAX_RETRY_WAIT:
            raise ServiceError(f"{last}; asked to wait {wait:g} s, more than {MAX_RETRY_WAIT:g} s") from last
        sleep(wait)
    assert last is not None
    if isinstance(last, HTTPStatusError):
        raise HTTPStatusError(f"{last} (after {retries + 1} tries)", status=last.status,
                              headers=last.headers, text=last.text) from last
    raise type(last)(f"{last} (after {retries + 1} tries)") from last


# ------------------------------------------------------------------- geopy adapter


def geopy_adapter_factory(*, max_bytes: int = 2 * 2**20) -> Callable[..., Any]:
    """An ``adapter_factory`` for geopy geocoders that sends every request through :func:`request`.

    geopy keeps building URLs and reading answers; the deadline, size cap and
    redirect rule are this module's. Retries stay with the caller (which honours
    Retry-After through geopy's exceptions), so this adapter tries once.
    """
    from geopy.adapters import AdapterHTTPError, BaseSyncAdapter
    from geopy.exc import GeocoderParseError, GeocoderServiceError, GeocoderTimedOut, GeocoderUnavailable

    class GeopyAdapter(BaseSyncAdapter):
        is_available = True

        def get_text(self, url: str, *, timeout: float, headers: Mapping[str, str]) -> str:
            try:
                resp = request("GET", url, headers=headers, timeout=float(timeout or TIMEOUT),
                               max_bytes=max_bytes, retries=0)
            except DeadlineExceeded as exc:
                raise GeocoderTimedOut(str(exc)) from exc
            except HTTPStatusError as exc:
                raise AdapterHTTPError(str(exc), status_code=exc.status, headers=exc.headers,
                                       text=exc.text) from exc
            except Unreachable as exc:
                raise GeocoderUnavailable(str(exc)) from exc
            except ServiceError as exc:
                raise GeocoderServiceError(str(exc)) from exc
            if resp.status >= 400:
                raise AdapterHTTPError(f"HTTP {resp.status}", status_code=resp.status, headers=resp.headers,
                                       text=resp.text()[:500])
            return resp.text()

        def get_json(self, url: str, *, timeout: float, headers: Mapping[str, str]) -> Any:
            text = self.get_text(url, timeout=timeout, headers=headers)
            try:
                return parse_json(text)
            except ValueError as exc:
                raise GeocoderParseError(f"Could not parse the answer as JSON ({exc})") from exc

    def factory(*, proxies: Any, ssl_context: Any) -> Any:
        return GeopyAdapter(proxies=proxies, ssl_context=ssl_context)

    return factory


# --------------------------------------------------------------------------- cache


@dataclass(frozen=True, slots=True)
class Fetched:
    """A JSON answer and where it came from."""

    data: Any
    url: str
    cached: bool
    fetched_at: str

    @property
    def provenance(self) -> str:
        """One line: URL, and whether it came from the cache."""
        how = f"cache, fetched {self.fetched_at}" if self.cached else f"fetched {self.fetched_at}"
        return f"{self.url} ({how})"


def base_url(setting: str) -> str:
    """A service's base URL from its setting (:mod:`osint.config`), without a trailing slash.

    Raises
    ------
    ServiceError
        When the setting is not an http(s) URL.
    """
    url = config.get(setting).rstrip("/")
    try:
        p = urlsplit(url)
        _ = p.port
    except ValueError as exc:
        raise ServiceError(f"{setting}={url!r} is not a valid URL ({exc})") from exc
    if p.scheme not in ("http", "https") or not p.hostname:
        raise ServiceError(f"{setting}={url!r} is not an http(s) URL")
    return url


def cache_root() -> Path:
    """``<cache dir>/crossref``."""
    return cache_dir() / "crossref"


def _cache_file(service: str, key: str) -> Path:
    return cache_root() / service / (hashlib.sha256(key.encode()).hexdigest()[:24] + ".json")


def _full_url(url: str, params: dict[str, Any] | None) -> str:
    if not params:
        return url
    return f"{url}?{urlencode(params)}"


#: Checks an answer before it is used or stored and returns what is usable of it
#: (the valid results of a list); raises ServiceError (or ValueError, KeyError,
#: TypeError) when nothing in it is in the documented format.
Cleaner = Callable[[Any], Any]


def _clean(data: Any, clean: Cleaner | None, service: str, url: str) -> Any:
    if clean is None:
        return data
    try:
        return clean(data)
    except ServiceError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise ServiceError(f"{service} answer from {url} is not in the documented format "
                           f"({type(exc).__name__}: {exc})") from exc


def fetch_json(service: str, url: str, params: dict[str, Any] | None = None, *, online: bool,
               body: dict | None = None, timeout: float = TIMEOUT, refresh: bool = False,
               clean: Cleaner | None = None, max_bytes: int = MAX_BYTES) -> Fetched:
    """GET (or POST ``body``) ``url`` and return its JSON, through the cache.

    Parameters
    ----------
    service : str
        Cache folder name ("open-meteo", "stac", "celestrak").
    url : str
    params : dict, optional
        Query parameters.
    online : bool
        Whether the network may be used; offline, only the cache answers.
    body : dict, optional
        JSON body for a POST.
    timeout : float
        Total deadline per attempt.
    refresh : bool
        Fetch again even when cached (online only).
    clean : callable, optional
        Checks the decoded answer and returns its usable part (bad results of a
        list left out); an answer it rejects is neither returned nor cached, and
        a cached one it rejects is dropped. Only the cleaned answer is stored.
    max_bytes : int
        The largest answer accepted.

    Raises
    ------
    NotAvailable
        Offline and not cached.
    ServiceError
        The service is unreachable, answers with an error status, not JSON, or
        not in the format ``clean`` expects.
    """
    full = _full_url(url, params)
    key = json.dumps({"url": full, "body": body}, sort_keys=True)
    path = _cache_file(service, key)
    if os.path.lexists(path) and not (refresh and online):
        try:
            # Through read_limited: a FIFO or a device planted in the cache folder is
            # refused at once (never waited on), and an entry is no larger than an answer.
            rec = parse_json(read_limited(path, limit=2 * max_bytes, what="cached answer"))
            if not isinstance(rec, dict) or "data" not in rec:
                raise ValueError("not a cache record")
            data = _clean(rec["data"], clean, service, full)
            note_answer(service, full, str(rec.get("fetched_at", "?")), True)
            return Fetched(data, full, True, str(rec.get("fetched_at", "?")))
        except (OSError, ValueError, ServiceError, InputError):
            # An unreadable or malformed entry is dropped, and fetched again when allowed.
            with contextlib.suppress(OSError):
                path.unlink()
    if not online:
        raise NotAvailable(f"offline, and {service} has no cached answer for this query "
                           f"(run with --online / online=True to fetch it)")
    resp = request("POST" if body is not None else "GET", full, json_body=body, timeout=timeout,
                   max_bytes=max_bytes, service=service)
    if resp.status >= 400:
        raise ServiceError(f"{service} answered HTTP {resp.status} for {full}")
    data = _clean(resp.json(), clean, service, full)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    _write(path, {"url": full, "body": body, "fetched_at": now, "data": data})
    note_answer(service, full, now, False)
    return Fetched(data, full, False, now)


def _write(path: Path, rec: dict) -> None:
    from ..io import atomic_output

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_output(path, private=True, replace_special=True) as fh:
            json.dump(rec, fh, ensure_ascii=False)
    except (OSError, InputError):
        pass  # a read-only or full cache costs a refetch next time, nothing more


def count_answers() -> tuple[Path, dict[str, int]]:
    """The cache folder and how many answers each service has in it."""
    root = cache_root()
    counts: dict[str, int] = {}
    if root.is_dir():
        for d in sorted(root.iterdir()):
            if d.is_dir():
                counts[d.name] = sum(1 for f in d.glob("*.json"))
    return root, counts


def clear_answers() -> tuple[Path, int]:
    """Delete every cached answer of the imagery cross-reference's services; return (folder, count)."""
    root = cache_root()
    n = 0
    if root.is_dir():
        for f in root.glob("*/*.json"):
            try:
                f.unlink()
                n += 1
            except OSError:
                pass
    return root, n
