"""Manifest rules: safe parsing, edition detection, XSD validation and what XSDs cannot express."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from lxml import etree

from scormbuild.package.editions import Edition, declared_edition_label, edition_of_manifest
from scormbuild.package.entries import MANIFEST
from scormbuild.validator.findings import ERROR, WARNING, Finding, UnreadablePackage, finding
from scormbuild.validator.manifest_model import (XML_BASE, XSI_LOCATION, Element, ManifestContext,
                                                 base_of, href_problem, ident, is_external,
                                                 package_path, text_of)
from scormbuild.validator.zip_checks import is_os_metadata
from scormbuild.xsd import SchemaSetError, validate_manifest

_NCNAME = re.compile(r"^[^\W\d][\w.\-\u00b7]*$")
_XSD_LINE = re.compile(r"^[^:]*:(\d+):\d+: (.*)$", re.S)
_TRUE = ("true", "1")
_CONTROL_DOCS = (".xsd", ".dtd")


def safe_parser() -> etree.XMLParser:
    """No DTD loading, no entity expansion, no network, no huge trees."""
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                           dtd_validation=False, huge_tree=False)


def parse_manifest(data: bytes) -> Tuple[Optional[Element], List[Finding]]:
    """Parse the manifest without trusting it; a DOCTYPE stops further checks."""
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        return None, [finding("manifest.not-well-formed", MANIFEST, exc.msg, line=exc.lineno)]
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        return None, [finding("manifest.doctype", MANIFEST,
                              "manifest declares a DOCTYPE; DTDs and entities are not allowed "
                              "and were not loaded", line=1)]
    return root, []


def _schemaversion(root: Element) -> Optional[str]:
    namespace = etree.QName(root).namespace
    return text_of(root.find(f"{{{namespace}}}metadata/{{{namespace}}}schemaversion"))


def declared_label(root: Element, edition: Edition) -> str:
    """The edition as the manifest's <schemaversion> states it (2004 2nd, 3rd or 4th)."""
    return declared_edition_label(edition, _schemaversion(root))


def detect_edition(root: Element) -> Tuple[Optional[Edition], List[Finding]]:
    """The edition, from the namespace of the root <manifest> and its <schemaversion>."""
    qname = etree.QName(root)
    edition = edition_of_manifest(qname.namespace, _schemaversion(root)) \
        if qname.localname == "manifest" else None
    if edition is not None:
        return edition, []
    return None, [finding("manifest.edition-unknown", MANIFEST,
                          f"root element {{{qname.namespace or ''}}}{qname.localname} is not the "
                          "<manifest> of SCORM 1.2 or SCORM 2004", line=root.sourceline)]


def schema_findings(data: bytes, schemas: Path, edition: Edition) -> List[Finding]:
    """XSD errors as findings; an unusable schema folder means nothing can be checked (exit 2)."""
    try:
        lines = validate_manifest(data, schemas, edition)
    except SchemaSetError as exc:
        raise UnreadablePackage(exc.message) from exc
    found = []
    for text in lines:
        match = _XSD_LINE.match(text)
        line, message = (int(match.group(1)), match.group(2)) if match else (None, text)
        found.append(finding("manifest.schema-invalid", MANIFEST, message.strip(), line=line))
    return found


def _at(rule: str, element: Element, message: str, severity: Optional[str] = None) -> Finding:
    return finding(rule, MANIFEST, message, line=element.sourceline, severity=severity)


