"""Dates in news text: absolute dates parsed, relative ones resolved.

A news report says "on Thursday", "last week" or "over the past weeks"; what
those mean depends on when it was published. :func:`find_dates` finds such
expressions and resolves each against an anchor (the publication date), keeping
the anchor and the rule it applied, so that a reader can see how a date was
derived and redo it with another anchor.

Conventions (those of past-tense news reporting):

- a weekday ("on Monday") is the latest such day on or before the anchor;
- "this week" runs from the Monday of the anchor's ISO week to the anchor;
- "last week" is the previous ISO week, Monday to Sunday;
- "over the past weeks" / "in recent weeks" is the 28 days up to the anchor;
  "the past N days/weeks/months" is that long, up to the anchor;
- "last year" is the previous calendar year; "in November last year" that month of it;
- a year range "1950-1952" runs from 1 January of the first to 31 December of the last;
- a day without a year ("June 24", "8 February") is the latest such day on or before the anchor;
- a month without a year ("in May", "from May") is the latest such month starting on or before
  the anchor; "from May" / "since May" run from its first day up to the anchor;
- "the past month" is the 30 days up to the anchor, "the past week" 7, "the past year" 365
  ("this month" is month to date, "last month" the previous calendar month).

:func:`find_times` finds clock times ("at 23:40", "10:05 p.m. KST") and times of day
("at night", "in the morning"), each with the hours it allows and whether the
sentence ties it to the taking of an image.
"""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import datetime as dt
import itertools
import re
from dataclasses import dataclass

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

#: Length of the vague "past weeks" / "recent weeks".
VAGUE_WEEKS_DAYS = 28

_WD = "|".join(calendar.day_name)
_MN = "|".join(sorted((m for m in MONTHS), key=len, reverse=True))
_FULL_MN = "|".join(name for name in calendar.month_name if name)
_NUM_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
              "nine": 9, "ten": 10, "a": 1, "few": 3, "several": 3, "couple of": 2}
_NUM = r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|few|several|couple of)"


@dataclass(frozen=True, slots=True)
class DateRef:
    """A date expression and the span of days it denotes.

    Attributes
    ----------
    start, end : int
        The expression's span in the text (code points, end exclusive).
    text : str
        The expression as written.
    kind : str
        ``absolute``, ``relative``, ``year``, ``year_range`` or ``decade``.
    date_start, date_end : date or None
        The first and last day denoted (inclusive); None when a relative
        expression has no anchor to resolve against.
    anchor : date or None
        The date a relative expression was resolved against.
    derivation : str
        The rule applied, in words.
    """

    start: int
    end: int
    text: str
    kind: str
    date_start: dt.date | None
    date_end: dt.date | None
    anchor: dt.date | None
    derivation: str

    @property
    def resolved(self) -> bool:
        """True when the expression has days."""
        return self.date_start is not None

    def as_dict(self) -> dict:
        """A JSON-ready dict."""
        return {
            "start": self.start, "end": self.end, "text": self.text, "kind": self.kind,
            "date_start": self.date_start.isoformat() if self.date_start else None,
            "date_end": self.date_end.isoformat() if self.date_end else None,
            "anchor": self.anchor.isoformat() if self.anchor else None,
            "derivation": self.derivation,
        }


def _month_end(year: int, month: int) -> dt.date:
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise _OffCalendar(year)
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _num(word: str) -> int:
    w = word.lower()
    return int(w) if w.isdigit() else _NUM_WORDS.get(w, 3)


