"""osint.render.timeline: a legible timeline, every label whole, inside the chart, none over another."""

from __future__ import annotations

import pytest

from osint import crossref
from osint.checks import load_evidence
from osint.render.timeline import claims_timeline


def _labels(fig):
    ax = fig.axes[0]
    return [t for t in ax.texts if t.get_text()]


@pytest.mark.parametrize("article", ["seeds/000_908df4e159e4c100.txt", "tests/fixtures/articles/darfur.txt"])
def test_labels_are_whole_inside_and_apart_with_a_legend(article):
    # Issue 14: labels overlapped and ran off the edge, with no legend.
    fig = claims_timeline(crossref(article), load_evidence())
    assert fig is not None
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    boxes = [t.get_window_extent(renderer) for t in _labels(fig)]
    for t, b in zip(_labels(fig), boxes):
        assert b.x0 >= box.x0 and b.x1 <= box.x1 and b.y1 <= box.y1, t.get_text()
        assert "\u2026" not in t.get_text() and not t.get_text().endswith("...")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), (a, b)
    legend = fig.axes[0].get_legend()
    assert legend is not None and any("window of the claim" in t.get_text() for t in legend.get_texts())
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_no_window_no_chart(tmp_path):
    p = tmp_path / "nodate.txt"
    p.write_text("Satellite images from Maxar showed craters in El Fasher last week, said Amal Osman.\n",
                 encoding="utf-8")
    assert claims_timeline(crossref(p), load_evidence()) is None


def test_fixed_offset_zones_are_named_as_readers_take_them():
    # POSIX inverts the sign of Etc/GMT zones: Etc/GMT-2 is two hours east of UTC.
    from osint.render.timeline import zone_label

    assert zone_label("Etc/GMT-2") == "UTC+2"
    assert zone_label("Etc/GMT+11") == "UTC-11"
    assert zone_label("Europe/Kyiv") == "Europe/Kyiv"
    assert zone_label("Etc/GMT") == "Etc/GMT"
