"""Typing the names of a text before anything is placed: ships, units, organisations, outlets,
weapons, companies, events and people, each with the cue that says so.

A place inside such a name is no place of the story: "Black Sea Fleet" is a fleet, "Russian
Ministry of Defence" a ministry, "USS Carney" a ship, "Storm Shadow missiles" a weapon, "Times of
Israel" an outlet. The geoparser leaves the places inside these names off the map; the names
table shows each with its kind and why.

The grammar reads capitalised runs (words joined by spaces or hyphens, with "of", "the", "for",
"and" inside) and the words around them, and types a run by, in order:

1. a ship's prefix ("USS", "HMS", "HMAS", ...) or a ship noun right before it ("the frigate
   Admiral Grigorovich"), or a "-class" after it ("Virginia-class");
2. an outlet's shape ("... Times", "... Post", "Times of ...", "Radio Free ...", "Voice of ...");
3. an event's shape ("... War", "... Crisis", "... Summit", "Battle of ...", "Operation ...");
4. a company's ("... Technologies", "... Inc", "... Airlines", ...);
5. an organisation's or a unit's head word anywhere after its first word ("... Fleet", "...
   Forces", "... Ministry", "Ministry of ...", "... Coast Guard", "Center for ...");
6. a weapon noun right after it ("Iskander missiles", "Shahed drones");
7. a given name followed by a word no gazetteer knows ("Vladimir Putin").

Known organisations whose names run through "in" ("al-Qaeda in the Arabian Peninsula", "Islamic
State in Iraq and Syria": the non-places table, from the US State Department's list of foreign
terrorist organisations) are read whole first, since "in" ends a capitalised run.

A run the gazetteer holds whole as a place ("West Bank", "Russian Federation"), or that ends in a
place word ("Andersen Air Force Base", "Naval Station Norfolk" keeps its base), is not typed: it is
a place. The rules read the words of English news, never a list of particular names.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator, Sequence

from ..gazetteer import Gazetteer
from ..lexicon import FUNCTION_WORDS, MEDIA_WORDS, PLACE_SUFFIXES, REPORTING_VERBS, TITLES
from ..model.names import Name
from ..text import arabic_article_place, lowered_headlines


def _vocabulary(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: Prefixes of ships' names (navies' and merchant).
VESSEL_PREFIXES = _vocabulary(
    "uss usns hms hmas hmcs hmnzs ins roks rfs js jds plans cns tcg kri brp rss hnoms hdms orp fgs "
    "hnlms its frs irins irgcn mv m/v ss mt ms rv sv fv hmy")
#: Nouns right before a ship's name ("the frigate Admiral Grigorovich", "the tanker Sea Breeze").
VESSEL_NOUNS = _vocabulary(
    "carrier frigate destroyer corvette cruiser submarine warship ship vessel tanker freighter "
    "icebreaker trawler yacht flagship minesweeper boat dredger bulker liner ferry")
#: Of those, a warship's or a merchant ship's type: right before a name it names the ship even
#: when the name is a place's ("the cruiser Moskva", "the carrier Liaoning": ships are named so).
_SHIP_TYPES = _vocabulary("frigate destroyer corvette cruiser submarine warship tanker freighter icebreaker "
                          "minesweeper dredger bulker carrier")
#: Last words of organisations' and units' names (a run with one after its first word is one).
ORGANISATION_HEADS = _vocabulary(
    "ministry department agency council command fleet corps guard guards army navy force forces "
    "police committee commission union party bank company corporation group association foundation "
    "institute observatory treasury parliament government administration authority bureau "
    "directorate secretariat society federation league tribunal office service services brigade "
    "regiment battalion squadron flotilla initiative network alliance coalition movement "
    "organization organisation mission programme program crescent cross watch academy university "
    "college court assembly congress senate cabinet presidium politburo embassy consulate "
    "intelligence operations duma rada knesset majlis division detachment wing project cartel staff "
    "front patriarchate")
#: Heads of an organisation's name only before "of" ("Yale School of Public Health", "Faculty of
#: Law"): alone they name a building where things happen ("the Jabalia school").
_OF_HEADS = _vocabulary("school faculty")
#: Heads that make a unit rather than an organisation.
UNIT_HEADS = _vocabulary(
    "fleet corps army navy force forces guard guards brigade regiment battalion squadron flotilla "
    "command division detachment wing")
#: Heads that open an organisation's name before "of" ("Ministry of Defence", "Bank of England").
ORGANISATION_OPENERS = _vocabulary(
    "ministry department bank university council government embassy office commission committee "
    "institute academy court federation union league society directorate agency army navy")
#: Words that end an event's name ("Korean War", "Cuban Missile Crisis", "Munich Security Conference").
EVENT_HEADS = _vocabulary(
    "war crisis summit conference games olympics revolution uprising offensive massacre genocide "
    "agreement accords accord treaty forum expo talks discussions negotiations dialogue")
#: Words that end a company's name.
COMPANY_HEADS = _vocabulary(
    "inc inc. ltd ltd. llc plc corp corp. gmbh ag sa co co. technologies labs aerospace airlines "
    "airways holdings industries systems energy petroleum shipping logistics motors electric imaging")
#: Nouns right after a weapon's name ("Storm Shadow missiles").
WEAPON_NOUNS = _vocabulary(
    "missile missiles drone drones rocket rockets launcher launchers interceptor interceptors bomb "
    "bombs warhead warheads munition munitions")
#: Nouns right after a group's name that make it an armed or political group ("Boko Haram
#: fighters", "Houthi rebels"); a country's or people's name before them stays theirs.
MEMBER_NOUNS = _vocabulary(
    "fighters militants insurgents rebels jihadists militia militias militiamen gunmen loyalists "
    "operatives commanders leadership spokesman spokeswoman spokesperson extremists terrorists "
    "faction affiliate members cells recruits")
#: Nouns beside an outlet's name ("The Australian newspaper", "the daily Haaretz").
OUTLET_NOUNS = _vocabulary(
    "newspaper newspapers daily weekly magazine tabloid broadcaster outlet website channel "
    "paper periodical")
#: Lower-case nouns after a place's name that make it a fleet ("the Russian Black Sea fleet").
FLEET_NOUNS = _vocabulary("fleet flotilla squadron")
#: Lower-case institutions after a place's name that make the pair theirs ("the Kosovo police",
#: "Zamfara state police", "the Gaza health ministry"), with at most one modifier between.
INSTITUTION_NOUNS = _vocabulary("police ministry government authorities army navy parliament")
INSTITUTION_MODIFIERS = _vocabulary(
    "state national federal border military riot regional local city provincial interior defence "
    "defense health foreign")
#: Words before a place that make it where something happens, not whose institution follows
#: ("in Basra police arrested ...").
_WHERE_WORDS = _vocabulary("in at near from across inside outside around")
_INSTITUTION_RE = re.compile(r" ([a-z]+)(?: ([a-z]+))?")
#: Words before a ship's name ("on board the Marlin Luanda", "aboard Stena Impero").
_ABOARD = ("aboard the ", "on board the ", "aboard ", "on board ")
#: Titles that are no first word of a person's name here ("State", "National" open places'
#: and organisations' names far more often).
_PERSON_TITLES = TITLES - _vocabulary(
    "state national security official general chief foreign defence defense vice prime deputy supreme")
#: A word of a name: capitalised, with internal apostrophes, hyphens and the periods of an
#: abbreviation ("U.S.", never a sentence's full stop), or an ordinal ("3rd").
_WORD = r"(?:[A-Z](?:[\w’'&-]|\.(?=[A-Za-z]))*(?:(?<=\.[A-Z])\.)?|\d+(?:st|nd|rd|th)|[A-Z]/[A-Z])"
#: ``(?<![\w.]){_WORD}`` with its first character taken out in front (and the lookbehind moved
#: after it): a pattern that opens with a character class is searched for in C, a third faster
#: over a text than one that opens with a lookbehind. Each alternative of :data:`_WORD` follows
#: in order, told apart by the character it opened with.
_FIRST_WORD = (r"[A-Z\d](?<![\w.].)(?:(?<=[A-Z])(?:[\w’'&-]|\.(?=[A-Za-z]))*(?:(?<=\.[A-Z])\.)?"
               r"|(?<=\d)\d*(?:st|nd|rd|th)|(?<=[A-Z])/[A-Z])")
_RUN = re.compile(rf"{_FIRST_WORD}(?:(?:\s|-)(?:(?:of|the|for|a|de|du|al|el|on)\s)*(?:{_WORD}|\d+\b))*")
#: A possessive ending a word: it ends the name ("Russia’s Far Eastern Federal University" is two).
_POSSESSIVE = re.compile(r"[’']s?(?=\s|$)")
_NEXT = re.compile(r"\s*([A-Za-z-]+)")
#: Lower-case nouns after a hyphenated pair of names that make the pair an event's name ("the
#: Iran-Iraq war"); the places in it are no places of the story.
PAIR_EVENT_NOUNS = _vocabulary("war wars conflict ceasefire truce summit accord treaty")


def _words(run: str) -> list[str]:
    """The run's words, lower-cased, without edge punctuation or a possessive ending ("Army's")."""
    return [_POSSESSIVE.sub("", w).strip(".,’'").lower() for w in run.split()]


