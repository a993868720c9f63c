"""Outputs in shared and odd places: temporary files that carry their owner, sets committed whole,
device paths, long names (issue 18).

Two machines writing into one folder are simulated twice: by a temporary name that records
another machine (the unit level) and, where ``unshare`` works, by a real second PID namespace
running osint beside this one.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from osint import cli
from osint.io import STALE_AFTER_S, atomic_output, is_stale, machine_tag, sweep_stale, temp_name

ROOT = Path(__file__).resolve().parents[1]


def _dead_pid() -> int:
    return int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True).stdout)


def _article(folder: Path, name: str = "a.txt",
             text: str = "Officials met in Pyongyang and Seoul.\n") -> Path:
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


# ------------------------------------------------------------------ temporary files carry their owner


def test_a_temporary_name_records_machine_process_and_start(tmp_path):
    name = temp_name(tmp_path / "out.jsonl").name
    assert f"-h{machine_tag()}-p{os.getpid()}-s" in name and name.startswith(".out.jsonl.osint-")
    assert not is_stale(name, tmp_path)


def test_another_machines_live_work_is_never_swept(tmp_path):
    # A long corpus run on another machine: its process id means nothing here (it may be dead
    # here, or belong to an unrelated process).
    other = "0badc0de" if machine_tag() != "0badc0de" else "0badc0df"
    tmp = tmp_path / f".big.jsonl.osint-h{other}-p{_dead_pid()}-s123-abcd1234.tmp"
    tmp.write_text("half of a long run", encoding="utf-8")
    staging = tmp_path / f".big.jsonl.osint-h{other}-p{_dead_pid()}-s123-abcd1234.parts"
    staging.mkdir()
    (staging / "part-00001.jsonl").write_text("{}\n", encoding="utf-8")
    assert cli.main(["geoparse", str(_article(tmp_path)), "-o", str(tmp_path / "other.jsonl")]) == 0
    assert tmp.exists() and (staging / "part-00001.jsonl").exists()
    # Untouched for longer than a week, it is anybody's to sweep.
    old = time.time() - STALE_AFTER_S - 60
    for p in (tmp, staging, staging / "part-00001.jsonl"):
        os.utime(p, (old, old))
    assert sweep_stale(tmp_path) == 2
    assert not tmp.exists() and not staging.exists()


def test_a_process_id_reused_by_another_process_does_not_keep_a_file(tmp_path):
    # Process 1 is alive, but it did not start at tick 7: the writer is gone.
    stale = tmp_path / f".x.osint-h{machine_tag()}-p1-s7-abcd1234.tmp"
    stale.write_text("left by a dead run", encoding="utf-8")
    assert is_stale(stale.name, tmp_path)
    assert sweep_stale(tmp_path) == 1


def test_files_of_earlier_versions_are_swept_only_when_old(tmp_path):
    old_form = tmp_path / f".x.osint-{_dead_pid()}-abcd1234.tmp"
    old_form.write_text("?", encoding="utf-8")
    assert sweep_stale(tmp_path) == 0
    t = time.time() - STALE_AFTER_S - 60
    os.utime(old_form, (t, t))
    assert sweep_stale(tmp_path) == 1


def test_names_that_are_not_ours_are_never_touched(tmp_path):
    for name in (".x.osint-h12345678-p1-s1-zz.tmp", ".bashrc", "notes.osint-1-ab.tmp.bak"):
        (tmp_path / name).write_text("keep", encoding="utf-8")
    t = time.time() - STALE_AFTER_S - 60
    for p in tmp_path.iterdir():
        os.utime(p, (t, t))
    assert sweep_stale(tmp_path) == 0


def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    r = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", "true"], capture_output=True)
    return r.returncode == 0


@pytest.mark.skipif(not _unshare_works(), reason="needs unshare --pid (root or user namespaces)")
def test_a_run_in_another_pid_namespace_keeps_its_files_in_a_shared_folder(tmp_path):
    # The documented cluster set-up in miniature: a run in a second PID namespace writes its
    # temporary file and staging folder into the shared folder; an unrelated run here writes
    # another output into the same folder meanwhile.
    shared = tmp_path / "shared"
    shared.mkdir()
    script = (
        "import sys, time, pathlib\n"
        "from osint.io import temp_name\n"
        "t = temp_name(pathlib.Path(sys.argv[1]) / 'corpus.jsonl')\n"
        "t.write_text('partial')\n"
        "p = temp_name(pathlib.Path(sys.argv[1]) / 'corpus.jsonl', '.parts')\n"
        "p.mkdir()\n"
        "print(t.name, p.name, flush=True)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen(["unshare", "--pid", "--fork", "--mount-proc", sys.executable, "-c", script,
                             str(shared)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        names = proc.stdout.readline().split()
        assert len(names) == 2, "the run in the other namespace did not start"
        res = subprocess.run([sys.executable, "-m", "osint.cli", "geoparse", str(_article(tmp_path)),
                              "-o", str(shared / "other.jsonl")], capture_output=True, text=True, cwd=ROOT)
        assert res.returncode == 0, res.stderr
        assert all((shared / n).exists() for n in names)
    finally:
        proc.kill()
        proc.wait()


# ------------------------------------------------------------------ device and special paths


@pytest.mark.skipif(not os.access("/dev/shm", os.W_OK), reason="no writable /dev/shm")
def test_an_output_under_dev_shm_is_replaced_whole_and_a_new_one_created(tmp_path):
    a = _article(tmp_path)
    target = Path("/dev/shm") / f"osint-test-{os.getpid()}.csv"
    try:
        target.write_text("x" * 100_000, encoding="utf-8")
        assert cli.main(["geoparse", str(a), "--format", "csv", "-o", str(target)]) == 0
        text = target.read_text("utf-8")
        assert "x" * 10 not in text and "Pyongyang" in text
        assert len(text) < 10_000
        target.unlink()
        assert cli.main(["geoparse", str(a), "--format", "csv", "-o", str(target)]) == 0
        assert "Pyongyang" in target.read_text("utf-8")
    finally:
        target.unlink(missing_ok=True)


def test_a_new_name_under_dev_is_refused(tmp_path, capsys):
    target = Path("/dev") / f"osint-test-{os.getpid()}.csv"
    assert cli.main(["geoparse", str(_article(tmp_path)), "--format", "csv", "-o", str(target)]) == 2
    assert "under /dev or /proc" in capsys.readouterr().err
    assert not target.exists()


def test_a_descriptor_alias_naming_a_file_is_truncated_first(tmp_path):
    a = _article(tmp_path)
    target = tmp_path / "via-fd.csv"
    target.write_text("y" * 100_000, encoding="utf-8")
    fd = os.open(target, os.O_RDWR)
    try:
        assert cli.main(["geoparse", str(a), "--format", "csv", "-o", f"/dev/fd/{fd}"]) == 0
    finally:
        os.close(fd)
    text = target.read_text("utf-8")
    assert "Pyongyang" in text and "yyyy" not in text


# ------------------------------------------------------------------ long names


def test_a_250_character_article_name_maps(tmp_path, capsys):
    a = _article(tmp_path, "a" * 246 + ".txt")
    out = tmp_path / ("m" * 245 + ".html")
    assert cli.main(["map", str(a), "-o", str(out)]) == 0, capsys.readouterr().err
    assert out.exists() and out.with_suffix(".geojson").exists()
    assert "Traceback" not in capsys.readouterr().err


def test_a_temporary_name_fits_the_file_system_for_the_longest_target(tmp_path):
    t = temp_name(tmp_path / ("z" * 255))
    assert len(t.name.encode()) <= 255
    with atomic_output(tmp_path / ("é" * 127)) as fh:  # 254 bytes of UTF-8
        fh.write("ok")
    assert (tmp_path / ("é" * 127)).read_text("utf-8") == "ok"


# ------------------------------------------------------------------ sets committed whole


_KILL_AFTER_RENAMES = """
import os, signal, sys
real, n = os.replace, [0]
def replace(a, b, *args, **kw):
    real(a, b, *args, **kw)
    if '.parts' in str(a) and '.parts' not in str(b):  # a rename out of the staging folder
        n[0] += 1
        if n[0] == 2:
            os.kill(os.getpid(), signal.SIGKILL)
