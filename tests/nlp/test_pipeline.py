"""The shipped pipeline on news quirks: it loads once, keeps offsets, and copes with quotes, lower-cased names and
very long sentences."""

from __future__ import annotations

import pytest

from stancemap.errors import InputError
from stancemap.nlp import MAX_CHARS, MODEL_DIR, load_nlp, parse


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def test_pipeline_loads_once_per_process(nlp):
    assert load_nlp() is nlp
    assert nlp.pipe_names == [
        "tok2vec",
        "tagger",
        "morphologizer",
        "sentence_guard",
        "parser",
        "trainable_lemmatizer",
        "place_names",
        "ner",
        "entity_repair",
    ]
    assert nlp.max_length == MAX_CHARS
    assert (MODEL_DIR / "meta.json").is_file()


def test_pipeline_curly_and_angle_quotes_are_separate_tokens(nlp):
    text = "“We will not sign,” said Mara Velden. «Never», she added, ‘not today’."
    doc = nlp(text)
    assert len(doc.text) == len(text)
    for token in doc:
        assert text[token.idx : token.idx + len(token)].translate(str.maketrans("“”«»‘’", '""""\'\'')) == token.text
    assert [t.text for t in doc[:4]] == ['"', "We", "will", "not"]
    assert '"' in [t.text for t in doc[8:12]]
    assert any(ent.text == "Mara Velden" and ent.label_ == "PERSON" for ent in doc.ents)


def test_pipeline_stray_and_mismatched_quotes(nlp):
    doc = nlp('The minister said "the deal is dead. Talks resume on Monday, officials said.')
    assert [t.text for t in doc[3:5]] == ['"', "the"]
    assert len(list(doc.sents)) == 2
    doc = nlp('“It is over" he said, ‘finally.”')
    assert [t.text for t in doc][:2] == ['"', "It"]
    assert [t.text for t in doc][-3:] == ["finally", ".", '"']


def test_pipeline_lower_cased_place_names(nlp):
    doc = nlp("The talks in paris ended on Monday and the delegation flew to berlin.")
    places = {ent.text: ent.label_ for ent in doc.ents}
    assert places.get("Paris") == "GPE"
    assert places.get("Berlin") == "GPE"
    assert doc.text[13:18] == "Paris"


def test_pipeline_tags_lemmas_and_tree(nlp):
    doc = nlp("The ministers said they were leaving.")
    said = doc[2]
    assert said.lemma_ == "say" and said.tag_ == "VBD" and said.pos_ == "VERB"
    assert said.dep_ == "ROOT"
    assert doc[1].lemma_ == "minister" and doc[1].head.i == said.i and doc[1].dep_ == "nsubj"


@pytest.mark.slow
def test_pipeline_five_hundred_token_sentence(nlp):
    clause = "the council, which met in the old hall with the mayor and her deputies"
    text = "Officials said that " + " and that ".join([clause] * 34) + " agreed."
    doc = nlp(text)
    assert len(doc) >= 500
    assert all(token.head.i >= 0 for token in doc)
    roots = [token for token in doc if token.dep_ == "ROOT"]
    assert len(roots) == len(list(doc.sents))


def test_pipeline_refuses_over_long_text_with_one_line_error():
    with pytest.raises(InputError) as error:
        parse("word " * (MAX_CHARS // 5 + 1), origin="big.txt")
    assert "big.txt" in str(error.value) and "characters" in str(error.value)
    assert "\n" not in str(error.value)
