"""Any sequence of author edits: a build with the cache writes exactly the bytes of a build
without it (issue 14; the page cache's keys leave lesson HTML out of what pages share, so
edits that move, retitle, renumber or rewrite lessons are what could catch it out). Some edits
break the course: the build fails with the same diagnostics either way and leaves the last good
zips as they were, and the next good build is again byte for byte a fresh one."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths import MINIMAL

from scormbuild.build import BuildOptions, BuildResult, build
from scormbuild.errors import CourseError

pytestmark = pytest.mark.slow

REF2 = ("- id: ref2\n  authors: Roe R\n  title: Another paper.\n  journal: J Shapes\n"
        "  year: 2021\n")

# (file, one text, the other): each edit swaps one for the other, so edits can repeat.
EDITS: List[Tuple[str, str, str]] = [
    ("lessons/one.md", "This lesson cites", "This lesson quotes"),              # body
    ("lessons/two.md", "The second lesson.", "The 2nd lesson."),               # body
    ("lessons/two.md", "title: Lesson two", "title: Lesson 2"),                 # title
    ("lessons/one.md", "[@ref1] and links", "[@ref2] [@ref1] and links"),     # renumbering
    ("lessons/two.md", "[@ref1]", "[@ref2]"),                                   # citation
    ("lessons/module.yaml", "  - one.md\n  - two.md", "  - two.md\n  - one.md"),  # order
    ("lessons/module.yaml", "title: The only module", "title: The one module"),
    ("course.yaml", "title: Minimal course", "title: Minimal course, renamed"),
    ("references.yaml", "A paper about squares.", "A paper about circles."),
    ("lessons/check.yaml", "The sky is blue on a clear day.", "Grass is green."),
    ("lessons/one.md", "minutes: 2", "minutes: 7"),
    ("media/square.svg", 'fill="#1f4e9c"', 'fill="#0b3d2e"'),                 # a medium
    ("lessons/two.md", "more at [the source]", "more at [the source](nowhere.md) or"),  # error
    ("references.yaml", "- id: ref2\n", "- id: ref2x\n"),                     # error if cited
]


def apply(course: Path, edit: Tuple[str, str, str]) -> None:
    path, one, other = course / edit[0], edit[1], edit[2]
    text = path.read_text(encoding="utf-8")
    if other in text:
        one, other = other, one
    assert one in text, edit
    path.write_text(text.replace(one, other, 1), encoding="utf-8")


def zips(out: Path) -> Dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.zip"))}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(range(len(EDITS))), min_size=1, max_size=6))
def test_cached_builds_equal_fresh_ones_after_any_edits(sequence: List[int]) -> None:
    with tempfile.TemporaryDirectory() as work:
        course = Path(work) / "course"
        shutil.copytree(MINIMAL, course)
        (course / "references.yaml").write_text(
            (course / "references.yaml").read_text(encoding="utf-8") + REF2, encoding="utf-8")
        cached = Path(work) / "cached"
        build(course, cached, BuildOptions(), label="course")
        for step, index in enumerate(sequence):
            apply(course, EDITS[index])
            before = zips(cached)
            fresh = Path(work) / f"fresh-{step}"
            cached_result, cached_text = attempt(course, cached, use_cache=True)
            fresh_result, fresh_text = attempt(course, fresh, use_cache=False)
            edits = [EDITS[i] for i in sequence[:step + 1]]
            assert cached_text == fresh_text, edits  # the same diagnostics, errors or not
            if fresh_result is None:  # the course is broken: nothing written or removed
                assert cached_result is None and zips(cached) == before, edits
                assert not fresh.exists() or not zips(fresh), edits
                continue
            assert cached_result is not None, edits
            assert zips(cached) == zips(fresh), edits
            assert cached_result.up_to_date or cached_result.cache is not None


def attempt(course: Path, out: Path, use_cache: bool) -> Tuple[Optional[BuildResult], List[str]]:
    """The build's result (None if it failed) and every diagnostic it gave, as printed."""
    try:
        result = build(course, out, BuildOptions(), label="course", use_cache=use_cache)
    except CourseError as failed:
        return None, [str(d) for d in failed.diagnostics]
    return result, [str(d) for d in result.diagnostics]
