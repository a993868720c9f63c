import pytest

import osint
import osint.gazetteer as gz
from osint.gazetteer.build import tables_of


def test_lookup_prefers_strong_entries_and_knows_spellings():
    g = gz.load_gazetteer()
    assert g.lookup("Georgia")[0].feature in ("country", "admin1")
    assert g.lookup("P'yŏngyang")[0].name == "Pyongyang"
    assert g.lookup("DPRK")[0].country_code == "KP"
    assert g.lookup("North Korean")[0].feature == "country"
    square = g.lookup("Kim Il-sung Square")[0]
    assert square.source == "curated" and square.source_url.startswith("https://")


def test_divisions_held_under_the_names_the_press_writes():
    from osint.gazetteer.build import _division_forms

    assert _division_forms(["Muhafazat Hadramaout"]) == {"Hadramaout"}
    assert _division_forms(["Province of Cagayan", "Departamento de Antioquia"]) == {"Cagayan", "Antioquia"}
    assert _division_forms(["Al Anbar"]) == {"Anbar"}
    assert _division_forms(["Rivers State", "Harris County"]) == set()  # generic words that stay
    g = gz.load_gazetteer()
    assert g.lookup("Cagayan")[0].name == "Province of Cagayan"
    assert any(e.feature == "admin1" and e.country_code == "YE" for e in g.lookup("Hadramaout"))
    # A town of the country called so keeps the bare name: "Hudaydah" is the port city.
    assert [e.feature for e in g.lookup("Hudaydah")] == ["city"]


@pytest.mark.parametrize(("form", "country", "division"), [
    # English forms of data/native_names.csv (lang 'en'): ISO 3166-2, UN OCHA and IOM spellings
    # of divisions GeoNames spells otherwise ('Oromiya', 'Middle Shabele', 'Kordestān').
    ("Oromia", "ET", "Oromiya"),
    ("Middle Shabelle", "SO", "Middle Shabele"),
    ("Kurdistan Province", "IR", "Kordestān"),
    ("Baluchistan", "PK", "Balochistan"),
    ("North Kivu", "CD", "Nord Kivu"),
    ("Salah al-Din", "IQ", "Salah ad Din"),
    ("Rural Damascus", "SY", "Rif-dimashq"),
    ("Karen State", "MM", "Kayin"),
])
def test_divisions_held_under_their_cited_english_forms(form, country, division):
    hits = [(e.feature, e.country_code, e.name) for e in gz.load_gazetteer().lookup(form)]
    assert ("admin1", country, division) in hits


def test_a_cited_english_form_places_its_division_in_a_text():
    from osint.case import place_text

    # A whole cited name is read whole: "Sistan and Baluchistan" is Iran's province, not "Sistan"
    # and Pakistan's "Baluchistan".
    text = ("Fighting spread from Middle Shabelle region to Oromia, and Iran's Kurdistan Province "
            "and Sistan and Baluchistan.")
    got = [(p.mention.text, p.entry.name) for p in place_text(text, gz.load_gazetteer()) if p.entry]
    assert got == [("Middle Shabelle", "Middle Shabele"), ("Oromia", "Oromiya"), ("Iran", "Iran"),
                   ("Kurdistan Province", "Kordestān"), ("Sistan and Baluchistan", "Sistan and Baluchestan")]


def test_an_airport_named_after_its_town_first_is_found_by_its_own_name():
    # airportsdata calls it "Bukavu Kavumu Airport": the town first, then the airport's own name.
    g = gz.load_gazetteer()
    assert any(e.feature == "airport" and e.name.startswith("Bukavu") for e in g.lookup("Kavumu Airport"))


def test_short_and_foreign_country_names_and_an_ambiguous_congo():
    g = gz.load_gazetteer()
    assert g.lookup("Burkina")[0].country_code == "BF"
    assert {e.country_code for e in g.lookup("Congo") if e.feature == "country"} == {"CD", "CG"}


