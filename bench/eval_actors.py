"""Actor resolution on GUM's test documents: entity linking and within-document name coreference.

    python bench/eval_actors.py [--shared ../shared] [--out bench/results/actors.json]

Input: the GUM test documents of ../shared/data/gum (the official test split of splits.md, those of the openly
licensed genres that are present), gold mention spans and types from the `Entity=` annotations in MISC.

Named mentions: gold mentions (person, place, organization) whose head token is a proper noun. The mention handed to
the resolver is the run of proper nouns around the head; words of the gold span before it go in as the title. All
named mentions of a document are resolved together, in text order, with no article date (GUM gives none).

1. Entity linking. GUM links mentions to Wikipedia titles (WikiGUM), not to Wikidata ids. A gold title is *covered*
   when some knowledge-file entry of a matching kind has that title, disambiguation included, as its name or an
   alias after normalisation (accents, case, punctuation): "Otto_Jespersen" needs a person named Otto Jespersen,
   "Georgia_(U.S._state)" is covered by nothing. Coverage = covered mentions / linked mentions. Accuracy on covered
   = mentions whose resolved actor id is one of the matching entries / covered mentions.
2. Name coreference: for the named person mentions of a document, every pair is scored (pairwise precision, recall,
   F1: a pair is predicted coreferent when both mentions got the same actor id, gold when they are in the same GUM
   chain), and link accuracy: the share of non-first named mentions of a chain resolved to the same actor as the
   chain's first named mention.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from stancemap.actors import Mention, load_knowledge, resolve_mentions  # noqa: E402

LABELS = {"person": "PERSON", "place": "GPE", "organization": "ORG"}
KINDS = {"person": ("person",), "place": ("country", "place"), "organization": ("organization",)}


@dataclass
class Token:
    form: str
    upos: str
    head: int  # index in the document, -1 for the root
    space_after: bool


@dataclass
class GoldMention:
    chain: str
    etype: str
    identity: str | None
    start: int
    end: int  # token indices in the document, end exclusive
    minspan: tuple[int, ...] = ()  # GUM's minimal span: 1-based positions inside the mention ("United States")


def read_doc(path: Path) -> tuple[list[Token], list[GoldMention]]:
    """Tokens and gold mentions of one GUM conllu document (multi-word token lines and empty nodes skipped)."""
    tokens: list[Token] = []
    mentions: list[GoldMention] = []
    open_stack: dict[str, list[GoldMention]] = {}
    sentence_base = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line:
            sentence_base = len(tokens)
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue
        head = int(cols[6]) if cols[6].isdigit() else 0
        misc = cols[9]
        i = len(tokens)
        tokens.append(Token(cols[1], cols[3], sentence_base + head - 1 if head else -1, "SpaceAfter=No" not in misc))
        entity = next((f[len("Entity=") :] for f in misc.split("|") if f.startswith("Entity=")), "")
        for opened, closed in re.findall(r"\(([^()]+)|(\d+)\)", entity):
            if opened:
                fields = opened.split("-")
                chain, etype = fields[0], fields[1]
                identity = unquote("-".join(fields[7:])).replace("_", " ") if len(fields) > 7 else None
                minspan = tuple(int(x) for x in fields[5].split(",") if x.isdigit()) if len(fields) > 5 else ()
                mention = GoldMention(chain, etype, identity or None, i, i + 1, minspan)
                mentions.append(mention)
                open_stack.setdefault(chain, []).append(mention)
            if closed and open_stack.get(closed):
                open_stack[closed].pop().end = i + 1
        # "(12-place-...-Jutland)" opens and closes on one token: the regex sees "(...Jutland" then ")" alone.
        for single in re.findall(r"\(([^()]+)\)", entity):
            chain = single.split("-")[0]
            if open_stack.get(chain):
                open_stack[chain].pop().end = i + 1
    return tokens, mentions


def named_span(tokens: list[Token], mention: GoldMention) -> tuple[int, int] | None:
    """(name start, name end) when the mention's head is a proper noun: GUM's minimal span ("United States" of "the
    United States", "Jespersen" of "the linguist Jespersen")."""
    inside = range(mention.start, mention.end)
    heads = [i for i in inside if tokens[i].head not in inside]
    if not heads or tokens[heads[0]].upos != "PROPN":
        return None
    if mention.minspan:
        start, end = mention.start + min(mention.minspan) - 1, mention.start + max(mention.minspan)
        if mention.start <= start < end <= mention.end:
            return start, end
    return heads[0], heads[0] + 1


def text_of(tokens: list[Token], start: int, end: int) -> str:
    return "".join(
        t.form + (" " if t.space_after and k < end - 1 else "") for k, t in enumerate(tokens[start:end], start)
    )


def test_documents(gum: Path) -> list[Path]:
    splits = (gum / "splits.md").read_text(encoding="utf-8")
    test = re.search(r"^## test\s*$(.*?)^## ", splits, re.M | re.S)
    names = re.findall(r"\*\s+(\S+)", test.group(1) if test else "")
    return [gum / f"{name}.conllu" for name in names if (gum / f"{name}.conllu").is_file()]


def evaluate(shared: Path) -> dict[str, object]:
    kb = load_knowledge()
    docs = test_documents(shared / "data" / "gum")
    linking = {etype: {"linked": 0, "covered": 0, "correct": 0} for etype in LABELS}
    pairs = {"tp": 0, "fp": 0, "fn": 0}
    links = {"mentions": 0, "correct": 0}
    errors: list[dict[str, str]] = []
    started = time.perf_counter()
    for path in docs:
        tokens, gold = read_doc(path)
        named = []
        for g in sorted(gold, key=lambda m: (m.start, -m.end)):
            if g.etype not in LABELS:
                continue
            span = named_span(tokens, g)
            if span is None:
                continue
            start, end = span
            title_start = g.start + (1 if tokens[g.start].upos == "DET" else 0)
            title = text_of(tokens, title_start, start) if start > title_start else None
            mention = Mention(text_of(tokens, start, end), LABELS[g.etype], start, end, title=title)
            named.append((g, mention))
        resolved = resolve_mentions([m for _, m in named], None, kb)
        for (g, mention), r in zip(named, resolved, strict=True):
            if g.identity is None:
                continue
            counts = linking[g.etype]
            counts["linked"] += 1
            targets = {e.id for e in kb.lookup(g.identity, KINDS[g.etype])}
            if not targets:
                continue
            counts["covered"] += 1
            if r.actor is not None and r.actor.id in targets:
                counts["correct"] += 1
            elif len(errors) < 40:
                got = r.actor.id if r.actor else None
                errors.append({"doc": path.stem, "mention": mention.text, "gold": g.identity, "got": str(got)})
        people = [
            (g.chain, r.actor.id if r.actor else f"none:{k}")
            for k, ((g, _), r) in enumerate(zip(named, resolved, strict=True))
            if g.etype == "person"
        ]
        for a in range(len(people)):
            for b in range(a + 1, len(people)):
                same_gold, same_pred = people[a][0] == people[b][0], people[a][1] == people[b][1]
                pairs["tp"] += same_gold and same_pred
                pairs["fp"] += same_pred and not same_gold
                pairs["fn"] += same_gold and not same_pred
        first: dict[str, str] = {}
        for chain, actor in people:
            if chain in first:
                links["mentions"] += 1
                links["correct"] += actor == first[chain]
            else:
                first[chain] = actor
    precision = pairs["tp"] / max(1, pairs["tp"] + pairs["fp"])
    recall = pairs["tp"] / max(1, pairs["tp"] + pairs["fn"])
    return {
        "input": f"{shared}/data/gum: {len(docs)} test documents ({', '.join(p.stem for p in docs)})",
        "entity_linking": {
            etype: {
                **c,
                "coverage": round(c["covered"] / max(1, c["linked"]), 3),
                "accuracy_on_covered": round(c["correct"] / max(1, c["covered"]), 3),
                "accuracy_overall": round(c["correct"] / max(1, c["linked"]), 3),
            }
            for etype, c in linking.items()
        },
        "name_coreference": {
            "pairwise": {
                **pairs,
                "precision": round(precision, 3),
                "recall": round(recall, 3),
                "f1": round(2 * precision * recall / max(1e-9, precision + recall), 3),
            },
            "link_to_first_named": {**links, "accuracy": round(links["correct"] / max(1, links["mentions"]), 3)},
        },
        "seconds": round(time.perf_counter() - started, 2),
        "linking_errors_sample": errors,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "actors.json")
    args = parser.parse_args(argv)
    if not (args.shared / "data" / "gum" / "splits.md").is_file():
        print(f"{args.shared}: no data/gum/splits.md (set --shared)", file=sys.stderr)
        return 2
    result = {"command": "python bench/eval_actors.py", **evaluate(args.shared)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    summary = {k: v for k, v in result.items() if k != "linking_errors_sample"}
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
