"""``osint export``: an article's entities for investigators' tools (FtM for Aleph, GraphML) and its
places (GeoJSON, KML, CSV, XLSX), each with the record of what it was made from."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import InputError
from .common import add_online, add_places_options, input_paths, start_case

FORMATS = ("ftm", "graphml", "geojson", "kml", "csv", "xlsx")
SUFFIXES = {".ftm": "ftm", ".ndjson": "ftm", ".graphml": "graphml", ".geojson": "geojson", ".kml": "kml",
            ".csv": "csv", ".xlsx": "xlsx"}


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``export`` subcommand."""
    p = sub.add_parser(
        "export",
        help="an article's entities (FtM, GraphML) or places (GeoJSON, KML, CSV, XLSX) for other tools",
        description="Export one article: --format ftm writes FollowTheMoney entities, one JSON per line "
                    "(the article, people, organisations, places with coordinates, statements linking "
                    "speakers to what they said), which Aleph and the ftm tools load; graphml writes "
                    "who is connected to whom (statements, shared sentences) for Gephi or networkx; "
                    "geojson, kml, csv and xlsx write the places (a CSV file starts with a UTF-8 byte-order "
                    "mark, so that Excel reads it as UTF-8; xlsx needs the 'xlsx' extra, openpyxl). "
                    "The analyst's review file is applied. "
                    "--prov FILE also writes the run's record as W3C PROV-JSON.",
    )
    p.add_argument("path", metavar="ARTICLE", help="a .txt article (with its optional sidecars)")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write")
    p.add_argument("--format", choices=FORMATS, help="default: from -o's suffix")
    p.add_argument("--prov", metavar="FILE", help="also write the run's provenance (W3C PROV-JSON)")
    add_places_options(p)
    add_online(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Export one article in the format asked for."""
    from .. import io as _io
    from ..provenance import active

    fmt = args.format or SUFFIXES.get(Path(args.output).suffix.lower())
    if fmt is None:
        raise InputError(f"say --format ({', '.join(FORMATS)}); the suffix does not tell", path=args.output)
    inputs = input_paths([args.path, args.gazetteer, [args.review] if args.review else []])
    for target in (args.output, args.prov):
        _io.refuse_overwrite(target, inputs)
    if args.prov and args.output != "-" and Path(args.prov).resolve() == Path(args.output).resolve():
        raise InputError("--prov and -o name the same file", path=args.prov)
    case, record = start_case(args, "export", {"format": fmt, "online": args.online, "home": args.home})
    with active(record):
        places = case.places
        if not args.review and case.inputs.review:  # the article's own review file
            record.add_input(case.inputs.review, "analyst review")
        if fmt in ("ftm", "graphml"):
            from ..render.entities import article_entities, ftm_lines, write_graphml

            ents = article_entities(case.article, places, names=case.names, statements=case.statements)
            if fmt == "ftm":
                with _io.atomic_output(args.output, inputs=inputs) as out:
                    for line in ftm_lines(ents):
                        out.write(line)
            else:
                with _io.atomic_output(args.output, binary=True, inputs=inputs) as out:
                    write_graphml(ents, out)
        else:
            from ..render.exports import export

            if fmt == "xlsx" and args.output == "-":
                raise InputError("XLSX is a binary file: give -o FILE.xlsx, not standard output")
            export(places, args.output, format=fmt, text=case.text)
    if args.output != "-":
        record.add_output(args.output, fmt)
    if args.prov:
        with _io.atomic_output(args.prov, inputs=inputs) as out:
            out.write(record.prov_json())
            out.write("\n")
    if args.output != "-":
        print(args.output, file=sys.stderr)
    return 0
