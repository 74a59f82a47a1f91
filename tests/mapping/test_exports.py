"""Exports re-read by the tools that read them: csv, networkx (GraphML, GEXF), pyarrow (Parquet)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
from gold_map import QUESTION_ID, gold_stanced

from stancemap.mapping import exports, networks
from stancemap.mapping.statements import read_stanced


def _rows() -> list[exports.Row]:
    return [(n, QUESTION_ID, item) for n, item in enumerate(gold_stanced(), start=1)]


def test_exports_csv_has_every_attribute() -> None:
    out = io.StringIO()
    assert exports.write_csv(_rows(), out) == len(gold_stanced())
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == [name for name, _ in exports.COLUMNS]
    assert len(rows) == len(gold_stanced())
    first = gold_stanced()[0].statement
    assert rows[0]["content"] == first.content.text and int(rows[0]["content_start"]) == first.content.start
    assert rows[0]["speaker"] == "Tomas Reyle" and rows[0]["copy"] == "false" and rows[0]["label"] == "support"
    vey_shift = next(r for r in rows if r["reported_to"])
    assert (vey_shift["speaker"], vey_shift["reported_from"], vey_shift["reported_to"]) == (
        "Katrin Vey",
        "oppose",
        "support",
    )
    assert sum(r["copy"] == "true" for r in rows) == sum(s.is_copy for s in gold_stanced()) > 0


def test_exports_jsonl_reads_back_into_the_map() -> None:
    out = io.StringIO()
    exports.write_jsonl(_rows(), out)
    back = list(read_stanced(out.getvalue().splitlines(), QUESTION_ID, "export.jsonl"))
    assert [(b.statement, b.stance, b.story, b.reported) for b in back] == [
        (g.statement, g.stance, g.story, g.reported) for g in gold_stanced()
    ]


def test_exports_parquet_is_typed_and_complete(tmp_path: Path) -> None:
    path = tmp_path / "statements.parquet"
    assert exports.write_parquet(_rows(), path) == len(gold_stanced())
    table = pq.read_table(path)
    assert table.num_rows == len(gold_stanced())
    assert table.schema.field("score").type == "double" and table.schema.field("conditional").type == "bool"
    assert table.schema.field("content_start").type == "int64"
    assert Counter(table.column("label").to_pylist()) == Counter(s.stance.label for s in gold_stanced())
    assert table.column("speaker_mention").to_pylist()[0] == "Industry Minister Tomas Reyle"
    assert table.column("statement").to_pylist() == list(range(1, len(gold_stanced()) + 1))


def test_exports_events_are_dna_style() -> None:
    out = io.StringIO()
    exports.write_events(_rows(), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0])[:7] == ["statement_id", "time", "document_id", "actor", "actor_kind", "concept", "agreement"]
    assert {r["agreement"] for r in rows} == {"1", "0", ""}
    assert all(r["concept"] == QUESTION_ID for r in rows)
    assert next(r for r in rows if r["actor"] == "Petra Holm" and r["conditional"] == "true")["agreement"] == "1"


@pytest.mark.parametrize("normalization", ["none", "jaccard"])
def test_exports_graphml_reads_back_with_typed_weights(tmp_path: Path, normalization: str) -> None:
    graph = networks.one_mode(networks.counting([(QUESTION_ID, s) for s in gold_stanced()]), "conflict", normalization)
    path = tmp_path / "conflict.graphml"
    exports.write_graphml(graph, path)
    back = nx.read_graphml(path)
    assert set(back.nodes) == set(graph.nodes)
    assert back.edges["Katrin Vey", "Tomas Reyle"]["weight"] == pytest.approx(
        graph.edges["Katrin Vey", "Tomas Reyle"]["weight"]
    )
    assert isinstance(back.nodes["Katrin Vey"]["statements"], float)
    assert 'attr.type="double"' in path.read_text(encoding="utf-8")


def test_exports_two_mode_graphml(tmp_path: Path) -> None:
    path = tmp_path / "two.graphml"
    exports.write_graphml(networks.two_mode(networks.counting([(QUESTION_ID, s) for s in gold_stanced()])), path)
    back = nx.read_graphml(path)
    assert back.nodes[QUESTION_ID]["type"] == "question"
    assert back.edges["Elin Dahr", QUESTION_ID]["support"] == 4.0


def test_exports_gexf_is_dynamic_with_spells(tmp_path: Path) -> None:
    graph = networks.dynamic_network(networks.counting([(QUESTION_ID, s) for s in gold_stanced()]), 14, 7)
    path = tmp_path / "debate.gexf"
    exports.write_gexf(graph, path)
    text = path.read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text and "<spells>" in text
    back = nx.read_gexf(path)
    assert back.graph["mode"] == "dynamic"
    dahr = back.nodes["Elin Dahr"]
    # Dahr first takes a side on 12 March: the two 14-day windows holding that day, laid from Mondays.
    assert dahr["spells"] == [("2026-03-02", "2026-03-16"), ("2026-03-09", "2026-03-23")]
    tie = back.edges["Katrin Vey", "Tomas Reyle"]
    assert tie["weight"] == max(w for w, _, _ in tie["window_weight"])
    vey = [v for v, _, _ in back.nodes["Katrin Vey"]["net"]]
    assert vey[0] == -1.0 and vey[-1] == 1.0
    first_window = min(s for s, _ in back.nodes["Tomas Reyle"]["spells"])
    assert first_window == "2026-01-26"  # the window of 26 Jan - 9 Feb holds the first statements (2 Feb)
