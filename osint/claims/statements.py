"""Attributed statements: who said what, speakers linked across the article.

A reporting verb ("said", "added", "stated", "quoted ... as saying", "according
to") with its speaker, linked across the article (a later surname, a misspelt
surname one edit away, or a pronoun refers back to the most recent person
quoted), the speaker's affiliation and role from the apposition ("Ankit Panda of
the Carnegie Endowment", "A researcher at the James Martin Center ..., Dave
Schmerler,"), the quoted or reported text, and the sentence. Rule-based; every
field keeps its span and the rule that made it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..gazetteer import Gazetteer, load_gazetteer
from ..lexicon import FUNCTION_WORDS, NOT_PERSON_WORDS, PRONOUNS, REPORTING_VERBS, TITLES
from ..model.claims import Speaker, Statement, _Span
from ..text import name_key
from ..text import sentences as split_sentences

#: The reporting verbs as one regular-expression alternation, longest first.
VERBS = "|".join(sorted((v.replace(" ", r"\s+") for v in REPORTING_VERBS), key=len, reverse=True))


_VERB_RE = re.compile(rf"\b(?:{VERBS})\b")


_NAME_TOKEN = r"[A-Z][a-zà-ÿ]+(?:[-’'][A-Za-z][a-zà-ÿ]+)*"


_CAP_RUN = re.compile(rf"{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,5}}")


_QUOTE_RE = re.compile(r"“([^”]+)”|\"([^\"]+)\"")


_ORG_PAT = r"[A-Z][\w.&’'-]*(?:\s+(?:(?:of|for|and|on|the|&)\s+)*[A-Z][\w.&’'-]*)*"


_AFFIL_RE = re.compile(
    r"\b(?:at|of|from|with|for)\s+(?:the\s+)?(?:(?:US|UK|EU|[A-Z][a-z]+)[- ]based\s+)?"
    rf"(?:[A-Z][\w]*[’']s\s+)?(?P<org>{_ORG_PAT})(?:\s*\((?P<acr>[A-Z][A-Za-z]{{1,9}})\))?"
)


_ABBREVIATION_END = re.compile(r"(?:\b[ap]\.\s?m|\bU\.S|\bU\.K|\bMr|\bMrs|\bMs|\bDr|\bGen|\bLt|\bCol|\bSt|"
                               r"\bNo|\bapprox|\be\.g|\bi\.e|\bvs)\.$")


#: "the Sept. 13 attack", "on Aug. 16": a month's abbreviation before a day ends no sentence.
_MONTH_ABBREVIATION_END = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.$")


#: "10:36 a.m. Kabul time": a clock's zone after "a.m." goes on with the sentence.
_ZONE_START = re.compile(
    r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?\s+(?:standard\s+|local\s+)?time\b|[A-Z]{2,4}\b[ ,]")


#: How many sentences a quotation printed with straight double quotes may run on: '"' opens and
#: closes alike, so one left open by a typo (or a paragraph-long quote) must not swallow the text.
STRAIGHT_QUOTE_SENTENCES = 4


def _quote_open(text: str, ahead: Sequence[str] = ()) -> bool:
    """True when a quotation opened in ``text`` is not closed: more curly openers than closers, or
    an odd number of straight double quotes (outlets that print '"' for both) that one of the
    next sentences (``ahead``, on the same line) closes."""
    if text.count("“") > text.count("”"):
        return True
    n = text.count('"')
    if n % 2 == 0:
        return False
    for piece in ahead[:STRAIGHT_QUOTE_SENTENCES - 1]:
        n += piece.count('"')
        if n % 2 == 0:
            return True
    return False


def quote_aware_sentences(text: str) -> list[_Span]:
    """Sentences, merged while a quotation is open (a quote may hold several sentences)."""
    out: list[_Span] = []
    pending: _Span | None = None
    parts = split_sentences(text)
    for n, s in enumerate(parts):
        cur = s if pending is None else _Span(pending.start, s.end, text[pending.start:s.end])
        ahead = []
        for later in parts[n + 1:n + STRAIGHT_QUOTE_SENTENCES]:
            if "\n" in text[cur.end:later.end]:
                break
            ahead.append(later.text)
        if _quote_open(cur.text, ahead) and "\n" not in cur.text:
            pending = _Span(cur.start, cur.end, cur.text)
            continue
        # "taken at 10:05 p.m. local time", "the U.S. military": an abbreviation, not a sentence end,
        # when the next piece goes on in lower case on the same line.
        nxt = parts[n + 1] if n + 1 < len(parts) else None
        if nxt is not None and "\n" not in text[cur.end:nxt.start] and (
                (_ABBREVIATION_END.search(cur.text) and nxt.text[:1].islower())
                or (_MONTH_ABBREVIATION_END.search(cur.text) and nxt.text[:1].isdigit())
                or (re.search(r"\b[ap]\.\s?m\.$", cur.text) and _ZONE_START.match(nxt.text))):
            pending = _Span(cur.start, cur.end, cur.text)
            continue
        pending = None
        out.append(_Span(cur.start, cur.end, cur.text))
    if pending is not None:
        out.append(pending)
    return out


def _edit1(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one insertion, deletion or substitution."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _is_person_name(name: str, gaz: Gazetteer) -> bool:
    words = name.split()
    if len(words) < 2 or len(words) > 4 or words[0].lower() in FUNCTION_WORDS:
        return False
    if any(w.lower().strip("’'") in NOT_PERSON_WORDS for w in words):
        return False
    key = name_key(name)
    if key in gaz.names or key in gaz.demonyms or key in gaz.non_places:
        return False
    # "... Pyongyang": a run ending in a capital, country or region is a place phrase.
    tail = name_key(words[-1])
    if any(gaz.entry(i).feature in ("capital", "country", "continent", "admin1")
           for i in gaz.names.get(tail, ())):
        return False
    # "North Korean defence minister": a name opening with a place or demonym is not a person.
    for n in (1, 2):
        head = name_key(" ".join(words[:n]))
        if head in gaz.demonyms or (head in gaz.names and any(
                gaz.entry(i).feature in ("country", "continent", "admin1") for i in gaz.names[head])):
            return False
    return True


def _strip_titles(run: str, start: int) -> tuple[str, int]:
    words = run.split()
    offset = 0
    while words and words[0].lower().strip(".") in TITLES:
        offset += len(words[0]) + 1
        words = words[1:]
        # skip whitespace runs
    rest = run[offset:].lstrip()
    return rest, start + (len(run) - len(rest))


def _affiliation(text: str, gaz: Gazetteer) -> tuple[str | None, str | None, str | None]:
    """Return (organisation, role, acronym) from an apposition such as "a researcher at the X (X)"."""
    text = text.strip(" ,")
    org = acr = None
    cut = len(text)
    for m in _AFFIL_RE.finditer(text):
        cand = m.group("org").strip()
        # Trailing connectors belong to the sentence, not the name.
        cand = re.sub(r"(?:\s+(?:of|for|and|on|the|&))+$", "", cand)
        hits = gaz.names.get(name_key(cand), ())
        if hits and all(gaz.entry(i).feature in ("country", "continent", "admin1", "capital", "city")
                        for i in hits):
            continue
        if len(cand) < 2:
            continue
        org, acr = cand, m.group("acr")
        cut = m.start()
        break
    role = text[:cut].strip(" ,") or None
    if role:
        role = re.sub(r"^(?:an?|the)\s+", "", role, flags=re.I)
        if org is None and len(role.split()) > 8:
            role = None
    return org, role, acr


@dataclass
class _Attribution:
    start: int  # of the speaker reference, relative to the sentence
    end: int
    verb_start: int
    verb_end: int
    speaker_text: str
    kind: str  # 'name', 'surname', 'pronoun', 'org'
    apposition: str = ""
    priority: int = 9


def _attributions(s: str, gaz: Gazetteer) -> list[list[_Attribution]]:
    """The candidate attributions of sentence ``s``, grouped by reporting verb.

    Parameters
    ----------
    s : str
        The sentence.
    gaz : Gazetteer
        For telling people's names from other capitalised runs.

    Returns
    -------
    list of list of _Attribution
        Per reporting verb (in text order), its candidates, the most specific pattern first;
        the caller keeps the first one it can link (a lone surname that names no known speaker
        falls through).
    """
    verbs = list(_VERB_RE.finditer(s))
    found: list[_Attribution] = []
    for ns, ne, name in _person_names(s, gaz):
        found += _name_attributions(s, ns, ne, name, verbs)
    found += _surname_attributions(s, verbs)
    found += _pronoun_and_org_attributions(s)
    by_verb: dict[int, list[_Attribution]] = {}
    for a in found:
        by_verb.setdefault(a.verb_start, []).append(a)
    return [sorted(v, key=lambda a: a.priority) for _, v in sorted(by_verb.items())]


#: An organisation's head word and its "for"/"of": what follows is the rest of its name ("Institute
#: for Strategic Imagery", "Center for Naval Analyses"), never a person's.
_ORG_OF = re.compile(
    r"\b(?:Institute|Center|Centre|University|School|Council|Foundation|Endowment|Agency|Ministry|"
    r"Department|Office|Committee|Programme|Program|Initiative|Project|Laborator(?:y|ies)|Lab|"
    r"Association|Society|Forum|Organi[sz]ation|Fund|Commission|Bureau|Service|Academy|College)\s+"
    r"(?:for|of|on)\s+(?:the\s+)?$")


def _person_names(s: str, gaz: Gazetteer) -> list[tuple[int, int, str]]:
    """People's names in ``s``: capitalised runs with titles stripped ("Defence Minister Kang Sun
    Nam": after titles, up to four name words), as (start, end, name)."""
    names: list[tuple[int, int, str]] = []
    for m in _CAP_RUN.finditer(s):
        if _ORG_OF.search(s[max(0, m.start() - 40):m.start()]):
            continue  # "the Institute for Strategic Imagery": the rest of an organisation's name
        run, st = _strip_titles(m.group(), m.start())
        words = run.split()
        for n in range(min(4, len(words)), 1, -1):
            cand = " ".join(words[:n])
            if _is_person_name(cand, gaz):
                names.append((st, st + len(cand), cand))
                break
    return names


