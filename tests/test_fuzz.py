"""Every subcommand driven with hostile and malformed inputs (issue 10's fuzz-style module).

For each case the command line runs in this process and must end the way the
README promises: exit 0 (perhaps with a warning), 1 (some documents failed)
or 2 (bad input), never an exception escaping ``osint.cli.main``; no
``Traceback`` on standard error; after a failure, one ``osint: error:`` line
and an earlier output file left exactly as it was; after a success, an output
that parses; and never a temporary file left behind. Nothing reaches the
network: online cases point at a closed port on 127.0.0.1.

``pytest tests/test_fuzz.py --collect-only -q`` lists the cases.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import secrets
import sys
import time
import zipfile
from pathlib import Path

import pytest

import osint
from osint import cli

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/servers.py

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_908df4e159e4c100.txt"
SENTINEL = "earlier output, to be kept\n"

# ------------------------------------------------------------------ the inputs

ARTICLES: dict[str, bytes] = {
    "empty": b"",
    "blank": b"  \n\t\n",
    "bom only": b"\xef\xbb\xbf",
    "nul bytes": b"Seoul\x00Busan\n",
    "latin-1": "Caf\xe9 in S\xe3o Paulo".encode("latin-1"),
    "truncated utf-8": b"Pyongyang " + "\u00e9".encode()[:1],
    "one word": b"Pyongyang",
    "punctuation": b"!?.,;:-()[]{}<>\n" * 50,
    "html": b"<script>alert(1)</script> in Pyongyang <img src=x onerror=alert(2)> near Seoul.\n",
    "js template": b"Troops in Pyongyang ${alert(1)} `+alert(2)+` and Moscow.\n",
    "jinja": b"Officials in Pyongyang said {{ cycler.__init__.__globals__.os.popen('id').read() }}.\n",
    "jinja blocks": b"{% for x in range(9) %}Seoul{% endfor %} {# comment #} {{ 7*7 }} {%raw%} in Busan.\n",
    "hashtags": b"Protests {#NorthKorea} {#Seoul} in Seoul {{ and }} }} {{.\n",
    "ansi": b"Troops in \x1b[31mPyongyang\x1b[0m \x1b]0;title\x07 and \x9b2J Seoul.\n",
    "controls": bytes(range(1, 32)) + b" Pyongyang and Moscow.\n",
    "bidi": "Troops in \u202ePyongyang\u202c and \u2066Seoul\u2069 and \u200fMoscow.\n".encode(),
    "invisible": "Mos\u200dcow, Pyong\u00adyang, Se\u200boul, \ufeffBusan.\n".encode(),
    "csv formulas": b"=HYPERLINK(\"http://x/?\"&A1) in Pyongyang, +Seoul, -Busan, @Moscow\n",
    "kml breakers": b"Troops ]]> <![CDATA[ in Pyongyang &amp; & < > Seoul.\n",
    "quotes": b"\"Pyongyang' \xe2\x80\x9cSeoul\xe2\x80\x9d 'Moscow\" \xe2\x80\x98Busan\n",
    "many scripts": ("\u5e73\u58e4 \ud3c9\uc591 \u041c\u043e\u0441\u043a\u0432\u0430 "
                     "\u0627\u0644\u0642\u0627\u0647\u0631\u0629 Pyongyang "
                     "\u0928\u0908 \u0926\u093f\u0932\u094d\u0932\u0940\n").encode(),
    "emoji": "\U0001f680 launched from Sohae \U0001f30f near Pyongyang \U0001f1f0\U0001f1f5.\n".encode(),
    "long word": b"Pyongyang" * 5000 + b"\n",
    "long line": b"Seoul and Busan and Moscow " * 4000 + b"\n",
    "many lines": b"Seoul.\n" * 5000,
    "no newline": b"Satellite imagery showed troops in Kim Il Sung Square",
    "crlf": b"Troops in Pyongyang.\r\nAnd in Seoul.\r\n",
    "cr only": b"Troops in Pyongyang.\rAnd in Seoul.\r",
    "brackets": b"[" * 3000 + b"Pyongyang" + b"]" * 3000 + b"\n",
    "possessives": b"Russia's, Korea\xe2\x80\x99s, Seoul's' Moscow''s '' \xe2\x80\x99 "
                   b"Pyongyang\xe2\x80\x99\n",
    "hyphens": b"Korea-Russia-China-U.S.-DPRK--Seoul---Busan -- - Pyongyang-\n",
    "dates": b"On 31 February 2023, 2023-13-45, 1950-1902, 99999 and the 1000th anniversary in Seoul.\n",
    "imagery": b"Satellite imagery from Maxar at night on 30 February showed 10000000 vehicles "
               b"outside Pyongyang, said Dave Smith of the CNS.\n",
    "imagery no place": b"Radar imagery showed nothing, said an analyst.\n",
    "seed": SEED.read_bytes(),
    "seed twice": SEED.read_bytes() * 2,
    "only capitals": b"SEOUL BUSAN MOSCOW PYONGYANG NORTH KOREA SATELLITE IMAGERY SHOWED\n",
    "numbers": b"39.0195 125.7525 -33.9 151.2 1e400 NaN Infinity\n",
    "lone cr in name": b"Pyong\ryang and Se\noul\n",
}

SIDECARS: dict[str, bytes | str] = {
    "not json": b"{not json",
    "array": b"[1, 2, 3]",
    "string": b'"a string"',
    "deep": b'{"a": ' * 3000 + b"1" + b"}" * 3000,
    "nan": b'{"published": NaN}',
    "bad date": b'{"published": "2023-02-30"}',
    "odd date": b'{"published": "yesterday"}',
    "date number": b'{"published": 20230727}',
    "flag string": b'{"published": "2023-07-27", "published_inferred": "no"}',
    "flag number": b'{"published_inferred": 2}',
    "title object": b'{"title": {"a": 1}}',
    "title markup": b'{"title": "<script>alert(1)</script>{{7*7}}", "published": "2023-07-27"}',
    "title surrogate": b'{"title": "\\ud800 x", "published": "2023-07-27"}',
    "id list": b'{"id": [1]}',
    "latin-1": "{\"title\": \"Caf\xe9\"}".encode("latin-1"),
    "empty": b"",
    "huge": b'{"title": "' + b"x" * (2 * 2**20) + b'"}',
    "dir": "dir",
}

CORPUS_LINES: dict[str, bytes] = {
    "not json": b"{not json}",
    "array": b"[1, 2]",
    "no text": b'{"id": 1}',
    "text number": b'{"id": 1, "text": 42}',
    "text null": b'{"id": 1, "text": null}',
    "deep": b'{"id": 1, "text": "x", "n": ' + b"[" * 4000 + b"]" * 4000 + b"}",
    "nan id": b'{"id": NaN, "text": "Seoul"}',
    "inf id": b'{"id": 1e400, "text": "Seoul"}',
    "neg inf": b'{"id": -Infinity, "text": "Seoul"}',
    "object id": b'{"id": {"x": 1}, "text": "Seoul"}',
    "bool id": b'{"id": true, "text": "Seoul"}',
    "surrogate id": b'{"id": "\\udc00", "text": "Seoul"}',
    "surrogate text": b'{"id": "s", "text": "\\ud83d Seoul \\udc00"}',
    "bad utf-8": b'{"id": 1, "text": "Caf\xe9"}',
    "nul": b'{"id": 1, "text": "Se\\u0000oul"}',
    "huge int id": b'{"id": ' + b"9" * 5000 + b', "text": "Seoul"}',
    "duplicate keys": b'{"id": 1, "text": "Seoul", "text": "Busan"}',
    "markup": b'{"id": "<b>", "text": "{{7*7}} <script>x</script> Pyongyang"}',
    "formula id": b'{"id": "=cmd|\' /C calc\'!A0", "text": "Seoul"}',
    "trailing garbage": b'{"id": 1, "text": "Seoul"} trailing',
    "only whitespace": b"   ",
}

_HEAD = "id,kind,date,site_id,lat,lon,provider,sensor,source_url"
EVIDENCE: dict[str, str] = {
    "no columns": "a,b,c\n1,2,3\n",
    "bad date": f"{_HEAD}\nx,imagery,2023-02-30,s,39,125,P,sar,http://x\n",
    "bad lat": f"{_HEAD}\nx,imagery,2023-07-01,s,999,125,P,sar,http://x\n",
    "half point": f"{_HEAD}\nx,imagery,2023-07-01,s,39,,P,sar,http://x\n",
    "bad tz": "id,kind,date,site_id,lat,lon,provider,sensor,source_url,tz,time_local\n"
              "x,imagery,2023-07-01,s,39,125,P,sar,http://x,Mars/Base,21:00\n",
    "bad time": "id,kind,date,site_id,lat,lon,provider,sensor,source_url,time_local\n"
                "x,imagery,2023-07-01,s,39,125,P,sar,http://x,25:99\n",
    "formulas": "id,kind,date,site_id,lat,lon,provider,sensor,source_url,description\n"
                "=1+1,imagery,2023-07-01,s,39,125,=P,sar,javascript:alert(1),<script>x</script>{{7*7}}\n",
    "unbalanced quotes": 'id,kind,date\n"x,imagery,2023-07-01\n',
    "empty": "",
    "nul": "id,kind\x00,date\n",
}

ELEMENTS: dict[str, str] = {
    "empty": "",
    "garbage": "hello world\n",
    "short tle": "1 25544U 98067A\n2 25544  51.6\n",
    "name only": "ISS (ZARYA)\n",
    "bad checksum fields": "1 25544U 98067A   2320X.50000000  .00016717  00000-0  10270-3 0  9005\n"
                           "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537\n",
    "omm no sgp4": '[{"OBJECT_NAME": "X", "NORAD_CAT_ID": 1, "EPOCH": "2023-07-20T00:00:00"}]',
    "omm not list": '{"OBJECT_NAME": 5}',
    "omm numbers": "[1, 2, 3]",
    "omm deep": "[" * 4000 + "]" * 4000,
    "omm bad ecc": '[{"OBJECT_NAME": "X", "NORAD_CAT_ID": 1, "EPOCH": "2023-07-20T00:00:00",'
                   ' "MEAN_MOTION": 15, "ECCENTRICITY": 5, "INCLINATION": 97, "RA_OF_ASC_NODE": 1,'
                   ' "ARG_OF_PERICENTER": 1,'
                   ' "MEAN_ANOMALY": 1, "BSTAR": 0, "MEAN_MOTION_DOT": 0, "MEAN_MOTION_DDOT": 0}]',
}

SUN_ARGS: dict[str, list[str]] = {
    "no place": ["--at", "2023-07-27T21:16+09:00"],
    "unknown place": ["--place", "Atlantis of the North", "--at", "2023-07-27T21:16+09:00"],
    "markup place": ["--place", "<script>{{7*7}}", "--at", "2023-07-27T21:16+09:00"],
    "no offset": ["--place", "Pyongyang", "--at", "2023-07-27T21:16"],
    "garbage time": ["--place", "Pyongyang", "--at", "tomorrow night"],
    "year 1": ["--place", "Pyongyang", "--at", "0001-01-01T00:00+00:00"],
    "year 9999": ["--place", "Pyongyang", "--at", "9999-12-31T23:59+00:00"],
    "lat only": ["--lat", "39", "--at", "2023-07-27T21:16+09:00"],
    "lat out of range": ["--lat", "99", "--lon", "125", "--at", "2023-07-27T21:16+09:00"],
    "lon nan": ["--lat", "39", "--lon", "nan", "--at", "2023-07-27T21:16+09:00"],
    "lat inf": ["--lat", "inf", "--lon", "125", "--at", "2023-07-27T21:16+09:00"],
    "bad tz": ["--place", "Pyongyang", "--at", "2023-07-27T21:16+09:00", "--tz", "Mars/Olympus"],
    "tz path": ["--place", "Pyongyang", "--at", "2023-07-27T21:16+09:00", "--tz", "../../etc/passwd"],
    "pole": ["--lat", "90", "--lon", "0", "--at", "2023-06-21T12:00+00:00"],
    "control chars": ["--place", "\x1b[31mPyongyang", "--at", "2023-07-27T21:16+09:00"],
}

ENVIRONMENTS: dict[str, dict[str, str]] = {
    "no user agent": {"OSINT_USER_AGENT": ""},
    "bad url": {"OSINT_NOMINATIM_URL": "http://[::1"},
    "bad port": {"OSINT_NOMINATIM_URL": "http://127.0.0.1:99999"},
    "not http": {"OSINT_NOMINATIM_URL": "file:///etc/passwd"},
    "javascript url": {"OSINT_NOMINATIM_URL": "javascript:alert(1)"},
    "unknown geocoder": {"OSINT_GEOCODER": "<script>"},
    "bad timeout": {"OSINT_GEOCODER_TIMEOUT": "soon"},
    "negative timeout": {"OSINT_GEOCODER_TIMEOUT": "-5"},
    "nan retries": {"OSINT_GEOCODER_RETRIES": "nan"},
    "closed port": {"OSINT_NOMINATIM_URL": "http://127.0.0.1:9"},
    "closed photon": {"OSINT_GEOCODER": "photon", "OSINT_PHOTON_URL": "http://127.0.0.1:9"},
}


# ---------------------------------------------------------------------- the run


@pytest.fixture(autouse=True)
def _sandbox(tmp_path, monkeypatch):
    osint.load_gazetteer()  # in memory: the moved cache folder must not rebuild it
    monkeypatch.setenv("OSINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("OSINT_USER_AGENT", "osint-workbench-fuzz/1.0 (tests@example.org)")
    monkeypatch.setenv("OSINT_NOMINATIM_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("OSINT_GEOCODER_RETRIES", "0")
    for var in ("OSINT_STAC_URL", "OSINT_UMBRA_STAC_URL", "OSINT_OPEN_METEO_URL", "OSINT_CELESTRAK_URL"):
        monkeypatch.setenv(var, "http://127.0.0.1:9/x")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.chdir(tmp_path)


def run(argv: list[str], capsys, out: Path | None = None, fmt: str | None = None) -> tuple[int, str, str]:
    """Run the command line and check the promises; returns (status, stdout, stderr)."""
    if out is not None:
        out.write_text(SENTINEL, encoding="utf-8")
    try:
        code = cli.main(argv)
    except SystemExit as exc:  # argparse's usage errors
        code = exc.code if isinstance(exc.code, int) else 2
    stdout, stderr = capsys.readouterr()
    assert code in (0, 1, 2), (code, stderr)
    assert "Traceback" not in stderr, stderr
    if code:
        first = stderr.strip().splitlines()[0] if stderr.strip() else ""
        assert first.startswith(("osint: error:", "osint:", "usage:")), stderr
    if out is not None:
        left = [p.name for p in out.parent.iterdir() if ".osint-" in p.name]
        assert not left, f"temporary files left: {left}"
        body = out.read_text("utf-8")
        if code:
            assert body == SENTINEL, "a failed run changed the earlier output"
        else:
            assert body != SENTINEL and body.strip(), "a successful run wrote nothing"
            _parses(body, fmt)
    return code, stdout, stderr


def _parses(body: str, fmt: str | None) -> None:
    if fmt == "jsonl":
        for line in body.splitlines():
            json.loads(line)
    elif fmt in ("json", "geojson"):
        json.loads(body)
    elif fmt == "csv":
        list(csv.reader(io.StringIO(body)))
    elif fmt == "html":
        assert body.rstrip().endswith("</html>")


def _article(tmp_path: Path, data: bytes, name: str = "a.txt") -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


# ------------------------------------------------------------------------- cases


@pytest.mark.parametrize("name", ARTICLES)
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "geojson"])
def test_geoparse_articles(tmp_path, capsys, name, fmt):
    a = _article(tmp_path, ARTICLES[name])
    out = tmp_path / f"out.{fmt}"
    run(["geoparse", str(a), "--format", fmt, "-o", str(out)], capsys, out, fmt)


@pytest.mark.parametrize("name", ARTICLES)
def test_map_articles(tmp_path, capsys, name):
    a = _article(tmp_path, ARTICLES[name])
    out = tmp_path / "m.html"
    code, _, _ = run(["map", str(a), "-o", str(out)], capsys, out, "html")
    if code == 0:
        import xml.etree.ElementTree as ET

        ET.fromstring((tmp_path / "m.kml").read_bytes())
        json.loads((tmp_path / "m.geojson").read_text("utf-8"))


@pytest.mark.parametrize("name", ARTICLES)
@pytest.mark.parametrize("fmt", ["json", "table"])
def test_crossref_articles(tmp_path, capsys, name, fmt):
    a = _article(tmp_path, ARTICLES[name])
    out = tmp_path / "x.out"
    code, _, _ = run(["crossref", str(a), "--format", fmt, "--published", "2023-07-27", "-o", str(out)],
                     capsys, out, "json" if fmt == "json" else None)
    if code == 0 and fmt == "table":
        assert "\x1b" not in out.read_text("utf-8")


@pytest.mark.parametrize("name", SIDECARS)
@pytest.mark.parametrize("command", ["geoparse", "crossref", "map"])
def test_sidecars(tmp_path, capsys, name, command):
    a = _article(tmp_path, b"Satellite imagery of Kim Il Sung Square showed troops, said Dave Smith.\n")
    side = tmp_path / "a.json"
    if SIDECARS[name] == "dir":
        side.mkdir()
    else:
        side.write_bytes(SIDECARS[name])
    out = tmp_path / ("m.html" if command == "map" else "out.txt")
    code, _, err = run([command, str(a), "-o", str(out)], capsys, out,
                       "html" if command == "map" else None)
    if code:
        assert "a.json" in err, err


@pytest.mark.parametrize("name", CORPUS_LINES)
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_corpus_lines(tmp_path, capsys, name, fmt):
    c = tmp_path / "c.jsonl"
    c.write_bytes(b'{"id": "first", "text": "Troops in Seoul."}\n' + CORPUS_LINES[name] + b"\n")
    out = tmp_path / f"out.{fmt}"
    code, _, err = run(["geoparse", str(c), "--format", fmt, "-o", str(out)], capsys, out, fmt)
    if code:
        assert "c.jsonl:2" in err, err


@pytest.mark.parametrize("name", CORPUS_LINES)
def test_corpus_lines_on_stdin(tmp_path, capsys, monkeypatch, name):
    data = b'{"id": "first", "text": "Troops in Seoul."}\n' + CORPUS_LINES[name] + b"\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    run(["geoparse", "-"], capsys)


@pytest.mark.parametrize("name", EVIDENCE)
def test_evidence_files(tmp_path, capsys, name):
    ev = tmp_path / "evidence.csv"
    ev.write_text(EVIDENCE[name], encoding="utf-8")
    out = tmp_path / "x.json"
    code, _, err = run(["crossref", str(SEED), "--evidence", str(ev), "--format", "json", "-o", str(out)],
                       capsys, out, "json")
    if code:
        assert "evidence.csv" in err, err


@pytest.mark.parametrize("name", ELEMENTS)
def test_elements_files(tmp_path, capsys, name):
    el = tmp_path / "elements.txt"
    el.write_text(ELEMENTS[name], encoding="utf-8")
    code, _, err = run(["crossref", str(SEED), "--elements", str(el)], capsys)
    assert code == 2 and "elements.txt" in err, err


@pytest.mark.parametrize("name", SUN_ARGS)
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_sun_arguments(capsys, name, fmt):
    code, out, _ = run(["sun", *SUN_ARGS[name], "--format", fmt], capsys)
    if code == 0 and fmt == "text":
        assert "\x1b" not in out
    if code == 0 and fmt == "json":
        json.loads(out)


@pytest.mark.parametrize("name", ENVIRONMENTS)
@pytest.mark.parametrize("command", ["geoparse", "map"])
def test_online_settings(tmp_path, capsys, monkeypatch, name, command):
    for k, v in ENVIRONMENTS[name].items():
        monkeypatch.setenv(k, v)
    a = _article(tmp_path, b"Troops trained in Hoechang County, near Pyongyang.\n")
    out = tmp_path / ("m.html" if command == "map" else "out.jsonl")
    run([command, "--online", str(a), "-o", str(out)], capsys, out, "html" if command == "map" else "jsonl")


BAD_ARGUMENTS: list[list[str]] = [
    ["geoparse"], ["geoparse", "missing.txt"], ["geoparse", "."], ["geoparse", "/dev/null"],
    ["geoparse", "/dev/zero"], ["geoparse", "a.txt", "--format", "xml"],
    ["geoparse", "a.txt", "-o", "nodir/x"],
    ["geoparse", "a.txt", "-o", "."], ["geoparse", "a.txt", "-o", "a.txt"],
    ["geoparse", "a.txt", "--workers", "0"], ["geoparse", "a.txt", "--engine", "spark"],
    ["geoparse", "a.txt", "--format", "parquet", "-o", "a.parquet"], ["geoparse", "-", "--engine", "dask"],
    ["geoparse", "a.txt", "--online", "--engine", "dask"],
    ["map", "a.txt"], ["map", "a.txt", "-o", "m.png"], ["map", "a.txt", "-o", "nodir/m.html"],
    ["map", "a.txt", "-o", "."], ["map", "missing.txt", "-o", "m.html"],
    ["crossref", "a.txt", "--published", "yesterday"], ["crossref", "a.txt", "--published", "2023-02-30"],
    ["crossref", "a.txt", "--evidence", "missing.csv"], ["crossref", "a.txt", "--elements", "."],
    ["crossref", "a.txt", "--format", "xml"], ["crossref", "a.txt", "-o", "nodir/x.json"],
    ["crossref", "/dev/zero"],
    ["report", "--article", "missing.txt", "--out", "r"], ["report", "--article", "a.txt", "--out", "a.txt"],
    ["report", "--article", "a.txt", "--notebooks", "nowhere", "--out", "r"],
    ["report", "--article", "/dev/zero", "--out", "r"],
    ["cache", "purge"], ["cache", "info", "--provider", "x"], ["nonsense"], [],
    ["sun", "--at", "now", "--lat", "1", "--lon", "2"], ["--version"],
]
DAMAGES = ("garbage", "empty", "dir", "newer schema", "wal garbage")


@pytest.mark.parametrize("argv", BAD_ARGUMENTS)
def test_bad_arguments(tmp_path, capsys, argv):
    _article(tmp_path, b"Troops in Pyongyang and Seoul.\n")
    run(argv, capsys)
    assert (tmp_path / "a.txt").read_bytes() == b"Troops in Pyongyang and Seoul.\n"


@pytest.mark.parametrize("damage", DAMAGES)
@pytest.mark.parametrize("action", [["cache", "info"], ["cache", "clear"], ["geoparse", "--online"]])
def test_damaged_caches(tmp_path, capsys, damage, action):
    import sqlite3

    cache = tmp_path / "cache"
    cache.mkdir()
    db = cache / "geocoding.sqlite"
    if damage == "garbage":
        db.write_bytes(b"\x00garbage" * 1000)
    elif damage == "empty":
        db.write_bytes(b"")
    elif damage == "dir":
        db.mkdir()
    else:
        con = sqlite3.connect(db)
        con.execute("CREATE TABLE answers (provider TEXT)")
        con.execute("PRAGMA user_version = 99" if damage == "newer schema" else "PRAGMA user_version = 1")
        con.close()
        if damage == "wal garbage":
            (cache / "geocoding.sqlite-wal").write_bytes(b"garbage" * 100)
    argv = list(action)
    if action[0] == "geoparse":
        argv.append(str(_article(tmp_path, b"Troops in Hoechang County near Pyongyang.\n")))
    run(argv, capsys)
    if damage == "newer schema":  # a newer version's cache is never touched
        con = sqlite3.connect(db)
        assert con.execute("PRAGMA user_version").fetchone()[0] == 99
        con.close()


# ------------------------------------------------- issue 18: caches, archives, layers, paths


_ENDLESS = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT 'p' AS provider, "
            "'q' AS query, '' AS bias, '' AS endpoint, '[]' AS answer, '' AS fetched_at FROM c")
_TABLE = ("CREATE TABLE answers (provider TEXT NOT NULL, query TEXT NOT NULL, bias TEXT NOT NULL, "
          "endpoint TEXT NOT NULL, answer TEXT NOT NULL, fetched_at TEXT NOT NULL, "
          "PRIMARY KEY (provider, query, bias))")
HOSTILE_DBS: dict[str, list[str]] = {
    "endless view": [f"CREATE VIEW answers AS {_ENDLESS}", "PRAGMA user_version = 1"],
    "plain view": ["CREATE VIEW answers AS SELECT 1 AS provider", "PRAGMA user_version = 1"],
    "trigger": [_TABLE, "CREATE TRIGGER t AFTER INSERT ON answers BEGIN DELETE FROM answers; END",
                "PRAGMA user_version = 1"],
    "extra table": [_TABLE, "CREATE TABLE loot (x)", "PRAGMA user_version = 1"],
    "extra index": [_TABLE, "CREATE INDEX i ON answers (endpoint)", "PRAGMA user_version = 1"],
    "other layout": ["CREATE TABLE answers (provider, query)", "PRAGMA user_version = 1"],
    "answer not json": [_TABLE, "INSERT INTO answers VALUES ('nominatim', 'hoechang county', '', 'x', "
                                "'{not json', 'x')", "PRAGMA user_version = 1"],
    "answer deep": [_TABLE, "INSERT INTO answers VALUES ('nominatim', 'hoechang county', '', 'x', "
                            f"'{'[' * 3000}{']' * 3000}', 'x')", "PRAGMA user_version = 1"],
    "negative version": [_TABLE, "PRAGMA user_version = -5"],
    "link to other db": ["LINK"],
    "link to nothing": ["DANGLING"],
    "fifo": ["FIFO"],
}


@pytest.mark.parametrize("name", HOSTILE_DBS)
@pytest.mark.parametrize("action", [["cache", "info"], ["cache", "clear"], ["geoparse", "--online"]])
def test_hostile_geocoding_caches(tmp_path, capsys, name, action):
    import sqlite3

    cache = tmp_path / "cache"
    cache.mkdir()
    db = cache / "geocoding.sqlite"
    other = tmp_path / "their.db"
    statements = HOSTILE_DBS[name]
    if statements == ["LINK"]:
        con = sqlite3.connect(other)
        con.execute("CREATE TABLE mail (x)")
        con.commit()
        con.close()
        db.symlink_to(other)
    elif statements == ["DANGLING"]:
        db.symlink_to(tmp_path / "nowhere.db")
    elif statements == ["FIFO"]:
        os.mkfifo(db)
    else:
        con = sqlite3.connect(db)
        for st in statements:
            con.execute(st)
        con.commit()
        con.close()
    before = other.read_bytes() if other.exists() else None
    argv = list(action)
    if action[0] == "geoparse":
        argv.append(str(_article(tmp_path, b"Troops in Hoechang County near Pyongyang.\n")))
    t0 = time.monotonic()
    run(argv, capsys)
    assert time.monotonic() - t0 < 60
    assert not (tmp_path / "nowhere.db").exists()
    if before is not None:
        assert other.read_bytes() == before


def _zip_member(name: str, data: bytes, level: int = 6) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr(name, data)
    return buf.getvalue()


_GOOD_ROW = (b"99000001\tQarqurah\tQarqurah\t\t34.11\t38.21\tS\tAIRB\tSY\t\t07\t\t\t\t0\t\t12\t"
             b"Asia/Damascus\t2024-01-01\n")


def _crc_broken() -> bytes:
    data = bytearray(_zip_member("SY.txt", _GOOD_ROW * 50))
    k = data.find(b"PK\x01\x02")
    data[k - 40] ^= 0xFF  # a byte of the packed stream
    return bytes(data)


GEONAMES_ARCHIVES: dict[str, bytes] = {
    "not a zip": b"<html>502 Bad Gateway</html>",
    "empty zip": _zip_member("readme.txt", b""),
    "packed like a bomb": _zip_member("SY.txt", _GOOD_ROW * 200_000, 9),
    "one long line": _zip_member("SY.txt", secrets.token_hex(300_000).encode()),
    "binary member": _zip_member("SY.txt", secrets.token_bytes(100_000)),
    "broken crc": _crc_broken(),
    "no usable rows": _zip_member("SY.txt", b"a\tb\n" * 100),
    "nan rows": _zip_member("SY.txt", _GOOD_ROW.replace(b"34.11", b"nan") * 3),
    "traversal name": _zip_member("../../SY.txt", _GOOD_ROW),
    "fine": _zip_member("SY.txt", _GOOD_ROW),
}


@pytest.mark.parametrize("name", GEONAMES_ARCHIVES)
def test_hostile_geonames_archives(tmp_path, capsys, monkeypatch, name):
    from servers import MockServer, Reply

    routes = {"/dump/SY.zip": Reply(GEONAMES_ARCHIVES[name]),
              "/dump/alternatenames/SY.zip": Reply(GEONAMES_ARCHIVES[name])}
    with MockServer(routes) as srv:
        monkeypatch.setenv("OSINT_GEONAMES_URL", f"{srv.url}/dump")
        code, _, err = run(["gazetteer", "install", "--countries", "SY"], capsys)
    # A member named "../../SY.txt" is read in memory like any other, never extracted.
    assert (code == 0) == (name in ("fine", "traversal name")), err
    assert not (tmp_path / "SY.txt").exists() and not (tmp_path.parent / "SY.txt").exists()


def _gz(lines: list[bytes]) -> bytes:
    return gzip.compress(b"\n".join(lines) + b"\n")


_LAYER_HEAD = json.dumps({"format": "osint-geonames-layer", "version": 1, "country": "SY", "rows": 1,
                          "fetched_at": "2026-01-01T00:00:00+00:00", "source": "x"}).encode()
_LAYER_ROW = json.dumps({"name": "Qarqurah", "alternates": [], "lat": 34.11, "lon": 38.21,
                         "feature": "air_base",
                         "country_code": "SY", "admin1": "07", "population": 0, "source": "geonames",
                         "source_id": "99000001", "source_url": "https://www.geonames.org/99000001"}).encode()
INSTALLED_LAYERS: dict[str, bytes | str] = {
    "gzip bomb": gzip.compress(b"\0" * (64 * 2**20), 1),
    "not gzip": b"plain text",
    "truncated gzip": _gz([_LAYER_HEAD, _LAYER_ROW])[:-12],
    "empty": b"",
    "foreign header": _gz([b'{"format": "other"}', _LAYER_ROW]),
    "header missing fields": _gz([b'{"format": "osint-geonames-layer", "version": 1}', _LAYER_ROW]),
    "header deep": _gz([b"[" * 5000 + b"]" * 5000]),
    "nan row": _gz([_LAYER_HEAD, _LAYER_ROW.replace(b"34.11", b"NaN")]),
    "infinite row": _gz([_LAYER_HEAD, _LAYER_ROW.replace(b"38.21", b"1e999")]),
    "string coordinate": _gz([_LAYER_HEAD, _LAYER_ROW.replace(b"34.11", b'"north"')]),
    "row not object": _gz([_LAYER_HEAD, b"[1, 2]"]),
    "row missing keys": _gz([_LAYER_HEAD, b'{"name": "X"}']),
    "row deep": _gz([_LAYER_HEAD, b"[" * 5000 + b"]" * 5000]),
    "long line": _gz([_LAYER_HEAD, b"x" * (300 * 2**10)]),
    "dir": "dir",
    "link": "link",
}


@pytest.mark.parametrize("name", INSTALLED_LAYERS)
@pytest.mark.parametrize("action", ["geoparse", "list"])
def test_hostile_installed_layers(tmp_path, capsys, name, action):
    folder = tmp_path / "cache" / "geonames"
    folder.mkdir(parents=True)
    layer = folder / "SY.jsonl.gz"
    value = INSTALLED_LAYERS[name]
    if value == "dir":
        layer.mkdir()
    elif value == "link":
        layer.symlink_to("/dev/zero")
    else:
        layer.write_bytes(value)  # type: ignore[arg-type]
    if action == "list":
        code, _, _ = run(["gazetteer", "list"], capsys)
        assert code == 0
    else:
        a = _article(tmp_path, b"Jets left Qarqurah for Pyongyang.\n")
        code, out, _ = run(["geoparse", str(a)], capsys)
        assert code == 0 and "Pyongyang" in out


_BOMB = ('<!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
         '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
_PLACEMARK = ("<kml><Placemark><name>&c;</name><Point><coordinates>38.2,34.1</coordinates></Point>"
              "</Placemark></kml>")


def _kmz(inner: bytes) -> bytes:
    return _zip_member("doc.kml", inner)


KML_LAYERS: dict[str, tuple[str, bytes]] = {
    "entities utf-8": (".kml", (_BOMB + _PLACEMARK).encode()),
    "entities utf-16": (".kml",
                        ('<?xml version="1.0" encoding="UTF-16"?>' + _BOMB + _PLACEMARK).encode("utf-16")),
    "entities after 4 kB": (".kml", ("<!--" + "x" * 5000 + "-->" + _BOMB + _PLACEMARK).encode()),
    "external entity": (".kml", b'<!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]><kml><Placemark>'
                                b"<name>&x;</name></Placemark></kml>"),
    "parameter entity": (".kml", b'<!DOCTYPE kml [<!ENTITY % p "x">]><kml/>'),
    "utf-32": (".kml", '<?xml version="1.0" encoding="UTF-32"?><kml/>'.encode("utf-32")),
    "kmz entities": (".kmz", _kmz((_BOMB + _PLACEMARK).encode())),
    "kmz bomb": (".kmz", _kmz(b"<kml>" + b" " * (80 * 2**20) + b"</kml>")),
    "kmz not zip": (".kmz", b"PK\x03\x04 broken"),
    "unclosed": (".kml", b"<kml><Placemark>"),
}


@pytest.mark.parametrize("name", KML_LAYERS)
def test_hostile_kml_layers(tmp_path, capsys, name):
    suffix, data = KML_LAYERS[name]
    layer = tmp_path / f"layer{suffix}"
    layer.write_bytes(data)
    a = _article(tmp_path, b"Jets left Qarqurah for Pyongyang.\n")
    code, _, err = run(["geoparse", str(a), "--gazetteer", str(layer)], capsys)
    assert code == 2 and layer.name in err, err


ODD_OUTPUTS: list[str] = ["/dev/osint-fuzz-new.csv", "/proc/osint-fuzz.csv", "/proc/self/status",
                          "/dev/full", "/dev/shm/osint-fuzz-{pid}.csv", "/dev/fd/999"]


@pytest.mark.parametrize("target", ODD_OUTPUTS)
def test_odd_output_paths(tmp_path, capsys, target):
    target = target.format(pid=os.getpid())
    a = _article(tmp_path, b"Troops in Pyongyang and Seoul.\n")
    try:
        code, _, _ = run(["geoparse", str(a), "--format", "csv", "-o", target], capsys)
        if target.startswith("/dev/shm/") and Path("/dev/shm").is_dir():
            assert code == 0 and "Pyongyang" in Path(target).read_text("utf-8")
        if target.startswith(("/dev/osint", "/proc/osint")):
            assert code == 2 and not Path(target).exists()
    finally:
        if target.startswith("/dev/shm/"):
            Path(target).unlink(missing_ok=True)


def test_the_fuzz_covers_enough_inputs():
    distinct = (len(ARTICLES) + len(SIDECARS) + len(CORPUS_LINES) + len(EVIDENCE) + len(ELEMENTS)
                + len(SUN_ARGS) + len(ENVIRONMENTS) + len(BAD_ARGUMENTS) + len(DAMAGES) + len(HOSTILE_DBS)
                + len(GEONAMES_ARCHIVES) + len(INSTALLED_LAYERS) + len(KML_LAYERS) + len(ODD_OUTPUTS))
    assert distinct >= 210, distinct
