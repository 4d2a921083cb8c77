"""The validate and inspect commands: parse arguments, call the library, print, set the exit status.

The checking code (and lxml) is imported inside the commands, so that ``scormbuild --help``
does not wait for it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, Optional

import click

from scormbuild.cli_options import format_option

if TYPE_CHECKING:
    from scormbuild.validator.findings import UnreadablePackage

_package_argument = click.argument("package", type=click.Path(exists=True, path_type=Path))


@click.command(name="validate")
@_package_argument
@click.option("--schemas", envvar="SCORMBUILD_SCHEMAS", show_envvar=True,
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Official SCORM schema folder to check the manifest against.")
@format_option
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def validate_command(package: Path, schemas: Optional[Path], fmt: str, strict: bool) -> None:
    """Check a SCORM package (zip or folder). Exit 0 clean, 1 findings, 2 unreadable."""
    from scormbuild.validator.findings import UnreadablePackage
    from scormbuild.validator.validate import validate_package

    try:
        report = validate_package(package, schemas, label=str(package))
    except UnreadablePackage as exc:
        _fail(exc, fmt, str(package))
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(strict), indent=2))
    else:
        click.echo("\n".join(report.text_lines()))
    sys.exit(report.exit_code(strict))


@click.command(name="inspect")
@_package_argument
@format_option
def inspect_command(package: Path, fmt: str) -> None:
    """Show what a SCORM package contains and what it will report to the LMS."""
    from scormbuild.validator.findings import UnreadablePackage
    from scormbuild.validator.inspect import inspect_package

    try:
        inspection = inspect_package(package, label=str(package))
    except UnreadablePackage as exc:
        _fail(exc, fmt, str(package))
    if fmt == "json":
        click.echo(json.dumps(inspection.as_dict(), indent=2))
    else:
        click.echo("\n".join(inspection.text_lines()))


def _fail(exc: UnreadablePackage, fmt: str, package: str) -> NoReturn:
    if fmt == "json":
        click.echo(json.dumps({"package": package, "ok": False, "error": exc.message}, indent=2))
        sys.exit(exc.exit_code)
    raise exc