# Order matters: longer, more specific patterns first; matches may not overlap.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    # "the night of 3-4 March", "3 and 4 March 2022", "March 3-4", "October 2 and 14, 2024": the
    # days from the first to the last.
    ("days_month", re.compile(
        rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:[-–]|and|to)\s*(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
        rf"({_MN})\.?(?:,?\s+(\d{{4}}))?\b", re.I)),
    ("month_days", re.compile(
        rf"\b({_MN})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:[-–]|and|to)\s*(\d{{1,2}})(?:st|nd|rd|th)?"
        rf"(?:,?\s+(\d{{4}}))?\b(?!\s*[:\d])", re.I)),
    ("dmy", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MN})\.?,?\s+(\d{{4}})\b", re.I)),
    ("mdy", re.compile(rf"\b({_MN})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)),
    ("month_day", re.compile(rf"\b({_MN})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*[:\d])", re.I)),
    ("day_month", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MN})\b\.?", re.I)),
    ("month_last_year", re.compile(rf"\b(?:in\s+)?({_MN})\s+(last|this|next)\s+year\b", re.I)),
    ("month_year", re.compile(rf"\b({_MN})\s+(\d{{4}})\b", re.I)),
    ("year_range", re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\s*[-–—]\s*(1[0-9]{3}|20[0-9]{2}|[0-9]{2})\b")),
    ("decade", re.compile(r"\b(?:(early|mid|late)[- ])?(1[0-9]{2}0|20[0-9]0)[’']?s\b", re.I)),
    ("month_only", re.compile(
        rf"\b(in|from|since|during|until|through|by|throughout)\s+(?:(early|mid|late)[- ]?)?({_FULL_MN})\b"
        r"(?!\s+\d)")),
    ("past_n", re.compile(
        rf"\b(?:over|in|during|for)?\s*the\s+(?:past|last)\s+({_NUM})\s+(day|week|month|year)s?\b", re.I)),
    ("past_vague", re.compile(r"\b(?:(?:over|in|during)\s+)?(?:the\s+)?(?:past|recent|last|previous)\s+"
                              r"(?:few\s+|several\s+|couple\s+of\s+)?(weeks|days|months)\b", re.I)),
    ("earlier_this", re.compile(r"\bearlier\s+this\s+(week|month|year)\b", re.I)),
    ("rel_period", re.compile(r"\b(this|last|next|past)\s+(week|month|year|weekend)\b", re.I)),
    ("day_word", re.compile(r"\b(yesterday|today|tonight|tomorrow)\b", re.I)),
    ("weekday", re.compile(rf"\b(?:(?:on|last|this|late|early|next)\s+)*({_WD})\b")),
    # "in late 2023", "mid-2022", "the end of 2021": a third of the year (or its last or first
    # months), before a bare year.
    ("part_year", re.compile(
        r"\b(?:(early|mid|late)[- ]|(?:the\s+)?(end|beginning|start|middle)\s+of\s+)"
        r"(1[5-9][0-9]{2}|20[0-9]{2})\b(?![’']?s\b)", re.I)),
    ("year", re.compile(
        r"\b(?:in|since|by|until|of|from|during|before|after)\s+(1[5-9][0-9]{2}|20[0-9]{2})\b")),
]

#: The months each part of a year covers ("early 2023": January to April).
_YEAR_PARTS = {"early": (1, 4), "beginning": (1, 2), "start": (1, 2), "mid": (5, 8), "middle": (5, 8),
               "late": (9, 12), "end": (11, 12)}


def _resolve(kind: str, m: re.Match[str], anchor: dt.date | None) -> tuple[str, dt.date | None,
                                                                         dt.date | None, str]:
    """Return (kind, first day, last day, derivation) for one match."""
    g = m.groups()
    no_anchor = ("relative", None, None, "relative expression; no publication date to resolve against")
    if kind == "iso":
        d = dt.date(int(g[0]), int(g[1]), int(g[2]))
        return "absolute", d, d, "ISO date"
    if kind in ("dmy", "mdy"):
        day, month, year = (g[0], g[1], g[2]) if kind == "dmy" else (g[1], g[0], g[2])
        d = dt.date(int(year), MONTHS[month.lower().rstrip(".")], int(day))
        return "absolute", d, d, "day month year"
    if kind in ("days_month", "month_days"):
        return _day_range(kind, m, g, anchor)
    if kind == "month_year":
        y, mo = int(g[1]), MONTHS[g[0].lower()]
        return "absolute", dt.date(y, mo, 1), _month_end(y, mo), "month and year"
    if kind == "year_range":
        a = int(g[0])
        b = int(g[1]) if len(g[1]) == 4 else (a // 100) * 100 + int(g[1])
        if b < a:
            raise ValueError("not a range")
        return "year_range", dt.date(a, 1, 1), dt.date(b, 12, 31), f"years {a} to {b} inclusive"
    if kind == "decade":
        base = int(g[1])
        lo, hi = {"early": (0, 3), "mid": (3, 6), "late": (6, 9)}.get((g[0] or "").lower(), (0, 9))
        return "decade", dt.date(base + lo, 1, 1), dt.date(base + hi, 12, 31), \
            f"{(g[0] or '').lower() + ' ' if g[0] else ''}{base}s: {base + lo}-{base + hi}".strip()
    if kind == "year":
        y = int(g[0])
        return "year", dt.date(y, 1, 1), dt.date(y, 12, 31), "calendar year"
    if kind == "part_year":
        part, y = (g[0] or g[1]).lower(), int(g[2])
        lo, hi = _YEAR_PARTS[part]
        return ("absolute", dt.date(y, lo, 1), _month_end(y, hi),
                f"{part} {y}: months {lo} to {hi} (a convention: the text gives no closer bound)")
    if anchor is None:
        return no_anchor
    try:
        return _resolve_relative(kind, m, g, anchor)
    except (_OffCalendar, OverflowError):
        # "last week" from 0001-01-01 or "next year" from 9999-12-31: no date to give.
        return ("relative", None, None,
                f"relative expression; resolved against {anchor} it would fall outside the calendar "
                f"(years {dt.MINYEAR} to {dt.MAXYEAR}), so it is left unresolved")


def _day_range(kind: str, m: re.Match[str], g: tuple, anchor: dt.date | None) -> tuple[
        str, dt.date | None, dt.date | None, str]:
    """"3-4 March", "March 3-4, 2022": the first day to the last (with no year, the latest such
    range starting on or before the anchor)."""
    d0, d1, mon, year = (g[0], g[1], g[2], g[3]) if kind == "days_month" else (g[1], g[2], g[0], g[3])
    if not mon[:1].isupper():
        raise ValueError("month not capitalised")
    a, b, mo = int(d0), int(d1), MONTHS[mon.lower().rstrip(".")]
    if not 1 <= a < b <= 31:
        raise ValueError("not a range of days")
    text = m.group(0).strip()
    if year:
        y = int(year)
        return "absolute", dt.date(y, mo, a), dt.date(y, mo, b), f"days {a} to {b} of {mon} {y}"
    if anchor is None:
        return "relative", None, None, "relative expression; no publication date to resolve against"
    y = anchor.year if _ymd(anchor.year, mo, a) <= anchor else anchor.year - 1
    return ("relative", _ymd(y, mo, a), _ymd(y, mo, b),
            f"'{text}' has no year: the latest such days starting on or before the anchor {anchor}")


class _OffCalendar(Exception):
    """A relative date that would fall before year 1 or after year 9999."""


def _ymd(year: int, month: int, day: int) -> dt.date:
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise _OffCalendar(year)
    return dt.date(year, month, day)


#: What a relative kind resolves to: (kind, first day, last day, derivation).
_Resolved = tuple[str, dt.date | None, dt.date | None, str]


def _resolve_relative(kind: str, m: re.Match[str], g: tuple, a: dt.date) -> _Resolved:
    """The relative kinds of :func:`_resolve`, against the anchor ``a`` (one function per kind).

    Raises
    ------
    _OffCalendar, OverflowError
        The date would fall outside the calendar.
    ValueError, KeyError
        The match is not a date after all ("may 5", "February 30").
    """
    rule = _RELATIVE.get(kind)
    if rule is None:
        raise AssertionError(kind)
    return rule(kind, m, g, a)


def _month_of_year(kind: str, m: re.Match[str], g: tuple, a: dt.date) -> _Resolved:
    """"March of last year": that month of the year before, of, or after the anchor's."""
    mo, which = MONTHS[g[0].lower()], g[1].lower()
    y = a.year + {"last": -1, "this": 0, "next": 1}[which]
    return "relative", _ymd(y, mo, 1), _month_end(y, mo), f"{g[0]} of {which} year ({y}) from {a}"


def _month_day(kind: str, m: re.Match[str], g: tuple, a: dt.date) -> _Resolved:
    """"March 5", "5 March": the latest such day on or before the anchor."""
    mon, day = (g[0], g[1]) if kind == "month_day" else (g[1], g[0])
    if not mon[:1].isupper():  # "may 5" is a verb and a number, not a date
        raise ValueError("month not capitalised")
    mo = MONTHS[mon.lower().rstrip(".")]
    d = _ymd(a.year, mo, int(day))
    if d > a:
        d = _ymd(a.year - 1, mo, int(day))
    return "relative", d, d, (f"'{m.group(0).strip()}' has no year: the latest {calendar.month_name[mo]} "
                              f"{int(day)} on or before the anchor {a}")


#: An image noun just before "from MONTH" (a participle may stand between): "images from March",
#: "photos taken from early April" read as the images' own month.
_IMAGES_FROM = re.compile(r"\b(?:images?|imagery|photos?|photographs?|pictures?|scenes?|snapshots?|data)"
                          r"(?:\s+(?:taken|captured|collected|acquired|dated))?\s*$", re.I)
_RUNS_ON = re.compile(r"\s*(?:to|until|till|through|-|–|onwards?)\b", re.I)


def _month_only(kind: str, m: re.Match[str], g: tuple, a: dt.date) -> _Resolved:
    """"in March", "since early March": the latest such month starting on or before the anchor
    (a part of it for "early", "mid", "late"; up to the anchor for "from" and "since")."""
    prep, part, mo = g[0].lower(), (g[1] or "").lower(), MONTHS[g[2].lower()]
    y = a.year if mo <= a.month else a.year - 1
    d0, d1 = _ymd(y, mo, 1), _month_end(y, mo)
    if part:
        lo, hi = {"early": (1, 10), "mid": (11, 20), "late": (21, d1.day)}[part]
        d0, d1 = _ymd(y, mo, lo), _ymd(y, mo, hi)
    # "images from March", "imagery from early April": the month the images are from, not a start
    # ("from March to May", "since March" run on).
    origin = prep == "from" and bool(_IMAGES_FROM.search(m.string[max(0, m.start() - 40):m.start()])) \
        and not _RUNS_ON.match(m.string[m.end():m.end() + 12])
    if prep == "since" or (prep == "from" and not origin):
        d1 = a
    d1 = min(d1, a) if d0 <= a else d1
    rule = (f"'{g[2]}' has no year: the latest {g[2]} starting on or before the anchor {a} ({y})"
            + (f", {part} in the month" if part else "")
            + ("; images 'from' a month are of that month" if origin else
               "; 'from'/'since' runs to the anchor" if prep in ("from", "since") else ""))
    return "relative", d0, d1, rule


def _past_n(kind: str, m: re.Match[str], g: tuple, a: dt.date) -> _Resolved:
    """"the past three weeks": that many days up to the anchor."""
    n, unit = _num(g[0]), g[1].lower()
    days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * n
    return "relative", a - dt.timedelta(days=days), a, f"{n} {unit}(s) up to the anchor {a}"


def _past_vague(kind: str, m: re.Match[str], g: tuple, a: dt.date) -> _Resolved:
    """"in recent weeks": a fixed number of days up to the anchor."""
    unit = g[0].lower()
    days = {"days": 7, "weeks": VAGUE_WEEKS_DAYS, "months": 91}[unit]
    return "relative", a - dt.timedelta(days=days), a, \
        f"vague '{m.group(0).strip()}' taken as the {days} days up to the anchor {a}"


def _period(kind: str, m: re.Match[str], g: tuple, a: dt.date) -> _Resolved:
    """"last week", "this weekend", "next month", "earlier this year", "the past year"."""
    which = "this" if kind == "earlier_this" else g[0].lower()
    unit = g[-1].lower()
    if which == "past" and unit in ("week", "month", "year"):
        days = {"week": 7, "month": 30, "year": 365}[unit]
        return "relative", a - dt.timedelta(days=days), a, \
            f"the past {unit}: the {days} days up to the anchor {a}"
    if unit in ("week", "weekend"):
        return _week(which, unit, a)
    if unit == "month":
        if which == "this":
            return "relative", a.replace(day=1), a, f"the anchor's month up to {a}"
        y, mo = (a.year, a.month - 1) if a.month > 1 else (a.year - 1, 12)
        if which == "next":
            y, mo = (a.year, a.month + 1) if a.month < 12 else (a.year + 1, 1)
        return "relative", _ymd(y, mo, 1), _month_end(y, mo), f"{which} month from the anchor {a}"
    y = a.year + {"this": 0, "past": 0, "last": -1, "next": 1}[which]
    end = a if which in ("this", "past") else _ymd(y, 12, 31)
    return "relative", _ymd(y, 1, 1), end, f"{which} year from the anchor {a}"


def _week(which: str, unit: str, a: dt.date) -> _Resolved:
    """This, last or next (ISO) week or weekend from the anchor."""
    monday = a - dt.timedelta(days=a.weekday())
    if unit == "weekend":
        sat = monday + dt.timedelta(days=5) - (dt.timedelta(days=7) if which == "last" or a.weekday() < 5
                                               else dt.timedelta(0))
        return "relative", sat, sat + dt.timedelta(days=1), f"{which} weekend from the anchor {a}"
    if which == "this":
        return "relative", monday, a, f"Monday of the anchor's week to the anchor {a}"
    if which == "last":
        return "relative", monday - dt.timedelta(days=7), monday - dt.timedelta(days=1), \
            f"the ISO week before the anchor's ({a})"
    return "relative", monday + dt.timedelta(days=7), monday + dt.timedelta(days=13), \
        f"the ISO week after the anchor's ({a})"


def _day_word(kind: str, m: re.Match[str], g: tuple, a: dt.date) -> _Resolved:
    """"yesterday", "today", "tonight", "tomorrow"."""
    off = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[g[0].lower()]
    d = a + dt.timedelta(days=off)
    return "relative", d, d, f"{g[0].lower()} from the anchor {a}"


def _weekday(kind: str, m: re.Match[str], g: tuple, a: dt.date) -> _Resolved:
    """"on Tuesday", "last Tuesday", "next Tuesday": the latest such weekday on or before the
    anchor (before it for "last"), or the next after it."""
    wd = WEEKDAYS[g[0].lower()]
    words = m.group(0).lower().split()[:-1]
    if "next" in words:
        back = -((wd - a.weekday()) % 7 or 7)
        rule = "next such weekday after the anchor"
    else:
        back = (a.weekday() - wd) % 7
        if "last" in words and back == 0:
            back = 7
        rule = "latest such weekday on or before the anchor" + (" (not the anchor itself)"
                                                                if "last" in words else "")
    d = a - dt.timedelta(days=back)
    return "relative", d, d, f"{g[0]}: {rule} {a} ({calendar.day_name[a.weekday()]})"


_RELATIVE = {
    "month_last_year": _month_of_year, "month_day": _month_day, "day_month": _month_day,
    "month_only": _month_only, "past_n": _past_n, "past_vague": _past_vague, "rel_period": _period,
    "earlier_this": _period, "day_word": _day_word, "weekday": _weekday,
}


def _overlaps_taken(taken: list[tuple[int, int]], s: int, e: int) -> bool:
    """True when [s, e) overlaps one of ``taken``: sorted, non-overlapping spans (a bisection)."""
    i = bisect.bisect_left(taken, (s, e))
    return (i > 0 and taken[i - 1][1] > s) or (i < len(taken) and taken[i][0] < e)


def find_dates(text: str, published: dt.date | None = None, *, offset: int = 0) -> list[DateRef]:
    """Find and resolve the date expressions of ``text``.

    Parameters
    ----------
    text : str
        Any English text.
    published : date, optional
        The anchor for relative expressions (the article's publication date).
    offset : int
        Added to every span (when ``text`` is a slice of a larger text).

    Returns
    -------
    list of DateRef
        In text order, without overlaps.

    Examples
    --------
    >>> import datetime as dt
    >>> [(d.text, str(d.date_start)) for d in find_dates("It began on Monday.", dt.date(2023, 7, 27))]
    [('on Monday', '2023-07-24')]
    """
    taken: list[tuple[int, int]] = []
    out: list[DateRef] = []
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            # Leading whitespace of optional prepositions is not part of the expression.
            while s < e and text[s].isspace():
                s += 1
            if _overlaps_taken(taken, s, e):
                continue
            try:
                k, d0, d1, how = _resolve(kind, m, published)
            except (ValueError, KeyError):
                continue
            bisect.insort(taken, (s, e))
            out.append(DateRef(s + offset, e + offset, text[s:e], k, d0, d1,
                               published if k not in ("absolute", "year", "year_range", "decade") else None,
                               how))
    return sorted(out, key=lambda r: r.start)


#: How far ahead of the latest year an undated article names a weekday may pin its day's year.
PIN_YEARS = 12


def pinned_days(text: str, dates: list[DateRef]) -> list[dt.date]:
    """Days an undated text pins by giving a weekday with a day and month ("Monday, August 12",
    "on Monday, Aug. 16"): that day falls on that weekday in only some years, and the first such
    year from the latest year the text names (news is written after the years it reports) is
    taken. None pinned when the text names no year to start from, or none fits within
    :data:`PIN_YEARS`.

    >>> refs = find_dates("Launched in 2014. On Monday, Aug. 16, crowds filled the runway.")
    >>> [str(d) for d in pinned_days("Launched in 2014. On Monday, Aug. 16, crowds filled the runway.", refs)]
    ['2021-08-16']
    """
    years = [d.date_end.year for d in dates if d.kind in ("absolute", "year", "year_range")
             and d.date_end is not None]
    if not years:
        return []
    first = max(years)
    out = []
    for a, b in itertools.pairwise(dates):
        pair = (a, b) if a.kind == "relative" and _WEEKDAY_ONLY.fullmatch(a.text) else (b, a)
        wd, day = pair
        if not _WEEKDAY_ONLY.fullmatch(wd.text) or not re.fullmatch(r"[\s,]*", text[a.end:b.start]):
            continue
        m = _MONTH_DAY.fullmatch(day.text)
        if m is None:
            continue
        mon = m.group("m1") or m.group("m2")
        mo, dd = MONTHS[mon.lower().rstrip(".")], int(m.group("d1") or m.group("d2"))
        want = WEEKDAYS[_WEEKDAY_ONLY.fullmatch(wd.text).group(1).lower()]  # type: ignore[union-attr]
        for y in range(first, min(first + PIN_YEARS, dt.MAXYEAR) + 1):
            try:
                d = dt.date(y, mo, dd)
            except ValueError:
                continue
            if d.weekday() == want:
                out.append(d)
                break
    return out


#: A notional anchor for ordering the dates of a text that gives no year: every day and month
#: falls in one year, every weekday in one week.
NOTIONAL_ANCHOR = dt.date(2001, 12, 31)


def year_free_family(d: DateRef) -> str | None:
    """How a date with no year can be ordered against another of the same text: ``day`` for a
    day and month ("5 May", "4 and 7 May"), ``weekday`` for a bare weekday ("on Friday", "early
    Wednesday"); None for anything else ("last Friday", "last week", a dated day)."""
    t = d.text
    if re.search(r"\b\d{4}\b", t) or d.kind != "relative":
        return None
    if re.search(rf"\b(?:{_MN})\b", t, re.I) and re.search(r"\d", t):
        return "day"
    if _WEEKDAY_ONLY.fullmatch(t) and not re.search(r"\d", t):
        return "weekday"
    return None


def year_free_order(image: DateRef, event: DateRef) -> str | None:
    """How images dated ``image`` stand to an event dated ``event``, both read against
    :data:`NOTIONAL_ANCHOR` in a text that gives no year: ``after`` (on or after the event's
    first day), ``same day``, ``before``, or None when they cannot be ordered (different kinds,
    different weekdays, or days more than half a year apart, which may straddle a new year)."""
    fam = year_free_family(image)
    if fam is None or fam != year_free_family(event):
        return None
    i0, i1, e0, e1 = image.date_start, image.date_end, event.date_start, event.date_end
    if i0 is None or i1 is None or e0 is None or e1 is None:
        return None
    if fam == "weekday":
        return "same day" if i0 == e0 else None
    if abs((i0 - e0).days) > 183:
        return None
    if i0 == i1 == e0 == e1:
        return "same day"
    return "after" if i0 >= e0 else "before" if i1 < e0 else None


def dateline_date(text: str, dates: list[DateRef]) -> DateRef | None:
    """The date of the article's dateline ("DULLES, Va., Jan. 20 /PRNewswire/ --", "KYIV, March 3
    (Reuters) -"), when it opens a line: the day the article was filed, so its publication date.
    Without a year it is the first such day on or after the latest single day the article gives
    with a year (a report is filed after the days it reports); None when there is no dateline, or
    no year to start from.

    >>> t = "PARIS, Jan. 20 (AFP) - The satellite, launched on Sept. 6, 2008, sent its first image."
    >>> str(dateline_date(t, find_dates(t)).date_start)
    '2009-01-20'
    """
    full = [d.date_start for d in dates
            if d.kind == "absolute" and d.date_start and d.date_start == d.date_end]
    for d in dates:
        line = text.rfind("\n", 0, d.start) + 1
        if d.start - line > 80 or not _DATELINE_HEAD.fullmatch(text[line:d.start]) or \
                not _DATELINE_TAIL.match(text[d.end:d.end + 4]):
            continue
        if d.kind == "absolute" and d.date_start == d.date_end:
            return dataclasses.replace(d, derivation=d.derivation + "; the article's dateline")
        m = _MONTH_DAY.fullmatch(d.text)
        if m is None or not full:
            return None
        mo = MONTHS[(m.group("m1") or m.group("m2")).lower().rstrip(".")]
        dd, base = int(m.group("d1") or m.group("d2")), max(full)
        for y in (base.year, base.year + 1):
            try:
                day = dt.date(y, mo, dd)
            except ValueError:
                return None
            if day >= base:
                return dataclasses.replace(
                    d, kind="relative", date_start=day, date_end=day, anchor=base,
                    derivation=f"the article's dateline '{d.text}': the first such day on or after the "
                               f"latest day it reports ({base})")
        return None
    return None


#: What stands before a dateline's date (place words and commas) and after it (a slash, an agency
#: in brackets, a dash).
_DATELINE_HEAD = re.compile(r"\s*[A-Z][A-Za-z.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z.'’ -]{1,30}){0,3},\s*")
_DATELINE_TAIL = re.compile(r"\s*(?:/|\(|[-–—])")


_WEEKDAY_ONLY = re.compile(rf"(?:(?:on|late|early)\s+)?({_WD})")
_MONTH_DAY = re.compile(rf"(?:(?P<m1>{_MN})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?|"
                        rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MN})\.?)", re.I)


