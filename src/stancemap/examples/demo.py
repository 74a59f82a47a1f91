"""What `stancemap demo` runs: the main job on the bundled corpus, stage by stage, each returning a record.

The CLI (`stancemap.cli.demo`) only renders these records: `ingest_corpus` (clean and store), `extract_and_judge`
(statements, speakers and stances, stored), `current_map` (who stands where).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from stancemap.config import Settings
from stancemap.ingest import clean_documents
from stancemap.pipeline import extract_all, judge_extracted
from stancemap.records import Article, Problem, Question
from stancemap.store import IngestReport, SqliteStore, StoredArticle, ingest
from stancemap.store.loader import skip_reason
from stancemap.store.stances import add_stanced, current_map_actors, questions

# Articles whose page names no site and whose URL is unknown (plain text) are counted under this label.
NO_OUTLET = "(no site given)"
NO_DATE = "(no date)"


@dataclass(frozen=True, slots=True)
class Week:
    """An ISO week, labelled by its Monday."""

    year: int
    number: int

    @property
    def monday(self) -> Date:
        return Date.fromisocalendar(self.year, self.number, 1)

    @property
    def label(self) -> str:
        return f"{self.monday:%d %b}".lstrip("0")


@dataclass(frozen=True, slots=True)
class DuplicateStory:
    """Copies of one story as stored: (key, title, outlet) in the order they were stored."""

    copies: tuple[tuple[str, str | None, str], ...]


@dataclass(frozen=True, slots=True)
class IngestSummary:
    """What the ingest stage did this run, and what the store now holds."""

    report: IngestReport
    store_path: Path
    articles: int
    stories: int
    # Stored articles per (outlet, week); `None` week for undated articles.
    per_outlet_week: dict[tuple[str, Week | None], int]
    # Languages of every document read this run, stored or skipped.
    languages: dict[str, int]
    # (source, reason) for each document left out this run, and each input that could not be read.
    skipped: tuple[tuple[str, str], ...]
    problems: tuple[str, ...]
    duplicates: tuple[DuplicateStory, ...]
    captions: int
    removed_lines: int
    syndicated: int
    undated: tuple[str, ...] = field(default=())

    @property
    def weeks(self) -> list[Week | None]:
        found = {week for _, week in self.per_outlet_week}
        dated = sorted((w for w in found if w is not None), key=lambda w: (w.year, w.number))
        return [*dated, *([None] if None in found else [])]

    @property
    def outlets(self) -> list[str]:
        return sorted({outlet for outlet, _ in self.per_outlet_week})


def outlet_of(article: Article) -> str:
    """The outlet an article was published by: its site, else its URL's host (syndicated copies keep their own)."""
    if article.site:
        return article.site
    if article.url:
        host = urlsplit(article.url).hostname
        if host:
            return host.removeprefix("www.")
    return NO_OUTLET


def week_of(iso_date: str | None) -> Week | None:
    if not iso_date:
        return None
    try:
        year, number, _ = Date.fromisoformat(iso_date).isocalendar()
    except ValueError:
        return None
    return Week(year, number)


@dataclass
class _Seen:
    """What passed through the stream of cleaned documents on its way into the store."""

    languages: Counter[str] = field(default_factory=Counter)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def watch(self, items: Iterable[Article | Problem]) -> Iterator[Article | Problem]:
        for item in items:
            if isinstance(item, Article):
                self.languages[item.language or "unknown"] += 1
                reason = skip_reason(item)
                if reason is not None:
                    self.skipped.append((item.source, reason))
            elif item.skipped:
                self.skipped.append((item.path, item.reason))
            elif item.fatal:
                self.problems.append(str(item))
            yield item


def ingest_corpus(store: SqliteStore, paths: Sequence[str | Path], settings: Settings) -> IngestSummary:
    """Clean and store `paths`, then describe the run and the store."""
    seen = _Seen()
    inputs = [str(p) for p in paths]
    report = ingest(
        store,
        seen.watch(clean_documents(inputs, settings)),
        batch_size=settings.batch_size,
        duplicate_threshold=settings.duplicate_threshold,
        inputs=inputs,
    )
    return summarize(store, report, seen)


def summarize(store: SqliteStore, report: IngestReport, seen: _Seen) -> IngestSummary:
    stored = list(store.iter_articles())
    by_key = {s.key: s for s in stored}
    per_outlet_week: Counter[tuple[str, Week | None]] = Counter(
        (outlet_of(s.article), week_of(s.article.date)) for s in stored
    )
    duplicates = tuple(
        DuplicateStory(tuple(_copy(by_key[key]) for key in group.keys if key in by_key))
        for group in store.duplicate_groups()
    )
    return IngestSummary(
        report=report,
        store_path=Path(store.path).resolve(),
        articles=store.count_articles(),
        stories=store.count_stories(),
        per_outlet_week=dict(per_outlet_week),
        languages=dict(seen.languages.most_common()),
        skipped=tuple(seen.skipped),
        problems=tuple(seen.problems),
        duplicates=duplicates,
        captions=sum(len(s.article.captions) for s in stored),
        removed_lines=sum(len(s.article.removed) for s in stored),
        syndicated=sum(1 for s in stored if s.article.original_source),
        undated=tuple(s.key for s in stored if week_of(s.article.date) is None),
    )


def _copy(stored: StoredArticle) -> tuple[str, str | None, str]:
    return stored.key, stored.article.title, outlet_of(stored.article)


@dataclass(frozen=True, slots=True)
class JudgedSummary:
    """The extract and stance stages: statements found in the corpus, how, by whom, and their stances."""

    question: str
    articles: int
    statements: int
    kinds: dict[str, int]
    # (speaker, kind, statements), most statements first; anonymous and unresolved sources apart.
    speakers: tuple[tuple[str, str, int], ...]
    anonymous: int
    unresolved: int
    stances: dict[str, int]
    # True when the store already held this question's stances (a second run adds nothing).
    already_stored: bool = False


def extract_and_judge(
    store: SqliteStore, paths: Sequence[str | Path], settings: Settings, question: Question
) -> JudgedSummary:
    """Extract the statements of `paths`, judge them on `question` and store them, unless the store has them."""
    if question.id in questions(store):
        return JudgedSummary(question.id, 0, 0, {}, (), 0, 0, {}, already_stored=True)
    found = extract_all(
        # The ingest stage has reported every unreadable input already.
        clean_documents([str(p) for p in paths], settings),
        settings.duplicate_threshold,
        lambda _p: None,
    )
    stanced = judge_extracted(found, question)
    add_stanced(store, stanced, question.id)
    statements = [s for group in found.statements for s in group]
    speakers: Counter[tuple[str, str]] = Counter(
        (s.speaker, s.speaker_kind) for s in statements if s.speaker and not s.anonymous
    )
    return JudgedSummary(
        question=question.id,
        articles=len(found.articles),
        statements=len(statements),
        kinds=dict(Counter(s.kind for s in statements).most_common()),
        speakers=tuple((name, kind, n) for (name, kind), n in speakers.most_common()),
        anonymous=sum(1 for s in statements if s.anonymous),
        unresolved=sum(1 for s in statements if not s.speaker and not s.anonymous),
        stances=dict(Counter(item.stance.label for item in stanced).most_common()),
    )


def current_map(store: SqliteStore, question: Question) -> list[dict[str, Any]]:
    """The map of `question` as `stancemap map --db` prints its actors."""
    return current_map_actors(store, question.id)
