"""Learning from people: a per-question correction of the zero-shot judge, fitted on that question's labels.

Twenty labels drawn at random are mostly neutral (about 2 in 20 support or oppose on a typical question), far too
few to learn words from. What they can teach is how this question's statements relate to the rule evidence: how
much relevance, cues, tone, reporting, third-party reports and a speaker's lean elsewhere should count here, and
where the line between neutral and a side lies. So the model is a multinomial logistic regression whose logits
start at the zero-shot prior's (an offset) and whose weights, over dense rule-evidence features, are pulled toward
zero by an L2 penalty: with no labels it is the prior, and each label moves it only as far as the evidence allows.
Classes are weighted by inverse frequency (smoothed), because the score that matters (macro-F1) weighs the rare
sides as much as neutral. A speaker whose labelled statements take a side is, for its other statements, placed on
that side the way an article's "campaign manager for Okafor" places a speaker (stancemap.stance.allegiance):
speakers keep sides across articles.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy.optimize import minimize

from stancemap.records import LABELS
from stancemap.stance.items import StanceItem
from stancemap.stance.judge import CLASSES, Judge, lean, prior_probabilities, softmax
from stancemap.stance.rules import Evidence, names_pattern, normalise

# L2 penalty on the correction weights (per feature) and on the two class biases; chosen on the even half of
# stance-dev's articles with draw seeds other than the benchmark's (bench/README.md, Stance).
WEIGHT_PENALTY = 64.0
BIAS_PENALTY = 16.0
# Class weights are (n / (3 * n_class)) ** CLASS_BALANCE, n_class counted with one pseudo-label per class.
CLASS_BALANCE = 0.5
# A speaker is placed on a side when the mean of its support (+1) and oppose (-1) labels is at least this far from 0.
SPEAKER_MEMORY = 0.5
SIDE = {"support": 1.0, "oppose": -1.0, "neutral": 0.0}


@dataclass(frozen=True, slots=True)
class Label:
    """A person's label for one statement on one question. `item` is the statement as judged."""

    question: str
    label: str
    item: StanceItem

    def __post_init__(self) -> None:
        if self.label not in LABELS:
            raise ValueError(f"label must be one of {', '.join(LABELS)}, not {self.label!r}")


def features(ev: Evidence) -> list[float]:
    """Dense evidence features, signed so that a positive weight on the support logit and a negative one on the
    oppose logit mean the same thing ("this evidence counts more here")."""
    return [
        lean(ev),
        ev.cues,
        ev.sentiment,
        ev.relevance,
        float(ev.named),
        float(ev.linked),
        float(ev.self_reference),
        float(ev.context),
        float(ev.third_party),
        float(ev.reporting),
        float(ev.hedged),
        float(ev.allegiance),
    ]


def _log_odds(prior: tuple[float, float, float]) -> np.ndarray:
    """The prior's support and oppose logits against neutral (neutral's logit is 0)."""
    return np.array(
        [math.log(prior[0] + 1e-9) - math.log(prior[2] + 1e-9), math.log(prior[1] + 1e-9) - math.log(prior[2] + 1e-9)]
    )


