"""Corpus scale: the local engine against Dask on 40,000 news articles.

Builds, in a temporary folder, a corpus of the GeoWebNews texts repeated
``--repeat`` times (200 by default: 40,000 articles, about 100 MB), each with
its own id, then runs ``osint geoparse`` end to end (a fresh process each, as a
user would) offline:

1. ``--engine local -o local.jsonl``
2. ``--engine dask --workers 2 -o dask.jsonl``
3. ``--engine dask --workers 2 -o dask.parquet``

and checks that the two JSONL files are byte-identical and that the Parquet
file has one row per place of the JSONL output. Prints the times and the
speedup. The GeoWebNews data (GPL) is read from where it lies and never copied
into the repository.

Usage::

    .venv/bin/python benchmarks/corpus_scale.py [../shared/eval/geowebnews] [--repeat 200] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SCRIPT = Path(sys.executable).parent / "osint"
OSINT = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "osint.cli"]


def build_corpus(texts: Path, target: Path, repeat: int) -> int:
    """Write ``texts`` (``{"doc_index", "text"}`` lines) ``repeat`` times with ids; return the count."""
    docs = [json.loads(line) for line in texts.read_text(encoding="utf-8").splitlines() if line.strip()]
    n = 0
    with target.open("w", encoding="utf-8") as fh:
        for r in range(repeat):
            for d in docs:
                fh.write(json.dumps({"id": f"gwn-{d['doc_index']}-r{r}", "text": d["text"]},
                                    ensure_ascii=False) + "\n")
                n += 1
    return n


def run(args: list[str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run([*OSINT, *args], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"osint {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return dt


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gwn", nargs="?", default=str(ROOT.parent / "shared" / "eval" / "geowebnews"),
                    help="folder holding GeoWebNews texts.jsonl")
    ap.add_argument("--repeat", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", metavar="DIR", help="copy the corpus and outputs here")
    opts = ap.parse_args()
    texts = Path(opts.gwn) / "texts.jsonl"
    if not texts.exists():
        sys.exit(f"{texts}: not found (GeoWebNews texts.jsonl with doc_index and text)")

    with tempfile.TemporaryDirectory(prefix="osint-corpus-bench-") as tmp:
        d = Path(tmp)
        corpus = d / "corpus.jsonl"
        n = build_corpus(texts, corpus, opts.repeat)
        mb = corpus.stat().st_size / 1e6
        print(f"corpus: {n} articles, {mb:.1f} MB ({texts} x {opts.repeat})")

        t_local = run(["geoparse", str(corpus), "--engine", "local", "-o", str(d / "local.jsonl")])
        print(f"local, JSONL            : {t_local:7.1f} s  ({n / t_local:,.0f} docs/s)")
        w = str(opts.workers)
        dask = ["geoparse", str(corpus), "--engine", "dask", "--workers", w]
        t_dask = run([*dask, "-o", str(d / "dask.jsonl")])
        print(f"dask {w} workers, JSONL  : {t_dask:7.1f} s  ({n / t_dask:,.0f} docs/s)")
        t_pq = run([*dask, "-o", str(d / "dask.parquet")])
        print(f"dask {w} workers, Parquet: {t_pq:7.1f} s  ({n / t_pq:,.0f} docs/s)")

        identical = (d / "local.jsonl").read_bytes() == (d / "dask.jsonl").read_bytes()
        places = docs_out = 0
        with (d / "local.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                places += len(json.loads(line)["places"])
                docs_out += 1
        import pyarrow.parquet as pq

        rows = pq.ParquetFile(d / "dask.parquet").metadata.num_rows
        speedup = t_local / t_dask
        print(f"JSONL local == dask     : {identical} ({docs_out} lines, {places} places)")
        print(f"Parquet rows == places  : {rows == places} ({rows} rows)")
        print(f"speedup (JSONL, end to end): {speedup:.2f}x (target >= 1.5x)")
        if opts.keep:
            Path(opts.keep).mkdir(parents=True, exist_ok=True)
            for f in ("local.jsonl", "dask.jsonl", "dask.parquet"):
                shutil.copy(d / f, opts.keep)
    ok = identical and rows == places and docs_out == n
    return 0 if ok and speedup >= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
