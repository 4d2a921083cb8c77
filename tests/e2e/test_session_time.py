"""The session time the LMS is sent (RTE 4.2.21, 1.2 cmi.core.session_time) counts the time the
learner spent, whatever the computer's clock does meanwhile, and goes on across a reload.

Before 2026-12-03 it was the date now less the date at launch: a clock set back while the course
was open (a time-server correction on a hospital's virtual desktop) made it negative, written as
zero, and every save after that sent zero, so the LMS added nothing for the whole session. Each
test drives Chromium as a learner against scorm-again and reads what the LMS was sent.
"""

from __future__ import annotations

import re

import pytest

from lms_driver import assert_clean_calls

pytestmark = [pytest.mark.slow, pytest.mark.browser]
EDITIONS = ["1.2", "2004"]

# The course window's clock set back two hours, as a time-server correction does: every date
# made from now on is two hours earlier (dates made from a given time are left alone).
SET_CLOCK_BACK = """() => {
  var w = document.getElementById('sco').contentWindow, Real = w.Date, back = 2 * 3600 * 1000;
  var Shifted = function (value) {
    return arguments.length ? new Real(value) : new Real(Real.now() - back);
  };
  Shifted.now = function () { return Real.now() - back; };
  Shifted.UTC = Real.UTC;
  Shifted.parse = Real.parse;
  Shifted.prototype = Real.prototype;
  w.Date = Shifted;
}"""


def seconds(value: str) -> float:
    """A 1.2 timespan (HHHH:MM:SS.SS) or a 2004 duration (PT1H2M3.4S) in seconds."""
    clock = re.fullmatch(r"(\d+):(\d\d):(\d\d(?:\.\d+)?)", value)
    if clock:
        return int(clock.group(1)) * 3600 + int(clock.group(2)) * 60 + float(clock.group(3))
    duration = re.fullmatch(r"P(?:\d+D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?", value)
    assert duration, value
    hours, minutes, secs = (float(part or 0) for part in duration.groups())
    return hours * 3600 + minutes * 60 + secs


def session_times(report: dict) -> list:
    return [seconds(call["args"][1]) for call in report["calls"]
            if call["args"] and str(call["args"][0]).endswith("session_time")]


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_clock_set_back_does_not_wipe_the_session_time(launch, edition):
    run = launch("minimal", edition)
    run.at("start")
    run.lms_page.wait_for_timeout(1500)
    run.lms(SET_CLOCK_BACK)
    run.lms_page.wait_for_timeout(1500)
    run.next("m1")                                   # a save: the session time goes with it
    report = run.leave()
    times = session_times(report)
    assert times and times[-1] >= 3.0, times        # 3 s spent, not 0
    assert times == sorted(times)                   # never smaller than a time already sent
    assert_clean_calls(report)


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_session_time_goes_on_across_a_reload(launch, edition):
    run = launch("minimal", edition)
    run.at("start")
    run.next("m1")
    run.lms_page.wait_for_timeout(2000)
    run.reload()
    run.at("m1")
    run.lms_page.wait_for_timeout(1000)
    report = run.leave()
    times = session_times(report)
    assert times[-1] >= 3.0, times                  # the time before the reload is kept
    assert times == sorted(times)
    assert_clean_calls(report)
