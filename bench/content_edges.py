"""Why `extract`'s contents miss PolNeAR's exact spans: every predicted content that overlaps a gold content without
equalling it, classified by which edge is off, which way, and by what; and a check of the tagger's training spans.

    nice -n 5 python bench/content_edges.py [--split train] [--limit N] [--shared ../shared] [--pipeline PATH]
                                            [--out bench/results/content_edges.json] [--show KIND] [--no-edge-model]

Diagnosis is done on PolNeAR train (the default), never dev: the rules it argues for must not be fitted to dev.

1. Edges. Each article goes through the shipped extractor's steps (parse, tag, join pieces, group, the learned edge
   chooser unless `--no-edge-model`, trim) as `extract_statements` runs them, keeping where each content came from:
   one tagged span, pieces joined, or a cue's rest of sentence (no content tagged), and whether the chooser moved
   its edges. Predicted and gold contents are compared as the scorer does (trimmed
   character spans), and paired one to one by most overlap. A wrong edge is described by the stretch of text
   between the two edges: "early" start / "late" end means the prediction takes in that stretch, "late" start /
   "early" end means it leaves it out. The stretch is put in the first kind that fits (`_stretch_kind`).
   `one_edge_off` counts pairs whose other edge is right: what fixing that kind alone would turn into exact matches.
2. Training spans. `training/attribution_corpus.gold_doc` turns the gold roles into the tagger's entities; here the
   converted entities go through `join_pieces` and `group_roles` as the tagger's would (the oracle), and their
   trimmed spans are compared with the scorer's trimmed gold spans, per role; the leftovers are classified. It also
   counts how the entities' edges sit against the trimmed spans (quotation marks and punctuation inside the entity
   or outside it), since the recogniser learns its edges from them.

3. Sources. Each gold source (trimmed) is classed by what became of it: attached to a statement with the exact
   span; tagged exactly but attached to none (its cue tagged or not); tagged overlapping it, not exactly; not tagged.

No article text is written to the results; `--show KIND` prints that kind's stretches to stderr for reading.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from spacy.tokens import Doc  # noqa: E402
from training.attribution_corpus import gold_doc  # noqa: E402

from stancemap.attribution.dates import find_dates  # noqa: E402
from stancemap.attribution.edges import choose_edges  # noqa: E402
from stancemap.attribution.evaluate import QUOTES, trim  # noqa: E402
from stancemap.attribution.extract import _EDGE, Grouped, Sentences, _char_range, _span, group_roles  # noqa: E402
from stancemap.attribution.model import RoleSpan, join_pieces, load_attribution, tag_pieces  # noqa: E402
from stancemap.attribution.polnear import GoldAttribution, PolnearArticle, read_split  # noqa: E402
from stancemap.nlp import load_nlp  # noqa: E402
from stancemap.records import Article  # noqa: E402

ROLES = ("source", "cue", "content")
# Any date will do: only whether a stretch is a date expression matters, not which day it names.
_SOME_DATE = "2016-06-15"


@dataclass(frozen=True, slots=True)
class Predicted:
    start: int
    end: int
    # "tagged", "joined" (pieces put together) or "rest of sentence" (a cue's fallback), with ", edges moved" when
    # the edge chooser changed the content
    origin: str
    cue: tuple[int, int] | None
    pieces: tuple[tuple[int, int], ...]  # the tagger's pieces inside it (character ranges)


@dataclass(frozen=True, slots=True)
class GoldContent:
    start: int
    end: int
    relation: GoldAttribution


def _trimmed(text: str, span: tuple[int, int]) -> tuple[int, int]:
    return trim(text, span[0], span[1])


def predicted_contents(
    article: Article,
    doc: Doc,
    pieces: list[RoleSpan],
    groups: list[Grouped],
    joined: list[RoleSpan],
    grouped: list[Grouped] | None = None,
) -> list[Predicted]:
    """The contents `extract_statements` would print for these groups, scorer-trimmed, with their origin.
    `grouped`: the same groups before the edge chooser (None: it was not run)."""
    tagged = {(r.start, r.end) for r in joined if r.label == "CONTENT"}
    out = []
    for n, group in enumerate(groups):
        before = grouped[n].content if grouped is not None else group.content
        span = _span(article, doc, group.content, trim=_EDGE)
        if span is None:
            continue
        start, end = trim(article.text, span.start, span.end)
        if start == end:
            continue
        content = group.content
        if (before.start, before.end) not in tagged:
            origin = "rest of sentence"
        else:
            origin = "joined" if before.pieces > 1 else "tagged"
        if before != content:
            origin += ", edges moved"
        inner = tuple(
            _char_range(doc, p)
            for p in pieces
            if p.label in ("CONTENT", "CONTINUATION") and content.start <= p.start and p.end <= content.end
        )
        cue = _char_range(doc, group.cue) if group.cue else None
        out.append(Predicted(start, end, origin, cue, inner))
    return out


def gold_contents(article: PolnearArticle) -> tuple[list[GoldContent], int]:
    """Trimmed gold content extents (as scored), and how many are annotated backwards (unmatchable)."""
    out, backwards = [], 0
    for relation in article.attributions:
        if relation.content is None:
            continue
        if relation.content.end <= relation.content.start:
            backwards += 1
            continue
        start, end = trim(article.text, relation.content.start, relation.content.end)
        if start < end:
            out.append(GoldContent(start, end, relation))
    return out, backwards


def _piece_runs(text: str, doc: Doc, pieces: list[RoleSpan], longest: int = 8) -> dict[tuple[int, int], int]:
    """Trimmed character extents of every run of up to `longest` consecutive content pieces, with the run's length
    (the shortest run giving that extent)."""
    content = [p for p in pieces if p.label in ("CONTENT", "CONTINUATION")]
    runs: dict[tuple[int, int], int] = {}
    for i, first in enumerate(content):
        for j in range(i, min(i + longest, len(content))):
            start, end = _char_range(doc, RoleSpan("CONTENT", first.start, content[j].end))
            runs.setdefault(trim(text, start, end), j - i + 1)
    return runs


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def pair_up(
    predicted: list[Predicted], gold: list[GoldContent]
) -> tuple[list[tuple[Predicted, GoldContent]], int, int, int]:
    """Exact matches first, then the rest one to one by most overlap. Returns the inexact pairs, and the counts of
    exact matches, predictions overlapping nothing left, and gold contents overlapped by no prediction."""
    gold_spans = {(g.start, g.end) for g in gold}
    exact = {(p.start, p.end) for p in predicted} & gold_spans
    rest_p = [p for p in predicted if (p.start, p.end) not in exact]
    rest_g = [g for g in gold if (g.start, g.end) not in exact]
    candidates = sorted(
        (
            (-_overlap((p.start, p.end), (g.start, g.end)), i, j)
            for i, p in enumerate(rest_p)
            for j, g in enumerate(rest_g)
            if _overlap((p.start, p.end), (g.start, g.end)) > 0
        ),
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((rest_p[i], rest_g[j]))
    # A prediction left over may still overlap a gold content another prediction took: a duplicate, not an edge.
    lone_p = sum(
        1
        for i, p in enumerate(rest_p)
        if i not in used_p and not any(_overlap((p.start, p.end), (g.start, g.end)) for g in gold)
    )
    lone_g = sum(
        1
        for j, g in enumerate(rest_g)
        if j not in used_g and not any(_overlap((p.start, p.end), (g.start, g.end)) for p in predicted)
    )
    return pairs, len(exact), lone_p, lone_g


def _tokens(doc: Doc, start: int, end: int) -> list[int]:
    """Indices of the doc's tokens that overlap characters `[start, end)`, spaces left out."""
    return [t.i for t in doc if t.idx < end and t.idx + len(t) > start and not t.is_space]


