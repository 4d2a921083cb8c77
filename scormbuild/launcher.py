"""The entry point of the ``scormbuild`` command and of ``python -m scormbuild``.

``scormbuild --version`` is answered here, before Click and the command modules are imported
(issue 14: a version query should cost little more than starting Python); every other command
line goes to Click (``scormbuild.cli``). The wording is Click's ``version_option``, which
``tests/test_startup.py`` compares.
"""

from __future__ import annotations

import sys

from scormbuild import __version__


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        sys.stdout.write(f"scormbuild, version {__version__}\n")
        return
    from scormbuild.cli import main as cli

    cli(prog_name="scormbuild")
