"""The wheel carries templates/ and manifests/ and builds the flagship course on its own."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


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
    assert not [n for n in names if n.endswith((".xsd", ".dtd"))]

    env_dir = tmp_path / "venv"
    # Dependencies come from this interpreter's site-packages: the test needs no network.
    venv.EnvBuilder(with_pip=True, system_site_packages=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
                   check=True, capture_output=True)
    where = subprocess.run([str(python), "-c", "import scormbuild; print(scormbuild.__file__)"],
                           cwd=tmp_path, check=True, capture_output=True, text=True).stdout
    assert Path(where.strip()).is_relative_to(env_dir)
    work = tmp_path / "work"
    work.mkdir()
    proc = subprocess.run([str(env_dir / "bin" / "scormbuild"), "build", str(REPO / "course"),
                           "--out", "dist", "--quiet"], cwd=work, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    built = sorted(p.name for p in (work / "dist").iterdir())
    assert len(built) == 2 and built[0].endswith("-scorm12.zip") and built[1].endswith("-scorm2004.zip")
