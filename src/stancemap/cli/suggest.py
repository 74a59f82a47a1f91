"""`stancemap suggest --question Q.toml [--labels L.jsonl] [FILE.jsonl | -]`: statements worth labelling next."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from stancemap.cli.app import app
from stancemap.cli.stance import (
    DbOption,
    EmbeddingsOption,
    LabelsOption,
    QuestionOption,
    TextsOption,
    build_judges,
    read_statements,
)
from stancemap.stance.active import suggest


@app.command("suggest")
def suggest_command(
    question: QuestionOption,
    source: Annotated[str, typer.Argument(help="Statements in the extract format (JSONL); - is stdin.")] = "-",
    labels: LabelsOption = None,
    texts: TextsOption = None,
    db: DbOption = None,
    top: Annotated[int, typer.Option("--top", min=1, help="How many statements to list per question.")] = 10,
    embeddings: EmbeddingsOption = False,
) -> None:
    """List unlabelled statements whose labels would teach the judge the most (uncertain, relevant, varied)."""
    records, items = read_statements(source, texts)
    judges, given = build_judges(question, labels, items, db, embeddings)
    by_key = {item.key: record for item, record in zip(items, records, strict=True)}
    for judge in judges:
        labelled = {lab.item.key for lab in given if lab.question == judge.question.id}
        for rank, s in enumerate(suggest(judge, items, labelled, top), 1):
            record = by_key[s.item.key]
            row = {
                "question": s.question,
                "rank": rank,
                "uncertainty": round(s.uncertainty, 4),
                "reach": s.reach,
                "guess": s.guess,
                "article": s.item.article,
                "id": record.get("id"),
                "speaker": s.item.speaker,
                "content": record.get("content"),
            }
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    sys.stdout.flush()
