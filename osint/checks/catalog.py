"""(4) Catalog records over the site in the window (Earth Search; Umbra open data)."""

from __future__ import annotations

from typing import Any

from ..errors import ServiceError
from ..model import ImageryClaim, Site
from ..model.checks import Check, Status, Weight, _not_checked
from .context import CLEAR_SKY
from .multisite import per_site


def check_catalog(claim: ImageryClaim, *, online: bool) -> Check:
    """(4) Catalog records over the site in the window (Earth Search; Umbra open data)."""

    name = "catalog"
    if not claim.sites or claim.window.start is None or claim.window.end is None:
        return _not_checked(name, "no site or no time window")
    return per_site(name, claim, lambda s: _catalog_at(claim, s, online))


def _when(record, fmt: str) -> str:
    # An item with "datetime": null carries its start_datetime; one with neither shows n/a.
    return record.datetime.strftime(fmt) if record.datetime is not None else "n/a"


def _catalog_at(claim: ImageryClaim, site: Site, online: bool) -> Check:
    """(4) at one site: the open catalogs' records over it in the claim's window.

    Parameters
    ----------
    claim : ImageryClaim
        The claim (with a window).
    site : Site
        One of its sites.
    online : bool
        Ask the catalogs (else their cached answers only).

    Returns
    -------
    Check
        Consistent (hard) when the provider's own record is found; else unverified, with the
        independent imagery to inspect.
    """
    name = "catalog"
    results, failures = _search(claim, site, online)
    if not results:
        return _not_checked(name, "; ".join(failures))
    recs = [r for res in results for r in res.records]
    ev = {"records": [r.as_dict() for r in recs[:50]], "complete": all(r.complete for r in results)}
    sources = tuple(res.source for res in results)
    own = _own_records(claim, recs)
    summary = _summary(claim, site, recs)
    if failures:
        summary += "; not searched: " + "; ".join(failures)
    if not all(r.complete for r in results):
        summary += "; the listing was cut short (more records may exist)"
    if own:
        return Check(name, Status.CONSISTENT,
                     f"{len(own)} {claim.provider} record(s) over the site in the window: "
                     + ", ".join(f"{r.id} ({_when(r, '%Y-%m-%d %H:%M')} UTC)" for r in own[:5])
                     + f"; {summary}", sources + tuple(r.url for r in own[:5]), ev, Weight.HARD)
    who = claim.provider if claim.provider not in ("commercial", "unknown") else "the (unnamed) provider"
    return Check(name, Status.UNVERIFIED,
                 f"no open catalog record from {who} (commercial archives are mostly not open, so absence "
                 f"is not a contradiction); independent imagery to inspect: {summary}", sources, ev,
                 Weight.SOFT)


def _search(claim: ImageryClaim, site: Site, online: bool) -> tuple[list[Any], list[str]]:
    """The catalogs' answers over the site in the window (Earth Search; Umbra's open data for an
    Umbra claim), and the searches that failed."""
    from ..online import stac

    assert claim.window.start is not None and claim.window.end is not None
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
    return results, failures


def _own_records(claim: ImageryClaim, recs: list[Any]) -> list[Any]:
    """The records of the claim's provider (by platform, collection or id)."""
    prov = claim.provider.lower().replace(" space", "")
    if not prov or prov in ("commercial", "unknown"):
        return []
    return [r for r in recs if prov in (r.platform or "").lower() or prov in r.collection.lower()
            or prov in r.id.lower() or (prov.startswith("sentinel") and prov in r.collection.lower())]


def _summary(claim: ImageryClaim, site: Site, recs: list[Any]) -> str:
    """The Sentinel-1 and Sentinel-2 scenes over the site in the window (the clear ones listed)."""
    s1 = [r for r in recs if "sentinel-1" in r.collection]
    s2 = [r for r in recs if "sentinel-2" in r.collection]
    s2_clear = [r for r in s2 if r.cloud_cover is not None and r.cloud_cover <= CLEAR_SKY]
    clear = ", ".join(f"{_when(r, '%Y-%m-%d')} {r.cloud_cover:.0f}%" for r in s2_clear[:6])
    w = claim.window
    return (f"{len(s1)} Sentinel-1 and {len(s2)} Sentinel-2 scenes over {site.name} in "
            f"{w.start}..{w.end} ({len(s2_clear)} Sentinel-2 with cloud ≤ {CLEAR_SKY:.0f}%"
            + (f": {clear}" if s2_clear else "") + ")")
