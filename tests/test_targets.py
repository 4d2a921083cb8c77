"""LMS target profiles: the data files, each rule's exact diagnostic, build/check/validate --target."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import List

import pytest
import yaml
from click.testing import CliRunner

from scormbuild.build import BuildOptions, build, check
from scormbuild.cli import main
from scormbuild.errors import CourseError
from scormbuild.lms.profiles import (TargetError, TargetProfile, editions_for, load_target,
                                     load_targets, shipped_names)
from scormbuild.lms.rules import RecordedValue, Subject, package_problems, size_problem
from scormbuild.package.editions import DEFAULT_EDITIONS, EDITIONS, SCORM12, SCORM2004
from scormbuild.resources import targets_dir
from scormbuild.validator.findings import RULES
from scormbuild.validator.validate import validate_package

REPO = Path(__file__).resolve().parent.parent
SHIPPED = ["generic", "absorb", "canvas", "cornerstone", "crossknowledge", "docebo", "healthstream",
           "latitude", "moodle", "onetrust", "relias", "successfactors", "talentlms", "tovuti",
           "workday"]
DOCEBO_SOURCE = 'help.docebo.com "Uploading and managing SCORM as training material", seen 2025-2026'
CSOD_SOURCE = ('help.csod.com "Course Publisher - Create New Publication" and "Quick Start Guide - '
               'Uploading Courses via Course Publisher", seen 2025-2026')


# --- the data files ----------------------------------------------------------------------------

def test_every_shipped_profile_loads() -> None:
    assert list(shipped_names()) == SHIPPED
    assert [p.name for p in load_targets(("all",))] == SHIPPED


@pytest.mark.parametrize("name", SHIPPED)
def test_a_profile_states_every_fact_known_or_unknown(name: str) -> None:
    """No fact is left out silently: each file writes every fact, 'unknown' where unknown."""
    raw = yaml.safe_load((targets_dir() / f"{name}.yaml").read_text(encoding="utf-8"))
    facts = {f for f, info in TargetProfile.model_fields.items() if info.is_required()}
    assert facts <= set(raw), sorted(facts - set(raw))
    profile = load_target(name)
    assert raw["name"] == name == profile.name
    for _, fact in profile.facts():
        source = profile.source(fact)
        assert (source.title, source.seen) != ("", "")
    assert all(rule.rule in RULES for rule in profile.validator_rules)


def test_generic_recommends_the_default_editions() -> None:
    assert editions_for(load_targets(("generic",))) == DEFAULT_EDITIONS
    assert editions_for(load_targets(("talentlms", "docebo"))) == (EDITIONS["1.2"],
                                                                   EDITIONS["2004-3rd"])


def test_unknown_target_names_the_choices(minimal_course: Path) -> None:
    with pytest.raises(TargetError) as caught:
        check(minimal_course, BuildOptions(targets=("blackboard",)))
    assert caught.value.message == (
        "unknown target 'blackboard': use one of " + ", ".join(SHIPPED) +
        ", all (every one of them), or the path of a profile .yaml file")


def test_a_broken_profile_file_is_reported_at_its_line(tmp_path: Path) -> None:
    text = (targets_dir() / "talentlms.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "my-lms.yaml"
    bad.write_text(text.replace("package_size: unknown", "package_size: {max_mb: big, "
                                "severity: error, source: talentlms-help}"), encoding="utf-8")
    line = text.splitlines().index("package_size: unknown") + 1
    with pytest.raises(CourseError) as caught:
        load_target(str(bad))
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{bad}:{line}:24: error: max_mb: write a number (with a decimal point, without units) "
        "(got 'big')"]


# --- rules as pure functions -------------------------------------------------------------------

@pytest.mark.parametrize("size, expected", [
    (250_000_000, None),
    (250_000_001, "the package is 250.0 MB; Cornerstone OnDemand recommends at most 250 MB per "
                  f"upload: larger packages need a support request ({CSOD_SOURCE})"),
    (3 * 10 ** 9, "the package is 3000.0 MB; Cornerstone OnDemand recommends at most 250 MB per "
                  f"upload: larger packages need a support request ({CSOD_SOURCE})"),
])
def test_size_limit(size: int, expected) -> None:
    """Cornerstone's 250 MB is a recommended maximum (larger on request): a warning."""
    problem = size_problem(load_target("cornerstone"), size, "the package is")
    assert (problem.message if problem else None) == expected
    assert problem is None or (problem.rule, problem.severity) == ("target.package-size", "warning")


