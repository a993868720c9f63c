"""(2) The sensor against the light and against what the provider flies.

Hard facts: a provider named with a sensor it does not fly ("Planet radar
images"); an optical image whose stated time had the sun well below the horizon
(below -12°, nautical dusk) with no sign of a lit scene and no record that the
provider images lit scenes at night; optical imagery over a window with no
daylight at all. Soft signals: night words ("at night", "nighttime") that are not
tied to a stated image time, twilight. Daylight somewhere in a window of several
days carries no information (weight ``none``); so does radar, which images by day
or night.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .. import satellites, sensors
from ..errors import InputError
from ..model import ImageryClaim, Site
from ..model.checks import Check, Status, Weight, _not_checked
from .context import CLOUD_WORDS, SUN_SOURCE, TZ_SOURCE, _hourly_sun, _window_bounds, site_tz
from .evidence import EvidenceRow, _own_image, _same_site
from .multisite import per_site
from .satellite import claim_fleet

#: Below this solar elevation (degrees) the sky is dark for an optical sensor (nautical dusk).
DARK = -12.0

#: Words that say the scene was lit (a lit square, fireworks, fires) or is an event held lit.
LIT_SCENE = re.compile(
    r"\b(?:lit|lights?|lighting|illuminat\w*|floodlit|floodlights?|spotlights?|fireworks|flares?|glow\w*|"
    r"blaz\w+|burning|fires?|bright\w*|parade|ceremony|celebration|rally|concert|festival)\b",
    re.I,
)

SENSOR_TABLE = "data/sensors.csv (provider capabilities, each row cited)"
NAME = "sensor_conditions"


def _named_sensor(claim: ImageryClaim) -> bool:
    return claim.sensor_reason.startswith(("radar named", "optical imagery named", "video named"))


#: "11:35 pm Pyongyang time": a city's clock named after the time.
#: Beyond this latitude (degrees) a day may have no daylight at all (polar night).
POLAR_CIRCLE = 66.56

_CITY_TIME = re.compile(r"\s*\(?(?P<city>[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)\s+time\b")


@functools.lru_cache(maxsize=1)
def _iana_cities() -> dict[str, str]:
    """City -> IANA zone, from the zone names themselves ("Asia/Pyongyang", "Europe/Kyiv")."""
    import zoneinfo

    out: dict[str, str] = {}
    for key in zoneinfo.available_timezones():
        area, _, city = key.rpartition("/")
        if area and area not in ("Etc", "SystemV", "US", "Canada", "Brazil", "Mexico", "Chile"):
            out.setdefault(city.replace("_", " ").lower(), key)
    return out


def _zone_named(text: str, time_text: str) -> str | None:
    """The zone of a city named right after the clock time ("at 23:35 Pyongyang time" ->
    Asia/Pyongyang), from the IANA zone names; None when none is named or known."""
    i = text.find(time_text)
    if i < 0:
        return None
    m = _CITY_TIME.match(text, i + len(time_text))
    return _iana_cities().get(m.group("city").replace("-", " ").lower()) if m else None


def _image_instant(claim: ImageryClaim, tz: str) -> tuple[dt.datetime, str] | None:
    """The image's instant when the claim pins it: one day and a clock time tied to the image."""
    w = claim.window
    if w.start is None or w.start != w.end:
        return None
    for t in claim.times:
        if t.kind == "clock" and t.image:
            from ..sun import get_zone

            zone = get_zone(t.zone or _zone_named(claim.text, t.text) or tz)
            h = int(t.hour_from)
            m = round((t.hour_from - h) * 60)
            return dt.datetime.combine(w.start, dt.time(h, min(m, 59)), zone), t.text
    return None


