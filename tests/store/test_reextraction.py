"""Corrections survive a real re-extraction: articles of the example corpus ingested, extracted (`stancemap
extract`'s pipeline), judged and stored; corrected; then extracted, judged and stored again from the files."""

from __future__ import annotations

from pathlib import Path

import pytest

from stancemap.config import Settings
from stancemap.examples import CORPUS, QUESTION
from stancemap.ingest import clean_documents
from stancemap.mapping.statements import StancedStatement
from stancemap.pipeline import extract_all, judge_extracted
from stancemap.stance.questions import load_question
from stancemap.store import ingest, open_store
from stancemap.store.corrections import fix_speaker, history, reject
from stancemap.store.sqlite import SqliteStore
from stancemap.store.stances import add_stanced, labels, map_positions, put_label

ARTICLES = ("courier-2026-02-04-coalition-split.txt", "courier-2026-03-10-vey-endorses.txt")
AUTHOR = "reviewer@example.org"

pytestmark = pytest.mark.slow


def _extract(settings: Settings) -> list[StancedStatement]:
    paths = [str(CORPUS / name) for name in ARTICLES]
    found = extract_all(clean_documents(paths, settings), settings.duplicate_threshold, lambda _p: None)
    return judge_extracted(found, load_question(QUESTION))


def _rows(store: SqliteStore, question: str) -> dict[tuple[str, str], int]:
    """(article, content text) -> row of the statements judged on `question`."""
    return {
        (r[1], r[2]): r[0]
        for r in store._conn.execute(
            "SELECT s.id, s.article_id, s.content FROM statements s JOIN stances t ON t.statement = s.id "
            "AND t.question = ?",
            (question,),
        )
    }


def test_reextraction_keeps_labels_rejections_and_speaker_fixes(tmp_path: Path) -> None:
    settings = Settings()
    question = load_question(QUESTION).id
    with open_store(tmp_path / "s.db") as store:
        ingest(
            store,
            clean_documents([str(CORPUS / name) for name in ARTICLES], settings),
            batch_size=settings.batch_size,
            duplicate_threshold=settings.duplicate_threshold,
        )
        first = _extract(settings)
        add_stanced(store, first, question)
        named = [i for i in first if i.actor is not None]
        assert len(named) >= 3, "the extraction found too few attributed statements to correct"
        rows = _rows(store, question)
        key = [(i.statement.article, i.statement.content.text) for i in named[:3]]
        flipped = "oppose" if named[0].stance.label != "oppose" else "support"
        put_label(store, rows[key[0]], question, flipped, AUTHOR)
        reject(store, rows[key[1]], "not a statement", AUTHOR)
        fix_speaker(store, rows[key[2]], "Tomas Reyle", "person", AUTHOR)
        corrected = map_positions(store, question)
        count = store._conn.execute("SELECT COUNT(*) FROM statements").fetchone()[0]

        add_stanced(store, _extract(settings), question)

        again = _rows(store, question)
        assert set(again) == set(rows) and not set(again.values()) & set(rows.values())
        assert store._conn.execute("SELECT COUNT(*) FROM statements").fetchone()[0] == count
        assert map_positions(store, question) == corrected
        assert [lab[0] for lab in labels(store, again[key[0]], question)] == [flipped]
        assert [c.kind for c in history(store, again[key[1]])] == ["reject"]
        assert [c.value for c in history(store, again[key[2]])] == ["Tomas Reyle"]
