"""Incremental builds (issue 14): an unchanged course is not rebuilt, an edited one reuses the
cache, and the cache never changes a byte of the output."""

from __future__ import annotations

import dataclasses
import os
import zlib
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Dict, List, Set, Tuple

import pytest
from click.testing import CliRunner

from scormbuild.build import BuildOptions, BuildResult, build, check
from scormbuild.cache import CACHE_FOLDER, BuildCache
from scormbuild.cli import main
from scormbuild.errors import CourseError
from scormbuild.pack_store import PackStore, entry_names
from scormbuild.package.editions import SCORM12
from scormbuild.package.entries import contents

if TYPE_CHECKING:
    from scormbuild.load.markdown_source import LinkContext

pytestmark = pytest.mark.slow


def run(course: Path, out: Path, use_cache: bool = True, **options: object) -> BuildResult:
    return build(course, out, BuildOptions(**options), label="course",  # type: ignore[arg-type]
                 use_cache=use_cache)


def zips(out: Path) -> Dict[str, Tuple[int, int, bytes]]:
    """Each zip's inode, modification time and bytes."""
    found = {}
    for path in sorted(out.glob("*.zip")):
        info = path.stat()
        found[path.name] = (info.st_ino, info.st_mtime_ns, path.read_bytes())
    return found


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_unchanged_course_is_not_rebuilt(minimal_course: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    first = run(minimal_course, out)
    before = zips(out)
    again = run(minimal_course, out)
    assert (again.up_to_date, again.course) == (True, None)
    assert zips(out) == before  # same inode, same time: not rewritten
    assert again.written == first.written
    assert again.summary == first.summary
    assert again.diagnostics == first.diagnostics


def test_warnings_of_the_last_build_are_repeated(minimal_course: Path, tmp_path: Path) -> None:
    (minimal_course / "notes.txt").write_text("not part of the course\n")
    first = run(minimal_course, tmp_path / "dist")
    assert [str(d) for d in first.diagnostics] == [
        "course/notes.txt: warning: file is not used by the course (not packaged)"]
    again = run(minimal_course, tmp_path / "dist")
    assert again.up_to_date and again.diagnostics == first.diagnostics


def test_a_touched_file_is_compared_by_content(minimal_course: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    run(minimal_course, out)
    before = zips(out)
    lesson = minimal_course / "lessons" / "one.md"
    os.utime(lesson, ns=(lesson.stat().st_atime_ns, lesson.stat().st_mtime_ns + 10**9))
    assert run(minimal_course, out).up_to_date
    assert zips(out) == before


@pytest.mark.parametrize("change", ["lesson", "media", "new file", "zip removed", "zip edited",
                                    "option", "epoch"])
def test_any_change_rebuilds(minimal_course: Path, tmp_path: Path, change: str,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "dist"
    run(minimal_course, out)
    options: Dict[str, object] = {}
    zip12 = next(out.glob("*-scorm12.zip"))
    if change == "lesson":
        edit(minimal_course / "lessons" / "two.md", "second lesson", "2nd lesson")
    elif change == "media":
        edit(minimal_course / "media" / "square.svg", "<svg", "<svg data-x='1'")
    elif change == "new file":
        (minimal_course / "media" / "extra.txt").write_text("x")
    elif change == "zip removed":
        zip12.unlink()
    elif change == "zip edited":
        zip12.write_bytes(zip12.read_bytes() + b"\0")
    elif change == "option":
        options["strict"] = True
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    again = run(minimal_course, out, **options)
    assert not again.up_to_date and again.course is not None
    assert zip12.is_file()


def cache_dir(out: Path) -> Path:
    (folder,) = (out / CACHE_FOLDER).iterdir()  # one course
    return folder


def damage_entries(out: Path, kind: str, damage: Callable[[bytes], bytes]) -> int:
    """Rewrite every entry of a kind through `damage`, as if it had been written wrong: the
    new bytes go into the pack with a CRC-32 that matches them, so only the kind's own checks
    can tell. Returns how many there were."""
    store = PackStore(cache_dir(out))
    names = [n for n in entry_names(cache_dir(out)) if n.startswith(kind + "/")]
    items = []
    for name in names:
        data = store.read(name)
        assert data is not None
        items.append((name, damage(data)))
    store.append(items)
    store.close()
    return len(names)


def counted(result: BuildResult, kind: str) -> Tuple[int, int]:
    """(hits, misses) of one kind of cache entry in a build."""
    assert result.cache is not None
    return result.cache.hits[kind], result.cache.misses[kind]


def test_one_lesson_edit_renders_only_that_lesson(minimal_course: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    assert counted(run(minimal_course, out), "lessons") == (0, 2)
    edit(minimal_course / "lessons" / "two.md", "second lesson", "2nd lesson")
    again = run(minimal_course, out)
    assert counted(again, "lessons") == (1, 1)
    # only the pages that show the lesson are rendered and deflated again (with their text,
    # as they are kept), and nothing else the editions share
    hits, misses = counted(again, "pages")
    assert misses == 2 and hits > 0  # the lesson's page and its module's page
    assert counted(again, "deflate")[1] == 0


def test_front_matter_that_validated_is_not_parsed_again(minimal_course: Path,
                                                         tmp_path: Path) -> None:
    out, lesson = tmp_path / "dist", minimal_course / "lessons" / "two.md"
    assert counted(run(minimal_course, out), "fronts") == (0, 2)
    edit(lesson, "The second lesson.", "The 2nd lesson.")             # the text only
    assert counted(run(minimal_course, out), "fronts") == (2, 0)
    edit(lesson, "title: Lesson two", "title: Lesson 2\nid: l-two")   # its front matter
    third = run(minimal_course, out)
    assert counted(third, "fronts") == (1, 1)
    fresh = run(minimal_course, tmp_path / "fresh", use_cache=False)
    assert {n: z[2] for n, z in zips(out).items()} == \
        {n: z[2] for n, z in zips(tmp_path / "fresh").items()}
    assert third.course is not None and fresh.course is not None
    assert third.course == dataclasses.replace(fresh.course, root=third.course.root)


def problems_of_two_checks(course: Path, cache: BuildCache) -> List[List[str]]:
    """What two checks in a row report, with one cache (in memory, as a preview keeps it: it
    holds what a failed check kept)."""
    found = []
    for _ in range(2):
        with pytest.raises(CourseError) as failed:
            check(course, BuildOptions(), "course", cache)
        found.append([str(d) for d in failed.value.diagnostics])
    return found


def test_front_matter_with_a_problem_is_reported_by_every_build(minimal_course: Path,
                                                                tmp_path: Path) -> None:
    """Only front matter that checked clean is kept: a warning or error is never skipped."""
    edit(minimal_course / "lessons" / "two.md", "title: Lesson two", "title: Lesson two\ntitel: x")
    assert problems_of_two_checks(minimal_course, BuildCache()) == 2 * [[
        "course/lessons/two.md:3:1: error: unknown key 'titel' (did you mean 'title'?)"]]


def test_yaml_with_a_problem_is_reported_by_every_check(minimal_course: Path) -> None:
    """Only a YAML file that parsed without a problem is kept parsed; what validation finds
    in a kept one is found again by every build (it is validated every time)."""
    module, cache = minimal_course / "lessons" / "module.yaml", BuildCache()
    edit(module, "title: The only module", "title: The only module\ntitle: Twice")
    assert problems_of_two_checks(minimal_course, cache) == 2 * [[
        "course/lessons/module.yaml:3:1: error: duplicate key 'title' (first given on line 2)"]]
    assert cache.hits["yaml"] > 0   # the other files came from the cache the second time
    edit(module, "title: Twice", "minutes: many")
    first, second = problems_of_two_checks(minimal_course, cache)
    assert first == second and any("minutes" in d for d in first)


def test_a_quiz_edit_renders_only_the_edited_text(minimal_course: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    first = run(minimal_course, out)
    assert first.cache is not None
    texts = first.cache.misses["texts"]
    assert texts > 5 and first.cache.hits["texts"] == 0
    edit(minimal_course / "lessons" / "check.yaml", "The sky is blue on a clear day.",
         "The sky is *blue* on a clear day.")
    again = run(minimal_course, out)
    assert again.cache is not None
    assert (again.cache.misses["texts"], again.cache.hits["texts"]) == (1, texts - 1)
    fresh = run(minimal_course, tmp_path / "fresh", use_cache=False)
    assert {n: z[2] for n, z in zips(out).items()} == \
        {n: z[2] for n, z in zips(tmp_path / "fresh").items()}
    assert [str(d) for d in again.diagnostics] == [str(d) for d in fresh.diagnostics]


def test_the_cache_never_changes_output_bytes(minimal_course: Path, tmp_path: Path) -> None:
    """After each edit, a cached build writes exactly the bytes of a build without the cache."""
    references = minimal_course / "references.yaml"
    references.write_text(references.read_text() + "- id: ref2\n  authors: Roe R\n"
                          "  title: Another paper.\n  journal: J Shapes\n  year: 2021\n")
    edit(minimal_course / "lessons" / "two.md", "[@ref1]", "[@ref2; @ref1]")
    edits = [
        # a new first citation in lesson one renumbers the references lesson two cites
        (minimal_course / "lessons" / "one.md", "[@ref1]", "[@ref2] [@ref1]"),
        (minimal_course / "lessons" / "two.md", "The second lesson.", "The 2nd lesson."),
        (minimal_course / "course.yaml", "title:", "title: Renamed"),
    ]
    cached, fresh = tmp_path / "cached", tmp_path / "fresh"
    for path, old, new in [(None, "", "")] + edits:
        if path is not None:
            edit(path, old, new)
        run(minimal_course, cached)
        run(minimal_course, fresh, use_cache=False)
        assert {n: z[2] for n, z in zips(cached).items()} == \
            {n: z[2] for n, z in zips(fresh).items()}
    assert not (fresh / CACHE_FOLDER).exists()


def test_a_removed_image_is_reported_although_the_lesson_is_cached(minimal_course: Path,
                                                                   tmp_path: Path) -> None:
    run(minimal_course, tmp_path / "dist")
    (minimal_course / "media" / "square.svg").unlink()
    with pytest.raises(CourseError) as failed:
        run(minimal_course, tmp_path / "dist")
    assert [str(d) for d in failed.value.diagnostics] == [
        "course/lessons/one.md:9:18: error: '../media/square.svg' does not exist"]


def test_a_failed_first_build_writes_nothing(minimal_course: Path, tmp_path: Path) -> None:
    edit(minimal_course / "lessons" / "one.md", "[@ref1]", "[@nope]")
    with pytest.raises(CourseError):
        run(minimal_course, tmp_path / "dist")
    assert not (tmp_path / "dist").exists()


def test_no_cache_rebuilds_and_keeps_no_cache(minimal_course: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    run(minimal_course, out, use_cache=False)
    before = zips(out)
    again = run(minimal_course, out, use_cache=False)
    assert not again.up_to_date and again.cache is None
    assert {n: z[2] for n, z in zips(out).items()} == {n: z[2] for n, z in before.items()}
    assert {n: z[1] for n, z in zips(out).items()} != {n: z[1] for n, z in before.items()}
    assert not (out / CACHE_FOLDER).exists()
    assert run(minimal_course, out).up_to_date  # its stamp serves the next build


def test_cli_says_up_to_date(minimal_course: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    args = ["build", str(minimal_course), "--out", str(out), "--edition", "1.2"]
    assert CliRunner().invoke(main, args).output.startswith("wrote ")
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0
    assert again.output.startswith(f"up to date {out / 'minimal-course-1.0-scorm12.zip'} (")
    assert CliRunner().invoke(main, args + ["--no-cache"]).output.startswith("wrote ")


def test_preview_reuses_an_in_memory_cache(minimal_course: Path) -> None:
    """What a preview server does: one BuildCache across checks; pages served from packages."""
    cache = BuildCache()
    options = BuildOptions(editions=(SCORM12,))
    check(minimal_course, options, "course", cache)
    edit(minimal_course / "lessons" / "two.md", "second lesson", "2nd lesson")
    cache.hits.clear()
    cache.misses.clear()
    result = check(minimal_course, options, "course", cache)
    assert (cache.hits["lessons"], cache.misses["lessons"]) == (1, 1)
    assert cache.held("lessons") == 2  # the edited lesson's old rendering was dropped
    pages = [e for e in result.packages["scorm12"] if e.path.endswith(".html")]
    assert cache.held("pages") == len(pages)  # and the edited pages' old renderings
    page = next(e for e in result.packages["scorm12"] if e.path == "pages/m1-two.html")
    assert b"The 2nd lesson." in contents(page)


def test_compiled_templates_are_kept_in_the_cache_folder(minimal_course: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A later process takes the compiled templates from the cache; an edited course template
    is compiled again (Jinja checks each entry against the template's source)."""
    from scormbuild.render import pages

    out, options = tmp_path / "dist", BuildOptions(editions=(SCORM12,))
    build(minimal_course, out, options, label="course")
    assert [n for n in entry_names(cache_dir(out)) if n.startswith("templates/")]
    pages._COMPILED.clear()  # what a new process starts with
    edit(minimal_course / "lessons" / "two.md", "second lesson", "2nd lesson")
    again = build(minimal_course, out, options, label="course")
    assert again.cache is not None
    assert again.cache.hits["templates"] > 0 and again.cache.misses["templates"] == 0
    monkeypatch.setattr("scormbuild.cache.code_fingerprint", lambda: "another scormbuild")
    pages._COMPILED.clear()  # another scormbuild (its environment options may differ)
    edit(minimal_course / "lessons" / "two.md", "2nd lesson", "second lesson")
    other = build(minimal_course, out, options, label="course")
    assert other.cache is not None
    assert other.cache.hits["templates"] == 0 and other.cache.misses["templates"] > 0
    monkeypatch.undo()
    override = minimal_course / "templates" / "lesson.html"
    override.parent.mkdir()
    override.write_text('{% extends "builtin/lesson.html" %}{% block content %}'
                        '<p>Override one.</p>{{ super() }}{% endblock %}\n')
    build(minimal_course, out, options, label="course")
    pages._COMPILED.clear()
    override.write_text(override.read_text().replace("Override one", "Override two"))
    result = build(minimal_course, out, options, label="course")
    with zipfile.ZipFile(result.written[0].path) as archive:
        text = archive.read("pages/m1-two.html").decode("utf-8")
    assert "Override two" in text and "Override one" not in text


@pytest.mark.parametrize("kind, damage", [
    ("lessons", lambda data: b"{not json"),
    ("lessons", lambda data: data.replace(b'"html": "', b'"html": "AAAA')),
    ("lessons", lambda data: data.replace(b'"media_at"', b'"media_where"')),
    ("fronts", lambda data: data[:-5]),
    ("fronts", lambda data: b'{"front": {"title": 5, "minutes": -1}, "where": ["x", 1, 1]}'),
    ("texts", lambda data: data[:-5]),
    ("yaml", lambda data: data[:-5]),
    ("yaml", lambda data: data.replace(b'"map"', b'"nap"')),
    ("yaml", lambda data: data.replace(b'"path":"course/', b'"path":"elsewhere/')),
    ("texts", lambda data: b"[]"),
    ("deflate", lambda data: data[:-3]),
    ("deflate", lambda data: bytes([data[0] ^ 0xFF]) + data[1:]),
    ("pages", lambda data: b"\xff\xfe" + data),
    ("pages", lambda data: data[:-10] + bytes([data[-10] ^ 1]) + data[-9:]),  # deflated bytes
    ("pages", lambda data: data[:33] + bytes([data[33] ^ 1]) + data[34:]),    # its CRC-32
    ("pages", lambda data: data[:20]),
    ("templates", lambda data: data[:60] + b"\x80\x04garbage" + data[72:]),
    ("templates", lambda data: data[:-40]),
    ("templates", lambda data: data[:-200] + bytes([data[-200] ^ 1]) + data[-199:]),
])
def test_a_damaged_cache_entry_is_not_used(minimal_course: Path, tmp_path: Path, kind: str,
                                           damage: Callable[[bytes], bytes]) -> None:
    """An entry changed on disk (bit rot, a hand edit) is counted as a miss and the work is
    done again: the zips are those of a build without the cache, and no traceback."""
    out = tmp_path / "dist"
    run(minimal_course, out, editions=(SCORM12,))
    entries = damage_entries(out, kind, damage)
    assert entries
    if kind == "templates":   # wanted only when a page is rendered, by a new process
        from scormbuild.render import pages
        pages._COMPILED.clear()
        edit(minimal_course / "course.yaml", "title: Minimal", "title: Renamed")
    again = run(minimal_course, out)   # both editions: the same lessons and pages looked up
    assert again.cache is not None
    assert again.cache.misses[kind] >= entries and again.cache.hits[kind] == 0
    fresh = run(minimal_course, tmp_path / "fresh", use_cache=False)
    assert {n: z[2] for n, z in zips(out).items()} == \
        {n: z[2] for n, z in zips(tmp_path / "fresh").items()}
    assert [str(d) for d in again.diagnostics] == [str(d) for d in fresh.diagnostics]
    third = run(minimal_course, out, use_cache=True)   # the entries were written again
    assert third.up_to_date


@pytest.mark.parametrize("text", ["", "[]", "{", '{"format": 999}', "null", '"text"'])
def test_a_damaged_stamp_means_a_full_build(minimal_course: Path, tmp_path: Path,
                                            text: str) -> None:
    out = tmp_path / "dist"
    run(minimal_course, out)
    for stamp in out.glob(".scormbuild-*.json"):
        stamp.write_text(text, encoding="utf-8")
    again = run(minimal_course, out)
    assert not again.up_to_date and again.written
    assert run(minimal_course, out).up_to_date   # and a good stamp is written again


def _link_context(root: Path, pages: Dict[Path, str], references: Set[str]) -> LinkContext:
    from scormbuild.errors import Diagnostics
    from scormbuild.load.markdown_source import LinkContext

    return LinkContext(root=root, file=root / "m" / "a.md", display="m/a.md", line_offset=3,
                       lesson_pages=pages, reference_ids=references, reference_numbers={},
                       diagnostics=Diagnostics())


def test_a_new_page_map_or_reference_list_of_the_same_size_is_a_new_key(tmp_path: Path) -> None:
    """The shared part of a text's key is computed once per page map and reference set (a
    preview's in-memory cache outlives many loading runs): a later run whose map or set has the
    same size but other contents must not be served the last run's HTML."""
    root = tmp_path.resolve()
    cache, text = BuildCache(), "See [the next lesson](b.md) [@R1]."
    lesson = root / "m" / "b.md"
    lesson.parent.mkdir()
    lesson.write_text("---\ntitle: B\n---\nB\n", encoding="utf-8")
    renders = []
    for page, refs in (("m1-b.html", {"R1"}), ("m1-b.html", {"R1"}),
                       ("m1-renamed.html", {"R1"}), ("m1-renamed.html", {"R2"})):
        ctx = _link_context(root, {lesson: page}, set(refs))
        html = zlib.decompress(cache.loading("listing").render_lesson(text, ctx)).decode("utf-8")
        renders.append((html, [d.message for d in ctx.diagnostics.items]))
    assert cache.hits["lessons"] == 1 and cache.misses["lessons"] == 3
    assert renders[0] == renders[1]
    assert 'href="m1-b.html"' in renders[0][0] and 'href="m1-renamed.html"' in renders[2][0]
    assert renders[2][1] == [] and any("R1" in m for m in renders[3][1])
