"""The article's own timeline against its imagery claims (issue 21): events dated by counting back
from the images, before/after pairs, undated articles. Texts written for the tests."""

from __future__ import annotations

import datetime as dt

import osint
from osint.dates import find_anchored, find_events


def _consistency(text: str, published: str | None = None) -> dict[str, object]:
    report = osint.analyze(text, published=published).report
    return {r.claim.id: {k.check: k for k in r.checks}["article_consistency"] for r in report.imagery}


def test_an_event_counted_back_from_the_images_of_its_sentence():
    text = "Photos of the depot taken on 10 June 2021, three days after the explosion, show scorched tanks."
    [ev] = find_events(text)
    assert (ev.kind, ev.text, ev.date.date_start) == ("strike", "explosion", dt.date(2021, 6, 7))
    # "the day before the raid", with the day given: the raid is the day after.
    [ev] = find_events("An image from 2 May 2020, the day before the raid, shows the yard empty.")
    assert ev.date.date_start == dt.date(2020, 5, 3)
    # The event's own date after its word is not counted back from: "the raid on 9 May".
    evs = find_events("Images taken two days after the raid on 9 May 2020 show craters.")
    assert {e.date.date_start for e in evs} == {dt.date(2020, 5, 9)}
    # A count of hours or a vague "days after" dates nothing.
    assert find_events("An image from 2 May 2020, hours after the raid, shows smoke.") == []
    [d] = find_anchored(text, find_events(text))
    assert d.date_start == dt.date(2021, 6, 10)


def test_a_claim_counted_back_from_its_own_date_is_consistent_with_it():
    text = ("Satellite images from Planet taken on 10 June 2021, three days after the explosion, "
            "show scorched tanks at the depot.")
    [got] = _consistency(text).values()
    assert got.status == "consistent" and "comes after the strike" in got.detail


def test_an_event_dated_elsewhere_is_preferred_to_one_counted_back():
    # The article dates the explosion on 9 June; the claim's own count would put it on 7 June:
    # the article's date is the one its images are read against.
    text = ("An explosion hit the fuel depot on 9 June 2021.\n"
            "Satellite images from Planet taken on 8 June 2021, two days after the explosion, "
            "show scorched tanks at the depot.")
    claim = osint.analyze(text).claims.imagery[-1]
    assert claim.event is not None and claim.event.date.date_start == dt.date(2021, 6, 9)
    assert "counted back" not in claim.event.date.derivation


def test_images_from_before_and_after_an_event_are_a_pair_not_a_contradiction():
    text = ("A missile strike hit the shipyard on 13 September 2023.\n"
            "Satellite images from Maxar taken on 12 September 2023 and on 14 September 2023 show a "
            "landing ship in the dry dock.")
    got = _consistency(text)
    [last] = [v for k, v in got.items() if k == max(got)]
    assert last.status == "consistent" and "bracket" in last.detail
    # One vague span running across the event is no pair: nothing is said of it.
    text2 = ("A missile strike hit the shipyard on 13 September 2023.\n"
             "Satellite images from Maxar taken in September 2023 show a landing ship in the dry dock.")
    got2 = _consistency(text2)
    assert all("bracket" not in v.detail for v in got2.values())


def test_a_weekday_with_its_day_pins_the_year_of_an_undated_article():
    from osint.dates import find_dates, pinned_days

    text = "The camp was built in 2015. On Friday, March 3, trucks left the camp."
    assert pinned_days(text, find_dates(text)) == [dt.date(2017, 3, 3)]  # the first Friday 3 March
    # No year named to start from: the weekday alone fits too many years.
    text2 = "On Friday, March 3, trucks left the camp."
    assert pinned_days(text2, find_dates(text2)) == []
    # Not side by side: nothing pinned.
    text3 = "The camp was built in 2015. On Friday trucks left; on March 3 they came back."
    assert pinned_days(text3, find_dates(text3)) == []
    claim = osint.analyze("The camp was built in 2015.\nSatellite images from Planet taken on Friday, "
                          "March 3, show trucks leaving the camp.").claims.imagery[0]
    assert (claim.window.start, claim.window.end) == (dt.date(2017, 3, 3), dt.date(2017, 3, 3))


