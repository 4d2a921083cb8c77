"""How the LMS opens the course: cmi.mode (2004 RTE 4.2.16) or cmi.core.lesson_mode (1.2).

"review" and "browse" ask the SCO to show, not to record, and whether an LMS keeps what a SCO
writes then is up to it (some drop it and still answer "true"). So the runtime writes nothing in
either mode and tells the learner so, and a review shows the attempt as the LMS saved it. The
one exception is Moodle's: it reopens in review mode any attempt whose status reads completed,
passed or failed, which a 1.2 "-failed" status pair writes while attempts are left; an attempt
the saved record shows unfinished goes on being recorded. Each test drives Chromium as a learner
against scorm-again and asserts what the LMS was sent."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import List, Tuple

import pytest
from playwright.sync_api import expect

from lms_driver import (assert_clean_calls, goto, halfway_through_the_assessment,
                        knowledge_check_answer_refused, pass_final, read_lessons)

pytestmark = [pytest.mark.slow, pytest.mark.browser]
EDITIONS = ["1.2", "2004"]
MINIMAL = Path(__file__).resolve().parents[2] / "tests" / "roots" / "minimal"
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
    survey(run)
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
    first = halfway_through_the_assessment_and_leave(launch, "1.2")
    run = launch("minimal", "1.2", cmi=reopened("1.2", first["data"], "review", "resume", "failed"))
    run.at("final")
    expect(run.course.get_by_label("Square")).to_be_checked()  # the answers in progress are back
    run.course.get_by_label("2", exact=True).check()
    run.submit()
    survey(run)
    run.next("completion")
    expect(run.shell.locator("#sb-status")).to_have_text("Course complete. Your result is saved.")
    report = run.leave()
    assert report["values"]["cmi.core.lesson_status"] == "passed"
    assert report["values"]["cmi.core.score.raw"] == "100"
    assert_clean_calls(report)


def halfway_through_the_assessment_and_leave(launch, edition: str) -> dict:
    run = launch("minimal", edition)
    halfway_through_the_assessment(run)
    return run.leave()


# ---------------------------------------------------------------- found by a review (2026-12-02)

FAILING = "Your progress is not saved"


def interaction_ids(data: dict) -> List[str]:
    found = data["cmi"]["interactions"]
    items = found.values() if isinstance(found, dict) else found
    return [i["id"] for i in items if isinstance(i, dict) and i.get("id")]


def survey(run) -> None:
    run.next("survey")
    run.course.get_by_label("Agree", exact=True).check()
    run.submit("Submit survey")


@pytest.mark.parametrize("edition, refused", [
    ("1.2", "cmi.interactions"), ("1.2", "cmi.core.lesson_status"),
    ("2004", "cmi.completion_status")])
def test_a_review_finished_in_this_session_is_still_recorded_after_a_reload(
        launch, edition: str, refused: str) -> None:
    """A review of an unfinished attempt records; the learner finishes it while the LMS refuses
    one value, then reloads: the reloaded page must go on recording that session."""
    first = halfway_through_the_assessment_and_leave(launch, edition)
    status = "failed" if edition == "1.2" else "incomplete"
    run = launch("minimal", edition, mode="window",
                 cmi=reopened(edition, first["data"], "review", "resume", status))
    run.at("final")
    run.course.get_by_label("2", exact=True).check()
    run.submit()
    run.lms("f => lms.fail(f)", {"call": "set", "mode": "false", "match": refused})
    survey(run)
    expect(run.shell.locator("#sb-alert")).to_contain_text(FAILING)
    run.reload()
    run.at("survey")
    run.lms("() => lms.recover()")
    run.shell.locator("#sb-toc a[data-page-id='completion']").click()
    run.at("completion")
    expect(run.shell.locator("#sb-status")).to_have_text("Course complete. Your result is saved.")
    report = run.leave()
    cmi = report["data"]["cmi"]
    if refused == "cmi.interactions":
        assert "survey.sv-1" in interaction_ids(report["data"])
    elif edition == "1.2":
        assert cmi["core"]["lesson_status"] == "passed"
    else:
        assert cmi["completion_status"] == "completed"


def test_a_review_of_a_completed_attempt_after_a_course_update_writes_nothing(
        launch, server, tmp_path) -> None:
    """The saved record no longer reads finished (a lesson was added): the LMS's own
    'completed' decides, and a review never writes 'incomplete' over it."""
    source = served_copy(server, tmp_path, "v1")
    first = finish_course(launch("v1", "2004"))
    module = source / "lessons" / "module.yaml"
    module.write_text(module.read_text().replace("  - two.md\n", "  - two.md\n  - three.md\n"))
    (source / "lessons" / "three.md").write_text("---\ntitle: Lesson three\n---\n\nNew text.\n")
    server.add("v2", source)
    run = launch("v2", "2004", cmi=reopened("2004", first["data"], "review", ""))
    run.at("completion")
    expect(run.shell.locator("#sb-status")).to_have_text(REVIEW)
    assert writes(run.leave()) == []


def test_a_review_whose_record_restores_nothing_writes_nothing(launch) -> None:
    cmi = {"mode": "review", "entry": "", "completion_status": "completed",
           "success_status": "passed", "location": "completion",
           "suspend_data": json.dumps({"v": 2, "f": "00000000", "p": "", "q": {}})}
    run = launch("minimal", "2004", cmi=cmi)
    run.at("completion")
    assert writes(run.leave()) == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_survey_sent_in_a_preview_says_it_is_not_recorded(launch, edition: str) -> None:
    cmi = {"core": {"lesson_mode": "browse"}} if edition == "1.2" else {"mode": "browse"}
    run = launch("minimal", edition, cmi=cmi)
    run.at("start")
    run.shell.locator("#sb-toc a[data-page-id='survey']").click()
    run.at("survey")
    run.course.get_by_label("Agree", exact=True).check()
    run.submit("Submit survey")
    expect(run.course.locator("[data-role=result]")).to_contain_text(
        "Your answers are not recorded: see the message at the top of the course.")
    assert writes(run.leave()) == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_answers_pending_at_a_reload_survive_a_failed_read_after_it(launch, edition: str) -> None:
    """The reloaded page cannot read the saved progress (so writes nothing over it), but the
    answers the leaving page handed over are still written."""
    run = launch("minimal", edition, mode="window")
    knowledge_check_answer_refused(run)
    run.lms("() => lms.recover()")
    run.lms("f => lms.fail(f)", {"call": "get", "mode": "false", "count": 3,
                                 "match": "cmi.suspend_data"})
    run.reload()
    run.at("m1-check")
    run.next("final")
    report = run.leave()
    assert "m1-check.kc-1" in interaction_ids(report["data"])


def test_a_reload_in_a_review_stays_on_the_page_the_learner_was_on(launch) -> None:
    """Nothing is saved in a review, so the LMS's bookmark is the finished attempt's: the
    reloaded page takes the learner's page from the session it takes over."""
    first = finish_course(launch("minimal", "1.2"))
    run = launch("minimal", "1.2", mode="window", cmi=reopened("1.2", first["data"], "review", ""))
    run.at("completion")
    run.shell.locator("#sb-toc a[data-page-id='m1-two']").click()
    run.at("m1-two")
    run.reload()
    run.at("m1-two")
    expect(run.shell.locator("#sb-status")).to_have_text(REVIEW)
    report = run.leave()
    assert writes(report) == [] and report["initialized"] == 1


