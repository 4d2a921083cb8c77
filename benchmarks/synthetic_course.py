"""Write a synthetic, valid course of any size: the input of the build benchmark.

Deterministic (a seeded generator), so two runs measure the same input. Lessons are realistic
Markdown of about the flagship's size (~5 KB): headings, lists, a table, citations, links to
other lessons, callouts, figures; modules have knowledge checks; the course has a final
assessment, a survey, references and a glossary. Optional media are incompressible bytes with
the suffixes of real media (so the build stores them, as it would real videos and photos), each
referenced from a lesson so that all of them are packaged. At most 20 modules get a knowledge
check (so that up to about 300 lessons the saved progress fits SCORM 1.2; larger courses are
built for SCORM 2004 only, see bench_build.fitting_editions). Up to about 70 lessons the course
checks clean with --strict; larger ones get the build's warning that the SCORM 2004 learner
record can pass Moodle's 48 KiB limit (docs/tracking.md), which does not change the work.
"""

from __future__ import annotations

import os
import random
import shutil
import textwrap
from pathlib import Path
from typing import Dict, List, Optional

LESSONS_PER_MODULE = 10
MAX_CHECKS = 20   # more quizzes would not fit SCORM 1.2's suspend_data, which the build checks
MEDIA_FILE_MB = 5
MEDIA_SUFFIXES = (".mp4", ".jpg", ".pdf", ".png")   # all packaged stored, not deflated
FIGURES = 5
_WORDS = ("tumour kinase fusion receptor signalling pathway inhibitor response patient cohort "
          "sequencing assay specimen sensitivity specificity partner domain expression protein "
          "oncogenic clinical trial outcome resistance mutation biopsy pathology laboratory "
          "therapy dose adverse event survival interval confidence analysis testing algorithm "
          "the a of in and with for to is are was by on as that which this from").split()


def generate(root: Path, lessons: int, media_mb: int = 0, seed: int = 1,
             media_pool: Optional[Path] = None) -> Path:
    """Write a course with this many lessons and megabytes of media into root; return root."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    modules = _module_layout(lessons)
    refs = max(3, min(60, 3 * lessons))
    media = _write_media(root / "media", media_mb, media_pool)
    _write(root / "course.yaml", _course_yaml(modules))
    _write(root / "references.yaml", _references_yaml(refs))
    _write(root / "glossary.yaml", _glossary_yaml(rng))
    _write_figures(root / "media", min(FIGURES, lessons))
    media_by_lesson = _assign(media, lessons)
    check_every = -(-len(modules) // MAX_CHECKS)
    number = 0
    for m, count in enumerate(modules, 1):
        folder = root / "modules" / f"m{m:03d}"
        checked = m % check_every == 0
        _write(folder / "module.yaml", _module_yaml(m, count, checked))
        if checked:
            _write(folder / "check.yaml", _check_yaml(m, refs))
        for n in range(1, count + 1):
            _write(folder / f"l{n:02d}.md", _lesson_md(rng, m, n, count, len(modules), number,
                                                        refs, media_by_lesson.get(number, [])))
            number += 1
    _write(root / "assessment" / "final.yaml", _final_yaml(len(modules), refs))
    _write(root / "survey.yaml", _SURVEY)
    return root


def write_media_pool(folder: Path, media_mb: int, seed: int = 7) -> Path:
    """Write the incompressible media once; courses hard-link them instead of rewriting."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for name in _media_names(media_mb):
        path = folder / name
        if not path.exists():
            path.write_bytes(rng.randbytes(MEDIA_FILE_MB * 1024 * 1024))
    return folder


