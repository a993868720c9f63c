"""osint.people: people, organisations and events, with the limits documented in the module."""

from __future__ import annotations

import pytest

from osint.places.people import people_and_organisations


@pytest.fixture(scope="module")
def seed_names(seed_article):
    return people_and_organisations(seed_article.text)


def _kind(df, name):
    row = df[df["name"] == name]
    assert len(row) == 1, f"{name} not found once: {df['name'].tolist()}"
    return row.iloc[0]


def test_seed_people(seed_names, seed_article):
    for name in ("Sergei Shoigu", "Kim Jong Un", "Li Hongzhong", "Vladimir Putin", "Anthony Rinna",
                 "Ankit Panda", "Xi Jinping", "John Kirby", "Artyom Lukin", "Alexander Matsegora",
                 "Yang Moo-jin", "Dave Schmerler", "Kang Sun Nam"):
        assert _kind(seed_names, name)["kind"] == "person"
    # Surnames alone count for the full name.
    assert _kind(seed_names, "Sergei Shoigu")["count"] == seed_article.text.count("Shoigu")
    assert _kind(seed_names, "Vladimir Putin")["titles"] == "President Mr"
    assert _kind(seed_names, "Alexander Matsegora")["titles"] == "Ambassador"


def test_seed_organisations_and_events(seed_names):
    for name in ("United Nations Security Council", "KCNA", "Far Eastern Federal University",
                 "University of North Korean Studies", "Carnegie Endowment for International Peace",
                 "James Martin Center for Nonproliferation Studies"):
        assert _kind(seed_names, name)["kind"] == "organisation"
    assert _kind(seed_names, "Korean War")["kind"] == "event"


def test_places_and_sentence_starts_are_not_people(seed_names):
    names = set(seed_names["name"])
    for not_a_name in ("Pyongyang", "North Korea", "Russia", "However", "Images", "Thursday",
                       "Kim Il Sung Square", "US", "The United Nations Security Council"):
        assert not_a_name not in names
    assert seed_names["first_start"].is_monotonic_increasing


def test_small_texts():
    df = people_and_organisations("President Vladimir Putin met the KCNA. Putin said no.")
    assert df[["name", "kind", "count"]].values.tolist() == [
        ["Vladimir Putin", "person", 2], ["KCNA", "organisation", 1]]
    assert people_and_organisations("nothing capitalised here.").empty
    assert list(people_and_organisations("Rinna said it rained.")["name"]) == ["Rinna"]


def test_aircraft_designations_are_nobody():
    from osint.places import people_and_organisations

    names = people_and_organisations("A Tu-22M3 bomber and two Su-34 jets took off, Kofman said. "
                                     "An F-16 was seen later.")
    assert list(names["name"]) == ["Kofman"]
