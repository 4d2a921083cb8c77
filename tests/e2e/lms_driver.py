"""Drive a launched package like a learner, and judge what the test LMS recorded."""

from __future__ import annotations

import re
from typing import Dict, Tuple

from playwright.sync_api import expect


class Launched:
    """One launch of a package inside the test LMS, driven like a learner would."""

    def __init__(self, lms_page, shell, edition: str):
        self.lms_page = lms_page
        self.shell = shell                              # the launch page (index.html)
        self.course = shell.frame_locator("#sb-content")  # the lesson pages
        self.edition = edition

    def at(self, page_id: str) -> None:
        """Wait until the page is shown and the launch page has taken note of it."""
        self.course.locator(f"body[data-page-id='{page_id}']").wait_for()
        # The contents list is hidden on a phone: attached is enough.
        current = self.shell.locator(f"#sb-toc a[data-page-id='{page_id}'][aria-current=page]")
        current.wait_for(state="attached")

    def next(self, page_id: str) -> None:
        self.course.get_by_role("link", name=re.compile(r"^Next")).click()
        self.at(page_id)

    def submit(self, name: str = "Submit answers") -> None:
        self.course.get_by_role("button", name=name).click()

    def reload(self) -> None:
        """The learner reloads the course (F5 in its own window; the frame's reload in an LMS page)."""
        if hasattr(self.shell, "reload"):
            self.shell.reload()
        else:
            self.lms_page.evaluate("document.getElementById('sco').contentWindow.location.reload()")

    def lms(self, script: str, arg=None):
        """Evaluate in the test LMS page (fault injection: lms.fail({...}), lms.recover())."""
        return self.lms_page.evaluate(script, arg)

    def report(self) -> dict:
        return self.lms_page.evaluate("lms.report()")

    def leave(self, stay: bool = False) -> dict:
        """Close the course as the LMS player does, and wait for the session to end. The LMS
        then goes on to another page (lms.moveOn), so a session the course left open for a
        reload ends at once; stay=True keeps the LMS on its page, so the session ends when the
        reload grace runs out (2.5 s, shell.js RELOAD_GRACE_MS)."""
        self.lms_page.evaluate("lms.close()")
        if not stay:
            left = "window.__scormbuildLeft && !window.__scormbuildLeft.done"
            self.lms_page.wait_for_function(f"lms.finished || ({left})", timeout=5000)
            self.lms_page.evaluate("lms.finished || lms.moveOn()")
        self.lms_page.wait_for_function("lms.finished", timeout=5000)
        return self.report()


def goto(run: Launched, page_id: str) -> None:
    """Choose a page in the table of contents (once the launch page has shown its first page:
    a choice made before that is overtaken by the page the launch opens)."""
    run.shell.locator("#sb-toc a[aria-current=page]").wait_for(state="attached")
    run.shell.locator(f"#sb-toc a[data-page-id='{page_id}']").click()
    run.at(page_id)


def pass_final(run: Launched) -> None:
    """The minimal course's final assessment, every answer right, submitted."""
    for label in ("Square", "2", "4"):
        run.course.get_by_label(label, exact=True).check()
    run.submit()


def pass_final_after_the_lessons(run: Launched) -> None:
    """The minimal course's lessons read, its knowledge check submitted, its final passed."""
    read_lessons(run)
    run.course.get_by_label("True").check()
    run.submit()
    goto(run, "final")
    pass_final(run)


def final_passed_in_a_second_window(launch, edition: str) -> Tuple[Launched, int, dict]:
    """The minimal course launched and left on its start page (the first window), then launched
    again from the LMS with the same data (a second tab): its lessons read, its final passed at
    100 %, and that window closed. Returns the first window, how many LMS calls it had made
    before the second launch, and the second window's final report."""
    first = launch("minimal", edition)
    first.at("start")
    expect(first.shell.locator("#sb-status")).to_have_text("Your progress is saved.")
    before = len(first.report()["calls"])
    second = launch("minimal", edition)
    pass_final_after_the_lessons(second)
    expect(second.course.get_by_text("Your score: 100%")).to_be_visible()
    expect(second.shell.locator("#sb-status")).to_have_text("Your progress is saved.")
    return first, before, second.leave()


def final_at_next_launch(launch, edition: str, cmi: dict, location: str) -> Tuple[bool, str]:
    """Launch the minimal course with what the LMS hands back, open its final assessment and
    say whether it shows the passed result ("Your score: 100%"), and its attempts line."""
    third = launch("minimal", edition, cmi=cmi)
    third.at(location or "start")
    goto(third, "final")
    shown = third.course.locator("[data-role=result]:not([hidden]), button[type=submit]:not([hidden])")
    shown.first.wait_for()
    attempts = third.course.locator("[data-role=attempts]").text_content() or ""
    passed = third.course.get_by_text("Your score: 100%").count() > 0
    third.leave()
    return passed, attempts


