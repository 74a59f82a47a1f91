"""`stancemap stance` and `stancemap suggest`: records passed through with `stance` added, labels learned from,
one-line errors for bad questions, statements and labels."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stancemap.cli import app

STATEMENTS = [
    {
        "article": "p1",
        "id": "s1",
        "speaker": "Dev Halloran",
        "content": {"text": "Maria Okafor is a liar and a fraud"},
        "kind": "direct",
        "custom": {"kept": True},
    },
    {"article": "p1", "id": "s2", "speaker": "Lina Brask", "content": {"text": "I endorse Maria Okafor for mayor"}},
    {"article": "p2", "id": "s3", "speaker": "Ana Vey", "content": {"text": "the ferry timetable changes in May"}},
    {"article": "p2", "id": "s4", "speaker": "Ana Vey", "content": {"text": "Okafor wants to rebuild the harbour"}},
    {"article": "p3", "id": "s5", "speaker": "Ana Vey", "content": {"text": "Okafor would fix the harbour, finally"}},
]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    question = tmp_path / "okafor.toml"
    question.write_text('id = "okafor"\ntext = "Maria Okafor should win the 2026 mayoral election."\n')
    statements = tmp_path / "statements.jsonl"
    statements.write_text("".join(json.dumps(s) + "\n" for s in STATEMENTS))
    return {"question": question, "statements": statements, "tmp": tmp_path}


def _run(*args: str, stdin: str | None = None) -> tuple[int, list[dict[str, object]], str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines()], result.stderr


def _fail(*args: str) -> tuple[int, str]:
    """Run the real entry point, which turns errors into one line and an exit code."""
    result = subprocess.run([sys.executable, "-m", "stancemap", *args], capture_output=True, text=True)
    return result.returncode, result.stderr


def test_stance_cli_adds_stance_and_passes_everything_through(files):
    code, records, err = _run("stance", "--question", str(files["question"]), str(files["statements"]))
    assert code == 0, err
    assert [r["id"] for r in records] == ["s1", "s2", "s3", "s4", "s5"]
    assert records[0]["custom"] == {"kept": True} and records[0]["kind"] == "direct"
    labels = [r["stance"]["okafor"]["label"] for r in records]  # type: ignore[index]
    assert labels[:3] == ["oppose", "support", "neutral"]
    for r in records:
        stance = r["stance"]["okafor"]  # type: ignore[index]
        assert set(stance) == {"label", "score", "conditional"} and 0.0 <= stance["score"] <= 1.0


def test_stance_cli_reads_stdin_and_several_questions(files):
    other = files["tmp"] / "harbour.toml"
    other.write_text('id = "harbour"\ntext = "The harbour should be rebuilt."\nkeywords = ["harbour"]\n')
    code, records, err = _run(
        "stance", "-q", str(files["question"]), "-q", str(other), "-", stdin=files["statements"].read_text()
    )
    assert code == 0, err
    assert all(set(r["stance"]) == {"okafor", "harbour"} for r in records)  # type: ignore[arg-type]


def test_stance_cli_labels_change_the_judge_end_to_end(files):
    labels = files["tmp"] / "labels.jsonl"
    # A person says statements like s4 support Okafor (the zero-shot judge calls s4 neutral), and teaches it.
    rows = [
        {"question": "okafor", "article": "p2", "id": "s4", "label": "support"},
        {"question": "okafor", "article": "p2", "id": "s3", "label": "neutral"},
        {
            "question": "okafor",
            "article": "x",
            "speaker": "Ana Vey",
            "content": {"text": "Okafor will fix the port"},
            "label": "support",
        },
    ]
    labels.write_text("".join(json.dumps(r) + "\n" for r in rows))
    _, before, _ = _run("stance", "-q", str(files["question"]), str(files["statements"]))
    code, after, err = _run("stance", "-q", str(files["question"]), "--labels", str(labels), str(files["statements"]))
    assert code == 0, err
    p_before = before[4]["stance"]["okafor"]  # type: ignore[index]
    p_after = after[4]["stance"]["okafor"]  # type: ignore[index]
    # s5 is like the statements labelled support: the judge is less sure it is neutral than before.
    assert p_before["label"] == "neutral"
    assert p_after["label"] == "support" or p_after["score"] < p_before["score"]


@pytest.mark.parametrize(
    ("label_row", "reason"),
    [
        ({"question": "okafor", "article": "p9", "id": "zz", "label": "support"}, "statement p9#zz is not among"),
        ({"question": "nobody", "article": "p1", "id": "s1", "label": "support"}, "unknown question 'nobody'"),
        ({"question": "okafor", "article": "p1", "id": "s1", "label": "maybe"}, "label must be one of"),
    ],
)
def test_stance_cli_bad_labels_one_line(files, label_row, reason):
    labels = files["tmp"] / "labels.jsonl"
    labels.write_text(json.dumps(label_row) + "\n")
    code, err = _fail("stance", "-q", str(files["question"]), "--labels", str(labels), str(files["statements"]))
    assert code == 2 and f"{labels}:1" in err and reason in err and len(err.strip().splitlines()) == 1


def test_stance_cli_bad_question_and_statements_one_line(files):
    bad = files["tmp"] / "bad.toml"
    bad.write_text("id = \n")
    code, err = _fail("stance", "-q", str(bad), str(files["statements"]))
    assert code == 2 and str(bad) in err and "not valid TOML" in err
    code, err = _fail("stance", "-q", str(files["tmp"] / "missing.toml"), str(files["statements"]))
    assert code == 2 and "question file not found" in err
    broken = files["tmp"] / "broken.jsonl"
    broken.write_text('{"article": "a", "content": {"text": "x"}}\n')
    code, err = _fail("stance", "-q", str(files["question"]), str(broken))
    assert code == 2 and "line 1: field 'speaker' is missing" in err and str(broken) in err


def test_suggest_cli_lists_relevant_unlabelled_statements(files):
    labels = files["tmp"] / "labels.jsonl"
    labels.write_text(json.dumps({"question": "okafor", "article": "p2", "id": "s4", "label": "neutral"}) + "\n")
    code, rows, err = _run(
        "suggest", "-q", str(files["question"]), "--labels", str(labels), "--top", "3", str(files["statements"])
    )
    assert code == 0, err
    ids = [r["id"] for r in rows]
    assert 0 < len(ids) <= 3 and "s4" not in ids and "s3" not in ids  # labelled, and irrelevant
    # Ranked by uncertainty weighted by how many statements the speaker has in the pool.
    weights = [r["uncertainty"] * math.log1p(r["reach"]) for r in rows]
    assert weights == sorted(weights, reverse=True) and all(r["reach"] >= 1 for r in rows)


def test_stance_cli_learns_from_labels_in_the_store(files):
    from stancemap.mapping.statements import StancedStatement
    from stancemap.records import Span, Stance, Statement
    from stancemap.store import open_store
    from stancemap.store.stances import add_stanced, iter_stanced, put_label

    db = files["tmp"] / "store.db"
    texts = ["Okafor has walked the docks with us", "Okafor knows the night shift at the cranes"]
    with open_store(db) as store:
        stanced = [
            StancedStatement(
                Statement(f"d{i}", Span(t, 0, len(t)), "direct", speaker="Ana Vey"), Stance("neutral", 0.6), f"d{i}"
            )
            for i, t in enumerate(texts)
        ]
        add_stanced(store, stanced, "okafor")
        for row, _ in list(iter_stanced(store, "okafor")):
            put_label(store, row, "okafor", "support", author="tester")
    _, before, _ = _run("stance", "-q", str(files["question"]), str(files["statements"]))
    code, after, err = _run("stance", "-q", str(files["question"]), "--db", str(db), str(files["statements"]))
    assert code == 0, err
    p_before = before[4]["stance"]["okafor"]  # type: ignore[index]
    p_after = after[4]["stance"]["okafor"]  # type: ignore[index]
    assert p_after != p_before
    assert p_after["label"] == "support" or p_after["score"] < p_before["score"]