def check_schema_files(ctx: ManifestContext) -> List[Finding]:
    """A package that ships XSDs must ship every one xsi:schemaLocation names.

    A package with none at all is the common, deliberate case (scormbuild's default: the XSDs
    are third-party files, added with --schemas): LMSs import it, but ADL's conformance test
    suite fails it, so it is a note.
    """
    tokens = (ctx.root.get(XSI_LOCATION) or "").split()
    local = [location for location in tokens[1::2]
             if not (is_external(location) or href_problem(location))]
    missing = [location for location in local if location not in ctx.files]
    if not missing:
        return []
    if len(missing) == len(local):
        return [_at("manifest.schema-files-absent", ctx.root,
                    f"xsi:schemaLocation names {len(missing)} XSD"
                    f"{'' if len(missing) == 1 else 's'} the package does not ship "
                    f"({', '.join(missing[:3])}{', …' if len(missing) > 3 else ''}): LMSs "
                    "import it, ADL's conformance test suite does not (scormbuild build "
                    "--schemas DIR adds them)")]
    return [_at("manifest.schema-file-missing", ctx.root,
                f"xsi:schemaLocation names XSDs that are not in the package: {', '.join(missing)}")]


XINCLUDE_NAMESPACES = ("http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude")


def check_xinclude(ctx: ManifestContext) -> List[Finding]:
    """XInclude is never resolved by an LMS (nor here): what it would include is missing."""
    found = []
    for namespace in XINCLUDE_NAMESPACES:
        for element in ctx.root.iter(f"{{{namespace}}}*"):
            href = element.get("href")
            what = f" of '{href}'" if href else ""
            found.append(_at("manifest.xinclude", element,
                             f"XInclude <{etree.QName(element).localname}>{what}: LMSs do not "
                             "resolve XInclude, so the included part is missing (nothing was "
                             "read); write it into imsmanifest.xml"))
    return found


def check_some_sco(ctx: ManifestContext) -> List[Finding]:
    """A package with assets only reports nothing to the LMS."""
    resources = ctx.all("resource")
    if not ctx.all("item") or not resources:
        return []  # nothing to launch: check_organizations and check_items report it
    if any(ctx.scorm_type(resource) != "asset" for resource in resources):
        return []  # a SCO, or a type reported by check_scorm_types
    return [_at("manifest.no-sco", ctx.root,
                "the package has no SCO (every resource is an asset): the LMS will track no "
                "completion, success or score")]


def check_schema_version(ctx: ManifestContext) -> List[Finding]:
    """<metadata><schema>ADL SCORM</schema><schemaversion>exact text</schemaversion>."""
    edition = ctx.edition
    metadata = ctx.root.find(ctx.tag("metadata"))
    anchor = metadata if metadata is not None else ctx.root
    schema = metadata.find(ctx.tag("schema")) if metadata is not None else None
    version = metadata.find(ctx.tag("schemaversion")) if metadata is not None else None
    found = []
    missing = _metadata_severity(ctx)
    if schema is None:
        found.append(_at("manifest.schema-name", anchor, "<schema> is missing; write ADL SCORM",
                         missing))
    elif text_of(schema) != "ADL SCORM":
        found.append(_at("manifest.schema-name", schema,
                         f"<schema> is '{text_of(schema)}'; it must be 'ADL SCORM'"))
    wanted = f"'{edition.schemaversion}'"
    if version is None:
        found.append(_at("manifest.schemaversion", anchor,
                         f"<schemaversion> is missing; write {wanted}", missing))
    elif text_of(version) in edition.older_schemaversions:
        found.append(_at("manifest.schemaversion-deprecated", version,
                         f"<schemaversion> '{text_of(version)}' is an older edition; "
                         f"write {wanted}"))
    elif text_of(version) != edition.schemaversion:
        found.append(_at("manifest.schemaversion", version,
                         f"<schemaversion> is '{text_of(version)}'; {edition.label} "
                         f"needs exactly {wanted}"))
    return found


def _metadata_severity(ctx: ManifestContext) -> str:
    return ERROR if ctx.edition.metadata_required else WARNING


def check_organizations(ctx: ManifestContext) -> List[Finding]:
    """At least one organization, and a default that names one."""
    orgs_element = ctx.root.find(ctx.tag("organizations"))
    anchor = orgs_element if orgs_element is not None else ctx.root
    organizations = orgs_element.findall(ctx.tag("organization")) if orgs_element is not None else []
    if orgs_element is None or not organizations:
        return [_at("manifest.no-organization", anchor,
                    "no <organization>: the package has nothing an LMS can launch")]
    default = orgs_element.get("default")
    if default is None:
        return [_at("manifest.default-organization-missing", orgs_element,
                    "<organizations> has no default attribute",
                    _metadata_severity(ctx))]
    ids = {ident(o.get("identifier")) for o in organizations}
    if ident(default) not in ids:
        return [_at("manifest.default-organization-unresolved", orgs_element,
                    f"default organization '{ident(default)}' does not exist")]
    return []