@pytest.mark.parametrize("name, size, expected", [
    ("crossknowledge", 200_000_000, None),
    ("crossknowledge", 200_000_001, "the package is 200.0 MB; CrossKnowledge accepts at most 200 MB "
                                    "per package (developers.crossknowledge.com, seen 2025-2026)"),
    ("onetrust", 299_999_999, None),
    ("onetrust", 300_000_000, "the package is 300.0 MB; OneTrust accepts less than 300 MB per "
                              "package (my.onetrust.com, seen 2025-2026)"),
])
def test_size_limit_refused(name: str, size: int, expected) -> None:
    """A limit the LMS enforces is an error; OneTrust's "< 300 MB" refuses 300 MB itself."""
    problem = size_problem(load_target(name), size, "the package is")
    assert (problem.message if problem else None) == expected
    assert problem is None or (problem.rule, problem.severity) == ("target.package-size", "error")


def test_size_limit_unknown_is_never_a_problem() -> None:
    assert size_problem(load_target("talentlms"), 10 ** 12, "the package is") is None


def _subject(**changes) -> Subject:
    base = dict(edition=SCORM2004, files=(("index.html", 10),), size=10, sco_count=1,
                pass_mark=True, scorm12_status="passed-incomplete", keep_alive_minutes=None)
    base.update(changes)
    return Subject(**base)  # type: ignore[arg-type]


def _messages(name: str, subject: Subject) -> List[str]:
    return [f"{p.severity}: {p.about or '(package)'}: {p.message} [{p.rule}]"
            for p in package_problems(load_target(name), subject, "the package is")]


def test_keep_alive_longer_than_the_session() -> None:
    sap = ("SAP KBA 2978409 (userapps.support.sap.com), seen 2025-2026")
    assert _messages("successfactors", _subject(keep_alive_minutes=29)) == []
    assert _messages("successfactors", _subject(keep_alive_minutes=30)) == [
        "error: tracking.keep_alive_minutes: the content calls the LMS every 30 minutes while "
        "the learner reads; SAP SuccessFactors Learning ends its session after 30 minutes "
        f"without a call ({sap}) [target.keep-alive]"]


def test_single_sco_and_sequencing() -> None:
    assert _messages("generic", _subject(sco_count=2)) == [
        "warning: (package): the package has 2 SCOs; only single-SCO packages play in Tovuti "
        "and Rise Up (help.tovutilms.com and helpdesk.riseup.ai (single-SCO only, no "
        "multi-SCO), seen 2025-2026) [target.single-sco]"]
    assert _messages("moodle", _subject(sco_count=3)) == [
        "warning: (package): the package has 3 SCOs; SCORM 2004 sequencing and navigation "
        "between them are not implemented in Moodle (docs.moodle.org SCORM FAQ and SCORM "
        "settings, seen 2025-2026) [target.sequencing]"]
    assert _messages("moodle", _subject(sco_count=3, edition=SCORM12, pass_mark=None)) == []


def test_status_pair_rule_looks_at_scorm12_only() -> None:
    assert _messages("cornerstone", _subject(scorm12_status="completed-failed")) == []
    assert _messages("cornerstone", _subject(edition=SCORM12, scorm12_status="completed-failed",
                                             pass_mark=None)) == [
        "warning: completion.scorm12_status: SCORM 1.2 status 'completed-failed' is known to "
        "track wrongly in Cornerstone OnDemand: a SCORM 1.2 \"failed\" status once kept courses "
        "\"in progress\" (community.articulate.com threads on Cornerstone, seen 2025-2026); use "
        "'passed-incomplete' instead [target.status-mapping]"]


def test_pass_mark_seeded_from_the_manifest() -> None:
    assert _messages("moodle", _subject(pass_mark=True)) == []
    assert _messages("moodle", _subject(pass_mark=None)) == []
    assert _messages("moodle", _subject(pass_mark=False)) == [
        "error: imsmanifest.xml: a SCO has no imsss:minNormalizedMeasure; Moodle then sets "
        "cmi.scaled_passing_score to 1.0 (100%), so learners need that score to pass (Moodle "
        "source, mod/scorm (scorm_parse_scorm, the SCORM 2004 player and datamodels), seen "
        "2025-2026) [target.pass-mark]"]


# --- build and check --target: diagnostics at the course file that causes them ------------------

