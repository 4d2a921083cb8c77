"""A statement the learner marks true or false."""

from __future__ import annotations

from typing import Any, Dict, List, Literal, Mapping, Tuple

from scormbuild.fields import Flag
from scormbuild.questions.base import QuestionBase


class TrueFalse(QuestionBase):
    type: Literal["true-false"]
    answer: Flag

    def answer_key(self) -> Dict[str, Any]:
        return {"correct": self.answer}

    def worst_answer(self) -> Any:
        return 1  # stored as 1 (true) or 0 (false)

    def correct_answer(self, texts: Mapping[str, str]) -> List[str]:
        return ["True" if self.answer else "False"]

    def worst_record(self) -> Tuple[str, str, List[str]]:
        return "true-false", "false", ["true" if self.answer else "false"]
