"""Tracking defects found by an eleventh runtime review (launch modes and re-entry, course updates,
new-window launches, typed answers). Each test drives Chromium as a learner through the minimal
course (or a served copy of it) against scorm-again, the test LMS of tests/e2e/lms, and asserts
what the LMS holds or what the learner is told. All failed on the runtime they were written
against; 2-4 are fixed (2026-12-03), 1 is a strict xfail until decided:

1. a review that records (lesson_mode "review" on an attempt the saved record shows unfinished,
   which Moodle keeps) tells the learner "Course complete. Your result is saved.", although
   Chamilo opens the same attempt with the same launch data (review, resume, failed, no-credit:
   learnpathItem::get_lesson_mode and get_credit) and keeps nothing it is sent
   (learnpathItem::write_to_db skips review mode) while answering "true";
2. SCORM 1.2: a pass the learner was told ("You passed") is taken back at the next launch after a
   course update raised the pass mark, because the LMS holds "incomplete" (passed-incomplete mode,
   the survey still to do); SCORM 2004 keeps the same pass (test_launch_modes.py);
3. a typed number with more than 7 decimals is graded as typed but recorded rounded to 7: the LMS
   holds a response equal to the correct answer, marked wrong;
4. a new-window launch whose LMS window goes to another page: the course window goes on saving
   through the API object of the page that is gone and tells the learner "Your progress is saved."
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lms_driver import records
from test_launch_modes import (one_right_one_wrong, passed_at_50_then_the_mark_raised, survey,
                               to_final_with_check_done)

pytestmark = [pytest.mark.slow, pytest.mark.browser]
MINIMAL = Path(__file__).resolve().parents[2] / "tests" / "roots" / "minimal"
EDITIONS = ["1.2", "2004"]
SAVED = "Your progress is saved."
DONE = "Course complete. Your result is saved."
RESPONSE = {"1.2": "student_response", "2004": "learner_response"}


def served(server, tmp_path: Path, name: str, course_yaml=("", ""), final_extra: str = "") -> Path:
    """A copy of the minimal course (an edit of its course.yaml, questions added to its final),
    served as package `name`; the copy may be edited and served again under another name."""
    source = tmp_path / name
    shutil.copytree(MINIMAL, source)
    if course_yaml[0]:
        course = source / "course.yaml"
        text = course.read_text(encoding="utf-8")
        assert course_yaml[0] in text
        course.write_text(text.replace(*course_yaml), encoding="utf-8")
    if final_extra:
        final = source / "final.yaml"
        final.write_text(final.read_text(encoding="utf-8") + final_extra, encoding="utf-8")
    server.add(name, source)
    return source


def resume_12(data: dict, **core) -> dict:
    """What a 1.2 LMS hands the next launch of a suspended attempt (core: values to change)."""
    cmi = data["cmi"]
    assert cmi["core"]["exit"] == "suspend"
    held = {"lesson_location": cmi["core"]["lesson_location"], "entry": "resume",
            "lesson_status": cmi["core"]["lesson_status"], "score": cmi["core"]["score"]}
    held.update(core)
    return {"suspend_data": cmi["suspend_data"], "core": held}


# ---------------------------------------------------------------- 1. a recording review says "saved"


@pytest.mark.xfail(strict=True, reason="not fixed: what to tell a learner in a recording review "
                   "is for the owner to decide (the session's note)")
def test_a_recording_review_does_not_tell_the_learner_saved_when_the_lms_may_drop_it(
        launch, server, tmp_path) -> None:
    """SCORM 1.2, `passed-failed`: the learner fails the final (one attempt left); the LMS holds
    `failed`, the attempt suspended. Chamilo (prevent_reinit on, its default) opens any item
    whose status is not "not attempted" or "incomplete" with lesson_mode "review" and credit
    "no-credit", entry "resume" after exit "suspend" (main/lp/learnpathItem.class.php,
    get_lesson_mode, get_credit; scorm_api.php), and learnpathItem::write_to_db skips the
    database in review mode while every call answers "true" (docs/tracking.md names it). That is
    exactly the launch Moodle gives (test_launch_modes.py), for which the runtime records. Here
    the test LMS keeps nothing after the launch, as Chamilo: the learner retakes and passes the
    final, sends the survey and reads "Course complete. Your result is saved." while the LMS
    still holds the failed attempt. Recording is right (Moodle keeps it); saying "saved" in a
    launch the LMS opened for review is more than the runtime can know."""
    served(server, tmp_path, "pf-review", ("  require_survey: true\n",
                                           "  require_survey: true\n  scorm12_status: passed-failed\n"))
    run = launch("pf-review", "1.2")
    to_final_with_check_done(run)
    one_right_one_wrong(run, "Circle")
    expect(run.course.get_by_text("Your score: 0%")).to_be_visible()
    first = run.leave()
    assert first["values"]["cmi.core.lesson_status"] == "failed"

    again = launch("pf-review", "1.2", cmi=resume_12(
        first["data"], lesson_mode="review", credit="no-credit"))
    again.at("final")
    again.lms("() => { lms.persist = false; }")  # from now on the LMS keeps nothing, as Chamilo
    again.course.get_by_role("button", name="Try again").click()
    again.course.get_by_label("Square").check()
    again.course.get_by_label("2", exact=True).check()
    again.course.get_by_label("4", exact=True).check()
    again.submit()
    expect(again.course.get_by_text("Your score: 100%")).to_be_visible()
    survey(again)
    again.next("completion")
    expect(again.course.locator("[data-field=status]")).not_to_have_text("")
    expect(again.shell.locator("#sb-status")).not_to_have_text("Saving your progress…")
    status = again.shell.locator("#sb-status").text_content()
    results = again.course.locator("[data-field=status]").text_content()
    report = again.leave()
    held = report["data"]["cmi"]["core"]["lesson_status"]
    assert status not in (SAVED, DONE) and results != "Complete", (
        f"review mode: the learner reads {status!r} and a results page saying {results!r}, "
        f"while an LMS that drops what it is sent in review (Chamilo) still holds {held!r}")


# ---------------------------------------------------------------- 2. a 1.2 pass taken back


def test_a_scorm12_pass_is_not_taken_back_by_a_raised_pass_mark(launch, server, tmp_path) -> None:
    """SCORM 1.2 (default passed-incomplete): the final passed at 50 % (pass mark 50), the
    learner told "You passed", the survey still to do, so the LMS holds `incomplete` with score
    50. The course is updated with a pass mark of 60 and the learner resumes. SCORM 2004 keeps
    the pass (success_status `passed` is held: test_a_pass_is_not_taken_back_by_a_raised_pass_mark
    in test_launch_modes.py; docs/tracking.md: "the pass was judged under the rules of its day");
    SCORM 1.2 turns it into a fail: "You did not reach the pass mark of 60%", the final open
    again, and after the survey the LMS holds `incomplete` instead of `passed`. Had the pass used
    the last attempt, the course would now be failed for good."""
    first = passed_at_50_then_the_mark_raised(launch, server, tmp_path, "1.2")
    assert (first["values"]["cmi.core.lesson_status"], first["values"]["cmi.core.score.raw"]) == \
        ("incomplete", "50")
    again = launch("mark-60-1.2", "1.2", cmi=resume_12(first["data"]))
    again.at("final")
    result = again.course.locator("[data-role=result]")
    expect(result).to_contain_text("Your score: 50%")
    told = result.locator("p").text_content()
    survey(again)
    again.next("completion")
    report = again.leave()
    held = report["data"]["cmi"]["core"]["lesson_status"]
    assert ("You passed" in told, held) == (True, "passed"), (
        f"the pass judged at 50 % is taken back: the learner reads {told!r}; the LMS holds {held!r}")


# ---------------------------------------------------------------- 3. graded as typed, recorded rounded

NUMERIC = """  - id: fa-3
    type: numeric
    prompt: How many millilitres per kilogram?
    answer: 0.5
    rationale: Half a millilitre.
    reference: [ref1]
    objective: lo1
