"""The build refuses a course whose saved progress could overflow an edition's suspend_data."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from scormbuild.build import BuildOptions, check
from scormbuild.errors import CourseError
from scormbuild.load.course_loader import load_course
from scormbuild.package.editions import EDITIONS
from scormbuild.render import suspend_budget
from paths import MINIMAL



def test_worst_case_is_the_runtime_format():
    course, _ = load_course(MINIMAL, None, False)
    record = json.loads(suspend_budget.worst_case(course))
    assert record["v"] == 2 and len(record["p"]) == 8 * 4     # every page's key
    attempts = [(k, q["n"]) for k, q in record["q"].items()]
    assert attempts == [("final", 2), ("m1-check", 9999), ("survey", 9999)]
    assert sorted(record["q"]["final"]["a"].values(), key=str) == [1, [0, 1, 2]]
    assert list(record["q"]["final"]["s"].values()) == [249, 249]   # interaction indexes
    assert suspend_budget.worst_case_length(course) == len(suspend_budget.worst_case(course))


def big_course(tmp_path: Path, questions: int) -> Path:
    root = tmp_path / "big"
    for path in MINIMAL.rglob("*"):
        if path.is_file():
            target = root / path.relative_to(MINIMAL)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    items = "".join(textwrap.dedent(f"""\
          - id: q{n}
            type: fill-in
            prompt: Question {n}?
            answers: [Paris]
            rationale: Because.
            objective: lo1
            reference: [ref1]
        """) for n in range(questions))
    (root / "final.yaml").write_text("id: final\ntitle: Final\nkind: assessment\nquestions:\n" + items)
    return root


def test_overflow_fails_for_scorm12_only(tmp_path):
    root = big_course(tmp_path, 40)   # 40 x 122 characters > 80% of 4096
    with pytest.raises(CourseError) as caught:
        check(root, BuildOptions(editions=(EDITIONS["1.2"],)), "big")
    text = caught.value.format_message()
    assert "big/final.yaml: error: the saved progress (suspend_data) can reach" in text
    assert "above 80% of the SCORM 1.2 limit (3276 of 4096)" in text
    check(root, BuildOptions(editions=(EDITIONS["2004"],)), "big")
