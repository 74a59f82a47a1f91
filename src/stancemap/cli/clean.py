"""`stancemap clean PATH... [--date D]`: one JSON object per document on stdout (CONTRACT.md)."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from stancemap.cli.app import app, report_problem, settings
from stancemap.errors import InputError
from stancemap.ingest import clean_documents
from stancemap.ingest.readers import iso_date
from stancemap.records import Problem

# The inputs and --date of every command that reads documents (clean, extract, map, run).
InputPaths = Annotated[
    list[str], typer.Argument(help="Files or folders (.txt, .html, .htm, .jsonl, .warc, optionally .gz); - is stdin.")
]
DateOption = Annotated[
    str | None, typer.Option("--date", help="Publication date (YYYY-MM-DD) where a document has none.")
]


def parse_date_option(value: str | None) -> str | None:
    """The --date option as ISO YYYY-MM-DD, or an InputError (exit 2) naming the bad value."""
    if value is None:
        return None
    date = iso_date(value)
    if date is None:
        raise InputError(f"--date {value!r} is not a date in the form YYYY-MM-DD")
    return date


@app.command("clean")
def clean_command(
    paths: InputPaths,
    date: DateOption = None,
) -> None:
    """Clean news documents: article body, captions, metadata and language, as JSON lines."""
    default_date = parse_date_option(date)
    unreadable = False
    out = sys.stdout
    for item in clean_documents(paths, settings(), default_date):
        if isinstance(item, Problem):
            unreadable = unreadable or item.fatal
            report_problem(item)
            continue
        out.write(json.dumps(item.to_json(), ensure_ascii=False) + "\n")
        for warning in item.warnings:
            report_problem(Problem(item.source, warning, fatal=False))
    out.flush()
    if unreadable:
        # CONTRACT: 2 when an input could not be read; everything readable has been written by now.
        raise typer.Exit(2)
