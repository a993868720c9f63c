"""Place decisions and seed outputs, snapshotted and compared: proof that a change left behaviour alone.

Usage::

    python benchmarks/decisions.py snapshot OUT.jsonl        # every decision of every corpus below
    python benchmarks/decisions.py compare OLD.jsonl NEW.jsonl   # exit 1 and the differences, if any

The corpora: GeoWebNews and GeoVirus (read from ``../shared/eval`` when beside the checkout),
the held-out sets of ``benchmarks/heldout*``, the real-article sets of ``benchmarks/real`` (the
blind half only as decisions, never as errors: nothing here compares them with gold), and the
seed article's outputs: its places table, its imagery claims with their sites and its
cross-reference verdicts (offline).

A decision is one row of the places table: span, text, name, coordinates, source id, feature,
confidence (3 places), kind and the review note. Two snapshots are equal when every corpus has
the same decisions for the same documents.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
SEED = ROOT / "seeds" / "000_908df4e159e4c100.txt"


def _texts() -> Iterator[tuple[str, str, str]]:
    """(corpus, document id, text) of every corpus there is."""
    for name in ("geowebnews", "geovirus"):
        path = SHARED / name / "texts.jsonl"
        if path.exists():
            for line in path.read_text("utf-8").splitlines():
                if line.strip():
                    r = json.loads(line)
                    yield name, str(r["doc_index"]), r["text"]
    for path in sorted((ROOT / "benchmarks").glob("heldout*/**/texts.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                yield str(path.parent.relative_to(ROOT)), str(r["doc_index"]), r["text"]
    for path in sorted((ROOT / "benchmarks" / "real").glob("**/articles.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                yield str(path.parent.relative_to(ROOT)), r["id"], r["text"]


def _row(r: dict) -> list:
    def num(v, k):
        return None if v is None or v != v else round(float(v), k)

    return [int(r["start"]), int(r["end"]), r["text"], r["name"], num(r["lat"], 5), num(r["lon"], 5),
            r["source_id"], r["feature"], num(r["confidence"], 3), r["kind"], r.get("review")]


def snapshot(out: Path) -> int:
    import osint

    gaz = osint.load_gazetteer()
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for corpus, doc, text in _texts():
            df = osint.geoparse(text, gazetteer=gaz)
            rows = [_row(r) for r in df.to_dict("records")]
            fh.write(json.dumps({"corpus": corpus, "doc": doc, "rows": rows}, ensure_ascii=False) + "\n")
            n += 1
        art = osint.load_article(SEED)
        seed = [_row(r) for r in osint.geoparse(art).to_dict("records")]
        fh.write(json.dumps({"corpus": "seed", "doc": "places", "rows": seed}, ensure_ascii=False) + "\n")
        rep = osint.crossref(art)
        claims = [[c["id"], c["kind"], c["provider"], c["sensor"],
                   [[s.get("name"), round(s["lat"], 4) if s.get("lat") is not None else None,
                     round(s["lon"], 4) if s.get("lon") is not None else None] for s in c["sites"]],
                   c["verdict"], c["confidence"], [[k["check"], k["status"]] for k in c["checks"]]]
                  for c in rep.as_dict()["claims"]]
        fh.write(json.dumps({"corpus": "seed", "doc": "crossref", "rows": claims}, ensure_ascii=False) + "\n")
    print(f"{n} documents and the seed written to {out}")
    return 0


def compare(old: Path, new: Path) -> int:
    def load(p: Path) -> dict[tuple[str, str], list]:
        out = {}
        for line in p.read_text("utf-8").splitlines():
            r = json.loads(line)
            out[(r["corpus"], r["doc"])] = r["rows"]
        return out

    a, b = load(old), load(new)
    diffs = 0
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            diffs += 1
            if key[0].endswith("blind"):
                print(f"{key[0]} {key[1]}: differs (a blind document: not shown)")
                continue
            print(f"{key[0]} {key[1]}:")
            ra, rb = {tuple(x[:2]): x for x in a.get(key, [])}, {tuple(x[:2]): x for x in b.get(key, [])}
            for span in sorted(set(ra) | set(rb), key=str):
                if ra.get(span) != rb.get(span):
                    print(f"  - {ra.get(span)}\n  + {rb.get(span)}")
    corpora = sorted({k[0] for k in a})
    print(f"{len(a)} documents in {len(corpora)} corpora compared; {diffs} differ")
    return 1 if diffs else 0


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "snapshot":
        return snapshot(Path(argv[1]))
    if len(argv) == 3 and argv[0] == "compare":
        return compare(Path(argv[1]), Path(argv[2]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
