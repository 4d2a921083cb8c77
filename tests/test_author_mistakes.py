"""Mistakes an author makes once, found by an adversarial review on 2026-12-02: each one either
crashed the build or built silently while learners saw something else than the author meant.
Each must be a diagnostic at the author's line and column (or, for YAML's number readings, the
author's text kept as written)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scormbuild.build import BuildOptions, check

from course_edits import append, problems, replace


@pytest.mark.parametrize("where", ["module", "course"])
def test_a_lesson_listed_twice_is_reported_not_a_crash(minimal_course: Path, where: str) -> None:
    if where == "module":
        replace(minimal_course / "lessons" / "module.yaml", "  - two.md\n",
                "  - two.md\n  - one.md\n")
        assert "course/lessons/module.yaml:9:5: error: lesson 'one.md' is listed twice (first " \
               "at course/lessons/module.yaml:7:5)" in \
            problems(minimal_course)
    else:
        replace(minimal_course / "course.yaml", "modules:\n  - lessons\n",
                "modules:\n  - lessons\n  - lessons\n")
        assert any("listed twice" in p for p in problems(minimal_course))


def test_a_day_that_does_not_exist_is_reported_where_it_is(minimal_course: Path) -> None:
    replace(minimal_course / "course.yaml", "  created: 2024-01", "  created: 2024-02-30")
    assert "course/course.yaml:11:12: error: '2024-02-30' reads as a date, but that day does " \
           "not exist: correct it (or put the text in quotes)" in problems(minimal_course)


def test_numbers_yaml_would_rewrite_stay_as_written(minimal_course: Path) -> None:
    """YAML 1.1 reads 1:10 as 70 (base 60), 0700 as 448 (octal) and 1.10 as 1.1."""
    replace(minimal_course / "course.yaml", 'version: "1.0"', "version: 1.10")
    replace(minimal_course / "lessons" / "check.yaml",
            "prompt: The sky is blue on a clear day.", "prompt: 0700")
    append(minimal_course / "lessons" / "check.yaml", """  - id: kc-2
    type: fill-in
    prompt: When is the dose given?
    answers: [12:30, 0700]
    rationale: Twice a day.
    reference: ref1
    objective: m1-o1
