"""Rules, findings and the validation report: what the validator says and how it says it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from scormbuild.errors import Location, ScormbuildError, one_line
from scormbuild.wording import plural

ERROR = "error"
WARNING = "warning"
NOTE = "note"  # worth knowing, never a failure (not even under --strict)


def mib(size: int) -> str:
    """A limit as docs/validate.md states it: '16 MiB', or its bytes when not whole MiB."""
    whole = 1024 * 1024
    return f"{size // whole} MiB" if size and size % whole == 0 else f"{size:,} bytes"


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    summary: str


_RULES = (
    Rule("zip.manifest-not-at-root", ERROR, "imsmanifest.xml is missing from the package root"),
    Rule("zip.absolute-path", ERROR, "an entry name is absolute"),
    Rule("zip.parent-path", ERROR, "an entry name contains a '..' segment (zip slip)"),
    Rule("zip.backslash", ERROR, "an entry name uses '\\' as a separator"),
    Rule("zip.duplicate-entry", ERROR, "two entries have the same name"),
    Rule("zip.case-collision", ERROR, "two entry names differ only in case"),
    Rule("zip.symlink", ERROR, "an entry is a symbolic link"),
    Rule("zip.encrypted", ERROR, "an entry is encrypted"),
    Rule("zip.compression-ratio", ERROR, "an entry expands more than the ratio limit (zip bomb)"),
    Rule("zip.too-large", ERROR, "entries expand beyond the size limit (zip bomb)"),
    Rule("zip.too-many-entries", ERROR, "the package has more entries than the limit"),
    Rule("zip.corrupt-entry", ERROR, "an entry cannot be read (bad CRC, size or compression)"),
    Rule("zip.directory-entry", WARNING, "the zip holds directory entries"),
    Rule("zip.os-metadata", WARNING, "an entry is operating-system clutter (__MACOSX/, .DS_Store, ...)"),
    Rule("zip.package-size", WARNING, "the package is larger than the smallest documented LMS upload limit"),
    Rule("manifest.not-well-formed", ERROR, "imsmanifest.xml is not well-formed XML"),
    Rule("manifest.doctype", ERROR, "imsmanifest.xml declares a DOCTYPE (DTD or entities)"),
    Rule("manifest.xinclude", ERROR, "imsmanifest.xml uses XInclude, which LMSs do not resolve"),
    Rule("manifest.edition-unknown", ERROR, "the root element is not an IMS CP manifest of SCORM 1.2 or 2004"),
    Rule("manifest.schema-invalid", ERROR, "imsmanifest.xml is not valid against the official XSDs"),
    Rule("manifest.schema-file-missing", WARNING, "the package ships some, not all, of the XSDs xsi:schemaLocation names"),
    Rule("manifest.schema-files-absent", NOTE, "the package ships none of the XSDs xsi:schemaLocation names"),
    Rule("manifest.schema-name", ERROR, "<schema> is not 'ADL SCORM'"),
    Rule("manifest.schemaversion", ERROR, "<schemaversion> is missing or not the edition's exact text"),
    Rule("manifest.schemaversion-deprecated", WARNING, "<schemaversion> names an older 2004 edition"),
    Rule("manifest.no-organization", ERROR, "the manifest has no <organization>"),
    Rule("manifest.default-organization-missing", ERROR, "<organizations> has no default attribute"),
    Rule("manifest.default-organization-unresolved", ERROR, "<organizations default> names no organization"),
    Rule("manifest.identifier-duplicate", ERROR, "an identifier is used twice"),
    Rule("manifest.identifier-invalid", ERROR, "an identifier is not a valid xs:ID (NCName)"),
    Rule("manifest.identifierref-unresolved", ERROR, "an identifierref names no resource"),
    Rule("manifest.leaf-item-without-resource", ERROR, "a leaf <item> references no resource"),
    Rule("manifest.parent-item-with-resource", ERROR, "an <item> with child items also references a resource"),
    Rule("manifest.launch-href-missing", ERROR, "a launched resource has no href"),
    Rule("manifest.no-sco", WARNING, "the package has no SCO, only assets: the LMS tracks nothing"),
    Rule("manifest.scormtype-spelling", ERROR, "the SCO/asset attribute uses the other edition's spelling"),
    Rule("manifest.scormtype-missing", ERROR, "a resource has no SCO/asset type"),
    Rule("manifest.scormtype-invalid", ERROR, "the SCO/asset type is not 'sco' or 'asset'"),
    Rule("manifest.href-not-relative", ERROR, "an href or xml:base is absolute, uses '\\' or leaves the package"),
    Rule("manifest.href-external", WARNING, "an href points to an external http(s) URL"),
    Rule("manifest.href-case-mismatch", ERROR, "an href matches a packaged file only when case is ignored"),
    Rule("manifest.file-missing", ERROR, "a <file href> is not in the package"),
    Rule("manifest.file-not-listed", WARNING, "a packaged file is not listed in any <file>"),
    Rule("manifest.masteryscore-range", ERROR, "adlcp:masteryscore is not a number from 0 to 100"),
    Rule("manifest.min-normalized-measure-range", ERROR, "imsss:minNormalizedMeasure is not from -1 to 1"),
    Rule("manifest.min-normalized-measure-default", WARNING, "satisfiedByMeasure without minNormalizedMeasure means 100%"),
    Rule("manifest.delivery-controls", WARNING, "a SCO lets the LMS set completion or satisfaction on its own"),
    Rule("manifest.objectives-global-to-system", WARNING, "global objectives are shared with every course in the LMS"),
    Rule("content.launch-missing", ERROR, "the launch page of a resource is not in the package"),
    Rule("content.launch-not-html", ERROR, "a SCO's launch page is not an HTML page"),
    Rule("content.external-reference", WARNING, "a page, script or style sheet loads from an external host"),
    Rule("content.not-scanned", NOTE, "a page, script or style sheet was not scanned: over a named limit"),
    Rule("content.window-open-launch", WARNING, "a SCO's launch page opens a window with window.open()"),
    Rule("content.frameset-launch", WARNING, "a SCO's launch page is a <frameset>"),
    # validate --target: the severity comes from the LMS profile (targets/*.yaml)
    Rule("target.edition", ERROR, "the target LMS does not take this SCORM edition"),
    Rule("target.package-size", ERROR, "the package is above the target LMS's upload limit"),
    Rule("target.forbidden-extension", ERROR, "the target LMS refuses packages with such files"),
    Rule("target.file-name", WARNING, "a file or folder name has characters the target LMS does not allow"),
    Rule("target.single-sco", ERROR, "the target LMS plays single-SCO packages only"),
    Rule("target.sequencing", WARNING, "a multi-SCO 2004 package for an LMS without 2004 sequencing"),
    Rule("target.status-mapping", WARNING, "a SCORM 1.2 status pair the target LMS mishandles"),
    Rule("target.keep-alive", ERROR, "the content is silent longer than the LMS session lasts"),
    Rule("target.pass-mark", ERROR, "a 2004 SCO without a pass mark where the LMS seeds 100%"),
    Rule("target.response-number", ERROR, "an answer-key number the LMS refuses in an interaction record"),
    Rule("target.response-id", ERROR, "a choice or item id the LMS refuses in an interaction record"),
)
RULES: Dict[str, Rule] = {rule.id: rule for rule in _RULES}


class UnreadablePackage(ScormbuildError):
    """The package cannot be read at all (not a zip, unreadable, unusable schema folder)."""

    exit_code = 2


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in a package: where, which rule, how bad, what."""

    path: str
    line: Optional[int]
    rule: str
    severity: str
    message: str

    def __str__(self) -> str:
        return one_line(f"{Location(self.path, self.line)}: {self.severity}: {self.message} "
                        f"[{self.rule}]")

    def as_dict(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "path": self.path,
                "line": self.line, "message": self.message}


