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
