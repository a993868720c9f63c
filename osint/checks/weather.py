"""(3) Cloud at the pass: hourly model cloud cover (Open-Meteo archive, online and cached) at the
hours a sun-synchronous optical satellite of the provider passes, in daylight.

Model cloud is a grid-cell fraction, not a line of sight: 30 % can leave a 1 km site
clear. So this check is soft: overcast at every pass lowers confidence, it never
contradicts a claim by itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .. import satellites, sensors
from ..errors import InputError, ServiceError
from ..model import ImageryClaim, Site
from ..model.checks import Check, Status, Weight, _not_checked
from .context import CLEAR_SKY, CLOUD_WORDS, TZ_SOURCE, pass_bands, site_tz
from .multisite import per_site
from .satellite import claim_fleet

#: Model cloud cover (percent) above which a pass counts as overcast.
OVERCAST = 80.0
NAME = "weather"


def check_weather(claim: ImageryClaim, *, online: bool) -> Check:
    """(3) Model cloud cover at the provider's daylight passes over each site."""
    if not claim.sites or claim.window.start is None or claim.window.end is None:
        return _not_checked(NAME, "no site or no time window")
    return per_site(NAME, claim, lambda s: _weather_at(claim, s, online))


def _optical_rows(claim: ImageryClaim) -> list[Any]:
    """The provider's optical constellations with an overpass time, those with no satellite
    alive in the window left out (``data/satellites.csv``)."""
    if claim.provider in ("unknown", "commercial"):
        return []
    alive = {s.id for s in claim_fleet(claim).alive}

    def flying(r: Any) -> bool:
        sats = satellites.of_constellation(r.constellation)
        return not sats or any(s.id in alive for s in sats)

    return [
        r
        for r in sensors.sensors_of(claim.provider, claim.constellation)
        if r.imaging == "optical" and r.overpass_local and flying(r)
    ]


@dataclass
class _Record:
    """The model's cloud cover at a site over the claim's window, and what it says in daylight."""

    pairs: list[tuple[dt.datetime, float]]  # (hour, cover) where the model has a value
    els: list[float]  # the sun's elevation at those hours
    mean: float  # the mean cover
    clear_day: list[dt.datetime]  # clear hours with the sun above 10°
    summary: str  # as the details print it
    src: tuple[str, ...]
    ev: dict[str, Any]


def _weather_at(claim: ImageryClaim, site: Site, online: bool) -> Check:
    """(3) at one site: the model's cloud cover against the claim's sensor.

    Parameters
    ----------
    claim : ImageryClaim
        The claim (with a window).
    site : Site
        One of its sites.
    online : bool
        Ask Open-Meteo (else its cached answers only).

    Returns
    -------
    Check
        Radar: no information. Optical: soft, at the provider's passes when their times are
        known, else at any clear daylight hour.
    """
    tz = site_tz(site)
    rec = _record(claim, site, tz, online)
    if isinstance(rec, Check):
        return rec
    if claim.sensor == "sar":
        cloud = CLOUD_WORDS.search(claim.text)
        note = ""
        if cloud:
            note = (
                "; the cloud the claim mentions is in the record"
                if rec.mean >= 50
                else "; the claim mentions cloud, but the record shows mostly clear skies (no contradiction "
                "for radar)"
            )
        return Check(NAME, Status.CONSISTENT, f"radar is unaffected by cloud: {rec.summary}{note}", rec.src,
                     rec.ev, Weight.NONE)
    rows = _optical_rows(claim) if claim.sensor in ("optical", "unknown") else []
    if rows:
        return _at_passes(claim, site, tz, rows, rec)
    return _at_any_clear_hour(claim, rec)


def _record(claim: ImageryClaim, site: Site, tz: str, online: bool) -> _Record | Check:
    """The model's hourly cloud cover at ``site`` over the claim's window with the sun's
    elevation at each hour, or a check not made (no answer, no values, hours outside the
    ephemeris)."""
    from ..online.weather import hourly_cloud_cover
    from ..sun import elevations

    assert claim.window.start is not None and claim.window.end is not None
    try:
        cc = hourly_cloud_cover(
            site.lat, site.lon, claim.window.start, claim.window.end, tz=tz, online=online
        )
    except ServiceError as exc:
        return _not_checked(NAME, f"Open-Meteo: {exc}")
    pairs = [(t, c) for t, c in zip(cc.times, cc.cover) if c is not None]
    if not pairs:
        return _not_checked(NAME, f"Open-Meteo returned no cloud-cover values ({cc.source})")
    try:
        els = elevations(site.lat, site.lon, [t for t, _ in pairs])
    except InputError as exc:  # hours outside the ephemeris
        return _not_checked(NAME, f"solar geometry: {exc}")
    clear_day = [t for (t, c), e in zip(pairs, els) if c <= CLEAR_SKY and e > 10]
    mean = sum(c for _, c in pairs) / len(pairs)
    clear_dates = sorted({t.date().isoformat() for t in clear_day})
    ev: dict[str, Any] = {
        "hours": len(pairs),
        "mean_cloud_cover": round(mean, 1),
        "clear_daylight_hours": len(clear_day),
        "clear_dates": clear_dates,
    }
    summary = (
        f"mean cloud cover {mean:.0f}% over {len(pairs)} hours at {site.name}; {len(clear_day)} "
        f"daylight hours (sun above 10°) with cover ≤ {CLEAR_SKY:.0f}%"
        + (
            f", on {len(clear_dates)} day(s): {', '.join(clear_dates[:8])}"
            + (" ..." if len(clear_dates) > 8 else "")
            if clear_dates
            else ""
        )
    )
    return _Record(pairs, els, mean, clear_day, summary, (cc.source, TZ_SOURCE), ev)


