"""Start-up: the CLI and the validator do not import the build's libraries (issue 14).

Each check runs in a fresh interpreter, because this test process has imported everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, List, Sequence, Tuple

import pytest
from paths import MINIMAL, REPO

PACKAGE = REPO / "tests" / "packages" / "valid-12"

# The build's own code and the libraries only the build needs.
BUILD_MODULES = ["scormbuild.build", "scormbuild.load", "scormbuild.render",
                 "scormbuild.package.zip_writer", "scormbuild.package.manifest_writer",
                 "scormbuild.model", "pydantic", "jinja2", "markdown_it", "yaml"]


# What only loading and rendering a course needs (a build that is up to date needs none).
RENDER_MODULES = ["scormbuild.load", "scormbuild.render", "scormbuild.package.manifest_writer",
                  "scormbuild.model", "pydantic", "jinja2", "markdown_it", "yaml", "lxml"]


def _printed_json(probe: str) -> Any:
    """What `probe` prints last, as JSON, run in a fresh interpreter."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env=env, cwd=REPO, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def imported_after(code: str, modules: Sequence[str] = tuple(BUILD_MODULES)) -> List[str]:
    """The modules given (or their submodules) loaded once `code` has run."""
    probe = (f"import sys, json\n{code}\n"
             f"prefixes = {list(modules)!r}\n"
             "print(json.dumps(sorted(m for m in sys.modules "
             "if any(m == p or m.startswith(p + '.') for p in prefixes))))\n")
    return _printed_json(probe)


def run_cli(args: List[str]) -> str:
    return ("from scormbuild.cli import main\n"
            f"try:\n    main({args!r}, prog_name='scormbuild')\n"
            "except SystemExit:\n    pass\n")


def test_help_and_version_import_no_build_code() -> None:
    assert imported_after(run_cli(["--help"])) == []
    assert imported_after(run_cli(["--version"])) == []
    assert imported_after(run_cli(["build", "--help"])) == []


def test_version_is_answered_before_click_is_imported() -> None:
    launcher = ("import sys\nsys.argv = ['scormbuild', '--version']\n"
                "from scormbuild.launcher import main\nmain()\n")
    assert imported_after(launcher, ["click", "scormbuild.cli"]) == []
    env = dict(os.environ, PYTHONPATH=str(REPO))
    fast = subprocess.run([sys.executable, "-m", "scormbuild", "--version"], capture_output=True,
                          text=True, env=env, check=True).stdout
    from click.testing import CliRunner

    from scormbuild.cli import main
    assert fast == CliRunner().invoke(main, ["--version"], prog_name="scormbuild").output
    assert fast.startswith("scormbuild, version ")


def test_validate_imports_no_build_code() -> None:
    assert imported_after(run_cli(["validate", str(PACKAGE)])) == []
    assert imported_after("import scormbuild.validator.validate\n"
                          "import scormbuild.validator.inspect") == []


def test_the_probe_sees_build_code_when_a_build_runs() -> None:
    found = imported_after(run_cli(["check", "--quiet", str(REPO / "tests" / "roots" / "minimal")]))
    assert {"scormbuild.build", "pydantic", "jinja2", "markdown_it"} <= set(found)


def test_an_up_to_date_build_loads_no_rendering_code(tmp_path: Path) -> None:
    args = ["build", str(REPO / "tests" / "roots" / "minimal"), "--out", str(tmp_path / "dist")]
    first = set(imported_after(run_cli(args), RENDER_MODULES))
    assert {"pydantic", "jinja2"} <= first
    assert not {m for m in first if m.split(".")[0] == "lxml"}  # only with --schemas
    assert imported_after(run_cli(args), RENDER_MODULES) == []  # the second build is kept


def _collector_after(code: str) -> dict:
    """The collector's thresholds and frozen count once `code` has run, in a fresh interpreter."""
    probe = (f"import gc, json, sys\nbefore = gc.get_threshold()\n{code}\n"
             "print(json.dumps({'before': before, 'after': gc.get_threshold(), "
             "'frozen': gc.get_freeze_count()}))\n")
    return _printed_json(probe)


def test_a_cli_build_freezes_what_its_imports_left_and_collects_as_before(tmp_path: Path) -> None:
    launcher = ("sys.argv = ['scormbuild', 'build', " + repr(str(MINIMAL)) + ", '--out', "
                + repr(str(tmp_path / "dist")) + ", '--quiet']\n"
                "from scormbuild.launcher import main\ntry:\n    main()\n"
                "except SystemExit:\n    pass\n")
    found = _collector_after(launcher)
    assert found["frozen"] > 10_000   # the libraries' objects: never walked again
    assert found["after"] == found["before"]  # and the usual thresholds for the work


def test_a_library_caller_is_never_frozen(tmp_path: Path) -> None:
    library = ("from pathlib import Path\nfrom scormbuild.build import BuildOptions, check\n"
               f"for _ in range(2):\n    check(Path({str(MINIMAL)!r}), BuildOptions())\n")
    found = _collector_after(library)
    assert found == {"before": found["before"], "after": found["before"], "frozen": 0}


def test_a_command_that_never_builds_still_collects(tmp_path: Path) -> None:
    launcher = ("sys.argv = ['scormbuild', 'validate', " + repr(str(PACKAGE)) + "]\n"
                "from scormbuild.launcher import main\ntry:\n    main()\n"
                "except SystemExit:\n    pass\n")
    found = _collector_after(launcher)
    assert found["frozen"] == 0
    assert 0 < found["after"][0] <= 50_000  # young collections still run, only rarer


# -- help text kept beside the bytecode (scormbuild.help_cache) --------------------------------

