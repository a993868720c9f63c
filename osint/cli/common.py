"""What every subcommand shares: the ``--online`` flag, the run's input files, the progress bar."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

#: Exit status for bad input or configuration.
EXIT_INPUT = 2


def add_online(p: argparse.ArgumentParser, help: str | None = None) -> None:
    """Add ``--online`` (offline by default)."""
    p.add_argument("--online", action="store_true",
                   help=help or "allow online sources (geocoders, catalogs); offline by default")


def input_paths(paths: Iterable[str | None]) -> list[str]:
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
    from tqdm import tqdm

    disable = None if (total or 0) < 50 else False
    return tqdm(items, total=total, desc=desc, unit="doc", file=sys.stderr, disable=disable, leave=False)


def error_line(message: object) -> str:
    """One line for standard error: control characters (an article's escape sequences) removed."""
    from ..escape import terminal

    return " ".join(terminal(message).split("\n"))
