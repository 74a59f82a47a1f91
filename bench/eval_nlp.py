"""Evaluate the shipped language pipeline on the held-out treebank and NER sets.

    python bench/eval_nlp.py [--model PATH] [--shared ../shared] [--out bench/results/nlp.json]

Prints UAS/LAS (and tag, POS, lemma, sentence figures) on EWT test and GUM's test documents, from raw text and
again from the treebank's own tokens, NER precision, recall and F1 per label on GUM test and UNER test, and words
per second of the full pipeline on one CPU core with the ratio to spaCy's tokenizer alone timed in the same run.
Text goes in raw (the pipeline tokenizes it; spaCy's scorer aligns its tokens to the gold ones), in chunks of ten
gold sentences. NER counts exact span matches by character offsets.
UNER has PER, ORG and LOC only: our PERSON counts as PER, GPE and LOC as LOC, and NORP is not scored there.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

# One core, one thread: pin before numpy and thinc load their BLAS.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spacy.language import Language  # noqa: E402
from spacy.scorer import Scorer  # noqa: E402
from spacy.tokens import Doc, DocBin  # noqa: E402
from spacy.training import Example  # noqa: E402
from training.convert import convert  # noqa: E402
from training.corpus import uner_label_for_eval  # noqa: E402

from stancemap.nlp import MODEL_DIR, load_nlp  # noqa: E402

SETS = ("ewt-test", "gum-test", "uner-test")
TIMING_RUNS = 3


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "gold": tp + fn, "predicted": tp + fp}


def ner_scores(pairs: list[tuple[Doc, Doc]], uner: bool) -> dict[str, dict[str, float | int]]:
    """Per-label and overall P/R/F1 of exact (start, end, label) matches; gold sentences left unlabelled are
    skipped on both sides."""
    counts: dict[str, Counter[str]] = {}
    for predicted, gold in pairs:
        labelled = [t.ent_iob != 0 for t in gold]
        if not any(labelled):
            continue
        gold_spans = {(e.start_char, e.end_char, e.label_) for e in gold.ents}
        pred_spans: set[tuple[int, int, str]] = set()
        for ent in predicted.ents:
            label = uner_label_for_eval(ent.label_) if uner else ent.label_
            if label is None:
                continue
            gold_tokens = gold.char_span(ent.start_char, ent.end_char, alignment_mode="expand")
            if gold_tokens is not None and not all(labelled[t.i] for t in gold_tokens):
                continue
            pred_spans.add((ent.start_char, ent.end_char, label))
        for label in {s[2] for s in gold_spans | pred_spans}:
            c = counts.setdefault(label, Counter())
            g = {s for s in gold_spans if s[2] == label}
            p = {s for s in pred_spans if s[2] == label}
            c["tp"] += len(g & p)
            c["fp"] += len(p - g)
            c["fn"] += len(g - p)
    out = {label: prf(c["tp"], c["fp"], c["fn"]) for label, c in sorted(counts.items())}
    total = sum(counts.values(), Counter())
    out["ALL"] = prf(total["tp"], total["fp"], total["fn"])
    return out


def tree_scores(nlp: Language, examples: list[Example]) -> dict[str, float]:
    scorer = Scorer(nlp)
    scores = scorer.score(examples)
    keys = ("dep_uas", "dep_las", "tag_acc", "pos_acc", "lemma_acc", "sents_p", "sents_r", "sents_f")
    return {k: round(float(scores[k]), 4) for k in keys if scores.get(k) is not None}


def words_per_second(nlp: Language, texts: list[str]) -> dict[str, float]:
    """Words per CPU-second of this single-threaded process (time.process_time), best of a few passes each: the
    machine is shared, and CPU time counts only the time this process ran, which wall-clock time would not."""
    spacy_tokenizer = getattr(nlp.tokenizer, "tokenizer", nlp.tokenizer)
    words = sum(len(spacy_tokenizer(text)) for text in texts)
    pipeline_s, tokenizer_s = [], []
    for _ in range(TIMING_RUNS):
        start = time.process_time()
        for _doc in nlp.pipe(texts):
            pass
        pipeline_s.append(time.process_time() - start)
        start = time.process_time()
        for text in texts:
            spacy_tokenizer(text)
        tokenizer_s.append(time.process_time() - start)
    pipeline = words / min(pipeline_s)
    tokenizer = words / min(tokenizer_s)
    return {
        "words": words,
        "pipeline_words_per_s": round(pipeline),
        "tokenizer_words_per_s": round(tokenizer),
        "pipeline_to_tokenizer_ratio": round(pipeline / tokenizer, 4),
    }


def model_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def evaluate(model: Path, shared: Path, work: Path) -> dict[str, object]:
    if not all((work / f"{name}.spacy").is_file() for name in SETS):
        convert(shared, work)
    nlp = load_nlp(model)
    results: dict[str, object] = {"model": str(model), "model_bytes": model_bytes(model)}
    all_texts: list[str] = []
    for name in SETS:
        gold_docs = list(DocBin().from_disk(work / f"{name}.spacy").get_docs(nlp.vocab))
        texts = [doc.text for doc in gold_docs]
        predicted = list(nlp.pipe(texts))
        entry: dict[str, object] = {"docs": len(gold_docs), "gold_words": sum(len(d) for d in gold_docs)}
        if name != "uner-test":
            all_texts += texts
            entry["trees"] = tree_scores(nlp, [Example(p, g) for p, g in zip(predicted, gold_docs, strict=True)])
            # The same with the treebank's own tokens given, as parser papers often report it.
            given = [
                Doc(nlp.vocab, words=[t.text for t in g], spaces=[bool(t.whitespace_) for t in g]) for g in gold_docs
            ]
            on_gold = [Example(p, g) for p, g in zip(nlp.pipe(given), gold_docs, strict=True)]
            entry["trees_gold_tokens"] = tree_scores(nlp, on_gold)
        if name != "ewt-test":
            entry["ner"] = ner_scores(list(zip(predicted, gold_docs, strict=True)), uner=name == "uner-test")
        results[name] = entry
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})
    results["speed"] = words_per_second(nlp, all_texts)
    results["speed"]["input"] = "the raw texts of ewt-test and gum-test"  # type: ignore[index]
    return results


def report(results: dict[str, object]) -> str:
    lines = [f"model: {results['model']} ({int(results['model_bytes']) / 1e6:.1f} MB)"]  # type: ignore[call-overload]
    for name in SETS:
        entry = results[name]
        assert isinstance(entry, dict)
        if "trees" in entry:
            t = entry["trees"]
            lines.append(
                f"{name}: UAS {t['dep_uas']:.4f}  LAS {t['dep_las']:.4f}  tag {t['tag_acc']:.4f}  "
                f"POS {t['pos_acc']:.4f}  lemma {t['lemma_acc']:.4f}  sentence F1 {t['sents_f']:.4f}"
            )
        if "trees_gold_tokens" in entry:
            t = entry["trees_gold_tokens"]
            lines.append(
                f"{name} (gold tokens): UAS {t['dep_uas']:.4f}  LAS {t['dep_las']:.4f}  sentence F1 {t['sents_f']:.4f}"
            )
        if "ner" in entry:
            for label, s in entry["ner"].items():
                lines.append(
                    f"{name} NER {label:<7} P {s['p']:.4f}  R {s['r']:.4f}  F1 {s['f1']:.4f}  (gold {s['gold']})"
                )
    speed = results["speed"]
    assert isinstance(speed, dict)
    lines.append(
        f"speed (one core, {speed['words']} words): pipeline {speed['pipeline_words_per_s']} words/s, "
        f"spaCy tokenizer alone {speed['tokenizer_words_per_s']} words/s, "
        f"ratio {speed['pipeline_to_tokenizer_ratio']:.4f}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=MODEL_DIR)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--work", type=Path, default=ROOT / "training" / "work")
    parser.add_argument("--out", type=Path, default=None, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    if not (args.shared / "data" / "ud-ewt").is_dir():
        print(f"error: {args.shared}: no data/ud-ewt here (pass --shared)", file=sys.stderr)
        return 2
    results = evaluate(args.model, args.shared, args.work)
    print(report(results))
    if args.out:
        results["command"] = "python bench/eval_nlp.py " + " ".join(argv if argv is not None else sys.argv[1:])
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
