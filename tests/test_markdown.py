"""Lesson Markdown: what authors write and the HTML learners get."""

from __future__ import annotations

from pathlib import Path

import pytest

from scormbuild.errors import Diagnostics
from scormbuild.load.markdown_source import LinkContext, render_markdown, split_front_matter


@pytest.fixture
def ctx(tmp_path: Path) -> LinkContext:
    root = tmp_path.resolve()
    (root / "media").mkdir()
    (root / "media" / "fig.svg").write_text("<svg/>")
    (root / "m").mkdir()
    return LinkContext(root=root, file=root / "m" / "a.md", display="m/a.md", line_offset=3,
                       lesson_pages={root / "m" / "b.md": "m1-b.html"},
                       reference_ids={"R1", "R7"}, reference_numbers={},
                       diagnostics=Diagnostics())


def test_citations_become_numbered_links(ctx: LinkContext) -> None:
    html = render_markdown("Fact [@R7; @R1].", ctx)
    assert html == ('<p>Fact <sup class="cite">[<a href="references.html#ref-R7">1</a>, '
                    '<a href="references.html#ref-R1">2</a>]</sup>.</p>\n')
    assert ctx.cited == ["R7", "R1"]
    assert ctx.reference_numbers == {"R7": 1, "R1": 2}


def test_a_reference_keeps_the_number_of_its_first_citation(ctx: LinkContext) -> None:
    ctx.reference_numbers.update({"R1": 1})  # cited by an earlier lesson
    html = render_markdown("Again [@R1], new [@R7], again [@R7].", ctx)
    assert html.count(">1</a>") == 1 and html.count(">2</a>") == 2
    assert ctx.reference_numbers == {"R1": 1, "R7": 2}


def test_titled_image_becomes_a_figure_with_caption_citations(ctx: LinkContext) -> None:
    html = render_markdown('![Receptor diagram](../media/fig.svg "Figure 1. TRK [@R1].")', ctx)
    assert html == ('<figure><img src="../media/fig.svg" alt="Receptor diagram" loading="lazy">'
                    '<figcaption>Figure 1. TRK <sup class="cite">[<a href="references.html#ref-R1">'
                    '1</a>]</sup>.</figcaption></figure>')
    assert ctx.media == {ctx.root / "media" / "fig.svg"}


def test_links_to_lessons_media_and_outside(ctx: LinkContext) -> None:
    (ctx.root / "m" / "b.md").write_text("---\ntitle: B\n---\n")
    html = render_markdown("[b](b.md#part) [pdf](../media/fig.svg) [web](https://example.org/x)", ctx)
    assert '<a href="m1-b.html#part">b</a>' in html
    assert '<a href="../media/fig.svg">pdf</a>' in html
    assert ('<a href="https://example.org/x" target="_blank" rel="noopener noreferrer" '
            'class="external">web</a>') in html
    assert ctx.diagnostics.items == []


def test_raw_html_is_escaped_never_run(ctx: LinkContext) -> None:
    html = render_markdown('<script src="https://cdn.example.com/x.js"></script>', ctx)
    assert "<script" not in html and "&lt;script" in html


def test_callouts_and_since_cutoff_date(ctx: LinkContext) -> None:
    html = render_markdown("::: since-cutoff 2025-04 Full approval\nText.\n:::\n\n"
                           "::: key-point\nShort.\n:::\n", ctx)
    assert ('<aside class="callout callout-since-cutoff" role="note"><p class="callout-title">'
            '<svg class="callout-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
            '<rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4"/>'
            '</svg><span class="callout-label">Since the literature cut-off (April 2025)</span>'
            '<span class="visually-hidden">: </span><strong class="callout-name">Full approval'
            '</strong></p><div class="callout-body">\n<p>Text.</p>\n</div></aside>') in html
    assert ('<p class="callout-title"><svg class="callout-icon" viewBox="0 0 24 24" '
            'aria-hidden="true" focusable="false"><path d="M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 '
            '17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z"/></svg><span class="callout-label">Key point'
            '</span></p>') in html


def test_callout_titles_are_escaped(ctx: LinkContext) -> None:
    html = render_markdown("::: warning <b>Dose</b> & timing\nText.\n:::\n", ctx)
    assert ('<span class="callout-label">Caution</span><span class="visually-hidden">: </span>'
            '<strong class="callout-name">&lt;b&gt;Dose&lt;/b&gt; &amp; timing</strong>') in html


def test_problem_positions_count_front_matter_lines(ctx: LinkContext) -> None:
    render_markdown("Intro.\n\nSee [x](nothing.md) and ![](../media/fig.svg).\n", ctx)
    assert [str(d) for d in ctx.diagnostics.sorted()] == [
        "m/a.md:6:9: error: 'nothing.md' does not exist",
        "m/a.md:6:29: error: image '../media/fig.svg' has no alt text: describe what it shows"]


def test_tables_are_wrapped_for_small_screens(ctx: LinkContext) -> None:
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n", ctx)
    assert html.startswith('<div class="table-wrap"><table>')


def test_front_matter_split() -> None:
    assert split_front_matter("---\ntitle: A\n---\nBody\n") == ("title: A\n", "Body\n", 3)
    assert split_front_matter("No front matter\n") == (None, "No front matter\n", 0)


def test_audio_and_video_get_native_players(ctx: LinkContext) -> None:
    (ctx.root / "media" / "talk.mp3").write_bytes(b"ID3")
    (ctx.root / "media" / "demo.mp4").write_bytes(b"\0\0")
    html = render_markdown("![Interview audio](../media/talk.mp3)\n\n"
                           '![Staining demo](../media/demo.mp4 "Video 1. IHC staining.")', ctx)
    assert ('<audio controls preload="metadata" src="../media/talk.mp3" aria-label="Interview audio">'
            '<a href="../media/talk.mp3">Interview audio</a></audio>') in html
    assert ('<figure><video controls preload="metadata" src="../media/demo.mp4" aria-label='
            '"Staining demo"><a href="../media/demo.mp4">Staining demo</a></video>'
            '<figcaption>Video 1. IHC staining.</figcaption></figure>') in html
