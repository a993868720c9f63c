"""Imagery claims: sentences that assert what satellite, aerial or radar imagery shows.

For each: the provider, the sensor (``sar``, ``optical`` or ``unknown``), the
sites (:mod:`osint.claims.sites`), the time window (from :mod:`osint.dates`) and
what is said to be seen, each with the words and the rule behind it.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from collections.abc import Sequence

from .. import sensors
from ..dates import (
    NOTIONAL_ANCHOR,
    VAGUE_WEEKS_DAYS,
    DateRef,
    Event,
    dateline_date,
    event_kind,
    find_anchored,
    find_dates,
    find_deictic,
    find_events,
    find_times,
    pinned_days,
    year_free_family,
    year_free_order,
)
from ..gazetteer import Gazetteer, load_gazetteer
from ..geo import distance_km
from ..model import Article, Place
from ..model.article import PRECISION_KEY
from ..model.claims import ImageryClaim, Observation, Site, Statement, WeatherWord, Window, _Span
from .origins import credit_after, disputes, ground_reports, independent_origins, origin, publishing_outlet
from .sites import (
    FACILITY_FEATURES,
    FACILITY_TOWN_KM,
    WIDE_FEATURES,
    _context_site,
    _referred_site,
    _sites,
    attributive,
    nearest_airfields,
    speaker_place_spans,
)
from .statements import quote_aware_sentences


def _provider_table() -> dict[str, tuple[str, str]]:
    """Provider name -> (pattern of its names, sensor it flies or '' when it flies both), from
    ``data/sensors.csv`` (:mod:`osint.claims.sensors`)."""
    out: dict[str, tuple[str, str]] = {}
    for prov in sensors.providers():
        rows = sensors.sensors_of(prov)
        names = {prov} | {a for r in rows for a in (*r.provider_aliases, *r.constellation_aliases)}
        kinds = {r.imaging for r in rows}
        out[prov] = (sensors._alias_re(tuple(names)), kinds.pop() if len(kinds) == 1 else "")
    return out


#: Imagery providers: name -> (pattern, sensor the provider flies, or '' when it flies both),
#: derived from the cited table ``data/sensors.csv``.
PROVIDERS: dict[str, tuple[str, str]] = _provider_table()


_IMAGERY_TERM = re.compile(
    r"\b(?:satellites?|imagery|radar|SAR|synthetic[- ]aperture|aerial|overhead|reconnaissance|"
    r"from (?:outer )?space|from orbit|space-?based|spaceborne)\b", re.I)


_VISUAL_TERM = re.compile(
    r"\b(?:images?|imagery|photos?|photographs?|pictures?|show(?:s|ed|n|ing)?|captured?|reveal(?:s|ed)?|"
    r"depict(?:s|ed)?|visible|seen|spotted|recorded|filmed|observed|detected|identified|imaged|"
    r"photographed|indicate[sd]?|analy[sz]e[sd]?|analysis)\b", re.I)




_AIRCRAFT_TYPE = (r"(?:Tu|Il|Su|MiG|An|Ka|Mi|Yak|Be|F|B|C|E|P|KC|J|H|Y|JH|A|AH|UH|CH|MQ|RQ|KJ)-\d{1,3}"
                  r"[A-Z]{0,3}\d?")
_VEHICLE_TYPE = r"(?:T-\d{2,3}[A-Z]{0,3}\d?|BMP-\d|BTR-\d{2}|BMD-\d|MT-LB|2S\d{1,2}|M\d{1,4}A\d|M270|HIMARS)"
_COLOURS = r"red|blue|green|yellow|white|black|orange|purple|brown|gr[ae]y|pink"

#: Observation vocabulary: label -> pattern, in priority order (an earlier match takes its span).
#: Generic things imagery analysts report: parades and rehearsals, vehicles and aircraft (with
#: types), vessels, damage (craters, collapsed, burned, scorched), construction and earthworks.
OBSERVATIONS: list[tuple[str, re.Pattern[str]]] = [
    ("number formation", re.compile(
        r"\bformations?\s+of\s+(?:the\s+)?(?:number|numeral|figure|digits?)s?\s+[“\"']?(?P<value>\d+)[”\"']?",
        re.I)),
    ("destroyed equipment", re.compile(
        r"\b(?:destroyed|burn(?:ed|t)(?:[- ]out)?|damaged|wrecked|charred)\s+(?:\w+\s+){0,2}?"
        r"(?:aircraft|jets?|planes?|helicopters?|bombers?|fighters?|vehicles?|tanks?|trucks?|launchers?|"
        r"equipment|radars?)\b", re.I)),
    ("aircraft", re.compile(
        rf"(?<![\w-])(?P<detail>{_AIRCRAFT_TYPE})(?![\w-])(?:\s+(?:strategic\s+)?(?:bombers?|jets?|fighters?|"
        r"aircraft|planes?|transports?|helicopters?|tankers?|drones?))?")),
    ("vehicles", re.compile(
        rf"(?<![\w-])(?P<detail>{_VEHICLE_TYPE})(?![\w-])"
        r"(?:\s+(?:main battle\s+)?(?:tanks?|(?:infantry fighting |"
        r"armou?red )?vehicles?|launchers?|howitzers?))?")),
    ("vehicles", re.compile(
        r"\b(?P<detail>many|dozens of|hundreds of|scores of|rows of|lines of|columns? of|convoys? of|"
        r"large numbers? of|numerous|a large number of)\s+(?:\w+\s+){0,2}?(?:vehicles?|trucks?|tanks)\b"
        r"|\b(?:vehicles?|trucks?)\s+(?P<detail2>gathered|parked|lined up|massed|assembled|queued)\b", re.I)),
    ("rehearsing participants", re.compile(
        r"\b(?:participants?|troops|people|crowds?|performers?)\b[^.;]{0,30}?\brehears\w*|\brehears\w*",
        re.I)),
    ("slogans", re.compile(r"\bslogans?\b", re.I)),
    ("marching units", re.compile(
        r"\b(?:(?:military\s+)?units?|troops|soldiers|columns?)\b[^.;]{0,40}?\bmarch\w*|\bmarch(?:ing|ed)\b",
        re.I)),
    ("craters", re.compile(r"\bcraters?\b|\bimpact (?:sites?|points?)\b", re.I)),
    ("collapsed structures", re.compile(
        r"\bcollapsed\s+(?:\w+\s+){0,2}?(?:structures?|buildings?|roofs?|hangars?|walls?|bridges?)\b|"
        r"\b(?:structures?|buildings?|roofs?|hangars?|bridges?|spans?)\s+(?:had\s+|have\s+|has\s+)?collapsed\b|"
        r"\b(?:destroyed|flattened|razed)\s+(?:\w+\s+)?(?:buildings?|structures?|hangars?|houses?)\b|\brubble\b",
        re.I)),
    ("burned structures", re.compile(
        r"\b(?:burn(?:ed|t)(?:[- ]out)?|charred|gutted|fire-damaged)\s+(?:\w+\s+){0,2}?"
        r"(?:structures?|buildings?|"
        r"hangars?|houses?|warehouses?|depots?|facilit(?:y|ies))\b", re.I)),
    ("scorch marks", re.compile(
        r"\bscorch(?:ed|ing)?(?:\s+(?:marks?|earth|ground|areas?))?\b|\bburn\s+(?:scars?|marks?)\b|"
        r"\bblackened\s+(?:ground|areas?|patches)\b", re.I)),
    ("debris", re.compile(r"\bdebris\b|\bwreckage\b", re.I)),
    ("smoke", re.compile(r"\b(?:smoke|plumes?|fires? (?:burning|raging)|blazes?)\b", re.I)),
    ("trenches", re.compile(
        r"\btrench(?:es)?\b|\brevetments?\b|\bearthworks?\b|\bberms?\b|\bfortifications?\b|"
        r"\bdefensive (?:lines?|positions?)\b|\bdragon'?s teeth\b", re.I)),
    ("vehicles", re.compile(r"\bvehicles?\b|\btrucks?\b|\btanks\b|\blaunchers?\b|\bTELs?\b|\bconvoys?\b|"
                            r"\bartillery\b|\bhowitzers?\b|\barmou?red (?:columns?|vehicles?)\b", re.I)),
    ("missiles", re.compile(r"\bmissiles?\b|\brockets?\b|\bICBMs?\b", re.I)),
    ("aircraft", re.compile(r"\baircraft\b|\bjets?\b|\bhelicopters?\b|\bdrones?\b|\bbombers?\b|"
                            r"\bfighters?\b|\bplanes?\b", re.I)),
    ("vessels", re.compile(r"\bships?\b|\bvessels?\b|\bsubmarines?\b|\bwarships?\b|\bboats?\b", re.I)),
    ("construction", re.compile(r"\bconstruct\w*|\bexcavat\w*|\bbuilding work\b|"
                                r"\bnew (?:buildings?|structures?)\b|"
                                r"\bfoundations?\b|\btunnel (?:entrances?|portals?)\b", re.I)),
    ("tents", re.compile(r"\btents?\b", re.I)),
    ("flags", re.compile(r"\bflags?\b|\bbanners?\b", re.I)),
    ("crowds", re.compile(r"\bcrowds?\b|\bgatherings?\b|\bthousands of people\b", re.I)),
    ("people", re.compile(r"\b(?:people|persons|individuals|personnel|civilians|spectators|soldiers|troops|"
                          r"guards|workers)\b", re.I)),
    ("bridges", re.compile(r"\bpontoon bridges?\b|\bbridges?\b", re.I)),
    ("formations", re.compile(r"\bformations?\b", re.I)),
    ("colour", re.compile(
        rf"\b(?P<detail>{_COLOURS})\b(?=\s+(?:\w+\s+)?(?:flags?|roofs?|banners?|vehicles?|trucks?|tarps?|"
        r"tarpaulins?|paint|markings?|cards?|uniforms?|smoke|letters?|lettering|cover|sheeting|containers?))",
        re.I)),
]


#: Labels that leave their words to the others too: "burned trucks" is damage and vehicles.
_SHARED_SPAN = {"destroyed equipment"}


_NEGATION = re.compile(r"\b(?:no|not|without|nor|neither|none|never|absence of|lack of|free of|n't)\b|n't\b",
                       re.I)
_HEDGE = re.compile(
    r"\b(?:appear(?:s|ed|ing)?(?:\s+to(?:\s+be)?)?|apparent(?:ly)?|possibl[ey]|likely|probabl[ey]|suspected|"
    r"presum(?:ed|ably)|believed|seem(?:s|ed|ingly)?(?:\s+to(?:\s+be)?)?|may|might|could|reportedly|estimated|"
    r"assessed|look(?:s|ed)? like|thought to be|what (?:look|appear|seem)s?(?: like| to be)?)\b", re.I)
_CLAUSE_BREAK = re.compile(r"[,;:()]|\b(?:and|but|while|whereas|although|though|yet)\b", re.I)


def _scope(s: str, start: int, end: int) -> tuple[str, str]:
    """The words of the observation's clause before it (up to 60 characters) and just after it."""
    before = s[max(0, start - 60):start]
    parts = _CLAUSE_BREAK.split(before)
    after = s[end:end + 40]
    after = _CLAUSE_BREAK.split(after)[0]
    return parts[-1] if parts else before, after


