"""(7) The claim against the article itself: anniversaries, year ranges, event dates.

What the article says is read once per article (:class:`ArticleFacts`) and shared
by every claim, so the check stays linear in the article's length."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..article import Article
from ..dates import event_word, find_dates, ordinal
from ..model import ImageryClaim
from ..model.checks import Check, Status, Weight
from .evidence import EvidenceRow, _same_site

PREPARATION = re.compile(
    r"\b(?:rehears\w*|practi[cs]\w*|prepar\w*|will be (?:hosted|held)|ahead of|drill\w*)\b", re.I)


EVENT_WORDS = re.compile(r"\b(?:parade|ceremony|celebrat\w+|anniversary|commemorat\w+|festival|summit|"
                         r"launch|test)\b", re.I)


@dataclass(frozen=True)
class ArticleFacts:
    """What the article-level checks read from the whole text, computed once per article.

    Attributes
    ----------
    sentences : list of Sentence
        The article's sentences.
    dates : list of DateRef
        Every date expression, resolved against the publication date.
    anniversaries : list of re.Match
        "the 70th anniversary of ..." mentions.
    events : list of (date, description)
        Single days named in sentences about an event (a parade, a launch).
    """

    sentences: list[Any]
    dates: list[Any]
    anniversaries: list[re.Match[str]]
    events: list[tuple[dt.date, str]]
    text: str = field(default="", repr=False)
    published: dt.date | None = None
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @functools.cached_property
    def sentence_starts(self) -> list[int]:
        """Where each sentence starts (for bisection)."""
        return [x.start for x in self.sentences]

    def anniversary(self, n: str) -> tuple[list[str], list[str], dict[str, Any]] | None:
        """What the article says about the number ``n`` as an anniversary: (parts, statuses, evidence).

        None when no anniversary of that number is named or there is no publication date.
        Computed once per number: every claim showing "70" shares the answer.
        """
        if n in self._memo:
            return self._memo[n]
        match = [m for m in self.anniversaries if m.group(1) == n]
        if not match or self.published is None:
            self._memo[n] = None
            return None
        base = self.published.year - int(n)
        parts = [f"the '{n}' formations match the article's {ordinal(int(n))} anniversary "
                 f"({self.published.year} − {n} = {base})"]
        status = [Status.CONSISTENT]
        ev: dict[str, Any] = {"anniversary_base_year": base}
        # The article's own year ranges against that year, but only those about the event the
        # anniversary names: a range near the year about something else says nothing of it.
        # A range repeated word for word is one range, tied if any of its mentions is.
        ranges: dict[str, list[Any]] = {}
        for d in self.dates:
            if d.kind == "year_range" and d.date_end and d.date_start and \
                    d.date_start.year <= base + 3 and d.date_end.year != base and \
                    abs(d.date_end.year - base) <= 3:
                ranges.setdefault(d.text, []).append(d)
        for label, refs in ranges.items():
            tie = next((t for t in (_range_tie(self.text, d.start, d.end, match, self) for d in refs) if t),
                       None)
            end_year = refs[0].date_end.year
            if tie:
                parts.append(f"but the article's own '{label}' ({tie}) ends in {end_year}, "
                             f"not {base}: an error in the article, not in the claim")
                ev["article_year_range"] = label
            else:
                parts.append(f"the article's '{label}' ends in {end_year}, near {base}, but "
                             f"nothing ties it to the anniversary's event (unverified, not judged)")
                ev.setdefault("unlinked_year_ranges", []).append(label)
                status.append(Status.UNVERIFIED)
        self._memo[n] = (parts, status, ev)
        return self._memo[n]

    @classmethod
    def of(cls, text: str, published: dt.date | None) -> ArticleFacts:
        """Read the facts of ``text`` (one pass per kind, whatever the number of claims)."""
        from ..text import sentences

        sents = sentences(text)
        dates = find_dates(text, published)
        events = []
        k = 0
        for sent in sents:
            # The dates inside each sentence, found once over the whole text.
            while k < len(dates) and dates[k].start < sent.start:
                k += 1
            if not EVENT_WORDS.search(sent.text):
                continue
            j = k
            while j < len(dates) and dates[j].start < sent.end:
                d = dates[j]
                if d.date_start and d.date_start == d.date_end and d.date_start.year >= 1990:
                    events.append((d.date_start, f"'{sent.text[:80]}…' ({d.text} → {d.date_start})"))
                j += 1
        return cls(sents, dates, list(ANNIVERSARY.finditer(text)), sorted(events), text, published)


def check_article(claim: ImageryClaim, article: Article, published: dt.date | None,
                  evidence: Sequence[EvidenceRow], facts: ArticleFacts | None = None) -> Check:
    """(7) The claim against the article itself: anniversaries, year ranges, event dates.

    ``facts`` (:meth:`ArticleFacts.of`) are computed when not given; pass them when
    checking many claims of one article.
    """
    name = "article_consistency"
    if facts is None or facts.published != published:
        facts = ArticleFacts.of(article.text, published)
    found = _Findings()
    _anniversaries(claim, published, evidence, facts, found)
    # Event dates: preparations must come before the event they prepare.
    if PREPARATION.search(claim.text) and claim.window.end and claim.window.start:
        _preparations(claim, evidence, facts, found)
    elif claim.event is not None and claim.window.expression:
        _event_order(claim, found)
    elif _baseline_order(claim, found):
        pass
    elif claim.event_order:
        # No year to date them by, but the article's own dates order them.
        before = claim.event_order.startswith("before")
        found.parts.append(("soft: " if before else "") + claim.event_order.split(": ", 1)[1])
        found.status.append(Status.INCONSISTENT if before else Status.CONSISTENT)
        found.ev["event_order"] = claim.event_order.split(":", 1)[0]
    # The article itself reports the images forged or misdated (read by the claims stage).
    for d in claim.disputes:
        if d.startswith("forged"):
            found.parts.append(f"soft: the article reports the images forged or misdated ({d[8:160]})")
            found.status.append(Status.INCONSISTENT)
            found.ev["forged"] = True
            break
    # Imagery dated after the article was published: a hard fact.
    if published is not None:
        _after_publication(claim, published, found)
    if not claim.window.expression and not found.parts:
        _undated_after_event(claim, published, found)
    if claim.event is None and Status.CONSISTENT not in found.status \
            and Status.INCONSISTENT not in found.status:
        _reported_event(claim, facts, published, found)
    if not claim.window.expression:
        # No date of its own: say so rather than test a window the claim never gave.
        bound = f"; the publication date ({published}) is only an upper bound" if published else ""
        loose = [d.text for d in claim.dates if not d.resolved]
        found.parts.append(
            f"the claim's dates ({', '.join(repr(t) for t in loose)}) have no year or publication date to "
            f"resolve against: the images' calendar date is unknown" if loose else
            f"the claim gives no date for its images: their date is unknown{bound}")
        found.status.append(Status.UNVERIFIED)
    if not found.parts:
        return Check(name, Status.UNVERIFIED, "nothing in the article to test this claim against")
    status = found.status
    final = Status.INCONSISTENT if Status.INCONSISTENT in status else (
        Status.CONSISTENT if Status.CONSISTENT in status else Status.UNVERIFIED)
    weight = Weight.HARD if "after_publication" in found.ev else Weight.SOFT
    return Check(name, final, "; ".join(found.parts),
                 (f"article {article.id}", *dict.fromkeys(found.sources)), found.ev, weight)


@dataclass
class _Findings:
    """What the article says about a claim, as the tests of :func:`check_article` find it."""

    parts: list[str] = field(default_factory=list)  # the detail's parts
    status: list[Status] = field(default_factory=list)  # each test's status
    sources: list[str] = field(default_factory=list)
    ev: dict[str, Any] = field(default_factory=dict)


def _anniversaries(claim: ImageryClaim, published: dt.date | None, evidence: Sequence[EvidenceRow],
                   facts: ArticleFacts, found: _Findings) -> None:
    """The claim's numbers ("70 missiles") against the anniversaries the article names, with the
    evidence table's events of the base year."""
    for n in [o.value for o in claim.observations if o.value]:
        got = facts.anniversary(n) if published == facts.published else None
        if got is not None:
            more, st, extra = got
            found.parts.extend(more[:1])
            found.status.extend(st)
            found.ev.update(extra)
            base = extra["anniversary_base_year"]
            for row in evidence:
                if row.kind == "event" and row.date.year == base:
                    found.parts.append(f"{base}: {row.description} ({row.date})")
                    found.sources.append(row.source_url)
            found.parts.extend(more[1:])
        elif n:
            found.parts.append(f"the number '{n}' matches no anniversary the article names")
            found.status.append(Status.UNVERIFIED)


