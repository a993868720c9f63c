"""(8) Resolution feasibility: is the sensor's pixel fine enough for what is said to be seen?

What the claim's observed clause says the image shows (:func:`osint.objects.find_objects`:
people, vehicles, aircraft by size class and type, ships, storage tanks, buildings, craters,
burn scars, formations, text, colour) against the finest native ground sample distance of the
satellites the claim names alive on its dates (``data/satellites.csv``; ``data/sensors.csv`` for a
provider that table lacks), and the pixel each level needs (``data/image_objects.csv``, the
NIIRS-style detect / recognise / identify bounds, each row cited). Objects named in a background
clause ("after the drone attack on the depot") are listed, not scored.

A pixel more than twice too coarse is a hard fact; up to twice is marginal. A hedge ("what
appear to be Tu-95s") softens the wording, never the physics: a hedged type or class is an
inference, so only the object's detect bound is then held hard against the pixel (13 times too
coarse to see people at all stays a contradiction). An absence ("showed no vehicles") is held
to the same bound, since only a pixel that would show the thing can show it missing; too coarse,
the absence is unfounded rather than false (a soft signal). Radar shows no colour, nor does a
panchromatic-only satellite."""

from __future__ import annotations

import re
from typing import Any

from .. import objects, satellites, sensors
from ..model import ImageryClaim
from ..model.checks import Check, Status, Weight
from .satellite import claim_fleet

#: A pixel more than this many times the bound is clearly too coarse (a hard fact).
CLEARLY_TOO_COARSE = 2.0

_FALSE_COLOUR = re.compile(r"\b(?:false[- ]colou?r|colou?ri[sz]ed|composite|pseudo-?colou?r)\b", re.I)


def _pixel(claim: ImageryClaim) -> tuple[float | None, str, list[str], Weight]:
    """(GSD in metres, whose, sources, weight of what follows) for the claim's sensor.

    The satellites alive on the image's dates (``data/satellites.csv``) that the claim names (a
    satellite, a constellation, or the provider's) give the finest native pixel; the product
    pixel is shown beside it (a finer product adds no detail). A provider the satellite table
    does not know falls back to ``data/sensors.csv``."""
    imaging = claim.sensor if claim.sensor in ("sar", "optical") else None
    if claim.provider in ("unknown", "commercial"):
        return _any_commercial(claim, imaging)
    fl = claim_fleet(claim)
    best = fl.finest(imaging)
    if best is None and fl.rows and not fl.alive:
        # None alive then (the satellite check says so): what the satellites named could see.
        gone = satellites.Fleet(fl.basis, fl.named, fl.rows, fl.rows, ())
        dead = gone.finest(imaging)
        if dead is not None:
            return (dead.gsd_m, f"{dead.name} ({dead.sensor}, {dead.pixel()}; {fl.basis} {fl.named}, "
                    f"not alive then: see the satellite check)", [satellites.TABLE, dead.source()],
                    Weight.HARD)
    if best is not None:
        others = [s for s in fl.alive if s is not best and s.gsd_m is not None
                  and (imaging is None or s.imaging == imaging)]
        also = f"; {len(others)} other satellite(s) alive then, none finer" if others else ""
        return (best.gsd_m, f"{best.name} ({best.sensor}, {best.pixel()}; {fl.basis} {fl.named}, alive "
                f"then{also})", [satellites.TABLE, best.source()], Weight.HARD)
    row = sensors.finest(claim.provider, claim.constellation, imaging)
    if row is None:
        return None, claim.constellation or claim.provider, [], Weight.NONE
    return row.gsd_m, f"{row.constellation} ({row.kind}, best {row.gsd_m:g} m)", [row.source_url], Weight.HARD


