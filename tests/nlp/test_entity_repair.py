"""The entity-repair rules, each on sentences built token by token (so the input entities are exactly the
recogniser error the rule answers), and the shipped pipeline end to end."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

import stancemap.nlp.registrations  # noqa: F401  (the repair factory)
from stancemap.nlp import load_nlp
from stancemap.nlp.entity_repair import RULES, EntityRepair, repair_entities

TITLES = frozenset({"mr", "president", "senator", "mayor", "secretary", "dr", "major"})
VOCAB = spacy.blank("en").vocab


def make_doc(
    tokens: list[tuple[str, str, str]], glued: frozenset[int] = frozenset(), starts: frozenset[int] = frozenset({0})
) -> Doc:
    """``tokens``: (word, POS, IOB entity tag); ``glued``: indexes of tokens written without a space after;
    ``starts``: indexes of the tokens that open a sentence."""
    words = [word for word, _, _ in tokens]
    spaces = [i not in glued and i < len(words) - 1 for i in range(len(words))]
    sent_starts = [i in starts for i in range(len(words))]
    return Doc(
        VOCAB,
        words=words,
        spaces=spaces,
        pos=[pos for _, pos, _ in tokens],
        ents=[tag for _, _, tag in tokens],
        sent_starts=sent_starts,
    )


def entities(doc: Doc) -> list[tuple[str, str]]:
    return [(span.text, span.label_) for span in repair_entities(doc, TITLES)]


def test_entity_repair_cuts_leading_titles_off_people():
    doc = make_doc(
        [
            ("Mr.", "PROPN", "B-PERSON"),
            ("Jones", "PROPN", "I-PERSON"),
            ("met", "VERB", "O"),
            ("President", "PROPN", "B-PERSON"),
            ("Ana", "PROPN", "I-PERSON"),
            ("Reyes", "PROPN", "I-PERSON"),
            ("and", "CCONJ", "O"),
            ("John", "PROPN", "B-PERSON"),
            ("Major", "PROPN", "I-PERSON"),
            (".", "PUNCT", "O"),
        ]
    )
    # A title word ending the name is part of it: John Major keeps his surname.
    assert entities(doc) == [("Jones", "PERSON"), ("Ana Reyes", "PERSON"), ("John Major", "PERSON")]


def test_entity_repair_drops_a_person_made_only_of_titles():
    doc = make_doc([("Mr.", "PROPN", "B-PERSON"), ("President", "PROPN", "I-PERSON"), ("agreed", "VERB", "O")])
    assert entities(doc) == []


def test_entity_repair_finds_the_person_after_a_title_inside_an_organisation():
    doc = make_doc(
        [
            ("U.S.", "PROPN", "B-ORG"),
            ("Senator", "PROPN", "I-ORG"),
            ("Lena", "PROPN", "I-ORG"),
            ("Okafor", "PROPN", "I-ORG"),
            ("spoke", "VERB", "O"),
            ("at", "ADP", "O"),
            ("General", "PROPN", "B-ORG"),
            ("Dynamics", "PROPN", "I-ORG"),
        ]
    )
    # A title word opening an organisation's name is not a title ('General Dynamics').
    assert entities(doc) == [("Lena Okafor", "PERSON"), ("General Dynamics", "ORG")]


def test_entity_repair_finishes_a_name_cut_after_of():
    doc = make_doc(
        [
            ("She", "PRON", "O"),
            ("taught", "VERB", "O"),
            ("at", "ADP", "O"),
            ("the", "DET", "O"),
            ("University", "PROPN", "B-ORG"),
            ("of", "ADP", "I-ORG"),
            ("Tartu", "PROPN", "B-GPE"),
            ("and", "CCONJ", "O"),
            ("the", "DET", "O"),
            ("Museum", "PROPN", "B-ORG"),
            ("of", "ADP", "I-ORG"),
            ("the", "DET", "I-ORG"),
            ("Baltic", "PROPN", "O"),
            ("Coast", "PROPN", "O"),
            (".", "PUNCT", "O"),
        ]
    )
    assert entities(doc) == [("University of Tartu", "ORG"), ("Museum of the Baltic Coast", "LOC")]


def test_entity_repair_does_not_join_across_a_plain_and():
    """Only a name that itself ends in "and" goes on: two places joined by "and" stay two."""
    doc = make_doc(
        [
            ("Talks", "NOUN", "O"),
            ("in", "ADP", "O"),
            ("Latvia", "PROPN", "B-GPE"),
            ("and", "CCONJ", "O"),
            ("Estonia", "PROPN", "B-GPE"),
            ("ended", "VERB", "O"),
        ]
    )
    assert entities(doc) == [("Latvia", "GPE"), ("Estonia", "GPE")]
    doc = make_doc(
        [
            ("the", "DET", "O"),
            ("Academy", "PROPN", "B-ORG"),
            ("of", "ADP", "I-ORG"),
            ("Arts", "PROPN", "I-ORG"),
            ("and", "CCONJ", "I-ORG"),
            ("Letters", "PROPN", "O"),
            ("voted", "VERB", "O"),
        ]
    )
    assert entities(doc) == [("Academy of Arts and Letters", "ORG")]


def test_entity_repair_place_before_an_institution_head_becomes_the_institution():
    doc = make_doc(
        [
            ("Flights", "NOUN", "O"),
            ("from", "ADP", "O"),
            ("Denver", "PROPN", "B-GPE"),
            ("International", "PROPN", "O"),
            ("Airport", "PROPN", "O"),
            ("to", "ADP", "O"),
            ("the", "DET", "O"),
            ("Vilnius", "PROPN", "B-GPE"),
            ("Conservatory", "PROPN", "O"),
            ("and", "CCONJ", "O"),
            ("Okafor", "PROPN", "B-PERSON"),
            ("Space", "PROPN", "O"),
            ("Center", "PROPN", "O"),
            ("resumed", "VERB", "O"),
        ]
    )
    assert entities(doc) == [
        ("Denver International Airport", "LOC"),
        ("Vilnius Conservatory", "ORG"),
        ("Okafor Space Center", "LOC"),
    ]


def test_entity_repair_a_name_ending_in_a_company_noun_is_the_company():
    doc = make_doc(
        [
            ("Korsa", "PROPN", "B-GPE"),
            ("Minerals", "PROPN", "O"),
            ("and", "CCONJ", "O"),
            ("Harlow", "PROPN", "B-PERSON"),
            ("Holdings", "PROPN", "I-PERSON"),
            ("signed", "VERB", "O"),
        ]
    )
    assert entities(doc) == [("Korsa Minerals", "ORG"), ("Harlow Holdings", "ORG")]


def test_entity_repair_takes_the_heads_of_complement():
    doc = make_doc(
        [
            ("the", "DET", "O"),
            ("Nevada", "PROPN", "B-GPE"),
            ("Court", "PROPN", "O"),
            ("of", "ADP", "O"),
            ("Appeals", "PROPN", "O"),
            ("ruled", "VERB", "O"),
        ]
    )
    assert entities(doc) == [("Nevada Court of Appeals", "ORG")]


def test_entity_repair_place_before_other_capitalised_words_stays_a_place():
    """No head noun, no change: 'Berlin' stays a place before a person's title and name."""
    doc = make_doc(
        [
            ("Berlin", "PROPN", "B-GPE"),
            ("Mayor", "PROPN", "O"),
            ("Ana", "PROPN", "B-PERSON"),
            ("Reyes", "PROPN", "I-PERSON"),
            ("spoke", "VERB", "O"),
        ]
    )
    assert entities(doc) == [("Berlin", "GPE"), ("Ana Reyes", "PERSON")]


