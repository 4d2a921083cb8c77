"""scormbuild inspect: corpus packages, a scormbuild-built package, JSON and unreadable input."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Dict, List

import pytest
from click.testing import CliRunner

from scormbuild.cli import main
from scormbuild.package.editions import SCORM12, SCORM2004
from scormbuild.validator.findings import UnreadablePackage
from scormbuild.validator.inspect import inspect_package

PACKAGES = Path(__file__).resolve().parent / "packages"


def _zip(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            zf.write(path, path.relative_to(folder).as_posix())
    return target


def test_inspect_12_corpus_package(tmp_path: Path) -> None:
    path = _zip(PACKAGES / "valid-12", tmp_path / "pkg.zip")
    inspection = inspect_package(path, label="pkg.zip")
    lines = inspection.text_lines()
    assert lines[:4] == ["package:       pkg.zip", "title:         Valid 1.2 course",
                         "edition:       SCORM 1.2", "identifier:    valid-12 (version 1.0)"]
    assert lines[4].startswith("files:         4 (")
    assert lines[5] == f"size:          {path.stat().st_size / 1024:.1f} KB to upload"
    assert lines[6:12] == [  # a package without LOM metadata or course-data.js
        "language:      not stated", "duration:      not stated",
        "description:   not stated", "dates:         no release, review or expiry date stated",
        "SCOs:          1", "pass mark:     manifest: adlcp:masteryscore 80"]
    assert lines[12:] == [
        "organizations:", "  org (default): Valid 1.2 course (1 item)", "launches:",
        "  item-1 [sco] index.html?lang=en: Lesson; mastery: adlcp:masteryscore 80"]
    assert inspection.tracking is None


def test_inspect_2004_mastery_and_xml_base() -> None:
    inspection = inspect_package(PACKAGES / "valid-2004", label="valid-2004")
    (launch,) = inspection.launchables
    assert (launch.launch, launch.scorm_type, launch.mastery) == (
        "content/index.html", "sco", "satisfiedByMeasure, minNormalizedMeasure 0.8")
    assert inspection.edition == "SCORM 2004 4th Edition"


def test_inspect_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["inspect", str(PACKAGES / "valid-12"), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert (data["title"], data["files"], data["tracking"]) == ("Valid 1.2 course", 4, None)
    assert data["launchables"][0]["launch"] == "index.html?lang=en"


def test_inspect_unreadable(tmp_path: Path) -> None:
    folder = tmp_path / "pkg"
    shutil.copytree(PACKAGES / "valid-12", folder)
    (folder / "imsmanifest.xml").unlink()
    with pytest.raises(UnreadablePackage):
        inspect_package(folder)
    result = CliRunner().invoke(main, ["inspect", str(folder)])
    assert result.exit_code == 2
    assert "no readable SCORM imsmanifest.xml at the package root" in result.output


@pytest.mark.slow
@pytest.mark.parametrize("edition, status, limit, record", [
    (SCORM12, "cmi.core.lesson_status 'passed' when the course is finished, otherwise "
              "'incomplete'; cmi.core.score.raw 0-100", 4096, []),
    (SCORM2004, "cmi.completion_status completed|incomplete and cmi.success_status "
                "passed|failed; cmi.score.scaled 0-1", 64000,
     # measured by render/lms_record.py; the 2004 editions only (Moodle's whole-record saves)
     ["  learner record:   at most 12,623 bytes as Moodle's 2004 player sends it, within the "
      "48 KiB limit"]),
])
def test_inspect_tracking_contract_of_built_package(minimal_packages: Dict[str, Path], edition,
                                                    status: str, limit: int,
                                                    record: List[str]) -> None:
    inspection = inspect_package(minimal_packages[edition.key], label="course.zip")
    assert inspection.title == "Minimal course"
    assert [launch.launch for launch in inspection.launchables] == ["index.html"]
    assert inspection.text_lines()[-7 - len(record):] == [
        "tracking contract (scormbuild package):",
        f"  status:           {status}",
        "  passing score:    50% on final assessment 'final', 2 attempts",
        "  completion:       all lessons required, survey required",
        "  scored questions: 3",
        "  interactions:     one per question of knowledge-check, assessment, survey "
        "(5 questions), kept up to date by retakes; at most 250",
        f"  suspend_data:     at most {limit} characters"] + record
