"""Gazetteer layers: the analyst's own places (CSV, GeoJSON, KML/KMZ) and installed GeoNames
countries, each with its provenance, over the embedded gazetteer.

The places in these layers are invented for the tests (a fictional "Qarqurah Air Base" and
"Wadi Tamar Bridge"); only their handling is under test.
"""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import zipfile

import pytest
from servers import MockServer, Reply

import osint
from osint.errors import InputError, ServiceError
from osint.gazetteer import build, installed, load_gazetteer
from osint.gazetteer.build import layered
from osint.gazetteer.layers import read_layer
from osint.online import geonames

CSV = (
    "name,lat,lon,alternate_names,feature,country_code,id,source_url\n"
    "Qarqurah Air Base,34.1,38.2,Qarqurah|Qarqura,air_base,SY,S1,\n"
    "Zubair Depot,30.39,47.70,,depot,IQ,S2,https://example.org/zubair\n"
)
GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.5, 33.2]},
         "properties": {"name": "Wadi Tamar Bridge", "feature": "bridge"}},
        {"type": "Feature",
         "geometry": {"type": "Polygon", "coordinates": [[[36.0, 33.0], [36.2, 33.0], [36.2, 33.2],
                                                          [36.0, 33.2]]]},
         "properties": {"title": "Tamar Training Area"}},
    ],
}
KML = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder>
<Placemark><name>Harrat Depot</name>
  <ExtendedData><Data name="feature"><value>depot</value></Data>
  <Data name="alternate_names"><value>Harrat Logistics Site</value></Data></ExtendedData>
  <Point><coordinates>37.1,32.4,0</coordinates></Point></Placemark>
<Placemark><name>Tamar Road</name><LineString><coordinates>36.0,33.0,0 36.4,33.4,0</coordinates>
  </LineString></Placemark>
