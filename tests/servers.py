"""Scriptable services for tests of hostile or broken services: in-process or on 127.0.0.1.

Each route maps a path to a :class:`Reply` (status, headers, body, and how
the body is sent: all at once, a byte at a time with a pause, or endlessly).
Every request is recorded. :class:`MockServer` answers the routes in-process, through the
online layer's mock transport and a :class:`FakeClock` (most tests); :class:`Server` is a real
server on the loopback interface, for what needs a socket (dripping headers and bodies,
oversized answers, redirects to another host). Nothing here reaches beyond the loopback
interface.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    """What the server answers on one route.

    Attributes
    ----------
    body : bytes, str or JSON-able
        The answer (JSON-encoded unless bytes or str).
    status : int
    headers : dict
    drip : float
        Seconds between single bytes of the body (0: all at once).
    length : int or None
        A Content-Length to announce instead of the real one.
    endless : bool
        Stream the body again and again, without a length.
    head_drip : float
        Send the status line, then a header that never ends, a byte every ``head_drip``
        seconds (a client reading headers never gets them all; each read is quick).
    """

    body: Any = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    drip: float = 0.0
    length: int | None = None
    endless: bool = False
    head_drip: float = 0.0

    def data(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode("utf-8")
        return json.dumps(self.body).encode("utf-8")


class Server:
    """A threaded server with ``routes`` (path -> Reply, or a callable of the query returning one)."""

    def __init__(self, routes: dict[str, Reply | Callable[[dict], Reply]] | None = None):
        self.routes: dict[str, Reply | Callable[[dict], Reply]] = dict(routes or {})
        self.requests: list[dict] = []
        self.stopping = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self) -> None:
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                owner.requests.append({"path": url.path, "query": query, "body": body,
                                       "headers": dict(self.headers), "t": time.monotonic()})
                route = owner.routes.get(url.path)
                reply = route(query) if callable(route) else route
                if reply is None:
                    reply = Reply(b"not found", 404)
                data = reply.data()
                try:
                    if reply.head_drip:
                        self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Drip: ")
                        while not owner.stopping.is_set():
                            self.wfile.write(b"a")
                            self.wfile.flush()
                            time.sleep(reply.head_drip)
                        return
                    self.send_response(reply.status)
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    if reply.endless:
                        self.send_header("Connection", "close")
                        self.end_headers()
                        chunk = data or b"x" * 65536
                        while True:
                            self.wfile.write(chunk)
                    self.send_header("Content-Length", str(reply.length if reply.length is not None
                                                           else len(data)))
                    self.send_header("Connection", "close")
                    self.end_headers()
                    if reply.drip:
                        for i in range(len(data)):
                            self.wfile.write(data[i:i + 1])
                            self.wfile.flush()
                            time.sleep(reply.drip)
                    else:
                        self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should

            do_GET = do_POST = _answer

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# ------------------------------------------------------------------ in-process, no socket


class FakeClock:
    """Time that passes only when something sleeps (geopy's ``mock_clock``/``mock_sleep``): the
    session's retry waits, rate limit and circuit cooling run on it without real waiting."""

    def __init__(self, now: float = 1000.0):
        self.now = now
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


class MockServer:
    """The routes of a :class:`Server` answered in-process, through the online layer's
    ``MockTransport``: while the block runs, the default session sends every request here, on a
    :class:`FakeClock`. A request to another host fails as a closed port does.

    Replies that drip or never end need a socket: use :class:`Server` for those.
    """

    def __init__(self, routes: dict[str, Reply | Callable[[dict], Reply]] | None = None, *,
                 url: str = "http://127.0.0.1:8631", clock: FakeClock | None = None, cache: Any = None):
        from osint.online.http import MockTransport, Session

        self.routes: dict[str, Reply | Callable[[dict], Reply]] = dict(routes or {})
        self.requests: list[dict] = []
        #: URLs asked of any other host (nothing answers there).
        self.elsewhere: list[str] = []
        self.url = url
        self.clock = clock or FakeClock()
        self.session = Session(transport=MockTransport(self.handle), clock=self.clock, cache=cache)
        self.stopped = False
        self._installed: Any = None

    def handle(self, request: Any) -> Any:
        from osint.online.http import Response, Unreachable

        if self.stopped or urlsplit(request.url).netloc != urlsplit(self.url).netloc:
            self.elsewhere.append(request.url)
            raise Unreachable(f"{request.url} unreachable: NewConnectionError")
        body = request.body or b""
        path = request.path or "/"  # as a client sends it
        self.requests.append({"path": path, "query": request.query, "body": body,
                              "headers": dict(request.headers), "t": self.clock.monotonic(),
                              "method": request.method})
        route = self.routes.get(path)
        reply = route(request.query) if callable(route) else route
        if reply is None:
            reply = Reply(b"not found", 404)
        assert not (reply.drip or reply.endless or reply.head_drip), "a dripping reply needs Server"
        headers = dict(reply.headers)
        if reply.length is not None:
            headers["Content-Length"] = str(reply.length)
        return Response(reply.status, headers, reply.data(), request.url)

    def __enter__(self) -> MockServer:
        from osint.online.http import use_session

        self._installed = use_session(self.session)
        self._installed.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._installed.__exit__(None, None, None)

    def stop(self) -> None:
        """Nothing answers any more (as a stopped server)."""
        self.stopped = True
