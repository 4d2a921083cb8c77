"""Package sizes as LMS vendors write them, and the size above which some documented LMS
refuses an upload whatever the target (without pydantic: validate imports this without a
target profile)."""

from __future__ import annotations

from scormbuild.errors import MEGABYTE as MB   # vendors' megabytes: the stricter "250 MB"
from scormbuild.errors import megabytes

__all__ = ["LARGE_PACKAGE_MB", "LARGE_PACKAGE_WHY", "MB", "megabytes"]

# The build warns above course.yaml's size_warnings.package_mb (200 by default), validate above
# 200 (lms-facts.md, "What follows for packaging": warn above the smallest documented limit).
LARGE_PACKAGE_MB = 200
LARGE_PACKAGE_WHY = ("some LMSs refuse uploads that large (CrossKnowledge: at most 200 MB, "
                     "developers.crossknowledge.com; Cornerstone OnDemand recommends at most "
                     "250 MB, help.csod.com Course Publisher guides; both seen 2025-2026)")

