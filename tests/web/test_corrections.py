"""Corrections through the web application in-process (TestClient over a copy of the seeded store): reject and
undo, fix a speaker, merge two actors, mark a shift; each needs the session's CSRF token, refuses bad values with
a 4xx, records its author, and escapes whatever names the analyst types."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from seed import HOSTILE_SPEAKER, QUESTION_ID
from test_app import _actors, _groups

from stancemap.store import open_store
from stancemap.store.corrections import history, marked_shifts
from stancemap.store.stances import map_positions
from stancemap.web.app import create_app

Q = f"/questions/{QUESTION_ID}"
AUTHOR = "reviewer@example.org"


@pytest.fixture()
def client(web_db: Path, tmp_path: Path) -> TestClient:
    copy = tmp_path / "own.db"
    shutil.copy(web_db, copy)
    made = TestClient(create_app(copy, author=AUTHOR))
    made.db = copy  # type: ignore[attr-defined]
    return made


def _csrf(client: TestClient) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(Q).text)
    assert found is not None
    return found.group(1)


def _row_of(db: Path, actor: str) -> int:
    """The one counted statement of `actor` on the question."""
    with open_store(db) as store:
        [(row,)] = store._conn.execute(
            "SELECT statement FROM stances WHERE question = ? AND actor = ? AND counted = 1", (QUESTION_ID, actor)
        ).fetchall()
    return int(row)


def _on_map(client: TestClient) -> set[str]:
    return {a for box in _groups(client.get(Q).text).values() for a in _actors(box)}


def test_corrections_reject_and_undo_through_the_page(client: TestClient) -> None:
    row = _row_of(client.db, "Blue Reach")  # type: ignore[attr-defined]
    token = _csrf(client)
    form = {"question": QUESTION_ID, "reason": "not a statement"}
    assert client.post(f"/statements/{row}/reject", data=form).status_code == 403
    assert client.post(f"/statements/{row}/reject", data={**form, "csrf": "guess"}).status_code == 403
    assert client.post(f"/statements/{row}/reject", data={**form, "csrf": token, "reason": "dull"}).status_code == 422
    assert client.post(f"/statements/{row + 10**6}/reject", data={**form, "csrf": token}).status_code == 404
    assert "Blue Reach" in _on_map(client)

    done = client.post(f"/statements/{row}/reject", data={**form, "csrf": token}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"{Q}#statement-{row}"
    assert "Blue Reach" not in _on_map(client)
    html = client.get(Q).text
    listed = html.split(f'<tr id="statement-{row}" class="rejected">')[1].split("</tr>")[0]
    assert "Rejected: not a statement" in listed and AUTHOR in listed and "Undo rejection" in listed
    # Off the map for the filtered map and the network too.
    assert "Blue Reach" not in {
        a for box in _groups(client.get(Q + "?from=2026-01-01").text).values() for a in _actors(box)
    }
    network = client.get(Q + "/network.json").json()
    assert "Blue Reach" not in {n["key"] for n in network["nodes"]}

    assert client.post(f"/statements/{row}/accept", data={"question": QUESTION_ID, "csrf": token}).status_code == 200
    assert "Blue Reach" in _on_map(client)
    with open_store(client.db) as store:  # type: ignore[attr-defined]
        assert [(c.kind, c.author) for c in history(store, row)] == [("reject", AUTHOR), ("accept", AUTHOR)]


def test_corrections_fix_speaker_and_merge_through_the_page(client: TestClient) -> None:
    row = _row_of(client.db, "Erik")  # type: ignore[attr-defined]
    token = _csrf(client)
    form = {"question": QUESTION_ID, "csrf": token, "speaker": "Erik Haug", "speaker_kind": "person"}
    assert client.post(f"/statements/{row}/speaker", data={**form, "speaker_kind": "alien"}).status_code == 422
    assert client.post(f"/statements/{row}/speaker", data={**form, "speaker": " "}).status_code == 422
    assert client.post(f"/statements/{row}/speaker", data={**form, "speaker": "x" * 201}).status_code == 422
    assert client.post(f"/statements/{row}/speaker", data=form).status_code == 200
    on_map = _on_map(client)
    assert "Erik Haug" in on_map and "Erik" not in on_map
    assert "speaker set by reviewer@example.org" in client.get(Q).text

    merge = {"question": QUESTION_ID, "csrf": token, "merged": "Erik Haug", "into": "Jonas Brekk"}
    assert client.post("/actors/merge", data={**merge, "into": "Erik Haug"}).status_code == 422
    with open_store(client.db) as store:  # type: ignore[attr-defined]
        brekk = next(p for p in map_positions(store, QUESTION_ID) if p.actor == "Jonas Brekk").statements
    assert client.post("/actors/merge", data=merge).status_code == 200
    assert "Erik Haug" not in _on_map(client)
    with open_store(client.db) as store:  # type: ignore[attr-defined]
        assert next(p for p in map_positions(store, QUESTION_ID) if p.actor == "Jonas Brekk").statements == brekk + 1

    # A name typed by the analyst is text on every page, never markup.
    assert client.post(f"/statements/{row}/speaker", data={**form, "speaker": HOSTILE_SPEAKER}).status_code == 200
    html = client.get(Q).text + client.get(f"{Q}/actor", params={"name": HOSTILE_SPEAKER}).text
    assert "<svg" not in html and "&lt;svg onload=" in html


def test_corrections_mark_a_shift_on_the_actor_page(client: TestClient) -> None:
    with open_store(client.db) as store:  # type: ignore[attr-defined]
        row = int(
            store._conn.execute(
                "SELECT MIN(statement) FROM stances WHERE question = ? AND actor = 'Halvard Lind' AND counted = 1",
                (QUESTION_ID,),
            ).fetchone()[0]
        )
    token = _csrf(client)
    page = f"{Q}/actor?name={quote('Halvard Lind')}"
    form = {"csrf": token, "statement": str(row), "date": "2026-02-20", "shift_from": "oppose", "shift_to": "support"}
    assert client.post(f"{Q}/shifts", data={**form, "date": "20 Feb"}).status_code == 422
    assert client.post(f"{Q}/shifts", data={**form, "shift_to": "oppose"}).status_code == 422
    assert client.post(f"{Q}/shifts", data={**form, "statement": str(10**9)}).status_code == 404
    assert client.post(f"{Q}/shifts", data={**form, "csrf": ""}).status_code == 403
    done = client.post(f"{Q}/shifts", data=form, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == page
    html = client.get(page).text
    assert "2026-02-20: oppose → support (marked by hand)" in html
    assert "marked by reviewer@example.org" in html
    with open_store(client.db) as store:  # type: ignore[attr-defined]
        [shift] = marked_shifts(store, QUESTION_ID, "Halvard Lind")
    assert client.post(f"/shifts/{shift.id}/remove", data={"csrf": token}).status_code == 200
    assert "(marked by hand)" not in client.get(page).text
    assert client.post(f"/shifts/{shift.id + 1}/remove", data={"csrf": token}).status_code == 404
