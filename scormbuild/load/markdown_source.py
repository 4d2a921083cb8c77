"""Markdown lessons: parse once with markdown-it-py, check links, images and citations, render.

markdown-it-py is CommonMark-compliant, keeps source line maps on block tokens (so every
problem gets a line), and has maintained plugins for tables, containers and front matter.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Set, Tuple
from urllib.parse import quote, unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.container import container_plugin

from scormbuild.dates import format_date
from scormbuild.errors import Diagnostics, Location
from scormbuild.fields import EMPHASIS_PATTERN, HTML_ELEMENTS, INVISIBLE
from scormbuild.load.callouts import CALLOUTS, callout_open_html
from scormbuild.load.real_paths import RealPaths, did_you_mean, link_problem, unread_reason
from scormbuild.load.text_lines import hidden_breaks, source_lines
from scormbuild.model import pack_text

CALLOUT_KINDS = tuple(CALLOUTS)
EXTERNAL_SCHEMES = ("http", "https", "mailto")
_KEY = r"[A-Za-z0-9_.-]+"  # wider than a reference id, so that a bad key is reported, not ignored
_CITATION = re.compile(rf"\[@({_KEY})((?:\s*[;,]\s*@{_KEY})*)\]")

_SINCE_DATE = re.compile(r"\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?")


@dataclass
class LinkContext:
    """What a Markdown file needs to resolve its links; filled by the course loader."""

    root: Path                          # the course folder, resolved
    file: Path                          # the Markdown/YAML file being read, resolved
    display: str                        # how diagnostics name that file
    line_offset: int                    # lines before the Markdown body (front matter)
    lesson_pages: Dict[Path, str]       # lesson source -> package page file name
    reference_ids: Set[str]             # ids of the reference list (citable)
    reference_numbers: Dict[str, int]   # id -> number by first citation, shared by the course
    diagnostics: Diagnostics
    references_known: bool = True       # False when the reference list failed to load
    language: str = "en"                # the course language (dates in callout titles)
    literature_cutoff: str = ""         # the course's (a since-cutoff callout must be later)
    media: Set[Path] = field(default_factory=set)   # files this text uses
    cited: List[str] = field(default_factory=list)  # reference ids, first-cited order
    source_lines: Sequence[str] = ()
    claimed: Set[Tuple[int, int, str]] = field(default_factory=set)  # places _loc gave (claim)
    explained: Set[int] = field(default_factory=set)  # lines whose ':::' a nesting error explains
    resolved: RealPaths = field(default_factory=RealPaths)  # resolves paths for the run
    media_at: Dict[Path, Location] = field(default_factory=dict)  # file -> its first use
    column_offset: int = 0              # columns before each line of a text inside YAML
    excluded: Tuple[Path, ...] = ()     # the build's output folder, resolved (never read)
    anchors: List[str] = field(default_factory=list)  # the ids given to this text's headings
    # links to a heading: (lesson page, or "" for this text's own page; anchor; where)
    fragments: List[Tuple[str, str, Location]] = field(default_factory=list)
    heading_level: int = 1              # the last heading's level (the page title is h1)
    heading_floor: int = 1              # the level of the heading the text sits under


# How a lesson is rendered: to its HTML, packed as model.Lesson holds it (render_lesson, or
# scormbuild.cache, whose hits are stored packed and so are not compressed again)
Markdown = Callable[[str, "LinkContext"], bytes]
# How a quiz's inline text (prompt, choice, feedback …) is rendered: to its HTML (render_inline,
# or scormbuild.cache's)
InlineMarkdown = Callable[[str, "LinkContext"], str]


def render_inline(text: str, ctx: LinkContext) -> str:
    return render_markdown(text, ctx, inline=True)


def _citation_keys(match: re.Match[str]) -> List[str]:
    """The reference ids of one [@a; @b] citation, in order."""
    return [match.group(1)] + re.findall(rf"@({_KEY})", match.group(2))


def _citation_rule(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "[" or not state.src.startswith("[@", state.pos):
        return False
    match = _CITATION.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        keys = _citation_keys(match)
        token = state.push("citation", "", 0)
        token.meta = {"keys": keys}
        token.content = match.group(0)
    state.pos = match.end()
    return True


def _is_callout(params: str, _markup: str) -> bool:
    """One container rule for every callout kind (one rule is tried per line, not six)."""
    return params.strip().split(" ", 1)[0] in CALLOUT_KINDS


def _is_unknown_callout(params: str, _markup: str) -> bool:
    """A ':::' line naming a kind that is not a callout (a lone ':::' is not opened here)."""
    return bool(params.strip()) and not _is_callout(params, _markup)


def _callout_kind(token: Token) -> str:
    return token.info.strip().split(" ", 1)[0]


def _render_callout(self: RendererHTML, tokens: Sequence[Token], idx: int, _options: OptionsDict,
                    env: EnvType) -> str:
    token = tokens[idx]
    if token.nesting != 1:
        return "</div></aside>\n"
    kind = _callout_kind(token)
    title = token.info.strip()[len(kind):].strip()
    label = CALLOUTS[kind].label
    if kind == "since-cutoff":
        when, _, title = title.partition(" ")
        label = f"{label} ({format_date(when, env['ctx'].language)})"
    return callout_open_html(kind, escape(label), escape(title))


def build_parser() -> MarkdownIt:
    """CommonMark + tables + callouts + [@key] citations.

    Raw HTML is parsed (so that it can be reported with its line) but never passed through:
    comments are dropped, anything else is an error and would be escaped.
    """
    md = MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table")
    container_plugin(md, "callout", validate=_is_callout, render=_render_callout)
    # After the real callouts: '::: important' is reported once, its closing ':::' with it.
    container_plugin(md, "unknown", validate=_is_unknown_callout, render=_render_unknown)
    md.add_render_rule("html_block", _render_raw_html)
    md.add_render_rule("html_inline", _render_raw_html)
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.add_render_rule("citation", _render_citation)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("table_open", lambda *a: '<div class="table-wrap"><table>\n')
    md.add_render_rule("table_close", lambda *a: "</table></div>\n")
    return md


def _render_unknown(self: RendererHTML, tokens: Sequence[Token], idx: int, _options: OptionsDict,
                    env: EnvType) -> str:
    return "<div>\n" if tokens[idx].nesting == 1 else "</div>\n"


def _render_raw_html(self: RendererHTML, tokens: Sequence[Token], idx: int, _options: OptionsDict,
                     env: EnvType) -> str:
    content = tokens[idx].content
    return "" if _is_comment(content) else escape(content)


def _is_comment(html: str) -> bool:
    return html.lstrip().startswith("<!--")


def only_comments(text: str) -> bool:
    """Whether a lesson's text is nothing but HTML comments, which the page leaves out."""
    if not text.lstrip().startswith("<!--"):  # most lessons: no second parse
        return False
    tokens = PARSER.parse(text)  # a comment never closed is an error of its own
    return bool(tokens) and all(t.type == "html_block" and _is_comment(t.content)
                                and "-->" in t.content for t in tokens)


def _render_citation(self: RendererHTML, tokens: Sequence[Token], idx: int, _options: OptionsDict,
                     env: EnvType) -> str:
    return _citation_html(tokens[idx].meta["keys"], env["ctx"].reference_numbers)


def _citation_html(keys: List[str], numbers: Dict[str, int]) -> str:
    links = [f'<a href="references.html#ref-{escape(k)}">{numbers.get(k, "?")}</a>' for k in keys]
    return f'<sup class="cite">[{", ".join(links)}]</sup>'


def _render_image(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict,
                  env: EnvType) -> str:
    token = tokens[idx]
    alt = escape(self.renderInlineAsText(token.children or [], options, env))
    src = escape(str(token.attrGet("src") or ""))
    img = _media_element(src, alt)
    caption = token.meta.get("caption")
    if caption:
        return f'<figure>{img}<figcaption>{_caption_html(caption, env)}</figcaption></figure>'
    return img


IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")  # docs/course-format.md
AUDIO_SUFFIXES = (".mp3", ".m4a", ".aac", ".oga", ".ogg", ".wav")
VIDEO_SUFFIXES = (".mp4", ".m4v", ".webm", ".ogv")


def _media_element(src: str, alt: str) -> str:
    """An image, or a player with native controls for audio and video (alt names it)."""
    suffix = src.lower().rsplit(".", 1)[-1] if "." in src else ""
    fallback = f'<a href="{src}">{alt}</a>'
    if f".{suffix}" in AUDIO_SUFFIXES:
        return f'<audio controls preload="metadata" src="{src}" aria-label="{alt}">{fallback}</audio>'
    if f".{suffix}" in VIDEO_SUFFIXES:
        return f'<video controls preload="metadata" src="{src}" aria-label="{alt}">{fallback}</video>'
    return f'<img src="{src}" alt="{alt}" loading="lazy">'


