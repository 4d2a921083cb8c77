"""`scormbuild new DIR`: write a small, complete course that builds clean under --strict.

The course ships in ``scormbuild/author/new_course``; three placeholders are filled in: the
course id (from the folder name) and the dates (from today). docs/course-format.md shows the
same files as its complete example, and a test keeps the two identical.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from pathlib import Path
from typing import Dict, List

from scormbuild.author.json_schema import write_schemas
from scormbuild.errors import ScormbuildError
from scormbuild.resources import new_course_dir

FALLBACK_ID = "my-course"


class FolderNotEmpty(ScormbuildError):
    """`new` writes only into a new or empty folder, so it never overwrites an author's work."""


def new_course(target: Path, today: datetime.date) -> List[Path]:
    """Write the sample course into target (new or empty); return the files written."""
    _refuse_to_overwrite(target)
    values = placeholders(target, today)
    source = new_course_dir()
    written = []
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        dest = target / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix in (".yaml", ".md"):
            dest.write_text(fill(path.read_text(encoding="utf-8"), values), encoding="utf-8")
        else:
            dest.write_bytes(path.read_bytes())
        written.append(dest)
    return written + write_schemas(target)


def _refuse_to_overwrite(target: Path) -> None:
    try:
        target.exists()
    except OSError as exc:  # a name the system cannot look up (over 255 bytes, say)
        raise FolderNotEmpty(f"{target}: cannot look it up: {exc.strerror or exc} (nothing was "
                             "written)") from exc
    if target.exists() and not target.is_dir():
        raise FolderNotEmpty(f"{target}: is a file; name a new or empty folder (nothing was written)")
    if target.is_dir() and any(target.iterdir()):
        raise FolderNotEmpty(f"{target}: the folder is not empty; name a new or empty folder so "
                             "that nothing is overwritten (nothing was written)")


def placeholders(target: Path, today: datetime.date) -> Dict[str, str]:
    return {"__ID__": course_id(target.resolve().name),
            "__CREATED__": f"{today:%Y-%m}",
            "__REVIEW__": f"{today.year + 1}-{today:%m}"}


def fill(text: str, values: Dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace(key, value)
    return text


def course_id(name: str) -> str:
    """A course id (lowercase letters, digits, hyphens; a letter first) from a folder name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:64].strip("-")
    if not slug:
        return FALLBACK_ID
    return slug if slug[0].isalpha() else f"course-{slug}"[:64].strip("-")
