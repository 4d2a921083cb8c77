"""Render imsmanifest.xml for one edition from the package's sorted entry list."""

from __future__ import annotations

from typing import Dict, Iterable, Optional

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from scormbuild.model import Course
from scormbuild.package.editions import Edition
from scormbuild.render.compiled_templates import CompiledTemplates
from scormbuild.resources import manifests_dir

LAUNCH_PAGE = "index.html"
_ENV: Optional[Environment] = None


def _environment() -> Environment:
    global _ENV
    if _ENV is None:
        folder = str(manifests_dir())  # built-in only: compiled code kept with the installation
        _ENV = Environment(loader=FileSystemLoader(folder), autoescape=True,
                           undefined=StrictUndefined, keep_trailing_newline=True,
                           bytecode_cache=CompiledTemplates({}, [folder]))
    return _ENV


def identifiers(course: Course) -> Dict[str, str]:
    """Stable identifiers derived from the course id, so a rebuild replaces the old package."""
    base = course.id
    return {"manifest": base, "organization": f"{base}-org", "item": f"{base}-item",
            "resource": f"{base}-sco", "objective": f"{base}-passed"}


def render_manifest(course: Course, edition: Edition, files: Iterable[str]) -> str:
    """The manifest text; its namespaces and version text come from the edition."""
    rules = course.info.completion
    passing = rules.passing_score if course.final_assessment else None
    score = passing if rules.mastery_in_manifest else None
    # The 2004 measure is written even when the LMS is not to judge by it (satisfiedByMeasure
    # stays false): Moodle seeds cmi.scaled_passing_score from it regardless, else with 1.0.
    context = {
        "course": course, "edition": edition, "ids": identifiers(course), "launch": LAUNCH_PAGE,
        "files": [LAUNCH_PAGE] + sorted(f for f in files if f != LAUNCH_PAGE),
        # masteryscore only on request (an LMS may then set a failed status itself).
        "mastery_score": None if score is None else _number(score),
        "mastery_measure": None if passing is None else _number(passing / 100),
    }
    return _environment().get_template(edition.manifest_template).render(context)


def _number(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text or "0"