def check_sensor_conditions(claim: ImageryClaim, evidence: Sequence[EvidenceRow]) -> Check:
    """(2) The sensor against the light, and against what the provider flies; every site."""
    if not claim.sites:
        # What the provider flies needs no site: "Planet's radar images" contradict themselves
        # anywhere. The light does: with no site, only a claim that ties its image to no time of
        # day (no clock time, no "at night") has nothing against it.
        bad = _provider_check(claim)
        if bad is not None:
            return bad
        if any(t.image for t in claim.times):
            return _not_checked(NAME, "no site to compute the sun for at the time the claim gives")
        flies = f" ({claim.sensor_reason})" if claim.sensor in ("sar", "optical") else ""
        return Check(NAME, Status.CONSISTENT, f"no site to compute the sun for; the sensor is "
                     f"{claim.sensor}{flies} and the claim ties its image to no time of day: nothing "
                     f"against it, and nothing for it (no weight)", (), {"no_site": True}, Weight.NONE)
    return per_site(NAME, claim, lambda s: _sensor_at(claim, s, evidence))


def _provider_check(claim: ImageryClaim) -> Check | None:
    """A provider (or satellite) named with a sensor it does not fly then: a hard contradiction.

    The satellites alive in the window (``data/satellites.csv``) decide when the table knows the
    provider; else what ``data/sensors.csv`` says the provider flies."""
    prov = claim.provider
    if not _named_sensor(claim) or claim.sensor not in ("sar", "optical"):
        return None
    fl = claim_fleet(claim)
    if fl.alive:
        kinds = fl.kinds()
        if claim.sensor in kinds:
            return None
        span = claim.window.start if claim.window.start == claim.window.end else \
            f"{claim.window.start}..{claim.window.end}"
        flies = ", ".join(f"{s.name} ({s.sensor})" for s in fl.alive[:8])
        return Check(
            NAME, Status.INCONSISTENT,
            f"{fl.named} flew no {'radar' if claim.sensor == 'sar' else 'optical'} satellite on {span} "
            f"({claim.sensor_reason}); alive then: {flies}",
            (satellites.TABLE, *fl.sources()[:6]), {"provider_kinds": sorted(kinds)}, Weight.HARD)
    if prov in ("unknown", "commercial"):
        return None
    rows = sensors.sensors_of(prov, claim.constellation)
    kinds = {r.imaging for r in rows}
    if not kinds or claim.sensor in kinds:
        return None
    flies = ", ".join(f"{r.constellation} ({r.kind})" for r in rows)
    return Check(
        NAME,
        Status.INCONSISTENT,
        f"{claim.constellation or prov} flies no {'radar' if claim.sensor == 'sar' else 'optical'} "
        f"satellites ({claim.sensor_reason}); it flies {flies}",
        (SENSOR_TABLE, *dict.fromkeys(r.source_url for r in rows if r.source_url)),
        {"provider_kinds": sorted(kinds)},
        Weight.HARD,
    )


def _night_capability(claim: ImageryClaim) -> tuple[str, list[str]]:
    """('lit' or 'yes' or 'no', sources) for the provider's optical systems."""
    if claim.provider in ("unknown", "commercial"):
        return "no", []
    rows = [r for r in sensors.sensors_of(claim.provider, claim.constellation) if r.imaging == "optical"]
    able = [r for r in rows if r.night in ("lit", "yes")]
    return ("lit" if able else "no"), [r.source_url for r in able if r.source_url]


@dataclass
class _Scene:
    """What the sensor check reads at one site: the light over the claim's window, the dated
    images of the evidence table, what the provider flies by night, and the sun at the moment
    the claim pins its image to (see :func:`_pin`)."""

    claim: ImageryClaim
    tz: str  # the site's time zone
    light: str  # the daylight over the window, as the details print it
    day: int  # hours of daylight in the window
    hours: list[tuple[dt.datetime, float]]  # the sun's elevation hour by hour
    sources: list[str]
    ev: dict[str, Any]
    extra: str  # the evidence table's dated images, as the details print them ('' for none)
    own_dark: tuple[EvidenceRow, str, re.Match[str] | None] | None  # the claim's own image, in the dark
    lit: re.Match[str] | None  # the claim's words that say the scene was lit
    capability: str  # the provider's optical systems at night: 'lit' or 'no'
    cap_sources: list[str]  # the sources that say so
    at_line: str = ""  # the pinned moment and the sun then, as the details print them
    elev: float | None = None  # the sun's elevation then (-90 for the claim's own image in the dark)

    def check(self, status: Status, detail: str, weight: Weight, *, capability: bool = False) -> Check:
        """A check of this scene; ``capability``: cite the provider's night imaging too."""
        sources = self.sources + self.cap_sources if capability else self.sources
        return Check(NAME, status, detail, tuple(sources), self.ev, weight)


