"""Attributed statements and imagery claims, on the seed and on texts written for the tests."""

from __future__ import annotations

import datetime as dt

import pytest

import osint
from osint.article import Article, load_article
from osint.claims import claims_frame, find_statements, is_imagery_sentence
from osint.gazetteer import load_gazetteer
from osint.paths import PROJ_ROOT

SEED = PROJ_ROOT / "seeds" / "000_908df4e159e4c100.txt"


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def seed():
    return load_article(SEED)


@pytest.fixture(scope="module")
def seed_frame(seed, gaz):
    return claims_frame(seed, gazetteer=gaz)


def test_seed_speakers_and_affiliations(seed_frame):
    people = seed_frame.dropna(subset=["affiliation"]).drop_duplicates("speaker")
    aff = dict(zip(people["speaker"], people["affiliation"]))
    assert aff["Dave Schmerler"] == "James Martin Center for Nonproliferation Studies"
    assert aff["Ankit Panda"] == "Carnegie Endowment for International Peace"
    assert aff["Anthony Rinna"] == "Sino-NK"
    assert aff["Artyom Lukin"] == "Far Eastern Federal University"
    assert aff["Yang Moo-jin"] == "University of North Korean Studies"
    assert aff["John Kirby"] == "White House"
    assert "In Pyongyang" not in set(seed_frame["speaker"])


def test_seed_references_link_back(seed_frame):
    rows = seed_frame.set_index("speaker_text")
    assert rows.loc["Schmerler", "speaker"] == "Dave Schmerler"
    assert rows.loc["Schmerler", "verb"] == "added"
    # The article misspells Rinna once; one letter apart, same speaker.
    assert rows.loc["Rina", "speaker"] == "Anthony Rinna"
    he = seed_frame[seed_frame["speaker_text"].str.lower() == "he"]
    assert set(he["speaker"]) == {"Anthony Rinna", "Ankit Panda", "John Kirby", "Artyom Lukin"}


def test_seed_quoted_and_reported_spans(seed, seed_frame):
    panda = seed_frame[(seed_frame["speaker"] == "Ankit Panda") & (seed_frame["verb"] == "said")].iloc[0]
    assert panda["quoted"] and panda["text"].startswith("We’ve come a long way")
    assert seed.text[panda["start"]:panda["end"]] == panda["text"]
    kang = seed_frame[seed_frame["speaker"] == "Kang Sun Nam"].iloc[0]
    assert kang["text"].startswith("North Korea completely supports")


def test_seed_imagery_claims(seed, gaz):
    claims = list(osint.find_claims(seed, gazetteer=gaz).imagery)
    assert [c.id for c in claims] == ["I1", "I2"]
    c1, c2 = claims
    assert c1.sites[0].name == "Kim Il Sung Square" and c1.sites[0].relation == "downtown"
    assert (c1.window.start, c1.window.end) == (dt.date(2023, 6, 29), dt.date(2023, 7, 27))
    assert {o.label for o in c1.observations} >= {"rehearsing participants", 'formations of the number "70"',
                                                  "slogans"}
    assert c2.sites[0].source_id == "mirim-parade-training-ground" and c2.sites[0].how == "described"
    assert "parade_ground" in c2.sites[0].reasoning and "Pyongyang" in c2.sites[0].reasoning
    assert (c2.provider, c2.sensor) == ("Umbra", "sar")
    assert "inherited" in c2.window.derivation and c2.window.end == dt.date(2023, 7, 27)
    assert {o.label for o in c2.observations} >= {"marching units", "vehicles"}
    assert all(not any(s.name == "United States" for s in c.sites) for c in claims)


def test_not_imagery():
    assert not is_imagery_sentence("Images shared by the state media include Kim and the dignitaries.")
    assert is_imagery_sentence("Planet Labs pictures show tents at the site.")