def check_identifiers(ctx: ManifestContext) -> List[Finding]:
    """identifier is an xs:ID: a valid NCName, unique in the whole manifest."""
    first: Dict[str, Element] = {}
    found = []
    for element in ctx.root.iter():
        if not isinstance(element.tag, str) or element.get("identifier") is None:
            continue
        value = ident(element.get("identifier"))
        name = etree.QName(element).localname
        if not _NCNAME.match(value):
            found.append(_at("manifest.identifier-invalid", element,
                             f"<{name}> identifier '{value}' is not a valid XML ID (letters, "
                             "digits, '.', '-', '_'; no leading digit, no spaces or colons)"))
        elif value in first:
            found.append(_at("manifest.identifier-duplicate", element,
                             f"identifier '{value}' is already used on line "
                             f"{first[value].sourceline}"))
        else:
            first[value] = element
    return found


def check_references(ctx: ManifestContext) -> List[Finding]:
    """Every item and dependency identifierref names a resource."""
    resources = ctx.resources()
    found = []
    for element in ctx.all("item") + ctx.all("dependency"):
        ref = element.get("identifierref")
        if ref is not None and ident(ref) not in resources:
            found.append(_at("manifest.identifierref-unresolved", element,
                             f"{_owner(element)} references resource '{ident(ref)}', "
                             "which does not exist"))
    return found


def _owner(element: Element) -> str:
    if etree.QName(element).localname == "item":
        return f"item '{ident(element.get('identifier'))}'"
    parent = element.getparent()
    return f"a dependency of resource '{ident(parent.get('identifier') if parent is not None else '')}'"


def check_items(ctx: ManifestContext) -> List[Finding]:
    """Launchable items reach a resource with an href; 2004 leaf items must reference one."""
    found = []
    for item in ctx.all("item"):
        is_leaf = item.find(ctx.tag("item")) is None
        if is_leaf and item.get("identifierref") is None and ctx.edition.sequencing:
            found.append(_at("manifest.leaf-item-without-resource", item,
                             f"item '{ident(item.get('identifier'))}' has no child items and no "
                             "identifierref"))
        if not is_leaf and item.get("identifierref") is not None and ctx.edition.sequencing:
            found.append(_at("manifest.parent-item-with-resource", item,
                             f"item '{ident(item.get('identifier'))}' has child items, so it must "
                             "not have an identifierref"))
    for item, resource in ctx.launched():
        if not resource.get("href"):
            found.append(_at("manifest.launch-href-missing", resource,
                             f"resource '{ident(resource.get('identifier'))}' is launched by item "
                             f"'{ident(item.get('identifier'))}' but has no href"))
    return found


def check_scorm_types(ctx: ManifestContext) -> List[Finding]:
    """Every resource says sco or asset, with this edition's spelling of the attribute."""
    edition = ctx.edition
    right = f"adlcp:{edition.scormtype_attr}"
    wrong = f"{{{edition.adlcp_ns}}}{edition.misspelled_scormtype_attr}"
    found = []
    for resource in ctx.all("resource"):
        rid = ident(resource.get("identifier"))
        value = ctx.scorm_type(resource)
        if value is None and resource.get(wrong) is not None:
            found.append(_at("manifest.scormtype-spelling", resource,
                             f"resource '{rid}' uses adlcp:{edition.misspelled_scormtype_attr}; "
                             f"{edition.label} spells it {right}"))
        elif value is None:
            found.append(_at("manifest.scormtype-missing", resource,
                             f"resource '{rid}' has no {right} (sco or asset)"))
        elif value not in ("sco", "asset"):
            found.append(_at("manifest.scormtype-invalid", resource,
                             f"resource '{rid}' has {right}=\"{value}\"; use 'sco' or 'asset' "
                             "(lowercase)"))
    return found


