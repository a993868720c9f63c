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
from typing import Any, NoReturn

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


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors say "did you mean ...?" for a mistyped subcommand, option
    or choice (difflib, against what this parser and the subcommand being parsed accept).

    Subcommands' parsers are made by ``add_parser`` with the same class, so a mistyped option
    after ``osint map`` is matched against ``map``'s options.
    """

    def error(self, message: str) -> NoReturn:
        hint = self._hint(message)
        sub = self._subcommand()
        if sub is not None and message.startswith("unrecognized arguments"):
            # argparse reports these from the top: show the subcommand's usage, which has them.
            argparse.ArgumentParser.error(sub, f"{message}{hint}")
        super().error(f"{message}{hint}")

    def _hint(self, message: str) -> str:
        import difflib
        import re

        choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if choice:
            options = re.findall(r"'([^']*)'", choice.group(2)) or [
                o.strip() for o in choice.group(2).split(",")]
            close = difflib.get_close_matches(choice.group(1), options, n=2, cutoff=0.5)
            return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        unknown = re.match(r"unrecognized arguments: (.*)", message)
        if not unknown:
            return ""
        known = self._option_strings()
        hints = []
        for token in unknown.group(1).split():
            flag = token.split("=")[0]
            if flag.startswith("-"):
                close = difflib.get_close_matches(flag, known, n=1, cutoff=0.6)
                if close:
                    hints.append((flag, close[0]))
        if len(hints) == 1:
            return f"; did you mean {hints[0][1]}?"
        return ("; did you mean " + ", ".join(f"{c} (for {f})" for f, c in hints) + "?") if hints else ""

    def _subcommand(self) -> argparse.ArgumentParser | None:
        """The parser of the subcommand named in the command line being read, if any."""
        argv = getattr(self, "_argv", None) or []
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                for word in argv:
                    sub = action.choices.get(word)
                    if sub is not None:
                        return sub
        return None

    def _option_strings(self) -> list[str]:
        """This parser's options and those of the subcommand named in the command line being read."""
        sub = self._subcommand()
        return [*self._option_string_actions, *(sub._option_string_actions if sub is not None else [])]

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:
        self._argv = list(sys.argv[1:] if args is None else args)
        return super().parse_args(args, namespace)


def build_parser() -> argparse.ArgumentParser:
    """Return the ``osint`` argument parser with every subcommand."""
    parser = Parser(
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
