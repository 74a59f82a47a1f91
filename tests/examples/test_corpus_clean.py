"""`clean` on the example corpus against its gold (EXPECTED.json): what later stages rely on from ingestion.

Each (article, check) pair is its own test. Pairs the cleaner does not get right yet are listed in KNOWN_GAPS as
strict xfails: they fail loudly (XPASS) once fixed, so the list only ever shrinks.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from stancemap.config import Settings
from stancemap.examples import CORPUS, EXPECTED
from stancemap.ingest import clean_documents
from stancemap.records import Article

GOLD: dict[str, Any] = json.loads(EXPECTED.read_text(encoding="utf-8"))
CHECKS = ["date", "language", "title", "original_source", "body_start", "residue", "captions", "statements", "offsets"]

# (article file name, check) -> why it does not hold yet.
KNOWN_GAPS: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module")
def cleaned() -> dict[str, Article]:
    out = {}
    for item in clean_documents([CORPUS], Settings()):
        assert isinstance(item, Article), str(item)
        out[item.id] = item
    return out


def _cases() -> list[Any]:
    cases = []
    for article in GOLD["articles"]:
        name = article["file"].split("/")[-1]
        for check in CHECKS:
            gap = KNOWN_GAPS.get((name, check))
            marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
            cases.append(pytest.param(article, check, id=f"{name}:{check}", marks=marks))
    return cases


@pytest.mark.parametrize(("gold", "check"), _cases())
def test_corpus_clean_matches_gold(cleaned: dict[str, Article], gold: dict[str, Any], check: str) -> None:
    article = cleaned[gold["article"]]
    english = gold["language"] == "en"
    if check == "date":
        assert article.date == gold["date"]
    elif check == "language":
        assert article.language == gold["language"]
    elif check == "title":
        assert article.title == gold["title"]
    elif check == "original_source":
        assert article.original_source == gold["original_source"]
    elif check == "body_start" and gold["clean"]["body_starts"]:
        assert article.text.startswith(gold["clean"]["body_starts"])
    elif check == "residue":
        assert [r for r in gold["clean"]["not_in_body"] if r in article.text] == []
    elif check == "captions":
        assert [(c.text, c.credit) for c in article.captions] == [
            (c["text"], c["credit"]) for c in gold["clean"]["captions"]
        ]
    elif check == "statements" and english:
        # Every statement's words survive cleaning (none cut away as residue or caption).
        missing = [s["content"]["text"] for s in gold["statements"] if s["content"]["text"] not in article.text]
        assert missing == []
    elif check == "offsets" and gold["format"] == "txt" and english:
        # A statement found in the clean text points back to the same words in the file (CONTRACT, extract).
        assert article.raw is not None
        for statement in gold["statements"]:
            span = statement["content"]
            at = article.text.find(span["text"])
            if at >= 0:
                assert article.raw_offset(at) == span["start"], span["text"]
