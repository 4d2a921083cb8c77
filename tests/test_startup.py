"""Start-up: the CLI and the validator do not import the build's libraries (issue 14).

Each check runs in a fresh interpreter, because this test process has imported everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import List, Sequence

from paths import REPO

PACKAGE = REPO / "tests" / "packages" / "valid-12"

# The build's own code and the libraries only the build needs.
BUILD_MODULES = ["scormbuild.build", "scormbuild.load", "scormbuild.render",
                 "scormbuild.package.zip_writer", "scormbuild.package.manifest_writer",
                 "scormbuild.model", "pydantic", "jinja2", "markdown_it", "yaml"]


# What only loading and rendering a course needs (a build that is up to date needs none).
RENDER_MODULES = ["scormbuild.load", "scormbuild.render", "scormbuild.package.manifest_writer",
                  "scormbuild.model", "pydantic", "jinja2", "markdown_it", "yaml", "lxml"]


def imported_after(code: str, modules: Sequence[str] = tuple(BUILD_MODULES)) -> List[str]:
    """The modules given (or their submodules) loaded once `code` has run."""
    probe = (f"import sys, json\n{code}\n"
             f"prefixes = {list(modules)!r}\n"
             "print(json.dumps(sorted(m for m in sys.modules "
             "if any(m == p or m.startswith(p + '.') for p in prefixes))))\n")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env=env, cwd=REPO, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


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
    assert {"pydantic", "jinja2"} <= set(imported_after(run_cli(args), RENDER_MODULES))
    assert imported_after(run_cli(args), RENDER_MODULES) == []  # the second build is kept
