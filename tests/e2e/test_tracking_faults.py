"""Tracking under everyday faults: reloads, failing LMS calls, lost saves, closed windows, course
updates, LMS-seeded pass marks and idle learners. Each test drives the course as a learner in
Chromium against scorm-again, injects the fault into the test LMS and asserts what the LMS
finally holds and what the learner was told."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lms_driver import assert_clean_calls, halfway_through_the_assessment, read_lessons, goto

pytestmark = [pytest.mark.slow, pytest.mark.browser]
REPO = Path(__file__).resolve().parents[2]
MINIMAL = REPO / "tests" / "roots" / "minimal"
EDITIONS = ["1.2", "2004"]
LOCATION = {"1.2": "cmi.core.lesson_location", "2004": "cmi.location"}
FAILING = "Your progress is not saved"


def interactions(data: dict) -> list:
    found = data["cmi"]["interactions"]
    items = found.values() if isinstance(found, dict) else found
    return [i for i in items if isinstance(i, dict) and i.get("id")]


def status_of(edition: str, values: dict) -> tuple:
    if edition == "1.2":
        return (values.get("cmi.core.lesson_status"),)
    return values.get("cmi.completion_status"), values.get("cmi.success_status")


def persisted_resume(edition: str, data: dict) -> dict:
    """What an LMS hands back at the next launch: only what it persisted (the last commit)."""
    cmi = data["cmi"]
    if edition == "1.2":
        core = cmi["core"]
        return {"suspend_data": cmi["suspend_data"],
                "core": {"lesson_location": core["lesson_location"], "entry": "resume",
                         "lesson_status": core["lesson_status"]}}
    return {"suspend_data": cmi["suspend_data"], "location": cmi["location"], "entry": "resume",
            "completion_status": cmi["completion_status"]}


def saved_state(values: dict) -> dict:
    return json.loads(values["cmi.suspend_data"])


def finish_course(run) -> None:
    """From the final assessment page: pass it, fill the survey, reach the completion page."""
    c = run.course
    c.get_by_label("Square").check()
    c.get_by_label("2", exact=True).check()
    c.get_by_label("4", exact=True).check()
    run.submit()
    expect(c.get_by_text("Your score: 100%")).to_be_visible()
    run.next("survey")
    c.get_by_label("Agree", exact=True).check()
    run.submit("Submit survey")
    expect(c.get_by_text("Thank you")).to_be_visible()
    run.next("completion")


# ---------------------------------------------------------------- reloads

@pytest.mark.parametrize("mode", ["frame", "window"])
@pytest.mark.parametrize("edition", EDITIONS)
def test_reload_mid_assessment_keeps_the_session_bookmark_and_answers(launch, edition, mode):
    run = launch("minimal", edition, mode=mode)
    halfway_through_the_assessment(run)
    run.reload()
    run.at("final")                                   # the bookmark, not the start page
    expect(run.course.get_by_label("Square")).to_be_checked()
    expect(run.course.get_by_label("4", exact=True)).to_be_checked()
    expect(run.shell.locator("#sb-status")).to_have_text("Your progress is saved.")
    run.course.get_by_label("2", exact=True).check()
    run.submit()
    expect(run.course.get_by_text("Your score: 100%")).to_be_visible()
    report = run.leave()
    assert_clean_calls(report)                        # one Initialize, one Terminate in all
    assert [r["id"] for r in interactions(report["data"])] == ["m1-check.kc-1", "final.fa-1", "final.fa-2"]
    values = report["values"]
    assert values[LOCATION[edition]] == "final"
    assert status_of(edition, values) == (("incomplete",) if edition == "1.2" else ("incomplete", "passed"))


@pytest.mark.parametrize("edition", EDITIONS)
def test_reload_after_the_session_ended_says_so_and_records_nothing(launch, edition):
    run = launch("minimal", edition, mode="window")
    run.at("start")
    run.next("m1")
    url = run.shell.url
    run.shell.goto("about:blank")                     # a restored tab, long after leaving
    run.lms_page.wait_for_function("lms.finished", timeout=5000)
    run.shell.goto(url)
    alert = run.shell.locator("#sb-alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("did not open a session for this window")
    expect(alert).to_contain_text("Close this window and launch the course again")
    expect(alert).to_contain_text("Your progress up to “The only module” was saved.")
    expect(run.shell.locator("#sb-status")).not_to_contain_text("no learning management system")
    goto(run, "completion")
    expect(run.course.locator("[data-field=status]")).to_contain_text("not recorded")
    report = run.report()
    refused = [c for c in report["calls"] if c["fn"] in ("LMSInitialize", "Initialize")]
    assert [c["ret"] for c in refused] == ["true", "false"]
    assert report["violations"] == [f"call after {'LMSFinish' if edition == '1.2' else 'Terminate'}: "
                                    f"{refused[1]['fn']} "]
    assert report["values"][LOCATION[edition]] == "m1"


# ---------------------------------------------------------------- failing calls

@pytest.mark.parametrize("how", ["false", "throw"])
@pytest.mark.parametrize("edition", EDITIONS)
def test_setvalue_failing_for_a_while_loses_no_answer(launch, edition, how):
    run = launch("minimal", edition)
    read_lessons(run)
    run.lms("f => lms.fail(f)", {"call": "set", "mode": how})
    run.course.get_by_label("True").check()
    run.submit()
    expect(run.shell.locator("#sb-alert")).to_contain_text(FAILING)
    run.next("final")
    run.course.get_by_label("Square").check()
    run.course.get_by_label("3", exact=True).check()
    run.submit()                                       # 50%: the pass mark exactly
    expect(run.shell.locator("#sb-alert")).to_contain_text(FAILING)
    run.lms("() => lms.recover()")
    run.next("survey")                                 # the next save replays everything, in order
    expect(run.shell.locator("#sb-alert")).to_be_hidden()
    run.course.get_by_label("Agree", exact=True).check()
    run.submit("Submit survey")
    run.next("completion")
    expect(run.course.locator("[data-field=status]")).to_have_text("Complete")
    report = run.leave()
    records = interactions(report["data"])
    assert [r["id"] for r in records] == ["m1-check.kc-1", "final.fa-1", "final.fa-2", "survey.sv-1"]
    response = "student_response" if edition == "1.2" else "learner_response"
    expected = ["t", "a", "b"] if edition == "1.2" else ["true", "a", "b"]
    assert [r[response] for r in records[:3]] == expected
    assert report["violations"] == []
    passed = ("passed",) if edition == "1.2" else ("completed", "passed")
    assert status_of(edition, report["values"]) == passed


@pytest.mark.parametrize("how", ["false", "throw"])
@pytest.mark.parametrize("edition", EDITIONS)
def test_commit_failing_shows_a_warning_until_a_save_is_accepted(launch, edition, how):
    run = launch("minimal", edition)
    run.at("start")
    run.lms("f => lms.fail(f)", {"call": "commit", "mode": how})
    run.next("m1")
    alert = run.shell.locator("#sb-alert")
    expect(alert).to_contain_text(FAILING)
    expect(alert).to_have_attribute("role", "alert")
    run.next("m1-one")
    expect(alert).to_contain_text(FAILING)             # stays while saves keep failing
    goto(run, "completion")
    expect(run.course.locator("[data-field=status]")).to_have_text(
        "Not yet complete – not yet recorded by your learning management system")
    run.lms("() => lms.recover()")
    goto(run, "m1-two")
    expect(alert).to_be_hidden()
    expect(run.shell.locator("#sb-status")).to_have_text("Your progress is saved.")
    report = run.leave()
    assert report["violations"] == []
    assert report["values"][LOCATION[edition]] == "m1-two"
    assert report["data"]["cmi"]["suspend_data"] == report["values"]["cmi.suspend_data"]


def test_session_ended_by_the_lms_says_so_and_stops_retrying(launch):
    """The LMS ends the session itself (a time-out): the learner is told to relaunch, with the
    page their progress was saved up to, never "saved" and never "tries again". SCORM 2004 only
    here: scorm-again's 1.2 API answers a general 101 after LMSFinish, where Moodle's 1.2 player
    answers 301 ("not initialized"), the code the 1.2 adapter recognises."""
    run = launch("minimal", "2004")
    run.at("start")
    run.next("m1")
    run.next("m1-one")
    run.lms("() => lms.endSession()")
    run.next("m1-two")                                   # this save is refused: 133, 143
    alert = run.shell.locator("#sb-alert")
    expect(alert).to_contain_text("Your learning management system has ended this session")
    expect(alert).to_contain_text("Close this window and launch the course again")
    expect(alert).to_contain_text("Your progress up to “Lesson one” was saved.")
    expect(alert).not_to_contain_text("tries again")
    expect(run.shell.locator("#sb-status")).to_have_text("Tracking has stopped for this window.")
    goto(run, "completion")
    expect(run.course.locator("[data-field=status]")).to_have_text(
        "Not yet complete – not recorded: your learning management system ended this session")
    calls = len(run.report()["calls"])
    run.lms_page.wait_for_timeout(6000)                  # past the first retry (5 s): none made
    goto(run, "m1-two")                                  # nor when the learner moves on
    report = run.report()
    assert len(report["calls"]) == calls
    assert report["values"]["cmi.location"] == "m1-one"
    refused = [c["error"] for c in report["calls"] if c["fn"] in ("SetValue", "Commit")
               and c["ret"] == "false"]
    assert refused and set(refused) <= {"133", "143"}


def test_a_failed_save_is_retried_without_any_learner_action(launch):
    run = launch("minimal", "2004")
    run.at("start")
    run.lms("f => lms.fail(f)", {"call": "commit", "mode": "false", "count": 1})
    run.next("m1")
    expect(run.shell.locator("#sb-alert")).to_contain_text(FAILING)
    expect(run.shell.locator("#sb-alert")).to_be_hidden(timeout=9000)   # the retry 5 s later
    assert run.report()["data"]["cmi"]["location"] == "m1"


# ---------------------------------------------------------------- lost saves and closed windows

@pytest.mark.parametrize("edition", EDITIONS)
def test_an_lms_that_persists_nothing_never_gets_a_wrong_status(launch, edition):
    run = launch("minimal", edition)
    read_lessons(run)
    run.course.get_by_label("True").check()
    run.submit()
    run.next("final")
    run.lms("() => { lms.persist = false; }")           # commits say true, nothing is stored
    finish_course(run)
    report = run.leave()
    again = launch("minimal", edition, cmi=persisted_resume(edition, report["data"]))
    again.at("final")                                   # the last bookmark the LMS really kept
    expect(again.course.get_by_label("Square")).not_to_be_checked()
    goto(again, "m1-check")
    expect(again.course.get_by_text("Correct.", exact=True)).to_be_visible()
    goto(again, "final")
    finish_course(again)
    expect(again.course.locator("[data-field=status]")).to_have_text("Complete")
    report = again.leave()
    assert_clean_calls(report)
    passed = ("passed",) if edition == "1.2" else ("completed", "passed")
    assert status_of(edition, report["values"]) == passed


@pytest.mark.parametrize("edition", EDITIONS)
def test_window_closed_mid_assessment_keeps_the_answers(launch, edition):
    run = launch("minimal", edition, mode="window")
    run.at("start")
    goto(run, "final")
    run.course.get_by_label("Square").check()
    run.course.get_by_label("4", exact=True).check()
    report = run.leave()                                # closed at once, before any delayed save
    assert_clean_calls(report)
    again = launch("minimal", edition, cmi=persisted_resume(edition, report["data"]))
    again.at("final")
    expect(again.course.get_by_label("Square")).to_be_checked()
    expect(again.course.get_by_label("4", exact=True)).to_be_checked()
    assert_clean_calls(again.leave())


@pytest.mark.parametrize("edition", EDITIONS)
def test_answers_in_progress_are_saved_within_seconds(launch, edition):
    run = launch("minimal", edition)
    run.at("start")
    goto(run, "final")
    before = run.report()["commits"]
    run.course.get_by_label("Square").check()
    run.course.get_by_label("4", exact=True).check()
    run.lms_page.wait_for_function(f"lms.commits.length > {before}", timeout=6000)
    data = run.report()["data"]
    state = json.loads(data["cmi"]["suspend_data"])
    assert len(state["q"]["final"]["a"]) == 2
    assert run.report()["commits"] == before + 1        # two changes, one commit


# ---------------------------------------------------------------- course updates

def edit_course(root: Path) -> None:
    """A rebuilt course: a lesson added, one removed, the final's questions reordered and one
    of them given another choice."""
    module = root / "lessons" / "module.yaml"
    module.write_text(module.read_text().replace("  - two.md\n", "  - three.md\n"), encoding="utf-8")
    (root / "lessons" / "two.md").unlink()
    one = root / "lessons" / "one.md"
    text = one.read_text().replace("[lesson two](two.md)", "[lesson three](three.md)")
    one.write_text(text, encoding="utf-8")
    three = "---\ntitle: Lesson three\n---\n\nNew text.\n"
    (root / "lessons" / "three.md").write_text(three, encoding="utf-8")
    final = (root / "final.yaml").read_text(encoding="utf-8")
    head, fa1, fa2 = final.split("  - id: ")
    circle = "      - {id: b, text: Circle}\n"
    fa1 = fa1.replace(circle, circle + "      - {id: c, text: Triangle}\n")
    (root / "final.yaml").write_text(head + "  - id: " + fa2 + "  - id: " + fa1, encoding="utf-8")


@pytest.mark.parametrize("edition", EDITIONS)
def test_resume_after_a_rebuild_keeps_what_still_applies(launch, server, tmp_path, edition):
    source = tmp_path / "course"
    shutil.copytree(MINIMAL, source)
    server.add("before", source)
    run = launch("before", edition)
    halfway_through_the_assessment(run)
    report = run.leave()
    edit_course(source)
    server.add("after", source)
    again = launch("after", edition, cmi=persisted_resume(edition, report["data"]))
    again.at("final")
    expect(again.course.get_by_label("Square")).not_to_be_checked()   # its choices changed
    expect(again.course.get_by_label("4", exact=True)).to_be_checked()  # unchanged: kept
    toc = again.shell.locator("#sb-toc")
    expect(toc.get_by_role("link", name="Lesson one")).to_contain_text("(viewed)")
    expect(toc.get_by_role("link", name="Lesson three")).not_to_contain_text("(viewed)")
    goto(again, "m1-check")
    expect(again.course.get_by_text("Correct.", exact=True)).to_be_visible()
    report = again.leave()
    assert_clean_calls(report)
    state = saved_state(report["values"])
    assert state["v"] == 2 and state["q"]["m1-check"]["x"] == 1


# ---------------------------------------------------------------- pass mark and keep-alive

@pytest.mark.parametrize("edition", EDITIONS)
def test_resume_from_pages_saved_as_a_bitmap(launch, edition):
    """A large course's record keeps its pages as a bitmap of the page order (past 80% of the
    limit): a resume marks exactly those pages viewed and keeps the answers."""
    from scormbuild.load.course_loader import load_course
    from scormbuild.render import plan, suspend_budget
    from paths import MINIMAL

    data = plan.course_data(load_course(MINIMAL, None, False)[0])
    ids = [p["id"] for p in data["pages"]]
    viewed = ids[:4]
    record = {"v": 2, "f": data["fingerprint"], "b": suspend_budget.bitmap(
        [i in viewed for i in ids]), "g": data["pagesFingerprint"],
        "q": {"m1-check": {"n": 1, "k": 7, "x": 1, "c": 100}}, "d": ""}
    cmi = persisted_resume(edition, {"cmi": {
        "suspend_data": json.dumps(record), "location": "m1-two",
        "core": {"lesson_location": "m1-two", "lesson_status": "incomplete"},
        "completion_status": "incomplete"}})
    run = launch("minimal", edition, cmi=cmi)
    run.at("m1-two")
    marked = [i for i in ids if "is-viewed" in (run.shell.locator(
        f"#sb-toc a[data-page-id='{i}']").locator("xpath=..").get_attribute("class") or "")]
    assert marked == viewed
    saved = saved_state(run.leave()["values"])
    assert saved["q"]["m1-check"]["x"] == 1 and saved["q"]["m1-check"]["c"] == 100
    assert "p" in saved                                  # small again: written with keys


@pytest.mark.parametrize("edition", EDITIONS)
def test_pass_mark_seeded_from_the_manifest_passes_a_passing_learner(launch, edition):
    """Moodle seeds the LMS pass mark from the manifest; the course's own mark must come out."""
    seeded = {"1.2": {"student_data": {"mastery_score": "50"}}, "2004": {"scaled_passing_score": "0.5"}}
    run = launch("minimal", edition, cmi=seeded[edition])
    run.at("start")
    goto(run, "final")
    run.course.get_by_label("Square").check()
    run.course.get_by_label("3", exact=True).check()
    run.submit()
    expect(run.course.get_by_text("Your score: 50%. You passed (pass mark 50%).")).to_be_visible()
    report = run.leave()
    if edition == "2004":
        assert report["values"]["cmi.success_status"] == "passed"


@pytest.mark.parametrize("edition", EDITIONS)
def test_keep_alive_saves_while_the_learner_reads(launch, server, tmp_path, edition):
    source = tmp_path / "course"
    shutil.copytree(MINIMAL, source)
    course = source / "course.yaml"
    course.write_text(course.read_text() + "tracking:\n  keep_alive_minutes: 0.05\n", encoding="utf-8")
    server.add("keepalive", source)
    run = launch("keepalive", edition)
    run.at("start")
    run.next("m1")
    before = run.report()["commits"]
    run.lms_page.wait_for_timeout(7000)                 # reading, no navigation: 3-second keep-alive
    report = run.report()
    assert report["commits"] >= before + 2
    times = [c["args"][1] for c in report["calls"] if c["args"] and c["args"][0].endswith("session_time")]
    assert len(set(times)) == len(times)                # each one later than the one before
    assert_clean_calls(run.leave())
