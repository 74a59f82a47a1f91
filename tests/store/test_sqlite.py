"""The store, on SQLite and on PostgreSQL: records round-trip, keys stay unique, writes are atomic, counts treat
copies as one story."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from stancemap.errors import ProcessingError
from stancemap.records import Article, Caption, Piece
from stancemap.store import open_store


def _article(id: str, text: str, **kw: object) -> Article:
    return Article(id=id, text=text, language="en", **kw)  # type: ignore[arg-type]


def test_sqlite_article_round_trips_every_field(store_location: str):
    raw = "HOME | NEWS\nCouncil backs harbour charge.\nShare this\n"
    article = Article(
        id="harbour",
        text="Council backs harbour charge.",
        source="in/harbour.txt",
        title="Harbour charge",
        date="2026-02-03",
        url="https://alder-gazette.example/harbour",
        site="Alder Gazette",
        author="Nia Holm",
        original_source="Coastal Press Association",
        language="en",
        captions=(Caption("Lorries queue at Mill Quay.", "Tom Reyes/CPA"), Caption("The chamber.", None)),
        removed=("HOME | NEWS", "Share this"),
        raw=raw,
        pieces=(Piece(0, 12, 29),),
    )
    with open_store(store_location) as store:
        with store.transaction():
            stored = store.add_article(article)
        assert stored is not None
        back = store.get_article("harbour")
    assert back is not None
    assert back.article == article
    assert back.content_hash == article.content_hash
    assert back.article.raw is not None
    assert back.article.raw[back.article.raw_offset(0) :].startswith("Council backs")


def test_sqlite_same_content_is_stored_once(store_location: str):
    with open_store(store_location) as store:
        with store.transaction():
            first = store.add_article(_article("a", "The same words."))
            again = store.add_article(_article("b", "The same words.", source="elsewhere/b.txt"))
        assert first is not None
        assert again is None
        assert store.count_articles() == 1


def test_sqlite_colliding_ids_get_suffixed_keys(store_location: str):
    # Two `index.html` in different folders (and a record whose id already looks like a suffixed key).
    with open_store(store_location) as store:
        with store.transaction():
            keys = [
                store.add_article(_article("index", "First page.", source="a/index.html")),
                store.add_article(_article("index~2", "A record named like a suffix.", source="r.jsonl")),
                store.add_article(_article("index", "Second page.", source="b/index.html")),
                store.add_article(_article("index", "Third page.", source="c/index.html")),
            ]
        assert [k.key if k else None for k in keys] == ["index", "index~2", "index~3", "index~4"]
        # The CONTRACT id is kept as read; only the store key differs.
        third = store.get_article("index~3")
        assert third is not None
        assert third.article.id == "index"
        assert third.article.source == "b/index.html"


def test_sqlite_failed_transaction_writes_nothing(store_location: str):
    with open_store(store_location) as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.add_article(_article("a", "Written, then rolled back."))
            raise RuntimeError("the batch failed half-way")
        assert store.count_articles() == 0
        assert store.integrity_problems() == []


def test_sqlite_uses_wal_journal(tmp_path: Path):
    open_store(tmp_path / "s.db").close()
    conn = sqlite3.connect(tmp_path / "s.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_sqlite_counts_stories_and_articles(store_location: str):
    with open_store(store_location) as store:
        with store.transaction():
            rows = [store.add_article(_article(f"a{i}", f"Story number {i}.")) for i in range(5)]
            assert all(rows)
            a0, a1, a2, a3 = (r.row for r in rows[:4] if r)
            group = store.join_group(a0, a1, 0.91)
            assert store.join_group(a1, a2, 0.85) == group  # joins the existing group through any member
            store.join_group(a3, rows[4].row if rows[4] else 0, 0.88)
        assert store.count_articles() == 5
        assert store.count_stories() == 2
        assert [g.keys for g in store.duplicate_groups()] == [("a0", "a1", "a2"), ("a3", "a4")]
        assert [a.key for a in store.iter_articles(one_per_story=True)] == ["a0", "a3"]


def test_sqlite_refused_write_is_a_processing_error_and_keeps_earlier_batches(store_location: str):
    with open_store(store_location) as store:
        with store.transaction():
            store.add_article(_article("kept", "Stored in an earlier batch."))
        with pytest.raises(ProcessingError, match="cannot write to the store"), store.transaction():
            store.add_article(_article("lost", "Written in the failing batch."))
            store.put_signature(999, "words3", b"\0" * 512)  # no article 999: the foreign key refuses it
        assert [a.key for a in store.iter_articles()] == ["kept"]
        assert store.integrity_problems() == []
