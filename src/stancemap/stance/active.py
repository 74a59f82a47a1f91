"""Active learning: which unlabelled statements would teach the judge the most if a person labelled them.

Uncertainty sampling (the smallest margin between the judge's two likeliest classes), restricted to statements that
bear on the question at all (an irrelevant statement's label teaches little), weighted by how often the statement's
speaker speaks in the pool (information density: a label that places a speaker on a side reaches all its other
statements through the learner's speaker memory, stancemap.stance.learn), with diversity: a statement whose words
overlap much with one already suggested is passed over, and each article gives a limited number.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from stancemap.stance.items import StanceItem
from stancemap.stance.judge import Judge
from stancemap.stance.learn import speaker_key

MIN_RELEVANCE = 0.25
MAX_OVERLAP = 0.5
PER_ARTICLE = 3


@dataclass(frozen=True, slots=True)
class Suggestion:
    item: StanceItem
    question: str
    uncertainty: float  # 1 - (p1 - p2): 1 when the two likeliest classes tie
    guess: str
    reach: int = 1  # unlabelled statements in the pool by the same speaker, this one included


def suggest(judge: Judge, items: Sequence[StanceItem], labelled: set[str], top: int) -> list[Suggestion]:
    """Up to `top` unlabelled statements (keys not in `labelled`), most informative first."""
    pool = [item for item in items if item.key not in labelled]
    judgements = judge.judge_all(pool)
    # Speakers that name no one in particular (anonymous sources, an article's author) reach only their statement.
    speaking = Counter(key for item in pool if (key := speaker_key(item.speaker or "")))
    ranked = []
    for item, judgement in zip(pool, judgements, strict=True):
        if judgement.evidence.relevance < MIN_RELEVANCE:
            continue
        probs = sorted(judgement.probabilities, reverse=True)
        reach = speaking.get(speaker_key(item.speaker or ""), 1)
        ranked.append(Suggestion(item, judge.question.id, 1.0 - (probs[0] - probs[1]), judgement.stance().label, reach))
    ranked.sort(key=lambda s: (-s.uncertainty * math.log1p(s.reach), s.item.key))
    chosen: list[Suggestion] = []
    words: list[set[str]] = []
    per_article: Counter[str] = Counter()
    for suggestion in ranked:
        if len(chosen) >= top:
            break
        bag = set(re.findall(r"\w+", suggestion.item.text.lower()))
        if per_article[suggestion.item.article] >= PER_ARTICLE or any(_jaccard(bag, w) > MAX_OVERLAP for w in words):
            continue
        chosen.append(suggestion)
        words.append(bag)
        per_article[suggestion.item.article] += 1
    return chosen


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0
