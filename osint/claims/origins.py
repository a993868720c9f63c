"""Where an imagery claim comes from, and what else in the article bears on it.

A claim's *origin* is who made the image or its analysis: the provider the sentence names,
else the organisation or analyst it is credited to ("imagery from the Center for Strategic and
International Studies", "according to analysis from The New York Times"). Outlets that pass it on
("reviewed by Reuters", "X, citing Maxar images", "shared with NPR") are its *relays*: a chain of
relays is one source, its origin. Two claims of one article about the same site and time from
different origins corroborate each other; the same origin relayed twice does not. A sentence that
says the images were doctored, falsified or misdated disputes the claims it is about.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from ..dates import event_kind
from ..escape import no_surrogates
from ..geo import distance_km
from ..model.claims import ImageryClaim
from ..satellites import load_satellites, satellite_mentions

#: Verbs and prepositions after which a capitalised run passes the images on, not makes them.
_RELAY = re.compile(
    r"\b(?:reviewed|obtained|seen|published|released|shared|provided|analy[sz]ed|examined|verified|"
    r"reported|first reported|distributed|posted)\s+(?:\w+\s+)?(?:by|with|to)\s+(?P<who>(?:the\s+)?"
    r"[A-Z][\w.&’'-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w.&’'-]*){0,5})")
_CITING = re.compile(
    r"(?P<who>[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,4}),?\s+(?:citing|quoting|using|based on)\s+")
#: What a source is, said before or after its name ("the Iranian newspaper Tehran Times", "The War
#: Zone publication"): not part of the name.
_KIND = (r"newspaper|daily|weekly|magazine|publication|outlet|website|broadcaster|channel|agency|"
         r"news agency|company|firm|startup|operator|provider|institute|lab|laboratory|group|think tank|"
         r"organi[sz]ation|project|initiative|programme|program|watchdog")
#: Where the image or the analysis is made: "imagery from X", "images by X", "according to X".
_MADE_BY = re.compile(
    r"\b(?:imagery|images?|photos?|photographs?|pictures?|analysis|data|report|assessment|study)\s+"
    r"(?:\w+\s+){0,2}?(?:(?:provided|supplied|shared|given)\s+to\s+(?:the\s+)?[A-Z][\w.&’'-]*"
    r"(?:\s+[A-Z][\w.&’'-]*){0,3}\s+)?"
    r"(?:from|by|released by|captured by|taken by|collected by|produced by)\s+(?:the\s+)?"
    r"(?P<who>[A-Z][\w.&’'-]*(?:\s+(?:of\s+(?:the\s+)?|for\s+(?:the\s+)?|and\s+|on\s+)?"
    r"[A-Z][\w.&’'-]*){0,8})"
    r"|\baccording to\s+(?:\w+\s+){0,2}?(?:from|by)?\s*(?:the\s+)?"
    r"(?P<who2>[A-Z][\w.&’'-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w.&’'-]*){0,6})")
#: "GeoEye-1, the commercial Earth-imaging satellite, collected an image", "Maxar released images":
#: the subject that made or released the images.
_SUBJECT_MADE = re.compile(
    r"(?:^|[.;:,]\s+|\b(?:and|but)\s+)\W*"
    rf"(?:(?:(?:the|The|A|a)\s+)?(?:[A-Z][\w-]*\s+)?(?:[a-z][\w-]*\s+){{0,2}}?(?:{_KIND})\s+|the\s+)?"
    r"(?P<who>[A-Z][\w.&’'-]*(?:[\s-]+[A-Z0-9][\w.&’'-]*){0,4})"
    rf"(?:\s*\([A-Z][A-Za-z&.]{{1,9}}\))?(?:\s+(?:{_KIND}))?"
    r"(?:,[^,.;]{0,80},)?\s+(?:has\s+|have\s+)?(?:(?:collected|captured|took|acquired|released|published|"
    r"issued|obtained|provided|shared|analy[sz]ed|examined|compared)\s+(?:[\w-]+\s+){0,3}?(?:images?|imagery|"
    r"photos?|photographs?|pictures?)|(?:made|carried out|conducted|based)\s+(?:this|the|its|their|an?)\s+"
    r"(?:assessment|analysis|finding|estimate))\b")
#: A state's media as the subject that released the images ("Russian state television has
#: released a satellite photograph", "Iranian state TV aired images"): no capitalised name to read.
_STATE_MEDIA = re.compile(
    r"(?P<who>\b[A-Z][\w’'-]+\s+state(?:-run|-owned)?\s+(?:television|TV|media|broadcaster|news\s+agency|"
    r"newspaper|radio))\s+(?:has\s+|have\s+)?(?:released|published|aired|broadcast|showed|shown|issued|"
    r"shared)\b")
#: Images said to have been published in or by a named outlet ("pictures ... were published in
#: Monday's edition of the state-run Rodong Sinmun newspaper", "photos were aired by X"): the outlet
#: released them. A day or month before the name is no part of it.
_PUBLISHED_IN = re.compile(
    r"\b(?:images?|imagery|photos?|photographs?|pictures?)\b[^.;]{0,100}?\b(?:was|were|has been|have been)\s+"
    r"(?:first\s+)?(?:published|released|aired|broadcast|printed|shown)\s+(?:in|by|on)\s+"
    r"(?:(?:the\s+)?(?:[\w’'-]+\s+){0,2}?(?:edition|issue|pages?|front page|website|bulletin)\s+of\s+)?"
    r"(?:the\s+)?"
    r"(?:state[- ]run\s+|state[- ]owned\s+|state\s+|official\s+)?"
    r"(?P<who>[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,4})")
_NOT_ORIGIN = re.compile(
    r"^(?:Satellites?|The|This|That|These|Google Earth|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday|January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b")

#: Words that say an image was forged or misdated (a forensic finding), or only disputed.
_FORGED = re.compile(
    r"\b(?:doctored|falsified|falsely dated|fake[sd]?|faked|forged|forgery|manipulated|photoshopped|"
    r"digitally (?:altered|modified|manipulated)|edited|altered|fabricated|misdated|older than|"
    r"hoax(?:es)?|(?:AI|computer)[- ]generated|recycled|misattributed|predate[sd]?|"
    # "the image is actually from 2019": a date the fact check gives it, not the claim's.
    r"(?:is|was|are|were) (?:actually|in fact|really) from (?:(?:early|mid|late)[- ])?(?:19|20)\d\d)\b",
    re.I)
#: Words saying the images show another place than the one claimed, a name following: "the real
#: location was a base in Bahrain", "the photo was actually taken in Syria", "it in fact shows
#: the carrier in Murmansk" (not "the image actually shows the damage").
_RELOCATED = re.compile(
    r"\b(?i:(?:real|actual|true) location (?:was|is)|(?:was|were|is|are) (?:actually|in fact|really) "
    r"(?:taken |shot |photographed )?(?:in|at|of|from)|(?:actually|in fact|really) show(?:s|ed)?)\b"
    # ... a name following (case-sensitive: a capital), directly or after "in", "at", "near", "of".
    r"(?=\s+(?:the\s+)?[A-Z]|(?:\s+[\w-]+){0,6}?\s+(?:in|at|near|of)\s+(?:the\s+)?[A-Z])")
_DISPUTED = re.compile(r"\b(?:denied|disputed|rejected|debunked|no evidence|false claims?|misleading)\b",
                       re.I)
#: Words that doubt a claim without disputing it: nothing against it, but no one vouches for it.
_DOUBTED = re.compile(r"\b(?:s[ck]eptic(?:al|ism|s)?|(?:under|in|open to) question|questioned|questionable|"
                      r"doubts?|doubted|doubtful|dubious|unsubstantiated|"
                      # "have been dismissed as 'useless' by analysts": the reporting rejects their worth.
                      r"(?:dismissed|brushed off|waved away) as)\b", re.I)
_NOT_BEFORE = re.compile(r"\b(?:not|never|no|n't)\s+(?:\w+\s+){0,2}$", re.I)
#: Evidence of another kind than satellite images: videos and footage, ground photos, a party's
#: confirmation or admission, an official's statement (``official``: see :func:`self_serving`).
_GROUND = re.compile(r"\b(?:videos?|footage|(?:video\s+)?clips?|(?:ground|local|eyewitness)[- ](?:photos?|"
                     r"pictures?|reports?)|(?:eye)?witness(?:es)?(?:[- ]accounts?)?|testimon(?:y|ies)|"
                     r"survivors?|confirmed|admitted|acknowledged|claimed responsibility|"
                     r"(?P<official>said in a statement|according to (?:the\s+)?(?:[A-Z][\w-]*[’']s\s+)?"
                     r"(?:government|officials?|authorities|(?:[\w-]+\s+)?ministry)|"
                     r"(?:officials?|authorities)\s+(?:said|reported|stated)))\b", re.I)
#: A party praising its own act: "an important success", "destroyed their intended targets".
_OWN_SUCCESS = re.compile(r"\b(?:success(?:ful(?:ly)?)?|achievements?|(?:hit|destroyed|struck|degraded)\s+"
                          r"(?:\w+\s+){0,2}(?:their|its|all)\s+(?:intended\s+)?targets?)\b", re.I)
#: The party an official speaks for: the capitalised words before "official(s)" ("Two U.S. senior
#: military officials", "A NADA official"), before "government"/"ministry" or its possessive.
_PARTY = re.compile(r"((?:[A-Z][\w.’'-]*\s+){1,4})(?:[a-z][\w-]*\s+){0,3}"
                    r"(?:officials?|spokes(?:man|woman|person)|government|ministry|authorities)\b")
_NOT_PARTY = frozenset(("The", "A", "An", "Two", "Three", "Four", "Five", "Several", "Some", "Many", "Other",
                        "Senior", "Top", "According", "Its", "Their"))
#: Words that end a party's phrase before its act: "Armenia since Azerbaijan launched" is not
#: Armenia's launch.
_GAP = (r"(?:(?!(?:since|after|before|when|as|and|but|while|because|until|that|which|who|of|to|from|in|on|"
        r"at)\b)[\w-]+\s+)")
#: What a party does to others that its officials then report on: "U.S. strikes", "59 U.S. Tomahawk
#: missiles", "launched by X".
_ACTS = (r"(?:air\s*)?strikes?|missiles?|attacks?|raids?|bombing|bombardment|offensive|launch(?:ed|es)?|"
         r"fired|shelling")


#: How much of an article's opening (its headline and lede) says what the story's act is.
LEDE_CHARS = 400


def self_serving(sentence: str, official: re.Match[str], story: str) -> bool:
    """True when an official's statement near a claim is a party's word on its own act: it praises
    its success ("the launch had been an important success"), or the party it speaks for is the
    one ``story`` (the article's headline and lede, the claim and the statement itself) shows
    acting ("U.S. strikes on Syrian base" ... "U.S. officials said about 20 planes were
    destroyed"); a party acting elsewhere in a long war story is not thereby speaking for itself
    here. A party that attests to harm done to it, or confirms or admits it, is not speaking for
    itself (those words are not statements here)."""
    if _OWN_SUCCESS.search(sentence):
        return True
    head = sentence[max(0, official.start() - 80):official.end()]
    for m in _PARTY.finditer(head):
        for word in m.group(1).split():
            word = re.sub(r"[’']s$", "", word)
            if word in _NOT_PARTY or len(word) < 2:
                continue
            stem = re.escape(word if "." in word or word.isupper() else word[:5])
            acts = rf"\b{stem}[\w.]*\s+{_GAP}{{0,2}}(?:{_ACTS})\b|\b(?:{_ACTS})\s+by\s+(?:the\s+)?{stem}"
            if re.search(acts, story):
                return True
    return False


_IMAGE_WORD = re.compile(r"\b(?:images?|imagery|photos?|photographs?|pictures?)\b", re.I)

#: How far apart two claims' sites may be and still be the same place.
SAME_SITE_KM = 30.0


#: A date phrase a capitalised run starts with ("On October 28 HRL published ..."): not the name.
_LEAD_DATE = re.compile(
    r"^(?:(?:On|In|By|Since|Until|After|Before|During|Early|Late|Last|This|Next)\s+)?"
    r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|"
    r"June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|"
    r"Dec)\.?,?\s+|\d{1,4}(?:st|nd|rd|th)?,?\s+)+(?=[A-Z])")


def _clean(who: str) -> str:
    who = re.sub(r"^(?:the|The)\s+", "", who.strip(" ,.’'"))
    return re.sub(r"[’']s$", "", who)


#: The short form an article gives a name in brackets right after it: "... Studies (CSIS)".
_ACRONYM_AFTER = re.compile(r"\s*\((?P<acr>[A-Z][A-Za-z&.]{1,9})\)")


def _name_at(m: re.Match[str], group: str, base: int, places: Sequence[tuple[int, int]],
             article: str = "") -> str:
    """The source a match names in ``group`` (``base``: where the matched text starts in the
    article), or "": a date phrase before it ("On October 28 HRL") and a place's possessive
    ("Iran's Islamic Revolutionary Guard Corps") are not part of it; a name starting at a place is
    where, not who; a short form the article spells out elsewhere is given in full."""
    raw = m.group(group)
    if raw is None:
        return ""
    off = 0
    if (d := _LEAD_DATE.match(raw)) is not None:
        off = d.end()
    at = base + m.start(group) + off
    if (p := _POSSESSIVE.match(raw, off)) is not None and any(a <= at < b for a, b in places):
        off, at = p.end(), base + m.start(group) + p.end()  # "Iran's X": X, of Iran
    name = _clean(raw[off:])
    if not name or _NOT_ORIGIN.match(name) or any(a <= at < b for a, b in places):
        return ""
    # The short form the article gives it, so that either form finds it ("(CSIS)").
    acr = _ACRONYM_AFTER.match(m.string, m.end(group))
    if acr is not None and acr.group("acr").upper() == acr.group("acr") and len(name.split()) > 1:
        return f"{name} ({acr.group('acr')})"
    if article and _SHORT.fullmatch(name):
        return expand_short_form(name, article) or name
    return name


_POSSESSIVE = re.compile(r"[A-Z][\w-]*[’']s\s+(?=[A-Z])")
_SHORT = re.compile(r"[A-Z]{2,6}")
#: A capitalised name with its connectors ("Center for Strategic and International Studies").
_NAME_RUN = re.compile(r"[A-Z][\w.&’'-]*(?:\s+(?:(?:of|for|and|the|on)\s+)*[A-Z][\w.&’'-]*)+")
_CONNECTOR = {"of", "for", "and", "the", "on"}


def expand_short_form(short: str, text: str) -> str:
    """The full name the article gives a short form, as "Full Name (SHORT)", or "".

    The name written just before "(SHORT)", else the first capitalised name whose words'
    initials spell it ("Humanitarian Research Lab" for HRL, connectors skipped)."""
    m = re.search(rf"({_NAME_RUN.pattern})\s*\({re.escape(short)}\)", text)
    if m is not None:
        return f"{_clean(m.group(1))} ({short})"
    for run in _NAME_RUN.finditer(text):
        words = run.group().split()
        for i, w in enumerate(words):
            if w in _CONNECTOR:
                continue
            caps = []
            for j in range(i, len(words)):
                if words[j] in _CONNECTOR:
                    continue
                caps.append(j)
                if len(caps) == len(short):
                    break
            if len(caps) == len(short) and "".join(words[j][0] for j in caps) == short:
                return f"{_clean(' '.join(words[i:caps[-1] + 1]))} ({short})"
    return ""


def origin(claim: ImageryClaim, places: Sequence[tuple[int, int]] = (),
           article: str = "") -> tuple[str, tuple[str, ...]]:
    """(origin, relays) of a claim: who made the image or analysis, and who passed it on.

    ``places``: the spans of the article's place mentions (and demonyms): a name that starts at
    one is where, not who. ``article``: the text, where a short form is spelt out."""
    s = claim.text

    def who(m: re.Match[str], group: str) -> str:
        return _name_at(m, group, claim.start, places, article)

    relays = [w for m in _RELAY.finditer(s) if (w := who(m, "who"))]
    relays += [w for m in _CITING.finditer(s) if (w := who(m, "who"))]
    if claim.provider not in ("unknown", "commercial", ""):
        made = claim.provider
        # "GeoEye-1, the ... satellite, collected an image": the text credits the satellite, as
        # its own name (its provider is read from the satellite).
        for m in _SUBJECT_MADE.finditer(s):
            name = who(m, "who")
            if name and any(x.text == name for x in satellite_mentions(name)):
                made = name
                break
    else:
        made = ""
        for m in [*_MADE_BY.finditer(s), *_SUBJECT_MADE.finditer(s), *_PUBLISHED_IN.finditer(s)]:
            name = who(m, "who") or (who(m, "who2") if "who2" in m.re.groupindex else "")
            if name and name not in relays:
                made = name
                break
        state = _STATE_MEDIA.search(s)
        if not made and state is not None:
            made = " ".join(state.group("who").split())
        if not made and claim.affiliation:
            made = claim.affiliation
        elif not made and claim.speaker:
            made = claim.speaker
        elif not made and relays:
            made, relays = relays[0], relays[1:]  # "analysed by X" with nothing before: X made the analysis
    rel = tuple(dict.fromkeys(r for r in relays if r and r.lower() != made.lower()))
    return made, rel


#: How many sentences after a claim crediting no one may say whose its images are ("The images
#: were provided to The Post by ...").
CREDIT_AFTER = 3


def credit_after(text: str, claim: ImageryClaim, sentences: Sequence[tuple[int, str]],
                 places: Sequence[tuple[int, int]] = ()) -> tuple[str, str]:
    """(origin, reason) for a claim its own sentence credits to no one, from one of the
    CREDIT_AFTER sentences after it that says who made or released images ("The images were
    released by X", "X published a photo"), or ("", "")."""
    after = [(st, s) for st, s in sentences if st >= claim.end][:CREDIT_AFTER]
    for st, s in after:
        for m in [*_MADE_BY.finditer(s), *_SUBJECT_MADE.finditer(s)]:
            name = _name_at(m, "who", st, places, text)
            if name:
                return name, f"credited a few sentences on: “{s.strip()[:120]}”"
    return "", ""


#: Sidecar keys that name the article's publisher, in order of preference.
OUTLET_KEYS = ("outlet", "publisher", "source")
#: Longer than any outlet's name: a longer value is not one.
MAX_OUTLET_CHARS = 120
OUTLET_REASON = "the publishing outlet's own analysis (from the article's metadata)"
HOST_REASON = "the publishing outlet's own analysis (from the host of the article's url)"


def publishing_outlet(meta: Mapping[str, object]) -> tuple[str, str]:
    """(outlet, reason) of an article from its metadata: the sidecar's ``outlet``, ``publisher``
    or ``source``, else the host of its ``url`` (``www.`` dropped); ("", "") when it gives none.

    An imagery analysis no one is credited with in the text is the publisher's own (38 North's,
    a newspaper's visual desk): its origin is the outlet."""
    for k in OUTLET_KEYS:
        v = meta.get(k)
        if isinstance(v, str) and 0 < len(v.strip()) <= MAX_OUTLET_CHARS and not v.strip().startswith("http"):
            return no_surrogates(" ".join(v.split())), OUTLET_REASON
    url = meta.get("url") or meta.get("source_url")
    if isinstance(url, str) and len(url) <= 2000:
        try:
            parts = urlsplit(url.strip())
            host = parts.hostname or ""
        except ValueError:
            return "", ""
        if parts.scheme in ("http", "https") and re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", host):
            return re.sub(r"^www\.", "", host), HOST_REASON
    return "", ""


def _key(name: str) -> str:
    return re.sub(r"\W+", " ", name.lower()).strip()


def _operator(name: str) -> str:
    """The provider of the satellite an origin names ("WorldView 3" -> "Maxar"), else the name: a
    satellite's images are its operator's."""
    ms = satellite_mentions(name)
    if len(ms) == 1 and ms[0].text == name.strip():
        by_id = {x.id: x.provider for x in load_satellites()}
        providers = {by_id[i] for i in ms[0].ids if by_id.get(i)}
        if len(providers) == 1:
            return providers.pop()
    return name


def same_source(a: str, b: str) -> bool:
    """True when two origins name the same source ("Planet" and "Planet Labs PBC", "WorldView-3"
    and "Maxar")."""
    a, b = _operator(a), _operator(b)
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    # "Center for Strategic and International Studies (CSIS)" and "CSIS": one short form.
    sa, sb = _short_form(a), _short_form(b)
    return (ka == kb or ka.split()[0] == kb.split()[0] or bool(sa and sa in (kb, sb))
            or bool(sb and sb == ka))


def _short_form(name: str) -> str:
    """The short form in brackets at the end of an origin ("... Studies (CSIS)" -> "csis"), or ""."""
    m = re.search(r"\(([^()]+)\)\s*$", name)
    return _key(m.group(1)) if m else ""


def _same_site(a: ImageryClaim, b: ImageryClaim) -> bool:
    return any(distance_km(x.lat, x.lon, y.lat, y.lon) <= SAME_SITE_KM
               and not (x.country_level or y.country_level) for x in a.sites for y in b.sites)


def _same_time(a: ImageryClaim, b: ImageryClaim) -> bool:
    if a.event is not None and b.event is not None and a.event.date.date_start == b.event.date.date_start:
        return True
    wa, wb = a.window, b.window
    if None in (wa.start, wa.end, wb.start, wb.end):
        return True  # undated: the article puts them side by side
    assert wa.start is not None and wa.end is not None and wb.start is not None and wb.end is not None
    return wa.start <= wb.end and wb.start <= wa.end


#: An origin that names someone ("Planet", "38 North", "the BBC"), not a group ("media", "officials").
_NAMED = re.compile(r"^(?:the\s+)?[A-Z0-9]")


def independent_origins(claim: ImageryClaim, others: Sequence[ImageryClaim],
                        uncredited: frozenset[str] = frozenset()) -> tuple[tuple[str, str], ...]:
    """The other claims of the article that corroborate ``claim``: about the same site and time,
    from an origin of their own (not the claim's, nor one of its relays, nor relaying it), as
    (claim id, origin), one per origin; an origin that names no one in particular ("media",
    "officials") is none. A claim the text credits to no one (the ids in
    ``uncredited``, whose origin is only the publishing outlet) neither corroborates nor is
    corroborated in its own article: the outlet reports the images the article credits, most
    likely the same ones, which would count one source twice."""
    mine = [claim.origin, *claim.relays]
    out: dict[str, tuple[str, str]] = {}
    if claim.id in uncredited or not _NAMED.match(claim.origin):
        return ()
    for o in others:
        if o.id == claim.id or not o.origin or not claim.origin or o.id in uncredited:
            continue
        if not _NAMED.match(o.origin):
            continue  # "some media reports", "officials": nobody in particular, no second source
        if any(same_source(o.origin, m) for m in mine) or any(same_source(claim.origin, r) for r in o.relays):
            continue  # the same image or analysis, relayed
        if not (_same_site(claim, o) and _same_time(claim, o)):
            continue
        if not o.observations and not claim.observations:
            continue
        out.setdefault(_key(o.origin), (o.id, o.origin))
    return tuple(out.values())


def disputes(text: str, claim: ImageryClaim, sentences: Sequence[tuple[int, str]]) -> tuple[str, ...]:
    """Sentences of the article that say the claim's images were forged or misdated
    (``forged: ...``), dispute them (``disputed: ...``) or doubt them (``doubted: ...``: "experts
    remain skeptical", "the claim is under question"): those speaking of images in the claim's
    paragraph, the three sentences either side or the headline, and the sentence right after the
    claim in its paragraph, which speaks of its images without naming them ("Analysis revealed
    two hoaxes")."""
    out: list[str] = []
    moved: list[str] = []  # "relocated: ...", after the others (the first says how the images are wrong)
    k = next((i for i, (st, _) in enumerate(sentences) if st >= claim.start), len(sentences))
    around = {st for st, _ in sentences[max(0, k - 3):k + 4]}
    para_lo = text.rfind("\n", 0, claim.start) + 1
    para_hi = text.find("\n", claim.end)
    para_hi = len(text) if para_hi < 0 else para_hi
    first_hi = text.find("\n")
    nxt = next((st for st, _ in sentences if st >= claim.end), -1)
    for start, s in sentences:
        near = para_lo <= start < para_hi or start in around or start < (first_hi if first_hi > 0 else 200)
        right_after = start == nxt and para_lo <= start < para_hi
        if start == claim.start or claim.start <= start < claim.end:
            continue
        if not near or not (right_after or _IMAGE_WORD.search(s)):
            if _doubts_article(s):
                word = m.group() if (m := _DOUBTED.search(s)) else ""
                out.append(f"doubted: '{word}' in “{s.strip()[:160]}”")
            continue
        rel = _RELOCATED.search(s)
        if rel and not _NOT_BEFORE.search(s[max(0, rel.start() - 25):rel.start()]):
            # The article puts the images elsewhere: their place, not only their truth, is wrong.
            moved.append(f"relocated: '{rel.group()}' in “{s.strip()[:160]}”")
        m = _FORGED.search(s)
        if m and _NOT_BEFORE.search(s[max(0, m.start() - 25):m.start()]):
            continue  # "the images were not doctored"
        if m:
            out.append(f"forged: '{m.group()}' in “{s.strip()[:160]}”")
        elif m := _DISPUTED.search(s):
            out.append(f"disputed: '{m.group()}' in “{s.strip()[:160]}”")
        elif (m := _DOUBTED.search(s)) and not _NOT_BEFORE.search(s[max(0, m.start() - 25):m.start()]):
            out.append(f"doubted: '{m.group()}' in “{s.strip()[:160]}”")
    return tuple(out + moved)


_CLAIM_NOUN = re.compile(r"\b(?:the|these|those|such|their|its|this)\s+(?:\w+\s+)?claims?\b", re.I)


def _doubts_article(sentence: str) -> bool:
    """True for a sentence doubting the article's imagery or claims as such, wherever it stands
    ("outside experts remain skeptical about whether the satellite can send imagery", "the
    claim is still under question"): doubt, unlike a dispute, only withholds belief."""
    m = _DOUBTED.search(sentence)
    return bool(m and not _NOT_BEFORE.search(sentence[max(0, m.start() - 25):m.start()])
                and (_IMAGE_WORD.search(sentence) or _CLAIM_NOUN.search(sentence)))


#: How many sentences either side of a claim may report other evidence of what its images show.
GROUND_NEAR = 5


def _near(text: str, claim: ImageryClaim, sentences: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    """The sentences near ``claim``: in its paragraph or within GROUND_NEAR sentences either side
    (not its own)."""
    k = next((i for i, (st, _) in enumerate(sentences) if st >= claim.start), len(sentences))
    around = {st for st, _ in sentences[max(0, k - GROUND_NEAR):k + GROUND_NEAR + 1]}
    para_lo = text.rfind("\n", 0, claim.start) + 1
    para_hi = text.find("\n", claim.end)
    para_hi = len(text) if para_hi < 0 else para_hi
    return [(st, s) for st, s in sentences
            if st != claim.start and not (claim.start <= st < claim.end)
            and (para_lo <= st < para_hi or st in around)]


#: Words too common to tie a sentence to a claim's content.
_COMMON = (
    "that this these those there their them they with from have has had were was been being which what "
    "when where while about after before over under into onto also more most some such than then very "
    "said says according image images imagery satellite satellites photo photos picture pictures show "
    "shows showed shown seen could would should other another same only just")
_COMMON_WORDS = frozenset(_COMMON.split())


def _content_words(s: str) -> set[str]:
    """The words of ``s`` that carry content (four letters or more, not common), plural -s off."""
    words = {w.lower() for w in re.findall(r"[^\W\d_][\w’'-]{3,}", s)}
    return {re.sub(r"(?<=[^s])s$", "", w) for w in words if w not in _COMMON_WORDS}


def _about_the_claim(s: str, st: int, claim: ImageryClaim, places: Sequence[tuple[int, int]]) -> bool:
    """True when a sentence near a claim is about its matter: it names a place, an event, or a
    word of the claim ("videos closely related to its work" is about none of them)."""
    if any(st <= a < st + len(s) for a, _ in places):
        return True
    return event_kind(s) is not None or bool(_EFFECTS.search(s)) \
        or bool(_content_words(s) & _content_words(claim.text))


#: What an event leaves, which images of its aftermath show: "two ships were damaged".
_EFFECTS = re.compile(r"\b(?:damag\w*|destroy\w*|destruction|killed|injured|wounded|dead|casualt\w*|"
                      r"burn\w*|craters?|sunk|sank|flooded|fled|displaced)\b", re.I)


def ground_reports(text: str, claim: ImageryClaim, sentences: Sequence[tuple[int, str]],
                   places: Sequence[tuple[int, int]] = ()) -> tuple[str, ...]:
    """Sentences near the claim reporting evidence of another kind than its images (videos, footage,
    ground photos, a party's confirmation or admission), not credited to the claim's own origin,
    neither negated ("could not be confirmed") nor disputing, and about the claim's matter (a place,
    an event or a word of the claim) (``ground: ...``). Evidence of another kind from someone else
    is independent of the images: it corroborates them (soft)."""
    out = []
    mine = [x for x in (claim.origin, *claim.relays) if x]
    for st, s in _near(text, claim, sentences):
        m = _GROUND.search(s)
        if m is None or _NOT_BEFORE.search(s[max(0, m.start() - 40):m.start()]):
            continue
        if not _about_the_claim(s, st, claim, places):
            continue
        if _DISPUTED.search(s) or _FORGED.search(s) or _DOUBTED.search(s):
            continue
        if any(same_source(w, o) for o in mine for w in re.findall(r"[A-Z][\w-]+", s)):
            continue  # the claim's own source speaking of other evidence: its word, not another's
        if m.group("official") and self_serving(s, m, f"{text[:LEDE_CHARS]}\n{claim.text}\n{s}"):
            continue  # a party's word on its own act is its claim, not another observation
        out.append(f"ground: '{m.group()}' in “{s.strip()[:160]}”")
    return tuple(out)
