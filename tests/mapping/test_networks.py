"""Discourse networks: hand-computed ties for each normalisation, duplicate rules, windows, coalitions."""

from __future__ import annotations

import math

import pytest
from gold_map import QUESTION_ID, gold_stanced

from stancemap.mapping import networks
from stancemap.mapping.positions import positions
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
    graph = networks.two_mode(networks.counting([(QUESTION_ID, s) for s in gold_stanced()]))
    vey = graph.edges["Katrin Vey", QUESTION_ID]
    assert (vey["support"], vey["oppose"], vey["neutral"], vey["weight"]) == (3.0, 11.0, 3.0, 14.0)
    assert vey["net"] == pytest.approx((3 - 11) / 14)
    assert graph.nodes[QUESTION_ID]["type"] == "question" and graph.nodes["Katrin Vey"]["bipartite"] == 0
    assert "anonymous: a ministry official" not in graph


def test_networks_coalitions_of_the_example_corpus_are_its_two_camps() -> None:
    items = networks.counting([(QUESTION_ID, s) for s in gold_stanced()])
    found = networks.coalitions(networks.one_mode(items, "congruence"))
    assert found[1] == {"Elin Dahr", "Halvard Lind", "Korsa Minerals", "Lise Norrgard", "Petra Holm", "Tomas Reyle"}
    assert {"Ingrid Salo", "Jonas Brekk", "Aron Fell", "Sofie Marr"} <= found[0]
    assert len(found) == 2


def test_networks_sliding_windows_and_polarisation() -> None:
    items = networks.counting([(QUESTION_ID, s) for s in gold_stanced()])
    windows = list(networks.sliding(items, 14, 7))
    # Laid from a fixed Monday: the first window is the earliest holding the first statement (Monday 2 February).
    assert [(w.start, w.end) for w in windows][:2] == [("2026-01-26", "2026-02-09"), ("2026-02-02", "2026-02-16")]
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


def _statements_per_actor(graph) -> dict[str, float]:
    return {
        (a if graph.nodes[a]["type"] == "actor" else b): d["support"] + d["oppose"] + d["neutral"]
        for a, b, d in graph.edges(data=True)
    }


def test_networks_count_each_story_once_whichever_copies_a_file_holds() -> None:
    """From a statements file, a network counts what the map counts: each story once per actor, through the copy
    the map picks, also when the file lacks the original (dropping every copy lost 10 of Reyle's 27)."""
    copied = {s.story for s in gold_stanced() if s.is_copy}
    without_originals = [s for s in gold_stanced() if s.statement.article not in copied]
    assert any(s.is_copy for s in without_originals)
    for items in (list(gold_stanced()), without_originals):
        graph = networks.two_mode(networks.counting([(QUESTION_ID, s) for s in items]))
        assert _statements_per_actor(graph) == {p.actor: p.statements for p in positions(items, QUESTION_ID)}
    assert (
        _statements_per_actor(networks.two_mode(networks.counting([(QUESTION_ID, s) for s in without_originals])))[
            "Tomas Reyle"
        ]
        == 27
    )


def test_networks_windows_holding_a_day_are_the_windows_around_it() -> None:
    for day in ("2026-02-02", "2026-02-08", "2026-03-13", "1900-01-03"):
        for window, step in ((14, 7), (7, 7), (28, 7), (3, 5), (30, 1)):
            held = networks.windows_holding(day, window, step)
            assert len(held) >= 1 or window < step
            for w in held:
                start, end = networks.window_bounds(w, window, step)
                assert start <= day < end
            for w in (held.start - 1, held.stop):
                if w >= 0:
                    start, end = networks.window_bounds(w, window, step)
                    assert not start <= day < end


@pytest.mark.parametrize("duplicates", networks.DUPLICATES)
def test_networks_sliding_and_dynamic_share_windows_and_the_duplicate_rule(duplicates: str) -> None:
    """The dynamic (GEXF) network is the sliding networks folded together: the same windows, the same ties with
    the same weights under each duplicate rule, and a node's spells are the windows it is in."""
    items = networks.counting([(QUESTION_ID, s) for s in gold_stanced()])
    windows = list(networks.sliding(items, 14, 7, "conflict", "none", duplicates))
    dynamic = networks.dynamic_network(items, 14, 7, "conflict", "none", duplicates)
    for a, b, data in dynamic.edges(data=True):
        assert {(start, end): w for w, start, end in data["window_weight"]} == {
            (w.start, w.end): w.graph.edges[a, b]["weight"] for w in windows if w.graph.has_edge(a, b)
        }
    assert sum(w.graph.number_of_edges() for w in windows) == sum(
        len(d["spells"]) for _, _, d in dynamic.edges(data=True)
    )
    for actor, data in dynamic.nodes(data=True):
        assert data["spells"] == [(w.start, w.end) for w in windows if actor in w.graph]
    counted_once = {w.start: w.graph.size(weight="weight") for w in windows}
    if duplicates != "none":
        every = {w.start: w.graph.size(weight="weight") for w in networks.sliding(items, 14, 7, "conflict")}
        assert all(counted_once[k] <= every[k] for k in every) and counted_once != every
