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
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from . import __version__
from .errors import InputError, OsintError

#: Subcommands: name -> "module:function" that adds its parser to the subparsers.
COMMANDS: dict[str, str] = {
    "geoparse": "osint.cli:_register_geoparse",
    "map": "osint.maps:register",
}

EXIT_INPUT = 2


def _add_online(p: argparse.ArgumentParser) -> None:
    p.add_argument("--online", action="store_true",
                   help="allow online sources (geocoders, catalogs); offline by default")


# ----------------------------------------------------------------------------- output


@contextlib.contextmanager
def atomic_output(path: str | None, *, binary: bool = False) -> Iterator[io.IOBase]:
    """Open ``path`` for writing so that it appears whole or not at all.

    ``None`` or ``-`` writes to standard output (buffered in memory, so that an
    error half-way prints nothing).
    """
    if path in (None, "-"):
        buf: io.IOBase = io.BytesIO() if binary else io.StringIO()
        yield buf
        data = buf.getvalue()
        if binary:
            sys.stdout.buffer.write(data)  # type: ignore[arg-type]
        else:
            sys.stdout.write(data)  # type: ignore[arg-type]
        sys.stdout.flush()
        return
    target = Path(path)
    if target.parent and not target.parent.exists():
        raise InputError("output folder does not exist", path=str(target.parent))
    fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb" if binary else "w", encoding=None if binary else "utf-8",
                       newline=None if binary else "") as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _progress(items: Iterable, total: int | None, desc: str) -> Iterable:
    from tqdm import tqdm

    # Shown on a terminal or for long work; silent in pipes for short runs.
    disable = None if (total or 0) < 50 else False
    return tqdm(items, total=total, desc=desc, unit="doc", file=sys.stderr, disable=disable,
                leave=False)


# --------------------------------------------------------------------------- geoparse


def _load_inputs(paths: list[str]) -> list:
    from .article import Article, decode_text, iter_corpus, load_article, parse_corpus, read_bytes

    docs = []
    for p in paths:
        if p == "-":
            # Standard input is read once: a corpus when it starts with a JSON object.
            text = decode_text(read_bytes("-"), source="<stdin>")
            if text.lstrip().startswith("{"):
                docs.extend(parse_corpus(text, source="<stdin>"))
            else:
                docs.append(Article(id="stdin", text=text))
        elif p.endswith(".jsonl"):
            docs.extend(iter_corpus(p))
        else:
            docs.append(load_article(p))
    return docs


def _geoparse(args: argparse.Namespace) -> int:
    from .gazetteer import load_gazetteer
    from .pipeline import RECORD_FIELDS, geoparse_places, place_record

    docs = _load_inputs(args.paths)
    gaz = load_gazetteer()
    results = []
    for doc in _progress(docs, len(docs), "geoparse"):
        places = geoparse_places(doc.text, gazetteer=gaz)
        results.append((doc, [place_record(p) for p in places]))
    if args.online:
        from .geocoders import refine_online  # the online-geocoding issue's module

        results = refine_online(results, args)
    fmt = args.format or _format_from_suffix(args.output)
    with atomic_output(args.output) as out:
        if fmt == "jsonl":
            for doc, recs in results:
                out.write(json.dumps({"id": doc.id, "places": recs}, ensure_ascii=False) + "\n")
        elif fmt == "csv":
            w = csv.DictWriter(out, fieldnames=["id", *RECORD_FIELDS], lineterminator="\n")
            w.writeheader()
            for doc, recs in results:
                for r in recs:
                    w.writerow({"id": doc.id, **r})
        elif fmt == "geojson":
            feats = [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                    "properties": {"id": doc.id, **{k: v for k, v in r.items() if k not in ("lat", "lon")}},
                }
                for doc, recs in results for r in recs if r["lat"] is not None
            ]
            json.dump({"type": "FeatureCollection", "features": feats}, out, ensure_ascii=False)
            out.write("\n")
    return 0


def _format_from_suffix(path: str | None) -> str:
    if path:
        suffix = Path(path).suffix.lower().lstrip(".")
        if suffix in ("csv", "geojson", "jsonl"):
            return suffix
        if suffix == "json":
            return "geojson"
    return "jsonl"


def _register_geoparse(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "geoparse", help="find and place every place an article names",
        description="Geoparse articles (.txt) or corpora (.jsonl, one {\"id\", \"text\"} per line). "
                    "Output: one JSON line per document, CSV (a row per place) or GeoJSON.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="a .txt article, a .jsonl corpus, or - for stdin")
    p.add_argument("--format", choices=["jsonl", "csv", "geojson"],
                   help="output format (default: from -o's suffix, else jsonl)")
    p.add_argument("-o", "--output", help="output file (default: standard output)")
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
        register: Callable[[argparse._SubParsersAction], None] = getattr(importlib.import_module(module), func)
        register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except InputError as exc:
        print(f"osint: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except OsintError as exc:
        print(f"osint: error: {exc}", file=sys.stderr)
        return getattr(exc, "exit_status", 1)
    except KeyboardInterrupt:
        print("osint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
