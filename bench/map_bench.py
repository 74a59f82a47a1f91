"""The map over a large store: `map` for one question over N generated statements (median of 5 runs).

    nice -n 10 python bench/map_bench.py --statements 1000000 --db /tmp/map-bench.db --exports --streaming \
        --out bench/results/map.json

Generates a debate the size of a year of national news: 2,000 named actors (a few speak a lot, most rarely:
Zipf-like weights), one statement in 8 from a syndicated copy, 3% anonymous, dates over two years, each actor
leaning one way with noise, 10% of sided statements conditional, 0.1% reporting a shift; plus 20% as many
statements on a second question, so the index has to pick the question's rows out. The store is built once
(reused when --db exists with the same size) and the map is timed 5 times each way: the current map as `stancemap
map --db` makes it (`current_map_actors`, read from the positions every write keeps up to date), the same as
records (`map_positions`), and the map as of a past date (2025-06-30) as `stancemap map --db --as-of` makes it
(`compute_positions`: the monthly tallies, that month's statements, the kept changes; CPU seconds recorded too).
`--exports` then runs each `stancemap export` of the question in its own process and records its time and peak
RSS; `--streaming` runs the CSV export in this process and samples its resident set every 200,000 rows.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from stancemap.mapping.statements import StancedStatement
from stancemap.records import Span, Stance, Statement
from stancemap.store import open_store
from stancemap.store.stances import add_stanced, compute_positions, current_map_actors, map_positions

QUESTION = "bench-question"
OTHER = "other-question"
ACTORS = 2000
KINDS = ("person", "organization", "country", "group")


def generate(n: int, question_seed: int, start_order: int = 0) -> Iterator[StancedStatement]:
    """n statements, reproducible from the seed."""
    rng = random.Random(question_seed)
    names = [f"Actor {i:04d}" for i in range(ACTORS)]
    weights = [1.0 / (i + 1) ** 0.8 for i in range(ACTORS)]
    leaning = [rng.random() for _ in range(ACTORS)]
    day0 = date(2024, 1, 1)
    chosen = rng.choices(range(ACTORS), weights=weights, k=n)
    for i, a in enumerate(chosen):
        day = (day0 + timedelta(days=rng.randrange(730))).isoformat()
        article = f"art-{i // 8:07d}"
        story = article if rng.random() > 0.125 else f"art-{max(0, i // 8 - rng.randrange(1, 50)):07d}"
        r = rng.random()
        label = "neutral" if r < 0.3 else "support" if rng.random() < leaning[a] else "oppose"
        anonymous = rng.random() < 0.03
        statement = Statement(
            article=article,
            content=Span(f"statement {i} on the question", 0, 30),
            kind=rng.choice(("direct", "indirect", "mixed")),
            speaker=None if anonymous else names[a],
            speaker_kind="anonymous" if anonymous else KINDS[a % 4],
            anonymous=anonymous,
            date=day,
        )
        stance = Stance(label, round(rng.uniform(0.5, 1.0), 3), label != "neutral" and rng.random() < 0.1)
        reported = ("oppose", "support") if label == "support" and rng.random() < 0.001 else None
        yield StancedStatement(statement, stance, story, start_order + i, reported)


def build(db: Path, n: int) -> float:
    started = time.perf_counter()
    with open_store(db) as store:
        add_stanced(store, generate(n, 1), QUESTION)
        add_stanced(store, generate(n // 5, 2, n), OTHER)
        store._conn.execute("ANALYZE")
    return time.perf_counter() - started


def measure_exports(db: Path) -> list[dict[str, object]]:
    """Each export of the store's question in its own process: wall time, peak RSS (os.wait4), output size."""
    found = []
    with tempfile.TemporaryDirectory() as folder:
        question = Path(folder) / "q.toml"
        question.write_text(f'id = "{QUESTION}"\ntext = "A generated question."\n', encoding="utf-8")
        for fmt, extra in [
            ("csv", []),
            ("jsonl", []),
            ("events", []),
            ("parquet", []),
            ("graphml", ["--network", "two-mode"]),
        ]:
            out = Path(folder) / f"out.{fmt}"
            command = [sys.executable, "-m", "stancemap", "export", "--question", str(question), "--db", str(db)]
            command += ["--format", fmt, "--out", str(out), *extra]
            started = time.perf_counter()
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - started
            if status != 0:
                raise SystemExit(f"export {fmt} failed: {process.stderr.read().decode() if process.stderr else ''}")
            found.append(
                {
                    "format": " ".join([fmt, *extra]),
                    "seconds": round(elapsed, 1),
                    "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),  # Linux: ru_maxrss is in KiB
                    "output_bytes": out.stat().st_size,
                }
            )
            out.unlink()
    return found


