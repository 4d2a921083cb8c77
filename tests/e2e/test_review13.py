"""Tracking defects found by a thirteenth runtime review, of the session time on a monotonic clock
(a6bce36) and of the four fixes of the twelfth review (39ae131: the pass mark the pages state,
the 2004 kept pass, the LMS completion threshold, one window per attempt). Each test drives
Chromium as a learner against scorm-again, the test LMS of tests/e2e/lms (or the author's preview
simulator), and asserts what the LMS holds or what the learner is told. Each fails on the runtime
it was written against, for the reason given; all seven are fixed (2026-12-03): a superseded
window never terminates its session (shell.js keeps its record for a reload without the timer);
keptPass needs no adapter; a blocked window claims nothing; a finished course whose values were
all accepted stays told so; the claim names the edition, and each preview record has a learner
id of its own; the reload gap is bounded by the grace; a record of the earlier runtime is read.

1. The older window still sends its whole, older record at Terminate (both editions). Since
   39ae131 a superseded window sets no value and commits nothing, but Session.end still ends its
   session ("its session still terminated when it is left, with nothing set: RTE 3.1.3.2",
   docs/tracking.md "The same attempt in two windows"). Moodle's players store at Terminate the
   whole data model their API object holds, not what was set since the last commit:
   mod/scorm/datamodels/scorm_13.js Terminate -> StoreData(cmi, true) -> CollectData(cmi), every
   writable element whose value differs from its default (scorm_12.js LMSFinish the same), which
   datamodel.php stores element by element; scorm-again with a commit URL posts its full CMI at
   Terminate as well. The older window's API object still holds the progress record it wrote
   before it was superseded, so the review-12 sequence (tab 1 left open, the final passed in
   tab 2, tab 2 closed, then tab 1 closed) ends with tab 1's cmi.suspend_data, in which the final
   was never taken, stored over tab 2's: the next launch shows the final untaken with its
   attempts back, as before the fix. The test LMS snapshots the data model at every commit and
   at Terminate (tests/e2e/lms/lms.js), which is what such an LMS stores. Test:
   test_closing_the_older_window_last_does_not_undo_the_newer_windows_final.

2. A final assessment failed on a page opened on its own cannot be submitted (both editions, a
   crash). A page opened without the launch page (a lesson link opened in a new tab, a page
   bookmarked) runs a local session, `new Session(course, null, null)` (sb.localSession): no
   adapter, since such a page does not load adapter.js (docs/tracking.md, "Runtime size").
   Session.keptPass, new in 39ae131, reads `this.adapter.lmsJudgesPass` before anything else, and
   Session.evaluate and Session.review call it whenever the score is below the pass mark: the
   submission throws "Cannot read properties of null (reading 'lmsJudgesPass')" and the learner
   sees no result at all (before, the same expression read only the state and the launch facts).
   "The course works and says that nothing is recorded" (docs/tracking.md, "How the package
   runs"); tests/e2e/test_tracking.py test_a_page_opened_on_its_own_works passes only because it
   scores exactly the pass mark. Test: test_a_final_failed_on_a_page_opened_on_its_own_shows_its_result.

3. A window that records nothing takes the attempt away from the one that records (both
   editions). Session.begin calls Session.claimWindow for every session with an LMS connection
   that is not view-only, also one whose launch reads failed (`blocked`: "Tracking is off for this
   window ... nothing you do in this window is recorded", only exit and session time written).
   Such a second launch (a transient LMS read failure) replaces the first window's token, so the
   first window, which was recording, stops and tells the learner "This course was opened again
   in another window, which now records your progress" while the other window says it records
   nothing: the learner's progress is recorded by neither, and the first window's words are
   false. docs/tracking.md, "The same attempt in two windows": "each recording session writes a
   token"; "What the learner is told": never more than the LMS confirmed, and here what it says
   of the other window is untrue. Test: test_a_window_that_records_nothing_does_not_stop_the_one_that_records.

4. A course finished and recorded is told "not recorded" once it is launched again (both
   editions). A learner who finished the course (status line "Course complete. Your result is
   saved.", every value accepted) and left its window open, then opens the course from the LMS
   again (1.2: the LMS hands back `passed` without resume, which the runtime never writes over;
   2004: after exit `normal` the LMS starts a new attempt), has the first window superseded
   (Session.claimWindow in the new window, Session.superseded in the old): its status line turns
   to "Tracking has stopped for this window.", its alert says the other window "now records your
   progress" (it records another attempt, or nothing over this one), and its results page, the
   page the learner prints, says "Complete – not recorded: the course was opened again in another
   window" for a completion the LMS holds. Session.trackingState returns "elsewhere" whatever
   Session.recorded() says. Test: test_a_finished_recorded_course_is_not_told_unrecorded_when_opened_again.

5. The author's preview: two preview tabs (SCORM 1.2 beside SCORM 2004, the edition chooser's
   two pages) stop each other's tracking. The claim's key names the course id and the learner id
   (`scormbuild-open:<course>:preview-learner` in both), not the edition or the record, while each
   preview tab simulates an LMS record of its own (lms-core.js keeps it in sessionStorage, per tab
   and edition; docs/preview.md: "each edition keeps its own learner", "a new tab starts
   afresh"). The tab opened first shows "Tracking has stopped for this window." and "This
   course was opened again in another window" although nothing else records its record; every
   rebuild relaunches both tabs, so one of the two is always stopped. Test:
   test_two_preview_tabs_of_two_editions_both_keep_tracking.

6. A clock set forward during a reload is added to the session time (both editions). a6bce36
   measures spans on performance.now() so that a time-server correction cannot distort the
   session time, but the reload handover still bridges the reload with the wall clock
   (shell.js takeOver: gap = Date.now() - record.leftOn, bounded below by 0 but not above): a
   correction of two hours forward between the old page's pagehide and the new page's start adds
   two hours to cmi.core.session_time / cmi.session_time, which the LMS adds to total_time
   (RTE 4.2.21: the time the learner spent in the session). The takeover can only happen within
   the 2.5-second grace, so the gap cannot honestly be larger; the host window's own
   performance.now() also survives the reload.
   Test: test_a_clock_set_forward_during_a_reload_is_not_session_time.

7. A reload that takes over a session record left by the runtime before a6bce36 restarts the
   session time at 0 (both editions). The record format changed from {startedAt: <date>} to
   {elapsed, leftOn} with no fallback (shell.js takeOver: `Number(record.elapsed) || 0` and a gap
   of 0 for a missing leftOn), so a learner who presses F5 after the package was updated in place
   (Moodle's package auto-update replaces the files of a running activity) has the session time
   written from 0 again, and the LMS, which keeps the last session_time of a session, loses the
   whole time before the reload. The takeover code reads older runtimes' records elsewhere
   (lms.js validPlaces: "an older runtime's job has none"). Test:
   test_a_session_record_of_the_previous_runtime_keeps_its_session_time.

Checked and found right (no test kept): a reload of the recording window (end() removes its key,
the new page claims again) and of a superseded one (the handover's `elsewhere`); a reload after
the 2.5 s grace (the LMS refuses the second Initialize: "refused", no claim; an LMS that accepts
it is the documented limit); a new-window launch whose LMS window relaunches the course in the
same popup (pagehide, then the new page claims) or in a new one (the old is told either
"closed" or "opened again", both true); a preview relaunch in one tab (about:blank first, so the
old page removes its key before the new launch claims); review and browse launches (view-only:
no claim, the recording tab goes on); a refused launch and a launch without an LMS (no
connection: no claim); two learners in sequence on a shared computer (different keys; a key left
by a killed browser is overwritten by the next launch); an empty learner id (one key for all
learners: only harmful for two learners at once in one browser profile, where the LMS's own login
cookie already prevents it); two different courses (the explicit course id); localStorage absent,
throwing or full (no claim, or ownsAttempt answers true: the documented "nothing is guarded");
the storage event and a save cannot interleave (one thread, synchronous API calls); a superseded
window writes nothing more: keep-alive, retry and answers timers cleared, every save path stops at
lms.over, queued interaction jobs stay queued, pagehide's save returns before writing (its
Terminate is finding 1). keptPass: SCORM 1.2 unchanged (lmsJudgesPass false: p or the held
pass); 2004 with a scaled_passing_score judges the score alone, in Session.evaluate (status
line, results page, attempts left) and Session.review (the quiz's result) alike, which agrees
with the LMS's table 4.2.22.1a for pass marks of up to 4 decimals (the manifest writes 4;
score.scaled is the score / 100 exactly); the results page of
a 1.2 course opened again uses the held pass. Completion threshold: 1 (progress below 1 until
complete), 0 and below 0.01 (no progress_measure: scorm-again keeps the SCO's completion_status;
the RTE table answers "unknown" there, not "completed"), non-numbers and "" (ignored), the
floor(threshold * 100 - 1) / 100 figure is always below the threshold despite binary fractions,
completed courses write 1; 3rd Edition has the same elements. passMark: the frame's first page
loads only after Session.begin read the LMS's pass mark (the iframe has no src in shell.html);
decimals are shown as graded (0.925 -> "92.5%"); the author's own how_to_complete text is left
alone as documented. Session time: old browsers (sb.ticks falls back to the date, as before), a
clock set back during a reload (gap 0), the time spent since the last save across a reload.

Noted, not kept as tests (narrow): an LMS pass mark of 5 or more decimals (an administrator's
0.66667; the manifest never writes one) is rounded to hundredths of a percent by readLaunch, so
the learner can read "You passed" at 66.67 % while the LMS compares score.scaled 0.6667 with
0.66667 and records failed; a completion threshold below 0.01 writes no progress_measure
before completion, so a value the LMS already holds from an earlier session (written before the
threshold was set) stays standing and is judged against it.
"""

