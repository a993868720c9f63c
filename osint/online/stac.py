"""Catalog records of imagery over a site: STAC API search and static catalogs.

- Element84 Earth Search v1 (``/search``, collections ``sentinel-2-l2a`` with
  ``eo:cloud_cover`` and ``sentinel-1-grd``), its landing page checked for item search and
  the answer read with pystac.
- Umbra's open-data static catalog (``catalog.json`` -> collections -> items),
  walked link by link with pystac objects, within a request budget.

Answers are cached (see :mod:`osint.online.http`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..errors import ServiceError
from .http import NotAvailable, base_url, fetch_json, same_origin

EARTH_SEARCH_ENV = "OSINT_STAC_URL"
UMBRA_ENV = "OSINT_UMBRA_STAC_URL"
SENTINEL_COLLECTIONS = ("sentinel-1-grd", "sentinel-2-l2a")
#: Most documents read while walking a static catalog.
WALK_BUDGET = 200


@dataclass(frozen=True, slots=True)
class SceneRecord:
    """One catalog item over the site."""

    id: str
    collection: str
    datetime: dt.datetime | None
    platform: str | None
    cloud_cover: float | None
    bbox: tuple[float, ...] | None
    url: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"id": self.id, "collection": self.collection,
                "datetime": self.datetime.isoformat() if self.datetime else None,
                "platform": self.platform, "cloud_cover": self.cloud_cover, "url": self.url}


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Records from one catalog, and how they were obtained."""

    catalog: str
    records: tuple[SceneRecord, ...]
    source: str
    complete: bool = True


def point_bbox(lat: float, lon: float, buffer_km: float = 1.0) -> tuple[float, float, float, float]:
    """A small box around a point (west, south, east, north)."""
    import math

    dlat = buffer_km / 111.32
    dlon = buffer_km / (111.32 * max(0.01, math.cos(math.radians(lat))))
    return (round(lon - dlon, 5), round(lat - dlat, 5), round(lon + dlon, 5), round(lat + dlat, 5))


def _links(d: dict) -> list[dict]:
    """The well-formed links of a STAC object: objects with a string ``href``."""
    links = d.get("links")
    if not isinstance(links, list):
        return []
    return [ln for ln in links if isinstance(ln, dict) and isinstance(ln.get("href"), str) and ln["href"]]


def clean_item_collection(data: Any) -> dict:
    """A STAC ItemCollection with only the items pystac can read (one bad item spoils no other).

    Raises
    ------
    ServiceError
        When the answer is not an ItemCollection at all.
    """
    import pystac

    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise ServiceError("STAC answer is not an ItemCollection (no features list)")
    good = []
    for f in data["features"]:
        if not isinstance(f, dict):
            continue
        f = {**f, "links": _links(f)}
        try:
            # The record is made here too, so an item it cannot be made from (a cloud cover of
            # "abc", a bbox of strings) is left out before anything is cached.
            _record(pystac.Item.from_dict(f, preserve_dict=True), "")
        except Exception:  # pystac raises many kinds for malformed items
            continue
        good.append(f)
    return {"type": "FeatureCollection", "features": good, "links": _links(data)}


def _number(value: Any, what: str) -> float:
    """A finite JSON number (not a bool, not a string of digits)."""
    import math

    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{what} is not a number: {str(value)[:40]!r}")
    return float(value)


def _record(item: Any, url: str) -> SceneRecord:
    """The record of a pystac Item.

    Raises
    ------
    ValueError, TypeError
        A cloud cover outside 0-100 or not a number, a bbox that is not 4 or 6 numbers, a
        ``start_datetime`` that is no date.
    """
    props = item.properties
    cc = props.get("eo:cloud_cover")
    cloud = None if cc is None else _number(cc, "eo:cloud_cover")
    if cloud is not None and not 0 <= cloud <= 100:
        raise ValueError(f"eo:cloud_cover {cloud:g} is not a percentage")
    bbox = None
    if item.bbox:
        if not isinstance(item.bbox, (list, tuple)) or len(item.bbox) not in (4, 6):
            raise ValueError("bbox is not 4 or 6 numbers")
        bbox = tuple(_number(v, "bbox") for v in item.bbox)
    # An item with "datetime": null gives its interval instead (STAC: start_/end_datetime).
    when = item.datetime or _instant(props.get("start_datetime"))
    platform = props.get("platform")
    return SceneRecord(str(item.id), str(item.collection_id or ""), when,
                       platform if isinstance(platform, str) else None, cloud, bbox, url)


