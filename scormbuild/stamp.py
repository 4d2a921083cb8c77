"""The build stamp: what the last build of a course read and wrote, so an unchanged one is skipped.

A stamp is a JSON file beside the zips (``<out>/.scormbuild-<course key>.json``) holding a digest
of every input: every file of the course folder (path, size, modification time and content
digest), the build options, ``SOURCE_DATE_EPOCH``, the scormbuild version and its own code and
templates. It also lists the zips it wrote (name, size, modification time, SHA-256) and the
warnings the build printed, so a skipped build reports the same.

A build is skipped only when every input is unchanged and every zip is still there with the
size and modification time recorded (a zip replaced or edited by hand gets a new time). A file
whose size, modification time, change time and inode are unchanged is taken as unchanged
without reading it (as git does: the change time and inode catch a file replaced by one of the
same size with its old modification time put back, as ``cp -p``, ``rsync -t`` and ``tar x``
do); any other is read and compared by content, so a touch costs a read, not a build. Content
digests are SHA-256 for files up to 1 MiB and, for bigger files (media), the CRC-32 the zip
needs anyway, so a full build reads media once (the zip writer checks that CRC against the
bytes it copies: ``zip_writer.ChangedSource``). A digest is taken from a file only if its state
is still the one scanned; a file that changed during the build is recorded as changed, so the
next build builds again.

Symbolic links inside the course are followed (a loop is walked once), and where a link leads is
part of a file's state: the loader packages the file a link resolves to. Folders the loader
never reads (``course_tree``: dot-folders such as ``.git``, ``node_modules``) and the output folder
are left out, here and in the loader alike. So are named pipes, sockets and devices (reading a
pipe waits for a writer): the loader reports one only if the course uses it. A file that cannot
be read gets a digest no content has, so an unused unreadable file never stops a build, and
file names need not be UTF-8 (they are hashed as the bytes the file system holds).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import stat
import sys
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

from scormbuild import __version__
from scormbuild.course_tree import ignored_folder

STAMP_FORMAT = 2
SMALL_FILE = 1024 * 1024          # up to this size a file's digest is its SHA-256
RACY_NS = 2_000_000_000           # a file modified this close to the stamp is always read
CHANGED = "changed-during-build"  # a digest no file has: the next build reads and rebuilds
UNREADABLE = "unreadable"         # a digest no file has: read again once its state changes
CHUNK = 1024 * 1024

# Libraries whose upgrade can change the output (their files are part of the fingerprint).
LIBRARIES = ("markdown_it", "mdit_py_plugins", "jinja2", "markupsafe", "yaml", "pydantic",
             "pydantic_core")

# size, modification time (ns), change time (ns), inode, and where a symbolic link leads ("" for
# a file reached without one: a real path relative to the course folder, else absolute)
FileState = Tuple[int, int, int, int, str]


def course_key(root: Path) -> str:
    """Names a course's stamp and cache folder: several courses may share one output folder."""
    return hashlib.sha256(os.fsencode(root.resolve())).hexdigest()[:16]


def stamp_path(out_dir: Path, root: Path) -> Path:
    return out_dir / f".scormbuild-{course_key(root)}.json"


def output_folders_inside(root: Path) -> List[Path]:
    """The folders inside a course folder that hold a build of that course (its stamp): what a
    `check` leaves out, as the build leaves out its --out folder."""
    from scormbuild.course_tree import ignored_folder

    name = stamp_path(Path(), root).name
    found: List[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not ignored_folder(d))
        if name in files and Path(folder) != root:
            found.append(Path(folder))
    return found


