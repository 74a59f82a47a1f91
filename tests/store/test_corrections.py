"""Human corrections in the store (store.corrections) on SQLite and PostgreSQL: a rejected statement leaves the map
and comes back on undo, a speaker fix and an actor merge move statements between actors, a shift marked by hand
joins the actor's changes, and every decision survives storing the same statements again (re-extraction)."""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from stancemap.mapping.positions import positions
from stancemap.mapping.statements import StancedStatement
from stancemap.mapping.timeseries import timeseries
from stancemap.records import Change
from stancemap.store import open_store
from stancemap.store.corrections import (
    accept,
    fix_speaker,
    history,
    mark_shift,
    marked_shifts,
    merge_actors,
    reject,
    remove_shift,
)
from stancemap.store.sqlite import SqliteStore
from stancemap.store.stances import (
    add_stanced,
    current_map_actors,
    iter_stanced,
    labels,
    map_positions,
    put_label,
    store_timeseries,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "mapping"))
from gold_map import QUESTION_ID, gold_stanced

AUTHOR = "reviewer@example.org"


def _rows(store: SqliteStore) -> dict[tuple[str, int, int, str], int]:
    """(article, content start, end, text) -> statement row, for the statements judged on the question."""
    return {
        (r[1], r[2], r[3], r[4]): r[0]
        for r in store._conn.execute(
            "SELECT s.id, s.article_id, s.content_start, s.content_end, s.content FROM statements s "
            "JOIN stances t ON t.statement = s.id AND t.question = ?",
            (QUESTION_ID,),
        )
    }


def _key(item: StancedStatement) -> tuple[str, int, int, str]:
    c = item.statement.content
    return (item.statement.article, c.start, c.end, c.text)


def _counted_item(store: SqliteStore, actor: str) -> StancedStatement:
    """An item of `actor` whose stored statement counts on the map, in a story with no other copy (so that taking it
    away does not let a copy's statement count in its place)."""
    counted = {
        (r[0], r[1], r[2], r[3])
        for r in store._conn.execute(
            "SELECT s.article_id, s.content_start, s.content_end, s.content FROM stances t "
            "JOIN statements s ON s.id = t.statement WHERE t.question = ? AND t.actor = ? AND t.counted = 1 "
            "AND NOT EXISTS (SELECT 1 FROM statements o WHERE o.story = s.story AND o.article_id != s.article_id)",
            (QUESTION_ID, actor),
        )
    }
    return next(i for i in gold_stanced() if _key(i) in counted)


def test_corrections_reject_takes_a_statement_off_the_map_and_undo_brings_it_back(store_location: str) -> None:
    items = gold_stanced()
    with open_store(store_location) as store:
        add_stanced(store, items, QUESTION_ID)
        gold_map = map_positions(store, QUESTION_ID)
        rejected = _counted_item(store, "Katrin Vey")
        row = _rows(store)[_key(rejected)]
        reject(store, row, "wrong speaker", AUTHOR)
        rest = [i for i in items if _key(i) != _key(rejected)]
        assert map_positions(store, QUESTION_ID) == positions(rest, QUESTION_ID)
        assert map_positions(store, QUESTION_ID, as_of="2026-03-01") == positions(rest, QUESTION_ID, "2026-03-01")
        # What `map`, `report` and `export` read leaves it out too; the page's list keeps it (for the undo).
        assert store_timeseries(store, QUESTION_ID, "week") == timeseries(rest, "week")
        assert [_key(i) for _, i in iter_stanced(store, QUESTION_ID)] == [_key(i) for i in rest]
        assert len(list(iter_stanced(store, QUESTION_ID, rejected=True))) == len(items)
        vey = next(p for p in map_positions(store, QUESTION_ID) if p.actor == "Katrin Vey")
        assert vey.statements == next(p for p in gold_map if p.actor == "Katrin Vey").statements - 1
        accept(store, row, "second@example.org")
        assert map_positions(store, QUESTION_ID) == gold_map
        [rejection, undo] = history(store, row)
    assert (rejection.kind, rejection.value, rejection.author) == ("reject", "wrong speaker", AUTHOR)
    assert (undo.kind, undo.author) == ("accept", "second@example.org")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", rejection.made_at)