def finish_course(run: Launched) -> None:
    """The minimal course: every lesson, the knowledge check, the final assessment passed, the
    survey, the results page."""
    pass_final_after_the_lessons(run)
    expect(run.course.get_by_text("Your score: 100%")).to_be_visible()
    goto(run, "survey")
    run.course.get_by_label("Agree", exact=True).check()
    run.submit("Submit survey")
    goto(run, "completion")


def records(values: Dict[str, str]) -> Dict[str, Dict[str, str]]:
    """The interaction records the LMS accepted (report["values"]), by id: {field: value}."""
    by_index: Dict[str, Dict[str, str]] = {}
    for element, value in values.items():
        parts = element.split(".", 3)
        if element.startswith("cmi.interactions.") and len(parts) == 4 and parts[2].isdigit():
            by_index.setdefault(parts[2], {})[parts[3]] = value
    return {r["id"]: r for r in by_index.values() if "id" in r}


RESPONSE = {"1.2": "student_response", "2004": "learner_response"}
WHEN = {"1.2": "time", "2004": "timestamp"}


def answers(values: Dict[str, str], edition: str, leave_out: str = "") -> Dict[str, Dict[str, str]]:
    """What each record says about the answer: everything but when and how long (they differ
    from launch to launch), and but the field left out."""
    kept = {}
    for key, record in records(values).items():
        kept[key] = {f: v for f, v in record.items()
                     if f not in (WHEN[edition], "latency", leave_out)}
    return kept


def _record(key: str, objective: str, kind: str, pattern: str, response: str, result: str,
            edition: str) -> Dict[str, str]:
    record = {"id": key, "type": kind, "weighting": "1", RESPONSE[edition]: response}
    if objective:
        record.update({"objectives.0.id": objective, "correct_responses.0.pattern": pattern,
                       "result": result})
    return record


# What the LMS holds after the walk when it refuses nothing (when and how long left out).
CLEAN = {edition: {r["id"]: r for r in rows} for edition, rows in {
    "1.2": [_record("m1-check.kc-1", "m1-o1", "true-false", "t", "t", "correct", "1.2"),
            _record("final.fa-1", "lo1", "choice", "a", "a", "correct", "1.2"),
            _record("final.fa-2", "lo1", "choice", "a,c", "a,c", "correct", "1.2"),
            _record("survey.sv-1", "", "likert", "", "d", "", "1.2")],
    "2004": [_record("m1-check.kc-1", "m1-o1", "true-false", "true", "true", "correct", "2004"),
             _record("final.fa-1", "lo1", "choice", "a", "a", "correct", "2004"),
             _record("final.fa-2", "lo1", "choice", "a[,]c", "a[,]c", "correct", "2004"),
             _record("survey.sv-1", "", "likert", "", "4", "", "2004")]}.items()}


def survey_from_contents(run: Launched) -> None:
    """The minimal course's survey, reached from the table of contents, answered and sent."""
    goto(run, "survey")
    run.course.get_by_label("Agree", exact=True).check()
    run.submit("Submit survey")


def read_lessons(run: Launched) -> None:
    """From the start page through both lessons to the knowledge check (the minimal course)."""
    run.at("start")
    for page in ("m1", "m1-one", "m1-two", "m1-check"):
        run.next(page)


def halfway_through_the_assessment(run: Launched) -> None:
    """Lessons read, knowledge check submitted, two final-assessment answers chosen."""
    read_lessons(run)
    run.course.get_by_label("True").check()
    run.submit()
    run.next("final")
    run.course.get_by_label("Square").check()
    run.course.get_by_label("4", exact=True).check()


def knowledge_check_answer_refused(run: Launched) -> None:
    """Lessons read; the LMS refuses interactions; the knowledge check submitted: the learner
    is told nothing is saved."""
    read_lessons(run)
    run.lms("f => lms.fail(f)", {"call": "set", "mode": "false", "match": "cmi.interactions"})
    run.course.get_by_label("True").check()
    run.submit()
    run.shell.locator("#sb-alert").get_by_text("Your progress is not saved").wait_for()


# The one read that may answer 403 ("not initialized"): SCORM 2004 has no way to ask whether
# the LMS knows a passing score except reading it; without minNormalizedMeasure it does not.
# Launch reads of what the manifest does not set: "" with 403, "not initialized" (RTE 3.1.7.6)
EXPECTED_NOT_SET = [{"fn": "GetValue", "args": [element], "ret": "", "error": "403"}
                    for element in ("cmi.scaled_passing_score", "cmi.completion_threshold")]


def assert_clean_calls(report: dict) -> None:
    """One Initialize, one Terminate, no call returning "false" or an error, no spec breach."""
    assert report["violations"] == []
    failed = [c for c in report["calls"] if (c["ret"] == "false" or c["error"] != "0")
              and c not in EXPECTED_NOT_SET]
    assert failed == []
    assert report["initialized"] == 1
    finishes = [c for c in report["calls"] if c["fn"] in ("LMSFinish", "Terminate")]
    assert len(finishes) == 1