def _name_attributions(s: str, ns: int, ne: int, name: str, verbs: list[re.Match[str]]) -> list[_Attribution]:
    """A full name's attributions: "quoted NAME as saying", "NAME[, apposition | of ORG], VERB",
    "DESCRIPTION, NAME, VERB" and "VERB NAME[, apposition]"."""
    found: list[_Attribution] = []
    before = s[max(0, ns - 60):ns]
    mq = re.search(r"\bquot(?:ed|es|ing)\s+(?:[A-Z][\w’'-]*\s+){0,4}$", before)
    after = s[ne:]
    if mq and re.match(r"\s+as\s+saying\b", after):
        vs = ne + after.index("as saying")
        return [_Attribution(ns, ne, vs, vs + 9, name, "name", "", 0)]
    a = _name_then_verb(s, ns, ne, name, verbs)
    if a is not None:
        found.append(a)
    # "DESCRIPTION, NAME, VERB": "A researcher at the X (CNS), Dave Schmerler, said"
    mv = re.match(rf"\s*,\s*({VERBS})\b", after)
    pre = re.search(r"(?:^|[.;:]\s+)((?:An?|The|an?|the)\s+[^“”\"]{3,160}?),\s*$", s[:ns])
    if mv and pre:
        vs = ne + mv.start(1)
        found.append(_Attribution(ns, ne, vs, vs + len(mv.group(1)), name, "name", pre.group(1), 0))
    # "VERB NAME[, apposition]"
    mb = re.search(rf"\b({VERBS})\s+$", s[:ns])
    if mb:
        app = re.match(r",\s*([^“”\"]+?)(?:[.;]?\s*$|,\s*“)", after)
        found.append(_Attribution(ns, ne, mb.start(1), mb.end(1), name, "name",
                                  app.group(1) if app else "", 2))
    return found