from __future__ import annotations

import datetime
import contextlib
import json
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from lms_driver import (final_at_next_launch, final_passed_in_a_second_window, finish_course,
                        goto)
from test_session_time import session_times

pytestmark = [pytest.mark.slow, pytest.mark.browser]
EDITIONS = ["1.2", "2004"]
SAVED = "Your progress is saved."
DONE = "Course complete. Your result is saved."
STOPPED = "Tracking has stopped for this window."
SAVING = "Saving your progress…"
SETTERS = ("LMSSetValue", "SetValue")


def written_since(report: dict, start: int) -> List[str]:
    """The elements the LMS accepted from this launch since call number `start`."""
    return [c["args"][0] for c in report["calls"][start:]
            if c["fn"] in SETTERS and c["ret"] == "true" and c["error"] == "0"]


def close(run) -> dict:
    """The learner closes a window that may have lost its attempt to another: its session is
    ended 2.5 s later, if the runtime ends it at all (leave() would wait for that)."""
    run.lms("lms.close()")
    with contextlib.suppress(PlaywrightTimeout):
        run.lms_page.wait_for_function("lms.finished", timeout=4000)
    return run.report()


def settled(run) -> str:
    """The launch page's status line once no save is in flight."""
    status = run.shell.locator("#sb-status")
    expect(status).not_to_have_text(SAVING)
    return status.text_content()