OWN = (
    "Officials in Kyiv said the strike hit a depot on Saturday. "
    "Maria Kovalenko, an analyst at the Institute for Strategic Imagery, said radar data from ICEYE "
    "captured on Sunday showed burned trucks near the railway station. "
    "“The damage is extensive and recent,” she said. "
    "Kovalenko noted that Sentinel-2 pictures from last week showed the depot intact."
)


def test_own_article(gaz):
    art = Article(id="own", text=OWN, published=dt.date(2024, 5, 14))  # a Tuesday
    st = find_statements(OWN, gazetteer=gaz)
    kov = [s for s in st if s.speaker and s.speaker.name == "Maria Kovalenko"]
    assert len(kov) == 3
    assert kov[0].speaker.affiliation == "Institute for Strategic Imagery"
    assert kov[1].quoted and kov[1].text == "The damage is extensive and recent,"
    claims = list(osint.find_claims(art, gazetteer=gaz).imagery)
    assert [(c.provider, c.sensor) for c in claims] == [("ICEYE", "sar"), ("Sentinel-2", "optical")]
    assert claims[0].window.start == dt.date(2024, 5, 12)
    assert (claims[1].window.start, claims[1].window.end) == (dt.date(2024, 5, 6), dt.date(2024, 5, 12))
    # "Officials in Kyiv said ...": Kyiv is where they speak, not where the radar data looked (the
    # depot is not placed, so neither is the claim).
    assert "Kyiv" not in [x.name for x in claims[0].sites]
    assert {o.label for o in claims[0].observations} >= {"vehicles"}
    assert claims[1].speaker == "Maria Kovalenko"


def test_unknown_surname_after_verb_falls_back(gaz):
    st = find_statements("Prices rose, analysts said. One analyst said Petrov would resign.", gazetteer=gaz)
    assert [(s.speaker.name, s.speaker.kind) for s in st] == [("analysts", "organisation"),
                                                            ("One analyst", "organisation")]
    assert st[1].text == "Petrov would resign"


def test_a_statement_before_its_speaker_and_where_it_was_said():
    from osint.claims import find_statements

    text = ("KYIV, May 14 (Reuters) - Ukrainian drones struck an oil depot overnight, setting fire to two "
            "fuel tanks, the regional governor Alexander Bogomaz said on Telegram.")
    (st,) = find_statements(text)
    assert st.speaker.name == "Alexander Bogomaz"
    assert st.text == "Ukrainian drones struck an oil depot overnight, setting fire to two fuel tanks"
    assert text[st.start:st.end] == st.text


def _sites(text: str) -> list[list[str]]:
    return [[s.name for s in c.sites] for c in osint.analyze(text).claims.imagery]


def test_a_company_or_demonym_is_no_site():
    # "the Finnish company" and "an American company" say who, not where the image looked.
    text = ("The Kakhovka dam was breached on Tuesday, flooding Kherson.\n"
            "Fresh satellite images from the Finnish satellite company Iceye show the extent of the flood.")
    sites = _sites(text)
    claim = osint.analyze(text).claims.imagery[-1]
    assert sites and "Finland" not in sites[-1]
    assert claim.sites and not any(s.country_level for s in claim.sites)
    sites = _sites("The photos, captured by U.S. aerospace company Umbra Space, show damage at "
                   "Belaya air base in Irkutsk Oblast.")
    assert sites == [["Belaya Air Base"]]


def test_no_country_when_the_paragraph_names_finer():
    text = ("Drones struck Belaya air base in Irkutsk Oblast on Sunday, officials in Moscow said. "
            "Satellite images show burned bombers in Russia.")
    sites = _sites(text)
    assert sites[-1] == ["Belaya Air Base"]  # the facility before the capital named after it
    assert all(s.zone is not None for c in osint.analyze(text).claims.imagery for s in c.sites)


def test_a_country_site_sets_no_local_time():
    claim = osint.analyze("Satellite images show new construction in Russia.").claims.imagery[0]
    assert [s.name for s in claim.sites] == ["Russia"]
    assert claim.sites[0].country_level and claim.sites[0].zone is None


