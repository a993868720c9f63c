"""How the imagery cross-reference's time grows with article size (it should grow linearly).

The seed article is repeated to make articles from 8 kB up to about 8 MB, each is
cross-referenced offline in this process (the gazetteer loaded once), and the wall time
and the time per megabyte are printed. A time per megabyte that stays flat means linear.

    python benchmarks/crossref_scale.py [--sizes 1,10,100,950]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from osint.article import Article  # noqa: E402
from osint.checks import crossref  # noqa: E402
from osint.gazetteer import load_gazetteer  # noqa: E402

SEED = ROOT / "seeds" / "000_908df4e159e4c100.txt"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,10,100,950", help="how many copies of the seed, comma-separated")
    args = ap.parse_args()
    gaz = load_gazetteer()
    seed = SEED.read_text(encoding="utf-8")
    print("| copies | MB | claims | seconds | seconds per MB |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        import os

        os.environ["OSINT_CACHE_DIR"] = tmp  # no cached answers: offline checks only
        for n in (int(x) for x in args.sizes.split(",")):
            text = seed * n
            art = Article(id=f"seed-x{n}", text=text, published=dt.date(2023, 7, 27))
            t0 = time.perf_counter()
            rep = crossref(art, gazetteer=gaz)
            secs = time.perf_counter() - t0
            mb = len(text.encode("utf-8")) / 1e6
            print(f"| {n} | {mb:.2f} | {len(rep.imagery)} | {secs:.2f} | {secs / mb:.2f} |", flush=True)


if __name__ == "__main__":
    main()
