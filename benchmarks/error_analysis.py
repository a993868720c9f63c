"""Error analysis of osint on GeoWebNews: missed, spurious and misplaced, by toponym type.

Usage::

    python benchmarks/error_analysis.py ../shared/eval/geowebnews [--top 15]

Runs osint on the corpus, matches its mentions to the gold places (overlapping
spans), and reads each gold toponym's type (Literal, Demonym, Metonymic,
Literal_Modifier, ...) from ``GWN.xml``. Prints a table of errors by type and
the most frequent mentions in each class, so that the largest classes can be
attacked with general means. Nothing from the corpus is written to disk.
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import geoparse as bench


def gold_types(xml_path: Path) -> dict[tuple[int, int, int], str]:
    """(document index, start, end) -> toponym type, for every annotated toponym."""
    out = {}
    # texts.jsonl lists the articles in the XML's order (its "file" numbers are
    # sorted as strings), so a document's index is its position here.
    for doc, art in enumerate(ET.parse(xml_path).getroot().iter("article")):
        for t in art.iter("toponym"):
            typ = (t.findtext("type") or "").strip()
            start, end = t.findtext("start"), t.findtext("end")
            if start and end and typ:
                out.setdefault((doc, int(start), int(end)), typ)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--top", type=int, default=15, help="mentions listed per class")
    args = ap.parse_args(argv)
    texts = [
        json.loads(x)["text"] for x in (args.corpus / "texts.jsonl").read_text().splitlines() if x.strip()
    ]
    gold = bench.read_records(args.corpus / "gold.txt", len(texts))
    types = gold_types(args.corpus / "GWN.xml") if (args.corpus / "GWN.xml").exists() else {}
    pred, _, _ = bench.run_osint(texts, repeats=0)

    by_type: Counter[tuple[str, str]] = Counter()
    mentions: dict[str, Counter[str]] = {"missed": Counter(), "misplaced": Counter(), "spurious": Counter()}
    for i, (g_doc, p_doc) in enumerate(zip(gold, pred)):
        for g in g_doc:
            typ = types.get((i, g[3], g[4]), "?")
            hits = [p for p in p_doc if p[3] < g[4] and p[4] > g[3]]
            if not hits:
                kind = "missed"
            elif hits[0][1] is None or g[1] is None:
                kind = "unplaced"
            elif bench.haversine(g[1], g[2], hits[0][1], hits[0][2]) > 161:
                kind = "misplaced"
            else:
                kind = "correct"
            by_type[(typ, kind)] += 1
            if kind in mentions:
                mentions[kind][g[0]] += 1
        for p in p_doc:
            if not any(g[3] < p[4] and g[4] > p[3] for g in g_doc):
                mentions["spurious"][p[0]] += 1
    kinds = ["correct", "misplaced", "unplaced", "missed"]
    print("| gold type | " + " | ".join(kinds) + " | total |")
    print("|---|" + "---|" * (len(kinds) + 1))
    for typ in sorted({t for t, _ in by_type}, key=lambda t: -sum(by_type[(t, k)] for k in kinds)):
        row = [by_type[(typ, k)] for k in kinds]
        print(f"| {typ} | " + " | ".join(map(str, row)) + f" | {sum(row)} |")
    for kind, c in mentions.items():
        print(f"\n{kind} ({sum(c.values())}): " + ", ".join(f"{m} {n}" for m, n in c.most_common(args.top)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
