"""Build ``data/sites_water.csv``: water bodies, physical features and named sites (seas, straits,
gulfs, bays, lakes, rivers, islands, reefs, capes, mountains, deserts, ports, nuclear and power
plants, refugee and IDP camps) with one representative point each and the provenance of every row.

Every row comes from one systematic public source, read as a whole (never from names seen in
articles); nothing is typed by hand. The raw files are not committed: put them in one folder
laid out as below and run

    python tools/build_sites_water.py RAW_DIR                # writes data/sites_water.csv
    python tools/build_sites_water.py RAW_DIR --out x.csv    # elsewhere
    python tools/build_sites_water.py RAW_DIR --check        # build and validate, write nothing
    python tools/build_sites_water.py RAW_DIR --allow-missing  # without the sources left out of RAW_DIR

It needs only the standard library. It deduplicates (same name and feature within 5 km),
validates every row (coordinates in range and finite, a known feature, a source URL, no control
characters, names of at most 200 characters) and prints the counts per feature and per source.

Raw files (RAW_DIR/...), where each comes from and how to get it (``data/sites_water_SOURCES.md``
has the licences and the coverage):

``ne/*.json``  Natural Earth 1:10m physical layers (public domain), as GeoJSON. Read from
    https://github.com/martynafford/natural-earth-geojson (commit 0b9a6ce, CC0 conversion with
    ogr2ogr of the naturalearthdata.com downloads): ``10m/physical/<layer>.7z`` unpacked with
    ``7z x``. Layers: ne_10m_geography_marine_polys, ne_10m_geography_regions_points,
    ne_10m_geography_regions_elevation_points, ne_10m_geography_regions_polys, ne_10m_lakes,
    ne_10m_lakes_europe, ne_10m_lakes_north_america, ne_10m_playas,
    ne_10m_rivers_lake_centerlines, ne_10m_rivers_europe, ne_10m_rivers_north_america; and
    ``50m/cultural/ne_50m_admin_0_countries.7z`` (country polygons, used only to derive
    country codes). The same layers as shapefiles: https://www.naturalearthdata.com/downloads/
    (``ogr2ogr -f GeoJSON out.json in.shp``).
``geonames/no-country.txt``  GeoNames export of features with no country (CC BY 4.0), from
    https://download.geonames.org/export/dump/no-country.zip; read from the copy in
    https://github.com/PrimeEagle/PowerShell-GeonameGrampsImport (commit ec61bfc, the copy
    ``data/regions.csv`` also cites).
``wpi/UpdatedPub150.csv``  NGA World Port Index, Pub. 150 (US public domain), CSV export of
    https://msi.nga.mil/Publications/WPI; read from
    https://github.com/JamesRexMiller4/shapely_tut (commit d48d993).
``geonuclear/nuclear_power_plants.csv``  GeoNuclearData (ODbL 1.0), one row per reactor:
    https://github.com/cristianst85/GeoNuclearData ``data/csv/denormalized/`` (commit 1bc8b4a).
``gppd/global_power_plant_database.csv``  WRI Global Power Plant Database v1.2.0 (CC BY 4.0),
    https://datasets.wri.org/dataset/globalpowerplantdatabase; read from the copy (its first
    eleven columns, unchanged) in https://github.com/s3053009/hello-world (commit b2a30a1).
``unhcr/displacement_locations_unhcr.csv``  UNHCR FICSS/ODSS displacement locations as
    published by Zhou and Shaver (2021): https://github.com/global-displacement-locations/
    displacement_locations_unhcr (commit 4ecba8b). No licence is stated (see SOURCES.md).

Optional: the project's ``data/countries.csv``, ``data/admin1.csv`` and ``data/regions.csv``
(read when present) give country codes for names, and the names of countries, divisions and the
regions layer, which a physical feature here may not reuse (a peninsula called "India" or
"Florida", a river called "Niger" without "River"), and the GeoNames ids already in
``regions.csv`` (not repeated here).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import math
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "sites_water.csv"
#: Rivers' courses, thinned (see :func:`thinned`), beside the table: ``<out stem>_lines.csv``.
LINE_COLUMNS = ["id", "name", "source_id", "points"]
#: Vertices of a course closer than this to the last one kept are dropped.
LINE_STEP_KM = 10.0
COLUMNS = [
    "id",
    "name",
    "alternate_names",
    "lat",
    "lon",
    "feature",
    "country_code",
    "source",
    "source_id",
    "source_url",
    "read_from",
]
FEATURES = frozenset(
    [
        "sea",
        "ocean",
        "gulf",
        "bay",
        "strait",
        "channel",
        "sound",
        "lagoon",
        "river",
        "lake",
        "reservoir",
        "island",
        "islands",
        "reef",
        "shoal",
        "atoll",
        "peninsula",
        "cape",
        "mountain",
        "desert",
        "plain",
        "valley",
        "dam",
        "port",
        "naval_base",
        "military_base",
        "air_base",
        "nuclear_site",
        "energy_site",
        "refinery",
        "camp",
        "border_crossing",
        "canal",
        "bridge",
    ]
)
#: Features that lie at sea (no country code is derived for them).
MARINE = frozenset(
    ["sea", "ocean", "gulf", "bay", "strait", "channel", "sound", "lagoon", "reef", "shoal", "atoll"]
)
DEDUP_KM = 5.0
MAX_NAME = 200
MAX_ALTERNATES = 25

GH = "https://github.com/"
NE_READ = GH + "martynafford/natural-earth-geojson/blob/0b9a6ceb0a7032713abd9460ac1e995a9c60cd1e/"
NE_PAGE = "https://www.naturalearthdata.com/downloads/10m-physical-vectors/"
GN_READ = (
    GH + "PrimeEagle/PowerShell-GeonameGrampsImport/blob/"
    "ec61bfc4163585daea0f77e0d84ec137a1dccdb0/no-country.txt"
)
WPI_READ = GH + "JamesRexMiller4/shapely_tut/blob/d48d993599d0b9ec79f0d7a416d4371a8d02759f/UpdatedPub150.csv"
GND_FILE = (
    GH + "cristianst85/GeoNuclearData/blob/1bc8b4ac106af236902385b87e46c540b4864815/"
    "data/csv/denormalized/nuclear_power_plants.csv"
)
GPPD_READ = (
    GH + "s3053009/hello-world/blob/b2a30a17fe1a4a224b749740342e4ed2bee24e27/global_power_plant_database.csv"
)
UNHCR_FILE = (
    GH + "global-displacement-locations/displacement_locations_unhcr/blob/"
    "4ecba8bf3325413349b29b674199d2f11d75c5ff/displacement_locations_unhcr.csv"
)

#: Natural Earth layers: file stem -> (short source name, product page, kind).
NE_LAYERS = {
    "ne_10m_geography_marine_polys": (
        "Natural Earth 10m marine polys",
        NE_PAGE + "10m-physical-labels/",
        "marine",
    ),
    "ne_10m_geography_regions_points": (
        "Natural Earth 10m regions points",
        NE_PAGE + "10m-physical-labels/",
        "points",
    ),
    "ne_10m_geography_regions_elevation_points": (
        "Natural Earth 10m elevation points",
        NE_PAGE + "10m-physical-labels/",
        "elevation",
    ),
    "ne_10m_geography_regions_polys": (
        "Natural Earth 10m regions polys",
        NE_PAGE + "10m-physical-labels/",
        "regions",
    ),
    "ne_10m_lakes": ("Natural Earth 10m lakes", NE_PAGE + "10m-lakes/", "lakes"),
    "ne_10m_lakes_europe": ("Natural Earth 10m lakes (Europe)", NE_PAGE + "10m-lakes/", "lakes"),
    "ne_10m_lakes_north_america": (
        "Natural Earth 10m lakes (North America)",
        NE_PAGE + "10m-lakes/",
        "lakes",
    ),
    "ne_10m_playas": ("Natural Earth 10m playas", NE_PAGE + "10m-playas/", "playas"),
    "ne_10m_rivers_lake_centerlines": (
        "Natural Earth 10m rivers",
        NE_PAGE + "10m-rivers-lake-centerlines/",
        "rivers",
    ),
    "ne_10m_rivers_europe": (
        "Natural Earth 10m rivers (Europe)",
        NE_PAGE + "10m-rivers-lake-centerlines/",
        "rivers",
    ),
    "ne_10m_rivers_north_america": (
        "Natural Earth 10m rivers (North America)",
        NE_PAGE + "10m-rivers-lake-centerlines/",
        "rivers",
    ),
}

#: Natural Earth ``featurecla`` -> feature. Classes not listed are left out (and counted).
NE_MARINE = {
    "ocean": "ocean",
    "sea": "sea",
    "gulf": "gulf",
    "bay": "bay",
    "inlet": "bay",
    "fjord": "bay",
    "strait": "strait",
    "channel": "channel",
    "sound": "sound",
    "lagoon": "lagoon",
    "reef": "reef",
    "river": "river",
}
NE_POINTS = {
    "island": "island",
    "island group": "islands",
    "cape": "cape",
    "plain": "plain",
    "mountain": "mountain",
    "depression": "valley",
}
NE_REGIONS = {
    "Island": "island",
    "Island group": "islands",
    "Range/mtn": "mountain",
    "Foothills": "mountain",
    "Desert": "desert",
    "Plain": "plain",
    "Lowland": "plain",
    "Plateau": "plain",
    "Basin": "plain",
    "Delta": "plain",
    "Tundra": "plain",
    "Valley": "valley",
    "Gorge": "valley",
    "Depression": "valley",
    "Peninsula": "peninsula",
    "Pen/cape": "peninsula",
    "Lake": "lake",
}
NE_LAKES = {"Lake": "lake", "Alkaline Lake": "lake", "Reservoir": "reservoir"}
NE_RIVERS = {"River", "Intermittent River", "River (Intermittent)"}

#: GeoNames feature class.code -> feature (undersea features, currents, regions and others left out).
GN_CODES = {
    "H.SEA": "sea",
    "H.OCN": "ocean",
    "H.GULF": "gulf",
    "H.BAY": "bay",
    "H.BAYS": "bay",
    "H.BGHT": "bay",
    "H.COVE": "bay",
    "H.INLT": "bay",
    "H.FJD": "bay",
    "H.ESTY": "bay",
    "H.STRT": "strait",
    "H.CHN": "channel",
    "H.CHNM": "channel",
    "H.CHNN": "channel",
    "H.SD": "sound",
    "H.LGN": "lagoon",
    "H.RF": "reef",
    "H.RFC": "reef",
    "H.RFX": "reef",
    "H.SHOL": "shoal",
    "H.SHOLS": "shoal",
    "H.BNK": "shoal",
    "H.BNKX": "shoal",
    "H.LK": "lake",
    "H.LKS": "lake",
    "H.RSV": "reservoir",
    "H.STM": "river",
    "H.CNL": "canal",
    "T.ISL": "island",
    "T.ISLET": "island",
    "T.RK": "island",
    "T.RKS": "island",
    "T.ISLS": "islands",
    "T.ATOL": "atoll",
    "T.PEN": "peninsula",
    "T.PT": "cape",
    "T.CAPE": "cape",
    "T.MT": "mountain",
    "T.MTS": "mountain",
    "T.PK": "mountain",
    "T.HLL": "mountain",
    "T.HLLS": "mountain",
    "T.VAL": "valley",
    "T.PLN": "plain",
    "T.PLAT": "plain",
    "T.DSRT": "desert",
    "L.OILF": "energy_site",
    "L.GASF": "energy_site",
    "S.DAM": "dam",
    "S.PRT": "port",
    "L.PRT": "port",
    "S.NVB": "naval_base",
    "S.INSM": "military_base",
    "S.BDG": "bridge",
    "S.PSTB": "border_crossing",
    "L.CMPRF": "camp",
}

#: UNHCR location types kept: camps and settlements (not towns hosting people, not "locations").
UNHCR_TYPES = {
    "Refugee Camp": "camp",
    "IDP Camp": "camp",
    "Returnee Camp": "camp",
    "Refugee Settlement": "camp",
    "IDP Settlement": "camp",
    "Returnee Settlement": "camp",
    "Asylum Seeker Settlement": "camp",
}
GPPD_MIN_MW = 300.0
#: Editors' notes found in the UNHCR file's name_alt column.
UNHCR_NOTES = {"deactivate", "updated", "newtoadd", "a", "ok"}
#: Bracketed words in GeoNuclearData reactor names that name an operator or a note, not the plant.
GND_NOTES = {"Demo", "Tohoku", "Tokyo"}

#: Cartographic abbreviations Natural Earth writes in labels, spelt out (the label is kept too).
ABBREVIATIONS = [
    (r"\bIs\.", "Islands"),
    (r"\bI\.", "Island"),
    (r"\bMts\.", "Mountains"),
    (r"\bMt\.", "Mount"),
    (r"\bPk\.", "Peak"),
    (r"\bStr\.", "Strait"),
    (r"\bSd\.", "Sound"),
    (r"\bPen\.", "Peninsula"),
    (r"\bPén\.", "Péninsule"),
    (r"\bPlat\.", "Plateau"),
    (r"\bPt\.", "Point"),
    (r"\bFk\.", "Fork"),
    (r"^L\.", "Lake"),
    (r"^E\. ", "East "),
    (r"^W\. ", "West "),
    (r"^N\. ", "North "),
    (r"^S\. ", "South "),
]
SMALL_WORDS = {
    "of",
    "the",
    "and",
    "de",
    "del",
    "la",
    "le",
    "les",
    "du",
    "des",
    "da",
    "do",
    "dos",
    "das",
    "di",
    "y",
    "e",
    "al",
    "el",
    "d’",
    "d'",
    "van",
    "von",
}
RIVER_WORDS = re.compile(
    r"\b(river|rio|río|rivi[eè]?re|fleuve|creek|canal|channel|delta|fork|brook|stream|"
    r"wadi|oued|nahr|darya|daryo|gol|he|jiang|kawa|gawa|bayou|run)\b",
    re.I,
)


# --- names -------------------------------------------------------------------------------------


def clean(s) -> str:
    """One line of text: control characters dropped, spaces collapsed."""
    if s is None:
        return ""
    s = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in str(s))
    return re.sub(r"\s+", " ", s).strip()


def norm(s: str) -> str:
    """The key two names are compared by: no accents, no case, no punctuation."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^0-9a-z]+", " ", s).strip()


