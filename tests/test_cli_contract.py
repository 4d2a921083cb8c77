"""The command line's contract with CI: exit codes, JSON on standard output, odd paths and
environments (docs/ci.md). Each test is one scenario a pipeline meets."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
from click.testing import CliRunner, Result

from paths import MINIMAL, REPO
from scormbuild.cli import main


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def run_json(*args: str) -> Dict[str, object]:
    """Run with --format json; standard output must be exactly one JSON object."""
    result = run(*args, "--format", "json")
    report = json.loads(result.stdout)
    assert isinstance(report, dict)
    report["exit"] = result.exit_code
    return report


def scormbuild(*args: str, env: Dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    """The real command in a fresh process (encodings and pipes are a process's business)."""
    full = {**os.environ, "PYTHONPATH": str(REPO), **env}
    return subprocess.run([sys.executable, "-m", "scormbuild", *args], cwd=cwd, env=full,
                          capture_output=True)


@pytest.fixture
def course(in_tmp: Path) -> Iterator[Path]:
    """A scratch copy of the minimal course at ./course."""
    shutil.copytree(MINIMAL, in_tmp / "course")
    yield in_tmp / "course"


# exit codes ---------------------------------------------------------------------------------

def test_usage_errors_exit_2_with_a_plain_message_and_no_stdout(course: Path) -> None:
    for args in (["build", "course", "--edition", "9"], ["check", "--format", "yaml"],
                 ["validate"], ["inspect", "--format", "json"], ["build", "--nope"]):
        result = run(*args)
        assert result.exit_code == 2, args
        assert result.stdout == ""
        assert "Error: " in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["build", "check"])
def test_an_unknown_target_is_a_usage_error_in_json_too(course: Path, command: str) -> None:
    report = run_json(command, "course", "--target", "blackboard")
    assert report["exit"] == 2
    assert report["ok"] is False
    assert str(report["error"]).startswith("unknown target 'blackboard'")


@pytest.mark.parametrize("command", ["validate", "inspect"])
def test_an_unknown_target_is_a_usage_error_for_packages(
        minimal_packages: Dict[str, Path], command: str) -> None:
    report = run_json(command, str(minimal_packages["scorm12"]), "--target", "blackboard")
    assert report["exit"] == 2
    assert report["ok"] is False


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_missing_course_folder_is_unreadable_input(in_tmp: Path, command: str) -> None:
    report = run_json(command, "nowhere")
    assert report["exit"] == 2
    assert report["error"] == "nowhere: no such course folder"
    assert not (in_tmp / "dist").exists()


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_file_given_as_the_course_folder_is_unreadable_input(in_tmp: Path, command: str) -> None:
    (in_tmp / "course.yaml").write_text("id: x\n", encoding="utf-8")
    report = run_json(command, "course.yaml")
    assert report["exit"] == 2
    assert report["error"] == "course.yaml: not a folder (give the folder that holds course.yaml)"


def test_check_leaves_out_a_build_of_the_course_inside_it(course: Path) -> None:
    """`build course --out course/dist` then `check course`: the zips and the stamp are the
    build's, not course files nobody uses (the build itself leaves its --out folder out)."""
    assert run("build", "course", "--out", "course/dist", "--quiet").exit_code == 0
    assert len(list((course / "dist").glob("*.zip"))) == 2
    result = run("check", "course")
    assert (result.exit_code, result.stderr) == (0, "")
    (course / "other").mkdir()
    (course / "other" / "copy.zip").write_bytes(b"PK")  # no stamp: a file the course holds
    assert "course/other/copy.zip: warning: file is not used" in run("check", "course").stderr


LONG = "a" * 300  # a name longer than a file system takes (255 bytes): its lookup fails


