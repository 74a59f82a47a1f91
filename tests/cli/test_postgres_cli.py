"""The commands that take `--db` on a PostgreSQL store, end to end in subprocesses: the same output as on SQLite from
the same inputs; the `db` setting (STANCEMAP_DB) takes a URL too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pg_server
from stancemap.examples import CORPUS, QUESTION
from stancemap.store import open_store
from stancemap.store.stances import add_stanced, put_label

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "mapping"))
from gold_map import QUESTION_ID, gold_records, gold_stanced


def _stancemap(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stancemap", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def _stored(db: str) -> None:
    """The example corpus ingested by `stancemap ingest`, its gold statements written, and one human label."""
    done = _stancemap("ingest", "--db", db, str(CORPUS))
    assert done.returncode == 0, done.stderr
    with open_store(db) as store:
        rows = {a.key: a.row for a in store.iter_articles()}
        add_stanced(store, gold_stanced(), QUESTION_ID, rows)
        first = min(row for (row,) in store._conn.execute("SELECT statement FROM stances"))
        put_label(store, first, QUESTION_ID, "oppose", author="analyst@example.org")


@pytest.mark.slow
def test_postgres_cli_commands_give_what_they_give_on_sqlite(postgres_server: pg_server.Server, tmp_path: Path) -> None:
    url, sqlite = postgres_server.new_database(), str(tmp_path / "s.db")
    for db in (url, sqlite):
        _stored(db)
    question = ["--question", str(QUESTION)]
    statements = tmp_path / "gold.jsonl"
    statements.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in gold_records()), encoding="utf-8")
    for args in (
        ["map", *question, "--timeseries", "week", "--evidence", "9"],
        ["map", *question, "--as-of", "2026-02-20"],
        ["export", *question, "--format", "csv"],
        ["stance", *question, str(statements)],
    ):
        on_postgres, on_sqlite = _stancemap(*args, "--db", url), _stancemap(*args, "--db", sqlite)
        assert on_postgres.returncode == 0, on_postgres.stderr
        assert on_postgres.stdout == on_sqlite.stdout, args
        assert on_postgres.stdout.strip()
    reports = []
    for db, name in ((url, "postgres.html"), (sqlite, "sqlite.html")):
        done = _stancemap("report", *question, "--db", db, "--output", str(tmp_path / name))
        assert done.returncode == 0, done.stderr
        reports.append((tmp_path / name).read_text(encoding="utf-8"))
    assert reports[0] == reports[1]

    # The `db` setting from the environment: a second ingest finds everything stored, and names the store.
    again = _stancemap("ingest", str(CORPUS), env={"STANCEMAP_DB": url})
    assert again.returncode == 0, again.stderr
    assert " 0 new," in again.stderr and f"store {url}: " in again.stderr
