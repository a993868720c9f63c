"""mypy over the package, held to a baseline that may only shrink.

Usage::

    python tools/mypy_check.py            # exit 1 when a file has more errors than the baseline says
    python tools/mypy_check.py --update   # write the current counts as the new baseline

The baseline (``tools/mypy-baseline.json``) is the number of mypy errors per file. A change
that adds an error to a file fails; one that removes errors passes and should lower the
baseline (``--update``) so that they stay gone. The configuration is ``[tool.mypy]`` in
pyproject.toml.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "tools" / "mypy-baseline.json"
_ERROR = re.compile(r"^(?P<file>[^:]+):\d+: error:")


def counts() -> Counter[str]:
    """Errors per file, as mypy reports them now."""
    res = subprocess.run([sys.executable, "-m", "mypy", "osint"], cwd=ROOT, capture_output=True, text=True)
    if res.returncode not in (0, 1):
        print(res.stdout + res.stderr, file=sys.stderr)
        raise SystemExit(2)
    return Counter(m["file"] for line in res.stdout.splitlines() if (m := _ERROR.match(line)))


def main(argv: list[str]) -> int:
    now = counts()
    if "--update" in argv:
        BASELINE.write_text(json.dumps(dict(sorted(now.items())), indent=1) + "\n", encoding="utf-8")
        print(f"mypy baseline: {sum(now.values())} errors in {len(now)} files written to {BASELINE.name}")
        return 0
    base = json.loads(BASELINE.read_text("utf-8")) if BASELINE.exists() else {}
    worse = {f: (base.get(f, 0), n) for f, n in now.items() if n > base.get(f, 0)}
    print(f"mypy: {sum(now.values())} errors (baseline {sum(base.values())})")
    if worse:
        for f, (was, n) in sorted(worse.items()):
            print(f"mypy: {f}: {n} errors, the baseline allows {was}", file=sys.stderr)
        print("mypy: run `python -m mypy osint` to see them; fix them (or, when errors were removed "
              "elsewhere, `python tools/mypy_check.py --update`)", file=sys.stderr)
        return 1
    if sum(now.values()) < sum(base.values()):
        print("mypy: fewer errors than the baseline: lower it with `python tools/mypy_check.py --update`")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