def test_a_finished_attempt_whose_launch_read_fails_keeps_its_exit(launch) -> None:
    """A launch read that fails for good writes only exit=suspend, so the next launch
    resumes; an attempt the LMS holds as passed has nothing to resume and keeps its exit."""
    run = launch("minimal", "1.2", cmi={"core": {"lesson_status": "passed", "score": {"raw": "100"}}},
                 faults={"call": "get", "mode": "false", "count": 3,
                         "match": "cmi.core.lesson_mode"})
    run.at("start")
    expect(run.shell.locator("#sb-status")).to_have_text("Tracking is off for this window.")
    run.next("m1")
    report = run.leave()
    assert [w for w in writes(report) if w[0] == "LMSSetValue" and w[1] != "cmi.core.session_time"] == []
    assert report["data"]["cmi"]["core"]["lesson_status"] == "passed"


# ---------------------------------------------------------------- found by a third review (2026-12-02)


def to_final_with_check_done(run) -> None:
    read_lessons(run)
    run.course.get_by_label("True").check()
    run.submit()
    run.next("final")
    expect(run.shell.locator("#sb-status")).to_have_text("Your progress is saved.")


def served_copy(server, tmp_path, name: str, course_yaml: Tuple[str, str] = ("", "")) -> Path:
    """A copy of the minimal course (course_yaml: a (text, replacement) edit of its course.yaml),
    served as package `name`; the test may change it and serve it again (a course update)."""
    source = tmp_path / "course"
    shutil.copytree(MINIMAL, source)
    if course_yaml[0]:
        course = source / "course.yaml"
        course.write_text(course.read_text(encoding="utf-8").replace(*course_yaml), encoding="utf-8")
    server.add(name, source)
    return source


