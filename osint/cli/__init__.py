"""The ``osint`` command line (``osint --help``); nothing below this package imports it."""

from __future__ import annotations

from .main import build_parser, main

__all__ = ["build_parser", "main"]
