"""Scores of extracted statements against PolNeAR gold spans and the stance-dev speaker labels.

The definitions are those of `../shared/tools/score.py` (checked against it in the tests):
- exact match, per role (source = `speaker_mention`, cue, content): per article, the set of gold spans and the set
  of predicted spans, each trimmed of quotation marks, spaces and edge punctuation, are intersected; P, R and F1
  are micro-averaged over the split. A gold span's extent is its first piece's start and last piece's end.
- speaker resolution: for each labelled attribution (not `author` or `unknown`) whose gold relation has a content,
  the prediction whose content overlaps the gold content by the most characters (the first such in file order),
  its `speaker` compared loosely with the label; pronoun sources (gold source span a bare pronoun) counted apart.
Token overlap is ours: per article and role, the word tokens (`\\w+` and single punctuation marks) that the gold
spans' pieces cover against those that the predicted spans cover, micro-averaged; it credits near misses.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from stancemap.attribution.polnear import GoldSpan, PolnearArticle, check_split, first_annotator_files, read_article
from stancemap.errors import InputError
from stancemap.records import Span, Statement

QUOTES = "\"'“”‘’«»„‟‹›`"
_TRIMMED = frozenset(QUOTES + " \n\t,.;:")
_TOKEN = re.compile(r"\w+|[^\w\s]")
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "his", "her", "their"})
# Which statement field holds each PolNeAR role.
ROLE_FIELDS = {"source": "speaker_mention", "cue": "cue", "content": "content"}


@dataclass(frozen=True, slots=True)
class RoleScore:
    role: str
    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, float | int | str]:
        return {
            "role": self.role,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "true_positives": self.true_positives,
            "predicted": self.predicted,
            "gold": self.gold,
        }


@dataclass(frozen=True, slots=True)
class PolnearScores:
    exact: tuple[RoleScore, ...]
    token: tuple[RoleScore, ...]
    articles: int
    articles_with_output: int
    # Predictions naming an article the split does not have (not scored, as in the shared scorer).
    unknown_articles: int

    def to_json(self) -> dict[str, object]:
        return {
            "exact": {s.role: s.to_json() for s in self.exact},
            "token": {s.role: s.to_json() for s in self.token},
            "articles": self.articles,
            "articles_with_output": self.articles_with_output,
            "predictions_for_unknown_articles": self.unknown_articles,
        }


@dataclass(frozen=True, slots=True)
class SpeakerLabel:
    doc: str
    attribution: str
    speaker: str
    speaker_kind: str


@dataclass(frozen=True, slots=True)
class SpeakerScores:
    scored: int
    right: int
    pronoun: int
    pronoun_right: int

    @property
    def accuracy(self) -> float:
        return self.right / self.scored if self.scored else 0.0

    @property
    def pronoun_accuracy(self) -> float:
        return self.pronoun_right / self.pronoun if self.pronoun else 0.0

    def to_json(self) -> dict[str, float | int]:
        return {
            "accuracy": round(self.accuracy, 4),
            "scored": self.scored,
            "right": self.right,
            "pronoun_accuracy": round(self.pronoun_accuracy, 4),
            "pronoun": self.pronoun,
            "pronoun_right": self.pronoun_right,
        }


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Move `start` and `end` inwards past quotation marks, spaces and edge punctuation."""
    while start < end and text[start] in _TRIMMED:
        start += 1
    while end > start and text[end - 1] in _TRIMMED:
        end -= 1
    return start, end


def _pred_span(statement: Statement, field: str) -> Span | None:
    span: Span | None = getattr(statement, field)
    return span


def _by_article(predictions: Iterable[Statement]) -> dict[str, list[Statement]]:
    grouped: dict[str, list[Statement]] = defaultdict(list)
    for p in predictions:
        grouped[p.article].append(p)
    return grouped


def _check_fits(span: Span, article: PolnearArticle) -> None:
    if span.end > len(article.text):
        reason = f"a span {span.start}..{span.end} runs past the end of the article ({len(article.text)} characters)"
        raise InputError(reason, article.id)


def _token_positions(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _TOKEN.finditer(text)]


def _covered(tokens: list[tuple[int, int]], pieces: Iterable[tuple[int, int]]) -> set[int]:
    """Indices of the tokens lying wholly inside one of the pieces."""
    covered: set[int] = set()
    for start, end in pieces:
        covered.update(i for i, (ts, te) in enumerate(tokens) if ts >= start and te <= end)
    return covered


