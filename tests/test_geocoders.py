"""Online geocoding against a fake Nominatim on 127.0.0.1 (no test reaches the internet)."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

import osint
from osint import cli
from osint.errors import CacheWarning, ConfigurationError, GeocodingWarning
from osint.online.geocache import GeoCache, normalise_query
from osint.online.geocoders import OnlineEntry, PhotonProvider
from osint.places import document_bias

FIXTURE = Path(__file__).parent / "fixtures" / "nominatim_places.json"
ANSWERS = {k: v for k, v in json.loads(FIXTURE.read_text(encoding="utf-8")).items() if not k.startswith("_")}
USER_AGENT = "osint-workbench-tests/1.0 (tests@example.org)"
TEXT = ("Analysts said troops trained in Hoechang County and near Kujang County, "
        "north of Pyongyang, North Korea.")


class FakeNominatim:
    """A Nominatim /search endpoint in a thread; records every request.

    ``plan`` lists the status of the next responses (200 when exhausted);
    ``retry_after`` is sent with 429 and 503.
    """

    def __init__(self, plan: list[int] | None = None, retry_after: str | None = None):
        self.plan = list(plan or [])
        self.retry_after = retry_after
        self.requests: list[dict] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                owner.requests.append({"t": time.monotonic(), "path": url.path, "params": params,
                                       "user_agent": self.headers.get("User-Agent")})
                status = owner.plan.pop(0) if owner.plan else 200
                if status != 200:
                    body = b"busy"
                    self.send_response(status)
                    if owner.retry_after is not None:
                        self.send_header("Retry-After", owner.retry_after)
                elif url.path != "/search":
                    status, body = 404, b"not found"
                    self.send_response(status)
                else:
                    found = ANSWERS.get(params.get("q", "").lower(), [])
                    if params.get("addressdetails") != "1":
                        found = [{k: v for k, v in r.items() if k != "address"} for r in found]
                    body = json.dumps(found[: int(params.get("limit", 10))]).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def env(tmp_path, monkeypatch):
    osint.load_gazetteer()  # kept in memory: the moved cache folder must not rebuild it
    monkeypatch.setenv("OSINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("OSINT_USER_AGENT", USER_AGENT)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv("OSINT_GEOCODER", raising=False)
    monkeypatch.delenv("OSINT_GEOCODER_RETRIES", raising=False)
    return tmp_path


@pytest.fixture
def nominatim(env, monkeypatch):
    servers = []

    def start(**kw):
        s = FakeNominatim(**kw)
        servers.append(s)
        monkeypatch.setenv("OSINT_NOMINATIM_URL", s.url)
        return s

    yield start
    for s in servers:
        s.stop()


def _row(df, text):
    rows = df[df["text"] == text]
    assert len(rows) == 1, f"{text!r} not found once in {list(df['text'])}"
    return rows.iloc[0]


class FakeClock:
    """Time that passes only when something sleeps: the rate limiter's clock and every wait."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self, *args) -> float:
        return self.now

    def sleep(self, *args) -> None:
        seconds = args[-1]
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


@pytest.fixture
def fake_clock(monkeypatch):
    """geopy's RateLimiter and the providers' retries on a fake clock (no real waiting)."""
    from geopy.extra.rate_limiter import RateLimiter

    from osint.online import geocoder as online

    clock = FakeClock()
    monkeypatch.setattr(RateLimiter, "_clock", clock.clock)
    monkeypatch.setattr(RateLimiter, "_sleep", clock.sleep)
    monkeypatch.setattr(online, "_sleep", clock.sleep)
    monkeypatch.setattr(online, "_LIMITERS", {})  # limiters made now read the fake clock
    return clock


