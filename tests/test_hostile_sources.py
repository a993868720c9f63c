"""What this package reads that others may have written: caches, the index, services, archives;
and what it writes for other tools: XML exports and text on a pipe (issue 18).

Each case is one an attacker or an unlucky team met: a geocoding cache whose ``answers`` is a
view that never ends, one that is a link to another program's database, the index pickle
swapped for a link between check and load, a service that keeps stalling, a title with a
control character in GraphML, escape sequences in CSV piped to ``head``.
"""

from __future__ import annotations

import os
import pickle
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from servers import FakeClock

from osint import cli
from osint.errors import ServiceError
from osint.online import http
from osint.online.cache import AnswerCache, CacheUnavailable, geocoder_key

ROOT = Path(__file__).resolve().parents[1]
KUJANG = geocoder_key("nominatim", "Kujang")
NEVER_ENDS = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
              "SELECT 'p' AS provider, 'q' AS query, '' AS bias, '' AS endpoint, '[]' AS answer, "
              "'' AS fetched_at FROM c")


def _db(path: Path, *statements: str) -> Path:
    con = sqlite3.connect(path)
    for s in statements:
        con.execute(s)
    con.commit()
    con.close()
    return path


# ------------------------------------------------------------------ the geocoding cache


def test_a_cache_whose_answers_is_an_endless_view_is_refused_at_once(cache_env, capsys):
    folder = cache_env / "cache"
    folder.mkdir()
    _db(folder / "geocoding.sqlite", f"CREATE VIEW answers AS {NEVER_ENDS}", "PRAGMA user_version = 1")
    t0 = time.monotonic()
    assert cli.main(["cache", "info"]) == 2
    assert cli.main(["cache", "clear"]) == 2
    assert time.monotonic() - t0 < 30
    err = capsys.readouterr().err
    assert "view 'answers'" in err and "left as it is" in err and "Traceback" not in err


@pytest.mark.parametrize("statement", [
    "CREATE TRIGGER t AFTER INSERT ON answers BEGIN DELETE FROM answers; END",
    "CREATE TABLE other (x)",
    "CREATE INDEX i ON answers (endpoint)",
])
def test_a_cache_holding_what_osint_never_writes_is_not_used(tmp_path, statement):
    path = tmp_path / "g.sqlite"
    AnswerCache(path).put(KUJANG, [], endpoint="https://example.org")
    _db(path, statement)
    told: list[str] = []
    c = AnswerCache(path, warn=told.append)
    assert c.get(KUJANG) is None
    assert told and "never writes" in told[0]


def test_a_cache_with_another_answers_layout_is_not_used(tmp_path):
    path = _db(tmp_path / "g.sqlite", "CREATE TABLE answers (provider, query, bias, endpoint, answer)",
               "PRAGMA user_version = 1")
    with pytest.raises(CacheUnavailable, match="another layout"):
        AnswerCache(path).info()


def test_a_cache_that_links_to_another_programs_database_is_left_alone(tmp_path):
    other = _db(tmp_path / "their.db", "CREATE TABLE mail (x)")
    before = other.read_bytes()
    (tmp_path / "geocoding.sqlite").symlink_to(other)
    told: list[str] = []
    c = AnswerCache(tmp_path / "geocoding.sqlite", warn=told.append)
    c.put(KUJANG, [], endpoint="https://example.org")
    assert c.get(KUJANG) is None
    assert told and "symbolic link" in told[0]
    assert other.read_bytes() == before  # not converted to WAL, no table added
    assert not Path(str(other) + "-wal").exists()


def test_a_linked_journal_beside_the_cache_is_refused(tmp_path):
    path = tmp_path / "geocoding.sqlite"
    AnswerCache(path).put(KUJANG, [], endpoint="https://example.org")
    Path(str(path) + "-wal").unlink(missing_ok=True)
    Path(str(path) + "-wal").symlink_to(tmp_path / "victim")
    with pytest.raises(CacheUnavailable, match="symbolic link"):
        AnswerCache(path).info()
    assert not (tmp_path / "victim").exists()


def test_every_statement_has_a_deadline(tmp_path):
    c = AnswerCache(tmp_path / "g.sqlite", statement_deadline=0.3)
    c.put(KUJANG, [], endpoint="https://example.org")
    t0 = time.monotonic()
    with pytest.raises(CacheUnavailable, match="interrupted"), c._connect() as con:
        con.execute(NEVER_ENDS).fetchall()
    assert time.monotonic() - t0 < 10


def test_sigterm_stops_a_statement_stuck_inside_sqlite(tmp_path):
    script = (
        "import sys\n"
        "from osint.io import install_signal_handlers\n"
        "from osint.online.cache import AnswerCache, geocoder_key\n"
        "install_signal_handlers()\n"
        "c = AnswerCache(sys.argv[1])\n"
        "c.put(geocoder_key('nominatim', 'q'), [], endpoint='https://example.org')\n"
        "with c._connect() as con:\n"
        "    print('ready', flush=True)\n"
        f"    con.execute({NEVER_ENDS!r}).fetchall()\n"
    )
    p = subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "g.sqlite")], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert p.stdout.readline().strip() == "ready"
    time.sleep(0.3)
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        pytest.fail("SIGTERM did not stop the SQLite statement")
    assert p.returncode == 128 + signal.SIGTERM


