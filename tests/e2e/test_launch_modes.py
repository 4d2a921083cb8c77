"""How the LMS opens the course: cmi.mode (2004 RTE 4.2.16) or cmi.core.lesson_mode (1.2).

"review" and "browse" ask the SCO to show, not to record, and whether an LMS keeps what a SCO
writes then is up to it (some drop it and still answer "true"). So the runtime writes nothing in
either mode and tells the learner so, and a review shows the attempt as the LMS saved it. The
one exception is Moodle's: it reopens in review mode any attempt whose status reads completed,
passed or failed, which a 1.2 "-failed" status pair writes while attempts are left; an attempt
the saved record shows unfinished goes on being recorded. Each test drives Chromium as a learner
against scorm-again and asserts what the LMS was sent."""

from __future__ import annotations

from typing import List

import pytest
from playwright.sync_api import expect

from lms_driver import assert_clean_calls, halfway_through_the_assessment, read_lessons

pytestmark = [pytest.mark.slow, pytest.mark.browser]
EDITIONS = ["1.2", "2004"]
NOT_RECORDED = "Nothing you do in this window is recorded: see the message at the top of the course."
REVIEW = ("Review: your learning management system opened this course for you to look back at "
          "it, so nothing you do now is recorded.")
PREVIEW = ("Preview: your learning management system opened this course for you to look through "
           "it, so nothing you do now is recorded. Open it normally to have your progress recorded.")
WRITES = ("LMSSetValue", "SetValue", "LMSCommit", "Commit")


def writes(report: dict) -> List[list]:
    return [[c["fn"], *c["args"]] for c in report["calls"] if c["fn"] in WRITES]


def ended(report: dict) -> bool:
    return any(c["fn"] in ("LMSFinish", "Terminate") and c["ret"] == "true" for c in report["calls"])


def finish_course(run) -> dict:
    """The minimal course passed and complete; what the LMS holds after the learner left."""
    read_lessons(run)
    run.next("final")
    run.course.get_by_label("Square").check()
    run.course.get_by_label("2", exact=True).check()
    run.course.get_by_label("4", exact=True).check()
    run.submit()
    run.next("survey")
    run.course.get_by_label("Agree", exact=True).check()
    run.submit("Submit survey")
    run.next("completion")
    return run.leave()


def reopened(edition: str, data: dict, mode: str, entry: str, status: str = "") -> dict:
    """What an LMS hands a launch in `mode` of the attempt `data` holds."""
    cmi = data["cmi"]
    if edition == "1.2":
        core = cmi["core"]
        return {"suspend_data": cmi["suspend_data"],
                "core": {"lesson_location": core["lesson_location"], "entry": entry,
                         "lesson_status": status or core["lesson_status"], "score": core["score"],
                         "lesson_mode": mode, "credit": "no-credit"}}
    return {"suspend_data": cmi["suspend_data"], "location": cmi["location"], "entry": entry,
            "completion_status": cmi["completion_status"], "success_status": cmi["success_status"],
            "score": cmi["score"], "mode": mode, "credit": "no-credit"}


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_review_shows_the_saved_attempt_and_writes_nothing(launch, edition: str) -> None:
    first = finish_course(launch("minimal", edition))
    run = launch("minimal", edition, cmi=reopened(edition, first["data"], "review", ""))
    run.at("completion")  # where the learner left: the saved bookmark, read although not resumed
    expect(run.shell.locator("#sb-status")).to_have_text(REVIEW)
    expect(run.shell.locator("#sb-alert")).to_be_hidden()
    expect(run.course.locator("[data-field=status]")).to_have_text(
        "Complete – this review is not recorded by your learning management system")
    run.shell.locator("#sb-toc a[data-page-id='final']").click()
    run.at("final")
    expect(run.course.get_by_label("Square")).to_be_checked()  # the answers as submitted
    run.shell.locator("#sb-toc a[data-page-id='start']").click()
    run.at("start")
    expect(run.course.locator("[data-role=saving]")).to_have_text(NOT_RECORDED)
    report = run.leave()
    assert writes(report) == []
    assert report["violations"] == [] and report["initialized"] == 1 and ended(report)


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_preview_records_nothing_the_learner_does(launch, edition: str) -> None:
    cmi = {"core": {"lesson_mode": "browse"}} if edition == "1.2" else {"mode": "browse"}
    run = launch("minimal", edition, cmi=cmi)
    run.at("start")
    expect(run.shell.locator("#sb-status")).to_have_text(PREVIEW)
    expect(run.course.locator("[data-role=saving]")).to_have_text(NOT_RECORDED)
    read_lessons(run)
    run.course.get_by_label("True").check()
    run.submit()
    expect(run.course.get_by_text("You scored 100%")).to_be_visible()  # graded for the learner
    report = run.leave()
    assert writes(report) == []
    assert ended(report)


def test_a_review_of_an_attempt_the_lms_did_not_save_writes_nothing(launch) -> None:
    """2004 after exit "normal": the LMS need not give the record back; a review starts at
    the beginning and must not write a new attempt over the finished one."""
    run = launch("minimal", "2004", cmi={"mode": "review", "completion_status": "completed",
                                         "success_status": "passed"})
    run.at("start")
    expect(run.shell.locator("#sb-status")).to_have_text(REVIEW)
    run.next("m1")
    report = run.leave()
    assert writes(report) == []


def test_moodle_reviewing_an_unfinished_attempt_goes_on_recording(launch) -> None:
    """Moodle opens a 1.2 attempt whose status reads "failed" in review mode, though the
    learner has attempts left and the saved record is unfinished: it must keep recording."""
    first = halfway_through_the_assessment_and_leave(launch)
    run = launch("minimal", "1.2", cmi=reopened("1.2", first["data"], "review", "resume", "failed"))
    run.at("final")
    expect(run.course.get_by_label("Square")).to_be_checked()  # the answers in progress are back
    run.course.get_by_label("2", exact=True).check()
    run.submit()
    run.next("survey")
    run.course.get_by_label("Agree", exact=True).check()
    run.submit("Submit survey")
    run.next("completion")
    expect(run.shell.locator("#sb-status")).to_have_text("Course complete. Your result is saved.")
    report = run.leave()
    assert report["values"]["cmi.core.lesson_status"] == "passed"
    assert report["values"]["cmi.core.score.raw"] == "100"
    assert_clean_calls(report)


def halfway_through_the_assessment_and_leave(launch) -> dict:
    run = launch("minimal", "1.2")
    halfway_through_the_assessment(run)
    return run.leave()