def _window_str(start: dt.date, end: dt.date) -> str:
    return f"{start.isoformat()}T00:00:00Z/{end.isoformat()}T23:59:59Z"


def earth_search(lat: float, lon: float, start: dt.date, end: dt.date, *, online: bool,
                 collections: tuple[str, ...] = SENTINEL_COLLECTIONS, limit: int = 100) -> SearchResult:
    """Search Earth Search for items over a point in the window (one POST ``/search``).

    The first page (up to ``limit`` items) is kept: ample for a month over one site.

    Raises
    ------
    ServiceError
        Offline without cache, service failure, or an answer that is not an ItemCollection.
    """
    import pystac

    url = base_url(EARTH_SEARCH_ENV)
    body = {"collections": list(collections), "bbox": list(point_bbox(lat, lon)),
            "datetime": _window_str(start, end), "limit": limit}
    got = _search(url, body, online)
    try:
        ic = pystac.ItemCollection.from_dict(got.data, preserve_dict=False)
    except Exception as exc:
        raise ServiceError(f"STAC answer is not an ItemCollection ({type(exc).__name__}: {exc})") from exc
    recs = tuple(_record(it, f"{url}/collections/{it.collection_id}/items/{it.id}") for it in ic)
    return SearchResult("Earth Search", recs, got.provenance,
                        complete=not any(link.get("rel") == "next" for link in got.data.get("links", [])))


def _stac_object(data: Any) -> dict:
    """A static catalog's document with its malformed links left out; an Item must make a record
    (:func:`_record`), else it is not cached."""
    if not isinstance(data, dict):
        raise ServiceError("not a STAC object (expected a JSON object)")
    out = {**data, "links": _links(data)}
    if out.get("type") == "Feature":
        import pystac

        try:
            _record(pystac.Item.from_dict(out, preserve_dict=True), "")
        except Exception as exc:  # pystac raises many kinds for malformed items
            raise ServiceError(f"not a valid STAC Item ({type(exc).__name__}: {str(exc)[:120]})") from exc
    return out


def _landing(data: Any) -> dict:
    """A STAC API landing page that offers item search (a ``search`` link or the conformance class)."""
    if not isinstance(data, dict):
        raise ServiceError("the landing page is not a JSON object")
    conforms = data.get("conformsTo") if isinstance(data.get("conformsTo"), list) else []
    search = any(ln.get("rel") == "search" for ln in _links(data)) or any(
        isinstance(c, str) and "item-search" in c for c in conforms)
    if not search:
        raise ServiceError("the landing page offers no item search (no 'search' link or conformance class)")
    return {**data, "links": _links(data)}


def _search(url: str, body: dict, online: bool):
    """POST /search through the cache; the landing page is checked first when fetching fresh."""
    try:
        return fetch_json("stac", f"{url}/search", body=body, online=False, clean=clean_item_collection)
    except NotAvailable:
        if not online:
            raise
    try:
        fetch_json("stac", url, online=True, clean=_landing, refresh=True)
    except ServiceError as exc:
        raise ServiceError(f"STAC API at {url} unusable: {exc}") from exc
    return fetch_json("stac", f"{url}/search", body=body, online=True, clean=clean_item_collection)


def _intersects(bbox: list | tuple | None, lon: float, lat: float) -> bool:
    if not bbox or len(bbox) < 4:
        return True  # no extent given: look inside
    w, s, e, n = (float(v) for v in (bbox[0], bbox[1], bbox[-2], bbox[-1]))
    return w <= lon <= e and s <= lat <= n


def _instant(value: Any) -> dt.datetime | None:
    if not value:
        return None
    t = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)


