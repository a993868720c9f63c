"""The claims' time windows on one chart, with the article's dated events, the evidence, daylight
and satellite passes (matplotlib), for notebook 03 and anyone checking a claim's timing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo


def claims_timeline(report: Any, evidence: Sequence[Any] = (), *, ax: Any = None) -> Any:
    """Draw the imagery claims' windows and what bears on them; return the figure (None without windows).

    Rows, top down: each claim's window, daylight at the first site (sunrise to sunset
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
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from ..checks import site_tz
    from ..dates import find_dates
    from ..sun import sun_times

    claims = [r.claim for r in report.imagery if r.claim is not None]
    dated = [c for c in claims if c.window.start]
    if not dated:
        return None
    site = next((s for c in dated for s in c.sites), None)
    tz = ZoneInfo(site_tz(site)) if site else ZoneInfo("UTC")
    start = min(c.window.start for c in dated) - dt.timedelta(days=3)
    end = max(c.window.end for c in dated) + dt.timedelta(days=2)
    t0 = dt.datetime.combine(start, dt.time(), tz)
    t1 = dt.datetime.combine(end, dt.time(), tz)
    if ax is None:
        fig, ax = plt.subplots(figsize=(12, 4.8))
    else:
        fig = ax.figure
    rows = []
    for i, c in enumerate(dated):
        y = len(rows)
        rows.append(f"{c.id} window")
        ax.broken_barh([(mdates.date2num(dt.datetime.combine(c.window.start, dt.time(), tz)),
                         (c.window.end - c.window.start).days + 1)], (y - 0.3, 0.6), color=f"C{i}", alpha=0.5)
    y = len(rows)
    rows.append("daylight")
    if site:
        day = start
        while day < end:
            st = sun_times(site.lat, site.lon, day, str(tz))
            if st.sunrise and st.sunset:
                length = (st.sunset - st.sunrise).total_seconds() / 86400
                ax.broken_barh([(mdates.date2num(st.sunrise), length)], (y - 0.3, 0.6),
                               color="gold", alpha=0.8)
            elif st.polar == "polar day":
                ax.broken_barh([(mdates.date2num(dt.datetime.combine(day, dt.time(), tz)), 1)],
                               (y - 0.3, 0.6), color="gold", alpha=0.8)
            day += dt.timedelta(days=1)
    y = len(rows)
    rows.append("passes")
    for r in report.imagery:
        orb = next((k for k in r.checks if k.check == "orbits"), None)
        for p in (orb.evidence.get("passes", []) if orb else []):
            ax.plot(mdates.date2num(dt.datetime.fromisoformat(p["culmination"])), y, "|", color="k", ms=10)
    y = len(rows)
    rows.append("article")
    # Labels are staggered in height so that same-day events stay readable.
    k = 0
    for d in find_dates(report.article.text, report.published):
        if d.date_start and d.date_start == d.date_end and start <= d.date_start <= end:
            x = mdates.date2num(dt.datetime.combine(d.date_start, dt.time(12), tz))
            ax.plot(x, y, "v", color="C3")
            ax.annotate(d.text, (x, y), xytext=(0, 6 + 9 * (k % 3)), textcoords="offset points", fontsize=7)
            k += 1
    y = len(rows)
    rows.append("evidence")
    k = 0
    for e in evidence:
        if start <= e.date <= end:
            when = e.at() or dt.datetime.combine(e.date, dt.time(12), tz)
            x = mdates.date2num(when)
            ax.plot(x, y, "o" if e.kind == "imagery" else "s", color="C2" if e.kind == "imagery" else "C4")
            ax.annotate(f"{e.provider or e.kind} {e.site_name}"[:28], (x, y), xytext=(0, 6 + 9 * (k % 3)),
                        textcoords="offset points", fontsize=7)
            k += 1
    ax.set_yticks(range(len(rows)), rows)
    ax.set_ylim(-0.8, len(rows) + 0.2)
    ax.set_xlim(mdates.date2num(t0), mdates.date2num(t1))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b", tz=tz))
    ax.set_title(f"Claim windows and evidence ({tz.key})")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig
