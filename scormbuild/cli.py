"""The command line: parse arguments, call one library function, print the outcome.

Start-up time matters (``--help``, ``--version`` and ``validate`` should not wait for the
build's libraries): the build code, pydantic, Jinja2, markdown-it and lxml are imported inside
the commands that use them, never at module level. ``tests/test_startup.py`` checks this.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Callable, Dict, Optional, Sequence

import click

from scormbuild import __version__
from scormbuild.author.commands import new_command, preview_command, schema_command
from scormbuild.cli_options import as_path, echo_json, format_option
from scormbuild.package.editions import EDITIONS
from scormbuild.validator.commands import inspect_command, validate_command
from scormbuild.wording import human_size

if TYPE_CHECKING:
    from pathlib import Path

    from scormbuild.build import BuildOptions, BuildResult
    from scormbuild.errors import Diagnostic

_edition_option = click.option(
    "--edition", "editions", multiple=True, type=click.Choice(sorted(EDITIONS)),
    help="SCORM edition to build (2004 is 4th Edition); repeat for several (default: what the "
         "targets recommend; for generic 1.2 and 2004).")
_target_option = click.option(
    "--target", "targets", multiple=True, metavar="LMS",
    help="LMS profile to check against (generic, moodle, cornerstone, successfactors, "
         "healthstream, docebo, talentlms, absorb, canvas, workday, relias, all, or a profile "
         ".yaml file); repeat for several (default: generic). See docs/lms-targets.md.")
_strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
_quiet_option = click.option("--quiet", "-q", is_flag=True, help="Print only problems.")


INTERRUPTED = 130  # 128 + SIGINT, the shell's status for a command stopped by Ctrl-C


class _Commands(click.Group):
    """The command group; Ctrl-C exits 130 with one line, where Click says "Aborted!" and exits
    1, the status of "the input has problems" (docs/ci.md). Nothing half-written is left: a zip
    is written to a temporary file that an interrupted build removes, and committed by a
    rename."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\nscormbuild: interrupted", err=True)
            ctx.exit(INTERRUPTED)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scormbuild")
def main() -> None:
    """Build SCORM 1.2 and SCORM 2004 4th Edition packages from a course folder."""


main.add_command(validate_command)
main.add_command(inspect_command)
main.add_command(schema_command)
main.add_command(new_command)
main.add_command(preview_command)


# COURSE and --out are plain paths: a missing course folder or an output path that is a file is
# reported by the library (exit 2), so that --format json still prints its JSON object.
@main.command(name="build")
@click.argument("course", type=click.Path(), callback=as_path, default="course")
@click.option("--out", "out_dir", type=click.Path(), callback=as_path, metavar="DIRECTORY",
              default="dist", show_default=True, help="Folder for the zip packages.")
@_edition_option
@_target_option
@_strict_option
@click.option("--schemas", type=click.Path(file_okay=False, exists=True), callback=as_path,
              help="Official SCORM schema folder: copy the edition's XSDs into each package "
                   "(never read from SCORMBUILD_SCHEMAS: a package must not depend on the environment).")
@format_option
@_quiet_option
@click.option("--no-cache", is_flag=True,
              help="Build everything again: ignore the last build and the cache in OUT.")
def build_command(course: Path, out_dir: Path, editions: Sequence[str], targets: Sequence[str],
                  strict: bool, schemas: Optional[Path], fmt: str, quiet: bool,
                  no_cache: bool) -> None:
    """Check COURSE (default: ./course) and write one zip package per edition.

    Exit 0 written, 1 problems in the course (with --strict: warnings too), 2 nothing checked
    (usage, missing course, unusable option or output folder). See docs/ci.md.
    """
    from scormbuild.build import build

    options = _options(editions, targets, strict, schemas)
    as_json = fmt == "json"
    progress = None if (quiet or as_json or not sys.stderr.isatty()) else _progress
    result = _run(lambda: build(course, out_dir, options, str(course), progress,
                                use_cache=not no_cache), as_json)
    if as_json:
        echo_json(_report(result))
        return
    _print_warnings(result)
    if not quiet:
        verb = "up to date" if result.up_to_date else "wrote"
        for written in result.written:
            click.echo(f"{verb} {written.path} ({human_size(written.size)}, {written.entries} files)")


@main.command(name="check")
@click.argument("course", type=click.Path(), callback=as_path, default="course")
@_edition_option
@_target_option
@_strict_option
@format_option
@_quiet_option
def check_command(course: Path, editions: Sequence[str], targets: Sequence[str], strict: bool,
                  fmt: str, quiet: bool) -> None:
    """Run every step of a build except writing the zips.

    Exit 0 clean, 1 problems in the course (with --strict: warnings too), 2 nothing checked.
    """
    from scormbuild.build import check
    from scormbuild.stamp import output_folders_inside

    as_json = fmt == "json"
    options = _options(editions, targets, strict, None)
    # a build's --out folder inside the course (it holds the build's stamp) is not course content
    result = _run(lambda: check(course, options, str(course),
                                exclude=output_folders_inside(course)), as_json)
    if as_json:
        echo_json(_report(result))
        return
    _print_warnings(result)
    if not quiet:
        click.echo(f"{course}: OK ({result.summary.lessons} lessons, "
                   f"{result.summary.quizzes} quizzes, "
                   f"{len(result.diagnostics)} warning{'s' if len(result.diagnostics) != 1 else ''})")


def _options(editions: Sequence[str], targets: Sequence[str], strict: bool,
             schemas: Optional[Path]) -> BuildOptions:
    from scormbuild.build import BuildOptions

    chosen = tuple(EDITIONS[name] for name in sorted(set(editions)))
    return BuildOptions(editions=chosen, targets=tuple(targets) or ("generic",), strict=strict,
                        schemas=schemas)


def _run(action: Callable[[], BuildResult], as_json: bool) -> BuildResult:
    from scormbuild.errors import CourseError, ScormbuildError

    try:
        return action()
    except CourseError as exc:
        if as_json:
            echo_json({"ok": False, **_counts(exc.diagnostics),
                       "diagnostics": [d.as_dict() for d in exc.diagnostics],
                       "error": exc.summary()})
            sys.exit(exc.exit_code)
        raise
    except ScormbuildError as exc:
        if as_json:
            echo_json({"ok": False, **_counts([]), "diagnostics": [], "error": exc.message})
            sys.exit(exc.exit_code)
        raise


def _report(result: BuildResult) -> dict:
    return {
        "ok": True,
        "course": {"id": result.summary.id, "title": result.summary.title,
                   "version": result.summary.version},
        "up_to_date": result.up_to_date,
        **_counts(result.diagnostics),
        "diagnostics": [d.as_dict() for d in result.diagnostics],
        "packages": [{"path": str(w.path), "size": w.size, "sha256": w.sha256, "files": w.entries}
                     for w in result.written],
    }


def _counts(diagnostics: Sequence[Diagnostic]) -> Dict[str, int]:
    errors = sum(1 for d in diagnostics if d.severity == "error")
    return {"errors": errors, "warnings": len(diagnostics) - errors}


def _print_warnings(result: BuildResult) -> None:
    for diagnostic in result.diagnostics:
        click.echo(str(diagnostic), err=True)


def _progress(label: str, done: int, total: int) -> None:
    end = "\n" if done == total else ""
    click.echo(f"\r{label}: {done}/{total} files", nl=False, err=True)
    if end:
        click.echo("", err=True)