def _media_names(media_mb: int) -> List[str]:
    count = -(-media_mb // MEDIA_FILE_MB)
    return [f"clip-{i:03d}{MEDIA_SUFFIXES[i % len(MEDIA_SUFFIXES)]}" for i in range(count)]


def _write_media(folder: Path, media_mb: int, pool: Optional[Path]) -> List[str]:
    names = _media_names(media_mb)
    if not names:
        return []
    if pool is None:
        write_media_pool(folder, media_mb)
        return names
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        try:
            os.link(pool / name, folder / name)
        except OSError:
            shutil.copyfile(pool / name, folder / name)
    return names


def _assign(media: List[str], lessons: int) -> Dict[int, List[str]]:
    found: Dict[int, List[str]] = {}
    for i, name in enumerate(media):
        found.setdefault(i % lessons, []).append(name)
    return found


def _module_layout(lessons: int) -> List[int]:
    full, rest = divmod(lessons, LESSONS_PER_MODULE)
    return [LESSONS_PER_MODULE] * full + ([rest] if rest else [])


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _sentence(rng: random.Random, low: int = 8, high: int = 22) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, refs: int, sentences: int = 4) -> str:
    parts = []
    for _ in range(sentences):
        text = _sentence(rng)
        if rng.random() < 0.5:
            keys = "; ".join(f"@R{rng.randint(1, refs)}" for _ in range(rng.randint(1, 2)))
            text = text[:-1] + f" [{keys}]."
        parts.append(text)
    return textwrap.fill(" ".join(parts), 96)


def _lesson_md(rng: random.Random, m: int, n: int, count: int, modules: int, number: int,
               refs: int, media: List[str]) -> str:
    own = [f"R{(3 * number + k) % refs + 1}" for k in range(3)]  # every reference gets cited
    other = f"l{n % count + 1:02d}.md"
    far = f"../m{m % modules + 1:03d}/l01.md"
    figure = f"../../media/figure-{number % FIGURES + 1}.svg"  # lesson i uses figure i % 5
    blocks = [
        f"---\ntitle: Lesson {m}.{n} on {rng.choice(_WORDS)} {rng.choice(_WORDS)}\n"
        f"minutes: {rng.randint(3, 12)}\n---",
        f"## Background\n\n{_paragraph(rng, refs)} [@{own[0]}]\n\n{_paragraph(rng, refs, 5)}",
        "## Key facts\n\n" + "\n".join(f"* {_sentence(rng, 5, 12)[:-1]} [@{own[1]}]."
                                        for _ in range(4)),
        f"See [the next lesson]({other}) and [another module]({far}), or the "
        f"[guideline](https://example.org/guideline/{number}) "
        f"[@{own[2]}; @R{rng.randint(1, refs)}].",
        _table(rng),
        f"::: key-point Remember this\n{_paragraph(rng, refs, 2)}\n:::",
        f"![Diagram of {rng.choice(_WORDS)} {rng.choice(_WORDS)}]({figure} "
        f"\"Figure {n}. {_sentence(rng, 4, 8)}\")",
        f"## Details\n\n{_paragraph(rng, refs, 6)}\n\n{_paragraph(rng, refs, 5)}",
        f"::: since-cutoff 2025-0{rng.randint(1, 9)} A later development\n{_sentence(rng)}\n:::",
    ]
    for name in media:
        target = f"../../media/{name}"
        if name.endswith((".jpg", ".png")):
            blocks.append(f"![Photograph {name}]({target})")
        else:
            blocks.append(f"Download the [material {name}]({target}).")
    return "\n\n".join(blocks) + "\n"


def _table(rng: random.Random) -> str:
    rows = ["| Measure | Group A | Group B |", "|---|---:|---:|"]
    for _ in range(6):
        rows.append(f"| {rng.choice(_WORDS)} {rng.choice(_WORDS)} | {rng.uniform(0, 100):.1f}% "
                    f"| {rng.uniform(0, 100):.1f}% |")
    return "\n".join(rows)


def _write_figures(folder: Path, count: int) -> None:
    for i in range(1, count + 1):
        _write(folder / f"figure-{i}.svg",
               f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" role="img" '
               f'aria-labelledby="t{i} d{i}"><title id="t{i}">Figure {i}</title>'
               f'<desc id="d{i}">A synthetic figure.</desc>'
               + "".join(f'<rect x="{10 * k}" y="{100 - 9 * k}" width="8" height="{9 * k}"/>'
                         for k in range(1, 11)) + "</svg>\n")


