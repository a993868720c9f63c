"""Feature words, the sites-and-water layer, the document's geography and spelling variants."""

from __future__ import annotations

import pytest

import osint
from osint.places.spelling import skeleton


def placed(text: str) -> dict[str, tuple]:
    return {p.mention.text: (p.entry.name, p.entry.feature, p.entry.source) if p.entry
            else (None, None, p.reason) for p in osint.geoparse_places(text)}


def test_rivers_lakes_and_reefs_come_from_the_layer_with_their_source():
    got = placed("Fighting spread along the Tigris near Mosul, around Lake Chad and at Second Thomas Shoal.")
    assert got["Tigris"][1:] == ("river", "naturalearth")
    assert got["Lake Chad"][1:] == ("lake", "naturalearth")
    assert got["Second Thomas Shoal"][1:] == ("reef", "geonames")


def test_an_island_named_like_a_village_is_held_under_its_bare_name():
    # A village of 3,211 people in Mindanao and one of 426 in Georgia do not keep the islands'
    # names from them; a surname with a village of its name stays a person's.
    got = placed("Troops landed on Luzon and Java last week.")
    assert got["Luzon"][1] == "island" and got["Java"][1] == "island"
    got = placed("The eruption on New Britain, Papua New Guinea, forced evacuations.")
    assert got["New Britain"][:2] == ("New Britain", "islands")
    # ... while the town of 72,000 in Connecticut is still read where the story is there.
    got = placed("Police in New Britain said the suspect fled to Hartford, Connecticut.")
    assert got["New Britain"][1] == "city"


def test_the_feature_word_stays_in_the_span_and_decides_the_reading():
    got = placed("Barges moved down the Danube river near Izmail, and the Don river near Rostov.")
    assert got["Danube river"][1] == "river" and got["Don river"][1] == "river"


def test_a_plural_feature_word_after_a_list_is_each_names_word():
    got = placed("Barges crossed the Dniester and Dnipro rivers; divers worked off Flint and Sand Islands.")
    assert got["Dniester"][1] == "river" and got["Dnipro"][1] == "river"  # not the city of Dnipro
    assert got["Flint"][0] is None  # no island called so: no town Flint in Michigan either
    # Without the plural the names keep their own readings.
    assert placed("Barges crossed the Dniester and reached Dnipro.")["Dnipro"][1] in ("city", "capital")


def test_a_port_is_found_under_the_words_the_press_uses_for_it():
    # The World Port Index calls it "Butinge Oil Terminal".
    for text in ("A tanker docked at the Butinge port in Lithuania.",
                 "A tanker docked at the port of Butinge. The Butinge terminal closed.",
                 "A tanker docked at the Butinge oil terminal in Lithuania."):
        got = placed(text)
        assert [v[0] for k, v in got.items() if k.startswith("Butinge")] and all(
            v[0] == "Butinge Oil Terminal" for k, v in got.items() if k.startswith("Butinge")), text


def test_a_short_name_before_a_sentence_opening_word_does_not_join_it():
    from osint.places.extract import _gap

    text = "Jets struck Ufa. The city burned. He flew to St. Louis."
    assert _gap(text, text.index("Ufa") + 3, text.index("The"), "Ufa") is None
    assert _gap(text, text.index("St.") + 2, text.index("Louis"), "St") == ""


def test_a_city_called_by_its_divisions_name_is_the_city_not_a_namesake_abroad():
    # "Zaporozhye" is the oblast's alternate name and the city's, and a Kazakh village's own.
    got = placed("Ukrainian officials said shells hit Nikolaev and Zaporozhye overnight.")
    assert got["Zaporozhye"][:2] == ("Zaporizhzhya", "city")
    assert placed("Oil prices rose in Odessa, Texas.")["Odessa"][1] == "city"


def test_town_comma_province_reads_the_town_in_that_province():
    text = "Floods reached San Jose, Nueva Ecija, on Monday."
    got = {p.mention.text: p.entry for p in osint.geoparse_places(text)}
    assert got["Nueva Ecija"].feature == "admin2"  # "Province of Nueva Ecija" by its bare name
    assert (got["San Jose"].country_code, got["San Jose"].admin1) == ("PH", "03")
    # A list of states is no town and its province.
    states = {p.mention.text: p.entry.country_code for p in osint.geoparse_places(
        "Cases rose in California, Colorado and Texas.")}
    assert set(states.values()) == {"US"}


