"""The command line as users and CI pipelines call it."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from scormbuild import __version__
from scormbuild.cli import main
from paths import REPO



def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("build", "check"):
        assert command in result.output


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"scormbuild, version {__version__}"


def test_python_dash_m_works() -> None:
    proc = subprocess.run([sys.executable, "-m", "scormbuild", "--version"], cwd=REPO,
                          capture_output=True, text=True)
    assert proc.returncode == 0
    assert __version__ in proc.stdout


@pytest.mark.slow
def test_build_writes_both_editions_and_reports(minimal_course: Path, in_tmp: Path) -> None:
    result = run("build", "course", "--out", "dist")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split(" (")[0] for line in lines] == [
        "wrote dist/minimal-course-1.0-scorm12.zip", "wrote dist/minimal-course-1.0-scorm2004.zip"]
    assert result.stderr == ""  # no progress output when standard error is not a terminal


@pytest.mark.slow
def test_quiet_build_prints_nothing(minimal_course: Path, in_tmp: Path) -> None:
    result = run("build", "course", "--out", "dist", "--quiet")
    assert result.exit_code == 0
    assert result.output == ""


@pytest.mark.slow
def test_edition_option_is_repeatable(minimal_course: Path, in_tmp: Path) -> None:
    result = run("build", "course", "--out", "dist", "--edition", "1.2")
    assert result.exit_code == 0
    assert sorted(p.name for p in (in_tmp / "dist").glob("*.zip")) == ["minimal-course-1.0-scorm12.zip"]
    assert run("build", "course", "--edition", "3").exit_code == 2


@pytest.mark.slow
def test_json_report_for_ci(minimal_course: Path, in_tmp: Path) -> None:
    result = run("build", "course", "--out", "dist", "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert report["course"] == {"id": "minimal-course", "title": "Minimal course", "version": "1.0"}
    for package in report["packages"]:
        data = Path(package["path"]).read_bytes()
        assert package["size"] == len(data)
        import hashlib
        assert package["sha256"] == hashlib.sha256(data).hexdigest()


def test_json_report_lists_diagnostics_on_failure(minimal_course: Path, in_tmp: Path) -> None:
    (minimal_course / "lessons" / "two.md").write_text("---\ntitle: Two\n---\n![](missing.png)\n")
    result = run("check", "course", "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["diagnostics"] == [
        {"path": "course/lessons/two.md", "line": 4, "col": 5, "severity": "error",
         "message": "'missing.png' does not exist"},
        {"path": "course/lessons/two.md", "line": 4, "col": 5, "severity": "error",
         "message": "image 'missing.png' has no alt text: describe what it shows"}]
    assert report["error"] == "build failed: 2 errors, 0 warnings"


def test_check_writes_nothing(minimal_course: Path, in_tmp: Path) -> None:
    result = run("check", "course")
    assert result.exit_code == 0
    assert result.stdout == "course: OK (2 lessons, 3 quizzes, 0 warnings)\n"
    assert not (in_tmp / "dist").exists()


def test_not_a_course_folder(in_tmp: Path) -> None:
    (in_tmp / "empty").mkdir()
    result = run("check", "empty")
    assert result.exit_code == 1
    assert result.stderr == ("empty/course.yaml: error: no course.yaml here: is this a course folder?\n"
                             "build failed: 1 error, 0 warnings\n")


@pytest.mark.slow
def test_unwritable_output_is_a_clear_error(minimal_course: Path, in_tmp: Path) -> None:
    (in_tmp / "dist").write_text("a file, not a folder")
    result = run("build", "course", "--out", "dist/sub")
    assert result.exit_code == 2  # nothing could be written: not a problem of the course
    assert result.stderr == "Error: dist/sub: cannot create the output folder (Not a directory)\n"
    assert result.stdout == ""


@pytest.mark.parametrize("command", ["build", "check", "validate", "inspect"])
def test_every_command_spells_the_output_format_the_same(command: str) -> None:
    """--format text|json everywhere; --json works as a hidden alias of --format json."""
    shown = run(command, "--help").output
    assert "--format [text|json]" in shown
    assert "--json" not in shown


def test_json_alias_gives_the_same_report(minimal_course: Path, in_tmp: Path) -> None:
    for command in ("check", "validate", "inspect"):
        target = "course" if command == "check" else str(REPO / "tests" / "packages" / "valid-2004")
        alias, spelled = run(command, target, "--json"), run(command, target, "--format", "json")
        assert (alias.exit_code, alias.stdout) == (spelled.exit_code, spelled.stdout)
        assert json.loads(spelled.stdout)  # a report, not text


def test_validate_reads_the_schema_folder_from_the_environment(in_tmp: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(REPO / "tests" / "packages" / "valid-2004")],
                                env={"SCORMBUILD_SCHEMAS": str(in_tmp / "nowhere")})
    assert result.exit_code == 2
    assert result.stderr == f"Error: {in_tmp / 'nowhere'}: no such schema folder\n"


@pytest.mark.slow
def test_build_ignores_the_schema_environment_variable(minimal_course: Path, in_tmp: Path) -> None:
    """A package's contents never depend on the environment: XSDs only with --schemas."""
    result = CliRunner().invoke(main, ["build", "course", "--out", "dist", "--edition", "1.2"],
                                env={"SCORMBUILD_SCHEMAS": str(in_tmp / "nowhere")})
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(in_tmp / "dist" / "minimal-course-1.0-scorm12.zip") as zf:
        assert [n for n in zf.namelist() if n.endswith(".xsd")] == []
