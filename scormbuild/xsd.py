"""Validate manifests against the official SCORM XSDs with lxml, fully offline.

The schema files are third-party and never shipped with scormbuild: point to a copy with
``--schemas DIR`` or the ``SCORMBUILD_SCHEMAS`` environment variable. libxml2 needs three
workarounds, applied in memory only (the files stay unmodified):
``xml.xsd`` is fetched locally instead of from w3.org; the 1.2 ``ims_xml.xsd`` loses a
default-namespace binding of the reserved XML namespace; the 1.2 ``imsmd_rootv1p2p1.xsd``
wildcard ``##any`` becomes ``##other`` (unique particle attribution).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import List

from lxml import etree

from scormbuild.errors import ScormbuildError
from scormbuild.package.editions import Edition

XS = "http://www.w3.org/2001/XMLSchema"


class SchemaSetError(ScormbuildError):
    """The schema folder is missing, incomplete or corrupt: unusable tool input (exit 2)."""

    exit_code = 2


def edition_folder(schemas: Path, edition: Edition) -> Path:
    """Accept either the set's top folder (holding scorm12/, scorm2004-4th/) or an edition folder."""
    if not Path(schemas).is_dir():
        raise SchemaSetError(f"{schemas}: no such schema folder")
    nested = Path(schemas) / edition.schema_folder
    folder = nested if nested.is_dir() else Path(schemas)
    missing = [f for f in edition.schema_files if not (folder / f).is_file()]
    if missing:
        raise SchemaSetError(f"{folder}: not a complete {edition.label} schema set "
                             f"(missing {', '.join(missing[:3])}{' …' if len(missing) > 3 else ''})")
    return folder


class _LocalResolver(etree.Resolver):
    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder

    def resolve(self, url, pubid, context):
        name = url.rsplit("/", 1)[-1]
        if url.startswith("http://www.w3.org/2001/xml.xsd") or name == "xml.xsd":
            local = self.folder / "xml.xsd"
            if local.is_file():
                return self.resolve_filename(str(local), context)
        if name == "ims_xml.xsd":
            text = (self.folder / name).read_bytes().replace(
                b'xmlns="http://www.w3.org/XML/1998/namespace"', b"")
            return self.resolve_string(text, context, base_url=(self.folder / name).as_uri())
        if name == "imsmd_rootv1p2p1.xsd":
            text = (self.folder / name).read_bytes().replace(
                b'namespace="##any"', b'namespace="##other"')
            return self.resolve_string(text, context, base_url=(self.folder / name).as_uri())
        return None


@lru_cache(maxsize=8)
def _compiled(folder: str, edition: Edition) -> etree.XMLSchema:
    base = Path(folder)
    imports = "".join(f'<xs:import namespace="{ns}" schemaLocation="{(base / f).as_uri()}"/>'
                      for ns, f in edition.schema_imports)
    driver = f'<xs:schema xmlns:xs="{XS}" elementFormDefault="qualified">{imports}</xs:schema>'
    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
    parser.resolvers.add(_LocalResolver(base))
    doc = etree.fromstring(driver.encode(), parser, base_url=(base / "driver.xsd").as_uri())
    return etree.XMLSchema(doc)


def validate_manifest(xml: bytes, schemas: Path, edition: Edition) -> List[str]:
    """Return the schema errors of a manifest as 'imsmanifest.xml:line:col: message' lines."""
    folder = edition_folder(schemas, edition)
    try:
        schema = _compiled(str(folder.resolve()), edition)
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError) as exc:
        raise SchemaSetError(f"{folder}: the {edition.label} schema set cannot be used: the XSDs "
                             f"do not compile ({_first_line(exc)})") from exc
    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
    tree = etree.fromstring(xml, parser)
    if schema.validate(tree):
        return []
    return [f"imsmanifest.xml:{e.line}:{e.column}: {e.message}" for e in schema.error_log]


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