""")
    result = check(minimal_course, BuildOptions(), label="course")
    assert result.course is not None
    assert result.course.info.version == "1.10"
    quiz = result.course.modules[0].knowledge_check
    assert quiz is not None
    first, second = quiz.questions[0].spec, quiz.questions[1].spec
    assert first.prompt == "0700"
    assert second.answers == ["12:30", "0700"]  # type: ignore[attr-defined]
    assert result.course.info.completion.passing_score == 50  # a plain number stays a number


def test_citations_in_forms_scormbuild_does_not_read_are_errors(minimal_course: Path) -> None:
    append(minimal_course / "lessons" / "two.md",
           "\nAs shown [@ref1, p. 4], [see @ref1] and [-@ref1]; write to [mail@example.org] "
           "or `[@ref1, p. 5]`.\n")
    found = [p for p in problems(minimal_course) if "would be shown as typed" in p]
    assert [p.split(": error: ")[0] + " " + p.split("'")[1] for p in found] == [
        "course/lessons/two.md:6:10 [@ref1, p. 4]",
        "course/lessons/two.md:6:25 [see @ref1]",
        "course/lessons/two.md:6:41 [-@ref1]",
    ]


@pytest.mark.parametrize("suffix", ["pdf", "mov", "tif", "docx"])
def test_a_file_browsers_cannot_show_as_an_image_is_an_error(minimal_course: Path,
                                                             suffix: str) -> None:
    (minimal_course / "media" / f"file.{suffix}").write_bytes(b"not an image")
    append(minimal_course / "lessons" / "two.md", f"\n![The handout](../media/file.{suffix})\n")
    assert any(p.startswith("course/lessons/two.md:6:16: error: '../media/file.") and
               "cannot be shown in the page" in p for p in problems(minimal_course))


def add_choice_question(course: Path, choices: str) -> None:
    """Question kc-2 of the knowledge check: single choice, answer a; `choices` is its YAML
    list, indented six spaces, starting on line 15 of the file."""
    append(course / "lessons" / "check.yaml",
           "  - id: kc-2\n    type: single-choice\n    prompt: Which one?\n    choices:\n" +
           choices + "    answer: a\n    rationale: Because.\n    reference: ref1\n"
           "    objective: m1-o1\n")


def test_two_choices_that_read_the_same_are_an_error(minimal_course: Path) -> None:
    add_choice_question(minimal_course, "      - id: a\n        text: Aspirin\n"
                                        "      - id: b\n        text: \" aspirin \"\n")
    assert "course/lessons/check.yaml:19:15: error: choices of question 'kc-2' repeat the " \
           "text 'aspirin' (entries 1 and 2): learners cannot tell them apart; reword one" in \
           problems(minimal_course)


def test_a_doi_written_as_a_web_address_is_an_error(minimal_course: Path) -> None:
    replace(minimal_course / "references.yaml", "  year: 2020\n",
            "  year: 2020\n  doi: https://doi.org/10.1000/xyz123\n")
    assert any(p.startswith("course/references.yaml:6:8: error: doi:") and
               "without https://doi.org/" in p for p in problems(minimal_course))


def test_a_table_row_with_more_cells_than_its_header_is_an_error(minimal_course: Path) -> None:
    append(minimal_course / "lessons" / "two.md",
           "\n| Drug | Dose |\n|---|---|\n| A | 5 mg | oral |\n| B | `1|2` |\n| C | 1 mg |\n")
    found = [p for p in problems(minimal_course) if "table row" in p]
    assert found == [
        "course/lessons/two.md:8:1: error: this table row has 3 cells but the header has 2: "
        "learners would not see the last 1; add a column to the header or remove the extra "
        "cells (a '|' inside a cell is written '\\|')",
        "course/lessons/two.md:9:1: error: this table row has 3 cells but the header has 2: "
        "learners would not see the last 1; add a column to the header or remove the extra "
        "cells (a '|' inside a cell is written '\\|')"]


def test_a_table_whose_separator_row_does_not_fit_its_header_is_an_error(
        minimal_course: Path) -> None:
    append(minimal_course / "lessons" / "two.md", "\n| X | Y |\n|---|---|---|\n| 1 | 2 |\n")
    assert "course/lessons/two.md:7:1: error: this table is shown as plain text: its separator " \
           "row has 3 columns but its header 2; give both the same number" in \
           problems(minimal_course)


def test_other_tools_markdown_is_an_error_where_it_is(minimal_course: Path) -> None:
    append(minimal_course / "lessons" / "two.md",
           "\nA note[^1], ~~old~~, ==key==, [a link][nowhere]; a == b and x ~ y stay.\n\n"
           "- [ ] task\n\n> [!NOTE]\n> Careful.\n")
    found = [p.split(" would be shown as typed")[0] for p in problems(minimal_course)]
    assert found == ["course/lessons/two.md:6:7: error: '[^1]'",
                     "course/lessons/two.md:6:13: error: '~~old~~'",
                     "course/lessons/two.md:6:22: error: '==key=='",
                     "course/lessons/two.md:6:31: error: '[a link][nowhere]'",
                     "course/lessons/two.md:8:3: error: '[ ] '",
                     "course/lessons/two.md:10:3: error: '[!NOTE]'"]


def test_a_list_or_a_second_paragraph_in_a_quiz_text_is_an_error(minimal_course: Path) -> None:
    replace(minimal_course / "lessons" / "check.yaml", "    rationale: Rayleigh scattering.",
            "    rationale: |\n      Rayleigh scattering:\n\n      - short waves scatter more\n")
    found = [p.split(" in a quiz text")[0] for p in problems(minimal_course)]
    assert found == ["course/lessons/check.yaml:11:7: error: a blank line (a second paragraph)",
                     "course/lessons/check.yaml:12:7: error: a list"]


def test_a_quiz_text_may_link_to_a_lesson(minimal_course: Path) -> None:
    replace(minimal_course / "lessons" / "check.yaml", "    rationale: Rayleigh scattering.",
            "    rationale: Rayleigh scattering (see [lesson two](two.md)).")
    result = check(minimal_course, BuildOptions(), label="course")
    assert result.course is not None
    quiz = result.course.modules[0].knowledge_check
    assert quiz is not None
    assert 'href="m1-two.html"' in quiz.questions[0].rationale_html


def test_a_yes_or_no_word_where_text_is_expected_says_to_quote_it(minimal_course: Path) -> None:
    replace(minimal_course / "lessons" / "check.yaml",
            "prompt: The sky is blue on a clear day.", "prompt: No")
    assert "course/lessons/check.yaml:7:13: error: prompt: YAML reads this word as false " \
           "(yes/no, on/off and true/false are yes-or-no values), not as text: put it in " \
           "quotes, such as \"No\"" in problems(minimal_course)


def test_an_empty_choice_text_is_reported_at_its_text(minimal_course: Path) -> None:
    """'text' is also the name of a survey question type, which pydantic puts in an error's
    location: the field of that name must not be taken for it."""
    add_choice_question(minimal_course, "      - id: a\n        text: Aspirin\n"
                                        "      - id: b\n        text: \"\"\n      - id: c\n")
    found = [p for p in problems(minimal_course) if "kc-2" in p or "text" in p]
    assert "course/lessons/check.yaml:19:15: error: text is empty: write the text (an optional " \
           "field may be left out instead)" in found
    assert "course/lessons/check.yaml:20:9: error: missing required field 'text'" in found


def test_messages_that_say_what_to_do(minimal_course: Path) -> None:
    append(minimal_course / "lessons" / "two.md",
           "\n> ::: note Careful\n> Inside a quote.\n> :::\n\n"
           "See [NICE](www.nice.org.uk/x), m<sup>2</sup>, a stray </div> and "
           "![A square](../media/Square.svg).\n")
    (minimal_course / "lessons" / "three.md").write_text("---\ntitle: Broken\n\nNo end.\n",
                                                          encoding="utf-8")
    replace(minimal_course / "lessons" / "module.yaml", "  - two.md\n", "  - two.md\n  - three.md\n")
    found = [p.split(": error: ")[0] + ": " + p.split(": error: ")[1][:60]
             for p in problems(minimal_course)]
    assert found == [
        "course/lessons/three.md:1:1: the front matter opened by '---' on line 1 is never closed: ",
        "course/lessons/two.md:10:12: link 'www.nice.org.uk/x' has no scheme, so it would point in",
        "course/lessons/two.md:10:33: raw HTML (<sup>) is not supported in lessons and would be sh",
        "course/lessons/two.md:10:55: raw HTML (<div>) is not supported in lessons and would be sh",
        "course/lessons/two.md:10:78: '../media/Square.svg' does not exist (did you mean 'square.s",
    ]  # and the callout inside the block quote is closed: no error for it


def test_a_citation_in_a_callout_title_and_a_caption_inside_a_sentence_are_errors(
        minimal_course: Path) -> None:
    append(minimal_course / "lessons" / "two.md",
           "\n::: note Careful [@ref1]\nText.\n:::\n\n"
           "A sentence with ![A square](../media/square.svg \"Figure 2. A square.\") inside.\n")
    found = [p.split(": error: ") for p in problems(minimal_course)]
    assert [(where, text[:30]) for where, text in found] == [
        ("course/lessons/two.md:6:1", "a callout title is plain text,"),
        ("course/lessons/two.md:10:29", "the captioned image '../media/")]


def test_completion_settings_without_a_final_assessment_are_warned(minimal_course: Path) -> None:
    replace(minimal_course / "course.yaml", "final_assessment: final.yaml\n", "")
    (minimal_course / "final.yaml").unlink()
    result = check(minimal_course, BuildOptions(), label="course")
    assert [str(d) for d in result.diagnostics] == [
        "course/course.yaml:15:18: warning: passing_score has no effect: the course has no "
        "final_assessment",
        "course/course.yaml:16:13: warning: attempts has no effect: the course has no "
        "final_assessment"]


def test_every_new_lesson_and_reference_message_word_for_word(minimal_course: Path) -> None:
    """One broken course holding each mistake above once: the exact words authors read."""
    (minimal_course / "media" / "file.pdf").write_bytes(b"x")
    (minimal_course / "node_modules").mkdir()
    (minimal_course / "node_modules" / "s.svg").write_bytes(
        (minimal_course / "media" / "square.svg").read_bytes())
    append(minimal_course / "lessons" / "two.md", """