def _preparations(claim: ImageryClaim, evidence: Sequence[EvidenceRow], facts: ArticleFacts,
                  found: _Findings) -> None:
    """Preparations must come before the event they prepare.

    A window that runs past the event (a vague "over the past weeks" up to publication) still
    holds days before it; only a window that starts after every event is at odds, and that is
    soft (the words are vague).
    """
    events = facts.events  # sorted by date
    own = []
    for row in evidence:
        if row.kind == "event" and any(_same_site(row, s) for s in claim.sites):
            own.append((row.date, f"{row.description} ({row.date})"))
            found.sources.append(row.source_url)
    start, end = claim.window.start, claim.window.end
    k = bisect.bisect_left(events, (start, ""))
    future = ([events[k]] if k < len(events) else []) + [e for e in own if e[0] >= start]
    if future:
        d, what = min(future)
        found.parts.append(f"the window {start}..{end} holds days before the event it prepares: {what}"
                           + (f" (it runs past the event to {end}: the preparations fall in {start}..{d})"
                              if end > d else ""))
        found.status.append(Status.CONSISTENT)
        found.ev["event_date"] = d.isoformat()
    elif events or own:
        d, what = max(([events[-1]] if events else []) + own)
        found.parts.append(f"soft: the claim describes preparations, but its window starts {start}, after "
                           f"the latest event found: {what}")
        found.status.append(Status.INCONSISTENT)
        found.ev["soft"] = True


