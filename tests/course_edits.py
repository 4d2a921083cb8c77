"""Edits of a course folder in a test, and what a check of it prints (the author-mistake tests)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest

from scormbuild.build import BuildOptions, check
from scormbuild.errors import CourseError
from scormbuild.load.course_loader import load_course
from scormbuild.render import plan

QUIZ = Path("lessons") / "check.yaml"
LESSON = Path("lessons") / "two.md"
HARNESS = Path(__file__).resolve().parent / "js" / "harness.js"
needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


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


def lesson(course: Path, body: str) -> None:
    """Lesson two of the minimal course with this body; its first line is line 4."""
    (course / LESSON).write_text("---\ntitle: Lesson two\n---\n" + body, encoding="utf-8")


def knowledge_check(course: Path, questions: str) -> None:
    """The knowledge check with these questions; the first question's '- id:' is line 5."""
    (course / QUIZ).write_text("id: m1-check\ntitle: Knowledge check\nkind: knowledge-check\n"
                               "questions:\n" + questions, encoding="utf-8")


def question_data(course: Path, n: int = 0) -> Dict[str, Any]:
    """What the runtime grades question n of the knowledge check with (course-data.js)."""
    loaded, _ = load_course(course, None, False)
    return plan.course_data(loaded)["quizzes"]["m1-check"]["questions"][n]


def grade(question: Dict[str, Any], answers: List[str]) -> List[Any]:
    """[answered, right] per typed answer, graded by the runtime itself (node, no browser)."""
    done = subprocess.run(["node", str(HARNESS), str(HARNESS.parent / "grade.js")],
                          input=json.dumps({"question": question, "answers": answers}),
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
