"""Which folders of a course folder scormbuild never reads: one rule for the loader (a file in
such a folder is an error where a course names it, and never "unused") and for the build stamp
(scormbuild.stamp does not scan them), so that a skipped build and a full one agree.

Dot-folders (``.git``, ``.hg``, ``.svn``, an editor's ``.vscode``…) and the folders tools fill
(``node_modules``, ``__pycache__``) hold no course content, can hold many thousands of files,
and would make every build stat them all. No imports: the up-to-date check uses it before any
loading code is imported.
"""

IGNORED_FOLDERS = frozenset({"node_modules", "__pycache__"})


def ignored_folder(name: str) -> bool:
    """True for a folder scormbuild never reads (by its own name, wherever it is)."""
    return name.startswith(".") or name in IGNORED_FOLDERS
