"""Imagery claims from real articles: the share an analyst would sign, for the right reason.

Usage::

    python benchmarks/claims.py benchmarks/real/claims/dev [--errors]
    python benchmarks/claims.py benchmarks/real/claims/blind      # aggregate figures only

The folder holds ``claims.jsonl`` (see ``benchmarks/real/README.md``): one real imagery claim
per line, the excerpt it sits in, the facts an analyst established (provider, sensor, image and
event dates, the site with a cited point and tolerance, the speaker) and the analyst's answer
(a verdict and the checks that must fire, with the status each must reach).

Each record's excerpt is analysed end to end (``osint.analyze``, offline, shipped evidence); the
imagery claim whose sentence overlaps the record's ``sentence`` most is the workbench's answer (a
sentence copied with other quotes, dashes or white space than the text's is found too). A
must-fire status is read in the README's spelling whatever its case ("not_checked" is "not
checked"); the run prints how many must-fire keys name no check the workbench ran (an aggregate).
The record's ``outlet`` and ``url`` are handed to the article as its ``meta``, as a researcher's
sidecar would give them (``{"outlet": ..., "url": ...}`` beside the text): an analysis the text
credits to no one is then the outlet's own, and a report at the article's own URL is the claim.
Its ``published`` date is read as the sidecar reader reads it (a month only, "2024-11", is that
month's last day, marked inferred, its metadata saying the month is all that is known).

- **right for the right reason**: the claim is found, its verdict is the analyst's, and every
  check in ``must_fire`` ends in the stated status;
- **verdict only**: the claim is found and its verdict is the analyst's;
- **per error class** (issue 21), among the records the class applies to:

  ``sites``          the first site within the record's ``tol_km`` of its point, and
                     ``site_wording`` as stated when it must fire;
  ``sensor``         the claim's sensor is the stated one (when stated), and
                     ``sensor_conditions`` as stated when it must fire;
  ``objects``        ``resolution`` as stated (when it must fire);
  ``timeline``       the claim's window holds the image date (when dated; a month or a year
                     only: the window reaches into it), and
                     ``article_consistency`` as stated when it must fire;
  ``corroboration``  ``corroboration`` as stated (when it must fire);
  ``attribution``    the claim's speaker, affiliation, provider or origin (who the images or
                     their analysis are credited to) shares a name with the record's speaker or
                     provider (when the record names a speaker);
  ``catalogue``      ``catalog`` as stated (when it must fire), read from the workbench's
                     ``satellite`` check (satellites alive then) when it has one.

``--errors`` lists the dev records that miss, with the failing classes; on a folder named
``blind`` it is refused and only the aggregate figures are printed: the blind claims are the
test, never read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

CLASSES = ("sites", "sensor", "objects", "timeline", "corroboration", "attribution", "catalogue")

#: A must-fire key the workbench answers under another name: the records' ``catalog`` is the
#: satellite catalogue (satellites alive on the image's dates, issue 21), which the workbench runs
#: as its ``satellite`` check when it has one (its ``catalog`` check asks STAC catalogs online).
CHECK_ALIASES = {"catalog": ("satellite", "catalog")}

#: The class each check that must fire belongs to.
CHECK_CLASS = {"site_wording": "sites", "sensor_conditions": "sensor", "resolution": "objects",
               "article_consistency": "timeline", "corroboration": "corroboration", "catalog": "catalogue"}


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def read_set(folder: Path) -> list[dict]:
    path = folder / "claims.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _days(value: Any) -> tuple[dt.date, dt.date] | None:
    """The days a record's date covers: one day, or a whole month or year when only that is
    given ("2024-03", "2018"); None when there is no date."""
    text = str(value or "").strip()
    day = _date(text)
    if day is not None:
        return day, day
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", text)
    if m is None:
        return None
    year = int(m.group(1))
    if m.group(2) is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    month = int(m.group(2))
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, 1), nxt - dt.timedelta(days=1)


def workbench_result(record: dict) -> Any:
    """The workbench's result for the record's claim: the imagery claim overlapping its sentence
    most (None when no imagery claim overlaps it)."""
    import osint
    from osint.article import parse_published
    from osint.model.article import PRECISION_KEY

    text = record["text"]
    from types import MappingProxyType

    # What a sidecar would hold beside the text: the outlet and the address it was read at.
    meta = {k: record[k] for k in ("outlet", "url") if isinstance(record.get(k), str) and record[k]}
    # The publication date as a sidecar gives it (a month only is its last day, marked inferred).
    published, inferred = parse_published(record.get("published"))
    if inferred:
        meta[PRECISION_KEY] = "month"
    art = osint.Article(id=record["id"], text=text, title="", published=published,
                        published_inferred=inferred, language=record.get("language", "en"),
                        meta=MappingProxyType(meta))
    case = osint.analyze(art)
    span = sentence_span(text, record["sentence"])
    if span is None:
        return None
    lo, hi = span
    best, overlap = None, 0
    for r in case.report.imagery:
        c = r.claim
        o = min(hi, c.end) - max(lo, c.start)
        if o > overlap:
            best, overlap = r, o
    return best


#: Typographic variants a copied sentence may differ by from the text it was copied from.
_TYPO = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
                       "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " "})


def sentence_span(text: str, sentence: str) -> tuple[int, int] | None:
    """Where the record's ``sentence`` is in ``text``: (start, end), or None.

    The README calls the sentence a substring of the text; a copy that differs from it only by
    typography (curly or straight quotes, dashes, runs of white space, a no-break space) is the
    same sentence, so it is found too (the offsets are the text's own). Without this, such a
    record would count as a claim the workbench did not find, whatever the workbench did."""
    lo = text.find(sentence)
    if lo >= 0:
        return lo, lo + len(sentence)
    words = sentence.translate(_TYPO).split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.search(pattern, text.translate(_TYPO))  # the translation keeps every offset
    return (m.start(), m.end()) if m else None


_WORD = re.compile(r"[A-Z][\w-]+|[A-Z]{2,}")
_COMMON = {"The", "News", "Space", "Technologies", "Labs", "International", "Institute", "Center", "Centre",
           "Satellite", "Imagery", "Ministry", "Defence", "Defense", "Russian", "Images"}


def _names(*values: str | None) -> set[str]:
    """The distinctive capitalised words of the values (the stop list's generic words left out)."""
    return {w for v in values if v for w in _WORD.findall(v) if w not in _COMMON}


_SPELLING = {"defence": "defense", "centre": "center"}
_FUNCTION = {"of", "the", "and", "for", "s"}


def _generic_names(*values: str | None) -> set[frozenset[str]]:
    """The names whose capitalised words are all the stop list's ("Russian Ministry of Defence",
    "Russian state television"), each as the set of its words (lower case, British and American
    spellings as one, "of" and "the" left out): such a name matches the same set, never a part of
    it, since its words alone name no one."""
    out = set()
    for v in values:
        for part in re.split(r"[/;()]", v or ""):
            capitals = _WORD.findall(part)
            if capitals and all(w in _COMMON for w in capitals):
                words = {_SPELLING.get(w, w) for w in re.findall(r"[a-z]+", part.lower())} - _FUNCTION
                out.add(frozenset(words))
    return out


def _status(value: Any) -> str:
    """A must-fire status as the workbench spells it (lower case, "not checked" with a space)."""
    return str(value).strip().lower().replace("_", " ")


def judge(record: dict, result: Any) -> dict[str, Any]:
    """The record's marks: found, verdict, right (for the right reason), and each class's
    pass/fail (None where the class does not apply)."""
    facts, answer = record["facts"], record["answer"]
    must = answer.get("must_fire") or {}
    marks: dict[str, Any] = {"found": result is not None, "verdict": None, "right": False,
                             "classes": dict.fromkeys(CLASSES), "why": []}
    if result is None:
        marks["why"].append("no imagery claim found in the sentence")
        for k in CLASSES:
            marks["classes"][k] = False
        return marks
    claim = result.claim
    by = {k.check: k.status for k in result.checks}
    for key, names in CHECK_ALIASES.items():
        got = next((by[n] for n in names if n in by), None)
        if got is not None:
            by[key] = got
    marks["verdict"] = str(result.verdict)
    # A status written "not_checked" or "Consistent" is the status the README names.
    fired = {k: str(by.get(k)) == _status(v) for k, v in must.items()}
    marks["unknown_keys"] = sorted(k for k in must if k not in by)
    for k, ok in fired.items():
        if not ok:
            marks["why"].append(f"{k} {by.get(k)} (must be {must[k]})")
    verdict_ok = str(result.verdict) == answer["verdict"]
    if not verdict_ok:
        marks["why"].append(f"verdict {result.verdict} (analyst: {answer['verdict']})")
    marks["right"] = verdict_ok and all(fired.values())
    cls: dict[str, list[bool]] = {k: [] for k in CLASSES}
    for k, ok in fired.items():
        if k in CHECK_CLASS:
            cls[CHECK_CLASS[k]].append(ok)
    site = facts.get("site") or {}
    if site.get("lat") is not None and site.get("tol_km") is not None:
        first = claim.sites[0] if claim.sites else None
        d = haversine(site["lat"], site["lon"], first.lat, first.lon) if first else math.inf
        cls["sites"].append(d <= site["tol_km"])
        if d > site["tol_km"]:
            marks["why"].append(f"site {first.name if first else None!r} {d:.0f} km from "
                                f"{site.get('name')!r} (tol {site['tol_km']} km)")
    if facts.get("sensor") in ("sar", "optical"):
        cls["sensor"].append(claim.sensor == facts["sensor"])
        if claim.sensor != facts["sensor"]:
            marks["why"].append(f"sensor {claim.sensor} (stated {facts['sensor']})")
    image_days = _days(facts.get("image_date"))
    if image_days is not None:
        # A month-only (or year-only) image date is held by a window that reaches into it.
        w, (first, last) = claim.window, image_days
        inside = w.start is not None and w.end is not None and w.start <= last and first <= w.end
        cls["timeline"].append(inside)
        if not inside:
            marks["why"].append(f"window {w.start}..{w.end} misses the image date {facts['image_date']}")
    if facts.get("speaker"):
        st = result.statement
        sp = st.speaker if st is not None else None
        own = (sp.name if sp else None, sp.affiliation if sp else None, sp.acronym if sp else None,
               claim.provider, getattr(claim, "origin", None))
        analyst = (facts["speaker"], facts.get("provider"))
        ok = bool(_names(*own) & _names(*analyst)) or bool(_generic_names(*own) & _generic_names(*analyst))
        cls["attribution"].append(ok)
        if not ok:
            marks["why"].append(f"speaker {sp.name if sp else None!r}/{claim.provider!r} "
                                f"(analyst: {facts['speaker']!r})")
    for k in CLASSES:
        marks["classes"][k] = all(cls[k]) if cls[k] else None
    return marks


def run(folder: Path, errors: bool) -> int:
    blind = "blind" in folder.parts
    if errors and blind:
        print("--errors is refused on a blind set: its per-claim results are never read", file=sys.stderr)
        return 2
    records = read_set(folder)
    t0 = time.perf_counter()
    marks = [judge(r, workbench_result(r)) for r in records]
    secs = time.perf_counter() - t0
    n = len(marks)
    right = sum(m["right"] for m in marks)
    verdict = sum(m["verdict"] == r["answer"]["verdict"] for m, r in zip(marks, records))
    found = sum(m["found"] for m in marks)
    print(f"{folder}: {n} claims, {secs:.0f} s")
    print(f"  right for the right reason  {right / n:.3f}  ({right}/{n})")
    print(f"  verdict only                {verdict / n:.3f}  ({verdict}/{n})")
    print(f"  claim found                 {found / n:.3f}  ({found}/{n})")
    # An aggregate only: must-fire keys that name no check the workbench ran on the claim (a key
    # the judge does not map, or a check missing): each counts as a miss of "right".
    unknown = sum(len(m.get("unknown_keys", ())) for m in marks)
    print(f"  must-fire keys with no such check on the claim: {unknown}")
    if blind:
        return 0
    print("  per class (passing / records the class applies to):")
    for k in CLASSES:
        vals = [m["classes"][k] for m in marks if m["classes"][k] is not None]
        ok = sum(vals)
        print(f"    {k:14s} {ok / len(vals) if vals else float('nan'):.3f}  ({ok}/{len(vals)})")
    confusion = Counter((r["answer"]["verdict"], m["verdict"]) for m, r in zip(marks, records))
    print("  verdicts (analyst -> workbench): "
          + ", ".join(f"{a}->{b}: {c}" for (a, b), c in sorted(confusion.items(), key=str)))
    if errors:
        for m, r in zip(marks, records):
            if not m["right"] or any(v is False for v in m["classes"].values()):
                bad = [k for k, v in m["classes"].items() if v is False]
                print(f"  {r['id']} [{', '.join(bad) or 'verdict'}] " + "; ".join(m["why"]))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--errors", action="store_true", help="list the dev set's misses (refused on blind)")
    args = ap.parse_args(argv)
    return run(args.folder, args.errors)


if __name__ == "__main__":
    sys.exit(main())
