"""The question types agree everywhere: Python units, template partials and the runtime.

Adding a type means adding one unit in each place (docs/architecture.md); this test names the
place that was forgotten.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from typing import Dict, List, Set, Tuple

import pytest

from scormbuild.questions import QUESTION_TYPES, SCORED_TYPES, SURVEY_TYPES
from scormbuild.questions.base import QuestionBase
from paths import REPO

RUNTIME = REPO / "templates" / "static" / "runtime"
PYTHON_TYPES = set(QUESTION_TYPES)


def _object_keys(source: str, name: str) -> Set[str]:
    """The quoted keys at the top level of the object literal `var NAME = {...}` in a script."""
    start = source.index(f"var {name} = {{") + len(f"var {name} = ")
    depth, keys = 0, set()
    for match in re.finditer(r'[{}]|"([a-z-]+)"\s*:', source[start:]):
        if match.group(0) == "{":
            depth += 1
        elif match.group(0) == "}":
            depth -= 1
            if depth == 0:
                return keys
        elif depth == 1:
            keys.add(match.group(1))
    raise AssertionError(f"var {name} is not closed")


def registered_in_runtime() -> Set[str]:
    """The keys of ScormBuild.questionTypes once every runtime script has run (node sandbox)."""
    if shutil.which("node") is None:
        pytest.skip("node not installed")
    proc = subprocess.run(["node", str(REPO / "tests" / "js" / "question_types.js"), str(RUNTIME)],
                          capture_output=True, text=True, check=True)
    seen = json.loads(proc.stdout)
    assert (seen["errors"], seen["namespace"]) == ([], True)
    assert seen["questionTypes"] is not None, "runtime/questions.js registers no ScormBuild.questionTypes"
    return set(seen["questionTypes"])


def runtime_type_sets() -> Dict[str, Set[str]]:
    """Each runtime table keyed by question type: the units registered in
    ScormBuild.questionTypes (read, restore, isAnswered, grade, store) and each adapter's
    QUESTION_TYPES (the per-edition interaction format)."""
    found = {"ScormBuild.questionTypes": registered_in_runtime()}
    for adapter in sorted(RUNTIME.glob("adapter-*.js")):
        found[f"{adapter.name} QUESTION_TYPES"] = _object_keys(adapter.read_text(encoding="utf-8"),
                                                                "QUESTION_TYPES")
    return found


def test_every_python_unit_has_a_template_partial() -> None:
    partials = {p.stem for p in (REPO / "templates" / "questions").glob("*.html")}
    assert partials == PYTHON_TYPES
    assert all(QUESTION_TYPES[name].partial() == f"questions/{name}.html" for name in PYTHON_TYPES)


def test_the_runtime_knows_the_same_types() -> None:
    tables = runtime_type_sets()
    assert len(tables) == 3  # the runtime's units and two adapters
    assert {name: keys for name, keys in tables.items() if keys != PYTHON_TYPES} == {}


def test_every_type_is_scored_or_a_survey_type() -> None:
    assert set(SCORED_TYPES) | set(SURVEY_TYPES) == PYTHON_TYPES
    assert set(SCORED_TYPES) & set(SURVEY_TYPES) == set()
    assert SURVEY_TYPES == ("likert", "text")


def test_each_unit_is_a_question_model_of_its_own_name() -> None:
    for name, unit in QUESTION_TYPES.items():
        assert issubclass(unit, QuestionBase) and unit is not QuestionBase
        assert unit.type_name() == name


CHOICES = [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}, {"id": "c", "text": "C"}]
ITEMS = [{"id": "x", "text": "X"}, {"id": "y", "text": "Y"}]
# type -> (the fields besides id/prompt/type, answer key, worst stored answer, shuffled list)
UNIT_CASES = {
    "single-choice": ({"choices": CHOICES, "answer": "b"},
                      {"choices": ["a", "b", "c"], "correct": ["b"]}, 2, "choices"),
    "multiple-response": ({"choices": CHOICES, "answer": ["a", "c"]},
                          {"choices": ["a", "b", "c"], "correct": ["a", "c"]}, [0, 1, 2], "choices"),
    "true-false": ({"answer": False}, {"correct": False}, 1, None),
    "fill-in": ({"answers": ["kinase"]},
                {"correct": ["kinase"], "caseSensitive": False, "maxLength": 60}, '"' * 60, None),
    "numeric": ({"answer": 5, "tolerance": 0.5},
                {"min": 4.5, "max": 5.5, "maxLength": 20}, '"' * 20, None),
    "matching": ({"sources": ITEMS, "targets": CHOICES, "answer": {"x": "a", "y": "c"}},
                 {"sources": ["x", "y"], "targets": ["a", "b", "c"], "correct": {"x": "a", "y": "c"}},
                 [-1, -1], "targets"),
    "sequencing": ({"items": ITEMS}, {"items": ["x", "y"]}, [2, 2], "items"),
    "likert": ({"scale": ["No", "Yes"]}, {"scale": ["No", "Yes"]}, 2, None),
    "text": ({}, {}, None, None),
}


def make(kind: str, **fields: object) -> QuestionBase:
    return QUESTION_TYPES[kind].model_validate({"id": "q", "prompt": "?", "type": kind, **fields})


def test_every_unit_has_a_case_here() -> None:
    assert set(UNIT_CASES) == PYTHON_TYPES


@pytest.mark.parametrize("kind", sorted(UNIT_CASES))
def test_unit_answer_key_worst_answer_and_shuffling(kind: str) -> None:
    fields, key, worst, shuffled = UNIT_CASES[kind]
    question = make(kind, **fields)
    assert question.answer_key() == key
    assert question.worst_answer() == worst
    assert question.shuffled_in(True) == shuffled
    assert question.shuffled_in(False) == ("items" if kind == "sequencing" else None)


def test_answer_key_checks_report_at_the_key_path() -> None:
    reported: List[Tuple[Tuple[object, ...], str]] = []
    make("multiple-response", choices=CHOICES + [{"id": "a", "text": "again"}],
         answer=["a", "d", "a"]).check_key(lambda path, message: reported.append((path, message)))
    make("matching", sources=ITEMS, targets=CHOICES, answer={"x": "z", "w": "a"}).check_key(
        lambda path, message: reported.append((path, message)))
    assert reported == [
        (("choices",), "choices of question 'q' repeat the id 'a'"),
        (("answer", 1), "answer 'd' of question 'q' is not one of its choices (a, b, c, a)"),
        (("answer",), "answer of question 'q' repeats a choice"),
        (("answer", "x"), "answer of question 'q' matches 'x' to 'z', which is not a target"),
        (("answer",), "answer of question 'q' matches 'w', which is not a source"),
        (("answer",), "answer of question 'q' gives no target for source 'y'"),
    ]
