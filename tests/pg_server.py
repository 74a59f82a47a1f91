"""A throwaway PostgreSQL server for the tests: `initdb` into a temporary folder and `pg_ctl start` on a free port,
stopped and removed at the end of the session. Debian's `postgresql` package puts the binaries in
/usr/lib/postgresql/N/bin (`.ci/run` installs it).

PostgreSQL refuses to run as root; under root (CI containers) the server runs as the package's `postgres` user.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

BIN_DIRS = "/usr/lib/postgresql/*/bin"
SUPERUSER = "stancemap"


def binaries() -> Path | None:
    """The newest installed server's bin folder, or None when there is none."""
    found = [p for p in Path("/").glob(BIN_DIRS.lstrip("/")) if (p / "initdb").is_file() and (p / "pg_ctl").is_file()]
    return max(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0) if found else None


def missing_reason() -> str | None:
    """Why a server cannot be started here, or None when it can."""
    if binaries() is None:
        return f"needs PostgreSQL's server binaries (apt-get install postgresql), none in {BIN_DIRS}"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "PostgreSQL will not run as root and there is no 'postgres' user to run it as"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    port: int
    _names: Iterator[int] = field(default_factory=lambda: count(1))

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """The URL of a new, empty database on this server. Where the server has ICU (PostgreSQL 15 and later),
        its default collation is ICU's en-US, which sorts "a" before "B": the store must sort text by code point,
        as SQLite does, whatever the database's locale."""
        import psycopg

        name = f"store_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            try:
                conn.execute(f"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'")
            except psycopg.Error:
                conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)


@contextmanager
def running(durable: bool = False) -> Iterator[Server]:
    """A fresh server for the duration of the block. Not `durable`: fsync off, as a test store needs no crash safety
    (benchmarks ask for the defaults)."""
    bin_dir = binaries()
    if bin_dir is None:
        raise RuntimeError(missing_reason())
    as_user: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="stancemap-pg-"))
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres")
    data, port = folder / "data", free_port()
    initdb = ["-D", str(data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]
    subprocess.run(
        [*as_user, str(bin_dir / "initdb"), *initdb],
        check=True,
        capture_output=True,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={folder}"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    subprocess.run(
        [*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "-o", options, "start"],
        check=True,
        capture_output=True,
    )
    try:
        yield Server(port)
    finally:
        subprocess.run(
            [*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], capture_output=True
        )
        shutil.rmtree(folder, ignore_errors=True)
