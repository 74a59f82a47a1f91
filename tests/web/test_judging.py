"""A new question defined on the page and judged over the stored statements (TestClient over a copy of the seeded
store, and the same job over PostgreSQL): submission, progress, the map, and every way a submission is refused."""

from __future__ import annotations

import shutil
import time
from itertools import pairwise
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from seed import HOSTILE_QUESTION, QUESTION_ID, gold_stanced, seed

import pg_server
from stancemap.examples import QUESTION
from stancemap.records import Question
from stancemap.stance.questions import load_question
from stancemap.store import open_store
from stancemap.store.corrections import reject
from stancemap.store.stances import add_stanced, map_positions
from stancemap.web.app import CSRF_COOKIE, create_app
from stancemap.web.judging import Job, Jobs, question_from_form

# The example question again under a new id: its map must take sides like the example's.
EXAMPLE = load_question(QUESTION)
NEW_ID = "estvany-ban-again"
# A second question the seeded statements were "judged" on: every statement is stored twice.
TWIN_QUESTION = "twin-run"
# Long enough for any machine to judge a few hundred statements; only a hang reaches it.
GIVE_UP_S = 120


def _twinned_copy(web_db: Path, folder: Path) -> Path:
    """The seeded store with every gold statement stored a second time (another question's run) and one
    statement rejected by a person."""
    path = folder / "judging.db"
    shutil.copy(web_db, path)
    with open_store(path) as store:
        rows = {a.key: a.row for a in store.iter_articles()}
        add_stanced(store, gold_stanced(), TWIN_QUESTION, rows)
        first = store._conn.execute("SELECT MIN(id) FROM statements WHERE speaker IS NOT NULL").fetchone()[0]
        reject(store, first, "not a statement", author="test")
    return path


@pytest.fixture()
def store_path(web_db: Path, tmp_path: Path) -> Path:
    return _twinned_copy(web_db, tmp_path)


@pytest.fixture()
def client(store_path: Path) -> TestClient:
    client = TestClient(create_app(store_path))
    client.get("/judging")  # sets the CSRF cookie
    return client


def _submit(client: TestClient, **fields: str) -> tuple[int, str, str]:
    form = {"id": NEW_ID, "text": EXAMPLE.text, "keywords": ", ".join(EXAMPLE.keywords), **fields}
    form.setdefault("csrf", client.cookies[CSRF_COOKIE])
    answer = client.post("/judging", data=form, follow_redirects=False)
    return answer.status_code, answer.headers.get("location", ""), answer.text


def _wait(client: TestClient, question: str) -> dict[str, object]:
    deadline = time.monotonic() + GIVE_UP_S
    seen: list[tuple[int, int]] = []
    while True:
        status = client.get(f"/judging/{question}/status").json()
        seen.append((status["done"], status["total"]))
        if status["state"] in ("done", "failed") or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    # Progress only moves forward and never passes the total.
    assert all(a[0] <= b[0] and b[0] <= b[1] for a, b in pairwise(seen))
    return dict(status)


def _wait_job(job: Job) -> None:
    deadline = time.monotonic() + GIVE_UP_S
    while job.state not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.02)


def test_judging_new_question_is_judged_over_each_distinct_statement_and_mapped(
    client: TestClient, store_path: Path
) -> None:
    with open_store(store_path) as store:
        statements_before = store._conn.execute("SELECT COUNT(*) FROM statements").fetchone()[0]
        distinct = store._conn.execute(
            "SELECT COUNT(*) FROM (SELECT DISTINCT article_id, content_start, content_end, content FROM statements) d"
        ).fetchone()[0]
    assert statements_before > distinct  # the twin run stored every gold statement twice

    status, location, _ = _submit(client)
    assert (status, location) == (303, f"/judging/{NEW_ID}")
    progress = client.get(location)
    assert progress.status_code == 200 and 'src="/static/judging.js"' in progress.text
    assert str(escape(EXAMPLE.text)) in progress.text

    final = _wait(client, NEW_ID)
    assert final["state"] == "done", final
    assert final["done"] == final["total"] == distinct and final["map"] == f"/questions/{NEW_ID}"

    with open_store(store_path) as store:
        conn = store._conn
        # No statement was stored again; each distinct one has one stance, on its first stored row.
        assert conn.execute("SELECT COUNT(*) FROM statements").fetchone()[0] == statements_before
        rows = [r[0] for r in conn.execute("SELECT statement FROM stances WHERE question = ?", (NEW_ID,))]
        assert len(rows) == len(set(rows)) == distinct
        firsts = {
            r[0]
            for r in conn.execute(
                "SELECT MIN(id) FROM statements GROUP BY article_id, content_start, content_end, content"
            )
        }
        assert set(rows) == firsts
        # The rejected statement (and its copy in the story's other article) is judged but never counts.
        rejected = conn.execute(
            "SELECT t.counted FROM stances t JOIN statements s ON s.id = t.statement "
            "WHERE t.question = ? AND s.rejected IS NOT NULL",
            (NEW_ID,),
        ).fetchall()
        assert rejected and all(counted == 0 for (counted,) in rejected)
        counted_actors = {
            r[0]
            for r in conn.execute("SELECT DISTINCT actor FROM stances WHERE question = ? AND counted = 1", (NEW_ID,))
        }
        mapped = map_positions(store, NEW_ID)
    assert {p.actor for p in mapped} == counted_actors and len(mapped) >= 10
    # The example question judged again over the corpus takes sides on it.
    assert {"support", "oppose"} <= {p.stance for p in mapped}

    page = client.get(final["map"])  # type: ignore[arg-type]
    assert page.status_code == 200
    assert EXAMPLE.text in page.text  # the new question's text heads its map
    assert all(str(escape(p.actor)) in page.text for p in mapped)
    index = client.get("/")
    assert f'href="/questions/{NEW_ID}"' in index.text and 'href="/judging"' in index.text
    # After the judging, the progress page leads to the map.
    assert client.get(f"/judging/{NEW_ID}", follow_redirects=False).status_code == 200


