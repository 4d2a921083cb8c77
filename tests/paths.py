"""Where the tests find the checkout and the sample courses (the one place that says so)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ROOTS = REPO / "tests" / "roots"
MINIMAL = ROOTS / "minimal"
