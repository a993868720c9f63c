"""Korean, Russian and Ukrainian place names, and native names quoted in English (issue 22)."""

from __future__ import annotations

import pytest

import osint
from osint.case import place_text
from osint.gazetteer import load_gazetteer
from osint.places.native import cyrillic_mentions, korean_mentions, romanise


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def _placed(text: str, gaz) -> list[tuple[str, str]]:
    return [(p.mention.text, p.entry.name) for p in place_text(text, gaz) if p.entry is not None]


def test_korean_names_end_at_their_particles(gaz):
    got = _placed("북한은 평양에서 발표했다. 동해상으로 발사했다.", gaz)
    assert got == [("북한", "North Korea"), ("평양", "Pyongyang"), ("동해", "Sea of Japan")]


def test_korean_feature_words_and_facility_compounds_keep_the_place(gaz):
    got = {m.text: m.key for m in korean_mentions("함경북도 길주군 신포조선소 남포항에서", gaz)}
    assert set(got) == {"함경북도", "길주군", "신포조선소", "남포항"}


def test_korean_words_that_only_begin_with_a_name_are_no_places(gaz):
    # "미국의소리" (Voice of America), "지난 4월" ("last April"; 지난 is also Jinan, China),
    # "고려항공" (Air Koryo), "38노스" (38 North)
    assert korean_mentions("미국의소리 지난 4월 고려항공 38노스", gaz) == []


def test_hanja_abbreviations_of_headlines(gaz):
    assert _placed("北, 잠수함 건조", gaz) == [("北", "North Korea")]


def test_russian_adjective_and_noun_are_read_together(gaz):
    got = _placed("Беспилотник упал в Брянской области, под Курском горел склад.", gaz)
    assert got == [("Брянской области", "Bryansk Oblast"), ("Курском", "Kursk")]


def test_ukrainian_lemmas_common_names_and_lower_case_countries(gaz):
    got = _placed("Обстріл на Харківщині: у Кременчуці пошкоджено міст, заявили в росії.", gaz)
    assert got == [("Харківщині", "Kharkiv"), ("Кременчуці", "Kremenchuk"), ("росії", "Russia")]


def test_a_place_in_an_organisations_name_is_no_place(gaz):
    assert cyrillic_mentions("Про це повідомила Служба безпеки України.", gaz) == []
    assert [m.text for m in cyrillic_mentions("Мэр Оренбурга Сергей Салмин сообщил", gaz)] == ["Оренбурга"]


def test_a_sentence_opening_word_is_a_word(gaz):
    # "Мир" is a village's name too; opening a sentence it is the noun "peace, world".
    assert cyrillic_mentions("Мир изменился.", gaz) == []


def test_names_geonames_holds_only_romanised():
    assert romanise("климовский район", "ru") == "klimovskiy rayon"
    assert romanise("ізюмський район", "uk") == "iziumskyi raion"


def test_an_english_article_places_the_names_it_quotes(gaz):
    text = 'KCNA said the launch at "서해위성발사장" was watched from "Пхеньян" by officials.'
    assert {n for _, n in _placed(text, gaz)} == {"Sohae Satellite Launching Station", "Pyongyang"}


def test_the_output_row_keeps_the_spelling_and_adds_the_english_name():
    df = osint.analyze("Взрыв произошёл в Брянской области.").places
    assert df[["text", "name"]].values.tolist() == [["Брянской области", "Bryansk Oblast"]]


def test_a_district_is_placed_at_the_town_it_is_named_after(gaz):
    got = _placed("Пожар произошёл в Темрюкском районе Краснодарского края.", gaz)
    assert got[0] == ("Темрюкском районе", "Temryuk")


def test_plural_and_region_nouns_agree(gaz):
    assert [m.key for m in cyrillic_mentions("на Курильских островах", gaz)] == ["курильские острова"]
    got = cyrillic_mentions("по Калінінградському регіону", gaz)
    assert [m.key for m in got] == ["калінінградська область"]


def test_a_ukrainian_name_of_a_russian_town_through_its_russian_spelling(gaz):
    got = _placed("Вибухи лунали у Приморсько-Ахтарську, повідомили в Краснодарському краї.", gaz)
    assert got[0] == ("Приморсько-Ахтарську", "Primorsko-Akhtarsk")


