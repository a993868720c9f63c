"""The words the rules read, in one vocabulary shared by every module.

The place extractor, the people finder and the claims finder all ask the same
questions of the words around a name: is this a title ("Mayor"), an
organisation word ("Institute"), a reporting verb ("said")? They answer from
the sets here, so that "Mayor John Smith" is John Smith for all of them.
Everything is lower case; a rule folds a word before it looks it up.
"""

from __future__ import annotations

import calendar


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


#: Speech verbs: "Lukin said" makes Lukin a speaker (the place extractor and the people
#: finder read these; a word before one is a person, not a town).
SPEECH_VERBS = _words(
    "said says told added stated wrote noted explained argued asked replied claimed warned insisted "
    "believes believed thinks thought recalled"
)
#: Every verb that attributes a statement in the claims finder: the speech verbs of
#: reports and estimates, in their tenses ("said", "says", "estimated", "pointed out").
REPORTING_VERBS = _words(
    "said says say added adds stated states told tells noted notes explained explains argued argues wrote "
    "writes warned warns claimed claims suggested suggests reported reports estimated observed observes "
    "announced insisted concluded acknowledged"
) | {"pointed out"}

#: Titles and roles that stand before a name ("Defence Minister Kang Sun Nam", "Mayor
#: John Smith", "analyst Dave Schmerler"); they are stripped from the name and kept apart.
TITLES = _words(
    "mr mrs ms dr prof professor president vice prime minister defence defense foreign secretary general "
    "gen ambassador leader chairman chairwoman spokesman spokeswoman spokesperson premier king queen prince "
    "senator governor mayor chief deputy supreme colonel lieutenant commander marshal admiral sir lord "
    "state national security adviser advisor official analyst researcher director"
)

#: Words that end the name of an event ("Korean War", "Victory Day").
EVENT_WORDS = _words("war crisis games olympics cup revolution day summit festival")

#: Words that make a capitalised run the name of an organisation ("James Martin Center",
#: "Washington Post", "Carnegie Endowment").
ORG_WORDS = _words(
    "university institute center centre agency party council ministry department endowment post times "
    "news journal herald tribune company corp corporation inc ltd group bank association foundation "
    "committee commission organization organisation union league club fc team army navy force forces "
    "command office service services court school college academy hospital police politburo assembly "
    "congress parliament senate government administration studies media network website firm nations "
    "authority board bureau society federation directorate institution secretariat"
)

#: Words of news outlets' names: "Washington Post", "Kyiv Independent", "Chosun Ilbo" are
#: organisations, and the place in them is not a place of the story.
MEDIA_WORDS = _words(
    "post times journal herald tribune news gazette daily chronicle observer independent telegraph "
    "guardian mail express star standard mirror courier inquirer examiner register bulletin dispatch press "
    "radio tv television broadcasting ilbo shimbun shinmun pravda gazeta zeitung tageblatt"
)

#: Words after a place that make it the modifier of an institution or facility ("Beverly Hills
#: Police Department", "Maryland State Police", "Venice Commission"): the place still counts.
MODIFIED_WORDS = (ORG_WORDS - MEDIA_WORDS) | _words(
    "state police pd fire sheriff metro station road junction airport harbour harbor port bridge "
    "stadium arena hospital prison jail court zoo museum library campus"
)

#: Last words of named buildings and sites that name no person ("Kim Il Sung Square").
SITE_WORDS = _words("house museum square cemetery")

#: A run holding one of these is not a person's name.
NOT_PERSON_WORDS = ORG_WORDS | EVENT_WORDS | SITE_WORDS

PRONOUNS = _words("he she")

#: Words that open a capitalised run without being part of a name ("However", "The").
FUNCTION_WORDS = _words(
    "in on at the a an but however and or as if when while after before since for from with by to of this "
    "that these those it its their his her our one some many"
)

#: Connectors inside an organisation's name ("Council for Foreign Relations"); people's
#: names take none.
NAME_CONNECTORS = _words("of the for and")

