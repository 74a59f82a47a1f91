"""Figures about PolNeAR's gold attributions that shape the learned extractor (docs/design/attribution.md).

    python bench/polnear_stats.py [--shared ../shared] [--model PATH] > bench/results/polnear_stats.json

Without `--model` the texts are split by `spacy.blank("en")` plus the rule sentencizer; with a trained pipeline
(`--model training/work/run1/model-best`, or the shipped one with `--model shipped`) dev is also parsed and the
dependency-subtree figures are added. Every figure is over each article's first annotator file, like the scorers.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from stancemap.attribution.evaluate import QUOTES, trim
from stancemap.attribution.polnear import GoldAttribution, GoldSpan, PolnearArticle, read_article, read_split
from stancemap.config import load_settings

QUOTE_CHARS = frozenset(QUOTES) - {"'", "`"}  # apostrophes are mostly not quotation marks


def covering(span: GoldSpan) -> tuple[int, int]:
    return min(s for s, _ in span.pieces), max(e for _, e in span.pieces)


def pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def tokens_of(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def content_kind(text: str, span: GoldSpan) -> str:
    """direct: the content is wholly inside quotation marks; mixed: it holds some; indirect: none."""
    start, end = covering(span)
    inner_start, inner_end = trim(text, start, end)
    before = text[:inner_start].rstrip(" ")[-1:]
    after = text[inner_end:].lstrip(" ,.;:!?")[:1]
    inside = text[inner_start:inner_end]
    opened, closed = before in QUOTE_CHARS, after in QUOTE_CHARS
    if opened and closed:
        return "direct"
    if any(c in QUOTE_CHARS for c in inside) or opened or closed:
        return "mixed"
    return "indirect"


def split_stats(articles: list[PolnearArticle], nlp: Language) -> dict[str, Any]:
    rels = [(a, r) for a in articles for r in a.attributions]
    with_content = [(a, r) for a, r in rels if r.content is not None]
    out: dict[str, Any] = {
        "articles": len(articles),
        "relations": len(rels),
        "with_source": sum(r.source is not None for _, r in rels),
        "with_cue": sum(r.cue is not None for _, r in rels),
        "with_content": len(with_content),
        "scored_spans": {
            role: sum(len({trim(a.text, s.start, s.end) for s in spans(a.attributions, role)}) for a in articles)
            for role in ("source", "cue", "content")
        },
        "discontinuous": {
            role: sum(1 for a in articles for s in spans(a.attributions, role) if s.discontinuous)
            for role in ("source", "cue", "content")
        },
        "reversed_extent": sum(1 for a in articles for r in a.attributions for s in roles(r) if s.end < s.start),
        "discontinuous_content_with_cue_in_a_gap_pct": cue_in_gap(rels),
        "content2": sum(r.content2 is not None for _, r in rels),
    }
    docs = {a.id: doc for a, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True)}

    # Cues: forms, length in tokens, the words they are made of.
    forms: Counter[str] = Counter()
    words: Counter[str] = Counter()
    multi: Counter[str] = Counter()
    lengths: Counter[int] = Counter()
    for a, r in rels:
        if r.cue is None:
            continue
        cue = tokens_of(docs[a.id], *covering(r.cue))
        if cue is None:
            continue
        form = " ".join(t.lower_ for t in cue)
        forms[form] += 1
        words.update(t.lower_ for t in cue if t.is_alpha)
        lengths[min(len(cue), 4)] += 1
        if len(cue) > 1:
            multi[form] += 1
    n_cues = sum(lengths.values())
    out["cue"] = {
        "top50_forms": forms.most_common(50),
        "top40_words": words.most_common(40),
        "tokens": {("4+" if k == 4 else str(k)): pct(v, n_cues) for k, v in sorted(lengths.items())},
        "multi_token_pct": pct(n_cues - lengths[1], n_cues),
        "top25_multi_token": multi.most_common(25),
        "distinct_forms": len(forms),
        "forms_seen_once_pct_of_cues": pct(sum(1 for v in forms.values() if v == 1), n_cues),
    }

    # Order of source, cue and content; adjacency of source and cue.
    orders: Counter[str] = Counter()
    gaps: Counter[str] = Counter()
    for _, r in rels:
        if r.source is None or r.cue is None or r.content is None:
            continue
        placed = sorted(((covering(s)[0], name) for s, name in ((r.source, "S"), (r.cue, "C"), (r.content, "Q"))))
        orders["".join(name for _, name in placed)] += 1
    for a, r in rels:
        if r.source is None or r.cue is None:
            continue
        doc = docs[a.id]
        s, c = tokens_of(doc, *covering(r.source)), tokens_of(doc, *covering(r.cue))
        if s is None or c is None:
            continue
        gap = c.start - s.end if s.start < c.start else s.start - c.end
        side = "source_before_cue" if s.start < c.start else "source_after_cue"
        gaps[f"{side}_gap_{min(gap, 3) if gap >= 0 else 'overlap'}"] += 1
    n_sc = sum(gaps.values())
    out["order"] = {
        "patterns_pct": {k: pct(v, sum(orders.values())) for k, v in orders.most_common()},
        "source_before_cue_pct": pct(sum(v for k, v in gaps.items() if k.startswith("source_before")), n_sc),
        "source_cue_gap_tokens_pct": {k: pct(v, n_sc) for k, v in sorted(gaps.items())},
    }

    # Content: quoted or not, length, sentences, where it lies against the cue.
    kinds: Counter[str] = Counter()
    lengths_c: list[int] = []
    multi_sentence = same_sentence = after_cue = starts_that = 0
    for a, r in with_content:
        assert r.content is not None
        kinds[content_kind(a.text, r.content)] += 1
        doc = docs[a.id]
        c = tokens_of(doc, *covering(r.content))
        if c is None:
            continue
        lengths_c.append(len(c))
        sents = {t.sent.start for t in c}
        multi_sentence += len(sents) > 1
        starts_that += c[0].lower_ == "that"
        if r.cue is not None and (cue := tokens_of(doc, *covering(r.cue))) is not None:
            same_sentence += cue[0].sent.start in sents
            after_cue += c.start >= cue.end
    n = len(with_content)
    out["content"] = {
        "kind_pct": {k: pct(v, n) for k, v in kinds.most_common()},
        "tokens_median": statistics.median(lengths_c),
        "tokens_p90": sorted(lengths_c)[int(0.9 * len(lengths_c))],
        "spans_several_sentences_pct": pct(multi_sentence, n),
        "shares_a_sentence_with_cue_pct": pct(same_sentence, n),
        "after_cue_pct": pct(after_cue, n),
        "starts_with_that_pct": pct(starts_that, n),
    }
    # A tagger predicts whole tokens: how often some run of tokens, once trimmed, is exactly the trimmed gold span.
    out["reachable_by_tokens_pct"] = {
        role: pct(
            sum(reachable(docs[a.id], a.text, s) for a in articles for s in spans(a.attributions, role)),
            sum(1 for a in articles for s in spans(a.attributions, role)),
        )
        for role in ("source", "cue", "content")
    }
    per_sentence: Counter[int] = Counter()
    for a in articles:
        cue_sents = Counter(
            c[0].sent.start
            for r in a.attributions
            if r.cue is not None and (c := tokens_of(docs[a.id], *covering(r.cue))) is not None
        )
        per_sentence.update(min(v, 3) for v in cue_sents.values())
    out["sentences_with_cues"] = {
        ("3+" if k == 3 else str(k)): pct(v, sum(per_sentence.values())) for k, v in sorted(per_sentence.items())
    }
    out["source"] = source_stats(rels, docs)
    out["nesting"] = nesting(articles)
    out["sentence_rest_baseline"] = sentence_rest(with_content, docs)
    out["source_next_to_cue_baseline"] = source_next_to_cue(rels, docs)
    out["date_expression_beside_content_pct"] = dated(with_content, docs)
    return out


def reachable(doc: Doc, text: str, span: GoldSpan) -> bool:
    if span.end < span.start:
        return False
    gold = trim(text, span.start, span.end)
    if gold[0] == gold[1]:
        return True  # a cue that is only a colon: predicting the colon matches it
    tokens = doc.char_span(gold[0], gold[1], alignment_mode="expand")
    return tokens is not None and trim(text, tokens.start_char, tokens.end_char) == gold


def cue_in_gap(rels: list[tuple[PolnearArticle, GoldAttribution]]) -> float:
    """Of the discontinuous contents, the share whose cue lies between two of their pieces (a split quote)."""
    split = in_gap = 0
    for _, r in rels:
        if r.content is None or not r.content.discontinuous:
            continue
        split += 1
        if r.cue is not None:
            low, high = covering(r.content)
            cue_start, cue_end = covering(r.cue)
            in_piece = any(s <= cue_start < e for s, e in r.content.pieces)
            in_gap += low <= cue_start and cue_end <= high and not in_piece
    return pct(in_gap, split)


def spans(relations: Iterable[GoldAttribution], role: str) -> list[GoldSpan]:
    return [s for s in (r.role(role) for r in relations) if s is not None]


def roles(r: GoldAttribution) -> list[GoldSpan]:
    return [s for s in (r.source, r.cue, r.content) if s is not None]


def source_stats(rels: list[tuple[PolnearArticle, GoldAttribution]], docs: dict[str, Doc]) -> dict[str, Any]:
    lengths: list[int] = []
    first_words: Counter[str] = Counter()
    pronoun = 0
    pronouns = {"he", "she", "they", "it", "we", "i", "you"}
    for a, r in rels:
        if r.source is None:
            continue
        s = tokens_of(docs[a.id], *covering(r.source))
        if s is None:
            continue
        lengths.append(len(s))
        pronoun += len(s) == 1 and s[0].lower_ in pronouns
        first_words[s[0].lower_] += 1
    return {
        "tokens_median": statistics.median(lengths),
        "tokens_p90": sorted(lengths)[int(0.9 * len(lengths))],
        "one_token_pct": pct(sum(n == 1 for n in lengths), len(lengths)),
        "bare_pronoun_pct": pct(pronoun, len(lengths)),
        "top15_first_words": first_words.most_common(15),
    }


def nesting(articles: list[PolnearArticle]) -> dict[str, Any]:
    """Relations whose cue lies inside another relation's content; spans shared by several relations."""
    nested = shared_cue = shared_source = shared_content = total = 0
    for a in articles:
        rels = [r for r in a.attributions if r.content is not None]
        total += len(rels)
        for r in rels:
            if r.cue is None:
                continue
            cs = covering(r.cue)
            nested += any(
                o is not r and o.content is not None and any(s <= cs[0] and cs[1] <= e for s, e in o.content.pieces)
                for o in rels
            )
        for role, counter in (("cue", 0), ("source", 1), ("content", 2)):
            seen = Counter(s.pieces for s in spans(rels, role))
            repeated = sum(v for v in seen.values() if v > 1)
            if counter == 0:
                shared_cue += repeated
            elif counter == 1:
                shared_source += repeated
            else:
                shared_content += repeated
    return {
        "cue_inside_other_content_pct": pct(nested, total),
        "relations_sharing_their_cue_pct": pct(shared_cue, total),
        "relations_sharing_their_source_pct": pct(shared_source, total),
        "relations_sharing_their_content_pct": pct(shared_content, total),
    }


