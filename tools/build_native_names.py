"""Write ``data/native_names_iso.csv``: country and division names in Korean, Russian and Ukrainian
from the standards' own name lists, each row with its source.

- Country names: Unicode CLDR territory names (read through Babel, which ships CLDR), for every
  country the gazetteer holds (``data/countries.csv``), in ``ko``, ``ru`` and ``uk``.
- Region names: the CLDR names of the UN M49 regions and continents ("Eastern Europe", "North
  America") that ``data/regions.csv`` holds.
- Division names: ISO 3166-2 subdivision names in the iso-codes project's translations (read
  through pycountry, which ships them): Ukraine's oblasts in Ukrainian (their ISO names are
  romanised Ukrainian) and Russian, Russia's federal subjects in Ukrainian. Each ISO subdivision
  is joined to the GeoNames first-order division of ``data/admin1.csv`` whose name or alternate
  name is the same romanised name (letters only compared); one that joins to none is left out.

Babel and pycountry are needed only to run this script, never by the package.

Usage::

    python tools/build_native_names.py            # rewrites data/native_names_iso.csv
"""

from __future__ import annotations

import csv
import gettext
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "native_names_iso.csv"
LANGS = ("ko", "ru", "uk")
#: ISO 3166-2 subdivisions translated, and into which languages.
DIVISIONS = {"UA": ("uk", "ru"), "RU": ("uk",)}


def _loose(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def _countries() -> list[dict[str, str]]:
    import babel
    from babel import Locale
    from babel.core import get_cldr_version

    src = (f"Unicode CLDR {get_cldr_version()} territory names (Babel {babel.__version__}) "
           "https://cldr.unicode.org/")
    out = []
    with (ROOT / "data" / "countries.csv").open(encoding="utf-8") as fh:
        countries = list(csv.DictReader(fh))
    for lang in LANGS:
        names = Locale(lang).territories
        for c in countries:
            name = names.get(c["iso2"])
            if name:
                out.append({"name": name, "lang": lang, "ref": c["geonameid"], "english": c["name"],
                            "source_url": f"{src} ({c['iso2']})"})
    return out


def _regions() -> list[dict[str, str]]:
    """The world's regions and continents (UN M49 codes, "151" Eastern Europe) by their CLDR
    names, joined to the region of ``data/regions.csv`` whose name is CLDR's English name; in
    Korean also without the spaces CLDR puts between its words ("중앙 아시아"): a Korean article
    writes the name as one word ("중앙아시아"), and the Korean reader reads words."""
    import babel
    from babel import Locale
    from babel.core import get_cldr_version

    src = (f"Unicode CLDR {get_cldr_version()} territory names (Babel {babel.__version__}) "
           "https://cldr.unicode.org/")
    with (ROOT / "data" / "regions.csv").open(encoding="utf-8") as fh:
        regions = {_loose(r["name"]): r for r in csv.DictReader(fh) if r["feature"] == "region"}
    english = Locale("en").territories
    out = []
    for lang in LANGS:
        names = Locale(lang).territories
        for code in sorted(c for c in english if c.isdigit()):
            row = regions.get(_loose(english[code]))
            name = names.get(code)
            if row is None or not name:
                continue
            forms = [name] + ([name.replace(" ", "")] if lang == "ko" and " " in name else [])
            for form in forms:
                note = "" if form == name else f", written as one word ('{name}')"
                out.append({"name": form, "lang": lang, "ref": row["geonameid"], "english": row["name"],
                            "source_url": f"{src} (M49 {code}{note})"})
    return out


def _divisions() -> list[dict[str, str]]:
    import pycountry

    with (ROOT / "data" / "admin1.csv").open(encoding="utf-8") as fh:
        admin1 = list(csv.DictReader(fh))
    out = []
    for cc, langs in DIVISIONS.items():
        by_name: dict[str, dict[str, str]] = {}
        for row in admin1:
            if row["country_code"] == cc:
                for n in [row["name"], *row["alternate_names"].split("|")]:
                    by_name.setdefault(_loose(n), row)
        for lang in langs:
            tr = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang])
            for sub in sorted(pycountry.subdivisions.get(country_code=cc), key=lambda s: s.code):
                row = by_name.get(_loose(sub.name))
                name = tr.gettext(sub.name)
                if row is None or name == sub.name:
                    continue
                version = getattr(pycountry, "__version__", "")
                out.append({"name": name, "lang": lang, "ref": row["geonameid"], "english": row["name"],
                            "source_url": f"ISO 3166-2 {sub.code} (iso-codes translation, pycountry "
                                          f"{version})".replace(" )", ")")})
    # A translation given to two subdivisions of one language is an error of the translation
    # (iso-codes once gave Krasnoyarsk Krai Krasnodar's Ukrainian name): both are left out.
    refs: dict[tuple[str, str], set[str]] = {}
    for r in out:
        refs.setdefault((r["name"], r["lang"]), set()).add(r["ref"])
    return [r for r in out if len(refs[(r["name"], r["lang"])]) == 1]


def main() -> None:
    rows = _countries() + _regions() + _divisions()
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ["name", "lang", "ref", "english", "source_url"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} rows")


if __name__ == "__main__":
    main()