def test_a_sentence_going_on_about_the_images_is_a_claim():
    text = ("Satellite imagery from Maxar shows new construction at Sohae.\n"
            "Four semi-prepared launch positions are visible east of the tracks.\n"
            "The weather was mild.")
    claims = osint.analyze(text).claims.imagery
    assert len(claims) == 2
    assert claims[1].provider == "Maxar" and "continues I1" in claims[1].provider_reason
    assert not any("weather" in c.text for c in claims)


def test_the_review_file_sets_a_claims_site(tmp_path):
    text = "Satellite images show a new encampment near Belgorod."
    start = text.index("Belgorod")
    review = tmp_path / "r.review.csv"
    review.write_text("start,end,action,name,lat,lon,note,analyst,date\n"
                      f"{start},{start + 8},relocate,Forest camp,50.45,36.62,seen on imagery,A. Analyst,"
                      "2026-01-02\n", encoding="utf-8")
    claim = osint.analyze(text, review=str(review)).claims.imagery[0]
    assert [(s.name, s.lat) for s in claim.sites] == [("Forest camp", 50.45)]
    assert "review" in claim.sites[0].reasoning


def test_the_articles_timeline_reaches_the_claims():
    text = ("A Ukrainian missile strike hit the Sevastopol shipyard on 13 September 2023.\n"
            "Satellite images from Planet taken on 12 September 2023 show damaged ships in the dry dock.\n"
            "Satellite images from Maxar taken two days after the strike show a burned landing ship.\n"
            "Thick monsoon cloud covered the area that week.")
    claims = osint.analyze(text).claims.imagery
    before, after = claims[-2], claims[-1]
    assert before.event is not None and before.event.date.date_start == dt.date(2023, 9, 13)
    assert before.image_before_event is True
    assert after.window.start == dt.date(2023, 9, 15) and after.image_before_event is False
    assert "anchored on the strike" in after.window.derivation
    report = osint.analyze(text).report
    status = {r.claim.id: {k.check: k for k in r.checks}["article_consistency"] for r in report.imagery}
    assert status[before.id].status == "inconsistent" and status[before.id].weight == "soft"
    assert status[after.id].status == "consistent"


def test_weather_words_are_kept_on_the_claim():
    text = ("Satellite images from Planet show the base under thick monsoon cloud.\n"
            "Maxar images taken through high, wispy clouds show the airfield.")
    a, b = osint.analyze(text).claims.imagery
    assert [(w.kind, w.strength) for w in a.weather] == [("cloud", "thick")]
    assert [(w.kind, w.strength) for w in b.weather] == [("cloud", "thin")]


def test_an_undated_articles_weekday_is_the_nearest_to_its_last_date():
    text = ("Iran was struck early on 19 April 2024.\n"
            "Satellite images captured over Isfahan on Friday show a damaged radar.")
    claim = osint.analyze(osint.Article(id="x", text=text)).claims.imagery[-1]
    assert claim.window.start == dt.date(2024, 4, 19)  # a Friday


# Real article sentences (short excerpts, cited):
# KUCERA: businessinsider.com/sentinel-satellite-views-balkans-flood-2014-5
# HANHAM: opennuclear.org, "Melissa Hanham Interviewed by NPR on 'U.S. and Iran Disagree over Whether
#         Drone Was Shot down over Iranian Territory'"
# ESA: nielsdehoog.medium.com/the-extent-of-flooding-in-western-europe-67d09668de67 (17 July 2021)
KUCERA = ("“I had a first look and discovered that we were missing an important flooded area visible in "
          "the middle of the image,” said Jan Kucera of the European Commission's Joint Research Center.\n")
HANHAM = ("Melissa Hanham is a specialist on satellite imagery and open source data with Open nuclear "
          "Network, a programme of One Earth Future, which follows peace and security issues. She says both "
          "sides have a strong initiative to get ahead of the story in order to win public support.")
