"""PolNeAR -> spaCy DocBins for the attribution tagger, and the corpus reader its training config names.

Each article is parsed once by the shipped pipeline (`load_nlp()`), and the parses are cached in
`polnear-parsed-<split>-<fingerprint>.spacy`, the fingerprint changing with the pipeline's weights: the tagger's tags
and the parser's labels and sentences are what the attribution model reads at run time, so it is
trained on the same predicted annotation, not on gold trees. The gold Source and Cue spans become entities SOURCE
and CUE; a Content becomes CONTENT for its first piece and CONTINUATION for every later one:
- a discontinuous content is labelled piece by piece (`"...," he said. "..."`: two quoted pieces);
- spaCy's entity recogniser never lets an entity cross a sentence boundary, so a piece that runs over one is cut
  there, and what follows the cut is a CONTINUATION too.
At run time every CONTINUATION is joined to the content before it (`stancemap.attribution.model.join_pieces`), which
gives the extent PolNeAR scores. A span that overlaps one already labelled (a source shared by two relations, some
nested pieces) is labelled once, and counted.

`stancemap.attribution_corpus.v1` gives `spacy train` Examples whose predicted side carries the same tags, labels
and sentences but no entities (entity annotation "missing", so nothing constrains the recogniser).
"""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.training import Example
from spacy.util import registry

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from stancemap.attribution.model import sentence_pieces  # noqa: E402
from stancemap.attribution.polnear import PolnearArticle, read_split  # noqa: E402
from stancemap.nlp import registrations  # noqa: E402, F401  (the tagger's encoder architecture)

ATTRS = ["ORTH", "SPACY", "TAG", "DEP", "HEAD", "SENT_START", "ENT_IOB", "ENT_TYPE"]


def role_spans(article: PolnearArticle) -> list[tuple[str, int, int]]:
    """(label, start, end) character pieces of every gold role, in text order; later content pieces CONTINUATION."""
    spans = []
    for relation in article.attributions:
        for label, gold in (("SOURCE", relation.source), ("CUE", relation.cue), ("CONTENT", relation.content)):
            if gold is None:
                continue
            pieces = sorted((start, end) for start, end in gold.pieces if end > start)
            for n, (start, end) in enumerate(pieces):
                spans.append(("CONTINUATION" if label == "CONTENT" and n else label, start, end))
    return sorted(spans, key=lambda s: (s[1], s[2]))


def gold_doc(parsed: Doc, article: PolnearArticle, counts: Counter[str]) -> Doc:
    """`parsed` with its entities replaced by the article's role pieces, cut at sentence boundaries."""
    doc = parsed.copy()
    taken = [False] * len(doc)
    ents: list[Span] = []
    for label, start, end in role_spans(article):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            counts["unaligned"] += 1
            continue
        for n, (first, last) in enumerate(sentence_pieces(doc, span.start, span.end)):
            # The recogniser cannot start or end an entity on a whitespace token ("\n\n" between paragraphs).
            while first < last and doc[first].is_space:
                first += 1
            while last > first and doc[last - 1].is_space:
                last -= 1
            if first == last:
                continue
            if any(taken[first:last]):
                counts["overlapping"] += 1
                continue
            piece_label = "CONTINUATION" if label == "CONTENT" and n else label
            taken[first:last] = [True] * (last - first)
            ents.append(Span(doc, first, last, label=piece_label))
            counts[piece_label] += 1
    doc.set_ents(sorted(ents, key=lambda s: s.start), default="outside")
    return doc


def pipeline_fingerprint(nlp: Language) -> str:
    """Ten hex digits that change when the tags or trees the tagger reads would change (tok2vec, tagger, parser
    weights; the sentence guard's titles), so a retrained pipeline never reuses another's cached parses."""
    digest = hashlib.sha1()
    for name in ("tok2vec", "tagger", "parser"):
        if name in nlp.pipe_names:
            digest.update(nlp.get_pipe(name).to_bytes(exclude=["vocab"]))  # type: ignore[attr-defined]
    if "sentence_guard" in nlp.pipe_names:
        digest.update(repr(dict(nlp.config["components"]["sentence_guard"])).encode())
    return digest.hexdigest()[:10]


def parsed_docs(split: str, split_dir: Path, work: Path, nlp: Language) -> tuple[list[PolnearArticle], list[Doc]]:
    """The split's articles and their parses, parsed once and cached in `work`."""
    articles = read_split(split_dir)
    cache = work / f"polnear-parsed-{split}-{pipeline_fingerprint(nlp)}.spacy"
    if cache.is_file():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        # The pipeline's tokenizer normalises quotation marks (same length), so compare with its own reading.
        if [d.text for d in docs] == [nlp.make_doc(a.text).text for a in articles]:
            return articles, docs
    docs = list(nlp.pipe(a.text for a in articles))
    bin_ = DocBin(attrs=ATTRS, store_user_data=False)
    for doc in docs:
        bin_.add(doc)
    bin_.to_disk(cache)
    return articles, docs


def convert(split_dirs: dict[str, Path], out: Path, nlp: Language) -> dict[str, Counter[str]]:
    """Write `out/attribution-<name>.spacy` for each split; returns label and problem counts per split."""
    out.mkdir(parents=True, exist_ok=True)
    summary = {}
    for name, split_dir in split_dirs.items():
        articles, docs = parsed_docs(name, split_dir, out, nlp)
        counts: Counter[str] = Counter()
        bin_ = DocBin(attrs=ATTRS, store_user_data=False)
        for article, parsed in zip(articles, docs, strict=True):
            bin_.add(gold_doc(parsed, article, counts))
            counts["articles"] += 1
            counts["tokens"] += len(parsed)
        bin_.to_disk(out / f"attribution-{name}.spacy")
        summary[name] = counts
    return summary


def unlabelled(doc: Doc) -> Doc:
    """The same tokens, tags, parse and sentences with entity annotation missing (what the model sees)."""
    copy = doc.copy()
    copy.set_ents([], default="missing")
    return copy


@registry.readers("stancemap.attribution_corpus.v1")
def create_attribution_corpus(path: Path) -> Callable[[Language], Iterable[Example]]:
    def read(nlp: Language) -> Iterator[Example]:
        for doc in DocBin().from_disk(path).get_docs(nlp.vocab):
            yield Example(unlabelled(doc), doc)

    return read