def is_imagery_sentence(sentence: str) -> bool:
    """True when a sentence speaks of satellite, aerial or radar imagery and what it shows."""
    has_source = bool(_IMAGERY_TERM.search(sentence)) or bool(sensors.provider_mentions(sentence))
    return has_source and bool(_VISUAL_TERM.search(sentence))



#: An image credit line: "Image Pleiades © CNES 2021, Distribution Airbus DS", "Satellite image ©
#: 2024 Maxar Technologies", "Photo: Planet Labs PBC", "Credit: Umbra".
_CREDIT_LINE = re.compile(r"(?:©|\(c\)|\bcopyright\b|^\W*(?:satellite\s+)?(?:images?|imagery|photos?|"
                          r"credits?|source)\s*(?:credit)?\s*:)", re.I)


def _credit_line(text: str) -> str:
    """The article's image credit line (a short line with ©, "Image:", "Credit:" ...) when its
    credit lines name one provider only, else ""."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or len(line) > 160 or not _CREDIT_LINE.search(line):
            continue
        provs = {m.provider for m in sensors.provider_mentions(line)}
        if len(provs) == 1:
            found.setdefault(provs.pop(), line)
    return next(iter(found.values())) if len(found) == 1 else ""


def _provider_sensor(s: str) -> tuple[str, str, str, str, str | None]:
    """(provider, why, sensor, why, constellation) for an imagery sentence."""
    provider, preason, constellation = "unknown", "no provider named", None
    found = sensors.provider_mentions(s)
    if found:
        first = min(found, key=lambda f: f.start)
        named = [f for f in found if f.provider == first.provider and f.constellation]
        provider, constellation = first.provider, (named[0].constellation if named else None)
        preason = f"named: '{first.text}'" + (f"; constellation '{named[0].text}'" if named else "")
    else:
        m = re.search(r"\bcommercial\b", s, re.I)
        if m:
            provider, preason = "commercial", "'commercial' imagery, provider not named"
    # What the sentence says about its image decides, never what the image shows (an
    # air-defence radar seen is no radar image): osint.sensors.infer_sensor.
    sensor, sreason = sensors.infer_sensor(s, provider, constellation)
    return provider, preason, sensor, sreason, constellation


def _observations(s: str, base: int) -> tuple[Observation, ...]:
    out: list[Observation] = []
    taken: list[tuple[int, int]] = []
    for label, rx in OBSERVATIONS:
        for m in rx.finditer(s):
            if any(m.start() < e and b < m.end() for b, e in taken):
                continue
            gd = m.groupdict()
            value = gd.get("value")
            detail = gd.get("detail") or gd.get("detail2")
            if label == "vehicles" and detail and not re.match(_VEHICLE_TYPE, detail):
                detail = "group"
            if label == "colour" and detail:
                detail = detail.lower()
            lab = f'formations of the number "{value}"' if label == "number formation" else label
            before, after = _scope(s, m.start(), m.end())
            neg = _NEGATION.search(before)
            hedge = _HEDGE.search(before) or _HEDGE.search(after)
            if any(o.label == lab and o.negated == bool(neg) and o.detail == detail for o in out):
                continue
            if label not in _SHARED_SPAN:
                taken.append((m.start(), m.end()))
            cue = "; ".join(x.group() for x in (neg, hedge) if x)
            out.append(Observation(lab, m.group(), base + m.start(), base + m.end(), value, bool(neg),
                                   bool(hedge), cue, detail))
    return tuple(sorted(out, key=lambda o: o.start))


def _usable_places(text: str, places: list) -> tuple[list, list[tuple[int, str]]]:
    """The places that can be sites: mentions inside a provider, constellation or designation
    name ("Capella" read as Capela, Brazil; the "Tu" of "Tu-95" read as Tsu, Japan) are left out,
    each with why."""
    spans = sensors.non_site_spans(text)
    if not spans:
        return places, []
    keep, blocked = [], []
    for p in places:
        s0, s1 = p.mention.start, p.mention.end
        hit = next((why for a, b, why in spans if a < s1 and s0 < b), None)
        if hit is None:
            keep.append(p)
        elif p.entry is not None:
            blocked.append((s0, f"'{p.mention.text}' (-> {p.entry.name}, {p.entry.country_code}): {hit}, "
                                f"not a place"))
    return keep, blocked


def find_imagery_claims(article: Article | str, *, places: Sequence[Place],
                        statements: Sequence[Statement], published: dt.date | None = None,
                        gazetteer: Gazetteer | None = None) -> list[ImageryClaim]:
    """Find the sentences of an article that assert what imagery shows.

    Parameters
    ----------
    article : Article or str
        The article (its ``published`` date anchors relative dates) or plain text.
    places : sequence of Place
        The article's places, the review applied (an analysis's :attr:`osint.Case.place_list`):
        a claim's sites are among them, so a home region or an analyst's correction reaches
        them. A rejected mention is no site.
    statements : sequence of Statement
        The article's statements (:func:`find_statements`): who makes each claim.
    published : date, optional
        Overrides the article's publication date.
    gazetteer : Gazetteer, optional
        For sites described relative to a place ("20 km north of X").

    Returns
    -------
    list of ImageryClaim
        In text order, ids ``I1``, ``I2``, ...
    """
    text = article if isinstance(article, str) else article.text
    pub = published or (None if isinstance(article, str) else article.published)
    finder = _ClaimFinder(text, pub, gazetteer or load_gazetteer(), places, statements)
    if not isinstance(article, str) and pub is not None and pub == article.published \
            and article.meta.get(PRECISION_KEY) == "month":
        finder.month_only, finder.story_day = True, story_day(text, pub)
    for k, sent in enumerate(finder.sents):
        if is_imagery_sentence(sent.text):
            # "The image, taken through thin cloud, shows ...": the images the claim just before
            # introduced, whoever they are credited to there.
            finder.claims.append(finder.claim(k, sent, follows=finder.same_images(k, sent)))
        elif (prev := finder.continued(k, sent)) is not None:
            finder.claims.append(finder.claim(k, sent, follows=prev))
        elif (credit := finder.credited_next(k, sent)) is not None:
            finder.claims.append(finder.claim(k, sent, credit=credit))
        elif finder.claims and story_images(sent.text):
            # "Images taken on Tuesday show two burned bombers", further on in an article whose
            # imagery is satellite imagery: the article's images, credited to no one here.
            finder.claims.append(finder.claim(k, sent))
    spans = [(p.mention.start, p.mention.end) for p in places]
    outlet = ("", "") if isinstance(article, str) else publishing_outlet(article.meta)
    return _cross_read(text, finder.claims, [(x.start, x.text) for x in finder.sents], spans, outlet)


def story_day(text: str, month_end: dt.date) -> dt.date | None:
    """For an article known to be published in a month only (``month_end``, its last day): the
    latest full date it gives in that month, which its weekdays are read near ("on Saturday" is a
    day of its own story, not the month's last Saturday), or None. Days and months without a year
    still hang on the month's end, the bound the publication gives."""
    first = month_end.replace(day=1)
    days = [d.date_start for d in find_dates(text, None) if d.kind == "absolute" and d.date_start
            and d.date_start == d.date_end and first <= d.date_start <= month_end]
    return max(days, default=None)


def _near_story_day(d: DateRef, day: dt.date, month_end: dt.date) -> DateRef:
    """A weekday or day word of a month-only article: the such day nearest to the article's latest
    full date in that month (``day``), never after the month's end."""
    if not (d.kind == "relative" and d.resolved and _DAY_WORDS.search(d.text)):
        return d
    refs = [r for at in (day, day + dt.timedelta(days=6)) for r in find_dates(d.text, at, offset=d.start)
            if r.resolved and r.date_end is not None and r.date_end <= month_end]
    if not refs:
        return d
    best = min(refs, key=lambda r: abs(((r.date_start or day) - day).days))
    return dataclasses.replace(best, derivation=best.derivation + f" (published in {month_end:%Y-%m}: the "
                               f"nearest to the article's latest full date in that month, {day})")


def _cross_read(text: str, claims: list[ImageryClaim], sents: list[tuple[int, str]],
                places: list[tuple[int, int]], outlet: tuple[str, str] = ("", "")) -> list[ImageryClaim]:
    """Each claim with its origin and relays, the other claims that corroborate it from
    independent origins, the sentences disputing its images and those reporting other evidence
    of what they show (:mod:`osint.claims.origins`)."""
    done: list[ImageryClaim] = []
    for c in claims:
        made, relays = origin(c, places, text)
        why = ""
        # A claim crediting no one goes on about the images credited just before ("According to
        # satellite imagery dated April 16, ..."): their origin is its own.
        credited = [d for d in done if d.origin]
        near = credited and c.start - credited[-1].end < 1200 and "\n\n" not in text[credited[-1].end:c.start]
        goes_on_ = "continues" in c.provider_reason + c.sensor_reason
        # A claim going on about the same images (its provider read from them) has their origin.
        same = goes_on_ and credited and credited[-1].provider == c.provider
        if same or (not made and credited and (goes_on_ or near)):
            made, relays, why = credited[-1].origin, credited[-1].relays, credited[-1].origin_reason
        elif not made:
            # Whose images a sentence after it says they are ("The images were released by X").
            made, why = credit_after(text, c, sents, places)
        done.append(dataclasses.replace(c, origin=made, relays=relays, origin_reason=why))
    # What the text credits to no one is the publisher's own analysis (its metadata names it).
    # Done after the others so that no claim inherits it as a credit of the text.
    uncredited = frozenset(c.id for c in done if not c.origin)
    if outlet[0]:
        done = [c if c.origin else dataclasses.replace(c, origin=outlet[0], origin_reason=outlet[1])
                for c in done]
    return [dataclasses.replace(
        c, corroborated_by=tuple(f"{i}: {o}" for i, o in independent_origins(c, done, uncredited)),
        disputes=disputes(text, c, sents), ground=ground_reports(text, c, sents, places)) for c in done]


#: How many sentences after an imagery claim a sentence may go on about the same images.
CONTINUE_BACK = 3

_IMAGE_NOUN = re.compile(r"\b(?:images?|imagery|photos?|photographs?|pictures?|snapshots?|frames?)\b", re.I)
_SEEN = re.compile(
    r"\b(?:(?:is|are|was|were|be|been|remain(?:s|ed)?)\s+(?:\w+ly\s+|also\s+|still\s+)?visible|"
    r"(?:can|could|may|might)\s+(?:\w+ly\s+|also\s+|still\s+)?be\s+seen)\b", re.I)
_PRONOUN_SEES = re.compile(r"^\W*(?:It|They|These|Those)\s+(?:also\s+)?(?:show|showed|shows|reveal(?:s|ed)?|"
                           r"observed|depict(?:s|ed)?|captured?)\b")


_SHOWS = re.compile(r"\b(?:shows?|showed|reveal(?:s|ed)?)\b", re.I)
#: A sentence opening on the source of the claim before it, referred to by its kind: "The New
#: York-based rights group", "The think tank", "The watchdog".
_SOURCE_BY_KIND = re.compile(
    r"^\W*The\s+(?:[\w-]+\s+){0,3}?(?:group|organi[sz]ation|watchdog|think[- ]tank|institute|NGO|monitor|"
    r"researchers|analysts|lab|laboratory|centre|center|project|initiative)\b")
#: A count of what an event leaves, as images count it: "the destruction of a total of 430
#: buildings", "at least 200 homes were burned".
_COUNTED_EFFECT = re.compile(
    r"\b(?:destr\w+|damag\w+|burn\w*|razed|flattened|levell?ed|collapsed)\b[^.;]{0,40}?\b\d[\d,]*\s+"
    r"(?:[\w-]+\s+){0,2}?(?:buildings?|structures?|homes?|houses?|shelters?|villages?|vehicles?|tents?)\b|"
    r"\b\d[\d,]*\s+(?:[\w-]+\s+){0,2}?(?:buildings?|structures?|homes?|houses?|shelters?|villages?|"
    r"vehicles?|tents?)\b[^.;]{0,40}?\b(?:destr\w+|damag\w+|burn\w*|razed|flattened|levell?ed|collapsed)\b",
    re.I)
_ACCORDING = re.compile(
    r"^\W*According to (?:the\s+)?(?:[\w-]+\s+){0,2}?(?:data|images?|imagery|analysis|photos?)\b"
    # "In the pictures, the buildings look intact": what is in the images just introduced.
    r"|^\W*(?:In|On)\s+(?:the|these|those|this|that|both)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:images?|imagery|pictures?|photos?|photographs?|frames?|shots?)\b")


#: A sentence whose subject is images and says what they show: "Images taken on Tuesday show
#: ...", "New pictures released on Friday reveal ...", "The photos indicate ...".
_IMAGES_SHOW = re.compile(
    r"^\W*(?:[\w-]+\s+){0,3}?(?:images?|imagery|photos?|photographs?|pictures?)\b[^.;]{0,80}?\b"
    r"(?:show(?:s|ed)?|reveal(?:s|ed)?|indicate[sd]?|depict(?:s|ed)?|suggest(?:s|ed)?)\b", re.I)
#: Images that are not from overhead: videos, footage, what residents, witnesses or social media
#: posted, a camera on the ground.
_GROUND_MEDIA = re.compile(
    r"\b(?:videos?|footage|film(?:ed)?|camera|cctv|social media|telegram|posted|shared online|residents?|"
    r"witness(?:es)?|eyewitness|journalists?|photographer|reporters?|selfies?|handout photos?|drone footage|"
    r"smartphone|phone)\b", re.I)


def story_images(sentence: str) -> bool:
    """True for a sentence that opens on images and says what they show, naming no video, footage
    or photographer on the ground: in an article that has spoken of satellite imagery before, its
    images are that imagery, however far from where it was introduced."""
    return bool(_IMAGES_SHOW.match(sentence)) and not _GROUND_MEDIA.search(sentence)


def goes_on(sentence: str) -> bool:
    """True when a sentence goes on about images already introduced: it speaks of an image and
    what it shows ("The images reveal ...", "a photo seemed to show ..."), says what is visible
    ("four launch positions are visible", "can be seen"), or has them show it ("It observed ...")."""
    if _IMAGE_NOUN.search(sentence) and _VISUAL_TERM.search(_IMAGE_NOUN.sub(" ", sentence)):
        return True
    return bool(_SEEN.search(sentence) or _PRONOUN_SEES.search(sentence) or _ACCORDING.search(sentence))


class _ClaimFinder:
    """What finding an article's imagery claims reads across its sentences: the places that can
    be sites, who speaks in each sentence and from where, and the claims found so far."""

    def __init__(self, text: str, pub: dt.date | None, gaz: Gazetteer, places: Sequence[Place],
                 statements: Sequence[Statement]) -> None:
        all_dates = find_dates(text, pub)
        # An undated article's dateline ("KYIV, March 3 (Reuters) -") is the day it was filed: its
        # publication date, not a date of what its first sentence reports.
        self.dateline = dateline_date(text, all_dates) if pub is None else None
        if self.dateline is not None:
            pub = self.dateline.date_start
            all_dates = [d for d in find_dates(text, pub) if d.start != self.dateline.start]
        self.pub, self.gaz, self.text = pub, gaz, text
        #: A publication known to the month only (``pub`` its last day), and the latest full date
        #: the article gives in that month.
        self.month_only = False
        self.story_day: dt.date | None = None
        self.all_dates = all_dates
        # An undated article's relative dates ("on Friday") hang on the latest full date it gives:
        # it was written after that day, and its weekdays are those of its own story.
        full = [d.date_start for d in all_dates if d.kind == "absolute" and d.date_start
                and d.date_start == d.date_end]
        # A weekday given with its day and month ("Monday, August 12") pins the year.
        full += pinned_days(text, all_dates) if pub is None else []
        self.anchor = pub or (max(full) if full else None)
        self.events = find_events(text, self.anchor, dates=all_dates if pub else None)
        # No date and no year anywhere: the year-free dates can still be ordered among themselves.
        self.year_free: list[Event] = []
        if self.anchor is None:
            self.year_free = [e for e in find_events(text, NOTIONAL_ANCHOR) if year_free_family(e.date)]
        found = [p for p in places if p.mention.kind != "rejected"]
        self.places, self.blocked = _usable_places(text, found)
        self.claims: list[ImageryClaim] = []
        self.sents = quote_aware_sentences(text)
        self.credit_line = _credit_line(text)
        self.starts = [x.start for x in self.sents]
        self.place_starts = [p.mention.start for p in self.places]
        self.said: dict[int, Statement] = {}  # a sentence's start -> the first statement with a speaker
        for x in statements:
            if x.speaker is not None:
                self.said.setdefault(x.sentence_start, x)
        # Where speakers speak from ("said analyst Jane Roe in Kyiv"), anywhere in the text: such a
        # city is never a claim site, neither in its sentence nor taken from context later.
        self.speaker_places = {x.start: speaker_place_spans(x.text, self.said.get(x.start))
                               for x in self.sents}
        spans = [(x + a, x + b) for x, got in self.speaker_places.items() for a, b, _ in got]
        self.at_speaker = {p.mention.start for p in self.places
                           if any(a <= p.mention.start < b for a, b in spans)}
        # Places that only qualify a company or people anywhere ("a San Francisco-based operator",
        # "the Finnish company", "Iranian missiles") are never taken from context either.
        based = [(m.start(), m.end()) for m in _BASED.finditer(text)]
        based += [(x.start + m.start(), x.start + m.end()) for x in self.sents
                  if (m := _DATELINE.match(x.text))]
        based += [(m.start(), m.end()) for m in _ZONE_NAME.finditer(text)]
        self.at_speaker |= {p.mention.start for p in self.places
                            if p.mention.kind == "demonym"
                            or attributive(text, p.mention.end,
                                           p.entry is not None and p.entry.feature == "country")
                            or any(a <= p.mention.start < b for a, b in based)}

    def _between(self, lo: int, hi: int) -> list[Place]:
        """The usable places whose mentions start in ``lo``..``hi`` (a slice, not a scan)."""
        starts = self.place_starts
        return self.places[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]

    def same_images(self, k: int, sent: _Span) -> ImageryClaim | None:
        """The claim just before (within :data:`CONTINUE_BACK` sentences) whose images an imagery
        sentence opening on "The image", "These photos" goes on about, or None."""
        if not self.claims or not _THE_IMAGES.match(sent.text):
            return None
        prev = self.claims[-1]
        return prev if prev.start >= self.starts[max(0, k - CONTINUE_BACK)] else None

    def continued(self, k: int, sent: _Span) -> ImageryClaim | None:
        """The imagery claim a sentence that names no imagery goes on about (within
        :data:`CONTINUE_BACK` sentences), or None."""
        if not self.claims:
            return None
        prev = self.claims[-1]
        if prev.start < self.starts[max(0, k - CONTINUE_BACK)]:
            return None
        # "Two hardened shelters ... show holes in their roofs": right after an imagery claim, what
        # "shows" is the images.
        if goes_on(sent.text) or (prev.start >= self.starts[max(0, k - 1)] and _SHOWS.search(sent.text)):
            return prev
        # "The New York-based rights group urged ... the destruction of 430 buildings": right after
        # an imagery claim, its source referred to by kind, counting what the images found.
        if prev.start >= self.starts[max(0, k - 1)] and _SOURCE_BY_KIND.match(sent.text) \
                and _COUNTED_EFFECT.search(sent.text):
            return prev
        return None

    def credited_next(self, k: int, sent: _Span) -> _Span | None:
        """The next sentence, when it credits the images this one shows to a satellite ("A
        zoomed-in image showed ten planes. The images were credited to Chang Guang Satellite
        Technology."): this sentence speaks of an image and what it shows, the next is an imagery
        sentence opening on "The images"; else None."""
        if k + 1 >= len(self.sents) or not (_IMAGE_NOUN.search(sent.text)
                                             and _VISUAL_TERM.search(_IMAGE_NOUN.sub(" ", sent.text))):
            return None
        nxt = self.sents[k + 1]
        return nxt if _THE_IMAGES.match(nxt.text) and is_imagery_sentence(nxt.text) else None

    def claim(self, k: int, sent: _Span, follows: ImageryClaim | None = None,
              credit: _Span | None = None) -> ImageryClaim:
        """The imagery claim of sentence ``k``: its provider and sensor, sites, window,
        observations, dates and times; a sentence that ``follows`` an earlier claim about the
        same images takes its provider and sensor when it names none, as one whose images the
        next sentence (``credit``) credits takes that sentence's."""
        st = self.said.get(sent.start)
        # Only the places of this sentence and the few before it matter.
        lo = self.starts[max(0, k - 3)]
        near = self._between(lo, sent.end)
        provider, preason, sensor, sreason, constellation = _provider_sensor(sent.text)
        if credit is not None and provider == "unknown":
            provider, preason, s2, sr2, constellation = _provider_sensor(credit.text)
            preason = f"the next sentence credits these images: {preason}"
            if sensor == "unknown":
                sensor, sreason = s2, f"the next sentence credits these images: {sr2}"
        if follows is not None and provider == "unknown":
            provider, constellation = follows.provider, follows.constellation
            preason = f"continues {follows.id} about the same images: {follows.provider_reason}"
        if follows is not None and sensor == "unknown":
            sensor, sreason = follows.sensor, f"continues {follows.id}: {follows.sensor_reason}"
        if provider in ("unknown", "commercial") and self.credit_line:
            # The article's own image credit ("Image Pleiades © CNES 2021, Distribution Airbus
            # DS"): the images it shows are those its claims speak of.
            line = self.credit_line
            provider, preason, s2, sr2, constellation = _provider_sensor(line)
            preason = f"the article's image credit names it ('{line[:80]}'): {preason}"
            if sensor == "unknown":
                sensor, sreason = s2, f"the article's image credit ('{line[:80]}'): {sr2}"
        skip, dropped = self._not_sites(sent, st, near)
        sites = self._sites(k, sent, st, near, lo, skip)
        dates = _dates(sent, self.anchor, self.events, self.pub, self.all_dates)
        if self.story_day is not None and self.pub is not None:
            dates = tuple(_near_story_day(d, self.story_day, self.pub) for d in dates)
        if self.dateline is not None:
            dates = tuple(d for d in dates if d.start != self.dateline.start)
        window = _window(dates, self.pub, self.claims, st, k, self.starts,
                         same_images=follows is not None or bool(_THE_IMAGES.match(sent.text)),
                         month_only=self.month_only)
        window = _release_window(sent, dates, self.pub) or window
        if window.expression is None and window.end is not None:
            window = self._released(k, window) or window
        return ImageryClaim(
            id=f"I{len(self.claims) + 1}", text=sent.text.strip(), start=sent.start,
            end=sent.start + len(sent.text.rstrip()), statement=st, provider=provider,
            provider_reason=preason, sensor=sensor, sensor_reason=sreason, sites=sites, window=window,
            observations=_observations(sent.text, sent.start), dates=dates, constellation=constellation,
            times=tuple(find_times(sent.text, offset=sent.start)),
            dropped_sites=tuple(dict.fromkeys(dropped)),
            event=_event(sent, self.events, window), weather=self._weather(sent),
            event_order=self._event_order(sent, follows),
        )

    def _released(self, k: int, window: Window) -> Window | None:
        """For a claim that gives no date, the day the article says its images were released
        ("released these images on July 21st last year"), in its sentence or the two before: a
        closer upper bound than the publication date; the window is the same assumed span up to it."""
        for x in reversed(self.sents[max(0, k - 2):k + 1]):
            m = _RELEASED.search(x.text)
            if m is None:
                continue
            days = [d for d in self.all_dates if x.start + m.end() <= d.start < x.start + m.end() + 60
                    and d.date_start and d.date_start == d.date_end]
            d = days[0].date_start if days else None
            if d is None or window.end is None or d >= window.end:
                continue
            return Window(d - dt.timedelta(days=VAGUE_WEEKS_DAYS), d, None,
                          f"no time expression; the article says the images were released on {d} "
                          f"('{days[0].text}'): taken before it, assumed the {VAGUE_WEEKS_DAYS} days up to "
                          f"it")
        return None

    def _event_order(self, sent: _Span, follows: ImageryClaim | None) -> str:
        """How the claim's images stand to its event when the article gives no year (see
        :attr:`ImageryClaim.event_order`): their year-free dates in the sentence, not the event's
        own, else those of the images it goes on about."""
        if not self.year_free:
            return ""
        ev = _event(sent, self.year_free, Window(None, None, None, ""))
        if ev is None:
            return ""
        own = [d for d in find_dates(sent.text, NOTIONAL_ANCHOR, offset=sent.start)
               if year_free_family(d) and d.start != ev.date.start]
        if not own and (follows is not None or _THE_IMAGES.match(sent.text)) and self.claims:
            prev = self.claims[-1]
            own = [d for d in find_dates(prev.text, NOTIONAL_ANCHOR, offset=prev.start)
                   if year_free_family(d) and d.start != ev.date.start]
        for d in own:
            order = year_free_order(d, ev.date)
            if order is not None:
                return (f"{order}: the images ('{d.text}') and the {ev.kind} ('{ev.text}', "
                        f"'{ev.date.text}') are dated without a year or a publication date; read in "
                        f"one {'week' if year_free_family(d) == 'weekday' else 'year'}, the images "
                        f"fall {_ORDER_WORDS[order]} it")
        return ""

    def _weather(self, sent: _Span) -> tuple[WeatherWord, ...]:
        """The weather words of the claim's sentence and paragraph."""
        lo, hi = _paragraph(self.text, sent.start)
        lo, hi = min(lo, sent.start), max(hi, sent.start + len(sent.text))
        return weather_words(self.text[lo:hi], offset=lo)

    def _not_sites(self, sent: _Span, st: Statement | None,
                   near: list[Place]) -> tuple[list[tuple[int, int]], list[str]]:
        """The spans of a sentence whose places are no sites (the speaker's affiliation, a
        provider's home, where the speaker speaks from), and the places left out, each with why."""
        skip: list[tuple[int, int]] = []
        if st and st.speaker and st.speaker.affiliation:
            i = sent.text.find(st.speaker.affiliation)
            if i >= 0:
                skip.append((sent.start + i, sent.start + i + len(st.speaker.affiliation)))
        # The provider's home ("US based firm Umbra") is not a site of the imagery.
        # "11:35 pm Pyongyang time", "06:48 Moscow time": a clock's zone, not a place imaged.
        for m in _ZONE_NAME.finditer(sent.text):
            skip.append((sent.start + m.start(), sent.start + m.end()))
        # The dateline ("MOSCOW --", "KYIV (Reuters) -") is where the reporter files from.
        if dateline := _DATELINE.match(sent.text):
            skip.append((sent.start + dateline.start(), sent.start + dateline.end()))
        for m in _BASED.finditer(sent.text):
            skip.append((sent.start + m.start(), sent.start + m.end()))
        # Provider, constellation and aircraft/weapon names ("Capella", "Tu-95") were left out of
        # the places; the city the speaker speaks from ("said analyst Jane Roe in Kyiv") is too.
        dropped = [why for at, why in self.blocked if sent.start <= at < sent.end]
        for a, b, why in self.speaker_places[sent.start]:
            skip.append((sent.start + a, sent.start + b))
            for p in near:
                if p.entry is not None and sent.start + a <= p.mention.start < sent.start + b:
                    dropped.append(f"'{p.mention.text}' (-> {p.entry.name}, {p.entry.country_code}): {why}")
        return skip, dropped

    def _sites(self, k: int, sent: _Span, st: Statement | None, near: list[Place], lo: int,
               skip: list[tuple[int, int]]) -> tuple[Site, ...]:
        """The claim's sites: named or described in its sentence; when the sentence names nothing
        finer than a country or region, those of the same speaker's claim just before, else the
        place named with "the depot" it refers to, else the last finer place named in the
        sentences or paragraph before it, else the first named after it in the paragraph
        (coarse). A town stands for the facility the article names beside it."""
        set_by_analyst = _analyst_sites(sent, near)
        if set_by_analyst:
            return set_by_analyst
        named = _sites(sent, near, self.gaz, skip)
        if any(x.feature not in WIDE_FEATURES for x in named):
            return self._facilities(named, sent.end)
        adjacent = k > 0 and bool(self.claims) and self.claims[-1].start >= self.starts[k - 1]
        sites = (_same_images_sites(self.claims, lo, sent.text, adjacent and not named)
                 or _continued_sites(self.claims, st, lo, sent.text))
        if not sites:
            # "the depot": the place named where the depot was introduced, up to REFERRED_BACK
            # sentences before.
            back = self.sents[max(0, k - REFERRED_BACK):k]
            far = self._between(back[0].start if back else sent.start, sent.start)
            usable = [p for p in far if p.mention.start not in self.at_speaker]
            sites = _referred_site(sent.text, [(x.start, x.text) for x in reversed(back)], usable)
        if not sites:
            para_lo, para_hi = _paragraph(self.text, sent.start)
            lo = min(lo, max(para_lo, self.starts[max(0, k - REFERRED_BACK)]))
            before = [p for p in self._between(lo, sent.start) if p.mention.start not in self.at_speaker]
            sites = _context_site(before, lo, sent.start)
            if not sites:
                after = [p for p in self._between(sent.end, para_hi)
                         if p.mention.start not in self.at_speaker]
                sites = _context_site(list(reversed(after)), sent.end, para_hi)
            if not sites:
                sites = self._story_facility(lo, named)
            if not sites and not named:
                # Nothing finer anywhere near: the division or country named just before, at least.
                sites = _context_site(before, lo, sent.start, wide=True)
        return self._facilities(sites, sent.end) if sites else named

    def _story_facility(self, lo: int, named: tuple[Site, ...]) -> tuple[Site, ...]:
        """The one facility the article named before ``lo`` (beyond the sentences just before the
        claim), for a claim that names no finer place and has none near it: "A drone attack hit the
        Engels air base on Monday." ... four sentences of reactions ... "Images taken on Tuesday
        show two burned bombers." The story is about that facility. Only when the article named
        one facility so far (several leave the claim's own unknown), in the country the claim
        names when it names one; never a place where a speaker speaks from."""
        earlier = [p for p in self._between(0, lo) if p.mention.start not in self.at_speaker
                   and p.entry is not None and p.entry.feature in FACILITY_FEATURES]
        entries = [p.entry for p in earlier if p.entry is not None]
        if len({(e.name, e.lat, e.lon) for e in entries}) != 1:
            return ()
        countries = {x.country_code for x in named}
        if countries and entries[-1].country_code not in countries:
            return ()
        got = _context_site(earlier, 0, lo)
        return tuple(dataclasses.replace(x, reasoning=(
            f"the sentence names no place and none is named just before it; '{x.mention}', the one "
            f"facility the article named before it, is taken as the site the story is about (coarse)"))
            for x in got)

    def _facilities(self, sites: tuple[Site, ...], upto: int) -> tuple[Site, ...]:
        """Each town site replaced by the facility the article names within
        :data:`FACILITY_TOWN_KM` of it, when it names one (the nearest), else by the town's
        facility of the kind the article ties to the town up to ``upto`` ("an airfield in Isfahan",
        "Bamako airport") when the gazetteer knows it under the town's name."""
        out = []
        for x in sites:
            if x.feature not in ("city", "capital", "town", "village"):
                out.append(x)
                continue
            near = [(distance_km(x.lat, x.lon, p.entry.lat, p.entry.lon), p) for p in self.places
                    if p.entry is not None and p.entry.feature in FACILITY_FEATURES]
            near = [(d, p) for d, p in near if d <= FACILITY_TOWN_KM]
            if not near:
                out.append(self._town_facility(x, upto) or x)
                continue
            d, p = min(near, key=lambda t: t[0])
            e = p.entry
            out.append(Site(e.name, e.lat, e.lon, e.feature, f"{e.source}:{e.source_id} {e.source_url}",
                            x.how, x.mention,
                            _kept(x) + f"'{x.mention}' is the town of {e.name}, which the article names "
                            f"('{p.mention.text}', {d:.1f} km away): the facility stands for the town",
                            (x.name, x.lat, x.lon, x.source), x.relation or "at", x.candidates, e.source_id,
                            e.country_code, entry=e))
        return tuple(out)


    def _town_facility(self, x: Site, upto: int) -> Site | None:
        """The facility of a town the article ties to it by a kind word up to ``upto`` ("the air
        base at Saki", "Kabul's airport"), found in the gazetteer under the town's name with that
        kind's words ("Kabul Airport"), within :data:`FACILITY_TOWN_KM` of the town; None when the
        article ties no such word to the town or the gazetteer has no such entry."""
        names = list(dict.fromkeys(n for n in (x.mention, x.name) if n))
        # "Hodeidah port" read as the town: the words before the kind word are the town's name.
        if (own := _ENDS_IN_KIND.match(x.mention or "")) is not None:
            names.append(own.group("town"))
        town = "|".join(re.escape(n) for n in names)
        head = self.text[:upto]
        tied = re.search(rf"\b(?P<a>{_KIND_WORDS})\s+(?:in|at|near|outside|of)\s+(?:{town})\b|"
                         rf"\b(?:{town})(?:['’]s)?\s+(?:[a-z]+\s+)?(?P<b>{_KIND_WORDS})\b", head)
        if tied is None:
            return None
        word = (tied.group("a") or tied.group("b")).lower()
        forms = next(v for k, v in _KIND_FORMS.items() if re.fullmatch(k, word))
        found = {}
        for n in names:
            for form in forms:
                for e in self.gaz.lookup(form.format(n)):
                    d = distance_km(x.lat, x.lon, e.lat, e.lon)
                    if e.feature in FACILITY_FEATURES and d <= FACILITY_TOWN_KM:
                        found[(e.source, e.source_id)] = (d, e)
        if not found and forms is _KIND_FORMS[_AIR_KINDS]:
            # Known under another name ("Senou Airport" for Bamako's): the field of that kind
            # nearest the town.
            fields = nearest_airfields(x.lat, x.lon, FACILITY_TOWN_KM, self.gaz, word)
            found = {(e.source, e.source_id): (d, e) for e, d in fields}
        if not found:
            return None
        d, e = min(found.values(), key=lambda t: t[0])
        return Site(e.name, e.lat, e.lon, e.feature, f"{e.source}:{e.source_id} {e.source_url}", x.how,
                    x.mention, _kept(x) + f"'{x.mention}' is the town of the {word} the article ties to it "
                    f"('{tied.group(0)}'): the gazetteer's {e.name}, {d:.1f} km from the town, stands "
                    f"for it", (x.name, x.lat, x.lon, x.source), x.relation or "at", x.candidates,
                    e.source_id, e.country_code, entry=e)


def _kept(x: Site) -> str:
    """The reasoning of a site another stands for, when it says what the sentence refers to ("the
    sentence's 'the camp' is ..."): kept in front of the new one."""
    return f"{x.reasoning}; " if x.how == "referred" else ""


#: Kind words an article ties to a town ("an airfield in Isfahan", "Kabul airport"), and the names
#: the gazetteer gives a town's facility of that kind ("{} Airport": the town's name in it).
_AIR_KINDS = r"air ?base|air ?field|airport|airstrip|air station"
_KIND_FORMS = {
    _AIR_KINDS: ("{} Airport", "{} International Airport",
                                                           "{} Air Base", "{} Airfield"),
    r"naval base|port|harbou?r": ("{} Port", "Port of {}", "{} Naval Base", "{} Harbour"),
    # "the Saky base": a base the gazetteer knows by the town's name, of either kind.
    r"base": ("{} Air Base", "{} Airbase", "{} Naval Base"),
}
_KIND_WORDS = "|".join(_KIND_FORMS)

#: A mention that ends in a kind word ("Hodeidah port", "Saky base"): the town's name before it.
_ENDS_IN_KIND = re.compile(rf"(?P<town>.+?)\s+(?:{_KIND_WORDS})$", re.I)


def _analyst_sites(sent: _Span, places: Sequence[Place]) -> tuple[Site, ...]:
    """The places an analyst's review file set in the sentence (relocated or added): when it
    sets any, they are the claim's sites and nothing the machine read there is."""
    out = []
    for p in places:
        a, e = p.analyst, p.entry
        if a is None or e is None or a.action not in ("relocate", "add"):
            continue
        if sent.start <= p.mention.start < sent.start + len(sent.text):
            out.append(Site(e.name, e.lat, e.lon, e.feature, f"{e.source}:{e.source_id}", "named",
                            p.mention.text, f"set by the analyst's review: {a.note}", None, None, (),
                            e.source_id, e.country_code, entry=e))
    return tuple(out)


def _paragraph(text: str, at: int) -> tuple[int, int]:
    """The bounds of the paragraph (line) holding offset ``at``."""
    lo = text.rfind("\n", 0, at) + 1
    hi = text.find("\n", at)
    return lo, len(text) if hi < 0 else hi


_ZONE_NAME = re.compile(r"\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?(?=\s+(?:standard\s+|local\s+)?time\b)")
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'’ -]{2,40}(?:,\s*[A-Z][\w.' ]{1,30})?\s*(?:\([^)]{1,40}\)\s*)?[-–—]{1,2}\s"
    # A dateline on a line of its own: "BAKU, Azerbaijan, Nov. 25".
    r"|^\s*[A-Z][A-Z.'’ -]{2,40},\s*(?:[A-Z][\w.'’ ]{1,30},\s*)?"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?[ \t]*(?=\n|$)")
