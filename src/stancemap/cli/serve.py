"""`stancemap serve [--db FILE|URL]`: the web page over the store, for the analyst who reviews and corrects the map."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer

from stancemap.cli.app import app, settings, stderr
from stancemap.errors import InputError
from stancemap.stance.questions import load_question
from stancemap.store import require_store, store_name

# Addresses only this machine can reach: serving on them needs no token.
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command("serve")
def serve_cli(
    db: Annotated[
        str | None, typer.Option("--db", help="The store: a file, or a postgresql:// URL (default: the `db` setting).")
    ] = None,
    host: Annotated[str, typer.Option("--host", help="Address to bind; beyond 127.0.0.1 needs --token.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None, typer.Option("--token", help="Access token every request must carry (?token=, then a cookie).")
    ] = None,
    question: Annotated[
        list[Path] | None, typer.Option("--question", help="Question file (TOML) whose text heads its page; repeat.")
    ] = None,
    author: Annotated[
        str | None, typer.Option("--author", help="Name stored with each correction (default: the login name).")
    ] = None,
) -> None:
    """Serve the map, its evidence and corrections as a local web page."""
    check_binding(host, token)
    store_path = db if db is not None else settings().db
    require_store(store_path)
    texts = {q.id: q.text for q in (load_question(path) for path in question or [])}
    import uvicorn

    from stancemap.web.app import create_app

    # Without a token the server answers only to this machine's own names (no DNS rebinding from a web page).
    hosts = None if token else ("127.0.0.1", "localhost", "::1", "[::1]")
    web = create_app(store_path, texts, token=token, author=author or _login(), allowed_hosts=hosts)
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    stderr.print(f"serving {store_name(store_path)} at {address} (Ctrl-C stops)", markup=False)
    uvicorn.run(web, host=host, port=port, log_level="warning")


def check_binding(host: str, token: str | None) -> None:
    """Refuse to serve beyond this machine without a token (anyone on the network could read and write)."""
    if host not in LOOPBACK and not token:
        raise InputError(f"--host {host} is reachable from other machines: give --token too, or bind 127.0.0.1")
    if token is not None and len(token) < 8:
        raise InputError("--token must be at least 8 characters")


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "analyst"
