"""Coordinates written in the text: places the article states, with how precisely.

OSINT articles print where things are: "at 13.5N 25.3E", "36°12'34"N 44°01'10"E",
"(39.0195, 125.7525)", a military grid reference "38SMB4484". Each becomes a place whose source
is the text itself, with a precision worked out from what was written (the last decimal, the
seconds, the grid's digits). Forms read:

- degrees, minutes, seconds with hemispheres: ``36°12'34.5"N 44°1'10"E`` (the symbols ° ' ″ ’ and
  spaces vary; minutes and seconds may be missing);
- decimal degrees with hemispheres: ``13.5N 25.3E``, ``13.5° N, 25.3° E``, ``N13.5 E25.3``;
- signed decimal degrees in parentheses or after a cue ("coordinates", "located at", "lat"):
  ``(39.0195, 125.7525)``, ``lat: 48.6796, long: 38.0947``, with at least three decimals each
  (fewer reads as any two numbers); or bare, as a map copies them, ``22.65276909, 95.41811371``,
  with at least four decimals each and a comma between (no third number after them);
- degrees and minutes as sea reports write them (UKMTO, NAVAREA warnings): ``14:50N 041:55E``,
  ``12:09.4N 044:16.1E``, ``14-50N 041-55E``, or packed, ``1450N 04155E`` (two digits of latitude's
  degrees and three of longitude's, then the minutes);
- MGRS (through the ``mgrs`` package, MIT): zone, band, 100 km square, an even number of digits.

A pair out of range, or whose hemispheres do not make one latitude and one longitude, is not
read. Nothing here guesses: a lone number is never a coordinate.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from ..model import Entry, Mention, Place

#: The source name of a place the text states.
SOURCE = "text"

_DEG = r"(?:°|º|˚|\s?deg(?:rees?)?\.?)"
_MIN = r"(?:'|′|’|‘|\s?min\.?)"
_SEC = r"(?:\"|″|”|''|′′|’’|\s?sec\.?)"


def _dms_part(p: str) -> str:
    """One degrees-minutes-seconds value and its hemisphere, its groups named with prefix ``p``."""
    return (rf"(?P<{p}d>\d{{1,3}}(?:\.\d+)?)\s?{_DEG}\s?"
            rf"(?:(?P<{p}m>\d{{1,2}}(?:\.\d+)?)\s?{_MIN}\s?)?"
            rf"(?:(?P<{p}s>\d{{1,2}}(?:\.\d+)?)\s?{_SEC}\s?)?"
            rf"(?P<{p}h>[NSEW])\b")


_DMS = _dms_part("a") + r"\s?[,;/]?\s?" + _dms_part("b")
_DEC_HEMI = (
    r"(?<![\w.])(?P<ad>\d{1,3}\.\d+)\s?°?\s?(?P<ah>[NSEW])\b\s?[,;/]?\s?"
    r"(?P<bd>\d{1,3}\.\d+)\s?°?\s?(?P<bh>[NSEW])\b"
    r"|(?<![\w.])(?P<ah2>[NSEW])\s?(?P<ad2>\d{1,3}\.\d+)°?\s?[,;/]?\s?(?P<bh2>[NSEW])\s?(?P<bd2>\d{1,3}\.\d+)°?(?![\w.])")
_SIGNED = (
    r"(?:\(|\b(?:coordinates?|located at|position|lat(?:itude)?|geolocat\w*)\b[^0-9\-\n]{0,20})"
    r"\s?(?P<a>-?\d{1,2}\.\d{3,})\s?°?\s?[,;/ ]\s?(?:(?:lon|lng)(?:g(?:itude)?)?\s?[:=]?\s?)?"
    r"(?P<b>-?\d{1,3}\.\d{3,})°?"
    # ... or bare, as a map copies them ("22.65276909, 95.41811371"): four decimals or more each
    r"|(?<![\w.,-])(?P<a2>-?\d{1,2}\.\d{4,}),\s?(?P<b2>-?\d{1,3}\.\d{4,})(?!\w|\.\d|,\s?-?\d)")
#: Degrees and minutes as sea reports write them: "14:50N 041:55E", "14-50N 041-55E", and packed,
#: "1450N 04155E" (latitude first, its degrees in two digits, longitude's in three).
_DM_SEA = (
    r"(?<![\w.:-])(?P<ad>\d{1,2})[:-](?P<am>\d{2}(?:\.\d+)?)\s?(?P<ah>[NS])\s?[,;/]?\s?"
    r"(?P<bd>\d{1,3})[:-](?P<bm>\d{2}(?:\.\d+)?)\s?(?P<bh>[EW])\b"
    r"|(?<![\w.:-])(?P<ad2>\d{2})(?P<am2>\d{2}(?:\.\d+)?)(?P<ah2>[NS])\s?[,;/]?\s?"
    r"(?P<bd2>\d{3})(?P<bm2>\d{2}(?:\.\d+)?)(?P<bh2>[EW])\b")
#: A figure and a comma right before a bare pair: it is a list of figures.
_AFTER_FIGURE = re.compile(r"\d,\s?$")
_MGRS = (r"(?<![\w-])(?P<zone>\d{1,2})(?P<band>[C-HJ-NP-X])\s?(?P<sq>[A-HJ-NP-Z]{2})\s?"
         r"(?P<digits>\d{1,5}\s\d{1,5}|\d{2,10})(?![\w-])")


@functools.cache
def _forms() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The patterns of the forms (:data:`_DMS`, :data:`_DEC_HEMI`, :data:`_SIGNED`, :data:`_DM_SEA`,
    :data:`_MGRS`), compiled when a text first passes the screen (:func:`_may_hold_coordinates`):
    few texts do (8 of GeoWebNews's 200), and compiling them took a third of the regular
    expressions' share of a one-article run's start-up (9 of 31 ms)."""
    return (re.compile(_DMS), re.compile(_DEC_HEMI), re.compile(_SIGNED, re.I), re.compile(_DM_SEA),
            re.compile(_MGRS))