def resolve_expression(expression: str, anchor: dt.date | None) -> DateRef | None:
    """Resolve one expression ("last week") against ``anchor``; None if none is recognised."""
    refs = find_dates(expression, anchor)
    return refs[0] if refs else None


def ordinal(n: int) -> str:
    """English ordinal of an integer: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 71st, 111th."""
    suffix = "th" if 10 <= abs(n) % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(abs(n) % 10, "th")
    return f"{n}{suffix}"


#: Time-zone abbreviations news writing uses, to IANA zones (or fixed offsets).
ZONE_ABBREVIATIONS = {"utc": "UTC", "gmt": "UTC", "z": "UTC", "kst": "Asia/Seoul", "jst": "Asia/Tokyo",
                      "msk": "Europe/Moscow", "irst": "Asia/Tehran", "cet": "Etc/GMT-1", "cest": "Etc/GMT-2",
                      "eet": "Etc/GMT-2", "eest": "Etc/GMT-3", "pst": "Etc/GMT+8", "pdt": "Etc/GMT+7",
                      "est": "Etc/GMT+5", "edt": "Etc/GMT+4"}


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A time of day in a text: a clock time or a part of the day.

    Attributes
    ----------
    start, end, text : int, int, str
        The expression and its span.
    kind : str
        ``clock`` ("at 23:40") or ``part_of_day`` ("at night", "in the morning").
    hour_from, hour_to : float
        The local hours it allows (a clock time is one instant: both equal; a
        night runs past 24, e.g. 21..29 for 21:00 to 05:00).
    zone : str or None
        The zone the text gives ("KST" -> ``Asia/Seoul``), else None (the site's time).
    image : bool
        True when the sentence ties it to the taking of an image ("taken at 22:05",
        "images captured at night"), not to an event the image shows.
    derivation : str
    """

    start: int
    end: int
    text: str
    kind: str
    hour_from: float
    hour_to: float
    zone: str | None
    image: bool
    derivation: str

    def as_dict(self) -> dict:
        """A JSON-ready dict."""
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind,
                "hour_from": self.hour_from, "hour_to": self.hour_to, "zone": self.zone, "image": self.image,
                "derivation": self.derivation}


_ZONE = (r"(?:\s*\(?\s*(?P<zone>UTC|GMT|KST|JST|MSK|IRST|CEST|CET|EEST|EET|PST|PDT|EST|EDT|Z|local time)"
         r"\b\)?)?")
_CLOCK = re.compile(
    r"\b(?:(?:at|around|about|approximately|shortly after|shortly before|just after|just before)\s+)?"
    r"(?P<h>[01]?\d|2[0-3])(?::|\.(?=\d{2}\s*[ap]\.?m))(?P<m>[0-5]\d)(?!\d)\s*(?P<ap>[ap]\.?\s?m\.?(?!\w))?"
    + _ZONE, re.I)
_CLOCK_AP = re.compile(
    r"\b(?:(?:at|around|about)\s+)?(?P<h>1[0-2]|0?[1-9])\s*(?P<ap>[ap]\.?m\.?)(?!\w)" + _ZONE, re.I)
_WEEKDAY_OR_DAY = rf"(?:{_WD}|yesterday|last|that|the same|the previous|the following)"
_PARTS: list[tuple[str, float, float, re.Pattern[str]]] = [
    ("night", 21.0, 29.0, re.compile(
        rf"\b(?:at night|overnight|during the night|in the night|late at night|after dark|after nightfall|"
        rf"at midnight|tonight|(?:late\s+)?{_WEEKDAY_OR_DAY}\s+night|by night|"
        rf"night[- ]?time\s+(?:images?|imagery|photos?|photographs?|pass(?:es)?|shots?|captures?|views?|"
        rf"collects?|acquisitions?))\b", re.I)),
    ("dawn", 4.0, 7.0, re.compile(r"\b(?:at dawn|at daybreak|at sunrise|at first light)\b", re.I)),
    ("morning", 5.0, 12.0, re.compile(rf"\b(?:in the (?:early |late )?morning|(?:early\s+)?"
                                      rf"{_WEEKDAY_OR_DAY}\s+morning|this morning)\b", re.I)),
    ("midday", 11.0, 13.0, re.compile(r"\b(?:at (?:noon|midday)|around (?:noon|midday))\b", re.I)),
    ("afternoon", 12.0, 18.0, re.compile(rf"\b(?:in the (?:early |late )?afternoon|{_WEEKDAY_OR_DAY}\s+"
                                         rf"afternoon|this afternoon)\b", re.I)),
    ("dusk", 17.0, 21.0, re.compile(r"\b(?:at dusk|at sunset|at nightfall|at twilight)\b", re.I)),
    ("evening", 17.0, 23.0, re.compile(rf"\b(?:in the (?:early |late )?evening|{_WEEKDAY_OR_DAY}\s+evening|"
                                       rf"this evening)\b", re.I)),
]
_IMAGE_CUE = re.compile(
    r"\b(?:taken|captured|acquired|shot|collected|photographed|imaged|recorded|snapped|images?|imagery|"
    r"photos?|pictures?|passes?|overpass)\b", re.I)


def find_times(text: str, *, offset: int = 0) -> list[TimeRef]:
    """Find clock times and parts of the day in ``text``.

    A time is tied to the image (``image=True``) when a capture word ("taken",
    "captured", "images") stands within 60 characters before it in the same clause.

    Examples
    --------
    >>> [(t.text, t.hour_from, t.zone) for t in find_times("an image taken at 22:05 KST")]
    [('at 22:05 KST', 22.083333333333334, 'Asia/Seoul')]
    """
    out: list[TimeRef] = []
    taken: list[tuple[int, int]] = []

    def image_cue(s: int) -> bool:
        before = text[max(0, s - 60):s]
        clause = re.split(r"[;.]|\bwhile\b|\bwhereas\b", before)[-1]
        return bool(_IMAGE_CUE.search(clause))

    for rx in (_CLOCK, _CLOCK_AP):
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            if _overlaps_taken(taken, s, e):
                continue
            h = int(m.group("h"))
            mi = int(m.groupdict().get("m") or 0)
            ap = (m.group("ap") or "").lower().replace(".", "").replace(" ", "")
            if ap == "pm" and h < 12:
                h += 12
            elif ap == "am" and h == 12:
                h = 0
            zone_word = (m.group("zone") or "").lower()
            zone = ZONE_ABBREVIATIONS.get(zone_word) if zone_word and zone_word != "local time" else None
            hour = h + mi / 60
            bisect.insort(taken, (s, e))
            out.append(TimeRef(s + offset, e + offset, text[s:e].strip(), "clock", hour, hour, zone,
                               image_cue(s), f"clock time {h:02d}:{mi:02d}"
                               + (f" in {zone}" if zone else
                                  " (the site's local time unless a zone is given)")))
    for name, h0, h1, rx in _PARTS:
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            if _overlaps_taken(taken, s, e):
                continue
            bisect.insort(taken, (s, e))
            out.append(TimeRef(s + offset, e + offset, m.group(), "part_of_day", h0, h1, None, image_cue(s),
                               f"'{m.group()}': {name}, local hours {h0:g}-{h1 % 24:g}"))
    return sorted(out, key=lambda t: t.start)


# ------------------------------------------------------------------ the article's own timeline

#: Events news dates and imagery is read against: kind -> the words that name one.
EVENT_KINDS: dict[str, str] = {
    "strike": r"(?:air|missile|drone)?[- ]?strikes?|struck|attacks?|attacked|raids?|bombings?|bombed|"
              r"bombardment|explosions?|blasts?|shelling|shelled|shot down|shoot-?down|downing|hit|impacts?",
    "launch": r"launch(?:es|ed)?|test-fired|test(?:ed)?",
    "parade": r"parades?|ceremony|celebrations?|inauguration|rally",
    "breach": r"breach(?:ed)?|collapsed?|floods?|flooding",
    "invasion": r"invasion|invaded|incursion|offensive|withdrawal|withdrew|occupation",
    "fire": r"fires?|blazes?",
    # A capital, a base or a leader taken: "captured the president", "took control of the capital",
    # "the fall of the regime", "the overthrow of the government".
    "takeover": r"captur(?:e|ed|es|ing)|seiz(?:e|ed|es|ing|ure)|t(?:ook|aken)\s+(?:control|over)|"
                r"take-?over|fall\s+of|fell\s+to|overthr(?:ow|ew|own)|ous(?:ted|ter)|toppl(?:e|ed|ing)|coup",
}
_EVENT_RE = re.compile(r"\b(?:" + "|".join(f"(?P<{k}>{v})" for k, v in EVENT_KINDS.items()) + r")\b",
                       re.I)
#: Image words near "captured"/"seized": the imagery's own capture ("images captured on 3 May",
#: "WorldView-3 captured the images"), no event.
_IMAGE_NEAR = re.compile(r"\b(?:images?|imagery|photos?|photographs?|pictures?|frames?|views?|scenes?|shots?|"
                         r"satellites?|camera|sensor|WorldView[\w-]*|Sentinel[\w-]*|SkySat|Pleiades|"
                         r"acquired|collected)\b", re.I)


def _image_capture(text: str, m: re.Match[str]) -> bool:
    """True when an event word is the imagery's own capture: "captured"/"seized" with an image
    word within a few words before or after it."""
    if not m.group().lower().startswith(("captur", "seiz")):
        return False
    before = text[max(0, m.start() - 50):m.start()].split()[-5:]
    after = text[m.end():m.end() + 40].split()[:4]
    return bool(_IMAGE_NEAR.search(" ".join(before + after)))


@dataclass(frozen=True, slots=True)
class Event:
    """A dated event the article names ("the strike on 9 August"), that imagery is read against.

    Attributes
    ----------
    kind : str
        A key of :data:`EVENT_KINDS` (``strike``, ``launch``, ``parade``, ...).
    text : str
        The word naming it; ``start``/``end`` locate it in the text.
    date : DateRef
        The date the sentence gives it (one day, or a few: "the night of 3-4 March").
    """

    kind: str
    text: str
    start: int
    end: int
    date: DateRef

    def as_dict(self) -> dict:
        """JSON-ready."""
        return {"kind": self.kind, "text": self.text, "start": self.start, "end": self.end,
                "date": self.date.as_dict()}


def event_word(words: str) -> tuple[str, str] | None:
    """The first event the words name, as (kind, word): "the airstrike" -> ("strike", "airstrike")."""
    m = next((m for m in _EVENT_RE.finditer(words) if not _image_capture(words, m)), None)
    kind = next((k for k, v in m.groupdict().items() if v), None) if m else None
    return (kind, m.group()) if m and kind else None


def event_kind(words: str) -> str | None:
    """The event kind the words name ("the airstrike" -> ``strike``), or None."""
    got = event_word(words)
    return got[0] if got else None


def find_events(text: str, published: dt.date | None = None, *,
                dates: list[DateRef] | None = None) -> list[Event]:
    """The article's dated events: each sentence naming an event and a date of at most a few days
    (the nearest such date to the event word) gives one event per event word.

    >>> [(e.kind, str(e.date.date_start)) for e in find_events("The strike on 9 August 2022 damaged Saky.")]
    [('strike', '2022-08-09')]
    """
    from .text import sentences

    refs = dates if dates is not None else find_dates(text, published)
    out: list[Event] = []
    starts = [d.start for d in refs]
    for sent in sentences(text):
        lo, hi = bisect.bisect_left(starts, sent.start), bisect.bisect_left(starts, sent.end)
        days = [d for d in refs[lo:hi] if d.date_start and d.date_end
                and (d.date_end - d.date_start).days <= 3]
        if not days:
            continue
        # "six days after the airstrike": the sentence dates the images, not the airstrike; it
        # dates the airstrike by counting back from them.
        anchored = list(_ANCHORED.finditer(sent.text))
        relative = [(a.start("noun"), a.end("noun")) for a in anchored]
        for a in anchored:
            ev = _counted_back(a, sent.start, days)
            if ev is not None:
                out.append(ev)
        for m in _EVENT_RE.finditer(sent.text):
            if any(a <= m.start() < b for a, b in relative) or _image_capture(sent.text, m):
                continue
            kind = next(k for k, v in m.groupdict().items() if v)
            at = sent.start + m.start()
            d = min(days, key=lambda r: abs(r.start - at))
            out.append(Event(kind, m.group(), at, sent.start + m.end(), d))
    return sorted(out, key=lambda e: e.start)


def _counted_back(a: re.Match[str], at: int, days: list[DateRef]) -> Event | None:
    """The event an expression like "six days after the airstrike" dates, counted back (or forward,
    for "before") from the date of a few days the same sentence gives outside it ("on March 4, six
    days after the airstrike": the airstrike on February 26); None without such a date, a count or
    an event word."""
    kind = event_kind(a.group("noun"))
    lo, hi = at + a.start(), at + a.end()
    own = [d for d in days if d.end <= lo or d.start >= hi]
    if kind is None or not own or (a.group(0).lower().startswith(("hours", "days"))):
        return None
    unit = (a.group("unit") or a.group("unit1") or "day").lower()
    if unit not in ("day", "night", "morning", "week"):
        return None  # an hour or a month is too coarse to count back a day from
    n = _num(a.group("n")) if a.group("n") and a.group("n").lower() not in ("a", "an") else 1
    step = dt.timedelta(days=n * (7 if unit == "week" else 1))
    after = a.group("dir").lower() in ("after", "following")
    d = min(own, key=lambda r: min(abs(r.end - lo), abs(r.start - hi)))
    if d.date_start is None or d.date_end is None:
        return None
    if d.start >= hi and _OWN_DATE.fullmatch(a.string[a.end():d.start - at]):
        # "two days after the strike on 9 August": the date is the strike's own.
        return Event(kind, a.group("noun"), at + a.start("noun"), at + a.end("noun"), d)
    try:
        step = -step if after else step
        d0, d1 = d.date_start + step, d.date_end + step
    except OverflowError:
        return None
    words = a.group(0)
    ref = DateRef(lo, hi, words, "relative", d0, d1, d.date_start,
                  f"'{words}' counted back from '{d.text}' ({d.date_start}) in the same sentence")
    return Event(kind, a.group("noun"), at + a.start("noun"), at + a.end("noun"), ref)


#: What may stand between an event's word and its own date: "the strike on 9 August", "the
#: attack of 3 March", "the raid, on Tuesday".
_OWN_DATE = re.compile(r"\s*,?\s*(?:on|of|in)?\s*")

_ANCHORED = re.compile(
    rf"\b(?:(?P<n>{_NUM}|a|an|one)\s+(?P<unit>hour|day|week|month)s?|the\s+(?P<next>next|following|previous)"
    rf"\s+day|the\s+(?P<unit1>day|night|morning|week)|hours|days)\s+(?P<dir>after|before|following|prior\s+to)"
    r"\s+(?:the|that|this|its|their|Russia's|Ukraine's)?\s*(?P<noun>(?:[\w-]+\s+){0,2}?[\w-]+)", re.I)


def find_anchored(text: str, events: list[Event], *, offset: int = 0) -> list[DateRef]:
    """Expressions dated by an event the article dates ("two days after the strike", "the day
    before the attack"), resolved against that event (the latest of its kind named before the
    expression, else the first after it); expressions whose event the article does not date are
    left out.

    >>> import datetime as dt
    >>> ev = find_events("The strike came on 9 August 2022.")
    >>> [(d.text, str(d.date_start)) for d in find_anchored("Images two days after the strike.", ev,
    ...                                                        offset=100)]
    [('two days after the strike', '2022-08-11')]
    """
    out: list[DateRef] = []
    for m in _ANCHORED.finditer(text):
        kind = event_kind(m.group("noun"))
        if kind is None:
            continue
        at = offset + m.start()
        same = [e for e in events if e.kind == kind and e.date.date_start]
        before = [e for e in same if e.start < at]
        ev = before[-1] if before else (same[0] if same else None)
        if ev is None or ev.date.date_start is None or ev.date.date_end is None:
            continue
        unit = (m.group("unit") or m.group("unit1") or "day").lower()
        n = _num(m.group("n")) if m.group("n") and m.group("n").lower() not in ("a", "an") else 1
        if m.group(0).lower().startswith(("hours", "days")):
            n = 3 if m.group(0).lower().startswith("days") else 0
        span = {"hour": 0, "day": 1, "night": 1, "morning": 1, "week": 7, "month": 30}[unit] * n
        after = m.group("dir").lower() in ("after", "following")
        try:
            if unit == "hour" or m.group(0).lower().startswith("hours"):
                # Hours after an event: its day or the next.
                d0, d1 = (ev.date.date_start, ev.date.date_end + dt.timedelta(days=1)) if after else \
                    (ev.date.date_start - dt.timedelta(days=1), ev.date.date_end)
            elif after:
                d0 = d1 = ev.date.date_end + dt.timedelta(days=max(span, 1))
                if m.group(0).lower().startswith("days"):
                    d0 = ev.date.date_end + dt.timedelta(days=1)
            else:
                d0 = d1 = ev.date.date_start - dt.timedelta(days=max(span, 1))
                if m.group(0).lower().startswith("days"):
                    d1 = ev.date.date_start - dt.timedelta(days=1)
        except OverflowError:
            continue
        words = m.group(0)
        out.append(DateRef(at, at + len(words), words, "relative", d0, d1, ev.date.date_start,
                           f"'{words}': anchored on the {ev.kind} the article dates "
                           f"('{ev.text}', {ev.date.text} -> {ev.date.date_start}"
                           + (f"..{ev.date.date_end}" if ev.date.date_end != ev.date.date_start else "")
                           + ")"))
    return out


_DEICTIC = re.compile(
    rf"\b(?:(?P<n>{_NUM}|a|an|one)\s+(?P<unit>day|week)s?\s+(?P<later>later|earlier|afterwards?)"
    r"|(?P<same>that|the same)\s+(?P<part>night|day|morning|evening|afternoon)"
    r"|the\s+(?P<dir>next|following|previous|preceding)\s+(?:day|morning|night|evening)"
    r"|the\s+(?:day|night)\s+(?P<before>before)(?!\s+(?:the|a|an|that|this|its)\b))\b", re.I)


def find_deictic(text: str, dates: list[DateRef], *, offset: int = 0) -> list[DateRef]:
    """"That night", "the same day", "the next day", "the day before", "three days later", "a week
    earlier": the day of the last date of a few days at most named before the expression in the
    article (``dates``: the article's, in text order), or the day that many days after or before it.

    >>> import datetime as dt
    >>> refs = find_dates("No water was seen on 1 October 2021, but it was detected again the next day.")
    >>> [(d.text, str(d.date_start)) for d in find_deictic(
    ...     "No water was seen on 1 October 2021, but it was detected again the next day.", refs)]
    [('the next day', '2021-10-02')]
    """
    out: list[DateRef] = []
    starts = [d.start for d in dates]
    for m in _DEICTIC.finditer(text):
        at = offset + m.start()
        i = bisect.bisect_left(starts, at)
        prior = [d for d in dates[:i] if d.end <= at and d.date_start and d.date_end
                 and (d.date_end - d.date_start).days <= 3]
        if not prior:
            continue
        ref = prior[-1]
        assert ref.date_start is not None and ref.date_end is not None
        step = (1 if (m.group("dir") or "").lower() in ("next", "following") else
                -1 if m.group("dir") or m.group("before") else 0)
        if m.group("later"):
            # "Three days later", "a week earlier": counted from the date named before ("a few days
            # later" gives no count to date by).
            if m.group("n").lower() in ("few", "several"):
                continue
            n = 1 if m.group("n").lower() in ("a", "an") else _num(m.group("n"))
            n *= 7 if m.group("unit").lower() == "week" else 1
            step = -n if m.group("later").lower() == "earlier" else n
        try:
            base = ref.date_end if step > 0 else ref.date_start
            d0 = base + dt.timedelta(days=step)
            d1 = d0 if step else ref.date_end
        except OverflowError:
            continue
        words = m.group(0)
        out.append(DateRef(at, at + len(words), words, "relative", d0, d1, ref.date_start,
                           f"'{words}': anchored on the date named before it ('{ref.text}' -> "
                           f"{ref.date_start})"))
    return out
