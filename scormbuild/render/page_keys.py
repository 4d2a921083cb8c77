"""Digests of what a page's template can read, so that an unchanged page is not rendered again.

A page is the built-in template for its kind rendered with a context: values shared by every
page (the course, its page sequence, the table of contents, …) and the page's own (its plan,
its item, its neighbours), which ``render.pages.iter_pages`` derives from the shared values and
the page's position in the sequence alone. Everything a built-in template can reach is in that
context or in scormbuild's code and templates (``stamp.code_fingerprint``, part of every cache
key). So the shared values' digest, the template's name and the page's position are a sound
key for the rendered page, with one refinement that makes the cache pay off after a one-lesson
edit:

* the shared digest leaves out every lesson's HTML (``Lesson.body_packed``): it is the part of
  the course an author edits most, and every page would otherwise miss whenever any lesson
  changed;
* each page's key adds the HTML of the lessons its item holds (``held_html``: a lesson page's
  own text, a module page's lessons).

That refinement rests on one property of the built-in templates: **no page reads the HTML of a
lesson other than those its item holds**. ``tests/test_page_cache.py`` checks it on every page
of the flagship course by changing each lesson's HTML in turn and comparing the other pages. A
course with its own templates (``templates/`` in the course folder) may read anything, so its
pages are not cached at all.

The digest walks dataclasses, pydantic models, tuples, lists, dicts, paths and scalars; any
other type raises TypeError rather than being skipped, so a new kind of value in the context
cannot go unnoticed: the tests digest the flagship course, which uses every question type, and
a build that meets such a value renders every page instead of using the cache.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import PurePath
from typing import Any, Dict, List, Tuple

from pydantic import BaseModel

from scormbuild.model import Lesson, Module

_SCALARS = (str, int, float, bool, type(None))
_FIELDS: Dict[type, Tuple[str, ...]] = {}


def _field_names(kind: type) -> Tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        if dataclasses.is_dataclass(kind):
            names = tuple(f.name for f in dataclasses.fields(kind))
        else:  # a pydantic model (Strict models forbid extra fields)
            names = tuple(kind.model_fields)  # type: ignore[attr-defined]
        _FIELDS[kind] = names
    return names


def shared_digest(value: Any) -> str:
    """The digest of what every page sees, lesson HTML left out."""
    parts: List[str] = []
    add = parts.append

    def visit(item: Any) -> None:
        if isinstance(item, _SCALARS):
            add(repr(item))  # a str subclass (Markup) digests as its text
        elif isinstance(item, (tuple, list)):
            add("(")
            for element in item:
                visit(element)
            add(")")
        elif isinstance(item, dict):
            add("{")
            for key, element in item.items():
                visit(key)
                visit(element)
            add("}")
        elif dataclasses.is_dataclass(item) or isinstance(item, BaseModel):
            kind = type(item)
            add(kind.__qualname__ + "(")
            for name in _field_names(kind):
                if kind is not Lesson or name != "body_packed":
                    visit(getattr(item, name))
            add(")")
        elif isinstance(item, PurePath):
            add("path:" + repr(str(item)))
        elif isinstance(item, bytes):
            add(hashlib.sha256(item).hexdigest())
        else:
            raise TypeError(f"page keys cannot digest a {type(item).__qualname__}")

    visit(value)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def held_html(item: object) -> str:
    """The digest of the HTML of the lessons a page's item holds (none for other pages)."""
    if isinstance(item, Lesson):
        lessons: Tuple[Lesson, ...] = (item,)
    elif isinstance(item, Module):
        lessons = item.lessons
    else:
        return ""
    digest = hashlib.sha256()
    for lesson in lessons:
        digest.update(hashlib.sha256(lesson.body_packed).digest())
    return digest.hexdigest()
