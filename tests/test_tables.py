"""osint.render.tables: the tables a report shows read well, whole, and without "None"."""

from __future__ import annotations

import re

import pandas as pd
from conftest import PAYLOADS

import osint
from osint.render import tables


def test_geocoding_table_has_one_row_per_place(seed_places):
    # Issue 14: the table had 120 rows, Russia 27 times.
    t = tables.geocoding_table(seed_places)
    assert t["place"].is_unique or t["feature"].eq("not placed").any()
    assert t["mentions"].sum() == len(seed_places)
    russia = t.set_index("place").loc["Russia"]
    assert russia["mentions"] == (seed_places["name"] == "Russia").sum() > 20
    assert "Russian" in russia["written_as"]
    # A GeoNames row cites geonames.org, as the KML does, whatever file the gazetteer read.
    geonames = t[t["source"].str.startswith("geonames ")]
    assert len(geonames) > 5
    for src, link in zip(geonames["source"], geonames["source_link"]):
        assert link == f"https://www.geonames.org/{src.split()[1]}"
    # Alternatives are real contenders, not namesakes with no chance.
    assert not t["alternatives"].str.contains(r"0\.0[0-4]\)").any()
    assert "Us (FR" not in " ".join(t["alternatives"])
    assert "South Korea (KR, 0.33)" in t.set_index("place").loc["North Korea", "alternatives"]
    # Placed rows first, most mentioned first.
    placed = t[t["feature"] != "not placed"]
    assert list(placed["mentions"]) == sorted(placed["mentions"], reverse=True)


def test_geocoding_html_folds_the_mentions_open_and_says_no_none(seed_places, seed_article):
    page = str(tables.geocoding_html(seed_places, seed_article.text))
    assert page.count("<details>") == len(tables.geocoding_table(seed_places))
    assert "<mark>Russia</mark>" in page and "<mark>Russian</mark>" in page
    assert 'href="https://www.geonames.org/2017370"' in page
    assert "github.com" not in page
    assert not re.search(r"\bNone\b|\bNaN\b|\bnan\b", re.sub(r"<[^>]+>", " ", page))
    assert "\u2026" not in page and "..." not in page  # nothing cut off


def test_table_html_keeps_every_cell_whole_and_escaped():
    long = "x" * 500
    df = pd.DataFrame({"a": [None, 1.5, float("nan")], "text": [long, PAYLOADS[0], "see https://example.org/a?b=1&c=2"],
                       "flag": [True, False, None]})
    page = str(tables.table_html(df, digits={"a": 2}))
    assert long in page  # whole, never cut with an ellipsis
    assert "<script>document" not in page and "&lt;script&gt;" in page
    assert 'href="https://example.org/a?b=1&amp;c=2"' in page
    assert ">1.50<" in page and ">yes<" in page and ">no<" in page
    assert "None" not in page and "NaN" not in page and "nan<" not in page
    assert "<th>" in page and 'data-label="text"' in page  # a card per row on a phone


def test_shown_paths_are_never_absolute(tmp_path):
    from osint.paths import PROJ_ROOT

    assert tables.shown_path(str(PROJ_ROOT / "seeds" / "x.txt")) == "seeds/x.txt"
    assert tables.shown_path(str(tmp_path / "a" / "b.txt")) == "b.txt"
    assert tables.shown_path("seeds/x.txt") == "seeds/x.txt"
    a = osint.load_article(str(PROJ_ROOT / "seeds" / "000_908df4e159e4c100.txt"))
    meta = tables.metadata_table(a).set_index("field")["value"]
    assert meta["file"] == "seeds/000_908df4e159e4c100.txt"


def test_a_missing_date_is_said_once_with_what_it_costs_and_how_to_give_it(tmp_path):
    p = tmp_path / "nodate.txt"
    p.write_text("Officials in Lima said the road reopened on Thursday, after last week's slide.\n",
                 encoding="utf-8")
    a = osint.load_article(p)
    note = str(tables.date_notice(a, relative=2))
    assert "Publication date unknown" in note and "nodate.json" in note and str(tmp_path) not in note
    assert '"published": "YYYY-MM-DD"' in note and "--published" in note and "time window" in note
    meta = tables.metadata_table(a).set_index("field")["value"]
    assert meta["published"].startswith("unknown") and "None" not in " ".join(meta)
    assert str(tables.date_notice(osint.load_article(p, published="2024-05-14"))) == ""
    from osint.render import window_label

    assert "None" not in window_label(type("W", (), {"start": None, "end": None})())