def _sensor_at(claim: ImageryClaim, site: Site, evidence: Sequence[EvidenceRow]) -> Check:
    """(2) at one site: the provider against its sensors, then the sensor against the light.

    Parameters
    ----------
    claim : ImageryClaim
        The claim.
    site : Site
        One of its sites.
    evidence : sequence of EvidenceRow
        The evidence table (its dated images of the site are read).

    Returns
    -------
    Check
    """
    bad = _provider_check(claim)
    if bad is not None:
        return bad
    scene = _scene(claim, site, evidence)
    if isinstance(scene, Check) and claim.sensor == "sar" and claim.window.start is None \
            and claim.window.end is None:
        # Radar needs no light: a claim that gives no time is not at odds with it.
        return Check(NAME, Status.CONSISTENT,
                     f"SAR ({claim.sensor_reason}) images by day or night and through cloud: the claim "
                     f"gives no time, and radar needs none ({scene.detail})", (), {}, Weight.NONE)
    if isinstance(scene, Check) and claim.window.start is None and claim.window.end is None \
            and not claim.times and abs(site.lat) < POLAR_CIRCLE:
        # No date and no time: no light to hold an optical image against, and every day outside
        # the polar circles has daylight hours; nothing is against the claim, nothing is learnt.
        return Check(NAME, Status.CONSISTENT,
                     f"{claim.sensor_reason}: the claim gives neither a date nor a time, so no light can "
                     f"be held against it (an optical image needs daylight, which every day at "
                     f"{site.name} has; a radar one needs none): no weight ({scene.detail})", (), {},
                     Weight.NONE)
    if isinstance(scene, Check):
        return scene
    if claim.sensor == "sar":
        cloud = CLOUD_WORDS.search(claim.text)
        return scene.check(
            Status.CONSISTENT,
            f"SAR ({claim.sensor_reason}) images by day or night and through cloud: {scene.light}"
            + (f"; the claim's '{cloud.group()}' fits radar" if cloud else "")
            + scene.extra,
            Weight.NONE,
        )
    _pin(scene, site)
    if claim.sensor == "optical":
        return _optical_light(scene)
    # Either sensor fits a window with daylight (and no moment pinned in the dark): nothing is
    # against the claim, and nothing is learnt (no weight).
    either = scene.day > 0 and (scene.elev is None or scene.elev >= 0)
    return scene.check(
        Status.CONSISTENT if either else Status.UNVERIFIED,
        f"{claim.sensor_reason}: an optical image needs daylight, a radar one does not; "
        + (f"{scene.at_line}; " if scene.at_line else "")
        + f"{scene.light}{scene.extra}"
        + ("; either sensor could have taken it (no weight)" if either else ""),
        Weight.NONE,
    )