def latin(s: str) -> bool:
    """True when every letter of the name is a Latin letter (English-usable spellings)."""
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in s)


def titled(s: str) -> str:
    """Natural Earth writes large areas in capitals for the map ("TARIM BASIN"): title them."""
    if not s.isupper():
        return s
    words = s.lower().split(" ")
    out = [w if (i and w in SMALL_WORDS) else w[:1].upper() + w[1:] for i, w in enumerate(words)]
    return " ".join(out)


def expanded(s: str) -> str:
    for pat, full in ABBREVIATIONS:
        s = re.sub(pat, full, s)
    return re.sub(r"\s+", " ", s).strip()


def split_alts(*values) -> list[str]:
    out = []
    for v in values:
        for part in re.split(r"[|;,]", clean(v)):
            part = part.strip()
            if part and part.upper() != "NA":
                out.append(part)
    return out


def alt_list(name: str, alts, limit: int = MAX_ALTERNATES) -> str:
    seen = {norm(name)}
    out = []
    for a in alts:
        a = clean(a)
        k = norm(a)
        if not a or not k or k in seen or len(a) > MAX_NAME or "|" in a:
            continue
        seen.add(k)
        out.append(a)
        if len(out) >= limit:
            break
    return "|".join(out)


def slug(s: str) -> str:
    return norm(s).replace(" ", "-")[:60] or "x"