def test_congo_is_the_one_the_article_is_about():
    got = placed("Fighting near Goma, Congo, displaced thousands.")
    assert got["Congo"][0] == "Democratic Republic of the Congo"
    assert placed("Talks in Brazzaville, Congo, ended.")["Congo"][0] == "Republic of the Congo"


def test_a_site_named_with_its_word_is_the_site_where_its_bare_name_stands_alone():
    got = [(p.mention.text, p.entry.name if p.entry else None) for p in osint.geoparse_places(
        "A tanker left the Butinge port on Monday. Crude now flows through Butinge to Mazeikiai.")]
    assert ("Butinge", "Butinge Oil Terminal") in got


def test_according_to_names_a_source_not_a_destination():
    # "Hope" is a word and a town: "according to" does not make it a place the story goes to.
    text = "According to Hope, the fire spread. Later he went to Hope."
    assert [p.mention.start for p in osint.geoparse_places(text)] == [text.rindex("Hope")]


def test_a_bearing_makes_an_unknown_word_a_place():
    from osint.gazetteer import load_gazetteer
    from osint.places.extract import extract

    # A village name the gazetteer lacks (made up): only the words before it say what it is.
    text = "Drones struck 40 km northwest of Tandalougou on Monday, and south of Burkina."
    got = {m.text: m.kind for m in extract(text, load_gazetteer())}
    assert got.get("Tandalougou") == "unresolved"


def test_a_site_is_named_with_its_kind_never_by_the_bare_name_a_town_shares():
    got = placed("Families reached Kavumu camp near Bukavu, Congo.")
    assert got["Kavumu camp"][1:] == ("camp", "unhcr")


def test_a_natural_feature_never_falls_back_to_a_same_named_town():
    # No island of that name in the gazetteer: the word says what it is, and no town is taken.
    (p,) = [p for p in osint.geoparse_places("Troops landed on Paris Island at dawn.")]
    assert p.entry is None and p.mention.text == "Paris Island"


def test_a_foreign_namesake_is_left_unplaced_and_a_near_spelling_at_home_is_taken():
    text = ("Shells fell in Nabatiyeh, southern Lebanon, on Monday; Beirut and Tyre reported strikes, "
            "and Sidon, Lebanon, took in families.")
    got = {p.mention.text: p for p in osint.geoparse_places(text)}
    nab = got["Nabatiyeh"]
    assert nab.entry is not None and nab.entry.country_code == "LB"
    assert "another spelling" in nab.reason and nab.review and nab.confidence == 0.5


@pytest.mark.parametrize(("a", "b"), [("Deir Ezzor", "Deir ez-Zor"), ("Tadjikistan", "Tajikistan"),
                                      ("Kyiv", "Kiev"), ("Nizhny Novgorod", "Nizhniy Novgorod"),
                                      ("Qurgonteppa", "Qurghonteppa"), ("al-Hasakah", "Hasakah")])
def test_transliterations_share_a_skeleton(a, b):
    assert skeleton(a) == skeleton(b)


def test_a_group_named_before_its_fighters_is_typed_everywhere_it_is_named():
    text = ("Boko Haram fighters attacked the town of Monguno. Residents said Boko Haram had warned "
            "them, and troops from Maiduguri arrived.")
    case = osint.analyze(text)
    assert "Haram" not in " ".join(case.places["text"])
    typed = [n for n in case.typed_names if n.text == "Boko Haram"]
    assert len(typed) == 2 and all(n.kind == "organisation" for n in typed)


# -- parts of a site ---------------------------------------------------------------------------

_SITE_TEXT = ("Commercial imagery of the Sohae Satellite Launching Station shows new work at the "
              "Vertical Engine Test Stand (VETS). At the Launch Pad, a crane stood. The VETS was idle.")


def test_a_named_part_of_a_site_is_placed_at_the_site_as_inferred():
    places = osint.geoparse_places(_SITE_TEXT)
    parts = [p for p in places if p.mention.kind == "part"]
    assert [p.mention.text for p in parts] == ["Vertical Engine Test Stand", "VETS", "Launch Pad", "VETS"]
    assert {p.entry.name for p in parts} == {"Sohae Satellite Launching Station"}
    assert all(p.confidence < 0.5 and "inferred" in p.reason and p.review for p in parts)


def test_an_imagery_providers_name_is_no_part_of_a_site():
    text = "Imagery of the Sohae Satellite Launching Station from the Planet Lab shows the Launch Pad."
    parts = [p.mention.text for p in osint.geoparse_places(text) if p.mention.kind == "part"]
    assert parts == ["Launch Pad"]


