"""How one HTTP exchange is made: the transport seam under :class:`osint.online.http.Session`.

A transport sends one :class:`Request` and returns one whole :class:`Response`, never following a
redirect and never retrying (the session does both, the same way for every transport). Two are
here, as in httpx (``httpx/_transports``):

- :class:`UrllibTransport`, the default: urllib3's ``PoolManager`` (keep-alive, TLS verified,
  the proxy settings of the environment), with a **total deadline** per exchange and a **size cap**
  counted while reading;
- :class:`MockTransport`, for tests and offline demonstrations: a function from a request to a
  response, no socket at all.

The deadline without a thread per request
------------------------------------------
urllib3's timeouts bound each socket operation, not the whole exchange: a server that sends one
byte every two seconds never lets a read time out. Every exchange therefore registers its
deadline with one long-lived :class:`Watchdog` thread for the whole process; the connections the
exchange uses register themselves as they connect or send. When a deadline passes, the watchdog
shuts the sockets of that exchange down, which wakes the thread blocked reading them at once; the
exchange sees it was cut off and raises :class:`DeadlineExceeded`. The per-operation timeouts are
set from the remaining budget as well, so one stalled read cannot outlast it either. What the
deadline cannot interrupt is a name lookup inside the C library (there is no socket yet): it is
bounded by the system resolver's own timeouts.
"""

from __future__ import annotations

import contextlib
import json as _json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlsplit

from ..errors import ServiceError
from ..io import parse_json


class DeadlineExceeded(ServiceError, TimeoutError):
    """The whole exchange (connecting, headers, body) took longer than its deadline."""


class Unreachable(ServiceError, ConnectionError):
    """The service could not be reached, or the connection broke while it answered."""


class TooLarge(ServiceError):
    """The answer is larger than the size cap."""


# --------------------------------------------------------------------------- messages


@dataclass(frozen=True, slots=True)
class Request:
    """One HTTP exchange to make.

    Attributes
    ----------
    method : str
        ``GET`` or ``POST``.
    url : str
        The full URL, query included.
    headers : dict
        Header names as the caller wrote them.
    body : bytes or None
        What a POST sends.
    timeout : float
        Seconds the whole exchange may take (connecting, headers, body).
    max_bytes : int
        The largest body accepted.
    """

    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    timeout: float = 20.0
    max_bytes: int = 20 * 2**20

    @property
    def path(self) -> str:
        """The URL's path (``/search``)."""
        return urlsplit(self.url).path

    @property
    def query(self) -> dict[str, str]:
        """The URL's query parameters (the first value of each)."""
        out: dict[str, str] = {}
        for k, v in parse_qsl(urlsplit(self.url).query, keep_blank_values=True):
            out.setdefault(k, v)
        return out

    def header(self, name: str, default: str = "") -> str:
        """A header's value, whatever the case of its name."""
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), default)

    def json(self) -> Any:
        """The body as JSON (a POST's query), or None without a body."""
        return None if self.body is None else _json.loads(self.body)


@dataclass(frozen=True, slots=True)
class Response:
    """A complete answer: status, headers (lower-case names), body and the URL that gave it."""

    status: int
    headers: dict[str, str]
    body: bytes
    url: str

    def __post_init__(self) -> None:
        # One spelling of header names, whoever built the response (a transport, a test).
        object.__setattr__(self, "headers", {str(k).lower(): str(v) for k, v in self.headers.items()})

    @classmethod
    def make(cls, request: Request | str, status: int = 200, *, json: Any = None, body: bytes | str = b"",
             headers: Mapping[str, str] | None = None) -> Response:
        """A response to ``request`` (or for a URL), as a :class:`MockTransport` handler returns it.

        Parameters
        ----------
        request : Request or str
            What is answered (its URL is the response's).
        status : int
        json : any, optional
            A body encoded as JSON (with a JSON content type).
        body : bytes or str
            The body otherwise (str is encoded as UTF-8).
        headers : mapping, optional

        Examples
        --------
        >>> Response.make("http://x.test/a", json={"ok": 1}).json()
        {'ok': 1}
        """
        hdrs = dict(headers or {})
        if json is not None:
            body = _json.dumps(json).encode()
            hdrs.setdefault("Content-Type", "application/json")
        data = body.encode("utf-8") if isinstance(body, str) else body
        url = request if isinstance(request, str) else request.url
        return cls(status, hdrs, data, url)

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


class Transport(Protocol):
    """Makes one exchange: no redirect followed, no retry.

    ``send`` returns the whole answer, whatever its status, or raises :class:`DeadlineExceeded`
    (not answered in full within ``request.timeout``), :class:`Unreachable` (no connection, or it
    broke), :class:`TooLarge` (more than ``request.max_bytes``) or another
    :class:`osint.errors.ServiceError`.
    """

    def send(self, request: Request) -> Response: ...