_BASED = re.compile(r"\b(?:[A-Z][\w.]*\s+){0,3}[A-Z][\w.]*[- ]based\b")


_PRONOUN_REPORT_RE = re.compile(r"\b(?:he|she|they)\s+(?:added|said|says|noted|told|explained|wrote)\b",
                                re.IGNORECASE)


#: How many sentences back "the depot" may have been introduced.
REFERRED_BACK = 8


_SAME_IMAGES = re.compile(
    r"^\W*(?:The|These|Those|This|That|Both|Such|Another|Other|One|A\s+(?:zoomed-in|cropped|closer|second|later))"
    r"\s+(?:[\w-]+\s+){0,2}?(?:images?|imagery|photos?|photographs?|pictures?|views?|frames?|shots?)\b")


#: A sentence going on about images already introduced after an opening phrase ("According to
#: analysis by X, the images show", "As reported, the images were taken"), or about imagery with
#: no article at all ("Imagery shows ...", as analysts write of the images they just introduced).
_IMAGES_GO_ON = re.compile(
    r"^[^,;.]{1,80},\s+(?:the|these|those|such)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:images?|imagery|photos?|photographs?|pictures?)\b"
    r"|^\W*(?:Imagery|Images|Photos|Photographs|Pictures)\s+(?:also\s+|now\s+)?"
    r"(?:shows?|showed|reveals?|revealed|indicates?|indicated|suggests?|suggested)\b")


