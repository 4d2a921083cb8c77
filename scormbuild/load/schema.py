"""Validate YAML against the source-format models, reporting every problem as a diagnostic.

The models themselves live in ``scormbuild.source_format`` and ``scormbuild.questions``; here
pydantic's validation errors become ``path:line:col`` diagnostics with plain-language messages.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, Dict, List, Optional, Tuple, Type, TypeVar, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from scormbuild.errors import Diagnostics
from scormbuild.fields import (CITATION_KEY_PATTERN, COLOUR_PATTERN, DATE_PATTERN, DOI_PATTERN,
                               FONT_FAMILY_PATTERN, FONT_STACK_PATTERN, LANGUAGE_PATTERN,
                               PMID_PATTERN, SHORT_ID_PATTERN, SLUG_PATTERN, URL_PATTERN)
from scormbuild.load.yaml_source import YamlSource
from scormbuild.questions import QUESTION_TYPES

M = TypeVar("M", bound=BaseModel)

_UNION_TAGS = set(QUESTION_TYPES)  # pydantic puts the chosen type in an error's location
_NO_SPACE = re.compile(r"^([A-Za-z_][\w-]*):(\S.*)$")  # 'created:2024-01'
_NOT_A_NUMBER = {".nan", ".inf", "nan", "inf", "infinity"}

# What to write, by pydantic's error type, where its own words would be a programmer's.
_PLAIN: Dict[str, str] = {
    "int_parsing": "write a whole number",
    "int_from_float": "write a whole number",
    "int_type": "write a whole number",
    "float_parsing": "write a number (with a decimal point, without units)",
    "float_type": "write a number",
    "string_type": "write a text",
    "list_type": "write a list (lines starting with '- ', or [a, b])",
    "tuple_type": "write a list (lines starting with '- ', or [a, b])",
    "dict_type": "write its fields as 'key: value' lines indented below it",
    "model_type": "write its fields as 'key: value' lines indented below it",
    "model_attributes_type": "write its fields as 'key: value' lines indented below it",
    "bool_type": "write true or false",
    "bool_parsing": "write true or false",
}
_FINITE = "must be an ordinary number (not infinite or 'not a number')"


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
        allowed = [k for k in _allowed_keys(model, loc, source.data) if k != str(loc[-1])]
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
        tag = err["ctx"]["tag"]
        diagnostics.error(source.locate(loc + ("type",)),
                          f"unknown question type {tag!r} (one of: {tags})" if tag not in (None, "None")
                          else f"the question's type is empty: write one of {tags}")
    elif kind in ("too_short", "too_long") and "actual_length" in err.get("ctx", {}) \
            and not _blank(kind, err.get("input")):
        ctx = err["ctx"]
        bound = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        most = "at least" if kind == "too_short" else "at most"
        diagnostics.error(location, f"{field} takes {most} {bound} "
                                    f"{'value' if bound == 1 else 'values'}, not "
                                    f"{ctx['actual_length']}")
    elif kind == "union_tag_not_found":
        diagnostics.error(location, "missing required field 'type'")
    elif kind == "string_pattern_mismatch":
        diagnostics.error(location, f"{field}: {err['input']!r} is not valid here: "
                                    f"{_pattern_hint(err['ctx']['pattern'])}")
    elif kind == "literal_error":
        diagnostics.error(location, f"{field}: {err['input']!r} is not one of "
                                    f"{err['ctx']['expected']}")
    elif _blank(kind, err.get("input")):
        diagnostics.error(location, f"{field} is empty: write the text (an optional field "
                                    "may be left out instead)")
    elif kind == "finite_number" or (kind == "float_parsing" and
                                     str(err.get("input")).strip().lstrip("+-").lower()
                                     in _NOT_A_NUMBER):
        diagnostics.error(location, f"{field} {_FINITE}")
    elif kind in _PLAIN and isinstance(err.get("input"), str) \
            and _NO_SPACE.match(err["input"]) and "fields" in _PLAIN[kind]:
        key = _NO_SPACE.match(err["input"]).group(1)  # type: ignore[union-attr]
        diagnostics.error(location, f"{field}: put a space after the colon of '{key}' (YAML "
                                    f"reads '{err['input']}' as one text)")
    elif kind == "string_type" and isinstance(err.get("input"), bool):
        # YAML 1.1 reads yes/no/on/off/true/false (any case) as a yes-or-no value
        diagnostics.error(location, f"{field}: YAML reads this word as "
                                    f"{str(err['input']).lower()} (yes/no, on/off and true/false "
                                    "are yes-or-no values), not as text: put it in quotes, such "
                                    "as \"No\"")
    elif kind == "value_error":  # our validators' own words (they quote the value themselves)
        diagnostics.error(location, f"{field}: {_lower_first(err['msg'])}")
    else:
        given = err.get("input")
        shown = f" (got {given!r})" if isinstance(given, (str, int, float, bool)) else ""
        said = _PLAIN.get(kind) or _lower_first(err["msg"])
        diagnostics.error(location, f"{field}: {said}{shown}")


def _blank(kind: str, given: Any) -> bool:
    """A text left empty: 'title: ""', or 'title:' with nothing (or spaces) after it."""
    if kind in ("too_short", "string_too_short"):
        return isinstance(given, str) and not given.strip()
    return kind == "string_type" and given is None


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
        CITATION_KEY_PATTERN: "use letters, digits, '.', '-' or '_', starting with a letter or "
                              "digit",
        PMID_PATTERN: "write the PubMed number only (digits, such as 31800331)",
    }.get(pattern, "it is not written in the form this field takes")


def _lower_first(text: str) -> str:
    text = text.replace("Value error, ", "")
    return text[:1].lower() + text[1:]


def _allowed_keys(model: Type[BaseModel], loc: Tuple[Any, ...], data: Any) -> List[str]:
    """Walk the model's fields and the YAML along the path to find which keys the parent
    accepts; of a union of models (the question types), the one its 'type:' selects."""
    models: List[Any] = [model]
    for part in loc[:-1]:
        if isinstance(part, int):
            data = _child(data, part)
            continue
        fields = getattr(_pick(models, data), "model_fields", {})  # the YAML that holds part
        data = _child(data, part)
        if part not in fields:
            return []
        models = _inner_models(fields[part].annotation)
    return list(getattr(_pick(models, _child(data, None)), "model_fields", {}).keys())


def _child(data: Any, part: Any) -> Any:
    if part is None:
        return data
    if isinstance(data, dict):
        return data.get(part)
    if isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
        return data[part]
    return None


def _pick(models: List[Any], data: Any) -> Any:
    """The one model, or the union member whose 'type' Literal names the YAML's 'type:'."""
    if len(models) == 1:
        return models[0]
    given = data.get("type") if isinstance(data, dict) else None
    for candidate in models:
        tag = getattr(candidate, "model_fields", {}).get("type")
        if tag is not None and given in get_args(tag.annotation):
            return candidate
    return None  # no type, or an unknown one: reported on its own


def _inner_models(annotation: Any) -> List[Any]:
    """The model classes inside Optional[...] / List[...] / Union[...] annotations."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [found for arg in getattr(annotation, "__args__", ()) or ()
            for found in _inner_models(arg)]
