"""Tracking defects found by a twelfth runtime review: values the LMS supplies at launch (its pass
mark, its completion threshold) and one attempt open in two tabs at once. Each test drives
Chromium as a learner through the minimal course (or a served copy of it) against scorm-again,
the test LMS of tests/e2e/lms, and asserts what the LMS holds or what the learner is told. Every
test failed on the runtime it was written against, for the reason given; all four are fixed
(2026-12-03): the pages say the pass mark the session grades with (learner.js passMark); in SCORM
2004 a pass is kept under a raised pass mark only where the LMS gives none of its own
(Session.keptPass, adapter lmsJudgesPass); the 2004 adapter keeps the progress of an unfinished
course below the LMS's completion_threshold (the test now pins 0.49 against 0.5); one window
records an attempt at a time (Session.claimWindow: the older window stops recording and says so,
also after a reload; the last test).

1. The LMS's pass mark is not the one the learner is told before the attempt (both editions).
   When the LMS supplies a pass mark (1.2 cmi.student_data.mastery_score, 2004
   cmi.scaled_passing_score), the runtime grades with it (docs/tracking.md, "Completion and
   success": "The passing score is the LMS's when it gives one"), yet the start page ("Score at
   least 50% in the final assessment") and the final's own page ("Pass mark: 50%.") still state
   the course's figure, rendered statically by templates/start.html and templates/quiz.html and
   never corrected by the runtime (page.js / learner.js). A learner who reaches the 50 % they were
   told is then told "You did not reach the pass mark of 90%". Test:
   test_the_pass_mark_the_learner_is_told_is_the_one_the_lms_applies.

2. SCORM 2004: "a pass stays a pass" after a raised pass mark tells the learner "You passed" and
   "Course complete. Your result is saved." while the LMS records `failed`. The 2004 manifest
   always carries the pass mark as imsss:minNormalizedMeasure, which the LMS exposes as
   cmi.scaled_passing_score (docs/tracking.md; Moodle row of lms-facts.md), so a course updated
   from 50 to 60 is relaunched with scaled_passing_score 0.6. RTE 4.2.22 (success_status, with
   its evaluation table): when a scaled_passing_score is defined and score.scaled is set, the LMS
   determines success_status by comparing them, whatever the SCO wrote; scorm-again does this at
   Terminate (Moodle's 2004 player means to, but tests a misspelt `cmi.scaled_passed_score` in
   StoreData, mod/scorm/datamodels/scorm_13.js, so Moodle itself keeps the SCO's value). The
   runtime keeps its own `passed` (state `p`, Session.evaluate / review) and
   writes success_status `passed` with score.scaled 0.5; the LMS holds `failed`. docs/tracking.md
   justifies the rule by "RTE 4.2.22 leaves success_status to the SCO", which is not so when the
   LMS has a passing score; the existing 2004 test (test_launch_modes.py,
   test_a_pass_is_not_taken_back_by_a_raised_pass_mark) passes only because its relaunch hands
   the LMS no scaled_passing_score. Test:
   test_scorm2004_a_pass_kept_under_a_raised_pass_mark_is_what_the_lms_records.

3. SCORM 2004: the runtime ignores cmi.completion_threshold (adapter-scorm2004.js readLaunch reads
   no such element; docs/tracking.md mentions the threshold only to keep progress_measure below
   1). RTE 4.2.4 (completion_status, Table 4.2.4.1a): when completion_threshold is defined and
   progress_measure is set, the LMS determines completion_status from them. With a threshold of
   0.5, a learner who has read the lessons and the knowledge check (progress_measure 0.5) and
   not taken the final assessment is recorded `completed` (scorm-again applies the table at
   Terminate), while the course tells them "Not yet complete" and lists the final and the
   survey as still to do.
   Test: test_scorm2004_progress_past_the_lms_threshold_does_not_record_an_unfinished_course_completed.
   (How often an LMS supplies a threshold the package's manifest does not declare is open: the
   build writes none; an LMS's own completion setting would.)

4. The same attempt open in two tabs (both editions): the learner opens the course from the LMS a
   second time while the first tab is still open (both launched with the same data, each with
   its own API object, as LMS players do per window), passes the final assessment in the second
   tab and closes it, then goes back to the first tab and sends the survey. The first tab never
   learns of the pass: its save writes its own progress record (cmi.suspend_data: final
   untaken) over the one the second tab saved. Even an LMS that keeps every element of every
   commit, last write winning per element (the most forgiving model; Moodle's 2004 player, as
   read in scorm_13.js CollectData, sends the values that differ from those of its launch), then
   holds score 100 and `passed` beside a progress record
   without the final: the next launch shows the final untaken, "Attempts used: 0 of 2", and asks
   for it again. An answer the learner was told was recorded is lost (docs/tracking.md's rule:
   "no sequence of learner actions ... may lose an answer"); the runtime has no guard against a
   second live window of the same attempt on another API object (Session.save, lms.js
   Recorder.flush write whatever differs from what *this* window last wrote). Test:
   test_a_second_tab_of_the_attempt_does_not_undo_the_first_tabs_final.

Checked by reading the runtime and found right (no test kept, none run): double clicks and Enter
on Submit (submitQuiz returns at once for a submitted quiz, and "Try again" appears below the
result, not under the pointer), an answer chosen then F5 at once (the change reaches the
session's state synchronously; the leaving save writes it), clicking Next while the 3-second
answers save is pending (saves are synchronous and every save writes the whole state), a double
F5 (an unstarted page leaves the earlier session record to the next one), no-credit and the
review/browse modes (tests exist), a 403 scaled_passing_score (no LMS pass mark). Not honoured and not
documented, but with no wrong record: cmi.max_time_allowed / time_limit_action (2004 RTE 4.2.15 /
4.2.24, 1.2 student_data.*: "what the SCO should do"), cmi.launch_data, learner_preference. SCORM
2004 navigation: the runtime never writes adl.nav.request and the course has no exit control of
its own; the learner leaves through the LMS, which ends the session on pagehide (nothing wrong
found there).
"""