def _name_then_verb(s: str, ns: int, ne: int, name: str, verbs: list[re.Match[str]]) -> _Attribution | None:
    """"NAME[, apposition | of ORG], VERB": the first verb after the name, when only an
    apposition (closed by a comma) or an "of ORG" stands between them."""
    for v in verbs:
        if v.start() < ne:
            continue
        between = s[ne:v.start()]
        if len(between) > 220 or any(q in between for q in "“”\"") or ";" in between:
            return None
        if between.strip() == "" or between.lstrip().startswith((",", "of ", "at ", "from ", "with ")):
            # A comma-led apposition must close with a comma just before the verb.
            b = between.strip()
            if b and b.startswith(",") and not b.endswith(","):
                return None
            return _Attribution(ns, ne, v.start(), v.end(), name, "name", between,
                                1 if between.strip() == "" else 3)
        return None
    return None


def _surname_attributions(s: str, verbs: list[re.Match[str]]) -> list[_Attribution]:
    """A surname alone: "Schmerler added", "Lukin said", "Rina stated", "said Lukin". Linked (or
    dropped) against the speakers known so far by find_statements."""
    found: list[_Attribution] = []
    for v in verbs:
        m = re.search(rf"\b({_NAME_TOKEN})\s*,?\s+$", s[:v.start()])
        if m and m.group(1).lower() not in TITLES | NOT_PERSON_WORDS | PRONOUNS | FUNCTION_WORDS:
            found.append(_Attribution(m.start(1), m.end(1), v.start(), v.end(), m.group(1), "surname", "", 4))
        mb = re.match(rf"\s+({_NAME_TOKEN})\b(?!\s+{_NAME_TOKEN})", s[v.end():])
        if mb and v.group() in ("said", "added", "says") and mb.group(1).lower() not in PRONOUNS:
            st = v.end() + mb.start(1)
            found.append(_Attribution(st, st + len(mb.group(1)), v.start(), v.end(), mb.group(1),
                                      "surname", "", 4))
    return found


