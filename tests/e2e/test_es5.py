"""The runtime must parse as ECMAScript 5 (old hospital browsers): acorn, run by node, proves it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from paths import REPO

RUNTIME = REPO / "templates" / "static" / "runtime"
CHECK = """
const acorn = require("acorn");
const fs = require("fs");
let failed = 0;
for (const file of process.argv.slice(1)) {
  try { acorn.parse(fs.readFileSync(file, "utf8"), {ecmaVersion: 5, sourceType: "script"}); }
  catch (e) { failed++; console.log(file + ": " + e.message); }
}
process.exit(failed ? 1 : 0);
"""


def test_runtime_is_es5():
    node = shutil.which("node")
    if node is None or not (REPO / "node_modules" / "acorn").is_dir():
        pytest.skip("node or the npm test packages (npm ci) missing")
    files = sorted(str(p) for p in RUNTIME.glob("*.js"))
    assert [Path(f).name for f in files] == [
        "adapter-scorm12.js", "adapter-scorm2004.js", "core.js", "learner.js", "lms.js", "page.js",
        "questions.js", "session.js", "shell.js", "state.js"]
    done = subprocess.run([node, "-e", CHECK, *files], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_course_data_is_es5(tmp_path):
    node = shutil.which("node")
    if node is None or not (REPO / "node_modules" / "acorn").is_dir():
        pytest.skip("node or the npm test packages (npm ci) missing")
    from scormbuild.load.course_loader import load_course
    from scormbuild.render.plan import course_data_script
    course, _ = load_course(REPO / "tests" / "roots" / "minimal", None, False)
    script = tmp_path / "course-data.js"
    script.write_text(course_data_script(course), encoding="utf-8")
    done = subprocess.run([node, "-e", CHECK, str(script)], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_edition_names_outside_the_adapters():
    words = ("cmi.", "LMSInitialize", "API_1484_11", "Initialize(", "lesson_status", "completion_status")
    for path in sorted(RUNTIME.glob("*.js")):
        if path.name.startswith("adapter-"):
            continue
        text = path.read_text(encoding="utf-8")
        assert [w for w in words if w in text] == [], path.name
