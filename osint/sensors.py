"""Imagery providers and what they fly: the cited table ``data/sensors.csv``.

One row per constellation (Maxar's WorldView-3, Planet's PlanetScope and SkySat,
Airbus's Pléiades and TerraSAR-X/PAZ, ...): sensor kind (``optical``, ``sar``,
``video``), best ground sample distance, colour, night capability (``yes`` for
radar, ``lit`` for optical systems that have imaged lit scenes at night, ``no``),
orbit, typical overpass local solar time, NORAD ids and CelesTrak name queries,
each with its source. A value no source gave is empty, and the row's note says so.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass

from . import objects, satellites
from .paths import data_file

#: Kinds of sensor a row may name.
KINDS = ("optical", "sar", "video")


@dataclass(frozen=True, slots=True)
class Sensor:
    """One constellation of a provider (a row of ``data/sensors.csv``)."""

    provider: str
    provider_aliases: tuple[str, ...]
    constellation: str
    constellation_aliases: tuple[str, ...]
    kind: str
    gsd_m: float | None
    colour: bool
    night: str
    orbit: str
    overpass_local: tuple[str, ...]
    revisit_days: float | None
    norad_ids: tuple[int, ...]
    celestrak_names: tuple[str, ...]
    source_url: str
    note: str

    @property
    def imaging(self) -> str:
        """``sar`` or ``optical`` (video is optical)."""
        return "sar" if self.kind == "sar" else "optical"

    def overpass_hours(self) -> list[tuple[float, float]]:
        """Overpass local solar times as (from, to) hours; a single time is a one-hour band."""
        out = []
        for t in self.overpass_local:
            a, _, b = t.partition("-")
            h0 = _hours(a)
            h1 = _hours(b) if b else h0
            if b == "":
                h0, h1 = h0 - 0.5, h0 + 0.5
            out.append((h0, h1))
        return out


def _hours(hhmm: str) -> float:
    h, _, m = hhmm.strip().partition(":")
    return int(h) + int(m or 0) / 60


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(x.strip() for x in (value or "").split("|") if x.strip())


@functools.lru_cache(maxsize=1)
def load_sensors() -> tuple[Sensor, ...]:
    """The shipped provider and sensor table, one :class:`Sensor` per row."""
    out = []
    with data_file("sensors.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.append(
                Sensor(
                    row["provider"],
                    _split(row["provider_aliases"]),
                    row["constellation"],
                    _split(row["constellation_aliases"]),
                    row["kind"],
                    float(row["gsd_m"]) if row["gsd_m"] else None,
                    row["colour"] == "yes",
                    row["night"] or "no",
                    row["orbit"],
                    _split(row["overpass_local"]),
                    float(row["revisit_days"]) if row["revisit_days"] else None,
                    tuple(int(x) for x in _split(row["norad_ids"])),
                    _split(row["celestrak_names"]),
                    row["source_url"],
                    row["note"],
                )
            )
    return tuple(out)


def providers() -> list[str]:
    """Provider names, in table order."""
    return list(dict.fromkeys(s.provider for s in load_sensors()))


def sensors_of(provider: str, constellation: str | None = None) -> list[Sensor]:
    """The rows of a provider (only the named constellation's, when one is given)."""
    rows = [s for s in load_sensors() if s.provider == provider]
    if constellation:
        named = [s for s in rows if s.constellation == constellation]
        return named or rows
    return rows


def kinds_of(provider: str, constellation: str | None = None) -> set[str]:
    """``sar`` / ``optical`` the provider (or constellation) flies; for one this table does not
    list (COSMO-SkyMed, Gaofen, RADARSAT), what ``data/satellites.csv`` says its satellites carry."""
    got = {s.imaging for s in sensors_of(provider, constellation)}
    if got:
        return got
    rows = ((satellites.of_constellation(constellation) if constellation else ())
            or satellites.of_provider(provider))
    return {s.imaging for s in rows}


def finest(provider: str, constellation: str | None = None, imaging: str | None = None) -> Sensor | None:
    """The row with the smallest pixel, optionally of one kind (``sar`` or ``optical``)."""
    rows = [
        s
        for s in sensors_of(provider, constellation)
        if s.gsd_m is not None and (imaging is None or imaging == "unknown" or s.imaging == imaging)
    ]
    return min(rows, key=lambda s: s.gsd_m or 0.0) if rows else None


def _alias_re(names: tuple[str, ...]) -> str:
    alts = sorted({re.escape(n).replace(r"\ ", r"[\s-]") for n in names}, key=len, reverse=True)
    return r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w])"


