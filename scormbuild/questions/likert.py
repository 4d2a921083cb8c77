"""A survey rating on a labelled scale (unscored)."""

from __future__ import annotations

from typing import Any, ClassVar, Dict, List, Literal, Tuple

from pydantic import Field

from scormbuild.fields import Text
from scormbuild.questions.base import QuestionBase, ReportKeyError

DEFAULT_LIKERT = ["Strongly disagree", "Disagree", "Neither agree nor disagree",
                  "Agree", "Strongly agree"]


class Likert(QuestionBase):
    type: Literal["likert"]
    scale: List[Text] = Field(default_factory=lambda: list(DEFAULT_LIKERT),
                              min_length=2, max_length=10)

    scored: ClassVar[bool] = False

    def check_key(self, report: ReportKeyError) -> None:
        super().check_key(report)
        seen: Dict[str, int] = {}
        for index, label in enumerate(self.scale):
            said = " ".join(label.split()).casefold()
            if said in seen:
                report(("scale", index), f"scale of question '{self.id}' repeats the label "
                                         f"'{label}' (labels {seen[said] + 1} and {index + 1}): "
                                         "learners cannot tell them apart")
            else:
                seen[said] = index

    def worst_answer(self) -> Any:
        return len(self.scale)  # the position on the scale, 1..n

    def answer_key(self) -> Dict[str, Any]:
        return {"scale": list(self.scale)}

    def worst_record(self) -> Tuple[str, str, List[str]]:
        return "likert", str(len(self.scale)), []