def test_a_dateline_dates_an_undated_article_not_its_first_claim():
    from osint.dates import dateline_date, find_dates

    text = ("ODESA, Feb. 2 (Wire) - Satellite images from Maxar show the port's grain silos burned.\n"
            "The silos were rebuilt on Oct. 5, 2021.")
    d = dateline_date(text, find_dates(text))
    assert d is not None and d.date_start == dt.date(2022, 2, 2)  # the first 2 February after Oct. 2021
    claim = osint.analyze(text).claims.imagery[0]
    # The claim gives no date of its own: the dateline is an upper bound, not the image's day.
    assert "Feb. 2" not in (claim.window.expression or "")
    assert claim.window.end == dt.date(2022, 2, 2) and "no time expression" in claim.window.derivation
    # A date in the running text is no dateline.
    plain = "Maxar images of Feb. 2 (a Wednesday) show the silos. They were rebuilt on Oct. 5, 2021."
    assert dateline_date(plain, find_dates(plain)) is None


def test_the_images_a_claim_goes_on_about_keep_their_date():
    text = ("Satellite images from Maxar taken on 12 August 2019 show the stadium in Shenzhen.\n"
            "The pictures retrieved by the company show dozens of vehicles parked in rows.")
    _first, second = osint.analyze(text).claims.imagery
    assert second.window.start == second.window.end == dt.date(2019, 8, 12)
    assert "goes on about the images I1" in second.window.derivation
    # A sentence about other images does not inherit the date.
    other = ("Satellite images from Maxar taken on 12 August 2019 show the stadium in Shenzhen.\n"
             "Satellite imagery from Planet shows dozens of vehicles parked in rows.")
    assert osint.analyze(other).claims.imagery[1].window.start is None


def test_a_claim_without_a_date_is_said_to_have_none():
    from osint.render.verdicts import claim_card

    text = "Satellite images from Planet show scorched tanks at the fuel depot."
    [r] = osint.analyze(text, published="2024-05-10").report.imagery
    check = {k.check: k for k in r.checks}["article_consistency"]
    assert check.status == "unverified"
    assert "no date" in check.detail and "2024-05-10" in check.detail and "upper bound" in check.detail
    card = claim_card(r)
    assert card["when"].startswith("unknown: the claim gives no date") and "2024-05-10" in card["when"]
    # A claim that dates its images shows their dates, not "unknown".
    [dated] = osint.analyze("Satellite images from Planet taken on 3 May 2024 show scorched tanks at the "
                            "fuel depot.", published="2024-05-10").report.imagery
    assert claim_card(dated)["when"] == "2024-05-03"
    assert "no date" not in {k.check: k for k in dated.checks}["article_consistency"].detail


def test_year_free_dates_order_images_and_event_of_an_undated_article():
    from osint.dates import NOTIONAL_ANCHOR, find_dates, year_free_order

    def one(t):
        [d] = find_dates(t, NOTIONAL_ANCHOR)
        return d

    assert year_free_order(one("on 9 June"), one("between 7 and 8 June")) == "after"
    assert year_free_order(one("on 2 June"), one("between 7 and 8 June")) == "before"
    assert year_free_order(one("on Friday"), one("on Friday")) == "same day"
    assert year_free_order(one("on Friday"), one("on Tuesday")) is None  # which week?
    assert year_free_order(one("on 2 January"), one("on 28 December")) is None  # which year?
    assert year_free_order(one("on 9 June"), one("on Friday")) is None


def test_an_undated_article_orders_its_images_after_its_event():
    text = ("Drone strikes hit the refinery between 7 and 8 June, officials said.\n"
            "Satellite images from Planet taken on 9 June show burned tanks at the refinery.")
    claim = osint.analyze(text).claims.imagery[-1]
    assert claim.window.start is None and claim.event_order.startswith("after")
    check = _consistency(text)[claim.id]
    assert check.status == "consistent" and "calendar date is unknown" in check.detail
    early = text.replace("on 9 June", "on 2 June")
    claim2 = osint.analyze(early).claims.imagery[-1]
    check2 = _consistency(early)[claim2.id]
    assert claim2.event_order.startswith("before") and check2.status == "inconsistent"
    # With a publication date the dates are dated, not merely ordered.
    dated = osint.analyze(text, published="2023-06-10").claims.imagery[-1]
    assert dated.event_order == "" and dated.window.start is not None


