"""The largest learner record a SCORM 2004 package can leave in the LMS, measured as Moodle sends it.

Moodle's SCORM 2004 player sends every element it holds on each save, one multipart form field
per element (the element name with "." written as "__"); while the page unloads it sends that
body with ``navigator.sendBeacon``, and a browser refuses a beacon above 64 KiB (the Fetch
standard's keepalive quota). A record above that loses the learner's last save (issue #16;
docs/tracking.md, "The learner record in the LMS").

This module builds the worst case of what the runtime writes (the SCORM 2004 adapter:
every quiz answered at its longest, every attempt used, the survey filled in, each question
type's longest response from its unit's ``worst_record``) and counts its bytes the way
Chromium's form-data encoder does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, List, Tuple

from scormbuild.model import Course, Quiz, RenderedQuestion

BEACON_LIMIT = 64 * 1024   # what a browser accepts in one keepalive request (Fetch standard)
BOUNDARY = len("----WebKitFormBoundary") + 16   # Chromium's multipart boundary: 38 characters
# --BOUNDARY CRLF, Content-Disposition: form-data; name="NAME" CRLF CRLF, VALUE CRLF
PER_FIELD = 2 + BOUNDARY + 2 + len('Content-Disposition: form-data; name=""') + 2 + 2 + 2
CLOSING = 2 + BOUNDARY + 2 + 2                   # --BOUNDARY-- CRLF
LONGEST_DURATION = "PT9999H59M59.99S"            # session_time and latency, as the adapter writes
TIMESTAMP = "2000-01-01T00:00:00"
MAX_INTERACTIONS = 250                           # the runtime records at most 250 (runtime/lms.js)
DESCRIPTION_LIMIT = 250                          # the adapter cuts descriptions here


@dataclass(frozen=True)
class RecordSize:
    """The worst-case record: form fields, bytes as multipart form data, interaction records."""

    fields: int
    bytes: int
    interactions: int


def interaction_fields(quiz: Quiz, question: RenderedQuestion, descriptions: bool
                       ) -> Iterator[Tuple[str, str]]:
    """(element below cmi.interactions.N, value) as the SCORM 2004 adapter writes one question."""
    from scormbuild.render.plan import plain_text

    spec = question.spec
    kind, response, patterns = spec.worst_record()
    yield "id", f"{quiz.id}.{question.id}"
    yield "type", kind
    if spec.objective:
        yield "objectives.0.id", spec.objective
    yield "timestamp", TIMESTAMP
    yield "weighting", f"{spec.weight:g}"   # always: a record written over keeps no old one
    for n, pattern in enumerate(patterns):
        yield f"correct_responses.{n}.pattern", pattern
    yield "learner_response", response
    if spec.scored:
        yield "result", "incorrect"
    yield "latency", LONGEST_DURATION
    if descriptions:
        yield "description", plain_text(question.prompt_html, DESCRIPTION_LIMIT)


def elements(course: Course) -> Iterator[Tuple[str, str]]:
    """Every element the runtime can set in SCORM 2004, each with its longest value."""
    from scormbuild.render import plan, suspend_budget

    yield "cmi.location", max((p.id for p in plan.sequence(course)), key=len, default="")
    yield "cmi.suspend_data", suspend_budget.worst_case(course)
    yield "cmi.progress_measure", "0.67"
    yield "cmi.completion_status", "incomplete"
    yield "cmi.success_status", "failed"
    for name, value in (("min", "0"), ("max", "100"), ("raw", "33.33"), ("scaled", "0.3333")):
        yield f"cmi.score.{name}", value
    yield "cmi.session_time", LONGEST_DURATION
    yield "cmi.exit", "suspend"
    tracking = course.info.tracking
    index = 0
    for quiz in course.quizzes():
        if quiz.kind not in tracking.interactions:
            continue
        for question in quiz.questions:   # one record per question; a retake overwrites it
            if index >= MAX_INTERACTIONS:
                return
            for field, value in interaction_fields(quiz, question,
                                                   tracking.interaction_descriptions):
                yield f"cmi.interactions.{index}.{field}", value
            index += 1


def field_bytes(name: str, value: str) -> int:
    """One form field as Chromium encodes it: the name with "." as "__", both in UTF-8."""
    return PER_FIELD + len(name.replace(".", "__").encode("utf-8")) + len(value.encode("utf-8"))


def fields(course: Course) -> List[Tuple[str, str]]:
    """The worst-case record as Moodle's 2004 player names its form fields."""
    return [(name.replace(".", "__"), value) for name, value in elements(course)]


def worst_case(course: Course) -> RecordSize:
    found = list(elements(course))
    size = CLOSING + sum(field_bytes(name, value) for name, value in found)
    records = {name.split(".")[2] for name, _ in found if name.startswith("cmi.interactions.")}
    return RecordSize(fields=len(found), bytes=size, interactions=len(records))


def problem(course: Course, limit: int) -> str:
    """Why the course's worst-case record is too big for limit bytes ("" when it is not)."""
    size = worst_case(course)
    if size.bytes <= limit:
        return ""
    kinds = ", ".join(course.info.tracking.interactions) or "none"
    return (f"the learner record can reach {size.bytes:,} bytes ({size.fields} elements, "
            f"{size.interactions} interaction records) as Moodle's SCORM 2004 player sends it, "
            f"above {limit // 1024} KiB: browsers refuse more than 64 KiB while the learner "
            f"leaves, so the last save would be lost; record fewer quiz kinds as interactions "
            f"(tracking.interactions in course.yaml, now: {kinds})"
            + (" or turn off tracking.interaction_descriptions"
               if course.info.tracking.interaction_descriptions else ""))
