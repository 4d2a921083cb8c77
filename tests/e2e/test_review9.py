"""Two questions never share one interaction record (lms.js Recorder.place and .othersAt,
session.js onSlot): each test drives Chromium as a learner through the minimal course against
scorm-again, with an LMS whose interaction count is not what the runtime last saw, and asserts
that the LMS holds one whole record per question.

All three failed before the change: the first lost the knowledge check's record (the final's
first question, answered again, was written over it), the second kept only the last record
(every record went to index 0), the third wrote the final's first question over the knowledge
check's after a reload.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lms_driver import CLEAN, answers, goto, pass_final, read_lessons, survey_from_contents
from test_tracking import resume_data

pytestmark = [pytest.mark.slow, pytest.mark.browser]
SAVED = "Your progress is saved."
DONE = "Course complete. Your result is saved."
GET = {"1.2": "LMSGetValue", "2004": "GetValue"}

# The LMS answers every read of cmi.interactions._count with the count it had at launch (0),
# whatever it accepted since: a count that lags behind the records.
LAGGING_COUNT = """(name) => {
    const get = lms.api[name];
    lms.api[name] = function (element) {
        const value = get.apply(this, arguments);
        return String(element) === 'cmi.interactions._count' ? '0' : value;
    };
}"""


def by_index(values: dict) -> dict:
    """The id the LMS holds at each interaction index."""
    held = {}
    for element, value in values.items():
        parts = element.split(".")
        if len(parts) == 4 and parts[:2] == ["cmi", "interactions"] and parts[3] == "id":
            held[int(parts[2])] = value
    return held


@pytest.mark.parametrize("edition", ["1.2", "2004"])
def test_a_count_that_starts_again_at_the_next_launch_keeps_every_record(launch, edition: str) -> None:
    """The first launch records a failed final: fa-1 at index 0, fa-2 at 1 (kept in the learner's
    progress record). The next launch gets the progress record but no interactions, so its count
    starts again at 0 (what scorm-again does when an LMS hands back no interactions, as SCORM
    1.2's write-only interactions allow). The knowledge check and the survey take indexes 0 and
    1; then the learner retakes the final. Before, fa-1 and fa-2 went back to 0 and 1, over the
    knowledge check's and the survey's records; now each question has its own."""
    run = launch("minimal", edition)
    goto(run, "final")
    run.course.get_by_label("Circle").check()
    run.course.get_by_label("3", exact=True).check()
    run.submit()
    expect(run.shell.locator("#sb-status")).to_have_text(SAVED)
    first = run.leave()
    assert by_index(first["values"]) == {0: "final.fa-1", 1: "final.fa-2"}

    again = launch("minimal", edition, cmi=resume_data(edition, first))
    goto(again, "start")
    read_lessons(again)
    again.course.get_by_label("True").check()
    again.submit()
    survey_from_contents(again)
    goto(again, "final")
    again.course.get_by_role("button", name="Try again").click()
    pass_final(again)
    expect(again.course.get_by_text("Your score: 100%")).to_be_visible()
    expect(again.shell.locator("#sb-status")).to_have_text(DONE)
    report = again.leave()
    assert by_index(report["values"]) == {0: "m1-check.kc-1", 1: "survey.sv-1", 2: "final.fa-1",
                                          3: "final.fa-2"}
    assert answers(report["values"], edition) == CLEAN[edition]
    assert report["violations"] == []


def knowledge_check_done_with_a_lagging_count(launch, edition: str):
    run = launch("minimal", edition)
    run.lms(LAGGING_COUNT, GET[edition])
    read_lessons(run)
    run.course.get_by_label("True").check()
    run.submit()
    return run


def survey_then_one_record_each_in_order(run, edition: str) -> None:
    """The survey sent, the course left: the LMS holds the four records, one per question, in
    the order answered, each whole."""
    survey_from_contents(run)
    expect(run.shell.locator("#sb-status")).to_have_text(DONE)
    report = run.leave()
    assert by_index(report["values"]) == {0: "m1-check.kc-1", 1: "final.fa-1", 2: "final.fa-2",
                                          3: "survey.sv-1"}
    assert answers(report["values"], edition) == CLEAN[edition]


@pytest.mark.parametrize("edition", ["1.2", "2004"])
def test_a_count_that_lags_behind_the_records_keeps_every_record(launch, edition: str) -> None:
    """The LMS accepts every record but keeps answering the count it had at launch. Each new
    record goes at the first index this page has not filled, so none is written over another
    (before, all four went to index 0 and only the survey's was left), and a retake writes over
    the question's own record."""
    run = knowledge_check_done_with_a_lagging_count(launch, edition)
    goto(run, "final")
    run.course.get_by_label("Circle").check()
    run.course.get_by_label("3", exact=True).check()
    run.submit()
    run.course.get_by_role("button", name="Try again").click()
    pass_final(run)
    survey_then_one_record_each_in_order(run, edition)


@pytest.mark.parametrize("edition", ["1.2", "2004"])
def test_a_count_that_lags_keeps_every_record_across_a_reload(launch, edition: str) -> None:
    """The same lagging LMS; the learner reloads the course after the knowledge check. The
    reloaded page continues the LMS session, and knows which indexes the page before it filled
    (handed over with the session, as its unwritten answers are): the final's records go after
    the knowledge check's, not over it."""
    run = knowledge_check_done_with_a_lagging_count(launch, edition)
    expect(run.shell.locator("#sb-status")).to_have_text(SAVED)
    run.reload()
    run.at("m1-check")
    goto(run, "final")
    pass_final(run)
    survey_then_one_record_each_in_order(run, edition)
