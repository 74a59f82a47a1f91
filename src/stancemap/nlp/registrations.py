"""stancemap's spaCy registrations, all in one place, under versioned ``stancemap.<name>.v1`` names.

- ``stancemap.news_tokenizer.v1`` (tokenizers): spaCy's English tokenizer behind the same-length news normaliser
  (quotes, lower-cased names). Needs: raw text. Sets: the Doc's words; ``doc.text`` is the normalised text, which has
  the original's length, so character offsets carry over to the original.
- ``stancemap.news_casing.v1`` (augmenters, training only): lower-cases whole examples or just their names, so the
  model copes with text that machine translation lower-cased. Needs: a reference Doc. Sets: nothing (yields
  variants).
- ``stancemap.entity_swap.v1`` (augmenters, training only): puts other names of the same label and length in place
  of an example's entities (one person stays one person through the example), then hands the result to another
  augmenter. Needs: a reference Doc with entities and a names file. Sets: nothing (yields variants).
- ``stancemap_entity_repair_v1`` (a component factory, so underscores: spaCy allows no dots there; the
  ``entity_repair`` pipe after ``ner``): general rules that repair entity spans: titles cut off people, names
  finished after "of" or a hyphen, institutions and facilities named after a place or person, a name's label made
  the same at each of its mentions in the document (``stancemap.nlp.entity_repair``). Needs: entities, POS tags,
  sentences. Sets: ``doc.ents``.
- ``stancemap_sentence_guard_v1`` (a component factory; the ``sentence_guard`` pipe just before ``parser``): marks a
  proper noun right after a noun or a title word on the same line as not starting a sentence, so the parser keeps
  "Senator Maria Lopez" in one sentence (``stancemap.nlp.sentence_guard``). Needs: tags. Sets:
  ``Token.is_sent_start`` (False only).
- ``stancemap.bilstm_encoder.v1`` (architectures): a tok2vec encoder, a maxout window CNN then a bidirectional LSTM
  added to it (residual), so each word's vector sees the whole document, not only a few words around it. Thinc's
  own LSTM, which runs on numpy: no torch. Used by the attribution tagger, whose spans (contents, median 13 words)
  are longer than a CNN's window.
- ``stancemap.clause_embed.v1`` (architectures): spaCy's MultiHashEmbed (hashed word attributes and the static
  vectors, mixed by a maxout layer) with two more columns from the parse: at each word, the dependency label of the
  largest subtree that starts there and of the largest that ends there. Those are clause edges ("that" opening a
  ccomp, the last word of one), which a word's own label does not show and which a content's edges follow. Needs:
  heads and dependency labels. Used by the attribution tagger.

Importing this module registers them; ``stancemap.nlp.load_nlp`` does that before loading the model, and
``spacy train --code src/stancemap/nlp/registrations.py`` does it for training.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, cast

import numpy
import srsly
from spacy.language import Language
from spacy.ml.featureextractor import FeatureExtractor
from spacy.ml.models.tok2vec import MaxoutWindowEncoder
from spacy.ml.staticvectors import StaticVectors
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.training import Example
from spacy.training.iob_utils import doc_to_biluo_tags
from spacy.util import registry
from thinc.api import (
    LSTM,
    HashEmbed,
    Maxout,
    Model,
    chain,
    concatenate,
    list2ragged,
    ragged2list,
    residual,
    with_array,
    with_padded,
)
from thinc.types import Floats2d, Ints2d, Ragged

from stancemap.nlp.entity_repair import OPTIONAL_RULES, RULES, EntityRepair
from stancemap.nlp.normalize import normalise
from stancemap.nlp.sentence_guard import SentenceGuard

REGISTERED = (
    "stancemap.news_tokenizer.v1",
    "stancemap.news_casing.v1",
    "stancemap.entity_swap.v1",
    "stancemap_entity_repair_v1",
    "stancemap_sentence_guard_v1",
    "stancemap.bilstm_encoder.v1",
    "stancemap.clause_embed.v1",
)
NAMES_FILE = "proper_names.txt"


class NewsTokenizer:
    """Normalise (same length), then tokenize with spaCy's rules. Saves its name list beside the rules."""

    def __init__(self, tokenizer: Tokenizer, names: Iterable[str] = ()) -> None:
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab
        self.names = frozenset(names)

    def __call__(self, text: str) -> Doc:
        return self.tokenizer(normalise(text, self.names))

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]] | None = None,
        *,
        nlp: Language | None = None,
        names: str = "",
    ) -> None:
        """``names``: a file with one capitalised name per line (written by training/convert.py)."""
        if names:
            self.names = frozenset(line.strip() for line in Path(names).read_text(encoding="utf-8").splitlines())
            self.names -= {""}

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        data = {"rules": self.tokenizer.to_bytes(exclude=exclude), "names": sorted(self.names)}
        return srsly.msgpack_dumps(data)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> NewsTokenizer:
        msg = srsly.msgpack_loads(data)
        self.tokenizer.from_bytes(msg["rules"], exclude=exclude)
        self.names = frozenset(msg["names"])
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.tokenizer.to_disk(path / "rules", exclude=exclude)
        (path / NAMES_FILE).write_text("".join(name + "\n" for name in sorted(self.names)), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> NewsTokenizer:
        path = Path(path)
        self.tokenizer.from_disk(path / "rules", exclude=exclude)
        self.names = frozenset(line for line in (path / NAMES_FILE).read_text(encoding="utf-8").splitlines() if line)
        return self


@registry.tokenizers("stancemap.news_tokenizer.v1")
def create_news_tokenizer() -> Callable[[Language], NewsTokenizer]:
    spacy_tokenizer = registry.tokenizers.get("spacy.Tokenizer.v1")()

    def make(nlp: Language) -> NewsTokenizer:
        return NewsTokenizer(spacy_tokenizer(nlp))

    return make


def _variant(
    nlp: Language, example: Example, rewrite: Callable[[int, str], str], *, new_lemmas: bool = False
) -> Example:
    """The example with some words rewritten (lower-cased, or other names); every annotation kept, missing NER kept
    missing. ``new_lemmas``: a rewritten word is its own lemma (names are)."""
    reference = example.reference
    words = [rewrite(i, token.text) for i, token in enumerate(reference)]
    entities = doc_to_biluo_tags(reference, missing="-")
    for i, token in enumerate(reference):
        if token.ent_iob == 2:
            entities[i] = "O"
    data: dict[str, Any] = example.to_dict()
    data["doc_annotation"]["entities"] = entities
    data["token_annotation"]["ORTH"] = words
    if new_lemmas and data["token_annotation"].get("LEMMA"):
        lemmas = data["token_annotation"]["LEMMA"]
        data["token_annotation"]["LEMMA"] = [
            new if new != token.text else lemma for new, token, lemma in zip(words, reference, lemmas, strict=True)
        ]
    doc = Doc(nlp.vocab, words=words, spaces=[bool(token.whitespace_) for token in reference])
    return Example.from_dict(doc, data)


@registry.augmenters("stancemap.news_casing.v1")
def create_news_casing(whole_doc: float, names: float, seed: int) -> Callable[[Language, Example], Iterator[Example]]:
    """With probability ``whole_doc`` an example is lower-cased entirely; else with probability ``names`` its
    proper nouns and entity words are. Its own seeded generator keeps runs repeatable."""
    rng = random.Random(seed)

    def augment(nlp: Language, example: Example) -> Iterator[Example]:
        draw = rng.random()
        if draw < whole_doc:
            yield _variant(nlp, example, lambda _i, text: text.lower())
        elif draw < whole_doc + names:
            reference = example.reference
            targets = {i for i, token in enumerate(reference) if token.pos_ == "PROPN" or token.ent_type_}
            yield _variant(nlp, example, lambda i, text: text.lower() if i in targets else text)
        else:
            yield example

    return augment


def name_pools(path: str | Path) -> dict[str, dict[int, list[tuple[str, ...]]]]:
    """``{label: {word count: [names as word tuples]}}`` from a file of ``{label: ["First Last", ...]}``; a person's
    surname also fills one-word person slots ("Bolden" alone)."""
    pools: dict[str, dict[int, list[tuple[str, ...]]]] = {}
    for label, names in srsly.read_json(path).items():
        by_length: dict[int, set[tuple[str, ...]]] = {}
        for name in names:
            words = tuple(name.split())
            by_length.setdefault(len(words), set()).add(words)
            if label == "PERSON" and len(words) > 1:
                by_length.setdefault(1, set()).add(words[-1:])
        pools[label] = {n: sorted(group) for n, group in by_length.items()}
    return pools


def swap_entities(
    example: Example, pools: dict[str, dict[int, list[tuple[str, ...]]]], rng: random.Random
) -> dict[int, str]:
    """New words for the tokens of the example's entities: each entity gets a name of its label with as many words.
    A person's words map word by word through the whole example, so "Charles Bolden" ... "Bolden" becomes "Ana
    Reyes" ... "Reyes"; other entities map by their whole text."""
    person_words: dict[str, str] = {}
    whole_names: dict[tuple[str, str], tuple[str, ...]] = {}
    new_words: dict[int, str] = {}
    for ent in example.reference.ents:
        candidates = pools.get(ent.label_, {}).get(len(ent))
        if not candidates:
            continue
        old = [token.text for token in ent]
        if ent.label_ == "PERSON":
            if not all(word in person_words for word in old):
                for word, new in zip(old, rng.choice(candidates), strict=True):
                    person_words.setdefault(word, new)
            replacement = tuple(person_words[word] for word in old)
        else:
            replacement = whole_names.setdefault((ent.label_, ent.text), rng.choice(candidates))
        for token, new in zip(ent, replacement, strict=True):
            new_words[token.i] = new
    return new_words


@registry.augmenters("stancemap.entity_swap.v1")
def create_entity_swap(
    names: str, probability: float, seed: int, then: Callable[[Language, Example], Iterator[Example]] | None = None
) -> Callable[[Language, Example], Iterator[Example]]:
    """With probability ``probability`` an example's entities are replaced by other names of the same label from
    ``names`` (written by training/convert.py: the training entities and the actor knowledge file's names), so the
    recogniser learns names from their context rather than memorising the few that the treebanks repeat. Trees,
    tags and morphology stay valid: each name has as many words as the one it replaces. ``then`` (for example
    ``stancemap.news_casing.v1``) augments the result further."""
    pools = name_pools(names)
    rng = random.Random(seed)

    def augment(nlp: Language, example: Example) -> Iterator[Example]:
        if example.reference.has_annotation("ENT_IOB") and rng.random() < probability:
            new_words = swap_entities(example, pools, rng)
            if new_words:
                example = _variant(nlp, example, lambda i, text: new_words.get(i, text), new_lemmas=True)
        if then is None:
            yield example
        else:
            yield from then(nlp, example)

    return augment


@Language.factory("stancemap_entity_repair_v1", default_config={"titles": [], "rules": list(RULES)})
def create_entity_repair(nlp: Language, name: str, titles: list[str], rules: list[str]) -> EntityRepair:
    """``titles``: the lower-case title and role words cut off the front of a PERSON; ``training/train.py`` passes
    the converter's list, so the component cuts what the training gold leaves out of names. ``rules``: the rules
    of ``stancemap.nlp.entity_repair`` to apply, by name (``RULES`` and ``OPTIONAL_RULES`` there)."""
    unknown = sorted(set(rules) - set(RULES) - set(OPTIONAL_RULES))
    if unknown:
        raise ValueError(f"entity_repair: unknown rules {unknown}")
    return EntityRepair(titles, rules)


@Language.factory("stancemap_sentence_guard_v1", default_config={"titles": []})
def create_sentence_guard(nlp: Language, name: str, titles: list[str]) -> SentenceGuard:
    """``titles``: the lower-case title and role words a name may follow; ``training/train.py`` passes the
    converter's list (the one the entity repair cuts off names)."""
    return SentenceGuard(titles)


@registry.architectures("stancemap.bilstm_encoder.v1")
def create_bilstm_encoder(
    width: int, window_size: int, maxout_pieces: int, cnn_depth: int, lstm_depth: int, dropout: float
) -> Model[list[Floats2d], list[Floats2d]]:
    """CNN (local word shape and neighbours) then a residual BiLSTM of the same width (each direction width / 2)."""
    cnn = MaxoutWindowEncoder(width=width, window_size=window_size, maxout_pieces=maxout_pieces, depth=cnn_depth)
    lstm: Model[list[Floats2d], list[Floats2d]] = with_padded(
        LSTM(width, width, bi=True, depth=lstm_depth, dropout=dropout)
    )
    model: Model[list[Floats2d], list[Floats2d]] = chain(cnn, residual(lstm))
    model.set_dim("nO", width)
    return model


def clause_edges(doc: Doc) -> list[tuple[int, int]]:
    """Per word: the dependency label (its hash) of the largest subtree starting at it and of the largest ending at
    it, 0 where none does. Ties go to the first token seen; the sentence root's subtree is one of them."""
    starts = [(0, 0)] * len(doc)
    ends = [(0, 0)] * len(doc)
    for token in doc:
        first, last = token.left_edge.i, token.right_edge.i
        size = last - first + 1
        if size > starts[first][0]:
            starts[first] = (size, token.dep)
        if size > ends[last][0]:
            ends[last] = (size, token.dep)
    return [(start[1], end[1]) for start, end in zip(starts, ends, strict=True)]


def _clause_forward(model: Model[list[Doc], list[Ints2d]], docs: list[Doc], is_train: bool) -> tuple[list[Ints2d], Any]:
    """`clause_edges` of each doc as the uint64 ids a HashEmbed reads (an empty doc gives shape (0, 2))."""
    ids = [numpy.asarray(clause_edges(doc), dtype="uint64").reshape((-1, 2)) for doc in docs]
    return [model.ops.asarray2i(cast(Ints2d, a), dtype="uint64") for a in ids], lambda _gradients: []


@registry.architectures("stancemap.clause_embed.v1")
def create_clause_embed(
    width: int, attrs: list[str], rows: list[int], edge_rows: int
) -> Model[list[Doc], list[Floats2d]]:
    """MultiHashEmbed with static vectors (spaCy's layout: one hash table per attribute, the vectors projected to
    `width`, a maxout over their concatenation), plus two tables for `clause_edges`' columns."""
    if len(rows) != len(attrs):
        raise ValueError(f"{len(attrs)} attrs but {len(rows)} rows")
    tables: list[Model[Ints2d, Floats2d]] = [
        HashEmbed(width, n, column=i, seed=8 + i, dropout=0.0) for i, n in enumerate(rows)
    ]
    edges: list[Model[Ints2d, Floats2d]] = [
        HashEmbed(width, edge_rows, column=i, seed=100 + i, dropout=0.0) for i in range(2)
    ]
    words: Model[list[Doc], Ragged] = chain(FeatureExtractor(attrs), list2ragged(), with_array(concatenate(*tables)))
    clauses: Model[list[Doc], Ragged] = chain(
        Model("clause_edges", _clause_forward), list2ragged(), with_array(concatenate(*edges))
    )
    mixed = width * (len(tables) + len(edges) + 1)
    model: Model[list[Doc], list[Floats2d]] = chain(
        concatenate(words, clauses, StaticVectors(width, dropout=0.0)),
        with_array(Maxout(width, mixed, nP=3, dropout=0.0, normalize=True)),
        ragged2list(),
    )
    return model
