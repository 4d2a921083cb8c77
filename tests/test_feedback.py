"""Feedback that teaches: the correct answer of each question type, revealed as the course says."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict

import pytest

from scormbuild.load.course_loader import load_course
from scormbuild.questions import QUESTION_TYPES
from scormbuild.render.pages import render_pages

TEXTS = {"choices:a": "<em>A</em>", "choices:b": "B", "choices:c": "C", "sources:s1": "One",
         "sources:s2": "Two", "targets:t1": "Uno", "targets:t2": "Dos", "items:x": "First",
         "items:y": "Second"}
COMMON = {"id": "q", "prompt": "P"}


@pytest.mark.parametrize("fields,expected", [
    ({"type": "single-choice", "choices": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}],
      "answer": "a"}, ["<em>A</em>"]),
    ({"type": "multiple-response", "answer": ["c", "a"],
      "choices": [{"id": k, "text": k} for k in "abc"]}, ["<em>A</em>", "C"]),
    ({"type": "true-false", "answer": False}, ["False"]),
    ({"type": "fill-in", "answers": ["NTRK1", "<ntrk>"]}, ["NTRK1 (also accepted: &lt;ntrk&gt;)"]),
    ({"type": "fill-in", "answers": ["TRK"]}, ["TRK"]),
    ({"type": "numeric", "answer": 2.0, "tolerance": 0.5}, ["2 (± 0.5)"]),
    ({"type": "numeric", "answer": 40}, ["40"]),
    ({"type": "numeric", "range": [1, 1.5]}, ["from 1 to 1.5"]),
    ({"type": "matching", "sources": [{"id": "s1", "text": "1"}, {"id": "s2", "text": "2"}],
      "targets": [{"id": "t1", "text": "1"}, {"id": "t2", "text": "2"}],
      "answer": {"s2": "t1", "s1": "t2"}}, ["One: Dos", "Two: Uno"]),
    ({"type": "sequencing", "items": [{"id": "x", "text": "1"}, {"id": "y", "text": "2"}]},
     ["1. First", "2. Second"]),
    ({"type": "likert"}, []),
    ({"type": "text"}, []),
])
def test_correct_answer_of_each_question_type(fields: Dict[str, Any], expected) -> None:
    unit = QUESTION_TYPES[fields["type"]]
    question = unit.model_validate(dict(COMMON, **fields))
    assert question.correct_answer(TEXTS) == expected


def answers_blocks(html: str) -> list:
    return re.findall(r'<p class="answers-title">Correct answer</p><ul>(.*?)</ul>', html)


@pytest.mark.parametrize("option,check,final", [
    (None, ["<li>True</li>"], []),
    ("none", [], []),
    ("all", ["<li>True</li>"], ["<li>Square</li>", "<li>2</li><li>4</li>"]),
])
def test_reveal_answers_follows_the_course_option(minimal_course: Path, option, check, final) -> None:
    if option:
        path = minimal_course / "course.yaml"
        path.write_text(path.read_text() + f"feedback:\n  reveal_answers: {option}\n")
    course, _ = load_course(minimal_course, "course")
    pages = render_pages(course)
    assert answers_blocks(pages["pages/m1-check.html"]) == check
    assert answers_blocks(pages["pages/final.html"]) == final
    assert answers_blocks(pages["pages/survey.html"]) == []


def test_the_result_box_comes_before_the_retry_button(minimal_course: Path) -> None:
    course, _ = load_course(minimal_course, "course")
    html = render_pages(course)["pages/final.html"]
    assert html.index('data-role="result"') < html.index('data-role="retake"')
