"""The online layer's session, in-process: a mock transport and a fake clock, no socket.

What only a socket can show (dripping headers and bodies, oversized answers, a redirect to
another host, a refused connection) is tested end to end in test_security.py,
test_security_2.py and test_hostile_sources.py, and here for the watchdog serving several
requests at once.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time

import pytest
from servers import FakeClock, MockServer, Reply, Server

from osint.errors import ServiceError
from osint.online import http
from osint.online.cache import AnswerCache, legacy_file, request_key
from osint.online.http import MockTransport, Request, Response, Session


def _session(handler, **kw) -> tuple[Session, FakeClock, list[Request]]:
    """A session whose transport records every request and answers with ``handler``."""
    seen: list[Request] = []
    clock = FakeClock()

    def record(req: Request) -> Response:
        seen.append(req)
        return handler(req)

    return Session(transport=MockTransport(record), clock=clock, **kw), clock, seen


# ------------------------------------------------------------------------ redirects


def test_redirects_are_followed_on_the_same_host_only():
    routes = {"/here": Reply(b"", 301, {"Location": "/data"}), "/data": Reply({"ok": 1}),
              "/away": Reply(b"", 302, {"Location": "http://localhost:8631/data"}),
              "/port": Reply(b"", 307, {"Location": "http://127.0.0.1:8632/data"}),
              "/tls": Reply(b"", 308, {"Location": "https://127.0.0.1:8631/data"}),
              "/loop": Reply(b"", 302, {"Location": "/loop"})}
    with MockServer(routes) as srv:
        assert http.request("GET", srv.url + "/here").json() == {"ok": 1}
        elsewhere = (("/away", "localhost:8631"), ("/port", "127.0.0.1:8632"), ("/tls", "127.0.0.1:8631"))
        for path, host in elsewhere:
            with pytest.raises(ServiceError, match="another host") as exc:
                http.request("GET", srv.url + path, retries=0)
            assert host in str(exc.value)
        with pytest.raises(ServiceError, match="more than 3 redirects"):
            http.request("GET", srv.url + "/loop", retries=0)
    assert srv.elsewhere == []  # never asked
    assert [r["path"] for r in srv.requests].count("/loop") == 4


# ------------------------------------------------------------------------ size cap


def test_the_size_cap_holds_whatever_the_transport():
    routes = {"/big": Reply(b"x" * 1001), "/says-big": Reply(b"x", length=10**9), "/fits": Reply(b"x" * 1000)}
    with MockServer(routes) as srv:
        with pytest.raises(http.TooLarge, match="more than the 1,000 bytes"):
            http.request("GET", srv.url + "/big", max_bytes=1000)
        with pytest.raises(http.TooLarge, match="1,000,000,000 bytes"):
            http.request("GET", srv.url + "/says-big", max_bytes=1000)
        assert len(http.request("GET", srv.url + "/fits", max_bytes=1000).body) == 1000


# ------------------------------------------------------------------------ retries


def test_retries_back_off_1_2_4_seconds_when_no_wait_is_named():
    s, clock, seen = _session(lambda req: Response.make(req, 503))
    with pytest.raises(http.HTTPStatusError, match=r"answered HTTP 503 \(after 4 tries\)") as exc:
        s.request("GET", "http://svc.test/x", retries=3, service="svc")
    assert exc.value.status == 503
    assert len(seen) == 4 and clock.sleeps == [1.0, 2.0, 4.0]


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_the_retried_answers(status):
    answers = iter([Response.make("http://svc.test/x", status), Response.make("http://svc.test/x", json=[1])])
    s, clock, seen = _session(lambda req: next(answers))
    assert s.request("GET", "http://svc.test/x").json() == [1]
    assert len(seen) == 2 and clock.sleeps == [1.0]


@pytest.mark.parametrize("status", [400, 403, 404, 501, 505])
def test_other_answers_are_returned_at_once(status):
    s, clock, seen = _session(lambda req: Response.make(req, status))
    assert s.request("GET", "http://svc.test/x").status == status
    assert len(seen) == 1 and clock.sleeps == []


def test_timeouts_and_broken_connections_are_retried_then_named():
    failures = iter([http.DeadlineExceeded("slow"), http.Unreachable("down"), http.DeadlineExceeded("slow")])

    def handler(req):
        raise next(failures)

    s, clock, seen = _session(handler)
    with pytest.raises(http.DeadlineExceeded, match=r"svc did not answer in full within 5 s \(after 3 tries"):
        s.request("GET", "http://svc.test/x", timeout=5, service="svc")
    assert len(seen) == 3 and clock.sleeps == [1.0, 2.0]


def test_a_search_sent_as_post_is_retried_with_its_body():
    url = "http://svc.test/search"
    answers = iter([Response.make(url, 502), Response.make(url, json=[])])
    s, _, seen = _session(lambda req: next(answers))
    assert s.request("POST", "http://svc.test/search", json_body={"bbox": [1, 2, 3, 4]}).json() == []
    assert [r.json() for r in seen] == [{"bbox": [1, 2, 3, 4]}] * 2
    assert seen[0].header("content-type") == "application/json"


def test_retry_after_as_a_date_is_honoured_and_a_long_one_ends_the_request():
    from email.utils import formatdate

    soon = formatdate(time.time() + 30, usegmt=True)
    answers = iter([Response.make("http://svc.test/x", 503, headers={"Retry-After": soon}),
                    Response.make("http://svc.test/x", json=[])])
    s, clock, _ = _session(lambda req: next(answers))
    s.request("GET", "http://svc.test/x")
    assert 28 <= clock.sleeps[0] <= 31
    s, clock, seen = _session(lambda req: Response.make(req, 429, headers={"Retry-After": "61"}))
    with pytest.raises(ServiceError, match="asked to wait 61 s, more than 60 s"):
        s.request("GET", "http://svc.test/x")
    assert len(seen) == 1 and clock.sleeps == []


# ------------------------------------------------------------------------ rate limit, user agent


def test_a_service_that_asks_for_spacing_gets_it_others_do_not():
    s, clock, _ = _session(lambda req: Response.make(req, json=[]))
    for _ in range(3):
        s.request("GET", "http://slow.test/x", service="polite", min_interval=1.0)
        s.request("GET", "http://fast.test/x", service="other")
    assert clock.sleeps == [1.0, 1.0]
    clock.now += 5  # a request long after the last one waits for nothing
    s.request("GET", "http://slow.test/x", service="polite", min_interval=1.0)
    assert clock.sleeps == [1.0, 1.0]


def test_requests_name_the_workbench_unless_the_caller_names_another():
    s, _, seen = _session(lambda req: Response.make(req, json=[]))
    s.request("GET", "http://svc.test/x")
    s.request("GET", "http://svc.test/x", headers={"User-Agent": "mine/1.0"})
    assert [r.header("user-agent") for r in seen] == [http.USER_AGENT, "mine/1.0"]


def test_use_session_installs_a_session_for_a_block_only():
    before = http.default_session()
    mine, _, seen = _session(lambda req: Response.make(req, json={"mine": True}))
    with http.use_session(mine):
        assert http.request("GET", "http://svc.test/x").json() == {"mine": True}
    assert http.default_session() is before and len(seen) == 1


def test_a_geocoder_can_be_handed_its_own_session(cache_env):
    from osint.online.geocoders import PhotonProvider

    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [126.03, 39.87]},
               "properties": {"name": "Kujang County", "countrycode": "KP", "osm_type": "R", "osm_id": 7}}
    s, clock, seen = _session(lambda req: Response.make(req, json={"features": [feature]}))
    photon = PhotonProvider(url="http://photon.test", session=s, cache=False)
    assert photon.search("Kujang County").candidates[0].entry.country_code == "KP"
    assert photon.search("Kujang").candidates  # a second name, a second later
    assert [r.path for r in seen] == ["/api", "/api"] and seen[0].query["q"] == "Kujang County"
    assert clock.sleeps == [1.0]


# ------------------------------------------------------------------------ answers through the cache


def test_fetch_json_keeps_only_what_its_check_accepts(cache_env):
    def clean(data):
        good = [x for x in data if isinstance(x, int)]
        if not good:
            raise ServiceError("nothing usable")
        return good

    answer = [[1, "two", 3]]
    s, _, seen = _session(lambda req: Response.make(req, json=answer[0]))
    with pytest.raises(http.NotAvailable):
        s.fetch_json("svc", "http://svc.test/x", {"a": 1}, online=False, clean=clean)
    got = s.fetch_json("svc", "http://svc.test/x", {"a": 1}, online=True, clean=clean)
    assert (got.data, got.cached) == ([1, 3], False) and len(seen) == 1
    assert [c.answer for c in AnswerCache().answers(provider="svc")] == [[1, 3]]  # only the checked part
    again = s.fetch_json("svc", "http://svc.test/x", {"a": 1}, online=False, clean=clean)
    assert (again.data, again.cached, again.fetched_at) == ([1, 3], True, got.fetched_at)
    assert "cache, fetched" in again.provenance
    # A check that now rejects the cached answer drops it; an answer it rejects is never stored.
    with pytest.raises(http.NotAvailable):
        s.fetch_json("svc", "http://svc.test/x", {"a": 1}, online=False, clean=lambda d: clean(["x"]))
    answer[0] = ["none", "usable"]
    with pytest.raises(ServiceError, match="nothing usable"):
        s.fetch_json("svc", "http://svc.test/x", {"a": 1}, online=True, clean=clean)
    assert AnswerCache().answers(provider="svc") == []


def test_a_former_json_answer_is_moved_into_the_cache(cache_env):
    key = request_key("open-meteo", "http://meteo.test/archive?latitude=1")
    path = legacy_file(key)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"url": "http://meteo.test/archive?latitude=1", "body": None,
                                "fetched_at": "2024-05-01T00:00:00+00:00", "data": {"hourly": 1}}))
    broken = legacy_file(request_key("open-meteo", "http://meteo.test/archive?latitude=2"))
    broken.write_text("{not json")
    s, _, seen = _session(lambda req: Response.make(req, 500))
    got = s.fetch_json("open-meteo", "http://meteo.test/archive", {"latitude": 1}, online=False)
    assert (got.data, got.cached, got.fetched_at) == ({"hourly": 1}, True, "2024-05-01T00:00:00+00:00")
    assert not path.exists() and AnswerCache().get(key).answer == {"hourly": 1}
    with pytest.raises(http.NotAvailable):
        s.fetch_json("open-meteo", "http://meteo.test/archive", {"latitude": 2}, online=False)
    assert not broken.exists() and seen == []


def test_refresh_asks_again_and_replaces_the_answer(cache_env):
    n = [0]

    def handler(req):
        n[0] += 1
        return Response.make(req, json={"n": n[0]})

    s, _, _ = _session(handler)
    assert s.fetch_json("svc", "http://svc.test/x", online=True).data == {"n": 1}
    assert s.fetch_json("svc", "http://svc.test/x", online=True).data == {"n": 1}
    assert s.fetch_json("svc", "http://svc.test/x", online=True, refresh=True).data == {"n": 2}
    assert s.fetch_json("svc", "http://svc.test/x", online=False).data == {"n": 2}


# ------------------------------------------------------------------------ the watchdog, end to end


@pytest.mark.timeout(60)
def test_one_watchdog_ends_several_slow_requests_at_their_own_deadlines():
    # Three requests at once against servers that drip (headers, or the body): each ends at its own
    # deadline, on its own thread, with no thread of its own added by the online layer.
    routes = {"/head": Reply(head_drip=0.2), "/body": Reply(b"x" * 500, drip=0.2)}
    with Server(routes) as srv:
        before = set(threading.enumerate())
        took: dict[str, float] = {}

        def ask(path: str, timeout: float) -> None:
            t0 = time.monotonic()
            with pytest.raises(http.DeadlineExceeded):
                http.request("GET", srv.url + path, timeout=timeout, retries=0)
            took[f"{path} {timeout:g}"] = time.monotonic() - t0

        asks = (("/head", 1.0), ("/body", 1.5), ("/head", 2.0))
        callers = [threading.Thread(target=ask, args=a) for a in asks]
        for t in callers:
            t.start()
        for t in callers:
            t.join()
        added = {t.name for t in threading.enumerate() if t not in before and t.name.startswith("osint")}
    assert added <= {"osint-http-watchdog"}
    for name, seconds in took.items():
        limit = float(name.split()[1])
        assert limit - 0.1 <= seconds < limit + 1.5, took


@pytest.mark.timeout(60)
def test_a_server_dripping_its_tls_handshake_is_cut_off_at_the_deadline():
    # The sockets are shut down while TLS is still being negotiated, before any header is read.
    import socket

    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def drip(conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            for b in b"\x16\x03\x03\x40\x00" + b"\x00" * 1000:  # a TLS record that never completes
                if stop.is_set():
                    return
                conn.send(bytes([b]))
                time.sleep(0.2)

    def serve() -> None:
        with contextlib.suppress(OSError):
            while not stop.is_set():
                conn, _ = listener.accept()
                threading.Thread(target=drip, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    try:
        t0 = time.monotonic()
        with pytest.raises(http.DeadlineExceeded, match=r"within 1\.5 s"):
            http.request("GET", f"https://127.0.0.1:{listener.getsockname()[1]}/x", timeout=1.5, retries=0)
        assert time.monotonic() - t0 < 4
    finally:
        stop.set()
        listener.close()