def test_entity_repair_keeps_hyphenated_names_whole():
    doc = make_doc(
        [
            ("Kim", "PROPN", "B-PERSON"),
            ("Jung", "PROPN", "I-PERSON"),
            ("-", "PUNCT", "O"),
            ("Ryool", "PROPN", "O"),
            ("and", "CCONJ", "O"),
            ("Italian", "ADJ", "B-NORP"),
            ("-", "PUNCT", "O"),
            ("American", "ADJ", "B-NORP"),
            ("voters", "NOUN", "O"),
            ("met", "VERB", "O"),
            ("in", "ADP", "O"),
            ("Intrepid", "PROPN", "B-ORG"),
            ("Sea-", "PROPN", "I-ORG"),
            ("Air", "PROPN", "O"),
            ("Hall", "PROPN", "O"),
        ],
        glued=frozenset({1, 2, 5, 6, 12}),
    )
    # Two nationalities stay two; a name with a space around its hyphen would not join.
    assert entities(doc) == [
        ("Kim Jung-Ryool", "PERSON"),
        ("Italian", "NORP"),
        ("American", "NORP"),
        ("Intrepid Sea-Air Hall", "LOC"),
    ]


def test_entity_repair_gives_a_lone_first_name_its_surname():
    doc = make_doc(
        [
            ("Councillor", "PROPN", "O"),
            ("Maria", "PROPN", "B-PERSON"),
            ("Esteves", "PROPN", "O"),
            ("met", "VERB", "O"),
            ("Sara", "PROPN", "B-PERSON"),
            ("Ilves", "PROPN", "I-PERSON"),
            ("Monday", "PROPN", "O"),
            ("and", "CCONJ", "O"),
            ("Ines", "PROPN", "B-PERSON"),
            ("Baltic", "PROPN", "O"),
            ("Shipping", "PROPN", "O"),
            ("Lines", "PROPN", "O"),
        ]
    )
    # A full name does not grow; a proper noun that starts a longer capitalised run starts another name.
    assert entities(doc) == [("Maria Esteves", "PERSON"), ("Sara Ilves", "PERSON"), ("Ines", "PERSON")]


