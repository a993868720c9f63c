"""The ground under a map offline: Natural Earth land, water, borders and towns, cut to the story.

``data/basemap.json.gz`` (built by ``tools/build_basemap.py``; sources in
``data/basemap_SOURCES.md``) holds Natural Earth's land, lakes, rivers, country and first-order
borders, urban areas and populated places at two levels: ``fine`` (1:10m, kept to about
100 m) and ``coarse`` (thinned to about 2 km, larger features only). :func:`ground` reads the
cells an area needs and clips them to it, so a map carries the ground of its story, not the
world's: the fine level over the story's area and a margin, the coarse level over the region
around it. The coastline is the land's outline less the edges that lie on a cell's or the
area's border (those are cuts, not coast).

What it cannot give offline: roads, buildings, terrain and imagery (Natural Earth has no roads
readable here at 1:10m, and nothing at street scale); :data:`MISSING_NOTE` says so on the map.
"""

from __future__ import annotations

import functools
import gzip
import importlib.resources
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DataError
from .clip import clip_line, clip_ring

BASEMAP_FILE = "basemap.json.gz"


#: What the offline ground shows and what it cannot, said on the map.
MISSING_NOTE = ("Offline base map: Natural Earth coast, rivers, lakes, borders and towns (about 100 m "
                "near the story, 2 km around it). No roads, streets or imagery offline: pick a tile "
                "layer when online, or make the map with --embed after fetching tiles.")


#: The credit the ground needs (Natural Earth asks for none, but a reader should know).
GROUND_ATTRIBUTION = 'Ground: <a href="https://www.naturalearthdata.com/">Natural Earth</a> (public domain)'


#: The fine level covers the story's box and this much around it (its span, at least this many degrees).
FINE_MARGIN_DEG = 1.0


#: A story wider than this (degrees) gets no fine level: the coarse one serves its scale.
FINE_MAX_SPAN_DEG = 8.0


#: The coarse level covers the story's box and this many degrees around it.
COARSE_MARGIN_DEG = 12.0


Box = tuple[float, float, float, float]  # west, south, east, north
Point = tuple[float, float]


@dataclass(frozen=True)
class Ground:
    """The ground of one map: per level, its area and one GeoJSON FeatureCollection per layer.

    Attributes
    ----------
    levels : tuple of (str, Box, dict)
        ``(level, (west, south, east, north), {layer: FeatureCollection})``, coarse first.
    source : str
        Where the data come from (the file's own record).
    """

    levels: tuple[tuple[str, Box, dict[str, Any]], ...]
    source: str = ""
    counts: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> list[dict[str, Any]]:
        """What the page's script reads: one entry per level."""
        return [{"level": lv, "box": [s, w, n, e], "layers": layers}
                for lv, (w, s, e, n), layers in self.levels]


@functools.lru_cache(maxsize=1)
def load() -> dict[str, Any]:
    """The shipped base (decoded once per process)."""
    from ..paths import data_file

    path = data_file(BASEMAP_FILE)
    if not path.is_file():  # a data folder of one's own tables: the shipped base still serves
        path = Path(str(importlib.resources.files("osint.data"))) / BASEMAP_FILE
    try:
        raw = path.read_bytes()
        data = json.loads(gzip.decompress(raw))
    except (OSError, ValueError) as exc:
        raise DataError(f"the offline base map {BASEMAP_FILE} cannot be read: {exc}") from exc
    if data.get("version") != 2 or "levels" not in data:
        raise DataError(f"the offline base map {BASEMAP_FILE} has an unknown format")
    return data


def decode(text: str) -> list[tuple[int, int]]:
    """Google's encoded polyline to (lon, lat) integer pairs (units of the file's precision)."""
    out: list[tuple[int, int]] = []
    i, n, lat, lon = 0, len(text), 0, 0
    while i < n:
        vals = []
        for _ in range(2):
            shift = result = 0
            while True:
                b = ord(text[i]) - 63
                i += 1
                result |= (b & 0x1F) << shift
                shift += 5
                if b < 0x20:
                    break
            vals.append(~(result >> 1) if result & 1 else result >> 1)
        lat += vals[0]
        lon += vals[1]
        out.append((lon, lat))
    return out


def _cell(text: str | list | None) -> list:
    """A cell's features: the file keeps each cell as JSON text of its own, parsed when needed."""
    if text is None:
        return []
    return json.loads(text) if isinstance(text, str) else text


def _cells(box: Box, size: float) -> Iterator[str]:
    w, s, e, n = box
    for cx in range(math.floor(w / size), math.floor(e / size) + 1):
        for cy in range(math.floor(s / size), math.floor(n / size) + 1):
            yield f"{cx},{cy}"


def _on_cut(p: tuple[float, float], q: tuple[float, float], cuts_x: set[float], cuts_y: set[float]) -> bool:
    """True when the edge p-q runs along a cell's or the area's border: a cut, not a coast."""
    return (p[0] == q[0] and p[0] in cuts_x) or (p[1] == q[1] and p[1] in cuts_y)