"""


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_number_is_graded_as_the_lms_records_it(launch, server, tmp_path, edition: str) -> None:
    """The learner types 0.50000001 (10 characters; the box takes 20) for an answer of 0.5. The
    runtime grades the number as typed (wrong: it is not 0.5) and writes it rounded to 7
    decimals, as a real(10,7) must be (sb.decimal): the LMS holds the response "0.5", the correct
    pattern 0.5 and the result wrong. The record contradicts itself, and the learner was told
    "Incorrect." for a number the LMS shows as the right answer. Either the number is graded as
    recorded, or an answer the LMS cannot hold is not taken (as for 11 integer digits)."""
    served(server, tmp_path, f"numeric7-{edition}", final_extra=NUMERIC)
    run = launch(f"numeric7-{edition}", edition)
    to_final_with_check_done(run)
    for label in ("Square", "2", "4"):
        run.course.get_by_label(label, exact=True).check()
    question = run.course.get_by_role("group", name="How many millilitres per kilogram?")
    box = question.get_by_label("Your answer")
    box.fill("0.50000001")
    run.submit()
    outcome = run.course.locator("[data-role=result]:not([hidden]), [data-role=form-error]:not([hidden])")
    outcome.first.wait_for()
    report = run.leave()
    record = records(report["values"]).get("final.fa-3")
    if record is None:  # not taken as an answer: nothing to contradict
        return
    response, result = record.get(RESPONSE[edition]), record.get("result")
    patterns = {v for k, v in record.items() if k.startswith("correct_responses.")}
    assert not (response == "0.5" and result in ("wrong", "incorrect")), (
        f"the LMS holds response {response!r}, correct pattern {sorted(patterns)}, result {result!r}")


# ---------------------------------------------------------------- 4. the LMS window goes elsewhere


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_new_window_launch_stops_claiming_saved_once_the_lms_page_is_gone(
        launch, server, edition: str) -> None:
    """The course runs in a window of its own, its API in the LMS window (window.opener). The
    learner goes to another page in the LMS window (the course list, say): the page that held the
    API and the session is gone, the window is not closed. The runtime checks only `closed`
    (Connection.hostGone), so it goes on writing to the API object of the page that is gone,
    which answers "true", and says "Your progress is saved." while the LMS page now showing has
    no session at all. The session's own timer (shell.js ARM) already checks that the window
    still holds that API object (`self[apiName] === api`); the save does not."""
    run = launch("minimal", edition, mode="window")
    run.at("start")
    run.next("m1")
    expect(run.shell.locator("#sb-status")).to_have_text(SAVED)
    run.lms_page.goto(f"{server.base}/lms/lms.html?courses")
    api = "API" if edition == "1.2" else "API_1484_11"
    assert run.lms_page.evaluate(f"typeof window.{api}") == "undefined"  # no session here any more
    run.next("m1-one")
    run.shell.wait_for_timeout(500)
    status = run.shell.locator("#sb-status").text_content()
    committed = run.lms_page.evaluate("lms.report().commits")
    run.shell.close()
    assert status != SAVED, (
        f"the LMS page holding the session is gone (commits on the page now shown: {committed}), "
        f"yet the learner reads {status!r}")
