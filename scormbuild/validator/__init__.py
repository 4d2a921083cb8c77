"""Check any SCORM 1.2 or 2004 package (zip or folder) and describe what it will report.

The names below are imported on first use, so that importing one submodule (the CLI imports
``scormbuild.validator.commands`` at start-up) does not load lxml and every check.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scormbuild.validator.findings import RULES, Finding, Report, UnreadablePackage
    from scormbuild.validator.inspect import Inspection, inspect_package
    from scormbuild.validator.package_reader import Limits
    from scormbuild.validator.validate import validate_package

_HOMES = {"RULES": "findings", "Finding": "findings", "Report": "findings",
          "UnreadablePackage": "findings", "Limits": "package_reader",
          "Inspection": "inspect", "inspect_package": "inspect",
          "validate_package": "validate"}

__all__ = ["RULES", "Finding", "Inspection", "Limits", "Report", "UnreadablePackage",
           "inspect_package", "validate_package"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'scormbuild.validator' has no attribute '{name}'")
    return getattr(importlib.import_module(f"scormbuild.validator.{_HOMES[name]}"), name)
