"""Quizzes: validate the YAML, check answer keys against choices, render the texts."""

from __future__ import annotations

from collections import Counter
from typing import Callable, Dict, Iterable, List, Optional, Set, Tuple

from scormbuild.errors import Diagnostics, Location
from scormbuild.load.schema import (SCORED_TYPES, SURVEY_TYPES, Matching, MultipleResponse,
                                    Question, QuizFile, Sequencing, SingleChoice)
from scormbuild.load.yaml_source import YamlSource
from scormbuild.model import Quiz, RenderedQuestion

RenderInline = Callable[[str, Tuple], str]  # (markdown text, yaml key path) -> HTML


def check_quiz(spec: QuizFile, source: YamlSource, diagnostics: Diagnostics,
               objective_ids: Set[str], reference_ids: Set[str]) -> None:
    """Check what the schema cannot: ids, answer keys, kinds, objectives, references."""
    if spec.draw is not None and spec.draw > len(spec.questions):
        diagnostics.error(source.locate(("draw",)), f"draw is {spec.draw} but the quiz has only "
                                                    f"{len(spec.questions)} questions")
    for n, question in enumerate(spec.questions):
        at = ("questions", n)
        _check_kind(spec.kind, question, source.locate(at + ("type",)), diagnostics)
        _check_answer_key(question, source, at, diagnostics)
        if spec.kind == "survey":
            continue
        if question.objective is None:
            diagnostics.error(source.locate(at), f"question '{question.id}' has no 'objective'")
        elif question.objective not in objective_ids:
            diagnostics.error(source.locate(at + ("objective",)),
                              f"objective '{question.objective}' is not defined in course.yaml "
                              "or a module.yaml")
        if question.rationale is None:
            diagnostics.error(source.locate(at), f"question '{question.id}' has no 'rationale'")
        if not question.reference:
            diagnostics.warning(source.locate(at), f"question '{question.id}' cites no 'reference'")
        for i, ref in enumerate(question.reference):
            if ref not in reference_ids:
                diagnostics.error(source.locate(at + ("reference", i)) if len(question.reference) > 1
                                  else source.locate(at + ("reference",)),
                                  f"reference '{ref}' is not in the reference list")


def _check_kind(kind: str, question: Question, where: Location, diagnostics: Diagnostics) -> None:
    if kind == "survey" and question.type not in SURVEY_TYPES:
        diagnostics.error(where, f"a survey asks unscored questions ({', '.join(SURVEY_TYPES)}); "
                                 f"'{question.type}' belongs in a knowledge check or assessment")
    elif kind != "survey" and question.type not in SCORED_TYPES:
        diagnostics.error(where, f"'{question.type}' questions are unscored: put them in a survey")


def _check_answer_key(q: Question, source: YamlSource, at: Tuple, diagnostics: Diagnostics) -> None:
    for key, ids in _id_lists(q):
        for dup in sorted(i for i, c in Counter(ids).items() if c > 1):
            diagnostics.error(source.locate(at + (key,)), f"{key} of question '{q.id}' repeat the id '{dup}'")
    if isinstance(q, (SingleChoice, MultipleResponse)):
        choice_ids = [c.id for c in q.choices]
        answers = [q.answer] if isinstance(q, SingleChoice) else q.answer
        for i, answer in enumerate(answers):
            if answer not in choice_ids:
                path = at + ("answer",) if isinstance(q, SingleChoice) else at + ("answer", i)
                diagnostics.error(source.locate(path), f"answer '{answer}' of question '{q.id}' is "
                                                       f"not one of its choices ({', '.join(choice_ids)})")
        if isinstance(q, MultipleResponse) and len(set(answers)) != len(answers):
            diagnostics.error(source.locate(at + ("answer",)),
                              f"answer of question '{q.id}' repeats a choice")
    elif isinstance(q, Matching):
        _check_matching(q, source, at, diagnostics)


def _check_matching(q: Matching, source: YamlSource, at: Tuple, diagnostics: Diagnostics) -> None:
    sources = {s.id for s in q.sources}
    targets = {t.id for t in q.targets}
    for src, tgt in q.answer.items():
        if src not in sources:
            diagnostics.error(source.locate(at + ("answer",)),
                              f"answer of question '{q.id}' matches '{src}', which is not a source")
        if tgt not in targets:
            diagnostics.error(source.locate(at + ("answer", src)),
                              f"answer of question '{q.id}' matches '{src}' to '{tgt}', "
                              "which is not a target")
    for missing in sorted(sources - set(q.answer)):
        diagnostics.error(source.locate(at + ("answer",)),
                          f"answer of question '{q.id}' gives no target for source '{missing}'")


def _id_lists(q: Question) -> Iterable[Tuple[str, List[str]]]:
    if isinstance(q, (SingleChoice, MultipleResponse)):
        yield "choices", [c.id for c in q.choices]
    if isinstance(q, Matching):
        yield "sources", [s.id for s in q.sources]
        yield "targets", [t.id for t in q.targets]
    if isinstance(q, Sequencing):
        yield "items", [i.id for i in q.items]


def render_quiz(spec: QuizFile, display: str, render: RenderInline) -> Quiz:
    """Render every text of a quiz from inline Markdown."""
    questions = tuple(_render_question(q, ("questions", n), render)
                      for n, q in enumerate(spec.questions))
    return Quiz(id=spec.id, title=spec.title, kind=spec.kind, shuffle_choices=spec.shuffle_choices,
                draw=spec.draw, questions=questions, source=display)


def _render_question(q: Question, at: Tuple, render: RenderInline) -> RenderedQuestion:
    texts: Dict[str, str] = {}
    for key in ("choices", "items", "sources", "targets"):
        for i, entry in enumerate(getattr(q, key, None) or []):
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
