"""Write a package zip reproducibly and atomically, one plain sequential pass.

Same entries, same bytes: sorted names, one fixed timestamp (SOURCE_DATE_EPOCH when set),
fixed permissions, file entries only (some LMS importers choke on directory entries).

Every entry is *prepared* before any zip is written: its CRC-32 and sizes are known and a
page's deflated bytes are computed, once, so the same prepared entry goes into both editions'
zips. Because every local header can then be written with its final values, the zip is written
front to back without seeking, and its SHA-256 is taken from the bytes as they are written:
nothing is read back. Media are streamed from disk in 1 MiB chunks (their CRC is taken in a
first read, shared by both editions). The layout is the one Python's ``zipfile`` writes for a
seekable file (``tests/test_zip_writer.py`` compares the bytes), so readers see no difference.

The zip is written to a temporary file and renamed into place only when complete, so a
failure never leaves a half-written zip or removes a good one.
"""

from __future__ import annotations

import hashlib
import os
import struct
import tempfile
import time
import zlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, List, Optional, Sequence, Tuple

from scormbuild.errors import SettingError
from scormbuild.package.entries import DEFLATED, Entry, Member
from scormbuild.package.spool import Spool

DEFAULT_EPOCH = 315532800  # 1980-01-01T00:00:00Z, the earliest time a zip can hold
LATEST_EPOCH = 4354819198  # 2107-12-31T23:59:58Z, the latest (DOS time: 7-bit year, 2-s steps)
CHUNK = 1024 * 1024
DEFLATE_LEVEL = 6
# A compressible file copied from disk is deflated in memory up to this size; a bigger one is
# stored as it is, so that memory does not grow with media.
DEFLATE_FILE_LIMIT = 16 * 1024 * 1024
STORED = 0  # and DEFLATED (8), from package.entries
ZIP64_LIMIT = (1 << 31) - 1   # as zipfile: beyond this, sizes and offsets go in a Zip64 extra
FILE_COUNT_LIMIT = 0xFFFF
_VERSION, _VERSION64 = 20, 45
_UNIX, _MODE = 3, 0o100644 << 16


