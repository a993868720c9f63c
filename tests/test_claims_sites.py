"""The site an imagery claim is about (issue 21): the words that place it, not the town or country
named with it. Texts written for the tests."""

from __future__ import annotations

import osint
from osint.geo import bearing_deg, distance_km


def _site_check(text: str):
    [r] = osint.analyze(text).report.imagery
    return r.claim.sites, {k.check: k for k in r.checks}["site_wording"]


def test_a_distance_and_direction_from_a_town_place_the_site_away_from_it():
    sites, check = _site_check("Satellite images from Planet show two tankers anchored about 20 km "
                               "south-west of Odesa.")
    [site] = sites
    odesa = next(e for e in osint.load_gazetteer().lookup("Odesa") if e.feature in ("city", "capital"))
    assert abs(distance_km(odesa.lat, odesa.lon, site.lat, site.lon) - 20) < 0.5
    assert abs(bearing_deg(odesa.lat, odesa.lon, site.lat, site.lon) - 225) < 2
    assert site.how == "described" and site.reference[0] == odesa.name
    assert check.status == "consistent"


def test_miles_and_the_city_of_are_read_too():
    sites, _ = _site_check("Satellite images from Maxar show tents in a forest 35 miles north of the "
                           "city of Kharkiv.")
    [site] = sites
    kharkiv = next(e for e in osint.load_gazetteer().lookup("Kharkiv") if e.feature in ("city", "capital"))
    assert abs(distance_km(kharkiv.lat, kharkiv.lon, site.lat, site.lon) - 35 * 1.609344) < 0.5


def test_a_distance_with_no_direction_places_nothing_away():
    # "35 miles from Kharkiv" gives no bearing: the point cannot be placed, the town stays.
    sites, _ = _site_check("Satellite images from Maxar show tents in a forest 35 miles from Kharkiv.")
    assert all(s.how != "described" for s in sites)


def test_a_town_stands_for_the_airfield_the_article_ties_to_it():
    text = ("Drones struck an airfield near Kandahar on Sunday, officials said.\n"
            "Satellite images from Planet show burned aircraft over Kandahar.")
    claim = osint.analyze(text).claims.imagery[-1]
    [site] = claim.sites
    assert site.feature in ("airport", "air_base", "airfield") and "Kandahar" in site.name
    assert site.reference is not None and site.reference[0].startswith("Kandah")
    report = osint.analyze(text).report
    wording = {k.check: k for k in report.imagery[-1].checks}["site_wording"]
    assert wording.status == "consistent"
    # No facility word tied to the town: the town stays.
    plain = ("Drones struck a market in Kandahar on Sunday, officials said.\n"
             "Satellite images from Planet show burned stalls over Kandahar.")
    [town] = osint.analyze(plain).claims.imagery[-1].sites
    assert town.feature in ("city", "capital")


def test_the_airfield_is_the_one_named_earlier_as_one_name():
    text = ("New satellite imagery shows the damage missiles did at Syria's Shayrat airfield.\n"
            "The United States says the airfield was used for the attack.\n"
            "It was not clear how soon after the strikes the images were recorded.\n"
            "Two hardened shelters on the airfield's north side show holes in their roofs.")
    claim = osint.analyze(text).claims.imagery[-1]
    assert [s.feature for s in claim.sites] == ["air_base"] and "Shayrat" in claim.sites[0].name


def test_the_site_named_earlier_near_a_town_is_referred_to_and_measured_from_it():
    text = ("Satellite imagery from Maxar shows construction at a listening site near Chernihiv.\n"
            "Officials have long watched the area.\n"
            "Imagery dated April 16 shows a new mast beside an older one at the site.")
    report = osint.analyze(text, published="2025-05-01").report
    r = report.imagery[-1]
    [site] = r.claim.sites
    assert site.how == "referred" and site.relation == "near" and "Chernihiv" in site.reference[0]
    wording = {k.check: k for k in r.checks}["site_wording"]
    assert wording.status == "consistent" and "refers to it as 'the site'" in wording.detail
    # A town named with the thing but not placing it ("the site, Chernihiv officials said") keeps
    # the old caveat: the area, not a site the claim names.
    loose = ("Satellite imagery from Maxar shows construction at a listening site. Chernihiv officials "
             "watched it.\nImagery dated April 16 shows a new mast at the site.")
    r2 = osint.analyze(loose, published="2025-05-01").report.imagery[-1]
    assert all(s.how != "referred" for s in r2.claim.sites)


def test_an_air_base_at_a_measured_distance_is_the_air_base_nearest_that_point():
    # Shayrat Air Base lies about 31 km south-east of Homs (airportsdata OSSH).
    sites, check = _site_check("Satellite images show craters at the airbase, located about 30 km "
                               "south-east of Homs.")
    [site] = sites
    assert site.feature == "air_base" and "Shayrat" in site.name and site.source.startswith("airportsdata")
    assert site.relation == "southeast of" and check.status == "consistent"
    # No airfield word: the measured point itself.
    sites, _ = _site_check("Satellite images show craters in a field about 30 km south-east of Homs.")
    assert [s.feature for s in sites] == ["point"]


