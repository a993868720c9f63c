"""Warm start and memory of ``osint geoparse`` on one article.

Runs ``osint geoparse ARTICLE`` in ``--runs`` fresh processes (the index already built) and
prints the median wall time, CPU time and peak resident memory, then, in one more process,
splits that process's resident memory into the index file's mapped pages (shared with every
other process through the page cache) and the rest (its own).

Usage::

    python benchmarks/startup.py [seeds/000_908df4e159e4c100.txt] [--runs 5]

Give ``uptime`` with the figures: on a shared machine wall time is mostly waiting.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_SPLIT = r"""
import json, sys
from osint.cli import main
main(["geoparse", sys.argv[1], "-o", "/dev/null"])
import osint
path = str(osint.load_gazetteer().path)
index_kb = total_kb = 0
current = None
for line in open("/proc/self/smaps"):
    head = line.split()
    if len(head) >= 5 and "-" in head[0] and not line.startswith(("Rss", "Pss")):
        current = line.rstrip("\n").split(None, 5)[-1] if len(head) >= 6 else ""
    elif line.startswith("Rss:"):
        kb = int(head[1])
        total_kb += kb
        if current == path:
            index_kb += kb
print(json.dumps({"rss_mb": total_kb / 1024, "index_mb": index_kb / 1024}))
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("article", nargs="?", default=str(ROOT / "seeds/000_908df4e159e4c100.txt"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    cmd = [sys.executable, "-m", "osint.cli", "geoparse", args.article, "-o", os.devnull]
    subprocess.run(cmd, check=True, capture_output=True)  # builds the index if it is missing
    walls, cpus, peaks = [], [], []
    for _ in range(args.runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        walls.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        peaks.append(after.ru_maxrss / 1024)  # the largest child so far
    split = json.loads(subprocess.run([sys.executable, "-c", _SPLIT, args.article], check=True,
                                      capture_output=True, text=True).stdout)
    print(f"load {os.getloadavg()[0]:.2f}; osint geoparse one article, {args.runs} warm runs: "
          f"wall median {statistics.median(walls):.2f} s (min {min(walls):.2f}), CPU median "
          f"{statistics.median(cpus):.2f} s (min {min(cpus):.2f}), peak resident {max(peaks):.0f} MB")
    print(f"resident after the run: {split['rss_mb']:.0f} MB, of which the index file's shared pages "
          f"{split['index_mb']:.0f} MB: {split['rss_mb'] - split['index_mb']:.0f} MB the process's own")
    return 0


if __name__ == "__main__":
    sys.exit(main())
