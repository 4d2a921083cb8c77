"""RealPaths resolves exactly as os.path.realpath (under Path.resolve()) does, with each folder
checked once; a symlink loop is no exception (the path then names no file)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import List

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scormbuild.load.real_paths import RealPaths

pytestmark = pytest.mark.skipif(os.name != "posix", reason="elsewhere RealPaths is Path.resolve")

PARTS = st.sampled_from(["a", "b", "file.md", "..", ".", "link-a", "link-up", "loop",
                         "dangling", "missing", "link-file"])


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tree")
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "file.md").write_text("x")
    (root / "a" / "file.md").write_text("y")
    (root / "link-a").symlink_to(root / "a")                  # absolute
    (root / "a" / "b" / "link-up").symlink_to("../..")         # relative, upwards
    (root / "a" / "loop").symlink_to("loop")                   # a loop
    (root / "a" / "dangling").symlink_to("nowhere/at/all")
    (root / "a" / "b" / "link-file").symlink_to("file.md")
    (root / "a" / "b" / "link-a").symlink_to(root / "link-a")  # a link to a link
    return root


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(PARTS, max_size=8))
def test_the_same_answer_as_realpath(tree: Path, parts: List[str]) -> None:
    real = RealPaths()
    path = tree.joinpath(*parts)
    assert real(path) == Path(os.path.realpath(path))
    assert real(path) == Path(os.path.realpath(path))          # from what it remembers
    above = Path(str(path) + "/..")
    assert real(above) == Path(os.path.realpath(above))


def test_a_relative_path_is_resolved_as_path_resolve_does(tree: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree / "a")
    assert RealPaths()(Path("b/link-up/a")) == Path("b/link-up/a").resolve()
    double = Path("/" + str(tree / "a"))   # '//…': POSIX leaves its meaning open
    assert RealPaths()(double) == double.resolve() == tree / "a"
    assert RealPaths()(tree / "a" / "b" / "link-up") == (tree / "a" / "b" / "link-up").resolve()


def test_each_folder_is_checked_once(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []
    lstat = os.lstat

    def counting(path: str) -> os.stat_result:
        seen.append(path)
        return lstat(path)

    real = RealPaths()
    monkeypatch.setattr(os, "lstat", counting)
    real(tree / "a" / "b" / "file.md")
    first = len(seen)
    real(tree / "a" / "file.md")
    real(tree / "a" / "b" / "file.md")
    assert len(seen) == first + 1   # only the new name


def test_a_link_to_a_symlink_loop_is_a_diagnostic_not_a_traceback(minimal_course: Path) -> None:
    """Path.resolve() raised RuntimeError on a loop, and the build printed a traceback."""
    from scormbuild.errors import CourseError
    from scormbuild.load.course_loader import load_course

    (minimal_course / "media" / "loopy").symlink_to("loopy")
    lesson = minimal_course / "lessons" / "two.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(
        "[the source](https://example.org/paper)", "[the source](../media/loopy)"),
        encoding="utf-8")
    with pytest.raises(CourseError) as failed:
        load_course(minimal_course, "course")
    assert [str(d) for d in failed.value.diagnostics] == [
        "course/lessons/two.md:4:46: error: '../media/loopy' is a symbolic link that leads round "
        "in a loop (links to links, never a file)"]


@pytest.mark.parametrize("link, message", [
    ("broken.svg", "is a symbolic link that leads round in a loop (links to links, never a file)"),
    ("gone.svg", "is a symbolic link whose target does not exist"),
])
def test_a_broken_link_says_what_is_wrong_with_it(minimal_course: Path, link: str,
                                                  message: str) -> None:
    """A symbolic link that loops or dangles is named as such, wherever a course names a file:
    an image in a lesson and a lesson in module.yaml alike (both used to say 'does not
    exist', which sends an author looking for a file that is there)."""
    from scormbuild.errors import CourseError
    from scormbuild.load.course_loader import load_course

    (minimal_course / "media" / "broken.svg").symlink_to(link)
    (minimal_course / "lessons" / "three.md").symlink_to("../media/broken.svg")
    lesson = minimal_course / "lessons" / "two.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n![A figure](../media/broken.svg)\n",
                      encoding="utf-8")
    module = minimal_course / "lessons" / "module.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "  - two.md\n", "  - two.md\n  - three.md\n"), encoding="utf-8")
    with pytest.raises(CourseError) as failed:
        load_course(minimal_course, "course")
    assert [str(d) for d in failed.value.diagnostics] == [
        f"course/lessons/module.yaml:9:5: error: lesson 'three.md' {message}",
        f"course/lessons/two.md:6:13: error: '../media/broken.svg' {message}"]
