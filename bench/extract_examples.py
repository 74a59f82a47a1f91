"""Score `extract` on the bundled example corpus against its gold statements (src/stancemap/examples/EXPECTED.json).

    python bench/extract_examples.py [--out bench/results/extract_examples.json]

Runs the CLI's path (clean -> extract) over `examples/corpus/`, matches statements by content overlap
(`stancemap.attribution.evaluate.score_statements`) and prints found / exact / speaker / kind / date counts.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from stancemap.attribution.evaluate import StatementScores, score_statements
from stancemap.attribution.extract import extract_articles
from stancemap.config import Settings
from stancemap.examples import CORPUS, EXPECTED
from stancemap.ingest import clean_documents
from stancemap.records import Problem, Statement


def gold_statements(texts: dict[str, str]) -> list[Statement]:
    """The gold statements of the English articles. Spans of non-.txt articles carry only their text in the gold;
    they are placed at their first occurrence in the clean text (`texts`, by article id)."""
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


def extracted_statements() -> tuple[list[Statement], dict[str, str]]:
    """Statements of the corpus, and each English article's text as the offsets index it."""
    found, texts = [], {}
    for item in extract_articles(clean_documents([CORPUS], Settings())):
        if not isinstance(item, Problem):
            article, statements = item
            texts[article.id] = article.raw if article.raw is not None else article.text
            found.extend(statements)
    return found, texts


def score_examples() -> StatementScores:
    predicted, texts = extracted_statements()
    return score_statements(gold_statements(texts), predicted)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    result = score_examples().to_json()
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
