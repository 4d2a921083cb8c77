"""One preview session: the course rebuilt in memory, each result numbered for the page."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Optional, Tuple

from scormbuild.build import BuildOptions, check
from scormbuild.cache import BuildCache
from scormbuild.errors import CourseError, Diagnostic, ScormbuildError
from scormbuild.package.editions import Edition
from scormbuild.package.entries import Entry
from scormbuild.stamp import FileState, listing_digest, scan_tree


@dataclass(frozen=True)
class Snapshot:
    """The outcome of one build: the packages' files, or what is wrong."""

    generation: int
    packages: Dict[str, Dict[str, Entry]] = field(default_factory=dict)  # edition key -> path
    diagnostics: Tuple[Diagnostic, ...] = ()
    error: str = ""           # the failure summary; "" when the build succeeded
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return bool(self.error)

    def report(self) -> str:
        """What the terminal shows after this build."""
        lines = [str(d) for d in self.diagnostics]
        lines.append(self.error or f"rebuilt in {self.seconds:.2f} s")
        return "\n".join(lines)


class PreviewSession:
    """Rebuilds on request; the server reads the latest snapshot from any thread."""

    def __init__(self, course: Path, label: str, editions: Tuple[Edition, ...]):
        self.course = course
        self.label = label
        self.editions = editions
        self.cache = BuildCache()  # in memory: after a one-lesson edit only it is rendered again
        self._lock = threading.Lock()
        self._built = threading.Condition()
        self.snapshot = Snapshot(generation=0, error="not built yet")

    def rebuild(self, tree: Optional[Dict[str, FileState]] = None) -> Snapshot:
        with self._lock:
            listing = listing_digest(tree if tree is not None else scan_tree(self.course))
            started = time.perf_counter()
            generation = self.snapshot.generation + 1
            try:
                result = check(self.course, BuildOptions(editions=self.editions), self.label,
                               cache=self.cache, listing=listing)
            except CourseError as exc:
                new = Snapshot(generation, diagnostics=tuple(exc.diagnostics), error=exc.summary())
            except ScormbuildError as exc:
                new = Snapshot(generation, error=exc.format_message())
            else:
                packages = {key: {e.path: e for e in entries}
                            for key, entries in result.packages.items()}
                new = Snapshot(generation, packages, tuple(result.diagnostics),
                               seconds=time.perf_counter() - started)
            with self._built:
                self.snapshot = new
                self._built.notify_all()
            return new

    def wait_newer(self, generation: int, timeout: float) -> Snapshot:
        """The latest snapshot once it is newer than generation, or at the timeout."""
        with self._built:
            self._built.wait_for(lambda: self.snapshot.generation != generation, timeout)
            return self.snapshot