def test_no_part_without_a_facility():
    assert not [p for p in osint.geoparse_places("Workers left the Main Assembly Building in Moscow.")
                if p.mention.kind == "part"]


# -- rivers at their reach ---------------------------------------------------------------------

def test_a_river_is_placed_on_its_course_near_the_articles_places():
    from osint.geo import distance_km

    places = osint.geoparse_places("Grain barges waited on the Danube river near Izmail and Reni.")
    river = next(p for p in places if p.entry is not None and p.entry.feature == "river")
    towns = [p.entry for p in places if p.entry is not None and p.entry.feature == "city"]
    assert len(towns) == 2
    assert min(distance_km(river.entry.lat, river.entry.lon, t.lat, t.lon) for t in towns) < 30
    assert "on its course" in river.reason


def test_a_river_alone_keeps_its_representative_point():
    from osint.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    river = next(p for p in osint.geoparse_places("The Danube river froze.") if p.entry is not None)
    home = gaz.entry(river.entry.id)
    assert (river.entry.lat, river.entry.lon) == (home.lat, home.lon)


def test_a_base_named_after_a_river_is_not_the_river():
    places = osint.geoparse_places("Submarines were seen at Yalong Naval Base on Hainan, near Sanya.")
    base = next(p for p in places if p.mention.text.startswith("Yalong"))
    assert base.mention.text == "Yalong Naval Base" and base.entry is None


@pytest.mark.parametrize(("text", "want"), [
    ("Bombers left Engels-2 military airfield on Monday.", ("Engels-2 military airfield", "air_base")),
    ("Drones hit Pskov's airport overnight.", ("Pskov's airport", "airport")),
])
def test_a_sites_word_after_a_possessive_or_a_number(text, want):
    place = osint.geoparse_places(text)[0]
    assert (place.mention.text, place.entry.feature) == want


def test_an_island_province_answers_for_its_island():
    place = osint.geoparse_places("Ships sailed past Jeju Island.")[0]
    assert (place.mention.text, place.entry.feature) == ("Jeju Island", "admin1")


@pytest.mark.parametrize(("text", "want"), [
    ("He flew to Ft. Worth on Monday.", "Fort Worth"),
    ("Troops were sent to Sta. Ana.", "Santa Ana"),
])
def test_the_press_abbreviations_of_a_names_first_word(text, want):
    assert osint.geoparse_places(text)[0].entry.name == want


def test_an_unknown_word_taken_for_a_place_once_is_that_place_where_it_stands_alone():
    from osint.gazetteer import load_gazetteer
    from osint.places.extract import extract

    # A headline names it with no cue; the story's bearing makes it a place (made-up name).
    text = "Tanker hit off Tandalougou\n\nThe tanker was hit 40 km south of Tandalougou on Monday."
    got = [(m.start, m.kind) for m in extract(text, load_gazetteer())]
    assert (text.index("Tandalougou"), "unresolved") in got
    assert (text.rindex("Tandalougou"), "unresolved") in got


def test_an_apposition_makes_an_unknown_word_a_settlement_even_opening_a_sentence():
    from osint.gazetteer import load_gazetteer
    from osint.places.extract import extract

    text = "Fires burned all night. Tandalougou, the settlement where the depot stands, was evacuated."
    got = {m.text: m.kind for m in extract(text, load_gazetteer())}
    assert got.get("Tandalougou") == "unresolved"
    # Without the apposition a sentence's first unknown word says nothing.
    assert "Tandalougou" not in {m.text for m in extract("Tandalougou was evacuated.", load_gazetteer())}


def test_a_refinery_named_after_its_town_is_read_under_the_towns_other_spelling():
    # GeoNames spells the Krasnodar Krai town Il'skiy; the press writes Ilsky. The closer
    # spelling wins over a bigger town with the same consonants (Liski, Voronezh).
    text = ("Drones struck refineries in Russia's south. The Ilsky oil refinery in the Krasnodar "
            "region caught fire, officials in Krasnodar and Rostov said.")
    got = placed(text)
    assert got["Ilsky oil refinery"][0] == "Il’skiy"


def test_a_capitalised_article_inside_a_name_does_not_break_it():
    # "Al" alone is a town in Norway and "Al-Balah" a village elsewhere; GeoNames spells the Gaza
    # town Dayr al Balah, the press "Deir Al-Balah".
    text = ("Israeli forces shelled Deir Al-Balah, Khan Younis and Rafah in Gaza overnight, "
            "medics in Gaza said.")
    got = placed(text)
    assert got["Deir Al-Balah"][0] == "Dayr al Balaḩ"


