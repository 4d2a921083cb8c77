"""A typed number, right within a tolerance or a range."""

from __future__ import annotations

from typing import Any, ClassVar, Dict, List, Literal, Mapping, Optional, Tuple

from pydantic import Field, model_validator

from scormbuild.questions.base import LONGEST_NUMBER, QuestionBase


class Numeric(QuestionBase):
    type: Literal["numeric"]
    answer: Optional[float] = None
    tolerance: float = Field(0, ge=0)
    range: Optional[Tuple[float, float]] = None

    max_length: ClassVar[int] = 20  # the input's maxlength; bounds the stored answer

    @model_validator(mode="after")
    def _one_key(self) -> Numeric:
        if (self.answer is None) == (self.range is None):
            raise ValueError("give either 'answer' (with optional 'tolerance') or 'range'")
        if self.range is not None and self.range[0] > self.range[1]:
            raise ValueError("'range' must be [min, max] with min <= max")
        return self

    @property
    def bounds(self) -> Tuple[float, float]:
        if self.range is not None:
            return self.range
        assert self.answer is not None  # _one_key guarantees one of the two
        return (self.answer - self.tolerance, self.answer + self.tolerance)

    def answer_key(self) -> Dict[str, Any]:
        low, high = self.bounds
        return {"min": low, "max": high, "maxLength": self.max_length}

    def correct_answer(self, texts: Mapping[str, str]) -> List[str]:
        if self.range is not None:
            return [f"from {self.range[0]:g} to {self.range[1]:g}"]
        tolerance = f" (± {self.tolerance:g})" if self.tolerance else ""
        return [f"{self.answer:g}{tolerance}"]

    def worst_answer(self) -> Any:
        return '"' * self.max_length  # every character escaped: two each in JSON

    def worst_record(self) -> Tuple[str, str, List[str]]:
        low, high = self.bounds
        return "numeric", LONGEST_NUMBER, [f"{low!r}[:]{high!r}"]
