"""axe-core on the launch page, a lesson, a quiz and the results: no serious or critical issue."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def audit(frame, axe_source: str) -> list:
    frame.evaluate(axe_source)
    result = frame.evaluate("() => axe.run(document, {iframes: false, resultTypes: ['violations']})")
    assert result["passes"], "axe-core did not run"
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def open_contents(shell) -> None:
    toggle = shell.locator("#sb-toc-toggle")
    if toggle.get_attribute("aria-expanded") == "false":
        toggle.click()


@pytest.mark.parametrize("width", [1200, 375])
def test_no_serious_violations(launch, axe_source, width):
    run = launch("minimal", "2004", cmi={"learner_name": "Jane Doe"})
    run.lms_page.set_viewport_size({"width": width, "height": 800})
    run.at("start")
    shell = run.lms_page.frame_locator("#sco")
    shell_frame = run.lms_page.frame(name="sco") or run.lms_page.frames[1]
    content = lambda: next(f for f in run.lms_page.frames if f.name == "sb-content")  # noqa: E731
    found = {"launch page": audit(shell_frame, axe_source), "start": audit(content(), axe_source)}
    run.next("m1")
    run.next("m1-one")
    found["lesson"] = audit(content(), axe_source)
    open_contents(shell)  # on a phone the contents panel starts closed
    shell.get_by_role("link", name="Final assessment").click()
    run.at("final")
    found["quiz"] = audit(content(), axe_source)
    run.course.get_by_label("Circle").check()
    run.course.get_by_label("3", exact=True).check()
    run.submit()
    expect(run.course.get_by_text("Your score: 0%")).to_be_visible()
    found["quiz results"] = audit(content(), axe_source)
    open_contents(shell)
    shell.get_by_role("link", name="Your results").click()
    run.at("completion")
    found["results page"] = audit(content(), axe_source)
    assert {page: issues for page, issues in found.items() if issues} == {}
    run.leave()