ESA = ("Satellites from the European Space Agency’s Copernicus programme use radar technology to see "
       "through the heavy clouds. By combining data acquired before and after the flooding, the affected "
       "areas become visible.")


def test_a_pronoun_goes_to_the_nearest_person_it_fits(gaz):
    st = find_statements(KUCERA + HANHAM, gazetteer=gaz)
    assert st[0].speaker.name == "Jan Kucera"
    she = [s for s in st if s.speaker_text == "She"]
    assert she and she[0].speaker is not None and she[0].speaker.name == "Melissa Hanham"
    assert "a woman by the text" in she[0].link


def test_an_agency_is_no_place_and_its_weather_is_kept():
    case = osint.analyze(ESA)
    assert not any(p.entry is not None and p.entry.name == "Europe" for p in case.place_list)
    assert [(w.text, w.kind, w.strength) for w in case.weather] == [("heavy clouds", "cloud", "thick")]


def test_corroboration_by_origin():
    from osint.claims.origins import same_source

    text = ("A Ukrainian missile strike hit the Sevastopol shipyard on 13 September 2023.\n"
            "Satellite images from Planet taken on 14 September 2023 show a damaged landing ship at the "
            "Sevastopol shipyard, reviewed by Reuters.\n"
            "Satellite images from BlackSky taken on 14 September 2023 show a damaged submarine at the "
            "Sevastopol shipyard.")
    case = osint.analyze(text)
    planet, blacksky = case.claims.imagery[-2:]
    assert blacksky.origin == "BlackSky" and planet.id in blacksky.corroborated_by[0]
    assert planet.origin == "Planet" and planet.relays == ("Reuters",)
    assert [x.split(": ")[1] for x in planet.corroborated_by] == ["BlackSky"]
    check = {k.check: k for k in case.report.imagery[-2].checks}["corroboration"]
    assert check.status == "consistent" and check.evidence["independent_sources"] == 2
    # The same provider's image relayed by an outlet is one source, not two.
    relayed = osint.analyze(text.replace("from BlackSky", "from Planet, published by the BBC,"))
    assert relayed.claims.imagery[-2].corroborated_by == ()
    assert same_source("Planet Labs PBC", "Planet") and not same_source("Maxar", "Planet")


def test_images_the_article_reports_forged_contradict_the_claim():
    text = ("Satellite images released by the defence ministry show two launchers in a field near Donetsk.\n"
            "Investigators said the satellite images were doctored and older than the ministry claimed.")
    case = osint.analyze(text)
    claim = case.claims.imagery[0]
    assert claim.disputes and claim.disputes[0].startswith("forged")
    check = {k.check: k for k in case.report.imagery[0].checks}["corroboration"]
    assert check.status == "inconsistent" and check.weight == "hard"


def test_a_sentence_opening_on_the_same_images_keeps_their_site():
    text = ("Satellite images from Umbra show destroyed bombers at Belaya air base in Irkutsk Oblast.\n"
            "The photos also show a damaged tanker.\n"
            "Another image shows two more bombers.")
    claims = osint.analyze(text).claims.imagery
    assert [[(s.name, s.how) for s in c.sites] for c in claims[1:]] == \
        [[("Belaya Air Base", "continued")]] * 2
    assert all(s.relation is None for c in claims[1:] for s in c.sites)  # the words were the first's


def test_sentences_reading_the_data_or_right_after_a_claim_are_claims():
    text = ("According to satellite-based radar data analyzed by the BBC, the bombing damaged more "
            "buildings in two weeks than in a year.\n"
            "According to data, over 3,600 buildings in Lebanon seem to have been damaged.\n"
            "Satellite imagery provided by ImageSat International reveals the damage at Shayrat.\n"
            "Two hardened aircraft bunkers shows holes in their roofs.")
    claims = osint.analyze(text).claims.imagery
    assert len(claims) == 4
    assert claims[1].sensor == "sar" and "continues" in claims[1].sensor_reason