# ---------------------------------------------------------------- 1. the older window's Terminate


def flat(node, prefix: str = "") -> Dict[str, str]:
    """A data-model snapshot (lms.report()["data"]) as {element: value}; lists left out."""
    out: Dict[str, str] = {}
    if isinstance(node, dict):
        for key, value in node.items():
            out.update(flat(value, f"{prefix}.{key}" if prefix else key))
    elif not isinstance(node, list):
        out[prefix] = "" if node is None else str(node)
    return out


DEFAULTS = {"", "unknown", "not attempted"}


def stored_at_terminate(*snapshots: dict) -> Dict[str, str]:
    """What an LMS that stores the data model its API object holds at every commit and at
    Terminate (Moodle's StoreData/CollectData: each writable element not at its default) holds
    after these, in this order, the last one sent winning per element."""
    held: Dict[str, str] = {}
    for snapshot in snapshots:
        held.update({k: v for k, v in flat(snapshot).items() if v not in DEFAULTS})
    return held


def resumed_from(edition: str, held: Dict[str, str]) -> dict:
    """What that LMS hands the next launch of the suspended attempt it holds."""
    if edition == "1.2":
        return {"suspend_data": held["cmi.suspend_data"],
                "core": {"lesson_location": held.get("cmi.core.lesson_location", ""), "entry": "resume",
                         "lesson_status": held.get("cmi.core.lesson_status", "incomplete"),
                         "score": {"raw": held.get("cmi.core.score.raw", "")}}}
    return {"suspend_data": held["cmi.suspend_data"], "location": held.get("cmi.location", ""),
            "entry": "resume", "completion_status": held.get("cmi.completion_status", "incomplete"),
            "success_status": held.get("cmi.success_status", "unknown"),
            "score": {k: held[f"cmi.score.{k}"] for k in ("raw", "min", "max", "scaled")
                      if f"cmi.score.{k}" in held}}


