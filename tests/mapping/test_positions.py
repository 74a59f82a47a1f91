"""Positions: the example corpus's map exactly as its gold says, and the rules one case at a time."""

from __future__ import annotations

from gold_map import GOLD, QUESTION_ID, gold_stanced

from stancemap.mapping.positions import positions
from stancemap.mapping.statements import StancedStatement
from stancemap.records import Span, Stance, Statement

CONTRACT_KEYS = ["actor", "kind", "stance", "conditional", "statements", "first", "last", "evidence", "changes"]


def test_positions_example_corpus_map_is_the_gold() -> None:
    gold_statements = gold_stanced()
    found = [p.to_json() for p in positions(gold_statements, QUESTION_ID)]
    assert [list(p) for p in found] == [CONTRACT_KEYS] * len(found)
    assert [{k: v for k, v in p.items() if k != "evidence"} for p in found] == GOLD["actors"]


def test_positions_evidence_lists_copies_as_sources_and_puts_the_stance_first() -> None:
    gold_statements = gold_stanced()
    vey = next(p for p in positions(gold_statements, QUESTION_ID, evidence=40) if p.actor == "Katrin Vey")
    assert [e.label for e in vey.evidence[:3]] == ["support"] * 3
    assert vey.evidence[-1].label == "neutral"
    assert len(vey.evidence) == vey.statements
    letter = next(e for e in vey.evidence if e.content.startswith("she backed the letter"))
    assert letter.article == "98587b75-3927-564e-b4cd-87581eeeba01"
    assert letter.sources == ("herald-2026-02-13-mps-letter-scraped",)


def test_positions_as_of_a_date_shows_the_stance_then() -> None:
    gold_statements = gold_stanced()
    before = {p.actor: p for p in positions(gold_statements, QUESTION_ID, as_of="2026-03-01")}
    assert before["Katrin Vey"].stance == "oppose" and before["Katrin Vey"].conditional
    assert before["Katrin Vey"].changes == ()
    assert before["Elin Dahr"].stance == "neutral"
    assert "Aron Fell" in before and before["Aron Fell"].last is not None and before["Aron Fell"].last <= "2026-03-01"


def _said(
    speaker: str, date: str | None, label: str, order: int, conditional: bool = False, **kw: object
) -> StancedStatement:
    statement = Statement(kw.get("article", f"a{order}"), Span("x", 0, 1), "direct", speaker, "person", date=date)  # type: ignore[arg-type]
    return StancedStatement(statement, Stance(label, 0.9, conditional), str(kw.get("story", statement.article)), order)


def test_positions_disagreeing_current_statements_are_mixed() -> None:
    found = positions(
        [
            _said("A", "2026-01-01", "oppose", 0),
            _said("A", "2026-01-05", "support", 1),
            _said("A", "2026-01-05", "oppose", 2, conditional=True),
        ],
        "q",
    )
    assert (found[0].stance, found[0].conditional) == ("mixed", True)
    assert [c.to_json() for c in found[0].changes] == []


def test_positions_observed_flips_and_neutral_statements() -> None:
    found = positions(
        [
            _said("A", "2026-01-01", "neutral", 0),
            _said("A", "2026-01-02", "support", 1),
            _said("A", "2026-01-03", "neutral", 2),
            _said("A", "2026-01-04", "oppose", 3),
            _said("A", None, "support", 4),
        ],
        "q",
    )[0]
    assert found.stance == "oppose" and found.statements == 5
    assert [c.to_json() for c in found.changes] == [
        {"from": "support", "to": "oppose", "date": "2026-01-04", "article": "a3"}
    ]
    assert (found.first, found.last) == ("2026-01-01", "2026-01-04")


def test_positions_conditional_support_is_kept_distinct() -> None:
    found = positions([_said("A", "2026-01-01", "support", 0), _said("B", "2026-01-01", "support", 1, True)], "q")
    assert {p.actor: p.conditional for p in found} == {"A": False, "B": True}


def test_positions_a_copy_counts_once() -> None:
    found = positions(
        [
            _said("A", "2026-01-01", "oppose", 0, article="wire"),
            _said("A", "2026-01-01", "oppose", 1, article="copy", story="wire"),
        ],
        "q",
    )[0]
    assert found.statements == 1
    assert [(e.article, e.sources) for e in found.evidence] == [("wire", ("copy",))]
