"""Any sequence of author edits: a build with the cache writes exactly the bytes of a build
without it (issue 14; the page cache's keys leave lesson HTML out of what pages share, so
edits that move, retitle, renumber or rewrite lessons are what could catch it out)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Dict, List, Tuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths import MINIMAL

from scormbuild.build import BuildOptions, build

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


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(range(len(EDITS))), min_size=1, max_size=4))
def test_cached_builds_equal_fresh_ones_after_any_edits(sequence: List[int]) -> None:
    with tempfile.TemporaryDirectory() as work:
        course = Path(work) / "course"
        shutil.copytree(MINIMAL, course)
        (course / "references.yaml").write_text(
            (course / "references.yaml").read_text(encoding="utf-8") + REF2, encoding="utf-8")
        cached = Path(work) / "cached"
        build(course, cached, BuildOptions(), label="course")
        for index in sequence:
            apply(course, EDITS[index])
            result = build(course, cached, BuildOptions(), label="course")
            fresh = Path(work) / f"fresh-{len(list(Path(work).glob('fresh-*')))}"
            build(course, fresh, BuildOptions(), label="course", use_cache=False)
            assert zips(cached) == zips(fresh), [EDITS[i] for i in sequence]
            assert result.up_to_date or result.cache is not None