def test_a_quoted_name_after_a_site_noun_is_that_site(gaz):
    got = _placed("Дрони атакували порт “Кавказ” та аеропорт «Керчь».", gaz)
    assert [n for _, n in got] == ["Port Kavkaz", "Kerch Airport"]


def test_ships_fleets_and_function_words_are_no_places(gaz):
    text = "Крім цього, у доці стоїть БДК “Мінськ” Чорноморського флоту."
    assert cyrillic_mentions(text, gaz) == []


def test_a_countrys_army_or_agency_in_korean_is_no_place_but_a_county_stays_one():
    from osint.gazetteer import load_gazetteer
    from osint.places.native import korean_mentions

    g = load_gazetteer()
    assert [m.text for m in korean_mentions("러시아군이 하르키우를 공격했다.", g)] == ["하르키우"]
    assert [m.text for m in korean_mentions("우크라이나 해군은 작전했다. 북한 인민군도.", g)] == []
    # A country's name alone, or before a particle, is still the country.
    got = [m.text for m in korean_mentions("러시아는 우크라이나에서 철수했다.", g)]
    assert got == ["러시아", "우크라이나"]
    # "군" after a county's name is the county ("길주군").
    assert [m.text for m in korean_mentions("길주군에서 핵실험이 있었다.", g)] == ["길주군"]


def test_a_refinery_named_by_its_towns_adjective_is_placed_at_the_town():
    import osint

    got = {p.mention.text: p.entry.name for p in osint.geoparse_places(
        "Дрони атакували Саратовський НПЗ. Пожежа на Саратовському НПЗ тривала до ранку.") if p.entry}
    assert got == {"Саратовський НПЗ": "Saratov", "Саратовському НПЗ": "Saratov"}
    # A town bearing the adjective's own name ("Ильский").
    got = {p.mention.text: p.entry.name for p in osint.geoparse_places(
        "В Краснодарском крае пожар на территории Ильского нефтеперерабатывающего завода потушен.")
        if p.entry}
    assert got["Ильского нефтеперерабатывающего"] == "Il’skiy"


@pytest.mark.parametrize(("text", "want"), [
    ("블라디미르 푸틴 러시아 대통령은 말했다.", [("러시아", "Russia")]),      # Putin's given name
    ("블라디미르에서 폭발이 있었다.", [("블라디미르", "Vladimir")]),          # the city
    ("러시아 흑해함대가 출항했다.", []),                                      # the Black Sea Fleet
    ("일본 방위성은 발표했다.", []),                                          # Japan's defence ministry
    ("중국 인민해방군은 훈련했다.", []),                                      # the PLA
    ("이란 혁명수비대는 밝혔다.", []),                                        # the IRGC
])
def test_korean_given_names_and_compound_bodies_are_no_places(gaz, text, want):
    assert _placed(text, gaz) == want


@pytest.mark.parametrize(("text", "want"), [
    ("Президент России Владимир Путин заявил.", [("России", "Russia")]),   # a given name, not Vladimir
    ("Взрыв во Владимире.", [("Владимире", "Vladimir")]),                 # the city
    ("МИД Китая заявил.", []),                                            # China's foreign ministry
    ("Госдеп США заявил.", []),                                           # the State Department
    ("Эхо Москвы сообщило.", []),                                         # an outlet
    ("Правительство Белгородской области сообщило.", []),                 # the region's government
    ("голова Харківської ОДА заявив.", []),                               # a regional administration
    ("РБК-Україна повідомило.", []),                                      # an outlet, whatever its part names
    ("ВПС Австралії повідомили.", []),                                    # an air force
    ("лагеря войск России укомплектованы", [("России", "Russia")]),       # Russia's troops: Russia acts
    ("два судна, Lady Augusta (Ямайка) та Tzarevna (Мальта)", [("Ямайка", "Jamaica"), ("Мальта", "Malta")]),
])
def test_cyrillic_given_names_and_abbreviated_bodies_are_no_places(gaz, text, want):
    pytest.importorskip("pymorphy3")
    assert _placed(text, gaz) == want