@pytest.mark.parametrize("edition", EDITIONS)
def test_closing_the_older_window_last_does_not_undo_the_newer_windows_final(launch, edition: str) -> None:
    """Tab 1 launched and left on the start page; tab 2 launched from the LMS: the lessons, the
    knowledge check and the final passed at 100 %, tab 2 closed. Tab 1 says it no longer records
    and writes nothing more; the learner closes it. Its Terminate ends a session whose data model
    holds the progress record it wrote at launch, which the LMS stores last."""
    first, before, second_report = final_passed_in_a_second_window(launch, edition)
    second_held = second_report["data"]
    assert "final" in json.loads(second_held["cmi"]["suspend_data"])["q"]

    expect(first.shell.locator("#sb-status")).to_have_text(STOPPED)
    first_report = close(first)
    assert written_since(first_report, before) == []      # no value more, as documented
    # tab 1's commits all came before tab 2's; its Terminate, if any, after tab 2 closed
    order = [first_report["data"], second_held]
    if first_report["finished"]:
        order = [second_held, first_report["data"]]
    held = stored_at_terminate(*order)
    final = json.loads(held["cmi.suspend_data"])["q"].get("final", "not there: never opened")
    passed, attempts = final_at_next_launch(
        launch, edition, resumed_from(edition, held),
        held.get("cmi.core.lesson_location" if edition == "1.2" else "cmi.location", ""))
    assert passed, (
        f"the final passed at 100 % in tab 2 is gone: tab 1's Terminate, after tab 2 closed, "
        f"ended a session whose data model holds tab 1's launch-time progress record (final: "
        f"{final!r}), which an LMS that stores the data model at Terminate keeps; the next launch "
        f"shows the final untaken ({attempts!r})")


# ---------------------------------------------------------------- 2. a page opened on its own


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_final_failed_on_a_page_opened_on_its_own_shows_its_result(browser, server, edition: str) -> None:
    """The final assessment's page opened on its own (no launch page, no LMS); the learner
    answers both questions wrong and submits: they are told their score and the pass mark.
    (A context of its own: the page error is this test's finding, named in its assertion.)"""
    own = browser.new_context()
    page = own.new_page()
    errors: List[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.packages[f"minimal-{edition}"].replace("index.html", "pages/final.html"))
    page.get_by_label("Circle").check()
    page.get_by_label("3", exact=True).check()
    page.get_by_role("button", name="Submit answers").click()
    result = page.locator("[data-role=result]")
    with contextlib.suppress(AssertionError):
        expect(result).to_contain_text("Your score: 0%", timeout=3000)
    shown = result.text_content() if result.is_visible() else "(no result shown)"
    own.close()
    assert "You did not reach the pass mark of 50%" in shown and not errors, (
        f"a final failed on a page opened on its own: the learner sees {shown!r}; the page "
        f"threw {errors}")


# ---------------------------------------------------------------- 3. a window that records nothing


