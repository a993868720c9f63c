"""Geoparsing beyond Korea: texts written for these tests about other regions.

Every expected place is checked by its country, division and feature (GeoNames
codes), not by a coordinate copied from the gazetteer; where a point is
checked, its source is cited beside it.
"""

from __future__ import annotations

import pandas as pd
import pytest

import osint
from osint.geo import distance_km


def rows(text: str) -> list[tuple]:
    df = osint.geoparse(text)
    return [(r.text, r.name, r.country_code, r.feature, r.kind) for r in df.itertuples()]


def by_text(text: str) -> dict:
    return {r.text: r for r in osint.geoparse(text).itertuples()}


def test_state_and_province_abbreviations_in_context():
    p = by_text("Flooding closed roads near Reno, Nev., and in Bend, Ore., officials said on Friday.")
    assert (p["Reno"].country_code, p["Reno"].admin1) == ("US", "NV")
    assert (p["Bend"].country_code, p["Bend"].admin1) == ("US", "OR")
    assert p["Nev."].name == "Nevada" and p["Ore."].name == "Oregon"
    p = by_text("Wildfire smoke drifted over Kelowna, B.C., and Penticton.")
    assert p["B.C."].name == "British Columbia" and p["Kelowna"].country_code == "CA"


def test_counties_read_in_the_state_the_text_names():
    p = by_text("Crews cleared debris in Pike County, Ky., and in Floyd County.")
    assert p["Pike County"].feature == "admin2" and p["Pike County"].admin1 == "KY"
    # Six US states have a Floyd County; the Kentucky one sits beside Pike County.
    assert (p["Floyd County"].feature, p["Floyd County"].admin1) == ("admin2", "KY")
    # Estimated points say so: their source is "estimate", never a GeoNames point.
    assert p["Floyd County"].source == "estimate"


def test_news_outlets_named_after_places_are_not_places():
    found = rows("The Chicago Tribune and the Sydney Morning Herald ran the story; "
                 "people in Chicago shrugged.")
    assert [r[0] for r in found] == ["Chicago"]
    assert found[0][2] == "US"


@pytest.mark.parametrize(
    "text",
    [
        # Given names that are also places (a country, an Australian state, English towns).
        "Nobody expected it, said Victoria Sutton, a lawyer. Sutton said the ruling would be appealed.",
        "Chad Morris, a farmer, said rain was late. Morris said the harvest would suffer.",
        "The harvest was poor, said Georgia Brown, who runs the co-operative.",
        # A weather pattern named like a Mexican village of a few thousand people.
        "Forecasters said a strong El Niño would bring rain this winter.",
        # An acronym written unlike the town it spells.
        "The MoD said the exercise was routine.",
        # A word that is only an alternate name of a province.
        "Free trade and Free Speech were on the agenda.",
    ],
)
def test_people_words_and_acronyms_are_not_places(text):
    df = osint.geoparse(text)
    assert df[df["lat"].notna()].empty, df[["text", "name"]].to_dict("records")


def test_a_full_name_makes_its_surname_a_person_but_not_the_place_itself():
    p = by_text("Dana Montgomery, an economist, spoke first. Montgomery said crews from Montgomery, "
                "Alabama, had arrived.")
    assert [k for k in p] == ["Montgomery", "Alabama"]
    assert p["Montgomery"].start > 60 and p["Montgomery"].admin1 == "AL"


def test_names_with_foreign_particles():
    p = by_text("Tankers waited off Dar es Salaam while others sailed for Ras al-Khaimah.")
    assert p["Dar es Salaam"].country_code == "TZ"
    assert p["Ras al-Khaimah"].country_code == "AE"
    # Dar es Salaam: GeoNames 160263, 6.82349 S 39.26951 E.
    assert distance_km(p["Dar es Salaam"].lat, p["Dar es Salaam"].lon, -6.82349, 39.26951) < 5


def test_a_place_speaking_is_still_a_place():
    text = "Shelling hit the outskirts of Kramatorsk overnight. Kramatorsk said two schools were damaged."
    p = by_text(text)
    assert len(p) == 1 and p["Kramatorsk"].country_code == "UA"
    assert len(osint.geoparse(text)) == 2


