"""Validate YAML against the source-format models, reporting every problem as a diagnostic.

The models themselves live in ``scormbuild.source_format`` and ``scormbuild.questions``; here
pydantic's validation errors become ``path:line:col`` diagnostics with plain-language messages.
"""

from __future__ import annotations

import difflib
from typing import Any, List, Optional, Tuple, Type, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from scormbuild.errors import Diagnostics
from scormbuild.fields import (COLOUR_PATTERN, DATE_PATTERN, DOI_PATTERN, FONT_FAMILY_PATTERN,
                               FONT_STACK_PATTERN, LANGUAGE_PATTERN, SHORT_ID_PATTERN,
                               SLUG_PATTERN, URL_PATTERN)
from scormbuild.load.yaml_source import YamlSource
from scormbuild.questions import QUESTION_TYPES

M = TypeVar("M", bound=BaseModel)

_UNION_TAGS = set(QUESTION_TYPES)  # pydantic puts the chosen type in an error's location


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
            loc = prefix + _source_path(data, err["loc"])
            _report(model, source, loc, err, diagnostics)
        return None


def _source_path(data: Any, raw: Tuple[Any, ...]) -> Tuple[Any, ...]:
    """An error's location as a path into the YAML: without the question type pydantic puts
    after a question's index, or its validator names, but keeping a field of the same name (a
    choice's 'text' beside the survey type 'text')."""
    path: List[Any] = []
    for part in raw:
        inside = (isinstance(data, dict) and part in data) or \
            (isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data))
        if inside:
            data = data[part]
        elif (isinstance(data, dict) and part in _UNION_TAGS and data.get("type") == part) \
                or str(part).startswith("function-"):
            continue  # the question type pydantic chose, or a validator: not in the document
        else:
            data = None
        path.append(part)
    return tuple(path)


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
    if kind == "missing" and loc and isinstance(loc[-1], int):  # a fixed-length list: range: [1]
        diagnostics.error(source.locate(loc[:-1]), f"{field} has too few values: value "
                                                   f"{loc[-1] + 1} is missing")
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
    elif kind in ("too_short", "string_too_short") and isinstance(err.get("input"), str) \
            and not err["input"].strip():
        diagnostics.error(location, f"{field} is empty: write the text (an optional field "
                                    "may be left out instead)")
    elif kind == "string_type" and isinstance(err.get("input"), bool):
        # YAML 1.1 reads yes/no/on/off/true/false (any case) as a yes-or-no value
        diagnostics.error(location, f"{field}: YAML reads this word as "
                                    f"{str(err['input']).lower()} (yes/no, on/off and true/false "
                                    "are yes-or-no values), not as text: put it in quotes, such "
                                    "as \"No\"")
    else:
        given = err.get("input")
        shown = f" (got {given!r})" if isinstance(given, (str, int, float, bool)) else ""
        diagnostics.error(location, f"{field}: {_lower_first(err['msg'])}{shown}")


def _pattern_hint(pattern: str) -> str:
    return {
        SLUG_PATTERN: "use lowercase letters, digits and hyphens, starting with a letter",
        SHORT_ID_PATTERN: "use a short id of lowercase letters, digits, '-' or '_'",
        DATE_PATTERN: "write a date as YYYY, YYYY-MM or YYYY-MM-DD",
        URL_PATTERN: "write a full web address starting with https:// (or http://)",
        DOI_PATTERN: "write the DOI itself, such as 10.1056/NEJMoa1714448, without "
                     "https://doi.org/ or 'doi:' (the reference list links it)",
        LANGUAGE_PATTERN: "write a language code such as en, en-GB or fr-CA",
        COLOUR_PATTERN: "write a colour as #rrggbb or #rgb",
        FONT_FAMILY_PATTERN: "use letters, digits, spaces, '-' or '_' (no quotes)",
        FONT_STACK_PATTERN: "list font names separated by commas (letters, digits, quotes, '-')",
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