def test_online_places_what_the_gazetteer_lacks_then_reruns_from_cache(nominatim, fake_clock):
    server = nominatim()
    offline = osint.geoparse(TEXT)
    assert server.requests == []  # offline is the default, even with a server configured
    assert offline["lat"].isna().sum() == 2

    with warnings.catch_warnings():
        warnings.simplefilter("error", GeocodingWarning)
        df = osint.geoparse(TEXT, online=True)
    hoechang, kujang = _row(df, "Hoechang County"), _row(df, "Kujang County")
    assert (hoechang["lat"], hoechang["lon"]) == (38.947, 126.22)
    assert hoechang["source"] == "nominatim"
    assert hoechang["source_id"] == "relation/7112001"
    assert hoechang["source_url"] == "https://www.openstreetmap.org/relation/7112001"
    assert hoechang["country_code"] == "KP"
    assert "Hoechang County, South Pyongan, North Korea" in hoechang["reason"]
    assert hoechang["fetched_at"].endswith("Z")  # the table says when the service answered
    assert offline["fetched_at"].isna().all()
    # The runner-up the server gave is kept as evidence.
    assert kujang["name"] == "Kujang County" and len(kujang["alternatives"]) == 1
    assert 0 < kujang["confidence"] < hoechang["confidence"] <= 1
    # The offline places are untouched.
    assert _row(df, "Pyongyang")["source"] == "geonames"
    assert _row(df, "Pyongyang")["lat"] == _row(offline, "Pyongyang")["lat"]

    # Politeness: two requests, a second apart, with our user agent, biased by the document.
    assert [r["path"] for r in server.requests] == ["/search", "/search"]
    assert fake_clock.sleeps == [1.0]
    assert {r["user_agent"] for r in server.requests} == {USER_AGENT}
    params = server.requests[0]["params"]
    assert params["countrycodes"] == "kp"
    west, south, east, north = map(float, params["viewbox"].split(","))  # Nominatim's x1,y1,x2,y2
    assert south < 39.03 < north and west < 125.75 < east  # around Pyongyang

    server.stop()
    again = osint.geoparse_places(TEXT, online=True)
    cached = next(p for p in again if p.mention.text == "Hoechang County")
    assert isinstance(cached.entry, OnlineEntry)
    assert (cached.entry.lat, cached.entry.lon) == (38.947, 126.22)
    assert cached.entry.fetched_at.endswith("Z") and cached.entry.osm_id == "7112001"
    assert "cached answer" in cached.reason
    assert len(server.requests) == 2


def test_cli_online_writes_provider_provenance_and_cache_info(nominatim, env, capsys):
    server = nominatim()
    article = env / "a.txt"
    article.write_text("Satellite images show new buildings in Hoechang County, near Pyongyang.\n",
                       encoding="utf-8")
    assert cli.main(["geoparse", "--online", str(article)]) == 0
    out, err = capsys.readouterr()
    places = {r["text"]: r for r in json.loads(out)["places"]}
    assert places["Hoechang County"]["source"] == "nominatim"
    assert places["Hoechang County"]["lat"] == 38.947
    assert places["Pyongyang"]["source"] == "geonames"
    assert err == ""
    assert len(server.requests) == 1

    assert cli.main(["cache", "info"]) == 0
    info = capsys.readouterr().out
    assert str(env / "cache" / "geocoding.sqlite") in info
    assert "nominatim: 1 answers" in info
    assert cli.main(["cache", "clear"]) == 0
    assert "deleted 1 geocoding answers" in capsys.readouterr().out
    assert GeoCache().info().entries == {}


