"""Edits of a course folder in a test, and what a check of it prints (the author-mistake tests)."""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest

from scormbuild.build import BuildOptions, check
from scormbuild.errors import CourseError


def problems(course: Path) -> List[str]:
    """Every diagnostic of a check that must fail, as printed (no traceback allowed)."""
    with pytest.raises(CourseError) as failed:
        check(course, BuildOptions(), label="course")
    return [str(d) for d in failed.value.diagnostics]


def found(course: Path) -> List[str]:
    """Every diagnostic of a check, as printed, whether the check fails or not."""
    try:
        result = check(course, BuildOptions(), label="course")
    except CourseError as failed:
        return [str(d) for d in failed.diagnostics]
    return [str(d) for d in result.diagnostics]


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def replace(path: Path, old: str, new: str) -> None:
    """Replace the first `old` (which must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