def score_polnear(gold: Sequence[PolnearArticle], predictions: Iterable[Statement]) -> PolnearScores:
    """Exact-match and token-overlap P/R/F1 of source, cue and content over a PolNeAR split."""
    preds = _by_article(predictions)
    known = {a.id for a in gold}
    exact: list[RoleScore] = []
    token: list[RoleScore] = []
    tokens_of = {a.id: _token_positions(a.text) for a in gold}
    for role, field in ROLE_FIELDS.items():
        tp = npred = ngold = 0
        ttp = tpred = tgold = 0
        for article in gold:
            text = article.text
            gold_spans = [s for s in (r.role(role) for r in article.attributions) if s is not None]
            pred_spans = [s for s in (_pred_span(p, field) for p in preds.get(article.id, [])) if s is not None]
            for s in pred_spans:
                _check_fits(s, article)
            g = {trim(text, s.start, s.end) for s in gold_spans}
            p = {trim(text, s.start, s.end) for s in pred_spans}
            tp += len(g & p)
            npred += len(p)
            ngold += len(g)
            tokens = tokens_of[article.id]
            gt = _covered(tokens, (piece for s in gold_spans for piece in s.pieces))
            pt = _covered(tokens, ((s.start, s.end) for s in pred_spans))
            ttp += len(gt & pt)
            tpred += len(pt)
            tgold += len(gt)
        exact.append(RoleScore(role, tp, npred, ngold))
        token.append(RoleScore(role, ttp, tpred, tgold))
    return PolnearScores(
        exact=tuple(exact),
        token=tuple(token),
        articles=len(gold),
        articles_with_output=sum(1 for a in gold if a.id in preds),
        unknown_articles=sum(len(v) for k, v in preds.items() if k not in known),
    )


def normalise_name(name: str) -> str:
    """Lower case, straight quotes, single spaces: how speaker names and source words are compared."""
    name = name.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", name).strip().lower()


def same_speaker(predicted: str | None, gold: str) -> bool:
    """Loose match: equal, one inside the other, or the gold surname among the predicted words.

    `anonymous: ...` labels need only an anonymous prediction.
    """
    p, g = normalise_name(predicted or ""), normalise_name(gold)
    if not p or not g:
        return False
    if g.startswith("anonymous"):
        return p.startswith("anonymous")
    return p == g or g.split()[-1] in p.split() or p in g or g in p


def read_speaker_labels(path: Path) -> list[SpeakerLabel]:
    """`stance-dev/labels.jsonl`."""
    labels = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read speaker labels: {e}", path) from e
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            labels.append(SpeakerLabel(obj["doc"], obj["attribution"], obj["speaker"], obj["speaker_kind"]))
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise InputError(f"line {number}: not a speaker label ({e})", path) from e
    return labels


def score_speakers(labels: Sequence[SpeakerLabel], split_dir: Path, predictions: Iterable[Statement]) -> SpeakerScores:
    """Speaker-resolution accuracy of `predictions` on the labelled PolNeAR attributions of `split_dir`."""
    check_split(split_dir)
    preds = _by_article(predictions)
    ann_files = first_annotator_files(split_dir)
    relations: dict[str, dict[str, tuple[GoldSpan | None, GoldSpan | None]]] = {}
    texts: dict[str, str] = {}
    scored = right = pronoun = pronoun_right = 0
    for label in labels:
        if label.speaker_kind in ("author", "unknown"):
            continue
        if label.doc not in relations:
            relations[label.doc], texts[label.doc] = _relations(split_dir, ann_files, label.doc)
        source, content = relations[label.doc].get(label.attribution, (None, None))
        if content is None:
            continue
        best = _most_overlapping(preds.get(label.doc, []), content.start, content.end)
        text = texts[label.doc]
        is_pronoun = source is not None and normalise_name(text[source.start : source.end]) in PRONOUNS
        ok = best is not None and same_speaker(best.speaker, label.speaker)
        scored += 1
        right += ok
        pronoun += is_pronoun
        pronoun_right += ok and is_pronoun
    return SpeakerScores(scored, right, pronoun, pronoun_right)


