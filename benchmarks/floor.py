"""The least work a build of a course needs (issue 14's "bare floor"), as its own small program.

Every lesson's Markdown rendered by plain markdown-it-py (CommonMark with tables: no plugins, no
checks, no templates), then one zip per edition written by Python's zipfile holding those pages
(deflated, level 6, as scormbuild) and the media (stored)::

    python benchmarks/floor.py COURSE OUT scorm12,scorm2004

It imports only what that work needs, so that a whole process of it (start-up and imports
included) is the floor a whole ``scormbuild build`` process is compared with.
``bench_build.py`` times the work alone, imports excluded.
"""

from __future__ import annotations

import sys
import time
import zipfile
from pathlib import Path
from typing import Dict, Sequence


def work_baseline(course: Path, out: Path, editions: Sequence[str]) -> Dict[str, object]:
    """Render the lessons with plain markdown-it-py and zip pages and media once per edition."""
    started = time.perf_counter()
    from markdown_it import MarkdownIt
    imported = time.perf_counter()
    md = MarkdownIt("commonmark").enable("table")
    pages = {}
    for path in sorted(course.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
        pages[f"pages/{path.parent.name}-{path.stem}.html"] = md.render(body).encode("utf-8")
    media = sorted(p for p in (course / "media").rglob("*") if p.is_file())
    out.mkdir(parents=True, exist_ok=True)
    size = 0
    for edition in editions:
        target = out / f"baseline-{edition}.zip"
        with zipfile.ZipFile(target, "w") as archive:
            for name, data in pages.items():
                archive.writestr(name, data, zipfile.ZIP_DEFLATED, 6)
            for path in media:
                archive.write(path, path.relative_to(course).as_posix(), zipfile.ZIP_STORED)
        size += target.stat().st_size
    done = time.perf_counter()
    return {"import_s": imported - started, "work_s": done - imported, "zip_bytes": size}


if __name__ == "__main__":
    work_baseline(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3].split(","))