def test_judging_refuses_a_second_submission_of_the_same_id(client: TestClient) -> None:
    assert _submit(client)[0] == 303
    status, _, html = _submit(client, text="Another text under the same id.")
    assert status == 409 and f"question &#39;{NEW_ID}&#39; is already being judged or was judged here" in html
    # An id the store has judged before (by `stancemap stance`) is taken too.
    status, _, html = _submit(client, id=QUESTION_ID)
    assert status == 409 and "is already judged in this store: choose another id" in html
    assert _wait(client, NEW_ID)["state"] == "done"


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"id": ""}, "field &#39;id&#39; is empty"),
        ({"id": "ban/../../etc"}, "may only hold letters, digits"),
        ({"id": "x" * 101}, "field &#39;id&#39; is longer than 100 characters"),
        ({"text": "   "}, "field &#39;text&#39; is empty"),
        ({"text": "y" * 2001}, "field &#39;text&#39; is longer than 2000 characters"),
        ({"keywords": ",".join(f"k{i}" for i in range(51))}, "more than 50 keywords"),
    ],
)
def test_judging_bad_form_gets_one_clear_error_and_keeps_the_values(
    client: TestClient, fields: dict[str, str], reason: str
) -> None:
    status, _, html = _submit(client, **fields)
    assert status == 422 and reason in html and html.count('class="error"') == 1
    assert "the new question form: " not in html  # the reason alone, not the origin the CLI would print
    assert f'value="{escape(fields.get("keywords", ", ".join(EXAMPLE.keywords)))}"' in html
    assert client.get(f"/judging/{fields.get('id', NEW_ID)}/status").status_code == 404


def test_judging_needs_the_csrf_token(client: TestClient, store_path: Path) -> None:
    assert _submit(client, csrf="")[0] == 403
    assert _submit(client, csrf="guessed")[0] == 403
    with open_store(store_path) as store:
        assert store._conn.execute("SELECT COUNT(*) FROM stances WHERE question = ?", (NEW_ID,)).fetchone()[0] == 0


def test_judging_hostile_text_is_escaped_on_the_progress_page_and_the_map(client: TestClient) -> None:
    hostile = "Should <script>window.__pwned='judging'</script> \"x\" <img src=x onerror=alert(1)> win?"
    assert _submit(client, text=hostile, keywords="<b>bold</b>")[0] == 303
    page = client.get(f"/judging/{NEW_ID}").text
    assert "<script>window.__pwned" not in page and "<img src=x" not in page and "<b>bold" not in page
    assert str(escape(hostile)) in page
    assert _wait(client, NEW_ID)["state"] == "done"
    shown = client.get(f"/questions/{NEW_ID}").text
    assert "<script>window.__pwned" not in shown and str(escape(hostile)) in shown


def test_judging_unknown_question_pages_are_404(client: TestClient) -> None:
    assert client.get("/judging/no-such-question/status").status_code == 404
    assert client.get("/judging/no-such-question").status_code == 404
    # A question judged before this server started: its progress page is its map.
    answer = client.get(f"/judging/{QUESTION_ID}", follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, f"/questions/{QUESTION_ID}")
    odd = client.get(f"/judging/{quote(HOSTILE_QUESTION, safe='')}", follow_redirects=False)
    assert (odd.status_code, odd.headers["location"]) == (303, f"/questions/{quote(HOSTILE_QUESTION, safe='')}")


def test_judging_question_from_form_reads_keywords_by_comma_or_line() -> None:
    q = question_from_form(" plant ", "The plant should open.", "smelter,\n harbour , ,jobs\n")
    assert q == Question(id="plant", text="The plant should open.", keywords=("smelter", "harbour", "jobs"))


def test_judging_an_empty_store_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    with open_store(empty):
        pass
    client = TestClient(create_app(empty))
    client.get("/judging")
    status, _, html = _submit(client)
    assert status == 422 and "the store holds no statements to judge" in html


def test_judging_on_postgresql_maps_as_on_sqlite(
    postgres_server: pg_server.Server, web_db: Path, tmp_path: Path
) -> None:
    url = postgres_server.new_database()
    seed(url)
    maps = []
    for db in (url, str(tmp_path / "copy.db")):
        if not db.startswith("postgresql"):
            shutil.copy(web_db, db)
        texts: dict[str, str] = {}
        jobs = Jobs(db, texts)
        job = jobs.start(Question(NEW_ID, EXAMPLE.text, EXAMPLE.keywords))
        _wait_job(job)
        assert job.state == "done", job.error
        assert texts == {NEW_ID: EXAMPLE.text}
        with open_store(db) as store:
            maps.append(map_positions(store, NEW_ID))
    assert maps[0] == maps[1] and maps[0]


def test_judging_failure_is_reported_not_raised(store_path: Path) -> None:
    # The question gets stances elsewhere (say `stancemap stance --db`) between the submission and the write.
    with open_store(store_path) as store:
        before = map_positions(store, QUESTION_ID)
    jobs = Jobs(str(store_path), {})
    job = Job(Question(QUESTION_ID, EXAMPLE.text))
    jobs._run(job)
    assert job.state == "failed" and job.error == f"question {QUESTION_ID!r} is already judged in this store"
    assert job.to_json()["message"] == f"Judging failed: {job.error}"
    with open_store(store_path) as store:
        assert map_positions(store, QUESTION_ID) == before  # the stored question is untouched
