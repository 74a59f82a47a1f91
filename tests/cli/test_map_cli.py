"""`stancemap map` end to end in a subprocess: from a statements file and from the store, the gold map; bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from stancemap.examples import QUESTION
from stancemap.store import open_store
from stancemap.store.stances import add_stanced

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "mapping"))
from gold_map import GOLD, QUESTION_ID, gold_records, gold_stanced


def _stancemap(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stancemap", *args], capture_output=True, text=True, input=stdin, timeout=120
    )


def _without_evidence(result: dict) -> list[dict]:
    return [{k: v for k, v in a.items() if k not in ("evidence", "timeseries")} for a in result["actors"]]


@pytest.fixture(scope="module")
def statements_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("map") / "stanced.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in gold_records()), encoding="utf-8")
    return path


def test_map_cli_statements_file_gives_the_gold_map(statements_file: Path) -> None:
    done = _stancemap("map", "--question", str(QUESTION), "--statements", str(statements_file))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["question"]["id"] == QUESTION_ID and result["question"]["text"].startswith("Estvany should")
    assert _without_evidence(result) == GOLD["actors"]
    assert all(1 <= len(a["evidence"]) <= 3 for a in result["actors"])


def test_map_cli_store_gives_the_same_map_with_timeseries(statements_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "map.db"
    with open_store(db) as store:
        add_stanced(store, gold_stanced(), QUESTION_ID)
    from_file = _stancemap(
        "map", "--question", str(QUESTION), "--statements", str(statements_file), "--timeseries", "month"
    )
    from_store = _stancemap("map", "--question", str(QUESTION), "--db", str(db), "--timeseries", "month")
    assert from_store.returncode == 0, from_store.stderr
    assert json.loads(from_store.stdout) == json.loads(from_file.stdout)
    vey = next(a for a in json.loads(from_store.stdout)["actors"] if a["actor"] == "Katrin Vey")
    early = _stancemap("map", "--question", str(QUESTION), "--db", str(db), "--as-of", "2026-01-01")
    assert early.returncode == 0 and json.loads(early.stdout)["actors"] == []
    assert "warning: no statement with a stance on 'estvany-seabed-mining' by a named actor as of 2026-01-01" in (
        early.stderr
    )
    assert [(p["start"], p["net"]) for p in vey["timeseries"]] == [("2026-02-01", -1.0), ("2026-03-01", 1.0)]


def test_map_cli_as_of_and_roll_up(statements_file: Path, tmp_path: Path) -> None:
    roll = tmp_path / "roll.json"
    roll.write_text(json.dumps({"Katrin Vey": "Social Democratic Party", "Ruben Aske": "Social Democratic Party"}))
    done = _stancemap(
        "map",
        "--question",
        str(QUESTION),
        "--statements",
        str(statements_file),
        "--as-of",
        "2026-03-01",
        "--roll-up",
        str(roll),
    )
    assert done.returncode == 0, done.stderr
    actors = {a["actor"]: a for a in json.loads(done.stdout)["actors"]}
    assert "Katrin Vey" not in actors
    party = actors["Social Democratic Party"]
    # The party's own statement, Vey's 13 before March and Aske's 2 of 26 February.
    assert (party["stance"], party["kind"], party["statements"]) == ("oppose", "organization", 1 + 13 + 2)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--statements", "missing.jsonl"], "missing.jsonl: statements file not found"),
        (["doc.txt"], "doc.txt: no such file or directory"),
        (["--db", "nowhere.db"], "nowhere.db: store not found"),
        (["--statements", "-", "--as-of", "March"], "--as-of 'March' is not a date"),
        (["--statements", "-", "--timeseries", "day"], "--timeseries must be one of week, month"),
    ],
)
def test_map_cli_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    done = _stancemap("map", "--question", str(QUESTION), *args, stdin="")
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_map_cli_bad_statement_line_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"article": "a", "content": {"text": "x", "start": 0, "end": 1}, "kind": "direct"}\n{oops\n')
    done = _stancemap("map", "--question", str(QUESTION), "--statements", str(bad))
    assert done.returncode == 2 and f"{bad}: line 2: not JSON" in done.stderr
    question = tmp_path / "q.toml"
    question.write_text('id = "x"\n')
    done = _stancemap("map", "--question", str(question), "--statements", str(bad))
    assert done.returncode == 2 and f"{question}: field 'text' is missing" in done.stderr


@pytest.mark.slow
def test_export_cli_from_the_store(tmp_path: Path) -> None:
    import csv

    import networkx as nx
    import pyarrow.parquet as pq

    db = tmp_path / "map.db"
    with open_store(db) as store:
        add_stanced(store, gold_stanced(), QUESTION_ID)
    common = ["export", "--question", str(QUESTION), "--db", str(db)]
    done = _stancemap(*common, "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(done.stdout.splitlines()))
    assert len(rows) == len(gold_stanced()) and rows[0]["statement"] == "1"
    assert f"export: {len(gold_stanced())} statements -> -" in done.stderr
    assert _stancemap(*common, "--format", "parquet", "--out", str(tmp_path / "s.parquet")).returncode == 0
    assert pq.read_table(tmp_path / "s.parquet").num_rows == len(gold_stanced())
    done = _stancemap(*common, "--format", "gexf", "--window", "14", "--step", "7", "--out", str(tmp_path / "d.gexf"))
    assert done.returncode == 0, done.stderr
    assert nx.read_gexf(tmp_path / "d.gexf").graph["mode"] == "dynamic"
    done = _stancemap(*common, "--format", "graphml", "--network", "two-mode", "--out", str(tmp_path / "t.graphml"))
    assert nx.read_graphml(tmp_path / "t.graphml").nodes[QUESTION_ID]["type"] == "question"
    done = _stancemap(*common, "--format", "xlsx")
    assert done.returncode == 2 and "--format must be one of" in done.stderr
    done = _stancemap(*common, "--format", "parquet")
    assert done.returncode == 2 and "--format parquet needs --out FILE" in done.stderr


@pytest.mark.slow
def test_export_cli_networks_count_a_story_once_from_a_file_as_from_the_store(tmp_path: Path) -> None:
    """A statements file holding only copies of a story (its original left out): the two-mode network exported
    from the file and from a store of the same statements are the same graph, and each actor's statements in it
    are the map's count, so the story counts once through one copy (before, a file's copies all went uncounted)."""
    import networkx as nx

    copied = {r["story"] for r in gold_records() if "story" in r}
    records = [r for r in gold_records() if r["article"] not in copied]
    statements = tmp_path / "copies.jsonl"
    statements.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "map.db"
    with open_store(db) as store:
        add_stanced(store, [s for s in gold_stanced() if s.statement.article not in copied], QUESTION_ID)
    graphs = []
    for source in (["--statements", str(statements)], ["--db", str(db)]):
        out = tmp_path / f"two-{source[0][2:]}.graphml"
        common = ["export", "--question", str(QUESTION), *source, "--format", "graphml", "--network", "two-mode"]
        done = _stancemap(*common, "--out", str(out))
        assert done.returncode == 0, done.stderr
        graphs.append(nx.read_graphml(out))
    from_file, from_store = graphs
    assert nx.utils.graphs_equal(from_file, from_store)
    done = _stancemap("map", "--question", str(QUESTION), "--statements", str(statements), "--evidence", "0")
    counts = {a["actor"]: a["statements"] for a in json.loads(done.stdout)["actors"]}
    per_actor = {
        (a if from_file.nodes[a]["type"] == "actor" else b): d["support"] + d["oppose"] + d["neutral"]
        for a, b, d in from_file.edges(data=True)
    }
    assert per_actor == counts and counts["Tomas Reyle"] == 27


def test_map_cli_maps_articles_and_counts_a_syndicated_copy_once(tmp_path: Path) -> None:
    story = (
        "Holt backs lifting the seabed mining ban\n\n"
        "Finance Minister Lara Holt said on Monday that she fully supports lifting the ban on deep-sea mining in "
        "the Korsa Trench, because the licences would pay for the new coastal hospitals.\n\n"
        "The vote in parliament is expected next month.\n"
    )
    (tmp_path / "wire.txt").write_text(story, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(
        story + "\nThis story was originally published by Nordpress Agency.\n", encoding="utf-8"
    )
    done = _stancemap("map", "--question", str(QUESTION), str(tmp_path), "--date", "2026-02-12")
    assert done.returncode == 0, done.stderr
    actors = {a["actor"]: a for a in json.loads(done.stdout)["actors"]}
    assert "Lara Holt" in actors, actors
    holt = actors["Lara Holt"]
    assert holt["statements"] == 1
    assert holt["stance"] == "support"
    assert holt["first"] == "2026-02-09"
