"""Tracking defects found by a seventh runtime review, each test failing on the runtime it was
written against. Each test drives Chromium as a learner against scorm-again (the test LMS of
tests/e2e/lms) and asserts what the LMS holds or what the learner is told."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lms_driver import goto, pass_final_after_the_lessons, read_lessons
from lms_driver import survey_from_contents as survey

pytestmark = [pytest.mark.slow, pytest.mark.browser]
EDITIONS = ["1.2", "2004"]
FAILING = "Your progress is not saved"
STATUS = {"1.2": "cmi.core.lesson_status", "2004": "cmi.completion_status"}


def next_launch(edition: str, data: dict) -> dict:
    """What an LMS hands the next launch, from how the last session exited: a suspended attempt
    is resumed; an ended one is opened again (1.2: entry "") or, in 2004, starts anew (RTE 4.2.8:
    after exit "normal" the learner attempt is over and its data are not given back)."""
    cmi = data["cmi"]
    if edition == "1.2":
        core = cmi["core"]
        suspended = core["exit"] == "suspend"
        return {"suspend_data": cmi["suspend_data"] if suspended else "",
                "core": {"lesson_location": core["lesson_location"] if suspended else "",
                         "entry": "resume" if suspended else "",
                         "lesson_status": core["lesson_status"], "score": core["score"]}}
    suspended = cmi["exit"] == "suspend"
    if not suspended:  # a new attempt
        return {"entry": "ab-initio"}
    return {"suspend_data": cmi["suspend_data"], "location": cmi["location"], "entry": "resume",
            "completion_status": cmi["completion_status"], "success_status": cmi["success_status"],
            "score": cmi["score"]}


# ---------------------------------------------------------------- 1. the exit does not wait for the status


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_status_refused_in_the_finishing_save_does_not_end_the_attempt(launch, edition: str) -> None:
    """The learner passes the final assessment, then submits the survey, which finishes the
    course. The LMS refuses the status write of that save (SetValue "false", RTE 3.1: any
    SetValue may fail, 2004 error 351 / 1.2 error 101; Workday and HealthStream refuse status
    writes they dislike, ../shared/lms-facts.md) and goes on refusing it until the learner,
    who sees the "not saved" alert, closes the window. The runtime still writes the exit that
    ends the attempt (2004 "normal", 1.2 ""), because only the score holds the exit back
    (lms.js WAITS_FOR). The LMS ends an attempt whose status reads incomplete, and no later
    launch can write "completed": 2004 starts a new attempt without the saved progress (RTE
    4.2.8), a 1.2 LMS opens it without resume and the runtime starts afresh. The finished
    course is lost; the learner must do it again. With the exit held at "suspend" (as for a
    refused score), the next launch resumes and records the course as finished."""
    run = launch("minimal", edition)
    pass_final_after_the_lessons(run)
    expect(run.course.get_by_text("Your score: 100%")).to_be_visible()
    run.lms("f => lms.fail(f)", {"call": "set", "mode": "false", "match": STATUS[edition]})
    survey(run)
    expect(run.shell.locator("#sb-alert")).to_contain_text(FAILING)  # the learner was told
    first = run.leave()  # the window is closed while the LMS still refuses the status
    cmi = first["data"]["cmi"]
    if edition == "1.2":
        held = (cmi["core"]["lesson_status"], cmi["core"]["exit"])
    else:
        held = (cmi["completion_status"], cmi["exit"])
    # an attempt the LMS holds as not complete stays open, to be resumed
    assert held == ("incomplete", "suspend")
    again = launch("minimal", edition, cmi=next_launch(edition, first["data"]))
    again.course.locator("body[data-page-id]").wait_for()
    goto(again, "completion")
    expect(again.course.locator("[data-field=status]")).to_have_text("Complete")
    cmi = again.leave()["data"]["cmi"]
    if edition == "1.2":
        assert (cmi["core"]["lesson_status"], cmi["core"]["exit"]) == ("passed", "")
    else:
        assert (cmi["completion_status"], cmi["success_status"], cmi["exit"]) == \
            ("completed", "passed", "normal")


# ---------------------------------------------------------------- 2. answers refused before the window closed


def records(data: dict) -> dict:
    """The interaction records the LMS holds (its last commit), by id."""
    found = data["cmi"]["interactions"]
    items = found.values() if isinstance(found, dict) else found
    return {i["id"]: i for i in items if isinstance(i, dict) and i.get("id")}


def resume_cmi(edition: str, data: dict) -> dict:
    """What the LMS hands the next launch after a suspended session (what it holds, as is)."""
    cmi = data["cmi"]
    if edition == "1.2":
        core = cmi["core"]
        assert core["exit"] == "suspend"
        return {"suspend_data": cmi["suspend_data"],
                "core": {"lesson_location": core["lesson_location"], "entry": "resume",
                         "lesson_status": core["lesson_status"], "score": core["score"]}}
    assert cmi["exit"] == "suspend"
    return {"suspend_data": cmi["suspend_data"], "location": cmi["location"], "entry": "resume",
            "completion_status": cmi["completion_status"], "success_status": cmi["success_status"],
            "score": cmi["score"]}


@pytest.mark.parametrize("edition", EDITIONS)
def test_answers_refused_before_the_window_closed_reach_the_lms_at_the_next_launch(
        launch, edition: str) -> None:
    """The LMS refuses interaction records for a while (SetValue "false": the stretch of
    failed writes test_tracking_faults.py already plays); the learner submits the knowledge
    check, sees the "not saved" alert and closes the window before the LMS recovers (or the
    browser is killed). The progress record (suspend_data, with the answer) and the bookmark
    were accepted, so the next launch resumes the attempt. The runtime hands pending records
    over only to a reloaded page, and a later launch rebuilds only the final score, never an
    answer's record: the knowledge-check answer never reaches the LMS's interactions, yet the
    next launch tells the learner "Your progress is saved." — the answer is lost and the
    learner is told it was recorded."""
    run = launch("minimal", edition)
    read_lessons(run)
    run.lms("f => lms.fail(f)", {"call": "set", "mode": "false", "match": "cmi.interactions"})
    run.course.get_by_label("True").check()
    run.submit()
    expect(run.shell.locator("#sb-alert")).to_contain_text(FAILING)
    first = run.leave()
    assert records(first["data"]) == {}
    again = launch("minimal", edition, cmi=resume_cmi(edition, first["data"]))
    again.at("m1-check")
    expect(again.course.get_by_text("You scored 100%")).to_be_visible()  # the answer was kept
    expect(again.shell.locator("#sb-status")).to_have_text("Your progress is saved.")
    held = records(again.leave()["data"])
    response = "learner_response" if edition == "2004" else "student_response"
    assert "m1-check.kc-1" in held, "the learner was told 'saved' but the LMS has no record of the answer"
    assert (held["m1-check.kc-1"].get(response), held["m1-check.kc-1"].get("result")) == \
        (("true", "correct") if edition == "2004" else ("t", "correct"))
