"""Satellites and their lifetimes: the cited table ``data/satellites.csv``.

One row per satellite or batch (WorldView-4, Sentinel-1B, the SkySat-C6..C11 batch, ...): the
provider the press names, the sensor kind and bands, the native and product ground sample
distance, launch and end-of-service dates, orbit local time, NORAD ids and the sources of each
fact (``data/satellites_SOURCES.md`` gives the conventions; ``tools/check_satellites.py``
validates the table). :func:`fleet` answers the question an imagery claim raises: which
satellites could the image come from on its date, given the words that name its source?

A named satellite decides ("WorldView-4"); else a named constellation ("WorldView Legion",
"SkySat"); else the provider narrows to its satellites alive then. ``data/sensors.csv`` stays
the per-provider table (overpass times, night imaging, CelesTrak queries).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from dataclasses import dataclass

from .paths import data_file

TABLE = "data/satellites.csv (satellite lifetimes and pixels, each row cited)"

#: Single words that name a satellite or constellation only in context ("Legion", "Dove", "Paz",
#: "Mati"): an alias without a digit is read only when it is in this list of distinctive names
#: or has two words or more.
_DISTINCT_WORDS = frozenset({
    "ikonos", "quickbird", "geoeye", "worldview", "planetscope", "superdove", "superdoves", "skysat",
    "rapideye", "pleiades", "pléiades", "terrasar-x", "tandem-x", "iceye", "blacksky", "kompsat",
    "gaofen", "novasar", "radarsat", "cosmo-skymed", "tsx", "tdx", "pneo", "landsat", "umbra",
    # Coined names with no other meaning: Azercosmos's SPOT 7, Satellogic's satellites.
    "azersky", "satellogic", "nusat", "ñusat", "newsat",
})


@dataclass(frozen=True, slots=True)
class Satellite:
    """One row of ``data/satellites.csv``."""

    id: str
    name: str
    constellation: str
    operator: str
    provider: str  # the provider name the press uses (data/sensors.csv's when it has one)
    sensor: str  # optical, multispectral-only, sar, video, thermal, hyperspectral
    bands: str
    native_gsd_m: float | None
    product_gsd_m: float | None
    launch: dt.date | None
    end: dt.date | None
    end_reason: str
    status: str  # operating, ended, failed_on_launch, unknown
    local_time: str
    norad_ids: tuple[int, ...]
    aliases: tuple[str, ...]
    sources: tuple[str, ...]
    notes: str

    @property
    def imaging(self) -> str:
        """``sar`` or ``optical`` (video and multispectral-only are optical)."""
        return "sar" if self.sensor == "sar" else "optical"

    @property
    def colour(self) -> bool | None:
        """True when it records colour bands, False for a panchromatic-only or radar sensor,
        None when its bands are not sourced."""
        if self.sensor == "sar":
            return False
        b = self.bands.lower()
        if not b:
            return None if self.sensor != "multispectral-only" else True
        if "ms" in b or "colour" in b or "rgb" in b or self.sensor == "multispectral-only":
            return True
        return False if b.startswith("pan") else None

    @property
    def gsd_m(self) -> float | None:
        """The pixel a resolution check uses: the native one (a finer product adds no detail)."""
        return self.native_gsd_m if self.native_gsd_m is not None else self.product_gsd_m

    def pixel(self) -> str:
        """'0.7 m native (0.5 m product)' or '0.31 m native', for the details."""
        if self.gsd_m is None:
            return "pixel not sourced"
        if self.native_gsd_m is None:
            return f"{self.product_gsd_m:g} m product (native not sourced)"
        prod = (f" ({self.product_gsd_m:g} m product)"
                if self.product_gsd_m not in (None, self.native_gsd_m) else "")
        return f"{self.native_gsd_m:g} m native{prod}"

    def source(self) -> str:
        """The first source of the row."""
        return self.sources[0] if self.sources else ""


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _num(value: str) -> float | None:
    return float(value) if value else None


@functools.lru_cache(maxsize=1)
def _sensor_names() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """(provider, its names and aliases, the constellation's names) per row of
    ``data/sensors.csv``: only the names, read here so that this table sits below
    :mod:`osint.sensors` (which reads the satellites, not the other way round)."""
    def split(v: str) -> tuple[str, ...]:
        return tuple(x.strip() for x in (v or "").split("|") if x.strip())

    with data_file("sensors.csv").open(encoding="utf-8", newline="") as fh:
        return tuple((r["provider"], (r["provider"], *split(r["provider_aliases"])),
                      (r["constellation"], *split(r["constellation_aliases"])))
                     for r in csv.DictReader(fh))


@functools.lru_cache(maxsize=1)
def load_satellites() -> tuple[Satellite, ...]:
    """The shipped satellite table, one :class:`Satellite` per row."""
    press = _press_names()
    out = []
    with data_file("satellites.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            out.append(Satellite(
                r["id"], r["satellite"], r["constellation"], r["operator"], _press_provider(r, press),
                r["sensor"], r["bands"], _num(r["native_gsd_m"]), _num(r["product_gsd_m"]),
                _date(r["launch_date"]), _date(r["end_date"]), r["end_reason"], r["status"],
                r["local_time"], tuple(int(x) for x in r["norad_ids"].split(";") if x.strip()),
                tuple(a.strip() for a in r["aliases"].split("|") if a.strip()),
                tuple(u.strip() for u in r["source_urls"].split(";") if u.strip()), r["notes"]))
    return tuple(out)


def _key(name: str) -> str:
    return re.sub(r"[^0-9a-zé]", "", name.lower())


def _press_names() -> dict[str, str]:
    """Every provider name, alias and constellation name of ``data/sensors.csv`` -> its provider."""
    out: dict[str, str] = {}
    for prov, names, cons in _sensor_names():
        for n in (*names, *cons):
            out.setdefault(_key(n), prov)
    return out


def _press_provider(row: dict[str, str], press: dict[str, str]) -> str:
    """The provider name the press (and ``data/sensors.csv``) uses for a satellite row: its
    provider, or its constellation, as sensors.csv names it; else the operator as the table
    gives it, without the parenthesis ("Copernicus (open data)" -> "Copernicus")."""
    for n in (row["provider"], row["constellation"], *row["provider"].split("/")):
        if _key(n) in press:
            return press[_key(n)]
    return re.sub(r"\s*\(.*?\)", "", row["provider"]).strip()


#: Names that are words in lower case ("spot", "eros"): read only as written, in capitals.
_CAPITALS_ONLY = frozenset({"SPOT", "EROS"})


def _usable(alias: str) -> bool:
    """An alias read in running text: with a digit, two words or more, or a distinctive name."""
    # "EROS-A", "SkySat-A", "NovaSAR-S": a distinctive name with a letter after it is one too.
    head = alias.split("-")[0]
    return (bool(re.search(r"\d", alias)) or len(alias.split()) > 1 or alias.lower() in _DISTINCT_WORDS
            or alias in _CAPITALS_ONLY or head.lower() in _DISTINCT_WORDS or head in _CAPITALS_ONLY)


def _alias_pattern(alias: str) -> str:
    # "WorldView-3", "WorldView 3" and "WorldView3" are one name in the press.
    parts = [re.escape(p) for p in re.split(r"[\s-]+", alias) if p]
    return r"[\s-]?".join(parts)


#: The letters outside ASCII that Python's case-blind matching takes for an ASCII letter (the
#: dotted and the dotless i, the long s, the Kelvin sign; ``tests/test_satellites.py`` holds the
#: list to the ``re`` module), each mapped to that letter.
_ASCII_TWINS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def case_blind(text: str) -> str:
    """``text`` as a case-blind pattern's screen reads it (:func:`screen`): lower case, and the
    letters ``re.IGNORECASE`` takes for an ASCII letter written as that letter."""
    return text.translate(_ASCII_TWINS).lower()


def screen(parts: list[str], flags: int) -> str | None:
    """What a text must hold for a pattern made of the literal ``parts`` (joined by anything,
    flags ``flags``) to match in it: the longest part, or for a case-blind pattern the longest
    run of ASCII in a part, in lower case, to be found in :func:`case_blind` of the text; None
    when no substring test is sure (a case-blind name without ASCII).

    A substring test costs a microsecond where a pattern that opens with a look-behind is tried
    at every character of the text (tens of microseconds per pattern and page): the patterns of
    names a text does not hold are never run, and never compiled.
    """
    if not flags & re.IGNORECASE:
        return max(parts, key=len, default=None)
    runs = [r for p in parts for r in re.findall(r"[\x00-\x7f]+", p)]
    return max(runs, key=len).lower() if runs else None


#: Compiled patterns of the name index, compiled when a text first passes a pattern's screen.
_COMPILED: dict[tuple[str, int], re.Pattern[str]] = {}


def _compiled(source: str, flags: int) -> re.Pattern[str]:
    rx = _COMPILED.get((source, flags))
    if rx is None:
        rx = _COMPILED[(source, flags)] = re.compile(source, flags)
    return rx


@functools.lru_cache(maxsize=1)
def _name_index() -> tuple[tuple[str, int, str, tuple[str, ...], str | None], ...]:
    """(pattern, its flags, the name, the ids of the rows it names, the pattern's :func:`screen`)
    for every usable name, longest first."""
    by_name: dict[str, set[str]] = {}
    for s in load_satellites():
        # The operator too when the press names it so ("ImageSat International"), for providers
        # data/sensors.csv does not list.
        for n in (s.name, s.constellation, *s.aliases, s.provider):
            if "/" in n or "(" in n or not _usable(n):
                continue
            by_name.setdefault(n, set()).add(s.id)
    pats = []
    for n in sorted(by_name, key=len, reverse=True):
        flags = re.I if re.search(r"\d", n) or n.lower() in _DISTINCT_WORDS else 0
        source = r"(?<![\w-])" + _alias_pattern(n) + r"(?![\w-]|\.\d)"
        parts = [p for p in re.split(r"[\s-]+", n) if p]  # as _alias_pattern splits it
        pats.append((source, flags, n, tuple(sorted(by_name[n])), screen(parts, flags)))
    return tuple(pats)


@dataclass(frozen=True, slots=True)
class SatelliteMention:
    """Words in a text that name satellites: the rows they name."""

    text: str
    start: int
    end: int
    ids: tuple[str, ...]


def satellite_mentions(text: str) -> list[SatelliteMention]:
    """The satellite and constellation names in ``text`` (longest first, no overlaps)."""
    found: list[SatelliteMention] = []
    blind = None
    for source, flags, _, ids, part in _name_index():
        if part is not None:
            if flags & re.IGNORECASE:
                if blind is None:
                    blind = case_blind(text)
                if part not in blind:
                    continue
            elif part not in text:
                continue
        for m in _compiled(source, flags).finditer(text):
            if not any(m.start() < f.end and f.start < m.end() for f in found):
                found.append(SatelliteMention(m.group(), m.start(), m.end(), ids))
    return sorted(found, key=lambda f: f.start)


def of_constellation(name: str) -> tuple[Satellite, ...]:
    """The satellites of a constellation named as ``data/sensors.csv`` or this table names it."""
    keys = {_key(name)}
    for _, _, cons in _sensor_names():
        if _key(cons[0]) == _key(name):
            keys |= {_key(a) for a in cons}
    return tuple(s for s in load_satellites()
                 if keys & {_key(s.constellation), _key(s.name), *(_key(a) for a in s.aliases)})


def of_provider(provider: str) -> tuple[Satellite, ...]:
    """The satellites the press credits to ``provider``."""
    return tuple(s for s in load_satellites() if s.provider == provider)


def _earliest_launch(sat: Satellite) -> dt.date | None:
    """A row without a launch date ("the constellation's other satellites") launched no earlier
    than the first dated launch of its constellation."""
    if sat.launch is not None:
        return sat.launch
    days = [s.launch for s in load_satellites() if s.constellation == sat.constellation and s.launch]
    return min(days) if days else None


def known_launch(sat: Satellite) -> dt.date | None:
    """The satellite's launch date, or its constellation's first (None when the table has none)."""
    return _earliest_launch(sat)


def unavailable(sat: Satellite, start: dt.date, end: dt.date) -> str:
    """Why ``sat`` could not have imaged on any day of ``start``..``end`` ('' when it could, or
    when the table cannot tell)."""
    if sat.status == "failed_on_launch":
        return f"{sat.name} was lost at launch on {sat.launch} ({sat.end_reason})"
    first = _earliest_launch(sat)
    if first is not None and first > end:
        how = "launched" if sat.launch else "is of a constellation first launched"
        return f"{sat.name} {how} {first}, after {end}"
    if sat.end is not None and sat.end < start:
        return f"{sat.name} ended {sat.end} ({sat.end_reason or sat.status}), before {start}"
    return ""


@dataclass(frozen=True, slots=True)
class Fleet:
    """The satellites an image can come from on its dates.

    Attributes
    ----------
    basis : str
        What decided: ``satellite`` (one named), ``constellation``, ``provider``, or ``''``
        (nothing in the table matches).
    named : str
        The words (or the provider) that named them.
    rows : tuple of Satellite
        Every satellite so named.
    alive : tuple of Satellite
        Those that could have imaged in the window (alive, or not known to be otherwise).
    gone : tuple of (Satellite, str)
        Those that could not, each with why.
    """

    basis: str
    named: str
    rows: tuple[Satellite, ...]
    alive: tuple[Satellite, ...]
    gone: tuple[tuple[Satellite, str], ...]

    def kinds(self) -> set[str]:
        """``sar`` / ``optical`` of the satellites alive."""
        return {s.imaging for s in self.alive}

    def finest(self, imaging: str | None = None) -> Satellite | None:
        """The alive satellite with the finest native pixel (of one kind when given).

        A row with only a product pixel counts only when no row has a native one: a product is
        often resampled finer than the native pixel (SkySat 0.7 m sold at 0.5 m), so it would
        win for no reason."""
        rows = [s for s in self.alive
                if s.gsd_m is not None and (imaging in (None, "unknown") or s.imaging == imaging)]
        native = [s for s in rows if s.native_gsd_m is not None]
        rows = native or rows
        return min(rows, key=lambda s: s.gsd_m or 0.0) if rows else None

    def sources(self) -> tuple[str, ...]:
        """The first source of every row named."""
        return tuple(dict.fromkeys(s.source() for s in self.rows if s.source()))


def fleet(text: str, provider: str, constellation: str | None, start: dt.date | None,
          end: dt.date | None) -> Fleet:
    """The satellites the words of an imagery claim name, and those alive in its window.

    Parameters
    ----------
    text : str
        The claim's words: a satellite or constellation named there decides.
    provider, constellation : str
        The claim's provider and constellation as read from ``data/sensors.csv`` (used when the
        text names no satellite this table knows).
    start, end : date or None
        The window (without one, every satellite named counts as alive).

    Returns
    -------
    Fleet
    """
    sats = {s.id: s for s in load_satellites()}
    found = satellite_mentions(text)
    if provider not in ("unknown", "commercial", ""):
        # A provider's own name ("Maxar's WorldView-3") goes with its satellites; another
        # provider's satellite named in passing is not this image's.
        found = [f for f in found if any(sats[i].provider == provider for i in f.ids)] or found
    rows: tuple[Satellite, ...] = ()
    basis, named = "", ""
    if found:
        ids = list(dict.fromkeys(i for f in found for i in f.ids))
        rows = tuple(sats[i] for i in ids)
        whole = {s.id for s in load_satellites() if s.constellation in {r.constellation for r in rows}}
        basis = "constellation" if set(ids) == whole else "satellite"
        named = ", ".join(dict.fromkeys(f"'{f.text}'" for f in found))
    elif constellation and (rows := of_constellation(constellation)):
        basis, named = "constellation", constellation
    elif provider not in ("unknown", "commercial", "") and (rows := of_provider(provider)):
        basis, named = "provider", provider
    if start is None or end is None:
        return Fleet(basis, named, rows, rows, ())
    gone = tuple((s, why) for s in rows if (why := unavailable(s, start, end)))
    out = {s.id for s, _ in gone}
    return Fleet(basis, named, rows, tuple(s for s in rows if s.id not in out), gone)
