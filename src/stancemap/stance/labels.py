"""Human labels from a JSONL file: one object per line, `question`, `label`, and the statement it labels.

The statement is named by `article` plus `id` (or `content.start`/`content.end`) and found among the statements
being judged, or given in full (`content.text`, `speaker`) so the label can teach without them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stancemap.errors import InputError
from stancemap.records import LABELS
from stancemap.stance.items import StanceItem, item_from_json, statement_key
from stancemap.stance.learn import Label

if TYPE_CHECKING:
    from stancemap.store import Store


def read_labels(path: str | Path, known: Mapping[str, StanceItem], questions: Iterable[str]) -> list[Label]:
    """Labels of `path`; each names a statement in `known` (by key) or carries its content. One InputError, naming
    the file and line, for a bad line, an unknown question, a bad label or a statement that cannot be found."""
    question_ids = set(questions)
    labels = []
    for where, obj in _label_lines(path):
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


@dataclass(frozen=True, slots=True)
class StoredLabel:
    """One line of a label file resolved to a stored statement (its row in the store's `statements`)."""

    row: int
    question: str
    label: str
    conditional: bool
    note: str | None
    author: str | None


def resolve_store_labels(store: Store, path: str | Path) -> list[StoredLabel]:
    """The labels of `path`, each matched to a statement judged on its question in `store`. A line names its
    statement by `statement` (the store's row number, as the web page shows it), or by `article` plus
    `content.start`/`content.end`, or by `article` plus `content.text`. Every problem is one InputError naming the
    file and line: not JSON, an unknown question, a bad label, a statement the store does not hold."""
    from stancemap.store.stances import iter_stanced
    from stancemap.store.stances import questions as stored_questions

    known_questions = set(stored_questions(store))
    rows = _label_lines(path)
    # One pass over each question's statements, only for the questions the file labels.
    index: dict[str, dict[tuple[str, object, object], int]] = {}
    for labelled in sorted({q for _, obj in rows if isinstance(q := obj.get("question"), str)} & known_questions):
        keys: dict[tuple[str, object, object], int] = {}
        for stored_row, stanced in iter_stanced(store, labelled):
            s = stanced.statement
            keys[("row", stored_row, None)] = stored_row
            # A statement stored twice (the same span read again) is labelled through its first row.
            keys.setdefault((s.article, s.content.start, s.content.end), stored_row)
            keys.setdefault((s.article, "text", s.content.text.strip()), stored_row)
        index[labelled] = keys
    resolved = []
    for where, obj in rows:
        question, label = obj.get("question"), obj.get("label")
        if not isinstance(question, str) or question not in known_questions:
            shown = ", ".join(sorted(known_questions)) or "none: judge statements into the store first"
            raise InputError(f"label for unknown question {question!r} (the store has: {shown})", where)
        if label not in LABELS:
            raise InputError(f"label must be one of {', '.join(LABELS)}, not {label!r}", where)
        conditional, note, author = obj.get("conditional", False), obj.get("note"), obj.get("author")
        if not isinstance(conditional, bool):
            raise InputError("field 'conditional' must be true or false", where)
        if note is not None and not isinstance(note, str):
            raise InputError("field 'note' must be a string", where)
        if author is not None and (not isinstance(author, str) or not author.strip()):
            raise InputError("field 'author' must be a non-empty string", where)
        key, shown = _store_key(obj, where)
        row = index[question].get(key)
        if row is None:
            raise InputError(f"statement {shown} is not in the store with a stance on {question!r}", where)
        resolved.append(StoredLabel(row, question, str(label), conditional, note, author))
    return resolved


def _label_lines(path: str | Path) -> list[tuple[str, dict[str, Any]]]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as e:
        raise InputError("labels file not found", path) from e
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read labels: {e}", path) from e
    rows = []
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
        rows.append((where, obj))
    return rows


def _store_key(obj: dict[str, Any], where: str) -> tuple[tuple[str, object, object], str]:
    """How a label line names its stored statement, and how an error message shows it."""
    row = obj.get("statement")
    if row is not None:
        if not isinstance(row, int) or isinstance(row, bool):
            raise InputError("field 'statement' must be the statement's row number (an integer)", where)
        return ("row", row, None), f"#{row}"
    article = obj.get("article")
    if not isinstance(article, str):
        raise InputError("a label needs 'statement' (row number) or 'article' with 'content'", where)
    content = obj.get("content")
    if not isinstance(content, dict):
        raise InputError("field 'content' must be an object with 'start' and 'end' or 'text'", where)
    start, end, text = content.get("start"), content.get("end"), content.get("text")
    if isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool | None):
        return (article, start, end), f"{article}@{start}-{end}"
    if isinstance(text, str) and text.strip():
        return (article, "text", text.strip()), f"{article}: {text.strip()[:60]!r}"
    raise InputError("field 'content' must hold integer 'start' and 'end', or a non-empty 'text'", where)


def import_labels(store: Store, path: str | Path, author: str) -> list[StoredLabel]:
    """Store every label of `path` (all or none: the file is checked whole before the first write); each becomes
    the statement's stance on its question and teaches the judge (`stancemap stance --db`)."""
    from stancemap.store.stances import put_label

    resolved = resolve_store_labels(store, path)
    for lab in resolved:
        put_label(store, lab.row, lab.question, lab.label, lab.author or author, lab.conditional, lab.note)
    return resolved
