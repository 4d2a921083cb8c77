"""An LMS pass mark finer than the hundredths of a percent the pages show.

SCORM 2004: an LMS that gives cmi.scaled_passing_score judges success_status itself, from the
cmi.score.scaled the content writes (RTE 4.2.22). The runtime rounded the mark to hundredths of
a percent before grading, so with 0.50001 a learner at 50 % read "You passed (pass mark 50%)."
while the LMS recorded `failed`. It now judges as the LMS does (adapter-scorm2004.js
reachesMark) and shows the mark to four decimals of a percent.

SCORM 1.2: mastery_score is compared with score.raw, a percentage with two decimals, as it is
(docs/tracking.md, "Completion and success"); the test shows the learner is told the same.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lms_driver import read_lessons
from test_launch_modes import one_right_one_wrong, to_final_with_check_done

pytestmark = [pytest.mark.slow, pytest.mark.browser]

STATUS = {"1.2": ("core", "lesson_status"), "2004": ("success_status",)}


@pytest.mark.parametrize("edition, cmi, told, held", [
    ("2004", {"scaled_passing_score": "0.50001"},
     "Your score: 50%. You did not reach the pass mark of 50.001%.", "failed"),
    ("2004", {"scaled_passing_score": "0.49999"}, "Your score: 50%. You passed (pass mark 49.999%).",
     "passed"),
    ("2004", {"scaled_passing_score": "0.5"}, "Your score: 50%. You passed (pass mark 50%).", "passed"),
    # 1.2: a failed final with an attempt left is "incomplete" (docs/tracking.md, statuses)
    ("1.2", {"student_data": {"mastery_score": "50.001"}},
     "Your score: 50%. You did not reach the pass mark of 50.001%.", "incomplete"),
])
def test_a_pass_mark_finer_than_the_score_shown_is_judged_as_the_lms_judges_it(
        launch, edition: str, cmi: dict, told: str, held: str) -> None:
    """The final answered half right (50 %) under an LMS pass mark just above, just below and
    at 50 %: the learner reads the verdict the LMS records, and the mark it was judged by."""
    run = launch("minimal", edition, cmi=cmi)
    to_final_with_check_done(run)
    one_right_one_wrong(run, "Square")
    result = run.course.get_by_text(re.compile(r"^Your score: 50%\."))
    expect(result).to_be_visible()
    shown = result.text_content() or ""
    report = run.leave()
    recorded = report["data"]["cmi"]
    for key in STATUS[edition]:
        recorded = recorded[key]
    assert (shown.startswith(told), recorded) == (True, held), (
        f"the learner reads {shown!r}; the LMS holds {recorded!r}")


def test_a_completion_threshold_below_a_hundredth_replaces_the_progress_the_lms_held(launch) -> None:
    """SCORM 2004: the learner reads the lessons and leaves (the LMS holds their progress_measure,
    above 0). At the next launch the LMS gives cmi.completion_threshold 0.005 (set by the
    administrator since). The learner resumes and leaves again. The runtime writes
    progress_measure 0, the only hundredth below the threshold (RTE 4.2.4: the LMS judges
    completion_status from progress_measure against it); it wrote none, and the LMS judged the
    progress it held from the first session: `completed`, with the final assessment not taken."""
    run = launch("minimal", "2004")
    read_lessons(run)
    expect(run.shell.locator("#sb-status")).to_have_text("Your progress is saved.")
    first = run.leave()["data"]["cmi"]
    assert float(first["progress_measure"]) > 0.005
    again = launch("minimal", "2004", cmi={
        "entry": "resume", "suspend_data": first["suspend_data"], "location": first["location"],
        "completion_status": first["completion_status"], "progress_measure": first["progress_measure"],
        "completion_threshold": "0.005"})
    again.at("m1-check")
    expect(again.shell.locator("#sb-status")).to_have_text("Your progress is saved.")
    report = again.leave()
    held = report["data"]["cmi"]
    assert (report["values"].get("cmi.progress_measure"), held["completion_status"]) == ("0", "incomplete"), (
        f"the final assessment is not taken; the LMS holds progress_measure "
        f"{held['progress_measure']!r} and completion_status {held['completion_status']!r}")
