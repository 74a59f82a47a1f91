"""`stancemap run --engine ray --out DIR PATH... [--db DB --question Q.toml]`: extract on a Ray cluster into Parquet
shards, resumably; with --db, the statements are then judged on the questions and stored."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stancemap.cli.app import app, report_problem, settings, stderr
from stancemap.cli.clean import DateOption, parse_date_option
from stancemap.errors import InputError
from stancemap.pipeline import store_judged
from stancemap.stance.questions import load_questions
from stancemap.store import open_store

ENGINES = ("ray",)


@app.command("run")
def run_cli(
    paths: Annotated[
        list[str], typer.Argument(help="Files or folders (.txt, .html, .htm, .jsonl, .warc, optionally .gz).")
    ],
    out: Annotated[Path, typer.Option("--out", help="Folder for statements/<shard>.parquet and _done/ markers.")],
    engine: Annotated[str, typer.Option("--engine", help="Where to run: ray.")] = "ray",
    address: Annotated[
        str | None, typer.Option("--address", help="A running Ray cluster (ray://host:10001 or host:6379).")
    ] = None,
    workers: Annotated[int, typer.Option("--workers", help="Ray actors, each loading the models once.")] = 2,
    files_per_shard: Annotated[int, typer.Option("--files-per-shard", help="Files of a folder per shard.")] = 64,
    date: DateOption = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Store the statements, judged on --question, here (a file or postgresql:// URL)."),
    ] = None,
    question: Annotated[
        list[Path] | None, typer.Option("--question", "-q", help="A question file to judge on (with --db); repeatable.")
    ] = None,
) -> None:
    """Extract statements from sharded inputs on Ray: one Parquet file per shard; a rerun skips finished shards."""
    from stancemap.engine.ray import plan_shards, read_statements, run_ray

    if engine not in ENGINES:
        raise InputError(f"--engine {engine!r} is not one of: {', '.join(ENGINES)}")
    default_date = parse_date_option(date)
    if (db is None) != (not question):
        raise InputError("--db and --question go together: the store keeps statements with their stance on a question")
    questions = load_questions(question) if question else []
    if out.exists() and not out.is_dir():
        raise InputError("--out must be a folder", out)
    plan = plan_shards(paths, files_per_shard)
    for problem in plan.problems:
        report_problem(problem)
    results = run_ray(plan.shards, out, settings(), address=address, workers=workers, default_date=default_date)
    unreadable = False
    for result in results:
        for problem in result.problems:
            unreadable = unreadable or problem.fatal
            report_problem(problem)
    ran = sum(r.ran for r in results)
    stderr.print(
        f"{len(results)} shards ({ran} run, {len(results) - ran} already done), "
        f"{sum(r.statements for r in results)} statements in {out / 'statements'}"
    )
    if db is not None:
        with open_store(db) as store:
            written = store_judged(store, list(read_statements(out)), questions)
        stderr.print(f"{written} statements judged on {len(questions)} question(s) and stored in {db}")
    if unreadable:
        # As `extract`: 2 when an input could not be read; everything readable has been written by now.
        raise typer.Exit(2)
