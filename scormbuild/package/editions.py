"""Everything that differs between SCORM editions on the packaging side, declared once.

The runtime's edition differences live in one adapter script per edition
(``templates/static/runtime/adapter-*.js``); nothing else in the code names an edition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Tuple


@dataclass(frozen=True)
class Edition:
    key: str                      # used in file names: scorm12, scorm2004
    name: str                     # what the CLI accepts: 1.2, 2004
    label: str                    # for people
    manifest_template: str        # in manifests/
    adapter_script: str           # in templates/static/runtime/, packaged as runtime/adapter.js
    schema_folder: str            # in the official schema set
    schema_files: Tuple[str, ...]  # what --schemas copies to the package root
    schema_imports: Tuple[Tuple[str, str], ...]  # (namespace, file) for validation
    suspend_data_limit: int       # SPM of cmi.suspend_data
    location_limit: int           # SPM of the bookmark element


SCORM12 = Edition(
    key="scorm12", name="1.2", label="SCORM 1.2",
    manifest_template="scorm12.xml.j2", adapter_script="adapter-scorm12.js",
    schema_folder="scorm12",
    schema_files=("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd",
                  "ims_xml.xsd"),
    schema_imports=(("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"),
                    ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"),
                    ("http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "imsmd_rootv1p2p1.xsd")),
    suspend_data_limit=4096, location_limit=255,
)

SCORM2004 = Edition(
    key="scorm2004", name="2004", label="SCORM 2004 4th Edition",
    manifest_template="scorm2004.xml.j2", adapter_script="adapter-scorm2004.js",
    schema_folder="scorm2004-4th",
    schema_files=("imscp_v1p1.xsd", "adlcp_v1p3.xsd", "adlseq_v1p3.xsd", "adlnav_v1p3.xsd",
                  "imsss_v1p0.xsd", "imsss_v1p0auxresource.xsd", "imsss_v1p0control.xsd",
                  "imsss_v1p0delivery.xsd", "imsss_v1p0limit.xsd", "imsss_v1p0objective.xsd",
                  "imsss_v1p0random.xsd", "imsss_v1p0rollup.xsd", "imsss_v1p0seqrule.xsd",
                  "imsss_v1p0util.xsd", "xml.xsd", "XMLSchema.dtd", "datatypes.dtd",
                  "lom.xsd", "lomLoose.xsd", "common/anyElement.xsd", "common/dataTypes.xsd",
                  "common/elementNames.xsd", "common/elementTypes.xsd", "common/rootElement.xsd",
                  "common/vocabTypes.xsd", "common/vocabValues.xsd", "extend/custom.xsd",
                  "extend/strict.xsd", "unique/loose.xsd", "unique/strict.xsd",
                  "vocab/adlmd_vocabv1p0.xsd", "vocab/custom.xsd", "vocab/loose.xsd",
                  "vocab/strict.xsd"),
    schema_imports=(("http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"),
                    ("http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"),
                    ("http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"),
                    ("http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"),
                    ("http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd"),
                    ("http://ltsc.ieee.org/xsd/LOM", "lom.xsd")),
    suspend_data_limit=64000, location_limit=1000,
)

EDITIONS: Dict[str, Edition] = {e.name: e for e in (SCORM12, SCORM2004)}