@pytest.mark.parametrize("args, status, said", [
    (("build", LONG), 2, "cannot look it up: File name too long"),
    (("check", LONG), 2, "cannot look it up: File name too long"),
    (("validate", LONG), 2, "cannot look it up: File name too long"),
    (("inspect", LONG), 2, "cannot look it up: File name too long"),
    (("build", "course", "--out", LONG), 2, "cannot look it up: File name too long"),
    (("build", "course", "--target", LONG + ".yaml"), 2, "unknown target"),
    (("new", LONG), 1, "cannot look it up: File name too long"),
])
def test_a_name_too_long_to_look_up_is_unreadable_input_not_a_bug(course: Path, args, status: int,
                                                                   said: str) -> None:
    result = scormbuild(*args, env={}, cwd=course.parent)
    error = result.stderr.decode("utf-8")
    assert (result.returncode, "Traceback" in error, said in error) == (status, False, True), error


def test_an_output_path_that_is_a_file_fails_before_building(course: Path) -> None:
    (course.parent / "dist").write_text("not a folder", encoding="utf-8")
    report = run_json("build", "course", "--out", "dist")
    assert report["exit"] == 2
    assert report["error"] == "dist: the output folder is a file"
    assert (course.parent / "dist").read_text(encoding="utf-8") == "not a folder"


def test_course_problems_exit_1_and_strict_counts_warnings(course: Path) -> None:
    (course / "unused.txt").write_text("x", encoding="utf-8")
    lenient = run_json("check", "course")
    assert (lenient["exit"], lenient["ok"], lenient["errors"], lenient["warnings"]) == (0, True, 0, 1)
    strict = run_json("check", "course", "--strict")
    assert (strict["exit"], strict["ok"], strict["errors"], strict["warnings"]) == (1, False, 0, 1)
    assert strict["diagnostics"] == [{"path": "course/unused.txt", "line": None, "col": None,
                                      "severity": "warning",
                                      "message": "file is not used by the course (not packaged)"}]


def test_an_internal_error_exits_3_not_1(tmp_path: Path) -> None:
    """A crash must not look like 'the course has problems' (exit 1) to a pipeline."""
    bad = tmp_path / "sitecustomize.py"  # makes the build library fail as a bug would
    bad.write_text("import scormbuild.build as b\n"
                   "def boom(*a, **k):\n    raise RuntimeError('boom')\n"
                   "b.check = boom\n", encoding="utf-8")
    proc = scormbuild("check", str(MINIMAL), env={"PYTHONPATH": f"{tmp_path}{os.pathsep}{REPO}"},
                      cwd=tmp_path)
    assert proc.returncode == 3
    assert b"RuntimeError: boom" in proc.stderr
    assert proc.stderr.rstrip().endswith(b"scormbuild: internal error (a bug in scormbuild, "
                                         b"not in your input): please report it with the "
                                         b"traceback above")


# JSON ------------------------------------------------------------------------------------

@pytest.mark.slow
def test_build_json_names_every_package_with_size_and_digest(course: Path) -> None:
    report = run_json("build", "course", "--out", "dist")
    assert report["exit"] == 0
    assert list(report) == ["ok", "course", "up_to_date", "errors", "warnings", "diagnostics",
                            "packages", "exit"]
    assert [p["path"] for p in report["packages"]] == [  # type: ignore[union-attr]
        "dist/minimal-course-1.0-scorm12.zip", "dist/minimal-course-1.0-scorm2004.zip"]


def test_failure_json_has_the_same_counts(course: Path) -> None:
    (course / "course.yaml").write_text("id: [\n", encoding="utf-8")
    report = run_json("build", "course", "--out", "dist")
    assert report["exit"] == 1
    assert list(report) == ["ok", "errors", "warnings", "diagnostics", "error", "exit"]
    assert report["errors"] == len(report["diagnostics"]) > 0  # type: ignore[arg-type]


# odd course folders -------------------------------------------------------------------------

