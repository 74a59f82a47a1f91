"""The store: SQLite (WAL) as the embedded default, schema versioned by migrations. All SQL lives here.

`open_store(path)` opens (creating and migrating) a store; `ingest(store, items, ...)` writes cleaned documents
into it in per-batch transactions. Records in, records out: `Article`/`Problem` go in, `StoredArticle`,
`DuplicateGroup`, `LoggedProblem` and `IngestReport` come out.
"""

from __future__ import annotations

from pathlib import Path

from stancemap.store.loader import ingest
from stancemap.store.migrations import LATEST_VERSION
from stancemap.store.records import DuplicateGroup, IngestReport, LoggedProblem, StoredArticle
from stancemap.store.sqlite import SqliteStore


def open_store(path: str | Path) -> SqliteStore:
    """Open the store at `path`, creating it and applying pending migrations (InputError if it cannot be)."""
    return SqliteStore(path)


__all__ = [
    "LATEST_VERSION",
    "DuplicateGroup",
    "IngestReport",
    "LoggedProblem",
    "SqliteStore",
    "StoredArticle",
    "ingest",
    "open_store",
]