@pytest.mark.parametrize(("text", "want"), [
    # GeoNames holds these in Latin letters only: the Hangul is romanised and compared with
    # voicing, r/l and eo/ŏ folded ("삼지연" samjiyeon is Samjiyŏn)
    ("북한은 삼지연비행장에서 발표했다.", [("북한", "North Korea"), ("삼지연비행장", "Samjiyon Airport")]),
    ("김정은 위원장이 강계를 방문했다.", [("강계", "Kanggye")]),
    ("정부는 발표했다. 미사일 발사를 규탄했다.", []),              # common words stay words
    ("대포동 1호를 발사했다.", []),                               # a missile named after its site
])
def test_korean_names_of_korean_places_are_read_through_their_romanisation(gaz, text, want):
    assert _placed(text, gaz) == want


def test_a_preposition_ends_a_bodys_name(gaz):
    pytest.importorskip("pymorphy3")
    got = _placed("Последствия удара ВСУ по порту «Кавказ» зафиксировали.", gaz)
    assert [name for _, name in got] == ["Port Kavkaz"]


@pytest.mark.parametrize(("text", "want"), [
    # Korean names of the wars' places GeoNames lacks (data/native_names.csv, NIKL's 2022 spellings)
    ("러시아군이 키이우와 자포리자를 공습했고 크림반도에서 미사일을 쐈다.",
     [("키이우", "Kyiv"), ("자포리자", "Zaporizhzhya"), ("크림반도", "Crimea")]),
    ("이스라엘군이 칸유니스와 제닌에서 작전을 벌였다.", [("칸유니스", "Khān Yūnis"), ("제닌", "Janīn")]),
    ("이란이 호르무즈해협을 봉쇄했다.", [("이란", "Iran"), ("호르무즈해협", "Strait of Hormuz")]),
    # the South China Sea, its island groups and the Korean Peninsula
    ("남중국해의 스프래틀리군도와 파라셀군도",
     [("남중국해", "South China Sea"), ("스프래틀리군도", "Spratly Islands"),
      ("파라셀군도", "Paracel Islands")]),
    ("한반도 정세", [("한반도", "Korean Peninsula")]),
])
def test_cited_korean_names_of_the_wars_places(gaz, text, want):
    assert _placed(text, gaz) == want


@pytest.mark.parametrize(("text", "want"), [
    # Russian names of Japan's prefectures, Ukrainian names of Gaza's places (data/native_names.csv)
    ("Землетрясение произошло у берегов Хоккайдо, в префектуре Мияги объявили тревогу.",
     [("Хоккайдо", "Hokkaido"), ("Мияги", "Miyagi")]),
    ("Ізраїль завдав удару по Хан-Юнісу в Секторі Гази.",
     [("Ізраїль", "Israel"), ("Хан-Юнісу", "Khān Yūnis"), ("Секторі Гази", "Gaza Strip")]),
])
def test_cited_cyrillic_names_of_prefectures_and_gazas_places(gaz, text, want):
    pytest.importorskip("pymorphy3")
    assert _placed(text, gaz) == want


def test_hangul_and_latin_spellings_of_a_foreign_name_sound_alike():
    from osint.places.native import hangul_sounds, latin_sounds

    for hangul, latin in [("예르스크", "Yel'sk"), ("추후이브", "Chuhuiv"), ("하르키우", "Kharkiv"),
                          ("코이니키", "Khoyniki"), ("이스파한", "Isfahan"), ("자포리자", "Zaporizhzhia")]:
        assert hangul_sounds(hangul) in latin_sounds(latin), (hangul, latin)
    # Voicing tells a Korean word from a foreign town that sounds like it.
    assert hangul_sounds("감도는") not in latin_sounds("Camden")
    assert hangul_sounds("그을린") not in latin_sounds("Klin")


def test_a_foreign_town_in_hangul_is_read_with_a_cue_in_a_country_the_article_names(gaz):
    got = _placed("벨라루스 코이니키에서 헬기가 대기했다. 코이니키는 국경에 가깝다.", gaz)
    assert got == [("벨라루스", "Belarus"), ("코이니키", "Khoyniki"), ("코이니키", "Khoyniki")]
    # Without a cue (a place's name before it, a place's word after it) the word stays a word.
    assert [m.text for m in korean_mentions("벨라루스는 코이니키를 말했다.", gaz)] == ["벨라루스"]
    # Without the country named, nothing is read.
    assert korean_mentions("코이니키 지역에서", gaz) == []


