"""The main job on articles: extract their statements, judge them on a question, and group syndicated copies into
stories, so the map counts a story once (`stancemap map --question Q PATH...`, `stancemap demo`); and statements
extracted elsewhere (`stancemap run`'s Parquet shards) judged and stored (`store_judged`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from stancemap.attribution.extract import extract_articles
from stancemap.ingest.dedup import NearDuplicateIndex, signature
from stancemap.mapping.shifts import reported_shift, sentence_around
from stancemap.mapping.statements import StancedStatement
from stancemap.records import Article, Problem, Question, Statement
from stancemap.stance.items import item_from_json
from stancemap.stance.judge import Judge
from stancemap.store.sqlite import Store
from stancemap.store.stances import add_stanced


@dataclass(slots=True)
class Extracted:
    """Articles and their statements, in input order, with each article's story (its first copy's id)."""

    articles: list[Article] = field(default_factory=list)
    statements: list[list[Statement]] = field(default_factory=list)
    story: dict[str, str] = field(default_factory=dict)


def extract_all(
    items: Iterable[Article | Problem], duplicate_threshold: float, on_problem: Callable[[Problem], None]
) -> Extracted:
    """Statements of every English article; near-duplicate copies (the store's rule) share the first one's story."""
    found = Extracted()
    index = NearDuplicateIndex(duplicate_threshold)
    for item in extract_articles(items):
        if isinstance(item, Problem):
            on_problem(item)
            continue
        article, statements = item
        sig = signature(article.text)
        match = index.best_match(sig)
        found.story[article.id] = found.articles[match.key].id if match else article.id
        if match is None:
            index.add(len(found.articles), sig)
        found.articles.append(article)
        found.statements.append(statements)
    return found


def judge_extracted(found: Extracted, question: Question) -> list[StancedStatement]:
    """Every statement judged on `question`, with its story and any shift the text reports around it."""
    judge = Judge(question)
    stanced: list[StancedStatement] = []
    for article, statements in zip(found.articles, found.statements, strict=True):
        text = article.raw if article.raw is not None else article.text
        items = [item_from_json(s.to_json(), text) for s in statements]
        for statement, judged in zip(statements, judge.judge_all(items), strict=True):
            stance = judged.stance()
            sentence = sentence_around(text, statement.content.start, statement.content.end)
            stanced.append(
                StancedStatement(
                    statement,
                    stance,
                    found.story[article.id],
                    order=len(stanced),
                    reported=reported_shift(sentence, stance.label),
                )
            )
    return stanced


def judge_statements(statements: Sequence[Statement], question: Question) -> list[StancedStatement]:
    """Statements without their articles' text judged on `question`: each is its own story until the store links it
    to a stored article (and its copies), and a shift is read from its content alone."""
    judged = Judge(question).judge_all([item_from_json(s.to_json()) for s in statements])
    stanced = []
    for order, (statement, judgement) in enumerate(zip(statements, judged, strict=True)):
        stance = judgement.stance()
        reported = reported_shift(statement.content.text, stance.label)
        stanced.append(StancedStatement(statement, stance, statement.article, order=order, reported=reported))
    return stanced


def store_judged(store: Store, statements: Sequence[Statement], questions: Sequence[Question]) -> int:
    """Judge `statements` on each question and store them with their stances; statements stored before for the same
    article and content are replaced, keeping the human decisions on them (`add_stanced`). Returns the rows written."""
    return sum(add_stanced(store, judge_statements(statements, q), q.id) for q in questions)
