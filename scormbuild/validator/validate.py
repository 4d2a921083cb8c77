"""validate: hygiene → manifest → content, collecting every finding of each stage."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Dict, List, Optional, Sequence, Tuple

from scormbuild.validator.content_checks import check_external, check_launch_pages
from scormbuild.validator.findings import Finding, Report, finding, mib
from scormbuild.validator.manifest_checks import (MANIFEST, check_manifest, declared_label,
                                                  detect_edition, parse_manifest, schema_findings)
from scormbuild.validator.manifest_model import context_for
from scormbuild.validator.package_reader import (EntryCorrupt, EntryTooLarge, Limits, Member,
                                                 Package, open_package)
from scormbuild.validator.zip_checks import check_package, readable

if TYPE_CHECKING:
    from scormbuild.lms.profiles import TargetProfile
    from scormbuild.validator.manifest_model import ManifestContext


class BoundedReader:
    """Reads entries the hygiene checks allow, within size limits; records what it cannot read."""

    def __init__(self, package: Package, limits: Limits):
        self.package = package
        self.limits = limits
        self.members: Dict[str, Member] = {}
        for member in package.members:
            self.members.setdefault(member.name, member)
        self.findings: List[Finding] = []
        self.too_large: Dict[str, str] = {}  # entry -> the limit that kept it from being read
        self._budget = limits.max_read_total

    def files(self) -> List[str]:
        return [m.name for m in self.members.values() if not (m.is_dir or m.is_symlink)]

    def read(self, name: str, limit: Optional[int] = None) -> Optional[bytes]:
        """The entry's bytes, or None when it is unsafe, too large, corrupt or over budget."""
        data = self._read(name, min(limit or self.limits.max_text_size, self._budget))
        self._budget -= len(data or b"")
        return data

    def _read(self, name: str, limit: int) -> Optional[bytes]:
        member = self.members.get(name)
        if member is None or not readable(member, self.limits):
            return None
        try:
            return self.package.read(name, limit)
        except EntryTooLarge:
            self.too_large[name] = _limit_text(limit, self.limits)
            return None
        except EntryCorrupt as exc:
            self.findings.append(finding("zip.corrupt-entry", name, f"entry cannot be read: {exc}"))
            return None


def _limit_text(limit: int, limits: Limits) -> str:
    """The limit a read was cut at, named (docs/validate.md, "Limits")."""
    if limit == limits.max_manifest_size:
        return f"the manifest limit of {mib(limit)}"
    if limit == limits.max_text_size:
        return f"the scan limit of {mib(limit)} per file"
    return f"the limit of {mib(limits.max_read_total)} read in all in one run"


def validate_package(path: Path, schemas: Optional[Path] = None, limits: Limits = Limits(),
                     label: Optional[str] = None,
                     targets: Sequence["TargetProfile"] = ()) -> Report:
    """Check a package zip or folder; raise UnreadablePackage when it cannot be read at all.

    With targets, also check what each of those LMSs refuses or tracks wrongly.
    """
    return with_targets(check_path(path, schemas, limits, label, keep_course_data=bool(targets)),
                        targets)


@dataclass(frozen=True)
class Checked:
    """A validation report, plus what the LMS target rules need to look at the package."""

    report: Report
    ctx: Optional["ManifestContext"]    # None when the manifest could not be read
    sizes: Tuple[Tuple[str, int], ...]  # (entry, bytes) of every regular entry
    size: int                           # bytes an administrator uploads
    course_data: Optional[bytes] = None  # a scormbuild package's runtime/course-data.js, if asked


def check_path(path: Path, schemas: Optional[Path] = None, limits: Limits = Limits(),
               label: Optional[str] = None, keep_course_data: bool = False) -> Checked:
    """keep_course_data: also keep runtime/course-data.js (the target rules read a scormbuild
    package's answer keys in it)."""
    label = label or str(path)
    with open_package(Path(path), label) as package:
        return run_checks(package, schemas, limits, upload_size(Path(path), package),
                          keep_course_data)


def upload_size(path: Path, package: Package) -> int:
    """What an administrator uploads: the zip, or the folder's files once zipped (about)."""
    if path.is_file():
        return path.stat().st_size
    return sum(m.size for m in package.members if not m.is_dir)


