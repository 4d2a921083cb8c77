"""Each folder in tests/broken/ is one failure: the minimal course with some files replaced.

The test overlays the folder on a copy of tests/roots/minimal, runs `scormbuild check course`
and compares what the user sees (standard error and exit code) with `expected.txt`.
To regenerate after a deliberate message change: SCORMBUILD_UPDATE_GOLDEN=1 pytest this file
(then read the diff: every line is text a user will see).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scormbuild.cli import main
from paths import MINIMAL

BROKEN = Path(__file__).parent / "broken"
CONTROL_FILES = {"expected.txt", "args.txt"}
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def overlay(case: Path, target: Path) -> None:
    shutil.copytree(MINIMAL, target)
    for path in case.rglob("*"):
        if path.is_file() and path.name not in CONTROL_FILES:
            dest = target / path.relative_to(case)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)


@pytest.mark.parametrize("name", CASES)
def test_broken_course_reports_exact_diagnostics(name: str, in_tmp: Path) -> None:
    case = BROKEN / name
    overlay(case, in_tmp / "course")
    args_file = case / "args.txt"
    extra = args_file.read_text().split() if args_file.exists() else []
    result = CliRunner().invoke(main, ["check", "course", *extra])
    seen = f"exit {result.exit_code}\n{result.stderr}"
    expected_file = case / "expected.txt"
    if os.environ.get("SCORMBUILD_UPDATE_GOLDEN") == "1":
        expected_file.write_text(seen)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert seen == expected_file.read_text()
    assert result.exit_code == 1


def test_every_broken_case_has_expectations() -> None:
    missing = [name for name in CASES if not (BROKEN / name / "expected.txt").exists()]
    assert missing == []


def test_symlink_out_of_the_course_is_refused(in_tmp: Path) -> None:
    outside = in_tmp / "secret.md"
    outside.write_text("---\ntitle: Secret\n---\nOutside.\n")
    shutil.copytree(MINIMAL, in_tmp / "course")
    lesson = in_tmp / "course" / "lessons" / "two.md"
    lesson.unlink()
    lesson.symlink_to(outside)
    result = CliRunner().invoke(main, ["check", "course"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "course/lessons/module.yaml:8:5: error: lesson 'two.md' points outside the course folder")
