"""Names, typed before anything is placed (see :mod:`osint.names.typing`)."""

from __future__ import annotations

from .typing import type_names

__all__ = ["type_names"]
