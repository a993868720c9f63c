"""Build gold.txt for the held-out texts from readable annotations.

Each annotation names a mention string, its occurrence index in the text (0 for
the first), and the place's coordinates. Coordinates of cities and landmarks are
from their Wikipedia infoboxes; countries use GeoNames' country-feature points,
as GeoWebNews does. The texts were written for this project, so none of the
geoparser's rules or lists was tuned on them.

Run: python benchmarks/heldout/make_gold.py  (writes gold.txt beside this file)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent

def _countries() -> dict[str, tuple[float, float]]:
    import csv

    with (HERE.parents[1] / "data" / "countries.csv").open(encoding="utf-8") as fh:
        return {r["iso2"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)}


COUNTRY = _countries()

def country(code: str) -> tuple[float, float]:
    return COUNTRY[code]


def build() -> None:
    texts = [json.loads(x)["text"] for x in (HERE / "texts.jsonl").read_text(encoding="utf-8").splitlines()]
    gold = json.loads((HERE / "annotations.json").read_text(encoding="utf-8"))
    lines = []
    for i, text in enumerate(texts):
        recs = []
        for mention, occ, where in gold[str(i)]:
            lat, lon = country(where) if isinstance(where, str) else where
            # Whole words only: "Niger" is not the start of "Nigeria".
            hits = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(mention)}(?!\w)", text)]
            pos = hits[occ]
            recs.append(f"{mention},,{mention},,{lat},,{lon},,{pos},,{pos + len(mention)}")
        lines.append("||".join(recs))
    (HERE / "gold.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(texts)} texts, {sum(len(v) for v in gold.values())} gold places")


if __name__ == "__main__":
    build()
