"""Write a package zip reproducibly and atomically.

Same entries, same bytes: sorted names, one fixed timestamp (SOURCE_DATE_EPOCH when set),
fixed permissions, file entries only (some LMS importers choke on directory entries).
Media are streamed from disk; the zip is written to a temporary file and renamed into place
only when complete, so a failure never leaves a half-written zip or removes a good one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional, Tuple

from scormbuild.package.entries import Entry

DEFAULT_EPOCH = 315532800  # 1980-01-01T00:00:00Z, the earliest time a zip can hold
CHUNK = 1024 * 1024


def zip_timestamp() -> Tuple[int, int, int, int, int, int]:
    """The timestamp of every entry: SOURCE_DATE_EPOCH if set (clamped to zip's range)."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "")
    epoch = int(raw) if raw.strip().isdigit() else DEFAULT_EPOCH
    epoch = max(epoch, DEFAULT_EPOCH)
    return time.gmtime(epoch)[:6]  # type: ignore[return-value]


@dataclass(frozen=True)
class WrittenZip:
    path: Path
    size: int
    sha256: str
    entries: int


def write_zip(entries: Iterable[Entry], temp_dir: Path,
              progress: Optional[Callable[[Entry], None]] = None) -> Path:
    """Write entries to a new temporary file in temp_dir and return its path."""
    stamp = zip_timestamp()
    fd, name = tempfile.mkstemp(prefix=".scormbuild-", suffix=".zip.tmp", dir=temp_dir)
    os.close(fd)
    try:
        with zipfile.ZipFile(name, "w", allowZip64=True) as archive:
            for entry in entries:
                _write_entry(archive, entry, stamp)
                if progress:
                    progress(entry)
    except BaseException:
        os.unlink(name)
        raise
    return Path(name)


def _write_entry(archive: zipfile.ZipFile, entry: Entry, stamp) -> None:
    info = zipfile.ZipInfo(entry.path, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED if entry.compress else zipfile.ZIP_STORED
    info.create_system = 3
    info.external_attr = (0o100644 << 16)
    if entry.data is not None:
        archive.writestr(info, entry.data, compress_type=info.compress_type, compresslevel=6)
        return
    assert entry.source is not None
    info.file_size = entry.size
    with open(entry.source, "rb") as src, archive.open(info, "w", force_zip64=info.file_size > 2**31) as dst:
        shutil.copyfileobj(src, dst, CHUNK)


def commit(temp: Path, target: Path) -> WrittenZip:
    """Move a finished temporary zip into place atomically and describe it."""
    digest = hashlib.sha256()
    with open(temp, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    os.chmod(temp, 0o644)
    size = temp.stat().st_size
    with zipfile.ZipFile(temp) as archive:
        count = len(archive.infolist())
    os.replace(temp, target)
    return WrittenZip(path=target, size=size, sha256=digest.hexdigest(), entries=count)
