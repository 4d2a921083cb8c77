"""A parsed manifest plus the package's file names: the shared input of manifest and content rules."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterator, List, Optional, Tuple
from urllib.parse import unquote, urlsplit

from lxml.etree import _Element as Element

from scormbuild.package.editions import Edition

XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
XSI_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
EXTERNAL_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class ManifestContext:
    root: Element
    edition: Edition
    files: FrozenSet[str]              # regular entries of the package
    folded: Dict[str, str]             # lower-cased name -> packaged name

    def tag(self, local: str) -> str:
        return f"{{{self.edition.cp_ns}}}{local}"

    def all(self, local: str) -> List[Element]:
        return list(self.root.iter(self.tag(local)))

    def resources(self) -> Dict[str, Element]:
        """Resources by identifier (first one wins; duplicates are reported elsewhere)."""
        found: Dict[str, Element] = {}
        for resource in self.all("resource"):
            found.setdefault(ident(resource.get("identifier")), resource)
        return found

    def scorm_type(self, resource: Element) -> Optional[str]:
        return resource.get(f"{{{self.edition.adlcp_ns}}}{self.edition.scormtype_attr}")

    def launched(self) -> Iterator[Tuple[Element, Element]]:
        """(item, resource) for every item whose identifierref resolves."""
        resources = self.resources()
        for item in self.all("item"):
            resource = resources.get(ident(item.get("identifierref")))
            if item.get("identifierref") is not None and resource is not None:
                yield item, resource


def context_for(root: Element, edition: Edition, names: FrozenSet[str]) -> ManifestContext:
    return ManifestContext(root, edition, names, {n.lower(): n for n in sorted(names)})


def ident(value: Optional[str]) -> str:
    """An xs:ID value as a schema processor sees it (whitespace collapsed)."""
    return " ".join((value or "").split())


def text_of(element: Optional[Element]) -> Optional[str]:
    return None if element is None else (element.text or "").strip()


def base_of(element: Element) -> str:
    """The xml:base chain from the manifest down to this element, joined."""
    parts = []
    node: Optional[Element] = element
    while node is not None:
        value = node.get(XML_BASE)
        if value:
            parts.append(value)
        node = node.getparent()
    return "".join(reversed(parts))


def is_external(href: str) -> bool:
    return urlsplit(href).scheme.lower() in EXTERNAL_SCHEMES or href.startswith("//")


def href_problem(href: str) -> Optional[str]:
    """Why an href or xml:base cannot name a file inside the package, if it cannot."""
    if "\\" in href:
        return "uses '\\'; use '/'"
    if href.startswith("/"):
        return "starts with '/'"
    scheme = urlsplit(href).scheme
    if scheme and not is_external(href):
        return f"is not a relative path ('{scheme}:' points into a local file system)"
    return None


def package_path(base: str, href: str) -> Optional[str]:
    """The packaged file an href names (query and fragment dropped), or None if it leaves the root."""
    path = unquote(urlsplit(base + href).path)
    normal = posixpath.normpath(path) if path else ""
    if normal == ".." or normal.startswith("../"):
        return None
    return normal