def check_hrefs(ctx: ManifestContext) -> List[Finding]:
    """Resource hrefs, file hrefs and xml:base stay inside the package and name packaged files."""
    found = []
    for element in ctx.root.iter():
        if isinstance(element.tag, str) and element.get(XML_BASE) is not None:
            found += _base_finding(element)
    for resource in ctx.all("resource"):
        if resource.get("href"):
            found += _href_findings(ctx, resource, "content.launch-missing", "launch page")
        for file_element in resource.findall(ctx.tag("file")):
            found += _href_findings(ctx, file_element, "manifest.file-missing", "listed file")
    return found


def _base_finding(element: Element) -> List[Finding]:
    value = element.get(XML_BASE) or ""
    problem = href_problem(value) or (None if value.endswith("/") else "does not end with '/'")
    if problem is None or is_external(value):
        return []
    return [_at("manifest.href-not-relative", element, f"xml:base '{value}' {problem}")]


def _href_findings(ctx: ManifestContext, element: Element, missing_rule: str,
                   what: str) -> List[Finding]:
    href = element.get("href") or ""
    problem = href_problem(href)
    if problem:
        return [_at("manifest.href-not-relative", element, f"href '{href}' {problem}")]
    if is_external(href):
        return [_at("manifest.href-external", element,
                    f"href '{href}' is an external URL; cross-domain content cannot reach the "
                    "LMS API")]
    path = package_path(base_of(element), href)
    if path is None:
        return [_at("manifest.href-not-relative", element,
                    f"href '{href}' leads outside the package root")]
    return _presence_findings(ctx, element, path, missing_rule, what)


def _presence_findings(ctx: ManifestContext, element: Element, path: str, missing_rule: str,
                       what: str) -> List[Finding]:
    if path in ctx.files:
        return []
    actual = ctx.folded.get(path.lower())
    if actual is not None:
        return [_at("manifest.href-case-mismatch", element,
                    f"{what} {path} is packaged as {actual}; case matters on most LMS servers")]
    return [_at(missing_rule, element, f"{what} {path} is not in the package")]


def check_unlisted(ctx: ManifestContext) -> List[Finding]:
    """Packaged files that no <file> (or resource href) lists; XSDs and DTDs are exempt."""
    listed = set()
    for element in ctx.all("resource") + ctx.all("file"):
        href = element.get("href")
        if href and not href_problem(href) and not is_external(href):
            path = package_path(base_of(element), href)
            if path:
                listed.add(path)
                listed.add(ctx.folded.get(path.lower(), path))
    return [finding("manifest.file-not-listed", name,
                    "file is not listed in any <file> of imsmanifest.xml")
            for name in sorted(ctx.files)
            if name != MANIFEST and name not in listed and not name.lower().endswith(_CONTROL_DOCS)
            and not is_os_metadata(name)]


def check_mastery(ctx: ManifestContext) -> List[Finding]:
    """adlcp:masteryscore is 0..100; imsss:minNormalizedMeasure is -1..1."""
    found = []
    for element in ctx.root.iter(f"{{{ctx.edition.adlcp_ns}}}masteryscore"):
        if not _in_range(text_of(element), 0, 100):
            found.append(_at("manifest.masteryscore-range", element,
                             f"adlcp:masteryscore '{text_of(element)}' is not a number from 0 to 100"))
    if ctx.edition.seq_ns is None:
        return found
    for element in ctx.root.iter(f"{{{ctx.edition.seq_ns}}}minNormalizedMeasure"):
        if not _in_range(text_of(element), -1, 1):
            found.append(_at("manifest.min-normalized-measure-range", element,
                             f"imsss:minNormalizedMeasure '{text_of(element)}' is not a number "
                             "from -1 to 1"))
    return found + _default_measures(ctx)