def _event_order(claim: ImageryClaim, found: _Findings) -> None:
    """The claim's own dates against the event of the article it is read against
    (:attr:`ImageryClaim.event`, from the claims stage's timeline): imagery of an event's aftermath
    dated before the event is at odds with it (soft: the event's date is the article's word)."""
    ev, w = claim.event, claim.window
    if ev is None or ev.date.date_start is None or claim.image_before_event is None:
        return
    d0, d1 = ev.date.date_start, ev.date.date_end
    when = f"{d0}" + (f"..{d1}" if d1 != d0 else "")
    found.ev["event"] = {"kind": ev.kind, "text": ev.text, "date": ev.date.date_start.isoformat()}
    if claim.image_before_event:
        found.parts.append(f"soft: the claim's imagery ({w.start}..{w.end}) is dated before the {ev.kind} "
                           f"the article dates ('{ev.text}', {when}) that it is read against")
        found.status.append(Status.INCONSISTENT)
        found.ev["image_before_event"] = True
    elif w.start is not None and w.start >= ev.date.date_start:
        found.parts.append(f"the claim's imagery ({w.start}..{w.end}) comes after the {ev.kind} the article "
                           f"dates ('{ev.text}', {when})")
        found.status.append(Status.CONSISTENT)
    elif w.start is not None and w.end is not None and _brackets(claim, ev.date.date_start):
        # Images of the day before and of the day of the strike: a before/after pair, the usual way
        # to show what an event changed, not an image of its aftermath taken too early.
        found.parts.append(f"the claim's images bracket the {ev.kind} the article dates ('{ev.text}', "
                           f"{when}): one from before it ({w.start}), one from its day or after ({w.end})")
        found.status.append(Status.CONSISTENT)
        found.ev["before_after_pair"] = True


