"""(5) Could the provider's satellites have seen the site in the window? (SGP4 passes, or a model.)

The satellites come from the provider table (``data/sensors.csv``: NORAD ids and
CelesTrak name queries). An elements file given (``--elements``; historical elements
such as Space-Track ``gp_history`` for a past window) is used first, restricted to
the provider's satellites when it holds any. For optical sensors only daylight
passes count. Without elements, a sun-synchronous constellation with a stated
overpass time and revisit (PlanetScope: the land surface about daily) is modelled;
a model over a long window carries no information."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .. import sensors
from ..errors import InputError, ServiceError
from ..model import ImageryClaim, Site
from ..model.checks import Check, Status, Weight, _not_checked
from .context import _window_bounds, site_tz
from .multisite import per_site
from .satellite import claim_fleet

NAME = "orbits"


def queries_for(provider: str, constellation: str | None = None,
                alive: tuple[int, ...] = ()) -> list[dict[str, str]]:
    """CelesTrak GP queries for a provider's satellites, from the provider table, and for the
    NORAD ids of the satellites alive on the image's dates (``data/satellites.csv``)."""
    out: list[dict[str, str]] = [{"CATNR": str(n)} for n in alive]
    for r in sensors.sensors_of(provider, constellation):
        out += [{"CATNR": str(n)} for n in r.norad_ids]
        out += [{"NAME": n} for n in r.celestrak_names]
    return [dict(t) for t in dict.fromkeys(tuple(sorted(q.items())) for q in out)]


def _belongs(el, rows, alive: tuple[int, ...] = ()) -> bool:
    ids = {n for r in rows for n in r.norad_ids} | set(alive)
    names = [n.upper() for r in rows for n in r.celestrak_names]
    return (el.norad_id in ids) or any(el.name.upper().startswith(n) for n in names)


def check_orbits(claim: ImageryClaim, *, online: bool, elements_path: str | Path | None = None) -> Check:
    """(5) Could the provider's satellites have seen each site in the window?"""
    if not claim.sites or claim.window.start is None:
        return _not_checked(NAME, "no site or no time window")
    return per_site(NAME, claim, lambda s: _orbits_at(claim, s, online, elements_path))