class MockTransport:
    """A transport that hands every request to a function (httpx's ``MockTransport``).

    Parameters
    ----------
    handler : callable
        Request -> :class:`Response`. It may raise what a transport raises
        (:class:`DeadlineExceeded` to play a service that never answers, :class:`Unreachable` one
        that is down).

    Examples
    --------
    >>> t = MockTransport(lambda req: Response.make(req, json={"path": req.path}))
    >>> t.send(Request("GET", "http://x.test/search?q=a")).json()
    {'path': '/search'}
    """

    def __init__(self, handler: Callable[[Request], Response]):
        self.handler = handler

    def send(self, request: Request) -> Response:
        """Answer ``request`` with the handler's response."""
        response = self.handler(request)
        if not isinstance(response, Response):
            raise TypeError(f"a MockTransport handler must return a Response, not {type(response).__name__}")
        return response


# --------------------------------------------------------------------------- watchdog


class _Watch:
    """One exchange's deadline, and the connections and sockets it uses."""

    __slots__ = ("deadline", "expired", "finished", "lock", "targets")

    def __init__(self, deadline: float):
        self.deadline = deadline
        self.targets: list[Any] = []
        self.expired = False
        self.finished = False
        self.lock = threading.Lock()

    def finish(self) -> bool:
        """End the watch before the connection goes back to the pool (a late shutdown would break
        it for the next request); True when the deadline had already cut the exchange off."""
        with self.lock:
            self.finished = True
            return self.expired

    def add(self, target: Any) -> None:
        with self.lock:
            if not any(t is target for t in self.targets):
                self.targets.append(target)
            late = self.expired
        if late:  # connected after the deadline passed: cut at once
            _shut(target)

    def expire(self) -> None:
        with self.lock:
            if self.finished:
                return
            self.expired = True
            targets = list(self.targets)
        for t in targets:
            _shut(t)


def _shut(target: Any) -> None:
    """Shut a socket down, or a connection's (its raw socket while TLS is negotiated, the TLS one
    after): a thread blocked reading it wakes at once with end-of-file."""
    sock = target if isinstance(target, socket.socket) else getattr(target, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError, AttributeError, ValueError):
            sock.shutdown(socket.SHUT_RDWR)


class Watchdog:
    """One daemon thread, for the whole process, that ends exchanges past their deadline.

    It sleeps until the earliest deadline of the exchanges under way (or until one is added),
    then shuts down the sockets of every exchange whose deadline has passed. It starts on first
    use and costs nothing while no exchange is under way.
    """

    def __init__(self, name: str = "osint-http-watchdog"):
        self.name = name
        self._reset()
        # A forked child (a dask worker) has the parent's data but not its thread.
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=self._reset)

    def _reset(self) -> None:
        self._cond = threading.Condition()
        self._watches: list[_Watch] = []
        self._thread: threading.Thread | None = None

    @contextlib.contextmanager
    def watch(self, deadline: float) -> Iterator[_Watch]:
        """Watch an exchange until the block ends; its sockets are shut down at ``deadline``
        (:func:`time.monotonic` seconds)."""
        w = _Watch(deadline)
        with self._cond:
            self._watches.append(w)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()
            self._cond.notify()
        try:
            yield w
        finally:
            with self._cond, contextlib.suppress(ValueError):
                self._watches.remove(w)

    def _run(self) -> None:
        while True:
            with self._cond:
                now = time.monotonic()
                due = [w for w in self._watches if w.deadline <= now]
                if not due:
                    nearest = min((w.deadline for w in self._watches), default=None)
                    self._cond.wait(None if nearest is None else nearest - now)
                    continue
                for w in due:
                    self._watches.remove(w)
            for w in due:
                w.expire()


#: The process's watchdog.
WATCHDOG = Watchdog()

#: The exchange the calling thread is making (its connections register with it).
_CURRENT = threading.local()


def _register(target: Any) -> None:
    watch = getattr(_CURRENT, "watch", None)
    if watch is not None and target is not None:
        watch.add(target)


# --------------------------------------------------------------------------- urllib3


def _watched_pools() -> dict[str, type]:
    """urllib3 pool classes whose connections register with the calling thread's exchange when
    they connect (a new connection, TLS handshake included) or send (a kept-alive one).

    Both the connection and its socket are registered: while TLS is negotiated the connection
    holds the raw socket, and once the headers say ``Connection: close`` http.client lets go of
    the socket (``sock`` becomes None) and only the answer being read holds it.
    """
    global _POOLS
    if _POOLS is None:
        import urllib3
        from urllib3.connection import HTTPConnection, HTTPSConnection

        def watched(base: type) -> type:
            def connect(self: Any) -> None:
                _register(self)
                base.connect(self)
                _register(self.sock)

            def request(self: Any, *args: Any, **kwargs: Any) -> None:
                _register(self)
                if self.sock is not None:  # a kept-alive connection: connect() is not called
                    _register(self.sock)
                base.request(self, *args, **kwargs)

            return type(f"Watched{base.__name__}", (base,), {"connect": connect, "request": request})

        _POOLS = {
            "http": type("WatchedHTTPConnectionPool", (urllib3.HTTPConnectionPool,),
                         {"ConnectionCls": watched(HTTPConnection)}),
            "https": type("WatchedHTTPSConnectionPool", (urllib3.HTTPSConnectionPool,),
                          {"ConnectionCls": watched(HTTPSConnection)}),
        }
    return _POOLS


