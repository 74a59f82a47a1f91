"""Score `extract` on a PolNeAR split, and time it against the spaCy pipeline alone on the same texts.

    python bench/extract_polnear.py [--split dev] [--shared ../shared] [--model PATH] [--pipeline PATH]
                                    [--predictions OUT.jsonl] [--out bench/results/extract_polnear.json]

Each article goes in as its text file reads, with its publication date from metadata.tsv, so offsets index the
file like the gold ones (the CLI does the same for .txt inputs: `stancemap extract DIR/text`). Prints exact-match
and token-overlap P/R/F1 of source, cue and content (`stancemap.attribution.evaluate.score_polnear`, the shared
scorer's definitions). Speed, on one thread, in one run: the main pipeline alone over all texts, then the whole
extract over the same texts (parse + tagger + grouping + speakers + dates), three runs each interleaved, medians;
both in batches of `extract_articles`' size (16 articles), as `stancemap extract` runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

ROOT = Path(__file__).resolve().parent.parent

from stancemap.attribution.evaluate import score_polnear  # noqa: E402
from stancemap.attribution.extract import BATCH_SIZE, extract_batch  # noqa: E402
from stancemap.attribution.model import load_attribution  # noqa: E402
from stancemap.attribution.polnear import read_split  # noqa: E402
from stancemap.nlp import load_nlp  # noqa: E402
from stancemap.records import Article, Statement  # noqa: E402

TIMING_RUNS = 3


def _describe(meta: dict[str, object]) -> str:
    """Which language pipeline parsed the texts (the tagger reads its tags and dependencies)."""
    performance = meta.get("performance")
    scores = performance if isinstance(performance, dict) else {}
    return f"{meta.get('name')} {meta.get('version')}, UAS {scores.get('dep_uas')}, NER F {scores.get('ents_f')}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--model", type=Path, default=None, help="an attribution model folder (default: shipped)")
    parser.add_argument(
        "--pipeline", type=Path, default=None, help="a language pipeline folder (default: shipped en_stancemap)"
    )
    parser.add_argument("--predictions", type=Path, default=None, help="also write the statements here (JSONL)")
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)

    split_dir = args.shared / "data" / "polnear" / args.split
    gold = read_split(split_dir)
    articles = [Article(id=a.id, text=a.text, date=a.date, source=f"{a.id}.txt") for a in gold]
    nlp = load_nlp(args.pipeline) if args.pipeline else load_nlp()
    model = load_attribution(nlp, args.model) if args.model else load_attribution(nlp)

    def extract_all() -> list[Statement]:
        """What `extract_articles` does, with this run's pipeline and tagger."""
        docs = list(nlp.pipe((a.text for a in articles), batch_size=BATCH_SIZE))
        found: list[Statement] = []
        for i in range(0, len(articles), BATCH_SIZE):
            batch = list(zip(articles[i : i + BATCH_SIZE], docs[i : i + BATCH_SIZE], strict=True))
            for statements_of_one in extract_batch(batch, model):
                found.extend(statements_of_one)
        return found

    statements = extract_all()
    if args.predictions:
        args.predictions.write_text(
            "".join(json.dumps(s.to_json(), ensure_ascii=False) + "\n" for s in statements), encoding="utf-8"
        )
    scores = score_polnear(gold, statements)
    result: dict[str, object] = {
        "split": args.split,
        "articles": len(articles),
        "pipeline": _describe(nlp.meta),
        "statements": len(statements),
        **scores.to_json(),
    }
    for match, rows in (("exact", scores.exact), ("token", scores.token)):
        for s in rows:
            print(f"{match:5} {s.role:8} P {100 * s.precision:5.1f}  R {100 * s.recall:5.1f}  F1 {100 * s.f1:5.1f}")

    if not args.no_timing:
        words = sum(len(doc) for doc in nlp.pipe(a.text for a in articles))
        pipeline_s, extract_s = [], []
        for _ in range(TIMING_RUNS):
            start = time.perf_counter()
            for _doc in nlp.pipe((a.text for a in articles), batch_size=BATCH_SIZE):
                pass
            pipeline_s.append(time.perf_counter() - start)
            start = time.perf_counter()
            extract_all()
            extract_s.append(time.perf_counter() - start)
        p, e = statistics.median(pipeline_s), statistics.median(extract_s)
        result["speed"] = {
            "words": words,
            "pipeline_seconds": [round(x, 2) for x in pipeline_s],
            "extract_seconds": [round(x, 2) for x in extract_s],
            "pipeline_words_per_s": round(words / p),
            "extract_words_per_s": round(words / e),
            "extract_to_pipeline": round(p / e, 3),
        }
        print(f"speed: pipeline {words / p:,.0f} words/s, extract {words / e:,.0f} words/s, ratio {p / e:.3f}")
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
