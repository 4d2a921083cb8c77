"""Measure issue 14's targets, each as a ratio to a reference measured in the same run.

    python benchmarks/bench_targets.py [--size 1000] [--media-mb 200] [--memory-sizes 1000,5000]
                                       [--repeat 3] [--out FILE] [--instructions]

Every figure is the wall time (or peak memory) of a fresh ``python -m scormbuild`` process, as a
user waits for it (with Python's bytecode cache, warmed by one unmeasured build); measurements of
different kinds alternate within each repetition so that drift on the machine hits them alike,
and each is the median of --repeat runs.

* start-up: ``--version`` and ``--help`` against ``python -c pass`` (``--help`` after a first,
  unmeasured one, as a user meets it: scormbuild.help_cache keeps the text then);
* flagship: ``build course --no-cache`` (both editions) against ``python -c pass``, and for
  information (no target) a build of a copy of it after one lesson is edited, with the cache,
  and the flagship against its own floor as a whole process (``floor.py``: markdown-it and
  zipfile, imports included), the ratio docs/performance.md proposes as the target instead;
* rebuilds: on a synthetic course of --size lessons (in the default editions that can hold its
  progress: SCORM 2004 only at 1000 lessons), without and with --media-mb of media: a
  rebuild with nothing changed, and (without media) a rebuild after editing one lesson, each
  against a full build (``--no-cache``) of the same course;
* memory: peak RSS of a full build at each of --memory-sizes lessons (SCORM 2004 only: SCORM 1.2's
  4096-character suspend_data cannot track more than about 350 pages) and the growth per lesson.

With --instructions, each of those commands (memory aside) also runs once under valgrind's
callgrind, which counts the instructions the process executes in user space: the same count on
every run whatever else the machine is doing, where wall times on a shared 2-CPU machine move
by ±30%. The kernel's work (system calls, reading files) is not counted, so the wall-clock
table stays the verdict; the instruction table says whether a change moved the work.

Nothing here is asserted by a test; docs/performance.md records a run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import synthetic_course  # noqa: E402

TARGETS = {"version": 0.10, "help": 0.10, "flagship": 0.25}   # seconds, issue 14
NOOP_SHARE, EDIT_SHARE, PEAK_MB = 0.10, 0.35, 100


def child_environment() -> Dict[str, str]:
    """As a user runs scormbuild: with Python's bytecode cache. PYTHONDONTWRITEBYTECODE (set on
    some CI and container images) would make every process compile scormbuild's modules again."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run(args: Sequence[str], cwd: Path = REPO) -> Tuple[float, float]:
    """Wall seconds and peak RSS (MB, ru_maxrss) of one fresh process; fail loudly."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, *args], cwd=cwd, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, env=child_environment())
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {child.stderr.read().decode()[-2000:]}"
                           if child.stderr else f"{args} failed")
    return elapsed, usage.ru_maxrss / 1024


def instructions(args: Sequence[str], cwd: Path = REPO) -> int:
    """User-space instructions of one fresh process, counted by callgrind; fail loudly."""
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                           sys.executable, *args], cwd=cwd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, env=child_environment(), check=False)
    found = re.search(rb"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"callgrind {' '.join(args)} failed: {done.stderr.decode()[-2000:]}")
    return int(found.group(1))


def count_instructions(flagship: Path, course: Path, work: Path) -> Dict[str, int]:
    """Each measured command once under callgrind (after the timed runs: caches are warm)."""
    found = {"pass": instructions(["-c", "pass"]),
             "version": instructions(scormbuild("--version")),
             "help": instructions(scormbuild("--help")),
             "flagship": instructions(scormbuild("build", str(flagship), "--out",
                                                 str(work / "flagship"), "--no-cache", "--quiet")),
             "floor": instructions(floor_command(flagship, work))}
    copy = work / "flagship-copy"
    with open(sorted(copy.glob("modules/*/*.md"))[0], "a", encoding="utf-8") as handle:
        handle.write("\nEdited for callgrind.\n")
    found["flagship-edit"] = instructions(scormbuild("build", str(copy), "--out",
                                                     str(work / "flagship-copy-out"), "--quiet"))
    build = scormbuild("build", str(course), "--out", str(work / "bare-out"), "--quiet",
                       *edition_options(course))
    found["full"] = instructions(build + ["--no-cache"])
    found["noop"] = instructions(build)
    lesson = sorted(course.rglob("*.md"))[len(list(course.rglob("*.md"))) // 2]
    with open(lesson, "a", encoding="utf-8") as handle:
        handle.write("\nEdited for callgrind.\n")
    found["edit"] = instructions(build)
    return found


def instruction_report(counts: Dict[str, int], size: int) -> str:
    floor = counts["pass"]
    lines = ["", "Instructions (callgrind, user space, one run each):", "",
             "| measurement | instructions | reference | reference instructions | ratio |",
             "|---|---|---|---|---|"]
    for key, name in (("version", "version"), ("help", "help"), ("flagship", "flagship"),
                      ("flagship-edit", "flagship, one lesson edited (with the cache)")):
        lines.append(f"| {name} | {counts[key]:,} | python -c pass | {floor:,} | "
                     f"{counts[key] / floor:.2f} |")
    lines.append(f"| flagship | {counts['flagship']:,} | its floor (markdown-it + zipfile) | "
                 f"{counts['floor']:,} | {counts['flagship'] / counts['floor']:.2f} |")
    for key, name in (("noop", "nothing changed"), ("edit", "one lesson edited")):
        lines.append(f"| {size} lessons, {name} | {counts[key]:,} | full build | "
                     f"{counts['full']:,} | {counts[key] / counts['full']:.3f} |")
    return "\n".join(lines)


def scormbuild(*args: str) -> List[str]:
    return ["-m", "scormbuild", *args]


def median(samples: Dict[str, List[float]], key: str) -> float:
    return statistics.median(samples[key])


def measure_startup(repeat: int, flagship: Path, work: Path) -> Dict[str, List[float]]:
    samples: Dict[str, List[float]] = {k: [] for k in ("pass", "version", "help", "flagship",
                                                       "flagship-edit", "floor")}
    run(scormbuild("build", str(flagship), "--out", str(work / "flagship"), "--quiet"))  # warm-up
    run(scormbuild("--help"))  # as a user's first --help: the help text is kept after it
    copy = work / "flagship-copy"   # edited below: the checkout's course is left alone
    shutil.copytree(flagship, copy)
    edited = sorted(copy.glob("modules/*/*.md"))[0]  # a lesson
    edit_build = scormbuild("build", str(copy), "--out", str(work / "flagship-copy-out"), "--quiet")
    run(edit_build)  # fills its cache
    for n in range(repeat):
        samples["pass"].append(run(["-c", "pass"])[0])
        samples["version"].append(run(scormbuild("--version"))[0])
        samples["help"].append(run(scormbuild("--help"))[0])
        samples["flagship"].append(run(scormbuild("build", str(flagship), "--out",
                                                  str(work / "flagship"), "--no-cache",
                                                  "--quiet"))[0])
        with open(edited, "a", encoding="utf-8") as handle:
            handle.write(f"\nEdited for run {n}.\n")
        samples["flagship-edit"].append(run(edit_build)[0])
        samples["floor"].append(run(floor_command(flagship, work))[0])
    return samples


def floor_command(course: Path, work: Path) -> List[str]:
    """The issue's bare floor as a whole process: markdown-it and zipfile, both editions."""
    return [str(HERE / "floor.py"), str(course), str(work / "floor-out"), "scorm12,scorm2004"]