#: Particles inside people's names ("Mike de Kock").
NAME_PARTICLES = _words("de van von da bin al")

#: Lower-case words allowed inside a multi-word place name ("Bosnia and Herzegovina", "Dar es
#: Salaam", "Frankfurt am Main", "Mocimboa da Praia"). Only names the gazetteer holds are
#: joined through them, so a longer list costs nothing elsewhere.
PLACE_CONNECTORS = _words(
    "of the and de del della delle dei degli des di da das do dos du la las le les lo los el al am an "
    "der den die im bei y i e o on upon sur sous en aux au es ed ad ar as az ash at ul us ibn bin ben "
    # the Arabic article as it assimilates: "Deir ez-Zor", "Ras et-Tin", "Tell esh-Sheikh"
    "ez er et eth ath esh edh adh "
    "van von ter ten het op aan for"
)

#: Words after which a capitalised name is most likely a place.
LOCATIVES = _words(
    "in at from near to outside inside around across into via toward towards between through "
    "throughout within by off over under along against visited visit visiting reached entered "
    "left leave arrived"
)

#: Last words of place names; a run ending in one is a place even when the
#: gazetteer lacks it ("Hoechang County").
PLACE_SUFFIXES = _words(
    "county province prefecture oblast krai district region island islands peninsula mountains mountain "
    "river lake bay strait sea valley desert airport airfield airbase port harbor harbour square street "
    "avenue bridge dam canal cemetery stadium palace shipyard base range reservoir gulf coast city town "
    "university college village township municipality governorate canton state "
    # Divisions by their local words: Ethiopia's woredas and zones, Indonesia's regencies,
    # Bangladesh's upazilas, Pakistan's and India's tehsils, Ukraine's hromadas.
    "woreda zone regency upazila tehsil hromada"
)

#: Words after a name that make it a first-order division ("Bryansk region", "Idlib province").
DIVISION_WORDS = _words("region oblast province governorate prefecture krai kray")

#: First words of place names ("Mount Paektu", "Lake Baikal").
PLACE_PREFIXES = _words(
    "mount mt lake cape port fort gulf sea bay strait isle university "
    # Words that open place names in Arabic, Berber and Hebrew ("Deir Ezzor", "Tell Abyad",
    # "Ain Salah", "Tin Zaouatine", "Kfar Aza", "Beit Hanoun", "Wadi Halfa", "Ras Isa").
    "deir dayr tell tal ain ein bir wadi jabal jebel kafr kfar beit bayt khirbet khirbat ras umm hassi "
    "sidi ksar tin qasr qalat mazraa mazraat nahr marj jisr burj maarat qaryat "
    # ... in Spanish and Portuguese, Armenian, Georgian and Slavic ("upper", "lower", "great",
    # "little"), Persian and Pashto, Malay and Indonesian, Khmer, Hausa and Somali.
    "puerto porto villa vila ciudad cerro punta isla laguna nueva nuevo "
    "verin nerkin zemo kvemo nizhny nizhniy nizhnyaya verkhny verkhniy verkhnyaya velyka velykyi "
    "gornji donji gorna dolna deh qala qaleh kuh kampong kampung bukit tanjung pulau sungai gunung "
    "phum gidan unguwar ceel")

#: Days and months in lower case.
CALENDAR_WORDS = frozenset(
    [d.lower() for d in calendar.day_name] + [m.lower() for m in calendar.month_name if m]
)

# ------------------------------------------------------------------ Korean, Russian, Ukrainian

#: Korean particles and endings that may follow a place name inside one word ("평양의",
#: "북한은", "동해상으로"): a closed list, longest read first.
KOREAN_PARTICLES = _words(
    "은 는 이 가 을 를 의 에 에서 에게 으로 로 와 과 도 만 까지 부터 에는 "
    "에서는 에서도 에도 으로는 로는 으로도 로도 과의 와의 이나 나 이며 며 이고 "
    "고 이다 이었다 였다 처럼 보다 쪽 측 내 상 상으로 상에서 상의 에선 엔 하고 "
    "이랑 랑 에의 간 간의 발 행")