# A launch read that decides what is written, refused every time (as a passing LMS fault would):
# the second window is "unread" (Session.blocked) and records nothing.
UNREAD = {"1.2": {"call": "get", "mode": "false", "match": "cmi.core.lesson_status"},
          "2004": {"call": "get", "mode": "false", "match": "cmi.mode"}}


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_window_that_records_nothing_does_not_stop_the_one_that_records(launch, edition: str) -> None:
    """Tab 1 records (start page saved). The learner opens the course again in tab 2, where the
    LMS does not give back a launch value: tab 2 says "Tracking is off for this window" and that
    nothing done there is recorded. Tab 1, which was recording, is stopped by tab 2's claim and
    tells the learner that the other window now records their progress."""
    first = launch("minimal", edition)
    first.at("start")
    expect(first.shell.locator("#sb-status")).to_have_text(SAVED)

    second = launch("minimal", edition, faults=UNREAD[edition])
    second.at("start")
    expect(second.shell.locator("#sb-status")).to_have_text("Tracking is off for this window.")
    expect(second.shell.locator("#sb-alert")).to_contain_text(
        "did not give back your saved progress")
    second_alert = second.shell.locator("#sb-alert").text_content()

    before = len(first.report()["calls"])
    first.next("m1")
    status = settled(first)
    alert = first.shell.locator("#sb-alert")
    told = alert.text_content() if alert.is_visible() else ""
    kept = written_since(first.report(), before)
    second.leave()
    close(first)
    assert status == SAVED and "cmi.suspend_data" in kept, (
        f"tab 1 was recording; tab 2 records nothing ({second_alert!r}), yet tab 1 stopped: its "
        f"status reads {status!r}, its alert {told!r}, and its next page wrote {kept}")


# ---------------------------------------------------------------- 4. a finished course told "not recorded"


def opened_again(edition: str, held: dict) -> dict:
    """What the LMS hands the next launch after the attempt ended (exit "" / "normal"): in 1.2 the
    attempt's status without resume, which the runtime never writes over; in 2004 a new attempt."""
    if edition == "1.2":
        core = held["cmi"]["core"]
        return {"core": {"lesson_status": core["lesson_status"], "score": {"raw": core["score"]["raw"]}}}
    return {}


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_finished_recorded_course_is_not_told_unrecorded_when_opened_again(launch, edition: str) -> None:
    """The learner finishes the course in tab 1 and reads "Course complete. Your result is saved."
    (the LMS accepted everything: lesson_status passed / completion_status completed, exit "" /
    "normal"). They open the course from the LMS again in tab 2 and come back to tab 1's results
    page: it now says the completion is not recorded."""
    first = launch("minimal", edition)
    finish_course(first)
    expect(first.shell.locator("#sb-status")).to_have_text(DONE)
    results = first.course.locator("[data-field=status]")
    expect(results).to_have_text("Complete")
    held = first.report()["data"]
    status_key = ("core", "lesson_status") if edition == "1.2" else ("completion_status",)
    value = held["cmi"]
    for key in status_key:
        value = value[key]
    assert value in ("passed", "completed")

    second = launch("minimal", edition, cmi=opened_again(edition, held))
    second.at("start")
    expect(second.shell.locator("#sb-status")).not_to_have_text(SAVING)

    goto(first, "start")
    goto(first, "completion")
    expect(results).not_to_have_text("")
    told = results.text_content()
    status = settled(first)
    second.leave()
    close(first)
    assert "not recorded" not in told, (
        f"the LMS holds the finished attempt as {value!r} (every value of tab 1 accepted), yet "
        f"after the course was opened again tab 1's results page says {told!r} and its status "
        f"line {status!r}")


# ---------------------------------------------------------------- 5. the author's preview in two tabs


@pytest.fixture
def preview(tmp_path: Path) -> Iterator:
    from scormbuild.author.scaffold import new_course
    from scormbuild.preview.server import PreviewOptions, PreviewServer

    new_course(tmp_path / "course", datetime.date(2026, 12, 1))
    server = PreviewServer(tmp_path / "course", "course", PreviewOptions(port=0), lambda line: None)
    server.start()
    yield server
    server.close()


