"""The one place that knows where the built-in templates, manifests, runtime and LMS profiles live.

In a source checkout (or an editable install) they sit beside the package; a wheel carries
them inside the package as ``scormbuild/_data/`` (see pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
OVERRIDE_FOLDER = "templates"  # a course's own templates, searched before the built-in ones


def _data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise RuntimeError(f"scormbuild is installed without its '{name}' folder")


def templates_dir() -> Path:
    """Jinja2 templates of the learner pages, plus static assets and the runtime."""
    return _data_dir("templates")


def manifests_dir() -> Path:
    """Jinja2 templates of imsmanifest.xml, one per edition."""
    return _data_dir("manifests")


def targets_dir() -> Path:
    """LMS target profiles, one YAML file per LMS."""
    return _data_dir("targets")


def static_dir() -> Path:
    """Files copied into every package as they are (CSS, runtime JavaScript)."""
    return templates_dir() / "static"


def new_course_dir() -> Path:
    """The sample course that `scormbuild new` copies (it ships inside the package)."""
    return _PACKAGE / "author" / "new_course"
