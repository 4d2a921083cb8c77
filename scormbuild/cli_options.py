"""Options that several commands share, so that each is spelled and documented once."""

from __future__ import annotations

import functools
from typing import Any, Callable

import click

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

