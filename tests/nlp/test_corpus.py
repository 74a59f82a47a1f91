"""The converter's mapping of GUM's entity layer and UNER's tags onto our labels (training/corpus.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from spacy.vocab import Vocab

from conftest import ROOT

sys.path.insert(0, str(ROOT))

from training.convert import place_patterns
from training.corpus import (
    Gazetteer,
    Sentence,
    Word,
    gum_entity_tags,
    make_doc,
    person_name,
    read_conllu,
    uner_label_for_eval,
    uner_to_ours,
)

GAZ = Gazetteer(countries=frozenset({"ukraine"}), capitals=frozenset({"kyiv"}), demonyms=frozenset({"ukrainian"}))


def _entities(fixtures: Path) -> dict[str, str]:
    sentences = list(read_conllu(fixtures / "nlp" / "fictional_gum.conllu"))
    doc = make_doc(Vocab(), sentences, gum_entity_tags(sentences, GAZ))
    return {ent.text: ent.label_ for ent in doc.ents}


def test_corpus_gum_types_become_news_labels(fixtures: Path):
    entities = _entities(fixtures)
    assert entities["Brindale"] == "GPE"  # a town linked to 'Brindale, Ontario'
    assert entities["Harbour Workers Union"] == "ORG"  # 'the' left out of the name
    assert entities["Lake Ardvel"] == "LOC"  # a natural place, not a political unit
    assert entities["Ukrainian"] == "NORP"
    assert entities["Republican"] == "NORP"


def test_corpus_person_names_do_not_swallow_their_places(fixtures: Path):
    people = [text for text, label in _entities(fixtures).items() if label == "PERSON"]
    assert len(people) == 1
    assert "Lena Okafor" in people[0]
    assert "Brindale" not in people[0]


def test_corpus_read_conllu_keeps_spacing_and_trees(fixtures: Path):
    (sentence,) = read_conllu(fixtures / "nlp" / "fictional_gum.conllu")
    doc = make_doc(Vocab(), [sentence])
    assert doc.text.endswith("at Lake Ardvel.")
    assert doc[5].text == "told" and doc[5].dep_ == "ROOT"
    assert doc[2].head.text == "told" and doc[2].dep_ == "nsubj"


def _word(form: str, upos: str = "PROPN") -> Word:
    return Word(form, form, upos, "NNP", "_", 0, "root", True, "_")


def test_corpus_uner_loc_split_or_left_missing():
    words = [_word(w) for w in ["Kyiv", "and", "Zorbland", "and", "Ukrainian", "Ana"]]
    tags = ["B-LOC", "O", "B-LOC", "O", "O", "B-PER"]
    mapped = uner_to_ours(words, tags, GAZ, known={})
    assert mapped[0] == "B-GPE"  # a capital: a GPE
    assert mapped[2] == ""  # unknown place: neither GPE nor LOC can be claimed, so missing
    assert mapped[4] == ""  # UNER does not tag nationalities: its 'O' cannot be trusted there
    assert mapped[5] == "B-PERSON"
    assert mapped[1] == "O"


def test_corpus_uner_eval_labels():
    assert [uner_label_for_eval(label) for label in ("PERSON", "ORG", "GPE", "LOC", "NORP")] == [
        "PER",
        "ORG",
        "LOC",
        "LOC",
        None,
    ]


def test_corpus_name_inside_a_common_noun_mention_is_the_entity(fixtures: Path):
    """GUM mentions headed by a title ('the veteran critic Marta Velkova', 'Orvel coach Ilse Brandt') carry the
    person's name in apposition or as flat parts; the name is the entity. A name merely attached to the head ('the
    mayor of Brindale') is another entity, and a group named by its nationality is NORP, not PERSON."""
    sentences = list(read_conllu(fixtures / "nlp" / "fictional_gum_titles.conllu"))
    doc = make_doc(Vocab(), sentences, gum_entity_tags(sentences, GAZ))
    entities = [(ent.text, ent.label_) for ent in doc.ents]
    assert entities == [
        ("Marta Velkova", "PERSON"),
        ("Brindale", "GPE"),
        ("Orvel", "ORG"),
        ("Ilse Brandt", "PERSON"),
        ("Ukrainian", "NORP"),
    ]


def _span(forms: list[str]) -> list[Word]:
    return [_word(form) for form in forms]


def test_corpus_person_name_leaves_titles_out():
    """GUM's person mentions include the titles before a name; NER marks the name only, and a mention made of a
    title or role alone ('the Petitioner', 'Mr. President') names nobody."""
    words = _span(["Fisheries", "Minister", "Tomas", "Ardvel"])
    assert person_name(words, 0, 4) == (2, 4)
    words = _span(["Mr.", "Okafor"])
    assert person_name(words, 0, 2) == (1, 2)
    assert person_name(_span(["Petitioner"]), 0, 1) is None
    assert person_name(_span(["Mr.", "President"]), 0, 2) is None
    assert person_name(_span(["Lena", "Okafor"]), 0, 2) == (0, 2)


def test_corpus_person_name_drops_pronunciation_guides():
    assert person_name(_span(["ˈlɛna", "ɔˈkafɔr"]), 0, 2) is None
    assert person_name(_span(["LEN-a", "(oh)", "KAF-or"]), 0, 3) is None


def test_corpus_place_patterns_leave_out_common_words():
    """Known places become ruler patterns, except names the training text uses as ordinary lower-case words."""
    sentence = Sentence("s1", "d1", [_word("paris", "NOUN"), _word("Lima")])
    patterns = {row["pattern"]: row["label"] for row in place_patterns([sentence], GAZ)}
    assert patterns["Lima"] == "GPE"
    assert patterns["Copenhagen"] == "GPE"
    assert "Paris" not in patterns  # 'paris' is a lower-case word of this (fictional) training text
    assert "Victoria" not in patterns  # a first name of people in the knowledge file, and no capital
    assert all(len(name) >= 3 and name[:1].isupper() for name in patterns)
