"""Peak memory of `check` and `build` on a course with one very long lesson.

    python benchmarks/bench_big_lesson.py [--mb 20] [--work-dir DIR]

Generates the 3-lesson synthetic course (benchmarks/synthetic_course.py) and makes its first
lesson about --mb megabytes long by appending more synthetic lesson bodies (headings, lists,
tables, callouts, citations, links, figures), then runs `check` and `build` (both default
editions) each in a fresh Python process and reports the peak RSS (VmHWM) and the CPU time of
that process, imports included. Nothing is asserted: docs/performance.md quotes the figures.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, Sequence

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import synthetic_course  # noqa: E402
from bench_build import _peak_rss_kb  # noqa: E402


def make_course(root: Path, megabytes: float, seed: int = 3) -> Path:
    """The synthetic 3-lesson course with its first lesson grown to about megabytes MB."""
    synthetic_course.generate(root, 3)
    lesson = root / "modules" / "m001" / "l01.md"
    _, front, body = lesson.read_text(encoding="utf-8").split("---\n", 2)
    rng = random.Random(seed)
    parts, size, n = [body], len(body), 0
    while size < megabytes * 1024 * 1024:
        more = synthetic_course._lesson_md(rng, 1, 1, 3, 1, n % 3, 9, []).split("---\n", 2)[2]
        parts.append(more)
        size, n = size + len(more) + 1, n + 1
    lesson.write_text(f"---\n{front}---\n" + "\n".join(parts), encoding="utf-8")
    return lesson


def worker(command: str, course: Path, out: Path, report: Path) -> None:
    """Run one command in this (fresh) process and write its figures to report."""
    from scormbuild.build import BuildOptions, build, check
    if command == "check":
        check(course, BuildOptions(), str(course))
    else:
        build(course, out, BuildOptions(), str(course))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    report.write_text(json.dumps({"hwm_kb": _peak_rss_kb(),
                                  "cpu_s": usage.ru_utime + usage.ru_stime}), encoding="utf-8")


def measure(command: str, course: Path, scratch: Path) -> Dict[str, float]:
    report = scratch / f"{command}.json"
    subprocess.run([sys.executable, __file__, "--worker", command, str(course),
                    str(scratch / "dist"), str(report)], check=True, cwd=REPO)
    return json.loads(report.read_text(encoding="utf-8"))


def main(argv: Sequence[str]) -> int:
    if argv and argv[0] == "--worker":
        worker(argv[1], Path(argv[2]), Path(argv[3]), Path(argv[4]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="size of the long lesson")
    parser.add_argument("--work-dir", type=Path, help="keep the generated course here")
    args = parser.parse_args(argv)
    scratch = args.work_dir or Path(tempfile.mkdtemp(prefix="bench-big-lesson-"))
    lesson = make_course(scratch / "course", args.mb)
    size_mb = lesson.stat().st_size / 1024 / 1024
    print(f"lesson: {size_mb:.1f} MB of Markdown ({lesson.relative_to(scratch)})")
    print("| command | peak RSS MB | RSS / lesson size | CPU s |")
    print("|---|---|---|---|")
    for command in ("check", "build"):
        figures = measure(command, scratch / "course", scratch)
        rss_mb = figures["hwm_kb"] / 1024
        print(f"| {command} | {rss_mb:.0f} | {rss_mb / size_mb:.1f}× | {figures['cpu_s']:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
