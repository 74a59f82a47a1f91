"""`stancemap label import FILE.jsonl --db DB`: store people's stance labels, per question, in a store."""

from __future__ import annotations

import getpass
import json
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from stancemap.cli.app import app, stderr
from stancemap.stance.labels import import_labels
from stancemap.store import open_store, require_store, store_name

label_app = typer.Typer(help="Human stance labels in a store.", no_args_is_help=True)
app.add_typer(label_app, name="label")


@label_app.command("import")
def import_command(
    source: Annotated[Path, typer.Argument(help="Labels (JSONL: question, label, and statement or article+content).")],
    db: Annotated[
        str, typer.Option("--db", help="The store holding the judged statements (file or postgresql:// URL).")
    ],
    author: Annotated[
        str | None, typer.Option("--author", help="Name stored with labels that carry none (default: the login name).")
    ] = None,
) -> None:
    """Store each label as the statement's stance on its question; `stancemap stance --db` then learns from them."""
    require_store(db)
    with open_store(db) as store:
        stored = import_labels(store, source, author or _login())
    counts = Counter(lab.question for lab in stored)
    stderr.print(f"stored {len(stored)} labels in {store_name(db)}", markup=False)
    typer.echo(json.dumps({"stored": len(stored), "questions": dict(sorted(counts.items()))}))


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "analyst"
