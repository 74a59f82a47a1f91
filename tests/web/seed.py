"""A store for the web tests: the example corpus and a hostile article ingested by the real `ingest`, with the
gold statements (as `stancemap map --statements` would load them) and statements of the hostile article."""

from __future__ import annotations

import sys
from pathlib import Path

from stancemap.config import Settings
from stancemap.examples import CORPUS
from stancemap.ingest import clean_documents
from stancemap.mapping.statements import StancedStatement
from stancemap.records import Span, Stance, Statement
from stancemap.store import ingest, open_store
from stancemap.store.stances import add_stanced

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "mapping"))
from gold_map import GOLD, QUESTION_ID, gold_stanced

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "web" / "harbour-2026-03-05-board-hostile.txt"
HOSTILE_KEY = HOSTILE.stem
# A question id that breaks out of an attribute and opens a tag if it is not escaped (no '/': it is a path part).
HOSTILE_QUESTION = 'port"><img src=x onerror="window.__pwned=\'question\'">'
HOSTILE_SPEAKER = 'Tove Lindqvist"><svg onload="window.__pwned=\'speaker\'">'

__all__ = [
    "GOLD",
    "HOSTILE_KEY",
    "HOSTILE_QUESTION",
    "HOSTILE_SPEAKER",
    "QUESTION_ID",
    "SCREENSHOTS",
    "gold_stanced",
    "seed",
]


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(part, start, start + len(part))


def hostile_stanced(raw: str) -> list[StancedStatement]:
    """Statements of the hostile article, spans at their offsets in the file's text."""
    said = [
        (
            HOSTILE_SPEAKER,
            "person",
            "<img src=x onerror=alert('quote')> We will not turn this harbour into a slag heap for three mining "
            "companies,",
            "board member Tove Lindqvist",
            "direct",
            "oppose",
        ),
        (
            "Pål Sæther",
            "person",
            "the plant would bring 400 jobs and that the board should <a href=\"javascript:window.__pwned='link';"
            "alert('link')\">click here to support the licence</a> before the deadline",
            "Harbour director Pål Sæther",
            "indirect",
            "support",
        ),
    ]
    found = []
    for order, (speaker, kind, content, mention, how, label) in enumerate(said):
        statement = Statement(
            article=HOSTILE_KEY,
            content=_span(raw, content),
            kind=how,
            speaker=speaker,
            speaker_kind=kind,
            speaker_mention=_span(raw, mention),
            date="2026-03-04",
        )
        found.append(StancedStatement(statement, Stance(label, 0.9), HOSTILE_KEY, order))
    return found


def seed(path: Path) -> None:
    """Build the test store at `path`."""
    settings = Settings()
    with open_store(path) as store:
        ingest(
            store,
            clean_documents([CORPUS, HOSTILE], settings),
            batch_size=settings.batch_size,
            duplicate_threshold=settings.duplicate_threshold,
        )
        rows = {a.key: a.row for a in store.iter_articles()}
        add_stanced(store, gold_stanced(), QUESTION_ID, rows)
        stored = store.get_article(HOSTILE_KEY)
        assert stored is not None and stored.article.raw is not None
        hostile = hostile_stanced(stored.article.raw)
        # One statement on each question (a statement judged twice would be stored twice).
        add_stanced(store, hostile[:1], QUESTION_ID, rows)
        add_stanced(store, hostile[1:], HOSTILE_QUESTION, rows)
