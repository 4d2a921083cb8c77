"""Target rules during a build: each problem becomes a diagnostic at the course file causing it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Set, Tuple
from xml.etree import ElementTree

from scormbuild.errors import Diagnostics, Location, display_path
from scormbuild.lms.profiles import EditionsFact, TargetProfile
from scormbuild.lms.rules import (KEEP_ALIVE_OPTION, MANIFEST, PACKAGE, STATUS_OPTION,
                                  Problem, RecordedValue, Subject, edition_problems,
                                  package_problems, pass_mark_of)
from scormbuild.model import Course, MediaFile
from scormbuild.package.editions import Edition
from scormbuild.package.entries import Entry

# What an author can do about each rule; the validator's messages stay without them.
_HINTS = {
    "target.package-size": "; make the media smaller or split the course",
    "target.forbidden-extension": "; remove the file or link to it outside the package",
    "target.file-name": "; rename the file",
    "target.keep-alive": "; lower tracking.keep_alive_minutes",
    "target.response-number": "; state the number in other units (thousands, say), or record "
                              "fewer quiz kinds as interactions (tracking.interactions)",
    "target.response-id": "; write the id with letters, digits and '_' only",
}
ANSWER = "answer:"   # Problem.about of an answer-key value: answer:<quiz source>:<n>:<key path>


@dataclass
class _Places:
    """Where a problem's subject lives in the course folder, found on demand."""

    course: Course
    label: str
    _yaml: Optional[object] = None
    media: Dict[str, MediaFile] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.media = {m.package_path: m for m in self.course.media}

    def display(self, path: Path) -> str:
        return display_path(path, self.course.root, self.label)

    def of(self, problem: Problem, entries: Sequence[Entry]) -> Location:
        if problem.rule == "target.package-size":  # the biggest file is the one to act on
            return self._largest_media(entries)
        if problem.about == PACKAGE:
            return Location(self.display(self.course.root / "course.yaml"))
        if problem.about in self.media:
            return self._used_at(self.media[problem.about])
        if problem.about in (STATUS_OPTION, KEEP_ALIVE_OPTION):
            return self._option(problem.about)
        if problem.about.startswith(ANSWER):
            return self._answer(problem.about[len(ANSWER):])
        return Location(problem.about)

    def _answer(self, about: str) -> Location:
        """An answer-key value, at its key in the quiz file ('display\x1fkey.path')."""
        from scormbuild.load.yaml_source import YamlSource, parse_yaml

        display, _, dotted = about.partition("\x1f")
        label = self.label.replace("\\", "/").rstrip("/")
        relative = display if label in ("", ".") else display[len(label) + 1:]
        try:
            text = (self.course.root / relative).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return Location(display)
        source = parse_yaml(text, display, Diagnostics())
        if not isinstance(source, YamlSource):
            return Location(display)
        path = tuple(int(p) if p.isdigit() else p for p in dotted.split("."))
        return source.locate(path)

    def _largest_media(self, entries: Sequence[Entry]) -> Location:
        media = [e for e in entries if e.path in self.media]
        if not media:
            return Location(self.display(self.course.root / "course.yaml"))
        largest = max(media, key=lambda e: (e.size, e.path))
        return self._used_at(self.media[largest.path])

    def _used_at(self, media: MediaFile) -> Location:
        """Where the course first uses a media file (the file itself if unknown)."""
        return media.used_at or Location(self.display(media.source))

    def _option(self, dotted: str) -> Location:
        from scormbuild.load.yaml_source import YamlSource, parse_yaml

        path = self.course.root / "course.yaml"
        if self._yaml is None:
            self._yaml = parse_yaml(path.read_text(encoding="utf-8"), self.display(path),
                                    Diagnostics())
        source = self._yaml
        if not isinstance(source, YamlSource):
            return Location(self.display(path))
        return source.locate_key(tuple(dotted.split(".")))


def option_location(course: Course, label: str, dotted: str) -> Location:
    """Where course.yaml sets an option ("tracking.interactions"), or its nearest parent."""
    return _Places(course, label)._option(dotted)


def recorded_values(course: Course) -> Tuple[RecordedValue, ...]:
    """The answer-key values the runtime writes into interaction records: the numbers and ids
    of every question of the quiz kinds recorded as interactions (tracking.interactions)."""
    tracking = getattr(course.info, "tracking", None)
    kinds = getattr(tracking, "interactions", None)
    found: List[RecordedValue] = []
    for quiz in course.quizzes():
        if kinds is not None and quiz.kind not in kinds:
            continue
        for n, question in enumerate(quiz.questions):
            spec = question.spec
            at = f"{ANSWER}{quiz.source}\x1fquestions.{n}"
            for path, number in spec.recorded_numbers():
                found.append(RecordedValue(f"{at}.{'.'.join(map(str, path))}", spec.id,
                                           number=number))
            for key, ids in spec.id_lists():
                found += [RecordedValue(f"{at}.{key}.{i}.id", spec.id, identifier=value)
                          for i, value in enumerate(ids)]
    return tuple(found)


def subject_of(course: Course, edition: Edition, entries: Sequence[Entry]) -> Subject:
    """A package about to be built, as the target rules see it."""
    rules = course.info.completion
    manifest = next(e.data for e in entries if e.path == MANIFEST and e.data is not None)
    tracking = getattr(course.info, "tracking", None)
    return Subject(
        edition=edition, files=tuple((e.path, e.size) for e in entries),
        size=sum(e.size for e in entries), sco_count=1,
        pass_mark=None if course.final_assessment is None
        else pass_mark_of(ElementTree.fromstring(manifest), edition),
        scorm12_status=rules.scorm12_status,
        keep_alive_minutes=getattr(tracking, "keep_alive_minutes", None),
        recorded=recorded_values(course))


def check_targets(course: Course, profiles: Sequence[TargetProfile],
                  packages: Dict[Edition, Tuple[Entry, ...]], label: str,
                  diagnostics: Diagnostics) -> None:
    """Add a diagnostic for everything a target LMS would refuse or track wrongly."""
    places = _Places(course, label)
    reported: Set[Tuple[Location, str, str]] = set()
    for profile in profiles:
        found: List[Tuple[Problem, Sequence[Entry]]] = [
            (p, ()) for p in edition_problems(profile, list(packages))]
        for edition, entries in packages.items():
            if profile.accepts(edition) is False:
                continue  # this package is not for that LMS
            subject = subject_of(course, edition, entries)
            found += [(p, entries) for p in
                      package_problems(profile, subject, f"the {edition.label} package holds")]
        for problem, held in found:
            where = places.of(problem, held)
            message = problem.message + _hint(problem, profile)
            if (where, problem.severity, message) not in reported:
                reported.add((where, problem.severity, message))
                add = diagnostics.error if problem.severity == "error" else diagnostics.warning
                add(where, message)


def _hint(problem: Problem, profile: TargetProfile) -> str:
    if problem.rule == "target.edition" and isinstance(profile.editions, EditionsFact):
        return f"; build with --edition {' or --edition '.join(profile.editions.accepted)}"
    return _HINTS.get(problem.rule, "")
