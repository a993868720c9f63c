"""The map for print: a static PNG or PDF of an article's places, drawn offline with matplotlib.

The same story as the HTML map (:func:`osint.render.place_map`), on paper: the
main panel is the story's view (:func:`osint.render.focus.story_view`) with every
marker labelled, sites with their distance and bearing from the focus city and a
dashed line to it, a scale bar and north; a small panel shows every place with
the main view boxed; a list gives the places outside the main view, how far and
which way, and the sources. The country outlines are the embedded Natural Earth
ones (:func:`osint.render.leaflet.country_outlines`); nothing is fetched.

Text from the article is drawn as plain text (``parse_math=False``): a ``$`` in
a name is a dollar sign, never mathtext.
"""

from __future__ import annotations

import functools
import math
import textwrap
import unicodedata
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..gazetteer import CITY_FEATURES
from ..geo import compass, inverse
from .focus import View, ViewPoint, story_view
from .labels import labelled, legend_rows
from .leaflet import DISTANCE_KM, GROUND_CROWD_DEG, GROUND_SAME_NAME_DEG, LAYERS, country_outlines
from .maps import BROAD_FEATURES, map_places

#: Credits printed on every sheet.
CREDITS = ("Places: GeoNames (CC BY 4.0, geonames.org) and curated sources, each cited in places.csv; "
           "outlines and ground: Natural Earth (public domain). WGS84; distances are geodesic.")


#: Size of the sheet in inches (A4 landscape) and the PNG's resolution.
SHEET = (11.69, 8.27)
DPI = 130


@dataclass(frozen=True)
class _Point:
    key: str
    name: str
    lat: float
    lon: float
    layer: str
    weight: float
    broad: bool = False
    town: bool = False


def plain_text(text: Any) -> str:
    """Text a font can set: control and format characters (which break the PDF writer) dropped."""
    return "".join(" " if ch in "\n\t\r" else ch for ch in str(text)
                   if ch in "\n\t\r" or unicodedata.category(ch)[0] != "C")


@functools.lru_cache(maxsize=1)
def _rings() -> tuple[tuple[str, tuple[tuple[float, float], ...]], ...]:
    """Every outer ring of the embedded outlines, as (iso2, ((lon, lat), ...))."""
    out = []
    for f in country_outlines()["features"]:
        geom = f["geometry"]
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        for poly in polys:
            if poly:
                out.append((f["properties"]["iso2"], tuple((x, y) for x, y in poly[0])))
    return tuple(out)


def _points(mp: Sequence[Any], claim_sites: Iterable[Mapping[str, Any]]) -> list[_Point]:
    pts = [_Point(p.key, plain_text(p.label), p.lat, p.lon, p.layer, float(len(p.mentions))) for p in mp]
    seen: dict[tuple[str, float, float], int] = {}
    for s in claim_sites:
        lat, lon = float(s["lat"]), float(s["lon"])
        key = (plain_text(s.get("name") or "claim site"), round(lat, 5), round(lon, 5))
        if key in seen:
            continue
        seen[key] = len(seen)
        feature = str(s.get("feature") or "")
        label = f"{key[0]} (inferred)" if s.get("inferred") else key[0]
        pts.append(_Point(f"claim:{seen[key]}", label, lat, lon, "claims", 1.0, feature in BROAD_FEATURES,
                          feature in CITY_FEATURES))
    return pts


def _aspect(lat: float) -> float:
    return 1.0 / max(math.cos(math.radians(lat)), 0.05)


def _draw_outlines(ax: Any, shaded: set[str], box: tuple[float, float, float, float]) -> None:
    from matplotlib.collections import PolyCollection

    s, w, n, e = box
    polys, faces = [], []
    for iso2, ring in _rings():
        xs = [x for x, _ in ring]
        ys = [y for _, y in ring]
        if max(xs) < w - 1 or min(xs) > e + 1 or max(ys) < s - 1 or min(ys) > n + 1:
            continue
        polys.append(ring)
        faces.append("#c6d9ec" if iso2 in shaded else "#eeebe2")
    ax.add_collection(PolyCollection(polys, facecolors=faces, edgecolors="#888", linewidths=0.4, zorder=0))


