"""Lines of a course text as an editor and markdown-it count them, and the hidden line breaks
that other readers count differently.

Python's str.splitlines() and YAML also break lines at U+2028, U+2029 and U+0085; editors show
none of them as a new line, markdown-it does not break there and a browser shows them as a space
or a break. Diagnostics give lines as the editor shows them.
"""

from __future__ import annotations

import re
from typing import Iterator, List, Tuple


_NEWLINE = re.compile(r"\r\n?|\n")

# Line breaks that editors do not show as one, each named where it is found.
HIDDEN_BREAKS = {
    "\u2028": "a line separator (U+2028)",
    "\u2029": "a paragraph separator (U+2029)",
    "\x85": "a next-line character (U+0085)",
}
_LINE_OR_HIDDEN = re.compile("\r\n?|\n|[" + "".join(HIDDEN_BREAKS) + "]")


def source_lines(text: str) -> List[str]:
    """A text's lines, broken at CR LF, CR or LF only (what str.splitlines() gives otherwise)."""
    lines = _NEWLINE.split(text)
    return lines[:-1] if lines and not lines[-1] else lines


def hidden_breaks(text: str) -> Iterator[Tuple[int, int, str]]:
    """(0-based line, 0-based column, name) of each HIDDEN_BREAKS character in a text."""
    if not any(ch in text for ch in HIDDEN_BREAKS):
        return
    line = start = 0
    for found in _LINE_OR_HIDDEN.finditer(text):
        if found.group() in HIDDEN_BREAKS:
            yield line, found.start() - start, HIDDEN_BREAKS[found.group()]
        else:
            line, start = line + 1, found.end()
