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


def test_unknown_zone_is_an_input_error(capsys):
    argv = ["sun", "--place", "Kim Il Sung Square", "--at", "2023-07-27T21:16Z", "--tz", "Mars/Olympus"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Mars/Olympus" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("at", ["1500-01-01T00:00Z", "2100-01-01T00:00+09:00", "0001-01-01T00:00+05:00"])
def test_outside_the_ephemeris_is_an_input_error(capsys, at):
    assert main(["sun", "--place", "Kim Il Sung Square", "--at", at]) == 2
    assert "ephemeris" in capsys.readouterr().err
    with pytest.raises(InputError):
        sun_times(*SQUARE, dt.date(1850, 1, 1), "Asia/Pyongyang")


@pytest.mark.parametrize(("offset", "name"), [("-13:00", "UTC-13:00"), ("+05:30", "UTC+05:30"),
                                              ("+13:00", "UTC+13:00"), ("+14:00", "UTC+14:00")])
def test_times_in_the_offset_of_at(offset, name):
    rec = _cli("--place", "Kim Il Sung Square", "--at", f"2023-07-27T12:00{offset}")
    t = rec["times"]
    assert t["tz"] == name and t["sunrise"].endswith(offset)
    # The same sunrise instant whatever the offset it is written in.
    utc = dt.datetime.fromisoformat(t["sunrise"]).astimezone(dt.UTC)
    assert (utc.hour, utc.minute) in ((20, 32), (20, 33))


def test_tz_takes_the_local_day_in_that_zone():
    rec = _cli("--place", "Kim Il Sung Square", "--at", "2023-07-27T21:16Z", "--tz", "Asia/Pyongyang")
    assert rec["times"]["date"] == "2023-07-28"
    assert rec["times"]["sunrise"].startswith("2023-07-28T05:3")


def test_polar_day_and_night():
    day = sun_times(78.22334, 15.64689, dt.date(2023, 6, 21), "Arctic/Longyearbyen")
    night = sun_times(78.22334, 15.64689, dt.date(2023, 12, 21), "Arctic/Longyearbyen")
    assert (day.sunrise, day.sunset, day.polar) == (None, None, "polar day")
    assert night.polar == "polar night" and night.hhmm("sunset") == "none (polar night)"
    assert sun_times(*SQUARE, dt.date(2023, 7, 27), "Asia/Pyongyang").polar is None


def test_text_output_says_which_point_was_used(capsys):
    from osint.cli import main

    assert main(["sun", "--place", "Georgia", "--at", "2023-07-27T12:00+04:00"]) == 0
    out = capsys.readouterr().out
    point = [line for line in out.splitlines() if line.startswith("point: ")]
    assert point and "geonames:" in point[0] and "readings" in point[0] and "--lat/--lon" in point[0]