def _pronoun_and_org_attributions(s: str) -> list[_Attribution]:
    """Pronouns ("he said") and organisations ("North Korean media said", "KCNA reported",
    "analysts said", "according to the ministry")."""
    found: list[_Attribution] = []
    for m in re.finditer(rf"\b(he|she|He|She)\s+({VERBS})\b", s):
        found.append(_Attribution(m.start(1), m.end(1), m.start(2), m.end(2), m.group(1), "pronoun", "", 5))
    for m in re.finditer(
            rf"((?:[Tt]he\s+)?(?:[A-Z][\w’'-]*\s+){{0,4}}(?:state\s+)?(?:media|news agency|agency|"
            rf"ministry|analysts?|officials?|experts?|government|[A-Z]{{3,}}))\s+(?:also\s+)?({VERBS})\b", s):
        found.append(_Attribution(m.start(1), m.end(1), m.start(2), m.end(2), m.group(1).strip(),
                                  "org", "", 6))
    for m in re.finditer(
            r"\baccording to\s+(?:the\s+)?(?:report\s+(?:of|by)\s+(?:the\s+)?)?"
            r"(?P<src>[\w’'\- ]+?)(?=\s+(?:on|in|at|that|which|during)\b|[,.;”]|$)", s):
        found.append(_Attribution(m.start("src"), m.end("src"), m.start(), m.start() + 12,
                                  m.group("src").strip(), "org", "", 7))
    return found


#: What may follow "NAME said" when the statement came before it: where, when or how it was said
#: ("..., the governor said on Telegram.", "... in a statement on Monday.").
_CIRCUMSTANCE_RE = re.compile(
    r"\s*,?\s*(?:on|in|at|during|via|through|after|before|to|from|late|early|last|yesterday|today|"
    r"tonight|earlier|later|this|when|while)\b[^,;:“”\"]{0,60}?[.!]?[\s”\"']*")


_DATELINE_RE = re.compile(r"[A-Z][A-Z .'’-]+,[^-–—]{0,40}?\s[-–—]+\s+")
_ROLE_BEFORE_RE = re.compile(r",\s+(?:the\s+|a\s+|an\s+)?[a-z][a-z' -]{0,50}$")


