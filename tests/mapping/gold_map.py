"""The example corpus's gold statements as map input: what a perfect extract + stance run would hand the map."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from stancemap.examples import EXAMPLES, EXPECTED
from stancemap.mapping.shifts import reported_shift, sentence_around
from stancemap.mapping.statements import StancedStatement, stanced_from_json

GOLD: dict[str, Any] = json.loads(EXPECTED.read_text(encoding="utf-8"))
QUESTION_ID: str = GOLD["question"]


def gold_records() -> list[dict[str, Any]]:
    """Gold statements as `stancemap stance` records: German articles left out (ingest skips them), copies marked
    with `story`, and each reported shift found by `reported_shift` in the statement's sentence (not read from the
    gold's own `reported_change`, so the detector is tested too)."""
    records = []
    for article in GOLD["articles"]:
        if article["language"] != "en":
            continue
        text = (EXAMPLES / article["file"]).read_text(encoding="utf-8")
        for gold in article["statements"]:
            record = {k: v for k, v in gold.items() if k not in ("stance", "reported_change", "note", "date_basis")}
            record["article"] = article["article"]
            record["stance"] = {QUESTION_ID: {**gold["stance"], "score": 1.0}}
            if "copy_of" in article:
                record["story"] = article["copy_of"]
            for name in ("content", "speaker_mention", "cue"):
                span = record.get(name)
                if span is not None and "start" not in span:
                    # Non-.txt gold gives span text only (its offsets belong to the cleaner): find it in the source.
                    start = max(text.find(span["text"]), 0)
                    record[name] = {**span, "start": start, "end": start + len(span["text"])}
            start = record["content"]["start"]
            shift = reported_shift(sentence_around(text, start, record["content"]["end"]), gold["stance"]["label"])
            if shift is not None:
                record["reported_change"] = {"from": shift[0], "to": shift[1]}
            records.append(record)
    return records


@cache
def gold_stanced() -> tuple[StancedStatement, ...]:
    found = [stanced_from_json(r, QUESTION_ID, order) for order, r in enumerate(gold_records())]
    return tuple(s for s in found if s is not None)
