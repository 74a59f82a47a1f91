"""What the pages show, computed from the store's read queries: filters, map groups, timelines, marked articles.

Pure functions over store records; `stancemap.web.app` turns requests into these and these into templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from typing import Any

import networkx as nx

from stancemap.mapping.networks import edges
from stancemap.mapping.positions import positions
from stancemap.records import Position
from stancemap.store.views import ArticleStatement, StatementView
from stancemap.web.highlight import CONTENT, SPEAKER, Mark, Placed, Segment, place, segments

# The map's groups, in the order the page shows them: (key, heading).
GROUPS = (
    ("support", "Supporters"),
    ("oppose", "Opponents"),
    ("conditional", "Conditional"),
    ("mixed", "Mixed"),
    ("neutral", "Neutral"),
)


class BadFilter(ValueError):
    """A filter value the page cannot use (the request gets a 400 naming it)."""


@dataclass(frozen=True, slots=True)
class Filters:
    start: str | None = None
    end: str | None = None
    kind: str | None = None
    outlet: str | None = None

    @classmethod
    def parse(cls, start: str | None, end: str | None, kind: str | None, outlet: str | None) -> Filters:
        """Empty strings mean no filter (an unfilled form field); dates must be YYYY-MM-DD."""
        start, end = _date(start, "from"), _date(end, "to")
        if start and end and start > end:
            raise BadFilter(f"the date range is empty: {start} is after {end}")
        return cls(start, end, kind or None, outlet or None)

    @property
    def active(self) -> bool:
        return any((self.start, self.end, self.kind, self.outlet))


def _date(text: str | None, name: str) -> str | None:
    if not text:
        return None
    try:
        return Date.fromisoformat(text).isoformat()
    except ValueError as e:
        raise BadFilter(f"'{name}' must be a date YYYY-MM-DD") from e


def keep(view: StatementView, filters: Filters) -> bool:
    """Whether a statement passes the filters; a date filter leaves undated statements out."""
    s = view.item.statement
    if filters.start or filters.end:
        if s.date is None:
            return False
        if filters.start and s.date < filters.start:
            return False
        if filters.end and s.date > filters.end:
            return False
    if filters.kind and s.speaker_kind != filters.kind:
        return False
    return not (filters.outlet and view.outlet != filters.outlet)


def filtered_positions(views: list[StatementView], question: str, filters: Filters) -> list[Position]:
    """The map of the statements that pass the filters, by the map's own rules (`mapping.positions`); statements a
    person rejected are left out, as the stored map leaves them out."""
    return positions([v.item for v in views if v.rejected is None and keep(v, filters)], question)


def group_of(position: Position) -> str:
    """Conditional supporters and opponents form their own group; the others go by their stance."""
    if position.conditional and position.stance in ("support", "oppose"):
        return "conditional"
    return position.stance


def grouped(found: list[Position]) -> list[tuple[str, str, list[Position]]]:
    """(key, heading, positions) for every group, empty ones included (the page says 'none')."""
    return [(key, heading, [p for p in found if group_of(p) == key]) for key, heading in GROUPS]


@dataclass(frozen=True, slots=True)
class PlacedStatement:
    statement: ArticleStatement
    content: Placed | None
    speaker: Placed | None


def mark_article(
    text: str, statements: list[ArticleStatement], focus: int | None
) -> tuple[list[Segment], list[PlacedStatement]]:
    """The article text cut into marked segments, and where each statement's content and speaker were placed."""
    placed = [
        PlacedStatement(s, place(text, s.statement.content), place(text, s.statement.speaker_mention))
        for s in statements
    ]
    marks = []
    for p in placed:
        for kind, where in ((CONTENT, p.content), (SPEAKER, p.speaker)):
            if where is not None:
                marks.append(Mark(p.statement.row, kind, where.start, where.end, p.statement.row == focus))
    return segments(text, marks), placed


def network_json(graph: nx.Graph, found: list[Position]) -> dict[str, Any]:
    """A one-mode network (`mapping.networks.one_mode`) in graphology's serialisation, for the page's picture.

    Nodes are the graph's actors with their map stance (`stance`, `conditional`, from `found`), `kind` and `size`
    (the sided statements the network counted); edges carry `weight` and `kind`, heaviest first.
    """
    by_actor = {p.actor: p for p in found}
    nodes = []
    for actor, data in sorted(graph.nodes(data=True)):
        position = by_actor.get(actor)
        nodes.append(
            {
                "key": actor,
                "attributes": {
                    "label": actor,
                    "stance": position.stance if position else "neutral",
                    "conditional": bool(position and position.conditional),
                    "kind": position.kind if position else "unknown",
                    "size": float(data.get("statements", 0.0)),
                },
            }
        )
    links = [
        {
            "source": e.source,
            "target": e.target,
            "attributes": {"weight": e.weight, "kind": graph.edges[e.source, e.target]["kind"]},
        }
        for e in edges(graph)
    ]
    return {"nodes": nodes, "edges": links}
