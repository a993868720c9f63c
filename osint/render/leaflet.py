"""Leaflet pages that open anywhere: assets inlined, country outlines embedded, text never code.

:class:`PlaceMap` is a ``folium.Map`` that finishes itself at render time (layer
control, legend, attribution and bounds are rebuilt on every render, so layers
added later are listed and fitted) and, in self-contained mode, inlines
Leaflet and MarkerCluster from the ``xstatic`` packages and embeds Natural Earth
country outlines (via ``countryinfo``) as an offline base layer. Tile layers
(OpenStreetMap, Esri World Imagery) are there for a reader who switches them on.

Text reaches the page only through :mod:`osint.escape`: popups and tooltips as
JSON string literals (:class:`BoundContent`), fixed pieces as
:class:`RawElement`, which branca never compiles as a template.
"""

from __future__ import annotations

import base64
import functools
import importlib.resources
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from ..errors import DataError
from ..escape import esc, js_string
from .html import render

#: Layer key -> (label shown to the reader, colour).
LAYERS: dict[str, tuple[str, str]] = {
    "countries": ("Countries and regions", "#1f77b4"),
    "cities": ("Cities", "#d62728"),
    "sites": ("Landmarks and sites", "#2ca02c"),
    "claims": ("Claim sites", "#9467bd"),
}


#: A layer with at least this many markers is clustered.
CLUSTER_THRESHOLD = 25


ATTRIBUTION = (
    'Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0) and curated sources; '
    'outlines: <a href="https://www.naturalearthdata.com/">Natural Earth</a> (public domain)'
)


OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
                   'contributors (ODbL)')


#: Credit for places geocoded online from OpenStreetMap data (Nominatim, Photon).
OSM_DATA_ATTRIBUTION = ('Online places: data &copy; <a href="https://www.openstreetmap.org/copyright">'
                        'OpenStreetMap</a> contributors, '
                        '<a href="https://opendatacommons.org/licenses/odbl/">ODbL</a>')


ESRI_ATTRIBUTION = ("Tiles &copy; Esri &mdash; Source: Esri, Maxar, Earthstar Geographics, "
                    "and the GIS User Community")


OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


ESRI_TILES = ("https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/"
              "tile/{z}/{y}/{x}")


_CSS = """
.osint-marker{border-radius:50%;border:2px solid #fff;box-shadow:0 0 2px #333;opacity:.9}
.osint-countries{background:#1f77b4}.osint-cities{background:#d62728}
.osint-sites{background:#2ca02c}.osint-claims{background:#9467bd}
.osint-popup{font:13px/1.35 sans-serif;max-height:320px;overflow-y:auto}
.osint-popup h4{margin:0 0 4px 0;font-size:15px}
.osint-popup p{margin:2px 0}
.osint-popup ol{margin:4px 0 0 0;padding-left:18px}
.osint-popup mark{background:#ffe066;padding:0 1px}
.osint-legend{background:#fff;padding:6px 8px;font:12px/1.4 sans-serif;border-radius:4px;
 box-shadow:0 0 4px rgba(0,0,0,.3);max-width:260px}
.osint-legend i{display:inline-block;width:11px;height:11px;border-radius:50%;margin-right:5px;
 vertical-align:middle;border:1px solid #fff;box-shadow:0 0 1px #333}
.osint-legend h4{margin:0 0 3px 0;font-size:13px}
"""


class RawElement(Element):
    """A fixed piece of HTML, rendered as it is.

    ``branca.element.Element(text)`` compiles ``text`` as a Jinja2 template;
    this one never does, so nothing inside it (inlined assets, an escaped title)
    can be read as template code.
    """

    def __init__(self, html: str):
        super().__init__()
        self._name = "RawElement"
        self.html = html

    def render(self, **kwargs: Any) -> str:
        return self.html