def one_right_one_wrong(run, shape: str) -> None:
    """fa-1 answered `shape` and fa-2 with '3' alone (wrong): 50 % with 'Square', 0 % else."""
    run.course.get_by_label(shape).check()
    run.course.get_by_label("3", exact=True).check()
    run.submit()


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_final_passed_while_writes_fail_survives_a_reload(launch, edition: str) -> None:
    """The LMS refuses writes; the learner passes the final, sees "not saved", presses F5; the
    LMS recovers. The reloaded page holds the passed attempt and the LMS gets the score."""
    run = launch("minimal", edition, mode="window")
    to_final_with_check_done(run)
    run.lms("f => lms.fail(f)", {"call": "set", "mode": "false"})
    pass_final(run)
    expect(run.course.get_by_text("Your score: 100%")).to_be_visible()
    expect(run.shell.locator("#sb-alert")).to_contain_text(FAILING)
    run.reload()
    run.at("final")
    run.lms("() => lms.recover()")
    run.next("survey")
    expect(run.shell.locator("#sb-status")).to_have_text("Your progress is saved.")
    goto(run, "final")
    expect(run.course.get_by_text("Your score: 100%")).to_be_visible(timeout=2000)
    report = run.leave()
    record = json.loads(report["values"]["cmi.suspend_data"])
    assert (record["q"]["final"]["x"], record["q"]["final"]["c"]) == (1, 100)
    if edition == "1.2":
        assert report["data"]["cmi"]["core"]["score"]["raw"] == "100"
    else:
        assert report["data"]["cmi"]["success_status"] == "passed"


def test_a_reload_during_a_save_retry_keeps_a_used_attempt(launch) -> None:
    run = launch("minimal", "1.2", mode="window")
    to_final_with_check_done(run)
    run.lms("f => lms.fail(f)", {"call": "set", "mode": "false"})
    run.course.get_by_label("Circle").check()
    run.course.get_by_label("3", exact=True).check()
    run.submit()
    expect(run.course.get_by_text("Attempts used: 1 of 2.")).to_be_visible()
    run.reload()
    run.at("final")
    run.lms("() => lms.recover()")
    run.next("survey")
    goto(run, "final")
    expect(run.course.get_by_text("Attempts used: 1 of 2.")).to_be_visible(timeout=2000)
    run.leave()


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_refused_session_after_failed_saves_names_the_page_really_saved(launch, edition: str) -> None:
    """Saves fail while the learner reads on; the reload comes after the grace time, so the LMS
    refuses a new session: the alert names the page of the last accepted save."""
    run = launch("minimal", edition, mode="window")
    run.at("start")
    run.next("m1")
    expect(run.shell.locator("#sb-status")).to_have_text("Your progress is saved.")
    run.lms("f => lms.fail(f)", {"call": "set", "mode": "false"})
    run.next("m1-one")
    run.next("m1-two")
    expect(run.shell.locator("#sb-alert")).to_contain_text(FAILING)
    url = run.shell.url
    run.shell.goto("about:blank")
    run.lms_page.wait_for_function("lms.finished", timeout=5000)
    run.lms("() => lms.recover()")
    run.shell.goto(url)
    alert = run.shell.locator("#sb-alert")
    expect(alert).to_contain_text("did not open a session for this window")
    expect(alert).to_contain_text("Your progress up to “The only module” was saved.")


