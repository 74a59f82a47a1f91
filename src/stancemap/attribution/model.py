"""The learned attribution tagger: source, cue and content spans in a parsed article.

The model (``stancemap/models/attribution``, trained by ``training/train_attribution.py`` on PolNeAR train) is a
spaCy entity recogniser with its own tok2vec, reading words and the main pipeline's tags and dependency labels.
It labels tokens SOURCE, CUE, CONTENT, or CONTINUATION: a later piece of the content before it. A content comes in
pieces when its cue splits it (`"...," he said. "..."`; "All of this, he acknowledges, could be undone") and when
it runs over a sentence boundary, which no entity may cross. PolNeAR scores such a content as its extent, first
piece to last, and `join_pieces` puts it together so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from stancemap.errors import ProcessingError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "attribution"
LABELS = ("SOURCE", "CUE", "CONTENT", "CONTINUATION")


@dataclass(frozen=True, slots=True)
class RoleSpan:
    """A token span `[start, end)` of the parsed doc in one role; `pieces` > 1 when it was joined."""

    label: str
    start: int
    end: int
    pieces: int = 1


@cache
def load_attribution(vocab_owner: Language | None = None, path: Path | None = None) -> Language:
    """The tagger, sharing the main pipeline's vocab (so its labels are strings in the docs it annotates)."""
    import spacy

    from stancemap.nlp import load_nlp

    model = path or MODEL_DIR
    if not (model / "config.cfg").is_file():
        raise ProcessingError(
            "the attribution model is missing (reinstall stancemap, or train it: training/README.md)", model
        )
    import stancemap.nlp.registrations  # noqa: F401  (the tagger's encoder architecture)

    owner = vocab_owner or load_nlp()
    try:
        # Its own vocabulary is not shipped: it annotates the main pipeline's docs, with their vocabulary, whose
        # static word vectors it reads.
        tagger = spacy.load(model, vocab=owner.vocab, exclude=["vocab"])
    except (OSError, ValueError) as e:
        raise ProcessingError(f"cannot load the attribution model: {e}", model) from e
    embed = tagger.config["components"]["tok2vec"]["model"]["embed"]
    # spaCy's MultiHashEmbed says whether it reads them; stancemap.clause_embed.v1 always does.
    reads_vectors = embed.get("include_static_vectors") or embed.get("@architectures") == "stancemap.clause_embed.v1"
    if reads_vectors and not owner.vocab.vectors.shape[0]:
        raise ProcessingError("the language model has no word vectors, which the attribution model reads", model)
    return tagger


def sentence_pieces(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Token range `[start, end)` cut where a sentence starts inside it."""
    pieces = []
    first = start
    for i in range(start + 1, end):
        if doc[i].is_sent_start:
            pieces.append((first, i))
            first = i
    pieces.append((first, end))
    return pieces


def tag_roles(doc: Doc, model: Language | None = None) -> list[RoleSpan]:
    """The role spans of a doc the main pipeline parsed, pieces joined, in text order. `doc` is not changed."""
    return join_pieces(doc, tag_pieces(doc, model))


def tag_pieces(doc: Doc, model: Language | None = None) -> list[RoleSpan]:
    """The tagger's spans as it labels them, CONTINUATION pieces not yet joined, in text order."""
    return tag_batch([doc], model)[0]


def tag_batch(docs: Sequence[Doc], model: Language | None = None) -> list[list[RoleSpan]]:
    """`tag_pieces` for several docs in one pass. The tagger's BiLSTM steps through a document word by word; one
    document at a time, each step is a matrix-vector product, with a batch a matrix product, which is how `extract`
    keeps its speed. The docs are not changed."""
    tagger = model or load_attribution()
    copies = []
    for doc in docs:
        copy = doc.copy()
        copy.set_ents([], default="missing")
        copies.append(copy)
    for _name, component in tagger.pipeline:
        copies = list(component.pipe(copies, batch_size=max(1, len(copies))))  # type: ignore[attr-defined]
    return [[RoleSpan(e.label_, e.start, e.end) for e in copy.ents if e.label_ in LABELS] for copy in copies]


def span_head(doc: Doc, span: RoleSpan) -> Token:
    """The span's syntactic head: its first token whose head lies outside it (or that heads its own sentence)."""
    for token in doc[span.start : span.end]:
        if token.head.i == token.i or not (span.start <= token.head.i < span.end):
            return token
    return doc[span.start]


def join_pieces(doc: Doc, spans: list[RoleSpan]) -> list[RoleSpan]:
    """Every CONTINUATION joined to the content before it when the text between them allows it
    (`_continues`); one that cannot be joined is a content of its own."""
    out: list[RoleSpan] = []
    last_content: int | None = None
    for span in spans:
        if span.label == "CONTINUATION" and last_content is not None:
            head = out[last_content]
            if _continues(doc, head, out[last_content + 1 :], span):
                out[last_content] = RoleSpan("CONTENT", head.start, span.end, head.pieces + 1)
                continue
        if span.label in ("CONTENT", "CONTINUATION"):
            span = RoleSpan("CONTENT", span.start, span.end, span.pieces)
            last_content = len(out)
        out.append(span)
    return out


QUOTES = frozenset('"“”„«»')
# Words other than a cue and its source that may sit between two pieces of a split quote ("..., Cruz said at the
# time. ...", "she added on Twitter").
_GAP_WORDS = 4
_CLOSING_QUOTES = frozenset('"”’»')


def _continues(doc: Doc, head: RoleSpan, between: list[RoleSpan], piece: RoleSpan) -> bool:
    """Whether `piece` goes on the content `head`: either a cue stands between them with little else (a quote split
    by its cue), or nothing but spaces and punctuation does, and a paragraph break only where the first paragraph
    leaves its quotation open (news typography: a quote running on into the next paragraph has no closing mark)."""
    inside = {i for span in between for i in range(span.start, span.end)}
    gap = [doc[i] for i in range(head.end, piece.start) if i not in inside]
    words = [t for t in gap if not (t.is_punct or t.is_space)]
    if any(span.label == "CUE" for span in between):
        return len(words) <= _GAP_WORDS
    if words or between:
        return False
    breaks = [n for n, t in enumerate(gap) if "\n" in t.text]
    if not breaks:
        # Within a paragraph, a quotation mark between the pieces, or one closing the first, ends a quotation: what
        # follows is another statement ('..." O'Malley's move was first reported by ...'), not this one run on.
        return not any(t.text in QUOTES for t in gap) and doc[head.end - 1].text not in QUOTES
    # Only marks before the break can close the first paragraph's quotation; one after it opens the next.
    closing = [t for t in gap[: breaks[0]] if t.text in _CLOSING_QUOTES]
    last_char = doc[head.end - 1].text[-1:]
    return not closing and last_char not in _CLOSING_QUOTES
