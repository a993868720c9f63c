"""Hostile input, second round: one test (or a few) per confirmed finding of the red-team review.

As in tests/test_security.py: a bad input or a broken service ends in one clear line
and exit status 2 (or a note), never a traceback, a hang or a silent empty result.
Services answer in-process through the online layer's mock transport, or from small servers on
127.0.0.1 where a socket is the point (tests/servers.py); nothing reaches the internet.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import USER_AGENT
from servers import FakeClock, MockServer, Reply, Server

import osint
from osint import cli
from osint.errors import InputError, ServiceError
from osint.io import atomic_output, read_limited
from osint.online import http
from osint.online.cache import AnswerCache, geocoder_key, legacy_file, legacy_root, request_key
from osint.paths import data_file

ROOT = Path(__file__).resolve().parents[1]


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
    from osint.paths import cache_dir

    osint.load_gazetteer()
    cache.mkdir(parents=True, exist_ok=True)
    for f in cache_dir().glob("gazetteer-*.pkl"):
        shutil.copy2(f, cache / f.name)


def _osint(*argv: str, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "osint.cli", *argv], capture_output=True, text=True,
                          timeout=timeout, cwd=kw.pop("cwd", ROOT), **kw)


# ------------------------------------------------------------- 1: evidence files


@pytest.mark.timeout(60)
@pytest.mark.parametrize("special", ["fifo", "/dev/zero", "/dev/null"])
def test_evidence_that_is_not_a_regular_file_is_refused(tmp_path, capsys, special):
    a = _article(tmp_path)
    if special == "fifo":
        special = str(tmp_path / "evidence.csv")
        os.mkfifo(special)
    assert cli.main(["crossref", str(a), "--evidence", special]) == 2
    err = capsys.readouterr().err
    assert "not a regular file" in err and special in err


def test_oversized_evidence_table_is_refused(tmp_path, capsys, monkeypatch):
    from osint.checks import evidence

    a = _article(tmp_path)
    big = tmp_path / "big.csv"
    big.write_text("id,kind,date,site_id,lat,lon,provider,sensor,source_url\n" + "x" * 4096, encoding="utf-8")
    monkeypatch.setattr(evidence, "read_limited",
                        lambda p, what: read_limited(p, limit=1024, what=what))
    assert cli.main(["crossref", str(a), "--evidence", str(big)]) == 2
    assert "larger than" in capsys.readouterr().err


# ------------------------------------------------------- 3: shipped data are inputs


@pytest.mark.parametrize("name", ["imagery_evidence.csv", "countries.csv", "curated_places.csv",
                                  "sensors.csv"])
def test_an_output_onto_a_shipped_data_file_is_refused(tmp_path, capsys, monkeypatch, name):
    # On a copy of the data folder (mtimes kept, so the gazetteer stays the same one): a
    # regression damages the copy, never the checkout.
    shutil.copytree(data_file(name).parent, tmp_path / "data", ignore=shutil.ignore_patterns("interim"))
    monkeypatch.setenv("OSINT_DATA_DIR", str(tmp_path / "data"))
    a = _article(tmp_path)
    target = data_file(name)
    assert target.parent == tmp_path / "data"
    before = target.read_bytes()
    for argv in (["geoparse", str(a), "--format", "csv", "-o", str(target)],
                 ["crossref", str(a), "--format", "json", "-o", str(target)]):
        assert cli.main(argv) == 2
        assert "shipped with osint" in capsys.readouterr().err
    link = tmp_path / "link.csv"  # another name for the same file is the same file
    link.symlink_to(target)
    with pytest.raises(InputError, match="shipped"), atomic_output(link) as fh:
        fh.write("gone")
    assert target.read_bytes() == before


# ---------------------------------------------------- 4: outputs that are not files


# These tests name /dev/null and standard output through a symlink of their own and
# /proc/self/fd/1: should the code regress, the worst it can replace is the test's own
# symlink (nothing can be created in /proc), never the machine's /dev/null or /dev/stdout.


def test_output_to_dev_null_discards_and_keeps_the_device(tmp_path, capsys):
    a = _article(tmp_path)
    link = tmp_path / "out.csv"
    link.symlink_to("/dev/null")
    assert cli.main(["geoparse", str(a), "--format", "csv", "-o", str(link)]) == 0
    assert cli.main(["crossref", str(a), "--format", "json", "-o", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert capsys.readouterr().out == ""
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("stdout", ["pipe", "file"])
def test_output_to_proc_self_fd_1_is_standard_output(tmp_path, stdout):
    a = _article(tmp_path)
    if stdout == "pipe":
        res = _osint("geoparse", str(a), "--format", "csv", "-o", "/proc/self/fd/1")
        out = res.stdout
    else:
        f = tmp_path / "captured.csv"
        with f.open("w") as fh:
            fh.write("kept line\n")
            fh.flush()
            res = subprocess.run([sys.executable, "-m", "osint.cli", "geoparse", str(a), "--format", "csv",
                                  "-o", "/proc/self/fd/1"], stdout=fh, stderr=subprocess.PIPE, text=True,
                                 timeout=120, cwd=ROOT)
        out = f.read_text("utf-8")
        assert out.startswith("kept line\n")  # appended like standard output, not rewritten from 0
    assert res.returncode == 0, res.stderr
    assert "Pyongyang" in out and out.count("\n") >= 3


@pytest.mark.timeout(60)
def test_output_to_a_fifo_without_reader_is_refused_and_with_one_is_written(tmp_path, capsys):
    a = _article(tmp_path)
    fifo = tmp_path / "out.jsonl"
    os.mkfifo(fifo)
    assert cli.main(["geoparse", str(a), "-o", str(fifo)]) == 2
    assert "no process is reading" in capsys.readouterr().err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    deadline = time.monotonic() + 10
    code = 2
    while time.monotonic() < deadline:  # the reader may not have opened its end yet
        code = cli.main(["geoparse", str(a), "-o", str(fifo)])
        if code == 0:
            break
        time.sleep(0.05)
    assert code == 0
    reader.join(10)
    assert b"Pyongyang" in got[0]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_caches_replace_a_planted_fifo_instead_of_writing_into_it(tmp_path):
    fifo = tmp_path / "answer.json"
    os.mkfifo(fifo)
    with atomic_output(fifo, replace_special=True) as fh:
        fh.write("{}")
    assert fifo.is_file() and fifo.read_text() == "{}"


# ---------------------------------------------------------------- 17: cache folder


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


# ----------------------------------------------------------------- 5, 6: requests


@pytest.mark.timeout(60)
def test_a_server_dripping_its_headers_is_cut_off_and_its_socket_closed():
    before = set(threading.enumerate())
    with Server({"/drip": Reply(head_drip=0.2)}) as srv:
        for _ in range(3):
            t0 = time.monotonic()
            with pytest.raises(http.DeadlineExceeded):
                http.request("GET", srv.url + "/drip", timeout=1.0, retries=0)
            assert time.monotonic() - t0 < 5
        # No thread per request: the one watchdog of the process is all the requests added.
        ours = [t.name for t in threading.enumerate() if t not in before and t.name.startswith("osint")]
        assert ours in ([], ["osint-http-watchdog"])
        # The sockets were shut down and closed: the server's handlers, dripping into them, end.
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            handlers = [t for t in threading.enumerate() if t not in before and t.is_alive()
                        and "process_request" in t.name]
            if not handlers:
                break
            time.sleep(0.05)
        assert not handlers, "a connection was left open"


@pytest.mark.timeout(120)
def test_the_cli_exits_by_the_deadline_when_a_geocoder_drips_its_headers(tmp_path):
    a = _article(tmp_path, "Troops gathered in Hoechang County.\n")
    with Server({"/search": Reply(head_drip=1.0)}) as srv:
        env = {**os.environ, "OSINT_CACHE_DIR": str(tmp_path / "cache"), "OSINT_NOMINATIM_URL": srv.url,
               "OSINT_USER_AGENT": USER_AGENT, "OSINT_GEOCODER_TIMEOUT": "2", "OSINT_GEOCODER_RETRIES": "0",
               "NO_PROXY": "127.0.0.1,localhost", "OSINT_GEOCODER": "nominatim"}
        _share_gazetteer(tmp_path / "cache")
        t0 = time.monotonic()
        res = _osint("geoparse", "--online", str(a), env=env, timeout=60)
        elapsed = time.monotonic() - t0
        asked = len(srv.requests)
    assert asked, "the geocoder was never asked"
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr and "within 2 s" in res.stderr
    # Each query gives up after 2 s; the rest is start-up (loading the gazetteer).
    assert elapsed < 2 * asked + 10, f"{elapsed:.0f} s for {asked} request(s) of 2 s"


@pytest.mark.parametrize("location", ["http://127.0.0.1:99999/x", "http://[::1/x", "//[zz/x",
                                      "http://127.0.0.1:-1/"])
def test_a_malformed_redirect_is_a_service_error(location):
    with MockServer({"/go": Reply(b"", 302, {"Location": location})}) as srv, \
            pytest.raises(ServiceError, match="malformed address"):
        http.request("GET", srv.url + "/go", retries=0)


def test_a_malformed_url_is_a_service_error():
    for url in ("http://127.0.0.1:99999/", "http://[::1/x"):
        with pytest.raises(ServiceError, match="not a valid URL"):
            http.request("GET", url, retries=0)


# ------------------------------------------------------------- 13: geocoder settings


@pytest.mark.parametrize("var,value", [
    ("OSINT_GEOCODER_TIMEOUT", "1e10"), ("OSINT_GEOCODER_TIMEOUT", "301"), ("OSINT_GEOCODER_TIMEOUT", "nan"),
    ("OSINT_GEOCODER_TIMEOUT", "inf"), ("OSINT_GEOCODER_TIMEOUT", "-1"), ("OSINT_GEOCODER_TIMEOUT", "0"),
    ("OSINT_GEOCODER_RETRIES", "1e15"), ("OSINT_GEOCODER_RETRIES", "11"), ("OSINT_GEOCODER_RETRIES", "-1"),
    ("OSINT_GEOCODER_RETRIES", "nan"), ("OSINT_GEOCODER_RETRIES", "1.5"),
])
def test_unbounded_geocoder_settings_are_refused(cache_env, monkeypatch, capsys, var, value):
    monkeypatch.setenv("OSINT_NOMINATIM_URL", "http://127.0.0.1:9")
    monkeypatch.setenv(var, value)
    a = _article(cache_env)
    assert cli.main(["geoparse", "--online", str(a)]) == 2
    err = capsys.readouterr().err
    assert var in err and repr(value) in err and "Traceback" not in err


def test_geocoder_settings_within_bounds_are_taken(cache_env, monkeypatch):
    from osint.online.nominatim import NominatimProvider

    monkeypatch.setenv("OSINT_GEOCODER_TIMEOUT", "300")
    monkeypatch.setenv("OSINT_GEOCODER_RETRIES", "10")
    p = NominatimProvider(url="http://127.0.0.1:9", cache=False)
    assert (p.timeout, p.retries) == (300.0, 10)


# ---------------------------------------------------------------- 7, 8, 9: STAC

SEED = ROOT / "seeds" / "000_908df4e159e4c100.txt"


def _item(id: str, **props) -> dict:
    bbox = props.pop("bbox", [125.0, 38.5, 126.5, 39.5])
    return {"type": "Feature", "stac_version": "1.0.0", "id": id, "collection": "sentinel-2-l2a",
            "geometry": {"type": "Polygon", "coordinates": [[[125.0, 38.5], [126.5, 38.5], [126.5, 39.5],
                                                             [125.0, 39.5], [125.0, 38.5]]]},
            "bbox": bbox, "properties": {"datetime": "2023-07-20T02:10:00Z", "platform": "sentinel-2a",
                                         **props},
            "assets": {}, "links": []}


def _stac_routes(features: list, umbra_item: dict | None = None, root_links: list | None = None) -> dict:
    landing = {"type": "Catalog", "id": "es", "stac_version": "1.0.0", "description": "d",
               "links": [{"rel": "search", "href": "/search"}]}
    catalog = {"type": "Catalog", "id": "umbra", "stac_version": "1.0.0", "description": "d",
               "links": root_links if root_links is not None else [{"rel": "item", "href": "item.json"}]}
    routes = {"/": Reply(landing), "/search": Reply({"type": "FeatureCollection", "features": features}),
              "/umbra/catalog.json": Reply(catalog)}
    if umbra_item is not None:
        routes["/umbra/item.json"] = Reply(umbra_item)
    return routes


def _stac_env(monkeypatch, srv: MockServer) -> None:
    monkeypatch.setenv("OSINT_STAC_URL", srv.url)
    monkeypatch.setenv("OSINT_UMBRA_STAC_URL", srv.url + "/umbra/catalog.json")
    for var in ("OSINT_OPEN_METEO_URL", "OSINT_CELESTRAK_URL"):
        monkeypatch.setenv(var, "http://127.0.0.1:9/x")  # nothing listens: those checks say so


def test_stac_items_whose_record_cannot_be_made_are_dropped_and_never_cached(cache_env, monkeypatch):
    import datetime as dt

    from osint.online import stac

    bad = [_item("cc-text", **{"eo:cloud_cover": "abc"}), _item("cc-bool", **{"eo:cloud_cover": True}),
           _item("cc-range", **{"eo:cloud_cover": 250}), _item("bbox-text", bbox=["a", "b", "c", "d"]),
           _item("bbox-short", bbox=[1, 2, 3])]
    good = _item("good", **{"eo:cloud_cover": 3.5})
    with MockServer(_stac_routes([*bad, good])) as srv:
        _stac_env(monkeypatch, srv)
        res = stac.earth_search(39.0, 125.8, dt.date(2023, 7, 1), dt.date(2023, 7, 27), online=True)
    assert [r.id for r in res.records] == ["good"] and res.records[0].cloud_cover == 3.5
    cached = AnswerCache().answers(provider="stac")
    ids = [f["id"] for c in cached for f in c.answer.get("features", [])]
    assert ids == ["good"]
    again = stac.earth_search(39.0, 125.8, dt.date(2023, 7, 1), dt.date(2023, 7, 27), online=False)
    assert [r.id for r in again.records] == ["good"]


def test_stac_items_with_a_null_datetime_use_their_start(cache_env, monkeypatch):
    interval = {"datetime": None, "start_datetime": "2023-07-18T01:02:00Z",
                "end_datetime": "2023-07-18T01:05:00Z"}
    s2 = _item("s2-interval", **{**interval, "eo:cloud_cover": 2})
    umbra = {**_item("umbra-interval", **interval, platform="Umbra-05"), "collection": "umbra-sar"}
    with MockServer(_stac_routes([s2], umbra)) as srv:
        _stac_env(monkeypatch, srv)
        online = osint.crossref(SEED, online=True)
    offline = osint.crossref(SEED, online=False)  # the same answers, from the cache
    for rep in (online, offline):
        square, mirim = ({k.check: k for k in r.checks}["catalog"] for r in rep.imagery)
        assert "2023-07-18 2%" in square.detail, square.detail
        assert mirim.status == "consistent" and "umbra-interval (2023-07-18 01:02 UTC)" in mirim.detail


def test_static_catalog_walk_counts_failures_and_stays_on_its_host(cache_env, monkeypatch):
    import datetime as dt

    from osint.online import stac

    links = ([{"rel": "child", "href": f"missing-{i}.json"} for i in range(50)]
             + [{"rel": "child", "href": "http://localhost:8631/secret.json"},
                {"rel": "child", "href": "http://127.0.0.1:8632/secret.json"},
                {"rel": "child", "href": "http://[::1/x"}])
    with MockServer(_stac_routes([], root_links=links), url="http://127.0.0.1:8631") as srv:
        res = stac.static_catalog_search(39.0, 125.8, dt.date(2023, 7, 1), dt.date(2023, 7, 27),
                                         online=True, url=srv.url + "/umbra/catalog.json", budget=10)
        asked = [r["path"] for r in srv.requests]
    assert srv.elsewhere == []  # another host (or port) is never asked
    assert len(asked) == 10, asked  # the root and nine failing children: the budget holds
    assert not res.complete and "stopped after 10 requests" in res.source
    assert res.records == ()


# ------------------------------------------------------------------- 10: OMM

OMM = json.loads((ROOT / "tests" / "fixtures" / "crossref" / "celestrak_umbra_omm.json").read_text())[0]
HUGE = [("NORAD_CAT_ID", 10**30), ("MEAN_MOTION", 10**400), ("ELEMENT_SET_NO", 10**30),
        ("REV_AT_EPOCH", 10**30), ("EPHEMERIS_TYPE", 10**30), ("BSTAR", 10**300), ("MEAN_MOTION", 1e308),
        ("NORAD_CAT_ID", True), ("NORAD_CAT_ID", -5)]


@pytest.mark.parametrize("field,value", HUGE)
def test_omm_records_with_huge_numbers_are_left_out_with_a_note(tmp_path, capsys, field, value):
    el = tmp_path / "elements.json"
    el.write_text(json.dumps([{**OMM, field: value, "OBJECT_NAME": "HOSTILE"}, OMM]), encoding="utf-8")
    rep = osint.crossref(SEED, elements=str(el))
    orbit = {k.check: k for k in rep.imagery[1].checks}["orbits"]
    assert "left out" in orbit.detail and field in orbit.detail and "HOSTILE" in orbit.detail
    assert orbit.evidence["satellites"] == ["UMBRA-05"]
    el.write_text(json.dumps([{**OMM, field: value}]), encoding="utf-8")
    assert cli.main(["crossref", str(SEED), "--elements", str(el)]) == 2
    err = capsys.readouterr().err
    assert "no usable OMM" in err and "Traceback" not in err


def test_huge_omm_numbers_online_are_never_cached(cache_env, monkeypatch):
    from osint.online import orbits

    answer = [{**OMM, field: value} for field, value in HUGE] + [OMM]
    with MockServer({"/gp": Reply(answer)}) as srv:
        monkeypatch.setenv("OSINT_CELESTRAK_URL", srv.url + "/gp")
        els, _ = orbits.fetch_elements("Umbra", online=True, queries=[{"NAME": "UMBRA"}])
    assert [e.norad_id for e in els] == [OMM["NORAD_CAT_ID"]]
    cached = [c.answer for c in AnswerCache().answers(provider="celestrak")]
    assert cached == [[orbits._omm_record(OMM)]]


def test_a_tle_epoch_that_overflows_is_a_clear_error(tmp_path, capsys):
    l1 = "1 25544U 98067A   231e30000000  .00016717  00000-0  10270-3 0  9005"  # day of year: inf
    l2 = "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537"
    el = tmp_path / "elements.txt"
    el.write_text(f"ISS\n{l1}\n{l2}\n", encoding="utf-8")
    assert cli.main(["crossref", str(SEED), "--elements", str(el)]) == 2
    err = capsys.readouterr().err
    assert "elements.txt" in err and "Traceback" not in err


# ------------------------------------------------------------ 11: weather hours


def test_weather_hours_outside_the_ephemeris_are_dropped(cache_env, monkeypatch):
    hours = ["0001-01-01T00:00", "9999-12-31T23:00", "1800-01-01T00:00"]
    good = [f"2023-07-{d:02d}T{h:02d}:00" for d in range(1, 28) for h in range(24)]
    answer = {"latitude": 39.0, "longitude": 125.8, "timezone": "Asia/Pyongyang",
              "hourly": {"time": hours + good, "cloud_cover": [0, 0, 0] + [5] * len(good)}}
    with MockServer({"/archive": Reply(answer)}) as srv:
        monkeypatch.setenv("OSINT_OPEN_METEO_URL", srv.url + "/archive")
        for var in ("OSINT_STAC_URL", "OSINT_UMBRA_STAC_URL", "OSINT_CELESTRAK_URL"):
            monkeypatch.setenv(var, "http://127.0.0.1:9/x")
        rep = osint.crossref(SEED, online=True)
    for r in (rep, osint.crossref(SEED, online=False)):
        weather = {k.check: k for k in r.imagery[0].checks}["weather"]
        assert weather.status != "not checked", weather.detail
        assert weather.evidence["hours"] == len(good)
    cached = AnswerCache().answers(provider="open-meteo")
    assert cached and all(c.answer["hourly"]["time"][0].startswith("2023-07-01") for c in cached)


def test_solar_elevations_at_the_calendar_edges_are_an_input_error():
    import datetime as dt
    from zoneinfo import ZoneInfo

    from osint.sun import elevations

    ok = dt.datetime(2023, 7, 1, tzinfo=dt.UTC)
    for edge in (dt.datetime(1, 1, 1, tzinfo=ZoneInfo("Asia/Pyongyang")),
                 dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(dt.timedelta(hours=-5)))):
        with pytest.raises(InputError, match="outside the solar ephemeris"):
            elevations(39.0, 125.7, [ok, edge])


# ---------------------------------------------------------- 12: calendar edges

RELATIVE = ["last week", "next year", "in 2 days", "the past 3 years", "tomorrow", "yesterday", "next month",
            "March 5", "last weekend", "this weekend", "next Monday", "in January", "the past few months",
            "January last year", "March next year", "last month", "earlier this week"]


@pytest.mark.parametrize("anchor", ["0001-01-01", "0001-01-03", "9999-12-30", "9999-12-31"])
def test_relative_dates_at_the_calendar_edges_are_left_unresolved(anchor):
    import datetime as dt

    from osint.dates import find_dates

    a = dt.date.fromisoformat(anchor)
    for expr in RELATIVE:
        refs = find_dates(f"It happened {expr}.", a)
        for r in refs:
            assert (r.date_start is None) == (r.date_end is None)
            if r.date_start is None:
                assert "outside the calendar" in r.derivation
    unresolved = [e for e in RELATIVE for r in find_dates(e, a) if not r.resolved]
    assert unresolved, "nothing reached the edge: the test does not test"
    assert {r.text for r in find_dates("last week and next year", a)} == {"last week", "next year"}


CLAIM = ("Satellite imagery taken {when} by Maxar showed troops at Kim Il Sung Square in Pyongyang, "
         "said analyst Dave Smith.\n")


@pytest.mark.parametrize("when,published,how", [
    ("last week", "0001-01-01", "sidecar"), ("next year and in 2 days", "9999-12-31", "flag"),
    ("on 9999-12-31", "2023-07-27", "flag"), ("on 0001-01-01", "0001-01-08", "sidecar"),
    ("recently", "9999-12-31", "sidecar"),
])
def test_crossref_at_the_calendar_edges_ends_cleanly(tmp_path, capsys, when, published, how):
    a = tmp_path / "edge.txt"
    a.write_text(CLAIM.format(when=when), encoding="utf-8")
    flag = []
    if how == "sidecar":
        (tmp_path / "edge.json").write_text(json.dumps({"published": published}), encoding="utf-8")
    else:
        flag = ["--published", published]
    assert cli.main(["crossref", str(a), *flag, "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["claims"] and "Traceback" not in err
    assert cli.main(["crossref", str(a), *flag]) == 0
    assert "verdict:" in capsys.readouterr().out
    rep = osint.crossref(a, published=published)
    checks = {k.check: k for k in rep.imagery[0].checks}
    assert "outside the solar ephemeris" in checks["sensor_conditions"].detail


# ------------------------------------------------------ 18: geocoder result types

NOMINATIM_GOOD = {"place_id": 1, "osm_type": "relation", "osm_id": 42, "lat": "38.947", "lon": "126.2",
                  "display_name": "Hoechang County, North Korea", "name": "Hoechang County",
                  "class": "boundary", "type": "administrative", "importance": 0.5}


@pytest.mark.parametrize("provider", ["nominatim", "photon", "arcgis"])
def test_geocoder_results_of_the_wrong_type_are_rejected_and_not_cached(cache_env, provider):
    from osint.online.geocoders import PROVIDERS

    good_name = "Hoechang County"
    if provider == "nominatim":
        bad = [NOMINATIM_GOOD | x for x in ({"lat": True}, {"lon": [126]}, {"lat": "abc"}, {"lat": "nan"},
                                            {"lat": 10**400}, {"importance": "high"}, {"lat": "1e2"})]
        routes = {"/search": Reply([*bad, NOMINATIM_GOOD])}
    elif provider == "photon":
        def feature(coords):
            return {"type": "Feature", "geometry": {"type": "Point", "coordinates": coords},
                    "properties": {"name": good_name, "osm_type": "R", "osm_id": 7, "countrycode": "KP"}}
        bad = [feature("38"), feature(["126.2", "38.9"]), feature([True, False]), feature([126.2]),
               feature({"lon": 1, "lat": 2}), {**feature([126.2, 38.9]), "properties": "x"}]
        routes = {"/api": Reply({"type": "FeatureCollection", "features": [*bad, feature([126.2, 38.9])]})}
    else:
        def cand(x, y, score=90):
            return {"address": f"{good_name}, North Korea", "location": {"x": x, "y": y}, "score": score,
                    "attributes": {"Addr_type": "Locality"}}
        bad = [cand("126.2", "38.9"), cand(True, 38.9), cand(126.2, 38.9, "high")]
        routes = {"/arcgis/rest/services/World/GeocodeServer/findAddressCandidates":
                  Reply({"candidates": [*bad, cand(126.2, 38.9)]})}
    with MockServer(routes) as srv:
        cache = AnswerCache(cache_env / "g.sqlite", warn=lambda m: None)
        geo = PROVIDERS[provider](url=srv.url, user_agent=USER_AGENT, cache=cache)
        ans = geo.search(good_name)
        assert srv.requests, "the server was never asked"
    assert len(ans.candidates) == 1
    c = ans.candidates[0].entry
    assert (round(c.lat, 1), round(c.lon, 1)) == (38.9, 126.2)
    stored = cache.get(geocoder_key(provider, good_name)).answer
    assert len(stored) == 1  # only the well-formed result is kept for offline runs


# --------------------------------------------------------- 14: terminal escapes

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[31m\x9b31m\x07\r"


def test_cache_info_never_prints_escape_sequences_from_the_cache(cache_env, capsys):
    cache = AnswerCache(warn=lambda m: None)
    cache.put(geocoder_key(f"nominatim{ESCAPES}", "q"), [1], endpoint="http://x")
    cache.put(request_key(f"celestrak{ESCAPES}", "http://x/gp"), [], endpoint="http://x")
    (legacy_root() / f"stac{ESCAPES}").mkdir(parents=True)
    (legacy_root() / f"stac{ESCAPES}" / "a.json").write_text("{}")
    assert cli.main(["cache", "info"]) == 0
    out, err = capsys.readouterr()
    assert "nominatim" in out and "stac" in out and "celestrak" in out
    for ch in "\x1b\x07\x9b\r":
        assert ch not in out + err


def test_the_command_line_cleans_everything_it_prints_for_a_person(cache_env, capsys, monkeypatch):
    from osint.cli import cache as cache_cmd

    def noisy(args) -> int:  # as a module that prints for itself would (osint report's progress)
        print(f"raw note {ESCAPES}", file=sys.stderr)
        sys.stderr.write(f"a library warning {ESCAPES}\n")
        return 0

    monkeypatch.setattr(cache_cmd, "run", noisy)
    assert cli.main(["cache", "info"]) == 0
    err = capsys.readouterr().err
    assert "raw note" in err and "a library warning" in err
    for ch in "\x1b\x07\x9b":
        assert ch not in err
    assert type(sys.stderr).__name__ != "TerminalStream"  # restored after the run


def test_terminal_stream_keeps_progress_bars_and_cleans_the_rest():
    import io

    from osint.escape import TerminalStream

    buf = io.StringIO()
    TerminalStream(buf).write(f"\r 50%|#####| {ESCAPES}done\n")
    assert buf.getvalue() == "\r 50%|#####| \rdone\n"


def test_a_service_error_text_is_cleaned_in_python_warnings(cache_env, monkeypatch):
    from osint.errors import GeocodingWarning

    with MockServer({"/search": Reply({"error": f"Unable to geocode {ESCAPES}"})}) as srv:
        monkeypatch.setenv("OSINT_NOMINATIM_URL", srv.url)
        monkeypatch.setenv("OSINT_GEOCODER_RETRIES", "0")
        with pytest.warns(GeocodingWarning) as got:
            osint.geoparse("Troops gathered in Hoechang County and Kujang County.", online=True)
    text = " ".join(str(w.message) for w in got)
    assert "Unable to geocode" in text and "\x1b" not in text and "\x07" not in text


# ------------------------------------------------------- 15: sentence per mention


def test_ten_thousand_mentions_in_one_sentence_stay_small(tmp_path):
    from osint.places import geoparse_places
    from osint.places.pipeline import ELLIPSIS, SENTENCE_WINDOW, place_records

    text = "Officials met in " + "Seoul, " * 10_000 + "and Busan."
    recs = place_records(text, geoparse_places(text))
    assert len(recs) >= 10_000
    assert max(len(r["sentence"]) for r in recs) <= SENTENCE_WINDOW + 2 * len(ELLIPSIS)
    assert sum(len(r["sentence"]) for r in recs) < 10_001 * (SENTENCE_WINDOW + 2)
    for r in recs[::997]:
        assert r["text"] in r["sentence"]  # the mention is always in its window
        assert r["sentence"].startswith((ELLIPSIS, "Officials")) and not r["sentence"][1:2].isspace()
    # Written out, the table grows with the mentions, not with mentions x sentence length.
    article = tmp_path / "long.txt"
    article.write_text(text, encoding="utf-8")
    out = tmp_path / "long.csv"
    assert cli.main(["geoparse", str(article), "--format", "csv", "-o", str(out)]) == 0
    assert out.stat().st_size < 10_001 * 2_000, out.stat().st_size


def test_short_sentences_are_kept_whole():
    from osint.places import geoparse_places
    from osint.places.pipeline import place_records

    text = "Troops marched in Pyongyang. Talks were held in Nairobi and Lima."
    recs = place_records(text, geoparse_places(text))
    assert [r["sentence"] for r in recs] == ["Troops marched in Pyongyang.", *["Talks were held in Nairobi "
                                                                              "and Lima."] * 2]


# ------------------------------------------------------ 17: the gazetteer cache


class _Boom:
    """Unpickling this runs a shell command: what a planted cache file would do."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _planted(tmp_path: Path, obj, mode: int = 0o600) -> Path:
    import pickle

    path = tmp_path / "gazetteer-0123456789abcdef.pkl"
    path.write_bytes(pickle.dumps(obj))
    os.chmod(path, mode)
    return path


