"""The wheel carries templates/ and manifests/ and builds the flagship course on its own."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from paths import REPO



def fresh_venv_seeing_our_dependencies(env_dir: Path) -> Path:
    """A new venv whose own site-packages come first, then the dependencies this run uses.

    The test needs no network. `system_site_packages` alone is not enough when the suite
    itself runs in a virtual environment: it exposes the base interpreter, which lacks the
    dependencies. A .pth file adds this interpreter's site folders (after the venv's own, so
    the installed wheel wins over any editable install of the checkout).
    """
    venv.EnvBuilder(with_pip=True, system_site_packages=True).create(env_dir)
    python = env_dir / "bin" / "python"
    own = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                         check=True, capture_output=True, text=True).stdout.strip()
    ours = [p for p in site.getsitepackages() + [site.getusersitepackages()] if Path(p).is_dir()]
    (Path(own) / "scormbuild-test-deps.pth").write_text("\n".join(ours) + "\n")
    return python


@pytest.mark.slow
def test_wheel_in_fresh_venv_builds_the_flagship_course(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels),
                    str(REPO)], check=True, capture_output=True)
    wheel = next(wheels.glob("scormbuild-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "scormbuild/_data/templates/shell.html" in names
    assert "scormbuild/_data/manifests/scorm2004.xml.j2" in names
    assert "scormbuild/author/new_course/course.yaml" in names  # the `new` sample course
    assert "scormbuild/preview/static/lms-core.js" in names      # the preview's simulator
    assert not [n for n in names if n.endswith((".xsd", ".dtd"))]

    env_dir = tmp_path / "venv"
    python = fresh_venv_seeing_our_dependencies(env_dir)
    run_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # no source checkout
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
                   check=True, capture_output=True, env=run_env)
    where = subprocess.run([str(python), "-c", "import scormbuild; print(scormbuild.__file__)"],
                           cwd=tmp_path, check=True, capture_output=True, text=True, env=run_env).stdout
    assert Path(where.strip()).is_relative_to(env_dir)
    work = tmp_path / "work"
    work.mkdir()
    proc = subprocess.run([str(env_dir / "bin" / "scormbuild"), "build", str(REPO / "course"),
                           "--out", "dist", "--quiet"], cwd=work, capture_output=True, text=True,
                          env=run_env)
    assert proc.returncode == 0, proc.stderr
    built = sorted(p.name for p in (work / "dist").glob("*.zip"))
    assert len(built) == 2 and built[0].endswith("-scorm12.zip") and built[1].endswith("-scorm2004.zip")
