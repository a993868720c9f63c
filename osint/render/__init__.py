"""Renderings of an article's places and claims: maps, exports, tables, the timeline.

Everything a researcher sends on is made here, from fixed templates
(:mod:`osint.render.html`) and escaped values only: self-contained Leaflet maps
that open on the story (:mod:`osint.render.maps`, :mod:`osint.render.leaflet`,
:mod:`osint.render.focus`), the same map for print (:mod:`osint.render.printmap`),
CSV, GeoJSON and KML files (:mod:`osint.render.exports`), the notebooks' tables
and fragments (:mod:`osint.render.tables`) and the claims' timeline
(:mod:`osint.render.timeline`).
"""

from __future__ import annotations

from .exports import (
    export,
    export_all,
    export_csv,
    export_geojson,
    export_kml,
    mentions_geojson,
    places_geojson,
    places_kml,
    write_csv,
)
from .focus import View, ViewPoint, story_view
from .leaflet import (
    CLUSTER_THRESHOLD,
    LAYERS,
    BoundContent,
    PlaceMap,
    RawElement,
    ScriptElement,
    base_map,
    country_outlines,
    legend_html,
    map_html,
    save_map,
)
from .maps import (
    ALTERNATIVE_MIN_SHARE,
    MapPlace,
    add_claim_sites,
    claim_sites,
    highlight,
    map_places,
    mention_table,
    place_map,
    popup_html,
    unplaced_mentions,
    window_label,
)
from .printmap import export_static, static_map

__all__ = [
    "ALTERNATIVE_MIN_SHARE", "CLUSTER_THRESHOLD", "LAYERS", "BoundContent", "MapPlace", "PlaceMap",
    "RawElement", "ScriptElement", "View", "ViewPoint", "add_claim_sites", "base_map", "claim_sites",
    "country_outlines", "export", "export_all", "export_csv", "export_geojson", "export_kml", "export_static",
    "highlight", "legend_html", "map_html", "map_places", "mention_table", "mentions_geojson", "place_map",
    "places_geojson", "places_kml", "popup_html", "save_map", "static_map", "story_view",
    "unplaced_mentions", "window_label", "write_csv",
]
