"""Discourse networks in the manner of the Discourse Network Analyzer (DNA): actors tied through the questions
they take sides on (docs/map.md, "Discourse networks").

Input is (question id, StancedStatement) pairs of the statements that count: each story once per actor, as the
map counts it (`counting` picks them from statements read from a file; the store marks them `counted`). Anonymous
statements have no actor. Each network is a networkx graph with typed node and edge attributes, ready for the
exports. Time windows and the duplicate rule have one definition each (`windows_holding`, `duplicate_unit`),
shared by the sliding networks and the dynamic one.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta

import networkx as nx

from stancemap.mapping.positions import counted
from stancemap.mapping.statements import StancedStatement
from stancemap.mapping.timeseries import period_start
from stancemap.records import Edge

DUPLICATES = ("none", "article", "week", "month")
NORMALIZATIONS = ("none", "average", "jaccard", "cosine")
SIDES = ("support", "oppose")
# Time windows are laid from this Monday, so weekly steps start on Mondays and no window depends on which
# statements came first.
WINDOW_ORIGIN = Date(1900, 1, 1)

Coded = tuple[str, StancedStatement]
# (actor, question, label) -> how many statements count after the duplicate rule
Counts = dict[tuple[str, str, str], float]


def counting(items: Iterable[Coded]) -> list[Coded]:
    """The pairs a network counts, in input order, from statements as read from a file: named actors' only, and
    each story once per actor and question, through the copy the map counts (`positions.counted`), so a story
    whose original is missing still counts once and its other copies do not."""
    by_question: dict[str, list[StancedStatement]] = defaultdict(list)
    pairs = list(items)
    for question, item in pairs:
        by_question[question].append(item)
    kept = {id(item) for found in by_question.values() for item in counted(found)}
    return [(question, item) for question, item in pairs if id(item) in kept]


def duplicate_unit(item: StancedStatement, duplicates: str) -> str | None:
    """What a statement counts once per under a duplicate rule (DNA's duplicate setting), with its actor, question
    and label: None under "none" (every statement counts); its article under "article"; the Monday of its ISO week
    under "week" and the first of its month under "month" (its article when it has no date)."""
    if duplicates == "none":
        return None
    day = item.statement.date
    if duplicates == "article" or day is None:
        return item.statement.article
    return period_start(day, "week" if duplicates == "week" else "month")


def _check_duplicates(duplicates: str) -> None:
    if duplicates not in DUPLICATES:
        raise ValueError(f"duplicates must be one of {', '.join(DUPLICATES)}, not {duplicates!r}")


def _tally(
    found: Counts, seen: set[tuple[object, ...]], scope: int, question: str, item: StancedStatement, duplicates: str
) -> None:
    """Count the statement into `found` unless the duplicate rule has already counted its unit in `scope` (a time
    window, or 0 for the whole)."""
    actor, label = item.actor or "", item.stance.label
    unit = duplicate_unit(item, duplicates)
    if unit is not None:
        key = (scope, actor, question, label, unit)
        if key in seen:
            return
        seen.add(key)
    found[(actor, question, label)] = found.get((actor, question, label), 0.0) + 1


def counts(items: Iterable[Coded], duplicates: str = "none", labels: tuple[str, ...] = SIDES) -> Counts:
    """How many statements each actor made on each question with each label, under the duplicate rule
    (`duplicate_unit`): "none" counts every statement, "article" an actor's statements with the same question and
    label once per article, "week" once per ISO week, "month" once per calendar month."""
    _check_duplicates(duplicates)
    found: Counts = {}
    seen: set[tuple[object, ...]] = set()
    for question, item in items:
        if item.actor is not None and item.stance.label in labels:
            _tally(found, seen, 0, question, item, duplicates)
    return found


def two_mode(items: Iterable[Coded], duplicates: str = "none") -> nx.Graph:
    """Actors × questions: an edge per actor and question it spoke on, with support/oppose/neutral counts,
    `weight` = sided statements and `net` = (support − oppose) / (support + oppose) (0 when none)."""
    c = counts(items, duplicates, ("support", "oppose", "neutral"))
    graph = nx.Graph()
    for (actor, question, label), n in c.items():
        graph.add_node(actor, type="actor", bipartite=0)
        graph.add_node(question, type="question", bipartite=1)
        if not graph.has_edge(actor, question):
            graph.add_edge(actor, question, support=0.0, oppose=0.0, neutral=0.0)
        graph.edges[actor, question][label] += n
    for _, _, data in graph.edges(data=True):
        sided = data["support"] + data["oppose"]
        data["weight"] = sided
        data["net"] = 0.0 if sided == 0 else (data["support"] - data["oppose"]) / sided
    return graph


def one_mode(
    items: Iterable[Coded], kind: str = "congruence", normalization: str = "none", duplicates: str = "none"
) -> nx.Graph:
    """Actor × actor ties through shared questions (DNA's one-mode networks).

    Each actor is a vector a_i over (question, side) of statement counts. `congruence`: w_ij = Σ a_i(q, s)·a_j(q, s)
    (both on the same side of a question); `conflict`: w_ij = Σ a_i(q, s)·a_j(q, other side). Normalisations:
    `average` divides by the mean activity of the two actors ((|a_i|₁ + |a_j|₁) / 2); `jaccard` is the weighted
    Jaccard (Ruzicka) Σ min / Σ max of a_i and a_j (a_j with its sides swapped for conflict); `cosine` divides by
    |a_i|₂·|a_j|₂. Actors without ties stay in the graph as isolates.
    """
    return one_mode_from_counts(counts(items, duplicates), kind, normalization)


def one_mode_from_counts(found: Counts, kind: str = "congruence", normalization: str = "none") -> nx.Graph:
    """`one_mode` from counts already made (a streaming caller counts once, then builds several networks)."""
    if kind not in ("congruence", "conflict"):
        raise ValueError(f"kind must be congruence or conflict, not {kind!r}")
    if normalization not in NORMALIZATIONS:
        raise ValueError(f"normalization must be one of {', '.join(NORMALIZATIONS)}, not {normalization!r}")
    vectors: dict[str, dict[tuple[str, str], float]] = defaultdict(dict)
    for (actor, question, label), n in found.items():
        vectors[actor][(question, label)] = n
    graph = nx.Graph()
    graph.add_nodes_from((actor, {"type": "actor", "statements": sum(v.values())}) for actor, v in vectors.items())
    # Actors meet only through a (question, side): index them to avoid comparing every pair.
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    for actor, v in vectors.items():
        for key in v:
            by_key[key].append(actor)
    pairs: set[tuple[str, str]] = set()
    for (question, label), actors in by_key.items():
        partners = actors if kind == "congruence" else by_key.get((question, _other(label)), [])
        for a in actors:
            for b in partners:
                if a < b:
                    pairs.add((a, b))
                elif b < a:
                    pairs.add((b, a))
    for a, b in sorted(pairs):
        weight = _tie(vectors[a], _swapped(vectors[b]) if kind == "conflict" else vectors[b], normalization)
        if weight > 0:
            graph.add_edge(a, b, weight=weight, kind=kind)
    return graph


def edges(graph: nx.Graph, question: str | None = None) -> list[Edge]:
    """The graph's ties as records, heaviest first."""
    found = [Edge(a, b, question, float(d.get("weight", 1.0))) for a, b, d in graph.edges(data=True)]
    return sorted(found, key=lambda e: (-e.weight, e.source, e.target))


@dataclass(frozen=True, slots=True)
class Window:
    """One time window of a sliding network: statements dated start <= date < end."""

    start: str
    end: str
    graph: nx.Graph


def windows_holding(day: str, window_days: int, step_days: int) -> range:
    """The windows that hold ISO date `day`: window w covers [WINDOW_ORIGIN + w·step, WINDOW_ORIGIN + w·step +
    window) in days (`window_bounds`)."""
    offset = (Date.fromisoformat(day) - WINDOW_ORIGIN).days
    return range(max(0, -(-(offset - window_days + 1) // step_days)), offset // step_days + 1)


def window_bounds(w: int, window_days: int, step_days: int) -> tuple[str, str]:
    """(start, end) ISO dates of window w; the end is the first day after it."""
    start = WINDOW_ORIGIN + timedelta(days=w * step_days)
    return start.isoformat(), (start + timedelta(days=window_days)).isoformat()


@dataclass(frozen=True, slots=True)
class WindowCounts:
    """Sided statement counts per time window (only windows that hold some), and the windows from the one that
    holds the first dated statement to the one that holds the last (empty when none is dated)."""

    counts: dict[int, Counts]
    span: range


def window_counts(items: Iterable[Coded], window_days: int, step_days: int, duplicates: str = "none") -> WindowCounts:
    """Each dated statement counted into every window that holds it, the duplicate rule applied per window.
    Streams: counts are kept, statements are not. Undated statements take part in no window."""
    if window_days < 1 or step_days < 1:
        raise ValueError("window and step must be at least one day")
    _check_duplicates(duplicates)
    found: dict[int, Counts] = defaultdict(dict)
    seen: set[tuple[object, ...]] = set()
    first = last = None
    for question, item in items:
        day = item.statement.date
        if day is None:
            continue
        first = day if first is None or day < first else first
        last = day if last is None or day > last else last
        if item.actor is None or item.stance.label not in SIDES:
            continue
        for w in windows_holding(day, window_days, step_days):
            _tally(found[w], seen, w, question, item, duplicates)
    if first is None or last is None:
        return WindowCounts({}, range(0))
    low = windows_holding(first, window_days, step_days).start
    return WindowCounts(dict(found), range(low, windows_holding(last, window_days, step_days).stop))


def sliding(
    items: Iterable[Coded],
    window_days: int,
    step_days: int,
    kind: str = "congruence",
    normalization: str = "none",
    duplicates: str = "none",
) -> Iterator[Window]:
    """One-mode networks over windows of `window_days` moved by `step_days` (DNA's time-window networks), from the
    window holding the first dated statement to the one holding the last, empty windows included."""
    per = window_counts(items, window_days, step_days, duplicates)
    for w in per.span:
        start, end = window_bounds(w, window_days, step_days)
        yield Window(start, end, one_mode_from_counts(per.counts.get(w, {}), kind, normalization))


def dynamic_network(
    items: Iterable[Coded],
    window_days: int,
    step_days: int,
    kind: str = "congruence",
    normalization: str = "none",
    duplicates: str = "none",
) -> nx.Graph:
    """The sliding one-mode networks folded into one dynamic graph (GEXF `mode="dynamic"`): a node or tie is
    present in the spells of the windows that hold it; a tie's `window_weight` and an actor's `net` stance ((support
    − oppose) / sided, in that window) change from window to window (`weight`: the tie's heaviest window, since
    GEXF keeps one static weight per edge). Streams: counts per window, no statement kept. The windows are those of
    `sliding`; windows without a sided statement have nothing to show and are left out.
    """
    per = window_counts(items, window_days, step_days, duplicates)
    graph = nx.Graph(mode="dynamic")
    for w in sorted(per.counts):
        start, end = window_bounds(w, window_days, step_days)
        window = one_mode_from_counts(per.counts[w], kind, normalization)
        sided: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for (actor, _, label), n in per.counts[w].items():
            sided[actor][0 if label == "support" else 1] += n
        for actor in window.nodes:
            s, o = sided[actor]
            if actor not in graph:
                graph.add_node(actor, type="actor", spells=[], net=[])
            graph.nodes[actor]["spells"].append((start, end))
            graph.nodes[actor]["net"].append(((s - o) / (s + o) if s + o else 0.0, start, end))
        for a, b, weight in window.edges(data="weight"):
            if not graph.has_edge(a, b):
                graph.add_edge(a, b, kind=kind, spells=[], window_weight=[], weight=0.0)
            graph.edges[a, b]["spells"].append((start, end))
            graph.edges[a, b]["window_weight"].append((float(weight), start, end))
            graph.edges[a, b]["weight"] = max(graph.edges[a, b]["weight"], float(weight))
    return graph


def coalitions(graph: nx.Graph, seed: int = 0) -> list[set[str]]:
    """Communities of the congruence network (networkx's Louvain, weighted; seeded so runs agree), largest first.
    Isolates form coalitions of one."""
    if graph.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), sorted(c)))


@dataclass(frozen=True, slots=True)
class Polarisation:
    """How split a debate is in one window (docs/map.md).

    `conflict_share`: conflict tie weight / (conflict + congruence weight), 0 when every tie is agreement.
    `modularity`: modularity of the coalitions found on the congruence network (high when actors agree within
    groups and not across them). `coalitions`: how many coalitions of two or more actors there are.
    """

    start: str | None
    end: str | None
    conflict_share: float | None
    modularity: float | None
    coalitions: int


def polarisation(items: list[Coded], start: str | None = None, end: str | None = None) -> Polarisation:
    """The polarisation of the statements given (normalisation none, each statement counted)."""
    congruence = one_mode(items, "congruence")
    conflict = one_mode(items, "conflict")
    agree = congruence.size(weight="weight")
    disagree = conflict.size(weight="weight")
    share = None if agree + disagree == 0 else disagree / (agree + disagree)
    found = coalitions(congruence)
    modularity = None
    if congruence.number_of_edges() > 0:
        modularity = nx.community.modularity(congruence, found, weight="weight")
    return Polarisation(start, end, share, modularity, sum(1 for c in found if len(c) > 1))


def polarisation_over_time(items: Iterable[Coded], window_days: int, step_days: int) -> list[Polarisation]:
    """Polarisation per sliding window."""
    dated = [(q, i) for q, i in items if i.statement.date is not None]
    found = []
    for window in sliding(dated, window_days, step_days):
        inside = [(q, i) for q, i in dated if window.start <= (i.statement.date or "") < window.end]
        found.append(polarisation(inside, window.start, window.end))
    return found


def _tie(a: dict[tuple[str, str], float], b: dict[tuple[str, str], float], normalization: str) -> float:
    dot = sum(n * b.get(key, 0.0) for key, n in a.items())
    if normalization == "none" or dot == 0:
        return dot
    if normalization == "average":
        return dot / ((sum(a.values()) + sum(b.values())) / 2)
    if normalization == "cosine":
        return dot / (math.sqrt(sum(n * n for n in a.values())) * math.sqrt(sum(n * n for n in b.values())))
    keys = set(a) | set(b)
    return sum(min(a.get(k, 0.0), b.get(k, 0.0)) for k in keys) / sum(max(a.get(k, 0.0), b.get(k, 0.0)) for k in keys)


def _swapped(v: dict[tuple[str, str], float]) -> dict[tuple[str, str], float]:
    return {(question, _other(label)): n for (question, label), n in v.items()}


def _other(label: str) -> str:
    return "oppose" if label == "support" else "support"