def measure_streaming(db: Path) -> dict[str, object]:
    """The CSV export in this process, to /dev/null, with the resident set sampled every 200,000 rows."""
    from stancemap.mapping.exports import write_csv
    from stancemap.store.stances import iter_stanced

    def resident_mib() -> float:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return round(int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)

    samples: list[tuple[int, float]] = []
    with open_store(db) as store, open(os.devnull, "w", encoding="utf-8") as sink:

        def rows() -> Iterator[tuple[int | None, str, StancedStatement]]:
            for i, (number, item) in enumerate(iter_stanced(store, QUESTION)):
                if i % 200_000 == 0:
                    samples.append((i, resident_mib()))
                yield number, QUESTION, item

        written = write_csv(rows(), sink)
    samples.append((written, resident_mib()))
    return {"rows": written, "resident_mib_by_row": samples}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/map-bench.db"))
    parser.add_argument("--out", type=Path)
    parser.add_argument("--exports", action="store_true", help="Also time each export and take its peak RSS.")
    parser.add_argument("--streaming", action="store_true", help="Sample RSS during an in-process CSV export.")
    args = parser.parse_args()
    build_s = None
    with open_store(args.db) as store:
        stored = store._conn.execute("SELECT COUNT(*) FROM stances WHERE question = ?", (QUESTION,)).fetchone()[0]
    if stored != args.statements:
        args.db.unlink()
        for suffix in ("-wal", "-shm"):
            Path(str(args.db) + suffix).unlink(missing_ok=True)
        build_s = build(args.db, args.statements)
    runs, live_runs = [], []
    with open_store(args.db) as store:
        for _ in range(5):
            started = time.perf_counter()
            found = current_map_actors(store, QUESTION)
            runs.append(time.perf_counter() - started)
        records_runs = []
        for _ in range(5):
            started = time.perf_counter()
            map_positions(store, QUESTION)
            records_runs.append(time.perf_counter() - started)
        live_cpu = []
        for _ in range(5):
            started, cpu = time.perf_counter(), time.process_time()
            live = compute_positions(store, QUESTION, as_of="2025-06-30")
            live_runs.append(time.perf_counter() - started)
            live_cpu.append(time.process_time() - cpu)
    result = {
        "command": " ".join(["python", *sys.argv]),
        "statements_on_question": args.statements,
        "statements_in_store": args.statements + args.statements // 5,
        "actors_mapped": len(found),
        "build_store_s": None if build_s is None else round(build_s, 1),
        "store_bytes": args.db.stat().st_size,
        "map_runs_s": [round(r, 3) for r in runs],
        "map_median_s": round(statistics.median(runs), 3),
        "map_records_runs_s": [round(r, 3) for r in records_runs],
        "map_records_median_s": round(statistics.median(records_runs), 3),
        "map_as_of_runs_s": [round(r, 3) for r in live_runs],
        "map_as_of_median_s": round(statistics.median(live_runs), 3),
        "map_as_of_cpu_s": [round(r, 3) for r in live_cpu],
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "actors_mapped_as_of": len(live),
    }
    if args.exports:
        result["exports"] = measure_exports(args.db)
    if args.streaming:
        result["csv_in_process"] = measure_streaming(args.db)
    text = json.dumps(result, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
