"""Author mistakes found by a second review: each was silently lost or shown to learners other
than meant. Each must be one plain diagnostic at the author's line and column, and ordinary
clinical prose must give none."""

from __future__ import annotations

from pathlib import Path

import pytest


from course_edits import found, replace

QUIZ = Path("lessons") / "check.yaml"
LESSON = Path("lessons") / "two.md"


def lesson(course: Path, body: str) -> None:
    """Lesson two with this body; its first line is line 4."""
    (course / LESSON).write_text("---\ntitle: Lesson two\n---\n" + body, encoding="utf-8")


# 1 A '#' in a plain YAML text ---------------------------------------------------------------
def test_a_hash_inside_a_plain_text_is_an_error(minimal_course: Path) -> None:
    replace(minimal_course / "course.yaml", "    text: Know the minimal course.",
            "    text: Hands # of staff")
    assert found(minimal_course) == [
        "course/course.yaml:9:17: error: '# of staff' is a YAML comment (' #' starts one), so "
        "the text ends at 'Hands' and the rest of the line is lost: put the whole text in "
        "quotes (for a comment, leave two spaces before its '#')"]


def test_a_hash_inside_a_quiz_text_is_an_error(minimal_course: Path) -> None:
    replace(minimal_course / QUIZ, "prompt: The sky is blue on a clear day.",
            "prompt: The #1 cause is the hands of staff.")
    assert found(minimal_course) == [
        "course/lessons/check.yaml:7:17: error: '#1 cause is the hands of staf…' is a YAML "
        "comment (' #' starts one), so the text ends at 'The' and the rest of the line is lost: "
        "put the whole text in quotes (for a comment, leave two spaces before its '#')"]


def test_a_hash_inside_a_list_of_texts_is_an_error(minimal_course: Path) -> None:
    replace(minimal_course / "course.yaml", "audience: [Testers]",
            "audience:\n  - Nurses # and midwives")
    assert found(minimal_course) == [
        "course/course.yaml:7:12: error: '# and midwives' is a YAML comment (' #' starts one), "
        "so the text ends at 'Nurses' and the rest of the line is lost: put the whole text in "
        "quotes (for a comment, leave two spaces before its '#')"]


@pytest.mark.parametrize("old, new", [
    ("id: minimal-course", "id: minimal-course # kept once the course is in an LMS"),
    ("title: Minimal course", 'title: "Minimal course" # quoted: the comment is meant'),
    ("title: Minimal course", "title: Minimal course  # lined up two spaces after: meant"),
    ("passing_score: 50", "passing_score: 50 # percent"),
    ("require_survey: true", "require_survey: true # asked of everyone"),
    ("  - lessons", "  - lessons # the only module"),
    ("final_assessment: final.yaml", "final_assessment: final.yaml # scored"),
    ("created: 2024-01", "created: 2024-01 # first draft"),
])
def test_a_comment_after_a_name_a_number_or_a_quoted_text_is_fine(
        minimal_course: Path, old: str, new: str) -> None:
    replace(minimal_course / "course.yaml", old, new)
    assert found(minimal_course) == []


def test_a_comment_after_ids_in_a_quiz_is_fine(minimal_course: Path) -> None:
    replace(minimal_course / QUIZ, "reference: ref1", "reference: ref1 # the WHO guideline")
    replace(minimal_course / QUIZ, "objective: m1-o1", "objective: m1-o1 # reading")
    replace(minimal_course / QUIZ, "type: true-false", "type: true-false # the easiest kind")
    replace(minimal_course / "lessons" / "module.yaml", "  - one.md", "  - one.md # first")
    assert found(minimal_course) == []


# 2 Backticks written as primes ----------------------------------------------------------------
def test_a_backtick_written_as_a_prime_is_a_warning(minimal_course: Path) -> None:
    lesson(minimal_course, "Read from the 5` end and the 3` end of the strand.\n")
    assert found(minimal_course) == [
        "course/lessons/two.md:4:16: warning: a backtick after 5 starts code, so "
        "' end and the 3' is shown as code (fixed-width, the backticks gone): write 5′ "
        "(prime) or 5'"]


def test_code_after_a_digit_and_other_backticks_are_fine(minimal_course: Path) -> None:
    lesson(minimal_course, "Write `10` as two characters; the 5′ and 3′ ends; the 5' end; "
                           "type `x2` to double, and 2 `mg` tablets of `50`.\n")
    assert found(minimal_course) == []