def edition_options(course: Path) -> List[str]:
    """--edition for each default edition whose suspend_data holds the course's progress (a
    1000-lesson course is beyond SCORM 1.2's: the build refuses it)."""
    from bench_build import fitting_editions
    from scormbuild.package.editions import DEFAULT_EDITIONS, EDITIONS

    names = {e.key: e.name for e in EDITIONS.values()}
    fit = fitting_editions(course, [e.key for e in DEFAULT_EDITIONS])
    return [option for key in fit for option in ("--edition", names[key])]


def measure_rebuilds(course: Path, out: Path, repeat: int, edit: bool) -> Dict[str, List[float]]:
    samples: Dict[str, List[float]] = {"full": [], "noop": [], "edit": []}
    build = scormbuild("build", str(course), "--out", str(out), "--quiet", *edition_options(course))
    run(build)  # fills the cache
    lesson = sorted(course.rglob("*.md"))[len(list(course.rglob("*.md"))) // 2]
    for n in range(repeat):
        samples["full"].append(run(build + ["--no-cache"])[0])
        samples["noop"].append(run(build)[0])
        if edit:
            with open(lesson, "a", encoding="utf-8") as handle:
                handle.write(f"\nEdited for run {n}.\n")
            samples["edit"].append(run(build)[0])
    return samples


def measure_memory(sizes: Sequence[int], work: Path) -> List[Tuple[int, float]]:
    found = []
    for lessons in sizes:
        course = synthetic_course.generate(work / f"memory-{lessons}", lessons, 0)
        _, peak = run(scormbuild("build", str(course), "--out", str(work / f"memory-out-{lessons}"),
                                 "--edition", "2004", "--no-cache", "--quiet"))
        found.append((lessons, peak))
        shutil.rmtree(course)
    return found


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(start: Dict[str, List[float]], bare: Dict[str, List[float]], media: Dict[str, List[float]],
           memory: List[Tuple[int, float]], args: argparse.Namespace) -> str:
    floor = median(start, "pass")
    lines = [f"Machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
             f"load average {os.getloadavg()[0]:.2f} at the end; median of {args.repeat} runs.",
             "", "| measurement | s | reference | reference s | ratio | target | verdict |",
             "|---|---|---|---|---|---|---|"]
    for key in ("version", "help", "flagship"):
        value = median(start, key)
        lines.append(f"| {key} | {value:.3f} | python -c pass | {floor:.3f} | {value / floor:.2f} "
                     f"| ≤ {TARGETS[key]} s | {verdict(value <= TARGETS[key])} |")
    value = median(start, "flagship-edit")   # what an author waits after an edit; no target
    lines.append(f"| flagship, one lesson edited (with the cache) | {value:.3f} | python -c pass "
                 f"| {floor:.3f} | {value / floor:.2f} | none | - |")
    value, bare_floor = median(start, "flagship"), median(start, "floor")
    lines.append(f"| flagship | {value:.3f} | its floor (markdown-it + zipfile) | "
                 f"{bare_floor:.3f} | {value / bare_floor:.2f} | none | - |")
    for name, samples in ((f"{args.size} lessons", bare),
                          (f"{args.size} lessons + {args.media_mb} MB", media)):
        if not samples:
            continue
        full = median(samples, "full")
        for key, share in (("noop", NOOP_SHARE), ("edit", EDIT_SHARE)):
            if samples[key]:
                value = median(samples, key)
                what = "nothing changed" if key == "noop" else "one lesson edited"
                lines.append(f"| {name}, {what} | {value:.3f} | full build | {full:.3f} | "
                             f"{value / full:.2f} | ≤ {share} | {verdict(value / full <= share)} |")
    if memory:
        lines += ["", "| lessons (SCORM 2004) | peak RSS MB |", "|---|---|"]
        lines += [f"| {n} | {mb:.0f} |" for n, mb in memory]
        if len(memory) > 1:
            (n0, m0), (n1, m1) = memory[0], memory[-1]
            lines.append(f"\nGrowth {(m1 - m0) * 1024 / (n1 - n0):.1f} KiB per lesson; peak at {n1} "
                         f"lessons {m1:.0f} MB (target ≤ {PEAK_MB} MB): {verdict(m1 <= PEAK_MB)}")
    return "\n".join(lines)


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ints = lambda text: [int(x) for x in text.split(",") if x.strip()]  # noqa: E731
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--media-mb", type=int, default=200)
    parser.add_argument("--memory-sizes", type=ints, default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--flagship", type=Path, default=REPO / "course")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--instructions", action="store_true",
                        help="also count instructions with valgrind's callgrind (slow: minutes)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="scormbuild-targets-"))
    try:
        start = measure_startup(args.repeat, args.flagship, work)
        course = synthetic_course.generate(work / "bare", args.size, 0)
        bare = measure_rebuilds(course, work / "bare-out", args.repeat, edit=True)
        media: Dict[str, List[float]] = {}
        if args.media_mb:
            pool = synthetic_course.write_media_pool(work / "pool", args.media_mb)
            course = synthetic_course.generate(work / "media", args.size, args.media_mb,
                                               media_pool=pool)
            media = measure_rebuilds(course, work / "media-out", args.repeat, edit=False)
        memory = measure_memory(args.memory_sizes, work)
        counts = (count_instructions(args.flagship, work / "bare", work)
                  if args.instructions else None)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = report(start, bare, media, memory, args)
    if counts is not None:
        text += "\n" + instruction_report(counts, args.size)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