def test_a_fifo_in_the_course_folder_is_not_read(tmp_path: Path) -> None:
    """An unused named pipe (left by a tool) hung the build: its digest waited for a writer."""
    from scormbuild.stamp import scan_tree

    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    assert list(scan_tree(tmp_path)) == ["a.txt"]


@pytest.mark.slow
def test_a_socket_in_the_course_folder_does_not_crash_the_build(course: Path) -> None:
    listener = socket.socket(socket.AF_UNIX)
    try:
        listener.bind("course/media/editor.sock")
        result = run("build", "course", "--out", "dist", "--quiet")
    finally:
        listener.close()
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux /proc")
def test_an_unreadable_unused_file_does_not_crash_the_build(course: Path) -> None:
    """A file that cannot be read (as root, permissions never stop a read: /proc/self/mem
    gives an I/O error at offset 0) is reported only if the course uses it."""
    (course / "media" / "locked.bin").symlink_to("/proc/self/mem")
    result = run("build", "course", "--out", "dist", "--quiet")
    assert result.exit_code == 0, result.output


NON_UTF8 = os.fsdecode(b"caf\xe9.png")  # a Latin-1 name from an old archive


@pytest.mark.slow
@pytest.mark.skipif(sys.getfilesystemencoding() != "utf-8", reason="a UTF-8 file system")
def test_a_non_utf8_file_name_does_not_crash_the_build(course: Path) -> None:
    (course / "media" / NON_UTF8).write_bytes(b"x")
    first = run("build", "course", "--out", "dist")
    assert first.exit_code == 0, first.output
    assert "course/media/caf\\udce9.png: warning: file is not used" in first.stderr
    again = run("build", "course", "--out", "dist")
    assert again.stdout.startswith("up to date ")


@pytest.mark.slow
@pytest.mark.skipif(sys.getfilesystemencoding() != "utf-8", reason="a UTF-8 file system")
def test_a_non_utf8_course_folder_name_does_not_crash_the_build(in_tmp: Path) -> None:
    shutil.copytree(MINIMAL, in_tmp / NON_UTF8)
    result = run("build", NON_UTF8, "--out", "dist", "--quiet")
    assert result.exit_code == 0, result.output


@pytest.mark.slow
def test_an_output_folder_inside_the_course_is_left_out(course: Path) -> None:
    first = run("build", "course", "--out", "course/dist")
    assert first.exit_code == 0 and first.stderr == ""
    assert run("build", "course", "--out", "course/dist").stdout.startswith("up to date ")


# determinism -------------------------------------------------------------------------------

def _zips(folder: Path) -> List[bytes]:
    return [p.read_bytes() for p in sorted(folder.glob("*.zip"))]


@pytest.mark.slow
def test_same_bytes_whatever_the_directory_timezone_umask_and_locale(course: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "", "TZ": "UTC", "LC_ALL": "C.UTF-8"}
    assert scormbuild("build", "course", "--out", "a", env=env, cwd=course.parent).returncode == 0
    odd = {"TZ": "Pacific/Kiritimati", "LC_ALL": "C", "LANG": "tr_TR.UTF-8", "SOURCE_DATE_EPOCH": ""}
    proc = subprocess.run(  # another folder, another umask, the course by absolute path
        f"umask 077 && {sys.executable} -m scormbuild build {course} --out {course.parent / 'b'}",
        shell=True, cwd="/", env={**os.environ, "PYTHONPATH": str(REPO), **odd})
    assert proc.returncode == 0
    assert _zips(course.parent / "a") == _zips(course.parent / "b")
    with zipfile.ZipFile(next((course.parent / "b").glob("*.zip"))) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert {i.external_attr >> 16 for i in archive.infolist()} == {0o100644}


def test_source_date_epoch_past_the_zip_range_is_clamped(monkeypatch: pytest.MonkeyPatch) -> None:
    from scormbuild.package.zip_writer import zip_timestamp

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999")  # year 5138
    assert zip_timestamp() == (2107, 12, 31, 23, 59, 58)