def _caption_html(caption: str, env: EnvType) -> str:
    """Escape a caption (an image title), turning its [@key] citations into links."""
    parts, last = [], 0
    for match in _CITATION.finditer(caption):
        keys = _citation_keys(match)
        parts.append(escape(caption[last:match.start()]))
        parts.append(_citation_html(keys, env["ctx"].reference_numbers))
        last = match.end()
    parts.append(escape(caption[last:]))
    return "".join(parts)


PARSER = build_parser()


# A longer text is parsed one section at a time: markdown-it keeps about 25 bytes of tokens per
# byte of Markdown, so a 20 MB lesson parsed whole would need about 550 MB (docs/performance.md).
SECTION_CHARS = 256 * 1024
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:", re.M)
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_CONTAINER = re.compile(r" {0,3}(:{3,})\s*(\S?)")
_RAW_HTML_BLOCK = re.compile(r" {0,3}<(!--|\?|!\[CDATA\[|![A-Za-z]|(?:script|pre|style|textarea)\b)",
                             re.I)
_RAW_HTML_END = {"!--": "-->", "?": "?>", "![cdata[": "]]>"}
_SPLIT_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")


def render_lesson(text: str, ctx: LinkContext) -> bytes:
    """A lesson's Markdown rendered (render_markdown) and packed as model.Lesson holds it."""
    return pack_text(render_markdown(text, ctx))


def render_markdown(text: str, ctx: LinkContext, inline: bool = False) -> str:
    """Check and render one Markdown text; problems go to ctx.diagnostics."""
    if inline or len(text) <= SECTION_CHARS or _REFERENCE_DEFINITION.search(text):
        return _render_part(text, ctx, inline)
    offset = ctx.line_offset
    parts = []
    try:
        for first_line, section in markdown_sections(text, SECTION_CHARS):
            ctx.line_offset = offset + first_line
            parts.append(_render_part(section, ctx, False))
    finally:
        ctx.line_offset = offset
    return "".join(parts)


def markdown_sections(text: str, size: int) -> Iterator[Tuple[int, str]]:
    """Split a text before top-level '#' headings into parts of about size characters.

    Each part renders exactly as it does within the whole text: a heading at column 0 after a
    blank line ends any paragraph, list, block quote or table, and no split is made inside a
    fenced code block, a ':::' callout or a raw HTML block that runs to an end marker. (A text
    with link reference definitions, which act across the document, is never split.)
    Yields (number of lines before the part, part).
    """
    if "\r" in text:  # markdown-it reads a lone CR as a line break; not worth splitting
        yield 0, text
        return
    start = start_line = 0  # where the current part starts: offset and line number
    previous_blank = True
    fence: Optional[str] = None
    depth = 0
    html_end: Optional[str] = None
    for n, (begin, end) in enumerate(_newline_spans(text)):
        line = text[begin:end]
        if (begin - start >= size and previous_blank and fence is None and depth == 0
                and html_end is None and _SPLIT_HEADING.match(line)):
            yield start_line, text[start:begin]
            start, start_line = begin, n
        previous_blank = not line.strip(" \t\n")
        fence, depth, html_end = _block_state(line, fence, depth, html_end)
    yield start_line, text[start:]


def _newline_spans(text: str) -> Iterator[Tuple[int, int]]:
    """(start, end) of each '\\n'-terminated line, without making a list of them."""
    begin = 0
    while begin < len(text):
        end = text.find("\n", begin)
        end = len(text) if end < 0 else end + 1
        yield begin, end
        begin = end


def _block_state(line: str, fence: Optional[str], depth: int, html_end: Optional[str]
                 ) -> Tuple[Optional[str], int, Optional[str]]:
    """Track whether the next line is inside a code fence, callouts or a raw HTML block."""
    if html_end is not None:
        return fence, depth, None if html_end in line.lower() else html_end
    match = _FENCE.match(line)
    if fence is not None:
        closes = match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
            and not line[match.end():].strip()
        return (None if closes else fence), depth, None
    if match:
        return match.group(1), depth, None
    container = _CONTAINER.match(line)
    if container:
        return None, depth + 1 if container.group(2) else max(depth - 1, 0), None
    raw = _RAW_HTML_BLOCK.match(line)
    if raw:
        opener = raw.group(1).lower()
        end = _RAW_HTML_END.get(opener, ">" if opener.startswith("!") else f"</{opener}>")
        return None, depth, None if end in line.lower()[raw.end():] else end
    return None, depth, None


# fields.INVISIBLE (characters editors do not show) before a block mark or inside a citation
# stop it from taking, and the text is shown as typed.
_INVISIBLE = "[" + "".join(INVISIBLE) + "]"
_BLOCK_MARK = re.compile(r"(?:#{1,6}|[-*+]|\d{1,9}[.)]|>)(?:[ \t]|$)")
_CITATION_WITH_INVISIBLE = re.compile(r"\[[^\]\n]*" + _INVISIBLE + r"[^\]\n]*\]")


def _check_invisible(text: str, ctx: LinkContext) -> None:
    """A line whose block mark (heading, list item, quote) follows an invisible character, and a
    citation holding one: each is named where it is."""
    if not any(ch in text for ch in INVISIBLE):
        return
    for n, line in enumerate(ctx.source_lines):
        lead = re.match(_INVISIBLE + "+", line)
        if lead and _BLOCK_MARK.match(line[lead.end():]):
            ctx.diagnostics.warning(
                Location(ctx.display, n + 1 + ctx.line_offset, 1 + ctx.column_offset),
                f"{INVISIBLE[line[0]]}, which editors do not show, starts this line, so "
                f"'{line[lead.end():].strip()}' is shown as typed: delete it")
        for cited in _CITATION_WITH_INVISIBLE.finditer(line):
            if "@" not in cited.group(0):
                continue
            name = INVISIBLE[next(ch for ch in cited.group(0) if ch in INVISIBLE)]
            shown = "".join(ch for ch in cited.group(0) if ch not in INVISIBLE)
            ctx.diagnostics.error(
                Location(ctx.display, n + 1 + ctx.line_offset, cited.start() + 1 + ctx.column_offset),
                f"'{shown}' holds {name}, which editors do not show, so it would be shown as "
                "typed, not as a citation: delete it")


def _render_part(text: str, ctx: LinkContext, inline: bool) -> str:
    ctx.source_lines = source_lines(text)
    ctx.claimed = set()
    ctx.explained = set()
    _check_invisible(text, ctx)
    if not inline and ":::" in text:
        _check_nested_callouts(ctx)
    if not inline:
        for line, col, name in hidden_breaks(text):
            ctx.diagnostics.warning(
                Location(ctx.display, line + 1 + ctx.line_offset, col + 1 + ctx.column_offset),
                f"{name}, which editors do not show: the page does not start a new line "
                "there; delete it (a blank line starts a new paragraph)")
    if inline:
        _check_inline_blocks(ctx)
    env: Dict[str, Any] = {"ctx": ctx}
    tokens = PARSER.parseInline(text, env) if inline else PARSER.parse(text, env)
    _check_tokens(tokens, ctx)
    if env.get("references"):
        _check_link_definitions(env["references"], ctx)
    if inline:
        return PARSER.renderer.render(tokens[0].children or [], PARSER.options, env) if tokens else ""
    return PARSER.renderer.render(tokens, PARSER.options, env)


