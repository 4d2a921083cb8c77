"""validate and inspect on odd and hostile packages found by a review (2026-12-02): each test
failed before its fix. Complexity is checked as a ratio of two sizes, never as a time."""

from __future__ import annotations

import base64
import json
import os
import time
import zipfile
from pathlib import Path
from typing import Callable, Iterable, List, Optional, Tuple

from click.testing import CliRunner

from scormbuild.cli import main
from scormbuild.lms.profiles import load_targets
from scormbuild.validator import Limits, validate_package
from scormbuild.validator.content_checks import scan_file
from scormbuild.validator.inspect import _course_data, inspect_package

HTML = b"<!DOCTYPE html><html><head><title>x</title></head><body><script>var x=1;</script></body></html>"

M12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m" version="1.0" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org"><organization identifier="org"><title>T</title>
    <item identifier="i1" identifierref="r1"ITEMATTRS><title>L</title>MASTERY</item>
  </organization></organizations>
  <resources>
    <resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="HREF">FILES</resource>
  </resources>
</manifest>"""

# one SCO with its pass mark and an item launching a PDF asset (a reference guide)
M2004 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m" version="1.0" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
          xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
          xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org" adlseq:objectivesGlobalToSystem="false">
      <title>Course</title>
      <item identifier="sco-item" identifierref="sco-1">
        <title>Lesson</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="p" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>
      </item>
      <item identifier="guide-item" identifierref="guide"><title>Reference guide (PDF)</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco-1" type="webcontent" adlcp:scormType="sco" href="index.html">
      <file href="index.html"/>
    </resource>
    <resource identifier="guide" type="webcontent" adlcp:scormType="asset" href="guide.pdf">
      <file href="guide.pdf"/>
    </resource>
  </resources>
</manifest>"""


def manifest12(href: str = "index.html", files: Optional[List[str]] = None,
               item_attrs: str = "", mastery: str = "") -> bytes:
    files = [href] if files is None else files
    return (M12.replace("HREF", href).replace("ITEMATTRS", item_attrs).replace("MASTERY", mastery)
            .replace("FILES", "".join(f'<file href="{f}"/>' for f in files))).encode()


