"""The up-to-date check and the cache against what users and tools do to files (issue 14): a
file replaced with its old size and time put back, a file saved while a build runs, symbolic
links retargeted, files in folders scormbuild never reads, an LMS profile file edited,
environment limits, the output folder inside the course, stamps of the wrong shape, killed
builds. Each case was first reproduced against the build (a stale zip kept, a corrupt zip, a
lost warning or a traceback); each test checks a build with the stamp and cache against one
without, byte for byte."""

from __future__ import annotations

import json
import os
import shutil
import time
import zipfile
import zlib
from pathlib import Path
from typing import Dict, List

import pytest

from scormbuild.build import BuildOptions, BuildResult, build
from scormbuild.errors import CourseError, OutputError
from scormbuild.stamp import SMALL_FILE

pytestmark = pytest.mark.slow


def run(course: Path, out: Path, use_cache: bool = True, **options: object) -> BuildResult:
    return build(course, out, BuildOptions(**options), label="course",  # type: ignore[arg-type]
                 use_cache=use_cache)


def zips(out: Path) -> Dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.zip"))}


def same_as_fresh(course: Path, out: Path, tmp_path: Path, **options: object) -> BuildResult:
    """Build with the stamp and cache, then without into a new folder: same bytes, same words."""
    cached = run(course, out, **options)
    fresh_out = tmp_path / f"fresh-{len(list(tmp_path.glob('fresh-*')))}"
    fresh = run(course, fresh_out, use_cache=False, **options)
    assert zips(out) == zips(fresh_out)
    assert [str(d) for d in cached.diagnostics] == [str(d) for d in fresh.diagnostics]
    for path in out.glob("*.zip"):
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
    return cached


def replace_keeping_time(path: Path, data: bytes) -> None:
    """Write new bytes of the same size and put the old times back (cp -p, rsync -t, tar x)."""
    info = path.stat()
    assert len(data) == info.st_size
    path.write_bytes(data)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def age(course: Path) -> None:
    """Every file last modified an hour ago: out of the window in which the stamp reads a
    file whatever its state says (RACY_NS), as a course edited yesterday is."""
    hour_ago = time.time_ns() - 3600 * 10**9
    for path in course.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(hour_ago, hour_ago))


def add_big_image(course: Path) -> Path:
    """A PNG above SMALL_FILE (its stamp digest is its CRC-32), used by lesson one."""
    image = course / "media" / "big.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * (SMALL_FILE // 256 + 16))
    lesson = course / "lessons" / "one.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n![A big picture](../media/big.png)\n",
                      encoding="utf-8")
    return image


# ---------------------------------------------------------------- same size, same time


def test_a_lesson_replaced_with_its_old_size_and_time_is_rebuilt(minimal_course: Path,
                                                                 tmp_path: Path) -> None:
    age(minimal_course)
    out = tmp_path / "dist"
    run(minimal_course, out)
    lesson = minimal_course / "lessons" / "two.md"
    replace_keeping_time(lesson, lesson.read_bytes().replace(b"second", b"SECOND"))
    again = same_as_fresh(minimal_course, out, tmp_path)
    assert not again.up_to_date


def test_a_big_medium_replaced_with_its_old_size_and_time_is_packaged_whole(
        minimal_course: Path, tmp_path: Path) -> None:
    """Its CRC-32 must come from the new bytes: a zip whose header lies is corrupt."""
    image = add_big_image(minimal_course)
    age(minimal_course)
    out = tmp_path / "dist"
    run(minimal_course, out)
    data = bytearray(image.read_bytes())
    data[-1] ^= 0xFF
    replace_keeping_time(image, bytes(data))
    again = same_as_fresh(minimal_course, out, tmp_path)
    assert not again.up_to_date
    with zipfile.ZipFile(next(out.glob("*scorm12.zip"))) as archive:
        assert archive.read("media/big.png") == bytes(data)


