"""Discourse networks: hand-computed ties for each normalisation, duplicate rules, windows, coalitions."""

from __future__ import annotations

import math

import pytest
from gold_map import QUESTION_ID, gold_stanced

from stancemap.mapping import networks
from stancemap.mapping.statements import StancedStatement
from stancemap.records import Span, Stance, Statement


def _said(actor: str, question: str, label: str, article: str = "a", date: str | None = "2026-01-05") -> tuple:
    statement = Statement(article, Span("x", 0, 1), "direct", actor, "person", date=date)
    return (question, StancedStatement(statement, Stance(label, 0.9), article))


# A: q1 support twice, q2 oppose; B: q1 support, q2 support; C: q1 oppose.
SMALL = [
    _said("A", "q1", "support", "a1"),
    _said("A", "q1", "support", "a2"),
    _said("A", "q2", "oppose", "a1"),
    _said("B", "q1", "support", "a3"),
    _said("B", "q2", "support", "a3"),
    _said("C", "q1", "oppose", "a4"),
]


@pytest.mark.parametrize(
    ("kind", "normalization", "expected"),
    [
        ("congruence", "none", {("A", "B"): 2.0}),
        ("congruence", "average", {("A", "B"): 0.8}),
        ("congruence", "cosine", {("A", "B"): 2 / math.sqrt(10)}),
        ("congruence", "jaccard", {("A", "B"): 0.25}),
        ("conflict", "none", {("A", "B"): 1.0, ("A", "C"): 2.0, ("B", "C"): 1.0}),
        ("conflict", "average", {("A", "B"): 1 / 2.5, ("A", "C"): 1.0, ("B", "C"): 1 / 1.5}),
        (
            "conflict",
            "cosine",
            {("A", "B"): 1 / math.sqrt(10), ("A", "C"): 2 / math.sqrt(5), ("B", "C"): 1 / math.sqrt(2)},
        ),
        ("conflict", "jaccard", {("A", "B"): 1 / 4, ("A", "C"): 1 / 3, ("B", "C"): 1 / 2}),
    ],
)
def test_networks_one_mode_ties_by_normalization(kind: str, normalization: str, expected: dict) -> None:
    graph = networks.one_mode(SMALL, kind, normalization)
    found = {tuple(sorted((a, b))): w for a, b, w in graph.edges(data="weight")}
    assert found.keys() == expected.keys()
    for pair, weight in expected.items():
        assert found[pair] == pytest.approx(weight), pair
    assert set(graph.nodes) == {"A", "B", "C"}


@pytest.mark.parametrize(("duplicates", "expected"), [("none", 3.0), ("article", 2.0), ("week", 2.0), ("month", 1.0)])
def test_networks_duplicate_rules(duplicates: str, expected: float) -> None:
    items = [
        _said("A", "q", "support", "a1", "2026-01-05"),
        _said("A", "q", "support", "a1", "2026-01-06"),  # same article
        _said("A", "q", "support", "a2", "2026-01-20"),  # another week, same month
        _said("A", "q", "oppose", "a1", "2026-01-05"),  # another label counts apart
    ]
    c = networks.counts(items, duplicates)
    assert c[("A", "q", "support")] == expected and c[("A", "q", "oppose")] == 1.0
    with pytest.raises(ValueError, match="duplicates must be one of"):
        networks.counts(items, "day")


def test_networks_two_mode_of_the_example_corpus() -> None:
    graph = networks.two_mode([(QUESTION_ID, s) for s in gold_stanced()])
    vey = graph.edges["Katrin Vey", QUESTION_ID]
    assert (vey["support"], vey["oppose"], vey["neutral"], vey["weight"]) == (3.0, 11.0, 3.0, 14.0)
    assert vey["net"] == pytest.approx((3 - 11) / 14)
    assert graph.nodes[QUESTION_ID]["type"] == "question" and graph.nodes["Katrin Vey"]["bipartite"] == 0
    assert "anonymous: a ministry official" not in graph


def test_networks_coalitions_of_the_example_corpus_are_its_two_camps() -> None:
    items = [(QUESTION_ID, s) for s in gold_stanced()]
    found = networks.coalitions(networks.one_mode(items, "congruence"))
    assert found[1] == {"Elin Dahr", "Halvard Lind", "Korsa Minerals", "Lise Norrgard", "Petra Holm", "Tomas Reyle"}
    assert {"Ingrid Salo", "Jonas Brekk", "Aron Fell", "Sofie Marr"} <= found[0]
    assert len(found) == 2


def test_networks_sliding_windows_and_polarisation() -> None:
    items = [(QUESTION_ID, s) for s in gold_stanced()]
    windows = list(networks.sliding(items, 14, 7))
    assert [(w.start, w.end) for w in windows][:2] == [("2026-02-02", "2026-02-16"), ("2026-02-09", "2026-02-23")]
    assert windows[-1].start <= "2026-03-13" < windows[-1].end
    # Dahr is in no window before she first spoke (19 February).
    assert "Elin Dahr" not in windows[0].graph and "Elin Dahr" in windows[-1].graph
    over_time = networks.polarisation_over_time(items, 14, 7)
    assert len(over_time) == len(windows)
    assert all(p.conflict_share is not None and 0 < p.conflict_share < 1 for p in over_time)
    # Everybody agreeing is no polarisation.
    calm = networks.polarisation([_said("A", "q", "support", "a"), _said("B", "q", "support", "b")])
    assert calm.conflict_share == 0.0 and calm.coalitions == 1
    assert networks.edges(networks.one_mode(SMALL, "conflict"))[0].weight == 2.0
