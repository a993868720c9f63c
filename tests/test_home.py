"""Home regions: where an article comes from breaks ties the text leaves open; unsure far picks
are marked for review."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd
import pytest

import osint
from osint.corpus import geoparse_corpus
from osint.errors import InputError
from osint.places.home import Home, HomeTally, home_from_hint

BARE = "Crews worked through the night in Springfield after the storm."


def test_hints_read_as_regions():
    assert home_from_hint("Reno, Nev.")[:2] == ("US", "NV")
    assert home_from_hint("Kamloops, B.C.")[:2] == ("CA", "02")
    assert home_from_hint("Ukraine")[:2] == ("UA", "")
    assert home_from_hint("ua")[:2] == ("UA", "")
    assert home_from_hint(("US", "MO")) == Home("US", "MO", "given")
    for bad in ("Qwxyzzz", "", "x" * 500, 42):
        with pytest.raises(InputError):
            home_from_hint(bad)


@pytest.mark.parametrize(("home", "state"), [("Springfield, Mo.", "MO"), ("Illinois", "IL"),
                                             ("Holyoke, Mass.", "MA")])
def test_the_home_region_decides_a_bare_namesake(home, state):
    row = osint.geoparse(BARE, home=home).iloc[0]
    assert (row["country_code"], row["admin1"]) == ("US", state)
    assert "home region" in row["reason"]


def test_the_text_outweighs_the_home_region():
    row = osint.geoparse("Flooding hit Springfield, Ill., overnight.", home="Springfield, Mo.").iloc[0]
    assert row["admin1"] == "IL"


def test_an_articles_own_place_field_is_its_home():
    art = osint.Article(id="a", text=BARE, meta={"place": "Holyoke, Mass."})
    assert osint.geoparse(art).iloc[0]["admin1"] == "MA"


def _corpus(tmp_path):
    lines = []
    for i in range(4):
        lines.append({"id": f"mo{i}", "source": "Ozarks Courier",
                      "text": f"Storm damage in Branson, Mo., and Joplin, Mo. Report {i}."})
        lines.append({"id": f"il{i}", "source": "Prairie Ledger",
                      "text": f"Storm damage in Peoria, Ill., and Decatur, Ill. Report {i}."})
    lines += [{"id": "mo-bare", "source": "Ozarks Courier", "text": BARE},
              {"id": "il-bare", "source": "Prairie Ledger", "text": BARE},
              {"id": "hinted", "source": "Prairie Ledger", "place": "Holyoke, Mass.", "text": BARE},
              {"id": "odd", "place": "Qwxyzzz", "text": BARE}]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path


def test_a_corpus_learns_each_outlets_home_from_its_own_articles(tmp_path):
    out = io.BytesIO()
    report = geoparse_corpus([str(_corpus(tmp_path))], out, progress=False)
    assert report.outlets["Ozarks Courier"][:2] == ("US", "MO")
    assert report.outlets["Prairie Ledger"][:2] == ("US", "IL")
    docs = {d["id"]: d["places"] for d in map(json.loads, out.getvalue().decode().splitlines())}
    assert docs["mo-bare"][0]["admin1"] == "MO"
    assert docs["il-bare"][0]["admin1"] == "IL"
    assert docs["hinted"][0]["admin1"] == "MA"  # a record's own place outranks its outlet's home
    assert any("Qwxyzzz" in n for n in report.notes)  # a hint that names nothing is reported


def test_the_tally_needs_enough_articles():
    t = HomeTally()
    t.add("One-off", osint.geoparse_places("Crews in Branson, Mo., and Joplin, Mo."))
    assert t.homes() == {}


def test_cli_home_option_and_bad_hint(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text(BARE, encoding="utf-8")
    run = [sys.executable, "-m", "osint.cli", "geoparse", str(art)]
    ok = subprocess.run([*run, "--home", "Holyoke, Mass."], capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["places"][0]["admin1"] == "MA"
    bad = subprocess.run([*run, "--home", "Qwxyzzz"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "Qwxyzzz" in bad.stderr and "Traceback" not in bad.stderr


def test_an_unsure_pick_far_from_the_rest_is_marked_for_review():
    df = osint.geoparse("Troops gathered in Kharkiv and Izium on Monday. "
                        "Refugees reached Alexandria by Friday.")
    rows = {r.text: r for r in df.itertuples()}
    assert pd.isna(rows["Kharkiv"].review) and pd.isna(rows["Izium"].review)
    review = rows["Alexandria"].review
    assert "km from the article's nearest other place" in review and "unsure" in review
