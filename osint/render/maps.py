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
import functools
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
from ..gazetteer import CITY_FEATURES, COUNTRY_FEATURES, GEONAMES_URL, STRONG_FEATURES
from ..model import PROVENANCE_COLUMNS, places_frame
from .html import marked, render
from .leaflet import (
    CLUSTER_THRESHOLD,
    LAYERS,
    OSM_DATA_ATTRIBUTION,
    BoundContent,
    MarkerInfo,
    PlaceMap,
    base_map,
)

#: Online geocoders (:mod:`osint.geocoders`) by the ``source`` their places carry.
ONLINE_PROVIDERS = {"nominatim": "Nominatim", "photon": "Photon", "arcgis": "Esri ArcGIS"}


#: Those whose answers are OpenStreetMap data (ODbL: maps showing them must say so).
OSM_PROVIDERS = frozenset({"nominatim", "photon"})


OSM_OBJECT_TYPES = frozenset({"node", "way", "relation"})


#: Claim "sites" that are whole areas: drawn at their centroid, never stretching the map's view.
BROAD_FEATURES = STRONG_FEATURES - CITY_FEATURES


#: An alternative reading is shown when it holds at least this share of the resolver's score:
#: a real contender, not a namesake that never stood a chance ("Us", France, 0.00).
ALTERNATIVE_MIN_SHARE = 0.05


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
        Runners-up the resolver weighed that were real contenders (a share of
        at least :data:`ALTERNATIVE_MIN_SHARE`), deduplicated.
    weaker : int
        How many weaker readings were left out.
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
    weaker: int = 0
    provider: str = ""
    display_name: str = ""
    osm_type: str = ""
    osm_id: str = ""
    fetched_at: str = ""
    attribution: str = ""
    analyst_note: str = ""
    review: str = ""
    #: How the article writes it, when that is another spelling of ``name`` ("Oryol" for "Orël");
    #: '' for the gazetteer's name (see :func:`osint.render.labels.article_spelling`).
    written: str = ""
    #: The mentions placed here by inference (parts of a facility the text places nowhere itself).
    inferred: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The map's label: the article's spelling, marked when every mention is inferred."""
        base = self.written or self.name
        return f"{base} (inferred)" if self.inferred and len(self.inferred) == len(self.mentions) else base

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


def _alternatives(value: Any) -> list[Any]:
    """The alternatives of a table cell as a list: of dicts (a list, or JSON text) or of labels."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, str):
        value = value.strip()
        if value.startswith("["):
            try:
                parsed = json.loads(value)
            except json.JSONDecodeError:
                parsed = None
            if isinstance(parsed, list):
                return parsed
        return [v.strip() for v in value.split(";") if v.strip()]
    return list(value)


def contender(a: Any, min_share: float = ALTERNATIVE_MIN_SHARE) -> bool:
    """True when an alternative reading was a real contender (its share is known and large enough)."""
    if isinstance(a, Mapping):
        conf = a.get("confidence")
        if isinstance(conf, (int, float)) and not math.isnan(conf):
            return float(conf) >= min_share
    return True


def _alt_list(value: Any, min_share: float = 0.0) -> list[str]:
    """The alternatives of a table cell as labels, those below ``min_share`` left out."""
    return [alternative_label(a) for a in _alternatives(value) if contender(a, min_share)]


def _weaker(value: Any, min_share: float = ALTERNATIVE_MIN_SHARE) -> int:
    """How many alternatives of a cell fall below ``min_share``."""
    return sum(not contender(a, min_share) for a in _alternatives(value))


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