def _course_yaml(modules: List[int]) -> str:
    listed = "\n".join(f"  - modules/m{m:03d}" for m in range(1, len(modules) + 1))
    return f"""\
id: synthetic-course
title: Synthetic benchmark course
version: "1.0.0"
language: en-GB
description: A generated course for measuring build performance.
audience: [Benchmarks]
objectives:
  - id: lo1
    text: Finish the synthetic course.
dates:
  created: 2024-01
  literature_cutoff: 2024-12
duration_minutes: {max(1, 8 * sum(modules))}
disclaimer: Generated text, for **benchmarks** only.
completion:
  passing_score: 80
  require_survey: true
modules:
{listed}
final_assessment: assessment/final.yaml
survey: survey.yaml
"""


def _references_yaml(count: int) -> str:
    return "".join(f"""\
- id: R{i}
  authors: Author A, Writer B, et al.
  title: A study of topic {i}.
  journal: J Synthetic Med
  year: {2000 + i % 25}
  details: "{i}(2):{100 + i}-{110 + i}"
  doi: 10.1000/synthetic.{i}
""" for i in range(1, count + 1))


def _glossary_yaml(rng: random.Random) -> str:
    return "".join(f"- term: {word} term\n  definition: {_sentence(rng)}\n"
                   for word in sorted(set(_WORDS[:12])))


def _module_yaml(m: int, count: int, checked: bool) -> str:
    lessons = "\n".join(f"  - l{n:02d}.md" for n in range(1, count + 1))
    return f"""\
id: m{m:03d}
title: Module {m}
objectives:
  - id: m{m:03d}-o1
    text: Understand module {m}.
lessons:
{lessons}
""" + ("knowledge_check: check.yaml\n" if checked else "")


def _question(qid: str, objective: str, ref: str, kind: int) -> str:
    head = f"  - id: {qid}\n"
    tail = (f"    rationale: Because the lesson says so [@{ref}].\n"
            f"    reference: [{ref}]\n    objective: {objective}\n")
    if kind == 0:
        return head + """\
    type: single-choice
    prompt: Which statement about **{0}** is right?
    choices:
      - {{id: a, text: "The first one", feedback: "Yes."}}
      - {{id: b, text: "The second one"}}
      - {{id: c, text: "The third one"}}
    answer: a
""".format(qid) + tail
    if kind == 1:
        return head + """\
    type: multiple-response
    prompt: Which are true?
    choices:
      - {id: a, text: "One"}
      - {id: b, text: "Two"}
      - {id: c, text: "Three"}
    answer: [a, c]
""" + tail
    return (head + "    type: true-false\n    prompt: The statement holds.\n    answer: true\n"
            + tail)


def _check_yaml(m: int, refs: int) -> str:
    questions = "".join(_question(f"m{m:03d}-q{k}", f"m{m:03d}-o1", f"R{(m + k) % refs + 1}", k)
                        for k in range(3))
    return f"id: m{m:03d}-check\ntitle: Knowledge check {m}\nkind: knowledge-check\n" \
           f"shuffle_choices: true\nquestions:\n{questions}"


def _final_yaml(modules: int, refs: int) -> str:
    count = min(40, max(5, 2 * modules))
    questions = "".join(_question(f"final-q{k}", "lo1", f"R{k % refs + 1}", k % 3)
                        for k in range(count))
    return f"id: final\ntitle: Final assessment\nkind: assessment\ndraw: {min(count, 20)}\n" \
           f"questions:\n{questions}"


_SURVEY = """\
id: survey
title: Evaluation
kind: survey
questions:
  - id: sv-1
    type: likert
    prompt: The course was useful.
  - id: sv-2
    type: text
    prompt: Any comments?
"""
