"""Notice saves in the course folder by polling file sizes and modification times.

The standard library only: a course folder holds tens to a few thousand files, so one scan
takes milliseconds, and polling works where file-system events do not (network drives,
folders shared into containers or virtual machines, editors that replace files on save).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable, Dict, Optional

from scormbuild.stamp import FileState, scan_tree

INTERVAL = 0.1  # seconds between scans: a save is seen within this, plus the rebuild


def watch(root: Path, on_change: Callable[[Dict[str, FileState]], None], stop: threading.Event,
          interval: float = INTERVAL, initial: Optional[Dict[str, FileState]] = None) -> None:
    """Call on_change(tree) after each change, once the folder has stopped changing.

    initial is the state the caller last built from, so that a save made while the watcher
    starts is not missed.
    """
    last = initial if initial is not None else scan_tree(root)
    while not stop.wait(interval):
        now = scan_tree(root)
        if now == last:
            continue
        while not stop.wait(interval / 2):  # an editor may write a file in several steps
            settled = scan_tree(root)
            if settled == now:
                break
            now = settled
        last = now
        on_change(now)
