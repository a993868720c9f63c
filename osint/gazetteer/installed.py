"""Installed GeoNames countries: full per-country layers kept in the cache folder.

``osint gazetteer install --countries IR,UA`` (see :mod:`osint.online.geonames`)
downloads GeoNames' dump of each country once and keeps it here, as gzipped JSON
lines: a header (country, source files, when fetched, how many rows) and one
gazetteer row per place. From then on :func:`osint.gazetteer.load_gazetteer`
lays them over the embedded gazetteer, offline.
"""

from __future__ import annotations

import gzip
import json
import math
import os
import re
import zlib
from pathlib import Path
from typing import Any

from ..errors import DataError
from ..io import open_regular, parse_json
from ..paths import cache_dir

#: Format name and version of an installed layer's header.
FORMAT = "osint-geonames-layer"
VERSION = 1
#: An installed country is at most this large, gzipped (the United States is about 150 MB) ...
MAX_INSTALLED_BYTES = 1024 * 2**20
#: ... unpacks to at most this much, in lines of at most this length, and has at most this many
#: rows (the caps of :mod:`osint.online.geonames`, which wrote it).
MAX_UNPACKED_BYTES = 2 * 2**30
MAX_LINE_BYTES = 256 * 2**10
MAX_ROWS = 3_000_000
#: Header fields ``osint gazetteer list`` shows.
HEADER_KEYS = {"country": str, "rows": int, "fetched_at": str, "source": str}
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
    """An installed layer's header line (country, sources, fetched_at, rows), checked.

    Raises
    ------
    DataError
        Not an installed layer, or a header without the fields listed in :data:`HEADER_KEYS`.
    """
    line = next(_lines(path), b"")
    try:
        head = parse_json(line)
    except ValueError as exc:
        raise DataError(f"{path}: not an installed GeoNames layer ({exc})") from exc
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise DataError(f"{path}: not an installed GeoNames layer")
    bad = [k for k, t in HEADER_KEYS.items()
           if not isinstance(head.get(k), t) or isinstance(head.get(k), bool)]
    if bad:
        raise DataError(f"{path}: the header lacks {', '.join(bad)}; install the country again")
    return head


def _lines(path: str | Path):
    """The decompressed lines of an installed layer, streamed, every cap checked as it is met."""
    fd = open_regular(path)
    size = os.fstat(fd).st_size
    if size > MAX_INSTALLED_BYTES:
        os.close(fd)
        raise DataError(f"{path}: larger than {MAX_INSTALLED_BYTES // 2**20} MiB; not an installed layer")
    unpacked = 0
    try:
        with os.fdopen(fd, "rb") as raw, gzip.GzipFile(fileobj=raw, mode="rb") as fh:
            n = 0
            while True:
                line = fh.readline(MAX_LINE_BYTES + 1)
                if not line:
                    return
                n += 1
                unpacked += len(line)
                if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                    raise DataError(f"{path}: line {n} is longer than {MAX_LINE_BYTES // 2**10} KiB; "
                                    "install the country again")
                if unpacked > MAX_UNPACKED_BYTES:
                    raise DataError(f"{path}: unpacks to more than {MAX_UNPACKED_BYTES // 2**30} GiB; "
                                    "install the country again")
                if n > MAX_ROWS + 1:
                    raise DataError(f"{path}: more than {MAX_ROWS:,} rows; install the country again")
                yield line
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(f"{path}: damaged installed layer ({exc}); install the country again") from exc


def _finite(v: Any, lo: float, hi: float) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) and lo <= v <= hi


def read_installed(path: str | Path, *, skipped: list[int] | None = None) -> list[dict[str, Any]]:
    """The rows of an installed layer, checked one by one.

    A row without finite coordinates in range, a name or a feature is left out and
    counted in ``skipped`` (a one-item list), never laid over the gazetteer.

    Raises
    ------
    DataError
        A damaged or foreign file, or one beyond the caps: reinstall the country
        (``osint gazetteer install``).
    """
    lines = _lines(path)
    first = next(lines, None)
    if first is None:
        raise DataError(f"{path}: empty installed layer; install the country again")
    try:
        head = parse_json(first)
    except (ValueError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: damaged installed layer header; install the country again") from exc
    if not isinstance(head, dict) or head.get("format") != FORMAT or head.get("version") != VERSION:
        raise DataError(f"{path}: an installed layer of another format; install the country again")
    rows, bad = [], 0
    for n, line in enumerate(lines, 2):
        try:
            # NaN and Infinity parse here, to be left out row by row below with the rest.
            r = json.loads(line)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise DataError(f"{path}: line {n} is damaged; install the country again") from exc
        if not isinstance(r, dict) or any(k not in r for k in _ROW_KEYS):
            raise DataError(f"{path}: line {n} is not a gazetteer row; install the country again")
        if not (_finite(r["lat"], -90, 90) and _finite(r["lon"], -180, 180)
                and isinstance(r["name"], str) and r["name"].strip() and isinstance(r["feature"], str)):
            bad += 1
            continue
        rows.append(r)
    if skipped is not None:
        skipped[0] += bad
    return rows
