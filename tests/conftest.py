"""Shared fixtures. Tests that need ../shared skip with a reason when it is absent."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import pg_server

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("STANCEMAP_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.skip(f"needs the shared data folder, not found at {SHARED} (set STANCEMAP_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[pg_server.Server]:
    """A throwaway PostgreSQL server for the session (tests/pg_server.py); skips when none can be started."""
    reason = pg_server.missing_reason()
    if reason is not None:
        pytest.skip(reason)
    with pg_server.running() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty store's location on each backend: an SQLite file, or a PostgreSQL database's URL."""
    if request.param == "sqlite":
        return str(tmp_path / "s.db")
    server: pg_server.Server = request.getfixturevalue("postgres_server")
    return server.new_database()
