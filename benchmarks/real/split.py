"""Split a pool of annotated real articles (or claims) once into dev and blind halves.

Usage::

    python benchmarks/real/split.py POOL_DIR OUT_DIR [--name articles.jsonl]

Every ``*.jsonl`` of POOL_DIR is read; records are grouped by ``region`` (and language), each
group is shuffled by a seed made from the records' ids (so the split never depends on who runs
it or when), and alternate records go to ``OUT_DIR/dev`` and ``OUT_DIR/blind``. The split is
made once: an existing dev or blind file is never overwritten. Nothing is printed about the
blind half but its size.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import defaultdict
from pathlib import Path


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pool", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--name", default="articles.jsonl")
    args = ap.parse_args(argv)
    dev, blind = args.out / "dev" / args.name, args.out / "blind" / args.name
    if dev.exists() or blind.exists():
        print(f"split: {dev} or {blind} exists; the split is made once", file=sys.stderr)
        return 2
    records = []
    for f in sorted(args.pool.glob("*.jsonl")):
        records += [json.loads(line) for line in f.read_text("utf-8").splitlines() if line.strip()]
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in records:
        groups[(r.get("language", "en"), r["region"])].append(r)
    halves: dict[str, list[dict]] = {"dev": [], "blind": []}
    flip = 0
    for key in sorted(groups):
        group = sorted(groups[key], key=lambda r: r["id"])
        seed = hashlib.sha256("".join(r["id"] for r in group).encode()).hexdigest()
        random.Random(seed).shuffle(group)
        for r in group:
            halves["dev" if flip % 2 == 0 else "blind"].append(r)
            flip += 1
    for half, rows in halves.items():
        path = args.out / half / args.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"dev {len(halves['dev'])}, blind {len(halves['blind'])} records")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