def _pass_hours(claim: ImageryClaim, site: Site, tz: str, rows: list[Any],
                rec: _Record) -> list[tuple[dt.datetime, float]]:
    """(hour, cover) at the provider's daylight passes: its overpass local solar times moved to
    the site's clock, each day of the window."""
    assert claim.window.start is not None and claim.window.end is not None
    by_hour = {t.replace(minute=0, second=0): (c, e) for (t, c), e in zip(rec.pairs, rec.els)}
    passes = []
    d = claim.window.start
    while d <= claim.window.end:
        for a, b in pass_bands(rows, site, d, tz):
            t = a.replace(minute=0, second=0, microsecond=0)
            while t <= b:
                got = by_hour.get(t)
                if got is not None and got[1] > 0:
                    passes.append((t, got[0]))
                t += dt.timedelta(hours=1)
        d += dt.timedelta(days=1)
    return passes


def _at_passes(claim: ImageryClaim, site: Site, tz: str, rows: list[Any], rec: _Record) -> Check:
    """An optical claim against the cloud at its provider's daylight passes: clear on some day,
    partly cloudy at every pass, or overcast at every pass (soft)."""
    passes = _pass_hours(claim, site, tz, rows, rec)
    ev, summary = rec.ev, rec.summary
    who = ", ".join(f"{r.constellation} {'/'.join(r.overpass_local)}" for r in rows)
    ev["pass_hours"] = len(passes)
    if not passes:
        return Check(
            NAME,
            Status.UNVERIFIED,
            f"no daylight pass hour of {who} (local solar time) in the record: {summary}",
            rec.src,
            ev,
            Weight.NONE,
        )
    clear = sorted({t.date().isoformat() for t, c in passes if c <= CLEAR_SKY})
    part = sorted({t.date().isoformat() for t, c in passes if CLEAR_SKY < c <= OVERCAST})
    ev.update(clear_pass_dates=clear, partly_cloudy_pass_dates=part)
    line = (
        f"at the passes of {who} (overpass local solar time, from data/sensors.csv; "
        f"{len(passes)} daylight pass hours): {len(clear)} clear day(s)"
        + (f" ({', '.join(clear[:6])}{' ...' if len(clear) > 6 else ''})" if clear else "")
        + f", {len(part)} partly cloudy; {summary}"
    )
    src = (*rec.src, *dict.fromkeys(r.source_url for r in rows))
    if clear:
        return Check(NAME, Status.CONSISTENT, f"optical imaging was possible {line}", src, ev, Weight.SOFT)
    if part:
        return Check(
            NAME,
            Status.UNVERIFIED,
            f"partly cloudy at every pass (model cloud is a grid "
            f"fraction, not a line of sight: a site can be clear) {line}",
            src,
            ev,
            Weight.SOFT,
        )
    return Check(
        NAME,
        Status.INCONSISTENT,
        f"soft: model cloud above {OVERCAST:.0f}% at every daylight "
        f"pass {line}; a Sentinel-2 scene's own cloud mask or the image itself would settle it",
        src,
        ev,
        Weight.SOFT,
    )


def _at_any_clear_hour(claim: ImageryClaim, rec: _Record) -> Check:
    """A claim whose provider's pass times are unknown: any clear daylight hour would do for an
    optical image; with the sensor not named, radar could image on any."""
    clear_day, summary, src, ev = rec.clear_day, rec.summary, rec.src, rec.ev
    if claim.sensor == "optical":
        if clear_day:
            return Check(
                NAME,
                Status.CONSISTENT,
                "optical imaging was possible (no pass time known for "
                f"{claim.provider}, so any clear daylight hour): {summary}",
                src,
                ev,
                Weight.NONE,
            )
        return Check(
            NAME,
            Status.INCONSISTENT,
            "soft: no clear daylight hour in the model for an optical "
            f"image (model cloud is a grid fraction, not a line of sight): {summary}",
            src,
            ev,
            Weight.SOFT,
        )
    if clear_day:
        return Check(
            NAME,
            Status.CONSISTENT,
            f"sensor not named; an optical image was possible on the clear days, radar on any: {summary}",
            src,
            ev,
            Weight.NONE,
        )
    return Check(
        NAME,
        Status.UNVERIFIED,
        f"sensor not named; no clear daylight hour, so only radar could have imaged: {summary}",
        src,
        ev,
        Weight.NONE,
    )
