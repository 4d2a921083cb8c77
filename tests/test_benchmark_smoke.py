"""The benchmark's synthetic course generator writes a course that builds clean (no timings)."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from scormbuild.build import BuildOptions, build
from scormbuild.package.editions import DEFAULT_EDITIONS

pytestmark = pytest.mark.slow
BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def load(name: str) -> ModuleType:
    """Import a benchmark script by path (benchmarks/ is not a package)."""
    if name not in sys.modules:
        sys.path.insert(0, str(BENCHMARKS))
        spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return load("synthetic_course").generate(tmp_path / "course", lessons=3, media_mb=0)


def test_generated_course_builds_without_warnings(course: Path, tmp_path: Path) -> None:
    result = build(course, tmp_path / "dist", BuildOptions(strict=True), label="course")
    assert result.diagnostics == []
    assert len(result.course.lessons()) == 3
    assert len(result.written) == len(DEFAULT_EDITIONS)
    for written in result.written:
        data = written.path.read_bytes()
        assert written.sha256 == hashlib.sha256(data).hexdigest()
        with zipfile.ZipFile(written.path) as archive:
            assert archive.testzip() is None
            assert len(archive.infolist()) == written.entries


def test_generated_course_is_deterministic(tmp_path: Path) -> None:
    synthetic = load("synthetic_course")
    one = synthetic.generate(tmp_path / "one", lessons=3)
    two = synthetic.generate(tmp_path / "two", lessons=3)
    texts = {p.relative_to(one): p.read_bytes() for p in sorted(one.rglob("*")) if p.is_file()}
    assert texts == {p.relative_to(two): p.read_bytes() for p in sorted(two.rglob("*"))
                     if p.is_file()}


def test_baseline_writes_one_zip_per_edition(course: Path, tmp_path: Path) -> None:
    editions = [e.key for e in DEFAULT_EDITIONS]
    report = load("bench_build").work_baseline(course, tmp_path / "base", editions)
    zips = sorted((tmp_path / "base").glob("*.zip"))
    assert len(zips) == len(editions)
    assert report["zip_bytes"] == sum(z.stat().st_size for z in zips)
    with zipfile.ZipFile(zips[0]) as archive:
        assert sum(n.endswith(".html") for n in archive.namelist()) == 3