def _words(doc: Doc, tokens: Iterable[int]) -> list[str]:
    return [doc[i].lower_ for i in tokens if not (doc[i].is_punct or doc[i].is_space)]


def _inside(span: tuple[int, int] | None, start: int, end: int) -> bool:
    return span is not None and start <= span[0] and span[1] <= end


_LEADING_WORDS = {"that": "'that'", "and": "'and'", "but": "'but'", "because": "'because'", "as": "'as'"}


def _stretch_kind(
    doc: Doc,
    text: str,
    start: int,
    end: int,
    pred: Predicted,
    gold: GoldContent,
    taken_in: bool,
    at_start: bool,
    tagged: list[tuple[str, tuple[int, int]]],
) -> str:
    """What the stretch `[start, end)` between a predicted and a gold edge is. `taken_in`: the prediction holds it
    (an early start or a late end); else the gold content does and the prediction leaves it out."""
    tokens = _tokens(doc, start, end)
    words = _words(doc, tokens)
    relation = gold.relation
    gold_cue = (relation.cue.start, relation.cue.end) if relation.cue else None
    gold_source = (relation.source.start, relation.source.end) if relation.source else None
    if not words:
        marks = "".join(sorted({ch for ch in text[start:end] if not ch.isspace()}))
        return f"punctuation only ({marks})"
    if _inside(pred.cue, start, end) and not _inside(gold_cue, start, end):
        # The tagger found an attribution inside a longer gold content (or around a shorter one) and took it.
        return "holds the predicted cue, not the gold one (nested attribution)"
    if _inside(gold_cue, start, end):
        if not taken_in and relation.content is not None and relation.content.discontinuous:
            # The gold content is a quote split by its cue: the prediction has one piece, not the other.
            other = [p for p in relation.content.pieces if _overlap(p, (start, end)) > 0]
            labels = sorted({label for label, span in tagged if any(_overlap(p, span) > 0 for p in other)})
            return "split quote: other piece " + ("tagged " + "+".join(labels) if labels else "not tagged")
        return "holds the cue" + (" and source" if _inside(gold_source, start, end) else "")
    if _inside(gold_source, start, end):
        return "holds the source"
    sentence_starts = [i for i in tokens[1:] if doc[i].is_sent_start]
    if len(words) >= 3 and (sentence_starts or (tokens and doc[tokens[0]].is_sent_start and not at_start)):
        quoted = " (quoted)" if any(ch in QUOTES for ch in text[start:end]) else ""
        if taken_in:
            return "a sentence or more" + quoted
        labels = sorted({label for label, span in tagged if _overlap((start, end), span) > 0})
        return f"a sentence or more{quoted}: " + ("tagged " + "+".join(labels) if labels else "not tagged")
    if at_start and words[0] in _LEADING_WORDS:
        return f"leading {_LEADING_WORDS[words[0]]}" + (" only" if len(words) == 1 else " + more")
    dates = find_dates(text[start:end], _SOME_DATE)
    if dates and sum(m.end - m.start for m in dates) >= 0.5 * len(text[start:end].strip(" ,.")):
        return "a date expression"
    first = next(doc[i] for i in tokens if not (doc[i].is_punct or doc[i].is_space))
    lead_punct = doc[tokens[0]].is_punct and doc[tokens[0]].text not in QUOTES
    size = "1 word" if len(words) == 1 else "2-3 words" if len(words) <= 3 else "4+ words"
    prefix = "after a comma/dash: " if lead_punct and not at_start else ""
    return f"{prefix}{first.pos_} first, {size}"


