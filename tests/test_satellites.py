"""Issue 21: the satellite catalogue (data/satellites.csv) in the checks: satellites alive on the
image's date, native pixels, sensor and colour from what the satellites carry.

The dates asserted here are the table's own cited facts (WorldView-4 failed 2019-01-07, Maxar's
report; WorldView Legion 1-2 launched 2024-05-02; Sentinel-1B failed 2021-12-23, ESA; Umbra's
first satellite launched 2021-06-30; SkySat-C 0.7 m native sold at 0.5 m; WorldView-1 panchromatic
only), so a test fails when a check stops reading the table, not when the table is corrected.
"""

from __future__ import annotations

import datetime as dt

import pytest

from osint import crossref, satellites
from osint.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(autouse=True)
def _empty_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("OSINT_CACHE_DIR", str(tmp_path / "cache"))


def _one(gaz, text: str, published: dt.date):
    rep = crossref(text, published=published, gazetteer=gaz, include_statements=False)
    assert len(rep.imagery) == 1, [r.claim.text for r in rep.imagery]
    return rep.imagery[0]


def _checks(r) -> dict:
    return {k.check: k for k in r.checks}


def _hard(r) -> list[str]:
    return [k.check for k in r.checks if k.status == "inconsistent" and k.weight == "hard"]


# ------------------------------------------------------------------------------- the table


def test_names_in_text_find_their_satellites():
    got = {m.text: m.ids for m in satellites.satellite_mentions(
        "WorldView-4, a Sentinel 1B scene, WV3, Pléiades Neo and SPOT 6; not La Paz, nor a dove")}
    assert got["WorldView-4"] == ("worldview-4",)
    assert got["Sentinel 1B"] == ("sentinel-1b",)
    assert got["WV3"] == ("worldview-3",)
    assert set(got["Pléiades Neo"]) >= {"pleiades-neo-3", "pleiades-neo-4"}
    assert got["SPOT 6"] == ("spot-6",)
    assert len(got) == 5  # "Paz" (PAZ) and "dove" (PlanetScope Dove) are no names here


def test_press_providers_reach_the_rows():
    assert {s.provider for s in satellites.of_constellation("WorldView-3")} == {"Maxar"}
    maxar = {s.constellation for s in satellites.of_provider("Maxar")}
    assert maxar >= {"WorldView", "WorldView Legion", "GeoEye"}
    by = {s.constellation: s.provider for s in satellites.load_satellites()}
    assert (by["Sentinel-1"], by["Capella"], by["Pleiades Neo"]) == ("Sentinel-1", "Capella Space", "Airbus")


def test_a_provider_narrows_to_its_satellites_alive_then():
    f = satellites.fleet("Sentinel-1 radar images", "Sentinel-1", "Sentinel-1", dt.date(2022, 5, 1),
                         dt.date(2022, 5, 3))
    assert [s.id for s in f.alive] == ["sentinel-1a"]
    gone = dict((s.id, why) for s, why in f.gone)
    assert "2021-12-23" in gone["sentinel-1b"] and "2024-12-05" in gone["sentinel-1c"]


# --------------------------------------------------------------------------- the checks


def test_a_dead_satellite_is_a_hard_fact_with_its_date_and_source(gaz):
    r = _one(gaz, "A WorldView-4 image taken on March 3, 2021 showed trucks at the Yongbyon nuclear complex, "
                  "analyst John Smith said.", dt.date(2021, 3, 10))
    k = _checks(r)["satellite"]
    assert k.status == "inconsistent" and k.weight == "hard"
    assert "WorldView-4 ended 2019-01-07" in k.detail and "2021-03-03" in k.detail
    assert any(s.startswith("http") for s in k.sources)
    assert r.verdict == "contradicted" and "satellite" in _hard(r)


def test_a_constellation_not_yet_launched_is_a_hard_fact(gaz):
    r = _one(gaz, "Maxar WorldView Legion images from July 20 showed vehicles in Kim Il Sung Square, "
                  "analyst John Smith said.", dt.date(2023, 7, 28))
    k = _checks(r)["satellite"]
    assert k.status == "inconsistent" and k.weight == "hard" and "2024-05-02" in k.detail
    assert r.verdict == "contradicted"