def _overlaps(interval: list | None, start: dt.datetime, end: dt.datetime) -> bool:
    if not interval:
        return True
    a, b = _instant(interval[0]), _instant(interval[1] if len(interval) > 1 else None)
    return (a is None or a <= end) and (b is None or b >= start)


def static_catalog_search(lat: float, lon: float, start: dt.date, end: dt.date, *, online: bool,
                          url: str | None = None, budget: int = WALK_BUDGET) -> SearchResult:
    """Walk a static STAC catalog (default Umbra open data) for items over a point in the window.

    Children whose extent misses the point or the window are skipped, and so are links to
    another host than the root's; at most ``budget`` documents are asked for, those that
    fail included (the result says when the walk was cut short).
    """
    import pystac

    root = url or base_url(UMBRA_ENV)
    t0 = dt.datetime.combine(start, dt.time(), dt.UTC)
    t1 = dt.datetime.combine(end, dt.time(23, 59, 59), dt.UTC)
    queue = [root]
    seen: set[str] = set()
    recs: list[SceneRecord] = []
    sources = attempts = 0
    skipped: list[str] = []
    cached_all = True
    # Every attempt counts against the budget, a failed one too: a catalog of a thousand
    # broken links is walked no longer than one of a thousand good ones.
    while queue and attempts < budget:
        href = queue.pop(0)
        if href in seen:
            continue
        seen.add(href)
        attempts += 1
        try:
            got = fetch_json("umbra-stac", href, online=online, clean=_stac_object)
        except ServiceError as exc:
            if href == root:
                raise
            # A child that cannot be fetched (or is not cached offline) leaves the walk incomplete.
            skipped.append(f"{href}: {exc}")
            continue
        sources += 1
        cached_all = cached_all and got.cached
        d = got.data
        kind = d.get("type")
        try:
            if kind == "Feature":
                item = pystac.Item.from_dict(d, preserve_dict=False)
                if item.datetime is None:
                    when_ok = _overlaps([item.properties.get("start_datetime"),
                                         item.properties.get("end_datetime")], t0, t1)
                else:
                    when_ok = t0 <= item.datetime <= t1
                if when_ok and _intersects(item.bbox, lon, lat):
                    recs.append(_record(item, href))
                continue
            if kind == "Collection":
                col = pystac.Collection.from_dict(d, preserve_dict=False)
                sp = col.extent.spatial.bboxes
                tm = col.extent.temporal.intervals
                if not any(_intersects(b, lon, lat) for b in sp) or not any(
                        _overlaps([x.isoformat() if x else None for x in iv], t0, t1) for iv in tm):
                    continue
            elif kind != "Catalog":
                raise ServiceError(f"{href} is not a STAC Catalog, Collection or Item")
        except Exception as exc:  # pystac raises many kinds for malformed documents
            if href == root:
                raise ServiceError(f"{href} is not valid STAC ({type(exc).__name__}: {exc})") from exc
            skipped.append(f"{href}: not valid STAC ({type(exc).__name__})")
            continue
        for link in d["links"]:
            if link.get("rel") not in ("child", "item"):
                continue
            try:
                nxt = urljoin(href, link["href"])
                elsewhere = not same_origin(nxt, root)
            except ValueError:
                skipped.append(f"{href}: a malformed link {link['href'][:80]!r}")
                continue
            if elsewhere:
                # A catalog's links stay on its own host: one elsewhere (an internal address,
                # another site) is never fetched on the catalog's say-so.
                skipped.append(f"{href}: a link to another host ({urlsplit(nxt).netloc[:80]}), not followed")
                continue
            queue.append(nxt)
    complete = not queue and not skipped
    how = "cache" if cached_all else "fetched"
    note = f"; {len(skipped)} document(s) skipped, e.g. {skipped[0]}" if skipped else ""
    if queue:
        note += f"; stopped after {attempts} requests, the most one walk may make"
    return SearchResult("Umbra open data", tuple(recs), f"{root} ({sources} documents, {how}{note})",
                        complete)
