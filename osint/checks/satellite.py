"""(9) The satellite: could the named satellite, constellation or provider have taken the image then?

From the cited per-satellite table ``data/satellites.csv`` (launch and end-of-service dates): a
satellite the claim names decides, else the constellation, else the provider narrows to its
satellites alive in the window. An image from a satellite not yet launched, already dead or lost
at launch is a hard fact against the claim when the claim dates its image; when the window is
only assumed (no date in the claim), an archive image is possible, so it is a soft signal.
A named sensor the satellites alive then do not carry ("Sentinel-2 radar images") is the sensor
check's (``sensor_conditions``), which reads the same fleet.
"""

from __future__ import annotations

import datetime as dt

from .. import satellites
from ..model import ImageryClaim
from ..model.checks import Check, Status, Weight

NAME = "satellite"


def claim_fleet(claim: ImageryClaim) -> satellites.Fleet:
    """The satellites the claim's words name, and those alive in its window."""
    w = claim.window
    return satellites.fleet(claim.text, claim.provider, claim.constellation, w.start, w.end)


def _dated(claim: ImageryClaim) -> bool:
    """True when the window comes from words (the claim's, or its speaker's previous claim's),
    not from an assumed span before publication (no expression)."""
    w = claim.window
    return w.start is not None and bool(w.expression)


def check_satellite(claim: ImageryClaim) -> Check:
    """(9) The satellites the claim names against their lifetimes (and the sensor they carry)."""
    w = claim.window
    f = claim_fleet(claim)
    if not f.rows and claim.provider in ("unknown", "commercial"):
        # No provider named: the table's satellites as a whole, over the window the claim gives or
        # the one assumed before publication (an archive image is possible, which only matters
        # when none could: a soft signal either way); undated, any satellite could have.
        if w.start is not None and w.end is not None:
            return _any_satellite(claim)
        return Check(NAME, Status.CONSISTENT, "no provider named and no date: any imaging satellite could "
                     "have taken the image; this narrows nothing (no weight)", (satellites.TABLE,),
                     {"basis": "any", "named": "", "undated": True}, Weight.NONE)
    if not f.rows:
        who = claim.provider if claim.provider not in ("unknown", "commercial") else "no provider"
        return Check(NAME, Status.UNVERIFIED, f"{who} named: no satellite of data/satellites.csv to hold the "
                     f"image's date against", (), {}, Weight.NONE)
    if w.start is None or w.end is None:
        return _undated(f)
    ev = {"basis": f.basis, "named": f.named, "alive": [s.id for s in f.alive],
          "gone": {s.id: why for s, why in f.gone}}
    sources = (satellites.TABLE, *dict.fromkeys(s.source() for s, _ in f.gone if s.source()),
               *dict.fromkeys(s.source() for s in f.alive[:4] if s.source()))
    span = f"{w.start}" if w.start == w.end else f"{w.start}..{w.end}"
    if not f.alive:
        gone = "; ".join(why for _, why in f.gone)
        hard = _dated(claim)
        return Check(
            NAME, Status.INCONSISTENT,
            (f"no satellite of {f.named} ({f.basis}) could image on {span}: {gone}"
             + ("" if hard else " (soft: the claim gives no date of its own, so an archive image is "
                                "possible)")),
            sources, ev, Weight.HARD if hard else Weight.SOFT)
    alive = ", ".join(f"{s.name} ({s.sensor}, {s.pixel()})" for s in f.alive[:8])
    narrowed = (f"; not then: {'; '.join(why for _, why in f.gone[:4])}" if f.gone else "")
    dated = _dated(claim)
    return Check(NAME, Status.CONSISTENT,
                 f"{f.named} ({f.basis}): alive on {span}: {alive}"
                 f"{' ...' if len(f.alive) > 8 else ''}{narrowed}"
                 + ("" if dated else " (the claim gives no date of its own: alive in the window assumed "
                                     "before publication, which carries no weight)"),
                 sources, ev, Weight.SOFT if dated else Weight.NONE)


def _undated(f: satellites.Fleet) -> Check:
    """Satellites named for a claim with no window at all (no date of its own, no publication
    date): their lifetimes cannot be held against a day. A fleet that ever flew could have taken
    the image at some time: consistent, with no weight (it narrows nothing); one that never flew
    (lost at launch) could not have, whenever it was: a soft signal (the date is unknown)."""
    flew = [s for s in f.rows if not satellites.unavailable(s, dt.date.min, dt.date.max)]
    ev = {"basis": f.basis, "named": f.named, "alive": [s.id for s in flew], "undated": True}
    if not flew:
        never = "; ".join(satellites.unavailable(s, dt.date.min, dt.date.max) for s in f.rows)
        return Check(NAME, Status.INCONSISTENT, f"soft: no satellite of {f.named} ({f.basis}) ever imaged: "
                     f"{never}; the image is undated", (satellites.TABLE, *f.sources()[:4]), ev, Weight.SOFT)
    some = ", ".join(f"{s.name} ({s.sensor}, {s.pixel()}, launched {satellites.known_launch(s) or '?'})"
                     for s in flew[:6])
    return Check(NAME, Status.CONSISTENT,
                 f"{f.named} ({f.basis}): the image is undated (no date in the claim, no publication "
                 f"date), so lifetimes narrow nothing; its satellites: {some}"
                 f"{' ...' if len(flew) > 6 else ''} (no weight)",
                 (satellites.TABLE, *f.sources()[:4]), ev, Weight.NONE)


def _any_satellite(claim: ImageryClaim) -> Check:
    """A dated claim that names no provider: the satellites of the table (of the claim's sensor,
    when it says) that could have imaged in its window. Some could, nearly always: consistent, with
    no weight (it narrows nothing); none could (a date before any of them), a soft signal."""
    w = claim.window
    assert w.start is not None and w.end is not None
    rows = [s for s in satellites.load_satellites()
            if claim.sensor not in ("optical", "sar") or s.imaging == claim.sensor]
    # A row the table cannot date (no launch for it or its constellation) says nothing of the day.
    alive = [s for s in rows if satellites.known_launch(s) is not None
             and not satellites.unavailable(s, w.start, w.end)]
    span = f"{w.start}" if w.start == w.end else f"{w.start}..{w.end}"
    kind = f"{claim.sensor} " if claim.sensor in ("optical", "sar") else ""
    ev = {"basis": "any", "named": "", "alive": [s.id for s in alive]}
    if not alive:
        return Check(NAME, Status.INCONSISTENT, f"soft: no provider named, and no {kind}satellite of "
                     f"data/satellites.csv could image on {span}", (satellites.TABLE,), ev, Weight.SOFT)
    some = ", ".join(s.name for s in alive[:4])
    return Check(NAME, Status.CONSISTENT,
                 f"no provider named: {len(alive)} {kind}satellites of data/satellites.csv could image on "
                 f"{span} ({some}{' ...' if len(alive) > 4 else ''}); this narrows nothing (no weight)",
                 (satellites.TABLE,), ev, Weight.NONE)
