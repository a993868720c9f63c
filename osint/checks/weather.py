"""(3) Hourly cloud cover over the window (Open-Meteo archive, online and cached)."""

from __future__ import annotations

from ..claims import ImageryClaim
from ..errors import InputError, ServiceError
from .context import CLEAR_SKY, CLOUD_WORDS, site_tz
from .model import Check, Status, _not_checked


def check_weather(claim: ImageryClaim, *, online: bool) -> Check:
    """(3) Hourly cloud cover over the window (Open-Meteo archive)."""
    from ..services.weather import hourly_cloud_cover
    from ..sun import elevations

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
        return Check(name, Status.CONSISTENT, f"radar is unaffected by cloud: {summary}{note}", src, ev)
    if claim.sensor == "optical":
        if clear_day:
            return Check(name, Status.CONSISTENT, f"optical imaging was possible: {summary}", src, ev)
        return Check(name, Status.INCONSISTENT, f"no clear daylight hour for an optical image: {summary}",
                     src, ev)
    if clear_day:
        return Check(name, Status.CONSISTENT, "sensor not named; an optical image was possible on the "
                     f"clear days, radar on any: {summary}", src, ev)
    return Check(name, Status.UNVERIFIED, "sensor not named; no clear daylight hour, so only radar could "
                 f"have imaged: {summary}", src, ev)
