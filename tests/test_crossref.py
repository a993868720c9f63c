"""The imagery cross-reference: offline on the seed, online against services answering in-process
(the online layer's mock transport, on a fake clock)."""

from __future__ import annotations

import datetime as dt
import io
import json
from contextlib import redirect_stdout
from pathlib import Path
from urllib.parse import urlparse

import pytest
from servers import FakeClock

from osint import crossref
from osint.article import Article
from osint.checks import STATUSES, load_evidence, site_tz, verdict
from osint.cli import main
from osint.errors import InputError
from osint.gazetteer import load_gazetteer
from osint.online.http import MockTransport, Request, Response, Session, Unreachable, use_session
from osint.paths import PROJ_ROOT

SEED = PROJ_ROOT / "seeds" / "000_908df4e159e4c100.txt"
FIX = Path(__file__).parent / "fixtures" / "crossref"
ONLINE_CHECKS = ("weather", "catalog", "orbits")
EVIDENCE_HEADER = ("id,kind,date,date_precision,time_local,tz,site_id,site_name,lat,lon,provider,sensor,"
                   "observations,description,reported_on,source_url,source_note")
SQUARE_ROW = "kim-il-sung-square,Kim Il Sung Square,39.01953,125.75247"


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def offline_seed(gaz, tmp_path_factory):
    import os

    old = os.environ.get("OSINT_CACHE_DIR")
    os.environ["OSINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("empty-cache"))
    try:
        return crossref(SEED, gazetteer=gaz)
    finally:
        if old is None:
            os.environ.pop("OSINT_CACHE_DIR", None)
        else:
            os.environ["OSINT_CACHE_DIR"] = old


# --------------------------------------------------------------------------- services


class Services:
    """Earth Search, Open-Meteo, CelesTrak and Umbra's catalog, answering in-process (the online
    layer's mock transport) from the fixtures; every request is logged."""

    base = "http://127.0.0.1:8632"

    def __init__(self):
        self.log: list = []
        self.fail_meteo = False
        self.omm_file = "celestrak_umbra_omm.json"

    def __call__(self, req: Request) -> Response:
        u = urlparse(req.url)
        if f"{u.scheme}://{u.netloc}" != self.base:
            raise Unreachable(f"{req.url} unreachable: NewConnectionError")  # nothing listens there
        if req.method == "POST":
            self.log.append(("POST", u.path, req.json()))
            if u.path == "/stac/v1/search":
                return Response.make(req, json=json.loads((FIX / "earth_search_items.json").read_text()),
                                     headers={"Content-Type": "application/geo+json"})
            return Response.make(req, 404, json={"error": "not found"})
        self.log.append(("GET", u.path, u.query))
        q = req.query
        if u.path == "/stac/v1":
            text = (FIX / "earth_search_landing.json").read_text().replace("{base}", f"{self.base}/stac/v1")
            return Response.make(req, body=text)
        if u.path == "/meteo/v1/archive":
            if self.fail_meteo:
                return Response.make(req, 500, json={"error": True, "reason": "internal error"})
            return Response.make(req, json=_meteo(q))
        if u.path == "/celestrak/gp.php":
            if q.get("FORMAT") != "json":
                return Response.make(req, 400, body="bad format", headers={"Content-Type": "text/plain"})
            return Response.make(req, json=json.loads((FIX / self.omm_file).read_text()))
        umbra = {"/umbra/catalog.json": "umbra_catalog.json",
                 "/umbra/far/collection.json": "umbra_far_collection.json",
                 "/umbra/pyongyang/collection.json": "umbra_pyongyang_collection.json",
                 "/umbra/pyongyang/mirim-0718.json": "umbra_item_mirim.json",
                 "/umbra/pyongyang/square-0601.json": "umbra_item_square.json"}
        if u.path in umbra:
            return Response.make(req, json=json.loads((FIX / umbra[u.path]).read_text()))
        return Response.make(req, 404, json={"error": "not found"})


def _meteo(q: dict) -> dict:
    """An Open-Meteo archive answer for the requested days: overcast, with clear late mornings on
    days divisible by five."""
    d0, d1 = dt.date.fromisoformat(q["start_date"]), dt.date.fromisoformat(q["end_date"])
    times, cover = [], []
    d = d0
    while d <= d1:
        for h in range(24):
            times.append(f"{d.isoformat()}T{h:02d}:00")
            cover.append(5 if d.day % 5 == 0 and 9 <= h <= 14 else 95)
        d += dt.timedelta(days=1)
    rec = json.loads((FIX / "open_meteo_archive.json").read_text())
    rec.update(latitude=float(q["latitude"]), longitude=float(q["longitude"]), timezone=q["timezone"])
    rec["hourly"] = {"time": times, "cloud_cover": cover}
    return rec


@pytest.fixture
def services(monkeypatch, tmp_path, gaz):
    srv = Services()
    base = srv.base
    monkeypatch.setenv("OSINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("OSINT_STAC_URL", f"{base}/stac/v1")
    monkeypatch.setenv("OSINT_UMBRA_STAC_URL", f"{base}/umbra/catalog.json")
    monkeypatch.setenv("OSINT_OPEN_METEO_URL", f"{base}/meteo/v1/archive")
    monkeypatch.setenv("OSINT_CELESTRAK_URL", f"{base}/celestrak/gp.php")
    srv.clock = FakeClock()
    with use_session(Session(transport=MockTransport(srv), clock=srv.clock)):
        yield srv


def _checks(result) -> dict:
    return {k.check: k for k in result.checks}


# ------------------------------------------------------------------------ offline seed


def test_seed_offline_two_imagery_claims(offline_seed):
    imagery = offline_seed.imagery
    assert len(imagery) == 2
    for r in imagery:
        c = r.claim
        assert c.speaker == "Dave Schmerler"
        assert c.affiliation == "James Martin Center for Nonproliferation Studies"
        assert c.window.end == dt.date(2023, 7, 27)
        assert len(r.checks) >= 5
        assert {k.status for k in r.checks} <= set(STATUSES)
        for k in r.checks:
            assert k.detail
            if k.status in ("consistent", "inconsistent"):
                assert k.sources, k
    square, mirim = imagery
    assert [s.name for s in square.claim.sites] == ["Kim Il Sung Square"]
    assert [s.source_id for s in mirim.claim.sites] == ["mirim-parade-training-ground"]
    assert (mirim.claim.provider, mirim.claim.sensor) == ("Umbra", "sar")
    assert square.claim.provider == "commercial"


def test_seed_offline_online_checks_say_why(offline_seed):
    for r in offline_seed.imagery:
        c = _checks(r)
        for name in ONLINE_CHECKS:
            if c[name].status == "not checked":
                assert "offline" in c[name].detail or "names no satellites" in c[name].detail


def test_seed_site_wording_flags_outside(offline_seed):
    square, mirim = offline_seed.imagery
    sq, mi = _checks(square)["site_wording"], _checks(mirim)["site_wording"]
    assert sq.status == "consistent" and "downtown" in sq.detail
    assert mi.status == "consistent" and "Loose wording" in mi.detail
    assert 7.5 < mi.evidence["Mirim parade training ground"]["distance_km"] < 9.0


def test_seed_article_consistency(offline_seed):
    square = offline_seed.imagery[0]
    k = _checks(square)["article_consistency"]
    assert k.status == "consistent"
    assert k.evidence["anniversary_base_year"] == 1953
    assert k.evidence["article_year_range"] == "1950-1952"
    assert k.evidence["event_date"] == "2023-07-27"


def test_seed_corroboration_and_sensor(offline_seed):
    square, mirim = offline_seed.imagery
    assert _checks(square)["corroboration"].status == "consistent"
    assert any("munhwa" in s for s in _checks(square)["corroboration"].sources)
    assert _checks(mirim)["sensor_conditions"].status == "consistent"
    assert mirim.verdict in ("corroborated", "plausible")


def test_cli_json_layout(tmp_path, monkeypatch, gaz):
    monkeypatch.setenv("OSINT_CACHE_DIR", str(tmp_path))
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert main(["crossref", str(SEED), "--format", "json"]) == 0
    doc = json.loads(buf.getvalue())
    assert doc["article"]["published"] == "2023-07-27"
    imagery = [c for c in doc["claims"] if c["kind"] == "imagery"]
    assert len(imagery) == 2
    need = {"id", "kind", "text", "start", "end", "speaker", "affiliation", "provider", "sensor", "sites",
            "window", "observations", "checks", "verdict"}
    for c in imagery:
        assert need <= set(c)
        assert {"name", "lat", "lon", "source"} <= set(c["sites"][0])
        assert c["window"]["end"] == "2023-07-27"
        assert all({"check", "status", "detail", "sources"} <= set(k) for k in c["checks"])
    assert any(c["kind"] == "statement" for c in doc["claims"])


def test_cli_bad_published(capsys):
    assert main(["crossref", str(SEED), "--published", "27/07/2023"]) == 2
    assert "--published" in capsys.readouterr().err


# ------------------------------------------------------------------------------ online


def test_seed_online_against_local_services(services, gaz):
    rep = crossref(SEED, online=True, gazetteer=gaz)
    square, mirim = rep.imagery
    m = _checks(mirim)
    assert m["weather"].status == "consistent" and "radar is unaffected" in m["weather"].detail
    assert m["weather"].evidence["hours"] == 29 * 24
    assert m["catalog"].status == "consistent" and "UMBRA-05" in m["catalog"].detail
    assert any("/umbra/" in s for s in m["catalog"].sources)
    assert m["orbits"].status == "consistent"
    assert m["orbits"].evidence["min_epoch_distance_days"] == 0
    assert 0 < m["orbits"].evidence["reliable_passes"] < len(m["orbits"].evidence["passes"])
    # The far collection's extent misses Korea: its items are never read.
    assert not any("never-read" in str(x) for x in services.log)
    s = _checks(square)
    assert s["catalog"].status == "unverified" and "Sentinel-2" in s["catalog"].detail
    assert s["weather"].status == "consistent"  # clear mornings: an optical image was possible
    assert s["orbits"].status == "not checked"  # no provider named
    posts = [x for x in services.log if x[0] == "POST"]
    assert posts and posts[0][2]["collections"] == ["sentinel-1-grd", "sentinel-2-l2a"]
    # Fetched answers are cached: offline, the same checks now decide.
    n = len(services.log)
    again = crossref(SEED, online=False, gazetteer=gaz)
    assert len(services.log) == n
    assert _checks(again.imagery[1])["weather"].status == "consistent"
    assert "cache" in _checks(again.imagery[1])["weather"].sources[0]


def test_failing_and_unreachable_services(services, monkeypatch, gaz):
    services.fail_meteo = True
    monkeypatch.setenv("OSINT_STAC_URL", "http://127.0.0.1:9/stac")  # discard port: nothing listens
    services.omm_file = "celestrak_stale_omm.json"
    rep = crossref(SEED, online=True, gazetteer=gaz)
    m = _checks(rep.imagery[1])
    assert m["weather"].status == "not checked" and "HTTP 500" in m["weather"].detail
    # Earth Search is down but Umbra's catalog answers: the check runs and says what was missed.
    assert "Earth Search" in m["catalog"].detail and "unusable" in m["catalog"].detail
    assert m["orbits"].status == "unverified" and "indicative only" in m["orbits"].detail
    s = _checks(rep.imagery[0])
    assert s["catalog"].status == "not checked" and "Earth Search" in s["catalog"].detail


# --------------------------------------------------------------------- another article

OTHER = (
    "Satellite photographs taken by Maxar on Tuesday showed fresh excavation at the Sohae Satellite "
    "Launching Station, said Jenny Town, a senior fellow at the Stimson Center. "
    "Town added that BlackSky images over the past two weeks showed aircraft lined up at an airfield "
    "north of Pyongyang during the night."
)


def test_other_article_claims_and_contradiction(gaz, tmp_path, monkeypatch):
    monkeypatch.setenv("OSINT_CACHE_DIR", str(tmp_path))
    art = Article(id="other", text=OTHER, published=dt.date(2024, 3, 14))
    empty = tmp_path / "empty.csv"
    empty.write_text(EVIDENCE_HEADER + "\n", encoding="utf-8")
    rep = crossref(art, gazetteer=gaz, evidence=empty, default_evidence=False)
    a, b = rep.imagery
    assert (a.claim.provider, a.claim.sensor) == ("Maxar", "optical")
    assert [s.source_id for s in a.claim.sites] == ["sohae"]
    assert (a.claim.window.start, a.claim.window.end) == (dt.date(2024, 3, 12),) * 2
    assert a.claim.speaker == "Jenny Town" and a.claim.affiliation == "Stimson Center"
    assert b.claim.speaker == "Jenny Town"
    assert [s.source_id for s in b.claim.sites] == ["sunan-airport"]
    assert b.claim.window.start == dt.date(2024, 2, 29)
    # Issue 13: "during the night" is a soft signal, not a contradiction (lit scenes are imaged at
    # night; the words may describe what is shown rather than when the image was taken).
    assert _checks(b)["sensor_conditions"].status != "inconsistent"
    assert b.verdict != "contradicted"
    assert _checks(a)["corroboration"].status == "not checked"


def test_verdict_rules():
    from osint.checks import Check, Weight

    ok = Check("corroboration", "consistent", "x", ("u",), weight=Weight.HARD)
    assert verdict([ok])[0] == "corroborated"
    # Issue 13: only a hard fact contradicts; model cloud is soft and lowers confidence instead.
    cloud = Check("weather", "inconsistent", "no clear hour", ("u",), weight=Weight.SOFT)
    assert verdict([ok, cloud])[0] == "corroborated"
    assert verdict([ok, Check("sensor_conditions", "inconsistent", "dark", ("u",), weight=Weight.HARD)])[0] \
        == "contradicted"
    assert verdict([Check("weather", "not checked", "offline")])[0] == "unverified"
    # Checks that carry no information do not make a claim plausible.
    empty = [Check("sensor_conditions", "consistent", "daylight somewhere", ("u",), weight=Weight.NONE),
             Check("weather", "consistent", "clear somewhere", ("u",), weight=Weight.NONE)]
    assert verdict(empty)[0] == "unverified"
    two = [Check("site_wording", "consistent", "x", ("u",)), Check("orbits", "consistent", "y", ("u",))]
    assert verdict(two)[0] == "plausible"


def test_evidence_table_rows_have_sources():
    rows = load_evidence()
    assert len(rows) >= 8
    assert all(r.source_url.startswith("http") for r in rows)
    assert any(r.provider == "Umbra" and r.time_local == "21:16" for r in rows)


# ----------------------------------------------------------------- review fixes (issue 5)


def _one(gaz, text: str, published: dt.date, **kw):
    rep = crossref(Article(id="t", text=text, published=published), gazetteer=gaz, **kw)
    assert len(rep.imagery) == 1, [r.claim.text for r in rep.imagery]
    return rep.imagery[0]


def _evidence(tmp_path, *rows: str) -> Path:
    p = tmp_path / "evidence.csv"
    p.write_text("\n".join((EVIDENCE_HEADER, *rows)) + "\n", encoding="utf-8")
    return p


SUBMARINES = ("Satellite images from Maxar over the past weeks showed submarines in Kim Il Sung Square, "
              "analyst John Smith said.")


def test_corroboration_needs_the_same_things_seen(gaz, tmp_path, monkeypatch):
    monkeypatch.setenv("OSINT_CACHE_DIR", str(tmp_path))
    r = _one(gaz, SUBMARINES, dt.date(2023, 7, 27))
    k = _checks(r)["corroboration"]
    assert k.status == "unverified" and "no report of vessels" in k.detail
    assert k.evidence["in_window"] and not k.evidence["showing_the_same"]
    assert r.verdict != "corroborated"


def test_anothers_night_optical_report_is_suspect_not_a_contradiction(gaz, tmp_path, monkeypatch):
    monkeypatch.setenv("OSINT_CACHE_DIR", str(tmp_path))
    ev = _evidence(tmp_path, f"bad-night,imagery,2023-07-20,day,23:30,Asia/Pyongyang,{SQUARE_ROW},Planet,"
                             "optical,vehicles,night optical (wrong),,https://example.org/bad,")
    text = ("Satellite images from Maxar over the past weeks showed vehicles in Kim Il Sung Square, "
            "analyst John Smith said.")
    k = _checks(_one(gaz, text, dt.date(2023, 7, 27), evidence=ev))["sensor_conditions"]
    assert k.status == "consistent"
    assert "suspect evidence row bad-night" in k.detail and k.evidence["suspect_evidence"] == ["bad-night"]
    # The claim's own image (same provider, the claim's day) reported optical in the dark contradicts it
    # when the provider has no record of night imaging and nothing says the scene was lit (issue 13).
    own = ("Satellite images from Sentinel-2 on Thursday showed vehicles in Kim Il Sung Square, "
           "analyst John Smith said.")
    ev2 = _evidence(tmp_path, f"own,imagery,2023-07-27,day,23:30,Asia/Pyongyang,{SQUARE_ROW},Sentinel-2,"
                              "optical,vehicles,own image,,https://example.org/own,")
    k2 = _checks(_one(gaz, own, dt.date(2023, 7, 27), evidence=ev2))["sensor_conditions"]
    assert k2.status == "inconsistent" and k2.weight == "hard" and "own image" in k2.detail
    # Planet's SkySat images by night too: the same report against a Planet claim is only soft.
    planet = own.replace("Sentinel-2", "Planet")
    ev3 = _evidence(tmp_path, f"own,imagery,2023-07-27,day,23:30,Asia/Pyongyang,{SQUARE_ROW},Planet,"
                              "optical,vehicles,own image,,https://example.org/own,")
    k3 = _checks(_one(gaz, planet, dt.date(2023, 7, 27), evidence=ev3))["sensor_conditions"]
    assert k3.status == "unverified" and k3.weight == "soft"


def test_year_range_must_be_tied_to_the_anniversary_event(gaz, tmp_path, monkeypatch):
    monkeypatch.setenv("OSINT_CACHE_DIR", str(tmp_path))
    text = ("Pyongyang marked the 70th anniversary of the end of the Korean War. "
            "Satellite images from Maxar over the past weeks showed formations of the number 70 in Kim Il "
            "Sung Square, analyst John Smith said. Farmers still recall the 1950-1952 Mekong floods.")
    k = _checks(_one(gaz, text, dt.date(2023, 7, 27)))["article_consistency"]
    assert "article_year_range" not in k.evidence
    assert k.evidence["unlinked_year_ranges"] == ["1950-1952"]
    assert "error in the article" not in k.detail and "nothing ties it" in k.detail
    assert "70th anniversary" in k.detail


def test_anniversary_ordinals(gaz, tmp_path, monkeypatch):
    monkeypatch.setenv("OSINT_CACHE_DIR", str(tmp_path))
    text = ("Pyongyang marked the 71st anniversary of the founding of its army. Satellite images from Maxar "
            "over the past weeks showed formations of the number 71 in Kim Il Sung Square, analyst John "
            "Smith said.")
    k = _checks(_one(gaz, text, dt.date(2023, 7, 27), evidence=_evidence(tmp_path)))["article_consistency"]
    assert "71st anniversary" in k.detail and "71th" not in k.detail


def test_polar_day_site_does_not_crash(gaz, tmp_path, monkeypatch):
    monkeypatch.setenv("OSINT_CACHE_DIR", str(tmp_path))
    text = "Satellite images from Maxar on Monday showed vehicles in Longyearbyen, analyst John Smith said."
    k = _checks(_one(gaz, text, dt.date(2023, 6, 20)))["sensor_conditions"]
    assert k.status == "consistent" and "none (polar day)/none (polar day)" in k.detail


def test_site_from_context_is_caveated(gaz, tmp_path, monkeypatch):
    monkeypatch.setenv("OSINT_CACHE_DIR", str(tmp_path))
    text = ("Officials met in Pyongyang on Monday. Satellite images from Maxar on Tuesday showed ships at "
            "the port, analyst John Smith said.")
    r = _one(gaz, text, dt.date(2023, 7, 27))
    assert [s.how for s in r.claim.sites] == ["context"]
    c = _checks(r)
    assert c["sensor_conditions"].detail.startswith("Caveat: the sentence names no place")
    assert c["site_wording"].status != "consistent" and "Caveat" in c["site_wording"].detail


def test_dates_outside_the_ephemeris(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OSINT_CACHE_DIR", str(tmp_path))
    assert main(["crossref", str(SEED), "--published", "1850-01-01", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    for c in (c for c in doc["claims"] if c["kind"] == "imagery"):
        k = next(k for k in c["checks"] if k["check"] == "sensor_conditions")
        assert k["status"] == "not checked" and "ephemeris" in k["detail"]


def test_explicit_evidence_and_elements_files_are_checked(tmp_path, capsys):
    missing = tmp_path / "missing.csv"
    with pytest.raises(InputError, match=r"missing\.csv"):
        load_evidence(missing)
    bad = tmp_path / "latin1.csv"
    bad.write_bytes((EVIDENCE_HEADER + "\nx,imagery,2023-07-01,day,,UTC,,Caf\xe9,,,,,,,,http://x,\n")
                    .encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1\.csv.*UTF-8"):
        load_evidence(bad)
    for field, row in (("time_local", "9pm,Asia/Pyongyang"), ("tz", "21:00,Mars/Olympus")):
        p = _evidence(tmp_path, f"x,imagery,2023-07-01,day,{row},{SQUARE_ROW},Umbra,sar,,,,http://x,")
        with pytest.raises(InputError, match=r"evidence.csv:2:") as exc:
            load_evidence(p)
        assert ("HH:MM" if field == "time_local" else "Mars/Olympus") in str(exc.value)
    assert main(["crossref", str(SEED), "--evidence", str(missing)]) == 2
    assert "missing.csv" in capsys.readouterr().err
    assert main(["crossref", str(SEED), "--elements", str(tmp_path / "no-elements.json")]) == 2
    assert "no-elements.json" in capsys.readouterr().err


def test_published_on_the_command_line_is_not_inferred(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OSINT_CACHE_DIR", str(tmp_path))
    assert main(["crossref", str(SEED), "--published", "2023-08-03", "--imagery-only"]) == 0
    head = capsys.readouterr().out.splitlines()[0]
    assert "published 2023-08-03" in head and "inferred" not in head
    assert main(["crossref", str(SEED), "--published", "2023-08-03", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["article"]["published_inferred"] is False
    assert main(["crossref", str(SEED), "--format", "json", "--imagery-only"]) == 0
    assert json.loads(capsys.readouterr().out)["article"]["published_inferred"] is True


def test_site_tz_solar_fallback_uses_the_shared_helper():
    from osint.claims import Site

    far = Site("Somewhere", -10.0, 170.0, "island", "x", "named", "Somewhere", "")
    assert site_tz(far) == "Etc/GMT-11"
    assert site_tz(Site("W", 0.0, -179.9, "island", "x", "named", "W", "")) == "Etc/GMT+12"


def test_notebook_03_binds_no_folium_popup_or_tooltip():
    """folium pastes Popup/Tooltip text into JS template literals; notebook 03 must bind content
    through osint.maps (BoundContent, add_claim_sites), which passes it as JSON strings."""
    import ast

    tree = ast.parse((PROJ_ROOT / "notebooks" / "03-imagery-claims.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            assert not {kw.arg for kw in node.keywords} & {"tooltip", "popup"}, ast.unparse(node)[:120]
            assert not (isinstance(node.func, ast.Attribute) and node.func.attr in ("Popup", "Tooltip"))


def test_table_of_an_undated_article_without_imagery_claims_says_so(tmp_path, capsys):
    article = tmp_path / "b.txt"
    article.write_text('Flooding closed roads across Henry County on Monday, officials said. "We had '
                       'more than five inches," said Austin Tucker, the county emergency director.\n',
                       encoding="utf-8")
    assert main(["crossref", str(article), "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "None" not in out and "publication date unknown" in out and "--published" in out
    assert "No imagery claims" in out and "Austin Tucker" in out
    assert main(["crossref", str(article), "--format", "table", "--imagery-only"]) == 0
    assert "Other attributed statements" not in capsys.readouterr().out


def test_a_named_facility_with_no_city_is_where_the_words_put_it(gaz):
    r = _one(gaz, "Commercial satellite imagery from August 9 of the Sohae Satellite Launching Station shows "
                  "a new building, analyst John Smith said.", dt.date(2024, 5, 10))
    k = _checks(r)["site_wording"]
    assert k.status == "consistent" and "no direction or distance" in k.detail


def test_a_country_or_a_place_measured_from_stays_unverified(gaz):
    country = _one(gaz, "Satellite images from May 2 showed damaged buildings in Sudan, "
                        "analyst John Smith said.", dt.date(2024, 5, 10))
    away = _one(gaz, "Satellite images from May 2 showed damaged buildings 20 km north of the Sohae "
                     "Satellite Launching Station, analyst John Smith said.", dt.date(2024, 5, 10))
    assert _checks(country)["site_wording"].status == "unverified"
    assert _checks(away)["site_wording"].status == "unverified"


_PLANET_SEVASTOPOL = ("Planet Labs images taken on May 2 showed damaged ships in Sevastopol, "
                      "analyst John Smith said. ")


@pytest.mark.parametrize("other, corroborates", [
    ("A video posted by residents showed fires at the shipyard.", True),
    ("Two aircraft were damaged, the ministry said, but this could not be confirmed.", False),
    ("The ministry denied the attack and called the footage staged.", False),
    ("Planet Labs also confirmed the fires.", False),  # the claim's own source
])
def test_evidence_of_another_kind_from_someone_else_corroborates(gaz, other, corroborates):
    rep = crossref(Article(id="t", text=_PLANET_SEVASTOPOL + other, published=dt.date(2024, 5, 10)),
                   gazetteer=gaz)
    r = rep.imagery[0]
    k = _checks(r)["corroboration"]
    assert (k.status == "consistent") is corroborates
    assert (r.verdict == "corroborated") is corroborates
    if corroborates:
        assert k.weight == "soft" and "ground" in k.evidence


def test_a_site_from_context_the_sentence_refers_to_by_its_kind(gaz, tmp_path, monkeypatch):
    # "the square" refers back to the square the sentence before named: the words put it there.
    monkeypatch.setenv("OSINT_CACHE_DIR", str(tmp_path))
    text = ("Officials met at Kim Il Sung Square on Monday. Satellite images from Maxar on Tuesday showed "
            "trucks parked in the square, analyst John Smith said.")
    r = _one(gaz, text, dt.date(2023, 7, 27))
    assert [s.how for s in r.claim.sites] == ["context"]
    k = _checks(r)["site_wording"]
    assert k.status == "consistent" and "refers to it as 'square'" in k.detail


@pytest.mark.parametrize("between, corroborates", [(3, True), (7, False)])
def test_other_evidence_counts_within_five_sentences(gaz, between, corroborates):
    filler = " ".join(f"Talks resumed in round {k} on the treaty." for k in range(1, between + 1))
    text = _PLANET_SEVASTOPOL + "\n" + filler + "\nA video posted by residents showed fires at the shipyard."
    r = crossref(Article(id="t", text=text, published=dt.date(2024, 5, 10)), gazetteer=gaz).imagery[0]
    assert (_checks(r)["corroboration"].status == "consistent") is corroborates


def test_a_claim_placed_and_dated_by_its_own_words_with_nothing_against_it_is_plausible(gaz):
    # Site wording consistent and a day the sentence gives its images: specific and unopposed.
    text = ("Commercial satellite imagery of the Sohae Satellite Launching Station from August 9 "
            "indicates that the facility remains at standby.")
    [r] = crossref(Article(id="t", text=text, published=dt.date(2017, 8, 20)), gazetteer=gaz).imagery
    assert _checks(r)["site_wording"].status == "consistent" and r.verdict == "plausible"
    # Undated, it stays unverified.
    text = ("Commercial satellite imagery of the Sohae Satellite Launching Station indicates that the "
            "facility remains at standby.")
    [r] = crossref(Article(id="t", text=text, published=dt.date(2017, 8, 20)), gazetteer=gaz).imagery
    assert r.verdict == "unverified"
    # A country its sentence names and a day it gives: placed and dated by its words, plausible.
    text = "Satellite photographs of rural Myanmar released on 28 September show villages wiped out."
    [r] = crossref(Article(id="t", text=text, published=dt.date(2007, 9, 30)), gazetteer=gaz).imagery
    assert r.claim.sites[0].feature == "country" and r.verdict == "plausible"