def sentence_rest(with_content: list[tuple[PolnearArticle, GoldAttribution]], docs: dict[str, Doc]) -> dict[str, Any]:
    """Given the gold cue: content = the rest of the cue's sentence after it (or the part before it, for a cue
    at the sentence's end), trimmed. How often that is exactly the gold content."""
    hit = tried = 0
    for a, r in with_content:
        if r.cue is None or r.content is None:
            continue
        doc = docs[a.id]
        cue = tokens_of(doc, *covering(r.cue))
        if cue is None:
            continue
        sent = cue[0].sent
        tried += 1
        after = doc[cue.end : sent.end]
        before = doc[sent.start : cue.start]
        if len(after) > 0 and after[0].lower_ == "that":
            after = doc[cue.end + 1 : sent.end]
        candidate = after if len([t for t in after if not t.is_punct]) >= 2 else before
        if len(candidate) == 0:
            continue
        got = trim(a.text, candidate.start_char, candidate.end_char)
        hit += got == trim(a.text, r.content.start, r.content.end)
    return {"exact_pct": pct(hit, tried), "relations": tried}


def source_next_to_cue(
    with_source: list[tuple[PolnearArticle, GoldAttribution]], docs: dict[str, Doc]
) -> dict[str, Any]:
    """Given the gold cue: source = the tokens between the cue and the nearest punctuation mark or sentence edge
    before it, or, where the cue ends a clause ("..., said Jane Roe"), after it. How often that is exact."""
    hit = tried = 0
    for a, r in with_source:
        if r.cue is None or r.source is None:
            continue
        doc = docs[a.id]
        cue = tokens_of(doc, *covering(r.cue))
        if cue is None:
            continue
        tried += 1
        sent = cue[0].sent
        start = cue.start
        while start > sent.start and not doc[start - 1].is_punct:
            start -= 1
        if start == cue.start:  # nothing before: look after the cue
            end = cue.end
            while end < sent.end and not doc[end].is_punct:
                end += 1
            candidate = doc[cue.end : end]
        else:
            candidate = doc[start : cue.start]
        if len(candidate):
            hit += trim(a.text, candidate.start_char, candidate.end_char) == trim(a.text, r.source.start, r.source.end)
    return {"exact_pct": pct(hit, tried), "relations": tried}


