"""GeoNames per-country dumps: the optional full gazetteer layer (``osint gazetteer install``).

The embedded gazetteer holds towns of 500 people and more; GeoNames' country
dumps (``<OSINT_GEONAMES_URL>/XX.zip``, tab-separated, the ``geoname`` table of
its readme) hold every feature it knows there: villages, air bases, reefs,
bridges, power stations. :func:`install_country` downloads one (and, when
GeoNames has it, ``alternatenames/XX.zip`` for English and historic names),
keeps what an English text can name, and writes it as an installed layer
(:mod:`osint.gazetteer.installed`) that the offline geoparser reads from then on.

The answer is hostile like every online answer: the download's size, the
archive's unpacked size and packing ratio, each line's length and the number of
rows are capped (a cap reached is one error naming the archive and the limit);
rows are streamed to the installed layer, never all held in memory; each row is
checked (columns, finite coordinates in range, short names) and a bad row is
skipped and counted, never trusted.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import itertools
import json
import math
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, ServiceError
from ..gazetteer.build import _usable_alternate
from ..gazetteer.entries import GEONAMES_URL
from ..gazetteer.installed import FORMAT, VERSION, installed_layers, layer_path, read_header
from ..io import atomic_output
from .http import base_url, request

ENV = "OSINT_GEONAMES_URL"
#: The largest country dump accepted (the United States' is about 350 MB unpacked, 100 MB zipped).
MAX_DUMP_BYTES = 512 * 2**20
#: The most rows a dump may have (the United States, the largest, has about 2.3 million).
MAX_ROWS = 3_000_000
#: The longest line read (a row with all its alternate names is a few kilobytes).
MAX_LINE_BYTES = 256 * 2**10
#: The most an archive member may unpack to, and the most it may be packed (GeoNames' text
#: packs about 3-4 to 1 with deflate; a zip bomb, hundreds or thousands to 1).
MAX_UNPACKED_BYTES = 2 * 2**30
MAX_PACKING_RATIO = 25
#: The most alternate names kept for one place.
MAX_ALTERNATES = 40
#: Seconds one download may take in all.
TIMEOUT = 900.0
ATTRIBUTION = "GeoNames (geonames.org), CC BY 4.0"

#: GeoNames feature codes -> this gazetteer's features; classes give the rest (see _feature).
CODES = {
    "AIRB": "air_base", "AIRP": "airport", "AIRF": "airfield", "AIRQ": "airfield", "AIRH": "heliport",
    "MILB": "military_base", "INSM": "military_installation", "NVB": "naval_base",
    "BDG": "bridge", "DAM": "dam", "PS": "power_station", "PSN": "nuclear_power_station",
    "PRT": "port", "HBR": "harbour", "RF": "reef", "RFC": "reef", "RFU": "reef", "SHOL": "shoal",
    "SHLU": "shoal", "ATOL": "atoll", "ISL": "island", "ISLS": "islands", "ISLET": "island",
    "MT": "mountain", "MTS": "mountains", "PK": "mountain", "HLL": "hill", "PEN": "peninsula",
    "CAPE": "cape", "SEA": "sea", "STRT": "strait", "BAY": "bay", "GULF": "gulf", "CHN": "channel",
    "LK": "lake", "STM": "river", "RSV": "reservoir", "CNL": "canal",
    "ADM1": "admin1", "ADM2": "admin2", "ADM3": "district", "ADM4": "district", "ADM5": "district",
    "ADMD": "district", "PPLX": "neighbourhood", "PPLH": "former_place", "PPLQ": "former_place",
    "PPLW": "former_place", "MNQ": "mine", "MN": "mine", "MFG": "factory", "OILR": "refinery",
    "CMP": "camp", "CMPRF": "refugee_camp", "PRN": "prison", "BLDG": "building", "SQR": "square",
    "TNL": "tunnel", "RSTN": "railway_station", "PSTB": "border_post",
}
#: Feature classes (first letter) for codes not listed; None: not read (roads, railways).
CLASSES = {"P": "city", "A": "district", "S": "site", "H": "water", "T": "terrain", "L": "area",
           "U": "undersea", "V": "area", "R": None}
#: Alternate-name languages kept: English, none given, and historic names in any language.
LANGUAGES = {"en", ""}
_SKIP_LANGS = {"link", "wkdt", "post", "iata", "icao", "faac", "abbr", "unlc", "fr_1793", "tcid"}


@dataclass(frozen=True)
class Installed:
    """What one install wrote: the country, where, how many places, and what was skipped."""

    country: str
    path: Path
    rows: int
    skipped: int
    alternates: bool
    fetched_at: str

    def __str__(self) -> str:
        alt = "with" if self.alternates else "without"
        skipped = f", {self.skipped:,} malformed rows skipped" if self.skipped else ""
        return (f"{self.country}: {self.rows:,} places {alt} GeoNames alternate names{skipped}, "
                f"fetched {self.fetched_at} -> {self.path}")


def _feature(fclass: str, code: str) -> str | None:
    if code in CODES:
        return CODES[code]
    if fclass == "P":
        return "city"
    return CLASSES.get(fclass, "site")


def _zip_lines(data: bytes, name: str, what: str) -> Iterator[str]:
    """The lines of one text member of a zip archive, streamed, each cap checked as it is met.

    Raises
    ------
    ServiceError
        Not a zip archive, no text member, a member that unpacks too large or is packed
        suspiciously tight (a zip bomb), or a line longer than :data:`MAX_LINE_BYTES`.
    """
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ServiceError(f"GeoNames: {what} is not a zip archive ({exc})") from exc
    members = {i.filename: i for i in z.infolist()}
    info = members.get(name) or next((i for n, i in members.items() if n.endswith(".txt")
                                      and not n.startswith("readme")), None)
    if info is None:
        raise ServiceError(f"GeoNames: {what} holds no {name}")
    if info.file_size > MAX_UNPACKED_BYTES:
        raise ServiceError(f"GeoNames: {what} unpacks to {info.file_size:,} bytes, more than the "
                           f"{MAX_UNPACKED_BYTES:,} accepted")
    if info.file_size > 2**20 and info.file_size > MAX_PACKING_RATIO * max(info.compress_size, 1):
        raise ServiceError(f"GeoNames: {what} is packed {info.file_size // max(info.compress_size, 1):,} "
                           f"to 1, more than the {MAX_PACKING_RATIO} to 1 of a real dump; not read")
    unpacked = 0
    try:
        with z.open(info) as fh:  # reads at most the member's stated size, then checks its CRC
            for n in itertools.count(1):
                raw = fh.readline(MAX_LINE_BYTES + 1)
                if not raw:
                    return
                unpacked += len(raw)
                if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                    raise ServiceError(f"GeoNames: {what} line {n} is longer than {MAX_LINE_BYTES:,} bytes; "
                                       "not a GeoNames dump")
                if unpacked > MAX_UNPACKED_BYTES:
                    raise ServiceError(f"GeoNames: {what} unpacks to more than {MAX_UNPACKED_BYTES:,} bytes")
                yield raw.decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ServiceError(f"GeoNames: {what} is damaged ({exc})") from exc


def parse_alternates(data: bytes, country: str) -> dict[str, list[str]]:
    """GeoNames id -> its English, untagged and historic names, from ``alternatenames/XX.zip``
    (columns: alternateNameId, geonameid, isolanguage, alternate name, isPreferredName,
    isShortName, isColloquial, isHistoric, from, to). At most :data:`MAX_ALTERNATES` names a
    place and :data:`MAX_ROWS` rows are read."""
    out: dict[str, list[str]] = {}
    what = f"alternatenames/{country}.zip"
    for n, line in enumerate(_zip_lines(data, f"{country}.txt", what), 1):
        if n > MAX_ROWS * 4:
            raise ServiceError(f"GeoNames: {what} has more than {MAX_ROWS * 4:,} rows")
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 8 or not cols[1].isdigit():
            continue
        lang, name, colloquial, historic = cols[2], cols[3].strip(), cols[6] == "1", cols[7] == "1"
        if lang in _SKIP_LANGS or colloquial or not (lang in LANGUAGES or historic):
            continue
        if 0 < len(name) <= 200 and _usable_alternate(name):
            names = out.setdefault(cols[1], [])
            if len(names) < MAX_ALTERNATES:
                names.append(name)
    return out


class _Tally:
    skipped = 0


def iter_dump(data: bytes, country: str, alternates: dict[str, list[str]] | None = None,
              tally: _Tally | None = None) -> Iterator[dict]:
    """The rows of a country dump (the ``geoname`` table: 19 tab-separated columns), streamed,
    as gazetteer rows with their GeoNames id and page; malformed rows are counted in ``tally``."""
    tally = tally if tally is not None else _Tally()
    for n, line in enumerate(_zip_lines(data, f"{country}.txt", f"{country}.zip"), 1):
        if n > MAX_ROWS:
            raise ServiceError(f"GeoNames: {country}.zip has more than {MAX_ROWS:,} rows")
        row = _row(line.rstrip("\n").split("\t"), country, alternates)
        if row is None:
            tally.skipped += 1
        elif row:
            yield row


def parse_dump(data: bytes, country: str, alternates: dict[str, list[str]] | None = None,
               ) -> tuple[list[dict], int]:
    """The rows of a country dump as a list, and how many malformed rows were skipped."""
    tally = _Tally()
    rows = list(iter_dump(data, country, alternates, tally))
    return rows, tally.skipped


def _row(cols: list[str], country: str, alternates: dict[str, list[str]] | None) -> dict | None:
    """One gazetteer row; {} for a feature not read (a road), None for a malformed line."""
    if len(cols) < 19 or not cols[0].isdigit():
        return None
    gid, name, ascii_name = cols[0], cols[1].strip(), cols[2].strip()
    try:
        lat, lon = float(cols[4]), float(cols[5])
        population = int(cols[14] or 0)
    except ValueError:
        return None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    if not name or len(name) > 200 or population < 0:
        return None
    feature = _feature(cols[6], cols[7])
    if feature is None:
        return {}
    if alternates is not None:
        alts = alternates.get(gid, [])
    else:
        column = (x.strip() for x in cols[3].split(","))
        alts = [a for a in column if 0 < len(a) <= 200 and _usable_alternate(a)]
    names = list(dict.fromkeys(n for n in (ascii_name, *alts) if n and n != name))[:40]
    cc = cols[8].strip().upper() or country
    if not re.fullmatch(r"[A-Z]{2}", cc):
        cc = country
    return {
        "name": name, "alternates": names, "lat": lat, "lon": lon, "feature": feature,
        "country_code": cc, "admin1": cols[10].strip()[:20], "population": min(population, 10**9),
        "source": "geonames", "source_id": gid, "source_url": GEONAMES_URL.format(id=gid),
        "geonames_code": f"{cols[6]}.{cols[7]}"[:12],
    }


def install_country(country: str, *, alternates: bool = True,
                    fetch: Callable[[str], bytes | None] | None = None,
                    now: Callable[[], dt.datetime] | None = None) -> Installed:
    """Download one country's GeoNames dump and install it as a gazetteer layer.

    Parameters
    ----------
    country : str
        ISO 3166-1 alpha-2 code ("IR").
    alternates : bool, default True
        Also fetch ``alternatenames/XX.zip`` (English and historic names); without it, or when
        GeoNames has none, the dump's own alternate-name column is used.
    fetch : callable, optional
        URL -> bytes, or None for 404 (tests pass their own); default: a bounded GET.

    Raises
    ------
    InputError
        Not a country code.
    ServiceError
        GeoNames unreachable, no dump for the country, or a malformed answer.
    """
    cc = country.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", cc):
        raise InputError(f"{country!r} is not a two-letter country code (ISO 3166-1)")
    get = fetch or _get
    base = base_url(ENV)
    data = get(f"{base}/{cc}.zip")
    if data is None:
        raise ServiceError(f"GeoNames has no dump for {cc} ({base}/{cc}.zip: not found)")
    alt_names = None
    if alternates:
        alt = get(f"{base}/alternatenames/{cc}.zip")
        alt_names = parse_alternates(alt, cc) if alt is not None else None
    tally = _Tally()
    with tempfile.TemporaryFile() as body:
        count = _write_rows(body, iter_dump(data, cc, alt_names, tally))
        if not count:
            raise ServiceError(f"GeoNames: {cc}.zip holds no usable rows ({tally.skipped} malformed)")
        fetched = (now or (lambda: dt.datetime.now(dt.UTC)))().replace(microsecond=0).isoformat()
        head = {"format": FORMAT, "version": VERSION, "country": cc, "source": f"{base}/{cc}.zip",
                "alternate_names": f"{base}/alternatenames/{cc}.zip" if alt_names is not None else None,
                "fetched_at": fetched, "rows": count, "skipped": tally.skipped, "attribution": ATTRIBUTION}
        path = layer_path(cc)
        path.parent.mkdir(parents=True, exist_ok=True)
        # The header is a gzip member of its own, the rows (already packed) the next one:
        # gzip readers read concatenated members as one stream.
        body.seek(0)
        with atomic_output(path, binary=True, private=True) as fh:
            with gzip.GzipFile(fileobj=fh, mode="wb", mtime=0) as gz:
                gz.write((json.dumps(head, ensure_ascii=False) + "\n").encode("utf-8"))
            shutil.copyfileobj(body, fh)
    return Installed(cc, path, count, tally.skipped, alt_names is not None, fetched)


def _write_rows(fh, rows: Iterable[dict]) -> int:
    """Pack rows as gzipped JSON lines into ``fh``; return how many."""
    n = 0
    with gzip.GzipFile(fileobj=fh, mode="wb", mtime=0) as gz:
        for row in rows:
            gz.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))
            n += 1
    return n


def _get(url: str) -> bytes | None:
    resp = request("GET", url, timeout=TIMEOUT, max_bytes=MAX_DUMP_BYTES, service="GeoNames")
    if resp.status == 404:
        return None
    if resp.status != 200:
        raise ServiceError(f"GeoNames: {url} answered HTTP {resp.status}")
    return resp.body


def list_installed() -> Iterator[dict]:
    """The installed countries' headers (country, rows, fetched_at, source), each with its path."""
    for p in installed_layers():
        try:
            head = read_header(p)
        except Exception as exc:  # a damaged file is listed as such, not hidden
            yield {"country": Path(p).name[:2], "path": p, "damaged": str(exc)}
            continue
        yield {**head, "path": p}


def remove_installed(country: str) -> bool:
    """Remove an installed country; True when there was one."""
    cc = country.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", cc):
        raise InputError(f"{country!r} is not a two-letter country code (ISO 3166-1)")
    p = layer_path(cc)
    if p.exists():
        p.unlink()
        return True
    return False