def test_a_town_is_found_with_its_arabic_article_hyphened_dropped_or_as_geonames_writes_it():
    # GeoNames writes "El Fasher"; the wires write "el-Fasher" and "Fasher" too. The verb before
    # the article still says the story goes there.
    text = ("Paramilitary forces seized el-Fasher on Sunday. Thousands fled el-Fasher for Tawila; "
            "aid groups in Fasher and Khartoum, Sudan, said.")
    got = [(p.mention.text, p.entry.name if p.entry else None) for p in osint.geoparse_places(text)]
    fasher = [g for g in got if "Fasher" in g[0]]
    assert fasher == [("el-Fasher", "El Fasher")] * 2 + [("Fasher", "El Fasher")]


def test_the_article_is_dropped_only_where_place_names_carry_it():
    from osint.gazetteer import load_gazetteer

    g = load_gazetteer()
    # El Paso keeps its article: "Paso" is no name of it.
    assert all(g.entry(e).country_code != "US" for e in g.names.get("paso", ()))


def test_a_feature_named_twice_with_the_second_name_in_brackets_is_one_place():
    got = placed("Coast guard ships massed near Panganiban (Mischief) Reef and Ayungin (Second Thomas) "
                 "Shoal; a drone hit the Crimean (Kerch) Bridge.")
    assert got["Panganiban (Mischief) Reef"][:2] == ("Mischief Reef", "reef")
    assert got["Ayungin (Second Thomas) Shoal"][0] == "Second Thomas Shoal"
    assert got["Crimean (Kerch) Bridge"][1] == "bridge"


def test_a_range_natural_earth_abbreviates_is_found_as_the_press_writes_it():
    # Natural Earth labels it "Dângrêk Ra."; the press writes "the Dangrek mountains".
    got = placed("Troops dug in along the Dangrek mountains on the Thai border with Cambodia.")
    assert got["Dangrek mountains"][1:] == ("mountain", "naturalearth")


def test_a_place_noun_before_a_name_makes_it_a_place_whatever_else_it_might_be():
    from osint.gazetteer import load_gazetteer
    from osint.places.extract import extract

    g = load_gazetteer()
    # Several unknown words, and a given name, after "the village of" (made-up and real).
    got = {m.text: m.kind for m in extract(
        "Shells hit the village of Tandal Kouro, and later the village of Mika, officials said.", g)}
    assert got.get("Tandal Kouro") == "unresolved" and "Mika" in got
    # A dictionary word the gazetteer holds as a town is that town after "the town of".
    got = placed("Fighting erupted northwest of the town of Tera in Niger, near Niamey.")
    assert got["Tera"][0] == "Téra"


def test_a_title_case_headlines_function_words_do_not_join_names():
    text = ("Rebels Accuse Navy Of Shelling Fuel Depot In Hodeidah\n\nThe strikes hit the port of "
            "Hodeidah in Yemen's west, near Sanaa, officials said.")
    got = [(p.mention.text, p.mention.start) for p in osint.geoparse_places(text) if p.entry]
    # The headline's "In Hodeidah" is read as prose's "in Hodeidah"; the span keeps the capitals.
    assert ("Hodeidah", text.index("Hodeidah")) in got


@pytest.mark.parametrize(("text", "name", "not_placed"), [
    ("Clashes were reported in Puerto Jordan, in Arauca.", "Puerto Jordan", "Jordan"),
    ("Settlers attacked Mazraa Sharqiyah near Ramallah.", "Mazraa Sharqiyah", "Sharqiyah"),
    ("Troops shelled Verin Shorzha in Gegharkunik.", "Verin Shorzha", "Shorzha"),
])
def test_a_name_opening_with_a_generic_place_word_is_one_name(text, name, not_placed):
    # "Puerto", "Mazraa" (farm), "Verin" (upper) open a town's name the gazetteer lacks: the
    # name is one unknown place, never the namesakes of its words (Jordan, Sharqia in Egypt);
    # at most the text places it (near Ramallah).
    places = {p.mention.text: p for p in osint.geoparse_places(text)}
    assert name in places and not_placed not in places
    assert places[name].entry is None or places[name].entry.source == "text"


