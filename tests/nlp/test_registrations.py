"""The registered names are part of the model's config: losing one breaks loading the shipped model."""

from __future__ import annotations

from spacy.util import registry

from stancemap.nlp import registrations


def test_registrations_names_snapshot():
    assert registrations.REGISTERED == (
        "stancemap.news_tokenizer.v1",
        "stancemap.news_casing.v1",
        "stancemap.entity_swap.v1",
        "stancemap_entity_repair_v1",
        "stancemap_sentence_guard_v1",
        "stancemap.bilstm_encoder.v1",
        "stancemap.clause_embed.v1",
    )
    assert registry.augmenters.get("stancemap.entity_swap.v1") is registrations.create_entity_swap
    assert registry.tokenizers.get("stancemap.news_tokenizer.v1") is registrations.create_news_tokenizer
    assert registry.augmenters.get("stancemap.news_casing.v1") is registrations.create_news_casing
    assert registry.factories.get("stancemap_entity_repair_v1") is registrations.create_entity_repair
    assert registry.factories.get("stancemap_sentence_guard_v1") is registrations.create_sentence_guard
    assert registry.architectures.get("stancemap.bilstm_encoder.v1") is registrations.create_bilstm_encoder
    assert registry.architectures.get("stancemap.clause_embed.v1") is registrations.create_clause_embed


def test_registrations_bilstm_encoder_sees_the_whole_document():
    # A CNN of depth 2 and window 1 sees two words either side; the BiLSTM after it carries a change at the first
    # word to the last one, ten words away.
    import numpy

    encoder = registrations.create_bilstm_encoder(
        width=8, window_size=1, maxout_pieces=2, cnn_depth=2, lstm_depth=1, dropout=0.0
    )
    words = numpy.random.default_rng(0).normal(size=(12, 8)).astype("float32")
    encoder.initialize(X=[words])
    changed = words.copy()
    changed[0] += 1.0
    before, after = encoder.predict([words, changed])
    assert before.shape == after.shape == (12, 8)
    assert not numpy.allclose(before[-1], after[-1])


def _parsed(words: list[str], heads: list[int], deps: list[str]):
    import spacy
    from spacy.tokens import Doc

    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)


def test_registrations_clause_edges_mark_where_a_clause_starts_and_ends():
    # "Roe said that fees rose ." with "rose" a ccomp of "said": the ccomp runs from "that" to "rose"; the root's
    # subtree from "Roe" to ".".
    doc = _parsed(
        ["Roe", "said", "that", "fees", "rose", "."],
        [1, 1, 4, 4, 1, 1],
        ["nsubj", "ROOT", "mark", "nsubj", "ccomp", "punct"],
    )
    labels = [tuple(doc.vocab.strings[h] if h else None for h in pair) for pair in registrations.clause_edges(doc)]
    assert labels == [
        ("ROOT", "nsubj"),
        (None, None),
        ("ccomp", "mark"),
        ("nsubj", "nsubj"),
        (None, "ccomp"),
        ("punct", "ROOT"),
    ]


def test_registrations_clause_embed_gives_a_vector_per_word_and_reads_the_parse():
    import numpy
    from spacy.vectors import Vectors

    doc = _parsed(
        ["Roe", "said", "that", "fees", "rose", "."],
        [1, 1, 4, 4, 1, 1],
        ["nsubj", "ROOT", "mark", "nsubj", "ccomp", "punct"],
    )
    doc.vocab.vectors = Vectors(data=numpy.ones((1, 4), dtype="float32"), keys=[doc.vocab.strings.add("Roe")])
    flat = _parsed(
        ["Roe", "said", "that", "fees", "rose", "."],
        [1, 1, 1, 1, 1, 1],
        ["nsubj", "ROOT", "mark", "nsubj", "ccomp", "punct"],
    )
    flat.vocab.vectors = doc.vocab.vectors
    embed = registrations.create_clause_embed(width=8, attrs=["NORM", "DEP"], rows=[50, 20], edge_rows=20)
    embed.initialize(X=[doc])
    nested, other = embed.predict([doc, flat])
    assert nested.shape == other.shape == (6, 8)
    # Same words and labels, other heads: only the clause-edge columns differ, and they change the vectors.
    assert not numpy.allclose(nested, other)


