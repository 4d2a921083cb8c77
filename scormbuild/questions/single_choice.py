"""One correct choice among several (radio buttons)."""

from __future__ import annotations

from typing import Any, ClassVar, Dict, Iterable, List, Literal, Mapping, Optional, Tuple

from pydantic import Field

from scormbuild.fields import ShortId
from scormbuild.questions.base import Choice, QuestionBase, ReportKeyError, check_choice_answers, longest


class SingleChoice(QuestionBase):
    type: Literal["single-choice"]
    key_ids: ClassVar[Tuple[str, ...]] = ("choices",)
    choices: List[Choice] = Field(min_length=2, max_length=26)
    answer: ShortId

    shuffled_list: ClassVar[Optional[str]] = "choices"

    def answer_key(self) -> Dict[str, Any]:
        return {"choices": [c.id for c in self.choices], "correct": [self.answer]}

    def worst_answer(self) -> Any:
        return len(self.choices) - 1  # the index of the last choice

    def correct_answer(self, texts: Mapping[str, str]) -> List[str]:
        return [texts[f"choices:{self.answer}"]]

    def id_lists(self) -> Iterable[Tuple[str, List[str]]]:
        yield "choices", [c.id for c in self.choices]

    def check_key(self, report: ReportKeyError) -> None:
        super().check_key(report)
        check_choice_answers(self, self.choices, [self.answer], lambda i: ("answer",), report)

    def worst_record(self) -> Tuple[str, str, List[str]]:
        return "choice", longest(c.id for c in self.choices), [self.answer]
