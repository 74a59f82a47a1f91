"""The Ray engine on a real local Ray cluster: the same statements as `stancemap extract`, resumable shard by shard,
one-line errors for bad inputs."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import ray
from typer.testing import CliRunner

from stancemap.attribution.extract import extract_articles
from stancemap.cli import app
from stancemap.config import Settings
from stancemap.engine.ray import DONE_DIR, STATEMENTS_DIR, plan_shards, read_statements, run_ray
from stancemap.examples import CORPUS, QUESTION
from stancemap.ingest import clean_documents
from stancemap.records import Problem
from stancemap.stance.questions import load_question
from stancemap.store import open_store
from stancemap.store.stances import current_map_actors, iter_stanced

GOOD = (
    "Harbour vote delayed\n\nPORT ELLIN — The council postponed its vote on the harbour dredging plan on Tuesday.\n\n"
    '"We need the environmental report first," said councillor Mara Velt, who chairs the planning committee.\n'
)


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    """One local Ray cluster for the module, started here as a user's would be; run_ray joins it."""
    ray.init(num_cpus=2, include_dashboard=False)
    yield
    ray.shutdown()


def _sorted_records(statements: Iterator[object]) -> list[str]:
    return sorted(json.dumps(s.to_json(), sort_keys=True) for s in statements)  # type: ignore[attr-defined]


def _local_records(paths: list[str]) -> list[str]:
    """What `stancemap extract PATH...` writes (the local engine), as sorted JSON records."""
    found = []
    for item in extract_articles(clean_documents(paths, Settings())):
        if not isinstance(item, Problem):
            found.extend(item[1])
    return _sorted_records(iter(found))


@pytest.mark.slow
def test_ray_same_statements_as_extract_and_reruns_only_a_lost_shard(cluster: None, tmp_path: Path) -> None:
    plan = plan_shards([str(CORPUS)], files_per_shard=4)
    assert len(plan.shards) == 3  # twelve corpus files, four per shard

    results = run_ray(plan.shards, tmp_path, Settings(), workers=2)
    assert all(r.ran for r in results)
    expected = _local_records([str(CORPUS)])
    assert expected  # the corpus has statements to compare
    assert _sorted_records(read_statements(tmp_path)) == expected
    assert sum(r.statements for r in results) == len(expected)
    # The German article is reported as skipped, as `extract` reports it.
    assert any(p.skipped and "'de'" in p.reason for r in results for p in r.problems)

    lost = plan.shards[1].id
    (tmp_path / STATEMENTS_DIR / f"{lost}.parquet").unlink()
    (tmp_path / DONE_DIR / lost).unlink()
    kept = {
        s.id: (tmp_path / STATEMENTS_DIR / f"{s.id}.parquet").stat().st_mtime_ns for s in plan.shards if s.id != lost
    }

    again = run_ray(plan.shards, tmp_path, Settings(), workers=2)
    assert [r.shard for r in again if r.ran] == [lost]
    assert [r.statements for r in again] == [r.statements for r in results]
    assert {k: (tmp_path / STATEMENTS_DIR / f"{k}.parquet").stat().st_mtime_ns for k in kept} == kept
    assert _sorted_records(read_statements(tmp_path)) == expected


@pytest.mark.slow
def test_ray_cli_bad_file_one_line_naming_it(cluster: None, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "harbour.txt").write_text(GOOD, encoding="utf-8")
    bad = inputs / "broken.txt.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00 this gzip stream stops here")

    result = CliRunner().invoke(
        app, ["run", "--engine", "ray", "--workers", "1", "--out", str(tmp_path / "o"), str(inputs)]
    )
    assert result.exit_code == 2
    naming = [line for line in result.stderr.splitlines() if str(bad) in line]
    assert len(naming) == 1 and naming[0].startswith("error:")
    # The good file in the same shard was still extracted.
    assert [s.article for s in read_statements(tmp_path / "o")] == ["harbour"]

    # A rerun skips the finished shard and still reports the bad file, once.
    rerun = CliRunner().invoke(app, ["run", "--workers", "1", "--out", str(tmp_path / "o"), str(inputs)])
    assert rerun.exit_code == 2
    assert len([line for line in rerun.stderr.splitlines() if str(bad) in line]) == 1
    assert "(0 run, 1 already done)" in rerun.stderr


@pytest.mark.slow
def test_ray_cli_joins_a_running_cluster_by_address(cluster: None, tmp_path: Path) -> None:
    export = str(CORPUS / "newsdesk-export.jsonl")
    address = ray.get_runtime_context().gcs_address
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "stancemap",
            "run",
            "--address",
            address,
            "--workers",
            "1",
            "--out",
            str(tmp_path),
            export,
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert _sorted_records(read_statements(tmp_path)) == _local_records([export])
    # The run joined the cluster and left it running: it was not the run's to stop.
    assert ray.cluster_resources().get("CPU") == 2


def test_ray_cli_missing_path_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.warc.gz"
    result = subprocess.run(
        [sys.executable, "-m", "stancemap", "run", "--out", str(tmp_path / "o"), str(missing)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"error: {missing}: no such file or directory"]
    assert not (tmp_path / "o").exists()  # nothing started, nothing written


@pytest.mark.slow
def test_ray_cli_db_judges_and_stores_the_shards_statements_once(cluster: None, tmp_path: Path) -> None:
    export = str(CORPUS / "newsdesk-export.jsonl")
    db = tmp_path / "store.db"
    args = ["run", "--workers", "1", "--out", str(tmp_path / "o"), "--db", str(db), "--question", str(QUESTION)]
    first = CliRunner().invoke(app, [*args, export])
    assert first.exit_code == 0, first.stderr
    shards = list(read_statements(tmp_path / "o"))
    question = load_question(QUESTION)
    with open_store(db) as store:
        stored = [item for _, item in iter_stanced(store, question.id)]
        mapped = current_map_actors(store, question.id)
    assert shards and len(stored) == len(shards)
    assert sorted(json.dumps(i.statement.to_json(), sort_keys=True) for i in stored) == _sorted_records(iter(shards))
    assert mapped
    # A rerun (shards already done) stores the same statements again in place of the old ones, not beside them.
    again = CliRunner().invoke(app, [*args, export])
    assert again.exit_code == 0, again.stderr
    with open_store(db) as store:
        assert len(list(iter_stanced(store, question.id))) == len(shards)
        assert current_map_actors(store, question.id) == mapped


def test_ray_cli_db_needs_a_question(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "stancemap", "run", "--out", str(tmp_path / "o"), "--db", str(tmp_path / "s.db"), "x"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: --db and --question go together: the store keeps statements with their stance on a question"
    ]
