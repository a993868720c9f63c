"""Corpus runs: the streaming reader, the local and dask engines, the CLI route."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from osint import corpus, geoparse_places
from osint.cli import main
from osint.errors import InputError
from osint.places.pipeline import place_records

pytest.importorskip("distributed")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

SENTENCES = [
    "Shoigu flew from Moscow to Pyongyang for the parade.",
    "Crowds filled Kim Il Sung Square while officials in Seoul watched.",
    "A delegation from Beijing arrived by train through Dandong.",
    "Analysts in Washington compared the images with earlier ones from Tokyo.",
    "The ship left Vladivostok and sailed south towards Busan.",
    "Nothing about any place is said in this sentence at all.",
    "Reporters in London and Paris quoted officials in Berlin.",
    "Satellite images showed trucks near Sinuiju and Kaesong.",
    "South Korea and Japan held talks; China and Russia did not attend.",
    "Flights between Ulaanbaatar and Pyongyang resumed in August.",
    "The minister travelled from Tehran to Damascus, then to Cairo.",
    "Floods hit Manila; aid came from Sydney and Jakarta.",
]


def _texts() -> list[str]:
    """Three dozen short, distinct articles."""
    out = []
    for i in range(36):
        a, b = SENTENCES[i % len(SENTENCES)], SENTENCES[(i * 5 + 3) % len(SENTENCES)]
        out.append(f"Dispatch {i}. {a} {b}")
    return out


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("corpus") / "small.jsonl"
    lines = []
    for i, t in enumerate(_texts()):
        rec: dict = {"text": t} if i == 7 else {"id": f"doc-{i}" if i % 3 else i, "text": t}
        lines.append(json.dumps(rec))
        if i == 10:
            lines.append("   ")  # blank lines are skipped, but keep their line numbers
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def expected_jsonl(corpus_file) -> bytes:
    """What ``osint geoparse`` writes: one line of compact JSON per document, input order."""
    out = []
    for lineno, line in enumerate(corpus_file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        rec = json.loads(line)
        recs = place_records(rec["text"], geoparse_places(rec["text"]))
        out.append(json.dumps({"id": rec.get("id", lineno), "places": recs}, ensure_ascii=False,
                              separators=(",", ":")) + "\n")
    return "".join(out).encode("utf-8")


@pytest.fixture(scope="module")
def scheduler():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cl:
        yield cl.scheduler_address


def _run(paths, *, fmt="jsonl", **kw) -> tuple[bytes, corpus.CorpusReport]:
    buf = io.BytesIO()
    report = corpus.geoparse_corpus(paths, buf, fmt=fmt, progress=False, **kw)
    return buf.getvalue(), report


def _rows(parquet: bytes) -> list[dict]:
    return pq.read_table(io.BytesIO(parquet)).to_pylist()


def _flatten(jsonl: bytes) -> list[dict]:
    rows = []
    for line in jsonl.decode("utf-8").splitlines():
        rec = json.loads(line)
        # Parquet holds the alternatives as JSON text.
        for p in rec["places"]:
            rows.append({"id": str(rec["id"]), **p,
                         "alternatives": json.dumps(p["alternatives"], ensure_ascii=False)})
    return rows


# ------------------------------------------------------------------------- writer


ROWS = {"id": "é-1", "places": [{"text": "Sŏul", "lat": 37.566, "lon": 126.9784, "alternatives": [],
                                  "review": None, "confidence": 0.938, "start": 0}]}


def test_json_line_is_the_same_with_and_without_orjson(monkeypatch):
    """orjson, when installed, writes the bytes the standard library writes (a fallback, not a
    second format): compact separators, UTF-8 unescaped, one newline."""
    from osint import io as oio

    monkeypatch.setattr(oio, "_ORJSON", False)
    plain = oio.json_line(ROWS)
    assert plain == (json.dumps(ROWS, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    assert "Sŏul".encode() in plain and plain.count(b"\n") == 1
    orjson = pytest.importorskip("orjson")
    monkeypatch.setattr(oio, "_ORJSON", orjson)
    assert oio.json_line(ROWS) == plain


def test_json_line_hands_what_orjson_refuses_to_the_standard_library(monkeypatch):
    """A corpus may number its documents beyond 64 bits: orjson refuses such an integer, the
    line is still written."""
    from osint import io as oio

    pytest.importorskip("orjson")
    monkeypatch.setattr(oio, "_ORJSON", None)  # loaded again on first use
    big = {"id": 10**30, "places": []}
    assert oio.json_line(big) == b'{"id":1000000000000000000000000000000,"places":[]}\n'
    with pytest.raises(UnicodeEncodeError):  # a lone surrogate: refused as before, not garbled
        oio.json_line({"id": "\ud800", "places": []})


# ------------------------------------------------------------------------- reader


def test_partitions_stream_every_document_once_with_its_line(corpus_file):
    whole = list(corpus.iter_documents([str(corpus_file)], partition_bytes=1 << 30))
    parts = corpus.plan_partitions([str(corpus_file)], partition_bytes=200)
    assert len(parts) > 5
    assert sum(p.docs for p in parts) == len(whole) == 36
    sliced = [d for p in parts for d in corpus.iter_partition(p)]
    assert sliced == whole
    by_line = {d.line: d for d in whole}
    assert by_line[8].id == 8  # no id: its line number
    assert by_line[13].id == "doc-11"  # after the blank line 12
    assert by_line[1].id == 0 and by_line[2].id == "doc-1"


@pytest.mark.parametrize(("line", "message"), [
    ('{"id": 3, "text": "Seoul"', "malformed JSON"),
    ('["Seoul"]', "record is not a JSON object"),
    ('{"id": 3, "body": "Seoul"}', 'record has no "text" string'),
    ('{"id": 3, "text": 42}', 'record has no "text" string'),
])
def test_reader_names_file_and_line(tmp_path, line, message):
    p = tmp_path / "bad.jsonl"
    body = '{"id": 1, "text": "Moscow"}\n\n' + line + '\n{"id": 4, "text": "Paris"}\n'
    p.write_text(body, encoding="utf-8")
    with pytest.raises(InputError, match=message) as err:
        list(corpus.iter_documents([str(p)], partition_bytes=10))
    assert (err.value.path, err.value.line) == (str(p), 3)


def test_reader_refuses_missing_empty_and_columnless_inputs(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        corpus.plan_partitions([str(tmp_path / "none.jsonl")])
    (tmp_path / "empty.jsonl").write_text("\n  \n", encoding="utf-8")
    with pytest.raises(InputError, match="empty input"):
        corpus.plan_partitions([str(tmp_path / "empty.jsonl")])
    pq.write_table(pa.table({"id": [1], "body": ["x"]}), tmp_path / "nocol.parquet")
    with pytest.raises(InputError, match='no "text" column'):
        corpus.plan_partitions([str(tmp_path / "nocol.parquet")])
    (tmp_path / "fake.parquet").write_text("not parquet", encoding="utf-8")
    with pytest.raises(InputError, match="not a readable Parquet file"):
        corpus.plan_partitions([str(tmp_path / "fake.parquet")])
    with pytest.raises(InputError, match="standard input"):
        corpus.plan_partitions(["-"])


# ------------------------------------------------------------------------ engines


def test_local_engine_writes_todays_jsonl_and_a_row_per_place(corpus_file, expected_jsonl):
    out, report = _run(str(corpus_file), partition_bytes=300)
    assert out == expected_jsonl
    assert report.docs == 36 and report.ok and report.partitions > 5
    pq_out, pq_report = _run(str(corpus_file), fmt="parquet")
    rows = _rows(pq_out)
    assert len(rows) == pq_report.places == report.places > 36
    assert rows == _flatten(expected_jsonl)
    assert list(rows[0]) == corpus.PARQUET_COLUMNS


def test_dask_two_workers_equal_local(corpus_file, expected_jsonl, scheduler):
    out, report = _run(str(corpus_file), engine="dask", scheduler=scheduler, partition_bytes=300)
    assert out == expected_jsonl
    assert report.engine == "dask" and report.partitions > 5 and report.docs == 36
    pq_out, pq_report = _run(str(corpus_file), fmt="parquet", engine="dask", scheduler=scheduler,
                             partition_bytes=300)
    assert _rows(pq_out) == _flatten(expected_jsonl)
    assert pq_report.places == len(_rows(pq_out))

    from distributed import Client

    with Client(scheduler) as client:  # each worker holds its own gazetteer, loaded once
        loaded = client.run(lambda: corpus.engines._GAZETTEER is not None)
    assert list(loaded.values()) == [True, True]


def _index_mapping() -> tuple[str, int]:
    """This process's gazetteer index file and how many of its pages are mapped (from smaps)."""
    from osint.corpus.engines import _gazetteer

    path = str(_gazetteer().path)
    with open("/proc/self/smaps", encoding="utf-8", errors="replace") as fh:
        maps = [line.split(None, 5)[-1].strip() for line in fh if "-" in line.split(None, 1)[0]]
    return path, maps.count(path)


@pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="Linux /proc only")
def test_dask_workers_share_the_index_file_not_a_copy(corpus_file, scheduler, monkeypatch):
    """Every worker opens the one index file (its pages shared through the page cache): after a
    run each maps that file, the one the client's process opens, instead of holding a copy."""
    from distributed import Client

    # The client's own choice is made afresh, as the workers' is, not left from an earlier test
    # (one with layers or a temporary cache folder): the comparison is the same in any test order.
    import osint.gazetteer

    monkeypatch.setattr(corpus.engines, "_GAZETTEER", None)
    monkeypatch.setattr(osint.gazetteer.build, "_LOADED", {})
    _run(str(corpus_file), engine="dask", scheduler=scheduler)
    with Client(scheduler) as client:
        seen = client.run(_index_mapping)
    ours = _index_mapping()
    assert len(seen) == 2
    # On failure, what each worker mapped and what the client opened (the test has failed
    # intermittently, once in several full runs, without saying which).
    assert all(path == ours[0] and mapped >= 1 for path, mapped in seen.values()), (seen, ours)


def test_dask_reports_bad_input_with_file_and_line(tmp_path, scheduler):
    p = tmp_path / "bad.jsonl"
    p.write_text("".join(f'{{"id": {i}, "text": "Seoul and Busan"}}\n' for i in range(30)) + "[1]\n",
                 encoding="utf-8")
    with pytest.raises(InputError, match="record is not a JSON object") as err:
        _run(str(p), engine="dask", scheduler=scheduler, partition_bytes=100)
    assert (err.value.path, err.value.line) == (str(p), 31)