def _screens(names: tuple[str, ...]) -> tuple[str, ...]:
    """The longest word of each of ``names`` (each alternative of :func:`_alias_re` holds its
    name's words as written): a text holding none of them holds none of the names."""
    return tuple(dict.fromkeys(max(n.split(" "), key=len) for n in names))


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern[str], str, str | None, tuple[str, ...]], ...]:
    """(pattern, provider, constellation or None, the names' :func:`_screens`), constellation
    names first (they are more specific)."""
    pats: list[tuple[re.Pattern[str], str, str | None, tuple[str, ...]]] = []
    rows = load_sensors()
    for s in rows:
        if s.constellation_aliases:
            pats.append((re.compile(_alias_re(s.constellation_aliases)), s.provider, s.constellation,
                         _screens(s.constellation_aliases)))
    seen = set()
    for s in rows:
        if s.provider in seen:
            continue
        seen.add(s.provider)
        names = (s.provider, *s.provider_aliases)
        pats.append((re.compile(_alias_re(names)), s.provider, None, _screens(names)))
    # Longer matches first so "Pleiades Neo" wins over "Pleiades", "SkySat video" over "SkySat".
    return tuple(pats)


@dataclass(frozen=True, slots=True)
class ProviderMention:
    """A provider or constellation named in a text."""

    provider: str
    constellation: str | None
    text: str
    start: int
    end: int


def provider_mentions(text: str) -> list[ProviderMention]:
    """Every provider, constellation or satellite name in ``text`` (longest match first, no
    overlaps). Satellites are those of ``data/satellites.csv`` ("WorldView-4", "Sentinel-1B",
    "COSMO-SkyMed"), credited to the provider the press names."""
    # A pattern opens with a look-behind, tried at every character of the text: a substring
    # test of its names' longest words first spares the scans of the names the text lacks.
    every = [ProviderMention(prov, cons, m.group(), m.start(), m.end())
             for rx, prov, cons, words in _patterns() if any(w in text for w in words)
             for m in rx.finditer(text)]
    ours = len(every)
    every += _satellite_mentions(text)
    every += _close_mentions(text, every)
    # Longest first ("Pleiades Neo" over "Pleiades"), a constellation over its provider at equal
    # length, this table's names over the satellite table's.
    order = {id(f): i for i, f in enumerate(every)}
    every.sort(key=lambda f: (-(f.end - f.start), f.constellation is None, order[id(f)] >= ours, f.start))
    found: list[ProviderMention] = []
    for f in every:
        if not any(f.start < g.end and g.start < f.end for g in found):
            found.append(f)
    return sorted(found, key=lambda f: f.start)


#: The shortest constellation name also read misspelt by one letter ("Peiades" for Pleiades): a
#: shorter name is too close to ordinary words.
CLOSE_MIN = 6

_CAPITALISED = re.compile(r"(?<![\w-])[A-Z][a-zé]{4,}(?![\w-])")


@functools.lru_cache(maxsize=1)
def _close_names() -> dict[str, tuple[str, str]]:
    """Single-word constellation names of ``data/sensors.csv`` (lower case, no digit, at least
    :data:`CLOSE_MIN` letters) -> (provider, constellation)."""
    out: dict[str, tuple[str, str]] = {}
    for s in load_sensors():
        for n in s.constellation_aliases:
            if re.fullmatch(r"[^\W\d_]+", n) and len(n) >= CLOSE_MIN:
                out.setdefault(n.lower(), (s.provider, s.constellation))
    return out


