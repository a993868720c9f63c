"""``osint geoparse``: every place an article or corpus names, as JSONL, CSV, GeoJSON or Parquet."""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sys
from pathlib import Path

from ..errors import InputError
from .common import add_online, add_places_options, check_inputs, error_line, input_paths, progress


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``geoparse`` subcommand."""
    p = sub.add_parser(
        "geoparse", help="find and place every place an article names",
        description="Geoparse articles (.txt) or corpora (.jsonl, one {\"id\", \"text\"} per line; "
                    ".parquet with id and text columns). Output: one JSON line per document, CSV or "
                    "Parquet (a row per place) or GeoJSON, each place with the same fields. Corpora are "
                    "streamed in partitions, on this process (--engine local) or on Dask (--engine "
                    "dask); see docs/corpus.md.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="a .txt article, a .jsonl or .parquet corpus, or - for stdin")
    p.add_argument("--format", choices=["jsonl", "csv", "geojson", "parquet"],
                   help="output format (default: from -o's suffix, else jsonl)")
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    p.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="run on this process (default) or on a dask.distributed cluster")
    p.add_argument("--workers", type=int, metavar="N",
                   help="dask engine: LocalCluster worker processes (default: CPU count)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="dask engine: connect to a running scheduler (tcp://host:8786) instead of "
                        "starting a LocalCluster; input and output must be on a file system the "
                        "workers share")
    p.add_argument("--fields", metavar="NAMES", type=_fields,
                   help="JSONL and CSV: only these fields of each place, comma-separated "
                        "(text,name,lat,lon,country_code): a lean row for a corpus; default: every "
                        "field with its evidence (alternatives, reason, sentence)")
    add_places_options(p)
    add_online(p)
    p.set_defaults(func=run)


def _fields(raw: str) -> tuple[str, ...]:
    from ..model.table import check_fields

    try:
        return check_fields(raw)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def format_from_suffix(path: str | None) -> str:
    """The output format an output file's name asks for (jsonl by default)."""
    if path:
        suffix = Path(path).suffix.lower().lstrip(".")
        if suffix in ("csv", "geojson", "jsonl", "parquet"):
            return suffix
        if suffix == "json":
            return "geojson"
    return "jsonl"


def _load_inputs(paths: list[str]) -> list:
    from ..article import Article, decode_text, iter_corpus, load_article, parse_corpus_bytes, read_bytes

    docs: list[Article] = []
    for p in paths:
        if p == "-":
            # Standard input is read once: a corpus when it starts with a JSON object.
            data = read_bytes("-")
            if data.lstrip().lstrip(b"\xef\xbb\xbf").startswith(b"{"):
                docs.extend(parse_corpus_bytes(data, source="<stdin>"))
            else:
                docs.append(Article(id="stdin", text=decode_text(data, source="<stdin>")))
        elif Path(p).suffix.lower() == ".jsonl":
            docs.extend(iter_corpus(p))
        else:
            docs.append(load_article(p))
    return docs


def _corpus_route(args: argparse.Namespace, fmt: str) -> bool:
    """True when the run goes through :mod:`osint.corpus` (streamed, local or dask).

    That is: Parquet output, the dask engine, or JSONL out of corpus files
    (``.jsonl`` / ``.parquet``) offline. Articles (``.txt``), standard input,
    CSV and GeoJSON output and ``--online`` keep the in-memory path.
    """
    if fmt == "parquet" or args.engine == "dask" or args.scheduler:
        return True
    corpus_files = all(p != "-" and Path(p).suffix.lower() in (".jsonl", ".parquet") for p in args.paths)
    return fmt == "jsonl" and not args.online and corpus_files


