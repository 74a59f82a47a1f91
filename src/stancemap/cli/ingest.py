"""`stancemap ingest PATH... [--db FILE] [--date D]`: clean documents and store them, with a progress bar."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from datetime import date as Date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from stancemap.cli.app import app, report_problem, settings, stderr
from stancemap.engine.local import available_cores, clean_in_order
from stancemap.errors import InputError
from stancemap.records import Article, Problem
from stancemap.store import IngestReport, ingest, open_store


@app.command("ingest")
def ingest_cli(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to ingest (recursive); - reads stdin.")],
    db: Annotated[
        str | None, typer.Option("--db", help="The store: a file, or a postgresql:// URL (default: the `db` setting).")
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Publication date YYYY-MM-DD where the input has none.")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Cleaning processes (default: every usable core); 1 runs in-process."),
    ] = None,
) -> None:
    """Clean documents and add them to the store; near-duplicates are grouped, non-English ones skipped."""
    s = settings()
    default_date = _iso_date(date)
    store_path = db if db is not None else s.db
    total = input_bytes(paths)
    with open_store(store_path) as store, _progress() as progress:
        task = progress.add_task("ingest", total=total, docs=0, rate=0.0)
        documents = clean_in_order(paths, s, default_date, workers or available_cores())
        items = _tracked(documents, progress, task)
        report = ingest(store, items, batch_size=s.batch_size, duplicate_threshold=s.duplicate_threshold, inputs=paths)
        articles, stories = store.count_articles(), store.count_stories()
    stderr.print(summary(report), markup=False)
    stderr.print(f"store {store.path}: {articles} articles, {stories} stories", markup=False)
    if report.problems:
        # CONTRACT: some input was unreadable (the rest was still processed).
        raise typer.Exit(2)


def summary(report: IngestReport) -> str:
    """The one-line account of a run printed on stderr."""
    skipped = f"{report.skipped_total} skipped"
    if report.skipped:
        skipped += " (" + ", ".join(f"{reason}: {n}" for reason, n in report.skipped) + ")"
    return (
        f"ingest: {report.read} read, {report.new} new, {report.already_stored} already stored, "
        f"{report.grouped} grouped as near-duplicates, {skipped}, "
        f"{report.problems} {'problem' if report.problems == 1 else 'problems'}, "
        f"{report.warnings} {'warning' if report.warnings == 1 else 'warnings'}"
    )


def input_bytes(paths: Iterable[str]) -> int | None:
    """Total size of the inputs (folders walked), the measure of progress; None when reading stdin."""
    total = 0
    for path in paths:
        if path == "-":
            return None
        p = Path(path)
        if p.is_file():
            total += p.stat().st_size
        elif p.is_dir():
            for folder, dirs, names in os.walk(p):
                # As the reader does: hidden files and folders (.git, .DS_Store) are not read, so not counted.
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in (n for n in names if not n.startswith(".")):
                    try:
                        total += Path(folder, name).stat().st_size
                    except OSError:
                        continue  # the reader reports it
    return total


def _tracked(items: Iterator[Article | Problem], progress: Progress, task: TaskID) -> Iterator[Article | Problem]:
    """Pass items through, advancing the bar and printing problems as they come.

    Progress is in input bytes: a file counts as done once a document from a later file arrives. Inside a
    many-document file (WARC, JSONL) the reader's position in the open file is used where the system shows it
    (Linux /proc), else the bytes of text seen so far stand in; either is capped at the file's size.
    """
    started = time.monotonic()
    done_bytes, current, current_size, current_seen, docs = 0, "", 0, 0, 0
    for item in items:
        source = item.source if isinstance(item, Article) else item.path
        if source != current:
            done_bytes += current_size
            current, current_seen = source, 0
            current_size = _size(source)
        if isinstance(item, Article):
            docs += 1
            current_seen += len(item.text.encode("utf-8"))
        elif not item.skipped:
            report_problem(item)
        position = _read_position(current) or current_seen
        rate = docs / max(time.monotonic() - started, 1e-6)
        progress.update(task, completed=done_bytes + min(position, current_size), docs=docs, rate=rate)
        yield item
    progress.update(task, completed=done_bytes + current_size)


def _read_position(path: str) -> int | None:
    """How far this process has read into `path`, from /proc/self/fdinfo (None where that is not available)."""
    fds = Path("/proc/self/fd")
    try:
        target = str(Path(path).resolve())
        for fd in os.listdir(fds):
            if os.readlink(fds / fd) == target:
                for line in (Path("/proc/self/fdinfo") / fd).read_text().splitlines():
                    if line.startswith("pos:"):
                        return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _size(source: str) -> int:
    try:
        return Path(source).stat().st_size if source != "-" else 0
    except OSError:
        return 0


def _progress(console: Console = stderr) -> Progress:
    return Progress(
        TextColumn("ingest"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[docs]} docs, {task.fields[rate]:.1f} docs/s"),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )


def _iso_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return Date.fromisoformat(value).isoformat() if len(value) == 10 else _bad_date(value)
    except ValueError:
        return _bad_date(value)


def _bad_date(value: str) -> str:
    raise InputError(f"--date {value!r} is not a date YYYY-MM-DD")