def test_two_preview_tabs_of_two_editions_both_keep_tracking(context, preview) -> None:
    """The author previews SCORM 1.2 in one tab and SCORM 2004 in another (two simulated LMS
    records). The 1.2 tab stops tracking as soon as the 2004 tab has started, and says the course
    was opened again in another window."""
    tabs = []
    for edition in ("1.2", "2004"):
        page = context.new_page()
        page.goto(f"{preview.url}?edition={edition}")
        expect(page.locator("#pv-session")).to_contain_text("running")
        shell = page.frame_locator("#course")
        expect(shell.locator("#sb-status")).to_have_text(SAVED)
        tabs.append((page, shell))
    page, shell = tabs[0]
    shell.get_by_role("link", name="Why hand hygiene matters").click()
    expect(shell.frame_locator("#sb-content").locator("h1")).to_have_text("Why hand hygiene matters")
    status = shell.locator("#sb-status")
    expect(status).not_to_have_text(SAVING)
    told = status.text_content()
    alert = shell.locator("#sb-alert")
    said = alert.text_content() if alert.is_visible() else ""
    assert told == SAVED, (
        f"the 1.2 preview tab records into its own simulated LMS record, yet after the 2004 tab "
        f"opened it reads {told!r} / {said!r}")


# ---------------------------------------------------------------- 6. a clock set forward during a reload


# Every document made from now on (the reloaded launch page and its pages) sees a clock two hours
# ahead, as after a time-server correction forward; the LMS page, already loaded, keeps its own.
CLOCK_FORWARD = """(() => {
  var Real = Date, ahead = 2 * 3600 * 1000;
  var Shifted = function () {
    var args = arguments.length ? Array.prototype.slice.call(arguments) : [Real.now() + ahead];
    return Reflect.construct(Real, args);
  };
  Shifted.now = function () { return Real.now() + ahead; };
  Shifted.UTC = Real.UTC;
  Shifted.parse = Real.parse;
  Shifted.prototype = Real.prototype;
  window.Date = Shifted;
})();"""


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_clock_set_forward_during_a_reload_is_not_session_time(context, launch, edition: str) -> None:
    """About 3 seconds in the course, with a reload in between during which the computer's clock
    is corrected two hours forward: the session time the LMS is sent is two hours."""
    run = launch("minimal", edition)
    run.at("start")
    run.next("m1")
    run.lms_page.wait_for_timeout(1500)
    context.add_init_script(CLOCK_FORWARD)
    run.reload()
    run.at("m1")
    run.lms_page.wait_for_timeout(1000)
    run.next("m1-one")
    report = run.leave()
    times = session_times(report)
    assert times[-1] < 600, (
        f"about 3 s were spent in the course; the session times sent were {times} (seconds): the "
        f"reload's two-hour clock correction was counted as time in the course")


# ---------------------------------------------------------------- 7. the previous runtime's session record


# The session record the runtime before a6bce36 left on the LMS window at pagehide:
# {startedAt: the date the launch began, ...}, no elapsed, no leftOn.
AS_THE_PREVIOUS_RUNTIME_LEFT_IT = """() => {
  var r = window.__scormbuildLeft;
  r.startedAt = Date.now() - r.elapsed;
  delete r.elapsed; delete r.leftOn; delete r.elsewhere;
}"""


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_session_record_of_the_previous_runtime_keeps_its_session_time(
        launch, server, edition: str) -> None:
    """About 3 seconds in the course; the page unloads (the package was updated in place and the
    learner presses F5), leaving the session record in the previous runtime's form; the new page
    takes the session over. The session time then starts again from 0."""
    run = launch("minimal", edition)
    run.at("start")
    run.next("m1")
    run.lms_page.wait_for_timeout(2000)
    run.lms("document.getElementById('sco').src = 'about:blank'")
    run.lms_page.wait_for_function("window.__scormbuildLeft && !window.__scormbuildLeft.done")
    run.lms(AS_THE_PREVIOUS_RUNTIME_LEFT_IT)
    run.lms("u => { document.getElementById('sco').src = u; }", server.packages[f"minimal-{edition}"])
    run.at("m1")
    run.lms_page.wait_for_timeout(1000)
    run.next("m1-one")
    report = run.leave()
    assert report["initialized"] == 1  # the session was taken over, not started again
    times = session_times(report)
    assert times[-1] >= 3.0, (
        f"about 3 s were spent in the session; the session times sent were {times} (seconds): "
        f"the time before the reload was dropped")
