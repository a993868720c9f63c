"""The claims' time windows on one chart, with the article's dated events, the evidence, daylight
and satellite passes (matplotlib), for notebook 03 and anyone checking a claim's timing.

Every label is whole and inside the chart: labels of events on the same days are stacked in
lanes above their row (a label never covers another), a label that would run off the right edge
is set to the left of its marker, and a legend says what each mark is.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

#: Label font size (points) and the longest label line (characters) before it wraps.
LABEL_SIZE = 8
LABEL_WIDTH = 44


#: Marks of the chart: what the legend says for each.
MARKS = {
    "article": ("v", "C3", "date the article gives (resolved)"),
    "imagery": ("o", "C2", "imagery report (evidence table)"),
    "report": ("s", "C4", "other report (evidence table)"),
}


@dataclass
class _Event:
    x: float
    label: str
    kind: str
    lane: int = 0
    left: bool = False


def _lanes(events: list[_Event], ax: Any, renderer: Any) -> int:
    """Stack labels in lanes so that none overlaps another; returns the number of lanes."""
    x0, x1 = ax.get_window_extent(renderer).x0, ax.get_window_extent(renderer).x1
    ends: list[float] = []  # per lane, where its last label ends (display px)
    for ev in sorted(events, key=lambda e: e.x):
        t = ax.text(ev.x, 0, ev.label, fontsize=LABEL_SIZE, parse_math=False)
        width = t.get_window_extent(renderer).width
        t.remove()
        px = ax.transData.transform((ev.x, 0))[0]
        start, end = px + 4, px + 4 + width
        if end > x1 - 8:  # would run off the right edge: set it to the left of the marker
            ev.left = True
            start, end = max(x0, px - 4 - width), px - 4
        for k, last in enumerate(ends):
            if start > last + 6:
                ev.lane, ends[k] = k, end
                break
        else:
            ev.lane = len(ends)
            ends.append(end)
    return len(ends)


def claims_timeline(report: Any, evidence: Sequence[Any] = (), *, ax: Any = None) -> Any:
    """Draw the imagery claims' windows and what bears on them; return the figure (None without windows).

    Rows, bottom up: each claim's window, daylight at the first site (sunrise to sunset
    each day), satellite passes the orbit check computed, the article's own dated
    events, and the reports of the evidence table, in the first site's time zone.

    Parameters
    ----------
    report : CrossrefReport
        From :func:`osint.checks.crossref`.
    evidence : sequence of EvidenceRow
        :func:`osint.checks.load_evidence`.
    ax : matplotlib Axes, optional
        Draw into it instead of a new figure.
    """
    from ..sun import zone_at

    claims = [r.claim for r in report.imagery if r.claim is not None]
    dated = [c for c in claims if c.window.start and c.window.end]
    if not dated:
        return None
    site = next((s for c in dated for s in c.sites), None)
    span = _Span(
        ZoneInfo(zone_at(site.lat, site.lon)) if site else ZoneInfo("UTC"),
        min(c.window.start for c in dated) - dt.timedelta(days=3),
        max(c.window.end for c in dated) + dt.timedelta(days=2),
    )
    fig, ax = _axes(ax, span, dated)
    # The events first: their labels decide how tall their rows are.
    article = _article_events(report, span)
    reports = _evidence_events(evidence, span)
    renderer = fig.canvas.get_renderer()
    lane_h = 0.42 * max(1, max((ev.label.count("\n") + 1 for ev in article + reports), default=1))
    article_lanes = _lanes(article, ax, renderer)
    report_lanes = _lanes(reports, ax, renderer)

    rows: list[tuple[str, float]] = []  # (name, y) bottom up
    y = 0.0
    for i, c in enumerate(dated):
        rows.append((f"{c.id} window", y))
        _draw_window(ax, c.window, span, y, f"C{i}")
        y += 1
    rows.append(("daylight", y))
    if site:
        _draw_daylight(ax, site, span, y)
    y += 1
    n_passes = _draw_passes(ax, report, y)
    rows.append(("passes" if n_passes else "passes (none computed)", y))
    y += 1
    for name, events, lanes in (("article", article, article_lanes), ("evidence", reports, report_lanes)):
        rows.append((name if events else f"{name} (none these days)", y))
        _draw_events(ax, events, y, lane_h)
        y += 1 + lanes * lane_h
    _finish(fig, ax, span, rows, y, _legend_handles(dated, n_passes, article, reports))
    return fig


@dataclass
class _Span:
    """The chart's days, in the first site's time zone (a few days either side of the windows)."""

    tz: ZoneInfo
    start: dt.date
    end: dt.date

    def x(self, day: dt.date, hour: int = 0) -> float:
        """A day (at ``hour``) on the chart's axis."""
        import matplotlib.dates as mdates

        return mdates.date2num(dt.datetime.combine(day, dt.time(hour), self.tz))