@pytest.mark.parametrize(("text", "kept"), [
    ("Tell Washington what you saw in Kabul.", "Washington"),      # a sentence's verb
    ("Laguna Mayor Justin Chipeco praised the plan.", "Laguna"),   # a title after it
    ("The US struck the Red Sea Ras Isa port.", "Ras Isa port"),   # the word ends another name
])
def test_a_generic_word_that_opens_no_name_changes_nothing(text, kept):
    assert kept in [p.mention.text for p in osint.geoparse_places(text) if p.entry is not None]


def test_a_towns_name_its_division_shares_is_the_town_when_bare():
    # Kidal (about 40,000 people) is the seat of the Kidal region: the bare name is the town,
    # "the Kidal region" the division
    text = "Head north and you will reach Kidal. Fighting spread across the Kidal region."
    places = osint.geoparse_places(text)
    assert [(p.mention.text, p.entry.feature) for p in places if p.entry] == [
        ("Kidal", "city"), ("Kidal", "admin1")]


def test_al_before_a_town_of_an_arabic_speaking_country_is_its_article_not_a_man():
    places = osint.geoparse_places("Fighting in Al Fashir, the capital of North Darfur, went on.")
    assert ("Al Fashir", "El Fasher") in [(p.mention.text, p.entry.name) for p in places if p.entry]
    assert [p.mention.text for p in osint.geoparse_places("Al Gore visited Nashville.")] == ["Nashville"]


@pytest.mark.parametrize(("text", "name"), [
    ("Strikes hit PAF Base Rafiqui overnight.", "Rafiqui Air Base"),
    ("Jets at Air Force Station Adampur took off.", "Adampur Air Force Station"),
])
def test_an_air_base_named_after_its_word_is_the_base(text, name):
    # air forces write the word first ("PAF Base X"); the airfields table holds "X Air Base"
    (place,) = osint.geoparse_places(text)
    assert (place.entry.name, place.entry.feature) == (name, "air_base")


def test_a_natural_feature_named_with_its_word_is_found_under_another_spelling():
    # "Bab al-Mandab Strait": the strait Natural Earth spells "Bab el Mandeb", in no country
    text = "The Houthis fired at ships in the Bab al-Mandab Strait near Yemen and Eritrea, off Hodeidah."
    place = next(p for p in osint.geoparse_places(text) if p.mention.text == "Bab al-Mandab Strait")
    # The curated regions now hold this spelling too; otherwise it is Natural Earth's, respelled.
    assert place.entry.feature == "strait" and place.entry.name in ("Bab el Mandeb", "Bab al-Mandab")
    assert place.entry.name == "Bab al-Mandab" or "another spelling" in place.reason


def test_the_arabic_articles_vowel_is_traded_as_transliterations_do():
    # GeoNames has Dayr al Balah and Deir el-Balah; the press writes Deir al-Balah too
    (place,) = osint.geoparse_places("Strikes hit Deir al-Balah overnight.")
    assert place.entry.name == "Dayr al Balaḩ"


def test_an_airfields_word_after_a_lakes_name_is_the_airfield_under_another_spelling():
    # "al-Assad airbase": no lake is an air base; the airfields table spells it Al Asad Air Base
    text = "Imagery of the al-Assad airbase in Iraq shows damage after strikes near Baghdad, Erbil and Anbar."
    place = next(p for p in osint.geoparse_places(text) if p.mention.text == "al-Assad airbase")
    assert (place.entry.name, place.entry.feature) == ("Al Asad Air Base", "air_base")


def test_a_feature_of_no_country_far_from_the_story_is_no_respelling():
    # the Krong River (Vietnam and Cambodia) shares the skeleton of the Kuryong River (North Korea)
    text = ("Imagery of the Yongbyon site shows the Kuryong River near Pyongyang, Sinuiju, Kaechon "
            "and Anju, in North Korea.")
    place = next(p for p in osint.geoparse_places(text) if p.mention.text == "Kuryong River")
    assert place.entry is None


def test_a_township_the_gazetteer_lacks_is_placed_at_its_seat_town():
    # "Township" after a seat's name is no surname ("Travis King"): the town, as "township" is
    (place,) = osint.geoparse_places("Fighting spread to Buthidaung Township last week.")
    assert (place.mention.text, place.entry.name) == ("Buthidaung", "Buthidaung Town")


