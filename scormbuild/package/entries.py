"""The package's content as one sorted list of entries: the manifest and the zip read it."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Dict, Iterable, List, Optional, Tuple

from scormbuild.errors import ScormbuildError
from scormbuild.package.spool import Spooled

MANIFEST = "imsmanifest.xml"  # IMS Content Packaging: the manifest's name at the package root
DEFLATED = 8  # a zip member's method: deflated (zip_writer writes it)

# Formats that are already compressed: deflating them again costs time and saves nothing.
STORED_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".mp3", ".m4a", ".aac",
                             ".ogg", ".oga", ".mp4", ".m4v", ".webm", ".ogv", ".woff",
                             ".woff2", ".zip", ".gz", ".pdf"})


@dataclass(frozen=True)
class Member:
    """An entry ready for the zip: header facts plus its bytes as stored, or its file.

    Made once per build by zip_writer.prepare and shared by every edition's zip.
    """

    path: str
    method: int              # 0 stored, 8 deflated
    crc: int
    size: int                # uncompressed
    compressed_size: int
    data: Optional[bytes] = None     # exactly the bytes that go into the zip
    source: Optional[Path] = None    # a stored file, copied from disk
    spooled: Optional[Spooled] = None  # the bytes, kept on disk until written (package.spool)


@dataclass(frozen=True)
class Entry:
    """One file of the package: bytes made by the build, or a file copied as it is."""

    path: str                       # '/' separated, relative to the package root
    data: Optional[bytes] = None
    source: Optional[Path] = None
    listed: bool = True             # False for control files (the manifest itself, XSDs)
    packed: Optional[Member] = None  # already prepared (a build drops a page's text early)

    @property
    def size(self) -> int:
        if self.packed is not None:
            return self.packed.size
        return len(self.data) if self.data is not None else self.source.stat().st_size  # type: ignore[union-attr]

    @property
    def compress(self) -> bool:
        return PurePosixPath(self.path).suffix.lower() not in STORED_SUFFIXES


class DuplicateEntryError(ScormbuildError):
    """Two parts of the build wrote the same package path (a bug or a naming clash).

    The build turns a clash that involves a course file into a diagnostic at its first use.
    """

    def __init__(self, message: str, entry: Optional[Entry] = None,
                 first: Optional[Entry] = None):
        super().__init__(message)
        self.entry = entry
        self.first = first


def collect(entries: Iterable[Entry]) -> Tuple[Entry, ...]:
    """Sort entries by path; refuse two writes to one path, or paths differing only in case."""
    seen: Dict[str, Entry] = {}
    for entry in entries:
        _check_path(entry.path)
        key = entry.path.lower()
        if key in seen:
            raise DuplicateEntryError(f"two files would be written to '{entry.path}' "
                                      f"(also '{seen[key].path}')", entry, seen[key])
        seen[key] = entry
    return tuple(sorted(seen.values(), key=lambda e: e.path))


def _check_path(path: str) -> None:
    parts = path.split("/")
    if path.startswith("/") or "\\" in path or any(p in ("", ".", "..") for p in parts):
        raise DuplicateEntryError(f"invalid package path '{path}'")


def text_entry(path: str, text: str) -> Entry:
    return Entry(path=path, data=text.encode("utf-8"))


def contents(entry: Entry) -> bytes:
    """The file's bytes as a learner's browser gets them (a preview serves them), however the
    entry holds them: as bytes, as a file, or prepared for the zip (deflated, or spooled)."""
    if entry.data is not None:
        return entry.data
    member = entry.packed
    if member is not None:
        stored = (member.data if member.data is not None
                  else member.spooled.read() if member.spooled is not None else None)
        if stored is not None:
            return zlib.decompress(stored, -15) if member.method == DEFLATED else stored
        if member.source is not None:
            return member.source.read_bytes()
    assert entry.source is not None
    return entry.source.read_bytes()


def listed_paths(entries: Iterable[Entry]) -> List[str]:
    return [e.path for e in entries if e.listed]
