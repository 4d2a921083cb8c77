"""The preview server: the simulator page, the course from memory, and the build status.

It listens on 127.0.0.1 unless told otherwise (a course in progress is nobody else's business)
and runs until Ctrl-C. Routes:

    /                      the simulator page (?edition=NAME picks the edition)
    /course/KEY/PATH       a file of the edition KEY's package, as the last good build made it
    /__preview/status      JSON: build generation, failed or not, the diagnostics; with
                           ?since=N it waits (up to 20 s) for a build newer than N, so a
                           save reaches the page as soon as it is built (long polling)
    /__preview/static/...  the simulator and the page's script and style
"""

from __future__ import annotations

import http.server
import json
import mimetypes
import threading
import webbrowser
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Optional
from urllib.parse import parse_qs, unquote, urlsplit

from scormbuild.errors import OutputError
from scormbuild.package.editions import DEFAULT_EDITIONS, EDITIONS, Edition
from scormbuild.package.entries import contents
from scormbuild.render import lms_record
from scormbuild.preview.session import PreviewSession, Snapshot
from scormbuild.preview.watcher import watch
from scormbuild.stamp import FileState, scan_tree

STATIC = Path(__file__).resolve().parent / "static"
LAUNCH_PAGE = "index.html"
LONG_POLL_SECONDS = 20.0


def simulator_family(edition: Edition) -> str:
    """The simulator unit that plays this edition's LMS: named like the runtime's adapter."""
    return edition.adapter_script.replace("adapter-", "").replace(".js", "")


@dataclass(frozen=True)
class PreviewOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    edition: Edition = DEFAULT_EDITIONS[0]
    open_browser: bool = False


class PreviewServer:
    """The HTTP server, the watcher thread and the session they share."""

    def __init__(self, course: Path, label: str, options: PreviewOptions,
                 echo: Callable[[str], None]):
        editions = tuple(dict.fromkeys((options.edition,) + DEFAULT_EDITIONS))
        self.session = PreviewSession(course, label, editions)
        self.options = options
        self.echo = echo
        self.stop = threading.Event()
        handler = type("Handler", (_Handler,), {"preview": self})
        try:
            self.httpd = http.server.ThreadingHTTPServer((options.host, options.port), handler)
        except OSError as exc:
            raise OutputError(f"cannot listen on {options.host}:{options.port} ({exc.strerror}); "
                              "choose another with --port") from exc
        self.course = course
        self.serving = False

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}/"

    def rebuild(self, tree: Optional[Dict[str, FileState]] = None) -> Snapshot:
        snapshot = self.session.rebuild(tree)
        self.echo(snapshot.report())
        return snapshot

    def start(self) -> None:
        """Build once, then serve and watch in background threads."""
        tree = scan_tree(self.course)
        self.rebuild(tree)
        self.serving = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        threading.Thread(target=watch, args=(self.course, self.rebuild, self.stop),
                         kwargs={"initial": tree}, daemon=True).start()

    def close(self) -> None:
        self.stop.set()
        if self.serving:  # shutdown() waits for serve_forever, which must have been started
            self.httpd.shutdown()
        self.httpd.server_close()

    def page(self, edition_name: Optional[str]) -> bytes:
        edition = EDITIONS.get(edition_name or "", self.options.edition)
        if edition not in self.session.editions:
            edition = self.options.edition
        config: Dict[str, Any] = {
            "edition": {"name": edition.name, "key": edition.key, "label": edition.label,
                        "family": simulator_family(edition),
                        "suspendLimit": edition.suspend_data_limit,
                        # the learner record as Moodle's 2004 player sends it (render/lms_record.py)
                        "record": None if edition.lms_record_limit is None else {
                            "limit": edition.lms_record_limit, "perField": lms_record.PER_FIELD,
                            "closing": lms_record.CLOSING}},
            "editions": [{"name": e.name, "label": e.label} for e in self.session.editions],
            "courseUrl": f"/course/{edition.key}/{LAUNCH_PAGE}",
        }
        title = self.session.course.resolve().name
        html = (STATIC / "preview.html").read_text(encoding="utf-8")
        html = (html.replace("__CONFIG__", json.dumps(config).replace("</", "<\\/"))
                .replace("__SIMULATOR__", f"lms-{config['edition']['family']}.js")
                .replace("__TITLE__", _html_text(title)))
        return html.encode("utf-8")

    def status(self, since: Optional[str]) -> bytes:
        snapshot = self.session.snapshot
        if since is not None and since.isdigit():
            snapshot = self.session.wait_newer(int(since), LONG_POLL_SECONDS)
        return json.dumps({"generation": snapshot.generation, "failed": snapshot.failed,
                           "report": snapshot.report().splitlines()}).encode("utf-8")

    def course_file(self, key: str, path: str) -> Optional[bytes]:
        entry = self.session.snapshot.packages.get(key, {}).get(path)
        if entry is None:
            return None
        return contents(entry)


def _html_text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Handler(http.server.BaseHTTPRequestHandler):
    preview: PreviewServer

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if path == "/":
            edition = parse_qs(parts.query).get("edition", [None])[0]
            return self._send(self.preview.page(edition), "text/html; charset=utf-8")
        if path == "/__preview/status":
            since = parse_qs(parts.query).get("since", [None])[0]
            return self._send(self.preview.status(since), "application/json")
        if path.startswith("/__preview/static/"):
            name = path[len("/__preview/static/"):]
            target = STATIC / name
            if "/" not in name and target.is_file():
                return self._send(target.read_bytes(), _type(name))
        elif path.startswith("/course/"):
            key, _, rest = path[len("/course/"):].partition("/")
            data = self.preview.course_file(key, rest)
            if data is not None:
                return self._send(data, _type(rest))
        self.send_error(404)

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")  # every rebuild must reach the page
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal shows builds, not requests


def _type(name: str) -> str:
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") or guessed.endswith(
        ("javascript", "json", "xml")) else guessed


def serve(course: Path, label: str, options: PreviewOptions, echo: Callable[[str], None]) -> None:
    """Serve the preview until Ctrl-C; stop the threads cleanly."""
    server = PreviewServer(course, label, options, echo)
    try:  # Ctrl-C may come at any moment, even during the first build
        server.start()
        echo(f"Preview of {label} at {server.url} ({options.edition.label}); Ctrl-C stops it")
        if options.open_browser:
            webbrowser.open(server.url)
        server.stop.wait()
    except KeyboardInterrupt:
        echo("preview stopped")
    finally:
        server.close()
