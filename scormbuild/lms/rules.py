"""The target rules: the same generic checks for every LMS, driven only by its profile's facts.

A rule looks at a ``Subject`` (one package, described the same way whether it is being built
from a course or read from a zip) and returns ``Problem``s that name what they are about: a
package path, a course option, or the package as a whole. The build and the validator turn
them into their own diagnostics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, List, Optional, Sequence, Tuple, Union

from scormbuild.lms.profiles import (EditionsFact, ExtensionsFact, FlagFact, NamesFact,
                                     PassMarkFact, ResponseValuesFact, SessionFact, SizeFact,
                                     StatusFact, TargetProfile)
from scormbuild.errors import megabytes
from scormbuild.package.editions import EDITIONS, Edition

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from lxml import etree

PACKAGE = ""       # Problem.about for the package as a whole
MANIFEST = "imsmanifest.xml"
STATUS_OPTION = "completion.scorm12_status"
KEEP_ALIVE_OPTION = "tracking.keep_alive_minutes"


@dataclass(frozen=True)
class RecordedValue:
    """A value of an answer key the runtime writes into an interaction record."""

    about: str      # how the caller finds it again (Problem.about)
    question: str   # the question's id, for the message
    number: Optional[float] = None      # a number of a numeric pattern
    identifier: Optional[str] = None    # a choice, item, source or target id


@dataclass(frozen=True)
class Subject:
    """One package as the rules see it."""

    edition: Edition
    files: Tuple[Tuple[str, int], ...]   # (package path, bytes)
    size: int                            # bytes uploaded (before zipping: the files' total)
    sco_count: int
    pass_mark: Optional[bool]            # every 2004 SCO has a pass mark in the manifest;
                                         # None: not known to report a score
    scorm12_status: Optional[str]        # the 1.2 status pair, when known (scormbuild packages)
    keep_alive_minutes: Optional[float]  # how often the content calls the LMS while idle, if known
    # the answer-key values of the quizzes recorded as interactions (a build knows them; a
    # package read by the validator does not say)
    recorded: Tuple[RecordedValue, ...] = ()


@dataclass(frozen=True)
class Problem:
    rule: str       # target.<rule>
    severity: str
    about: str      # a package path (MANIFEST too), a course option (*_OPTION) or PACKAGE
    message: str


def _labels(editions: Sequence[Edition]) -> str:
    return " or ".join(e.label for e in editions)


def edition_problems(profile: TargetProfile, built: Sequence[Edition],
                     shown: Optional[str] = None) -> List[Problem]:
    """The LMS must accept at least one of the packages made for it. shown: how to name the
    package's edition when it is not the label of the Edition it is checked as (a SCORM 2004
    2nd Edition package is checked as 4th)."""
    fact = profile.editions
    if not isinstance(fact, EditionsFact) or any(profile.accepts(e) for e in built):
        return []
    accepted = " and ".join(EDITIONS[name].label for name in fact.accepted)
    verb = "accepts only" if fact.other == "error" else "documents"
    return [Problem("target.edition", fact.other, PACKAGE,
                    f"{profile.who(fact)} {verb} {accepted}, not {shown or _labels(built)} "
                    f"({profile.cite(fact)})")]


def size_problem(profile: TargetProfile, size: int, what: str) -> Optional[Problem]:
    """A package above the LMS's upload limit; what names it ("the SCORM 1.2 package is")."""
    fact = profile.package_size
    if not isinstance(fact, SizeFact) or not fact.exceeded(size):
        return None
    if fact.recommended:
        said = f"recommends at most {fact.max_mb:g} MB per upload"
    else:
        said = f"accepts {'less than' if fact.under else 'at most'} {fact.max_mb:g} MB per package"
    then = f": {fact.note}" if fact.recommended and fact.note else ""
    return Problem("target.package-size", fact.severity, PACKAGE,
                   f"{what} {megabytes(size)}; {profile.who(fact)} {said}{then} "
                   f"({profile.cite(fact)})")


