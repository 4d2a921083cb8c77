"""Author mistakes found by a third review (2026-12-03): each passed `scormbuild check` without a
word while learners saw something other than what the author meant (a lesson cut short, a dose
moved to the wrong column, a right answer marked wrong). Each is now one plain diagnostic at the
author's line and column, or, where no author wrote anything wrong, a correct page.

The wording of the diagnostics is the review's proposal, as implemented: change the text
freely, but keep the place (path:line:col) and what it tells the author to do.
Ordinary clinical prose stays free of diagnostics (the *_is_fine tests).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from scormbuild.build import BuildOptions, build

from course_edits import (found, grade, knowledge_check, lesson, needs_node,
                          question_data, replace)








# 1 Something opened and never closed hides the rest of the lesson --------------------------
def test_an_html_comment_never_closed_is_an_error(minimal_course: Path) -> None:
    # today: learners see "Intro." and nothing else: the '## Dosing' section is swallowed by
    # the comment (a note for reviewers, docs/course-format.md: comments are allowed)
    lesson(minimal_course, "Intro.\n\n<!-- TODO: check the dose with pharmacy\n\n## Dosing\n\n"
                           "Give 5 mg/kg.\n")
    assert found(minimal_course) == [
        "course/lessons/two.md:6:1: error: the comment '<!--' opened here is never closed, so "
        "learners see nothing after it: end the comment with '-->'"]


def test_an_html_comment_not_closed_in_its_paragraph_is_an_error(minimal_course: Path) -> None:
    # today: learners read '<!-- check with pharmacy' as typed
    lesson(minimal_course, "Give 5 mg/kg. <!-- check with pharmacy\n\nThen rest.\n")
    assert found(minimal_course) == [
        "course/lessons/two.md:4:15: error: the comment '<!--' is not closed in its paragraph, "
        "so learners see '<!-- check with pharmacy' as typed: end the comment with '-->' "
        "before the blank line"]


def test_a_code_fence_never_closed_is_an_error(minimal_course: Path) -> None:
    # today: everything after the fence, headings included, is one fixed-width code box
    lesson(minimal_course, "Intro.\n\n```\nfenced text\n\n## Dosing\n\nGive 5 mg/kg.\n")
    assert found(minimal_course) == [
        "course/lessons/two.md:6:1: error: the code fence '```' opened here is never closed, so "
        "everything after it is shown as code, its Markdown as typed: end it with a line '```'"]


def test_comments_and_fences_that_close_are_fine(minimal_course: Path) -> None:
    lesson(minimal_course, "Intro. <!-- a note -->\n\n<!-- a note\nover lines -->\n\n"
                           "```\ncode\n```\n\n~~~~\nmore\n~~~~\n\nEnd.\n")
    assert found(minimal_course) == []


# 2 A numbered list that does not start at 1, right under a line of text ---------------------
def test_a_numbered_list_continued_under_a_paragraph_is_a_warning(minimal_course: Path) -> None:
    # CommonMark lets only a list starting at 1 interrupt a paragraph: today learners read
    # "Then, with the patient seated: 4. Check the pulse. 5. Check the blood pressure." as one
    # run-on paragraph
    lesson(minimal_course, "Then, with the patient seated:\n4. Check the pulse.\n"
                           "5. Check the blood pressure.\n")
    assert found(minimal_course) == [
        "course/lessons/two.md:5:1: warning: '4. Check the pulse.' is shown as typed, as part of "
        "a paragraph: a numbered list that starts at a number other than 1 needs a blank line "
        "before it"]


def test_a_year_that_starts_a_wrapped_line_is_fine(minimal_course: Path) -> None:
    lesson(minimal_course, "The EMA approved it in\n2019. The FDA followed.\n\nSteps:\n"
                           "1. Wash.\n2. Dry.\n\nThen:\n\n4. Check the pulse.\n")
    assert found(minimal_course) == []


# 3 A table cell wrapped onto the next line ---------------------------------------------------
def test_a_table_cell_wrapped_onto_a_new_line_is_an_error(minimal_course: Path) -> None:
    # today: 'five days' becomes a row of its own, shown in the Drug column under Amoxicillin
    lesson(minimal_course, "| Drug | Dose |\n|---|---|\n"
                           "| Amoxicillin | 500 mg three times daily for\nfive days |\n")
    assert found(minimal_course) == [
        "course/lessons/two.md:7:1: error: this line is shown as a table row of its own (1 cell "
        "of 2), so 'five days' appears in the first column: a cell cannot go on to the next "
        "line; join this line to the one above"]


def test_tables_written_without_outer_pipes_are_fine(minimal_course: Path) -> None:
    lesson(minimal_course, "Drug | Dose\n---|---\nAmoxicillin | 500 mg\nDoxycycline | 100 mg\n\n"
                           "| Drug | Dose |\n|---|---|\n| Amoxicillin | |\n")
    assert found(minimal_course) == []


# 4 A citation written without its brackets ---------------------------------------------------
def test_a_citation_key_without_brackets_is_an_error(minimal_course: Path) -> None:
    # Pandoc's narrative form: today learners read '@ref1' and get no number and no link
    lesson(minimal_course, "As shown by @ref1, squares are common.\n")
    assert found(minimal_course) == [
        "course/lessons/two.md:4:13: error: '@ref1' would be shown as typed, not as a "
        "citation: write [@ref1]"]


def test_an_at_sign_that_names_no_reference_is_fine(minimal_course: Path) -> None:
    lesson(minimal_course, "Write to ward@example.org or follow @WHO; 5 @ 10 mg [@ref1].\n")
    assert found(minimal_course) == []


# 5 Emphasis that ends in punctuation with no space after it -------------------------------
@pytest.mark.parametrize("text, shown", [
    ("**Note:**Take with food.", "**Note:**"),
    ("The **(ALT)**level rose.", "**(ALT)**"),
])
def test_emphasis_closed_before_a_letter_after_punctuation_is_an_error(
        minimal_course: Path, text: str, shown: str) -> None:
    # CommonMark's flanking rule: '**' after ':' or ')' and before a letter closes nothing;
    # today learners see the stars
    lesson(minimal_course, text + "\n")
    assert found(minimal_course) == [
        f"course/lessons/two.md:4:{text.index(shown) + 1}: error: '{shown}' would be shown as "
        "typed: emphasis that ends in punctuation closes only before a space or punctuation: "
        "put a space after the closing marks"]


def test_emphasis_with_punctuation_in_ordinary_prose_is_fine(minimal_course: Path) -> None:
    lesson(minimal_course, "**Note:** take with food. **Caution**: *E. coli*'s toxin, "
                           "**(ALT)** and **≥5 mg/kg**/day.\n")
    assert found(minimal_course) == []


# 6 Markdown in a figure caption ----------------------------------------------------------
@pytest.mark.parametrize("caption, shown", [
    ("Figure 1. *E. coli* colonies on agar.", "*E. coli*"),
    ("Figure 1. Adapted from [WHO](https://www.who.int).", "[WHO](https://www.who.int)"),
])
def test_markdown_in_a_caption_is_an_error(minimal_course: Path, caption: str, shown: str) -> None:
    # a caption is escaped (only [@key] works): today learners read the stars and brackets
    line = f'![Colonies on agar](../media/square.svg "{caption}")'
    lesson(minimal_course, line + "\n")
    assert found(minimal_course) == [
        f"course/lessons/two.md:4:{line.index(shown) + 1}: error: a caption is plain text, so "
        f"'{shown}' would be shown as typed: only [@key] citations work in a caption; write "
        "emphasis and links in the text around the figure"]


def test_a_caption_with_a_citation_is_fine(minimal_course: Path) -> None:
    lesson(minimal_course, '![A blue square](../media/square.svg "Figure 2. A square, '
                           'after Doe [@ref1]; 5 * 3 cm.")\n')
    assert found(minimal_course) == []


# 7 A line read as a link definition disappears --------------------------------------------
def test_a_line_read_as_an_unused_link_definition_is_a_warning(minimal_course: Path) -> None:
    # '[label]: word' is a link reference definition: today the line is not shown at all
    lesson(minimal_course, "[Source]: NICE\n\nText.\n")
    assert found(minimal_course) == [
        "course/lessons/two.md:4:1: warning: '[Source]: NICE' is read as a link definition, "
        "which is never shown, and no link uses it: to show the line, write '\\[Source]: NICE'; "
        "for a link, write [text](address)"]


# 8 A DOI copied with the citation's full stop ---------------------------------------------
def test_a_doi_with_a_trailing_full_stop_is_an_error(minimal_course: Path) -> None:
    # copied from PubMed's "... doi: 10.1056/NEJMoa1714448. Epub ...": today the reference
    # list links https://doi.org/10.1056/NEJMoa1714448. which doi.org does not resolve
    replace(minimal_course / "references.yaml", "  year: 2020",
            "  year: 2020\n  doi: 10.1056/NEJMoa1714448.")
    assert found(minimal_course) == [
        "course/references.yaml:6:8: error: doi: '10.1056/NEJMoa1714448.' ends in '.', the "
        "full stop of the citation it was copied from, not part of the DOI (its link would not "
        "resolve): write 10.1056/NEJMoa1714448"]


# 9 Choices and feedback that refer to places and letters learners do not see -------------
def test_all_of_the_above_in_shuffled_choices_and_choice_letters_are_reported(
        minimal_course: Path) -> None:
    # choices carry no letters on the page, and shuffle_choices shows 'All of the above' first
    # as often as last
    (minimal_course / "final.yaml").write_text(
        "id: final\ntitle: Final assessment\nkind: assessment\nshuffle_choices: true\n"
        "questions:\n"
        "  - id: fa-1\n"
        "    type: single-choice\n"
        "    prompt: Which shapes have four equal sides?\n"
        "    choices:\n"
        "      - {id: a, text: Square}\n"
        "      - {id: b, text: Rhombus}\n"
        "      - {id: c, text: All of the above}\n"
        "    answer: c\n"
        "    rationale: Option C is right, because both have four equal sides.\n"
        "    reference: [ref1]\n"
        "    objective: lo1\n", encoding="utf-8")
    assert found(minimal_course) == [
        "course/final.yaml:12:23: error: choice 'All of the above' of question 'fa-1' refers to "
        "the places of the other choices, but they are shown in a random order: name what it "
        "means ('Square and rhombus') or make the question multiple-response",
        "course/final.yaml:14:16: warning: the rationale of question 'fa-1' names a choice by "
        "a letter ('Option C'), but choices are shown without letters: name the choice by its "
        "text"]


# 10 Numeric answers: the edge of the tolerance, and the correct answer as shown -----------
@needs_node
def test_an_answer_at_the_edge_of_its_tolerance_is_right(minimal_course: Path) -> None:
    # 7.4 - 0.05 is 7.3500000000000005 in floating point: today '7.35', the lower limit of
    # normal arterial pH the author meant to accept, is marked wrong
    knowledge_check(minimal_course,
                    "  - id: kc-1\n    type: numeric\n    prompt: Arterial pH?\n    answer: 7.4\n"
                    "    tolerance: 0.05\n    rationale: 7.35 to 7.45.\n    reference: ref1\n"
                    "    objective: m1-o1\n")
    assert found(minimal_course) == []
    assert grade(question_data(minimal_course), ["7.35", "7,35", "7.45", "7.34", "7.46"]) == [
        [True, True], [True, True], [True, True], [True, False], [True, False]]


def test_the_correct_numeric_answer_is_shown_as_the_author_wrote_it(
        minimal_course: Path, tmp_path: Path) -> None:
    # Python's ':g' (6 significant digits): today learners read '2.4e+06' units of benzathine
    # penicillin, '7.12346' for 7.123456, 'from 1e+06 to 2e+06' and '1e-05'
    knowledge_check(minimal_course, "".join(
        f"  - id: kc-{n}\n    type: numeric\n    prompt: How many?\n    {key}\n"
        "    rationale: Because.\n    reference: ref1\n    objective: m1-o1\n"
        for n, key in enumerate(["answer: 2400000", "answer: 7.123456",
                                 "range: [1000000, 2000000]", "answer: 0.00001"], 1)))
    result = build(minimal_course, tmp_path / "dist", BuildOptions(), label="course")
    page = zipfile.ZipFile(result.written[0].path).read("pages/m1-check.html").decode()
    shown = [part.split("</li>")[0]
             for part in page.split('<p class="answers-title">Correct answer</p><ul><li>')[1:]]
    assert shown == ["2400000", "7.123456", "from 1000000 to 2000000", "0.00001"]


# 11 Fill-in answers: apostrophes and accents as keyboards type them ------------------------
@needs_node
def test_a_fill_in_answer_matches_whichever_apostrophe_and_accent_form_is_typed(
        minimal_course: Path) -> None:
    # an editor or word processor writes ’ (U+2019); a desktop keyboard types ' and an iPhone
    # (smart punctuation) ’; text pasted from a PDF may hold e + U+0301 for é. Today each
    # mismatch marks the right answer wrong, whichever form the author chose.
    knowledge_check(minimal_course,
                    "  - id: kc-1\n    type: fill-in\n    prompt: Which disease?\n"
                    "    answers: [\"Crohn\u2019s disease\", \"Ménétrier disease\"]\n"
                    "    rationale: Because.\n    reference: ref1\n    objective: m1-o1\n"
                    "  - id: kc-2\n    type: fill-in\n    prompt: Which disease?\n"
                    "    answers: [\"Crohn's disease\", \"Me\u0301ne\u0301trier disease\"]\n"
                    "    rationale: Because.\n    reference: ref1\n    objective: m1-o1\n")
    assert found(minimal_course) == []
    typed = ["Crohn's disease", "Crohn\u2019s disease", "M\u00e9n\u00e9trier disease",
             "Me\u0301ne\u0301trier disease"]
    assert grade(question_data(minimal_course, 0), typed) == [[True, True]] * 4
    assert grade(question_data(minimal_course, 1), typed) == [[True, True]] * 4
