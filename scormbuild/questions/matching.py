"""Each source matched to one target (a drop-down per source)."""

from __future__ import annotations

from typing import Any, ClassVar, Dict, Iterable, List, Literal, Mapping, Optional, Tuple

from pydantic import Field

from scormbuild.fields import ShortId
from scormbuild.questions.base import Item, QuestionBase, ReportKeyError, longest


class Matching(QuestionBase):
    type: Literal["matching"]
    key_ids: ClassVar[Tuple[str, ...]] = ("sources", "targets")
    sources: List[Item] = Field(min_length=2, max_length=26)
    targets: List[Item] = Field(min_length=2, max_length=26)
    answer: Dict[ShortId, ShortId] = Field(min_length=1)

    shuffled_list: ClassVar[Optional[str]] = "targets"

    def answer_key(self) -> Dict[str, Any]:
        return {"sources": [s.id for s in self.sources], "targets": [t.id for t in self.targets],
                "correct": dict(self.answer)}

    def correct_answer(self, texts: Mapping[str, str]) -> List[str]:
        return [f"{texts[f'sources:{s.id}']}: {texts[f'targets:{self.answer[s.id]}']}"
                for s in self.sources if s.id in self.answer]

    def worst_answer(self) -> Any:
        # target indexes, -1 where unset: "-1" is longest unless an index has two digits
        return [-1 if len(self.targets) <= 10 else len(self.targets) - 1] * len(self.sources)

    def id_lists(self) -> Iterable[Tuple[str, List[str]]]:
        yield "sources", [s.id for s in self.sources]
        yield "targets", [t.id for t in self.targets]

    def check_key(self, report: ReportKeyError) -> None:
        super().check_key(report)
        sources = {s.id for s in self.sources}
        targets = {t.id for t in self.targets}
        for src, tgt in self.answer.items():
            if src not in sources:
                report(("answer",), f"answer of question '{self.id}' matches '{src}', "
                                    "which is not a source")
            if tgt not in targets:
                report(("answer", src), f"answer of question '{self.id}' matches '{src}' to "
                                        f"'{tgt}', which is not a target")
        for missing in sorted(sources - set(self.answer)):
            report(("answer",), f"answer of question '{self.id}' gives no target for source "
                                f"'{missing}'")

    def worst_record(self) -> Tuple[str, str, List[str]]:
        target = longest(t.id for t in self.targets)
        pattern = "[,]".join(f"{s}[.]{t}" for s, t in self.answer.items())
        return "matching", "[,]".join(f"{s.id}[.]{target}" for s in self.sources), [pattern]
