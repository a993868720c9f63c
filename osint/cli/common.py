"""What every subcommand shares: the ``--online`` flag, the run's input files, the progress bar."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

#: Exit status for bad input or configuration.
EXIT_INPUT = 2


def add_online(p: argparse.ArgumentParser, help: str | None = None) -> None:
    """Add ``--online`` (offline by default)."""
    p.add_argument("--online", action="store_true",
                   help=help or "allow online sources (geocoders, catalogs); offline by default")


def add_places_options(p: argparse.ArgumentParser, *, home: bool = True) -> None:
    """Add ``--gazetteer FILE`` (the analyst's own places), ``--review FILE`` and (with ``home``)
    ``--home`` (where the articles come from)."""
    p.add_argument("--gazetteer", action="append", default=[], metavar="FILE",
                   help="your own places (CSV, GeoJSON, KML/KMZ as Google Earth writes them), laid "
                        "over the embedded gazetteer with their own provenance; repeatable "
                        "(see docs/gazetteer.md)")
    p.add_argument("--review", metavar="FILE",
                   help="an analyst's review file (start,end,action,name,lat,lon,note,analyst,date) to "
                        "apply; default: the article's own NAME.review.csv when there is one "
                        "(see docs/provenance.md)")
    if not home:
        return
    p.add_argument("--home", metavar="PLACE", type=_home_hint,
                   help="where the articles come from, as a place name ('Charleston, W.Va.', "
                        "'Ukraine') or a country code: a prior for namesakes the text leaves open "
                        "(default: the article's 'place' field; in a corpus, else its outlet's "
                        "home region)")


def _home_hint(value: str) -> str:
    if not value.strip():
        raise argparse.ArgumentTypeError("give a place name or a country code, not an empty string")
    return value


def check_inputs(paths: Iterable[str | list[str] | None]) -> None:
    """Stop at once on an input that names no file, before anything slow (imports, the gazetteer).

    Raises
    ------
    InputError
        "no such file", naming the path as the user wrote it.
    """
    from ..article import resolve_article

    for p in paths:
        if isinstance(p, list):
            check_inputs(p)
        elif p not in (None, "-"):
            resolve_article(str(p))


def input_paths(paths: Iterable[str | list[str] | None]) -> list[str]:
    """Every file a run over ``paths`` reads: the inputs and each article's sidecars.

    An article is listed where :func:`osint.article.resolve_article` finds it
    (the current folder, then the project root), so that no output can land on
    the file that is actually read.
    """
    from ..article import resolve_article
    from ..errors import InputError
    from ..io import sidecars

    out: list[str] = []
    for p in paths:
        if isinstance(p, list):  # --gazetteer layers are inputs too
            out.extend(input_paths(p))
            continue
        if p in (None, "-"):
            continue
        out.append(str(p))
        if Path(str(p)).suffix.lower() == ".txt":
            try:
                real = str(resolve_article(str(p)))
            except InputError:
                real = str(p)  # the reader says what is wrong with it
            for name in dict.fromkeys([str(p), real]):
                if name != str(p):
                    out.append(name)
                out.extend(str(s) for s in sidecars(name))
    return out


def progress(items: Iterable, total: int | None, desc: str) -> Iterable:
    """A progress bar on standard error: shown for long work, silent in pipes for short runs."""
    disable = None if (total or 0) < 50 else False
    if disable is None and hasattr(sys.stderr, "isatty") and not sys.stderr.isatty():
        return items  # what tqdm draws off a terminal for a short run: nothing; no need to load it
    from tqdm import tqdm

    return tqdm(items, total=total, desc=desc, unit="doc", file=sys.stderr, disable=disable, leave=False)


def error_line(message: object) -> str:
    """One line for standard error: control characters (an article's escape sequences) removed."""
    from ..escape import terminal

    return " ".join(terminal(message).split("\n"))


def record_article(record: Any, article: Any, given: str) -> None:
    """Note the article a run read in its provenance record: the file that was actually read
    (``seeds/x.txt`` found under the project root) with its sidecars, or standard input's text."""
    from ..article import resolve_article

    if article.path is None or given == "-":
        record.add_text(article.text, "article", "standard input")
    else:
        record.add_article(resolve_article(article.path))


def start_case(args: argparse.Namespace, command: str, params: dict[str, Any],
               **analysis: Any) -> tuple[Any, Any]:
    """The one analysis a subcommand runs on its article (``args.path``), and the run's record.

    The article is read first (its errors name it as the user wrote it), then the gazetteer
    with the analyst's layers; both are noted in the provenance record, with the review file
    when one was given. Stages the command asks for later are computed inside
    ``with osint.provenance.active(record)`` so that online answers are noted too.

    Parameters
    ----------
    args : Namespace
        The subcommand's arguments (``path``, ``gazetteer``, ``review``, ``online``, ``home``).
    command, params :
        What the record calls the run and the parameters it notes.
    **analysis :
        Further arguments for :func:`osint.analyze` (``published``, ``evidence``, ...).
    """
    from ..article import load_article
    from ..case import analyze
    from ..io import warn_stderr
    from ..provenance import Record, active

    article = load_article(args.path)
    record = Record(command, params)
    with active(record):
        case = analyze(article, gazetteer=list(args.gazetteer) or None, home=getattr(args, "home", None),
                       review=args.review or None, online=args.online, warn=warn_stderr, **analysis)
        gaz = case.gazetteer
        record_article(record, article, args.path)
        record.set_gazetteer(getattr(gaz, "build_id", "embedded"),
                             [record.add_input(p, "gazetteer layer") for p in args.gazetteer])
        if args.review:
            record.add_input(args.review, "analyst review")
    return case, record


def add_articles(p: argparse.ArgumentParser, help: str) -> None:
    """Add the articles a command reads: one or more ``.txt`` files, or folders of them."""
    p.add_argument("paths", nargs="+", metavar="PATH", help=help)


def expand_articles(paths: Iterable[str]) -> list[str]:
    """The articles named by ``paths``: a folder stands for its ``.txt`` files (sorted, not
    recursive); a file for itself.

    Raises
    ------
    InputError
        A folder without articles, standard input among several, or two articles with the same
        name (their outputs would be written over each other).
    """
    from ..errors import InputError

    given = list(paths)
    out: list[str] = []
    for p in given:
        if p == "-" and len(given) > 1:
            raise InputError("standard input cannot be one of several articles")
        if p != "-" and Path(p).is_dir():
            found = sorted(str(q) for q in Path(p).glob("*.txt") if q.is_file())
            if not found:
                raise InputError("no .txt articles in this folder", path=p)
            out.extend(found)
        else:
            out.append(p)
    seen: dict[str, str] = {}
    for a in out:
        stem = Path(a).stem
        if stem in seen and seen[stem] != a:
            raise InputError(f"two articles are named {stem!r} ({seen[stem]} and {a}); their outputs "
                             "would be written over each other: rename one")
        seen[stem] = a
    return list(dict.fromkeys(out))


def is_folder_run(paths: list[str]) -> bool:
    """True when a command was given several articles or a folder (one output per article and an
    index page), False for one article file."""
    return len(paths) > 1 or any(p != "-" and Path(p).is_dir() for p in paths)


def check_folder_review(args: argparse.Namespace) -> None:
    """``--review`` names one article's review file: several articles each keep their own."""
    from ..errors import InputError

    if getattr(args, "review", None):
        raise InputError("--review applies to one article; with several, each article's own "
                         "NAME.review.csv beside it is applied")


def one_article(args: argparse.Namespace, path: str, **changes: Any) -> argparse.Namespace:
    """The arguments of a folder run as a run on the one article ``path``."""
    return argparse.Namespace(**{**vars(args), "path": path, **changes})


def index_title(articles: list[str], what: str) -> str:
    """The index page's title: what was made, for how many articles, from where."""
    folders = sorted({str(Path(a).parent) for a in articles})
    where = f" in {Path(folders[0]).resolve().name}/" if len(folders) == 1 else ""
    return f"{what} of {len(articles)} articles{where}"
