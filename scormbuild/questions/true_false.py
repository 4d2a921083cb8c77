"""A statement the learner marks true or false."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Literal, Mapping, Tuple

from scormbuild.fields import Flag
from scormbuild.questions.base import QuestionBase, ReportKeyError

# A rationale that opens with a verdict ('False.', '**True:**', 'False – …'), not a sentence
# that starts with the word ('False positives are rare', 'False-negative results').
_VERDICT = re.compile(r"[*_\s]*(true|false)\b[*_]*(?:\s*[.:;,!]|\s+[-\u2013\u2014]\s|\s*$)",
                      re.IGNORECASE)


class TrueFalse(QuestionBase):
    type: Literal["true-false"]
    answer: Flag

    def answer_key(self) -> Dict[str, Any]:
        return {"correct": self.answer}

    def warn_key(self, warn: ReportKeyError) -> None:
        """A rationale that gives the other verdict: the answer was flipped and the rationale
        kept, or the other way round."""
        verdict = _VERDICT.match(self.rationale or "")
        if verdict and (verdict.group(1).lower() == "true") != self.answer:
            warn(("rationale",), f"the rationale of question '{self.id}' starts with "
                                 f"'{verdict.group(1)}', but its answer is "
                                 f"{str(self.answer).lower()}: learners would read 'Correct "
                                 f"answer: {self.answer}' above it; correct the answer or the "
                                 "rationale")

    def worst_answer(self) -> Any:
        return 1  # stored as 1 (true) or 0 (false)

    def correct_answer(self, texts: Mapping[str, str]) -> List[str]:
        return ["True" if self.answer else "False"]

    def worst_record(self) -> Tuple[str, str, List[str]]:
        return "true-false", "false", ["true" if self.answer else "false"]
