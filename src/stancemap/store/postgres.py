"""The PostgreSQL backend: a store shared by a team, with SQLite's schema, migrations and queries (see dialect.py).

psycopg 3 is an optional dependency (`pip install 'stancemap[postgres]'`), imported only when a store's location is
a `postgresql://` URL. `PostgresConnection` gives psycopg's connection sqlite3's calls, so the store's code is the
same for both engines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stancemap.errors import InputError, ProcessingError
from stancemap.store.dialect import POSTGRES

if TYPE_CHECKING:
    import psycopg

SCHEMES = ("postgresql://", "postgres://")
# A server that does not answer within this many seconds is reported as down (a URL may set its own).
CONNECT_TIMEOUT_S = 10
# Rows fetched per round trip by `stream`.
STREAM_ROWS = 500

_PASSWORD_IN_NETLOC = re.compile(r"^(\w+://[^:@/?]*):[^@/?]*@")
_PASSWORD_IN_QUERY = re.compile(r"(?<=[?&]password=)[^&]*")
_cursor_names = count(1)


def is_url(db: str | Path) -> bool:
    """Whether `db` names a PostgreSQL store (else it is an SQLite file)."""
    return isinstance(db, str) and db.startswith(SCHEMES)


def redact(url: str) -> str:
    """`url` without its password, for messages and logs."""
    return _PASSWORD_IN_QUERY.sub("***", _PASSWORD_IN_NETLOC.sub(r"\1:***@", url))


def one_line(error: Exception) -> str:
    # libpq's messages run over several lines (a hint on the second); errors are one line.
    return " ".join(str(error).split())


class PostgresConnection:
    """A psycopg connection in autocommit mode (the store issues BEGIN/COMMIT itself) taking sqlite3's calls:
    `?` placeholders, `execute` and `executemany` on the connection, `in_transaction`. A lost connection (the
    server restarted, the network went) is a ProcessingError naming the store, like any failure of the store."""

    def __init__(self, conn: psycopg.Connection[Any], name: str) -> None:
        import psycopg

        self._conn = conn
        self._name = name
        self._lost = psycopg.OperationalError

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> psycopg.Cursor[Any]:
        try:
            return self._conn.execute(POSTGRES.query(sql), parameters)
        except self._lost as e:
            raise ProcessingError(f"the PostgreSQL store failed: {one_line(e)}", self._name) from e

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> None:
        try:
            with self._conn.cursor() as cursor:
                cursor.executemany(POSTGRES.query(sql), parameters)
        except self._lost as e:
            raise ProcessingError(f"the PostgreSQL store failed: {one_line(e)}", self._name) from e

    def stream(self, sql: str, parameters: Sequence[Any] = ()) -> Iterator[Any]:
        """The rows of a query, STREAM_ROWS at a time from a server-side cursor, so memory stays bounded however
        many there are. WITH HOLD keeps the cursor open outside a transaction, and other queries may run between
        fetches."""
        with self._conn.cursor(f"stancemap_stream_{next(_cursor_names)}", withhold=True) as cursor:
            cursor.itersize = STREAM_ROWS
            cursor.execute(POSTGRES.query(sql), parameters)
            yield from cursor

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self._conn.info.transaction_status in (TransactionStatus.INTRANS, TransactionStatus.INERROR)

    def close(self) -> None:
        self._conn.close()


def connect(url: str) -> PostgresConnection:
    """A connection to the PostgreSQL store at `url`: InputError for a URL that cannot be one, ProcessingError for
    a server that cannot be reached or refuses us."""
    shown = redact(url)
    try:
        import psycopg
        from psycopg.conninfo import conninfo_to_dict, make_conninfo
    except ImportError as e:
        raise InputError("a PostgreSQL store needs psycopg: pip install 'stancemap[postgres]'", shown) from e
    try:
        conninfo = (
            url if "connect_timeout" in conninfo_to_dict(url) else make_conninfo(url, connect_timeout=CONNECT_TIMEOUT_S)
        )
    except psycopg.Error as e:
        raise InputError(f"not a PostgreSQL URL ({one_line(e)})", shown) from e
    try:
        conn = psycopg.connect(conninfo, autocommit=True)
    except psycopg.Error as e:
        raise ProcessingError(f"cannot connect to the PostgreSQL store: {one_line(e)}", shown) from e
    return PostgresConnection(conn, shown)


def error_types() -> tuple[type[Exception], ...]:
    """The driver's errors, which the store turns into ProcessingError."""
    import psycopg

    return (psycopg.Error,)
