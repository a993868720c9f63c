"""The local engine against 1 and 2 Dask workers on one corpus: documents per second, identical
output, and each process's own memory beyond the shared gazetteer index.

Builds, in a temporary folder, a corpus of the GeoWebNews texts repeated to ``--docs`` documents
(each with its own id), then geoparses it three times with :func:`osint.corpus.geoparse_corpus`:

1. the local engine, in a fresh process (its memos start empty, as a worker's do);
2. Dask, 1 worker (a ``LocalCluster`` of one single-threaded process, started before the clock);
3. Dask, 2 workers.

Each run's time is the ``geoparse_corpus`` call alone (the cluster's start is printed apart; on a
cluster it is paid once per session, not per corpus). The outputs must be byte-identical. After
each run every process reports its memory from ``/proc/self/smaps``: the resident set, the part of
it that is the index file's mapped pages (shared by every process on the machine through the page
cache), the rest (its own), and with psutil its unique set size (pages no other process shares).
The load average is printed with every figure: on a shared machine the seconds move.

With ``--scheduler tcp://HOST:8786`` the Dask runs use a running cluster (see docs/corpus.md)
instead of local ones; the corpus and its output must then be on a file system the workers
share (``--tmp``).

Usage::

    python benchmarks/dask_workers.py ../shared/eval/geowebnews/texts.jsonl [--docs 20000] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def own_memory() -> dict[str, float]:
    """This process's memory in MB: resident, the index file's resident pages, the rest, and
    (with psutil) the unique set size. Runs on each Dask worker through ``client.run``."""
    from osint.corpus.engines import _gazetteer

    index = str(getattr(_gazetteer(), "path", "") or "")
    rss_kb = index_kb = 0
    current = None
    with open("/proc/self/smaps", encoding="utf-8", errors="replace") as fh:
        for line in fh:
            head = line.split()
            if len(head) >= 5 and "-" in head[0] and not line.startswith(("Rss", "Pss")):
                current = line.rstrip("\n").split(None, 5)[-1] if len(head) >= 6 else ""
            elif line.startswith("Rss:"):
                rss_kb += int(head[1])
                if index and current == index:
                    index_kb += int(head[1])
    out = {"rss": rss_kb / 1024, "index": index_kb / 1024, "own": (rss_kb - index_kb) / 1024}
    try:
        import psutil
    except ImportError:
        return out
    out["uss"] = psutil.Process().memory_full_info().uss / 2**20
    return out


def cpu_seconds() -> float:
    """CPU seconds (user + system) this process has used."""
    t = os.times()
    return t.user + t.system


def _local_run(corpus: str, output: str) -> None:
    """The local engine in this (fresh) process; prints its figures as one JSON line."""
    from osint.corpus import geoparse_corpus

    c0, t0 = cpu_seconds(), time.perf_counter()
    with open(output, "wb") as fh:
        report = geoparse_corpus([corpus], fh, engine="local", progress=False)
    seconds, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    print(json.dumps({"seconds": seconds, "cpu": cpu, "docs": report.docs, "memory": [own_memory()]}))


def build_corpus(texts: Path, target: Path, docs: int) -> int:
    """Write the texts of ``texts`` (JSONL with a "text") over and over until ``docs`` documents."""
    lines = texts.read_text(encoding="utf-8").splitlines()
    base = [json.loads(line)["text"] for line in lines if line.strip()]
    if not base:
        sys.exit(f"dask_workers: {texts} holds no texts")
    with target.open("w", encoding="utf-8") as fh:
        for k in range(docs):
            fh.write(json.dumps({"id": f"d{k}", "text": base[k % len(base)]}, ensure_ascii=False) + "\n")
    return docs


def run_local(corpus: Path, output: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--local-run", str(corpus), str(output)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"dask_workers: the local run failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_dask(corpus: Path, output: Path, workers: int, scheduler: str | None) -> dict:
    from osint.corpus import dask_client, geoparse_corpus

    t0 = time.perf_counter()
    with dask_client(workers=workers, scheduler=scheduler) as client:
        started = time.perf_counter() - t0
        n = len(client.scheduler_info().get("workers", {}))
        before = client.run(cpu_seconds)
        t1 = time.perf_counter()
        with open(output, "wb") as fh:
            report = geoparse_corpus([str(corpus)], fh, engine="dask", scheduler=client.scheduler.address,
                                     staging_dir=str(output.parent), progress=False)
        seconds = time.perf_counter() - t1
        after = client.run(cpu_seconds)
        memory = list(client.run(own_memory).values())
    cpu = sum(after[w] - before.get(w, 0.0) for w in after)
    return {"seconds": seconds, "cpu": cpu, "docs": report.docs, "memory": memory, "started": started,
            "workers": n, "phases": report.phases}


def _memory_line(memory: list[dict]) -> str:
    parts = []
    for m in memory:
        uss = f", unique {m['uss']:.0f}" if "uss" in m else ""
        parts.append(f"{m['own']:.0f} MB own + {m['index']:.0f} MB index pages "
                     f"(resident {m['rss']:.0f}{uss})")
    return "; ".join(parts)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--local-run"]:
        _local_run(argv[1], argv[2])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("texts", type=Path, help='GeoWebNews texts.jsonl (one {"text"} per line), or its folder')
    ap.add_argument("--docs", type=int, default=20_000, help="documents in the corpus (default 20,000)")
    ap.add_argument("--workers", default="1,2", help="Dask worker counts to run, comma-separated")
    ap.add_argument("--scheduler", metavar="ADDRESS",
                    help="a running Dask scheduler instead of LocalClusters")
    ap.add_argument("--tmp", type=Path, help="folder for the corpus and outputs (shared with the workers)")
    args = ap.parse_args(argv)
    texts = args.texts / "texts.jsonl" if args.texts.is_dir() else args.texts
    if not texts.is_file():
        print(f"dask_workers: {texts}: no such file", file=sys.stderr)
        return 2
    counts = [int(w) for w in args.workers.split(",") if w.strip()]
    with tempfile.TemporaryDirectory(prefix="osint-dask-bench-", dir=args.tmp) as tmp:
        d = Path(tmp)
        corpus = d / "corpus.jsonl"
        n = build_corpus(texts, corpus, args.docs)
        print(f"corpus: {n:,} documents ({corpus.stat().st_size / 1e6:.1f} MB; {texts} repeated); "
              f"{os.cpu_count()} CPUs")
        subprocess.run([sys.executable, "-c", "from osint.corpus.engines import _gazetteer; _gazetteer()"],
                       check=True)  # the index is built (once) before any clock starts
        outputs = {}
        load = os.getloadavg()
        res = run_local(corpus, d / "local.jsonl")
        outputs["local"] = d / "local.jsonl"
        base = res["seconds"]
        print(f"local engine     : {res['seconds']:6.1f} s, {res['cpu']:6.1f} CPU-s, "
              f"{n / res['seconds']:6,.0f} docs/s; load before {load[0]:.2f}")
        print(f"  memory         : {_memory_line(res['memory'])}")
        for w in counts:
            load = os.getloadavg()
            res = run_dask(corpus, d / f"dask{w}.jsonl", w, args.scheduler)
            outputs[f"dask {w}"] = d / f"dask{w}.jsonl"
            label = f"dask, {res['workers']} worker{'s' * (res['workers'] > 1)}"
            print(f"{label:17s}: {res['seconds']:6.1f} s, {res['cpu']:6.1f} CPU-s, "
                  f"{n / res['seconds']:6,.0f} docs/s, {base / res['seconds']:.2f}x the local engine; "
                  f"load before {load[0]:.2f}; cluster started in {res['started']:.1f} s")
            print(f"  memory         : {_memory_line(res['memory'])}")
        reference = outputs["local"].read_bytes()
        same = {k: p.read_bytes() == reference for k, p in outputs.items()}
        lines = reference.count(b"\n")
        print(f"outputs identical to the local engine's: {same} ({lines:,} lines)")
        print("load average now: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
        return 0 if all(same.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
