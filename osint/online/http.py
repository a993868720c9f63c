"""The one way this package talks to the network: a :class:`Session`.

Every request, whoever makes it (the imagery cross-reference's services, the GeoNames dumps, the
geocoders through geopy's adapter seam), goes through one session, which holds

- the **transport** (:mod:`osint.online.transport`): urllib3 by default, with a total deadline
  per exchange (connecting, the headers and the whole body within ``timeout`` seconds, enforced
  by one watchdog thread for the process, not a thread per request) and a size cap counted while
  reading; :class:`MockTransport` in tests;
- the **clock** (``monotonic`` and ``sleep``): every wait (retries, the rate limit) and every
  circuit's cooling time is read from it, so tests run them on a fake clock;
- the **retry policy**, urllib3's :class:`~urllib3.util.Retry`: a bounded number of retries after
  a timeout, a connection error or a 429/500/502/503/504 answer, waiting what ``Retry-After``
  asks (never more than :data:`MAX_RETRY_WAIT`: a longer wait ends the request with a clear
  error), else 1 s, 2 s, 4 s ...;
- the **redirect rule**: followed only to the same scheme, host and port, at most
  :data:`MAX_REDIRECTS`; one to another host is refused with a clear error;
- a **circuit breaker** per service: after :data:`BREAKER_FAILURES` failed attempts in a row,
  every further request to it fails at once, with one message, for :data:`BREAKER_COOL_S`
  seconds (a run against a stalling service ends in about a minute, not many);
- a **rate limit** per service for those that ask one (Nominatim: one request a second);
- the **answer cache** (:class:`osint.online.cache.AnswerCache`): :meth:`Session.fetch_json`
  stores only what the caller's ``clean`` accepted, so a malformed answer is never stored or
  replayed offline.

A module-level default session serves :func:`request`, :func:`fetch_json` and the geocoders;
:func:`use_session` installs another for a block (a test's, with a mock transport and a fake
clock).

>>> from osint.online.http import MockTransport, Response, Session
>>> s = Session(transport=MockTransport(lambda req: Response.make(req, json=[1, 2])), cache=False)
>>> s.request("GET", "https://example.org/x").json()
[1, 2]
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlencode, urljoin, urlsplit

from urllib3.util import Retry

from .. import config
from ..errors import ServiceError
from ..provenance import note_answer
from .cache import AnswerCache, Key, default_cache_path, request_key, take_legacy_answer
from .transport import (
    DeadlineExceeded,
    MockTransport,
    Request,
    Response,
    TooLarge,
    Transport,
    Unreachable,
    UrllibTransport,
)

#: Seconds a whole request (connect, headers, body) may take.
TIMEOUT = 20.0
#: Largest answer accepted, in bytes.
MAX_BYTES = 20 * 2**20
#: Retries after a timeout, a connection error, 429 or 500/502/503/504.
RETRIES = 2
#: A Retry-After longer than this ends the retries rather than stall the run.
MAX_RETRY_WAIT = 60.0
#: First wait between retries when the server names none; doubles each time.
BACKOFF = 1.0
#: Answers retried (when the method allows it).
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Redirects followed (same host only).
MAX_REDIRECTS = 3
USER_AGENT = "osint-workbench/0.1 (+imagery cross-reference)"
#: Failed attempts in a row (timeouts, refused connections, retried statuses) after which a
#: service is not asked again ...
BREAKER_FAILURES = 4
#: ... for this many seconds (then one request is let through to see whether it is back).
BREAKER_COOL_S = 300.0

_REDIRECTS = (301, 302, 303, 307, 308)

__all__ = [
    "BACKOFF", "BREAKER_COOL_S", "BREAKER_FAILURES", "MAX_BYTES", "MAX_REDIRECTS", "MAX_RETRY_WAIT",
    "RETRIES", "TIMEOUT", "CircuitOpen", "Clock", "DeadlineExceeded", "Fetched", "HTTPStatusError",
    "MockTransport", "NotAvailable", "Request", "Response", "RetryPolicy", "Session", "SystemClock",
    "TooLarge", "Transport", "Unreachable", "UrllibTransport", "base_url", "default_retry",
    "default_session", "fetch_json", "request", "reset_breakers", "same_origin", "set_default_session",
    "use_session",
]


class NotAvailable(ServiceError):
    """The answer is not cached and the network is not allowed."""


class CircuitOpen(ServiceError):
    """The service failed too often in a row in this run: it is not asked again for a while."""


class HTTPStatusError(ServiceError):
    """The service answered with an error status (after the retries, for a retried one)."""

    def __init__(self, message: str, *, status: int, headers: Mapping[str, str], text: str = ""):
        super().__init__(message)
        self.status = status
        self.headers = dict(headers)
        self.text = text


# ------------------------------------------------------------------------------ clock


class Clock(Protocol):
    """What the session waits with: monotonic seconds, and a sleep."""

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock (:func:`time.monotonic`, :func:`time.sleep`)."""

    @staticmethod
    def monotonic() -> float:
        """Seconds from an arbitrary start, never going back."""
        return time.monotonic()

    @staticmethod
    def sleep(seconds: float) -> None:
        """Wait."""
        time.sleep(seconds)


