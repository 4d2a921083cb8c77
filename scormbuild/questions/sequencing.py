"""Steps put in order: the items are written in the right order and shown shuffled."""

from __future__ import annotations

from typing import Any, ClassVar, Dict, Iterable, List, Literal, Mapping, Optional, Tuple

from pydantic import Field

from scormbuild.questions.base import Item, QuestionBase


class Sequencing(QuestionBase):
    type: Literal["sequencing"]
    key_ids: ClassVar[Tuple[str, ...]] = ("items",)
    items: List[Item] = Field(min_length=2, max_length=26)

    shuffled_list: ClassVar[Optional[str]] = "items"
    always_shuffled: ClassVar[bool] = True  # the author's order is the answer

    def answer_key(self) -> Dict[str, Any]:
        return {"items": [i.id for i in self.items]}

    def correct_answer(self, texts: Mapping[str, str]) -> List[str]:
        return [f"{n}. {texts[f'items:{i.id}']}" for n, i in enumerate(self.items, 1)]

    def worst_answer(self) -> Any:
        return [len(self.items)] * len(self.items)  # positions 1..n, 0 where unset

    def id_lists(self) -> Iterable[Tuple[str, List[str]]]:
        yield "items", [i.id for i in self.items]

    def worst_record(self) -> Tuple[str, str, List[str]]:
        order = "[,]".join(i.id for i in self.items)
        return "sequencing", order, [order]
