"""Exports for the field's tools: statements as flat CSV, JSONL and Parquet; networks as GraphML and GEXF; a
DNA-style event list. Every writer takes an iterator and writes as it goes, so a store of any size exports in
bounded memory (networks hold one node per actor and one tie per pair, not the statements).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import networkx as nx

from stancemap.mapping.statements import StancedStatement

# (row id or None, question id, statement)
Row = tuple[int | None, str, StancedStatement]

# Every attribute of a statement and its stance, flat, in this order (docs/export.md).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("statement", "int"),
    ("question", "str"),
    ("article", "str"),
    ("story", "str"),
    ("copy", "bool"),
    ("speaker", "str"),
    ("speaker_kind", "str"),
    ("anonymous", "bool"),
    ("kind", "str"),
    ("role", "str"),
    ("date", "str"),
    ("content", "str"),
    ("content_start", "int"),
    ("content_end", "int"),
    ("speaker_mention", "str"),
    ("speaker_mention_start", "int"),
    ("speaker_mention_end", "int"),
    ("cue", "str"),
    ("cue_start", "int"),
    ("cue_end", "int"),
    ("label", "str"),
    ("score", "float"),
    ("conditional", "bool"),
    ("reported_from", "str"),
    ("reported_to", "str"),
)
# Rows per Parquet row group: the writer holds one group at a time.
PARQUET_BATCH = 50_000


def flat(row: Row) -> dict[str, Any]:
    """One statement as a flat record (None where a field is absent)."""
    number, question, item = row
    s = item.statement
    mention, cue = s.speaker_mention, s.cue
    return {
        "statement": number,
        "question": question,
        "article": s.article,
        "story": item.story,
        "copy": item.is_copy,
        "speaker": s.speaker,
        "speaker_kind": s.speaker_kind,
        "anonymous": s.anonymous,
        "kind": s.kind,
        "role": s.role,
        "date": s.date,
        "content": s.content.text,
        "content_start": s.content.start,
        "content_end": s.content.end,
        "speaker_mention": mention.text if mention else None,
        "speaker_mention_start": mention.start if mention else None,
        "speaker_mention_end": mention.end if mention else None,
        "cue": cue.text if cue else None,
        "cue_start": cue.start if cue else None,
        "cue_end": cue.end if cue else None,
        "label": item.stance.label,
        "score": item.stance.score,
        "conditional": item.stance.conditional,
        "reported_from": item.reported[0] if item.reported else None,
        "reported_to": item.reported[1] if item.reported else None,
    }


def write_csv(rows: Iterable[Row], out: IO[str]) -> int:
    """Flat CSV with a header (empty cells for absent values, booleans as true/false); returns rows written."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([name for name, _ in COLUMNS])
    n = 0
    for row in rows:
        record = flat(row)
        writer.writerow(["" if v is None else str(v).lower() if isinstance(v, bool) else v for v in record.values()])
        n += 1
    return n


def write_jsonl(rows: Iterable[Row], out: IO[str]) -> int:
    """The `stancemap stance` format (CONTRACT), plus `statement`, `story` and `reported_change`: it reads back
    into `stancemap map --statements`."""
    n = 0
    for number, question, item in rows:
        record: dict[str, Any] = {"statement": number, **item.statement.to_json(), "story": item.story}
        record["stance"] = {question: item.stance.to_json()}
        if item.reported:
            record["reported_change"] = {"from": item.reported[0], "to": item.reported[1]}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_parquet(rows: Iterable[Row], path: str | Path) -> int:
    """Flat Parquet with typed columns, PARQUET_BATCH rows per row group. Needs pyarrow (`pip install
    stancemap[parquet]`); ImportError otherwise."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"int": pa.int64(), "str": pa.string(), "bool": pa.bool_(), "float": pa.float64()}
    schema = pa.schema([(name, types[kind]) for name, kind in COLUMNS])
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        for batch in _batches((flat(r) for r in rows), PARQUET_BATCH):
            columns = {name: [record[name] for record in batch] for name, _ in COLUMNS}
            writer.write_table(pa.table(columns, schema=schema))
            n += len(batch)
    return n


def write_events(rows: Iterable[Row], out: IO[str]) -> int:
    """A DNA-style event list: one row per statement with its time, document, actor, concept (the question) and
    agreement (1 support, 0 oppose, empty for neutral), then the qualifier, conditional flag and text."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "statement_id",
            "time",
            "document_id",
            "actor",
            "actor_kind",
            "concept",
            "agreement",
            "qualifier",
            "conditional",
            "copy",
            "text",
        ]
    )
    n = 0
    for number, question, item in rows:
        s = item.statement
        agreement = {"support": 1, "oppose": 0}.get(item.stance.label, "")
        writer.writerow(
            [
                number if number is not None else "",
                s.date or "",
                s.article,
                item.actor or "",
                s.speaker_kind,
                question,
                agreement,
                item.stance.label,
                str(item.stance.conditional).lower(),
                str(item.is_copy).lower(),
                s.content.text,
            ]
        )
        n += 1
    return n


def write_graphml(graph: nx.Graph, path: str | Path) -> None:
    """GraphML with typed attributes (Gephi, visone, yEd); absent values are left out rather than written null."""
    nx.write_graphml(_without_none(graph), str(path), named_key_ids=True)


def write_gexf(graph: nx.Graph, path: str | Path) -> None:
    """GEXF 1.2; a graph built by `networks.dynamic_network` is written with `mode="dynamic"`, spells and dynamic
    attribute values, so Gephi's timeline plays it."""
    nx.write_gexf(_without_none(graph), str(path), version="1.2draft")


def _without_none(graph: nx.Graph) -> nx.Graph:
    copy = graph.copy()
    for _, data in copy.nodes(data=True):
        for key in [k for k, v in data.items() if v is None]:
            del data[key]
    for _, _, data in copy.edges(data=True):
        for key in [k for k, v in data.items() if v is None]:
            del data[key]
    return copy


def _batches(records: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
