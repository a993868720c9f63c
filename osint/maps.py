"""Maps of an article's places that open anywhere, with their evidence.

:func:`place_map` draws one marker per place (repeated mentions of a place are
gathered into one marker whose popup lists every sentence naming it, the
mention highlighted), in layers a reader can toggle: countries and regions,
cities, landmarks and sites, and claim sites (:func:`add_claim_sites`, for the
imagery cross-reference). Each popup gives the coordinates' source with its
link, the confidence and the alternatives the resolver weighed.

By default the HTML is self-contained: Leaflet and MarkerCluster are inlined
from the ``xstatic`` packages and a base layer of country outlines (Natural
Earth 1:110m via the ``countryinfo`` package) is embedded, so the file opens on
an air-gapped machine and loads nothing from the network until the reader
switches on one of the optional tile layers (OpenStreetMap, Esri World
Imagery). ``cdn=True`` writes a small file that loads folium's usual CDN links.

Article text is untrusted. Nothing from it reaches the page except through
:func:`html.escape`, and popup and tooltip content is handed to Leaflet as
JSON strings rather than pasted into JavaScript template literals (which is
what ``folium.Popup`` and ``folium.Tooltip`` do, and where ``${...}`` in an
article would run).

Beside the HTML, :func:`export_csv`, :func:`export_geojson` and
:func:`export_kml` write the same places for spreadsheets, GIS and Google Earth.
"""

from __future__ import annotations

import argparse
import base64
import bisect
import csv
import functools
import html
import importlib.resources
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import folium
import pandas as pd
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from .errors import DataError, InputError
from .escape import esc, js_string, safe_url
from .gazetteer import GEONAMES_URL

#: Layer key -> (label shown to the reader, colour).
LAYERS: dict[str, tuple[str, str]] = {
    "countries": ("Countries and regions", "#1f77b4"),
    "cities": ("Cities", "#d62728"),
    "sites": ("Landmarks and sites", "#2ca02c"),
    "claims": ("Claim sites", "#9467bd"),
}
#: Features drawn in the countries layer; capitals and cities go to cities,
#: every curated feature (squares, airfields, think tanks...) to sites.
COUNTRY_FEATURES = frozenset({"continent", "country", "admin1"})
CITY_FEATURES = frozenset({"capital", "city"})
#: A layer with at least this many markers is clustered.
CLUSTER_THRESHOLD = 25
#: Online geocoders (:mod:`osint.geocoders`) by the ``source`` their places carry.
ONLINE_PROVIDERS = {"nominatim": "Nominatim", "photon": "Photon", "arcgis": "Esri ArcGIS"}
#: Those whose answers are OpenStreetMap data (ODbL: maps showing them must say so).
OSM_PROVIDERS = frozenset({"nominatim", "photon"})
OSM_OBJECT_TYPES = frozenset({"node", "way", "relation"})
#: Columns that carry an online place's provenance (empty for gazetteer places).
PROVENANCE_COLUMNS = ("provider", "display_name", "osm_type", "osm_id", "fetched_at", "attribution")

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


# ----------------------------------------------------------------------- escaping


def _link(url: Any, text: str) -> str:
    u = safe_url(url)
    if u is None:
        return esc(text)
    return f'<a href="{esc(u)}" target="_blank" rel="noopener noreferrer">{esc(text)}</a>'


def highlight(sentence: str, spans: Iterable[tuple[int, int]]) -> str:
    """Escape ``sentence`` and wrap each (start, end) span in ``<mark>``.

    Spans are relative to the sentence; overlapping or out-of-range spans are dropped.
    """
    out, pos = [], 0
    for s, e in sorted(set(spans)):
        if s < pos or e > len(sentence) or s >= e:
            continue
        out.append(esc(sentence[pos:s]))
        out.append(f"<mark>{esc(sentence[s:e])}</mark>")
        pos = e
    out.append(esc(sentence[pos:]))
    return "".join(out)