def _last_plain(words: list[str]) -> str:
    return words[-1].split("-")[-1] if words else ""


def _owners_apart(start: int, run: str, gaz: Gazetteer) -> Iterator[tuple[int, str]]:
    """A run cut after each possessive of a place ("Russia’s Far Eastern Federal University" is
    two names); a possessive inside a name stays ("Prosecutor General's Office")."""
    at = 0
    for p in _POSSESSIVE.finditer(run):
        owner = run[at:p.start()]
        if _place_whole(gaz, _words(owner)):
            yield start + at, owner
            at = p.end()
            while at < len(run) and run[at] in " -":
                at += 1
    if at < len(run):
        yield start + at, run[at:]


def runs(text: str, gaz: Gazetteer) -> Iterator[tuple[int, str]]:
    """The capitalised runs of ``text`` as (start, run) (see the module description), cut after
    a place's possessive ("North Korea’s missiles": the owner "North Korea", never a weapon's
    name)."""
    for m in _RUN.finditer(text):
        start, run = m.start(), m.group(0)
        if "’" in run or "'" in run:
            yield from _owners_apart(start, run, gaz)
        else:
            yield start, run


def _place_whole(gaz: Gazetteer, words: list[str]) -> bool:
    """True when the gazetteer holds the run whole as a place (or a demonym of one)."""
    from ..text import name_key

    key = name_key(" ".join(words))
    return key in gaz.names or key in gaz.demonyms


