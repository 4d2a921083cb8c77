"""A typed number, right within a tolerance or a range."""

from __future__ import annotations

from typing import Any, ClassVar, Dict, Iterable, List, Literal, Mapping, Optional, Tuple

from pydantic import Field, model_validator

from scormbuild.fields import Number
from scormbuild.questions.base import LONGEST_NUMBER, QuestionBase, ReportKeyError

# The largest number a SCORM 2004 LMS stores in an interaction's correct_responses pattern:
# real(10,7), at most 10 digits before the point and 7 after (RTE 4.1.1.6; the runtime rounds
# to 7 decimals, templates/static/runtime/core.js sb.decimal).
# 9999999999.9999999 is 1e10 as a float: a key is refused from 1e10 (11 digits) on.
KEY_LIMIT = 10.0 ** 10
DECIMALS = 7
LARGEST_KEY_TEXT = "9999999999.9999999"


class Numeric(QuestionBase):
    type: Literal["numeric"]
    key_numbers: ClassVar[Tuple[str, ...]] = ("min", "max")
    answer: Optional[Number] = None
    tolerance: Number = Field(0, ge=0)
    range: Optional[Tuple[Number, Number]] = None

    max_length: ClassVar[int] = 20  # the input's maxlength; bounds the stored answer

    @model_validator(mode="after")
    def _one_key(self) -> Numeric:
        if (self.answer is None) == (self.range is None):
            raise ValueError("give either 'answer' (with optional 'tolerance') or 'range'")
        return self

    def check_key(self, report: ReportKeyError) -> None:
        super().check_key(report)
        if self.range is not None and self.range[0] > self.range[1]:
            low, high = self.range
            report(("range",), f"range of question '{self.id}': the lower bound {_plain(low)} is "
                               f"above the upper bound {_plain(high)}: write [{_plain(high)}, {_plain(low)}]")
            return
        low, high = self.bounds
        if max(abs(low), abs(high)) >= KEY_LIMIT:
            where = ("range",) if self.range is not None else ("answer",)
            shown = (f"range [{_plain(low)}, {_plain(high)}]" if self.range is not None else
                     f"answer {_plain(self.answer or 0)}" +
                     (f" ± {_plain(self.tolerance)}" if self.tolerance else ""))
            report(where, f"the {shown} of question '{self.id}' goes beyond "
                          f"±{LARGEST_KEY_TEXT}, the largest number a SCORM 2004 LMS stores "
                          "as a correct answer: state it in other units")

    @property
    def bounds(self) -> Tuple[float, float]:
        """The lowest and highest right answers, to the 7 decimals SCORM records (real(10,7)):
        7.4 - 0.05 is 7.3500000000000005 in binary, which would mark 7.35 wrong."""
        if self.range is not None:
            return self.range
        assert self.answer is not None  # _one_key guarantees one of the two
        return (round(self.answer - self.tolerance, DECIMALS),
                round(self.answer + self.tolerance, DECIMALS))

    def recorded_numbers(self) -> Iterable[Tuple[Tuple[Any, ...], float]]:
        where = ("range",) if self.range is not None else ("answer",)
        return ((where, bound) for bound in self.bounds)

    def answer_key(self) -> Dict[str, Any]:
        low, high = self.bounds
        return {"min": low, "max": high, "maxLength": self.max_length}

    def correct_answer(self, texts: Mapping[str, str]) -> List[str]:
        # as the author wrote them: ':g' showed 2400000 as '2.4e+06' and 7.123456 as '7.12346'
        if self.range is not None:
            return [f"from {_plain(self.range[0])} to {_plain(self.range[1])}"]
        tolerance = f" (± {_plain(self.tolerance)})" if self.tolerance else ""
        return [f"{_plain(self.answer or 0)}{tolerance}"]

    def worst_answer(self) -> Any:
        return '"' * self.max_length  # every character escaped: two each in JSON

    def worst_record(self) -> Tuple[str, str, List[str]]:
        low, high = self.bounds
        return "numeric", LONGEST_NUMBER, [f"{low!r}[:]{high!r}"]


def _plain(number: float) -> str:
    """A number as an author writes it: no exponent, at most 7 decimals ('-0' is '0')."""
    text = f"{number:.7f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
