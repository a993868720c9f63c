"""Where the project's files live, defined once.

The layout follows cookiecutter-data-science: ``data/`` holds the curated tables
shipped with the project, ``data/interim/`` caches, ``reports/`` generated output.
``OSINT_DATA_DIR`` and ``OSINT_CACHE_DIR`` override the defaults.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJ_ROOT = PACKAGE_DIR.parent


def data_dir() -> Path:
    """Return the folder holding the curated data tables."""
    env = os.environ.get("OSINT_DATA_DIR")
    return Path(env) if env else PROJ_ROOT / "data"


def cache_dir() -> Path:
    """Return the folder for caches (built gazetteer index, online answers).

    ``OSINT_CACHE_DIR`` wins; inside a workbook checkout it is ``data/interim``;
    for an installed package without a checkout, the user cache directory.
    """
    env = os.environ.get("OSINT_CACHE_DIR")
    if env:
        return Path(env)
    if (PROJ_ROOT / "pyproject.toml").exists():
        return PROJ_ROOT / "data" / "interim"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("osint-workbench"))


def reports_dir() -> Path:
    """Return the folder for generated maps, tables and reports."""
    return PROJ_ROOT / "reports"


def seeds_dir() -> Path:
    """Return the folder holding the seed articles."""
    return PROJ_ROOT / "seeds"
