"""LMS target profiles: one YAML file per LMS (``targets/<name>.yaml``), read into typed facts.

A profile states what one LMS accepts and how it behaves, each fact with the source it comes
from; a fact nobody has documented is written ``unknown``. The rules in ``lms.rules`` are the
same for every LMS and read only these facts: there is no code per LMS.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, List, Literal, Optional, Tuple, TypeVar

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field,
                      model_validator)

from scormbuild.errors import MEGABYTE, CourseError, Diagnostics, Location, ScormbuildError
from scormbuild.package.editions import EDITIONS, Edition
from scormbuild.resources import targets_dir

Severity = Literal["error", "warning"]
Scorm12Status = Literal["passed-incomplete", "passed-failed", "completed-incomplete",
                        "completed-failed"]


def _edition_name(value: str) -> str:
    if value not in EDITIONS:
        raise ValueError(f"'{value}' is not an edition; use {', '.join(EDITIONS)}")
    return value


EditionName = Annotated[str, AfterValidator(_edition_name)]  # a key of EDITIONS
_NAME_CHARS = r"^[a-z0-9][a-z0-9-]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)  # as fields.Strict


class Source(_Strict):
    id: str = Field(pattern=_NAME_CHARS)
    title: str          # the document's name, as lms-facts.md gives it (vendor page title, KBA …)
    kind: Literal["vendor doc", "vendor forum", "vendor blog", "secondary", "customer page",
                  "integrator doc", "code", "project notes"]
    seen: str           # when the fact was seen in this source


class Fact(_Strict):
    source: str         # a Source id of the same profile
    note: Optional[str] = None
    who: Optional[str] = None  # whom diagnostics name for this fact (default: the profile title)


class EditionsFact(Fact):
    accepted: Tuple[EditionName, ...] = Field(min_length=1)
    other: Severity     # what a package of an edition not in the list gets


class SizeFact(Fact):
    max_mb: float = Field(gt=0)   # megabytes of 1,000,000 bytes, as vendors write them
    severity: Severity
    under: bool = False           # the limit itself is too large ("< 300 MB")
    recommended: bool = False     # a recommended maximum, not a refusal (the note says what then)

    def exceeded(self, size: int) -> bool:
        limit = self.max_mb * MEGABYTE
        return size >= limit if self.under else size > limit

    def wording(self) -> str:
        """'at most 250 MB', 'less than 300 MB', 'recommended: at most 250 MB'."""
        bound = f"{'less than' if self.under else 'at most'} {self.max_mb:g} MB"
        return f"recommended: {bound}" if self.recommended else bound


def _extension(value: str) -> str:
    if not re.fullmatch(r"\.[a-z0-9]+", value):
        raise ValueError(f"'{value}' is not an extension as profiles write them: lowercase, "
                         "with the dot ('.php'); files are matched whatever their case")
    return value


class ExtensionsFact(Fact):
    forbidden: Tuple[Annotated[str, AfterValidator(_extension)], ...] = Field(min_length=1)
    severity: Severity


class NamesFact(Fact):
    allowed: str = Field(min_length=1)  # characters a file or folder name may use, e.g. A-Za-z0-9._-
    severity: Severity


class FlagFact(Fact):
    value: bool
    severity: Severity


class StatusFact(Fact):
    recommended: Scorm12Status
    avoid: Tuple[Scorm12Status, ...] = ()
    severity: Severity


class SessionFact(Fact):
    timeout_minutes: float = Field(gt=0)  # the LMS session ends after this long without a call
    severity: Severity


class PassMarkFact(Fact):
    seeds_from_manifest: bool
    default_scaled: Optional[float] = Field(None, ge=-1, le=1)  # used when the manifest has none
    severity: Severity


class ResponseValuesFact(Fact):
    """What the LMS's player accepts in interaction responses and correct-response patterns,
    where it is stricter than the data model (RTE 4.2.9.1)."""

    editions: Tuple[EditionName, ...] = Field(min_length=1)  # the player that checks them
    integer_digits: Optional[int] = Field(None, gt=0)  # digits before the point of a number
    identifier_chars: Optional[str] = Field(None, min_length=1)  # of a choice/item id, e.g. A-Za-z0-9_.
    severity: Severity


class Escalation(Fact):
    """A validator rule whose finding this LMS turns into a failure (or a warning)."""

    rule: str
    severity: Severity


class Note(Fact):
    text: str


class BuildChoice(_Strict):
    editions: Tuple[EditionName, ...] = Field(min_length=1)
    keep_alive_minutes: Optional[float] = Field(None, gt=0)
    why: str


def _unknown(value: Any) -> Any:
    """'unknown' is how a profile says nobody documented the fact; it must say so explicitly."""
    if value == "unknown":
        return None
    if value is None:
        raise ValueError("write 'unknown' for a fact nobody has documented")
    return value


F = TypeVar("F", bound=Fact)
Known = Annotated[Optional[F], BeforeValidator(_unknown)]  # None: 'unknown' in the file


class TargetProfile(_Strict):
    name: str = Field(pattern=_NAME_CHARS)
    title: str
    summary: str
    sources: Tuple[Source, ...] = Field(min_length=1)
    build: BuildChoice
    editions: Known[EditionsFact]
    package_size: Known[SizeFact]
    forbidden_extensions: Known[ExtensionsFact]
    file_names: Known[NamesFact]
    case_sensitive_paths: Known[FlagFact]
    single_sco: Known[FlagFact]
    sequencing_2004: Known[FlagFact]
    launch: Known[Note]
    scorm12_status: Known[StatusFact]
    session: Known[SessionFact]
    pass_mark: Known[PassMarkFact]
    response_values: Known[ResponseValuesFact]
    validator_rules: Tuple[Escalation, ...] = ()
    notes: Tuple[Note, ...] = ()

    @model_validator(mode="after")
    def _sources_exist(self) -> "TargetProfile":
        known = {s.id for s in self.sources}
        for label, fact in self.facts():
            if fact.source not in known:
                raise ValueError(f"{label}: source '{fact.source}' is not in sources")
        return self

    def facts(self) -> List[Tuple[str, Fact]]:
        """Every known fact with its field name (unknown ones left out)."""
        found: List[Tuple[str, Fact]] = []
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, Fact):
                found.append((name, value))
            elif isinstance(value, tuple) and value and isinstance(value[0], Fact):
                found += [(name, v) for v in value]
        return found

    def source(self, fact: Fact) -> Source:
        return next(s for s in self.sources if s.id == fact.source)

    def who(self, fact: Fact) -> str:
        return fact.who or self.title

    def cite(self, fact: Fact) -> str:
        """How a diagnostic names the source of a fact."""
        found = self.source(fact)
        return f"{found.title}, seen {found.seen}"

    def accepts(self, edition: Edition) -> Optional[bool]:
        """Whether the LMS documents this edition (None: nobody knows)."""
        if isinstance(self.editions, EditionsFact):
            return edition.name in self.editions.accepted
        return None

    def recommended_editions(self) -> Tuple[Edition, ...]:
        return tuple(EDITIONS[name] for name in self.build.editions)


class TargetError(ScormbuildError):
    """--target names no shipped profile and no readable profile file."""

    exit_code = 2  # an unusable option value: nothing was checked (docs/ci.md)


def shipped_names() -> Tuple[str, ...]:
    """The profiles that come with scormbuild, generic first."""
    names = sorted(p.stem for p in targets_dir().glob("*.yaml"))
    return tuple(sorted(names, key=lambda n: n != "generic"))


def _is_file(path: Path) -> bool:
    """A regular file; False for a name the system cannot look up (over 255 bytes, say)."""
    try:
        return path.is_file()
    except OSError:
        return False


def load_target(name: str) -> TargetProfile:
    """A shipped profile by name, or a profile file by path (a .yaml file of the same format)."""
    if name in shipped_names():
        return _load_file(str(targets_dir() / f"{name}.yaml"), f"targets/{name}.yaml")
    path = Path(name)
    if path.suffix in (".yaml", ".yml") and _is_file(path):
        info = path.stat()  # part of the key: a preview (one long process) sees an edit
        return _load_file(str(path), name, (info.st_size, info.st_mtime_ns, info.st_ctime_ns))
    raise TargetError(f"unknown target '{name}': use one of {', '.join(shipped_names())}, "
                      "all (every one of them), or the path of a profile .yaml file")


def load_targets(names: Tuple[str, ...]) -> Tuple[TargetProfile, ...]:
    """Profiles in the order given, each once; 'all' means every shipped profile."""
    if "all" in names:
        names = shipped_names()
    return tuple(load_target(n) for n in dict.fromkeys(names))


@lru_cache(maxsize=64)
def _load_file(path: str, display: str, state: Tuple[int, ...] = ()) -> TargetProfile:
    from scormbuild.load.schema import validate
    from scormbuild.load.yaml_source import parse_yaml

    diagnostics = Diagnostics()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TargetError(f"{display}: cannot read the target profile ({exc})") from exc
    source = parse_yaml(text, display, diagnostics)
    profile = validate(TargetProfile, source, diagnostics) if source is not None else None
    if profile is None:
        if not diagnostics.errors:
            diagnostics.error(Location(display, 1, 1), "a target profile must be a mapping")
        raise CourseError(diagnostics.errors)
    return profile


def editions_for(profiles: Tuple[TargetProfile, ...]) -> Tuple[Edition, ...]:
    """What a build makes for these targets: every edition one of them recommends."""
    wanted = {e.key for p in profiles for e in p.recommended_editions()}
    return tuple(e for e in EDITIONS.values() if e.key in wanted)


def number_digits(profiles: Tuple[TargetProfile, ...], edition: Edition) -> Optional[int]:
    """The fewest digits before the decimal point that one of these LMSs takes in an interaction
    record of this edition (response_values.integer_digits), or None: the data model's own."""
    found = [p.response_values.integer_digits for p in profiles
             if isinstance(p.response_values, ResponseValuesFact)
             and edition.name in p.response_values.editions
             and p.response_values.integer_digits is not None]
    return min(found) if found else None
