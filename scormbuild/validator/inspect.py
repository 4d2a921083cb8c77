"""inspect: what a package holds and, for scormbuild packages, what it will report to the LMS."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple

from scormbuild.package.editions import Edition
from scormbuild.validator.about import About, about
from scormbuild.validator.findings import UnreadablePackage
from scormbuild.validator.manifest_checks import (MANIFEST, declared_label, detect_edition,
                                                  parse_manifest)
from scormbuild.validator.manifest_model import (Element, ManifestContext, base_of, context_for,
                                                 ident, text_of)
from scormbuild.validator.package_reader import Limits, open_package
from scormbuild.validator.validate import BoundedReader, check_path, upload_size
from scormbuild.wording import human_size

if TYPE_CHECKING:
    from scormbuild.lms.profiles import TargetProfile
    from scormbuild.validator.target_checks import Verdict

COURSE_DATA = "runtime/course-data.js"
_COURSE_START = re.compile(r"var\s+SCORMBUILD_COURSE\s*=\s*")


@dataclass(frozen=True)
class Organization:
    identifier: str
    title: str
    default: bool
    items: int


@dataclass(frozen=True)
class Launchable:
    """An item that launches a resource: what the LMS will open."""

    organization: str
    item: str
    title: str
    resource: str
    scorm_type: str
    launch: str
    mastery: Optional[str]


@dataclass(frozen=True)
class Tracking:
    """The tracking contract of a scormbuild package, read from runtime/course-data.js."""

    status: str
    passing_score: Optional[float]
    final_assessment: Optional[str]
    attempts: Optional[int]
    require_all_lessons: bool
    require_survey: bool
    scored_questions: int
    interactions: int
    suspend_data_limit: int
    interaction_kinds: Tuple[str, ...] = ()
    # the worst-case learner record as Moodle's 2004 player sends it, and the limit it must
    # stay under (2004 editions; docs/tracking.md "The learner record in the LMS")
    lms_record_bytes: Optional[int] = None
    lms_record_limit: Optional[int] = None


@dataclass(frozen=True)
class Inspection:
    package: str
    title: str
    edition: str
    identifier: str
    version: Optional[str]
    organizations: Tuple[Organization, ...]
    launchables: Tuple[Launchable, ...]
    files: int
    unpacked_size: int
    packed_size: int
    size: int                            # what an administrator uploads
    about: About
    tracking: Optional[Tracking]
    targets: Tuple["Verdict", ...] = ()  # with --target: which LMSs take it, and why not

    def as_dict(self) -> Dict[str, Any]:
        return asdict(self)

    def text_lines(self) -> List[str]:
        lines = [f"package:       {self.package}", f"title:         {self.title}",
                 f"edition:       {self.edition}",
                 f"identifier:    {self.identifier}" + (f" (version {self.version})"
                                                        if self.version else ""),
                 f"files:         {self.files} ({human_size(self.unpacked_size)} unpacked, "
                 f"{human_size(self.packed_size)} packed)",
                 f"size:          {human_size(self.size)} to upload"] + self.about.text_lines()
        lines.append("organizations:")
        lines += [f"  {o.identifier}{' (default)' if o.default else ''}: {o.title} "
                  f"({o.items} item{'s' if o.items != 1 else ''})" for o in self.organizations]
        lines.append("launches:")
        lines += [f"  {launch.item} [{launch.scorm_type}] {launch.launch}: {launch.title}; mastery: "
                  f"{launch.mastery or 'none in manifest'}" for launch in self.launchables]
        lines += _tracking_lines(self.tracking) if self.tracking else []
        if self.targets:
            lines.append("targets:")
            lines += [v.text_line() for v in self.targets]
        return lines


def _tracking_lines(t: Tracking) -> List[str]:
    passing = "none" if t.passing_score is None else f"{t.passing_score:g}%"
    final = f" on final assessment '{t.final_assessment}'" if t.final_assessment else ""
    attempts = f", {t.attempts} attempts" if t.attempts else ""
    rows = [("status", t.status), ("passing score", f"{passing}{final}{attempts}"),
            ("completion", f"all lessons {'required' if t.require_all_lessons else 'optional'}, "
                           f"survey {'required' if t.require_survey else 'optional'}"),
            ("scored questions", str(t.scored_questions)),
            ("interactions", f"one per question of {', '.join(t.interaction_kinds) or 'no quiz'} "
                             f"({t.interactions} questions), kept up to date by retakes; "
                             "at most 250"),
            ("suspend_data", f"at most {t.suspend_data_limit} characters")]
    if t.lms_record_bytes is not None and t.lms_record_limit is not None:
        verdict = "within" if t.lms_record_bytes <= t.lms_record_limit else "ABOVE"
        rows.append(("learner record", f"at most {t.lms_record_bytes:,} bytes as Moodle's 2004 "
                                       f"player sends it, {verdict} the "
                                       f"{t.lms_record_limit // 1024} KiB limit"))
    return ["tracking contract (scormbuild package):"] + [f"  {k + ':':<18}{v}" for k, v in rows]


def inspect_package(path: Path, limits: Limits = Limits(), label: Optional[str] = None,
                    targets: Sequence["TargetProfile"] = ()) -> Inspection:
    """Describe a package; raise UnreadablePackage when its manifest cannot be read.

    With targets, also say which of those LMSs take the package as it is, and why not.
    """
    label = label or str(path)
    with open_package(Path(path), label) as package:
        reader = BoundedReader(package, limits)
        ctx = _context(reader, label)
        members = [m for m in reader.members.values() if not m.is_dir]
        course = _course_data(reader)
        launchables = _launchables(ctx)
        found = Inspection(
            package=label, title=_title(ctx), edition=declared_label(ctx.root, ctx.edition),
            identifier=ident(ctx.root.get("identifier")), version=ctx.root.get("version"),
            organizations=_organizations(ctx), launchables=launchables,
            files=len(members), unpacked_size=sum(m.size for m in members),
            packed_size=sum(m.compressed for m in members),
            size=upload_size(Path(path), package),
            about=about(ctx, course, [m.mastery for m in launchables if m.mastery]),
            tracking=_contract_or_none(course, ctx))
    if not targets:
        return found
    from scormbuild.validator.target_checks import verdicts

    return replace(found, targets=verdicts(check_path(path, None, limits, label, bool(targets)),
                                           targets))


def _context(reader: BoundedReader, label: str) -> ManifestContext:
    data = reader.read(MANIFEST, reader.limits.max_manifest_size)
    root = parse_manifest(data)[0] if data is not None else None
    edition = detect_edition(root)[0] if root is not None else None
    if root is None or edition is None:
        raise UnreadablePackage(f"{label}: no readable SCORM {MANIFEST} at the package root "
                                "(run scormbuild validate for details)")
    return context_for(root, edition, frozenset(reader.files()))


def _organization_elements(ctx: ManifestContext) -> List[Element]:
    return ctx.all("organization")


def _default_org(ctx: ManifestContext) -> Optional[str]:
    orgs = ctx.root.find(ctx.tag("organizations"))
    return ident(orgs.get("default")) if orgs is not None and orgs.get("default") else None


def _title(ctx: ManifestContext) -> str:
    orgs = {ident(o.get("identifier")): o for o in _organization_elements(ctx)}
    chosen = orgs.get(_default_org(ctx) or "")
    if chosen is None:
        chosen = next(iter(orgs.values()), None)
    title = text_of(chosen.find(ctx.tag("title"))) if chosen is not None else None
    return title or ident(ctx.root.get("identifier"))


def _organizations(ctx: ManifestContext) -> Tuple[Organization, ...]:
    default = _default_org(ctx)
    return tuple(Organization(identifier=ident(o.get("identifier")),
                              title=text_of(o.find(ctx.tag("title"))) or "",
                              default=ident(o.get("identifier")) == default,
                              items=len(list(o.iter(ctx.tag("item")))))
                 for o in _organization_elements(ctx))


def _launchables(ctx: ManifestContext) -> Tuple[Launchable, ...]:
    found = []
    for item, resource in ctx.launched():
        org = next((a for a in item.iterancestors(ctx.tag("organization"))), None)
        found.append(Launchable(
            organization=ident(org.get("identifier")) if org is not None else "",
            item=ident(item.get("identifier")), title=text_of(item.find(ctx.tag("title"))) or "",
            resource=ident(resource.get("identifier")),
            scorm_type=ctx.scorm_type(resource) or "unknown",
            launch=_launch_url(resource, item), mastery=_mastery(ctx, item)))
    return tuple(found)


def _launch_url(resource: Element, item: Element) -> str:
    url = base_of(resource) + (resource.get("href") or "")
    parameters = (item.get("parameters") or "").strip()
    if not parameters:
        return url
    if parameters[0] in "?#":
        parameters = parameters[1:] if parameters[0] == "?" and "?" in url else parameters
        if not parameters:  # a lone '?' after an href that has a query already
            return url
        return url + ("&" if parameters[0] != "#" and "?" in url else "") + parameters
    return url + ("&" if "?" in url else "?") + parameters


def _mastery(ctx: ManifestContext, item: Element) -> Optional[str]:
    """The passing condition the manifest gives the LMS for this item, in words."""
    score = item.find(f"{{{ctx.edition.adlcp_ns}}}masteryscore")
    if score is not None:
        return f"adlcp:masteryscore {text_of(score)}"
    seq = ctx.edition.seq_ns
    objective = item.find(f"{{{seq}}}sequencing/{{{seq}}}objectives/{{{seq}}}primaryObjective") \
        if seq else None
    if objective is None:
        return None
    measure = text_of(objective.find(f"{{{seq}}}minNormalizedMeasure"))
    if objective.get("satisfiedByMeasure") not in ("true", "1"):
        return None if measure is None else \
            f"minNormalizedMeasure {measure} without satisfiedByMeasure (LMSs that seed " \
            "cmi.scaled_passing_score from it, as Moodle does, get the content's pass mark)"
    return f"satisfiedByMeasure, minNormalizedMeasure {measure or '1.0 (default)'}"


def _course_data(reader: BoundedReader) -> Optional[Dict[str, Any]]:
    return course_data_of(reader.read(COURSE_DATA))


def course_data_of(data: Optional[bytes]) -> Optional[Dict[str, Any]]:
    """runtime/course-data.js of a scormbuild package, if it is one: 'var SCORMBUILD_COURSE = '
    and one JSON object to the end of the file (found without a backtracking pattern, which
    took time growing with the square of a crafted file's size)."""
    text = data.decode("utf-8", "replace") if data else ""
    start = _COURSE_START.search(text)
    body = text[start.end():].rstrip().rstrip(";") if start else ""
    try:
        course = json.loads(body) if body.startswith("{") else None
    except ValueError:
        return None
    return course if isinstance(course, dict) else None


def _contract_or_none(course: Optional[Dict[str, Any]], ctx: ManifestContext
                      ) -> Optional[Tracking]:
    if course is None:
        return None
    try:
        tracking = _contract(course, ctx.edition)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return tracking if _well_typed(tracking) else None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _well_typed(tracking: Tracking) -> bool:
    """Whether a course-data.js of another shape (another tool's, or edited) gave each field
    the type inspect prints it as; otherwise no contract is shown."""
    optional = {"passing_score": _is_number, "final_assessment": lambda v: isinstance(v, str),
                "attempts": lambda v: isinstance(v, int) and not isinstance(v, bool),
                "lms_record_bytes": lambda v: isinstance(v, int) and not isinstance(v, bool)}
    return all(getattr(tracking, name) is None or ok(getattr(tracking, name))
               for name, ok in optional.items()) \
        and all(isinstance(kind, str) for kind in tracking.interaction_kinds)


def _contract(course: Dict[str, Any], edition: Edition) -> Tracking:
    rules = course["completion"]
    quizzes = list(course.get("quizzes", {}).values())
    # packages built before the tracking option recorded every quiz kind
    kinds = (course.get("tracking") or {}).get("interactions",
                                                ["knowledge-check", "assessment", "survey"])
    record = course.get("lmsRecord2004") or {}
    return Tracking(
        status=_status_mapping(rules, edition),
        passing_score=rules.get("passingScore") if rules.get("finalAssessment") else None,
        final_assessment=rules.get("finalAssessment"), attempts=rules.get("attempts") or None,
        require_all_lessons=bool(rules.get("requireAllLessons")),
        require_survey=bool(rules.get("requireSurvey")),
        scored_questions=sum(_asked(q) for q in quizzes if q.get("scored")),
        interactions=sum(len(q.get("questions", [])) for q in quizzes if q.get("kind") in kinds),
        suspend_data_limit=edition.suspend_data_limit, interaction_kinds=tuple(kinds),
        lms_record_bytes=record.get("bytes") if edition.lms_record_limit is not None else None,
        lms_record_limit=edition.lms_record_limit if "bytes" in record else None)


def _asked(quiz: Dict[str, Any]) -> int:
    """Questions a learner answers in one attempt (a draw picks fewer)."""
    count = len(quiz.get("questions", []))
    return min(count, quiz["draw"]) if quiz.get("draw") else count


def _status_mapping(rules: Dict[str, Any], edition: Edition) -> str:
    """The edition's status elements, filled with the course's 1.2 status pair where it applies."""
    done, _, otherwise = str(rules.get("scorm12Status", "passed-incomplete")).partition("-")
    return edition.status_report.format(done=done, otherwise=otherwise)
