"""The command line's contract with CI: odd paths and environments. Each test is one scenario
a pipeline meets."""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner, Result

from paths import MINIMAL
from scormbuild.cli import main


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def course(in_tmp: Path) -> Iterator[Path]:
    """A scratch copy of the minimal course at ./course."""
    shutil.copytree(MINIMAL, in_tmp / "course")
    yield in_tmp / "course"


# odd course folders -------------------------------------------------------------------------

def test_a_fifo_in_the_course_folder_is_not_read(tmp_path: Path) -> None:
    """An unused named pipe (left by a tool) hung the build: its digest waited for a writer."""
    from scormbuild.stamp import scan_tree

    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    assert list(scan_tree(tmp_path)) == ["a.txt"]


@pytest.mark.slow
def test_a_socket_in_the_course_folder_does_not_crash_the_build(course: Path) -> None:
    listener = socket.socket(socket.AF_UNIX)
    try:
        listener.bind("course/media/editor.sock")
        result = run("build", "course", "--out", "dist", "--quiet")
    finally:
        listener.close()
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux /proc")
def test_an_unreadable_unused_file_does_not_crash_the_build(course: Path) -> None:
    """A file that cannot be read (as root, permissions never stop a read: /proc/self/mem
    gives an I/O error at offset 0) is reported only if the course uses it."""
    (course / "media" / "locked.bin").symlink_to("/proc/self/mem")
    result = run("build", "course", "--out", "dist", "--quiet")
    assert result.exit_code == 0, result.output


NON_UTF8 = os.fsdecode(b"caf\xe9.png")  # a Latin-1 name from an old archive


@pytest.mark.slow
@pytest.mark.skipif(sys.getfilesystemencoding() != "utf-8", reason="a UTF-8 file system")
def test_a_non_utf8_file_name_does_not_crash_the_build(course: Path) -> None:
    (course / "media" / NON_UTF8).write_bytes(b"x")
    first = run("build", "course", "--out", "dist")
    assert first.exit_code == 0, first.output
    assert "course/media/caf\\udce9.png: warning: file is not used" in first.stderr
    again = run("build", "course", "--out", "dist")
    assert again.stdout.startswith("up to date ")


@pytest.mark.slow
@pytest.mark.skipif(sys.getfilesystemencoding() != "utf-8", reason="a UTF-8 file system")
def test_a_non_utf8_course_folder_name_does_not_crash_the_build(in_tmp: Path) -> None:
    shutil.copytree(MINIMAL, in_tmp / NON_UTF8)
    result = run("build", NON_UTF8, "--out", "dist", "--quiet")
    assert result.exit_code == 0, result.output
