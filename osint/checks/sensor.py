"""(2) The sensor against the light: SAR works at night, optical needs daylight."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..claims import ImageryClaim
from ..errors import InputError
from .context import CLOUD_WORDS, NIGHT_WORDS, SUN_SOURCE, _hourly_sun, _window_bounds, site_tz
from .evidence import EvidenceRow, _own_image, _same_site
from .model import Check, Status, _not_checked


def check_sensor_conditions(claim: ImageryClaim, evidence: Sequence[EvidenceRow]) -> Check:
    """(2) The sensor against the light: SAR works at night, optical needs daylight."""
    from ..sun import sun_position, sun_times

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
                return Check(name, Status.INCONSISTENT, f"the claim's own image ({row.id}) is reported as "
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
        return Check(name, Status.CONSISTENT,
                     f"SAR ({claim.sensor_reason}) images by day or night and through cloud: {light}"
                     + (f"; the claim's '{cloud.group()}' fits radar" if cloud else "") + extra,
                     tuple(sources), ev)
    if claim.sensor == "optical":
        night = NIGHT_WORDS.search(claim.text)
        if night:
            return Check(name, Status.INCONSISTENT, f"optical imagery of something the claim places at "
                         f"'{night.group()}' needs daylight: {light}{extra}", tuple(sources), ev)
        if day == 0:
            return Check(name, Status.INCONSISTENT,
                         f"optical imagery needs daylight, and there was none: {light}",
                         tuple(sources), ev)
        return Check(name, Status.CONSISTENT, f"optical imagery needs daylight: {light}{extra}",
                     tuple(sources), ev)
    return Check(name, Status.UNVERIFIED,
                 f"{claim.sensor_reason}: an optical image needs daylight, a radar one "
                 f"does not; {light}{extra}", tuple(sources), ev)
