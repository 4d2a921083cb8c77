"""Keyboard-only use with a visible focus ring, and a completion record that prints cleanly."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def content(run):
    return next(f for f in run.lms_page.frames if f.name == "sb-content")


def tab_to(run, frame, selector: str, limit: int = 40) -> None:
    """Press Tab until the element matching selector has the focus, as a keyboard user would."""
    for _ in range(limit):
        run.lms_page.keyboard.press("Tab")
        if frame.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_quiz_taken_with_the_keyboard_alone(launch):
    run = launch("minimal", "2004")
    run.at("start")
    run.shell.get_by_role("link", name="Knowledge check").click()
    run.at("m1-check")
    frame = content(run)
    frame.focus("body")
    tab_to(run, frame, "input[type=radio][value=true]")
    outline = frame.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the focus is visible
    run.lms_page.keyboard.press("Space")
    tab_to(run, frame, "button[type=submit]")
    run.lms_page.keyboard.press("Enter")
    expect(run.course.get_by_text("Correct.", exact=True)).to_be_visible()
    tab_to(run, frame, "a[rel=next]")
    run.lms_page.keyboard.press("Enter")
    run.at("final")
    run.leave()


def test_completion_record_prints_without_navigation(launch):
    run = launch("minimal", "1.2", cmi={"core": {"student_name": "Doe, Jane"}})
    run.at("start")
    run.shell.get_by_role("link", name="Your results").click()
    run.at("completion")
    frame = content(run)
    page = run.lms_page
    page.emulate_media(media="print")
    hidden = frame.evaluate("""() => ['.page-nav', '[data-role=print]', '.skip-link']
        .map(s => document.querySelector(s)).filter(Boolean)
        .map(e => getComputedStyle(e).display)""")
    assert hidden and set(hidden) == {"none"}
    assert frame.evaluate("() => getComputedStyle(document.querySelector('.record')).display") != "none"
    expect(run.course.get_by_text("Doe, Jane")).to_be_visible()
    page.emulate_media(media="screen")
    run.leave()