# ------------------------------------------------------------------ place records


@dataclass(frozen=True)
class MapPlace:
    """One place on the map: a gazetteer entry and every mention of it.

    Attributes
    ----------
    key : str
        ``source:source_id``; unique per map.
    name, feature, country_code, source, source_id : str
        From the gazetteer entry.
    lat, lon : float
        WGS84 coordinates.
    source_url : str
        Where the coordinates come from.
    layer : str
        A key of :data:`LAYERS`.
    mentions : tuple of str
        The text of each mention, in text order.
    sentences : tuple of (str, tuple of (int, int))
        Each sentence naming the place, with the mention spans inside it.
    confidence : float
        The highest confidence among the mentions.
    alternatives : tuple of str
        Runners-up the resolver weighed, deduplicated.
    provider, display_name, osm_type, osm_id, fetched_at, attribution : str
        For a place an online geocoder gave (:class:`osint.geocoders.OnlineEntry`):
        which service, its full name of the place, the OpenStreetMap object,
        when the answer was fetched (ISO 8601, UTC) and the credit the service
        requires; '' for gazetteer places.
    """

    key: str
    name: str
    lat: float
    lon: float
    feature: str
    country_code: str
    source: str
    source_id: str
    source_url: str
    layer: str
    mentions: tuple[str, ...]
    sentences: tuple[tuple[str, tuple[tuple[int, int], ...]], ...]
    confidence: float
    alternatives: tuple[str, ...] = field(default=())
    provider: str = ""
    display_name: str = ""
    osm_type: str = ""
    osm_id: str = ""
    fetched_at: str = ""
    attribution: str = ""

    @property
    def online(self) -> bool:
        """True when an online geocoder, not the offline gazetteer, placed it."""
        return bool(self.provider)

    @property
    def osm_url(self) -> str | None:
        """The OpenStreetMap page of the object an online geocoder answered."""
        if self.osm_type in OSM_OBJECT_TYPES and self.osm_id.isdigit():
            return f"https://www.openstreetmap.org/{self.osm_type}/{self.osm_id}"
        return None

    @property
    def uses_osm(self) -> bool:
        """True when the coordinates are OpenStreetMap data (credit ODbL)."""
        return self.provider in OSM_PROVIDERS or self.osm_url is not None

    @property
    def source_link(self) -> str | None:
        """The page of the source record: GeoNames' page, or the curated source."""
        if self.source == "geonames" and self.source_id:
            return GEONAMES_URL.format(id=self.source_id)
        return safe_url(self.source_url)


def layer_for(feature: str | None, source: str | None) -> str:
    """Return the layer key for a gazetteer feature type."""
    if feature in COUNTRY_FEATURES:
        return "countries"
    if feature in CITY_FEATURES:
        return "cities"
    return "sites"


def _alt_list(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, str):
        value = value.strip()
        if value.startswith("["):
            try:
                return [str(v) for v in json.loads(value)]
            except json.JSONDecodeError:
                pass
        return [v.strip() for v in value.split(";") if v.strip()]
    return [str(v) for v in value]


def mention_table(places: pd.DataFrame | Sequence[Any], text: str | None = None) -> pd.DataFrame:
    """Normalise places to :func:`osint.geoparse`'s table, one row per mention.

    Parameters
    ----------
    places : DataFrame or list of Place
        A geoparse table, or :class:`osint.resolve.Place` objects.
    text : str, optional
        The article; needed for sentences when ``places`` are Place objects.
    """
    if isinstance(places, pd.DataFrame):
        df = places.copy()
    else:
        df = places_table(text or "", list(places))
    missing = {"start", "end", "text", "name", "lat", "lon", "source", "source_id"} - set(df.columns)
    if missing:
        raise InputError(f"places table lacks columns: {', '.join(sorted(missing))}")
    for col in ("feature", "country_code", "source_url", "sentence", "reason", "kind"):
        if col not in df.columns:
            df[col] = ""
    if "confidence" not in df.columns:
        df["confidence"] = float("nan")
    if "alternatives" not in df.columns:
        df["alternatives"] = [[] for _ in range(len(df))]
    if any(c not in df.columns for c in PROVENANCE_COLUMNS):
        derived = [_derived_provenance(src, sid, reason)
                   for src, sid, reason in zip(df["source"], df["source_id"], df["reason"])]
        for i, col in enumerate(PROVENANCE_COLUMNS):
            if col not in df.columns:
                df[col] = [d[i] for d in derived]
    return df.sort_values("start", kind="stable").reset_index(drop=True)


