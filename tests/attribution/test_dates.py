from datetime import date

import pytest

from stancemap.attribution.dates import find_dates, resolve_date

THURSDAY = "2024-03-14"  # Thursday 14 March 2024


@pytest.mark.parametrize(
    "text, expected",
    [
        # Bare weekdays: the most recent such day on or before the article date.
        ("The minister said on Monday that talks had stalled.", "2024-03-11"),
        ("she told reporters on Thursday", "2024-03-14"),
        ("He said on Friday", "2024-03-08"),
        ("the senators wrote on Sunday", "2024-03-10"),
        ("Officials said Wednesday night", "2024-03-13"),
        ("said Tuesday morning", "2024-03-12"),
        ("said this Monday", "2024-03-11"),
        # Qualified weekdays.
        ("last Thursday, she wrote", "2024-03-07"),
        ("last Monday", "2024-03-11"),
        ("this past Thursday", "2024-03-07"),
        ("will speak next Monday", "2024-03-18"),
        ("this coming Thursday", "2024-03-21"),
        # Days next to the article date.
        ("he said today", "2024-03-14"),
        ("in a speech tonight", "2024-03-14"),
        ("told the BBC this morning", "2024-03-14"),
        ("said yesterday", "2024-03-13"),
        ("said last night", "2024-03-13"),
        # Coarse periods: their first day.
        ("last week", "2024-03-04"),
        ("earlier this week", "2024-03-11"),
        ("last month", "2024-02-01"),
        ("earlier this month", "2024-03-01"),
        ("last year", "2023-01-01"),
        ("earlier this year", "2024-01-01"),
        ("In February, she said", "2024-02-01"),
        ("in mid-March", "2024-03-01"),
        ("in May", "2023-05-01"),  # the most recent May
        ("in May 2022", "2022-05-01"),
        # Explicit dates, with and without a year.
        ("on March 3", "2024-03-03"),
        ("on 3 March 2024", "2024-03-03"),
        ("on March 3, 2024", "2024-03-03"),
        ("on Mar. 3", "2024-03-03"),
        ("on Sept. 9, 2015", "2015-09-09"),
        ("on the 3rd of March", "2024-03-03"),
        ("on Tuesday, March 5", "2024-03-05"),
        ("on Tuesday 5 March", "2024-03-05"),
        ("published 2023-11-30", "2023-11-30"),
        ("on March 16", "2024-03-16"),  # two days ahead: an announced speech, still this year
        ("on March 20", "2023-03-20"),  # too far ahead to be this year's
        ("on Dec. 30", "2023-12-30"),
        ("Today, the senator said", "2024-03-14"),
        # Nothing to resolve.
        ("a USA TODAY analysis found", None),
        ("Russia Today programming", None),
        ("The minister said the talks had stalled.", None),
        ("They may march 3 miles to the capital.", None),
        ("in March 2016 polls", "2016-03-01"),
        ("a rise of 4 percent", None),
        ("on February 30", None),
    ],
)
def test_dates_resolve_against_a_thursday_article(text: str, expected: str | None):
    assert resolve_date(text, THURSDAY) == expected


@pytest.mark.parametrize(
    "text, article_date, expected",
    [
        ("on Dec. 30", "2024-01-02", "2023-12-30"),
        ("on Jan. 2", "2023-12-31", "2024-01-02"),  # two days ahead across the new year
        ("on Feb. 29", "2024-03-14", "2024-02-29"),
        ("on Feb. 29", "2025-03-14", "2024-02-29"),  # no 29 February in 2025: the last leap year's
        ("last month", "2024-01-10", "2023-12-01"),
        ("last week", "2024-03-11", "2024-03-04"),  # a Monday article: the Monday a week before
        ("on Monday", "2024-03-11", "2024-03-11"),
        ("on Sunday", "2024-03-11", "2024-03-10"),
    ],
)
def test_dates_edges_of_weeks_months_and_years(text: str, article_date: str, expected: str):
    assert resolve_date(text, article_date) == expected


def test_dates_accepts_a_date_object():
    assert resolve_date("said on Monday", date(2024, 3, 14)) == "2024-03-11"


@pytest.mark.parametrize("article_date", [None, "", "not a date"])
def test_dates_relative_expressions_need_an_article_date(article_date: str | None):
    assert resolve_date("said on Monday", article_date) is None
    assert resolve_date("on March 3, 2024", article_date) == "2024-03-03"


def test_dates_find_all_with_offsets_and_granularity():
    text = "Last week the board met; on Tuesday, March 5 its chair said yesterday's vote was void."
    found = find_dates(text, THURSDAY)
    assert [(m.text, m.date, m.granularity) for m in found] == [
        ("Last week", "2024-03-04", "week"),
        ("Tuesday, March 5", "2024-03-05", "day"),
        ("yesterday", "2024-03-13", "day"),
    ]
    for m in found:
        assert text[m.start : m.end] == m.text


def test_dates_first_expression_wins():
    assert resolve_date("said on Monday that the vote last year was rigged", THURSDAY) == "2024-03-11"
