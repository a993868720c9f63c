"""Leaflet pages that open anywhere: assets inlined, country outlines embedded, text never code.

:class:`PlaceMap` is a ``folium.Map`` that finishes itself at render time: the
layer control, legend, attribution, scale bar and view are rebuilt on every
render, so layers and claim sites added later are listed and fitted. The view
opens on the article's focus (:func:`osint.render.focus.story_view`), with a
"Story" and an "All places" button and the places outside the view listed in
the legend, a click away. Markers of every layer go into one cluster group that
separates at city zoom, and are labelled at close zoom, sites with their
distance and bearing from the focus city (:mod:`osint.geo`).

In self-contained mode Leaflet and MarkerCluster are inlined from the
``xstatic`` packages and Natural Earth country outlines (via ``countryinfo``)
are embedded, drawn beneath the tile layers: when OpenStreetMap or Esri World
Imagery tiles cannot be fetched, the outlines show through and the legend says
so.

Text reaches the page only through :mod:`osint.escape`: popups, tooltips,
labels and layer names as JSON string literals (:class:`BoundContent`,
:class:`ScriptElement`), fixed pieces as :class:`RawElement`, which branca
never compiles as a template.
"""

from __future__ import annotations

import base64
import functools
import importlib.resources
import json
import re
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from ..errors import DataError, OsintWarning
from ..escape import esc, js_string
from ..geo import compass, inverse
from .basemap import GROUND_ATTRIBUTION
from .focus import View, ViewPoint, story_view
from .html import render
from .labels import labelled, legend_rows

#: Layer key -> (label shown to the reader, colour).
LAYERS: dict[str, tuple[str, str]] = {
    "countries": ("Countries and regions", "#1f77b4"),
    "cities": ("Cities", "#d62728"),
    "sites": ("Landmarks and sites", "#2ca02c"),
    "claims": ("Claim sites", "#9467bd"),
}


#: A map with at least this many markers gathers them into clusters (one group across
#: every layer), which come apart at :data:`CLUSTER_OFF_ZOOM`.
CLUSTER_THRESHOLD = 2


#: From this zoom (city scale) every marker stands on its own.
CLUSTER_OFF_ZOOM = 12


#: From this zoom markers carry their labels (and from the opening view's zoom, if lower).
LABEL_ZOOM = 10


#: The story view zooms in no further than this (a few streets across).
FOCUS_MAX_ZOOM = 14


#: Below this width (px) the legend starts folded (phones).
NARROW_PX = 700


#: Below this width (px) the layer control starts collapsed (phones, tablets, notebooks).
EXPAND_PX = 1000


#: Sites this close (km) to the focus city get their distance and bearing from it.
DISTANCE_KM = 100.0


#: Zoom a "go to" link of the legend opens at, by layer.
GO_ZOOM = {"countries": 5, "cities": 11, "sites": 14, "claims": 14}


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


#: Names of the base layers: the tiles, and the outlines alone.
OSM_LAYER = "OpenStreetMap (online)"
ESRI_LAYER = "Satellite: Esri World Imagery (online)"
OFFLINE_LAYER = "Outlines only (offline)"
OUTLINES_LAYER = "Country outlines (offline)"
DISTANCES_LAYER = "Distances from the focus city"


#: The pane the outlines are drawn in: beneath the tiles (Leaflet's tile pane is at 200).
OUTLINE_PANE = "osintOutlines"


#: The panes of the offline ground (:mod:`osint.render.basemap`): above the outlines, beneath
#: the tiles, and its town names beneath every marker of the story.
GROUND_PANE = "osintGround"
GROUND_LABEL_PANE = "osintGroundLabels"
GROUND_LAYER = "Ground: coast, rivers, lakes, borders, towns (Natural Earth, offline)"


#: A ground town this close (degrees) to a marker of the same name, or this much closer to any
#: marker, is left out: the story's own label says it.
GROUND_SAME_NAME_DEG = 0.1
GROUND_CROWD_DEG = 0.005


