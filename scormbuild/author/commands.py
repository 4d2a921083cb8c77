"""The authoring commands (`schema`, `new`, `preview`): parse arguments, call the library.

The library code (pydantic, the build) is imported inside each command, so that
``scormbuild --help`` does not wait for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import click

from scormbuild.cli_options import as_path
from scormbuild.package.editions import DEFAULT_EDITIONS, EDITIONS

if TYPE_CHECKING:
    from pathlib import Path

SCHEMA_KINDS = ("course", "module", "quiz", "references", "glossary")


@click.command(name="schema")
@click.argument("kind", type=click.Choice(SCHEMA_KINDS))
@click.option("--out", "out_file", type=click.Path(dir_okay=False), callback=as_path,
              help="Write the schema to this file instead of standard output.")
def schema_command(kind: str, out_file: Optional[Path]) -> None:
    """Print the JSON Schema of one kind of course YAML file (for editor completion)."""
    from scormbuild.author.json_schema import schema_text

    text = schema_text(kind)
    if out_file is None:
        click.echo(text, nl=False)
    else:
        out_file.write_text(text, encoding="utf-8")


@click.command(name="new")
@click.argument("folder", type=click.Path(), callback=as_path)
def new_command(folder: Path) -> None:
    """Write a small sample course into FOLDER (new or empty) to start from."""
    import datetime

    from scormbuild.author.scaffold import new_course

    written = new_course(folder, datetime.date.today())
    click.echo(f"wrote {len(written)} files to {folder}; next: scormbuild check {folder}")


@click.command(name="preview")
@click.argument("course", type=click.Path(exists=True, file_okay=False), callback=as_path,
                default="course")
@click.option("--edition", default=DEFAULT_EDITIONS[0].name, show_default=True,
              type=click.Choice(sorted(EDITIONS)),
              help="The SCORM edition the simulated LMS speaks first (the page can switch).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; anything but 127.0.0.1 shows the course to the network.")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the web browser.")
def preview_command(course: Path, edition: str, port: int, host: str, open_browser: bool) -> None:
    """Show COURSE in a browser inside a simulated LMS; rebuild and reload on every save."""
    from scormbuild.preview.server import PreviewOptions, serve

    options = PreviewOptions(host=host, port=port, edition=EDITIONS[edition],
                             open_browser=open_browser)
    serve(course, str(course), options, lambda line: click.echo(line, err=True))
