"""Statements, stances and labels in the store; the map computed in SQL equals the map computed in memory."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from stancemap.mapping.positions import positions
from stancemap.mapping.statements import StancedStatement
from stancemap.mapping.timeseries import timeseries
from stancemap.records import Change, Stance
from stancemap.store import open_store
from stancemap.store.migrations import MIGRATIONS
from stancemap.store.stances import (
    add_stanced,
    current_map_actors,
    iter_stanced,
    labels,
    map_positions,
    put_label,
    questions,
    store_timeseries,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "mapping"))
from gold_map import GOLD, QUESTION_ID, gold_stanced


@pytest.fixture()
def gold_store(tmp_path: Path):
    with open_store(tmp_path / "map.db") as store:
        assert add_stanced(store, gold_stanced(), QUESTION_ID) == len(gold_stanced())
        yield store


def test_stances_store_map_equals_the_in_memory_map(gold_store) -> None:
    for as_of in (None, "2026-02-25", "2026-03-09"):
        for evidence in (3, 50):  # the kept current map (up to 5 evidence) and the one computed from the stances
            stored = map_positions(gold_store, QUESTION_ID, as_of=as_of, evidence=evidence)
            assert stored == positions(gold_stanced(), QUESTION_ID, as_of=as_of, evidence=evidence), as_of
    found = [p.to_json() for p in map_positions(gold_store, QUESTION_ID)]
    for evidence in (0, 3, 5, 9):
        expected = [p.to_json() for p in map_positions(gold_store, QUESTION_ID, evidence=evidence)]
        assert current_map_actors(gold_store, QUESTION_ID, evidence) == expected
    assert [{k: v for k, v in p.items() if k != "evidence"} for p in found] == GOLD["actors"]


def test_stances_store_map_as_of_every_date_equals_the_in_memory_map(store_location: str) -> None:
    """A map as of a past date takes its changes from the kept current map (those dated up to that date): on every
    date of the corpus, before and after a human label turns a statement around, it equals the map in memory, on
    SQLite and on PostgreSQL."""
    with open_store(store_location) as gold_store:
        add_stanced(gold_store, gold_stanced(), QUESTION_ID)
        _as_of_every_date(gold_store)


def _as_of_every_date(gold_store) -> None:
    items = list(gold_stanced())
    days = ["2026-01-01", *sorted({i.statement.date for i in items if i.statement.date})]
    for day in days:
        assert map_positions(gold_store, QUESTION_ID, as_of=day) == positions(items, QUESTION_ID, as_of=day), day
    # Turn around a sided statement of the actor with the most changes, the first whose turn moves its changes.
    mover = max(positions(items, QUESTION_ID), key=lambda p: (len(p.changes), p.actor))
    rows = [row for row, _ in iter_stanced(gold_store, QUESTION_ID)]

    def turned(n: int) -> list[StancedStatement]:
        label = "oppose" if items[n].stance.label == "support" else "support"
        return [*items[:n], replace(items[n], stance=Stance(label, 1.0, False)), *items[n + 1 :]]

    def changes_of(found: list[StancedStatement]) -> tuple[Change, ...]:
        return next(p.changes for p in positions(found, QUESTION_ID) if p.actor == mover.actor)

    n = next(
        n
        for n, i in enumerate(items)
        if i.actor == mover.actor and i.stance.label != "neutral" and changes_of(turned(n)) != mover.changes
    )
    items = turned(n)
    put_label(gold_store, rows[n], QUESTION_ID, items[n].stance.label, author="analyst@example.org")
    for day in days:
        assert map_positions(gold_store, QUESTION_ID, as_of=day) == positions(items, QUESTION_ID, as_of=day), day


def test_stances_migration_4_fills_the_months_as_every_write_keeps_them(gold_store) -> None:
    """A store written before `actor_months` existed gets them from migration 4's backfill when opened: the same
    rows every write keeps, so its maps as of past dates are right at once."""
    conn = gold_store._conn
    kept = sorted(conn.execute("SELECT * FROM actor_months").fetchall())
    assert len(kept) > 30
    conn.execute("DELETE FROM actor_months")
    for sql in next(m for m in MIGRATIONS if m.version == 4).statements[1:]:
        conn.execute(sql)
    assert sorted(conn.execute("SELECT * FROM actor_months").fetchall()) == kept


def test_stances_a_story_stored_only_as_copies_counts_once(tmp_path: Path) -> None:
    """Statements of copies whose original is not stored: one copy per actor still counts (before, a lone copy
    was written as not counted and the story vanished from the stored map, 10 of Reyle's 27 statements)."""
    copied = {s.story for s in gold_stanced() if s.is_copy}
    items = [s for s in gold_stanced() if s.statement.article not in copied]
    with open_store(tmp_path / "copies.db") as store:
        add_stanced(store, items, QUESTION_ID)
        for as_of in (None, "2026-02-20"):
            assert map_positions(store, QUESTION_ID, as_of=as_of) == positions(items, QUESTION_ID, as_of=as_of)
        assert store_timeseries(store, QUESTION_ID, "week") == timeseries(items, "week")
        reyle = next(p for p in map_positions(store, QUESTION_ID) if p.actor == "Tomas Reyle")
    assert reyle.statements == 27


@pytest.mark.parametrize("period", ["week", "month"])
def test_stances_store_timeseries_equals_the_in_memory_one(gold_store, period: str) -> None:
    assert store_timeseries(gold_store, QUESTION_ID, period) == timeseries(gold_stanced(), period)


def test_stances_store_gives_back_what_was_written(gold_store) -> None:
    assert questions(gold_store) == [QUESTION_ID]
    back = [item for _, item in iter_stanced(gold_store, QUESTION_ID)]
    assert [(b.statement, b.stance, b.story, b.reported) for b in back] == [
        (g.statement, g.stance, g.story, g.reported) for g in gold_stanced()
    ]
    assert map_positions(gold_store, "another-question") == []


def test_stances_a_human_label_overrides_the_judge_and_keeps_its_history(gold_store) -> None:
    row, quist = next((r, s) for r, s in iter_stanced(gold_store, QUESTION_ID) if s.actor == "Mara Quist")
    put_label(gold_store, row, QUESTION_ID, "oppose", author="analyst@example.org", note="ironic")
    put_label(gold_store, row, QUESTION_ID, "support", author="reviewer@example.org", conditional=True)
    assert [(lab, cond, who) for lab, cond, who, _, _ in labels(gold_store, row, QUESTION_ID)] == [
        ("oppose", False, "analyst@example.org"),
        ("support", True, "reviewer@example.org"),
    ]
    relabelled = {p.actor: p for p in map_positions(gold_store, QUESTION_ID, as_of=quist.statement.date)}
    assert (relabelled["Mara Quist"].stance, relabelled["Mara Quist"].conditional) == ("support", True)
    # The kept current map follows the label too (Quist's only sided statement).
    now = {p.actor: p for p in map_positions(gold_store, QUESTION_ID)}
    assert (now["Mara Quist"].stance, now["Mara Quist"].conditional) == ("support", True)
    with pytest.raises(ValueError, match="label must be one of"):
        put_label(gold_store, row, QUESTION_ID, "maybe", author="x")


@pytest.mark.slow
def test_stances_copies_grouped_by_the_ingest_count_once(tmp_path: Path) -> None:
    """The example corpus ingested for real (near-duplicate grouping included), then its gold statements written
    without saying which articles are copies: the store's groups find them and the map is still the gold."""
    from stancemap.config import load_settings
    from stancemap.examples import CORPUS
    from stancemap.ingest import clean_documents
    from stancemap.store import ingest

    settings = load_settings()
    with open_store(tmp_path / "corpus.db") as store:
        ingest(store, clean_documents([str(CORPUS)], settings), batch_size=50, duplicate_threshold=0.8)
        unmarked = [replace(item, story=item.statement.article) for item in gold_stanced()]
        add_stanced(store, unmarked, QUESTION_ID)
        found = [p.to_json() for p in map_positions(store, QUESTION_ID)]
    assert [{k: v for k, v in p.items() if k != "evidence"} for p in found] == GOLD["actors"]


def test_stances_copies_named_by_the_input_and_grouped_by_the_ingest_share_one_story(tmp_path: Path) -> None:
    """The gold says which article a copy came from (the wire original), while the ingest's group starts with
    another copy (the one it read first): both namings must meet in one story, so exactly one copy counts per
    actor and the map is still the gold (before, each side kept its own story id and neither copy counted)."""
    from stancemap.config import load_settings
    from stancemap.examples import CORPUS
    from stancemap.ingest import clean_documents
    from stancemap.store import ingest

    with open_store(tmp_path / "corpus.db") as store:
        ingest(store, clean_documents([str(CORPUS)], load_settings()), batch_size=50, duplicate_threshold=0.8)
        marked = gold_stanced()
        assert any(item.is_copy for item in marked)
        add_stanced(store, marked, QUESTION_ID)
        stories = {
            article: story
            for article, story in store._conn.execute("SELECT DISTINCT article_id, story FROM statements")
        }
        for item in marked:
            if item.is_copy:
                assert stories[item.statement.article] == stories[item.story]
        found = [p.to_json() for p in map_positions(store, QUESTION_ID)]
    assert [{k: v for k, v in p.items() if k != "evidence"} for p in found] == GOLD["actors"]