def test_a_site_word_after_a_name_in_hangul_reads_the_site(gaz):
    text = "러시아가 도네츠크 공항에 발사장을 지었다. 이란의 아라크 중수로"
    got = {m.text: m.key for m in korean_mentions(text, gaz)}
    assert got["도네츠크 공항"] == "donetsk airport"
    assert got["아라크 중수로"] == "arak heavy water reactor"


def test_a_name_after_a_rivers_bank_is_the_river(gaz):
    text = "Войска окопались на левом берегу Днепра."
    got = [(p.mention.text, p.entry.feature) for p in place_text(text, gaz)]
    assert got == [("Днепра", "river")]
    got = [(p.mention.text, p.entry.feature) for p in place_text("Укріплення на лівому березі Дніпра.", gaz)]
    assert got == [("Дніпра", "river")]
    # Without the bank, the city.
    assert [p.entry.feature for p in place_text("Взрыв прогремел в Днепре.", gaz)] == ["city"]


def test_a_russian_adjective_name_romanised_with_another_ending(gaz):
    from osint.places.native import _ending_spellings

    assert "zmeiny island" in _ending_spellings("zmeinyy island")
    assert _ending_spellings("kursk") == ["kursk"]
    got = [(p.mention.text, p.entry.name) for p in place_text("Удары по острову Змеиный продолжились.", gaz)]
    assert got == [("острову Змеиный", "Snake Island")]


def test_the_bare_adjective_of_a_site_named_elsewhere_is_that_site(gaz):
    text = "Спутники снимали Змеиного заранее. Удар по острову Змеиный нанесли утром."
    assert [(p.mention.text, p.entry.name) for p in place_text(text, gaz)] == [
        ("Змеиного", "Snake Island"), ("острову Змеиный", "Snake Island")]
    # Without the site named with its noun, the adjective is a word.
    assert place_text("Спутники снимали Змеиного заранее.", gaz) == []


def test_a_body_named_between_a_country_and_its_head_in_korean_is_no_place(gaz):
    assert korean_mentions("우크라이나 사이버보로슈노 정보기관에 따르면", gaz) == []
    # A place between them keeps the country ("러시아 모스크바 센터" is no body of Russia's).
    assert [m.text for m in korean_mentions("우크라이나 동부 지역에서", gaz)] == ["우크라이나"]


def test_a_capitalised_noun_inside_a_sentence_opens_a_name_that_ends_in_the_place(gaz):
    assert cyrillic_mentions("Про це передають Патріоти України з посиланням на CNN.", gaz) == []
    # A region's noun, a place's name or a sentence's first word before it opens no name.
    assert [m.text for m in cyrillic_mentions("Бої на Сході України тривають.", gaz)][-1] == "України"
    assert [m.text for m in cyrillic_mentions("в анексованому Росією Криму", gaz)] == ["Росією", "Криму"]
    assert [m.text for m in cyrillic_mentions("Жители Киева вышли.", gaz)] == ["Киева"]


def test_a_ukrainian_text_reads_a_russian_site_by_its_russian_romanisation(gaz):
    got = [(p.mention.text, p.entry.name) for p in place_text("Дрони атакували аеродром Кряж.", gaz)]
    assert got == [("аеродром Кряж", "Samara Kryazh Air Base")]


def test_a_ukrainian_i_in_a_closed_syllable_is_a_russian_o_or_e(gaz):
    from osint.places.native import russian_spellings

    assert "куйбышев" in russian_spellings("куйбишів")
    assert "зябровка" in russian_spellings("зябрівка")
    got = [(p.mention.text, p.entry.name) for p in place_text("Пожежа на Куйбишівському НПЗ.", gaz)]
    assert got == [("Куйбишівському НПЗ", "Samara")]


def test_a_foreign_towns_case_form_the_dictionary_guesses_as_feminine(gaz):
    assert [(p.mention.text, p.entry.name) for p in place_text("Спутник снял объект в Натанзе.", gaz)] == [
        ("Натанзе", "Naţanz")]


