"""Everything that differs between SCORM editions, declared once per edition.

The build (manifest template, schema set, runtime adapter, suspend_data budget) and the
validator (edition detection, attribute spelling, severity of missing metadata) read the same
``Edition``; every namespace string lives here only. The runtime's edition differences live in
one adapter script per edition family (``templates/static/runtime/adapter-*.js``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, Tuple


@dataclass(frozen=True)
class Namespace:
    prefix: str   # as written in imsmanifest.xml; "" is the default namespace (IMS CP)
    uri: str
    schema: str   # the XSD that defines it, named in xsi:schemaLocation


@dataclass(frozen=True)
class Edition:
    key: str                      # used in file names: scorm12, scorm2004, scorm2004-3rd
    name: str                     # what the CLI and target profiles say: 1.2, 2004, 2004-3rd
    label: str                    # for people
    schemaversion: str            # <metadata><schemaversion>, exact
    older_schemaversions: Tuple[str, ...]  # accepted by the validator with a warning
    namespaces: Tuple[Namespace, ...]      # in manifest order; IMS CP first
    scormtype_attr: str           # the SCO/asset attribute, spelled as this edition wants
    misspelled_scormtype_attr: str  # the other family's spelling (a common mistake)
    sequencing: bool              # IMS Simple Sequencing: leaf items need a resource
    metadata_required: bool       # a missing <schema>/<schemaversion>/default is an error
    status_report: str            # what a scormbuild runtime reports ({done}/{otherwise})
    manifest_template: str        # in manifests/
    adapter_script: str           # in templates/static/runtime/, packaged as runtime/adapter.js
    schema_folder: str            # in the official schema set
    schema_files: Tuple[str, ...]  # what --schemas copies to the package root
    suspend_data_limit: int       # SPM of cmi.suspend_data
    location_limit: int           # SPM of the bookmark element
    # Largest learner record (bytes of multipart form data) for players that send the whole
    # record on each save: Moodle's 2004 player does, by sendBeacon on exit, which browsers cap
    # at 64 KiB (docs/tracking.md). 48 KiB leaves room. None: no such player is known.
    lms_record_limit: Optional[int] = None

    def ns(self, prefix: str) -> Optional[str]:
        """The namespace URI bound to prefix in this edition's manifests, if any."""
        return next((n.uri for n in self.namespaces if n.prefix == prefix), None)

    @property
    def cp_ns(self) -> str:
        return self.namespaces[0].uri

    @property
    def adlcp_ns(self) -> str:
        return self.ns("adlcp") or ""

    @property
    def seq_ns(self) -> Optional[str]:
        return self.ns("imsss")

    @property
    def adlseq_ns(self) -> Optional[str]:
        return self.ns("adlseq")

    @property
    def schema_imports(self) -> Tuple[Tuple[str, str], ...]:
        """(namespace, XSD file) pairs a validating schema must import."""
        return tuple((n.uri, n.schema) for n in self.namespaces)

    @property
    def schema_location(self) -> str:
        """The xsi:schemaLocation value of this edition's manifests."""
        return " ".join(f"{n.uri} {n.schema}" for n in self.namespaces)


