"""``osint geoparse`` at the command line beside flashgeotext, on the same corpus, in one run.

Each side runs in a fresh process, start-up included, as a researcher runs it: ``osint geoparse
CORPUS.jsonl -o out.jsonl`` (the gazetteer index already built), and a script that builds
flashgeotext's ``GeoText()`` and extracts every document of the corpus. The CPU time of each
process (user + system, from ``os.wait4``) is taken over ``--runs`` runs, in turn, the fastest
kept; the ratio is flashgeotext's time over osint's (above 1.0: osint is faster).

Usage::

    python benchmarks/cli_speed.py ../shared/eval/geowebnews/texts.jsonl [--runs 3] [--copies 5]

``--copies`` repeats the corpus so that the extraction, not the start-up, dominates (both sides
read the same file). A third row runs osint with a lean row (``--fields``: the mention, the name,
the point and the country, about what flashgeotext gives) instead of every field with its evidence.

Both sides run with a bytecode cache (``PYTHONPYCACHEPREFIX`` in the temporary folder, warmed by a
first untimed run), as an installed package has: an environment with ``PYTHONDONTWRITEBYTECODE``
would otherwise compile every module of osint (an editable or ``PYTHONPATH`` checkout) from source
on every run, about 0.1 CPU-s, while flashgeotext's installed modules keep their ``.pyc`` files.
The load average is printed before and after: on a shared machine the seconds move; the ratio
carries over, the seconds do not.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

_FLASHGEOTEXT = r"""
import json, sys
from flashgeotext.geotext import GeoText
geotext = GeoText()
n = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        if line.strip():
            geotext.extract(input_text=json.loads(line)["text"])
            n += 1
print(n)
"""


#: The lean row of the third measurement (``osint geoparse --fields``).
LEAN_FIELDS = "text,name,lat,lon,country_code"


def cpu_seconds(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """User + system CPU seconds of one run of ``cmd`` (its children included)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"cli_speed: {' '.join(cmd[:3])} ... failed:\n{err[-2000:]}")
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path, help='a .jsonl corpus, one {"id", "text"} per line')
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--copies", type=int, default=5, help="repeat the corpus this many times")
    args = ap.parse_args(argv)
    if not args.corpus.is_file():
        print(f"cli_speed: {args.corpus}: no such file", file=sys.stderr)
        return 2
    try:
        import flashgeotext  # noqa: F401
    except ImportError:
        print("cli_speed: pip install flashgeotext (the peer this benchmark compares with)", file=sys.stderr)
        return 2
    lines = [line for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory(prefix="cli-speed-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as f:
            for copy in range(args.copies):
                for k, line in enumerate(lines):
                    f.write(json.dumps({"id": f"{copy}-{k}", "text": json.loads(line)["text"]}) + "\n")
        docs = len(lines) * args.copies
        script = Path(tmp) / "fgt.py"
        script.write_text(_FLASHGEOTEXT, encoding="utf-8")
        osint_cmd = [sys.executable, "-c", "import sys; from osint.cli import main; sys.exit(main())",
                     "geoparse", str(corpus), "-o", str(Path(tmp) / "out.jsonl")]
        lean_cmd = [*osint_cmd, "--fields", LEAN_FIELDS]
        fgt_cmd = [sys.executable, str(script), str(corpus)]
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        load_before = os.getloadavg()
        # Untimed first runs: the index is built (once) and both sides' bytecode cached.
        cpu_seconds(osint_cmd, env)
        cpu_seconds(fgt_cmd, env)
        best = {"osint": float("inf"), "lean": float("inf"), "fgt": float("inf")}
        for _ in range(args.runs):
            for name, cmd in (("osint", osint_cmd), ("lean", lean_cmd), ("fgt", fgt_cmd)):
                best[name] = min(best[name], cpu_seconds(cmd, env))
        load_after = os.getloadavg()
    print(f"Corpus: {args.corpus} x {args.copies} = {docs} documents; fresh processes, start-up included; "
          f"the fastest of {args.runs} runs each, taken in turn")
    print("| command | CPU s | documents/CPU-s |")
    print("|---|---|---|")
    print(f"| osint geoparse | {best['osint']:.2f} | {docs / best['osint']:.0f} |")
    print(f"| osint geoparse --fields {LEAN_FIELDS} | {best['lean']:.2f} | {docs / best['lean']:.0f} |")
    print(f"| flashgeotext (GeoText().extract) | {best['fgt']:.2f} | {docs / best['fgt']:.0f} |")
    print(f"\nratio flashgeotext/osint at the command line: {best['fgt'] / best['osint']:.2f} "
          f"(lean rows: {best['fgt'] / best['lean']:.2f}; 1.0 or more: osint as fast)")
    print("load average before: {:.2f} {:.2f} {:.2f}; after: {:.2f} {:.2f} {:.2f}".format(
        *load_before, *load_after))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
