"""The web tests' store (built once per session) and, for the browser tests, a real `stancemap serve` and Debian's
Chromium driven by Playwright."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from seed import seed

from stancemap.examples import QUESTION

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SERVE_OPTIONS = ("--question", str(QUESTION), "--author", "browser-test")


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "web.db"
    seed(path)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """`stancemap serve` over `db` in a subprocess on a free port; its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "stancemap", "serve", "--db", str(db), "--port", str(port), *SERVE_OPTIONS],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"stancemap serve exited: {process.stderr.read() if process.stderr else ''}")
            try:
                if httpx.get(base + "/", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("stancemap serve did not answer within 60 s")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="session")
def live_server(web_db: Path) -> Iterator[str]:
    """A server over the shared test store (read only: tests that write use `writable_server`)."""
    with serving(web_db) as base:
        yield base


@pytest.fixture()
def writable_server(web_db: Path, tmp_path: Path) -> Iterator[str]:
    """A server over a copy of the test store, for tests that correct it."""
    copy = tmp_path / "writable.db"
    shutil.copy(web_db, copy)
    with serving(copy) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.is_file():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()
