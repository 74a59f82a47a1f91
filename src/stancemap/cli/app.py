"""The Typer application and the options every command shares. Commands live one per module."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from stancemap import __version__
from stancemap.config import Settings, load_settings
from stancemap.records import Problem

app = typer.Typer(
    name="stancemap",
    help="Turn raw news into a map of who stands where on contested questions.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# Machine output goes to stdout; every human-facing line (progress, warnings, errors) goes here.
# soft_wrap: a message is one line, whatever the terminal width (scripts grep them; CONTRACT says one line).
stderr = Console(stderr=True, highlight=False, soft_wrap=True)


@dataclass
class State:
    debug: bool = False
    settings: Settings | None = None


state = State()


def settings() -> Settings:
    """The settings built once by the top-level callback."""
    if state.settings is None:
        state.settings = load_settings()
    return state.settings


def warn(message: str) -> None:
    """One warning line on stderr (escaped: messages may quote untrusted input)."""
    stderr.print(f"[yellow]warning:[/yellow] {escape(message)}")


def error(message: str) -> None:
    """One error line on stderr (escaped: messages may quote untrusted input)."""
    stderr.print(f"[red]error:[/red] {escape(message)}")


def report_problem(problem: Problem) -> None:
    """An input problem on one line: an error when the document was not read, a warning when it was."""
    (error if problem.fatal else warn)(str(problem))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"stancemap {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks on errors.")] = False,
    config: Annotated[
        Path | None, typer.Option("--config", help="A TOML settings file (keys as in docs/config.md).")
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Turn raw news into a map of who stands where on contested questions."""
    state.debug = debug
    state.settings = load_settings(config)
