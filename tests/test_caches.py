"""Caches and the gazetteer index are never trusted and never hang.

The geocoding and answer cache is opened as a regular file only, its schema checked before any
query, every statement bounded and stopped by SIGTERM; a damaged one is set aside, a newer one left
alone, an unusable one costs only the cache. The gazetteer index (SQLite, opened read-only; no code
runs when it is read) is read only from a regular file this user owns and nobody else may write,
checked on the opened file itself, and only when its tables are the tables it was written with.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from servers import FakeClock, MockServer, Reply

import osint
from osint import cli
from osint.io import atomic_output, machine_tag
from osint.online import http
from osint.online.cache import (
    AnswerCache,
    CacheUnavailable,
    geocoder_key,
    legacy_file,
    legacy_root,
    request_key,
)

ROOT = Path(__file__).resolve().parents[1]



def ssti(marker: Path) -> list[str]:
    """Jinja2 payloads that, if ever compiled as a template, would create ``marker``."""
    cmd = f"touch {marker}"
    return [
        "{{ cycler.__init__.__globals__.os.popen(" + repr(cmd) + ").read() }}",
        "{% for x in [1] %}{{ joiner.__init__.__globals__.os.popen(" + repr(cmd) + ").read() }}"
        "{% endfor %}",
        "{{ lipsum.__globals__['os'].popen(" + repr(cmd) + ").read() }}",
    ]



def _geocoder_answer(marker: Path) -> list[dict]:
    return [{"place_id": 1, "osm_type": "relation", "osm_id": 42, "lat": "38.947", "lon": "126.2",
             "display_name": f"Hoechang County {ssti(marker)[0]}", "name": ssti(marker)[2],
             "class": "boundary", "type": "administrative", "importance": 0.5,
             "address": {"country_code": "kp"}}]



def _answers(cache: AnswerCache) -> int:
    con = sqlite3.connect(cache.path)
    try:
        return con.execute("SELECT count(*) FROM answers").fetchone()[0]
    finally:
        con.close()



KUJANG = geocoder_key("nominatim", "Kujang County")



def _filled(tmp_path: Path) -> AnswerCache:
    c = AnswerCache(tmp_path / "g.sqlite", warn=lambda m: None)
    c.put(KUJANG, [{"lat": "1", "lon": "2"}], endpoint="http://x")
    return c



@pytest.fixture
def cache_env(cache_env):
    """conftest's cache_env, and a session on a fake clock: services on a closed port fail at once
    (their retries' back-off costs no time)."""
    with http.use_session(http.Session(clock=FakeClock())):
        yield cache_env



def _article(folder: Path, text: str = "Troops marched in Pyongyang and Nairobi.\n") -> Path:
    a = folder / "a.txt"
    a.write_text(text, encoding="utf-8")
    (folder / "a.json").write_text('{"published": "2023-07-27"}', encoding="utf-8")
    return a



def _share_gazetteer(cache: Path) -> None:
    """Give a subprocess's cache folder this process's built gazetteer (no cold build there)."""
    # Only the index this code builds: the folder may also hold older ones, or a layered one
    # another test (or another test process) made.
    built = Path(osint.load_gazetteer().path)
    cache.mkdir(parents=True, exist_ok=True)
    shutil.copy2(built, cache / built.name)



def _osint(*argv: str, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "osint.cli", *argv], capture_output=True, text=True,
                          timeout=timeout, cwd=kw.pop("cwd", ROOT), **kw)



def _planted(tmp_path: Path, mode: int = 0o600, name: str = "gazetteer-0123456789abcdef.sqlite") -> Path:
    """A planted index: a SQLite file whose ``keys`` is a view that never ends."""
    path = tmp_path / name
    _db(path, "CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT)",
        "INSERT INTO meta VALUES ('format', 'osint-gazetteer-index')",
        f"CREATE VIEW keys AS {NEVER_ENDS}")
    os.chmod(path, mode)
    return path



KUJANG_KEY = geocoder_key("nominatim", "Kujang")



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



@pytest.mark.parametrize("code,message", [
    (13, "database or disk is full"), (14, "unable to open database file"), (10, "disk I/O error"),
    (8, "attempt to write a readonly database"),
])
def test_cache_environment_errors_never_set_a_healthy_cache_aside(tmp_path, monkeypatch, code, message):
    c = _filled(tmp_path)
    said = []
    broken = AnswerCache(c.path, warn=said.append)

    def fail(*a, **k):
        exc = sqlite3.OperationalError(message)
        exc.sqlite_errorcode = code
        raise exc

    monkeypatch.setattr(broken, "_open", fail)
    assert broken.get(KUJANG) is None
    broken.put(geocoder_key("nominatim", "Other"), [], endpoint="http://x")
    assert len(said) == 1 and "left as it is" in said[0]
    monkeypatch.undo()
    assert c.path.exists() and not list(tmp_path.glob("*.corrupt-*"))
    assert _answers(c) == 1



