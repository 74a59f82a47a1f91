"""Ingest rate (documents/s) of `stancemap ingest` on the PolNeAR train texts, into a fresh store each time.

Runs the real command in a child process (startup, cleaning, language detection, near-duplicate grouping and
SQLite writes all included) on `<shared>/data/polnear/train/text` (840 .txt files) `--runs` times, each into a new
store in bench/work/, and reports the median wall time and documents per second; writes
`bench/results/ingest_rate.json`.

    nice -n 10 python bench/ingest_bench.py [--shared ../shared] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from stancemap.config import load_settings

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "work"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=None, help="the shared data folder (default: settings)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "ingest_rate.json")
    args = parser.parse_args()

    shared = args.shared or load_settings().shared
    texts = shared / "data" / "polnear" / "train" / "text"
    files = sorted(texts.glob("*.txt"))
    if not files:
        sys.exit(f"error: {texts}: no .txt files (set --shared or STANCEMAP_SHARED)")
    WORK.mkdir(parents=True, exist_ok=True)
    db = WORK / "ingest-bench.db"
    seconds, cpu_seconds, summaries = [], [], []
    load_before = os.getloadavg()[0]
    for run in range(args.runs):
        for leftover in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            leftover.unlink(missing_ok=True)
        started, cpu_before = time.monotonic(), _children_cpu()
        done = subprocess.run(
            [sys.executable, "-m", "stancemap", "ingest", str(texts), "--db", str(db)], capture_output=True, text=True
        )
        elapsed = time.monotonic() - started
        cpu_seconds.append(_children_cpu() - cpu_before)
        summary = [line for line in done.stderr.splitlines() if line.startswith(("ingest:", "store "))]
        if done.returncode != 0:
            sys.exit(f"error: run {run + 1} exited {done.returncode}: {done.stderr[-2000:]}")
        seconds.append(elapsed)
        summaries.append(summary)
        print(
            f"run {run + 1}: {elapsed:.1f} s, {len(files) / elapsed:.1f} docs/s; {' / '.join(summary)}", file=sys.stderr
        )
    for leftover in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        leftover.unlink(missing_ok=True)
    median = statistics.median(seconds)
    result = {
        "command": "stancemap ingest ../shared/data/polnear/train/text --db bench/work/ingest-bench.db",
        "input": f"PolNeAR train texts, {len(files)} .txt files, {sum(f.stat().st_size for f in files)} bytes",
        "runs_seconds": [round(s, 2) for s in seconds],
        "median_seconds": round(median, 2),
        "documents_per_second": round(len(files) / median, 1),
        # The machine is shared: CPU time of the command is steadier than wall time under load.
        "runs_cpu_seconds": [round(s, 2) for s in cpu_seconds],
        "documents_per_cpu_second": round(len(files) / statistics.median(cpu_seconds), 1),
        "load_average_before": round(load_before, 2),
        "summary": summaries[-1],
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs (shared)",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