def test_unknown_names_after_locatives_are_kept_unresolved():
    df = osint.geoparse("Insurgents attacked villages near Nquitonquizo on Tuesday, "
                        "and later the town of Lumbanzi.")
    un = df[df["kind"] == "unresolved"]
    assert set(un["text"]) == {"Nquitonquizo", "Lumbanzi"}
    assert un["lat"].isna().all()


def test_a_village_with_no_company_is_doubted_but_one_near_the_story_is_kept():
    # Kelowna and Penticton (both B.C.) keep Peachland, a small town between them, in view.
    p = by_text("Smoke covered Kelowna and Penticton, and Peachland opened a shelter.")
    assert (p["Peachland"].country_code, p["Peachland"].admin1) == ("CA", "02")
    # Alone, with no locative and nothing near it, the same town is doubted.
    assert "Peachland" not in by_text("The report said Peachland opened a shelter.")


def test_airports_and_air_bases_under_the_names_the_press_uses():
    p = by_text("Drones hit Saki Air Base and the Engels airbase; flights left Latakia airport "
                "and landed at Heathrow Airport.")
    # The feature word stays in the span, in either case.
    assert set(p) == {"Saki Air Base", "Engels airbase", "Latakia airport", "Heathrow Airport"}
    assert {r.feature for r in p.values()} == {"air_base", "airport"}
    assert p["Engels airbase"].source == "airportsdata" and p["Engels airbase"].source_id == "XWSG"
    assert p["Heathrow Airport"].country_code == "GB"  # the London airport, not a strip of that name
    assert p["Latakia airport"].source_url == "https://ourairports.com/airports/OSLK/"
    # Saki Air Base, OurAirports UKFI: 45.093 N 33.595 E.
    assert distance_km(p["Saki Air Base"].lat, p["Saki Air Base"].lon, 45.093, 33.595) < 2


def test_an_unknown_name_before_air_base_is_kept_unresolved():
    df = osint.geoparse("Jets took off from Qarqurah air base before dawn.")
    assert df[["text", "kind"]].values.tolist() == [["Qarqurah air base", "unresolved"]]


def test_a_lists_locative_holds_for_each_of_its_places():
    # "Bath" is also a word; in a list after "in" it is the town, as its neighbour is.
    assert [r[1] for r in rows("Floods hit homes in Bristol and Bath on Sunday.")] == ["Bristol", "Bath"]
    assert [r[0] for r in rows("He took a bath in Bristol. Bath salts sold out.")] == ["Bristol"]


@pytest.mark.parametrize("text, expected", [
    ("Storms hit Springfield, Mo., on Tuesday. In Springfield, Ill., the governor declared an emergency.",
     [("Springfield", "US", "MO"), ("Springfield", "US", "IL")]),
    ("Flooding closed roads in Perth, Scotland, while fires burned near Perth, Western Australia.",
     [("Perth", "GB", None), ("Perth", "AU", None)]),
    ("Protests spread from Cordoba, Spain, to Cordoba, Argentina, where students marched.",
     [("Córdoba", "ES", None), ("Córdoba", "AR", None)]),
])
def test_a_name_the_text_places_in_two_regions_is_two_places(text, expected):
    # One sense per name and document, unless the text itself names two regions for it.
    df = osint.geoparse(text)
    towns = df[df["name"].isin({name for name, _, _ in expected})]
    got = [(r.name, r.country_code, r.admin1 if want is not None else None)
           for r, (_, _, want) in zip(towns.itertuples(), expected)]
    assert got == expected
    assert (towns["confidence"] >= 0.7).all()  # Córdoba, Argentina: the city or its province


def test_a_small_town_in_a_country_the_story_never_touches_is_left_unplaced_with_the_reason():
    # Tawila (North Darfur) is not in the embedded gazetteer, whose one "Tawila" is a village in
    # Yemen: a namesake on another continent is no answer, so it stays unplaced, the reading kept
    # as an alternative for the analyst.
    text = ("Satellite images taken on Tuesday show thousands of new shelters at Tawila, west of El "
            "Fasher in North Darfur, Sudan, where families fleeing the fighting have gathered.")
    df = osint.geoparse(text)
    (row,) = df[df["text"] == "Tawila"].itertuples()
    assert row.country_code == "SD" or (pd.isna(row.lat) and "never touches" in row.reason)
    # A town of the story's own country, or one near its other places, is not marked.
    near = osint.geoparse("Shelling hit El Fasher and Kutum in North Darfur, Sudan.")
    assert not near["review"].fillna("").str.len().any()


