"""Schema versioning: an old store is migrated on open, a store from a newer stancemap is refused clearly."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from stancemap.errors import InputError
from stancemap.store import LATEST_VERSION, open_store
from stancemap.store.sqlite import applied_version, connect, migrate

# The columns version 1 wrote, as a release with that schema would have written them.
V1_INSERT = (
    "INSERT INTO articles (store_key, article_id, content_hash, source, title, date, url, site, author, "
    "original_source, language, text, raw_text, pieces, captions, removed, run, ingested_at) "
    "VALUES (?, ?, ?, 'old/x.txt', NULL, '2026-01-05', NULL, NULL, NULL, NULL, 'en', ?, NULL, '[]', '[]', '[]', "
    "NULL, '2026-01-05T10:00:00Z')"
)
STORY = (
    "Port Alder's council approved a harbour lorry charge on Tuesday after a long debate over air quality, "
    "freight jobs and the exemptions granted to the ferry company, with the mayor changing her vote."
)


def _v1_store(path: Path, texts: list[str]) -> None:
    conn = connect(path)
    assert migrate(conn, str(path), target=1) == 1
    for i, text in enumerate(texts):
        conn.execute(V1_INSERT, (f"old{i}", f"old{i}", f"hash{i}", text))
    conn.close()


def test_migrations_new_store_reaches_latest_version(tmp_path: Path):
    with open_store(tmp_path / "new.db") as store:
        assert store.version == LATEST_VERSION
        assert store.count_articles() == 0
        assert store.count_stories() == 0


def test_migrations_old_store_is_migrated_and_keeps_its_articles(tmp_path: Path):
    db = tmp_path / "v1.db"
    # Two copies of one story stored before near-duplicate grouping existed, and one other story.
    _v1_store(db, [STORY, STORY + " Copyright Coastal Press Association.", "An unrelated report on ferry timetables."])
    with open_store(db) as store:
        assert store.version == LATEST_VERSION
        assert [a.key for a in store.iter_articles()] == ["old0", "old1", "old2"]
        assert store.get_article("old0") is not None
    conn = sqlite3.connect(db)
    assert applied_version(conn) == LATEST_VERSION
    conn.close()


def test_migrations_old_articles_get_signatures_and_groups_when_indexed(tmp_path: Path):
    from stancemap.store import ingest

    db = tmp_path / "v1.db"
    _v1_store(db, [STORY, STORY + " Copyright Coastal Press Association.", "An unrelated report on ferry timetables."])
    with open_store(db) as store:
        assert store.count_stories() == 3  # not grouped yet: version 1 had no groups
        ingest(store, [], batch_size=10, duplicate_threshold=0.8)
        assert store.count_articles() == 3
        assert store.count_stories() == 2
        assert [g.keys for g in store.duplicate_groups()] == [("old0", "old1")]


def test_migrations_store_from_newer_version_is_refused(tmp_path: Path):
    db = tmp_path / "future.db"
    open_store(db).close()
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, 'from the future', 'x')",
        (LATEST_VERSION + 1,),
    )
    conn.commit()
    conn.close()
    with pytest.raises(InputError, match=r"newer than this stancemap supports") as e:
        open_store(db)
    assert e.value.path == str(db)


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"this is a text file, not a database\n" * 50, "not a stancemap store"),
        (b"", None),  # an empty file is a new SQLite database
    ],
)
def test_migrations_non_database_file_gets_one_line_error(tmp_path: Path, content: bytes, reason: str | None):
    db = tmp_path / "notes.db"
    db.write_bytes(content)
    if reason is None:
        open_store(db).close()
        return
    with pytest.raises(InputError, match=reason) as e:
        open_store(db)
    assert e.value.path == str(db)


def test_migrations_missing_folder_is_an_input_error(tmp_path: Path):
    with pytest.raises(InputError, match="does not exist"):
        open_store(tmp_path / "no" / "such" / "store.db")