def _any_commercial(claim: ImageryClaim, imaging: str | None) -> tuple[float | None, str, list[str], Weight]:
    """The finest native pixel of any commercial satellite alive in the window: a bound that
    carries no weight, since the provider is not named."""
    w = claim.window
    rows = [s for s in satellites.load_satellites()
            if s.gsd_m is not None and (imaging is None or s.imaging == imaging)
            and (w.start is None or w.end is None or not satellites.unavailable(s, w.start, w.end))]
    if not rows:
        return None, "no satellite alive then in data/satellites.csv", [], Weight.NONE
    best = min(rows, key=lambda s: s.gsd_m or 0.0)
    return (best.gsd_m, f"the finest pixel of any satellite alive then ({best.name}, {best.pixel()}), since "
            f"the provider is not named", [satellites.TABLE, best.source()], Weight.NONE)


def _panchromatic_only(claim: ImageryClaim) -> str:
    """The satellites named, when every one alive then records no colour (WorldView-1, EROS);
    else ''."""
    if claim.provider in ("unknown", "commercial") and not satellites.satellite_mentions(claim.text):
        return ""
    fl = claim_fleet(claim)
    if fl.alive and all(s.colour is False and s.imaging == "optical" for s in fl.alive):
        return ", ".join(s.name for s in fl.alive)
    return ""


def check_resolution(claim: ImageryClaim, context: str = "") -> Check:
    """(8) What the observed clause says is seen against the sensor's pixel (and colour);
    ``context``, the article's text, tells which "tanks" an oil depot's are."""
    name = "resolution"
    found = objects.find_objects(claim.text, context)
    # An absence ("showed no vehicles") needs the pixel that would have shown the thing.
    seen = [o for o in found if o.observed]
    background = [o for o in found if not o.observed]
    bg = ("; background, not scored: " + ", ".join(f"'{o.text}'" for o in background)) if background else ""
    if not seen and claim.sites and claim.sensor != "video":
        # Nothing named but the place itself ("images of the Kalbajar district"): a place as a
        # whole is what any imaging satellite shows; nothing is against the claim, nothing learnt.
        where = ", ".join(x.name for x in claim.sites)
        return Check(name, Status.CONSISTENT,
                     f"the claim names nothing seen that the object vocabulary covers, only where its images "
                     f"are ({where}): a place as a whole is within any imaging satellite's reach "
                     f"(no weight)" + bg,
                     (objects.TABLE,), {"background": [o.text for o in background], "place_only": True},
                     Weight.NONE)
    if not seen:
        return Check(name, Status.UNVERIFIED,
                     "the claim names nothing seen that the object vocabulary covers" + bg,
                     (objects.TABLE,), {"background": [o.text for o in background]}, Weight.NONE)
    gsd, whose, sources, weight = _pixel(claim)
    j = _Judge(claim, gsd, whose, weight)
    for o in seen:
        sources.append(o.row.source_url)
        j.judge(o)
    j.ev["background"] = [o.text for o in background]
    detail = f"pixel: {whose}; " + "; ".join(j.hard + j.soft + j.marginal + j.parts) + bg
    src = tuple(dict.fromkeys(x for x in [objects.TABLE, *sources] if x))
    if j.hard:
        return Check(name, Status.INCONSISTENT, f"the pixel is clearly too coarse: {detail}", src, j.ev,
                     Weight.HARD)
    if j.soft:
        return Check(name, Status.INCONSISTENT, f"soft: {detail}", src, j.ev, Weight.SOFT)
    if j.marginal:
        return Check(name, Status.UNVERIFIED, detail, src, j.ev, Weight.SOFT)
    if gsd is None:
        return Check(name, Status.UNVERIFIED, f"{whose}: no pixel size sourced; {detail}", src, j.ev,
                     Weight.NONE)
    return Check(name, Status.CONSISTENT, detail, src, j.ev, weight if weight == Weight.NONE else Weight.SOFT)


