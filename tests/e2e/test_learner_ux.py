"""What a learner sees, at phone and desktop widths: layout, WCAG 2.2 AA, feedback, screenshots.

Screenshots for the docs are written only when SCORMBUILD_SCREENSHOTS=1 (so that a test run
never changes the working tree):

    SCORMBUILD_SCREENSHOTS=1 python -m pytest tests/e2e/test_learner_ux.py -k screens
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.slow, pytest.mark.browser]

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "docs" / "screenshots"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SMALLEST, PHONE, DESKTOP = 320, 390, 1280


def content(run):
    return next(f for f in run.lms_page.frames if f.name == "sb-content")


def shell_frame(run):
    return run.lms_page.frame(name="sco")


def audit(frame, axe_source: str) -> list:
    """Every WCAG 2.2 A/AA violation axe-core finds, whatever its impact."""
    frame.evaluate(axe_source)
    result = frame.evaluate("tags => axe.run(document, {iframes: false, resultTypes: ['violations'],"
                            " runOnly: {type: 'tag', values: tags}})", WCAG_22_AA)
    assert result["passes"], "axe-core did not run"
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]


def overflow(frame) -> int:
    """How many CSS pixels the page is wider than the window (0: nothing to scroll sideways)."""
    return frame.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def open_page(run, page_id: str) -> None:
    """Choose a page in the contents, opening the panel first where it is collapsed (phones)."""
    toggle = run.shell.locator("#sb-toc-toggle")
    if toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
    run.shell.locator(f"#sb-toc a[data-page-id='{page_id}']").click()
    run.at(page_id)


def answer_everything(frame) -> None:
    """Give every question an answer (the first option, position or a number)."""
    frame.evaluate("""() => document.querySelectorAll('fieldset.question').forEach(fs => {
        const first = fs.querySelector('input[type=radio], input[type=checkbox]');
        if (first) first.checked = true;
        fs.querySelectorAll('input[type=text], textarea').forEach(i => { i.value = '1'; });
        fs.querySelectorAll('select').forEach((s, n) => {
            s.selectedIndex = 1 + (n % (s.options.length - 1)); });
    })""")


def take(run, frame, name: str, width: int) -> None:
    if os.environ.get("SCORMBUILD_SCREENSHOTS") != "1" or width == SMALLEST:
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}-{width}.png"
    run.lms_page.screenshot(path=str(path))
    assert path.stat().st_size < 200_000, f"{path.name} is {path.stat().st_size} bytes"


@pytest.mark.parametrize("width", [SMALLEST, PHONE, DESKTOP])
def test_flagship_course_at_phone_and_desktop_widths(launch, axe_source, width):
    """Launch page, lesson, quiz with feedback and results: WCAG 2.2 AA clean, nothing overflows."""
    run = launch("course", "2004", cmi={"learner_name": "Jane Doe"})
    run.lms_page.set_viewport_size({"width": width, "height": 800 if width == DESKTOP else 844})
    run.at("start")
    found = {"launch page": audit(shell_frame(run), axe_source), "start": audit(content(run), axe_source)}
    widths = {"start": overflow(content(run))}
    take(run, content(run), "launch", width)
    open_page(run, "m1-01-why-trk")
    found["lesson"] = audit(content(run), axe_source)
    widths["lesson"] = overflow(content(run))
    take(run, content(run), "lesson", width)
    open_page(run, "m1-check")
    answer_everything(content(run))
    run.submit()
    expect(run.course.locator("[data-role=result]")).to_be_visible()
    found["quiz with feedback"] = audit(content(run), axe_source)
    widths["quiz"] = overflow(content(run))
    run.course.locator("fieldset.question").nth(1).scroll_into_view_if_needed()
    take(run, content(run), "quiz-feedback", width)
    open_page(run, "completion")
    found["results"] = audit(content(run), axe_source)
    widths["results"] = overflow(content(run))
    take(run, content(run), "results", width)
    assert {page: issues for page, issues in found.items() if issues} == {}
    assert widths == {"start": 0, "lesson": 0, "quiz": 0, "results": 0}
    run.leave()


@pytest.mark.parametrize("missing,shown", [
    ("delete window.CSS;", "#sb-support-basic"),
    ("Object.defineProperty(Function.prototype, 'bind', {value: undefined});", "#sb-support-missing"),
])
def test_launch_page_notice_for_missing_browser_features(browser, server, missing, shown):
    """The notice follows the features the browser lacks (here removed), never its name."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(missing)
        page.goto(server.packages["minimal-2004"])
        expect(page.locator(shown)).to_be_visible()
        other = "#sb-support-missing" if shown == "#sb-support-basic" else "#sb-support-basic"
        expect(page.locator(other)).to_be_hidden()
        text = page.locator(shown).inner_text()
        assert "Chrome, Edge, Firefox or Safari" in text
    finally:
        context.close()