def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def link_media(course: Path, name: str, data: bytes = b"x") -> str:
    """Put a file in media/ and link it from lesson two; return where the link is."""
    (course / "media" / name).write_bytes(data)
    lesson = course / "lessons" / "two.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + f"\nSee [the file](../media/{name}).\n",
                      encoding="utf-8")
    return "course/lessons/two.md:6:16"


def test_forbidden_extension(in_tmp: Path, minimal_course: Path) -> None:
    shutil.move(str(minimal_course), in_tmp / "course")
    where = link_media(in_tmp / "course", "setup.sh")
    result = run("check", "course", "--target", "docebo")
    assert (result.exit_code, result.stderr) == (1, (
        f"{where}: error: packages that contain '.sh' files are rejected by Docebo "
        f"({DOCEBO_SOURCE}); remove the file or link to it outside the package\n"
        "build failed: 1 error, 0 warnings\n"))
    generic = run("check", "course")
    assert (generic.exit_code, generic.stderr) == (0, (
        f"{where}: warning: packages that contain '.sh' files are rejected by Docebo "
        f"(CrossKnowledge refuses server-side and executable files too) ({DOCEBO_SOURCE}); remove "
        "the file or link to it outside the package\n"))


def test_bad_file_name(in_tmp: Path, minimal_course: Path) -> None:
    shutil.move(str(minimal_course), in_tmp / "course")
    square = (REPO / "tests" / "roots" / "minimal" / "media" / "square.svg").read_bytes()
    where = link_media(in_tmp / "course", "Übersicht(1).svg", square)
    result = run("check", "course", "--target", "successfactors", "--strict")
    assert (result.exit_code, result.stderr) == (1, (
        f"{where}: warning: 'Übersicht(1).svg' has characters outside [A-Za-z0-9._-], the file "
        "and folder names allowed by SAP SuccessFactors Learning (idnet.bayer.com \"Technical "
        "Standards\" (a SuccessFactors customer's guide), seen 2025-2026); rename the file\n"
        "build failed: 0 errors, 1 warning (--strict: warnings count as errors)\n"))


def test_wrong_edition(in_tmp: Path, minimal_course: Path) -> None:
    shutil.move(str(minimal_course), in_tmp / "course")
    result = run("check", "course", "--target", "talentlms", "--edition", "2004",
                 "--edition", "2004-3rd")
    assert (result.exit_code, result.stderr) == (1, (
        "course/course.yaml: error: TalentLMS accepts only SCORM 1.2, not SCORM 2004 4th Edition "
        "or SCORM 2004 3rd Edition (help.talentlms.com \"SCORM in TalentLMS - Overview, Setup and "
        "Best Practices\", seen 2025-2026); build with --edition 1.2\n"
        "build failed: 1 error, 0 warnings\n"))
    docebo = run("check", "course", "--target", "docebo", "--edition", "2004")
    assert (docebo.exit_code, docebo.stderr) == (0, (
        "course/course.yaml: warning: Docebo documents SCORM 1.2 and SCORM 2004 3rd Edition, not "
        f"SCORM 2004 4th Edition ({DOCEBO_SOURCE}); build with --edition 1.2 or --edition "
        "2004-3rd\n"))


def test_status_pair_an_lms_mishandles(in_tmp: Path, minimal_course: Path) -> None:
    shutil.move(str(minimal_course), in_tmp / "course")
    course_yaml = in_tmp / "course" / "course.yaml"
    course_yaml.write_text(course_yaml.read_text().replace(
        "  require_survey: true", "  require_survey: true\n  scorm12_status: passed-failed"))
    result = run("check", "course", "--target", "cornerstone", "--edition", "1.2")
    assert (result.exit_code, result.stderr) == (0, (
        "course/course.yaml:18:3: warning: SCORM 1.2 status 'passed-failed' is known to track "
        "wrongly in Cornerstone OnDemand: a SCORM 1.2 \"failed\" status once kept courses \"in "
        "progress\" (community.articulate.com threads on Cornerstone, seen 2025-2026); use "
        "'passed-incomplete' instead\n"))
    assert run("check", "course", "--target", "cornerstone").stderr == ""  # 2004 3rd: no 1.2 status


MOODLE_CODE = ("Moodle source, mod/scorm (scorm_parse_scorm, the SCORM 2004 player and "
               "datamodels), seen 2025-2026")
NUMERIC = """  - id: fa-3
    type: numeric
    prompt: How many patients?
    answer: {answer}
    rationale: Counted.
    reference: [ref1]
    objective: lo1
"""