def test_a_comparison_with_an_earlier_image_is_in_order_or_flagged():
    text = ("Using satellite images collected on 20 August 2014 and compared with a pre-war image "
            "collected 2 July 2014, analysts counted 900 destroyed buildings in the town.")
    [got] = _consistency(text).values()
    assert got.status == "consistent" and "before/after comparison" in got.detail
    swapped = ("Using satellite images collected on 20 August 2014 and compared with a pre-war image "
               "collected 2 September 2014, analysts counted 900 destroyed buildings in the town.")
    [bad] = _consistency(swapped).values()
    assert bad.status == "inconsistent" and bad.weight == "soft" and "baseline" in bad.detail
    # Two dates without a baseline word are no comparison.
    plain = ("Satellite images collected on 20 August 2014 and on 2 July 2014 show 900 destroyed "
             "buildings in the town.")
    [none] = _consistency(plain).values()
    assert "comparison" not in none.detail and "baseline" not in none.detail


def test_the_image_a_new_paragraph_goes_on_about_keeps_its_provider_and_date():
    text = ("Satellite operator Planet collected an image of the harbour on 4 March 2022.\n\n"
            "The image, taken through thin cloud over the harbour, shows two frigates at the pier.")
    first, second = osint.analyze(text).claims.imagery
    assert first.provider == "Planet" and second.provider == "Planet"
    assert "continues I1" in second.provider_reason
    assert second.window.start == dt.date(2022, 3, 4)
    # A new image from someone else is not the same image.
    other = text.replace("The image, taken", "A Maxar image, taken")
    assert osint.analyze(other).claims.imagery[1].provider == "Maxar"


def test_radar_needs_no_time_and_optical_no_date_has_no_light_to_be_held_against():
    def sensor_check(text):
        [r] = osint.analyze(text).report.imagery
        return {k.check: k for k in r.checks}["sensor_conditions"]

    radar = sensor_check("Radar imagery captured by ICEYE shows tents in a forest near Kharkiv.")
    assert radar.status == "consistent" and radar.weight == "none" and "radar needs none" in radar.detail
    # Issue 21: no date and no time at all: every day there has daylight, nothing is learnt.
    optical = sensor_check("Satellite images captured by Planet show tents in a forest near Kharkiv.")
    assert optical.status == "consistent" and optical.weight == "none"
    optical = sensor_check("Satellite images captured by Planet at night show tents in a forest near "
                           "Kharkiv.")
    assert optical.status == "not checked"


def test_analyse_in_any_form_is_a_verb_of_image_analysis():
    from osint.claims import is_imagery_sentence

    for verb in ("analyzed", "analysed", "analyzes", "analyse", "analyze"):
        assert is_imagery_sentence(f"Researchers {verb} satellite photos of the reef.")
    # The verb alone, with no imagery named, is no imagery claim.
    assert not is_imagery_sentence("Researchers analyze the market's revenue.")


def test_images_released_on_a_day_were_taken_before_it():
    text = ("The ministry released these images on 3 March 2022 at a press conference.\n"
            "The ministry said the satellite images show two launchers south of the village.")
    claim = osint.analyze(text, published="2023-01-10").claims.imagery[-1]
    assert claim.window.end == dt.date(2022, 3, 3) and claim.window.start == dt.date(2022, 2, 3)
    assert "released on 2022-03-03" in claim.window.derivation and claim.window.expression is None
    # Without a release date the publication date stays the bound.
    plain = "The ministry said the satellite images show two launchers south of the village."
    assert osint.analyze(plain, published="2023-01-10").claims.imagery[-1].window.end == dt.date(2023, 1, 10)


def test_a_lede_is_read_against_the_event_the_background_after_it_dates():
    text = ("Satellite images from Maxar taken on 26 September 2023 show a long line of cars leaving "
            "Stepanakert.\n"
            "On 19 September 2023, Azerbaijan launched an offensive on the region.")
    [claim] = osint.analyze(text).claims.imagery
    assert claim.event is not None and claim.event.date.date_start == dt.date(2023, 9, 19)
    [got] = _consistency(text).values()
    assert got.status == "consistent"
    # An undated claim is not set against an event after it.
    undated = text.replace(" taken on 26 September 2023", "")
    assert osint.analyze(undated).claims.imagery[0].event is None


