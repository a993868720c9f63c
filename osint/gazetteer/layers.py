"""Gazetteer layers: an analyst's own places (CSV, GeoJSON, KML/KMZ) over the embedded gazetteer.

A layer file is hostile input like any other: it is read through the one
size-limited reader, every row is checked (a name, finite coordinates in range)
and a bad row stops the run with the file and row named. Each place keeps its
provenance: the file it came from and the row or feature, or the ``source_url``
the row itself cites.

Formats
-------
CSV
    A header row; columns ``name`` (or ``title``), ``lat``/``latitude``/``y``,
    ``lon``/``lng``/``longitude``/``x``; optional ``alternate_names`` (``|``
    separated), ``feature`` (or ``type``), ``country_code``, ``admin1``, ``id``
    and ``source_url``.
GeoJSON
    A FeatureCollection (or one Feature) whose features carry a ``name`` (or
    ``title``) property and the same optional properties; a line or polygon
    stands at the mean of its vertices, and says so.
KML / KMZ
    Placemarks as Google Earth writes them: ``<name>``, a ``<Point>`` (or the
    vertices of a line or polygon) and ``<ExtendedData>`` fields for the
    optional properties.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import os
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..escape import no_surrogates
from ..io import parse_json, read_limited

#: A layer is a site list, not a country's gazetteer: 64 MiB, 200,000 places.
MAX_LAYER_BYTES = 64 * 2**20
MAX_ROWS = 200_000
MAX_NAME = 200
#: A KMZ member is read up to this many bytes (a zip bomb stops there).
MAX_KML_BYTES = MAX_LAYER_BYTES
#: The feature of a place whose file does not say.
DEFAULT_FEATURE = "site"
FORMATS = (".csv", ".geojson", ".json", ".kml", ".kmz")

_ALIASES = {
    "name": ("name", "title", "label"),
    "lat": ("lat", "latitude", "y"),
    "lon": ("lon", "lng", "long", "longitude", "x"),
    "alternate_names": ("alternate_names", "alternates", "aliases", "alt_names"),
    "feature": ("feature", "type", "kind", "category"),
    "country_code": ("country_code", "country", "iso2", "cc"),
    "admin1": ("admin1", "admin1_code", "region_code"),
    "id": ("id", "site_id", "identifier"),
    "source_url": ("source_url", "url", "source", "link"),
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_FEATURE_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def layer_fingerprint(paths: Iterable[str | os.PathLike[str]]) -> str:
    """A hash of the layers' contents (not their names or times): the cache key of a layered index."""
    from ..io import sha256_file

    h = hashlib.sha256(b"layers-v1")
    for p in paths:
        h.update(bytes.fromhex(sha256_file(p)[0]))  # streamed: an installed country may be 1 GiB
    return h.hexdigest()[:16]