_CSS = """
.osint-marker{border-radius:50%;border:2px solid #fff;box-shadow:0 0 2px #333;opacity:.92}
.osint-countries{background:#1f77b4}.osint-cities{background:#d62728}
.osint-sites{background:#2ca02c}
.osint-marker.osint-claims{background:rgba(148,103,189,.15);border:3px solid #9467bd;
 box-shadow:0 0 0 1.5px #fff,0 0 3px #333}
.osint-label{display:none;position:absolute;left:calc(100% + 4px);top:50%;transform:translateY(-50%);
 white-space:nowrap;font:600 12px/1.2 sans-serif;color:#111;pointer-events:none;
 text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff}
.osint-label small{font-weight:400;color:#333}
.osint-labels-on .osint-label{display:block}
.osint-label.osint-left{left:auto;right:calc(100% + 4px)}
.osint-popup{font:13px/1.35 sans-serif;max-height:320px;overflow-y:auto}
.osint-popup h4{margin:0 0 4px 0;font-size:15px}
.osint-popup p{margin:2px 0}
.osint-popup ol{margin:4px 0 0 0;padding-left:18px}
.osint-popup mark{background:#ffe066;padding:0 1px}
.osint-legend{background:#fff;padding:6px 8px;font:12px/1.4 sans-serif;border-radius:4px;
 box-shadow:0 0 4px rgba(0,0,0,.3);max-width:280px;max-height:45vh;overflow-y:auto}
.osint-legend summary{cursor:pointer;font-weight:bold;font-size:13px}
.osint-legend i{display:inline-block;width:11px;height:11px;border-radius:50%;margin-right:5px;
 vertical-align:middle;border:1px solid #fff;box-shadow:0 0 1px #333}
.osint-legend i.osint-ring{background:transparent!important;border:2.5px solid #9467bd;width:8px;height:8px}
.osint-legend ul{margin:2px 0 0 0;padding-left:16px}
.osint-legend a{color:#0b5394}
.osint-legend .osint-notice{color:#a00}
.osint-story a{width:auto!important;padding:0 8px;font:600 12px/30px sans-serif!important;white-space:nowrap}
.leaflet-control-scale-line{white-space:nowrap;font:11px/1.3 sans-serif}
.leaflet-control-layers{font:12px/1.45 sans-serif}
.leaflet-container .leaflet-control-attribution{font:11px/1.4 sans-serif}
@media (max-width:700px){.osint-legend{max-width:calc(100vw - 150px)}.osint-label{font-size:11px}
 .leaflet-container .leaflet-control-attribution{max-width:calc(100vw - 135px)}}
.osint-labels-on .leaflet-osintOutlines-pane{opacity:.55}
.leaflet-container.osint-ground-on{background:#b9d3e6}
path.osint-fill{shape-rendering:crispEdges}
.leaflet-tooltip.osint-ground-label{background:none;border:0;box-shadow:none;padding:0 0 0 2px;
 font:italic 11px/1.2 sans-serif;color:#4a4a4a;text-shadow:0 0 2px #fff,0 0 2px #fff}
.leaflet-tooltip.osint-ground-label.osint-cap{font:italic 600 12px/1.2 sans-serif;color:#333}
.leaflet-tooltip.osint-ground-label:before{display:none}
.osint-ground-note{background:rgba(255,255,255,.85);padding:2px 6px;font:11px/1.3 sans-serif;color:#333;
 border-radius:3px;max-width:420px}
@media (max-width:700px){.osint-ground-note{max-width:calc(100vw - 30px);font-size:10px}}
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


_IDENTIFIER = re.compile(r"^[A-Za-z_$][\w$]*$")


def _ident(element: Element) -> str:
    """The JavaScript variable of a folium element; folium makes them, but a page never trusts."""
    name = element.get_name()
    if not _IDENTIFIER.match(name):
        raise DataError(f"unexpected element name {name!r}")
    return name


class _Legend(ScriptElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            var legend = L.control({position: {{ this.position }}});
            legend.onAdd = function() {
                var div = L.DomUtil.create("div", "osint-legend");
                div.innerHTML = {{ this.content }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                var box = div.querySelector("details");
                if (box && map.getContainer().clientWidth < {{ this.narrow }}) { box.open = false; }
                return div;
            };
            legend.addTo(map);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, content: str, position: str = "topright"):
        super().__init__()
        self._name = "Legend"
        self.content = js_string(content)
        self.position = js_string(position)
        self.narrow = int(NARROW_PX)


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


class _Scale(ScriptElement):
    # At Leaflet's default length (100 px at most) and a large font, "1000 mi" was clipped to
    # "1000 m": a small fixed font and a longer bar leave room for the label.
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.scale({maxWidth: {{ this._parent.get_name() }}.getContainer().clientWidth < 700 ? 110 : 200,
                         metric: true, imperial: true, position: "bottomleft"})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "Scale"


class _OutlinePane(ScriptElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.createPane({{ this.pane }});
        {{ this._parent.get_name() }}.getPane({{ this.pane }}).style.zIndex = 150;
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "OutlinePane"
        self.pane = js_string(OUTLINE_PANE)


class _LayerControl(folium.LayerControl):
    """folium's layer control, with layer names as JSON string literals and no second compile.

    It starts collapsed below :data:`EXPAND_PX`, expanded on a wide screen.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control.layers(
            { {% for key, val in this.base_js %}{{ key }}: {{ val }},{% endfor %} },
            { {% for key, val in this.overlay_js %}{{ key }}: {{ val }},{% endfor %} },
            {position: "topright", autoZIndex: true,
             collapsed: {{ this._parent.get_name() }}.getContainer().clientWidth < {{ this.narrow }}}
        ).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__(collapsed=False)
        self.narrow = int(EXPAND_PX)
        self.base_js: list[tuple[str, str]] = []
        self.overlay_js: list[tuple[str, str]] = []

    def render(self, **kwargs: Any) -> None:
        self.base_js, self.overlay_js = [], []
        for item in self._parent._children.values():
            if isinstance(item, folium.map.Layer) and item.control:
                target = self.overlay_js if item.overlay else self.base_js
                target.append((js_string(item.layer_name), _ident(item)))
        ScriptElement.render(self, **kwargs)


