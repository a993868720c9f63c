"""``osint map``: an article's places as one HTML map that opens offline, with CSV, GeoJSON and KML."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import InputError
from .common import add_online, add_places_options, check_inputs, input_paths, start_case


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``map`` subcommand."""
    p = sub.add_parser(
        "map", help="map an article's places as one HTML file (plus CSV, GeoJSON, KML)",
        description="Geoparse a .txt article and write a map that opens offline (the article's "
                    "places and the sites of its imagery claims), with FILE.csv, FILE.geojson, FILE.kml "
                    "and the map for print, FILE.png and FILE.pdf, beside it.",
    )
    p.add_argument("path", metavar="PATH", help="a .txt article (with its optional .json sidecar)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.html", help="the map to write")
    p.add_argument("--cdn", action="store_true",
                   help="link Leaflet from CDNs: a small file that needs the network to open")
    add_places_options(p)
    add_online(p, "allow online geocoding and show the OpenStreetMap layer on open")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Map the article's places and its claims' sites, and write the exports beside the map."""
    check_inputs([args.path, args.gazetteer, [args.review] if args.review else []])
    from ..io import move_staged, refuse_overwrite, staged_outputs
    from ..provenance import active
    from ..render.exports import export_all
    from ..render.maps import claim_sites

    out = Path(args.output)
    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError("output must be an .html file", path=args.output)
    inputs = input_paths([args.path, args.gazetteer, [args.review] if args.review else []])
    for suffix in (".html", ".csv", ".geojson", ".kml", ".png", ".pdf"):
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
                            show_tiles=args.online, claim_sites=sites, about=about)
        written = move_staged((p, out.parent / p.name) for p in staged.values())
    for p in written:
        print(p)
    return 0
