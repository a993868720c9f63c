"""Who an imagery claim comes from: the text's credit, else the publishing outlet."""

from __future__ import annotations

import datetime as dt
import json
from types import MappingProxyType

import osint
from osint.article import Article, load_article
from osint.claims.origins import HOST_REASON, OUTLET_REASON, publishing_outlet

UNCREDITED = "Commercial satellite imagery from April 26 shows a new gantry at the Sohae launch site."


def _claims(text: str, **meta: str):
    art = Article(id="t", text=text, meta=MappingProxyType(meta))
    return osint.analyze(art).claims.imagery


def test_an_uncredited_analysis_is_the_publishing_outlets_own():
    [claim] = _claims(UNCREDITED, outlet="Orbit Watch", url="https://www.example.org/a/1")
    assert (claim.origin, claim.origin_reason) == ("Orbit Watch", OUTLET_REASON)
    # Without an outlet, the host of the url; without either, no origin.
    [claim] = _claims(UNCREDITED, url="https://www.example.org/a/1")
    assert (claim.origin, claim.origin_reason) == ("example.org", HOST_REASON)
    [claim] = _claims(UNCREDITED)
    assert (claim.origin, claim.origin_reason) == ("", "")


def test_the_text_credit_wins_over_the_outlet():
    text = "Satellite imagery from Planet Labs shows a new gantry at the Sohae launch site."
    [claim] = _claims(text, outlet="Orbit Watch")
    assert claim.origin.startswith("Planet") and claim.origin_reason == ""


def test_a_bad_url_or_an_overlong_outlet_names_no_outlet():
    assert publishing_outlet({"url": "javascript:alert(1)"}) == ("", "")
    assert publishing_outlet({"url": "http://[bad"}) == ("", "")
    assert publishing_outlet({"outlet": "x" * 500}) == ("", "")
    assert publishing_outlet({"publisher": "Orbit  Watch"}) == ("Orbit Watch", OUTLET_REASON)
    assert publishing_outlet({"source": 3}) == ("", "")


