"""Independent evidence an analyst keeps: dated reports of imagery and events, one cited row each.

The table (default ``imagery_evidence.csv``, shipped with the package; any file
with the same columns through ``--evidence``) is validated row by row at load
time, so a bad row fails with its line before any check runs."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..claims import ImageryClaim, Site
from ..errors import InputError
from ..geo import distance_km
from ..paths import data_file
from ..sun import get_zone

#: A report within this distance of a site is about the same site.
SAME_SITE_KM = 2.0


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """A row of ``data/imagery_evidence.csv``."""

    id: str
    kind: str
    date: dt.date
    date_precision: str
    time_local: str
    tz: str
    site_id: str
    site_name: str
    lat: float | None
    lon: float | None
    provider: str
    sensor: str
    observations: tuple[str, ...]
    description: str
    source_url: str
    source_note: str

    def at(self) -> dt.datetime | None:
        """The local instant, when a time is given (validated by :func:`load_evidence`)."""
        if not self.time_local:
            return None
        t = dt.time.fromisoformat(self.time_local)
        return dt.datetime.combine(self.date, t, get_zone(self.tz or "UTC"))


_TIME_LOCAL = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?$")


def load_evidence(path: str | Path | None = None) -> list[EvidenceRow]:
    """Read the curated evidence table (default ``data/imagery_evidence.csv``).

    Every row is validated here (date, coordinates, ``time_local`` as HH:MM, ``tz``
    as an IANA zone), so a bad row fails at load time with its line, not later.

    Parameters
    ----------
    path : str or Path, optional
        A table to read instead of the default. A missing default table gives an
        empty list; a missing table given explicitly is an error.

    Raises
    ------
    InputError
        A table given but missing or unreadable, one not in UTF-8, a missing
        column, or a bad value (naming the file and line).
    """
    p = Path(path) if path else data_file("imagery_evidence.csv")
    if path is None and not p.exists():
        return []
    out = []
    try:
        with p.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            need = {"id", "kind", "date", "site_id", "lat", "lon", "provider", "sensor", "source_url"}
            missing = need - set(reader.fieldnames or ())
            if missing:
                raise InputError(f"evidence table lacks columns {sorted(missing)}", path=str(p))
            for n, row in enumerate(reader, 2):
                out.append(_evidence_row(row, str(p), n))
    except FileNotFoundError as exc:
        raise InputError("evidence table not found", path=str(p)) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"evidence table is not UTF-8 text ({exc.reason} at byte {exc.start})",
                         path=str(p)) from exc
    except csv.Error as exc:
        raise InputError(f"malformed CSV ({exc})", path=str(p)) from exc
    except OSError as exc:
        raise InputError(f"cannot read the evidence table ({exc.strerror or exc})", path=str(p)) from exc
    return out


def _evidence_row(row: dict[str, str | None], path: str, line: int) -> EvidenceRow:
    def val(key: str) -> str:
        return (row.get(key) or "").strip()

    try:
        date = dt.date.fromisoformat(val("date"))
        lat = float(val("lat")) if val("lat") else None
        lon = float(val("lon")) if val("lon") else None
    except ValueError as exc:
        raise InputError(f"bad value ({exc})", path=path, line=line) from exc
    if (lat is None) != (lon is None) or (lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180)):
        raise InputError(f"bad coordinates {val('lat')!r}, {val('lon')!r}", path=path, line=line)
    time_local = val("time_local")
    if time_local and not _TIME_LOCAL.match(time_local):
        raise InputError(f"time_local {time_local!r} is not HH:MM", path=path, line=line)
    tz = val("tz") or "UTC"
    try:
        get_zone(tz)
    except InputError as exc:
        raise InputError(str(exc), path=path, line=line) from exc
    return EvidenceRow(
        val("id"), val("kind"), date, val("date_precision") or "day", time_local, tz, val("site_id"),
        val("site_name"), lat, lon, val("provider"), val("sensor"),
        tuple(x for x in val("observations").split("|") if x), val("description"), val("source_url"),
        val("source_note"))


def _own_image(row: EvidenceRow, claim: ImageryClaim) -> bool:
    """True when an evidence row reports the very image the claim is about: the same named
    provider, and the claim pinned to that row's day."""
    named = claim.provider.lower() not in ("commercial", "unknown", "")
    return (named and row.provider.lower() == claim.provider.lower()
            and claim.window.start == claim.window.end == row.date)


def _same_site(row: EvidenceRow, site: Site) -> bool:
    if row.site_id and row.site_id == site.source_id:
        return True
    return row.lat is not None and row.lon is not None and \
        distance_km(row.lat, row.lon, site.lat, site.lon) <= SAME_SITE_KM


_NUMBER_FORMATION = "formations of the number"


def shared_observations(claimed: set[str] | Sequence[str], reported: Sequence[str]) -> list[str]:
    """The claim's observation labels a report also shows, sorted.

    Labels match exactly; a bare ``formations`` also matches a report of a
    number formation (and the reverse), but two different numbers do not.
    """
    def formation(label: str) -> bool:
        return label == "formations" or label.startswith(_NUMBER_FORMATION)

    return sorted({c for c in claimed for r in reported
                   if c == r or ("formations" in (c, r) and formation(c) and formation(r))})
