"""The web page over a PostgreSQL store: the same test store seeded there serves the same pages as over SQLite, and
a correction made on the page moves the actor on the map."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from seed import HOSTILE_KEY, HOSTILE_QUESTION, QUESTION_ID, seed
from test_app import _actors, _groups

import pg_server
from stancemap.store import open_store
from stancemap.store.stances import labels, map_positions
from stancemap.web.app import CSRF_COOKIE, create_app

Q = f"/questions/{QUESTION_ID}"
TEXTS = {QUESTION_ID: "Estvany should lift its ban."}


@pytest.fixture(scope="module")
def postgres_web_db(postgres_server: pg_server.Server) -> str:
    url = postgres_server.new_database()
    seed(url)
    return url


def _client(db: str | Path) -> TestClient:
    client = TestClient(create_app(db, TEXTS, author="reviewer@example.org"))
    # One CSRF token for both stores' clients, so that their pages can be compared byte for byte.
    client.cookies.set(CSRF_COOKIE, "same-session-token-for-both-stores")
    return client


def test_app_postgres_serves_the_same_pages_as_sqlite(postgres_web_db: str, web_db: Path) -> None:
    on_postgres, on_sqlite = _client(postgres_web_db), _client(web_db)
    with open_store(web_db) as store:
        first_statement = min(r for (r,) in store._conn.execute("SELECT id FROM statements"))
    pages = [
        "/",
        Q,
        f"{Q}?from=2026-02-01&to=2026-02-28",
        f"{Q}?kind=organization",
        f"{Q}/actor?name={quote('Katrin Vey')}",
        f"{Q}/network.json",
        f"/questions/{quote(HOSTILE_QUESTION, safe='')}",
        "/articles/npa-2026-02-02-mining-ban",
        f"/articles/{HOSTILE_KEY}?statement={first_statement}",
    ]
    for page in pages:
        here, there = on_postgres.get(page), on_sqlite.get(page)
        assert here.status_code == there.status_code == 200, page
        assert here.text == there.text, page
    with open_store(postgres_web_db) as store:
        assert map_positions(store, QUESTION_ID)
        assert "postgresql://" in store.path


def test_app_postgres_correction_moves_the_actor(postgres_server: pg_server.Server) -> None:
    db = postgres_server.new_database()
    seed(db)
    client = _client(db)
    with open_store(db) as store:
        rows = [
            r[0]
            for r in store._conn.execute(
                "SELECT statement FROM stances WHERE question = ? AND actor = 'Korsa Minerals' AND counted = 1",
                (QUESTION_ID,),
            )
        ]
    assert rows and "Korsa Minerals" in _actors(_groups(client.get(Q).text)["support"])
    page = client.get(Q).text
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert token is not None
    form = {"question": QUESTION_ID, "label": "oppose", "csrf": token.group(1)}
    for row in rows:
        assert client.post(f"/statements/{row}/label", data=form).status_code == 200
    with open_store(db) as store:
        assert [label for label, *_ in labels(store, rows[0], QUESTION_ID)] == ["oppose"]
        korsa = next(p for p in map_positions(store, QUESTION_ID) if p.actor == "Korsa Minerals")
    assert korsa.stance == "oppose"
    groups = _groups(client.get(Q).text)
    assert "Korsa Minerals" in _actors(groups["oppose"]) and "Korsa Minerals" not in _actors(groups["support"])
