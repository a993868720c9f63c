"""Corpus scale: the local engine against Dask on 40,000 news articles.

Builds, in a temporary folder, a corpus of the GeoWebNews texts repeated
``--repeat`` times (200 by default: 40,000 articles, about 100 MB), each with
its own id, then runs ``osint geoparse`` end to end (a fresh process each, as a
user would) offline:

1. ``--engine local -o local.jsonl``
2. ``--engine dask --workers 2 -o dask.jsonl``
3. ``--engine dask --workers 2 -o dask.parquet``

The package and its data tables (of the last commit, or ``--source worktree``)
are first copied into the temporary folder and every run imports that copy
(``PYTHONPATH``), so all three runs measure one version of the code even while
the working tree changes. The script then
checks that the two JSONL files are byte-identical and that the Parquet
file has one row per place of the JSONL output. Prints the times and the
speedup. The GeoWebNews data (GPL) is read from where it lies and never copied
into the repository.

Usage::

    .venv/bin/python benchmarks/corpus_scale.py [../shared/eval/geowebnews] [--repeat 200] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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


def snapshot(dest: Path, source: str) -> dict[str, str]:
    """Copy the package and its data into ``dest``; return the environment that imports the copy.

    ``source`` is ``HEAD`` (the last commit: a consistent state even while others edit the tree)
    or ``worktree`` (the files as they are). The gazetteer index is built (or loaded) before any
    timing starts.
    """
    dest.mkdir(parents=True)
    if source == "worktree":
        shutil.copytree(ROOT / "osint", dest / "osint", ignore=shutil.ignore_patterns("__pycache__"))
        (dest / "data").mkdir()
        for f in (ROOT / "data").glob("*.csv"):
            shutil.copy2(f, dest / "data")
    else:
        archive = subprocess.run(["git", "archive", source, "osint", "data"], cwd=ROOT,
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    env = dict(os.environ, PYTHONPATH=str(dest), OSINT_CACHE_DIR=str(dest / "cache"), OSINT_VERBOSE="1")
    warm = subprocess.run([sys.executable, "-c", "import osint, osint.gazetteer as g; g.load_gazetteer(); "
                           "print(osint.__file__)"], cwd=dest, env=env, capture_output=True, text=True)
    if warm.returncode != 0:
        sys.exit(f"the {source} snapshot does not load:\n{warm.stderr[-2000:]}")
    print(f"code: {source} -> {warm.stdout.strip()}")
    return env


def _child_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run(label: str, args: list[str], env: dict[str, str], n: int) -> tuple[float, float]:
    """Run ``osint`` once; print wall time, CPU time (its worker processes included) and load."""
    load = os.getloadavg()[0]
    c0, t0 = _child_cpu(), time.perf_counter()
    proc = subprocess.run([*OSINT, *args], cwd=env["PYTHONPATH"], env=env, stderr=subprocess.PIPE, text=True)
    dt, cpu = time.perf_counter() - t0, _child_cpu() - c0
    if proc.returncode != 0:
        sys.exit(f"osint {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    # CPU time shows the engine's own cost; wall time also shows what other processes took.
    print(f"{label:27s}: {dt:7.1f} s wall, {cpu:7.1f} s CPU  ({n / dt:,.0f} docs/s; "
          f"load average before: {load:.1f})")
    for line in proc.stderr.splitlines():
        if line.startswith("osint: corpus:"):
            print(f"{'':29s}{line[len('osint: corpus: '):]}")
    return dt, cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gwn", nargs="?", default=str(ROOT.parent / "shared" / "eval" / "geowebnews"),
                    help="folder holding GeoWebNews texts.jsonl")
    ap.add_argument("--repeat", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--source", default="HEAD",
                    help="git revision to benchmark, or 'worktree' for the files as they are (default HEAD)")
    ap.add_argument("--rounds", type=int, default=1,
                    help="alternate local and dask runs this many times; the best of each is compared")
    ap.add_argument("--keep", metavar="DIR", help="copy the corpus and outputs here")
    opts = ap.parse_args()
    texts = Path(opts.gwn) / "texts.jsonl"
    if not texts.exists():
        sys.exit(f"{texts}: not found (GeoWebNews texts.jsonl with doc_index and text)")

    with tempfile.TemporaryDirectory(prefix="osint-corpus-bench-") as tmp:
        d = Path(tmp)
        env = snapshot(d / "src", opts.source)
        corpus = d / "corpus.jsonl"
        n = build_corpus(texts, corpus, opts.repeat)
        mb = corpus.stat().st_size / 1e6
        print(f"corpus: {n} articles, {mb:.1f} MB ({texts} x {opts.repeat})")

        w = str(opts.workers)
        dask = ["geoparse", str(corpus), "--engine", "dask", "--workers", w]
        local = ["geoparse", str(corpus), "--engine", "local"]
        t_local, t_dask, cpu_local, cpu_dask = [], [], [], []
        # Rounds alternate the engines, so that other work on the machine hits both alike.
        for r in range(opts.rounds):
            tag = f" #{r + 1}" if opts.rounds > 1 else ""
            t, c = run(f"local, JSONL{tag}", [*local, "-o", str(d / "local.jsonl")], env, n)
            t_local.append(t)
            cpu_local.append(c)
            t, c = run(f"dask {w} workers, JSONL{tag}", [*dask, "-o", str(d / "dask.jsonl")], env, n)
            t_dask.append(t)
            cpu_dask.append(c)
        run(f"dask {w} workers, Parquet", [*dask, "-o", str(d / "dask.parquet")], env, n)

        identical = (d / "local.jsonl").read_bytes() == (d / "dask.jsonl").read_bytes()
        places = docs_out = 0
        with (d / "local.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                places += len(json.loads(line)["places"])
                docs_out += 1
        import pyarrow.parquet as pq

        rows = pq.ParquetFile(d / "dask.parquet").metadata.num_rows
        speedup = min(t_local) / min(t_dask)
        # What the engines would give with the cores to themselves: the local engine's CPU time
        # against the dask run's CPU time (workers, scheduler, client) spread over its workers.
        cpu_bound = min(cpu_local) / (min(cpu_dask) / opts.workers)
        print(f"JSONL local == dask        : {identical} ({docs_out} lines, {places} places)")
        print(f"Parquet rows == places     : {rows == places} ({rows} rows)")
        best = " (best of each)" if opts.rounds > 1 else ""
        print(f"speedup (JSONL, end to end, wall){best}: {speedup:.2f}x (target >= 1.5x)")
        print(f"speedup bound from CPU time (idle machine): {cpu_bound:.2f}x; "
              f"dask overhead {min(cpu_dask) - min(cpu_local):.1f} s CPU")
        if opts.keep:
            Path(opts.keep).mkdir(parents=True, exist_ok=True)
            for f in ("local.jsonl", "dask.jsonl", "dask.parquet"):
                shutil.copy(d / f, opts.keep)
    ok = identical and rows == places and docs_out == n
    return 0 if ok and speedup >= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
