"""Read queries for browsing the store (`stancemap serve`): statements with their article and outlet, an article's
statements on every question. The map itself is read with `stancemap.store.stances`, as `stancemap map` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from stancemap.mapping.statements import StancedStatement
from stancemap.records import Stance, Statement
from stancemap.store.sqlite import SqliteStore
from stancemap.store.stances import STATEMENT_FIELD_COUNT, STATEMENT_FIELDS, iter_stanced, statement_from_row


@dataclass(frozen=True, slots=True)
class StatementView:
    """A statement judged on one question, with what a reader needs to find its evidence.

    `row` is the statement's id in the store; `article_key` is None when the statement came from a statements file
    and its article is not stored. `outlet` is the article's site name, else its URL's host, else None. `counted`
    is False for statements the map leaves out (no actor, a copy of a story whose other copy counts, or rejected).
    `rejected` is the reason a person gave for rejecting the statement, None while it stands.
    """

    row: int
    item: StancedStatement
    article_key: str | None
    outlet: str | None
    title: str | None
    labelled: bool
    counted: bool
    rejected: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleStatement:
    """A statement of one article with its stance on each question judged: question -> (stance, labelled)."""

    row: int
    statement: Statement
    stances: dict[str, tuple[Stance, bool]]


def outlet_of(site: str | None, url: str | None) -> str | None:
    if site:
        return site
    if url:
        host = urlsplit(url).hostname
        return host or None
    return None


def statement_views(store: SqliteStore, question: str) -> list[StatementView]:
    """Every statement judged on `question`, in storage order (the order `iter_stanced` gives)."""
    meta = {
        r[0]: (r[1], outlet_of(r[2], r[3]), r[4], bool(r[5]), bool(r[6]), r[7])
        for r in store._conn.execute(
            "SELECT t.statement, a.store_key, a.site, a.url, a.title, t.labelled, t.counted, s.rejected FROM stances t "
            "JOIN statements s ON s.id = t.statement LEFT JOIN articles a ON a.id = s.article WHERE t.question = ?",
            (question,),
        )
    }
    return [StatementView(row, item, *meta[row]) for row, item in iter_stanced(store, question, rejected=True)]


def question_counts(store: SqliteStore) -> dict[str, tuple[int, int]]:
    """question -> (statements judged, actors on the current map)."""
    statements = dict(store._conn.execute("SELECT question, COUNT(*) FROM stances GROUP BY question").fetchall())
    actors = dict(store._conn.execute("SELECT question, COUNT(*) FROM actor_positions GROUP BY question").fetchall())
    return {q: (int(n), int(actors.get(q, 0))) for q, n in statements.items()}


def article_statements(store: SqliteStore, key: str) -> list[ArticleStatement]:
    """The statements stored for the article with store key `key`, in text order, with their stances."""
    found: dict[int, ArticleStatement] = {}
    rows = store._conn.execute(
        f"SELECT s.id, {STATEMENT_FIELDS}, t.question, t.label, t.score, t.conditional, t.labelled "
        "FROM statements s JOIN articles a ON a.id = s.article "
        "LEFT JOIN stances t ON t.statement = s.id WHERE a.store_key = ? ORDER BY s.content_start, s.id",
        (key,),
    )
    for r in rows:
        if r[0] not in found:
            found[r[0]] = ArticleStatement(r[0], statement_from_row(r[1:]), {})
        question, label, score, conditional, labelled = r[1 + STATEMENT_FIELD_COUNT :]
        if question is not None:
            found[r[0]].stances[question] = (Stance(label, score, bool(conditional)), bool(labelled))
    return list(found.values())


def has_stance(store: SqliteStore, statement: int, question: str) -> bool:
    row = store._conn.execute(
        "SELECT 1 FROM stances WHERE statement = ? AND question = ?", (statement, question)
    ).fetchone()
    return row is not None
