"""The source format as typed, frozen pydantic models: what authors may write, and its types.

Validation errors are turned into path:line:col diagnostics by ``validate``; cross-file
rules (references resolve, answers match choices, ...) live in the loaders.
"""

from __future__ import annotations

import datetime
import difflib
from typing import Annotated, Any, Dict, List, Literal, Optional, Tuple, Type, TypeVar, Union

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints,
                      ValidationError, model_validator)
from pydantic_core import ErrorDetails

from scormbuild.errors import Diagnostics
from scormbuild.load.yaml_source import YamlSource

SLUG_PATTERN = r"^[a-z][a-z0-9-]{0,63}$"
SHORT_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,31}$"
DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"


def _text(value: Any) -> Any:
    """Accept numbers and dates where text is expected (YAML reads `2.0` as a float)."""
    if isinstance(value, (int, float, datetime.date)) and not isinstance(value, bool):
        return str(value)
    return value


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_text), StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
ShortId = Annotated[str, BeforeValidator(_text), StringConstraints(pattern=SHORT_ID_PATTERN)]
PartialDate = Annotated[str, BeforeValidator(_text), StringConstraints(pattern=DATE_PATTERN)]
RefList = Annotated[List[Text], BeforeValidator(_one_or_many)]


class Strict(BaseModel):
    """Unknown keys are errors (with a suggestion); models are immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Objective(Strict):
    id: Slug
    text: Text


class Contributor(Strict):
    name: Text
    role: Optional[Text] = None
    affiliation: Optional[Text] = None
    credentials: Optional[Text] = None


class Dates(Strict):
    created: PartialDate
    released: Optional[PartialDate] = None
    updated: Optional[PartialDate] = None
    literature_cutoff: Optional[PartialDate] = None
    review: Optional[PartialDate] = None
    expires: Optional[PartialDate] = None


class Completion(Strict):
    passing_score: float = Field(80, ge=0, le=100)
    attempts: int = Field(0, ge=0)
    require_all_lessons: bool = True
    require_survey: bool = False
    scorm12_status: Literal["passed-incomplete", "passed-failed",
                            "completed-incomplete", "completed-failed"] = "passed-incomplete"
    mastery_in_manifest: bool = False


class SizeWarnings(Strict):
    """Sizes above which a build warns (megabytes); see docs/course-format.md."""

    media_file_mb: float = Field(25, gt=0)
    package_mb: float = Field(200, gt=0)


class CourseFile(Strict):
    id: Slug
    title: Text
    version: Text
    language: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    description: Text
    audience: List[Text] = Field(min_length=1)
    objectives: List[Objective] = Field(min_length=1)
    contributors: List[Contributor] = []
    disclosures: Optional[Text] = None
    accreditation: Optional[Text] = None
    dates: Dates
    duration_minutes: int = Field(gt=0)
    disclaimer: Text
    how_to_complete: Optional[Text] = None
    completion: Completion = Completion()
    size_warnings: SizeWarnings = SizeWarnings()
    modules: List[Text] = Field(min_length=1)
    final_assessment: Optional[Text] = None
    survey: Optional[Text] = None
    references: Optional[Text] = None
    glossary: Optional[Text] = None


class ModuleFile(Strict):
    id: Slug
    title: Text
    objectives: List[Objective] = []
    lessons: List[Text] = Field(min_length=1)
    knowledge_check: Optional[Text] = None


class LessonFront(Strict):
    title: Text
    id: Optional[Slug] = None
    minutes: Optional[int] = Field(None, gt=0)


class Choice(Strict):
    id: ShortId
    text: Text
    feedback: Optional[Text] = None


class Item(Strict):
    id: ShortId
    text: Text


class Feedback(Strict):
    correct: Optional[Text] = None
    incorrect: Optional[Text] = None


class QuestionBase(Strict):
    id: Slug
    prompt: Text
    rationale: Optional[Text] = None
    feedback: Optional[Feedback] = None
    reference: RefList = []
    objective: Optional[Slug] = None
    weight: float = Field(1, gt=0)


class SingleChoice(QuestionBase):
    type: Literal["single-choice"]
    choices: List[Choice] = Field(min_length=2, max_length=26)
    answer: ShortId


class MultipleResponse(QuestionBase):
    type: Literal["multiple-response"]
    choices: List[Choice] = Field(min_length=2, max_length=26)
    answer: List[ShortId] = Field(min_length=1)


class TrueFalse(QuestionBase):
    type: Literal["true-false"]
    answer: bool


class FillIn(QuestionBase):
    type: Literal["fill-in"]
    answers: List[Text] = Field(min_length=1, max_length=10)
    case_sensitive: bool = False


class Numeric(QuestionBase):
    type: Literal["numeric"]
    answer: Optional[float] = None
    tolerance: float = Field(0, ge=0)
    range: Optional[Tuple[float, float]] = None

    @model_validator(mode="after")
    def _one_key(self) -> "Numeric":
        if (self.answer is None) == (self.range is None):
            raise ValueError("give either 'answer' (with optional 'tolerance') or 'range'")
        if self.range is not None and self.range[0] > self.range[1]:
            raise ValueError("'range' must be [min, max] with min <= max")
        return self

    @property
    def bounds(self) -> Tuple[float, float]:
        if self.range is not None:
            return self.range
        assert self.answer is not None
        return (self.answer - self.tolerance, self.answer + self.tolerance)


class Matching(QuestionBase):
    type: Literal["matching"]
    sources: List[Item] = Field(min_length=2, max_length=26)
    targets: List[Item] = Field(min_length=2, max_length=26)
    answer: Dict[ShortId, ShortId] = Field(min_length=1)


class Sequencing(QuestionBase):
    type: Literal["sequencing"]
    items: List[Item] = Field(min_length=2, max_length=26)


DEFAULT_LIKERT = ["Strongly disagree", "Disagree", "Neither agree nor disagree",
                  "Agree", "Strongly agree"]


class Likert(QuestionBase):
    type: Literal["likert"]
    scale: List[Text] = Field(default_factory=lambda: list(DEFAULT_LIKERT),
                              min_length=2, max_length=10)


class FreeText(QuestionBase):
    type: Literal["text"]


Question = Annotated[Union[SingleChoice, MultipleResponse, TrueFalse, FillIn, Numeric,
                           Matching, Sequencing, Likert, FreeText],
                     Field(discriminator="type")]
SCORED_TYPES = ("single-choice", "multiple-response", "true-false", "fill-in", "numeric",
                "matching", "sequencing")
SURVEY_TYPES = ("likert", "text")


class QuizFile(Strict):
    id: Slug
    title: Text
    kind: Literal["knowledge-check", "assessment", "survey"]
    shuffle_choices: bool = False
    draw: Optional[int] = Field(None, gt=0)
    questions: List[Question] = Field(min_length=1)


class Reference(Strict):
    id: Annotated[str, BeforeValidator(_text), StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    authors: Optional[Text] = None
    title: Text
    journal: Optional[Text] = None
    publisher: Optional[Text] = None
    year: Optional[int] = Field(None, ge=1800, le=2100)
    details: Optional[Text] = None
    doi: Optional[Text] = None
    pmid: Optional[Annotated[str, BeforeValidator(_text), StringConstraints(pattern=r"^\d{1,9}$")]] = None
    url: Optional[Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$")]] = None


class GlossaryEntry(Strict):
    term: Text
    definition: Text


M = TypeVar("M", bound=BaseModel)

_UNION_TAGS = {"single-choice", "multiple-response", "true-false", "fill-in", "numeric",
               "matching", "sequencing", "likert", "text"}


def validate(model: Type[M], source: YamlSource, diagnostics: Diagnostics,
             prefix: Tuple[Any, ...] = ()) -> Optional[M]:
    """Validate a YAML document (or a part of it) against a model, reporting every problem."""
    data = source.data
    for part in prefix:
        data = data[part]
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = prefix + tuple(p for p in err["loc"] if p not in _UNION_TAGS
                                 and not str(p).startswith("function-"))
            _report(model, source, loc, err, diagnostics)
        return None


def _field_label(loc: Tuple[Any, ...]) -> str:
    """Name the field by its key; the line already says which item of a list it is in."""
    keys = [str(p) for p in loc if not isinstance(p, int)]
    return keys[-1] if keys else "document"


def _report(model: Type[BaseModel], source: YamlSource, loc: Tuple[Any, ...],
            err: ErrorDetails, diagnostics: Diagnostics) -> None:
    kind = err["type"]
    field = _field_label(loc)
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc)
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        tail = f" (did you mean '{hint[0]}'?)" if hint else (
            f" (allowed: {', '.join(sorted(allowed))})" if allowed else "")
        diagnostics.error(source.locate_key(loc), f"unknown key '{loc[-1]}'{tail}")
        return
    if kind == "missing":
        diagnostics.error(source.locate(loc[:-1]), f"missing required field '{field}'")
        return
    location = source.locate(loc)
    if kind == "union_tag_invalid":
        tags = ", ".join(sorted(_UNION_TAGS))
        diagnostics.error(source.locate(loc + ("type",)),
                          f"unknown question type {err['ctx']['tag']!r} (one of: {tags})")
    elif kind == "union_tag_not_found":
        diagnostics.error(location, "missing required field 'type'")
    elif kind == "string_pattern_mismatch":
        diagnostics.error(location, f"{field}: {err['input']!r} is not valid here: "
                                    f"{_pattern_hint(err['ctx']['pattern'])}")
    elif kind == "literal_error":
        diagnostics.error(location, f"{field}: {err['input']!r} is not one of "
                                    f"{err['ctx']['expected']}")
    else:
        given = err.get("input")
        shown = f" (got {given!r})" if isinstance(given, (str, int, float, bool)) else ""
        diagnostics.error(location, f"{field}: {_lower_first(err['msg'])}{shown}")


def _pattern_hint(pattern: str) -> str:
    return {
        SLUG_PATTERN: "use lowercase letters, digits and hyphens, starting with a letter",
        SHORT_ID_PATTERN: "use a short id of lowercase letters, digits, '-' or '_'",
        DATE_PATTERN: "write a date as YYYY, YYYY-MM or YYYY-MM-DD",
        r"^https?://[^\s]+$": "write a full web address starting with https:// (or http://)",
    }.get(pattern, f"it must match {pattern}")


def _lower_first(text: str) -> str:
    text = text.replace("Value error, ", "")
    return text[:1].lower() + text[1:]


def _allowed_keys(model: Type[BaseModel], loc: Tuple[Any, ...]) -> List[str]:
    """Walk the model's fields along the path to find which keys the parent accepts."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            return []
        current = _inner_model(fields[part].annotation)
    return list(getattr(current, "model_fields", {}).keys())


def _inner_model(annotation: Any) -> Any:
    """Find the model class inside Optional[...] / List[...] annotations."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
