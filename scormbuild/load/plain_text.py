"""Markdown written in a plain-text field: shown as typed, so it is reported.

Lesson bodies, quiz texts and course.yaml's disclaimer and how_to_complete are Markdown
(fields.MarkdownText); every other text (titles, the description, objectives, glossary
entries, disclosures, reference entries, Likert labels, …) is put on the page as typed
(fields.Text). An author who writes **bold**, *emphasis*, `code`, a [@key] citation or a
[link](address) there would see the marks on the page instead.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Dict, FrozenSet, List, Set, Tuple, Type, get_args, get_origin

from pydantic import BaseModel

from scormbuild.errors import Diagnostics
from scormbuild.fields import EMPHASIS_PATTERN, HTML_ELEMENTS, MARKDOWN, NAME, PLAIN, TYPED
from scormbuild.load.yaml_source import YamlSource

_MARKS = (
    (re.compile(r"\[@[^\]\n]*\]?"), "a citation ([@key]) is not turned into a reference"),
    (re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"), "a Markdown link is not made a link"),
    (re.compile(EMPHASIS_PATTERN), "emphasis marks are shown as typed"),
    (re.compile(r"`[^`\n]+`"), "code marks are shown as typed"),
)
_TRIGGERS = ("[", "*", "_", "`")  # each pattern needs one: most texts have none
# an HTML tag (not '<5 mg' or an address in angle brackets): shown as typed, an error
_HTML_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")  # named in HTML_ELEMENTS


def check(value: BaseModel, source: YamlSource, diagnostics: Diagnostics,
          at: Tuple[Any, ...] = ()) -> None:
    """Report Markdown marks in the plain-text fields of a validated model (and the models
    inside it), at the field's position in its YAML."""
    for name, kind in _fields(type(value)).items():
        field_value = getattr(value, name, None)
        if field_value is None:
            continue
        items = list(enumerate(field_value)) if isinstance(field_value, (list, tuple)) else None
        if kind == "model":
            for i, item in items if items is not None else [(None, field_value)]:
                if isinstance(item, BaseModel):
                    check(item, source, diagnostics, at + ((name,) if i is None else (name, i)))
        elif items is not None:
            for i, item in items:
                _check_text(str(item), source, diagnostics, at + (name, i))
        else:
            _check_text(str(field_value), source, diagnostics, at + (name,))


def _check_text(text: str, source: YamlSource, diagnostics: Diagnostics,
                at: Tuple[Any, ...]) -> None:
    field = ".".join(str(part) for part in at if isinstance(part, str))
    tag = next((t for t in _HTML_TAG.finditer(text) if t.group(1).lower() in HTML_ELEMENTS),
               None) if "<" in text else None
    if tag:
        diagnostics.error(source.locate(at), f"{field} is plain text, so HTML such as "
                                             f"'{tag.group(0)}' is not allowed there: learners "
                                             "would see the tags as typed; write the text "
                                             "without them")
        return
    if not any(mark in text for mark in _TRIGGERS):
        return
    for pattern, what in _MARKS:
        match = pattern.search(text)
        if match:
            diagnostics.warning(source.locate(at),
                                f"{field} is plain text, so '{match.group(0)}' would be shown as "
                                f"typed ({what}): write it without Markdown")
            return


@lru_cache(maxsize=None)
def _fields(model: Type[BaseModel]) -> Dict[str, str]:
    """The fields of a model worth walking: 'text' (plain text, or a list of it) or 'model'
    (a model, or a list or union of models); Markdown fields and everything else are left."""
    found: Dict[str, str] = {}
    for name, info in model.model_fields.items():
        if PLAIN in info.metadata or any(PLAIN in getattr(a, "__metadata__", ())
                                         for a in _inner(info.annotation)):
            found[name] = "text"
        elif any(isinstance(a, type) and issubclass(a, BaseModel) for a in _inner(info.annotation)):
            found[name] = "model"
    return found


def _inner(annotation: Any) -> Tuple[Any, ...]:
    """The types inside Optional[...], List[...], Union[...] and Annotated[...] (one level of
    each, as the source format nests them)."""
    found = [annotation]
    for _ in range(3):
        found = [inner for a in found for inner in ((a,) + get_args(a) if get_origin(a) else (a,))]
    return tuple(found)


@lru_cache(maxsize=None)
def prose_keys(*models: Type[BaseModel]) -> FrozenSet[str]:
    """The keys whose values are texts people read (plain, Markdown or typed by a learner) in
    these models and the models inside them, and never a name (fields.NAME: a path, an id):
    a YAML comment after such a value cuts the text short (load/yaml_source.py)."""
    prose: Set[str] = set()
    names: Set[str] = set()
    todo: List[Type[BaseModel]] = list(models)
    seen: Set[Type[BaseModel]] = set()
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            inner = _inner(info.annotation)
            kinds = set(info.metadata).union(*(getattr(a, "__metadata__", ()) for a in inner))
            if NAME in kinds:
                names.add(name)
            elif kinds & {PLAIN, MARKDOWN, TYPED}:
                prose.add(name)
            todo += [a for a in inner if isinstance(a, type) and issubclass(a, BaseModel)]
    return frozenset(prose - names)
