"""Benchmark scormbuild's build against a bare baseline on synthetic courses and the flagship.

    python benchmarks/bench_build.py [--sizes 10,100,1000] [--media-mb 0,200] [--repeat 5]
                                     [--out FILE] [--no-flagship] [--work-dir DIR]

For every course it measures, each run in a fresh Python process:

* scormbuild: ``build(course, out, BuildOptions())``, both editions, zips written;
* baseline: the least work on the same input: every lesson's Markdown rendered by plain
  markdown-it-py (CommonMark + tables), then one zip per edition written by zipfile with those
  pages (deflated, level 6 as scormbuild uses) and the media (stored).

Reported: the median work time of each (imports excluded; the process time and CPU time include
start-up and imports), their ratio, the peak RSS of each process (VmHWM; ``ru_maxrss`` from
``os.wait4`` off Linux) and whether every scormbuild repetition wrote byte-identical zips.
Wall-clock times are only ever compared with the baseline measured in the same run; nothing here
asserts an absolute time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import synthetic_course  # noqa: E402
from floor import work_baseline  # noqa: E402

TARGET_RATIO = 1.5
TARGET_FLAGSHIP_S = 1.0
TARGET_RSS_MB = 100


# -- the measured work, each in its own process ------------------------------------------------
def work_scormbuild(course: Path, out: Path, editions: Sequence[str]) -> Dict[str, object]:
    """Build the editions with scormbuild; return timings and the zips' digests."""
    started = time.perf_counter()
    from scormbuild.build import BuildOptions, build
    from scormbuild.errors import CourseError
    from scormbuild.package.editions import EDITIONS
    imported = time.perf_counter()
    chosen = tuple(e for e in EDITIONS.values() if e.key in editions)
    try:
        result = build(course, out, BuildOptions(editions=chosen), label=str(course))
    except CourseError as exc:
        return {"error": exc.format_message().splitlines()[-1]}
    done = time.perf_counter()
    return {"import_s": imported - started, "work_s": done - imported,
            "zips": {w.path.name: w.sha256 for w in result.written},
            "zip_bytes": sum(w.size for w in result.written)}


def worker(argv: Sequence[str]) -> None:
    kind, course, out, report = argv[0], Path(argv[1]), Path(argv[2]), Path(argv[3])
    if kind == "scormbuild":
        result = work_scormbuild(course, out, argv[4].split(","))
    else:
        result = work_baseline(course, out, argv[4].split(","))
    result["hwm_kb"] = _peak_rss_kb()
    report.write_text(json.dumps(result), encoding="utf-8")


