"""The worst-case SCORM 2004 learner record, measured as Moodle's 2004 player sends it (issue #16).

Moodle re-sends every element it holds on each save, one multipart form field per element named
with "__" for ".", and sends it with navigator.sendBeacon while the page unloads; browsers refuse
a beacon above 64 KiB. The build keeps a course's record under 48 KiB or warns.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

import pytest

from scormbuild.build import BuildOptions, check
from scormbuild.load.course_loader import load_course
from scormbuild.package.editions import EDITIONS
from scormbuild.render import lms_record
from paths import MINIMAL, REPO, synthetic_course

LIMIT = 48 * 1024


def multipart(fields: List[Tuple[str, str]], boundary: str) -> bytes:
    """A multipart/form-data body written out field by field (RFC 7578), as a browser sends it."""
    out = b""
    for name, value in fields:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                f"{value}\r\n").encode("utf-8")
    return out + f"--{boundary}--\r\n".encode("ascii")




def test_flagship_record_stays_well_under_the_beacon_limit() -> None:
    course, _ = load_course(REPO / "course", None, False)
    size = lms_record.worst_case(course)
    fields = lms_record.fields(course)
    body = multipart(fields, "-" * 4 + "WebKitFormBoundary" + "x" * 16)
    assert size.bytes == len(body) <= LIMIT
    assert size.fields == len(fields)
    # the final assessment (24) and the survey (8) are recorded; the knowledge checks are not
    assert size.interactions == 32
    names = [name for name, _ in fields]
    assert names[:2] == ["cmi__location", "cmi__suspend_data"]
    assert "cmi__interactions__31__learner_response" in names
    assert "cmi__interactions__32__id" not in names
    assert not [name for name in names if "description" in name]   # off by default


def test_every_element_carries_information() -> None:
    """No empty optional element; a survey answer has no result; every record has its weighting
    (a record written again over an older one must not keep the older weighting)."""
    course, _ = load_course(REPO / "course", None, False)
    found = dict(lms_record.elements(course))
    assert [name for name, value in found.items() if value == ""] == []
    survey = [name.rsplit(".", 1)[0] for name, value in found.items()
              if name.endswith(".id") and value.startswith("survey.")]
    assert survey and all(f"{record}.result" not in found for record in survey)
    ids = [name for name in found if name.endswith(".id") and ".objectives." not in name]
    assert len([name for name in found if name.endswith(".weighting")]) == len(ids)


def test_each_setting_changes_what_is_recorded(minimal_course: Path) -> None:
    def size(kinds: str, descriptions: bool = False) -> lms_record.RecordSize:
        text = (minimal_course / "course.yaml").read_text(encoding="utf-8")
        text = text.split("\ntracking:", 1)[0]
        (minimal_course / "course.yaml").write_text(
            text + f"\ntracking:\n  interactions: {kinds}\n"
            f"  interaction_descriptions: {str(descriptions).lower()}\n", encoding="utf-8")
        course, _ = load_course(minimal_course, None, False)
        return lms_record.worst_case(course)

    every = size("[knowledge-check, assessment, survey]")
    assert (every.interactions, size("[assessment]").interactions, size("[]").interactions) == \
        (5, 2, 0)
    described = size("[knowledge-check, assessment, survey]", descriptions=True)
    assert described.fields == every.fields + 5 and described.bytes > every.bytes


def test_large_course_warns_with_the_figure_and_the_limit(tmp_path: Path) -> None:
    root = synthetic_course(tmp_path / "big", lessons=100)
    result = check(root, BuildOptions(editions=(EDITIONS["2004"],)), "big")
    messages = [str(d) for d in result.diagnostics]
    course, _ = load_course(root, None, False)
    size = lms_record.worst_case(course)
    assert size.bytes > LIMIT
    assert messages == [
        f"big/course.yaml:1:1: warning: the learner record can reach {size.bytes:,} bytes "
        f"({size.fields} elements, {size.interactions} interaction records) as Moodle's SCORM "
        "2004 player sends it, above 48 KiB: browsers refuse more than 64 KiB while the learner "
        "leaves, so the last save would be lost; record fewer quiz kinds as interactions "
        "(tracking.interactions in course.yaml, now: knowledge-check, assessment, survey)"]
    # SCORM 1.2 is not affected: Moodle's 1.2 player sends only what changed
    assert check(root, BuildOptions(editions=(EDITIONS["1.2"],)), "big").diagnostics == []


def test_warning_points_at_the_option_and_goes_with_it(tmp_path: Path) -> None:
    root = synthetic_course(tmp_path / "big", lessons=100)
    yaml = root / "course.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + "tracking:\n  interactions: [survey, "
                    "knowledge-check, assessment]\n", encoding="utf-8")
    line = yaml.read_text(encoding="utf-8").splitlines().index("tracking:") + 2
    result = check(root, BuildOptions(editions=(EDITIONS["2004"],)), "big")
    assert [str(d).split(": warning")[0] for d in result.diagnostics] == \
        [f"big/course.yaml:{line}:3"]
    yaml.write_text(yaml.read_text(encoding="utf-8").replace(
        "[survey, knowledge-check, assessment]", "[assessment]"), encoding="utf-8")
    assert check(root, BuildOptions(editions=(EDITIONS["2004"],)), "big").diagnostics == []


@pytest.mark.parametrize("edition, suspend, location", [
    ("1.2", 4096, 255), ("2004", 64000, 1000), ("2004-3rd", 4000, 1000)])
def test_adapter_gets_the_editions_limits(minimal_packages, tmp_path: Path, edition: str,
                                          suspend: int, location: int) -> None:
    """The one 2004 adapter serves 3rd and 4th Edition, whose suspend_data limits differ."""
    from scormbuild.build import adapter_script
    from scormbuild.render.pages import adapter_file

    text = adapter_script(EDITIONS[edition], adapter_file).decode("ascii")
    assert text.endswith(f"\nScormBuild.adapter.suspendDataLimit = {suspend};"
                         f"\nScormBuild.adapter.locationLimit = {location};\n")
    assert text.count("suspendDataLimit =") == 1


def test_minimal_course_record_matches_inspect_figure(minimal_packages) -> None:
    course, _ = load_course(MINIMAL, None, False)
    from scormbuild.validator.inspect import inspect_package

    lines = inspect_package(minimal_packages["scorm2004"], label="c.zip").text_lines()
    assert f"at most {lms_record.worst_case(course).bytes:,} bytes" in lines[-1]
