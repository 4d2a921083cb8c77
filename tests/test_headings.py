"""Headings and links: every heading gets the id GitHub would give it, every link to an anchor
must reach a heading; a heading outline a screen reader cannot follow, text an author indented
by mistake and a web address left as plain text are warnings at their line."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from scormbuild.build import BuildOptions, build
from scormbuild.errors import CourseError
from scormbuild.load.markdown_source import PAGE_IDS, heading_anchor

from course_edits import found as diagnostics

ROOT = Path(__file__).resolve().parent.parent


def write_lesson(course: Path, body: str, name: str = "two.md") -> None:
    (course / "lessons" / name).write_text(f"---\ntitle: Lesson two\n---\n{body}",
                                          encoding="utf-8")


def page(zip_path: Path, name: str) -> str:
    with zipfile.ZipFile(zip_path) as z:
        return z.read(f"pages/{name}").decode("utf-8")


@pytest.mark.parametrize("text, anchor", [
    ("What is NTRK?", "what-is-ntrk"),
    ("  The TRK family: A, B & C ", "the-trk-family-a-b--c"),
    ("Larotrectinib (Vitrakvi®) dosing", "larotrectinib-vitrakvi-dosing"),
    ("Tumour-agnostic approval", "tumour-agnostic-approval"),
    ("Über RT-PCR", "über-rt-pcr"),
    ("snake_case stays", "snake_case-stays"),
    ("Dose per m²", "dose-per-m"),  # GitHub drops "other numbers" (², ½) too
    ("???", ""),
])
def test_anchors_are_made_as_github_makes_them(text: str, anchor: str) -> None:
    assert heading_anchor(text) == anchor


def test_headings_get_unique_ids_that_links_reach(minimal_course: Path, tmp_path: Path) -> None:
    write_lesson(minimal_course, "## What is NTRK?\n\nSee [the details](#details-of-ntrk) and "
                 "[its twin](#what-is-ntrk-1), [lesson one's heading](one.md#welcome).\n\n"
                 "### Details of `NTRK` [@ref1]\n\ntext\n\n## What is NTRK?\n\ntext\n\n"
                 "## Main\n\ntext\n\n## ***\n\ntext\n")
    assert diagnostics(minimal_course) == []
    result = build(minimal_course, tmp_path / "out", BuildOptions(), label="course",
                   use_cache=False)
    html = page(result.written[0].path, "m1-two.html")
    assert re.findall(r'<h[2-6] id="([^"]*)"', html) == [
        "what-is-ntrk", "details-of-ntrk", "what-is-ntrk-1", "main-1", "section",
        "sb-refs"]  # the last is the References heading of templates/lesson.html
    assert 'href="#details-of-ntrk"' in html and 'href="m1-one.html#welcome"' in html
    assert len(re.findall(r'\bid="main"', html)) == 1  # the page's own <main> keeps its id


def test_ids_the_page_template_uses_are_never_given_to_a_heading() -> None:
    """PAGE_IDS must hold every fixed id of the page around a lesson's text."""
    fixed = set()
    for name in ("base.html", "head.html", "support-notice.html", "lesson.html"):
        fixed.update(re.findall(r'\bid="([^"{]*)"', (ROOT / "templates" / name).read_text()))
    assert fixed <= set(PAGE_IDS)


def test_a_dead_anchor_is_an_error_with_a_suggestion(minimal_course: Path) -> None:
    write_lesson(minimal_course, "## What is NTRK?\n\nSee [above](#what-is-ntrk) and "
                 "[below](#what-is-trk), [one](one.md#welcom) and [one](one.md#intro).\n")
    found = diagnostics(minimal_course)
    assert found == [
        "course/lessons/two.md:6:40: error: link '#what-is-trk': this page has no heading "
        "with that anchor (a heading's text in lower case, spaces as '-', punctuation dropped): "
        "did you mean '#what-is-ntrk'?",
        "course/lessons/two.md:6:61: error: link '#welcom': 'course/lessons/one.md' has no "
        "heading with that anchor (a heading's text in lower case, spaces as '-', punctuation "
        "dropped): did you mean '#welcome'?",
        "course/lessons/two.md:6:86: error: link '#intro': 'course/lessons/one.md' has no "
        "heading with that anchor (a heading's text in lower case, spaces as '-', punctuation "
        "dropped); its headings' anchors are 'welcome'"]


