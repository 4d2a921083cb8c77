"""Packages: valid against the official XSDs, list exactly what they hold, reproducible, atomic."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path
from typing import Dict, List

import pytest
from lxml import etree

from scormbuild.build import BuildOptions, build, check
from scormbuild.errors import CourseError
from scormbuild.package.editions import DEFAULT_EDITIONS, SCORM12, SCORM2004
from scormbuild.xsd import validate_manifest

pytestmark = pytest.mark.slow
CP = {"scorm12": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
      "scorm2004": "http://www.imsglobal.org/xsd/imscp_v1p1"}


def built(course: Path, out: Path, **options) -> Dict[str, Path]:
    result = build(course, out, BuildOptions(**options), label="course")
    return {w.path.name.rsplit("-", 1)[1][:-4]: w.path for w in result.written}


def manifest(zip_path: Path) -> etree._Element:
    with zipfile.ZipFile(zip_path) as archive:
        return etree.fromstring(archive.read("imsmanifest.xml"))


def test_builds_one_zip_per_edition_named_after_course_and_version(minimal_packages) -> None:
    assert sorted(p.name for p in minimal_packages.values()) == [
        "minimal-course-1.0-scorm12.zip", "minimal-course-1.0-scorm2004.zip"]


@pytest.mark.parametrize("edition", DEFAULT_EDITIONS, ids=lambda e: e.key)
def test_manifest_is_valid_against_official_xsds(minimal_packages, schemas: Path, edition) -> None:
    with zipfile.ZipFile(minimal_packages[edition.key]) as archive:
        assert validate_manifest(archive.read("imsmanifest.xml"), schemas, edition) == []


def test_schema_check_catches_a_wrong_adlcp_attribute(minimal_packages, schemas: Path) -> None:
    with zipfile.ZipFile(minimal_packages["scorm12"]) as archive:
        xml = archive.read("imsmanifest.xml").replace(b"adlcp:scormtype=", b"adlcp:scormType=")
    errors = validate_manifest(xml, schemas, SCORM12)
    assert any("scormType" in e for e in errors), errors
    with zipfile.ZipFile(minimal_packages["scorm2004"]) as archive:
        xml = archive.read("imsmanifest.xml").replace(b'adlcp:scormType="sco"', b'adlcp:scormType="SCO"')
    assert validate_manifest(xml, schemas, SCORM2004) != []


@pytest.mark.parametrize("key", ["scorm12", "scorm2004"])
def test_manifest_lists_exactly_the_zip_content(minimal_packages, key: str) -> None:
    root = manifest(minimal_packages[key])
    listed = [f.get("href") for f in root.iter(f"{{{CP[key]}}}file")]
    with zipfile.ZipFile(minimal_packages[key]) as archive:
        names = archive.namelist()
    assert sorted(listed) == sorted(n for n in names if n != "imsmanifest.xml")
    assert len(set(listed)) == len(listed)
    assert "imsmanifest.xml" in names


@pytest.mark.parametrize("key", ["scorm12", "scorm2004"])
def test_what_lms_importers_need(minimal_packages, key: str) -> None:
    root = manifest(minimal_packages[key])
    ns = {"cp": CP[key]}
    assert root.get("identifier") == "minimal-course"
    assert root.tag == f"{{{CP[key]}}}manifest" and root.prefix is None
    version = root.find("cp:metadata/cp:schemaversion", ns).text
    assert version == {"scorm12": "1.2", "scorm2004": "2004 4th Edition"}[key]
    resources = root.findall("cp:resources/cp:resource", ns)
    item = root.find("cp:organizations/cp:organization/cp:item", ns)
    assert resources[0].get("identifier") == item.get("identifierref")
    assert resources[0].get("href") == "index.html"
    assert "{http://www.w3.org/XML/1998/namespace}base" not in resources[0].attrib
    assert item.get("isvisible") == "true"
    assert root.find("cp:organizations", ns).get("default") == "minimal-course-org"
    with zipfile.ZipFile(minimal_packages[key]) as archive:
        assert all(not info.is_dir() for info in archive.infolist())


def test_scorm2004_sequencing_leaves_status_to_the_content(minimal_packages) -> None:
    root = manifest(minimal_packages["scorm2004"])
    ss = "{http://www.imsglobal.org/xsd/imsss}"
    controls = root.find(f".//{ss}deliveryControls")
    assert controls.get("completionSetByContent") == "true"
    assert controls.get("objectiveSetByContent") == "true"
    objective = root.find(f".//{ss}primaryObjective")
    # the passing score (50%) is there for LMSs that seed from it (Moodle), not to judge by it
    assert objective.get("satisfiedByMeasure") is None
    assert objective.find(f"{ss}minNormalizedMeasure").text == "0.5"
    organization = root.find(".//{http://www.imsglobal.org/xsd/imscp_v1p1}organization")
    assert organization.get("{http://www.adlnet.org/xsd/adlseq_v1p3}objectivesGlobalToSystem") == "false"


def test_mastery_in_manifest_is_an_option(minimal_course: Path, tmp_path: Path, schemas: Path) -> None:
    course_yaml = minimal_course / "course.yaml"
    course_yaml.write_text(course_yaml.read_text().replace(
        "  require_survey: true", "  require_survey: true\n  mastery_in_manifest: true"))
    packages = built(minimal_course, tmp_path / "dist")
    m12, m2004 = manifest(packages["scorm12"]), manifest(packages["scorm2004"])
    assert m12.find(".//{http://www.adlnet.org/xsd/adlcp_rootv1p2}masteryscore").text == "50"
    objective = m2004.find(".//{http://www.imsglobal.org/xsd/imsss}primaryObjective")
    assert objective.get("satisfiedByMeasure") == "true"
    assert objective.find("{http://www.imsglobal.org/xsd/imsss}minNormalizedMeasure").text == "0.5"
    for key, edition in (("scorm12", SCORM12), ("scorm2004", SCORM2004)):
        with zipfile.ZipFile(packages[key]) as archive:
            assert validate_manifest(archive.read("imsmanifest.xml"), schemas, edition) == []


def test_pages_are_rendered_once_and_identical_across_editions(minimal_packages) -> None:
    with zipfile.ZipFile(minimal_packages["scorm12"]) as a, \
            zipfile.ZipFile(minimal_packages["scorm2004"]) as b:
        names = set(a.namelist()) & set(b.namelist())
        differing = sorted(n for n in names if a.read(n) != b.read(n))
    assert differing == ["imsmanifest.xml", "runtime/adapter.js"]


def test_rebuild_is_byte_identical(minimal_course: Path, tmp_path: Path) -> None:
    first = built(minimal_course, tmp_path / "one")
    second = built(minimal_course, tmp_path / "two")
    for key in first:
        assert first[key].read_bytes() == second[key].read_bytes()


def test_source_date_epoch_sets_every_timestamp(minimal_course: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    packages = built(minimal_course, tmp_path / "dist")
    with zipfile.ZipFile(packages["scorm12"]) as archive:
        stamps = {info.date_time for info in archive.infolist()}
        modes = {info.external_attr >> 16 for info in archive.infolist()}
    assert stamps == {(2023, 11, 14, 22, 13, 20)}
    assert modes == {0o100644}


def test_media_already_compressed_are_stored_text_is_deflated(minimal_course: Path, tmp_path: Path) -> None:
    (minimal_course / "media" / "photo.png").write_bytes(b"\x89PNG fake" * 100)
    lesson = minimal_course / "lessons" / "two.md"
    lesson.write_text(lesson.read_text() + "\n![A photo](../media/photo.png)\n")
    packages = built(minimal_course, tmp_path / "dist")
    with zipfile.ZipFile(packages["scorm12"]) as archive:
        assert archive.getinfo("media/photo.png").compress_type == zipfile.ZIP_STORED
        assert archive.getinfo("pages/m1-one.html").compress_type == zipfile.ZIP_DEFLATED


def test_failed_build_keeps_the_previous_good_zip(minimal_course: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    good = built(minimal_course, out)
    before = {k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in good.items()}
    (minimal_course / "lessons" / "one.md").write_text("---\ntitle: [broken\n---\n")
    with pytest.raises(CourseError):
        build(minimal_course, out, BuildOptions(), label="course")
    after = {k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in good.items()}
    assert after == before
    assert sorted(p.name for p in out.glob("*.zip*")) == sorted(p.name for p in good.values())


def test_failed_write_leaves_no_partial_zip(minimal_course: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "dist"
    built(minimal_course, out)
    # the zips and the stamp beside them (the cache folder may gain entries: it is no output)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    from scormbuild.package import zip_writer

    def explode(*_args, **_kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(zip_writer._HashingFile, "write", explode)
    lesson = minimal_course / "lessons" / "one.md"
    lesson.write_text(lesson.read_text() + "\nOne more line.\n")
    with pytest.raises(Exception, match="No space left"):
        build(minimal_course, out, BuildOptions(), label="course")
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_schemas_option_copies_the_edition_xsds(minimal_course: Path, tmp_path: Path,
                                                schemas: Path) -> None:
    packages = built(minimal_course, tmp_path / "dist", schemas=schemas)
    for key, edition in (("scorm12", SCORM12), ("scorm2004", SCORM2004)):
        with zipfile.ZipFile(packages[key]) as archive:
            names = set(archive.namelist())
            assert set(edition.schema_files) <= names
            for name in edition.schema_files:
                assert archive.read(name) == (schemas / edition.schema_folder / name).read_bytes()
        listed = [f.get("href") for f in manifest(packages[key]).iter(f"{{{CP[key]}}}file")]
        assert not set(listed) & set(edition.schema_files)


def test_without_schemas_no_xsd_is_packaged(minimal_packages) -> None:
    for path in minimal_packages.values():
        with zipfile.ZipFile(path) as archive:
            assert not [n for n in archive.namelist() if n.endswith((".xsd", ".dtd"))]


def test_edition_option_builds_only_that_edition(minimal_course: Path, tmp_path: Path) -> None:
    packages = built(minimal_course, tmp_path / "dist", editions=(SCORM2004,))
    assert list(packages) == ["scorm2004"]


def test_no_external_address_in_runtime_output(minimal_packages) -> None:
    """Only plain links (new tab) may point outside; nothing is loaded from outside."""
    import re
    loaded = re.compile(rb'(?:src|data|poster)\s*=\s*["\']?(?:https?:)?//', re.I)
    css_url = re.compile(rb'url\(\s*["\']?(?:https?:)?//', re.I)
    with zipfile.ZipFile(minimal_packages["scorm12"]) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            assert not loaded.search(data), name
            assert not css_url.search(data), name
            for match in re.finditer(rb'<a [^>]*href="https?://[^"]*"[^>]*>', data):
                assert b'target="_blank"' in match.group(0) and b"noopener" in match.group(0), name


def test_each_page_is_deflated_once_for_both_editions(minimal_course: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from scormbuild.package import zip_writer
    deflated: List[int] = []
    real = zip_writer.deflate
    monkeypatch.setattr(zip_writer, "deflate", lambda data: deflated.append(len(data)) or real(data))
    packages = built(minimal_course, tmp_path / "dist")
    distinct = set()
    for path in packages.values():
        with zipfile.ZipFile(path) as archive:
            distinct |= {(i.filename, i.CRC) for i in archive.infolist()
                         if i.compress_type == zipfile.ZIP_DEFLATED}
    assert ("runtime/adapter.js" in {name for name, _ in distinct}
            and len({name for name, _ in distinct}) < len(distinct))  # some differ per edition
    assert len(deflated) == len(distinct)


def test_package_above_the_size_limit_is_a_warning_and_strict_fails_before_writing(
        minimal_course: Path, tmp_path: Path) -> None:
    with open(minimal_course / "course.yaml", "a") as course_yaml:
        course_yaml.write("size_warnings:\n  package_mb: 0.01\n")
    result = check(minimal_course, BuildOptions(editions=(SCORM12,)), "course")
    total = sum(entry.size for entry in result.packages["scorm12"])
    assert [str(d) for d in result.diagnostics] == [
        f"course/course.yaml: warning: the SCORM 1.2 package holds {total / 1e6:.2g} MB of "
        "files, above 0.01 MB: some LMSs refuse uploads that large (CrossKnowledge: at most "
        "200 MB, developers.crossknowledge.com; Cornerstone OnDemand recommends at most 250 MB, "
        "help.csod.com Course Publisher guides; both seen 2025-2026); make the media smaller "
        "(limit: size_warnings.package_mb in course.yaml)"]
    with pytest.raises(CourseError) as failed:
        build(minimal_course, tmp_path / "dist", BuildOptions(strict=True), "course")
    assert [d.severity for d in failed.value.diagnostics] == ["warning", "warning"]
    assert not (tmp_path / "dist").exists()