@pytest.mark.parametrize("mode,why", [(0o666, "writable by others"), (0o620, "writable by others"),
                                      (0o602, "writable by others")])
def test_a_cached_index_others_may_write_is_never_unpickled(tmp_path, capsys, mode, why):
    from osint.gazetteer.build import _load_cached

    marker = tmp_path / "PWNED"
    path = _planted(tmp_path, _Boom(marker), mode)
    assert _load_cached(path) is None
    assert not marker.exists()
    assert why in capsys.readouterr().err


def test_a_cached_index_of_another_user_is_never_unpickled(tmp_path, capsys):
    from osint.gazetteer.build import _load_cached

    if os.getuid() != 0:
        pytest.skip("making a file another user's needs root")
    marker = tmp_path / "PWNED"
    path = _planted(tmp_path, _Boom(marker))
    os.chown(path, 65534, 65534)
    assert _load_cached(path) is None
    assert not marker.exists() and "owned by another user" in capsys.readouterr().err


@pytest.mark.timeout(30)
def test_a_cached_index_that_is_a_link_a_fifo_or_no_gazetteer_is_rebuilt(tmp_path, capsys):
    from osint.gazetteer.build import _load_cached

    marker = tmp_path / "PWNED"
    target = _planted(tmp_path, _Boom(marker))
    link = tmp_path / "gazetteer-link.pkl"
    link.symlink_to(target)
    fifo = tmp_path / "gazetteer-fifo.pkl"
    os.mkfifo(fifo)
    for path in (link, fifo):
        assert _load_cached(path) is None
        assert "not a regular file" in capsys.readouterr().err
    assert not marker.exists()
    other = _planted(tmp_path, {"not": "a gazetteer"})
    assert _load_cached(other) is None
    assert "not a gazetteer index" in capsys.readouterr().err