def places_table(text: str, places: Sequence[Any]) -> pd.DataFrame:
    """:func:`osint.pipeline.places_frame` plus the provenance of online places.

    An online geocoder's place (:class:`osint.geocoders.OnlineEntry`) keeps its
    provider, display name, OpenStreetMap type and id, fetch time and required
    credit in the :data:`PROVENANCE_COLUMNS`; gazetteer places have '' there.
    """
    from .pipeline import places_frame

    places = list(places)
    df = places_frame(text, places)
    for col in PROVENANCE_COLUMNS:
        df[col] = [_str(getattr(p.entry, col, "")) if p.entry is not None else "" for p in places]
    return df


_FETCHED_RE = re.compile(r"fetched (\d{4}-\d\d-\d\dT[\d:.]+Z?)")


def _derived_provenance(source: Any, source_id: Any, reason: Any) -> tuple[str, ...]:
    """Provenance read back from a table without its columns (``osint.geoparse(online=True)``).

    The online geocoders write ``type/id`` as the source id of OSM objects and
    the fetch time into the reason.
    """
    src = _str(source)
    if src not in ONLINE_PROVIDERS:
        return ("",) * len(PROVENANCE_COLUMNS)
    osm_type, _, osm_id = _str(source_id).partition("/")
    if osm_type not in OSM_OBJECT_TYPES:
        osm_type = osm_id = ""
    m = _FETCHED_RE.search(_str(reason))
    credit = OSM_DATA_ATTRIBUTION if src in OSM_PROVIDERS else ONLINE_PROVIDERS[src]
    return (src, "", osm_type, osm_id, m.group(1) if m else "", _plain(credit))


def _plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def _sentence_spans(df: pd.DataFrame, text: str | None) -> list[tuple[str, int, int]]:
    """(sentence, start, end) of each row's mention inside its sentence."""
    out: list[tuple[str, int, int]] = []
    if text:
        from .text import sentences

        sents = sentences(text)
        starts = [s.start for s in sents]
        for start, end in zip(df["start"], df["end"]):
            k = bisect.bisect_right(starts, int(start)) - 1
            if k >= 0 and int(end) <= sents[k].end:
                s = sents[k]
                out.append((s.text, int(start) - s.start, int(end) - s.start))
            else:
                out.append((str(text[int(start):int(end)]), 0, int(end) - int(start)))
        return out
    # Without the text: the k-th row with a given (sentence, mention) is its k-th occurrence.
    seen: dict[tuple[str, str], int] = {}
    for sent, mtext in zip(df["sentence"].fillna(""), df["text"].fillna("")):
        sent, mtext = str(sent), str(mtext)
        k = seen.get((sent, mtext), 0)
        seen[(sent, mtext)] = k + 1
        pos = -1
        for _ in range(k + 1):
            pos = sent.find(mtext, pos + 1)
            if pos < 0:
                break
        if pos < 0 or not mtext:
            out.append((sent or mtext, 0, 0) if sent else (mtext, 0, len(mtext)))
        else:
            out.append((sent, pos, pos + len(mtext)))
    return out


