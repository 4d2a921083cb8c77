"""`scormbuild preview`: rebuilds in memory, watches saves, serves the simulator page."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import pytest

from scormbuild.package.editions import DEFAULT_EDITIONS, EDITIONS
from scormbuild.preview.server import STATIC, PreviewOptions, PreviewServer, simulator_family
from scormbuild.render import lms_record
from scormbuild.preview.session import PreviewSession
from scormbuild.preview.watcher import watch
from scormbuild.stamp import scan_tree

REPO = Path(__file__).resolve().parent.parent
MINIMAL = REPO / "tests" / "roots" / "minimal"
TWO_MD = "lessons/two.md"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    shutil.copytree(MINIMAL, tmp_path / "course")
    return tmp_path / "course"


def break_lesson(course: Path) -> None:
    lesson = course / TWO_MD
    lesson.write_text(lesson.read_text() + "\n::: importnt\nText.\n:::\n")


def test_session_serves_the_last_build_and_reports_a_broken_edit(course: Path) -> None:
    session = PreviewSession(course, "course", DEFAULT_EDITIONS)
    first = session.rebuild()
    assert not first.failed and first.generation == 1
    assert sorted(first.packages) == sorted(e.key for e in DEFAULT_EDITIONS)
    assert "index.html" in first.packages[DEFAULT_EDITIONS[0].key]
    break_lesson(course)
    second = session.rebuild()
    assert second.failed and second.generation == 2
    assert second.report().splitlines() == [
        "course/lessons/two.md:6:1: error: unknown callout kind 'importnt' (known kinds: note, "
        "key-point, tip, warning, clinical-pearl, since-cutoff)",
        "build failed: 1 error, 0 warnings"]


def test_watcher_calls_back_after_a_save(course: Path) -> None:
    seen: List[Dict[str, Tuple[int, int]]] = []
    changed, stop = threading.Event(), threading.Event()

    def on_change(tree: Dict[str, Tuple[int, int]]) -> None:
        seen.append(tree)
        changed.set()

    before = scan_tree(course)
    thread = threading.Thread(target=watch, args=(course, on_change, stop, 0.05, before), daemon=True)
    thread.start()
    try:
        lesson = course / TWO_MD
        lesson.write_text(lesson.read_text() + "\nMore text.\n")
        os.utime(lesson, ns=(1, 1))  # a new mtime even on a coarse clock
        assert changed.wait(10), "no change seen"
    finally:
        stop.set()
        thread.join(5)
    assert not thread.is_alive()
    assert TWO_MD in seen[-1]


@pytest.fixture
def server(course: Path) -> Iterator[PreviewServer]:
    lines: List[str] = []
    preview = PreviewServer(course, "course", PreviewOptions(port=0), lines.append)
    preview.start()
    yield preview
    preview.close()


def get(url: str) -> Tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, "", b""


def test_server_routes(server: PreviewServer) -> None:
    base = server.url
    assert base.startswith("http://127.0.0.1:")
    status, kind, body = get(base + "__preview/status")
    assert (status, kind) == (200, "application/json")
    assert json.loads(body) == {"generation": 1, "failed": False,
                                "report": [json.loads(body)["report"][0]]}
    assert json.loads(body)["report"][0].startswith("rebuilt in ")
    status, kind, body = get(base + "course/scorm2004/index.html")
    assert (status, kind) == (200, "text/html; charset=utf-8") and b"runtime/adapter.js" in body
    assert get(base + "course/scorm2004/imsmanifest.xml")[0] == 200
    assert get(base + "course/scorm2004/nothing.html")[0] == 404
    assert get(base + "course/nothing/index.html")[0] == 404
    assert get(base + "__preview/static/../server.py")[0] == 404
    assert get(base + "__preview/static/lms-core.js")[0] == 200


def test_status_with_since_waits_for_the_next_build(server: PreviewServer) -> None:
    answers: List[bytes] = []
    waiting = threading.Thread(target=lambda: answers.append(get(server.url + "__preview/status?since=1")[2]))
    waiting.start()
    assert json.loads(get(server.url + "__preview/status?since=0")[2])["generation"] == 1  # no wait
    server.rebuild()
    waiting.join(30)
    assert [json.loads(a)["generation"] for a in answers] == [2]


def test_page_speaks_the_chosen_edition_and_offers_the_others(server: PreviewServer) -> None:
    for edition in DEFAULT_EDITIONS:
        status, _, body = get(f"{server.url}?edition={edition.name}")
        page = body.decode()
        config = json.loads(page.split("var PREVIEW_CONFIG = ", 1)[1].split(";</script>", 1)[0])
        assert config["edition"] == {"name": edition.name, "key": edition.key, "label": edition.label,
                                     "family": simulator_family(edition),
                                     "suspendLimit": edition.suspend_data_limit,
                                     "record": None if edition.lms_record_limit is None else {
                                         "limit": 48 * 1024, "perField": lms_record.PER_FIELD,
                                         "closing": lms_record.CLOSING}}
        assert config["courseUrl"] == f"/course/{edition.key}/index.html"
        assert [e["name"] for e in config["editions"]] == [e.name for e in DEFAULT_EDITIONS]
        assert f'src="/__preview/static/lms-{simulator_family(edition)}.js"' in page


def test_every_edition_has_a_simulator_unit() -> None:
    for edition in EDITIONS.values():
        assert (STATIC / f"lms-{simulator_family(edition)}.js").is_file(), edition.name


def test_port_in_use_is_a_clean_error(server: PreviewServer, course: Path) -> None:
    port = int(server.url.rsplit(":", 1)[1].strip("/"))
    from scormbuild.errors import OutputError
    with pytest.raises(OutputError) as failed:
        PreviewServer(course, "course", PreviewOptions(port=port), print)
    assert str(failed.value).startswith(f"cannot listen on 127.0.0.1:{port} (")


@pytest.mark.slow
def test_ctrl_c_stops_the_preview_cleanly(course: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-m", "scormbuild", "preview", str(course), "--port", "0"],
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        lines = [proc.stderr.readline(), proc.stderr.readline()]  # type: ignore[union-attr]
        assert lines[0].startswith("rebuilt in ")
        assert lines[1].startswith(f"Preview of {course} at http://127.0.0.1:")
        assert lines[1].endswith("(SCORM 1.2); Ctrl-C stops it\n")
        proc.send_signal(signal.SIGINT)
        out = proc.communicate(timeout=20)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
    assert (proc.returncode, out) == (0, "preview stopped\n")


def test_rebuilds_reuse_compiled_templates_but_not_an_edited_override(
        course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jinja2 import Environment

    from scormbuild.load.course_loader import load_course
    from scormbuild.render.pages import render_pages

    override = course / "templates" / "lesson.html"
    override.parent.mkdir()
    override.write_text('{% extends "builtin/lesson.html" %}{% block content %}<p>Team A</p>'
                        '{{ super() }}{% endblock %}')
    compiled: List[str] = []
    real = Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):  # type: ignore[no-untyped-def]
        compiled.append(str(name))
        return real(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(Environment, "compile", counting)
    render_pages(load_course(course)[0])
    compiled.clear()
    render_pages(load_course(course)[0])
    assert compiled == []
    override.write_text(override.read_text().replace("Team A", "Team B"))
    pages = render_pages(load_course(course)[0])
    assert compiled == ["lesson.html"]
    assert "<p>Team B</p>" in pages["pages/m1-one.html"]
