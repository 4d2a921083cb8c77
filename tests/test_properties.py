"""Property-based tests (Hypothesis): hostile or broken input never ends in a traceback.

Course sources (YAML structure and text, Markdown, file names, encodings, links) and packages
(zip entries, manifest XML) are mutated at random, and every run must end the way the quality
bar says: diagnostics and exit 0 or 1 for check and build (2 only for unusable tool input), 0, 1
or 2 for validate, and a failed build leaves the output folder byte-identical.

CI runs the small, derandomized "ci" profile (about half a minute on two cores). To look
harder: SCORMBUILD_HYPOTHESIS_PROFILE=thorough python -m pytest tests/test_properties.py
(random seeds, many more examples; failures are saved in .hypothesis/ and replayed first).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scormbuild.cli import main

settings.register_profile(
    "ci", max_examples=40, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile(
    "thorough", max_examples=400, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("SCORMBUILD_HYPOTHESIS_PROFILE", "ci"))

TESTS = Path(__file__).resolve().parent
MINIMAL = TESTS / "roots" / "minimal"
PACKAGES = TESTS / "packages"
# What a user may see on standard error from check/build: diagnostics, the summary, warnings
# printed before a success line, or one clean tool error.
DIAGNOSTIC = re.compile(r"^.+?(?::\d+(?::\d+)?)?: (?:error|warning): .+$")
SUMMARY = re.compile(r"^build failed: \d+ errors?, \d+ warnings?( \(--strict.*\))?$")


# --- running and judging ------------------------------------------------------------------

@contextmanager
def scratch_course() -> Iterator[Path]:
    """A fresh copy of tests/roots/minimal for one example."""
    with tempfile.TemporaryDirectory() as folder:
        course = Path(folder) / "course"
        shutil.copytree(MINIMAL, course)
        yield course


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback for scormbuild {' '.join(args)}") from result.exception
    return result


def assert_course_outcome(result: Result) -> None:
    """Exit 0 or 1, and every line of standard error is a diagnostic or a summary."""
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    lines = result.stderr.splitlines()
    if result.exit_code == 1 and len(lines) == 1 and lines[0].startswith("Error: "):
        return  # one clean tool error (an unwritable output folder and the like)
    for line in lines:
        assert DIAGNOSTIC.match(line) or SUMMARY.match(line), line
    if result.exit_code == 1:
        assert lines and SUMMARY.match(lines[-1]), lines


def check(course: Path) -> Result:
    result = invoke("check", str(course))
    assert_course_outcome(result)
    return result


def snapshot(folder: Path) -> Dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- strategies: course sources ------------------------------------------------------------

YAML_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10 ** 12, 10 ** 12),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(["", "~", "lessons", "final.yaml", "../outside.yaml", "/etc/passwd",
                     "survey.yaml", "lessons/one.md", "2024-13", "1.0", "en-GB", "x" * 300]))
YAML_VALUES = st.recursive(
    YAML_SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=12)
YAML_FILES = ["course.yaml", "final.yaml", "survey.yaml", "references.yaml",
              "lessons/module.yaml", "lessons/check.yaml"]


@st.composite
def structure_mutations(draw: st.DrawFn, data: Any) -> Any:
    """Delete, replace, rename or add one value somewhere in a parsed YAML document."""
    path: List[Any] = []
    node = data
    while isinstance(node, (dict, list)) and node and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(node, key=str) if isinstance(node, dict)
                                   else range(len(node))))
        path.append(key)
        node = node[key]
    action = draw(st.sampled_from(["replace", "delete", "rename", "add"]))
    return _apply(data, path, action, draw(YAML_VALUES), draw(st.text(max_size=12)))


def _apply(data: Any, path: List[Any], action: str, value: Any, name: str) -> Any:
    if not path:
        return value if action == "replace" else data
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if action == "replace":
        parent[last] = value
    elif action == "delete":
        del parent[last]
    elif action == "rename" and isinstance(parent, dict):
        parent[name] = parent.pop(last)
    elif isinstance(parent, dict):
        parent[name] = value
    else:
        parent.insert(last, value)
    return data


TEXT_PIECES = st.sampled_from([
    "\n", "  ", "\t", ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "'", '"', "&a ", "*a",
    "<<: *a\n", "!!python/object:os.system ", "!!binary ", "!foo ", "---\n", "...\n", "#",
    "? ", "|\n", ">\n", "%YAML 1.1\n", "\ufeff", "\x00", "\u2028", "\r", "é", "💡",
    "id: x\n", "questions:\n  - ", "type: likert\n", "answer: ", "[" * 70 + "]" * 70])


@st.composite
def text_mutations(draw: st.DrawFn, text: str) -> str:
    """Insert, delete or replace a few pieces of a text file."""
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.one_of(TEXT_PIECES, st.text(max_size=8)))
        end = min(len(text), at + draw(st.integers(0, 40)))
        if kind == "insert":
            text = text[:at] + piece + text[at:]
        elif kind == "delete":
            text = text[:at] + text[end:]
        else:
            text = text[:at] + piece + text[end:]
    return text


MARKDOWN_PIECES = st.sampled_from([
    "\n", "\n\n", "# ", "## Heading\n", "* ", "1. ", "> ", "```\n", "~~~\n", "    code\n",
    "::: note Title\n", "::: warning\n", ":::\n", "::: since-cutoff 2025-13 Later\n",
    "::: nonsense\n", "[@ref1]", "[@nope]", "[@ref1; @ref1]", "[two](two.md)",
    "[here](#top)", "[x](missing.md)", "[x](../outside.md)", "[x](/abs.md)",
    "[x](javascript:alert(1))", "[x](https://example.org)", "[x](//example.org)",
    "![alt](../media/square.svg)", "![](../media/square.svg \"Figure. [@ref1]\")",
    "![a](missing.png)", "![a](https://example.org/a.png)", "![a](../media/a b.png)",
    "<div>", "</div>", "<!-- c -->", "<script>alert(1)</script>", "<img src=x>",
    "| a | b |\n|---|---|\n| 1 | 2 |\n", "---\n", "\\", "`", "*", "_", "**", "&amp;",
    "&#0;", "\x00", "\r", "\u2028", "é", "\ufeff"])


@st.composite
def lessons(draw: st.DrawFn) -> str:
    """A lesson: usually valid front matter, then Markdown built from risky pieces."""
    front = draw(st.sampled_from([
        "---\ntitle: Lesson two\n---\n", "---\ntitle: Lesson two\nminutes: 3\n---\n",
        "---\ntitle: [unclosed\n---\n", "---\n---\n", "", "---\ntitle: A\n",
        "---\nid: start\ntitle: Clash\n---\n", "---\ntitle: A\nextra: 1\n---\n"]))
    body = draw(st.lists(st.one_of(MARKDOWN_PIECES, st.text(max_size=10)), max_size=25))
    return front + "".join(body)


FILE_NAMES = st.one_of(
    st.sampled_from(["Two.md", "two.MD", "two one.md", "t%20o.md", "t#o.md", "tw?.md",
                     "ünï.md", "two.md.md", ".two.md", "two", "con.md", "a" * 120 + ".md",
                     "sq uare.svg", "SQUARE.SVG", "square.svg.png"]),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
            min_size=1, max_size=20).filter(lambda n: n not in (".", "..")))


# --- course properties ---------------------------------------------------------------------

@given(st.sampled_from(YAML_FILES), st.data())
def test_yaml_structure_mutations(name: str, data: st.DataObject) -> None:
    with scratch_course() as course:
        path = course / name
        parsed = yaml.safe_load(path.read_text(encoding="utf-8"))
        mutated = data.draw(structure_mutations(parsed))
        path.write_text(yaml.safe_dump(mutated, allow_unicode=True), encoding="utf-8")
        check(course)


@given(st.sampled_from(YAML_FILES + ["lessons/one.md"]), st.data())
def test_yaml_and_front_matter_text_mutations(name: str, data: st.DataObject) -> None:
    with scratch_course() as course:
        path = course / name
        path.write_text(data.draw(text_mutations(path.read_text(encoding="utf-8"))),
                        encoding="utf-8")
        check(course)


@given(lessons())
def test_markdown_mutations(text: str) -> None:
    with scratch_course() as course:
        (course / "lessons" / "two.md").write_text(text, encoding="utf-8")
        check(course)


@given(st.sampled_from(["lessons/two.md", "media/square.svg"]), FILE_NAMES, st.booleans())
def test_file_names(moved: str, new_name: str, update_links: bool) -> None:
    with scratch_course() as course:
        source = course / moved
        target = source.with_name(new_name)
        try:
            source.rename(target)
        except OSError:
            return  # a name this file system refuses: nothing to check
        if update_links:
            for text_file in [course / "lessons" / "module.yaml", course / "lessons" / "one.md"]:
                text = text_file.read_text(encoding="utf-8")
                text_file.write_text(text.replace(source.name, new_name), encoding="utf-8")
        check(course)


@given(st.sampled_from(["course.yaml", "survey.yaml", "lessons/one.md"]),
       st.sampled_from(["utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "utf-8-sig",
                        "utf-7", "bytes"]),
       st.binary(max_size=6), st.integers(0, 400))
def test_encodings(name: str, encoding: str, junk: bytes, at: int) -> None:
    with scratch_course() as course:
        path = course / name
        text = path.read_text(encoding="utf-8").replace("test", "tést – “quoted”")
        if encoding == "bytes":
            data = text.encode("utf-8")
            data = data[:at] + junk + data[at:]
        else:
            data = text.encode(encoding, errors="replace")
        path.write_bytes(data)
        check(course)


@given(st.sampled_from(YAML_FILES + ["lessons/one.md", "lessons/two.md"]), st.data())
def test_failed_build_leaves_the_output_folder_byte_identical(name: str,
                                                              data: st.DataObject) -> None:
    with scratch_course() as course:
        out = course.parent / "dist"
        first = invoke("build", str(course), "--out", str(out), "--quiet")
        assert first.exit_code == 0, first.output
        (out / "notes.txt").write_text("the author's own file\n")
        before = snapshot(out)
        path = course / name
        path.write_text(data.draw(text_mutations(path.read_text(encoding="utf-8"))),
                        encoding="utf-8")
        result = invoke("build", str(course), "--out", str(out), "--quiet")
        assert_course_outcome(result)
        if result.exit_code != 0:
            assert snapshot(out) == before


# --- package properties --------------------------------------------------------------------

def _corpus(base: str) -> List[Tuple[str, bytes]]:
    root = PACKAGES / base
    return [(p.relative_to(root).as_posix(), p.read_bytes())
            for p in sorted(root.rglob("*")) if p.is_file()]


ENTRY_NAMES = st.one_of(
    st.sampled_from(["index.html", "INDEX.html", "imsmanifest.xml", "IMSManifest.xml",
                     "a/imsmanifest.xml", "../evil.html", "/abs.html", "C:/x.html", "js\\a.js",
                     "dir/", "__MACOSX/._index.html", ".DS_Store", "css/style.css",
                     "a/../b.html", "", "\u00e9.html", "x" * 300]),
    st.text(min_size=1, max_size=20))


@st.composite
def zip_mutations(draw: st.DrawFn) -> bytes:
    """A corpus package with entries renamed, dropped, duplicated or added."""
    entries = _corpus(draw(st.sampled_from(["valid-12", "valid-2004"])))
    for _ in range(draw(st.integers(0, 4))):
        i = draw(st.integers(0, len(entries) - 1)) if entries else 0
        action = draw(st.sampled_from(["rename", "drop", "duplicate", "add"]))
        if action == "add" or not entries:
            entries.append((draw(ENTRY_NAMES), draw(st.binary(max_size=64))))
        elif action == "rename":
            entries[i] = (draw(ENTRY_NAMES), entries[i][1])
        elif action == "drop":
            entries.pop(i)
        else:
            entries.append(entries[i])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, payload in entries:
            info = zipfile.ZipInfo(name or "unnamed")
            archive.writestr(info, payload)
    return buffer.getvalue()


MANIFEST_PIECES = st.sampled_from([
    "<", ">", "/>", "</item>", "<item identifier=\"x\">", "identifierref=\"nope\" ",
    "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", "&e;", "&amp;", "&#0;",
    "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"a.xml\"/>",
    "xml:base=\"../\" ", "href=\"http://example.org/a.html\" ", "href=\"C:\\a.html\" ",
    "adlcp:scormtype=\"SCO\" ", "<schemaversion>CAM 1.3</schemaversion>", "\x00", "\ufeff",
    "<![CDATA[", "]]>", "<?xml version=\"1.0\"?>", "é", "<resource/>", "<file href=\"\"/>"])


@st.composite
def manifest_mutations(draw: st.DrawFn) -> bytes:
    """A corpus package whose manifest text was cut, spliced or given hostile pieces."""
    entries = dict(_corpus(draw(st.sampled_from(["valid-12", "valid-2004"]))))
    text = entries["imsmanifest.xml"].decode("utf-8")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        end = min(len(text), at + draw(st.integers(0, 60)))
        text = text[:at] + draw(st.one_of(MANIFEST_PIECES, st.text(max_size=6))) + text[end:]
    entries["imsmanifest.xml"] = text.encode("utf-8", errors="surrogatepass")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, payload in entries.items():
            archive.writestr(name, payload)
    return buffer.getvalue()


@st.composite
def corrupted_bytes(draw: st.DrawFn) -> bytes:
    """A valid zip with bytes flipped or cut off: headers, sizes, CRCs, the directory."""
    data = bytearray(draw(zip_mutations()))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data) - 1))
        data[at] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[:draw(st.integers(0, len(data)))]
    return bytes(data)


def validate(package: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pkg.zip"
        path.write_bytes(package)
        text = invoke("validate", str(path), "--strict")
        as_json = invoke("validate", str(path), "--format", "json")
    assert text.exit_code in (0, 1, 2), text.output
    assert as_json.exit_code == text.exit_code or {text.exit_code, as_json.exit_code} == {0, 1}
    report = json.loads(as_json.output)
    if as_json.exit_code == 2:
        assert report["ok"] is False and report["error"].startswith(f"{path}: ")
        assert text.output.splitlines() == [f"Error: {report['error']}"]
    else:
        assert report["ok"] is (as_json.exit_code == 0)
        assert text.output.splitlines()[-1].startswith(f"{path}: ")


@given(zip_mutations())
def test_validate_zip_entry_mutations(package: bytes) -> None:
    validate(package)


@given(manifest_mutations())
def test_validate_manifest_mutations(package: bytes) -> None:
    validate(package)


@given(corrupted_bytes())
def test_validate_corrupted_zips(package: bytes) -> None:
    validate(package)


# --- the runtime's progress record: a corrupt suspend_data never breaks a page -----------------

def _json_values() -> st.SearchStrategy:
    scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 300), st.floats(allow_nan=False),
                        st.text(max_size=12))
    return st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)),
        max_leaves=12)


def _answer_like() -> st.SearchStrategy:
    """Values near the shapes answers take (indexes, lists of them, texts), and anything else."""
    small = st.integers(-2, 30) | st.floats(-2, 30) | st.text(min_size=1, max_size=6)
    return st.one_of(small, st.lists(small | st.none(), max_size=5), _json_values())


def _records(data: dict) -> st.SearchStrategy:
    """suspend_data as an LMS might hand it back: garbage, or version 1/2 records whose fields
    have any type, with the course's real quiz ids and question keys mixed in."""
    keys = [q["key"] for quiz in data["quizzes"].values() for q in quiz["questions"]]
    answers = st.dictionaries(st.sampled_from(keys) | st.text(max_size=5), _json_values(),
                              max_size=6)
    quiz = st.fixed_dictionaries({}, optional={
        "n": _json_values() | st.integers(0, 9999), "k": _json_values() | st.integers(1, 2**31),
        "x": st.sampled_from([0, 1]) | _json_values(), "c": _json_values(),
        "a": answers | _json_values(), "s": answers | _json_values()})
    record = st.fixed_dictionaries({"v": st.sampled_from([1, 2]) | _json_values()}, optional={
        "f": st.just(data["fingerprint"]) | _json_values(),
        "p": st.text(alphabet="0123456789abcdefghijklmnopqrstuvwxyz", max_size=40) | _json_values(),
        "b": st.text(max_size=6) | _json_values(),
        "g": st.just(data["pagesFingerprint"]) | _json_values(),
        "q": st.dictionaries(st.sampled_from(sorted(data["quizzes"])) | st.text(max_size=4),
                             quiz | _json_values(), max_size=4) | st.lists(quiz, max_size=4),
        "d": _json_values()})
    per_quiz = st.one_of(*[st.fixed_dictionaries({"n": st.integers(0, 3), "x": st.sampled_from([0, 1]),
                                                  "a": st.dictionaries(st.sampled_from(
                                                      [q["key"] for q in quiz["questions"]]),
                                                      _answer_like(), max_size=4)}).map(
        lambda body, qid=qid: {"v": 2, "q": {qid: body}})
        for qid, quiz in sorted(data["quizzes"].items())])
    return st.one_of(st.text(max_size=30), record.map(json.dumps), per_quiz.map(json.dumps))


def _minimal_course_data() -> dict:
    from scormbuild.load.course_loader import load_course
    from scormbuild.render import plan

    return plan.course_data(load_course(MINIMAL, None, False)[0])


MINIMAL_DATA = _minimal_course_data()


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@given(st.lists(_records(MINIMAL_DATA), min_size=1, max_size=25))
def test_no_saved_progress_record_breaks_the_runtime(records: List[str]) -> None:
    done = subprocess.run(["node", str(TESTS / "js" / "harness.js"), str(TESTS / "js" / "state_fuzz.js")],
                          input=json.dumps({"course": MINIMAL_DATA, "records": records}),
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