def finding(rule_id: str, path: str, message: str, line: Optional[int] = None,
            severity: Optional[str] = None) -> Finding:
    """Make a finding of a registered rule (its default severity unless an edition overrides it)."""
    rule = RULES[rule_id]
    return Finding(path, line, rule.id, severity or rule.severity, message)


@dataclass(frozen=True)
class Report:
    """Everything validate found in one package."""

    package: str
    edition: Optional[str]
    findings: Tuple[Finding, ...]
    schema_check: str  # "passed", "failed", "skipped" or "not run"

    @property
    def errors(self) -> List[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> List[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def notes(self) -> List[Finding]:
        return [f for f in self.findings if f.severity == NOTE]

    def exit_code(self, strict: bool) -> int:
        """0 clean, 1 errors (or warnings under --strict)."""
        return 1 if self.errors or (strict and self.warnings) else 0

    def text_lines(self) -> List[str]:
        lines = [str(f) for f in self.findings]
        if self.schema_check == "skipped":
            lines.append("schema check skipped: no --schemas DIR or SCORMBUILD_SCHEMAS given")
        edition = self.edition or "unknown edition"
        notes = f", {plural(len(self.notes), 'note')}" if self.notes else ""
        lines.append(f"{self.package}: {edition}, {plural(len(self.errors), 'error')}, "
                     f"{plural(len(self.warnings), 'warning')}{notes}")
        return lines

    def as_dict(self, strict: bool) -> dict:
        return {"package": self.package, "edition": self.edition,
                "ok": self.exit_code(strict) == 0, "schema_check": self.schema_check,
                "errors": len(self.errors), "warnings": len(self.warnings),
                "notes": len(self.notes),
                "findings": [f.as_dict() for f in self.findings]}
