"""Project-level promises: README commands, edition facts in one place, no third-party files."""

from __future__ import annotations

import re
import subprocess
from paths import REPO



def commands() -> dict:
    text = (REPO / ".ci" / "commands").read_text()
    return dict(re.findall(r"^    (\w+): (.+)$", text, re.M))


def test_readme_quotes_the_ci_commands_exactly() -> None:
    readme = (REPO / "README.md").read_text()
    for name, command in commands().items():
        assert f"\n    {command}\n" in readme, name


def test_ci_runs_the_readme_test_command() -> None:
    """The CI script's last step runs exactly the command that README.md quotes."""
    steps = [line for line in (REPO / ".ci" / "run").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    run = re.fullmatch(r'bash -c "\$\((.+)\)"', steps[-1])
    assert run is not None, steps[-1]
    extracted = subprocess.run(["bash", "-c", run.group(1)], cwd=REPO, capture_output=True,
                               text=True, check=True).stdout
    assert extracted == commands()["TEST_COMMAND"] + "\n"


# Files allowed to name an edition: the declarative profiles, the manifest templates,
# the runtime adapters, the validator's per-edition tables, and the schema workarounds.
EDITION_HOMES = ("scormbuild/package/editions.py", "scormbuild/xsd.py", "scormbuild/validator/",
                 "manifests/", "templates/static/runtime/adapter-",
                 "scormbuild/preview/static/lms-scorm")  # the preview's simulated LMS, per edition
# `scorm12_status` is the course option that picks how SCORM 1.2 reports status: a name, not logic.
EDITION_LITERAL = re.compile(r"scorm_?12(?!_?[sS]tatus)|scorm_?2004|LMSInitialize|API_1484_11|cmi\.core\.|"
                             r"adlcp:|schemaversion|\"1\.2\"|'1\.2'", re.I)


def test_edition_literals_live_in_one_place_each() -> None:
    tracked = subprocess.run(["git", "ls-files", "scormbuild", "templates", "manifests"], cwd=REPO,
                             capture_output=True, text=True, check=True).stdout.split()
    stray = []
    for name in tracked:
        if name.startswith(EDITION_HOMES) or not (REPO / name).is_file():
            continue
        for number, line in enumerate((REPO / name).read_text(errors="replace").splitlines(), 1):
            if EDITION_LITERAL.search(line):
                stray.append(f"{name}:{number}: {line.strip()}")
    assert stray == []


def test_each_namespace_is_written_once() -> None:
    """Build and validator read the namespaces from the one edition description."""
    from scormbuild.package.editions import EDITIONS

    tracked = subprocess.run(["git", "ls-files", "scormbuild", "templates", "manifests"], cwd=REPO,
                             capture_output=True, text=True, check=True).stdout.split()
    texts = [(REPO / n).read_text(errors="replace") for n in tracked if (REPO / n).is_file()]
    uris = {n.uri for e in EDITIONS.values() for n in e.namespaces}
    assert {uri: sum(text.count(f'"{uri}"') for text in texts) for uri in uris} == \
        {uri: 1 for uri in uris}


def test_no_schema_files_committed() -> None:
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True,
                             check=True).stdout.split()
    assert [n for n in tracked if n.endswith((".xsd", ".dtd"))] == []
