"""``osint crossref``: an article's imagery claims, each check on each, and a verdict."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from ..errors import InputError
from .common import (
    add_articles,
    add_online,
    add_places_options,
    check_folder_review,
    expand_articles,
    index_title,
    input_paths,
    is_folder_run,
    one_article,
    start_case,
)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``crossref`` subcommand."""
    p = sub.add_parser(
        "crossref", help="cross-reference an article's satellite-imagery claims",
        description="Find the imagery claims of an article and check each against geometry, the sun, "
                    "weather, catalogs, orbits, curated reports and the article itself. Offline unless "
                    "--online; online answers are cached.",
    )
    add_articles(p, "a .txt article (its .json sidecar gives the date), several, or a folder of them")
    p.add_argument("--published", help="publication date YYYY-MM-DD (overrides the sidecar)")
    add_online(p, "allow Open-Meteo, STAC catalogs and CelesTrak (answers are cached)")
    p.add_argument("--elements", help="orbital elements file (CelesTrak OMM JSON or TLE) for the orbit check")
    p.add_argument("--evidence", action="append", metavar="PATH",
                   help="an evidence table CSV you keep, or a folder of them; read after the shipped "
                        "imagery_evidence.csv (a row with the same id replaces the shipped one); repeatable")
    p.add_argument("--no-default-evidence", action="store_true",
                   help="leave the shipped evidence table out (use only the --evidence files)")
    p.add_argument("--imagery-only", action="store_true", help="leave out the other attributed statements")
    p.add_argument("--format", choices=["json", "table"], default="table")
    p.add_argument("-o", "--output", metavar="FILE|FOLDER",
                   help="output file (default: standard output); for several articles a folder, which "
                        "gets NAME.txt (or NAME.json) per article and index.html across them")
    add_places_options(p, home=False)
    p.set_defaults(func=run)


class _TerminalText:
    """A text stream that passes everything written through ``clean`` first."""

    def __init__(self, out: Any, clean: Any):
        self._out, self._clean = out, clean

    def write(self, text: str) -> int:
        return self._out.write(self._clean(text))


def run(args: argparse.Namespace) -> int:
    """Cross-reference the article (or each of several) and write the report as a table or JSON."""
    if not is_folder_run(args.paths):
        crossref_one(one_article(args, args.paths[0]), args.output)
        return 0
    from ..render.folder import index_article, write_index
    from ..workbook import make_output_dir

    articles = expand_articles(args.paths)  # first: an empty folder is said as such
    check_folder_review(args)
    if not args.output or args.output == "-" or Path(args.output).suffix:
        raise InputError("with several articles, give -o FOLDER (a report per article, and index.html)")
    out_dir = make_output_dir(args.output)
    suffix = ".json" if args.format == "json" else ".txt"
    entries = []
    for a in articles:
        stem = Path(a).stem
        target = out_dir / f"{stem}{suffix}"
        case = crossref_one(one_article(args, a), str(target))
        print(target, file=sys.stderr)
        entries.append(index_article(stem, case.article.title, case.article.published, case.places,
                                     case.text, {"cross-reference": target.name},
                                     claims=len(case.claims.imagery)))
    print(write_index(entries, out_dir / "index.html", title=index_title(articles, "Cross-references"),
                      command="osint crossref", inputs=input_paths([*articles, args.gazetteer,
                                                                    *(args.evidence or [])])),
          file=sys.stderr)
    return 0


def crossref_one(args: argparse.Namespace, output: str | None) -> Any:
    """Cross-reference one article (``args.path``) into ``output``; return its case."""
    from ..escape import terminal
    from ..io import atomic_output, refuse_overwrite, sidecars
    from ..provenance import active
    from ..render.maps import window_label

    published = None
    if args.published:
        try:
            published = dt.date.fromisoformat(args.published)
        except ValueError as exc:
            raise InputError(f"--published {args.published!r} is not YYYY-MM-DD") from exc
    evidence = args.evidence or []
    inputs = [args.path, *sidecars(args.path), *evidence, args.elements, *args.gazetteer]
    if args.review:
        inputs.append(args.review)
    refuse_overwrite(output, inputs)
    case, record = start_case(
        args, "crossref", {"online": args.online, "published": args.published or "from the sidecar",
                           "default_evidence": not args.no_default_evidence},
        published=published, evidence=evidence or None, default_evidence=not args.no_default_evidence,
        elements=args.elements, geocode=False)
    with active(record):
        for e in evidence:
            if Path(e).is_file():
                record.add_input(e, "evidence table")
        if args.elements is not None:
            from ..online.orbits import load_elements

            load_elements(args.elements)  # a file given must be usable: checked before any work, exit 2
        rep = case.report
    if args.imagery_only:
        rep = dataclasses.replace(rep, results=tuple(r for r in rep.results if r.kind == "imagery"))
    with atomic_output(output, inputs=inputs) as out:
        if args.format == "json":
            json.dump({**rep.as_dict(), "notes": case.notes, "provenance": record.as_dict()}, out,
                      ensure_ascii=False, indent=2,
                      default=str)
            out.write("\n")
        else:
            # A table is read on a terminal: the article's control characters are removed.
            out = _TerminalText(out, terminal)  # type: ignore[assignment]  # writes like the stream
            when = (f"published {rep.published}{', inferred' if rep.published_inferred else ''}"
                    if rep.published else "publication date unknown")
            out.write(f"{rep.article.title} ({when}; {'online' if rep.online else 'offline'})\n")
            for note in case.notes:
                out.write(f"Note: {note}\n")
            if not rep.published:
                out.write("Relative dates and the claims' time windows cannot be anchored: give "
                          "--published YYYY-MM-DD or a sidecar's \"published\".\n")
            others = [r for r in rep.results if r.kind != "imagery"]
            if not rep.imagery:
                out.write(f"\nNo imagery claims in the article (nothing to cross-reference); "
                          f"{len(others)} other attributed statement(s).\n")
            for r in rep.imagery:
                c = r.claim
                assert c is not None
                out.write(f"\n{r.id} [{r.verdict}: {r.assessment}] {c.speaker or '?'} "
                          f"({c.affiliation or '?'}): "
                          f"{c.provider}, {c.sensor}; sites {', '.join(s.name for s in c.sites) or '?'}; "
                          f"window {window_label(c.window)}\n  \"{c.text}\"\n")
                for k in r.checks:
                    out.write(f"  {k.check:<20} {k.status:<13} {k.weight:<5} {k.detail}\n")
                out.write(f"  verdict: {r.reasoning}\n")
                for w in r.would_change:
                    out.write(f"  would change it: {w}\n")
                for label, url in r.links:
                    out.write(f"  go and look: {label}: {url}\n")
            if others:
                out.write("\nOther attributed statements (not cross-referenced):\n")
                for r in others:
                    st = r.statement
                    who = (st.speaker.name if st and st.speaker else (st.speaker_text if st else "")) or "?"
                    out.write(f"  {r.id} {who} ({st.verb if st else ''}): \"{st.text if st else ''}\"\n")
            art = record.article
            if art is not None:
                build = record.gazetteer.get("build", "?")
                out.write(f"\n{art.name}: SHA-256 {art.sha256}; osint {record.tool['version']}, gazetteer "
                          f"{build}; {len(record.answers)} online answer(s) used\n")
    return case
