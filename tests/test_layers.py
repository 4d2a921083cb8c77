"""The package's layers import downwards only (docs/architecture.md).

source format (fields, questions, source_format) < model < load, render < package < build < cli
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, Set

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "scormbuild"

# module prefix -> scormbuild modules it must never import (directly, at any place in the file)
FORBIDDEN: Dict[str, Set[str]] = {
    "scormbuild.fields": {"scormbuild"},
    "scormbuild.questions": {"scormbuild.source_format", "scormbuild.model", "scormbuild.load",
                             "scormbuild.render", "scormbuild.package", "scormbuild.build",
                             "scormbuild.cli", "scormbuild.validator", "scormbuild.errors"},
    "scormbuild.source_format": {"scormbuild.model", "scormbuild.load", "scormbuild.render",
                                 "scormbuild.package", "scormbuild.build", "scormbuild.cli"},
    "scormbuild.model": {"scormbuild.load", "scormbuild.render", "scormbuild.package",
                         "scormbuild.build", "scormbuild.cli"},
    "scormbuild.load": {"scormbuild.render", "scormbuild.package", "scormbuild.build",
                        "scormbuild.cli", "scormbuild.validator"},
    "scormbuild.render": {"scormbuild.load", "scormbuild.package", "scormbuild.build",
                          "scormbuild.cli", "scormbuild.validator"},
    "scormbuild.package": {"scormbuild.load", "scormbuild.build", "scormbuild.cli"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> Set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("scormbuild")}


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: module_name(p))
def test_imports_point_down(path: Path) -> None:
    name = module_name(path)
    rules = [bad for prefix, bad in FORBIDDEN.items() if _within(name, prefix)]
    upward = sorted(i for i in imported(path) for bad in rules for b in bad
                    if _within(i, b) and not _within(i, name))
    assert upward == []