def scan_tree(root: Path, exclude: Iterable[Path] = ()) -> Dict[str, FileState]:
    """The state of every file below root that the loader may read (see the module docstring)."""
    skip = {os.path.realpath(p) for p in exclude}
    base = os.path.realpath(root)
    found: Dict[str, FileState] = {}

    def walk(folder: str, rel: str, ancestors: Tuple[Tuple[int, int], ...], linked: bool) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            name = rel + entry.name
            try:
                info = os.stat(entry.path)  # follows links; a dangling one: the loader reports it
            except OSError:
                continue
            through = linked or entry.is_symlink()
            if stat.S_ISDIR(info.st_mode):
                key = (info.st_dev, info.st_ino)
                if ignored_folder(entry.name) or key in ancestors or \
                        os.path.realpath(entry.path) in skip:
                    continue
                walk(entry.path, name + "/", ancestors + (key,), through)
                continue
            if not stat.S_ISREG(info.st_mode):
                continue  # a named pipe or socket: reading it would wait or fail; never packaged
            target = ""
            if through:
                real = os.path.realpath(entry.path)
                inside = os.path.relpath(real, base).replace(os.sep, "/")
                target = real if inside.startswith("../") else inside
            found[name] = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, target)

    try:
        top = os.stat(base)
    except OSError:
        return found
    walk(base, "", ((top.st_dev, top.st_ino),), False)
    return found


def listing_digest(tree: Dict[str, FileState]) -> str:
    """Which files exist and where links lead (not their content): links and images are checked
    against this, and a lesson names the file a link resolves to."""
    text = "\n".join(f"{rel}\t{tree[rel][4]}" for rel in sorted(tree))
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()  # any file name


def file_digest(path: Path) -> str:
    """SHA-256 of a small file; of a big one, size and CRC-32 (see the module docstring)."""
    size = path.stat().st_size
    if size <= SMALL_FILE:
        return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    crc = 0
    with open(path, "rb") as src:
        for block in iter(lambda: src.read(CHUNK), b""):
            crc = zlib.crc32(block, crc)
    return f"crc32:{crc:08x}"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """scormbuild's version, its code and templates and the libraries (by file size and time)."""
    from scormbuild.resources import manifests_dir, targets_dir, templates_dir

    package = Path(__file__).resolve().parent
    parts: List[Any] = [__version__, sys.version_info[:2]]
    for folder in (package, templates_dir(), manifests_dir(), targets_dir()):
        parts.append([str(folder), sorted(scan_tree(folder).items())])
    for name in LIBRARIES:  # found, not imported; installing a version rewrites its files
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin is not None:
            info = os.stat(spec.origin)
            parts.append([spec.origin, info.st_size, info.st_mtime_ns])
    return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()


class FileDigests:
    """Content digests of the course's files, read only when the stamp cannot vouch for them."""

    def __init__(self, root: Path, tree: Dict[str, FileState], previous: Optional["Stamp"]):
        self.root = root.resolve()
        self.tree = tree
        self._known: Dict[str, str] = {}
        if previous is not None:
            for rel, record in previous.files.items():
                state, digest = tuple(record[:5]), record[5]
                fresh = max(state[1], state[2]) < previous.taken_ns - RACY_NS
                if fresh and tree.get(rel) == state:
                    self._known[rel] = digest

    def digest(self, rel: str) -> str:
        if rel not in self._known:
            path = self.root / rel
            try:
                value = file_digest(path)
            except OSError:
                value = UNREADABLE  # the loader reports it if the course uses the file
            if rel in self.tree and not self._as_scanned(path, self.tree[rel]):
                value = CHANGED  # what the build read may not be what was just hashed
            self._known[rel] = value
        return self._known[rel]

    @staticmethod
    def _as_scanned(path: Path, state: FileState) -> bool:
        try:
            info = os.stat(path)
        except OSError:
            return False
        return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino) == state[:4]

    def crc(self, path: Path) -> int:
        """The CRC-32 of a big file, computed at most once per build (the zip writer needs it)."""
        try:
            rel: Optional[str] = path.resolve().relative_to(self.root).as_posix()
        except ValueError:  # a built-in static file or an official schema
            rel = None
        digest = self.digest(rel) if rel is not None and rel in self.tree else file_digest(path)
        if digest.startswith("crc32:"):  # checked against the bytes copied (zip_writer)
            return int(digest[6:], 16)
        crc = 0
        with open(path, "rb") as src:
            for block in iter(lambda: src.read(CHUNK), b""):
                crc = zlib.crc32(block, crc)
        return crc

    def all(self) -> Dict[str, List[Any]]:
        return {rel: [*state, self.digest(rel)] for rel, state in self.tree.items()}


