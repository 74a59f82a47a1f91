"""Reader of PolNeAR (BRAT standoff): each article's text, metadata and gold attribution relations.

A split folder holds `text/DOC.txt` and `attributions/DOC_xxxx.ann`, one `.ann` per annotator (`xxxx`). Like the
shared scorer we use the annotator file that sorts first. An `E` line (`Attribution` or `Attribution-no-source`)
ties `T` spans in the roles Source, Cue and Content (rarely a second `Content2`). A `T` span may be discontinuous
(`start end;start end`, pieces in annotation order, not always ascending), and a `T` line's text may run over
several lines (it holds newlines of the article), so only lines that start with `T<n>\\t` / `E<n>\\t` are records.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from stancemap.errors import InputError

ROLES = ("Source", "Cue", "Content")

_T_LINE = re.compile(r"T(\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t?")
_E_LINE = re.compile(r"E(\d+)\t(.*)")


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """An annotated span: one or more `(start, end)` pieces of the article text, in annotation order."""

    pieces: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        """The first piece's start: with `end`, the extent the shared scorer compares (discontinuities ignored)."""
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        """The last piece's end (annotation order, so for a few out-of-order spans `end < start`)."""
        return self.pieces[-1][1]

    @property
    def discontinuous(self) -> bool:
        return len(self.pieces) > 1

    def text(self, article_text: str) -> str:
        """The annotated words, pieces joined by a space."""
        return " ".join(article_text[s:e] for s, e in self.pieces)


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One `E` relation. Any role may be absent (`Attribution-no-source` has no source)."""

    id: str
    source: GoldSpan | None
    cue: GoldSpan | None
    content: GoldSpan | None
    # A second content span some annotators added; the shared scorer ignores it, and so do our exact scores.
    content2: GoldSpan | None = None

    def role(self, name: str) -> GoldSpan | None:
        return {"source": self.source, "cue": self.cue, "content": self.content}[name]


@dataclass(frozen=True, slots=True)
class PolnearArticle:
    id: str
    text: str
    annotator: str
    attributions: tuple[GoldAttribution, ...]
    date: str | None = None
    publisher: str | None = None
    title: str | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Metadata:
    date: str | None
    publisher: str | None
    title: str | None
    author: str | None


def parse_ann(content: str, origin: str, text_length: int | None = None) -> tuple[GoldAttribution, ...]:
    """The attribution relations of one `.ann` file's content, in file order (`origin` names it in errors)."""
    spans: dict[str, GoldSpan] = {}
    events: list[tuple[str, dict[str, str], int]] = []
    for number, line in enumerate(content.splitlines(), start=1):
        if line.startswith("T") and (m := _T_LINE.match(line)):
            pieces = tuple((int(a), int(b)) for a, b in (piece.split(" ") for piece in m.group(3).split(";")))
            for start, end in pieces:
                if start > end or (text_length is not None and end > text_length):
                    raise InputError(f"line {number}: span {start} {end} does not fit the text", origin)
            spans["T" + m.group(1)] = GoldSpan(pieces)
        elif line.startswith("E") and (m := _E_LINE.match(line)):
            args = dict(arg.split(":", 1) for arg in m.group(2).split() if ":" in arg)
            events.append(("E" + m.group(1), args, number))
        elif re.match(r"[TE]\d+\t", line):
            raise InputError(f"line {number}: cannot read {line[:40]!r}", origin)
        # Anything else is a note (`#1 AnnotatorNotes`) or the continuation of a multi-line span text.

    def lookup(args: dict[str, str], role: str, number: int) -> GoldSpan | None:
        ref = args.get(role)
        if ref is None:
            return None
        if ref not in spans:
            raise InputError(f"line {number}: {role} refers to {ref}, which is not defined", origin)
        return spans[ref]

    return tuple(
        GoldAttribution(
            id=eid,
            source=lookup(args, "Source", number),
            cue=lookup(args, "Cue", number),
            content=lookup(args, "Content", number),
            content2=lookup(args, "Content2", number),
        )
        for eid, args, number in events
    )


def read_metadata(path: Path) -> dict[str, Metadata]:
    """`metadata.tsv`: document name (without annotator suffix) → date, publisher, title, author."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise InputError(f"cannot read PolNeAR metadata: {e}", path) from e
    if rows and "filename" not in rows[0]:
        raise InputError("no 'filename' column", path)

    def value(row: dict[str, str], key: str) -> str | None:
        v = (row.get(key) or "").strip()
        return v if v and v != "None" else None

    return {
        row["filename"]: Metadata(
            value(row, "publication_date"), value(row, "publisher"), value(row, "title"), value(row, "author")
        )
        for row in rows
    }


def check_split(split_dir: Path) -> None:
    if not (split_dir / "text").is_dir() or not (split_dir / "attributions").is_dir():
        raise InputError("not a PolNeAR split folder (needs text/ and attributions/)", split_dir)


def first_annotator_files(split_dir: Path) -> dict[str, Path]:
    """Document name → its annotator file that sorts first (the one the shared scorer and labels use)."""
    chosen: dict[str, Path] = {}
    for path in sorted((split_dir / "attributions").glob("*.ann")):
        chosen.setdefault(path.stem.rsplit("_", 1)[0], path)
    return chosen


def read_split(split_dir: Path, metadata: Path | None = None) -> list[PolnearArticle]:
    """Every article of a split folder (`.../polnear/dev`), sorted by name.

    Metadata comes from `metadata.tsv` beside the split folder unless `metadata` names another file; an article
    missing from it gets no date.
    """
    check_split(split_dir)
    meta_path = metadata if metadata is not None else split_dir.parent / "metadata.tsv"
    meta = read_metadata(meta_path) if meta_path.is_file() else {}
    return list(_articles(split_dir, meta))


def _articles(split_dir: Path, meta: dict[str, Metadata]) -> Iterator[PolnearArticle]:
    for doc, ann in sorted(first_annotator_files(split_dir).items()):
        yield read_article(split_dir, doc, ann, meta.get(doc))


def read_article(split_dir: Path, doc: str, ann: Path, meta: Metadata | None = None) -> PolnearArticle:
    """One article of a split: `text/DOC.txt` with the relations of the annotator file `ann`."""
    text_path = split_dir / "text" / f"{doc}.txt"
    try:
        # Universal newlines, as the shared scorer reads them (the files have none to translate).
        text = text_path.read_text(encoding="utf-8")
        ann_content = ann.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read: {e}", text_path if not text_path.is_file() else ann) from e
    return PolnearArticle(
        id=doc,
        text=text,
        annotator=ann.stem.rsplit("_", 1)[1],
        attributions=parse_ann(ann_content, str(ann), len(text)),
        date=meta.date if meta else None,
        publisher=meta.publisher if meta else None,
        title=meta.title if meta else None,
        author=meta.author if meta else None,
    )