@pytest.mark.parametrize("value", ["yesterday", "1.7e9", "-5", "1700000000.5"])
def test_a_malformed_source_date_epoch_is_an_error(course: Path, value: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    report = run_json("build", "course", "--out", "dist")
    assert report["exit"] == 2
    assert report["error"] == (f"SOURCE_DATE_EPOCH must be a whole number of seconds since "
                               f"1970 (UTC), not '{value}'")
    assert not (course.parent / "dist").exists()


# output streams ----------------------------------------------------------------------------

@pytest.mark.slow
def test_text_output_survives_a_terminal_without_the_characters(
        minimal_packages: Dict[str, Path], tmp_path: Path) -> None:
    """A Latin-1 or ASCII terminal: characters it lacks are escaped, never a traceback."""
    package = tmp_path / "p.zip"
    with zipfile.ZipFile(minimal_packages["scorm12"]) as src, zipfile.ZipFile(package, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "imsmanifest.xml":
                data = data.replace(b"Minimal course", "Minimal \u2013 course \u2713".encode())
            dst.writestr(info, data)
    expected = {"latin-1": b"Minimal \\u2013 course \\u2713",
                "ascii": "Minimal \u2013 course \u2713".encode()}  # Click writes UTF-8 then
    for encoding, title in expected.items():
        proc = scormbuild("inspect", str(package), env={"PYTHONIOENCODING": encoding},
                          cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert title in proc.stdout


def test_a_closed_pipe_ends_quietly(minimal_packages: Dict[str, Path], tmp_path: Path) -> None:
    """`scormbuild inspect p.zip | head -0`: the reader has gone before the first write."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        proc = subprocess.run([sys.executable, "-m", "scormbuild", "inspect",
                               str(minimal_packages["scorm12"]), "--target", "all"],
                              stdout=writer, stderr=subprocess.PIPE, cwd=tmp_path,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
    finally:
        os.close(writer)
    assert proc.returncode == 1
    assert proc.stderr == b""


def test_ctrl_c_exits_130_and_leaves_the_packages_as_they_were(course: Path) -> None:
    """A real SIGINT while the second edition's zip is being written (the build has a lesson
    edit to package): status 130, the shell's for Ctrl-C, not 1 ("the input has problems") as
    Click gives; one line, no traceback; both packages of the last build byte for byte, no
    temporary file left; the next build writes the edit."""
    assert run("build", "course", "--out", "dist").exit_code == 0
    before = {p.name: p.read_bytes() for p in Path("dist").glob("*.zip")}
    assert len(before) == 2
    lesson = course / "lessons" / "one.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nAn edit.\n", encoding="utf-8")
    hook = Path("hook")
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import os, signal\n"
        "import scormbuild.build as b\n"
        "real = b.write_zip\n"
        "calls = []\n"
        "def interrupted(members, temp_dir, progress=None):\n"
        "    calls.append(1)\n"
        "    if len(calls) < 2:\n"
        "        return real(members, temp_dir, progress)\n"
        "    return real(members, temp_dir, lambda member: os.kill(os.getpid(), signal.SIGINT))\n"
        "b.write_zip = interrupted\n", encoding="utf-8")
    proc = scormbuild("build", "course", "--out", "dist", "--no-cache",
                      env={"PYTHONPATH": f"{hook.resolve()}{os.pathsep}{REPO}"}, cwd=Path.cwd())
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr.decode().strip() == "scormbuild: interrupted"
    assert {p.name: p.read_bytes() for p in Path("dist").glob("*.zip")} == before
    assert sorted(p.name for p in Path("dist").iterdir() if p.name.endswith(".tmp")) == []
    assert run("build", "course", "--out", "dist").exit_code == 0
    after = {p.name: p.read_bytes() for p in Path("dist").glob("*.zip")}
    assert after.keys() == before.keys() and all(after[n] != before[n] for n in after)
