"""(8) Resolution feasibility: is the sensor's pixel fine enough for what is said to be seen?

What is said to be seen (people, vehicles, aircraft types, number formations, colour,
craters ...) against the finest ground sample distance the provider (or the named
constellation) flies, from ``data/sensors.csv``, and the pixel each observation needs,
from ``data/resolution.csv`` (bounds in the spirit of the civil NIIRS scale, each row
cited). A pixel more than twice too coarse is a hard fact (unless the claim hedges);
up to twice is soft; radar shows no colour."""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from typing import Any

from .. import satellites, sensors
from ..model import ImageryClaim, Observation
from ..model.checks import Check, Status, Weight
from ..paths import data_file
from .satellite import claim_fleet

#: A pixel more than this many times the bound is clearly too coarse (a hard fact).
CLEARLY_TOO_COARSE = 2.0

_FALSE_COLOUR = re.compile(r"\b(?:false[- ]colou?r|colou?ri[sz]ed|composite|pseudo-?colou?r)\b", re.I)


@dataclass(frozen=True, slots=True)
class Need:
    """A row of ``data/resolution.csv``: what an observation needs."""

    label: str
    max_gsd_m: float | None
    niirs: str
    criterion: str
    radar: bool
    source_url: str
    note: str


@functools.lru_cache(maxsize=1)
def load_needs() -> dict[str, Need]:
    """The shipped resolution table, by label."""
    with data_file("resolution.csv").open(encoding="utf-8", newline="") as fh:
        return {
            r["label"]: Need(
                r["label"],
                float(r["max_gsd_m"]) if r["max_gsd_m"] else None,
                r["niirs"],
                r["criterion"],
                r["radar"] == "yes",
                r["source_url"],
                r["note"],
            )
            for r in csv.DictReader(fh)
        }


def need_label(o: Observation) -> str | None:
    """The resolution-table label for an observation (a type or a group reads differently)."""
    if o.label.startswith("formations of the number"):
        return "number formation"
    if o.label == "aircraft" and o.detail:
        return "aircraft types"
    if o.label == "vehicles" and o.detail:
        return "vehicle groups" if o.detail == "group" else "vehicle types"
    return o.label if o.label in load_needs() else None


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


def check_resolution(claim: ImageryClaim) -> Check:
    """(8) What is said to be seen against the sensor's pixel (and radar against colour)."""
    name = "resolution"
    seen = [(o, need_label(o)) for o in claim.observations if not o.negated]
    seen = [(o, lab) for o, lab in seen if lab]
    if not seen:
        return Check(
            name,
            Status.UNVERIFIED,
            "the claim names nothing seen that the resolution table covers",
            (),
            {},
            Weight.NONE,
        )
    gsd, whose, sources, weight = _pixel(claim)
    needs = load_needs()
    sar = claim.sensor == "sar"
    parts, hard, soft, marginal = [], [], [], []
    ev: dict[str, Any] = {"gsd_m": gsd, "pixel": whose, "observations": {}}
    for o, lab in seen:
        n = needs[lab]
        sources.append(n.source_url)
        if lab == "colour" and not sar and (pan := _panchromatic_only(claim)):
            msg = (f"'{o.text}': {pan} records no colour (panchromatic only; data/satellites.csv bands)")
            (hard if weight == Weight.HARD else soft).append(msg)
            ev["observations"][o.text] = "not visible in a panchromatic image"
            continue
        if lab == "colour" or (sar and not n.radar):
            if not sar:
                parts.append(f"'{o.text}': {'colour' if lab == 'colour' else lab} fits an optical sensor")
                continue
            if _FALSE_COLOUR.search(claim.text):
                parts.append(f"'{o.text}': a radar false-colour composite, as the claim says")
                continue
            msg = (
                f"'{o.text}': radar records no {'colour' if lab == 'colour' else lab.rstrip('s')} ({n.note})"
            )
            (hard if lab == "colour" and weight == Weight.HARD and not o.hedged else soft).append(msg)
            ev["observations"][o.text] = "not visible in radar"
            continue
        if gsd is None or n.max_gsd_m is None:
            parts.append(f"'{o.text}': pixel or bound not sourced")
            continue
        ratio = gsd / n.max_gsd_m
        line = f"'{o.text}' ({n.criterion}) needs about {n.max_gsd_m:g} m or finer (NIIRS {n.niirs}); {whose}"
        ev["observations"][o.text] = {"needs_m": n.max_gsd_m, "ratio": round(ratio, 2)}
        if ratio <= 1:
            parts.append(line + ": fine enough")
        elif ratio <= CLEARLY_TOO_COARSE:
            marginal.append(line + ": marginal (within twice the bound)")
        elif o.hedged or weight != Weight.HARD:
            soft.append(line + f": {ratio:.1f}x too coarse, but the claim hedges ('{o.cue}')")
        else:
            hard.append(line + f": {ratio:.1f}x too coarse")
    detail = "; ".join(hard + soft + marginal + parts)
    src = tuple(
        dict.fromkeys(
            x for x in ["data/resolution.csv (civil NIIRS bounds, cited)", "data/sensors.csv", *sources] if x
        )
    )
    if hard:
        return Check(
            name, Status.INCONSISTENT, f"the pixel is clearly too coarse: {detail}", src, ev, Weight.HARD
        )
    if soft:
        return Check(name, Status.INCONSISTENT, f"soft: {detail}", src, ev, Weight.SOFT)
    if marginal:
        return Check(name, Status.UNVERIFIED, detail, src, ev, Weight.SOFT)
    if gsd is None:
        return Check(
            name,
            Status.UNVERIFIED,
            f"{whose}: no pixel size sourced in data/sensors.csv; {detail}",
            src,
            ev,
            Weight.NONE,
        )
    return Check(name, Status.CONSISTENT, detail, src, ev, weight if weight == Weight.NONE else Weight.SOFT)
