"""The build cache's entries on disk: one pack file and its index, not one file per entry.

A file per entry made the cache cost more than it saved on a first build: creating a file is
the dearest thing a build does on this kind of disk (about 0.4 ms each), and a 1000-lesson
course has about 3600 entries (a first build with the cache took 6.5 s against 4.5 s without
it; the flagship 1.0 s against 0.7 s). And every rebuild opened thousands of small files.

Layout of a cache folder (``OUT/.scormbuild-cache/<course key>/``):

* ``pack-<n>``: entries one after the other, appended, never rewritten in place;
* ``index.json``: ``{"pack": "pack-<n>", "entries": {name: [offset, length, crc32]}}``,
  replaced atomically (written to a temporary file, then renamed);
* ``lock``: taken (``flock``, where the system has it) while a build writes, so that two
  builds into the same folder do not write at once.

Reading an entry is one seek and one read in a file opened once, and its CRC-32 is checked:
an entry damaged on disk, or an index that does not parse, is a miss, never an error. Writing
appends the new entries and rewrites the index. When the entries no build uses any more (the
cache holds the last build's) take more room than the live ones, the live ones are copied into
a new pack (``pack-<n+1>``), the index is pointed at it and the old pack removed; anything
else in the folder (packs the index does not name, the one-file-per-entry folders of earlier
versions) is removed then too.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import zlib
from pathlib import Path
from typing import IO, Dict, Iterable, Iterator, List, Optional, Set, Tuple

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; one build at a time per folder
    fcntl = None  # type: ignore[assignment]

INDEX = "index.json"
LOCK = "lock"
_PACK = re.compile(r"pack-(\d+)")
COMPACT_MIN = 1 << 20  # dead bytes below this are never worth a copy

# An entry's offset, length and CRC-32 in one int (one object each: a 5000-lesson course's
# index has about 18000 entries, held through the build; three ints in a tuple were 6 MB)
Entry = int
_OFFSET_BITS, _LENGTH_BITS = 48, 32


def _entry(offset: int, length: int, crc: int) -> Entry:
    return offset | length << _OFFSET_BITS | crc << (_OFFSET_BITS + _LENGTH_BITS)


def _fields(entry: Entry) -> Tuple[int, int, int]:
    return (entry & ((1 << _OFFSET_BITS) - 1), entry >> _OFFSET_BITS & ((1 << _LENGTH_BITS) - 1),
            entry >> (_OFFSET_BITS + _LENGTH_BITS))


class PackStore:
    """Entries by name in one cache folder; `read` may be called before and after `append`."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._pack: Optional[str] = None
        self._entries: Dict[str, Entry] = {}
        self._reader: Optional[IO[bytes]] = None
        self._loaded = False
        self._seen: Optional[Tuple[int, int, int]] = None  # the index file read or written

    # -- reading -------------------------------------------------------------------------
    def read(self, name: str) -> Optional[bytes]:
        """The entry's bytes, or None if there is none or it is damaged."""
        if not self._loaded:
            self._load()
        found = self._entries.get(name)
        if found is None or self._reader is None:
            return None
        offset, length, crc = _fields(found)
        try:
            self._reader.seek(offset)
            data = self._reader.read(length)
        except OSError:
            return None
        if len(data) != length or zlib.crc32(data) != crc:
            return None
        return data

    def _load(self) -> None:
        """Read the index and open its pack (an unreadable index is an empty cache); nothing
        to do when the index file is the one this store last read or wrote."""
        seen = _identity(self.folder / INDEX)
        if self._loaded and seen is not None and seen == self._seen:
            return
        self._loaded, self._seen = True, seen
        self._close_reader()
        self._pack, self._entries = _read_index(self.folder / INDEX)
        if self._pack is not None:
            try:
                self._reader = open(self.folder / self._pack, "rb")  # noqa: SIM115
            except OSError:
                self._pack, self._entries = None, {}

    def _close_reader(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def close(self) -> None:
        self._close_reader()
        self._loaded, self._seen = False, None

    # -- writing -------------------------------------------------------------------------
    def append(self, items: Iterable[Tuple[str, bytes]], keep: Optional[Set[str]] = None
               ) -> None:
        """Add entries; with `keep`, then forget every entry whose name is not in it or added
        here (see keep_only). An OSError leaves the cache as it was: the index is written last.
        """
        with self._locked():
            self._load()  # another build may have written since this one read
            pack = self._pack or "pack-1"
            entries = self._entries  # changed in place: it is written next, or reloaded
            self._loaded = False       # (if writing fails, the next read loads the index)
            added: Set[str] = set()
            with open(self.folder / pack, "ab") as out:
                end = out.seek(0, os.SEEK_END)
                for name, data in items:
                    out.write(data)
                    entries[name] = _entry(end, len(data), zlib.crc32(data))
                    added.add(name)
                    end += len(data)
            if keep is not None:
                for name in [n for n in entries if n not in keep and n not in added]:
                    del entries[name]
                pack, entries = self._compact_if_worth_it(pack, entries, end)
            self._write_index(pack, entries)
            if keep is not None:
                self._remove_strays(pack)

    def keep_only(self, names: Set[str]) -> None:
        """Forget every entry but `names`; copy the live ones into a new pack when the dead
        ones take more room than they do, and remove whatever else lies in the folder."""
        self.append((), keep=names)

    def _compact_if_worth_it(self, pack: str, live: Dict[str, Entry], size: int
                             ) -> Tuple[str, Dict[str, Entry]]:
        used = sum(_fields(entry)[1] for entry in live.values())
        if size - used > max(used, COMPACT_MIN):
            return self._compacted(pack, live)
        return pack, live

    def _compacted(self, pack: str, live: Dict[str, Entry]) -> Tuple[str, Dict[str, Entry]]:
        """Copy the live entries, in pack order, into the next pack; a damaged one is dropped."""
        match = _PACK.fullmatch(pack)
        new = f"pack-{int(match.group(1)) + 1 if match else 1}"
        moved: Dict[str, Entry] = {}
        end = 0
        with open(self.folder / pack, "rb") as source, open(self.folder / new, "wb") as out:
            for name in sorted(live, key=lambda n: _fields(live[n])[0]):
                offset, length, crc = _fields(live[name])
                source.seek(offset)
                data = source.read(length)
                if len(data) == length and zlib.crc32(data) == crc:
                    out.write(data)
                    moved[name] = _entry(end, length, crc)
                    end += length
        return new, moved

    def _write_index(self, pack: str, entries: Dict[str, Entry]) -> None:
        """Write the index entry by entry (no second copy of it in memory), then rename it."""
        handle, temp = tempfile.mkstemp(dir=self.folder, prefix=".index-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write('{"pack":%s,"entries":{' % json.dumps(pack))
                out.write(",".join("%s:[%d,%d,%d]" % ((json.dumps(name),) + _fields(entry))
                                   for name, entry in entries.items()))
                out.write("}}")
            os.replace(temp, self.folder / INDEX)
            self._set(pack, entries)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise

    def _set(self, pack: str, entries: Dict[str, Entry]) -> None:
        """What this store just wrote is what it reads from now on (no need to parse it)."""
        if pack != self._pack or self._reader is None:
            self._close_reader()
            self._reader = open(self.folder / pack, "rb")  # noqa: SIM115
        self._pack, self._entries = pack, entries
        self._loaded, self._seen = True, _identity(self.folder / INDEX)

    def _remove_strays(self, pack: Optional[str]) -> None:
        """Packs the index does not name and anything an earlier version left here."""
        keep = {INDEX, LOCK, pack}
        for path in self.folder.iterdir():
            if path.name in keep or path.name.startswith(".index-"):
                continue
            with contextlib.suppress(OSError):
                if path.is_dir() and not path.is_symlink():
                    for child in path.iterdir():
                        child.unlink()
                    path.rmdir()
                else:
                    path.unlink()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / LOCK, "a+b") as lock:
            if fcntl is not None:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                if fcntl is not None:
                    fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def _identity(path: Path) -> Optional[Tuple[int, int, int]]:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_ino, info.st_mtime_ns, info.st_size


def _read_index(path: Path) -> Tuple[Optional[str], Dict[str, Entry]]:
    """The pack named by an index and its entries; (None, {}) for a missing or damaged one."""
    try:
        record = json.loads(path.read_bytes())
        pack, raw = record["pack"], record["entries"]
        if not isinstance(pack, str) or not _PACK.fullmatch(pack) or not isinstance(raw, dict):
            return None, {}
        entries: Dict[str, Entry] = {}
        for name, entry in raw.items():
            if (not isinstance(entry, list) or len(entry) != 3
                    or not all(isinstance(x, int) and x >= 0 for x in entry)):
                return None, {}
            if entry[0] >> _OFFSET_BITS or entry[1] >> _LENGTH_BITS or entry[2] >> 32:
                return None, {}
            entries[name] = _entry(entry[0], entry[1], entry[2])
        return pack, entries
    except (OSError, ValueError, KeyError, TypeError):
        return None, {}


def entry_names(folder: Path) -> List[str]:
    """The names an index holds (tests look inside a cache with it)."""
    return sorted(_read_index(Path(folder) / INDEX)[1])
