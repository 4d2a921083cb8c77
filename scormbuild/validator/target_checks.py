"""validate --target: the LMS profiles' rules on any package, as findings.

The rules are those of the build (``scormbuild.lms.rules``); here they read a package from disk.
A profile can also make one of the validator's own findings stricter (``validator_rules``).
"""

from __future__ import annotations

from typing import List, Sequence

from scormbuild.lms.profiles import TargetProfile
from scormbuild.lms.rules import (MANIFEST, PACKAGE, Subject, edition_problems, package_problems,
                                  pass_mark_of)
from scormbuild.validator.findings import ERROR, Finding, finding
from scormbuild.validator.manifest_model import ManifestContext


def package_subject(ctx: ManifestContext, sizes: Sequence[tuple], upload_size: int) -> Subject:
    """A package read from disk, as the target rules see it."""
    scos = {item for item, resource in ctx.launched() if ctx.scorm_type(resource) == "sco"}
    return Subject(edition=ctx.edition, files=tuple(sizes), size=upload_size,
                   sco_count=len(scos), pass_mark=pass_mark_of(ctx.root, ctx.edition),
                   scorm12_status=None, keep_alive_minutes=None)


def target_findings(profiles: Sequence[TargetProfile], subject: Subject,
                    label: str) -> List[Finding]:
    """Every problem each target LMS has with the package."""
    found = []
    for profile in profiles:
        problems = edition_problems(profile, [subject.edition])
        problems += package_problems(profile, subject, "the package is")
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
