"""Reading course files: UTF-8 only, inside the course folder, problems as diagnostics."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Optional, Tuple

from scormbuild.errors import Diagnostics, Location, display_path, megabytes
from scormbuild.load.limits import FILE_COUNT, YAML_FILE_SIZE, Limit
from scormbuild.load.markdown_source import resolve_inside
from scormbuild.course_tree import ignored_folder
from scormbuild.load.real_paths import RealPaths, did_you_mean, link_problem, unread_reason


# The files scormbuild reads by name without being told (docs/course-format.md). A file
# beside one of them under a near name (NEAR_NAMES) would be ignored, so it is reported.
EXPECTED_FILES = ("course.yaml", "module.yaml", "references.yaml", "glossary.yaml")
# how a near name differs: other letter case, '.yml', or '.txt' added by an editor that
# hides extensions (Windows Notepad saves 'module.yaml' as 'module.yaml.txt')
NEAR_NAMES = ("{stem}.yaml", "{stem}.yml", "{stem}.yaml.txt", "{stem}.yml.txt")


@dataclass(frozen=True)
class CourseFolder:
    """The course folder and how the user named it (for diagnostics)."""

    root: Path
    label: str
    excluded: Tuple[Path, ...] = ()  # resolved: the output folder of a build
    real: RealPaths = field(default_factory=RealPaths, compare=False, repr=False)
    _shown: Dict[Path, str] = field(default_factory=dict, compare=False, repr=False)

    def display(self, path: Path) -> str:
        shown = self._shown.get(path)
        if shown is None:
            shown = self._shown[path] = display_path(path, self.root, self.label)
        return shown

    def resolve(self, base: Path, ref: str, where: Location, diagnostics: Diagnostics,
                what: str, folder_ok: bool = False) -> Optional[Path]:
        """Resolve a path named in a course file; it must exist inside the course folder."""
        if ref.startswith("/") or "\\" in ref or (len(ref) > 1 and ref[1] == ":"):
            diagnostics.error(where, f"{what} '{ref}' must be a relative path with '/' separators")
            return None
        if "\x00" in ref:  # no file system accepts it (the OS call would raise ValueError)
            diagnostics.error(where, f"{what} '{ref}' contains a NUL character")
            return None
        target = resolve_inside(base / ref, self.root, self.real)
        if target is None:
            diagnostics.error(where, f"{what} '{ref}' points outside the course folder")
            return None
        if not target.exists():
            link = link_problem(base / ref)
            diagnostics.error(where, f"{what} '{ref}' {link}" if link else
                              f"{what} '{ref}' does not exist{did_you_mean(target)}")
            return None
        if target.is_dir() and not folder_ok:
            diagnostics.error(where, f"{what} '{ref}' is a folder: name a file")
            return None
        unread = unread_reason(target, self.root, self.excluded)
        if unread is not None:
            diagnostics.error(where, f"{what} '{ref}' is inside {unread}: move the file")
            return None
        return target

    def near_name(self, expected: Path) -> Optional[Path]:
        """A file beside one of EXPECTED_FILES under a near name (References.yaml, course.yml,
        module.yaml.txt): scormbuild reads only the expected name."""
        assert expected.name in EXPECTED_FILES, expected.name
        wanted = {near.format(stem=expected.stem.lower()) for near in NEAR_NAMES}
        try:
            found = sorted(p for p in expected.parent.iterdir()
                           if p.name != expected.name and p.name.lower() in wanted and p.is_file())
        except OSError:
            return None
        return found[0] if found else None

    def ignored(self, path: Path) -> bool:
        """A file scormbuild never reads: in an ignored folder or the output folder."""
        return unread_reason(path, self.root, self.excluded) is not None

    def read_text(self, path: Path, diagnostics: Diagnostics,
                  limit: Limit = YAML_FILE_SIZE) -> Optional[str]:
        """Read a UTF-8 text file of at most limit; report the first invalid byte's position."""
        where = Location(self.display(path))
        if not path.is_file():
            diagnostics.error(where, "is a folder, not a file" if path.is_dir()
                              else "is not a regular file")
            return None
        size = path.stat().st_size
        if size > limit.bytes:
            diagnostics.error(where, limit.message(f"file is {megabytes(size)}"))
            return None
        try:
            data = path.read_bytes()
        except OSError as exc:
            diagnostics.error(where, f"cannot read the file ({exc.strerror or exc})")
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            before = data[:exc.start]
            line = before.count(b"\n") + 1
            col = exc.start - (before.rfind(b"\n") + 1) + 1
            diagnostics.error(Location(self.display(path), line, col),
                              f"not UTF-8 (byte 0x{data[exc.start]:02x}): save the file as UTF-8")
            return None
        return text.lstrip("\ufeff").replace("\r\n", "\n")

    def check_file_count(self, diagnostics: Diagnostics) -> None:
        """Refuse a folder with more files than FILE_COUNT before reading any of them."""
        limit, count = FILE_COUNT.value, 0
        skip = {str(p) for p in self.excluded}
        for folder, dirs, files in os.walk(self.root):
            dirs[:] = [d for d in dirs if not ignored_folder(d)  # .git and the like
                       and os.path.join(folder, d) not in skip]
            count += sum(1 for name in files if not name.startswith("."))
            if count > limit:
                label = self.label.replace("\\", "/").rstrip("/") or "."
                diagnostics.error(Location(label), FILE_COUNT.message(
                    f"the course folder holds more than {limit} files"))
                return
