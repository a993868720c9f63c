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


@pytest.mark.parametrize("code", ["ja", "ar"])
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


@pytest.mark.parametrize("code", ["ko", "ru", "uk"])
def test_korean_russian_and_ukrainian_are_read(code, recwarn):
    case = osint.analyze(SAMPLES[code])
    assert case.language.read and case.notes == []
    assert len(case.places) and not [w for w in recwarn if issubclass(w.category, LanguageWarning)]


def test_russian_without_its_dictionaries_says_what_to_install(monkeypatch):
    from osint import language

    monkeypatch.setattr(language, "read_languages", lambda: frozenset({"en", "ko"}))
    lang = detect(SAMPLES["ru"])
    assert not lang.read and "'languages' extra" in lang.note()


def test_an_english_article_counts_what_it_quotes_in_scripts_it_does_not_read():
    text = "Officials met in Pyongyang (평양), flew on to Moscow (Москва) and to Tokyo (東京) on Monday."
    assert [s for _, _, s in foreign_stretches(text, "Latin")] == ["Hangul", "Cyrillic", "Han"]
    case = osint.analyze(text, warn=lambda _m: None)
    assert case.language.code == "en" and "1 stretch in Han" in case.notes[0]
    assert set(case.places["name"]) == {"Pyongyang", "Moscow", "Tokyo"}


def test_english_is_said_nothing_about():
    case = osint.analyze(SAMPLES["en"])
    assert case.notes == [] and case.language.read


def test_a_stretch_in_another_script_keeps_its_vowel_signs_and_the_note_counts_it_right():
    import warnings

    import osint
    from osint.language import foreign_stretches

    text = ("Airstrikes hit the village of Nyaung Hla (ညောင်လှရွာ) in Sagaing Region, Myanmar, on Monday, "
            "witnesses said, and the army denied it as people fled north to Kachin State and Mandalay.")
    assert [text[a:b] for a, b, _ in foreign_stretches(text, "Latin")] == ["ညောင်လှရွာ"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert osint.analyze(text).places is not None
    notes = [str(w.message) for w in caught if "stretch" in str(w.message)]
    assert notes and notes[0].startswith("1 stretch in another script") and "was not read" in notes[0]


def test_a_han_gloss_read_as_a_place_is_not_counted_as_unread():
    # "南沙群岛" glosses the Spratlys' Korean name and is read with it; "美济礁" alone is not read.
    read = "중국이 난사군도(南沙群岛)에 인공섬을 건설했다고 밝혔다."
    case = osint.analyze(osint.Article(id="k", text=read, language="ko"), warn=lambda _m: None)
    assert case.notes == []
    more = osint.Article(id="k", text=read + " 美济礁에서도", language="ko")
    case = osint.analyze(more, warn=lambda _m: None)
    assert len(case.notes) == 1 and case.notes[0].startswith("1 stretch in Han script (first: '美济礁')")
