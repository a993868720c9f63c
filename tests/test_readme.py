"""The README's examples run: its Python block, and every shell command that runs offline.

Commands run from an empty folder (the README's ``seeds/...`` paths resolve from the project
root, as it says); ``osint report`` without ``--out`` is given one in that folder so that the
test leaves the checkout's ``reports/`` alone. Skipped, as the README says they need more than
this machine: ``make`` (the test suite itself), a dask cluster, and ``--online``.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")

#: Commands the test does not run, and why.
SKIPPED = {"make": "the README's own test and report commands (this suite, make report)",
           "dask": "a dask cluster", "conda": "a conda installation"}


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def _commands() -> list[list[str]]:
    out = []
    for block in _blocks("sh"):
        for line in block.splitlines():
            argv = shlex.split(line, comments=True)
            if argv:
                out.append(argv)
    return out


def _runnable(argv: list[str]) -> bool:
    return argv[0] not in SKIPPED and "--online" not in argv and "--scheduler" not in argv


def test_the_readme_has_examples_to_run():
    cmds = _commands()
    assert _blocks("python") and len([c for c in cmds if _runnable(c)]) >= 7
    assert {c[0] for c in cmds} <= {"osint", "papermill", *SKIPPED}, {c[0] for c in cmds}


def test_the_python_example_runs_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for block in _blocks("python"):
        scope: dict = {}
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            exec(compile(block, "README.md", "exec"), scope)
        if "print(article)" in block:
            assert printed.getvalue().startswith("Article(id='000_908df4e159e4c100'")
            assert len(printed.getvalue()) < 300
        if "places" in scope:
            assert "Pyongyang" in set(scope["places"]["name"].dropna())


@pytest.mark.slow
def test_every_offline_shell_command_runs(tmp_path, monkeypatch, capsys):
    from osint.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "reports").mkdir()
    # papermill reads the notebook from the path it is given, as run from the project root.
    (tmp_path / "notebooks").symlink_to(ROOT / "notebooks")
    seed = (ROOT / "seeds" / "000_908df4e159e4c100.txt").read_text("utf-8").splitlines()
    (tmp_path / "corpus.jsonl").write_text(
        "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(seed[:5])), encoding="utf-8")
    papermill = Path(sys.executable).with_name("papermill")
    ran = []
    for argv in _commands():
        if not _runnable(argv):
            continue
        if argv[0] == "papermill":
            res = subprocess.run([str(papermill), *argv[1:], "--no-progress-bar"], capture_output=True,
                                 text=True, timeout=600)
            assert res.returncode == 0, (argv, res.stderr[-2000:])
            assert (tmp_path / argv[2]).stat().st_size > 0
        else:
            if argv[1] == "report" and "--out" not in argv:
                argv = [*argv, "--out", str(tmp_path / "reports-default")]
            code = main(argv[1:])
            _, err = capsys.readouterr()
            assert code == 0, (argv, err)
        ran.append(" ".join(argv[:2]))
    assert {"osint geoparse", "osint map", "osint crossref", "osint sun", "osint report",
            "papermill notebooks/03-imagery-claims.ipynb"} <= set(ran), ran
    for name in ("map.html", "map.png", "map.pdf", "map.csv", "map.kml"):
        assert (tmp_path / "reports" / name).exists(), name
    assert (tmp_path / "places.csv").stat().st_size > 0
    assert (tmp_path / "reports" / "seed" / "03-imagery-claims.html").exists()
    assert (tmp_path / "reports-default" / "map.html").exists()