_POOLS: dict[str, type] | None = None


def _ca_bundle() -> str | None:
    """The certificates TLS is verified against: the bundle the environment names for requests
    (``REQUESTS_CA_BUNDLE``, ``CURL_CA_BUNDLE``: a company proxy's), else certifi's, as requests did."""
    named = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    if named:
        return named
    try:
        import certifi
    except ImportError:  # pragma: no cover - certifi comes with requests
        return None
    return certifi.where()


class UrllibTransport:
    """The default transport: urllib3, with a total deadline and a size cap per exchange.

    Proxies come from the environment (``HTTPS_PROXY``, ``HTTP_PROXY``, ``NO_PROXY``), as they
    did with requests.

    Parameters
    ----------
    watchdog : Watchdog, optional
        Ends exchanges past their deadline; defaults to the process's one.
    """

    def __init__(self, watchdog: Watchdog | None = None):
        self.watchdog = watchdog or WATCHDOG
        self._managers: dict[str | None, Any] = {}
        self._lock = threading.Lock()

    def _manager(self, url: str) -> Any:
        """The pool manager for ``url``: direct, or through the proxy the environment names for it."""
        import urllib.request

        import urllib3

        parts = urlsplit(url)
        proxies = urllib.request.getproxies()
        proxy = proxies.get(parts.scheme)
        if proxy and urllib.request.proxy_bypass_environment(parts.hostname or "", proxies):
            proxy = None
        with self._lock:
            manager = self._managers.get(proxy)
            if manager is None:
                kw: dict[str, Any] = {"ca_certs": _ca_bundle(), "num_pools": 20, "maxsize": 4}
                manager = urllib3.ProxyManager(proxy, **kw) if proxy else urllib3.PoolManager(**kw)
                manager.pool_classes_by_scheme = _watched_pools()
                self._managers[proxy] = manager
        return manager

    def send(self, request: Request) -> Response:
        """Make the exchange; see :class:`Transport`."""
        deadline = time.monotonic() + request.timeout
        with self.watchdog.watch(deadline) as watch:
            _CURRENT.watch = watch
            try:
                return self._exchange(request, deadline, watch)
            finally:
                _CURRENT.watch = None

    def _exchange(self, request: Request, deadline: float, watch: _Watch) -> Response:
        import urllib3
        from urllib3.exceptions import HTTPError as Urllib3Error
        from urllib3.exceptions import LocationParseError, NewConnectionError
        from urllib3.exceptions import TimeoutError as Urllib3Timeout

        url = request.url
        left = max(0.001, deadline - time.monotonic())
        resp = None
        whole = False
        try:
            resp = self._manager(url).request(
                request.method, url, body=request.body, headers=request.headers, redirect=False,
                retries=False, preload_content=False, timeout=urllib3.Timeout(connect=left, read=left))
            body = self._read(resp, request, deadline, watch)
            whole = True
            headers = {k.lower(): ", ".join(resp.headers.getlist(k)) for k in resp.headers}
            return Response(resp.status, headers, body, url)
        except LocationParseError as exc:
            raise ServiceError(f"not a valid URL: {url!r} ({exc})") from None
        except (Urllib3Error, OSError) as exc:
            # A refused connection is a NewConnectionError, which urllib3 derives from its timeout.
            timed_out = (isinstance(exc, (Urllib3Timeout, TimeoutError))
                         and not isinstance(exc, NewConnectionError))
            if watch.expired or timed_out:
                raise DeadlineExceeded(f"{url} did not answer in full within {request.timeout:g} s") from None
            where = "failed while answering" if resp is not None else "unreachable"
            raise Unreachable(f"{url} {where}: {type(exc).__name__}") from exc
        except ValueError as exc:  # http.client refuses a header with a line break in it
            raise ServiceError(f"{url}: the request could not be sent ({exc})") from None
        finally:
            cut = watch.finish()
            if resp is not None:
                if cut or not whole:
                    resp.close()  # a connection cut off, or half read, is never used again
                resp.release_conn()

    @staticmethod
    def _read(resp: Any, request: Request, deadline: float, watch: _Watch) -> bytes:
        """The body, counted against the cap as it arrives, and within the deadline."""
        url, cap = request.url, request.max_bytes
        size = resp.headers.get("Content-Length", "")
        if size.isdigit() and int(size) > cap:
            raise TooLarge(f"{url} answered {int(size):,} bytes, more than the {cap:,} accepted")
        chunks, total = [], 0
        for chunk in resp.stream(65536):
            total += len(chunk)
            if total > cap:
                raise TooLarge(f"{url} answered more than the {cap:,} bytes accepted")
            chunks.append(chunk)
            if watch.expired or time.monotonic() > deadline:
                raise DeadlineExceeded(f"{url} did not answer in full within {request.timeout:g} s")
        if watch.expired:  # the watchdog's shutdown can look like a short, complete body
            raise DeadlineExceeded(f"{url} did not answer in full within {request.timeout:g} s")
        return b"".join(chunks)
