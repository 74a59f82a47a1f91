"""Positions: where each actor stands on a question as of a date, with its evidence and its changes.

The rules (docs/map.md): a story counts once per actor (the copy reporting most of its statements; the other
copies are listed as sources); an
actor's stance is what its latest dated non-neutral statements say (`mixed` when those disagree, `neutral` when it
never took a side); `conditional` when one of those statements attaches conditions; changes are observed flips
between the non-neutral stances of successive dates, plus the shifts the text reports.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace

from stancemap.mapping.statements import StancedStatement
from stancemap.records import Change, Evidence, Position

NEUTRAL = "neutral"
MIXED = "mixed"


def positions(
    statements: Iterable[StancedStatement],
    question: str,
    as_of: str | None = None,
    evidence: int = 3,
) -> list[Position]:
    """One Position per named actor, most statements first (then by name).

    `as_of` (ISO date) keeps only what was said by then; undated statements are then left out, since nobody can
    tell whether they came before it. `evidence` caps the statements listed per actor.
    """
    by_actor: dict[str, list[StancedStatement]] = defaultdict(list)
    for item in statements:
        actor = item.actor
        if actor is None:
            continue
        if as_of is not None and (item.statement.date is None or item.statement.date > as_of):
            continue
        by_actor[actor].append(item)
    found = [position(actor, items, question, evidence) for actor, items in by_actor.items()]
    found = [p for p in found if p.statements > 0]
    return sorted(found, key=lambda p: (-p.statements, p.actor))


def position(actor: str, items: list[StancedStatement], question: str, evidence: int = 3) -> Position:
    """The position of one actor from all its statements (copies included: they become sources)."""
    counted, copies = one_copy_per_story(items)
    counted.sort(key=_when)
    dates = [i.statement.date for i in counted if i.statement.date]
    stance, conditional = current_stance(counted)
    kinds = Counter(i.statement.speaker_kind for i in counted)
    return Position(
        actor=actor,
        kind=kinds.most_common(1)[0][0] if kinds else "unknown",
        question=question,
        stance=stance,
        conditional=conditional,
        statements=len(counted),
        first=min(dates) if dates else None,
        last=max(dates) if dates else None,
        evidence=tuple(best_evidence(counted, stance, copies, evidence)),
        changes=tuple(changes(counted)),
    )


def one_copy_per_story(items: list[StancedStatement]) -> tuple[list[StancedStatement], dict[str, set[str]]]:
    """An actor's statements with each story counted once: of the story's copies, the one that reports the most
    of the actor's statements (the earliest on ties) counts, so a statement only one copy carries is not lost
    whichever copy was stored first; the other copies are returned per story, to be listed as sources."""
    by_story: dict[str, dict[str, list[StancedStatement]]] = defaultdict(lambda: defaultdict(list))
    for item in items:
        by_story[item.story][item.statement.article].append(item)
    counted: list[StancedStatement] = []
    copies: dict[str, set[str]] = {}
    for story, articles in by_story.items():
        chosen = min(articles, key=lambda a: (-len(articles[a]), min(i.order for i in articles[a])))
        counted += articles[chosen]
        copies[story] = {a for a in articles if a != chosen}
    return counted, copies


def counted(items: Iterable[StancedStatement]) -> list[StancedStatement]:
    """The statements the map counts, in input order: named actors' only, each story once per actor (the copy
    `one_copy_per_story` picks, as the store's `counted` flag does). The time series and the networks count these."""
    by_actor: dict[str, list[StancedStatement]] = defaultdict(list)
    found = list(items)
    for item in found:
        if item.actor is not None:
            by_actor[item.actor].append(item)
    kept = {id(item) for items_of in by_actor.values() for item in one_copy_per_story(items_of)[0]}
    return [item for item in found if id(item) in kept]