def test_a_provider_before_its_first_launch(gaz):
    r = _one(gaz, "Radar images from Umbra taken on May 5 showed vehicles in Kim Il Sung Square, "
                  "analyst John Smith said.", dt.date(2020, 5, 10))
    k = _checks(r)["satellite"]
    assert k.status == "inconsistent" and k.weight == "hard" and "2021-06-30" in k.detail


def test_an_undated_image_from_a_dead_satellite_is_soft(gaz):
    r = _one(gaz, "WorldView-4 imagery showed trucks at the Yongbyon nuclear complex, "
                  "analyst John Smith said.", dt.date(2023, 7, 28))
    k = _checks(r)["satellite"]
    assert k.status == "inconsistent" and k.weight == "soft" and "archive" in k.detail
    assert r.verdict != "contradicted"


def test_a_satellite_alive_on_the_date_the_claim_gives_is_informative(gaz):
    # Named and dated: the table could have contradicted it, so its agreement counts.
    r = _one(gaz, "Sentinel-1 radar images from May 2 showed vessels at the port of Sevastopol, "
                  "analyst John Smith said.", dt.date(2022, 5, 3))
    k = _checks(r)["satellite"]
    assert k.status == "consistent" and k.weight == "soft"
    assert "Sentinel-1A" in k.detail and "Sentinel-1B ended 2021-12-23" in k.detail


def test_a_satellite_alive_in_an_assumed_window_carries_no_weight(gaz):
    r = _one(gaz, "Sentinel-1 radar images showed vessels at the port of Sevastopol, "
                  "analyst John Smith said.", dt.date(2022, 5, 3))
    k = _checks(r)["satellite"]
    assert k.status == "consistent" and k.weight == "none" and "no date of its own" in k.detail


def test_resolution_uses_the_native_pixel_and_shows_the_product(gaz):
    r = _one(gaz, "SkySat images from July 20 showed people in Kim Il Sung Square, analyst John Smith said.",
             dt.date(2023, 7, 28))
    k = _checks(r)["resolution"]
    assert "0.7 m native (0.5 m product)" in k.detail and k.evidence["gsd_m"] == 0.7


def test_a_named_satellite_decides_the_pixel(gaz):
    # Maxar's finest is 0.29-0.31 m; GeoEye-1 named: 0.41 m.
    r = _one(gaz, "A GeoEye-1 image from July 20 showed vehicles in Kim Il Sung Square, "
                  "analyst John Smith said.", dt.date(2023, 7, 28))
    assert _checks(r)["resolution"].evidence["gsd_m"] == 0.41


def test_panchromatic_only_sees_no_colour(gaz):
    r = _one(gaz, "WorldView-1 images from July 20 showed red banners in Kim Il Sung Square, "
                  "analyst John Smith said.", dt.date(2023, 7, 28))
    k = _checks(r)["resolution"]
    assert k.status == "inconsistent" and k.weight == "hard" and "panchromatic" in k.detail


def test_a_provider_without_the_sensor_then_names_the_satellites_alive(gaz):
    r = _one(gaz, "Sentinel-2 radar images from July 20 showed vehicles in Kim Il Sung Square, "
                  "analyst John Smith said.", dt.date(2023, 7, 28))
    k = _checks(r)["sensor_conditions"]
    assert k.status == "inconsistent" and k.weight == "hard" and "Sentinel-2A" in k.detail


# ------------------------------------------------------ the sensor from what is said of the image


@pytest.mark.parametrize(("text", "sensor"), [
    # An object seen with "radar" in its name is not the sensor.
    ("Maxar satellite images from July 20 showed an air-defence radar near the depot, analyst "
     "John Smith said.", "optical"),
    ("Satellite images from July 20 show the S-400 radar station in Kim Il Sung Square was destroyed, "
     "analyst John Smith said.", "unknown"),
    # Said of the image.
    ("Satellite images captured through the clouds on July 20 showed vehicles in Kim Il Sung Square, "
     "analyst John Smith said.", "sar"),
    ("Satellite images in true colour from July 20 showed vehicles in Kim Il Sung Square, "
     "analyst John Smith said.", "optical"),
    ("Images captured by Capella's radar satellites on July 20 show vehicles in Kim Il Sung Square, "
     "analyst John Smith said.", "sar"),
    ("Sentinel-1 images from July 20 showed vessels off Sevastopol, analyst John Smith said.", "sar"),
    ("Gaofen-3 images from July 20 showed vessels off Sevastopol, analyst John Smith said.", "sar"),
])
def test_sensor_only_from_what_is_said_of_the_image(gaz, text, sensor):
    r = _one(gaz, text, dt.date(2023, 7, 28))
    assert r.claim.sensor == sensor, r.claim.sensor_reason


