"""A learner takes the sample course in a real browser; the scorm-again LMS must hold the result."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from lms_driver import assert_clean_calls

pytestmark = [pytest.mark.slow, pytest.mark.browser]
EDITIONS = ["1.2", "2004"]
NAME = {"1.2": {"core": {"student_name": "Doe, Jane"}}, "2004": {"learner_name": "Jane Doe"}}


def read_lessons(run) -> None:
    run.at("start")
    run.next("m1")
    run.next("m1-one")
    run.next("m1-two")
    run.next("m1-check")


def knowledge_check(run) -> None:
    run.course.get_by_label("True").check()
    run.submit()
    expect(run.course.get_by_text("Correct.", exact=True)).to_be_visible()
    expect(run.course.get_by_text("Rayleigh scattering.")).to_be_visible()


def final(run, right: bool) -> None:
    c = run.course
    c.get_by_label("Square" if right else "Circle").check()
    for label in (["2", "4"] if right else ["3"]):
        c.get_by_label(label, exact=True).check()
    run.submit()


def survey(run) -> None:
    run.course.get_by_label("Agree", exact=True).check()
    run.course.get_by_label("Your comments (optional)").fill("Useful, thanks.")
    run.submit("Submit survey")
    expect(run.course.get_by_text("Thank you")).to_be_visible()


def interactions(report: dict) -> list:
    found = report["data"]["cmi"]["interactions"]
    items = found.values() if isinstance(found, dict) else found
    return [i for i in items if isinstance(i, dict) and i.get("id")]


def core(report: dict) -> dict:
    cmi = report["data"]["cmi"]
    return cmi.get("core", cmi)


@pytest.mark.parametrize("edition", EDITIONS)
def test_full_pass(launch, edition):
    run = launch("minimal", edition, cmi=NAME[edition])
    read_lessons(run)
    knowledge_check(run)
    run.next("final")
    final(run, right=True)
    expect(run.course.get_by_text("Your score: 100%")).to_be_visible()
    run.next("survey")
    survey(run)
    run.next("completion")
    expect(run.course.get_by_text("Doe, Jane" if edition == "1.2" else "Jane Doe")).to_be_visible()
    expect(run.course.locator("[data-field=score]")).to_have_text("100% (pass mark 50%)")
    expect(run.course.locator("[data-field=status]")).to_have_text("Complete")
    report = run.leave(stay=True)  # the LMS stays on its page: the session ends after the grace
    assert_clean_calls(report)
    cmi = report["data"]["cmi"]
    records = interactions(report)
    assert [r["id"] for r in records] == ["m1-check.kc-1", "final.fa-1", "final.fa-2",
                                          "survey.sv-1", "survey.sv-2"]
    if edition == "1.2":
        assert cmi["core"]["lesson_status"] == "passed"
        assert cmi["core"]["score"] == {"raw": "100", "min": "0", "max": "100"}
        assert cmi["core"]["exit"] == ""
        fa2 = records[2]
        assert (fa2["type"], fa2["student_response"], fa2["result"]) == ("choice", "a,c", "correct")
        assert fa2["correct_responses"]["0"]["pattern"] == "a,c"
        assert records[0]["student_response"] == "t"
    else:
        assert (cmi["completion_status"], cmi["success_status"]) == ("completed", "passed")
        assert cmi["score"]["scaled"] == "1" and cmi["score"]["raw"] == "100"
        assert cmi["progress_measure"] == "1"
        assert cmi["exit"] == "normal"
        fa2 = records[2]
        assert (fa2["type"], fa2["learner_response"], fa2["result"]) == ("choice", "a[,]c", "correct")
        assert fa2["correct_responses"]["0"]["pattern"] == "a[,]c"
        assert fa2.get("description", "") == ""   # descriptions only with tracking.interaction_descriptions
        assert fa2["objectives"]["0"]["id"] == "lo1"
        assert records[3].get("result", "") == ""          # a survey answer is neither right nor wrong


@pytest.mark.parametrize("edition", EDITIONS)
def test_fail_then_retake_then_pass(launch, edition):
    run = launch("minimal", edition)
    read_lessons(run)
    run.next("final")
    final(run, right=False)
    expect(run.course.get_by_text("Your score: 0%")).to_be_visible()
    expect(run.course.get_by_text("Attempts used: 1 of 2.")).to_be_visible()
    status = run.report()["values"]
    if edition == "1.2":
        assert status["cmi.core.lesson_status"] == "incomplete"   # default passed-incomplete mode
        assert status["cmi.core.score.raw"] == "0"
    else:
        assert status["cmi.success_status"] == "failed"
        assert status["cmi.completion_status"] == "incomplete"
    run.course.get_by_role("button", name="Try again").click()
    expect(run.course.get_by_label("Square")).not_to_be_checked()
    final(run, right=True)
    expect(run.course.get_by_text("Your score: 100%")).to_be_visible()
    expect(run.course.get_by_role("button", name="Try again")).to_be_hidden()
    report = run.leave()
    assert_clean_calls(report)
    results = [(r["id"], r["result"]) for r in interactions(report)]
    # one record per question: the retake overwrote the first attempt's
    assert results == [("final.fa-1", "correct"), ("final.fa-2", "correct")]
    values = report["values"]
    if edition == "1.2":
        assert values["cmi.core.score.raw"] == "100"
        assert values["cmi.core.lesson_status"] == "incomplete"  # survey still required
        assert values["cmi.core.exit"] == "suspend"
    else:
        assert values["cmi.success_status"] == "passed"
        assert values["cmi.completion_status"] == "incomplete"
        assert values["cmi.exit"] == "suspend"


def resume_data(edition: str, report: dict) -> dict:
    """What an LMS hands back on the next launch after exit=suspend."""
    values = report["values"]
    if edition == "1.2":
        assert values["cmi.core.exit"] == "suspend"
        return {"suspend_data": values["cmi.suspend_data"],
                "core": {"lesson_location": values["cmi.core.lesson_location"], "entry": "resume",
                         "lesson_status": values["cmi.core.lesson_status"]}}
    assert values["cmi.exit"] == "suspend"
    return {"suspend_data": values["cmi.suspend_data"], "location": values["cmi.location"],
            "entry": "resume", "completion_status": values["cmi.completion_status"]}


@pytest.mark.parametrize("edition", EDITIONS)
def test_leave_and_resume_with_answers_restored(launch, edition, packages):
    run = launch("minimal", edition)
    read_lessons(run)
    knowledge_check(run)
    run.next("final")
    run.course.get_by_label("Square").check()
    run.course.get_by_label("4", exact=True).check()
    report = run.leave()
    assert_clean_calls(report)
    saved = json.loads(report["values"]["cmi.suspend_data"])
    assert (saved["v"], len(saved["p"]), saved["q"]["m1-check"]["x"]) == (2, 6 * 4, 1)  # six pages viewed

    again = launch("minimal", edition, cmi=resume_data(edition, report))
    again.at("final")
    expect(again.course.get_by_label("Square")).to_be_checked()
    expect(again.course.get_by_label("4", exact=True)).to_be_checked()
    expect(again.course.get_by_label("2", exact=True)).not_to_be_checked()
    again.course.get_by_label("2", exact=True).check()
    again.submit()
    expect(again.course.get_by_text("Your score: 100%")).to_be_visible()
    again.course.get_by_role("link", name="Knowledge check").first.click()  # the table of contents
    again.at("m1-check")
    expect(again.course.get_by_text("Correct.", exact=True)).to_be_visible()  # submitted before leaving
    report = again.leave()
    assert_clean_calls(report)


@pytest.mark.parametrize("edition", EDITIONS)
def test_launch_in_new_window(launch, edition):
    run = launch("minimal", edition, mode="window")
    run.at("start")
    run.next("m1")
    run.next("m1-one")
    report = run.leave(stay=True)  # the LMS stays on its page: the session ends after the grace
    assert_clean_calls(report)
    location = "cmi.core.lesson_location" if edition == "1.2" else "cmi.location"
    assert report["values"][location] == "m1-one"


@pytest.mark.parametrize("edition", EDITIONS)
def test_passing_score_from_the_lms_wins(launch, edition):
    mastery = {"1.2": {"student_data": {"mastery_score": "90"}}, "2004": {"scaled_passing_score": "0.9"}}
    run = launch("minimal", edition, cmi=mastery[edition])
    run.at("start")
    run.shell.get_by_role("link", name="Final assessment").click()
    run.at("final")
    run.course.get_by_label("Square").check()
    run.course.get_by_label("3", exact=True).check()
    run.submit()
    expect(run.course.get_by_text("Your score: 50%. You did not reach the pass mark of 90%.")).to_be_visible()
    report = run.leave()
    assert_clean_calls(report)
    if edition == "2004":
        assert report["values"]["cmi.success_status"] == "failed"


def test_works_without_an_lms(context, server):
    page = context.new_page()
    page.goto(server.packages["minimal-1.2"])
    expect(page.locator("#sb-status")).to_contain_text("Tracking is off")
    course = page.frame_locator("#sb-content")
    page.get_by_role("link", name="Knowledge check").click()
    course.locator("body[data-page-id='m1-check']").wait_for()
    course.get_by_label("False").check()
    course.get_by_role("button", name="Submit answers").click()
    expect(course.get_by_text("Incorrect.", exact=True)).to_be_visible()


def test_a_page_opened_on_its_own_works(context, server):
    page = context.new_page()
    page.goto(server.packages["minimal-2004"].replace("index.html", "pages/final.html"))
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("alert")).to_contain_text("Please answer Question 1")
    page.get_by_label("Square").check()
    page.get_by_label("2", exact=True).check()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_text("Your score: 50%")).to_be_visible()


def test_a_finished_scorm12_course_opened_again_is_not_downgraded(launch):
    run = launch("minimal", "1.2", cmi={"core": {"lesson_status": "passed"}})
    run.at("start")
    run.next("m1")
    report = run.leave()
    assert_clean_calls(report)
    assert "cmi.core.lesson_status" not in report["values"]
    assert report["data"]["cmi"]["core"]["lesson_status"] == "passed"


def test_flagship_course_walks_clean(launch, packages):
    for edition in EDITIONS:
        run = launch("course", edition)
        run.at("start")
        for _ in range(3):
            run.course.get_by_role("link", name=re.compile(r"^Next")).click()
        assert_clean_calls(run.leave())