def dated(with_content: list[tuple[PolnearArticle, GoldAttribution]], docs: dict[str, Doc]) -> dict[str, Any]:
    """How many attributions carry a date expression in their cue's sentence outside the content (the words that
    say when it was said), by the granularity `attribution.dates` gives it."""
    from stancemap.attribution.dates import find_dates

    kinds: Counter[str] = Counter()
    for a, r in with_content:
        if r.cue is None or r.content is None:
            continue
        cue = tokens_of(docs[a.id], *covering(r.cue))
        if cue is None:
            continue
        sent = cue[0].sent
        start, end = covering(r.content)
        outside = (
            a.text[sent.start_char : max(sent.start_char, start)]
            + " "
            + a.text[min(sent.end_char, end) : sent.end_char]
        )
        found = find_dates(outside, a.date)
        kinds[found[0].granularity if found else "none"] += 1
    return {k: pct(v, sum(kinds.values())) for k, v in kinds.most_common()}


def annotator_agreement(split_dir: Path) -> dict[str, Any]:
    """Articles with several annotator files: every other annotator scored as a system against the first (the one
    the scorers use), counts pooled, with the same scores as `stancemap eval polnear`. A human ceiling."""
    from stancemap.attribution.evaluate import gold_statements, score_polnear

    by_doc: dict[str, list[Path]] = {}
    for path in sorted((split_dir / "attributions").glob("*.ann")):
        by_doc.setdefault(path.stem.rsplit("_", 1)[0], []).append(path)
    pooled: dict[str, list[float]] = {}
    pairs = 0
    for doc, paths in sorted(by_doc.items()):
        first = read_article(split_dir, doc, paths[0])
        for other_path in paths[1:]:
            other = read_article(split_dir, doc, other_path)
            pairs += 1
            scores = score_polnear([first], gold_statements(other))
            for kind, rows in (("exact", scores.exact), ("token", scores.token)):
                for row in rows:
                    counts = pooled.setdefault(f"{kind}:{row.role}", [0.0, 0.0, 0.0])
                    counts[0] += row.true_positives
                    counts[1] += row.predicted
                    counts[2] += row.gold

    def f1(counts: list[float]) -> float:
        return round(100 * 2 * counts[0] / (counts[1] + counts[2]), 1) if counts[1] + counts[2] else 0.0

    return {
        "articles": sum(len(p) > 1 for p in by_doc.values()),
        "pairs": pairs,
        "exact_f1": {k.split(":")[1]: f1(v) for k, v in pooled.items() if k.startswith("exact")},
        "token_f1": {k.split(":")[1]: f1(v) for k, v in pooled.items() if k.startswith("token")},
    }