def _answer_key(course: Path, choice_id: str, answer: str) -> None:
    """fa-1's first choice gets this id; a numeric question with this answer is added."""
    final = course / "final.yaml"
    text = final.read_text(encoding="utf-8").replace("      - {id: a, text: Square}",
                                                     f"      - {{id: {choice_id}, text: Square}}")
    text = text.replace("    answer: a\n", f"    answer: {choice_id}\n", 1)
    final.write_text(text + NUMERIC.format(answer=answer), encoding="utf-8")


def test_response_values_rule_reads_only_the_profile_fact() -> None:
    values = (RecordedValue("n", "q1", number=-123456.0), RecordedValue("i", "q2", identifier="a-b"),
              RecordedValue("ok", "q3", number=99999.4), RecordedValue("ok2", "q4", identifier="a.b_1"))
    found = [(p.about, p.rule) for p in package_problems(load_target("moodle"), _subject(recorded=values),
                                                         "the package is")]
    assert found == [("n", "target.response-number"), ("i", "target.response-id")]
    assert _messages("moodle", _subject(edition=SCORM12, pass_mark=None, recorded=values)) == []
    assert _messages("docebo", _subject(recorded=values)) == []  # documents nothing of the kind


def test_moodle_2004_refuses_long_numbers_and_hyphenated_ids(in_tmp: Path, minimal_course: Path) -> None:
    """Moodle's 2004 player checks interaction values against its own CMIDecimal (5 integer
    digits) and CMIShortIdentifier (letters, digits, '_', '.'): a refused value is never
    recorded. The numbers are the runtime's, rounded to 7 decimals."""
    shutil.move(str(minimal_course), in_tmp / "course")
    _answer_key(in_tmp / "course", "sq-1", "99999.99999999")
    result = run("check", "course", "--target", "moodle", "--edition", "2004")
    assert (result.exit_code, result.stderr) == (1, (
        "course/final.yaml:9:14: error: id 'sq-1' of question 'fa-1' has characters outside "
        "[A-Za-z0-9_.]; Moodle refuses such an id in a SCORM 2004 4th Edition interaction "
        f"record, so no answer to this question would be recorded ({MOODLE_CODE}); write the "
        "id with letters, digits and '_' only\n"
        "course/final.yaml:29:13: error: 100000 in the answer key of question 'fa-3' has 6 "
        "digits before the decimal point; Moodle refuses a number with more than 5 in a SCORM "
        "2004 4th Edition interaction record, so no answer to this question would be recorded "
        f"({MOODLE_CODE}); state the number in other units (thousands, say), or record fewer "
        "quiz kinds as interactions (tracking.interactions)\n"
        "build failed: 2 errors, 0 warnings\n"))
    # Moodle's 1.2 player takes both; other LMSs document nothing of the kind
    assert run("check", "course", "--target", "moodle", "--edition", "1.2").exit_code == 0
    assert run("check", "course", "--target", "docebo", "--edition", "2004-3rd").exit_code == 0


def test_moodle_2004_values_within_its_formats_or_not_recorded(in_tmp: Path,
                                                               minimal_course: Path) -> None:
    shutil.move(str(minimal_course), in_tmp / "course")
    _answer_key(in_tmp / "course", "sq_1", "-99999.5")
    assert run("check", "course", "--target", "moodle", "--edition", "2004").stderr == ""
    course_yaml = in_tmp / "course" / "course.yaml"
    final = in_tmp / "course" / "final.yaml"
    final.write_text(final.read_text(encoding="utf-8").replace("sq_1", "sq-1").replace(
        "-99999.5", "123456"), encoding="utf-8")
    assert run("check", "course", "--target", "moodle", "--edition", "2004").exit_code == 1
    course_yaml.write_text(course_yaml.read_text(encoding="utf-8") +
                           "tracking:\n  interactions: [survey]\n", encoding="utf-8")
    quiet = run("check", "course", "--target", "moodle", "--edition", "2004")
    assert (quiet.exit_code, quiet.stderr) == (0, "")  # the final is not recorded as interactions