def test_corrections_rejecting_a_syndicated_statement_rejects_its_copies(store_location: str) -> None:
    """The same statement in another copy of the story would count in place of the rejected one: it goes too."""
    items = gold_stanced()
    with open_store(store_location) as store:
        add_stanced(store, items, QUESTION_ID)
        [(row, story, text)] = store._conn.execute(
            "SELECT s.id, s.story, s.content FROM stances t JOIN statements s ON s.id = t.statement "
            "WHERE t.question = ? AND t.counted = 1 AND t.actor = 'Korsa Minerals' AND EXISTS (SELECT 1 FROM "
            "statements o WHERE o.story = s.story AND o.content = s.content AND o.id != s.id) ORDER BY s.id LIMIT 1",
            (QUESTION_ID,),
        ).fetchall()
        reject(store, row, "not a statement", AUTHOR)
        rest = [i for i in items if not (i.story == story and i.statement.content.text == text)]
        assert len(rest) < len(items) - 1
        assert map_positions(store, QUESTION_ID) == positions(rest, QUESTION_ID)
        fix_speaker(store, row, "Blue Reach", "organization", AUTHOR)
        accept(store, row, AUTHOR)
        moved = [
            replace(i, statement=replace(i.statement, speaker="Blue Reach", speaker_kind="organization"))
            if i.story == story and i.statement.content.text == text
            else i
            for i in items
        ]
        assert map_positions(store, QUESTION_ID) == positions(moved, QUESTION_ID)


def test_corrections_fix_speaker_and_merge_move_statements_between_actors(store_location: str) -> None:
    items = gold_stanced()
    # The extraction named Tomas Reyle by his surname alone in one article.
    article = next(i.statement.article for i in items if i.actor == "Tomas Reyle")

    def short(i: StancedStatement) -> StancedStatement:
        if i.actor == "Tomas Reyle" and i.statement.article == article:
            return replace(i, statement=replace(i.statement, speaker="Reyle"))
        return i

    extracted = [short(i) for i in items]
    with open_store(store_location) as store:
        add_stanced(store, extracted, QUESTION_ID)
        assert "Reyle" in {p.actor for p in map_positions(store, QUESTION_ID)}
        moved = merge_actors(store, "Reyle", "Tomas Reyle", AUTHOR)
        assert moved == sum(1 for i in extracted if i.statement.speaker == "Reyle")
        assert map_positions(store, QUESTION_ID) == positions(items, QUESTION_ID)

        fixed = _counted_item(store, "Elin Dahr")
        fix_speaker(store, _rows(store)[_key(fixed)], "Aron Fell", "person", AUTHOR)
        renamed = [
            replace(i, statement=replace(i.statement, speaker="Aron Fell")) if _key(i) == _key(fixed) else i
            for i in items
        ]
        assert map_positions(store, QUESTION_ID) == positions(renamed, QUESTION_ID)
        [fix] = history(store, _rows(store)[_key(fixed)])
    assert (fix.kind, fix.value, fix.previous, fix.author) == ("speaker", "Aron Fell", "Elin Dahr", AUTHOR)


def test_corrections_a_marked_shift_joins_the_actors_changes(store_location: str) -> None:
    items = gold_stanced()
    with open_store(store_location) as store:
        add_stanced(store, items, QUESTION_ID)
        evidence = _counted_item(store, "Halvard Lind")
        row = _rows(store)[_key(evidence)]
        before = next(p for p in map_positions(store, QUESTION_ID) if p.actor == "Halvard Lind").changes
        day = evidence.statement.date
        assert day is not None
        shift = mark_shift(store, QUESTION_ID, row, day, "oppose", "support", AUTHOR)
        marked = Change("oppose", "support", day, evidence.statement.article, reported=True)
        lind = next(p for p in map_positions(store, QUESTION_ID) if p.actor == "Halvard Lind")
        assert marked in lind.changes and len(lind.changes) == len(before) + 1
        # `stancemap map --db` prints it, and a map as of a date before it does not have it.
        printed = next(a for a in current_map_actors(store, QUESTION_ID) if a["actor"] == "Halvard Lind")
        assert marked.to_json() in printed["changes"]
        before_day = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
        assert all(marked not in p.changes for p in map_positions(store, QUESTION_ID, before_day))
        assert any(marked in p.changes for p in map_positions(store, QUESTION_ID, day))
        [found] = marked_shifts(store, QUESTION_ID, "Halvard Lind")
        assert (found.id, found.author, found.statement) == (shift, AUTHOR, row)
        remove_shift(store, shift)
        assert next(p for p in map_positions(store, QUESTION_ID) if p.actor == "Halvard Lind").changes == before
        assert marked_shifts(store, QUESTION_ID) == []


