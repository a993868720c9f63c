"""The Makefile picks its Python: an active conda environment with osint installed, else .venv."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _make(*args, conda=None):
    env = {k: v for k, v in os.environ.items() if k not in ("CONDA_PREFIX", "MAKEFLAGS", "MAKELEVEL")}
    if conda is not None:
        env["CONDA_PREFIX"] = str(conda)
    res = subprocess.run(["make", "-s", "-C", str(ROOT), *args], capture_output=True, text=True, env=env,
                         timeout=60)
    assert res.returncode == 0, res.stderr
    return res.stdout


def _prefix(tmp_path, name, python):
    prefix = tmp_path / name
    (prefix / "bin").mkdir(parents=True)
    exe = prefix / "bin" / "python"
    exe.write_text(f'#!/bin/sh\nexec "{python}" "$@"\n', encoding="utf-8")
    exe.chmod(0o755)
    return prefix


def test_an_active_conda_environment_with_osint_is_used(tmp_path):
    # Issue 14: the README tells conda users to create an environment; make ignored it.
    conda = _prefix(tmp_path, "osint-workbench", sys.executable)  # this interpreter has osint installed
    assert _make("env", conda=conda).strip() == f"conda environment {conda}: {conda}/bin/python"
    plan = _make("-n", "test", conda=conda)
    assert f"{conda}/bin/ruff check" in plan and f"{conda}/bin/python -m pytest" in plan
    assert ".venv" not in plan


def test_without_conda_or_without_osint_in_it_the_venv_is_used(tmp_path):
    assert _make("env").strip() == ".venv: .venv/bin/python"
    bare = _prefix(tmp_path, "base", shutil.which("false") or "/bin/false")  # "import osint" fails there
    assert _make("env", conda=bare).strip() == ".venv: .venv/bin/python"
    assert ".venv/bin/python -m pytest" in _make("-n", "test", conda=bare)