def _country_word(gaz: Gazetteer, words: list[str]) -> bool:
    """True for a country's name or demonym ("Russian drones" are drones of Russia, not a weapon
    named Russian)."""
    from ..text import name_key

    key = name_key(" ".join(words))
    if key in gaz.demonyms:
        return True
    return any(gaz.feature[e] in ("country", "continent") for e in gaz.names.get(key, ()))


def _group_of_a_place(gaz: Gazetteer, words: list[str]) -> bool:
    """True when the words name a place or its people ("Syrian rebels", "Gaza militants"): the
    fighters are of that place, not a group named so."""
    return _country_word(gaz, words) or _place_whole(gaz, words)


def _next_word(text: str, end: int) -> str:
    m = _NEXT.match(text, end)
    return m.group(1).lower() if m else ""


def _word_before(text: str, start: int) -> str:
    """The word right before ``start`` past white space, as written (a comma kept), or ""."""
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == start:
        return ""
    low = max(0, end - 30)
    return text[max(text.rfind(" ", low, end), text.rfind("\n", low, end), low - 1) + 1:end]


def _plain(word: str) -> str:
    """``word`` lower-cased when it is letters and hyphens only, else ""."""
    return word.lower() if word and word.replace("-", "").isalpha() else ""


def _prev_word(text: str, start: int) -> str:
    """The word right before ``start``, lower-cased, when it is letters and hyphens only."""
    return _plain(_word_before(text, start))


def _title(word: str) -> str:
    """``word`` (a comma after it dropped) when it is a person's title ("President"), else ""."""
    word = word.removesuffix(",")
    return word if word.lower() in _PERSON_TITLES and word[1:].islower() else ""


def _beside(text: str, start: int, end: int, gaz: Gazetteer,
            words: list[str], nxt: str | None = None,
            before: str | None = None) -> tuple[str, str] | None:
    """An outlet or a person typed by the word beside the run: an outlet's noun after or before
    it ("Kommersant newspaper", "the daily Haaretz"), a title before it ("Governor Vladimir
    Gladkov"); a place's or country's name stays a place. ``nxt`` and ``before`` are the words
    after and before it when known."""
    if nxt is None:
        nxt = _next_word(text, end)
    if nxt in OUTLET_NOUNS and not _group_of_a_place(gaz, words):
        return "outlet", f"'{nxt}' after the name: an outlet"
    if before is None:
        before = _word_before(text, start)
    prev = _plain(before) if start > 1 and text[start - 2].islower() else ""
    if prev in OUTLET_NOUNS and not _group_of_a_place(gaz, words):
        return "outlet", f"'{prev}' before the name: an outlet"
    title = _title(before)
    if (title and len(words) <= 3 and not _group_of_a_place(gaz, words)
            and not any(w in ORGANISATION_HEADS for w in words)):
        return "person", f"'{title}' before the name: a person"
    return None


