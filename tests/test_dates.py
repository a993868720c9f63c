"""Relative and absolute date expressions."""

from __future__ import annotations

import datetime as dt

import pytest

from osint.dates import find_dates, ordinal, resolve_expression

THU = dt.date(2023, 7, 27)  # the seed's publication date, a Thursday
MON = dt.date(2024, 3, 11)


@pytest.mark.parametrize(("expr", "anchor", "start", "end"), [
    ("on Thursday", THU, "2023-07-27", "2023-07-27"),
    ("on Monday", THU, "2023-07-24", "2023-07-24"),
    ("on Thursday", MON, "2024-03-07", "2024-03-07"),
    ("last Monday", MON, "2024-03-04", "2024-03-04"),
    ("this week", THU, "2023-07-24", "2023-07-27"),
    ("last week", THU, "2023-07-17", "2023-07-23"),
    ("over the past weeks", THU, "2023-06-29", "2023-07-27"),
    ("in the past two weeks", THU, "2023-07-13", "2023-07-27"),
    ("last year", THU, "2022-01-01", "2022-12-31"),
    ("in November last year", THU, "2022-11-01", "2022-11-30"),
    ("earlier this month", THU, "2023-07-01", "2023-07-27"),
    ("yesterday", MON, "2024-03-10", "2024-03-10"),
])
def test_relative(expr, anchor, start, end):
    r = resolve_expression(expr, anchor)
    assert r is not None and r.kind == "relative"
    assert (r.date_start.isoformat(), r.date_end.isoformat()) == (start, end)
    assert r.anchor == anchor and str(anchor) in r.derivation


@pytest.mark.parametrize(("expr", "kind", "start", "end"), [
    ("27 July 1953", "absolute", "1953-07-27", "1953-07-27"),
    ("July 27, 1953", "absolute", "1953-07-27", "1953-07-27"),
    ("2023-07-27", "absolute", "2023-07-27", "2023-07-27"),
    ("1950-1952", "year_range", "1950-01-01", "1952-12-31"),
    ("in 2019", "year", "2019-01-01", "2019-12-31"),
    ("late 1940s", "decade", "1946-01-01", "1949-12-31"),
])
def test_absolute(expr, kind, start, end):
    r = resolve_expression(expr, None)
    assert r is not None and r.kind == kind and r.anchor is None
    assert (r.date_start.isoformat(), r.date_end.isoformat()) == (start, end)


def test_relative_without_anchor_stays_unresolved():
    r = resolve_expression("last week", None)
    assert r is not None and not r.resolved and "no publication date" in r.derivation


def test_spans_in_text_and_offset():
    text = "The leader revisited the cemetery on Monday, KCNA said, after the 1950-1953 war."
    refs = find_dates(text, THU, offset=100)
    assert [(r.text, r.start - 100) for r in refs] == [("on Monday", text.index("on Monday")),
                                                      ("1950-1953", text.index("1950-1953"))]


def test_seed_expressions_resolve():
    from osint.article import load_article
    from osint.paths import PROJ_ROOT

    a = load_article(PROJ_ROOT / "seeds" / "000_908df4e159e4c100.txt")
    got = {r.text: (r.date_start, r.date_end) for r in find_dates(a.text, a.published)}
    assert got["over the past weeks"] == (dt.date(2023, 6, 29), THU)
    assert got["in November last year"][0] == dt.date(2022, 11, 1)
    assert got["1950-1952"][1] == dt.date(1952, 12, 31)
    assert got["in 2019"][0].year == 2019


@pytest.mark.parametrize(("n", "text"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"),
                                         (12, "12th"), (13, "13th"), (21, "21st"), (22, "22nd"), (71, "71st"),
                                         (72, "72nd"), (73, "73rd"), (111, "111th"), (101, "101st")])
def test_ordinal(n, text):
    assert ordinal(n) == text


def test_a_night_across_two_days_is_a_two_day_window():
    pub = dt.date(2023, 3, 10)
    [d] = find_dates("explosions on the night of 3-4 March", pub)
    assert (d.date_start, d.date_end) == (dt.date(2023, 3, 3), dt.date(2023, 3, 4))
    [d] = find_dates("between October 2 and 14, 2024", pub)
    assert (d.kind, d.date_start, d.date_end) == ("absolute", dt.date(2024, 10, 2), dt.date(2024, 10, 14))


def test_relative_expressions_anchored_on_the_articles_events():
    from osint.dates import find_anchored, find_events

    text = ("Explosions hit Saky air base on 9 August 2022. "
            "Images taken two days after the strike show burn scars; "
            "the day before the attack it was intact.")
    events = find_events(text)
    assert {(e.kind, e.date.date_start) for e in events} == {("strike", dt.date(2022, 8, 9))}
    got = {d.text: (d.date_start, d.date_end) for d in find_anchored(text, events)}
    assert got["two days after the strike"] == (dt.date(2022, 8, 11), dt.date(2022, 8, 11))
    assert got["the day before the attack"] == (dt.date(2022, 8, 8), dt.date(2022, 8, 8))
    # "six days after the airstrike" dates the images, not the airstrike: the airstrike is counted
    # back from them.
    [ev] = find_events("The images show the site on March 4, six days after the airstrike.",
                       dt.date(2019, 3, 6))
    assert (ev.text, ev.date.date_start) == ("airstrike", dt.date(2019, 2, 26))


def test_that_night_and_the_next_day_hang_on_the_date_named_before():
    from osint.dates import find_deictic

    text = ("Joe Biden became President on January 20, 2021. Maxar imagery collected that night shows "
            "fireworks. No water was seen on 1 October 2021, but it was seen again the next day.")
    got = {d.text: d.date_start for d in find_deictic(text, find_dates(text))}
    assert got == {"that night": dt.date(2021, 1, 20), "the next day": dt.date(2021, 10, 2)}


def test_days_later_and_a_week_earlier_count_from_the_date_named_before():
    from osint.dates import find_deictic

    text = ("The launchers were at the depot on 3 May 2021. Two days later, an image showed it empty. "
            "A week earlier the depot had been full. A few days later it was full again.")
    got = {d.text: (d.date_start, d.date_end) for d in find_deictic(text, find_dates(text))}
    assert got["Two days later"] == (dt.date(2021, 5, 5), dt.date(2021, 5, 5))
    assert got["A week earlier"] == (dt.date(2021, 4, 26), dt.date(2021, 4, 26))
    assert "A few days later" not in got  # no count to date by


def test_a_part_of_a_year_is_its_third_or_its_ends():
    # Issue 21: "images from late 2023" date the images to September-December 2023.
    got = {d.text: (d.kind, d.date_start, d.date_end) for d in find_dates(
        "Images from late 2023 and mid-2022 differ from those of early 2024 and the end of 2021, "
        "unlike the late 1990s.")}
    assert got["late 2023"] == ("absolute", dt.date(2023, 9, 1), dt.date(2023, 12, 31))
    assert got["mid-2022"][1:] == (dt.date(2022, 5, 1), dt.date(2022, 8, 31))
    assert got["early 2024"][1:] == (dt.date(2024, 1, 1), dt.date(2024, 4, 30))
    assert got["the end of 2021"][1:] == (dt.date(2021, 11, 1), dt.date(2021, 12, 31))
    assert got["late 1990s"][0] == "decade"
