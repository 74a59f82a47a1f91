"""Time series per actor from the example corpus's gold statements."""

from __future__ import annotations

import pytest
from gold_map import gold_stanced

from stancemap.mapping.positions import counted
from stancemap.mapping.timeseries import period_start, timeseries


def test_timeseries_weeks_follow_vey_from_opposition_to_support() -> None:
    gold_statements = gold_stanced()
    vey = timeseries(gold_statements, "week")["Katrin Vey"]
    assert [(p.start, p.support, p.oppose, p.neutral) for p in vey] == [
        ("2026-02-02", 0, 4, 0),
        ("2026-02-09", 0, 2, 0),
        ("2026-02-16", 0, 1, 1),
        ("2026-02-23", 0, 4, 1),
        ("2026-03-09", 3, 0, 1),
    ]
    assert vey[0].net == -1.0 and vey[-1].net == 1.0


def test_timeseries_months_count_each_story_once() -> None:
    gold_statements = gold_stanced()
    series = timeseries(gold_statements, "month")
    reyle = series["Tomas Reyle"]
    assert [p.start for p in reyle] == ["2026-02-01", "2026-03-01"]
    dated = [s for s in gold_statements if s.actor == "Tomas Reyle" and s.statement.date and not s.is_copy]
    assert sum(p.support + p.oppose + p.neutral for p in reyle) == len(dated) == 26
    assert series["Mara Quist"][0].to_json()["net"] is None


def test_timeseries_counts_a_story_once_through_a_copy_when_the_original_is_missing() -> None:
    copied = {s.story for s in gold_stanced() if s.is_copy}
    items = [s for s in gold_stanced() if s.statement.article not in copied]
    reyle = timeseries(items, "month")["Tomas Reyle"]
    dated = [s for s in counted(items) if s.actor == "Tomas Reyle" and s.statement.date]
    assert sum(p.support + p.oppose + p.neutral for p in reyle) == len(dated) == 26


def test_timeseries_period_start_rejects_unknown_periods() -> None:
    assert period_start("2026-03-01", "week") == "2026-02-23"
    with pytest.raises(ValueError, match="period must be"):
        period_start("2026-03-01", "day")
