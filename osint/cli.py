"""The ``osint`` command line.

Every subcommand works offline unless ``--online`` is given. Errors in the
input end with one line on standard error naming the file (and line) and exit
status 2; nothing is half-written.

Subcommands live in their own modules and register themselves through
:data:`COMMANDS` (name -> "module:register function").
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib
import json
import shutil
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from . import __version__
from . import io as _io
from .errors import ConfigurationError, InputError, OsintError
from .escape import csv_cell, terminal

#: Subcommands: name -> "module:function" that adds its parser to the subparsers.
COMMANDS: dict[str, str] = {
    "geoparse": "osint.cli:_register_geoparse",
    "sun": "osint.sun:register",
    "crossref": "osint.crossref:register",
    "cache": "osint.geocache:register",
    "map": "osint.maps:register",
    "report": "osint.report:register",
}

EXIT_INPUT = 2


def _add_online(p: argparse.ArgumentParser) -> None:
    p.add_argument("--online", action="store_true",
                   help="allow online sources (geocoders, catalogs); offline by default")


# ----------------------------------------------------------------------------- output

#: Kept for callers of the old name: the one atomic write lives in :mod:`osint.io`.
atomic_output = _io.atomic_output


def input_paths(paths: Iterable[str]) -> list[str]:
    """Every file a run over ``paths`` reads: the inputs and each article's sidecars."""
    out: list[str] = []
    for p in paths:
        if p == "-":
            continue
        out.append(p)
        if Path(p).suffix.lower() == ".txt":
            out.extend(str(s) for s in _io.sidecars(p))
    return out


def _progress(items: Iterable, total: int | None, desc: str) -> Iterable:
    from tqdm import tqdm

    # Shown on a terminal or for long work; silent in pipes for short runs.
    disable = None if (total or 0) < 50 else False
    return tqdm(items, total=total, desc=desc, unit="doc", file=sys.stderr, disable=disable,
                leave=False)


# --------------------------------------------------------------------------- geoparse


def _load_inputs(paths: list[str]) -> list:
    from .article import Article, decode_text, iter_corpus, load_article, parse_corpus_bytes, read_bytes

    docs = []
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
    from .corpus import geoparse_corpus

    if args.online:
        raise InputError("--online works with the local engine and JSONL, CSV or GeoJSON output "
                         "of articles; corpus runs (--engine dask, Parquet) are offline",
                         path=args.paths[0])
    if args.workers is not None and args.workers < 1:
        raise InputError(f"--workers must be at least 1, not {args.workers}")
    engine = "dask" if args.scheduler else args.engine
    staging = None
    _io.refuse_overwrite(args.output, input_paths(args.paths))
    with contextlib.ExitStack() as stack:
        if engine == "dask" and args.output not in (None, "-"):
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
        with atomic_output(args.output, binary=True, inputs=input_paths(args.paths)) as out:
            report = geoparse_corpus(args.paths, out, fmt=fmt, engine=engine, workers=args.workers,
                                     scheduler=args.scheduler, staging_dir=staging)
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


def _geoparse(args: argparse.Namespace) -> int:
    from .gazetteer import load_gazetteer
    from .pipeline import RECORD_FIELDS, geoparse_places, place_record

    route_fmt = args.format or _format_from_suffix(args.output)
    if _corpus_route(args, route_fmt):
        return _geoparse_corpus(args, route_fmt)
    refiner = None
    if args.online:
        from .geocoders import Refiner, provider_from_env, warn_stderr

        # Built before any work, so a missing OSINT_USER_AGENT stops the run at once.
        refiner = Refiner(provider_from_env(warn=warn_stderr), warn=warn_stderr)
    _io.refuse_overwrite(args.output, input_paths(args.paths))
    docs = _load_inputs(args.paths)
    gaz = load_gazetteer()
    results = []
    urls = []  # CSV and GeoJSON also carry where each coordinate comes from
    for doc in _progress(docs, len(docs), "geoparse"):
        places = geoparse_places(doc.text, gazetteer=gaz, online=args.online, geocoder=refiner)
        results.append((doc, [place_record(p) for p in places]))
        urls.append([p.entry.source_url if p.entry else None for p in places])
    fmt = route_fmt
    with atomic_output(args.output, inputs=input_paths(args.paths)) as out:
        if fmt == "jsonl":
            for doc, recs in results:
                out.write(json.dumps({"id": doc.id, "places": recs}, ensure_ascii=False) + "\n")
        elif fmt == "csv":
            w = csv.DictWriter(out, fieldnames=["id", *RECORD_FIELDS, "source_url"], lineterminator="\n")
            w.writeheader()
            for (doc, recs), links in zip(results, urls):
                for r, url in zip(recs, links):
                    # Cells are neutralised for spreadsheets (see osint.escape.csv_cell).
                    w.writerow({k: csv_cell(v) for k, v in {"id": doc.id, **r, "source_url": url}.items()})
        elif fmt == "geojson":
            feats = [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                    "properties": {"id": doc.id, **{k: v for k, v in r.items() if k not in ("lat", "lon")},
                                   "source_url": url},
                }
                for (doc, recs), links in zip(results, urls)
                for r, url in zip(recs, links)
                if r["lat"] is not None
            ]
            json.dump({"type": "FeatureCollection", "features": feats}, out, ensure_ascii=False)
            out.write("\n")
    return 0


def _format_from_suffix(path: str | None) -> str:
    if path:
        suffix = Path(path).suffix.lower().lstrip(".")
        if suffix in ("csv", "geojson", "jsonl", "parquet"):
            return suffix
        if suffix == "json":
            return "geojson"
    return "jsonl"


def _register_geoparse(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "geoparse", help="find and place every place an article names",
        description="Geoparse articles (.txt) or corpora (.jsonl, one {\"id\", \"text\"} per line; "
                    ".parquet with id and text columns). Output: one JSON line per document, CSV or "
                    "Parquet (a row per place) or GeoJSON. Corpora are streamed in partitions, on this "
                    "process (--engine local) or on Dask (--engine dask); see docs/corpus.md.",
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
    _add_online(p)
    p.set_defaults(func=_geoparse)


# ------------------------------------------------------------------------------- main


def build_parser() -> argparse.ArgumentParser:
    """Return the ``osint`` argument parser with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="osint",
        description="OSINT workbench: geoparse news reports, map their places and check their claims. "
                    "Offline unless --online is given.",
    )
    parser.add_argument("--version", action="version", version=f"osint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for target in COMMANDS.values():
        module, func = target.split(":")
        register: Callable[[argparse._SubParsersAction], None]
        register = getattr(importlib.import_module(module), func)
        register(sub)
    return parser


def error_line(message: object) -> str:
    """One line for standard error: control characters (an article's escape sequences) removed."""
    return " ".join(terminal(message).split("\n"))


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    _io.install_signal_handlers()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (InputError, ConfigurationError) as exc:
        print(f"osint: error: {error_line(exc)}", file=sys.stderr)
        return EXIT_INPUT
    except OsintError as exc:
        print(f"osint: error: {error_line(exc)}", file=sys.stderr)
        return getattr(exc, "exit_status", 1)
    except _io.Terminated as exc:
        print("osint: stopped by a signal; nothing half-written was left", file=sys.stderr)
        return int(exc.code or 1)
    except KeyboardInterrupt:
        print("osint: interrupted; nothing half-written was left", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
