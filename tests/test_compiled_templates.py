"""Compiled built-in templates kept with the installation (scormbuild.render.compiled_templates):
a build without a cache compiles nothing a previous one compiled, and what is kept can never
change a byte of the output."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from typing import Dict, List

import jinja2
import pytest

from scormbuild.build import BuildOptions, build
from scormbuild.package import manifest_writer
from scormbuild.package.editions import SCORM12, SCORM2004
from scormbuild.render import compiled_templates, pages
from scormbuild.resources import manifests_dir, templates_dir

pytestmark = pytest.mark.slow

OPTIONS = BuildOptions(editions=(SCORM12, SCORM2004))


compiled_now: List[str] = []  # the files Jinja compiled since the last new_process()


def new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget what this process compiled, as a new `scormbuild` process starts."""
    monkeypatch.setattr(pages, "_COMPILED", {})
    monkeypatch.setattr(manifest_writer, "_ENV", None)
    compiled_now.clear()


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch folder in place of scormbuild/__pycache__, bytecode writing allowed, and a
    process that has compiled nothing yet; Jinja's compilations are listed in compiled_now."""
    folder = tmp_path / "pycache"
    monkeypatch.setattr(compiled_templates, "FOLDER", str(folder))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    new_process(monkeypatch)
    original = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, name: object = None,
                 filename: object = None, *args: object, **kwargs: object) -> object:
        compiled_now.append(str(filename))
        return original(self, source, name, filename, *args, **kwargs)  # type: ignore[arg-type]
    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return folder


def zips(out: Path) -> Dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.zip"))}


def kept(folder: Path) -> Dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("template-*.bin"))}


def test_a_build_without_cache_compiles_nothing_the_last_one_compiled(
        minimal_course: Path, tmp_path: Path, installed: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    build(minimal_course, tmp_path / "one", OPTIONS, use_cache=False)
    builtin = (str(templates_dir()), str(manifests_dir()))
    assert compiled_now and all(name.startswith(builtin) for name in compiled_now)
    assert len(kept(installed)) == len(compiled_now)  # page and manifest templates alike
    assert not [p for p in installed.iterdir() if not p.name.startswith("template-")]
    new_process(monkeypatch)
    build(minimal_course, tmp_path / "two", OPTIONS, use_cache=False)
    assert compiled_now == []
    assert zips(tmp_path / "two") == zips(tmp_path / "one")


@pytest.mark.parametrize("damage", [
    lambda data: data[:-40],                                       # truncated
    lambda data: data[:-200] + bytes([data[-200] ^ 1]) + data[-199:],  # a bit flipped in the code
    lambda data: bytes([data[0] ^ 1]) + data[1:],                  # another scormbuild's code
    lambda data: b"",
])
def test_a_damaged_or_foreign_entry_is_compiled_again(
        minimal_course: Path, tmp_path: Path, installed: Path,
        monkeypatch: pytest.MonkeyPatch, damage: object) -> None:
    build(minimal_course, tmp_path / "one", OPTIONS, use_cache=False)
    good = kept(installed)
    for path in installed.glob("template-*.bin"):
        path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    new_process(monkeypatch)
    build(minimal_course, tmp_path / "two", OPTIONS, use_cache=False)
    assert len(compiled_now) == len(good)
    assert zips(tmp_path / "two") == zips(tmp_path / "one")
    assert kept(installed) == good  # written again, intact


def test_entries_of_other_code_are_removed_when_one_is_written(
        minimal_course: Path, tmp_path: Path, installed: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """An installation that moved or was upgraded never reads its old entries again (Jinja's
    keys name the template's path): they go, and nothing else in the folder does."""
    build(minimal_course, tmp_path / "one", OPTIONS, use_cache=False)
    good = kept(installed)
    some = next(iter(good.values()))
    moved = installed / "template-0000000000000000000000000000000000000000.bin"
    moved.write_bytes(bytes([some[0] ^ 1]) + some[1:])  # another code's digest at its start
    ours = installed / "template-1111111111111111111111111111111111111111.bin"
    ours.write_bytes(some)  # this code's: another edition's manifest template, say
    others = [installed / "help-build.txt", installed / "fields.cpython-311.pyc"]
    for path in others:
        path.write_bytes(b"not a template")
    for path in installed.glob("template-*.bin"):
        if path not in (moved, ours):
            path.unlink()
    new_process(monkeypatch)
    build(minimal_course, tmp_path / "two", OPTIONS, use_cache=False)
    assert not moved.exists()
    assert kept(installed) == {**good, ours.name: some}
    assert all(path.read_bytes() == b"not a template" for path in others)
    assert zips(tmp_path / "two") == zips(tmp_path / "one")


def test_nothing_is_written_where_python_writes_no_bytecode(
        minimal_course: Path, tmp_path: Path, installed: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    build(minimal_course, tmp_path / "one", OPTIONS, use_cache=False)
    assert not installed.exists()


def test_an_installation_that_cannot_be_written_still_builds(
        minimal_course: Path, tmp_path: Path, installed: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the folder cannot be made or written (a read-only site-packages; here a file
    stands where the folder would be, which fails for root too), the build goes on."""
    installed.write_text("not a folder")
    build(minimal_course, tmp_path / "one", OPTIONS, use_cache=False)
    assert installed.read_text() == "not a folder"
    new_process(monkeypatch)
    build(minimal_course, tmp_path / "two", OPTIONS, use_cache=False)
    assert compiled_now  # nothing was kept: compiled again
    assert zips(tmp_path / "two") == zips(tmp_path / "one")


def test_a_course_template_is_never_kept_with_the_installation(
        minimal_course: Path, tmp_path: Path, installed: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    override = minimal_course / "templates" / "lesson.html"
    override.parent.mkdir()
    override.write_text('{% extends "builtin/lesson.html" %}{% block content %}'
                        '<p>Override one.</p>{{ super() }}{% endblock %}\n')
    build(minimal_course, tmp_path / "one", OPTIONS, use_cache=False)
    course_key = compiled_templates.CompiledTemplates({}, []).get_cache_key(
        "lesson.html", str(override))
    assert str(override) in compiled_now
    assert f"template-{course_key}.bin" not in kept(installed)
    assert len(kept(installed)) == len(compiled_now) - 1
    new_process(monkeypatch)
    override.write_text(override.read_text().replace("Override one", "Override two"))
    build(minimal_course, tmp_path / "two", OPTIONS, use_cache=False)
    assert compiled_now == [str(override)]  # the built-ins came from the installation
    page = next((tmp_path / "two").glob("*scorm12.zip"))
    with zipfile.ZipFile(page) as archive:
        text = archive.read("pages/m1-two.html").decode("utf-8")
    assert "Override two" in text and "Override one" not in text