def test_a_build_for_moodle_2004_tells_the_runtime_its_number_limit(minimal_course: Path,
                                                                   tmp_path: Path) -> None:
    """The 2004 adapter carries the fewest integer digits a target's player takes (the runtime
    asks the learner for such a number); other editions and targets keep the data model's."""
    def adapter(edition: str, *targets: str) -> str:
        out = tmp_path / "-".join((edition,) + targets)
        result = build(minimal_course, out, BuildOptions(editions=(EDITIONS[edition],),
                                                         targets=targets))
        with zipfile.ZipFile(result.written[0].path) as zf:
            return zf.read("runtime/adapter.js").decode("ascii")

    assert "ScormBuild.adapter.numberDigits = 5;" in adapter("2004", "moodle", "generic")
    assert "numberDigits =" not in adapter("2004", "generic")
    assert "numberDigits =" not in adapter("1.2", "moodle")


def test_build_chooses_the_editions_the_targets_recommend(minimal_course: Path, tmp_path: Path) -> None:
    result = check(minimal_course, BuildOptions(targets=("talentlms", "docebo")))
    assert sorted(result.packages) == ["scorm12", "scorm2004-3rd"]
    assert sorted(check(minimal_course, BuildOptions()).packages) == ["scorm12", "scorm2004"]


@pytest.mark.slow
def test_oversize_fails_before_anything_is_written(in_tmp: Path, minimal_course: Path) -> None:
    """A sparse 200 MB + 1 byte video: measured with stat, refused before a zip is written."""
    shutil.move(str(minimal_course), in_tmp / "course")
    where = link_media(in_tmp / "course", "talk.mp4", b"")
    with open(in_tmp / "course" / "media" / "talk.mp4", "r+b") as video:
        video.truncate(200_000_001)
    result = run("build", "course", "--target", "crossknowledge", "--edition", "1.2",
                 "--out", "dist")
    lines = result.stderr.splitlines()
    assert result.exit_code == 1
    # 200.1 or 200.2 MB: the media plus the pages and runtime, which change with scormbuild
    assert [re.sub(r"holds 200\.[12] MB", "holds 200.x MB", line) for line in lines
            if "CrossKnowledge accepts" in line] == [
        f"{where}: error: the SCORM 1.2 package holds 200.x MB; CrossKnowledge accepts at most "
        "200 MB per package (developers.crossknowledge.com, seen 2025-2026); make the media "
        "smaller or split the course"]
    assert lines[-1].startswith("build failed: 1 error, ")
    assert not (in_tmp / "dist").exists() or list((in_tmp / "dist").iterdir()) == []


# OneTrust documents the statuses Complete and Incomplete only: a course with a pass mark (the
# flagship) is told so; the other profiles take the flagship as it is.
ONETRUST_STATUS = (
    "course/course.yaml: warning: SCORM 1.2 status 'passed-incomplete' is known to track wrongly "
    "in OneTrust: only the statuses Complete and Incomplete are documented (my.onetrust.com, seen "
    "2025-2026); use 'completed-incomplete' instead")
CLEAN_FOR_THE_FLAGSHIP = [name for name in SHIPPED if name != "onetrust"]


@pytest.mark.slow
@pytest.mark.parametrize("name", SHIPPED)
def test_flagship_builds_clean_for_every_target(name: str) -> None:
    result = check(REPO / "course", BuildOptions(targets=(name,)), "course")
    found = [re.sub(r"^course/course\.yaml:\d+:\d+:", "course/course.yaml:", str(d))
             for d in result.diagnostics]
    assert found == ([] if name in CLEAN_FOR_THE_FLAGSHIP else [ONETRUST_STATUS])
    assert tuple(EDITIONS[e] for e in load_target(name).build.editions) == \
        tuple(e for e in EDITIONS.values() if e.key in result.packages)


@pytest.mark.slow
def test_flagship_packages_for_all_targets_validate_clean(tmp_path: Path, schemas: Path) -> None:
    result = build(REPO / "course", tmp_path,
                   BuildOptions(targets=tuple(CLEAN_FOR_THE_FLAGSHIP), strict=True))
    assert len(result.written) == 3
    profiles = load_targets(tuple(CLEAN_FOR_THE_FLAGSHIP))
    for written in result.written:
        report = validate_package(written.path, schemas=schemas, label="pkg.zip",
                                  targets=[p for p in profiles if p.accepts(_edition(written.path))])
        assert [str(f) for f in report.errors + report.warnings] == []


def _edition(path: Path):
    return next(e for e in EDITIONS.values() if path.name.endswith(f"-{e.key}.zip"))


# --- validate --target: any package --------------------------------------------------------------

@pytest.fixture(scope="module")
def built_2004(tmp_path_factory) -> bytes:
    root = REPO / "tests" / "roots" / "minimal"
    out = tmp_path_factory.mktemp("pkg")
    written = build(root, out, BuildOptions(editions=(SCORM2004,))).written[0].path
    return written.read_bytes()