def map_places(places: pd.DataFrame | Sequence[Any], text: str | None = None, *,
               organisations: bool = True) -> list[MapPlace]:
    """Gather mentions into one :class:`MapPlace` per placed gazetteer entry.

    Unresolved mentions (no coordinates) are left out; see :func:`unplaced_mentions`. Without
    ``organisations``, so are organisations' premises where nothing happens in the text
    (:func:`osint.render.labels.organisation_only`): what a map draws.
    """
    from .labels import article_spelling, organisation_only

    df = mention_table(places, text)
    spans = _sentence_spans(df, text)
    groups: dict[str, dict[str, Any]] = {}
    for (_, row), (sent, s, e) in zip(df.iterrows(), spans):
        if pd.isna(row["lat"]) or pd.isna(row["lon"]):
            continue
        key = f"{row['source']}:{row['source_id']}"
        g = groups.get(key)
        if g is None:
            g = groups[key] = {"row": row, "mentions": [], "sentences": {}, "conf": [], "alts": {},
                               "weak": set(), "at": [], "written": [], "inferred": []}
        g["mentions"].append(str(row["text"]))
        g["at"].append((sent, s))
        kind = _str(row["kind"])
        if kind == "part":
            g["inferred"].append(str(row["text"]))
        elif kind not in ("demonym", "rejected"):
            g["written"].append(str(row["text"]))
        g["sentences"].setdefault(sent, []).append((s, e))
        if not pd.isna(row["confidence"]):
            g["conf"].append(float(row["confidence"]))
        for a in _alternatives(row["alternatives"]):
            if contender(a):
                g["alts"][alternative_label(a)] = None
            else:
                g["weak"].add(alternative_label(a))
    out = []
    for key, g in groups.items():
        r = g["row"]
        if not organisations and organisation_only(_str(r["feature"]), g["at"]):
            continue
        written = article_spelling(str(r["name"]), g["written"])
        out.append(MapPlace(
            key=key, name=str(r["name"]), lat=float(r["lat"]), lon=float(r["lon"]),
            feature=_str(r["feature"]), country_code=_str(r["country_code"]),
            source=_str(r["source"]), source_id=_str(r["source_id"]), source_url=_str(r["source_url"]),
            layer=layer_for(_str(r["feature"]), _str(r["source"])),
            mentions=tuple(g["mentions"]),
            sentences=tuple((s, tuple(v)) for s, v in g["sentences"].items()),
            confidence=max(g["conf"]) if g["conf"] else float("nan"),
            alternatives=tuple(g["alts"]),
            weaker=len(g["weak"] - set(g["alts"])),
            **{col: _str(r[col]) for col in PROVENANCE_COLUMNS},
            analyst_note=_str(r["analyst_note"]) if "analyst_note" in r else "",
            review=_str(r["review"]) if "review" in r else "",
            written=written if written != str(r["name"]) else "",
            inferred=tuple(g["inferred"]),
        ))
    return out


def unplaced_mentions(places: pd.DataFrame | Sequence[Any], text: str | None = None) -> list[str]:
    """The distinct texts of mentions that have no coordinates, in text order."""
    df = mention_table(places, text)
    rows = df[df["lat"].isna() | df["lon"].isna()]
    return list(dict.fromkeys(str(t) for t in rows["text"]))


def _str(v: Any) -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)


def popup_html(p: MapPlace, distance: str = "") -> str:
    """The popup of a place: what, where, from which source, how sure, and the sentences.

    A GeoNames record is cited by its page on geonames.org (the primary
    source), whatever file the gazetteer read it from; ``distance`` says how
    far the place is from the map's focus city.
    """
    provider = ONLINE_PROVIDERS.get(p.provider, p.provider)
    credit: str = (Markup(OSM_DATA_ATTRIBUTION.removeprefix("Online places: ")) if p.uses_osm
                   else p.attribution or f"{provider} terms of use")
    return str(render(
        "popup.html.j2", p=p, provider=provider, credit=credit,
        source_name=f"{'GeoNames' if p.source == 'geonames' else (p.source or 'unknown source')} "
                    f"{p.source_id}".strip(),
        confidence="n/a" if math.isnan(p.confidence) else f"{p.confidence:.2f}",
        min_share=f"{ALTERNATIVE_MIN_SHARE:.0%}", distance=distance,
        sentences=[marked(s, spans) for s, spans in p.sentences],
    ))


