"""``osint report``: every workbook notebook run on an article, exported as HTML with the map."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

from ..workbook import CELL_TIMEOUT, DEFAULT_ARTICLE
from .common import add_online, check_inputs


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``report`` subcommand."""
    p = sub.add_parser(
        "report", help="run every workbook notebook on an article and export HTML reports and the map",
        description="Execute each numbered notebook of notebooks/ on the article (offline unless "
                    "--online), export it to OUT/NN-name.html without code, and write OUT/map.html, the "
                    "map for print (map.png, map.pdf), places.csv, places.geojson and places.kml.",
    )
    p.add_argument("--article", default=DEFAULT_ARTICLE, metavar="PATH",
                   help=f"a .txt article (default: {DEFAULT_ARTICLE})")
    p.add_argument("--out", default=None, metavar="DIR", help="output folder (default: reports/)")
    p.add_argument("--notebooks", default=None, metavar="DIR",
                   help="folder of numbered notebooks (default: the workbook's notebooks/)")
    p.add_argument("--timeout", type=int, default=CELL_TIMEOUT, metavar="SECONDS",
                   help=f"longest a notebook cell may run (default {CELL_TIMEOUT})")
    p.add_argument("--published", metavar="YYYY-MM-DD",
                   help="the publication date, when the article's sidecar lacks it (it anchors relative "
                        "dates and the claims' time windows)")
    p.add_argument("--review", metavar="FILE",
                   help="an analyst's review file for the article's places (default: its own "
                        "NAME.review.csv beside it); see docs/provenance.md")
    add_online(p, "let the notebooks use online sources (geocoders, catalogs, weather, orbits; answers "
                  "cached), geocode the map online and open it on OpenStreetMap tiles")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the report and say where it went."""
    from pathlib import Path

    from ..io import warn_stderr
    from ..paths import reports_dir
    from ..workbook import run_report

    t0 = time.perf_counter()
    check_inputs([args.article, args.review])  # before the notebooks' imports and the gazetteer
    written = run_report(args.article, args.out, notebooks=args.notebooks, timeout=args.timeout,
                         online=args.online, published=args.published, warn=warn_stderr,
                         review=args.review)
    print(f"osint report: {len(written)} files in {Path(args.out or reports_dir())} "
          f"({time.perf_counter() - t0:.1f} s, {dt.datetime.now():%Y-%m-%d %H:%M})", file=sys.stderr)
    return 0
