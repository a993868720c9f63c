"""Where to go and look: archive and browser links for a claim's site and window.

Each link is built from a fixed template; only numbers (the site's coordinates, a small box
around it) and ISO dates from the claim's window are filled in, each through ``urllib.parse``
(query values encoded, path parts quoted), so no word of the article reaches a URL. The
templates follow each service's own link form as it appears in its shared links: Copernicus
Browser (``datasetId`` S2_L2A_CDAS, S1_CDAS_IW_VVVH; ``fromTime``/``toTime``), Planet Explorer
(``#/center/lon,lat/zoom/z/dates/from..to``), Earth Search's STAC item search (``bbox``,
``datetime``, ``collections``), Umbra's open-data STAC catalog in STAC Browser, and Maxar
Discover, whose links carry no search parameters (the site and dates are given in the label).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote, urlencode

from ..config import get
from ..model import ImageryClaim, Site

#: Half the side of the box searched around a site, in degrees (about 2 km).
BOX_DEG = 0.02


def _days(claim: ImageryClaim) -> tuple[dt.date, dt.date] | None:
    w = claim.window
    return (w.start, w.end) if w.start is not None and w.end is not None else None


def _copernicus(site: Site, d0: dt.date, d1: dt.date, dataset: str) -> str:
    q = {"zoom": "14", "lat": f"{site.lat:.5f}", "lng": f"{site.lon:.5f}", "themeId": "DEFAULT-THEME",
         "datasetId": dataset, "fromTime": f"{d0.isoformat()}T00:00:00.000Z",
         "toTime": f"{d1.isoformat()}T23:59:59.999Z"}
    return "https://browser.dataspace.copernicus.eu/?" + urlencode(q)


def _planet(site: Site, d0: dt.date, d1: dt.date) -> str:
    path = (f"center/{site.lon:.5f},{site.lat:.5f}/zoom/14/dates/"
            f"{d0.isoformat()}T00:00:00.000Z..{d1.isoformat()}T23:59:59.999Z")
    return "https://www.planet.com/explorer/#/" + quote(path, safe="/,.:")


def _earth_search(site: Site, d0: dt.date, d1: dt.date, collection: str) -> str:
    box = (site.lon - BOX_DEG, site.lat - BOX_DEG, site.lon + BOX_DEG, site.lat + BOX_DEG)
    q = {"collections": collection, "bbox": ",".join(f"{x:.4f}" for x in box),
         "datetime": f"{d0.isoformat()}T00:00:00Z/{d1.isoformat()}T23:59:59Z", "limit": "50"}
    return get("OSINT_STAC_URL").rstrip("/") + "/search?" + urlencode(q)


def look_links(claim: ImageryClaim) -> tuple[tuple[str, str], ...]:
    """(label, URL) pairs to inspect the imagery of each site of ``claim`` over its window.

    Open archives for the sensor the claim names (both when it names none); the provider's own
    browser when it is Planet, Maxar or Umbra (all three for an unnamed commercial provider).
    """
    days = _days(claim)
    if days is None or not claim.sites:
        return ()
    d0, d1 = days
    optical = claim.sensor in ("optical", "unknown", "")
    radar = claim.sensor in ("sar", "unknown", "")
    prov = claim.provider
    anyone = prov in ("unknown", "commercial")
    out: list[tuple[str, str]] = []
    for site in claim.sites[:3]:
        where = f"{site.name} ({site.lat:.4f}, {site.lon:.4f}), {d0}..{d1}"
        if optical:
            out.append((f"Copernicus Browser, Sentinel-2 L2A over {where}",
                        _copernicus(site, d0, d1, "S2_L2A_CDAS")))
            out.append((f"Earth Search STAC, Sentinel-2 L2A items over {where}",
                        _earth_search(site, d0, d1, "sentinel-2-l2a")))
        if radar:
            out.append((f"Copernicus Browser, Sentinel-1 IW over {where}",
                        _copernicus(site, d0, d1, "S1_CDAS_IW_VVVH")))
        if prov == "Planet" or anyone:
            out.append((f"Planet Explorer over {where} (account needed to order)", _planet(site, d0, d1)))
        if prov == "Maxar" or anyone:
            out.append((f"Maxar Discover: search {where} (its links take no search parameters)",
                        "https://discover.maxar.com/"))
        if prov == "Umbra" or (anyone and radar):
            out.append((f"Umbra open data (STAC Browser): look for {where}",
                        "https://radiantearth.github.io/stac-browser/#/external/"
                        + quote(get("OSINT_UMBRA_STAC_URL").split("://", 1)[-1], safe="/.-_")))
    return tuple(dict.fromkeys(out))