def test_a_stale_temporary_index_is_swept_by_a_warm_run(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    cache = tmp_path / "cache"
    _share_gazetteer(cache)
    (name,) = [p.name for p in cache.glob("gazetteer-*.pkl")]
    from osint.io import machine_tag

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


# ------------------------------------------------- 19: file names that are not UTF-8


@pytest.mark.parametrize("argv", [
    ["crossref", "{a}", "--format", "json", "-o", "{out}.json"],
    ["crossref", "{a}", "-o", "{out}.txt"],
    ["geoparse", "{a}", "-o", "{out}.jsonl"],
    ["geoparse", "{a}", "--format", "csv", "-o", "{out}.csv"],
    ["geoparse", "{a}", "--format", "geojson", "-o", "{out}.geojson"],
    ["geoparse", "{a}", "--format", "parquet", "-o", "{out}.parquet"],
])
def test_a_file_name_that_is_not_utf8_never_crashes_an_output(tmp_path, capsys, argv):
    folder = os.fsencode(tmp_path)
    a = os.fsdecode(folder + b"/\xff\xfe.txt")  # lone surrogates, as Python reads such a name
    Path(a).write_text(CLAIM.format(when="last week"), encoding="utf-8")
    Path(a).with_suffix(".json").write_text('{"published": "2023-07-27"}', encoding="utf-8")
    out = os.fsdecode(folder + b"/\xfe\xff-out")
    args = [x.format(a=a, out=out) for x in argv]
    assert cli.main(args) == 0, capsys.readouterr().err
    written = Path(args[-1]).read_bytes()
    if not args[-1].endswith(".parquet"):
        text = written.decode("utf-8")  # valid UTF-8: the name's bytes became U+FFFD
        assert "Kim Il Sung Square" in text
    if args[-1].endswith(".json"):
        assert json.loads(written)["article"]["path"].endswith("\ufffd\ufffd.txt")


def test_text_outputs_write_lone_surrogates_as_replacement_characters(tmp_path):
    with atomic_output(tmp_path / "x.txt") as fh:
        fh.write("name \udcff\udcfe end")
    assert (tmp_path / "x.txt").read_text("utf-8") == "name \ufffd\ufffd end"


# ------------------------------------------------------- 20: dask scheduler addresses


@pytest.mark.parametrize("address,message", [
    ("garbage", "no host and port"), ("tcp://[::1", "not a valid address"),
    ("inproc://x", "not supported"), ("ucx://x", "not supported"),
    ("tcp://127.0.0.1:99999", "not a valid address"), ("tcp://127.0.0.1:0", "no host and port"),
    ("tcp://host:8786/path", "no host and port"),
])
def test_a_bad_scheduler_address_is_a_clear_error(tmp_path, capsys, address, message):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": 1, "text": "Troops in Seoul."}\n', encoding="utf-8")
    t0 = time.monotonic()
    assert cli.main(["geoparse", str(corpus), "--scheduler", address]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert time.monotonic() - t0 < 10  # refused before any connection is tried


@pytest.mark.timeout(60)
def test_a_scheduler_that_accepts_but_never_speaks_is_bounded(tmp_path, capsys, monkeypatch):
    import socket

    from osint.corpus import engines

    monkeypatch.setattr(engines, "CONNECT_DEADLINE", 3.0)
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])  # accepted, and never a byte in answer
            except OSError:
                continue

    threading.Thread(target=accept, daemon=True).start()
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": 1, "text": "Troops in Seoul."}\n', encoding="utf-8")
    try:
        t0 = time.monotonic()
        code = cli.main(["geoparse", str(corpus), "--scheduler",
                         f"tcp://127.0.0.1:{listener.getsockname()[1]}"])
        elapsed = time.monotonic() - t0
    finally:
        stop.set()
        for c in held:
            c.close()
        listener.close()
    err = capsys.readouterr().err
    assert code == 2 and "did not answer within 3 s" in err, err
    assert elapsed < 3 + 10


