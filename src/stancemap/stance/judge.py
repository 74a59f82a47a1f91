"""Statement x Question -> Stance: the zero-shot prior from the rule layer, adapted by labels when there are some."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from stancemap.records import Question, Stance
from stancemap.stance.allegiance import allegiance, speaker_descriptions
from stancemap.stance.items import StanceItem
from stancemap.stance.proposition import Proposition, parse_proposition
from stancemap.stance.rules import Evidence, gather

CLASSES = ("support", "oppose", "neutral")
# The zero-shot prior: a lean of strength 0.5 (a clear cue in a statement naming the target) ties with neutral.
# Set by hand from what the cues mean (one cue ~ 1, VADER's compound in [-1, 1]), not fitted to any gold set.
PRIOR_SLOPE = 10.0
PRIOR_THRESHOLD = 2.0
IRRELEVANT_BONUS = 2.0
SENTIMENT_WEIGHT = 1.0
SPEAKER_WEIGHT = 1.0
SELF_PROMOTION = 0.2
# A campaign ally's words lean to their candidate, a rival campaign's away (stancemap.stance.allegiance).
ALLY_LEAN = 0.2
# With the optional embeddings: lean added per unit of (similarity to supporting - to opposing prototypes), times
# relevance. Chosen on the even half of stance-dev's articles (bench/README.md, Stance).
EMBEDDING_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class Judgement:
    """The judge's full answer for one statement: class probabilities (CLASSES order) and the evidence."""

    probabilities: tuple[float, float, float]
    evidence: Evidence

    def stance(self) -> Stance:
        best = max(range(3), key=lambda i: self.probabilities[i])
        label = CLASSES[best]
        conditional = label != "neutral" and self.evidence.conditional
        return Stance(label=label, score=self.probabilities[best], conditional=conditional)


def lean(ev: Evidence) -> float:
    """Signed strength of the statement's lean toward the proposition (> 0 support), relevance applied."""
    sentiment = ev.sentiment * SENTIMENT_WEIGHT
    if ev.third_party:
        # The stance words describe someone else; the remaining tone is weak evidence of the speaker's view.
        sentiment *= 0.5
    polarity = ev.cues + sentiment
    if ev.self_reference:
        # Speaking well of oneself (or one's own campaign) promotes it; the harsh words in a candidate's talk are
        # aimed at others, so they are no stance on oneself.
        polarity = max(polarity, 0.0) + SELF_PROMOTION
    elif ev.allegiance > 0:
        # The same for an ally speaking of the race: their harsh words are aimed at the rival.
        polarity = max(polarity, 0.0) + ALLY_LEAN
    elif ev.allegiance < 0 and ev.relevance >= 0.75:
        # A rival campaign speaking of the target: its kind words are tactics, not support.
        polarity = min(polarity, 0.0) - ALLY_LEAN
    if ev.reporting and ev.cues == 0:
        polarity *= 0.3
    if ev.hedged:
        polarity *= 0.7
    return ev.relevance * polarity


def prior_probabilities(
    ev: Evidence, speaker_lean: float = 0.0, embedded_side: float = 0.0
) -> tuple[float, float, float]:
    """Zero-shot class probabilities; `speaker_lean` is the mean lean of the speaker's other statements in the
    article, which tilts a relevant statement the same way (people rarely switch sides within one article);
    `embedded_side` is the optional sentence-embedding score (stancemap.stance.embeddings)."""
    strength = lean(ev) + (SPEAKER_WEIGHT * speaker_lean if ev.relevance >= 0.25 else 0.0)
    strength += EMBEDDING_WEIGHT * embedded_side * ev.relevance
    # An irrelevant statement is neutral with more confidence than a relevant one that merely leans too little.
    neutral = IRRELEVANT_BONUS * (1.0 - ev.relevance)
    logits = (PRIOR_SLOPE * strength - PRIOR_THRESHOLD, -PRIOR_SLOPE * strength - PRIOR_THRESHOLD, neutral)
    return softmax(logits)


def softmax(logits: Sequence[float]) -> tuple[float, float, float]:
    top = max(logits)
    exps = [math.exp(v - top) for v in logits]
    total = sum(exps)
    return (exps[0] / total, exps[1] / total, exps[2] / total)