class ScriptElement(MacroElement):
    """A MacroElement whose rendered script is added to the page verbatim.

    branca's :class:`MacroElement` puts each rendered macro into
    ``Element(output)``, which compiles the output as a template a second
    time: data inside it that still held ``{{`` would run. This base class
    adds the output as a :class:`RawElement` instead. The macro itself is
    fixed in the package; data reaches it only as :func:`js_string` literals.
    """

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError("cannot render an element outside a Figure")
        module = self._template.module.__dict__
        for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
            macro = module.get(part)
            if macro is not None:
                target.add_child(RawElement(str(macro(self, kwargs))), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class BoundContent(ScriptElement):
    """Bind a popup and a tooltip to the parent layer, passing content as JSON strings.

    Unlike ``folium.Popup``/``folium.Tooltip`` (which paste the HTML into a
    JavaScript template literal), nothing in the content can become code.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {% if this.popup %}
        {{ this._parent.get_name() }}.bindPopup({{ this.popup }}, {maxWidth: 360});
        {% endif %}
        {% if this.tooltip %}{{ this._parent.get_name() }}.bindTooltip({{ this.tooltip }});{% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, popup: str | None = None, tooltip: str | None = None):
        super().__init__()
        self._name = "BoundContent"
        self.popup = js_string(popup) if popup else None
        self.tooltip = js_string(tooltip) if tooltip else None


class _Legend(ScriptElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var legend = L.control({position: "bottomleft"});
            legend.onAdd = function() {
                var div = L.DomUtil.create("div", "osint-legend");
                div.innerHTML = {{ this.content }};
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, content: str):
        super().__init__()
        self._name = "Legend"
        self.content = js_string(content)


class _Attribution(ScriptElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text }});
        {% endmacro %}
        """
    )

    def __init__(self, text: str):
        super().__init__()
        self._name = "Attribution"
        self.text = js_string(text)


def _xstatic_dir(module: str) -> Path:
    try:
        mod = __import__(f"xstatic.pkg.{module}", fromlist=["BASE_DIR"])
    except ImportError as exc:
        raise DataError(f"xstatic package {module!r} is not installed; pip install xstatic-"
                        f"{module.replace('_', '-')}") from exc
    return Path(mod.BASE_DIR)


@functools.lru_cache(maxsize=1)
def inline_assets() -> dict[str, str]:
    """Leaflet and MarkerCluster JS and CSS, with Leaflet's images as data URIs."""
    leaflet = _xstatic_dir("leaflet")
    cluster = _xstatic_dir("leaflet_markercluster")

    def data_uri(m: re.Match) -> str:
        img = leaflet / "images" / m.group(1)
        return f"url(data:image/png;base64,{base64.b64encode(img.read_bytes()).decode()})"

    css = re.sub(r"url\(images/([\w.-]+\.png)\)", data_uri, (leaflet / "leaflet.css").read_text("utf-8"))
    icons = {
        key: "data:image/png;base64," + base64.b64encode((leaflet / "images" / f).read_bytes()).decode()
        for key, f in (("iconUrl", "marker-icon.png"), ("iconRetinaUrl", "marker-icon-2x.png"),
                       ("shadowUrl", "marker-shadow.png"))
    }
    # Leaflet finds its default marker images through a CSS url() it cannot read back from
    # a data URI; hand them over directly.
    icon_js = f"L.Icon.Default.imagePath = '';L.Icon.Default.mergeOptions({json.dumps(icons)});"
    assets = {
        "leaflet_js": (leaflet / "leaflet.js").read_text("utf-8") + "\n" + icon_js,
        "jquery_js": (_xstatic_dir("jquery") / "jquery.min.js").read_text("utf-8"),
        "leaflet_css": css,
        "cluster_js": (cluster / "leaflet.markercluster.js").read_text("utf-8"),
        "cluster_css": (cluster / "MarkerCluster.css").read_text("utf-8")
        + (cluster / "MarkerCluster.Default.css").read_text("utf-8"),
    }
    for k, v in assets.items():
        if "</script" in v.lower() or "</style" in v.lower():
            raise DataError(f"asset {k} cannot be inlined (contains a closing tag)")
    return assets


