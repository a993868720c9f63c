"""``osint sun``: the sun's elevation, azimuth and phase of day at a place and time, offline."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from ..errors import InputError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``sun`` subcommand."""
    p = sub.add_parser(
        "sun", help="the sun's elevation, azimuth and phase of day at a place and time (offline)",
        description="Solar position for chronolocation, computed offline (skyfield + DE421).",
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument("--place", help="a place name from the gazetteer (\"Kim Il Sung Square\")")
    where.add_argument("--lat", type=float, help="latitude (with --lon)")
    p.add_argument("--lon", type=float, help="longitude (with --lat)")
    p.add_argument("--at", required=True, help="ISO 8601 time with offset, e.g. 2023-07-27T21:16+09:00")
    p.add_argument("--tz", help="IANA zone for sunrise/sunset times (default: the offset of --at)")
    p.add_argument("--format", choices=["json", "text"], default="text")
    p.set_defaults(func=run)


def parse_instant(text: str) -> dt.datetime:
    """Parse an ISO 8601 instant with a UTC offset ("2023-07-27T21:16+09:00", "...Z")."""
    try:
        at = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise InputError(f"--at {text!r} is not an ISO 8601 time") from exc
    if at.tzinfo is None:
        raise InputError(f"--at {text!r} has no UTC offset; add one such as +09:00 or Z")
    return at


def place_point(name: str) -> tuple[float, float, str, str]:
    """Look a place up in the embedded gazetteer: (lat, lon, name, source)."""
    from ..gazetteer import load_gazetteer

    gaz = load_gazetteer()
    hits = gaz.lookup(name)
    if not hits:
        close = close_names(gaz, name)
        hint = f"did you mean {' or '.join(repr(c) for c in close)}? Or " if close else ""
        raise InputError(f"place {name!r} is not in the gazetteer; {hint}give --lat and --lon")
    e = hits[0]
    source = f"{e.source}:{e.source_id} {e.source_url}"
    if len(hits) > 1:
        # Say which reading was taken: "Georgia" is a country and a US state.
        others = "; ".join(f"{h.name} ({h.feature}, {h.country_code or '-'})" for h in hits[1:4])
        source += f" (the first of {len(hits)} readings; others: {others}; give --lat/--lon to choose)"
    return e.lat, e.lon, e.name, source


def close_names(gaz: Any, name: str, n: int = 3) -> list[str]:
    """The gazetteer's names closest in spelling to ``name`` (difflib), closest first.

    Only keys that start with the same letter and are about as long are compared, so the
    look-up stays quick over the whole index.
    """
    import difflib

    from ..text import name_key

    key = name_key(name)
    if not key:
        return []
    pool = [k for k in gaz.names if k[:1] == key[:1] and abs(len(k) - len(key)) <= 3]
    keys = difflib.get_close_matches(key, pool, n=8, cutoff=0.75)
    # Each key as its most prominent place calls itself ("pyongyang" -> "Pyongyang").
    names = [hits[0].name for hits in (gaz.lookup(k) for k in keys) if hits]
    return list(dict.fromkeys(names))[:n]


def run(args: argparse.Namespace) -> int:
    """Compute the sun at the place and time asked, and print it."""
    from ..io import atomic_output
    from ..sun import check_in_range, get_zone, sun_position, sun_times

    if args.place:
        lat, lon, name, source = place_point(args.place)
    elif args.lat is not None and args.lon is not None:
        lat, lon, name, source = args.lat, args.lon, None, "given coordinates"
    else:
        raise InputError("give --place NAME or both --lat and --lon")
    at = parse_instant(args.at)
    # Validate everything before computing anything: one clear error, no traceback.
    zone = get_zone(args.tz) if args.tz else dt.timezone(at.utcoffset() or dt.timedelta(0))
    check_in_range(at)
    pos = sun_position(lat, lon, at)
    rec = pos.as_dict()
    rec.update(place=name, place_source=source)
    # The local day is the day at the place in the zone asked for, not in the --at offset.
    local_day = at.astimezone(zone).date()
    st = sun_times(lat, lon, local_day, zone)
    rec["times"] = st.as_dict()
    with atomic_output(None) as out:
        if args.format == "json":
            json.dump(rec, out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            from ..escape import terminal

            name = terminal(name) if name else name
            source = terminal(source)
            out.write(f"{name or f'{lat}, {lon}'} at {at.isoformat()}: elevation {pos.elevation:.1f} deg, "
                      f"azimuth {pos.azimuth:.1f} deg, {pos.phase}\n")
            out.write(f"{local_day} ({st.tz}): sunrise {st.hhmm('sunrise')}  sunset {st.hhmm('sunset')}  "
                      f"civil dusk {st.hhmm('civil_dusk')}  nautical dusk {st.hhmm('nautical_dusk')}\n")
            out.write(f"point: {lat:.5f}, {lon:.5f} ({source})\n")
    return 0