def test_registrations_news_tokenizer_round_trips(tmp_path):
    import spacy

    nlp = spacy.blank("en")
    tokenizer = registrations.create_news_tokenizer()(nlp)
    tokenizer.names = frozenset({"Paris"})
    tokenizer.to_disk(tmp_path / "tokenizer")
    loaded = registrations.create_news_tokenizer()(spacy.blank("en")).from_disk(tmp_path / "tokenizer")
    assert loaded.names == frozenset({"Paris"})
    restored = registrations.create_news_tokenizer()(spacy.blank("en")).from_bytes(tokenizer.to_bytes())
    assert [t.text for t in restored("“in paris”")] == ['"', "in", "Paris", '"']


def test_registrations_casing_augmenter_keeps_annotation():
    import spacy
    from spacy.tokens import Doc
    from spacy.training import Example

    nlp = spacy.blank("en")
    words = ["Talks", "in", "Paris", "ended", "."]
    reference = Doc(
        nlp.vocab, words=words, pos=["NOUN", "ADP", "PROPN", "VERB", "PUNCT"], ents=["O", "O", "B-GPE", "O", ""]
    )
    example = Example(Doc(nlp.vocab, words=words), reference)
    augment = registrations.create_news_casing(whole_doc=0.0, names=1.0, seed=1)
    (variant,) = augment(nlp, example)
    assert [t.text for t in variant.reference] == ["Talks", "in", "paris", "ended", "."]
    assert [(e.text, e.label_) for e in variant.reference.ents] == [("paris", "GPE")]
    assert variant.reference[4].ent_iob_ == ""  # missing stays missing, not 'O'
    lowered = next(iter(registrations.create_news_casing(whole_doc=1.0, names=0.0, seed=1)(nlp, example)))
    assert lowered.reference.text == example.reference.text.lower()


def test_registrations_entity_swap_keeps_one_person_one_name(tmp_path):
    """Names are swapped word for word, so trees and tags stay valid; a person's later surname follows the swap,
    the augmented example keeps the reference's other annotation, and ``then`` runs on the result."""
    import json

    import spacy
    from spacy.tokens import Doc
    from spacy.training import Example

    names = tmp_path / "names.json"
    names.write_text(json.dumps({"PERSON": ["Ana Reyes"], "GPE": ["Velmora"]}), encoding="utf-8")
    nlp = spacy.blank("en")
    words = ["Tomas", "Ardvel", "visited", "Brindale", ".", "Ardvel", "left", "."]
    reference = Doc(
        nlp.vocab,
        words=words,
        pos=["PROPN", "PROPN", "VERB", "PROPN", "PUNCT", "PROPN", "VERB", "PUNCT"],
        lemmas=["Tomas", "Ardvel", "visit", "Brindale", ".", "Ardvel", "leave", "."],
        heads=[1, 2, 2, 2, 2, 6, 6, 6],
        deps=["compound", "nsubj", "ROOT", "obj", "punct", "nsubj", "ROOT", "punct"],
        ents=["B-PERSON", "I-PERSON", "O", "B-GPE", "O", "B-PERSON", "O", "O"],
    )
    example = Example(Doc(nlp.vocab, words=words), reference)
    seen: list[str] = []

    def then(_nlp, ex):
        seen.append(ex.reference.text)
        yield ex

    augment = registrations.create_entity_swap(names=str(names), probability=1.0, seed=1, then=then)
    (variant,) = augment(nlp, example)
    swapped = variant.reference
    assert [t.text for t in swapped] == ["Ana", "Reyes", "visited", "Velmora", ".", "Reyes", "left", "."]
    assert [(e.text, e.label_) for e in swapped.ents] == [
        ("Ana Reyes", "PERSON"),
        ("Velmora", "GPE"),
        ("Reyes", "PERSON"),
    ]
    assert [t.lemma_ for t in swapped][:4] == ["Ana", "Reyes", "visit", "Velmora"]
    assert [t.dep_ for t in swapped] == [t.dep_ for t in reference]
    assert [t.head.i for t in swapped] == [t.head.i for t in reference]
    assert seen == [swapped.text]
    unchanged = registrations.create_entity_swap(names=str(names), probability=0.0, seed=1)
    assert next(iter(unchanged(nlp, example))).reference.text == reference.text
