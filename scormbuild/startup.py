"""Garbage collection while one command line runs (issue 14: start-up).

Importing the build's libraries leaves about 40,000 objects the collector tracks (classes,
functions, pydantic validators, compiled patterns), alive until the process ends. CPython's
collector runs a young collection every 700 new container objects and, every tenth and
hundredth time, older ones that walk what survived, imports included. Raising the young
threshold while importing and freezing what the imports left took a flagship build from 2.61 to
2.51 G instructions (3.5 %, callgrind, 2026-12-03).

The launcher (one command line per process) calls ``one_command()`` before anything is imported:
young collections become rarer while the libraries load (``START_THRESHOLD``: the collector still
runs, so any command that never calls ``imports_done()`` keeps collecting). Once a command has
imported what it needs, ``imports_done()`` moves every object alive then into the collector's
permanent generation (``gc.freeze()``: never walked again, never freed, which is what they are)
and restores the thresholds. It acts once per process, and only after ``one_command()``: a
program that imports scormbuild as a library, or a preview server that checks a course many
times, is never frozen again and again.
"""

from __future__ import annotations

import gc
from typing import Optional, Tuple

START_THRESHOLD = 50_000  # new container objects between young collections while importing

_restore: Optional[Tuple[int, int, int]] = None


def one_command() -> None:
    """This process runs one command line (the launcher): collect less while it imports."""
    global _restore
    if _restore is None:
        _restore = gc.get_threshold()
        gc.set_threshold(START_THRESHOLD, _restore[1], _restore[2])


def imports_done() -> None:
    """The command has imported what it needs: freeze what is alive, collect as usual again."""
    global _restore
    if _restore is not None:
        gc.freeze()
        gc.set_threshold(*_restore)
        _restore = None
