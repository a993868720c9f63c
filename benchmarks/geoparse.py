"""Geoparsing benchmark: osint beside published geoparsers on an EUPEG-layout corpus.

Usage::

    python benchmarks/geoparse.py CORPUS_DIR [--errors FILE] [--only-osint]

CORPUS_DIR holds ``texts.jsonl`` (one ``{"doc_index", "text"}`` per line),
``gold.txt`` (line i = document i; records ``name,,mention,,lat,,lon,,start,,end``
joined by ``||``) and ``anchors/<System>.txt`` (other systems' outputs, same
format). The corpus is read from where it lies; nothing is copied.

Metrics follow Gritta et al., "A Pragmatic Guide to Geoparsing Evaluation":
recognition precision, recall and F1 on exact spans and on overlapping spans
(one-to-one); over the gold places matched by an overlapping span: Acc@161,
mean and median error in km, AUC of the log-error curve (lower is better);
E2E@161, the share of all gold places found and placed within 161 km.
For osint it also prints documents per second on one core after start-up,
start-up time (import + gazetteer load) and peak memory, and, when flashgeotext
is installed (``pip install -e ".[bench]"``), the speed of osint's geoparser
beside that keyword matcher's (``GeoText().extract``) measured in the same run:
passes over the corpus taken in turn, the fastest of each kept, so that a busy
machine slows both alike. Only the ratio carries over to another machine.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

Record = tuple[str, float | None, float | None, int, int]  # mention, lat, lon, start, end

EARTH_KM = 6371.0088
MAX_ERR_KM = 20039.0  # half the equator: the largest possible error


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def read_records(path: Path, n_docs: int) -> list[list[Record]]:
    """Read an EUPEG annotation file: one line per document."""
    lines = path.read_text(encoding="utf-8").split("\n")
    docs: list[list[Record]] = []
    for i in range(n_docs):
        line = lines[i] if i < len(lines) else ""
        recs = []
        for rec in line.split("||"):
            if not rec.strip():
                continue
            f = rec.split(",,")
            if len(f) < 6:
                continue
            try:
                lat = float(f[2]) if f[2] not in ("", "None") else None
                lon = float(f[3]) if f[3] not in ("", "None") else None
            except ValueError:
                lat = lon = None
            recs.append((f[1], lat, lon, int(f[4]), int(f[5])))
        docs.append(recs)
    return docs


@dataclass
class Scores:
    system: str
    p: float
    r: float
    f1: float
    f1_overlap: float
    acc161: float
    e2e161: float
    mean_km: float
    median_km: float
    auc: float
    matched: int


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(system: str, gold: list[list[Record]], pred: list[list[Record]]) -> Scores:
    n_gold = sum(len(g) for g in gold)
    n_pred = sum(len(p) for p in pred)
    exact = 0
    overlap_tp = 0
    errors: list[float] = []
    e2e = 0
    for g_doc, p_doc in zip(gold, pred):
        p_spans = {(p[3], p[4]) for p in p_doc}
        exact += sum(1 for g in g_doc if (g[3], g[4]) in p_spans)
        # One-to-one overlap matching: exact matches first, then any overlap.
        free = sorted(p_doc, key=lambda p: p[3])
        taken: set[int] = set()
        for g in sorted(g_doc, key=lambda g: g[3]):
            best = None
            for k, p in enumerate(free):
                if k in taken or p[4] <= g[3] or p[3] >= g[4]:
                    continue
                if (p[3], p[4]) == (g[3], g[4]):
                    best = k
                    break
                if best is None:
                    best = k
            if best is None:
                continue
            taken.add(best)
            overlap_tp += 1
            p = free[best]
            if g[1] is not None and p[1] is not None:
                err = haversine(g[1], g[2], p[1], p[2])
                errors.append(err)
                if err <= 161:
                    e2e += 1
    p_ex = exact / n_pred if n_pred else 0.0
    r_ex = exact / n_gold if n_gold else 0.0
    p_ov = overlap_tp / n_pred if n_pred else 0.0
    r_ov = overlap_tp / n_gold if n_gold else 0.0
    acc = sum(e <= 161 for e in errors) / len(errors) if errors else 0.0
    logs = sorted(math.log(1 + e) / math.log(MAX_ERR_KM) for e in errors)
    auc = 0.0
    if len(logs) > 1:
        dx = 1 / (len(logs) - 1)
        auc = sum((a + b) / 2 * dx for a, b in itertools.pairwise(logs))
    return Scores(
        system,
        p_ex,
        r_ex,
        _f1(p_ex, r_ex),
        _f1(p_ov, r_ov),
        acc,
        e2e / n_gold if n_gold else 0.0,
        statistics.fmean(errors) if errors else float("nan"),
        statistics.median(errors) if errors else float("nan"),
        auc,
        len(errors),
    )


def run_osint(texts: list[str], repeats: int = 3
              ) -> tuple[list[list[Record]], list[list[Record]], dict[str, float]]:
    """Run osint in this process: start-up, then every text once (cold), timed;
    then ``repeats`` more passes for the steady-state rate (median).

    Returns every toponym (``embedded=True``: those inside the names of organisations, units,
    ships and outlets too, as the corpora count them), the story's places alone (the same run
    without those; what osint maps) and the timings (of the default, story-places mode)."""
    t0 = time.perf_counter()
    import osint
    import osint.places  # the geoparser itself; `import osint` alone loads it lazily

    gaz = osint.load_gazetteer()
    startup = time.perf_counter() - t0

    def one_pass() -> tuple[float, float]:
        t1, c1 = time.perf_counter(), time.process_time()
        for text in texts:
            osint.geoparse_places(text, gazetteer=gaz)
        return time.perf_counter() - t1, time.process_time() - c1

    wall, cpu = one_pass()
    steady = sorted(len(texts) / one_pass()[1] for _ in range(repeats))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    every, story = [], []
    for text in texts:
        recs = []
        for p in osint.geoparse_places(text, gazetteer=gaz, embedded=True):
            e, m = p.entry, p.mention
            lat, lon = (e.lat, e.lon) if e else (None, None)
            recs.append((m.text, lat, lon, m.start, m.end, p.within is None))
        every.append([r[:5] for r in recs])
        story.append([r[:5] for r in recs if r[5]])
    return every, story, {
        "startup_s": startup,
        "docs_per_s": len(texts) / wall,
        "docs_per_cpu_s": len(texts) / cpu,
        "steady_docs_per_cpu_s": steady[len(steady) // 2] if steady else float("nan"),
        "peak_mb": peak_mb,
        "wall_s": wall,
    }


def versus_flashgeotext(texts: list[str], passes: int = 8) -> dict[str, float] | None:
    """Documents per CPU-second of ``osint.geoparse_places`` and of flashgeotext's
    ``GeoText().extract`` over ``texts``, one pass of each in turn, the fastest of ``passes``
    kept for each; None when flashgeotext is not installed."""
    try:
        from flashgeotext.geotext import GeoText
    except ImportError:
        return None
    import osint
    import osint.places

    gaz = osint.load_gazetteer()
    geotext = GeoText()
    best_osint = best_fgt = math.inf
    for _ in range(passes):
        c = time.process_time()
        for text in texts:
            osint.geoparse_places(text, gazetteer=gaz)
        best_osint = min(best_osint, time.process_time() - c)
        c = time.process_time()
        for text in texts:
            geotext.extract(input_text=text)
        best_fgt = min(best_fgt, time.process_time() - c)
    return {
        "osint_docs_per_s": len(texts) / best_osint,
        "flashgeotext_docs_per_s": len(texts) / best_fgt,
        "ratio": best_fgt / best_osint,
        "passes": passes,
    }


def cold_startup() -> float:
    """Start-up of a fresh interpreter: import osint and load the cached gazetteer."""
    code = (
        "import time;t=time.perf_counter();import osint, osint.places;osint.load_gazetteer();"
        "print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def fmt_row(s: Scores) -> str:
    return (
        f"| {s.system} | {s.p:.3f} | {s.r:.3f} | {s.f1:.3f} | {s.f1_overlap:.3f} | {s.acc161:.3f} | "
        f"{s.e2e161:.3f} | {s.mean_km:.0f} | {s.median_km:.0f} | {s.auc:.3f} |"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path, help="folder with texts.jsonl, gold.txt, anchors/")
    ap.add_argument("--errors", type=Path, help="write osint's errors (missed, spurious, misplaced) as JSONL")
    ap.add_argument("--only-osint", action="store_true", help="skip the anchors")
    args = ap.parse_args(argv)
    texts_path = args.corpus / "texts.jsonl"
    if not texts_path.exists():
        print(f"benchmark: {texts_path}: no such file", file=sys.stderr)
        return 2
    texts = [
        json.loads(line)["text"]
        for line in texts_path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    gold = read_records(args.corpus / "gold.txt", len(texts))
    rows = []
    if not args.only_osint:
        for f in sorted((args.corpus / "anchors").glob("*.txt")):
            rows.append(score(f.stem, gold, read_records(f, len(texts))))
    pred, story, perf = run_osint(texts)
    rows.append(score("**osint**", gold, pred))
    rows.append(score("osint, story places only", gold, story))
    rows.sort(key=lambda s: -s.f1)
    print(f"Corpus: {args.corpus} ({len(texts)} documents, {sum(map(len, gold))} gold places)\n")
    print("| system | P | R | F1 | F1 overlap | Acc@161 | E2E@161 | mean km | median km | AUC |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for s in rows:
        print(fmt_row(s))
    print("\n**osint** counts every toponym, those inside the names of organisations, units, ships and "
          "outlets too, as the corpus and the published systems do; 'story places only' is what osint maps "
          "(the same run without those).")
    startup = cold_startup()
    print()
    print(
        f"osint, one core, offline: first pass {perf['docs_per_s']:.0f} documents/s "
        f"({perf['docs_per_cpu_s']:.0f} per CPU-second); steady state "
        f"{perf['steady_docs_per_cpu_s']:.0f} documents per CPU-second (median of 3 more passes); "
        f"start-up {startup:.2f} s (import + cached gazetteer, fresh interpreter); "
        f"peak memory {perf['peak_mb']:.0f} MB"
    )
    versus = versus_flashgeotext(texts)
    if versus is None:
        print('flashgeotext is not installed (pip install -e ".[bench]"): speed comparison skipped')
    else:
        print(
            f"osint beside flashgeotext, one core, the fastest of {versus['passes']} passes each, "
            f"taken in turn: osint {versus['osint_docs_per_s']:.0f} documents/s, flashgeotext "
            f"{versus['flashgeotext_docs_per_s']:.0f} documents/s, ratio osint/flashgeotext "
            f"{versus['ratio']:.2f}"
        )
    if args.errors:
        write_errors(args.errors, texts, gold, pred)
    return 0


def write_errors(path: Path, texts: list[str], gold: list[list[Record]], pred: list[list[Record]]) -> None:
    """Write one JSON line per error: missed, spurious or misplaced (> 161 km)."""
    with path.open("w", encoding="utf-8") as fh:
        for i, (g_doc, p_doc) in enumerate(zip(gold, pred)):
            for g in g_doc:
                hits = [p for p in p_doc if p[3] < g[4] and p[4] > g[3]]
                if not hits:
                    fh.write(
                        json.dumps(
                            {
                                "doc": i,
                                "error": "missed",
                                "mention": g[0],
                                "start": g[3],
                                "context": texts[i][max(0, g[3] - 40) : g[4] + 40],
                            }
                        )
                        + "\n"
                    )
                elif hits[0][1] is not None and g[1] is not None:
                    err = haversine(g[1], g[2], hits[0][1], hits[0][2])
                    if err > 161:
                        fh.write(
                            json.dumps(
                                {
                                    "doc": i,
                                    "error": "misplaced",
                                    "mention": g[0],
                                    "km": round(err),
                                    "gold": [g[1], g[2]],
                                    "pred": [hits[0][1], hits[0][2]],
                                }
                            )
                            + "\n"
                        )
            for p in p_doc:
                if not any(g[3] < p[4] and g[4] > p[3] for g in g_doc):
                    fh.write(
                        json.dumps(
                            {
                                "doc": i,
                                "error": "spurious",
                                "mention": p[0],
                                "start": p[3],
                                "context": texts[i][max(0, p[3] - 40) : p[4] + 40],
                            }
                        )
                        + "\n"
                    )


if __name__ == "__main__":
    sys.exit(main())
