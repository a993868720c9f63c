"""Online geocoding against a fake Nominatim (no test reaches the internet).

The fake answers in-process through the online layer's mock transport, on a fake clock (the
rate limit and the retry waits cost no time); one test runs the whole command line against it
on a real socket on 127.0.0.1.
"""

from __future__ import annotations

import ast
import json
import sqlite3
import threading
import warnings
from pathlib import Path

import pytest
from conftest import USER_AGENT
from servers import MockServer, Reply, Server

import osint
from osint import cli
from osint.errors import CacheWarning, ConfigurationError, GeocodingWarning
from osint.online.cache import AnswerCache, geocoder_key, normalise_query
from osint.online.geocoders import OnlineEntry, PhotonProvider
from osint.places import document_bias

FIXTURE = Path(__file__).parent / "fixtures" / "nominatim_places.json"
ANSWERS = {k: v for k, v in json.loads(FIXTURE.read_text(encoding="utf-8")).items() if not k.startswith("_")}
TEXT = ("Analysts said troops trained in Hoechang County and near Kujang County, "
        "north of Pyongyang, North Korea.")


class FakeNominatim:
    """Nominatim's /search in its documented JSON layout (``tests/fixtures/nominatim_places.json``).

    ``plan`` lists the status of the next answers (200 when exhausted); ``retry_after`` is sent
    with the others.
    """

    def __init__(self, plan: list[int] | None = None, retry_after: str | None = None):
        self.plan = list(plan or [])
        self.retry_after = retry_after

    def search(self, params: dict) -> Reply:
        status = self.plan.pop(0) if self.plan else 200
        if status != 200:
            return Reply(b"busy", status, {"Retry-After": self.retry_after} if self.retry_after else {})
        found = ANSWERS.get(params.get("q", "").lower(), [])
        if params.get("addressdetails") != "1":
            found = [{k: v for k, v in r.items() if k != "address"} for r in found]
        return Reply(found[: int(params.get("limit", 10))],
                     headers={"Content-Type": "application/json; charset=utf-8"})

    @property
    def routes(self) -> dict:
        return {"/search": self.search}


@pytest.fixture
def env(cache_env, monkeypatch):
    monkeypatch.delenv("OSINT_GEOCODER_RETRIES", raising=False)
    return cache_env


@pytest.fixture
def nominatim(env, monkeypatch):
    """Start a fake Nominatim in-process (the default session sends to it); returns the MockServer."""
    servers = []

    def start(**kw):
        s = MockServer(FakeNominatim(**kw).routes)
        s.__enter__()
        servers.append(s)
        monkeypatch.setenv("OSINT_NOMINATIM_URL", s.url)
        return s

    yield start
    for s in reversed(servers):
        s.__exit__(None, None, None)


def _row(df, text):
    rows = df[df["text"] == text]
    assert len(rows) == 1, f"{text!r} not found once in {list(df['text'])}"
    return rows.iloc[0]


def test_online_places_what_the_gazetteer_lacks_then_reruns_from_cache(nominatim):
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
    assert server.clock.sleeps == [1.0]
    assert {r["headers"]["User-Agent"] for r in server.requests} == {USER_AGENT}
    params = server.requests[0]["query"]
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


def test_cli_online_writes_provider_provenance_and_cache_info(env, monkeypatch, capsys):
    # End to end: the command line, the real transport and a server on 127.0.0.1.
    with Server(FakeNominatim().routes) as server:
        monkeypatch.setenv("OSINT_NOMINATIM_URL", server.url)
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
    assert server.requests[0]["headers"]["User-Agent"] == USER_AGENT

    assert cli.main(["cache", "info"]) == 0
    info = capsys.readouterr().out
    assert str(env / "cache" / "geocoding.sqlite") in info
    assert "nominatim: 1 answers" in info
    assert cli.main(["cache", "clear"]) == 0
    assert "deleted 1 geocoding answers" in capsys.readouterr().out
    assert AnswerCache().info().geocoders == {}


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
    assert AnswerCache().info().geocoders == {}

    monkeypatch.setenv("OSINT_GEOCODER_RETRIES", "0")
    with pytest.warns(GeocodingWarning) as record:
        df = osint.geoparse(TEXT, online=True)
    assert len(record) == 1
    assert df["lat"].isna().sum() == 2 and _row(df, "Pyongyang")["source"] == "geonames"


def test_requests_are_spaced_a_second_apart_on_a_fake_clock(nominatim):
    server = nominatim()
    osint.geoparse_places(TEXT, online=True)
    # Two names asked (Hoechang, Kujang): the second waited out the rest of the second.
    assert server.clock.sleeps == [1.0]
    assert server.requests[1]["t"] - server.requests[0]["t"] == pytest.approx(1.0)


