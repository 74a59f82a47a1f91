"""The sentence guard on sentences built token by token with their tags (so the rule sees exactly those), and the
shipped pipeline, whose parser used to start a sentence inside a speaker's title and name."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from stancemap.nlp import load_nlp
from stancemap.nlp.sentence_guard import SentenceGuard

GUARD = SentenceGuard({"senator", "leader", "spokeswoman", "sen", "gov"})
VOCAB = spacy.blank("en").vocab


def held(doc: Doc) -> list[str]:
    GUARD(doc)
    return [token.text for token in doc if token.is_sent_start is False]


def test_sentence_guard_holds_a_name_together_after_a_title_or_a_noun():
    doc = Doc(VOCAB, words=["Senator", "Maria", "Lopez", "said", "so"], tags=["NNP", "NNP", "NNP", "VBD", "RB"])
    assert held(doc) == ["Maria", "Lopez"]
    # A title the tagger called a common noun, lower-case or capitalised.
    doc = Doc(VOCAB, words=["his", "spokeswoman", "Melezia", "Figueroa"], tags=["PRP$", "NN", "NNP", "NNP"])
    assert held(doc) == ["Melezia", "Figueroa"]
    doc = Doc(VOCAB, words=["Senate", "Majority", "Leader", "Mitch"], tags=["NNP", "NN", "NN", "NNP"])
    assert held(doc) == ["Leader", "Mitch"]
    # A description the title list does not hold: any noun before the name.
    doc = Doc(VOCAB, words=["moderator", "Matt", "Lauer", "asked"], tags=["NN", "NNP", "NNP", "VBD"])
    assert held(doc) == ["Matt", "Lauer"]


def test_sentence_guard_leaves_breaks_after_a_full_stop_unless_it_ends_a_title_abbreviation():
    doc = Doc(VOCAB, words=["in", "the", "U.S.", "Trump", "said"], tags=["IN", "DT", "NNP", "NNP", "VBD"])
    assert held(doc) == []
    doc = Doc(VOCAB, words=["Sen.", "Maria", "Lopez"], tags=["NNP", "NNP", "NNP"])
    assert held(doc) == ["Maria", "Lopez"]


def test_sentence_guard_leaves_breaks_at_line_ends_and_before_other_words():
    # A headline line, then the body: the break after the line (a whitespace token of its own) stays free.
    words = ["Lopez", "Wins", "\n", "Maria", "Lopez", "won"]
    spaces = [True, False, False, True, True, False]
    doc = Doc(VOCAB, words=words, spaces=spaces, tags=["NNP", "NNP", "_SP", "NNP", "NNP", "VBD"])
    assert held(doc) == ["Wins", "Lopez"]
    doc = Doc(VOCAB, words=["met", "Lopez", "It", "rained"], tags=["VBD", "NNP", "PRP", "VBD"])
    assert held(doc) == []


@pytest.mark.parametrize(
    "text, name",
    [
        ("The vote was close. Senator Maria Lopez said on Monday that the plan would fail.", "Maria Lopez"),
        ("The vote was close. Senate Majority Leader Mitch McConnell said so.", "Mitch McConnell"),
    ],
)
def test_pipeline_keeps_a_title_and_name_in_one_sentence(text: str, name: str):
    doc = load_nlp()(text)
    sentences = [sentence.text for sentence in doc.sents]
    assert sentences == ["The vote was close.", text.split(". ", 1)[1]]
    assert (name, "PERSON") in [(entity.text, entity.label_) for entity in doc.ents]