def _same_images_sites(earlier: list[ImageryClaim], lo: int, sentence: str,
                       adjacent: bool = False) -> tuple[Site, ...]:
    """The sites of the claim just before, for a sentence that names none and goes on about those
    images: it opens on them ("The photos, captured by ..., show ...", "Another image shows ...",
    "According to analysis by X, the images show ..."), or it is the very next sentence
    (``adjacent``): the images are of the place that claim named. Sites it only took from context
    stay so."""
    if not earlier or earlier[-1].start < lo:
        return ()
    opens = _SAME_IMAGES.search(sentence) or _IMAGES_GO_ON.search(sentence)
    if not (opens or adjacent):
        return ()
    prev = earlier[-1]
    fine = [x for x in prev.sites if not x.country_level]
    if not opens:
        # Only following it: what that claim named (a place it took from context is no better
        # than this sentence's own context), its facilities first, as context would have them.
        fine = [x for x in fine if x.how not in ("context", "referred")]
        fine = [x for x in fine if x.feature in FACILITY_FEATURES or x.source.startswith("curated")] or fine
    how = "opens on" if opens else "follows, naming no place of its own,"
    # The words placing it ("in Irkutsk Oblast") are the other sentence's: not carried over.
    return tuple(x if x.how in ("context", "referred") else dataclasses.replace(
        x, how="continued", reference=None, relation=None,
        reasoning=f"the sentence {how} the images of the claim before it ({prev.id}), which names "
                  f"{x.name}: {x.reasoning}") for x in fine)