#: A site's noun after a weapon's: the name before them is the site's place ("the Sohae
#: missile launch site", "a drone factory"), not a weapon's name.
_WEAPON_SITE = re.compile(r"\s*[a-z]+\s+(?:launch|test|testing|site|sites|base|bases|facility|complex|range|"
                          r"plant|factory|silo|silos|production|storage|depot|pad)\b")


def _weapons_site(text: str, end: int) -> bool:
    """True when a site's noun follows the weapon's noun after ``end`` (see ``_WEAPON_SITE``)."""
    return _WEAPON_SITE.match(text, end) is not None


#: Nouns after a satellite's numbered name ("Jilin-1 satellite images", "Gaofen-7 imagery").
_SATELLITE_NOUNS = _vocabulary("satellite satellites imagery image images constellation")
_NUMBERED = re.compile(r"-\d+[A-Z]?$")
#: Lower-case nouns of agreements named after where they were made ("the Minsk agreements").
_TREATY_NOUNS = _vocabulary("agreement agreements accord accords treaty protocol")


#: "news agency" after a name: the agency's ("Saba news agency"; "a Gaza news agency" is one there).
_NEWS_AGENCY = re.compile(r" news agency\b", re.IGNORECASE)


def _one_word(text: str, start: int, run: str, gaz: Gazetteer, nxt: str) -> tuple[str, str] | None:
    """A one-word run: typed only by the words beside it (a ship noun before, a weapon noun or
    "-class" after; ``nxt`` is the word after it), so most runs cost two look-ups."""
    end = start + len(run)
    if run.lower().endswith("-class") or text.startswith(" class", end):
        return "vessel", "a ship class"
    if "-" in run and gaz.non_places.get(run.split("-")[0].lower()) == "agency":
        # "Interfax-Ukraine": an agency's edition
        return "outlet", f"'{run.split('-')[0]}' is a news agency: the name is its edition's"
    if (_NEWS_AGENCY.match(text, end) and _word_before(text, start).lower() not in ("a", "an")
            and _place_whole(gaz, [run.lower()])):
        return "outlet", "'news agency' after a place's name: an agency"  # "the Fars news agency"
    if nxt in PAIR_EVENT_NOUNS and "-" in run.strip("-") and not _place_whole(gaz, [run.lower()]):
        return "event", f"'{nxt}' after a pair of names: an event"
    before = _word_before(text, start)
    # "the Gaza war", "the Ukraine war": a war named after where it is fought ("Russia war
    # plans" without the article stays the country's).
    if nxt in ("war", "wars") and (before.lower() == "the" or not _country_word(gaz, [run.lower()])):
        return "event", f"'{nxt}' after the name: a war named after where it is fought"
    if nxt in _TREATY_NOUNS and before.lower() == "the":
        return "event", f"'{nxt}' after the name: an agreement named after where it was made"
    if nxt or before:
        beside = _beside(text, start, end, gaz, [_POSSESSIVE.sub("", run).lower()], nxt, before)
        if beside:
            return beside
    if nxt in _SATELLITE_NOUNS and _NUMBERED.search(run):
        return "satellite", f"a numbered name before '{nxt}': a satellite"
    if nxt in WEAPON_NOUNS and not _country_word(gaz, [run.lower()]) and not _weapons_site(text, end):
        return "weapon", f"'{nxt}' after the name: a weapon"
    if nxt in MEMBER_NOUNS and not _group_of_a_place(gaz, [run.lower()]):
        return "organisation", f"'{nxt}' after the name: a group"
    if start > 1 and text[start - 2].islower():
        prev = _plain(before)
        if prev in _SHIP_TYPES or (prev in VESSEL_NOUNS and not _place_whole(gaz, [run.lower()])):
            return "vessel", f"'{prev}' before the name: a ship"
    return None