@dataclass
class Tally:
    counts: Counter[str]
    kinds: dict[str, Counter[str]]
    one_edge: dict[str, Counter[str]]

    @classmethod
    def new(cls) -> Tally:
        return cls(Counter(), {}, {})

    def add_kind(self, edge: str, kind: str, one_edge_off: bool) -> None:
        self.kinds.setdefault(edge, Counter())[kind] += 1
        if one_edge_off:
            self.one_edge.setdefault(edge, Counter())[kind] += 1


def edges_of_article(
    article: PolnearArticle,
    doc: Doc,
    model: object,
    tally: Tally,
    show: str | None,
    edge_model: bool = True,
    sources: Counter[str] | None = None,
) -> tuple[list[RoleSpan], Sentences]:
    item = Article(id=article.id, text=article.text, date=article.date, source=f"{article.id}.txt")
    sentences = Sentences.of(doc)
    pieces = tag_pieces(doc, model)  # type: ignore[arg-type]
    joined = join_pieces(doc, pieces)
    grouped = group_roles(doc, joined, sentences)
    groups = choose_edges(doc, grouped, joined) if edge_model else grouped
    if sources is not None:
        count_sources(article, doc, joined, groups, sources)
    predicted = predicted_contents(item, doc, pieces, groups, joined, grouped)
    tagged = [(p.label, _char_range(doc, p)) for p in pieces]
    gold, backwards = gold_contents(article)
    pairs, exact, lone_p, lone_g = pair_up(predicted, gold)
    c = tally.counts
    c["gold contents (scored extents)"] += len({(g.start, g.end) for g in gold}) + backwards
    c["gold contents annotated backwards"] += backwards
    c["predicted contents"] += len({(p.start, p.end) for p in predicted})
    c["exact"] += exact
    c["overlapping, inexact (pairs classified below)"] += len(pairs)
    c["predicted, overlapping no gold content"] += lone_p
    c["gold, overlapped by no prediction"] += lone_g
    text = article.text
    runs = _piece_runs(text, doc, pieces)
    for g in gold:
        # Whether the tagger's pieces hold this gold content exactly, one piece or a run of them, and whether the
        # extractor printed it: a run it did not print is a joining error, not a tagging one.
        found = runs.get((g.start, g.end))
        if found is not None:
            printed = (g.start, g.end) in {(p.start, p.end) for p in predicted}
            c[
                f"gold equal to {'one tagged piece' if found == 1 else 'a run of tagged pieces'}, "
                f"{'printed' if printed else 'not printed'}"
            ] += 1
    for pred, g in pairs:
        start_off, end_off = pred.start != g.start, pred.end != g.end
        which = "both edges" if start_off and end_off else "start only" if start_off else "end only"
        c[f"pairs: {which} off"] += 1
        c[f"pairs from {pred.origin}: {which} off"] += 1
        for at_start, off in ((True, start_off), (False, end_off)):
            if not off:
                continue
            if at_start:
                taken_in = pred.start < g.start
                span = (pred.start, g.start) if taken_in else (g.start, pred.start)
                edge = "start early (takes in)" if taken_in else "start late (leaves out)"
            else:
                taken_in = pred.end > g.end
                span = (g.end, pred.end) if taken_in else (pred.end, g.end)
                edge = "end late (takes in)" if taken_in else "end early (leaves out)"
            kind = _stretch_kind(doc, text, span[0], span[1], pred, g, taken_in, at_start, tagged)
            tally.add_kind(edge, kind, not (start_off and end_off))
            tally.add_kind(f"{edge}, from {pred.origin}", kind, not (start_off and end_off))
            if show and show in f"{edge}: {kind}":
                a, b = span
                context = f"{text[max(0, a - 60) : a]}[[{text[a:b]}]]{text[b : b + 60]}".replace("\n", "⏎")
                print(f"{edge}: {kind} | pred={text[pred.start : pred.end][:80]!r} | {context}", file=sys.stderr)
    return joined, sentences


