"""bench/eval_actors.py: its reading of GUM entity annotations, and the figures it measures on the shared data."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import eval_actors

# A hand-written document in GUM's conllu layout: nested mentions, a one-token mention, a minimal span, a link.
CONLLU = """# newdoc id = TEST_doc
# sent_id = TEST_doc-1
# text = The poet Mira Solis visited Port Azur.
1\tThe\tthe\tDET\tDT\t_\t3\tdet\t_\tEntity=(1-person-new-sssss-cf1-3,4-coref-Mira_Solis
2\tpoet\tpoet\tNOUN\tNN\t_\t3\tcompound\t_\t_
3\tMira\tMira\tPROPN\tNNP\t_\t5\tnsubj\t_\t_
4\tSolis\tSolis\tPROPN\tNNP\t_\t3\tflat\t_\tEntity=1)
5\tvisited\tvisit\tVERB\tVBD\t_\t0\troot\t_\t_
6\tPort\tPort\tPROPN\tNNP\t_\t5\tobj\t_\tEntity=(2-place-new-nnnnn-cf2-1,2-sgl-Port_%28Azur%29
7\tAzur\tAzur\tPROPN\tNNP\t_\t6\tflat\t_\tEntity=2)|SpaceAfter=No
8\t.\t.\tPUNCT\t.\t_\t5\tpunct\t_\t_

# sent_id = TEST_doc-2
# text = Solis left.
1\tSolis\tSolis\tPROPN\tNNP\t_\t2\tnsubj\t_\tEntity=(1-person-giv-sssss-cf1-1-coref-Mira_Solis)
2\tleft\tleave\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No
3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

"""


def test_eval_actors_reads_gum_entities(tmp_path: Path):
    path = tmp_path / "TEST_doc.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    tokens, gold = eval_actors.read_doc(path)
    assert len(tokens) == 11 and tokens[8].head == 9 and tokens[9].head == -1
    spans = [(g.chain, g.etype, g.identity, g.start, g.end, g.minspan) for g in gold]
    assert spans == [
        ("1", "person", "Mira Solis", 0, 4, (3, 4)),
        ("2", "place", "Port (Azur)", 5, 7, (1, 2)),
        ("1", "person", "Mira Solis", 8, 9, (1,)),
    ]
    named = [eval_actors.named_span(tokens, g) for g in gold]
    assert named == [(2, 4), (5, 7), (8, 9)]
    assert eval_actors.text_of(tokens, 2, 4) == "Mira Solis"


@pytest.mark.slow
def test_eval_actors_figures_on_gum_test(shared: Path):
    result = eval_actors.evaluate(shared)
    places = result["entity_linking"]["place"]  # type: ignore[index]
    assert places["linked"] > 300 and places["accuracy_on_covered"] >= 0.9
    pairwise = result["name_coreference"]["pairwise"]  # type: ignore[index]
    assert pairwise["precision"] >= 0.9 and pairwise["recall"] >= 0.65