def test_an_undated_claim_after_the_event_it_shows_fits_the_articles_timeline():
    text = ("Israeli jets struck the fuel depot at Hodeidah port on Saturday.\n"
            "Satellite images from Maxar show oil tanks ablaze at the port after the strike.")
    [got] = _consistency(text, published="2024-07-23").values()
    assert got.status == "consistent" and "admits images of it" in got.detail
    # With no publication date nothing is admitted: no date, no bound.
    text2 = text.replace(" on Saturday", " on 20 July 2024")
    assert "admits" not in next(iter(_consistency(text2).values())).detail


def test_a_dated_claim_naming_no_provider_is_held_against_every_satellite():
    def satellite_check(text: str, published: str):
        [r] = osint.analyze(text, published=published).report.imagery
        return {k.check: k for k in r.checks}["satellite"]

    got = satellite_check("Commercial satellite imagery from 26 April 2022 shows a new portal at the "
                          "Punggye-ri test site.", "2022-04-30")
    assert got.status == "consistent" and str(got.weight) == "none" and "narrows nothing" in got.detail
    got = satellite_check("Satellite imagery from 26 April 1961 shows a new portal at the Punggye-ri "
                          "test site.", "1961-04-30")
    assert got.status == "inconsistent" and str(got.weight) == "soft"
    # Dated only by publication: the window assumed before it; some satellite could have taken
    # the image, which narrows nothing (as for an undated claim naming a provider).
    got = satellite_check("Commercial satellite imagery shows a new portal at the Punggye-ri test site.",
                          "2022-04-30")
    assert got.status == "consistent" and str(got.weight) == "none"


def test_a_capture_or_takeover_is_an_event_but_the_images_own_capture_is_not():
    [ev] = find_events("Special forces captured the president on Saturday, 3 January 2026.")
    assert (ev.kind, ev.date.date_start) == ("takeover", dt.date(2026, 1, 3))
    [ev] = find_events("Rebels took control of the capital on 8 December 2024.")
    assert ev.kind == "takeover" and ev.date.date_start == dt.date(2024, 12, 8)
    [ev] = find_events("The fall of the regime on 8 December 2024 surprised its allies.")
    assert ev.kind == "takeover"
    # The imagery's own capture is no event.
    assert find_events("Satellite images captured on 9 December 2024 show the port.") == []
    assert find_events("WorldView-3 captured the images on 9 December 2024.") == []


def test_images_dated_around_a_capture_the_article_dates_are_in_order():
    text = ("US forces captured the president, John Doe, at the base on Saturday.\n"
            "Satellite images from Maxar dated Dec. 22 and Jan. 3 show buildings inside the base "
            "and later show them destroyed.")
    got = _consistency(text, published="2026-01-04")
    assert any(v.status == "consistent" and "takeover" in v.detail for v in got.values())


def test_an_event_reported_without_a_date_admits_images_of_the_weeks_before_publication():
    text = ("Warships have left the naval base following the overthrow of the president by rebels.\n"
            "An image taken on December 9 by Planet Labs showed three vessels moored off the port.")
    got = _consistency(text, published="2024-12-10")
    last = got[max(got)]
    assert last.status == "consistent" and "without a date" in last.detail
    # Images months before the publication: the words do not order them.
    old = _consistency(text.replace("December 9", "August 9"), published="2024-12-10")
    assert "without a date" not in old[max(old)].detail
    # A threatened event is no event reported.
    threat = _consistency(text.replace("following the overthrow", "as rebels threaten an overthrow"),
                          published="2024-12-10")
    assert "without a date" not in threat[max(threat)].detail