from __future__ import annotations

import contextlib
import json
import re
from typing import Dict, List

import pytest
from playwright.sync_api import expect

from lms_driver import (final_at_next_launch, final_passed_in_a_second_window, goto, read_lessons,
                        survey_from_contents)
from test_launch_modes import one_right_one_wrong, served_copy, survey, to_final_with_check_done

pytestmark = [pytest.mark.slow, pytest.mark.browser]
EDITIONS = ["1.2", "2004"]
SAVED = "Your progress is saved."
DONE = "Course complete. Your result is saved."
SETTERS = ("LMSSetValue", "SetValue")


# ---------------------------------------------------------------- 1. the pass mark the learner is told


LMS_PASS_MARK = {"1.2": {"student_data": {"mastery_score": "90"}}, "2004": {"scaled_passing_score": "0.9"}}


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_pass_mark_the_learner_is_told_is_the_one_the_lms_applies(launch, edition: str) -> None:
    """The LMS supplies a pass mark of 90 % (the course's own is 50 %). The runtime grades with
    90 % (test_tracking.py, test_passing_score_from_the_lms_wins), but the start page's "How to
    complete this course" and the final assessment's page tell the learner 50 % before the
    attempt; the learner scores those 50 % and reads "You did not reach the pass mark of 90%"."""
    run = launch("minimal", edition, cmi=LMS_PASS_MARK[edition])
    run.at("start")
    expect(run.shell.locator("#sb-status")).to_have_text(SAVED)
    how = run.course.get_by_text(re.compile(r"^Score at least \d+% in the final assessment"))
    # the page's scripts run after its body is there: wait for what the learner reads once they ran
    with contextlib.suppress(AssertionError):
        expect(how).to_contain_text("90%", timeout=3000)
    start_told = how.text_content()
    goto(run, "final")
    header = run.course.get_by_text(re.compile(r"^Pass mark: \d+%\."))
    with contextlib.suppress(AssertionError):
        expect(header).to_contain_text("90%", timeout=3000)
    final_told = header.text_content()
    one_right_one_wrong(run, "Square")
    result = run.course.get_by_text(re.compile(r"^Your score: 50%\."))
    expect(result).to_be_visible()
    after = result.text_content()
    run.leave()
    assert "90%" in start_told and final_told.startswith("Pass mark: 90%."), (
        f"the LMS's pass mark is 90 % and the runtime grades with it ({after!r}), but before the "
        f"attempt the learner read {start_told!r} and {final_told!r}")


# ---------------------------------------------------------------- 2. 2004: a kept pass, recorded failed


