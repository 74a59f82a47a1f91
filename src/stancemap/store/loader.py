"""Write cleaned documents into the store: per-batch transactions, content-hash idempotence, story grouping.

Every batch of `batch_size` documents is one transaction. A run killed mid-batch loses only that batch, and the
next run stores it then (content already stored is recognised by its hash and counted, not added again).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from datasketch import LeanMinHash

from stancemap.ingest.dedup import SIGNATURE_KIND, NearDuplicateIndex, from_bytes, signature, to_bytes
from stancemap.records import Article, Problem
from stancemap.store.records import IngestReport
from stancemap.store.sqlite import SqliteStore

# Later stages analyse English only; other languages are counted as skipped, not reported as errors.
ENGLISH = "en"
# Rows per transaction when signatures are computed for articles stored without one (older schema).
BACKFILL_CHUNK = 500


class StoredIndex:
    """The near-duplicate index of everything stored, from the stored signatures, kept level with what other
    processes store meanwhile (a concurrent ingest into the same store): `catch_up`, called under the write lock
    before each batch, reads the signatures stored since it last looked, so copies that two concurrent ingests
    read are grouped too.

    Articles without a signature of the current kind (stored by an older schema or other signature settings)
    get one when the index is built, and ungrouped ones are grouped with any earlier copy.
    """

    def __init__(self, store: SqliteStore, threshold: float) -> None:
        self.index = NearDuplicateIndex(threshold)
        # The highest article row whose stored signature has been read, and the rows placed by this process
        # since (row ids grow in the order writers take the lock, so later rows are the new ones).
        self._seen = 0
        self._own: set[int] = set()
        self.catch_up(store)
        while missing := store.texts_without_signature(SIGNATURE_KIND, limit=BACKFILL_CHUNK):
            with store.transaction():
                for row, text, grouped in missing:
                    self.place(store, row, signature(text), group=not grouped)

    def catch_up(self, store: SqliteStore) -> None:
        """Add the signatures that other processes stored since the last look."""
        for row, data in store.signatures(SIGNATURE_KIND, after=self._seen):
            if row not in self._own:
                self.index.add(row, from_bytes(data))
            self._seen = max(self._seen, row)
        self._own.clear()

    def place(self, store: SqliteStore, row: int, sig: LeanMinHash, *, group: bool) -> bool:
        """Store the signature, join the closest earlier copy's group if there is one; True when grouped."""
        match = self.index.best_match(sig) if group else None
        if match is not None:
            store.join_group(match.key, row, match.similarity)
        store.put_signature(row, SIGNATURE_KIND, to_bytes(sig))
        self.index.add(row, sig)
        self._own.add(row)
        return match is not None


def skip_reason(article: Article) -> str | None:
    """Why an article is left out of the store, or None to store it."""
    if not article.text.strip():
        return "no article text"
    if article.language is not None and article.language != ENGLISH:
        return f"not English ({article.language})"
    return None


def ingest(
    store: SqliteStore,
    items: Iterable[Article | Problem],
    *,
    batch_size: int,
    duplicate_threshold: float,
    inputs: Sequence[str] = (),
) -> IngestReport:
    """Store `items` (from `stancemap.ingest.clean_documents`) in batches; return what was done."""
    index = StoredIndex(store, duplicate_threshold)
    run = store.start_run(inputs)
    tally = _Tally()
    batch: list[Article | Problem] = []
    for item in items:
        batch.append(item)
        if len(batch) >= max(1, batch_size):
            _write_batch(store, index, run, batch, tally)
            batch = []
    if batch:
        _write_batch(store, index, run, batch, tally)
    store.finish_run(run)
    return tally.report()


class _Tally:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()

    def report(self) -> IngestReport:
        c = self.counts
        return IngestReport(
            read=c["read"],
            new=c["new"],
            already_stored=c["already"],
            grouped=c["grouped"],
            skipped=tuple(sorted(self.skipped.items())),
            problems=c["problems"],
            warnings=c["warnings"],
        )


def _write_batch(
    store: SqliteStore, index: StoredIndex, run: int, batch: list[Article | Problem], tally: _Tally
) -> None:
    # Counted on a copy and merged after COMMIT, so a failed batch leaves the tally as the store is.
    counts: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    with store.transaction():
        index.catch_up(store)
        for item in batch:
            if isinstance(item, Problem):
                store.log_problem(item, run)
                if item.skipped:
                    counts["read"] += 1
                    skipped[item.reason] += 1
                else:
                    counts["problems" if item.fatal else "warnings"] += 1
                continue
            counts["read"] += 1
            for warning in item.warnings:
                store.log_problem(Problem(item.source, warning, fatal=False), run)
                counts["warnings"] += 1
            reason = skip_reason(item)
            if reason is not None:
                store.log_problem(Problem(item.source, reason, fatal=False, skipped=True), run)
                skipped[reason] += 1
                continue
            stored = store.add_article(item, run)
            if stored is None:
                counts["already"] += 1
                continue
            counts["new"] += 1
            counts["grouped"] += index.place(store, stored.row, signature(item.text), group=True)
    tally.counts.update(counts)
    tally.skipped.update(skipped)
