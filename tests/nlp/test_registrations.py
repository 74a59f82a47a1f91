"""The registered names are part of the model's config: losing one breaks loading the shipped model."""

from __future__ import annotations

from spacy.util import registry

from stancemap.nlp import registrations


def test_registrations_names_snapshot():
    assert registrations.REGISTERED == ("stancemap.news_tokenizer.v1", "stancemap.news_casing.v1")
    assert registry.tokenizers.get("stancemap.news_tokenizer.v1") is registrations.create_news_tokenizer
    assert registry.augmenters.get("stancemap.news_casing.v1") is registrations.create_news_casing


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
