"""`stancemap export --question Q.toml (--db FILE | --statements FILE) --format F [--out FILE]`: statements and
networks for the field's tools (CSV, JSONL, Parquet, DNA event list, GraphML, GEXF)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated

import typer

from stancemap.cli.app import app, stderr
from stancemap.cli.map import open_text
from stancemap.errors import InputError
from stancemap.mapping import exports, networks
from stancemap.mapping.statements import read_stanced
from stancemap.stance.questions import load_question
from stancemap.store import open_store, require_store
from stancemap.store.stances import iter_stanced

TABLES = ("csv", "jsonl", "parquet", "events")
GRAPHS = ("graphml", "gexf")
NETWORKS = ("two-mode", "congruence", "conflict")


def counted_rows(db: str, ids: list[str]) -> Iterator[networks.Coded]:
    """The statements of each question the store counts, streamed."""
    with open_store(db) as store:
        for qid in ids:
            for _, item in iter_stanced(store, qid, counted_only=True):
                yield qid, item


@app.command("export")
def export_cli(
    question: Annotated[list[Path], typer.Option("--question", help="Question file(s) (TOML); repeat for more.")],
    output_format: Annotated[str, typer.Option("--format", help=f"One of {', '.join(TABLES + GRAPHS)}.")],
    db: Annotated[str | None, typer.Option("--db", help="Export from this store (file or postgresql:// URL).")] = None,
    statements: Annotated[
        str | None, typer.Option("--statements", help="Export statements with stances from this JSONL (- stdin).")
    ] = None,
    out: Annotated[str, typer.Option("--out", help="Output file (- for stdout; Parquet needs a file).")] = "-",
    network: Annotated[str, typer.Option("--network", help="two-mode, congruence or conflict.")] = "congruence",
    normalization: Annotated[
        str, typer.Option("--normalization", help="none, average, jaccard or cosine (one-mode).")
    ] = "none",
    duplicates: Annotated[str, typer.Option("--duplicates", help="Count once per: none, article, week, month.")] = (
        "none"
    ),
    window: Annotated[int, typer.Option("--window", min=1, help="GEXF: days per time window.")] = 28,
    step: Annotated[int, typer.Option("--step", min=1, help="GEXF: days between window starts.")] = 7,
) -> None:
    """Write statements (flat, every attribute) or a discourse network in a format other tools open."""
    if output_format not in TABLES + GRAPHS:
        raise InputError(f"--format must be one of {', '.join(TABLES + GRAPHS)}, not {output_format!r}")
    if network not in NETWORKS:
        raise InputError(f"--network must be one of {', '.join(NETWORKS)}, not {network!r}")
    if normalization not in networks.NORMALIZATIONS:
        raise InputError(f"--normalization must be one of {', '.join(networks.NORMALIZATIONS)}")
    if duplicates not in networks.DUPLICATES:
        raise InputError(f"--duplicates must be one of {', '.join(networks.DUPLICATES)}")
    if (db is None) == (statements is None):
        raise InputError("give --db FILE or --statements FILE")
    if db is not None:
        require_store(db)
    if output_format in ("parquet", *GRAPHS) and out == "-":
        raise InputError(f"--format {output_format} needs --out FILE")
    ids = [load_question(q).id for q in question]

    def rows() -> Iterator[exports.Row]:
        if db is not None:
            with open_store(db) as store:
                for qid in ids:
                    for number, item in iter_stanced(store, qid):
                        yield number, qid, item
        else:
            for qid in ids:
                with open_text(statements or "-") as lines:
                    for item in read_stanced(lines, qid, statements or "-"):
                        yield None, qid, item

    if output_format == "parquet":
        try:
            written = exports.write_parquet(rows(), out)
        except ImportError as e:
            raise InputError("Parquet export needs pyarrow: pip install 'stancemap[parquet]'") from e
    elif output_format in GRAPHS:
        # A network counts each story once per actor: the store has marked those; from a file, `counting` picks them.
        if db is not None:
            coded: Iterable[networks.Coded] = counted_rows(db, ids)
        else:
            coded = networks.counting((qid, item) for _, qid, item in rows())
        if output_format == "gexf":
            kind = "congruence" if network == "two-mode" else network
            graph = networks.dynamic_network(coded, window, step, kind, normalization, duplicates)
            exports.write_gexf(graph, out)
        else:
            graph = (
                networks.two_mode(coded, duplicates)
                if network == "two-mode"
                else networks.one_mode(coded, network, normalization, duplicates)
            )
            exports.write_graphml(graph, out)
        stderr.print(f"export: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} ties -> {out}", markup=False)
        return
    else:
        writer = {"csv": exports.write_csv, "jsonl": exports.write_jsonl, "events": exports.write_events}[output_format]
        if out == "-":
            written = writer(rows(), sys.stdout)
        else:
            try:
                with open(out, "w", encoding="utf-8", newline="") as handle:
                    written = writer(rows(), handle)
            except OSError as e:
                raise InputError(f"cannot write: {e.strerror or e}", out) from e
    stderr.print(f"export: {written} statements -> {out}", markup=False)
