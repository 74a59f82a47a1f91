"""Train the content edge chooser (`stancemap.attribution.edges`) on PolNeAR train and install its weights.

    nice -n 5 python training/train_edges.py [--shared ../shared] [--work training/work] [--windows 60]
                                             [--l2 3] [--margins 0.5] [--held-out TAGGER ...] [--no-install]

The defaults are the shipped settings, which were learned from held-out tagger output (`--held-out` with the two
taggers of `python training/train_attribution.py --held-out 2`; training/README.md). A wider sweep (the one that
chose them) is e.g. `--windows 40 60 --l2 0.3 1 3 --margins 0 0.5 1`.

1. PolNeAR train and dev are parsed by the shipped pipeline (the parses cached in `--work` by
   `training/attribution_corpus.parsed_docs`, keyed by the pipeline's fingerprint) and run through a tagger and
   `group_roles`, as `extract` does: dev through the shipped tagger; train through the shipped tagger too, or, with
   `--held-out A B ...`, article i through tagger i % k, trained without it, so the chooser sees the errors the
   tagger makes on text it never saw rather than on its own training text.
2. Train: every predicted content that overlaps a gold content (trimmed spans, the scorer's definition) is paired
   with the gold content it overlaps most; its candidate starts and ends (`edges.candidates`) are labelled 1 where
   the trimmed edge equals the gold one. Contents whose gold edge is not among the candidates are left out (nothing
   to learn from them). One weight vector over the one-hot templates for starts, one for ends, each fitted as a
   conditional logit (`fit`: a softmax over each content's candidates, L2-regularised, L-BFGS from zeros, so the
   run is deterministic).
3. Dev is used only to choose the window, the L2 weight and the margin (the grid above): each setting's exact
   content F1 on dev is printed and written to `--work/edges-sweep.json`; the best one's weights are written to
   `src/stancemap/models/attribution_edges.json`. PolNeAR's test split is never read.

Retrain after retraining the attribution tagger: the chooser learns the tagger's habits.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import numpy as np  # noqa: E402
import numpy.typing as npt  # noqa: E402
from scipy import optimize, sparse  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from stancemap.attribution.edges import (  # noqa: E402
    EDGES_MODEL,
    END_TEMPLATES,
    START_TEMPLATES,
    TRIMMED,
    EdgeModel,
    TokenView,
    candidates,
    choose_edges,
    load_edges,
    n_features,
    token_view,
)
from stancemap.attribution.evaluate import trim  # noqa: E402
from stancemap.attribution.extract import _EDGE, Grouped, Sentences, _span, group_roles  # noqa: E402
from stancemap.attribution.model import RoleSpan, load_attribution, tag_roles  # noqa: E402
from stancemap.attribution.polnear import PolnearArticle  # noqa: E402
from stancemap.records import Article  # noqa: E402
from training.attribution_corpus import parsed_docs  # noqa: E402


@dataclass(frozen=True, slots=True)
class Prepared:
    """One article as `extract` sees it before the edge chooser."""

    article: PolnearArticle
    doc: Doc
    roles: list[RoleSpan]
    groups: list[Grouped]
    view: TokenView
    tagged: frozenset[tuple[int, int]]
    gold: set[tuple[int, int]]  # trimmed gold content spans


def prepare(split: str, shared: Path, work: Path, held_out: Sequence[Path] = ()) -> list[Prepared]:
    """The split's articles as `extract` sees them before the chooser. With `held_out` taggers (k of them), the
    i-th article is tagged by tagger i % k, which was trained without it (`training/train_attribution.py
    --held-out k`), so the chooser learns from the errors the tagger makes on text it has not seen; otherwise by the
    shipped tagger."""
    from stancemap.nlp import load_nlp

    nlp = load_nlp()
    taggers = [load_attribution(nlp, path) for path in held_out] or [load_attribution(nlp)]
    articles, docs = parsed_docs(split, shared / "data" / "polnear" / split, work, nlp)
    out = []
    for i, (article, doc) in enumerate(zip(articles, docs, strict=True)):
        roles = tag_roles(doc, taggers[i % len(taggers)])
        groups = group_roles(doc, roles, Sentences.of(doc))
        gold = set()
        for relation in article.attributions:
            if relation.content is not None:
                gold.add(trim(article.text, relation.content.start, relation.content.end))
        tagged = frozenset((r.start, r.end) for r in roles if r.label == "CONTENT")
        out.append(Prepared(article, doc, roles, groups, token_view(doc, roles), tagged, gold))
    return out


def _item(prepared: Prepared) -> Article:
    a = prepared.article
    return Article(id=a.id, text=a.text, date=a.date, source=f"{a.id}.txt")


def predicted_span(prepared: Prepared, content: RoleSpan) -> tuple[int, int] | None:
    """The content as the scorer reads it: `extract`'s trimmed span, trimmed again by the scorer."""
    span = _span(_item(prepared), prepared.doc, content, trim=_EDGE)
    if span is None:
        return None
    start, end = trim(prepared.article.text, span.start, span.end)
    return (start, end) if start < end else None