def _axes(ax: Any, span: _Span, dated: list) -> tuple[Any, Any]:
    """The figure and axes, laid out with the final row names and margins, so that labels are
    measured where they will be drawn."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=(12, 4.8))
    else:
        fig = ax.figure
    if not hasattr(fig.canvas, "get_renderer"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
    ax.set_xlim(span.x(span.start), span.x(span.end))
    ax.set_yticks(range(len(dated) + 4), [f"{c.id} window" for c in dated] +
                  ["daylight", "passes (none computed)", "article (none these days)",
                   "evidence (none these days)"])
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b", tz=span.tz))
    fig.tight_layout()
    return fig, ax


def _article_events(report: Any, span: _Span) -> list[_Event]:
    """The single days the article itself gives, inside the chart."""
    from ..dates import find_dates
    from .printmap import plain_text

    out = []
    for d in find_dates(report.article.text, report.published):
        if d.date_start and d.date_start == d.date_end and span.start <= d.date_start <= span.end:
            out.append(_Event(span.x(d.date_start, 12), plain_text(f"{d.text} ({d.date_start:%d %b})"),
                              "article"))
    return out


def _evidence_events(evidence: Sequence[Any], span: _Span) -> list[_Event]:
    """The evidence table's reports dated inside the chart (at their time, else at noon)."""
    import matplotlib.dates as mdates

    from .printmap import plain_text

    out = []
    for e in evidence:
        if span.start <= e.date <= span.end:
            when = e.at() or dt.datetime.combine(e.date, dt.time(12), span.tz)
            label = "\n".join(textwrap.wrap(plain_text(f"{e.provider or e.kind}: {e.site_name}"),
                                             LABEL_WIDTH)) or plain_text(e.kind)
            kind = "imagery" if e.kind == "imagery" else "report"
            out.append(_Event(mdates.date2num(when), label, kind))
    return out


def _draw_window(ax: Any, window: Any, span: _Span, y: float, colour: str) -> None:
    """A claim's window: a bar over its days."""
    ax.broken_barh([(span.x(window.start), (window.end - window.start).days + 1)], (y - 0.3, 0.6),
                   color=colour, alpha=0.5)


def _draw_daylight(ax: Any, site: Any, span: _Span, y: float) -> None:
    """Daylight at ``site``: sunrise to sunset each day of the chart (the whole day in polar day)."""
    import matplotlib.dates as mdates

    from ..sun import sun_times

    day = span.start
    while day < span.end:
        st = sun_times(site.lat, site.lon, day, str(span.tz))
        if st.sunrise and st.sunset:
            length = (st.sunset - st.sunrise).total_seconds() / 86400
            ax.broken_barh([(mdates.date2num(st.sunrise), length)], (y - 0.3, 0.6), color="gold",
                           alpha=0.8)
        elif st.polar == "polar day":
            ax.broken_barh([(span.x(day), 1)], (y - 0.3, 0.6), color="gold", alpha=0.8)
        day += dt.timedelta(days=1)


