"""`stancemap demo [--db FILE]`: the main job on the bundled example corpus, with a readable account of each stage.

The stages run in order on one open store; each calls the library and returns a Rich renderable printed to stdout.
A later stage plugs in by appending a `DemoStage` to `STAGES`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from stancemap.cli.app import app, settings, stderr
from stancemap.config import Settings
from stancemap.examples import CORPUS, QUESTION
from stancemap.examples.demo import IngestSummary, JudgedSummary, current_map, extract_and_judge, ingest_corpus
from stancemap.records import Question
from stancemap.stance.questions import load_question
from stancemap.store import SqliteStore, open_store, postgres


@dataclass(frozen=True, slots=True)
class DemoContext:
    store: SqliteStore
    settings: Settings
    corpus: Path
    question: Question


@dataclass(frozen=True, slots=True)
class DemoStage:
    name: str
    # Shown on stderr while the stage runs.
    doing: str
    run: Callable[[DemoContext], RenderableType]


def _ingest_stage(ctx: DemoContext) -> RenderableType:
    return render_ingest(ingest_corpus(ctx.store, [ctx.corpus], ctx.settings))


def _judge_stage(ctx: DemoContext) -> RenderableType:
    return render_judged(extract_and_judge(ctx.store, [ctx.corpus], ctx.settings, ctx.question))


def _map_stage(ctx: DemoContext) -> RenderableType:
    return render_map(ctx.question, current_map(ctx.store, ctx.question))


STAGES: list[DemoStage] = [
    DemoStage("ingest", "cleaning and storing the example corpus", _ingest_stage),
    DemoStage("extract", "finding who said what, and judging each statement on the question", _judge_stage),
    DemoStage("map", "aggregating positions over time", _map_stage),
]


@app.command("demo")
def demo_cli(
    db: Annotated[
        str | None, typer.Option("--db", help="The store: a file, or a postgresql:// URL (default: the `db` setting).")
    ] = None,
) -> None:
    """Run the main job on the bundled example corpus and show what each stage found."""
    s = settings()
    store_path = db if db is not None else s.db
    out = Console(highlight=False)
    out.rule(f"stancemap demo: {CORPUS.name}/ ({sum(1 for _ in CORPUS.iterdir())} files)")
    with open_store(store_path) as store:
        ctx = DemoContext(store, s, CORPUS, load_question(QUESTION))
        for stage in STAGES:
            with stderr.status(f"{stage.name}: {stage.doing}"):
                result = stage.run(ctx)
            out.print(result)
        articles, stories = store.count_articles(), store.count_stories()
    where = store.path if postgres.is_url(store_path) else Path(store_path).resolve()
    out.print(
        f"Store: {where} ({articles} articles, {stories} stories). "
        f"Try `stancemap clean {CORPUS}` to see the cleaned texts.",
    )


def render_ingest(summary: IngestSummary) -> RenderableType:
    r = summary.report
    headline = Text.assemble(
        ("Ingest: ", "bold"),
        f"{r.read} documents read, {r.new} new, {r.already_stored} already stored, "
        f"{summary.articles} articles in {summary.stories} stories",
    )
    if r.new == 0 and r.already_stored:
        headline.append(" (nothing new: this store already holds the corpus)", style="dim")
    parts: list[RenderableType] = [headline, _outlet_week_table(summary), _languages_line(summary)]
    if summary.skipped:
        skipped = Table(title="Skipped", title_justify="left", show_edge=False)
        skipped.add_column("document")
        skipped.add_column("reason")
        for source, reason in summary.skipped:
            skipped.add_row(Path(source).name, reason)
        parts.append(skipped)
    if summary.duplicates:
        copies = Table(title="Copies of one story (counted once)", title_justify="left", show_edge=False)
        copies.add_column("#", justify="right", min_width=2)
        copies.add_column("article", no_wrap=True)
        copies.add_column("outlet", no_wrap=True)
        copies.add_column("title", overflow="ellipsis", no_wrap=True)
        for n, story in enumerate(summary.duplicates, 1):
            for key, title, outlet in story.copies:
                copies.add_row(str(n), key, outlet, title or "")
        parts.append(copies)
    parts.append(
        Text(
            f"Cleaning: {summary.captions} photo captions set apart, {summary.removed_lines} lines of page residue, "
            f"bylines and datelines removed, {summary.syndicated} syndicated copies traced to their source"
        )
    )
    if summary.problems:
        parts.append(Text("Problems: " + "; ".join(summary.problems), style="red"))
    return Group(*parts)


def render_judged(summary: JudgedSummary) -> RenderableType:
    if summary.already_stored:
        return Text.assemble(
            ("Extract and stance: ", "bold"), f"this store already holds stances on {summary.question}"
        )
    kinds = ", ".join(f"{n} {kind}" for kind, n in summary.kinds.items())
    stances = ", ".join(f"{n} {label}" for label, n in summary.stances.items())
    headline = Text.assemble(
        ("Extract: ", "bold"),
        f"{summary.statements} statements in {summary.articles} English articles ({kinds}); "
        f"{summary.anonymous} from anonymous sources, {summary.unresolved} with no speaker found",
    )
    speakers = Table(title="Who speaks most", title_justify="left", show_edge=False)
    speakers.add_column("speaker", no_wrap=True)
    speakers.add_column("kind")
    speakers.add_column("statements", justify="right")
    for name, kind, n in summary.speakers[:12]:
        speakers.add_row(name, kind, str(n))
    return Group(headline, speakers, Text.assemble(("Stance: ", "bold"), f"on {summary.question}: {stances}"))


# The map table shows the actors with most statements; the rest are one command away.
MAP_ROWS = 15


def render_map(question: Question, actors: list[dict[str, Any]]) -> RenderableType:
    table = Table(title=f"Map: {question.text}", title_justify="left", show_edge=False)
    for column in ("actor", "stance", "statements", "first", "last", "changes"):
        table.add_column(column, justify="right" if column == "statements" else "left", no_wrap=column != "changes")
    for actor in actors[:MAP_ROWS]:
        stance = actor["stance"] + (" (conditional)" if actor["conditional"] else "")
        changes = "; ".join(f"{c['from']} -> {c['to']} ({c['date'] or 'undated'})" for c in actor["changes"])
        table.add_row(
            actor["actor"], stance, str(actor["statements"]), actor["first"] or "", actor["last"] or "", changes
        )
    if len(actors) <= MAP_ROWS:
        return table
    more = Text(
        f"... and {len(actors) - MAP_ROWS} more actors with fewer statements "
        f"(`stancemap map --question ... --db ...` prints them all, with evidence)",
        style="dim",
    )
    return Group(table, more)


def _outlet_week_table(summary: IngestSummary) -> Table:
    table = Table(title="Articles stored, per outlet and week", title_justify="left", show_edge=False)
    weeks = summary.weeks
    table.add_column("outlet (week of)", no_wrap=True)
    for week in weeks:
        table.add_column(week.label if week else "undated", justify="right", no_wrap=True)
    table.add_column("total", justify="right", style="bold", no_wrap=True)
    for outlet in summary.outlets:
        counts = [summary.per_outlet_week.get((outlet, week), 0) for week in weeks]
        table.add_row(outlet, *(str(n) if n else "·" for n in counts), str(sum(counts)))
    totals = [sum(n for (_, w), n in summary.per_outlet_week.items() if w == week) for week in weeks]
    table.add_row("all", *(str(n) for n in totals), str(sum(totals)), style="bold")
    return table


def _languages_line(summary: IngestSummary) -> Text:
    languages = ", ".join(f"{lang}: {n}" for lang, n in summary.languages.items())
    return Text(f"Languages read: {languages or 'none'} (only English goes on to the later stages)")
