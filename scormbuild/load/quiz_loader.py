"""Quizzes: validate the YAML, check answer keys against choices, render the texts."""

from __future__ import annotations

import re
from typing import Callable, Dict, Optional, Set, Tuple

from scormbuild.errors import Diagnostics
from scormbuild.load.yaml_source import YamlSource
from scormbuild.model import Quiz, RenderedQuestion
from scormbuild.questions import SCORED_TYPES, SURVEY_TYPES, Question
from scormbuild.source_format import QuizFile

RenderInline = Callable[[str, Tuple], str]  # (markdown text, yaml key path) -> HTML


def check_quiz(spec: QuizFile, source: YamlSource, diagnostics: Diagnostics,
               objective_ids: Optional[Set[str]], reference_ids: Optional[Set[str]]) -> None:
    """Check what the schema cannot: ids, answer keys, kinds, objectives, references.

    None for a set of ids means its source file failed to load (already reported).
    """
    if spec.draw is not None and spec.draw > len(spec.questions):
        diagnostics.error(source.locate(("draw",)), f"draw is {spec.draw} but the quiz has only "
                                                    f"{len(spec.questions)} questions")
    _check_kinds(spec, source, diagnostics)
    for n, question in enumerate(spec.questions):
        at = ("questions", n)
        _check_answer_key(question, source, at, diagnostics)
        _check_places(question, spec.shuffle_choices, source, at, diagnostics)
        if spec.kind == "survey":
            continue
        if question.objective is None:
            diagnostics.error(source.locate(at), f"question '{question.id}' has no 'objective'")
        elif objective_ids is not None and question.objective not in objective_ids:
            diagnostics.error(source.locate(at + ("objective",)),
                              f"objective '{question.objective}' is not defined in course.yaml "
                              "or a module.yaml")
        if question.rationale is None:
            diagnostics.error(source.locate(at), f"question '{question.id}' has no 'rationale'")
        if not question.reference:
            diagnostics.warning(source.locate(at), f"question '{question.id}' cites no 'reference'")
        for i, ref in enumerate(question.reference):
            if reference_ids is not None and ref not in reference_ids:
                diagnostics.error(source.locate(at + ("reference", i)) if len(question.reference) > 1
                                  else source.locate(at + ("reference",)),
                                  f"reference '{ref}' is not in the reference list")


def _check_kinds(spec: QuizFile, source: YamlSource, diagnostics: Diagnostics) -> None:
    """Every question must fit the quiz's kind; when none does the same way (the wrong file,
    or the wrong kind), that is said once."""
    found = [(n, _kind_problem(spec.kind, q)) for n, q in enumerate(spec.questions)]
    wrong = [(n, problem) for n, problem in found if problem is not None]
    if len(wrong) == len(found) > 1 and len({problem for _, problem in wrong}) == 1:
        diagnostics.error(source.locate(("questions", 0, "type")),
                          f"{wrong[0][1]} (all {len(found)} questions of this "
                          f"{spec.kind.replace('-', ' ')}: is it the right file?)")
        return
    for n, problem in wrong:
        diagnostics.error(source.locate(("questions", n, "type")), str(problem))


def _kind_problem(kind: str, question: Question) -> Optional[str]:
    if kind == "survey" and question.type not in SURVEY_TYPES:
        return (f"a survey asks unscored questions ({', '.join(SURVEY_TYPES)}); "
                f"'{question.type}' belongs in a knowledge check or assessment")
    if kind != "survey" and question.type not in SCORED_TYPES:
        return f"'{question.type}' questions are unscored: put them in a survey"
    return None


# A choice that means the others by their place ('All of the above'): a random order puts it
# first as often as last.
_BY_PLACE = re.compile(r"\b(?:all|none|both|neither|either|any) of the (?:above|below|preceding|"
                       r"following)\b|^(?:all|none) (?:above|below)$", re.IGNORECASE)
# A choice named by a letter ('Option C', 'answer (b)'): choices are shown without letters.
_BY_LETTER = re.compile(r"\b(?:option|choice|answer)\s+\(?([A-Ea-e])\)?(?![\w+-])", re.IGNORECASE)


def _check_places(q: Question, shuffle_choices: bool, source: YamlSource, at: Tuple,
                  diagnostics: Diagnostics) -> None:
    """Lists are shown without letters, and the list a question shuffles (its type's
    shuffled_list) in a random order: an entry or a rationale that names an entry by its place or
    letter would mislead."""
    shuffled = q.shuffled_in(shuffle_choices) or ""
    for i, entry in enumerate(getattr(q, shuffled) if shuffled else []):
        if _BY_PLACE.search(entry.text):
            diagnostics.error(
                source.locate(at + (shuffled, i, "text")),
                f"{shuffled[:-1]} '{entry.text}' of question '{q.id}' refers to the places of the "
                f"other {shuffled}, but they are shown in a random order: name what it means "
                "('Square and rhombus') or make the question multiple-response")
    if shuffled or q.shuffled_list:
        for field in ("rationale", "prompt"):
            letter = _BY_LETTER.search(getattr(q, field, None) or "")
            if letter:
                diagnostics.warning(
                    source.locate(at + (field,)),
                    f"the {field} of question '{q.id}' names a choice by a letter "
                    f"('{letter.group(0)}'), but choices are shown without letters: name the "
                    "choice by its text")


def _check_answer_key(q: Question, source: YamlSource, at: Tuple, diagnostics: Diagnostics) -> None:
    q.check_key(lambda path, message: diagnostics.error(source.locate(at + path), message))
    q.warn_key(lambda path, message: diagnostics.warning(source.locate(at + path), message))


def render_quiz(spec: QuizFile, display: str, render: RenderInline) -> Quiz:
    """Render every text of a quiz from inline Markdown."""
    questions = tuple(_render_question(q, ("questions", n), render)
                      for n, q in enumerate(spec.questions))
    return Quiz(id=spec.id, title=spec.title, kind=spec.kind, shuffle_choices=spec.shuffle_choices,
                draw=spec.draw, questions=questions, source=display)


def _render_question(q: Question, at: Tuple, render: RenderInline) -> RenderedQuestion:
    texts: Dict[str, str] = {}
    for key, _ids in q.id_lists():  # each list of entries with a text: choices, items, ...
        for i, entry in enumerate(getattr(q, key)):
            texts[f"{key}:{entry.id}"] = render(entry.text, at + (key, i, "text"))
            feedback = getattr(entry, "feedback", None)
            if feedback:
                texts[f"{key}-feedback:{entry.id}"] = render(feedback, at + (key, i, "feedback"))
    if q.feedback:
        for key in ("correct", "incorrect"):
            value: Optional[str] = getattr(q.feedback, key)
            if value:
                texts[f"feedback:{key}"] = render(value, at + ("feedback", key))
    return RenderedQuestion(spec=q, prompt_html=render(q.prompt, at + ("prompt",)),
                            rationale_html=render(q.rationale, at + ("rationale",)) if q.rationale else "",
                            texts_html=texts)
