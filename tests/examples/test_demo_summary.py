"""The demo's summary helpers: which outlet and which week an article is counted under."""

from __future__ import annotations

from stancemap.examples.demo import NO_OUTLET, outlet_of, week_of
from stancemap.records import Article


def test_demo_outlet_is_site_then_url_host() -> None:
    assert outlet_of(Article(id="a", text="x", site="The Saldon Courier", url="https://x.example/a")) == (
        "The Saldon Courier"
    )
    assert outlet_of(Article(id="a", text="x", url="https://www.dailypost.example/p")) == "dailypost.example"
    assert outlet_of(Article(id="a", text="x")) == NO_OUTLET


def test_demo_weeks_are_iso_weeks_labelled_by_monday() -> None:
    week = week_of("2026-02-19")
    assert week is not None and (week.year, week.number, week.label) == (2026, 8, "16 Feb")
    assert week_of("2026-02-16") == week and week_of("2026-02-23") != week
    assert week_of(None) is None and week_of("19.02.2026") is None
