"""An interaction field the LMS refuses no longer holds back the fields after it (lms.js
Recorder.writeJob): each test drives Chromium as a learner through the minimal course against
scorm-again, with one field of every interaction record refused, and asserts what the LMS holds
and what the learner is told.

Before the change, a refused field stopped its record there: everything written after it
(in SCORM 2004: weighting, correct patterns, the learner's response, the result; in 1.2: the
type, the patterns, the response, the result) stayed out of the LMS, retried at every save,
for good when the LMS refuses that value every time. All three tests, in both editions, failed
on that runtime.
"""

from __future__ import annotations

from typing import List

import pytest
from playwright.sync_api import expect

from lms_driver import CLEAN, RESPONSE, WHEN, answers, finish_course, goto, read_lessons, records

pytestmark = [pytest.mark.slow, pytest.mark.browser]
DONE = "Course complete. Your result is saved."
FAILING = "Your progress is not saved"
SET = {"1.2": "LMSSetValue", "2004": "SetValue"}
# the error an LMS gives a value it refuses for what it is (1.2: 405 incorrect data type;
# 2004: 406 type mismatch), so that the same value is refused every time
FOR_ITS_VALUE = {"1.2": "405", "2004": "406"}

# The LMS refuses to set every element matching a pattern, with an error code, for good.
REFUSE = """([name, pattern, code]) => {
    const re = new RegExp(pattern);
    const set = lms.api[name];
    lms.api[name] = function (element, value) {
        if (!re.test(String(element))) { return set.apply(this, arguments); }
        lms.calls.push({fn: name, args: [String(element), String(value)], ret: 'false', error: code,
                        injected: true});
        lms.injectedError = code;
        return 'false';
    };
}"""


def refused_calls(report: dict, field: str) -> List[str]:
    return [c["args"][0] for c in report["calls"] if c.get("injected") and c["args"][0].endswith(field)]


@pytest.mark.parametrize("edition", ["1.2", "2004"])
def test_a_time_the_lms_refuses_for_its_value_no_longer_loses_the_answers(
        launch, edition: str) -> None:
    """Every record's time is refused for its value, as Moodle's SCORM 2004 player refuses a
    timestamp outside the years 1970-2038 (its CMITime check; docs/tracking.md) from a learner
    whose clock is far off. The time only says when the answer was given: the answers are
    recorded without it, and the learner is told the course is saved."""
    run = launch("minimal", edition)
    run.lms(REFUSE, [SET[edition], rf"^cmi\.interactions\.\d+\.{WHEN[edition]}$", FOR_ITS_VALUE[edition]])
    finish_course(run)
    expect(run.shell.locator("#sb-status")).to_have_text(DONE)
    expect(run.shell.locator("#sb-alert")).to_be_hidden()
    report = run.leave()
    assert answers(report["values"], edition) == CLEAN[edition]
    # given up after the first refusal: one refused write per record, not one per save
    assert len(refused_calls(report, "." + WHEN[edition])) == len(CLEAN[edition])


@pytest.mark.parametrize("edition", ["1.2", "2004"])
def test_an_objective_the_lms_refuses_for_good_keeps_the_answers_and_is_told(
        launch, edition: str) -> None:
    """Every record's objective is refused for its value (an LMS with a stricter identifier
    rule than the SPM). The objective is part of what the record says, so it stays wanted and
    the learner is told that the progress is not saved; but the type, the correct patterns,
    the response and the result, written after it, are in the LMS."""
    run = launch("minimal", edition)
    run.lms(REFUSE, [SET[edition], r"^cmi\.interactions\.\d+\.objectives\.0\.id$", FOR_ITS_VALUE[edition]])
    finish_course(run)
    expect(run.shell.locator("#sb-alert")).to_contain_text(FAILING)
    report = run.leave()
    expected = {key: {f: v for f, v in record.items() if f != "objectives.0.id"}
                for key, record in CLEAN[edition].items()}
    assert answers(report["values"], edition, leave_out="objectives.0.id") == expected
    assert report["violations"] == []


@pytest.mark.parametrize("edition", ["1.2", "2004"])
def test_a_response_refused_for_a_while_is_written_after_the_rest_and_survives_a_reload(
        launch, edition: str) -> None:
    """The LMS fails every write of the knowledge check's response for a while (a general
    failure, not the value's fault). The result and the latency after it are written at once;
    the learner reloads the page; once the LMS takes writes again, the reloaded page writes the
    response it took over, and the record is whole."""
    run = launch("minimal", edition)
    read_lessons(run)
    response = f"cmi.interactions.0.{RESPONSE[edition]}"
    run.lms("f => lms.fail(f)", {"call": "set", "mode": "false", "match": response})
    run.course.get_by_label("True").check()
    run.submit()
    run.shell.locator("#sb-alert").get_by_text(FAILING).wait_for()
    held = records(run.report()["values"])["m1-check.kc-1"]
    assert RESPONSE[edition] not in held
    assert held["result"] == "correct"
    run.reload()
    run.at("m1-check")
    run.lms("() => lms.recover()")
    goto(run, "final")
    expect(run.shell.locator("#sb-alert")).to_be_hidden()
    held = answers(run.report()["values"], edition)["m1-check.kc-1"]
    assert held == CLEAN[edition]["m1-check.kc-1"]
    run.leave()
