"""Check ``data/satellites.csv``, the cited per-satellite table (lifetimes, pixels, orbits).

Standard library only. Stops at the first fault, names the row, and exits 2; on success it prints
a summary (rows per operator, per provider and per status) and exits 0:

    python tools/check_satellites.py [path/to/satellites.csv]

Rules (see ``data/satellites_SOURCES.md`` for the conventions behind them):

- the header is exactly ``COLUMNS``, in that order; every row has that many fields;
- ``id`` is lower-case ``[a-z0-9-]``, unique;
- no control characters anywhere (C0, DEL, C1; a tab or newline inside a field is a fault too);
- ``launch_date``/``end_date`` are empty or real ``YYYY-MM-DD`` dates, not in the future, and
  launch <= end;
- ``status`` is in ``STATUSES`` and agrees with ``end_date``: ``operating``/``unknown`` have none;
  ``failed_on_launch`` has launch and end on the same day; ``ended`` has one, or else says
  ``end date not sourced`` in ``notes`` (a known end whose day is unpublished) and gives an
  ``end_reason``; an ``end_reason`` without an end is a fault;
- ``sensor`` is in ``SENSORS``;
- ``native_gsd_m``, ``product_gsd_m``, ``swath_km`` are empty or positive numbers; when both pixels are
  given they are within a factor ``PRODUCT_RATIO`` of each other (see below); ``altitude_km`` is a
  positive number or range ``a-b``;
- ``norad_ids`` are ``;``-separated integers;
- ``source_urls`` hold at least one URL and every ``;``-separated entry is an http(s) URL;
- an alias (or a satellite name) names one satellite: the same name, compared case-insensitively
  without spaces and punctuation, may appear in two rows only when both rows are one constellation.

The product pixel. The brief asked for "product >= native", but its own examples (SkySat native ~0.7 m
sold at 0.5 m, Pleiades 0.7 m sold at 0.5 m) are products resampled *finer* than the native pixel, and
coarser products exist too (a licence cap). So the check is a plausibility bound that catches a swapped
column or a slipped decimal (0.5 vs 5) without rejecting either kind: product/native within
[1/PRODUCT_RATIO, PRODUCT_RATIO]. A resolution check should use ``native_gsd_m``; a finer product pixel
adds no detail.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "data" / "satellites.csv"

COLUMNS = [
    "id",
    "satellite",
    "constellation",
    "operator",
    "provider",
    "country",
    "sensor",
    "bands",
    "native_gsd_m",
    "product_gsd_m",
    "swath_km",
    "launch_date",
    "end_date",
    "end_reason",
    "status",
    "orbit",
    "altitude_km",
    "local_time",
    "norad_ids",
    "aliases",
    "source_urls",
    "notes",
]
STATUSES = {"operating", "ended", "failed_on_launch", "unknown"}
SENSORS = {"optical", "multispectral-only", "sar", "thermal", "hyperspectral", "video"}
UNSOURCED_END = "end date not sourced"
PRODUCT_RATIO = 2.0

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_URL = re.compile(r"https?://[^\s;]+")
_ALT = re.compile(r"\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?")


class Fault(Exception):
    """A rule the table breaks; the message names the row."""


def _control(s: str) -> str | None:
    for ch in s:
        if unicodedata.category(ch) == "Cc":
            return repr(ch)
    return None


def _date(value: str, where: str, field: str, today: dt.date) -> dt.date | None:
    if not value:
        return None
    if not _DATE.fullmatch(value):
        raise Fault(f"{where}: {field} {value!r} is not YYYY-MM-DD")
    try:
        d = dt.date.fromisoformat(value)
    except ValueError as e:
        raise Fault(f"{where}: {field} {value!r} is not a real date ({e})") from None
    if d > today:
        raise Fault(f"{where}: {field} {value} is in the future")
    return d


def _number(value: str, where: str, field: str) -> float | None:
    if not value:
        return None
    try:
        x = float(value)
    except ValueError:
        raise Fault(f"{where}: {field} {value!r} is not a number") from None
    if not x > 0 or x != x or x == float("inf"):
        raise Fault(f"{where}: {field} {value!r} must be a positive number")
    return x


def _key(name: str) -> str:
    """Names compare without case, spaces and punctuation: 'Sentinel 1A' == 'sentinel-1a'."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", name).casefold() if ch.isalnum())