def _continued_sites(earlier: list[ImageryClaim], st: Statement | None, lo: int,
                     sentence: str) -> tuple[Site, ...]:
    """The sites of the same speaker's claim just before (within the few sentences that bound
    context), for a sentence that names none: "..., he added" goes on about the same place."""
    if not earlier or earlier[-1].start < lo or not earlier[-1].sites:
        return ()
    prev = earlier[-1]
    mine = st.speaker.name if st is not None and st.speaker is not None else None
    theirs = prev.statement.speaker.name if prev.statement is not None and prev.statement.speaker else None
    same = mine is not None and mine == theirs
    if not same and not (mine is None and _PRONOUN_REPORT_RE.search(sentence)):
        return ()
    return tuple(dataclasses.replace(
        site, how="context",
        reasoning=f"the sentence names no place; the same speaker's claim before it ({prev.id}) is "
                  f"about {site.name} (coarse)") for site in prev.sites)


def _dates(sent: _Span, anchor: dt.date | None, events: list[Event],
           pub: dt.date | None, article: Sequence[DateRef] = ()) -> tuple[DateRef, ...]:
    """The sentence's dates: its own, resolved against the anchor (the publication date, else the
    article's latest full date, said so), and those anchored on an event the article dates ("two
    days after the strike")."""
    own = find_dates(sent.text, anchor, offset=sent.start)
    if pub is None and anchor is not None:
        own = [_undated(d, sent, anchor) if d.kind == "relative" and d.resolved else d for d in own]
    anchored = [d for d in find_anchored(sent.text, events, offset=sent.start)
                if not any(d.start < o.end and o.start < d.end for o in own)]
    # "that night", "the next day": the date named before it (this sentence's own count first).
    known = sorted([d for d in article if d.end <= sent.start] + own, key=lambda d: d.start)
    anchored += [d for d in find_deictic(sent.text, known, offset=sent.start)
                 if not any(d.start < o.end and o.start < d.end for o in own + anchored)]
    return tuple(sorted(own + anchored, key=lambda d: d.start))


