"""A short typed answer compared with the accepted answers."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, ClassVar, Dict, List, Literal, Mapping, Tuple

from markupsafe import escape
from pydantic import Field

from scormbuild.fields import EMPHASIS_PATTERN, INVISIBLE, Flag, TypedText
from scormbuild.questions.base import WIDEST_CHARACTER, QuestionBase, ReportKeyError

# Emphasis or code marks around words: an accepted answer is compared with what the learner
# types, as plain text, so they would have to type the marks too.
_MARKED = (re.compile(EMPHASIS_PATTERN), re.compile(r"(`)([^`\n]+)`"))
# Characters keyboards type two ways, folded to one: typographic apostrophes and quotes as the
# keyboard's (an editor writes "Crohn’s", a desktop keyboard types "Crohn's"), and the micro sign
# µ (what macOS and Windows type) as the Greek μ (what a Greek keyboard types), which looks the
# same. The runtime folds what learners type with the same table: questions.js TYPED.
TYPED = {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
         "\u00b5": "\u03bc"}
_TYPED = str.maketrans(TYPED)
# An amount with its unit of measure ('2.4 µg', '5 mg/kg', '37.5 °C', '40%', '6 hours'):
# learners write the space, the decimal mark and the unit in more ways than a list of accepted
# answers holds, where a numeric question takes '2.4' and '2,4' alike.
_UNIT = (r"(?:[pnuµμm]?g|kg|mcg|[nuµμm]?mol|[dmuµμ]?[lL]|[nuµμmck]m|m?Eq|[muµμ]?U|IU|units?|"
         r"mmHg|cmH2O|k?Pa|°[CF]|%|k?cal|kJ|c?Gy|m?Sv|bpm|[kM]?Hz|"
         r"s|ms|h|min|seconds?|minutes?|hours?|days?|weeks?|months?|years?)"
         r"(?:/[^\W\d_]+)*")
_AMOUNT = re.compile(rf"([-+]?(?:\d+(?:[.,]\d+)?|[.,]\d+))(\s*)({_UNIT})")


def compared(answer: str) -> str:
    """An accepted answer as the runtime compares it: TYPED folded, accents composed (NFC)."""
    return unicodedata.normalize("NFC", answer.translate(_TYPED))


def _as_typed(text: str) -> str:
    """A text as the runtime compares it when case does not matter (questions.js normalText)."""
    return " ".join(compared(text).split()).casefold()


def _respelt(amount: re.Match[str]) -> List[str]:
    """An amount as learners also write it: with the space or without, the other decimal mark."""
    number, space, unit = amount.groups()
    return [number + ("" if space else " ") + unit,
            number.translate(str.maketrans(".,", ",.")) + space + unit]


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
            hidden = next((c for c in answer if c in INVISIBLE), None)
            if hidden:
                seen = "".join(c for c in answer if c not in INVISIBLE)
                report(("answers", n), f"accepted answer {n + 1} of question '{self.id}' holds "
                                       f"{INVISIBLE[hidden]}, which editors do not show and "
                                       f"learners never type, so '{seen}' would be marked wrong: "
                                       "delete it")

    def warn_key(self, warn: ReportKeyError) -> None:
        """An answer that is an amount with a unit, once per question (at the first)."""
        found = next(((n, m) for n, m in enumerate(map(_AMOUNT.fullmatch, self.answers)) if m),
                     None)
        if found is None:
            return
        n, amount = found
        accepted = {_as_typed(answer) for answer in self.answers}
        others = [f"'{other}'" for other in _respelt(amount) if _as_typed(other) not in accepted]
        shown = f"{', '.join(others)} or another" if others else "another"
        warn(("answers", n), f"accepted answer '{self.answers[n]}' of question '{self.id}' is a "
                             f"number with a unit: learners who type {shown} spelling of the "
                             "unit are marked wrong; make it a numeric question with the unit "
                             "in the prompt")

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
