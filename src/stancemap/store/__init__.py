"""The store: SQLite (WAL) as the embedded default, or PostgreSQL for a shared store (a `postgresql://` URL), one
schema versioned by migrations. All SQL lives here.

`open_store(path)` opens (creating and migrating) a store; `ingest(store, items, ...)` writes cleaned documents
into it in per-batch transactions. Records in, records out: `Article`/`Problem` go in, `StoredArticle`,
`DuplicateGroup`, `LoggedProblem` and `IngestReport` come out.
"""

from __future__ import annotations

from pathlib import Path

from stancemap.errors import InputError
from stancemap.store import postgres
from stancemap.store.loader import ingest
from stancemap.store.migrations import LATEST_VERSION
from stancemap.store.records import DuplicateGroup, IngestReport, LoggedProblem, StoredArticle
from stancemap.store.sqlite import SqliteStore, Store


def open_store(path: str | Path) -> Store:
    """Open the store at `path` (an SQLite file, or a `postgresql://` URL), creating it and applying pending
    migrations (InputError if it cannot be, ProcessingError if its server cannot be reached)."""
    return Store(path)


def require_store(db: str | Path) -> None:
    """Refuse, for commands that only read a store, an SQLite file that is not there (opening would create an
    empty one). A PostgreSQL store is there when its server answers, which opening it finds out."""
    if not postgres.is_url(db) and not Path(db).is_file():
        raise InputError("store not found", db)


def store_name(db: str | Path) -> str:
    """How messages name a store: its path, or its URL without the password."""
    return postgres.redact(str(db)) if postgres.is_url(db) else str(db)


__all__ = [
    "LATEST_VERSION",
    "DuplicateGroup",
    "IngestReport",
    "LoggedProblem",
    "SqliteStore",
    "Store",
    "StoredArticle",
    "ingest",
    "open_store",
    "require_store",
    "store_name",
]
