"""Ingest rate of `stancemap ingest` into a PostgreSQL store against an SQLite store, on the PolNeAR train texts.

Runs the real command in a child process on `<shared>/data/polnear/train/text` (840 .txt files), `--runs` times per
backend, alternating SQLite and PostgreSQL so that both see the same load, each run into a new store: an SQLite file
in bench/work/, or a new database on a throwaway PostgreSQL server started for the benchmark (tests/pg_server.py)
with the server's default durability (fsync and synchronous commit on), on this machine over TCP on 127.0.0.1.
Also times the store's share alone: the same documents cleaned once in memory, then `stancemap.store.ingest()` into a
new store of each kind. Reports median wall times per backend, their ratio and the ratio within each back-to-back
pair; writes `bench/results/store_ingest_rate.json`.

    nice -n 10 python bench/store_bench.py [--shared ../shared] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from stancemap.config import load_settings
from stancemap.ingest import clean_documents
from stancemap.records import Article, Problem
from stancemap.store import ingest, open_store

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "work"
sys.path.insert(0, str(ROOT / "tests"))
import pg_server  # noqa: E402 - the tests' throwaway server, from the tests folder

# Articles stored from the 840 files: one file is byte-identical to another.
STORED = 839


def ingest_seconds(texts: Path, db: str) -> tuple[float, str]:
    """Wall time of one `stancemap ingest` of `texts` into `db`, and its summary line."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "stancemap", "ingest", str(texts), "--db", db], capture_output=True, text=True
    )
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        sys.exit(f"error: ingest into {db} exited {done.returncode}: {done.stderr[-2000:]}")
    summary = next(line for line in done.stderr.splitlines() if line.startswith("ingest:"))
    return elapsed, summary


def store_seconds(articles: list[Article | Problem], db: str) -> tuple[float, float]:
    """Wall and CPU time of this process storing already-cleaned `articles` into a new store at `db` (the store's
    share of an ingest: hashing, MinHash signatures and grouping, SQL), opening and migrating it included."""
    settings = load_settings()
    started, cpu = time.monotonic(), time.process_time()
    with open_store(db) as store:
        report = ingest(
            store, articles, batch_size=settings.batch_size, duplicate_threshold=settings.duplicate_threshold
        )
    if report.new != STORED:
        sys.exit(f"error: {db}: stored {report.new} articles, not {STORED}")
    return time.monotonic() - started, time.process_time() - cpu


def _pairs(seconds: dict[str, list[float]], count: int) -> dict[str, Any]:
    medians = {backend: statistics.median(runs) for backend, runs in seconds.items()}
    return {
        "runs_seconds": {backend: [round(s, 2) for s in runs] for backend, runs in seconds.items()},
        "median_seconds": {backend: round(m, 2) for backend, m in medians.items()},
        "documents_per_second": {backend: round(count / m, 1) for backend, m in medians.items()},
        "postgresql_over_sqlite_time": round(medians["postgresql"] / medians["sqlite"], 3),
        # Each pair ran back to back: under a load that changes from minute to minute its ratio is steadier.
        "pair_ratios": [round(p / q, 3) for p, q in zip(seconds["postgresql"], seconds["sqlite"], strict=True)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=None, help="the shared data folder (default: settings)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "store_ingest_rate.json")
    args = parser.parse_args()

    shared = args.shared or load_settings().shared
    texts = shared / "data" / "polnear" / "train" / "text"
    files = sorted(texts.glob("*.txt"))
    if not files:
        sys.exit(f"error: {texts}: no .txt files (set --shared or STANCEMAP_SHARED)")
    reason = pg_server.missing_reason()
    if reason is not None:
        sys.exit(f"error: {reason}")
    WORK.mkdir(parents=True, exist_ok=True)
    sqlite_db = WORK / "store-bench.db"
    leftovers = (sqlite_db, Path(f"{sqlite_db}-wal"), Path(f"{sqlite_db}-shm"))
    articles = list(clean_documents([str(texts)], load_settings()))
    command: dict[str, list[float]] = {"sqlite": [], "postgresql": []}
    writes: dict[str, list[float]] = {"sqlite": [], "postgresql": []}
    writes_cpu: dict[str, list[float]] = {"sqlite": [], "postgresql": []}
    summaries: dict[str, str] = {}
    load_before = os.getloadavg()[0]
    with pg_server.running(durable=True) as server:
        for run in range(args.runs):
            for backend in ("sqlite", "postgresql"):
                for leftover in leftovers:
                    leftover.unlink(missing_ok=True)
                db = str(sqlite_db) if backend == "sqlite" else server.new_database()
                elapsed, summaries[backend] = ingest_seconds(texts, db)
                command[backend].append(elapsed)
                for leftover in leftovers:
                    leftover.unlink(missing_ok=True)
                db = str(sqlite_db) if backend == "sqlite" else server.new_database()
                wall, cpu = store_seconds(articles, db)
                writes[backend].append(wall)
                writes_cpu[backend].append(cpu)
                print(
                    f"run {run + 1} {backend}: command {elapsed:.1f} s, store writes {wall:.2f} s "
                    f"(CPU {cpu:.2f} s); {summaries[backend]}",
                    file=sys.stderr,
                )
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)
    result = {
        "input": f"PolNeAR train texts, {len(files)} .txt files, {sum(f.stat().st_size for f in files)} bytes",
        "postgresql_server": "throwaway local server (tests/pg_server.py), default fsync and synchronous_commit, TCP",
        "command": {
            "run": "stancemap ingest ../shared/data/polnear/train/text --db (bench/work/store-bench.db | "
            "postgresql://stancemap@127.0.0.1:PORT/store_N)",
            **_pairs(command, len(files)),
            "summary": summaries,
        },
        "store_writes": {
            "run": f"stancemap.store.ingest() of the {STORED} cleaned articles, already in memory, into a new store",
            **_pairs(writes, STORED),
            # The client's CPU only: PostgreSQL's own work is in the server process.
            "median_client_cpu_seconds": {b: round(statistics.median(c), 2) for b, c in writes_cpu.items()},
        },
        "load_average_before": round(load_before, 2),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs (shared)",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