def _edge_chars(text: str, doc: Doc, tokens: npt.NDArray[np.int64], start_edge: bool) -> list[int]:
    """The trimmed character position each candidate gives: a start moves right past trimmed characters, an end
    left."""
    out = []
    for t in tokens.tolist():
        if start_edge:
            char = doc[t].idx
            while char < len(text) and text[char] in TRIMMED:
                char += 1
        else:
            char = doc[t - 1].idx + len(doc[t - 1])
            while char > 0 and text[char - 1] in TRIMMED:
                char -= 1
        out.append(char)
    return out


@dataclass(frozen=True, slots=True)
class Examples:
    """Candidate rows of the contents paired with a gold content whose edge is among their candidates: one-hot
    features, labels (the candidate gives the gold edge), and which content each row belongs to (rows of a content
    are consecutive)."""

    features: sparse.csr_matrix
    labels: npt.NDArray[np.bool_]
    content: npt.NDArray[np.int64]
    counts: dict[str, int]


def examples(data: Sequence[Prepared], window: int, start_edge: bool) -> Examples:
    """The training rows of one edge (`Examples`)."""
    templates = START_TEMPLATES if start_edge else END_TEMPLATES
    rows: list[npt.NDArray[np.int64]] = []
    labels: list[npt.NDArray[np.bool_]] = []
    contents: list[npt.NDArray[np.int64]] = []
    counts = {"contents": 0, "paired": 0, "edge among candidates": 0, "predicted edge right": 0}
    for prepared in data:
        found = candidates(prepared.doc, prepared.view, prepared.groups, prepared.tagged, window, start_edge)
        if len(found.token) == 0:
            continue
        chars = np.array(_edge_chars(prepared.article.text, prepared.doc, found.token, start_edge))
        for g, group in enumerate(prepared.groups):
            counts["contents"] += 1
            span = predicted_span(prepared, group.content)
            mine = found.group == g
            if span is None or not mine.any():
                continue
            overlaps = [(min(span[1], e) - max(span[0], s), (s, e)) for s, e in prepared.gold]
            best = max(overlaps, default=(0, (0, 0)))
            if best[0] <= 0:
                continue
            counts["paired"] += 1
            target = best[1][0] if start_edge else best[1][1]
            label = chars[mine] == target
            if not label.any():
                continue
            counts["edge among candidates"] += 1
            counts["predicted edge right"] += int((span[0] if start_edge else span[1]) == target)
            rows.append(found.features[mine])
            labels.append(label)
            contents.append(np.full(len(label), len(contents), dtype=np.int64))
    features = np.concatenate(rows)
    n, k = features.shape
    matrix = sparse.csr_matrix(
        (np.ones(n * k), features.reshape(-1), np.arange(0, n * k + 1, k)), shape=(n, n_features(templates))
    )
    return Examples(matrix, np.concatenate(labels), np.concatenate(contents), counts)