# --- geometry ----------------------------------------------------------------------------------


def haversine_km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(min(1.0, math.sqrt(a)))


def polygons(geom) -> list[list[list[tuple[float, float]]]]:
    """Polygon or MultiPolygon -> list of polygons, each a list of rings of (lon, lat)."""
    if not geom:
        return []
    if geom["type"] == "Polygon":
        polys = [geom["coordinates"]]
    elif geom["type"] == "MultiPolygon":
        polys = geom["coordinates"]
    else:
        return []
    return [
        [[(float(x), float(y)) for x, y, *_ in ring] for ring in poly if len(ring) >= 4] for poly in polys
    ]


def lines(geom) -> list[list[tuple[float, float]]]:
    if not geom:
        return []
    if geom["type"] == "LineString":
        ls = [geom["coordinates"]]
    elif geom["type"] == "MultiLineString":
        ls = geom["coordinates"]
    else:
        return []
    return [[(float(x), float(y)) for x, y, *_ in line] for line in ls if len(line) >= 2]


def ring_area_centroid(ring):
    """Signed area (deg², x scaled by cos(lat)) and centroid of one ring."""
    k = math.cos(math.radians(sum(y for _, y in ring) / len(ring)))
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        c = x1 * y2 - x2 * y1
        a += c
        cx += (x1 + x2) * c
        cy += (y1 + y2) * c
    if abs(a) < 1e-15:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    return a / 2 * k, (cx / (3 * a), cy / (3 * a))


def in_rings(x, y, rings) -> bool:
    """Even-odd rule over all rings (outer rings and holes alike)."""
    inside = False
    for ring in rings:
        for (x1, y1), (x2, y2) in itertools.pairwise(ring):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def poly_area(poly) -> float:
    return abs(ring_area_centroid(poly[0])[0]) - sum(abs(ring_area_centroid(h)[0]) for h in poly[1:])


