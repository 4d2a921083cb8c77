"""Golden manifests of the minimal course, compared after XML canonicalisation.

Regenerate after a deliberate change, then read the diff:
    SCORMBUILD_UPDATE_GOLDEN=1 python -m pytest tests/test_manifest_golden.py
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from scormbuild.build import BuildOptions, build

GOLDEN = Path(__file__).parent / "golden"


def canonical(xml: bytes) -> str:
    parser = etree.XMLParser(remove_blank_text=True)
    tree = etree.fromstring(xml, parser)
    return etree.tostring(tree, method="c14n2", strip_text=True).decode()


@pytest.mark.slow
@pytest.mark.parametrize("key", ["scorm12", "scorm2004"])
def test_manifest_matches_golden(minimal_course: Path, tmp_path: Path, key: str) -> None:
    result = build(minimal_course, tmp_path, BuildOptions(), label="course")
    path = next(w.path for w in result.written if w.path.name.endswith(f"-{key}.zip"))
    with zipfile.ZipFile(path) as archive:
        seen = canonical(archive.read("imsmanifest.xml"))
    golden = GOLDEN / f"minimal-{key}.xml"
    if os.environ.get("SCORMBUILD_UPDATE_GOLDEN") == "1":
        golden.write_text(seen + "\n")
    assert seen + "\n" == golden.read_text()


@pytest.mark.slow
@pytest.mark.parametrize("key", ["scorm12", "scorm2004"])
def test_zip_listing_matches_golden(minimal_course: Path, tmp_path: Path, key: str) -> None:
    result = build(minimal_course, tmp_path, BuildOptions(), label="course")
    path = next(w.path for w in result.written if w.path.name.endswith(f"-{key}.zip"))
    with zipfile.ZipFile(path) as archive:
        listing = "\n".join(f"{i.filename} {'deflated' if i.compress_type else 'stored'}"
                            for i in archive.infolist()) + "\n"
    golden = GOLDEN / f"minimal-{key}.listing.txt"
    if os.environ.get("SCORMBUILD_UPDATE_GOLDEN") == "1":
        golden.write_text(listing)
    assert listing == golden.read_text()
