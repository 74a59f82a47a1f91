"""Cut an article's text into segments marked with the statements and speaker mentions that cover them.

Statement spans index the text the reader was given: for a `.txt` input the file's text as read (`raw_text`), for
other inputs the cleaned text. A span is placed at its offsets when the text there is exactly the span's text;
otherwise (offsets from another version of the text) at the first place its words occur, and flagged as such;
otherwise it is not placed. The segments are plain text: the template escapes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from stancemap.records import Span

CONTENT = "content"
SPEAKER = "speaker"


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a span was found in the shown text; `exact` is False when found by its words, not its offsets."""

    start: int
    end: int
    exact: bool


@dataclass(frozen=True, slots=True)
class Mark:
    statement: int
    kind: str  # CONTENT | SPEAKER
    start: int
    end: int
    focus: bool = False


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    kinds: frozenset[str]
    statements: tuple[int, ...]
    focus: bool
    anchors: tuple[int, ...]  # statements whose content starts here


def shown_text(text: str, raw_text: str | None) -> str:
    """The text statements' offsets index: the raw text of a `.txt` input, else the cleaned text."""
    return raw_text if raw_text is not None else text


def place(text: str, span: Span | None) -> Placed | None:
    if span is None or not span.text:
        return None
    if 0 <= span.start <= span.end <= len(text) and text[span.start : span.end] == span.text:
        return Placed(span.start, span.end, True)
    found = text.find(span.text)
    if found < 0:
        return None
    return Placed(found, found + len(span.text), False)


def segments(text: str, marks: Iterable[Mark]) -> list[Segment]:
    """`text` cut at every mark boundary; each piece lists the marks covering it (empty for plain text)."""
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    found = []
    for start, end in pairwise(cuts):
        covering = [m for m in marks if m.start <= start and end <= m.end]
        anchors = tuple(sorted({m.statement for m in marks if m.kind == CONTENT and m.start == start}))
        found.append(
            Segment(
                text=text[start:end],
                kinds=frozenset(m.kind for m in covering),
                statements=tuple(sorted({m.statement for m in covering})),
                focus=any(m.focus for m in covering),
                anchors=anchors,
            )
        )
    return found