def label_point(poly) -> tuple[float, float]:
    """A point inside the polygon: its area centroid when inside; else, on the nearest latitude
    (to the centroid's) that crosses the polygon, the middle of the inside run nearest the
    centroid (scanlines at the centroid's latitude and 40 others)."""
    a, (cx, cy) = ring_area_centroid(poly[0])
    holes = [ring_area_centroid(h) for h in poly[1:]]
    tot = abs(a) - sum(abs(h[0]) for h in holes)
    if tot > 0 and holes:
        cx = (abs(a) * cx - sum(abs(h[0]) * h[1][0] for h in holes)) / tot
        cy = (abs(a) * cy - sum(abs(h[0]) * h[1][1] for h in holes)) / tot
    if in_rings(cx, cy, poly):
        return cx, cy
    ys = [p[1] for p in poly[0]]
    lo, hi = min(ys), max(ys)
    lats = sorted([cy] + [lo + (hi - lo) * i / 41 for i in range(1, 41)], key=lambda y: abs(y - cy))
    for y in lats:
        xs = []
        for ring in poly:
            for (x1, y1), (x2, y2) in itertools.pairwise(ring):
                if (y1 > y) != (y2 > y):
                    xs.append(x1 + (y - y1) * (x2 - x1) / (y2 - y1))
        xs.sort()
        runs = [(xs[j], xs[j + 1]) for j in range(0, len(xs) - 1, 2) if xs[j + 1] > xs[j]]
        if runs:
            x0, x1 = min(runs, key=lambda r: (max(r[0] - cx, cx - r[1], 0.0), -(r[1] - r[0])))
            return (x0 + x1) / 2, y
    return poly[0][0]


def line_point(parts) -> tuple[float, float]:
    """A point on a line (a river): the vertex nearest the length-weighted centre of its parts."""
    sx = sy = tot = 0.0
    for line in parts:
        for (x1, y1), (x2, y2) in itertools.pairwise(line):
            w = haversine_km(y1, x1, y2, x2)
            sx += (x1 + x2) / 2 * w
            sy += (y1 + y2) / 2 * w
            tot += w
    if tot == 0:
        return parts[0][0]
    cx, cy = sx / tot, sy / tot
    return min((p for line in parts for p in line), key=lambda p: haversine_km(cy, cx, p[1], p[0]))


def bbox_of(points):
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def bbox_touch(a, b, pad) -> bool:
    lat_overlap = a[1] - pad <= b[3] and b[1] - pad <= a[3]
    across_180 = (a[2] >= 179.9 and b[0] <= -179.9) or (b[2] >= 179.9 and a[0] <= -179.9)
    return lat_overlap and (across_180 or (a[0] - pad <= b[2] and b[0] - pad <= a[2]))


