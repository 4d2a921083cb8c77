"""A survey comment (unscored; the text is reported once, never kept in suspend_data)."""

from __future__ import annotations

from typing import ClassVar, List, Literal, Tuple

from scormbuild.questions.base import WIDEST_CHARACTER, QuestionBase


class FreeText(QuestionBase):
    type: Literal["text"]

    scored: ClassVar[bool] = False
    max_length: ClassVar[int] = 2000  # the textarea's maxlength

    def worst_record(self) -> Tuple[str, str, List[str]]:
        return "long-fill-in", WIDEST_CHARACTER * min(self.max_length, 4000), []