#: Whatever every form needs somewhere: a degree sign, a number beside a hemisphere letter, a
#: number with three decimals, or a grid zone and square. A text with none of these (most) is
#: passed over with one scan. It opens with one character class, which the regex engine skips
#: to in C; the lookbehinds then say which of the two forms the character opened.
_ANY = re.compile(r"[\dNSEW](?:(?<=\d)(?:\.\d{3}|\s?[NSEW]\b|[C-HJ-NP-X]\s?[A-HJ-NP-Z]{2}\s?\d)"
                  r"|(?<=[NSEW])\s?\d)")


def _may_hold_coordinates(text: str) -> bool:
    return "°" in text or "º" in text or "˚" in text or _ANY.search(text) is not None


@dataclass(frozen=True, slots=True)
class StatedPoint:
    """A point the text states: where it is written, what it says, how precisely.

    Attributes
    ----------
    start, end : int
        The span of the coordinates in the text.
    lat, lon : float
        WGS84 decimal degrees.
    form : str
        ``dms``, ``dm`` (sea reports' degrees and minutes), ``decimal``, ``signed`` or ``mgrs``.
    precision_m : float
        About how far the true point may lie from this one, from the digits written.
    """

    start: int
    end: int
    text: str
    lat: float
    lon: float
    form: str
    precision_m: float


def _decimals(s: str) -> int:
    return len(s.split(".")[1]) if "." in s else 0


def _dms(d: str, m: str | None, s: str | None) -> tuple[float, float]:
    """Degrees from degree-minute-second strings, and the precision (in degrees) they carry."""
    value = float(d) + float(m or 0) / 60 + float(s or 0) / 3600
    if s:
        prec = 10 ** -_decimals(s) / 3600
    elif m:
        prec = 10 ** -_decimals(m) / 60
    else:
        prec = 10 ** -_decimals(d)
    return value, prec


def _pair(a: float, ah: str, b: float, bh: str) -> tuple[float, float] | None:
    """(lat, lon) from two values and their hemispheres, or None when they make no point."""
    if ah in "NS" and bh in "EW":
        lat, lon = (a if ah == "N" else -a), (b if bh == "E" else -b)
    elif ah in "EW" and bh in "NS":
        lat, lon = (b if bh == "N" else -b), (a if ah == "E" else -a)
    else:
        return None
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def _metres(deg: float) -> float:
    return max(1.0, deg * 111_320.0)


@functools.cache
def _mgrs():
    import mgrs

    return mgrs.MGRS()


