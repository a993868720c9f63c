"""``osint map``: an article's places as one HTML map that opens offline, with CSV, GeoJSON and KML;
several articles (or a folder) give a map each and an index page across them."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import InputError
from .common import (
    add_articles,
    add_online,
    add_places_options,
    check_folder_review,
    check_inputs,
    expand_articles,
    index_title,
    input_paths,
    is_folder_run,
    one_article,
    start_case,
)

#: What ``osint map`` writes for an article, beside its map.
SUFFIXES = (".html", ".csv", ".geojson", ".kml", ".png", ".pdf")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``map`` subcommand."""
    p = sub.add_parser(
        "map", help="map an article's places as one HTML file (plus CSV, GeoJSON, KML); or a folder's",
        description="Geoparse a .txt article and write a map that opens offline (the article's "
                    "places and the sites of its imagery claims), with FILE.csv, FILE.geojson, FILE.kml "
                    "and the map for print, FILE.png and FILE.pdf, beside it. Given several articles or "
                    "a folder, -o names a folder: each article's map and tables are written into it "
                    "as NAME.html, NAME.csv, ..., with index.html listing the articles by date and the "
                    "places they share.",
    )
    add_articles(p, "a .txt article (with its optional .json sidecar), several, or a folder of them")
    p.add_argument("-o", "--output", required=True, metavar="FILE.html|FOLDER",
                   help="the map to write (a folder for several articles)")
    p.add_argument("--cdn", action="store_true",
                   help="link Leaflet from CDNs: a small file that needs the network to open")
    p.add_argument("--embed", action="store_true",
                   help="inline the cached map tiles of the story's area (fetched first with --online; "
                        "OpenStreetMap and Sentinel-2 cloudless, a few hundred kB to a few MB), so the "
                        "map opens with a basemap on a machine with no network")
    add_places_options(p)
    add_online(p, "allow online geocoding and show the OpenStreetMap layer on open")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Map each article's places and its claims' sites, and write the exports beside each map."""
    if not is_folder_run(args.paths):
        check_inputs([args.paths[0], args.gazetteer, [args.review] if args.review else []])
        out = Path(args.output)
        if out.suffix.lower() not in (".html", ".htm"):
            raise InputError("output must be an .html file", path=args.output)
        for p in map_one(one_article(args, args.paths[0]), out)[1]:
            print(p)
        return 0
    return run_folder(args)


def run_folder(args: argparse.Namespace) -> int:
    """A map per article in the output folder, and ``index.html`` across them."""
    from ..io import refuse_overwrite
    from ..render.folder import index_article, write_index
    from ..workbook import make_output_dir

    articles = expand_articles(args.paths)  # first: an empty folder is said as such
    check_folder_review(args)
    if Path(args.output).suffix.lower() in (".html", ".htm"):
        raise InputError("with several articles, -o names a folder (a map is written per article, "
                         "and index.html)", path=args.output)
    if any(Path(a).stem == "index" for a in articles):
        raise InputError("an article named index.txt would be written over by the index page: rename it")
    inputs = input_paths([*articles, args.gazetteer])
    folder = Path(args.output)
    for a in articles:
        for suffix in SUFFIXES:
            refuse_overwrite(folder / f"{Path(a).stem}{suffix}", inputs)
    out_dir = make_output_dir(folder)
    entries = []
    for a in articles:
        stem = Path(a).stem
        case, written = map_one(one_article(args, a), out_dir / f"{stem}.html")
        for p in written:
            print(p)
        links = {"map": f"{stem}.html", "CSV": f"{stem}.csv", "GeoJSON": f"{stem}.geojson",
                 "KML": f"{stem}.kml", "print (PDF)": f"{stem}.pdf"}
        entries.append(index_article(stem, case.article.title, case.article.published, case.places, case.text,
                                     links, claims=len(case.claims.imagery)))
    print(write_index(entries, out_dir / "index.html", title=index_title(articles, "Maps"),
                      command="osint map", inputs=inputs))
    return 0


def map_one(args: argparse.Namespace, out: Path) -> tuple[Any, list[Path]]:
    """Map one article (``args.path``) to ``out`` with its exports beside it: (case, files written)."""
    from ..io import move_staged, refuse_overwrite, staged_outputs, warn_stderr
    from ..provenance import active
    from ..render.exports import export_all
    from ..render.maps import claim_sites

    inputs = input_paths([args.path, args.gazetteer, [args.review] if args.review else []])
    for suffix in SUFFIXES:
        refuse_overwrite(out.with_suffix(suffix) if suffix != ".html" else out, inputs)
    case, record = start_case(args, "map", {"online": args.online, "home": args.home})
    with active(record):
        df = case.places
        sites = claim_sites(case.claims.imagery)
    about = (record.methodology() + [f"Note: {n}" for n in case.notes]
             + [f"Analyst: {r}" for r in df.get("analyst_note", []) if isinstance(r, str)])
    # All six files are written into a staging folder and moved in together: a full disk
    # half-way leaves the previous map and tables as they were, not a mix of old and new.
    with staged_outputs(out.parent, out.name) as stage:
        staged = export_all(df, stage / out.name, title=case.article.title, text=case.text, cdn=args.cdn,
                            show_tiles=args.online, claim_sites=sites, about=about,
                            embed=args.embed, fetch_tiles=args.online, warn=warn_stderr)
        written = move_staged((p, out.parent / p.name) for p in staged.values())
    return case, written
