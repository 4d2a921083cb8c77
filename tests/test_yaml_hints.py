"""Plain-language YAML syntax errors: the author reads the cause and the fix, then the parser."""

from __future__ import annotations

import pytest

from scormbuild.errors import Diagnostics
from scormbuild.load.yaml_source import parse_yaml

QUOTE = ("this text opens a quote ({q}) that is not closed on the same line, so YAML reads the "
         "following lines as part of it: end the text with {q}")


@pytest.mark.parametrize("text, expected", [
    ("objectives:\n  - text: Note: read this\n",
     "f.yaml:2:15: error: YAML syntax error: the text of 'text' contains a colon followed by a "
     "space, which YAML reads as the start of a new key: put the text in quotes: "
     "- text: \"Note: read this\" (the parser says: mapping values are not allowed here)"),
    ('title: The "best" course: x\n',
     "f.yaml:1:25: error: YAML syntax error: the text of 'title' contains a colon followed by a "
     "space, which YAML reads as the start of a new key: put the text in quotes: "
     "title: 'The \"best\" course: x' (the parser says: mapping values are not allowed here)"),
    ("id: m1\ntitle: 'Minimal course\n",
     "f.yaml:2:8: error: YAML syntax error: " + QUOTE.format(q="'")
     + " (the parser says: found unexpected end of stream)"),
    ("id: m1\n  title: x\n",
     "f.yaml:2:3: error: YAML syntax error: this line's indentation does not fit the lines "
     "above (line 1): keys of the same block must start in the same column, and a key inside "
     "another one is indented by more spaces than that key (the parser says: mapping values "
     "are not allowed here)"),
    ("a: [1, 2\n", "f.yaml:2:1: error: YAML syntax error: expected ',' or ']', but got '<stream end>'"),
])
def test_yaml_syntax_errors_explain_the_usual_cause(text: str, expected: str) -> None:
    diagnostics = Diagnostics()
    assert parse_yaml(text, "f.yaml", diagnostics) is None
    assert [str(d) for d in diagnostics.items] == [expected]


def test_front_matter_positions_count_the_opening_line() -> None:
    diagnostics = Diagnostics()
    parse_yaml("title: Part 1: basics\n", "lesson.md", diagnostics, line_offset=1)
    assert [str(d) for d in diagnostics.items] == [
        "lesson.md:2:14: error: YAML syntax error: the text of 'title' contains a colon followed "
        "by a space, which YAML reads as the start of a new key: put the text in quotes: "
        "title: \"Part 1: basics\" (the parser says: mapping values are not allowed here)"]