class _Story(ScriptElement):
    """The view and the behaviour of a :class:`PlaceMap`, in one fixed script.

    Opens on the focus; "Story" and "All places" buttons; one cluster group for
    the markers of every layer (toggling a layer adds or removes its markers);
    labels from :data:`LABEL_ZOOM`; the legend's "go to" links; a notice when
    tiles cannot be fetched, and the offline base layer put back.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            var view = {{ this.view }};
            var groups = [{{ this.groups }}];
            var markers = [{{ this.markers }}];
            var tiles = [{{ this.tiles }}];
            var offline = {{ this.offline }};
            var el = map.getContainer();
            var mcg = null;
            if (view.cluster && L.markerClusterGroup) {
                // Markers cluster only where they would overlap (about a marker's width apart).
                mcg = L.markerClusterGroup({maxClusterRadius: 28, disableClusteringAtZoom: view.clusterOff,
                                            spiderfyOnMaxZoom: true, showCoverageOnHover: false});
                groups.forEach(function(g) {
                    var ms = [];
                    g.eachLayer(function(l) { if (l instanceof L.Marker) { ms.push(l); } });
                    ms.forEach(function(l) { g.removeLayer(l); });
                    g.on("add", function() { mcg.addLayers(ms); });
                    g.on("remove", function() { mcg.removeLayers(ms); });
                    if (map.hasLayer(g)) { mcg.addLayers(ms); }
                });
                mcg.addTo(map);
            }
            // Labels from city zoom, and at the opening view whatever its scale: the story's places
            // are named where the map opens.
            var labelZoom = view.labelZoom;
            function labels() {
                el.classList.toggle("osint-labels-on", map.getZoom() >= labelZoom);
                // A label that would run off the right edge goes to the left of its marker.
                setTimeout(function() {
                    var edge = el.getBoundingClientRect().right - 4;
                    el.querySelectorAll(".osint-label").forEach(function(l) {
                        l.classList.remove("osint-left");
                        if (l.offsetParent && l.getBoundingClientRect().right > edge) {
                            l.classList.add("osint-left");
                        }
                    });
                }, 0);
            }
            map.on("zoomend moveend", labels);
            function fit(b, still) {
                // Room for the controls on the right and for the labels east of the markers.
                var width = el.clientWidth, right = 24;
                var col = el.querySelector(".leaflet-top.leaflet-right");
                if (col && width >= view.narrow) { right += col.offsetWidth; }
                right += width >= 1100 ? view.labelPx : (width >= view.narrow ? 60 : 30);
                map.fitBounds(b, {paddingTopLeft: [width >= view.narrow ? 72 : 48, 32],
                                  paddingBottomRight: [right, 40], maxZoom: view.maxZoom,
                                  animate: !still});
            }
            var buttons = L.control({position: "topleft"});
            buttons.onAdd = function() {
                var div = L.DomUtil.create("div", "leaflet-bar osint-story");
                div.innerHTML = {{ this.buttons }};
                L.DomEvent.disableClickPropagation(div);
                div.querySelectorAll("[data-fit]").forEach(function(a) {
                    a.addEventListener("click", function(e) {
                        e.preventDefault();
                        fit(view[a.getAttribute("data-fit")]);
                    });
                });
                return div;
            };
            buttons.addTo(map);
            fit(view.focus, true);  // the opening view, at once (no zoom animation to catch half-way)
            labelZoom = Math.min(view.labelZoom, map.getZoom());
            labels();
            el.querySelectorAll("[data-go]").forEach(function(a) {
                a.addEventListener("click", function(e) {
                    e.preventDefault();
                    var i = parseInt(a.getAttribute("data-go"), 10), m = markers[i];
                    if (!m) { return; }
                    map.setView(m.getLatLng(), view.goZoom[i]);
                    var open = function() { m.openPopup(); };
                    if (mcg && mcg.hasLayer(m)) { mcg.zoomToShowLayer(m, open); } else { open(); }
                });
            });
            tiles.forEach(function(t) {
                var failed = 0, loaded = 0;
                t.on("tileload", function() { loaded += 1; });
                t.on("tileerror", function() {
                    failed += 1;
                    if (failed === 4 && loaded === 0) {
                        var note = el.querySelector(".osint-tile-note");
                        if (note) { note.textContent = view.tileNote; note.style.display = "block"; }
                        if (offline && map.hasLayer(t)) { map.removeLayer(t); map.addLayer(offline); }
                    }
                });
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, view: Mapping[str, Any], *, groups: Sequence[Element], markers: Sequence[Element],
                 tiles: Sequence[Element], offline: Element | None, buttons: str):
        super().__init__()
        self._name = "Story"
        # Numbers and fixed strings only; dumped as JSON with <, >, & and braces escaped all the same.
        self.view = _json(view)
        self.groups = ", ".join(_ident(g) for g in groups)
        self.markers = ", ".join(_ident(m) for m in markers)
        self.tiles = ", ".join(_ident(t) for t in tiles)
        self.offline = _ident(offline) if offline is not None else "null"
        self.buttons = js_string(buttons)


class _Ground(ScriptElement, folium.map.Layer):
    """The offline ground (:func:`osint.render.basemap.ground`): a layer group the control lists.

    Each level paints its area sea-coloured, then land, urban areas, lakes, rivers, borders and
    the coast over it (the fine level over the coarse one), and town names shown from Natural
    Earth's own zoom for each; a note on the map says what the ground is and what it lacks,
    while no tile layer is shown. Data reach the script as JSON (:func:`_json`); names become
    text nodes, never markup.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.layerGroup();
        (function() {
            var map = {{ this._parent.get_name() }}, group = {{ this.get_name() }};
            var levels = {{ this.data }}, pane = {{ this.pane }}, labelPane = {{ this.label_pane }};
            [[pane, 160], [labelPane, 170]].forEach(function(p) {
                if (!map.getPane(p[0])) { map.createPane(p[0]); }
                map.getPane(p[0]).style.zIndex = p[1];
                map.getPane(p[0]).style.pointerEvents = "none";
            });
            var sea = "#b9d3e6";
            var styles = {
                // Fills drawn without anti-aliasing (class osint-fill): polygons cut at a cell's
                // border meet without a seam, and a cut's zero-width bridge draws nothing.
                land: {stroke: false, fillColor: "#f3efe4", fillOpacity: 1, className: "osint-fill"},
                urban: {stroke: false, fillColor: "#e2d6c2", fillOpacity: 1, className: "osint-fill"},
                tint: {stroke: false, fillColor: "#1f77b4", fillOpacity: 0.18, className: "osint-fill"},
                lakes: {color: "#8db4d4", weight: 0.6, fillColor: sea, fillOpacity: 1},
                rivers: {color: "#6fa3cf", weight: 1.6, opacity: 0.95},
                admin1: {color: "#9d8fa3", weight: 0.9, dashArray: "3,3", opacity: 0.9},
                borders: {color: "#7d5f86", weight: 1.6, dashArray: "7,3", opacity: 0.95},
                coast: {color: "#5f8db1", weight: 1.0, opacity: 1}
            };
            var towns = [], tints = [], tint = {{ this.tint }};
            levels.forEach(function(lv) {
                var b = lv.box;
                group.addLayer(L.rectangle([[b[0], b[1]], [b[2], b[3]]], {pane: pane, stroke: false,
                    fillColor: sea, fillOpacity: 1, interactive: false, className: "osint-fill"}));
                ["land", "urban", "lakes", "rivers", "admin1", "borders", "coast"].forEach(function(k) {
                    var fc = lv.layers[k];
                    if (!fc || !fc.features.length) { return; }
                    group.addLayer(L.geoJSON(fc, {pane: pane, interactive: false,
                                                  style: function() { return styles[k]; }}));
                });
                var places = lv.layers.places;
                (places ? places.features : []).forEach(function(f) {
                    var c = f.geometry.coordinates, p = f.properties;
                    var dot = L.circleMarker([c[1], c[0]], {pane: labelPane, radius: p.cap ? 3.5 : 2.5,
                        color: "#555", weight: 1, fillColor: p.cap === 2 ? "#555" : "#fff", fillOpacity: 1,
                        interactive: false});
                    var name = document.createElement("span");
                    name.textContent = p.name;
                    dot.bindTooltip(name, {permanent: true, direction: "right", offset: [3, 0],
                                           pane: labelPane,
                                           className: "osint-ground-label" + (p.cap ? " osint-cap" : ""),
                                           interactive: false});
                    towns.push({dot: dot, z: p.z});
                });
            });
            if (tint.features.length) {
                // The countries the article names, shaded as on the outlines beneath, at the
                // scales where their 1:110m edges do not show.
                tints.push(L.geoJSON(tint, {pane: pane, interactive: false,
                                            style: function() { return styles.tint; }}));
            }
            function gate() {
                var z = map.getZoom();
                tints.forEach(function(t) {
                    if (z <= 7 && !group.hasLayer(t)) { group.addLayer(t); }
                    if (z > 7 && group.hasLayer(t)) { group.removeLayer(t); }
                });
                towns.forEach(function(t) {
                    var on = z >= t.z;
                    if (on && !group.hasLayer(t.dot)) { group.addLayer(t.dot); }
                    if (!on && group.hasLayer(t.dot)) { group.removeLayer(t.dot); }
                });
            }
            map.on("zoomend", gate);
            gate();
            var el = map.getContainer();
            var note = L.control({position: "bottomleft"});
            note.onAdd = function() {
                var div = L.DomUtil.create("div", "osint-ground-note");
                div.textContent = {{ this.note }};
                return div;
            };
            function tiled() {
                var on = false;
                map.eachLayer(function(l) { if (l instanceof L.TileLayer) { on = true; } });
                return on;
            }
            var shown = false;
            function update() {
                var want = map.hasLayer(group) && !tiled();
                el.classList.toggle("osint-ground-on", map.hasLayer(group));
                if (want && !shown) { note.addTo(map); shown = true; }
                if (!want && shown) { note.remove(); shown = false; }
            }
            map.on("layeradd layerremove", function() { setTimeout(update, 0); });
            setTimeout(update, 0);
        })();
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, levels: Sequence[Mapping[str, Any]], note: str, *, show: bool = True,
                 tint: Mapping[str, Any] | None = None):
        folium.map.Layer.__init__(self, name=GROUND_LAYER, overlay=True, control=True, show=show)
        self._name = "Ground"
        self.data = _json(list(levels))
        self.tint = _json(dict(tint or {"type": "FeatureCollection", "features": []}))
        self.pane = js_string(GROUND_PANE)
        self.label_pane = js_string(GROUND_LABEL_PANE)
        self.note = js_string(note)