def clusters(items, pad):
    """Group items (each with a bbox at [0]) whose bboxes touch (within pad degrees)."""
    parent = list(range(len(items)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if bbox_touch(items[i][0], items[j][0], pad):
                parent[find(i)] = find(j)
    groups = defaultdict(list)
    for i in range(len(items)):
        groups[find(i)].append(items[i])
    return list(groups.values())


def sample(points, n=40):
    if len(points) <= n:
        return list(points)
    step = len(points) / n
    return [points[int(i * step)] for i in range(n)]


# --- countries ---------------------------------------------------------------------------------


class Countries:
    """Point-in-country over Natural Earth admin-0 polygons, with edges bucketed by latitude band
    so that each test reads only the edges that cross the point's band."""

    BAND = 0.5

    def __init__(self, path: Path, name_codes: dict[str, str]):
        self.shapes = []  # (code, bbox, bands)
        data = json.loads(path.read_text(encoding="utf-8"))
        for f in data["features"]:
            p = f["properties"]
            code = ""
            for k in ("ISO_A2", "WB_A2", "ISO_A2_EH"):
                v = (p.get(k) or "").strip()
                if re.fullmatch(r"[A-Z]{2}", v):
                    code = v
                    break
            if not code:
                for k in ("NAME", "ADMIN", "NAME_LONG", "SOVEREIGNT"):
                    code = name_codes.get(norm(p.get(k) or ""), "")
                    if code and norm(p.get(k) or "") == norm(p.get("ADMIN") or ""):
                        break
                    code = ""
            if not code:
                continue  # Northern Cyprus, Somaliland, Siachen...: no ISO code, left empty
            rings = [ring for poly in polygons(f["geometry"]) for ring in poly]
            if not rings:
                continue
            bands = defaultdict(list)
            for ring in rings:
                for (x1, y1), (x2, y2) in itertools.pairwise(ring):
                    for b in range(
                        math.floor(min(y1, y2) / self.BAND), math.floor(max(y1, y2) / self.BAND) + 1
                    ):
                        bands[b].append((x1, y1, x2, y2))
            self.shapes.append((code, bbox_of([pt for r in rings for pt in r]), bands))

    def at(self, lon, lat) -> str:
        b = math.floor(lat / self.BAND)
        for code, bb, bands in self.shapes:
            if not (bb[0] <= lon <= bb[2] and bb[1] <= lat <= bb[3]):
                continue
            inside = False
            for x1, y1, x2, y2 in bands.get(b, ()):
                if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                    inside = not inside
            if inside:
                return code
        return ""

    def near(self, lon, lat, km=25.0) -> str:
        """The country containing the point, else the nearest one within km (coastal points)."""
        c = self.at(lon, lat)
        if c:
            return c
        deg = km / 111.0
        k = max(0.05, math.cos(math.radians(lat)))
        best = (km, "")
        lo, hi = math.floor((lat - deg) / self.BAND), math.floor((lat + deg) / self.BAND)
        for code, bb, bands in self.shapes:
            if not (bb[0] - deg / k <= lon <= bb[2] + deg / k and bb[1] - deg <= lat <= bb[3] + deg):
                continue
            for b in range(lo, hi + 1):
                for x1, y1, x2, y2 in bands.get(b, ()):
                    # distance to the segment in a local equirectangular frame, km
                    ax, ay = (x1 - lon) * k * 111.0, (y1 - lat) * 111.0
                    bx, by = (x2 - lon) * k * 111.0, (y2 - lat) * 111.0
                    dx, dy = bx - ax, by - ay
                    t = (
                        0.0
                        if dx == dy == 0
                        else max(0.0, min(1.0, -(ax * dx + ay * dy) / (dx * dx + dy * dy)))
                    )
                    d = math.hypot(ax + t * dx, ay + t * dy)
                    if d < best[0]:
                        best = (d, code)
        return best[1]

    def only(self, pts) -> str:
        """The one country all the sampled points (lon, lat) fall in or near, else ''."""
        codes = {self.near(x, y) for x, y in pts}
        codes.discard("")
        return codes.pop() if len(codes) == 1 else ""


# --- project tables ----------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def project_names():
    """Country names -> ISO2, and the names (normalized) a physical feature here may not reuse."""
    d = ROOT / "data"
    codes, taken, regions_ids = {}, set(), set()
    for r in read_csv(d / "countries.csv"):
        codes[norm(r["name"])] = r["iso2"]
        taken.add(norm(r["name"]))
    for r in read_csv(d / "country_aliases.csv"):
        codes.setdefault(norm(r["alias"]), r["iso2"])
        taken.add(norm(r["alias"]))
    for r in read_csv(d / "admin1.csv"):
        taken.add(norm(r["name"]))
    for r in read_csv(d / "regions.csv"):
        regions_ids.add(r["geonameid"])
        taken.add(norm(r["name"]))
        for a in (r.get("alternate_names") or "").split("|"):
            if a:
                taken.add(norm(a))
    return codes, taken, regions_ids


# --- sources -----------------------------------------------------------------------------------


class Build:
    def __init__(self, raw: Path):
        self.raw = raw
        self.rows: list[dict] = []
        self.lines: dict[str, list[list[tuple[float, float]]]] = {}  # a river's row id -> its parts
        self.skipped: Counter = Counter()
        self.missing: list[str] = []
        self.name_codes, self.taken, self.regions_ids = project_names()
        self.iso3: dict[str, str] = {}
        self.countries = None
        cpath = raw / "ne" / "ne_50m_admin_0_countries.json"
        if cpath.exists():
            self.countries = Countries(cpath, self.name_codes)
            for f in json.loads(cpath.read_text(encoding="utf-8"))["features"]:
                p = f["properties"]
                iso2 = next(
                    (v for v in (p.get("ISO_A2"), p.get("WB_A2")) if re.fullmatch(r"[A-Z]{2}", v or "")),
                    self.name_codes.get(norm(p.get("ADMIN") or ""), ""),
                )
                for k in ("ISO_A3", "ADM0_A3", "ISO_A3_EH", "WB_A3", "SU_A3", "GU_A3"):
                    v = p.get(k) or ""
                    if iso2 and re.fullmatch(r"[A-Z]{3}", v):
                        self.iso3.setdefault(v, iso2)
                for k in ("NAME", "NAME_LONG", "ADMIN", "FORMAL_EN", "NAME_SORT", "BRK_NAME"):
                    if iso2 and p.get(k):
                        self.name_codes.setdefault(norm(p[k]), iso2)
        else:
            self.missing.append("ne/ne_50m_admin_0_countries.json")

    def need(self, rel: str) -> Path | None:
        p = self.raw / rel
        if p.exists():
            return p
        self.missing.append(rel)
        return None

    def add(self, **row):
        self.rows.append(row)

    def country_of_points(self, feature, pts) -> str:
        if feature in MARINE or not self.countries or not pts:
            return ""
        return self.countries.only(sample(pts))

    # Natural Earth ------------------------------------------------------------------------------

    def natural_earth(self):
        groups = defaultdict(list)  # (feature, key) -> [(bbox, geomkind, geom, meta)]
        for stem, (src, page, kind) in NE_LAYERS.items():
            path = self.need(f"ne/{stem}.json")
            if not path:
                continue
            for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
                p = f["properties"]
                cla = clean(p.get("featurecla"))
                raw_name = clean(p.get("name"))
                if not raw_name:
                    self.skipped[f"{src}: no name"] += 1
                    continue
                if kind == "marine":
                    feature = NE_MARINE.get(cla)
                elif kind in ("points", "elevation"):
                    feature = NE_POINTS.get(cla)
                elif kind == "regions":
                    feature = NE_REGIONS.get(cla)
                elif kind == "lakes":
                    feature = NE_LAKES.get(cla)
                    if feature and re.search(r"\d", raw_name):
                        self.skipped[f"{src}: numbered name"] += 1
                        continue
                elif kind == "playas":
                    feature = "lake"
                else:  # rivers
                    feature = "river" if cla in NE_RIVERS else None
                if not feature:
                    self.skipped[f"{src}: class {cla or '?'}"] += 1
                    continue
                name = titled(raw_name)
                alts = []
                full = expanded(name)
                if full != name:
                    alts.append(name)
                    name = full
                for k in ("namealt", "name_alt"):
                    for a in split_alts(p.get(k)):
                        a = titled(a)
                        alts += [expanded(a), a]
                if kind == "marine":
                    note = clean(p.get("note"))
                    if note and not note.startswith("_") and "Waters" not in note and "Version" not in note:
                        alts.append(note)  # "Strait of Magellan" for "Estrecho de Magellanes"
                for k in ("name_en", "name_full", "name_abb"):
                    v = clean(p.get(k))
                    if v:
                        alts += [expanded(v), v]
                bare_ok = True
                if kind == "rivers":
                    full_name = clean(p.get("name_full"))
                    if full_name:  # "East Fork Choctawhatchee River" for "E. Fk. Choctawhatchee"
                        alts.append(name)
                        name = full_name
                    # Bare names ("Nile", "Dnipro") only for the main layer's large rivers; others
                    # are written "<name> River" ("Madison River", not "Madison").
                    rank = p.get("scalerank")
                    bare_ok = (
                        stem == "ne_10m_rivers_lake_centerlines" and rank is not None and float(rank) <= 5
                    )
                if kind in ("points", "elevation"):
                    g = f.get("geometry") or {}
                    if g.get("type") != "Point":
                        continue
                    x, y = float(g["coordinates"][0]), float(g["coordinates"][1])
                    geom = ("point", (x, y))
                    bbox = (x, y, x, y)
                elif kind == "rivers":
                    ls = lines(f.get("geometry"))
                    if not ls:
                        continue
                    geom = ("line", ls)
                    bbox = bbox_of([pt for line in ls for pt in line])
                else:
                    ps = polygons(f.get("geometry"))
                    if not ps:
                        continue
                    geom = ("poly", ps)
                    bbox = bbox_of([pt for poly in ps for pt in poly[0]])
                meta = {
                    "name": name,
                    "alts": alts,
                    "source": src,
                    "page": page,
                    "stem": stem,
                    "rivernum": clean(p.get("rivernum")),
                    "ne_id": clean(p.get("ne_id")),
                    "scalerank": p.get("scalerank"),
                    "bare_ok": bare_ok,
                }
                groups[(feature, norm(name), geom[0])].append((bbox, geom, meta))
        # An alternate that differently named features of one layer share is a group's name
        # ("Great Lakes" for Lake Erie, "Northern Dvina" for the Sukhona), not another name.
        owners = defaultdict(set)
        for items in groups.values():
            for _, _, meta in items:
                for a in meta["alts"]:
                    owners[(meta["stem"], norm(a))].add(norm(meta["name"]))
        for items in groups.values():
            for _, _, meta in items:
                meta["alts"] = [a for a in meta["alts"] if len(owners[(meta["stem"], norm(a))]) < 2]
        layer_order = {stem: i for i, stem in enumerate(NE_LAYERS)}
        for (feature, _, gkind), items in sorted(groups.items()):
            pad = 0.25 if feature == "river" else 0.05
            for cl in clusters(items, pad):
                cl.sort(key=lambda it: (layer_order[it[2]["stem"]], str(it[2]["scalerank"])))
                meta = cl[0][2]
                alts = [a for it in cl for a in [it[2]["name"]] + it[2]["alts"]]
                if cl[0][1][0] == "point":
                    x, y = cl[0][1][1]
                    pts = [(x, y)]
                elif gkind == "line":
                    parts = [line for it in cl if it[2]["stem"] == meta["stem"] for line in it[1][1]]
                    x, y = line_point(parts)
                    pts = [pt for line in parts for pt in line]
                else:
                    polys = [poly for it in cl if it[2]["stem"] == meta["stem"] for poly in it[1][1]]
                    big = max(polys, key=poly_area)
                    x, y = label_point(big)
                    pts = [pt for poly in polys for pt in poly[0]]
                name = meta["name"]
                if feature == "river" and not RIVER_WORDS.search(name):
                    bare = norm(name)
                    if meta["bare_ok"] and bare not in self.taken:
                        alts.append(f"{name} River")
                    else:  # "Niger" is the country; the river is "Niger River"
                        name = f"{name} River"
                        alts = [a for a in alts if norm(a) != bare]
                if feature == "river" and not meta["bare_ok"]:
                    alts = [a for a in alts if RIVER_WORDS.search(a)]
                if norm(name) in self.taken:
                    self.skipped[f"{meta['source']}: name of a country, division or region"] += 1
                    continue
                alts = [a for a in alts if norm(a) not in self.taken]
                stems = sorted({it[2]["stem"] for it in cl}, key=layer_order.get)
                if gkind == "line":
                    self.lines[f"ne:{feature}:{slug(name)}"] = parts
                self.add(
                    id=f"ne:{feature}:{slug(name)}",
                    name=name,
                    alternate_names=alt_list(name, alts),
                    lat=y,
                    lon=x,
                    feature=feature,
                    country_code=self.country_of_points(feature, pts),
                    source=meta["source"],
                    source_id=meta["ne_id"] or (meta["rivernum"] if feature == "river" else ""),
                    source_url=meta["page"],
                    read_from=" ".join(f"{NE_READ}10m/physical/{s}.7z" for s in stems),
                )

    # GeoNames -------------------------------------------------------------------------------------

    def geonames(self):
        path = self.need("geonames/no-country.txt")
        if not path:
            return
        with path.open(encoding="utf-8", newline="") as fh:
            for line in fh:
                c = line.rstrip("\n").split("\t")
                if len(c) < 19:
                    continue
                gid, name, ascii_name, alts, lat, lon, fcl, fcode = (
                    c[0],
                    c[1],
                    c[2],
                    c[3],
                    c[4],
                    c[5],
                    c[6],
                    c[7],
                )
                feature = GN_CODES.get(f"{fcl}.{fcode}")
                if not feature:
                    self.skipped[
                        "GeoNames: " + ("undersea feature (U.*)" if fcl == "U" else "other feature codes")
                    ] += 1
                    continue
                if gid in self.regions_ids:
                    self.skipped["GeoNames: already in data/regions.csv"] += 1
                    continue
                name = clean(name)
                if norm(name) in self.taken:
                    self.skipped["GeoNames: name of a country, division or region"] += 1
                    continue
                names = [clean(ascii_name)] + [
                    a for a in (clean(x) for x in alts.split(",")) if a and latin(a)
                ]
                names = [a for a in names if norm(a) not in self.taken]
                self.add(
                    id=f"gn:{gid}",
                    name=name,
                    alternate_names=alt_list(name, names),
                    lat=float(lat),
                    lon=float(lon),
                    feature=feature,
                    country_code="",
                    source="GeoNames (no-country)",
                    source_id=gid,
                    source_url=f"https://www.geonames.org/{gid}",
                    read_from=GN_READ,
                )

    # World Port Index -----------------------------------------------------------------------------

    def wpi(self):
        path = self.need("wpi/UpdatedPub150.csv")
        if not path:
            return
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for r in csv.DictReader(fh):
                name = clean(r["Main Port Name"])
                num = clean(r["World Port Index Number"]).removesuffix(".0")
                if not name or not num:
                    self.skipped["WPI: no name or number"] += 1
                    continue
                loc = clean(r.get("UN/LOCODE"))
                cc = (
                    loc[:2]
                    if re.match(r"^[A-Z]{2}\b", loc)
                    else self.name_codes.get(norm(r["Country Code"]), "")
                )
                if not cc and self.countries:  # territories without a LOCODE (Wake Island, Kralendijk)
                    cc = self.countries.near(float(r["Longitude"]), float(r["Latitude"]))
                self.add(
                    id=f"wpi:{num}",
                    name=name,
                    alternate_names=alt_list(name, split_alts(r["Alternate Port Name"])),
                    lat=float(r["Latitude"]),
                    lon=float(r["Longitude"]),
                    feature="port",
                    country_code=cc,
                    source="NGA World Port Index (Pub. 150)",
                    source_id=num,
                    source_url="https://msi.nga.mil/Publications/WPI",
                    read_from=WPI_READ,
                )

    # GeoNuclearData: reactors grouped into plants -------------------------------------------------

    def geonuclear(self):
        path = self.need("geonuclear/nuclear_power_plants.csv")
        if not path:
            return
        plants = defaultdict(list)
        with path.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                if not r["Latitude"] or not r["Longitude"]:
                    self.skipped["GeoNuclearData: reactor without coordinates"] += 1
                    continue
                full = clean(r["Name"])
                paren = re.findall(r"\(([^)]*)\)", full)
                base = clean(re.sub(r"\([^)]*\)", " ", full))
                for _ in range(2):  # "Qinshan-2-1" -> "Qinshan"; "Hinkley Point-C1" -> "Hinkley Point"
                    base = re.sub(r"[- ](\d{1,2}[A-Z]?|[A-Z]\d?)$", "", base)
                alts = []
                for p in paren:
                    m = re.fullmatch(r"(.+?)[- ]?\d{1,2}", p.strip())
                    alt = (m.group(1) if m else p).strip()
                    # unit codes (ANO, MAPS1), lists ("Madras-1 / MAPS1") and the operators or notes
                    # the source puts in brackets are not names of the plant
                    if "/" in alt or re.fullmatch(r"[A-Z0-9 -]{1,6}", alt) or alt in GND_NOTES:
                        continue
                    alts.append(alt)
                if len(base) < 3:  # "G-2 (Marcoule)": the plant is Marcoule
                    if not alts:
                        base = clean(re.sub(r"\([^)]*\)", " ", full))
                    else:
                        base, alts = alts[0], alts[1:]
                plants[(r["CountryCode"], norm(base))].append(
                    (base, alts, float(r["Latitude"]), float(r["Longitude"]), r)
                )
        for (cc, _), rs in sorted(plants.items()):
            for cl in clusters([((x, y, x, y), (base, alts, y, x, r)) for base, alts, y, x, r in rs], 0.2):
                base = cl[0][1][0]
                lat = sum(it[1][2] for it in cl) / len(cl)
                lon = sum(it[1][3] for it in cl) / len(cl)
                ids = sorted((it[1][4]["Id"] for it in cl), key=int)
                alts = [a for it in cl for a in it[1][1] if norm(a) not in self.taken]
                self.add(
                    id=f"gnd:{ids[0]}",
                    name=base,
                    alternate_names=alt_list(base, alts),
                    lat=lat,
                    lon=lon,
                    feature="nuclear_site",
                    country_code=cc,
                    source="GeoNuclearData",
                    source_id="|".join(ids),
                    source_url=GND_FILE,
                    read_from=GND_FILE,
                )

    # Global Power Plant Database ------------------------------------------------------------------

    def gppd(self):
        path = self.need("gppd/global_power_plant_database.csv")
        if not path:
            return
        with path.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                fuel = r["primary_fuel"]
                mw = float(r["capacity_mw"] or 0)
                if fuel != "Nuclear" and mw < GPPD_MIN_MW:
                    self.skipped[f"GPPD: under {GPPD_MIN_MW:g} MW"] += 1
                    continue
                name = clean(r["name"])
                alts = []
                country = clean(r["country_long"])
                if country and name.endswith(" " + country) and len(name) > len(country) + 3:
                    alts.append(
                        name[: -len(country)].strip()
                    )  # "Kajaki Hydroelectric Power Plant Afghanistan"
                self.add(
                    id=f"gppd:{r['gppd_idnr']}",
                    name=name,
                    alternate_names=alt_list(name, alts),
                    lat=float(r["latitude"]),
                    lon=float(r["longitude"]),
                    feature="nuclear_site" if fuel == "Nuclear" else "energy_site",
                    country_code=self.iso3.get(r["country"], ""),
                    source="WRI Global Power Plant Database v1.2.0",
                    source_id=r["gppd_idnr"],
                    source_url="https://datasets.wri.org/dataset/globalpowerplantdatabase",
                    read_from=GPPD_READ,
                )

    # UNHCR camps ----------------------------------------------------------------------------------

    def unhcr(self):
        path = self.need("unhcr/displacement_locations_unhcr.csv")
        if not path:
            return
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        # name_alt also holds editors' notes ("deactivate", "updated", "NewToAdd") and, shared by
        # several sites, the town or area they are in ("Lagos"): neither is another name.
        shared = defaultdict(set)
        for r in rows:
            for a in split_alts(r["name_alt"]):
                shared[norm(a)].add(norm(r["name"]))
        for r in rows:
            feature = UNHCR_TYPES.get(r["loc_type"])
            if not feature:
                self.skipped[f"UNHCR: type {r['loc_type']}"] += 1
                continue
            name = clean(r["name"])
            try:
                lat, lon = float(r["POINT_Y"]), float(r["POINT_X"])
            except ValueError:
                self.skipped["UNHCR: no coordinates"] += 1
                continue
            if not name or name.upper() == "NA":
                self.skipped["UNHCR: no name"] += 1
                continue
            pcode = clean(r["pcode"])
            alts = [
                a
                for a in split_alts(r["name_alt"])
                if norm(a) not in UNHCR_NOTES
                and len(shared[norm(a)]) < 2
                and norm(a) not in self.taken
                and len(a) > 2
            ]
            self.add(
                id=f"unhcr:{pcode}",
                name=name,
                alternate_names=alt_list(name, alts),
                lat=lat,
                lon=lon,
                feature=feature,
                country_code=self.iso3.get(pcode[:3], ""),
                source="UNHCR displacement locations (Zhou & Shaver 2021)",
                source_id=pcode,
                source_url=UNHCR_FILE,
                read_from=UNHCR_FILE,
            )

    # ------------------------------------------------------------------------------------------------

    def run(self) -> list[dict]:
        self.natural_earth()
        self.geonames()
        self.wpi()
        self.geonuclear()
        self.gppd()
        self.unhcr()
        return self.finish()

    def finish(self) -> list[dict]:
        # Deduplicate: same name and feature within DEDUP_KM (the first source wins).
        kept, seen = [], defaultdict(list)
        for r in self.rows:
            if re.search(r"[?\ufffd]", r["name"]):
                self.skipped[f"{r['source']}: name damaged in the source ('?')"] += 1
                continue
            r["alternate_names"] = "|".join(
                a for a in r["alternate_names"].split("|") if a and not re.search(r"[?\ufffd]", a)
            )
            key = (norm(r["name"]), r["feature"])
            if any(haversine_km(r["lat"], r["lon"], la, lo) <= DEDUP_KM for la, lo in seen[key]):
                self.skipped[f"{r['source']}: duplicate within {DEDUP_KM:g} km"] += 1
                continue
            seen[key].append((r["lat"], r["lon"]))
            kept.append(r)
        ids = Counter()
        for r in kept:
            ids[r["id"]] += 1
            if ids[r["id"]] > 1:
                r["id"] = f"{r['id']}-{ids[r['id']]}"
            r["lat"] = f"{r['lat']:.5f}"
            r["lon"] = f"{r['lon']:.5f}"
        return kept


def validate(rows) -> list[str]:
    errors, ids = [], set()
    for i, r in enumerate(rows, 2):
        where = f"row {i} ({r.get('id')})"
        if r["id"] in ids:
            errors.append(f"{where}: duplicate id")
        ids.add(r["id"])
        try:
            lat, lon = float(r["lat"]), float(r["lon"])
            if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
                errors.append(f"{where}: coordinates out of range")
        except ValueError:
            errors.append(f"{where}: coordinates not numbers")
        if r["feature"] not in FEATURES:
            errors.append(f"{where}: unknown feature {r['feature']!r}")
        if not r["source_url"].startswith("https://") or not r["read_from"]:
            errors.append(f"{where}: no source_url or read_from")
        if not r["name"] or len(r["name"]) > MAX_NAME:
            errors.append(f"{where}: name empty or over {MAX_NAME} characters")
        if any(len(a) > MAX_NAME for a in r["alternate_names"].split("|")):
            errors.append(f"{where}: alternate name over {MAX_NAME} characters")
        if r["country_code"] and not re.fullmatch(r"[A-Z]{2}", r["country_code"]):
            errors.append(f"{where}: bad country code {r['country_code']!r}")
        for k in COLUMNS:
            if any(unicodedata.category(c)[0] == "C" for c in str(r[k])):
                errors.append(f"{where}: control character in {k}")
    return errors


def thinned(part: list[tuple[float, float]], step_km: float = LINE_STEP_KM) -> list[tuple[float, float]]:
    """The vertices of a line (lon, lat) at least ``step_km`` apart, its two ends kept."""
    kept = [part[0]]
    for x, y in part[1:-1]:
        if haversine_km(kept[-1][1], kept[-1][0], y, x) >= step_km:
            kept.append((x, y))
    if len(part) > 1:
        kept.append(part[-1])
    return kept


def line_rows(rows: list[dict], lines: dict[str, list[list[tuple[float, float]]]]) -> list[dict]:
    """One row per river of ``rows`` with its course: parts joined by "|", vertices "lat lon"
    joined by ";" (4 decimals, about 10 m)."""
    out = []
    for r in rows:
        parts = lines.get(r["id"])
        if not parts:
            continue
        text = "|".join(";".join(f"{y:.4f} {x:.4f}" for x, y in thinned(p)) for p in parts if p)
        out.append({"id": r["id"], "name": r["name"], "source_id": r["source_id"] or r["id"],
                    "points": text})
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("raw", type=Path, help="folder with the raw files (see this script's docstring)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="build and validate, write nothing")
    ap.add_argument("--allow-missing", action="store_true", help="build from the raw files present")
    a = ap.parse_args(argv)
    b = Build(a.raw)
    rows = b.run()
    if b.missing:
        print("missing raw files: " + ", ".join(b.missing), file=sys.stderr)
        if not a.allow_missing:
            return 2
    errors = validate(rows)
    for e in errors[:50]:
        print("invalid: " + e, file=sys.stderr)
    if errors:
        print(f"{len(errors)} invalid rows; nothing written", file=sys.stderr)
        return 1
    rows.sort(key=lambda r: (r["feature"], norm(r["name"]), r["id"]))
    print(f"{len(rows)} rows")
    print("per feature:")
    for k, n in sorted(Counter(r["feature"] for r in rows).items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {k:16} {n}")
    print("per source:")
    for k, n in sorted(Counter(r["source"] for r in rows).items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {k:52} {n}")
    print("left out:")
    for k, n in sorted(b.skipped.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {k:60} {n}")
    if not a.check:
        a.out.parent.mkdir(parents=True, exist_ok=True)
        with a.out.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        print(f"wrote {a.out}")
        lines_out = a.out.with_name(a.out.stem + "_lines.csv")
        with lines_out.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=LINE_COLUMNS, lineterminator="\n")
            w.writeheader()
            w.writerows(line_rows(rows, b.lines))
        print(f"wrote {lines_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
