"""Map tiles for a story's area: fetched (bounded, when the user allows the network) and cached.

``osint map --online --embed`` fetches the tiles of the map's opening view and one zoom around
it, from OpenStreetMap and an imagery layer, into the cache folder (``<cache>/tiles/<source>/
z/x/y.<ext>``), through the package's one HTTP session (:mod:`osint.online.http`: deadline,
size cap, retries, circuit breaker); ``--embed`` alone (offline) inlines what the cache holds,
so the page opens with a basemap on an air-gapped machine.

Terms respected:

- **OpenStreetMap** (tile.openstreetmap.org, data ODbL, credit "© OpenStreetMap contributors"):
  the tile usage policy forbids bulk downloading (never more than 250 tiles at zoom 13 or more
  for offline use) and asks for a user agent that names the application and for caching: at
  most :data:`MAX_TILES` tiles per source and map, two requests at a time at most (one here),
  the project's user agent, and a cached tile is never fetched again for :data:`MAX_AGE_DAYS`.
- **Sentinel-2 cloudless 2016** by EOX IT Services GmbH (CC BY 4.0: use, caching and
  redistribution allowed with the credit in :data:`S2_ATTRIBUTION`, shown beside the map).
  Esri World Imagery stays a live layer only: its terms do not allow keeping its tiles.

Sources' URLs are settings (``OSINT_OSM_TILES_URL``, ``OSINT_IMAGERY_TILES_URL``), so tests
point them at a server on 127.0.0.1 and an organisation at its own tile server.
"""

from __future__ import annotations

import base64
import math
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import config
from ..errors import ServiceError

#: Most tiles fetched or embedded per source for one map (OSM's policy: never 250 at z >= 13).
MAX_TILES = 120


#: A cached tile younger than this is used as it is (OSM asks for at least 7 days).
MAX_AGE_DAYS = 30


#: The largest tile accepted (bytes).
MAX_TILE_BYTES = 1_000_000


OSM_TILE_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
                        'contributors (ODbL)')


S2_ATTRIBUTION = ('<a href="https://s2maps.eu">Sentinel-2 cloudless - https://s2maps.eu</a> by EOX IT '
                  'Services GmbH (Contains modified Copernicus Sentinel data 2016 &amp; 2017), CC BY 4.0')


@dataclass(frozen=True)
class TileSource:
    """A tile layer that may be cached and embedded.

    Attributes
    ----------
    key : str
        Its folder in the tile cache.
    name : str
        Its name in the map's layer control.
    setting : str
        The ``OSINT_*`` setting holding its URL template (``{z}``, ``{x}``, ``{y}``).
    attribution : str
        The credit (fixed HTML) shown with its tiles.
    max_zoom : int
        The deepest zoom it serves.
    kind : str
        ``png`` or ``jpeg``.
    """

    key: str
    name: str
    setting: str
    attribution: str
    max_zoom: int
    kind: str

    @property
    def url(self) -> str:
        return config.get(self.setting)


SOURCES: dict[str, TileSource] = {
    "osm": TileSource("osm", "OpenStreetMap", "OSINT_OSM_TILES_URL", OSM_TILE_ATTRIBUTION, 18, "png"),
    "s2cloudless": TileSource("s2cloudless", "Satellite: Sentinel-2 cloudless 2016 (10 m)",
                              "OSINT_IMAGERY_TILES_URL", S2_ATTRIBUTION, 14, "jpeg"),
}


Tile = tuple[int, int, int]  # z, x, y


def tile_xy(lat: float, lon: float, z: int) -> tuple[int, int]:
    """The Web Mercator tile holding a point at zoom ``z``."""
    lat = max(-85.0511, min(85.0511, lat))
    n = 2 ** z
    x = int((lon + 180.0) / 360.0 * n)
    r = math.radians(lat)
    y = int((1.0 - math.asinh(math.tan(r)) / math.pi) / 2.0 * n)
    return min(n - 1, max(0, x)), min(n - 1, max(0, y))


