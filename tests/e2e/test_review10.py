"""Tracking defects found by a tenth runtime review: answers of a submitted attempt that the
LMS refused until the window closed, and that no later launch writes. Each test drives
Chromium as a learner through the minimal course against scorm-again (the test LMS of
tests/e2e/lms), closes the window while the LMS still refuses interaction records, launches
again as the LMS would (from how the first session exited) once the LMS takes writes again,
and asserts what the LMS holds.

docs/tracking.md promises: "Records refused until the window closed are written at the next
launch" (the `u` flag of the progress record, Session.recordAgain). All three tests, in both
editions, failed on the runtime they were written against (the third is the second with a
reload in the middle, which must keep the retake in progress too):

1. the save that finishes the course writes the exit that ends the attempt (2004 "normal",
   1.2 "") although the answers of that save were refused: the exit waits for the score and
   the status (lms.js WAITS_FOR), never for interaction records. The next launch starts a new
   attempt (2004) or opens the finished one without resume (1.2), so the answers are never
   written;
2. a retake ("Try again") clears the refused attempt's answers from the progress record and
   sets it unsubmitted; the next launch rebuilds only submitted attempts, clears the flag and
   says "Your progress is saved." while the LMS holds the failed score without the answers
   that gave it.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lms_driver import goto, pass_final_after_the_lessons
from lms_driver import survey_from_contents as survey
from test_review7 import next_launch, records, resume_cmi

pytestmark = [pytest.mark.slow, pytest.mark.browser]
EDITIONS = ["1.2", "2004"]
FAILING = "Your progress is not saved"
SAVED = "Your progress is saved."
RESPONSE = {"1.2": "student_response", "2004": "learner_response"}
REFUSE_RECORDS = {"call": "set", "mode": "false", "match": "cmi.interactions"}


def exit_and_status(edition: str, data: dict) -> tuple:
    cmi = data["cmi"]
    if edition == "1.2":
        return cmi["core"]["exit"], cmi["core"]["lesson_status"]
    return cmi["exit"], cmi["completion_status"], cmi["success_status"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_answers_refused_in_the_save_that_finishes_the_course_reach_the_lms_at_the_next_launch(
        launch, edition: str) -> None:
    """The learner passes the final assessment; the LMS then refuses interaction records for a
    while (a stretch of SetValue "false", as test_tracking_faults.py plays), and the learner
    submits the survey, which finishes the course. The learner sees the "not saved" alert and
    closes the window before the LMS recovers. Status and score were accepted, and so was the
    exit that ends the attempt: the next launch starts a new attempt (2004, RTE 4.2.8) or opens
    the passed attempt without resume (1.2), and the survey answer never reaches the LMS. With
    the exit held at "suspend" while a submitted attempt's records are refused (as it is for a
    refused score or status), the next launch resumes and writes them."""
    run = launch("minimal", edition)
    pass_final_after_the_lessons(run)
    expect(run.course.get_by_text("Your score: 100%")).to_be_visible()
    expect(run.shell.locator("#sb-status")).to_have_text(SAVED)
    run.lms("f => lms.fail(f)", REFUSE_RECORDS)
    survey(run)
    expect(run.shell.locator("#sb-alert")).to_contain_text(FAILING)  # the learner was told
    first = run.leave()
    assert "survey.sv-1" not in records(first["data"])
    ended = exit_and_status(edition, first["data"])

    again = launch("minimal", edition, cmi=next_launch(edition, first["data"]))
    again.course.locator("body[data-page-id]").wait_for()
    expect(again.shell.locator("#sb-status")).to_contain_text("saved")
    held = records(again.leave()["data"])
    assert "survey.sv-1" in held, \
        f"the survey answer was lost: the first session ended the attempt with {ended}"
    assert held["survey.sv-1"].get(RESPONSE[edition]) == ("d" if edition == "1.2" else "4")


def failed_final_with_records_refused(run) -> None:
    """The LMS refuses interaction records; the learner fails the final assessment (0 %, one
    attempt left) and sees that the progress is not saved."""
    run.at("start")  # the launch page has shown its first page: a click before it is overtaken
    goto(run, "final")
    run.lms("f => lms.fail(f)", REFUSE_RECORDS)
    run.course.get_by_label("Circle").check()
    run.course.get_by_label("3", exact=True).check()
    run.submit()
    expect(run.course.get_by_text("Your score: 0%")).to_be_visible()
    expect(run.shell.locator("#sb-alert")).to_contain_text(FAILING)


def next_launch_writes_the_failed_attempt(launch, edition: str, first: dict) -> None:
    """The LMS takes writes again; the next launch resumes the attempt, says saved, and the LMS
    then holds the failed attempt's answers, marked wrong."""
    assert records(first["data"]) == {}
    again = launch("minimal", edition, cmi=resume_cmi(edition, first["data"]))
    again.at("final")
    expect(again.shell.locator("#sb-status")).to_have_text(SAVED)  # what the learner is told
    held = records(again.leave()["data"])
    wrong = "wrong" if edition == "1.2" else "incorrect"
    got = {key: (held[key].get(RESPONSE[edition]), held[key].get("result"))
           for key in ("final.fa-1", "final.fa-2") if key in held}
    assert got == {"final.fa-1": ("b", wrong), "final.fa-2": ("b", wrong)}, \
        "the learner was told 'saved' but the LMS holds none of the failed attempt's answers"


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_retake_before_the_window_closed_does_not_lose_the_refused_attempt(
        launch, edition: str) -> None:
    """The LMS refuses interaction records for a while; the learner fails the final assessment
    (score 0 %, one attempt left), sees the "not saved" alert, clicks "Try again" and closes the
    window before the LMS recovers. The score and the failed status were accepted; the
    attempt's records were not. The next launch (the LMS takes writes again) resumes the
    attempt: the LMS should now hold the failed attempt's answers. Before, the retake had
    cleared them from the progress record and marked the quiz unsubmitted, so the launch rebuilt
    nothing, cleared the "records pending" flag and said "Your progress is saved." while the LMS
    held a failed score and not one of the answers that gave it."""
    run = launch("minimal", edition)
    failed_final_with_records_refused(run)
    run.course.get_by_role("button", name="Try again").click()
    next_launch_writes_the_failed_attempt(launch, edition, run.leave())


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_retake_in_progress_survives_a_reload_and_the_refused_attempt_still_reaches_the_lms(
        launch, edition: str) -> None:
    """As above, but the learner picks an answer of the retake and reloads the course before
    closing the window. The reloaded page shows the retake in progress with that answer (it is
    handed the retake and, beside it, the attempt whose records are refused); after the window
    closes, the next launch writes the failed attempt's records."""
    run = launch("minimal", edition, mode="window")
    failed_final_with_records_refused(run)
    run.course.get_by_role("button", name="Try again").click()
    run.course.get_by_label("Square").check()
    expect(run.course.get_by_label("Square")).to_be_checked()
    run.reload()
    run.at("final")
    expect(run.course.get_by_label("Square")).to_be_checked()
    expect(run.course.get_by_role("button", name="Submit answers")).to_be_enabled()
    next_launch_writes_the_failed_attempt(launch, edition, run.leave())
