"""What a build keeps in memory (docs/performance.md, "Memory"): lesson text compressed, deflated
pages in a spool file that has no name and leaves nothing behind."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import pytest

from scormbuild.build import BuildOptions, build
from scormbuild.errors import CourseError, OutputError
from scormbuild.model import Lesson, pack_text
from scormbuild.package.spool import Spool


def test_a_lesson_keeps_its_html_compressed_and_gives_it_back_exactly() -> None:
    html = "<p>Larotrectinib — TRK ✓</p>\n" * 200
    lesson = Lesson("m1-a", "A", 5, pack_text(html), ("R1",), "lessons/a.md")
    assert lesson.body_html == html
    assert len(lesson.body_packed) < len(html.encode("utf-8")) // 10


def test_the_spool_gives_back_what_it_was_given(tmp_path: Path) -> None:
    with Spool(tmp_path / "not" / "there" / "yet") as spool:  # the nearest existing folder
        items = [(spool.add(data), data) for data in (b"abc", b"", bytes(range(256)) * 300)]
        assert [item.read() for item, _ in items] == [data for _, data in items]
    assert list(tmp_path.iterdir()) == []  # never a name in the folder
    with pytest.raises(ValueError, match="closed"):
        items[0][0].read()  # its bytes are gone


def test_a_spool_that_cannot_be_written_is_an_output_error(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(**_kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    with pytest.raises(OutputError, match="cannot write a temporary file .Permission denied"):
        Spool(tmp_path).add(b"page")


@pytest.mark.slow
def test_a_build_holds_pages_in_its_spool_and_leaves_no_file(minimal_course: Path,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "dist"
    result = build(minimal_course, out, BuildOptions(), label="course")
    pages = [e for entries in result.packages.values() for e in entries if e.packed is not None]
    assert pages and all(e.data is None and e.packed is not None and e.packed.data is None
                         and e.packed.spooled is not None for e in pages)
    with zipfile.ZipFile(result.written[0].path) as archive:  # what was spooled is what is zipped
        assert archive.testzip() is None
        assert archive.read("index.html").startswith(b"<!DOCTYPE html>")
    lesson = minimal_course / "lessons" / "one.md"
    lesson.write_text(lesson.read_text() + "\n[a link](missing.md)\n")
    with pytest.raises(CourseError):
        build(minimal_course, out, BuildOptions(), label="course")
    left = [p for p in tmp_path.rglob("*") if "spool" in p.name]
    assert left == []