def test_an_air_defence_radar_seen_does_not_contradict_an_optical_claim(gaz):
    r = _one(gaz, "Maxar satellite images from July 20 showed a destroyed air-defence radar near "
                  "Kim Il Sung Square, analyst John Smith said.", dt.date(2023, 7, 28))
    assert r.claim.sensor == "optical" and not _hard(r)


def test_press_names_of_operators_and_constellations():
    from osint import sensors

    got = {t: [(m.provider, m.constellation) for m in sensors.provider_mentions(t)]
           for t in ("SPOT images", "a spot check", "ImageSat International released images",
                     "COSMO-SkyMed radar images")}
    assert got["SPOT images"] == [("Airbus", "SPOT")]
    assert got["a spot check"] == []
    assert got["ImageSat International released images"][0][0] == "ImageSat International"
    assert got["COSMO-SkyMed radar images"] == [("e-GEOS", "COSMO-SkyMed")]
    # SPOT 7 renamed Azersky when Azercosmos bought it (SpaceNews, Dec 2014): the name is Azercosmos's.
    [(prov, _)] = [(m.provider, m.constellation) for m in sensors.provider_mentions("the Azersky satellite")]
    assert prov == "Azercosmos"


def test_a_colour_seen_means_optical_unless_the_provider_flies_radar_only(gaz):
    r = _one(gaz, "Airbus images from July 20 showed red banners in Kim Il Sung Square, analyst John Smith "
                  "said.", dt.date(2023, 7, 28))
    assert r.claim.sensor == "optical" and "colour" in r.claim.sensor_reason
    # Umbra flies radar only: the sensor stays radar and the colour is what contradicts.
    r = _one(gaz, "Umbra images from July 20 showed red banners in Kim Il Sung Square, analyst John Smith "
                  "said.", dt.date(2023, 7, 28))
    assert r.claim.sensor == "sar" and "resolution" in _hard(r)


def test_weather_reads_only_constellations_flying_then(gaz):
    from osint.checks import weather

    before = _one(gaz, "Sentinel-2 images from May 2 showed vessels off Sevastopol, analyst John Smith said.",
                  dt.date(2014, 5, 3))
    after = _one(gaz, "Sentinel-2 images from May 2 showed vessels off Sevastopol, analyst John Smith said.",
                 dt.date(2016, 5, 3))
    assert weather._optical_rows(before.claim) == []  # Sentinel-2A launched 2015-06-23
    assert [r.constellation for r in weather._optical_rows(after.claim)] == ["Sentinel-2"]


def test_an_undated_claim_of_an_article_with_no_date_names_the_fleet_with_no_weight(gaz):
    # No publication date and no date in the claim: which satellites were alive cannot be
    # held against a day, but the provider's fleet is real: consistent, carrying no information.
    rep = crossref("Satellite photos taken by the commercial company Planet show hangars hit hard at "
                   "the Yongbyon nuclear complex.", gazetteer=gaz, include_statements=False)
    [r] = rep.imagery
    k = _checks(r)["satellite"]
    assert k.status == "consistent" and k.weight == "none" and "undated" in k.detail
    # A satellite lost at launch could never have taken it: soft (the date is unknown).
    rep = crossref("IKONOS-1 imagery showed trucks at the Yongbyon nuclear complex.", gazetteer=gaz,
                   include_statements=False)
    k = _checks(rep.imagery[0])["satellite"]
    assert k.status == "inconsistent" and k.weight == "soft"


def test_an_unnamed_sensor_with_daylight_in_the_window_is_consistent_with_no_weight(gaz):
    # Optical or radar, the day holds daylight for one and any hour for the other: nothing is
    # against it, and nothing is learnt (no weight).
    r = _one(gaz, "Commercial satellite imagery of the Punggye-ri Nuclear Test Site from April 26 "
                  "indicates work at a tunnel.", dt.date(2022, 5, 1))
    k = _checks(r)["sensor_conditions"]
    assert k.status == "consistent" and k.weight == "none"
    # Pinned to a moment in the dark, an optical image is ruled out and radar is not: open.
    r = _one(gaz, "Commercial satellite imagery of the Punggye-ri Nuclear Test Site taken at 1:00 a.m. "
                  "local time on April 26 indicates work at a tunnel.", dt.date(2022, 5, 1))
    assert _checks(r)["sensor_conditions"].status == "unverified"


