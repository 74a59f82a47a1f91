"""`stancemap map --question Q.toml [PATH... | --statements FILE | --db FILE]`: who stands where, as one JSON
object. Article paths are extracted, judged and grouped into stories first (`stancemap.pipeline`)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date as Date
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from stancemap.cli.app import app, report_problem, settings, warn
from stancemap.cli.clean import DateOption, parse_date_option
from stancemap.errors import InputError
from stancemap.ingest import clean_documents
from stancemap.mapping.positions import map_json, positions, roll_up
from stancemap.mapping.statements import StancedStatement, read_stanced
from stancemap.mapping.timeseries import PERIODS, timeseries
from stancemap.pipeline import extract_all, judge_extracted
from stancemap.records import Problem, Question
from stancemap.stance.questions import load_question
from stancemap.store import open_store, require_store
from stancemap.store.stances import current_map_actors, iter_stanced, map_positions, store_timeseries


@app.command("map")
def map_cli(
    question: Annotated[Path, typer.Option("--question", help="The question file (TOML: id, text).")],
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Articles to extract, judge and map (.txt, .html, .jsonl, .warc, folders; - is stdin)."),
    ] = None,
    date: DateOption = None,
    statements: Annotated[
        str | None, typer.Option("--statements", help="Statements with stances (`stancemap stance` JSONL; - stdin).")
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Read statements and stances from this store (a file or a postgresql:// URL)."),
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Positions as of this date (YYYY-MM-DD).")] = None,
    evidence: Annotated[int, typer.Option("--evidence", min=0, help="Statements listed per actor.")] = 3,
    series: Annotated[
        str | None, typer.Option("--timeseries", help="Add each actor's counts per 'week' or 'month'.")
    ] = None,
    roll_up_file: Annotated[
        Path | None, typer.Option("--roll-up", help='JSON {"person": "affiliation", ...}: map the affiliations.')
    ] = None,
) -> None:
    """Aggregate stances into each actor's position on the question, with evidence and changes."""
    q = load_question(question)
    unreadable = False
    if as_of is not None:
        _check_date(as_of)
    if series is not None and series not in PERIODS:
        raise InputError(f"--timeseries must be one of {', '.join(PERIODS)}, not {series!r}")
    affiliations = load_roll_up(roll_up_file) if roll_up_file else None
    if statements is not None and db is not None:
        raise InputError("give --statements or --db, not both")
    if paths and (statements is not None or db is not None):
        raise InputError("give article paths, --statements or --db, not several")
    if statements is not None:
        with open_text(statements) as lines:
            items = list(read_stanced(lines, q.id, statements))
        result = _map_items(items, q, as_of, evidence, series, affiliations)
    elif db is not None:
        require_store(db)
        with open_store(db) as store:
            if affiliations is not None:
                items = [item for _, item in iter_stanced(store, q.id)]
                result = _map_items(items, q, as_of, evidence, series, affiliations)
            else:
                if as_of is None:
                    result = {"question": q.to_json(), "actors": current_map_actors(store, q.id, evidence)}
                else:
                    result = map_json(q.id, q.text, map_positions(store, q.id, as_of=as_of, evidence=evidence))
                if series is not None:
                    _add_series(result, store_timeseries(store, q.id, series))
    elif paths:
        s = settings()
        fatal: list[Problem] = []

        def problem(item: Problem) -> None:
            report_problem(item)
            if item.fatal:
                fatal.append(item)

        found = extract_all(clean_documents(paths, s, parse_date_option(date)), s.duplicate_threshold, problem)
        if fatal and not found.articles:
            raise typer.Exit(2)
        result = _map_items(judge_extracted(found, q), q, as_of, evidence, series, affiliations)
        unreadable = bool(fatal)
    else:
        raise InputError("give article paths, --statements FILE (the output of `stancemap stance`) or --db FILE")
    if not result["actors"]:
        warn(f"no statement with a stance on {q.id!r} by a named actor" + (f" as of {as_of}" if as_of else ""))
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    if unreadable:
        # CONTRACT: 2 when an input could not be read; the map of everything readable has been written.
        raise typer.Exit(2)


def _map_items(
    items: list[StancedStatement],
    q: Question,
    as_of: str | None,
    evidence: int,
    series: str | None,
    affiliations: dict[str, tuple[str, str]] | None,
) -> dict[str, Any]:
    if affiliations is not None:
        items = roll_up(items, affiliations)
    result = map_json(q.id, q.text, positions(items, q.id, as_of=as_of, evidence=evidence))
    if series is not None:
        _add_series(result, timeseries(items, series))
    return result


def _add_series(result: dict[str, Any], found: dict[str, Any]) -> None:
    for actor in result["actors"]:
        actor["timeseries"] = [p.to_json() for p in found.get(actor["actor"], [])]


def load_roll_up(path: Path) -> dict[str, tuple[str, str]]:
    """{"name": "affiliation"} or {"name": {"affiliation": ..., "kind": ...}} -> name: (affiliation, kind)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise InputError("roll-up file not found", path) from e
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"cannot read roll-up file: {e}", path) from e
    if not isinstance(data, dict):
        raise InputError("a roll-up file is a JSON object of name -> affiliation", path)
    found = {}
    for name, target in data.items():
        if isinstance(target, str):
            found[name] = (target, "organization")
        elif isinstance(target, dict) and isinstance(target.get("affiliation"), str):
            found[name] = (target["affiliation"], str(target.get("kind") or "organization"))
        else:
            raise InputError(f"{name!r}: give an affiliation name or {{'affiliation': ..., 'kind': ...}}", path)
    return found


def _check_date(text: str) -> None:
    try:
        Date.fromisoformat(text)
    except ValueError as e:
        raise InputError(f"--as-of {text!r} is not a date YYYY-MM-DD") from e


@contextmanager
def open_text(path: str) -> Iterator[TextIO]:
    if path == "-":
        yield sys.stdin
        return
    try:
        handle = open(path, encoding="utf-8")  # noqa: SIM115 - closed below, after the reader is done
    except FileNotFoundError as e:
        raise InputError("statements file not found", path) from e
    except OSError as e:
        raise InputError(f"cannot read statements file: {e.strerror or e}", path) from e
    try:
        yield handle
    except UnicodeDecodeError as e:
        raise InputError("statements file is not UTF-8 text", path) from e
    finally:
        handle.close()
