"""Where the project's files live, defined once.

The curated tables ship inside the package as ``osint.data`` (the checkout's
``data/`` folder, mapped into the package at install time) and are read
through :mod:`importlib.resources`, so an installed wheel finds them from any
folder. The layout follows cookiecutter-data-science: in a checkout,
``data/interim/`` holds caches and ``reports/`` generated output; an installed
package without a checkout caches in the user cache folder. ``OSINT_DATA_DIR``
and ``OSINT_CACHE_DIR`` (see :mod:`osint.config`) override the defaults.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

from . import config

PACKAGE_DIR = Path(__file__).resolve().parent
PROJ_ROOT = PACKAGE_DIR.parent
#: The seed article, the workbook's default (``osint report`` without an article).
DEFAULT_ARTICLE = "seeds/000_908df4e159e4c100.txt"
#: Seconds one notebook cell of the report may run.
CELL_TIMEOUT = 300


def in_checkout() -> bool:
    """True when the package runs from a source checkout (not an installed wheel)."""
    return (PROJ_ROOT / "pyproject.toml").exists() and (PROJ_ROOT / "osint").is_dir()


def _package_dir(package: str) -> Path:
    return Path(str(importlib.resources.files(package)))


def data_dir() -> Path:
    """Return the folder holding the curated data tables."""
    if config.is_set("OSINT_DATA_DIR"):
        return Path(config.get("OSINT_DATA_DIR"))
    return _package_dir("osint.data")


def data_file(name: str) -> Path:
    """Return the path of one curated table (``countries.csv``, ``curated_places.csv``, ...)."""
    return data_dir() / name


def cache_dir() -> Path:
    """Return the folder for caches (built gazetteer index, online answers).

    ``OSINT_CACHE_DIR`` wins; inside a workbook checkout it is ``data/interim``;
    for an installed package without a checkout, the user cache directory.
    """
    if config.is_set("OSINT_CACHE_DIR"):
        return Path(config.get("OSINT_CACHE_DIR"))
    if in_checkout():
        return PROJ_ROOT / "data" / "interim"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("osint-workbench"))


def notebooks_dir() -> Path:
    """Return the folder of the workbook's numbered notebooks (shipped as ``osint.notebooks``)."""
    if in_checkout():
        return PROJ_ROOT / "notebooks"
    return _package_dir("osint.notebooks")


def reports_dir() -> Path:
    """Return the folder for generated maps, tables and reports (``reports/`` in a checkout,
    else ``reports`` in the current folder)."""
    return PROJ_ROOT / "reports" if in_checkout() else Path.cwd() / "reports"


def seeds_dir() -> Path:
    """Return the folder holding the seed articles (in a checkout)."""
    return PROJ_ROOT / "seeds"