def _around(text: str, start: int, run: str, gaz: Gazetteer, nxt: str) -> tuple[str, str] | None:
    """A name typed by the words around it whatever it holds (``nxt`` is the word after it): a
    ship boarded ("on board the Moskva"), a fleet named after its sea ("the Black Sea fleet"), a
    seat of government speaking ("The Kremlin said", "the Pentagon reported": its government, not
    the building)."""
    head = text[max(0, start - 14):start].lower()
    if head.endswith(_ABOARD):
        return "vessel", "'aboard' before the name: a ship"
    if nxt in FLEET_NOUNS and " of " not in run and not _country_word(gaz, _words(run)):
        return "unit", f"'{nxt}' after the name: a fleet"
    # A demonym's too: "the Iraqi federal police", "the Indian army" name the institution.
    if (nxt in INSTITUTION_NOUNS or nxt in INSTITUTION_MODIFIERS) and _place_whole(gaz, _words(run)) and (
            noun := _institution_after(text, start, start + len(run))):
        return "organisation", f"'{noun}' after the name{_INSTITUTION}"
    if (nxt in REPORTING_VERBS or nxt in _ANSWERING_VERBS) and _seat_of_government(gaz, _words(run)):
        return "organisation", f"'{nxt}' after a seat of government{_SPEAKING}"
    # "Kremlin secrecy", "White House officials", "Kremlin-backed", "the Kremlin is in need": a
    # seat of government before its people, its ways or a verb of wanting is its government, and
    # so is one that acts or is dealt with ("denied by the Kremlin", "talks with the Kremlin");
    # "in the Kremlin", "images of the White House taken" are the buildings.
    if (((m := _LOWER_NEXT_RE.match(text, start + len(run))) and m.group(1) in _GOVERNMENT_AFTER)
            or _DEALT_WITH_RE.search(text, max(0, start - 20), start)) and (
            _word_before(text, start).lower() not in _WHERE_WORDS and _seat_of_government(gaz, _words(run))):
        return "organisation", f"'{m.group(1) if m else 'by'}' around a seat of government{_SPEAKING}"
    return None


#: What deals with a seat of government as with its government ("denied by the Kremlin", "talks
#: with the Kremlin", "on behalf of the White House").
_DEALT_WITH_RE = re.compile(r"\b(?:by|with|behalf of|against)\s+(?:the\s+)?$", re.IGNORECASE)
#: A lower-case word right after a name, as written (or after a hyphen: "Kremlin-backed").
_LOWER_NEXT_RE = re.compile(r"[ -]([a-z][a-z]+)\b")
#: Words after a seat of government that make it the government: its people, its ways, what it
#: backs, and the verbs of a government's state of mind.
_GOVERNMENT_AFTER = _vocabulary(
    "official officials spokesman spokeswoman spokesperson spokespeople press secretary aide aides adviser "
    "advisers advisor advisors insiders sources source chief chiefs staff staffer staffers correspondent "
    "correspondents national policy policies secrecy declined declines refused refuses "
    "propaganda leadership line position critics backed linked controlled friendly allied loyal "
    "aligned funded sponsored is was has had wants wanted needs needed hopes hoped fears feared")


def _institution_after(text: str, start: int, end: int) -> str:
    """The lower-case institution right after the name at ``start:end`` ("police", "state
    police"), or "" (also when "in", "at"... stand before the name: where something happens,
    "in Basra police arrested ...")."""
    m = _INSTITUTION_RE.match(text, end, end + 40)
    if m is None or _word_before(text, start).lower() in _WHERE_WORDS:
        return ""
    first, second = m.groups()
    if first in INSTITUTION_NOUNS:  # "police", "police said"
        return first
    return f"{first} {second}" if first in INSTITUTION_MODIFIERS and second in INSTITUTION_NOUNS else ""


#: Capitalised words that alone are never a typed name (pronouns and function words opening a
#: sentence): passed over before any rule is asked.
_NEVER_NAMES = frozenset(
    w.capitalize() for w in FUNCTION_WORDS | {"i", "he", "she", "we", "it", "they", "there", "this", "that",
                                             "these", "those", "but", "and", "if", "however", "it's", "you"})
_SPEAKING = ": its government speaking"
_INSTITUTION = ": its institution"
#: Verbs of a government answering, beyond the reporting verbs.
_ANSWERING_VERBS = _vocabulary("denied denies announced announces confirmed confirms rejected rejects "
                               "responded responds dismissed dismisses condemned condemns")


def _seat_of_government(gaz: Gazetteer, words: list[str]) -> bool:
    from ..text import name_key

    key = name_key(" ".join(words))
    return any(gaz.feature[e] == "government_building"
               for k in (key, f"the {key}") for e in gaz.names.get(k, ()))