@pytest.mark.parametrize("text, want", [
    ("동유럽 국가에 군대를 증파했다.", [("동유럽", "Eastern Europe")]),
    ("중앙아시아와 아프리카", [("중앙아시아", "Central Asia"), ("아프리카", "Africa")]),
    ("Учения прошли в Восточной Европе.", [("Восточной Европе", "Eastern Europe")]),
    ("Судна з Північної Америки.", [("Північної Америки", "North America")]),
])
def test_cldr_names_of_the_worlds_regions(gaz, text, want):
    assert _placed(text, gaz) == want


def test_a_place_before_a_bodys_name_in_the_genitive_is_part_of_a_title(gaz):
    text = "Как сообщил директор программы в Восточной Азии Института международных исследований Льюис."
    assert _placed(text, gaz) == []
    text = "Учения прошли в Восточной Азии. Институт сообщил."
    assert _placed(text, gaz) == [("Восточной Азии", "Eastern Asia")]


def test_a_foreign_islands_name_with_its_korean_or_chinese_feature_word(gaz):
    got = {m.text: m.key for m in korean_mentions("중국 난사군도의 융수다오에는 레이더가 있다.", gaz)}
    assert got["난사군도"] == "nansha islands" and got["융수다오"] == "yongshu jiao"
    # Without a country named, no foreign name is read.
    assert korean_mentions("난사군도의 융수다오", gaz) == []


def test_a_han_gloss_in_parentheses_after_a_name_is_the_same_place(gaz):
    got = [(m.text, m.key) for m in korean_mentions("북한 평양(平壤)에서, 봉황망(凤凰网)은", gaz)]
    assert ("平壤", got[1][1]) in got and got[1][0] == "평양"
    assert all(t != "凤凰网" for t, _ in got)  # a gloss after no place is read as nothing


def test_a_korean_place_in_kontsevichs_cyrillic_in_a_text_that_names_a_korea(gaz):
    text = "Северная Корея готова возобновить испытания на полигоне «Сохэ»."
    want = [("Северная Корея", "North Korea"), ("Сохэ", "Sohae Satellite Launching Station")]
    assert _placed(text, gaz) == want
    assert _placed("Испытания на полигоне «Сохэ».", gaz) == []  # no Korea named: not read


def test_a_quoted_name_after_a_site_noun_and_its_genitives_is_that_site(gaz):
    text = 'Завод стоїть поряд з авіабазою стратегічної авіації "Енгельс", де стоять літаки.'
    assert _placed(text, gaz) == [("Енгельс", "Engels Airbase")]
    # Without a site's noun before the genitives, the town.
    assert _placed('Завод біля міста стратегічної авіації "Енгельс".', gaz) == [("Енгельс", "Engels")]


def test_names_listed_after_a_division_noun_are_divisions(gaz):
    text = "Толчки ощущались в префектурах Аомори, Фукусима и Ибараки."
    assert [(p.mention.text, p.entry.feature) for p in place_text(text, gaz)] == [
        ("Аомори", "admin1"), ("Фукусима", "admin1"), ("Ибараки", "admin1")]
    assert [p.entry.feature for p in place_text("Толчки ощущались в Ибараки.", gaz)] == ["city"]


def test_the_former_official_korean_spelling_of_belarus(gaz):
    assert _placed("러시아와 벨로루시는 훈련을 했다.", gaz) == [("러시아", "Russia"), ("벨로루시", "Belarus")]


def test_a_plant_named_after_its_town_is_the_plant_the_gazetteer_holds(gaz):
    got = [(p.mention.text, p.entry.feature) for p in place_text("Взорван мост к дамбе Каховской ГЭС.", gaz)]
    assert got == [("Каховской ГЭС", "energy_site")]
    # under another spelling of the town's name, within reach of the town
    got = [(p.mention.text, p.entry.feature) for p in place_text("Удар по Запорожской АЭС.", gaz)]
    assert got == [("Запорожской АЭС", "nuclear_site")]
    # a district stays at its centre
    assert [p.entry.feature for p in place_text("Пожар в Темрюкском районе.", gaz)] == ["city"]


