"""The HTML report for one question: the stance table, a timeline per actor, the network and the evidence.

Pure: positions and statements in, one self-contained HTML string out (CSS inline, pictures as inline SVG, no
script, no external address). Article text and names are untrusted, so the template autoescapes everything and
the SVG is escaped where it is drawn (`mapping.svg`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from stancemap.mapping.networks import one_mode
from stancemap.mapping.positions import MIXED, NEUTRAL, one_copy_per_story
from stancemap.mapping.statements import StancedStatement
from stancemap.mapping.svg import COLOURS, Mark, axis_svg, network_svg, span_of, timeline_svg
from stancemap.records import Position, Question

# The stance sections, in the order the report shows them.
SECTIONS = ("support", "oppose", MIXED, NEUTRAL)
SECTION_TITLES = {"support": "Support", "oppose": "Oppose", MIXED: "Mixed", NEUTRAL: "Neutral"}


@dataclass(frozen=True, slots=True)
class Timeline:
    actor: str
    stance: str
    svg: Markup
    undated: int


def report_html(
    question: Question, found: Sequence[Position], statements: Iterable[StancedStatement], as_of: str | None = None
) -> str:
    """The report of `found` (the map's positions on `question`) and the statements behind them.

    `statements` are drawn as given after the map's own rules: named actors only, a story counted once per actor
    (`one_copy_per_story`), nothing after `as_of`.
    """
    by_actor: dict[str, list[StancedStatement]] = defaultdict(list)
    for item in statements:
        actor, day = item.actor, item.statement.date
        if actor is None or (as_of is not None and (day is None or day > as_of)):
            continue
        by_actor[actor].append(item)
    counted = {actor: one_copy_per_story(items)[0] for actor, items in by_actor.items()}
    marks = {
        actor: [Mark(i.statement.date, i.stance.label, i.stance.conditional) for i in items if i.statement.date]
        for actor, items in counted.items()
    }
    span = span_of([m.date for ms in marks.values() for m in ms])
    # The SVG strings are escaped where they are drawn (mapping.svg), so they enter the template as markup.
    timelines = []
    if span is not None:
        for p in found:
            drawn = marks.get(p.actor, [])
            svg = timeline_svg(p.actor, drawn, p.changes, span)
            timelines.append(Timeline(p.actor, p.stance, Markup(svg), p.statements - len(drawn)))
    # Jaccard: a tie says how alike two actors' sides are, so the most quoted actors do not pull the whole picture.
    graph = one_mode(((question.id, item) for items in counted.values() for item in items), normalization="jaccard")
    # Actors who only spoke neutrally have no tie but belong in the picture.
    graph.add_nodes_from(p.actor for p in found)
    network = network_svg(graph, {p.actor: p.stance for p in found}, {p.actor: p.statements for p in found})
    sections = [(s, SECTION_TITLES[s], [p for p in found if p.stance == s]) for s in SECTIONS]
    days = sorted(d for p in found for d in (p.first, p.last) if d)
    template = _environment().get_template("report.html.j2")
    return template.render(
        question=question,
        as_of=as_of,
        positions=found,
        sections=sections,
        statements=sum(p.statements for p in found),
        first=days[0] if days else None,
        last=days[-1] if days else None,
        axis=Markup(axis_svg(span)) if span else None,
        timelines=timelines,
        network=Markup(network),
        ties=graph.number_of_edges(),
        colours=COLOURS,
    )


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("stancemap.mapping", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
