"""How much stance-dev's labels could teach the judge at most, given what the judge reads (issue #5's open point).

    python bench/stance_label_bounds.py [--draws 10] [--out bench/results/stance_label_bounds.json]

Three measurements on ../shared/data/stance-dev (918 statements, questions trump and clinton):

1. Evidence-signature ceiling. Each statement's signature is the zero-shot judge's predicted class and its discrete
   rule evidence (self-reference, allegiance, third party, reporting, named, linked, relevance in halves, a support
   or oppose cue). Any learner over the rule evidence can at best give every statement of one signature one answer.
   `in_sample`: signatures relabelled greedily with the gold of every statement, the same statements scored (an
   upper bound no learner reaches). `leave_one_article_out`: each signature with at least `--min-count` labelled
   statements in the other articles takes their majority label (what all ~890 other labels teach at most).
2. Labels from the corpus being mapped (the web page's correction loop): k labels drawn from all statements, the
   judge adapted to them judges every article, and both it and the zero-shot judge are scored on the statements
   left unlabelled; mean difference over draws and how many draws gained or lost.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.stance_bench import QUESTIONS, load_dev, macro_f1  # noqa: E402

from stancemap.config import load_settings  # noqa: E402
from stancemap.stance.items import StanceItem  # noqa: E402
from stancemap.stance.judge import CLASSES, Judge, Judgement  # noqa: E402
from stancemap.stance.learn import Label, adapted_judge  # noqa: E402
from stancemap.stance.questions import load_question  # noqa: E402

Signature = tuple[object, ...]


def judge_by_article(judge: Judge, items: list[StanceItem]) -> list[Judgement]:
    by_article: dict[str, list[int]] = defaultdict(list)
    for n, item in enumerate(items):
        by_article[item.article].append(n)
    out: list[Judgement | None] = [None] * len(items)
    for idx in by_article.values():
        for n, judgement in zip(idx, judge.judge_all([items[n] for n in idx]), strict=True):
            out[n] = judgement
    return [j for j in out if j is not None]


def signature(judgement: Judgement) -> Signature:
    ev = judgement.evidence
    return (
        judgement.stance().label,
        ev.self_reference,
        (ev.allegiance > 0) - (ev.allegiance < 0),
        ev.third_party,
        ev.reporting,
        ev.named,
        ev.linked,
        round(ev.relevance * 2) / 2,
        ev.cues > 0,
        ev.cues < 0,
    )


def in_sample_ceiling(sigs: list[Signature], gold: list[str], rounds: int = 3) -> float:
    current = [str(s[0]) for s in sigs]
    best = macro_f1(list(zip(gold, current, strict=True)))[0]
    members: dict[Signature, list[int]] = defaultdict(list)
    for n, s in enumerate(sigs):
        members[s].append(n)
    for _ in range(rounds):
        for idx in members.values():
            for label in CLASSES:
                trial = list(current)
                for n in idx:
                    trial[n] = label
                f1 = macro_f1(list(zip(gold, trial, strict=True)))[0]
                if f1 > best + 1e-9:
                    best, current = f1, trial
    return best


def article_majority(items: list[StanceItem], sigs: list[Signature], gold: list[str], min_count: int) -> float:
    pred = [str(s[0]) for s in sigs]
    for article in {item.article for item in items}:
        counts: dict[Signature, Counter[str]] = defaultdict(Counter)
        for item, s, g in zip(items, sigs, gold, strict=True):
            if item.article != article:
                counts[s][g] += 1
        for n, item in enumerate(items):
            if item.article == article and sum(counts[sigs[n]].values()) >= min_count:
                pred[n] = counts[sigs[n]].most_common(1)[0][0]
    return macro_f1(list(zip(gold, pred, strict=True)))[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--draws", type=int, default=10)
    parser.add_argument("--k", type=int, nargs="+", default=[10, 20, 50])
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    items, gold_by_key, _ = load_dev(load_settings().shared)
    results: dict[str, object] = {"command": "python " + " ".join(["bench/stance_label_bounds.py", *sys.argv[1:]])}
    for qid in ("trump", "clinton"):
        question = load_question(QUESTIONS / f"{qid}.toml")
        base = Judge(question)
        gold = [gold_by_key[item.key][qid] for item in items]
        zero = judge_by_article(base, items)
        sigs = [signature(j) for j in zero]
        zero_pred = [j.stance().label for j in zero]
        entry: dict[str, object] = {
            "zero_shot": round(macro_f1(list(zip(gold, zero_pred, strict=True)))[0], 4),
            "signatures": len(set(sigs)),
            "signature_in_sample_ceiling": round(in_sample_ceiling(sigs, gold), 4),
            f"signature_majority_leave_one_article_out_min{args.min_count}": round(
                article_majority(items, sigs, gold, args.min_count), 4
            ),
        }
        for k in args.k:
            gains = []
            for seed in range(args.draws):
                picked = set(random.Random(seed).sample(range(len(items)), k))
                judge = adapted_judge(base, [Label(qid, gold[n], items[n]) for n in sorted(picked)])
                adapted = [j.stance().label for j in judge_by_article(judge, items)]
                rest = [n for n in range(len(items)) if n not in picked]
                before = macro_f1([(gold[n], zero_pred[n]) for n in rest])[0]
                after = macro_f1([(gold[n], adapted[n]) for n in rest])[0]
                gains.append(after - before)
            entry[f"same_corpus_{k}_labels"] = {
                "mean_gain": round(statistics.mean(gains), 4),
                "draws_gained": sum(g > 0 for g in gains),
                "draws_lost": sum(g < 0 for g in gains),
            }
        results[qid] = entry
        print(qid, json.dumps(entry), file=sys.stderr)
    text = json.dumps(results, indent=2)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