def _check_tokens(tokens: List[Token], ctx: LinkContext) -> None:
    block_line = 0
    # per nesting level (of the document, a list item, a block quote, a callout): the last
    # token at that level, and when it closed a list, that list's last item
    siblings: List[Tuple[str, Optional[Token]]] = []
    items: Dict[int, Token] = {}  # level -> the last list item opened at it
    for i, token in enumerate(tokens):
        if token.map:
            block_line = token.map[0]
        level = token.level
        if token.type == "list_item_open":
            items[level] = token
        elif token.type in _LIST_OPENS and len(siblings) > level \
                and siblings[level][0] in _LIST_CLOSES:
            _check_list_indent(token, ctx, siblings[level][1])
        del siblings[level:]  # a token at a level ends whatever was open deeper
        siblings += [("", None)] * (level - len(siblings))
        siblings.append((token.type, items.get(level + 1) if token.type in _LIST_CLOSES else None))
        if token.type in ("container_callout_open", "container_unknown_open"):
            _check_callout(token, ctx, block_line)
        elif token.type == "html_block":
            _check_raw_html(token.content, ctx, block_line, token)
            _check_unclosed(token, ctx, block_line)
        elif token.type == "fence":
            _check_unclosed(token, ctx, block_line)
        elif token.type == "table_open" and token.map:
            _check_table_rows(token.map, ctx)
        elif token.type == "paragraph_open" and token.map:
            _check_broken_table(token.map, ctx)
            _check_failed_blocks(token.map, ctx)
        elif token.type == "heading_open":
            _name_heading(token, tokens[i + 1], ctx, block_line)
        elif token.type == "code_block":
            _check_indented_code(token, ctx, block_line)
        elif token.type == "blockquote_open" and i >= 3 and tokens[i - 1].type == "paragraph_close":
            opened = tokens[i - 3].map  # the paragraph's: paragraph_open, inline, paragraph_close
            if opened and token.map and opened[1] == token.map[0]:
                _check_interrupting_quote(token, ctx)
        if token.type == "inline" and token.children:
            if _is_lone_captioned_image(tokens, i):
                tokens[i - 1].hidden = tokens[i + 1].hidden = True
            else:
                _check_inline_captions(token, ctx, block_line)
            _check_stray_markers(token, ctx, block_line)
            if "**" in token.content or "__" in token.content:
                _check_glued_emphasis(token, ctx, block_line)
            if "<!--" in token.content:
                _check_open_comment(token, ctx, block_line)
            _check_spaced_paths(token, ctx, block_line)
            _check_near_citations(token, ctx, block_line)
            _check_foreign_syntax(token, ctx, block_line)
            _check_bare_addresses(token, ctx, block_line)
            if "{" in token.content:
                _check_attributes(token, ctx, block_line)
            if "*" in token.content:
                _check_starred_numbers(token, ctx, block_line)
            if "`" in token.content:
                _check_backtick_primes(token, ctx, block_line)
            for n, child in enumerate(token.children):
                if child.type == "link_open":  # before _check_link rewrites its address
                    _check_link_text(token.children, n, ctx, token, block_line)
                _check_inline(child, ctx, token, block_line)


# Ids the page around a text already uses (templates/base.html, support-notice.html, the
# References heading of lesson.html): a
# heading that would take one of them gets the next free suffix instead.
PAGE_IDS = ("main", "sb-support-missing", "sb-support-basic", "sb-refs")
# What an anchor keeps, as GitHub's slugger does: letters, combining marks, decimal and letter
# numbers, connector punctuation ('_'), '-' and spaces; '²', '½' and all else go.
_ANCHOR_CATEGORIES = ("L", "M", "Nd", "Nl", "Pc")


def heading_anchor(text: str) -> str:
    """The anchor a heading's text gives, as GitHub and most Markdown tools make it: lower
    case, punctuation dropped, each space a '-' ('## What is NTRK?' -> 'what-is-ntrk')."""
    kept = (c for c in text.strip().lower()
            if c in "- " or unicodedata.category(c).startswith(_ANCHOR_CATEGORIES))
    return "".join(kept).replace(" ", "-")


def _name_heading(token: Token, inline: Token, ctx: LinkContext, line: int) -> None:
    """Give a heading its id (so that '#anchor' links reach it) and check its level: the page
    title is the only h1, and a level is never skipped (W3C WAI tutorial 'Page Structure:
    Headings'; WCAG 2.2 success criterion 1.3.1), as screen-reader users move by levels."""
    text = "".join(child.content for child in inline.children or ()
                   if child.type in ("text", "code_inline"))
    base = heading_anchor(text) or "section"
    anchor, n = base, 0
    while anchor in ctx.anchors or anchor in PAGE_IDS:
        n += 1
        anchor = f"{base}-{n}"
    ctx.anchors.append(anchor)
    token.attrSet("id", anchor)
    level = int(token.tag[1])
    where = Location(ctx.display, line + 1 + ctx.line_offset, 1 + ctx.column_offset)
    if token.markup in ("=", "-"):  # a setext heading: text with a line of '=' or '-' under it
        end = token.map[1] if token.map else line + 2
        ctx.diagnostics.warning(Location(ctx.display, end + ctx.line_offset, 1 + ctx.column_offset),
                                f"the line of '{token.markup * 3}' under this text makes the text "
                                f"above it a heading: for a dividing line, leave a blank line "
                                f"before it; for a heading, write '{'#' * max(level, 2)} text'")
    elif level == 1:
        ctx.diagnostics.warning(where, "a '#' heading is a second page title (the page's title "
                                       "is its only level-1 heading): use '##' for a section, "
                                       "'###' below it")
    elif level <= ctx.heading_floor:
        ctx.diagnostics.warning(where, f"this text sits under a level-{ctx.heading_floor} heading "
                                       "of its page, so this heading would end that section: use "
                                       f"'{'#' * (ctx.heading_floor + 1)}'")
    elif level > ctx.heading_level + 1:
        ctx.diagnostics.warning(where, f"this heading skips a level (h{ctx.heading_level} to "
                                       f"h{level}), which confuses screen-reader users who move "
                                       f"by heading levels: use '{'#' * (ctx.heading_level + 1)}'")
    ctx.heading_level = level


_LIST_OPENS = ("bullet_list_open", "ordered_list_open")
_LIST_CLOSES = ("bullet_list_close", "ordered_list_close")


def _line_indent(ctx: LinkContext, token: Optional[Token]) -> Tuple[int, int, int]:
    """(line, columns of block quote markers '> ', spaces after them) of a token's first line."""
    line = token.map[0] if token is not None and token.map else -1
    text = ctx.source_lines[line] if 0 <= line < len(ctx.source_lines) else ""
    quote = _QUOTE_MARKERS.match(text)
    start = quote.end() if quote else 0
    return line, start, len(text) - start - len(text[start:].lstrip(" "))


def _check_list_indent(token: Token, ctx: LinkContext, above: Optional[Token]) -> None:
    """A list right after another (in the same list item, block quote or callout) whose first
    line is indented more than the item above, but not enough to sit inside it ('1. Step' then
    '  - detail': a nested item must start under the step's text, 3 spaces in): the lists are
    shown one after the other, and a numbered list starts again."""
    line, quoted, indent = _line_indent(ctx, token)
    marker = (above.info + above.markup if above is not None and above.info else
              above.markup if above is not None else "-")
    above_indent = _line_indent(ctx, above)[2] if above is not None else 0
    needed = above_indent + len(marker) + 1
    if above_indent < indent < needed:
        ctx.diagnostics.warning(Location(ctx.display, line + 1 + ctx.line_offset,
                                         quoted + indent + 1 + ctx.column_offset),
                                f"this list item is indented {indent} space"
                                f"{'s' if indent > 1 else ''}, not enough to sit inside the item "
                                "above, so it starts a list of its own: indent it to where the "
                                f"text of the item above starts ({needed} spaces, under "
                                f"'{marker} ')")


def _check_interrupting_quote(token: Token, ctx: LinkContext) -> None:
    """'(ALT' then '> 5 × ULN)' on the next line: a '>' at the start of a line starts a block
    quote even in the middle of a paragraph, which it splits."""
    line = token.map[0] if token.map else 0
    ctx.diagnostics.warning(Location(ctx.display, line + 1 + ctx.line_offset, 1 + ctx.column_offset),
                            "this line starts with '>', so it starts a block quote and splits "
                            "the paragraph above: to write 'greater than', keep it on the line "
                            "before or write ≥ or 'more than'; for a quote, leave a blank line "
                            "before it")


def _check_indented_code(token: Token, ctx: LinkContext, line: int) -> None:
    """Text indented four spaces or more is a code block: fixed-width, shown as typed."""
    ctx.diagnostics.warning(Location(ctx.display, line + 1 + ctx.line_offset, 1 + ctx.column_offset),
                            "this text is indented 4 spaces or more, so learners see it as "
                            "code, in a fixed-width box with its Markdown shown as typed: "
                            "remove the indent (to show code, fence it with ```)")


_CLOSING_MARKER = re.compile(r"\s*:{3,}\s*")
_EMPHASIS = re.compile(EMPHASIS_PATTERN)
_QUOTE_MARKERS = re.compile(r"^\s*(>\s?)+")  # a callout inside a block quote: '> :::'