os.replace = replace
from osint.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _set_titles(folder: Path) -> dict[str, str]:
    """Which article each file of the map set came from (by a word only that article holds)."""
    out = {}
    for p in folder.iterdir():
        if p.suffix in (".html", ".csv", ".geojson", ".kml"):
            t = p.read_text("utf-8", "replace")
            out[p.suffix] = "first" if "Vladivostok" in t else "second" if "Khabarovsk" in t else "?"
    return out


def test_a_map_set_cut_off_by_sigkill_is_finished_by_the_next_run(tmp_path):
    first = _article(tmp_path, "first.txt", "Officials flew from Vladivostok to Pyongyang.\n")
    second = _article(tmp_path, "second.txt", "Officials flew from Khabarovsk to Pyongyang.\n")
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "MPLBACKEND": "Agg"}
    assert subprocess.run([sys.executable, "-m", "osint.cli", "map", str(first), "-o", str(out / "map.html")],
                          cwd=ROOT, env=env, capture_output=True).returncode == 0
    assert set(_set_titles(out).values()) == {"first"}
    killed = subprocess.run([sys.executable, "-c", _KILL_AFTER_RENAMES, "map", str(second), "-o",
                             str(out / "map.html")], cwd=ROOT, env=env, capture_output=True)
    assert killed.returncode == -signal.SIGKILL
    staging = [p for p in out.iterdir() if p.name.endswith(".parts")]
    assert staging and (staging[0] / "commit.json").exists()  # the journal the next run finishes
    # Any later run that writes into the folder finishes the set before it writes.
    assert cli.main(["geoparse", str(first), "-o", str(out / "other.jsonl")]) == 0
    assert set(_set_titles(out).values()) == {"second"}
    assert not [p for p in out.iterdir() if p.name.endswith(".parts")]


def test_a_set_killed_before_its_commit_leaves_the_earlier_set_whole(tmp_path):
    from osint.io import finish_commit

    staging = temp_name(tmp_path / "map.html", ".parts")
    staging.mkdir()
    (staging / "map.html").write_text("new", encoding="utf-8")
    (tmp_path / "map.html").write_text("old", encoding="utf-8")
    assert finish_commit(staging) == 0  # no journal: the commit never began
    assert (tmp_path / "map.html").read_text("utf-8") == "old"


def test_a_planted_journal_moves_nothing_outside_its_folder(tmp_path):
    from osint.io import finish_commit

    victim = tmp_path / "elsewhere"
    victim.mkdir()
    staging = tmp_path / f".x.osint-h{machine_tag()}-p{_dead_pid()}-s1-abcd1234.parts"
    staging.mkdir()
    (staging / "evil").write_text("planted", encoding="utf-8")
    (staging / "commit.json").write_text(json.dumps({"version": 1, "pairs": [
        ["evil", "../elsewhere/owned"], ["../../etc/passwd", "x"], ["evil", "/tmp/abs"], [1, 2],
        ["evil", "fine.txt"]]}), encoding="utf-8")
    assert finish_commit(staging) == 1
    assert not (victim / "owned").exists() and (tmp_path / "fine.txt").read_text("utf-8") == "planted"