def _scene(claim: ImageryClaim, site: Site, evidence: Sequence[EvidenceRow]) -> _Scene | Check:
    """The light over the claim's window at ``site`` and the evidence table's dated images of it,
    or a check not made (no window, or one outside the ephemeris)."""
    from ..sun import sun_times

    tz = site_tz(site)
    try:
        bounds = _window_bounds(claim, tz)
        if bounds is None:
            return _not_checked(NAME, "the claim has no time window")
        hours = _hourly_sun(site, bounds)
        st_first = sun_times(site.lat, site.lon, claim.window.start, tz)
        st_last = sun_times(site.lat, site.lon, claim.window.end, tz)
    except InputError as exc:  # a window outside the ephemeris
        return _not_checked(NAME, f"solar geometry: {exc}")
    day = sum(1 for _, e in hours if e > -0.833)
    light = (
        f"over {claim.window.start}..{claim.window.end} at {site.name} ({tz}): {day} of {len(hours)} "
        f"hours in daylight; sunrise/sunset {st_first.hhmm('sunrise')}/{st_first.hhmm('sunset')} on "
        f"the first day, {st_last.hhmm('sunrise')}/{st_last.hhmm('sunset')} on the last"
    )
    sources = [SUN_SOURCE, TZ_SOURCE]
    ev: dict[str, Any] = {
        "daylight_hours": day,
        "hours": len(hours),
        "tz": tz,
        "sunrise_last_day": st_last.sunrise.isoformat() if st_last.sunrise else None,
        "sunset_last_day": st_last.sunset.isoformat() if st_last.sunset else None,
    }
    lit = LIT_SCENE.search(claim.text)
    capability, cap_sources = _night_capability(claim)
    timed, own_dark = _dated_images(claim, site, evidence, sources, ev)
    extra = ("; " + "; ".join(timed)) if timed else ""
    return _Scene(claim, tz, light, day, hours, sources, ev, extra, own_dark, lit, capability, cap_sources)


def _dated_images(
    claim: ImageryClaim, site: Site, evidence: Sequence[EvidenceRow], sources: list[str], ev: dict[str, Any],
) -> tuple[list[str], tuple[EvidenceRow, str, re.Match[str] | None] | None]:
    """Dated images of the site in the claim's window from the evidence table: the sun when each
    was taken.

    Only the claim's own image can bear on it; another report of an optical image at night is
    that report's problem (a wrong sensor or time), so it is flagged, not held against the claim.

    Parameters
    ----------
    claim : ImageryClaim
        The claim.
    site : Site
        The site.
    evidence : sequence of EvidenceRow
        The evidence table.
    sources, ev : list, dict
        The check's sources and evidence: the rows' sources join the first, the suspect rows'
        ids the second.

    Returns
    -------
    tuple
        A line per image, and the claim's own optical image in the dark as (row, line, the words
        of its description that say the scene was lit), or None.
    """
    from ..sun import sun_position

    timed, suspect, own_dark = [], [], None
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
        line = (
            f"{row.provider} {row.sensor} image {at:%Y-%m-%d %H:%M} {row.tz}: sun {pos.elevation:+.1f}° "
            f"({pos.phase})"
        )
        sources.append(row.source_url)
        if row.sensor == "optical" and pos.elevation < DARK:
            if _own_image(row, claim):
                own_dark = (row, line, LIT_SCENE.search(row.description))
            else:
                suspect.append(row.id)
                line += (
                    f" [suspect evidence row {row.id}: an optical image in the dark needs a lit scene; "
                    f"that report's sensor or time may be wrong; it does not bear on this claim]"
                )
        timed.append(line)
    if suspect:
        ev["suspect_evidence"] = suspect
    return timed, own_dark


#: The height of the reference object whose shadow the details give.
SHADOW_OBJECT_M = 10.0


def shadow_length(elevation: float, height: float = SHADOW_OBJECT_M) -> float | None:
    """The shadow of a vertical object of ``height`` metres on flat ground with the sun at
    ``elevation`` degrees (None when the sun is down)."""
    if elevation <= 0:
        return None
    return height / math.tan(math.radians(elevation))


def shadow_line(elevation: float, azimuth: float) -> str:
    """'; a 10 m object casts a 6.2 m shadow towards 335°' ('' when the sun is down): what an
    analyst measures in the image to check the time it claims."""
    length = shadow_length(elevation)
    if length is None:
        return ""
    return (f"; a {SHADOW_OBJECT_M:g} m object casts a {length:.1f} m shadow towards "
            f"{(azimuth + 180) % 360:.0f}° (measure the shadows in the image to check the time)")