def map_places(places: pd.DataFrame | Sequence[Any], text: str | None = None) -> list[MapPlace]:
    """Gather mentions into one :class:`MapPlace` per placed gazetteer entry.

    Unresolved mentions (no coordinates) are left out; see :func:`unplaced_mentions`.
    """
    df = mention_table(places, text)
    spans = _sentence_spans(df, text)
    groups: dict[str, dict[str, Any]] = {}
    for (_, row), (sent, s, e) in zip(df.iterrows(), spans):
        if pd.isna(row["lat"]) or pd.isna(row["lon"]):
            continue
        key = f"{row['source']}:{row['source_id']}"
        g = groups.get(key)
        if g is None:
            g = groups[key] = {"row": row, "mentions": [], "sentences": {}, "conf": [], "alts": {}}
        g["mentions"].append(str(row["text"]))
        g["sentences"].setdefault(sent, []).append((s, e))
        if not pd.isna(row["confidence"]):
            g["conf"].append(float(row["confidence"]))
        for a in _alt_list(row["alternatives"]):
            g["alts"][a] = None
    out = []
    for key, g in groups.items():
        r = g["row"]
        out.append(MapPlace(
            key=key, name=str(r["name"]), lat=float(r["lat"]), lon=float(r["lon"]),
            feature=_str(r["feature"]), country_code=_str(r["country_code"]),
            source=_str(r["source"]), source_id=_str(r["source_id"]), source_url=_str(r["source_url"]),
            layer=layer_for(_str(r["feature"]), _str(r["source"])),
            mentions=tuple(g["mentions"]),
            sentences=tuple((s, tuple(v)) for s, v in g["sentences"].items()),
            confidence=max(g["conf"]) if g["conf"] else float("nan"),
            alternatives=tuple(g["alts"]),
            **{col: _str(r[col]) for col in PROVENANCE_COLUMNS},
        ))
    return out


def unplaced_mentions(places: pd.DataFrame | Sequence[Any], text: str | None = None) -> list[str]:
    """The distinct texts of mentions that have no coordinates, in text order."""
    df = mention_table(places, text)
    rows = df[df["lat"].isna() | df["lon"].isna()]
    return list(dict.fromkeys(str(t) for t in rows["text"]))


def _str(v: Any) -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)


# ---------------------------------------------------------------------- popups


def popup_html(p: MapPlace) -> str:
    """The popup of a place: what, where, from which source, how sure, and the sentences."""
    if p.online:
        source_line = _online_source_html(p)
    else:
        src_name = "GeoNames" if p.source == "geonames" else (p.source or "unknown source")
        src = _link(p.source_link, f"{src_name} {p.source_id}".strip())
        coord_src = ""
        if p.source_url and safe_url(p.source_url) and safe_url(p.source_url) != p.source_link:
            coord_src = f"; coordinates from {_link(p.source_url, _host(p.source_url))}"
        source_line = f"<p>Source: {src}{coord_src}</p>"
    conf = "n/a" if math.isnan(p.confidence) else f"{p.confidence:.2f}"
    n = len(p.mentions)
    alts = ", ".join(esc(a) for a in p.alternatives) or "none"
    sents = "".join(f"<li>{highlight(s, spans)}</li>" for s, spans in p.sentences)
    return (
        f'<div class="osint-popup" data-place="{esc(p.key)}"><h4>{esc(p.name)}</h4>'
        f"<p>{esc(p.feature)}{' · ' + esc(p.country_code) if p.country_code else ''} · "
        f"{p.lat:.5f}, {p.lon:.5f}</p>"
        f"{source_line}"
        f"<p>Confidence: {conf} · {n} mention{'s' if n != 1 else ''}</p>"
        f"<p>Alternatives: {alts}</p>"
        f"<ol>{sents}</ol></div>"
    )


