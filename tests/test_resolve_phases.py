"""The resolver's phases one by one: names and candidates, "City, Region" pairs, what the
document is about, ranking, scores to confidences, the names left unplaced and review notes."""

from __future__ import annotations

import importlib

import pytest

import osint
from osint.places.extract import extract

# ``osint.places.resolve`` is also the name of the function the package exports.
R = importlib.import_module("osint.places.resolve")


@pytest.fixture(scope="module")
def g():
    return osint.load_gazetteer()


def phases(text, g, home=None):
    """Every phase of :func:`resolve` on ``text``, by name."""
    ms = extract(text, g)
    memo = R._memo(g)
    names = R._names(ms, g, memo)
    pairs = R._region_pairs(text, ms, g, memo)
    ranker = R._Ranker(g, memo, names, pairs, home)
    first = R._confident_evidence(names, g)
    decided, evidence = ranker.rank(first)
    doubtful = R._doubtful(names, pairs.boost, decided, evidence, g)
    return {"mentions": ms, "names": names, "pairs": pairs, "ranker": ranker, "first": first,
            "decided": decided, "evidence": evidence, "doubtful": doubtful,
            "unplaced": R._contradicted(pairs, decided, g),
            "reviewer": R._Reviewer(g, decided, doubtful, evidence.named_divisions)}


def where(g, e):
    return g.country_code[e], g.admin1[e]


def test_names_pool_a_names_mentions_and_leave_out_those_without_candidates(g):
    p = phases("Clashes in Paris. Paris police said three were hurt near Hoechang County.", g)
    assert {k: len(v) for k, v in p["names"].by_key.items()} == {"paris": 2}
    assert set(p["names"].info) == {"paris"}
    assert [m.kind for m in p["mentions"]][-1] == "unresolved"


def test_confident_evidence_counts_every_mention_of_a_clear_reading(g):
    p = phases("Russia said Moscow would answer. Russia's envoy left.", g)
    assert p["first"].countries == {"RU": 3}
    assert p["first"].own == {} and p["first"].own_point == {}
    assert p["first"].points  # Moscow's point; Russia, a country, is no point to be near


def test_region_pairs_boost_the_town_in_the_region_named_after_it(g):
    p = phases("The fair moved from Paris, Texas to Tbilisi, Georgia last year.", g)
    pairs = p["pairs"]
    assert {"paris", "texas"} <= pairs.boosted
    assert all(where(g, e) == ("US", "TX") for (key, e) in pairs.boost if key == "paris")
    assert pairs.split == set()
    assert where(g, p["decided"]["paris"][0]) == ("US", "TX") and p["decided"]["paris"][2]


def test_a_name_placed_in_two_regions_is_split(g):
    p = phases("Storms hit Springfield, Mo., on Tuesday. In Springfield, Ill., the governor declared "
               "an emergency.", g)
    assert p["pairs"].split == {"springfield"}
    regions = sorted(where(g, e) for es in p["pairs"].paired.values() for e in es)
    assert regions == [("US", "IL"), ("US", "MO")]


def test_reading_evidence_adds_the_divisions_of_every_reading(g):
    p = phases("The fair moved from Paris, Texas to Tbilisi, Georgia last year.", g)
    first, second = p["first"], p["evidence"]
    assert first.countries["FR"] == 1  # before ranking, the confident Paris is the French one
    assert "FR" not in second.countries and second.countries["US"] == 2
    assert second.own["paris"] == ("US", "TX")
    assert first.named_divisions <= second.named_divisions


def test_bonus_and_a_names_own_votes():
    assert R._bonus(3.0, 3, 3, 3) == 3.0
    assert R._bonus(3.0, 3, 1, 2) == pytest.approx(3.0 * (0.5 / 3 + 0.25))
    by = {"RU": 3.0, "UA": 1.0}
    assert R._less_own(by, {"RU": 3, "UA": 1}, "UA", 1, 3.0, 3, 3) == {"RU": 3.0}
    less = R._less_own(by, {"RU": 3, "UA": 1}, "RU", 1, 3.0, 3, 3)
    assert less == {"RU": R._bonus(3.0, 3, 2, 3), "UA": 1.0}
    assert by == {"RU": 3.0, "UA": 1.0}


def test_scores_become_confidences_and_alternatives(g):
    p = phases("Clashes in Paris. Paris police said three were hurt.", g)
    best, scored, _ = p["decided"]["paris"]
    assert scored[0][1] == best and scored == sorted(scored, reverse=True)
    conf, alts = p["ranker"].confidences("paris", scored)
    assert len(alts) == R.ALTERNATIVES
    assert [a.confidence for a in alts] == sorted((a.confidence for a in alts), reverse=True)
    assert conf > alts[0].confidence and conf + sum(a.confidence for a in alts) <= 1.0 + 1e-9


def test_a_town_the_text_puts_in_a_region_without_it_is_unplaced(g):
    p = phases("Flooding hit Gilbertsville, Ky., on Monday. Gilbertsville residents fled.", g)
    assert p["unplaced"] == {"gilbertsville": "Kentucky"}


def test_a_village_without_company_is_doubtful(g):
    p = phases("Forecasters said a strong El Niño would bring rain this winter.", g)
    assert p["doubtful"] == {"el nino"}
    assert phases("Clashes in Paris. Paris police said three were hurt.", g)["doubtful"] == set()


def test_review_notes_a_sure_small_town_far_from_the_story(g):
    p = phases("Satellite images taken on Tuesday show thousands of new shelters at Tawila, west of El "
               "Fasher in North Darfur, Sudan, where families fleeing the fighting have gathered.", g)
    rv, decided = p["reviewer"], p["decided"]
    tawila = decided["tawila"][0]
    if g.country_code[tawila] == "SD":
        pytest.skip("this gazetteer holds the story's Tawila")
    assert rv.alone(tawila) and rv.sure_may_be_wrong(tawila)
    note = rv.note("tawila", tawila, 1.0)
    assert "km from the article's nearest other place" in note and "missing from the gazetteer" in note
    assert rv.note("el fasher", decided["el fasher"][0], 1.0) == ""