def _model(claim: ImageryClaim, site: Site, why: str) -> Check:
    """Imaging opportunities modelled from a sun-synchronous constellation's overpass time and revisit."""
    rows = [
        r
        for r in sensors.sensors_of(claim.provider, claim.constellation)
        if r.orbit == "sso"
        and r.overpass_local
        and r.revisit_days
        and (claim.sensor in ("unknown", "") or r.imaging == claim.sensor or claim.sensor == "unknown")
    ]
    if not rows:
        return _not_checked(NAME, why)
    assert claim.window.start is not None and claim.window.end is not None
    days = (claim.window.end - claim.window.start).days + 1
    best = min(rows, key=lambda r: r.revisit_days or 99)
    n = max(1, int(days // (best.revisit_days or 1)))
    lines = ", ".join(
        f"{r.constellation} every {r.revisit_days:g} day(s) at about "
        f"{'/'.join(r.overpass_local)} local solar time"
        for r in rows
    )
    weight = Weight.SOFT if days <= 2 * (best.revisit_days or 1) else Weight.NONE
    return Check(
        NAME,
        Status.CONSISTENT,
        f"modelled, not propagated ({why}): {lines} (data/sensors.csv), so about {n} daylight "
        f"opportunit{'y' if n == 1 else 'ies'} over {site.name} in {claim.window.start}..{claim.window.end}"
        + ("; over a window this long a model carries no information" if weight == Weight.NONE else ""),
        tuple(dict.fromkeys(r.source_url for r in rows)),
        {"modelled_opportunities": n},
        weight,
    )


def _orbits_at(claim: ImageryClaim, site: Site, online: bool, elements_path: str | Path | None) -> Check:
    """(5) at one site: the provider's satellites' passes over it in the claim's window.

    Parameters
    ----------
    claim : ImageryClaim
        The claim.
    site : Site
        One of its sites.
    online : bool
        Ask CelesTrak for elements (else its cached answers only).
    elements_path : str or Path, optional
        An elements file, used first.

    Returns
    -------
    Check
        From propagated passes, or from a model of the constellation when no elements are found.
    """
    from ..online import orbits
    from ..sun import elevations

    try:
        bounds = _window_bounds(claim, site_tz(site))
    except InputError as exc:
        return _not_checked(NAME, f"solar geometry: {exc}")
    if bounds is None:
        return _not_checked(NAME, "no time window")
    notes: list[str] = []
    got = _elements(claim, site, online, elements_path, notes)
    if isinstance(got, Check):
        return got
    els, sources = got
    ps = orbits.passes(els, site.lat, site.lon, bounds[0], bounds[1], notes=notes)
    lo, hi = bounds[0].astimezone(dt.UTC), bounds[1].astimezone(dt.UTC)
    # Days from an epoch to the window (0 inside it).
    closest = min(max(0.0, (lo - e.epoch).total_seconds(), (e.epoch - hi).total_seconds()) / 86400
                  for e in els)
    try:
        sun = elevations(site.lat, site.lon, [p.culmination for p in ps]) if ps else []
    except InputError as exc:  # passes outside the ephemeris
        return _not_checked(NAME, f"solar geometry: {exc}")
    return _passes_check(claim, site, els, ps, sun, closest, notes, sources)


def _elements(claim: ImageryClaim, site: Site, online: bool, elements_path: str | Path | None,
              notes: list[str]) -> tuple[list[Any], list[str]] | Check:
    """The orbital elements to propagate and where they come from: the elements file given
    (restricted to the provider's satellites when it holds any), else CelesTrak's for the
    provider's satellites; or the check made without them (a model, or not made)."""
    from ..online import orbits

    rows = (
        sensors.sensors_of(claim.provider, claim.constellation)
        if claim.provider not in ("unknown", "commercial")
        else []
    )
    fl = claim_fleet(claim)
    if fl.rows and not fl.alive:
        return _not_checked(NAME, f"no satellite of {fl.named} was alive in the window "
                                  f"(see the satellite check)")
    alive = tuple(n for s in fl.alive for n in s.norad_ids)
    if fl.basis == "satellite" and alive:
        # A named satellite decides: propagate it, not the whole provider.
        rows = []
    try:
        if elements_path:
            els = orbits.load_elements(elements_path, notes)
            sources = [f"orbital elements from {elements_path}"]
            mine = [e for e in els if (rows or alive) and _belongs(e, rows, alive)]
            if mine:
                els = mine
                sources[0] += f" ({len(mine)} of the provider's satellites)"
            elif rows or alive:
                sources[0] += " (none matches the provider's NORAD ids or names: all are used)"
        elif (rows or alive) and (qs := (queries_for(claim.provider, claim.constellation, alive) if rows
                                         else queries_for("", None, alive))):
            els, sources = orbits.fetch_elements(claim.provider, online=online, queries=qs)
        else:
            return _not_checked(
                NAME,
                f"provider '{claim.provider}' names no satellites to propagate "
                f"(give an elements file to check specific ones)",
            )
    except (ServiceError, InputError) as exc:
        return _model(claim, site, f"orbital elements: {exc}")
    if not els:
        return _model(claim, site, f"no orbital elements found for {claim.provider}")
    return els, sources


def _passes_check(claim: ImageryClaim, site: Site, els: list[Any], ps: list[Any], sun: list[float],
                  closest: float, notes: list[str], sources: list[str]) -> Check:
    """The passes against the claim: usable ones (in daylight for an optical sensor) near their
    elements' epoch are consistent; none, with current elements, is a soft contradiction; passes
    from stale elements are indicative only.

    Parameters
    ----------
    claim : ImageryClaim
        The claim.
    site : Site
        The site.
    els : list
        The element sets propagated.
    ps : list
        Their passes over the site in the window.
    sun : list of float
        The sun's elevation at each pass's culmination.
    closest : float
        Days from the nearest epoch to the window.
    notes : list of str
        The element sets left out, and why.
    sources : list of str
        Where the elements come from.

    Returns
    -------
    Check
    """
    from ..online import orbits

    optical = claim.sensor == "optical"
    lit = [p for p, e in zip(ps, sun) if e > 0]
    dark = len(ps) - len(lit)
    usable = lit if optical else ps
    near = [p for p in usable if p.epoch_gap_days <= orbits.STALE_DAYS]
    ev = {
        "satellites": [e.name for e in els],
        "passes": [p.as_dict() for p in ps[:100]],
        "min_epoch_distance_days": round(closest, 1),
        "reliable_passes": len(near),
        "passes_in_darkness": dark,
        "daylight_passes": len(lit),
    }
    desc = (
        f"{len(ps)} pass(es) above {orbits.MIN_ELEVATION:.0f}° over {site.name} by {len(els)} "
        f"satellite(s) ({', '.join(e.name for e in els[:6])}{' ...' if len(els) > 6 else ''}) in "
        f"{claim.window.start}..{claim.window.end}, {dark} of them in darkness"
        + (" (only daylight passes count for an optical sensor)" if optical else "")
        + f"; {len(near)} usable within {orbits.STALE_DAYS:.0f} days of their elements' epoch"
    )
    if notes:
        desc += f"; {len(notes)} element set(s) left out, e.g. {notes[0]}"
        ev["left_out"] = notes[:20]
    if usable:
        show = near or usable
        desc += "; e.g. " + ", ".join(
            f"{p.name} {p.culmination:%Y-%m-%d %H:%M} UTC {p.max_elevation:.0f}°" for p in show[:3]
        )
    if near:
        return Check(
            NAME,
            Status.CONSISTENT,
            desc + "; passes further from the epoch are indicative only",
            tuple(sources),
            ev,
            Weight.SOFT,
        )
    if not usable and closest <= orbits.STALE_DAYS:
        return Check(
            NAME,
            Status.INCONSISTENT,
            desc + ": no " + ("daylight " if optical else "") + "imaging opportunity above "
            f"{orbits.MIN_ELEVATION:.0f}°, though the elements are current (soft: an agile satellite "
            f"may look further off nadir)",
            tuple(sources),
            ev,
            Weight.SOFT,
        )
    warn = (
        f". Warning: the elements' epochs are {closest:.0f}+ days from the window, so passes are "
        f"indicative only (SGP4 errors grow by kilometres per day)"
    )
    return Check(NAME, Status.UNVERIFIED, desc + warn, tuple(sources), ev, Weight.SOFT)