def _type_run(text: str, start: int, run: str, gaz: Gazetteer) -> tuple[str, str, bool] | None:
    """(kind, why, whole) for the run ``run`` at ``start``, or None when it is no typed name.

    ``whole`` is True when the words around the run typed it as what no place is: then the run
    as a whole is the ship or the fleet, even when it is a place's name too ("on board the
    Moskva", "the Black Sea fleet"); an event named after its place keeps the place ("the
    Ukraine war"), and so does a name typed by its own words ("Far Eastern Federal University"
    is a campus)."""
    end = start + len(run)
    nxt = _next_word(text, end)  # read once: every rule below may ask for it
    one_word = " " not in run
    typed = _around(text, start, run, gaz, nxt)
    if typed is None and one_word:
        typed = _one_word(text, start, run, gaz, nxt)
    if typed is not None:
        # An event named after where it happens ("the Ukraine war", "the Minsk agreements") uses
        # the place's name as a modifier: the place stays a place, as attributive uses do.
        return (*typed, typed[0] != "event")
    typed = None if one_word else _by_words(text, start, run, gaz, nxt)
    return None if typed is None else (*typed, False)


def _by_words(text: str, start: int, run: str, gaz: Gazetteer, nxt: str) -> tuple[str, str] | None:
    """(kind, why) for a run of several words typed by its own words (or, after those, by a
    title, an outlet's, weapon's or member's noun beside it), or None."""
    end = start + len(run)
    words = _words(run)
    first, last = words[0], _last_plain(words)
    shown = run.split()
    if first in VESSEL_PREFIXES:
        return "vessel", f"'{shown[0]}' names a ship"
    if first == "type" and words[1][:1].isdigit():
        # "Type 003 Fujian", "Type 055 destroyer": a Chinese navy type number names a ship
        return "vessel", f"'{shown[0]} {shown[1]}' is a ship type"
    if last == "time" and len(words) >= 2 and shown[-1] == "Time":
        return "time zone", "'Time' ends a time zone's name"
    if run.lower().endswith("-class") or text.startswith(" class", end):
        return "vessel", "a ship class"
    prev = _prev_word(text, start) if start > 1 and text[start - 2].islower() else ""
    if prev in _SHIP_TYPES or (prev in VESSEL_NOUNS and not _place_whole(gaz, words)):
        return "vessel", f"'{prev}' before the name: a ship"
    if gaz.non_places.get(first) == "agency":
        return "outlet", f"'{shown[0]}' is a news outlet: the name is its edition's"
    if last in PLACE_SUFFIXES and last not in ORGANISATION_HEADS:
        return None  # a named place: "Andersen Air Force Base", "Kharkiv Oblast"
    if last in MEDIA_WORDS:
        return "outlet", f"'{shown[-1]}' ends an outlet's name"
    if first in ("times", "voice", "radio", "daily"):
        return "outlet", f"'{shown[0]}' opens an outlet's name"
    if first == "air" and len(words) == 2 and _place_whole(gaz, words[1:]):
        return "company", f"'{shown[0]}' before a place's name: an airline"  # "Air India", "Air Koryo"
    if last == "24" and len(words) == 2:
        return "outlet", "'24' ends a 24-hour news channel's name"
    if last in EVENT_HEADS:
        return "event", f"'{shown[-1]}' ends an event's name"
    if first in ("battle", "operation", "siege"):
        return "event", f"'{shown[0]}' opens an event's name"
    if last in COMPANY_HEADS:
        return "company", f"'{shown[-1]}' ends a company's name"
    if last.isdigit() and len(words) > 2 and words[-3] in COMPANY_HEADS:
        return "company", f"'{shown[-3]}' ends a company's name"  # "Malaysia Airlines Flight 17"
    beside = _beside(text, start, end, gaz, words, nxt)
    if beside:
        return beside
    if nxt in WEAPON_NOUNS and not _country_word(gaz, words) and not _weapons_site(text, end):
        return "weapon", f"'{nxt}' after the name: a weapon"
    if nxt in MEMBER_NOUNS and not _group_of_a_place(gaz, words):
        return "organisation", f"'{nxt}' after the name: a group"
    return _institution(words, shown, gaz)


def _institution(words: list[str], shown: list[str], gaz: Gazetteer) -> tuple[str, str] | None:
    """An organisation, a unit or a person named by several words (after the cheaper rules)."""
    heads = [w for k, w in enumerate(words[1:], 1) if w in ORGANISATION_HEADS
             or (w in _OF_HEADS and k + 1 < len(words) and words[k + 1] == "of")]
    opener = words[0] in ORGANISATION_OPENERS and len(words) > 2 and words[1] in ("of", "for")
    center = words[0] in ("center", "centre") and len(words) > 2 and words[1] == "for"
    person = (len(words) == 2 and words[0] in gaz.given_names and words[1].isalpha()
              and words[1] not in gaz.strong_keys
              and words[1] not in gaz.dictionary and words[1] not in ORGANISATION_HEADS
              and not (words[0] in ("al", "el") and arabic_article_place(gaz, words[1])))
    if not (heads or opener or center or person) or _place_whole(gaz, words):
        return None
    if heads:
        kind = "unit" if heads[-1] in UNIT_HEADS else "organisation"
        return kind, f"'{heads[-1]}' makes it an organisation's name"
    if opener:
        return "organisation", f"'{shown[0]} {words[1]}' opens an organisation's name"
    if center:
        return "organisation", "'Center for' opens an organisation's name"
    return "person", f"'{shown[0]}' is a given name and '{shown[-1]}' no place"


