"""Online answers are hostile and services fail: every request is bounded and every answer checked.

A total deadline (a server dripping its headers is cut off), a size cap, redirects only to the same
host, bounded retries, a circuit breaker per service; malformed results are dropped and never
cached; geocoder settings are bounded; a Dask scheduler that never answers is bounded too.
"""

from __future__ import annotations

import json
import os
import shutil
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
from osint.errors import ServiceError
from osint.online import http
from osint.online.cache import (
    AnswerCache,
    geocoder_key,
)

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



def _geocoder_answer(marker: Path) -> list[dict]:
    return [{"place_id": 1, "osm_type": "relation", "osm_id": 42, "lat": "38.947", "lon": "126.2",
             "display_name": f"Hoechang County {ssti(marker)[0]}", "name": ssti(marker)[2],
             "class": "boundary", "type": "administrative", "importance": 0.5,
             "address": {"country_code": "kp"}}]



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
    for f in cache_dir().glob("gazetteer-*.sqlite"):
        shutil.copy2(f, cache / f.name)



def _osint(*argv: str, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "osint.cli", *argv], capture_output=True, text=True,
                          timeout=timeout, cwd=kw.pop("cwd", ROOT), **kw)



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



OMM = json.loads((ROOT / "tests" / "fixtures" / "crossref" / "celestrak_umbra_omm.json").read_text())[0]



HUGE = [("NORAD_CAT_ID", 10**30), ("MEAN_MOTION", 10**400), ("ELEMENT_SET_NO", 10**30),
        ("REV_AT_EPOCH", 10**30), ("EPHEMERIS_TYPE", 10**30), ("BSTAR", 10**300), ("MEAN_MOTION", 1e308),
        ("NORAD_CAT_ID", True), ("NORAD_CAT_ID", -5)]



NOMINATIM_GOOD = {"place_id": 1, "osm_type": "relation", "osm_id": 42, "lat": "38.947", "lon": "126.2",
                  "display_name": "Hoechang County, North Korea", "name": "Hoechang County",
                  "class": "boundary", "type": "administrative", "importance": 0.5}



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
    # Each query gives up after 2 s; the rest is start-up (loading the gazetteer), which takes
    # 10 s and more on a loaded shared machine. Without the deadline the drip never ends and the
    # run is cut at 60 s, so 30 s of start-up still tells the two apart.
    assert elapsed < 2 * asked + 30, f"{elapsed:.0f} s for {asked} request(s) of 2 s"



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

