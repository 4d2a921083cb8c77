"""Stable keys for the learner's progress record (suspend_data), and the course fingerprint.

The runtime stores which pages were viewed and the answers given by short keys instead of
positions, so a learner who resumes after the course was rebuilt keeps what still applies
(docs/tracking.md, "Course updates"). A page's key comes from its id; a question's from its
quiz, id, type and the ids of its options in order: an edit that changes what a stored answer
means changes the key, and the runtime drops that answer.

Keys are always LENGTH characters. When two pages (or two questions of a quiz) would share a key,
neither gets it: each gets a salted key instead, so a record saved before the clash appeared
(or after it is gone) lends no item's progress to another, and only the clashing items start
afresh; every other key stays as it was.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Dict, Iterable, List, Mapping, Sequence, Tuple

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
LENGTH = 4   # 36^4 = 1.7 million keys: a clash among a course's pages is rare
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


def unique_keys(materials: Sequence[str]) -> List[str]:
    """One key per material, in order. A key that two materials would share goes to neither:
    each of them gets the first of short_key(material + "#1"), "#2", … that no other material
    has, naturally or salted."""
    natural = [short_key(m, LENGTH) for m in materials]
    counts: Dict[str, int] = {}
    for key in natural:
        counts[key] = counts.get(key, 0) + 1
    keys = list(natural)
    taken = set(natural)
    for index in sorted(range(len(materials)), key=lambda i: materials[i]):
        if counts[natural[index]] == 1:
            continue
        salt = 1
        while short_key(f"{materials[index]}#{salt}", LENGTH) in taken:
            salt += 1
        keys[index] = short_key(f"{materials[index]}#{salt}", LENGTH)
        taken.add(keys[index])
    return keys


def assign(pages: List[Dict[str, Any]], quizzes: Dict[str, Dict[str, Any]]) -> Tuple[int, str]:
    """Add a "key" to every page and question of the runtime's course data, and a "slot" key to
    every question (from its quiz and id only: the LMS's interaction record of a question is
    the same record whatever an update changes in its options); return the key length and the
    fingerprint of the course structure."""
    for page, key in zip(pages, unique_keys(["page:" + p["id"] for p in pages])):
        page["key"] = key
    for qid, quiz in sorted(quizzes.items()):
        questions = quiz["questions"]
        for question, key in zip(questions, unique_keys([question_material(qid, q)
                                                         for q in questions])):
            question["key"] = key
        for question, slot in zip(questions, unique_keys([f"slot:{qid}:{q['id']}"
                                                          for q in questions])):
            question["slot"] = slot
    return LENGTH, fingerprint(_all_keys(pages, quizzes))


def _all_keys(pages: Iterable[Mapping[str, Any]], quizzes: Mapping[str, Mapping[str, Any]]) -> List[str]:
    keys = [p["key"] for p in pages]
    for qid in sorted(quizzes):
        keys += [qid] + [q["key"] for q in quizzes[qid]["questions"]]
    return keys


def fingerprint(keys: Sequence[str]) -> str:
    """Eight hex digits that change whenever a page or question is added, removed or changed."""
    return hashlib.sha256("\n".join(keys).encode("utf-8")).hexdigest()[:8]