def _check_callout(token: Token, ctx: LinkContext, line: int) -> None:
    """Unknown kinds, a missing closing ':::' and the date of a since-cutoff callout."""
    kind = _callout_kind(token)
    where = _loc(ctx, line, ":::")
    if token.type == "container_unknown_open":
        hint = difflib.get_close_matches(kind, CALLOUT_KINDS, n=1, cutoff=0.5)
        mean = f"did you mean '{hint[0]}'? " if hint else ""
        ctx.diagnostics.error(where, f"unknown callout kind '{kind}' ({mean}known kinds: "
                                     f"{', '.join(CALLOUT_KINDS)})")
    end = token.map[1] if token.map else len(ctx.source_lines)
    closing = _QUOTE_MARKERS.sub("", ctx.source_lines[end]) if end < len(ctx.source_lines) else ""
    if end >= len(ctx.source_lines) or not _CLOSING_MARKER.fullmatch(closing):
        ctx.diagnostics.error(where, f"callout '::: {kind}' is never closed: end it with a line "
                                     "':::' (otherwise the rest of the lesson is inside it)")
    if kind == "since-cutoff":
        _check_since_cutoff(token, ctx, line)
    title = token.info.strip()[len(kind):]
    if "[@" in title or "`" in title or "](" in title or _EMPHASIS.search(title):
        ctx.diagnostics.error(where, f"a callout title is plain text, so '{title.strip()}' "
                                     "would be shown as typed: put citations, links and emphasis "
                                     "in the callout's text")


def _check_inline_captions(token: Token, ctx: LinkContext, line: int) -> None:
    """A captioned image (a figure) must be a paragraph of its own: inside a sentence it would
    be a figure inside a paragraph, which browsers break apart."""
    for child in token.children or []:
        if child.type == "image" and child.attrGet("title"):
            src = str(child.attrGet("src") or "")
            ctx.diagnostics.error(_loc(ctx, line, unquote(src), token),
                                  f"the captioned image '{src}' is inside a sentence: a figure "
                                  "with a caption must be a paragraph of its own (blank lines "
                                  "before and after it), or drop the caption")


def _check_nested_callouts(ctx: LinkContext) -> None:
    """'::: warning' opened inside '::: key-point' with as many colons: the first ':::' closes
    the outer one, so the rest is shown outside both, and a later ':::' closes nothing (that
    one is not reported again: ctx.explained)."""
    fence: Optional[str] = None
    open_: List[Tuple[int, int, str]] = []  # (line, colons, kind) of each callout still open
    for n, line in enumerate(ctx.source_lines):
        match = _FENCE.match(line)
        if fence is not None or match:
            fence, _, _ = _block_state(line, fence, 0, None)
            continue
        container = _CONTAINER.match(line.lstrip(" >"))
        if not container:
            continue
        colons = len(container.group(1))
        if container.group(2):
            same = next((o for o in reversed(open_) if o[1] == colons), None)
            if same is not None:
                closing = next((k for k in range(n + 1, len(ctx.source_lines))
                                if _CLOSING_MARKER.fullmatch(ctx.source_lines[k].lstrip(" >"))), None)
                if closing is not None:
                    kind = ctx.source_lines[same[0]].lstrip(" >").split()[1]
                    ctx.diagnostics.error(
                        Location(ctx.display, n + 1 + ctx.line_offset, 1),
                        f"a callout inside a callout: the '{container.group(1)}' on line "
                        f"{closing + 1 + ctx.line_offset} closes '{container.group(1)} {kind}' of "
                        f"line {same[0] + 1 + ctx.line_offset}, not this one, so the text after it "
                        f"is shown outside both: open and close the outer callout with "
                        f"{'four' if colons == 3 else colons + 1} colons ('{':' * (colons + 1)} "
                        f"{kind}' … '{':' * (colons + 1)}')")
                    ctx.explained.update(range(closing + 1, len(ctx.source_lines)))
                    return
            open_.append((n, colons, ""))
        elif open_:
            open_.pop()


def _check_stray_markers(token: Token, ctx: LinkContext, line: int) -> None:
    """A ':::' line inside a paragraph closes nothing and would be shown as text."""
    for n, text in enumerate(token.content.split("\n")):
        if _CLOSING_MARKER.fullmatch(text) and line + n not in ctx.explained:
            ctx.diagnostics.error(Location(ctx.display, line + n + 1 + ctx.line_offset, 1),
                                  "':::' closes no callout: open one with '::: note' (or "
                                  "another kind) or delete this line")


# Strong emphasis whose text ends in punctuation, closed right before a letter or digit: the
# closing marks are not right-flanking (CommonMark), so nothing is emphasised and learners see
# the stars ('**Note:**Take', '**(ALT)**level').
_GLUED_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)([^*_\n]*?[^\w\s*_])\1(?=[^\W_])")


def _check_glued_emphasis(token: Token, ctx: LinkContext, line: int) -> None:
    text = "".join(c.content for c in token.children or [] if c.type == "text")
    for match in _GLUED_EMPHASIS.finditer(text):
        shown = match.group(0)
        ctx.diagnostics.error(_loc(ctx, line, shown, token),
                              f"'{shown}' would be shown as typed: emphasis that ends in "
                              "punctuation closes only before a space or punctuation: put a "
                              "space after the closing marks")


# Brackets around an @key that the citation rule did not take ([@key, p. 4], [see @key],
# [-@key], Pandoc's forms): shown to learners as typed. An e-mail address has a letter
# before its @, so it is not one.
_NEAR_CITATION = re.compile(rf"\[[^\[\]\n]*?(?:^|(?<=[\s\[;,-]))@{_KEY}[^\[\]\n]*\]")


# '@key' with no brackets (Pandoc's narrative citation), not inside a word or an address
_BARE_CITATION = re.compile(rf"(?<![\w@.\[/])@({_KEY})")


def _check_near_citations(token: Token, ctx: LinkContext, line: int) -> None:
    text = "".join(c.content for c in token.children or [] if c.type == "text")
    if "@" not in text:  # real citations are tokens of their own, not text
        return
    near = list(_NEAR_CITATION.finditer(text))
    for match in near:
        found = match.group(0)
        ctx.diagnostics.error(_loc(ctx, line, found, token),
                              f"'{found}' would be shown as typed, not as a citation: write "
                              "[@key] or [@key1; @key2], with nothing else inside the brackets "
                              "(page numbers and words go outside them)")
    for match in _BARE_CITATION.finditer(text):
        key = match.group(1).rstrip(".-")  # the sentence's full stop is not part of the key
        if key in ctx.reference_ids and not any(m.start() <= match.start() < m.end() for m in near):
            ctx.diagnostics.error(_loc(ctx, line, "@" + key, token, bare=True, claim=True),
                                  f"'@{key}' would be shown as typed, not as a citation: write "
                                  f"[@{key}]")