def count_sources(
    article: PolnearArticle, doc: Doc, joined: list[RoleSpan], groups: list[Grouped], counts: Counter[str]
) -> None:
    """Section 3 of the module docstring: what became of each gold source (trimmed spans, as scored)."""
    text = article.text

    def trimmed(spans: Iterable[RoleSpan]) -> set[tuple[int, int]]:
        return {trim(text, *_char_range(doc, span)) for span in spans}

    attached = trimmed(g.source for g in groups if g.source is not None)
    tagged = trimmed(r for r in joined if r.label == "SOURCE")
    tagged_cues = trimmed(r for r in joined if r.label == "CUE")
    for relation in article.attributions:
        if relation.source is None:
            continue
        gold = trim(text, relation.source.start, relation.source.end)
        counts["gold sources"] += 1
        if gold in attached:
            why = "attached to a statement, exact"
        elif gold in tagged:
            cue = trim(text, relation.cue.start, relation.cue.end) if relation.cue else None
            why = (
                f"tagged exactly, attached to no statement, its cue {'tagged' if cue in tagged_cues else 'not tagged'}"
            )
        elif any(_overlap(gold, span) for span in tagged):
            why = "tagged overlapping, not exact"
        else:
            why = "not tagged"
        counts[why] += 1


def check_conversion(article: PolnearArticle, doc: Doc, counts: Counter[str], edges: Counter[str]) -> None:
    """Section 2 of the module docstring, for one article."""
    item = Article(id=article.id, text=article.text, date=article.date, source=f"{article.id}.txt")
    text = article.text
    converted = gold_doc(doc, article, Counter())
    ents = [RoleSpan(e.label_, e.start, e.end) for e in converted.ents]
    for ent in ents:
        first, last = converted[ent.start], converted[ent.end - 1]
        s, e = first.idx, last.idx + len(last)
        ts, te = trim(text, s, e)
        role = "CONTENT" if ent.label == "CONTINUATION" else ent.label
        edges[f"{role}: entities"] += 1
        if ts != s:
            edges[f"{role}: entity starts with trimmed characters ({text[s:ts].strip() or 'space'})"] += 1
        if te != e:
            edges[f"{role}: entity ends with trimmed characters ({text[te:e].strip() or 'space'})"] += 1
    joined = join_pieces(converted, ents)
    groups = group_roles(converted, joined, Sentences.of(converted))
    predicted: dict[str, set[tuple[int, int]]] = {role: set() for role in ROLES}
    for group in groups:
        for role, span, edge in (
            ("content", group.content, _EDGE),
            ("cue", group.cue, " \t\r\n"),
            ("source", group.source, " \t\r\n"),
        ):
            if span is None:
                continue
            out = _span(item, converted, span, trim=edge)
            if out is not None:
                predicted[role].add(trim(text, out.start, out.end))
    for role in ROLES:
        gold_spans = {}
        for relation in article.attributions:
            gold = relation.role(role)
            if gold is not None:
                gold_spans[trim(text, gold.start, gold.end)] = gold
        counts[f"{role}: gold"] += len(gold_spans)
        counts[f"{role}: oracle"] += len(predicted[role])
        counts[f"{role}: equal"] += len(set(gold_spans) & predicted[role])
        for span, gold in gold_spans.items():
            if span in predicted[role]:
                continue
            if gold.end <= gold.start:
                why = "annotated backwards"
            elif any(s <= span[0] and span[1] <= e for s, e in predicted[role]):
                why = "inside a longer oracle span"
            elif any(_overlap(span, p) for p in predicted[role]):
                why = "overlaps an oracle span"
            elif role != "content" and any(_overlap(span, p) for p in predicted["content"]):
                why = "inside an oracle content"
            else:
                why = "not produced"
            counts[f"{role}: gold not reproduced, {why}"] += 1


