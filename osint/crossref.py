"""Cross-reference an article's satellite-imagery claims against independent evidence.

For every imagery claim (:func:`osint.claims.find_imagery_claims`) seven checks
run, each ending in one status:

``consistent``
    The evidence agrees with the claim.
``inconsistent``
    The evidence contradicts it.
``unverified``
    The check ran but the evidence can neither confirm nor refute it.
``not checked``
    The check could not run (offline without a cached answer, a service that
    failed, no data); the detail says why. Never a guess.

The checks: (1) ``site_wording`` site and wording against geometry; (2)
``sensor_conditions`` sensor against solar geometry; (3) ``weather`` hourly
cloud cover (Open-Meteo, online); (4) ``catalog`` STAC records (Earth Search,
Umbra open data, online); (5) ``orbits`` passes of the provider's satellites
(elements from a file or CelesTrak, online); (6) ``corroboration`` against
``data/imagery_evidence.csv``; (7) ``article_consistency`` the claim against the
article itself. A verdict per claim sums them up, with its reasoning.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import functools
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .article import Article, load_article
from .claims import (
    ImageryClaim,
    Site,
    Statement,
    bearing_deg,
    compass,
    find_imagery_claims,
    find_statements,
)
from .dates import find_dates, ordinal
from .errors import InputError, ServiceError
from .gazetteer import Entry, Gazetteer, load_gazetteer
from .paths import data_dir
from .resolve import haversine_km
from .sun import etc_zone, get_zone

STATUSES = ("consistent", "inconsistent", "unverified", "not checked")
CHECKS = ("site_wording", "sensor_conditions", "weather", "catalog", "orbits", "corroboration",
          "article_consistency")

#: Time zones of the countries imagery claims are usually about; elsewhere, solar time.
COUNTRY_TZ = {"KP": "Asia/Pyongyang", "KR": "Asia/Seoul", "CN": "Asia/Shanghai", "JP": "Asia/Tokyo",
              "UA": "Europe/Kyiv", "IR": "Asia/Tehran", "SY": "Asia/Damascus", "IL": "Asia/Jerusalem",
              "TW": "Asia/Taipei", "BY": "Europe/Minsk", "PS": "Asia/Gaza", "YE": "Asia/Aden",
              "IQ": "Asia/Baghdad", "PK": "Asia/Karachi", "IN": "Asia/Kolkata", "GB": "Europe/London",
              "FR": "Europe/Paris", "DE": "Europe/Berlin"}
#: People per km² assumed when estimating a city's built-up radius from its population.
URBAN_DENSITY = 5000.0
#: A report within this distance of a site is about the same site.
SAME_SITE_KM = 2.0
#: Cloud cover (percent) at or below which an hour counts as clear for optical imaging.
CLEAR_SKY = 20.0
SUN_SOURCE = "solar geometry: skyfield + JPL DE421 (skyfield-data), computed offline"
CLOUD_WORDS = re.compile(r"\b(?:through (?:the )?clouds?|cloud(?:y|s)?|overcast|rain)\b", re.I)
NIGHT_WORDS = re.compile(r"\b(?:night(?:time)?|dark(?:ness)?|after dark|at dusk)\b", re.I)
PREPARATION = re.compile(
    r"\b(?:rehears\w*|practi[cs]\w*|prepar\w*|will be (?:hosted|held)|ahead of|drill\w*)\b", re.I)
EVENT_WORDS = re.compile(r"\b(?:parade|ceremony|celebrat\w+|anniversary|commemorat\w+|festival|summit|"
                         r"launch|test)\b", re.I)


@dataclass(frozen=True, slots=True)
class Check:
    """The outcome of one check on one claim."""

    check: str
    status: str
    detail: str
    sources: tuple[str, ...] = ()
    evidence: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: check, status, detail, sources (and the evidence, when any)."""
        d: dict[str, Any] = {"check": self.check, "status": self.status, "detail": self.detail,
                             "sources": list(self.sources)}
        if self.evidence:
            d["evidence"] = self.evidence
        return d


def _not_checked(name: str, reason: str) -> Check:
    return Check(name, "not checked", reason)


@dataclass(frozen=True, slots=True)
class ClaimResult:
    """One claim with its checks and verdict."""

    id: str
    kind: str
    claim: ImageryClaim | None
    statement: Statement | None
    checks: tuple[Check, ...]
    verdict: str
    reasoning: str

    def as_dict(self) -> dict[str, Any]:
        """The claim in the ``osint crossref`` JSON layout."""
        c, st = self.claim, self.statement
        sp = st.speaker if st else None
        if c is not None:
            base = {"text": c.text, "start": c.start, "end": c.end, "provider": c.provider,
                    "provider_reason": c.provider_reason, "sensor": c.sensor,
                    "sensor_reason": c.sensor_reason, "sites": [s.as_dict() for s in c.sites],
                    "window": c.window.as_dict(), "observations": [o.as_dict() for o in c.observations]}
        else:
            assert st is not None
            base = {"text": st.text, "start": st.start, "end": st.end, "provider": None, "sensor": None,
                    "sites": [], "window": None, "observations": []}
        return {
            "id": self.id, "kind": self.kind, **base,
            "speaker": sp.name if sp else None, "affiliation": sp.affiliation if sp else None,
            "speaker_link": st.link if st else None, "verb": st.verb if st else None,
            "statement": st.text if st else None,
            "checks": [k.as_dict() for k in self.checks], "verdict": self.verdict,
            "reasoning": self.reasoning,
        }