def _cells(line: str) -> int:
    """How many cells a table line holds, as markdown-it splits it (unescaped pipes; a leading
    and a trailing pipe open and close the row)."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return len(re.split(r"(?<!\\)\|", text))


_TABLE_ROW = re.compile(r"\s{0,3}\|.*\|\s*")


def _separator_for(head: str) -> str:
    return "|" + "---|" * max(_cells(head), 1)


_SEPARATOR_ROW = re.compile(r"\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*")


def _check_table_rows(lines: Sequence[int], ctx: LinkContext) -> None:
    """A row with more cells than the header loses the extra ones (a dose, a route)."""
    start, end = lines[0], min(lines[1], len(ctx.source_lines))
    if start >= end:
        return
    source = [_QUOTE_MARKERS.sub("", line) for line in ctx.source_lines[start:end + 3]]  # '> |'
    columns = _cells(source[0])
    piped = source[0].lstrip().startswith("|")
    _check_row_after_blank(source, end - start, columns, start, ctx)
    for n in range(start + 2, end):
        found = _cells(source[n - start])
        row = source[n - start].strip()
        if piped and not row.startswith("|") and found < columns:
            # the rest of a cell wrapped onto the next line: a row of its own
            first = re.split(r"(?<!\\)\|", row)[0].strip()
            ctx.diagnostics.error(Location(ctx.display, n + 1 + ctx.line_offset, 1),
                                  f"this line is shown as a table row of its own ({found} "
                                  f"cell{'s' if found > 1 else ''} of {columns}), so '{first}' "
                                  "appears in the first column: a cell cannot go on to the next "
                                  "line; join this line to the one above")
        elif found > columns:
            ctx.diagnostics.error(Location(ctx.display, n + 1 + ctx.line_offset, 1),
                                  f"this table row has {found} cells but the header has "
                                  f"{columns}: learners would not see the last {found - columns}; "
                                  "add a column to the header or remove the extra cells (a '|' "
                                  "inside a cell is written '\\|')")


def _check_row_after_blank(source: Sequence[str], after: int, columns: int, start: int,
                           ctx: LinkContext) -> None:
    """A blank line, then a row of as many cells that starts no table of its own: a row of the
    table above, shown as a paragraph of pipes (a blank line ends a table)."""
    if len(source) < after + 2 or source[after].strip() or not _TABLE_ROW.fullmatch(source[after + 1]):
        return
    starts_a_table = len(source) > after + 2 and _SEPARATOR_ROW.fullmatch(source[after + 2]) \
        and "-" in source[after + 2]
    if _cells(source[after + 1]) == columns and not starts_a_table:
        ctx.diagnostics.error(Location(ctx.display, start + after + 2 + ctx.line_offset, 1),
                              "this line is shown as text, with its '|', not as a row of the "
                              "table above: a blank line ends a table; delete the blank line "
                              "before it")


def _check_broken_table(lines: Sequence[int], ctx: LinkContext) -> None:
    """A header and a separator row whose columns differ: shown as a paragraph of pipes."""
    start = lines[0]
    if start + 1 >= min(lines[1], len(ctx.source_lines)):
        return
    head, rule = (_QUOTE_MARKERS.sub("", line) for line in ctx.source_lines[start:start + 2])
    if head.count("|") >= 2 and _TABLE_ROW.fullmatch(head) and _TABLE_ROW.fullmatch(rule) \
            and not _SEPARATOR_ROW.fullmatch(rule):
        ctx.diagnostics.error(Location(ctx.display, start + 1 + ctx.line_offset, 1),
                              "this table is shown as plain text: it has no separator row "
                              f"under its header (such as '{_separator_for(head)}'); add one")
    elif "|" in head and "-" in rule and "|" in rule and _SEPARATOR_ROW.fullmatch(rule):
        ctx.diagnostics.error(Location(ctx.display, start + 2 + ctx.line_offset, 1),
                              f"this table is shown as plain text: its separator row has "
                              f"{_cells(rule)} columns but its header {_cells(head)}; give both "
                              "the same number")


# A paragraph line that was meant as a heading or a list item but is shown as typed: the
# space after the marker missing, a non-breaking space (pasted from a word processor) in its
# place, or a word processor's bullet character.
_FAILED_BLOCK = re.compile(r"[ \t]*(?:>[ \t]*)*(?:(#{1,6})(?:[^\s#\d]|\u00a0)|([•◦▪‣●])[ \t]+[^\s=]"
                           r"|([-+*]|\d{1,9}[.)])\u00a0|(-)[A-Z])")
_FAILED_BLOCK_ADVICE = (
    "a heading needs a plain space after its '#'s ('## Dosing')",
    "a list item starts with '- ' (a hyphen and a space), each on its own line",
    "a list item needs a plain space after its marker, not a non-breaking one",
    "a list item needs a space after its '-' ('- Wash hands')",
)


def _check_link_definitions(references: Dict[str, Any], ctx: LinkContext) -> None:
    """A line '[label]: text' is a link reference definition, never shown; one no link uses is
    most likely a line the author meant learners to read ('[Source]: NICE')."""
    lines = ctx.source_lines
    for definition in references.values():
        where = definition.get("map") or [0, 0]
        if not where[1] or where[0] >= len(lines):
            continue
        line = lines[where[0]]
        label = re.match(r"\s*\[([^\]]*)\]", line)
        if not label:
            continue
        use = re.compile(r"\[\s*" + r"\s+".join(map(re.escape, label.group(1).split())) + r"\s*\]",
                         re.IGNORECASE)
        if any(use.search(text) for n, text in enumerate(lines) if not where[0] <= n < where[1]):
            continue
        shown = line.strip()
        ctx.diagnostics.warning(
            Location(ctx.display, where[0] + 1 + ctx.line_offset, line.find("[") + 1 + ctx.column_offset),
            f"'{shown}' is read as a link definition, which is never shown, and no link uses it: "
            f"to show the line, write '\\{shown}'; for a link, write [text](address)")


# A numbered line under a line of text: only a list starting at 1 interrupts a paragraph
# (CommonMark), so '4. Check the pulse.' joins the paragraph above; one or two digits, so that
# a wrapped '2019. The FDA …' is left alone.
_LATE_NUMBER = re.compile(r"[ \t]{0,3}(\d{1,2})[.)][ \t]+\S")


# 'a. airway' / 'b) breathing' on the lines of a paragraph: a lettered list, which Markdown lacks
_LETTERED = re.compile(r"[ \t]*([a-zA-Z])[.)][ \t]+(?=\S)")


def _check_failed_blocks(lines: Sequence[int], ctx: LinkContext) -> None:
    for n in range(lines[0] + 1, min(lines[1], len(ctx.source_lines))):
        number = _LATE_NUMBER.match(ctx.source_lines[n])
        if number and number.group(1) != "1":
            text = ctx.source_lines[n].strip()
            shown = text if len(text) <= 30 else text[:29] + "…"
            ctx.diagnostics.warning(
                Location(ctx.display, n + 1 + ctx.line_offset, number.start(1) + 1),
                f"'{shown}' is shown as typed, as part of a paragraph: a numbered list that "
                "starts at a number other than 1 needs a blank line before it")
            break  # the list's first line: the rest follow from it
    for n in range(lines[0] + 1, min(lines[1], len(ctx.source_lines)) - 1):
        first, second = (_LETTERED.match(ctx.source_lines[k]) for k in (n, n + 1))
        if first and second and first.group(1) in "aA" and second.group(1) in "bB":
            item = ctx.source_lines[n][first.end():].strip()
            ctx.diagnostics.warning(
                Location(ctx.display, n + 1 + ctx.line_offset, first.start(1) + 1),
                f"'{ctx.source_lines[n].strip()}' is shown as typed, on one line with the text "
                f"above: Markdown has no lettered lists; write '- {item}' (or number the items)")
            break  # the list's first line: the rest follow from it
    for n in range(lines[0], min(lines[1], len(ctx.source_lines))):
        match = _FAILED_BLOCK.match(ctx.source_lines[n])
        if match:
            group = next(i for i in range(4) if match.group(i + 1) is not None)
            if match.group(1) == "#" and not (lines[1] - lines[0] == 1
                                             and len(ctx.source_lines[n].split()) <= 8):
                continue  # '#TRKfusion carried the news…': a hashtag, not a heading
            text = ctx.source_lines[n].strip()
            shown = text if len(text) <= 30 else text[:29] + "…"
            ctx.diagnostics.warning(
                Location(ctx.display, n + 1 + ctx.line_offset, match.start(group + 1) + 1),
                f"'{shown}' is shown as typed, as part of a paragraph: "
                f"{_FAILED_BLOCK_ADVICE[group]}")


# What a quiz text (prompt, choice, feedback, rationale: one paragraph, rendered inline)
# would run together into one line, shown as typed.
_BLOCK_IN_INLINE = (
    (re.compile(r"\s*$"), "a blank line (a second paragraph)"),
    # only '1.' starts a numbered list after a line of text ('2019. The EU…' is a year)
    (re.compile(r"\s{0,3}([-*+]|1[.)])\s+\S"), "a list"),
    (re.compile(r"\s{0,3}\|.*\|\s*$"), "a table"),
    (re.compile(r"\s{0,3}#{1,6}\s"), "a heading"),
    (re.compile(r"\s{0,3}>(?!\s*[\d=])"), "a block quote"),  # '> 5 × ULN' means greater than
)


def _check_inline_blocks(ctx: LinkContext) -> None:
    lines = ctx.source_lines
    for n, line in enumerate(lines):
        if n == 0 or (n == len(lines) - 1 and not line.strip()):
            continue  # the first line starts the paragraph; a last empty line ends the text
        for pattern, what in _BLOCK_IN_INLINE:
            if pattern.match(line):
                ctx.diagnostics.error(
                    Location(ctx.display, n + 1 + ctx.line_offset, 1 + ctx.column_offset),
                    f"{what} in a quiz text: quiz texts are shown as one paragraph, so it would "
                    "run into the line before it, shown as typed; write one paragraph (put "
                    "lists and tables in the lesson)")
                break


# Other Markdown tools' syntax that CommonMark shows as typed.
_FOREIGN_SYNTAX = (
    (re.compile(r"\[\^[^\]\s]+\]"), "footnotes are not supported: cite a "
     "reference with [@key] or write the note in the text"),
    (re.compile(r"(?<!~)~~(?=\S)[^~\n]+?(?<=\S)~~(?!~)"),
     "strikethrough is not supported: write the words you mean"),
    (re.compile(r"(?<![=\w<>-])==(?=[^\s=>])[^=\n]+?(?<=[^\s=<])==(?![=>\w])"),
     "highlighting is not supported: use **bold** or a '::: key-point' callout"),
    (re.compile(r"^\[![A-Z]+\]"), "GitHub alerts are not supported: use a "
     "callout such as '::: note'"),
    (re.compile(r"^\[[ xX]\]\s"), "task lists are not supported: write a "
     "plain list"),
    # Pandoc's H~2~O and x^2^: a tilde after a letter or digit around a short index; a caret
    # around a number (HGVS writes 'Ala^Ser' for "or", units 'm^-2·d^-1')
    (re.compile(r"(?<=[A-Za-z0-9)])~[A-Za-z0-9+-]{1,6}~(?!~)"),
     "subscripts are not supported: write the character (O₂, CO₂)"),
    (re.compile(r"(?<=[A-Za-z0-9)])\^[+-]?\d[A-Za-z0-9+-]{0,5}\^"),
     "superscripts are not supported: write the character (m², 10⁻³)"),
    (re.compile(r"\[[^\[\]\n]+\]\[[^\[\]\n]*\]"),
     "a reference-style link whose definition '[label]: address' is missing (or unsupported): "
     "write [text](address)"),
    # TeX math: between dollars, a command ('\alpha') or a braced index ('x^{2}'), so that
    # prices ('$5 to $10') are left alone
    # (the command looked for ahead, then one scan to the next dollar: linear in the line)
    (re.compile(r"\$\$?(?=[^$\n]*?(?:\\[A-Za-z]{2,}|[\^_]\{))[^$\n]*\$\$?"),
     "math is not supported: write the formula with characters (α, ≥, x², ½), or show it as "
     "an image with a text alternative"),
    # '** bold **', '* emphasis *': a mark must touch the words it marks (CommonMark's
    # flanking rule); words that start with a letter and do not end in a digit, so that
    # '5 * 3 grid, 2 * 2' is left alone
    (re.compile(r"(?<![\w*\\])(\*\*?|__?)(?:[ \t]+[^\W\d_](?:[^*_\n]*[^\s\d*_])?[ \t]*"
                r"|[^\W\d_](?:[^*_\n]*[^\s\d*_])?[ \t]+)\1(?![\w*])"),
     "emphasis marks must touch the words they mark: write **words** or *words*"),
    # ':warning:' as a word of its own; ratios ('1:2:3'), times and 'a:b' are left alone
    (re.compile(r"(?<![^\s(\[]):[a-z][a-z0-9_+-]*[a-z0-9]:(?=[\s.,;!?)\]]|$)"),
     "emoji codes are not supported: type the emoji itself, or leave it out"),
)


# each pattern above needs one: most paragraphs have none
_FOREIGN_MARKS = ("[", "~", "==", "^", "$", ":", "* ", " *", "_ ", " _")
_ATTRIBUTES = re.compile(r"\{(?:[.#][\w-]+|[\w-]+=[^}\s]*)(?:\s+[^}\n]*)?\}")


def _check_foreign_syntax(token: Token, ctx: LinkContext, line: int) -> None:
    text = "".join(c.content for c in token.children or [] if c.type == "text")
    if not any(mark in text for mark in _FOREIGN_MARKS):
        return
    for pattern, advice in _FOREIGN_SYNTAX:
        for match in pattern.finditer(text):
            if match.group(0) not in token.content:
                continue  # written with a backslash ('x\^2\^'): shown as typed, as meant
            ctx.diagnostics.error(_loc(ctx, line, match.group(0), token),
                                  f"'{match.group(0)}' would be shown as typed: {advice}")


def _check_attributes(token: Token, ctx: LinkContext, line: int) -> None:
    """Pandoc's and kramdown's '{width=50%}' after an image or a link: shown as typed."""
    children = token.children or []
    for before, child in zip(children, children[1:]):
        if child.type == "text" and before.type in ("image", "link_close") \
                and child.content.startswith("{"):
            match = _ATTRIBUTES.match(child.content)
            if match:
                ctx.diagnostics.error(_loc(ctx, line, match.group(0), token),
                                      f"'{match.group(0)}' would be shown as typed: attributes "
                                      "in braces are not supported (an image is as wide as the "
                                      "page allows)")


_NUMBERS_STARRED = re.compile(r"\d\*\d[^*\n]*?\d\*\d")


def _check_starred_numbers(token: Token, ctx: LinkContext, line: int) -> None:
    """'5*3 grid and a 2*2 table': the stars between digits make the words between them
    emphasis."""
    children = token.children or []
    match = _NUMBERS_STARRED.search(token.content)
    if match and any(child.type == "em_open" for child in children):
        ctx.diagnostics.warning(_loc(ctx, line, match.group(0), token),
                                f"the '*' in '{match.group(0)}' make the text between them "
                                "emphasis: write × for 'times' (5×3), or \\* for a star")
        return
    for opened, inside in zip(children, children[1:]):
        # footnote stars: '(IRC)*, DoR (INV)*' reads as emphasis of ', DoR (INV)'
        if opened.type == "em_open" and opened.markup == "*" and inside.type == "text" \
                and inside.content[:1] in ",;:.)":
            ctx.diagnostics.warning(_loc(ctx, line, "*" + inside.content[:12], token),
                                    f"the '*' before '{inside.content[:12]}' and the next '*' "
                                    "make the text between them emphasis: for footnote stars, "
                                    "write \\*")
            return


# '5` end': a backtick typed for a prime (5′) after a digit opens code that a later one
# ('3` end') closes
_BACKTICK_PRIME = re.compile(r"(\d)`([^`\n]*\d)`(?!`)")


def _check_backtick_primes(token: Token, ctx: LinkContext, line: int) -> None:
    codes = {child.content.strip() for child in token.children or ()
             if child.type == "code_inline"}
    for match in _BACKTICK_PRIME.finditer(token.content):
        digit, code = match.group(1), match.group(2)
        if code.strip() not in codes:
            continue
        where = _loc(ctx, line, match.group(0), token)
        ctx.diagnostics.warning(Location(where.path, where.line, where.col and where.col + 1),
                                f"a backtick after {digit} starts code, so '{code}' is shown as "
                                f"code (fixed-width, the backticks gone): write {digit}′ "
                                f"(prime) or {digit}'")


_BARE_ADDRESS = re.compile(r"\b(?:(?:https?|ftp)://|www\.)[^\s<>]*[^\s<>.,;:!?)\]'\"]",
                           re.IGNORECASE)


def _check_bare_addresses(token: Token, ctx: LinkContext, line: int) -> None:
    """A web address in running text is shown as text, not a link (CommonMark links only
    <https://…> and [text](https://…); linkify would cost every lesson a slower parse)."""
    if "://" not in token.content and "www." not in token.content.lower():
        return
    depth = 0  # inside a link's text, an address is that link's own text
    for child in token.children or ():
        depth += child.type == "link_open"
        depth -= child.type == "link_close"
        if child.type != "text" or depth:
            continue
        for match in _BARE_ADDRESS.finditer(child.content):
            address = match.group(0)
            full = address if "://" in address else f"https://{address}"
            ctx.diagnostics.warning(_loc(ctx, line, address, token, bare=True, claim=True),
                                    f"'{address}' is shown as plain text, not a link: write "
                                    f"<{full}> or [text]({full})")


# A link or image whose destination has a space outside <...> and no "title": not a link.
# (written so that each '](' is tried in bounded time: a 60 KB line of '](a ' took 20 s)
_SPACED_PATH = re.compile(r"\]\(([^)<\s\n][^)\s\n]*\s+[^)\n]{0,500})\)")


def _check_spaced_paths(token: Token, ctx: LinkContext, line: int) -> None:
    text = "".join(c.content for c in token.children or [] if c.type == "text")
    for match in _SPACED_PATH.finditer(text):
        dest = match.group(1).strip()
        first, rest = dest.split(None, 1) if " " in dest or "\t" in dest else (dest, "")
        if not rest or rest[0] in "\"'(":
            continue  # a path followed by a title is a real link
        if dest.startswith("#"):
            ctx.diagnostics.error(_loc(ctx, line, dest, token),
                                  f"'{dest}' is not a heading's anchor, so this is shown as text, "
                                  f"not a link: write [text](#{heading_anchor(dest[1:])}) (a "
                                  "heading's text in lower case, spaces as '-', punctuation "
                                  "dropped)")
            continue
        fix = quote(dest, safe="/.-_~")
        ctx.diagnostics.error(_loc(ctx, line, dest, token),
                              f"path '{dest}' contains a space, so this is shown as text, not "
                              f"a link or image: write it as <{dest}> or {fix} (or rename the "
                              "file without spaces)")


_EXTERNAL_IN_HTML = re.compile(r"""(?:\b(?:src|href|srcset|data|poster|action)\s*=\s*["']?|"""
                               r"""url\(\s*["']?|@import\s+["']?)\s*((?:https?:)?//[^\s"')>]+)""",
                               re.IGNORECASE)
_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)")


