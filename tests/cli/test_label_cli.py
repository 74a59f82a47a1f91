"""`stancemap label import`: labels stored per question in a real store, one-line errors for bad lines, and the
loop closed: `stancemap stance --db` learns from what was imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stancemap.cli import app
from stancemap.mapping.statements import StancedStatement
from stancemap.records import Span, Stance, Statement
from stancemap.store import open_store
from stancemap.store.stances import iter_stanced
from stancemap.store.stances import labels as stored_labels

# Statements of a fictional mayoral race as `stancemap stance` would have stored them (the judge found them neutral).
STORED = [
    ("d1", "Harbour Workers Union", "Okafor has walked the docks with us every week"),
    ("d2", "Harbour Workers Union", "Okafor knows what a night shift at the cranes is"),
    ("d3", "Lina Brask", "Okafor visited three schools this week"),
]


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    from stancemap.store.stances import add_stanced

    db = tmp_path / "store.db"
    with open_store(db) as store:
        stanced = [
            StancedStatement(Statement(a, Span(t, 10, 10 + len(t)), "indirect", speaker=s), Stance("neutral", 0.6), a)
            for a, s, t in STORED
        ]
        add_stanced(store, stanced, "okafor")
    return db


def _write(path: Path, lines: list[object]) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), encoding="utf-8")
    return path


def _fail(*args: str) -> tuple[int, str]:
    """The real entry point: an error is one line on stderr and exit code 2."""
    result = subprocess.run([sys.executable, "-m", "stancemap", *args], capture_output=True, text=True)
    return result.returncode, result.stderr


def test_label_import_stores_labels_by_offsets_text_and_row(store_path: Path, tmp_path: Path) -> None:
    labels = _write(
        tmp_path / "labels.jsonl",
        [
            {"question": "okafor", "label": "support", "article": "d1", "content": {"start": 10, "end": 56}},
            {"question": "okafor", "label": "support", "article": "d2", "content": {"text": STORED[1][2]}},
            {"question": "okafor", "label": "neutral", "statement": 3, "author": "kim", "note": "a visit is no stance"},
        ],
    )
    result = CliRunner().invoke(app, ["label", "import", str(labels), "--db", str(store_path), "--author", "ana"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"stored": 3, "questions": {"okafor": 3}}
    with open_store(store_path) as store:
        rows = {s.statement.article: (row, s.stance) for row, s in iter_stanced(store, "okafor")}
        assert rows["d1"][1] == Stance("support", 1.0, False)
        assert rows["d2"][1].label == "support"
        history = stored_labels(store, rows["d3"][0], "okafor")
        assert [(h[0], h[2], h[3]) for h in history] == [("neutral", "kim", "a visit is no stance")]
        assert stored_labels(store, rows["d1"][0], "okafor")[0][2] == "ana"


def test_label_import_then_stance_learns_from_the_store(store_path: Path, tmp_path: Path) -> None:
    labels = _write(
        tmp_path / "labels.jsonl",
        [{"question": "okafor", "label": "support", "article": a, "content": {"text": t}} for a, _, t in STORED[:2]],
    )
    assert CliRunner().invoke(app, ["label", "import", str(labels), "--db", str(store_path)]).exit_code == 0
    question = tmp_path / "okafor.toml"
    question.write_text('id = "okafor"\ntext = "Maria Okafor should win the 2026 mayoral election."\n')
    statement = {"article": "n1", "speaker": "Harbour Workers Union", "content": {"text": "Okafor stood at the gate"}}
    statements = _write(tmp_path / "new.jsonl", [statement])
    runner = CliRunner()
    before = json.loads(runner.invoke(app, ["stance", "-q", str(question), str(statements)]).stdout)
    after_run = runner.invoke(app, ["stance", "-q", str(question), "--db", str(store_path), str(statements)])
    assert after_run.exit_code == 0, after_run.stderr
    after = json.loads(after_run.stdout)
    assert before["stance"]["okafor"]["label"] == "neutral"
    # The union was labelled as supporting Okafor twice: its new statement now leans the same way.
    assert after["stance"]["okafor"]["label"] == "support"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not JSON"),
        ({"question": "tax", "label": "support", "statement": 1}, "unknown question 'tax' (the store has: okafor)"),
        ({"question": "okafor", "label": "maybe", "statement": 1}, "label must be one of"),
        ({"question": "okafor", "label": "oppose", "statement": 99}, "statement #99 is not in the store"),
        (
            {"question": "okafor", "label": "oppose", "article": "d1", "content": {"text": "never said"}},
            "is not in the store with a stance on 'okafor'",
        ),
        ({"question": "okafor", "label": "oppose", "article": "d1"}, "field 'content' must be an object"),
        ({"question": "okafor", "label": "oppose", "statement": 1, "conditional": "yes"}, "'conditional' must be"),
    ],
)
def test_label_import_bad_line_is_one_line_error_and_nothing_stored(
    store_path: Path, tmp_path: Path, line: object, message: str
) -> None:
    good = {"question": "okafor", "label": "oppose", "statement": 2}
    labels = _write(tmp_path / "labels.jsonl", [good, line])
    code, err = _fail("label", "import", str(labels), "--db", str(store_path))
    assert code == 2
    assert err.count("\n") == 1 and f"{labels}:2" in err and message in err, err
    with open_store(store_path) as store:
        # Checked whole before the first write: the good first line was not stored either.
        assert all(s.stance.score < 1.0 for _, s in iter_stanced(store, "okafor"))


def test_label_import_missing_store_or_file_is_refused(store_path: Path, tmp_path: Path) -> None:
    labels = _write(tmp_path / "labels.jsonl", [{"question": "okafor", "label": "oppose", "statement": 1}])
    code, err = _fail("label", "import", str(labels), "--db", str(tmp_path / "none.db"))
    assert code == 2 and "store not found" in err and not (tmp_path / "none.db").exists()
    code, err = _fail("label", "import", str(tmp_path / "absent.jsonl"), "--db", str(store_path))
    assert code == 2 and "labels file not found" in err
