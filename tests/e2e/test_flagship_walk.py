"""The flagship course, taken end to end in a real browser: every page audited, the LMS records a pass."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lms_driver import assert_clean_calls
from test_accessibility import audit

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def answer_correctly(run, quiz: dict) -> None:
    """Fill in the answer key the way a learner who knows it would."""
    c = run.course
    for q in quiz["questions"]:
        qid, kind = q["id"], q["type"]
        if kind in ("single-choice", "multiple-response"):
            for choice in q["correct"]:
                c.locator(f"#q-{qid}-{choice}").check()
        elif kind == "true-false":
            c.locator(f"#q-{qid}-{'true' if q['correct'] else 'false'}").check()
        elif kind == "fill-in":
            c.locator(f"#q-{qid}-input").fill(q["correct"][0])
        elif kind == "numeric":
            c.locator(f"#q-{qid}-input").fill(_number((q["min"] + q["max"]) / 2))
        elif kind == "matching":
            for source, target in q["correct"].items():
                c.locator(f"#q-{qid}-{source}").select_option(target)
        elif kind == "sequencing":
            for position, item in enumerate(q["items"], 1):
                c.locator(f"#q-{qid}-{item}").select_option(str(position))
        elif kind == "likert":
            c.locator(f"#q-{qid}-{len(q['scale']) - 1}").check()


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def content_frame(run):
    return next(f for f in run.lms_page.frames if f.name == "sb-content")


@pytest.mark.parametrize("edition", ["1.2", "2004"])
def test_flagship_course_taken_end_to_end(launch, axe_source, edition):
    run = launch("course", edition, cmi={"1.2": {"core": {"student_name": "Doe, Jane"}},
                                         "2004": {"learner_name": "Jane Doe"}}[edition])
    run.at("start")
    data = content_frame(run).evaluate("() => window.SCORMBUILD_COURSE")
    pages = data["pages"]
    problems = {}
    for index, page in enumerate(pages):
        if index:
            run.next(page["id"])
        if edition == "2004":  # one edition is enough for the audit: the pages are identical
            issues = audit(content_frame(run), axe_source)
            if issues:
                problems[page["id"]] = issues
        if page["kind"] == "lesson":  # read to the end: that is when a lesson counts as viewed
            content_frame(run).evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
            expect(run.shell.locator(f"#sb-toc a[data-page-id='{page['id']}']").locator("xpath=.."))\
                .to_have_class(re.compile(r"\bis-viewed\b"))
        if page["kind"] == "quiz":
            quiz = data["quizzes"][page["id"]]
            answer_correctly(run, quiz)
            run.submit("Submit survey" if quiz["kind"] == "survey" else "Submit answers")
            if quiz["scored"]:
                expect(run.course.get_by_text(re.compile(r"(Your score: |You scored )100%"))).to_be_visible()
            else:
                expect(run.course.get_by_text(re.compile("Thank you"))).to_be_visible()
    assert problems == {}
    expect(run.course.locator("[data-field=status]")).to_have_text("Complete")
    report = run.leave()
    assert_clean_calls(report)
    values = report["values"]
    if edition == "1.2":
        assert values["cmi.core.lesson_status"] == "passed"
        assert values["cmi.core.score.raw"] == "100"
    else:
        assert (values["cmi.completion_status"], values["cmi.success_status"]) == ("completed", "passed")
        assert values["cmi.score.scaled"] == "1"
    final = data["quizzes"][data["completion"]["finalAssessment"]]
    records = [v for k, v in values.items() if re.fullmatch(r"cmi\.interactions\.\d+\.id", k)]
    assert sum(1 for r in records if r.startswith(final["id"] + ".")) == len(final["questions"])
