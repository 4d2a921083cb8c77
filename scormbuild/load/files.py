"""Reading course files: UTF-8 only, inside the course folder, problems as diagnostics."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from scormbuild.errors import Diagnostics, Location, display_path
from scormbuild.load.markdown_source import resolve_inside


@dataclass(frozen=True)
class CourseFolder:
    """The course folder and how the user named it (for diagnostics)."""

    root: Path
    label: str

    def display(self, path: Path) -> str:
        return display_path(path, self.root, self.label)

    def resolve(self, base: Path, ref: str, where: Location,
                diagnostics: Diagnostics, what: str) -> Optional[Path]:
        """Resolve a path named in a course file; it must exist inside the course folder."""
        if ref.startswith("/") or "\\" in ref or (len(ref) > 1 and ref[1] == ":"):
            diagnostics.error(where, f"{what} '{ref}' must be a relative path with '/' separators")
            return None
        target = resolve_inside(base / ref, self.root)
        if target is None:
            diagnostics.error(where, f"{what} '{ref}' points outside the course folder")
            return None
        if not target.exists():
            diagnostics.error(where, f"{what} '{ref}' does not exist")
            return None
        return target

    def read_text(self, path: Path, diagnostics: Diagnostics) -> Optional[str]:
        """Read a UTF-8 text file; report the position of the first invalid byte."""
        data = path.read_bytes()
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