class _EmbeddedTiles(ScriptElement, folium.map.Layer):
    """Cached tiles inlined as data URIs (``--embed``): a base layer that needs no network.

    Tiles not in the page are a transparent image, so the ground shows through them; beyond the
    deepest zoom embedded, Leaflet scales the deepest tiles up.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function() {
            var tiles = {{ this.tiles }};
            var blank = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";
            var Embedded = L.TileLayer.extend({
                getTileUrl: function(c) { return tiles[c.z + "/" + c.x + "/" + c.y] || blank; }
            });
            return new Embedded("", {maxZoom: 19, maxNativeZoom: {{ this.native }},
                                     attribution: {{ this.attribution }}});
        })();
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, name: str, tiles: Mapping[str, str], attribution: str, *, show: bool = True):
        folium.map.Layer.__init__(self, name=name, overlay=False, control=True, show=show)
        self._name = "EmbeddedTiles"
        for key, uri in tiles.items():
            if not re.fullmatch(r"\d+/\d+/\d+", key) or not re.fullmatch(
                    r"data:image/(png|jpeg);base64,[A-Za-z0-9+/=]+", uri):
                raise DataError(f"not an embeddable tile: {key!r}")
        self.tiles = _json(dict(tiles))
        self.native = int(max((int(k.split("/")[0]) for k in tiles), default=18))
        self.attribution = js_string(attribution)
        self.count = len(tiles)


def _json(value: Any) -> str:
    """JSON for a script: outside strings JSON has no <, > or &; inside them they are escaped."""
    return (json.dumps(value, ensure_ascii=True, allow_nan=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


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



@dataclass
class MarkerInfo:
    """A marker of a :class:`PlaceMap`, with what its view, label and popup need.

    Attributes
    ----------
    key, name : str
        Unique on the map; the name its label shows ('' for no label).
    lat, lon : float
    layer : str
        A key of :data:`LAYERS`.
    weight : float
        Mentions of the place (claims about the site, for a claim site).
    marker : folium.Marker
    content : BoundContent
        Its popup and tooltip.
    icon_html : str
        The icon's own (escaped) HTML; the label is added after it at render time.
    popup : callable, optional
        The popup's HTML given a note on the distance from the focus city ('' for none).
    broad, town : bool
        A claim site that is a whole area, or a town (see :class:`osint.render.focus.ViewPoint`).
    """

    key: str
    name: str
    lat: float
    lon: float
    layer: str
    weight: float
    marker: folium.Marker
    content: BoundContent
    icon_html: str
    popup: Callable[[str], str] | None = None
    broad: bool = False
    town: bool = False


@dataclass(frozen=True)
class Distance:
    """How far a site is from the focus city, and which way."""

    km: float
    bearing: float
    origin: str

    @property
    def short(self) -> str:
        """"1.6 km S": for a label."""
        return f"{_km(self.km)} {compass(self.bearing)}"

    @property
    def note(self) -> str:
        """The sentence a popup shows."""
        return (f"{_km(self.km)} {compass(self.bearing)} (bearing {self.bearing:.0f}°) of the {self.origin} "
                f"city point (geodesic, WGS84)")


def _km(km: float) -> str:
    return f"{km:,.1f} km" if km < 100 else f"{km:,.0f} km"


class PlaceMap(folium.Map):
    """A folium Map that finishes itself at render time.

    The layer control, legend, scale bar, view and distances are (re)built on
    every render, so that layers added after :func:`place_map` (claim sites)
    are listed, fitted and measured; in self-contained mode Leaflet's assets are
    inlined instead of linked.
    """

    def __init__(self, *args: Any, title: str = "", cdn: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.osint_title = title
        self.osint_cdn = cdn
        self.osint_layers: dict[str, folium.FeatureGroup] = {}
        self.osint_counts: dict[str, int] = dict.fromkeys(LAYERS, 0)
        #: Extra points the view must include (besides the markers).
        self.osint_points: list[tuple[float, float]] = []
        self.osint_markers: list[MarkerInfo] = []
        self.osint_unplaced: list[str] = []
        #: Credits (HTML) added to the attribution control, e.g. for online places.
        self.osint_credits: list[str] = []
        self.osint_controls: list[Element] = []
        self.osint_tiles: list[folium.TileLayer] = []
        self.osint_offline: folium.FeatureGroup | None = None
        self.osint_view: View | None = None
        self.osint_distances: dict[str, Distance] = {}
        self.osint_cluster_threshold = CLUSTER_THRESHOLD
        #: What the map was made from (lines of :meth:`osint.provenance.Record.methodology`).
        self.osint_about: list[str] = []
        #: Draw the offline ground (:mod:`osint.render.basemap`) under the story.
        self.osint_ground = True
        #: ISO codes of the countries shaded (the article names them).
        self.osint_shaded: set[str] = set()
        #: Cached tiles inlined by :func:`embed_tiles`.
        self.osint_embedded: list[_EmbeddedTiles] = []
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

    def add_marker(self, info: MarkerInfo) -> None:
        """Register a marker (already added to its layer) for the view, the labels and the legend."""
        self.osint_markers.append(info)

    def view(self) -> View | None:
        """The story's view (:func:`osint.render.focus.story_view`) of the markers and extra points."""
        points = [ViewPoint(i.key, i.name, i.lat, i.lon, i.layer, i.weight, i.broad, i.town)
                  for i in self.osint_markers]
        points += [ViewPoint(f"point:{k}", "", lat, lon, "claims", 0.0)
                   for k, (lat, lon) in enumerate(self.osint_points)]
        return story_view(points)

    def _measure(self, view: View | None) -> dict[str, Distance]:
        """Distance and bearing of each site in view from the focus city (:func:`osint.geo.inverse`)."""
        out: dict[str, Distance] = {}
        hub = view.hub if view else None
        if hub is None:
            return out
        for info in self.osint_markers:
            if info.layer not in ("sites", "claims") or info.key not in view.inside:
                continue
            km, brg = inverse(hub.lat, hub.lon, info.lat, info.lon)
            if 0.05 <= km <= DISTANCE_KM:
                out[info.key] = Distance(km, brg, hub.name)
        return out

    def _finish_markers(self) -> list[folium.PolyLine]:
        """Labels, popups with distances, and the lines from the focus city."""
        view = self.osint_view
        hub = view.hub if view else None
        places = [(i.lat, i.lon) for i in self.osint_markers if i.layer != "claims"]
        # A claim ring around a place's marker: the place's label says it once.
        names = ["" if info.layer == "claims" and any(abs(lat - info.lat) < 3e-4
                                                      and abs(lon - info.lon) < 3e-4 for lat, lon in places)
                 else info.name for info in self.osint_markers]
        inside = view.inside if view else set()
        # One label per name: a city and its division of one name are not both labelled.
        keep = labelled([(name, info.layer, info.weight, info.key in inside)
                         for name, info in zip(names, self.osint_markers)])
        lines = []
        for info, name, kept in zip(self.osint_markers, names, keep):
            d = self.osint_distances.get(info.key)
            label = name if kept else ""
            text = ""
            if label:
                text = (f'<span class="osint-label">{esc(label)}'
                        f'{f"<small> · {esc(d.short)}</small>" if d else ""}</span>')
            info.marker.icon.options["html"] = info.icon_html + text
            if info.popup is not None:
                info.content.popup = js_string(info.popup(d.note if d else ""))
            if d and hub is not None:
                line = folium.PolyLine([[hub.lat, hub.lon], [info.lat, info.lon]], color="#444", weight=1.2,
                                       dash_array="4,4", opacity=0.8)
                line.add_child(BoundContent(None, esc(f"{info.name}: {d.note}")))
                lines.append(line)
        return lines

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError("a PlaceMap renders inside a Figure")
        # Controls go last so that they see every layer added before rendering.
        for el in self.osint_controls:
            self._children.pop(el.get_name(), None)
        view = self.osint_view = self.view()
        self.osint_distances = self._measure(view)
        controls: list[Element] = []
        ground = self._ground(view) if self.osint_ground and view is not None else None
        if ground is not None:
            controls.append(ground)
        lines = self._finish_markers()
        if lines:
            fg = folium.FeatureGroup(name=DISTANCES_LAYER, show=True)
            for line in lines:
                line.add_to(fg)
            controls.append(fg)
        theirs = [c for c in self._children.values() if isinstance(c, folium.LayerControl)]
        if not theirs:
            controls.append(_LayerControl())
        outside = self._outside(view)
        controls.append(_Legend(legend_html(
            self.osint_counts, self.osint_unplaced, self.osint_title,
            hub=view.hub.name if view and view.hub and self.osint_distances else "",
            outside=legend_rows([(i, info.name, int(info.weight) if info.layer != "claims" else 0, where)
                                 for i, (info, where) in enumerate(outside)]),
            tiles=bool(self.osint_tiles), about=self.osint_about)))
        credits = [ATTRIBUTION, *([GROUND_ATTRIBUTION] if ground is not None else []),
                   *dict.fromkeys(self.osint_credits)]
        controls.append(_Attribution("; ".join(credits)))
        controls.append(_Scale())
        cluster = len(self.osint_markers) >= self.osint_cluster_threshold
        if view is not None:
            s, w, n, e = view.focus
            es, ew, en, ee = view.everything
            data = {
                "focus": [[s, w], [n, e]],
                "all": [[es, ew], [en, ee]],
                "maxZoom": FOCUS_MAX_ZOOM, "labelZoom": LABEL_ZOOM, "clusterOff": CLUSTER_OFF_ZOOM,
                "cluster": cluster, "narrow": NARROW_PX,
                "goZoom": [GO_ZOOM.get(info.layer, 10) for info, _ in outside],
                "labelPx": self._label_px(view),
                "tileNote": "Map tiles could not be fetched (no network?): the offline outlines are shown.",
            }
            buttons = str(render("story_buttons.html.j2", narrower=view.narrower,
                                 total=len(self.osint_markers)))
            # Claim sites stay out of the clusters: few, and each must show wherever the map is.
            controls.append(_Story(data, groups=[g for k, g in self.osint_layers.items() if k != "claims"],
                                   markers=[info.marker for info, _ in outside], tiles=self.osint_tiles,
                                   offline=self.osint_offline, buttons=buttons))
        for el in controls:
            self.add_child(el)
        for lc in theirs:  # the caller's control after every layer it lists
            self._children.pop(lc.get_name(), None)
            self.add_child(lc)
        self.osint_controls = controls
        self._assets(figure, cluster=cluster and view is not None)
        super().render(**kwargs)

    def _ground(self, view: View) -> _Ground | None:
        """The ground of the story's area (:func:`osint.render.basemap.ground`), towns that a
        marker already names left out; None (with a warning) when the shipped base is unreadable."""
        from .basemap import MISSING_NOTE, ground

        s, w, n, e = view.focus
        try:
            g = ground((w, s, e, n))
        except DataError as exc:
            warnings.warn(f"map drawn without the offline ground: {exc}", OsintWarning, stacklevel=2)
            return None
        fine = next((box for level, box, _ in g.levels if level == "fine"), None)
        marks = [(i.name.casefold(), i.lat, i.lon) for i in self.osint_markers]

        def crowded(name: str, lat: float, lon: float) -> bool:
            same, crowd = GROUND_SAME_NAME_DEG, GROUND_CROWD_DEG
            return any((abs(lat - a) < crowd and abs(lon - b) < crowd)
                       or (m == name and abs(lat - a) < same and abs(lon - b) < same)
                       for m, a, b in marks)

        levels = g.as_json()
        for entry in levels:
            towns = entry["layers"].get("places")
            if not towns:
                continue
            keep = []
            for f in towns["features"]:
                lon, lat = f["geometry"]["coordinates"]
                in_fine = fine is not None and fine[0] <= lon <= fine[2] and fine[1] <= lat <= fine[3]
                if entry["level"] == "coarse" and in_fine:
                    continue  # the fine level names the towns of its area
                if not crowded(str(f["properties"]["name"]).casefold(), lat, lon):
                    keep.append(f)
            # New dicts: the ground is cached per area (osint.render.basemap.ground), never edited.
            entry["layers"] = {**entry["layers"], "places": {**towns, "features": keep}}
        named = [f for f in country_outlines()["features"] if f["properties"]["iso2"] in self.osint_shaded]
        return _Ground(levels, MISSING_NOTE, tint={"type": "FeatureCollection", "features": named})

    def _label_px(self, view: View) -> int:
        """Room (px) east of the markers for the longest label in view: about 6.5 px a character."""
        longest = max((len(i.name) + (10 if i.key in self.osint_distances else 0)
                       for i in self.osint_markers if i.key in view.inside), default=0)
        return min(280, max(60, int(6.5 * longest)))

    def _outside(self, view: View | None) -> list[tuple[MarkerInfo, str]]:
        """Markers outside the story view, most-mentioned first, with how far away they are."""
        if view is None:
            return []
        out = [i for i in self.osint_markers if i.key not in view.inside and i.name]
        out.sort(key=lambda i: -i.weight)
        s, w, n, e = view.focus
        origin = view.hub
        lat0, lon0 = (origin.lat, origin.lon) if origin else ((s + n) / 2, (w + e) / 2)
        rows = []
        for i in out:
            km, brg = inverse(lat0, lon0, i.lat, i.lon)
            rows.append((i, f"{_km(km)} {compass(brg)}"))
        return rows

    def _assets(self, figure: Figure, *, cluster: bool) -> None:
        clusters = _descendants(self, _marker_cluster_class())
        if self.osint_cdn:
            if cluster and not clusters:
                for url in _CLUSTER_CDN_CSS:
                    figure.header.add_child(RawElement(f'<link rel="stylesheet" href="{url}"/>'),
                                            name=f"cdn_{abs(hash(url))}")
                figure.header.add_child(RawElement(f'<script src="{_CLUSTER_CDN_JS}"></script>'),
                                        name="markerclusterjs")
        else:
            a = inline_assets()
            figure.header.add_child(RawElement(f"<style>{a['leaflet_css']}</style>"), name="leaflet_css")
            figure.header.add_child(RawElement(f"<script>{a['leaflet_js']}</script>"), name="leaflet")
            if _has_child(self, folium.Popup):
                # folium.Popup builds its content with jQuery; osint's own popups do not.
                figure.header.add_child(RawElement(f"<script>{a['jquery_js']}</script>"), name="jquery")
            for mc in clusters:
                mc.default_js, mc.default_css = [], []
            if clusters or cluster:
                figure.header.add_child(RawElement(f"<style>{a['cluster_css']}</style>"), name="cluster_css")
                figure.header.add_child(RawElement(f"<script>{a['cluster_js']}</script>"),
                                        name="markerclusterjs")
        figure.header.add_child(RawElement(f"<style>{_CSS}</style>"), name="osint_css")
        if self.osint_title:
            figure.header.add_child(RawElement(f"<title>{esc(self.osint_title)}</title>"), name="title")


