"""Question files (TOML): `id`, `text`, optional `keywords`. Every problem is one InputError naming the file."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from stancemap.errors import InputError
from stancemap.records import Question

KNOWN_KEYS = {"id", "text", "keywords"}
# Question ids become JSON keys and store keys: keep them plain so they survive shells and URLs.
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def question_from_toml(data: dict[str, Any], origin: str | Path) -> Question:
    """A Question from parsed TOML; InputError (naming `origin`) for missing, mistyped or unknown fields."""
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise InputError(f"unknown field(s) {', '.join(unknown)} (a question has id, text, keywords)", origin)
    for name in ("id", "text"):
        if name not in data:
            raise InputError(f"field {name!r} is missing", origin)
        if not isinstance(data[name], str):
            raise InputError(f"field {name!r} must be a string, not {type(data[name]).__name__}", origin)
        if not data[name].strip():
            raise InputError(f"field {name!r} is empty", origin)
    if not ID_PATTERN.match(data["id"]):
        raise InputError(f"id {data['id']!r} may only hold letters, digits, '_', '.' and '-'", origin)
    keywords = data.get("keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) and k.strip() for k in keywords):
        raise InputError("field 'keywords' must be a list of non-empty strings", origin)
    return Question(id=data["id"], text=data["text"].strip(), keywords=tuple(k.strip() for k in keywords))


def load_question(path: str | Path) -> Question:
    """Read one question file."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError as e:
        raise InputError("question file not found", path) from e
    except OSError as e:
        raise InputError(f"cannot read question file: {e.strerror or e}", path) from e
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise InputError("question file is not UTF-8 text", path) from e
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"not valid TOML: {e}", path) from e
    return question_from_toml(data, path)


def load_questions(paths: Iterable[str | Path]) -> list[Question]:
    """Read several question files; two files with the same id are an error naming the second."""
    questions: list[Question] = []
    seen: dict[str, str] = {}
    for path in paths:
        question = load_question(path)
        if question.id in seen:
            raise InputError(f"duplicate question id {question.id!r} (also in {seen[question.id]})", path)
        seen[question.id] = str(path)
        questions.append(question)
    return questions
