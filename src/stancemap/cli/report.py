"""`stancemap report --question Q.toml (--statements FILE | --db FILE)`: one self-contained HTML report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stancemap.cli.app import app, stderr, warn
from stancemap.cli.map import _check_date, open_text
from stancemap.errors import InputError
from stancemap.mapping.positions import positions
from stancemap.mapping.report import report_html
from stancemap.mapping.statements import read_stanced
from stancemap.stance.questions import load_question
from stancemap.store import open_store, require_store
from stancemap.store.stances import iter_stanced, map_positions


@app.command("report")
def report_cli(
    question: Annotated[Path, typer.Option("--question", help="The question file (TOML: id, text).")],
    statements: Annotated[
        str | None, typer.Option("--statements", help="Statements with stances (`stancemap stance` JSONL; - stdin).")
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Read statements and stances from this store (a file or a postgresql:// URL)."),
    ] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the HTML report.")] = Path(
        "report.html"
    ),
    as_of: Annotated[str | None, typer.Option("--as-of", help="Positions as of this date (YYYY-MM-DD).")] = None,
    evidence: Annotated[int, typer.Option("--evidence", min=0, help="Statements quoted per actor.")] = 3,
) -> None:
    """Write an HTML report of the map: the stance table, a timeline per actor, the network and the evidence."""
    q = load_question(question)
    if as_of is not None:
        _check_date(as_of)
    if statements is not None and db is not None:
        raise InputError("give --statements or --db, not both")
    # The same inputs and store queries as `stancemap map`, so the report shows exactly the map.
    if statements is not None:
        with open_text(statements) as lines:
            items = list(read_stanced(lines, q.id, statements))
        found = positions(items, q.id, as_of=as_of, evidence=evidence)
    elif db is not None:
        require_store(db)
        with open_store(db) as store:
            found = map_positions(store, q.id, as_of=as_of, evidence=evidence)
            items = [item for _, item in iter_stanced(store, q.id)]
    else:
        raise InputError("give --statements FILE (the output of `stancemap stance`) or --db FILE")
    if not found:
        warn(f"no statement with a stance on {q.id!r} by a named actor" + (f" as of {as_of}" if as_of else ""))
    page = report_html(q, found, items, as_of)
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot write the report: {e.strerror or e}", output) from e
    stderr.print(f"wrote {output} ({len(found)} actors)", markup=False)