@dataclass(frozen=True)
class Output:
    name: str
    size: int
    mtime_ns: int
    sha256: str
    entries: int

    def intact(self, out_dir: Path) -> bool:
        try:
            info = (out_dir / self.name).stat()
        except OSError:
            return False
        return (info.st_size, info.st_mtime_ns) == (self.size, self.mtime_ns)


@dataclass(frozen=True)
class Stamp:
    settings: str                       # digest of options, environment and code
    taken_ns: int                       # when the inputs were scanned
    files: Dict[str, List[Any]]         # path -> [size, mtime_ns, digest]
    outputs: List[Output] = field(default_factory=list)
    course: Dict[str, Any] = field(default_factory=dict)       # id, title, version, counts
    diagnostics: List[Dict[str, Any]] = field(default_factory=list)

    def up_to_date(self, settings: str, digests: FileDigests, out_dir: Path) -> bool:
        """Same settings, same files (by state, else by content) and every zip intact."""
        if settings != self.settings or set(self.files) != set(digests.tree):
            return False
        if not self.outputs or not all(o.intact(out_dir) for o in self.outputs):
            return False
        return all(digests.digest(rel) == record[5] for rel, record in self.files.items())

    def to_json(self) -> str:
        data = {"format": STAMP_FORMAT, "settings": self.settings, "taken_ns": self.taken_ns,
                "course": self.course, "diagnostics": self.diagnostics,
                "outputs": [o.__dict__ for o in self.outputs], "files": self.files}
        return json.dumps(data, indent=1, sort_keys=True)


def settings_digest(options: Dict[str, Any]) -> str:
    """Options, code and the environment a build reads: SOURCE_DATE_EPOCH and every SCORMBUILD_
    variable (the size limits of load.limits among them)."""
    env = sorted((k, v) for k, v in os.environ.items() if k.startswith("SCORMBUILD_"))
    parts = [code_fingerprint(), os.environ.get("SOURCE_DATE_EPOCH", ""), env, options]
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def read_stamp(path: Path) -> Optional[Stamp]:
    """The stamp of the last build, or None when there is none usable (then: build)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != STAMP_FORMAT:
            return None
        stamp = Stamp(settings=str(data["settings"]), taken_ns=int(data["taken_ns"]),
                      files={str(k): list(v) for k, v in data["files"].items()},
                      outputs=[Output(**o) for o in data["outputs"]],
                      course=dict(data["course"]), diagnostics=list(data["diagnostics"]))
        return stamp if _well_formed(stamp) else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # "[]", a hand edit
        return None


def _well_formed(stamp: Stamp) -> bool:
    """Every value of the right type, so that no hand edit can make a build fail."""
    files = all(len(r) == 6 and all(type(x) is int for x in r[:4])
                and isinstance(r[4], str) and isinstance(r[5], str) for r in stamp.files.values())
    outputs = all(isinstance(o.name, str) and isinstance(o.sha256, str) and type(o.size) is int
                  and type(o.mtime_ns) is int and type(o.entries) is int for o in stamp.outputs)
    found = all(isinstance(d, dict) and isinstance(d.get("path"), str)
                and isinstance(d.get("message"), str) and isinstance(d.get("severity"), str)
                and all(d.get(k) is None or type(d.get(k)) is int for k in ("line", "col"))
                for d in stamp.diagnostics)
    return files and outputs and found


def write_stamp(path: Path, stamp: Stamp) -> None:
    """Write atomically; a stamp that cannot be written only costs the next build its skip."""
    temp = path.with_name(path.name + ".tmp")
    try:
        temp.write_text(stamp.to_json(), encoding="utf-8")
        os.replace(temp, path)
    except OSError:
        temp.unlink(missing_ok=True)
