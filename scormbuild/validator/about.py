"""What an administrator checks before an upload: language, duration, dates, SCOs, pass mark.

Read from the manifest's metadata (IMS LOM, either edition's binding, matched by local name) and,
for a scormbuild package, from runtime/course-data.js, which states them exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from scormbuild.validator.manifest_model import Element, ManifestContext

_LOM = "//*[local-name()='lom']/*[local-name()='{part}']"
_TEXT = "*[local-name()='string' or local-name()='langstring']"
_DATES = ("released", "review", "expires")


@dataclass(frozen=True)
class About:
    language: Optional[str]
    description: Optional[str]
    duration: Optional[str]
    dates: Dict[str, str]       # released / review / expires, as the course states them
    sco_count: int
    pass_mark: str              # in words: what decides "passed", and where it comes from

    def text_lines(self) -> List[str]:
        dates = ", ".join(f"{k} {self.dates[k]}" for k in _DATES if k in self.dates)
        rows = [("language", self.language or "not stated"),
                ("duration", self.duration or "not stated"),
                ("description", self.description or "not stated"),
                ("dates", dates or "no release, review or expiry date stated"),
                ("SCOs", str(self.sco_count)), ("pass mark", self.pass_mark)]
        return [f"{k + ':':<15}{v}" for k, v in rows]


def _first(root: Element, path: str) -> Optional[str]:
    found = root.xpath(path)
    text = " ".join((found[0].text or "").split()) if found else ""
    return text or None


def about(ctx: ManifestContext, course: Optional[Dict[str, Any]], masteries: List[str]) -> About:
    """The facts, from course-data.js (course) where present, else from the manifest's LOM."""
    given = _mapping(course, "about")
    minutes = given.get("durationMinutes")
    lom_duration = _first(ctx.root, _LOM.format(part="educational") +
                          "/*[local-name()='typicalLearningTime' or "
                          "local-name()='typicallearningtime']/*")
    return About(
        language=_text((course or {}).get("language")) or
        _first(ctx.root, _LOM.format(part="general") + "/*[local-name()='language']"),
        description=_text(given.get("description")) or
        _first(ctx.root, _LOM.format(part="general") + "/*[local-name()='description']/" + _TEXT),
        duration=f"{minutes} minutes" if isinstance(minutes, int) else lom_duration,
        dates={k: str(v) for k, v in _mapping(given, "dates").items() if k in _DATES},
        sco_count=len({item for item, res in ctx.launched() if ctx.scorm_type(res) == "sco"}),
        pass_mark=_pass_mark(course, masteries))


def _mapping(data: Optional[Dict[str, Any]], key: str) -> Dict[str, Any]:
    """data[key] when it is a mapping (course-data.js of another tool may differ)."""
    value = (data or {}).get(key)
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value.strip() else None


def _pass_mark(course: Optional[Dict[str, Any]], masteries: List[str]) -> str:
    rules = _mapping(course, "completion")
    manifest = "; ".join(sorted(set(masteries))) or "none"
    score = rules.get("passingScore")
    if rules.get("finalAssessment") and isinstance(score, (int, float)):
        return (f"{score:g}% on the final assessment (set by the content); "
                f"manifest: {manifest}")
    if course is not None:
        return f"none (no final assessment); manifest: {manifest}"
    return f"manifest: {manifest}"
