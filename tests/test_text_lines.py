"""Line breaks an editor does not show (U+2028, U+2029, U+0085).

Python's str.splitlines() and YAML break lines there, markdown-it and editors do not. Before
2026-12-03 every diagnostic after one in a lesson named a line one too far (the loader counted
lines with splitlines), and in a YAML file such a character silently started a new line, so a
text ended or a key began where the author saw none. Now each is named at the line and column the
editor shows, and every other diagnostic of the file keeps the editor's line numbers.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from scormbuild.load.text_lines import HIDDEN_BREAKS, hidden_breaks, source_lines

from course_edits import found, replace

LS, PS, NEL = "\u2028", "\u2029", "\x85"
LESSON = Path("lessons") / "one.md"
MODULE = Path("lessons") / "module.yaml"
QUIZ = Path("lessons") / "check.yaml"
SHOWN = ("which editors do not show: the page does not start a new line there; delete it "
         "(a blank line starts a new paragraph)")
READ = "which editors do not show: YAML reads it as a new line; delete it or make it an ordinary " \
       "line break"


def test_a_line_separator_in_a_lesson_is_named_and_later_lines_keep_their_numbers(
        minimal_course: Path) -> None:
    replace(minimal_course / LESSON, "This lesson cites", f"This{LS}lesson cites")
    text = (minimal_course / LESSON).read_text(encoding="utf-8")
    (minimal_course / LESSON).write_text(text + "\nSee [nowhere](missing.md).\n", encoding="utf-8")
    line = text.count("\n") + 2
    assert found(minimal_course) == [
        f"course/lessons/one.md:7:5: warning: a line separator (U+2028), {SHOWN}",
        f"course/lessons/one.md:{line}:15: error: 'missing.md' does not exist",
    ]


def test_hidden_breaks_in_front_matter_are_errors_at_the_editors_line(minimal_course: Path) -> None:
    replace(minimal_course / LESSON, "title: Lesson one", f"title: Lesson{NEL}one")
    replace(minimal_course / LESSON, "This lesson cites", f"This lesson{PS}cites [gone](missing.md)")
    assert found(minimal_course) == [
        f"course/lessons/one.md:2:14: error: a next-line character (U+0085), {READ}",
        f"course/lessons/one.md:7:12: warning: a paragraph separator (U+2029), {SHOWN}",
        "course/lessons/one.md:7:26: error: 'missing.md' does not exist",
    ]


def test_a_hidden_break_in_yaml_would_have_started_a_key_the_author_cannot_see(
        minimal_course: Path) -> None:
    # YAML reads "Read two lessons.<PS>objectives: x" as a text and then a second key: the
    # objective's text silently lost its end. Each character is now an error at its place, and
    # the rest of the file is checked as the editor shows it (one line).
    replace(minimal_course / MODULE, "title: The only module", f"title: The only{LS}module")
    replace(minimal_course / MODULE, "text: Read two lessons.", f"text: Read two lessons.{PS}Next")
    assert found(minimal_course) == [
        f"course/lessons/module.yaml:2:16: error: a line separator (U+2028), {READ}",
        f"course/lessons/module.yaml:5:28: error: a paragraph separator (U+2029), {READ}",
    ]


def test_a_quiz_text_after_a_hidden_break_is_located_on_the_editors_line(
        minimal_course: Path) -> None:
    replace(minimal_course / QUIZ, "prompt: The sky is blue on a clear day.",
            f"prompt: The sky is blue{LS}on a clear day.")
    replace(minimal_course / QUIZ, "rationale: Rayleigh scattering.",
            "rationale: Rayleigh scattering, see [the notes](notes.md).")
    quiz = (minimal_course / QUIZ).read_text(encoding="utf-8").split("\n")
    line = next(n for n, text in enumerate(quiz, 1) if "notes.md" in text)
    col = quiz[line - 1].index("notes.md") + 1
    assert found(minimal_course) == [
        f"course/lessons/check.yaml:7:28: error: a line separator (U+2028), {READ}",
        f"course/lessons/check.yaml:{line}:{col}: error: 'notes.md' does not exist",
    ]


TEXT = st.lists(st.sampled_from(["a", " ", "\n", "\r", "\r\n", LS, PS, NEL, "\x0b"]),
                max_size=40).map("".join)


@given(TEXT)
def test_lines_break_where_markdown_it_breaks_them(text: str) -> None:
    normal = text.replace("\r\n", "\n").replace("\r", "\n")
    expected = normal.split("\n")
    if expected and expected[-1] == "":
        expected.pop()
    assert source_lines(text) == expected


@given(TEXT)
def test_each_hidden_break_is_found_at_its_line_and_column(text: str) -> None:
    lines = source_lines(text)
    places = list(hidden_breaks(text))
    assert [lines[line][col] for line, col, _ in places] == [ch for ch in text
                                                           if ch in HIDDEN_BREAKS]
    assert all(name == HIDDEN_BREAKS[lines[line][col]] for line, col, name in places)