def test_a_latin_name_with_a_cyrillic_country_in_parentheses_is_a_flagged_ship(gaz):
    text = "Біля причалів стоять судна Azburg (Домініка) та Azov Concord (Мальта)."
    assert _placed(text, gaz) == [("Домініка", "Dominica"), ("Мальта", "Malta")]
    # in English, a country in parentheses after a town changes nothing
    assert ("Azov", "Azov") in _placed("Ships left Azov (Russia) at dawn.", gaz)


def _korean(text: str) -> list[tuple[str, str | None]]:
    return [(p.mention.text, p.entry.name if p.entry else None) for p in osint.geoparse_places(text)]


def test_a_word_before_a_numbered_vehicles_counter_is_its_name():
    # "아리랑 3호" is the Arirang-3 satellite (아리 + the particle 랑 would be Ağrı, Turkey).
    assert _korean("아리랑 3호가 촬영한 위성사진이 공개됐다.") == []
    assert _korean("평양에서 1호 공장을 찾았다.") == [("평양", "Pyongyang")]


def test_a_site_named_in_two_or_three_words_is_read_whole():
    tonghae, sohae = "Tonghae Satellite Launching Ground", "Sohae Satellite Launching Station"
    assert _korean("북한이 동해 발사장에서 미사일을 쐈다.")[-1] == ("동해 발사장", tonghae)
    assert _korean("광명성 4호를 쏜 서해 위성 발사장") == [("서해 위성 발사장", sohae)]
    assert _korean("동해 상에서 훈련했다.") == [("동해", "Sea of Japan")]


@pytest.mark.parametrize(("text", "name"), [
    ("Корабли ушли в Средиземное море.", "Mediterranean Sea"),
    ("Удари по портах на Дунаї тривали.", "Danube"),
    ("러시아 함대가 카스피해에서 훈련했다.", "Caspian Sea"),
    ("ВСУ форсировали Северский Донец.", "Seversky Donets River"),
])
def test_seas_and_rivers_by_their_russian_ukrainian_and_korean_names(text, name):
    assert name in [p.entry.name for p in osint.geoparse_places(text) if p.entry]


def test_the_korean_press_han_abbreviations_of_countries():
    assert _korean("北, 동창리 발사장 위성사진 공개")[0] == ("北", "North Korea")
    assert _korean("中 남해에서 인공섬 건설")[0] == ("中", "China")
    # Inside a Han word or a date, the character is no country.
    assert _korean("7月4日の会議") == []


def test_a_place_after_a_russian_forces_abbreviation_is_inside_their_name():
    assert [m for m, _ in _korean("Корабли ВМФ России покинули Тартус.")] == ["Тартус"]
    assert [m for m, _ in _korean("ВС России отступили из Херсона.")] == ["Херсона"]


def test_a_russian_final_v_may_be_spelled_with_p_in_hangul():
    text = "러시아군이 우크라이나 하르키우 인근 추구예프 공군기지를 공격했다."
    assert ("추구예프", "Chuhuyiv") in _korean(text)


def test_a_cyrillic_abbreviation_is_no_village_abroad_and_a_bridge_is_at_its_town():
    from osint.gazetteer import load_gazetteer
    from osint.places.native import cyrillic_mentions

    assert _korean("Вчора Каховська ГЕС зруйнована.") == []  # "ГЕС" is no village "Гес" (Gees, NL)
    assert [m for m, _ in _korean("США и РФ договорились.")] == ["США", "РФ"]
    found = cyrillic_mentions("Обстріл Чонгарського мосту тривав.", load_gazetteer())
    assert found and found[0].text == "Чонгарського мосту"
    assert {load_gazetteer().entry(e).name for e in found[0].candidates} == {"Chonhar"}


def test_the_word_after_an_outlets_noun_is_the_outlets_name():
    assert _korean("Об этом сообщило Радио Свобода.") == []
    assert ("Белгороду", "Belgorod") in _korean("Как пишет газета Известия, удар пришелся по Белгороду.")