def _draw_ground(ax: Any, box: tuple[float, float, float, float],
                 marks: Sequence[tuple[str, float, float]] = ()) -> None:
    """The offline ground (:mod:`osint.render.basemap`) over the frame: land, urban areas, lakes,
    rivers, borders, coast and towns, beneath the markers (a town a marker already names, or
    crowds, left out: ``marks`` are the markers' folded names and points); nothing when the
    shipped base is unreadable (the outlines stay)."""
    from matplotlib.collections import LineCollection, PolyCollection
    from matplotlib.patches import Rectangle

    from ..errors import DataError
    from .basemap import ground

    s, w, n, e = box
    try:
        levels = ground((w, s, e, n)).levels
    except DataError:
        return
    _level, (gw, gs, ge, gn), layers = levels[-1]  # the finest level the frame gets
    ax.add_patch(Rectangle((gw, gs), ge - gw, gn - gs, facecolor="#b9d3e6", edgecolor="none", zorder=0.1))

    def rings(name: str) -> list:
        # Every ring: the pieces of a cut polygon are rings of their own (holes are rare, and the
        # lakes are drawn over the land).
        return [r for f in layers.get(name, {}).get("features", []) for r in f["geometry"]["coordinates"]]

    def lines(name: str) -> list:
        return [f["geometry"]["coordinates"] for f in layers.get(name, {}).get("features", [])]

    ax.add_collection(PolyCollection(rings("land"), facecolors="#f3efe4", edgecolors="none", zorder=0.2))
    ax.add_collection(PolyCollection(rings("urban"), facecolors="#e2d6c2", edgecolors="none", zorder=0.3))
    ax.add_collection(PolyCollection(rings("lakes"), facecolors="#b9d3e6", edgecolors="#8db4d4",
                                     linewidths=0.4, zorder=0.4))
    for name, colour, width, style in (("rivers", "#6fa3cf", 1.0, "-"), ("admin1", "#9d8fa3", 0.6, ":"),
                                       ("borders", "#7d5f86", 1.0, "--"), ("coast", "#5f8db1", 0.7, "-")):
        ax.add_collection(LineCollection(lines(name), colors=colour, linewidths=width, linestyles=style,
                                         zorder=0.5))
    for f in layers.get("places", {}).get("features", []):
        x, y = f["geometry"]["coordinates"]
        name = str(f["properties"]["name"])
        crowded = any((abs(y - a) < GROUND_CROWD_DEG and abs(x - b) < GROUND_CROWD_DEG)
                      or (m == name.casefold() and abs(y - a) < GROUND_SAME_NAME_DEG
                          and abs(x - b) < GROUND_SAME_NAME_DEG) for m, a, b in marks)
        if w <= x <= e and s <= y <= n and not crowded:
            ax.plot([x], [y], marker="o", ms=2.5, color="#666", zorder=0.6)
            ax.text(x, y, " " + plain_text(name), fontsize=6.5, style="italic",
                    color="#555", va="center", zorder=0.6, parse_math=False, clip_on=True)


def _marker(ax: Any, p: _Point, size: float) -> None:
    colour = LAYERS[p.layer][1]
    if p.layer == "claims":
        ax.scatter([p.lon], [p.lat], s=size * 2.6, facecolors="none", edgecolors=colour, linewidths=2.2,
                   zorder=3)
    else:
        ax.scatter([p.lon], [p.lat], s=size, c=colour, edgecolors="white", linewidths=1.2, zorder=4)


def _size(weight: float) -> float:
    return 40 + 25 * math.log2(max(weight, 1.0))