def test_the_thing_a_sentence_refers_to_and_the_coarse_fallback():
    text = ("New images show construction at a known signals intelligence site near Bejucal, south of "
            "Havana.\n"
            "According to satellite imagery dated April 16, the outer ring of the new installation is "
            "nearly complete, larger than the array previously located at the site.")
    assert _sites(text)[-1] == ["Bejucal"]
    # Nothing finer than a division named anywhere: the division, not nothing.
    text = ("The war in the Gaza Strip goes on.\n"
            "Using satellite imagery collected in August, analysts identified 6,761 destroyed structures.")
    assert _sites(text)[-1] == ["Gaza Strip"]


def test_the_dateline_and_an_actor_country_are_no_sites():
    assert _sites("MOSCOW -- State television released a satellite photograph of a field near Donetsk.") \
        == [["Donetsk"]]
    # Only a country named (an actor): no site rather than the wrong country.
    text = ("India said its jets hit the camp.\n"
            "Satellite images produced by Planet Labs show six buildings still standing.")
    assert _sites(text)[-1] == []


def test_forged_images_are_at_odds_with_the_article():
    text = ("Satellite images released by the defence ministry show two launchers in a field near Donetsk.\n"
            "Investigators said the satellite images were doctored.")
    check = {k.check: k for k in osint.analyze(text).report.imagery[0].checks}["article_consistency"]
    assert check.status == "inconsistent" and check.evidence.get("forged")


def test_a_months_abbreviation_before_a_day_ends_no_sentence():
    from osint.claims import quote_aware_sentences

    text = "Images taken the day of the Sept. 13 attack showed damage. He left in Sept. Then he came home."
    assert [s.text for s in quote_aware_sentences(text)] == [
        "Images taken the day of the Sept. 13 attack showed damage.", "He left in Sept.",
        "Then he came home."]


def test_the_subject_that_collected_the_images_is_their_origin():
    text = ("GeoEye-1, the high resolution commercial Earth-imaging satellite, collected an image over the "
            "Capitol.\n"
            "The image, taken through thin clouds over Washington, shows crowds on the Mall.")
    claims = osint.analyze(text).claims.imagery
    assert [c.origin for c in claims] == ["GeoEye-1", "GeoEye-1"]


def test_a_clocks_zone_is_no_site():
    text = ("Satellite imagery taken at 11:35 pm Pyongyang time shows vehicles at Mirim parade "
            "training ground.")
    assert _sites(text) == [["Mirim parade training ground"]]


def test_a_zone_after_am_goes_on_with_the_sentence_and_kabul_airport_is_referred_to():
    text = ("Maxar satellite images show thousands of people at Kabul airport.\n"
            "The high-resolution images, captured at 10:36 a.m. Kabul time on Monday, show crowds on the "
            "airport’s aprons.")
    claims = osint.analyze(text).claims.imagery
    assert len(claims) == 2 and "Kabul time" in claims[1].text
    assert [s.name for s in claims[1].sites] == [s.name for s in claims[0].sites]


def test_an_origin_keeps_the_short_form_the_article_gives_it():
    text = "Satellite imagery from the Royal United Services Institute (RUSI) shows hangars at Engels."
    [claim] = osint.analyze(text).claims.imagery
    assert claim.origin == "Royal United Services Institute (RUSI)"
    # A bracket that is no short form is not taken.
    other = "Satellite imagery from the Royal United Services Institute (see map) shows hangars at Engels."
    assert osint.analyze(other).claims.imagery[0].origin == "Royal United Services Institute"


def test_who_analysed_the_images_or_made_the_assessment_is_their_origin():
    text = ("Open Lens has analyzed two satellite images showing a damaged hangar at the air base.\n"
            "Open Lens made this assessment through analysis of radar satellite images of the base.")
    claims = osint.analyze(text).claims.imagery
    assert [c.origin for c in claims] == ["Open Lens", "Open Lens"]