def current_stance(items: list[StancedStatement]) -> tuple[str, bool]:
    """(stance, conditional) from the latest date that has a non-neutral statement (undated ones as a fallback)."""
    sided = [i for i in items if i.stance.label != NEUTRAL]
    dated = [i for i in sided if i.statement.date]
    if dated:
        latest = max(i.statement.date or "" for i in dated)
        current = [i for i in dated if i.statement.date == latest]
    else:
        current = sided
    if not current:
        return NEUTRAL, False
    labels = {i.stance.label for i in current}
    stance = labels.pop() if len(labels) == 1 else MIXED
    return stance, any(i.stance.conditional for i in current)


def changes(items: list[StancedStatement]) -> list[Change]:
    """Observed flips between the non-neutral stances of successive dates, plus the shifts the text reports.

    A date whose statements disagree is skipped (it is neither side). A reported shift to the stance an observed
    change already reaches on the same date is the same event, listed once.
    """
    found: list[Change] = []
    by_date: dict[str, list[StancedStatement]] = defaultdict(list)
    for item in items:
        if item.statement.date and item.stance.label != NEUTRAL:
            by_date[item.statement.date].append(item)
    previous: str | None = None
    for date in sorted(by_date):
        labels = {i.stance.label for i in by_date[date]}
        if len(labels) != 1:
            continue
        label = labels.pop()
        if previous is not None and label != previous:
            first = min(by_date[date], key=lambda i: i.order)
            found.append(Change(previous, label, date, first.statement.article))
        previous = label
    for item in items:
        if item.reported is None:
            continue
        old, new = item.reported
        if old == new or any(c.to_label == new and c.date == item.statement.date for c in found):
            continue
        found.append(Change(old, new, item.statement.date, item.statement.article, reported=True))
    return sorted(found, key=lambda c: c.date or "")


def best_evidence(
    items: list[StancedStatement], stance: str, copies: Mapping[str, set[str]], limit: int
) -> list[Evidence]:
    """The statements that best show the stance: those on its side first, then the latest, direct quotes, the
    judge's most confident; one per story and content (a story counts once, its copies listed as sources)."""

    def rank(item: StancedStatement) -> tuple[int, int, str, int, float, int]:
        label = item.stance.label
        side = 0 if label == stance or (stance == MIXED and label != NEUTRAL) else 1 if label != NEUTRAL else 2
        undated = 1 if item.statement.date is None else 0
        direct = 0 if item.statement.kind == "direct" else 1
        return (side, undated, _negated(item.statement.date or ""), direct, -item.stance.score, item.order)

    chosen: list[Evidence] = []
    for item in sorted(items, key=rank)[:limit]:
        s = item.statement
        chosen.append(
            Evidence(
                article=s.article,
                content=s.content.text,
                date=s.date,
                label=item.stance.label,
                score=item.stance.score,
                conditional=item.stance.conditional,
                sources=tuple(sorted(copies.get(item.story, ()))),
            )
        )
    return chosen


def roll_up(
    statements: Iterable[StancedStatement], affiliations: Mapping[str, tuple[str, str]]
) -> list[StancedStatement]:
    """Statements with each speaker replaced by its affiliation ((name, kind)) where one is known."""
    rolled = []
    for item in statements:
        target = affiliations.get(item.statement.speaker or "")
        if target is not None:
            statement = replace(item.statement, speaker=target[0], speaker_kind=target[1])
            item = replace(item, statement=statement)
        rolled.append(item)
    return rolled


def map_json(question_id: str, question_text: str, found: Iterable[Position]) -> dict[str, object]:
    """The `stancemap map` object (CONTRACT)."""
    return {"question": {"id": question_id, "text": question_text}, "actors": [p.to_json() for p in found]}


def _when(item: StancedStatement) -> tuple[str, int]:
    return (item.statement.date or "", item.order)


def _negated(date: str) -> str:
    # Sort ISO dates descending inside an ascending key: map each digit d to 9 - d.
    return date.translate(str.maketrans("0123456789", "9876543210"))