A note[^1], ~~old~~, ==key==, [a link][nowhere] and [@ref1, p. 4].

| Drug | Dose |
|---|---|
| A | 5 mg | oral |

![The handout](../media/file.pdf) ![An icon](../node_modules/s.svg)

::: note Careful [@ref1]
Text.
:::

See [NICE](www.nice.org.uk/x), m<sup>2</sup>, a stray </div>, ![A square](../media/Square.svg).
""")
    replace(minimal_course / "references.yaml", "  year: 2020\n",
            "  year: 2020\n  doi: https://doi.org/10.1000/xyz123\n")
    replace(minimal_course / "lessons" / "check.yaml", "    rationale: Rayleigh scattering.",
            "    rationale: |\n      Rayleigh scattering:\n\n      - short waves scatter more\n")
    quiz_text = ("quiz texts are shown as one paragraph, so it would run into the line before it, "
                 "shown as typed; write one paragraph (put lists and tables in the lesson)")
    assert problems(minimal_course) == [
        f"course/lessons/check.yaml:11:7: error: a blank line (a second paragraph) in a quiz "
        f"text: {quiz_text}",
        f"course/lessons/check.yaml:12:7: error: a list in a quiz text: {quiz_text}",
        "course/lessons/two.md:6:7: error: '[^1]' would be shown as typed: footnotes are not "
        "supported: cite a reference with [@key] or write the note in the text",
        "course/lessons/two.md:6:13: error: '~~old~~' would be shown as typed: strikethrough is "
        "not supported: write the words you mean",
        "course/lessons/two.md:6:22: error: '==key==' would be shown as typed: highlighting is "
        "not supported: use **bold** or a '::: key-point' callout",
        "course/lessons/two.md:6:31: error: '[a link][nowhere]' would be shown as typed: a "
        "reference-style link whose definition '[label]: address' is missing (or unsupported): "
        "write [text](address)",
        "course/lessons/two.md:6:53: error: '[@ref1, p. 4]' would be shown as typed, not as a "
        "citation: write [@key] or [@key1; @key2], with nothing else inside the brackets (page "
        "numbers and words go outside them)",
        "course/lessons/two.md:10:1: error: this table row has 3 cells but the header has 2: "
        "learners would not see the last 1; add a column to the header or remove the extra "
        "cells (a '|' inside a cell is written '\\|')",
        "course/lessons/two.md:12:16: error: '../media/file.pdf' cannot be shown in the page "
        "(browsers show a broken image for it): use PNG, JPEG, GIF, WebP or SVG for a picture, "
        "MP4 or WebM for a video, MP3 or M4A for audio; to offer any other file, link to it: "
        "[text](file)",
        "course/lessons/two.md:12:46: error: '../node_modules/s.svg' is inside 'node_modules/', "
        "a folder scormbuild does not read (it skips dot-folders, node_modules and "
        "__pycache__): move the file",
        "course/lessons/two.md:14:1: error: a callout title is plain text, so 'Careful [@ref1]' "
        "would be shown as typed: put citations, links and emphasis in the callout's text",
        "course/lessons/two.md:18:12: error: link 'www.nice.org.uk/x' has no scheme, so it "
        "would point into the package: write https://www.nice.org.uk/x",
        "course/lessons/two.md:18:33: error: raw HTML (<sup>) is not supported in lessons and "
        "would be shown as literal text: write superscripts and subscripts as characters, "
        "which every browser shows (m², 10⁻³, O₂)",
        "course/lessons/two.md:18:55: error: raw HTML (<div>) is not supported in lessons and "
        "would be shown as literal text: delete it (a closing tag with nothing to close)",
        "course/lessons/two.md:18:75: error: '../media/Square.svg' does not exist (did you mean "
        "'square.svg'?)",
        "course/references.yaml:6:8: error: doi: 'https://doi.org/10.1000/xyz123' is not valid "
        "here: write the DOI itself, such as 10.1056/NEJMoa1714448, without https://doi.org/ or "
        "'doi:' (the reference list links it)",
    ]


# ---------------------------------------------------------------- second review, 2026-12-02

SECOND_REVIEW_LESSON = (
    "---\ntitle: Lesson two\n---\n"
    "##Dosing\n\n"                                                    # 4
    "• Wash hands\n• Dry hands\n\n"                                   # 6-7
    "-Wash\n\n"                                                       # 9
    "#1 cause is fine, and so is a - b.\n\n"                          # 11
    "Wash hands before and after\nevery patient contact.\n---\n\n"    # 13-15
    "| Drug | Dose |\n| Amoxicillin | 500 mg |\n\n"                   # 17-18
    "See [](https://example.org/a) and [ ](one.md) and [the leaflet](../media/hand%20rub.pdf).\n\n"
    "This is ** p < 0.01 ** and H~2~O and x^2^ and ![A square](../media/square.svg){width=50%}\n\n"
    "::: tip See [the guide](https://example.org/g) and _this_\nBody.\n:::\n\n"  # 24
    "See [dosing](#Dosing and monitoring). Guidance at www.nice.org.uk/ng51 and HTTPS://WHO.INT/x\n"
)


def test_second_review_lesson_messages_word_for_word(minimal_course: Path) -> None:
    (minimal_course / "lessons" / "two.md").write_text(SECOND_REVIEW_LESSON, encoding="utf-8")
    two = "course/lessons/two.md"
    assert problems(minimal_course) == [
        f"{two}:4:1: warning: '##Dosing' is shown as typed, as part of a paragraph: a heading "
        "needs a plain space after its '#'s ('## Dosing')",
        f"{two}:6:1: warning: '• Wash hands' is shown as typed, as part of a paragraph: a list "
        "item starts with '- ' (a hyphen and a space), each on its own line",
        f"{two}:7:1: warning: '• Dry hands' is shown as typed, as part of a paragraph: a list "
        "item starts with '- ' (a hyphen and a space), each on its own line",
        f"{two}:9:1: warning: '-Wash' is shown as typed, as part of a paragraph: a list item "
        "needs a space after its '-' ('- Wash hands')",
        f"{two}:15:1: warning: the line of '---' under this text makes the text above it a "
        "heading: for a dividing line, leave a blank line before it; for a heading, write "
        "'## text'",
        f"{two}:17:1: error: this table is shown as plain text: it has no separator row under "
        "its header (such as '|---|---|'); add one",
        f"{two}:20:8: error: link 'https://example.org/a' has no text, so learners would see "
        "nothing to click: write [text](https://example.org/a)",
        f"{two}:20:39: error: link 'one.md' has no text, so learners would see nothing to "
        "click: write [text](one.md)",
        f"{two}:20:65: error: '../media/hand rub.pdf' does not exist",
        f"{two}:22:29: error: '~2~' would be shown as typed: subscripts are not supported: "
        "write the character (O₂, CO₂)",
        f"{two}:22:39: error: '^2^' would be shown as typed: superscripts are not supported: "
        "write the character (m², 10⁻³)",
        f"{two}:22:79: error: '{{width=50%}}' would be shown as typed: attributes in braces are "
        "not supported (an image is as wide as the page allows)",
        f"{two}:24:1: error: a callout title is plain text, so 'See [the guide]"
        "(https://example.org/g) and _this_' would be shown as typed: put citations, links and "
        "emphasis in the callout's text",
        f"{two}:28:14: error: '#Dosing and monitoring' is not a heading's anchor, so this is "
        "shown as text, not a link: write [text](#dosing-and-monitoring) (a heading's text in "
        "lower case, spaces as '-', punctuation dropped)",
        f"{two}:28:51: warning: 'www.nice.org.uk/ng51' is shown as plain text, not a link: "
        "write <https://www.nice.org.uk/ng51> or [text](https://www.nice.org.uk/ng51)",
        f"{two}:28:76: warning: 'HTTPS://WHO.INT/x' is shown as plain text, not a link: write "
        "<HTTPS://WHO.INT/x> or [text](HTTPS://WHO.INT/x)"]


def test_a_yaml_comment_that_cuts_a_text_short_is_an_error(minimal_course: Path) -> None:
    """' #' starts a YAML comment: 'What is the #1 cause?' reads 'What is the'. In a text people
    read it is an error (tests/test_review_authors2.py); after a name it is taken as meant."""
    replace(minimal_course / "lessons" / "check.yaml", "prompt: The sky is blue on a clear day.",
            "prompt: What is the #1 cause of infection?")
    replace(minimal_course / "course.yaml", "title: Minimal course", "title: Course #2 on hygiene")
    replace(minimal_course / "course.yaml", "id: minimal-course", "id: minimal-course # kept")
    replace(minimal_course / "course.yaml", "description: A tiny course used by the tests.",
            "description: A tiny course used by the tests.   # lined up: meant")
    replace(minimal_course / "lessons" / "check.yaml", "type: true-false",
            "type: true-false  # a comment after one word is taken as meant")
    assert problems(minimal_course) == [
        "course/course.yaml:2:15: error: '#2 on hygiene' is a YAML comment (' #' starts one), "
        "so the text ends at 'Course' and the rest of the line is lost: put the whole text in "
        "quotes (for a comment, leave two spaces before its '#')",
        "course/lessons/check.yaml:7:25: error: '#1 cause of infection?' is a YAML comment "
        "(' #' starts one), so the text ends at 'What is the' and the rest of the line is lost: "
        "put the whole text in quotes (for a comment, leave two spaces before its '#')"]


def test_course_texts_are_located_in_course_yaml_and_link_to_their_own_headings(
        minimal_course: Path) -> None:
    replace(minimal_course / "course.yaml", "disclaimer: For testing only.",
            "disclaimer: |\n  ## Important\n\n  See [below](#important) and [x](#nothing) "
            "[@nope].\nhow_to_complete: Read [the note](#important-1).\n")
    assert problems(minimal_course) == [
        "course/course.yaml:14:3: warning: this text sits under a level-2 heading of its page, "
        "so this heading would end that section: use '###'",
        "course/course.yaml:16:35: error: link '#nothing': this page has no heading with that "
        "anchor (a heading's text in lower case, spaces as '-', punctuation dropped); its "
        "headings' anchors are 'important'",
        "course/course.yaml:16:46: error: citation '@nope' is not in the reference list",
        "course/course.yaml:17:34: error: link '#important-1': this page has no heading with "
        "that anchor (a heading's text in lower case, spaces as '-', punctuation dropped): did "
        "you mean '#important'?"]


def test_fill_in_answers_learners_could_never_type(minimal_course: Path) -> None:
    append(minimal_course / "lessons" / "check.yaml", """  - id: kc-2
    type: fill-in
    prompt: Which organism?
    answers:
      - "*E. coli*"
      - amoxicillin 500 mg three times daily by mouth for five days as first line
      - C. difficile
    rationale: Common.
    reference: ref1
    objective: m1-o1