def make_zip(path: Path, entries: Iterable[Tuple[object, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)  # type: ignore[arg-type]
    return path


def lines(report) -> List[str]:
    return [str(f) for f in report.findings]


def growth(work: Callable[[int], object], n: int) -> float:
    """How much longer work(8n) takes than work(n), best of three each: about 8 when the cost
    is linear, about 64 when it grows with the square of the size."""
    def best(size: int) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            work(size)
            times.append(time.perf_counter() - started)
        return min(times)
    return best(8 * n) / max(best(n), 1e-6)


# --- limits: named, and never a wrong verdict -------------------------------------------------

def test_a_launch_page_over_the_scan_limit_is_not_called_not_html(tmp_path: Path) -> None:
    """A single-file export (images inlined as data: addresses) is a page over 8 MiB."""
    image = base64.b64encode(os.urandom(7 * 1024 * 1024))
    page = (b"<!DOCTYPE html><html><head><title>Course</title></head><body>"
            b"<img src='data:image/png;base64," + image + b"'></body></html>")
    package = make_zip(tmp_path / "pkg.zip", [("imsmanifest.xml", manifest12()), ("index.html", page)])
    report = validate_package(package, label="pkg.zip")
    assert lines(report) == ["index.html: note: not scanned for external loads: larger than the "
                             "scan limit of 8 MiB per file [content.not-scanned]"]
    assert report.exit_code(strict=True) == 0


def test_the_read_budget_is_named_when_it_stops_a_scan(tmp_path: Path) -> None:
    package = make_zip(tmp_path / "pkg.zip", [("imsmanifest.xml", manifest12(files=["index.html", "b.js"])),
                                              ("index.html", HTML), ("b.js", b"var b = 1;" * 300)])
    limits = Limits(max_read_total=len(manifest12(files=["index.html", "b.js"])) + len(HTML) + 100)
    report = validate_package(package, label="pkg.zip", limits=limits)
    assert lines(report) == [f"b.js: note: not scanned for external loads: larger than the limit "
                             f"of {limits.max_read_total:,} bytes read in all in one run "
                             "[content.not-scanned]"]


def test_a_manifest_over_its_limit_is_reported_with_the_limit(tmp_path: Path) -> None:
    padding = b"<!--" + base64.b64encode(os.urandom(13 * 1024 * 1024)) + b"-->"
    manifest = manifest12().replace(b"<metadata>", padding + b"<metadata>")
    package = make_zip(tmp_path / "pkg.zip", [("imsmanifest.xml", manifest), ("index.html", HTML)])
    assert lines(validate_package(package, label="pkg.zip")) == [
        "imsmanifest.xml: error: manifest not read: larger than the manifest limit of 16 MiB "
        "[manifest.not-well-formed]"]


def test_a_page_nested_past_the_parser_depth_says_where_its_scan_stopped(tmp_path: Path) -> None:
    page = (b"<html><body>\n<script src='https://cdn.example.org/a.js'></script>\n" + b"<div>" * 2100 +
            b"\n<script src='https://cdn.example.org/b.js'></script></body></html>")
    manifest = manifest12(files=["index.html", "deep.html"])
    package = make_zip(tmp_path / "pkg.zip", [("imsmanifest.xml", manifest), ("index.html", HTML),
                                              ("deep.html", page)])
    assert lines(validate_package(package, label="pkg.zip")) == [
        "deep.html:2: warning: <script src> loads https://cdn.example.org/a.js from external host "
        "cdn.example.org; closed networks block it [content.external-reference]",
        "deep.html:3: note: not scanned for external loads from here on: elements nested deeper "
        "than 2048 levels [content.not-scanned]"]


# --- work that grows with the square of a crafted file ---------------------------------------

def test_html_scanning_is_linear_on_unclosed_tags_and_comments() -> None:
    for unit in ("<a b='", "<!--", "<a "):
        ratio = growth(lambda n, u=unit: scan_file("x.html", "<html><body>" + u * n), 20_000)
        assert ratio < 24, (unit, ratio)


def test_inspect_reads_course_data_in_linear_time() -> None:
    class Reader:
        def __init__(self, text: str) -> None:
            self.data = text.encode()

        def read(self, name: str) -> bytes:
            return self.data

    ratio = growth(lambda n: _course_data(Reader("var SCORMBUILD_COURSE={}x" * n)), 4_000)  # type: ignore[arg-type]
    assert ratio < 24, ratio
    built = '/* generated by scormbuild */\nvar SCORMBUILD_COURSE = {"completion": {}};\n'
    assert _course_data(Reader(built)) == {"completion": {}}  # type: ignore[arg-type]


# --- inspect: a course-data.js of another shape ------------------------------------------------

def _with_course_data(tmp_path: Path, js: str) -> Path:
    return make_zip(tmp_path / "pkg.zip", [
        ("imsmanifest.xml", manifest12(files=["index.html", "runtime/course-data.js"])),
        ("index.html", HTML), ("runtime/course-data.js", js.encode())])


def test_inspect_shows_no_contract_for_course_data_of_another_shape(tmp_path: Path) -> None:
    for body in ('{"completion": {"finalAssessment": "final", "passingScore": "80"}}',
                 '{"completion": {}, "tracking": {"interactions": [1, 2]}}',
                 '{"completion": {"attempts": "3"}}'):
        package = _with_course_data(tmp_path, f"var SCORMBUILD_COURSE = {body};")
        result = CliRunner().invoke(main, ["inspect", str(package)])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert result.exit_code == 0, result.output
        assert inspect_package(package, label="pkg.zip").tracking is None


def test_inspect_keeps_an_href_query_when_parameters_are_a_lone_question_mark(tmp_path: Path) -> None:
    package = make_zip(tmp_path / "pkg.zip", [
        ("imsmanifest.xml", manifest12("index.html?a=1", ["index.html"], item_attrs=' parameters="?"')),
        ("index.html", HTML)])
    assert inspect_package(package, label="pkg.zip").launchables[0].launch == "index.html?a=1"


# --- verdicts ---------------------------------------------------------------------------------

def test_moodle_pass_mark_rule_looks_at_scos_only(tmp_path: Path) -> None:
    """lms-facts.md (Moodle): minNormalizedMeasure seeds cmi.scaled_passing_score, which only
    a SCO reads; an item launching an asset needs none."""
    package = make_zip(tmp_path / "pkg.zip", [("imsmanifest.xml", M2004.encode()),
                                              ("index.html", HTML), ("guide.pdf", b"%PDF-1.4")])
    report = validate_package(package, label="pkg.zip", targets=load_targets(("moodle",)))
    assert lines(report) == []


class _Utf8WithoutFlag(zipfile.ZipInfo):
    def _encodeFilenameFlags(self):  # what Info-ZIP zip 3.0 writes in a UTF-8 locale
        return self.filename.encode("utf-8"), self.flag_bits


def test_utf8_names_without_the_zip_flag_are_read_as_utf8(tmp_path: Path) -> None:
    name = "le\u00e7on.html"
    package = tmp_path / "pkg.zip"
    with zipfile.ZipFile(package, "w") as zf:
        zf.writestr("imsmanifest.xml", manifest12(name))
        zf.writestr(_Utf8WithoutFlag(name), HTML)
    assert lines(validate_package(package, label="pkg.zip")) == []


def test_masteryscore_must_be_an_xml_decimal(tmp_path: Path) -> None:
    for value in ("8_0", "1e1", "nan", "\uff18\uff10"):  # the last: full-width digits
        package = make_zip(tmp_path / "pkg.zip", [
            ("imsmanifest.xml", manifest12(mastery=f"<adlcp:masteryscore>{value}</adlcp:masteryscore>")),
            ("index.html", HTML)])
        assert [f.rule for f in validate_package(package, label="pkg.zip").findings] == \
            ["manifest.masteryscore-range"], value


# --- CLI: JSON for CI whatever the path ---------------------------------------------------------

def test_json_report_for_a_missing_package_or_schema_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nope.zip"
    for command in ("validate", "inspect"):
        result = CliRunner().invoke(main, [command, str(missing), "--format", "json"])
        assert result.exit_code == 2
        assert json.loads(result.stdout) == {"package": str(missing), "ok": False,
                                             "error": f"{missing}: no such file or folder"}
    package = make_zip(tmp_path / "pkg.zip", [("imsmanifest.xml", manifest12()), ("index.html", HTML)])
    result = CliRunner().invoke(main, ["validate", str(package), "--schemas", str(tmp_path / "none"),
                                       "--format", "json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"] == f"{tmp_path / 'none'}: no such schema folder"


def test_a_special_file_is_not_called_missing() -> None:
    result = CliRunner().invoke(main, ["validate", os.devnull])
    assert result.exit_code == 2
    assert result.output == f"Error: {os.devnull}: not a regular file or folder\n"
