"""`stancemap stance --question Q.toml [--question ...] [FILE.jsonl | -]`: add `stance` to each statement."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from stancemap.cli.app import app
from stancemap.errors import InputError
from stancemap.stance.items import StanceItem, item_from_json
from stancemap.stance.judge import Judge
from stancemap.stance.labels import read_labels, store_labels
from stancemap.stance.learn import Label, adapted_judge
from stancemap.stance.questions import load_questions

QuestionOption = Annotated[
    list[Path], typer.Option("--question", "-q", help="A question file (TOML: id, text, keywords); repeatable.")
]
LabelsOption = Annotated[
    list[Path] | None,
    typer.Option("--labels", help="Human labels (JSONL: question, label, article, id or content) to learn from."),
]
DbOption = Annotated[
    str | None,
    typer.Option("--db", help="A store whose human labels (web corrections, imports) the judge learns from too."),
]
EmbeddingsOption = Annotated[
    bool,
    typer.Option(
        "--embeddings", help="Add sentence-embedding evidence (needs the optional extra: stancemap[embeddings])."
    ),
]
TextsOption = Annotated[
    Path | None,
    typer.Option("--texts", help="Folder of ARTICLE.txt files: the sentences around each statement become context."),
]


def read_statements(source: str, texts: Path | None) -> tuple[list[dict[str, Any]], list[StanceItem]]:
    """The input records as read (passed through unchanged) and the items the judge reads from them."""
    name = "<stdin>" if source == "-" else source
    try:
        stream = sys.stdin if source == "-" else open(source, encoding="utf-8")  # noqa: SIM115
    except FileNotFoundError as e:
        raise InputError("statements file not found", name) from e
    except OSError as e:
        raise InputError(f"cannot read statements: {e.strerror or e}", name) from e
    records: list[dict[str, Any]] = []
    items: list[StanceItem] = []
    article_texts: dict[str, str | None] = {}
    try:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                article = record.get("article") if isinstance(record, dict) else None
                if texts is not None and isinstance(article, str) and article not in article_texts:
                    article_texts[article] = _article_text(texts, article)
                item = item_from_json(record, article_texts.get(article) if isinstance(article, str) else None)
            except json.JSONDecodeError as e:
                raise InputError(f"line {number}: not JSON: {e.msg}", name) from e
            except ValueError as e:
                raise InputError(f"line {number}: {e}", name) from e
            records.append(record)
            items.append(item)
    except UnicodeDecodeError as e:
        raise InputError("statements file is not UTF-8 text", name) from e
    finally:
        if stream is not sys.stdin:
            stream.close()
    return records, items


def _article_text(folder: Path, article: str) -> str | None:
    path = folder / f"{article}.txt"
    if "/" in article or not path.is_file():
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read article text: {e}", path) from e


def gather_labels(
    questions: list[str], labels: list[Path] | None, db: str | None, items: list[StanceItem]
) -> list[Label]:
    """Labels from the files given and, with --db, from the store."""
    known = {item.key: item for item in items}
    found = [lab for path in labels or [] for lab in read_labels(path, known, questions)]
    if db is not None:
        found.extend(store_labels(db, questions))
    return found


def build_judges(
    questions: list[Path],
    labels: list[Path] | None,
    items: list[StanceItem],
    db: str | None = None,
    embeddings: bool = False,
) -> tuple[list[Judge], list[Label]]:
    """One judge per question, adapted to the labels given for it; and those labels."""
    encoder = None
    if embeddings:
        # Imported here: the default install has neither the module's dependencies nor any need of them.
        from stancemap.stance.embeddings import PrototypeEncoder

        encoder = PrototypeEncoder()
    judges = [Judge(q, encoder=encoder) for q in load_questions(questions)]
    learned = gather_labels([j.question.id for j in judges], labels, db, items)
    return [adapted_judge(judge, learned) for judge in judges], learned


@app.command("stance")
def stance_command(
    question: QuestionOption,
    source: Annotated[str, typer.Argument(help="Statements in the extract format (JSONL); - is stdin.")] = "-",
    labels: LabelsOption = None,
    texts: TextsOption = None,
    db: DbOption = None,
    embeddings: EmbeddingsOption = False,
) -> None:
    """Judge each statement's stance on the questions: support, oppose or neutral, with a score."""
    records, items = read_statements(source, texts)
    judges, _ = build_judges(question, labels, items, db, embeddings)
    verdicts = [judge.judge_all(items) for judge in judges]
    out = sys.stdout
    for i, record in enumerate(records):
        stance = dict(record.get("stance") or {}) if isinstance(record.get("stance"), dict) else {}
        for judge, judged in zip(judges, verdicts, strict=True):
            stance[judge.question.id] = judged[i].stance().to_json()
        out.write(json.dumps({**record, "stance": stance}, ensure_ascii=False) + "\n")
    out.flush()
