"""The largest progress record (suspend_data) a course can produce, checked against a limit.

The caller passes each edition's limit in: rendering knows nothing of the package stage.

The runtime (``templates/static/runtime/state.js``, ``State.encode``) stores compact JSON,
version 2, keyed by the stable keys of ``render/state_keys.py``:
``{"v":2,"f":"<fingerprint>","p":"<keys of viewed pages>","q":{"<quiz id>":{"n":attempts,
"k":seed,"x":0|1,"c":score,"p":1,"a":{"<question key>":answer},"s":{"<question key>":index}}},"d":"<date>"}``.
When that record would pass BUDGET_SHARE of the edition's limit, the runtime writes the pages
viewed as a bitmap of the course's page order instead (``"b":"<5 pages a character>",
"g":"<fingerprint of the page order>"`` in place of ``"p"``): about 20 times shorter, at the
price of the page marks when a course update changes the pages. This module builds the worst
case of that record and measures it the way JavaScript does.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

from scormbuild.errors import CourseError, Diagnostic, Location
from scormbuild.model import Course, Quiz
from scormbuild.render import plan

BUDGET_SHARE = 0.8          # fail above 80% of the edition's limit: LMSs differ at the edge
MAX_SEED = 2147483646        # the runtime's Park-Miller seeds are 1 .. 2^31 - 2
MAX_ATTEMPTS_STORED = 9999   # the runtime caps its attempt counter here when attempts are unlimited
WORST_SCORE = 33.33          # scores keep two decimals: five characters at most


MAX_INTERACTION_INDEX = 249  # the runtime records at most 250 interactions
BITMAP_DIGITS = "0123456789abcdefghijklmnopqrstuv"  # five pages a character (runtime/state.js)


def bitmap(viewed: List[bool]) -> str:
    """Pages viewed in course order, five a character, as State.encode writes them."""
    out = []
    for start in range(0, len(viewed), 5):
        value = sum(1 << bit for bit, seen in enumerate(viewed[start:start + 5]) if seen)
        out.append(BITMAP_DIGITS[value])
    return "".join(out)


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, as JavaScript and the LMS's string limits count."""
    return len(text.encode("utf-16-le")) // 2


def budget_of(limit: int) -> int:
    return int(limit * BUDGET_SHARE)


def worst_quiz(quiz: Quiz, attempts_limit: int, keys: Dict[str, str], slots: Dict[str, str],
               records: bool) -> dict:
    """keys: each question's key (its answers); slots: its slot key (its interaction record)."""
    attempts = attempts_limit if attempts_limit and quiz.kind == "assessment" else MAX_ATTEMPTS_STORED
    worst = {keys[q.id]: q.spec.worst_answer() for q in quiz.questions}
    answers = {key: worst[key] for key in sorted(worst) if worst[key] is not None}  # sorted, as the runtime
    record: Dict[str, Any] = {"n": attempts, "k": MAX_SEED, "x": 1, "c": WORST_SCORE}
    if quiz.kind == "assessment":
        record["p"] = 1  # the latest attempt passed under the pass mark of its day
    if answers:
        record["a"] = answers
    if records:
        record["s"] = {slot: MAX_INTERACTION_INDEX for slot in sorted(slots.values())}
        record["u"] = 1  # records not yet all accepted (runtime/state.js)
    return record


def worst_case(course: Course, limit: Optional[int] = None) -> str:
    """The longest suspend_data this course can produce; with an edition's limit, in the form the
    runtime writes there (pages as a bitmap when the keyed record passes the budget)."""
    data = plan.course_data(course)
    tracking = course.info.tracking
    quizzes: Dict[str, dict] = {}
    for quiz in sorted(course.quizzes(), key=lambda q: q.id):
        questions = data["quizzes"][quiz.id]["questions"]
        quizzes[quiz.id] = worst_quiz(quiz, course.info.completion.attempts,
                                      {q["id"]: q["key"] for q in questions},
                                      {q["id"]: q["slot"] for q in questions},
                                      quiz.kind in tracking.interactions)
    record = {"v": 2, "f": data["fingerprint"], "p": "".join(p["key"] for p in data["pages"]),
              "q": quizzes, "d": "2000-01-01"}
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    if limit is None or utf16_length(text) <= budget_of(limit):
        return text
    compact = {"v": 2, "f": data["fingerprint"], "b": bitmap([True] * len(data["pages"])),
               "g": data["pagesFingerprint"], "q": quizzes, "d": "2000-01-01"}
    return json.dumps(compact, ensure_ascii=False, separators=(",", ":"))


def worst_case_length(course: Course, limit: Optional[int] = None) -> int:
    """Length in UTF-16 code units, as JavaScript and the LMS's string limits count."""
    return utf16_length(worst_case(course, limit))


def check(course: Course, limit: int, label: str) -> None:
    """Raise CourseError when the worst case passes 80% of a suspend_data limit (of edition label)."""
    size = worst_case_length(course, limit)
    budget = budget_of(limit)
    if size <= budget:
        return
    biggest = max(course.quizzes(), key=lambda q: len(q.questions), default=None)
    where = Location(biggest.source) if biggest else Location("course.yaml")
    message = (f"the saved progress (suspend_data) can reach {size} characters, above 80% of the "
               f"{label} limit ({budget} of {limit}); use fewer "
               f"questions, choices or pages, or build only SCORM 2004 (--edition 2004)")
    raise CourseError([Diagnostic(where, "error", message)])
