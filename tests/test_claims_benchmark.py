"""The imagery-claims benchmark's judge (benchmarks/claims.py): its own documented rules."""

from __future__ import annotations

import datetime as dt
import importlib.util
from types import SimpleNamespace

from osint.model.claims import Window
from osint.paths import PROJ_ROOT

_spec = importlib.util.spec_from_file_location("claims_bench", PROJ_ROOT / "benchmarks" / "claims.py")
assert _spec is not None and _spec.loader is not None
B = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(B)


def _record(**facts):
    base = {"provider": None, "sensor": None, "image_date": None, "speaker": None, "site": None}
    return {"facts": {**base, **facts}, "answer": {"verdict": "plausible", "must_fire": {}}}


def _result(*, window=None, origin="unknown", provider="unknown", affiliation=None):
    claim = SimpleNamespace(sites=(), sensor="unknown", window=window or Window(None, None, None, ""),
                            provider=provider, origin=origin)
    speaker = SimpleNamespace(name=None, affiliation=affiliation, acronym=None)
    return SimpleNamespace(claim=claim, checks=(), verdict="plausible",
                           statement=SimpleNamespace(speaker=speaker))


def test_a_name_of_generic_words_matches_the_same_name_only():
    rec = _record(speaker="Russian Ministry of Defence")
    assert B.judge(rec, _result(origin="Russian Defense Ministry"))["classes"]["attribution"] is True
    assert B.judge(rec, _result(origin="Russian state television"))["classes"]["attribution"] is False
    tv = _record(speaker="Russian state television (Channel One, Rossiya)")
    assert B.judge(tv, _result(origin="Russian state television"))["classes"]["attribution"] is True
    assert B.judge(tv, _result(origin="Russian state media"))["classes"]["attribution"] is False
    assert B.judge(_record(speaker="Maxar Technologies"), _result(provider="Maxar"))["classes"]["attribution"]


def test_a_month_only_image_date_is_held_by_a_window_reaching_into_it():
    rec = _record(image_date="2024-03")
    inside = Window(dt.date(2024, 2, 20), dt.date(2024, 3, 2), None, "")
    outside = Window(dt.date(2024, 4, 1), dt.date(2024, 4, 28), None, "")
    assert B.judge(rec, _result(window=inside))["classes"]["timeline"] is True
    assert B.judge(rec, _result(window=outside))["classes"]["timeline"] is False
    assert B._days("2018") == (dt.date(2018, 1, 1), dt.date(2018, 12, 31))
    assert B._days("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))


def test_a_must_fire_status_is_read_in_the_readmes_spelling():
    rec = _record()
    rec["answer"]["must_fire"] = {"corroboration": "Not_Checked"}
    res = _result()
    res.checks = (SimpleNamespace(check="corroboration", status="not checked"),)
    marks = B.judge(rec, res)
    assert marks["right"] is True and marks["unknown_keys"] == []
    rec["answer"]["must_fire"] = {"timeline": "consistent"}
    assert B.judge(rec, res)["unknown_keys"] == ["timeline"]
