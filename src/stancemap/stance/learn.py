"""Learning from people: a per-question logistic regression over hashed n-grams, the speaker and the rule
evidence, blended with the zero-shot prior so that a handful of labels adjusts rather than replaces it."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from stancemap.records import LABELS
from stancemap.stance.items import StanceItem
from stancemap.stance.judge import CLASSES, PRIOR_SLOPE, Judge, lean, prior_probabilities, softmax
from stancemap.stance.rules import Evidence, normalise

# Labels needed before the learned model weighs as much as the prior (w = n / (n + PRIOR_LABELS)).
PRIOR_LABELS = 80
HASH_FEATURES = 2**14
# How strongly a speaker's labels elsewhere tilt its other statements (in units of the prior's lean).
SPEAKER_MEMORY = 0.6
SIDE = {"support": 1.0, "oppose": -1.0, "neutral": 0.0}
# How much the hashed words weigh against the rule evidence in the learned model (0: evidence only).
NGRAM_WEIGHT = 1.0
CLASS_WEIGHT: str | None = "balanced"


@dataclass(frozen=True, slots=True)
class Label:
    """A person's label for one statement on one question. `item` is the statement as judged."""

    question: str
    label: str
    item: StanceItem

    def __post_init__(self) -> None:
        if self.label not in LABELS:
            raise ValueError(f"label must be one of {', '.join(LABELS)}, not {self.label!r}")


def _dense(ev: Evidence, prior: tuple[float, float, float]) -> list[float]:
    return [
        math.log(prior[0] + 1e-6) - math.log(prior[2] + 1e-6),
        math.log(prior[1] + 1e-6) - math.log(prior[2] + 1e-6),
        lean(ev),
        ev.relevance,
        ev.sentiment,
        ev.cues,
        float(ev.named),
        float(ev.linked),
        float(ev.context),
        float(ev.self_reference),
        float(ev.third_party),
        float(ev.reporting),
        float(ev.hedged),
    ]


class LabelModel:
    """Fitted on one question's labels; `adapt` blends its probabilities with the prior's."""

    def __init__(self, judge: Judge, labels: Sequence[Label]) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer
        from sklearn.linear_model import LogisticRegression

        self.names = re.compile(
            r"\b(?:"
            + "|".join(re.escape(normalise(n)) for n in sorted(judge.proposition.names, key=len)[::-1])
            + r")\b"
        )
        self.vectorizer = HashingVectorizer(
            n_features=HASH_FEATURES, ngram_range=(1, 2), alternate_sign=False, norm="l2", token_pattern=r"[\w<>]+"
        )
        self.weight = len(labels) / (len(labels) + PRIOR_LABELS)
        self.classes: list[str] = sorted({lab.label for lab in labels})
        self.model: Any = None
        self.constant: str | None = None
        items = [lab.item for lab in labels]
        judgements = judge.judge_all(items) if items else []
        # Speaker memory: how each labelled speaker leans (+1 support, -1 oppose, 0 neutral), over its labels.
        sides: dict[str, list[float]] = {}
        for lab in labels:
            if lab.item.speaker:
                sides.setdefault(_speaker_key(lab.item.speaker), []).append(SIDE[lab.label])
        self.speaker_sides = {k: (sum(v) / len(v), len(v)) for k, v in sides.items()}
        if len(self.classes) == 1:
            self.constant = self.classes[0]
        elif len(self.classes) > 1:
            matrix = self._features(items, [j.evidence for j in judgements], [j.probabilities for j in judgements])
            self.model = LogisticRegression(C=1.0, class_weight=CLASS_WEIGHT, solver="saga", max_iter=2000)
            self.model.fit(matrix, [lab.label for lab in labels])

    def _text(self, item: StanceItem) -> str:
        speaker = " ".join(f"spk_{w.lower()}" for w in re.findall(r"\w+", item.speaker or "unknown"))
        return self.names.sub(" <target> ", normalise(item.text)).lower() + " " + speaker

    def _features(
        self, items: Sequence[StanceItem], evidence: Sequence[Evidence], priors: Sequence[tuple[float, float, float]]
    ) -> Any:
        from scipy.sparse import csr_matrix, hstack

        sparse = self.vectorizer.transform([self._text(item) for item in items]) * NGRAM_WEIGHT
        dense = csr_matrix([_dense(ev, prior) for ev, prior in zip(evidence, priors, strict=True)])
        return hstack([sparse, dense]).tocsr()

    def learned(
        self, items: Sequence[StanceItem], evidence: Sequence[Evidence], priors: Sequence[tuple[float, float, float]]
    ) -> list[tuple[float, float, float]]:
        """The learned model's own class probabilities (classes it never saw get 0)."""
        if self.constant is not None:
            one = tuple(1.0 if c == self.constant else 0.0 for c in CLASSES)
            return [one for _ in items]  # type: ignore[misc]
        if self.model is None:
            return list(priors)
        rows = self.model.predict_proba(self._features(items, evidence, priors))
        out: list[tuple[float, float, float]] = []
        for probs in rows:
            by_class = dict(zip(self.model.classes_, probs, strict=True))
            support, oppose, neutral = (float(by_class.get(c, 0.0)) for c in CLASSES)
            out.append((support, oppose, neutral))
        return out

    def _with_speaker_memory(
        self, item: StanceItem, ev: Evidence, prior: tuple[float, float, float]
    ) -> tuple[float, float, float]:
        """Tilt a relevant statement toward how people labelled its speaker elsewhere (speakers keep sides)."""
        side = self.speaker_sides.get(_speaker_key(item.speaker or ""))
        if side is None or ev.relevance < 0.25 or SPEAKER_MEMORY == 0:
            return prior
        mean, count = side
        shift = PRIOR_SLOPE * SPEAKER_MEMORY * mean * count / (count + 1)
        logits = [math.log(prior[0] + 1e-9) + shift, math.log(prior[1] + 1e-9) - shift, math.log(prior[2] + 1e-9)]
        return softmax(logits)

    def adapt_all(
        self, items: Sequence[StanceItem], evidence: Sequence[Evidence], priors: Sequence[tuple[float, float, float]]
    ) -> list[tuple[float, float, float]]:
        if self.model is None and self.constant is None:
            return list(priors)
        w = self.weight
        priors = [
            self._with_speaker_memory(item, ev, prior) for item, ev, prior in zip(items, evidence, priors, strict=True)
        ]
        out = []
        for prior, learned in zip(priors, self.learned(items, evidence, priors), strict=True):
            blended = [(1 - w) * p + w * q for p, q in zip(prior, learned, strict=True)]
            total = sum(blended)
            out.append((blended[0] / total, blended[1] / total, blended[2] / total))
        return out


def _speaker_key(speaker: str) -> str:
    return " ".join(re.findall(r"\w+", speaker.lower()))


def adapted_judge(judge: Judge, labels: Sequence[Label]) -> Judge:
    """A judge for the same question that has learned from `labels` (those of other questions are ignored)."""
    mine = [lab for lab in labels if lab.question == judge.question.id]
    if not mine:
        return judge
    return Judge(judge.question, adapter=LabelModel(judge, mine))


__all__ = ["PRIOR_LABELS", "Label", "LabelModel", "adapted_judge", "prior_probabilities"]