def test_a_passed_scorm12_course_opened_again_shows_the_lms_result(launch) -> None:
    run = launch("minimal", "1.2", cmi={"core": {"lesson_status": "passed", "score": {"raw": "100"}}})
    run.at("start")
    expect(run.shell.locator("#sb-status")).to_have_text("Course complete. Your result is saved.")
    goto(run, "completion")
    expect(run.course.locator("[data-field=status]")).to_have_text("Complete")
    expect(run.course.locator("[data-field=score]")).to_have_text("100% (pass mark 50%)")
    expect(run.course.locator("[data-field=todo]")).to_have_text(
        "Nothing: you have completed the course.")
    assert run.leave()["data"]["cmi"]["core"]["lesson_status"] == "passed"


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_write_answered_true_with_an_error_code_is_not_taken_as_saved(launch, edition: str) -> None:
    """An LMS answers "true" to SetValue cmi.suspend_data but reports an error code and keeps
    nothing: the learner must be told it is not saved."""
    run = launch("minimal", edition)
    run.at("start")
    code = "405" if edition == "1.2" else "351"
    setter = "LMSSetValue" if edition == "1.2" else "SetValue"
    getter = "LMSGetLastError" if edition == "1.2" else "GetLastError"
    run.lms("""([setter, getter, code]) => {
        const set = lms.api[setter], last = lms.api[getter];
        let error = null;
        lms.api[setter] = function (element, value) {
            if (element === 'cmi.suspend_data') { error = code; return 'true'; }
            error = null;
            return set.call(lms.api, element, value);
        };
        lms.api[getter] = function () { return error || last.call(lms.api); };
    }""", [setter, getter, code])
    goto(run, "final")
    run.course.get_by_label("Square").check()
    expect(run.shell.locator("#sb-alert")).to_contain_text(FAILING, timeout=8000)
    run.leave()


def passed_at_50_then_the_mark_raised(launch, server, tmp_path, edition: str) -> dict:
    """The final passed at 50 % (pass mark 50), the survey still to do, the course left; then the
    course updated to a pass mark of 60, served as 'mark-60-<edition>'. The first session's report."""
    source = served_copy(server, tmp_path, f"mark-50-{edition}")
    run = launch(f"mark-50-{edition}", edition)
    to_final_with_check_done(run)
    one_right_one_wrong(run, "Square")
    expect(run.course.get_by_text("Your score: 50%. You passed (pass mark 50%).")).to_be_visible()
    first = run.leave()
    course = source / "course.yaml"
    course.write_text(course.read_text(encoding="utf-8").replace("passing_score: 50",
                                                                 "passing_score: 60"))
    server.add(f"mark-60-{edition}", source)
    return first


def test_a_pass_is_not_taken_back_by_a_raised_pass_mark(launch, server, tmp_path) -> None:
    """SCORM 2004: the final passed at 50 % (pass mark 50), the survey still to do; the course
    is updated with a pass mark of 60 and the learner resumes: the LMS's 'passed' stays."""
    first = passed_at_50_then_the_mark_raised(launch, server, tmp_path, "2004")
    assert first["data"]["cmi"]["success_status"] == "passed"
    cmi = first["data"]["cmi"]
    again = launch("mark-60-2004", "2004", cmi={
        "suspend_data": cmi["suspend_data"], "location": cmi["location"], "entry": "resume",
        "completion_status": cmi["completion_status"], "success_status": "passed",
        "score": cmi["score"]})
    again.at("final")
    expect(again.course.get_by_text("You passed")).to_be_visible()
    survey(again)
    again.next("completion")
    expect(again.course.locator("[data-field=status]")).to_have_text("Complete")
    report = again.leave()
    assert report["data"]["cmi"]["success_status"] == "passed"
    assert report["data"]["cmi"]["completion_status"] == "completed"