_DAY_WORDS = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|"
                        r"tonight|tomorrow)\b", re.I)


def _undated(d: DateRef, sent: _Span, anchor: dt.date) -> DateRef:
    """A relative date of an article with no publication date, against the latest full date it
    gives (``anchor``): a weekday is the nearest such day to it, on either side (the story's
    weekdays are those of its own days); a day or month without a year the latest on or before two
    months after it (the article was written after its last full date, not on it)."""
    def again(at: dt.date) -> DateRef | None:
        refs = [r for r in find_dates(d.text, at, offset=d.start) if r.resolved]
        return refs[0] if refs else None

    note = f" (no publication date: anchored on the article's latest full date, {anchor})"
    if _DAY_WORDS.search(d.text):
        later = again(anchor + dt.timedelta(days=6))
        if later is not None and later.date_start is not None and d.date_start is not None and \
                abs((later.date_start - anchor).days) < abs((d.date_start - anchor).days):
            d = later
        return dataclasses.replace(d, derivation=d.derivation + note.replace("anchored on", "the nearest to"))
    later = again(anchor + dt.timedelta(days=60))
    return dataclasses.replace(later or d, derivation=(later or d).derivation + note)


def _event(sent: _Span, events: list[Event], window: Window) -> Event | None:
    """The dated event a claim is read against: one the sentence dates, else the latest of the kind
    it names ("after the strike") named before it (else the first after), else the latest dated
    event named before it, else (a dated claim only) the first dated after it, within a year of its
    window."""
    end = sent.start + len(sent.text)
    inside = [e for e in events if sent.start <= e.start < end]
    kind = event_kind(sent.text)
    same = [e for e in events if e.kind == kind] if kind else []
    # An event the sentence dates only by counting back from its images ("on March 4, six days
    # after the strike") agrees with them by construction: one the article dates elsewhere tests them.
    elsewhere = [e for e in same if not sent.start <= e.start < end]
    if inside and not (elsewhere and all(_counted(e) for e in inside)):
        return inside[0]
    if elsewhere:
        before = [e for e in elsewhere if e.start < sent.start]
        return before[-1] if before else elsewhere[0]
    before = [e for e in events if e.start < sent.start and e.date.date_start is not None]
    if before:
        ev = before[-1]
    else:
        # A lede before the background: the first event the article dates after it, when the
        # claim's images are dated (an undated claim cannot be set against it).
        after = [e for e in events if e.start >= end and e.date.date_start is not None]
        if not after or window.start is None:
            return None
        ev = after[0]
    if window.start is not None and ev.date.date_start is not None and \
            abs((window.start - ev.date.date_start).days) > 366:
        return None
    return ev