def test_this_camp_is_the_camp_named_earlier_with_the_towns_airport():
    # Benghazi's airport is "Benina International Airport" (airportsdata HLLB), 19 km from the city:
    # no field carries the town's name, so the nearest airport to the town stands for it.
    text = ("Satellite images from Planet show work on a camp on land beside Benghazi airport.\n"
            "A source first mentioned the camp in December.\n"
            "Airbus satellite images taken on 2 January confirm the existence of this camp.")
    report = osint.analyze(text, published="2022-01-20").report
    r = report.imagery[-1]
    [site] = r.claim.sites
    assert site.how == "referred" and site.feature == "airport" and "Benina" in site.name
    assert site.reasoning.startswith("the sentence's 'the camp'")
    wording = {k.check: k for k in r.checks}["site_wording"]
    assert wording.status == "consistent" and "refers to it as 'the camp'" in wording.detail


def _claims(text: str, published: str = "2024-07-23"):
    return osint.analyze(text, published=published).report.imagery


def _wording(result):
    return {k.check: k for k in result.checks}["site_wording"]


def test_a_named_region_beside_a_town_is_no_site():
    # "the Middle East" only frames the news; the town is where the images looked.
    [r] = _claims("New satellite imagery reveals damage to oil storage facilities in Mukalla "
                  "following strikes on Saturday, amid escalating tensions in the Middle East.")
    assert [s.feature for s in r.claim.sites] == ["city"]


def test_a_town_named_with_its_port_stands_for_the_port():
    # "Hodeida port" read as the town by the places stage: the gazetteer's port of the town
    # (nga-wpi "Al Ahmadi", listed under the town's names) is the site.
    [r] = _claims("Satellite images from Maxar show burning fuel tanks at Hodeida port on Sunday.")
    [site] = r.claim.sites
    assert site.feature == "port" and site.reference is not None


def test_a_bare_base_named_after_a_town_is_its_air_base():
    # "The Saky base": airportsdata UKFI "Saki Air Base", 4.6 km from the town.
    text = ("Explosions hit the Saky base in western Crimea on Tuesday.\n"
            "Satellite images from Planet show large areas of land scorched by fires.")
    r = _claims(text, "2022-08-11")[-1]
    [site] = r.claim.sites
    assert site.feature == "air_base" and "Saki" in site.name


def test_a_sentence_going_on_about_the_images_keeps_their_named_site():
    text = ("Maxar released satellite imagery of Mariupol, Ukraine, taken in March.\n"
            "According to analysis by reporters, the images show dark objects on a street.")
    first, second = _claims(text, "2022-04-05")
    assert [s.name for s in second.claim.sites] == [s.name for s in first.claim.sites]
    assert second.claim.sites[0].how == "continued"
    assert _wording(second).status == "consistent"
    # "Imagery shows ..." right after: the same site too.
    text = ("Recent satellite imagery of Mariupol, Ukraine, shows damage to houses.\n"
            "Imagery shows debris being cleared from August 25 to September 9.")
    first, second = _claims(text, "2022-10-01")
    assert second.claim.sites[0].how == "continued"


def test_the_city_refers_back_to_the_city_named_before():
    text = ("Fighters took control of El Fasher on Sunday.\n"
            "Analysts published imagery of the city's hospital showing white shapes.")
    r = _claims(text, "2025-11-01")[-1]
    assert r.claim.sites[0].name == "El Fasher"
    assert _wording(r).status == "consistent"


def test_a_dateline_line_without_a_dash_is_where_the_reporter_files_from():
    text = ("BAKU, Azerbaijan, Nov. 25\n\nThe agency has issued satellite images of the Kalbajar "
            "district.\n\nAs reported, the images were taken by the agency's satellite after the district's "
            "liberation.")
    r = _claims(text, "2020-11-25")[-1]
    assert [s.name for s in r.claim.sites] == ["Kalbajar"]
    assert _wording(r).status == "consistent"


def test_a_named_site_is_not_measured_against_a_town_the_words_never_name():
    # Punggye-ri's curated row names Kilju (40 km away) as its town; the sentence does not.
    [r] = _claims("Commercial satellite imagery of the Punggye-ri Nuclear Test Site from April 26 "
                  "indicates further work at the tunnel.", "2022-05-01")
    assert _wording(r).status == "consistent"