def _default_measures(ctx: ManifestContext) -> List[Finding]:
    seq = ctx.edition.seq_ns
    found = []
    for local in ("primaryObjective", "objective"):
        for objective in ctx.root.iter(f"{{{seq}}}{local}"):
            by_measure = objective.get("satisfiedByMeasure") in _TRUE
            if by_measure and objective.find(f"{{{seq}}}minNormalizedMeasure") is None:
                found.append(_at("manifest.min-normalized-measure-default", objective,
                                 f"imsss:{local} satisfiedByMeasure=\"true\" without "
                                 "imsss:minNormalizedMeasure: the default 1.0 requires 100%"))
    return found


# xs:decimal's lexical form (XML Schema Part 2, 3.2.3.1), the type of both values: Python's
# float() also takes '8_0', '1e1', 'nan' and non-ASCII digits, which an LMS's parser does not
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def _in_range(text: Optional[str], low: float, high: float) -> bool:
    value = (text or "").strip()
    return bool(_DECIMAL.fullmatch(value)) and low <= float(value) <= high


def check_delivery_controls(ctx: ManifestContext) -> List[Finding]:
    """2004: a SCO must set completion and satisfaction itself (both defaults are false)."""
    if ctx.edition.seq_ns is None:
        return []
    found = []
    for item, resource in ctx.launched():
        if ctx.scorm_type(resource) != "sco":
            continue
        controls = _delivery_controls(ctx, item)
        unset = [f'{a}="true"' for a in ("completionSetByContent", "objectiveSetByContent")
                 if controls is None or controls.get(a) not in _TRUE]
        if unset:
            anchor = controls if controls is not None else item
            found.append(_at("manifest.delivery-controls", anchor,
                             f"item '{ident(item.get('identifier'))}' launches a SCO without "
                             f"{' and '.join(unset)} in "
                             "imsss:deliveryControls: the LMS may mark it complete or passed "
                             "on its own"))
    return found


def _delivery_controls(ctx: ManifestContext, item: Element) -> Optional[Element]:
    """The item's deliveryControls, or those of the sequencingCollection entry it names."""
    seq = ctx.edition.seq_ns
    sequencing = item.find(f"{{{seq}}}sequencing")
    if sequencing is None:
        return None
    own = sequencing.find(f"{{{seq}}}deliveryControls")
    if own is not None or sequencing.get("IDRef") is None:
        return own
    for shared in ctx.root.iter(f"{{{seq}}}sequencing"):
        if shared.get("ID") == sequencing.get("IDRef"):
            return shared.find(f"{{{seq}}}deliveryControls")
    return None


def check_global_objectives(ctx: ManifestContext) -> List[Finding]:
    """2004: an organization that maps global objectives should keep them to itself."""
    if ctx.edition.adlseq_ns is None:
        return []
    found = []
    attribute = f"{{{ctx.edition.adlseq_ns}}}objectivesGlobalToSystem"
    for org in ctx.all("organization"):
        uses_globals = next(org.iter(f"{{{ctx.edition.seq_ns}}}mapInfo"), None) is not None
        if uses_globals and org.get(attribute) not in ("false", "0"):
            found.append(_at("manifest.objectives-global-to-system", org,
                             f"organization '{ident(org.get('identifier'))}' maps global "
                             "objectives without adlseq:objectivesGlobalToSystem=\"false\": they "
                             "are shared with every course in the LMS"))
    return found


RULE_CHECKS: Sequence[Callable[[ManifestContext], List[Finding]]] = (
    check_xinclude, check_schema_files, check_schema_version, check_some_sco,
    check_organizations, check_identifiers,
    check_references, check_items, check_scorm_types, check_hrefs, check_unlisted,
    check_mastery, check_delivery_controls, check_global_objectives,
)


def check_manifest(ctx: ManifestContext) -> List[Finding]:
    """Every rule that XSDs cannot express."""
    found: List[Finding] = []
    for check in RULE_CHECKS:
        found += check(ctx)
    return found
