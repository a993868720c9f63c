"""The places of an article as files other tools read: CSV, XLSX, GeoJSON (RFC 7946), KML, the map.

Every export starts from the one places table (:func:`osint.places.geoparse`).
CSV cells a spreadsheet would run are neutralised, and a CSV file starts with a
UTF-8 byte-order mark so that Excel reads "Orël" as written (standard output gets
none: a pipe wants plain UTF-8). XLSX (the ``xlsx`` extra, openpyxl) stores text
cells as text, never as formulas. KML is written with :mod:`xml.etree` without the
characters XML forbids, its descriptions HTML-escaped once. Every file is written
atomically (:func:`osint.io.atomic_output`).

The exports place what the map places: an organisation's premises named for its people, where
nothing happens in the text (:func:`osint.render.labels.organisation_only`), is no point in
GeoJSON or KML, and its mentions stay in CSV and XLSX without coordinates, the reason said.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from ..escape import html_body
from ..model import PROVENANCE_COLUMNS
from .leaflet import LAYERS, embed_tiles, save_map
from .maps import ONLINE_PROVIDERS, map_places, mention_table, place_map


def _json_value(v: Any) -> Any:
    """A value as GeoJSON and JSON allow it: NaN and missing become null, NumPy scalars plain."""
    if v is None:
        return None
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if hasattr(v, "item") and not isinstance(v, (list, dict, str)):
        v = v.item()
        if isinstance(v, float) and not math.isfinite(v):
            return None
    return v


def point_feature(lon: float, lat: float, properties: dict[str, Any]) -> dict[str, Any]:
    """One RFC 7946 Point feature (coordinates longitude first)."""
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
            "properties": {k: _json_value(v) for k, v in properties.items()}}


def feature_collection(features: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection (WGS84, no ``crs`` member)."""
    return {"type": "FeatureCollection", "features": list(features)}