""")
    assert problems(minimal_course) == [
        "course/lessons/check.yaml:16:9: error: accepted answer '*E. coli*' of question 'kc-2' "
        "has Markdown marks ('*'): answers are compared with what learners type, as plain "
        "text; write 'E. coli'",
        "course/lessons/check.yaml:17:9: error: accepted answer 2 of question 'kc-2' is 73 "
        "characters long, but the answer field takes at most 60: learners could never type "
        "it; shorten it"]


def test_markdown_in_a_plain_text_field_is_a_warning(minimal_course: Path) -> None:
    """Titles, the description, objectives, glossary entries … are shown as typed."""
    replace(minimal_course / "course.yaml", "description: A tiny course used by the tests.",
            "description: Learn **when** to test [@ref1].")
    replace(minimal_course / "course.yaml", "text: Know the minimal course.",
            "text: Know the *minimal* course, see [the guide](https://example.org).")
    replace(minimal_course / "lessons" / "two.md", "title: Lesson two", "title: Dosing in `mg`")
    replace(minimal_course / "lessons" / "check.yaml", "prompt: The sky is blue on a clear day.",
            "prompt: The sky is **blue** on a clear day.")  # a quiz text: Markdown, rendered
    result = check(minimal_course, BuildOptions(), label="course")
    assert [str(d) for d in result.diagnostics] == [
        "course/course.yaml:5:14: warning: description is plain text, so '[@ref1]' would be "
        "shown as typed (a citation ([@key]) is not turned into a reference): write it without "
        "Markdown",
        "course/course.yaml:9:11: warning: objectives.text is plain text, so '[the guide]"
        "(https://example.org)' would be shown as typed (a Markdown link is not made a link): "
        "write it without Markdown",
        "course/lessons/two.md:2:8: warning: title is plain text, so '`mg`' would be shown as "
        "typed (code marks are shown as typed): write it without Markdown"]


def test_a_nested_list_indented_too_little_is_a_warning(minimal_course: Path) -> None:
    """'  - detail' under '1. Step' is two lists side by side, the numbering started again."""
    (minimal_course / "lessons" / "two.md").write_text(
        "---\ntitle: Lesson two\n---\n1. First step\n  - detail a\n  - detail b\n2. Second step\n\n"
        "1. Fine\n   - nested under the step's text\n2. Fine too\n", encoding="utf-8")
    result = check(minimal_course, BuildOptions(), label="course")
    assert [str(d) for d in result.diagnostics] == [
        "course/lessons/two.md:5:3: warning: this list item is indented 2 spaces, not enough to "
        "sit inside the item above, so it starts a list of its own: indent it to where the text "
        "of the item above starts (3 spaces, under '1. ')"]


def test_a_range_with_one_value_says_so(minimal_course: Path) -> None:
    append(minimal_course / "lessons" / "check.yaml", """  - id: kc-2
    type: numeric
    prompt: How many?
    range: [1]
    rationale: Counting.
    reference: ref1
    objective: m1-o1