def _counted(e: Event) -> bool:
    """True for an event dated by counting back from the images of its own sentence."""
    return e.date.derivation.endswith("in the same sentence") and "counted back" in e.date.derivation


_WEATHER = re.compile(
    r"\b(?P<q>(?:(?:thick|heavy|dense|low|monsoon|high|thin|light|wispy|whispy|scattered|partly|partial|broken|"
    r"persistent|full|total|white|gr[ae]y|dark)[\s,-]+(?:and\s+)?){0,4})"
    r"(?P<w>cloud[- ]?cover|cloud(?:s|y)?|overcast|rain(?:fall|s|y)?|downpours?|storms?|"
    r"snow(?:fall|storms?)?|haze|hazy|fog(?:gy)?|mist|sandstorms?|dust ?storms?|clear sk(?:y|ies)|"
    r"cloudless|cloud-free)\b", re.I)
_THICK = {"thick", "heavy", "dense", "low", "monsoon", "persistent", "full", "total"}
_THIN = {"high", "thin", "light", "wispy", "whispy", "scattered", "partly", "partial", "broken"}


def weather_words(text: str, *, offset: int = 0) -> tuple[WeatherWord, ...]:
    """Weather the text states ("thick monsoon cloud", "overcast", "clear skies"), each with its
    kind and, when said, how thick.

    >>> [(w.text, w.kind, w.strength) for w in weather_words("Thick monsoon cloud hid the base.")]
    [('Thick monsoon cloud', 'cloud', 'thick')]
    """
    out = []
    for m in _WEATHER.finditer(text):
        w = m.group("w").lower()
        quals = set(re.findall(r"[a-z]+", m.group("q").lower()))
        kind = ("clear" if w.startswith(("clear", "cloudless", "cloud-free")) else
                "cloud" if w.startswith(("cloud", "overcast")) else
                "rain" if w.startswith(("rain", "downpour", "storm")) else
                "snow" if w.startswith("snow") else "haze")
        strength = ("thick" if quals & _THICK or w == "overcast" else "thin" if quals & _THIN else "")
        out.append(WeatherWord(m.group(0), offset + m.start(), offset + m.end(), kind, strength))
    return tuple(out)


