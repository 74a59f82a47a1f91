"""`stancemap serve` as a command: it refuses to serve beyond this machine without a token, names a missing
store, and serves the store (a real server process, the one the browser tests use)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from stancemap.cli.serve import check_binding
from stancemap.errors import InputError


def _stancemap(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "stancemap", *args], capture_output=True, text=True, timeout=120)


def test_serve_cli_refuses_other_addresses_without_a_token(web_db: Path) -> None:
    done = _stancemap("serve", "--db", str(web_db), "--host", "0.0.0.0")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "--token" in done.stderr and "Traceback" not in done.stderr


def test_serve_cli_binding_rules() -> None:
    for host in ("127.0.0.1", "localhost", "::1"):
        check_binding(host, None)
    for host in ("0.0.0.0", "192.168.1.20", "::", "127.0.0.2"):
        with pytest.raises(InputError, match="--token"):
            check_binding(host, None)
    check_binding("0.0.0.0", "long-enough-token")
    with pytest.raises(InputError, match="at least 8"):
        check_binding("0.0.0.0", "short")


def test_serve_cli_missing_store(tmp_path: Path) -> None:
    done = _stancemap("serve", "--db", str(tmp_path / "absent.db"))
    assert done.returncode == 2 and "store not found" in done.stderr and done.stderr.count("\n") == 1
    assert not (tmp_path / "absent.db").exists()


def test_serve_cli_serves_the_store(live_server: str) -> None:
    page = httpx.get(live_server + "/", timeout=10)
    assert page.status_code == 200
    # The question file given with --question heads the list.
    assert "Estvany should lift its ban on commercial deep-sea mining" in page.text


def test_serve_cli_answers_only_to_local_host_names(live_server: str) -> None:
    # A page elsewhere that points its own DNS name at 127.0.0.1 sends its name as Host: refused.
    assert httpx.get(live_server + "/", headers={"host": "attacker.example"}, timeout=10).status_code == 400
    port = live_server.rsplit(":", 1)[1]
    assert httpx.get(live_server + "/", headers={"host": f"localhost:{port}"}, timeout=10).status_code == 200