""")
    assert problems(minimal_course) == [
        "course/lessons/check.yaml:15:12: error: range has too few values: value 2 is missing"]


# ---------------------------------------------------------------- false positives (2026-12-02)

CLINICAL_TEXT = (
    "---\ntitle: Lesson two\n---\n"
    "## Dose per m²\n\n"
    "See [the dose](#dose-per-m). Response was ~5–~10 % in small cohorts and ~75%/~57% in two "
    "pivotal datasets.\n\n"
    "| Cohort | Response |\n|---|---|\n| Small | ~5–~10 % |\n\n"
    "The starting dose is 100 mg·m^-2·d^-1, and HGVS writes p.(Gly12Ala^Ser^Cys).\n\n"
    "The hazard ratio was 0.45 ** and the odds ratio 0.62 ** in the second analysis.\n\n"
    "The response set {n=55} is the primary analysis set. A pathway: IHC==>NGS==>treatment.\n\n"
    "Footnote\\*: see below. Also x\\^2\\^ and H\\~2\\~O.\n\n"
    "-log10(P) values above 8 are genome-wide significant, and\n-ve results need sequencing.\n\n"
    "● = complete response; ○ = partial response (legend for the swimmer plot).\n\n"
    "#OncologyTwitter and #TRKfusion carried the news; ESMO posted it first.\n\n"
    "::: key-point Response rate* depends on the assessor\nAs assessed by the IRC.\n:::\n\n"
    "10. Order sequencing.\n    - RNA-based panel preferred.\n11. Start treatment.\n\n"
    "Testing costs $300 to $1,500 (x_1 $6); mix 1:2:3 at 10:30:00; see: note: HLA:ab:cd.\n"
)


def test_clinical_notation_checks_clean(minimal_course: Path) -> None:
    """Text a careful clinical author writes on purpose, each line of which a check once
    reported (a review for false positives)."""
    (minimal_course / "lessons" / "two.md").write_text(CLINICAL_TEXT, encoding="utf-8")
    replace(minimal_course / "lessons" / "check.yaml", "rationale: Rayleigh scattering.",
            "rationale: |\n      Rayleigh scattering; values\n      > 5 × ULN are a safety finding "
            "noted in\n      2019. The EU followed.")
    replace(minimal_course / "course.yaml", "text: Know the minimal course.",
            "text: Name the ORR (IRC)*, DoR (INV)* sources.")
    result = check(minimal_course, BuildOptions(), label="course")
    assert [str(d) for d in result.diagnostics] == []


def test_marks_that_change_the_page_unasked(minimal_course: Path) -> None:
    (minimal_course / "lessons" / "two.md").write_text(
        "---\ntitle: Lesson two\n---\nA pause is needed when ALT rises (ALT\n> 5 × ULN).\n\n"
        "Use a 5*3 grid and a 2*2 table.\n", encoding="utf-8")
    replace(minimal_course / "lessons" / "check.yaml", "prompt: The sky is blue on a clear day.",
            "prompt: Larotrectinib is the\n      #1 choice in infantile fibrosarcoma.")
    result = check(minimal_course, BuildOptions(), label="course")
    assert [str(d) for d in result.diagnostics] == [
        "course/lessons/check.yaml:8:7: warning: '#1 choice in infantile fibros…' is a YAML "
        "comment (a line starting with '#'), so the text above ends at 'Larotrectinib is the': "
        "if it belongs to the text, put the whole text in quotes",
        "course/lessons/two.md:5:1: warning: this line starts with '>', so it starts a block "
        "quote and splits the paragraph above: to write 'greater than', keep it on the line "
        "before or write ≥ or 'more than'; for a quote, leave a blank line before it",
        "course/lessons/two.md:7:7: warning: the '*' in '5*3 grid and a 2*2' make the text "
        "between them emphasis: write × for 'times' (5×3), or \\* for a star"]


def test_math_and_emoji_codes_are_errors(minimal_course: Path) -> None:
    """TeX math and ':emoji:' codes are shown to learners as typed."""
    (minimal_course / "lessons" / "two.md").write_text(
        "---\ntitle: Lesson two\n---\nThe dose is $100 \\times \\mathrm{BSA}$ and "
        "$$x^{2}$$ per day.\n\n:warning: Check the liver tests.\n\nAs typed: \\:warning\\:.\n",
        encoding="utf-8")
    assert problems(minimal_course) == [
        "course/lessons/two.md:4:13: error: '$100 \\times \\mathrm{BSA}$' would be shown as "
        "typed: math is not supported: write the formula with characters (α, ≥, x², ½), or show "
        "it as an image with a text alternative",
        "course/lessons/two.md:4:43: error: '$$x^{2}$$' would be shown as typed: math is not "
        "supported: write the formula with characters (α, ≥, x², ½), or show it as an image "
        "with a text alternative",
        "course/lessons/two.md:6:1: error: ':warning:' would be shown as typed: emoji codes are "
        "not supported: type the emoji itself, or leave it out"]


def test_footnote_stars_that_make_emphasis_are_a_warning(minimal_course: Path) -> None:
    (minimal_course / "lessons" / "two.md").write_text(
        "---\ntitle: Lesson two\n---\nThe ORR (IRC)*, DoR (INV)* and PFS were reported.\n\n"
        "An *emphasis* is fine, and so is a star* alone.\n", encoding="utf-8")
    result = check(minimal_course, BuildOptions(), label="course")
    assert [str(d) for d in result.diagnostics] == [
        "course/lessons/two.md:4:14: warning: the '*' before ', DoR (INV)' and the next '*' make "
        "the text between them emphasis: for footnote stars, write \\*"]


def test_a_non_breaking_space_after_a_list_marker_and_emphasis_in_a_title(
        minimal_course: Path) -> None:
    """A list item pasted from a word processor ('-' and a non-breaking space) is a paragraph;
    a lesson title is plain text, so its emphasis marks would be shown."""
    (minimal_course / "lessons" / "two.md").write_text(
        "---\ntitle: Dosing in *children*\n---\nText.\n\n-\u00a0Wash hands\n", encoding="utf-8")
    result = check(minimal_course, BuildOptions(), label="course")
    assert [str(d) for d in result.diagnostics] == [
        "course/lessons/two.md:2:8: warning: title is plain text, so '*children*' would be shown "
        "as typed (emphasis marks are shown as typed): write it without Markdown",
        "course/lessons/two.md:6:1: warning: '-\u00a0Wash hands' is shown as typed, as part of a "
        "paragraph: a list item needs a plain space after its marker, not a non-breaking one"]
