"""The source format as typed, frozen pydantic models: what authors may write, and its types.

``scormbuild.load.schema`` turns validation errors into path:line:col diagnostics; cross-file
rules (references resolve, answers match choices, ...) live in the loaders. The question types
are units of their own in ``scormbuild.questions``.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, List, Literal, Optional

from pydantic import Field, StringConstraints

from scormbuild.fields import (LANGUAGE_PATTERN, CitationKey, Colour, Doi, Flag, FontFamily,
                               FontStack, MarkdownText, Name, PartialDate, Pmid, Slug, Strict, Text,
                               Url)
from scormbuild.questions import Question


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
    require_all_lessons: Flag = True
    require_survey: Flag = False
    scorm12_status: Literal["passed-incomplete", "passed-failed",
                            "completed-incomplete", "completed-failed"] = "passed-incomplete"
    mastery_in_manifest: Flag = False
    # a lesson counts as viewed when the learner reaches its end or stays this long on it
    lesson_viewed_seconds: int = Field(30, ge=0, le=3600)


class Tracking(Strict):
    """How the runtime records to the LMS (docs/tracking.md)."""

    # a save at least this often while the learner is active (LMS session time-outs)
    keep_alive_minutes: float = Field(5, ge=0.05, le=60)
    # quiz kinds whose answers are recorded as cmi.interactions
    interactions: List[Literal["knowledge-check", "assessment", "survey"]] = [
        "knowledge-check", "assessment", "survey"]
    interaction_descriptions: Flag = False


class FeedbackOptions(Strict):
    """What learners see after submitting a quiz."""

    # quiz kinds whose correct answers are shown beside the learner's after submission
    reveal_answers: Literal["none", "knowledge-checks", "all"] = "knowledge-checks"


class SizeWarnings(Strict):
    """Sizes above which a build warns (megabytes); see docs/course-format.md."""

    media_file_mb: float = Field(25, gt=0)
    package_mb: float = Field(200, gt=0)


class FontFile(Strict):
    file: Name
    weight: int = Field(400, ge=100, le=900)
    style: Literal["normal", "italic"] = "normal"


class Font(Strict):
    """A font family shipped in the package (never loaded from a font service)."""

    family: FontFamily
    files: List[FontFile] = Field(min_length=1)
    fallback: FontStack = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif'


class Theme(Strict):
    """A course's look: logo, two colours and a font, checked for contrast at build time."""

    logo: Optional[Name] = None
    logo_alt: str = ""  # empty: decorative, the course title is written beside the logo
    primary: Optional[Colour] = None
    accent: Optional[Colour] = None
    font: Optional[Font] = None


class CourseFile(Strict):
    what: ClassVar[str] = "the course file (course.yaml)"

    id: Slug
    title: Text
    version: Name
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
    description: Text
    audience: List[Text] = Field(min_length=1)
    objectives: List[Objective] = Field(min_length=1)
    contributors: List[Contributor] = []
    disclosures: Optional[Text] = None
    accreditation: Optional[Text] = None
    dates: Dates
    duration_minutes: int = Field(gt=0)
    disclaimer: MarkdownText
    how_to_complete: Optional[MarkdownText] = None
    completion: Completion = Completion()
    tracking: Tracking = Tracking()
    size_warnings: SizeWarnings = SizeWarnings()
    theme: Optional[Theme] = None
    feedback: FeedbackOptions = FeedbackOptions()
    modules: List[Name] = Field(min_length=1)
    final_assessment: Optional[Name] = None
    survey: Optional[Name] = None
    references: Optional[Name] = None
    glossary: Optional[Name] = None


class ModuleFile(Strict):
    what: ClassVar[str] = "a module file (module.yaml)"

    id: Slug
    title: Text
    objectives: List[Objective] = []
    lessons: List[Name] = Field(min_length=1)
    knowledge_check: Optional[Name] = None


class LessonFront(Strict):
    title: Text
    id: Optional[Slug] = None
    minutes: Optional[int] = Field(None, gt=0)


class QuizFile(Strict):
    what: ClassVar[str] = "a quiz file"

    id: Slug
    title: Text
    kind: Literal["knowledge-check", "assessment", "survey"]
    shuffle_choices: Flag = False
    draw: Optional[int] = Field(None, gt=0)
    questions: List[Question] = Field(min_length=1)


class Reference(Strict):
    id: CitationKey
    authors: Optional[Text] = None
    title: Text
    journal: Optional[Text] = None
    publisher: Optional[Text] = None
    year: Optional[int] = Field(None, ge=1800, le=2100)
    details: Optional[Text] = None
    doi: Optional[Doi] = None
    pmid: Optional[Pmid] = None
    url: Optional[Url] = None


class GlossaryEntry(Strict):
    term: Text
    definition: Text