def test_a_name_and_its_short_form_are_one_source():
    from osint.claims.origins import same_source

    assert same_source("Royal United Services Institute (RUSI)", "RUSI")
    assert same_source("RUSI", "Royal United Services Institute (RUSI)")
    assert not same_source("Royal United Services Institute (RUSI)", "Maxar")


def test_a_coined_satellite_name_or_a_distinct_name_with_a_letter_is_read():
    from osint.satellites import satellite_mentions

    def names(text: str) -> list[str]:
        return [m.text for m in satellite_mentions(text)]

    assert names("the images were taken using the Azersky satellite") == ["Azersky"]
    assert names("an EROS-B image and a SkySat-A frame") == ["EROS-B", "SkySat-A"]
    # A common word is still no satellite: "legion", "pelican", "dove".
    assert satellite_mentions("a legion of doves and a pelican flew over") == []


def test_a_providers_new_name_is_the_provider():
    text = "Imagery released on Sunday by Vantor shows destroyed buildings at the base."
    [claim] = osint.analyze(text).claims.imagery
    assert claim.provider == "Maxar"


def test_images_taken_from_space_are_imagery():
    assert is_imagery_sentence("New images taken from space at night show cities fading to black.")
    assert not is_imagery_sentence("New images taken at the rally show the crowd.")


def test_a_sentence_opening_in_the_pictures_goes_on_about_them():
    text = ("European satellites are finally showing the plant in their images.\n"
            "In the pictures, the buildings of the plant look intact except for one workshop.")
    claims = osint.analyze(text).claims.imagery
    assert len(claims) == 2 and "continues I1" in claims[1].provider_reason


def test_images_the_next_sentence_credits_to_a_satellite_company_are_imagery():
    text = ("A zoomed-in image showed more than ten planes stationed at the base.\n"
            "The images were credited to Chang Guang Satellite Technology, which owns the Jilin-1 "
            "satellites.")
    claims = osint.analyze(text).claims.imagery
    assert [c.text[:20] for c in claims] == ["A zoomed-in image sh", "The images were cred"]
    assert claims[0].provider == "Chang Guang"
    # A photo no later sentence credits to a satellite stays a photo.
    text = ("A photo showed the minister at the base.\n"
            "Satellite imagery from Maxar shows new hangars at another base.")
    claims = osint.analyze(text).claims.imagery
    assert len(claims) == 1


def test_doubt_about_a_claim_leaves_it_unverified_and_a_hoax_contradicts_it():
    text = ("The state newspaper said satellite photos taken on 20 November 2023 by the new satellite show "
            "the harbour of Norfolk.\n"
            "Outside experts remain skeptical that the satellite can send such images.")
    case = osint.analyze(text, published="2023-11-22")
    claim = case.claims.imagery[0]
    assert claim.disputes and claim.disputes[0].startswith("doubted")
    r = case.report.imagery[0]
    assert {k.check: k for k in r.checks}["corroboration"].status == "unverified"
    assert r.verdict == "unverified"
    # Doubt denied is no doubt.
    plain = osint.analyze(text.replace("remain skeptical that", "have no doubt that"), published="2023-11-22")
    assert not plain.claims.imagery[0].disputes
    # The sentence right after a claim speaks of its images without naming them.
    hoax = ("The newspaper released satellite images purporting to show a destroyed radar site near Doha. "
            "Analysis revealed two hoaxes: the real location was another base.")
    got = osint.analyze(hoax).claims.imagery[0]
    assert got.disputes and got.disputes[0].startswith("forged")
    # Doubt about the article's claim, anywhere in it, withholds belief too.
    far = ("Satellite photos taken on 20 November 2023 by the new satellite show the harbour of Norfolk, "
           "the state newspaper said.\nThe paper did not release them.\nIt gave no time.\nIt named no "
           "camera.\nIt gave no resolution.\nBut the claim is still under question.")
    assert osint.analyze(far, published="2023-11-22").claims.imagery[0].disputes[0].startswith("doubted")