def check_row(row: dict[str, str], where: str, today: dt.date) -> None:
    for field, value in row.items():
        bad = _control(value)
        if bad:
            raise Fault(f"{where}: control character {bad} in {field}")
    if not _ID.fullmatch(row["id"]):
        raise Fault(f"{where}: id {row['id']!r} must be lower-case letters, digits and single hyphens")
    for field in ("satellite", "constellation", "operator", "source_urls"):
        if not row[field].strip():
            raise Fault(f"{where}: {field} is empty")

    if row["sensor"] not in SENSORS:
        raise Fault(f"{where}: sensor {row['sensor']!r} is not one of {sorted(SENSORS)}")
    status = row["status"]
    if status not in STATUSES:
        raise Fault(f"{where}: status {status!r} is not one of {sorted(STATUSES)}")

    launch = _date(row["launch_date"], where, "launch_date", today)
    end = _date(row["end_date"], where, "end_date", today)
    if launch and end and end < launch:
        raise Fault(f"{where}: end_date {end} is before launch_date {launch}")
    if status in ("operating", "unknown") and (end or row["end_reason"]):
        raise Fault(f"{where}: status {status} but an end is given ({row['end_date'] or row['end_reason']})")
    if status == "failed_on_launch" and not (launch and end == launch):
        raise Fault(f"{where}: failed_on_launch needs launch_date and an equal end_date")
    if status in ("ended", "failed_on_launch") and not row["end_reason"].strip():
        raise Fault(f"{where}: status {status} needs an end_reason")
    if status == "ended" and not end and UNSOURCED_END not in row["notes"].lower():
        raise Fault(
            f"{where}: status ended without end_date (say '{UNSOURCED_END}' in notes if the day is unknown)"
        )

    native = _number(row["native_gsd_m"], where, "native_gsd_m")
    product = _number(row["product_gsd_m"], where, "product_gsd_m")
    _number(row["swath_km"], where, "swath_km")
    if (
        native is not None
        and product is not None
        and not (native / PRODUCT_RATIO <= product <= native * PRODUCT_RATIO)
    ):
        raise Fault(
            f"{where}: product_gsd_m {product:g} and native_gsd_m {native:g} differ by more than "
            f"a factor {PRODUCT_RATIO:g} (swapped or mistyped?)"
        )
    if row["altitude_km"] and not _ALT.fullmatch(row["altitude_km"]):
        raise Fault(f"{where}: altitude_km {row['altitude_km']!r} is not a number or a range a-b")

    for n in filter(None, row["norad_ids"].split(";")):
        if not n.isdigit():
            raise Fault(f"{where}: norad_ids entry {n!r} is not an integer")
    urls = row["source_urls"].split(";")
    for u in urls:
        if not _URL.fullmatch(u):
            raise Fault(f"{where}: source_urls entry {u!r} is not an http(s) URL")


def check(path: Path, today: dt.date | None = None) -> list[dict[str, str]]:
    today = today or dt.date.today()
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            raise Fault(f"{path.name}: empty file") from None
        if header != COLUMNS:
            raise Fault(f"{path.name}: header must be exactly {','.join(COLUMNS)}")
        rows: list[dict[str, str]] = []
        for n, fields in enumerate(reader, start=2):
            where = f"{path.name} line {n}" + (f" (id={fields[0]})" if fields else "")
            if len(fields) != len(COLUMNS):
                raise Fault(f"{where}: {len(fields)} fields, expected {len(COLUMNS)}")
            row = dict(zip(COLUMNS, fields))
            check_row(row, where, today)
            rows.append(row)
    if not rows:
        raise Fault(f"{path.name}: no rows")

    seen_ids: dict[str, int] = {}
    names: dict[str, tuple[str, str, str]] = {}  # key -> (id, constellation, the name as written)
    for n, row in enumerate(rows, start=2):
        where = f"{path.name} line {n} (id={row['id']})"
        if row["id"] in seen_ids:
            raise Fault(f"{where}: id already used on line {seen_ids[row['id']]}")
        seen_ids[row["id"]] = n
        mine = {row["satellite"], *filter(None, row["aliases"].split("|"))}
        for name in mine:
            k = _key(name)
            if not k:
                raise Fault(f"{where}: empty alias or name {name!r}")
            other = names.get(k)
            if other and other[0] != row["id"] and other[1] != row["constellation"]:
                raise Fault(
                    f"{where}: name/alias {name!r} also names {other[0]} ({other[2]!r}) "
                    f"in another constellation ({other[1]!r} vs {row['constellation']!r})"
                )
            names.setdefault(k, (row["id"], row["constellation"], name))
    return rows


def summary(rows: list[dict[str, str]]) -> str:
    out = [f"{len(rows)} rows OK"]
    for field in ("operator", "provider", "status"):
        out.append(f"rows per {field}:")
        for value, count in sorted(Counter(r[field] for r in rows).items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(f"  {count:4d}  {value}")
    missing = sum(1 for r in rows if not r["launch_date"])
    if missing:
        out.append(f"({missing} rows have no launch_date: constellation or generation rows, see notes)")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT
    try:
        rows = check(path)
    except Fault as e:
        print(f"check_satellites: {e}", file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        print(f"check_satellites: cannot read {path}: {e}", file=sys.stderr)
        return 2
    print(summary(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
