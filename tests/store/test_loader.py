"""Loading cleaned documents (on SQLite and on PostgreSQL): idempotent by content hash, one transaction per batch,
copies grouped across runs."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from stancemap.ingest.dedup import NUM_PERM, SIGNATURE_KIND
from stancemap.records import Article, Problem
from stancemap.store import SqliteStore, ingest, open_store

DEDUP = Path(__file__).resolve().parents[1] / "fixtures" / "dedup"


def _fixture(name: str, language: str | None = "en") -> Article:
    path = DEDUP / f"{name}.txt"
    return Article(id=name, text=path.read_text(encoding="utf-8"), source=str(path), language=language)


def _numbered(n: int) -> list[Article]:
    return [
        Article(id=f"doc{i}", text=f"Report {i}: the ferry to Gull Island ran {i} minutes late.", language="en")
        for i in range(n)
    ]


def _run(store: SqliteStore, items: list[Article | Problem] | Iterator[Article | Problem], batch_size: int = 3):
    return ingest(store, items, batch_size=batch_size, duplicate_threshold=0.8, inputs=["test"])


def test_loader_second_run_adds_nothing(store_location: str):
    items: list[Article | Problem] = [*_numbered(7), _fixture("wire"), _fixture("republished")]
    with open_store(store_location) as store:
        first = _run(store, items)
        second = _run(store, items)
        assert (first.read, first.new, first.already_stored, first.grouped) == (9, 9, 0, 1)
        assert (second.read, second.new, second.already_stored, second.grouped) == (9, 0, 9, 0)
        assert store.count_articles() == 9
        assert store.count_stories() == 8


def test_loader_skips_non_english_and_logs_problems(store_location: str):
    items: list[Article | Problem] = [
        _fixture("wire"),
        Article(id="fr", text="Le conseil municipal a voté mardi soir.", language="fr"),
        Article(id="de", text="Der Stadtrat hat am Dienstag abgestimmt.", language="de"),
        Article(id="de2", text="Die Fähre fuhr am Morgen.", language="de"),
        Article(id="blank", text="  \n", language=None),
        Article(id="bad", text="Text with a \ufffd replacement.", language="en", warnings=("invalid UTF-8",)),
        Problem("broken.warc.gz", "truncated gzip stream"),
    ]
    with open_store(store_location) as store:
        report = _run(store, items)
        assert report.new == 2
        assert report.read == 6
        assert dict(report.skipped) == {"not English (de)": 2, "not English (fr)": 1, "no article text": 1}
        assert report.skipped_total == 4
        assert (report.problems, report.warnings) == (1, 1)
        logged = [(p.problem.path, p.problem.reason, p.problem.fatal) for p in store.problems()]
        assert ("broken.warc.gz", "truncated gzip stream", True) in logged
        assert len(logged) == 6
        assert store.interrupted_runs() == []


def test_loader_failure_mid_batch_keeps_committed_batches_only(store_location: str):
    docs = _numbered(8)

    def failing() -> Iterator[Article | Problem]:
        yield from docs[:5]
        raise OSError("disk went away while reading")

    with open_store(store_location) as store:
        with pytest.raises(OSError):
            _run(store, failing(), batch_size=2)
        # Batches [0,1] and [2,3] were committed; doc4 was in the batch being filled and is not half-written.
        assert store.count_articles() == 4
        assert len(store.interrupted_runs()) == 1
        assert store.integrity_problems() == []
        report = _run(store, list(docs), batch_size=2)
        assert (report.new, report.already_stored) == (4, 4)
        assert store.count_articles() == 8


def test_loader_groups_copies_across_runs_from_stored_signatures(store_location: str):
    db = store_location
    with open_store(db) as store:
        _run(store, [_fixture("wire"), _fixture("own_report")])
    # A later run, in a new process as far as the index is concerned: rebuilt from the stored signatures.
    with open_store(db) as store:
        report = _run(store, [_fixture("republished"), _fixture("trimmed"), _fixture("editorial")])
        assert (report.new, report.grouped) == (3, 2)
        assert [g.keys for g in store.duplicate_groups()] == [("wire", "republished", "trimmed")]
        assert store.count_stories() == 3
        signatures = list(store.signatures(SIGNATURE_KIND))
        assert len(signatures) == 5
        assert {len(values) for _, values in signatures} == {NUM_PERM * 4}


@pytest.mark.slow
def test_loader_concurrent_ingests_group_each_others_copies(store_location: str, tmp_path: Path):
    """Two `stancemap ingest` processes at once, one reading the wire story last, the other reading two copies of
    it first: whichever stores second finds the other's copies (the index catches up before each batch), so the
    three make one story, as one ingest of all the files would."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    draw = random.Random(5)
    words = ("ferry", "harbour", "council", "levy", "quay", "tide", "pilot", "crane", "berth", "storm", "cargo")
    for i in range(40):
        folder, name = (first, f"a{i:02}") if i % 2 else (second, f"m{i:02}")
        text = f"Report {i}: " + " ".join(draw.choice(words) for _ in range(50)) + ".\n"
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (first / "z-wire.txt").write_text((DEDUP / "wire.txt").read_text(encoding="utf-8"), encoding="utf-8")
    for name in ("republished", "trimmed"):
        (second / f"a-{name}.txt").write_text((DEDUP / f"{name}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "STANCEMAP_BATCH_SIZE": "3"}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "stancemap", "ingest", "--db", store_location, str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for folder in (first, second)
    ]
    errors = [run.communicate(timeout=300)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], errors
    with open_store(store_location) as store:
        assert [set(g.keys) for g in store.duplicate_groups()] == [{"z-wire", "a-republished", "a-trimmed"}]
        assert (store.count_articles(), store.count_stories()) == (43, 41)
