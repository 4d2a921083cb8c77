"""Bytes a build has finished with but not yet written: kept in a temporary file, not in memory.

A build checks everything before it writes anything (a course with errors leaves no zip), so
every page is rendered and deflated before the first zip is opened. Held in memory, the
deflated pages of a 5000-lesson course are 15 MB at the peak (docs/performance.md,
"Memory"); in a spool they cost a write and a read of the page cache.

The spool is an unnamed temporary file (``tempfile.TemporaryFile``) in the nearest folder that
exists on the way to where the zips go: on the same disk as the zips, not in a ``/tmp`` that
may be memory; on Linux it never has a name, and it is gone when closed or when the process
ends, so a failed or interrupted build leaves nothing behind.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Optional

from scormbuild.errors import OutputError


@dataclass(frozen=True)
class Spooled:
    """Where one piece of bytes lies in a spool."""

    spool: "Spool"
    offset: int
    length: int

    def read(self) -> bytes:
        return self.spool.read(self)


class Spool:
    """Append bytes, read them back by position; opened on first use."""

    def __init__(self, near: Path):
        self._near = Path(near)
        self._file: Optional[IO[bytes]] = None
        self._end = 0

    def _open(self) -> IO[bytes]:
        if self._file is None:
            folder = self._near.absolute()
            while not folder.is_dir() and folder != folder.parent:
                folder = folder.parent
            try:
                # closed by close() or __exit__: the spool outlives any one block
                self._file = tempfile.TemporaryFile(  # noqa: SIM115
                    dir=folder, prefix=".scormbuild-spool-")
            except OSError as exc:
                raise OutputError(f"{folder}: cannot write a temporary file "
                                  f"({exc.strerror or exc})") from exc
        return self._file

    def add(self, data: bytes) -> Spooled:
        handle = self._open()
        handle.seek(self._end)
        handle.write(data)
        item = Spooled(self, self._end, len(data))
        self._end += len(data)
        return item

    def read(self, item: Spooled) -> bytes:
        if item.spool is not self or self._file is None:
            raise ValueError("the spool holding these bytes is closed or another one")
        self._file.seek(item.offset)  # seek and read, not os.pread: Windows has no pread
        data = self._file.read(item.length)
        if len(data) != item.length:
            raise OSError(f"the build's spool file ended early ({item.length - len(data)} bytes "
                          "missing)")
        return data

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file, self._end = None, 0

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
