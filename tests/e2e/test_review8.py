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

from typing import Dict, List

import pytest
from playwright.sync_api import expect

from lms_driver import finish_course, goto, read_lessons, records

pytestmark = [pytest.mark.slow, pytest.mark.browser]
DONE = "Course complete. Your result is saved."
FAILING = "Your progress is not saved"
SET = {"1.2": "LMSSetValue", "2004": "SetValue"}
RESPONSE = {"1.2": "student_response", "2004": "learner_response"}
WHEN = {"1.2": "time", "2004": "timestamp"}
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


def answers(values: Dict[str, str], edition: str, leave_out: str = "") -> Dict[str, Dict[str, str]]:
    """What each record says about the answer: everything but when and how long (they differ
    from launch to launch), and but the field left out."""
    kept = {}
    for key, record in records(values).items():
        kept[key] = {f: v for f, v in record.items()
                     if f not in (WHEN[edition], "latency", leave_out)}
    return kept


def refused_calls(report: dict, field: str) -> List[str]:
    return [c["args"][0] for c in report["calls"] if c.get("injected") and c["args"][0].endswith(field)]


def _record(key: str, objective: str, kind: str, pattern: str, response: str, result: str,
            edition: str) -> Dict[str, str]:
    record = {"id": key, "type": kind, "weighting": "1", RESPONSE[edition]: response}
    if objective:
        record.update({"objectives.0.id": objective, "correct_responses.0.pattern": pattern,
                       "result": result})
    return record


# What the LMS holds after the walk when it refuses nothing (when and how long left out).
CLEAN = {edition: {r["id"]: r for r in rows} for edition, rows in {
    "1.2": [_record("m1-check.kc-1", "m1-o1", "true-false", "t", "t", "correct", "1.2"),
            _record("final.fa-1", "lo1", "choice", "a", "a", "correct", "1.2"),
            _record("final.fa-2", "lo1", "choice", "a,c", "a,c", "correct", "1.2"),
            _record("survey.sv-1", "", "likert", "", "d", "", "1.2")],
    "2004": [_record("m1-check.kc-1", "m1-o1", "true-false", "true", "true", "correct", "2004"),
             _record("final.fa-1", "lo1", "choice", "a", "a", "correct", "2004"),
             _record("final.fa-2", "lo1", "choice", "a[,]c", "a[,]c", "correct", "2004"),
             _record("survey.sv-1", "", "likert", "", "4", "", "2004")]}.items()}


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