def rewrite(data: bytes, path: Path, change) -> Path:
    """A copy of a package zip with some entries changed (change(name, bytes) -> bytes | None)."""
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            new = change(info.filename, src.read(info))
            if new is not None:
                out.writestr(info, new)
    return path


def lines_of(path: Path, *targets: str) -> List[str]:
    report = validate_package(path, label="pkg.zip", targets=load_targets(targets))
    return [str(f) for f in report.findings if f.severity != "note"]  # notes: no XSDs shipped


def test_validate_pass_mark(built_2004: bytes, tmp_path: Path) -> None:
    def drop_measure(name: str, data: bytes) -> bytes:
        if name != "imsmanifest.xml":
            return data
        start = data.index(b"<imsss:minNormalizedMeasure>")
        end = data.index(b"</imsss:minNormalizedMeasure>") + len(b"</imsss:minNormalizedMeasure>")
        return data[:start] + data[end:]

    pkg = rewrite(built_2004, tmp_path / "pkg.zip", drop_measure)
    assert lines_of(pkg, "generic") == []
    assert lines_of(pkg, "moodle") == [
        "imsmanifest.xml: error: a SCO has no imsss:minNormalizedMeasure; Moodle then sets "
        "cmi.scaled_passing_score to 1.0 (100%), so learners need that score to pass (Moodle "
        "source, mod/scorm (scorm_parse_scorm, the SCORM 2004 player and datamodels), seen "
        "2025-2026) [target.pass-mark]"]


def test_validate_reads_the_answer_keys_of_a_scormbuild_package(minimal_course: Path,
                                                                tmp_path: Path) -> None:
    """A package built for no particular LMS, validated for Moodle: its course-data.js holds the
    answer keys, and the same rule as the build's says which Moodle's 2004 player refuses."""
    _answer_key(minimal_course, "sq-1", "123456")
    written = {w.path.name.rsplit("-", 1)[1]: w.path for w in
               build(minimal_course, tmp_path / "out", BuildOptions(editions=(SCORM12, SCORM2004))).written}
    assert lines_of(written["scorm2004.zip"], "moodle") == [
        "runtime/course-data.js: error: id 'sq-1' of question 'fa-1' has characters outside "
        "[A-Za-z0-9_.]; Moodle refuses such an id in a SCORM 2004 4th Edition interaction "
        f"record, so no answer to this question would be recorded ({MOODLE_CODE}) "
        "[target.response-id]",
        "runtime/course-data.js: error: 123456 in the answer key of question 'fa-3' has 6 digits "
        "before the decimal point; Moodle refuses a number with more than 5 in a SCORM 2004 4th "
        "Edition interaction record, so no answer to this question would be recorded "
        f"({MOODLE_CODE}) [target.response-number]"]
    assert lines_of(written["scorm12.zip"], "moodle") == []
    assert lines_of(written["scorm2004.zip"], "generic") == []


def test_question_units_name_the_answer_key_fields_the_runtime_records() -> None:
    """What the validator reads from course-data.js (key_ids, key_numbers) is what the build
    checks (id_lists, recorded_numbers), for every question of the flagship and sample course."""
    from scormbuild.load.course_loader import load_course

    seen = set()
    for root in (REPO / "course", REPO / "tests" / "roots" / "minimal"):
        course, _ = load_course(root, None, False)
        for quiz in course.quizzes():
            for question in quiz.questions:
                spec, unit = question.spec, type(question.spec)
                key = spec.answer_key()
                assert [v for f in unit.key_ids for v in key[f]] == \
                    [v for _, ids in spec.id_lists() for v in ids], spec.id
                assert [key[f] for f in unit.key_numbers] == \
                    [n for _, n in spec.recorded_numbers()], spec.id
                seen.add(spec.type)
    assert seen >= {"single-choice", "multiple-response", "numeric", "matching", "sequencing"}