def _reported_span(s: str, a: _Attribution) -> tuple[int, int, bool]:
    """The quoted or reported part of sentence ``s`` for attribution ``a`` (sentence-relative)."""
    # A quotation of two words or fewer ("remarkable", the number "70") is a term, not speech.
    quotes = [(m.start() + 1, m.end() - 1) for m in _QUOTE_RE.finditer(s)
              if len(m.group(m.lastindex or 1).split()) >= 3]
    after_verb = s[a.verb_end:]
    if re.match(r"\s*(?:that)\b", after_verb) or s[a.verb_start:a.verb_end] == "as saying":
        mt = re.match(r"\s*,?\s*(?:that\s+)?", after_verb)
        st = a.verb_end + (mt.end() if mt else 0)
        en = len(s.rstrip()) - (1 if s.rstrip().endswith(".") else 0)
        return st, en, False
    if quotes:
        # The quote nearest the attribution.
        q = min(quotes, key=lambda q: min(abs(q[0] - a.verb_end), abs(q[1] - a.start)))
        return q[0], q[1], True
    lo = min(a.start, a.verb_start)
    hi = max(a.end, a.verb_end)
    tail = s[hi:]
    mt = re.match(r"\s*,?\s*(?:that\s+)?", tail)
    head_text = s[:lo].rstrip(" ,")
    according = s[a.verb_start:].startswith("according to")
    if len(head_text) > 15 and not re.search(r"\b(?:as|of|at)\s*$", head_text) and lo > 0 \
            and (according or a.verb_end <= a.start or a.kind in ("pronoun", "surname")
                 or not s[hi:].strip(" .,") or _CIRCUMSTANCE_RE.fullmatch(s[hi:])):
        # Not the dateline ("KYIV, May 14 (Reuters) - ") nor the speaker's role before the name
        # ("..., the regional governor Alexander Bogomaz said").
        first = _DATELINE_RE.match(head_text)
        role = _ROLE_BEFORE_RE.search(head_text)
        st = first.end() if first else 0
        en = role.start() if role and role.start() > st + 15 else len(head_text)
        return st, en, False
    st = hi + (mt.end() if mt else 0)
    en = len(s.rstrip())
    if s.rstrip().endswith("."):
        en -= 1
    return st, max(st, en), False


def find_statements(text: str, *, gazetteer: Gazetteer | None = None) -> list[Statement]:
    """Find the attributed statements of ``text``, speakers linked across the text.

    Parameters
    ----------
    text : str
        Article text.
    gazetteer : Gazetteer, optional
        Used to tell people from places.

    Returns
    -------
    list of Statement
        In text order.

    Examples
    --------
    >>> st = find_statements("Jane Roe of the Acme Institute said, “It is big.” It grew, she added.")
    >>> [(s.speaker.name, s.speaker.affiliation, s.verb) for s in st]
    [('Jane Roe', 'Acme Institute', 'said'), ('Jane Roe', 'Acme Institute', 'added')]
    """
    gaz = gazetteer or load_gazetteer()
    people: list[Speaker] = []
    last_person: Speaker | None = None
    seen = _Seen(text)
    out: list[Statement] = []
    for sent in quote_aware_sentences(text):
        s = sent.text
        seen.read(sent.start, s, gaz, people)
        for cands in _attributions(s, gaz):
            linked = None
            for a in cands:
                if a.kind == "pronoun":
                    linked = seen.pronoun(a, sent.start, last_person)
                else:
                    linked = _link(a, people, last_person, gaz, sent.start)
                if linked is not None:
                    break
            if linked is None:
                continue
            speaker, link = linked
            if speaker is not None and speaker.kind == "person":
                if speaker not in people:
                    people.append(speaker)
                last_person = speaker
                seen.at(speaker, sent.start + a.start)
            qs, qe, quoted = _reported_span(s, a)
            out.append(Statement(
                id=len(out) + 1, speaker=speaker, speaker_text=a.speaker_text, link=link,
                verb=s[a.verb_start:a.verb_end], quoted=quoted, text=s[qs:qe].strip(),
                start=sent.start + qs, end=sent.start + qe, sentence=s,
                sentence_start=sent.start, sentence_end=sent.end,
            ))
    return out


#: Words that say a person is a woman or a man: titles before the name, roles around it.
_FEMALE = re.compile(r"\b(?:Mrs|Ms|Miss|Madam|Mme|Dame|Lady|Queen|Princess|spokeswoman|chairwoman|"
                     r"congresswoman|businesswoman|policewoman|actress|wife|mother|sister|daughter|widow|"
                     r"grandmother|woman|girl)\b\.?")
_MALE = re.compile(r"\b(?:Mr|Sir|Lord|King|Prince|spokesman|chairman|congressman|businessman|policeman|"
                   r"husband|father|brother|son|widower|grandfather|man|boy)\b\.?")
