"""Inputs that once ended in a traceback: each is now a diagnostic or a clean tool error."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import List, Tuple

import pytest
from click.testing import CliRunner

from scormbuild.build import BuildOptions, build
from scormbuild.cli import main
from scormbuild.errors import ScormbuildError
from scormbuild.package import entries as pkg


def run(*args: str) -> Tuple[int, List[str]]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, (result.stderr or result.stdout).splitlines()


# --- package paths --------------------------------------------------------------------------

def test_two_course_files_differing_only_in_case(in_tmp: Path, minimal_course: Path) -> None:
    media = minimal_course / "media"
    (media / "Square.svg").write_bytes((media / "square.svg").read_bytes())
    if len(list(media.iterdir())) == 1:
        pytest.skip("this file system ignores case")
    lesson = minimal_course / "lessons" / "two.md"
    lesson.write_text(lesson.read_text() + "\n![The same square](../media/Square.svg)\n")
    assert run("check", "course") == (1, [
        "course/lessons/one.md:9:18: error: 'media/square.svg' differs only in case from the "
        "course file media/Square.svg (used at course/lessons/two.md:6:20): rename or move it "
        "(LMS servers that ignore case keep only one of the two)",
        "build failed: 1 error, 0 warnings"])


def test_duplicate_entry_is_part_of_the_error_family() -> None:
    with pytest.raises(ScormbuildError) as caught:
        pkg.collect([pkg.Entry(path="a/b.txt", data=b"1"), pkg.Entry(path="A/b.txt", data=b"2")])
    assert caught.value.message == "two files would be written to 'A/b.txt' (also 'a/b.txt')"


def test_failed_clash_build_leaves_the_output_untouched(in_tmp: Path, minimal_course: Path) -> None:
    out = in_tmp / "dist"
    build(minimal_course, out, BuildOptions())
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (minimal_course / "assets").mkdir()
    (minimal_course / "assets" / "style.css").write_text("body { color: navy; }\n")
    lesson = minimal_course / "lessons" / "two.md"
    lesson.write_text(lesson.read_text() + "\n[Our style](../assets/style.css)\n")
    assert run("build", "course", "--out", "dist")[0] == 1
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


# --- template overrides --------------------------------------------------------------------

TEMPLATE_CASES = {
    "runtime-error": ('{% extends "builtin/lesson.html" %}\n{% block content %}\n'
                      '{{ 1 / 0 }}\n{% endblock %}',
                      "course/templates/lesson.html:3: error: template error: "
                      "ZeroDivisionError: division by zero"),
    "undefined": ('{% extends "builtin/lesson.html" %}\n{% block content %}\n\n'
                  '{{ no_such_variable }}{% endblock %}',
                  "course/templates/lesson.html:4: error: template error: "
                  "'no_such_variable' is undefined"),
    "syntax": ("<p>\n{% if %}x{% endif %}\n",
               "course/templates/lesson.html:2: error: template error: Expected an "
               "expression, got 'end of statement block'"),
    "missing-include": ('\n\n{% include "banner.html" %}',
                        "course/templates/lesson.html:3: error: template error: no template "
                        "'banner.html' in the course's templates/ folder or among the built-in "
                        "ones"),
    "type-error": ('{{ "a" + 1 }}',
                   "course/templates/lesson.html:1: error: template error: TypeError: can only "
                   'concatenate str (not "int") to str'),
    "macro-in-the-override": ("{% macro box(a) %}\n{{ a.b }}{% endmacro %}\n{{ box(1) }}",
                              "course/templates/lesson.html:2: error: template error: "
                              "'int object' has no attribute 'b'"),
}


@pytest.mark.parametrize("case", sorted(TEMPLATE_CASES))
def test_template_override_errors_name_the_authors_file_and_line(
        in_tmp: Path, minimal_course: Path, case: str) -> None:
    text, expected = TEMPLATE_CASES[case]
    (minimal_course / "templates").mkdir()
    (minimal_course / "templates" / "lesson.html").write_text(text)
    assert run("check", "course") == (1, [expected, "build failed: 1 error, 0 warnings"])


def test_error_inside_an_included_override_names_that_file(in_tmp: Path,
                                                            minimal_course: Path) -> None:
    folder = minimal_course / "templates"
    folder.mkdir()
    (folder / "lesson.html").write_text('{% extends "builtin/lesson.html" %}'
                                        '{% block content %}{% include "parts/note.html" %}'
                                        '{% endblock %}')
    (folder / "parts").mkdir()
    (folder / "parts" / "note.html").write_text("<aside>\n{{ course.no_such_field }}\n</aside>")
    assert run("check", "course") == (1, [
        "course/templates/parts/note.html:2: error: template error: "
        "'scormbuild.model.Course object' has no attribute 'no_such_field'",
        "build failed: 1 error, 0 warnings"])


# --- validate --schemas with a corrupt set ---------------------------------------------------

def test_corrupt_schema_set_is_unusable_tool_input(tmp_path: Path, schemas: Path) -> None:
    corrupt = tmp_path / "schemas"
    shutil.copytree(schemas, corrupt)
    xsd = corrupt / "scorm2004-4th" / "imscp_v1p1.xsd"
    xsd.write_bytes(xsd.read_bytes()[:300])  # cut off inside a start tag
    package = Path(__file__).parent / "packages" / "valid-2004"
    code, seen = run("validate", "--schemas", str(corrupt), str(package))
    assert (code, seen) == (2, [
        f"Error: {corrupt / 'scorm2004-4th'}: the SCORM 2004 4th Edition schema set cannot be "
        "used: the XSDs do not compile (AttValue: ' expected, line 5, column 44)"])


def test_nul_character_in_a_path(in_tmp: Path, minimal_course: Path) -> None:
    module = minimal_course / "lessons" / "module.yaml"
    module.write_text(module.read_text().replace("  - two.md", '  - "tw\\0o.md"'))
    lesson = minimal_course / "lessons" / "one.md"
    lesson.write_text(lesson.read_text() + "\n![A square](../media/sq%00uare.svg)\n")
    assert run("check", "course") == (1, [
        # YAML's '\\0' is named where it is typed (tests/test_review_authors4.py, 22)
        "course/lessons/module.yaml:8:8: error: '\\0' in a text in double quotes is YAML's code for "
        "an invisible control character, so the text is not kept as written: write each "
        "backslash twice ('\\\\') or put the text in single quotes",
        "course/lessons/one.md:11:13: error: '../media/sq\\x00uare.svg' contains a NUL character",
        "build failed: 2 errors, 0 warnings"])
