"""Author mistakes found by a review: each was silently lost, shown to learners other than
meant, or reported in words an author cannot act on. Each must be one plain diagnostic at the
author's line and column."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Dict, List

import pytest

from scormbuild.build import BuildOptions, check

from course_edits import append, found, problems, replace

QUIZ = Path("lessons") / "check.yaml"


def errors(course: Path) -> List[str]:
    return [p for p in problems(course) if ": error: " in p]


def add_question(course: Path, body: str) -> None:
    """Question kc-2 of the knowledge check, starting on line 12; body is its lines after
    'type:' (indented four spaces); rationale, reference and objective follow."""
    append(course / QUIZ, "  - id: kc-2\n" + body +
           "    rationale: Because.\n    reference: ref1\n    objective: m1-o1\n")


def numeric(course: Path, key: str) -> None:
    """A numeric question whose key is line 15."""
    add_question(course, f"    type: numeric\n    prompt: How many?\n{key}")


# 1 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("line", ["  primary: #005eb8", "  primary:   #005eb8  "])
def test_a_value_that_is_only_a_comment_is_an_error(minimal_course: Path, line: str) -> None:
    append(minimal_course / "course.yaml", "theme:\n" + line + "\n")
    col = line.index("#") + 1
    found = errors(minimal_course)
    assert found == [f"course/course.yaml:23:{col}: error: '#005eb8' is read as a comment "
                     "('#' after a space starts a comment in YAML), so 'primary' has no value: "
                     "put the value in quotes: primary: \"#005eb8\""]


def test_a_title_that_starts_with_a_hash_is_an_error(minimal_course: Path) -> None:
    replace(minimal_course / "course.yaml", "title: Minimal course", "title: #1 course")
    assert errors(minimal_course) == [
        "course/course.yaml:2:8: error: '#1 course' is read as a comment ('#' after a space "
        "starts a comment in YAML), so 'title' has no value: put the value in quotes: "
        "title: \"#1 course\""]


def test_a_key_left_empty_with_a_comment_after_a_nested_block_is_fine(minimal_course: Path) -> None:
    replace(minimal_course / "course.yaml", "completion:\n", "completion:  # how to pass\n")
    assert check(minimal_course, BuildOptions(), label="course").course is not None


# 2 -------------------------------------------------------------------------------------------
def test_an_unknown_key_is_matched_against_the_question_type_given(minimal_course: Path) -> None:
    numeric(minimal_course, "    answer: 5\n    tolerence: 1\n")
    assert errors(minimal_course) == [
        "course/lessons/check.yaml:16:5: error: unknown key 'tolerence' (did you mean "
        "'tolerance'?)"]


def test_an_unknown_key_never_suggests_itself(minimal_course: Path) -> None:
    numeric(minimal_course, "    answer: 5\n    choices: [a, b]\n")
    # a numeric question's keys only: 'choices' belongs to other types, so no "did you mean"
    assert errors(minimal_course) == [
        "course/lessons/check.yaml:16:5: error: unknown key 'choices' (allowed: answer, feedback, "
        "id, objective, prompt, range, rationale, reference, tolerance, type, weight)"]


# 3 -------------------------------------------------------------------------------------------
def test_an_over_indented_list_item_is_not_joined_to_the_one_above(minimal_course: Path) -> None:
    replace(minimal_course / "course.yaml", "audience: [Testers]",
            "audience:\n  - Nurses\n    - Doctors")
    assert errors(minimal_course) == [
        "course/course.yaml:8:5: error: this line starts a list item ('- ') but is indented "
        "more than the item above, so YAML reads it as more of that item's text ('Nurses - "
        "Doctors'): indent it like the other items"]


def test_an_over_indented_choice_text_is_reported(minimal_course: Path) -> None:
    add_question(minimal_course, "    type: single-choice\n    prompt: Which?\n    choices:\n"
                                 "      - id: a\n        text: One\n          - Two\n"
                                 "    answer: a\n")
    assert any(p.startswith("course/lessons/check.yaml:18:11: error: this line starts a list "
                            "item ('- ')") for p in errors(minimal_course))


# 4 -------------------------------------------------------------------------------------------
def test_no_space_after_a_colon_in_a_quiz(minimal_course: Path) -> None:
    replace(minimal_course / QUIZ, "prompt: The sky", "prompt:The sky")
    assert errors(minimal_course) == [
        "course/lessons/check.yaml:7:12: error: YAML syntax error: put a space after the colon "
        "of 'prompt': YAML reads 'prompt:The' as one word (the parser says: could not find "
        "expected ':')"]


def test_no_space_after_a_colon_at_the_top(minimal_course: Path) -> None:
    replace(minimal_course / "course.yaml", "title: Minimal course", "title:Intro")
    assert errors(minimal_course)[0].startswith(
        "course/course.yaml:2:7: error: YAML syntax error: put a space after the colon of "
        "'title'")


def test_no_space_after_a_colon_where_a_mapping_is_expected(minimal_course: Path) -> None:
    replace(minimal_course / "course.yaml", "  created: 2024-01", "  created:2024-01")
    assert errors(minimal_course) == [
        "course/course.yaml:11:3: error: dates: put a space after the colon of 'created' "
        "(YAML reads 'created:2024-01' as one text)"]


# 5 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("space,name", [("\u00a0", "a non-breaking space (U+00A0)"),
                                        ("\u202f", "a narrow non-breaking space (U+202F)")])
def test_indentation_with_a_non_breaking_space_is_named(minimal_course: Path, space: str,
                                                        name: str) -> None:
    replace(minimal_course / "course.yaml", "  created: 2024-01", " " + space + "created: 2024-01")
    assert errors(minimal_course) == [
        f"course/course.yaml:11:2: error: this line is indented with {name}, which YAML does "
        "not count as a space: replace it with ordinary spaces"]


def test_indentation_with_a_tab_is_named(minimal_course: Path) -> None:
    replace(minimal_course / QUIZ, "    prompt: The sky", "\tprompt: The sky")
    assert errors(minimal_course) == [
        "course/lessons/check.yaml:7:1: error: YAML syntax error: this line is indented with a "
        "tab: YAML allows only spaces for indentation (use two spaces per level) (the parser "
        "says: found character '\\t' that cannot start any token)"]


# 6 -------------------------------------------------------------------------------------------
def test_a_quiz_of_the_wrong_kind_is_one_error(minimal_course: Path) -> None:
    (minimal_course / "survey.yaml").write_text(
        "id: survey\ntitle: Evaluation\nkind: survey\nquestions:\n" + "".join(
            f"  - id: s{i}\n    type: true-false\n    prompt: P{i}\n    answer: true\n"
            for i in range(5)), encoding="utf-8")
    assert errors(minimal_course) == [
        "course/survey.yaml:6:11: error: a survey asks unscored questions (likert, text); "
        "'true-false' belongs in a knowledge check or assessment (all 5 questions of this "
        "survey: is it the right file?)"]


def test_a_module_file_given_as_a_quiz_is_one_error(minimal_course: Path) -> None:
    replace(minimal_course / "course.yaml", "survey: survey.yaml", "survey: lessons/module.yaml")
    replace(minimal_course / "course.yaml", "  require_survey: true\n", "")
    found = errors(minimal_course)
    assert found == ["course/lessons/module.yaml:1:1: error: this file looks like a module "
                     "file (module.yaml), not a quiz file: is the right file named?"]


def test_a_list_given_as_a_quiz_is_one_error(minimal_course: Path) -> None:
    replace(minimal_course / "course.yaml", "survey: survey.yaml", "survey: references.yaml")
    replace(minimal_course / "course.yaml", "  require_survey: true\n", "")
    assert errors(minimal_course) == [
        "course/references.yaml:1:1: error: this file is a list, but a quiz file is a set of "
        "fields (key: value lines): is the right file named?"]


# 7 -------------------------------------------------------------------------------------------
def test_a_quiz_used_twice_names_its_first_use(minimal_course: Path) -> None:
    replace(minimal_course / "course.yaml", "survey: survey.yaml", "survey: final.yaml")
    replace(minimal_course / "course.yaml", "  require_survey: true\n", "")
    assert errors(minimal_course) == [
        "course/course.yaml:20:9: error: quiz 'final.yaml' is already used at "
        "course/course.yaml:19:19: a quiz file can be used once"]


def test_a_module_listed_twice_names_its_first_listing(minimal_course: Path) -> None:
    replace(minimal_course / "course.yaml", "  - lessons\n", "  - lessons\n  - lessons\n")
    assert errors(minimal_course) == [
        "course/course.yaml:20:5: error: module 'lessons' is listed twice (first at "
        "course/course.yaml:19:5)"]


def test_a_lesson_listed_twice_names_its_first_listing(minimal_course: Path) -> None:
    replace(minimal_course / "lessons" / "module.yaml", "  - two.md\n", "  - two.md\n  - one.md\n")
    assert errors(minimal_course) == [
        "course/lessons/module.yaml:9:5: error: lesson 'one.md' is listed twice (first at "
        "course/lessons/module.yaml:7:5)"]


# 8 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["references.yml", "References.yaml"])
def test_a_reference_list_with_a_near_name_is_named(minimal_course: Path, name: str) -> None:
    (minimal_course / "references.yaml").rename(minimal_course / name)
    if (minimal_course / "references.yaml").exists():
        pytest.skip("this file system ignores the case of names")
    assert errors(minimal_course) == [
        f"course/{name}: error: found '{name}'; rename it to 'references.yaml' (the only name "
        "scormbuild reads)"]


def test_a_course_file_with_a_near_name_is_named(minimal_course: Path) -> None:
    (minimal_course / "course.yaml").rename(minimal_course / "course.yml")
    assert errors(minimal_course) == [
        "course/course.yaml: error: no course.yaml here: found 'course.yml'; rename it to "
        "'course.yaml'"]


# 9 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("value, col", [('""', 8), ("   ", 7)])
def test_a_blank_required_text_says_it_is_empty(minimal_course: Path, value: str, col: int) -> None:
    replace(minimal_course / "course.yaml", "title: Minimal course", "title: " + value)
    assert errors(minimal_course) == [
        f"course/course.yaml:2:{col}: error: title is empty: write the text (an optional field may "
        "be left out instead)"]


# 10 ------------------------------------------------------------------------------------------
BROKEN: Dict[str, Callable[[Path], None]] = {
    "id": lambda c: replace(c / "course.yaml", "id: minimal-course", "id: Minimal_Course"),
    "list course": lambda c: (c / "course.yaml").write_text("- a\n- b\n", encoding="utf-8"),
    "two documents": lambda c: append(c / "course.yaml", "---\nfoo: 1\n"),
    "dates text": lambda c: replace(c / "course.yaml", "  created: 2024-01", "  created:2024-01"),
    "dates list": lambda c: replace(c / "course.yaml", "dates:\n  created: 2024-01",
                                    "dates: [2024]"),
    "objective text": lambda c: replace(c / "course.yaml", "  - id: lo1\n    text: Know the "
                                        "minimal course.", "  - lo1"),
    "reference key": lambda c: replace(c / "references.yaml", "- id: ref1", "- id: ref 1"),
    "pmid": lambda c: append(c / "references.yaml", "  pmid: PMID123\n"),
    "number": lambda c: replace(c / "course.yaml", "duration_minutes: 5", "duration_minutes: x"),
    "bool": lambda c: replace(c / "course.yaml", "require_survey: true", "require_survey: 2"),
    "question text": lambda c: append(c / QUIZ, "  - just a line\n"),
    "question type": lambda c: append(c / QUIZ, "  - id: kc-3\n    type: essay\n"),
    "no type": lambda c: append(c / QUIZ, "  - id: kc-3\n    prompt: P\n"),
    "range": lambda c: numeric(c, "    range: [1]\n"),
    "weight": lambda c: numeric(c, "    answer: 1\n    weight: heavy\n"),
    "module": lambda c: (c / "lessons" / "module.yaml").write_text("just text\n",
                                                                   encoding="utf-8"),
}
PROGRAMMER_WORDS = re.compile(r"CourseFile|ModuleFile|QuizFile|instance of|dictionary|"
                              r"another document|\^|\[a-z|\$'|Value error|pydantic|NoneType|"
                              r"Traceback|validation error|model_|union|literal_|\bstr\b|\bfloat\b|"
                              r"\bint\b|\bbool\b")


@pytest.mark.parametrize("mistake", sorted(BROKEN))
def test_messages_use_no_programmer_words(minimal_course: Path, mistake: str) -> None:
    BROKEN[mistake](minimal_course)
    found = errors(minimal_course)
    assert found
    for message in found:
        assert not PROGRAMMER_WORDS.search(message.split(": error: ", 1)[1]), message


def test_an_id_pattern_is_said_in_words(minimal_course: Path) -> None:
    BROKEN["reference key"](minimal_course)
    assert "course/references.yaml:1:7: error: id: 'ref 1' is not valid here: use letters, " \
           "digits, '.', '-' or '_', starting with a letter or digit" in errors(minimal_course)


def test_a_second_document_is_said_in_words(minimal_course: Path) -> None:
    BROKEN["two documents"](minimal_course)
    assert errors(minimal_course) == [
        "course/course.yaml:22:1: error: YAML syntax error: a second YAML document (a line "
        "with ---) starts here, but a file holds one: delete the '---' line"]


# 11 ------------------------------------------------------------------------------------------
def test_a_range_written_backwards(minimal_course: Path) -> None:
    numeric(minimal_course, "    range: [30, 20]\n")
    assert errors(minimal_course) == [
        "course/lessons/check.yaml:15:12: error: range of question 'kc-2': the lower bound 30 "
        "is above the upper bound 20: write [20, 30]"]


def test_an_answer_with_units(minimal_course: Path) -> None:
    numeric(minimal_course, "    answer: 5 mg\n")
    assert errors(minimal_course) == [
        "course/lessons/check.yaml:15:13: error: answer: '5 mg' must be a plain number: "
        "put units such as 'mg' in the prompt"]


def test_an_answer_with_a_decimal_comma(minimal_course: Path) -> None:
    numeric(minimal_course, "    answer: 2,5\n")
    assert errors(minimal_course) == [
        "course/lessons/check.yaml:15:13: error: answer: '2,5' has a comma: write numbers "
        "with a decimal point (2.5) and without thousands separators"]


# 12 ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("key, where, field", [
    ("    answer: 1e400\n", "15:13", "answer"),
    ("    answer: 5\n    tolerance: .inf\n", "16:16", "tolerance"),
    ("    answer: .nan\n", "15:13", "answer"),
    ("    range: [-.inf, 3]\n", "15:13", "range"),  # at the infinite bound, not the list
])
def test_infinity_and_not_a_number_are_refused(minimal_course: Path, key: str, where: str,
                                               field: str) -> None:
    numeric(minimal_course, key)
    assert errors(minimal_course) == [
        f"course/lessons/check.yaml:{where}: error: {field} must be an ordinary number (not "
        "infinite or 'not a number')"]


def test_infinity_is_refused_in_every_number_field(minimal_course: Path) -> None:
    replace(minimal_course / "course.yaml", "  passing_score: 50", "  passing_score: .nan")
    assert errors(minimal_course) == [
        "course/course.yaml:15:18: error: passing_score must be an ordinary number (not "
        "infinite or 'not a number')"]


# 13 ------------------------------------------------------------------------------------------
def test_html_in_a_plain_text_field_is_an_error(minimal_course: Path) -> None:
    replace(minimal_course / "course.yaml", "title: Minimal course", "title: <b>Intro</b>")
    assert errors(minimal_course) == [
        "course/course.yaml:2:8: error: title is plain text, so HTML such as '<b>' is not "
        "allowed there: learners would see the tags as typed; write the text without them"]


def test_a_less_than_sign_in_a_plain_text_field_is_fine(minimal_course: Path) -> None:
    replace(minimal_course / "course.yaml", "title: Minimal course", "title: Doses <5 mg > 2 mg")
    assert check(minimal_course, BuildOptions(), label="course").course is not None


# 14 ------------------------------------------------------------------------------------------
def test_references_separated_by_commas_ask_for_a_list(minimal_course: Path) -> None:
    replace(minimal_course / QUIZ, "reference: ref1", "reference: ref1, ref2")
    assert errors(minimal_course) == [
        "course/lessons/check.yaml:10:16: error: reference: write several references as a "
        "list: [ref1, ref2]"]


# 15 ------------------------------------------------------------------------------------------
def test_a_lesson_named_without_its_extension(minimal_course: Path) -> None:
    replace(minimal_course / "lessons" / "module.yaml", "  - one.md", "  - one")
    assert "course/lessons/module.yaml:7:5: error: lesson 'one' does not exist (did you mean " \
           "'one.md'?)" in errors(minimal_course)


# 16 ------------------------------------------------------------------------------------------
def test_a_likert_scale_with_repeated_labels(minimal_course: Path) -> None:
    replace(minimal_course / "survey.yaml", "    prompt: The course was useful.\n",
            "    prompt: The course was useful.\n    scale: [Good, Bad, good]\n")
    assert errors(minimal_course) == [
        "course/survey.yaml:8:24: error: scale of question 'sv-1' repeats the label 'good' "
        "(labels 1 and 3): learners cannot tell them apart"]


# 17 ------------------------------------------------------------------------------------------
def test_a_yes_or_no_word_in_a_choice_field_is_named(minimal_course: Path) -> None:
    append(minimal_course / "course.yaml", "feedback:\n  reveal_answers: off\n")
    assert errors(minimal_course) == [
        "course/course.yaml:23:19: error: reveal_answers: 'off' is not one of 'none', "
        "'knowledge-checks' or 'all'"]


@pytest.mark.parametrize("word", ["yes", "on", "Off", "NO", '"true"'])
def test_a_yes_or_no_field_takes_true_or_false_only(minimal_course: Path, word: str) -> None:
    replace(minimal_course / "course.yaml", "  require_survey: true", "  require_survey: " + word)
    assert errors(minimal_course) == [
        f"course/course.yaml:17:19: error: require_survey: write true or false, not "
        f"'{word.strip(chr(34))}'"]


def test_a_review_date_before_the_creation_date(minimal_course: Path) -> None:
    replace(minimal_course / "course.yaml", "  created: 2024-01", "  created: 2024-01\n"
                                            "  review: 2023-05")
    assert errors(minimal_course) == [
        "course/course.yaml:12:11: error: dates: review (2023-05) is before created (2024-01)"]


def test_a_literature_cutoff_before_the_creation_date_is_fine(minimal_course: Path) -> None:
    replace(minimal_course / "course.yaml", "  created: 2024-01", "  created: 2024-01\n"
                                            "  literature_cutoff: 2023-05\n  review: 2024")
    assert check(minimal_course, BuildOptions(), label="course").course is not None


# 18, 19 --------------------------------------------------------------------------------------
@pytest.mark.parametrize("key,where,what", [
    ("    answer: 20000000000\n", "15:13", "the answer 20000000000"),
    ("    answer: 9999999999\n    tolerance: 1\n", "15:13", "the answer 9999999999 ± 1"),
    ("    range: [-1e12, 0]\n", "15:12", "the range [-1000000000000, 0]")])
def test_a_numeric_key_beyond_what_scorm_2004_stores(minimal_course: Path, key: str,
                                                     where: str, what: str) -> None:
    numeric(minimal_course, key)
    assert errors(minimal_course) == [
        f"course/lessons/check.yaml:{where}: error: {what} of question 'kc-2' goes beyond "
        "±9999999999.9999999, the largest number a SCORM 2004 LMS stores as a correct answer: "
        "state it in other units"]


def test_a_numeric_key_at_the_limit_is_fine(minimal_course: Path) -> None:
    numeric(minimal_course, "    range: [-9999999999, 9999999999]\n")
    assert not [p for p in found(minimal_course) if ": error: " in p]



def test_a_weight_above_100_is_refused(minimal_course: Path) -> None:
    replace(minimal_course / QUIZ, "    objective: m1-o1", "    objective: m1-o1\n    weight: 150")
    assert errors(minimal_course) == [
        "course/lessons/check.yaml:12:13: error: weight of question 'kc-1' is 150, above 100: "
        "a SCORM 1.2 LMS refuses a question weighting above 100"]
