"""Options that several commands share, so that each is spelled and documented once."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Callable, Optional

import click

if TYPE_CHECKING:
    from pathlib import Path

FORMATS = ("text", "json")


def format_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--format text|json`` (passed on as ``fmt``); ``--json`` is a hidden alias of ``--format json``."""

    @functools.wraps(command)
    def run(*args: Any, json_alias: bool, fmt: str, **kwargs: Any) -> Any:
        return command(*args, fmt="json" if json_alias else fmt, **kwargs)

    run = click.option("--json", "json_alias", is_flag=True, hidden=True,
                       help="The same as --format json.")(run)
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="text",
                        show_default=True,
                        help="Output format: text for people, json (on standard output) for tools.")(run)


def echo_json(value: Any) -> None:
    """Print a JSON report on standard output (json is imported here: start-up, issue 14)."""
    import json

    click.echo(json.dumps(value, indent=2))


def as_path(_ctx: click.Context, _param: click.Parameter, value: Optional[str]) -> Optional[Path]:
    """What ``click.Path(path_type=Path)`` gives, with pathlib imported only once a command runs
    (``--help`` does not need it: start-up, issue 14)."""
    if value is None:
        return None
    from pathlib import Path

    return Path(value)