def test_entity_repair_stays_inside_the_sentence():
    words = [("Lab", "PROPN", "B-ORG"), ("of", "ADP", "I-ORG"), ("Nature", "PROPN", "O"), ("Talks", "PROPN", "O")]
    doc = Doc(
        VOCAB,
        words=[w for w, _, _ in words],
        pos=[p for _, p, _ in words],
        ents=[e for _, _, e in words],
        sent_starts=[True, False, False, True],
    )
    assert entities(doc) == [("Lab of Nature", "ORG")]


def test_entity_repair_component_sets_doc_ents():
    doc = make_doc([("Mr.", "PROPN", "B-PERSON"), ("Jones", "PROPN", "I-PERSON"), ("left", "VERB", "O")])
    assert [e.text for e in EntityRepair(TITLES)(doc).ents] == ["Jones"]


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def test_entity_repair_in_the_shipped_pipeline(nlp):
    assert nlp.pipe_names[-1] == "entity_repair"
    assert "councillor" in nlp.get_pipe("entity_repair").titles  # the converter's list: see docs/model.md
    assert "senator" in nlp.get_pipe("entity_repair").titles
    doc = nlp("Senator Lena Okafor studied at the University of Copenhagen before she joined the Prague Conservatory.")
    labels = {ent.text: ent.label_ for ent in doc.ents}
    assert labels.get("Lena Okafor") == "PERSON"
    assert labels.get("University of Copenhagen") == "ORG"
    assert "Copenhagen" not in labels
    assert "Senator Lena Okafor" not in labels


def labelled(doc: Doc, rules: tuple[str, ...] = RULES) -> list[tuple[str, str]]:
    return [(span.text, span.label_) for span in repair_entities(doc, TITLES, rules)]


def test_entity_repair_gives_a_name_its_majority_label_in_the_document():
    doc = make_doc(
        [
            ("Ferns", "PROPN", "O"),
            ("grow", "VERB", "O"),
            ("in", "ADP", "O"),
            ("Talvik", "PROPN", "B-GPE"),
            (";", "PUNCT", "O"),
            ("Talvik", "PROPN", "B-PERSON"),
            ("was", "AUX", "O"),
            ("a", "DET", "O"),
            ("town", "NOUN", "O"),
            ("near", "ADP", "O"),
            ("Talvik", "PROPN", "B-GPE"),
            ("harbour", "NOUN", "O"),
            ("and", "CCONJ", "O"),
            ("Talvik", "PROPN", "B-GPE"),
            ("grew", "VERB", "O"),
        ]
    )
    # Two votes against one: the odd mention takes the document's label.
    assert labelled(doc) == [("Talvik", "GPE")] * 4
    assert labelled(doc, tuple(r for r in RULES if r != "relabel"))[1] == ("Talvik", "PERSON")