class LabelModel:
    """Fitted on one question's labels; `adapt_all` turns the prior into label-informed probabilities."""

    def __init__(self, judge: Judge, labels: Sequence[Label]) -> None:
        items = [lab.item for lab in labels]
        judgements = judge.judge_all(items) if items else []
        sides: dict[str, list[float]] = {}
        target = names_pattern(judge.proposition) if judge.proposition.person_target else None
        for lab in labels:
            # A neutral label says what the statement does, not which side its speaker is on; and the target (or its
            # own campaign) is on its own side by definition: the rules read its words as such already.
            if target is not None and target.search(normalise(lab.item.speaker or "")):
                continue
            if (key := speaker_key(lab.item.speaker or "")) and lab.label != "neutral":
                sides.setdefault(key, []).append(SIDE[lab.label])
        self.speaker_sides = {k: (sum(v) / len(v), len(v)) for k, v in sides.items()}
        self.width = len(features(judgements[0].evidence)) if judgements else 0
        self.weights = np.zeros((2, self.width))
        self.bias = np.zeros(2)
        if judgements:
            x = np.array([features(j.evidence) for j in judgements])
            offsets = np.array([_log_odds(j.probabilities) for j in judgements])
            y = np.array([CLASSES.index(lab.label) for lab in labels])
            counts = np.bincount(y, minlength=3) + 1.0
            sample_weight = ((counts.sum() / (3 * counts)) ** CLASS_BALANCE)[y]
            self.weights, self.bias = _fit(x, offsets, y, sample_weight)

    def _with_speaker_memory(
        self, item: StanceItem, ev: Evidence, prior: tuple[float, float, float]
    ) -> tuple[float, float, float]:
        """Read a statement as its speaker's, placed on the side people's labels put it on elsewhere (speakers keep
        sides), unless the article already places it or it speaks of itself."""
        side = self.speaker_sides.get(speaker_key(item.speaker or ""))
        if side is None or ev.allegiance or ev.self_reference or abs(side[0]) < SPEAKER_MEMORY:
            return prior
        # Move the prior by what that allegiance changes in the zero-shot reading of the same evidence.
        sided = prior_probabilities(replace(ev, allegiance=1 if side[0] > 0 else -1))
        plain = prior_probabilities(ev)
        logits = [math.log(prior[c] + 1e-9) + math.log(sided[c] + 1e-9) - math.log(plain[c] + 1e-9) for c in range(3)]
        return softmax(logits)

    def adapt_all(
        self, items: Sequence[StanceItem], evidence: Sequence[Evidence], priors: Sequence[tuple[float, float, float]]
    ) -> list[tuple[float, float, float]]:
        out = []
        for item, ev, prior in zip(items, evidence, priors, strict=True):
            logits = _log_odds(self._with_speaker_memory(item, ev, prior))
            if self.width:
                logits = logits + self.weights @ np.array(features(ev)) + self.bias
            out.append(softmax([float(logits[0]), float(logits[1]), 0.0]))
        return out


def _fit(x: np.ndarray, offsets: np.ndarray, y: np.ndarray, sample_weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Penalised maximum likelihood of the correction (weights 2 x d, biases 2) over the prior's logits."""
    n, d = x.shape
    onehot = np.eye(3)[y]

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[: 2 * d].reshape(2, d), theta[2 * d :]
        z = np.hstack([offsets + x @ w.T + b, np.zeros((n, 1))])
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        nll = -float(np.sum(sample_weight * np.log(p[np.arange(n), y] + 1e-12)))
        residual = (p - onehot)[:, :2] * sample_weight[:, None]
        grad_w = residual.T @ x + WEIGHT_PENALTY * w
        grad_b = residual.sum(axis=0) + BIAS_PENALTY * b
        value = nll + 0.5 * WEIGHT_PENALTY * float(np.sum(w * w)) + 0.5 * BIAS_PENALTY * float(np.sum(b * b))
        return value, np.concatenate([grad_w.ravel(), grad_b])

    result = minimize(loss, np.zeros(2 * d + 2), jac=True, method="L-BFGS-B")
    theta = result.x
    return theta[: 2 * d].reshape(2, d), theta[2 * d :]


# Speakers that name no one in particular: "anonymous: two officials" here is not the same people as in another
# article, nor is one article's "author" (its journalist) another's. Their labels teach nothing about each other.
_NO_ACTOR = re.compile(r"^(?:anonymous\b.*|unknown|author|none|)$")


def speaker_key(speaker: str) -> str:
    key = " ".join(re.findall(r"\w+", speaker.lower()))
    return "" if _NO_ACTOR.match(key) else key


def adapted_judge(judge: Judge, labels: Sequence[Label]) -> Judge:
    """A judge for the same question that has learned from `labels` (those of other questions are ignored)."""
    mine = [lab for lab in labels if lab.question == judge.question.id]
    if not mine:
        return judge
    return Judge(judge.question, adapter=LabelModel(judge, mine), encoder=judge.encoder)


__all__ = ["Label", "LabelModel", "adapted_judge", "features", "prior_probabilities", "speaker_key"]
