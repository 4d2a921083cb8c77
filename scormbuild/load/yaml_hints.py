"""Plain-language explanations of YAML syntax errors, for authors who are not programmers.

PyYAML names what its parser expected ("mapping values are not allowed here"); an author needs
the usual cause and the fix. Each rule below recognises one common mistake from the parser's
message and the text around it, and may move the position to where the mistake really is (an
unclosed quote is noticed lines after it was opened).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, List, Optional, Sequence

import yaml


@dataclass(frozen=True)
class Explanation:
    """What to tell the author, and where (0-based line and column, as PyYAML counts)."""

    line: int
    column: int
    message: str


Rule = Callable[[yaml.MarkedYAMLError, Sequence[str]], Optional[Explanation]]
_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?)([^\s:#'\"][^:#]*?):\s+(.*?)\s*$")


def explain(exc: yaml.MarkedYAMLError, text: str) -> Optional[Explanation]:
    """The first rule that recognises this error, or None (the parser's words stand alone)."""
    lines = text.split("\n")
    for rule in RULES:
        found = rule(exc, lines)
        if found is not None:
            return found
    return None


def _tab(exc: yaml.MarkedYAMLError, lines: Sequence[str]) -> Optional[Explanation]:
    mark = exc.problem_mark
    if mark is None or "'\\t'" not in (exc.problem or ""):
        return None
    return Explanation(mark.line, mark.column, "this line is indented with a tab: YAML allows "
                                               "only spaces for indentation (use two spaces per level)")


def _unclosed_quote(exc: yaml.MarkedYAMLError, lines: Sequence[str]) -> Optional[Explanation]:
    """A quote left open swallows the following lines; report the line that opened it."""
    mark = exc.problem_mark
    if mark is None:
        return None
    if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
        start = exc.context_mark
        if start.line >= len(lines) or start.column >= len(lines[start.line]):
            return None
        return Explanation(start.line, start.column, _quote_message(lines[start.line][start.column]))
    if "but found '<scalar>'" not in (exc.problem or ""):
        return None
    for n in range(min(mark.line, len(lines)) - 1, -1, -1):
        col = _open_quote_column(lines[n])
        if col is not None:
            return Explanation(n, col, _quote_message(lines[n][col]))
    return None


def _quote_message(quote: str) -> str:
    return (f"this text opens a quote ({quote}) that is not closed on the same line, so YAML reads "
            f"the following lines as part of it: end the text with {quote}")


def _open_quote_column(line: str) -> Optional[int]:
    """Column of a value's opening quote when that quote is not closed on the line."""
    match = _KEY_VALUE.match(line)
    if not match or not match.group(3) or match.group(3)[0] not in "\"'":
        return None
    value = match.group(3)
    quote = value[0]
    body = value[1:].replace("\\\\", "").replace('\\"', "") if quote == '"' else value[1:].replace("''", "")
    if quote in body:
        return None
    return line.index(value)


def _colon_in_value(exc: yaml.MarkedYAMLError, lines: Sequence[str]) -> Optional[Explanation]:
    """'title: Note: read this' - the second ': ' looks like a new key."""
    mark = exc.problem_mark
    if mark is None or mark.line >= len(lines) or exc.problem != "mapping values are not allowed here":
        return None
    match = _KEY_VALUE.match(lines[mark.line])
    if not match or match.end(2) >= mark.column or match.group(3)[:1] in ("\"", "'"):
        return None
    indent, key, value = match.groups()
    if '"' in value and "'" not in value:
        quoted = f"'{value}'"
    else:
        quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return Explanation(mark.line, mark.column,
                       f"the text of '{key}' contains a colon followed by a space, which YAML "
                       f"reads as the start of a new key: put the text in quotes: "
                       f"{indent.strip() + ' ' if indent.strip() else ''}{key}: {quoted}")


_NO_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*):([^\s:][^\s]*)")


def _no_space_after_colon(exc: yaml.MarkedYAMLError, lines: Sequence[str]) -> Optional[Explanation]:
    """'prompt:What is…' - without a space after it the colon is part of one word, and the
    line is no key; the parser notices only on a later line."""
    start = exc.context_mark
    if start is None or exc.problem != "could not find expected ':'" or start.line >= len(lines):
        return None
    match = _NO_SPACE.match(lines[start.line])
    if match is None:
        return None
    indent, key, rest = match.groups()
    return Explanation(start.line, len(indent) + len(key) + 1,
                       f"put a space after the colon of '{key}': YAML reads '{key}:{rest}' as "
                       "one word")


def _indentation(exc: yaml.MarkedYAMLError, lines: Sequence[str]) -> Optional[Explanation]:
    mark = exc.problem_mark
    problem = exc.problem or ""
    if mark is None or not (problem == "mapping values are not allowed here"
                            or problem.startswith("expected <block end>")):
        return None
    above = _previous_content_line(lines, mark.line)
    where = f" (line {above + 1})" if above is not None else ""
    return Explanation(mark.line, _indent_of(lines[mark.line]),
                       f"this line's indentation does not fit the lines above{where}: keys of "
                       "the same block must start in the same column, and a key inside another "
                       "one is indented by more spaces than that key")


def _previous_content_line(lines: Sequence[str], line: int) -> Optional[int]:
    for n in range(line - 1, -1, -1):
        if lines[n].strip() and not lines[n].lstrip().startswith("#"):
            return n
    return None


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _unknown_escape(exc: yaml.MarkedYAMLError, lines: Sequence[str]) -> Optional[Explanation]:
    """'and\\or' in double quotes: the parser stops at the letter after the backslash."""
    mark = exc.problem_mark
    found = re.fullmatch(r"found unknown escape character '(.)'", exc.problem or "")
    if mark is None or found is None or mark.column < 1:
        return None
    return Explanation(mark.line, mark.column - 1,
                       "in a text in double quotes a backslash starts a code such as \\n, and "
                       f"'\\{found.group(1)}' is none: write each backslash twice ('\\\\') or "
                       "put the text in single quotes")


RULES: List[Rule] = [_tab, _unclosed_quote, _colon_in_value, _no_space_after_colon,
                     _indentation, _unknown_escape]