def test_an_undated_article_admits_images_of_the_weeks_around_its_latest_full_date():
    # Issue 21: no publication date; the article was written on or after the latest full date it
    # gives, so an undated event it reports happened by then.
    text = ("The intensified bombing campaign has hit hundreds of villages.\n"
            "Radar satellite images show over 3,600 buildings damaged between October 2 and 14, 2024.")
    got = _consistency(text)
    last = got[max(got)]
    assert last.status == "consistent" and "latest full date (2024-10-14)" in last.detail
    # Images a year before the article's latest date: the words do not order them.
    text = text.replace("between October 2 and 14, 2024", "between October 2 and 14, 2023") + \
        "\nThe ceasefire ended on 20 October 2024."
    got = _consistency(text)
    assert "without a date" not in got[min(got)].detail


def test_a_date_of_the_images_release_bounds_their_capture():
    text = ("Grainy black-and-white satellite pictures of the port of Incheon were published in Monday's "
            "edition of the state newspaper.")
    claim = osint.analyze(text, published="2022-12-21").claims.imagery[0]
    assert claim.window.end == dt.date(2022, 12, 19) and claim.window.start == dt.date(2022, 11, 21)
    assert "release" in claim.window.derivation and claim.window.expression == "Monday"
    # A capture date given beside it decides.
    text2 = text.replace("were published", "taken on 18 December 2022 were published")
    got = osint.analyze(text2, published="2022-12-21").claims.imagery[0].window
    assert got.start == dt.date(2022, 12, 18) and got.expression


def test_an_impact_is_a_strike_the_images_are_counted_from():
    text = ("Satellites show the plant in images dated November 24, 2024 (three days after the impact).\n"
            "In the pictures, the buildings look intact.")
    claims = osint.analyze(text, published="2024-11-28").claims.imagery
    assert claims[-1].event is not None and claims[-1].event.date.date_start == dt.date(2024, 11, 21)


def test_a_month_only_publication_reads_weekdays_near_the_articles_own_dates():
    # Issue 21: published "2024-03" (the month's last day, a bound): "on Saturday" is the Saturday
    # nearest the article's latest full date in March, not the month's last Saturday; a day
    # without a year still hangs on the month's end.
    from types import MappingProxyType

    from osint.article import Article
    from osint.model.article import PRECISION_KEY

    text = ("Protests began on 12 March 2024.\n"
            "Satellite images from Maxar taken on Saturday show crowds in Kim Il Sung Square.\n"
            "Satellite images from Maxar taken on March 20 show trucks in Kim Il Sung Square.")
    art = Article(id="m", text=text, published=dt.date(2024, 3, 31), published_inferred=True,
                  meta=MappingProxyType({PRECISION_KEY: "month"}))
    saturday, march20 = osint.analyze(art).claims.imagery
    assert saturday.window.start == dt.date(2024, 3, 9) and "nearest" in saturday.window.derivation
    assert march20.window.start == dt.date(2024, 3, 20)
    # An undated claim of a month-only article: the weeks up to any day of the month.
    undated = Article(id="u", text="Satellite images from Maxar show crowds in Kim Il Sung Square.",
                      published=dt.date(2024, 3, 31), published_inferred=True,
                      meta=MappingProxyType({PRECISION_KEY: "month"}))
    w = osint.analyze(undated).claims.imagery[0].window
    assert (w.start, w.end) == (dt.date(2024, 2, 2), dt.date(2024, 3, 31))
    # Without the month flag the date is a day: the latest Saturday on or before it.
    plain = osint.analyze(Article(id="d", text=text, published=dt.date(2024, 3, 31))).claims.imagery[0]
    assert plain.window.start == dt.date(2024, 3, 30)


def test_images_from_a_month_are_of_that_month_not_since_it():
    from osint.dates import find_dates

    at = dt.date(2022, 5, 2)
    [d] = find_dates("Images from March show the dam.", at)
    assert (d.date_start, d.date_end) == (dt.date(2022, 3, 1), dt.date(2022, 3, 31))
    [d] = find_dates("Satellite imagery from early April shows trucks at the site.", at)
    assert (d.date_start, d.date_end) == (dt.date(2022, 4, 1), dt.date(2022, 4, 10))
    # Not images: "from March" runs to the anchor; nor does "from March to May" stop in March.
    [d] = find_dates("Russia has shelled the town from March.", at)
    assert d.date_end == at
    [d] = find_dates("Images from March to May show the dam emptying.", at)
    assert d.date_end == at