def test_entity_repair_leaves_a_tie_of_labels_alone():
    doc = make_doc(
        [
            ("Jordan", "PROPN", "B-PERSON"),
            ("left", "VERB", "O"),
            ("for", "ADP", "O"),
            ("Jordan", "PROPN", "B-GPE"),
            (".", "PUNCT", "O"),
        ]
    )
    assert labelled(doc) == [("Jordan", "PERSON"), ("Jordan", "GPE")]


def test_entity_repair_consistency_tags_the_other_mentions_of_a_name():
    doc = make_doc(
        [
            ("Harlow", "PROPN", "B-ORG"),
            ("Steel", "PROPN", "I-ORG"),
            ("cut", "VERB", "O"),
            ("jobs", "NOUN", "O"),
            (",", "PUNCT", "O"),
            ("and", "CCONJ", "O"),
            ("Harlow", "PROPN", "O"),
            ("Steel", "PROPN", "O"),
            ("said", "VERB", "O"),
            ("Harlow", "PROPN", "O"),
            ("Steel", "PROPN", "O"),
            ("Works", "PROPN", "O"),
            ("stays", "VERB", "O"),
        ]
    )
    rules = (*RULES, "consistency")
    # The second mention is tagged; the third is part of a longer name, and stays as the recogniser left it.
    assert labelled(doc, rules) == [("Harlow Steel", "ORG"), ("Harlow Steel", "ORG")]
    assert labelled(doc) == [("Harlow Steel", "ORG")]


def test_entity_repair_consistency_spreads_no_title_head_or_common_word():
    words = [
        ("Senators", "PROPN", "B-NORP"),
        ("met", "VERB", "O"),
        ("Union", "PROPN", "B-ORG"),
        ("leaders", "NOUN", "O"),
        ("East", "PROPN", "B-GPE"),
        ("of", "ADP", "O"),
        ("here", "ADV", "O"),
        (".", "PUNCT", "O"),
        ("Senators", "PROPN", "O"),
        ("and", "CCONJ", "O"),
        ("Union", "PROPN", "O"),
        ("members", "NOUN", "O"),
        ("went", "VERB", "O"),
        ("East", "PROPN", "O"),
        (".", "PUNCT", "O"),
        ("Turkey", "NOUN", "O"),
        ("is", "AUX", "O"),
        ("served", "VERB", "O"),
        ("in", "ADP", "O"),
        ("Turkey", "PROPN", "B-GPE"),
    ]
    doc = make_doc(words, starts=frozenset({0, 8, 15}))
    found = labelled(doc, (*RULES, "consistency"))
    # "senators" is a title's plural, "union" an institution head, "east" a compass word; a one-word mention that
    # opens a sentence spreads only as a proper noun (the bird, not the country).
    assert found == [("Senators", "NORP"), ("Union", "ORG"), ("East", "GPE"), ("Turkey", "GPE")]


def test_entity_repair_short_names_tags_a_surname_after_the_full_name():
    doc = make_doc(
        [
            ("Jane", "PROPN", "B-PERSON"),
            ("Roe", "PROPN", "I-PERSON"),
            ("spoke", "VERB", "O"),
            ("and", "CCONJ", "O"),
            ("Roe", "PROPN", "O"),
            ("smiled", "VERB", "O"),
            ("on", "ADP", "O"),
            ("Roe", "PROPN", "O"),
            ("Street", "PROPN", "O"),
        ]
    )
    assert labelled(doc, (*RULES, "short_names")) == [("Jane Roe", "PERSON"), ("Roe", "PERSON")]
    assert labelled(doc) == [("Jane Roe", "PERSON")]


def test_entity_repair_surname_rule_skips_things_named_after_a_person():
    doc = make_doc(
        [
            ("She", "PRON", "O"),
            ("won", "VERB", "O"),
            ("the", "DET", "O"),
            ("Okafor", "PROPN", "B-PERSON"),
            ("Prize", "PROPN", "O"),
            ("twice", "ADV", "O"),
        ]
    )
    assert labelled(doc) == [("Okafor", "PERSON")]


def test_entity_repair_applies_only_the_rules_asked_for():
    doc = make_doc([("Mr.", "PROPN", "B-PERSON"), ("Jones", "PROPN", "I-PERSON"), ("left", "VERB", "O")])
    assert labelled(doc, ()) == [("Mr. Jones", "PERSON")]
    assert labelled(doc, ("titles",)) == [("Jones", "PERSON")]