def _undated_after_event(claim: ImageryClaim, published: dt.date | None, found: _Findings) -> None:
    """An undated claim published after the event it is read against: its images, whenever taken
    before the publication, can show that event's aftermath; the article's timeline admits them
    (consistent, soft: it dates nothing)."""
    ev = claim.event
    if ev is None or ev.date.date_start is None or published is None or ev.date.date_start > published:
        return
    found.ev["event"] = {"kind": ev.kind, "text": ev.text, "date": ev.date.date_start.isoformat()}
    found.parts.append(f"the article dates the {ev.kind} the claim is read against ('{ev.text}', "
                       f"{ev.date.date_start}) on or before its publication ({published}): its timeline "
                       f"admits images of it")
    found.status.append(Status.CONSISTENT)


#: How recent images must be, before publication, to be news of the event the article reports.
RECENT_DAYS = 31

_NOT_PAST = re.compile(r"\b(?:will|would|could|may|might|plan(?:s|ned)?|threat\w*|warn\w*|if)\b", re.I)


def _latest_full_date(facts: ArticleFacts) -> dt.date | None:
    """The last day of the latest date with a year the article gives (an undated article was
    written on or after it)."""
    days = [d.date_end for d in facts.dates if d.kind == "absolute" and d.date_end is not None]
    return max(days, default=None)


def _reported_event(claim: ImageryClaim, facts: ArticleFacts, published: dt.date | None,
                    found: _Findings) -> None:
    """An event the article reports without dating it ("following the overthrow of the
    president", "an air base targeted by a strike"): news reported as past happened on or before
    the publication; images of the weeks up to it can show its aftermath, so the timeline admits
    them (consistent, soft: neither the event nor an undated claim's images are dated). Images
    dated outside those weeks are left alone: the words do not say which came first. An article
    with no publication date was written on or after the latest full date it gives: images
    within those weeks of that day are admitted."""
    w = claim.window
    if w.start is None or w.end is None:
        return
    if published is None:
        latest = _latest_full_date(facts)
        if latest is None or (latest - w.start).days > RECENT_DAYS or (w.end - latest).days > RECENT_DAYS:
            return
        bound = f"on or before its writing, on or after its latest full date ({latest})"
        fits = f"within {RECENT_DAYS} days of it"
    elif w.end > published or (published - w.start).days > RECENT_DAYS:
        return
    else:
        bound = f"on or before its publication ({published})"
        fits = f"in the {RECENT_DAYS} days up to it"
    for x in facts.sentences:
        if claim.start <= x.start < claim.end or _NOT_PAST.search(x.text):
            continue
        got = event_word(x.text)
        if got is None:
            continue
        kind, word = got
        found.ev["reported_event"] = {"kind": kind, "text": word}
        found.parts.append(f"the article reports the {kind} ('{word}') without a date, as news {bound}; "
                           f"the claim's images ({w.start}..{w.end}) fall {fits}: its timeline admits them")
        found.status.append(Status.CONSISTENT)
        return


def _brackets(claim: ImageryClaim, day: dt.date) -> bool:
    """True when the claim dates its images on both sides of ``day``: one date of a single day or
    a few before it, another on it or after (not one vague span running across it)."""
    spans = [(d.date_start, d.date_end) for d in claim.dates if d.date_start and d.date_end
             and (d.date_end - d.date_start).days <= 3]
    return any(e < day for _, e in spans) and any(s >= day for s, _ in spans)


#: Words naming the earlier image of a comparison: "a pre-crisis image collected 6 July",
#: "compared with imagery from 3 May", "a baseline image of 1 June".
_BASELINE = re.compile(
    r"\b(?:pre-[a-z]+|previous|baseline|reference|earlier|older|archive|archival|prior)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:images?|imagery|photos?|pictures?|scenes?|acquisitions?)\b|"
    r"\bcompar(?:ed|ing)\s+(?:it\s+|them\s+)?(?:with|to|against)\b", re.I)


