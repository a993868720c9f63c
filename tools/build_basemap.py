"""Build ``data/basemap.json.gz``: the offline vector base drawn under the maps when no tiles load.

Natural Earth (public domain) land, lakes, rivers, country and first-order borders,
urban areas and populated places, simplified, quantised and cut into cells of a grid, at two
levels: ``fine`` (the 1:10m layers, kept to about 100 m) for the story's area, and ``coarse``
(the same layers thinned to about 2 km, only their larger features) for the region around it.
``osint.render.basemap`` reads the cells a map needs and clips them to its area; the
coastline is the land's outline less the edges that lie on a cell's or the area's border (the
1:10m coastline layer is the same line, so it is not shipped twice). Run

    python tools/build_basemap.py RAW_DIR            # writes data/basemap.json.gz
    python tools/build_basemap.py RAW_DIR --out x.gz # elsewhere

It needs only the standard library, and two runs give the same bytes. RAW_DIR holds the
Natural Earth layers as GeoJSON (``<layer>.json``); ``data/basemap_SOURCES.md`` says where each
was read from. The files of https://github.com/martynafford/natural-earth-geojson
(``10m/physical/<layer>.7z``, ``10m/cultural/<layer>.7z``, ``50m/cultural/<layer>.7z``, unpacked
with ``7z x``) are the ones read; the same layers as shapefiles come from
https://www.naturalearthdata.com/downloads/ (``ogr2ogr -f GeoJSON <layer>.json <layer>.shp``).

Format (version 2): ``{"version", "source", "precision", "levels": {level: {"cell": degrees,
"tolerance": degrees, "layers": {layer: {"kind": "polygon"|"line"|"point", "cells": {"x,y":
JSON text of [[props, part, part, ...], ...]}}}}}}`` (each cell's list is JSON text of its own,
so that a reader parses only the cells it needs). A cell key is the cell's south-west corner divided by
the cell size. Each part is a ring, a line or a point in Google's encoded-polyline form (lat,
lon, ``precision`` decimals); a polygon's parts are the rings of its pieces in the cell and of
their holes, filled even-odd (the rings cut by ``osint/render/clip.py``: no bridges).
``props`` is a short list: ``[min_zoom]`` for most layers, ``[min_zoom, name, kind]`` for
places, ``[min_zoom, name]`` for rivers and lakes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "basemap.json.gz"


def _clip_module():
    """``osint/render/clip.py``, loaded by its path (standard library only, no package import)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("osint_clip", ROOT / "osint" / "render" / "clip.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


_CLIP = _clip_module()
clip_ring, clip_line = _CLIP.clip_ring, _CLIP.clip_line

VERSION = 2
PRECISION = 4

#: Layer -> (file, kind, the properties kept).
LAYERS = {
    "land": ("ne_10m_land", "polygon"),
    "urban": ("ne_50m_urban_areas", "polygon"),
    "lakes": ("ne_10m_lakes", "polygon"),
    "rivers": ("ne_10m_rivers_lake_centerlines", "line"),
    "borders": ("ne_10m_admin_0_boundary_lines_land", "line"),
    "admin1": ("ne_50m_admin_1_states_provinces_lines", "line"),
    "places": ("ne_10m_populated_places_simple", "point"),
}

#: Level -> (cell size in degrees, simplification tolerance in degrees, the largest min_zoom kept).
LEVELS = {
    "fine": (5.0, 0.001, 99.0),
    "coarse": (30.0, 0.02, 5.0),
}

#: Polygons (per ring) smaller than this share of a squared tolerance are dropped at a level.
MIN_RING_AREA = 4.0


def simplify(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas-Peucker in degrees (lon, lat), iteratively; both ends kept."""
    n = len(points)
    if n < 3 or tol <= 0:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    tol2 = tol * tol
    while stack:
        a, b = stack.pop()
        ax, ay = points[a]
        bx, by = points[b]
        dx, dy = bx - ax, by - ay
        seg = dx * dx + dy * dy
        best, idx = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            if seg == 0:
                d = (px - ax) ** 2 + (py - ay) ** 2
            else:
                t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / seg))
                d = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2
            if d > best:
                best, idx = d, i
        if best > tol2 and idx > 0:
            keep[idx] = True
            stack.append((a, idx))
            stack.append((idx, b))
    return [p for p, k in zip(points, keep) if k]


def ring_area(ring: list[tuple[float, float]]) -> float:
    """Unsigned shoelace area in square degrees."""
    s = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        s += x1 * y2 - x2 * y1
    return abs(s) / 2


Point = tuple[float, float]
Box = tuple[float, float, float, float]


def encode(points: Iterable[tuple[float, float]], precision: int = PRECISION) -> str:
    """Google's encoded polyline (lat, lon order) of (lon, lat) points."""
    factor = 10 ** precision
    out: list[str] = []
    plat = plon = 0
    for lon, lat in points:
        ilat, ilon = round(lat * factor), round(lon * factor)
        for v in (ilat - plat, ilon - plon):
            v = ~(v << 1) if v < 0 else v << 1
            while v >= 0x20:
                out.append(chr((0x20 | (v & 0x1F)) + 63))
                v >>= 5
            out.append(chr(v + 63))
        plat, plon = ilat, ilon
    return "".join(out)


def _quantised(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for x, y in points:
        p = (round(x, PRECISION), round(y, PRECISION))
        if not out or p != out[-1]:
            out.append(p)
    return out


def _geoms(geom: dict) -> Iterator[list]:
    """The parts of a geometry: polygons (lists of rings) or lines, as lists of (lon, lat)."""
    t = geom.get("type")
    coords = geom.get("coordinates") or []
    if t == "Polygon":
        yield [[(float(x), float(y)) for x, y, *_ in r] for r in coords]
    elif t == "MultiPolygon":
        for poly in coords:
            yield [[(float(x), float(y)) for x, y, *_ in r] for r in poly]
    elif t == "LineString":
        yield [(float(x), float(y)) for x, y, *_ in coords]
    elif t == "MultiLineString":
        for line in coords:
            yield [(float(x), float(y)) for x, y, *_ in line]
    elif t == "Point":
        yield [(float(coords[0]), float(coords[1]))]


def _cells(bbox: tuple[float, float, float, float], size: float) -> Iterator[tuple[int, int]]:
    w, s, e, n = bbox
    for cx in range(math.floor(w / size), math.floor(e / size) + 1):
        for cy in range(math.floor(s / size), math.floor(n / size) + 1):
            yield cx, cy


def _bbox(points: Iterable[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = zip(*points)
    return min(xs), min(ys), max(xs), max(ys)


def _text(value: object) -> str:
    """A name as shipped: printable, trimmed, at most 80 characters."""
    s = "" if value is None else str(value)
    s = "".join(ch for ch in s if ch.isprintable()).strip()
    return s[:80]


#: Natural Earth place classes that are not towns.
SKIPPED_PLACES = ("Scientific station", "Meteorological Station", "Historic place")


def _props(layer: str, p: dict) -> list | None:
    """The short property list kept, or None to drop the feature."""
    z = p.get("min_zoom")
    z = float(z) if isinstance(z, (int, float)) and z > 0 else 0.0
    if layer == "places":
        name = _text(p.get("name"))
        if not name or p.get("featurecla") in SKIPPED_PLACES:
            return None
        capital = 2 if str(p.get("featurecla", "")).startswith("Admin-0 capital") else \
            1 if str(p.get("featurecla", "")).startswith("Admin-1") else 0
        return [z, name, capital]
    if layer == "rivers":
        if p.get("featurecla") == "Lake Centerline":  # the lakes layer draws those lakes
            return None
        return [z, _text(p.get("name"))]
    if layer == "lakes":
        return [z, _text(p.get("name"))]
    return [z]


def build_level(raw: Path, level: str) -> dict:
    size, tol, max_zoom = LEVELS[level]
    out: dict[str, dict] = {}
    for layer, (file, kind) in LAYERS.items():
        data = json.loads((raw / f"{file}.json").read_text("utf-8"))
        cells: dict[str, list] = {}
        for feat in data["features"]:
            props = _props(layer, feat.get("properties") or {})
            if props is None or props[0] > max_zoom or not feat.get("geometry"):
                continue
            for part in _geoms(feat["geometry"]):
                if kind == "point":
                    (x, y), = part
                    key = f"{math.floor(x / size)},{math.floor(y / size)}"
                    cells.setdefault(key, []).append([*props, encode([(x, y)])])
                    continue
                if kind == "polygon":
                    rings = [simplify(r, tol) for r in part]
                    if len(rings[0]) < 4 or ring_area(rings[0]) < MIN_RING_AREA * tol * tol:
                        continue
                    small = MIN_RING_AREA * tol * tol
                    holes = [r for r in rings[1:] if len(r) >= 4 and ring_area(r) >= small]
                    for cx, cy in _cells(_bbox(rings[0]), size):
                        box = (cx * size, cy * size, (cx + 1) * size, (cy + 1) * size)
                        # The pieces of the ring in the cell and of its holes, each a ring of its
                        # own (no bridges along the cell's border); drawn even-odd as one polygon.
                        cut = [_quantised(piece) for r in [rings[0], *holes]
                               for piece in clip_ring(r[:-1], box)]
                        parts = [encode(r) for r in cut if len(r) >= 3]
                        if parts:
                            cells.setdefault(f"{cx},{cy}", []).append([*props, *parts])
                else:
                    line = simplify(part, tol)
                    if len(line) < 2:
                        continue
                    for cx, cy in _cells(_bbox(line), size):
                        box = (cx * size, cy * size, (cx + 1) * size, (cy + 1) * size)
                        for piece in clip_line(line, box):
                            q = _quantised(piece)
                            if len(q) >= 2:
                                cells.setdefault(f"{cx},{cy}", []).append([*props, encode(q)])
        # Each cell as JSON text of its own: a reader parses only the cells its map needs.
        out[layer] = {"kind": kind, "cells": {k: json.dumps(v, ensure_ascii=False, separators=(",", ":"))
                                              for k, v in sorted(cells.items())}}
        n = sum(len(v) for v in cells.values())
        print(f"{level:6} {layer:8} {n:7} pieces in {len(cells):4} cells", file=sys.stderr)
    return {"cell": size, "tolerance": tol, "layers": out}


SOURCE = ("Natural Earth (public domain), naturalearthdata.com: 1:10m land, lakes, rivers "
          "and lake centre lines, admin-0 land boundary lines, populated places (simple), v4.0.0; 1:50m "
          "admin-1 boundary lines and urban areas. Simplified by tools/build_basemap.py.")


def build(raw: Path) -> dict:
    return {"version": VERSION, "source": SOURCE, "precision": PRECISION,
            "levels": {level: build_level(raw, level) for level in LEVELS}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("raw", help="folder of Natural Earth GeoJSON files (<layer>.json)")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    raw = Path(args.raw)
    missing = [f for f, _ in LAYERS.values() if not (raw / f"{f}.json").is_file()]
    if missing:
        print(f"build_basemap: missing in {raw}: {', '.join(missing)}", file=sys.stderr)
        return 2
    body = json.dumps(build(raw), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    out = Path(args.out)
    # mtime 0 and no file name in the header: the same bytes on every run.
    with open(out, "wb") as fh, \
            gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0, compresslevel=9) as gz:
        gz.write(body)
    print(f"{out}: {out.stat().st_size:,} bytes ({len(body):,} uncompressed)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
