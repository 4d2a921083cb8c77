"""A short typed answer compared with the accepted answers."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, ClassVar, Dict, List, Literal, Mapping, Tuple

from markupsafe import escape
from pydantic import Field

from scormbuild.fields import EMPHASIS_PATTERN, Flag, TypedText
from scormbuild.questions.base import WIDEST_CHARACTER, QuestionBase, ReportKeyError

# Emphasis or code marks around words: an accepted answer is compared with what the learner
# types, as plain text, so they would have to type the marks too.
_MARKED = (re.compile(EMPHASIS_PATTERN), re.compile(r"(`)([^`\n]+)`"))
# Typographic apostrophes and quotes, as the keyboard's: an editor writes "Crohn’s", a desktop
# keyboard types "Crohn's" (the runtime folds what learners type alike: questions.js normalText).
_TYPED = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})


def compared(answer: str) -> str:
    """An accepted answer as the runtime compares it: quotes folded, accents composed (NFC)."""
    return unicodedata.normalize("NFC", answer.translate(_TYPED))


class FillIn(QuestionBase):
    type: Literal["fill-in"]
    answers: List[TypedText] = Field(min_length=1, max_length=10)
    case_sensitive: Flag = False

    max_length: ClassVar[int] = 60  # the input's maxlength; bounds the stored answer

    def check_key(self, report: ReportKeyError) -> None:
        super().check_key(report)
        for n, answer in enumerate(self.answers):
            if len(answer) > self.max_length:
                report(("answers", n), f"accepted answer {n + 1} of question '{self.id}' is "
                                       f"{len(answer)} characters long, but the answer field "
                                       f"takes at most {self.max_length}: learners could never "
                                       "type it; shorten it")
            marked = next((m for m in (p.search(answer) for p in _MARKED) if m), None)
            if marked:
                report(("answers", n), f"accepted answer '{answer}' of question '{self.id}' "
                                       f"has Markdown marks ('{marked.group(1)}'): answers are "
                                       "compared with what learners type, as plain text; write "
                                       f"'{marked.group(2)}'")

    def answer_key(self) -> Dict[str, Any]:
        return {"correct": [compared(a) for a in self.answers], "caseSensitive": self.case_sensitive,
                "maxLength": self.max_length}

    def correct_answer(self, texts: Mapping[str, str]) -> List[str]:
        first, others = escape(self.answers[0]), [escape(a) for a in self.answers[1:]]
        return [f"{first} (also accepted: {', '.join(others)})" if others else first]

    def worst_answer(self) -> Any:
        return '"' * self.max_length  # every character escaped: two each in JSON

    def worst_record(self) -> Tuple[str, str, List[str]]:
        prefix = "{case_matters=true}" if self.case_sensitive else ""
        return ("fill-in", WIDEST_CHARACTER * self.max_length,
                [prefix + compared(a)[:250] for a in self.answers[:5]])