def _pin(s: _Scene, site: Site) -> None:
    """The moment the claim pins its image to (its own words, or its own image in the evidence
    table) and the sun then: into ``s.at_line`` and ``s.elev`` (left empty when none)."""
    from ..sun import sun_position

    instant = _image_instant(s.claim, s.tz)
    if instant is not None:
        try:
            pos = sun_position(site.lat, site.lon, instant[0])
        except InputError:
            return
        s.elev = pos.elevation
        s.at_line = (
            f"the image time the claim gives ('{instant[1]}', {instant[0]:%Y-%m-%d %H:%M %Z}): sun "
            f"{pos.elevation:+.1f}° ({pos.phase}), azimuth {pos.azimuth:.0f}°"
            f"{shadow_line(pos.elevation, pos.azimuth)}"
        )
        s.ev["image_sun_elevation"] = round(pos.elevation, 1)
        s.ev["image_sun_azimuth"] = round(pos.azimuth, 1)
        if (length := shadow_length(pos.elevation)) is not None:
            s.ev["shadow_10m_m"] = round(length, 1)
    elif s.own_dark is not None:
        row, line, row_lit = s.own_dark
        s.elev = -90.0
        s.at_line = f"the claim's own image ({row.id}) is reported as optical: {line}"
        s.lit = s.lit or row_lit


def _optical_light(s: _Scene) -> Check:
    """An optical image against the light: at the moment the claim pins it to, else over the
    window (no daylight at all; night words tied to the image)."""
    if s.elev is not None:
        return _optical_at_moment(s, s.elev)
    if s.day == 0:
        if s.capability != "no" and s.lit:
            return s.check(
                Status.UNVERIFIED,
                f"no daylight in the window, but the claim's "
                f"'{s.lit.group()}' suggests a lit scene and {s.claim.provider} has imaged lit scenes at "
                f"night: {s.light}",
                Weight.SOFT,
                capability=True,
            )
        return s.check(Status.INCONSISTENT, f"optical imagery needs daylight, and there was none: {s.light}",
                       Weight.HARD)
    return _optical_by_night_words(s)


def _optical_at_moment(s: _Scene, elev: float) -> Check:
    """An optical image against the sun at the moment pinned (``elev``, its elevation)."""
    if elev < DARK:
        return _optical_in_the_dark(s)
    if elev < -0.833:
        return s.check(
            Status.UNVERIFIED,
            f"optical in twilight: {s.at_line} (dim, but an image is possible); {s.light}{s.extra}",
            Weight.SOFT,
        )
    return s.check(Status.CONSISTENT, f"optical in daylight: {s.at_line}; {s.light}{s.extra}", Weight.SOFT)


def _optical_in_the_dark(s: _Scene) -> Check:
    """An optical image at a moment of darkness: possible only on a lit scene by a provider that
    images lit scenes at night."""
    claim, lit, able = s.claim, s.lit, s.capability != "no"
    if able and lit:
        return s.check(
            Status.CONSISTENT,
            f"optical in the dark is possible only on a lit scene: {s.at_line}; "
            f"{claim.constellation or claim.provider} has imaged lit scenes at night, and the "
            f"claim's '{lit.group()}' says the scene was lit (soft: confirm the lights in the "
            f"image); {s.light}{s.extra}",
            Weight.SOFT,
            capability=True,
        )
    if able or lit:
        why = (
            f"{claim.provider} has imaged lit scenes at night, but nothing says this scene was lit"
            if able
            else f"the claim's '{lit.group()}' suggests a lit scene, but no record shows "
            f"{claim.provider} imaging at night"
        )
        return s.check(Status.UNVERIFIED, f"optical in the dark: {s.at_line}; {why}; {s.light}{s.extra}",
                       Weight.SOFT, capability=True)
    return s.check(
        Status.INCONSISTENT,
        f"an optical image needs light, and there was none: {s.at_line}, with no sign of a lit "
        f"scene and no record that {claim.provider} images at night; {s.light}{s.extra}",
        Weight.HARD,
    )