def _online_source_html(p: MapPlace) -> str:
    """Provenance of an online geocoder's place: the service, the OSM object, when, and the credit."""
    provider = ONLINE_PROVIDERS.get(p.provider, p.provider)
    if p.osm_url:
        obj = _link(p.osm_url, f"OSM {p.osm_type} {p.osm_id}")
    elif p.source_id:
        obj = _link(p.source_link, f"{p.source} {p.source_id}")
    else:
        obj = "no object id given"
    fetched = esc(p.fetched_at) if p.fetched_at else "fetch time not recorded"
    named = f" as {esc(p.display_name)}" if p.display_name else ""
    if p.uses_osm:
        credit = OSM_DATA_ATTRIBUTION.removeprefix("Online places: ")
    else:
        credit = esc(p.attribution) if p.attribution else f"{esc(provider)} terms of use"
    return (f"<p>Source: {esc(provider)} (online geocoder){named}; {obj}; fetched {fetched}</p>"
            f"<p>{credit}</p>")


def _host(url: str) -> str:
    m = re.match(r"https?://([^/]+)", url)
    return m.group(1) if m else url


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


# ---------------------------------------------------------------------- assets


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


# ------------------------------------------------------------------------- map


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
    rows = "".join(
        f'<div><i style="background:{colour}"></i>{esc(label)} ({counts[k]})</div>'
        for k, (label, colour) in LAYERS.items() if counts.get(k, 0)
    )
    head = f"<h4>{esc(title)}</h4>" if title else ""
    if any(counts.get(k, 0) for k in ("countries", "cities", "sites")):
        rows += "<div>Marker size: mentions in the text</div>"
    if unplaced:
        rows += "<div>Not placed: " + ", ".join(esc(u) for u in unplaced) + "</div>"
    return f"{head}{rows}"


def _marker_size(n: int) -> int:
    return int(10 + 3 * math.log2(max(n, 1)))


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


def place_map(
    places: pd.DataFrame | Sequence[Any],
    *,
    title: str = "",
    text: str | None = None,
    cdn: bool = False,
    online_tiles: bool = True,
    show_tiles: bool = False,
    cluster_threshold: int = CLUSTER_THRESHOLD,
) -> PlaceMap:
    """Draw an article's places on a map a reader can explore offline.

    Parameters
    ----------
    places : DataFrame or list of Place
        :func:`osint.geoparse`'s table (or :func:`osint.geoparse_places`'s list).
    title : str
        Shown in the legend and as the page title (escaped).
    text : str, optional
        The article text: exact sentence spans (required for a list of Place).
    cdn : bool
        Link Leaflet from CDNs (small file, needs the network) instead of inlining it.
    online_tiles : bool
        Add OpenStreetMap and Esri World Imagery tile layers the reader can switch on.
    show_tiles : bool
        Show the OpenStreetMap layer when the page opens (it then loads tiles
        from the network at once); off by default, so nothing is fetched
        unless the reader asks.
    cluster_threshold : int
        Layers with at least this many markers are clustered.

    Returns
    -------
    PlaceMap
        A ``folium.Map``; save it with :func:`save_map`.

    Examples
    --------
    >>> import osint
    >>> text = "Shoigu flew from Moscow to Pyongyang."
    >>> m = place_map(osint.geoparse(text), title="demo", text=text)
    >>> sorted(m.osint_layers)
    ['cities']
    """
    mp = map_places(places, text)
    named = {p.country_code for p in mp if p.layer == "countries"}
    m = base_map(title=title, cdn=cdn, online_tiles=online_tiles, show_tiles=show_tiles,
                 shade_countries=named)
    by_layer: dict[str, list[MapPlace]] = {}
    for p in mp:
        by_layer.setdefault(p.layer, []).append(p)
    for key in ("countries", "cities", "sites"):
        items = by_layer.get(key, [])
        if not items:
            continue
        target: folium.map.Layer = m.layer(key)
        if len(items) >= cluster_threshold:
            target = _cluster(m, target)
        for p in items:
            _place_marker(p).add_to(target)
            m.osint_points.append((p.lat, p.lon))
        m.osint_counts[key] = len(items)
    m.osint_unplaced = unplaced_mentions(places, text)
    if any(p.uses_osm for p in mp):
        m.osint_credits.append(OSM_DATA_ATTRIBUTION)
    for p in mp:
        if p.online and not p.uses_osm:
            credit = p.attribution or ONLINE_PROVIDERS.get(p.provider, p.provider)
            m.osint_credits.append(f"Online places: {esc(credit)}")
    return m