def mentions_geojson(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A Point per placed mention (rows of the places table, with any extra fields such as ``id``)."""
    return feature_collection([
        point_feature(r["lon"], r["lat"], {k: v for k, v in r.items() if k not in ("lat", "lon")})
        for r in rows if _json_value(r.get("lat")) is not None and _json_value(r.get("lon")) is not None
    ])


#: What starts a CSV file: the UTF-8 byte-order mark, by which Excel knows the encoding.
BOM = "\ufeff"


def _flat(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with the alternatives as JSON text (one cell each)."""
    df = df.copy()
    if "alternatives" in df.columns:
        df["alternatives"] = [json.dumps([_json_value(x) if not isinstance(x, dict) else
                                          {k: _json_value(v) for k, v in x.items()} for x in a],
                                         ensure_ascii=False) if isinstance(a, (list, tuple)) else a
                              for a in df["alternatives"]]
    return df


def write_csv(df: pd.DataFrame, out: Any, *, bom: bool = False) -> None:
    """The one CSV writer: alternatives as JSON, text cells neutralised for spreadsheets.

    A text cell a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return) gets a leading ``'`` (:func:`osint.escape.csv_cell`);
    numbers stay numbers. With ``bom`` the text starts with :data:`BOM` (files; Python reads
    them back with ``encoding="utf-8-sig"``, pandas and spreadsheets on their own).
    """
    from ..escape import csv_cell

    df = _flat(df)
    df = df.apply(lambda col: col if pd.api.types.is_numeric_dtype(col) else col.map(csv_cell))
    if bom:
        out.write(BOM)
    df.to_csv(out, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)


#: The reason a mention of an organisation the map leaves off gives in CSV and XLSX.
OFF_MAP_REASON = ("kept off the map: an organisation named for its people, where nothing happens in "
                  "the text")


def _key(source: Any, source_id: Any) -> str:
    return f"{source}:{source_id}"  # as map_places keys a place


def export_mentions(places: pd.DataFrame | Sequence[Any], text: str | None = None) -> pd.DataFrame:
    """Every mention as CSV and XLSX write it: the places table, where the map leaves a place off
    (an organisation where nothing happens) its coordinates empty and :data:`OFF_MAP_REASON` said."""
    df = mention_table(places, text)
    drawn = {p.key for p in map_places(df, text, organisations=False)}
    off = [not (pd.isna(lat) or pd.isna(lon)) and _key(s, i) not in drawn
           for s, i, lat, lon in zip(df["source"], df["source_id"], df["lat"], df["lon"])]
    if any(off):
        mask = pd.Series(off, index=df.index)
        df["lat"] = df["lat"].astype(float).mask(mask)
        df["lon"] = df["lon"].astype(float).mask(mask)
        df["reason"] = df["reason"].astype(object)
        df.loc[mask, "reason"] = [f"{r}; {OFF_MAP_REASON}" if isinstance(r, str) and r else OFF_MAP_REASON
                                  for r in df.loc[mask, "reason"]]
    return df


def export_csv(places: pd.DataFrame | Sequence[Any], path: str | Path, text: str | None = None) -> Path:
    """Write every mention (placed or not) with its source and sentence as CSV (:func:`write_csv`);
    an organisation the map leaves off has no coordinates (:func:`export_mentions`)."""
    from ..io import atomic_output

    df = export_mentions(places, text)
    with atomic_output(str(path)) as out:
        write_csv(df, out, bom=str(path) != "-")
    return Path(path)


def write_xlsx(df: pd.DataFrame, out: Any, *, sheet: str = "places") -> None:
    """Write ``df`` as one XLSX sheet to the binary stream ``out`` (openpyxl, the ``xlsx`` extra).

    Every text cell is stored as text (openpyxl would store ``=...`` as a formula), without
    the characters XML forbids; numbers stay numbers and missing values stay empty.

    Raises
    ------
    MissingExtra
        openpyxl is not installed: one line naming the extra.
    """
    from ..errors import require

    openpyxl = require("openpyxl", extra="xlsx", what="XLSX export")
    from openpyxl.cell import WriteOnlyCell

    from ..escape import xml_text

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet)
    df = _flat(df)
    ws.append([str(c) for c in df.columns])
    for values in df.itertuples(index=False, name=None):
        row: list[Any] = []
        for v in values:
            v = _json_value(v)
            if v is None or isinstance(v, (bool, int, float)):
                row.append(v)
                continue
            cell = WriteOnlyCell(ws, value=xml_text(v))
            cell.data_type = "s"  # text as written, never a formula
            row.append(cell)
        ws.append(row)
    wb.save(out)


def export_xlsx(places: pd.DataFrame | Sequence[Any], path: str | Path, text: str | None = None) -> Path:
    """Write every mention (placed or not) with its source and sentence as XLSX (:func:`write_xlsx`);
    an organisation the map leaves off has no coordinates (:func:`export_mentions`)."""
    from ..io import atomic_output

    df = export_mentions(places, text)
    with atomic_output(str(path), binary=True) as out:
        write_xlsx(df, out)
    return Path(path)


