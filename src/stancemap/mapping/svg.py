"""The report's pictures as inline SVG, drawn here so the report needs no plotting library and no script.

Every name and text that reaches an SVG is escaped (`html.escape`, quotes included): actor names come from
articles, which are untrusted.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from html import escape

import networkx as nx

from stancemap.mapping.palette import STANCE_COLOURS
from stancemap.records import Change

# Colour-blind safe (Okabe-Ito): blue for support, vermilion for oppose, grey for neutral, orange for mixed.
# The map's four stances in the palette the web page uses too (conditional statements are drawn hollow).
COLOURS = {stance: STANCE_COLOURS[stance] for stance in ("support", "oppose", "neutral", "mixed")}
TIMELINE_WIDTH = 720
TIMELINE_HEIGHT = 30
_MARGIN = 8


@dataclass(frozen=True, slots=True)
class Mark:
    """One dated statement on a timeline."""

    date: str
    label: str
    conditional: bool = False


@dataclass(frozen=True, slots=True)
class DateRange:
    """The dates a set of timelines shares, so their marks line up (inclusive)."""

    start: Date
    end: Date

    @property
    def days(self) -> int:
        return max((self.end - self.start).days, 1)

    def x(self, day: str) -> float:
        offset = (Date.fromisoformat(day) - self.start).days
        return _MARGIN + offset / self.days * (TIMELINE_WIDTH - 2 * _MARGIN)


def span_of(days: Sequence[str]) -> DateRange | None:
    """The span of the dates given, a day's padding either side; None when there are none."""
    if not days:
        return None
    return DateRange(
        Date.fromisoformat(min(days)) - timedelta(days=1), Date.fromisoformat(max(days)) + timedelta(days=1)
    )


