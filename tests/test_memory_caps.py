"""Readers that stream with caps: archives, installed layers, corpora and KML (issue 18).

Each memory bomb found inside the documented limits is fed here; the answer must be one
clear error naming the file and the limit (or, for the cache folder's own files, a warning
and the file left out), never gigabytes of memory and a traceback. The bombs that would
exhaust memory are run in a subprocess under an address-space cap.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import secrets
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import osint
from osint import cli
from osint.errors import DataError, InputError, ServiceError
from osint.gazetteer import installed
from osint.online import geonames

ROOT = Path(__file__).resolve().parents[1]


def _row(gid: int, name: str, lat: float = 34.1, lon: float = 38.2) -> str:
    cols = [str(gid), name, name, "", str(lat), str(lon), "P", "PPL", "SY", "", "07", "", "", "",
            "100", "", "12", "Asia/Damascus", "2024-01-01"]
    return "\t".join(cols)


def _zip_stream(name: str, chunks) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z, \
            z.open(name, "w", force_zip64=True) as fh:
        for c in chunks:
            fh.write(c)
    return buf.getvalue()


def _capped(script: str, *args: str, extra_mb: int = 400) -> subprocess.CompletedProcess:
    """Run ``script`` in a fresh interpreter whose address space may grow by ``extra_mb`` only,
    measured after osint's imports (a bomb that slipped through would end in MemoryError)."""
    prelude = (
        "import resource, sys\n"
        "import osint, osint.cli, osint.gazetteer, osint.online.geonames, pandas\n"
        "def _vm():\n"
        "    with open('/proc/self/status') as f:\n"
        "        return next(int(l.split()[1]) * 1024 for l in f if l.startswith('VmSize'))\n"
        f"lim = _vm() + {extra_mb} * 2**20\n"
        "resource.setrlimit(resource.RLIMIT_AS, (lim, lim))\n"
    )
    return subprocess.run([sys.executable, "-c", prelude + script, *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)


# ------------------------------------------------------------------ GeoNames archives


def test_a_zip_packed_like_a_bomb_is_refused_before_it_is_unpacked():
    # 5,000,000 valid rows of 1 MB zipped would hold gigabytes: the packing ratio tells first.
    row = (_row(99000001, "Qarqurah") + "\n").encode()
    data = _zip_stream("SY.txt", (row * 10_000 for _ in range(50)))
    assert len(data) < 2_000_000
    with pytest.raises(ServiceError, match=r"packed .* to 1"):
        geonames.parse_dump(data, "SY")


def test_a_line_longer_than_any_dump_row_is_an_error_naming_it():
    line = secrets.token_hex(200_000).encode()  # 400 kB without a newline, packed about 2 to 1
    with pytest.raises(ServiceError, match="line 1 is longer than"):
        geonames.parse_dump(_zip_stream("SY.txt", [line]), "SY")


def test_more_rows_than_any_country_has_is_an_error(monkeypatch):
    monkeypatch.setattr(geonames, "MAX_ROWS", 100)
    text = "".join(_row(99000000 + i, f"Place {secrets.token_hex(4)}") + "\n" for i in range(150))
    with pytest.raises(ServiceError, match="more than 100 rows"):
        geonames.parse_dump(_zip_stream("SY.txt", [text.encode()]), "SY")


def test_an_alternate_names_bomb_keeps_a_few_names_a_place():
    text = "".join(f"{i}\t99000001\ten\tName {secrets.token_hex(6)}\t\t\t\t\t\t\n" for i in range(3000))
    alts = geonames.parse_alternates(_zip_stream("SY.txt", [text.encode()]), "SY")
    assert len(alts["99000001"]) == geonames.MAX_ALTERNATES


@pytest.mark.slow
def test_a_one_line_bomb_under_a_memory_cap_ends_in_one_error(tmp_path):
    bomb = tmp_path / "SY.zip"
    bomb.write_bytes(_zip_stream("SY.txt", (b"a" * 2**20 for _ in range(600))))  # one 600 MB line
    res = _capped(
        "from pathlib import Path\n"
        "from osint.online.geonames import install_country\n"
        "from osint.errors import ServiceError\n"
        "data = Path(sys.argv[1]).read_bytes()\n"
        "try:\n"
        "    install_country('SY', alternates=False, fetch=lambda url: data)\n"
        "except ServiceError as exc:\n"
        "    print('refused:', exc)\n",
        str(bomb), extra_mb=300)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "refused:" in res.stdout and "MemoryError" not in res.stderr


def test_install_streams_rows_to_the_layer(tmp_path, monkeypatch):
    monkeypatch.setattr(installed, "installed_dir", lambda: tmp_path / "geonames")
    text = "".join(_row(99000000 + i, f"Tall {i}", 34 + i / 1000, 38.0) + "\n" for i in range(2000))
    data = _zip_stream("SY.txt", [text.encode()])
    done = geonames.install_country("SY", alternates=False, fetch=lambda url: data)
    assert done.rows == 2000
    assert installed.read_header(done.path)["rows"] == 2000
    assert len(installed.read_installed(done.path)) == 2000


# ------------------------------------------------------------------ installed layers in the cache


@pytest.fixture
def cache_with_layer(tmp_path, monkeypatch):
    """A cache folder whose installed GeoNames folder the test fills (the gazetteer shared)."""
    from osint.paths import cache_dir

    osint.load_gazetteer()
    cache = tmp_path / "cache"
    (cache / "geonames").mkdir(parents=True)
    for f in cache_dir().glob("gazetteer-*.sqlite"):
        os.link(f, cache / f.name) if f.stat().st_dev == cache.stat().st_dev else None
    monkeypatch.setenv("OSINT_CACHE_DIR", str(cache))
    return cache


def _layer(rows: list[dict], head: dict | None = None) -> bytes:
    head = head or {"format": installed.FORMAT, "version": installed.VERSION, "country": "SY",
                    "rows": len(rows),
                    "fetched_at": "2026-01-01T00:00:00+00:00", "source": "https://example.org/SY.zip"}
    lines = [json.dumps(head)] + [json.dumps(r) for r in rows]
    return gzip.compress(("\n".join(lines) + "\n").encode())


def _place(name: str, lat, lon) -> dict:
    return {"name": name, "alternates": [], "lat": lat, "lon": lon, "feature": "air_base",
            "country_code": "SY",
            "admin1": "07", "population": 0, "source": "geonames", "source_id": "99000001",
            "source_url": "https://www.geonames.org/99000001"}


@pytest.mark.slow
def test_a_planted_gzip_bomb_in_the_cache_never_stops_a_geoparse(tmp_path, cache_with_layer):
    (cache_with_layer / "geonames" / "SY.jsonl.gz").write_bytes(gzip.compress(b"\0" * (200 * 2**20), 1))
    art = tmp_path / "a.txt"
    art.write_text("Officials met in Pyongyang.\n", encoding="utf-8")
    res = _capped("from osint.cli import main\nsys.exit(main(['geoparse', sys.argv[1]]))", str(art),
                  extra_mb=600)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "installed GeoNames layer left out" in res.stderr and "longer than" in res.stderr
    assert "Pyongyang" in res.stdout and "Traceback" not in res.stderr


BAD_COORDINATES = [float("nan"), float("inf"), "north", None, 1e400]


def test_installed_rows_without_finite_coordinates_are_left_out_with_a_warning(tmp_path, cache_with_layer,
                                                                               capsys):
    rows = [_place("Qarqurah", 34.11, 38.21)] + [_place(f"Broken{k}", bad, 38.0)
                                                 for k, bad in enumerate(BAD_COORDINATES)]
    (cache_with_layer / "geonames" / "SY.jsonl.gz").write_bytes(_layer(rows))
    art = tmp_path / "a.txt"
    art.write_text("Jets left Qarqurah for Broken0 and Broken1.\n", encoding="utf-8")
    for argv in (["geoparse", str(art)], ["map", str(art), "-o", str(tmp_path / "m.html")],
                 ["crossref", str(art)]):
        assert cli.main(argv) == 0
    err = capsys.readouterr().err
    assert f"{len(BAD_COORDINATES)} rows without a name, a feature or finite coordinates were left out" in err
    assert "Traceback" not in err


def test_a_header_missing_fields_is_listed_as_damaged(cache_with_layer, capsys):
    (cache_with_layer / "geonames" / "SY.jsonl.gz").write_bytes(
        _layer([], head={"format": installed.FORMAT, "version": installed.VERSION}))
    assert cli.main(["gazetteer", "list"]) == 0
    out = capsys.readouterr().out
    assert "SY: damaged" in out and "lacks country" in out


def test_an_installed_layer_of_many_rows_is_capped(tmp_path, monkeypatch):
    monkeypatch.setattr(installed, "MAX_ROWS", 10)
    p = tmp_path / "SY.jsonl.gz"
    p.write_bytes(_layer([_place(f"P{i}", 34.0, 38.0) for i in range(20)]))
    with pytest.raises(DataError, match="more than 10 rows"):
        installed.read_installed(p)


# ------------------------------------------------------------------ corpora


def test_a_corpus_line_longer_than_an_article_is_an_error_naming_it(tmp_path):
    from osint.corpus.partitions import iter_partition, plan_partitions

    p = tmp_path / "c.jsonl"
    with open(p, "wb") as fh:
        fh.write(b'{"text": "Seoul"}\n')
        fh.truncate(fh.tell() + 30 * 2**20)  # 30 MiB of NUL bytes and no newline: sparse, instant
    with pytest.raises(InputError, match="line longer than 20 MiB") as exc:
        for part in plan_partitions([str(p)]):
            list(iter_partition(part))
    assert exc.value.line == 2


@pytest.mark.slow
def test_a_two_gib_line_under_a_memory_cap_ends_in_one_error(tmp_path):
    p = tmp_path / "c.jsonl"
    with open(p, "wb") as fh:
        fh.write(b'{"text": "Seoul"}\n')
        fh.truncate(fh.tell() + 2 * 2**30)
    res = _capped("from osint.cli import main\n"
                  "sys.exit(main(['geoparse', sys.argv[1], '-o', sys.argv[2]]))", str(p),
                  str(tmp_path / "o.jsonl"),
                  extra_mb=500)
    assert res.returncode == 2, res.stderr[-2000:]
    assert "c.jsonl:2" in res.stderr and "line longer than" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.slow
def test_the_dask_engine_caps_lines_too(tmp_path):
    from osint.corpus import geoparse_corpus

    p = tmp_path / "c.jsonl"
    with open(p, "wb") as fh:
        fh.write(b'{"text": "Seoul"}\n' * 20)
        fh.truncate(fh.tell() + 30 * 2**20)
    with pytest.raises(InputError, match="line longer than"), open(tmp_path / "o.jsonl", "wb") as out:
        geoparse_corpus([str(p)], out, engine="dask", workers=1, staging_dir=str(tmp_path))


# ------------------------------------------------------------------ KML layers


@pytest.mark.parametrize("encoding,late", [("utf-16", False), ("utf-8", True), ("utf-16-le", True)])
def test_kml_with_entities_is_refused_in_any_encoding_or_position(tmp_path, capsys, encoding, late):
    pad = "<!--" + "x" * 5000 + "-->" if late else ""
    doc = (f'<?xml version="1.0" encoding="{encoding.upper()}"?>{pad}'
           '<!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
           '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
           '<kml><Placemark><name>&c;</name><Point><coordinates>38.2,34.1</coordinates></Point>'
           '</Placemark></kml>')
    layer = tmp_path / "l.kml"
    layer.write_bytes(("\ufeff" if encoding == "utf-16-le" else "").encode(encoding) + doc.encode(encoding))
    art = tmp_path / "a.txt"
    art.write_text("Seoul.\n", encoding="utf-8")
    assert cli.main(["geoparse", str(art), "--gazetteer", str(layer)]) == 2
    err = capsys.readouterr().err
    assert "DOCTYPE or entity" in err or "malformed KML" in err
    assert "Traceback" not in err
