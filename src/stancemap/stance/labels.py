"""Human labels from a JSONL file: one object per line, `question`, `label`, and the statement it labels.

The statement is named by `article` plus `id` (or `content.start`/`content.end`) and found among the statements
being judged, or given in full (`content.text`, `speaker`) so the label can teach without them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from stancemap.errors import InputError
from stancemap.records import LABELS
from stancemap.stance.items import StanceItem, item_from_json, statement_key
from stancemap.stance.learn import Label


def read_labels(path: str | Path, known: Mapping[str, StanceItem], questions: Iterable[str]) -> list[Label]:
    """Labels of `path`; each names a statement in `known` (by key) or carries its content. One InputError, naming
    the file and line, for a bad line, an unknown question, a bad label or a statement that cannot be found."""
    question_ids = set(questions)
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as e:
        raise InputError("labels file not found", path) from e
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read labels: {e}", path) from e
    labels = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"not JSON: {e.msg}", where) from e
        if not isinstance(obj, dict):
            raise InputError("a label must be a JSON object", where)
        question, label = obj.get("question"), obj.get("label")
        if question not in question_ids:
            raise InputError(
                f"label for unknown question {question!r} (known: {', '.join(sorted(question_ids))})", where
            )
        if label not in LABELS:
            raise InputError(f"label must be one of {', '.join(LABELS)}, not {label!r}", where)
        labels.append(Label(str(question), str(label), _labelled_item(obj, known, where)))
    return labels


def _labelled_item(obj: dict[str, object], known: Mapping[str, StanceItem], where: str) -> StanceItem:
    article = obj.get("article")
    if not isinstance(article, str):
        raise InputError("field 'article' must be a string", where)
    content = obj.get("content") if isinstance(obj.get("content"), dict) else {}
    assert isinstance(content, dict)
    start, end = content.get("start"), content.get("end")
    record_id = obj.get("id")
    key = statement_key(
        article,
        None if record_id is None else str(record_id),
        start if isinstance(start, int) else None,
        end if isinstance(end, int) else None,
        str(content.get("text", "")),
    )
    if key in known:
        return known[key]
    if isinstance(content.get("text"), str) and "speaker" in obj:
        try:
            return item_from_json(obj)
        except ValueError as e:
            raise InputError(str(e), where) from e
    raise InputError(
        f"statement {key} is not among the statements read, and the label does not carry its content and speaker",
        where,
    )


def store_labels(db: str | Path, questions: Iterable[str]) -> list[Label]:
    """The latest human label of every labelled statement in the store (`labels` table, schema 3) for `questions`:
    corrections made on the web page, or imported, teach the judge like a labels file does."""
    from stancemap.store import open_store
    from stancemap.store.stances import iter_stanced
    from stancemap.store.stances import labels as stored_labels

    found = []
    with open_store(db) as store:
        for question in questions:
            for row, stanced in iter_stanced(store, question):
                # A labelled stance row has score 1.0 (store.stances.put_label); only those can have labels.
                if stanced.stance.score < 1.0:
                    continue
                history = stored_labels(store, row, question)
                if not history:
                    continue
                s = stanced.statement
                item = StanceItem(
                    article=s.article,
                    speaker=s.speaker,
                    text=s.content.text,
                    key=statement_key(s.article, None, s.content.start, s.content.end, s.content.text),
                )
                found.append(Label(question, history[-1][0], item))
    return found