#: Words of administration and feature types that follow a place name inside one word
#: ("길주군", "신포조선소", "남포항", "의주비행장"); particles may follow them.
KOREAN_FEATURE_SUFFIXES = _words(
    "시 군 도 구 읍 면 리 항 항구 공항 비행장 기지 조선소 발사장 섬 강 산 만 "
    "해협 반도 특구 지구 지역 일대 인근 일원 주변 앞바다 해상 상공 국경 북부 "
    "남부 동부 서부 중부")
#: Facility words that end a compound beginning with a place name ("원산갈마공항": Wonsan's
#: Kalma airport): the compound is a site at or near that place.
KOREAN_FACILITIES = _words(
    "공항 비행장 기지 조선소 발사장 항 항구 시험장 훈련장 해군기지")

#: Korean heads of armed forces and state bodies after a country's name, in its word
#: ("러시아군", Russia's army) or as the next word ("우크라이나 해군", "북한 인민군", "미국
#: 국방정보국"): the pair is the organisation's name, not a place of the story. "군" alone is a
#: county after a place's name ("영변군") and an army only after a country's.
KOREAN_ORGANISATION_HEADS = _words(
    "군 해군 공군 육군 인민군 군대 군부 정부 당국 국방부 국방성 외교부 외무성 정보국 국방정보국 "
    "정보원 국가정보원 대사관 총영사관 해경 해안경비대 경찰 의회 국회 합참 합동참모본부 사령부 "
    "연구원 연구소 국립연구원 통신 방송 방위성 노동당 위원회 함대 국무부 "
    "자위대 수비대 혁명수비대 해방군 경비대 민병대 반군 정보기관 기관 센터")

#: Lemmas (Russian and Ukrainian) of the head nouns of organisations: a place in the genitive
#: after one ("Служба безпеки України", "Вооруженных сил России") names the organisation, not a
#: place of the story.
CYRILLIC_ORGANISATION_HEADS = _words(
    "служба управление управління штаб генштаб сила министерство міністерство минобороны міноборони "
    "флот армия армія посольство совет рада комитет комітет агентство банк университет університет "
    "полиция поліція прокуратура суд гвардия гвардія ведомство відомство администрация адміністрація "
    "правительство уряд парламент дума командование командування фсб сбу мвс мвд мчс дснс "
    "корпус бригада полк дивизия дивізія компания компанія корпорация корпорація агенція "
    "институт інститут "
    # abbreviations: foreign and interior ministries, the State Department, navies and air forces,
    # intelligence services, an embassy and a consulate
    "мид мзс госдеп держдеп вмс вкс ввс зсу всу гур свр гру консульство генконсульство пехота "
    # ... air defence, national guard and police, emergency services, regional administrations,
    # and outlets named "Echo of ...", "News of ..."
    "пво ппо нацгвардия нацгвардія нацполиция нацполіція росгвардия гсчс дсну ова ода мва эхо вести "
    "новости новини впс "
    # ... the navy, the airborne troops and the armed forces by their Russian abbreviations
    "вмф вдв вс")
#: Words that open a name of a feature ("остров Русский", "реке Урал", "полигоном «Погоново»"):
#: the name after one is read alone.
CYRILLIC_FEATURE_NOUNS = _words(
    "река ріка річка остров острів озеро море залив затока пролив протока полуостров півострів гора "
    "город місто село посёлок поселок селище деревня станица порт аэропорт аеропорт аэродром аеродром "
    "полигон полігон база район округ область край коса бухта")
#: Ship types (Russian, Ukrainian) before a quoted name: the name is a ship's ("БДК «Мінськ»").
CYRILLIC_VESSEL_WORDS = _words(
    "бдк мдк вдк корабль корабель крейсер фрегат эсминец есмінець корвет судно суда танкер сухогруз "
    "буксир подлодка субмарина підводний подводная човен лодка катер ракетоносец ракетоносець тральщик "
    "паром теплоход теплохід пароплав")
