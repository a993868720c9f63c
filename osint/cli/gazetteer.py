"""``osint gazetteer``: build the index, install GeoNames countries, list them, check a layer file."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``osint gazetteer build|install|list|remove|check``."""
    p = sub.add_parser(
        "gazetteer", help="install full GeoNames countries; check your own place layers",
        description="The embedded gazetteer knows towns of 500 people and more, divisions, airports "
                    "and curated sites. 'build' builds its index into the cache folder now (about a "
                    "minute, once; the first geoparse does it otherwise). 'install --countries IR,UA' "
                    "downloads GeoNames' full dump of each country (villages, air bases, reefs, "
                    "bridges, plants; CC BY 4.0) into the "
                    "cache folder; from then on the offline geoparser knows them. 'list' shows what "
                    "is installed, 'remove' deletes it. 'check FILE' reads a layer of your own "
                    "(CSV, GeoJSON, KML/KMZ) as --gazetteer would and says what it holds.",
    )
    p.add_argument("action", choices=["build", "install", "list", "remove", "check"])
    p.add_argument("files", nargs="*", metavar="FILE", help="check: the layer files")
    p.add_argument("--countries", metavar="CODES",
                   help="install/remove: ISO country codes, comma-separated (IR,UA)")
    p.add_argument("--no-alternates", action="store_true",
                   help="install: skip GeoNames' alternate-names file (smaller, fewer spellings)")
    p.set_defaults(func=run)


def _codes(raw: str | None) -> list[str]:
    from ..errors import InputError

    codes = [c.strip().upper() for c in (raw or "").split(",") if c.strip()]
    if not codes:
        raise InputError("--countries is required: ISO country codes, comma-separated (IR,UA)")
    return list(dict.fromkeys(codes))


def run(args: argparse.Namespace) -> int:
    """Install, list, remove GeoNames countries, or check layer files."""
    from ..errors import InputError
    from ..escape import terminal

    if args.action == "check":
        from ..gazetteer.layers import describe, read_layer

        if not args.files:
            raise InputError("check: name the layer files (CSV, GeoJSON, KML/KMZ)")
        for f in args.files:
            print(terminal(f"{f}: {describe(read_layer(f))}"))
        return 0
    if args.files:
        raise InputError(f"{args.action} takes no files (did you mean: check {' '.join(args.files)})")
    if args.action == "build":
        from ..gazetteer.build import base_index_path, load_gazetteer

        path = base_index_path()
        if path.exists():
            print(terminal(f"the gazetteer index is built: {path}"))
            return 0
        gaz = load_gazetteer()
        print(terminal(f"{len(gaz):,} places -> {gaz.path}"))
        return 0
    from ..online.geonames import install_country, list_installed, remove_installed

    if args.action == "list":
        rows = list(list_installed())
        if not rows:
            print("no GeoNames countries installed (osint gazetteer install --countries IR,UA)")
        for h in rows:
            if "damaged" in h:
                print(terminal(f"{h['country']}: damaged ({h['damaged']}); install it again"))
            else:
                print(terminal(f"{h['country']}: {h['rows']:,} places, fetched {h['fetched_at']} "
                               f"from {h['source']} -> {h['path']}"))
        return 0
    codes = _codes(args.countries)
    if args.action == "remove":
        for cc in codes:
            print(f"{cc}: removed" if remove_installed(cc) else f"{cc}: not installed")
        return 0
    from ..gazetteer import load_gazetteer

    known = load_gazetteer().country_index
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise InputError(f"not country codes the gazetteer knows: {', '.join(unknown)}")
    for cc in codes:
        print(f"osint: {cc}: downloading from GeoNames ...", file=sys.stderr)
        print(terminal(str(install_country(cc, alternates=not args.no_alternates))))
    print("the next run lays them over the embedded gazetteer (built once, then cached)", file=sys.stderr)
    return 0