def _geoparse_corpus(args: argparse.Namespace, fmt: str) -> int:
    from .. import io as _io
    from ..corpus import geoparse_corpus

    if args.online:
        raise InputError("--online works with the local engine and JSONL, CSV or GeoJSON output "
                         "of articles; corpus runs (--engine dask, Parquet) are offline",
                         path=args.paths[0])
    if args.workers is not None and args.workers < 1:
        raise InputError(f"--workers must be at least 1, not {args.workers}")
    engine = "dask" if args.scheduler else args.engine
    staging = None
    home = None
    if args.home:
        from ..places.home import home_from_hint

        home = home_from_hint(args.home)
    if args.gazetteer:
        from ..gazetteer import load_gazetteer

        load_gazetteer(layers=args.gazetteer)  # a bad layer stops the run before any work
    if args.fields and fmt != "jsonl":
        raise InputError("--fields applies to JSONL and CSV output; Parquet keeps every column",
                         path=args.output)
    inputs = input_paths([*args.paths, args.gazetteer])
    _io.refuse_overwrite(args.output, inputs)
    with contextlib.ExitStack() as stack:
        if engine == "dask" and not _io.is_stream(args.output):
            # Workers write their partitions beside the output: on a cluster that folder
            # is on the shared file system, like the input.
            target = Path(args.output).resolve()
            if target.parent.is_dir():
                _io.sweep_stale(target.parent)
                parts = _io.temp_name(target, ".parts")
                try:
                    parts.mkdir(mode=0o700)
                except OSError as exc:
                    raise _io.write_error(exc, target.parent) from exc
                stack.callback(shutil.rmtree, parts, True)
                staging = str(parts)
        with _io.atomic_output(args.output, binary=True, inputs=inputs) as out:
            report = geoparse_corpus(args.paths, out, fmt=fmt, engine=engine, workers=args.workers,
                                     scheduler=args.scheduler, staging_dir=staging, home=home,
                                     layers=args.gazetteer, fields=args.fields)
    for note in report.notes:
        _io.warn_stderr(note)
    _report_languages(report)
    if report.failures:
        for f in report.failures[:20]:
            print(f"osint: error: {error_line(f)}", file=sys.stderr)
        more = len(report.failures) - 20
        if more > 0:
            print(f"osint: error: ... and {more} more", file=sys.stderr)
        print(f"osint: {len(report.failures)} of {report.docs} documents failed and are left out; "
              f"the other {report.docs - len(report.failures)} were written", file=sys.stderr)
        return 1
    return 0


def _report_languages(report) -> None:
    """The languages the corpus holds, on standard error; one warning for those not read."""
    from .. import io as _io
    from ..language import NAMES

    if not report.languages:
        return
    met = ", ".join(f"{NAMES.get(c, c)} ({c}) {n}" for c, n in report.languages.items())
    print(f"osint: languages met: {met}", file=sys.stderr)
    unread = report.unread()
    if unread:
        which = ", ".join(f"{n} in {NAMES.get(c, c)} ({c})" for c, n in unread.items())
        _io.warn_stderr(f"{sum(unread.values())} documents are in languages the tool does not read "
                        f"({which}): their places are not found (see docs/corpus.md)")


def run(args: argparse.Namespace) -> int:
    """Geoparse the inputs and write every place with the fields of the places table."""
    from .. import io as _io

    check_inputs([*args.paths, args.gazetteer, [args.review] if args.review else []])
    fmt = args.format or format_from_suffix(args.output)
    if args.fields and fmt not in ("jsonl", "csv"):
        raise InputError(f"--fields applies to JSONL and CSV output, not {fmt}")
    if _corpus_route(args, fmt):
        return _geoparse_corpus(args, fmt)
    from ..case import analyze
    from ..gazetteer import load_gazetteer
    from ..model import COLUMNS, place_records
    from ..places.home import home_from_hint

    refiner = None
    if args.online:
        from ..online.geocoders import provider_from_env
        from ..places import Refiner

        # Built before any work, so a missing OSINT_USER_AGENT stops the run at once.
        refiner = Refiner(provider_from_env(warn=_io.warn_stderr), warn=_io.warn_stderr)
    inputs = input_paths([*args.paths, args.gazetteer, [args.review] if args.review else []])
    _io.refuse_overwrite(args.output, inputs)
    gaz = load_gazetteer(layers=args.gazetteer)
    home = home_from_hint(args.home, gaz) if args.home else None  # a bad hint stops the run first
    docs = _load_inputs(args.paths)
    results = []
    if args.review and len(docs) != 1:
        raise InputError("--review applies to one article; a corpus's articles each keep their own "
                         "NAME.review.csv beside them")
    for doc in progress(docs, len(docs), "geoparse"):
        case = analyze(doc, gazetteer=gaz, home=home, review=args.review or None, online=args.online,
                       geocoder=refiner, warn=_io.warn_stderr)
        results.append((doc, place_records(doc.text, case.place_list, reviewed=case.review is not None,
                                           fields=args.fields)))
    with _io.atomic_output(args.output, inputs=inputs) as out:
        if fmt == "jsonl":
            for doc, recs in results:
                out.write(_io.json_line({"id": doc.id, "places": recs}).decode("utf-8"))
        elif fmt == "csv":
            import pandas as pd

            from ..render.exports import write_csv

            rows = [{"id": doc.id, **r} for doc, recs in results for r in recs]
            # A file starts with the byte-order mark Excel needs; a pipe gets plain UTF-8.
            write_csv(pd.DataFrame(rows, columns=["id", *(args.fields or COLUMNS)]), out,
                      bom=args.output not in (None, "-"))
        elif fmt == "geojson":
            from ..render.exports import mentions_geojson

            rows = [{"id": doc.id, **r} for doc, recs in results for r in recs]
            json.dump(mentions_geojson(rows), out, ensure_ascii=False, allow_nan=False)
            out.write("\n")
    return 0
