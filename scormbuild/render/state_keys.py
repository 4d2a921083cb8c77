"""Stable keys for the learner's progress record (suspend_data), and the course fingerprint.

The runtime stores which pages were viewed and the answers given by short keys instead of
positions, so a learner who resumes after the course was rebuilt keeps what still applies
(docs/tracking.md, "Course updates"). A page's key comes from its id; a question's from its
quiz, id, type and the ids of its options in order: an edit that changes what a stored answer
means changes the key, and the runtime drops that answer.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Dict, Iterable, List, Mapping, Sequence, Tuple

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
MIN_LENGTH = 4   # 36^4 = 1.7 million keys: a clash among a course's pages is rare
MAX_LENGTH = 12
OPTION_FIELDS = ("choices", "sources", "targets", "items", "scale")


def short_key(material: str, length: int) -> str:
    """The first `length` base-36 digits of the material's SHA-256."""
    number = int.from_bytes(hashlib.sha256(material.encode("utf-8")).digest(), "big")
    digits = []
    for _ in range(length):
        number, digit = divmod(number, 36)
        digits.append(ALPHABET[digit])
    return "".join(digits)


def question_material(quiz_id: str, question: Mapping[str, Any]) -> str:
    """What a stored answer's meaning depends on (not the answer key: a corrected key keeps it)."""
    options = {name: question[name] for name in OPTION_FIELDS if name in question}
    if "scale" in options:
        options["scale"] = len(options["scale"])
    return json.dumps([quiz_id, question["id"], question["type"], options], sort_keys=True)


def _unique(keys: Sequence[str]) -> bool:
    return len(set(keys)) == len(keys)


def key_length(page_ids: Sequence[str], quizzes: Mapping[str, Sequence[Mapping[str, Any]]]) -> int:
    """The shortest length (from 4) at which no two pages, nor two questions of a quiz, share a key."""
    for length in range(MIN_LENGTH, MAX_LENGTH + 1):
        pages_ok = _unique([short_key("page:" + i, length) for i in page_ids])
        quizzes_ok = all(_unique([short_key(question_material(qid, q), length) for q in questions])
                         for qid, questions in quizzes.items())
        if pages_ok and quizzes_ok:
            return length
    raise AssertionError("SHA-256 prefixes of 12 base-36 digits clashed")  # pragma: no cover


def assign(pages: List[Dict[str, Any]], quizzes: Dict[str, Dict[str, Any]]) -> Tuple[int, str]:
    """Add a "key" to every page and question of the runtime's course data; return the key
    length and the fingerprint of the course structure."""
    length = key_length([p["id"] for p in pages],
                        {qid: quiz["questions"] for qid, quiz in quizzes.items()})
    for page in pages:
        page["key"] = short_key("page:" + page["id"], length)
    for qid, quiz in sorted(quizzes.items()):
        for question in quiz["questions"]:
            question["key"] = short_key(question_material(qid, question), length)
    return length, fingerprint(_all_keys(pages, quizzes))


def _all_keys(pages: Iterable[Mapping[str, Any]], quizzes: Mapping[str, Mapping[str, Any]]) -> List[str]:
    keys = [p["key"] for p in pages]
    for qid in sorted(quizzes):
        keys += [qid] + [q["key"] for q in quizzes[qid]["questions"]]
    return keys


def fingerprint(keys: Sequence[str]) -> str:
    """Eight hex digits that change whenever a page or question is added, removed or changed."""
    return hashlib.sha256("\n".join(keys).encode("utf-8")).hexdigest()[:8]
