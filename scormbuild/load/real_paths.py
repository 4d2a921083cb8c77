"""``Path.resolve()`` for the thousands of paths a course names, each folder resolved once.

``Path.resolve()`` runs ``os.path.realpath``, which checks every component of the path with
``lstat``: five or six system calls for each lesson, link and image of a course, and most of
them ask about the same few folders (issue 14 measured path resolution at 6.6 % of a
1000-lesson build). ``RealPaths`` resolves the same way, one component at a time from the root,
but remembers each prefix it has resolved, so a folder shared by many files is checked once.

The answer is the one ``os.path.realpath`` gives (non-strict, as ``Path.resolve()``): a
component that is a symbolic link is resolved by ``os.path.realpath`` itself, ``..`` goes up
from the already resolved prefix (which is what ``realpath`` does), and a component that does
not exist is kept as it is. One instance serves one loading run: the files do not change while
a course is read, and a later run starts afresh. Elsewhere than on POSIX systems (Windows
resolves junctions and drive letters differently) it calls ``Path.resolve()``.
"""

from __future__ import annotations

import difflib
import errno
import os
import stat
from pathlib import Path
from typing import Dict, Optional, Sequence

from scormbuild.course_tree import ignored_folder


class RealPaths:
    def __init__(self) -> None:
        self._known: Dict[str, str] = {}

    def __call__(self, path: Path) -> Path:
        if os.name != "posix" or path.anchor != "/":  # relative, or '//' (realpath: '/')
            return path.resolve()
        current = "/"
        for part in path.parts[1:]:
            if part == "..":
                current = os.path.dirname(current)
                continue
            candidate = os.path.join(current, part)
            real = self._known.get(candidate)
            if real is None:
                try:
                    link = stat.S_ISLNK(os.lstat(candidate).st_mode)
                except (OSError, ValueError):
                    link = False
                real = os.path.realpath(candidate) if link else candidate
                self._known[candidate] = real
            current = real
        return Path(current)


def link_problem(path: Path) -> Optional[str]:
    """Why `path` (as the author named it, before resolving) names no file when the reason is
    a symbolic link: one that loops back on itself, or one whose target does not exist. None
    when no link is to blame (the file simply is not there)."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symbolic link that leads round in a loop (links to links, never a file)"
        if os.path.islink(path):
            return "is a symbolic link whose target does not exist"
    except ValueError:  # a NUL byte: reported by the callers before they get here
        pass
    return None


def unread_reason(target: Path, root: Path, excluded: Sequence[Path] = ()) -> Optional[str]:
    """Why a resolved course file lies where scormbuild reads nothing (scormbuild.course_tree,
    or the build's output folder), for a diagnostic; None when it may be used."""
    for out in excluded:
        if target == out or out in target.parents:
            return "the output folder"
    try:
        parts = target.relative_to(root).parts[:-1]
    except ValueError:
        return None
    for part in parts:
        if ignored_folder(part):
            return f"'{part}/', a folder scormbuild does not read (it skips dot-folders, " \
                   "node_modules and __pycache__)"
    return None


def did_you_mean(missing: Path) -> str:
    """Suggest a file of the same folder with a close name (a typo in a path, or its case)."""
    try:
        names = [p.name for p in missing.parent.iterdir()]
    except OSError:
        return ""
    same_case = [n for n in names if n.lower() == missing.name.lower()]
    # 'intro' for 'intro.md': the name without its extension
    same_stem = [] if missing.suffix else sorted(
        n for n in names if n.rsplit(".", 1)[0].lower() == missing.name.lower() and "." in n)
    close = same_case or same_stem or difflib.get_close_matches(missing.name, names, n=1,
                                                                cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""