def test_rate_limited_answer_is_retried_after_the_time_asked(nominatim):
    server = nominatim(plan=[429], retry_after="2")
    with warnings.catch_warnings():
        warnings.simplefilter("error", GeocodingWarning)
        places = osint.geoparse_places("Troops drilled in Hoechang County.", online=True)
    assert places[0].entry is not None and places[0].entry.source == "nominatim"
    assert len(server.requests) == 2
    # The retry waited the two seconds Retry-After asked for (the rate limit's second is inside them).
    assert server.clock.sleeps == [2.0]


def test_a_retry_after_the_service_asks_for_is_also_spaced_a_second(nominatim):
    server = nominatim(plan=[503], retry_after="0")
    osint.geoparse_places("Troops drilled in Hoechang County.", online=True)
    assert len(server.requests) == 2
    # Retry-After: 0, but Nominatim's policy is one request a second, retries included.
    assert server.requests[1]["t"] - server.requests[0]["t"] == pytest.approx(1.0)


def test_corrupt_cache_is_set_aside_and_rebuilt(tmp_path):
    path = tmp_path / "geocoding.sqlite"
    path.write_bytes(b"this is not an SQLite database" * 100)
    cache = AnswerCache(path)
    with pytest.warns(CacheWarning, match="moved it to"):
        assert cache.get(geocoder_key("nominatim", "Kujang County")) is None
    aside = list(tmp_path.glob("geocoding.sqlite.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not")
    cache.put(geocoder_key("nominatim", "Kujang County"), [{"lat": "1"}], endpoint="http://x")
    assert cache.get(geocoder_key("nominatim", " kujang COUNTY")).answer == [{"lat": "1"}]
    assert cache.info().geocoders == {"nominatim": 1}


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
    assert AnswerCache(cache_file).info().geocoders == {"nominatim": 1}


def test_cache_is_shared_by_concurrent_writers(tmp_path):
    path = tmp_path / "g.sqlite"
    errors = []

    def writer(n):
        try:
            c = AnswerCache(path)
            for i in range(20):
                c.put(geocoder_key("nominatim", f"place {i}", f"w{n}"), [i], endpoint="http://x")
        except sqlite3.Error as exc:  # pragma: no cover - what the test guards against
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AnswerCache(path).info().geocoders == {"nominatim": 60}


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


def test_a_cache_of_the_first_layout_keeps_its_answers(tmp_path):
    # The layout before the cross-reference's answers joined the file (schema 1): converted in place.
    path = tmp_path / "geocoding.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE answers (provider TEXT NOT NULL, query TEXT NOT NULL, bias TEXT NOT NULL, "
                "endpoint TEXT NOT NULL, answer TEXT NOT NULL, fetched_at TEXT NOT NULL, "
                "PRIMARY KEY (provider, query, bias))")
    con.execute("INSERT INTO answers VALUES ('nominatim', 'kujang county', 'cc=KP;vb=', 'https://x', "
                "'[{\"lat\": \"1\"}]', '2024-01-01T00:00:00Z')")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    got = AnswerCache(path).get(geocoder_key("nominatim", "Kujang County", "cc=KP;vb="))
    assert (got.answer, got.endpoint, got.fetched_at) == ([{"lat": "1"}], "https://x", "2024-01-01T00:00:00Z")
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 2
    assert sorted(con.execute("SELECT type, name FROM sqlite_master")) == [
        ("index", "sqlite_autoindex_answers_1"), ("table", "answers")]
    con.close()


def test_geopy_is_used_through_its_public_api_only():
    """No method of geopy's that is private (``_parse_json``, ``_call_geocoder``, a rate limiter's
    ``_clock``) is called or overridden by the modules that use geopy."""
    import geopy

    private = set()
    for f in Path(geopy.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(f.read_text("utf-8"))):
            name = node.name if isinstance(node, ast.FunctionDef) else getattr(node, "attr", None)
            if isinstance(name, str) and name.startswith("_") and not name.startswith("__"):
                private.add(name)
    bad = []
    for f in sorted((Path(__file__).resolve().parents[1] / "osint").rglob("*.py")):
        tree = ast.parse(f.read_text("utf-8"))
        imports = (n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)))
        if not any("geopy" in ast.dump(n) for n in imports):
            continue
        own = {n.attr for n in ast.walk(tree)
               if isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Store)}
        own |= {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        methods = {m for c in ast.walk(tree) if isinstance(c, ast.ClassDef) for m in c.body
                   if isinstance(m, ast.FunctionDef)}
        for n in ast.walk(tree):
            if n in methods and n.name in private:
                bad.append(f"{f.name}:{n.lineno} overrides {n.name}")
            elif isinstance(n, ast.Attribute) and n.attr in private and n.attr not in own:
                bad.append(f"{f.name}:{n.lineno} uses {n.attr}")
    assert bad == []