# ------------------------------------------------------------------------------ retries


class RetryPolicy(Retry):
    """urllib3's :class:`~urllib3.util.Retry`, with this package's back-off schedule.

    urllib3 retries at once the first time and then waits ``factor * 2**(n-1)``; a service that
    just failed (a 503 without Retry-After, a timeout) is given ``backoff_factor`` seconds first
    here, then twice that, and so on (1 s, 2 s, 4 s with the default factor).
    """

    def get_backoff_time(self) -> float:
        """Seconds to wait before the next retry when the server named none."""
        n = len(self.history)
        if n == 0 or not self.backoff_factor:
            return 0.0
        return float(min(self.backoff_max, self.backoff_factor * 2 ** (n - 1)))


def default_retry(retries: int = RETRIES) -> RetryPolicy:
    """The policy every service gets: ``retries`` retries after a timeout, a connection error or a
    429/5xx answer, for GET and POST alike (the POSTs sent here are searches, which change nothing)."""
    return RetryPolicy(total=retries, allowed_methods=frozenset({"GET", "HEAD", "POST"}),
                       status_forcelist=RETRY_STATUSES, backoff_factor=BACKOFF,
                       respect_retry_after_header=True)


# ------------------------------------------------------------------------------ breaker


@dataclass
class _Breaker:
    failures: int = 0
    opened_at: float | None = None
    last: str = ""


_Origin = tuple[str, str, int | None]


def _origin(url: str) -> _Origin:
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


# ------------------------------------------------------------------------------ answers


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


def _full_url(url: str, params: Mapping[str, Any] | None) -> str:
    if not params:
        return url
    return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


# ------------------------------------------------------------------------------ session