def _optical_by_night_words(s: _Scene) -> Check:
    """An optical image over a window with daylight, against the night words the claim ties to
    its image ("imaged at night")."""
    claim, lit = s.claim, s.lit
    night_words = [t for t in claim.times if t.kind == "part_of_day" and t.hour_from >= 21]
    tied = [t for t in night_words if t.image]
    dark_nights = _dark_at_night(s.hours)
    fixed = _daytime_only(claim)
    if tied and dark_nights and s.capability == "no" and not lit and fixed:
        # A sun-synchronous optical constellation with a daytime overpass and no night imaging
        # (Sentinel-2, Landsat) passes here only by day: a night image from it cannot be.
        return Check(
            NAME,
            Status.INCONSISTENT,
            f"the claim ties its optical image to '{tied[0].text}', but {fixed} passes only by day "
            f"(sun-synchronous, overpass {', '.join(_overpasses(claim))} local solar time, no night "
            f"imaging in data/sensors.csv) and nothing says the scene was lit: {s.light}{s.extra}",
            tuple(s.sources + [r.source_url for r in _optical(claim) if r.source_url]),
            s.ev,
            Weight.HARD,
        )
    if tied and dark_nights and not (s.capability != "no" and lit):
        return s.check(
            Status.INCONSISTENT,
            f"soft: the claim ties its optical image to '{tied[0].text}', when the sun is down "
            f"here, and nothing says the scene was lit; an analyst would ask for the image time: "
            f"{s.light}{s.extra}",
            Weight.SOFT,
        )
    note = _night_note(night_words, tied, dark_nights, lit)
    single = claim.window.start == claim.window.end
    return s.check(
        Status.CONSISTENT,
        f"optical imagery needs daylight: {s.light}{note}{s.extra}"
        + ("" if single else " (daylight somewhere in a window of several days carries no information)"),
        Weight.SOFT if single else Weight.NONE,
    )


def _night_note(night_words: list, tied: list, dark_nights: bool, lit: re.Match[str] | None) -> str:
    """What the claim's night words say about an image in daylight ('' for nothing)."""
    if night_words and not dark_nights:
        return f"; '{night_words[0].text}' says nothing about light here: the sun does not set (polar day)"
    if not night_words:
        return ""
    if not tied:
        return f"; '{night_words[0].text}' is read as the time of what is shown, not of the image"
    return f"; '{tied[0].text}' with a lit scene ('{lit.group()}')" if lit else ""


def _dark_at_night(hours: list[tuple[dt.datetime, float]]) -> bool:
    """True when the sun is below the horizon in some night hour (21:00-05:00) of the window."""
    return any(e < -0.833 for t, e in hours if t.hour >= 21 or t.hour < 5)


def _optical(claim: ImageryClaim) -> list:
    if claim.provider in ("unknown", "commercial"):
        return []
    return [r for r in sensors.sensors_of(claim.provider, claim.constellation) if r.imaging == "optical"]


def _daytime_only(claim: ImageryClaim) -> str:
    """The constellation name when every optical system of the claim's provider is sun-synchronous with
    a daytime overpass (08:00-16:00 local solar time) and no night imaging; else ''."""
    rows = _optical(claim)
    if not rows or any(r.orbit != "sso" or not r.overpass_local or r.night != "no" for r in rows):
        return ""
    if all(h0 >= 8 and h1 <= 16 for r in rows for h0, h1 in r.overpass_hours()):
        return claim.constellation or claim.provider
    return ""


def _overpasses(claim: ImageryClaim) -> list[str]:
    return sorted({t for r in _optical(claim) for t in r.overpass_local})
