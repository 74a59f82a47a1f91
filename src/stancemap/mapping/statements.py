"""The map's input: a statement with its stance on one question, the story it belongs to and any reported shift."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from stancemap.errors import InputError
from stancemap.records import LABELS, Stance, Statement


@dataclass(frozen=True, slots=True)
class StancedStatement:
    """`statement` judged on one question.

    `story` names the story's first article: a syndicated copy carries the original's id, so the story counts once
    and the copy is listed as a source. `order` breaks ties between statements of the same date (the input order).
    `reported` is the shift the text reports, (from, to) labels, when there is one (`mapping.shifts`).
    """

    statement: Statement
    stance: Stance
    story: str
    order: int = 0
    reported: tuple[str, str] | None = None

    @property
    def is_copy(self) -> bool:
        return self.story != self.statement.article

    @property
    def actor(self) -> str | None:
        """The speaker the map counts: anonymous and unattributed statements belong to no actor."""
        s = self.statement
        if s.speaker is None or s.anonymous or s.speaker_kind == "anonymous":
            return None
        return s.speaker


def stanced_from_json(obj: Any, question: str, order: int = 0) -> StancedStatement | None:
    """Read one `stancemap stance` record for `question`; None when it carries no stance on it.

    Optional fields the map reads besides CONTRACT's: `story` (the id of the article a copy was republished from;
    `copy_of` is accepted too) and `reported_change` ({"from": ..., "to": ...}, a shift the text reports).
    ValueError names the first bad field.
    """
    statement = Statement.from_json(obj)
    stances = obj.get("stance")
    if stances is None:
        return None
    if not isinstance(stances, dict):
        raise ValueError("field 'stance' must be an object keyed by question id")
    judged = stances.get(question)
    if judged is None:
        return None
    stance = stance_from_json(judged)
    story = obj.get("story") or obj.get("copy_of") or statement.article
    if not isinstance(story, str):
        raise ValueError("field 'story' must be a string")
    reported = None
    change = obj.get("reported_change")
    if change is not None:
        if not isinstance(change, dict) or change.get("from") not in LABELS or change.get("to") not in LABELS:
            raise ValueError("field 'reported_change' must be {'from': label, 'to': label}")
        reported = (change["from"], change["to"])
    return StancedStatement(statement, stance, story, order, reported)


def stance_from_json(obj: Any) -> Stance:
    if not isinstance(obj, dict) or obj.get("label") not in LABELS:
        raise ValueError(f"a stance needs 'label' one of {', '.join(LABELS)}")
    score = obj.get("score", 1.0)
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0.0 <= score <= 1.0:
        raise ValueError("stance 'score' must be a number in [0, 1]")
    return Stance(obj["label"], float(score), bool(obj.get("conditional", False)))


def read_stanced(lines: Iterable[str], question: str, origin: str) -> Iterator[StancedStatement]:
    """Stanced statements on `question` from JSONL lines (blank lines skipped); InputError names `origin:line`."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = stanced_from_json(json.loads(line), question, number)
        except json.JSONDecodeError as e:
            raise InputError(f"line {number}: not JSON ({e.msg})", origin) from e
        except ValueError as e:
            raise InputError(f"line {number}: {e}", origin) from e
        if item is not None:
            yield item
