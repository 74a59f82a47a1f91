"""Scale figures for issue 8: `stancemap extract` at 1 and 2 workers, peak memory per process, Parquet size.

    python bench/scale_bench.py [--shared ../shared] [--limit N] [--runs 3] [--out bench/results/scale.json]

Input: the PolNeAR train texts (`../shared/data/polnear/train/text/*.txt`, sorted by name; the first `--limit` of
them when given), passed to the CLI as files, the way a user runs it. Each run is the real command
(`python -m stancemap extract --workers N FILE...`, output to a file) timed from start to exit, so the figure
includes starting the interpreter, loading the models (once per worker) and cleaning the texts. Runs alternate
1, 2, 1, 2, ... so that other load on the machine falls on both alike; medians are reported. Also measured:
- the fixed cost of a run, the same command over one short article at 1 worker (median of the runs), so the rate
  without it (what a long run approaches) can be given too;
- peak resident memory of every process of a run (VmHWM from /proc, read every 0.1 s while it runs): the parent,
  and the workers (the children of the forkserver process);
- the two outputs compared byte for byte;
- the statements of the 1-worker run written to Parquet (pyarrow, zstd, nested spans as structs): bytes per
  statement, beside the JSONL's;
- the CPU time of each run, all its processes together (utime + stime from /proc, last seen 0.1 s or less before
  each process ended, so a little is missed), which other load on the machine does not inflate;
- the load average before and after each run (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKER_COUNTS = (1, 2)
SHORT_ARTICLE = "The harbour master, Ellen Voss, said on Monday that the east quay would close for repairs in May.\n"


@dataclass
class Run:
    workers: int
    seconds: float
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    parent_peak_mb: float
    cpu_seconds: float
    worker_peaks_mb: list[float] = field(default_factory=list)


def _status_kb(pid: int, key: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (from /proc/PID/stat)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # Fields 14 and 15 of stat(5) (utime, stime), counted from the state field, which is field 3.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _process_tree(root: int) -> dict[int, int]:
    """pid -> parent pid for `root` and all its descendants (read from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                # The command name may hold spaces and parentheses: the fields after the last ")" are safe.
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            parents[int(entry.name)] = int(fields[1])
    tree = {root: 0}
    grown = True
    while grown:
        grown = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree[pid] = parent
                grown = True
    return tree


def run_extract(workers: int, files: list[str], out: Path) -> Run:
    """One timed `stancemap extract` run with the peak memory of each of its processes."""
    command = [sys.executable, "-m", "stancemap", "extract", "--workers", str(workers), *files]
    load_before = os.getloadavg()
    peaks: dict[int, int] = {}
    cpu: dict[int, float] = {}
    parent_of: dict[int, int] = {}
    forkservers: set[int] = set()
    start = time.perf_counter()
    with out.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.DEVNULL)
        while process.poll() is None:
            for pid, parent in _process_tree(process.pid).items():
                parent_of[pid] = parent
                hwm = _status_kb(pid, "VmHWM")
                if hwm is not None:
                    peaks[pid] = max(peaks.get(pid, 0), hwm)
                used = _cpu_seconds(pid)
                if used is not None:
                    cpu[pid] = max(cpu.get(pid, 0.0), used)
                if pid not in forkservers:
                    try:
                        if b"forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes():
                            forkservers.add(pid)
                    except OSError:
                        pass
            time.sleep(0.1)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command[:6])} ... exited with {process.returncode}")
    workers_peaks = [peaks[pid] / 1024 for pid, parent in parent_of.items() if parent in forkservers and pid in peaks]
    return Run(
        workers=workers,
        seconds=seconds,
        load_before=load_before,
        load_after=os.getloadavg(),
        parent_peak_mb=peaks.get(process.pid, 0) / 1024,
        cpu_seconds=sum(cpu.values()),
        worker_peaks_mb=sorted(workers_peaks),
    )


def parquet_bytes_per_statement(jsonl: Path, parquet: Path) -> tuple[int, float, float]:
    """Statements count, Parquet (zstd) bytes per statement, JSONL bytes per statement."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    pq.write_table(pa.Table.from_pylist(records), parquet, compression="zstd")
    return len(records), parquet.stat().st_size / len(records), jsonl.stat().st_size / len(records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--limit", type=int, default=None, help="only the first N texts (sorted by name)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)

    files = sorted(str(p) for p in (args.shared / "data" / "polnear" / "train" / "text").glob("*.txt"))
    if args.limit:
        files = files[: args.limit]
    input_bytes = sum(Path(f).stat().st_size for f in files)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        short = work / "short.txt"
        short.write_text(SHORT_ARTICLE, encoding="utf-8")
        fixed = [run_extract(1, [str(short)], work / "short.jsonl").seconds for _ in range(args.runs)]
        runs: list[Run] = []
        for i in range(args.runs):
            for workers in WORKER_COUNTS:
                run = run_extract(workers, files, work / f"out-{workers}.jsonl")
                runs.append(run)
                print(f"run {i + 1}: {workers} worker(s) {run.seconds:.1f} s, load {run.load_before[0]:.2f}")
        identical = (work / "out-1.jsonl").read_bytes() == (work / "out-2.jsonl").read_bytes()
        statements, parquet_per, jsonl_per = parquet_bytes_per_statement(work / "out-1.jsonl", work / "s.parquet")

    fixed_s = statistics.median(fixed)
    by_workers: dict[str, object] = {}
    medians = {}
    for workers in WORKER_COUNTS:
        mine = [r for r in runs if r.workers == workers]
        median = statistics.median(r.seconds for r in mine)
        medians[workers] = median
        by_workers[str(workers)] = {
            "seconds": [round(r.seconds, 2) for r in mine],
            "median_seconds": round(median, 2),
            "articles_per_s": round(len(files) / median, 2),
            "articles_per_s_without_fixed_cost": round(len(files) / (median - fixed_s), 2),
            "cpu_seconds": [round(r.cpu_seconds, 1) for r in mine],
            "articles_per_cpu_second": round(len(files) / statistics.median(r.cpu_seconds for r in mine), 2),
            "parent_peak_rss_mb": round(max(r.parent_peak_mb for r in mine), 1),
            "worker_peak_rss_mb": [round(m, 1) for m in max((r.worker_peaks_mb for r in mine), key=sum)],
            "load_average_1m_before_runs": [round(r.load_before[0], 2) for r in mine],
            "load_average_1m_after_runs": [round(r.load_after[0], 2) for r in mine],
        }
    result = {
        "command": "python -m stancemap extract --workers N FILE... > out.jsonl",
        "input": f"PolNeAR train texts, {len(files)} files, {input_bytes} bytes",
        "articles": len(files),
        "input_bytes": input_bytes,
        "runs": args.runs,
        "cores": len(os.sched_getaffinity(0)),
        "fixed_cost_seconds": round(fixed_s, 2),
        "fixed_cost_runs": [round(s, 2) for s in fixed],
        "workers": by_workers,
        "scaling_ratio": round(medians[1] / medians[2], 3),
        "outputs_identical": identical,
        "statements": statements,
        "parquet_zstd_bytes_per_statement": round(parquet_per, 1),
        "jsonl_bytes_per_statement": round(jsonl_per, 1),
    }
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
