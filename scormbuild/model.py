"""The loaded course: immutable objects that the render and package stages read."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional, Tuple

from scormbuild.errors import Location
from scormbuild.questions import Question
from scormbuild.source_format import CourseFile, GlossaryEntry, Objective, Reference


@dataclass(frozen=True)
class RenderedQuestion:
    """A question with its texts already rendered from inline Markdown to HTML."""

    spec: Question
    prompt_html: str
    rationale_html: str
    texts_html: Dict[str, str]  # "choice:a", "item:b", "feedback:correct", ... -> HTML

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def scored(self) -> bool:
        return self.spec.scored


@dataclass(frozen=True)
class Quiz:
    id: str
    title: str
    kind: str  # knowledge-check | assessment | survey
    shuffle_choices: bool
    draw: Optional[int]
    questions: Tuple[RenderedQuestion, ...]
    source: str  # display path

    @property
    def scored(self) -> bool:
        return self.kind != "survey"

    @property
    def page(self) -> str:
        return f"{self.id}.html"


def pack_text(text: str) -> bytes:
    """Text held compressed (zlib level 1): a lesson's HTML or Markdown while it waits."""
    return zlib.compress(text.encode("utf-8"), 1)


def unpack_text(packed: bytes) -> str:
    return zlib.decompress(packed).decode("utf-8")


@dataclass(frozen=True)
class Lesson:
    """A rendered lesson. Its HTML is held compressed (zlib, level 1): a course keeps every
    lesson's HTML until the last page is rendered (a template may read any lesson), and the
    text is most of the memory a lesson costs (docs/performance.md, "Memory")."""

    id: str
    title: str
    minutes: Optional[int]
    body_packed: bytes
    cited: Tuple[str, ...]
    source: str  # display path

    @property
    def body_html(self) -> str:
        return unpack_text(self.body_packed)

    @property
    def page(self) -> str:
        return f"{self.id}.html"


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    objectives: Tuple[Objective, ...]
    lessons: Tuple[Lesson, ...]
    knowledge_check: Optional[Quiz]

    @property
    def page(self) -> str:
        return f"{self.id}.html"


@dataclass(frozen=True)
class MediaFile:
    """A file copied into the package as it is."""

    source: Path
    package_path: str  # relative to the package root, '/' separated
    size: int
    used_at: Optional[Location] = None  # its first use in a lesson, quiz or course text


@dataclass(frozen=True)
class FontFace:
    """One font file of the theme, as the generated style sheet declares it."""

    package_path: str
    weight: int
    style: str
    format: str  # woff2 | woff | truetype | opentype


@dataclass(frozen=True)
class ThemeAssets:
    """The checked theme: colours that passed the contrast rules, files found in the course."""

    primary: Optional[str] = None
    primary_dark: Optional[str] = None  # hover shade, derived
    accent: Optional[str] = None
    logo: Optional[str] = None          # package path
    logo_alt: str = ""
    font_stack: Optional[str] = None    # CSS font-family value
    faces: Tuple[FontFace, ...] = ()


@dataclass(frozen=True)
class Course:
    info: CourseFile
    modules: Tuple[Module, ...]
    final_assessment: Optional[Quiz]
    survey: Optional[Quiz]
    references: Tuple[Reference, ...]
    glossary: Tuple[GlossaryEntry, ...]
    media: Tuple[MediaFile, ...]
    disclaimer_html: str
    how_to_complete_html: str
    root: Path
    label: str = ""  # the course folder as the user named it (diagnostics name files with it)
    theme: ThemeAssets = ThemeAssets()

    @property
    def id(self) -> str:
        return self.info.id

    def quizzes(self) -> Tuple[Quiz, ...]:
        found = [m.knowledge_check for m in self.modules if m.knowledge_check]
        found += [q for q in (self.final_assessment, self.survey) if q]
        return tuple(found)

    def lessons(self) -> Tuple[Lesson, ...]:
        return tuple(lesson for m in self.modules for lesson in m.lessons)
