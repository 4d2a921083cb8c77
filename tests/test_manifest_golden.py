"""Golden manifests of the minimal course, compared after XML canonicalisation.

Regenerate after a deliberate change, then read the diff:
    SCORMBUILD_UPDATE_GOLDEN=1 python -m pytest tests/test_manifest_golden.py
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Dict

import pytest
from lxml import etree


GOLDEN = Path(__file__).parent / "golden"


def canonical(xml: bytes) -> str:
    parser = etree.XMLParser(remove_blank_text=True)
    tree = etree.fromstring(xml, parser)
    return etree.tostring(tree, method="c14n2", strip_text=True).decode()




def compare(seen: str, golden: Path) -> None:
    if os.environ.get("SCORMBUILD_UPDATE_GOLDEN") == "1":
        golden.write_text(seen)
    assert seen == golden.read_text()


@pytest.mark.slow
@pytest.mark.parametrize("key", ["scorm12", "scorm2004"])
def test_manifest_matches_golden(minimal_packages: Dict[str, Path], key: str) -> None:
    with zipfile.ZipFile(minimal_packages[key]) as archive:
        compare(canonical(archive.read("imsmanifest.xml")) + "\n", GOLDEN / f"minimal-{key}.xml")


@pytest.mark.slow
@pytest.mark.parametrize("key", ["scorm12", "scorm2004"])
def test_zip_listing_matches_golden(minimal_packages: Dict[str, Path], key: str) -> None:
    with zipfile.ZipFile(minimal_packages[key]) as archive:
        listing = "".join(f"{i.filename} {'deflated' if i.compress_type else 'stored'}\n"
                          for i in archive.infolist())
    compare(listing, GOLDEN / f"minimal-{key}.listing.txt")
