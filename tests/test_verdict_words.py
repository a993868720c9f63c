"""Issue 21: verdicts an analyst signs: ICD 203 likelihood words with the evidence behind them,
what would change the verdict for this claim, links to go and look, and the shadow at the
image time the claim gives."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from osint import crossref
from osint.checks.sensor import shadow_length
from osint.gazetteer import load_gazetteer
from osint.model.checks import likelihood_word
from osint.paths import PROJ_ROOT

SEED = PROJ_ROOT / "seeds" / "000_908df4e159e4c100.txt"


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(autouse=True)
def _empty_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("OSINT_CACHE_DIR", str(tmp_path / "cache"))


def _one(gaz, text: str, published: dt.date):
    rep = crossref(text, published=published, gazetteer=gaz, include_statements=False)
    assert len(rep.imagery) == 1
    return rep.imagery[0]


def test_icd203_bands():
    assert [likelihood_word(p) for p in (0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.97)] == [
        "almost no chance", "very unlikely", "unlikely", "roughly even chance", "likely", "very likely",
        "almost certainly"]
    assert likelihood_word(None) == ""


@pytest.mark.parametrize("published", [None, "2023-07-28"])
def test_the_seed_says_likely_with_its_evidence(gaz, published):
    rep = crossref(SEED, gazetteer=gaz, published=published)
    for r in rep.imagery:
        assert r.verdict == "corroborated" and r.likelihood == "likely"
        assert r.evidence_count.startswith("1 independent source, ") and "checks agree" in r.evidence_count
        doc = r.as_dict()
        assert doc["likelihood"] == "likely" and "confidence_level" not in doc
        # What would change it names this claim's window and site.
        assert str(r.claim.window.start) in r.would_change[0] and r.claim.sites[0].name in r.would_change[0]


def test_a_hard_fact_reads_very_unlikely_and_names_what_would_overturn_it(gaz):
    r = _one(gaz, "A WorldView-4 image taken on March 3, 2021 showed trucks at the Yongbyon nuclear complex, "
                  "analyst John Smith said.", dt.date(2021, 3, 10))
    assert r.verdict == "contradicted" and r.likelihood in ("very unlikely", "almost no chance")
    assert any(w.startswith("satellite:") and "2019-01-07" in w for w in r.would_change)


def test_links_are_templates_with_the_site_and_window(gaz):
    r = _one(gaz, "Planet images taken on July 6 showed many vehicles at the Mirim parade training ground, "
                  "analyst John Smith said.", dt.date(2023, 7, 7))
    links = dict(r.links)
    cop = next(u for label, u in links.items() if label.startswith("Copernicus Browser, Sentinel-2"))
    q = parse_qs(urlsplit(cop).query)
    site = r.claim.sites[0]
    assert q["datasetId"] == ["S2_L2A_CDAS"] and q["fromTime"] == ["2023-07-06T00:00:00.000Z"]
    assert float(q["lat"][0]) == pytest.approx(site.lat, abs=1e-4)
    stac = next(u for label, u in links.items() if label.startswith("Earth Search"))
    sq = parse_qs(urlsplit(stac).query)
    assert sq["datetime"] == ["2023-07-06T00:00:00Z/2023-07-06T23:59:59Z"]
    assert any("planet.com/explorer/#/center/" in u for u in links.values())
    # Planet is optical: no radar archive is offered, and no Umbra link.
    assert not any("S1_CDAS" in u or "umbra" in u for u in links.values())
    # Only numbers and dates reach a URL: no word of the article.
    assert not any("Mirim" in u or "Smith" in u for u in links.values())


def test_the_shadow_at_the_stated_time(gaz):
    assert shadow_length(45.0) == pytest.approx(10.0) and shadow_length(-3.0) is None
    r = _one(gaz, "Maxar images taken at 11:30 a.m. local time on July 20 showed vehicles in Kim Il Sung "
                  "Square, analyst John Smith said.", dt.date(2023, 7, 28))
    k = next(k for k in r.checks if k.check == "sensor_conditions")
    assert "azimuth" in k.detail and "a 10 m object casts a" in k.detail
    elev = k.evidence["image_sun_elevation"]
    assert k.evidence["shadow_10m_m"] == pytest.approx(shadow_length(elev), abs=0.2)
    # Near noon in July at 39° N the sun is high: the shadow is shorter than the object.
    assert k.evidence["shadow_10m_m"] < 10


def test_a_city_time_sets_the_image_clock(gaz):
    from osint.checks.sensor import _zone_named

    assert _zone_named("at 23:35 Pyongyang time on Monday", "at 23:35") == "Asia/Pyongyang"
    assert _zone_named("at 23:35 Moscow time", "at 23:35") == "Europe/Moscow"
    assert _zone_named("at 23:35 local time", "at 23:35") is None
    # 23:35 in Pyongyang is 09:35 in Washington: daylight there, no contradiction.
    r = _one(gaz, "Photographs of the White House taken by the satellite at around 11:35 pm Pyongyang time "
                  "on November 27 were shown, analyst John Smith said.", dt.date(2023, 11, 28))
    k = next(k for k in r.checks if k.check == "sensor_conditions")
    # (The claim also takes "Pyongyang" of "Pyongyang time" as a site: the claims side's to fix.)
    white_house = next(v for name, v in k.evidence["per_site"].items() if "White House" in name) \
        if "per_site" in k.evidence else k.evidence
    assert white_house["image_sun_elevation"] > 0
