"""The web application in-process (FastAPI's TestClient over the seeded store): pages, filters, highlighting,
escaping, static files, 4xx on malformed requests, CSRF-protected corrections, the access token."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from seed import GOLD, HOSTILE_KEY, HOSTILE_QUESTION, HOSTILE_SPEAKER, QUESTION_ID, gold_stanced

from stancemap.mapping.positions import positions
from stancemap.store import open_store
from stancemap.store.stances import labels, map_positions
from stancemap.web.app import create_app
from stancemap.web.views import group_of

Q = f"/questions/{QUESTION_ID}"


@pytest.fixture(scope="module")
def client(web_db: Path) -> TestClient:
    return TestClient(create_app(web_db, {QUESTION_ID: "Estvany should lift its ban."}))


def _groups(html: str) -> dict[str, str]:
    """group key -> the HTML of its box on the map."""
    parts = re.split(r'<div class="group group-\w+" data-group="(\w+)">', html.split('<section class="map">')[1])
    section = parts[-1].split("</section>")[0]
    parts[-1] = section
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _actors(box: str) -> set[str]:
    return set(re.findall(r'<li class="actor"><a href="[^"]*">([^<]*)</a>', box))


def test_app_questions_page_lists_the_judged_questions(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Estvany should lift its ban." in page.text and f'href="{Q}"' in page.text
    assert f'href="/questions/{quote(HOSTILE_QUESTION, safe="")}"' in page.text


def test_app_question_map_shows_the_stores_map_in_its_groups(client: TestClient, web_db: Path) -> None:
    html = client.get(Q).text
    groups = _groups(html)
    assert list(groups) == ["support", "oppose", "conditional", "mixed", "neutral"]
    with open_store(web_db) as store:
        stored = map_positions(store, QUESTION_ID)
    expected = {key: {str(escape(p.actor)) for p in stored if group_of(p) == key} for key in groups}
    assert {key: _actors(box) for key, box in groups.items()} == expected
    # The gold's end positions: Vey ended up supporting, Holm supports on conditions.
    gold = {a["actor"]: a for a in GOLD["actors"]}
    assert "Katrin Vey" in _actors(groups[gold["Katrin Vey"]["stance"]])
    conditional = [a for a, g in gold.items() if g["conditional"] and g["stance"] in ("support", "oppose")]
    assert conditional and all(str(escape(a)) in _actors(groups["conditional"]) for a in conditional)


def test_app_date_filter_maps_only_that_window(client: TestClient) -> None:
    html = client.get(Q, params={"from": "2026-02-01", "to": "2026-02-28"}).text
    window = [s for s in gold_stanced() if s.statement.date and "2026-02-01" <= s.statement.date <= "2026-02-28"]
    expected = positions(window, QUESTION_ID)
    groups = _groups(html)
    for p in expected:
        assert str(escape(p.actor)) in _actors(groups[group_of(p)]), p.actor
    assert sum(len(_actors(b)) for b in groups.values()) == len(expected)
    dates = re.findall(r'<td class="date">([^<]*)</td>', html)
    assert dates and all("2026-02-01" <= d <= "2026-02-28" for d in dates)
    assert "Katrin Vey" not in _actors(groups["support"])  # before her March turn
    assert 'value="2026-02-01"' in html and 'value="2026-02-28"' in html


def test_app_kind_and_outlet_filters(client: TestClient) -> None:
    html = client.get(Q, params={"kind": "organization"}).text
    kinds = {re.sub(r" · .*", "", k) for k in re.findall(r'<div class="muted">(\w+)(?: · [^<]*)?</div></td>', html)}
    assert kinds == {"organization"}
    html = client.get(Q, params={"outlet": "Nordpress Agency"}).text
    outlets = re.findall(r'<div class="muted">\w+ · ([^<]*)</div></td>', html)
    assert outlets and set(outlets) == {"Nordpress Agency"}
    assert client.get(Q, params={"from": "", "to": "", "kind": "", "outlet": ""}).text.count("<tr id=") == len(
        client.get(Q).text.split("<tr id=")[1:]
    )


def test_app_article_marks_the_statement_and_speaker_at_their_offsets(client: TestClient, web_db: Path) -> None:
    with open_store(web_db) as store:
        stored = store.get_article("npa-2026-02-02-mining-ban")
        assert stored is not None and stored.article.raw is not None
        raw = stored.article.raw
        row = store._conn.execute(
            "SELECT id, content_start, content_end, speaker_mention FROM statements "
            "WHERE article_id = 'npa-2026-02-02-mining-ban' AND speaker = 'Katrin Vey' ORDER BY id"
        ).fetchone()
    html = client.get(f"/articles/npa-2026-02-02-mining-ban?statement={row[0]}").text
    focused = re.findall(r'<mark class="content focus"[^>]*>([^<]*)</mark>', html)
    assert "".join(focused) == str(escape(raw[row[1] : row[2]]))
    assert "".join(re.findall(r'<mark class="speaker focus"[^>]*>([^<]*)</mark>', html)) == "Katrin Vey"
    assert f'id="s{row[0]}"' in html
    gold = next(a for a in GOLD["articles"] if a["article"] == "npa-2026-02-02-mining-ban")
    assert html.split("<aside>")[1].count("<li") == len(gold["statements"])
    # The page's text is the file's text (the offsets index it), every character of it.
    body = html.split('<article class="text">')[1].split("</article>")[0]
    assert re.sub(r"<[^>]+>", "", body) == str(escape(raw))


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every element the page really has, as a browser's tokenizer reads it."""
    collector = _TagCollector()
    collector.feed(html)
    return collector.tags


