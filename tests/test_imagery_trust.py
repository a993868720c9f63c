"""Issue 13: an imagery cross-reference an analyst can trust.

One test per failure the issue names, plus real cases with known answers. Sources of
the real cases (each also cited in data/imagery_evidence.csv):

- Maxar's night image of the 8 Feb 2023 parade in Kim Il Sung Square, taken 22:05 KST:
  Kyunghyang Shinmun, 9 Feb 2023, https://m.khan.co.kr/politics/north-korea/article/202302090817001
  (also Hankyoreh http://2014vote.hani.co.kr/arti/politics/defense/1078951.html).
- Umbra's radar image of the square area at 21:16 KST on 27 Jul 2023: SBS News, 28 Jul 2023,
  https://news.sbs.co.kr/news/endPage.do?news_id=N1007286669.
- Planet's images of 6 Jul 2023 of the Mirim training ground: KBS World citing VOA, 7 Jul 2023,
  http://world.kbs.co.kr/service/news_view.htm?lang=e&Seq_Code=178991.

Coordinates: every site in these texts is resolved by the embedded gazetteer, whose rows
carry their source (GeoNames ids, or data/curated_places.csv with a cited URL); the
evidence rows written here reuse those coordinates (Kim Il Sung Square 39.01953, 125.75247,
curated row kim-il-sung-square; Saki, Crimea 45.13393, 33.59779, GeoNames 694910).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from osint import crossref
from osint.article import Article
from osint.checks import load_evidence, open_checks
from osint.checks.evidence import independent_groups
from osint.cli import main
from osint.dates import find_dates, find_times
from osint.gazetteer import load_gazetteer
from osint.paths import PROJ_ROOT

SEED = PROJ_ROOT / "seeds" / "000_908df4e159e4c100.txt"
HEADER = (
    "id,kind,date,date_precision,time_local,tz,site_id,site_name,lat,lon,provider,sensor,observations,"
    "description,reported_on,source_url,source_note,image_id,original_source,relayed_via"
)
SQUARE = "kim-il-sung-square,Kim Il Sung Square,39.01953,125.75247"


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(autouse=True)
def _empty_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("OSINT_CACHE_DIR", str(tmp_path / "cache"))


def _one(gaz, text: str, published: dt.date, **kw):
    rep = crossref(
        Article(id="t", text=text, published=published, meta=kw.pop("meta", {})),
        gazetteer=gaz,
        include_statements=False,
        **kw,
    )
    assert len(rep.imagery) == 1, [r.claim.text for r in rep.imagery]
    return rep.imagery[0]


def _checks(r) -> dict:
    return {k.check: k for k in r.checks}


def _hard(r) -> list[str]:
    return [k.check for k in r.checks if k.status == "inconsistent" and k.weight == "hard"]


def _evidence(tmp_path: Path, *rows: str, name: str = "evidence.csv") -> Path:
    p = tmp_path / name
    p.write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    return p


# ------------------------------------------------------------------------------ the seed


@pytest.mark.parametrize("published", [None, "2023-07-28"])
def test_seed_keeps_its_verdicts(gaz, published):
    rep = crossref(SEED, gazetteer=gaz, published=published)
    assert [r.verdict for r in rep.imagery] == ["corroborated", "corroborated"]
    for r in rep.imagery:
        assert not _hard(r)
        assert r.likelihood == "likely" and r.assessment.startswith("likely (1 independent source")
        assert r.would_change


# --------------------------------------------------------------------- real cases, known answers


MAXAR_NIGHT = (
    "Maxar Technologies released satellite images of the military parade in Kim Il Sung Square, "
    "taken at 10:05 p.m. local time on February 8, showing a giant national flag, thousands of people "
    "and launchers carrying what appear to be Hwasong-17 ICBMs, the Kyunghyang Shinmun reported."
)


def test_maxar_night_parade_image_is_not_rejected(gaz):
    r = _one(gaz, MAXAR_NIGHT, dt.date(2023, 2, 9))
    c = _checks(r)
    assert (r.claim.provider, r.claim.sensor) == ("Maxar", "optical")
    assert (r.claim.window.start, r.claim.window.end) == (dt.date(2023, 2, 8),) * 2
    k = c["sensor_conditions"]
    assert k.status == "consistent" and k.weight == "soft" and k.evidence["image_sun_elevation"] < -40
    assert r.verdict == "corroborated"
    # The Kyunghyang row is the report the claim is; Hankyoreh's report of the same image is one source.
    assert c["corroboration"].evidence["self_reports"] == ["khan-maxar-square-feb08"]
    assert c["corroboration"].evidence["independent_sources"] == 1


def test_maxar_night_image_is_not_corroborated_by_its_own_article(gaz):
    url = {"url": "https://m.khan.co.kr/politics/north-korea/article/202302090817001"}
    text = MAXAR_NIGHT.replace(", the Kyunghyang Shinmun reported", ", analyst John Smith said")
    c = _checks(_one(gaz, text, dt.date(2023, 2, 9), meta=url))["corroboration"]
    assert "khan-maxar-square-feb08" in c.evidence["self_reports"]
    assert "khan-maxar-square-feb08" not in c.evidence["showing_the_same"]


UMBRA_NIGHT = (
    "Umbra Space released a radar image of the Kim Il Sung Square area taken at 9:16 p.m. on July 27, "
    "showing lighting set up for the parade and what appear to be five large missiles, SBS reported."
)


def test_umbra_parade_night_radar_image(gaz):
    r = _one(gaz, UMBRA_NIGHT, dt.date(2023, 7, 28))
    assert (r.claim.provider, r.claim.sensor) == ("Umbra", "sar")
    assert r.verdict == "plausible" and not _hard(r)
    c = _checks(r)
    # SBS's own report of the image is the claim, so it does not corroborate it.
    assert c["corroboration"].evidence["self_reports"] == ["sbs-umbra-square-jul27"]
    assert c["resolution"].status == "consistent"
    # Told by someone else, SBS's report is independent evidence of the same image.
    other = _one(gaz, UMBRA_NIGHT.replace("SBS reported", "analyst John Smith said"), dt.date(2023, 7, 28))
    assert other.verdict == "corroborated"


PLANET_MIRIM = (
    "Satellite images from Planet Labs taken on July 6 show many vehicles gathered at the Mirim "
    "parade training ground in Pyongyang and groups that appear to be troops standing in rows, "
    "analyst John Smith said."
)


def test_planet_mirim_july_6(gaz):
    r = _one(gaz, PLANET_MIRIM, dt.date(2023, 7, 7))
    assert r.claim.provider == "Planet" and [s.source_id for s in r.claim.sites] == [
        "mirim-parade-training-ground"
    ]
    assert r.verdict == "corroborated"
    veh = next(o for o in r.claim.observations if o.label == "vehicles")
    assert veh.detail == "group"
    assert any(o.hedged for o in r.claim.observations)
    assert _checks(r)["resolution"].status == "consistent"


# ------------------------------------------------------------- hard facts decide, soft inform


def test_provider_without_such_sensor_is_hard(gaz):
    r = _one(
        gaz,
        "Planet radar images from July 20 showed vehicles in Kim Il Sung Square, analyst John Smith said.",
        dt.date(2023, 7, 28),
    )
    assert r.verdict == "contradicted" and _hard(r) == ["sensor_conditions"]


def test_airbus_flies_radar_too(gaz):
    r = _one(
        gaz,
        "Airbus radar images from July 20 showed vehicles in Kim Il Sung Square, analyst John Smith said.",
        dt.date(2023, 7, 28),
    )
    assert r.claim.sensor == "sar" and r.verdict != "contradicted"
    plain = _one(
        gaz,
        "Airbus images from July 20 showed vehicles in Kim Il Sung Square, analyst John Smith said.",
        dt.date(2023, 7, 28),
    )
    assert plain.claim.sensor == "unknown" and "both optical and radar" in plain.claim.sensor_reason
    neo = _one(
        gaz,
        "Pleiades Neo images from July 20 showed vehicles in Kim Il Sung Square, analyst John Smith said.",
        dt.date(2023, 7, 28),
    )
    assert (neo.claim.provider, neo.claim.constellation, neo.claim.sensor) == (
        "Airbus",
        "Pleiades Neo",
        "optical",
    )


def test_image_dated_after_publication_is_hard(gaz):
    r = _one(
        gaz,
        "Maxar images taken on August 3, 2023 showed vehicles in Kim Il Sung Square, analyst John "
        "Smith said.",
        dt.date(2023, 7, 28),
    )
    assert r.verdict == "contradicted" and "article_consistency" in _hard(r)


def test_optical_in_the_dark_without_lights_or_night_capability_is_hard(gaz):
    r = _one(
        gaz,
        "Sentinel-2 images taken at 23:40 on July 20 showed new construction at Sohae, analyst John "
        "Smith said.",
        dt.date(2023, 7, 28),
    )
    k = _checks(r)["sensor_conditions"]
    assert k.status == "inconsistent" and k.weight == "hard" and k.evidence["image_sun_elevation"] < -12
    assert r.verdict == "contradicted"


def test_night_words_are_soft(gaz):
    # "nighttime parade" describes the event, not the image.
    r = _one(
        gaz,
        "Maxar images over the past weeks showed troops rehearsing for the nighttime parade in Kim "
        "Il Sung Square, analyst John Smith said.",
        dt.date(2023, 7, 27),
    )
    assert r.verdict != "contradicted" and not _hard(r)
    # "at night" under the midnight sun says nothing about light (Longyearbyen, GeoNames 2729907).
    r = _one(
        gaz,
        "Maxar images captured at night on June 20 showed ships at Longyearbyen, analyst John Smith said.",
        dt.date(2023, 6, 21),
    )
    assert r.verdict != "contradicted" and "polar day" in _checks(r)["sensor_conditions"].detail
    # Tied to the image where the sun does set: a soft signal that lowers confidence.
    r = _one(
        gaz,
        "Pleiades images captured at night on July 20 showed new construction at Sohae, analyst John "
        "Smith said.",
        dt.date(2023, 7, 28),
    )
    k = _checks(r)["sensor_conditions"]
    assert k.status == "inconsistent" and k.weight == "soft" and r.verdict != "contradicted"


def test_night_image_from_a_daytime_only_constellation_is_hard(gaz):
    # Sentinel-2 crosses at 10:30 local solar time (ESA) and does not image at night.
    r = _one(
        gaz,
        "Sentinel-2 images captured at night on July 20 showed smoke at Sohae, analyst John Smith said.",
        dt.date(2023, 7, 28),
    )
    k = _checks(r)["sensor_conditions"]
    assert k.status == "inconsistent" and k.weight == "hard" and r.verdict == "contradicted"


def test_model_cloud_is_soft(gaz, monkeypatch):
    from osint.online import weather

    def cloudy(lat, lon, start, end, *, tz="UTC", online=False):
        from zoneinfo import ZoneInfo

        times, d = [], start
        while d <= end:
            times += [dt.datetime(d.year, d.month, d.day, h, tzinfo=ZoneInfo(tz)) for h in range(24)]
            d += dt.timedelta(days=1)
        return weather.CloudCover(lat, lon, tz, tuple(times), (30.0,) * len(times), "test: 30% everywhere")

    monkeypatch.setattr(weather, "hourly_cloud_cover", cloudy)
    r = _one(
        gaz,
        "Maxar images taken on July 20 showed vehicles in Kim Il Sung Square, analyst John Smith said.",
        dt.date(2023, 7, 28),
    )
    k = _checks(r)["weather"]
    assert k.status == "unverified" and k.weight == "soft" and k.evidence["pass_hours"] >= 1
    assert r.verdict != "contradicted"

    def overcast(*a, **kw):
        got = cloudy(*a, **kw)
        return weather.CloudCover(got.lat, got.lon, got.tz, got.times, (95.0,) * len(got.times), "test")

    monkeypatch.setattr(weather, "hourly_cloud_cover", overcast)
    r = _one(
        gaz,
        "Maxar images taken on July 20 showed vehicles in Kim Il Sung Square, analyst John Smith said.",
        dt.date(2023, 7, 28),
    )
    k = _checks(r)["weather"]
    assert k.status == "inconsistent" and k.weight == "soft" and r.verdict != "contradicted"
    assert r.confidence < 0.75


def test_weather_is_read_at_the_providers_pass(gaz, monkeypatch):
    """Clear only at 03:00 local: no sun-synchronous optical pass then, so no clear pass."""
    from osint.online import weather

    def clear_at_3(lat, lon, start, end, *, tz="UTC", online=False):
        from zoneinfo import ZoneInfo

        times = [dt.datetime(start.year, start.month, start.day, h, tzinfo=ZoneInfo(tz)) for h in range(24)]
        return weather.CloudCover(
            lat, lon, tz, tuple(times), tuple(0.0 if h == 3 else 95.0 for h in range(24)), "test"
        )

    monkeypatch.setattr(weather, "hourly_cloud_cover", clear_at_3)
    r = _one(
        gaz,
        "Sentinel-2 images taken on July 20 showed new construction at Sohae, analyst John Smith said.",
        dt.date(2023, 7, 28),
    )
    k = _checks(r)["weather"]
    assert k.status == "inconsistent" and not k.evidence["clear_pass_dates"]


def test_pixel_clearly_too_coarse_is_hard(gaz):
    r = _one(
        gaz,
        "Sentinel-2 images from July 20 showed individual soldiers at the Mirim parade training "
        "ground, analyst John Smith said.",
        dt.date(2023, 7, 28),
    )
    assert r.verdict == "contradicted" and _hard(r) == ["resolution"]
    # Sentinel-2's 10 m pixel shows large aircraft, not their types; PlanetScope's 3 m tells bombers apart.
    r = _one(gaz, "Sentinel-2 images from July 20 showed two Tu-95 bombers at Engels, analyst John Smith "
                  "said.", dt.date(2023, 7, 28))
    assert "resolution" in _hard(r)
    r = _one(gaz, "Sentinel-2 images from July 20 showed bombers at Engels, analyst John Smith said.",
             dt.date(2023, 7, 28))
    assert "resolution" not in _hard(r)
    r = _one(gaz, "PlanetScope images from July 20 showed two Tu-95 bombers at Engels, analyst John Smith "
                  "said.", dt.date(2023, 7, 28))
    assert "resolution" not in _hard(r)
    # Hedged: soft.
    r = _one(gaz, "Sentinel-2 images from July 20 showed what appear to be Tu-95 bombers at Engels, analyst "
                  "John Smith said.", dt.date(2023, 7, 28))
    assert "resolution" not in _hard(r)
    # Radar shows no colour.
    r = _one(
        gaz,
        "Umbra radar images from July 20 showed red flags in Kim Il Sung Square, analyst John Smith said.",
        dt.date(2023, 7, 28),
    )
    assert "resolution" in _hard(r)


def test_named_site_far_from_where_the_claim_places_it_is_hard(gaz):
    r = _one(
        gaz,
        "Satellite images from Maxar taken on July 20 showed vehicles at the Punggye-ri nuclear test "
        "site near Pyongyang, analyst John Smith said.",
        dt.date(2023, 7, 27),
    )
    assert [s.source_id for s in r.claim.sites] == ["punggye-ri"]
    assert r.verdict == "contradicted" and _hard(r) == ["site_wording"]
    ok = _one(
        gaz,
        "Planet images from July 20 showed aircraft at Sunan airport near Pyongyang, analyst John "
        "Smith said.",
        dt.date(2023, 7, 27),
    )
    assert _checks(ok)["site_wording"].status == "consistent"
    # "on the east coast": Sohae is on the west coast of North Korea.
    west = _one(
        gaz,
        "Planet images from July 20 showed new construction at Sohae on the east coast, analyst "
        "John Smith said.",
        dt.date(2023, 7, 27),
    )
    assert "site_wording" in _hard(west)


def test_checks_without_information_do_not_make_plausible(gaz):
    r = _one(
        gaz,
        "Umbra radar images over the past weeks showed something in Kim Il Sung Square, analyst John "
        "Smith said.",
        dt.date(2022, 1, 20),
        default_evidence=False,
    )
    c = _checks(r)
    assert c["sensor_conditions"].weight == "none"
    assert r.verdict in ("unverified", "plausible")
    assert "carrying no information" in r.reasoning


# ---------------------------------------------------------------------------- time read properly


def test_dates_without_a_year_and_clock_times():
    pub = dt.date(2023, 7, 28)
    got = {
        d.text: (d.date_start, d.date_end)
        for d in find_dates("images from June 24, from May and July 6; the past month", pub)
    }
    assert got["June 24"] == (dt.date(2023, 6, 24),) * 2
    assert got["from May"] == (dt.date(2023, 5, 1), pub)
    assert got["July 6"] == (dt.date(2023, 7, 6),) * 2
    assert got["past month"] == (dt.date(2023, 6, 28), pub)
    # A day later in the year than publication is last year's.
    assert find_dates("on December 24", pub)[0].date_start == dt.date(2022, 12, 24)
    assert "latest" in find_dates("on June 24", pub)[0].derivation
    t = find_times("an image taken at 23:40, while the parade began in the morning")
    assert (t[0].hour_from, t[0].image) == (23 + 40 / 60, True)
    assert (t[1].text, t[1].image) == ("in the morning", False)
    assert find_times("at 9:16 p.m. KST")[0].zone == "Asia/Seoul"


def test_time_zones_are_looked_up_offline():
    from osint.checks import site_tz
    from osint.claims import Site

    # Tehran (GeoNames 112931) 35.69439, 51.42151; Kyiv (GeoNames 703448) 50.45466, 30.5238.
    assert (
        site_tz(Site("Tehran", 35.69439, 51.42151, "capital", "geonames:112931", "named", "", ""))
        == "Asia/Tehran"
    )
    assert site_tz(Site("Kyiv", 50.45466, 30.5238, "capital", "geonames:703448", "named", "", "")) in (
        "Europe/Kyiv",
        "Europe/Kiev",
    )


# --------------------------------------------------------------------- polarity, hedges, damage


def test_negative_observation_is_never_corroborated_by_a_report_of_it(gaz):
    r = _one(
        gaz,
        "Planet images taken on July 6 showed no vehicles at the Mirim parade training ground, "
        "analyst John Smith said.",
        dt.date(2023, 7, 7),
    )
    o = r.claim.observations[0]
    assert (o.label, o.negated) == ("vehicles", True)
    c = _checks(r)["corroboration"]
    assert c.status == "inconsistent" and "kbs-178991-mirim-jul06" in c.evidence["conflicting"]
    assert r.verdict != "corroborated"


def test_damage_vocabulary(gaz):
    # Saki Air Base, Crimea (airportsdata UKFI).
    r = _one(
        gaz,
        "Satellite images from Planet Labs taken on August 10 showed at least eight destroyed "
        "aircraft, three large craters, scorch marks, burned structures and collapsed hangars at Saky "
        "air base in Crimea, analyst John Smith said in Kyiv.",
        dt.date(2022, 8, 11),
    )
    labels = {o.label for o in r.claim.observations}
    assert {
        "destroyed equipment",
        "craters",
        "scorch marks",
        "burned structures",
        "collapsed structures",
    } <= labels
    # "Saky air base": the town's air base (airportsdata UKFI, 4.6 km from the town), not the town.
    assert [s.name for s in r.claim.sites] == ["Saki Air Base"]
    assert any("where the speaker is" in d for d in r.claim.dropped_sites)
    assert r.verdict != "contradicted"


# ---------------------------------------------------------------------------------- independence


def test_relayed_reports_count_once_and_self_reports_never(gaz, tmp_path):
    ev = _evidence(
        tmp_path,
        f"a,imagery,2023-07-20,day,,Asia/Pyongyang,{SQUARE},Planet,optical,vehicles,first,,"
        "https://example.org/a,,,Planet Labs,VOA|KBS World",
        f"b,imagery,2023-07-21,day,,Asia/Pyongyang,{SQUARE},Planet,optical,vehicles,second,,"
        "https://example.org/b,,,Planet Labs,VOA|KBS World",
        f"c,imagery,2023-07-22,day,,Asia/Pyongyang,{SQUARE},Maxar,optical,vehicles,same image as d,,"
        "https://example.org/c,,maxar-1,Maxar,Yonhap",
        f"d,imagery,2023-07-22,day,,Asia/Pyongyang,{SQUARE},Maxar,optical,vehicles,same image as c,,"
        "https://example.org/d,,maxar-1,Maxar,NK News",
        f"e,imagery,2023-07-22,day,,Asia/Pyongyang,{SQUARE},Maxar,optical,vehicles,the claim relayed,,"
        "https://example.org/e,,,Stimson Center,NK News",
    )
    rows = load_evidence(ev)
    assert len(independent_groups(rows)) == 3
    text = (
        "Maxar images over the past weeks showed vehicles in Kim Il Sung Square, said Jenny Town, a senior "
        "fellow at the Stimson Center."
    )
    c = _checks(_one(gaz, text, dt.date(2023, 7, 27), evidence=ev, default_evidence=False))["corroboration"]
    assert c.status == "consistent" and c.evidence["independent_sources"] == 2
    assert c.evidence["self_reports"] == ["e"]


def test_shipped_relayed_planet_reports_share_a_chain():
    rows = {r.id: r for r in load_evidence()}
    groups = independent_groups([rows["kbs-178611-mirim-jun15"], rows["kbs-177816-mirim-may"]])
    assert len(groups) == 1


# ------------------------------------------------------------------------------------- sites


def test_provider_and_designation_names_never_become_sites(gaz):
    r = _one(
        gaz,
        "Radar images from Capella on July 20 showed two Tu-95 bombers and an Il-76 at Engels air "
        "base, analyst Jane Roe said in London.",
        dt.date(2023, 7, 27),
    )
    assert r.claim.provider == "Capella Space"
    # "Engels air base" is the air base itself (airportsdata XWSG), not the town.
    assert [s.name for s in r.claim.sites] == ["Engels Airbase"]
    dropped = " ".join(r.claim.dropped_sites)
    # "Capella" and "Tu-95" are no places to the geoparser either: no site is made of them to drop.
    assert "London" in dropped
    assert not any("Capel" in s.name or "Tu" in s.name for s in r.claim.sites)
    assert {o.detail for o in r.claim.observations if o.label == "aircraft"} == {"Tu-95", "Il-76"}


def test_every_site_is_checked(gaz):
    r = _one(
        gaz,
        "Maxar images taken on July 20 showed vehicles at Sohae and at Sinpo, analyst John Smith said.",
        dt.date(2023, 7, 27),
    )
    assert len(r.claim.sites) == 2
    for name in ("sensor_conditions", "orbits"):
        k = _checks(r)[name]
        assert set(k.evidence["per_site"]) == {s.name for s in r.claim.sites}, name


def test_reference_city_not_province_centroid(gaz):
    # Kherson city (GeoNames 706448), not Kherson Oblast (706442).
    r = _one(
        gaz,
        "Planet images from July 20 showed craters at an air base near Kherson, analyst John Smith said.",
        dt.date(2023, 7, 27),
    )
    site = r.claim.sites[0]
    assert "706448" in site.source or (site.reference and "706448" in site.reference[3])


# --------------------------------------------------------------------------- any article, evidence


def test_evidence_from_several_files_and_folders(gaz, tmp_path, capsys):
    folder = tmp_path / "mine"
    folder.mkdir()
    _evidence(
        folder,
        f"x1,imagery,2023-07-20,day,,Asia/Pyongyang,{SQUARE},Maxar,optical,vehicles,x1,,"
        "https://example.org/x1,,,,",
        name="a.csv",
    )
    extra = _evidence(
        tmp_path,
        f"x2,imagery,2023-07-21,day,,Asia/Pyongyang,{SQUARE},Maxar,optical,ships,x2,,"
        "https://example.org/x2,,,,",
        name="b.csv",
    )
    rows = load_evidence([folder, extra], default=True)
    ids = {r.id for r in rows}
    assert {"x1", "x2", "sbs-umbra-square-jul27"} <= ids
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert (
            main(
                [
                    "crossref",
                    str(SEED),
                    "--evidence",
                    str(folder),
                    "--evidence",
                    str(extra),
                    "--format",
                    "json",
                ]
            )
            == 0
        )
    doc = json.loads(buf.getvalue())
    assert all("confidence" in c and "would_change" in c for c in doc["claims"] if c["kind"] == "imagery")
    empty = tmp_path / "nothing"
    empty.mkdir()
    assert main(["crossref", str(SEED), "--evidence", str(empty)]) == 2
    assert "no .csv" in capsys.readouterr().err


def test_other_regions_resolve_through_the_geoparser(gaz):
    # Natanz (GeoNames 122491); Homs (GeoNames 169577).
    r = _one(
        gaz,
        "Airbus Pleiades imagery from June 24 showed new tunnel entrances and excavation at Natanz, "
        "analyst Jane Roe said.",
        dt.date(2023, 7, 10),
    )
    assert r.claim.constellation == "Pleiades" and r.claim.sites[0].country_code == "IR"
    assert r.claim.window.start == dt.date(2023, 6, 24)
    assert r.verdict == "plausible"
    r = _one(
        gaz,
        "Satellite images from DigitalGlobe taken on April 7 showed craters and destroyed aircraft "
        "at an air base near Homs, analyst Jane Roe said.",
        dt.date(2017, 4, 8),
    )
    assert r.claim.provider == "Maxar" and r.claim.sites[0].country_code == "SY"
    assert r.verdict != "contradicted"
    r = _one(
        gaz,
        "Sentinel-2 imagery from July 6 showed large scorch marks near Kherson, analyst Jane Roe said.",
        dt.date(2023, 7, 10),
    )
    assert _checks(r)["resolution"].status == "consistent"


def test_what_would_settle_each_open_check(gaz):
    r = _one(gaz, PLANET_MIRIM, dt.date(2023, 7, 7))
    settle = open_checks(r.claim, r.checks)
    assert "weather" in settle and "--online" in settle["weather"]
    assert all(
        k.status in ("unverified", "not checked") or k.weight != "hard" for k in r.checks if k.check in settle
    )


def test_a_follow_up_claim_keeps_the_speakers_site_never_the_speakers_city(gaz):
    text = ("KYIV, May 14 - Ukrainian drones struck an oil depot near Klintsy in Russia's Bryansk region "
            "overnight, the regional governor said.\n\n"
            '"Satellite images from Maxar taken on Tuesday show at least three storage tanks burning at '
            'the depot," said analyst Michael Kofman in Washington.\n\n'
            "Images from Planet Labs captured on Monday showed smoke rising over the site, he added.\n")
    art = Article(id="follow-up", text=text, published=dt.date(2024, 5, 14))
    first, second = crossref(art, gazetteer=gaz).imagery
    assert [s.name for s in first.claim.sites] == ["Klintsy"]
    assert [s.name for s in second.claim.sites] == ["Klintsy"], "'he added' goes on about the same site"
    assert "Washington" not in {s.name for r in (first, second) for s in r.claim.sites}


def test_the_depot_of_a_claim_is_the_depot_named_before(gaz):
    text = ("Ukrainian drones struck an oil depot near the town of Klintsy overnight, the governor said. "
            "Nobody was hurt. Residents of Novozybkov reported explosions. The depot supplies fuel to "
            "units near Shaykovka air base in the Kaluga region. Satellite images taken by Maxar on "
            "Tuesday showed scorch marks at the depot, said Brady Africk, an analyst.")
    art = Article(id="depot", text=text, published=dt.date(2024, 5, 14))
    (claim,) = crossref(art, gazetteer=gaz).imagery
    assert [s.name for s in claim.claim.sites] == ["Klintsy"]
    assert "the depot" in claim.claim.sites[0].reasoning


def test_an_undated_optical_claim_has_no_light_to_be_held_against(gaz):
    # Issue 21: no date and no time (no publication date either): daylight every day, no weight.
    r = _one(gaz, "Maxar images showed missile launchers in Kim Il Sung Square, analyst John Smith said.",
             None)
    k = _checks(r)["sensor_conditions"]
    assert (k.status, k.weight) == ("consistent", "none") and "neither a date nor a time" in k.detail
    # A time of day the claim gives is something to hold: still not checked without a date.
    r = _one(gaz, "Maxar images taken at night showed missile launchers in Kim Il Sung Square, analyst "
                  "John Smith said.", None)
    assert _checks(r)["sensor_conditions"].status == "not checked"


def test_evidence_of_another_kind_does_not_corroborate_a_claim_placed_at_a_whole_country(gaz):
    # Issue 21: deaths the UN confirmed support the pattern, but a claim placed only at a country
    # gives them no place to agree at: plausible, its corroboration check still consistent.
    text = ("Satellite images from Planet taken on July 20 show burned villages in Sudan.\n"
            "The United Nations confirmed at least 100 deaths in attacks on the villages.")
    r = _one(gaz, text, dt.date(2024, 7, 28))
    assert _checks(r)["corroboration"].status == "consistent" and r.verdict == "plausible"
    text = ("Satellite images from Planet taken on July 20 show burned houses in El Fasher.\n"
            "The United Nations confirmed at least 100 deaths in attacks on the city.")
    r = _one(gaz, text, dt.date(2024, 7, 28))
    assert r.verdict == "corroborated"
