"""What the validator must know about each SCORM edition's manifest, declared once per edition."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from scormbuild.package.editions import SCORM12, SCORM2004, Edition
from scormbuild.validator.findings import ERROR, WARNING


@dataclass(frozen=True)
class ManifestProfile:
    edition: Edition
    cp_ns: str                         # namespace of <manifest>, used to detect the edition
    adlcp_ns: str
    scormtype_attr: str                # the SCO/asset attribute, spelled as this edition wants
    other_scormtype_attr: str          # the other edition's spelling (a common mistake)
    schemaversions: Tuple[str, ...]    # accepted <schemaversion> texts, exact
    deprecated_schemaversions: Tuple[str, ...]  # accepted with a warning
    seq_ns: Optional[str]              # IMS Simple Sequencing, None when the edition has none
    adlseq_ns: Optional[str]
    leaf_items_need_resource: bool
    required_metadata_severity: str    # missing <schema>/<schemaversion>/default organization
    status_report: str                 # what a scormbuild runtime reports ({done}/{otherwise})


SCORM12_PROFILE = ManifestProfile(
    edition=SCORM12,
    cp_ns="http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    adlcp_ns="http://www.adlnet.org/xsd/adlcp_rootv1p2",
    scormtype_attr="scormtype", other_scormtype_attr="scormType",
    schemaversions=("1.2",), deprecated_schemaversions=(),
    seq_ns=None, adlseq_ns=None,
    leaf_items_need_resource=False,
    required_metadata_severity=WARNING,
    status_report="cmi.core.lesson_status '{done}' when the course is finished, "
                  "otherwise '{otherwise}'; cmi.core.score.raw 0-100",
)

SCORM2004_PROFILE = ManifestProfile(
    edition=SCORM2004,
    cp_ns="http://www.imsglobal.org/xsd/imscp_v1p1",
    adlcp_ns="http://www.adlnet.org/xsd/adlcp_v1p3",
    scormtype_attr="scormType", other_scormtype_attr="scormtype",
    schemaversions=("2004 4th Edition",),
    deprecated_schemaversions=("2004 3rd Edition", "CAM 1.3"),
    seq_ns="http://www.imsglobal.org/xsd/imsss",
    adlseq_ns="http://www.adlnet.org/xsd/adlseq_v1p3",
    leaf_items_need_resource=True,
    required_metadata_severity=ERROR,
    status_report="cmi.completion_status completed|incomplete and cmi.success_status "
                  "passed|failed; cmi.score.scaled 0-1",
)

PROFILES: Dict[str, ManifestProfile] = {p.cp_ns: p for p in (SCORM12_PROFILE, SCORM2004_PROFILE)}


def profile_for_namespace(namespace: Optional[str]) -> Optional[ManifestProfile]:
    """The edition whose IMS CP namespace the root <manifest> uses, if any."""
    return PROFILES.get(namespace or "")
