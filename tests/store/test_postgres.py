"""The store on a real PostgreSQL server (tests/pg_server.py): migrations from empty, the map in SQL equal to the map
in memory as on SQLite, concurrent ingests that lose and duplicate nothing, and one-line errors for a bad URL or a
server that is down."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

import pg_server
from stancemap.errors import InputError, ProcessingError
from stancemap.store import LATEST_VERSION, open_store
from stancemap.store.migrations import MIGRATIONS
from stancemap.store.postgres import redact
from stancemap.store.stances import add_stanced, questions

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "mapping"))
from gold_map import QUESTION_ID, gold_stanced

# The map tests of test_stances.py, run here over a PostgreSQL store (their `gold_store` is the fixture below).
from test_stances import test_stances_a_human_label_overrides_the_judge_and_keeps_its_history as test_postgres_label
from test_stances import test_stances_store_gives_back_what_was_written as test_postgres_gives_back_what_was_written
from test_stances import test_stances_store_map_equals_the_in_memory_map as test_postgres_map_equals_in_memory_map
from test_stances import test_stances_store_timeseries_equals_the_in_memory_one as test_postgres_timeseries

__all__ = [
    "test_postgres_gives_back_what_was_written",
    "test_postgres_label",
    "test_postgres_map_equals_in_memory_map",
    "test_postgres_timeseries",
]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def postgres_url(postgres_server: pg_server.Server) -> str:
    return postgres_server.new_database()


@pytest.fixture()
def gold_store(postgres_url: str) -> Iterator[object]:
    with open_store(postgres_url) as store:
        assert add_stanced(store, gold_stanced(), QUESTION_ID) == len(gold_stanced())
        yield store


def test_postgres_migrations_from_empty_reach_the_latest_version(postgres_url: str) -> None:
    with open_store(postgres_url) as store:
        assert store.version == LATEST_VERSION
    # Opening again applies nothing twice.
    with open_store(postgres_url) as store:
        assert store.version == LATEST_VERSION
    with psycopg.connect(postgres_url) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
        tables = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        kinds = dict(
            conn.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'stances'"
            ).fetchall()
        )
    assert versions == [m.version for m in MIGRATIONS]
    assert {"articles", "statements", "stances", "labels", "actor_positions", "minhashes"} <= tables
    # 8-byte scores, as SQLite's REAL: a judge's score reads back as written.
    assert kinds["score"] == "double precision"


def test_postgres_text_sorts_as_in_sqlite_whatever_the_database_locale(postgres_url: str, tmp_path: Path) -> None:
    with psycopg.connect(postgres_url) as conn:
        if conn.execute("SELECT 'B' < 'a'").fetchone()[0]:
            pytest.skip("the test server has no ICU: its databases sort text by code point anyway")
    names = ["alpha", "Zeta", "_under", "Beta", "beta"]
    found = []
    for db in (postgres_url, str(tmp_path / "s.db")):
        with open_store(db) as store:
            for name in names:
                add_stanced(store, gold_stanced()[:1], name)
            found.append(questions(store))
    assert found[0] == found[1] == sorted(names)


def test_postgres_store_from_a_newer_stancemap_is_refused(postgres_url: str) -> None:
    open_store(postgres_url).close()
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO schema_migrations VALUES (%s, 'from the future', '2030-01-01T00:00:00Z')",
            (LATEST_VERSION + 1,),
        )
    with pytest.raises(InputError, match="is newer than this stancemap supports"):
        open_store(postgres_url)


def test_postgres_password_never_shows_in_messages() -> None:
    assert redact("postgresql://ana:s3cret@db.example:5432/news") == "postgresql://ana:***@db.example:5432/news"
    assert redact("postgres://db.example/news?user=ana&password=s3cret") == (
        "postgres://db.example/news?user=ana&password=***"
    )
    with pytest.raises(ProcessingError) as refused:
        open_store(f"postgresql://ana:s3cret@127.0.0.1:{pg_server.free_port()}/news")
    assert "s3cret" not in str(refused.value)


def test_postgres_lost_connection_is_a_processing_error(postgres_url: str) -> None:
    with open_store(postgres_url) as store:
        backend = store._conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (backend,))
        with pytest.raises(ProcessingError, match="the PostgreSQL store failed"):
            store.count_articles()


def _stancemap(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "stancemap", *args], capture_output=True, text=True, env=env, timeout=300
    )


@pytest.mark.parametrize(
    ("url", "code", "reason"),
    [
        # Nothing listens on the port: the server is down.
        ("postgresql://stancemap@127.0.0.1:{port}/news", 1, "cannot connect to the PostgreSQL store"),
        ("postgresql://stancemap@[::1/news", 2, "not a PostgreSQL URL"),
    ],
)
def test_postgres_bad_url_or_server_down_is_one_line_and_an_exit_code(
    url: str, code: int, reason: str, fixtures: Path
) -> None:
    done = _stancemap("ingest", "--db", url.format(port=pg_server.free_port()), str(fixtures / "inputs"))
    assert done.returncode == code
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and reason in lines[0], done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_postgres_concurrent_ingests_lose_nothing_and_duplicate_nothing(postgres_url: str, tmp_path: Path) -> None:
    """Two `stancemap ingest` processes at once into one store, over the same documents under other names and in
    opposite orders, in small batches, so they race on every one: each is stored once, every key is unique, and
    both runs finish. Both open the new, empty database at once, so they race to migrate it too."""
    vocabulary = (
        *("harbour", "ferry", "council", "lorry", "quay", "tide", "freight", "permit", "levy", "berth", "mayor"),
        *("vote", "budget", "dredging", "crane", "pilot", "storm", "warning", "ballast", "cargo", "depot", "wharf"),
        *("shipyard", "tanker", "tariff", "union", "strike", "hearing", "licence"),
    )
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for i in range(120):
        draw = random.Random(i)
        text = f"Report {i}. " + " ".join(draw.choice(vocabulary) for _ in range(60)) + ".\n"
        # The same document under two names (a document's identity is its content): both processes store it.
        (first / f"report{i:03}.txt").write_text(text, encoding="utf-8")
        (second / f"copy{119 - i:03}.txt").write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "STANCEMAP_BATCH_SIZE": "5"}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "stancemap", "ingest", "--db", postgres_url, str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for folder in (first, second)
    ]
    outcomes = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outcomes
    with psycopg.connect(postgres_url) as conn:
        total, hashes, keys = conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT content_hash), COUNT(DISTINCT store_key) FROM articles"
        ).fetchone()
        unfinished = conn.execute("SELECT COUNT(*) FROM ingest_runs WHERE finished_at IS NULL").fetchone()[0]
        signatures = conn.execute("SELECT COUNT(*) FROM minhashes").fetchone()[0]
    assert (total, hashes, keys, signatures) == (120, 120, 120, 120)
    assert unfinished == 0
    reports = [re.search(r"ingest: (\d+) read, (\d+) new, (\d+) already stored", err) for _, err in outcomes]
    assert all(reports), outcomes
    # Between them the two runs stored each document once and found the other copy already stored.
    assert sum(int(r[2]) for r in reports if r) == 120
    assert sum(int(r[3]) for r in reports if r) == 120
