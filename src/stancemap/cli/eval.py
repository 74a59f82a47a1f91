"""`stancemap eval polnear|speakers`: score extract output against the shared gold sets (tables on stderr, JSON on
stdout)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from stancemap.attribution.evaluate import (
    PolnearScores,
    read_predictions,
    read_speaker_labels,
    score_polnear,
    score_speakers,
)
from stancemap.attribution.polnear import read_split
from stancemap.cli.app import app, settings, stderr, warn

eval_app = typer.Typer(help="Score extract output against gold data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

Predictions = Annotated[
    Path, typer.Option("--predictions", "-p", help="Statements as `stancemap extract` writes them (JSONL).")
]


@eval_app.command("polnear")
def polnear(
    split_dir: Annotated[Path, typer.Argument(help="A PolNeAR split folder with text/ and attributions/.")],
    predictions: Predictions,
) -> None:
    """Exact-match and token-overlap P/R/F1 of source, cue and content on a PolNeAR split."""
    gold = read_split(split_dir)
    scores = score_polnear(gold, read_predictions(predictions))
    if scores.unknown_articles:
        warn(f"{scores.unknown_articles} statements name articles that {split_dir} does not have (not scored)")
    stderr.print(_table(scores, split_dir))
    typer.echo(json.dumps({"split": str(split_dir), **scores.to_json()}))


@eval_app.command("speakers")
def speakers(
    predictions: Predictions,
    labels: Annotated[
        Path | None, typer.Option(help="Speaker labels; default SHARED/data/stance-dev/labels.jsonl.")
    ] = None,
    split_dir: Annotated[
        Path | None, typer.Option("--split", help="The labelled PolNeAR split; default SHARED/data/polnear/dev.")
    ] = None,
) -> None:
    """Speaker-resolution accuracy on the stance-dev labels, pronoun sources apart."""
    data = settings().shared / "data"
    labels = labels or data / "stance-dev" / "labels.jsonl"
    split_dir = split_dir or data / "polnear" / "dev"
    scores = score_speakers(read_speaker_labels(labels), split_dir, read_predictions(predictions))
    table = Table(title=f"speaker resolution ({labels.name})")
    for column in ("sources", "right", "scored", "accuracy"):
        table.add_column(column, justify="right" if column != "sources" else "left")
    table.add_row("all", str(scores.right), str(scores.scored), f"{scores.accuracy:.3f}")
    table.add_row("pronouns", str(scores.pronoun_right), str(scores.pronoun), f"{scores.pronoun_accuracy:.3f}")
    stderr.print(table)
    typer.echo(json.dumps({"labels": str(labels), **scores.to_json()}))


def _table(scores: PolnearScores, split_dir: Path) -> Table:
    table = Table(
        title=f"PolNeAR {split_dir.name}: {scores.articles_with_output}/{scores.articles} articles with output"
    )
    for column in ("role", "match", "P", "R", "F1", "gold"):
        table.add_column(column, justify="left" if column in ("role", "match") else "right")
    for match, rows in (("exact", scores.exact), ("token", scores.token)):
        for s in rows:
            table.add_row(
                s.role, match, f"{100 * s.precision:.1f}", f"{100 * s.recall:.1f}", f"{100 * s.f1:.1f}", str(s.gold)
            )
    return table