def type_names(text: str, gazetteer: Gazetteer, *,
               near: Sequence[tuple[int, int]] | None = None) -> list[Name]:
    """Every name of ``text`` the grammar types, in text order (see the module description).

    With ``near`` (spans of the text), only the names the places stage needs: those of the runs
    that overlap a span, and of every run written like one of those (a name typed where its
    context shows it, "Boko Haram fighters", types its other occurrences). The typing costs
    about as much as finding the places; most runs touch none.

    Examples
    --------
    >>> from osint.gazetteer import load_gazetteer
    >>> [(n.text, n.kind) for n in type_names("The Black Sea Fleet sent USS Carney.", load_gazetteer())]
    [('Black Sea Fleet', 'unit'), ('USS Carney', 'vessel')]
    """
    read = lowered_headlines(text)  # a title-case headline's "In", "Of" read as prose writes them
    if read is not text:
        return [dataclasses.replace(n, text=text[n.start:n.end]) for n in _type_names(read, gazetteer, near)]
    return _type_names(text, gazetteer, near)


def _runs_near(text: str, found: list[tuple[int, str]],
               near: Sequence[tuple[int, int]]) -> list[tuple[int, str]]:
    """Of the runs ``found`` (:func:`runs`), those written like a run that overlaps one of the
    spans ``near``."""
    covered = bytearray(len(text) + 1)
    for a, b in near:
        covered[a:b] = b"\x01" * (b - a)
    touching = {run for start, run in found if covered.find(1, start, start + len(run)) != -1}
    return [(start, run) for start, run in found if run in touching]


@functools.lru_cache(maxsize=4)
def _names_through_in(gaz: Gazetteer) -> tuple[str, ...]:
    """The names of the organisations of the non-places table that hold the word "in", once per
    gazetteer."""
    return tuple(k for k, kind in gaz.non_places.items() if kind == "organisation" and " in " in k)


@functools.lru_cache(maxsize=4)
def _tails_through_in(gaz: Gazetteer) -> tuple[str, ...]:
    """What follows "in" in those names (" in the islamic maghreb"): a text holding none of these
    has none of the names."""
    return tuple(sorted({k[k.index(" in "):] for k in _names_through_in(gaz)}))


