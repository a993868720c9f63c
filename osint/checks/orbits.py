"""(5) Could the provider's satellites have seen the site in the window? (SGP4 passes.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..claims import ImageryClaim
from ..errors import InputError, ServiceError
from .context import _window_bounds, site_tz
from .model import Check, Status, _not_checked


def check_orbits(claim: ImageryClaim, *, online: bool, elements_path: str | Path | None = None) -> Check:
    """(5) Could the provider's satellites have seen the site in the window?"""
    from ..services import orbits

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
    from ..sun import elevations

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
        return Check(name, Status.CONSISTENT, desc + "; passes further from the epoch are indicative only",
                     tuple(sources), ev)
    warn = (f". Warning: the elements' epochs are {closest:.0f}+ days from the window, so passes are "
            f"indicative only (SGP4 errors grow by kilometres per day)")
    if ps:
        return Check(name, Status.UNVERIFIED, desc + warn, tuple(sources), ev)
    if closest <= orbits.STALE_DAYS:
        return Check(name, Status.INCONSISTENT,
                     desc + ": no imaging opportunity, though the elements are current",
                     tuple(sources), ev)
    return Check(name, Status.UNVERIFIED, desc + warn, tuple(sources), ev)