def test_parquet_input_gives_the_same_answer(corpus_file, expected_jsonl, tmp_path):
    recs = [json.loads(line) for line in corpus_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    ids = [str(r.get("id", "")) for r in recs]
    src = tmp_path / "small.parquet"
    pq.write_table(pa.table({"id": ids, "text": [r["text"] for r in recs]}), src, row_group_size=5)
    out, _ = _run(str(src), fmt="parquet", partition_bytes=100)
    assert len(corpus.plan_partitions([str(src)], partition_bytes=100)) > 3
    flat = _flatten(expected_jsonl)
    assert [r["text"] for r in _rows(out)] == [r["text"] for r in flat]


def test_a_failing_document_does_not_lose_the_rest(corpus_file, expected_jsonl, scheduler):
    def parse(text: str) -> list[dict]:  # a closure: pickled by value to the workers
        if text.startswith(("Dispatch 4.", "Dispatch 30.")):
            raise ValueError("simulated parser bug")
        return corpus.geoparse_records(text)

    good = [line for line in expected_jsonl.decode().splitlines(keepends=True)
            if json.loads(line)["id"] not in ("doc-4", 30)]
    for engine in ("local", "dask"):
        out, report = _run(str(corpus_file), engine=engine, scheduler=scheduler if engine == "dask" else None,
                           parse=parse, partition_bytes=300)
        assert [f.id for f in report.failures] == ["doc-4", 30]
        assert "simulated parser bug" in report.failures[0].error
        assert report.failures[1].line == 32 and not report.ok
        assert out.decode() == "".join(good)


# ---------------------------------------------------------------------------- CLI


def test_cli_corpus_route_and_error_contract(corpus_file, expected_jsonl, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out.jsonl"
    assert main(["geoparse", str(corpus_file), "--engine", "local", "-o", str(out)]) == 0
    assert out.read_bytes() == expected_jsonl
    pq_out = tmp_path / "out.parquet"
    assert main(["geoparse", str(corpus_file), "-o", str(pq_out)]) == 0
    assert pq.read_table(pq_out).num_rows == len(_flatten(expected_jsonl))

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Seoul"}\n{"text": "Paris"\n', encoding="utf-8")
    target = tmp_path / "never.parquet"
    capsys.readouterr()
    assert main(["geoparse", str(bad), "-o", str(target)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{bad}:2: malformed JSON" in err[0]
    assert not target.exists() and not list(tmp_path.glob(".never*"))

    assert main(["geoparse", str(corpus_file), "--engine", "dask", "--online", "-o", str(out)]) == 2
    assert "--online" in capsys.readouterr().err

    real = corpus.geoparse_records

    def flaky(text: str) -> list[dict]:
        if text.startswith("Dispatch 5."):
            raise RuntimeError("boom")
        return real(text)

    monkeypatch.setattr(corpus.engines, "geoparse_records", flaky)
    assert main(["geoparse", str(corpus_file), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "'doc-5'" in err and "RuntimeError: boom" in err and "1 of 36 documents failed" in err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 35


def test_cli_dask_engine_local_cluster(corpus_file, expected_jsonl, tmp_path):
    out = tmp_path / "dask.jsonl"
    assert main(["geoparse", str(corpus_file), "--engine", "dask", "--workers", "2", "-o", str(out)]) == 0
    assert out.read_bytes() == expected_jsonl
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # staging cleaned up


def test_the_corpus_reports_the_languages_it_met_and_warns_of_those_it_does_not_read(tmp_path, capsys):
    path = tmp_path / "mixed.jsonl"
    docs = [{"id": "en", "text": "Satellite images showed troops near Kharkiv, an analyst said on Monday."},
            {"id": "ko", "text": "위성사진에 평양의 병력이 포착됐다고 분석가가 말했다."},
            {"id": "ja", "text": "衛星画像によると、ハリコフ近郊で部隊が確認された。"},
            {"id": "ja2", "text": "東京で会談が行われたと報じられた。"}]
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    _, report = _run([str(path)])
    assert report.languages == {"ja": 2, "en": 1, "ko": 1}
    assert report.unread() == {"ja": 2}
    assert main(["geoparse", str(path), "--engine", "local", "-o", str(tmp_path / "o.jsonl")]) == 0
    err = capsys.readouterr().err
    assert "languages met: Japanese (ja) 2, English (en) 1, Korean (ko) 1" in err
    assert "warning: 2 documents are in languages the tool does not read (2 in Japanese (ja))" in err
