"""Rendering: template overrides, strict templates, the runtime's course data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scormbuild.build import BuildOptions, check
from scormbuild.errors import CourseError
from scormbuild.load.course_loader import load_course
from scormbuild.render.pages import render_pages
from scormbuild.render import state_keys
from scormbuild.text_direction import direction


def test_course_template_override_can_extend_the_builtin(minimal_course: Path) -> None:
    override = minimal_course / "templates" / "lesson.html"
    override.parent.mkdir()
    override.write_text('{% extends "builtin/lesson.html" %}{% block content %}'
                        '<p class="house-style">Hospital banner</p>{{ super() }}{% endblock %}')
    course, diagnostics = load_course(minimal_course, "course")
    assert diagnostics.items == []  # the override folder is not an unused file
    page = render_pages(course)["pages/m1-one.html"]
    assert '<p class="house-style">Hospital banner</p>' in page
    assert "<h1>Lesson one</h1>" in page


def with_reference_override(course_root: Path, template: str):
    """The course loaded with its own templates/reference.html."""
    override = course_root / "templates" / "reference.html"
    override.parent.mkdir()
    override.write_text(template)
    return load_course(course_root, "course")[0]


def test_reference_override_shows_in_lessons_and_on_the_references_page(
        minimal_course: Path) -> None:
    """reference.html is rendered once per reference (not included per citation); an override
    still applies wherever a reference is listed."""
    course = with_reference_override(minimal_course,
                                     '<span class="house">{{ ref.id }}: {{ ref | citation }}</span>')
    pages = render_pages(course)
    for name in ("pages/m1-one.html", "pages/references.html"):
        assert re.search(r'<li[^>]*><span class="house">ref1: ', pages[name]), name


def test_mistake_in_a_reference_override_names_its_file(minimal_course: Path) -> None:
    course = with_reference_override(minimal_course, "{{ ref.no_such_field }}")
    with pytest.raises(CourseError) as caught:
        render_pages(course)
    assert "templates/reference.html:1: error: template error: " in caught.value.format_message()


def test_template_mistake_is_a_diagnostic_not_a_traceback(minimal_course: Path) -> None:
    override = minimal_course / "templates" / "lesson.html"
    override.parent.mkdir()
    override.write_text("{{ no_such_variable }}")
    course, _ = load_course(minimal_course, "course")
    with pytest.raises(CourseError) as caught:
        render_pages(course)
    assert "template error: 'no_such_variable' is undefined" in caught.value.format_message()


def test_course_data_carries_sequence_rules_and_keys(minimal_course: Path) -> None:
    course, _ = load_course(minimal_course, "course")
    script = render_pages(course)["runtime/course-data.js"]
    data = json.loads(script.split("= ", 1)[1].rstrip(";\n"))
    assert [p["id"] for p in data["pages"]] == [
        "start", "m1", "m1-one", "m1-two", "m1-check", "final", "survey", "completion"]
    assert data["completion"] == {"passingScore": 50.0, "attempts": 2, "requireAllLessons": True,
                                  "requireSurvey": True, "scorm12Status": "passed-incomplete",
                                  "lessonViewedSeconds": 30,
                                  "finalAssessment": "final", "survey": "survey"}
    final = data["quizzes"]["final"]["questions"]
    assert final[1] == {"id": "fa-2", "type": "multiple-response", "weight": 1.0, "objective": "lo1",
                        "description": "Which are even?", "choices": ["a", "b", "c"],
                        "correct": ["a", "c"], "key": state_keys.short_key(
                            state_keys.question_material("final", final[1]), data["keyLength"]),
                        # the interaction record's key: its quiz and id only
                        "slot": state_keys.short_key("slot:final:fa-2", data["keyLength"])}
    assert data["keyLength"] == 4 and len(data["fingerprint"]) == 8
    assert data["pages"][1]["key"] == state_keys.short_key("page:m1", 4)
    assert data["tracking"] == {"keepAliveMinutes": 5, "interactions": [
        "knowledge-check", "assessment", "survey"], "descriptions": False}


def test_question_keys_change_with_what_an_answer_means() -> None:
    base = {"id": "q1", "type": "single-choice", "choices": ["a", "b"], "correct": ["a"]}
    key = state_keys.question_material("quiz", base)
    # a corrected answer key keeps stored answers; new or reordered options drop them
    assert state_keys.question_material("quiz", dict(base, correct=["b"])) == key
    assert state_keys.question_material("quiz", dict(base, choices=["b", "a"])) != key
    assert state_keys.question_material("other", base) != key
    assert state_keys.short_key("page:start", 4) == state_keys.short_key("page:start", 6)[:4]


def test_a_key_clash_costs_only_the_clashing_items() -> None:
    """p24 and p239 share the 4-character key 9zay. Neither gets it, every other key stays, so a
    record saved before p239 was added neither restores p24 under the wrong page nor loses the
    other pages (and a record saved with the clash lends nothing once it is gone)."""
    natural = state_keys.short_key("page:p24", 4)
    assert natural == state_keys.short_key("page:p239", 4) == "9zay"
    before = state_keys.unique_keys(["page:start", "page:p24", "page:p9"])
    after = state_keys.unique_keys(["page:start", "page:p24", "page:p239", "page:p9"])
    assert before == [state_keys.short_key(m, 4) for m in ("page:start", "page:p24", "page:p9")]
    assert [after[0], after[3]] == [before[0], before[2]]
    assert natural not in after and len(set(after)) == 4
    assert all(len(key) == 4 for key in after)
    assert set(after) & set(before) == {before[0], before[2]}
    assert state_keys.unique_keys(["page:start", "page:p24", "page:p239", "page:p9"]) == after


def test_pages_name_no_edition(minimal_course: Path) -> None:
    result = check(minimal_course, BuildOptions(), "course")
    course, _ = load_course(minimal_course, "course")
    for path, text in render_pages(course).items():
        assert not re.search(r"SCORM[ _-]?(1\.2|2004)|cmi\.|API_1484_11", text), path
    assert result.packages


def test_table_of_contents_groups_each_modules_pages_under_it() -> None:
    from scormbuild.render.plan import PagePlan, table_of_contents
    pages = (PagePlan("start", "Start", "start", None, False),
             PagePlan("m1", "One", "module", "m1", False),
             PagePlan("l1", "L1", "lesson", "m1", True),
             PagePlan("kc1", "Check", "quiz", "m1", False),
             PagePlan("m2", "Two", "module", "m2", False),
             PagePlan("l2", "L2", "lesson", "m2", True),
             PagePlan("final", "Final", "quiz", None, False),
             PagePlan("completion", "Done", "completion", None, False))
    toc = table_of_contents(pages)
    assert [(p.id, [c.id for c in children]) for p, children in toc] == [
        ("start", []), ("m1", ["l1", "kc1"]), ("m2", ["l2"]), ("final", []), ("completion", [])]


@pytest.mark.parametrize("language, expected", [
    ("he", "rtl"), ("ar-EG", "rtl"), ("fa", "rtl"), ("ur-PK", "rtl"), ("pa-Arab", "rtl"),
    ("ur-Latn", "ltr"), ("ku", "ltr"), ("en-GB", "ltr"), ("az-Arab-IR", "rtl"), ("zh-yue-Hant", "ltr"),
])
def test_the_language_tag_decides_the_writing_direction(language: str, expected: str) -> None:
    assert direction(language) == expected


def test_pages_of_a_left_to_right_course_name_no_direction(minimal_course: Path) -> None:
    course, _ = load_course(minimal_course, "course")
    assert all("dir=" not in page.split("\n", 2)[1] for page in render_pages(course).values()
               if page.startswith("<!DOCTYPE html>"))