</Folder></Document></kml>"""


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("layers")
    (d / "sites.csv").write_text(CSV, encoding="utf-8")
    (d / "sites.geojson").write_text(json.dumps(GEOJSON), encoding="utf-8")
    (d / "sites.kml").write_text(KML, encoding="utf-8")
    with zipfile.ZipFile(d / "sites.kmz", "w") as z:
        z.writestr("doc.kml", KML)
    return d


@pytest.fixture(scope="module")
def gaz(files):
    rows = [r for f in ("sites.csv", "sites.geojson", "sites.kmz") for r in read_layer(files / f)]
    return layered(load_gazetteer(), rows)


def test_each_format_reads_with_provenance(files):
    csv_rows = read_layer(files / "sites.csv")
    assert [r["name"] for r in csv_rows] == ["Qarqurah Air Base", "Zubair Depot"]
    assert csv_rows[0]["source"] == "user" and csv_rows[0]["source_url"].endswith("sites.csv#row2")
    assert csv_rows[1]["source_url"] == "https://example.org/zubair"  # a row's own citation is kept
    geo = {r["name"]: r for r in read_layer(files / "sites.geojson")}
    assert (geo["Wadi Tamar Bridge"]["lat"], geo["Wadi Tamar Bridge"]["feature"]) == (33.2, "bridge")
    assert geo["Tamar Training Area"]["lat"] == pytest.approx(33.1)  # a polygon at its vertices' mean
    assert "mean of the Polygon" in geo["Tamar Training Area"]["note"]
    kml = {r["name"]: r for r in read_layer(files / "sites.kml")}
    kmz = {r["name"]: r for r in read_layer(files / "sites.kmz")}
    assert kml.keys() == kmz.keys() == {"Harrat Depot", "Tamar Road"}
    assert kml["Harrat Depot"]["feature"] == "depot"
    assert kml["Harrat Depot"]["alternates"] == ["Harrat Logistics Site"]
    assert (kml["Harrat Depot"]["lat"], kml["Harrat Depot"]["lon"]) == (32.4, 37.1)


def test_layer_places_are_found_and_outrank_namesakes(gaz):
    df = osint.geoparse("Jets left Qarqurah on Monday; trucks reached Zubair Depot near Basra "
                        "and crossed the Wadi Tamar Bridge.", gazetteer=gaz)
    rows = {r.text: r for r in df.itertuples()}
    assert rows["Qarqurah"].name == "Qarqurah Air Base" and rows["Qarqurah"].source == "user"
    assert "your gazetteer layer" in rows["Qarqurah"].reason
    assert rows["Wadi Tamar Bridge"].feature == "bridge"
    assert rows["Basra"].source == "geonames"  # the embedded gazetteer is still there


def test_the_embedded_gazetteer_is_left_as_it_is(gaz):
    assert osint.geoparse("Jets left Qarqurah on Monday.")["source"].tolist() != ["user"]


def test_load_gazetteer_caches_a_layered_index(files, tmp_path, monkeypatch):
    monkeypatch.setattr(build, "cache_dir", lambda: tmp_path)
    monkeypatch.setattr(installed, "installed_dir", lambda: tmp_path / "geonames")
    g = load_gazetteer(layers=[files / "sites.csv"])
    assert g.lookup("Qarqurah")[0].source == "user"
    assert any(p.name.count("-") == 2 for p in tmp_path.glob("gazetteer-*.sqlite"))
    assert load_gazetteer(layers=[files / "sites.csv"]) is g  # from memory the second time


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.csv", "title,x\nA,1\n", "no lat column"),
        ("b.csv", "name,lat,lon\nA,91,10\n", "row 2: coordinates out of range"),
        ("c.csv", "name,lat,lon\nA,nan,10\n", "row 2: latitude is not finite"),
        ("d.csv", "name,lat,lon\n,1,10\n", "row 2: no name"),
        ("e.csv", "name,lat,lon,feature\nA,1,10,<script>\n", "not a short lower-case word"),
        ("f.csv", "name,lat,lon\n", "no places"),
        ("g.geojson", '{"type": "FeatureCollection", "features": [{"type": "Feature"}]}', "no geometry"),
        ("h.geojson", "[1, 2]", "not a GeoJSON object"),
        ("i.kml", '<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x "y">]><kml>&x;</kml>', "DOCTYPE"),
        ("j.kml", "<kml><Placemark><name>A</name></Placemark></kml>", "no coordinates"),
        ("k.kmz", "not a zip", "not a readable KMZ"),
        ("l.txt", "name,lat,lon\n", "a gazetteer layer is"),
    ],
)
def test_bad_layers_are_refused_with_the_file_and_row(tmp_path, name, content, message):
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_layer(p)


def test_cli_gazetteer_option_and_check(files, tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Jets left Qarqurah on Monday.", encoding="utf-8")
    run = [sys.executable, "-m", "osint.cli"]
    ok = subprocess.run([*run, "gazetteer", "check", str(files / "sites.kml")], capture_output=True,
                        text=True, timeout=120)
    assert ok.returncode == 0 and "2 places" in ok.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat,lon\nA,500,1\n", encoding="utf-8")
    out = subprocess.run([*run, "geoparse", str(art), "--gazetteer", str(bad)], capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 2 and "row 2" in out.stderr and "Traceback" not in out.stderr


# --- GeoNames per-country dumps, from a server on 127.0.0.1 in the real format ---------------

def _geoname(gid, name, ascii_name, alts, lat, lon, fclass, fcode, cc, admin1, pop):
    cols = [str(gid), name, ascii_name, alts, str(lat), str(lon), fclass, fcode, cc, "", admin1, "", "",
            "", str(pop), "", "12", "Asia/Damascus", "2024-01-01"]
    return "\t".join(cols)


def _zip(name: str, text: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(name, text)
        z.writestr("readme.txt", "fixture")
    return buf.getvalue()


DUMP = "\n".join([
    _geoname(99000001, "Qarqūrah", "Qarqurah", "Qarqura,قرقورة", 34.11, 38.21, "S", "AIRB", "SY", "07", 0),
    _geoname(99000002, "Tall Ḩamīd", "Tall Hamid", "", 35.3, 38.9, "P", "PPL", "SY", "07", 0),
    _geoname(99000003, "Jisr Tamar", "Jisr Tamar", "", 33.2, 36.5, "S", "BDG", "SY", "09", 0),
    _geoname(99000004, "Old Road", "Old Road", "", 33.0, 36.0, "R", "RD", "SY", "09", 0),
    "not\ta\tgeoname\trow",
    _geoname(99000005, "Broken", "Broken", "", "north", 36.0, "P", "PPL", "SY", "09", 0),
]) + "\n"
ALTERNATES = "\n".join([
    "1\t99000003\ten\tTamar Bridge\t1\t\t\t\t\t",
    "2\t99000003\tar\tجسر تمر\t\t\t\t\t\t",
    "3\t99000002\t\tTel Hamid\t\t\t\t1\t\t",
]) + "\n"


@pytest.fixture
def geonames_server(tmp_path, monkeypatch):
    routes = {"/dump/SY.zip": Reply(_zip("SY.txt", DUMP)),
              "/dump/alternatenames/SY.zip": Reply(_zip("SY.txt", ALTERNATES)),
              "/dump/XK.zip": Reply(b"", status=404)}
    with MockServer(routes) as srv:
        monkeypatch.setenv("OSINT_GEONAMES_URL", f"{srv.url}/dump")
        monkeypatch.setattr(installed, "installed_dir", lambda: tmp_path / "geonames")
        monkeypatch.setattr(build, "cache_dir", lambda: tmp_path)
        yield srv


def test_install_a_country_from_its_dump(geonames_server, tmp_path):
    done = geonames.install_country("sy")
    assert (done.country, done.rows, done.skipped, done.alternates) == ("SY", 3, 2, True)
    head = installed.read_header(done.path)
    assert head["source"].endswith("/dump/SY.zip") and head["attribution"].startswith("GeoNames")
    rows = {r["name"]: r for r in installed.read_installed(done.path)}
    assert "Old Road" not in rows  # roads are not read
    assert rows["Qarqūrah"]["feature"] == "air_base"
    assert rows["Jisr Tamar"]["alternates"] == ["Tamar Bridge"]  # English names from the alternates
    assert rows["Tall Ḩamīd"]["alternates"] == ["Tall Hamid", "Tel Hamid"]  # ASCII and historic names
    assert rows["Qarqūrah"]["source_url"] == "https://www.geonames.org/99000001"
    g = load_gazetteer()  # installed countries are laid over the embedded gazetteer
    p = osint.geoparse("Jets left Qarqurah; trucks crossed the Tamar Bridge.", gazetteer=g)
    assert p["source_id"].tolist() == ["99000001", "99000003"]
    assert set(p["feature"]) == {"air_base", "bridge"}


def test_install_errors_are_clear(geonames_server):
    with pytest.raises(ServiceError, match="no dump for XK"):
        geonames.install_country("XK")
    with pytest.raises(InputError, match="not a two-letter"):
        geonames.install_country("Syria")


def test_a_damaged_installed_layer_says_reinstall(tmp_path, monkeypatch):
    monkeypatch.setattr(installed, "installed_dir", lambda: tmp_path)
    (tmp_path / "SY.jsonl.gz").write_bytes(gzip.compress(b'{"format": "something else"}\n'))
    with pytest.raises(Exception, match="install the country again"):
        installed.read_installed(tmp_path / "SY.jsonl.gz")


def test_a_csv_row_with_more_fields_than_the_header_is_an_error(tmp_path, capsys):
    from osint.cli import main

    layer = tmp_path / "g.csv"
    layer.write_text("name,lat,lon\nShaykovka,54.2,34.3,extra\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Troops moved to Shaykovka.\n", encoding="utf-8")
    assert main(["geoparse", str(article), "--gazetteer", str(layer)]) == 2
    assert "row 2 has 4 fields" in capsys.readouterr().err
