"""Records the store hands out: stored articles, duplicate groups, logged problems, an ingest run's report."""

from __future__ import annotations

from dataclasses import dataclass

from stancemap.records import Article, Problem


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored. `key` is unique in the store; `article.id` keeps the CONTRACT id as read.

    Two inputs may carry the same CONTRACT id (two `index.html` in different folders): the first keeps it as its
    key, later ones get `id~2`, `id~3`, ... (see docs/store.md).
    """

    row: int
    key: str
    article: Article
    content_hash: str
    duplicate_group: int | None
    ingested_at: str


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """Copies of one story (syndicated or lightly edited), in the order they were stored."""

    id: int
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LoggedProblem:
    run: int | None
    problem: Problem
    logged_at: str


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingest run did. `read` counts documents (stored, already stored or skipped), not files."""

    read: int = 0
    new: int = 0
    already_stored: int = 0
    grouped: int = 0
    skipped: tuple[tuple[str, int], ...] = ()
    problems: int = 0
    warnings: int = 0

    @property
    def skipped_total(self) -> int:
        return sum(n for _, n in self.skipped)
