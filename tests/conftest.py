"""Shared fixtures: the seed article, its places, a hostile article, headless Chromium.

Other test modules may add fixtures here; keep them cheap or session-scoped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_908df4e159e4c100.txt"
#: What the tests' requests to local servers say they are.
USER_AGENT = "osint-workbench-tests/1.0 (tests@example.org)"


@pytest.fixture(autouse=True)
def _fresh_session():
    """Every test starts with a new default session of the online layer: every service's circuit
    closed and no rate limit carried over (a test of a failing service must not make the next
    one's requests fail at once)."""
    import sys

    http = sys.modules.get("osint.online.http")
    if http is not None:
        http.set_default_session(None)
    yield


@pytest.fixture(scope="session", autouse=True)
def _gazetteer_from_the_cache():
    """Each test process opens the gazetteer from its cache folder before any test runs (an open
    takes milliseconds). The process keeps the index it opened first: without this, the order
    in which ``pytest -n`` hands out tests decides whether that is the cache's or a copy built
    in some test's temporary cache folder, and a test comparing the file with a fresh process's
    (a Dask worker's) passes or fails by that order."""
    import osint

    osint.load_gazetteer()


@pytest.fixture
def cache_env(tmp_path, monkeypatch):
    """A fresh cache folder and the settings for online code paths against local servers only
    (the gazetteer loaded first, so that its index is not rebuilt in the new folder)."""
    import osint

    osint.load_gazetteer()
    monkeypatch.setenv("OSINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("OSINT_USER_AGENT", USER_AGENT)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv("OSINT_GEOCODER", raising=False)
    return tmp_path

#: Markup a hostile article may carry. Each, if it ever ran, would mark the page
#: with a data-pwned attribute that the browser test looks for.
PAYLOADS = (
    "<script>document.documentElement.setAttribute('data-pwned','script')</script>",
    "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">",
    "${document.documentElement.setAttribute('data-pwned','template')}",
    "`+document.documentElement.setAttribute('data-pwned','backtick')+`",
    "\"><svg onload=\"document.documentElement.setAttribute('data-pwned','svg')\">",
    "' onmouseover='document.documentElement.setAttribute(\"data-pwned\",\"attr\")' x='",
    "</script><script>document.documentElement.setAttribute('data-pwned','close')</script>",
)


@pytest.fixture(scope="session")
def seed_article():
    """The seed article, loaded with its sidecar."""
    import osint

    return osint.load_article(SEED)


@pytest.fixture(scope="session")
def seed_places(seed_article):
    """The seed's geoparse table (offline)."""
    import osint

    return osint.geoparse(seed_article.text)


def hostile_text() -> str:
    """An article whose sentences name places and carry every payload."""
    lines = ["Markup test in Pyongyang"]
    for i, p in enumerate(PAYLOADS):
        lines.append(f"Officials in Pyongyang said {p} and flew to Moscow on day {i}.")
    lines.append("A parade was held in Kim Il Sung Square <b>bold</b> & more.")
    return "\n".join(lines) + "\n"


@pytest.fixture()
def hostile_article(tmp_path):
    """A .txt article full of markup, with a sidecar whose title is markup too."""
    path = tmp_path / "hostile.txt"
    path.write_text(hostile_text(), encoding="utf-8")
    (tmp_path / "hostile.json").write_text(
        '{"title": "<script>document.title=\\"pwned\\"</script> Hostile", "published": "2023-07-27"}',
        encoding="utf-8",
    )
    return path


# ------------------------------------------------------------------- browser


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _unshare_works() -> bool:
    if not shutil.which("unshare"):
        return False
    try:
        return subprocess.run(["unshare", "-rn", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


class Browser:
    """Headless Chromium with the network off, dumping a page's DOM after it settles."""

    def __init__(self, exe: str, isolate: bool):
        self.exe = exe
        self.isolate = isolate

    def dump_dom(self, page: Path, *, budget_ms: int = 5000) -> str:
        with tempfile.TemporaryDirectory(prefix="osint-chromium-") as profile:
            cmd = [
                self.exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
                # Belt and braces: no name resolves even where a network namespace cannot be made.
                "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
                f"--virtual-time-budget={budget_ms}", "--dump-dom", page.resolve().as_uri(),
            ]
            if self.isolate:
                cmd = ["unshare", "-rn", *cmd]
            env = {**os.environ, "HOME": profile}
            res = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
        if res.returncode != 0 or "<html" not in res.stdout:
            raise AssertionError(f"chromium failed ({res.returncode}): {res.stderr[-2000:]}")
        return res.stdout


@pytest.fixture(scope="session")
def browser() -> Browser:
    """Headless Chromium, or a skip saying how to get it."""
    exe = _chromium()
    if exe is None:
        pytest.skip("headless Chromium not installed (Debian: apt-get install chromium; .ci/run does this)")
    return Browser(exe, _unshare_works())