def _coast(ring: list[Point], cuts_x: set[float], cuts_y: set[float]) -> list[list[Point]]:
    """A land ring as coastline: the ring's edges less those on a cut, joined into lines."""
    lines: list[list[tuple[float, float]]] = []
    cur: list[tuple[float, float]] = []
    for p, q in zip(ring, ring[1:] + ring[:1]):
        if _on_cut(p, q, cuts_x, cuts_y):
            if len(cur) >= 2:
                lines.append(cur)
            cur = []
            continue
        if not cur:
            cur = [p]
        cur.append(q)
    if len(cur) >= 2:
        if lines and lines[0][0] == cur[-1]:  # the ring's last run continues its first
            lines[0] = cur[:-1] + lines[0]
        else:
            lines.append(cur)
    return lines


def _rounded(points: Iterable[tuple[float, float]], digits: int) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in points:
        p = [round(x, digits), round(y, digits)]
        if not out or p != out[-1]:
            out.append(p)
    return out


def _feature(kind: str, coords: Any, props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": kind, "coordinates": coords}, "properties": props}


def level_layers(level: str, box: Box, *, digits: int = 4) -> dict[str, dict[str, Any]]:
    """One level of the base clipped to ``box``: a FeatureCollection per layer, and the coast.

    Properties: ``z`` (Natural Earth's smallest zoom for the feature), ``name`` for places,
    rivers and lakes, ``cap`` for places (2 a capital, 1 a first-order capital, 0 a town).
    """
    data = load()
    lv = data["levels"][level]
    size = float(lv["cell"])
    factor = 10 ** int(data["precision"])
    w, s, e, n = box
    ibox = (round(w * factor), round(s * factor), round(e * factor), round(n * factor))
    # Cell borders and the area's border, in the file's units: edges on them are cuts.
    cuts_x = {round(cx * size * factor) for cx in range(math.floor(w / size), math.floor(e / size) + 2)}
    cuts_y = {round(cy * size * factor) for cy in range(math.floor(s / size), math.floor(n / size) + 2)}
    cuts_x |= {ibox[0], ibox[2]}
    cuts_y |= {ibox[1], ibox[3]}
    cells = list(_cells(box, size))
    out: dict[str, dict[str, Any]] = {}
    coast: list[dict[str, Any]] = []

    def scaled(pts: Iterable[tuple[float, float]]) -> list[list[float]]:
        return _rounded(((x / factor, y / factor) for x, y in pts), digits)

    for layer, spec in lv["layers"].items():
        kind = spec["kind"]
        feats: list[dict[str, Any]] = []
        for key in cells:
            for item in _cell(spec["cells"].get(key)):
                z = float(item[0])
                props: dict[str, Any] = {"z": z}
                if layer == "places":
                    props.update(name=str(item[1]), cap=int(item[2]))
                    parts = item[3:]
                elif layer in ("rivers", "lakes"):
                    props["name"] = str(item[1])
                    parts = item[2:]
                else:
                    parts = item[1:]
                if kind == "point":
                    (x, y), = decode(parts[0])
                    if ibox[0] <= x <= ibox[2] and ibox[1] <= y <= ibox[3]:
                        pt = [round(x / factor, digits), round(y / factor, digits)]
                        feats.append(_feature("Point", pt, props))
                elif kind == "polygon":
                    # Every ring of the feature (its pieces in the cell and their holes) clipped
                    # to the area: one polygon drawn even-odd, as Leaflet fills.
                    cut = [piece for p in parts
                           for piece in clip_ring([(float(x), float(y)) for x, y in decode(p)], ibox)]
                    if not cut:
                        continue
                    # Intersections rounded to the file's units, so that edges on the area's border
                    # compare equal to it.
                    rings: list[list[Point]] = [[(float(round(x)), float(round(y))) for x, y in r]
                                                for r in cut]
                    feats.append(_feature("Polygon", [scaled(r + r[:1]) for r in rings], props))
                    if layer == "land":
                        for r in rings:
                            for line in _coast(r, cuts_x, cuts_y):
                                coast.append(_feature("LineString", scaled(line), {"z": z}))
                else:
                    for p in parts:
                        for piece in clip_line([(float(x), float(y)) for x, y in decode(p)], ibox):
                            pts = scaled(piece)
                            if len(pts) >= 2:
                                feats.append(_feature("LineString", pts, props))
        out[layer] = {"type": "FeatureCollection", "features": feats}
    out["coast"] = {"type": "FeatureCollection", "features": coast}
    return out


def areas(focus: Box) -> list[tuple[str, Box]]:
    """The levels a story's box gets, and the area of each: coarse around it, fine over it."""
    w, s, e, n = focus
    span = max(e - w, n - s)

    def grow(by: float) -> Box:
        return (max(-180.0, w - by), max(-85.0, s - by), min(180.0, e + by), min(85.0, n + by))

    out = [("coarse", grow(COARSE_MARGIN_DEG + span / 2))]
    if span <= FINE_MAX_SPAN_DEG:
        out.append(("fine", grow(max(FINE_MARGIN_DEG, span))))
    return out


@functools.lru_cache(maxsize=8)
def ground(focus: Box) -> Ground:
    """The ground of a map whose story is ``focus`` (west, south, east, north), clipped to its areas.

    Kept for the last few areas (a map renders again in a notebook); treat it as read-only.
    """
    levels = []
    counts: dict[str, int] = {}
    for level, box in areas(focus):
        layers = level_layers(level, box, digits=4 if level == "fine" else 3)
        levels.append((level, box, layers))
        for k, fc in layers.items():
            counts[f"{level}:{k}"] = len(fc["features"])
    return Ground(tuple(levels), str(load().get("source", "")), counts)