def test_no_notice_in_a_current_browser(launch):
    run = launch("minimal", "2004")
    run.at("start")
    expect(run.shell.locator(".support-notice:visible")).to_have_count(0)
    run.leave()


CALLOUT_LESSON = """---
title: Callouts
---
::: note A note
Plain information.
:::

::: key-point The main message
What to remember.
:::

::: tip Practical advice
How to do it well.
:::

::: warning Before you prescribe
What can go wrong.
:::

::: clinical-pearl From practice
What experienced clinicians know.
:::

::: since-cutoff 2024-06 A later approval
What changed after the literature cut-off.
:::
"""


def test_each_callout_kind_looks_different_and_says_what_it_is(browser, minimal_course, tmp_path):
    """Colour, icon and written label per kind: distinct borders, never colour alone."""
    from scormbuild.load.course_loader import load_course
    from scormbuild.render.pages import render_pages, static_files

    (minimal_course / "lessons" / "two.md").write_text(CALLOUT_LESSON, encoding="utf-8")
    course, _ = load_course(minimal_course, "course")
    site = tmp_path / "site"
    for name, text in render_pages(course).items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    for name, path in static_files().items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(path.read_bytes())
    context = browser.new_context(viewport={"width": 700, "height": 1200})
    try:
        page = context.new_page()
        page.goto((site / "pages" / "m1-two.html").as_uri())
        seen = page.evaluate("""() => [...document.querySelectorAll('.callout')].map(c => ({
            border: getComputedStyle(c).borderLeftColor,
            label: c.querySelector('.callout-label').textContent,
            icon: !!c.querySelector('svg.callout-icon'),
            title: getComputedStyle(c.querySelector('.callout-name')).fontWeight}))""")
        assert [s["label"] for s in seen] == ["Note", "Key point", "Tip", "Caution", "Clinical pearl",
                                              "Since the literature cut-off (June 2024)"]
        assert len({s["border"] for s in seen}) == 6
        assert all(s["icon"] and s["title"] == "700" for s in seen)
        if os.environ.get("SCORMBUILD_SCREENSHOTS") == "1":
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.locator("main").screenshot(path=str(SHOTS / "callouts.png"))
    finally:
        context.close()


def test_focus_is_never_hidden_on_a_phone(launch):
    """WCAG 2.2 2.4.11: each element reached with Tab is on screen and not covered by anything."""
    run = launch("course", "2004")
    run.lms_page.set_viewport_size({"width": PHONE, "height": 700})
    run.at("start")
    open_page(run, "m1-check")
    frame = content(run)
    frame.focus("body")
    hidden = []
    for _ in range(25):
        run.lms_page.keyboard.press("Tab")
        where = frame.evaluate("""() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const r = el.getBoundingClientRect();
            const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
            const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
            const top = document.elementFromPoint(x, y);
            const seen = r.bottom > 0 && r.top < innerHeight && !!top &&
                (top === el || el.contains(top) || (el.labels && [...el.labels].includes(top)));
            return seen ? '' : (el.id || el.tagName) + ' at ' + Math.round(r.top);
        }""")
        if where:
            hidden.append(where)
    assert hidden == []
    run.leave()


def viewed(run, page_id: str) -> bool:
    return "is-viewed" in (run.shell.locator(f"#sb-toc a[data-page-id='{page_id}']")
                           .locator("xpath=..").get_attribute("class") or "")