def test_corrections_survive_storing_the_same_statements_again(store_location: str) -> None:
    """Re-extraction stores the article's statements again as new rows: labels, rejections, speaker fixes, marked
    shifts and merges re-attach by article and content, and the old rows leave (nothing is counted twice)."""
    items = gold_stanced()
    with open_store(store_location) as store:
        add_stanced(store, items, QUESTION_ID)
        rows = _rows(store)
        relabelled = _counted_item(store, "Korsa Minerals")
        rejected = _counted_item(store, "Katrin Vey")
        fixed = _counted_item(store, "Elin Dahr")
        shifted = _counted_item(store, "Halvard Lind")
        put_label(store, rows[_key(relabelled)], QUESTION_ID, "oppose", AUTHOR, note="irony")
        reject(store, rows[_key(rejected)], "not a statement", AUTHOR)
        fix_speaker(store, rows[_key(fixed)], "Aron Fell", "person", AUTHOR)
        mark_shift(store, QUESTION_ID, rows[_key(shifted)], "2026-01-15", "oppose", "support", AUTHOR)
        merge_actors(store, "Mara Quist", "Ingrid Salo", AUTHOR)
        corrected = map_positions(store, QUESTION_ID)
        statements = store._conn.execute("SELECT COUNT(*) FROM statements").fetchone()[0]

        add_stanced(store, gold_stanced(), QUESTION_ID)

        again = _rows(store)
        assert set(again) == set(rows) and not set(again.values()) & set(rows.values())
        assert store._conn.execute("SELECT COUNT(*) FROM statements").fetchone()[0] == statements
        assert map_positions(store, QUESTION_ID) == corrected
        [(label, _, author, note, _)] = labels(store, again[_key(relabelled)], QUESTION_ID)
        assert (label, author, note) == ("oppose", AUTHOR, "irony")
        assert [c.kind for c in history(store, again[_key(rejected)])] == ["reject"]
        assert [c.value for c in history(store, again[_key(fixed)])] == ["Aron Fell"]
        [shift] = marked_shifts(store, QUESTION_ID, "Halvard Lind")
        assert shift.statement == again[_key(shifted)]
        assert "Mara Quist" not in {p.actor for p in corrected}
        # Undo after the re-extraction works on the new row.
        accept(store, again[_key(rejected)], AUTHOR)
        vey = next(p for p in map_positions(store, QUESTION_ID) if p.actor == "Katrin Vey")
        assert vey.statements == next(p for p in corrected if p.actor == "Katrin Vey").statements + 1


def test_corrections_a_statement_extracted_with_another_span_keeps_its_label(tmp_path: Path) -> None:
    """The same text found at another offset (the article's text changed in front of it) still re-attaches."""
    items = gold_stanced()
    with open_store(tmp_path / "s.db") as store:
        add_stanced(store, items, QUESTION_ID)
        item = _counted_item(store, "Korsa Minerals")
        put_label(store, _rows(store)[_key(item)], QUESTION_ID, "oppose", AUTHOR)
        c = item.statement.content
        moved = replace(item, statement=replace(item.statement, content=replace(c, start=c.start + 7, end=c.end + 7)))
        add_stanced(store, [moved], QUESTION_ID)
        row = _rows(store)[_key(moved)]
        assert _key(item) not in _rows(store)
        assert [lab[0] for lab in labels(store, row, QUESTION_ID)] == ["oppose"]
