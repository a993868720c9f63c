"""Tools for the real-article sets: find a mention's occurrence, validate a set.

Usage::

    python benchmarks/real/annotate.py locate FILE ID MENTION  # every occurrence, with context
    python benchmarks/real/annotate.py check FILE [FILE ...]   # validate; exit 2 on a fault
    python benchmarks/real/annotate.py stats FILE [FILE ...]   # articles, outlets, places, traps

A set file is JSON Lines, one article per line (see README.md in this folder). An occurrence is
the 0-based index among the raw, case-sensitive substring occurrences of the mention in the
text, so that "평양" inside "평양에서" and "Kerch" inside "Kerch Strait" both count.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections import Counter
from pathlib import Path

PLACE_KINDS = {
    "country", "region", "admin1", "admin2", "city", "town", "village", "district", "island", "reef",
    "sea", "strait", "gulf", "bay", "river", "lake", "mountain", "desert", "peninsula", "airbase",
    "airport", "naval_base", "military_base", "port", "shipyard", "nuclear_site", "energy_site",
    "dam", "bridge", "crossing", "camp", "facility", "landmark", "square", "border", "coordinates",
    "continent", "other",
}
TRAP_TYPES = {
    "person", "organisation", "unit", "fleet", "vessel", "outlet", "weapon", "aircraft",
    "company", "people", "event", "satellite", "other",
}


def occurrences(text: str, mention: str) -> list[int]:
    """Start offsets of every raw occurrence of ``mention`` in ``text``."""
    out, i = [], text.find(mention)
    while i >= 0:
        out.append(i)
        i = text.find(mention, i + 1)
    return out


def span(text: str, mention: str, occurrence: int) -> tuple[int, int]:
    """The (start, end) of the given occurrence; ValueError when there is none."""
    starts = occurrences(text, mention)
    if occurrence >= len(starts):
        raise ValueError(f"{mention!r} occurs {len(starts)} times, occurrence {occurrence} asked")
    return starts[occurrence], starts[occurrence] + len(mention)


def read_set(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{n}: not JSON: {exc}") from None
    return rows


def problems(article: dict) -> list[str]:
    """Every fault of one article record, as messages."""
    out: list[str] = []
    for key in ("id", "url", "outlet", "region", "language", "text", "places", "traps"):
        if key not in article:
            out.append(f"missing {key!r}")
    if out:
        return out
    text = article["text"]
    spans: list[tuple[int, int, str]] = []
    for p in article["places"]:
        m = p.get("mention", "")
        try:
            s, e = span(text, m, int(p.get("occurrence", 0)))
        except ValueError as exc:
            out.append(f"place {exc}")
            continue
        spans.append((s, e, m))
        if p.get("kind") not in PLACE_KINDS:
            out.append(f"place {m!r}: kind {p.get('kind')!r} not one of the kinds")
        lat, lon, tol = p.get("lat"), p.get("lon"), p.get("tol_km")
        if not (isinstance(lat, int | float) and isinstance(lon, int | float)
                and -90 <= lat <= 90 and -180 <= lon <= 180):
            out.append(f"place {m!r}: lat/lon missing or out of range")
        if not (isinstance(tol, int | float) and tol > 0):
            out.append(f"place {m!r}: tol_km missing")
        if not str(p.get("source", "")).strip():
            out.append(f"place {m!r}: no source")
    spans.sort()
    for (_s1, e1, m1), (s2, _e2, m2) in itertools.pairwise(spans):
        if s2 < e1:
            out.append(f"places {m1!r} and {m2!r} overlap at {s2}")
    for t in article["traps"]:
        m = t.get("mention", "")
        try:
            s, e = span(text, m, int(t.get("occurrence", 0)))
        except ValueError as exc:
            out.append(f"trap {exc}")
            continue
        if t.get("type") not in TRAP_TYPES:
            out.append(f"trap {m!r}: type {t.get('type')!r} not one of the types")
        for ps, pe, pm in spans:
            if ps < e and s < pe and not (ps <= s and e <= pe) and not (s <= ps and pe <= e):
                out.append(f"trap {m!r} crosses place {pm!r}")
    return out


def main(argv: list[str]) -> int:
    if len(argv) >= 4 and argv[0] == "locate":
        rows = {a["id"]: a for a in read_set(Path(argv[1]))}
        text = rows[argv[2]]["text"]
        for k, s in enumerate(occurrences(text, argv[3])):
            ctx = text[max(0, s - 40):s + len(argv[3]) + 40].replace("\n", " ")
            print(f"{k}\t{s}\t…{ctx}…")
        return 0
    if len(argv) >= 2 and argv[0] == "check":
        bad = 0
        for f in argv[1:]:
            seen: set[str] = set()
            for a in read_set(Path(f)):
                if a.get("id") in seen:
                    print(f"{f}: {a.get('id')}: duplicate id")
                    bad += 1
                seen.add(a.get("id"))
                for msg in problems(a):
                    print(f"{f}: {a.get('id')}: {msg}")
                    bad += 1
        print("ok" if not bad else f"{bad} problems")
        return 2 if bad else 0
    if len(argv) >= 2 and argv[0] == "stats":
        rows = [a for f in argv[1:] for a in read_set(Path(f))]
        print(f"articles {len(rows)}; outlets {len({a['outlet'] for a in rows})}; "
              f"regions {len({a['region'] for a in rows})}; "
              f"places {sum(len(a['places']) for a in rows)}; traps {sum(len(a['traps']) for a in rows)}")
        print("languages", dict(Counter(a["language"] for a in rows)))
        print("regions", dict(Counter(a["region"] for a in rows)))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