def test_an_airfield_is_respelled_by_its_own_name_not_by_the_letters_it_shares_with_its_word():
    # "Bholari airfield" and "Bhilai airfield" run together to one skeleton ("bhlr" + "rfld");
    # the names alone ("bhlr", "bhl") differ: no pin at an airport 1,400 km away.
    text = ("Indian jets struck targets across Pakistan after the attack in Pahalgam, India. New Delhi "
            "said the strikes hit Nur Khan Air Base in Rawalpindi and Bholari Air Base. India's army "
            "said more would follow.")
    got = {p.mention.text: p.entry for p in osint.geoparse_places(text)}
    assert got["Bholari Air Base"] is None
    assert got["Nur Khan Air Base"] is not None and got["Nur Khan Air Base"].country_code == "PK"


def test_a_bigger_town_abroad_listed_with_the_articles_own_places_is_left_unplaced():
    # Every other place lies in Mozambique; "Palma" is listed and routed with them: the town
    # the gazetteer lacks there, not Palma de Mallorca (kept as the alternative).
    text = ("Insurgents have cut off access to Mocimboa da Praia and Palma. The road from Mueda to "
            "Palma was attacked near Montepuez and Macomia, and Pemba took in families.")
    got = [p for p in osint.geoparse_places(text) if p.mention.text == "Palma"]
    assert got and all(p.entry is None and p.alternatives[0].country_code == "ES" for p in got)
    # A big city abroad named alone keeps its reading.
    far = osint.geoparse_places("Mueda, Montepuez, Macomia and Pemba were cut off. Talks were held in Palma.")
    assert [p.entry.country_code for p in far if p.mention.text == "Palma" and p.entry] == ["ES"]


def test_a_town_is_respelled_only_in_a_country_the_article_is_about_not_its_datelines():
    # Two mentions of the US (a dateline) against many of South Sudan: "Paloch" is not Potlatch,
    # Idaho (GeoNames' alternate name 'Paalach'); a division may still be respelled anywhere named.
    text = ("South Sudan: Malakal burns. WASHINGTON, D.C. -- Images show Malakal in Upper Nile state, "
            "South Sudan, after fighting. The city borders key oil fields in Paloch. Juba, Bentiu "
            "and Renk took in families; South Sudan's army said Malakal was retaken.")
    got = {p.mention.text: p for p in osint.geoparse_places(text)}
    assert got["Paloch"].entry is None


def test_a_site_named_after_its_town_is_found_under_the_gazetteers_spelling_of_the_site():
    # GeoNuclearData spells the plant "Zaporozhye"; the article writes the city's "Zaporizhzhia".
    got = osint.geoparse_places("Drones hit the Zaporizhzhia nuclear plant in Ukraine, near Enerhodar "
                                "and Nikopol.")[0]
    assert got.mention.text == "Zaporizhzhia nuclear plant"
    assert got.entry.feature == "nuclear_site" and "another spelling" in got.reason
    assert got.alternatives[0].feature == "city"  # the town it fell back to, kept


def test_a_town_far_from_the_story_is_the_division_of_its_name_near_it():
    text = ("The Navy used Camp Melchor Dela Cruz in Gamu, Isabela, and the port in Lal-lo, Cagayan, "
            "near Aparri and Tuguegarao.")
    got = {p.mention.text: p for p in osint.geoparse_places(text)}
    isabela = got["Isabela"]
    # The City of Isabela lies 1,100 km south, in Basilan; the province holds Gamu.
    assert isabela.entry.name == "Province of Isabela" and isabela.review
    assert isabela.alternatives[0].feature == "city"


@pytest.mark.parametrize(("text", "name", "feature"), [
    ("Engineers inspected the Mosul dam after the strike.", "Mosul dam", "energy_site"),
    ("Satellite images show the Jiangnan shipyard in Shanghai.", "Jiangnan shipyard", "shipyard"),
    ("A fire broke out at the Al-Omar oil field on Monday.", "Al-Omar oil field", "energy_site"),
])
def test_a_lower_case_facility_word_reads_the_site_it_names(text, name, feature):
    # "the Mosul dam" is the dam, not the city: dams, shipyards, launch sites, oil fields and
    # prisons are facility words as air bases and bridges are.
    got = placed(text)
    assert name in got and got[name][1] == feature


@pytest.mark.parametrize("text", ["Fighting in Deir ez-Zor continued.",
                                  "Fighting in Deir ez-Zor province continued."])
def test_the_arabic_article_joins_a_name_in_its_assimilated_forms(text):
    # "ez-" is "al-" before a z ("Deir ez-Zor"), as "et-", "esh-", "edh-" are before t, sh, dh.
    (p,) = osint.geoparse_places(text)
    assert p.mention.text == "Deir ez-Zor" and p.entry is not None and p.entry.country_code == "SY"