def test_validate_forbidden_file_and_edition(built_2004: bytes, tmp_path: Path) -> None:
    pkg = rewrite(built_2004, tmp_path / "pkg.zip", lambda name, data: data)
    with zipfile.ZipFile(pkg, "a") as archive:
        archive.writestr("tools/build.py", "print(1)\n")
    assert lines_of(pkg, "docebo", "talentlms") == [
        "pkg.zip: warning: Docebo documents SCORM 1.2 and SCORM 2004 3rd Edition, not SCORM 2004 "
        f"4th Edition ({DOCEBO_SOURCE}) [target.edition]",
        "pkg.zip: error: TalentLMS accepts only SCORM 1.2, not SCORM 2004 4th Edition "
        "(help.talentlms.com \"SCORM in TalentLMS - Overview, Setup and Best Practices\", seen "
        "2025-2026) [target.edition]",
        "tools/build.py: warning: file is not listed in any <file> of imsmanifest.xml "
        "[manifest.file-not-listed]",
        "tools/build.py: error: packages that contain '.py' files are rejected by Docebo "
        f"({DOCEBO_SOURCE}) [target.forbidden-extension]"]


def test_validate_file_names(built_2004: bytes, tmp_path: Path) -> None:
    pkg = rewrite(built_2004, tmp_path / "pkg.zip", lambda name, data: data)
    with zipfile.ZipFile(pkg, "a") as archive:
        archive.writestr("media/read me.txt", "x")
    assert lines_of(pkg, "successfactors")[-1] == (
        "media/read me.txt: warning: 'read me.txt' has characters outside [A-Za-z0-9._-], the "
        "file and folder names allowed by SAP SuccessFactors Learning (idnet.bayer.com "
        "\"Technical Standards\" (a SuccessFactors customer's guide), seen 2025-2026) "
        "[target.file-name]")


def test_validate_escalates_a_finding_the_lms_refuses(built_2004: bytes, tmp_path: Path) -> None:
    def popup(name: str, data: bytes) -> bytes:
        if name != "index.html":
            return data
        return data.replace(b"</body>", b"<script>window.open('start.html');</script></body>")

    pkg = rewrite(built_2004, tmp_path / "pkg.zip", popup)
    plain = lines_of(pkg)
    assert len(plain) == 1 and plain[0].startswith("index.html:") and ": warning: " in plain[0]
    strict = lines_of(pkg, "healthstream")
    assert strict == [plain[0].replace(": warning: ", ": error: ").replace(
        " [content.window-open-launch]",
        "; HealthStream Learning Center: completion can fail when the content opens a new window "
        "(communities.healthstream.com DOC-1153, seen 2025-2026) [content.window-open-launch]")]


@pytest.mark.slow
def test_validate_oversize_zip(built_2004: bytes, tmp_path: Path) -> None:
    """A zip preceded by 250 MB of sparse zeros (as self-extracting archives are): still readable."""
    pkg = tmp_path / "big.zip"
    with open(pkg, "wb") as handle:
        handle.truncate(250_000_000)
        handle.seek(250_000_000)
        handle.write(built_2004)
    size = f"{(250_000_000 + len(built_2004)) / 10 ** 6:.1f} MB"
    assert [line for line in lines_of(pkg, "cornerstone") if "package-size]" in line] == [
        f"pkg.zip: warning: the package is {size}, above 200 MB: some LMSs refuse uploads that "
        "large (CrossKnowledge: at most 200 MB, developers.crossknowledge.com; Cornerstone "
        "OnDemand recommends at most 250 MB, help.csod.com Course Publisher guides; both seen "
        "2025-2026) [zip.package-size]",
        f"pkg.zip: warning: the package is {size}; Cornerstone OnDemand recommends at most 250 MB "
        f"per upload: larger packages need a support request ({CSOD_SOURCE}) "
        "[target.package-size]"]


def test_validate_without_target_reads_no_profile(built_2004: bytes, tmp_path: Path) -> None:
    pkg = rewrite(built_2004, tmp_path / "pkg.zip", lambda name, data: data)
    result = run("validate", str(pkg), "--target", "talentlms")
    assert result.exit_code == 1
    assert "[target.edition]" in result.stdout
    assert run("validate", str(pkg)).exit_code == 0


# --- inspect: what an administrator checks before an upload -------------------------------------

