"""Where the tests find the checkout and the sample courses (the one place that says so)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ROOTS = REPO / "tests" / "roots"
MINIMAL = ROOTS / "minimal"


def synthetic_course(root: Path, lessons: int) -> Path:
    """The benchmark's generated course (benchmarks/synthetic_course.py) of this many lessons."""
    import importlib.util
    import sys

    module = sys.modules.get("synthetic_course")
    if module is None:
        spec = importlib.util.spec_from_file_location("synthetic_course",
                                                      REPO / "benchmarks" / "synthetic_course.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["synthetic_course"] = module
        spec.loader.exec_module(module)
    return module.generate(root, lessons)
