"""Compiled Jinja templates, kept so that a build compiles each template at most once.

Compiling scormbuild's built-in templates costs more than rendering a small course (about
0.05–0.1 s on the machine of docs/performance.md, a tenth of a flagship build). Three places
keep the compiled code, asked in this order:

1. memory, for the life of the process: `scormbuild preview` builds again on every save;
2. the build cache (OUT/.scormbuild-cache, kind ``templates``), when the build has one;
3. for the built-in templates only (the page and manifest templates shipped with scormbuild),
   ``scormbuild/__pycache__/template-<key>.bin``, the way Python keeps a module's bytecode
   beside it: so a first build, a ``--no-cache`` build and a build into a new output folder do
   not compile them again. A course's own templates never go there (they belong to the
   course, not to the installation).

Jinja stores the template source's checksum and its own bytecode version with each entry and
compiles again when either differs, so an edited template is never served stale. What Jinja
does not check is the environment that compiled the code (its options come from scormbuild's
code) and the compiled code itself, which a damaged file could change without making it
unloadable: an installed entry starts with the digest of scormbuild's code and libraries
(``stamp.code_fingerprint``) and the SHA-256 of the code it holds, and anything that does not
match is compiled again and rewritten. As for bytecode, nothing is written where Python writes
none (``-B``, ``PYTHONDONTWRITEBYTECODE``) or the folder is read-only.

Jinja names an entry after the template's name and path, so an installation that moved or was
upgraded finds none of its old entries and writes new ones: whenever an entry is written, the
entries of any other code (another digest at their start: other files, another place, another
version) are removed, so the folder holds one installation's templates, not every one's.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
from typing import TYPE_CHECKING, Dict, Optional, Sequence, Set

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from scormbuild.help_cache import FOLDER

if TYPE_CHECKING:
    from scormbuild.cache import BuildCache

PREFIX = "template-"


def installed_path(key: str) -> str:
    return os.path.join(FOLDER, f"{PREFIX}{key}.bin")


def _mark() -> bytes:
    from scormbuild.stamp import code_fingerprint

    return bytes.fromhex(code_fingerprint())


def load_installed(key: str) -> Optional[bytes]:
    """The compiled code kept for a built-in template, if it is intact and this code's."""
    try:
        with open(installed_path(key), "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    if data[:32] != _mark() or hashlib.sha256(data[64:]).digest() != data[32:64]:
        return None
    return data[64:]


def keep_installed(key: str, code: bytes) -> None:
    """Write a built-in template's compiled code beside scormbuild's bytecode, atomically."""
    if sys.dont_write_bytecode:
        return
    temp = None
    try:
        os.makedirs(FOLDER, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=FOLDER, prefix=f".{PREFIX}")
        with os.fdopen(handle, "wb") as out:
            out.write(_mark() + hashlib.sha256(code).digest() + code)
        os.replace(temp, installed_path(key))
        temp = None
        _remove_others(_mark())
    except OSError:
        pass  # a read-only installation: compile again next time, as Python does
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def _remove_others(mark: bytes) -> None:
    """Remove the kept templates of other code (see the module docstring): stale for good."""
    with os.scandir(FOLDER) as found:
        names = [e.name for e in found if e.name.startswith(PREFIX) and e.name.endswith(".bin")]
    for name in names:
        path = os.path.join(FOLDER, name)
        with contextlib.suppress(OSError):
            with open(path, "rb") as handle:
                stale = handle.read(len(mark)) != mark
            if stale:
                os.unlink(path)


class CompiledTemplates(BytecodeCache):
    """Jinja's bytecode cache over the three places of the module docstring.

    `builtin` lists the folders of scormbuild's own templates: only templates read from there
    are kept with the installation.
    """

    def __init__(self, memory: Dict[str, bytes], builtin: Sequence[str],
                 store: Optional[BuildCache] = None):
        self._memory = memory
        self._roots = tuple(os.path.join(os.path.abspath(r), "") for r in builtin)
        self._builtin: Set[str] = set()
        # an in-memory BuildCache (preview) would only repeat what memory holds
        self._store = store if store is not None and store.folder is not None else None

    def get_cache_key(self, name: str, filename: Optional[str] = None) -> str:
        key = super().get_cache_key(name, filename)
        if filename is not None and os.path.abspath(filename).startswith(self._roots):
            self._builtin.add(key)
        return key

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self._store.compiled(bucket.key) if self._store is not None else None
        if data is None:
            data = self._memory.get(bucket.key)
            if data is None and bucket.key in self._builtin:
                data = load_installed(bucket.key)
            if data is not None and self._store is not None:
                self._store.keep_compiled(bucket.key, data)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Called by Jinja after it compiled a template (no entry, or a stale one)."""
        data = bucket.bytecode_to_string()
        self._memory[bucket.key] = data
        if self._store is not None:
            self._store.keep_compiled(bucket.key, data)
        if bucket.key in self._builtin:
            keep_installed(bucket.key, data)