def _draw_passes(ax: Any, report: Any, y: float) -> int:
    """The satellite passes the orbit checks computed (their culminations); returns how many."""
    import matplotlib.dates as mdates

    n_passes = 0
    for r in report.imagery:
        orb = next((k for k in r.checks if k.check == "orbits"), None)
        for p in (orb.evidence.get("passes", []) if orb else []):
            ax.plot(mdates.date2num(dt.datetime.fromisoformat(p["culmination"])), y, "|", color="k", ms=10)
            n_passes += 1
    return n_passes


def _draw_events(ax: Any, events: list[_Event], y: float, lane_h: float) -> None:
    """A row of events: each a mark with its label in its lane (joined to the mark by a line when
    raised)."""
    for ev in events:
        marker, colour, _ = MARKS[ev.kind]
        ax.plot(ev.x, y, marker, color=colour, ms=6)
        ax.annotate(ev.label, (ev.x, y + 0.25 + ev.lane * lane_h), xytext=(-4 if ev.left else 4, 0),
                    textcoords="offset points", ha="right" if ev.left else "left", va="bottom",
                    fontsize=LABEL_SIZE, parse_math=False, annotation_clip=False)
        if ev.lane:
            ax.plot([ev.x, ev.x], [y, y + 0.25 + ev.lane * lane_h], color=colour, lw=0.5, alpha=0.6)


def _legend_handles(dated: list, n_passes: int, article: list[_Event], reports: list[_Event]) -> list[Any]:
    """What the legend says: each claim's window, daylight, and each kind of mark drawn."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [Patch(color=f"C{i}", alpha=0.5, label=f"{c.id}: window of the claim")
               for i, c in enumerate(dated)]
    handles.append(Patch(color="gold", alpha=0.8, label="daylight at the site (sunrise to sunset)"))
    if n_passes:
        handles.append(Line2D([], [], marker="|", ls="", color="k", ms=10,
                              label="satellite pass (orbit check)"))
    for kind, events in (("article", article), ("imagery", [e for e in reports if e.kind == "imagery"]),
                         ("report", [e for e in reports if e.kind == "report"])):
        if events:
            marker, colour, label = MARKS[kind]
            handles.append(Line2D([], [], marker=marker, ls="", color=colour, label=label))
    return handles


def _finish(fig: Any, ax: Any, span: _Span, rows: list[tuple[str, float]], y: float,
            handles: list[Any]) -> None:
    """Row names, limits, grid, legend and title; the figure sized to its rows."""
    import matplotlib.dates as mdates

    ax.set_yticks([r[1] for r in rows], [r[0] for r in rows])
    ax.set_ylim(-0.8, y - 0.2)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b", tz=span.tz))
    ax.grid(axis="x", alpha=0.3)
    # The legend between the title and the chart, where a reader looks first.
    ncol = 3
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=ncol, fontsize=8,
              frameon=False, borderaxespad=0.3)
    ax.set_title(f"Claim windows and evidence (times in {zone_label(span.tz.key)})", loc="left",
                 pad=8 + 13 * -(-len(handles) // ncol))
    fig.set_size_inches(fig.get_size_inches()[0], max(3.5, 0.45 * y + 1.8))
    fig.tight_layout()


def zone_label(key: str) -> str:
    """A time zone's name as a reader takes it: ``Etc/GMT-2`` (POSIX signs are inverted) is UTC+2.

    >>> zone_label("Etc/GMT-2"), zone_label("Etc/GMT+5"), zone_label("Asia/Pyongyang")
    ('UTC+2', 'UTC-5', 'Asia/Pyongyang')
    """
    if key.startswith("Etc/GMT") and key[7:8] in ("+", "-") and key[8:].isdigit():
        return f"UTC{'+' if key[7] == '-' else '-'}{int(key[8:])}"
    return key
