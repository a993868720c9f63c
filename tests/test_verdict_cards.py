"""Verdicts as one card per claim, each thing said once, in the report's one typeface."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

import osint
from osint.paths import PROJ_ROOT
from osint.render.html import render
from osint.render.verdicts import verdict_cards

NOTEBOOKS = PROJ_ROOT / "notebooks"


@pytest.fixture(scope="module")
def seed_case():
    return osint.analyze(PROJ_ROOT / "seeds" / "000_908df4e159e4c100.txt")


class _Cards(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cards: list[str] = []
        self.tables = 0
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article" and "data-claim" in a:
            self.cards.append(a["data-claim"])
        self.tables += tag == "table"
        self.scripts += tag == "script"


def _text(html: str) -> str:
    import html as h

    return h.unescape(re.sub(r"<[^>]+>", " ", html))


def test_one_card_per_claim_with_everything_once(seed_case):
    report = seed_case.report
    html = str(verdict_cards(report))
    dom = _Cards()
    dom.feed(html)
    assert dom.cards == [r.id for r in report.imagery] and dom.tables == 0
    text = " ".join(_text(html).split())
    for r in report.imagery:
        c = r.claim
        for part in (str(r.verdict), c.speaker, c.sites[0].name, "2023-06-29 to 2023-07-27",
                     "(from “over the past weeks”"):
            assert part in text, part
        assert " ".join(c.text.split()) in text
        # Each thing a reader might do to change the verdict, said in this claim's card once.
        card = html[html.index(f'data-claim="{r.id}"'):]
        card = card[:card.index("</article>")]
        for w in r.would_change:
            assert " ".join(_text(card).split()).count(" ".join(w.split())) == 1, w
        fired = [k.check for k in r.checks if k.status in ("consistent", "inconsistent")]
        assert fired and all(f"<b>{k}</b>:" in card for k in fired)
        opened = [k.check for k in r.checks if k.status in ("not checked", "unverified")]
        assert not any(f"<b>{k}</b>:" in card for k in opened)


def test_a_claim_against_the_evidence_shows_its_check_first(seed_case):
    r = seed_case.report.imagery[0]
    checks = tuple(replace(k, status="inconsistent", detail="the provider has no such sensor")
                   if k.check == "resolution" else k for k in r.checks)
    bad = replace(seed_case.report, results=(replace(r, checks=checks, verdict="contradicted"),))
    html = str(verdict_cards(bad))
    items = re.findall(r"<li><b>(\w+)</b>", html)
    assert items[0] == "resolution" and 'class="against"' in html and "v-contradicted" in html


def test_claim_text_is_escaped_once(seed_case):
    r = seed_case.report.imagery[0]
    hostile = replace(r, claim=replace(r.claim, text='<script>alert(1)</script> {{7*7}} & "q"'))
    html = str(verdict_cards(replace(seed_case.report, results=(hostile,))))
    dom = _Cards()
    dom.feed(html)
    assert dom.scripts == 0 and "&lt;script&gt;" in html and "&amp;lt;" not in html
    assert "{{" not in html


def test_no_claims_says_so(seed_case):
    html = str(verdict_cards(replace(seed_case.report, results=())))
    assert "no imagery claim" in html


def test_the_notebook_shows_cards_not_the_wide_table():
    src = (NOTEBOOKS / "03-imagery-claims.py").read_text("utf-8")
    code = "\n".join(line for line in src.splitlines() if not line.startswith("#"))
    assert "case.verdict_cards()" in code
    assert "case.verdicts" not in code and "case.settle()" not in code  # the 15 columns, the repeat


def test_the_appendix_names_the_cells_typeface():
    page = str(render("appendix.html.j2", lines=["x"], reviewed=[], stale=[]))
    cards = str(render("verdicts.html.j2", cards=[]))
    for html in (page, cards):
        assert "var(--jp-content-font-family," in html


def test_a_claim_whose_checks_are_all_open_says_so_in_words(seed_case):
    from osint.model import Check, Status

    r = seed_case.report.imagery[0]
    open_only = replace(r, checks=(Check("weather", Status.NOT_CHECKED, "offline"),), verdict="unverified")
    text = _text(str(verdict_cards(replace(seed_case.report, results=(open_only,)))))
    assert "every check is open" in text
    assert not re.search(r"\bNone\b", text)  # a report never prints None (issue 14)


def test_dates_say_the_words_they_come_from(seed_case):
    html = _text(str(verdict_cards(seed_case.report)))
    i1, i2 = html.split("I2 ·")
    assert "(from “over the past weeks”)" in i1  # the claim's own words
    assert "(from “over the past weeks”, earlier in the text)" in i2  # inherited from I1
