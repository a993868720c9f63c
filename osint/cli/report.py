"""``osint report``: every workbook notebook run on an article, exported as HTML with the map; several
articles (or a folder) give a report each, in a folder of its own, and an index page across them."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

# The defaults live with the paths: the parser (every subcommand's) must not load the workbook.
from ..paths import CELL_TIMEOUT, DEFAULT_ARTICLE
from .common import add_online, add_places_options, check_inputs


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``report`` subcommand."""
    p = sub.add_parser(
        "report", help="run every workbook notebook on an article (or a folder's) and export HTML reports",
        description="Execute each numbered notebook of notebooks/ on the article (offline unless "
                    "--online), export it to OUT/NN-name.html without code, and write OUT/map.html, the "
                    "map for print (map.png, map.pdf), places.csv, places.geojson and places.kml. Given "
                    "--article several times or a folder, each article's report goes to OUT/NAME/ and "
                    "OUT/index.html lists the articles by date and the places they share. Needs the "
                    "'notebooks' extra.",
    )
    p.add_argument("--article", action="append", default=None, metavar="PATH",
                   help=f"a .txt article, or a folder of them; repeatable (default: {DEFAULT_ARTICLE})")
    p.add_argument("--out", default=None, metavar="DIR", help="output folder (default: reports/)")
    p.add_argument("--notebooks", default=None, metavar="DIR",
                   help="folder of numbered notebooks (default: the workbook's notebooks/)")
    p.add_argument("--timeout", type=int, default=CELL_TIMEOUT, metavar="SECONDS",
                   help=f"longest a notebook cell may run (default {CELL_TIMEOUT})")
    p.add_argument("--published", metavar="YYYY-MM-DD",
                   help="the publication date, when the article's sidecar lacks it (it anchors relative "
                        "dates and the claims' time windows)")
    add_places_options(p)
    p.add_argument("--embed", action="store_true",
                   help="inline the cached map tiles of the story's area in map.html (fetched first with "
                        "--online), so the map opens with a basemap on a machine with no network")
    add_online(p, "let the notebooks use online sources (geocoders, catalogs, weather, orbits; answers "
                  "cached), geocode the map online and open it on OpenStreetMap tiles")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the report (one per article) and say where it went."""
    from ..errors import InputError
    from ..io import warn_stderr
    from ..paths import reports_dir
    from ..workbook import require_notebooks, run_report
    from .common import check_folder_review, expand_articles, is_folder_run

    require_notebooks()  # one line naming the extra, before anything is read
    t0 = time.perf_counter()
    given = args.article or [DEFAULT_ARTICLE]
    out = Path(args.out or reports_dir())
    options = {"notebooks": args.notebooks, "timeout": args.timeout, "online": args.online,
               "published": args.published, "warn": warn_stderr, "gazetteer": list(args.gazetteer) or None,
               "home": args.home, "embed": args.embed}
    if not is_folder_run(given):
        check_inputs([given[0], args.review])  # before the notebooks' imports and the gazetteer
        written = run_report(given[0], args.out, review=args.review, **options)
    else:
        check_folder_review(args)
        if args.published:
            raise InputError("--published applies to one article; give each its sidecar's \"published\"")
        written = run_folder(expand_articles(given), out, options)
    print(f"osint report: {len(written)} files in {out} "
          f"({time.perf_counter() - t0:.1f} s, {dt.datetime.now():%Y-%m-%d %H:%M})", file=sys.stderr)
    return 0


def run_folder(articles: list[str], out: Path, options: dict) -> dict[str, Path]:
    """A report per article in ``out/NAME/``, then ``out/index.html`` across them."""
    from ..case import load_case
    from ..errors import InputError
    from ..render.folder import index_article, write_index
    from ..workbook import make_output_dir, run_report
    from .common import index_title, input_paths

    if any(Path(a).stem == "index" for a in articles):
        raise InputError("an article named index.txt would sit beside the index page: rename it")
    out_dir = make_output_dir(out)
    written: dict[str, Path] = {}
    entries = []
    for a in articles:
        stem = Path(a).stem
        print(f"osint report: {stem}", file=sys.stderr, flush=True)
        files = run_report(a, out_dir / stem, **options)
        written.update({f"{stem}/{k}": v for k, v in files.items()})
        case = load_case(files["case"])  # the analysis the report read, not a second one
        pages = {k: f"{stem}/{p.name}" for k, p in files.items() if p.suffix == ".html" and k != "map"}
        links = {"map": f"{stem}/map.html", **{k.split("-", 1)[-1].replace("-", " "): v for k, v in
                                               sorted(pages.items())}, "CSV": f"{stem}/places.csv"}
        entries.append(index_article(stem, case.article.title, case.article.published, case.places, case.text,
                                     links, claims=len(case.claims.imagery)))
    written["index"] = write_index(entries, out_dir / "index.html", title=index_title(articles, "Reports"),
                                   command="osint report",
                                   inputs=input_paths([*articles, options.get("gazetteer") or []]))
    return written