def test_contractions_are_never_places():
    # "I've" folds to the key of an alternate name of Paris's 4th arrondissement ("IVe").
    df = osint.geoparse('"I\'ve lived here 40 years and I\'ve never seen it," said a farmer in Paris, Tenn. '
                        "We'll rebuild, and I'm sure they're right; it won't be easy.")
    assert set(df["text"]) == {"Paris", "Tenn."}
    assert set(df["country_code"]) == {"US"}


def test_a_town_the_text_puts_in_a_region_where_the_gazetteer_has_none_is_left_unplaced():
    # The embedded gazetteer's Gilbertsvilles are in Pennsylvania and New York, not Kentucky.
    df = osint.geoparse("Flooding hit Gilbertsville, Ky., on Monday. Gilbertsville residents fled.")
    towns = df[df["text"] == "Gilbertsville"]
    assert len(towns) == 2
    assert towns["lat"].isna().all() and towns["reason"].str.contains("Kentucky").all()
    # A town the gazetteer has in that region is placed as before.
    ok = osint.geoparse("Flooding hit Lexington, Ky., on Monday.")
    assert ok.loc[ok["text"] == "Lexington", "admin1"].tolist() == ["KY"]


def test_a_name_a_division_word_follows_is_the_division():
    # "Bryansk region" is the oblast; "in Bryansk" elsewhere in the same text stays the city.
    df = osint.geoparse("Drones hit Russia's Bryansk region overnight, and the Kursk and Belgorod regions "
                        "reported attacks. In Bryansk, the city, windows shattered.")
    got = list(zip(df["text"], df["feature"]))
    assert got == [("Russia", "country"), ("Bryansk", "admin1"), ("Kursk", "admin1"),
                   ("Belgorod", "admin1"), ("Bryansk", "city")]
    assert list(df["text"]) == [t for t, _ in got], "the places carry the extractor's mentions"


def test_a_division_named_after_its_capital_is_found_by_its_own_name():
    # The index holds "Krasnodar" and "Odesa" for the cities alone (the divisions' bare names are
    # withheld where a town has them); the division word finds "Krasnodar Krai", "Odesa Oblast".
    df = osint.geoparse("Drones hit Russia's Krasnodar region and Ukraine's Odesa region. "
                        "In Krasnodar, the city, a refinery burned.")
    got = list(zip(df["text"], df["feature"], df["name"]))
    assert got == [("Russia", "country", "Russia"), ("Krasnodar", "admin1", "Krasnodarskiy"),
                   ("Ukraine", "country", "Ukraine"), ("Odesa", "admin1", "Odessa"),
                   ("Krasnodar", "city", "Krasnodar")]


TVA = ("Analysts at the American Enterprise Institute and the Tennessee Valley Authority met officials "
       "in Austin.")


def test_a_place_inside_an_organisation_name_is_no_place_of_the_story():
    assert list(osint.geoparse(TVA)["text"]) == ["Austin"]
    names = osint.people_and_organisations(TVA)
    assert dict(zip(names["name"], names["kind"])) == {
        "American Enterprise Institute": "organisation", "Tennessee Valley Authority": "organisation"}
    assert names["why"].str.contains("makes it an organisation's name").all()


def test_every_toponym_on_request_marks_the_name_it_lies_in():
    got = [(p.mention.text, p.within.text if p.within else None, p.entry.country_code if p.entry else None)
           for p in osint.geoparse_places(TVA, embedded=True)]
    assert got == [("American", "American Enterprise Institute", "US"),
                   ("Tennessee Valley", "Tennessee Valley Authority", "US"), ("Austin", None, "US")]


