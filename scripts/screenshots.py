"""Screenshots of the seed's report for docs/img/: what a reader sees, offline, in headless Chromium.

Runs ``osint report`` on the seed article into a temporary folder (offline, as ``make report``
does), then opens each page in headless Chromium with the network off (a network namespace
where the machine allows one, and a resolver that resolves nothing either way) and saves:

- ``map.png``: ``map.html`` as it opens at 1280x800 (the story's view: Pyongyang, Kim Il Sung
  Square and the Mirim parade training ground apart and labelled);
- ``map-phone.png``: the same at 390x844;
- ``02-places-map.png``: the top of 02 (the geocoding table, one row per place) at 1280x800;
- ``02-map.png``: 02 scrolled to its map;
- ``03-timeline.png``: 03 scrolled to the claims' timeline;
- ``map-print.png``: the map for print (``map.png`` of the report), scaled down.

Each PNG is reduced to a 256-colour palette so the folder stays small.

Usage::

    python scripts/screenshots.py --out docs/img        # make screenshots
    python scripts/screenshots.py --reports reports     # reuse a report already written
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = "seeds/000_908df4e159e4c100.txt"

#: name -> (page, fragment to scroll to, width, height)
SHOTS = {
    "map.png": ("map.html", "", 1280, 800),
    "map-phone.png": ("map.html", "", 390, 844),
    "02-places-map.png": ("02-places-map.html", "", 1280, 800),
    "02-map.png": ("02-places-map.html", "The-map", 1280, 800),
    "03-timeline.png": ("03-imagery-claims.html", "When:-the-window-on-a-timeline", 1280, 800),
}


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("screenshots: headless Chromium not found (Debian: apt-get install chromium)")


def offline(cmd: list[str]) -> list[str]:
    """``cmd`` in a network namespace with no interface but loopback, where the machine allows it."""
    try:
        ok = subprocess.run(["unshare", "-rn", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        ok = False
    if not ok:
        return cmd
    return ["unshare", "-rn", "sh", "-c", 'ip link set lo up 2>/dev/null; exec "$@"', "sh", *cmd]


#: Added to a copy of a page to start it at a section: headless Chromium's --screenshot does
#: not scroll to a #fragment, so the cells before the section are hidden instead.
_START_AT = """<script>
document.addEventListener("DOMContentLoaded", function () {
  var h = document.getElementById(%s), cell = h && h.closest(".jp-Cell");
  for (var c = cell && cell.previousElementSibling; c; c = c.previousElementSibling) {
    c.style.display = "none";
  }
});
</script></body>"""


def shoot(exe: str, page: Path, fragment: str, width: int, height: int, out: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="osint-shot-") as profile:
        if fragment:
            copy = page.with_name(f".{page.stem}-{fragment[:20]}.shot.html")
            copy.write_text(page.read_text("utf-8").replace("</body>", _START_AT % json.dumps(fragment), 1),
                            encoding="utf-8")
            page = copy
        url = page.resolve().as_uri()
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-dev-shm-usage", "--hide-scrollbars", f"--user-data-dir={profile}",
               "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
               f"--window-size={width},{height}", "--virtual-time-budget=6000",
               f"--screenshot={out}", url]
        res = subprocess.run(offline(cmd), capture_output=True, text=True, timeout=180,
                             env={**os.environ, "HOME": profile})
    if fragment:
        page.unlink()
    if res.returncode != 0 or not out.exists():
        sys.exit(f"screenshots: chromium failed on {page.name}: {res.stderr[-500:]}")


def shrink(path: Path, width: int | None = None) -> None:
    """A 256-colour palette (and an optional width): a fraction of the bytes, the same picture."""
    from PIL import Image

    im = Image.open(path).convert("RGB")
    if width and im.width > width:
        im = im.resize((width, round(im.height * width / im.width)), Image.LANCZOS)
    small = im.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(ROOT / "docs" / "img"), help="folder for the PNGs (docs/img)")
    ap.add_argument("--reports", help="use this report folder instead of running osint report")
    ap.add_argument("--article", default=SEED, help=f"the article (default {SEED})")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    exe = chromium()
    with tempfile.TemporaryDirectory(prefix="osint-report-") as tmp:
        reports = Path(args.reports) if args.reports else Path(tmp)
        if not args.reports:
            osint = Path(sys.executable).with_name("osint")
            run = [str(osint) if osint.exists() else "osint", "report", "--article", args.article,
                   "--out", str(reports)]
            subprocess.run(offline(run), check=True, cwd=ROOT)
        for name, (page, fragment, width, height) in SHOTS.items():
            shoot(exe, reports / page, fragment, width, height, out / name)
            shrink(out / name)
            print(f"{out / name} ({(out / name).stat().st_size // 1024} kB)")
        shutil.copyfile(reports / "map.png", out / "map-print.png")
        shrink(out / "map-print.png", width=1100)
        print(f"{out / 'map-print.png'} ({(out / 'map-print.png').stat().st_size // 1024} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