@pytest.mark.parametrize("command", [["crossref"], ["export", "--format", "csv", "-o", "x.csv"],
                                     ["geoparse"]])
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_given_as_the_article_is_refused_at_once(tmp_path, capsys, monkeypatch, command, device):
    # The run's record hashes its inputs: a device must be refused, not read for ever.
    monkeypatch.chdir(tmp_path)
    argv = [command[0], device, *command[1:]]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert "not a regular file" in err and device in err


def test_a_map_that_fails_half_way_leaves_the_earlier_outputs_whole(tmp_path, capsys, monkeypatch):
    from osint.render import exports

    article = _article(tmp_path)
    out = tmp_path / "m.html"
    assert cli.main(["map", str(article), "-o", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("m.")}
    assert set(before) == {"m.html", "m.csv", "m.geojson", "m.kml", "m.png", "m.pdf"}
    article.write_text("Troops marched in Lima and Quito.\n", encoding="utf-8")

    def full_disk(*args, **kwargs):
        raise exports.InputError("cannot write (No space left on device; free some space and run "
                                 "again (nothing was written))", path="m.kml")

    monkeypatch.setattr(exports, "export_kml", full_disk)
    capsys.readouterr()
    assert cli.main(["map", str(article), "-o", str(out)]) == 2
    assert "No space left" in capsys.readouterr().err
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("m.")}
    assert after == before, "no file of the failed run replaced one of the earlier run"
    assert not [p for p in tmp_path.iterdir() if ".osint-" in p.name], "the staging folder is gone"


@pytest.mark.parametrize("command", [["crossref"], ["export", "--format", "csv", "-o", "x.csv"],
                                     ["geoparse"], ["map", "-o", "m.html"]])
def test_a_directory_given_as_the_article_is_one_line(tmp_path, capsys, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "adir").mkdir()
    assert cli.main([command[0], "adir", *command[1:]]) == 2
    err = capsys.readouterr().err
    assert "is a directory" in err and "Traceback" not in err
    assert str(tmp_path) not in err, "named as given, not by its absolute path"
