"""Maps of an article's places, with their evidence.

:func:`place_map` draws one marker per place (repeated mentions of a place are
gathered into one marker whose popup lists every sentence naming it, the
mention highlighted), in layers a reader can toggle: countries and regions,
cities, landmarks and sites, and claim sites (:func:`add_claim_sites`, for the
imagery cross-reference). Each popup gives the coordinates' source with its
link, the confidence and the alternatives the resolver weighed; online places
add the provider, the OpenStreetMap object and the fetch time. Popups are
rendered from the package's fixed templates (:mod:`osint.render.html`).
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import folium
import pandas as pd
from markupsafe import Markup

from ..errors import InputError
from ..escape import esc, safe_url
from ..gazetteer import CITY_FEATURES, COUNTRY_FEATURES, GEONAMES_URL
from ..places.pipeline import PROVENANCE_COLUMNS, places_frame
from .html import marked, render
from .leaflet import (
    CLUSTER_THRESHOLD,
    LAYERS,
    OSM_DATA_ATTRIBUTION,
    BoundContent,
    PlaceMap,
    _cluster,
    base_map,
)

#: Online geocoders (:mod:`osint.geocoders`) by the ``source`` their places carry.
ONLINE_PROVIDERS = {"nominatim": "Nominatim", "photon": "Photon", "arcgis": "Esri ArcGIS"}


#: Those whose answers are OpenStreetMap data (ODbL: maps showing them must say so).
OSM_PROVIDERS = frozenset({"nominatim", "photon"})


OSM_OBJECT_TYPES = frozenset({"node", "way", "relation"})


def highlight(sentence: str, spans: Iterable[tuple[int, int]]) -> str:
    """Escape ``sentence`` and wrap each (start, end) span in ``<mark>``.

    Spans are relative to the sentence; overlapping or out-of-range spans are dropped.
    """
    return marked(sentence, spans)


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


def alternative_label(a: Any) -> str:
    """How an alternative reading reads in a popup or a cell: "Name (country or feature, share)"."""
    if isinstance(a, Mapping):
        where = a.get("country_code") or a.get("feature") or ""
        conf = a.get("confidence")
        share = f", {float(conf):.2f}" if isinstance(conf, (int, float)) and not math.isnan(conf) else ""
        return f"{a.get('name', '')} ({where}{share})"
    return str(a)


def _alt_list(value: Any) -> list[str]:
    """The alternatives of a table cell as labels: a list (of dicts or strings), JSON text, or nothing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, str):
        value = value.strip()
        if value.startswith("["):
            try:
                return [alternative_label(v) for v in json.loads(value)]
            except json.JSONDecodeError:
                pass
        return [v.strip() for v in value.split(";") if v.strip()]
    return [alternative_label(v) for v in value]


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
        df = places_frame(text or "", list(places))
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
    for col in PROVENANCE_COLUMNS:
        if col not in df.columns:  # a table made before online provenance had columns
            df[col] = ""
    return df.sort_values("start", kind="stable").reset_index(drop=True)


def _sentence_spans(df: pd.DataFrame, text: str | None) -> list[tuple[str, int, int]]:
    """(sentence, start, end) of each row's mention inside its sentence."""
    out: list[tuple[str, int, int]] = []
    if text:
        from ..text import sentences

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


def popup_html(p: MapPlace) -> str:
    """The popup of a place: what, where, from which source, how sure, and the sentences."""
    provider = ONLINE_PROVIDERS.get(p.provider, p.provider)
    if p.uses_osm:
        credit = Markup(OSM_DATA_ATTRIBUTION.removeprefix("Online places: "))
    else:
        credit = p.attribution or f"{provider} terms of use"
    coord = safe_url(p.source_url)
    return str(render(
        "popup.html.j2", p=p, provider=provider, credit=credit,
        source_name=f"{'GeoNames' if p.source == 'geonames' else (p.source or 'unknown source')} "
                    f"{p.source_id}".strip(),
        coord_url=coord if coord and coord != p.source_link else None,
        confidence="n/a" if math.isnan(p.confidence) else f"{p.confidence:.2f}",
        sentences=[marked(s, spans) for s, spans in p.sentences],
    ))


def _marker_size(n: int) -> int:
    return int(10 + 3 * math.log2(max(n, 1)))


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
        body = str(render("claim_popup.html.j2", name=name, label=_str(s.get("label")), lat=lat, lon=lon,
                          radius=radius, source=_str(s.get("source"))))
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