class Session:
    """Everything a request needs, in one object (see the module description).

    Parameters
    ----------
    transport : Transport, optional
        Makes each exchange; defaults to :class:`UrllibTransport`.
    clock : Clock, optional
        Waits and times; defaults to :class:`SystemClock`.
    retry : RetryPolicy, optional
        The retry policy; ``total`` is the default number of retries (a request may ask another).
    cache : AnswerCache or False, optional
        Where :meth:`fetch_json` keeps answers; by default the cache file of the cache folder
        current at each call (``OSINT_CACHE_DIR``); False keeps nothing.
    user_agent : str
        Sent unless the caller names another.
    breaker_failures, breaker_cool_s : int, float
        The circuit breaker's threshold and cooling time.
    """

    def __init__(self, *, transport: Transport | None = None, clock: Clock | None = None,
                 retry: RetryPolicy | None = None, cache: AnswerCache | bool | None = None,
                 user_agent: str = USER_AGENT, breaker_failures: int = BREAKER_FAILURES,
                 breaker_cool_s: float = BREAKER_COOL_S):
        self.transport: Transport = transport or UrllibTransport()
        self.clock: Clock = clock or SystemClock()
        self.retry = retry or default_retry()
        self.user_agent = user_agent
        self.breaker_failures = breaker_failures
        self.breaker_cool_s = breaker_cool_s
        self._cache = cache
        self._caches: dict[Path, AnswerCache] = {}
        self._lock = threading.Lock()
        self._breakers: dict[tuple[str, _Origin], _Breaker] = {}
        self._spacing: dict[tuple[str, _Origin], tuple[threading.Lock, list[float]]] = {}

    # ----------------------------------------------------------------- the cache

    @property
    def cache(self) -> AnswerCache | None:
        """The answer cache (None when this session keeps nothing)."""
        if self._cache is False:
            return None
        if isinstance(self._cache, AnswerCache):
            return self._cache
        path = default_cache_path()
        with self._lock:
            # One object per file, so that an unusable cache is reported once per run.
            found = self._caches.get(path)
            if found is None:
                found = self._caches[path] = AnswerCache(path)
        return found

    # ----------------------------------------------------------------- breaker

    def reset_breakers(self) -> None:
        """Close every circuit (a new run in the same process, or a test)."""
        with self._lock:
            self._breakers.clear()

    def _breaker_check(self, key: tuple[str, _Origin], who: str) -> None:
        with self._lock:
            b = self._breakers.get(key)
            if b is None or b.opened_at is None:
                return
            if self.clock.monotonic() - b.opened_at < self.breaker_cool_s:
                raise CircuitOpen(f"{who} failed {b.failures} times in a row in this run (last: {b.last}); "
                                  f"not asked again for {self.breaker_cool_s:g} s (answers cached earlier "
                                  "are still used)")
            b.opened_at = None  # half open: this request decides

    def _breaker_record(self, key: tuple[str, _Origin], failure: object | None) -> None:
        with self._lock:
            b = self._breakers.setdefault(key, _Breaker())
            if failure is None:
                b.failures, b.opened_at = 0, None
                return
            b.failures += 1
            b.last = str(failure)[:200]
            if b.failures >= self.breaker_failures:
                b.opened_at = self.clock.monotonic()

    # ----------------------------------------------------------------- rate limit

    def _space(self, key: tuple[str, _Origin], min_interval: float) -> None:
        """Wait until ``min_interval`` seconds have passed since the previous request to the same
        service (on the session's clock), and count this one as sent now. Callers from several
        threads wait their turn, one interval apart."""
        if min_interval <= 0:
            return
        with self._lock:
            lock, last = self._spacing.setdefault(key, (threading.Lock(), []))
        with lock:
            if last:
                wait = last[0] + min_interval - self.clock.monotonic()
                if wait > 0:
                    self.clock.sleep(wait)
            last[:] = [self.clock.monotonic()]

    # ----------------------------------------------------------------- requests

    def request(self, method: str, url: str, *, params: Mapping[str, Any] | None = None,
                json_body: Any = None, headers: Mapping[str, str] | None = None, timeout: float = TIMEOUT,
                max_bytes: int = MAX_BYTES, retries: int | None = None, service: str = "",
                min_interval: float = 0.0) -> Response:
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
            Extra headers; the session's User-Agent is the default.
        timeout : float
            The total deadline of each attempt (its redirects included), in seconds.
        max_bytes : int
            The largest answer accepted.
        retries : int, optional
            Retries after a timeout, a connection error or a retried status; the policy's by default.
        service : str
            Named in error messages, and the unit of the circuit breaker and the rate limit.
        min_interval : float
            Seconds between two requests to this service (Nominatim's policy: 1).

        Returns
        -------
        Response
            The answer, whatever its status (the caller decides what a 404 means), unless the
            retries were used up on a retried status, which raises :class:`HTTPStatusError`.

        Raises
        ------
        ServiceError
            Unreachable, too slow, too large, redirected to another host, still failing after the
            retries, or its circuit open (:class:`CircuitOpen`).
        """
        try:
            parts = urlsplit(url)
            origin = _origin(url)
        except ValueError as exc:
            raise ServiceError(f"{service or 'request'}: not a valid URL: {url!r} ({exc})") from None
        scheme, who = parts.scheme, service or parts.netloc
        if scheme not in ("http", "https"):
            raise ServiceError(f"{who or 'request'}: not an http(s) URL: {url!r}")
        hdrs = {"User-Agent": self.user_agent, "Accept": "application/json, application/geo+json, */*",
                "Accept-Encoding": "gzip, deflate"}
        hdrs.update(headers or {})
        body = None
        if json_body is not None:
            body = json.dumps(json_body).encode()
            hdrs["Content-Type"] = "application/json"
        first = Request(method.upper(), _full_url(url, params), hdrs, body, timeout, max_bytes)
        key = (who, origin)
        policy = self.retry.new(total=self.retry.total if retries is None else retries)
        while True:
            self._breaker_check(key, who)
            self._space(key, min_interval)
            try:
                resp = self._follow(first, origin, who)
            except (DeadlineExceeded, Unreachable) as exc:
                failure, resp = exc, None
                reason: Exception = exc
            else:
                if not policy.is_retry(first.method, resp.status):
                    self._breaker_record(key, None)
                    return resp
                failure = f"HTTP {resp.status}"
                reason = HTTPStatusError(f"{who} answered HTTP {resp.status}", status=resp.status,
                                         headers=resp.headers, text=resp.text()[:500])
            self._breaker_record(key, failure)
            policy, wait = self._next(policy, first, resp, reason)
            self.clock.sleep(wait)

    def _next(self, policy: RetryPolicy, req: Request, resp: Response | None,
              reason: Exception) -> tuple[RetryPolicy, float]:
        """The policy after one more failure, and how long to wait; raises when there is no retry
        left, or when the service asks for a wait longer than :data:`MAX_RETRY_WAIT`."""
        from urllib3.exceptions import InvalidHeader, MaxRetryError

        tries = len(policy.history) + 1
        view = _retry_view(resp) if resp is not None else None
        try:
            policy = policy.increment(req.method, req.url, response=view,
                                      error=reason if resp is None else None)
        except MaxRetryError:
            raise _after(reason, tries) from reason
        wait = None
        if view is not None and policy.respect_retry_after_header:
            with contextlib.suppress(InvalidHeader):
                wait = policy.get_retry_after(view)
        if wait is None:
            wait = policy.get_backoff_time()
        if wait > MAX_RETRY_WAIT:
            raise ServiceError(f"{reason}; asked to wait {wait:g} s, more than {MAX_RETRY_WAIT:g} s"
                               ) from reason
        return policy, wait

    def _follow(self, first: Request, origin: _Origin, who: str) -> Response:
        """One attempt: the exchange and its same-host redirects, all within ``first.timeout``."""
        deadline = time.monotonic() + first.timeout
        req = first
        for _ in range(MAX_REDIRECTS + 1):
            left = deadline - time.monotonic()
            if left <= 0:
                raise DeadlineExceeded(f"{first.url} did not answer in full within {first.timeout:g} s")
            try:
                resp = self.transport.send(Request(req.method, req.url, req.headers, req.body, left,
                                                   req.max_bytes))
            except DeadlineExceeded:
                raise DeadlineExceeded(f"{who} did not answer in full within {first.timeout:g} s") from None
            _check_size(resp, req.max_bytes)
            if resp.status not in _REDIRECTS:
                return resp
            location = resp.headers.get("location", "")
            try:
                nxt = urljoin(req.url, location)
                there = _origin(nxt)
            except ValueError as exc:  # a port of 99999, an unclosed "[": hostile or broken
                raise ServiceError(f"{who} redirected to a malformed address {location[:200]!r} "
                                   f"({exc}); not followed") from None
            if there != origin:
                raise ServiceError(f"{who} redirected to another host ({urlsplit(nxt).netloc or nxt!r}); "
                                   "not followed. Point the service's URL setting at that host if it "
                                   "is the right one")
            req = Request(req.method, nxt, req.headers, req.body, req.timeout, req.max_bytes)
        raise ServiceError(f"{who}: more than {MAX_REDIRECTS} redirects")

    # ----------------------------------------------------------------- JSON through the cache

    def fetch_json(self, service: str, url: str, params: Mapping[str, Any] | None = None, *, online: bool,
                   body: dict | None = None, timeout: float = TIMEOUT, refresh: bool = False,
                   clean: Cleaner | None = None, max_bytes: int = MAX_BYTES) -> Fetched:
        """GET (or POST ``body``) ``url`` and return its JSON, through the cache.

        Parameters
        ----------
        service : str
            The service's name in the cache ("open-meteo", "stac", "celestrak").
        url : str
        params : mapping, optional
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
        key = request_key(service, full, body)
        cache = self.cache
        if not (refresh and online):
            hit = self._cached(cache, key, clean, full, max_bytes)
            if hit is not None:
                return hit
        if not online:
            raise NotAvailable(f"offline, and {service} has no cached answer for this query "
                               f"(run with --online / online=True to fetch it)")
        resp = self.request("POST" if body is not None else "GET", full, json_body=body, timeout=timeout,
                            max_bytes=max_bytes, service=service)
        if resp.status >= 400:
            raise ServiceError(f"{service} answered HTTP {resp.status} for {full}")
        data = _clean(resp.json(), clean, service, full)
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        if cache is not None:
            cache.put(key, data, endpoint=full, fetched_at=now)
        note_answer(service, full, now, False)
        return Fetched(data, full, False, now)

    def _cached(self, cache: AnswerCache | None, key: Key, clean: Cleaner | None, full: str,
                max_bytes: int) -> Fetched | None:
        """The cached answer, checked again (one its check now rejects is dropped); a former JSON
        answer is moved into the cache on the way."""
        if cache is None:
            return None  # a session that keeps nothing reads nothing either
        hit = cache.get(key)
        if hit is not None:
            raw, fetched_at = hit.answer, hit.fetched_at
        else:
            legacy = take_legacy_answer(key, limit=2 * max_bytes)
            if legacy is None:
                return None
            raw, fetched_at = legacy
        try:
            data = _clean(raw, clean, key.provider, full)
        except ServiceError:
            if hit is not None:
                cache.delete(key)
            return None
        if hit is None:
            cache.put(key, data, endpoint=full, fetched_at=fetched_at)
        note_answer(key.provider, full, fetched_at, True)
        return Fetched(data, full, True, fetched_at)


def _check_size(resp: Response, cap: int) -> None:
    """The size cap, again, whatever the transport (a mock's answer is held to it too)."""
    size = resp.headers.get("content-length", "")
    if size.isdigit() and int(size) > cap:
        raise TooLarge(f"{resp.url} answered {int(size):,} bytes, more than the {cap:,} accepted")
    if len(resp.body) > cap:
        raise TooLarge(f"{resp.url} answered more than the {cap:,} bytes accepted")


def _retry_view(resp: Response) -> Any:
    """The status and headers of an answer as urllib3's Retry reads them."""
    from urllib3 import HTTPResponse

    return HTTPResponse(body=b"", headers=resp.headers, status=resp.status, preload_content=False)


def _after(reason: Exception, tries: int) -> ServiceError:
    """The last failure, saying how many tries it took."""
    note = f" (after {tries} tries)" if tries > 1 else ""
    if isinstance(reason, HTTPStatusError):
        return HTTPStatusError(f"{reason}{note}", status=reason.status, headers=reason.headers,
                               text=reason.text)
    if isinstance(reason, ServiceError):
        return type(reason)(f"{reason}{note}")
    return ServiceError(f"{reason}{note}")


# ------------------------------------------------------------------------------ default session

_DEFAULT: Session | None = None
_DEFAULT_LOCK = threading.Lock()


def default_session() -> Session:
    """The session the services and the geocoders use unless given another."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = Session()
        return _DEFAULT


def set_default_session(session: Session | None) -> Session | None:
    """Install ``session`` as the default (None: a new default on next use); return the previous one."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        previous, _DEFAULT = _DEFAULT, session
    return previous


@contextlib.contextmanager
def use_session(session: Session) -> Iterator[Session]:
    """Make ``session`` the default for the block (a test's mock transport and fake clock).

    Examples
    --------
    >>> fake = Session(transport=MockTransport(lambda req: Response.make(req, 503)), cache=False)
    >>> with use_session(fake):
    ...     default_session() is fake
    True
    """
    previous = set_default_session(session)
    try:
        yield session
    finally:
        set_default_session(previous)


def reset_breakers() -> None:
    """Close every circuit of the default session (one command is one run)."""
    if _DEFAULT is not None:
        _DEFAULT.reset_breakers()


def request(method: str, url: str, **kwargs: Any) -> Response:
    """:meth:`Session.request` on the default session."""
    return default_session().request(method, url, **kwargs)


def fetch_json(service: str, url: str, params: Mapping[str, Any] | None = None, **kwargs: Any) -> Fetched:
    """:meth:`Session.fetch_json` on the default session."""
    return default_session().fetch_json(service, url, params, **kwargs)


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
