"""ruff and mypy, configured in pyproject.toml, pass on the code (CI runs only pytest, so here)."""

from __future__ import annotations

import subprocess
import sys
from paths import REPO



def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True,
                          check=False)


def test_ruff_finds_nothing() -> None:
    proc = _run("ruff", "check", "--no-cache", "--output-format", "concise", ".")
    assert (proc.returncode, proc.stderr) == (0, ""), proc.stdout
    assert proc.stdout.strip() == "All checks passed!"


def test_mypy_finds_nothing() -> None:
    # The files to check and the strictness come from [tool.mypy] in pyproject.toml.
    proc = _run("mypy")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("Success: no issues found in "), proc.stdout


def test_package_declares_its_types() -> None:
    assert (REPO / "scormbuild" / "py.typed").is_file()
