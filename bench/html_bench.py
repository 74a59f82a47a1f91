"""HTML extraction: body token-F1 and pages/s of `stancemap clean`'s HTML path on ../shared/data/html-articles.

Every page goes through `stancemap.ingest.clean_documents` (gzip reader, trafilatura extraction with our settings,
language detection), exactly as `stancemap clean FOLDER` runs it. The figure is the mean token-F1 of the body
against `ground-truth.json` (`articleBody`) over the English pages, with the tokenisation of
../shared/tools/score.py (`html`); the pages listed in `non-english.txt` are reported with the language detected.
`--compare` also scores other trafilatura option sets, to show why the shipped ones were chosen.

    python bench/html_bench.py [--shared ../shared] [--compare] [--out bench/results/html.json]
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import statistics
import sys
import time
from pathlib import Path

import trafilatura
from copy_paste import token_f1  # the scorer's token-F1, shared with the copy-and-paste benchmark

from stancemap.config import load_settings
from stancemap.ingest import clean_documents
from stancemap.ingest.html import EXTRACTION_OPTIONS, extract_html
from stancemap.records import Article


def option_sets() -> list[dict[str, bool]]:
    """The combinations compared: precision or recall bias, comments, tables, fast mode."""
    sets = []
    for precision, recall, comments, tables, fast in itertools.product([False, True], repeat=5):
        if not (precision and recall):
            sets.append(
                {
                    "favor_precision": precision,
                    "favor_recall": recall,
                    "include_comments": comments,
                    "include_tables": tables,
                    "fast": fast,
                }
            )
    return sets


def compare(pages: dict[str, str], truth: dict[str, str]) -> list[dict[str, object]]:
    rows = []
    for options in option_sets():
        started = time.perf_counter()
        f1s = []
        for key, page in pages.items():
            extracted = extract_html(page, None, options=options)
            f1s.append(token_f1(extracted.text if extracted else "", truth[key]))
        rows.append(
            {
                "options": options,
                "mean_f1": round(statistics.fmean(f1s), 4),
                "pages_per_second": round(len(pages) / (time.perf_counter() - started), 1),
            }
        )
    return sorted(rows, key=lambda r: -float(r["mean_f1"]))  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=None, help="the shared data folder (default: settings)")
    parser.add_argument("--compare", action="store_true", help="also score other trafilatura option sets")
    parser.add_argument("--out", type=Path, default=None, help="write the results here as JSON")
    args = parser.parse_args(argv)
    settings = load_settings()
    folder = (args.shared or settings.shared) / "data" / "html-articles"
    if not folder.is_dir():
        print(f"{folder}: not found (set --shared or STANCEMAP_SHARED)", file=sys.stderr)
        return 2
    truth = {k: v["articleBody"] for k, v in json.loads((folder / "ground-truth.json").read_text("utf-8")).items()}
    non_english = set((folder / "non-english.txt").read_text(encoding="utf-8").split())

    started, cpu_started = time.perf_counter(), time.process_time()
    articles = {a.id: a for a in clean_documents([folder / "html"], settings) if isinstance(a, Article)}
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    english = sorted(k for k in truth if k not in non_english)
    f1s = {k: token_f1(articles[k].text if k in articles else "", truth[k]) for k in english}
    result: dict[str, object] = {
        "input": str(folder),
        "trafilatura": trafilatura.__version__,
        "options": EXTRACTION_OPTIONS,
        "pages": len(truth),
        "english_pages": len(english),
        "mean_f1": round(statistics.fmean(f1s.values()), 4),
        "median_f1": round(statistics.median(f1s.values()), 4),
        "pages_below_0.5": sum(1 for f in f1s.values() if f < 0.5),
        "pages_without_output": sum(1 for k in truth if k not in articles),
        "pages_per_second": round(len(truth) / seconds, 1),
        # CPU time of this process: the rate on a machine shared with other jobs, where wall time says little.
        "pages_per_cpu_second": round(len(truth) / cpu_seconds, 1),
        "english_detected_as": dict(
            sorted(
                {
                    lang: sum(1 for k in english if k in articles and articles[k].language == lang)
                    for lang in {articles[k].language or "none" for k in english if k in articles}
                }.items()
            )
        ),
        "non_english_languages": {k: articles[k].language if k in articles else None for k in sorted(non_english)},
        "per_page": {k: round(f, 4) for k, f in f1s.items()},
    }
    print(
        f"HTML body token-F1 over {len(english)} English pages: {result['mean_f1']:.4f} "
        f"({result['pages_per_second']} pages/s wall, {result['pages_per_cpu_second']} per CPU-second, over all "
        f"{len(truth)} pages, clean_documents end to end)"
    )
    if args.compare:
        pages = {k: gzip.decompress((folder / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8") for k in english}
        result["compare"] = compare(pages, {k: truth[k] for k in english})
        for row in result["compare"]:  # type: ignore[attr-defined]
            print(f"  {row['mean_f1']:.4f}  {row['pages_per_second']:>5} p/s  {row['options']}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
