"""Diagnostics and the one exception family for everything a user can cause."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterable, List, Optional

import click

from scormbuild.wording import plural


@dataclass(frozen=True, order=True)
class Location:
    """A place in a course file: the path as the user knows it, 1-based line and column."""

    path: str
    line: Optional[int] = None
    col: Optional[int] = None

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """Escape line breaks and other control characters (from file names, keys, zip entries),
    so that one diagnostic is always one line of text."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the input."""

    location: Location
    severity: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        return one_line(f"{self.location}: {self.severity}: {self.message}")

    def as_dict(self) -> dict:
        loc = self.location
        return {"path": loc.path, "line": loc.line, "col": loc.col,
                "severity": self.severity, "message": self.message}


@dataclass
class Diagnostics:
    """Collects every problem of a stage so that a run reports them all at once."""

    items: List[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        self.items.append(Diagnostic(location, "error", message))

    def warning(self, location: Location, message: str) -> None:
        self.items.append(Diagnostic(location, "warning", message))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> List[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> List[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def sorted(self) -> List[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.location.path, d.location.line or 0,
                                                 d.location.col or 0, d.message))

    def raise_if_failed(self, strict: bool = False) -> None:
        """Stop between stages when this stage found an error (or, strict, a warning)."""
        if self.errors or (strict and self.warnings):
            raise CourseError(self.sorted(), strict=strict)


class ScormbuildError(click.ClickException):
    """Base of every error a user can cause; the CLI prints it without a traceback."""

    exit_code = 1


class CourseError(ScormbuildError):
    """The course source has problems; carries all of them."""

    def __init__(self, diagnostics: List[Diagnostic], strict: bool = False):
        self.diagnostics = diagnostics
        self.strict = strict
        super().__init__(self.summary())

    def summary(self) -> str:
        errors = sum(1 for d in self.diagnostics if d.severity == "error")
        warnings = len(self.diagnostics) - errors
        tail = " (--strict: warnings count as errors)" if self.strict and warnings else ""
        return f"build failed: {plural(errors, 'error')}, {plural(warnings, 'warning')}{tail}"

    def format_message(self) -> str:
        lines = [str(d) for d in self.diagnostics]
        lines.append(self.summary())
        return "\n".join(lines)

    def show(self, file: Optional[IO[Any]] = None) -> None:  # click prints "Error: " otherwise
        click.echo(self.format_message(), file=file, err=True)


class InputError(ScormbuildError):
    """The command cannot do its job at all: its input is missing or unreadable, or an option or
    setting is unusable. Exit 2, as for a usage error: nothing was checked (docs/ci.md)."""

    exit_code = 2


class SettingError(InputError):
    """An environment variable the build reads holds an unusable value."""


class OutputError(InputError):
    """The output folder cannot be written."""


MEGABYTE = 1000 * 1000  # decimal, as LMS vendors state upload limits (and the target rules count)


def megabytes(size: float) -> str:
    """A size for people: '37.2 MB', or two significant digits below 1 MB."""
    value = size / MEGABYTE
    return f"{value:.1f} MB" if value >= 1 else f"{value:.2g} MB"


def display_path(path: Path, root: Path, root_label: str) -> str:
    """Name a course file the way the user named the course folder (forward slashes)."""
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
    label = root_label.replace("\\", "/").rstrip("/")
    return rel if label in ("", ".") else f"{label}/{rel}"
