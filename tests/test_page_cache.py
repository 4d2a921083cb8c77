"""Rendered pages in the build cache (issue 14): a page whose template context is unchanged is
not rendered again, and the key that says so is sound (scormbuild.render.page_keys)."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path
from typing import Dict, Set

import pytest
from paths import REPO

from scormbuild.build import BuildOptions, build, check
from scormbuild.cache import BuildCache
from scormbuild.load.course_loader import load_course
from scormbuild.model import Course, Lesson, pack_text
from scormbuild.package.editions import SCORM12
from scormbuild.package.entries import contents
from scormbuild.render import page_keys
from scormbuild.render.pages import iter_pages


def with_lesson_html(course: Course, lesson_id: str, html: str) -> Course:
    """The course with one lesson's HTML replaced (everything else the same objects)."""
    modules = tuple(dataclasses.replace(m, lessons=tuple(
        dataclasses.replace(lesson, body_packed=pack_text(html)) if lesson.id == lesson_id
        else lesson for lesson in m.lessons)) for m in course.modules)
    return dataclasses.replace(course, modules=modules)


@pytest.fixture(scope="module")
def flagship() -> Course:
    course, _ = load_course(REPO / "course", None, False)
    return course


def test_no_page_reads_the_html_of_a_lesson_its_item_does_not_hold(flagship: Course) -> None:
    """The property the page keys rest on, on every page kind of the flagship: changing one
    lesson's HTML changes its own page and at most its module's page, nothing else."""
    before = dict(iter_pages(flagship))
    for module in flagship.modules:
        for lesson in module.lessons:
            changed = with_lesson_html(flagship, lesson.id, lesson.body_html + "<p>Changed.</p>")
            after = dict(iter_pages(changed))
            differ: Set[str] = {path for path in before if before[path] != after[path]}
            assert f"pages/{lesson.id}.html" in differ
            assert differ <= {f"pages/{lesson.id}.html", f"pages/{module.id}.html"}, lesson.id


def test_the_built_in_templates_read_lesson_html_only_through_the_page_item() -> None:
    """The same property, read from the templates themselves (branches the flagship does not
    take included): lesson HTML is read as `item.body_html`, in the lesson template only."""
    import re

    from scormbuild.resources import templates_dir

    found = {(path.name, match.group(0))
             for path in sorted(templates_dir().rglob("*.html"))
             for match in re.finditer(r"[\w.\]\[]*body_(?:html|packed)\w*",
                                      path.read_text(encoding="utf-8"))}
    assert found == {("lesson.html", "item.body_html")}


def test_the_shared_digest_leaves_lesson_html_out_and_held_html_keeps_it(
        flagship: Course) -> None:
    module = flagship.modules[0]
    lesson = module.lessons[0]
    changed = with_lesson_html(flagship, lesson.id, "<p>Other.</p>")
    assert page_keys.shared_digest({"course": flagship}) == \
        page_keys.shared_digest({"course": changed})
    other = changed.modules[0].lessons[0]
    assert page_keys.held_html(lesson) != page_keys.held_html(other)
    assert page_keys.held_html(module) != page_keys.held_html(changed.modules[0])
    assert page_keys.held_html(module.lessons[1]) == page_keys.held_html(
        changed.modules[0].lessons[1])
    assert page_keys.held_html(flagship.quizzes()[0]) == ""
    retitled = dataclasses.replace(lesson, title="Another title")
    assert page_keys.shared_digest({"x": lesson}) != page_keys.shared_digest({"x": retitled})
    assert page_keys.shared_digest({"x": ("a", 1)}) != page_keys.shared_digest({"x": ("a", "1")})
    assert page_keys.shared_digest({"x": ["ab"]}) != page_keys.shared_digest({"x": ["a", "b"]})


def test_every_flagship_page_comes_from_the_cache_the_second_time(flagship: Course) -> None:
    """The whole template context of the flagship (every question type) can be digested."""
    cache = BuildCache()
    first = list(iter_pages(flagship, cache))
    rendered = cache.misses["pages"]
    assert rendered == len([p for p, _ in first if p.endswith(".html")]) and rendered > 30
    assert list(iter_pages(flagship, cache)) == first
    assert cache.hits["pages"] == rendered and cache.misses["pages"] == rendered


