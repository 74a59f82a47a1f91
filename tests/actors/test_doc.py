"""Mentions from a spaCy Doc: Docs built by hand with spacy.blank("en"), entities and arcs set explicitly."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from stancemap.actors import Mention, mentions_from_doc, resolve_mentions

NLP = spacy.blank("en")


def make_doc(
    words: list[str],
    ents: dict[int, str],
    arcs: dict[int, tuple[int, str]] | None = None,
    pos: dict[int, str] | None = None,
    no_space_after: tuple[int, ...] = (),
) -> Doc:
    """`ents` maps a token index to an IOB tag ("B-PERSON"); `arcs` maps a token to (head index, dep)."""
    arcs = arcs or {}
    return Doc(
        NLP.vocab,
        words=words,
        spaces=[i not in no_space_after and i < len(words) - 1 for i in range(len(words))],
        heads=[arcs.get(i, (i, ""))[0] for i in range(len(words))],
        deps=[arcs.get(i, (i, "dep"))[1] or "dep" for i in range(len(words))],
        pos=[(pos or {}).get(i, "X") for i in range(len(words))],
        ents=[ents.get(i, "O") for i in range(len(words))],
    )


def test_doc_title_before_person_travels_with_it_and_its_nationality_is_no_mention():
    words = ["French", "President", "Emmanuel", "Macron", "arrived", "."]
    doc = make_doc(words, {0: "B-NORP", 2: "B-PERSON", 3: "I-PERSON"})
    [mention] = mentions_from_doc(doc)
    assert mention == Mention("Emmanuel Macron", "PERSON", 17, 32, title="French President")
    assert doc.text[mention.start : mention.end] == "Emmanuel Macron"


def test_doc_multiword_title_with_country():
    words = ["U.S.", "Secretary", "of", "State", "Ana", "Ruiz", "spoke", "."]
    doc = make_doc(words, {0: "B-GPE", 4: "B-PERSON", 5: "I-PERSON"})
    [mention] = mentions_from_doc(doc)
    assert mention.title == "U.S. Secretary of State" and mention.text == "Ana Ruiz"


def test_doc_nominal_role_mentions():
    words = ["Russia", "'s", "foreign", "minister", "met", "the", "French", "president", "and", "the", "minister", "."]
    doc = make_doc(words, {0: "B-GPE", 6: "B-NORP"}, no_space_after=(0,))
    mentions = mentions_from_doc(doc)
    assert [(x.text, x.label) for x in mentions] == [
        ("Russia's foreign minister", "ROLE"),
        ("the French president", "ROLE"),
        ("the minister", "ROLE"),
    ]


def test_doc_role_before_a_name_is_a_title_not_a_nominal():
    words = ["the", "foreign", "minister", "Ilse", "Varga", "said", "."]
    doc = make_doc(words, {3: "B-PERSON", 4: "I-PERSON"})
    [mention] = mentions_from_doc(doc)
    assert (mention.label, mention.title) == ("PERSON", "foreign minister")


def test_doc_speech_subject_and_nationality_head():
    words = ["Moscow", "said", "Ukrainian", "officials", "lied", "."]
    doc = make_doc(
        words,
        {0: "B-GPE", 2: "B-NORP"},
        arcs={0: (1, "nsubj"), 2: (3, "amod"), 3: (4, "nsubj"), 4: (1, "ccomp")},
        pos={3: "NOUN"},
    )
    moscow, ukrainian = mentions_from_doc(doc)
    assert moscow.speech_subject and not ukrainian.speech_subject
    assert ukrainian.head == "officials"


def test_doc_capital_as_object_is_not_a_speech_subject():
    words = ["Officials", "said", "Moscow", "was", "calm", "."]
    doc = make_doc(words, {2: "B-GPE"}, arcs={0: (1, "nsubj"), 2: (4, "nsubj"), 4: (1, "ccomp")})
    [moscow] = mentions_from_doc(doc)
    assert not moscow.speech_subject


def test_doc_to_actors_end_to_end():
    text = "French President Emmanuel Macron met Russia 's foreign minister . Moscow said the French president erred"
    words = [*text.split(" "), ".", "Macron", "denied", "it", "."]
    ents = {0: "B-NORP", 2: "B-PERSON", 3: "I-PERSON", 5: "B-GPE", 10: "B-GPE", 13: "B-NORP", 17: "B-PERSON"}
    arcs = {10: (11, "nsubj"), 17: (18, "nsubj")}
    doc = make_doc(words, ents, arcs=arcs, no_space_after=(5,))
    resolved = resolve_mentions(mentions_from_doc(doc), "2024-05-01")
    got = [(r.mention.text, r.actor.id if r.actor else None, r.metonym) for r in resolved]
    assert got == [
        ("Emmanuel Macron", "person:emmanuel-macron", False),
        ("Russia's foreign minister", "person:sergey-lavrov", False),
        ("Moscow", "government:RUS", True),
        ("the French president", "person:emmanuel-macron", False),
        ("Macron", "person:emmanuel-macron", False),
    ]


def test_doc_title_across_an_odd_space_token():
    words = ["Gov.", "\xa0", "Mike", "Rivera", "spoke"]
    doc = make_doc(words, {2: "B-PERSON", 3: "I-PERSON"}, no_space_after=(0, 1))
    [mention] = mentions_from_doc(doc)
    assert (mention.text, mention.title) == ("Mike Rivera", "Gov.")
