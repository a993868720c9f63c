"""Hostile and odd inputs end in one line and exit 2, never a traceback, a hang or silence.

FIFOs, devices and folders are refused before a byte is read; standard input and every file are
capped; a bad corpus line, sidecar, evidence table or elements file is named with its line; dates
at the calendar's edges stay unresolved; a sentence naming a place ten thousand times stays small.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import osint
from osint import cli
from osint.errors import InputError
from osint.io import read_limited

ROOT = Path(__file__).resolve().parents[1]



SEED = ROOT / "seeds" / "000_908df4e159e4c100.txt"



def _article(folder: Path, text: str = "Troops marched in Pyongyang and Nairobi.\n") -> Path:
    a = folder / "a.txt"
    a.write_text(text, encoding="utf-8")
    (folder / "a.json").write_text('{"published": "2023-07-27"}', encoding="utf-8")
    return a



RELATIVE = ["last week", "next year", "in 2 days", "the past 3 years", "tomorrow", "yesterday", "next month",
            "March 5", "last weekend", "this weekend", "next Monday", "in January", "the past few months",
            "January last year", "March next year", "last month", "earlier this week"]



CLAIM = ("Satellite imagery taken {when} by Maxar showed troops at Kim Il Sung Square in Pyongyang, "
         "said analyst Dave Smith.\n")



def test_special_files_are_refused_without_hanging(tmp_path, capsys):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for path, what in ((fifo, "FIFO"), ("/dev/zero", "device"), ("/dev/urandom", "device")):
        assert cli.main(["geoparse", str(path)]) == 2
        assert what in capsys.readouterr().err
    with pytest.raises(InputError, match="FIFO"):
        read_limited(fifo)



def test_an_endless_pipe_on_stdin_is_capped(tmp_path):
    yes = subprocess.Popen(["yes", "Seoul"], stdout=subprocess.PIPE)
    try:
        res = subprocess.run([sys.executable, "-m", "osint.cli", "geoparse", "-"], stdin=yes.stdout,
                             capture_output=True, text=True, timeout=120, cwd=ROOT)
    finally:
        yes.kill()
        yes.wait()
    assert res.returncode == 2 and "larger than" in res.stderr and "Traceback" not in res.stderr



@pytest.mark.parametrize("line,message", [
    ('{"id": 1, "text": ' + "[" * 5000 + "]" * 5000 + "}", "nested"),
    ('{"id": "\\ud800", "text": "Seoul"}', "surrogate"),
    ('{"id": NaN, "text": "Seoul"}', "NaN"),
    ('{"id": 1e400, "text": "Seoul"}', "too large"),
    ('{"id": {"a": 1}, "text": "Seoul"}', "string or a whole number"),
])
def test_hostile_corpus_lines_name_the_line(tmp_path, capsys, line, message):
    c = tmp_path / "c.jsonl"
    c.write_text('{"id": 0, "text": "Busan"}\n' + line + "\n", encoding="utf-8")
    for extra in ([], ["--format", "csv"]):
        assert cli.main(["geoparse", str(c), *extra]) == 2
        err = capsys.readouterr().err
        assert "c.jsonl:2" in err and message in err



def test_lone_surrogates_in_text_are_written_as_replacement_characters(tmp_path, capsys):
    c = tmp_path / "c.jsonl"
    c.write_text('{"id": "a", "text": "Troops in \\ud800Seoul and Busan \\udfff."}\n', encoding="utf-8")
    assert cli.main(["geoparse", str(c), "--format", "csv"]) == 0
    assert "Busan" in capsys.readouterr().out



def test_upper_case_jsonl_is_a_corpus(tmp_path, capsys):
    c = tmp_path / "C.JSONL"
    c.write_text('{"id": "a", "text": "Seoul"}\n{"id": "b", "text": "Busan"}\n', encoding="utf-8")
    assert cli.main(["geoparse", str(c), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "a,0,5,Seoul" in out and "b,0,5,Busan" in out



def test_parquet_with_corrupt_pages_is_a_clear_error(tmp_path, capsys):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "c.parquet"
    texts = [f"Troops in Seoul and Busan, document {i}. " * 20 for i in range(2000)]
    pq.write_table(pa.table({"id": list(range(2000)), "text": texts}), path, compression="none",
                   row_group_size=1000)
    data = bytearray(path.read_bytes())
    footer = int.from_bytes(data[-8:-4], "little") + 8
    for i in range(64, len(data) - footer - 64, 997):  # garbage in the pages, footer intact
        data[i] = (data[i] + 101) % 256
    path.write_bytes(bytes(data))
    assert cli.main(["geoparse", str(path), "-o", str(tmp_path / "out.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "c.parquet" in err and "Traceback" not in err



@pytest.mark.parametrize("sidecar,message", [
    ("dir", "directory"), ("fifo", "FIFO"), ('{"a": ' * 3000 + "1" + "}" * 3000, "nested"),
    ('{"published_inferred": "maybe"}', "true or false"), ('{"published": "27/07/2023"}', "YYYY-MM-DD"),
    ('{"title": ["x"]}', "must be a string"), (b"\xff\xfe", "UTF-8"),
])
def test_hostile_sidecars_name_the_sidecar(tmp_path, capsys, sidecar, message):
    a = tmp_path / "a.txt"
    a.write_text("Troops in Seoul.\n", encoding="utf-8")
    side = tmp_path / "a.json"
    if sidecar == "dir":
        side.mkdir()
    elif sidecar == "fifo":
        os.mkfifo(side)
    else:
        side.write_bytes(sidecar if isinstance(sidecar, bytes) else sidecar.encode())
    assert cli.main(["geoparse", str(a)]) == 2
    err = capsys.readouterr().err
    assert "a.json" in err and message in err, err



def test_sidecar_flags_are_read_strictly(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("Troops in Seoul.\n", encoding="utf-8")
    for raw, expected in (('"false"', False), ("false", False), ('"true"', True), ("true", True)):
        (tmp_path / "a.json").write_text(f'{{"published": "2023-07-27", "published_inferred": {raw}}}',
                                         encoding="utf-8")
        assert osint.load_article(a).published_inferred is expected



@pytest.mark.parametrize("content,message", [
    ("1 25544U 98067A   23208.50000000  .00016717  00000-0  10270-3 0  9005\n2 25544  51.6", "too short"),
    ("UMBRA\n1 x\n2 y\n", "too short"),
    ('[{"OBJECT_NAME": "X", "NORAD_CAT_ID": 1, "EPOCH": "2023-07-20T00:00:00"}]', "no usable OMM"),
    ("[" * 5000, "nested"),
])
def test_bad_elements_files_exit_2(tmp_path, capsys, content, message):
    el = tmp_path / "elements.txt"
    el.write_text(content, encoding="utf-8")
    assert cli.main(["crossref", str(SEED), "--elements", str(el)]) == 2
    err = capsys.readouterr().err
    assert "elements.txt" in err and message in err and "Traceback" not in err



def test_bad_sidecar_date_names_the_sidecar(tmp_path, capsys):
    a = tmp_path / "a.txt"
    a.write_text("Troops in Seoul.\n", encoding="utf-8")
    (tmp_path / "a.json").write_text('{"published": "last Tuesday"}', encoding="utf-8")
    assert cli.main(["crossref", str(a)]) == 2
    assert "a.json" in capsys.readouterr().err



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



def test_a_tle_epoch_that_overflows_is_a_clear_error(tmp_path, capsys):
    l1 = "1 25544U 98067A   231e30000000  .00016717  00000-0  10270-3 0  9005"  # day of year: inf
    l2 = "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537"
    el = tmp_path / "elements.txt"
    el.write_text(f"ISS\n{l1}\n{l2}\n", encoding="utf-8")
    assert cli.main(["crossref", str(SEED), "--elements", str(el)]) == 2
    err = capsys.readouterr().err
    assert "elements.txt" in err and "Traceback" not in err



def test_solar_elevations_at_the_calendar_edges_are_an_input_error():
    import datetime as dt
    from zoneinfo import ZoneInfo

    from osint.sun import elevations

    ok = dt.datetime(2023, 7, 1, tzinfo=dt.UTC)
    for edge in (dt.datetime(1, 1, 1, tzinfo=ZoneInfo("Asia/Pyongyang")),
                 dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(dt.timedelta(hours=-5)))):
        with pytest.raises(InputError, match="outside the solar ephemeris"):
            elevations(39.0, 125.7, [ok, edge])



@pytest.mark.parametrize("anchor", ["0001-01-01", "0001-01-03", "9999-12-30", "9999-12-31"])
def test_relative_dates_at_the_calendar_edges_are_left_unresolved(anchor):
    import datetime as dt

    from osint.dates import find_dates

    a = dt.date.fromisoformat(anchor)
    for expr in RELATIVE:
        refs = find_dates(f"It happened {expr}.", a)
        for r in refs:
            assert (r.date_start is None) == (r.date_end is None)
            if r.date_start is None:
                assert "outside the calendar" in r.derivation
    unresolved = [e for e in RELATIVE for r in find_dates(e, a) if not r.resolved]
    assert unresolved, "nothing reached the edge: the test does not test"
    assert {r.text for r in find_dates("last week and next year", a)} == {"last week", "next year"}



@pytest.mark.parametrize("when,published,how", [
    ("last week", "0001-01-01", "sidecar"), ("next year and in 2 days", "9999-12-31", "flag"),
    ("on 9999-12-31", "2023-07-27", "flag"), ("on 0001-01-01", "0001-01-08", "sidecar"),
    ("recently", "9999-12-31", "sidecar"),
])
def test_crossref_at_the_calendar_edges_ends_cleanly(tmp_path, capsys, when, published, how):
    a = tmp_path / "edge.txt"
    a.write_text(CLAIM.format(when=when), encoding="utf-8")
    flag = []
    if how == "sidecar":
        (tmp_path / "edge.json").write_text(json.dumps({"published": published}), encoding="utf-8")
    else:
        flag = ["--published", published]
    assert cli.main(["crossref", str(a), *flag, "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["claims"] and "Traceback" not in err
    assert cli.main(["crossref", str(a), *flag]) == 0
    assert "verdict:" in capsys.readouterr().out
    rep = osint.crossref(a, published=published)
    checks = {k.check: k for k in rep.imagery[0].checks}
    assert "outside the solar ephemeris" in checks["sensor_conditions"].detail



def test_ten_thousand_mentions_in_one_sentence_stay_small(tmp_path):
    from osint import geoparse_places
    from osint.places.pipeline import ELLIPSIS, SENTENCE_WINDOW, place_records

    text = "Officials met in " + "Seoul, " * 10_000 + "and Busan."
    recs = place_records(text, geoparse_places(text))
    assert len(recs) >= 10_000
    assert max(len(r["sentence"]) for r in recs) <= SENTENCE_WINDOW + 2 * len(ELLIPSIS)
    assert sum(len(r["sentence"]) for r in recs) < 10_001 * (SENTENCE_WINDOW + 2)
    for r in recs[::997]:
        assert r["text"] in r["sentence"]  # the mention is always in its window
        assert r["sentence"].startswith((ELLIPSIS, "Officials")) and not r["sentence"][1:2].isspace()
    # Written out, the table grows with the mentions, not with mentions x sentence length.
    article = tmp_path / "long.txt"
    article.write_text(text, encoding="utf-8")
    out = tmp_path / "long.csv"
    assert cli.main(["geoparse", str(article), "--format", "csv", "-o", str(out)]) == 0
    assert out.stat().st_size < 10_001 * 2_000, out.stat().st_size



def test_short_sentences_are_kept_whole():
    from osint import geoparse_places
    from osint.places.pipeline import place_records

    text = "Troops marched in Pyongyang. Talks were held in Nairobi and Lima."
    recs = place_records(text, geoparse_places(text))
    assert [r["sentence"] for r in recs] == ["Troops marched in Pyongyang.", *["Talks were held in Nairobi "
                                                                              "and Lima."] * 2]



@pytest.mark.parametrize("command", [["crossref"], ["export", "--format", "csv", "-o", "x.csv"],
                                     ["geoparse"]])
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_given_as_the_article_is_refused_at_once(tmp_path, capsys, monkeypatch, command, device):
    # The run's record hashes its inputs: a device must be refused, not read for ever.
    monkeypatch.chdir(tmp_path)
    argv = [command[0], device, *command[1:]]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert "not a regular file" in err and device in err



@pytest.mark.parametrize("command", [["crossref"], ["export", "--format", "csv", "-o", "x.csv"],
                                     ["geoparse"], ["map", "-o", "m.html"]])
def test_a_directory_given_as_the_article_is_one_line(tmp_path, capsys, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "adir").mkdir()
    assert cli.main([command[0], "adir", *command[1:]]) == 2
    err = capsys.readouterr().err
    # map and crossref read a folder's articles (issue 24): an empty one is said as such.
    said = "adir: no .txt articles in this folder" if command[0] in ("map", "crossref") else "is a directory"
    assert said in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert str(tmp_path) not in err, "named as given, not by its absolute path"

