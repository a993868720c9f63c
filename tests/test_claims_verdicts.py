"""Verdicts an analyst signs on the ordinary claim (issue 21): "provider X's images show Y at site
Z" is likely when nothing is against it, with or without a date of its own. Texts written for the
tests; the judge's reading of a benchmark record's sentence."""

from __future__ import annotations

import importlib.util

import osint
from osint.paths import PROJ_ROOT


def _verdicts(text: str, published: str | None = "2024-06-12") -> list[str]:
    return [str(r.verdict) for r in osint.analyze(text, published=published).report.imagery]


def test_an_undated_claim_naming_its_site_and_what_is_seen_is_plausible():
    # No date of its own and no provider: the site and what is seen make it checkable.
    text = ("An analysis of satellite images by the Institute for the Study of War found that Russian "
            "troops had dug trenches near Tokmak.")
    assert _verdicts(text) == ["plausible"]


def test_an_undated_claim_naming_its_site_and_provider_is_plausible():
    text = "Images from Planet Labs show the harbour of Sevastopol."
    assert _verdicts(text) == ["plausible"]


def test_a_claim_naming_only_a_site_stays_unverified():
    # Neither a date, a provider nor anything seen: nothing to check but the place.
    text = "Satellite photos indicate that the navy has expanded its presence at Ream in Cambodia."
    assert _verdicts(text) == ["unverified"]


def test_doubt_in_the_article_keeps_an_undated_claim_unverified():
    text = ("State media released satellite images showing trucks at the Yongbyon nuclear complex. "
            "Experts remain skeptical of the images.")
    assert _verdicts(text)[0] == "unverified"


def _bench():
    spec = importlib.util.spec_from_file_location("claims_bench_v", PROJ_ROOT / "benchmarks" / "claims.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_judge_finds_a_sentence_copied_with_other_typography():
    B = _bench()
    text = "Intro.\n\nThe images, taken \u201con Friday\u201d \u2013 show  the base\u2019s runway."
    exact = "Intro."
    assert B.sentence_span(text, exact) == (0, 6)
    lo, hi = B.sentence_span(text, 'The images, taken "on Friday" - show the base\'s runway.')
    assert text[lo:hi] == text[text.index("The"):]
    assert B.sentence_span(text, "Another sentence altogether.") is None


def test_the_satellite_check_of_a_claim_naming_no_provider_is_consistent_without_weight():
    # Dated by publication only, or not at all: some satellite of the table could have taken it.
    for published in ("2024-06-12", None):
        text = "Satellite images show craters at the Engels air base in Russia."
        [r] = osint.analyze(text, published=published).report.imagery
        sat = {k.check: k for k in r.checks}["satellite"]
        assert (sat.status, sat.weight) == ("consistent", "none"), published


def test_the_sensor_check_without_a_site_still_holds_the_provider_to_its_sensor():
    # No place at all: what Planet flies still decides a radar claim, and an optical one with no
    # time of day has nothing against it.
    radar = osint.analyze("Planet's radar images from 3 June show the damage.", published="2024-06-12")
    [r] = radar.report.imagery
    sensor = {k.check: k for k in r.checks}["sensor_conditions"]
    assert r.claim.sites == ()
    assert (sensor.status, sensor.weight) == ("inconsistent", "hard")
    optical = osint.analyze("Maxar's images from 3 June show the damage.", published="2024-06-12")
    [r] = optical.report.imagery
    sensor = {k.check: k for k in r.checks}["sensor_conditions"]
    assert r.claim.sites == ()
    assert (sensor.status, sensor.weight) == ("consistent", "none")
