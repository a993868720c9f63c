"""The ``osint geoparse`` command: formats, standard input, and the error contract."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from osint.cli import main

SEED = "seeds/000_908df4e159e4c100.txt"


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_jsonl_for_an_article(capsys, monkeypatch):
    from osint.paths import PROJ_ROOT

    monkeypatch.chdir(PROJ_ROOT)
    code, out, err = run(["geoparse", SEED], capsys)
    assert code == 0, err
    (line,) = out.splitlines()
    rec = json.loads(line)
    assert rec["id"] == "000_908df4e159e4c100"
    from osint.places import COLUMNS

    # The JSON lines carry every field of the places table, as the CSV and the API do.
    assert all(list(p) == COLUMNS for p in rec["places"])
    assert any(p["name"] == "Kim Il Sung Square" for p in rec["places"])


def test_corpus_in_order_with_ids_and_unresolved(tmp_path, capsys):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps({"id": "a", "text": "Talks in Seoul."}) + "\n"
        + json.dumps({"text": "Troops left Hoechang County."}) + "\n"
        + json.dumps({"id": 7, "text": "Nothing here."}) + "\n"
    )
    code, out, _ = run(["geoparse", str(corpus)], capsys)
    assert code == 0
    recs = [json.loads(x) for x in out.splitlines()]
    assert [r["id"] for r in recs] == ["a", 2, 7]
    assert recs[0]["places"][0]["name"] == "Seoul"
    assert recs[1]["places"][0]["lat"] is None and recs[1]["places"][0]["text"] == "Hoechang County"
    assert recs[2]["places"] == []


def test_fields_give_lean_rows_for_articles_and_corpora(tmp_path, capsys):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": "Talks in Seoul, then Pyongyang."}) + "\n")
    art = tmp_path / "x.txt"
    art.write_text("Talks in Seoul, then Pyongyang.")
    full = json.loads(run(["geoparse", str(art)], capsys)[1])["places"]
    for src in (corpus, art):  # the streamed corpus route and the in-memory one
        code, out, err = run(["geoparse", str(src), "--fields", "text,lat,lon,sentence"], capsys)
        assert code == 0, err
        rows = json.loads(out)["places"]
        assert [list(r) for r in rows] == [["text", "lat", "lon", "sentence"]] * 2
        assert rows == [{k: r[k] for k in ("text", "lat", "lon", "sentence")} for r in full]
    code, _, _ = run(["geoparse", str(art), "--fields", "name,lat", "-o", str(tmp_path / "p.csv")], capsys)
    assert code == 0
    assert (tmp_path / "p.csv").read_text(encoding="utf-8-sig").splitlines()[0] == "id,name,lat"
    with pytest.raises(SystemExit) as stop:  # a usage error, as argparse reports one
        main(["geoparse", str(art), "--fields", "name,planet"])
    assert stop.value.code == 2 and "unknown fields: planet" in capsys.readouterr().err
    code, _, err = run(["geoparse", str(art), "--fields", "name", "-o", str(tmp_path / "p.geojson")], capsys)
    assert code == 2 and "--fields applies to JSONL and CSV" in err


def test_csv_and_geojson_outputs(tmp_path, capsys):
    art = tmp_path / "x.txt"
    art.write_text("From Moscow to Pyongyang via Hoechang County.")
    code, _, _ = run(["geoparse", str(art), "-o", str(tmp_path / "p.csv")], capsys)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "p.csv").read_text())))
    assert [r["text"] for r in rows] == ["Moscow", "Pyongyang", "Hoechang County"]
    assert rows[0]["source_url"].startswith("https://www.geonames.org/") and rows[2]["source_url"] == ""
    code, _, _ = run(["geoparse", str(art), "--format", "geojson", "-o", str(tmp_path / "p.geojson")], capsys)
    gj = json.loads((tmp_path / "p.geojson").read_text())
    assert gj["type"] == "FeatureCollection"
    assert len(gj["features"]) == 2  # the unresolved mention has no point
    assert gj["features"][0]["geometry"]["coordinates"][0] == pytest.approx(37.6, abs=0.1)


def test_stdin_text_and_corpus(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Seoul and Beijing")))
    code, out, _ = run(["geoparse", "-"], capsys)
    assert code == 0 and json.loads(out)["id"] == "stdin"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"id": "q", "text": "Seoul"}\n')))
    code, out, _ = run(["geoparse", "-"], capsys)
    assert json.loads(out)["id"] == "q"


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("empty.txt", b"", "empty input"),
        ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ("latin.txt", "Pyongyang caf\xe9".encode("latin-1"), "not valid UTF-8"),
        ("bad.jsonl", b'{"text": "ok"}\n{"text": \n', "bad.jsonl:2: malformed JSON"),
        ("notext.jsonl", b'{"id": 1, "body": "x"}\n', 'notext.jsonl:1: record has no "text"'),
    ],
)
def test_bad_input_one_line_exit_2_nothing_written(tmp_path, capsys, name, data, needle):
    src = tmp_path / name
    src.write_bytes(data)
    out_file = tmp_path / "out.jsonl"
    code, out, err = run(["geoparse", str(src), "-o", str(out_file)], capsys)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and needle in err and "Traceback" not in err
    assert not out_file.exists()
    assert not list(tmp_path.glob(".out.jsonl.*"))


@pytest.mark.parametrize("argv", [
    ["geoparse", "{d}/nope.txt"], ["geoparse", "{d}/nope.jsonl", "-o", "{d}/out.jsonl"],
    ["geoparse", "--gazetteer", "{d}/nope.csv", "{d}/nope.txt"], ["map", "{d}/nope.txt", "-o", "{d}/m.html"],
    ["report", "--article", "{d}/nope.txt", "--out", "{d}/rep"],
])
def test_a_missing_input_is_reported_before_the_gazetteer_is_opened(argv, tmp_path, capsys, monkeypatch):
    # A typo must not cost a cold build of the index (a minute) before "no such file".
    import osint.gazetteer.build as build

    def never(*a, **k):
        raise AssertionError("the gazetteer was opened before the inputs were checked")

    monkeypatch.setattr(build, "load_gazetteer", never)
    monkeypatch.setattr(build, "_load_base", never)
    assert main([a.format(d=tmp_path) for a in argv]) == 2
    assert "no such file" in capsys.readouterr().err


def test_missing_path_in_a_real_process(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "osint.cli", "geoparse", str(tmp_path / "nope.txt")],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"osint: error: {tmp_path / 'nope.txt'}: no such file"
    assert proc.stdout == ""


def test_output_is_shared_and_bad_output_paths_refused(tmp_path, capsys):
    art = tmp_path / "a.txt"
    art.write_text("Seoul.")
    out = tmp_path / "o.jsonl"
    assert main(["geoparse", str(art), "-o", str(out)]) == 0
    assert out.stat().st_mode & 0o044, "readable by others as the umask allows"
    capsys.readouterr()
    for bad, needle in [(art / "x.jsonl", "is not a folder"), (tmp_path, "is a directory"),
                        (tmp_path / "nope" / "x.jsonl", "output folder does not exist")]:
        code, _, err = run(["geoparse", str(art), "-o", str(bad)], capsys)
        assert code == 2 and needle in err and "Traceback" not in err


def test_an_article_found_under_the_project_root_is_never_overwritten(capsys, monkeypatch):
    # The article is read from the project root (load_article resolves as the CLI does); the
    # output check must look there too.
    from osint.paths import PROJ_ROOT

    monkeypatch.chdir(PROJ_ROOT / "notebooks")
    seed = PROJ_ROOT / SEED
    before = seed.read_bytes()
    code, _, err = run(["geoparse", SEED, "-o", f"../{SEED}"], capsys)
    assert code == 2 and "is also an input" in err
    assert seed.read_bytes() == before