def ticks(span: DateRange) -> list[Date]:
    """Mondays inside the span (every week for up to ~3 months, else the 1st of each month)."""
    if span.days <= 100:
        first = span.start + timedelta(days=(7 - span.start.weekday()) % 7)
        return [first + timedelta(weeks=n) for n in range((span.end - first).days // 7 + 1)]
    found, day = [], span.start.replace(day=1)
    while day <= span.end:
        if day >= span.start:
            found.append(day)
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return found


def axis_svg(span: DateRange) -> str:
    """The date labels above the timelines."""
    parts = [_open("axis", TIMELINE_WIDTH, 20, "dates")]
    for day in ticks(span):
        x = span.x(day.isoformat())
        parts.append(f'<text x="{x:.1f}" y="14" font-size="10" text-anchor="middle" fill="#555">{day:%d %b}</text>')
    parts.append("</svg>")
    return "".join(parts)


def timeline_svg(actor: str, marks: Sequence[Mark], changes: Sequence[Change], span: DateRange) -> str:
    """One actor's row: a dot per dated statement coloured by its label (hollow when conditional), stacked when a
    day has several; a dashed line with a triangle where the stance changed."""
    parts = [_open("timeline", TIMELINE_WIDTH, TIMELINE_HEIGHT, f"Statements of {actor} over time")]
    middle = TIMELINE_HEIGHT / 2
    for day in ticks(span):
        x = span.x(day.isoformat())
        parts.append(f'<line x1="{x:.1f}" y1="2" x2="{x:.1f}" y2="{TIMELINE_HEIGHT - 2}" stroke="#eee"/>')
    parts.append(f'<line x1="{_MARGIN}" y1="{middle}" x2="{TIMELINE_WIDTH - _MARGIN}" y2="{middle}" stroke="#ccc"/>')
    on_day: dict[str, int] = {}
    for mark in sorted(marks, key=lambda m: m.date):
        n = on_day.get(mark.date, 0)
        on_day[mark.date] = n + 1
        # Several statements on one day fan out above and below the line instead of hiding each other.
        y = middle + (0 if n == 0 else (-1) ** n * min(4 * ((n + 1) // 2), middle - 4))
        colour = COLOURS.get(mark.label, "#222")
        fill = "#fff" if mark.conditional else colour
        title = escape(f"{mark.date}: {mark.label}" + (" (conditional)" if mark.conditional else ""))
        parts.append(
            f'<circle class="mark {escape(mark.label)}" cx="{span.x(mark.date):.1f}" cy="{y:.1f}" r="3.5" '
            f'fill="{fill}" stroke="{colour}" stroke-width="1.5" fill-opacity="0.85"><title>{title}</title></circle>'
        )
    # Change markers last, so the dots of a busy day do not hide them.
    for change in changes:
        if change.date is None or not span.start.isoformat() <= change.date <= span.end.isoformat():
            continue
        x = span.x(change.date)
        how = "reported" if change.reported else "observed"
        title = escape(f"{change.date}: {change.from_label} → {change.to_label} ({how})")
        parts.append(
            f'<g class="change"><title>{title}</title>'
            f'<line x1="{x:.1f}" y1="1" x2="{x:.1f}" y2="{TIMELINE_HEIGHT - 1}" stroke="#222" stroke-dasharray="2 2"/>'
            f'<path d="M{x - 4:.1f} 1 L{x + 4:.1f} 1 L{x:.1f} 7 Z" fill="{COLOURS.get(change.to_label, "#222")}"'
            ' stroke="#222" stroke-width="0.5"/></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def network_svg(
    graph: nx.Graph, stances: Mapping[str, str], sizes: Mapping[str, int], width: int = 960, height: int = 700
) -> str:
    """The congruence network: a node per actor (area by statements, colour by stance), a line per tie (width and
    opacity by weight). The tied actors are laid out by networkx's spring layout, seeded so the picture is the
    same on every run; actors without a tie stand in a row along the bottom, where they do not squeeze the rest."""
    parts = [_open("network", width, height, "Congruence network of the actors")]
    tied = [n for n in graph.nodes if graph.degree(n) > 0]
    alone = sorted((n for n in graph.nodes if graph.degree(n) == 0), key=lambda n: (-sizes.get(n, 1), str(n)))
    places: dict[str, tuple[float, float]] = {}
    # In the bottom row every other label goes above its node, so long neighbouring names do not run together.
    label_above = {node: i % 2 == 1 for i, node in enumerate(alone)}
    bottom = height - (70 if alone else 30)
    if tied:
        sub = graph.subgraph(tied)
        layout = nx.spring_layout(sub, seed=7, weight="weight", k=2.5 / math.sqrt(len(tied)), iterations=200)
        fx, fy = _spread({n: p[0] for n, p in layout.items()}), _spread({n: p[1] for n, p in layout.items()})
        for node in layout:
            places[node] = (90 + fx[node] * (width - 180), 40 + fy[node] * (bottom - 80))
    if alone:
        step = (width - 120) / len(alone)
        for i, node in enumerate(alone):
            places[node] = (60 + step * (i + 0.5), height - 34)
        parts.append(
            f'<line x1="20" y1="{bottom:.0f}" x2="{width - 20}" y2="{bottom:.0f}" stroke="#e5e7eb"/>'
            f'<text x="24" y="{bottom + 14:.0f}" font-size="11" fill="#8c959f">no tie</text>'
        )
    heaviest = max((float(w) for _, _, w in graph.edges(data="weight", default=1.0)), default=1.0) or 1.0
    for a, b, weight in sorted(graph.edges(data="weight", default=1.0), key=lambda e: float(e[2])):
        (x1, y1), (x2, y2) = places[a], places[b]
        share = float(weight) / heaviest
        title = escape(f"{a} – {b}: {float(weight):.2f}")
        parts.append(
            f'<line class="tie" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#7b8794" '
            f'stroke-opacity="{0.15 + 0.5 * share:.2f}" stroke-width="{0.5 + 4 * share:.2f}"><title>{title}</title>'
            "</line>"
        )
    for node in sorted(graph.nodes, key=lambda n: -sizes.get(n, 1)):
        x, y = places[node]
        stance = stances.get(node, "neutral")
        r = 4 + 2.2 * math.sqrt(sizes.get(node, 1))
        name = escape(str(node))
        parts.append(
            f'<g class="node" data-actor="{name}" data-stance="{escape(stance)}"><title>{name}: {escape(stance)}, '
            f"{sizes.get(node, 0)} statements</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{COLOURS.get(stance, "#222")}" stroke="#fff" '
            'stroke-width="1.5"/>'
            f'<text x="{x:.1f}" y="{y - r - 4 if label_above.get(node) else y + r + 11:.1f}" font-size="11" '
            'text-anchor="middle" fill="#222" '
            f'paint-order="stroke" stroke="#fff" stroke-width="3">{_short(str(node))}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _spread(coordinate: Mapping[str, float]) -> dict[str, float]:
    """One layout coordinate scaled to [0, 1], half by value and half by rank: spring layouts push agreeing
    cliques into tight balls far apart, and the rank half opens each ball up so its labels can be read."""
    low, high = min(coordinate.values()), max(coordinate.values())
    order = {node: i for i, node in enumerate(sorted(coordinate, key=lambda n: (coordinate[n], n)))}
    last = max(len(order) - 1, 1)
    return {n: 0.5 * (v - low) / ((high - low) or 1) + 0.5 * order[n] / last for n, v in coordinate.items()}


def _open(kind: str, width: int, height: int, label: str) -> str:
    return (
        f'<svg class="{kind}" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">'
    )


def _short(name: str, limit: int = 28) -> str:
    """A label that does not run over its neighbours; the full name stays in the node's title."""
    return escape(name if len(name) <= limit else name[: limit - 1] + "…")