class Judge:
    """Judges statements on one question; `adapter` (from stancemap.stance.learn) adapts it to human labels."""

    def __init__(self, question: Question, adapter: Adapter | None = None, encoder: Encoder | None = None) -> None:
        self.question = question
        self.proposition: Proposition = parse_proposition(question)
        self.adapter = adapter
        self.encoder = encoder

    def evidence(self, item: StanceItem) -> Evidence:
        return gather(self.proposition, item)

    def judge(self, item: StanceItem) -> Judgement:
        return self.judge_all([item])[0]

    def judge_all(self, items: Sequence[StanceItem]) -> list[Judgement]:
        """Judge statements together, so each sees how its speaker leans elsewhere in the same article."""
        evidence = [self.evidence(item) for item in items]
        if not self.proposition.person_target:
            evidence = _on_topic_articles(items, evidence)
        else:
            evidence = _with_allegiance(self.proposition, items, evidence)
        leans = [lean(ev) for ev in evidence]
        by_speaker: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, item in enumerate(items):
            if item.speaker:
                by_speaker[(item.article, item.speaker)].append(i)
        sides = self.encoder.side_scores(self.proposition, items) if self.encoder else [0.0] * len(items)
        priors = []
        for i, (item, ev) in enumerate(zip(items, evidence, strict=True)):
            others = [leans[j] for j in by_speaker.get((item.article, item.speaker or ""), []) if j != i]
            speaker_lean = sum(others) / len(others) if others else 0.0
            priors.append(prior_probabilities(ev, speaker_lean, sides[i]))
        if self.adapter is not None and items:
            priors = self.adapter.adapt_all(items, evidence, priors)
        return [Judgement(p, ev) for p, ev in zip(priors, evidence, strict=True)]


def _on_topic_articles(items: Sequence[StanceItem], evidence: list[Evidence]) -> list[Evidence]:
    """A policy statement with a stance cue but none of the proposal's words ("we will vote for it", "another
    decade of doing nothing") is about the proposal when its article speaks of the proposal elsewhere: an article
    with a statement squarely on the proposal is a story about it."""
    on_topic = {item.article for item, ev in zip(items, evidence, strict=True) if ev.relevance >= 0.75}
    return [
        replace(ev, proposal=True) if ev.cues and item.article in on_topic and ev.relevance < 0.75 else ev
        for item, ev in zip(items, evidence, strict=True)
    ]


def _with_allegiance(prop: Proposition, items: Sequence[StanceItem], evidence: list[Evidence]) -> list[Evidence]:
    """Each speaker's side in each article, read once from how the article introduces it and from its own words
    ("my running mate ..."), set on all its statements there."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        if item.speaker:
            groups[(item.article, item.speaker)].append(i)
    out = list(evidence)
    descriptions_by_text: dict[tuple[int, str], list[str]] = {}
    for (_, speaker), idx in groups.items():
        article_text = next((items[i].article_text for i in idx if items[i].article_text), "")
        cache_key = (id(article_text), speaker)
        if cache_key not in descriptions_by_text:
            descriptions_by_text[cache_key] = speaker_descriptions(article_text, speaker)
        descriptions = [*descriptions_by_text[cache_key], *(items[i].role for i in idx if items[i].role)]
        statements = [items[i].text for i in idx]
        side = allegiance(prop, speaker, descriptions, statements, article_text)
        if side:
            for i in idx:
                out[i] = replace(out[i], allegiance=side)
    return out


class Encoder(Protocol):
    """Sentence-embedding evidence (stancemap.stance.embeddings.PrototypeEncoder is the one we have)."""

    def side_scores(self, prop: Proposition, items: Sequence[StanceItem]) -> list[float]: ...


class Adapter(Protocol):
    """Turns the prior into label-informed probabilities (stancemap.stance.learn.LabelModel is the one we have)."""

    def adapt_all(
        self,
        items: Sequence[StanceItem],
        evidence: Sequence[Evidence],
        priors: Sequence[tuple[float, float, float]],
    ) -> list[tuple[float, float, float]]: ...