def zip_timestamp() -> Tuple[int, int, int, int, int, int]:
    """The timestamp of every entry: SOURCE_DATE_EPOCH if set (clamped to zip's range).

    A value that is not a whole number of seconds is an error, as reproducible-builds.org asks:
    ignoring it would give a pipeline with a typo a different timestamp without a word.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw and not (raw.isascii() and raw.isdigit()):
        raise SettingError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 "
                           f"(UTC), not '{raw}'")
    epoch = min(max(int(raw or DEFAULT_EPOCH), DEFAULT_EPOCH), LATEST_EPOCH)
    t = time.gmtime(epoch)
    return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)


def deflate(data: bytes) -> bytes:
    """Raw deflate at the level every build uses (the same bytes zipfile would write)."""
    packer = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def file_crc(path: Path) -> int:
    crc = 0
    with open(path, "rb") as src:
        for block in iter(lambda: src.read(CHUNK), b""):
            crc = zlib.crc32(block, crc)
    return crc


Deflater = Callable[[bytes], bytes]


class ChangedSource(OSError):
    """A file copied into a zip did not have the size or CRC-32 written in its header: it
    changed after the CRC was taken (or the CRC came from a stale record). The zip is not kept."""

    def __init__(self, source: Path):
        super().__init__(f"{source} changed while the package was written")
        self.source = source


def prepare_bytes(path: str, data: bytes, compress: bool,
                  deflate_with: Optional[Deflater] = None) -> Member:
    crc = zlib.crc32(data)
    stored = (deflate_with or deflate)(data) if compress else data
    return Member(path, DEFLATED if compress else STORED, crc, len(data), len(stored),
                  data=stored)


def spooled(member: Member, spool: Spool) -> Member:
    """The member with its bytes moved to the spool (a file copied from disk stays as it is)."""
    if member.data is None:
        return member
    return replace(member, data=None, spooled=spool.add(member.data))


def prepare(entry: Entry, crc_of: Callable[[Path], int] = file_crc,
            deflate_with: Optional[Deflater] = None) -> Member:
    """Compute what the headers need (and deflate) once; the result serves every edition.

    crc_of and deflate_with let the build reuse what it knows (scormbuild.stamp, .cache).
    """
    if entry.packed is not None:
        return entry.packed
    if entry.data is not None:
        return prepare_bytes(entry.path, entry.data, entry.compress, deflate_with)
    assert entry.source is not None
    size = entry.source.stat().st_size
    if entry.compress and size <= DEFLATE_FILE_LIMIT:
        return prepare_bytes(entry.path, entry.source.read_bytes(), True, deflate_with)
    return Member(entry.path, STORED, crc_of(entry.source), size, size, source=entry.source)


@dataclass(frozen=True)
class WrittenZip:
    path: Path
    size: int
    sha256: str
    entries: int


@dataclass(frozen=True)
class TempZip:
    """A finished temporary zip, its SHA-256 and how many entries it holds."""

    path: Path
    sha256: str
    entries: int


class _HashingFile:
    """A file written front to back that hashes what it writes and knows its offset."""

    def __init__(self, handle: BinaryIO):
        self.handle, self.digest, self.offset = handle, hashlib.sha256(), 0

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        self.digest.update(data)
        self.offset += len(data)


def write_zip(members: Sequence[Member], temp_dir: Path,
              progress: Optional[Callable[[Member], None]] = None) -> TempZip:
    """Write the members, in order, to a new temporary file in temp_dir."""
    stamp = _dos_time(zip_timestamp())
    fd, name = tempfile.mkstemp(prefix=".scormbuild-", suffix=".zip.tmp", dir=temp_dir)
    try:
        with open(fd, "wb") as handle:
            out = _HashingFile(handle)
            offsets: List[int] = []
            for member in members:
                offsets.append(out.offset)
                _write_member(out, member, stamp)
                if progress:
                    progress(member)
            _write_directory(out, members, offsets, stamp)
    except BaseException:
        os.unlink(name)
        raise
    return TempZip(Path(name), out.digest.hexdigest(), len(members))


def _dos_time(dt: Tuple[int, ...]) -> Tuple[int, int]:
    return (dt[3] << 11 | dt[4] << 5 | dt[5] // 2), ((dt[0] - 1980) << 9 | dt[1] << 5 | dt[2])


def _name(member: Member) -> Tuple[bytes, int]:
    """The encoded name and its flag: UTF-8 (bit 11) only when the name is not ASCII."""
    try:
        return member.path.encode("ascii"), 0
    except UnicodeEncodeError:
        return member.path.encode("utf-8"), 0x800


def _write_member(out: _HashingFile, member: Member, stamp: Tuple[int, int]) -> None:
    name, flags = _name(member)
    big = member.size > ZIP64_LIMIT or member.compressed_size > ZIP64_LIMIT
    extra = struct.pack("<HHQQ", 1, 16, member.size, member.compressed_size) if big else b""
    sizes = (0xFFFFFFFF, 0xFFFFFFFF) if big else (member.compressed_size, member.size)
    out.write(struct.pack("<4s2B4HL2L2H", b"PK\003\004", _VERSION64 if big else _VERSION, 0,
                          flags, member.method, *stamp, member.crc, *sizes, len(name),
                          len(extra)) + name + extra)
    if member.data is not None:
        out.write(member.data)
        return
    if member.spooled is not None:
        out.write(member.spooled.read())
        return
    assert member.source is not None
    with open(member.source, "rb") as src:
        copied, crc = 0, 0
        for block in iter(lambda: src.read(CHUNK), b""):
            out.write(block)
            copied += len(block)
            crc = zlib.crc32(block, crc)
    if copied != member.size or crc != member.crc:  # never a zip whose header lies
        raise ChangedSource(member.source)


def _write_directory(out: _HashingFile, members: Sequence[Member], offsets: Sequence[int],
                     stamp: Tuple[int, int]) -> None:
    start = out.offset
    for member, offset in zip(members, offsets):
        name, flags = _name(member)
        wide: List[int] = []
        if member.size > ZIP64_LIMIT or member.compressed_size > ZIP64_LIMIT:
            wide += [member.size, member.compressed_size]
        if offset > ZIP64_LIMIT:
            wide.append(offset)
        extra = struct.pack("<HH" + "Q" * len(wide), 1, 8 * len(wide), *wide) if wide else b""
        version = _VERSION64 if wide else _VERSION
        sizes = ((0xFFFFFFFF, 0xFFFFFFFF) if len(wide) >= 2
                 else (member.compressed_size, member.size))
        out.write(struct.pack("<4s4B4HL2L5HLL", b"PK\001\002", version, _UNIX, version, 0,
                              flags, member.method, *stamp, member.crc, *sizes, len(name),
                              len(extra), 0, 0, 0, _MODE,
                              0xFFFFFFFF if offset > ZIP64_LIMIT else offset)
                  + name + extra)
    _write_end(out, len(members), start)


def _write_end(out: _HashingFile, count: int, start: int) -> None:
    end, size = out.offset, out.offset - start
    if count > FILE_COUNT_LIMIT or start > ZIP64_LIMIT or size > ZIP64_LIMIT:
        out.write(struct.pack("<4sQ2H2L4Q", b"PK\006\006", 44, _VERSION64, _VERSION64, 0, 0,
                              count, count, size, start))
        out.write(struct.pack("<4sLQL", b"PK\006\007", 0, end, 1))
        count, size, start = min(count, 0xFFFF), min(size, 0xFFFFFFFF), min(start, 0xFFFFFFFF)
    out.write(struct.pack("<4s4H2LH", b"PK\005\006", 0, 0, count, count, size, start, 0))


def commit(temp: TempZip, target: Path) -> WrittenZip:
    """Move a finished temporary zip into place atomically and describe it."""
    os.chmod(temp.path, 0o644)
    size = temp.path.stat().st_size
    os.replace(temp.path, target)
    return WrittenZip(path=target, size=size, sha256=temp.sha256, entries=temp.entries)


def prepare_all(entries: Iterable[Entry]) -> List[Member]:
    return [prepare(entry) for entry in entries]

