"""When a statement was made: relative and explicit date expressions resolved against the article's date.

Conventions (news usage; docs/design/attribution.md says why):
- A bare weekday ("on Monday", "Monday night", "this Monday") is the most recent such day on or before the article
  date: "on Thursday" in a Thursday article is that day, "on Friday" in it six days earlier. "last Monday" and
  "this past Monday" are strictly before the article date; "next Monday" and "this coming Monday" strictly after.
- "today", "tonight", "this morning" are the article date; "yesterday" and "last night" the day before.
- Coarse periods resolve to their first day and say so in `granularity`: "last week" is the Monday of the week
  before the article's (ISO weeks, Monday first), "this week"/"earlier this week" that week's Monday, "last month"/
  "earlier this month" the first of that month, "in March" the first of the most recent March, "last year"/
  "earlier this year" 1 January.
- Explicit dates: "March 3", "3 March", "Mar. 3, 2024", "3rd of March 2024", "Tuesday, March 5", "2024-03-05".
  Without a year, the latest year that puts the day no more than `FUTURE_DAYS` after the article date.
Month and weekday names count only when capitalised, so "march" and "may" the verbs are not dates; "Today"
counts only in lower case or at a sentence start, so "USA TODAY" and "Russia Today" are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

# A yearless date further than this past the article date is taken to be last year's ("Dec. 30" in a 2 January
# article); a few days allow for articles that announce what someone will say.
FUTURE_DAYS = 3

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS = {
    "iso": r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b",
    "month_day": rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?",
    "day_month": rf"\b(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?!\w)(?:,?\s+{_YEAR}\b)?",
    "in_month": rf"\b(?:(?:in|early|late)\s+|mid-?\s*){_MONTH}(?!\w)(?:\s+{_YEAR}\b)?",
    "today": r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b",
    "yesterday": r"\b(?:yesterday|last\s+night)\b",
    "week": r"\b(?P<which>last|this|earlier\s+this|later\s+this)\s+week\b",
    "month": r"\b(?P<which>last|this|earlier\s+this)\s+month\b",
    "year": r"\b(?P<which>last|this|earlier\s+this)\s+year\b",
    "weekday": rf"\b(?:(?P<which>last|next|this\s+coming|this\s+past|this)\s+)?{_WEEKDAY}\b",
}
_COMPILED = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in _PATTERNS.items()}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression in a text: its words, where they are, the day they mean and how precise that is."""

    text: str
    start: int
    end: int
    date: str  # ISO; the first day of the period for coarse expressions
    granularity: str  # "day" | "week" | "month" | "year"


def resolve_date(text: str, article_date: date | str | None) -> str | None:
    """The ISO date the first date expression in `text` means, or None (no expression, or no article date
    for a relative one)."""
    mentions = find_dates(text, article_date)
    return mentions[0].date if mentions else None


def find_dates(text: str, article_date: date | str | None) -> list[DateMention]:
    """Every date expression in `text` that can be resolved, in text order, none overlapping another."""
    anchor = _as_date(article_date)
    found: list[DateMention] = []
    for kind, regex in _COMPILED.items():
        for m in regex.finditer(text):
            resolved = _resolve(kind, m, anchor)
            if resolved is not None:
                found.append(DateMention(m.group(0), m.start(), m.end(), resolved[0].isoformat(), resolved[1]))
    # Where expressions overlap ("Tuesday, March 5" holds "Tuesday") the earliest, then the longest, stands.
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[DateMention] = []
    for mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _capitalised(m: re.Match[str], group: str) -> bool:
    word = m.groupdict().get(group)
    return word is None or not word[0].isalpha() or word[0].isupper()


def _resolve(kind: str, m: re.Match[str], anchor: date | None) -> tuple[date, str] | None:
    if not (_capitalised(m, "month") and _capitalised(m, "weekday")):
        return None
    groups = m.groupdict()
    if kind in ("iso", "month_day", "day_month"):
        month = int(groups["month"]) if kind == "iso" else MONTHS[groups["month"].lower()]
        return _explicit(int(groups["day"]), month, groups["year"], anchor)
    if kind == "in_month":
        return _explicit(1, MONTHS[groups["month"].lower()], groups["year"], anchor, granularity="month")
    if anchor is None:
        return None
    which = re.sub(r"\s+", " ", (groups.get("which") or "").lower())
    if kind == "today":
        # "USA TODAY", "Russia Today": capitalised mid-sentence it is a name, not a day.
        if m.group(0)[0].isupper() and m.string[: m.start()].rstrip()[-1:] not in ("", ".", "!", "?", '"', "“", "”"):
            return None
        return anchor, "day"
    if kind == "yesterday":
        return anchor - timedelta(days=1), "day"
    if kind == "week":
        monday = anchor - timedelta(days=anchor.weekday())
        return (monday - timedelta(days=7) if which == "last" else monday), "week"
    if kind == "month":
        first = anchor.replace(day=1)
        return ((first - timedelta(days=1)).replace(day=1) if which == "last" else first), "month"
    if kind == "year":
        return date(anchor.year - (which == "last"), 1, 1), "year"
    # A weekday.
    back = (anchor.weekday() - WEEKDAYS.index(groups["weekday"].lower())) % 7
    if which in ("next", "this coming"):
        return anchor + timedelta(days=7 - back), "day"
    if which in ("last", "this past") and back == 0:
        back = 7
    return anchor - timedelta(days=back), "day"


def _explicit(
    day: int, month: int, year: str | None, anchor: date | None, granularity: str = "day"
) -> tuple[date, str] | None:
    if year is not None:
        try:
            return date(int(year), month, day), granularity
        except ValueError:
            return None
    if anchor is None:
        return None
    for candidate_year in (anchor.year + 1, anchor.year, anchor.year - 1):
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            continue  # 29 February outside a leap year, 31 April
        if granularity == "month":
            # "in March" in a mid-March article is this March: compare the month, not its first day.
            if (candidate_year, month) <= (anchor.year, anchor.month):
                return candidate, granularity
        elif candidate <= anchor + timedelta(days=FUTURE_DAYS):
            return candidate, granularity
    return None
