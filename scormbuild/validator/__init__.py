"""Check any SCORM 1.2 or 2004 package (zip or folder) and describe what it will report."""

from __future__ import annotations

from scormbuild.validator.findings import RULES, Finding, Report, UnreadablePackage
from scormbuild.validator.package_reader import Limits
from scormbuild.validator.inspect import Inspection, inspect_package
from scormbuild.validator.validate import validate_package

__all__ = ["RULES", "Finding", "Inspection", "Limits", "Report", "UnreadablePackage",
           "inspect_package", "validate_package"]