def test_an_unsure_town_outside_the_states_the_article_names_is_marked_for_review():
    df = osint.geoparse("Flooding hit Paris, Tenn., and Murray, Ky. Crews from Springville and Buchanan "
                        "helped.")
    marked = df[df["review"].fillna("").str.contains("outside the divisions")]
    assert set(marked["text"]) <= {"Springville", "Buchanan"}
    for r in df.itertuples():
        if r.text in ("Springville", "Buchanan") and r.admin1 not in ("TN", "KY"):
            assert "outside the divisions" in r.review


@pytest.mark.parametrize("text, name, cc", [
    ("Troops left Côte d'Ivoire on Monday.", "Côte d'Ivoire", "CI"),
    ("Troops left Cote d’Ivoire on Monday.", "Cote d’Ivoire", "CI"),
    ("Troops were seen in Cortina d'Ampezzo, Italy.", "Cortina d'Ampezzo", "IT"),
    ("Troops were seen in L'Aquila, Italy.", "L'Aquila", "IT"),
])
def test_names_with_an_elided_article(text, name, cc):
    df = osint.geoparse(text)
    assert (name, cc) in set(zip(df["text"], df["country_code"]))


def _found(text: str) -> list[tuple[str, str | None]]:
    return [(p.mention.text, p.entry.country_code if p.entry else None) for p in osint.geoparse_places(text)]


def test_a_sentence_opening_preposition_is_no_part_of_the_name_after_it():
    # Capitalised only by its position, "In" hides nothing: the unknown name is read after it
    # as it is after "in" mid-sentence.
    text = "Fighting is fierce. In Masisi territory, the fighting is at its peak."
    assert _found(text) == [("Masisi", None)]
    assert _found("Near Kherson, troops advanced.") == [("Kherson", "UA")]
    assert _found("After Trump spoke, they left.") == []


def test_a_dictionary_word_the_text_places_is_that_place_where_else_it_is_capitalised():
    text = "The intense fighting in Sake has displaced thousands. The M23 controls Mumbambiro and Sake."
    assert [m for m, _ in _found(text)].count("Sake") == 2
    # Without a locative anywhere, the word stays a word; joined to a name, or speaking, it is
    # not the town either.
    assert "Sake" not in [m for m, _ in _found("The M23 controls Mumbambiro and Sake.")]
    with_name = "Fighting in Sake went on. Sake Airways cancelled flights, and Sake said so."
    assert [m for m, _ in _found(with_name)].count("Sake") == 1


def test_a_locative_before_an_unknown_owner_is_no_sign_of_a_place():
    assert _found("Myles said that in Rozen's case, doctors have ruled it out.") == []
    assert _found("Attacks in Mucojo's market left two dead.") == [("Mucojo", None)]


def test_a_valley_keeps_its_word_and_is_never_its_countrys_point():
    got = {p.mention.text: p for p in osint.geoparse_places(
        "Israel plans to annex the Jordan Valley. Strikes hit the Bekaa Valley in Lebanon. "
        "Rain fell in the Rift Valley.")}
    assert got["Jordan Valley"].entry is None or got["Jordan Valley"].entry.feature != "country"
    assert got["Bekaa Valley"].entry is not None and got["Bekaa Valley"].entry.country_code == "LB"
    # A feature's word after a name the gazetteer lacks is no town called "Valley".
    assert got["Rift Valley"].entry is None and "Valley" not in got


def test_a_persons_initials_make_the_name_after_them_a_person():
    assert _found("Naval analyst H. I. Sutton wrote that the base grew.") == []
    assert _found("A report by J.R. Lincoln found it.") == []
    # One compass letter is a place's abbreviation; "U.S." and "D.C." are places.
    assert _found("Talks with N. Korea stalled.") == [("N. Korea", "KP")]
    assert [cc for _, cc in _found("He flew from Washington, D.C. Moscow said no.")][-1] == "RU"


def test_divisions_by_their_local_words_are_found_even_when_the_gazetteer_lacks_them():
    got = _found("Fighting spread from Achefer Woreda to the North Gojam Zone and Nduga Regency.")
    assert got == [("Achefer Woreda", None), ("North Gojam Zone", None), ("Nduga Regency", None)]
    # A zone named with common words is no division.
    assert _found("It led to the publication of The Hot Zone. Troops left the Green Zone.") == []
