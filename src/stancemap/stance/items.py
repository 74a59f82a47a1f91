"""What the judge reads: one statement with the little context CONTRACT's `stance` input guarantees, plus more.

CONTRACT requires only `content.text`, `speaker` and `article`; `extract` records carry offsets too, and when the
article's text is at hand the sentences around the content become the statement's neighbours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# A sentence ends at . ! ? (optionally followed by a closing quote) before whitespace.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+")
# How far around the content the neighbours reach (characters): about one sentence either side.
NEIGHBOUR_CHARS = 300


@dataclass(frozen=True, slots=True)
class StanceItem:
    """One statement to judge. `key` identifies it for labels: `article` + `id` (or the content offsets/text)."""

    article: str
    speaker: str | None
    text: str
    key: str
    before: str = ""  # the article text just before the content (its sentence and the one before), if known
    after: str = ""  # the text just after (the rest of its sentence and the next one), if known
    direct: bool = False  # a direct quote (the speaker's own words: "she" in it is someone else)
    cue: str = ""  # the attribution cue ("objected", "urged", "said"), when the record has one: it can carry stance
    role: str = ""  # how the record describes the speaker ("campaign manager for Okafor"), when it does
    # The whole article, when at hand: how it introduces the speaker tells whose side the speaker is on.
    article_text: str = field(default="", repr=False, compare=False)


def statement_key(article: str, record_id: str | None, start: int | None, end: int | None, text: str) -> str:
    """A statement's identity across runs: its record id when there is one, else its offsets, else its text."""
    if record_id:
        return f"{article}#{record_id}"
    if start is not None and end is not None:
        return f"{article}@{start}-{end}"
    return f"{article}:{text.strip()[:200]}"


def item_from_json(obj: Any, article_text: str | None = None) -> StanceItem:
    """A StanceItem from an extract-format record; ValueError names the missing or mistyped field."""
    if not isinstance(obj, dict):
        raise ValueError("a statement must be a JSON object")
    article = obj.get("article")
    if not isinstance(article, str):
        raise ValueError("field 'article' must be a string")
    if "speaker" not in obj:
        raise ValueError("field 'speaker' is missing")
    speaker = obj["speaker"]
    if speaker is not None and not isinstance(speaker, str):
        raise ValueError("field 'speaker' must be a string or null")
    content = obj.get("content")
    if not isinstance(content, dict) or not isinstance(content.get("text"), str):
        raise ValueError("field 'content' must be an object with a string 'text'")
    start, end = content.get("start"), content.get("end")
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
        start = end = None
    record_id = obj.get("id") if isinstance(obj.get("id"), str | int) else None
    before = after = ""
    if article_text is not None and start is not None and end is not None and 0 <= start <= end <= len(article_text):
        before = _sentence_window(article_text[max(0, start - NEIGHBOUR_CHARS) : start], keep_end=True)
        after = _sentence_window(article_text[end : end + NEIGHBOUR_CHARS], keep_end=False)
    cue = obj.get("cue")
    cue_text = cue["text"] if isinstance(cue, dict) and isinstance(cue.get("text"), str) else ""
    role = obj.get("role")
    return StanceItem(
        article=article,
        speaker=speaker,
        text=content["text"],
        key=statement_key(article, None if record_id is None else str(record_id), start, end, content["text"]),
        before=before,
        after=after,
        cue=cue_text,
        direct=obj.get("kind") == "direct",
        role=role if isinstance(role, str) else "",
        article_text=article_text or "",
    )


def _sentence_window(text: str, keep_end: bool) -> str:
    """Cut a window at sentence boundaries: the last two sentences before, or the first two after."""
    bounds = [m.end() for m in _SENTENCE_END.finditer(text)]
    if keep_end:
        # Keep from the start of the sentence before the one the content sits in.
        cut = bounds[-2] if len(bounds) >= 2 else 0
        return text[cut:]
    cut = bounds[1] if len(bounds) >= 2 else len(text)
    return text[:cut]
