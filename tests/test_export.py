"""Exports investigators load: FollowTheMoney entities, GraphML, and the run's PROV record."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import networkx as nx
import pytest

import osint
from osint.provenance import Record, active, note_answer, redact_url
from osint.render.entities import entity_graph, ftm_entities

followthemoney = pytest.importorskip("followthemoney")


@pytest.fixture(scope="module")
def seed(seed_path):
    art = osint.load_article(seed_path)
    return art, osint.analyze(art).entities()


@pytest.fixture(scope="module")
def seed_path():
    from osint.paths import PROJ_ROOT

    return PROJ_ROOT / "seeds" / "000_908df4e159e4c100.txt"


def test_every_ftm_entity_validates_and_reloads(seed):
    from followthemoney import model

    _, ents = seed
    entities = ftm_entities(ents)
    assert len({e["id"] for e in entities}) == len(entities)
    for e in entities:
        proxy = model.get_proxy(e, cleaned=False)
        assert proxy.schema.validate(e) is None, e
        assert model.get_proxy(proxy.to_dict()).to_dict() == proxy.to_dict()  # a clean round trip
    schemata = {e["schema"] for e in entities}
    assert {"Article", "Person", "Organization", "Address", "Note", "Documentation"} <= schemata


def test_dave_schmerler_is_a_person_linked_to_his_statements(seed):
    _, ents = seed
    entities = ftm_entities(ents)
    person = [e for e in entities
              if e["schema"] == "Person" and e["properties"]["name"] == ["Dave Schmerler"]]
    assert len(person) == 1
    notes = [e for e in entities if e["schema"] == "Note" and e["properties"]["entity"] == [person[0]["id"]]]
    assert notes and all("Schmerler" in n["properties"]["name"][0] for n in notes)
    article = next(e for e in entities if e["schema"] == "Article")
    assert all(n["properties"]["proof"] == [article["id"]] for n in notes)
    member = [e for e in entities
              if e["schema"] == "Membership" and e["properties"]["member"] == [person[0]["id"]]]
    org = next(e for e in entities if e["id"] == member[0]["properties"]["organization"][0])
    assert "James Martin Center" in org["properties"]["name"][0]


def test_places_carry_coordinates_and_sources(seed):
    _, ents = seed
    addr = {e["properties"]["full"][0]: e for e in ftm_entities(ents) if e["schema"] == "Address"}
    sq = addr["Kim Il Sung Square"]["properties"]
    assert float(sq["latitude"][0]) == pytest.approx(39.0195, abs=0.01)
    assert sq["sourceUrl"][0].startswith("https://") and "source curated" in sq["remarks"][0]


def test_the_article_hash_is_the_files(seed, seed_path):
    _, ents = seed
    assert ents.sha256 == hashlib.sha256(seed_path.read_bytes()).hexdigest()
    article = next(e for e in ftm_entities(ents) if e["schema"] == "Article")
    assert ents.sha256 in article["properties"]["notes"][0]


def test_graph_links_speakers_to_what_they_said(seed, tmp_path):
    _, ents = seed
    g = entity_graph(ents)
    assert g.graph["article_sha256"] == ents.sha256
    dave = "person:Dave Schmerler"
    said = {n for n in g.neighbors(dave) if g[dave][n]["kind"] == "said"}
    assert "place:Kim Il Sung Square" in said
    p = tmp_path / "g.graphml"
    nx.write_graphml(g, p)
    assert nx.read_graphml(p).number_of_nodes() == g.number_of_nodes()


def test_cli_export_writes_ftm_and_prov(seed_path, tmp_path):
    from prov.model import ProvDocument

    out, prov = tmp_path / "a.ftm", tmp_path / "a.prov.json"
    r = subprocess.run([sys.executable, "-m", "osint.cli", "export", str(seed_path), "-o", str(out),
                        "--prov", str(prov)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert any(x["schema"] == "Person" for x in lines)
    digest = hashlib.sha256(seed_path.read_bytes()).hexdigest()
    text = prov.read_text(encoding="utf-8")
    assert digest in text and str(tmp_path) not in text  # the hash, and no local folders
    doc = ProvDocument.deserialize(content=text, format="json")
    assert any(str(rec.identifier).endswith(digest) for rec in doc.get_records())
    bad = subprocess.run([sys.executable, "-m", "osint.cli", "export", str(seed_path), "-o",
                          str(tmp_path / "x.xyz")], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "--format" in bad.stderr


def test_online_answers_are_noted_without_secrets():
    r = Record("geoparse")
    with active(r):
        note_answer("nominatim", "https://nominatim.example/search?q=Kyiv&email=me%40x.org&key=s3cret",
                    "2026-01-01T00:00:00Z", True)
    note_answer("nominatim", "https://x/y", "t", False)  # no record active: nothing kept
    assert len(r.answers) == 1 and r.answers[0].from_cache
    assert "s3cret" not in r.answers[0].request and "email" not in r.answers[0].request
    assert redact_url("https://user:pw@host:8080/p?q=1&token=abc") == "https://host:8080/p?q=1"
