"""Browser fixtures: packages built once, served from 127.0.0.1 beside a scorm-again test LMS."""

from __future__ import annotations

import http.server
import shutil
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple
from urllib.parse import unquote, urlparse

import pytest

from scormbuild.build import BuildOptions, build
from scormbuild.package.editions import EDITIONS, Edition

from lms_driver import Launched
from paths import MINIMAL, REPO, ROOTS

LMS_DIR = Path(__file__).resolve().parent / "lms"
NODE_MODULES = REPO / "node_modules"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EDITION_KEYS = {"1.2": "scorm12", "2004": "scorm2004"}


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves /lms/ (the test LMS), /node_modules/ and /pkg/ (unpacked packages)."""

    mounts: Dict[str, Path] = {}

    def translate_path(self, path: str) -> str:
        clean = unquote(urlparse(path).path)
        for prefix, folder in self.mounts.items():
            if clean.startswith(prefix):
                base = folder.resolve()
                target = (base / clean[len(prefix):]).resolve()
                if target == base or base in target.parents:
                    return str(target)
        return str(Path("/nonexistent"))

    def do_POST(self) -> None:
        """The LMS's beacon sink (tests/e2e/test_lms_record_beacon.py): take the body, answer
        204. Without it the accepted beacon drew a 501, which Chromium logs as a console error
        whenever it arrives before the page closes (a flaky failure of that test)."""
        if unquote(urlparse(self.path).path) != "/lms/beacon":
            self.send_error(405)
            return
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args) -> None:  # keep test output quiet
        pass


# The test LMS's API per edition: scorm-again's Scorm2004API plays both 2004 editions.
LMS_API = {"1.2": "1.2", "2004": "2004", "2004-3rd": "2004"}


@dataclass
class Server:
    base: str
    packages: Dict[str, str]  # "minimal-1.2" -> launch URL
    root: Path                # everything below it is served under /pkg/

    def add(self, name: str, source: Path, editions: Tuple[Edition, ...] = (),
            targets: Tuple[str, ...] = ("generic",)) -> Dict[str, str]:
        """Build a course (strict), unpack it beside the others; {"1.2"|"2004": launch URL}."""
        found = build_and_unpack(name, source, self.root, editions, targets)
        urls = {edition: f"{self.base}/pkg/{name}-{edition}/index.html" for edition in found}
        self.packages.update({f"{name}-{edition}": url for edition, url in urls.items()})
        return urls


def build_and_unpack(name: str, source: Path, root: Path, editions: Tuple[Edition, ...] = (),
                     targets: Tuple[str, ...] = ("generic",)) -> Dict[str, Path]:
    """Build (strict), unpack each edition beside the others: {edition name: folder}."""
    found: Dict[str, Path] = {}
    result = build(source, root / f"{name}-zips",
                   BuildOptions(editions=editions, targets=targets, strict=True))
    for written in result.written:
        edition = next(e.name for e in EDITIONS.values() if written.path.name.endswith(f"-{e.key}.zip"))
        target = root / f"{name}-{edition}"
        if target.exists():
            shutil.rmtree(target)
        with zipfile.ZipFile(written.path) as zf:
            zf.extractall(target)
        found[edition] = target
    return found


@pytest.fixture(scope="session")
def served_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("served")


@pytest.fixture(scope="session")
def packages(served_root) -> Dict[str, Path]:
    """The sample course and the flagship course, built and unpacked per edition."""
    found: Dict[str, Path] = {}
    for name, source in (("minimal", MINIMAL), ("quiz-order", ROOTS / "quiz-order"),
                         ("course", REPO / "course")):
        every = tuple(EDITIONS.values()) if name == "minimal" else ()  # 2004 3rd Edition too
        built = build_and_unpack(name, source, served_root, every)
        found.update({f"{name}-{edition}": folder for edition, folder in built.items()})
    return found


@pytest.fixture(scope="session")
def server(packages, served_root) -> Iterator[Server]:
    if not (NODE_MODULES / "scorm-again" / "dist").is_dir():
        pytest.skip("npm test packages missing: run `npm ci`")
    mounts = {"/lms/": LMS_DIR, "/node_modules/": NODE_MODULES, "/pkg/": served_root}
    handler = type("Handler", (_Handler,), {"mounts": mounts})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield Server(base, {key: f"{base}/pkg/{key}/index.html" for key in packages}, served_root)
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian Chromium not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@dataclass
class Watch:
    """What must stay empty: page errors, console errors, requests leaving 127.0.0.1."""

    errors: List[str] = field(default_factory=list)
    outside: List[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.outside == [], f"requests left 127.0.0.1: {self.outside}"
        assert self.errors == [], f"JavaScript errors: {self.errors}"


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def context(browser, watch):
    """A fresh context (new profile state) per test; every request off 127.0.0.1 is blocked."""
    ctx = browser.new_context(viewport={"width": 1200, "height": 900})

    def guard(route) -> None:
        url = urlparse(route.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname != "127.0.0.1":
            watch.outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    ctx.route("**/*", guard)

    def observe(page) -> None:
        page.on("pageerror", lambda exc: watch.errors.append(f"pageerror: {exc}"))
        page.on("console", lambda msg: watch.errors.append(f"console: {msg.text}")
                if msg.type == "error" else None)

    ctx.on("page", observe)
    yield ctx
    ctx.close()
    watch.assert_clean()


@pytest.fixture(scope="session")
def axe_source() -> str:
    path = NODE_MODULES / "axe-core" / "axe.min.js"
    if not path.exists():
        pytest.skip("axe-core missing: run `npm ci`")
    return path.read_text(encoding="utf-8")


def node_available() -> bool:
    return shutil.which("node") is not None


@pytest.fixture
def launch(context, server):
    """launch(package, edition, mode="frame"|"window", cmi=None) -> Launched."""

    def start(package: str, edition: str, mode: str = "frame", cmi: Optional[dict] = None,
              faults: Optional[dict] = None) -> Launched:
        lms_page = context.new_page()
        lms_page.goto(f"{server.base}/lms/lms.html")
        config = {"edition": LMS_API[edition], "url": server.packages[f"{package}-{edition}"],
                  "mode": mode, "cmi": cmi, "faults": faults}
        if mode == "window":
            with context.expect_page() as popup:
                lms_page.evaluate("c => lms.start(c)", config)
            shell = popup.value
        else:
            lms_page.evaluate("c => lms.start(c)", config)
            shell = lms_page.frame_locator("#sco")
        return Launched(lms_page, shell, LMS_API[edition])

    return start