def file_problems(profile: TargetProfile, paths: Sequence[str]) -> List[Problem]:
    """Forbidden extensions and names with characters the LMS does not allow."""
    found: List[Problem] = []
    ext = profile.forbidden_extensions
    names = profile.file_names
    allowed = re.compile(f"[{names.allowed}]+") if isinstance(names, NamesFact) else None
    for path in paths:
        if isinstance(ext, ExtensionsFact):
            hit = next((e for e in ext.forbidden if path.lower().endswith(e)), None)
            if hit is not None:
                found.append(Problem("target.forbidden-extension", ext.severity, path,
                                     f"packages that contain '{hit}' files are rejected by "
                                     f"{profile.who(ext)} ({profile.cite(ext)})"))
        if isinstance(names, NamesFact) and allowed is not None:
            bad = next((part for part in path.split("/") if not allowed.fullmatch(part)), None)
            if bad is not None:
                found.append(Problem("target.file-name", names.severity, path,
                                     f"'{bad}' has characters outside [{names.allowed}], the "
                                     f"file and folder names allowed by {profile.who(names)} "
                                     f"({profile.cite(names)})"))
    return found


def sco_problems(profile: TargetProfile, subject: Subject) -> List[Problem]:
    """Single-SCO LMSs, and 2004 multi-SCO packages where the LMS has no sequencing."""
    found = []
    single, sequencing = profile.single_sco, profile.sequencing_2004
    if isinstance(single, FlagFact) and single.value and subject.sco_count > 1:
        found.append(Problem("target.single-sco", single.severity, PACKAGE,
                             f"the package has {subject.sco_count} SCOs; only single-SCO "
                             f"packages play in {profile.who(single)} ({profile.cite(single)})"))
    if isinstance(sequencing, FlagFact) and not sequencing.value and subject.sco_count > 1 \
            and subject.edition.sequencing:
        found.append(Problem("target.sequencing", sequencing.severity, PACKAGE,
                             f"the package has {subject.sco_count} SCOs; SCORM 2004 sequencing "
                             f"and navigation between them are not implemented in "
                             f"{profile.who(sequencing)} ({profile.cite(sequencing)})"))
    return found


def status_problem(profile: TargetProfile, subject: Subject) -> Optional[Problem]:
    """A SCORM 1.2 status pair the LMS is known to mishandle."""
    fact = profile.scorm12_status
    status = subject.scorm12_status
    if not isinstance(fact, StatusFact) or subject.edition.sequencing or status not in fact.avoid:
        return None
    return Problem("target.status-mapping", fact.severity, STATUS_OPTION,
                   f"SCORM 1.2 status '{status}' is known to track wrongly in {profile.who(fact)}: "
                   f"{fact.note or 'see the source'} ({profile.cite(fact)}); use "
                   f"'{fact.recommended}' instead")


def session_problem(profile: TargetProfile, subject: Subject) -> Optional[Problem]:
    """Content that stays silent longer than the LMS keeps its session alive."""
    fact = profile.session
    minutes = subject.keep_alive_minutes
    if not isinstance(fact, SessionFact) or minutes is None or minutes < fact.timeout_minutes:
        return None
    return Problem("target.keep-alive", fact.severity, KEEP_ALIVE_OPTION,
                   f"the content calls the LMS every {minutes:g} minutes while the learner "
                   f"reads; {profile.who(fact)} ends its session after {fact.timeout_minutes:g} "
                   f"minutes without a call ({profile.cite(fact)})")