def _check_raw_html(html: str, ctx: LinkContext, line: int, parent: Token) -> None:
    """Raw HTML is an error: learners would see it as literal text (comments are allowed)."""
    if _is_comment(html):
        return
    tag = _TAG.search(html)
    if tag and tag.group(1).lower() not in HTML_ELEMENTS:
        return  # '<LLN or ALT rises >': names no element, shown exactly as typed
    if tag and html.lstrip().startswith("</") and \
            re.search(rf"<\s*{re.escape(tag.group(1))}\b", parent.content or "", re.IGNORECASE):
        return  # closes a tag reported where it opens
    needle = tag.group(0) if tag else html.strip()[:20]
    where = _loc(ctx, line, needle, parent)
    outside = _EXTERNAL_IN_HTML.search(html)
    if outside:
        ctx.diagnostics.error(where, f"raw HTML loads '{outside.group(1)}' from outside the "
                                     "package (closed networks block external requests): copy "
                                     "the file into media/ and use Markdown")
    elif tag and tag.group(1).lower() in ("sup", "sub"):
        ctx.diagnostics.error(where, f"raw HTML (<{tag.group(1)}>) is not supported in lessons "
                                     "and would be shown as literal text: write superscripts and "
                                     "subscripts as characters, which every browser shows "
                                     "(m², 10⁻³, O₂)")
    else:
        name = f"<{tag.group(1)}>" if tag else "raw HTML"
        closing = html.lstrip().startswith("</")
        ctx.diagnostics.error(where, f"raw HTML ({name}) is not supported in lessons and would "
                                     "be shown as literal text: " +
                                     ("delete it (a closing tag with nothing to close)" if closing
                                      else "write it in Markdown"))