class _Judge:
    """Each object seen against the pixel, into hard facts, soft signals, marginal and fine lines."""

    def __init__(self, claim: ImageryClaim, gsd: float | None, whose: str, weight: Weight) -> None:
        self.claim, self.gsd, self.whose, self.weight = claim, gsd, whose, weight
        self.sar = claim.sensor == "sar"
        self.hard: list[str] = []
        self.soft: list[str] = []
        self.marginal: list[str] = []
        self.parts: list[str] = []
        self.ev: dict[str, Any] = {"gsd_m": gsd, "pixel": whose, "observations": {}}

    def judge(self, o: objects.SeenObject) -> None:
        """One object seen."""
        r = o.row
        if r.object == "colour" or (self.sar and not r.radar):
            self._not_in_radar(o)
            return
        if self.gsd is None or r.max_gsd_m is None:
            self.parts.append(f"'{o.text}': pixel or bound not sourced")
            return
        ratio = self.gsd / r.max_gsd_m
        absent = " (said absent)" if o.negated else ""
        line = (f"'{o.text}'{absent} ({r.object}, {r.level}: {r.criterion}) needs about {r.max_gsd_m:g} m "
                f"or finer (NIIRS {r.niirs})")
        self.ev["observations"][o.text] = {"object": r.object, "level": r.level, "needs_m": r.max_gsd_m,
                                           "ratio": round(ratio, 2), "hedged": o.hedged}
        if ratio <= 1:
            self.parts.append(line + ": fine enough")
            return
        physics = objects.detect_row(r.object) if o.hedged and r.level != "detect" else None
        if physics is not None and physics.max_gsd_m is not None and ratio > CLEARLY_TOO_COARSE:
            # A hedged type is an inference from context: the object itself must still be visible.
            p_ratio = self.gsd / physics.max_gsd_m
            if p_ratio > CLEARLY_TOO_COARSE:
                self._against(line + f": {ratio:.1f}x too coarse, and even detecting a {r.object} needs "
                              f"{physics.max_gsd_m:g} m ({p_ratio:.1f}x); the hedge ('{o.cue}') softens the "
                              f"wording, not the physics", o.negated)
            else:
                self.soft.append(line + f": {ratio:.1f}x too coarse to tell the {r.level} level, but the "
                                 f"claim hedges ('{o.cue}') and the {r.object} itself is visible "
                                 f"({physics.max_gsd_m:g} m)")
            return
        if ratio <= CLEARLY_TOO_COARSE:
            self.marginal.append(line + ": marginal (within twice the bound)")
        else:
            self._against(line + f": {ratio:.1f}x too coarse"
                          + (f" (the claim hedges, '{o.cue}': wording, not physics)" if o.hedged else ""),
                          o.negated)

    def _against(self, msg: str, negated: bool = False) -> None:
        if negated:
            # Too coarse to show a thing leaves its absence unfounded, not false: a signal only.
            self.soft.append(msg + " (an absence this pixel could not have shown: unfounded, not false)")
            return
        (self.hard if self.weight == Weight.HARD else self.soft).append(msg)

    def _not_in_radar(self, o: objects.SeenObject) -> None:
        r, claim = o.row, self.claim
        if r.object == "colour" and not self.sar:
            pan = _panchromatic_only(claim)
            if pan:
                self._against(f"'{o.text}': {pan} records no colour (panchromatic only; "
                              f"data/satellites.csv bands)")
                self.ev["observations"][o.text] = "not visible in a panchromatic image"
            else:
                self.parts.append(f"'{o.text}': colour fits an optical sensor")
            return
        if _FALSE_COLOUR.search(claim.text):
            self.parts.append(f"'{o.text}': a radar false-colour composite, as the claim says")
            return
        what = "colour" if r.object == "colour" else r.object
        msg = f"'{o.text}': radar records no {what} ({r.note})"
        # Colour is a hard fact; a plume or scorch in radar is only unlikely.
        (self.hard if r.object == "colour" and self.weight == Weight.HARD else self.soft).append(msg)
        self.ev["observations"][o.text] = "not visible in radar"
