"""A probe, not the shipped model: how far a greedy BIO cue tagger with word-window features gets on PolNeAR dev.

    nice python bench/cue_tagger_probe.py [--shared ../shared] [--epochs 5] > bench/results/cue_tagger_probe.json
    nice python bench/cue_tagger_probe.py --model PIPELINE > bench/results/cue_tagger_probe_parsed.json

An averaged perceptron (our few lines, no library) over `spacy.blank("en")` tokens with the word, its suffix and
shape, the two words either side and the previous tag; with `--model`, over that pipeline's tokens with its tags and
dependencies added (the token's tag, relation and head, and which clause, subject or object dependents it has).
No vectors, so it bounds from below what the learned cue tagger of docs/design/attribution.md should reach.
Trained on train, scored on dev with the exact and token scores of `stancemap eval polnear`.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

import spacy
from spacy.tokens import Doc

from stancemap.attribution.evaluate import score_polnear
from stancemap.attribution.polnear import PolnearArticle, read_split
from stancemap.config import load_settings
from stancemap.records import Span, Statement

TAGS = ("O", "B", "I")


def shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if word[:1].isupper():
        return "X" if word.isupper() and len(word) > 1 else "Xx"
    if word.isalpha():
        return "x"
    return "p" if not word.isalnum() else "m"


def features(words: list[str], i: int, previous: str, extra: list[list[str]] | None = None) -> list[str]:
    w = words[i].lower()

    def at(j: int) -> str:
        return words[j].lower() if 0 <= j < len(words) else "<s>"

    return [
        "b",
        "w=" + w,
        "s3=" + w[-3:],
        "sh=" + shape(words[i]),
        "p1=" + at(i - 1),
        "p2=" + at(i - 2),
        "n1=" + at(i + 1),
        "n2=" + at(i + 2),
        "t=" + previous,
        "tw=" + previous + w,
        "p1w=" + at(i - 1) + " " + w,
        "wn1=" + w + " " + at(i + 1),
        "shn1=" + shape(words[i]) + shape(words[i + 1] if i + 1 < len(words) else "."),
        *(extra[i] if extra else ()),
    ]


# Dependents that mark a verb of saying or thinking: a clause, a quotation, a subject.
_TELLING = ("ccomp", "xcomp", "parataxis", "nsubj", "nsubjpass", "dobj", "advcl", "prep", "agent")


def parse_features(doc: Doc) -> list[list[str]]:
    """Per token: its tag, dependency, head, the telling dependents it has, and whether its sentence quotes."""
    out = []
    for t in doc:
        kids = "+".join(sorted({c.dep_ for c in t.children if c.dep_ in _TELLING}))
        quoted = any(c in t.sent.text for c in '"“”')
        out.append(
            [
                "tag=" + t.tag_,
                "dep=" + t.dep_,
                "depw=" + t.dep_ + " " + t.lower_,
                "head=" + t.head.lower_,
                "hdep=" + t.head.dep_,
                "kids=" + kids,
                "tagkids=" + t.tag_ + " " + kids,
                "q=" + str(quoted),
            ]
        )
    return out


def gold_tags(article: PolnearArticle, doc: Doc) -> list[str]:
    tags = ["O"] * len(doc)
    for r in article.attributions:
        if r.cue is None:
            continue
        span = doc.char_span(min(s for s, _ in r.cue.pieces), max(e for _, e in r.cue.pieces), alignment_mode="expand")
        if span is None:
            continue
        tags[span.start] = "B"
        for k in range(span.start + 1, span.end):
            tags[k] = "I"
    return tags


class Perceptron:
    def __init__(self) -> None:
        self.weights: dict[str, dict[str, float]] = defaultdict(dict)
        self.totals: dict[tuple[str, str], float] = defaultdict(float)
        self.stamps: dict[tuple[str, str], int] = defaultdict(int)
        self.updates = 0

    def predict(self, feats: list[str]) -> str:
        scores = dict.fromkeys(TAGS, 0.0)
        for f in feats:
            for tag, weight in self.weights.get(f, {}).items():
                scores[tag] += weight
        return max(TAGS, key=lambda t: (scores[t], t == "O"))

    def update(self, truth: str, guess: str, feats: list[str]) -> None:
        self.updates += 1
        if truth == guess:
            return
        for f in feats:
            for tag, delta in ((truth, 1.0), (guess, -1.0)):
                key = (f, tag)
                current = self.weights[f].get(tag, 0.0)
                self.totals[key] += (self.updates - self.stamps[key]) * current
                self.stamps[key] = self.updates
                self.weights[f][tag] = current + delta

    def average(self) -> None:
        for f, by_tag in self.weights.items():
            for tag, weight in by_tag.items():
                key = (f, tag)
                total = self.totals[key] + (self.updates - self.stamps[key]) * weight
                by_tag[tag] = total / self.updates


def tag(model: Perceptron, words: list[str], extra: list[list[str]] | None = None) -> list[str]:
    out: list[str] = []
    for i in range(len(words)):
        guess = model.predict(features(words, i, out[-1] if out else "<s>", extra))
        if guess == "I" and (not out or out[-1] == "O"):
            guess = "B"
        out.append(guess)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=load_settings().shared)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--model", type=Path, help="a trained spaCy pipeline: add its tags and parse as features")
    args = parser.parse_args(argv)
    if args.model:
        from stancemap.nlp import load_nlp

        nlp = load_nlp(args.model)
        nlp.select_pipes(enable=[name for name in ("tok2vec", "tagger", "parser") if name in nlp.pipe_names])
    else:
        nlp = spacy.blank("en")
    train = read_split(args.shared / "data" / "polnear" / "train")
    dev = read_split(args.shared / "data" / "polnear" / "dev")
    examples = []
    for article, doc in zip(train, nlp.pipe(a.text for a in train), strict=True):
        extra = parse_features(doc) if args.model else None
        examples.append(([t.text for t in doc], gold_tags(article, doc), extra))
    model = Perceptron()
    rng = random.Random(0)
    for epoch in range(args.epochs):
        rng.shuffle(examples)
        for words, tags, extra in examples:
            previous = "<s>"
            for i, truth in enumerate(tags):
                feats = features(words, i, previous, extra)
                model.update(truth, model.predict(feats), feats)
                previous = truth  # teacher forcing: the gold previous tag
        print(f"epoch {epoch + 1} done", file=sys.stderr)
    model.average()
    predictions = []
    for article, doc in zip(dev, nlp.pipe(a.text for a in dev), strict=True):
        tags = tag(model, [t.text for t in doc], parse_features(doc) if args.model else None)
        i = 0
        while i < len(tags):
            if tags[i] == "B":
                j = i + 1
                while j < len(tags) and tags[j] == "I":
                    j += 1
                span = doc[i:j]
                cue = Span(span.text, span.start_char, span.end_char)
                predictions.append(Statement(article.id, cue, "indirect", cue=cue))
                i = j
            else:
                i += 1
    scores = score_polnear(dev, predictions)
    # Detection: a gold cue counts as found when some predicted cue overlaps it (extent aside), and vice versa.
    by_article: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for p in predictions:
        by_article[p.article].append((p.content.start, p.content.end))
    gold_cues = [
        (a.id, min(s for s, _ in r.cue.pieces), max(e for _, e in r.cue.pieces))
        for a in dev
        for r in a.attributions
        if r.cue is not None
    ]
    gold_by_article: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for doc_id, start, end in gold_cues:
        gold_by_article[doc_id].append((start, end))

    def overlaps(start: int, end: int, others: list[tuple[int, int]]) -> bool:
        return any(min(end, e) > max(start, s) for s, e in others)

    found = sum(overlaps(s, e, by_article[d]) for d, s, e in gold_cues)
    right = sum(overlaps(p.content.start, p.content.end, gold_by_article[p.article]) for p in predictions)
    cue_exact = next(s for s in scores.exact if s.role == "cue")
    cue_token = next(s for s in scores.token if s.role == "cue")
    json.dump(
        {
            "probe": "greedy averaged-perceptron BIO cue tagger, word-window features"
            + (f", tags and parse of {args.model}" if args.model else ", no parse"),
            "epochs": args.epochs,
            "dev_cue_exact": cue_exact.to_json(),
            "dev_cue_token": cue_token.to_json(),
            "dev_cue_detection": {
                "precision": round(right / len(predictions), 4) if predictions else 0.0,
                "recall": round(found / len(gold_cues), 4),
            },
        },
        sys.stdout,
        indent=1,
    )
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
