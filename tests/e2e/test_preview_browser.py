"""The preview in Chromium: `new` course, edit a lesson and see it; answer and see the panel.

The simulator is an authoring aid: this checks what an author sees, not SCORM conformance
(tracking tests run against scorm-again in test_tracking.py).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Iterator, List

import pytest
from playwright.sync_api import expect

from scormbuild.author.scaffold import new_course
from scormbuild.preview.server import PreviewOptions, PreviewServer

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[PreviewServer]:
    new_course(tmp_path / "course", datetime.date(2026, 12, 1))
    lines: List[str] = []
    server = PreviewServer(tmp_path / "course", "course", PreviewOptions(port=0), lines.append)
    server.start()
    yield server
    server.close()


def test_edit_shows_up_and_answers_reach_the_panel(context, preview: PreviewServer) -> None:
    page = context.new_page()
    page.goto(preview.url)
    expect(page.locator("#pv-session")).to_contain_text('running (launch 1, entry "ab-initio")')
    shell = page.frame_locator("#course")
    course = shell.frame_locator("#sb-content")
    shell.get_by_role("link", name="Why hand hygiene matters").click()
    expect(course.locator("h1")).to_have_text("Why hand hygiene matters")

    lesson = preview.course / "modules" / "01-when" / "01-why.md"
    lesson.write_text(lesson.read_text().replace("Hands carry", "Edited in the preview: hands carry"))
    expect(course.get_by_text("Edited in the preview: hands carry")).to_be_visible(timeout=15000)
    expect(page.locator("#pv-session")).to_contain_text('launch 2, entry "resume"')

    lesson.write_text(lesson.read_text().replace("::: key-point", "::: keypoint"))
    expect(page.locator("#pv-problem-lines")).to_contain_text(
        "course/modules/01-when/01-why.md:18:1: error: unknown callout kind 'keypoint' (did you "
        "mean 'key-point'?", timeout=15000)
    expect(page.locator("#course")).to_be_hidden()
    lesson.write_text(lesson.read_text().replace("::: keypoint", "::: key-point"))
    expect(page.locator("#pv-problems")).to_be_hidden(timeout=15000)

    expect(page.locator("#pv-interaction-count")).to_have_text("0")
    shell.get_by_role("link", name="Knowledge check: when to clean your hands").click()
    course.get_by_label("After touching a patient", exact=True).check()
    course.get_by_label("False").check()
    course.get_by_role("button", name="Submit answers").click()
    expect(page.locator("#pv-interaction-count")).to_have_text("2")
    expect(page.locator("#pv-interactions")).to_contain_text("m1-q1")
    expect(page.locator("#pv-log")).to_contain_text('LMSSetValue("cmi.interactions.0.id"')

    page.get_by_label("Commit fails").check()
    shell.get_by_role("link", name="Hand rub or hand washing").click()
    expect(page.locator("#pv-log")).to_contain_text('LMSCommit() -> "false"  error 101')
    alert = shell.locator("#sb-alert")
    expect(alert).to_contain_text("did not accept it")

    # the LMS ends the session (a time-out): SCORM 1.2 answers 301 from then on
    page.get_by_label("Commit fails").uncheck()
    page.get_by_role("button", name="End the session now").click()
    shell.get_by_role("link", name="Why hand hygiene matters").click()
    expect(page.locator("#pv-log")).to_contain_text("error 301")
    expect(alert).to_contain_text("Your learning management system has ended this session")
    expect(shell.locator("#sb-status")).to_have_text("Tracking has stopped for this window.")


def test_panel_measures_the_learner_record_in_2004(context, preview: PreviewServer) -> None:
    """The size Moodle's 2004 player would send grows as the learner answers; 1.2 says why it
    is not measured."""
    page = context.new_page()
    page.goto(preview.url)
    expect(page.locator("#pv-record")).to_have_text(
        "not measured: Moodle's SCORM 1.2 player sends only what changed")
    page.get_by_label("Edition").select_option("2004")
    record = page.locator("#pv-record")
    expect(record).to_contain_text("of 49152 bytes as Moodle's 2004 player sends it")
    expect(page.locator("#pv-session")).to_contain_text("running")
    shell = page.frame_locator("#course")
    course = shell.frame_locator("#sb-content")

    def size() -> int:
        return int(record.inner_text().split(" ")[0])

    shell.get_by_role("link", name="Knowledge check: when to clean your hands").click()
    expect(course.get_by_label("False")).to_be_visible()
    before = size()
    course.get_by_label("After touching a patient", exact=True).check()
    course.get_by_label("False").check()
    course.get_by_role("button", name="Submit answers").click()
    expect(page.locator("#pv-interaction-count")).to_have_text("2")
    assert size() > before + 2 * 400          # two interaction records, about ten fields each
