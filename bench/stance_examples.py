"""Judge the example corpus's GOLD statements on its question, zero-shot, and score against the gold stances.

    python bench/stance_examples.py [--out bench/results/stance_examples.json] [--errors] [--extracted]

Input: src/stancemap/examples/EXPECTED.json (each English article's statements: content, speaker, article, gold
`stance`) and the corpus texts as `stancemap clean` gives them (for the neighbouring sentences). The judge is the
one `stancemap stance` runs (`Judge.judge_all` per article, no labels, no embeddings). Prints macro-F1 over
support / oppose / neutral, per-class F1, and the per-actor final stance accuracy: `stancemap.mapping.positions`
over the judged gold statements against EXPECTED's `actors` (so attribution errors play no part). `--errors` lists
the statements whose judged stance differs from the gold one. `--extracted` also maps the statements `stancemap
extract` finds in the corpus (what `stancemap demo` maps) and counts the gold actors on that map and those right.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from stancemap.config import Settings
from stancemap.examples import CORPUS, EXPECTED, QUESTION
from stancemap.examples.gold import extracted_statements, gold_statements
from stancemap.ingest import clean_documents
from stancemap.mapping.positions import positions
from stancemap.mapping.statements import StancedStatement
from stancemap.records import Article, Statement
from stancemap.stance.items import item_from_json
from stancemap.stance.judge import CLASSES, Judge
from stancemap.stance.questions import load_question


def corpus_texts() -> dict[str, str]:
    """Each cleaned article's text as the gold offsets index it, by article id."""
    texts = {}
    for item in clean_documents([CORPUS], Settings()):
        if isinstance(item, Article):
            texts[item.id] = item.raw if item.raw is not None else item.text
    return texts


def macro_f1(gold: list[str], predicted: list[str]) -> tuple[float, dict[str, float]]:
    per_class = {}
    for label in CLASSES:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        per_class[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return sum(per_class.values()) / len(per_class), per_class


def evaluate(show_errors: bool = False, extracted: bool = False) -> dict[str, Any]:
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    question = load_question(QUESTION)
    texts = corpus_texts()
    gold = gold_statements(texts)
    gold_labels = {}
    story = {}
    for a in expected["articles"]:
        story[a["article"]] = a.get("copy_of") or a["article"]
        for s in a["statements"]:
            gold_labels[(a["article"], s["content"]["text"])] = s["stance"]["label"]
    judge = Judge(question)
    stanced = judge_statements(judge, gold, texts, story)
    rows = [
        {
            "article": st.statement.article,
            "speaker": st.statement.speaker,
            "text": st.statement.content.text,
            "gold": gold_labels[(st.statement.article, st.statement.content.text)],
            "judged": st.stance.label,
        }
        for st in stanced
    ]
    f1, per_class = macro_f1([r["gold"] for r in rows], [r["judged"] for r in rows])
    actors = compare_actors(expected["actors"], stanced, question.id)
    right = sum(1 for a in actors if a["gold"] == a["judged"])
    result: dict[str, Any] = {
        "command": "python bench/stance_examples.py --extracted --out bench/results/stance_examples.json",
        "input": "src/stancemap/examples/EXPECTED.json gold statements (English articles), question " + question.id,
        "statements": len(rows),
        "gold_counts": dict(Counter(r["gold"] for r in rows)),
        "judged_counts": dict(Counter(r["judged"] for r in rows)),
        "macro_f1": round(f1, 3),
        "per_class_f1": {k: round(v, 3) for k, v in per_class.items()},
        "statement_accuracy": round(sum(1 for r in rows if r["gold"] == r["judged"]) / len(rows), 3),
        "actors": len(actors),
        "actors_right": right,
        "actor_accuracy": round(right / len(actors), 3),
        "per_actor": actors,
    }
    if extracted:
        # The demo's path: statements as `stancemap extract` finds them (attribution errors included).
        found, _ = extracted_statements()
        on_map = judge_statements(judge, found, texts, story)
        mapped = compare_actors(expected["actors"], on_map, question.id)
        present = [a for a in mapped if a["judged"] is not None]
        result["extracted"] = {
            "statements": len(on_map),
            "gold_actors_on_map": len(present),
            "gold_actors_right": sum(1 for a in present if a["gold"] == a["judged"]),
            "per_actor": mapped,
        }
    if show_errors:
        result["errors"] = [r for r in rows if r["gold"] != r["judged"]]
    return result


def judge_statements(
    judge: Judge, statements: list[Statement], texts: dict[str, str], story: dict[str, str]
) -> list[StancedStatement]:
    """Judge statements per article (as `stancemap stance` does) and wrap them for the map."""
    by_article: dict[str, list[Statement]] = {}
    for statement in statements:
        by_article.setdefault(statement.article, []).append(statement)
    stanced: list[StancedStatement] = []
    for article, group in by_article.items():
        items = [item_from_json(s.to_json(), texts.get(article)) for s in group]
        for statement, judged in zip(group, judge.judge_all(items), strict=True):
            stanced.append(
                StancedStatement(statement, judged.stance(), story.get(article, article), order=len(stanced))
            )
    return stanced


def compare_actors(
    expected: list[dict[str, Any]], stanced: list[StancedStatement], question: str
) -> list[dict[str, Any]]:
    """Each EXPECTED actor's gold final stance beside the map's (None when the actor is not on the map)."""
    found = {p.actor: p.stance for p in positions(stanced, question)}
    return [{"actor": a["actor"], "gold": a["stance"], "judged": found.get(a["actor"])} for a in expected]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--errors", action="store_true", help="list the statements judged wrongly")
    parser.add_argument("--extracted", action="store_true", help="also map the statements `extract` finds")
    args = parser.parse_args(argv)
    result = evaluate(args.errors, args.extracted)
    summary = {k: v for k, v in result.items() if k not in {"per_actor", "errors"}}
    if "extracted" in summary:
        summary["extracted"] = {k: v for k, v in result["extracted"].items() if k != "per_actor"}
    print(json.dumps(summary, indent=2))
    for a in result["per_actor"]:
        mark = "ok " if a["gold"] == a["judged"] else "BAD"
        print(f"{mark} {a['actor']}: gold {a['gold']}, judged {a['judged']}")
    for r in result.get("errors", []):
        print(f"[{r['gold']} -> {r['judged']}] {r['speaker']}: {r['text']}")
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
