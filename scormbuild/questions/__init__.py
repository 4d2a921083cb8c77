"""The question types: one unit each (see ``scormbuild/questions/base.py``), listed once here.

To add a type: write its module here, add its class to ``UNITS``, add its template partial
``templates/questions/<type>.html`` and its runtime unit (docs/architecture.md walks through it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Dict, Tuple, Type, Union

from pydantic import Field

from scormbuild.questions.base import Choice, Feedback, Item, QuestionBase
from scormbuild.questions.fill_in import FillIn
from scormbuild.questions.free_text import FreeText
from scormbuild.questions.likert import Likert
from scormbuild.questions.matching import Matching
from scormbuild.questions.multiple_response import MultipleResponse
from scormbuild.questions.numeric import Numeric
from scormbuild.questions.sequencing import Sequencing
from scormbuild.questions.single_choice import SingleChoice
from scormbuild.questions.true_false import TrueFalse

UNITS: Tuple[Type[QuestionBase], ...] = (SingleChoice, MultipleResponse, TrueFalse, FillIn, Numeric,
                                         Matching, Sequencing, Likert, FreeText)
QUESTION_TYPES: Dict[str, Type[QuestionBase]] = {unit.type_name(): unit for unit in UNITS}
SCORED_TYPES = tuple(name for name, unit in QUESTION_TYPES.items() if unit.scored)
SURVEY_TYPES = tuple(name for name, unit in QUESTION_TYPES.items() if not unit.scored)

if TYPE_CHECKING:
    Question = QuestionBase
else:  # pydantic picks the unit by the value of `type:`
    Question = Annotated[Union[UNITS], Field(discriminator="type")]

__all__ = ["QUESTION_TYPES", "SCORED_TYPES", "SURVEY_TYPES", "UNITS", "Choice", "Feedback", "FillIn",
           "FreeText", "Item", "Likert", "Matching", "MultipleResponse", "Numeric", "Question",
           "QuestionBase", "Sequencing", "SingleChoice", "TrueFalse"]
