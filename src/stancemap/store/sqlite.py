"""The store: SQLite in WAL mode (the embedded default) or PostgreSQL (a `postgresql://` URL, see postgres.py).
All of stancemap's SQL lives in this package; what the two engines spell differently is in dialect.py.

Writes happen inside `transaction()` (BEGIN IMMEDIATE ... COMMIT, or PostgreSQL's advisory write lock): a process
killed mid-batch leaves the last committed batch and nothing of the one in flight, which the next run then writes
again.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from stancemap.errors import InputError, ProcessingError
from stancemap.records import Article, Caption, Piece, Problem
from stancemap.store import postgres
from stancemap.store.dialect import SQLITE, Connection, Dialect
from stancemap.store.migrations import BOOKKEEPING, LATEST_VERSION, MIGRATIONS
from stancemap.store.records import DuplicateGroup, LoggedProblem, StoredArticle

# How long a writer waits for another process's write lock before giving up.
BUSY_TIMEOUT_S = 60.0

_ARTICLE_COLUMNS = (
    "id, store_key, article_id, content_hash, source, title, date, url, site, author, original_source, language, "
    "text, raw_text, pieces, captions, removed, duplicate_group, ingested_at"
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def applied_version(conn: Connection, dialect: Dialect = SQLITE) -> int:
    """The highest migration applied to this database (0 for a new, empty one)."""
    has_table = conn.execute(dialect.table_exists, ("schema_migrations",)).fetchone()[0]
    if not has_table:
        return 0
    version = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0]
    return int(version or 0)


def migrate(conn: Connection, path: str, target: int = LATEST_VERSION, dialect: Dialect = SQLITE) -> int:
    """Apply the missing migrations up to `target`, each in its own transaction; return the version reached."""
    version = applied_version(conn, dialect)
    if version > LATEST_VERSION:
        raise InputError(
            f"store schema version {version} is newer than this stancemap supports ({LATEST_VERSION}); "
            "upgrade stancemap to open it",
            path,
        )
    for migration in MIGRATIONS:
        if migration.version <= version or migration.version > target:
            continue
        for begin in dialect.begin_write:
            conn.execute(begin)
        try:
            # Re-read under the write lock: another process may have migrated while we waited.
            conn.execute(dialect.schema(BOOKKEEPING))
            if applied_version(conn, dialect) >= migration.version:
                conn.execute("COMMIT")
                continue
            for statement in migration.statements:
                conn.execute(dialect.schema(statement))
            conn.execute(
                "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.description, now()),
            )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        version = migration.version
    return version


def _set_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL. SQLite answers "database is locked" at once, without waiting on the busy timeout, when another
    process is creating or migrating the same new file, so wait here as the timeout would."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def connect(path: str | Path) -> sqlite3.Connection:
    """A connection in autocommit mode (we issue BEGIN/COMMIT ourselves), WAL journal, foreign keys on."""
    path = Path(path)
    if path.is_dir():
        raise InputError("is a folder, not a store file", path)
    if not path.parent.is_dir():
        raise InputError(f"cannot create the store: folder {str(path.parent)!r} does not exist", path)
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S)
        _set_wal(conn)
        # In WAL mode NORMAL loses no committed transaction when the process dies (only on power loss).
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as e:
        raise InputError(f"not a stancemap store ({e})", path) from e
    return conn


class Store:
    """Records in, records out. Open with `Store(path_or_url)` (creates and migrates) or `open_store`.

    `path` names the store in messages (a PostgreSQL URL without its password).
    """

    def __init__(self, path: str | Path) -> None:
        self._conn: Connection
        if postgres.is_url(path):
            self.path = postgres.redact(str(path))
            self.dialect: Dialect = postgres.POSTGRES
            self._errors = postgres.error_types()
            self._conn = postgres.connect(str(path))
        else:
            self.path = str(path)
            self.dialect = SQLITE
            self._errors = (sqlite3.Error,)
            self._conn = connect(path)
        try:
            self.version = migrate(self._conn, self.path, dialect=self.dialect)
        except sqlite3.DatabaseError as e:
            self._conn.close()
            raise InputError(f"not a stancemap store ({e})", path) from e
        except self._errors as e:
            self._conn.close()
            raise ProcessingError(f"cannot set up the store: {postgres.one_line(e)}", self.path) from e
        except BaseException:
            self._conn.close()
            raise

    # -- lifetime ---------------------------------------------------------------------------------------------

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic write: everything inside is committed together or not at all."""
        try:
            for begin in self.dialect.begin_write:
                self._conn.execute(begin)
        except self._errors as e:
            self._rollback()
            raise ProcessingError(f"cannot write to the store: {postgres.one_line(e)}", self.path) from e
        try:
            yield
        except self._errors as e:
            self._rollback()
            raise ProcessingError(f"cannot write to the store: {postgres.one_line(e)}", self.path) from e
        except BaseException:
            self._rollback()
            raise
        try:
            self._conn.execute("COMMIT")
        except self._errors as e:
            self._rollback()
            raise ProcessingError(f"cannot commit to the store: {postgres.one_line(e)}", self.path) from e

    def _rollback(self) -> None:
        # The engine may already have rolled back on its own (SQLite on disk full, a lost PostgreSQL connection).
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def stream(self, sql: str, parameters: Sequence[Any] = ()) -> Iterator[Any]:
        """The rows of a query, fetched as they are consumed (sqlite3 steps its cursor; PostgreSQL needs a
        server-side cursor, or the driver would hold every row in memory)."""
        if isinstance(self._conn, postgres.PostgresConnection):
            return self._conn.stream(sql, parameters)
        return iter(self._conn.execute(sql, parameters))

    def _insert(self, sql: str, parameters: Sequence[Any]) -> int | None:
        """Run an INSERT into a table with an `id`; the new row's id, or None when ON CONFLICT left the row out."""
        if self.dialect.returning_ids:
            row = self._conn.execute(sql + " RETURNING id", parameters).fetchone()
            return None if row is None else int(row[0])
        cursor = self._conn.execute(sql, parameters)
        if cursor.rowcount == 0:
            return None
        return _rowid(cursor)

    # -- ingest runs and problems -----------------------------------------------------------------------------

    def start_run(self, inputs: Sequence[str]) -> int:
        with self.transaction():
            run = self._insert(
                "INSERT INTO ingest_runs (started_at, inputs) VALUES (?, ?)", (now(), json.dumps(list(inputs)))
            )
        if run is None:
            raise ProcessingError("the store returned no row id", self.path)
        return run

    def finish_run(self, run: int) -> None:
        with self.transaction():
            self._conn.execute("UPDATE ingest_runs SET finished_at = ? WHERE id = ?", (now(), run))

    def interrupted_runs(self) -> list[int]:
        """Runs that never finished (killed or crashed); their last batch was rolled back."""
        rows = self._conn.execute("SELECT id FROM ingest_runs WHERE finished_at IS NULL ORDER BY id")
        return [r[0] for r in rows]

    def log_problem(self, problem: Problem, run: int | None) -> None:
        """Record a problem (call inside `transaction()`)."""
        self._conn.execute(
            "INSERT INTO problems (run, path, reason, fatal, skipped, logged_at) VALUES (?, ?, ?, ?, ?, ?)",
            (run, problem.path, problem.reason, int(problem.fatal), int(problem.skipped), now()),
        )

    def problems(self, run: int | None = None) -> list[LoggedProblem]:
        query = "SELECT run, path, reason, fatal, skipped, logged_at FROM problems"
        if run is None:
            rows = self._conn.execute(query + " ORDER BY id")
        else:
            rows = self._conn.execute(query + " WHERE run = ? ORDER BY id", (run,))
        return [
            LoggedProblem(run=r[0], problem=Problem(r[1], r[2], fatal=bool(r[3]), skipped=bool(r[4])), logged_at=r[5])
            for r in rows
        ]

    # -- articles ---------------------------------------------------------------------------------------------

    def contains(self, content_hash: str) -> bool:
        row = self._conn.execute("SELECT 1 FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
        return row is not None

    def add_article(self, article: Article, run: int | None = None) -> StoredArticle | None:
        """Store `article` (call inside `transaction()`); None when the same content is already stored."""
        content_hash = article.content_hash
        if self.contains(content_hash):
            return None
        key = self._free_key(article.id)
        ingested_at = now()
        row = self._insert(
            "INSERT INTO articles (store_key, article_id, content_hash, source, title, date, url, site, author, "
            "original_source, language, text, raw_text, pieces, captions, removed, run, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (content_hash) DO NOTHING",
            (
                key,
                article.id,
                content_hash,
                article.source,
                article.title,
                article.date,
                article.url,
                article.site,
                article.author,
                article.original_source,
                article.language,
                article.text,
                article.raw,
                json.dumps([[p.clean_start, p.raw_start, p.length] for p in article.pieces]),
                json.dumps([c.to_json() for c in article.captions], ensure_ascii=False),
                json.dumps(list(article.removed), ensure_ascii=False),
                run,
                ingested_at,
            ),
        )
        if row is None:
            return None  # another process stored the same content meanwhile
        return StoredArticle(row, key, article, content_hash, None, ingested_at)

    def _free_key(self, article_id: str) -> str:
        taken = {r[0] for r in self._conn.execute("SELECT store_key FROM articles WHERE article_id = ?", (article_id,))}
        candidate, n = article_id, 1
        while candidate in taken or self._key_exists(candidate):
            n += 1
            candidate = f"{article_id}~{n}"
        return candidate

    def _key_exists(self, key: str) -> bool:
        return self._conn.execute("SELECT 1 FROM articles WHERE store_key = ?", (key,)).fetchone() is not None

    def get_article(self, key: str) -> StoredArticle | None:
        row = self._conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE store_key = ?", (key,)).fetchone()
        return _stored_article(row) if row else None

    def iter_articles(self, one_per_story: bool = False) -> Iterator[StoredArticle]:
        """Stored articles in the order they were stored; `one_per_story` keeps only the first copy of a group."""
        where = (
            " WHERE duplicate_group IS NULL OR id IN (SELECT first_article FROM duplicate_groups)"
            if one_per_story
            else ""
        )
        for row in self.stream(f"SELECT {_ARTICLE_COLUMNS} FROM articles{where} ORDER BY id"):
            yield _stored_article(row)

    def count_articles(self) -> int:
        """Every stored copy, duplicates included (they are kept as evidence)."""
        return int(self._conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def count_stories(self) -> int:
        """Distinct stories: a group of near-duplicate copies counts once."""
        row = self._conn.execute(
            "SELECT (SELECT COUNT(*) FROM articles WHERE duplicate_group IS NULL)"
            " + (SELECT COUNT(DISTINCT duplicate_group) FROM articles WHERE duplicate_group IS NOT NULL)"
        ).fetchone()
        return int(row[0])

    # -- near-duplicates --------------------------------------------------------------------------------------

    def put_signature(self, row: int, kind: str, hashvalues: bytes) -> None:
        """Store (or replace) an article's MinHash signature (call inside `transaction()`)."""
        self._conn.execute(
            "INSERT INTO minhashes (article, kind, hashvalues) VALUES (?, ?, ?) "
            "ON CONFLICT (article) DO UPDATE SET kind = excluded.kind, hashvalues = excluded.hashvalues",
            (row, kind, hashvalues),
        )

    def signatures(self, kind: str, after: int = 0) -> Iterator[tuple[int, bytes]]:
        """(article row, hash values) of every signature of `kind` of articles after row `after`, in storage
        order."""
        for row, values in self.stream(
            "SELECT article, hashvalues FROM minhashes WHERE kind = ? AND article > ? ORDER BY article", (kind, after)
        ):
            yield row, bytes(values)

    def texts_without_signature(self, kind: str, limit: int) -> list[tuple[int, str, bool]]:
        """Up to `limit` articles with no signature of `kind` (stored by an older schema or other settings):
        (row, text, already in a duplicate group)."""
        rows = self._conn.execute(
            "SELECT a.id, a.text, a.duplicate_group FROM articles a "
            "LEFT JOIN minhashes m ON m.article = a.id AND m.kind = ? "
            "WHERE m.article IS NULL ORDER BY a.id LIMIT ?",
            (kind, limit),
        )
        return [(r[0], r[1], r[2] is not None) for r in rows]

    def join_group(self, existing: int, new: int, similarity: float) -> int:
        """Put article `new` in the story group of article `existing`, making the group if needed."""
        row = self._conn.execute("SELECT duplicate_group FROM articles WHERE id = ?", (existing,)).fetchone()
        if row is None:
            raise ProcessingError(f"article row {existing} is not in the store", self.path)
        group = row[0]
        if group is None:
            group = self._insert(
                "INSERT INTO duplicate_groups (first_article, created_at) VALUES (?, ?)", (existing, now())
            )
            self._conn.execute("UPDATE articles SET duplicate_group = ? WHERE id = ?", (group, existing))
        self._conn.execute(
            "UPDATE articles SET duplicate_group = ?, similarity = ? WHERE id = ?", (group, similarity, new)
        )
        return int(group)

    def duplicate_groups(self) -> list[DuplicateGroup]:
        rows = self._conn.execute(
            "SELECT duplicate_group, store_key FROM articles WHERE duplicate_group IS NOT NULL "
            "ORDER BY duplicate_group, id"
        )
        groups: dict[int, list[str]] = {}
        for group, key in rows:
            groups.setdefault(group, []).append(key)
        return [DuplicateGroup(g, tuple(keys)) for g, keys in groups.items()]

    # -- health -----------------------------------------------------------------------------------------------

    def integrity_problems(self) -> list[str]:
        """SQLite's integrity and foreign-key checks; an empty list means the file is sound. A PostgreSQL server
        checks foreign keys on every write and its own pages itself, so there is nothing to report."""
        if self.dialect is not SQLITE:
            return []
        found = [r[0] for r in self._conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        found += [f"foreign key: {r[0]} row {r[1]} -> {r[2]}" for r in self._conn.execute("PRAGMA foreign_key_check")]
        return found


# The class's name before the PostgreSQL backend; kept for the modules and users that import it.
SqliteStore = Store


def _rowid(cursor: object) -> int:
    # sqlite3's cursors know the row id of their last INSERT (PostgreSQL's are asked with RETURNING instead).
    row = getattr(cursor, "lastrowid", None)
    if row is None:
        raise ProcessingError("the store returned no row id")
    return int(row)


def _stored_article(row: Any) -> StoredArticle:
    # Column order as in _ARTICLE_COLUMNS.
    article = Article(
        id=row[2],
        text=row[12],
        source=row[4],
        title=row[5],
        date=row[6],
        url=row[7],
        site=row[8],
        author=row[9],
        original_source=row[10],
        language=row[11],
        captions=tuple(Caption(c["text"], c.get("credit")) for c in json.loads(row[15])),
        removed=tuple(json.loads(row[16])),
        raw=row[13],
        pieces=tuple(Piece(*p) for p in json.loads(row[14])),
    )
    return StoredArticle(row[0], row[1], article, row[3], row[17], row[18])
