"""The ``osint`` command line: one module per subcommand, each loaded only when it runs.

Every subcommand works offline unless ``--online`` is given. Errors in the
input end with one line on standard error naming the file (and line) and exit
status 2; nothing is half-written. Building the parser imports only each
subcommand's argument definitions, so ``osint --help`` answers at once; the
work's own imports (pandas, folium, skyfield) happen inside ``run``.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from .. import __version__
from ..errors import ConfigurationError, InputError, OsintError
from .common import EXIT_INPUT, error_line

#: Subcommands, in the order ``--help`` lists them: name -> module with ``register(sub)``.
COMMANDS: dict[str, str] = {
    "geoparse": "osint.cli.geoparse",
    "map": "osint.cli.map",
    "crossref": "osint.cli.crossref",
    "sun": "osint.cli.sun",
    "report": "osint.cli.report",
    "export": "osint.cli.export",
    "gazetteer": "osint.cli.gazetteer",
    "cache": "osint.cli.cache",
}


def build_parser() -> argparse.ArgumentParser:
    """Return the ``osint`` argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="osint",
        description="OSINT workbench: geoparse news reports, map their places and check their claims. "
                    "Offline unless --online is given.",
    )
    parser.add_argument("--version", action="version", version=f"osint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in COMMANDS.values():
        importlib.import_module(module).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    from ..escape import TerminalStream
    from ..io import install_signal_handlers

    install_signal_handlers()
    # Everything the run prints for a person (usage errors, warnings from services and
    # caches, progress, notes, errors; the output itself on a terminal) goes through
    # osint.escape.terminal, so no escape sequence from an argument, an article, an answer
    # or a cache row reaches the terminal raw.
    out, err = sys.stdout, sys.stderr
    sys.stderr = TerminalStream(err)
    if _isatty(out):
        sys.stdout = TerminalStream(out)
    http = sys.modules.get("osint.online.http")
    if http is not None:
        http.reset_breakers()  # one command is one run: a service that failed before is asked again
    try:
        args = build_parser().parse_args(argv)
        return _run(args)
    finally:
        sys.stdout, sys.stderr = out, err


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


def _run(args: argparse.Namespace) -> int:
    from ..io import Terminated

    try:
        return int(args.func(args) or 0)
    except (InputError, ConfigurationError) as exc:
        print(f"osint: error: {error_line(exc)}", file=sys.stderr)
        return EXIT_INPUT
    except OsintError as exc:
        print(f"osint: error: {error_line(exc)}", file=sys.stderr)
        return getattr(exc, "exit_status", 1)
    except Terminated as exc:
        print("osint: stopped by a signal; nothing half-written was left", file=sys.stderr)
        return int(exc.code or 1)
    except KeyboardInterrupt:
        print("osint: interrupted; nothing half-written was left", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
