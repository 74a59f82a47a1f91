"""Small frozen records passed between stages. `to_json` gives the shapes of ../shared/CONTRACT.md."""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of a text: `text == source[start:end]` (code-point offsets, end exclusive)."""

    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Caption:
    """A photo caption taken out of the body, with its credit ("Jane Doe/Reuters") when one was given."""

    text: str
    credit: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "credit": self.credit}


@dataclass(frozen=True, slots=True)
class Piece:
    """`text[clean_start:clean_start+length] == raw[raw_start:raw_start+length]`: how clean text maps back."""

    clean_start: int
    raw_start: int
    length: int


@dataclass(frozen=True, slots=True)
class Article:
    """One cleaned document.

    `text` is the body only. For plain-text inputs `raw` holds the file's text as read and `pieces` map every
    character of `text` back into it, so statements can point into the original file (CONTRACT, extract).
    For other inputs `raw` is None and offsets index `text` itself.
    """

    id: str
    text: str
    source: str = "-"
    title: str | None = None
    date: str | None = None
    url: str | None = None
    site: str | None = None
    author: str | None = None
    original_source: str | None = None
    language: str | None = None
    captions: tuple[Caption, ...] = ()
    removed: tuple[str, ...] = ()
    raw: str | None = None
    pieces: tuple[Piece, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def content_hash(self) -> str:
        """Identity of the cleaned content: ingesting the same document twice adds nothing."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def raw_offset(self, clean_offset: int) -> int:
        """Where a position in `text` lies in `raw` (identity when there is no raw text)."""
        if self.raw is None or not self.pieces:
            return clean_offset
        starts = [p.clean_start for p in self.pieces]
        i = max(0, bisect_right(starts, clean_offset) - 1)
        piece = self.pieces[i]
        return piece.raw_start + min(clean_offset - piece.clean_start, piece.length)

    def to_json(self) -> dict[str, Any]:
        """The `stancemap clean` record."""
        return {
            "article": self.id,
            "title": self.title,
            "date": self.date,
            "url": self.url,
            "site": self.site,
            "author": self.author,
            "original_source": self.original_source,
            "language": self.language,
            "text": self.text,
            "captions": [c.to_json() for c in self.captions],
            "removed": list(self.removed),
        }


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one input that does not stop the batch: reported on one line, the rest goes on.

    `fatal` problems mean the document (or the rest of the file) was not read; non-fatal ones are warnings
    (invalid UTF-8 decoded with replacement characters, say). `skipped` documents were read but are left out of
    later stages on purpose (not English), which is counted, not an error.
    """

    path: str
    reason: str
    fatal: bool = True
    skipped: bool = False

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