# 3 Nested lists indented too little, inside other blocks ------------------------------------
@pytest.mark.parametrize("body, where, indent, needed", [
    # in a list item: '1. Step' starts at column 3, its text at column 6
    ("- Outer\n  1. Step\n    - detail\n", "6:5", 4, "5 spaces, under '1. '"),
    # in a block quote: counted after the '> '
    ("> 1. Step\n>   - detail\n", "5:5", 2, "3 spaces, under '1. '"),
    # in a callout
    ("::: note\n1. Step\n  - detail\n:::\n", "6:3", 2, "3 spaces, under '1. '"),
])
def test_a_nested_list_indented_too_little_inside_a_block_is_a_warning(
        minimal_course: Path, body: str, where: str, indent: int, needed: str) -> None:
    lesson(minimal_course, body)
    assert found(minimal_course) == [
        f"course/lessons/two.md:{where}: warning: this list item is indented {indent} spaces, "
        "not enough to sit inside the item above, so it starts a list of its own: indent it to "
        f"where the text of the item above starts ({needed})"]


@pytest.mark.parametrize("body", [
    "- Outer\n  1. Step\n     - detail\n",
    "> 1. Step\n>    - detail\n",
    "::: note\n1. Step\n   - detail\n:::\n",
    "- Outer\n\n  Text.\n\n- Other\n  - nested\n",
    "> - a\n\n> 1. b\n",            # two lists in two quotes, both at the margin
])
def test_a_nested_list_indented_enough_is_fine(minimal_course: Path, body: str) -> None:
    lesson(minimal_course, body)
    assert found(minimal_course) == []


# 4 Emphasis marks with spaces inside -------------------------------------------------------
@pytest.mark.parametrize("text, mark, col", [
    ("Wash ** both hands ** first.", "**", 6),
    ("Wash * both hands * first.", "*", 6),
    ("Wash **both hands ** first.", "**", 6),
    ("Wash __ both hands __ first.", "__", 6),
])
def test_emphasis_marks_with_spaces_inside_are_an_error(minimal_course: Path, text: str,
                                                        mark: str, col: int) -> None:
    lesson(minimal_course, text + "\n")
    shown = text[col - 1:text.index(mark, col + len(mark)) + len(mark)]
    assert found(minimal_course) == [
        f"course/lessons/two.md:4:{col}: error: '{shown}' would be shown as typed: emphasis "
        "marks must touch the words they mark: write **words** or *words*"]


def test_stars_in_ordinary_prose_are_fine(minimal_course: Path) -> None:
    lesson(minimal_course, "A 5 * 3 grid, 2 * 2 tables, **bold**, *emphasis*, p < 0.05 * "
                           "and \\*\\* literal stars \\*\\*.\nSignificance: * p < 0.05; ** p < "
                           "0.01; snake_case and __init__ are words.\n")
    assert found(minimal_course) == []


# 5 Near names of the files scormbuild expects -----------------------------------------------
@pytest.mark.parametrize("name", ["module.yml", "Module.yaml", "MODULE.YML", "module.yaml.txt"])
def test_a_module_file_with_a_near_name_is_named(minimal_course: Path, name: str) -> None:
    (minimal_course / "lessons" / "module.yaml").rename(minimal_course / "lessons" / name)
    if (minimal_course / "lessons" / "module.yaml").exists():
        pytest.skip("this file system ignores the case of names")
    assert [p for p in found(minimal_course) if ": error: " in p] == [
        f"course/course.yaml:19:5: error: module folder 'lessons' has no module.yaml: found "
        f"'{name}'; rename it to 'module.yaml'"]


@pytest.mark.parametrize("name", ["glossary.yml", "Glossary.yaml", "glossary.yaml.txt"])
def test_a_glossary_with_a_near_name_is_named(minimal_course: Path, name: str) -> None:
    (minimal_course / name).write_text("- term: ULN\n  definition: Upper limit of normal.\n",
                                       encoding="utf-8")
    assert found(minimal_course) == [
        f"course/{name}: error: found '{name}'; rename it to 'glossary.yaml' (the only name "
        "scormbuild reads)"]


def test_every_expected_file_name_is_checked_for_near_names() -> None:
    from scormbuild.load.files import EXPECTED_FILES

    assert set(EXPECTED_FILES) == {"course.yaml", "module.yaml", "references.yaml",
                                   "glossary.yaml"}


# 6 Titles longer than an LMS must keep -----------------------------------------------------
def test_a_course_title_longer_than_the_manifest_limit_is_a_warning(minimal_course: Path) -> None:
    title = "Hand hygiene " * 16  # 208 characters; 207 once YAML drops the last space
    replace(minimal_course / "course.yaml", "title: Minimal course", f"title: {title}")
    assert found(minimal_course) == [
        "course/course.yaml:2:8: warning: the title is 207 characters long; it is the package's "
        "title in the LMS (imsmanifest.xml <title>), and an LMS need keep only 200 (the "
        "smallest permitted maximum of SCORM's content packaging, the same in SCORM 1.2 and "
        "2004; no LMS documents its own limit): shorten it to 200 or fewer"]


def test_a_course_title_at_the_limit_is_fine(minimal_course: Path) -> None:
    replace(minimal_course / "course.yaml", "title: Minimal course", "title: " + "x" * 200)
    assert found(minimal_course) == []
