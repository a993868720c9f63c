"""``osint cache``: show or clear the caches of online answers."""

from __future__ import annotations

from typing import Any


def _size(n: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000  # type: ignore[assignment]
    return f"{n} B"  # pragma: no cover


def run(args: Any) -> int:
    """Show or clear every cache of online answers."""
    from ..escape import terminal
    from ..io import warn_stderr
    from ..online.cache import GEOCODER, SERVICE, AnswerCache, clear_legacy, legacy_counts, legacy_root

    def say(line: str) -> None:
        # Provider names and folder names come from the cache's rows and files: never raw.
        print(terminal(line).replace("\n", " "))

    cache = AnswerCache(warn=warn_stderr)
    if args.action == "info":
        info = cache.info()
        say(f"geocoding answers: {info.path}")
        if not info.exists:
            say("  no cache yet (it is made by the first online run)")
        else:
            say(f"  size: {_size(info.size_bytes)}")
            for provider, n in info.geocoders.items():
                say(f"  {provider}: {n} answers")
            say(f"  total: {sum(info.geocoders.values())} answers")
        # The cross-reference's answers share the file; former JSON answers not yet moved into it
        # are counted with them.
        counts = dict(info.services)
        for service, n in legacy_counts().items():
            counts[service] = counts.get(service, 0) + n
        say(f"imagery cross-reference answers: {info.path}")
        if not counts:
            say("  none cached")
        for service, n in sorted(counts.items()):
            say(f"  {service}: {n} answers")
    else:
        deleted = cache.clear(kind=GEOCODER if args.provider else None, provider=args.provider)
        which = f"{args.provider} " if args.provider else ""
        say(f"deleted {deleted[GEOCODER]} {which}geocoding answers from {cache.path}")
        if not args.provider:
            gone = clear_legacy()
            where = f"{cache.path}" + (f" and {legacy_root()}" if gone else "")
            say(f"deleted {deleted[SERVICE] + gone} imagery cross-reference answers from {where}")
    return 0


def register(sub: Any) -> None:
    """Add ``osint cache info|clear`` to the command line's subparsers."""
    p = sub.add_parser(
        "cache", help="show or clear the caches of online answers",
        description="Online answers (geocoders' and the imagery cross-reference's catalogs, weather "
                    "and orbits, in one SQLite file) are kept in the cache folder "
                    "($OSINT_CACHE_DIR, by default data/interim/), so runs repeat offline. "
                    "'info' shows what is cached; 'clear' deletes it.",
    )
    p.add_argument("action", choices=["info", "clear"])
    p.add_argument("--provider", help="clear: only this geocoder's answers (nominatim, photon, ...); "
                                      "without it, every cache is cleared")
    p.set_defaults(func=run)