def _describe(meta: dict[str, object]) -> str:
    """Which language pipeline parsed the articles (its parse is what the tagger reads)."""
    performance = meta.get("performance")
    scores = performance if isinstance(performance, dict) else {}
    return f"{meta.get('name')} {meta.get('version')}, UAS {scores.get('dep_uas')}, NER F {scores.get('ents_f')}"


def _sorted(counter: Counter[str]) -> dict[str, int]:
    return dict(counter.most_common())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", default="train", choices=("train", "dev"))
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles (by file name)")
    parser.add_argument(
        "--pipeline", type=Path, default=None, help="a language pipeline folder (default: shipped en_stancemap)"
    )
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--show", default=None, help="print the stretches whose 'edge: kind' holds this to stderr")
    parser.add_argument("--no-edge-model", action="store_true", help="leave out the edge chooser (as before it)")
    args = parser.parse_args(argv)

    articles = read_split(args.shared / "data" / "polnear" / args.split)
    articles = sorted(articles, key=lambda a: a.id)[: args.limit]
    nlp = load_nlp(args.pipeline) if args.pipeline else load_nlp()
    model = load_attribution(nlp)
    tally = Tally.new()
    sources: Counter[str] = Counter()
    conversion: Counter[str] = Counter()
    conversion_edges: Counter[str] = Counter()
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        edges_of_article(article, doc, model, tally, args.show, not args.no_edge_model, sources)
        check_conversion(article, doc, conversion, conversion_edges)

    result = {
        "split": args.split,
        "articles": len(articles),
        "pipeline": _describe(nlp.meta),
        "contents": dict(tally.counts),
        "edge_kinds": {edge: _sorted(kinds) for edge, kinds in sorted(tally.kinds.items())},
        "one_edge_off": {edge: _sorted(kinds) for edge, kinds in sorted(tally.one_edge.items())},
        "sources": _sorted(sources),
        "training_spans": {
            "oracle_against_gold": dict(sorted(conversion.items())),
            "entity_edges": _sorted(conversion_edges),
        },
    }
    for key, value in tally.counts.items():
        print(f"{value:6}  {key}")
    print("\nsources:")
    for key, value in sources.most_common():
        print(f"  {value:6}  {key}")
    for edge, kinds in sorted(tally.kinds.items()):
        if ", from " in edge:
            continue
        print(f"\n{edge} ({sum(kinds.values())}; one edge off: {sum(tally.one_edge.get(edge, Counter()).values())})")
        for kind, n in kinds.most_common(14):
            print(f"  {n:5} ({tally.one_edge.get(edge, Counter())[kind]:5})  {kind}")
    print("\ntraining spans (oracle through join_pieces and group_roles, against the scorer's trimmed gold):")
    for key, value in sorted(conversion.items()):
        print(f"  {value:6}  {key}")
    for key, value in conversion_edges.most_common(12):
        print(f"  {value:6}  {key}")
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
