"""The static word vectors in the shipped pipeline's vocab (training/build_vectors.py), which the attribution
tagger reads."""

from __future__ import annotations

import numpy
import pytest
import spacy
from training.build_vectors import WORD, vocabulary

from stancemap.attribution.model import MODEL_DIR, load_attribution
from stancemap.errors import ProcessingError
from stancemap.nlp import load_nlp


def _cosine(a: numpy.ndarray, b: numpy.ndarray) -> float:
    return float(a @ b / (numpy.linalg.norm(a) * numpy.linalg.norm(b)))


def test_vectors_look_a_word_up_in_any_case():
    nlp = load_nlp()
    assert nlp.vocab.vectors.name == "stancemap_minilm_static"
    assert nlp.vocab.vectors.shape[1] == 96
    doc = nlp.make_doc("Talks in Paris. talks in PARIS. talks in paris, McCain said.")
    paris = [t.vector for t in doc if t.lower_ == "paris"]
    assert len(paris) == 3 and paris[0].any()
    assert all(numpy.array_equal(paris[0], v) for v in paris)
    assert all(t.has_vector for t in doc if t.is_alpha)


def test_vectors_place_a_rare_speech_verb_near_a_common_one():
    # What the tagger gains from them: "cautioned" behaves like "warned", not like a verb of buying.
    doc = load_nlp().make_doc("cautioned warned bought")
    cautioned, warned, bought = (t.vector for t in doc)
    assert _cosine(cautioned, warned) > _cosine(cautioned, bought) + 0.1


def test_vectors_vocabulary_gives_one_row_per_word_with_its_spellings():
    rows = vocabulary(["Kyiv", "kyiv", "McCain", "U.S.", "don't", "--", "«", "2024", "1,000", "e-mail"])
    assert list(rows) == ["1,000", "2024", "don't", "e-mail", "kyiv", "mccain", "u.s."]
    assert rows["kyiv"] == {"kyiv", "Kyiv", "KYIV"}
    assert rows["mccain"] == {"mccain", "Mccain", "MCCAIN", "McCain"}
    assert not WORD.match("...")


def test_vectors_attribution_tagger_refuses_a_vocab_without_them():
    blank = spacy.blank("en")
    with pytest.raises(ProcessingError, match="no word vectors"):
        load_attribution(blank, MODEL_DIR)
