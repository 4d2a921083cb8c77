"""Content rules: launch pages are HTML, nothing loads from outside hosts, no pop-up launches."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Pattern, Tuple
from urllib.parse import urlsplit

from scormbuild.validator.findings import Finding, finding
from scormbuild.validator.manifest_model import ManifestContext, base_of, is_external, package_path

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
SCANNED_SUFFIXES = HTML_SUFFIXES + (".js", ".mjs", ".css")
Reader = Callable[[str], Optional[bytes]]  # packaged name -> bytes, None when not readable

_URL = r"((?:https?:)?//[^'\"\s)<>]+)"
CSS_LOADS = (re.compile(r"url\(\s*['\"]?" + _URL, re.I),
             re.compile(r"@import\s+['\"]" + _URL, re.I))
JS_LOADS = (re.compile(r"\b(?:src|href)\s*[=:]\s*['\"]" + _URL),
            re.compile(r"\b(?:fetch|importScripts|import)\s*\(\s*['\"]" + _URL),
            re.compile(r"\.open\(\s*['\"][A-Za-z]+['\"]\s*,\s*['\"]" + _URL))
WINDOW_OPEN = re.compile(r"\bwindow\.open\s*\(")
# markup a script writes (document.write, innerHTML): an <a>/<area> href there is a link, not a load
HYPERLINK_TAG = re.compile(r"<\s*(?:a|area)\s[^<>]*$", re.I)
HTML_MARKERS = ("<!doctype html", "<html", "<head", "<body", "<frameset", "<script")

LOAD_ATTRIBUTES: Dict[str, Tuple[str, ...]] = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",),
    "audio": ("src",), "video": ("src", "poster"), "source": ("src", "srcset"),
    "track": ("src",), "embed": ("src",), "object": ("data",), "input": ("src",),
    "link": ("href",), "form": ("action",),
}
LOADING_RELS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest",
                "preconnect", "dns-prefetch", "apple-touch-icon"}


@dataclass
class PageScan:
    """External loads found in one file, and the lines that call window.open() or open a
    <frameset>."""

    loads: List[Tuple[int, str, str]] = field(default_factory=list)  # (line, how, url)
    window_open: List[int] = field(default_factory=list)
    framesets: List[int] = field(default_factory=list)  # lines of <frameset> elements
    cut_at: Optional[int] = None  # the line where scanning stopped, when it did


# libxml2's HTML parser stops at this depth of nesting, even with huge_tree (a tree this deep
# is no page a browser shows sensibly); what follows is not scanned and the report says so.
HTML_MAX_DEPTH = 2048


def _scan_html(data: bytes) -> PageScan:
    """Walk the page lxml parses: libxml2's HTML parser runs in one pass over any input, where
    html.parser rescans an unclosed tag or comment up to the end of the file for every '<' after
    it (quadratic: seconds for 60 kB of "<a b='", hours at the 8 MiB a file may have), the kind
    of case CPython fixed in later patch releases (CVE-2025-6069, and another in 2026: CPython
    issue 153030), which the Pythons scormbuild runs on need not have."""
    from lxml import etree

    parser = etree.HTMLParser(encoding="utf-8", recover=True, no_network=True, huge_tree=True,
                              remove_comments=True, remove_pis=True)
    scan = PageScan()
    root = etree.fromstring(data, parser) if data.strip() else None
    for element in root.iter() if root is not None else ():
        if isinstance(element.tag, str):
            _scan_element(element.tag.lower(), element, element.sourceline or 1, scan)
    for error in parser.error_log:
        if "Excessive depth" in error.message:
            scan.cut_at = error.line
    return scan


def _scan_element(tag: str, element: Any, line: int, scan: PageScan) -> None:
    if tag == "frameset":
        scan.framesets.append(line)
    values = {str(k).lower(): v or "" for k, v in element.attrib.items()}
    for name in _load_attributes(tag, values):
        for url in _urls(name, values[name]):
            if is_external(url):
                scan.loads.append((line, f"<{tag} {name}>", url))
    for name, value in values.items():
        if name.startswith("on"):
            _scan_js(value, line, scan)
        elif name == "style":
            _scan_text(value, line, CSS_LOADS, "style attribute", scan)
    if tag in ("script", "style") and "src" not in values and element.text:
        if tag == "script":
            _scan_js(element.text, line, scan)
        else:
            _scan_text(element.text, line, CSS_LOADS, "<style>", scan)


def _load_attributes(tag: str, values: Dict[str, str]) -> Tuple[str, ...]:
    if tag == "link" and not LOADING_RELS & set(values.get("rel", "").lower().split()):
        return ()
    return tuple(a for a in LOAD_ATTRIBUTES.get(tag, ()) if a in values)


def _urls(attribute: str, value: str) -> List[str]:
    if attribute != "srcset":
        return [value.strip()]
    return [part.split()[0] for part in value.split(",") if part.split()]


def _scan_js(text: str, first_line: int, scan: PageScan) -> None:
    _scan_text(text, first_line, JS_LOADS, "script", scan, _in_hyperlink)
    for match in WINDOW_OPEN.finditer(text):
        scan.window_open.append(first_line + text.count("\n", 0, match.start()))


def _in_hyperlink(text: str, at: int) -> bool:
    """Whether position at is inside an <a ...> or <area ...> start tag written as a string."""
    return HYPERLINK_TAG.search(text[max(0, at - 2000):at]) is not None


def _scan_text(text: str, first_line: int, patterns: Tuple[Pattern[str], ...], how: str,
               scan: PageScan, skip: Callable[[str, int], bool] = lambda _text, _at: False
               ) -> None:
    for pattern in patterns:
        for match in pattern.finditer(text):
            if skip(text, match.start()):
                continue
            scan.loads.append((first_line + text.count("\n", 0, match.start()), how,
                               match.group(1)))


def scan_file(name: str, text: str) -> PageScan:
    """External loads (and window.open calls) in one HTML, JavaScript or CSS file."""
    lower = name.lower()
    if lower.endswith(HTML_SUFFIXES):
        return _scan_html(text.encode("utf-8"))
    scan = PageScan()
    if lower.endswith(".css"):
        _scan_text(text, 1, CSS_LOADS, "style sheet", scan)
    else:
        _scan_text(text, 1, JS_LOADS, "script", scan)
    return scan


def external_findings(name: str, scan: PageScan) -> List[Finding]:
    found = [finding("content.external-reference", name,
                     f"{how} loads {url} from external host {urlsplit(url).hostname}; "
                     "closed networks block it", line=line)
             for line, how, url in scan.loads]
    if scan.cut_at is not None:
        found.append(finding("content.not-scanned", name,
                             f"not scanned for external loads from here on: elements nested "
                             f"deeper than {HTML_MAX_DEPTH} levels", line=scan.cut_at))
    return found


def check_external(names: List[str], read: Reader) -> List[Finding]:
    """Every scanned file that loads something from another host."""
    found: List[Finding] = []
    for name in sorted(n for n in names if n.lower().endswith(SCANNED_SUFFIXES)):
        data = read(name)
        if data is not None:
            found += external_findings(name, scan_file(name, data.decode("utf-8", "replace")))
    return found


def sco_launch_pages(ctx: ManifestContext) -> List[Tuple[str, str]]:
    """(resource id, packaged launch page) of every SCO whose launch page is in the package."""
    pages = []
    for resource in ctx.all("resource"):
        href = resource.get("href")
        if ctx.scorm_type(resource) != "sco" or not href or is_external(href):
            continue
        path = package_path(base_of(resource), href)
        if path in ctx.files:
            pages.append((resource.get("identifier") or "", path))
    return sorted(set(pages), key=lambda p: p[1])


def check_launch_pages(ctx: ManifestContext, read: Reader) -> List[Finding]:
    """A SCO's launch page is HTML and does not pop up a window to launch the content."""
    found: List[Finding] = []
    for rid, path in sco_launch_pages(ctx):
        data = read(path)  # None: not read (over a limit: content.not-scanned says so)
        text = (data or b"")[:65536].decode("utf-8", "replace").lower()
        looks_html = data is None or any(m in text for m in HTML_MARKERS)
        if not path.lower().endswith(HTML_SUFFIXES) or not looks_html:
            found.append(finding("content.launch-not-html", path,
                                 f"launch page of SCO '{rid.strip()}' is not an HTML page; a SCO "
                                 "must be HTML to reach the LMS API"))
            continue
        scan = scan_file(path, (data or b"").decode("utf-8", "replace"))
        for line in scan.window_open:
            found.append(finding("content.window-open-launch", path,
                                 "launch page calls window.open(): pop-up blockers stop it and "
                                 "the LMS loses the session when the launch window closes",
                                 line=line))
        for line in scan.framesets[:1]:
            found.append(finding("content.frameset-launch", path,
                                 "launch page is a <frameset>, which HTML5 no longer has: the "
                                 "content runs in frames of it, and some LMSs lose the "
                                 "completion of a frameset launch", line=line))
    return found