def test_cache_of_a_newer_schema_is_left_alone(tmp_path):
    c = _filled(tmp_path)
    con = sqlite3.connect(c.path)
    con.execute("PRAGMA user_version = 99")
    con.close()
    said = []
    newer = AnswerCache(c.path, warn=said.append)
    assert newer.get(KUJANG) is None
    assert said and "newer version" in said[0]
    con = sqlite3.connect(c.path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 99
    assert con.execute("SELECT count(*) FROM answers").fetchone()[0] == 1
    con.close()



def test_damaged_cache_is_still_set_aside(tmp_path):
    path = tmp_path / "g.sqlite"
    path.write_bytes(b"this is not sqlite at all" * 100)
    said = []
    c = AnswerCache(path, warn=said.append)
    c.put(KUJANG, [], endpoint="http://x")
    assert said and "damaged" in said[0]
    assert list(tmp_path.glob("g.sqlite.corrupt-*"))
    assert c.get(KUJANG).answer == []



def test_unusable_cache_folder_gives_a_warning_not_a_traceback(cache_env, monkeypatch, capsys):
    blocker = cache_env / "blocker"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("OSINT_CACHE_DIR", str(blocker / "cache"))
    article = cache_env / "a.txt"
    article.write_text("Troops trained in Hoechang County.\n", encoding="utf-8")
    with MockServer({"/search": Reply(_geocoder_answer(cache_env / "x"))}) as srv:
        monkeypatch.setenv("OSINT_NOMINATIM_URL", srv.url)
        assert cli.main(["geoparse", "--online", str(article)]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "cache" in err
    assert json.loads(out)["places"][0]["source"] == "nominatim"



def test_cache_clear_clears_every_cache(cache_env, capsys):
    # A former JSON answer of the cross-reference (not yet moved into the cache) and one in it.
    root = legacy_root() / "celestrak"
    root.mkdir(parents=True)
    (root / "abc.json").write_text('{"data": []}', encoding="utf-8")
    _filled(cache_env / "cache").path.rename(cache_env / "cache" / "geocoding.sqlite")
    AnswerCache().put(request_key("stac", "http://x/search", {"q": 1}), {"features": []}, endpoint="http://x")
    assert cli.main(["cache", "info"]) == 0
    info = capsys.readouterr().out
    assert "nominatim: 1 answers" in info and "celestrak: 1 answers" in info and "stac: 1 answers" in info
    assert cli.main(["cache", "clear"]) == 0
    assert "deleted 2 imagery cross-reference answers" in capsys.readouterr().out
    assert not list(root.glob("*.json"))
    assert cli.main(["cache", "info"]) == 0
    info = capsys.readouterr().out
    assert "nominatim" not in info.split("imagery")[0].split("total")[-1]
    assert info.rstrip().endswith("none cached")



def test_caches_replace_a_planted_fifo_instead_of_writing_into_it(tmp_path):
    fifo = tmp_path / "answer.json"
    os.mkfifo(fifo)
    with atomic_output(fifo, replace_special=True) as fh:
        fh.write("{}")
    assert fifo.is_file() and fifo.read_text() == "{}"



@pytest.mark.timeout(30)
def test_a_fifo_in_place_of_a_cached_answer_does_not_hang(cache_env):
    # Where the former JSON cache kept this answer (it is still read once, to move it into the cache).
    url, params = "http://127.0.0.1:9/search", {"q": "x"}
    path = legacy_file(request_key("stac", url + "?q=x"))
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    with pytest.raises(http.NotAvailable):
        http.fetch_json("stac", url, params, online=False)
    assert not path.exists()  # the planted node is dropped like a malformed entry



@pytest.mark.timeout(30)
def test_a_fifo_in_place_of_the_cache_file_does_not_hang(cache_env):
    (cache_env / "cache").mkdir()
    os.mkfifo(cache_env / "cache" / "geocoding.sqlite")
    with pytest.warns(Warning, match="not a regular file"), pytest.raises(http.NotAvailable):
        http.fetch_json("stac", "http://127.0.0.1:9/search", {"q": "x"}, online=False)



@pytest.mark.parametrize("mode,why", [(0o666, "writable by others"), (0o620, "writable by others"),
                                      (0o602, "writable by others")])
def test_a_cached_index_others_may_write_is_never_read(tmp_path, capsys, mode, why):
    from osint.gazetteer.build import _open_cached

    path = _planted(tmp_path, mode)
    assert _open_cached(path, "x") is None
    assert why in capsys.readouterr().err



def test_a_cached_index_of_another_user_is_never_read(tmp_path, capsys):
    from osint.gazetteer.build import _open_cached

    if os.getuid() != 0:
        pytest.skip("making a file another user's needs root")
    path = _planted(tmp_path)
    os.chown(path, 65534, 65534)
    assert _open_cached(path, "x") is None
    assert "owned by another user" in capsys.readouterr().err



@pytest.mark.timeout(30)
def test_a_cached_index_that_is_a_link_a_fifo_a_planted_view_or_no_index_is_rebuilt(tmp_path, capsys):
    from osint.gazetteer.build import _open_cached

    target = _planted(tmp_path)
    link = tmp_path / "gazetteer-link.sqlite"
    link.symlink_to(target)
    fifo = tmp_path / "gazetteer-fifo.sqlite"
    os.mkfifo(fifo)
    for path in (link, fifo):
        assert _open_cached(path, "x") is None
        assert "not a regular file" in capsys.readouterr().err
    # A view that never ends under a table's name is refused before any query reads it.
    assert _open_cached(target, "x") is None
    assert "not a gazetteer index" in capsys.readouterr().err
    other = tmp_path / "gazetteer-other.sqlite"
    other.write_bytes(b"SQLite format 3\0 but not a database")
    other.chmod(0o600)
    assert _open_cached(other, "x") is None
    assert "not a gazetteer index" in capsys.readouterr().err



def test_a_stale_temporary_index_is_swept_by_a_warm_run(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    cache = tmp_path / "cache"
    _share_gazetteer(cache)
    (name,) = [p.name for p in cache.glob("gazetteer-*.sqlite")]

    stale = cache / f".{name}.osint-h{machine_tag()}-p{dead}-s1-0123abcd.tmp"
    stale.write_bytes(b"half an index")
    a = _article(tmp_path)
    res = _osint("geoparse", str(a), env={**os.environ, "OSINT_CACHE_DIR": str(cache)})
    assert res.returncode == 0, res.stderr
    assert not stale.exists() and (cache / name).exists()



@pytest.mark.slow
@pytest.mark.timeout(300)
def test_an_index_left_half_written_by_a_killed_cold_build_is_swept(tmp_path):
    import signal

    cache = tmp_path / "cache"
    cache.mkdir()
    a = _article(tmp_path)
    env = {**os.environ, "OSINT_CACHE_DIR": str(cache)}
    p = subprocess.Popen([sys.executable, "-m", "osint.cli", "geoparse", str(a)], cwd=ROOT, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not list(cache.glob(".gazetteer-*.tmp")) and p.poll() is None:
        time.sleep(0.005)
    p.send_signal(signal.SIGKILL)  # no handler can run: the temporary file stays
    p.wait(30)
    left = list(cache.glob(".gazetteer-*.tmp"))
    assert left, "the build finished before it could be killed"
    _share_gazetteer(cache)  # another run built the index meanwhile: this one only loads it
    res = _osint("geoparse", str(a), env=env)
    assert res.returncode == 0, res.stderr
    assert not any(f.exists() for f in left)



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
    AnswerCache(path).put(KUJANG_KEY, [], endpoint="https://example.org")
    _db(path, statement)
    told: list[str] = []
    c = AnswerCache(path, warn=told.append)
    assert c.get(KUJANG_KEY) is None
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
    c.put(KUJANG_KEY, [], endpoint="https://example.org")
    assert c.get(KUJANG_KEY) is None
    assert told and "symbolic link" in told[0]
    assert other.read_bytes() == before  # not converted to WAL, no table added
    assert not Path(str(other) + "-wal").exists()



def test_a_linked_journal_beside_the_cache_is_refused(tmp_path):
    path = tmp_path / "geocoding.sqlite"
    AnswerCache(path).put(KUJANG_KEY, [], endpoint="https://example.org")
    Path(str(path) + "-wal").unlink(missing_ok=True)
    Path(str(path) + "-wal").symlink_to(tmp_path / "victim")
    with pytest.raises(CacheUnavailable, match="symbolic link"):
        AnswerCache(path).info()
    assert not (tmp_path / "victim").exists()



def test_every_statement_has_a_deadline(tmp_path):
    c = AnswerCache(tmp_path / "g.sqlite", statement_deadline=0.3)
    c.put(KUJANG_KEY, [], endpoint="https://example.org")
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



@pytest.mark.timeout(120)
def test_a_link_swapped_in_between_check_and_load_is_never_followed(tmp_path, capsys):
    # The attack: a trusted regular file and a link to a file others may write swapped at the
    # index's name in a loop while the victim opens it. What SQLite reads is the descriptor that
    # was checked, never the name again.
    from osint.gazetteer.build import INDEX_VERSION, _open_cached
    from osint.gazetteer.index import TABLES

    evil = _db(tmp_path / "evil.sqlite", *(f"CREATE TABLE {t} (k TEXT PRIMARY KEY, v TEXT)" for t in TABLES),
               "INSERT INTO meta VALUES ('format', 'osint-gazetteer-index')",
               f"INSERT INTO meta VALUES ('version', '{INDEX_VERSION}')")
    evil.chmod(0o666)
    good = tmp_path / "good.sqlite"
    good.write_bytes(b"harmless")  # "not a gazetteer index"
    good.chmod(0o600)
    target = tmp_path / "gazetteer-x.sqlite"
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
        for _ in range(2000):
            assert _open_cached(target, "x") is None
    finally:
        stop.set()
        t.join()
    err = capsys.readouterr().err
    assert "not a gazetteer index" in err and "damaged" not in err, "the linked file was read"