@functools.lru_cache(maxsize=4)
def country_outlines(precision: int = 2) -> dict[str, Any]:
    """Country outlines (Natural Earth 1:110m, from the ``countryinfo`` package) as GeoJSON.

    Coordinates are rounded to ``precision`` decimals (2: about 1 km, finer than
    the 1:110m source) and repeated points dropped, to keep maps small.
    Features carry ``name`` and ``iso2``.
    """
    try:
        root = importlib.resources.files("countryinfo") / "data"
    except ModuleNotFoundError as exc:
        raise DataError("package countryinfo is not installed (country outlines)") from exc
    feats = []
    for res in sorted(root.iterdir(), key=lambda r: r.name):
        if not res.name.endswith(".json"):
            continue
        try:
            rec = json.loads(res.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
        gj = rec.get("geoJSON") or {}
        iso2 = (rec.get("ISO") or {}).get("alpha2", "")
        for f in gj.get("features", []):
            geom = _round_geometry(f.get("geometry") or {}, precision)
            if geom:
                feats.append({"type": "Feature", "geometry": geom,
                              "properties": {"name": str(rec.get("name", "")), "iso2": iso2}})
    if not feats:
        raise DataError("no country outlines found in the countryinfo package")
    return {"type": "FeatureCollection", "features": feats}


def _round_ring(ring: list, precision: int) -> list:
    out: list[list[float]] = []
    for x, y, *_ in ring:
        pt = [round(float(x), precision), round(float(y), precision)]
        if not out or pt != out[-1]:
            out.append(pt)
    return out if len(out) >= 4 else []


def _round_geometry(geom: Mapping[str, Any], precision: int) -> dict[str, Any] | None:
    t = geom.get("type")
    if t == "Polygon":
        rings = [r for r in (_round_ring(r, precision) for r in geom["coordinates"]) if r]
        return {"type": "Polygon", "coordinates": rings} if rings else None
    if t == "MultiPolygon":
        polys = []
        for poly in geom["coordinates"]:
            rings = [r for r in (_round_ring(r, precision) for r in poly) if r]
            if rings:
                polys.append(rings)
        return {"type": "MultiPolygon", "coordinates": polys} if polys else None
    return None


class PlaceMap(folium.Map):
    """A folium Map that finishes itself at render time.

    The layer control, legend and bounds are (re)built on every render, so that
    layers added after :func:`place_map` (claim sites) are listed and fitted;
    in self-contained mode Leaflet's assets are inlined instead of linked.
    """

    def __init__(self, *args: Any, title: str = "", cdn: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.osint_title = title
        self.osint_cdn = cdn
        self.osint_layers: dict[str, folium.FeatureGroup] = {}
        self.osint_counts: dict[str, int] = dict.fromkeys(LAYERS, 0)
        self.osint_points: list[tuple[float, float]] = []
        self.osint_unplaced: list[str] = []
        #: Credits (HTML) added to the attribution control, e.g. for online places.
        self.osint_credits: list[str] = []
        self.osint_controls: list[folium.Element] = []
        if not cdn:
            # Instance attributes: the class lists (CDN links) stay untouched.
            self.default_js = []
            self.default_css = []

    def layer(self, key: str, *, show: bool = True) -> folium.FeatureGroup:
        """The FeatureGroup of a layer of :data:`LAYERS`, created on first use."""
        if key not in self.osint_layers:
            fg = folium.FeatureGroup(name=LAYERS[key][0], show=show)
            fg.add_to(self)
            self.osint_layers[key] = fg
        return self.osint_layers[key]

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError("a PlaceMap renders inside a Figure")
        if not self.osint_cdn:
            a = inline_assets()
            figure.header.add_child(RawElement(f"<style>{a['leaflet_css']}</style>"), name="leaflet_css")
            figure.header.add_child(RawElement(f"<script>{a['leaflet_js']}</script>"), name="leaflet")
            if _has_child(self, folium.Popup):
                # folium.Popup builds its content with jQuery; osint's own popups do not.
                figure.header.add_child(RawElement(f"<script>{a['jquery_js']}</script>"), name="jquery")
            clusters = _descendants(self, _marker_cluster_class())
            for mc in clusters:
                mc.default_js, mc.default_css = [], []
            if clusters:
                figure.header.add_child(RawElement(f"<style>{a['cluster_css']}</style>"), name="cluster_css")
                figure.header.add_child(RawElement(f"<script>{a['cluster_js']}</script>"),
                                        name="markerclusterjs")
        figure.header.add_child(RawElement(f"<style>{_CSS}</style>"), name="osint_css")
        if self.osint_title:
            figure.header.add_child(RawElement(f"<title>{esc(self.osint_title)}</title>"), name="title")
        # Controls go last so that they see every layer added before rendering.
        for el in self.osint_controls:
            self._children.pop(el.get_name(), None)
        lat = [p[0] for p in self.osint_points]
        lon = [p[1] for p in self.osint_points]
        controls: list[folium.Element] = [
            _Legend(legend_html(self.osint_counts, self.osint_unplaced, self.osint_title)),
            _Attribution("; ".join([ATTRIBUTION, *dict.fromkeys(self.osint_credits)])),
        ]
        if not any(isinstance(c, folium.LayerControl) for c in self._children.values()):
            controls.insert(0, folium.LayerControl(collapsed=False))
        if self.osint_points:
            pad = 0.5 if len(set(self.osint_points)) == 1 else 0.0
            controls.append(folium.FitBounds([[min(lat) - pad, min(lon) - pad],
                                              [max(lat) + pad, max(lon) + pad]],
                                             padding=(30, 30), max_zoom=12))
        for el in controls:
            self.add_child(el)
        self.osint_controls = controls
        super().render(**kwargs)


def _marker_cluster_class() -> type:
    """folium's MarkerCluster class (imported on first use)."""
    from folium.plugins import MarkerCluster

    return MarkerCluster


def _descendants(element: Element, kind: type) -> list[Element]:
    out = []
    for c in element._children.values():
        if isinstance(c, kind):
            out.append(c)
        out.extend(_descendants(c, kind))
    return out


def _has_child(element: Element, kind: type) -> bool:
    return bool(_descendants(element, kind))


def legend_html(counts: Mapping[str, int], unplaced: Sequence[str], title: str = "") -> str:
    """The legend: a swatch and count per layer, and the mentions that could not be placed."""
    layers = [(label, colour, counts[k]) for k, (label, colour) in LAYERS.items() if counts.get(k, 0)]
    sized = any(counts.get(k, 0) for k in ("countries", "cities", "sites"))
    return str(render("legend.html.j2", title=title, layers=layers, sized=sized, unplaced=list(unplaced)))


def base_map(
    *,
    title: str = "",
    location: Sequence[float] = (20.0, 0.0),
    zoom_start: int = 2,
    cdn: bool = False,
    online_tiles: bool = True,
    show_tiles: bool = False,
    shade_countries: Iterable[str] = (),
) -> PlaceMap:
    """An empty map that opens offline: country outlines, optional tile layers, legend, controls.

    Use it instead of ``folium.Map`` for any map that goes into a report
    (notebooks 03 and later): layers, markers and popups added to it render
    as usual, Leaflet (and jQuery, when ``folium.Popup`` is used) are inlined,
    and the layer control and legend are added when it renders. Points given
    to :func:`add_claim_sites` or added through :meth:`PlaceMap.layer` are fitted;
    others can be appended to ``m.osint_points``.

    Parameters
    ----------
    title : str
        Legend heading and page title (escaped).
    location, zoom_start
        The initial view, before fitting to the points.
    cdn, online_tiles, show_tiles
        As for :func:`place_map`.
    shade_countries : iterable of str
        ISO alpha-2 codes of countries to shade.
    """
    shaded = set(shade_countries)
    m = PlaceMap(location=list(location), zoom_start=zoom_start, tiles=None, title=title, cdn=cdn,
                 control_scale=True, world_copy_jump=True)
    # Base layer that needs no network: country outlines, the named countries shaded.
    folium.GeoJson(
        country_outlines(),
        name="Country outlines (offline)",
        style_function=lambda f: {
            "color": "#666", "weight": 0.6,
            "fillColor": "#1f77b4" if f["properties"]["iso2"] in shaded else "#e8e4d8",
            "fillOpacity": 0.35 if f["properties"]["iso2"] in shaded else 0.6,
        },
        interactive=False, control=True, show=True, smooth_factor=1.0,
    ).add_to(m)
    if online_tiles:
        folium.TileLayer(OSM_TILES, name="OpenStreetMap (online)", attr=OSM_ATTRIBUTION, overlay=True,
                         show=show_tiles, max_zoom=19).add_to(m)
        folium.TileLayer(ESRI_TILES, name="Esri World Imagery (online)", attr=ESRI_ATTRIBUTION,
                         overlay=True, show=False, max_zoom=19).add_to(m)
    return m


def _cluster(m: PlaceMap, parent: folium.map.Layer) -> folium.map.Layer:
    from folium.plugins import MarkerCluster

    mc = MarkerCluster(options={"maxClusterRadius": 40, "spiderfyOnMaxZoom": True}, control=False)
    mc.add_to(parent)
    return mc


def map_html(m: folium.Map) -> str:
    """The whole page of a map as HTML text."""
    return m.get_root().render()


def save_map(m: folium.Map, path: str | Path, cdn: bool | None = None) -> Path:
    """Write a map as one HTML file, atomically.

    Parameters
    ----------
    m : folium.Map
        From :func:`place_map`.
    path : str or Path
        The ``.html`` file to write.
    cdn : bool, optional
        Override the map's own choice (self-contained unless built with ``cdn=True``).
    """
    from ..io import atomic_output

    if cdn is not None and isinstance(m, PlaceMap) and cdn != m.osint_cdn:
        m.osint_cdn = cdn
        if cdn:
            for attr in ("default_js", "default_css"):
                m.__dict__.pop(attr, None)
        else:
            m.default_js, m.default_css = [], []
    page = map_html(m)
    with atomic_output(str(path)) as out:
        out.write(page)
    return Path(path)
