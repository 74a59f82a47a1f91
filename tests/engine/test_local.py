"""The local engine: results in input order, bounded reading, worker failures as one error, and `extract` on two
workers writing exactly what one process writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stancemap.config import Settings
from stancemap.engine.local import (
    IN_FLIGHT_PER_WORKER,
    available_cores,
    clean_in_order,
    extract_in_order,
    process_in_order,
)
from stancemap.errors import ProcessingError
from stancemap.examples import CORPUS
from stancemap.ingest import clean_documents
from stancemap.records import Problem


def test_local_keeps_input_order_across_workers() -> None:
    # `sorted` is a real, picklable chunk function: each chunk comes back sorted, the chunks in input order.
    items = [9, 3, 7, 1, 8, 2, 6, 5, 4, 0, 11]
    expected = [3, 7, 9, 1, 2, 8, 4, 5, 6, 0, 11]
    assert list(process_in_order(items, sorted, workers=1, chunk=3)) == expected
    assert list(process_in_order(iter(items), sorted, workers=2, chunk=3)) == expected


def test_local_reads_a_bounded_number_of_chunks_ahead() -> None:
    read = 0

    def endless() -> Iterator[int]:
        nonlocal read
        while True:
            read += 1
            yield read

    results = process_in_order(endless(), sorted, workers=2, chunk=5)
    assert next(results) == 1
    # The chunks in flight plus the one that waited for a free slot: never the whole (here endless) input.
    assert read <= (2 * IN_FLIGHT_PER_WORKER + 1) * 5
    results.close()


def test_local_raises_a_chunks_error_after_the_results_before_it() -> None:
    items: list[Any] = [2, 1, 4, 3, "five", 6]
    results = process_in_order(items, sorted, workers=2, chunk=2)
    assert [next(results), next(results), next(results), next(results)] == [1, 2, 3, 4]
    with pytest.raises(TypeError):
        next(results)


def test_local_failed_worker_is_a_processing_error() -> None:
    # A worker whose initializer exits (as one that cannot load its model) breaks the pool: one stancemap error.
    with pytest.raises(ProcessingError, match="worker process stopped"):
        list(process_in_order(range(10), sorted, workers=2, chunk=2, initializer=sys.exit))


_ENDLESS = """
import itertools, sys
from stancemap.engine.local import process_in_order
for n in process_in_order(itertools.count(), sorted, workers=2, chunk=1):
    print(n, flush=True)
"""


def _descendants(root: int) -> set[int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
    found, grown = {root}, True
    while grown:
        grown = False
        for pid, parent in parents.items():
            if parent in found and pid not in found:
                found.add(pid)
                grown = True
    return found - {root}


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_local_workers_leave_when_the_parent_is_killed() -> None:
    # SIGKILL gives the parent no chance to stop its pool: the workers (and the forkserver) must go by themselves.
    parent = subprocess.Popen([sys.executable, "-c", _ENDLESS], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    assert parent.stdout.readline().strip() == "0"
    children = _descendants(parent.pid)
    assert len(children) >= 3  # the forkserver and two workers (and the resource tracker)
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in children if _alive(pid)]


def test_local_rejects_zero_workers() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        list(process_in_order([1], sorted, workers=0, chunk=1))


def test_local_available_cores_is_the_affinity() -> None:
    assert available_cores() == len(os.sched_getaffinity(0))


def _lines(results: Iterator[object]) -> list[str]:
    lines = []
    for item in results:
        if isinstance(item, Problem):
            lines.append(f"problem {item}")
        else:
            assert isinstance(item, tuple)
            lines.extend(json.dumps(s.to_json(), ensure_ascii=False) for s in item[1])
    return lines


@pytest.mark.slow
def test_local_extract_on_two_workers_equals_one_process(fixtures: Path) -> None:
    paths = [str(fixtures / "attribution"), str(fixtures / "inputs"), str(fixtures / "missing.txt")]
    one = _lines(extract_in_order(clean_documents(paths, Settings()), workers=1))
    two = _lines(extract_in_order(clean_documents(paths, Settings()), workers=2, chunk=2))
    assert len(one) > 20
    assert any(line.startswith("problem ") for line in one)
    assert two == one


@pytest.mark.slow
def test_local_extract_cli_output_is_byte_identical_for_one_and_two_workers() -> None:
    def run(workers: str) -> subprocess.CompletedProcess[bytes]:
        command = [sys.executable, "-m", "stancemap", "extract", "--workers", workers, str(CORPUS), "no-such-file.txt"]
        return subprocess.run(command, capture_output=True, check=False)

    one, two = run("1"), run("2")
    assert one.stdout.count(b"\n") > 100
    assert two.stdout == one.stdout
    # Problems still one line each, in the same order, and the same exit code (2: an input could not be read).
    assert two.stderr == one.stderr
    assert b"no-such-file.txt" in one.stderr
    assert one.returncode == two.returncode == 2


def test_local_clean_on_two_workers_equals_one_process(fixtures: Path) -> None:
    # HTML, plain text, JSONL and WARC inputs, a missing file among them: the same Articles and Problems, in order.
    paths = [str(fixtures / "inputs"), str(fixtures / "missing.txt"), str(CORPUS)]
    one = list(clean_documents(paths, Settings(), "2026-01-05"))
    two = list(clean_in_order(paths, Settings(), "2026-01-05", workers=2, chunk=3))
    assert len(one) > 15
    assert any(isinstance(item, Problem) for item in one)
    assert two == one


def _many_articles(path: Path, count: int) -> None:
    """A JSONL export of `count` short fictional reports, enough for several of ingest's chunks of 64."""
    towns = ["Nordvik", "Estvany", "Kalmar Bay", "Orsund", "Lyle Point", "Vey"]
    subjects = ["the ferry contract", "the quay repairs", "the seabed survey", "the school budget", "the wind farm"]
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            town, subject = towns[i % len(towns)], subjects[i % len(subjects)]
            text = (
                f"Council member {i} of {town} said on Tuesday that {subject} would cost {i * 7 + 3} million.\n\n"
                f"Residents met in the {town} hall for report number {i}. Several asked why {subject} had been "
                f"delayed for {i % 9 + 2} months, and the mayor promised an answer by the spring."
            )
            record = {"id": f"report-{i}", "text": text, "date": "2026-02-0" + str(i % 9 + 1)}
            out.write(json.dumps(record) + "\n")


@pytest.mark.slow
def test_local_ingest_cli_on_two_workers_stores_what_one_stores(tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    _many_articles(export, 200)

    def run(workers: str) -> tuple[int, str]:
        db = tmp_path / f"w{workers}.db"
        command = [sys.executable, "-m", "stancemap", "ingest", "--workers", workers, "--db", str(db), str(export)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        return done.returncode, done.stderr.replace(str(db), "STORE")

    (code_one, err_one), (code_two, err_two) = run("1"), run("2")
    assert code_one == code_two == 0
    # The one-line summary (read, new, grouped, skipped, problems) and the store's counts are the same.
    assert "ingest: 200 read" in err_one
    assert err_two == err_one