# ------------------------------------------------------------------ the index pickle


class _Boom:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "pwned"))


def test_a_link_swapped_in_between_check_and_load_is_never_followed(tmp_path, capsys):
    # The attack: a trusted regular file and a link to the attacker's pickle swapped at the
    # index's name in a loop while the victim loads it.
    from osint.gazetteer.build import _load_cached

    marker = tmp_path / "PWNED"
    evil = tmp_path / "evil.pkl"
    evil.write_bytes(pickle.dumps(_Boom(marker)))
    good = tmp_path / "good.pkl"
    good.write_bytes(pickle.dumps(42))  # harmless: "not a gazetteer index"
    good.chmod(0o600)
    target = tmp_path / "gazetteer-x.pkl"
    stop = threading.Event()

    def swap() -> None:
        k = 0
        while not stop.is_set():
            k += 1
            tmp = tmp_path / f".swap{k % 2}"
            tmp.unlink(missing_ok=True)
            if k % 2:
                os.link(good, tmp)
            else:
                tmp.symlink_to(evil)
            os.replace(tmp, target)

    t = threading.Thread(target=swap, daemon=True)
    t.start()
    try:
        for _ in range(3000):
            _load_cached(target)
    finally:
        stop.set()
        t.join()
    capsys.readouterr()
    assert not marker.exists()


# ------------------------------------------------------------------ services that keep failing


def test_a_service_that_keeps_failing_is_not_asked_again():
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # a closed port: every attempt fails at once, a real refused connection
    url = f"http://127.0.0.1:{port}/x"
    clock = FakeClock()
    with http.use_session(http.Session(clock=clock)):
        with pytest.raises(http.Unreachable):
            http.request("GET", url, retries=2, service="Stalling")
        seen = []
        for _ in range(3):
            with pytest.raises(ServiceError) as exc:
                http.request("GET", url, retries=2, service="Stalling")
            seen.append(exc.value)
        assert all(isinstance(e, http.CircuitOpen) for e in seen)  # the 4th failed attempt opened it
        assert "not asked again" in str(seen[0])
        assert clock.sleeps == [1.0, 2.0, 1.0]  # two back-offs of the first request, one of the second
        http.reset_breakers()
        with pytest.raises(ServiceError) as exc:
            http.request("GET", url, retries=0, service="Stalling")
        assert not isinstance(exc.value, http.CircuitOpen)


def test_an_open_circuit_lets_one_request_through_after_it_cools():
    clock = FakeClock()
    up = [False]

    def handler(req):
        if not up[0]:
            raise http.Unreachable(f"{req.url} unreachable: NewConnectionError")
        return http.Response.make(req, json=[])

    session = http.Session(transport=http.MockTransport(handler), clock=clock, cache=False)

    def ask():
        return session.request("GET", "http://svc.test/x", retries=0, service="svc")

    for _ in range(http.BREAKER_FAILURES):
        with pytest.raises(http.Unreachable):
            ask()
    with pytest.raises(http.CircuitOpen):
        ask()
    clock.now += http.BREAKER_COOL_S - 1
    with pytest.raises(http.CircuitOpen):
        ask()
    clock.now += 2  # cooled: one request is let through (half open) ...
    with pytest.raises(http.Unreachable):
        ask()
    with pytest.raises(http.CircuitOpen):  # ... and, failing, opens the circuit again at once
        ask()
    clock.now += http.BREAKER_COOL_S + 1
    up[0] = True
    assert ask().json() == [] and ask().json() == []  # back: the circuit is closed


# ------------------------------------------------------------------ what other tools read


def test_graphml_stays_valid_xml_with_control_characters_in_the_text(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Kim Jong Un met Sergei\x01 Shoigu in Pyongyang, said Dave\x0bSmith of the CNS.\n",
                   encoding="utf-8")
    (tmp_path / "a.json").write_text('{"title": "Shoigu\\u0007 in \\u001bPyongyang"}', encoding="utf-8")
    out = tmp_path / "a.graphml"
    assert cli.main(["export", str(art), "--format", "graphml", "-o", str(out)]) == 0
    ET.parse(out)  # raises on invalid XML


def test_text_output_on_a_pipe_carries_no_escape_sequences(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Troops in \x1b[31mPyongyang\x1b[0m and \x9b2J Seoul; \x1b]0;title\x07 Moscow.\n",
                   encoding="utf-8")
    for fmt in ("csv", "jsonl"):
        res = subprocess.run([sys.executable, "-m", "osint.cli", "geoparse", str(art), "--format", fmt],
                             capture_output=True, cwd=ROOT)
        assert res.returncode == 0, res.stderr
        out = res.stdout.decode("utf-8")
        assert "Pyongyang" in out and "\x1b" not in out and "\x9b" not in out and "\x07" not in out
    # Written to a file, the text is kept exactly as the article has it.
    res = subprocess.run([sys.executable, "-m", "osint.cli", "geoparse", str(art), "--format", "csv",
                          "-o", str(tmp_path / "p.csv")], capture_output=True, cwd=ROOT)
    assert res.returncode == 0 and "\x1b[31m" in (tmp_path / "p.csv").read_text("utf-8")