def _cluster(m: PlaceMap, parent: folium.map.Layer) -> folium.map.Layer:
    from folium.plugins import MarkerCluster

    mc = MarkerCluster(options={"maxClusterRadius": 40, "spiderfyOnMaxZoom": True}, control=False)
    mc.add_to(parent)
    return mc


def _place_marker(p: MapPlace) -> folium.Marker:
    size = _marker_size(len(p.mentions))
    icon = folium.DivIcon(
        html=f'<span data-place="{esc(p.key)}"></span>', icon_size=(size, size),
        icon_anchor=(size // 2, size // 2), class_name=f"osint-marker osint-{p.layer}",
    )
    marker = folium.Marker([p.lat, p.lon], icon=icon)
    n = len(p.mentions)
    marker.add_child(BoundContent(popup_html(p), f"{esc(p.name)} ({n} mention{'s' if n != 1 else ''})"))
    return marker


def add_claim_sites(m: folium.Map, sites: Iterable[Mapping[str, Any]]) -> folium.FeatureGroup:
    """Add the sites an article's claims point at, in the "Claim sites" layer.

    Parameters
    ----------
    m : folium.Map
        A map from :func:`place_map` (a plain folium Map works too, without
        the legend count and bounds).
    sites : iterable of mapping
        Each with ``name``, ``lat``, ``lon``, ``source`` (a URL or a note),
        ``radius_m`` (the uncertainty, drawn as a circle; 0 or missing for
        none) and ``label`` (the claim, shown in the popup). Text is escaped.

    Returns
    -------
    folium.FeatureGroup
        The claim sites layer.
    """
    if isinstance(m, PlaceMap):
        fg = m.layer("claims")
    else:
        fg = folium.FeatureGroup(name=LAYERS["claims"][0]).add_to(m)
    colour = LAYERS["claims"][1]
    n = 0
    for s in sites:
        try:
            lat, lon = float(s["lat"]), float(s["lon"])
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"claim site needs numeric lat and lon: {s!r:.80}") from exc
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InputError(f"claim site coordinates out of range: {lat}, {lon}")
        name = _str(s.get("name")) or "claim site"
        radius = float(s.get("radius_m") or 0)
        source = _str(s.get("source"))
        src_html = _link(source, source) if safe_url(source) else esc(source or "not given")
        body = (f'<div class="osint-popup" data-claim="{esc(name)}"><h4>{esc(name)}</h4>'
                f"<p>{esc(_str(s.get('label')))}</p>"
                f"<p>{lat:.5f}, {lon:.5f}{f' · ± {radius:,.0f} m' if radius else ''}</p>"
                f"<p>Source: {src_html}</p></div>")
        if radius > 0:
            folium.Circle([lat, lon], radius=radius, color=colour, weight=1.5, fill=True,
                          fill_opacity=0.12, interactive=False).add_to(fg)
        size = 14
        icon = folium.DivIcon(html=f'<span data-claim="{esc(name)}"></span>', icon_size=(size, size),
                              icon_anchor=(size // 2, size // 2), class_name="osint-marker osint-claims")
        marker = folium.Marker([lat, lon], icon=icon)
        marker.add_child(BoundContent(body, esc(name)))
        marker.add_to(fg)
        n += 1
        if isinstance(m, PlaceMap):
            m.osint_points.append((lat, lon))
    if isinstance(m, PlaceMap):
        m.osint_counts["claims"] += n
    return fg


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
    from .io import atomic_output

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


# --------------------------------------------------------------------- exports


def export_csv(places: pd.DataFrame | Sequence[Any], path: str | Path, text: str | None = None) -> Path:
    """Write every mention (placed or not) with its coordinates, source and sentence as CSV."""
    from .escape import csv_cell
    from .io import atomic_output

    df = mention_table(places, text)
    df = df.assign(alternatives=[" ; ".join(_alt_list(a)) for a in df["alternatives"]])
    # Spreadsheets run cells that start with = + - @: text cells are neutralised.
    df = df.apply(lambda col: col if pd.api.types.is_numeric_dtype(col) else col.map(csv_cell))
    with atomic_output(str(path)) as out:
        df.to_csv(out, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return Path(path)


def places_geojson(places: pd.DataFrame | Sequence[Any], text: str | None = None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection with one Point per place and its mentions as properties."""
    feats = []
    for p in map_places(places, text):
        feats.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
            "properties": {
                "name": p.name, "feature": p.feature, "country_code": p.country_code,
                "layer": p.layer, "source": p.source, "source_id": p.source_id,
                "source_url": p.source_url, "source_link": p.source_link,
                "confidence": None if math.isnan(p.confidence) else p.confidence,
                "mentions": len(p.mentions), "alternatives": list(p.alternatives),
                "sentences": [s for s, _ in p.sentences],
                **({col: getattr(p, col) for col in PROVENANCE_COLUMNS} if p.online else {}),
            },
        })
    return {"type": "FeatureCollection", "features": feats}


def export_geojson(places: pd.DataFrame | Sequence[Any], path: str | Path, text: str | None = None) -> Path:
    """Write :func:`places_geojson` to ``path``."""
    from .io import atomic_output

    with atomic_output(str(path)) as out:
        json.dump(places_geojson(places, text), out, ensure_ascii=False, indent=1)
        out.write("\n")
    return Path(path)


def places_kml(places: pd.DataFrame | Sequence[Any], *, title: str = "", text: str | None = None) -> str:
    """KML (for Google Earth) with a Placemark per place, in a Folder per layer.

    Written with :mod:`xml.etree.ElementTree`, which escapes every name and
    description for XML; characters XML forbids are removed first
    (:func:`osint.escape.xml_text`). Google Earth renders a description as
    HTML, so each of its lines is HTML-escaped before the lines are joined
    with ``<br/>``: once parsed, a description holds only escaped article text
    and line breaks.
    """
    import xml.etree.ElementTree as ET

    from .escape import xml_text

    mp = map_places(places, text)
    ns = "http://www.opengis.net/kml/2.2"
    root = ET.Element("kml", xmlns=ns)
    doc = ET.SubElement(root, "Document")
    ET.SubElement(doc, "name").text = xml_text(title or "places")
    for key, (label, _) in LAYERS.items():
        items = [p for p in mp if p.layer == key]
        if not items:
            continue
        folder = ET.SubElement(doc, "Folder")
        ET.SubElement(folder, "name").text = label
        for p in items:
            conf = "n/a" if math.isnan(p.confidence) else f"{p.confidence:.2f}"
            lines = [
                f"{p.feature} {p.country_code}".strip(),
                f"Source: {p.source} {p.source_id} {p.source_link or ''}".strip(),
            ]
            if p.online:
                lines.append(f"Geocoded online by {ONLINE_PROVIDERS.get(p.provider, p.provider)}, "
                             f"fetched {p.fetched_at or 'at an unrecorded time'}"
                             f"{'; ' + p.attribution if p.attribution else ''}")
            lines += [
                f"Confidence: {conf}; mentions: {len(p.mentions)}",
                f"Alternatives: {', '.join(p.alternatives) or 'none'}",
                *(f"- {s}" for s, _ in p.sentences),
            ]
            mark = ET.SubElement(folder, "Placemark")
            ET.SubElement(mark, "name").text = xml_text(p.name)
            ET.SubElement(mark, "description").text = xml_text("<br/>".join(esc(line) for line in lines))
            point = ET.SubElement(mark, "Point")
            ET.SubElement(point, "coordinates").text = f"{p.lon:.6f},{p.lat:.6f},0"
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def export_kml(places: pd.DataFrame | Sequence[Any], path: str | Path, *, title: str = "",
               text: str | None = None) -> Path:
    """Write :func:`places_kml` to ``path``."""
    from .io import atomic_output

    with atomic_output(str(path)) as out:
        out.write(places_kml(places, title=title, text=text))
    return Path(path)


def export_all(places: pd.DataFrame | Sequence[Any], html_path: str | Path, *, title: str = "",
               text: str | None = None, cdn: bool = False, show_tiles: bool = False) -> dict[str, Path]:
    """Write the map and, beside it, the CSV, GeoJSON and KML of the places.

    Returns
    -------
    dict
        ``html``, ``csv``, ``geojson``, ``kml`` -> path written.
    """
    html_path = Path(html_path)
    if html_path.parent and not html_path.parent.exists():
        raise InputError("output folder does not exist", path=str(html_path.parent))
    m = place_map(places, title=title, text=text, cdn=cdn, show_tiles=show_tiles)
    return {
        "html": save_map(m, html_path),
        "csv": export_csv(places, html_path.with_suffix(".csv"), text),
        "geojson": export_geojson(places, html_path.with_suffix(".geojson"), text),
        "kml": export_kml(places, html_path.with_suffix(".kml"), title=title, text=text),
    }


# ------------------------------------------------------------------------- CLI


def geoparse_article(text: str, *, online: bool = False,
                     warn: Callable[[str], None] | None = None) -> pd.DataFrame:
    """Geoparse an article into the map's table, offline unless ``online``.

    Parameters
    ----------
    text : str
        The article.
    online : bool
        Let the online geocoder (:mod:`osint.geocoders`) place what the
        gazetteer lacks; a failing service leaves the offline places, with one warning.
    warn : callable, optional
        Receives that warning (the command line passes
        :func:`osint.geocoders.warn_stderr`); default :func:`warnings.warn`.

    Returns
    -------
    pandas.DataFrame
        :func:`places_table`: the geoparse table plus the online places' provenance.
    """
    from .pipeline import geoparse_places

    geocoder = None
    if online:
        from .geocoders import Refiner, provider_from_env

        geocoder = Refiner(provider_from_env(warn=warn), warn=warn)
    return places_table(text, geoparse_places(text, online=online, geocoder=geocoder))


def _map_command(args: argparse.Namespace) -> int:
    from .article import load_article
    from .geocoders import warn_stderr

    if not str(args.output).lower().endswith((".html", ".htm")):
        raise InputError("output must be an .html file", path=args.output)
    article = load_article(args.path)
    df = geoparse_article(article.text, online=args.online, warn=warn_stderr if args.online else None)
    written = export_all(df, args.output, title=article.title, text=article.text, cdn=args.cdn,
                         show_tiles=args.online)
    for p in written.values():
        print(p)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``map`` subcommand."""
    p = sub.add_parser(
        "map", help="map an article's places as one HTML file (plus CSV, GeoJSON, KML)",
        description="Geoparse a .txt article and write a map that opens offline, with "
                    "FILE.csv, FILE.geojson and FILE.kml beside it.",
    )
    p.add_argument("path", metavar="PATH", help="a .txt article (with its optional .json sidecar)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.html", help="the map to write")
    p.add_argument("--cdn", action="store_true",
                   help="link Leaflet from CDNs: a small file that needs the network to open")
    p.add_argument("--online", action="store_true",
                   help="allow online geocoding and show the OpenStreetMap layer on open")
    p.set_defaults(func=_map_command)
