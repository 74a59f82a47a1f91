"""`stancemap extract PATH... [--date D]`: one JSON object per attributed statement on stdout (CONTRACT.md)."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from stancemap.cli.app import app, report_problem, settings
from stancemap.cli.clean import DateOption, InputPaths, parse_date_option
from stancemap.engine.local import available_cores, extract_documents_in_order
from stancemap.records import Problem


@app.command("extract")
def extract_cli(
    paths: InputPaths,
    date: DateOption = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Worker processes (default: every usable core); 1 runs in-process."),
    ] = None,
) -> None:
    """Find every attributed statement: speaker, cue, content, kind, role and date, as JSON lines."""
    default_date = parse_date_option(date)
    unreadable = False
    out = sys.stdout
    for item in extract_documents_in_order(paths, settings(), default_date, workers or available_cores()):
        if isinstance(item, Problem):
            unreadable = unreadable or item.fatal
            report_problem(item)
            continue
        for statement in item[1]:
            out.write(json.dumps(statement.to_json(), ensure_ascii=False) + "\n")
        out.flush()
    if unreadable:
        # CONTRACT: 2 when an input could not be read; everything readable has been written by now.
        raise typer.Exit(2)