def run_checks(package: Package, schemas: Optional[Path], limits: Limits, size: int = 0,
               keep_course_data: bool = False) -> Checked:
    found = check_package(package, limits) + large_package(size, package.label)
    reader = BoundedReader(package, limits)
    edition, schema_check, later, ctx = _manifest_and_content(reader, schemas)
    report = Report(package.label, edition, _ordered(found + later + reader.findings), schema_check)
    sizes = tuple((m.name, m.size) for m in reader.members.values()
                  if not (m.is_dir or m.is_symlink))
    course_data = reader.read(COURSE_DATA) if keep_course_data else None
    return Checked(report, ctx, sizes, size, course_data)


COURSE_DATA = "runtime/course-data.js"  # what a scormbuild package's runtime reads


def large_package(size: int, label: str) -> List[Finding]:
    """Above the smallest documented LMS upload limit, whatever the target (as a build warns)."""
    from scormbuild.errors import MEGABYTE, megabytes
    from scormbuild.lms.upload import LARGE_PACKAGE_MB, LARGE_PACKAGE_WHY

    if size <= LARGE_PACKAGE_MB * MEGABYTE:
        return []
    return [finding("zip.package-size", label, f"the package is {megabytes(size)}, above "
                    f"{LARGE_PACKAGE_MB} MB: {LARGE_PACKAGE_WHY}")]


def with_targets(checked: Checked, targets: Sequence["TargetProfile"]) -> Report:
    """The report with what these LMSs refuse or track wrongly (findings they escalate included)."""
    if not targets:
        return checked.report
    from scormbuild.validator.target_checks import (escalate, file_findings, package_subject,
                                                     target_findings)

    report = checked.report
    if checked.ctx is None:  # no manifest to read: what the files and the size alone show
        found = file_findings(targets, checked.sizes, checked.size, report.package)
    else:
        subject = package_subject(checked.ctx, checked.sizes, checked.size, checked.course_data)
        found = target_findings(targets, subject, report.package, report.edition)
    return replace(report, findings=_ordered(found + escalate(targets, list(report.findings))))


def _manifest_and_content(reader: BoundedReader, schemas: Optional[Path]
                          ) -> Tuple[Optional[str], str, List[Finding], Optional["ManifestContext"]]:
    if MANIFEST not in reader.members:
        return None, "not run", [], None
    data = reader.read(MANIFEST, reader.limits.max_manifest_size)
    if data is None:
        return None, "not run", _unread_manifest(reader), None
    root, found = parse_manifest(data)
    if root is None:
        return None, "not run", found, None
    edition, found = detect_edition(root)
    if edition is None:
        return None, "not run", found, None
    schema_check = "skipped"
    if schemas is not None:
        found = schema_findings(data, schemas, edition)
        schema_check = "failed" if found else "passed"
    ctx = context_for(root, edition, frozenset(reader.files()))
    found += check_manifest(ctx)
    found += check_launch_pages(ctx, reader.read)
    found += check_external(reader.files(), reader.read)
    found += [finding("content.not-scanned", name, f"not scanned for external loads: larger "
                                                   f"than {limit}")
              for name, limit in sorted(reader.too_large.items()) if name != MANIFEST]
    return declared_label(root, edition), schema_check, found, ctx


def _unread_manifest(reader: BoundedReader) -> List[Finding]:
    """Why the manifest was not read; an encrypted or corrupt entry has its own zip finding."""
    if MANIFEST in reader.too_large:
        return [finding("manifest.not-well-formed", MANIFEST,
                        f"manifest not read: larger than {reader.too_large[MANIFEST]}")]
    return [finding("manifest.not-well-formed", MANIFEST,
                    "manifest could not be read (encrypted, a zip bomb or corrupt: see the "
                    "zip findings)")]


_STAGES = ("zip.", "manifest.", "content.", "target.")


def _ordered(findings: List[Finding]) -> Tuple[Finding, ...]:
    """By file and line; at one place in stage order (zip, manifest, content, target)."""
    unique = dict.fromkeys(findings)
    return tuple(sorted(unique, key=lambda f: (f.path, f.line or 0, _stage(f.rule), f.rule,
                                               f.message)))


def _stage(rule: str) -> int:
    return next(i for i, prefix in enumerate(_STAGES) if rule.startswith(prefix))