_CP12 = Namespace("", "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd")
_ADLCP12 = Namespace("adlcp", "http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd")
_IMSMD = Namespace("imsmd", "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "imsmd_rootv1p2p1.xsd")

# SCORM 2004 3rd and 4th Edition share every namespace; their XSDs differ.
_NAMESPACES_2004 = (
    Namespace("", "http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"),
    Namespace("adlcp", "http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"),
    Namespace("adlseq", "http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"),
    Namespace("adlnav", "http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"),
    Namespace("imsss", "http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd"),
    Namespace("lom", "http://ltsc.ieee.org/xsd/LOM", "lom.xsd"),
)
_SCHEMA_FILES_2004 = (
    "imscp_v1p1.xsd", "adlcp_v1p3.xsd", "adlseq_v1p3.xsd", "adlnav_v1p3.xsd",
    "imsss_v1p0.xsd", "imsss_v1p0auxresource.xsd", "imsss_v1p0control.xsd",
    "imsss_v1p0delivery.xsd", "imsss_v1p0limit.xsd", "imsss_v1p0objective.xsd",
    "imsss_v1p0random.xsd", "imsss_v1p0rollup.xsd", "imsss_v1p0seqrule.xsd",
    "imsss_v1p0util.xsd", "xml.xsd", "XMLSchema.dtd", "datatypes.dtd", "lom.xsd",
    "common/anyElement.xsd", "common/dataTypes.xsd", "common/elementNames.xsd",
    "common/elementTypes.xsd", "common/rootElement.xsd", "common/vocabTypes.xsd",
    "common/vocabValues.xsd", "extend/strict.xsd", "unique/strict.xsd", "vocab/strict.xsd")
_STATUS_2004 = ("cmi.completion_status completed|incomplete and cmi.success_status "
                "passed|failed; cmi.score.scaled 0-1")

SCORM12 = Edition(
    key="scorm12", name="1.2", label="SCORM 1.2",
    schemaversion="1.2", older_schemaversions=(),
    namespaces=(_CP12, _ADLCP12, _IMSMD),
    scormtype_attr="scormtype", misspelled_scormtype_attr="scormType",
    sequencing=False, metadata_required=False,
    status_report="cmi.core.lesson_status '{done}' when the course is finished, "
                  "otherwise '{otherwise}'; cmi.core.score.raw 0-100",
    manifest_template="scorm12.xml.j2", adapter_script="adapter-scorm12.js",
    schema_folder="scorm12",
    schema_files=("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd",
                  "ims_xml.xsd"),
    suspend_data_limit=4096, location_limit=255,
)

SCORM2004 = Edition(
    key="scorm2004", name="2004", label="SCORM 2004 4th Edition",
    schemaversion="2004 4th Edition", older_schemaversions=("CAM 1.3",),
    namespaces=_NAMESPACES_2004,
    scormtype_attr="scormType", misspelled_scormtype_attr="scormtype",
    sequencing=True, metadata_required=True, status_report=_STATUS_2004,
    manifest_template="scorm2004.xml.j2", adapter_script="adapter-scorm2004.js",
    schema_folder="scorm2004-4th",
    schema_files=_SCHEMA_FILES_2004 + (
        "lomLoose.xsd", "extend/custom.xsd", "unique/loose.xsd", "vocab/adlmd_vocabv1p0.xsd",
        "vocab/custom.xsd", "vocab/loose.xsd"),
    suspend_data_limit=64000, location_limit=1000, lms_record_limit=48 * 1024,
)

# 3rd Edition: same namespaces and run-time API as 4th; its cmi.suspend_data SPM is 4000.
SCORM2004_3RD = Edition(
    key="scorm2004-3rd", name="2004-3rd", label="SCORM 2004 3rd Edition",
    schemaversion="2004 3rd Edition", older_schemaversions=("CAM 1.3",),
    namespaces=_NAMESPACES_2004,
    scormtype_attr="scormType", misspelled_scormtype_attr="scormtype",
    sequencing=True, metadata_required=True, status_report=_STATUS_2004,
    manifest_template="scorm2004.xml.j2", adapter_script="adapter-scorm2004.js",
    schema_folder="scorm2004-3rd",
    schema_files=_SCHEMA_FILES_2004 + ("ims_xml.xsd",),
    suspend_data_limit=4000, location_limit=1000, lms_record_limit=48 * 1024,
)

EDITIONS: Dict[str, Edition] = {e.name: e for e in (SCORM12, SCORM2004, SCORM2004_3RD)}
DEFAULT_EDITIONS: Tuple[Edition, ...] = (SCORM12, SCORM2004)


# Editions the validator names but scormbuild does not build: <schemaversion> -> name.
EARLIER_EDITIONS: Dict[str, str] = {"CAM 1.3": "SCORM 2004 2nd Edition"}


def declared_edition_label(edition: Edition, schemaversion: Optional[str]) -> str:
    """The edition a manifest says it is, exactly, for reports (1.2; 2004 2nd, 3rd or 4th).

    edition is what edition_of_manifest chose for checking it; a 2004 manifest whose
    <schemaversion> names no known edition is reported as such, not as the fallback's.
    """
    text = (schemaversion or "").strip()
    family = [e for e in EDITIONS.values() if e.cp_ns == edition.cp_ns]
    if len(family) == 1 or text == edition.schemaversion:
        return edition.label
    if text in EARLIER_EDITIONS:
        return EARLIER_EDITIONS[text]
    return f"SCORM {edition.name.split('-')[0]} (edition not stated)"


def edition_of_manifest(namespace: Optional[str], schemaversion: Optional[str]
                        ) -> Optional[Edition]:
    """The edition a manifest declares: its root namespace, then its exact schemaversion.

    Editions that share a namespace are told apart by <schemaversion>; an unknown text falls
    back to the first edition registered for the namespace (the validator then reports it).
    """
    family = [e for e in EDITIONS.values() if e.cp_ns == namespace]
    exact = [e for e in family if e.schemaversion == (schemaversion or "").strip()]
    chosen = exact or family
    return chosen[0] if chosen else None