def find_coordinates(text: str) -> list[StatedPoint]:
    """Every coordinate pair written in ``text``, in text order (see the module description).

    Examples
    --------
    >>> [(p.form, round(p.lat, 3), round(p.lon, 3)) for p in find_coordinates("seen at 13.5N 25.3E")]
    [('decimal', 13.5, 25.3)]
    """
    found: list[StatedPoint] = []
    if not _may_hold_coordinates(text):
        return found
    dms, dec_hemi, signed, dm_sea, grid = _forms()
    for m in dms.finditer(text):
        (a, pa), (b, pb) = _dms(m["ad"], m["am"], m["as"]), _dms(m["bd"], m["bm"], m["bs"])
        point = _pair(a, m["ah"], b, m["bh"])
        if point:
            found.append(StatedPoint(m.start(), m.end(), m.group(0), *point, "dms", _metres(max(pa, pb))))
    for m in dec_hemi.finditer(text):
        ad, ah, bd, bh = ((m["ad"], m["ah"], m["bd"], m["bh"]) if m["ad"] else
                          (m["ad2"], m["ah2"], m["bd2"], m["bh2"]))
        point = _pair(float(ad), ah, float(bd), bh)
        if point:
            prec = 10 ** -min(_decimals(ad), _decimals(bd))
            found.append(StatedPoint(m.start(), m.end(), m.group(0), *point, "decimal", _metres(prec)))
    for m in dm_sea.finditer(text):
        k = "" if m["ad"] else "2"
        am, bm = m["am" + k], m["bm" + k]
        if float(am) >= 60 or float(bm) >= 60:
            continue
        (a, pa), (b, pb) = _dms(m["ad" + k], am, None), _dms(m["bd" + k], bm, None)
        point = _pair(a, m["ah" + k], b, m["bh" + k])
        if point:
            found.append(StatedPoint(m.start(), m.end(), m.group(0), *point, "dm", _metres(max(pa, pb))))
    for m in signed.finditer(text):
        ga, gb = ("a", "b") if m["a"] else ("a2", "b2")
        if ga == "a2" and ((m[ga].endswith("00") and m[gb].endswith("00"))
                          or _AFTER_FIGURE.search(text, max(0, m.start(ga) - 3), m.start(ga))):
            continue  # "12.5000, 13.2500", "1.2345, 2.3456, 3.4567": figures, not a map's copy
        lat, lon = float(m[ga]), float(m[gb])
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            prec = 10 ** -min(_decimals(m[ga]), _decimals(m[gb]))
            found.append(StatedPoint(m.start(ga), m.end(gb), text[m.start(ga):m.end(gb)], lat, lon,
                                     "signed", _metres(prec)))
    for m in grid.finditer(text):
        found.extend(_mgrs_point(m))
    return _without_overlaps(found)


def _mgrs_point(m: re.Match[str]) -> list[StatedPoint]:
    digits = m["digits"]
    if " " in digits:
        e, n = digits.split(" ")
    else:
        half = len(digits) // 2
        e, n = digits[:half], digits[half:]
    if len(e) != len(n) or not 1 <= int(m["zone"]) <= 60:
        return []
    ref = f"{int(m['zone']):02d}{m['band']}{m['sq']}{e}{n}"
    try:
        lat, lon = _mgrs().toLatLon(ref)
    except Exception:  # the library refuses a square that does not exist in that zone
        return []
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return []
    return [StatedPoint(m.start(), m.end(), m.group(0), float(lat), float(lon), "mgrs",
                        10.0 ** (5 - len(e)))]


def _without_overlaps(points: list[StatedPoint]) -> list[StatedPoint]:
    out: list[StatedPoint] = []
    for p in sorted(points, key=lambda p: (p.start, -(p.end - p.start))):
        if not out or p.start >= out[-1].end:
            out.append(p)
    return out


def stated_places(text: str) -> list[Place]:
    """The text's coordinates as places (source ``text``, feature ``coordinates``), in text order."""
    out = []
    for p in find_coordinates(text):
        mention = Mention(p.start, p.end, p.text, p.text.lower(), "coordinates", ())
        precision = f"{p.precision_m:,.0f} m" if p.precision_m < 1000 else f"{p.precision_m / 1000:,.1f} km"
        entry = Entry(-1, f"{p.lat:.5f}, {p.lon:.5f}", round(p.lat, 6), round(p.lon, 6), "coordinates",
                      "", "", 0, SOURCE, p.form, "")
        out.append(Place(mention, entry, 1.0, (),
                         f"coordinates stated in the text ({p.form}; precise to about {precision})"))
    return out


def with_stated(places: list[Place], text: str) -> list[Place]:
    """``places`` with the coordinates the text states added, in text order; a mention inside
    written coordinates (the "N" of "13.5N") is no place of its own."""
    stated = stated_places(text)
    if not stated:
        return places
    spans = [(p.mention.start, p.mention.end) for p in stated]
    kept = [p for p in places if not any(a < p.mention.end and p.mention.start < b for a, b in spans)]
    return sorted([*kept, *stated], key=lambda p: (p.mention.start, p.mention.end))
