"""Tracking defects found by a sixth runtime review, each test failing on the runtime it was
written against: a SCORM 1.2 LMS that does not implement an optional data-model element
(error 401), the LMS window closed while the course window stays open, and the basic-layout
notice. Each test drives Chromium as a learner against scorm-again and asserts what the LMS
holds or what the learner is told."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lms_driver import finish_course, goto, records

pytestmark = [pytest.mark.slow, pytest.mark.browser]
SAVED = "Your progress is saved."
DONE = "Course complete. Your result is saved."
FAILING = "Your progress is not saved"

# A SCORM 1.2 LMS without some optional elements. The 1.2 RTE makes cmi.core.score.min and .max,
# and the whole cmi.interactions collection (each of its elements), optional for an LMS
# ("LMS Mandatory: No"; ADL's 1.2 conformance suite's "mandatory data model element test"
# reads and writes none of them); an LMS that lacks one answers LMSSetValue/LMSGetValue
# "false" / "" with error 401, "Not implemented" (1.2 RTE error codes; docs/tracking.md already
# counts on it for score.min/max, lesson_mode, credit and mastery_score).
NOT_IMPLEMENTED = """(pattern) => {
    const re = new RegExp(pattern);
    const set = lms.api.LMSSetValue, get = lms.api.LMSGetValue;
    const refuse = (fn, args, ret) => {
        lms.calls.push({fn: fn, args: args.map(String), ret: ret, error: '401', injected: true});
        lms.injectedError = '401';
        return ret;
    };
    lms.api.LMSSetValue = function (element, value) {
        return re.test(String(element)) ? refuse('LMSSetValue', [element, value], 'false')
            : set.apply(this, arguments);
    };
    lms.api.LMSGetValue = function (element) {
        return re.test(String(element)) ? refuse('LMSGetValue', [element], '') : get.apply(this, arguments);
    };
}"""


# ---------------------------------------------------------------- 1. an optional interaction element


def test_scorm12_lms_without_interaction_objectives_still_records_every_answer(launch) -> None:
    """A SCORM 1.2 LMS that implements interactions but not cmi.interactions.n.objectives
    (optional, error 401). Every question of the minimal course names an objective, so every
    record is refused at its second field: the runtime keeps retrying that field for good and
    never writes the type, the correct pattern, the learner's response or the result. The LMS's
    interactions report holds three ids with no answer in them (the answers are lost), and
    the learner is told for the rest of the course that nothing is saved."""
    run = launch("minimal", "1.2")
    run.lms("p => (" + NOT_IMPLEMENTED + ")(p)", r"^cmi\.interactions\.\d+\.objectives\.")
    finish_course(run)
    report = run.leave()
    held = records(report["values"])
    answers = {i: (r.get("type"), r.get("student_response"), r.get("result"))
               for i, r in held.items() if i != "survey.sv-1"}
    assert answers == {"m1-check.kc-1": ("true-false", "t", "correct"),
                       "final.fa-1": ("choice", "a", "correct"),
                       "final.fa-2": ("choice", "a,c", "correct")}


# ---------------------------------------------------------------- 2. optional elements: "not saved" for good


@pytest.mark.parametrize("missing", [r"^cmi\.core\.score\.(min|max)$", r"^cmi\.interactions\."],
                         ids=["score-min-max", "interactions"])
def test_scorm12_lms_without_an_optional_element_tells_the_learner_the_truth(launch, missing) -> None:
    """A SCORM 1.2 LMS that does not implement cmi.core.score.min/max, or interactions at all
    (both optional for a 1.2 LMS: error 401). It records status, score, bookmark and progress;
    the course is finished and the LMS holds `passed` with its score. Yet the runtime retries
    the unimplemented element every minute for good and tells the learner, from the first
    submitted quiz to the end, "Your progress is not saved … contact your LMS administrator",
    and the results page "Complete – not yet recorded by your learning management system":
    the learner is told something the LMS did not do (and support gets a false alarm)."""
    run = launch("minimal", "1.2")
    run.lms("p => (" + NOT_IMPLEMENTED + ")(p)", missing)
    finish_course(run)
    report = run.report()
    assert (report["values"]["cmi.core.lesson_status"], report["values"]["cmi.core.score.raw"]) == \
        ("passed", "100")
    expect(run.course.locator("[data-field=status]")).to_have_text("Complete")
    expect(run.shell.locator("#sb-status")).to_have_text(DONE)
    expect(run.shell.locator("#sb-alert")).to_be_hidden()
    run.leave()


# ---------------------------------------------------------------- 4. the LMS window closed


@pytest.mark.parametrize("edition", ["1.2", "2004"])
def test_closing_the_lms_window_is_not_answered_with_saved(launch, edition: str) -> None:
    """New-window launch (the API in the LMS window, found through window.opener). The learner
    closes the LMS window and goes on in the course window. The API object belonged to the
    closed window: whatever it answers, nothing the course sends now reaches the LMS (a closed
    window's document is discarded; here, its scorm-again instance can no longer be read by
    anyone). The runtime can see it (the window it found the API in reports closed), yet it
    keeps saving into it and tells the learner "Your progress is saved." on every page."""
    run = launch("minimal", edition, mode="window")
    run.at("start")
    run.next("m1")
    expect(run.shell.locator("#sb-status")).to_have_text(SAVED)
    run.lms_page.close()
    run.next("m1-one")
    expect(run.shell.locator("#sb-status")).not_to_have_text(SAVED)
    alert = run.shell.locator("#sb-alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("The learning management system window this course was opened "
                                  "from has been closed or has gone to another page, so nothing "
                                  "more you do here is recorded.")
    expect(alert).to_contain_text("launch the course again")
    expect(alert).to_contain_text("Your progress up to “The only module” was saved.")


# ---------------------------------------------------------------- 5. the basic-layout notice


def test_basic_layout_notice_does_not_claim_progress_is_saved_in_a_preview(context, launch) -> None:
    """A browser without CSS grid or custom properties (support.js shows the basic-layout
    notice) opens the course as an LMS preview (browse mode: nothing is recorded, and the
    status line says so). The notice above it says "everything works, and your progress is
    saved." in every tracking state: preview, review, no LMS, a refused session."""
    context.add_init_script("if (window.CSS) { window.CSS.supports = function () { return false; }; }")
    run = launch("minimal", "2004", cmi={"mode": "browse"})
    run.at("start")
    expect(run.shell.locator("#sb-status")).to_contain_text("Preview:")
    notice = run.shell.locator("#sb-support-basic")
    expect(notice).to_be_visible()
    expect(notice).not_to_contain_text("your progress is saved")
    run.leave()


