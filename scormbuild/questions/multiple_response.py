"""Every correct choice among several (check boxes)."""

from __future__ import annotations

from typing import Any, ClassVar, Dict, Iterable, List, Literal, Mapping, Optional, Tuple

from pydantic import Field

from scormbuild.fields import ShortId
from scormbuild.questions.base import Choice, QuestionBase, ReportKeyError, check_choice_answers


class MultipleResponse(QuestionBase):
    type: Literal["multiple-response"]
    key_ids: ClassVar[Tuple[str, ...]] = ("choices",)
    choices: List[Choice] = Field(min_length=2, max_length=26)
    answer: List[ShortId] = Field(min_length=1)

    shuffled_list: ClassVar[Optional[str]] = "choices"

    def answer_key(self) -> Dict[str, Any]:
        return {"choices": [c.id for c in self.choices], "correct": list(self.answer)}

    def worst_answer(self) -> Any:
        return list(range(len(self.choices)))  # every choice's index ticked

    def correct_answer(self, texts: Mapping[str, str]) -> List[str]:
        return [texts[f"choices:{c.id}"] for c in self.choices if c.id in self.answer]

    def id_lists(self) -> Iterable[Tuple[str, List[str]]]:
        yield "choices", [c.id for c in self.choices]

    def check_key(self, report: ReportKeyError) -> None:
        super().check_key(report)
        check_choice_answers(self, self.choices, self.answer, lambda i: ("answer", i), report)
        if len(set(self.answer)) != len(self.answer):
            report(("answer",), f"answer of question '{self.id}' repeats a choice")

    def worst_record(self) -> Tuple[str, str, List[str]]:
        return "choice", "[,]".join(c.id for c in self.choices), ["[,]".join(self.answer)]