def one_edit_apart(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by exactly one letter dropped, added, changed or two
    neighbours swapped ("Peiades"/"Pleiades", "Sentinal"/"Sentinel", "Plaeides"/"Pleiades")."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[i:] == long_[i + 1:]


def _close_mentions(text: str, found: list[ProviderMention]) -> list[ProviderMention]:
    """Capitalised words one letter from a constellation's name, where no name was read: the
    press misspells them ("a Peiades satellite"). The same first letter is required: a typo
    rarely starts a word."""
    names = _close_names()
    out = []
    for m in _CAPITALISED.finditer(text):
        if any(m.start() < f.end and f.start < m.end() for f in found):
            continue
        w = m.group().lower()
        hits = {names[n] for n in names if n[0] == w[0] and len(w) >= CLOSE_MIN - 1 and one_edit_apart(w, n)}
        if len(hits) == 1:
            prov, cons = hits.pop()
            out.append(ProviderMention(prov, cons, m.group(), m.start(), m.end()))
    return out


def _satellite_mentions(text: str) -> list[ProviderMention]:
    """Satellite names of ``data/satellites.csv`` in ``text``, as provider mentions: the provider
    the press names and the constellation (this table's when it has one of that name)."""
    sats = {s.id: s for s in satellites.load_satellites()}
    ours = {c.lower(): c for s in load_sensors() for c in (s.constellation,)}
    out = []
    for m in satellites.satellite_mentions(text):
        rows = [sats[i] for i in m.ids]
        provs = {r.provider for r in rows}
        if len(provs) != 1:
            continue
        cons = {r.constellation for r in rows}
        names = {r.name.lower() for r in rows}
        # This table's constellation when it has it ("Pleiades Neo" for "Pleiades Neo 3"), else the
        # one satellite named ("Gaofen-3": its sensor, not its family's), else the family.
        con = ours.get(m.text.lower()) or next((ours[n] for n in names if n in ours), None) \
            or next((ours[c.lower()] for c in cons if c.lower() in ours), None) \
            or (rows[0].name if len(rows) == 1 else next(iter(cons)) if len(cons) == 1 else None)
        out.append(ProviderMention(provs.pop(), con, m.text, m.start, m.end))
    return out


#: Radar said of the image: "radar images", "SAR imagery", "radar satellites", "synthetic aperture
#: radar", "captured by Capella's radar", "uses radar". A radar seen in the image ("an air-defence
#: radar", "the radar station") is an object, never the sensor: it names no imaging word.
_RADAR = r"(?:[Rr]adar|RADAR|SAR)"
_IMAGING = (r"(?:satellites?|images?|imagery|data|scenes?|pictures?|photos?|photographs?|sensors?|"
            r"constellation|captures?|observations?|mosaics?|acquisitions?|scans?|imaging|imaged|"
            r"collects?|analysis|shots?)")
RADAR_SAID = re.compile(
    r"\b[Ss]ynthetic[- ][Aa]perture(?:[- ][Rr]adar)?\b"
    rf"|(?<![\w-]){_RADAR}[- ](?:(?:satellite|high-resolution|spotlight|X-band|C-band)[- ])?{_IMAGING}\b"
    rf"|\b(?:imaged|captured|taken|seen|observed|obtained|collected|acquired|recorded|scanned|shot)\s+"
    rf"(?:\w+\s+){{0,2}}?(?:by|with|using|via|from)\s+(?:\w+(?:'s)?\s+){{0,3}}?{_RADAR}\b"
    r"(?![- ](?:station|site|systems?|dish|installation|array|unit|battery|complex|base|tower))"
    rf"|\b(?:uses?|using|used|relies on|equipped with)\s+(?:\w+\s+)?{_RADAR}\b"
    r"(?![- ](?:station|site|systems?))"
    rf"|\b{_RADAR}[- ]based\b")

#: Words that say the image was taken through cloud: only radar does that.
THROUGH_CLOUD = re.compile(
    r"\bthrough (?:the |thick |heavy |dense |persistent |low )?(?:clouds?|cloud cover|overcast)\b"
    r"|\bcloud[- ]penetrating\b|\bregardless of (?:the )?(?:weather|cloud\w*)\b"
    r"|\bdespite (?:the )?(?:thick |heavy |dense )?cloud(?: cover)?\b|\ball[- ]weather\b", re.I)

#: Optical said of the image: "optical", "true colour", "in colour", "multispectral", "photographs".
OPTICAL_SAID = re.compile(
    r"\b(?:electro-optical|optical|multispectral|true[- ]colou?r|natural[- ]colou?r|visible[- ]light|"
    r"in (?:full |natural |true )?colou?r|colou?r (?:images?|imagery|photos?|photographs?|pictures?)|"
    r"panchromatic|photographs?|"
    # Black-and-white pictures: a camera's; radar images are grey too, so the words are loose
    # (radar named beside them wins).
    r"(?:black[- ]and[- ]white|monochrome)(?=\s+(?:\w+\s+)?(?:images?|imagery|photos?|photographs?|pictures?|"
    r"shots?|frames?)\b))\b", re.I)

_VIDEO_SAID = re.compile(r"\b(?:video|footage)\b", re.I)


def infer_sensor(sentence: str, provider: str, constellation: str | None) -> tuple[str, str]:
    """(``sar``, ``optical`` or ``unknown``, why) from what a sentence says about its image.

    Only the words about the image count: radar or SAR named with an imaging word ("radar
    images", "SAR satellites", "captured by radar"), "through the cloud", optical words ("in
    colour", "true colour", "optical", "photographs"); then what the satellites, constellation or
    provider named fly (``data/satellites.csv``, ``data/sensors.csv``); then a colour the image
    is said to show ("red banners": how the image looks). Never the objects the image shows: an
    air-defence radar in the image is an object, not the sensor.

    Parameters
    ----------
    sentence : str
        The imagery sentence.
    provider, constellation : str
        As read from the sentence (:func:`provider_mentions`); ``unknown``/``commercial`` for none.

    Returns
    -------
    tuple of str
    """
    named = provider not in ("unknown", "commercial", "")
    kinds = kinds_of(provider, constellation) if named else set()
    sats = satellites.satellite_mentions(sentence)
    sat_kinds = {satellites_by_id()[i].imaging for m in sats for i in m.ids}
    if len(sat_kinds) == 1:
        kinds = sat_kinds
    who = constellation or provider
    radar = RADAR_SAID.search(sentence)
    cloud = THROUGH_CLOUD.search(sentence)
    opt = OPTICAL_SAID.search(sentence)
    loose = opt is not None and opt.group().lower().startswith(("photo", "black", "monochrome"))
    if radar or cloud:
        said = (f"radar named: '{radar.group()}'" if radar is not None else
                f"radar named: '{cloud.group() if cloud else ''}' (only radar images through cloud)")
        if opt and not loose:
            return "unknown", f"both radar ({said}) and optical ('{opt.group()}') named"
        return "sar", said
    if opt:
        if loose and kinds == {"sar"}:
            # News copy calls radar images "photos"; the provider flies radar only.
            return "sar", f"'{opt.group()}' is loose wording: {who} flies radar only (data/satellites.csv)"
        return "optical", f"optical imagery named: '{opt.group()}'"
    if (named or sat_kinds) and len(kinds) == 1:
        kind = next(iter(kinds))
        return kind, f"{who} flies {kind} satellites only (data/satellites.csv, data/sensors.csv)"
    colour = next((o for o in objects.find_objects(sentence)
                   if o.object == "colour" and o.observed and not o.negated), None)
    if colour is not None:
        # A colour is how the image looks, not a thing in it: only an optical image has one.
        return "optical", f"a colour seen ('{colour.text}'): only an optical image shows colour"
    if kinds:
        return "unknown", (f"{who} flies both optical and radar satellites (data/satellites.csv); the "
                           f"sentence does not say which")
    if vid := _VIDEO_SAID.search(sentence):
        return "optical", f"video named: '{vid.group()}'"
    return "unknown", "the sensor is not named"


@functools.lru_cache(maxsize=1)
def satellites_by_id() -> dict[str, satellites.Satellite]:
    """The satellite table by id."""
    return {s.id: s for s in satellites.load_satellites()}


#: Aircraft, missile and vehicle designations ("Tu-95", "Il-76", "Su-34", "S-400", "Hwasong-17",
#: "F-16", "KN-23", "MiG-31K"): never places.
DESIGNATION = re.compile(r"(?<![\w-])[A-Z][A-Za-z]{0,9}-\d{1,4}[A-Z]{0,3}(?:[A-Z]?\d)?(?![\w-])")


def non_site_spans(text: str) -> list[tuple[int, int, str]]:
    """Spans of ``text`` that name a provider, constellation or designation: never a site."""
    out = [(m.start, m.end, f"provider name '{m.text}' ({m.provider})") for m in provider_mentions(text)]
    out += [(m.start(), m.end(), f"designation '{m.group()}'") for m in DESIGNATION.finditer(text)]
    return out
