"""The size above which some documented LMS refuses an upload whatever the target (without
pydantic: validate imports this without a target profile). Sizes are counted and written in
the vendors' megabytes: scormbuild.errors MEGABYTE and megabytes()."""

from __future__ import annotations

# The build warns above course.yaml's size_warnings.package_mb (200 by default), validate above
# 200 (lms-facts.md, "What follows for packaging": warn above the smallest documented limit).
LARGE_PACKAGE_MB = 200
LARGE_PACKAGE_WHY = ("some LMSs refuse uploads that large (CrossKnowledge: at most 200 MB, "
                     "developers.crossknowledge.com; Cornerstone OnDemand recommends at most "
                     "250 MB, help.csod.com Course Publisher guides; both seen 2025-2026)")