def _check_unclosed(token: Token, ctx: LinkContext, line: int) -> None:
    """A comment or code fence that runs to the end of the text because nothing closes it:
    learners would see nothing after a comment, and everything after a fence as code."""
    if not token.map or token.map[1] < len(ctx.source_lines):
        return  # it ends before the text does: closed (or ended by its list or quote)
    last = ctx.source_lines[token.map[1] - 1].strip().lstrip(">").strip()
    if token.type == "fence":
        fence = token.markup
        if token.map[1] - 1 > token.map[0] and len(last) >= len(fence) and last == fence[0] * len(last):
            return
        ctx.diagnostics.error(_loc(ctx, line, fence, token),
                              f"the code fence '{fence}' opened here is never closed, so everything "
                              f"after it is shown as code, its Markdown as typed: end it with a "
                              f"line '{fence}'")
    elif _is_comment(token.content) and "-->" not in token.content:
        ctx.diagnostics.error(_loc(ctx, line, "<!--", token),
                              "the comment '<!--' opened here is never closed, so learners see "
                              "nothing after it: end the comment with '-->'")


def _check_open_comment(token: Token, ctx: LinkContext, line: int) -> None:
    """'<!--' in a paragraph with no '-->' before its end is not a comment: shown as typed."""
    for child in token.children or []:
        if child.type == "text" and "<!--" in child.content:
            where = _loc(ctx, line, "<!--", token)
            row = (where.line or 0) - 1 - ctx.line_offset
            source = ctx.source_lines[row] if where.col and 0 <= row < len(ctx.source_lines) else "<!--"
            shown = source[source.find("<!--"):].strip()
            ctx.diagnostics.error(where, f"the comment '<!--' is not closed in its paragraph, so "
                                         f"learners see '{shown}' as typed: end the comment with "
                                         "'-->' before the blank line")
            return


def _is_lone_captioned_image(tokens: List[Token], i: int) -> bool:
    children = [c for c in tokens[i].children or [] if not (c.type == "text" and not c.content.strip())]
    return (len(children) == 1 and children[0].type == "image" and bool(children[0].attrGet("title"))
            and 0 < i < len(tokens) - 1 and tokens[i - 1].type == "paragraph_open")


def _check_since_cutoff(token: Token, ctx: LinkContext, line: int) -> None:
    when = token.info.strip()[len("since-cutoff"):].strip().split(" ")[0]
    if not _SINCE_DATE.fullmatch(when):
        ctx.diagnostics.error(_loc(ctx, line, "since-cutoff"),
                              "a 'since-cutoff' callout needs a date first: "
                              "'::: since-cutoff YYYY-MM Title'")
    elif ctx.literature_cutoff and _earlier(when, ctx.literature_cutoff):
        ctx.diagnostics.warning(
            _loc(ctx, line, when),
            f"this 'since-cutoff' callout is dated {when}, before the course's literature "
            f"cut-off ({ctx.literature_cutoff}): learners would read 'Since the literature "
            f"cut-off ({format_date(when, ctx.language)})' about evidence the course covers; "
            "correct the date, or make it a note")


def _earlier(date: str, than: str) -> bool:
    """Whether a date ('2024', '2024-06', '2024-06-30') is before another, at the precision
    both have ('2025' is not before '2025-04')."""
    size = min(len(date), len(than))
    return date[:size] < than[:size]


def _check_inline(child: Token, ctx: LinkContext, parent: Token, line: int) -> None:
    if child.type == "citation":
        _check_citation_keys(child.meta["keys"], ctx, None, line, parent)
    elif child.type == "image":
        _check_image(child, ctx, parent, line)
    elif child.type == "link_open":
        _check_link(child, ctx, parent, line)
    elif child.type == "html_inline":
        _check_raw_html(child.content, ctx, line, parent)


def _check_link_text(children: List[Token], n: int, ctx: LinkContext, parent: Token,
                     line: int) -> None:
    """A link with no text shows nothing to click, and screen readers read only its address."""
    for child in children[n + 1:]:
        if child.type == "link_close":
            break
        if child.type != "text" or child.content.strip():
            return  # text, emphasis, code or an image (its alt text names the link)
    href = str(children[n].attrGet("href") or "")
    ctx.diagnostics.error(_loc_destination(ctx, line, href, parent),
                          f"link '{unquote(href)}' has no text, so learners would see nothing to "
                          f"click: write [text]({href})")


def _close_reference(key: str, ids: Set[str]) -> str:
    """A reference id the key was probably meant to be: the same in another case, or close."""
    same = sorted(i for i in ids if i.casefold() == key.casefold())
    close = same or difflib.get_close_matches(key, sorted(ids), n=1, cutoff=0.8)
    return f" (did you mean '@{close[0]}'?)" if close else ""


def _check_citation_keys(keys: List[str], ctx: LinkContext, where: Optional[Location],
                         line: int = 0, parent: Optional[Token] = None) -> None:
    for key in keys:
        if key not in ctx.reference_ids:
            if not ctx.references_known:  # the reference list failed to load: reported there
                continue
            ctx.diagnostics.error(where or _loc(ctx, line, "@" + key, parent, claim=True),
                                  f"citation '@{key}' is not in the reference list"
                                  f"{_close_reference(key, ctx.reference_ids)}")
            continue
        ctx.reference_numbers.setdefault(key, len(ctx.reference_numbers) + 1)
        if key not in ctx.cited:
            ctx.cited.append(key)


