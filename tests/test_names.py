"""The typing stage: every capitalised name typed with its cue before anything is placed.

The sentences are short quotations of the shapes real news uses (wire and think-tank styles),
never the benchmark articles' text.
"""

from __future__ import annotations

import pytest

import osint
from osint.gazetteer import load_gazetteer
from osint.names import type_names


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def typed(text: str, gaz) -> list[tuple[str, str]]:
    return [(n.text, n.kind) for n in type_names(text, gaz)]


@pytest.mark.parametrize(("text", "want"), [
    ("The carrier Admiral Kuznetsov left port.", [("Admiral Kuznetsov", "vessel")]),
    ("USS Carney shot down drones.", [("USS Carney", "vessel")]),
    ("the Virginia-class submarine", [("Virginia-class", "vessel")]),
    ("The Northern Fleet held drills.", [("Northern Fleet", "unit")]),
    ("a Black Sea Fleet landing ship", [("Black Sea Fleet", "unit")]),
    ("the Russian Ministry of Defence said", [("Russian Ministry of Defence", "organisation")]),
    ("the Bank of England raised rates", [("Bank of England", "organisation")]),
    ("according to the Times of Israel", [("Times of Israel", "outlet")]),
    ("Britain sent Storm Shadow missiles", [("Storm Shadow", "weapon")]),
    ("during the Korean War", [("Korean War", "event")]),
    ("Korea Aerospace Research Institute engineers",
     [("Korea Aerospace Research Institute", "organisation")]),
    ("the Russian President, Vladimir Putin, met", [("Vladimir Putin", "person")]),
    ("Defence Minister Andrei Belousov said", [("Andrei Belousov", "person")]),
    ("analyst Dave Schmerler said", [("Dave Schmerler", "person")]),
    ("the base of the Russian Army's 201st Division in Tajikistan",
     [("Russian Army's 201st Division", "unit")]),
    ("built during the Iran-Iraq war", [("Iran-Iraq", "event")]),
    ("as The Australian newspaper reported", [("The Australian", "outlet")]),
    ("the daily Haaretz reported", [("Haaretz", "outlet")]),
    ("the crew on board the Sea Breeze were safe", [("Sea Breeze", "vessel")]),
    ("sailors aboard the Moskva", [("Moskva", "vessel")]),
    ("ships of the Russian Baltic fleet sailed", [("Russian Baltic", "unit")]),
    ("(BBC Ukraine, 3 May) Photos show", [("BBC Ukraine", "outlet")]),
    ("The Kremlin said on Monday", [("The Kremlin", "organisation")]),
    ("since the start of the Donbas war", [("Donbas", "event")]),
    ("the new carrier Type 003 Fujian sailed", [("Type 003 Fujian", "vessel")]),
    ("at 06:48 Moscow Time, officials said", [("Moscow Time", "time zone")]),
    ("the Kharkiv Human Rights Project said", [("Kharkiv Human Rights Project", "organisation")]),
    ("Officials said the White House denied it", [("the White House", "organisation")]),
    ("the Yale School of Public Health said", [("Yale School of Public Health", "organisation")]),
    ("France 24 reported the strike", [("France 24", "outlet")]),
    ("the Daily Sabah said", [("Daily Sabah", "outlet")]),
    ("the cruiser Moskva sank", [("Moskva", "vessel")]),
    ("the carrier Liaoning sailed", [("Liaoning", "vessel")]),
    ("under the Minsk agreements", [("Minsk", "event")]),
    ("the Moscow Patriarchate said", [("Moscow Patriarchate", "organisation")]),
    ("the Tigray People's Liberation Front said", [("Tigray People's Liberation Front", "organisation")]),
    ("Jilin-1 satellite images showed it", [("Jilin-1", "satellite")]),
    ("Malaysia Airlines Flight 17 was shot down", [("Malaysia Airlines Flight 17", "company")]),
    ("Air India flight 171 crashed", [("Air India", "company")]),
    ("the Fars news agency reported", [("Fars", "outlet")]),
    ("the African Union Mission in Somalia said", [("African Union Mission in Somalia", "organisation")]),
])
def test_names_are_typed_by_their_cues(gaz, text, want):
    assert typed(text, gaz) == want


@pytest.mark.parametrize("text", [
    "Satellite images show Andersen Air Force Base on Guam.",   # a base is a place
    "Strikes hit Kharkiv Oblast overnight.",                   # a division is a place
    "Israeli forces entered the West Bank.",                   # the gazetteer holds it whole
    "North Korea’s missiles were shown.",                      # an owner, not a weapon's name
    "Russian drones hit Odesa.",                               # a country's drones
    "The Australian newspapers said.",                         # a sentence's first 'The'
    "Secretary of State Antony Blinken visited Kyiv.",         # Kyiv stays a place
    "A strike hit the Jabalia School on Monday.",              # a school alone is a building
])
def test_places_and_owners_stay_untyped(gaz, text):
    assert all(kind not in ("weapon", "organisation", "unit") or "Force Base" in name
               for name, kind in typed(text, gaz)) and "Air Force Base" not in dict(typed(text, gaz))


def test_a_seat_of_government_is_a_place_until_it_speaks():
    places = osint.geoparse_places("The Kremlin said talks failed. He visited the Kremlin on Monday.")
    assert [(p.mention.text, p.mention.start) for p in places] == [("Kremlin", 46)]
    assert typed("April 18 was quiet in Donetsk.", load_gazetteer()) == []  # a date, no person
    # Before a common noun it is its government too; after "in", or before the building's part,
    # the building.
    places = osint.geoparse_places("Due to Kremlin secrecy, White House officials met in the Kremlin "
                                   "and on the White House lawn.")
    assert [(p.mention.text, p.mention.start) for p in places] == [("Kremlin", 57), ("White House", 76)]
    # ... and one dealt with as a government: "denied by the Kremlin", "talks with the Kremlin".
    assert osint.geoparse_places("A charge denied by the Kremlin; talks with the White House went on.") == []
    # A toponym corpus gets no toponym out of a seat standing for its government.
    assert osint.geoparse_places("The White House declined to comment.", embedded=True) == []