def test_a_sidecar_outlet_reaches_the_claim_and_its_json(tmp_path):
    (tmp_path / "a.txt").write_text(UNCREDITED + "\n", "utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"outlet": "Orbit Watch"}), "utf-8")
    case = osint.analyze(load_article(tmp_path / "a.txt"))
    [claim] = case.claims.imagery
    assert claim.origin == "Orbit Watch"
    [row] = [r for r in case.report.as_dict()["claims"] if r["kind"] == "imagery"]
    assert row["origin"] == "Orbit Watch" and row["origin_reason"] == OUTLET_REASON


def test_a_short_form_is_given_in_full_and_a_date_before_it_is_no_name():
    text = ("Researchers at the Humanitarian Research Lab at Yale track the siege of El Fasher.\n"
            "On October 28 HRL published imagery of the city's hospital showing white shapes.")
    [claim] = _claims(text, outlet="Orbit Watch")
    assert claim.origin == "Humanitarian Research Lab (HRL)"
    from osint.claims.origins import expand_short_form

    assert expand_short_form("CSIS", "the Center for Strategic and International Studies said") == \
        "Center for Strategic and International Studies (CSIS)"
    assert expand_short_form("ABC", "nothing here spells it") == ""


def test_the_subject_that_released_images_after_a_clause_or_a_descriptor_is_the_origin():
    text = ("In a message to Washington, Iran’s Islamic Revolutionary Guard Corps (IRGC) released the first "
            "satellite images of an air base in Qatar.")
    [claim] = _claims(text, outlet="Orbit Watch")
    assert claim.origin == "Islamic Revolutionary Guard Corps (IRGC)"
    text = "The Iranian newspaper Daily Courier released satellite images showing a destroyed radar in Qatar."
    [claim] = _claims(text, outlet="Orbit Watch")
    assert claim.origin == "Daily Courier"


def test_a_sentence_after_the_claim_may_credit_its_images():
    text = ("Satellite photographs of rural Myanmar released on Friday show villages wiped out.\n"
            "The images were released by the Science and Human Rights Program of the American Academy "
            "for the Advancement of Science.")
    claims = _claims(text, outlet="Orbit Watch")
    assert claims[0].origin.startswith("Science and Human Rights Program of the American Academy")
    assert claims[0].origin_reason.startswith("credited a few sentences on")
    text = ("New satellite imagery shows runways on three reefs in the Spratly Islands.\n"
            "The images were provided to The Post by the Asia Maritime Transparency Initiative.")
    assert _claims(text, outlet="Orbit Watch")[0].origin == "Asia Maritime Transparency Initiative"
    # Too far on, or crediting no one: the outlet's own.
    far = ("New satellite imagery shows runways on three reefs in the Spratly Islands. It rained. It "
           "rained. It rained. The images were provided to The Post by the Asia Maritime Transparency "
           "Initiative.")
    assert _claims(far, outlet="Orbit Watch")[0].origin == "Orbit Watch"


def test_witness_accounts_near_a_claim_are_evidence_of_another_kind():
    text = ("Satellite images from Planet show bodies along a berm at El Fasher.\n"
            "Eyewitness accounts describe killings along the berm.")
    [claim] = _claims(text)
    assert claim.ground and "Eyewitness accounts" in claim.ground[0]
    [claim] = _claims("Satellite images from Planet show bodies along a berm at El Fasher.\n"
                      "Aid workers could not reach the town.")
    assert claim.ground == ()


def test_an_official_statement_of_the_event_near_a_claim_is_evidence_of_another_kind():
    text = ("Satellite images from Maxar show a long line of cars on the road out of Stepanakert.\n"
            "More than 50,000 people have fled to Armenia, according to Armenia’s government.")
    [claim] = _claims(text)
    assert claim.ground and "according to Armenia’s government" in claim.ground[0]
    text = ("Satellite images from Maxar show burning oil tanks at Hodeidah port.\n"
            "The Houthis claimed responsibility for a drone attack the day before.")
    assert _claims(text)[0].ground
    # Nothing of the kind near it: none.
    text = ("Satellite images from Maxar show burning oil tanks at Hodeidah port.\n"
            "The port was busy in the spring.")
    assert _claims(text)[0].ground == ()


def test_a_partys_word_on_its_own_act_is_no_evidence_of_another_kind():
    # Issue 21 (self-serving statements): the striking side's officials on the damage they did,
    # and any official praising a success, are a party's claim; the struck side's word still counts.
    lede = "Freedonian strikes hit the Ruritanian air base at Zenda on Friday.\n"
    claim = "Satellite images from Maxar show damaged hangars at the air base.\n"
    text = lede + claim + "Freedonian officials said about 20 planes were destroyed."
    assert _claims(text)[0].ground == ()
    text = lede + claim + "Ruritanian officials said two hangars were damaged."
    assert _claims(text)[0].ground
    text = (claim + "A space agency official said the launch had been an important success.")
    assert _claims(text)[0].ground == ()
    # A party acting elsewhere in a long story (past the headline and lede) still speaks of harm
    # done to it here.
    filler = "The war has gone on for two years along a long front line in the east. " * 6
    text = (lede + filler + "\nRuritanian forces launched an offensive in the east last spring.\n" + claim
            + "Ruritanian officials said two hangars were damaged.")
    assert _claims(text)[-1].ground
    # "Armenia since Azerbaijan launched" is not Armenia's act.
    text = ("Satellite images from Maxar show a long line of cars on the road out of Stepanakert.\n"
            "More than 50,000 people have fled to Armenia since Azerbaijan launched an attack, according "
            "to Armenia’s government.")
    assert _claims(text)[0].ground


def test_images_published_in_a_named_outlet_are_its_release():
    # Issue 21: "pictures ... were published in Monday's edition of the state-run Rodong Sinmun
    # newspaper": the newspaper released them, not the outlet that reports it.
    text = ("Grainy satellite pictures of the port of Incheon were published in Monday’s edition of the "
            "state-run Rodong Sinmun newspaper.")
    [claim] = _claims(text, outlet="The Telegraph")
    assert claim.origin == "Rodong Sinmun"
    # A day is no outlet.
    [claim] = _claims("Satellite pictures of the port of Incheon were published on Monday.",
                      outlet="The Telegraph")
    assert claim.origin == "The Telegraph"


def test_the_origin_and_how_it_was_read_are_shown_in_the_table_and_the_card():
    art = Article(id="t", text=UNCREDITED + " <b>x</b>", meta=MappingProxyType({"outlet": "Orbit <Watch>"}))
    case = osint.analyze(art)
    row = case.claims.imagery_frame().iloc[0]
    assert (row["origin"], row["origin_reason"]) == ("Orbit <Watch>", OUTLET_REASON)
    html = str(case.verdict_cards())
    assert "Orbit &lt;Watch&gt;" in html and "from the article&#x27;s metadata" in html


def test_a_satellite_and_its_operator_are_one_source():
    from osint.claims.origins import same_source

    assert same_source("WorldView 3", "Maxar") and same_source("Maxar", "GeoEye-1")
    assert not same_source("Sentinel-2", "Maxar")
    text = ("Satellite images from Maxar show crowds on the runway at Kabul airport on 16 August 2021.\n"
            "WorldView-3 captured the images of crowds at Kabul airport on 16 August 2021.")
    claims = _claims(text)
    assert len(claims) == 2 and all(c.corroborated_by == () for c in claims)


def _dated(text: str, **meta: str):
    art = Article(id="t", text=text, published=dt.date(2024, 5, 1), meta=MappingProxyType(meta))
    return osint.analyze(art).claims.imagery


def test_an_outlets_uncredited_claim_does_not_corroborate_the_credited_images_it_reports():
    # The outlet's own lede and the Planet images it goes on to credit are one source.
    text = ("Satellite photos show craters at the Sohae launch site after the strike.\n\n"
            "The photos, taken by the company Planet Labs, show craters and burned vehicles at the "
            "Sohae launch site.")
    first, second = _dated(text, outlet="Orbit Watch")
    assert first.origin == "Orbit Watch" and second.origin.startswith("Planet")
    assert first.corroborated_by == () and second.corroborated_by == ()
    # Two origins the text credits still corroborate each other.
    text = ("Satellite photos from Maxar show craters at the Sohae launch site.\n\n"
            "Satellite images taken by Planet Labs show craters and burned vehicles at the Sohae "
            "launch site.")
    first, second = _dated(text, outlet="Orbit Watch")
    assert first.corroborated_by and second.corroborated_by


def test_an_unnamed_group_is_no_independent_origin():
    # "what some media reports have identified as ...": nobody in particular, so no second source.
    text = ("Satellite images taken by Planet Labs show craters and burned vehicles at the Sohae "
            "launch site.\n\n"
            "Imagery of the site shows rubble and what some media reports have identified as "
            "missile launchers.")
    first, second = _dated(text, outlet="Orbit Watch")
    assert second.origin == "media"
    assert first.corroborated_by == () and second.corroborated_by == ()


def test_the_body_that_released_the_images_after_a_clause_is_their_origin():
    text = ("In a bid to shift the blame, the Ruritanian Defence Ministry released three satellite photos "
            "showing launchers at their base.")
    assert _claims(text, outlet="Orbit Watch")[0].origin == "Ruritanian Defence Ministry"


def test_a_report_of_another_kind_about_something_else_corroborates_nothing():
    text = ("Satellite images from Maxar show ten planes parked at the air base.\n"
            "The company's account features news and videos closely related to its work.")
    assert _claims(text)[0].ground == ()
    # Videos of the planes themselves do.
    text2 = text.replace("The company's account features news and videos closely related to its work.",
                         "Videos filmed by residents show the planes taking off.")
    assert _claims(text2)[0].ground
    # What the event left, said by someone else, is about the claim's matter.
    text3 = ("Satellite images from Planet show the aftermath of the strike on the shipyard.\n"
             "Two vessels under repair were damaged, according to the ministry.")
    assert _claims(text3)[0].ground


def test_a_states_media_releasing_the_images_is_their_origin():
    text = "Ruritanian state television has released a satellite photograph that it claims shows a jet."
    assert _claims(text, outlet="Orbit Watch")[0].origin == "Ruritanian state television"


def test_a_quotation_in_straight_quotes_holds_its_sentences():
    from osint.claims.statements import quote_aware_sentences

    curly = "“The areas are sand. The volume is significant,” it said. It observed containers."
    straight = curly.replace("“", '"').replace("”", '"')
    for text in (curly, straight):
        got = [x.text for x in quote_aware_sentences(text)]
        assert got[-1] == "It observed containers." and len(got) == 2, got
    # A straight quote left open (a paragraph-long quote, a typo) does not swallow what follows.
    lone = '"Little by little it grows. Images show a camp. The source said so. It was denied. It grew.'
    assert len(quote_aware_sentences(lone)) == 5


def test_a_fact_check_finding_the_images_old_or_generated_contradicts_them():
    import osint

    claim = "Iranian state TV aired satellite images it said showed the Nevatim air base destroyed. "
    for finding in ("But the image is actually from 2019, a reverse image search shows.",
                    "Fact-checkers found the picture was AI-generated.",
                    "The photo was recycled from an older report.",
                    "The picture predates the attack by several years."):
        r = osint.analyze(claim + finding, published="2024-04-20").report.imagery[0]
        assert r.verdict == "contradicted", finding
    # A year that is the claim's own ("images from 2019 show") is no finding against it.
    r = osint.analyze(claim + "The base was built in 2019.", published="2024-04-20").report.imagery[0]
    assert r.verdict != "contradicted"


def test_the_rest_of_an_organisations_name_is_no_speaker():
    from osint.claims.statements import find_statements

    for text, name, org in (
            ("Analyst Maria Kovalenko of the Institute for Strategic Imagery said Planet images showed "
             "four burned tanks.", "Maria Kovalenko", "Institute for Strategic Imagery"),
            ("Decker Eveleth of the Center for Naval Analyses said the images showed tanks.",
             "Decker Eveleth", "Center for Naval Analyses")):
        [st] = find_statements(text)
        assert (st.speaker.name, st.speaker.affiliation) == (name, org)