def test_missing_user_agent_is_refused(nominatim, env, monkeypatch, capsys):
    server = nominatim()
    monkeypatch.delenv("OSINT_USER_AGENT")
    article = env / "a.txt"
    article.write_text("Troops drilled in Hoechang County.\n", encoding="utf-8")
    assert cli.main(["geoparse", "--online", str(article)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and "OSINT_USER_AGENT" in err and err.startswith("osint: error:")
    with pytest.raises(ConfigurationError, match="OSINT_USER_AGENT"):
        osint.geoparse(TEXT, online=True)
    assert server.requests == []


def test_failing_service_keeps_offline_places_with_one_warning(nominatim, env, monkeypatch, capsys):
    server = nominatim(plan=[503] * 10, retry_after="0")
    monkeypatch.setenv("OSINT_GEOCODER_RETRIES", "1")
    article = env / "a.txt"
    article.write_text(TEXT + "\n", encoding="utf-8")
    assert cli.main(["geoparse", "--online", str(article)]) == 0
    out, err = capsys.readouterr()
    places = {r["text"]: r for r in json.loads(out)["places"]}
    assert places["Pyongyang"]["source"] == "geonames" and places["Pyongyang"]["lat"] is not None
    assert places["Hoechang County"]["lat"] is None and places["Kujang County"]["lat"] is None
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("osint: warning:") and "503" in lines[0]
    # One try and one retry for the first name, then the provider is left alone.
    assert len(server.requests) == 2
    # Failures are not cached: the next run asks again.
    assert GeoCache().info().entries == {}

    monkeypatch.setenv("OSINT_GEOCODER_RETRIES", "0")
    with pytest.warns(GeocodingWarning) as record:
        df = osint.geoparse(TEXT, online=True)
    assert len(record) == 1
    assert df["lat"].isna().sum() == 2 and _row(df, "Pyongyang")["source"] == "geonames"


def test_requests_are_spaced_a_second_apart_on_a_fake_clock(nominatim, fake_clock):
    nominatim()
    osint.geoparse_places(TEXT, online=True)
    # Two names asked (Hoechang, Kujang): the limiter waited out the rest of the second between them.
    assert fake_clock.sleeps == [1.0]


def test_rate_limited_answer_is_retried_after_the_time_asked(nominatim, fake_clock):
    server = nominatim(plan=[429], retry_after="2")
    with warnings.catch_warnings():
        warnings.simplefilter("error", GeocodingWarning)
        places = osint.geoparse_places("Troops drilled in Hoechang County.", online=True)
    assert places[0].entry is not None and places[0].entry.source == "nominatim"
    assert len(server.requests) == 2
    # The retry waited the two seconds Retry-After asked for (the limiter's second is inside them).
    assert sum(fake_clock.sleeps) == pytest.approx(2.0)


def test_corrupt_cache_is_set_aside_and_rebuilt(tmp_path):
    path = tmp_path / "geocoding.sqlite"
    path.write_bytes(b"this is not an SQLite database" * 100)
    cache = GeoCache(path)
    with pytest.warns(CacheWarning, match="moved it to"):
        assert cache.get("nominatim", "Kujang County", "") is None
    aside = list(tmp_path.glob("geocoding.sqlite.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not")
    cache.put("nominatim", "Kujang County", "", "http://x", [{"lat": "1"}])
    assert cache.get("nominatim", " kujang COUNTY", "").answer == [{"lat": "1"}]
    assert cache.info().entries == {"nominatim": 1}


def test_corrupt_cache_does_not_stop_an_online_run(nominatim, env, capsys):
    nominatim()
    cache_file = env / "cache" / "geocoding.sqlite"
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(b"\x00garbage" * 64)
    article = env / "a.txt"
    article.write_text("Troops drilled in Hoechang County.\n", encoding="utf-8")
    assert cli.main(["geoparse", "--online", str(article)]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["places"][0]["source"] == "nominatim"
    assert len(err.splitlines()) == 1 and err.startswith("osint: warning: geocoding cache")
    assert GeoCache(cache_file).info().entries == {"nominatim": 1}


def test_cache_is_shared_by_concurrent_writers(tmp_path):
    path = tmp_path / "g.sqlite"
    errors = []

    def writer(n):
        try:
            c = GeoCache(path)
            for i in range(20):
                c.put("nominatim", f"place {i}", f"w{n}", "http://x", [i])
        except sqlite3.Error as exc:  # pragma: no cover - what the test guards against
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert GeoCache(path).info().entries == {"nominatim": 60}


def test_bias_and_query_key():
    places = osint.geoparse_places(TEXT)
    bias = document_bias(places)
    assert bias.country_codes == ("KP",)
    s, w, n, e = bias.viewbox
    assert s < 39.03 < n and w < 125.75 < e
    assert bias.key() == document_bias(places).key()
    assert normalise_query("Ｋujang\u00a0 County ") == "kujang county"


def test_unknown_provider_and_bad_url_are_configuration_errors(env, monkeypatch):
    monkeypatch.setenv("OSINT_GEOCODER", "bing-maps-2")
    with pytest.raises(ConfigurationError, match="OSINT_GEOCODER"):
        osint.geoparse(TEXT, online=True)
    monkeypatch.setenv("OSINT_GEOCODER", "nominatim")
    monkeypatch.setenv("OSINT_NOMINATIM_URL", "nominatim.example.org")
    with pytest.raises(ConfigurationError, match="OSINT_NOMINATIM_URL"):
        osint.geoparse(TEXT, online=True)


def test_photon_answer_becomes_an_osm_place(env):
    # A feature in Photon's documented GeoJSON layout.
    raw = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [126.03, 39.87]},
           "properties": {"osm_type": "R", "osm_id": 7112002, "osm_key": "boundary",
                          "osm_value": "administrative", "name": "Kujang County",
                          "state": "North Pyongan", "country": "North Korea", "countrycode": "KP"}}
    c = PhotonProvider(url="http://127.0.0.1:9", cache=False)._candidate(raw, "2024-01-01T00:00:00Z")
    e = c.entry
    assert (e.lat, e.lon, e.country_code) == (39.87, 126.03, "KP")
    assert e.source == "photon" and e.source_id == "relation/7112002"
    assert e.display_name == "Kujang County, North Pyongan, North Korea"