def test_scorm2004_a_pass_kept_under_a_raised_pass_mark_is_what_the_lms_records(
        launch, server, tmp_path) -> None:
    """The final passed at 50 % (pass mark 50, which the LMS holds as scaled_passing_score 0.5),
    the survey still to do, the course left. The course is updated to a pass mark of 60 and the
    learner resumes; the LMS, having read the new manifest, gives scaled_passing_score 0.6. The
    runtime keeps the pass ("You passed (under the pass mark of the day ...)"), the learner sends
    the survey and reads "Course complete. Your result is saved."; the LMS, which judges
    success_status from score.scaled and its scaled_passing_score (RTE 4.2.22), holds `failed`."""
    source = served_copy(server, tmp_path, "p50-2004")
    run = launch("p50-2004", "2004", cmi={"scaled_passing_score": "0.5"})
    to_final_with_check_done(run)
    one_right_one_wrong(run, "Square")
    expect(run.course.get_by_text("Your score: 50%. You passed (pass mark 50%).")).to_be_visible()
    first = run.leave()
    cmi = first["data"]["cmi"]
    assert (cmi["success_status"], cmi["exit"]) == ("passed", "suspend")
    course = source / "course.yaml"
    course.write_text(course.read_text(encoding="utf-8").replace("passing_score: 50", "passing_score: 60"),
                      encoding="utf-8")
    server.add("p60-2004", source)

    again = launch("p60-2004", "2004", cmi={
        "suspend_data": cmi["suspend_data"], "location": cmi["location"], "entry": "resume",
        "completion_status": cmi["completion_status"], "success_status": cmi["success_status"],
        "score": cmi["score"], "scaled_passing_score": "0.6"})
    again.at("final")
    result = again.course.locator("[data-role=result] p")
    expect(result).to_contain_text("Your score: 50%")
    told = result.text_content()
    survey(again)
    again.next("completion")
    expect(again.shell.locator("#sb-status")).not_to_have_text("Saving your progress…")
    status = again.shell.locator("#sb-status").text_content()
    results = again.course.locator("[data-field=status]").text_content()
    report = again.leave()
    held = report["data"]["cmi"]
    assert not ("You passed" in told and held["success_status"] != "passed"), (
        f"the learner reads {told!r}, then {status!r} and a results page saying {results!r}; the "
        f"LMS holds success_status {held['success_status']!r} (score.scaled "
        f"{held['score']['scaled']}, scaled_passing_score 0.6)")


# ---------------------------------------------------------------- 3. 2004: the LMS's completion threshold


def test_scorm2004_progress_past_the_lms_threshold_does_not_record_an_unfinished_course_completed(
        launch) -> None:
    """The LMS gives cmi.completion_threshold 0.5. The learner reads the lessons and the knowledge
    check, and leaves before the final assessment: the results page says "Not yet complete" and
    lists the final and the survey, and the runtime writes completion_status `incomplete` with
    progress_measure 0.5 (half of its units: the required lessons, the final, the survey). The
    LMS determines completion_status from progress_measure and
    its threshold (RTE 4.2.4, Table 4.2.4.1a) and records `completed`."""
    run = launch("minimal", "2004", cmi={"completion_threshold": "0.5"})
    read_lessons(run)
    run.course.get_by_label("True").check()
    run.submit()
    goto(run, "completion")
    expect(run.course.locator("[data-field=status]")).to_have_text("Not yet complete")
    todo = run.course.locator("[data-field=todo]").text_content()
    assert "final assessment" in todo
    report = run.leave()
    progress = float(report["values"]["cmi.progress_measure"])
    # half of the units are done: kept just below the LMS's threshold until the course is complete
    assert progress == 0.49 and report["values"]["cmi.completion_status"] == "incomplete"
    held = report["data"]["cmi"]["completion_status"]
    assert held != "completed", (
        f"the learner has not taken the final assessment and reads 'Not yet complete' (still to "
        f"do: {todo.strip()!r}); the runtime wrote progress_measure {progress} against the LMS's "
        f"completion_threshold 0.5, and the LMS records completion_status {held!r}")


# ---------------------------------------------------------------- 4. two tabs of one attempt


def written(report: dict) -> List[tuple]:
    """The values the LMS accepted from one tab, in the order they were set."""
    return [(c["args"][0], c["args"][1]) for c in report["calls"]
            if c["fn"] in SETTERS and c["ret"] == "true" and c["error"] == "0"]


def held_after(*steps: List[tuple]) -> Dict[str, str]:
    """What an LMS that keeps every accepted value holds, the last write of an element winning."""
    held: Dict[str, str] = {}
    for step in steps:
        for element, value in step:
            held[element] = value
    return held