def pass_mark_problem(profile: TargetProfile, subject: Subject) -> Optional[Problem]:
    """A 2004 package without a pass mark where the LMS seeds one from the manifest."""
    fact = profile.pass_mark
    if not isinstance(fact, PassMarkFact) or not fact.seeds_from_manifest \
            or not subject.edition.sequencing or subject.pass_mark is not False:
        return None
    default = "its own default" if fact.default_scaled is None else \
        f"{fact.default_scaled:.1f} ({fact.default_scaled * 100:g}%)"
    return Problem("target.pass-mark", fact.severity, MANIFEST,
                   f"a SCO has no imsss:minNormalizedMeasure; {profile.who(fact)} then sets "
                   f"cmi.scaled_passing_score to {default}, so learners need that score to "
                   f"pass ({profile.cite(fact)})")


def response_problems(profile: TargetProfile, subject: Subject) -> List[Problem]:
    """Answer-key values the LMS's player refuses in an interaction record: that question's
    answers would never be recorded (the runtime writes a refused value again, for good)."""
    fact = profile.response_values
    if not isinstance(fact, ResponseValuesFact) or subject.edition.name not in fact.editions:
        return []
    found = []
    allowed = re.compile(f"[{fact.identifier_chars}]+") if fact.identifier_chars else None
    for value in subject.recorded:
        # the runtime writes numbers rounded to 7 decimals (runtime/core.js sb.decimal)
        digits = len(str(int(round(abs(value.number), 7)))) if value.number is not None else 0
        if fact.integer_digits is not None and digits > fact.integer_digits:
            found.append(Problem(
                "target.response-number", fact.severity, value.about,
                f"{value.number:g} in the answer key of question '{value.question}' has "
                f"{digits} digits before the decimal point; {profile.who(fact)} refuses a "
                f"number with more than {fact.integer_digits} in a {subject.edition.label} "
                f"interaction record, so no answer to this question would be recorded "
                f"({profile.cite(fact)})"))
        if allowed is not None and value.identifier is not None \
                and not allowed.fullmatch(value.identifier):
            found.append(Problem(
                "target.response-id", fact.severity, value.about,
                f"id '{value.identifier}' of question '{value.question}' has characters outside "
                f"[{fact.identifier_chars}]; {profile.who(fact)} refuses such an id in a "
                f"{subject.edition.label} interaction record, so no answer to this question "
                f"would be recorded ({profile.cite(fact)})"))
    return found


_PACKAGE_RULES: Tuple[Callable[[TargetProfile, Subject], Optional[Problem]], ...] = (
    status_problem, session_problem, pass_mark_problem)


def package_problems(profile: TargetProfile, subject: Subject, what: str) -> List[Problem]:
    """Every rule that looks at one package (the edition rule looks at all of them)."""
    found = file_problems(profile, [path for path, _ in subject.files])
    size = size_problem(profile, subject.size, what)
    found += [size] if size else []
    found += sco_problems(profile, subject)
    found += [p for p in (rule(profile, subject) for rule in _PACKAGE_RULES) if p is not None]
    found += response_problems(profile, subject)
    return found


def pass_mark_of(root: "Union[etree._Element, Element]", edition: Edition,
                 sco_items: "Optional[Iterable[Any]]" = None) -> Optional[bool]:
    """Whether every SCORM 2004 item that launches a SCO names its pass mark
    (imsss:minNormalizedMeasure: the LMS seeds the SCO's cmi.scaled_passing_score from it; an
    asset never reads one).

    The validator passes lxml's tree of a package's manifest (any package: lxml parses it
    safely) and the items whose resource is a SCO; a build passes the standard library's tree
    of the manifest it has just written (its own text: no need to import lxml, about 3 % of a
    flagship build), where every item that launches something launches a SCO."""
    seq = edition.seq_ns
    if seq is None:
        return None
    items = list(sco_items) if sco_items is not None else \
        [i for i in root.iter(f"{{{edition.cp_ns}}}item") if i.get("identifierref")]
    return all(i.find(f"{{{seq}}}sequencing/{{{seq}}}objectives/{{{seq}}}primaryObjective/"
                      f"{{{seq}}}minNormalizedMeasure") is not None for i in items)