def test_a_constellation_misspelt_by_one_letter_is_still_read():
    from osint import sensors

    got = [(m.provider, m.constellation, m.text)
           for m in sensors.provider_mentions("taken by a Peiades satellite")]
    assert got == [("Airbus", "Pleiades", "Peiades")]
    assert sensors.one_edit_apart("sentinal", "sentinel") and sensors.one_edit_apart("plieades", "pleiades")
    assert not sensors.one_edit_apart("pleiades", "pleiades")
    assert not sensors.one_edit_apart("plates", "pleiades")
    # Ordinary capitalised words far from every name stay words.
    assert sensors.provider_mentions("Planners said Pleasant weather helped.") == []


def test_black_and_white_pictures_are_a_cameras_unless_radar_is_named():
    from osint import sensors

    assert sensors.infer_sensor("Grainy black-and-white pictures of the capital were published.",
                                "unknown", None)[0] == "optical"
    assert sensors.infer_sensor("Panchromatic images show the port.", "unknown", None)[0] == "optical"
    assert sensors.infer_sensor("Black-and-white radar images show the port.", "unknown", None)[0] == "sar"
    # A black-and-white object is no word about the image.
    assert sensors.infer_sensor("Images show a black and white car.", "unknown", None)[0] == "unknown"


# ------------------------------------------------------------------- screens of the name scans


def test_case_blind_reads_every_letter_re_takes_for_an_ascii_one():
    """The screens of case-blind names lower-case the text and map the four letters outside ASCII
    that ``re.IGNORECASE`` takes for an ASCII one (İ, ı, ſ, K): the list must be the re module's
    own, or a name written with another such letter would be screened out."""
    import re

    every = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c <= 0xDFFF)
    twins = {}
    for c in map(chr, range(0x21, 0x7F)):
        for m in re.compile(re.escape(c), re.IGNORECASE).finditer(every):
            twins[m.group()] = c.lower()
    assert twins == {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
    assert all(satellites.case_blind(t) == c for t, c in twins.items())


def _unscreened(text: str) -> list[tuple[str, int, int, tuple[str, ...]]]:
    """satellite_mentions as it read before the screens: every pattern run over the text."""
    import re

    found: list[tuple[str, int, int, tuple[str, ...]]] = []
    for source, flags, _, ids, _screen in satellites._name_index():
        for m in re.compile(source, flags).finditer(text):
            if not any(m.start() < e and s < m.end() for _, s, e, _ in found):
                found.append((m.group(), m.start(), m.end(), ids))
    return sorted(found, key=lambda f: f[1])


@pytest.mark.parametrize("text", [
    "WorldView-4, a Sentinel 1B scene, WV3, Pléiades Neo and SPOT 6; not La Paz, nor a dove",
    "SENTİNEL-1A and ſentinel 2b and \u212aompsat-3 and kompsat3A, WORLDVIEW3, PLÉIADES NEO 4",
    "S-1A, S1B and CAS500-1 images; Gaofen-7, GF-7, Jilin-1 satellite; ÑuSat and NuSat-5; Iceye",
    "ImageSat International's EROS-B, TerraSAR-X, COSMO-SkyMed and a Capella SAR pass",
    "No satellite at all here, only Sentinels of a city and worldviews.",
])
def test_screened_name_scan_finds_what_every_pattern_finds(text):
    got = [(m.text, m.start, m.end, m.ids) for m in satellites.satellite_mentions(text)]
    assert got == _unscreened(text)


def test_screened_provider_scan_finds_what_every_pattern_finds():
    from osint import sensors

    text = ("Maxar Technologies and Planet Labs PBC, Airbus Defence and Space, a Pleiades Neo and a "
            "SkySat video, BlackSky, Capella Space, ICEYE, Umbra; an Airbus and a planet, not theirs")
    pats = sensors._patterns()
    everything = [(prov, cons, m.group(), m.start(), m.end())
                  for rx, prov, cons, _words in pats for m in rx.finditer(text)]
    screened = [(prov, cons, m.group(), m.start(), m.end())
                for rx, prov, cons, words in pats if any(w in text for w in words)
                for m in rx.finditer(text)]
    assert screened == everything and len(everything) >= 8
    assert sensors.provider_mentions(text)  # the scan reads through the screens
