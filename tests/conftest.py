"""Shared fixtures: the sample courses, scratch courses and the official schema set."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Dict, Iterator

import pytest
from paths import MINIMAL, REPO



def schema_dir() -> Path | None:
    """SCORMBUILD_SCHEMAS, else ../shared/scorm-schemas beside the checkout."""
    env = os.environ.get("SCORMBUILD_SCHEMAS")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared" / "scorm-schemas")
    for candidate in candidates:
        if all((candidate / folder).is_dir() for folder in ("scorm12", "scorm2004-4th", "scorm2004-3rd")):
            return candidate
    return None


@pytest.fixture(scope="session")
def schemas() -> Path:
    """The official XSDs; skip visibly without them, except in CI where that is a failure."""
    found = schema_dir()
    if found is None:
        message = ("official SCORM schemas not found: set SCORMBUILD_SCHEMAS or put them in "
                   "../shared/scorm-schemas")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="session")
def minimal_packages(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Path]:
    """tests/roots/minimal built once per run, default options: edition key -> zip. Read only;
    a test that changes the course or the options builds its own."""
    from scormbuild.build import BuildOptions, build

    result = build(MINIMAL, tmp_path_factory.mktemp("minimal-dist"), BuildOptions(), label="course")
    return {w.path.name.rsplit("-", 1)[1][:-len(".zip")]: w.path for w in result.written}


@pytest.fixture
def minimal_course(tmp_path: Path) -> Path:
    """A scratch copy of tests/roots/minimal that a test may change."""
    target = tmp_path / "course"
    shutil.copytree(MINIMAL, target)
    return target


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run in tmp_path so diagnostics name files relative to it, as a user would see them."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path


@pytest.fixture(autouse=True, scope="session")
def _validate_every_built_package():
    """Every package a test builds in-process is validated against the official XSDs."""
    import zipfile

    from scormbuild import build as build_module
    from scormbuild.package.editions import EDITIONS
    from scormbuild.xsd import validate_manifest

    original = build_module.commit
    found = schema_dir()
    if found is None and os.environ.get("CI") == "true":
        pytest.fail("official SCORM schemas not found (required under CI=true)")

    def commit_and_validate(temp, target):
        written = original(temp, target)
        if found is not None:
            edition = next(e for e in EDITIONS.values() if written.path.name.endswith(f"-{e.key}.zip"))
            with zipfile.ZipFile(written.path) as archive:
                errors = validate_manifest(archive.read("imsmanifest.xml"), found, edition)
            assert errors == [], f"{written.path.name} is not schema-valid: {errors}"
        return written

    build_module.commit = commit_and_validate
    yield
    build_module.commit = original