@dataclass(frozen=True, slots=True)
class CrossrefReport:
    """The cross-reference of one article."""

    article: Article
    published: dt.date | None
    online: bool
    results: tuple[ClaimResult, ...]
    #: True only when the date came from a sidecar that marks it inferred (never for a date given).
    published_inferred: bool = False

    @property
    def imagery(self) -> list[ClaimResult]:
        """The imagery claims' results."""
        return [r for r in self.results if r.kind == "imagery"]

    def as_dict(self) -> dict[str, Any]:
        """The ``osint crossref --format json`` document."""
        a = self.article
        return {
            "article": {"id": a.id, "title": a.title, "path": a.path,
                        "published": self.published.isoformat() if self.published else None,
                        "published_inferred": self.published_inferred, "online": self.online},
            "claims": [r.as_dict() for r in self.results],
        }

    def checks_frame(self) -> pd.DataFrame:
        """One row per (imagery claim, check)."""
        rows = [{"claim": r.id, "check": k.check, "status": k.status, "detail": k.detail,
                 "sources": "; ".join(k.sources)} for r in self.imagery for k in r.checks]
        return pd.DataFrame(rows, columns=["claim", "check", "status", "detail", "sources"])

    def verdict_frame(self) -> pd.DataFrame:
        """One row per imagery claim: verdict, reasoning and each check's status."""
        rows = []
        for r in self.imagery:
            c = r.claim
            assert c is not None
            row = {"claim": r.id, "speaker": c.speaker, "provider": c.provider, "sensor": c.sensor,
                   "sites": "; ".join(s.name for s in c.sites), "verdict": r.verdict,
                   "reasoning": r.reasoning}
            row.update({k.check: k.status for k in r.checks})
            rows.append(row)
        return pd.DataFrame(rows)


# ---------------------------------------------------------------------------- evidence


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """A row of ``data/imagery_evidence.csv``."""

    id: str
    kind: str
    date: dt.date
    date_precision: str
    time_local: str
    tz: str
    site_id: str
    site_name: str
    lat: float | None
    lon: float | None
    provider: str
    sensor: str
    observations: tuple[str, ...]
    description: str
    source_url: str
    source_note: str

    def at(self) -> dt.datetime | None:
        """The local instant, when a time is given (validated by :func:`load_evidence`)."""
        if not self.time_local:
            return None
        t = dt.time.fromisoformat(self.time_local)
        return dt.datetime.combine(self.date, t, get_zone(self.tz or "UTC"))


_TIME_LOCAL = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?$")


def load_evidence(path: str | Path | None = None) -> list[EvidenceRow]:
    """Read the curated evidence table (default ``data/imagery_evidence.csv``).

    Every row is validated here (date, coordinates, ``time_local`` as HH:MM, ``tz``
    as an IANA zone), so a bad row fails at load time with its line, not later.

    Parameters
    ----------
    path : str or Path, optional
        A table to read instead of the default. A missing default table gives an
        empty list; a missing table given explicitly is an error.

    Raises
    ------
    InputError
        A table given but missing or unreadable, one not in UTF-8, a missing
        column, or a bad value (naming the file and line).
    """
    p = Path(path) if path else data_dir() / "imagery_evidence.csv"
    if path is None and not p.exists():
        return []
    out = []
    try:
        with p.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            need = {"id", "kind", "date", "site_id", "lat", "lon", "provider", "sensor", "source_url"}
            missing = need - set(reader.fieldnames or ())
            if missing:
                raise InputError(f"evidence table lacks columns {sorted(missing)}", path=str(p))
            for n, row in enumerate(reader, 2):
                out.append(_evidence_row(row, str(p), n))
    except FileNotFoundError as exc:
        raise InputError("evidence table not found", path=str(p)) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"evidence table is not UTF-8 text ({exc.reason} at byte {exc.start})",
                         path=str(p)) from exc
    except csv.Error as exc:
        raise InputError(f"malformed CSV ({exc})", path=str(p)) from exc
    except OSError as exc:
        raise InputError(f"cannot read the evidence table ({exc.strerror or exc})", path=str(p)) from exc
    return out


def _evidence_row(row: dict[str, str | None], path: str, line: int) -> EvidenceRow:
    def val(key: str) -> str:
        return (row.get(key) or "").strip()

    try:
        date = dt.date.fromisoformat(val("date"))
        lat = float(val("lat")) if val("lat") else None
        lon = float(val("lon")) if val("lon") else None
    except ValueError as exc:
        raise InputError(f"bad value ({exc})", path=path, line=line) from exc
    if (lat is None) != (lon is None) or (lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180)):
        raise InputError(f"bad coordinates {val('lat')!r}, {val('lon')!r}", path=path, line=line)
    time_local = val("time_local")
    if time_local and not _TIME_LOCAL.match(time_local):
        raise InputError(f"time_local {time_local!r} is not HH:MM", path=path, line=line)
    tz = val("tz") or "UTC"
    try:
        get_zone(tz)
    except InputError as exc:
        raise InputError(str(exc), path=path, line=line) from exc
    return EvidenceRow(
        val("id"), val("kind"), date, val("date_precision") or "day", time_local, tz, val("site_id"),
        val("site_name"), lat, lon, val("provider"), val("sensor"),
        tuple(x for x in val("observations").split("|") if x), val("description"), val("source_url"),
        val("source_note"))


# ------------------------------------------------------------------------------ helpers


def site_tz(site: Site) -> str:
    """The IANA zone for a site: by country where one zone covers it, else solar time."""
    tz = COUNTRY_TZ.get(site.country_code)
    if tz:
        return tz
    return etc_zone(max(-12, min(12, round(site.lon / 15))))


def urban_radius_km(population: int) -> float:
    """Radius of a disc holding ``population`` at :data:`URBAN_DENSITY` people per km²."""
    return math.sqrt(max(population, 1) / (math.pi * URBAN_DENSITY))


def _window_bounds(claim: ImageryClaim, tz: str) -> tuple[dt.datetime, dt.datetime] | None:
    w = claim.window
    if w.start is None or w.end is None:
        return None
    z = get_zone(tz)
    return (dt.datetime.combine(w.start, dt.time(), z),
            dt.datetime.combine(w.end + dt.timedelta(days=1), dt.time(), z))