def read_layer(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Read one layer file into gazetteer rows.

    Returns
    -------
    list of dict
        ``name``, ``alternates`` (list), ``lat``, ``lon``, ``feature``, ``country_code``,
        ``admin1``, ``source`` (``user``), ``source_id`` and ``source_url``.

    Raises
    ------
    InputError
        An unreadable, unknown or malformed file, or a bad row (named with its number).
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in FORMATS:
        what = suffix or "a file without suffix"
        raise InputError(f"a gazetteer layer is {', '.join(FORMATS)}, not {what}", path=str(p))
    data = read_limited(p, limit=MAX_LAYER_BYTES, what="gazetteer layer")
    if suffix == ".kmz":
        data = _kml_from_kmz(data, p)
        suffix = ".kml"
    if suffix == ".csv":
        raw = _csv_rows(data, p)
    elif suffix == ".kml":
        raw = _kml_rows(data, p)
    else:
        raw = _geojson_rows(data, p)
    rows = []
    uri = p.resolve().as_uri()
    for where, rec in raw:
        if len(rows) >= MAX_ROWS:
            raise InputError(f"more than {MAX_ROWS:,} places; split the layer", path=str(p))
        rows.append(_row(rec, where, uri, p))
    if not rows:
        raise InputError("no places in the layer", path=str(p))
    return rows


def _text(data: bytes, p: Path) -> str:
    try:
        return no_surrogates(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 (byte {exc.start})", path=str(p)) from exc


def _pick(rec: dict[str, Any], field: str) -> Any:
    for k in _ALIASES[field]:
        if k in rec and rec[k] not in (None, ""):
            return rec[k]
    return None


def _row(rec: dict[str, Any], where: str, uri: str, p: Path) -> dict[str, Any]:
    rec = {str(k).strip().lower(): v for k, v in rec.items()}

    def bad(msg: str) -> InputError:
        return InputError(f"{where}: {msg}", path=str(p))

    name = _clean(_pick(rec, "name"))
    if not name:
        raise bad("no name")
    if len(name) > MAX_NAME:
        raise bad(f"name longer than {MAX_NAME} characters")
    lat, lon = _number(_pick(rec, "lat"), "latitude", bad), _number(_pick(rec, "lon"), "longitude", bad)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise bad(f"coordinates out of range ({lat}, {lon})")
    alts = _pick(rec, "alternate_names") or []
    if isinstance(alts, str):
        alts = alts.split("|")
    if not isinstance(alts, list):
        raise bad("alternate names must be text separated by | or a list")
    alternates = [a for a in (_clean(x) for x in alts) if a and len(a) <= MAX_NAME][:50]
    feature = (_clean(_pick(rec, "feature")) or DEFAULT_FEATURE).lower().replace(" ", "_")
    if not _FEATURE_RE.match(feature):
        raise bad(f"feature {feature[:40]!r} is not a short lower-case word")
    cc = (_clean(_pick(rec, "country_code")) or "").upper()
    if cc and not re.fullmatch(r"[A-Z]{2}", cc):
        raise bad(f"country code {cc[:10]!r} is not two letters (ISO 3166-1)")
    admin1 = (_clean(_pick(rec, "admin1")) or "")[:20]
    ident = _clean(_pick(rec, "id")) or where
    url = _clean(_pick(rec, "source_url")) or ""
    if url and not re.match(r"^https?://", url, re.I):
        url = ""  # only web addresses are kept as citations; the file stands in otherwise
    return {
        "name": name, "alternates": alternates, "lat": lat, "lon": lon, "feature": feature,
        "country_code": cc, "admin1": admin1, "source": "user", "source_id": ident[:200],
        "source_url": url or f"{uri}#{where.replace(' ', '')}",
        "note": rec.get("_note", ""),
    }


def _clean(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        v = str(v)
    if not isinstance(v, str):
        return ""
    return " ".join(_CONTROL.sub(" ", no_surrogates(v)).split())


def _number(v: Any, what: str, bad) -> float:
    if isinstance(v, bool) or v is None:
        raise bad(f"no {what}")
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise bad(f"{what} {str(v)[:30]!r} is not a number") from None
    if not math.isfinite(x):
        raise bad(f"{what} is not finite")
    return x


def _csv_rows(data: bytes, p: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    text = _text(data, p)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        for need in ("name", "lat", "lon"):
            if not any(a in fields for a in _ALIASES[need]):
                header = ", ".join(fields)[:200] or "none"
                raise InputError(f"no {need} column (header: {header})", path=str(p))
        for row in reader:
            if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                continue
            if None in row:  # more fields than the header: a comma in a name, unquoted
                raise InputError(f"row {reader.line_num} has {len(fields) + len(row[None])} fields, the "
                                 f"header {len(fields)} (a name with a comma must be quoted)", path=str(p))
            yield f"row {reader.line_num}", {k: v for k, v in row.items() if k is not None}
    except csv.Error as exc:
        raise InputError(f"malformed CSV ({exc})", path=str(p)) from exc


def _geojson_rows(data: bytes, p: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    try:
        doc = parse_json(_text(data, p))
    except ValueError as exc:
        raise InputError(f"malformed JSON ({getattr(exc, 'msg', exc)})", path=str(p)) from exc
    if not isinstance(doc, dict):
        raise InputError("not a GeoJSON object", path=str(p))
    features = doc.get("features") if doc.get("type") == "FeatureCollection" else [doc]
    if not isinstance(features, list):
        raise InputError('a FeatureCollection needs a "features" list', path=str(p))
    for k, f in enumerate(features, 1):
        where = f"feature {k}"
        if not isinstance(f, dict) or f.get("type") != "Feature":
            raise InputError(f"{where}: not a GeoJSON Feature", path=str(p))
        props = f.get("properties") or {}
        if not isinstance(props, dict):
            raise InputError(f"{where}: properties must be an object", path=str(p))
        lonlat, note = _geometry_point(f.get("geometry"), where, p)
        yield where, {**props, "lon": lonlat[0], "lat": lonlat[1], "_note": note}


def _positions(coords: Any, depth: int = 0) -> Iterator[tuple[float, float]]:
    if depth > 6:
        return
    if (isinstance(coords, list) and len(coords) >= 2
            and all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in coords[:2])):
        yield float(coords[0]), float(coords[1])
    elif isinstance(coords, list):
        for c in coords:
            yield from _positions(c, depth + 1)


def _geometry_point(geom: Any, where: str, p: Path) -> tuple[tuple[float, float], str]:
    if not isinstance(geom, dict):
        raise InputError(f"{where}: no geometry", path=str(p))
    kind = geom.get("type")
    if kind == "GeometryCollection":
        pts = [pt for g in (geom.get("geometries") or []) if isinstance(g, dict)
               for pt in _positions(g.get("coordinates"))]
    else:
        pts = list(_positions(geom.get("coordinates")))
    if not pts:
        raise InputError(f"{where}: geometry has no coordinates", path=str(p))
    if kind == "Point":
        return pts[0], ""
    return _mean(pts), f"mean of the {kind}'s {len(pts)} vertices"


def _mean(pts: list[tuple[float, float]]) -> tuple[float, float]:
    return sum(x for x, _ in pts) / len(pts), sum(y for _, y in pts) / len(pts)


def _kml_from_kmz(data: bytes, p: Path) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = [i for i in z.infolist() if i.filename.lower().endswith(".kml") and not i.is_dir()]
            if not members:
                raise InputError("a KMZ archive without a .kml file", path=str(p))
            # Google Earth writes doc.kml at the root; otherwise the first KML inside.
            member = next((i for i in members if i.filename.lower() == "doc.kml"), members[0])
            with z.open(member) as fh:
                out = fh.read(MAX_KML_BYTES + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError) as exc:
        raise InputError(f"not a readable KMZ archive ({exc})", path=str(p)) from exc
    if len(out) > MAX_KML_BYTES:
        raise InputError(f"the KML inside is larger than {MAX_KML_BYTES // 2**20} MiB", path=str(p))
    return out


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _kml_rows(data: bytes, p: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    # KML has no use for a document type or entities: the parser refuses them wherever they
    # stand and in whatever encoding the file declares (UTF-16 included), never expands them.
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError("KML with a DOCTYPE or entity declarations is not read", path=str(p)) from exc
    except (ET.ParseError, ValueError) as exc:  # ValueError: an encoding expat cannot read
        raise InputError(f"malformed KML ({exc})", path=str(p)) from exc
    k = 0
    for pm in root.iter():
        if _local(pm.tag) != "Placemark":
            continue
        k += 1
        where = f"placemark {k}"
        rec: dict[str, Any] = {}
        pts: list[tuple[float, float]] = []
        kinds = []
        for el in pm.iter():
            tag = _local(el.tag)
            if tag == "name" and "name" not in rec:
                rec["name"] = el.text or ""
            elif tag == "Data" and el.get("name"):
                val = next((c.text for c in el if _local(c.tag) == "value"), None)
                rec[el.get("name").strip().lower()] = val or ""
            elif tag == "SimpleData" and el.get("name"):
                rec[el.get("name").strip().lower()] = el.text or ""
            elif tag in ("Point", "LineString", "LinearRing", "Polygon"):
                kinds.append(tag)
            elif tag == "coordinates":
                for chunk in (el.text or "").split():
                    parts = chunk.split(",")
                    try:
                        pts.append((float(parts[0]), float(parts[1])))
                    except (ValueError, IndexError):
                        raise InputError(f"{where}: coordinates {chunk[:40]!r} are not lon,lat",
                                         path=str(p)) from None
        if not pts:
            raise InputError(f"{where}: no coordinates", path=str(p))
        point = "Point" in kinds and len(pts) == 1
        lon, lat = pts[0] if point else _mean(pts)
        shape = "/".join(dict.fromkeys(kinds)) or "shape"
        note = "" if point else f"mean of the {shape}'s {len(pts)} vertices"
        yield where, {**rec, "lon": lon, "lat": lat, "_note": note}


def describe(rows: list[dict[str, Any]]) -> str:
    """One line about a layer: how many places, of which features."""
    feats: dict[str, int] = {}
    for r in rows:
        feats[r["feature"]] = feats.get(r["feature"], 0) + 1
    top = ", ".join(f"{n} {f}" for f, n in sorted(feats.items(), key=lambda kv: -kv[1])[:4])
    return f"{len(rows):,} place{'' if len(rows) == 1 else 's'} ({top})"


__all__ = ["FORMATS", "describe", "layer_fingerprint", "read_layer"]