_GENDERED_PRONOUN = re.compile(r"\b(?:(?P<f>she|her|hers|herself)|(?P<m>he|his|him|himself))\b", re.I)
_PRONOUN_GENDER = {"he": "m", "she": "f"}
_ROLE_AFTER = re.compile(r"(?:,|\s+(?:is|was)|\s+has\s+been)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}?"
                         r"(?:analyst|researcher|expert|official|"
                         r"professor|fellow|director|scholar|spokes(?:man|woman|person)|governor|minister|"
                         r"officer|commander|engineer|geologist|specialist|consultant|reporter|journalist|"
                         r"correspondent|editor|head|chief|founder|investigator|member|resident|"
                         r"(?:wo)?man|mother|father)\b")
_TITLED = re.compile(rf"\b(Mrs|Ms|Miss|Mr|Dr|Sir|Dame|Prof)\.?\s+({_NAME_TOKEN})\b(?!\s+{_NAME_TOKEN})")


class _Seen:
    """The people an article names, as it is read: where each was last named (full name or
    surname) and their gender when the text says it (a title or role word beside the name, or the
    first gendered pronoun after it before another person is named), so that a pronoun goes to the
    nearest earlier person it fits ("she said" is never the governor named just before a woman
    analyst)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.last: dict[str, int] = {}  # name -> where last named
        self.people: dict[str, Speaker] = {}
        self.gender: dict[str, str] = {}
        self.named: list[tuple[int, str]] = []  # (start, name) of every full-name mention
        self.titled = [(m.start(2), m.group(2)) for m in _TITLED.finditer(text)]
        self.spoke: set[str] = set()  # the people quoted so far

    def read(self, base: int, s: str, gaz: Gazetteer, quoted: list[Speaker]) -> None:
        """Note the people named in sentence ``s`` (at ``base``): new full names, and the surnames
        of those known."""
        for ns, _ne, name in _person_names(s, gaz):
            if name not in self.people:
                self.people[name] = next((p for p in quoted if p.name == name), None) or \
                    Speaker(name, "person", None, None, base + ns)
            self.last[name] = base + ns
            self.named.append((base + ns, name))
        # "Ms. Lee", "Dr Park": a surname after a title names a person too.
        # (Read over the whole text: "Ms." may end a sentence for the splitter.)
        for at, sur in self.titled:
            if not base <= at < base + len(s):
                continue
            known = [n for n in self.people if n.split()[-1] == sur]
            name = known[-1] if known else sur
            if not known:
                self.people[name] = Speaker(name, "person", None, None, at)
                self.named.append((at, name))
            self.last[name] = at
        for name in self.people:
            sur = name.split()[-1]
            m = re.search(rf"\b{re.escape(sur)}\b", s)
            if m and self.last.get(name, -1) < base + m.start():
                self.last[name] = base + m.start()

    def at(self, speaker: Speaker, pos: int) -> None:
        """A speaker linked at ``pos`` (quoted): remembered with their affiliation."""
        self.people[speaker.name] = speaker
        self.spoke.add(speaker.name)
        self.last[speaker.name] = max(self.last.get(speaker.name, -1), pos)

    def _quoted(self, name: str, last_person: Speaker | None) -> bool:
        sp = self.people[name]
        return sp.affiliation is not None or sp.role is not None or (
            last_person is not None and sp.name == last_person.name) or name in self.spoke

    def _introduced(self, name: str) -> bool:
        """True when the text introduces ``name`` as a person: a title before it, or an apposition
        after it naming a role ("Jane Roe, an analyst at ...")."""
        for start, n in self.named:
            if n != name:
                continue
            before = self.text[max(0, start - 30):start]
            after = self.text[start + len(name):start + len(name) + 60]
            if _FEMALE.search(before) or _MALE.search(before) or _ROLE_AFTER.match(after):
                return True
        return False

    def gender_of(self, name: str) -> str:
        """``f``, ``m`` or ``""`` (the text does not say)."""
        if name in self.gender:
            return self.gender[name]
        g = ""
        text = self.text
        for start, n in self.named:
            if n != name:
                continue
            before = text[max(0, start - 30):start]
            around = text[max(0, start - 80):start + len(name) + 80]
            t_f, t_m = _FEMALE.search(before), _MALE.search(before)
            if t_f or t_m:
                g = "f" if t_f and (not t_m or t_f.start() > t_m.start()) else "m"
                break
            r_f, r_m = _FEMALE.search(around), _MALE.search(around)
            if bool(r_f) != bool(r_m):
                g = "f" if r_f else "m"
                break
            # The first gendered pronoun after the name, before any other person is named and
            # within its paragraph.
            nxt = min([s for s, other in self.named if s > start and other != name], default=len(text))
            para = text.find("\n", start)
            end = min(nxt, para if para >= 0 else len(text), start + 300)
            m = _GENDERED_PRONOUN.search(text, start + len(name), end)
            if m:
                g = "f" if m.group("f") else "m"
                break
        self.gender[name] = g
        return g

    def pronoun(self, a: _Attribution, base: int,
                last_person: Speaker | None) -> tuple[Speaker | None, str]:
        """The nearest earlier person a pronoun fits (their gender unknown or the pronoun's)."""
        want = _PRONOUN_GENDER.get(a.speaker_text.lower(), "")
        at = base + a.start
        cands = sorted(((pos, n) for n, pos in self.last.items() if pos < at), reverse=True)
        fits = [(pos, n) for pos, n in cands
                if not (want and self.gender_of(n) and self.gender_of(n) != want)]
        quoted = [(pos, n) for pos, n in fits if self._quoted(n, last_person)]
        # A person only named (not quoted) takes the pronoun when the text introduces them as a
        # person ("Ms. Lee", "Jane Roe, an analyst at ...", a pronoun of theirs before), its gender
        # fits, and they were named after the quoted candidate, in the pronoun's paragraph or the
        # one before (a quote often opens a paragraph of its own).
        para = self.text.rfind("\n", 0, max(0, self.text.rfind("\n", 0, at)))
        named = [(pos, n) for pos, n in fits if not self._quoted(n, last_person) and pos > para
                 and self.gender_of(n) and self._introduced(n)]
        best = max(quoted[:1] + named[:1], default=None)
        if best is not None:
            n = best[1]
            sp = self.people[n]
            if last_person is not None and sp.name == last_person.name:
                return last_person, f"pronoun '{a.speaker_text}' -> the most recent person quoted"
            g = self.gender_of(n)
            who = {"f": ", a woman by the text", "m": ", a man by the text"}.get(g, "")
            return sp, f"pronoun '{a.speaker_text}' -> {n}, the nearest earlier person it fits{who}"
        if cands:
            return None, f"pronoun '{a.speaker_text}': no earlier person it fits"
        return None, f"pronoun '{a.speaker_text}' with no earlier speaker"


def _link(a: _Attribution, people: list[Speaker], last_person: Speaker | None, gaz: Gazetteer,
          base: int) -> tuple[Speaker | None, str] | None:
    """The speaker an attribution refers to, and how; None when it cannot be linked."""
    if a.kind == "name":
        speaker = next((p for p in people if p.name == a.speaker_text), None)
        if speaker is not None:
            return speaker, "full name, as before"
        org, role, acr = _affiliation(a.apposition, gaz)
        return Speaker(a.speaker_text, "person", org, role, base + a.start, acr), "full name, first mention"
    if a.kind == "surname":
        exact = [p for p in people if p.surname == a.speaker_text]
        if exact:
            return exact[-1], f"surname '{a.speaker_text}' of {exact[-1].name}"
        near = [p for p in people if len(a.speaker_text) >= 4 and _edit1(p.surname, a.speaker_text)]
        if near:
            return near[-1], (f"surname spelt '{a.speaker_text}' taken as {near[-1].name} "
                              f"(one letter from '{near[-1].surname}')")
        return None  # a lone capitalised word next to a verb, not a speaker quoted before
    if a.kind == "pronoun":
        if last_person is None:
            return None, f"pronoun '{a.speaker_text}' with no earlier speaker"
        return last_person, f"pronoun '{a.speaker_text}' -> the most recent person quoted"
    return (Speaker(a.speaker_text, "organisation", None, None, base + a.start),
            "organisation or group named as the source")