def test_entity_repair_factory_refuses_an_unknown_rule():
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="unknown rules"):
        nlp.add_pipe("stancemap_entity_repair_v1", config={"rules": ["titles", "guesswork"]})


def test_entity_repair_shipped_rules():
    repair = load_nlp().get_pipe("entity_repair")
    assert isinstance(repair, EntityRepair)
    assert repair.rules == RULES


def test_entity_repair_names_ending_in_a_landform_are_places():
    doc = make_doc(
        [
            ("Boats", "NOUN", "O"),
            ("crossed", "VERB", "O"),
            ("Velsa", "PROPN", "B-GPE"),
            ("Bay", "PROPN", "O"),
            ("to", "ADP", "O"),
            ("Korrin", "PROPN", "O"),
            ("Island", "PROPN", "O"),
            ("and", "CCONJ", "O"),
            ("Dunmore", "PROPN", "B-ORG"),
            ("Lake", "PROPN", "I-ORG"),
            ("near", "ADP", "O"),
            ("the", "DET", "O"),
            ("Tarn", "PROPN", "O"),
            ("Bay", "PROPN", "O"),
            ("Rovers", "PROPN", "O"),
            ("ground", "NOUN", "O"),
        ]
    )
    # A place before the head grows into it, an untagged name ending in one is tagged, an organisation named by one
    # becomes the place; a head inside a longer run ("Tarn Bay Rovers", a team) is left alone.
    assert labelled(doc) == [("Velsa Bay", "LOC"), ("Korrin Island", "LOC"), ("Dunmore Lake", "LOC")]
    without = labelled(doc, tuple(r for r in RULES if r != "landforms"))
    assert without == [("Velsa", "GPE"), ("Dunmore Lake", "ORG")]


def test_entity_repair_a_landform_head_alone_is_no_place():
    doc = make_doc([("The", "DET", "O"), ("Island", "PROPN", "O"), ("is", "AUX", "O"), ("quiet", "ADJ", "O")])
    assert labelled(doc) == []


def test_entity_repair_untagged_names_after_a_title_are_people():
    doc = make_doc(
        [
            ("Senator", "PROPN", "O"),
            ("Maria", "PROPN", "O"),
            ("Lopez", "PROPN", "O"),
            ("met", "VERB", "O"),
            ("Mayor", "PROPN", "O"),
            ("Okafor", "PROPN", "O"),
            ("on", "ADP", "O"),
            ("Monday", "PROPN", "B-DATE"),
            ("and", "CCONJ", "O"),
            ("the", "DET", "O"),
            ("mayor", "NOUN", "O"),
            ("Tarn", "PROPN", "O"),
            (".", "PUNCT", "O"),
        ]
    )
    # A capitalised title before untagged proper nouns makes them a person; a lower-case role word does not.
    assert labelled(doc) == [("Maria Lopez", "PERSON"), ("Okafor", "PERSON"), ("Monday", "DATE")]
    without = labelled(doc, tuple(r for r in RULES if r != "titled"))
    assert without == [("Monday", "DATE")]


def test_entity_repair_a_titled_run_that_names_a_thing_or_is_tagged_is_left_alone():
    doc = make_doc(
        [
            ("Senator", "PROPN", "O"),
            ("Ruiz", "PROPN", "O"),
            ("Fellowship", "PROPN", "O"),
            ("winners", "NOUN", "O"),
            ("and", "CCONJ", "O"),
            ("President", "PROPN", "O"),
            ("Ana", "PROPN", "B-PERSON"),
            ("Reyes", "PROPN", "I-PERSON"),
            ("and", "CCONJ", "O"),
            ("Major", "PROPN", "B-ORG"),
            ("Tarn", "PROPN", "I-ORG"),
            ("Group", "PROPN", "I-ORG"),
            ("spoke", "VERB", "O"),
        ]
    )
    # A run ending in a thing's noun ("Fellowship") is no name; tagged names keep their own labels.
    assert labelled(doc) == [("Ana Reyes", "PERSON"), ("Major Tarn Group", "ORG")]


def test_pipeline_tags_a_titled_name_the_recogniser_missed():
    doc = load_nlp()("Prime Minister Jane Roe said on Monday that the plan would fail.")
    assert [(e.text, e.label_) for e in doc.ents if e.label_ == "PERSON"] == [("Jane Roe", "PERSON")]
