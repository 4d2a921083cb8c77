"""Help text kept beside the bytecode cache, so that ``scormbuild --help`` need not import Click.

Click takes 0.05–0.09 s to import, most of the time ``--help`` costs (issue 14: at most 0.1 s).
Help text is a pure function of the code that prints it, so it is kept the way Python keeps
bytecode: after Click has printed a help screen, the text is written to
``scormbuild/__pycache__/help-*.txt`` with a header that names everything it came from

* scormbuild's version, the Python version, the command line, the terminal width, the
  locale variables (Click wraps help to the terminal and could translate its headings) and
  the ``SCORMBUILD_*`` variables (an option may name one; none changes the text today);
* the size and modification time of every scormbuild and Click module loaded while printing it
  (the check Python makes before it uses a ``.pyc``), and of the LMS targets folder.

The next identical request prints the text if every one of those still matches; otherwise, or
when the file is missing or unreadable, Click answers and the file is written again. Nothing is
written when Python writes no bytecode (``-B``, ``PYTHONDONTWRITEBYTECODE``) or the folder is
read-only: then every ``--help`` is Click's, as before. ``tests/test_startup.py`` compares the
two answers for every command.
"""

from __future__ import annotations

import os
import sys
from typing import List, Optional, Sequence

HELP_OPTIONS = ("-h", "--help")   # scormbuild.cli's help_option_names
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "__pycache__")


def cacheable(argv: Sequence[str]) -> bool:
    """``--help`` alone or after one command name (``scormbuild build --help``)."""
    if not argv or argv[-1] not in HELP_OPTIONS or len(argv) > 2:
        return False
    return len(argv) == 1 or (argv[0].isascii() and argv[0].isalpha() and argv[0].islower())


def _path(argv: Sequence[str]) -> str:
    return os.path.join(FOLDER, "help-" + "-".join(a.lstrip("-") for a in argv) + ".txt")


def _key(argv: Sequence[str]) -> str:
    from shutil import get_terminal_size  # what Click reads to wrap its help

    from scormbuild import __version__

    locale = [os.environ.get(name, "") for name in LOCALE_VARIABLES]
    own = sorted((k, v) for k, v in os.environ.items() if k.startswith("SCORMBUILD_"))
    return repr((__version__, sys.version, list(argv), get_terminal_size().columns, locale, own))


def _stamp(path: str) -> str:
    info = os.stat(path)
    return f"{info.st_mtime_ns} {info.st_size} {path}"


def cached(argv: Sequence[str]) -> Optional[str]:
    """The kept help text for argv, if everything it came from is unchanged."""
    try:
        with open(_path(argv), encoding="utf-8") as handle:
            header, blank, text = handle.read().partition("\n\n")
        lines = header.split("\n")
        if not blank or lines[0] != _key(argv):
            return None
        for line in lines[1:]:
            if _stamp(line.split(" ", 2)[2]) != line:
                return None
    except (OSError, ValueError, IndexError):
        return None
    return text


def _sources() -> List[str]:
    """The files of every scormbuild and Click module loaded so far, and the folder of LMS
    target profiles (an option's help could list their names one day: a file added or
    removed there changes the folder's time)."""
    import click

    from scormbuild.resources import targets_dir

    folders = tuple(os.path.dirname(os.path.abspath(m.__file__)) + os.sep
                    for m in (sys.modules["scormbuild"], click) if m.__file__)
    found = set()
    for module in list(sys.modules.values()):
        name = getattr(module, "__file__", None)
        if isinstance(name, str) and os.path.abspath(name).startswith(folders):
            found.add(os.path.abspath(name))
    found.add(str(targets_dir()))
    return sorted(found)


def keep(argv: Sequence[str], text: str) -> None:
    """Write the help text Click printed for argv; a failure only costs the next --help time."""
    if sys.dont_write_bytecode or not text:
        return
    import tempfile

    try:
        header = "\n".join([_key(argv)] + [_stamp(path) for path in _sources()])
        if "\n\n" in header or "\r" in header:
            return  # a file name with a line break: the header could not be read back
        os.makedirs(FOLDER, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=FOLDER, prefix=".help-")
        try:
            with open(fd, "w", encoding="utf-8") as handle:
                handle.write(f"{header}\n\n{text}")
            os.replace(temp, _path(argv))
        except BaseException:
            os.unlink(temp)
            raise
    except (OSError, ValueError):
        pass
