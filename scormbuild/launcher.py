"""The entry point of the ``scormbuild`` command and of ``python -m scormbuild``.

``scormbuild --version`` is answered here, before Click and the command modules are imported
(issue 14: a version query should cost little more than starting Python); the wording is
Click's ``version_option``, which ``tests/test_startup.py`` compares. A help request is answered
from the help text Click printed last time when nothing it came from has changed
(``scormbuild.help_cache``). Every other command line goes to Click (``scormbuild.cli``).

Two parts of the exit contract (docs/ci.md) are kept here, for every command: a character the
terminal's encoding lacks (a Latin-1 console, ``PYTHONIOENCODING``) is printed as an escape, never
a traceback; and an exception no command expected (a bug) exits 3 after its traceback, so that a
pipeline can tell it from 1, problems found in the input.
"""

from __future__ import annotations

import io
import sys
from typing import List, NoReturn, Union

from scormbuild import __version__, startup


INTERNAL_ERROR = 3


def main() -> None:
    startup.one_command()  # fewer garbage collections while the libraries load (issue 14)
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")  # as Python's own standard error
    try:
        _dispatch(sys.argv[1:])
    except Exception:  # a bug: say so, and exit apart from "problems found"
        import traceback

        traceback.print_exc()
        sys.stderr.write("scormbuild: internal error (a bug in scormbuild, not in your input): "
                         "please report it with the traceback above\n")
        sys.exit(INTERNAL_ERROR)


def _dispatch(argv: List[str]) -> None:
    if argv == ["--version"]:
        _print(f"scormbuild, version {__version__}\n")
        return
    from scormbuild import help_cache

    if help_cache.cacheable(argv):
        text = help_cache.cached(argv)
        if text is None:
            _help_from_click(argv)
        _print(text)
        return
    from scormbuild.cli import main as cli

    cli(prog_name="scormbuild")


def _help_from_click(argv: List[str]) -> NoReturn:
    """Let Click print the help, keep what it printed, exit as Click does."""
    import contextlib

    from scormbuild import help_cache
    from scormbuild.cli import main as cli

    printed = io.StringIO()
    code: Union[str, int, None] = 0
    try:
        with contextlib.redirect_stdout(printed):
            cli(argv, prog_name="scormbuild")
    except SystemExit as exc:
        code = exc.code
    finally:
        _print(printed.getvalue())
    if code in (0, None):
        help_cache.keep(argv, printed.getvalue())
    sys.exit(code)


def _print(text: str) -> None:
    """Write to standard output; a reader that has gone (``scormbuild --help | head -1``) ends
    the command with status 1 and no traceback, as Click does."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush
        sys.exit(1)