def test_a_value_the_digest_does_not_know_is_refused() -> None:
    with pytest.raises(TypeError, match="cannot digest a set"):
        page_keys.shared_digest({"x": {"a"}})


def pages_of(zip_path: Path) -> Dict[str, bytes]:
    with zipfile.ZipFile(zip_path) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.startswith("pages/")}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.slow
def test_a_lesson_edit_renders_its_page_and_its_module_page_only(minimal_course: Path,
                                                                 tmp_path: Path) -> None:
    out, options = tmp_path / "dist", BuildOptions(editions=(SCORM12,))
    first = build(minimal_course, out, options, label="course")
    assert first.cache is not None
    rendered = first.cache.misses["pages"]
    assert rendered > 5 and first.cache.hits["pages"] == 0
    edit(minimal_course / "lessons" / "two.md", "The second lesson.", "The 2nd lesson.")
    again = build(minimal_course, out, options, label="course")
    assert again.cache is not None
    assert (again.cache.misses["pages"], again.cache.hits["pages"]) == (2, rendered - 2)
    fresh = build(minimal_course, tmp_path / "fresh", options, label="course", use_cache=False)
    assert pages_of(again.written[0].path) == pages_of(fresh.written[0].path)
    assert b"The 2nd lesson." in pages_of(again.written[0].path)["pages/m1-two.html"]
    edit(minimal_course / "lessons" / "two.md", "title: Lesson two", "title: Lesson 2")
    retitled = build(minimal_course, out, options, label="course")   # every page lists it
    assert retitled.cache is not None and retitled.cache.hits["pages"] == 0


@pytest.mark.slow
def test_a_course_with_its_own_templates_has_no_cached_pages(minimal_course: Path,
                                                             tmp_path: Path) -> None:
    override = minimal_course / "templates" / "module.html"
    override.parent.mkdir()
    override.write_text('{% extends "builtin/module.html" %}{% block content %}'
                        "{% for l in item.lessons %}{{ l.body_html | safe }}{% endfor %}"
                        "{{ super() }}{% endblock %}\n")
    out, options = tmp_path / "dist", BuildOptions(editions=(SCORM12,))
    build(minimal_course, out, options, label="course")
    edit(minimal_course / "lessons" / "one.md", "# ", "# Edited ")
    again = build(minimal_course, out, options, label="course")
    assert again.cache is not None
    assert again.cache.hits["pages"] == again.cache.misses["pages"] == 0
    fresh = build(minimal_course, tmp_path / "fresh", options, label="course", use_cache=False)
    assert pages_of(again.written[0].path) == pages_of(fresh.written[0].path)


@pytest.mark.slow
def test_a_preview_renders_only_the_edited_pages_again(minimal_course: Path) -> None:
    cache, options = BuildCache(), BuildOptions(editions=(SCORM12,))
    check(minimal_course, options, "course", cache)
    edit(minimal_course / "lessons" / "two.md", "The second lesson.", "The 2nd lesson.")
    cache.hits.clear()
    cache.misses.clear()
    result = check(minimal_course, options, "course", cache)
    assert cache.misses["pages"] == 2 and cache.hits["pages"] > 0
    page = next(e for e in result.packages["scorm12"] if e.path == "pages/m1-two.html")
    assert b"The 2nd lesson." in contents(page)


def test_a_cached_lesson_remembers_where_it_first_uses_each_file(flagship: Course) -> None:
    """Lessons and quiz texts replayed from the cache leave the course exactly as rendering
    them does, including each media file's first use (diagnostics about the file name that
    place) and the references' numbers."""
    from scormbuild.build import listing_digest, scan_tree

    cache = BuildCache()
    listing = listing_digest(scan_tree(REPO / "course"))
    fresh, _ = load_course(REPO / "course", None, store=cache.loading(listing))
    replayed, _ = load_course(REPO / "course", None, store=cache.loading(listing))
    assert cache.hits["lessons"] == len(fresh.lessons()) > 0
    assert cache.hits["fronts"] == len(fresh.lessons())
    assert cache.hits["texts"] == cache.misses["texts"] > 400   # every quiz text, replayed
    plain, _ = load_course(REPO / "course", None)
    assert plain == fresh
    assert any(m.used_at is not None for m in replayed.media)
    assert replayed == fresh
    assert isinstance(fresh.lessons()[0], Lesson)