def test_quiz_texts_link_to_lesson_headings_not_to_their_own(minimal_course: Path) -> None:
    check_file = minimal_course / "lessons" / "check.yaml"
    check_file.write_text(check_file.read_text(encoding="utf-8").replace(
        "rationale: Rayleigh scattering.",
        "rationale: See [lesson one](one.md#welcome) and [above](#kc-1)."), encoding="utf-8")
    assert diagnostics(minimal_course) == [
        "course/lessons/check.yaml:9:61: error: '#kc-1' links to a heading of this text, which "
        "has none: link to a lesson's heading ('lesson.md#kc-1')"]


def test_a_heading_removed_from_a_lesson_breaks_a_cached_link_to_it(minimal_course: Path,
                                                                    tmp_path: Path) -> None:
    """The linking lesson is replayed from the cache, and its link is checked again."""
    write_lesson(minimal_course, "## Two\n\nBack to [the welcome](one.md#welcome).\n")
    out = tmp_path / "out"
    build(minimal_course, out, BuildOptions(), label="course")
    one = minimal_course / "lessons" / "one.md"
    one.write_text(one.read_text(encoding="utf-8").replace("## Welcome", "## Hello"),
                   encoding="utf-8")
    for _ in range(2):  # rendered, then replayed
        with pytest.raises(CourseError) as failed:
            build(minimal_course, out, BuildOptions(), label="course")
        assert [str(d) for d in failed.value.diagnostics] == [
            "course/lessons/two.md:6:23: error: link '#welcome': 'course/lessons/one.md' has no "
            "heading with that anchor (a heading's text in lower case, spaces as '-', "
            "punctuation dropped); its headings' anchors are 'hello'"]


def test_heading_levels_a_screen_reader_can_follow(minimal_course: Path) -> None:
    write_lesson(minimal_course, "# Title again\n\ntext\n\n## Section\n\n#### Too deep\n\n"
                 "### Fine\n\n#### Fine\n\n## Back up is fine\n")
    assert diagnostics(minimal_course) == [
        "course/lessons/two.md:4:1: warning: a '#' heading is a second page title (the page's "
        "title is its only level-1 heading): use '##' for a section, '###' below it",
        "course/lessons/two.md:10:1: warning: this heading skips a level (h2 to h4), which "
        "confuses screen-reader users who move by heading levels: use '###'"]


def test_text_indented_by_mistake_is_a_warning(minimal_course: Path) -> None:
    write_lesson(minimal_course, "A paragraph.\n\n    Indented by mistake.\n\n"
                 "- a list item\n\n    its second paragraph, indented as it must be\n\n"
                 "```\nfenced code is meant\n```\n")
    assert diagnostics(minimal_course) == [
        "course/lessons/two.md:6:1: warning: this text is indented 4 spaces or more, so "
        "learners see it as code, in a fixed-width box with its Markdown shown as typed: "
        "remove the indent (to show code, fence it with ```)"]


def test_a_web_address_in_running_text_is_a_warning(minimal_course: Path) -> None:
    write_lesson(minimal_course, "See https://www.fda.gov/label.pdf. Also <https://example.org/a>, "
                 "[the EMA](https://www.ema.europa.eu), [https://x.org/y](https://x.org/y) "
                 "and `https://in.code/x`\n(https://pubmed.ncbi.nlm.nih.gov/123/).\n")
    assert diagnostics(minimal_course) == [
        "course/lessons/two.md:4:5: warning: 'https://www.fda.gov/label.pdf' is shown as plain "
        "text, not a link: write <https://www.fda.gov/label.pdf> or "
        "[text](https://www.fda.gov/label.pdf)",
        "course/lessons/two.md:5:2: warning: 'https://pubmed.ncbi.nlm.nih.gov/123/' is shown as "
        "plain text, not a link: write <https://pubmed.ncbi.nlm.nih.gov/123/> or "
        "[text](https://pubmed.ncbi.nlm.nih.gov/123/)"]


def test_the_flagship_outline_is_clean() -> None:
    found = diagnostics(ROOT / "course")
    assert not [d for d in found if "heading" in d or "indented" in d or "anchor" in d
                or "plain text" in d]