@functools.lru_cache(maxsize=4)
def _patterns_through_in(gaz: Gazetteer) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A pattern of the first words of those names, and one of the names, their words joined by
    spaces, hyphens or apostrophes as written (tried only where a first word stands). Compiled
    only for a text that holds a tail (:func:`_tails_through_in`): the second pattern costs
    tens of milliseconds, which a short run need not pay."""
    keys = _names_through_in(gaz)
    forms = (r"[\s'’-]+".join(map(re.escape, k.split())) for k in sorted(keys, key=len, reverse=True))
    firsts = sorted({re.escape(k.split()[0]) for k in keys}, key=len, reverse=True)
    return (re.compile(r"\b(?:" + "|".join(firsts) + r")\b", re.IGNORECASE),
            re.compile(r"(?:" + "|".join(forms) + r")(?![\w-])", re.IGNORECASE))


def _known_through_in(text: str, gazetteer: Gazetteer) -> list[Name]:
    """The organisations of the non-places table whose names run through "in", as written."""
    if " in " not in text or not _names_through_in(gazetteer):
        return []
    if not _holds_tail(text.lower(), _tails_through_in(gazetteer)):
        return []
    first, whole = _patterns_through_in(gazetteer)
    why = "a known organisation's name (non-places table)"
    out: list[Name] = []
    end = 0
    for f in first.finditer(text):
        if f.start() < end or (f.start() and text[f.start() - 1] == "-"):
            continue
        m = whole.match(text, f.start())
        if m:
            out.append(Name(m.start(), m.end(), m.group(), "organisation", why, whole=True))
            end = m.end()
    return out


def _holds_tail(lower: str, tails: tuple[str, ...]) -> bool:
    """True when the lower-cased text holds one of ``tails`` (each opening with " in "): tried
    only where " in " stands, one pass over the text instead of one per tail."""
    at = lower.find(" in ")
    while at >= 0:
        if lower.startswith(tails, at):
            return True
        at = lower.find(" in ", at + 1)
    return False


def _type_names(text: str, gazetteer: Gazetteer, near: Sequence[tuple[int, int]] | None = None) -> list[Name]:
    out = _known_through_in(text, gazetteer)
    taken = [(n.start, n.end) for n in out]
    named = runs(text, gazetteer) if near is None else _runs_near(text, list(runs(text, gazetteer)), near)
    for start, run in named:
        if taken and any(s <= start < e for s, e in taken):
            continue
        run = run.rstrip(".’'")
        if run.endswith(("'s", "’s")):
            run = run[:-2]
        if not run or run in _NEVER_NAMES:
            continue  # most runs: "The", "He", "In" opening a sentence
        if _titled_outlet(text, start, run):
            out.append(Name(start, start + len(run), run, "outlet",
                            "'The' mid-sentence and an outlet's noun after: an outlet"))
            continue
        while " " in run and run[:run.index(" ")].lower() in FUNCTION_WORDS:
            # A sentence's first word: "The Black Sea Fleet", "In Chipinge"
            cut = run.index(" ") + 1
            start, run = start + cut, run[cut:]
        found = _type_run(text, start, run, gazetteer)
        if found is None:
            start, run, person = _person_after_titles(text, start, run, gazetteer)
            found = None if person is None else (*person, False)
        if found is None:
            continue
        kind, why, whole = found
        end = start + len(run)
        if why.endswith(_INSTITUTION):
            # The institution is the name: "Kosovo police", "Zamfara state police".
            end += len(why.split("'")[1]) + 1
            out.append(Name(start, end, text[start:end], kind, why))
            continue
        if why.endswith(_SPEAKING):
            if text[max(0, start - 4):start].lower() == "the ":
                start -= 4  # "The Kremlin said": the seat's name holds its article
            out.append(Name(start, end, text[start:end], kind, why, whole=True))
            continue
        out.append(Name(start, end, text[start:end], kind, why, whole=whole))
    if taken:
        out.sort(key=lambda n: n.start)
    return _repeated(text, out)


def _titled_outlet(text: str, start: int, run: str) -> bool:
    """True for "The Australian newspaper" mid-sentence: a capitalised "The" that opens no
    sentence, and an outlet's noun after the run."""
    if not run.startswith("The ") or start == 0:
        return False
    before = text[:start].rstrip()
    return (bool(before) and before[-1] not in ".!?:;\n\"“'‘(" and
            _next_word(text, start + len(run)) in OUTLET_NOUNS)


def _person_after_titles(text: str, start: int, run: str, gaz: Gazetteer
                         ) -> tuple[int, str, tuple[str, str] | None]:
    """A run that opens with titles ("Russian President Vladimir Putin", "Defence Minister Kang
    Sun Nam"): the person after them, typed, with the run cut to the name; else the run as it
    was and None."""
    shown = run.split(" ")
    if len(shown) < 2 or not any(w.lower() in _PERSON_TITLES for w in shown[:-1]):
        return start, run, None
    words = _words(run)
    k = 0
    while k < len(words) - 1 and (words[k] in TITLES or _country_word(gaz, [words[k]])):
        k += 1
    if k == 0 or words[k - 1] not in _PERSON_TITLES:
        return start, run, None
    cut = len(" ".join(shown[:k])) + 1
    typed = _beside(text, start + cut, start + len(run), gaz, words[k:])
    if typed is None or typed[0] != "person":
        return start, run, None
    return start + cut, run[cut:], typed


def _repeated(text: str, found: list[Name]) -> list[Name]:
    """``found`` with every other occurrence of a typed name of two words or more typed alike
    ("Boko Haram fighters" once types each "Boko Haram"), in text order."""
    named = {n.text: n for n in found if " " in n.text}
    if not named:
        return found
    spans = [(n.start, n.end) for n in found]
    extra = []
    for name in named.values():
        at = text.find(name.text)
        while at >= 0:
            end = at + len(name.text)
            if (not (at and (text[at - 1].isalnum() or text[at - 1] == "-"))
                    and not (end < len(text) and (text[end].isalnum() or text[end] == "-"))
                    and not any(s < end and at < e for s, e in spans)):
                extra.append(Name(at, end, name.text, name.kind, f"{name.why} (where first named)"))
                spans.append((at, end))
            at = text.find(name.text, end)
    return sorted(found + extra, key=lambda n: n.start) if extra else found
