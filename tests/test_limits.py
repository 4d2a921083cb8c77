"""The input limits (scormbuild/load/limits.py): each ends in one diagnostic naming it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from scormbuild.cli import main
from scormbuild.errors import Diagnostics
from scormbuild.load import yaml_source
from scormbuild.load.yaml_source import LocatedMap, parse_yaml


def check(course: str = "course") -> tuple:
    result = CliRunner().invoke(main, ["check", course])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr.splitlines()


def parse(text: str) -> tuple:
    diagnostics = Diagnostics()
    source = parse_yaml(text, "f.yaml", diagnostics)
    return (source.data if source else None), [str(d) for d in diagnostics.items]


@pytest.fixture(params=["fast", "pure"])
def each_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run a test with the C parser (when PyYAML has it) and with the pure-Python one."""
    if request.param == "pure":
        monkeypatch.setattr(yaml_source, "_FAST_LOADER", yaml.SafeLoader)


@pytest.mark.usefixtures("each_parser")
def test_deep_nesting_is_a_diagnostic_not_a_recursion_error() -> None:
    depth = 10_000  # far past Python's recursion limit
    data, seen = parse("k: " + "[" * depth + "]" * depth + "\n")
    assert data is None
    assert seen == ["f.yaml:1:67: error: nested too deeply: "
                    "the YAML nesting depth limit is 64 levels"]


@pytest.mark.usefixtures("each_parser")
def test_deep_nesting_with_a_syntax_error_after_it_stops_at_the_limit() -> None:
    assert parse("k: " + "[" * 5000 + "\n  bad: : :")[1] == [
        "f.yaml:1:67: error: nested too deeply: the YAML nesting depth limit is 64 levels"]


@pytest.mark.usefixtures("each_parser")
def test_nesting_up_to_the_limit_is_read() -> None:
    data, seen = parse("[" * 64 + "]" * 64)
    assert seen == []
    for _ in range(63):
        data = data[0]
    assert data == []


@pytest.mark.usefixtures("each_parser")
def test_alias_bomb_is_refused_at_the_alias_that_crosses_the_limit() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 12)]
    data, seen = parse("\n".join(lines) + "\n")
    assert data is None
    # lines 2-4 expand to 12330 values; a3 is 11111 more each time: line 5's 8th alias passes
    assert seen == ["f.yaml:5:45: error: aliases (*name) expand to too many values: "
                    "the YAML alias expansion limit is 100000 values per file"]


@pytest.mark.usefixtures("each_parser")
def test_too_many_aliases() -> None:
    data, seen = parse("a: &x 1\nb: [" + ", ".join(["*x"] * 1001) + "]\n")
    assert seen == [f"f.yaml:2:{5 + 4 * 1000}: error: too many aliases (*name): "
                    "the YAML alias count limit is 1000 aliases per file"]


@pytest.mark.usefixtures("each_parser")
def test_aliases_and_merge_keys_still_work_and_are_converted_once() -> None:
    data, seen = parse("base: &b {x: 1, y: [1, 2]}\nother: *b\n"
                       "merged:\n  <<: *b\n  z: 3\n")
    assert seen == []
    assert data == {"base": {"x": 1, "y": [1, 2]}, "other": {"x": 1, "y": [1, 2]},
                    "merged": {"x": 1, "y": [1, 2], "z": 3}}
    assert data["other"] is data["base"]  # shared, not expanded again
    assert isinstance(data["merged"], LocatedMap) and data["merged"].key_marks["z"] == (5, 3)


@pytest.mark.usefixtures("each_parser")
def test_alias_inside_its_own_anchor_is_refused() -> None:
    assert parse("a: &a [1, *a]\n")[1] == [
        "f.yaml:1:11: error: alias '*a' refers to a collection that contains it "
        "(an endless structure)"]


@pytest.mark.usefixtures("each_parser")
def test_composer_errors_keep_pyyaml_wording() -> None:
    assert parse("a: *nope\n")[1] == [
        "f.yaml:1:4: error: YAML syntax error: found undefined alias 'nope'"]
    # a second document is said in plain words (PyYAML's are "but found another document")
    assert parse("a: 1\n---\nb: 2\n")[1] == [
        "f.yaml:2:1: error: YAML syntax error: a second YAML document (a line with ---) starts "
        "here, but a file holds one: delete the '---' line"]
    assert parse("") == (None, [])


def test_lesson_over_the_size_limit(in_tmp: Path, minimal_course: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCORMBUILD_MAX_LESSON_MB", "1")
    lesson = minimal_course / "lessons" / "two.md"
    lesson.write_text("---\ntitle: Long\n---\n" + "Words words words.\n" * 90_000)
    assert check() == (1, [
        "course/lessons/two.md: error: file is 1.7 MB: the lesson size limit is 1 MB "
        "(set SCORMBUILD_MAX_LESSON_MB to raise it)",
        "build failed: 1 error, 0 warnings"])


def test_yaml_file_over_the_size_limit(in_tmp: Path, minimal_course: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCORMBUILD_MAX_YAML_MB", "1")
    survey = minimal_course / "survey.yaml"
    survey.write_text(survey.read_text() + "# padding\n" * 120_000)
    assert check() == (1, [
        "course/survey.yaml: error: file is 1.2 MB: the YAML file size limit is 1 MB "
        "(set SCORMBUILD_MAX_YAML_MB to raise it)",
        "build failed: 1 error, 0 warnings"])


def test_file_count_limit_stops_before_reading(in_tmp: Path, minimal_course: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCORMBUILD_MAX_FILES", "5")
    (minimal_course / ".git").mkdir()
    (minimal_course / ".git" / "HEAD").write_text("not counted\n")
    assert check() == (1, [
        "course: error: the course folder holds more than 5 files: the course file count "
        "limit is 5 files (set SCORMBUILD_MAX_FILES to raise it)",
        "build failed: 1 error, 0 warnings"])
    monkeypatch.setenv("SCORMBUILD_MAX_FILES", "9")  # the minimal course's own files
    assert check()[0] == 0


def test_unusable_limit_setting_is_a_tool_error(in_tmp: Path, minimal_course: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCORMBUILD_MAX_FILES", "lots")
    assert check() == (2, [
        "Error: SCORMBUILD_MAX_FILES must be a whole number above 0 "
        "(the course file count limit in files), not 'lots'"])


@pytest.mark.usefixtures("each_parser")
def test_a_character_yaml_refuses_is_one_positioned_line() -> None:
    assert parse("a: 1\nb: x\x07y\n")[1] == [
        "f.yaml:2:5: error: YAML does not allow the character U+0007 here: delete it"]