def _relations(
    split_dir: Path, ann_files: dict[str, Path], doc: str
) -> tuple[dict[str, tuple[GoldSpan | None, GoldSpan | None]], str]:
    if doc not in ann_files or not (split_dir / "text" / f"{doc}.txt").is_file():
        return {}, ""
    article = read_article(split_dir, doc, ann_files[doc])
    return {r.id: (r.source, r.content) for r in article.attributions}, article.text


def _most_overlapping(candidates: Sequence[Statement], start: int, end: int) -> Statement | None:
    best, best_overlap = None, 0
    for statement in candidates:
        overlap = min(end, statement.content.end) - max(start, statement.content.start)
        if overlap > best_overlap:
            best, best_overlap = statement, overlap
    return best


def read_predictions(path: Path) -> list[Statement]:
    """Statements from an extract JSONL file; a bad line is an InputError naming the file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read predictions: {e}", path) from e
    statements = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            statements.append(Statement.from_json(json.loads(line)))
        except (json.JSONDecodeError, ValueError) as e:
            raise InputError(f"line {number}: {e}", path) from e
    return statements


def gold_statements(article: PolnearArticle) -> list[Statement]:
    """The gold relations as statements: what a perfect extractor would print, for cross-checks.

    A span is its scored extent; where pieces were annotated out of order (the extent is reversed, and no
    prediction can match it) the span covering all pieces stands in.
    """

    def span(gold: GoldSpan | None) -> Span | None:
        if gold is None:
            return None
        start, end = gold.start, gold.end
        if end < start:
            start, end = min(s for s, _ in gold.pieces), max(e for _, e in gold.pieces)
        return Span(article.text[start:end], start, end)

    out = []
    for r in article.attributions:
        content = span(r.content)
        if content is None:
            continue
        out.append(
            Statement(
                article=article.id,
                content=content,
                kind="indirect",
                speaker_mention=span(r.source),
                cue=span(r.cue),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class StatementScores:
    """Extracted statements against gold ones (the example corpus's EXPECTED.json): a gold statement is found when a
    predicted one of its article shares at least half of the longer content's word tokens (each prediction matched
    once, best overlap first); its fields are then compared. `exact` counts contents equal after trimming."""

    gold: int
    predicted: int
    found: int
    exact: int
    speaker: int
    kind: int
    date: int

    @property
    def precision(self) -> float:
        return self.found / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    def to_json(self) -> dict[str, float | int]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "found": self.found,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "exact_content": self.exact,
            "speaker_right": self.speaker,
            "kind_right": self.kind,
            "date_right": self.date,
        }


def score_statements(gold: Sequence[Statement], predicted: Sequence[Statement]) -> StatementScores:
    """Match gold and predicted statements per article by content overlap and count what agrees."""
    by_article: dict[str, list[Statement]] = defaultdict(list)
    for statement in predicted:
        by_article[statement.article].append(statement)
    pairs = []
    for g_index, g in enumerate(gold):
        g_tokens = set(_positions(g.content))
        for p_index, p in enumerate(by_article.get(g.article, [])):
            shared = len(g_tokens & set(_positions(p.content)))
            longer = max(len(g_tokens), len(_positions(p.content)), 1)
            if shared * 2 >= longer:
                pairs.append((-shared / longer, g_index, g.article, p_index))
    used_gold: set[int] = set()
    used_pred: set[tuple[str, int]] = set()
    found = exact = speaker = kind = date = 0
    for _, g_index, article, p_index in sorted(pairs):
        if g_index in used_gold or (article, p_index) in used_pred:
            continue
        used_gold.add(g_index)
        used_pred.add((article, p_index))
        g, p = gold[g_index], by_article[article][p_index]
        found += 1
        exact += _trim(g.content.text) == _trim(p.content.text)
        speaker += g.speaker is not None and same_speaker(p.speaker, g.speaker)
        kind += g.kind == p.kind
        date += g.date == p.date
    return StatementScores(len(gold), len(predicted), found, exact, speaker, kind, date)


def _positions(span: Span) -> list[tuple[int, str]]:
    """(offset, token) of each word token: tokens at the same place of the same text are the same token."""
    return [(span.start + m.start(), m.group()) for m in _TOKEN.finditer(span.text)]


def _trim(text: str) -> str:
    return text.strip("".join(_TRIMMED))
