"""Read a package (zip or unpacked folder) without trusting it: sizes are bounded while reading."""

from __future__ import annotations

import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, Tuple

from scormbuild.validator.findings import UnreadablePackage

_SYMLINK = 0o120000
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """Zip-bomb and resource limits; tests pass smaller ones."""

    max_entries: int = 20_000
    max_total_size: int = 2 * 1024 ** 3      # declared uncompressed bytes of all entries
    max_ratio: int = 100                     # uncompressed / compressed, per entry
    ratio_min_size: int = 1024 * 1024        # small entries may compress well legitimately
    max_manifest_size: int = 16 * 1024 ** 2
    max_text_size: int = 8 * 1024 ** 2       # larger HTML/JS/CSS files are not scanned
    max_read_total: int = 256 * 1024 ** 2    # all bytes decompressed in one run


@dataclass(frozen=True)
class Member:
    """One entry as the archive declares it."""

    name: str
    size: int
    compressed: int
    is_dir: bool = False
    is_symlink: bool = False
    encrypted: bool = False


class EntryTooLarge(Exception):
    """An entry produced more bytes than allowed while being read."""


class EntryCorrupt(Exception):
    """An entry cannot be decompressed or fails its checksum."""


class Package:
    """The members of a package and bounded reads of their bytes."""

    label: str
    kind: str
    members: Tuple[Member, ...]

    def read(self, name: str, limit: int) -> bytes:
        raise NotImplementedError

    def close(self) -> None:
        """Release the underlying file."""

    def __enter__(self) -> "Package":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ZipPackage(Package):
    kind = "zip"

    def __init__(self, path: Path, label: str):
        self.label = label
        try:
            self._zip = zipfile.ZipFile(path)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            # NotImplementedError: a "version needed to extract" zipfile does not support
            raise UnreadablePackage(f"{label}: cannot read the package: {_reason(exc)}") from exc
        self._first: Dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            info.filename = _unflagged_utf8(info)
            self._first.setdefault(info.filename, info)
        self.members = tuple(_member(info) for info in infos)

    def read(self, name: str, limit: int) -> bytes:
        """Decompress one entry, stopping as soon as it passes limit bytes."""
        info = self._first[name]
        if info.file_size > limit:
            raise EntryTooLarge(name)
        chunks, total = [], 0
        try:
            with self._zip.open(info) as stream:
                while True:
                    chunk = stream.read(_CHUNK)
                    if not chunk:
                        break
                    total += len(chunk)
                    if total > limit:
                        raise EntryTooLarge(name)
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
                RuntimeError) as exc:
            raise EntryCorrupt(_reason(exc)) from exc
        return b"".join(chunks)

    def close(self) -> None:
        self._zip.close()


def _unflagged_utf8(info: zipfile.ZipInfo) -> str:
    """An entry's name as an LMS unpacks it. A name without the UTF-8 flag (bit 11) is decoded
    by zipfile as code page 437, but Info-ZIP's zip on Linux and macOS writes UTF-8 without
    setting the flag; libzip (PHP's ZipArchive, Moodle's unpacker) takes such a name as UTF-8
    when its bytes are valid UTF-8 (ZIP_FL_ENC_GUESS), and unzip keeps the bytes. The entry is
    still opened by its original name (zipfile checks the local header against it)."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("utf-8")
    except UnicodeError:
        return info.filename


def _member(info: zipfile.ZipInfo) -> Member:
    mode = info.external_attr >> 16
    # not info.is_dir(): it raises IndexError on an entry whose name is empty
    return Member(name=info.filename, size=info.file_size, compressed=info.compress_size,
                  is_dir=info.filename.endswith("/"), is_symlink=stat.S_IFMT(mode) == _SYMLINK,
                  encrypted=bool(info.flag_bits & 0x1))


class FolderPackage(Package):
    kind = "folder"

    def __init__(self, path: Path, label: str):
        self.label = label
        self._root = Path(path)
        try:
            self.members = tuple(_walk(self._root))
        except OSError as exc:
            raise UnreadablePackage(f"{label}: cannot read the folder: {_reason(exc)}") from exc

    def read(self, name: str, limit: int) -> bytes:
        """Read a regular file below the folder (never through a symbolic link)."""
        path = self._root / name
        try:
            flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
            with os.fdopen(os.open(path, flags), "rb") as stream:
                data = stream.read(limit + 1)
        except OSError as exc:
            raise EntryCorrupt(_reason(exc)) from exc
        if len(data) > limit:
            raise EntryTooLarge(name)
        return data


def _walk(root: Path) -> Iterator[Member]:
    for folder, dirs, files in os.walk(root, followlinks=False):
        base = Path(folder)
        for name in sorted(dirs + files):
            path = base / name
            info = path.lstat()
            rel = path.relative_to(root).as_posix()
            if stat.S_ISLNK(info.st_mode):
                yield Member(rel, 0, 0, is_symlink=True)
            elif stat.S_ISREG(info.st_mode):
                yield Member(rel, info.st_size, info.st_size)
        dirs[:] = sorted(d for d in dirs if not (base / d).is_symlink())


def open_package(path: Path, label: str) -> Package:
    """A zip file or an unpacked folder; anything else cannot be read (exit status 2)."""
    path = Path(path)
    try:
        folder, regular, there = path.is_dir(), path.is_file(), path.exists()
    except OSError as exc:  # a name the system cannot look up (over 255 bytes, say)
        raise UnreadablePackage(f"{label}: cannot look it up: {_reason(exc)}") from exc
    if folder:
        return FolderPackage(path, label)
    if not regular:
        raise UnreadablePackage(f"{label}: " + ("not a regular file or folder" if there
                                                else "no such file or folder"))
    return ZipPackage(path, label)


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
