"""JSON Schemas of the course's YAML files, generated from the models the loader validates with.

A YAML-aware editor (any editor using yaml-language-server) reads a file's schema from a first
line such as ``# yaml-language-server: $schema=.schemas/course.json`` and then completes field
names and flags wrong types while the author types. The schema is only as strict as a JSON
Schema can be: cross-file rules (paths exist, answers match choices) stay with the loader.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from scormbuild.source_format import CourseFile, GlossaryEntry, ModuleFile, QuizFile, Reference

# kind -> (the type of the whole file, what the file is)
KINDS: Dict[str, Any] = {
    "course": (CourseFile, "course.yaml: the course's title, dates, completion rules and modules"),
    "module": (ModuleFile, "module.yaml: one module's title, objectives, lessons and check"),
    "quiz": (QuizFile, "a quiz file: knowledge check, final assessment or survey"),
    "references": (List[Reference], "references.yaml: the reference list"),
    "glossary": (List[GlossaryEntry], "glossary.yaml: terms and their definitions"),
}
SCHEMA_FOLDER = ".schemas"  # inside a course folder; hidden, so it is neither packaged nor reported
DIALECT = "https://json-schema.org/draft/2020-12/schema"


class _SourceSchema(GenerateJsonSchema):
    """Describe what the loader accepts, which is a little more than the models' core types.

    The source format's before-validators only widen the input: a number where text is
    expected (YAML reads `version: 2.0` as a number) and one value where a list is expected
    (`reference: R1`). Pydantic describes the core type alone, so widen it the same way.
    """

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema
                               ) -> JsonSchemaValue:
        inner = super().function_before_schema(schema)
        if inner.get("type") == "string":
            return {"anyOf": [inner, {"type": "number"}]}
        if inner.get("type") == "array" and "items" in inner:
            return {"anyOf": [inner["items"], inner]}
        return inner


def json_schema(kind: str) -> Dict[str, Any]:
    """The JSON Schema of one kind of course file."""
    model, description = KINDS[kind]
    schema = TypeAdapter(model).json_schema(schema_generator=_SourceSchema)
    schema.pop("title", None)
    return {"$schema": DIALECT, "title": f"scormbuild {kind} file", "description": description,
            **schema}


def schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def write_schemas(course: Path) -> List[Path]:
    """Write every kind's schema into the course's .schemas folder (for editors)."""
    folder = course / SCHEMA_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = folder / f"{kind}.json"
        path.write_text(schema_text(kind), encoding="utf-8")
        written.append(path)
    return written


def modeline(kind: str, depth: int = 0) -> str:
    """The first line that tells yaml-language-server which schema a file follows."""
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_FOLDER}/{kind}.json"
