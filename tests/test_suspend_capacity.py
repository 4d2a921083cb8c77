"""How large a course SCORM 1.2's 4096-character suspend_data holds (render/suspend_budget.py).

Keyed page marks cost 4 characters a page; past 80% of the limit the runtime writes them as a
bitmap of the page order (5 pages a character), so a large course still fits, as it did before
the keyed record.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scormbuild.build import BuildOptions, check
from scormbuild.errors import CourseError
from scormbuild.load.course_loader import load_course
from scormbuild.package.editions import EDITIONS
from scormbuild.render import plan, suspend_budget
from paths import REPO, synthetic_course

pytestmark = pytest.mark.slow




def test_a_300_lesson_course_fits_scorm12_with_pages_as_a_bitmap(tmp_path: Path) -> None:
    root = synthetic_course(tmp_path / "big", 300)
    course, _ = load_course(root, None, False)
    keyed = suspend_budget.worst_case_length(course)
    assert keyed > 3276                                  # 4 characters a page do not fit
    record = json.loads(suspend_budget.worst_case(course, 4096))
    pages = len(list(plan.sequence(course)))
    assert "p" not in record and len(record["b"]) == -(-pages // 5)   # five pages a character
    assert suspend_budget.worst_case_length(course, 4096) <= 3276
    assert check(root, BuildOptions(editions=(EDITIONS["1.2"],)), "big").diagnostics == []


def test_flagship_keeps_keyed_page_marks_in_every_edition() -> None:
    """Below the budget the record stays keyed, so course updates keep every page mark."""
    course, _ = load_course(REPO / "course", None, False)
    for edition in EDITIONS.values():
        assert "p" in json.loads(suspend_budget.worst_case(course, edition.suspend_data_limit))


def test_past_the_bitmap_the_build_still_refuses(tmp_path: Path) -> None:
    root = synthetic_course(tmp_path / "huge", 1000)
    with pytest.raises(CourseError) as caught:
        check(root, BuildOptions(editions=(EDITIONS["1.2"],)), "huge")
    assert "above 80% of the SCORM 1.2 limit (3276 of 4096)" in caught.value.format_message()
