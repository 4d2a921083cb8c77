"""Adversarial conformance review: how the target profiles and rules use ../shared/lms-facts.md.

The rule under review (lms-facts.md, header): "A profile must carry a fact only with its source
and must say 'unknown' where nothing is known; never invent a limit." The project promises that
every target message names the profile's source (docs/lms-targets.md). Each test below failed on
the code it was written against (2026-12-03) for the reason stated, and each finding names the
fact-sheet row it rests on. All are fixed; where the fix differs from what the review proposed,
the test says how (4: HealthStream makes a frameset launch an error, as it does a window.open()
launch; 6: validate warns above 200 MB with a rule of its own, zip.package-size, whatever the
target, as the build does, so that a build for the generic profile does not warn twice).

1. Cornerstone's 250 MB is a *recommended* maximum, turned into a hard limit.
   Row "Cornerstone OnDemand": "recommended maximum **250 MB** per SCORM upload (larger needs a
   support request)". targets/cornerstone.yaml makes it ``severity: error`` and rules.size_problem
   words it "Cornerstone OnDemand accepts at most 250 MB per package", dropping the profile's own
   note ("recommended maximum ...; larger packages need a support request"); a build fails,
   validate exits 1 and inspect says "refuses" for a package the vendor takes on request.
   docs/lms-targets.md ("at most 250 MB per upload ...: an error") and docs/validate.md ("uploads
   above the limit fail") repeat the stronger claim.
   -> test_cornerstone_250_mb_is_a_recommendation_not_a_refusal

2. Cornerstone's "53 minutes" observation is turned into an idle-session limit it never was.
   Row "Cornerstone OnDemand" (secondary, community.articulate.com): "a course was seen to time
   out after ~53 minutes of activity". targets/cornerstone.yaml models it as a SessionFact
   (``timeout_minutes: 53``, "the LMS session ends after this long without a call") and
   rules.session_problem tells the author "Cornerstone OnDemand ends its session after 53
   minutes without a call": a mechanism the source does not state (the time-out was seen during
   activity, so a keep-alive is not known to prevent it). An invented fact, with a source name on it.
   -> test_cornerstone_53_minutes_is_not_an_idle_timeout

3. A recommendation is put in Cornerstone's mouth.
   Row "Cornerstone OnDemand": only '1.2 "failed" once kept courses "in progress"'. The message of
   rules.status_problem says "...; it recommends 'passed-incomplete' (community.articulate.com
   threads on Cornerstone ...)". "passed/incomplete is the safest default" is the fact sheet's
   own packaging advice ("What follows for packaging"), not Cornerstone's nor the threads'.
   (targets/cornerstone.yaml scorm12_status.recommended; rules.status_problem wording.)
   -> test_cornerstone_status_message_does_not_invent_a_recommendation

4. HealthStream: a frameset launch is not checked although the profile's own note names it.
   Row "HealthStream": "completion can fail with frameset or new-window-on-click launch"
   (DOC-1153). Only window.open() is checked (validator/content_checks.py,
   content.window-open-launch, escalated by targets/healthstream.yaml); a launch page that is a
   <frameset> validates clean for --target healthstream (exit 0, no finding).
   -> test_healthstream_frameset_launch_is_reported

5. A wrapper folder (or an unreadable manifest) hides every target finding.
   Rows "Docebo" (rejects packages containing .php ...) and "TalentLMS"/"Docebo" (manifest at the
   zip root). validator/validate.py with_targets returns the plain report when the manifest
   could not be read (ctx is None), so ``validate --target docebo`` on course/imsmanifest.xml +
   course/tools/run.php reports only zip.manifest-not-at-root: the .php file that Docebo
   rejects, which needs no manifest to find, is not mentioned. validate promises to collect
   "every finding of each stage"; the author fixes the wrapper and only then learns of the
   rejection.
   -> test_wrapper_folder_does_not_hide_docebo_forbidden_files

6. validate/inspect never apply the 200 MB packaging warning; generic says "unknown" about a
   known limit. "What follows for packaging": "Package size: warn above 200 MB, the smallest
   documented limit"; row "Others": CrossKnowledge 200 MB (vendor doc). targets/generic.yaml has
   ``package_size: unknown`` (the fact sheet *does* know it), so only the build warns
   (build._check_package_size); ``validate --target generic`` (or --target all) on a 210 MB
   package says nothing, and inspect --target all says every LMS "accepts".
   -> test_validate_generic_warns_above_200_mb

7. The build's 200 MB warning names limits without their sources, and overstates Cornerstone.
   build._check_package_size: "some LMSs refuse uploads that large (CrossKnowledge: 200 MB,
   Cornerstone: 250 MB)": no source for either (developers.crossknowledge.com, help.csod.com),
   although every message naming a limit must name its source; and Cornerstone does not refuse
   (row: recommended maximum, support request).
   -> test_build_200_mb_warning_names_its_source

8. inspect prints the package size in MiB labelled "MB" beside a vendor-MB limit.
   validator/target_checks.Verdict.text_line gets wording.human_size (1 MB = 1024*1024) while the
   limit and the rule count 1 MB = 1,000,000 bytes (docs/lms-targets.md). A 260,000,000-byte zip:
   "cornerstone    refuses (248.0 MB; at most 250 MB)" above "- error: the package is 260.0 MB"
   -- the line that names the limit contradicts itself.
   -> test_inspect_verdict_size_uses_the_limits_megabytes

9. A SCORM 2004 2nd Edition package is called "4th Edition" to Cornerstone/Docebo.
   Row "Cornerstone": "2004 (3rd Edition implemented, 2nd 'likely to work')". For a CAM 1.3
   manifest the report header says "SCORM 2004 2nd Edition", but rules.edition_problems words
   "Cornerstone OnDemand documents SCORM 1.2 and SCORM 2004 3rd Edition, not SCORM 2004 4th
   Edition" (it uses ctx.edition.label, the 4th Edition object the validator maps 2nd onto),
   and the profile's "2nd likely to work" is not said.
   -> test_second_edition_package_is_not_called_fourth_edition

10. LMSs the fact sheet documents with checkable facts have no profile.
    Row "Others" (vendor docs): CrossKnowledge 200 MB, no server-side or executable files;
    Latitude 360 MB, names only A-Z 0-9 - _; OneTrust < 300 MB, Complete/Incomplete only;
    Tovuti single-SCO only. ``--target crossknowledge`` etc. is "unknown target" (exit 2), so
    neither build nor validate can check a package against those limits (generic borrows only
    CrossKnowledge's extensions and Latitude's names, as warnings, and no size). Note for whoever
    adds OneTrust: "< 300 MB" is strict, rules.size_problem lets exactly max_mb through.
    -> test_documented_lms_has_a_profile[...]

11. generic cites "project notes" for vendor facts whose vendor source the fact sheet names.
    generic's forbidden-extension warning says "rejected by Docebo (...)" and cites "portable
    packaging defaults drawn from the vendor documents of the other profiles
    (docs/lms-targets.md)" instead of help.docebo.com "Uploading and managing SCORM as training
    material" (row "Docebo") / developers.crossknowledge.com (row "Others"); the same for its
    file-name rule (idnet.bayer.com, help.latitudelearning.com). targets/generic.yaml sources.
    -> test_generic_names_the_vendor_source_of_docebos_list

12. A file name with a trailing newline passes the file-name rule.
    Row "SAP SuccessFactors": "no special characters in file and folder names".
    rules.file_problems matches ``^[...]+$`` with re.match, and ``$`` also matches before a final
    "\\n": ``media/a.png\\n`` is accepted while ``a.png\\r`` is flagged. (rules.response_problems
    builds its id pattern the same way.)
    -> test_file_name_with_trailing_newline_is_reported

13. A profile's forbidden extension written in capitals silently checks nothing.
    ExtensionsFact says "lowercase, with the dot" only in a comment; nothing enforces it, and
    rules.file_problems compares path.lower() with the extension as written, so a profile (one's
    own, via --target my.yaml) listing ".PHP" -- as a vendor page may print it -- never matches
    any file, with no error at load. (profiles.ExtensionsFact, rules.file_problems.)
    -> test_profile_extension_in_capitals_is_not_silently_dead

Checked and found right (pinned by the one PASSING test, test_pin_docebo_and_talentlms_refusals,
and by the sanity asserts inside the failing tests; the rest checked by hand):
Docebo's list is complete (.htaccess .php .php3 .php4 .php5 .phps .cgi .sh .shtml .asp .aspx
.jsp .py .rb .pl) with its vendor source, matched case-insensitively in build and validate
(run.PHP5, a/.htaccess, page.SHTML, Run.AspX are all errors, exit 1); Docebo/Cornerstone editions
1.2 + 2004 3rd (4th a warning); TalentLMS 1.2 only (a 2004 package is an error, exit 1; build
makes 1.2); SuccessFactors: 2004 manifest carries completionSetByContent/objectiveSetByContent,
manifest.delivery-controls escalated to an error citing KBA 3403728, 30-minute keep-alive rule,
non-ASCII and space names warned with the customer-page source; Moodle pass mark and 2004
player formats; Workday 2004; Absorb href-external escalation; single SCO, same window, both
editions by default, 2004 3rd output, 1.2 'passed-incomplete' default, keep-alive every 5
minutes, manifest identifier = course id (stable across versions and editions).
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Iterable, List, Tuple

import pytest
from click.testing import CliRunner

from scormbuild.cli import main
from scormbuild.errors import CourseError
from scormbuild.lms.profiles import FlagFact, SizeFact, load_target, load_targets, shipped_names
from scormbuild.lms.rules import (Subject, file_problems, package_problems, size_problem,
                                  status_problem)
from scormbuild.package.editions import SCORM12, SCORM2004
from scormbuild.resources import targets_dir
from scormbuild.validator.findings import Finding
from scormbuild.validator.validate import validate_package

PACKAGES = Path(__file__).resolve().parent / "packages"


# --- helpers -----------------------------------------------------------------------------------

def corpus(base: str) -> List[Tuple[str, bytes]]:
    root = PACKAGES / base
    return [(p.relative_to(root).as_posix(), p.read_bytes())
            for p in sorted(root.rglob("*")) if p.is_file()]


def make_zip(path: Path, entries: Iterable[Tuple[str, bytes]], prefix: str = "") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(prefix + name, data)
    return path


def padded(path: Path, zip_bytes: bytes, before: int) -> Path:
    """A zip preceded by `before` bytes of sparse zeros (readable, as self-extracting zips are)."""
    with open(path, "wb") as handle:
        handle.truncate(before)
        handle.seek(before)
        handle.write(zip_bytes)
    return path


def findings(path: Path, *targets: str) -> List[Finding]:
    return list(validate_package(path, label="pkg.zip", targets=load_targets(targets)).findings)


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def subject(**changes) -> Subject:
    base = dict(edition=SCORM2004, files=(("index.html", 10),), size=10, sco_count=1,
                pass_mark=True, scorm12_status="passed-incomplete", keep_alive_minutes=None)
    base.update(changes)
    return Subject(**base)  # type: ignore[arg-type]


# --- 1. Cornerstone 250 MB: recommended, not a refusal -----------------------------------------

def test_cornerstone_250_mb_is_a_recommendation_not_a_refusal() -> None:
    problem = size_problem(load_target("cornerstone"), 260_000_000, "the package is")
    assert problem is not None  # sanity: the limit is known and exceeded
    # lms-facts.md: "recommended maximum 250 MB per SCORM upload (larger needs a support request)"
    assert "recommends at most 250 MB per upload: larger packages need a support request" \
        in problem.message, problem.message
    assert "accepts at most" not in problem.message, problem.message
    assert problem.severity == "warning", (problem.severity, problem.message)


# --- 2. Cornerstone 53 minutes: seen during activity, not "without a call" ----------------------

def test_cornerstone_53_minutes_is_not_an_idle_timeout() -> None:
    messages = [p.message for p in package_problems(
        load_target("cornerstone"), subject(keep_alive_minutes=55), "the package is")]
    # lms-facts.md: "a course was seen to time out after ~53 minutes of activity" (secondary)
    invented = [m for m in messages if "53 minutes without a call" in m]
    assert invented == [], invented


# --- 3. Cornerstone status pair: no invented recommendation --------------------------------------

def test_cornerstone_status_message_does_not_invent_a_recommendation() -> None:
    problem = status_problem(load_target("cornerstone"),
                             subject(edition=SCORM12, pass_mark=None,
                                     scorm12_status="passed-failed"))
    assert problem is not None  # sanity: the "failed" pair is flagged, as the source supports
    assert "it recommends" not in problem.message, problem.message


# --- 4. HealthStream: frameset launch ------------------------------------------------------------

FRAMESET = (b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Lesson</title>'
            b'</head>\n<frameset rows="0,*"><frame src="js/app.js"><frame src="content.html">'
            b'</frameset></html>\n')
CONTENT = (b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Lesson</title>'
           b'</head><body><p>Lesson</p></body></html>\n')


def test_healthstream_frameset_launch_is_reported(tmp_path: Path) -> None:
    entries = [(n, FRAMESET if n == "index.html" else d) for n, d in corpus("valid-12")]
    pkg = make_zip(tmp_path / "pkg.zip", entries + [("content.html", CONTENT)])
    # lms-facts.md: "completion can fail with frameset or new-window-on-click launch" (DOC-1153):
    # an error for HealthStream, as a window.open() launch is; a warning for any other LMS
    assert [str(f) for f in findings(pkg, "healthstream") if f.severity == "error"] == [
        "index.html:3: error: launch page is a <frameset>, which HTML5 no longer has: the content "
        "runs in frames of it, and some LMSs lose the completion of a frameset launch; "
        "HealthStream Learning Center: completion can fail with a frameset launch "
        "(communities.healthstream.com DOC-1153, seen 2025-2026) [content.frameset-launch]"]
    assert [f.severity for f in findings(pkg) if f.rule == "content.frameset-launch"] == ["warning"]


# --- 5. a wrapper folder hides every target finding ----------------------------------------------

def test_wrapper_folder_does_not_hide_docebo_forbidden_files(tmp_path: Path) -> None:
    pkg = make_zip(tmp_path / "pkg.zip", corpus("valid-12") + [("tools/run.php", b"<?php ?>")],
                   prefix="course/")
    found = findings(pkg, "docebo")
    assert "zip.manifest-not-at-root" in [f.rule for f in found]  # sanity: the wrapper is seen
    # Docebo "rejects packages containing ... .php": a file rule, no manifest needed
    assert [(f.path, f.rule) for f in found if f.rule == "target.forbidden-extension"] == [
        ("course/tools/run.php", "target.forbidden-extension")], [str(f) for f in found]


# --- 6. validate never warns above 200 MB ----------------------------------------------------------

def test_validate_generic_warns_above_200_mb(tmp_path: Path) -> None:
    small = make_zip(tmp_path / "small.zip", corpus("valid-12"))
    pkg = padded(tmp_path / "big.zip", small.read_bytes(), 210_000_000)
    # lms-facts.md, packaging: "Package size: warn above 200 MB, the smallest documented limit":
    # whatever the target, as the build warns (its own rule, not the generic profile's, so that a
    # build does not warn twice)
    for targets in ((), ("generic",)):
        report = validate_package(pkg, label="pkg.zip", targets=load_targets(targets))
        assert report.edition == "SCORM 1.2", report.edition  # sanity: the padded zip is read
        assert [str(f) for f in report.findings if f.rule == "zip.package-size"] == [
            f"pkg.zip: warning: the package is {pkg.stat().st_size / 1e6:.1f} MB, above 200 MB: "
            "some LMSs refuse uploads that large (CrossKnowledge: at most 200 MB, "
            "developers.crossknowledge.com; Cornerstone OnDemand recommends at most 250 MB, "
            "help.csod.com Course Publisher guides; both seen 2025-2026) [zip.package-size]"]


# --- 7. the build's 200 MB warning names no source -------------------------------------------------

def test_build_200_mb_warning_names_its_source(in_tmp: Path, minimal_course: Path) -> None:
    shutil.move(str(minimal_course), in_tmp / "course")
    course = in_tmp / "course"
    lesson = course / "lessons" / "two.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nSee [the talk](../media/talk.mp4).\n",
                      encoding="utf-8")
    with open(course / "media" / "talk.mp4", "wb") as video:
        video.truncate(200_000_001)  # sparse
    result = run("check", "course", "--edition", "1.2")
    warned = [line for line in result.stderr.splitlines() if "above 200 MB" in line]
    assert len(warned) == 1, result.stderr  # sanity: the packaging warning is there
    # the limit it names (CrossKnowledge: 200 MB) must come with its source
    assert "crossknowledge.com" in warned[0], warned[0]


# --- 8. inspect: MiB printed as MB beside a vendor-MB limit -----------------------------------------

def test_inspect_verdict_size_uses_the_limits_megabytes(tmp_path: Path) -> None:
    small = make_zip(tmp_path / "small.zip", corpus("valid-12"))
    total = 260_000_000
    pkg = padded(tmp_path / "big.zip", small.read_bytes(), total - len(small.read_bytes()))
    assert pkg.stat().st_size == total
    result = run("inspect", str(pkg), "--target", "cornerstone")
    verdict = [line for line in result.stdout.splitlines() if line.startswith("  cornerstone")]
    assert len(verdict) == 1, result.stdout
    # the limit is 250 MB of 1,000,000 bytes; the package is 260.0 of them, not "248.0 MB"
    assert "260.0 MB" in verdict[0], verdict[0]


# --- 9. a 2nd Edition package named "4th Edition" ---------------------------------------------------

def test_second_edition_package_is_not_called_fourth_edition(tmp_path: Path) -> None:
    entries = [(n, d.replace(b"2004 4th Edition", b"CAM 1.3") if n == "imsmanifest.xml" else d)
               for n, d in corpus("valid-2004")]
    pkg = make_zip(tmp_path / "pkg.zip", entries)
    report = validate_package(pkg, label="pkg.zip", targets=load_targets(("cornerstone",)))
    assert report.edition == "SCORM 2004 2nd Edition", report.edition  # sanity
    edition = [f.message for f in report.findings if f.rule == "target.edition"]
    # the row says 2nd Edition is "likely to work"; whatever is said, it is about 2nd Edition
    assert edition and all("4th Edition" not in m and "2nd Edition" in m for m in edition), edition


# --- 10. documented LMSs without a profile ---------------------------------------------------------

@pytest.mark.parametrize("name, check", [
    ("crossknowledge", lambda p: isinstance(p.package_size, SizeFact)
     and p.package_size.max_mb == 200),
    ("latitude", lambda p: isinstance(p.package_size, SizeFact) and p.package_size.max_mb == 360),
    ("onetrust", lambda p: isinstance(p.package_size, SizeFact) and p.package_size.max_mb <= 300),
    ("tovuti", lambda p: isinstance(p.single_sco, FlagFact) and p.single_sco.value),
])
def test_documented_lms_has_a_profile(name: str, check) -> None:
    # lms-facts.md, row "Others" (vendor docs): checkable limits with their sources
    assert name in shipped_names(), f"no profile for {name}: {', '.join(shipped_names())}"
    assert check(load_target(name))


# --- 11. generic cites project notes for vendor facts ------------------------------------------------

def test_generic_names_the_vendor_source_of_docebos_list() -> None:
    found = file_problems(load_target("generic"), ["tools/run.php"])
    assert [p.rule for p in found] == ["target.forbidden-extension"]  # sanity
    message = found[0].message
    assert "rejected by Docebo" in message  # sanity: the fact is attributed to Docebo
    # ... so its source is the one lms-facts.md names for that row
    assert "help.docebo.com" in message, message


# --- 12. trailing newline in a file name ------------------------------------------------------------

def test_file_name_with_trailing_newline_is_reported(tmp_path: Path) -> None:
    pkg = make_zip(tmp_path / "pkg.zip", corpus("valid-12") + [("media/a.png\n", b"x"),
                                                                 ("media/a.png\r", b"x")])
    flagged = sorted(f.path for f in findings(pkg, "successfactors") if f.rule == "target.file-name")
    assert "media/a.png\r" in flagged  # sanity: a carriage return is caught
    assert "media/a.png\n" in flagged, flagged


# --- 13. a forbidden extension written in capitals ---------------------------------------------------

def test_profile_extension_in_capitals_is_not_silently_dead(tmp_path: Path) -> None:
    text = (targets_dir() / "talentlms.yaml").read_text(encoding="utf-8")
    own = tmp_path / "my-lms.yaml"
    own.write_text(text.replace("name: talentlms", "name: my-lms").replace(
        "forbidden_extensions: unknown", "forbidden_extensions: {forbidden: ['.PHP'], "
        "severity: error, source: talentlms-help}"), encoding="utf-8")
    try:
        profile = load_target(str(own))
    except CourseError:
        return  # refused at load: also right
    assert file_problems(profile, ["tools/run.php", "tools/RUN.PHP"]) != [], \
        "a profile listing '.PHP' loads and matches no file"


# --- PASSING pin (not a finding): what was checked and is right -----------------------------------

DOCEBO_SOURCE = 'help.docebo.com "Uploading and managing SCORM as training material", seen 2025-2026'


def test_pin_docebo_and_talentlms_refusals(tmp_path: Path) -> None:
    """Docebo's rejected extensions match whatever their case, dot-files and nested folders
    included, with the vendor source and exit 1; TalentLMS refuses a 2004 package (exit 1)."""
    odd = ["tools/run.PHP5", "a/b/.htaccess", "s/page.SHTML", "x/Run.AspX", "p.phps",
           "cgi/t.CGI", "j/x.Jsp"]
    pkg = make_zip(tmp_path / "pkg.zip", corpus("valid-12") + [(n, b"x") for n in odd])
    result = run("validate", str(pkg), "--target", "docebo")
    assert result.exit_code == 1
    rejected = [line for line in result.stdout.splitlines() if "[target.forbidden-extension]" in line]
    assert sorted(line.split(":", 1)[0] for line in rejected) == sorted(odd)
    assert all(": error: " in line and DOCEBO_SOURCE in line for line in rejected)
    v2004 = make_zip(tmp_path / "v2004.zip", corpus("valid-2004"))
    talent = run("validate", str(v2004), "--target", "talentlms")
    assert talent.exit_code == 1 and "TalentLMS accepts only SCORM 1.2" in talent.stdout