def test_a_region_its_divisions_are_named_after_is_derived_from_them():
    g = gz.load_gazetteer()
    (kordofan,) = [e for e in g.lookup("Kordofan") if e.feature == "region"]
    assert kordofan.country_code == "SD" and kordofan.source == "derived"
    assert len(kordofan.source_id.split("+")) >= 2  # the divisions it was derived from
    assert not [e for e in g.lookup("Carolina") if e.source == "derived"]  # a given name stays one


def test_countries_at_geonames_feature_points():
    g = gz.load_gazetteer()
    for code, lat, lon in [("KP", 40.0, 127.0), ("RU", 60.0, 100.0), ("US", 39.76, -98.5)]:
        e = g.country(code)
        assert (e.lat, e.lon) == (lat, lon) and e.source == "geonames"


def test_one_capital_per_country():
    g = gz.load_gazetteer()
    us_capitals = [e for e in g.lookup("Washington") if e.feature == "capital"]
    assert len(us_capitals) == 1 and us_capitals[0].admin1 == "DC"


def test_curated_table_is_sourced():
    g = gz.load_gazetteer()
    curated = [e for e in g.entries() if e.source == "curated"]
    assert len(curated) >= 60
    # Some stored copies of the pages a row was read from are at http:// addresses (the address seen).
    assert all(e.source_url.startswith(("https://", "http://")) and -90 <= e.lat <= 90 for e in curated)


