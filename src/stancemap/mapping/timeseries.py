"""Time series per actor: how many statements on each side per week or month, and the net stance."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from typing import Any

from stancemap.mapping.positions import counted
from stancemap.mapping.statements import StancedStatement

PERIODS = ("week", "month")


@dataclass(frozen=True, slots=True)
class Point:
    """One actor's statements in one period (`start`: the Monday of the ISO week, or the 1st of the month).

    `net` is (support - oppose) / (support + oppose), in [-1, 1]; None when the actor took no side that period.
    """

    actor: str
    start: str
    support: int
    oppose: int
    neutral: int

    @property
    def net(self) -> float | None:
        sided = self.support + self.oppose
        return None if sided == 0 else (self.support - self.oppose) / sided

    def to_json(self) -> dict[str, Any]:
        net = self.net
        return {
            "start": self.start,
            "support": self.support,
            "oppose": self.oppose,
            "neutral": self.neutral,
            "net": None if net is None else round(net, 4),
        }


def period_start(day: str, period: str) -> str:
    """The first day of the week (Monday) or month that holds ISO date `day`."""
    d = Date.fromisoformat(day)
    if period == "week":
        return (d - timedelta(days=d.weekday())).isoformat()
    if period == "month":
        return d.replace(day=1).isoformat()
    raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")


def timeseries(statements: Iterable[StancedStatement], period: str = "week") -> dict[str, list[Point]]:
    """Per actor, its dated statements counted per period, in time order: each story once per actor, as the map
    counts it (`positions.counted`); undated statements left out."""
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {"support": 0, "oppose": 0, "neutral": 0})
    for item in counted(statements):
        actor, day = item.actor, item.statement.date
        if actor is None or day is None:
            continue
        counts[(actor, period_start(day, period))][item.stance.label] += 1
    series: dict[str, list[Point]] = defaultdict(list)
    for (actor, start), c in sorted(counts.items()):
        series[actor].append(Point(actor, start, c["support"], c["oppose"], c["neutral"]))
    return dict(series)
