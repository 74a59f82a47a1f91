"""The example corpus's gold statements (EXPECTED.json) as records, and `extract` scored against them."""

from __future__ import annotations

import json

from stancemap.attribution.evaluate import StatementScores, score_statements
from stancemap.attribution.extract import extract_articles
from stancemap.config import Settings
from stancemap.examples import CORPUS, EXPECTED
from stancemap.ingest import clean_documents
from stancemap.records import Problem, Statement


def gold_statements(texts: dict[str, str]) -> list[Statement]:
    """The gold statements of the English articles. Spans of non-.txt articles carry only their text in the gold;
    they are placed at their first occurrence in the article's text (`texts`, by article id)."""
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    gold = []
    for a in expected["articles"]:
        if a["language"] != "en":
            continue
        for s in a["statements"]:
            record = {**s, "article": a["article"]}
            for key in ("content", "cue", "speaker_mention"):
                span = record.get(key)
                if isinstance(span, dict) and "start" not in span:
                    start = texts[a["article"]].find(span["text"])
                    record[key] = {**span, "start": start, "end": start + len(span["text"])}
            gold.append(Statement.from_json(record))
    return gold


def extracted_statements(settings: Settings | None = None) -> tuple[list[Statement], dict[str, str]]:
    """`stancemap extract` over the corpus, and each English article's text as the offsets index it."""
    found, texts = [], {}
    for item in extract_articles(clean_documents([CORPUS], settings or Settings())):
        if not isinstance(item, Problem):
            article, statements = item
            texts[article.id] = article.raw if article.raw is not None else article.text
            found.extend(statements)
    return found, texts


def score_examples() -> StatementScores:
    predicted, texts = extracted_statements()
    return score_statements(gold_statements(texts), predicted)