def _placed_sites(claim_sites: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The claim sites that have a point (a site the text names but nothing placed has none)."""
    out = []
    for site in claim_sites:
        lat, lon = site.get("lat"), site.get("lon")
        if (isinstance(lat, (int, float)) and isinstance(lon, (int, float))
                and math.isfinite(lat) and math.isfinite(lon)):
            out.append(site)
    return out


def places_geojson(places: pd.DataFrame | Sequence[Any], text: str | None = None,
                   claim_sites: Sequence[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """A GeoJSON FeatureCollection with one Point per place the map draws and its mentions as
    properties, and one per imagery claim site (``layer`` "claim site",
    :func:`osint.render.claim_sites`)."""
    feats = []
    for p in map_places(places, text, organisations=False):
        feats.append(point_feature(p.lon, p.lat, {
            "name": p.name, "feature": p.feature, "country_code": p.country_code,
            "layer": p.layer, "source": p.source, "source_id": p.source_id,
            "source_url": p.source_url, "source_link": p.source_link,
            "confidence": p.confidence,
            "mentions": len(p.mentions), "alternatives": list(p.alternatives),
            "sentences": [s for s, _ in p.sentences],
            **({col: getattr(p, col) for col in PROVENANCE_COLUMNS} if p.online else {}),
        }))
    for site in _placed_sites(claim_sites):
        # The same source fields as a place's, as claim_sites gives them.
        source, source_id = str(site.get("source_name") or ""), str(site.get("source_id") or "")
        url = str(site.get("source_url") or "")
        feats.append(point_feature(float(site["lon"]), float(site["lat"]), {
            "name": str(site.get("name") or ""), "layer": "claim site", "claim": str(site.get("claim") or ""),
            "feature": str(site.get("feature") or ""), "label": str(site.get("label") or ""),
            "source": source, "source_id": source_id,
            "source_url": url if url.startswith(("http://", "https://")) else "",
            "reasoning": str(site.get("reasoning") or ""),
        }))
    return feature_collection(feats)


def export_geojson(places: pd.DataFrame | Sequence[Any], path: str | Path, text: str | None = None,
                   claim_sites: Sequence[Mapping[str, Any]] = ()) -> Path:
    """Write :func:`places_geojson` to ``path``."""
    from ..io import atomic_output

    with atomic_output(str(path)) as out:
        json.dump(places_geojson(places, text, claim_sites), out, ensure_ascii=False, indent=1,
                  allow_nan=False)
        out.write("\n")
    return Path(path)


def places_kml(places: pd.DataFrame | Sequence[Any], *, title: str = "", text: str | None = None,
               claim_sites: Sequence[Mapping[str, Any]] = ()) -> str:
    """KML (for Google Earth) with a Placemark per place the map draws, in a Folder per layer, and
    the imagery claims' sites in a Folder of their own; the organisations left off are named in
    the document's description.

    Written with :mod:`xml.etree.ElementTree`, which escapes every name and
    description for XML; characters XML forbids are removed first
    (:func:`osint.escape.xml_text`). Google Earth renders a description as
    HTML, so each of its lines is HTML-escaped (:func:`osint.escape.html_body`:
    ``&``, ``<`` and ``>`` only) before the lines are joined with ``<br/>``:
    once parsed, a description holds only escaped article text and line
    breaks, and QGIS, which shows it as text, shows apostrophes and quotes as
    they are.
    """
    import xml.etree.ElementTree as ET

    from ..escape import xml_text

    mp = map_places(places, text, organisations=False)
    drawn = {p.key for p in mp}
    kept_off = [p.name for p in map_places(places, text) if p.key not in drawn]
    ns = "http://www.opengis.net/kml/2.2"
    root = ET.Element("kml", xmlns=ns)
    doc = ET.SubElement(root, "Document")
    ET.SubElement(doc, "name").text = xml_text(title or "places")
    if kept_off:
        ET.SubElement(doc, "description").text = xml_text(html_body(
            f"Not placed: organisations named for their people, where nothing happens in the text: "
            f"{', '.join(kept_off)}"))
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
            ET.SubElement(mark, "description").text = xml_text("<br/>".join(html_body(ln) for ln in lines))
            point = ET.SubElement(mark, "Point")
            ET.SubElement(point, "coordinates").text = f"{p.lon:.6f},{p.lat:.6f},0"
    sites = _placed_sites(claim_sites)
    if sites:
        folder = ET.SubElement(doc, "Folder")
        ET.SubElement(folder, "name").text = "Imagery claim sites"
        for site in sites:
            lines = [str(site.get("label") or ""),
                     f"Source: {site.get('record') or ''} {site.get('source') or ''}".strip(),
                     str(site.get("reasoning") or "")]
            mark = ET.SubElement(folder, "Placemark")
            name = f"{site.get('claim') or ''} {site.get('name') or ''}".strip()
            ET.SubElement(mark, "name").text = xml_text(name)
            ET.SubElement(mark, "description").text = xml_text(
                "<br/>".join(html_body(line) for line in lines if line))
            point = ET.SubElement(mark, "Point")
            ET.SubElement(point, "coordinates").text = f"{float(site['lon']):.6f},{float(site['lat']):.6f},0"
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def export_kml(places: pd.DataFrame | Sequence[Any], path: str | Path, *, title: str = "",
               text: str | None = None, claim_sites: Sequence[Mapping[str, Any]] = ()) -> Path:
    """Write :func:`places_kml` to ``path``."""
    from ..io import atomic_output

    with atomic_output(str(path)) as out:
        out.write(places_kml(places, title=title, text=text, claim_sites=claim_sites))
    return Path(path)


def export_all(places: pd.DataFrame | Sequence[Any], html_path: str | Path, *, title: str = "",
               text: str | None = None, cdn: bool = False, show_tiles: bool = False,
               claim_sites: Sequence[Mapping[str, Any]] = (), static: bool = True,
               about: Sequence[str] = (), embed: bool = False, fetch_tiles: bool = False,
               warn: Callable[[str], None] | None = None) -> dict[str, Path]:
    """Write the map and, beside it, the CSV, GeoJSON and KML of the places, and the map for print.

    Parameters
    ----------
    places : DataFrame or list of Place
        The places table (:func:`osint.geoparse`).
    html_path : str or Path
        The map to write; the other files go beside it with their own suffix.
    title, text : str
        The map's title; the article text (exact sentence spans).
    cdn, show_tiles : bool
        As for :func:`osint.render.place_map`.
    claim_sites : sequence of mapping
        The claims' sites (:func:`osint.render.claim_sites`), on the map and the print.
    static : bool
        Also write the map for print as PNG and PDF (:func:`osint.render.printmap.export_static`).
    about : sequence of str
        What the map was made from (the run's record), shown in the map's legend.
    embed, fetch_tiles : bool
        Inline the cached tiles of the story's area (:func:`osint.render.leaflet.embed_tiles`),
        fetching the missing ones first when ``fetch_tiles`` (the user allowed the network);
        what failed goes to ``warn``.

    Returns
    -------
    dict
        ``html``, ``csv``, ``geojson``, ``kml`` (and ``png``, ``pdf``) -> path written.
    """
    html_path = Path(html_path)
    if html_path.parent and not html_path.parent.exists():
        raise InputError("output folder does not exist", path=str(html_path.parent))
    sites = list(claim_sites)
    m = place_map(places, title=title, text=text, cdn=cdn, show_tiles=show_tiles, claim_sites=sites,
                  about=about)
    if embed:
        embed_tiles(m, fetch=fetch_tiles, warn=warn)
    out = {
        "html": save_map(m, html_path),
        "csv": export_csv(places, html_path.with_suffix(".csv"), text),
        "geojson": export_geojson(places, html_path.with_suffix(".geojson"), text, sites),
        "kml": export_kml(places, html_path.with_suffix(".kml"), title=title, text=text, claim_sites=sites),
    }
    if static:
        from .printmap import export_static

        out.update(export_static(places, html_path, claim_sites=sites, title=title, text=text))
    return out


#: What :func:`export` writes, by format name.
EXPORT_FORMATS = ("csv", "xlsx", "geojson", "kml", "html")


def export(places: pd.DataFrame | Sequence[Any], path: str | Path, *, format: str | None = None,
           title: str = "", text: str | None = None) -> Path:
    """Write an article's places to one file, in the format its suffix (or ``format``) names.

    Parameters
    ----------
    places : DataFrame or list of Place
        The places table (:func:`osint.geoparse`).
    path : str or Path
        The file to write.
    format : {"csv", "xlsx", "geojson", "kml", "html"}, optional
        Default: from the suffix (``.json`` is GeoJSON, ``.htm`` HTML).
    title, text : str
        The map's and KML's title; the article text (exact sentence spans).

    Raises
    ------
    InputError
        An unknown format.
    """
    fmt = (format or Path(path).suffix.lstrip(".")).lower()
    fmt = {"json": "geojson", "htm": "html"}.get(fmt, fmt)
    if fmt == "csv":
        return export_csv(places, path, text)
    if fmt == "xlsx":
        return export_xlsx(places, path, text)
    if fmt == "geojson":
        return export_geojson(places, path, text)
    if fmt == "kml":
        return export_kml(places, path, title=title, text=text)
    if fmt == "html":
        return save_map(place_map(places, title=title, text=text), path)
    raise InputError(f"unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})",
                     path=str(path))
