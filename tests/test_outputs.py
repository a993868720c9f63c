"""Nothing is lost: an output appears whole or not at all, and never destroys an input.

Outputs that are inputs or shipped data files are refused; a failed, killed or interrupted run
leaves the earlier outputs as they were; device and special paths are written in place or refused;
temporary files carry their owner and are swept only when provably stale, also in a folder shared
with another machine; a set of files (a map, a report) is committed under a journal.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from osint import cli
from osint.errors import InputError
from osint.io import STALE_AFTER_S, atomic_output, is_stale, machine_tag, sweep_stale, temp_name
from osint.paths import data_file

ROOT = Path(__file__).resolve().parents[1]



def _corpus(path: Path, n: int) -> Path:
    line = json.dumps({"text": "Officials in Pyongyang, Seoul, Moscow and Vladivostok met. " * 40})
    path.write_text("\n".join(line for _ in range(n)) + "\n", encoding="utf-8")
    return path



def _limit_file_size(limit: int):
    def apply():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply



def _article(folder: Path, text: str = "Troops marched in Pyongyang and Nairobi.\n") -> Path:
    a = folder / "a.txt"
    a.write_text(text, encoding="utf-8")
    (folder / "a.json").write_text('{"published": "2023-07-27"}', encoding="utf-8")
    return a



def _osint(*argv: str, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "osint.cli", *argv], capture_output=True, text=True,
                          timeout=timeout, cwd=kw.pop("cwd", ROOT), **kw)



def _dead_pid() -> int:
    return int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True).stdout)



def _text_file(folder: Path, name: str = "a.txt",
             text: str = "Officials met in Pyongyang and Seoul.\n") -> Path:
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p



def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    r = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", "true"], capture_output=True)
    return r.returncode == 0



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
            # The map's offline ground names towns around the story (both cities among them): in
            # the page, a marker's tooltip says which article it came from.
            mark = " (1 mention" if p.suffix == ".html" else ""
            out[p.suffix] = ("first" if f"Vladivostok{mark}" in t else
                             "second" if f"Khabarovsk{mark}" in t else "?")
    return out



@pytest.mark.parametrize("argv", [
    ["geoparse", "{a}", "-o", "{a}"],
    ["geoparse", "{c}", "-o", "{c}"],
    ["geoparse", "{c}", "--format", "csv", "-o", "{c}"],
    ["crossref", "{a}", "--format", "json", "-o", "{side}"],
    ["crossref", "{a}", "-o", "{a}"],
    ["map", "{a}", "-o", "{a}.html"],
])
def test_an_output_that_is_an_input_is_refused(tmp_path, capsys, argv):
    a = tmp_path / "a.txt"
    a.write_text("Troops marched in Pyongyang.\n", encoding="utf-8")
    side = tmp_path / "a.json"
    side.write_text('{"published": "2023-07-27"}', encoding="utf-8")
    c = tmp_path / "c.jsonl"
    c.write_text('{"id": 1, "text": "Seoul and Busan."}\n', encoding="utf-8")
    before = {p: p.read_bytes() for p in (a, side, c)}
    if argv[0] == "map":  # the map's CSV beside it would land on the corpus: a.txt.csv is not an input
        argv = ["map", "{a}", "-o", str(tmp_path / "c.html")]
        c2 = tmp_path / "c.csv"
        c2.write_text("keep", encoding="utf-8")
        assert cli.main([x.format(a=a) for x in argv]) == 0
        return
    code = cli.main([x.format(a=a, c=c, side=side) for x in argv])
    assert code == 2
    assert "is also an input" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in before} == before



def test_failed_run_leaves_the_earlier_output_untouched(tmp_path, capsys):
    out = tmp_path / "places.jsonl"
    out.write_text("earlier\n", encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": "Seoul"}\n{"id": 2, "text": 3}\n', encoding="utf-8")
    assert cli.main(["geoparse", str(bad), "-o", str(out)]) == 2
    assert "bad.jsonl:2" in capsys.readouterr().err
    assert out.read_text("utf-8") == "earlier\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]



def test_stale_temporary_files_of_dead_runs_are_swept(tmp_path):
    from osint.io import machine_tag

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    tag = f"osint-h{machine_tag()}-p{dead}-s1"
    stale = tmp_path / f".out.jsonl.{tag}-abcd1234.tmp"
    stale.write_text("half", encoding="utf-8")
    parts = tmp_path / f".out.jsonl.{tag}-abcd1234.parts"
    parts.mkdir()
    mine = tmp_path / f".other.osint-h{machine_tag()}-p{os.getpid()}-s0-abcd1234.tmp"
    mine.write_text("in use", encoding="utf-8")
    with atomic_output(tmp_path / "out.jsonl") as fh:
        fh.write("ok\n")
    assert not stale.exists() and not parts.exists()
    assert mine.exists()  # a live process's file is left alone
    assert sweep_stale(tmp_path) == 0



def test_sigterm_leaves_no_temporary_file(tmp_path):
    corpus = _corpus(tmp_path / "big.jsonl", 3000)
    out = tmp_path / "out" / "places.jsonl"
    out.parent.mkdir()
    out.write_text("earlier\n", encoding="utf-8")
    p = subprocess.Popen([sys.executable, "-m", "osint.cli", "geoparse", str(corpus), "-o", str(out)],
                         stderr=subprocess.PIPE, text=True, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(x.name.endswith(".tmp") for x in out.parent.iterdir()):
        time.sleep(0.05)
    p.send_signal(signal.SIGTERM)
    err = p.communicate(timeout=60)[1]
    assert p.returncode == 143, err
    assert "Traceback" not in err and "stopped by a signal" in err
    assert [x.name for x in out.parent.iterdir()] == ["places.jsonl"]
    assert out.read_text("utf-8") == "earlier\n"



@pytest.mark.slow
def test_interrupted_report_leaves_the_previous_report_whole(tmp_path):
    out = tmp_path / "reports"
    env = {**os.environ, "OSINT_CACHE_DIR": str(tmp_path / "cache")}
    subprocess.run([sys.executable, "-m", "osint.cli", "report", "--out", str(out)], check=True, cwd=ROOT,
                   env=env, capture_output=True)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert {"01-article.html", "map.html", "places.csv"} <= set(before)
    other = tmp_path / "other.txt"
    other.write_text("A second article about Kabul and Kandahar, Afghanistan.\n", encoding="utf-8")
    argv = [sys.executable, "-m", "osint.cli", "report", "--article", str(other), "--out", str(out)]

    # Ctrl-C once staging has begun.
    p = subprocess.Popen(argv, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    staged = []
    while time.monotonic() < deadline:
        staged = [d for d in out.iterdir() if d.name.endswith(".parts")]
        if staged and any(staged[0].iterdir()):
            break
        time.sleep(0.05)
    assert staged, "the report never started staging"
    p.send_signal(signal.SIGINT)
    err = p.communicate(timeout=120)[1]
    assert p.returncode == 130, err
    assert "Traceback" not in err
    assert {q.name: q.read_bytes() for q in out.iterdir()} == before

    # SIGTERM to the whole process group (as `timeout`, a CI runner or systemd send it: the
    # notebook's kernel dies too) while the second notebook runs: nbclient had reset SIGTERM to
    # its default after the first, and a dead kernel read as a failed notebook.
    p = subprocess.Popen(argv, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True, start_new_session=True)
    seen = []
    for line in p.stderr:
        seen.append(line)
        if "01-article.html" in line:
            break
    assert seen and "01-article.html" in seen[-1], "".join(seen)
    os.killpg(p.pid, signal.SIGTERM)
    err = "".join(seen) + p.communicate(timeout=120)[1]
    assert p.returncode == 143, err
    assert "Traceback" not in err and "stopped by a signal" in err and "kernel died" not in err
    assert {q.name: q.read_bytes() for q in out.iterdir()} == before



def test_a_full_disk_is_one_line_and_the_old_output_stays(tmp_path):
    corpus = _corpus(tmp_path / "c.jsonl", 200)
    out = tmp_path / "out.jsonl"
    out.write_text("earlier\n", encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "osint.cli", "geoparse", str(corpus), "-o", str(out)],
                         capture_output=True, text=True, cwd=ROOT, preexec_fn=_limit_file_size(200_000),
                         timeout=300)
    assert res.returncode == 2, res.stderr
    assert "cannot write" in res.stderr and "Traceback" not in res.stderr
    assert out.read_text("utf-8") == "earlier\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl", "out.jsonl"]



def test_dask_engine_into_an_unwritable_folder(tmp_path, capsys):
    corpus = _corpus(tmp_path / "c.jsonl", 3)
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert cli.main(["geoparse", str(corpus), "--engine", "dask", "--workers", "1",
                     "-o", str(blocker / "out.jsonl")]) == 2
    assert "Traceback" not in capsys.readouterr().err



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



def test_a_map_that_fails_half_way_leaves_the_earlier_outputs_whole(tmp_path, capsys, monkeypatch):
    from osint.render import exports

    article = _article(tmp_path)
    out = tmp_path / "m.html"
    assert cli.main(["map", str(article), "-o", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("m.")}
    assert set(before) == {"m.html", "m.csv", "m.geojson", "m.kml", "m.png", "m.pdf"}
    article.write_text("Troops marched in Lima and Quito.\n", encoding="utf-8")

    def full_disk(*args, **kwargs):
        raise exports.InputError("cannot write (No space left on device; free some space and run "
                                 "again (nothing was written))", path="m.kml")

    monkeypatch.setattr(exports, "export_kml", full_disk)
    capsys.readouterr()
    assert cli.main(["map", str(article), "-o", str(out)]) == 2
    assert "No space left" in capsys.readouterr().err
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("m.")}
    assert after == before, "no file of the failed run replaced one of the earlier run"
    assert not [p for p in tmp_path.iterdir() if ".osint-" in p.name], "the staging folder is gone"



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
    assert cli.main(["geoparse", str(_text_file(tmp_path)), "-o", str(tmp_path / "other.jsonl")]) == 0
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
        res = subprocess.run([sys.executable, "-m", "osint.cli", "geoparse", str(_text_file(tmp_path)),
                              "-o", str(shared / "other.jsonl")], capture_output=True, text=True, cwd=ROOT)
        assert res.returncode == 0, res.stderr
        assert all((shared / n).exists() for n in names)
    finally:
        proc.kill()
        proc.wait()



@pytest.mark.skipif(not os.access("/dev/shm", os.W_OK), reason="no writable /dev/shm")
def test_an_output_under_dev_shm_is_replaced_whole_and_a_new_one_created(tmp_path):
    a = _text_file(tmp_path)
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
    assert cli.main(["geoparse", str(_text_file(tmp_path)), "--format", "csv", "-o", str(target)]) == 2
    assert "under /dev or /proc" in capsys.readouterr().err
    assert not target.exists()



def test_a_descriptor_alias_naming_a_file_is_truncated_first(tmp_path):
    a = _text_file(tmp_path)
    target = tmp_path / "via-fd.csv"
    target.write_text("y" * 100_000, encoding="utf-8")
    fd = os.open(target, os.O_RDWR)
    try:
        assert cli.main(["geoparse", str(a), "--format", "csv", "-o", f"/dev/fd/{fd}"]) == 0
    finally:
        os.close(fd)
    text = target.read_text("utf-8")
    assert "Pyongyang" in text and "yyyy" not in text



def test_a_250_character_article_name_maps(tmp_path, capsys):
    a = _text_file(tmp_path, "a" * 246 + ".txt")
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



def test_a_map_set_cut_off_by_sigkill_is_finished_by_the_next_run(tmp_path):
    first = _text_file(tmp_path, "first.txt", "Officials flew from Vladivostok to Pyongyang.\n")
    second = _text_file(tmp_path, "second.txt", "Officials flew from Khabarovsk to Pyongyang.\n")
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