_CLUSTER_CDN_JS = "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js"
_CLUSTER_CDN_CSS = (
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css",
)


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


def legend_html(counts: Mapping[str, int], unplaced: Sequence[str], title: str = "", *, hub: str = "",
                outside: Sequence[tuple[int, str, int, str]] = (), tiles: bool = False,
                about: Sequence[str] = ()) -> str:
    """The legend: a swatch and count per layer, the places outside the view, what could not be placed.

    Parameters
    ----------
    counts : mapping
        Markers per layer key.
    unplaced : sequence of str
        Mentions without coordinates.
    title : str
        The legend's heading (escaped, as everything here).
    hub : str
        The city distances are measured from, if any.
    outside : sequence of (index, name, mentions, where)
        Places outside the opening view: ``index`` is the marker's position in
        the page's list of "go to" markers, ``where`` how far and which way.
    tiles : bool
        The map has tile layers (room for the note shown when they fail).
    about : sequence of str
        What the map was made from (the run's record), folded under "About this map".
    """
    layers = [(label, colour, counts[k], k == "claims") for k, (label, colour) in LAYERS.items()
              if counts.get(k, 0)]
    sized = any(counts.get(k, 0) for k in ("countries", "cities", "sites"))
    return str(render("legend.html.j2", title=title, layers=layers, sized=sized, unplaced=list(unplaced),
                      hub=hub, outside=list(outside), tiles=tiles, about=list(about)))


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
    and the layer control, legend and scale bar are added when it renders.
    Markers added through :func:`add_claim_sites` or :meth:`PlaceMap.add_marker`
    decide the opening view; other points can be appended to ``m.osint_points``.

    Parameters
    ----------
    title : str
        Legend heading and page title (escaped).
    location, zoom_start
        The initial view, before fitting to the points.
    cdn, online_tiles, show_tiles
        As for :func:`place_map`: with ``show_tiles`` the OpenStreetMap layer is
        the base layer when the page opens (Esri World Imagery one click away);
        without, the offline outlines are, and no tile is fetched until the
        reader picks a tile layer.
    shade_countries : iterable of str
        ISO alpha-2 codes of countries to shade.
    """
    shaded = set(shade_countries)
    m = PlaceMap(location=list(location), zoom_start=zoom_start, tiles=None, title=title, cdn=cdn,
                 control_scale=False, world_copy_jump=True, maxZoom=18, minZoom=1)
    m.osint_shaded = shaded
    _OutlinePane().add_to(m)
    # Beneath the tiles and needing no network: country outlines, the named countries shaded.
    folium.GeoJson(
        country_outlines(),
        name=OUTLINES_LAYER,
        style_function=lambda f: {
            "color": "#666", "weight": 0.6,
            "fillColor": "#1f77b4" if f["properties"]["iso2"] in shaded else "#e8e4d8",
            "fillOpacity": 0.35 if f["properties"]["iso2"] in shaded else 0.6,
        },
        interactive=False, control=True, show=True, smooth_factor=1.0, pane=OUTLINE_PANE,
    ).add_to(m)
    if online_tiles:
        m.osint_offline = folium.FeatureGroup(name=OFFLINE_LAYER, overlay=False, show=not show_tiles)
        m.osint_offline.add_to(m)
        m.osint_tiles = [
            folium.TileLayer(OSM_TILES, name=OSM_LAYER, attr=OSM_ATTRIBUTION, overlay=False, show=show_tiles,
                             max_zoom=19).add_to(m),
            folium.TileLayer(ESRI_TILES, name=ESRI_LAYER, attr=ESRI_ATTRIBUTION, overlay=False, show=False,
                             max_zoom=19).add_to(m),
        ]
    return m


def embed_tiles(m: PlaceMap, *, fetch: bool = False, session: Any = None,
                sources: Sequence[str] = ("osm", "s2cloudless"),
                warn: Callable[[str], None] | None = None) -> list[Any]:
    """Inline the cached tiles of the map's opening view (``--embed``), fetching them first if asked.

    For each source of :data:`osint.online.tiles.SOURCES` the tiles of the story's view, phone to
    wide screen and one zoom closer (:func:`osint.online.tiles.plan`, at most
    :data:`~osint.online.tiles.MAX_TILES`), are fetched into the tile cache when ``fetch`` (the
    user allowed the network), then whatever the cache holds is inlined as a base layer that
    needs no network; the first source with tiles opens, the ground shows where none is cached.
    Tiles that could not be fetched, and a map left with none, are one line each to ``warn``
    (default: :func:`warnings.warn`).

    Returns
    -------
    list of osint.online.tiles.TileReport
        Per source: tiles planned, found cached, fetched, failed, and embedded.
    """
    from ..online.tiles import SOURCES, TileReport, cached_date, cached_tiles, fetch_tiles, plan

    def say(line: str) -> None:
        if warn is not None:
            warn(line)
        else:
            warnings.warn(line, OsintWarning, stacklevel=3)

    view = m.view()
    if view is None:
        return []
    s, w, n, e = view.focus
    reports = []
    for key in sources:
        src = SOURCES[key]
        tiles = plan((w, s, e, n), src)
        report = fetch_tiles(src, tiles, session=session) if fetch else TileReport(key, planned=len(tiles))
        found = cached_tiles(src, tiles)
        report.embedded = len(found)
        if found:
            first = not m.osint_embedded
            layer = _EmbeddedTiles(f"{src.name} (cached {cached_date(src, tiles)}, offline)", found,
                                   src.attribution, show=first)
            layer.add_to(m)
            m.osint_embedded.append(layer)
            if first:  # the cached tiles open; the live ones and the outlines alone are a click away
                if m.osint_offline is not None:
                    m.osint_offline.show = False
                for t in m.osint_tiles:
                    t.show = False
        if report.failed:
            say(f"map tiles ({src.name}): {report.failed} of {report.planned} could not be fetched"
                f"{': ' + report.errors[0] if report.errors else ''}")
        reports.append(report)
    if not m.osint_embedded:
        say("no cached map tiles for the story's area: the map opens on the offline ground "
            "(osint map --online --embed fetches them)")
    return reports


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