def tiles_in(box: tuple[float, float, float, float], z: int) -> list[Tile]:
    """The tiles covering (west, south, east, north) at zoom ``z``."""
    w, s, e, n = box
    x0, y0 = tile_xy(n, w, z)
    x1, y1 = tile_xy(s, e, z)
    return [(z, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]


def fit_zoom(box: tuple[float, float, float, float], width: int = 1280, height: int = 800) -> int:
    """The zoom at which ``box`` fits a window of ``width`` x ``height`` pixels (as Leaflet fits it)."""
    w, s, e, n = box

    def merc(lat: float) -> float:
        r = math.radians(max(-85.0, min(85.0, lat)))
        return math.log(math.tan(math.pi / 4 + r / 2))

    dx = max(e - w, 1e-6) / 360.0
    dy = max(merc(n) - merc(s), 1e-9) / (2 * math.pi)
    z = min(math.log2(width / 256 / dx), math.log2(height / 256 / dy))
    return max(0, min(18, math.floor(z)))


def plan(box: tuple[float, float, float, float], source: TileSource, *,
         max_tiles: int = MAX_TILES) -> list[Tile]:
    """The tiles a map of ``box`` opens on, phone to wide screen, and one zoom closer.

    Zooms from two below the wide screen's fit (a phone's view) to one above it, each over the
    box with a margin of half its size (the view leaves room for the legend on the right); the
    deepest zooms are dropped first when the whole would pass ``max_tiles``.
    """
    w, s, e, n = box
    mx, my = (e - w) / 2, (n - s) / 2
    area = (max(-180.0, w - mx), max(-85.0, s - my), min(180.0, e + mx), min(85.0, n + my))
    z0 = fit_zoom(box)
    zooms = [z for z in range(max(0, z0 - 2), z0 + 2) if z <= source.max_zoom]
    out: list[Tile] = []
    for z in zooms:
        more = tiles_in(area, z)
        if len(out) + len(more) > max_tiles:
            break
        out += more
    return out


def tile_root() -> Path:
    """The folder of cached tiles (under the cache folder, ``OSINT_CACHE_DIR``)."""
    from ..paths import cache_dir

    return cache_dir() / "tiles"


def tile_path(source: TileSource, tile: Tile) -> Path:
    z, x, y = tile
    return tile_root() / source.key / str(z) / str(x) / f"{y}.{'png' if source.kind == 'png' else 'jpg'}"


def _image_kind(data: bytes) -> str:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    return ""


@dataclass
class TileReport:
    """What :func:`fetch_tiles` did for one source."""

    source: str
    planned: int = 0
    cached: int = 0
    fetched: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    embedded: int = 0


def fetch_tiles(source: TileSource, tiles: Iterable[Tile], *, session: object | None = None,
                now: float | None = None) -> TileReport:
    """Fetch the tiles not cached (or older than :data:`MAX_AGE_DAYS`) into the tile cache.

    Only images are kept (PNG or JPEG, at most :data:`MAX_TILE_BYTES`); a failing source stops
    after its circuit opens (:mod:`osint.online.http`), and what failed is counted, never raised.
    """
    from ..io import atomic_output
    from .http import Session, default_session

    sess = session if isinstance(session, Session) else default_session()
    report = TileReport(source.key)
    fresh = (now if now is not None else time.time()) - MAX_AGE_DAYS * 86400
    template = source.url
    for tile in tiles:
        report.planned += 1
        path = tile_path(source, tile)
        try:
            if path.is_file() and path.stat().st_mtime >= fresh:
                report.cached += 1
                continue
        except OSError:
            pass
        z, x, y = tile
        url = template.replace("{z}", str(z)).replace("{x}", str(x)).replace("{y}", str(y))
        try:
            resp = sess.request("GET", url, headers={"Accept": "image/png,image/jpeg,image/*"},
                                max_bytes=MAX_TILE_BYTES, retries=1, service=f"tiles {source.key}")
        except ServiceError as exc:
            report.failed += 1
            if len(report.errors) < 3:
                report.errors.append(str(exc)[:200])
            continue
        kind = _image_kind(resp.body) if resp.status == 200 else ""
        if not kind:
            report.failed += 1
            if len(report.errors) < 3:
                report.errors.append(f"{source.key} {z}/{x}/{y}: HTTP {resp.status}, not an image")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_output(str(path), binary=True) as out:
            out.write(resp.body)
        report.fetched += 1
    return report


def cached_tiles(source: TileSource, tiles: Sequence[Tile]) -> dict[str, str]:
    """The cached tiles among ``tiles`` as data URIs, keyed ``"z/x/y"`` (images checked again)."""
    out: dict[str, str] = {}
    for tile in tiles:
        path = tile_path(source, tile)
        try:
            if not path.is_file() or path.stat().st_size > MAX_TILE_BYTES:
                continue
            data = path.read_bytes()
        except OSError:
            continue
        kind = _image_kind(data)
        if kind:
            z, x, y = tile
            out[f"{z}/{x}/{y}"] = f"data:image/{kind};base64,{base64.b64encode(data).decode('ascii')}"
    return out


def cached_date(source: TileSource, tiles: Sequence[Tile]) -> str:
    """The date (UTC) of the newest cached tile among ``tiles``, '' when none is cached."""
    newest = 0.0
    for tile in tiles:
        try:
            newest = max(newest, os.stat(tile_path(source, tile)).st_mtime)
        except OSError:
            continue
    return time.strftime("%Y-%m-%d", time.gmtime(newest)) if newest else ""
