"""A new question judged over the statements already in the store (the web page's "new question").

The store keeps one `statements` row per statement and run (a statement judged on two questions by two runs is
stored twice), and `stances` rows point at a statement row. A new question's stances therefore go onto the
statements already there: each distinct statement (same article, offsets and text) is read once, judged, and its
stance row points at the first stored copy, whose human corrections (rejection, speaker, merges) already hold for
its twins (`store.corrections.copies`). Nothing is inserted into `statements`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from stancemap.mapping.statements import StancedStatement
from stancemap.records import Stance
from stancemap.store.sqlite import SqliteStore, now
from stancemap.store.stances import (
    BATCH,
    INSERT_STANCE,
    STATEMENT_FIELD_COUNT,
    STATEMENT_FIELDS,
    recount_copies,
    refresh_positions,
    stance_row,
    statement_from_row,
)


@dataclass(frozen=True, slots=True)
class StoredStatement:
    """A statement as stored: its row, its story and whether a person rejected it."""

    row: int
    story: str
    rejected: bool
    stanced: StancedStatement  # the statement with a placeholder stance, so that `.actor` follows the map's rules


@dataclass(frozen=True, slots=True)
class Judged:
    """The new question's stance on one stored statement and the shift its sentence reports, if any."""

    statement: StoredStatement
    stance: Stance
    reported: tuple[str, str] | None = None


class QuestionTaken(ValueError):
    """The question already has stances in the store."""


def distinct_statements(store: SqliteStore) -> list[StoredStatement]:
    """Every distinct stored statement once (the first row of each article, offsets and text), grouped by article
    in row order, so that a judge sees an article's statements together."""
    rows = store._conn.execute(
        f"SELECT s.id, s.story, s.rejected, {STATEMENT_FIELDS} FROM statements s WHERE s.id IN "
        "(SELECT MIN(id) FROM statements GROUP BY article_id, content_start, content_end, content) "
        "ORDER BY s.article_id, s.id"
    ).fetchall()
    placeholder = Stance("neutral", 0.0)
    found = []
    for row in rows:
        statement = statement_from_row(row[3 : 3 + STATEMENT_FIELD_COUNT])
        found.append(
            StoredStatement(row[0], row[1], row[2] is not None, StancedStatement(statement, placeholder, row[1]))
        )
    return found


def has_question(store: SqliteStore, question: str) -> bool:
    return store._conn.execute("SELECT 1 FROM stances WHERE question = ? LIMIT 1", (question,)).fetchone() is not None


def add_question_stances(store: SqliteStore, question: str, judged: Iterable[Judged]) -> int:
    """Store `question`'s stances on existing statement rows, BATCH per transaction, then pick which copy of each
    story counts and write the question's kept map. Returns how many stances were written.

    QuestionTaken when the question has stances already (a second run would mix two judgements of it).
    """
    if has_question(store, question):
        raise QuestionTaken(f"question {question!r} is already judged in this store")
    written = 0
    batch: list[Judged] = []
    for item in judged:
        batch.append(item)
        if len(batch) >= BATCH:
            written += _write(store, question, batch)
            batch = []
    if batch:
        written += _write(store, question, batch)
    # Copies of a story: one counts per actor, as when statements are stored with their stances.
    recount_copies(store, question)
    refresh_positions(store, question)
    return written


def _write(store: SqliteStore, question: str, batch: list[Judged]) -> int:
    judged_at = now()
    with store.transaction():
        store._conn.executemany(
            INSERT_STANCE,
            [
                stance_row(
                    item.statement.row,
                    question,
                    replace(item.statement.stanced, stance=item.stance, reported=item.reported),
                    # A rejected statement never counts; the recount then picks one copy of each story.
                    item.statement.stanced.actor is not None and not item.statement.rejected,
                    judged_at,
                )
                for item in batch
            ],
        )
    return len(batch)