def _place_labels(ax: Any, items: Sequence[tuple[_Point, str]], fontsize: float) -> None:
    """Label each point where its text overlaps no label placed before it (most-mentioned first)."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    taken: list[Any] = []
    frame = ax.get_window_extent(renderer)
    offsets = ((7, 0, "left", "center"), (-7, 0, "right", "center"), (0, 8, "center", "bottom"),
               (0, -8, "center", "top"), (7, 8, "left", "bottom"), (7, -8, "left", "top"),
               (-7, 8, "right", "bottom"), (-7, -8, "right", "top"))
    for p, label in sorted(items, key=lambda t: -t[0].weight):
        placed = None
        for dx, dy, ha, va in offsets:
            t = ax.annotate(label, (p.lon, p.lat), xytext=(dx, dy), textcoords="offset points", ha=ha,
                            va=va, fontsize=fontsize, zorder=6, parse_math=False, annotation_clip=True,
                            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75})
            bb = t.get_window_extent(renderer)
            inside = (bb.x0 >= frame.x0 and bb.x1 <= frame.x1 and bb.y0 >= frame.y0 and bb.y1 <= frame.y1)
            if inside and not any(bb.overlaps(o) for o in taken):
                placed = bb
                break
            t.remove()
        if placed is not None:
            taken.append(placed)


def _scale_bar(ax: Any, box: tuple[float, float, float, float]) -> None:
    s, w, n, e = box
    lat = s + (n - s) * 0.06
    width_km = inverse(lat, w, lat, e)[0]
    target = width_km / 5
    mag = 10 ** math.floor(math.log10(target)) if target > 0 else 1
    length = max(m * mag for m in (1, 2, 5) if m * mag <= target) if target >= mag else mag
    x0 = w + (e - w) * 0.04
    x1 = x0 + (e - w) * length / width_km
    ax.plot([x0, x1], [lat, lat], color="black", lw=3, solid_capstyle="butt", zorder=7)
    ax.text((x0 + x1) / 2, lat + (n - s) * 0.012, f"{length:g} km", ha="center", va="bottom", fontsize=8,
            zorder=7, parse_math=False)
    ax.annotate("N", xy=(e - (e - w) * 0.04, n - (n - s) * 0.05),
                xytext=(e - (e - w) * 0.04, n - (n - s) * 0.13), ha="center", va="center", fontsize=9,
                arrowprops={"arrowstyle": "->", "lw": 1.2}, zorder=7)


def _frame(ax: Any, box: tuple[float, float, float, float],
           pad: float = 0.08) -> tuple[float, float, float, float]:
    """Set the panel to show ``box`` (padded), widened to the panel's shape at the right aspect."""
    s, w, n, e = box
    dy, dx = (n - s) * pad, (e - w) * pad
    s, n, w, e = s - dy, n + dy, w - dx, e + dx
    pos = ax.get_position()
    fw, fh = ax.figure.get_size_inches()
    shape = (pos.height * fh) / (pos.width * fw)  # panel height over width, on paper
    a = _aspect((s + n) / 2)
    if (n - s) * a / (e - w) < shape:  # too flat for the panel: show more latitude
        grow = ((e - w) * shape / a - (n - s)) / 2
        s, n = s - grow, n + grow
    else:
        grow = ((n - s) * a / shape - (e - w)) / 2
        w, e = w - grow, e + grow
    s, n = max(s, -85.0), min(n, 85.0)
    w, e = max(w, -180.0), min(e, 180.0)
    ax.set_xlim(w, e)
    ax.set_ylim(s, n)
    ax.set_aspect(_aspect((s + n) / 2))
    ax.set_xticks([])
    ax.set_yticks([])
    return s, w, n, e


