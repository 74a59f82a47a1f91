"""Score the entity-repair rules one by one on GUM dev and GUM train (and, with --test, GUM test and UNER test).

    python bench/ner_rules.py [--model PATH] [--work training/work] [--test] [--out bench/results/ner_rules.json]

The shipped pipeline runs once per set with its ``entity_repair`` component disabled; the recogniser's entities are
then repaired again for each variant: no repair, every shipped rule, every shipped rule but one, and the shipped
rules plus each optional rule of ``stancemap.nlp.entity_repair`` (and all of them, and all but one). NER F1 is
``bench/eval_nlp.py``'s exact-span scorer. GUM dev is the GUM part of ``dev.spacy`` (the documents with entity
annotation; EWT dev has none); GUM train is the part of ``ner-train.spacy`` with trees (the rest is UNER dev).
GUM train is what the NER was trained on, so it is a second check, not a held-out one. The rules are diagnosed on
dev and train only: test is scored here, never read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.eval_nlp import ner_scores  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc, DocBin  # noqa: E402

from stancemap.nlp import MODEL_DIR, load_nlp  # noqa: E402
from stancemap.nlp.entity_repair import OPTIONAL_RULES, RULES, repair_entities  # noqa: E402


def gold_sets(work: Path, nlp: Language, test: bool) -> dict[str, list[Doc]]:
    def read(name: str) -> list[Doc]:
        path = work / f"{name}.spacy"
        if not path.is_file():
            raise SystemExit(f"error: {path}: missing (run python training/convert.py)")
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))

    sets = {
        "gum-dev": [d for d in read("dev") if any(t.ent_iob for t in d)],
        "gum-train": [d for d in read("ner-train") if d.has_annotation("DEP")],
    }
    if test:
        sets["gum-test"] = read("gum-test")
        sets["uner-test"] = read("uner-test")
    return sets


def fingerprint(model: Path) -> str:
    """Names the cache of unrepaired predictions after the weights and patterns that make them."""
    digest = hashlib.sha256()
    for part in ("tok2vec", "tagger", "morphologizer", "parser", "ner", "place_names"):
        for path in sorted((model / part).glob("*")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def unrepaired(nlp: Language, name: str, gold: list[Doc], cache: Path) -> list[Doc]:
    """The pipeline's documents before the repair, cached (running the parser over GUM train takes minutes)."""
    if cache.is_file():
        return list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    with nlp.select_pipes(disable=["entity_repair"]):
        docs = list(nlp.pipe(doc.text for doc in gold))
    cache.parent.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs).to_disk(cache)
    return docs


def variants() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {"no repair": (), "shipped rules": RULES}
    out.update({f"shipped - {rule}": tuple(r for r in RULES if r != rule) for rule in RULES})
    out.update({f"shipped + {rule}": (*RULES, rule) for rule in OPTIONAL_RULES})
    if len(OPTIONAL_RULES) > 1:
        every = (*RULES, *OPTIONAL_RULES)
        out["all rules"] = every
        out.update({f"all - {rule}": tuple(r for r in every if r != rule) for rule in OPTIONAL_RULES})
    return out


def score(predicted: list[Doc], gold: list[Doc], titles: frozenset[str], rules: tuple[str, ...], uner: bool) -> dict:
    repaired = []
    for doc in predicted:
        copy = doc.copy()
        copy.ents = repair_entities(copy, titles, rules)
        repaired.append(copy)
    return ner_scores(list(zip(repaired, gold, strict=True)), uner=uner)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=MODEL_DIR)
    parser.add_argument("--work", type=Path, default=ROOT / "training" / "work")
    parser.add_argument("--test", action="store_true", help="also score GUM test and UNER test")
    parser.add_argument("--out", type=Path, default=None, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    nlp = load_nlp(args.model)
    titles = frozenset(nlp.get_pipe("entity_repair").titles)  # type: ignore[attr-defined]
    key = fingerprint(args.model)
    results: dict[str, dict[str, dict]] = {}
    for name, gold in gold_sets(args.work, nlp, args.test).items():
        predicted = unrepaired(nlp, name, gold, args.work / "ner-rules-cache" / f"{name}-{key}.spacy")
        results[name] = {
            label: score(predicted, gold, titles, rules, name == "uner-test") for label, rules in variants().items()
        }
    names = list(results)
    print(f"{'variant':<26}" + "".join(f"{n:>18}" for n in names))
    for label in variants():
        cells = [results[n][label] for n in names]
        row = "".join(f"{c['ALL']['f1']:>10.4f} {c.get('PERSON', c.get('PER', {})).get('f1', 0):>7.4f}" for c in cells)
        print(f"{label:<26}{row}")
    print("(each set: ALL F1, PERSON or PER F1)")
    if args.out:
        payload = {"command": "python bench/ner_rules.py " + " ".join(argv or sys.argv[1:]), "results": results}
        args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
