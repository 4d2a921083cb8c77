"""Write a package zip reproducibly and atomically.

Same entries, same bytes: sorted names, one fixed timestamp (SOURCE_DATE_EPOCH when set),
fixed permissions, file entries only (some LMS importers choke on directory entries).
Media are streamed from disk; the zip is written to a temporary file and renamed into place
only when complete, so a failure never leaves a half-written zip or removes a good one.
The zip's SHA-256 is computed on a second thread while the zip is written, from the bytes that
are already final, so a package with hundreds of megabytes of media is not read back to hash it.
"""

from __future__ import annotations

import hashlib
import os
import queue
import shutil
import tempfile
import threading
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
    t = time.gmtime(epoch)
    return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)


@dataclass(frozen=True)
class WrittenZip:
    path: Path
    size: int
    sha256: str
    entries: int


class TempZip(type(Path())):  # type: ignore[misc]
    """A finished temporary zip that already knows its SHA-256 and how many entries it holds."""

    sha256: str = ""
    entries: int = 0


def write_zip(entries: Iterable[Entry], temp_dir: Path,
              progress: Optional[Callable[[Entry], None]] = None) -> Path:
    """Write entries to a new temporary file in temp_dir and return its path."""
    stamp = zip_timestamp()
    fd, name = tempfile.mkstemp(prefix=".scormbuild-", suffix=".zip.tmp", dir=temp_dir)
    hasher = _PrefixHasher(name)
    count = 0
    try:
        with open(fd, "wb") as handle, zipfile.ZipFile(handle, "w", allowZip64=True) as archive:
            for entry in entries:
                _write_entry(archive, entry, stamp)
                count += 1
                # zipfile has just rewritten this entry's header: all before here is final
                handle.flush()
                hasher.final_up_to(handle.tell())
                if progress:
                    progress(entry)
        digest = hasher.finish()
    except BaseException:
        hasher.abort()
        os.unlink(name)
        raise
    temp = TempZip(name)
    temp.sha256, temp.entries = digest, count
    return temp


class _PrefixHasher:
    """Hash a file on a second thread while it is written, reading only bytes that are final.

    zipfile seeks back to rewrite each entry's local header once its data is written, so bytes
    are final only up to the end of the last finished entry; the writer reports that offset.
    hashlib and file reads release the GIL, so the hashing overlaps the writing.
    """

    _TO_END, _STOP = -1, -2

    def __init__(self, path: str):
        self._digest = hashlib.sha256()
        self._offsets: "queue.SimpleQueue[int]" = queue.SimpleQueue()
        self._error: Optional[BaseException] = None
        self._thread = threading.Thread(target=self._run, args=(path,), daemon=True)
        self._thread.start()

    def final_up_to(self, offset: int) -> None:
        self._offsets.put(offset)

    def finish(self) -> str:
        """Hash the rest of the (closed) file and return the hex digest."""
        self._offsets.put(self._TO_END)
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._digest.hexdigest()

    def abort(self) -> None:
        self._offsets.put(self._STOP)
        self._thread.join()

    def _run(self, path: str) -> None:
        try:
            # unbuffered: a buffered reader would read ahead into bytes not yet final
            with open(path, "rb", buffering=0) as src:
                done = 0
                while True:
                    offset = self._offsets.get()
                    if offset == self._STOP:
                        return
                    if offset == self._TO_END:
                        for block in iter(lambda: src.read(CHUNK), b""):
                            self._digest.update(block)
                        return
                    while done < offset:
                        block = src.read(min(CHUNK, offset - done))
                        if not block:
                            break
                        self._digest.update(block)
                        done += len(block)
        except BaseException as exc:  # re-raised on the writing thread by finish()
            self._error = exc


def _write_entry(archive: zipfile.ZipFile, entry: Entry, stamp: Tuple[int, int, int, int, int, int]
                 ) -> None:
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
    if isinstance(temp, TempZip) and temp.sha256:
        digest, count = temp.sha256, temp.entries
    else:
        digest, count = _describe(temp)
    os.chmod(temp, 0o644)
    size = temp.stat().st_size
    os.replace(temp, target)
    return WrittenZip(path=target, size=size, sha256=digest, entries=count)


def _describe(path: Path) -> Tuple[str, int]:
    """SHA-256 and entry count of a zip written elsewhere (reads it back)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    with zipfile.ZipFile(path) as archive:
        return digest.hexdigest(), len(archive.infolist())
