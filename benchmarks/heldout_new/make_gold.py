"""Build gold.txt for the second held-out benchmark (dev and blind sets).

Each set folder holds ``texts.jsonl`` (one ``{"doc_index", "text"}`` per line) and
``annotations.json``: ``{"<doc_index>": [[mention, occurrence, where, source], ...]}``.
``occurrence`` counts whole-word occurrences of the exact mention string in the
text (0 for the first); ``where`` is ``[lat, lon]`` or an ISO 3166-1 alpha-2 code,
in which case the GeoNames country-feature point from ``data/countries.csv`` is
used, as GeoWebNews does; ``source`` says where the coordinates come from.

The output uses the GeoWebNews/EUPEG layout: line i is document i, records are
separated by ``||`` and fields by ``,,``:
``name,,mention,,lat,,lon,,start,,end`` (0-based character offsets, end exclusive).

Run: python benchmarks/heldout_new/make_gold.py [dev] [blind]   (default: both)
Every annotation is checked before anything is written; a bad one is reported
with its set, document and mention, and the script exits with status 2.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
COUNTRIES_CSV = HERE.parents[1] / "data" / "countries.csv"
SETS = ("dev", "blind")


class GoldError(Exception):
    """An annotation that cannot be turned into a gold record."""


def load_countries(path: Path = COUNTRIES_CSV) -> dict[str, tuple[float, float]]:
    with path.open(encoding="utf-8") as fh:
        return {row["iso2"]: (float(row["lat"]), float(row["lon"])) for row in csv.DictReader(fh)}


def whole_word_spans(text: str, mention: str) -> list[tuple[int, int]]:
    # Whole words only, so that "Niger" is not found inside "Nigeria" and
    # "Sudan" inside "Sudanese"; a hyphen or full stop still ends a word.
    pattern = rf"(?<!\w){re.escape(mention)}(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def gold_records(
    text: str, annotations: list, countries: dict[str, tuple[float, float]], where: str
) -> list[str]:
    """Return the gold.txt records of one document, in text order."""
    located = []
    for n, ann in enumerate(annotations):
        if not (isinstance(ann, list) and len(ann) == 4):
            raise GoldError(f"{where}: annotation {n} is not [mention, occurrence, where, source]: {ann!r}")
        mention, occ, place, source = ann
        if not isinstance(mention, str) or not mention or not isinstance(occ, int) or occ < 0:
            raise GoldError(f"{where}: annotation {n} has a bad mention or occurrence: {ann!r}")
        if not isinstance(source, str) or not source.strip():
            raise GoldError(f"{where}: {mention!r} has no source for its coordinates")
        if isinstance(place, str):
            if place not in countries:
                raise GoldError(f"{where}: {mention!r} names unknown country code {place!r}")
            lat, lon = countries[place]
        else:
            try:
                lat, lon = (float(x) for x in place)
            except (TypeError, ValueError):
                raise GoldError(f"{where}: {mention!r} has bad coordinates {place!r}") from None
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise GoldError(f"{where}: {mention!r} has out-of-range coordinates {place!r}")
        spans = whole_word_spans(text, mention)
        if occ >= len(spans):
            raise GoldError(
                f"{where}: {mention!r} occurrence {occ} asked for, but the text has only "
                f"{len(spans)} whole-word occurrence(s)"
            )
        start, end = spans[occ]
        located.append((start, end, mention, lat, lon))
    located.sort()
    for (s1, e1, m1, *_), (s2, _e2, m2, *_) in itertools.pairwise(located):
        if s2 < e1:
            raise GoldError(f"{where}: gold spans overlap: {m1!r} at {s1} and {m2!r} at {s2}")
    return [f"{m},,{m},,{lat},,{lon},,{s},,{e}" for s, e, m, lat, lon in located]


def build(name: str, countries: dict[str, tuple[float, float]]) -> tuple[int, int]:
    folder = HERE / name
    lines = (folder / "texts.jsonl").read_text(encoding="utf-8").splitlines()
    docs = [json.loads(line) for line in lines if line.strip()]
    texts = [d["text"] for d in sorted(docs, key=lambda d: d["doc_index"])]
    if [d["doc_index"] for d in sorted(docs, key=lambda d: d["doc_index"])] != list(range(len(texts))):
        raise GoldError(f"{name}: doc_index values must run 0..{len(texts) - 1}")
    gold = json.loads((folder / "annotations.json").read_text(encoding="utf-8"))
    extra = set(gold) - {str(i) for i in range(len(texts))}
    if extra:
        raise GoldError(f"{name}: annotations for documents that do not exist: {sorted(extra)}")
    out = []
    total = 0
    for i, text in enumerate(texts):
        recs = gold_records(text, gold.get(str(i), []), countries, f"{name} doc {i}")
        total += len(recs)
        out.append("||".join(recs))
    (folder / "gold.txt").write_text("\n".join(out) + "\n", encoding="utf-8")
    return len(texts), total


def main(argv: list[str]) -> int:
    names = argv or list(SETS)
    unknown = [n for n in names if n not in SETS]
    if unknown:
        print(f"unknown set(s) {unknown}; choose from {list(SETS)}", file=sys.stderr)
        return 2
    try:
        countries = load_countries()
        for name in names:
            n_texts, n_places = build(name, countries)
            print(f"{name}: {n_texts} texts, {n_places} gold places -> {HERE / name / 'gold.txt'}")
    except (GoldError, OSError, json.JSONDecodeError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
