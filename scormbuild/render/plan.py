"""The order in which a learner meets the pages, and the data the runtime needs."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import unescape
from typing import Any, Dict, List, Optional, Sequence, Tuple

from scormbuild.dates import runtime_style
from scormbuild.model import Course, Quiz
from scormbuild.render import state_keys


@dataclass(frozen=True)
class PagePlan:
    id: str
    title: str
    kind: str           # start | module | lesson | quiz | completion | resource
    module: Optional[str]
    required: bool      # counts towards "all lessons viewed"

    @property
    def href(self) -> str:
        return f"pages/{self.id}.html"


def sequence(course: Course) -> Tuple[PagePlan, ...]:
    """Start, then each module (intro, lessons, check), then assessment, survey, completion."""
    pages = [PagePlan("start", "Before you start", "start", None, False)]
    for module in course.modules:
        pages.append(PagePlan(module.id, module.title, "module", module.id, False))
        pages += [PagePlan(lesson.id, lesson.title, "lesson", module.id,
                           course.info.completion.require_all_lessons) for lesson in module.lessons]
        if module.knowledge_check:
            pages.append(PagePlan(module.knowledge_check.id, module.knowledge_check.title,
                                  "quiz", module.id, False))
    for quiz in (course.final_assessment, course.survey):
        if quiz:
            pages.append(PagePlan(quiz.id, quiz.title, "quiz", None, False))
    pages.append(PagePlan("completion", "Your results", "completion", None, False))
    return tuple(pages)


TocEntry = Tuple[PagePlan, Tuple[PagePlan, ...]]


def table_of_contents(pages: Sequence[PagePlan]) -> Tuple[TocEntry, ...]:
    """The top-level pages in order, each module with its own pages (one pass: linear)."""
    children: Dict[str, List[PagePlan]] = {}
    for page in pages:
        if page.module is not None and page.kind != "module":
            children.setdefault(page.module, []).append(page)
    return tuple((page, tuple(children.get(page.id, ()))) for page in pages
                 if page.kind in ("start", "completion", "module") or page.module is None)


def resource_pages(course: Course) -> Tuple[PagePlan, ...]:
    pages = []
    if course.references:
        pages.append(PagePlan("references", "References", "resource", None, False))
    if course.glossary:
        pages.append(PagePlan("glossary", "Glossary", "resource", None, False))
    return tuple(pages)


def plain_text(html: str, limit: int = 250) -> str:
    """Strip tags for texts the LMS stores (interaction descriptions have a 250-char SPM)."""
    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def quiz_data(quiz: Quiz) -> Dict[str, Any]:
    questions = []
    for q in quiz.questions:
        entry = {"id": q.id, "type": q.spec.type, "weight": q.spec.weight,
                 "objective": q.spec.objective, "description": plain_text(q.prompt_html)}
        entry.update(q.spec.answer_key())
        shuffled = q.spec.shuffled_in(quiz.shuffle_choices)
        if shuffled:
            entry["shuffle"] = shuffled
        questions.append(entry)
    return {"id": quiz.id, "kind": quiz.kind, "title": quiz.title, "scored": quiz.scored,
            "shuffle": quiz.shuffle_choices, "draw": quiz.draw, "questions": questions}


def course_data(course: Course) -> Dict[str, Any]:
    """What the runtime reads: pages in order, completion rules, quiz keys."""
    info = course.info
    rules = info.completion
    pages = [{"id": p.id, "href": p.href, "title": p.title, "kind": p.kind,
              "module": p.module, "required": p.required} for p in sequence(course)]
    quizzes = {q.id: quiz_data(q) for q in course.quizzes()}
    key_length, fingerprint = state_keys.assign(pages, quizzes)
    tracking = info.tracking
    return {
        "id": info.id, "title": info.title, "version": info.version, "language": info.language,
        "dateStyle": runtime_style(info.language),
        "about": {"description": info.description, "durationMinutes": info.duration_minutes,
                  "dates": {k: v for k, v in info.dates.model_dump().items() if v is not None}},
        "completion": {
            "passingScore": rules.passing_score, "attempts": rules.attempts,
            "requireAllLessons": rules.require_all_lessons, "requireSurvey": rules.require_survey,
            "scorm12Status": rules.scorm12_status,
            "lessonViewedSeconds": rules.lesson_viewed_seconds,
            "finalAssessment": course.final_assessment.id if course.final_assessment else None,
            "survey": course.survey.id if course.survey else None,
        },
        "tracking": {"keepAliveMinutes": tracking.keep_alive_minutes,
                     "interactions": list(tracking.interactions),
                     "descriptions": tracking.interaction_descriptions},
        "pages": pages,
        "resources": [{"id": p.id, "href": p.href, "title": p.title} for p in resource_pages(course)],
        "quizzes": quizzes,
        "keyLength": key_length,
        "fingerprint": fingerprint,
        # the page order, for progress saved as a bitmap (render/suspend_budget.py)
        "pagesFingerprint": state_keys.fingerprint([str(p["key"]) for p in pages]),
    }


def course_data_script(course: Course) -> str:
    """The course data as a script (works from file:// too, where fetching JSON is blocked)."""
    from scormbuild.render import lms_record

    data = course_data(course)
    record = lms_record.worst_case(course)
    # for `inspect`: the largest SCORM 2004 learner record as Moodle sends it (issue #16)
    data["lmsRecord2004"] = {"bytes": record.bytes, "fields": record.fields,
                             "interactions": record.interactions}
    payload = json.dumps(data, ensure_ascii=True, sort_keys=True,
                         separators=(",", ":")).replace("</", "<\\/")
    return f"/* generated by scormbuild */\nvar SCORMBUILD_COURSE = {payload};\n"
