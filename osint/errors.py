"""Every exception and warning of the package, each under one root.

Every error the package raises on purpose derives from :class:`OsintError`, and
most also derive from the builtin a caller would expect (``ValueError`` for bad
input, ``RuntimeError`` for a broken service), so code can catch what it
understands. Every warning derives from :class:`OsintWarning`.
"""

from __future__ import annotations

from typing import Any


class OsintError(Exception):
    """Root of every error raised on purpose by :mod:`osint`."""


class InputError(OsintError, ValueError):
    """Input that cannot be used: empty, binary, badly encoded or malformed.

    Parameters
    ----------
    message : str
        What is wrong, in one line.
    path : str, optional
        The file the input came from.
    line : int, optional
        The 1-based line number inside ``path``, where it applies.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(f"{where}{message}")


class DataError(OsintError, RuntimeError):
    """A packaged data file (gazetteer, curated table) is missing or malformed."""


class ConfigurationError(OsintError, ValueError):
    """A setting required for the requested work is missing or invalid."""


class MissingExtra(ConfigurationError, ImportError):
    """A library an optional part needs is not installed; the message names the extra to install.

    Parameters
    ----------
    module : str
        The module that could not be imported.
    extra : str
        The package's extra that installs it (``notebooks``, ``xlsx``, ...).
    what : str
        What needs it ("osint report").
    """

    def __init__(self, module: str, extra: str, what: str):
        self.module, self.extra = module, extra
        super().__init__(f"{what} needs {module}, which is not installed: "
                         f'pip install "osint-workbench[{extra}]" (or the repository\'s '
                         f'pip install -e ".[{extra}]")')


def require(module: str, *, extra: str, what: str) -> Any:
    """Import ``module``, or raise :class:`MissingExtra` naming the extra that installs it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtra(module.split(".")[0], extra, what) from exc


class ServiceError(OsintError, RuntimeError):
    """An online service failed, timed out or answered in an unexpected format."""


class OsintWarning(UserWarning):
    """Root of every warning :mod:`osint` issues (the work went on, with less)."""


class GeocodingWarning(OsintWarning):
    """An online geocoder failed; the offline places were kept."""


class CacheWarning(OsintWarning):
    """A cache had to be set aside or could not be used; the run went on without it."""


class LanguageWarning(OsintWarning):
    """The article (or a stretch of it) is in a language the geoparser does not read."""
