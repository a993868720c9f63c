"""A report page in a real browser: one typeface from the first cell to the methodology footer."""

from __future__ import annotations

import re

import pytest

from osint.render.html import render
from osint.workbook import _with_appendix

pytestmark = pytest.mark.slow

# What nbconvert's lab template gives a page: the typeface is a variable on :root, set on the
# rendered cells only (the body keeps the browser's serif default).
_PAGE = """<!DOCTYPE html><html><head><style>
:root{--jp-content-font-family: system-ui, -apple-system, blinkmacsystemfont, 'Segoe UI', helvetica, arial,
  sans-serif;}
.jp-RenderedHTMLCommon{font-family: var(--jp-content-font-family);}
</style></head><body class="jp-Notebook">
<div class="jp-RenderedHTMLCommon"><p id="cell">A cell.</p>CARDS</div>
<script>
window.addEventListener("load", function () {
  var f = function (el) { return getComputedStyle(el).fontFamily; };
  document.body.setAttribute("data-cell", f(document.getElementById("cell")));
  document.body.setAttribute("data-footer", f(document.querySelector("section.osint-appendix li")));
  document.body.setAttribute("data-card", f(document.querySelector("article.osint-card")));
});
</script></body></html>"""


def test_the_footer_and_the_cards_share_the_cells_typeface(tmp_path, browser):
    card = {"id": "I1", "verdict": "plausible", "assessment": "likely (2 checks agree)",
            "sentence": "Imagery shows x.",
            "speaker": "A B", "affiliation": "", "provider": "Maxar", "sensor": "optical", "sites": "X",
            "when": "2023-01-01", "from_words": "", "words_earlier": False, "fired": [], "would_change": [],
            "origin": "", "origin_reason": ""}
    page = _PAGE.replace("CARDS", str(render("verdicts.html.j2", cards=[card])))
    footer = str(render("appendix.html.j2", lines=["Made with osint"], reviewed=[], stale=[]))
    path = tmp_path / "page.html"
    path.write_text(_with_appendix(page, footer), encoding="utf-8")
    dom = browser.dump_dom(path)
    fonts = {k: re.search(rf'data-{k}="([^"]*)"', dom).group(1) for k in ("cell", "footer", "card")}
    assert "system-ui" in fonts["cell"]
    assert fonts["footer"] == fonts["cell"] == fonts["card"], fonts


def test_the_map_labels_places_as_the_article_spells_them(tmp_path, browser):
    from osint.cli import main

    art = tmp_path / "oryol.txt"
    art.write_text("Drones struck Oryol overnight, the governor said. Fires burned in Oryol until dawn.\n",
                   encoding="utf-8")
    out = tmp_path / "oryol.html"
    assert main(["map", str(art), "-o", str(out)]) == 0
    dom = browser.dump_dom(out)
    assert re.search(r'class="osint-label">Oryol<', dom), "the label is the article's spelling"
    assert "Orël" not in re.findall(r'class="osint-label">([^<]*)<', dom)
    assert "Gazetteer name: Orël" in out.read_text("utf-8")  # in the popup
