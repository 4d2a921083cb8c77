"""Tracking when the LMS answers wrong at the worst moment: a failed read at launch, writes refused
just before a reload or a closed window, a value the LMS will never take, a reload of a course
the LMS already holds as passed, a course failed for good in a mode that reports it incomplete,
an answer typed a moment before leaving. Each scenario was first reproduced against the runtime
(every one lost an answer, a score or a status, or told the learner "saved"); each test drives
Chromium as a learner against scorm-again, injects the fault and asserts what the LMS holds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Dict, List

import pytest
from playwright.sync_api import expect

from lms_driver import (assert_clean_calls, halfway_through_the_assessment,
                        knowledge_check_answer_refused, read_lessons)

pytestmark = [pytest.mark.slow, pytest.mark.browser]
REPO = Path(__file__).resolve().parents[2]
MINIMAL = REPO / "tests" / "roots" / "minimal"
EDITIONS = ["1.2", "2004"]
FAILING = "Your progress is not saved"
NUMERIC = """  - id: kc-2
    type: numeric
    prompt: How many millilitres?
    answer: 0.0000001
    tolerance: 0
    rationale: A tenth of a microlitre.
    reference: ref1
    objective: m1-o1
"""



def pass_final(run) -> None:
    run.course.get_by_label("Square").check()
    run.course.get_by_label("2", exact=True).check()
    run.course.get_by_label("4", exact=True).check()
    run.submit()


def fail_final(run) -> None:
    run.course.get_by_label("Circle").check()
    run.course.get_by_label("3", exact=True).check()
    run.submit()


def interactions(data: dict) -> List[dict]:
    found = data["cmi"]["interactions"]
    items = found.values() if isinstance(found, dict) else found
    return [i for i in items if isinstance(i, dict) and i.get("id")]


def resume_cmi(edition: str, data: dict) -> dict:
    """What the LMS hands the next launch after a suspended session."""
    cmi = data["cmi"]
    if edition == "1.2":
        core = cmi["core"]
        return {"suspend_data": cmi["suspend_data"],
                "core": {"lesson_location": core["lesson_location"], "entry": "resume",
                         "lesson_status": core["lesson_status"], "score": core["score"]}}
    return {"suspend_data": cmi["suspend_data"], "location": cmi["location"], "entry": "resume",
            "completion_status": cmi["completion_status"], "score": cmi["score"]}


def writes(report: dict, *elements: str) -> List[List[str]]:
    return [c["args"] for c in report["calls"]
            if c["fn"] in ("LMSSetValue", "SetValue") and c["args"][0] in elements]



# ---------------------------------------------------------------- launch reads


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_launch_read_that_fails_once_is_asked_again(launch, edition: str) -> None:
    run = launch("minimal", edition)
    halfway_through_the_assessment(run)
    first = run.leave()
    again = launch("minimal", edition, cmi=resume_cmi(edition, first["data"]),
                   faults={"call": "get", "mode": "false", "count": 1, "match": "cmi.suspend_data"})
    again.at("final")
    expect(again.course.get_by_label("Square")).to_be_checked()  # the answers in progress are back
    expect(again.shell.locator("#sb-status")).to_have_text("Your progress is saved.")
    report = again.leave()
    record = json.loads(report["data"]["cmi"]["suspend_data"])
    assert record["q"]["m1-check"]["x"] == 1  # the submitted knowledge check is still submitted
    assert report["violations"] == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_launch_read_that_keeps_failing_writes_nothing_over_the_saved_progress(
        launch, edition: str) -> None:
    run = launch("minimal", edition)
    halfway_through_the_assessment(run)
    first = run.leave()
    saved = first["data"]["cmi"]["suspend_data"]
    again = launch("minimal", edition, cmi=resume_cmi(edition, first["data"]),
                   faults={"call": "get", "mode": "false", "match": "cmi.suspend_data"})
    expect(again.shell.locator("#sb-alert")).to_contain_text(
        "did not give back your saved progress (cmi.suspend_data)")
    expect(again.shell.locator("#sb-status")).to_have_text("Tracking is off for this window.")
    again.at("final")  # the bookmark was read; the course itself still works
    again.shell.locator("#sb-toc a[data-page-id='m1']").click()
    again.at("m1")
    report = again.leave()
    assert report["data"]["cmi"]["suspend_data"] == saved
    assert not writes(report, "cmi.suspend_data", "cmi.core.lesson_status", "cmi.completion_status",
                      "cmi.core.lesson_location", "cmi.location")
    exit_element = "cmi.core.exit" if edition == "1.2" else "cmi.exit"
    assert writes(report, exit_element) == [[exit_element, "suspend"]]  # resumable next time


def test_a_failed_status_read_does_not_downgrade_a_passed_course(launch) -> None:
    run = launch("minimal", "1.2", cmi={"core": {"lesson_status": "passed", "score": {"raw": "100"}}},
                 faults={"call": "get", "mode": "false", "count": 1, "match": "cmi.core.lesson_status"})
    run.at("start")
    run.next("m1")
    report = run.leave()
    assert report["data"]["cmi"]["core"]["lesson_status"] == "passed"
    assert not writes(report, "cmi.core.lesson_status", "cmi.core.score.raw")


# ---------------------------------------------------------------- reloads


def test_a_passed_course_opened_again_and_reloaded_stays_passed(launch) -> None:
    """SCORM 1.2 never downgrades a course the LMS holds as passed when it is opened again (not
    resumed); a reload takes the session over and must keep that rule."""
    run = launch("minimal", "1.2", mode="window",
                 cmi={"core": {"lesson_status": "passed", "score": {"raw": "100"}}})
    run.at("start")
    run.next("m1")
    run.reload()
    run.at("m1")
    report = run.leave()
    assert report["data"]["cmi"]["core"]["lesson_status"] == "passed"
    assert report["data"]["cmi"]["core"]["score"]["raw"] == "100"
    assert not writes(report, "cmi.core.lesson_status", "cmi.core.score.raw")
    assert report["initialized"] == 1


@pytest.mark.parametrize("edition", EDITIONS)
def test_answers_refused_before_a_reload_reach_the_lms_after_it(launch, edition: str) -> None:
    run = launch("minimal", edition, mode="window")
    knowledge_check_answer_refused(run)
    run.reload()  # the reloaded page takes over the session and what it had not yet written
    run.at("m1-check")
    expect(run.shell.locator("#sb-alert")).to_contain_text(FAILING)  # still not written
    run.lms("() => lms.recover()")
    run.next("final")  # the next save writes it
    expect(run.shell.locator("#sb-status")).to_have_text("Your progress is saved.")
    expect(run.shell.locator("#sb-alert")).to_be_hidden()
    report = run.leave()
    records = {r["id"]: r for r in interactions(report["data"])}
    assert list(records) == ["m1-check.kc-1"]
    assert records["m1-check.kc-1"]["result"] == "correct"
    assert len([c for c in report["calls"] if c["fn"] in ("LMSInitialize", "Initialize")]) == 1
    assert report["violations"] == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_score_refused_before_the_window_closed_reaches_the_lms_at_the_next_launch(
        launch, edition: str) -> None:
    run = launch("minimal", edition)
    read_lessons(run)
    run.next("final")
    run.lms("f => lms.fail(f)", {"call": "set", "mode": "false",
                                 "match": "cmi.core.score" if edition == "1.2" else "cmi.score"})
    pass_final(run)
    expect(run.shell.locator("#sb-alert")).to_contain_text(FAILING)  # the learner was told
    first = run.leave()  # the window is closed while the LMS still refuses the score
    score = first["data"]["cmi"]["core"]["score"] if edition == "1.2" else first["data"]["cmi"]["score"]
    assert score["raw"] in ("", None)
    again = launch("minimal", edition, cmi=resume_cmi(edition, first["data"]))
    again.at("final")
    expect(again.shell.locator("#sb-status")).to_have_text("Your progress is saved.")
    report = again.leave()
    cmi = report["data"]["cmi"]
    if edition == "1.2":  # passed, but `incomplete` until the survey is done (passed-incomplete)
        assert (cmi["core"]["score"]["raw"], cmi["core"]["lesson_status"]) == ("100", "incomplete")
    else:
        assert (cmi["score"]["raw"], cmi["score"]["scaled"], cmi["success_status"]) == \
            ("100", "1", "passed")
    assert_clean_calls(report)


# ---------------------------------------------------------------- values the LMS refuses


def test_a_value_the_lms_never_takes_does_not_hold_back_later_answers(launch) -> None:
    run = launch("minimal", "2004")
    read_lessons(run)
    run.lms("f => lms.fail(f)", {"call": "set", "mode": "false", "match": "cmi.interactions.0.result"})
    run.course.get_by_label("True").check()
    run.submit()
    run.next("final")
    pass_final(run)
    expect(run.course.get_by_text("Your score: 100%")).to_be_visible()
    expect(run.shell.locator("#sb-alert")).to_contain_text(FAILING)  # honest: one value is missing
    report = run.leave()
    records = {r["id"]: r for r in interactions(report["data"])}
    assert set(records) == {"m1-check.kc-1", "final.fa-1", "final.fa-2"}
    assert all(records[i]["result"] == "correct" for i in ("final.fa-1", "final.fa-2"))
    assert report["data"]["cmi"]["success_status"] == "passed"


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_tiny_number_is_written_as_a_decimal(launch, server, tmp_path: Path,
                                               edition: str) -> None:
    """String(0.0000001) is "1e-7": no SCORM decimal, refused by a 2004 LMS for good."""
    source = tmp_path / "course"
    shutil.copytree(MINIMAL, source)
    check = source / "lessons" / "check.yaml"
    check.write_text(check.read_text(encoding="utf-8") + NUMERIC, encoding="utf-8")
    server.add("tiny", source)
    run = launch("tiny", edition)
    run.at("start")
    run.shell.locator("#sb-toc a[data-page-id='m1-check']").click()
    run.at("m1-check")
    run.course.get_by_label("True").check()
    run.course.get_by_role("textbox").fill("0.0000001")
    run.submit()
    expect(run.shell.locator("#sb-status")).to_have_text("Your progress is saved.")
    report = run.leave()
    records = {r["id"]: r for r in interactions(report["data"])}
    response = "student_response" if edition == "1.2" else "learner_response"
    assert records["m1-check.kc-2"][response] == "0.0000001"
    assert records["m1-check.kc-2"]["result"] == "correct"
    assert_clean_calls(report)


def test_a_comment_with_line_breaks_is_recorded(launch) -> None:
    run = launch("minimal", "2004")
    run.at("start")
    run.shell.locator("#sb-toc a[data-page-id='survey']").click()
    run.at("survey")
    run.course.get_by_label("Agree", exact=True).check()
    run.course.get_by_label("Your comments (optional)").fill("Useful.\nThanks.\r\n\nMore cases, please.")
    run.submit("Submit survey")
    expect(run.shell.locator("#sb-status")).to_have_text("Your progress is saved.")
    report = run.leave()
    records = {r["id"]: r for r in interactions(report["data"])}
    assert records["survey.sv-2"]["learner_response"] == "Useful. Thanks. More cases, please."


# ---------------------------------------------------------------- a course failed for good


def test_a_failed_course_reported_incomplete_stays_resumable(launch) -> None:
    """SCORM 1.2 `passed-incomplete` (the default): a learner who fails every attempt is
    `incomplete` in the LMS; the session must stay suspended (so the attempts used still count
    next time) and the learner must not read "Course complete"."""
    run = launch("minimal", "1.2")
    read_lessons(run)
    run.next("final")
    fail_final(run)
    run.course.get_by_role("button", name="Try again").click()
    fail_final(run)
    expect(run.course.get_by_text("You have no attempts left.")).to_be_visible()
    run.next("survey")
    run.course.get_by_label("Agree", exact=True).check()
    run.submit("Submit survey")
    run.next("completion")
    expect(run.shell.locator("#sb-status")).to_have_text("Your progress is saved.")
    expect(run.course.locator("[data-field=status]")).to_have_text(
        "Not complete: final assessment not passed, no attempts left")
    expect(run.course.locator("[data-field=todo]")).to_contain_text("new attempt")
    report = run.leave()
    values: Dict[str, str] = report["values"]
    assert (values["cmi.core.lesson_status"], values["cmi.core.exit"]) == ("incomplete", "suspend")
    again = launch("minimal", "1.2", cmi=resume_cmi("1.2", report["data"]))
    again.at("completion")
    again.shell.locator("#sb-toc a[data-page-id='final']").click()
    again.at("final")
    expect(again.course.get_by_text("You have no attempts left.")).to_be_visible()
    assert_clean_calls(again.leave())


# ---------------------------------------------------------------- leaving while typing


@pytest.mark.parametrize("edition", EDITIONS)
def test_an_answer_typed_just_before_leaving_is_saved(launch, server, tmp_path: Path,
                                                      edition: str) -> None:
    source = tmp_path / "course"
    shutil.copytree(MINIMAL, source)
    check = source / "lessons" / "check.yaml"
    check.write_text(check.read_text(encoding="utf-8") + NUMERIC.replace("0.0000001", "5"),
                     encoding="utf-8")
    server.add("typing", source)
    run = launch("typing", edition, mode="window")
    run.at("start")
    run.shell.locator("#sb-toc a[data-page-id='m1-check']").click()
    run.at("m1-check")
    run.course.get_by_role("textbox").fill("5")  # and the window closes at once
    report = run.leave()
    record = json.loads(report["data"]["cmi"]["suspend_data"])
    assert "5" in [str(v) for v in record["q"]["m1-check"]["a"].values()]


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_retake_while_the_first_record_is_refused_leaves_one_record(launch, edition: str) -> None:
    run = launch("minimal", edition)
    read_lessons(run)
    run.lms("f => lms.fail(f)", {"call": "set", "mode": "false", "match": "cmi.interactions"})
    run.course.get_by_label("False").check()
    run.submit()
    run.course.get_by_role("button", name="Try again").click()
    run.course.get_by_label("True").check()
    run.submit()
    expect(run.shell.locator("#sb-alert")).to_contain_text(FAILING)
    run.lms("() => lms.recover()")
    run.next("final")
    expect(run.shell.locator("#sb-status")).to_have_text("Your progress is saved.")
    report = run.leave()
    records = interactions(report["data"])
    assert [(r["id"], r["result"]) for r in records] == [("m1-check.kc-1", "correct")]
    assert report["violations"] == []
