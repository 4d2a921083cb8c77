"""The validate and inspect commands: parse arguments, call the library, print, set the exit status.

The checking code (and lxml) is imported inside the commands, so that ``scormbuild --help``
does not wait for it.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NoReturn, Optional, Sequence, Tuple

import click

from scormbuild.cli_options import as_path, echo_json, format_option

if TYPE_CHECKING:
    from pathlib import Path

    from scormbuild.errors import ScormbuildError
    from scormbuild.lms.profiles import TargetProfile

# No exists=True: a missing package is reported by the library (UnreadablePackage, exit 2), so
# that --format json still prints its JSON object instead of Click's usage error.
_package_argument = click.argument("package", type=click.Path(), callback=as_path)
_target_option = click.option(
    "--target", "targets", multiple=True, metavar="LMS",
    help="Also check what this LMS refuses or tracks wrongly (a profile name as for build, 'all', "
         "or a profile .yaml file); repeat for several. See docs/lms-targets.md.")


@click.command(name="validate")
@_package_argument
@click.option("--schemas", envvar="SCORMBUILD_SCHEMAS", show_envvar=True,
              type=click.Path(file_okay=False), callback=as_path,
              help="Official SCORM schema folder to check the manifest against.")
@format_option
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@_target_option
def validate_command(package: Path, schemas: Optional[Path], fmt: str, strict: bool,
                     targets: Sequence[str]) -> None:
    """Check a SCORM package (zip or folder). Exit 0 clean, 1 findings, 2 unreadable."""
    from scormbuild.validator.findings import UnreadablePackage
    from scormbuild.validator.validate import validate_package

    profiles = _profiles(targets, fmt, str(package))
    try:
        report = validate_package(package, schemas, label=str(package), targets=profiles)
    except UnreadablePackage as exc:
        _fail(exc, fmt, str(package))
    if fmt == "json":
        echo_json(report.as_dict(strict))
    else:
        click.echo("\n".join(report.text_lines()))
    sys.exit(report.exit_code(strict))


@click.command(name="inspect")
@_package_argument
@format_option
@_target_option
def inspect_command(package: Path, fmt: str, targets: Sequence[str]) -> None:
    """Show what a SCORM package contains and what it will report to the LMS.

    With --target (all: every shipped profile), also which LMSs take it as it is, and why not.
    """
    from scormbuild.validator.findings import UnreadablePackage
    from scormbuild.validator.inspect import inspect_package

    profiles = _profiles(targets, fmt, str(package))
    try:
        inspection = inspect_package(package, label=str(package), targets=profiles)
    except UnreadablePackage as exc:
        _fail(exc, fmt, str(package))
    if fmt == "json":
        echo_json(inspection.as_dict())
    else:
        click.echo("\n".join(inspection.text_lines()))


def _profiles(names: Sequence[str], fmt: str, package: str) -> Tuple["TargetProfile", ...]:
    """The LMS profiles named by --target (none: no profile is loaded at all)."""
    if not names:
        return ()
    from scormbuild.errors import ScormbuildError
    from scormbuild.lms.profiles import load_targets

    try:
        return load_targets(tuple(names))
    except ScormbuildError as exc:
        _fail(exc, fmt, package)


def _fail(exc: ScormbuildError, fmt: str, package: str) -> NoReturn:
    if fmt == "json":
        echo_json({"package": package, "ok": False, "error": exc.message})
        sys.exit(exc.exit_code)
    raise exc
