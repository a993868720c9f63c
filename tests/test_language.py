"""An article in a language the geoparser does not read is said so, in every output, never
answered silently with nothing (issue 22)."""

from __future__ import annotations

import json

import pytest

import osint
from osint import cli
from osint.errors import LanguageWarning
from osint.language import detect, foreign_stretches

SAMPLES = {
    "ko": ("북한이 평안북도 동창리 서해위성발사장에서 발사 준비를 하는 모습이 위성사진에 "
           "포착됐다고 38노스가 밝혔다."),
    "ru": "Спутниковые снимки Planet Labs показали пожар на аэродроме под Курском, сообщил аналитик.",
    "uk": "Супутникові знімки показали пошкодження ангарів на аеродромі в Криму, повідомили журналісти.",
    "ja": "衛星画像によると、北朝鮮の東倉里にある発射場で新たな建設が確認された。",
    "ar": "أظهرت صور الأقمار الصناعية أضرارا في القاعدة الجوية قرب دمشق بحسب محللين.",
    "fr": "Les images satellites montrent des dégâts importants sur la base aérienne, selon les analystes.",
    "en": "Satellite images showed damage at the air base near Damascus, analysts said on Tuesday.",
}


@pytest.mark.parametrize("code", SAMPLES)
def test_the_language_is_told_by_its_script_and_words(code):
    assert detect(SAMPLES[code]).code == code


def test_a_sidecar_language_wins():
    assert detect(SAMPLES["en"], declared="de").code == "de"


@pytest.mark.parametrize("code", ["ja", "ar", "ko", "ru"])
def test_an_unread_language_warns_and_every_output_says_so(code, tmp_path, capsys):
    with pytest.warns(LanguageWarning, match="does not read place names"):
        case = osint.analyze(SAMPLES[code])
        case.places  # noqa: B018
    assert case.notes and not case.language.read
    art = tmp_path / "a.txt"
    art.write_text(SAMPLES[code], encoding="utf-8")
    assert cli.main(["geoparse", str(art)]) == 0
    err = capsys.readouterr().err
    assert "osint: warning:" in err and case.language.name in err
    assert cli.main(["crossref", str(art), "--format", "json", "-o", str(tmp_path / "x.json")]) == 0
    assert json.loads((tmp_path / "x.json").read_text("utf-8"))["notes"] == case.notes
    assert cli.main(["map", str(art), "-o", str(tmp_path / "m.html")]) == 0
    assert case.language.name in (tmp_path / "m.html").read_text("utf-8")


def test_an_english_article_counts_what_it_quotes_in_other_scripts():
    text = "Officials met in Pyongyang (평양) and flew on to Moscow (Москва) on Monday."
    assert [s for _, _, s in foreign_stretches(text, "Latin")] == ["Hangul", "Cyrillic"]
    case = osint.analyze(text, warn=lambda _m: None)
    assert case.language.code == "en" and "2 stretches in Cyrillic, Hangul" in case.notes[0]
    assert set(case.places["name"]) == {"Pyongyang", "Moscow"}


def test_english_is_said_nothing_about():
    case = osint.analyze(SAMPLES["en"])
    assert case.notes == [] and case.language.read