def test_a_lower_case_word_names_a_country_only_when_it_is_no_other_word(gaz):
    # "того" is 'that' as well as Togo, "малі" 'small' as well as Mali, "кубе" 'cube' as well as Cuba;
    # "росії" is only Russia and "білорусі" Belarus or 'a Belarusian' (a person: the country's people).
    got = [m.text for m in cyrillic_mentions("Крім того, два малі кораблі в росії та білорусі.", gaz)]
    assert got == ["росії", "білорусі"]
    assert [m.text for m in cyrillic_mentions("после того, как в кубе", gaz)] == []
    assert [m.text for m in cyrillic_mentions("Послы Того и Мали.", gaz)] == ["Того", "Мали"]


def test_an_adjective_of_a_place_alone_names_no_place(gaz):
    # "Украинский" (Ukrainian) is no village "Novoukrainskiy" by its romanisation; with its noun
    # the adjective names a division ("Брянской области").
    assert cyrillic_mentions("Украинский канал сообщил о взрыве.", gaz) == []
    assert [m.key for m in cyrillic_mentions("Взрыв в Брянской области.", gaz)] == ["брянская область"]


def test_a_name_that_is_a_common_korean_word_needs_a_cue(gaz):
    # "지도" ('map') is the village Jido and "통신" ('communications') the village Tongjin: Kiwi's
    # dictionary knows both as common nouns (data/korean_common_words.csv).
    assert [m.text for m in korean_mentions("지도를 보면 통신이 끊긴 평양", gaz)] == ["평양"]
    # A place before it, or a feature word in it, is the cue; a large Korean town needs none.
    assert [m.text for m in korean_mentions("평안북도 구성에서 발사했다.", gaz)] == ["평안북도", "구성"]
    assert [m.text for m in korean_mentions("새 구성으로 바꿨다.", gaz)] == []
    assert [m.text for m in korean_mentions("개성에서 회담이 열렸다.", gaz)] == ["개성"]


