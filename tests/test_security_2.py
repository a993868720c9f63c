"""Hostile input, second round: one test (or a few) per confirmed finding of the red-team review.

As in tests/test_security.py: a bad input or a broken service ends in one clear line
and exit status 2 (or a note), never a traceback, a hang or a silent empty result.
Services are small servers on 127.0.0.1 (tests/servers.py); nothing reaches the internet.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import osint
from osint import cli
from osint.errors import InputError
from osint.io import atomic_output, read_limited
from osint.paths import data_file
from osint.services import http

ROOT = Path(__file__).resolve().parents[1]
USER_AGENT = "osint-workbench-tests/1.0 (tests@example.org)"


@pytest.fixture
def cache_env(tmp_path, monkeypatch):
    osint.load_gazetteer()
    monkeypatch.setenv("OSINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("OSINT_USER_AGENT", USER_AGENT)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv("OSINT_GEOCODER", raising=False)
    return tmp_path


def _article(folder: Path, text: str = "Troops marched in Pyongyang and Nairobi.\n") -> Path:
    a = folder / "a.txt"
    a.write_text(text, encoding="utf-8")
    (folder / "a.json").write_text('{"published": "2023-07-27"}', encoding="utf-8")
    return a


def _osint(*argv: str, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "osint.cli", *argv], capture_output=True, text=True,
                          timeout=timeout, cwd=kw.pop("cwd", ROOT), **kw)


# ------------------------------------------------------------- 1: evidence files


@pytest.mark.timeout(60)
@pytest.mark.parametrize("special", ["fifo", "/dev/zero", "/dev/null"])
def test_evidence_that_is_not_a_regular_file_is_refused(tmp_path, capsys, special):
    a = _article(tmp_path)
    if special == "fifo":
        special = str(tmp_path / "evidence.csv")
        os.mkfifo(special)
    assert cli.main(["crossref", str(a), "--evidence", special]) == 2
    err = capsys.readouterr().err
    assert "not a regular file" in err and special in err


def test_oversized_evidence_table_is_refused(tmp_path, capsys, monkeypatch):
    from osint.checks import evidence

    a = _article(tmp_path)
    big = tmp_path / "big.csv"
    big.write_text("id,kind,date,site_id,lat,lon,provider,sensor,source_url\n" + "x" * 4096, encoding="utf-8")
    monkeypatch.setattr(evidence, "read_limited",
                        lambda p, what: read_limited(p, limit=1024, what=what))
    assert cli.main(["crossref", str(a), "--evidence", str(big)]) == 2
    assert "larger than" in capsys.readouterr().err


# ------------------------------------------------------- 3: shipped data are inputs


@pytest.mark.parametrize("name", ["imagery_evidence.csv", "countries.csv", "curated_places.csv",
                                  "sensors.csv"])
def test_an_output_onto_a_shipped_data_file_is_refused(tmp_path, capsys, monkeypatch, name):
    # On a copy of the data folder (mtimes kept, so the gazetteer stays the same one): a
    # regression damages the copy, never the checkout.
    shutil.copytree(data_file(name).parent, tmp_path / "data", ignore=shutil.ignore_patterns("interim"))
    monkeypatch.setenv("OSINT_DATA_DIR", str(tmp_path / "data"))
    a = _article(tmp_path)
    target = data_file(name)
    assert target.parent == tmp_path / "data"
    before = target.read_bytes()
    for argv in (["geoparse", str(a), "--format", "csv", "-o", str(target)],
                 ["crossref", str(a), "--format", "json", "-o", str(target)]):
        assert cli.main(argv) == 2
        assert "shipped with osint" in capsys.readouterr().err
    link = tmp_path / "link.csv"  # another name for the same file is the same file
    link.symlink_to(target)
    with pytest.raises(InputError, match="shipped"), atomic_output(link) as fh:
        fh.write("gone")
    assert target.read_bytes() == before


# ---------------------------------------------------- 4: outputs that are not files


# These tests name /dev/null and standard output through a symlink of their own and
# /proc/self/fd/1: should the code regress, the worst it can replace is the test's own
# symlink (nothing can be created in /proc), never the machine's /dev/null or /dev/stdout.


def test_output_to_dev_null_discards_and_keeps_the_device(tmp_path, capsys):
    a = _article(tmp_path)
    link = tmp_path / "out.csv"
    link.symlink_to("/dev/null")
    assert cli.main(["geoparse", str(a), "--format", "csv", "-o", str(link)]) == 0
    assert cli.main(["crossref", str(a), "--format", "json", "-o", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert capsys.readouterr().out == ""
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("stdout", ["pipe", "file"])
def test_output_to_proc_self_fd_1_is_standard_output(tmp_path, stdout):
    a = _article(tmp_path)
    if stdout == "pipe":
        res = _osint("geoparse", str(a), "--format", "csv", "-o", "/proc/self/fd/1")
        out = res.stdout
    else:
        f = tmp_path / "captured.csv"
        with f.open("w") as fh:
            fh.write("kept line\n")
            fh.flush()
            res = subprocess.run([sys.executable, "-m", "osint.cli", "geoparse", str(a), "--format", "csv",
                                  "-o", "/proc/self/fd/1"], stdout=fh, stderr=subprocess.PIPE, text=True,
                                 timeout=120, cwd=ROOT)
        out = f.read_text("utf-8")
        assert out.startswith("kept line\n")  # appended like standard output, not rewritten from 0
    assert res.returncode == 0, res.stderr
    assert "Pyongyang" in out and out.count("\n") >= 3


@pytest.mark.timeout(60)
def test_output_to_a_fifo_without_reader_is_refused_and_with_one_is_written(tmp_path, capsys):
    a = _article(tmp_path)
    fifo = tmp_path / "out.jsonl"
    os.mkfifo(fifo)
    assert cli.main(["geoparse", str(a), "-o", str(fifo)]) == 2
    assert "no process is reading" in capsys.readouterr().err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    deadline = time.monotonic() + 10
    code = 2
    while time.monotonic() < deadline:  # the reader may not have opened its end yet
        code = cli.main(["geoparse", str(a), "-o", str(fifo)])
        if code == 0:
            break
        time.sleep(0.05)
    assert code == 0
    reader.join(10)
    assert b"Pyongyang" in got[0]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_caches_replace_a_planted_fifo_instead_of_writing_into_it(tmp_path):
    fifo = tmp_path / "answer.json"
    os.mkfifo(fifo)
    with atomic_output(fifo, replace_special=True) as fh:
        fh.write("{}")
    assert fifo.is_file() and fifo.read_text() == "{}"


# ---------------------------------------------------------------- 17: cache folder


@pytest.mark.timeout(30)
def test_a_fifo_in_place_of_a_cached_answer_does_not_hang(cache_env):
    url, params = "http://127.0.0.1:9/search", {"q": "x"}
    full = http._full_url(url, params)
    path = http._cache_file("stac", json.dumps({"url": full, "body": None}, sort_keys=True))
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    with pytest.raises(http.NotAvailable):
        http.fetch_json("stac", url, params, online=False)
    assert not path.exists()  # the planted node is dropped like a malformed entry
