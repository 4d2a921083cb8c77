"""Explicit bounds on course input, so that a runaway or hostile file ends in a diagnostic.

Every limit is named in the message that reports it. The size limits can be raised with an
environment variable (a real course may have a very long lesson); the YAML structure limits
cannot: no course file comes near them, and they are what keeps an alias bomb harmless.
docs/course-format.md ("Limits") lists them; keep the two in step.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional

from scormbuild.errors import MEGABYTE, ScormbuildError


class LimitSettingError(ScormbuildError):
    """An environment variable meant to raise a limit holds something unusable."""

    exit_code = 2


@dataclass(frozen=True)
class Limit:
    """One bound on the input: what it limits, its default, and how to raise it."""

    what: str                  # "YAML nesting depth", as the message names it
    default: int
    unit: str                  # "levels", "MB", ...
    env: Optional[str] = None  # the environment variable that raises it; None: fixed

    @property
    def value(self) -> int:
        raw = os.environ.get(self.env, "").strip() if self.env else ""
        if not raw:
            return self.default
        if not raw.isdigit() or int(raw) == 0:
            raise LimitSettingError(f"{self.env} must be a whole number above 0 "
                                    f"(the {self.what} limit in {self.unit}), not '{raw}'")
        return int(raw)

    @property
    def bytes(self) -> int:
        """The limit in bytes, for limits counted in MB."""
        return self.value * MEGABYTE

    def message(self, found: str) -> str:
        """'<found>: the <what> limit is <n> <unit> (set ENV to raise it)'."""
        how = f" (set {self.env} to raise it)" if self.env else ""
        return f"{found}: the {self.what} limit is {self.value} {self.unit}{how}"


YAML_DEPTH = Limit("YAML nesting depth", 64, "levels")
YAML_ALIASES = Limit("YAML alias count", 1000, "aliases per file")
YAML_EXPANSION = Limit("YAML alias expansion", 100_000, "values per file")
YAML_FILE_SIZE = Limit("YAML file size", 8, "MB", "SCORMBUILD_MAX_YAML_MB")
LESSON_SIZE = Limit("lesson size", 32, "MB", "SCORMBUILD_MAX_LESSON_MB")
FILE_COUNT = Limit("course file count", 20_000, "files", "SCORMBUILD_MAX_FILES")

# The smallest permitted maximum (SPM) of a <title> in imsmanifest.xml: SCORM's Content
# Aggregation Model (from IMS Content Packaging) has every LMS keep at least 200 characters of
# it, in SCORM 1.2 and 2004 alike. No LMS in the shared LMS facts (lms-facts.md) documents a limit of
# its own, so the SPM is the one figure to warn by. Only the course title is written there
# (the package is one SCO: its organization and its one item carry the course title).
MANIFEST_TITLE_SPM = 200

# The course version goes into the package file names (<id>-<version>-<edition>.zip), and file
# systems allow 255 bytes per name: with the id's 64 characters, the edition and '.zip', 100
# bytes of version leave room (UTF-8: letters of other alphabets take 2 to 4 bytes each).
VERSION_BYTES = 100