def _peak_rss_kb() -> Optional[int]:
    """VmHWM: the peak RSS of this process's own address space (None off Linux).

    ru_maxrss is not enough on Linux: exec keeps the high-water mark of the address space it
    replaces, so a child started from a big parent inherits the parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


# -- running and measuring the processes -------------------------------------------------------
@dataclass
class Run:
    work_s: float
    process_s: float
    cpu_s: float      # user + system CPU of the whole process (start-up and imports included)
    rss_mb: float
    zip_bytes: int
    zips: Dict[str, str]


def run_once(kind: str, course: Path, scratch: Path, editions: Sequence[str]) -> Run:
    """Run one measurement in a fresh interpreter and collect its times and peak RSS."""
    out = scratch / f"out-{kind}"
    report = scratch / f"{kind}.json"
    shutil.rmtree(out, ignore_errors=True)
    args = [sys.executable, str(Path(__file__).resolve()), "_work", kind, str(course), str(out),
            str(report), ",".join(editions)]
    with open(scratch / f"{kind}.log", "wb") as log:
        started = time.perf_counter()
        child = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{kind} run failed:\n{(scratch / f'{kind}.log').read_text()[-2000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    shutil.rmtree(out, ignore_errors=True)
    if "error" in data:
        raise CourseFailed(data["error"])
    peak_kb = data.get("hwm_kb") or usage.ru_maxrss  # ru_maxrss: KB on Linux
    return Run(work_s=data["work_s"], process_s=elapsed, cpu_s=usage.ru_utime + usage.ru_stime,
               rss_mb=peak_kb / 1024,
               zip_bytes=data["zip_bytes"], zips=data.get("zips", {}))


class CourseFailed(Exception):
    """scormbuild refused the course (it does not check clean)."""


@dataclass
class Row:
    name: str
    lessons: int
    media_mb: int
    ours: List[Run] = field(default_factory=list)
    base: List[Run] = field(default_factory=list)

    def median(self, runs: List[Run], attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in runs)

    @property
    def ratio(self) -> float:
        return self.median(self.ours, "work_s") / self.median(self.base, "work_s")

    @property
    def identical(self) -> bool:
        return len({json.dumps(r.zips, sort_keys=True) for r in self.ours}) == 1

    def cells(self) -> List[str]:
        m = self.median
        return [self.name, str(self.lessons), str(self.media_mb),
                f"{m(self.ours, 'work_s'):.3f}", f"{m(self.ours, 'process_s'):.3f}",
                f"{m(self.ours, 'cpu_s'):.2f}",
                f"{m(self.base, 'work_s'):.3f}", f"{self.ratio:.2f}",
                f"{max(r.rss_mb for r in self.ours):.0f}",
                f"{max(r.rss_mb for r in self.base):.0f}",
                f"{self.ours[0].zip_bytes / 2**20:.1f}", "yes" if self.identical else "NO"]


HEADER = ["course", "lessons", "media MB", "scormbuild s", "scormbuild process s",
          "scormbuild CPU s", "baseline s", "ratio", "scormbuild RSS MB", "baseline RSS MB",
          "zips MB", "identical zips"]


def measure(row: Row, course: Path, scratch: Path, repeat: int, editions: Sequence[str]) -> Row:
    """Alternate scormbuild and baseline runs so that drift in the machine hits both alike."""
    for _ in range(repeat):
        row.ours.append(run_once("scormbuild", course, scratch, editions))
        row.base.append(run_once("baseline", course, scratch, editions))
    return row


def count_lessons(course: Path) -> int:
    return sum(1 for _ in course.rglob("*.md"))


# -- the report --------------------------------------------------------------------------------
def table(rows: Sequence[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join("---" for _ in HEADER) + "|"]
    lines += ["| " + " | ".join(r.cells()) + " |" for r in rows]
    return "\n".join(lines)


def verdicts(rows: Sequence[Row], flagship: Optional[Row], flagship_note: str) -> List[str]:
    synthetic = [r for r in rows if r is not flagship]
    out = []
    if flagship is not None:
        work = flagship.median(flagship.ours, "work_s")
        process = flagship.median(flagship.ours, "process_s")
        ok = process < TARGET_FLAGSHIP_S
        out.append(f"- flagship, both editions: {work:.3f} s build, {process:.3f} s as a process "
                   f"(target < {TARGET_FLAGSHIP_S:.0f} s): {'met' if ok else 'MISSED'}")
    else:
        out.append(f"- flagship: not measured ({flagship_note})")
    slow = [r for r in synthetic if r.ratio > TARGET_RATIO]
    if synthetic:
        out.append(f"- ratio to baseline ≤ {TARGET_RATIO}: "
                   + ("met for every size" if not slow else
                      "MISSED for " + ", ".join(f"{r.name} ({r.ratio:.2f}×)" for r in slow)))
    heavy = [r for r in synthetic if r.media_mb > 0]
    if heavy:
        worst = max(heavy, key=lambda r: max(x.rss_mb for x in r.ours))
        peak = max(x.rss_mb for x in worst.ours)
        growth = []
        for r in heavy:
            bare = [s for s in synthetic if s.lessons == r.lessons and s.media_mb == 0]
            if bare:
                growth.append(max(x.rss_mb for x in r.ours) - max(x.rss_mb for x in bare[0].ours))
        flat = (f"; growth over the same course without media ≤ {max(growth):.0f} MB"
                if growth else "")
        out.append(f"- peak RSS with media < {TARGET_RSS_MB} MB: "
                   f"{'met' if peak < TARGET_RSS_MB else 'MISSED'} (worst {peak:.0f} MB, "
                   f"{worst.name}){flat}")
    if not all(r.identical for r in rows):
        out.append("- WARNING: repeated scormbuild builds wrote different bytes")
    return out


def machine() -> str:
    import platform
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


# -- main --------------------------------------------------------------------------------------
def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ints = lambda text: [int(x) for x in text.split(",") if x.strip()]  # noqa: E731
    parser.add_argument("--sizes", type=ints, default=[10, 100, 1000], help="lessons per course")
    parser.add_argument("--media-mb", type=ints, default=[0, 200], help="megabytes of media")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--out", type=Path, help="also write the Markdown report here")
    parser.add_argument("--flagship", type=Path, default=REPO / "course")
    parser.add_argument("--no-flagship", action="store_true")
    parser.add_argument("--work-dir", type=Path, help="where to generate (default: a temp dir)")
    return parser.parse_args(argv)


def fitting_editions(course: Path, editions: Sequence[str]) -> List[str]:
    """The editions whose suspend_data can hold the course's saved progress: a course of many
    hundred pages is beyond SCORM 1.2's 4096 characters (the build refuses it; docs/tracking.md,
    "Course updates"), so the benchmark builds it for the other editions only."""
    from scormbuild.load.course_loader import load_course
    from scormbuild.package.editions import EDITIONS
    from scormbuild.render import suspend_budget

    loaded, _ = load_course(course, None, False)
    by_key = {e.key: e for e in EDITIONS.values()}
    return [key for key in editions
            if suspend_budget.worst_case_length(loaded, by_key[key].suspend_data_limit)
            <= suspend_budget.budget_of(by_key[key].suspend_data_limit)]


def main(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    from scormbuild.package.editions import DEFAULT_EDITIONS
    editions = [e.key for e in DEFAULT_EDITIONS]
    work = Path(tempfile.mkdtemp(prefix="scormbuild-bench-", dir=args.work_dir))
    started = time.perf_counter()
    load = _load_average()
    rows: List[Row] = []
    flagship: Optional[Row] = None
    note = "--no-flagship given"
    try:
        if not args.no_flagship:
            flagship, note = measure_flagship(args.flagship, work, args.repeat, editions)
            if flagship:
                rows.append(flagship)
        pool = synthetic_course.write_media_pool(work / "pool", max(args.media_mb, default=0))
        for lessons in args.sizes:
            for media_mb in args.media_mb:
                name = f"synthetic-{lessons}" + (f"+{media_mb}MB" if media_mb else "")
                print(f"measuring {name} ...", file=sys.stderr, flush=True)
                course = synthetic_course.generate(work / name, lessons, media_mb, media_pool=pool)
                fit = fitting_editions(course, editions)
                if fit != editions:
                    name += " (" + ", ".join(fit) + " only)"
                rows.append(measure(Row(name, lessons, media_mb), course, work, args.repeat, fit))
                shutil.rmtree(course)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = render_report(rows, flagship, note, args.repeat, time.perf_counter() - started, load)
    print(report)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report + "\n", encoding="utf-8")
    return 0


def measure_flagship(course: Path, work: Path, repeat: int, editions: Sequence[str]):
    if not (course / "course.yaml").is_file():
        return None, f"no course at {course}"
    print(f"measuring flagship {course} ...", file=sys.stderr, flush=True)
    row = Row("flagship", count_lessons(course), 0)
    try:
        return measure(row, course, work, repeat, editions), ""
    except CourseFailed as exc:
        return None, f"it does not check clean yet: {exc}"


def _load_average() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "?"


def render_report(rows: Sequence[Row], flagship: Optional[Row], note: str, repeat: int,
                  total_s: float, load: str) -> str:
    return "\n".join([
        f"Machine: {machine()}",
        f"Median of {repeat} runs, each in a fresh process; benchmark took {total_s:.0f} s; "
        f"1-minute load average {load} at the start, {_load_average()} at the end "
        "(other work on the machine inflates the wall-clock columns).",
        "", table(rows), "", "Targets:", *verdicts(rows, flagship, note)])


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_work":
        worker(sys.argv[2:])
    else:
        sys.exit(main(sys.argv[1:]))