def test_the_korean_common_words_are_the_dictionarys_with_their_source():
    import csv

    from osint.paths import data_file

    with open(data_file("korean_common_words.csv"), encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {"지도", "통신"} <= {r["word"] for r in rows}
    assert all(r["source"].startswith("Kiwi dictionary") and r["tag"] != "NNP" for r in rows)


def test_a_countrys_name_before_a_weapon_or_a_noun_is_the_country(gaz):
    # A missile is named after its site ("대포동 미사일"), never after a country ("북한 미사일":
    # North Korea's missile); a country's Han abbreviation heads a Hangul noun ("北미사일").
    assert _placed("북한 미사일 발사", gaz) == [("북한", "North Korea")]
    assert _placed("北미사일 발사", gaz) == [("北", "North Korea")]
    assert _placed("대포동 미사일 발사", gaz) == []
    # ... unless the noun heads a body ("美국무부": the State Department), and 北京 is Beijing.
    assert _placed("美국무부는 밝혔다", gaz) == []
    assert ("北", "North Korea") not in _placed("北京에서", gaz)


@pytest.mark.parametrize("text, name", [
    ("Бои в Донбассе продолжаются.", "Donbas"),
    ("Бої на Донбасі тривають.", "Donbas"),
    ("돈바스 지역에서 교전이 이어졌다.", "Donbas"),
    ("Десант высадился на Кинбурнской косе.", "Kinburn Spit"),
    ("Корабли вошли в Таганрогский залив.", "Taganrog Bay"),
    ("Учения прошли на Северном Кавказе.", "North Caucasus"),
])
def test_regions_of_the_war_by_their_russian_ukrainian_and_korean_names(gaz, text, name):
    assert name in [n for _, n in _placed(text, gaz)]


def test_a_country_before_an_institutions_sino_korean_suffix_is_inside_its_name(gaz):
    # 局, 部, 廳, 處, 院, 省: "보안국" (security service), "비상사태부" (emergencies ministry)
    assert _placed("우크라이나 보안국(SBU)은 밝혔다.", gaz) == []
    assert _placed("러시아 비상사태부는 밝혔다.", gaz) == []
    # Two syllables are no body's: "러시아 내부에서" is inside Russia.
    assert _placed("러시아 내부에서 폭발이 있었다.", gaz) == [("러시아", "Russia")]


def test_a_seat_of_government_that_speaks_is_its_government(gaz):
    assert _placed("Кремль заявил о переговорах.", gaz) == []
    assert _placed("Пресс-секретарь Кремля Дмитрий Песков сообщил.", gaz) == []
    assert _placed("Встреча прошла в Кремле.", gaz) == [("Кремле", "the Kremlin")]


def test_a_country_after_an_organisations_own_name_is_inside_it(gaz):
    # pymorphy3 tags "Газпром", "Роскосмос" as organisations' names (Orgn).
    assert _placed("Газпром России заявил о поставках.", gaz) == []
    assert _placed("Роскосмос России сообщил о запуске.", gaz) == []
    assert _placed("Территория России подверглась ударам.", gaz) == [("России", "Russia")]


def test_korean_names_of_north_korean_towns_from_the_dictionary(gaz):
    # GeoNames holds Yŏngbyŏn and Chongjin only romanised; Kiwi's dictionary knows 영변 and 청진
    # as proper nouns whose romanisations they are (data/native_names_kiwi.csv).
    assert ("영변", "Yŏngbyŏn") in _placed("영변에서 새 건물이 포착됐다.", gaz)
    assert [n for _, n in _placed("청진에서 발사했다.", gaz)] in (["Chongjin"], ["Ch'ongjin"])


def test_a_facility_compound_is_the_site_not_the_town(gaz):
    got = _placed("삼지연비행장에 수송기가 착륙했다.", gaz)
    assert len(got) == 1 and got[0][0] == "삼지연비행장" and "Airport" in got[0][1]


def test_a_number_joined_to_a_korean_word_makes_it_a_designation(gaz):
    assert _placed("코로나19 방역", gaz) == []
    # A date run into a name is no designation.
    assert [m for m, _ in _placed("벨라루스 예르스크2월 4일 위성사진", gaz)] == ["벨라루스", "예르스크"]


def test_north_korean_names_in_the_souths_spelling(gaz):
    # The gazetteer holds the North's 라선 and 녕변; the South writes 나선 and 영변 (initial sound rule).
    from osint.places.native import initial_sound_rule

    south = [initial_sound_rule(w) for w in ("라선", "룡강", "녕변", "평양")]
    assert south == ["나선", "용강", "영변", "평양"]
    assert _placed("나선에서 발사", gaz) == [("나선", "Rason")]
    got = [n for _, n in _placed("영변원자력연구소에서", gaz)]
    assert got == ["Yongbyon Nuclear Scientific Research Center"]


@pytest.mark.parametrize("text", [
    "Батальон «Азов» заявил.", "Полк «Днепр-1» отступил.", "Добровольческий корпус «Россия» заявил.",
    "Легион «Свобода России» заявил.", "Телеканал «Київ» показав.", "Фрегат «Адмирал Эссен» вышел в море.",
    "Сбита система «Тор».",
])
def test_a_quoted_name_after_a_units_outlets_ships_or_weapons_noun_is_its_name(gaz, text):
    assert _placed(text, gaz) == []


def test_a_quoted_name_after_a_sites_noun_is_still_the_site(gaz):
    got = [n for _, n in _placed("Удар по аэродрому «Мигалово» в Твери.", gaz)]
    assert got == ["Migalovo Air Base", "Tver"]
    assert [n for _, n in _placed("Удар по авиабазе «Энгельс».", gaz)] == ["Engels Airbase"]


def test_a_hyphened_number_after_a_korean_word_makes_it_a_designation(gaz):
    assert _placed("화성-17형 발사", gaz) == []


def test_a_foreign_town_joined_by_and_to_a_place_is_cued(gaz):
    got = _placed("우크라이나 동부 바흐무트와 토레츠크에서 교전이 이어졌다.", gaz)
    assert ("토레츠크", "Toretsk") in got


def test_a_one_syllable_gap_before_a_facility_word_ends_a_longer_name(gaz):
    # "타르투스항" is Tartus's port, not Tartu (Estonia) and "스항"; "어랑천비행장" keeps its stream.
    got = [n for _, n in _placed("시리아 타르투스항에서 러시아 함정이 떠났다.", gaz)]
    assert got[:2] == ["Syria", "Ţarţūs"]
    assert [m for m, _ in _placed("어랑천비행장에서", gaz)] == ["어랑천비행장"]
