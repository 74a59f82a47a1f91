"""Small frozen records passed between stages. `to_json` gives the shapes of ../shared/CONTRACT.md."""

from __future__ import annotations

import hashlib
import json
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
        """Identity of the document: ingesting the same document twice adds nothing.

        Covers everything read from the input (body, metadata, captions, raw text) but not the id or the path, so
        the same file re-ingested from elsewhere is recognised, while a syndicated copy whose body cleans to the
        same text but comes from another page (other title, URL, residue) is kept as a copy of its own.
        """
        identity = {**self.to_json(), "article": None, "raw": self.raw}
        return hashlib.sha256(json.dumps(identity, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()

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


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical actor (stancemap.actors): one per person, organisation, country, group or place.

    `kind` is person | organization | country | group | place. `affiliation` names the country or organisation the
    actor belongs to ("France" for Emmanuel Macron), `role` its office ("president") where known. `id` is stable
    across articles: derived from the canonical name or the knowledge file's code ("person:emmanuel-macron",
    "country:FRA", "government:RUS").
    """

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    affiliation: str | None = None
    role: str | None = None
    id: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "affiliation": self.affiliation,
            "role": self.role,
        }


# How a statement is reported: verbatim, paraphrased, or paraphrase with quoted words.
KINDS = ("direct", "indirect", "mixed")


@dataclass(frozen=True, slots=True)
class Statement:
    """One attributed statement: who (`speaker`, via `speaker_mention`) said what (`content`), how and when.

    Spans index the article text as CONTRACT (extract) says. `speaker` is the canonical name after resolving
    pronouns, short names and titles through the article; `date` is ISO `YYYY-MM-DD` or None.
    """

    article: str
    content: Span
    kind: str  # "direct" | "indirect" | "mixed"
    speaker: str | None = None
    speaker_kind: str = "unknown"  # person | organization | country | group | anonymous | unknown
    speaker_mention: Span | None = None
    cue: Span | None = None
    role: str | None = None
    anonymous: bool = False
    date: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The `stancemap extract` record, keys in CONTRACT order."""
        return {
            "article": self.article,
            "speaker": self.speaker,
            "speaker_kind": self.speaker_kind,
            "speaker_mention": self.speaker_mention.to_json() if self.speaker_mention else None,
            "cue": self.cue.to_json() if self.cue else None,
            "content": self.content.to_json(),
            "kind": self.kind,
            "role": self.role,
            "anonymous": self.anonymous,
            "date": self.date,
        }

    @classmethod
    def from_json(cls, obj: Any) -> Statement:
        """Read an extract record back; ValueError names the first field that is missing or of the wrong type.

        `article`, `content` and `kind` are required; the nullable fields may be absent (null), `speaker_kind`
        defaults to "unknown" and `anonymous` to false.
        """
        if not isinstance(obj, dict):
            raise ValueError("a statement must be a JSON object")
        if not isinstance(obj.get("article"), str):
            raise ValueError("field 'article' must be a string")
        content = _span_from_json(obj.get("content"), "content")
        if content is None:
            raise ValueError("field 'content' is required")
        if obj.get("kind") not in KINDS:
            raise ValueError(f"field 'kind' must be one of {', '.join(KINDS)}")
        for name in ("speaker", "role", "date"):
            if obj.get(name) is not None and not isinstance(obj[name], str):
                raise ValueError(f"field {name!r} must be a string or null")
        return cls(
            article=obj["article"],
            content=content,
            kind=obj["kind"],
            speaker=obj.get("speaker"),
            speaker_kind=str(obj.get("speaker_kind") or "unknown"),
            speaker_mention=_span_from_json(obj.get("speaker_mention"), "speaker_mention"),
            cue=_span_from_json(obj.get("cue"), "cue"),
            role=obj.get("role"),
            anonymous=bool(obj.get("anonymous", False)),
            date=obj.get("date"),
        )


def _span_from_json(obj: Any, name: str) -> Span | None:
    if obj is None:
        return None
    if not isinstance(obj, dict):
        raise ValueError(f"field {name!r} must be a span object or null")
    start, end, text = obj.get("start"), obj.get("end"), obj.get("text")
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
        raise ValueError(f"field {name!r} needs integer 'start' and 'end'")
    if not 0 <= start <= end:
        raise ValueError(f"field {name!r} has a bad range {start}..{end}")
    return Span(text if isinstance(text, str) else "", start, end)


# A statement's stance on a question's proposition (CONTRACT, stance).
LABELS = ("support", "oppose", "neutral")


@dataclass(frozen=True, slots=True)
class Question:
    """A proposition an analyst wants positions on, e.g. "Ukraine should be allowed to strike targets in Russia"."""

    id: str
    text: str
    keywords: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text}


@dataclass(frozen=True, slots=True)
class Stance:
    """`label` toward the question's proposition; `score` is the confidence in `label`, in [0, 1]."""

    label: str  # "support" | "oppose" | "neutral"
    score: float
    conditional: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "score": round(self.score, 4), "conditional": self.conditional}


@dataclass(frozen=True, slots=True)
class Change:
    """An actor's shift on a question (`from_label` -> `to_label`), observed in its dated statements or reported.

    `reported` is True when the text itself says so ("had long opposed the plan but endorsed it on Monday").
    """

    from_label: str
    to_label: str
    date: str | None
    article: str
    reported: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"from": self.from_label, "to": self.to_label, "date": self.date, "article": self.article}


@dataclass(frozen=True, slots=True)
class Evidence:
    """One statement behind a position; `sources` lists the copies of its story (syndicated republications)."""

    article: str
    content: str
    date: str | None
    label: str
    score: float = 1.0
    conditional: bool = False
    sources: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "content": self.content,
            "date": self.date,
            "label": self.label,
            "conditional": self.conditional,
            "sources": list(self.sources),
        }


@dataclass(frozen=True, slots=True)
class Position:
    """Where one actor stands on one question as of a date: `stance` is support | oppose | neutral | mixed."""

    actor: str
    kind: str
    question: str
    stance: str
    conditional: bool
    statements: int
    first: str | None
    last: str | None
    evidence: tuple[Evidence, ...] = ()
    changes: tuple[Change, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """One entry of the `stancemap map` `actors` list (CONTRACT)."""
        return {
            "actor": self.actor,
            "kind": self.kind,
            "stance": self.stance,
            "conditional": self.conditional,
            "statements": self.statements,
            "first": self.first,
            "last": self.last,
            "evidence": [e.to_json() for e in self.evidence],
            "changes": [c.to_json() for c in self.changes],
        }


@dataclass(frozen=True, slots=True)
class Edge:
    """A weighted tie in a discourse network; `question` is None when the tie sums over questions."""

    source: str
    target: str
    question: str | None
    weight: float