#: Images released, published or shown on a day: "released these images on July 21st".
_RELEASED = re.compile(r"\b(?:released|published|presented|unveiled|made public)\s+"
                       r"(?:the\s+|these\s+|those\s+|its\s+|their\s+)?(?:[\w-]+\s+)?"
                       r"(?:images?|imagery|photos?|photographs?|pictures?)\b", re.I)

#: A date said of the images' release, not their capture: "were published in Monday's edition",
#: "released on 3 May", "unveiled Friday".
_RELEASE_BEFORE = re.compile(r"\b(?:published|released|unveiled|made public|presented|issued|posted|"
                             r"printed|broadcast|aired)\s+(?:\w+\s+)?(?:in|on|at)?\s*(?:the\s+|its\s+)?$",
                             re.I)


def _release_window(sent: _Span, dates: tuple[DateRef, ...], pub: dt.date | None) -> Window | None:
    """The window of a claim whose only dates are its images' release ("pictures ... were
    published in Monday's edition"): taken before that day, assumed the VAGUE_WEEKS_DAYS up to
    it (None when a date of the capture is given too, or none of release)."""
    usable = [d for d in dates if d.resolved and d.kind in ("relative", "absolute") and d.date_end]
    if not usable:
        return None
    release = [d for d in usable if _RELEASE_BEFORE.search(sent.text[max(0, d.start - sent.start - 40):
                                                                      d.start - sent.start])]
    if len(release) != len(usable):
        return None
    d = max(release, key=lambda r: r.date_end or dt.date.min)
    end = d.date_end
    if end is None or (pub is not None and end > pub):
        return None
    back = min(VAGUE_WEEKS_DAYS, (end - dt.date.min).days)
    # The claim still dates its images by its own words (an upper bound): the expression is kept.
    return Window(end - dt.timedelta(days=back), end, d.text,
                  f"the claim dates the images' release ('{d.text}', {end}), not their capture: taken "
                  f"before it, assumed the {VAGUE_WEEKS_DAYS} days up to it")


#: How year-free images stand to their event, in words.
_ORDER_WORDS = {"same day": "on the day of", "after": "on or after the first day of", "before": "before"}

#: A sentence opening on images already introduced ("The pictures retrieved by ...", "These images").
_THE_IMAGES = re.compile(r"^\W*(?:The|These|Those|This|That|Its|Their)\s+(?:[\w-]+\s+){0,3}?"
                         r"(?:images?|imagery|pictures?|photos?|photographs?|shots?)\b")


def _window(dates: tuple[DateRef, ...], pub: dt.date | None, earlier: list[ImageryClaim],
            st: Statement | None, k: int, starts: list[int], *, same_images: bool = False,
            month_only: bool = False) -> Window:
    usable = [d for d in dates if d.resolved and d.kind in ("relative", "absolute")]
    if usable:
        d0 = min(d.date_start for d in usable if d.date_start)
        d1 = max(d.date_end for d in usable if d.date_end)
        return Window(d0, d1, "; ".join(d.text for d in usable),
                      "; ".join(f"'{d.text}' -> {d.date_start}..{d.date_end} ({d.derivation})"
                                for d in usable))
    if earlier and same_images:
        # "The pictures show ...": the images the claim just before dated, when it is near.
        prev = earlier[-1]
        prev_k = bisect.bisect_right(starts, prev.start) - 1
        if k - prev_k <= 2 and prev.window.start and prev.window.expression:
            return Window(prev.window.start, prev.window.end, prev.window.expression,
                          f"no time expression; it goes on about the images {prev.id} dates, so its "
                          f"window is inherited")
    if earlier and st and st.speaker:
        prev = earlier[-1]
        prev_k = bisect.bisect_right(starts, prev.start) - 1
        if prev.speaker == st.speaker.name and k - prev_k <= 2 and prev.window.start:
            return Window(prev.window.start, prev.window.end, prev.window.expression,
                          f"no time expression; continues {prev.id} by the same speaker "
                          f"('{st.speaker_text} {st.verb}'), so its window is inherited")
    if pub is not None and month_only:
        # Published some day of the month: the weeks up to any of its days.
        back = min(VAGUE_WEEKS_DAYS + pub.day - 1, (pub - dt.date.min).days)
        return Window(pub - dt.timedelta(days=back), pub, None,
                      f"no time expression; assumed the {VAGUE_WEEKS_DAYS} days up to publication, some "
                      f"day of {pub:%Y-%m}")
    if pub is not None:
        # Clamped at the calendar's first day: a (hostile) publication date of 0001-01-01.
        back = min(VAGUE_WEEKS_DAYS, (pub - dt.date.min).days)
        return Window(pub - dt.timedelta(days=back), pub, None,
                      f"no time expression; assumed the {VAGUE_WEEKS_DAYS} days up to publication ({pub})")
    return Window(None, None, None, "no time expression and no publication date")