def _reference_city(claim: ImageryClaim, site: Site, gaz: Gazetteer) -> Entry | None:
    """The city the site is measured against: the description's reference, else a city the
    sentence names, else the curated site's city."""
    def find(name: str, lat: float | None = None, lon: float | None = None) -> Entry | None:
        hits = [e for e in gaz.lookup(name) if e.feature in ("capital", "city", "admin1")]
        if lat is not None:
            hits.sort(key=lambda e: haversine_km(lat, lon, e.lat, e.lon))
        return hits[0] if hits else None

    if site.reference:
        return find(site.reference[0], site.reference[1], site.reference[2])
    for m in re.finditer(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*", claim.text):
        e = find(m.group())
        if e is not None and haversine_km(e.lat, e.lon, site.lat, site.lon) < 60:
            return e
    city = _curated_city(site.source_id)
    if city:
        e = find(city, site.lat, site.lon)
        if e is not None and haversine_km(e.lat, e.lon, site.lat, site.lon) < 60:
            return e
    return None


def _curated_city(site_id: str) -> str | None:
    p = data_dir() / "curated_places.csv"
    if not site_id or not p.exists():
        return None
    with p.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get("id") == site_id:
                return row.get("city") or None
    return None


# ------------------------------------------------------------------------------- checks


def check_site_wording(claim: ImageryClaim, gaz: Gazetteer) -> Check:
    """(1) Is each site where the words put it?"""
    name = "site_wording"
    if not claim.sites:
        return _not_checked(name, "no site could be placed for this claim")
    parts, statuses, sources, evidence = [], [], [], {}
    for site in claim.sites:
        sources.append(site.source)
        ref = _reference_city(claim, site, gaz)
        if ref is None:
            parts.append(f"{site.name}: no city to measure it against")
            statuses.append("unverified")
            continue
        sources.append(f"{ref.source}:{ref.source_id} {ref.source_url}")
        d = haversine_km(ref.lat, ref.lon, site.lat, site.lon)
        b = compass(bearing_deg(ref.lat, ref.lon, site.lat, site.lon))
        r = urban_radius_km(ref.population)
        rel = (site.relation or "").lower()
        pre = claim.text[:max(0, claim.text.find(site.mention))].lower()
        if not rel and re.search(r"\bdowntown\b|\bcentral\b|\bcity cent(?:re|er)\b", pre):
            rel = "downtown"
        evidence[site.name] = {"reference": ref.name, "distance_km": round(d, 2), "bearing": b,
                               "urban_radius_km": round(r, 1), "relation": rel or None}
        geo = (f"{site.name} is {d:.1f} km {b} of the {ref.name} point; {ref.name}'s built-up radius is "
               f"estimated at {r:.1f} km (population {ref.population:,} at {URBAN_DENSITY:,.0f}/km²)")
        if site.how == "described":
            geo += f"; site chosen from the description: {site.reasoning}"
        if rel in ("downtown", "central", "in the centre of"):
            core = max(3.0, 0.35 * r)
            if d <= core:
                statuses.append("consistent")
                parts.append(f"'{rel}': {geo}; within the central {core:.1f} km")
            elif d <= r:
                statuses.append("unverified")
                parts.append(f"'{rel}': {geo}; inside the city but beyond its centre ({core:.1f} km)")
            else:
                statuses.append("inconsistent")
                parts.append(f"'{rel}': {geo}; outside the city altogether")
        elif rel.startswith(("outside", "on the outskirts", "in the outskirts")):
            statuses.append("consistent")
            if d <= r:
                parts.append(f"'{rel} {ref.name}': {geo}. Loose wording flagged: the site lies inside the "
                             f"city's estimated area, not outside it; not a contradiction")
            else:
                parts.append(f"'{rel} {ref.name}': {geo}; beyond the built-up radius, as worded")
        else:
            st = "consistent" if d <= 1.5 * r else "unverified"
            statuses.append(st)
            parts.append(f"{geo}" + ("" if st == "consistent" else "; far from the city the text names"))
    status = ("inconsistent" if "inconsistent" in statuses else
              "consistent" if statuses and all(s == "consistent" for s in statuses) else "unverified")
    return Check(name, status, " | ".join(parts), tuple(dict.fromkeys(sources)), evidence)


def _hourly_sun(site: Site, bounds: tuple[dt.datetime, dt.datetime]) -> list[tuple[dt.datetime, float]]:
    return list(_hourly_sun_at(site.lat, site.lon, bounds[0], bounds[1]))


@functools.lru_cache(maxsize=256)
def _hourly_sun_at(lat: float, lon: float, start: dt.datetime,
                   end: dt.datetime) -> tuple[tuple[dt.datetime, float], ...]:
    # Cached: the claims of one article share sites and windows.
    from .sun import elevations

    t, times = start, []
    while t < end:
        times.append(t)
        t += dt.timedelta(hours=1)
    return tuple(zip(times, elevations(lat, lon, times)))


def check_sensor_conditions(claim: ImageryClaim, evidence: Sequence[EvidenceRow]) -> Check:
    """(2) The sensor against the light: SAR works at night, optical needs daylight."""
    from .sun import sun_position, sun_times

    name = "sensor_conditions"
    if not claim.sites:
        return _not_checked(name, "no site to compute the sun for")
    site = claim.sites[0]
    tz = site_tz(site)
    bounds = _window_bounds(claim, tz)
    if bounds is None:
        return _not_checked(name, "the claim has no time window")
    try:
        hours = _hourly_sun(site, bounds)
        st_first = sun_times(site.lat, site.lon, claim.window.start, tz)
        st_last = sun_times(site.lat, site.lon, claim.window.end, tz)
    except InputError as exc:  # a window outside the ephemeris
        return _not_checked(name, f"solar geometry: {exc}")
    day = sum(1 for _, e in hours if e > -0.833)
    light = (f"over {claim.window.start}..{claim.window.end} at {site.name} ({tz}): {day} of {len(hours)} "
             f"hours in daylight; sunrise/sunset {st_first.hhmm('sunrise')}/{st_first.hhmm('sunset')} on "
             f"the first day, {st_last.hhmm('sunrise')}/{st_last.hhmm('sunset')} on the last")
    sources = [SUN_SOURCE]
    ev: dict[str, Any] = {"daylight_hours": day, "hours": len(hours), "tz": tz,
                          "sunrise_last_day": st_last.sunrise.isoformat() if st_last.sunrise else None,
                          "sunset_last_day": st_last.sunset.isoformat() if st_last.sunset else None}
    # Dated images of the site from the evidence table: the sun when they were taken. Only the
    # claim's own image can contradict it; another report of an optical image at night is that
    # report's problem (a wrong sensor or time), so it is flagged, not held against the claim.
    timed, suspect = [], []
    for row in evidence:
        at = row.at()
        if at is None or row.kind != "imagery" or not _same_site(row, site):
            continue
        if not (claim.window.start <= row.date <= claim.window.end):
            continue
        try:
            pos = sun_position(site.lat, site.lon, at)
        except InputError:
            continue
        dark = pos.elevation < -0.833
        line = (f"{row.provider} {row.sensor} image {at:%Y-%m-%d %H:%M} {tz}: sun {pos.elevation:+.1f}° "
                f"({pos.phase})" + (", so only radar could have imaged then" if dark else ""))
        sources.append(row.source_url)
        if row.sensor == "optical" and dark:
            if _own_image(row, claim):
                return Check(name, "inconsistent", f"the claim's own image ({row.id}) is reported as "
                             f"optical, at night: {line}", tuple(sources), ev)
            suspect.append(row.id)
            line += (f" [suspect evidence row {row.id}: an optical image at night cannot be; that report's "
                     f"sensor or time is probably wrong; it does not bear on this claim]")
        timed.append(line)
    if suspect:
        ev["suspect_evidence"] = suspect
    extra = ("; " + "; ".join(timed)) if timed else ""
    if claim.sensor == "sar":
        cloud = CLOUD_WORDS.search(claim.text)
        return Check(name, "consistent",
                     f"SAR ({claim.sensor_reason}) images by day or night and through cloud: {light}"
                     + (f"; the claim's '{cloud.group()}' fits radar" if cloud else "") + extra,
                     tuple(sources), ev)
    if claim.sensor == "optical":
        night = NIGHT_WORDS.search(claim.text)
        if night:
            return Check(name, "inconsistent", f"optical imagery of something the claim places at "
                         f"'{night.group()}' needs daylight: {light}{extra}", tuple(sources), ev)
        if day == 0:
            return Check(name, "inconsistent", f"optical imagery needs daylight, and there was none: {light}",
                         tuple(sources), ev)
        return Check(name, "consistent", f"optical imagery needs daylight: {light}{extra}",
                     tuple(sources), ev)
    return Check(name, "unverified",
                 f"{claim.sensor_reason}: an optical image needs daylight, a radar one "
                 f"does not; {light}{extra}", tuple(sources), ev)


def check_weather(claim: ImageryClaim, *, online: bool) -> Check:
    """(3) Hourly cloud cover over the window (Open-Meteo archive)."""
    from .services.weather import hourly_cloud_cover
    from .sun import elevations

    name = "weather"
    if not claim.sites or claim.window.start is None or claim.window.end is None:
        return _not_checked(name, "no site or no time window")
    site = claim.sites[0]
    tz = site_tz(site)
    try:
        cc = hourly_cloud_cover(site.lat, site.lon, claim.window.start, claim.window.end, tz=tz,
                                online=online)
    except ServiceError as exc:
        return _not_checked(name, f"Open-Meteo: {exc}")
    pairs = [(t, c) for t, c in zip(cc.times, cc.cover) if c is not None]
    if not pairs:
        return _not_checked(name, f"Open-Meteo returned no cloud-cover values ({cc.source})")
    try:
        els = elevations(site.lat, site.lon, [t for t, _ in pairs])
    except InputError as exc:  # hours outside the ephemeris
        return _not_checked(name, f"solar geometry: {exc}")
    clear_day = [t for (t, c), e in zip(pairs, els) if c <= CLEAR_SKY and e > 10]
    mean = sum(c for _, c in pairs) / len(pairs)
    clear_dates = sorted({t.date().isoformat() for t in clear_day})
    ev = {"hours": len(pairs), "mean_cloud_cover": round(mean, 1), "clear_daylight_hours": len(clear_day),
          "clear_dates": clear_dates}
    summary = (f"mean cloud cover {mean:.0f}% over {len(pairs)} hours at {site.name}; {len(clear_day)} "
               f"daylight hours (sun above 10°) with cover ≤ {CLEAR_SKY:.0f}%"
               + (f", on {len(clear_dates)} day(s): {', '.join(clear_dates[:8])}"
                  + (" ..." if len(clear_dates) > 8 else "") if clear_dates else ""))
    src = (cc.source,)
    if claim.sensor == "sar":
        cloud = CLOUD_WORDS.search(claim.text)
        note = ""
        if cloud:
            note = ("; the cloud the claim mentions is in the record" if mean >= 50 else
                    "; the claim mentions cloud, but the record shows mostly clear skies (no contradiction "
                    "for radar)")
        return Check(name, "consistent", f"radar is unaffected by cloud: {summary}{note}", src, ev)
    if claim.sensor == "optical":
        if clear_day:
            return Check(name, "consistent", f"optical imaging was possible: {summary}", src, ev)
        return Check(name, "inconsistent", f"no clear daylight hour for an optical image: {summary}", src, ev)
    if clear_day:
        return Check(name, "consistent", f"sensor not named; an optical image was possible on the clear "
                     f"days, radar on any: {summary}", src, ev)
    return Check(name, "unverified", f"sensor not named; no clear daylight hour, so only radar could have "
                 f"imaged: {summary}", src, ev)


def check_catalog(claim: ImageryClaim, *, online: bool) -> Check:
    """(4) Catalog records over the site in the window (Earth Search; Umbra open data)."""
    from .services import stac

    name = "catalog"
    if not claim.sites or claim.window.start is None or claim.window.end is None:
        return _not_checked(name, "no site or no time window")
    site = claim.sites[0]
    w0, w1 = claim.window.start, claim.window.end
    results, failures = [], []
    try:
        results.append(stac.earth_search(site.lat, site.lon, w0, w1, online=online))
    except ServiceError as exc:
        failures.append(f"Earth Search: {exc}")
    if claim.provider == "Umbra":
        try:
            results.append(stac.static_catalog_search(site.lat, site.lon, w0, w1, online=online))
        except ServiceError as exc:
            failures.append(f"Umbra open data: {exc}")
    if not results:
        return _not_checked(name, "; ".join(failures))
    recs = [r for res in results for r in res.records]
    ev = {"records": [r.as_dict() for r in recs[:50]], "complete": all(r.complete for r in results)}
    sources = tuple(res.source for res in results)
    prov = claim.provider.lower().replace(" space", "")
    own = [r for r in recs if prov and prov not in ("commercial", "unknown") and (
        prov in (r.platform or "").lower() or prov in r.collection.lower() or prov in r.id.lower()
        or (prov.startswith("sentinel") and prov in r.collection.lower()))]
    s1 = [r for r in recs if "sentinel-1" in r.collection]
    s2 = [r for r in recs if "sentinel-2" in r.collection]
    s2_clear = [r for r in s2 if r.cloud_cover is not None and r.cloud_cover <= CLEAR_SKY]
    summary = (f"{len(s1)} Sentinel-1 and {len(s2)} Sentinel-2 scenes over {site.name} in "
               f"{w0}..{w1} ({len(s2_clear)} Sentinel-2 with cloud ≤ {CLEAR_SKY:.0f}%"
               + (f": {', '.join(f'{r.datetime:%Y-%m-%d} {r.cloud_cover:.0f}%' for r in s2_clear[:6])}"
                  if s2_clear else "") + ")")
    if failures:
        summary += "; not searched: " + "; ".join(failures)
    if not all(r.complete for r in results):
        summary += "; the listing was cut short (more records may exist)"
    if own:
        return Check(name, "consistent",
                     f"{len(own)} {claim.provider} record(s) over the site in the window: "
                     + ", ".join(f"{r.id} ({r.datetime:%Y-%m-%d %H:%M} UTC)" for r in own[:5])
                     + f"; {summary}", sources + tuple(r.url for r in own[:5]), ev)
    who = claim.provider if claim.provider not in ("commercial", "unknown") else "the (unnamed) provider"
    return Check(name, "unverified",
                 f"no open catalog record from {who} (commercial archives are mostly not open, so absence "
                 f"is not a contradiction); independent imagery to inspect: {summary}", sources, ev)


def check_orbits(claim: ImageryClaim, *, online: bool, elements_path: str | Path | None = None) -> Check:
    """(5) Could the provider's satellites have seen the site in the window?"""
    from .services import orbits

    name = "orbits"
    if not claim.sites or claim.window.start is None:
        return _not_checked(name, "no site or no time window")
    site = claim.sites[0]
    bounds = _window_bounds(claim, site_tz(site))
    assert bounds is not None
    try:
        if elements_path:
            els = orbits.load_elements(elements_path)
            sources = [f"orbital elements from {elements_path}"]
        elif claim.provider in orbits.PROVIDER_QUERIES:
            els, sources = orbits.fetch_elements(claim.provider, online=online)
        else:
            return _not_checked(name, f"provider '{claim.provider}' names no satellites to propagate "
                                      f"(give an elements file to check specific ones)")
    except (ServiceError, InputError) as exc:
        return _not_checked(name, f"orbital elements: {exc}")
    if not els:
        return _not_checked(name, f"no orbital elements found for {claim.provider}")
    ps = orbits.passes(els, site.lat, site.lon, bounds[0], bounds[1])

    def distance(e: dt.datetime) -> float:  # days from an epoch to the window (0 inside it)
        lo, hi = bounds[0].astimezone(dt.UTC), bounds[1].astimezone(dt.UTC)
        return max(0.0, (lo - e).total_seconds(), (e - hi).total_seconds()) / 86400

    closest = min(distance(e.epoch) for e in els)
    near = [p for p in ps if p.epoch_gap_days <= orbits.STALE_DAYS]
    from .sun import elevations

    try:
        sun = elevations(site.lat, site.lon, [p.culmination for p in ps]) if ps else []
    except InputError as exc:  # passes outside the ephemeris
        return _not_checked(name, f"solar geometry: {exc}")
    dark = sum(1 for e in sun if e < -0.833)
    ev = {"satellites": [e.name for e in els], "passes": [p.as_dict() for p in ps[:100]],
          "min_epoch_distance_days": round(closest, 1), "reliable_passes": len(near),
          "passes_in_darkness": dark}
    desc = (f"{len(ps)} pass(es) above {orbits.MIN_ELEVATION:.0f}° over {site.name} by {len(els)} "
            f"satellite(s) ({', '.join(e.name for e in els[:6])}{' ...' if len(els) > 6 else ''}) in "
            f"{claim.window.start}..{claim.window.end}, {dark} of them in darkness; {len(near)} within "
            f"{orbits.STALE_DAYS:.0f} days of their elements' epoch")
    if ps:
        show = near or ps
        desc += "; e.g. " + ", ".join(f"{p.name} {p.culmination:%Y-%m-%d %H:%M} UTC {p.max_elevation:.0f}°"
                                      for p in show[:3])
    if near:
        return Check(name, "consistent", desc + "; passes further from the epoch are indicative only",
                     tuple(sources), ev)
    warn = (f". Warning: the elements' epochs are {closest:.0f}+ days from the window, so passes are "
            f"indicative only (SGP4 errors grow by kilometres per day)")
    if ps:
        return Check(name, "unverified", desc + warn, tuple(sources), ev)
    if closest <= orbits.STALE_DAYS:
        return Check(name, "inconsistent", desc + ": no imaging opportunity, though the elements are current",
                     tuple(sources), ev)
    return Check(name, "unverified", desc + warn, tuple(sources), ev)


def _own_image(row: EvidenceRow, claim: ImageryClaim) -> bool:
    """True when an evidence row reports the very image the claim is about: the same named
    provider, and the claim pinned to that row's day."""
    named = claim.provider.lower() not in ("commercial", "unknown", "")
    return (named and row.provider.lower() == claim.provider.lower()
            and claim.window.start == claim.window.end == row.date)


def _same_site(row: EvidenceRow, site: Site) -> bool:
    if row.site_id and row.site_id == site.source_id:
        return True
    return row.lat is not None and row.lon is not None and \
        haversine_km(row.lat, row.lon, site.lat, site.lon) <= SAME_SITE_KM


_NUMBER_FORMATION = "formations of the number"


def shared_observations(claimed: set[str] | Sequence[str], reported: Sequence[str]) -> list[str]:
    """The claim's observation labels a report also shows, sorted.

    Labels match exactly; a bare ``formations`` also matches a report of a
    number formation (and the reverse), but two different numbers do not.
    """
    def formation(label: str) -> bool:
        return label == "formations" or label.startswith(_NUMBER_FORMATION)

    return sorted({c for c in claimed for r in reported
                   if c == r or ("formations" in (c, r) and formation(c) and formation(r))})


def check_corroboration(claim: ImageryClaim, evidence: Sequence[EvidenceRow]) -> Check:
    """(6) Other dated reports of imagery of the same site in the window."""
    name = "corroboration"
    if not claim.sites:
        return _not_checked(name, "no site to look up")
    if not evidence:
        return _not_checked(name, "the evidence table is empty or missing")
    w0, w1 = claim.window.start, claim.window.end
    labels = {o.label for o in claim.observations}
    inside, outside, related = [], [], []
    for row in evidence:
        if row.kind != "imagery":
            continue
        if not any(_same_site(row, s) for s in claim.sites):
            continue
        slack = dt.timedelta(days=15 if row.date_precision == "about" else 0)
        in_window = w0 is not None and w1 is not None and (w0 - slack <= row.date <= w1 + slack)
        (inside if in_window else outside).append(row)
        if in_window and shared_observations(labels, row.observations):
            related.append(row)

    def line(r: EvidenceRow) -> str:
        same = "same provider" if r.provider.lower() == claim.provider.lower() else f"{r.provider}"
        seen = shared_observations(labels, r.observations)
        return (f"{r.date}{' ' + r.time_local if r.time_local else ''} {r.site_name} ({same}, {r.sensor}"
                + (f"; also shows {', '.join(seen)}" if seen else "") + f"): {r.description}")
    ev = {"in_window": [r.id for r in inside], "outside_window": [r.id for r in outside],
          "showing_the_same": [r.id for r in related]}
    if related:
        others = [r for r in inside if r not in related]
        return Check(name, "consistent",
                     f"{len(related)} independent report(s) of imagery of the site in {w0}..{w1} showing "
                     f"what the claim says is seen: " + " | ".join(line(r) for r in related)
                     + ("; other imagery of the site in the window: " + " | ".join(line(r) for r in others)
                        if others else ""),
                     tuple(r.source_url for r in related), ev)
    if inside:
        what = ", ".join(sorted(labels)) if labels else None
        return Check(name, "unverified",
                     (f"site imaged in the window, but no report of {what}" if what else
                      "site imaged in the window, but the claim names nothing seen to compare")
                     + f" ({len(inside)} report(s) in {w0}..{w1}): " + " | ".join(line(r) for r in inside),
                     tuple(r.source_url for r in inside), ev)
    if outside:
        return Check(name, "unverified",
                     f"reports of imagery of the site exist, but outside {w0}..{w1}: "
                     + " | ".join(line(r) for r in outside), tuple(r.source_url for r in outside), ev)
    return Check(name, "unverified", "no report of imagery of this site in the evidence table")


@dataclass(frozen=True)
class ArticleFacts:
    """What the article-level checks read from the whole text, computed once per article.

    Attributes
    ----------
    sentences : list of Sentence
        The article's sentences.
    dates : list of DateRef
        Every date expression, resolved against the publication date.
    anniversaries : list of re.Match
        "the 70th anniversary of ..." mentions.
    events : list of (date, description)
        Single days named in sentences about an event (a parade, a launch).
    """

    sentences: list[Any]
    dates: list[Any]
    anniversaries: list[re.Match[str]]
    events: list[tuple[dt.date, str]]
    text: str = field(default="", repr=False)
    published: dt.date | None = None
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @functools.cached_property
    def sentence_starts(self) -> list[int]:
        """Where each sentence starts (for bisection)."""
        return [x.start for x in self.sentences]

    def anniversary(self, n: str) -> tuple[list[str], list[str], dict[str, Any]] | None:
        """What the article says about the number ``n`` as an anniversary: (parts, statuses, evidence).

        None when no anniversary of that number is named or there is no publication date.
        Computed once per number: every claim showing "70" shares the answer.
        """
        if n in self._memo:
            return self._memo[n]
        match = [m for m in self.anniversaries if m.group(1) == n]
        if not match or self.published is None:
            self._memo[n] = None
            return None
        base = self.published.year - int(n)
        parts = [f"the '{n}' formations match the article's {ordinal(int(n))} anniversary "
                 f"({self.published.year} − {n} = {base})"]
        status = ["consistent"]
        ev: dict[str, Any] = {"anniversary_base_year": base}
        # The article's own year ranges against that year, but only those about the event the
        # anniversary names: a range near the year about something else says nothing of it.
        # A range repeated word for word is one range, tied if any of its mentions is.
        ranges: dict[str, list[Any]] = {}
        for d in self.dates:
            if d.kind == "year_range" and d.date_end and d.date_start and \
                    d.date_start.year <= base + 3 and d.date_end.year != base and \
                    abs(d.date_end.year - base) <= 3:
                ranges.setdefault(d.text, []).append(d)
        for label, refs in ranges.items():
            tie = next((t for t in (_range_tie(self.text, d.start, d.end, match, self) for d in refs) if t),
                       None)
            end_year = refs[0].date_end.year
            if tie:
                parts.append(f"but the article's own '{label}' ({tie}) ends in {end_year}, "
                             f"not {base}: an error in the article, not in the claim")
                ev["article_year_range"] = label
            else:
                parts.append(f"the article's '{label}' ends in {end_year}, near {base}, but "
                             f"nothing ties it to the anniversary's event (unverified, not judged)")
                ev.setdefault("unlinked_year_ranges", []).append(label)
                status.append("unverified")
        self._memo[n] = (parts, status, ev)
        return self._memo[n]

    @classmethod
    def of(cls, text: str, published: dt.date | None) -> ArticleFacts:
        """Read the facts of ``text`` (one pass per kind, whatever the number of claims)."""
        from .text import sentences

        sents = sentences(text)
        dates = find_dates(text, published)
        events = []
        k = 0
        for sent in sents:
            # The dates inside each sentence, found once over the whole text.
            while k < len(dates) and dates[k].start < sent.start:
                k += 1
            if not EVENT_WORDS.search(sent.text):
                continue
            j = k
            while j < len(dates) and dates[j].start < sent.end:
                d = dates[j]
                if d.date_start and d.date_start == d.date_end and d.date_start.year >= 1990:
                    events.append((d.date_start, f"'{sent.text[:80]}…' ({d.text} → {d.date_start})"))
                j += 1
        return cls(sents, dates, list(ANNIVERSARY.finditer(text)), sorted(events), text, published)


def check_article(claim: ImageryClaim, article: Article, published: dt.date | None,
                  evidence: Sequence[EvidenceRow], facts: ArticleFacts | None = None) -> Check:
    """(7) The claim against the article itself: anniversaries, year ranges, event dates.

    ``facts`` (:meth:`ArticleFacts.of`) are computed when not given; pass them when
    checking many claims of one article.
    """
    name = "article_consistency"
    text = article.text
    if facts is None or facts.published != published:
        facts = ArticleFacts.of(text, published)
    parts: list[str] = []
    status = []
    sources: list[str] = []
    ev: dict[str, Any] = {}
    numbers = [o.value for o in claim.observations if o.value]
    for n in numbers:
        found = facts.anniversary(n) if published == facts.published else None
        if found is not None:
            more, st, extra = found
            parts.extend(more[:1])
            status.extend(st)
            ev.update(extra)
            base = extra["anniversary_base_year"]
            for row in evidence:
                if row.kind == "event" and row.date.year == base:
                    parts.append(f"{base}: {row.description} ({row.date})")
                    sources.append(row.source_url)
            parts.extend(more[1:])
        elif n:
            parts.append(f"the number '{n}' matches no anniversary the article names")
            status.append("unverified")
    # Event dates: preparations must come before the event they prepare.
    if PREPARATION.search(claim.text) and claim.window.end:
        events = facts.events  # sorted by date
        own = []
        for row in evidence:
            if row.kind == "event" and any(_same_site(row, s) for s in claim.sites):
                own.append((row.date, f"{row.description} ({row.date})"))
                sources.append(row.source_url)
        end = claim.window.end
        k = bisect.bisect_left(events, (end, ""))
        future = ([events[k]] if k < len(events) else []) + [e for e in own if e[0] >= end]
        if future:
            d, what = min(future)
            parts.append(f"the window ends {end}, on or before the event it prepares: {what}")
            status.append("consistent")
            ev["event_date"] = d.isoformat()
        elif events or own:
            d, what = max(([events[-1]] if events else []) + own)
            parts.append(f"the claim describes preparations, but the window ends {end}, after "
                         f"the latest event found: {what}")
            status.append("inconsistent")
    if not parts:
        return Check(name, "unverified", "nothing in the article to test this claim against")
    final = "inconsistent" if "inconsistent" in status else (
        "consistent" if "consistent" in status else "unverified")
    return Check(name, final, "; ".join(parts),
                 (f"article {article.id}", *dict.fromkeys(sources)), ev)


ANNIVERSARY = re.compile(
    r"\b(\d{1,3})(?:st|nd|rd|th)\s+anniversary\b(?:\s+of\s+(?P<event>[^.,;:()\n]{3,80}))?", re.I)
_EVENT_NAME = re.compile(r"^\s+((?:[A-Z][\w’'-]*)(?:\s+[A-Z][\w’'-]*)*)")


def _name_words(phrase: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\b[A-Z][\w’'-]*", phrase)}


def _range_tie(text: str, start: int, end: int, anniversaries: Sequence[re.Match[str]],
               facts: ArticleFacts) -> str | None:
    """How a year range at ``text[start:end]`` is tied to one of the anniversaries, or None.

    Tied when it is in the same sentence as the anniversary, or when the event the
    range names ("1950-1952 Korean War") is among the words of the event the
    anniversary names ("the end of the Korean War").
    """
    sents = facts.sentences
    k = bisect.bisect_right(facts.sentence_starts, start) - 1
    here = (sents[k].start, sents[k].end) if k >= 0 and start < sents[k].end else None
    m = _EVENT_NAME.match(text[end:end + 80])
    named = _name_words(m.group(1)) if m else set()
    for an in anniversaries:
        if here and here[0] <= an.start() < here[1]:
            return "in the sentence naming the anniversary"
        event = _name_words(an.group("event") or "")
        if named and named <= event:
            return f"it names the {m.group(1)}, the anniversary's event" if m else None
    return None


#: Checks that rest on where the site is.
SITE_CHECKS = ("site_wording", "sensor_conditions", "weather", "catalog", "orbits", "corroboration")


def caveat_context(check: Check, claim: ImageryClaim) -> Check:
    """Qualify a site-dependent check when the claim's site was only taken from context.

    Such a site is the last place named before a sentence that names none
    (coarse), so a check about it is not a check about the claim's real site:
    the detail says so, and ``site_wording`` (which tests where the words put the
    site, when they put it nowhere) is never ``consistent``.
    """
    ctx = [s for s in claim.sites if s.how == "context"]
    if not ctx or check.check not in SITE_CHECKS or check.status == "not checked":
        return check
    where = ", ".join(f"'{s.name}'" for s in ctx)
    note = (f"Caveat: the sentence names no place; {where} was taken from the sentences before it "
            f"(coarse), so this is about that area, not a site the claim names. ")
    status = "unverified" if check.check == "site_wording" and check.status == "consistent" else check.status
    return Check(check.check, status, note + check.detail, check.sources,
                 {**check.evidence, "site_from_context": [s.name for s in ctx]})


# ------------------------------------------------------------------------------ verdict


def verdict(checks: Sequence[Check]) -> tuple[str, str]:
    """Sum up a claim's checks: (verdict, reasoning).

    ``contradicted`` when any check is inconsistent; ``corroborated`` when an
    independent record (the evidence table or a catalog record from the named
    provider) agrees; ``plausible`` when the decided checks agree but nothing
    independent confirms it; ``unverified`` otherwise.
    """
    by = {k.check: k for k in checks}
    bad = [k for k in checks if k.status == "inconsistent"]
    good = [k.check for k in checks if k.status == "consistent"]
    open_ = [k.check for k in checks if k.status in ("unverified", "not checked")]
    tail = (f" Consistent: {', '.join(good) or 'none'}. Open: {', '.join(open_) or 'none'}.")
    if bad:
        why = "; ".join(f"{k.check} ({k.detail[:160]})" for k in bad)
        return "contradicted", f"Contradicted by {why}.{tail}"
    independent = [c for c in ("corroboration", "catalog") if by.get(c) and by[c].status == "consistent"]
    if independent:
        return "corroborated", f"Independent evidence agrees ({', '.join(independent)}); no check " \
                               f"contradicts it." + tail
    if len(good) >= 2:
        return "plausible", "The decided checks agree, but no independent record confirms it." + tail
    return "unverified", "Too little evidence either way." + tail


# --------------------------------------------------------------------------------- main


def crossref(article: Article | str | Path, *, published: dt.date | str | None = None, online: bool = False,
             elements: str | Path | None = None, evidence: str | Path | None = None,
             gazetteer: Gazetteer | None = None, include_statements: bool = True) -> CrossrefReport:
    """Cross-reference the imagery claims of an article.

    Parameters
    ----------
    article : Article, str or Path
        An article, or the path of one (a ``.txt`` with its JSON sidecar).
    published : date or str, optional
        Overrides the publication date (the anchor of relative dates).
    online : bool
        Allow Open-Meteo, STAC catalogs and CelesTrak; offline, those checks use
        what the cache holds or say ``not checked``.
    elements : path, optional
        Orbital elements (OMM JSON or TLE) to use instead of CelesTrak.
    evidence : path, optional
        The evidence table (default ``data/imagery_evidence.csv``); one given must exist.
    include_statements : bool
        Also list the other attributed statements (kind ``statement``, not checked).

    Returns
    -------
    CrossrefReport
    """
    if not isinstance(article, Article):
        article = load_article(article)
    pub = published if isinstance(published, dt.date) or published is None else \
        dt.date.fromisoformat(str(published))
    inferred = pub is None and article.published_inferred
    pub = pub or article.published
    if elements is not None:
        from .services.orbits import load_elements

        load_elements(elements)  # a file given must be usable: checked before any work, exit 2
    gaz = gazetteer or load_gazetteer()
    rows = load_evidence(evidence)
    stmts = find_statements(article.text, gazetteer=gaz)
    claims = find_imagery_claims(article, published=pub, gazetteer=gaz, statements=stmts)
    facts = ArticleFacts.of(article.text, pub)
    results: list[ClaimResult] = []
    for c in claims:
        checks = tuple(caveat_context(k, c) for k in (
            check_site_wording(c, gaz),
            check_sensor_conditions(c, rows),
            check_weather(c, online=online),
            check_catalog(c, online=online),
            check_orbits(c, online=online, elements_path=elements),
            check_corroboration(c, rows),
            check_article(c, article, pub, rows, facts),
        ))
        v, why = verdict(checks)
        results.append(ClaimResult(c.id, "imagery", c, c.statement, checks, v, why))
    if include_statements:
        used = {c.statement.id for c in claims if c.statement}
        for st in stmts:
            if st.id not in used:
                results.append(ClaimResult(
                    f"S{st.id}", "statement", None, st, (), "not assessed",
                    "an attributed statement; only imagery claims are cross-referenced"))
    return CrossrefReport(article, pub, online, tuple(results), inferred)


# ---------------------------------------------------------------------------------- CLI


def _crossref_cmd(args: argparse.Namespace) -> int:
    from .io import atomic_output

    published = None
    if args.published:
        try:
            published = dt.date.fromisoformat(args.published)
        except ValueError as exc:
            raise InputError(f"--published {args.published!r} is not YYYY-MM-DD") from exc
    from .escape import terminal
    from .io import refuse_overwrite, sidecars

    inputs = [args.path, *sidecars(args.path), args.evidence, args.elements]
    refuse_overwrite(args.output, inputs)
    rep = crossref(args.path, published=published, online=args.online, elements=args.elements,
                   evidence=args.evidence, include_statements=not args.imagery_only)
    with atomic_output(args.output, inputs=inputs) as out:
        if args.format == "json":
            json.dump(rep.as_dict(), out, ensure_ascii=False, indent=2, default=str)
            out.write("\n")
        else:
            # A table is read on a terminal: the article's control characters are removed.
            out = _TerminalText(out, terminal)
            out.write(f"{rep.article.title} (published {rep.published}"
                      f"{', inferred' if rep.published_inferred else ''}; "
                      f"{'online' if rep.online else 'offline'})\n")
            for r in rep.imagery:
                c = r.claim
                assert c is not None
                out.write(f"\n{r.id} [{r.verdict}] {c.speaker or '?'} ({c.affiliation or '?'}): "
                          f"{c.provider}, {c.sensor}; sites {', '.join(s.name for s in c.sites) or '?'}; "
                          f"window {c.window.start}..{c.window.end}\n  \"{c.text}\"\n")
                for k in r.checks:
                    out.write(f"  {k.check:<20} {k.status:<13} {k.detail}\n")
                out.write(f"  verdict: {r.reasoning}\n")
    return 0


class _TerminalText:
    """A text stream that passes everything written through ``clean`` first."""

    def __init__(self, out: Any, clean: Any):
        self._out, self._clean = out, clean

    def write(self, text: str) -> int:
        return self._out.write(self._clean(text))


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``crossref`` subcommand."""
    p = sub.add_parser(
        "crossref", help="cross-reference an article's satellite-imagery claims",
        description="Find the imagery claims of an article and check each against geometry, the sun, "
                    "weather, catalogs, orbits, curated reports and the article itself. Offline unless "
                    "--online; online answers are cached.",
    )
    p.add_argument("path", metavar="PATH", help="a .txt article (its .json sidecar gives the date)")
    p.add_argument("--published", help="publication date YYYY-MM-DD (overrides the sidecar)")
    p.add_argument("--online", action="store_true",
                   help="allow Open-Meteo, STAC catalogs and CelesTrak (answers are cached)")
    p.add_argument("--elements", help="orbital elements file (CelesTrak OMM JSON or TLE) for the orbit check")
    p.add_argument("--evidence", help="evidence table CSV (default data/imagery_evidence.csv)")
    p.add_argument("--imagery-only", action="store_true", help="leave out the other attributed statements")
    p.add_argument("--format", choices=["json", "table"], default="table")
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    p.set_defaults(func=_crossref_cmd)