def test_the_source_referred_to_by_kind_counting_damage_goes_on_about_its_images():
    # Issue 21: "The New York-based rights group urged ... the destruction of 430 buildings", right
    # after the group's imagery claim, is the same finding.
    text = ("Satellite images show that several villages have been burned, Human Rights Watch said on "
            "Saturday. The New York-based rights group urged investigators to look into the destruction "
            "of a total of 430 buildings in three villages.")
    claims = osint.analyze(text).claims.imagery
    assert len(claims) == 2 and "continues I1" in claims[1].sensor_reason
    # Without a count, or not right after the claim, it is not the images' finding.
    text2 = text.replace("the destruction of a total of 430 buildings in three villages", "the matter")
    assert len(osint.analyze(text2).claims.imagery) == 1
    text3 = text.replace(" The New York", " It rained. The New York")
    assert len(osint.analyze(text3).claims.imagery) == 1


def test_images_the_article_places_elsewhere_contradict_the_claims_site():
    # Issue 21: a fact check that puts the images at another place ("the real location was a base
    # in Bahrain") makes the claim's site wrong as worded: site_wording is a hard inconsistency.
    text = ("The newspaper released satellite images purporting to show a destroyed radar site near Doha. "
            "Analysts found that the real location was a base in Bahrain.")
    case = osint.analyze(text, published="2026-03-20")
    assert any(d.startswith("relocated:") for d in case.claims.imagery[0].disputes)
    k = {c.check: c for c in case.report.imagery[0].checks}["site_wording"]
    assert (k.status, k.weight) == ("inconsistent", "hard")
    assert case.report.imagery[0].verdict == "contradicted"
    # Words of emphasis with no other place named are no relocation.
    from osint.claims.origins import _RELOCATED
    assert not _RELOCATED.search("The image actually shows the damage in the hangar.")
    assert _RELOCATED.search("The photo was actually taken in Syria.")
    # Said not to be elsewhere: nothing moves.
    text = text.replace("the real location was a base in Bahrain", "the images were not actually taken "
                        "in Bahrain")
    assert not any(d.startswith("relocated:") for d in osint.analyze(text).claims.imagery[0].disputes)


def test_images_dismissed_as_worthless_are_doubted():
    # Issue 21: "dismissed as 'useless' by analysts" withholds belief as "skeptical" does.
    text = ("The state newspaper said satellite photos taken on 20 November 2023 by the new satellite show "
            "the harbour of Norfolk.\n"
            "The images have been dismissed as “useless” by analysts.")
    case = osint.analyze(text, published="2023-11-22")
    assert case.claims.imagery[0].disputes[0].startswith("doubted: 'dismissed as'")
    assert case.report.imagery[0].verdict == "unverified"
    # A dismissed official is no doubt about images.
    text = text.replace("The images have been dismissed as “useless” by analysts.",
                        "The harbour master was dismissed last year.")
    assert not osint.analyze(text, published="2023-11-22").claims.imagery[0].disputes


def test_the_articles_image_credit_names_the_provider_a_claim_leaves_unnamed():
    text = ("Recent commercial satellite imagery of the reactor indicates that water is still discharged.\n"
            "Imagery shows water being discharged from 25 August 2021 to at least 9 September 2021.\n"
            "Figure 1. No water discharge visible at the reactor, 1 October 2021.\n"
            "Image Pleiades © CNES 2021, Distribution Airbus DS.")
    claims = osint.analyze(text).claims.imagery
    got = next(c for c in claims if c.text.startswith("Imagery shows"))
    assert got.provider == "Airbus" and got.sensor == "optical" and "credit" in got.provider_reason
    # Credit lines naming two providers decide nothing.
    two = text + "\nImage © 2021 Maxar Technologies."
    got2 = next(c for c in osint.analyze(two).claims.imagery if c.text.startswith("Imagery shows"))
    assert got2.provider in ("unknown", "commercial")
    first = next(c for c in claims if c.text.startswith("Recent"))
    assert first.provider == "Airbus"  # "commercial imagery", its provider named by the credit
