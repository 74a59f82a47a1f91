"""Speaker resolution on gold spans: PolNeAR dev's relations for the 30 stance-dev articles, resolved by
`stancemap.attribution.speakers.resolve_speakers`, scored against the stance-dev labels.

    python bench/speakers_gold.py [--shared ../shared] [--out FILE.jsonl] > bench/results/speakers_gold.json
    stancemap eval speakers --predictions FILE.jsonl     # the same overall figures, from the CLI

Each gold relation (first annotator file) becomes one `Statement` with the gold source, cue and content spans and
the resolved speaker; sources are handed over in text order (by the start of the source, or of the cue where there
is none). The articles are split by their index in name order: even indices are the half the resolver was developed
on (errors read, weights set), odd indices were only ever scored in aggregate (held out).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from stancemap.attribution.evaluate import SpeakerLabel, gold_statements, read_speaker_labels, score_speakers
from stancemap.attribution.polnear import PolnearArticle, read_split
from stancemap.attribution.speakers import resolve_speakers
from stancemap.config import load_settings
from stancemap.nlp import load_nlp
from stancemap.records import Statement


def resolved_statements(article: PolnearArticle) -> list[Statement]:
    """The article's gold statements with speakers resolved from their gold source spans."""
    statements = gold_statements(article)
    order = sorted(
        range(len(statements)),
        key=lambda i: (statements[i].speaker_mention or statements[i].cue or statements[i].content).start,
    )
    sources = [(s.start, s.end) if (s := statements[i].speaker_mention) is not None else None for i in order]
    doc = load_nlp()(article.text)
    published = date.fromisoformat(article.date[:10]) if article.date else None
    speakers = resolve_speakers(doc, sources, published)
    out = list(statements)
    for i, speaker in zip(order, speakers, strict=True):
        gold = statements[i]
        out[i] = Statement(
            article=gold.article,
            content=gold.content,
            kind=gold.kind,
            speaker=speaker.name,
            speaker_kind=speaker.kind,
            speaker_mention=gold.speaker_mention,
            cue=gold.cue,
            role=speaker.role,
            anonymous=speaker.anonymous,
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=None, help="the shared folder (default: settings)")
    parser.add_argument("--out", type=Path, default=Path("bench/work/speakers_gold.jsonl"))
    args = parser.parse_args()
    shared = args.shared or load_settings().shared
    labels_path = shared / "data" / "stance-dev" / "labels.jsonl"
    split = shared / "data" / "polnear" / "dev"
    labels = read_speaker_labels(labels_path)
    docs = sorted({label.doc for label in labels})
    wanted = set(docs)
    articles = [a for a in read_split(split) if a.id in wanted]
    statements = [s for a in articles for s in resolved_statements(a)]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(s.to_json()) + "\n" for s in statements), encoding="utf-8")

    def score(subset: list[SpeakerLabel]) -> dict[str, Any]:
        return score_speakers(subset, split, statements).to_json()

    developed = {d for i, d in enumerate(docs) if i % 2 == 0}
    result = {
        "command": "python bench/speakers_gold.py > bench/results/speakers_gold.json",
        "input": f"{split} (first annotator files) for the {len(docs)} articles of {labels_path}",
        "statements": len(statements),
        "all": score(labels),
        "developed_half_even": score([x for x in labels if x.doc in developed]),
        "held_out_half_odd": score([x for x in labels if x.doc not in developed]),
        "held_out_docs": sorted(set(docs) - developed),
    }
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
