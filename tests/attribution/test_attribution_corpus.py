"""The PolNeAR parse cache of the attribution tagger's training is tied to the pipeline that parsed it."""

from __future__ import annotations

import sys

import spacy
from spacy.training import Example

from conftest import ROOT

sys.path.insert(0, str(ROOT))

from training.attribution_corpus import pipeline_fingerprint


def _tagged_pipeline(seed: int) -> spacy.language.Language:
    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank("en")
    nlp.add_pipe("tagger")
    words = ["Okafor", "said", "no", "."]
    reference = spacy.tokens.Doc(nlp.vocab, words=words, tags=["NNP", "VBD", "UH", "."])
    nlp.initialize(lambda: [Example(nlp.make_doc(" ".join(words)), reference)])
    return nlp


def test_attribution_corpus_fingerprint_follows_the_weights():
    first = _tagged_pipeline(1)
    assert pipeline_fingerprint(first) == pipeline_fingerprint(first)
    assert len(pipeline_fingerprint(first)) == 10
    assert pipeline_fingerprint(first) != pipeline_fingerprint(_tagged_pipeline(2))