def test_a_retake_after_a_course_update_keeps_one_record_per_question(launch, server, tmp_path) -> None:
    """SCORM 2004: the first attempt of the final is failed and recorded; the course is updated
    (fa-1 gets another choice: its stored answer no longer applies); the learner resumes the
    same LMS attempt and retakes the final. The LMS shows each question once, with the latest
    answer (docs/tracking.md): the record's index is kept by the question's quiz and id."""
    source = served_copy(server, tmp_path, "upd-before")
    run = launch("upd-before", "2004")
    to_final_with_check_done(run)
    one_right_one_wrong(run, "Circle")
    expect(run.shell.locator("#sb-status")).to_have_text("Your progress is saved.")
    first = run.leave()
    final = source / "final.yaml"
    circle = "      - {id: b, text: Circle}\n"
    final.write_text(final.read_text(encoding="utf-8").replace(
        circle, circle + "      - {id: c, text: Triangle}\n"), encoding="utf-8")
    server.add("upd-after", source)
    cmi = first["data"]["cmi"]
    again = launch("upd-after", "2004", cmi={
        "suspend_data": cmi["suspend_data"], "location": cmi["location"], "entry": "resume",
        "completion_status": cmi["completion_status"], "success_status": cmi["success_status"],
        "score": cmi["score"], "interactions": cmi["interactions"]})
    again.at("final")
    again.course.get_by_role("button", name="Try again").click()
    pass_final(again)
    expect(again.course.get_by_text("Your score: 100%")).to_be_visible()
    expect(again.shell.locator("#sb-status")).to_have_text("Your progress is saved.")
    report = again.leave()
    records = [r for r in interaction_ids(report["data"])]
    assert sorted(records) == ["final.fa-1", "final.fa-2", "m1-check.kc-1"], records


def test_a_scorm12_course_failed_for_good_stays_failed_when_opened_again(launch, server, tmp_path) -> None:
    """SCORM 1.2 `passed-failed`, attempts 2: both attempts failed, the course finished; the LMS
    holds `failed` and the attempt ended (exit ""). Opened again without resume, the runtime
    writes nothing over `failed`, and the results page shows the LMS's result."""
    served_copy(server, tmp_path, "pf", ("  require_survey: true\n",
                                         "  require_survey: true\n  scorm12_status: passed-failed\n"))
    run = launch("pf", "1.2")
    to_final_with_check_done(run)
    for attempt in range(2):
        if attempt:
            run.course.get_by_role("button", name="Try again").click()
        one_right_one_wrong(run, "Circle")
    expect(run.course.get_by_text("You have no attempts left.")).to_be_visible()
    survey(run)
    run.next("completion")
    first = run.leave()
    assert (first["values"]["cmi.core.lesson_status"], first["values"]["cmi.core.exit"]) == ("failed", "")
    core = first["data"]["cmi"]["core"]
    again = launch("pf", "1.2", cmi={"suspend_data": first["data"]["cmi"]["suspend_data"], "core": {
        "entry": "", "lesson_status": "failed", "lesson_location": core["lesson_location"],
        "score": core["score"]}})
    again.at("start")
    goto(again, "completion")
    expect(again.course.locator("[data-field=status]")).to_have_text("Complete (assessment not passed)")
    report = again.leave()
    assert report["data"]["cmi"]["core"]["lesson_status"] == "failed"
    assert not [w for w in writes(report) if w[1:2] == ["cmi.core.lesson_status"]]