def test_a_country_that_owns_the_thing_seen_is_no_site():
    [r] = _claims("The newspaper released satellite images purporting to show the destruction of a "
                  "US radar site in Qatar.", "2026-03-10")
    assert [s.name for s in r.claim.sites] == ["Qatar"]
    # A country that speaks ("Russia stated") is the speaker, not where the images looked.
    [r] = _claims("Russia stated that the satellite images show two launchers south of Donetsk.",
                  "2015-06-01")
    assert all(s.feature != "country" for s in r.claim.sites)
    # A country whose things are not placed elsewhere is where they are ("Iran's nuclear sites").
    [r] = _claims("Satellite images show new tunnels at Iran's nuclear sites.", "2025-06-01")
    assert [s.name for s in r.claim.sites] == ["Iran"]
    # Nor is a country imaged that a participle follows ("photographs of rural Myanmar released").
    [r] = _claims("Satellite photographs of rural Myanmar released on Friday show burned villages.",
                  "2007-09-30")
    assert [s.name for s in r.claim.sites] == ["Myanmar"]


def test_a_country_addressed_or_owning_the_body_that_speaks_is_no_site():
    # Issue 21: "a message to the United States" names who is addressed; "Iran's Islamic
    # Revolutionary Guard Corps" who released the images: neither is where they looked.
    [r] = _claims("In a message to the United States, Iran's Islamic Revolutionary Guard Corps released "
                  "satellite images of an air base near Doha.", "2020-07-30")
    assert [s.name for s in r.claim.sites] == ["Doha International Airport"]
    [r] = _claims("In a message to the United States, Iran's Islamic Revolutionary Guard Corps released "
                  "satellite images.", "2020-07-30")
    assert not any(s.name in ("United States", "Iran") for s in r.claim.sites)


def test_a_sea_named_before_is_too_wide_for_a_claim_naming_nothing():
    # "the Indo-Pacific" frames the news; the county named after the claim is where it looked.
    text = ("Tensions grow over Taiwan and military supremacy in the Indo-Pacific. The silhouettes of "
            "a carrier can be seen on a railway track in photographs obtained by satellite provider "
            "Maxar on Sunday. Ruoqiang, a desert county in Xinjiang, was recognized as the location.")
    r = _claims(text, "2021-11-08")[0]
    assert r.claim.sites[0].name == "Ruoqiang"


def test_a_facility_in_a_country_is_measured_against_no_namesake_town():
    # "in Russia" is the country, never Russia, Ohio, nor a town with "Ukraine" among its names:
    # the named air base is where the words put it, no hard contradiction.
    import osint

    for text, status in (("Satellite photos show damage at the Engels air base in Russia.", "consistent"),
                         ("A satellite photo by Planet Labs shows damage at the Higuerote Airport in "
                          "Venezuela.", "consistent"),
                         ("Satellite photos show damage at the Engels air base in Ukraine.", "unverified")):
        [r] = osint.analyze(text, published="2026-01-10").report.imagery
        wording = {k.check: k for k in r.checks}["site_wording"]
        assert (wording.status, wording.weight) == (status, "soft"), text
        assert r.verdict != "contradicted"
        for s in r.claim.sites:
            assert s.reference is None or s.reference[0] in ("Russia", "Ukraine", "Venezuela")


def test_a_facility_named_after_one_town_and_placed_in_another_is_at_the_other():
    # The gazetteer has no "Zaporizhzhia nuclear power plant": named after Zaporizhzhia, it is in
    # Enerhodar, 53 km away, as the sentence says.
    import osint

    text = "Satellite images of the Zaporizhzhia nuclear power plant in Enerhodar show a fire on its roof."
    [r] = osint.analyze(text, published="2024-06-12").report.imagery
    assert [s.name for s in r.claim.sites] == ["Enerhodar"]
    assert {k.check: k for k in r.checks}["site_wording"].status == "consistent"
    # A town named as itself stays the town ("damage in Kherson, near Mykolaiv").
    [r2] = osint.analyze("Satellite images show damage in Kherson, near Mykolaiv.",
                         published="2024-06-12").report.imagery
    assert r2.claim.sites[0].name == "Kherson"


def test_where_a_credited_organisation_is_is_no_claim_site():
    import osint

    csis = ("Satellite images analysed by the Center for Strategic and International Studies in "
            "Washington show new buildings at the Sohae launch station.")
    yale = "Satellite images taken by the Sudan Conflict Observatory at Yale show burned homes in El Fasher."
    for text, gone, kept in ((csis, "Washington", "Sohae Satellite Launching Station"),
                             (yale, "Yale", "El Fasher")):
        [r] = osint.analyze(text, published="2024-06-12").report.imagery
        names = [s.name for s in r.claim.sites]
        assert gone not in names and kept in names, names
    # A facility "in" a place after a plain noun is placed there ("a shipyard in Dalian"): the
    # town, or the gazetteer's shipyard of that town.
    [r] = osint.analyze("Satellite images show a carrier at a shipyard in Dalian.",
                        published="2024-06-12").report.imagery
    assert [s.name for s in r.claim.sites] in (["Dalian"], ["Dalian Shipyard"])
