"""Offline solar positions (skyfield + DE421 from skyfield-data)."""

from __future__ import annotations

import datetime as dt
import io
import json
from contextlib import redirect_stdout

import pytest

from osint.cli import main
from osint.errors import InputError
from osint.sun import phase_of, sun_position, sun_times

SQUARE = (39.01953, 125.75247)


def _cli(*argv: str) -> dict:
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert main(["sun", *argv, "--format", "json"]) == 0
    return json.loads(buf.getvalue())


def test_acceptance_kim_il_sung_square_parade_night():
    rec = _cli("--place", "Kim Il Sung Square", "--at", "2023-07-27T21:16+09:00")
    assert rec["elevation"] == pytest.approx(-14.2, abs=0.3)
    assert rec["phase"] == "astronomical twilight"
    assert 270 < rec["azimuth"] < 330  # the sun set in the north-west in July
    assert "kim-il-sung-square" in rec["place_source"]


def test_lat_lon_and_utc_give_the_same_answer():
    rec = _cli("--lat", str(SQUARE[0]), "--lon", str(SQUARE[1]), "--at", "2023-07-27T12:16:00Z")
    assert rec["elevation"] == pytest.approx(-14.23, abs=0.05)


def test_times_of_the_day_match_the_research_note():
    t = sun_times(*SQUARE, dt.date(2023, 7, 27), "Asia/Pyongyang")
    assert (t.sunrise.hour, t.sunrise.minute) in ((5, 32), (5, 33))
    assert (t.sunset.hour, t.sunset.minute) in ((19, 53), (19, 54))
    assert (t.nautical_dusk.hour, t.nautical_dusk.minute) in ((21, 1), (21, 0))
    assert t.civil_dawn < t.sunrise < t.sunset < t.civil_dusk < t.astronomical_dusk


def test_morning_optical_pass_is_in_daylight():
    at = dt.datetime(2023, 7, 27, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    pos = sun_position(*SQUARE, at)
    assert pos.phase == "day" and 50 < pos.elevation < 60


@pytest.mark.parametrize(("elev", "phase"), [(10, "day"), (-3, "civil twilight"), (-9, "nautical twilight"),
                                             (-15, "astronomical twilight"), (-30, "night")])
def test_phase_limits(elev, phase):
    assert phase_of(elev) == phase


def test_time_without_offset_is_refused(capsys):
    with pytest.raises(InputError):
        sun_position(*SQUARE, dt.datetime(2023, 7, 27, 21, 16))
    assert main(["sun", "--place", "Kim Il Sung Square", "--at", "2023-07-27T21:16"]) == 2
    assert "offset" in capsys.readouterr().err


def test_unknown_place_is_an_input_error(capsys):
    assert main(["sun", "--place", "Nowhere-in-particular-xyz", "--at", "2023-07-27T21:16Z"]) == 2
    assert "gazetteer" in capsys.readouterr().err