def fit(data: Examples, l2: float) -> npt.NDArray[np.float64]:
    """Weights of a conditional logit over each content's candidates (the chooser picks one per content, so it is
    trained to rank them: the loss is minus the log of the probability given to the right candidates, a softmax
    over the content's candidates), plus `l2` times the squared weights; L-BFGS from zeros (deterministic)."""
    x, right, group = data.features, data.labels, data.content
    firsts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    x_t = x.T.tocsr()

    def loss(w: npt.NDArray[np.float64]) -> tuple[float, npt.NDArray[np.float64]]:
        s = x @ w
        e = np.exp(s - np.maximum.reduceat(s, firsts)[group])
        total = np.add.reduceat(e, firsts)
        kept = np.add.reduceat(np.where(right, e, 0.0), firsts)
        value = float(-(np.log(kept) - np.log(total)).sum() + l2 * (w @ w))
        gradient = x_t @ (e / total[group] - np.where(right, e, 0.0) / kept[group]) + 2 * l2 * w
        return value, gradient

    result = optimize.minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 300})
    weights: npt.NDArray[np.float64] = result.x
    return weights


def content_f1(data: Sequence[Prepared], model: EdgeModel | None) -> dict[str, float]:
    """Exact content P/R/F1 (the scorer's set matching per article) with the chooser (or without: None)."""
    tp = npred = ngold = 0
    for prepared in data:
        groups = (
            prepared.groups if model is None else choose_edges(prepared.doc, prepared.groups, prepared.roles, model)
        )
        predicted = {span for g in groups if (span := predicted_span(prepared, g.content)) is not None}
        tp += len(predicted & prepared.gold)
        npred += len(predicted)
        ngold += len(prepared.gold)
    p, r = tp / npred if npred else 0.0, tp / ngold if ngold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0, 4)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--work", type=Path, default=ROOT / "training" / "work")
    parser.add_argument("--windows", type=int, nargs="+", default=[60])
    parser.add_argument("--l2", type=float, nargs="+", default=[3.0])
    parser.add_argument("--margins", type=float, nargs="+", default=[0.5])
    parser.add_argument("--no-install", action="store_true")
    parser.add_argument(
        "--held-out", type=Path, nargs="*", default=[], metavar="TAGGER", help="taggers trained without one fold each"
    )
    args = parser.parse_args(argv)

    clock = time.perf_counter()
    train = prepare("train", args.shared, args.work, args.held_out)
    dev = prepare("dev", args.shared, args.work)
    print(f"prepared {len(train)} train and {len(dev)} dev articles in {time.perf_counter() - clock:.0f} s")
    baseline = content_f1(dev, None)
    print(f"dev exact content without the chooser: {baseline}")
    if EDGES_MODEL.is_file():
        print(f"dev exact content with the installed chooser: {content_f1(dev, load_edges(EDGES_MODEL))}")
    sweep: list[dict[str, object]] = []
    best: tuple[float, float, EdgeModel] | None = None
    for window in args.windows:
        starts = examples(train, window, start_edge=True)
        ends = examples(train, window, start_edge=False)
        print(f"window {window}: starts {starts.counts}, {len(starts.labels)} rows")
        print(f"window {window}: ends {ends.counts}, {len(ends.labels)} rows")
        for l2 in args.l2:
            clock = time.perf_counter()
            start_w, end_w = fit(starts, l2), fit(ends, l2)
            for margin in args.margins:
                model = EdgeModel(start_w, end_w, window, margin)
                scores = content_f1(dev, model)
                sweep.append({"window": window, "l2": l2, "margin": margin, "dev": scores})
                print(f"  l2 {l2} margin {margin}: dev {scores} ({time.perf_counter() - clock:.0f} s)", flush=True)
                if best is None or scores["f1"] > best[0]:
                    best = (scores["f1"], l2, model)
    assert best is not None
    chosen = best[2]
    result = {
        "dev_without_chooser": baseline,
        "chosen": {"window": chosen.window, "l2": best[1], "margin": chosen.margin, "dev_f1": best[0]},
        "sweep": sweep,
    }
    (args.work / "edges-sweep.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"chosen: window {chosen.window}, l2 {best[1]}, margin {chosen.margin}, dev exact content F1 {best[0]}")
    if not args.no_install:
        EDGES_MODEL.write_text(json.dumps(chosen.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"installed {EDGES_MODEL} ({EDGES_MODEL.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