def _baseline_order(claim: ImageryClaim, found: _Findings) -> bool:
    """A claim comparing its images with an earlier one it dates ("compared with a pre-crisis image
    collected 6 July 2014"): the baseline must come before the images compared with it. True
    when the claim has such a pair (and ``found`` has the finding)."""
    cue = _BASELINE.search(claim.text)
    days = [d for d in claim.dates if d.date_start and d.date_end and (d.date_end - d.date_start).days <= 3]
    if cue is None or len(days) < 2:
        return False
    at = claim.start + cue.end()
    # The baseline's date: the first one after the cue, within the clause that follows it.
    base = next((d for d in days if at <= d.start <= at + 80), None)
    if base is None or base.date_start is None:
        return False
    rest = [d for d in days if d is not base and d.date_start is not None]
    if not rest:
        return False
    first = min(d.date_start for d in rest if d.date_start)
    if base.date_end is not None and base.date_end < first:
        found.parts.append(f"the claim compares its images (from {first}) with an earlier one it dates "
                           f"('{base.text}', {base.date_start}): a before/after comparison, in order")
        found.status.append(Status.CONSISTENT)
        found.ev["baseline"] = base.date_start.isoformat()
    else:
        found.parts.append(f"soft: the claim's baseline image ('{base.text}', {base.date_start}) is not "
                           f"earlier than the images compared with it (from {first})")
        found.status.append(Status.INCONSISTENT)
        found.ev["baseline_after"] = base.date_start.isoformat()
    return True


def _after_publication(claim: ImageryClaim, published: dt.date, found: _Findings) -> None:
    """The first date the claim gives its imagery after the article's publication (not a plan or
    an event named after it): a hard contradiction, put first."""
    for d in claim.dates:
        if not d.resolved or d.date_start is None or d.date_start <= published:
            continue
        before = claim.text[max(0, d.start - claim.start - 40):max(0, d.start - claim.start)].lower()
        after = claim.text[max(0, d.end - claim.start):max(0, d.end - claim.start) + 30]
        if _FUTURE_CUE.search(before) or _EVENT_AFTER.match(after):
            continue
        found.parts.insert(0, f"the claim dates its imagery to '{d.text}' ({d.date_start}), after the "
                              f"article's "
                              f"publication on {published}")
        found.status.append(Status.INCONSISTENT)
        found.ev["after_publication"] = d.date_start.isoformat()
        found.ev.pop("soft", None)
        break


#: Words before a date that make it a plan or an event, not when an image was taken.
_FUTURE_CUE = re.compile(r"\b(?:will|next|upcoming|planned|expected|scheduled|ahead of|due|until|by|for|"
                         r"before|toward|towards|preparing|preparations?)\b")
_EVENT_AFTER = re.compile(r"[\s,]*(?:\w+\s+)?(?:parade|anniversary|ceremon\w+|celebrations?|holiday|summit|"
                          r"visit|elections?|deadline|event)\b", re.I)


ANNIVERSARY = re.compile(
    r"\b(\d{1,3})(?:st|nd|rd|th)\s+anniversary\b(?:\s+of\s+(?P<event>[^.,;:()\n]{3,80}))?", re.I)


_EVENT_NAME = re.compile(r"^\s+((?:[A-Z][\w’'-]*)(?:\s+[A-Z][\w’'-]*)*)")


def _name_words(phrase: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\b[A-Z][\w’'-]*", phrase)}


def _range_tie(text: str, start: int, end: int, anniversaries: Sequence[re.Match[str]],
               facts: ArticleFacts) -> str | None:
    """How a year range at ``text[start:end]`` is tied to one of the anniversaries, or None.

    Tied when it is in the same sentence as the anniversary, or when the event the
    range names ("1950-1952 Korean War") is among the words of the event the
    anniversary names ("the end of the Korean War").
    """
    sents = facts.sentences
    k = bisect.bisect_right(facts.sentence_starts, start) - 1
    here = (sents[k].start, sents[k].end) if k >= 0 and start < sents[k].end else None
    m = _EVENT_NAME.match(text[end:end + 80])
    named = _name_words(m.group(1)) if m else set()
    for an in anniversaries:
        if here and here[0] <= an.start() < here[1]:
            return "in the sentence naming the anniversary"
        event = _name_words(an.group("event") or "")
        if named and named <= event:
            return f"it names the {m.group(1)}, the anniversary's event" if m else None
    return None