def test_app_hostile_article_is_escaped_everywhere(client: TestClient) -> None:
    pages = [
        f"/articles/{HOSTILE_KEY}",
        f"/articles/{HOSTILE_KEY}?statement=1",
        Q,
        f"/questions/{quote(HOSTILE_QUESTION, safe='')}",
        f"{Q}/actor?name={quote(HOSTILE_SPEAKER, safe='')}",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        tags = _tags(response.text)
        # The only script is our own network bundle, from our static route.
        ours = [t for t, attrs in tags if t == "script" and attrs == [("src", "/static/network.js"), ("defer", None)]]
        assert len(ours) == (1 if path.startswith("/questions/") and "/actor" not in path else 0), path
        hostile = [t for t, attrs in tags if t in ("script", "img", "svg", "iframe", "object", "embed")]
        assert len(hostile) == len(ours), path
        attributes = [(t, a, v) for t, attrs in tags for a, v in attrs]
        assert not [x for x in attributes if x[1].startswith("on")], path
        assert not [x for x in attributes if (x[2] or "").strip().lower().startswith("javascript:")], path
    article = client.get(f"/articles/{HOSTILE_KEY}").text
    assert "&lt;script&gt;window.__pwned = &#39;body&#39;" in article
    assert str(escape(HOSTILE_SPEAKER)) in client.get(f"{Q}/actor?name={quote(HOSTILE_SPEAKER, safe='')}").text


@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/static/templates/base.html",
        "/static/..%5c..%5capp.py",
        "/static/",
        "/static/style.css%00.py",
        "/static//etc/passwd",
    ],
)
def test_app_static_serves_its_files_only(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404, path
    assert "stancemap" not in response.text or "import" not in response.text


def test_app_static_stylesheet(client: TestClient) -> None:
    css = client.get("/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert "mark.focus" in css.text


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", f"{Q}?from=yesterday", 400),
        ("GET", f"{Q}?from=2026-03-01&to=2026-02-01", 400),
        ("GET", f"{Q}?to=2026-02-30", 400),
        ("GET", "/questions/no-such-question", 404),
        ("GET", f"{Q}/actor", 422),
        ("GET", f"{Q}/actor?name=Nobody%20Known", 404),
        ("GET", "/articles/no-such-article", 404),
        ("GET", "/articles/npa-2026-02-02-mining-ban?statement=abc", 422),
        ("GET", "/articles/npa-2026-02-02-mining-ban?statement=0", 422),
        ("GET", "/articles/npa-2026-02-02-mining-ban?statement=99999999999999999999999", 422),
        ("GET", "/no/such/page", 404),
        ("POST", "/statements/abc/label", 422),
        ("POST", "/statements/99999999999999999999999/label", 422),
        ("POST", "/", 405),
        ("DELETE", Q, 405),
    ],
)
def test_app_malformed_requests_get_4xx(client: TestClient, method: str, path: str, status: int) -> None:
    response = client.request(method, path)
    assert response.status_code == status, response.text[:300]