def test_a_stale_crc_is_caught_while_copying_and_taken_again(minimal_course: Path,
                                                             tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    """Whatever gives the writer a wrong CRC-32, it checks the bytes it copies against it."""
    from scormbuild import stamp

    add_big_image(minimal_course)
    monkeypatch.setattr(stamp.FileDigests, "crc", lambda self, path: 12345)
    out = tmp_path / "dist"
    result = run(minimal_course, out, use_cache=False)
    assert result.written
    for path in out.glob("*.zip"):
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None


def test_a_medium_that_keeps_changing_while_it_is_copied_fails_the_build(
        minimal_course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scormbuild.package import zip_writer

    image = add_big_image(minimal_course)
    out = tmp_path / "dist"
    good = run(minimal_course, out, use_cache=False)
    before = zips(out)
    original = zip_writer.file_crc

    def changing(path: Path) -> int:  # the file changes after each CRC is taken
        crc = original(path)
        image.write_bytes(image.read_bytes()[::-1])
        return crc
    monkeypatch.setattr(zip_writer, "file_crc", changing)
    monkeypatch.setattr("scormbuild.build.file_crc", changing)
    monkeypatch.setattr("scormbuild.stamp.FileDigests.crc", lambda self, path: changing(path))
    edit = minimal_course / "lessons" / "two.md"
    edit.write_text(edit.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    with pytest.raises(OutputError, match="changed while the package was written"):
        run(minimal_course, out, use_cache=False)
    assert zips(out) == before and good.written  # the last good zips are kept
    assert not list(out.glob(".scormbuild-*.zip.tmp"))


# ---------------------------------------------------------------- saved during a build


def test_a_lesson_saved_during_a_build_is_built_again_next_time(minimal_course: Path,
                                                                tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    import scormbuild.build as build_module

    lesson = minimal_course / "lessons" / "two.md"
    original = build_module._write

    def write_then_save(*args: object, **kwargs: object) -> None:
        original(*args, **kwargs)  # type: ignore[arg-type]
        lesson.write_text(lesson.read_text(encoding="utf-8").replace("second", "saved"),
                          encoding="utf-8")
    monkeypatch.setattr(build_module, "_write", write_then_save)
    out = tmp_path / "dist"
    run(minimal_course, out)
    monkeypatch.setattr(build_module, "_write", original)
    again = same_as_fresh(minimal_course, out, tmp_path)
    assert not again.up_to_date
    assert run(minimal_course, out).up_to_date


# ---------------------------------------------------------------- symbolic links


def two_versions(course: Path) -> Path:
    """media/v1/pic.svg and media/v2/pic.svg, two different squares; returns media/."""
    media = course / "media"
    for version, colour in (("v1", "#1f4e9c"), ("v2", "#0b3d2e")):
        (media / version).mkdir()
        (media / version / "pic.svg").write_text(
            (media / "square.svg").read_text(encoding="utf-8").replace("#1f4e9c", colour),
            encoding="utf-8")
    return media


@pytest.mark.parametrize("link, target, image", [
    ("current", "{}", "../media/current/pic.svg"),     # a folder link
    ("pic.svg", "{}/pic.svg", "../media/pic.svg"),      # a file link
])
def test_a_retargeted_link_packages_the_new_target(minimal_course: Path, tmp_path: Path,
                                                   link: str, target: str, image: str) -> None:
    """The folder link's files were not scanned; the file link's lesson was replayed from the
    cache with the old target's path."""
    media = two_versions(minimal_course)
    (media / link).symlink_to(target.format("v1"))
    append_to = minimal_course / "lessons" / "two.md"
    append_to.write_text(append_to.read_text(encoding="utf-8") + f"\n![A square]({image})\n",
                         encoding="utf-8")
    out = tmp_path / "dist"
    same_as_fresh(minimal_course, out, tmp_path)
    (media / link).unlink()
    (media / link).symlink_to(target.format("v2"))
    again = same_as_fresh(minimal_course, out, tmp_path)
    assert not again.up_to_date


# ---------------------------------------------------------------- folders never read


@pytest.mark.parametrize("folder", ["node_modules", "__pycache__", ".assets"])
def test_a_file_in_a_folder_scormbuild_never_reads_is_an_error_where_it_is_used(
        minimal_course: Path, tmp_path: Path, folder: str) -> None:
    (minimal_course / folder / "icons").mkdir(parents=True)
    shutil.copy(minimal_course / "media" / "square.svg", minimal_course / folder / "icons" / "s.svg")
    lesson = minimal_course / "lessons" / "two.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") +
                      f"\n![A square](../{folder}/icons/s.svg)\n", encoding="utf-8")
    messages: List[str] = []
    for use_cache in (True, False):
        with pytest.raises(CourseError) as failed:
            run(minimal_course, tmp_path / f"dist-{use_cache}", use_cache=use_cache)
        messages.append("\n".join(str(d) for d in failed.value.diagnostics))
    assert messages[0] == messages[1]
    assert f"'../{folder}/icons/s.svg' is inside '{folder}/', a folder scormbuild does not " \
           "read" in messages[0]


def test_the_output_folder_inside_the_course_is_never_read(minimal_course: Path) -> None:
    """`scormbuild build . --out dist`: the zips of the last build are not course files (before,
    the second build warned about them and an up-to-date one did not)."""
    out = minimal_course / "dist"
    results = [run(minimal_course, out, use_cache=use) for use in (False, False, True, True)]
    assert [r.up_to_date for r in results] == [False, False, True, True]  # --no-cache stamps too
    assert all(not [d for d in r.diagnostics if "dist/" in str(d)] for r in results)
    lesson = minimal_course / "lessons" / "two.md"
    name = next(out.glob("*scorm12.zip")).name
    lesson.write_text(lesson.read_text(encoding="utf-8") + f"\n[The package](../dist/{name})\n",
                      encoding="utf-8")
    with pytest.raises(CourseError) as failed:
        run(minimal_course, out)
    assert f"'../dist/{name}' is inside the output folder" in str(failed.value.diagnostics[0])


# ---------------------------------------------------------------- settings


def test_an_edited_profile_file_is_a_change(minimal_course: Path, tmp_path: Path) -> None:
    from scormbuild.resources import targets_dir

    generic = (targets_dir() / "generic.yaml").read_text(encoding="utf-8")
    assert '  editions: ["1.2", "2004"]' in generic
    profile = tmp_path / "our-lms.yaml"
    profile.write_text(generic.replace('  editions: ["1.2", "2004"]', '  editions: ["1.2"]', 1),
                       encoding="utf-8")
    out = tmp_path / "dist"
    first = run(minimal_course, out, targets=(str(profile),))
    assert [w.path.name.rsplit("-", 1)[1] for w in first.written] == ["scorm12.zip"]
    profile.write_text(generic, encoding="utf-8")
    again = same_as_fresh(minimal_course, out, tmp_path, targets=(str(profile),))
    assert not again.up_to_date and len(again.written) == 2


def test_a_limit_set_in_the_environment_is_a_change(minimal_course: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "dist"
    run(minimal_course, out)
    monkeypatch.setenv("SCORMBUILD_MAX_FILES", "3")
    with pytest.raises(CourseError, match="1 error"):
        run(minimal_course, out)


# ---------------------------------------------------------------- damaged stamps, killed builds


@pytest.mark.parametrize("damage", [
    lambda d: {**d, "diagnostics": [{"oops": 1}]},
    lambda d: {**d, "diagnostics": [{"path": "x", "line": "1", "col": None, "severity": "warning",
                                     "message": "m"}]},
    lambda d: {**d, "course": {"id": 1}},
    lambda d: {**d, "course": []},
    lambda d: {**d, "files": {k: v[:2] for k, v in d["files"].items()}},
    lambda d: {**d, "files": {k: ["1", *v[1:]] for k, v in d["files"].items()}},
    lambda d: {**d, "outputs": [{"name": 1}]},
])
def test_a_stamp_of_the_wrong_shape_means_a_full_build(minimal_course: Path, tmp_path: Path,
                                                       damage: object) -> None:
    out = tmp_path / "dist"
    run(minimal_course, out)
    for stamp in out.glob(".scormbuild-*.json"):
        data = json.loads(stamp.read_text(encoding="utf-8"))
        stamp.write_text(json.dumps(damage(data)), encoding="utf-8")  # type: ignore[operator]
    again = run(minimal_course, out)
    assert again.written and again.course is not None
    assert run(minimal_course, out).up_to_date


def test_the_temporary_zip_of_a_killed_build_is_removed_a_day_later(minimal_course: Path,
                                                                   tmp_path: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    old, recent = out / ".scormbuild-old.zip.tmp", out / ".scormbuild-recent.zip.tmp"
    for path in (old, recent):
        path.write_bytes(zlib.compress(b"half a zip"))
    day_ago = time.time() - 25 * 3600
    os.utime(old, (day_ago, day_ago))
    run(minimal_course, out)
    assert not old.exists() and recent.exists()  # a running build's file is left alone