def test_every_name_says_why(gaz):
    names = type_names("The frigate Admiral Grigorovich and the Pacific Fleet sailed.", gaz)
    assert [n.why for n in names] == ["'frigate' before the name: a ship",
                                      "'fleet' makes it an organisation's name"]


def test_no_place_inside_a_typed_name_reaches_the_map():
    text = ("The Black Sea Fleet moved ships from Sevastopol. The Kyiv Independent reported that "
            "the frigate Admiral Makarov sailed to Novorossiysk.")
    case = osint.analyze(text)
    assert list(case.places["text"]) == ["Sevastopol", "Novorossiysk"]
    kinds = dict(zip(case.names["name"], case.names["kind"]))
    assert kinds["Black Sea Fleet"] == "unit" and kinds["Admiral Makarov"] == "vessel"


@pytest.mark.parametrize(("text", "gone", "kept"), [
    ("Sailors on board the Moskva were rescued near Odesa.", "Moskva", "Odesa"),   # a ship
    ("Drones hit the Black Sea fleet in Sevastopol.", "Black Sea", "Sevastopol"),  # a fleet
])
def test_a_place_name_typed_by_the_words_around_it_is_no_place(text, gone, kept):
    # the words around the name typed it whole: the ship, war or fleet, not the place
    shown = [p.mention.text for p in osint.geoparse_places(text)]
    assert gone not in shown and kept in shown


@pytest.mark.parametrize(("text", "kept"), [
    ("The Nagorno-Karabakh conflict is decades old.", "Nagorno-Karabakh"),   # one hyphenated name
    ("The Ukraine war changed Europe.", "Ukraine"),    # a war's place, as a modifier: still a place
    ("Work resumed at the Dongchang-ri missile launch site.", "Dongchang-ri"),  # a site's place
])
def test_a_place_before_a_sites_or_conflicts_noun_stays_a_place(text, kept):
    assert kept in [p.mention.text for p in osint.geoparse_places(text)]


@pytest.mark.parametrize(("text", "kept"), [
    ("Al-Qaeda in the Arabian Peninsula claimed the attack in Aden.", ["Aden"]),
    ("Al Qaeda in the Islamic Maghreb has claimed attacks across Mali.", ["Mali"]),
    ("Fighters of the Islamic State in Iraq and Syria entered Raqqa.", ["Raqqa"]),
    ("Islamic State West Africa Province fighters raided Maiduguri.", ["Maiduguri"]),
])
def test_armed_groups_named_after_regions_are_no_places(text, kept):
    # the groups are read whole from the non-places table (the US list of foreign terrorist
    # organisations), although "in" ends a capitalised run
    assert [p.mention.text for p in osint.geoparse_places(text)] == kept


def test_imagery_tools_are_no_places():
    # "Hub" is a town in Pakistan and in Austria; "Sentinel EO Hub Browser" is a tool
    assert [p.mention.text for p in osint.geoparse_places(
        "Images from Sentinel EO Hub Browser and Google Earth show fires near Kharkiv.")] == ["Kharkiv"]


def test_the_case_types_once_and_saves_the_names(tmp_path):
    case = osint.analyze("The Pacific Fleet sailed from Vladivostok.")
    assert [n.text for n in case.typed_names] == ["Pacific Fleet"]
    back = osint.load_case(case.save(tmp_path / "c.json"))
    assert back.typed_names == case.typed_names


def test_a_place_with_its_institution_after_it_is_that_institution():
    from osint.gazetteer import load_gazetteer
    from osint.names import type_names

    g = load_gazetteer()
    got = {n.text: n.kind for n in type_names(
        "Officers said the Kosovo police sealed the road, and Zamfara state police made arrests.", g)}
    assert got == {"Kosovo police": "organisation", "Zamfara state police": "organisation"}
    # Where something happens is no institution: "in Basra police arrested ..." keeps Basra.
    assert type_names("In Basra police arrested two men.", g) == []
    # A demonym's institution is that institution too ("the Indian army", "the Iraqi federal police"):
    # the demonym is no place of the map there.
    got = {n.text: n.kind for n in type_names("The Indian army and the Iraqi federal police met.", g)}
    assert got == {"Indian army": "organisation", "Iraqi federal police": "organisation"}


def test_a_cartel_and_a_general_staff_are_organisations_and_imaging_a_company():
    from osint.gazetteer import load_gazetteer
    from osint.names import type_names

    got = {n.text: n.kind for n in type_names(
        "Two gunmen of the Sinaloa Cartel fled; the Russian General Staff and Vantor Imaging said so.",
        load_gazetteer())}
    assert got["Sinaloa Cartel"] == "organisation" and got["Russian General Staff"] == "organisation"
    assert got["Vantor Imaging"] == "company"


def test_talks_named_after_their_city_are_an_event():
    from osint.gazetteer import load_gazetteer
    from osint.names import type_names

    got = {n.text: n.kind for n in type_names("Envoys met at the Geneva International Discussions.",
                                              load_gazetteer())}
    assert got == {"Geneva International Discussions": "event"}


def test_a_sentences_first_pronoun_or_article_is_never_a_typed_name():
    from osint.gazetteer import load_gazetteer
    from osint.names import type_names

    got = type_names("Tens of thousands remain. The rebels deny it. A spokesman added more. "
                     "This website uses cookies.", load_gazetteer())
    assert got == []