# Markdown a caption (an image title, escaped but for its [@key] citations) would show as typed
_CAPTION_MARKS = (re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"), _EMPHASIS, re.compile(r"`[^`\n]+`"))


# Alt text that describes nothing: a file name, or a word that only says it is an image.
_NOT_A_DESCRIPTION = re.compile(
    r"[\w .()-]+\.(?:png|jpe?g|gif|svg|webp|bmp|tiff?|avif)"
    r"|(?:image|picture|photo|photograph|figure|graphic|icon|img|pic|screenshot|placeholder|"
    r"alt|alt text|diagram|chart)(?: ?\d+)?", re.IGNORECASE)


def _check_image(token: Token, ctx: LinkContext, parent: Token, line: int) -> None:
    src = str(token.attrGet("src") or "")
    where = _loc_destination(ctx, line, src, parent)
    if not (token.content or "").strip():
        # the image without alt text, not an earlier one of the same file
        empty = _loc(ctx, line, "![](" + unquote(src), parent, claim=True)
        if empty.col:
            where = Location(empty.path, empty.line, empty.col + len("![]("))
        ctx.diagnostics.error(where, f"image '{src}' has no alt text: describe what it shows")
    elif _NOT_A_DESCRIPTION.fullmatch(token.content.strip()):
        alt = token.content.strip()
        at = _loc(ctx, line, "![" + alt, parent, claim=True)
        ctx.diagnostics.warning(
            Location(at.path, at.line, at.col + 2) if at.col else where,
            f"the alt text '{alt}' does not describe the image, and screen readers read it out "
            "in its place: describe what the image shows")
    title = token.attrGet("title")
    if title:
        token.meta["caption"] = title
        token.attrs.pop("title", None)
        for match in _CITATION.finditer(str(title)):
            keys = _citation_keys(match)
            _check_citation_keys(keys, ctx, where)
        marked = next((m for m in (p.search(_CITATION.sub("", str(title))) for p in _CAPTION_MARKS)
                       if m), None)
        if marked:
            ctx.diagnostics.error(_loc(ctx, line, marked.group(0), parent),
                                  f"a caption is plain text, so '{marked.group(0)}' would be shown "
                                  "as typed: only [@key] citations work in a caption; write "
                                  "emphasis and links in the text around the figure")
    if urlsplit(src).scheme or src.startswith("//"):
        ctx.diagnostics.error(where, f"image '{src}' is loaded from outside the package: "
                                     "copy it into media/ (closed networks block external requests)")
        return
    target = _resolve_local(src, ctx, where)
    if target is None:
        return
    if target.suffix.lower() not in IMAGE_SUFFIXES + AUDIO_SUFFIXES + VIDEO_SUFFIXES:
        ctx.diagnostics.error(where, f"'{src}' cannot be shown in the page (browsers show a "
                                     "broken image for it): use PNG, JPEG, GIF, WebP or SVG for "
                                     "a picture, MP4 or WebM for a video, MP3 or M4A for audio; "
                                     "to offer any other file, link to it: [text](file)")
        return
    token.attrSet("src", _package_href(target, ctx))


def _link_text(token: Token, parent: Token) -> str:
    """The text of the link that token opens, as its words (the source of its text tokens)."""
    children = list(parent.children or [])
    start = next((i for i, child in enumerate(children) if child is token), len(children))
    words = []
    for child in children[start + 1:]:
        if child.type == "link_close":
            break
        words.append(child.content)
    return "".join(words)


def _check_link(token: Token, ctx: LinkContext, parent: Token, line: int) -> None:
    href = str(token.attrGet("href") or "")
    where = _loc_destination(ctx, line, href, parent)
    parts = urlsplit(href)
    if parts.scheme in EXTERNAL_SCHEMES or href.startswith("//"):
        if href.startswith("//"):
            ctx.diagnostics.error(where, f"link '{href}' has no scheme: write https://…")
        token.attrSet("target", "_blank")
        token.attrSet("rel", "noopener noreferrer")
        token.attrSet("class", "external")
        return
    if parts.scheme:
        ctx.diagnostics.error(where, f"link '{href}' uses the unsupported scheme '{parts.scheme}:'")
        return
    if not parts.path:
        if parts.fragment:  # a link within the page: checked once every heading is named
            ctx.fragments.append(("", unquote(parts.fragment), where))
        elif not parts.query:  # '[text]()', '[text](#)', '[text](<>)'
            text = _link_text(token, parent)
            ctx.diagnostics.error(
                _loc(ctx, line, f"[{text}]", parent, claim=True),
                f"link '{text}' has no address, so clicking it leads nowhere (the page reloads or "
                f"jumps to its top): write [{text}](address), or remove the brackets")
        return
    if parts.path.lower().startswith("www."):
        ctx.diagnostics.error(where, f"link '{href}' has no scheme, so it would point into the "
                                     f"package: write https://{href}")
        return
    target = _resolve_local(href.split("#")[0], ctx, where)
    if target is None:
        return
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    if target.suffix.lower() == ".md":
        page = ctx.lesson_pages.get(target)
        if page is None:
            ctx.diagnostics.error(where, f"link '{href}' points to a Markdown file that is not "
                                         "a lesson of the course")
            return
        ctx.media.discard(target)
        token.attrSet("href", page + fragment)
        if parts.fragment:
            ctx.fragments.append((page, unquote(parts.fragment), where))
    elif target.suffix.lower() in SOURCE_SUFFIXES:
        ctx.media.discard(target)
        ctx.diagnostics.error(where, f"link '{href}' points to a course source file, which is "
                                     "not packaged: link to a lesson (.md), a media file or a "
                                     "web address")
    else:
        token.attrSet("href", _package_href(target, ctx) + fragment)


SOURCE_SUFFIXES = (".yaml", ".yml")


def _package_href(target: Path, ctx: LinkContext) -> str:
    """The file's address from a page (pages sit one folder deep), percent-encoded."""
    return "../" + quote(target.relative_to(ctx.root).as_posix())


def _resolve_local(ref: str, ctx: LinkContext, where: Location) -> Optional[Path]:
    """Resolve a relative path; it must exist and stay inside the course folder."""
    path = unquote(ref)
    if path.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", path) or "\\" in path:
        ctx.diagnostics.error(where, f"'{path}' must be a relative path with '/' separators")
        return None
    if "\x00" in path:  # '%00': no file system accepts it
        ctx.diagnostics.error(where, f"'{path}' contains a NUL character")
        return None
    target = resolve_inside(ctx.file.parent / path, ctx.root, ctx.resolved)
    if target is None:
        ctx.diagnostics.error(where, f"'{path}' points outside the course folder")
        return None
    if not target.is_file():
        link = link_problem(ctx.file.parent / path)
        ctx.diagnostics.error(where, f"'{path}' {link}" if link else
                              f"'{path}' does not exist{did_you_mean(target)}")
        return None
    unread = unread_reason(target, ctx.root, ctx.excluded)
    if unread is not None:
        ctx.diagnostics.error(where, f"'{path}' is inside {unread}: move the file")
        return None
    ctx.media.add(target)
    ctx.media_at.setdefault(target, where)
    return target


def resolve_inside(path: Path, root: Path, real: Optional[RealPaths] = None) -> Optional[Path]:
    """Resolve symlinks and '..'; None when the result is outside root.

    Lessons link the same few files many times; a loader passes one RealPaths for its run.
    """
    resolved = real(path) if real is not None else path.resolve()
    try:
        resolved.relative_to(root)
    except ValueError:
        return None
    return resolved


def _loc(ctx: LinkContext, block_line: int, needle: str, parent: Optional[Token] = None,
         bare: bool = False, claim: bool = False) -> Location:
    """Find the exact line and column of needle within the block that starts at block_line.

    bare: the mistake is the needle written outside brackets ('@ref1' not in '[@ref1]', an
    address not in a link), so occurrences inside '[…]', '(…)' or '<…>' are not it. claim: each
    report of the same text takes the next place not yet reported (a citation unknown twice)."""
    end = parent.map[1] if parent is not None and parent.map else block_line + 1
    end = max(end, block_line + 1)
    first: Optional[Tuple[int, int]] = None
    for n in range(block_line, min(end + 50, len(ctx.source_lines))):
        line = ctx.source_lines[n]
        col = line.find(needle) if needle else -1
        while col >= 0:
            if not (bare and _inside_brackets(line, col)):
                first = first or (n, col)
                if not claim or (n, col, needle) not in ctx.claimed:
                    ctx.claimed.add((n, col, needle))
                    return Location(ctx.display, n + 1 + ctx.line_offset, col + 1 + ctx.column_offset)
            col = line.find(needle, col + 1)
    if first is not None:
        return Location(ctx.display, first[0] + 1 + ctx.line_offset, first[1] + 1 + ctx.column_offset)
    return Location(ctx.display, block_line + 1 + ctx.line_offset)


def _inside_brackets(line: str, col: int) -> bool:
    """Whether position col of a line is inside '[…]' or '<…>' opened before it, or a link's
    destination ('](' right before it); prose parentheses do not count."""
    before = line[:col]
    return before.endswith("](") or any(before.rfind(opening) > before.rfind(closing)
                                        for opening, closing in (("[", "]"), ("<", ">")))


def _loc_destination(ctx: LinkContext, block_line: int, href: str, parent: Token) -> Location:
    """Where a link's or image's destination is written: as typed ('<fünf Momente.svg>') or
    percent-encoded ('hand%20rub.pdf'); markdown-it hands over the encoded form."""
    where = _loc(ctx, block_line, unquote(href), parent)
    return where if where.col or unquote(href) == href else _loc(ctx, block_line, href, parent)


# A line as markdown-it and an editor see it (source_lines), with its line break (the last may
# have none).
_LINE = re.compile("[^\n\r]*(?:\r\n|[\n\r]|\\Z)")


def split_front_matter(text: str) -> Tuple[Optional[str], str, int]:
    """Return (front matter YAML or None, body, number of lines before the body).

    Reads lines only up to the closing '---': a long lesson is not split into a list of lines.
    """
    lines = (match for match in _LINE.finditer(text) if match.group())
    first = next(lines, None)
    if first is None or first.group().strip() != "---":
        return None, text, 0
    for n, line in enumerate(lines, 2):
        if line.group().strip() in ("---", "..."):
            return text[first.end():line.start()], text[line.end():], n
    return None, text, 0