def _csrf(client: TestClient) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(Q).text)
    assert found is not None
    return found.group(1)


@pytest.fixture()
def own_db(web_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "own.db"
    shutil.copy(web_db, copy)
    return copy


def test_app_relabel_needs_the_sessions_csrf_token_and_moves_the_actor(own_db: Path) -> None:
    client = TestClient(create_app(own_db, author="reviewer@example.org"))
    with open_store(own_db) as store:
        # Every statement of the actor that counts on the map (the wire original and its own report, not the copy).
        rows = [
            r[0]
            for r in store._conn.execute(
                "SELECT statement FROM stances WHERE question = ? AND actor = 'Korsa Minerals' AND counted = 1 "
                "ORDER BY statement",
                (QUESTION_ID,),
            )
        ]
    row = rows[0]
    assert "Korsa Minerals" in _actors(_groups(client.get(Q).text)["support"])
    token = _csrf(client)
    form = {"question": QUESTION_ID, "label": "oppose"}
    # No token, a wrong one, one from another session (a forged cross-site form): refused, nothing stored.
    assert client.post(f"/statements/{row}/label", data=form).status_code == 403
    assert client.post(f"/statements/{row}/label", data={**form, "csrf": "guess"}).status_code == 403
    stranger = TestClient(create_app(own_db))
    assert stranger.post(f"/statements/{row}/label", data={**form, "csrf": token}).status_code == 403
    assert client.post(f"/statements/{row}/label", data={**form, "csrf": token, "label": "maybe"}).status_code == 422
    assert client.post(f"/statements/{row + 10**6}/label", data={**form, "csrf": token}).status_code == 404
    with open_store(own_db) as store:
        assert labels(store, row, QUESTION_ID) == []

    done = client.post(f"/statements/{row}/label", data={**form, "csrf": token}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"{Q}#statement-{row}"
    for other in rows[1:]:
        assert client.post(f"/statements/{other}/label", data={**form, "csrf": token}).status_code == 200
    groups = _groups(client.get(Q).text)
    assert "Korsa Minerals" in _actors(groups["oppose"]) and "Korsa Minerals" not in _actors(groups["support"])
    with open_store(own_db) as store:
        [(label, conditional, author, _, when)] = labels(store, row, QUESTION_ID)
    assert (label, conditional, author) == ("oppose", False, "reviewer@example.org")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", when)

    # Through the header too, and conditional: the actor moves to the conditional group.
    header = {"x-csrf-token": token}
    conditional_form = {**form, "label": "support", "conditional": "true"}
    for each in rows:
        assert client.post(f"/statements/{each}/label", data=conditional_form, headers=header).status_code == 200
    assert "Korsa Minerals" in _actors(_groups(client.get(Q).text)["conditional"])


def test_app_access_token(web_db: Path) -> None:
    client = TestClient(create_app(web_db, token="correct-horse-battery"))
    assert client.get("/").status_code == 401
    assert client.get("/?token=wrong-token").status_code == 401
    assert client.get("/static/style.css").status_code == 401
    assert client.get("/?token=correct-horse-battery").status_code == 200
    assert client.get(Q).status_code == 200  # the cookie set by the first visit carries it
    bearer = TestClient(create_app(web_db, token="correct-horse-battery"))
    assert bearer.get("/", headers={"authorization": "Bearer correct-horse-battery"}).status_code == 200


def test_app_a_stale_token_cookie_does_not_block_the_right_token(web_db: Path) -> None:
    client = TestClient(create_app(web_db, token="correct-horse-battery"))
    client.cookies.set("stancemap_token", "an-old-token")
    assert client.get("/?token=correct-horse-battery").status_code == 200


def test_app_a_filter_spanning_everything_gives_the_unfiltered_map(client: TestClient) -> None:
    # Who is in which group (counts may differ: a date filter leaves the 3 undated statements out).
    whole = {key: _actors(box) for key, box in _groups(client.get(Q).text).items()}
    spanning = _groups(client.get(Q, params={"from": "2000-01-01", "to": "2100-01-01"}).text)
    assert whole == {key: _actors(box) for key, box in spanning.items()}