def _launch(argv: List[str], monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str]) -> Tuple[str, object]:
    from scormbuild import launcher

    monkeypatch.setattr(sys, "argv", ["scormbuild", *argv])
    code: object = 0
    try:
        launcher.main()
    except SystemExit as exc:
        code = exc.code
    return capsys.readouterr().out, code


@pytest.fixture
def help_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from scormbuild import help_cache

    monkeypatch.setattr(help_cache, "FOLDER", str(tmp_path / "__pycache__"))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setenv("COLUMNS", "80")
    return tmp_path / "__pycache__"


def _click_help(argv: List[str]) -> str:
    """What Click itself prints, in a fresh process at 80 columns (CliRunner forces its own
    width, so it is no oracle for wrapping)."""
    code = "import sys\nfrom scormbuild.cli import main\nmain(sys.argv[1:], prog_name='scormbuild')"
    env = dict(os.environ, PYTHONPATH=str(REPO), COLUMNS="80")
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True,
                          env=env, check=True)
    return done.stdout


def test_every_help_screen_is_clicks_whether_kept_or_not(
        help_folder: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from scormbuild import launcher
    from scormbuild.cli import main

    requests = [["--help"], ["-h"]] + [[name, "--help"] for name in sorted(main.commands)]
    for argv in requests:
        expected = _click_help(argv)
        assert "Usage: scormbuild" in expected
        assert _launch(argv, monkeypatch, capsys) == (expected, 0)    # Click printed it
    assert len(list(help_folder.glob("help-*.txt"))) == len(requests)

    def no_click(argv: List[str]) -> None:
        raise AssertionError(f"Click was asked for {argv}")

    monkeypatch.setattr(launcher, "_help_from_click", no_click)
    for argv in requests:
        assert _launch(argv, monkeypatch, capsys) == (_click_help(argv), 0)  # the kept text


def test_kept_help_is_not_used_once_anything_it_came_from_changes(
        help_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from scormbuild import help_cache

    source = tmp_path / "module.py"
    source.write_text("x = 1\n")
    monkeypatch.setattr(help_cache, "_sources", lambda: [str(source)])
    help_cache.keep(["--help"], "Usage: the kept text\n")
    assert help_cache.cached(["--help"]) == "Usage: the kept text\n"
    assert help_cache.cached(["build", "--help"]) is None       # another request
    monkeypatch.setenv("COLUMNS", "120")
    assert help_cache.cached(["--help"]) is None                # another terminal width
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LANGUAGE", "de")
    assert help_cache.cached(["--help"]) is None                # another language
    monkeypatch.delenv("LANGUAGE")
    before = os.environ.get("SCORMBUILD_SCHEMAS")
    monkeypatch.setenv("SCORMBUILD_SCHEMAS", f"{before}/elsewhere")
    assert help_cache.cached(["--help"]) is None                # scormbuild's own variables
    if before is None:
        monkeypatch.delenv("SCORMBUILD_SCHEMAS")
    else:
        monkeypatch.setenv("SCORMBUILD_SCHEMAS", before)
    assert help_cache.cached(["--help"]) == "Usage: the kept text\n"
    source.write_text("x = 22\n")                               # the code changed
    assert help_cache.cached(["--help"]) is None
    source.unlink()
    assert help_cache.cached(["--help"]) is None
    (help_folder / "help-help.txt").write_text("garbage")
    assert help_cache.cached(["--help"]) is None


def test_kept_help_is_not_used_once_a_target_profile_is_added(
        help_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scormbuild import help_cache, resources

    targets = tmp_path / "targets"
    targets.mkdir()
    (targets / "generic.yaml").write_text("x: 1\n")
    monkeypatch.setattr(resources, "targets_dir", lambda: targets)
    help_cache.keep(["--help"], "Usage: the kept text\n")
    assert help_cache.cached(["--help"]) == "Usage: the kept text\n"
    (targets / "another-lms.yaml").write_text("x: 2\n")
    os.utime(targets, ns=(1, 1))   # whatever the clock's resolution: the folder's time moved
    assert help_cache.cached(["--help"]) is None


def test_no_help_is_kept_without_bytecode_or_for_an_error(
        help_folder: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert _launch(["--help"], monkeypatch, capsys)[1] == 0
    assert not help_folder.exists()
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    assert _launch(["nosuch", "--help"], monkeypatch, capsys)[1] == 2   # Click's error
    assert not help_folder.exists()
    from scormbuild.help_cache import cacheable
    assert not cacheable(["build", "course", "--help"]) and not cacheable(["--help", "build"])
    assert not cacheable([]) and not cacheable(["../x", "--help"])


def test_a_kept_help_screen_imports_no_click(tmp_path: Path) -> None:
    launcher = ("import sys\nsys.dont_write_bytecode = False\n"
                f"import scormbuild.help_cache as kept\nkept.FOLDER = {str(tmp_path)!r}\n"
                "sys.argv = ['scormbuild', '--help']\nfrom scormbuild.launcher import main\n"
                "try:\n    main()\nexcept SystemExit:\n    pass\n")
    assert "click" in imported_after(launcher, ["click"])          # the first time: Click's
    assert imported_after(launcher, ["click", "scormbuild.cli"]) == []


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["build", "--help"]])
def test_a_reader_that_has_gone_gets_no_traceback(argv: List[str]) -> None:
    """`scormbuild --help | head -1`: the launcher's own answers end as Click's do."""
    read, write = os.pipe()
    os.close(read)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    for _ in range(2):   # Click's answer, then (when bytecode is written) the kept one
        done = subprocess.run([sys.executable, "-m", "scormbuild", *argv], stdout=write,
                              stderr=subprocess.PIPE, text=True, env=env)
        assert (done.returncode, done.stderr) == (1, "")
    os.close(write)