def test_phone_contents_start_closed_and_close_after_choosing(launch):
    run = launch("minimal", "2004", cmi={"learner_name": "Jane Doe"})
    run.lms_page.set_viewport_size({"width": PHONE, "height": 800})
    run.lms_page.reload()
    run.lms_page.evaluate("c => lms.start(c)", {"edition": "2004", "mode": "frame", "cmi": None,
                          "url": run.lms_page.url.replace("/lms/lms.html", "/pkg/minimal-2004/index.html")})
    run.at("start")
    toggle = run.shell.locator("#sb-toc-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(run.shell.locator("#sb-toc")).to_be_hidden()
    toggle.click()
    run.shell.locator("#sb-toc a[data-page-id='m1-one']").click()
    run.at("m1-one")
    expect(run.shell.locator("#sb-toc")).to_be_hidden()
    expect(toggle).to_be_focused()
    expect(run.shell.locator("#sb-position")).to_have_text("Lesson 1 of 2")


def test_a_lesson_counts_as_viewed_at_its_end_or_after_the_minimum_time(launch, context):
    context.clock.install()
    run = launch("course", "2004")
    run.at("start")
    expect(run.shell.locator("#sb-position")).to_have_text("20 lessons")
    open_page(run, "m1-01-why-trk")
    expect(run.shell.locator("#sb-position")).to_have_text("Lesson 1 of 20")
    assert not viewed(run, "m1-01-why-trk")  # opened is not read
    content(run).evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    expect(run.shell.locator("#sb-toc a[data-page-id='m1-01-why-trk']").locator("xpath=.."))\
        .to_have_class(re.compile(r"\bis-viewed\b"))
    expect(run.shell.locator("#sb-percent")).to_have_text("5%")  # 1 of 20 lessons
    open_page(run, "m1-02-larotrectinib")
    assert not viewed(run, "m1-02-larotrectinib")
    run.lms_page.clock.fast_forward(29_000)
    assert not viewed(run, "m1-02-larotrectinib")
    run.lms_page.clock.fast_forward(2_000)  # course.yaml: 30 seconds by default
    expect(run.shell.locator("#sb-toc a[data-page-id='m1-02-larotrectinib']").locator("xpath=.."))\
        .to_have_class(re.compile(r"\bis-viewed\b"))
    run.leave()


def test_feedback_shows_the_learners_answer_beside_the_correct_one(launch):
    run = launch("minimal", "2004")
    run.at("start")
    open_page(run, "m1-check")
    run.course.get_by_label("False").check()
    run.submit()
    answers = run.course.locator("#q-kc-1 [data-role=answers]")
    expect(answers).to_be_visible()
    expect(answers.locator("[data-role=your-answer] li")).to_have_text(["False"])
    expect(answers.locator("ul").nth(1).locator("li")).to_have_text(["True"])
    result = run.course.locator("[data-role=result]")
    retry = run.course.locator("[data-role=retake]")
    expect(result).to_be_visible()
    assert result.bounding_box()["y"] < retry.bounding_box()["y"]  # the result first, then retry
    run.leave()


def test_a_right_to_left_course_mirrors_the_page_and_its_arrows(launch, server, tmp_path) -> None:
    """A course in Hebrew: every page is laid out right to left (dir="rtl"), Next sits on the
    left of Previous, and their arrows point the way the pages go (Next's to the left); the
    arrows pointed as in English before 2026-12-03."""
    from test_launch_modes import served_copy

    served_copy(server, tmp_path, "hebrew", ("language: en-GB", "language: he"))
    run = launch("hebrew", "2004")
    run.at("start")
    run.next("m1")
    frame = content(run)
    assert frame.evaluate("() => document.documentElement.dir") == "rtl"
    place = frame.evaluate("""() => ['prev', 'next'].map(function (rel) {
      var link = document.querySelector('.page-nav [rel=' + rel + ']');
      var arrow = link.querySelector('.arrow').getBoundingClientRect();
      var text = link.getBoundingClientRect();
      return {left: text.left, arrowLeftOfText: arrow.left < text.left + text.width / 2,
              transform: getComputedStyle(link.querySelector('.arrow')).transform};
    })""")
    previous, following = place
    assert following["left"] < previous["left"], f"Next is not on the left of Previous: {place}"
    # Next's arrow is at the left end of its button and mirrored (scaleX(-1)): it points left
    mirrored = "matrix(-1, 0, 0, 1, 0, 0)"
    assert (following["arrowLeftOfText"], following["transform"]) == (True, mirrored), place
    assert (previous["arrowLeftOfText"], previous["transform"]) == (False, mirrored), place
    run.leave()