def next_launch(edition: str, held: Dict[str, str]) -> dict:
    """What the LMS hands the next launch of the suspended attempt it holds."""
    if edition == "1.2":
        assert held["cmi.core.exit"] == "suspend"
        return {"suspend_data": held["cmi.suspend_data"],
                "core": {"lesson_location": held["cmi.core.lesson_location"], "entry": "resume",
                         "lesson_status": held["cmi.core.lesson_status"],
                         "score": {"raw": held.get("cmi.core.score.raw", "")}}}
    assert held["cmi.exit"] == "suspend"
    return {"suspend_data": held["cmi.suspend_data"], "location": held["cmi.location"], "entry": "resume",
            "completion_status": held["cmi.completion_status"],
            "success_status": held.get("cmi.success_status", "unknown"),
            "score": {k: held[f"cmi.score.{k}"] for k in ("raw", "min", "max", "scaled")
                      if f"cmi.score.{k}" in held}}


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_second_tab_of_the_attempt_does_not_undo_the_first_tabs_final(launch, edition: str) -> None:
    """Tab 1 launched and left on the start page; tab 2 launched from the LMS with the same data:
    the lessons, the knowledge check and the final assessment passed at 100 %, then tab 2 closed.
    Back in tab 1, the learner sends the survey. Tab 1's save writes its progress record, in
    which the final was never taken, over tab 2's. The LMS holds score 100 beside it, and the next
    launch shows the final untaken with both attempts back."""
    first, before, second_report = final_passed_in_a_second_window(launch, edition)

    # tab 1 learnt that tab 2 took the attempt over when tab 2 launched, and says so
    expect(first.shell.locator("#sb-status")).to_have_text("Tracking has stopped for this window.")
    expect(first.shell.locator("#sb-alert")).to_contain_text(
        "This course was opened again in another window, which now records your progress")
    survey_from_contents(first)
    expect(first.course.get_by_text(
        "Your answers are not recorded: see the message at the top of the course.")).to_be_visible()
    first.lms("lms.close()")  # a superseded window never terminates (tests/e2e/test_review13.py, 1)
    first_report = first.report()
    assert written({"calls": first_report["calls"][before:]}) == []  # not a value more

    calls = first_report["calls"]
    tab1 = [(c["args"][0], c["args"][1]) for c in calls[:before]
            if c["fn"] in SETTERS and c["ret"] == "true" and c["error"] == "0"]
    tab1_later = written({"calls": calls[before:]})
    held = held_after(tab1, written(second_report), tab1_later)
    score = held.get("cmi.core.score.raw" if edition == "1.2" else "cmi.score.raw")
    assert score == "100"
    final = json.loads(held["cmi.suspend_data"])["q"].get("final", "not there: never opened")

    passed, attempts = final_at_next_launch(
        launch, edition, next_launch(edition, held),
        held["cmi.core.lesson_location" if edition == "1.2" else "cmi.location"])
    assert passed, (
        f"the final passed at 100 % in tab 2 is gone: the LMS holds score {score} and a progress "
        f"record (tab 1's, written after tab 2 closed) whose final is {final!r}; the next launch "
        f"shows the final untaken ({attempts!r})")


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_reloaded_window_that_lost_the_attempt_does_not_take_it_back(launch, edition: str) -> None:
    """Tab 1 lost the attempt to tab 2 (above); the learner reloads tab 1. The reload takes tab 1's
    session over (docs/tracking.md, reloads) and must stay superseded: claiming the attempt again
    would stop tab 2 and write tab 1's older progress record over it."""
    first = launch("minimal", edition)
    first.at("start")
    expect(first.shell.locator("#sb-status")).to_have_text(SAVED)
    before = len(first.report()["calls"])
    second = launch("minimal", edition)
    second.at("start")
    expect(second.shell.locator("#sb-status")).to_have_text(SAVED)
    expect(first.shell.locator("#sb-status")).to_have_text("Tracking has stopped for this window.")
    first.reload()
    first.at("start")
    expect(first.shell.locator("#sb-status")).to_have_text("Tracking has stopped for this window.")
    first.next("m1")
    expect(second.shell.locator("#sb-status")).to_have_text(SAVED)  # tab 2 still records
    second.next("m1")
    expect(second.shell.locator("#sb-status")).to_have_text(SAVED)
    assert written({"calls": first.report()["calls"][before:]}) == []
    second.leave()
