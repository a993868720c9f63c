"""Installed GeoNames countries: full per-country layers kept in the cache folder.

``osint gazetteer install --countries IR,UA`` (see :mod:`osint.services.geonames`)
downloads GeoNames' dump of each country once and keeps it here, as gzipped JSON
lines: a header (country, source files, when fetched, how many rows) and one
gazetteer row per place. From then on :func:`osint.gazetteer.load_gazetteer`
lays them over the embedded gazetteer, offline.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

from ..errors import DataError
from ..io import parse_json, read_limited
from ..paths import cache_dir

#: Format name and version of an installed layer's header.
FORMAT = "osint-geonames-layer"
VERSION = 1
#: An installed country is at most this large, gzipped (the United States is about 150 MB).
MAX_INSTALLED_BYTES = 1024 * 2**20
_FILE_RE = re.compile(r"^[A-Z]{2}\.jsonl\.gz$")
_ROW_KEYS = ("name", "lat", "lon", "feature", "source", "source_id", "source_url")


def installed_dir() -> Path:
    """``<cache dir>/geonames``."""
    return cache_dir() / "geonames"


def installed_layers() -> list[str]:
    """The installed countries' layer files, in code order."""
    d = installed_dir()
    if not d.is_dir():
        return []
    return sorted(str(p) for p in d.iterdir() if _FILE_RE.match(p.name) and p.is_file())


def layer_path(country: str) -> Path:
    """Where a country's installed layer lives."""
    return installed_dir() / f"{country.upper()}.jsonl.gz"


def read_header(path: str | Path) -> dict[str, Any]:
    """An installed layer's header line (country, sources, fetched_at, rows)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        line = fh.readline(1_000_000)
    try:
        head = parse_json(line)
    except ValueError as exc:
        raise DataError(f"{path}: not an installed GeoNames layer ({exc})") from exc
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise DataError(f"{path}: not an installed GeoNames layer")
    return head


def read_installed(path: str | Path) -> list[dict[str, Any]]:
    """The rows of an installed layer, checked.

    Raises
    ------
    DataError
        A damaged or foreign file: reinstall the country (``osint gazetteer install``).
    """
    raw = read_limited(path, limit=MAX_INSTALLED_BYTES, what="installed GeoNames layer")
    try:
        lines = gzip.decompress(raw).decode("utf-8").splitlines()
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: damaged installed layer ({exc}); install the country again") from exc
    if not lines:
        raise DataError(f"{path}: empty installed layer; install the country again")
    try:
        head = json.loads(lines[0])
    except ValueError as exc:
        raise DataError(f"{path}: damaged installed layer header; install the country again") from exc
    if not isinstance(head, dict) or head.get("format") != FORMAT or head.get("version") != VERSION:
        raise DataError(f"{path}: an installed layer of another format; install the country again")
    rows = []
    for n, line in enumerate(lines[1:], 2):
        try:
            r = json.loads(line)
        except ValueError as exc:
            raise DataError(f"{path}: line {n} is damaged; install the country again") from exc
        if not isinstance(r, dict) or any(k not in r for k in _ROW_KEYS):
            raise DataError(f"{path}: line {n} is not a gazetteer row; install the country again")
        rows.append(r)
    return rows
