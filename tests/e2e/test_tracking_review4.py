"""Tracking defects found by a fourth runtime review (2026-12-02), each failing before its fix:
a score refused in the session that finishes the course, a no-credit launch, a reload after the
LMS page came back from the back-forward cache, a finished 1.2 attempt opened again. Each test
drives Chromium as a learner against scorm-again and asserts what the LMS holds or what the
learner is told."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from lms_driver import goto, pass_final, pass_final_after_the_lessons, read_lessons
from lms_driver import survey_from_contents as survey

pytestmark = [pytest.mark.slow, pytest.mark.browser]
EDITIONS = ["1.2", "2004"]
FAILING = "Your progress is not saved"
NO_CREDIT = ("Your learning management system opened this course without credit: what you do is "
             "sent to it, but it may not keep or count it.")
SCORE = {"1.2": "cmi.core.score", "2004": "cmi.score"}


def finish_course(run) -> None:
    """Every lesson, the knowledge check, the final assessment passed, the survey."""
    pass_final_after_the_lessons(run)
    survey(run)


def next_launch(edition: str, data: dict) -> dict:
    """What an LMS hands the next launch, from how the last session exited: a suspended attempt
    is resumed; an ended one is opened again (1.2: entry "") or, in 2004, reviewed."""
    cmi = data["cmi"]
    if edition == "1.2":
        core = cmi["core"]
        suspended = core["exit"] == "suspend"
        return {"suspend_data": cmi["suspend_data"],
                "core": {"lesson_location": core["lesson_location"],
                         "entry": "resume" if suspended else "",
                         "lesson_status": core["lesson_status"], "score": core["score"]}}
    suspended = cmi["exit"] == "suspend"
    return {"suspend_data": cmi["suspend_data"], "location": cmi["location"],
            "entry": "resume" if suspended else "", "mode": "normal" if suspended else "review",
            "completion_status": cmi["completion_status"], "success_status": cmi["success_status"],
            "score": cmi["score"]}


# ---------------------------------------------------------------- 1. score refused at the end


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_score_refused_in_the_finishing_session_never_leaves_passed_without_a_score(
        launch, edition: str) -> None:
    """Survey first, then the final: its submission finishes the course. The LMS refuses the
    score (only the score); status and exit are accepted. The learner sees the alert and closes
    the window. Whatever the next launch is, the LMS must not end up 'passed' with no score."""
    run = launch("minimal", edition)
    read_lessons(run)
    run.course.get_by_label("True").check()
    run.submit()
    survey(run)
    goto(run, "final")
    run.lms("f => lms.fail(f)", {"call": "set", "mode": "false", "match": SCORE[edition]})
    pass_final(run)
    expect(run.course.get_by_text("Your score: 100%")).to_be_visible()
    expect(run.shell.locator("#sb-alert")).to_contain_text(FAILING)
    first = run.leave()  # the window is closed while the LMS still refuses the score
    cmi = first["data"]["cmi"]
    # the status and the exit waited for the score: the attempt is open, to be resumed
    if edition == "1.2":
        assert (cmi["core"]["lesson_status"], cmi["core"]["exit"]) == ("incomplete", "suspend")
    else:
        assert (cmi["completion_status"], cmi["success_status"], cmi["exit"]) == \
            ("incomplete", "unknown", "suspend")
    again = launch("minimal", edition, cmi=next_launch(edition, first["data"]))
    again.course.locator("body[data-page-id]").wait_for()
    goto(again, "completion")
    expect(again.course.locator("[data-field=status]")).to_have_text("Complete")
    expect(again.course.locator("[data-field=score]")).to_have_text("100% (pass mark 50%)")
    cmi = again.leave()["data"]["cmi"]
    if edition == "1.2":
        held = (cmi["core"]["lesson_status"], cmi["core"]["score"]["raw"], cmi["core"]["exit"])
    else:
        held = (cmi["success_status"], cmi["score"]["raw"], cmi["exit"])
    assert held == ("passed", "100", "" if edition == "1.2" else "normal")


# ---------------------------------------------------------------- 2. no-credit told "saved"

# Chamilo's SCORM player (learnpathItem::write_to_db) skips the database write when
# credit is no-credit, or the mode review or browse, and still answers "true" (docs/tracking.md
# cites it for review and browse). This stands in for it: writes answered "true", nothing kept.
DROP_WRITES = """([setter, committer]) => {
    lms.api[setter] = function () { return 'true'; };
    lms.api[committer] = function () { return 'true'; };
}"""


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_no_credit_launch_does_not_tell_the_learner_the_result_is_saved(
        launch, edition: str) -> None:
    """The LMS opens the course in normal mode but without credit (cmi.credit / cmi.core.credit
    = no-credit): whatever it does with what the course writes, it will not credit the result,
    and an LMS like Chamilo keeps none of it. The learner finishes the course and is told
    "Course complete. Your result is saved."."""
    cmi = ({"core": {"credit": "no-credit", "lesson_mode": "normal"}} if edition == "1.2"
           else {"credit": "no-credit", "mode": "normal"})
    run = launch("minimal", edition, cmi=cmi)
    run.at("start")
    calls = ["LMSSetValue", "LMSCommit"] if edition == "1.2" else ["SetValue", "Commit"]
    run.lms(DROP_WRITES, calls)
    finish_course(run)
    expect(run.course.locator("[data-role=result]")).to_contain_text(
        "Thank you: your answers were sent, but your learning management system opened this "
        "course without credit and may not keep them.")
    goto(run, "completion")
    expect(run.shell.locator("#sb-status")).to_have_text(NO_CREDIT)
    expect(run.course.locator("[data-field=status]")).to_have_text(
        "Complete – sent, but your learning management system opened this course without "
        "credit and may not count it")
    run.leave()


def test_a_no_credit_launch_is_still_recorded(launch) -> None:
    """Whether to keep what a no-credit launch sends is the LMS's decision: the course records
    as always (scorm-again keeps it) and says what the LMS said."""
    run = launch("minimal", "2004", cmi={"credit": "no-credit", "mode": "normal"})
    expect(run.course.locator("[data-role=saving]")).to_have_text(
        "Your learning management system opened this course without credit: it may not keep "
        "your place, answers or result.")
    finish_course(run)
    expect(run.shell.locator("#sb-status")).to_have_text(NO_CREDIT)
    cmi = run.leave()["data"]["cmi"]
    assert (cmi["completion_status"], cmi["success_status"], cmi["score"]["raw"]) == \
        ("completed", "passed", "100")


# ---------------------------------------------------------------- 3. back-forward cache


@pytest.fixture
def bfcache_context(browser):
    """A second browser with the back-forward cache on (Playwright turns it off by default)."""
    from conftest import CHROMIUM, CHROMIUM_ARGS
    cached = browser.browser_type.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                         headless=True,
                                         ignore_default_args=["--disable-back-forward-cache"])
    yield cached.new_context()
    cached.close()


def test_a_reload_after_the_lms_page_came_back_from_the_cache_keeps_the_session(
        bfcache_context, server) -> None:
    """Frame launch: the learner leaves the LMS page for another page and comes back with Back
    (the page, course and session restored from the back-forward cache), then reloads the
    course frame. The reload must take the open session over, as any reload does; the
    LMS page's pagehide(persisted) left a 'the LMS window is closing' mark behind, so the
    session is terminated at once and the reloaded course is refused a session."""
    from lms_driver import Launched
    page = bfcache_context.new_page()
    page.goto(f"{server.base}/lms/lms.html")
    page.evaluate("c => lms.start(c)", {"edition": "1.2", "url": server.packages["minimal-1.2"],
                                        "mode": "frame", "cmi": None, "faults": None})
    run = Launched(page, page.frame_locator("#sco"), "1.2")
    run.at("start")
    run.next("m1")
    page.evaluate("window.__notReloaded = true")
    page.goto(f"{server.base}/lms/lms.html?elsewhere")
    page.go_back(wait_until="commit")
    assert page.evaluate("window.__notReloaded === true")  # restored from the cache
    page.evaluate("document.getElementById('sco').contentWindow.location.reload()")
    # Playwright's frame locators do not follow frames restored from the cache: read the DOM
    shell = "document.getElementById('sco').contentWindow"
    page.wait_for_function(f"(() => {{ try {{ const d = {shell}.document.getElementById('sb-content')"
                           ".contentWindow.document; return !!d.body.getAttribute('data-page-id') "
                           f"&& {shell}.document.getElementById('sb-status').textContent !== ''; }} "
                           "catch (e) { return false; } })()")
    page.wait_for_timeout(500)
    status = page.evaluate(f"{shell}.document.getElementById('sb-status').textContent")
    alert = page.evaluate(f"{shell}.document.getElementById('sb-alert').textContent")
    report = page.evaluate("lms.report()")
    calls = [c["fn"] for c in report["calls"] if c["fn"] in ("LMSInitialize", "LMSFinish")]
    assert (status, calls) == ("Your progress is saved.", ["LMSInitialize"]), (status, alert, calls)


# ---------------------------------------------------------------- 4. a finished 1.2 attempt opened again


def test_a_passed_scorm12_attempt_opened_again_keeps_its_saved_answers(launch) -> None:
    """1.2: the course passed and finished (exit ""); the LMS opens it again without resume
    (entry "", normal mode). Its status and score are left alone (docs/tracking.md), but the
    runtime does not read the saved record and writes a fresh, empty one (and the start page as
    bookmark) over the attempt's: a later review (Moodle reviews passed attempts) shows the
    final assessment untaken, and the answers saved with the attempt are gone from the LMS."""
    run = launch("minimal", "1.2")
    finish_course(run)
    goto(run, "completion")
    first = run.leave()
    cmi = first["data"]["cmi"]
    assert (cmi["core"]["lesson_status"], cmi["core"]["exit"]) == ("passed", "")
    again = launch("minimal", "1.2", cmi={"suspend_data": cmi["suspend_data"], "core": {
        "entry": "", "lesson_status": "passed", "lesson_location": cmi["core"]["lesson_location"],
        "score": cmi["core"]["score"]}})
    again.course.locator("body[data-page-id]").wait_for()
    expect(again.shell.locator("#sb-status")).to_have_text("Course complete. Your result is saved.")
    report = again.leave()
    saved = json.loads(report["data"]["cmi"]["suspend_data"])
    assert saved["q"].get("final", {}).get("x") == 1, saved