def static_map(places: Any, *, claim_sites: Iterable[Mapping[str, Any]] = (), title: str = "",
               text: str | None = None) -> Any:
    """The map for print, as a matplotlib Figure (A4 landscape).

    Parameters
    ----------
    places : DataFrame or list of Place
        :func:`osint.geoparse`'s table.
    claim_sites : iterable of mapping
        As :func:`osint.render.add_claim_sites` takes them (:func:`osint.render.claim_sites`).
    title : str
        The sheet's heading.
    text : str, optional
        The article (exact sentence spans for a list of Place).

    Returns
    -------
    matplotlib.figure.Figure or None
        None when nothing could be placed.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    mp = map_places(places, text, organisations=False)
    pts = _points(mp, list(claim_sites))
    if not pts:
        return None
    view: View = story_view([ViewPoint(p.key, p.name, p.lat, p.lon, p.layer, p.weight, p.broad, p.town)
                             for p in pts])
    shaded = {p.country_code for p in mp if p.layer == "countries" and p.country_code}
    fig = Figure(figsize=SHEET, dpi=DPI)
    FigureCanvasAgg(fig)  # a renderer to measure labels with, whatever pyplot's backend
    heading = plain_text(title).strip() or "Places named in the article"
    fig.text(0.02, 0.975, textwrap.shorten(heading, 150, placeholder="..."), fontsize=13, weight="bold",
             va="top", parse_math=False, wrap=True)
    main = fig.add_axes((0.02, 0.06, 0.62, 0.84))
    over = fig.add_axes((0.66, 0.50, 0.32, 0.40))
    box = _frame(main, view.focus)
    _draw_outlines(main, shaded, box)
    _draw_ground(main, box, [(p.name.casefold(), p.lat, p.lon) for p in pts])
    hub = view.hub
    labels = []
    measured = False
    for p in pts:
        if not (box[0] <= p.lat <= box[2] and box[1] <= p.lon <= box[3]):
            continue
        _marker(main, p, _size(p.weight))
        label = p.name
        if hub is not None and p.layer in ("sites", "claims") and p.key in view.inside:
            km, brg = inverse(hub.lat, hub.lon, p.lat, p.lon)
            if 0.05 <= km <= DISTANCE_KM:
                main.plot([hub.lon, p.lon], [hub.lat, p.lat], ls="--", lw=0.9, color="#444", zorder=2)
                label = f"{p.name} ({km:,.1f} km {compass(brg)})"
                measured = True
        if p.layer == "claims" and any(q.layer != "claims" and abs(q.lat - p.lat) < 3e-4
                                       and abs(q.lon - p.lon) < 3e-4 for q in pts):
            continue  # the place's own label stands for the ring around it
        labels.append((p, label))
    # One label per name, as on the HTML map (a city and its division of one name: one label).
    keep = labelled([(p.name, p.layer, p.weight, True) for p, _ in labels])
    labels = [item for item, kept in zip(labels, keep) if kept]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # glyphs a font lacks: shown as boxes, not an error
        _place_labels(main, labels, 8.5)
    _scale_bar(main, box)
    main.set_title("Where the story is" + (f" (distances from {hub.name})" if measured else ""), fontsize=10,
                   loc="left", parse_math=False)
    obox = _frame(over, view.everything, pad=0.12)
    _draw_outlines(over, shaded, obox)
    for p in pts:
        colour = LAYERS[p.layer][1]
        if p.layer == "claims":
            over.scatter([p.lon], [p.lat], s=30, facecolors="none", edgecolors=colour, linewidths=1.4,
                         zorder=3)
        else:
            over.scatter([p.lon], [p.lat], s=12 + 6 * math.log2(max(p.weight, 1)), c=colour,
                         edgecolors="white", linewidths=0.5, zorder=4)
    s, w, n, e = box
    over.add_patch(Rectangle((w, s), e - w, n - s, fill=False, ec="black", lw=1.2, zorder=5))
    over.set_title("Every place (the main view boxed)", fontsize=9, loc="left")
    _side_text(fig, pts, view, box)
    return fig


def _side_text(fig: Any, pts: Sequence[_Point], view: View, box: tuple[float, float, float, float]) -> None:
    s, w, n, e = view.focus
    origin = view.hub
    lat0, lon0 = (origin.lat, origin.lon) if origin else ((s + n) / 2, (w + e) / 2)
    # Outside what the main view shows: its frame is the focus widened to the axes' shape.
    bs, bw, bn, be = box
    outside = sorted((p for p in pts if not (bs <= p.lat <= bn and bw <= p.lon <= be)),
                     key=lambda p: -p.weight)
    lines = [f"{LAYERS[k][0]}: {sum(p.layer == k for p in pts)}" for k in LAYERS
             if any(p.layer == k for p in pts)]
    lines.append("Marker size: mentions in the text; rings: claim sites")
    # One row per place name (a city and its division, a place and a claim site there), as the
    # HTML map's legend (:func:`osint.render.labels.legend_rows`).
    rows = []
    for i, p in enumerate(outside):
        km, brg = inverse(lat0, lon0, p.lat, p.lon)
        rows.append((i, p.name, int(p.weight) if p.layer != "claims" else 0, f"{km:,.0f} km {compass(brg)}"))
    rows = legend_rows(rows)
    if rows:
        lines.append("")
        lines.append(f"Outside the main view ({len(rows)}), from "
                     f"{origin.name if origin else 'its centre'}:")
        shown = rows[:14]
        for _, name, count, where in shown:
            n_txt = f", {count} mention{'s' if count != 1 else ''}" if count else ""
            lines += textwrap.wrap(f"{name}: {where}{n_txt}", 58,
                                   initial_indent="\u2022 ", subsequent_indent="    ")
        if len(rows) > len(shown):
            lines.append(f"\u2022 and {len(rows) - len(shown)} more (see places.csv)")
    fig.text(0.66, 0.47, "\n".join(lines), fontsize=8, va="top", family="sans-serif", parse_math=False,
             linespacing=1.35)
    fig.text(0.02, 0.02, CREDITS, fontsize=7, color="#444", parse_math=False)


def export_static(places: Any, path: str | Path, *, claim_sites: Iterable[Mapping[str, Any]] = (),
                  title: str = "", text: str | None = None) -> dict[str, Path]:
    """Write the map for print as ``path`` with its suffix replaced by ``.png`` and ``.pdf``.

    Returns
    -------
    dict
        ``png`` and ``pdf`` -> path written; empty when nothing could be placed.
    """
    from ..io import atomic_output

    fig = static_map(places, claim_sites=claim_sites, title=title, text=text)
    if fig is None:
        return {}
    out = {}
    for fmt in ("png", "pdf"):
        target = Path(path).with_suffix(f".{fmt}")
        with atomic_output(str(target), binary=True) as fh:
            # No creation date in the PDF: the same article gives the same file.
            meta = ({"Creator": "osint workbench", "CreationDate": None} if fmt == "pdf"
                    else {"Software": None})
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # glyphs the font lacks
                fig.savefig(fh, format=fmt, dpi=DPI, metadata=meta)
        out[fmt] = target
    return out
