"""Geoparsing on texts written for these tests: ambiguity, spellings, landmarks, traps."""

from __future__ import annotations

import pytest

import osint
from osint.geo import distance_km as haversine_km


def places(text: str) -> dict[str, tuple]:
    df = osint.geoparse(text)
    return {r.text: (r.name, r.country_code, r.feature, r.lat, r.lon) for r in df.itertuples()}


def test_city_region_pattern_picks_the_named_region():
    p = places("The fair moved from Paris, Texas to Tbilisi, Georgia last year.")
    assert p["Paris"][1] == "US"
    assert p["Tbilisi"][1] == "GE"


def test_countries_outrank_towns_sharing_their_name():
    p = places("Exports from China and Jordan rose while Georgia held talks with Armenia.")
    assert p["China"][2] == p["Jordan"][2] == p["Georgia"][2] == "country"


def test_document_context_chooses_among_namesakes():
    text = (
        "Protesters gathered in Manchester and Liverpool on Saturday. "
        "Police in Birmingham and Leeds said Cambridge would be next."
    )
    p = places(text)
    assert {p[n][1] for n in ("Manchester", "Liverpool", "Birmingham", "Leeds", "Cambridge")} == {"GB"}


def test_alternate_spellings_and_romanisations():
    p = places("Delegates flew from P'yŏngyang to Sinuiju, then on to Vladivostok.")
    assert p["P'yŏngyang"][0] == "Pyongyang"
    assert p["Vladivostok"][1] == "RU"


def test_landmarks_from_the_curated_table_with_sources():
    df = osint.geoparse(
        "Imagery showed activity at Yongbyon and at the Sohae Satellite Launching Station, "
        "and crowds in Kim Il-sung Square."
    )
    rows = {r.text: r for r in df.itertuples()}
    assert rows["Sohae Satellite Launching Station"].source == "curated"
    assert rows["Kim Il-sung Square"].name == "Kim Il Sung Square"
    assert haversine_km(rows["Kim Il-sung Square"].lat, rows["Kim Il-sung Square"].lon, 39.0195, 125.7525) < 1
    assert all(r.source_url.startswith("https://") for r in df.itertuples() if r.source == "curated")


def test_acronyms_and_hyphenated_compounds():
    p = places("The US-led talks on DPRK-Russia ties stalled, a U.S. official said.")
    assert p["US"][1] == p["U.S"][1] == "US"  # the sentence's full stop is not in the span
    assert p["DPRK"][1] == "KP" and p["Russia"][1] == "RU"


def test_demonyms_name_their_country_but_peoples_do_not():
    df = osint.geoparse("North Korean and Chinese officials met. Russians and Americans watched.")
    assert df[df["text"] == "North Korean"]["country_code"].tolist() == ["KP"]
    assert df[df["text"] == "Chinese"]["kind"].tolist() == ["demonym"]
    assert not set(df["text"]) & {"Russians", "Americans"}


@pytest.mark.parametrize(
    "text",
    [
        "Travis King crossed the border, said John Kirby.",
        "Mr Nice met Jordan Peterson on Monday.",
        "May was a busy month. Reading the report took a while.",
        "Analyst Ankit Panda said so, and Panda added more.",
        "The Cold War and the Korean War shaped the West.",
        "KCNA and Yonhap reported it; Reuters and Umbra did not.",
        "He rode for Mike de Kock. Kock said the horse was ready.",
    ],
)
def test_traps_are_not_places(text):
    df = osint.geoparse(text)
    assert df[df["lat"].notna()].empty, df[["text", "name"]].to_dict("records")


def test_unknown_place_like_names_stay_unresolved():
    df = osint.geoparse("Troops moved through Hoechang County toward Kujang County.")
    rows = df[df["kind"] == "unresolved"]
    assert rows["text"].tolist() == ["Hoechang County", "Kujang County"]
    assert rows["lat"].isna().all()


def test_one_sense_per_name_and_alternatives_kept():
    df = osint.geoparse("Springfield is busy. Later in Springfield, the mayor of Springfield spoke.")
    assert df["source_id"].nunique() == 1
    assert df["alternatives"].iloc[0], "namesakes are kept as alternatives"
    assert (df["confidence"] < 1).all()


def test_spans_index_the_original_text():
    text = "Ｗide text — “Pyongyang’s” plans,\n\nin Seoul’s ‘Gangnam’ district."
    df = osint.geoparse(text)
    assert {r.text for r in df.itertuples()} >= {"Pyongyang", "Seoul"}
    for r in df.itertuples():
        assert text[r.start : r.end] == r.text
