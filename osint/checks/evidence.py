"""Independent evidence an analyst keeps: dated reports of imagery and events, one cited row each.

The table (default ``imagery_evidence.csv``, shipped with the package; any file
with the same columns through ``--evidence``) is validated row by row at load
time, so a bad row fails with its line before any check runs."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..geo import distance_km
from ..io import read_limited
from ..model import ImageryClaim, Site
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
    #: The provider's id of the image (collect, scene or post), when known: reports of one image count once.
    image_id: str = ""
    #: Who first released the image or the finding ("Maxar Technologies (X/Twitter)", "VOA").
    original_source: str = ""
    #: The outlets it passed through, in order ("VOA|KBS World"): one chain counts once.
    relayed_via: tuple[str, ...] = ()
    #: Where the row was read from (``FILE:LINE``).
    origin: str = ""

    def chain(self) -> str:
        """The outlet chain the report came through: original source, then each relay."""
        return " <- ".join(x for x in (self.original_source, *self.relayed_via) if x)

    def at(self) -> dt.datetime | None:
        """The local instant, when a time is given (validated by :func:`load_evidence`)."""
        if not self.time_local:
            return None
        t = dt.time.fromisoformat(self.time_local)
        return dt.datetime.combine(self.date, t, get_zone(self.tz or "UTC"))


_TIME_LOCAL = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?$")


def load_evidence(path: str | Path | Sequence[str | Path] | None = None, *,
                  default: bool | None = None) -> list[EvidenceRow]:
    """Read the evidence table: the shipped one and any files or folders the analyst keeps.

    Every row is validated here (date, coordinates, ``time_local`` as HH:MM, ``tz``
    as an IANA zone), so a bad row fails at load time with its line, not later. A
    row whose ``id`` repeats an earlier row's replaces it (an analyst's correction of
    a shipped row).

    Parameters
    ----------
    path : str, Path or a list of them, optional
        CSV files, or folders whose ``*.csv`` files are read in name order.
    default : bool, optional
        Include the shipped ``data/imagery_evidence.csv`` first. Default: only when no
        ``path`` is given (pass True to extend it, as ``osint crossref --evidence`` does).

    Raises
    ------
    InputError
        A table given but missing or unreadable, a folder without CSV files, one not in
        UTF-8, a missing column, or a bad value (naming the file and line).
    """
    given: list[Path] = []
    for x in ([] if path is None else [path] if isinstance(path, (str, Path)) else list(path)):
        p = Path(x)
        if p.is_dir():
            files = sorted(f for f in p.glob("*.csv") if f.is_file())
            if not files:
                raise InputError("evidence folder holds no .csv file", path=str(p))
            given.extend(files)
        else:
            given.append(p)
    use_default = default if default is not None else not given
    tables = ([data_file("imagery_evidence.csv")] if use_default else []) + given
    rows: dict[str, EvidenceRow] = {}
    anon = 0
    for p in tables:
        if p == data_file("imagery_evidence.csv") and not p.exists():
            continue
        for row in _read_table(p):
            key = row.id or f"__row{(anon := anon + 1)}"
            rows.pop(key, None)
            rows[key] = row
    return list(rows.values())


def _read_table(p: Path) -> list[EvidenceRow]:
    # Through read_limited: a FIFO, a device or /dev/zero given as --evidence is refused at
    # once, and a table larger than the input cap is refused instead of filling memory.
    data = read_limited(p, what="evidence table")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"evidence table is not UTF-8 text ({exc.reason} at byte {exc.start})",
                         path=str(p)) from exc
    out = []
    try:
        reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
        need = {"id", "kind", "date", "site_id", "lat", "lon", "provider", "sensor", "source_url"}
        missing = need - set(reader.fieldnames or ())
        if missing:
            raise InputError(f"evidence table lacks columns {sorted(missing)}", path=str(p))
        for n, row in enumerate(reader, 2):
            out.append(_evidence_row(row, str(p), n))
    except csv.Error as exc:
        raise InputError(f"malformed CSV ({exc})", path=str(p)) from exc
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
        val("source_note"), val("image_id"), val("original_source"),
        tuple(x.strip() for x in val("relayed_via").split("|") if x.strip()), f"{path}:{line}")


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


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def independent_groups(rows: Sequence[EvidenceRow]) -> list[list[EvidenceRow]]:
    """Group reports that are not independent: the same image (``image_id``), or the same outlet
    chain (original source and relays, e.g. "Planet <- VOA <- KBS World"). Each group counts once."""
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    keys: dict[str, int] = {}
    for i, r in enumerate(rows):
        ks = []
        if r.image_id:
            ks.append("image:" + _norm(r.image_id))
        if r.original_source or r.relayed_via:
            ks.append("chain:" + _norm(r.chain()))
        for k in ks:
            if k in keys:
                parent[find(i)] = find(keys[k])
            else:
                keys[k] = i
    groups: dict[int, list[EvidenceRow]] = {}
    for i, r in enumerate(rows):
        groups.setdefault(find(i), []).append(r)
    return list(groups.values())


def is_self_report(row: EvidenceRow, claim: ImageryClaim, article_url: str = "") -> str | None:
    """Why a report *is* the claim (never its corroboration), or None.

    The same URL as the article; or a report whose source or chain names the claim's
    speaker or the speaker's organisation (the claim relayed back).
    """
    if article_url and row.source_url and row.source_url.rstrip("/") == article_url.rstrip("/"):
        return "it is the article itself"
    chain = _norm(" ".join((row.chain(), row.source_note)))
    st = claim.statement
    sp = st.speaker if st else None
    for who in (sp.name if sp else "", sp.affiliation if sp else "", sp.acronym if sp else ""):
        if who and len(who) > 2 and re.search(rf"\b{re.escape(_norm(who))}\b", chain):
            return f"its source chain names the claim's own speaker or organisation ({who})"
    return None
