"""Tracking defects found by a fourteenth runtime review: the pass mark judged as the LMS judges
it (Session.reaches, adapter-scorm2004 reachesMark), one window per attempt with faults and
reloads, course updates across LMS faults, the write queue. Each test drives Chromium as a
learner through the minimal course (or a served copy of it) against scorm-again, the test LMS
of tests/e2e/lms, and asserts what the LMS holds or what the learner is told. Each fails on the
runtime it was written against, for the reason given.

1. A survey sent in a finished window that another window has superseded is told "submitted"
   (both editions). The course (a copy of the minimal course that does not require the survey)
   is finished in tab 1: lessons, final passed, every value accepted, "Course complete. Your
   result is saved.". The learner opens the course from the LMS again in tab 2 (1.2: the LMS
   hands back `passed` without resume; 2004: a new attempt after exit `normal`), which takes
   the attempt over (Session.claimWindow); tab 1 is superseded with `doneBefore` set
   (Session.superseded: "a course finished with every value accepted stays told so"). Back in
   tab 1 the learner sends the evaluation survey: tab 1 writes nothing any more (Session.save
   stops at lms.over), so neither LMS session holds the survey's record, yet the page says
   "Thank you: your answers have been submitted." Session.trackingState answers "saved" for
   `elsewhere && doneBefore` whatever happened since, although the survey's record is queued
   and never sent (Recorder.pending()). docs/tracking.md, "What the learner is told": never
   more than the LMS confirmed. Fix: session.js trackingState (saved only while nothing is
   pending since), or a superseded window's own texts. Test:
   test_a_survey_sent_in_a_superseded_finished_window_is_not_told_submitted.

2. A reload of that superseded, finished window tells "not recorded" for a completion the LMS
   holds (both editions): the thirteenth review's finding 4, back after F5. The handover record
   (shell.js terminateLater) carries `elsewhere` but not `doneBefore`; the reloaded page calls
   Session.superseded() from Session.begin, where `recorded()` is false (nothing saved yet by
   this page: `saved` is null), so `doneBefore` is false: the status line turns to "Tracking
   has stopped for this window." and the results page (the page the learner prints) says
   "Complete – not recorded: the course was opened again in another window" while the LMS holds
   `passed` / `completed`. docs/tracking.md, "The same attempt in two windows": "unless the
   course was finished with every value accepted: that window still says 'Course complete. Your
   result is saved.'". Fix: shell.js terminateLater/takeOver hand `doneBefore` over, and
   Session.begin keeps it. Test: test_a_reload_of_a_superseded_finished_window_keeps_its_recorded_result.

3. An answer whose record the LMS refused until the window closed is lost after a course update
   changed its question, and the learner is told "Your progress is saved." (SCORM 2004). The
   learner passes the final while the LMS refuses interaction records, sees "Your progress is
   not saved", and closes the window (the score, `passed` and the progress record with `u` are
   accepted; the exit stays `suspend`: lms.js Recorder.flush). The course is updated (fa-1 gets
   a third choice). At the next launch Session.recordAgain rebuilds the attempt's records from
   the saved answers, but State.readQuiz has dropped fa-1's answer (its question key changed),
   so only fa-2 is written; Session.markRecorded then clears `u` and the learner reads "Your
   progress is saved." while the LMS holds score 100 and `passed` with no record of the fa-1
   answer that earned half of it. docs/tracking.md, "The write queue": "Records refused until the
   window closed are written at the next launch ... no answer is lost". Fix: state.js
   readQuiz / session.js recordAgain (keep what a `u` attempt's records need, e.g. its answers by
   slot key with the recorded response, or say the records could not be written).
   Test: test_an_answer_refused_before_a_course_update_is_not_told_saved_without_its_record.

Checked and found right (no test kept): reachesMark against scaled_passing_score of up to 6
decimals (the score.scaled written and the one compared are the same expression); a reload
reads scaled_passing_score and completion_threshold again (the LMS cannot change them within a
session); a lowered LMS pass mark turns an earlier fail into a pass consistently on the pages
and in the LMS; the threshold figure below 0.01; a second window whose Initialize, launch
reads or mode make it record nothing claims nothing; failed Commit/SetValue in either window
(the superseded one's retry timer stops at ownsAttempt); a reload of either window within the
grace.

Suspected, not kept as tests (narrow or by design): a window superseded while its own saves were
refused tells the learner to "continue in the other window", which never got those answers (no
window can write them without overwriting the other's record); an LMS pass mark of 7 or more
decimals (0.50000001) is shown rounded ("You did not reach the pass mark of 50%" at 50 %), though
judged and recorded alike; a transient failed read of cmi.learner_id gives the claim another key,
so two windows go unguarded.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lms_driver import (finish_course, goto, pass_final, pass_final_after_the_lessons, records,
                        read_lessons)
from test_launch_modes import interaction_ids

pytestmark = [pytest.mark.slow, pytest.mark.browser]

EDITIONS = ["1.2", "2004"]
MINIMAL = Path(__file__).resolve().parents[2] / "tests" / "roots" / "minimal"
SAVED = "Your progress is saved."
DONE = "Course complete. Your result is saved."
SAVING = "Saving your progress…"
SUBMITTED = "Thank you: your answers have been submitted."


def served(server, tmp_path: Path, name: str, edit=None) -> Path:
    """A copy of the minimal course, edited by edit(folder), served as package `name`."""
    source = tmp_path / name
    shutil.copytree(MINIMAL, source)
    if edit:
        edit(source)
    server.add(name, source)
    return source


def survey_optional(source: Path) -> None:
    course = source / "course.yaml"
    course.write_text(course.read_text(encoding="utf-8").replace(
        "require_survey: true", "require_survey: false"), encoding="utf-8")


def opened_again(edition: str, held: dict) -> dict:
    """What the LMS hands the next launch after the attempt ended (exit "" / "normal")."""
    if edition == "1.2":
        core = held["cmi"]["core"]
        return {"core": {"lesson_status": core["lesson_status"], "score": {"raw": core["score"]["raw"]}}}
    return {}


def status_held(edition: str, held: dict) -> str:
    cmi = held["cmi"]
    return cmi["core"]["lesson_status"] if edition == "1.2" else cmi["completion_status"]


def settled(run) -> str:
    status = run.shell.locator("#sb-status")
    expect(status).not_to_have_text(SAVING)
    return status.text_content() or ""


def superseded(run) -> None:
    """Wait until the launch page of `run` (frame mode) has learnt that another window took the
    attempt over (the storage event); nothing it shows changes when it was finished."""
    run.lms_page.wait_for_function(
        "() => { const w = document.getElementById('sco').contentWindow;"
        " return !!(w.ScormBuild && w.ScormBuild.session && w.ScormBuild.session.lms.elsewhere); }",
        timeout=5000)


def finished_then_opened_again(launch, package: str, edition: str):
    """The course finished in tab 1 (every value accepted), then launched again in tab 2 from
    what the LMS holds; tab 1 has been superseded. Returns (tab 1, tab 2, what the LMS held)."""
    first = launch(package, edition)
    pass_final_after_the_lessons(first)
    expect(first.course.get_by_text("Your score: 100%")).to_be_visible()
    expect(first.shell.locator("#sb-status")).to_have_text(DONE)
    held = first.report()["data"]
    assert status_held(edition, held) in ("passed", "completed")
    second = launch(package, edition, cmi=opened_again(edition, held))
    second.at("start")
    settled(second)
    superseded(first)
    return first, second, held


# ---------------------------------------------------------------- 1. survey in the superseded window


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_survey_sent_in_a_superseded_finished_window_is_not_told_submitted(
        launch, server, tmp_path, edition: str) -> None:
    """Tab 1 finished (survey not required) and superseded by tab 2; the learner sends the
    survey in tab 1: no LMS session gets its record, yet tab 1 says it was submitted."""
    package = f"optional-survey-{edition.replace('.', '')}"
    served(server, tmp_path, package, survey_optional)
    first, second, _ = finished_then_opened_again(launch, package, edition)
    goto(first, "survey")
    first.course.get_by_label("Agree", exact=True).check()
    first.submit("Submit survey")
    result = first.course.locator("[data-role=result]")
    expect(result).to_contain_text("Survey submitted")
    told = (result.locator("p").text_content() or "").strip()
    status = settled(first)
    sent = set(records(first.report()["values"])) | set(records(second.report()["values"]))
    second.leave()
    assert "survey.sv-1" in sent or told != SUBMITTED, (
        f"tab 1 was superseded by tab 2 and writes nothing any more: no LMS session holds the "
        f"survey's record (records accepted: {sorted(sent)}), yet tab 1 tells the learner "
        f"{told!r} (status line {status!r})")


# ---------------------------------------------------------------- 2. reload of the superseded window


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_reload_of_a_superseded_finished_window_keeps_its_recorded_result(launch, edition: str) -> None:
    """Tab 1 finished the course (every value accepted) and was superseded by tab 2; it still
    says "Course complete. Your result is saved." until the learner presses F5 in it."""
    first = launch("minimal", edition)
    finish_course(first)
    expect(first.shell.locator("#sb-status")).to_have_text(DONE)
    held = first.report()["data"]
    value = status_held(edition, held)
    assert value in ("passed", "completed")

    second = launch("minimal", edition, cmi=opened_again(edition, held))
    second.at("start")
    settled(second)
    superseded(first)
    before = settled(first)  # superseded, finished with every value accepted: still "saved"

    first.reload()
    first.at("completion")
    results = first.course.locator("[data-field=status]")
    expect(results).not_to_have_text("")
    told = results.text_content() or ""
    after = settled(first)
    second.leave()
    assert (after, "not recorded" in told) == (DONE, False), (
        f"the LMS holds the finished attempt as {value!r}; before the reload tab 1 said {before!r}, "
        f"after it the status line says {after!r} and the results page {told!r}")


# ---------------------------------------------------------------- 3. course update after refused records


@pytest.mark.xfail(strict=True, reason="not fixed: an answer whose question changed in a course update "
                   "is dropped before its refused record can be written again; a fix needs the progress "
                   "record to keep such answers (a format change) - see the session's note")
def test_an_answer_refused_before_a_course_update_is_not_told_saved_without_its_record(
        launch, server, tmp_path) -> None:
    """SCORM 2004: the final passed while the LMS refuses interaction records, the window closed
    at the "not saved" alert; the course is updated (fa-1 gets a third choice); the learner
    resumes: fa-1's answer is never recorded, and the learner reads "saved"."""
    source = served(server, tmp_path, "refused-then-updated")
    run = launch("refused-then-updated", "2004")
    read_lessons(run)
    run.course.get_by_label("True").check()
    run.submit()
    run.next("final")
    expect(run.shell.locator("#sb-status")).to_have_text(SAVED)
    run.lms("f => lms.fail(f)", {"call": "set", "mode": "false", "match": "cmi.interactions"})
    pass_final(run)
    expect(run.course.get_by_text("Your score: 100%")).to_be_visible()
    expect(run.shell.locator("#sb-alert")).to_contain_text("Your progress is not saved")
    first = run.leave()
    cmi = first["data"]["cmi"]
    assert (cmi["score"]["raw"], cmi["success_status"], cmi["exit"]) == ("100", "passed", "suspend")
    assert json.loads(cmi["suspend_data"])["q"]["final"].get("u") == 1

    final = source / "final.yaml"
    circle = "      - {id: b, text: Circle}\n"
    final.write_text(final.read_text(encoding="utf-8").replace(
        circle, circle + "      - {id: c, text: Triangle}\n"), encoding="utf-8")
    server.add("refused-then-updated-v2", source)
    again = launch("refused-then-updated-v2", "2004", cmi={
        "suspend_data": cmi["suspend_data"], "location": cmi["location"], "entry": "resume",
        "completion_status": cmi["completion_status"], "success_status": cmi["success_status"],
        "score": cmi["score"], "interactions": cmi["interactions"]})
    again.at("final")
    status = settled(again)
    report = again.leave()
    held = sorted(set(records(report["values"])) | set(interaction_ids(report["data"])))
    assert "final.fa-1" in held or status != SAVED, (
        f"the LMS holds score {report['data']['cmi']['score']['raw']} and "
        f"{report['data']['cmi']['success_status']!r} for an attempt whose fa-1 answer it never "
        f"received (records: {held}), yet the learner is told {status!r}")