# ---------------------------------------------------------------- found sound (pass before any fix)


def test_sound_a_retake_reloaded_before_it_is_submitted_counts_each_attempt_once(launch) -> None:
    """Final failed (attempts: 2), "Try again", one answer chosen, then F5 before submitting:
    the reload takes the session over, the retake's answer is back, one attempt is used; the
    passing retake is recorded with one interaction record per question."""
    run = launch("minimal", "1.2")
    run.at("start")
    goto(run, "final")
    for label in ("Circle", "3"):
        run.course.get_by_label(label, exact=True).check()
    run.submit()
    expect(run.course.get_by_text("You did not reach the pass mark")).to_be_visible()
    run.course.get_by_role("button", name="Try again").click()
    run.course.get_by_label("Square").check()
    run.reload()
    run.at("final")
    expect(run.course.get_by_label("Square")).to_be_checked()
    expect(run.course.locator("[data-role=attempts]")).to_have_text("Attempts used: 1 of 2.")
    for label in ("2", "4"):
        run.course.get_by_label(label, exact=True).check()
    run.submit()
    expect(run.course.get_by_text("Your score: 100%")).to_be_visible()
    expect(run.course.locator("[data-role=attempts]")).to_have_text("Attempts used: 2 of 2.")
    report = run.leave()
    assert report["initialized"] == 1
    ids = [v for k, v in report["values"].items() if re.match(r"^cmi\.interactions\.\d+\.id$", k)]
    assert sorted(ids) == ["final.fa-1", "final.fa-2"]
    held = records(report["values"])
    assert (held["final.fa-1"]["student_response"], held["final.fa-2"]["student_response"]) == ("a", "a,c")
    assert (report["values"]["cmi.core.score.raw"], report["values"]["cmi.core.lesson_status"]) == \
        ("100", "incomplete")  # passed-incomplete: lessons and survey still to do


def test_sound_a_second_window_of_the_attempt_is_refused_and_says_so(context, launch, server) -> None:
    """New-window launch; the learner opens the course a second time from the LMS window while
    the first is open (same API object). The second window's Initialize is refused and it says
    nothing is recorded there; the first goes on recording; one session in all."""
    run = launch("minimal", "1.2", mode="window")
    run.at("start")
    run.next("m1")
    with context.expect_page() as popup:
        run.lms_page.evaluate("u => { window.open(u, 'second'); }", server.packages["minimal-1.2"])
    second = popup.value
    expect(second.locator("#sb-alert")).to_contain_text("did not open a session for this window")
    expect(second.locator("#sb-status")).to_have_text("Tracking is off for this window.")
    run.next("m1-one")
    expect(run.shell.locator("#sb-status")).to_have_text(SAVED)
    second.close()
    run.next("m1-two")
    expect(run.shell.locator("#sb-status")).to_have_text(SAVED)
    report = run.leave()
    inits = [c["ret"] for c in report["calls"] if c["fn"] == "LMSInitialize"]
    assert inits == ["true", "false"]
    assert [c["fn"] for c in report["calls"]].count("LMSFinish") == 1
    assert report["values"]["cmi.core.lesson_location"] == "m1-two"
