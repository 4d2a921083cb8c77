"""Package hygiene: entry names, links, encryption and zip-bomb limits, all from the headers."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Dict, List, Sequence

from scormbuild.package.entries import MANIFEST
from scormbuild.validator.findings import Finding, finding
from scormbuild.validator.package_reader import Limits, Member, Package

_DRIVE = re.compile(r"^[A-Za-z]:")


def check_package(package: Package, limits: Limits) -> List[Finding]:
    """Every hygiene finding of the package, in entry order."""
    members = package.members
    found: List[Finding] = []
    found += check_manifest_location(members, package.label)
    for member in members:
        found += check_name(member)
        found += check_member_flags(member, limits)
    found += check_duplicates(members)
    found += check_case_collisions(members)
    found += check_totals(members, limits, package.label)
    found += check_directory_entries(members, package.label)
    found += check_os_metadata(members)
    return found


def check_manifest_location(members: Sequence[Member], label: str) -> List[Finding]:
    """The manifest must sit at the root with exactly its name."""
    names = [m.name for m in members if not m.is_dir]
    if MANIFEST in names:
        return []
    near = [n for n in names if n.replace("\\", "/").rsplit("/", 1)[-1].lower() == MANIFEST]
    hint = ""
    if near:
        hint = (f" (found {near[0]}: zip the folder's contents, not the folder)" if "/" in
                near[0].replace("\\", "/") else f" (found {near[0]}: the name is case-sensitive)")
    return [finding("zip.manifest-not-at-root", label,
                    f"no {MANIFEST} at the package root{hint}")]


def check_name(member: Member) -> List[Finding]:
    """Names must be relative, stay inside the package and use '/'."""
    name = member.name
    found = []
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        found.append(finding("zip.absolute-path", name, "entry name is an absolute path"))
    if ".." in re.split(r"[/\\]", name):
        found.append(finding("zip.parent-path", name,
                             "entry name contains '..' and would be written outside the package"))
    if "\\" in name:
        found.append(finding("zip.backslash", name,
                             "entry name uses '\\' as a separator; use '/'"))
    return found


def check_member_flags(member: Member, limits: Limits) -> List[Finding]:
    """No links, no encryption, no entry that expands far beyond its compressed size."""
    found = []
    if member.is_symlink:
        found.append(finding("zip.symlink", member.name, "entry is a symbolic link"))
    if member.encrypted:
        found.append(finding("zip.encrypted", member.name,
                             "entry is encrypted; an LMS cannot unpack it"))
    ratio = member.size / max(member.compressed, 1)
    if member.size >= limits.ratio_min_size and ratio > limits.max_ratio:
        found.append(finding("zip.compression-ratio", member.name,
                             f"entry expands {ratio:.0f}:1 (limit {limits.max_ratio}:1); "
                             "possible zip bomb, not read"))
    return found


def check_duplicates(members: Sequence[Member]) -> List[Finding]:
    """Two entries with one name: which one an LMS unpacks is undefined."""
    counts: Dict[str, int] = defaultdict(int)
    for member in members:
        counts[member.name] += 1
    return [finding("zip.duplicate-entry", name, f"entry appears {n} times")
            for name, n in counts.items() if n > 1]


def check_case_collisions(members: Sequence[Member]) -> List[Finding]:
    """Names that differ only in case overwrite each other on Windows and macOS."""
    groups: Dict[str, List[str]] = defaultdict(list)
    for member in members:
        key = member.name.lower()
        if member.name not in groups[key]:
            groups[key].append(member.name)
    return [finding("zip.case-collision", names[1],
                    f"entry name differs only in case from {names[0]}")
            for names in groups.values() if len(names) > 1]


def check_totals(members: Sequence[Member], limits: Limits, label: str) -> List[Finding]:
    """Bound the number of entries and the total unpacked size."""
    found = []
    if len(members) > limits.max_entries:
        found.append(finding("zip.too-many-entries", label,
                             f"{len(members)} entries (limit {limits.max_entries})"))
    total = sum(m.size for m in members)
    if total > limits.max_total_size:
        found.append(finding("zip.too-large", label,
                             f"entries expand to {total} bytes (limit {limits.max_total_size}); "
                             "possible zip bomb"))
    return found


def check_directory_entries(members: Sequence[Member], label: str) -> List[Finding]:
    """Directory entries: some LMS importers fail on them; a package needs files only."""
    folders = [m.name for m in members if m.is_dir]
    if not folders:
        return []
    shown = ", ".join(folders[:3]) + (", …" if len(folders) > 3 else "")
    return [finding("zip.directory-entry", label,
                    f"the zip holds {len(folders)} directory entr"
                    f"{'y' if len(folders) == 1 else 'ies'} ({shown}): some LMS importers fail "
                    "on them; zip the files only (zip -D)")]


_MACOSX = "__MACOSX/"
OS_METADATA_FILES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})


def is_os_metadata(name: str) -> bool:
    """Clutter that macOS or Windows adds when a folder is zipped or browsed."""
    return name.startswith(_MACOSX) or name.rsplit("/", 1)[-1].lower() in OS_METADATA_FILES


def check_os_metadata(members: Sequence[Member]) -> List[Finding]:
    """__MACOSX/ resource forks, .DS_Store, Thumbs.db, desktop.ini: never part of a course."""
    found = []
    macosx = [m for m in members if m.name.startswith(_MACOSX) and not m.is_dir]
    if macosx:
        found.append(finding("zip.os-metadata", _MACOSX,
                             f"{len(macosx)} macOS resource-fork entr"
                             f"{'y' if len(macosx) == 1 else 'ies'} (made by the Finder's "
                             "Compress): not course files; some LMSs import them as content"))
    found += [finding("zip.os-metadata", m.name, "operating-system clutter, not a course file: "
                      "leave it out of the package")
              for m in members if is_os_metadata(m.name) and not m.name.startswith(_MACOSX)
              and not m.is_dir]
    return found


def readable(member: Member, limits: Limits) -> bool:
    """Whether the validator may decompress this entry at all."""
    ratio = member.size / max(member.compressed, 1)
    bomb = member.size >= limits.ratio_min_size and ratio > limits.max_ratio
    return not (member.is_dir or member.is_symlink or member.encrypted or bomb)
