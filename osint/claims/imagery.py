"""Imagery claims: sentences that assert what satellite, aerial or radar imagery shows.

For each: the provider, the sensor (``sar``, ``optical`` or ``unknown``), the
sites (:mod:`osint.claims.sites`), the time window (from :mod:`osint.dates`) and
what is said to be seen, each with the words and the rule behind it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from ..article import Article
from ..dates import VAGUE_WEEKS_DAYS, DateRef, find_dates
from ..gazetteer import Gazetteer, load_gazetteer
from .model import ImageryClaim, Observation, Statement, Window
from .sites import _context_site, _sites
from .statements import find_statements, quote_aware_sentences

#: Imagery providers: name -> (pattern, sensor the provider flies, or '' when it flies both).
PROVIDERS: dict[str, tuple[str, str]] = {
    "Umbra": (r"\bUmbra\b", "sar"),
    "Capella Space": (r"\bCapella\b", "sar"),
    "ICEYE": (r"\bICEYE\b", "sar"),
    "Synspective": (r"\bSynspective\b", "sar"),
    "Planet": (r"\bPlanet(?:\s+Labs)?\b|\bPlanetScope\b|\bSkySat\b", "optical"),
    "Maxar": (r"\bMaxar\b|\bDigitalGlobe\b|\bWorldView\b", "optical"),
    "Airbus": (r"\bAirbus\b|\bPl[eé]iades\b", "optical"),
    "BlackSky": (r"\bBlackSky\b", "optical"),
    "Satellogic": (r"\bSatellogic\b", "optical"),
    "Sentinel-1": (r"\bSentinel-1[AB]?\b", "sar"),
    "Sentinel-2": (r"\bSentinel-2[AB]?\b", "optical"),
    "Landsat": (r"\bLandsat\b", "optical"),
    "Google Earth": (r"\bGoogle Earth\b", "optical"),
}


_IMAGERY_TERM = re.compile(
    r"\b(?:satellites?|imagery|radar|SAR|synthetic[- ]aperture|aerial|overhead|reconnaissance)\b", re.I)


_VISUAL_TERM = re.compile(
    r"\b(?:images?|imagery|photos?|photographs?|pictures?|show(?:s|ed|n|ing)?|captured?|reveal(?:s|ed)?|"
    r"depict(?:s|ed)?|visible|seen|spotted)\b", re.I)


_SAR_TERM = re.compile(r"\b(?:radar|SAR|synthetic[- ]aperture)\b", re.I)


_OPTICAL_TERM = re.compile(
    r"\b(?:optical|photographs?|true[- ]colou?r|multispectral|electro-optical)\b", re.I)


#: Observation vocabulary: label -> pattern. Generic things imagery analysts report.
OBSERVATIONS: list[tuple[str, re.Pattern[str]]] = [
    ("number formation", re.compile(
        r"\bformations?\s+of\s+(?:the\s+)?(?:number|numeral|figure|digits?)s?\s+[“\"']?(?P<value>\d+)[”\"']?",
        re.I)),
    ("rehearsing participants", re.compile(
        r"\b(?:participants?|troops|people|crowds?|performers?)\b[^.;]{0,30}?\brehears\w*|\brehears\w*",
        re.I)),
    ("slogans", re.compile(r"\bslogans?\b", re.I)),
    ("marching units", re.compile(
        r"\b(?:(?:military\s+)?units?|troops|soldiers|columns?)\b[^.;]{0,40}?\bmarch\w*|\bmarch(?:ing|ed)\b",
        re.I)),
    ("vehicles", re.compile(r"\bvehicles?\b|\btrucks?\b|\btanks\b|\blaunchers?\b", re.I)),
    ("missiles", re.compile(r"\bmissiles?\b|\brockets?\b", re.I)),
    ("aircraft", re.compile(r"\baircraft\b|\bjets?\b|\bhelicopters?\b|\bdrones?\b", re.I)),
    ("vessels", re.compile(r"\bships?\b|\bvessels?\b|\bsubmarines?\b", re.I)),
    ("construction", re.compile(r"\bconstruct\w*|\bexcavat\w*|\bbuilding work\b", re.I)),
    ("crowds", re.compile(r"\bcrowds?\b|\bgatherings?\b", re.I)),
    ("bridges", re.compile(r"\bpontoon bridges?\b|\bbridges?\b", re.I)),
    ("formations", re.compile(r"\bformations?\b", re.I)),
]


def is_imagery_sentence(sentence: str) -> bool:
    """True when a sentence speaks of satellite, aerial or radar imagery and what it shows."""
    has_source = bool(_IMAGERY_TERM.search(sentence)) or any(
        re.search(p, sentence) for p, _ in PROVIDERS.values())
    return has_source and bool(_VISUAL_TERM.search(sentence))


def _provider_sensor(s: str) -> tuple[str, str, str, str]:
    provider, preason, implied = "unknown", "no provider named", ""
    for name, (pat, sensor) in PROVIDERS.items():
        m = re.search(pat, s)
        if m:
            provider, preason, implied = name, f"named: '{m.group()}'", sensor
            break
    else:
        m = re.search(r"\bcommercial\b", s, re.I)
        if m:
            provider, preason = "commercial", "'commercial' imagery, provider not named"
    if m_sar := _SAR_TERM.search(s):
        return provider, preason, "sar", f"radar named: '{m_sar.group()}'"
    if m_opt := _OPTICAL_TERM.search(s):
        return provider, preason, "optical", f"optical imagery named: '{m_opt.group()}'"
    if implied:
        return provider, preason, implied, f"{provider} operates {implied} satellites only"
    return provider, preason, "unknown", "the sensor is not named"


def _observations(s: str, base: int) -> tuple[Observation, ...]:
    out: list[Observation] = []
    taken: list[tuple[int, int]] = []
    for label, rx in OBSERVATIONS:
        for m in rx.finditer(s):
            if any(m.start() < e and b < m.end() for b, e in taken):
                continue
            value = m.groupdict().get("value")
            lab = f'formations of the number "{value}"' if label == "number formation" else label
            if any(o.label == lab for o in out):
                continue
            taken.append((m.start(), m.end()))
            out.append(Observation(lab, m.group(), base + m.start(), base + m.end(), value))
    return tuple(sorted(out, key=lambda o: o.start))


def find_imagery_claims(article: Article | str, *, published: dt.date | None = None,
                        gazetteer: Gazetteer | None = None,
                        statements: list[Statement] | None = None) -> list[ImageryClaim]:
    """Find the sentences of an article that assert what imagery shows.

    Parameters
    ----------
    article : Article or str
        The article (its ``published`` date anchors relative dates) or plain text.
    published : date, optional
        Overrides the article's publication date.
    gazetteer : Gazetteer, optional
    statements : list of Statement, optional
        From :func:`find_statements` (computed when not given).

    Returns
    -------
    list of ImageryClaim
        In text order, ids ``I1``, ``I2``, ...
    """
    from ..places import geoparse_places

    text = article if isinstance(article, str) else article.text
    pub = published or (None if isinstance(article, str) else article.published)
    gaz = gazetteer or load_gazetteer()
    stmts = statements if statements is not None else find_statements(text, gazetteer=gaz)
    places = geoparse_places(text, gazetteer=gaz)
    claims: list[ImageryClaim] = []
    sents = quote_aware_sentences(text)
    starts = [x.start for x in sents]
    place_starts = [p.mention.start for p in places]
    said: dict[int, Statement] = {}
    for x in stmts:
        if x.speaker is not None:
            said.setdefault(x.sentence_start, x)
    for k, sent in enumerate(sents):
        if not is_imagery_sentence(sent.text):
            continue
        st = said.get(sent.start)
        # Only the places of this sentence and the few before it matter (a slice, not a scan).
        lo = starts[max(0, k - 3)]
        near = places[bisect.bisect_left(place_starts, lo):bisect.bisect_left(place_starts, sent.end)]
        provider, preason, sensor, sreason = _provider_sensor(sent.text)
        skip = []
        if st and st.speaker and st.speaker.affiliation:
            i = sent.text.find(st.speaker.affiliation)
            if i >= 0:
                skip.append((sent.start + i, sent.start + i + len(st.speaker.affiliation)))
        # The provider's home ("US based firm Umbra") is not a site of the imagery.
        for m in re.finditer(r"\b[A-Z][\w]*[- ]based\b", sent.text):
            skip.append((sent.start + m.start(), sent.start + m.end()))
        sites = _sites(sent, near, gaz, skip)
        if not sites:
            sites = _context_site(near, lo, sent.start)
        dates = tuple(find_dates(sent.text, pub, offset=sent.start))
        window = _window(dates, pub, claims, st, k, starts)
        claims.append(ImageryClaim(
            id=f"I{len(claims) + 1}", text=sent.text.strip(), start=sent.start,
            end=sent.start + len(sent.text.rstrip()), statement=st, provider=provider,
            provider_reason=preason, sensor=sensor, sensor_reason=sreason, sites=sites, window=window,
            observations=_observations(sent.text, sent.start), dates=dates,
        ))
    return claims


def _window(dates: tuple[DateRef, ...], pub: dt.date | None, earlier: list[ImageryClaim],
            st: Statement | None, k: int, starts: list[int]) -> Window:
    usable = [d for d in dates if d.resolved and d.kind in ("relative", "absolute")]
    if usable:
        d0 = min(d.date_start for d in usable if d.date_start)
        d1 = max(d.date_end for d in usable if d.date_end)
        return Window(d0, d1, "; ".join(d.text for d in usable),
                      "; ".join(f"'{d.text}' -> {d.date_start}..{d.date_end} ({d.derivation})"
                                for d in usable))
    if earlier and st and st.speaker:
        prev = earlier[-1]
        prev_k = bisect.bisect_right(starts, prev.start) - 1
        if prev.speaker == st.speaker.name and k - prev_k <= 2 and prev.window.start:
            return Window(prev.window.start, prev.window.end, prev.window.expression,
                          f"no time expression; continues {prev.id} by the same speaker "
                          f"('{st.speaker_text} {st.verb}'), so its window is inherited")
    if pub is not None:
        return Window(pub - dt.timedelta(days=VAGUE_WEEKS_DAYS), pub, None,
                      f"no time expression; assumed the {VAGUE_WEEKS_DAYS} days up to publication ({pub})")
    return Window(None, None, None, "no time expression and no publication date")