def _popup_with_note(p: MapPlace, note: str) -> str:
    return popup_html(p, note)


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
    claim_sites: Iterable[Mapping[str, Any]] = (),
    about: Sequence[str] = (),
) -> PlaceMap:
    """Draw an article's places on a map a reader can explore offline.

    The map opens on the story (:func:`osint.render.focus.story_view`): the
    region with most mentions and every claim site; far places are a click away
    (the "All places" button, and the legend's list). Markers cluster until
    city zoom, where they are labelled, sites with their distance and bearing
    from the focus city.

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
        Open on the OpenStreetMap layer (tiles are then fetched at once, and the
        offline outlines show through where they fail); off by default, so
        nothing is fetched unless the reader asks.
    cluster_threshold : int
        A map with at least this many markers clusters them.
    claim_sites : iterable of mapping
        Sites the article's claims point at (:func:`claim_sites`), added with
        :func:`add_claim_sites`.
    about : sequence of str
        What the map was made from (:meth:`osint.provenance.Record.methodology`), shown folded
        in the legend.

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
    every = map_places(places, text)
    mp = map_places(places, text, organisations=False)
    named = {p.country_code for p in mp if p.layer == "countries"}
    m = base_map(title=title, cdn=cdn, online_tiles=online_tiles, show_tiles=show_tiles,
                 shade_countries=named)
    m.osint_cluster_threshold = cluster_threshold
    m.osint_about = list(about)
    drawn = {p.key for p in mp}
    kept_off = [p.name for p in every if p.key not in drawn]
    if kept_off:
        m.osint_about.append("Not drawn: organisations named for their people, where nothing happens in the "
                             f"text: {', '.join(kept_off)}")
    by_layer: dict[str, list[MapPlace]] = {}
    for p in mp:
        by_layer.setdefault(p.layer, []).append(p)
    for key in ("countries", "cities", "sites"):
        items = by_layer.get(key, [])
        if not items:
            continue
        target = m.layer(key)
        for p in items:
            _place_marker(m, p, target)
        m.osint_counts[key] = len(items)
    m.osint_unplaced = unplaced_mentions(places, text)
    if any(p.uses_osm for p in mp):
        m.osint_credits.append(OSM_DATA_ATTRIBUTION)
    for p in mp:
        if p.online and not p.uses_osm:
            credit = p.attribution or ONLINE_PROVIDERS.get(p.provider, p.provider)
            m.osint_credits.append(f"Online places: {esc(credit)}")
    sites = list(claim_sites)
    if sites:
        add_claim_sites(m, sites)
    return m


def _place_marker(m: PlaceMap, p: MapPlace, target: folium.map.Layer) -> folium.Marker:
    size = _marker_size(len(p.mentions))
    own = f'<span data-place="{esc(p.key)}"></span>'
    icon = folium.DivIcon(html=own, icon_size=(size, size), icon_anchor=(size // 2, size // 2),
                          class_name=f"osint-marker osint-{p.layer}")
    marker = folium.Marker([p.lat, p.lon], icon=icon)
    n = len(p.mentions)
    content = BoundContent(popup_html(p), f"{esc(p.label)} ({n} mention{'s' if n != 1 else ''})")
    marker.add_child(content)
    marker.add_to(target)
    m.add_marker(MarkerInfo(p.key, p.label, p.lat, p.lon, p.layer, float(n), marker, content, own,
                            popup=functools.partial(_popup_with_note, p)))
    return marker


def claim_sites(claims: Iterable[Any]) -> list[dict[str, Any]]:
    """The sites of imagery claims (:func:`osint.claims.find_imagery_claims`), for :func:`add_claim_sites`.

    One entry per site and claim: the site's name and point, its record and
    source URL (from the claim's :class:`~osint.claims.Site`), and a label
    saying which claim it is (provider, sensor, window, the sentence, and how
    the site was placed). A window without dates says so, never "None".
    """
    out = []
    for c in claims:
        for s in c.sites:
            e = s.entry
            record = f"{e.source}:{e.source_id}" if e is not None else ""
            url = (e.source_url or "") if e is not None else ""
            out.append({
                "name": s.name, "lat": s.lat, "lon": s.lon, "source": url or record or str(s.source or ""),
                "record": record if url else "", "radius_m": 0, "claim": c.id,
                # The gazetteer record as data, for the exports: never parsed back out of "record".
                "source_name": e.source if e is not None else "",
                "source_id": e.source_id if e is not None else "", "source_url": url,
                "label": f"{c.id}: {c.provider} · {c.sensor} · {window_label(c.window)} · {c.text}",
                "reasoning": s.reasoning, "feature": s.feature,
                # Worked out from a description or the context: the article does not name it here.
                "inferred": s.how != "named",
            })
    return out


def window_label(window: Any) -> str:
    """A claim window as a reader reads it: "2023-06-29 to 2023-07-27", or why there is none."""
    start, end = getattr(window, "start", None), getattr(window, "end", None)
    if start and end:
        return f"{start.isoformat()} to {end.isoformat()}" if start != end else start.isoformat()
    if start:
        return f"from {start.isoformat()}"
    if end:
        return f"until {end.isoformat()}"
    return "time window unknown (no publication date to anchor the dates)"


def add_claim_sites(m: folium.Map, sites: Iterable[Mapping[str, Any]]) -> folium.FeatureGroup:
    """Add the sites an article's claims point at, in the "Claim sites" layer.

    Several claims about one site give one marker whose popup lists each.

    Parameters
    ----------
    m : folium.Map
        A map from :func:`place_map` or :func:`base_map` (a plain folium Map
        works too, without the legend count, view and labels).
    sites : iterable of mapping
        Each with ``name``, ``lat``, ``lon``, ``source`` (a URL or a note),
        ``radius_m`` (the uncertainty, drawn as a circle; 0 or missing for
        none) and ``label`` (the claim, shown in the popup); optionally
        ``record`` (the gazetteer record), ``reasoning`` (how the site was
        placed) and ``feature`` (a country or region is drawn but does not
        stretch the opening view), as :func:`claim_sites` gives them. Text is escaped.

    Returns
    -------
    folium.FeatureGroup
        The claim sites layer.
    """
    fg: Any = m.layer("claims") if isinstance(m, PlaceMap) else \
        folium.FeatureGroup(name=LAYERS["claims"][0]).add_to(m)
    colour = LAYERS["claims"][1]
    merged: dict[tuple[str, float, float], dict[str, Any]] = {}
    for s in sites:
        try:
            lat, lon = float(s["lat"]), float(s["lon"])
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"claim site needs numeric lat and lon: {s!r:.80}") from exc
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InputError(f"claim site coordinates out of range: {lat}, {lon}")
        name = _str(s.get("name")) or "claim site"
        site = merged.setdefault((name, round(lat, 5), round(lon, 5)), {
            "name": name, "lat": lat, "lon": lon, "radius": 0.0, "source": _str(s.get("source")),
            "record": _str(s.get("record")), "claims": [], "broad": _str(s.get("feature")) in BROAD_FEATURES,
            "town": _str(s.get("feature")) in CITY_FEATURES, "ids": [], "inferred": True})
        site["inferred"] = site["inferred"] and bool(s.get("inferred"))
        site["radius"] = max(site["radius"], float(s.get("radius_m") or 0))
        site["claims"].append((_str(s.get("label")), _str(s.get("reasoning"))))
        if _str(s.get("claim")):
            site["ids"].append(_str(s.get("claim")))
    n = len(merged)
    for k, site in enumerate(merged.values()):
        lat, lon, name, radius = site["lat"], site["lon"], site["name"], site["radius"]

        def body(note: str, site: dict[str, Any] = site) -> str:
            return str(render("claim_popup.html.j2", name=site["name"], inferred=site["inferred"],
                              claims=site["claims"],
                              lat=site["lat"], lon=site["lon"], radius=site["radius"],
                              source=site["source"], record=site["record"], distance=note))

        if radius > 0:
            folium.Circle([lat, lon], radius=radius, color=colour, weight=1.5, fill=True,
                          fill_opacity=0.12, interactive=False).add_to(fg)
        size = 24
        own = f'<span data-claim="{esc(name)}"></span>'
        icon = folium.DivIcon(html=own, icon_size=(size, size), icon_anchor=(size // 2, size // 2),
                              class_name="osint-marker osint-claims")
        # Beneath a place's marker at the same point: the ring shows around it.
        marker = folium.Marker([lat, lon], icon=icon, z_index_offset=-500)
        ids = ", ".join(dict.fromkeys(site["ids"]))
        content = BoundContent(body(""), esc(f"{name} (claim site{' ' + ids if ids else ''})"))
        marker.add_child(content)
        marker.add_to(fg)
        if isinstance(m, PlaceMap):
            label = f"{name} (inferred)" if site["inferred"] else name
            m.add_marker(MarkerInfo(f"claim:{m.osint_counts['claims'] + k}", label, lat, lon, "claims",
                                    float(len(site["claims"])), marker, content, own, popup=body,
                                    broad=site["broad"], town=site["town"]))
    if isinstance(m, PlaceMap):
        m.osint_counts["claims"] += n
    return fg


def claim_sites_map(claims: Sequence[Any], *, show_tiles: bool = False) -> folium.Map | None:
    """A map of the imagery claims' sites with their areas of interest (the 1 km box searched in
    the catalogs) and, for a described site, the city point it was measured from; None when no
    claim has a site. It opens offline (Leaflet inlined, country outlines embedded), on the sites.
    """
    from ..escape import esc
    from ..online.stac import point_bbox
    from .leaflet import BoundContent, base_map

    sites = [(c, s) for c in claims for s in c.sites]
    if not sites:
        return None
    lat0 = sum(s.lat for _, s in sites) / len(sites)
    lon0 = sum(s.lon for _, s in sites) / len(sites)
    fmap = base_map(title="Imagery claim sites", location=[lat0, lon0], zoom_start=12, show_tiles=show_tiles)
    add_claim_sites(fmap, claim_sites(claims))
    aoi_layer = folium.FeatureGroup(name="Areas of interest (catalog search boxes)").add_to(fmap)
    # Names and sources come from the gazetteer and the article: bound with BoundContent (escaped
    # HTML passed as JSON strings), never through folium's Tooltip/Popup, which paste text into
    # JavaScript template literals.
    for _c, s in sites:
        w, so, e, n = point_bbox(s.lat, s.lon)
        box = folium.Rectangle([[so, w], [n, e]], color="#c0392b", weight=2, fill=False)
        box.add_child(BoundContent(None, esc(f"AOI {s.name}")))
        box.add_to(aoi_layer)
        if s.reference:
            name, rlat, rlon, rsrc = s.reference
            ref = folium.CircleMarker([rlat, rlon], radius=5, color="#555")
            ref.add_child(BoundContent(esc(rsrc), esc(f"{name} (reference)")))
            ref.add_to(aoi_layer)
            folium.PolyLine([[rlat, rlon], [s.lat, s.lon]], color="#555", dash_array="5,5").add_to(aoi_layer)
            fmap.osint_points.append((rlat, rlon))  # the reference point in the opening view too
    return fmap
