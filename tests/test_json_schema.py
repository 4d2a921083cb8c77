"""`scormbuild schema KIND`: JSON Schemas that accept the real course files and catch typos."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator, Tuple

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from scormbuild.author.json_schema import KINDS, json_schema, modeline, write_schemas
from scormbuild.cli import main
from paths import REPO



def as_json(path: Path) -> Any:
    """What an editor sees: YAML dates are plain strings to yaml-language-server."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def course_files(root: Path) -> Iterator[Tuple[str, Path]]:
    course = yaml.safe_load((root / "course.yaml").read_text(encoding="utf-8"))
    yield "course", root / "course.yaml"
    for name in ("final_assessment", "survey"):
        if course.get(name):
            yield "quiz", root / course[name]
    for kind in ("references", "glossary"):
        if (root / f"{kind}.yaml").exists():
            yield kind, root / f"{kind}.yaml"
    for folder in course["modules"]:
        module = yaml.safe_load((root / folder / "module.yaml").read_text(encoding="utf-8"))
        yield "module", root / folder / "module.yaml"
        if module.get("knowledge_check"):
            yield "quiz", root / folder / module["knowledge_check"]


@pytest.mark.parametrize("root", [REPO / "course", REPO / "tests" / "roots" / "minimal"],
                         ids=["flagship", "minimal"])
def test_schemas_accept_every_file_of_a_real_course(root: Path) -> None:
    checked = []
    for kind, path in course_files(root):
        jsonschema.Draft202012Validator(json_schema(kind)).validate(as_json(path))
        checked.append(kind)
    assert {"course", "module", "quiz", "references"} <= set(checked)


def test_schema_catches_a_misspelt_key_and_an_unknown_question_type() -> None:
    validator = jsonschema.Draft202012Validator(json_schema("quiz"))
    quiz = {"id": "q", "title": "Q", "kind": "assessment",
            "questions": [{"id": "a", "type": "true-false", "prompt": "P", "answer": True,
                           "rationle": "typo"}]}
    assert [e.message for e in validator.iter_errors(quiz)] != []
    quiz["questions"][0].pop("rationle")
    assert list(validator.iter_errors(quiz)) == []
    quiz["questions"][0]["type"] = "essay"
    assert list(validator.iter_errors(quiz)) != []


def test_schema_command_prints_the_schema_and_names_the_kinds() -> None:
    result = CliRunner().invoke(main, ["schema", "module"])
    assert result.exit_code == 0
    printed = json.loads(result.output)
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert printed["required"] == ["id", "title", "lessons"]
    assert printed["additionalProperties"] is False
    wrong = CliRunner().invoke(main, ["schema", "lesson"])
    assert wrong.exit_code == 2
    assert "'lesson' is not one of 'course', 'module', 'quiz', 'references', 'glossary'" in wrong.output


def test_write_schemas_fills_the_hidden_folder_the_modelines_name(tmp_path: Path) -> None:
    written = write_schemas(tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{kind}.json" for kind in KINDS)
    assert modeline("module", depth=1) == "# yaml-language-server: $schema=../.schemas/module.json"
    assert json.loads((tmp_path / ".schemas" / "quiz.json").read_text()) == json_schema("quiz")