def test_inspect_shows_the_administrator_facts_and_which_lms_takes_it(minimal_course: Path,
                                                                     tmp_path: Path) -> None:
    course_yaml = minimal_course / "course.yaml"
    course_yaml.write_text(course_yaml.read_text().replace(
        "  created: 2024-01", "  created: 2024-01\n  released: 2024-02-01\n  review: 2025-02\n"
        "  expires: 2026-02"))
    written = build(minimal_course, tmp_path / "dist",
                    BuildOptions(targets=("cornerstone",))).written[0].path
    result = run("inspect", str(written), "--target", "talentlms", "--target", "cornerstone")
    lines = result.stdout.splitlines()
    size = f"{written.stat().st_size / 1024:.1f} KB"
    vendor = written.stat().st_size / 10 ** 6                   # as vendors count them
    megabytes = f"{vendor:.1f} MB" if vendor >= 1 else f"{vendor:.2g} MB"
    assert lines[2] == "edition:       SCORM 2004 3rd Edition"
    assert lines[5:12] == [
        f"size:          {size} to upload", "language:      en-GB", "duration:      5 minutes",
        "description:   A tiny course used by the tests.",
        "dates:         released 2024-02-01, review 2025-02, expires 2026-02", "SCOs:          1",
        "pass mark:     50% on the final assessment (set by the content); manifest: "
        "minNormalizedMeasure 0.5 without satisfiedByMeasure (LMSs that seed "
        "cmi.scaled_passing_score from it, as Moodle does, get the content's pass mark)"]
    assert lines[lines.index("targets:"):] == [
        "targets:",
        "  talentlms      refuses",
        "    - error: TalentLMS accepts only SCORM 1.2, not SCORM 2004 3rd Edition "
        "(help.talentlms.com \"SCORM in TalentLMS - Overview, Setup and Best Practices\", seen "
        "2025-2026)",
        f"  cornerstone    accepts ({megabytes}; recommended: at most 250 MB)"]
    data = json.loads(run("inspect", str(written), "--target", "all", "--format", "json").stdout)
    assert [(v["target"], v["accepts"]) for v in data["targets"]] == [
        (name, name != "talentlms") for name in SHIPPED]
    assert data["about"]["sco_count"] == 1


def test_inspect_reads_lom_metadata_of_other_packages(built_2004: bytes, tmp_path: Path) -> None:
    pkg = rewrite(built_2004, tmp_path / "pkg.zip",
                  lambda name, data: None if name == "runtime/course-data.js" else data)
    lines = run("inspect", str(pkg)).stdout.splitlines()
    assert lines[6:11] == ["language:      en-GB", "duration:      not stated",
                           "description:   A tiny course used by the tests.",
                           "dates:         no release, review or expiry date stated",
                           "SCOs:          1"]


def test_a_profile_of_your_own_by_path(in_tmp: Path, minimal_course: Path) -> None:
    shutil.move(str(minimal_course), in_tmp / "course")
    text = (targets_dir() / "talentlms.yaml").read_text(encoding="utf-8")
    (in_tmp / "intranet.yaml").write_text(
        text.replace("name: talentlms", "name: intranet").replace("title: TalentLMS", "title: Intranet LMS")
        .replace("forbidden_extensions: unknown", "forbidden_extensions: {forbidden: ['.svg'], "
                 "severity: error, source: talentlms-help}"), encoding="utf-8")
    result = run("check", "course", "--target", "intranet.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].endswith(
        ": error: packages that contain '.svg' files are rejected by Intranet LMS "
        "(help.talentlms.com \"SCORM in TalentLMS - Overview, Setup and Best Practices\", seen "
        "2025-2026); remove the file or link to it outside the package")
    assert result.stderr.splitlines()[0].startswith("course/")


def test_a_build_reads_the_pass_mark_from_the_manifest_it_wrote() -> None:
    """The build reads its own manifest with the standard library's parser (no lxml); the
    validator reads any package's with lxml: both see the same pass mark."""
    import re
    from xml.etree import ElementTree

    from lxml import etree

    from scormbuild.lms.course_targets import subject_of
    from scormbuild.lms.rules import pass_mark_of

    result = check(REPO / "tests" / "roots" / "minimal", BuildOptions(editions=DEFAULT_EDITIONS))
    assert result.course is not None
    subjects = {edition.key: subject_of(result.course, edition, result.packages[edition.key])
                for edition in DEFAULT_EDITIONS}
    assert subjects[SCORM2004.key].pass_mark is True and subjects[SCORM12.key].pass_mark is None
    manifest = next(e.data for e in result.packages[SCORM2004.key] if e.path == "imsmanifest.xml")
    assert manifest is not None
    unmarked = re.sub(rb"<imsss:minNormalizedMeasure>[^<]*</imsss:minNormalizedMeasure>", b"",
                      manifest)
    assert unmarked != manifest
    for parse in (ElementTree.fromstring, etree.fromstring):
        assert pass_mark_of(parse(manifest), SCORM2004) is True
        assert pass_mark_of(parse(unmarked), SCORM2004) is False
