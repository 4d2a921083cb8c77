"""validate --target: the LMS profiles' rules on any package, as findings.

The rules are those of the build (``scormbuild.lms.rules``); here they read a package from disk.
A profile can also make one of the validator's own findings stricter (``validator_rules``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, List, Optional, Sequence, Tuple

from scormbuild.lms.profiles import TargetProfile
from scormbuild.lms.rules import (MANIFEST, PACKAGE, Problem, RecordedValue, Subject,
                                  edition_problems, file_problems, package_problems, pass_mark_of,
                                  size_problem)
from scormbuild.errors import megabytes
from scormbuild.validator.findings import ERROR, WARNING, Finding, finding
from scormbuild.validator.manifest_model import ManifestContext

if TYPE_CHECKING:
    from scormbuild.validator.validate import Checked


def package_subject(ctx: ManifestContext, sizes: Sequence[tuple], upload_size: int,
                    course_data: Optional[bytes] = None) -> Subject:
    """A package read from disk, as the target rules see it."""
    scos = {item for item, resource in ctx.launched() if ctx.scorm_type(resource) == "sco"}
    return Subject(edition=ctx.edition, files=tuple(sizes), size=upload_size,
                   sco_count=len(scos), pass_mark=pass_mark_of(ctx.root, ctx.edition, scos),
                   scorm12_status=None, keep_alive_minutes=None,
                   recorded=recorded_in_course_data(course_data))


def recorded_in_course_data(data: Optional[bytes]) -> Tuple[RecordedValue, ...]:
    """The answer-key values a scormbuild package's runtime writes into interaction records,
    read from its runtime/course-data.js (the quiz kinds it records; each question type's unit
    says which fields of its answer key hold them). Nothing for another tool's package."""
    from scormbuild.questions import QUESTION_TYPES
    from scormbuild.validator.inspect import course_data_of
    from scormbuild.validator.validate import COURSE_DATA

    course = course_data_of(data)
    if course is None:
        return ()
    quizzes = course.get("quizzes")
    tracking = course.get("tracking")
    kinds = tracking.get("interactions") if isinstance(tracking, dict) else None
    found: List[RecordedValue] = []
    for quiz in quizzes.values() if isinstance(quizzes, dict) else ():
        if not isinstance(quiz, dict) or (isinstance(kinds, list) and quiz.get("kind") not in kinds):
            continue
        for question in quiz.get("questions") or ():
            unit = QUESTION_TYPES.get(str(question.get("type"))) if isinstance(question, dict) \
                else None
            if unit is None:
                continue
            name = str(question.get("id"))
            for field in unit.key_ids:
                values = question.get(field)
                found += [RecordedValue(COURSE_DATA, name, identifier=v)
                          for v in (values if isinstance(values, list) else ()) if isinstance(v, str)]
            for field in unit.key_numbers:
                number = question.get(field)
                if isinstance(number, (int, float)) and not isinstance(number, bool):
                    found.append(RecordedValue(COURSE_DATA, name, number=float(number)))
    return tuple(found)


def target_findings(profiles: Sequence[TargetProfile], subject: Subject,
                    label: str, edition: Optional[str] = None) -> List[Finding]:
    """Every problem each target LMS has with the package; edition: as its manifest names it."""
    return _as_findings([p for profile in profiles
                         for p in edition_problems(profile, [subject.edition], edition)
                         + package_problems(profile, subject, "the package is")], label)


def file_findings(profiles: Sequence[TargetProfile], sizes: Sequence[tuple], upload_size: int,
                  label: str) -> List[Finding]:
    """What each target LMS refuses in a package whose manifest could not be read: its files'
    names and its size need no manifest (a wrapper folder does not hide a .php file)."""
    problems = []
    for profile in profiles:
        problems += file_problems(profile, [name for name, _ in sizes])
        size = size_problem(profile, upload_size, "the package is")
        problems += [size] if size else []
    return _as_findings(problems, label)


def _as_findings(problems: Sequence[Problem], label: str) -> List[Finding]:
    found = []
    for problem in problems:
        path = label if problem.about == PACKAGE else problem.about
        found.append(finding(problem.rule, path if path else MANIFEST, problem.message,
                             severity=problem.severity))
    return found


def escalate(profiles: Sequence[TargetProfile], findings: List[Finding]) -> List[Finding]:
    """Findings some target LMS treats more strictly, with its reason added."""
    out = []
    for found in findings:
        for profile in profiles:
            for rule in profile.validator_rules:
                if rule.rule == found.rule:
                    severity = ERROR if ERROR in (found.severity, rule.severity) else rule.severity
                    found = Finding(found.path, found.line, found.rule, severity,
                                    f"{found.message}; {profile.title}: {rule.note or 'see source'} "
                                    f"({profile.cite(rule)})")
        out.append(found)
    return out


@dataclass(frozen=True)
class Verdict:
    """Whether one LMS takes the package as it is, and why not."""

    target: str
    title: str
    accepts: bool
    size_limit: Optional[str]        # "at most 250 MB", when the profile knows one
    reasons: Tuple[str, ...]         # the findings that LMS adds or makes stricter, then errors
    size: str = ""                   # the package's, in the same megabytes as the limit

    def text_line(self) -> str:
        word = "accepts" if self.accepts else "refuses"
        if self.accepts and self.reasons:
            word = "accepts, with warnings"
        limit = f" ({self.size}; {self.size_limit})" if self.size_limit else ""
        return f"  {self.target:<15}{word}{limit}" + "".join(f"\n    - {r}" for r in self.reasons)


def verdicts(checked: "Checked", profiles: Sequence[TargetProfile]) -> Tuple[Verdict, ...]:
    """For each LMS: accepts (no error) or refuses, with the reasons."""
    from scormbuild.validator.validate import with_targets

    base = set(checked.report.findings)
    base_errors = [f for f in checked.report.findings if f.severity == ERROR]
    found = []
    for profile in profiles:
        report = with_targets(checked, [profile])
        own = [f for f in report.findings if f not in base and f.severity in (ERROR, WARNING)]
        reasons = [f"{f.severity}: {f.message}" for f in own]
        if base_errors:
            reasons.append(f"{len(base_errors)} error(s) that any LMS may refuse: run "
                           "scormbuild validate")
        size = profile.package_size
        found.append(Verdict(profile.name, profile.title, not report.errors,
                             size.wording() if size else None, tuple(reasons),
                             megabytes(checked.size)))
    return tuple(found)