def speakers_without_resolution(shared: Path, dev: list[PolnearArticle]) -> dict[str, Any]:
    """`stancemap eval speakers` on the gold relations, each with its own source words as the speaker: what perfect
    spans without any resolution through the article would score."""
    from dataclasses import replace

    from stancemap.attribution.evaluate import gold_statements, read_speaker_labels, score_speakers

    predictions = [
        replace(s, speaker=s.speaker_mention.text if s.speaker_mention else None)
        for a in dev
        for s in gold_statements(a)
    ]
    labels = read_speaker_labels(shared / "data" / "stance-dev" / "labels.jsonl")
    return score_speakers(labels, shared / "data" / "polnear" / "dev", predictions).to_json()


def cue_lexicon(train: list[PolnearArticle], dev: list[PolnearArticle], nlp: Language) -> dict[str, Any]:
    """A lexicon baseline for cues: every train cue form (up to 4 tokens, lower case) that is a cue in at least half
    of its train occurrences, matched longest-first on dev. Exact P/R/F1 of the cue role on dev."""
    from stancemap.attribution.evaluate import score_polnear
    from stancemap.records import Span as TextSpan
    from stancemap.records import Statement

    as_cue: Counter[tuple[str, ...]] = Counter()
    seen: Counter[tuple[str, ...]] = Counter()
    train_docs = list(nlp.pipe(a.text for a in train))
    for a, doc in zip(train, train_docs, strict=True):
        for r in a.attributions:
            if r.cue is not None and (c := tokens_of(doc, *covering(r.cue))) is not None and len(c) <= 4:
                as_cue[tuple(t.lower_ for t in c)] += 1
    forms = set(as_cue)
    for doc in train_docs:
        lowered = [t.lower_ for t in doc]
        for n in range(1, 5):
            for i in range(len(lowered) - n + 1):
                gram = tuple(lowered[i : i + n])
                if gram in forms:
                    seen[gram] += 1
    lexicon = {g for g in forms if as_cue[g] >= 2 and as_cue[g] / seen[g] >= 0.5}
    predictions = []
    for a, doc in zip(dev, nlp.pipe(a.text for a in dev), strict=True):
        lowered = [t.lower_ for t in doc]
        i = 0
        while i < len(doc):
            for n in range(4, 0, -1):
                if tuple(lowered[i : i + n]) in lexicon:
                    span = doc[i : i + n]
                    ts = TextSpan(span.text, span.start_char, span.end_char)
                    predictions.append(Statement(a.id, ts, "indirect", cue=ts))
                    i += n
                    break
            else:
                i += 1
    cue = next(s for s in score_polnear(dev, predictions).exact if s.role == "cue")
    return {
        "lexicon_forms": len(lexicon),
        "precision": round(100 * cue.precision, 1),
        "recall": round(100 * cue.recall, 1),
        "f1": round(100 * cue.f1, 1),
    }


