"""A long lesson is parsed a section at a time, with the same HTML and diagnostics as whole."""

from __future__ import annotations

import importlib
import sys
import tracemalloc
from pathlib import Path
from typing import List, Tuple

import pytest

from scormbuild.build import BuildOptions, check
from scormbuild.errors import Diagnostics
from scormbuild.load import markdown_source
from scormbuild.load.markdown_source import LinkContext, markdown_sections, render_markdown

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"

# Every construct a split could break, each with a '# heading' line it must not split at.
TRICKY = """\
## Part {n}

Text with a citation [@R1] and a [link to b](b.md) and a figure:

![figure](../media/fig.svg "Figure {n}.")

```text
# not a heading: inside a code fence

# still inside
```

::: note A callout

## a heading inside the callout

More text.
:::

<!-- a comment over several lines

# not a heading: inside the comment
-->

> quoted

## Back at the top

* a list item

  continued

| a | b |
|---|---|
| 1 | 2 |

A [broken link](missing.md) on line {n}.

~~~~
::: note inside a fence, not a callout
~~~~
"""


@pytest.fixture
def ctx(tmp_path: Path) -> LinkContext:
    return _ctx(tmp_path)


def _ctx(tmp_path: Path) -> LinkContext:
    root = tmp_path.resolve()
    (root / "media").mkdir(exist_ok=True)
    (root / "media" / "fig.svg").write_text("<svg/>")
    (root / "m").mkdir(exist_ok=True)
    (root / "m" / "b.md").write_text("# B\n")
    return LinkContext(root=root, file=root / "m" / "a.md", display="m/a.md", line_offset=3,
                       lesson_pages={root / "m" / "b.md": "m1-b.html"},
                       reference_ids={"R1"}, reference_numbers={}, diagnostics=Diagnostics())


def render(text: str, tmp_path: Path, section_chars: int,
           monkeypatch: pytest.MonkeyPatch) -> Tuple[str, List[str]]:
    monkeypatch.setattr(markdown_source, "SECTION_CHARS", section_chars)
    ctx = _ctx(tmp_path)
    html = render_markdown(text, ctx)
    return html, [str(d) for d in ctx.diagnostics.items]


def test_sections_render_exactly_as_the_whole(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    text = "\n".join(TRICKY.format(n=n) for n in range(1, 41))
    whole = render(text, tmp_path, 10 ** 9, monkeypatch)
    split = render(text, tmp_path, 100, monkeypatch)
    assert split == whole
    assert len(list(markdown_sections(text, 100))) == 80  # '## Part n' and '## Back at the top'
    # each part is 42 lines: the positions count from the start of the whole text
    # (the same in both, with the heading ids, unique across parts)
    errors = [d for d in whole[1] if ": error: " in d]
    assert errors[:2] == ["m/a.md:40:17: error: 'missing.md' does not exist",
                          "m/a.md:82:17: error: 'missing.md' does not exist"]


@pytest.mark.parametrize("text", [
    "# A\n\ntext\n\n```\n\n# inside an unclosed fence\n\ntext\n",
    "# A\n\n::: note never closed\n\n# inside\n\ntext\n",
    "# A\n\n<pre>\n\n# inside\n\n</pre>\n\n# B\n\ntext\n",
    "# A\n\n[ref]: https://example.org\n\n# B\n\nSee [ref].\n",
])
def test_no_split_inside_open_blocks(text: str, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    whole = render(text, tmp_path, 10 ** 9, monkeypatch)
    assert render(text, tmp_path, 1, monkeypatch) == whole


def test_section_boundaries(ctx: LinkContext) -> None:
    text = "intro\n\n# A\n\n```\n# in code\n```\n\n# B\ntext\n"
    assert list(markdown_sections(text, 1)) == [
        (0, "intro\n\n"), (2, "# A\n\n```\n# in code\n```\n\n"), (8, "# B\ntext\n")]


def test_sectioned_parsing_keeps_memory_flat(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Peak memory follows the part size, not the lesson size (compared, not absolute)."""
    text = "\n".join(TRICKY.format(n=n) for n in range(1, 161))  # about 80 KB

    def peak(section_chars: int) -> int:
        monkeypatch.setattr(markdown_source, "SECTION_CHARS", section_chars)
        ctx = _ctx(tmp_path)
        tracemalloc.start()
        try:
            render_markdown(text, ctx)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    render_markdown(text, _ctx(tmp_path))  # warm: first-use imports and caches are not the text's
    assert peak(4096) * 3 < peak(10 ** 9)


@pytest.mark.slow
def test_long_lesson_benchmark_course_checks_clean(tmp_path: Path) -> None:
    """benchmarks/bench_big_lesson.py measures a course that checks clean (no timings here)."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        bench = importlib.import_module("bench_big_lesson")
    finally:
        sys.path.remove(str(BENCHMARKS))
    lesson = bench.make_course(tmp_path / "course", 0.6)
    assert 0.6 * 1024 * 1024 <= lesson.stat().st_size < 0.7 * 1024 * 1024
    result = check(tmp_path / "course", BuildOptions(strict=True), "course")
    assert result.diagnostics == []
    assert len(result.course.lessons()) == 3
