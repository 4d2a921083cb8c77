"""A survey comment (unscored; the text is reported once, never kept in suspend_data)."""

from __future__ import annotations

from typing import ClassVar, Literal

from scormbuild.questions.base import QuestionBase


class FreeText(QuestionBase):
    type: Literal["text"]

    scored: ClassVar[bool] = False
    max_length: ClassVar[int] = 2000  # the textarea's maxlength
