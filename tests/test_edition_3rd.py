"""SCORM 2004 3rd Edition output: exact schemaversion, 3rd-Edition XSDs, its own suspend_data limit."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from scormbuild.build import BuildOptions, build, check
from scormbuild.errors import CourseError
from scormbuild.package.editions import EDITIONS, SCORM2004, SCORM2004_3RD, edition_of_manifest
from scormbuild.validator.validate import validate_package
from scormbuild.xsd import validate_manifest

pytestmark = pytest.mark.slow
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"


@pytest.fixture
def package(minimal_course: Path, tmp_path: Path) -> Path:
    result = build(minimal_course, tmp_path / "dist", BuildOptions(editions=(SCORM2004_3RD,)),
                   label="course")
    assert [w.path.name for w in result.written] == ["minimal-course-1.0-scorm2004-3rd.zip"]
    return result.written[0].path


def test_manifest_says_3rd_edition_with_the_2004_namespaces(package: Path) -> None:
    with zipfile.ZipFile(package) as archive:
        root = etree.fromstring(archive.read("imsmanifest.xml"))
        assert archive.read("runtime/adapter.js").startswith(b"/* scormbuild runtime adapter: SCORM 2004")
    assert root.findtext(f"{CP}metadata/{CP}schemaversion") == "2004 3rd Edition"
    assert root.nsmap == {None: "http://www.imsglobal.org/xsd/imscp_v1p1",
                          "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
                          "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
                          "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
                          "imsss": "http://www.imsglobal.org/xsd/imsss",
                          "lom": "http://ltsc.ieee.org/xsd/LOM",
                          "xsi": "http://www.w3.org/2001/XMLSchema-instance"}


def test_valid_against_the_3rd_edition_xsds(package: Path, schemas: Path) -> None:
    with zipfile.ZipFile(package) as archive:
        xml = archive.read("imsmanifest.xml")
    assert validate_manifest(xml, schemas, SCORM2004_3RD) == []
    broken = xml.replace(b'adlcp:scormType="sco"', b'adlcp:scormType="SCO"')
    assert len(validate_manifest(broken, schemas, SCORM2004_3RD)) == 1


def test_validator_reads_it_as_3rd_edition_without_findings(package: Path, schemas: Path) -> None:
    report = validate_package(package, schemas=schemas, label="pkg.zip")
    assert (report.edition, [str(f) for f in report.errors + report.warnings],
            report.schema_check) == \
        ("SCORM 2004 3rd Edition", [], "passed")


def test_schemas_option_ships_the_3rd_edition_set(minimal_course: Path, tmp_path: Path,
                                                  schemas: Path) -> None:
    options = BuildOptions(editions=(SCORM2004_3RD,), schemas=schemas)
    written = build(minimal_course, tmp_path / "dist", options).written[0].path
    with zipfile.ZipFile(written) as archive:
        names = set(archive.namelist())
        assert archive.read("imscp_v1p1.xsd") == (schemas / "scorm2004-3rd" / "imscp_v1p1.xsd").read_bytes()
    assert set(SCORM2004_3RD.schema_files) <= names
    assert "lomLoose.xsd" not in names   # a 4th Edition file
    report = validate_package(written, schemas=schemas, label="pkg.zip")
    assert ([str(f) for f in report.findings], report.schema_check) == ([], "passed")


def test_suspend_data_budget_is_the_3rd_edition_spm(minimal_course: Path) -> None:
    items = "".join(f"  - {{id: q{n}, type: fill-in, prompt: Q{n}?, answers: [Paris], "
                    "rationale: Because., objective: lo1, reference: [ref1]}\n" for n in range(30))
    (minimal_course / "final.yaml").write_text(
        "id: final\ntitle: Final\nkind: assessment\nquestions:\n" + items)
    root = minimal_course   # 30 fill-in answers fit 80% of 64000, not 80% of 4000
    check(root, BuildOptions(editions=(SCORM2004,)), "big")
    with pytest.raises(CourseError) as caught:
        check(root, BuildOptions(editions=(SCORM2004_3RD,)), "big")
    assert "above 80% of the SCORM 2004 3rd Edition limit (3200 of 4000)" in caught.value.format_message()


@pytest.mark.parametrize("version, expected", [
    ("2004 3rd Edition", "2004-3rd"), ("2004 4th Edition", "2004"), ("CAM 1.3", "2004"),
    (None, "2004")])
def test_edition_detection_uses_the_schemaversion(version, expected) -> None:
    found = edition_of_manifest("http://www.imsglobal.org/xsd/imscp_v1p1", version)
    assert found is EDITIONS[expected]
