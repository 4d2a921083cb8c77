"""`scormbuild new DIR`: a complete sample course that builds clean under --strict."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from scormbuild.author.json_schema import KINDS
from scormbuild.author.scaffold import course_id, fill, new_course, placeholders
from scormbuild.cli import main
from scormbuild.load.callouts import CALLOUTS
from scormbuild.questions import QUESTION_TYPES
from scormbuild.resources import new_course_dir

REPO = Path(__file__).resolve().parent.parent
DAY = datetime.date(2026, 12, 1)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    new_course(tmp_path / "my-course", DAY)
    return tmp_path / "my-course"


def test_new_course_checks_clean_under_strict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    made = CliRunner().invoke(main, ["new", "hand-hygiene"])
    assert made.exit_code == 0, made.output
    assert made.stdout == "wrote 18 files to hand-hygiene; next: scormbuild check hand-hygiene\n"
    checked = CliRunner().invoke(main, ["check", "hand-hygiene", "--strict"])
    assert (checked.exit_code, checked.stderr) == (0, "")
    assert checked.stdout == "hand-hygiene: OK (3 lessons, 3 quizzes, 0 warnings)\n"
    assert "id: hand-hygiene\n" in (tmp_path / "hand-hygiene" / "course.yaml").read_text()


def test_new_course_shows_each_feature_once(sample: Path) -> None:
    lessons = "\n".join(p.read_text() for p in sample.rglob("*.md") if p.name != "README.md")
    assert {m for m in re.findall(r"^::: ([a-z-]+)", lessons, re.M)} == set(CALLOUTS)
    assert "|---|---|---|" in lessons                           # a table
    assert re.search(r'!\[[^\]]+\]\([^)]+\.svg "Figure 1\.[^"]*\[@sax-2007\]"\)', lessons)
    quizzes = [yaml.safe_load(p.read_text()) for p in sample.rglob("*.yaml")
               if "questions:" in p.read_text()]
    assert sorted(q["kind"] for q in quizzes) == ["assessment", "knowledge-check", "survey"]
    assert {question["type"] for q in quizzes for question in q["questions"]} == set(QUESTION_TYPES)
    course = yaml.safe_load((sample / "course.yaml").read_text())
    assert len(course["modules"]) == 2 and course["dates"]["created"] == "2026-12"
    assert course["dates"]["review"] == "2027-12"
    assert (sample / "references.yaml").exists() and (sample / "glossary.yaml").exists()


def test_every_yaml_file_names_its_schema(sample: Path) -> None:
    kinds = {"course.yaml": "course", "module.yaml": "module", "references.yaml": "references",
             "glossary.yaml": "glossary"}
    for path in sample.rglob("*.yaml"):
        first = path.read_text().splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, path
        assert (path.parent / match.group(1)).resolve() == (
            sample / ".schemas" / f"{kinds.get(path.name, 'quiz')}.json").resolve()
    assert sorted(p.stem for p in (sample / ".schemas").iterdir()) == sorted(KINDS)


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("mine").mkdir()
    Path("mine/notes.txt").write_text("my work")
    result = CliRunner().invoke(main, ["new", "mine"])
    assert result.exit_code == 1
    assert result.stderr == ("Error: mine: the folder is not empty; name a new or empty folder so "
                             "that nothing is overwritten (nothing was written)\n")
    assert sorted(p.name for p in Path("mine").iterdir()) == ["notes.txt"]
    Path("file").write_text("x")
    assert CliRunner().invoke(main, ["new", "file"]).stderr == (
        "Error: file: is a file; name a new or empty folder (nothing was written)\n")


def test_new_writes_into_an_existing_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert len(new_course(tmp_path / "empty", DAY)) == 18


@pytest.mark.parametrize("name, expected", [
    ("Hand Hygiene 2027", "hand-hygiene-2027"), ("2027 update", "course-2027-update"),
    ("Übung", "ubung"), ("...", "my-course"), ("a" * 80, "a" * 64),
])
def test_course_id_from_the_folder_name(name: str, expected: str) -> None:
    assert course_id(name) == expected


def test_course_format_doc_shows_the_sample_course_verbatim() -> None:
    doc = (REPO / "docs" / "course-format.md").read_text(encoding="utf-8")
    values = placeholders(Path("my-course"), DAY)
    source = new_course_dir()
    shown = []
    for path in sorted(source.rglob("*")):
        if path.suffix in (".yaml", ".md") and path.name != "README.md":
            text = fill(path.read_text(encoding="utf-8"), values)
            assert f"\n{text}```\n" in doc, path.relative_to(source)
            shown.append(path.name)
    assert len(shown) == 11


@pytest.mark.slow
def test_new_course_builds_and_validates(sample: Path, tmp_path: Path) -> None:
    built = CliRunner().invoke(main, ["build", str(sample), "--out", str(tmp_path / "dist"),
                                      "--strict", "--quiet"])
    assert (built.exit_code, built.stderr) == (0, ""), built.output
    zips = sorted((tmp_path / "dist").glob("*.zip"))
    assert [z.name for z in zips] == ["my-course-1.0-scorm12.zip", "my-course-1.0-scorm2004.zip"]
    for package in zips:
        checked = CliRunner().invoke(main, ["validate", str(package), "--strict"])
        assert checked.exit_code == 0, checked.output