def quote_stretches(text: str) -> list[tuple[int, int]]:
    """Character ranges between paired quotation marks: curly marks pair open with close, straight ones (and the
    doubled apostrophes some outlets print, `''`) alternate."""
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    i = 0
    while i < len(text):
        mark = 2 if text.startswith("''", i) else 1
        ch = text[i]
        straight = ch == '"' or mark == 2
        if ch in "“«" or (straight and open_at is None):
            open_at = i + mark
        elif ch in "”»" or straight:
            if open_at is not None:
                pairs.append((open_at, i))
            open_at = None
        i += mark
    return pairs


def subtree_stats(articles: list[PolnearArticle], nlp: Language) -> dict[str, Any]:
    """With a parser: how often the trimmed gold content and source are exactly one of the candidate spans the
    design's selectors would choose among, by kind of candidate, and all kinds together (the selector's ceiling).

    Subtrees are every token's subtree, also without a leading complementiser, conjunction or punctuation mark.
    "Near" subtrees hang from a cue token or from the cue head's own head."""
    hits: Counter[str] = Counter()
    n_content = n_source = n_cue = 0
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        text = article.text
        extents: dict[tuple[int, int], int] = {}
        for t in doc:
            for start_tok in (t.left_edge.i, *(c.i + 1 for c in t.lefts if c.dep_ in ("mark", "punct", "cc"))):
                span = doc[start_tok : t.right_edge.i + 1]
                if len(span):
                    extents.setdefault(trim(text, span.start_char, span.end_char), t.i)
        quotes = quote_stretches(text)
        for r in article.attributions:
            if r.cue is None:
                continue
            cue = tokens_of(doc, *covering(r.cue))
            if cue is None:
                continue
            n_cue += 1
            heads = [t for t in cue if not (cue.start <= t.head.i < cue.end) or t.head.i == t.i]
            hits["cue_one_head"] += len(heads) == 1
            root = heads[0]
            near = {c.i for t in cue for c in t.children} | {root.head.i} | {c.i for c in root.head.children}
            sent = cue[0].sent
            if r.content is not None:
                n_content += 1
                gold = trim(text, r.content.start, r.content.end)
                found = extents.get(gold)
                start = cue.end
                while start < sent.end and (doc[start].is_punct or doc[start].lower_ == "that"):
                    start += 1
                rest = doc[start : max(start, root.right_edge.i + 1)]
                sentence_rest = doc[start : sent.end]
                # Content before the cue ('"…," Roe said'): the sentence or paragraph up to the last comma before the
                # cue, or up to the cue itself.
                paragraph_start = text.rfind("\n", 0, cue.start_char) + 1
                paragraph_end = text.find("\n", cue.end_char)
                paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
                before: set[tuple[int, int]] = set()
                for left in (sent.start_char, paragraph_start):
                    comma = text.rfind(",", left, cue.start_char)
                    before.add(trim(text, left, cue.start_char))
                    if comma > left:
                        before.add(trim(text, left, comma))
                # One quoted stretch, or a quote split by its cue and continued over up to four stretches
                # ('"…," she said. "…" "…"'): from an opening mark to a closing mark a few stretches on.
                nearby = [q for q in quotes if abs(q[0] - cue.start_char) < 2000]
                quoted = {
                    (nearby[a][0], nearby[b][1]) for a in range(len(nearby)) for b in range(a, min(a + 4, len(nearby)))
                }
                kinds = {
                    "subtree_anywhere": found is not None,
                    "subtree_near_cue": found in near,
                    "cue_head_subtree_after_cue": len(rest) > 0 and trim(text, rest.start_char, rest.end_char) == gold,
                    "sentence_after_cue": len(sentence_rest) > 0
                    and trim(text, sentence_rest.start_char, sentence_rest.end_char) == gold,
                    "quoted_stretch": any(trim(text, a, b) == gold for a, b in quoted),
                    "sentence_or_paragraph_before_cue": gold in before,
                    "paragraph_after_cue": len(sentence_rest) > 0
                    and trim(text, sentence_rest.start_char, paragraph_end) == gold,
                }
                for kind, ok in kinds.items():
                    hits["content:" + kind] += ok
                hits["content:any_candidate"] += any(kinds.values())
            if r.source is not None:
                n_source += 1
                gold = trim(text, r.source.start, r.source.end)
                found = extents.get(gold)
                # The positional candidates of `source_next_to_cue`: back to the last punctuation mark, or forward.
                left = cue.start
                while left > sent.start and not doc[left - 1].is_punct:
                    left -= 1
                right = cue.end
                while right < sent.end and not doc[right].is_punct:
                    right += 1
                positional = {
                    trim(text, span.start_char, span.end_char) for span in (doc[left : cue.start], doc[cue.end : right])
                }
                kinds = {
                    "subtree_anywhere": found is not None,
                    "subtree_near_cue": found in near,
                    "positional": gold in positional,
                }
                for kind, ok in kinds.items():
                    hits["source:" + kind] += ok
                hits["source:any_candidate"] += any(kinds.values())
    return {
        "cue_has_one_syntactic_head_pct": pct(hits["cue_one_head"], n_cue),
        "content_pct": {k.split(":")[1]: pct(v, n_content) for k, v in sorted(hits.items()) if k.startswith("content")},
        "source_pct": {k.split(":")[1]: pct(v, n_source) for k, v in sorted(hits.items()) if k.startswith("source")},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=load_settings().shared)
    parser.add_argument("--model", help="a trained spaCy pipeline folder, or 'shipped'")
    args = parser.parse_args(argv)
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    result: dict[str, Any] = {"tokenizer": "spacy.blank('en') + sentencizer"}
    splits = {s: read_split(args.shared / "data" / "polnear" / s) for s in ("train", "dev")}
    for name, articles in splits.items():
        print(f"counting {name} ...", file=sys.stderr)
        result[name] = split_stats(articles, blank)
    for name in splits:
        result[name]["annotator_agreement"] = annotator_agreement(args.shared / "data" / "polnear" / name)
    result["dev_speakers_without_resolution"] = speakers_without_resolution(args.shared, splits["dev"])
    result["dev_cue_lexicon_baseline"] = cue_lexicon(splits["train"], splits["dev"], blank)
    if args.model:
        from stancemap.nlp import load_nlp

        nlp = load_nlp(None if args.model == "shipped" else Path(args.model))
        print("parsing dev ...", file=sys.stderr)
        # Only the parse is needed; the other components would cost time for nothing.
        with nlp.select_pipes(enable=[name for name in ("tok2vec", "parser") if name in nlp.pipe_names]):
            performance = nlp.meta.get("performance") or {}
            result["dev_parsed"] = {
                "model": args.model,
                "model_dep_uas": performance.get("dep_uas"),
                **subtree_stats(splits["dev"], nlp),
            }
    json.dump(result, sys.stdout, indent=1, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