def _counting_builds(tmp_path, monkeypatch) -> list[int]:
    """Cache the index in ``tmp_path``, building by handing back the loaded one's tables; each build
    is noted."""
    real = tables_of(gz.load_gazetteer())
    built: list[int] = []

    def fake_build():
        built.append(1)
        return real

    monkeypatch.setenv("OSINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(gz.build, "build_gazetteer", fake_build)
    return built


def test_cache_is_reused_and_a_corrupt_one_rebuilt(tmp_path, monkeypatch, capsys):
    real = gz.load_gazetteer()
    built = _counting_builds(tmp_path, monkeypatch)
    monkeypatch.setattr(gz.build, "_LOADED", {})
    gz.load_gazetteer()
    (path,) = tmp_path.glob("gazetteer-*.sqlite")
    assert built == [1]
    monkeypatch.setattr(gz.build, "_LOADED", {})
    assert len(gz.load_gazetteer()) == len(real)
    assert built == [1], "the second start reads the cache"
    path.write_bytes(b"not an index")
    monkeypatch.setattr(gz.build, "_LOADED", {})
    gz.load_gazetteer()
    assert built == [1, 1]
    assert "not a gazetteer index" in capsys.readouterr().err
    assert len(gz.build.open_gazetteer(path)) == len(real)


def test_cache_is_private_and_reused_under_a_permissive_umask(tmp_path, monkeypatch):
    # CI runners and shared servers often run with umask 000 or 002: a cache saved
    # with those permissions would fail the trust rule and be rebuilt at every start.
    import os
    import stat

    built = _counting_builds(tmp_path, monkeypatch)
    old = os.umask(0)
    try:
        for _ in range(2):
            monkeypatch.setattr(gz.build, "_LOADED", {})
            gz.load_gazetteer()
    finally:
        os.umask(old)
    (path,) = tmp_path.glob("gazetteer-*.sqlite")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert built == [1], "the second start reads the cache it wrote"


def test_the_index_is_a_read_only_file_shared_by_path_not_a_pickle():
    import os
    import pickle
    import sqlite3

    g = gz.load_gazetteer()
    assert g.path.suffix == ".sqlite" and not list(g.path.parent.glob("gazetteer-*.pkl"))
    with sqlite3.connect(f"file:{g.path}?mode=ro", uri=True) as con:
        kinds = {t for (t,) in con.execute("SELECT type FROM sqlite_schema")}
    assert kinds <= {"table", "index"}, "no views or triggers"
    # A copy for another process (a Dask worker) carries the path only and opens the same file.
    blob = pickle.dumps(g)
    assert len(blob) < 1000
    copy = pickle.loads(blob)
    assert copy.path == g.path and len(copy) == len(g)
    assert copy.lookup("Pyongyang")[0].country_code == "KP"
    # A forked child opens its own connection (a parent's SQLite handle is never shared).
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.write(w, g.lookup("Kharkiv")[0].country_code.encode())
        finally:
            os._exit(0)
    os.close(w)
    os.waitpid(pid, 0)
    assert os.read(r, 10) == b"UA"
    os.close(r)


def test_the_views_answer_as_the_tables_did():
    g = gz.load_gazetteer()
    ids = g.names["pyongyang"]
    assert ids and g.names.get("pyongyang") == ids and "pyongyang" in g.names
    assert g.names.get("no such place name", ()) == () and "no such place name" not in g.names
    assert g.prefixes.get("new", 0) & gz.entries.PREFIX and g.prefixes.get("zzqx", 0) == 0
    assert "north korea" in g.strong_keys and "police" in g.dictionary and "pyongyang" not in g.dictionary
    assert g.primary_population.get("pyongyang", 0) > 1_000_000
    assert "seoul" in g.keys_in_country("KR")
    assert "pyongyang" in g.keys_by_skeleton("KP", "pngng")


def test_ourairports_air_bases_airportsdata_lacks_are_found_with_their_page():
    import osint

    got = {p.mention.text: p.entry for p in osint.geoparse_places(
        "Drones hit Millerovo Air Base in Russia's Rostov region; bombers left the Olenya airfield "
        "near Olenegorsk, Murmansk.") if p.entry}
    base = got["Millerovo Air Base"]
    assert (base.feature, base.source, base.source_id) == ("air_base", "ourairports", "RU-0282")
    assert base.source_url == "https://ourairports.com/airports/RU-0282/"
    assert got["Olenya airfield"].source_id == "RU-4464"
    # The town keeps its name: OurAirports' keyword "Olenegorsk" is no name of the base.
    assert got["Olenegorsk"].feature == "city"


def test_the_airfields_table_is_valid_and_every_row_cites_its_ourairports_page():
    import csv
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "data" / "airfields.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) > 300 and len({r["ident"] for r in rows}) == len(rows)
    for r in rows:
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180
        assert r["source_url"] == f"https://ourairports.com/airports/{r['ident']}/"
        assert len(r["country_code"]) == 2 and r["read_from"]


@pytest.mark.parametrize(("text", "name", "cc"), [
    ("ADF rebels attacked villages in Ituri, near Bunia, in Congo.", "Ituri Province", "CD"),
    ("Floods hit East Darfur, Sudan.", "East Darfur", "SD"),
    ("Clashes in Chin State, Myanmar.", "Chin State", "MM"),
    ("Troops moved into Menaka region, Mali.", "Ménaka Region", "ML"),
])
def test_divisions_the_geonames_extract_lacks_are_curated_at_their_capitals(text, name, cc):
    got = [p for p in osint.geoparse_places(text) if p.entry is not None and p.entry.feature == "admin1"]
    assert got and got[0].entry.name == name and got[0].entry.country_code == cc
    assert got[0].entry.source == "curated"


def test_a_division_named_like_its_capital_needs_its_word():
    got = {p.mention.text: p.entry for p in osint.geoparse_places("Troops in Menaka, Mali.")}
    assert got["Menaka"].feature == "city"


def test_an_alternate_name_that_is_only_an_article_or_a_particle_is_not_kept():
    from osint.gazetteer.build import _usable_alternate

    # GeoNames gives Yale, Michigan the alternate "El'": "El Gezira" would then hold a town "El".
    assert not _usable_alternate("El'") and not _usable_alternate("Al") and _usable_alternate("Elat")
    names = [(p.mention.text, p.entry.name if p.entry else None)
             for p in osint.geoparse_places("Atrocities in El Gezira were documented, Sudan said.")]
    assert ("El", "Yale") not in names and ("Gezira", "Al Jazīrah") in names
